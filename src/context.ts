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
const BASE_CONTEXT_EVENTS = new Set(['pull_request_target', 'workflow_run'])

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
    workspace: env.GITHUB_WORKSPACE || process.cwd()
  }
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
