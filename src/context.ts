/**
 * Event → {@link RunContext}: the single place that knows webhook payload
 * shapes. Everything else asks "which commit, which pull request, may we
 * write?" through this object.
 *
 * - Head SHA: on pull-request events `pull_request.head.sha`, never
 *   `GITHUB_SHA` (the synthetic merge commit, on which a check run would not
 *   show on the PR); on `workflow_run` the triggering run's `head_sha`;
 *   otherwise `GITHUB_SHA`.
 * - Fork: the head repository differs from the base repository, or was
 *   deleted (`head.repo` null).
 * - Write access: `pull_request` from a fork and anything triggered by
 *   Dependabot get a read-only `GITHUB_TOKEN` (GitHub docs,
 *   "GITHUB_TOKEN" reference, and the Dependabot note: such runs "run as if
 *   they are from a forked repository").
 * - Events that act on a pull request without carrying it (`issue_comment`
 *   on a pull request): the head is unknown from the payload, so the run is
 *   treated as coming from a fork until {@link resolvePullRequest} has
 *   fetched the pull request and found its head in the base repository.
 */
import { existsSync, readFileSync } from 'node:fs'

/** What the action needs to know about the event that started it. */
export interface RunContext {
  eventName: string
  owner: string
  repo: string
  /** Commit the audit is about: PR head, never the merge commit. */
  headSha: string
  /** Pull request number, or null (push, schedule, dispatch…). */
  prNumber: number | null
  /** Base commit of the pull request (`pull_request.base.sha`), or null. */
  baseSha: string | null
  /** The change comes from another repository (fork PR). */
  isFork: boolean
  /** The run was triggered by Dependabot. */
  isDependabot: boolean
  /** The workflow token may write checks and comments. */
  canWrite: boolean
  /** e.g. `https://github.com`. */
  serverUrl: string
  /** e.g. `https://api.github.com`. */
  apiUrl: string
  /** Link to this workflow run, when known. */
  runUrl: string | null
  /** Directory the repository is checked out in. */
  workspace: string
  /**
   * Pull request the event acts on without carrying it (an `issue_comment` on
   * a pull request): until resolved, {@link isFork} is true. Null otherwise.
   */
  unresolvedPr: number | null
  /** Why {@link isFork} is true when it is not known from the payload, for notices. */
  forkReason?: string
}

/** Events whose payload carries a `pull_request` object. */
const PULL_REQUEST_EVENTS = new Set([
  'pull_request',
  'pull_request_target',
  'pull_request_review',
  'pull_request_review_comment'
])

/**
 * Events that get a write token even for fork pull requests: they run the
 * base repository's workflow (unless Dependabot triggered them).
 */
const BASE_CONTEXT_EVENTS = new Set(['pull_request_target', 'workflow_run', 'issue_comment'])

const DEPENDABOT = 'dependabot[bot]'

type Env = Readonly<Record<string, string | undefined>>

/** Reads the run context from the runner's environment and event file. */
export function getRunContext(env: Env = process.env): RunContext {
  const path = env.GITHUB_EVENT_PATH
  let payload: unknown = {}
  if (path && existsSync(path)) {
    payload = JSON.parse(readFileSync(path, 'utf8')) as unknown
  }
  return buildRunContext(env.GITHUB_EVENT_NAME ?? '', payload, env)
}

/** Builds the context from an event name, its payload and the environment. */
export function buildRunContext(eventName: string, payload: unknown, env: Env): RunContext {
  const event = asObject(payload)
  const repository = asObject(event.repository)
  const baseFullName = str(repository.full_name) ?? env.GITHUB_REPOSITORY ?? ''
  const [owner = '', repo = ''] = (env.GITHUB_REPOSITORY ?? baseFullName).split('/')

  let headSha = env.GITHUB_SHA ?? ''
  let prNumber: number | null = null
  let baseSha: string | null = null
  let isFork = false
  const pr = asObject(event.pull_request)
  if (PULL_REQUEST_EVENTS.has(eventName) && event.pull_request) {
    const head = asObject(pr.head)
    headSha = str(head.sha) ?? headSha
    prNumber = num(pr.number)
    baseSha = str(asObject(pr.base).sha) ?? null
    const headRepo = head.repo ? asObject(head.repo) : null
    isFork = headRepo === null || str(headRepo.full_name) !== baseFullName
  } else if (eventName === 'workflow_run' && event.workflow_run) {
    const run = asObject(event.workflow_run)
    headSha = str(run.head_sha) ?? headSha
    const headRepo = run.head_repository ? asObject(run.head_repository) : null
    isFork = headRepo === null || str(headRepo.full_name) !== baseFullName
    // Empty for fork pull requests (actions/runner#3444).
    const prs = Array.isArray(run.pull_requests) ? run.pull_requests : []
    prNumber = prs.length > 0 ? num(asObject(prs[0]).number) : null
  }
  let unresolvedPr: number | null = null
  let forkReason: string | undefined
  const issue = asObject(event.issue)
  if (eventName === 'issue_comment' && issue.pull_request) {
    // A comment on a pull request: its head (maybe a fork) is not in the payload.
    unresolvedPr = num(issue.number)
    isFork = true
    forkReason = `pull request #${unresolvedPr ?? '?'} has not been looked up and is treated as coming from a fork`
  }

  // GITHUB_ACTOR stays `dependabot[bot]` when a person re-runs the job.
  const actor = env.GITHUB_ACTOR || str(asObject(event.sender).login) || ''
  const isDependabot = actor === DEPENDABOT
  const canWrite = !isDependabot && !(isFork && !BASE_CONTEXT_EVENTS.has(eventName))

  const serverUrl = (env.GITHUB_SERVER_URL || 'https://github.com').replace(/\/+$/, '')
  const runId = env.GITHUB_RUN_ID
  return {
    eventName,
    owner,
    repo,
    headSha,
    prNumber,
    baseSha,
    isFork,
    isDependabot,
    canWrite,
    serverUrl,
    apiUrl: (env.GITHUB_API_URL || 'https://api.github.com').replace(/\/+$/, ''),
    runUrl: runId && owner && repo ? `${serverUrl}/${owner}/${repo}/actions/runs/${runId}` : null,
    workspace: env.GITHUB_WORKSPACE || process.cwd(),
    unresolvedPr,
    ...(forkReason ? { forkReason } : {})
  }
}

/** Fetches a pull request by number (`pulls.get`); rejects when it cannot. */
export type GetPullRequest = (n: number) => Promise<unknown>

/**
 * Learns whether the pull request behind an event that does not carry it
 * comes from a fork. When it cannot be fetched, the run stays untrusted
 * (`isFork` true) and {@link RunContext.forkReason} says why.
 */
export async function resolvePullRequest(ctx: RunContext, getPull: GetPullRequest): Promise<RunContext> {
  const n = ctx.unresolvedPr
  if (n === null) return ctx
  let pr: Record<string, unknown>
  try {
    pr = asObject(await getPull(n))
  } catch (error) {
    const status = (error as { status?: unknown }).status
    const why = typeof status === 'number' ? `HTTP ${status}` : error instanceof Error ? error.message : String(error)
    return {
      ...ctx,
      isFork: true,
      forkReason: `pull request #${n} could not be looked up (${why.slice(0, 120)}) and is treated as coming from a fork`
    }
  }
  const head = asObject(pr.head)
  const headRepo = head.repo ? asObject(head.repo) : null
  const base = str(asObject(asObject(pr.base).repo).full_name) ?? `${ctx.owner}/${ctx.repo}`
  const isFork = headRepo === null || str(headRepo.full_name) !== base
  const { forkReason: _, ...rest } = ctx
  return {
    ...rest,
    isFork,
    unresolvedPr: null,
    ...(isFork ? { forkReason: `pull request #${n} comes from ${headRepo ? 'a fork' : 'a deleted repository'}` } : {})
  }
}

/** Variables that hold credentials the action has no further use for once its inputs are read. */
const SECRET_VARIABLES = [
  'INPUT_TOKEN',
  'GITHUB_TOKEN',
  'GH_TOKEN',
  'ACTIONS_RUNTIME_TOKEN',
  'ACTIONS_ID_TOKEN_REQUEST_TOKEN',
  'ACTIONS_ID_TOKEN_REQUEST_URL'
]

/**
 * Removes the workflow token and the runner's credentials from this process's
 * environment (the caller keeps the token in a variable), so that nothing this
 * process starts inherits them. Variables holding the token under another name
 * go too. Returns the names removed. (The kernel's copy of the initial
 * environment in `/proc/self/environ` is not changed by this: hooks are kept
 * from reading it by the PID namespace they run in.)
 */
export function removeSecretsFromEnvironment(env: NodeJS.ProcessEnv, token: string): string[] {
  const removed: string[] = []
  for (const name of Object.keys(env)) {
    if (SECRET_VARIABLES.includes(name) || (token !== '' && env[name] === token)) {
      delete env[name]
      removed.push(name)
    }
  }
  return removed.sort()
}

function asObject(value: unknown): Record<string, unknown> {
  return typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : {}
}

function str(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined
}

function num(value: unknown): number | null {
  return typeof value === 'number' && Number.isInteger(value) ? value : null
}
