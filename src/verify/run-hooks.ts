/**
 * `--verify-hooks`: proves guard hooks work by running them.
 *
 * Every command hook on `PreToolUse` whose matcher covers `Bash`, and every
 * `UserPromptSubmit` command hook, in the repository's settings files is run the
 * way Claude Code runs it (shell form through `/bin/sh -c` or `bash -c`, exec
 * form without a shell, JSON on stdin, `CLAUDE_PROJECT_DIR` set, the hook's own
 * timeout) against dangerous commands, a benign one and broken payloads, inside a
 * temporary copy of the repository with a scrubbed environment, no network where
 * the kernel allows it, and CPU/memory limits. Each run is classified with Claude
 * Code's real semantics (exit 2 or a JSON deny blocks; other exits, crashes and
 * timeouts let the call through).
 *
 * This executes repository code: callers must only enable it when asked to.
 */
import { dirname, isAbsolute, join, relative, resolve, sep } from 'node:path'
import { mkdirSync } from 'node:fs'
import { homedir } from 'node:os'
import { redactText } from '../secrets/scan.js'
import type { Project } from '../model/project.js'
import { matcherCovers, type HookHandler, type SettingsFile } from '../model/settings.js'
import { buildPayloads, type Payload, type PayloadGroup, type VerifiedEvent } from './payloads.js'
import { classifyRun, cleanText, type RunOutcome } from './classify.js'
import { detectIsolation, fullyIsolated, isolationCaveat, runContained, type Isolation } from './sandbox.js'
import { createWorkspace, removeWorkspace, type Workspace } from './workspace.js'
import { globMatches, splitOnSeparators } from '../core/linear-text.js'

export { detectIsolation, fullyIsolated, withoutNamespaces, type Isolation } from './sandbox.js'
export { DANGEROUS_COMMANDS } from './payloads.js'

/** One run of a hook against one payload. */
export interface HookRunEvidence {
  /** Payload kind, e.g. `rm -rf /`, `malformed JSON`, `empty stdin`, `missing tool_input`, `large input`, `benign`. */
  payload: string
  outcome: RunOutcome
  exitCode: number | null
  signal?: string
  /** Decision read from the hook's JSON output (`deny`, `allow`, `ask`, `block`, `continue:false`, ...). */
  decision?: string
  /** Shortened (≤ 200 characters), control characters removed. */
  stdout: string
  /** Shortened (≤ 200 characters), control characters removed. */
  stderr: string
  ms: number
}

/** What running one hook showed. */
export interface HookVerdict {
  settingsPath: string
  /** `HookHandler.path` of the handler in its settings file. */
  handlerPath: (string | number)[]
  event: string
  command: string
  runs: HookRunEvidence[]
  /** Dangerous payload kinds the hook let through (PreToolUse only). */
  dangerousAllowed: string[]
  /**
   * Runs that failed open: a crash or timeout on any payload, and, for a hook
   * that blocked at least one dangerous payload (a guard), a malformed, empty,
   * incomplete or large payload it let through.
   */
  failOpen: { payload: string; why: string }[]
  /** True when the hook blocked every dangerous payload and nothing failed open. */
  verified: boolean
  /**
   * Why the hook was not run (to the end): the total time budget ran out, the
   * sandbox could not be set up, or this is CI and hooks cannot be isolated
   * here. `runs` is then empty and the verdict says nothing about the hook.
   */
  skipped?: string
  /** What the run could not contain (e.g. `partial isolation: network not isolated`), for evidence texts. */
  isolation?: string
  /** Processes the hook left running after its runs (they were killed); absent when none. */
  leftovers?: number
}

/** Verdicts and what the report should say about the verification as a whole. */
export interface VerifyOutcome {
  verdicts: HookVerdict[]
  /** Partial isolation, hooks not verified and why: one sentence each, for the report's notices. */
  notices: string[]
}

/** Options of {@link verifyHooks}. */
export interface VerifyHooksOptions {
  /** Upper bound for one run in milliseconds (default 10,000); the hook's own `timeout` applies when lower. */
  timeoutMs?: number
  /** Most hooks run (default 20); identical handlers count once. */
  maxHooks?: number
  /** Which settings files to consider (e.g. to honour the config file's `ignore`); default all. */
  includeSettings?: (settingsPath: string) => boolean
  /** Total time for the whole verification (default 120,000 ms); hooks not run by then are reported as not verified. */
  budgetMs?: number
  /** How hooks are contained (default: what {@link detectIsolation} finds here). */
  isolation?: Isolation
  /**
   * Whether this is a CI run (default: `CI` or `GITHUB_ACTIONS` is `true`). On CI,
   * hooks are not run at all unless they can be fully isolated.
   */
  ci?: boolean
}

const DEFAULT_TIMEOUT_MS = 10_000
const DEFAULT_MAX_HOOKS = 20
const DEFAULT_BUDGET_MS = 120_000

/** Claude Code's default hook timeouts in seconds (§2.2). */
function defaultTimeoutSeconds(event: VerifiedEvent): number {
  return event === 'UserPromptSubmit' ? 30 : 600
}

/** A hook selected for verification. */
interface Candidate {
  settings: SettingsFile
  handler: HookHandler
  event: VerifiedEvent
  command: string
  shell?: string
  ifCondition?: string
}

/** Whether a handler's `if` condition lets it run for a Bash command ('never' when it never runs for Bash). */
function ifMatches(condition: string | undefined, command: string | undefined): boolean | 'never' {
  if (condition === undefined) return true
  // On the trimmed condition: `\s*` at both ends of the expression backtracked quadratically.
  const m = /^([A-Za-z_][\w-]*)\s*(?:\(([\s\S]*)\))?$/.exec(condition.trim())
  if (!m) return true // unreadable: assume it runs (we do not invent a gap)
  const tool = m[1]
  if (tool !== 'Bash') return 'never'
  const pattern = m[2]
  if (pattern === undefined || pattern === '' || pattern === '*') return true
  if (command === undefined) return true // broken payloads: nothing to match, the script itself is tested
  const re = { test: (c: string) => bashPatternMatches(pattern, c) }
  if (re.test(command.trim())) return true
  // Compound commands: a condition on one part selects the whole call.
  const parts = splitOnSeparators(command, ['&&', '||', '|&', ';', '|', '&', '\n'])
    .map((p) => p.trim())
    .filter(Boolean)
  return parts.some((p) => re.test(p))
}

/**
 * Whether a permission-rule pattern (`git push *`, `npm run test:*`, `* install`)
 * matches a whole command: `*` any run of characters, a trailing ` *` or `:*`
 * also the command without arguments. Matched by globMatches (linear), not by a
 * regular expression of `[\s\S]*` runs, which backtracked polynomially in the
 * number of stars of a pattern the repository wrote.
 */
export function bashPatternMatches(pattern: string, command: string): boolean {
  let p = pattern.trim()
  if (p.endsWith(':*')) p = `${p.slice(0, -2)} *`
  if (!p.endsWith(' *')) return globMatches(p, command)
  p = p.slice(0, -2)
  // `^p(?:\s[\s\S]*)?$`: the command is `p`, or `p` then a blank and anything.
  if (globMatches(p, command)) return true
  for (let i = 0; i < command.length; i++) if (/\s/.test(command[i] as string) && globMatches(p, command.slice(0, i))) return true
  return false
}

/** The hooks to verify, in settings and document order. */
function selectHooks(project: Project, include: (path: string) => boolean): Candidate[] {
  const out: Candidate[] = []
  for (const settings of project.settings) {
    if (!include(settings.path)) continue
    for (const h of settings.hooks) {
      if (h.type !== 'command' || !h.command) continue
      // Async hooks cannot block anything; the static rules report them.
      if (h.async) continue
      const shell = typeof h.raw.shell === 'string' ? h.raw.shell : undefined
      if (shell !== undefined && shell !== 'bash') continue // powershell: not run here
      const ifCondition = typeof h.raw.if === 'string' ? h.raw.if : undefined
      if (h.event === 'PreToolUse') {
        if (!matcherCovers(h.matcher, 'Bash')) continue
        if (ifMatches(ifCondition, undefined) === 'never') continue
        out.push({ settings, handler: h, event: 'PreToolUse', command: h.command, shell, ifCondition })
      } else if (h.event === 'UserPromptSubmit') {
        // `if` is honoured only on tool events; elsewhere the handler never runs.
        if (ifCondition !== undefined) continue
        out.push({ settings, handler: h, event: 'UserPromptSubmit', command: h.command, shell })
      }
    }
  }
  return out
}

/** `${CLAUDE_PROJECT_DIR}` is substituted textually before the command runs (§2.6). */
function substitute(s: string, projectDir: string): string {
  return s.split('${CLAUDE_PROJECT_DIR}').join(projectDir)
}

function hookArgv(c: Candidate, projectDir: string): string[] {
  const command = substitute(c.command, projectDir)
  if (c.handler.args) return [command, ...c.handler.args.map((a) => substitute(a, projectDir))]
  return c.shell === 'bash' ? ['bash', '-c', command] : ['/bin/sh', '-c', command]
}

/** The scrubbed environment: nothing from the parent but PATH and LANG. */
function hookEnv(ws: Workspace, projectDir: string): Record<string, string> {
  return {
    PATH: process.env.PATH ?? '/usr/local/bin:/usr/bin:/bin',
    HOME: ws.home,
    LANG: process.env.LANG ?? 'C.UTF-8',
    CLAUDE_PROJECT_DIR: projectDir,
    TMPDIR: ws.tmp,
    // Safety nets in case a hook executes the command it was given: git stops
    // looking for a repository above the workspace, and psql finds no server.
    GIT_CEILING_DIRECTORIES: ws.dir,
    PGHOST: join(ws.dir, 'no-database')
  }
}

/** One run with what the verdict needs beyond the public evidence. */
interface Run {
  ev: HookRunEvidence
  group: PayloadGroup
  /** False when the handler's `if` condition kept it from running for this payload. */
  ran: boolean
  /** The classifier's explanation. */
  why: string
  /** Processes of the run found alive after it ended (killed by the sandbox's sweep). */
  survivors?: number
}

/** The runs of one hook, or why it could not be verified. */
type HookRuns = { runs: Run[] } | { skipped: string }

async function runOne(
  c: Candidate,
  timeoutMs: number,
  project: Project,
  iso: Isolation,
  deadline: number,
  budgetMs: number
): Promise<HookRuns> {
  const ws = createWorkspace(project)
  try {
    const projectDir = c.settings.projectDir ? join(ws.repo, c.settings.projectDir) : ws.repo
    mkdirSync(projectDir, { recursive: true })
    const env = hookEnv(ws, projectDir)
    const argv = hookArgv(c, projectDir)
    const hide = hiddenPaths(ws, project.root)
    const runs: Run[] = []
    const outOfBudget = `not verified: the total time budget of ${Math.round(budgetMs / 1000)} s for --verify-hooks ran out`
    for (const p of buildPayloads(c.event, { transcriptPath: ws.transcript, cwd: projectDir })) {
      const left = Math.floor(deadline - performance.now())
      if (left <= 0) return { skipped: outOfBudget }
      const run = await runPayload(c, p, argv, env, projectDir, Math.min(timeoutMs, left), iso, ws, hide)
      if ('skipped' in run) return run
      // Cut short by the budget, not by the hook's own timeout: that says nothing about the hook.
      if (run.ev.outcome === 'timeout' && left < timeoutMs) return { skipped: outOfBudget }
      runs.push(run)
    }
    return { runs }
  } finally {
    removeWorkspace(ws.dir)
  }
}

/** Whether `p` is `root` or inside it. */
function within(root: string, p: string): boolean {
  const r = relative(root, p)
  return r === '' || (r !== '..' && !r.startsWith(`..${sep}`) && !isAbsolute(r))
}

/** Credential files and folders in HOME that hooks have no business reading. */
const HOME_CREDENTIALS = [
  '.ssh',
  '.aws',
  '.azure',
  '.kube',
  '.docker',
  '.gnupg',
  '.config/gh',
  '.config/gcloud',
  '.claude',
  '.npmrc',
  '.yarnrc.yml',
  '.pypirc',
  '.netrc',
  '.git-credentials',
  '.claude.json'
]

/**
 * What the hook must not see or write (covered by empty mounts in its mount
 * namespace): the runner's command files and temporary directory, the checkout
 * and the audited directory (the hook works on a copy), credentials in HOME.
 * Paths that hold the workspace are kept visible; a command file inside one is
 * hidden on its own.
 */
export function hiddenPaths(ws: Workspace, auditedRoot: string, env: NodeJS.ProcessEnv = process.env): string[] {
  const out: string[] = []
  const add = (p: string | undefined, fileFallback?: string): void => {
    if (!p || !isAbsolute(p)) return
    const abs = resolve(p)
    if (within(abs, ws.dir) || within(ws.dir, abs)) {
      if (fileFallback) add(fileFallback)
      return
    }
    if (!out.includes(abs)) out.push(abs)
  }
  for (const name of ['GITHUB_ENV', 'GITHUB_PATH', 'GITHUB_OUTPUT', 'GITHUB_STEP_SUMMARY', 'GITHUB_STATE']) {
    const file = env[name]
    if (file && isAbsolute(file)) add(dirname(file), file)
  }
  add(env.RUNNER_TEMP)
  add(env.GITHUB_WORKSPACE)
  add(auditedRoot)
  const home = env.HOME || homedir()
  if (home && isAbsolute(home)) for (const c of HOME_CREDENTIALS) add(join(home, c))
  return out
}

/** Replaces secrets in hook output (the first 64 KB; evidence shows at most 200 characters of it). */
function redactOutput(s: string): string {
  return redactText(s.length > 65_536 ? s.slice(0, 65_536) : s)
}

async function runPayload(
  c: Candidate,
  p: Payload,
  argv: string[],
  env: Record<string, string>,
  cwd: string,
  timeoutMs: number,
  iso: Isolation,
  ws: Workspace,
  hide: string[]
): Promise<Run | { skipped: string }> {
  if (c.event === 'PreToolUse' && ifMatches(c.ifCondition, p.command) === false) {
    const why = `not run: the handler's \`if\` condition ${c.ifCondition} does not match this command`
    return {
      ev: { payload: p.kind, outcome: 'allowed', exitCode: null, stdout: '', stderr: cleanText(`(${why})`), ms: 0 },
      group: p.group,
      ran: false,
      why
    }
  }
  const raw = await runContained({ argv, cwd, env, stdin: p.stdin, timeoutMs, hide, workspace: ws.dir }, iso)
  if (raw.setupError)
    return { skipped: `not verified: the sandbox could not be set up (${cleanText(raw.setupError, 120)})` }
  // Temporary paths differ on every run: show them as placeholders.
  const tidy = (s: string): string => s.split(ws.repo).join('<repo>').split(ws.dir).join('<tmp>')
  const r = { ...raw, stdout: tidy(raw.stdout), stderr: tidy(raw.stderr) }
  // Decided on what the hook printed; everything shown passes the redaction helper first.
  const cls = classifyRun(c.event, r, timeoutMs)
  const ev: HookRunEvidence = {
    payload: p.kind,
    outcome: cls.outcome,
    exitCode: r.exitCode,
    stdout: cleanText(redactOutput(r.stdout)),
    stderr: cleanText(redactOutput(r.stderr)),
    ms: r.ms
  }
  if (r.signal) ev.signal = r.signal
  if (cls.decision) ev.decision = cls.decision
  return { ev, group: p.group, ran: true, why: redactOutput(cls.why), survivors: raw.survivors }
}

/** Builds the verdict from the runs. */
function judge(c: Candidate, runs: Run[]): HookVerdict {
  const dangerous = runs.filter((r) => r.group === 'dangerous')
  const isGuard = dangerous.some((r) => r.ev.outcome === 'blocked')
  const dangerousAllowed =
    c.event === 'PreToolUse' ? dangerous.filter((r) => r.ev.outcome !== 'blocked').map((r) => r.ev.payload) : []
  const failOpen: { payload: string; why: string }[] = []
  const leftovers = runs.reduce((n, r) => n + (r.survivors ?? 0), 0)
  for (const r of runs) {
    if (r.ev.outcome === 'crashed' || r.ev.outcome === 'timeout') {
      failOpen.push({ payload: r.ev.payload, why: r.why })
    } else if (isGuard && r.ran && r.ev.outcome === 'allowed' && r.group === 'robustness') {
      failOpen.push({
        payload: r.ev.payload,
        why: `${r.why}: the guard let this payload through instead of failing closed (exit 2)`
      })
    }
  }
  return {
    settingsPath: c.settings.path,
    handlerPath: [...c.handler.path],
    event: c.event,
    command: c.handler.args ? [c.command, ...c.handler.args].join(' ') : c.command,
    runs: runs.map((r) => ({ ...r.ev })),
    dangerousAllowed,
    failOpen,
    verified: isGuard && dangerousAllowed.length === 0 && failOpen.length === 0,
    ...(leftovers > 0 ? { leftovers } : {})
  }
}

/** A verdict for a hook that was not run (to the end). */
function skippedVerdict(c: Candidate, why: string): HookVerdict {
  return {
    settingsPath: c.settings.path,
    handlerPath: [...c.handler.path],
    event: c.event,
    command: c.handler.args ? [c.command, ...c.handler.args].join(' ') : c.command,
    runs: [],
    dangerousAllowed: [],
    failOpen: [],
    verified: false,
    skipped: why
  }
}

/** Whether this process runs on CI (hooks are then only run fully isolated). */
function onCi(): boolean {
  return process.env.CI === 'true' || process.env.GITHUB_ACTIONS === 'true'
}

/**
 * Runs the repository's guard hooks against dangerous and broken payloads and
 * reports, per handler, what got through, and what the report should say about
 * the verification (partial isolation, hooks not verified). Runs are sequential
 * and bounded by a total time budget; the temporary workspaces are removed
 * before this resolves.
 */
export async function verifyHooksDetailed(project: Project, opts: VerifyHooksOptions = {}): Promise<VerifyOutcome> {
  const cap = Math.max(1, opts.timeoutMs ?? DEFAULT_TIMEOUT_MS)
  const maxHooks = Math.max(0, opts.maxHooks ?? DEFAULT_MAX_HOOKS)
  const budgetMs = Math.max(1, opts.budgetMs ?? DEFAULT_BUDGET_MS)
  const candidates = selectHooks(project, opts.includeSettings ?? (() => true))
  if (candidates.length === 0) return { verdicts: [], notices: [] }
  const iso = opts.isolation ?? detectIsolation()
  const caveat = isolationCaveat(iso)
  // On CI a hook comes from a pull request as often as not: never run it half-contained.
  const refused =
    (opts.ci ?? onCi()) && !fullyIsolated(iso)
      ? `not verified: this is a CI run and hooks cannot be isolated here (${iso.notes.join('; ')})`
      : undefined
  const deadline = performance.now() + budgetMs
  const done = new Map<string, HookRuns>()
  const verdicts: HookVerdict[] = []
  for (const c of candidates) {
    const sec =
      typeof c.handler.timeout === 'number' && c.handler.timeout > 0
        ? c.handler.timeout
        : defaultTimeoutSeconds(c.event)
    const timeoutMs = Math.min(Math.round(sec * 1000), cap)
    // Identical handlers (same directory, event, command, shell, filter, timeout) run once (§2.2).
    const key = JSON.stringify([
      c.settings.projectDir,
      c.event,
      c.command,
      c.handler.args,
      c.shell,
      c.ifCondition,
      timeoutMs
    ])
    let result = done.get(key)
    if (!result) {
      if (done.size >= maxHooks) continue
      result = refused ? { skipped: refused } : await runOne(c, timeoutMs, project, iso, deadline, budgetMs)
      done.set(key, result)
    }
    if ('skipped' in result) verdicts.push(skippedVerdict(c, result.skipped))
    else verdicts.push({ ...judge(c, result.runs), ...(caveat ? { isolation: caveat } : {}) })
  }
  return { verdicts, notices: outcomeNotices(verdicts, iso, refused) }
}

/** The report's sentences about a verification. */
function outcomeNotices(verdicts: HookVerdict[], iso: Isolation, refused: string | undefined): string[] {
  const notices: string[] = []
  if (refused) {
    notices.push(
      `--verify-hooks ran no hook: this is a CI run and hooks cannot be isolated here (${iso.notes.join('; ')}). ` +
        'The hook rules report what reading the hooks shows.'
    )
    return notices
  }
  const ran = verdicts.filter((v) => !v.skipped)
  if (ran.length > 0 && iso.notes.length > 0) {
    notices.push(
      `--verify-hooks ran ${ran.length} hook${ran.length === 1 ? '' : 's'} with partial isolation: ${iso.notes.join('; ')}.`
    )
  }
  const leftovers = ran.reduce((n, v) => n + (v.leftovers ?? 0), 0)
  if (leftovers > 0) {
    notices.push(
      `--verify-hooks: ${leftovers} process${leftovers === 1 ? '' : 'es'} started by hooks outlived ${leftovers === 1 ? 'its' : 'their'} run and ${leftovers === 1 ? 'was' : 'were'} killed.`
    )
  }
  const byReason = new Map<string, string[]>()
  for (const v of verdicts) {
    if (!v.skipped) continue
    const list = byReason.get(v.skipped) ?? []
    list.push(`${v.settingsPath} (${v.event})`)
    byReason.set(v.skipped, list)
  }
  for (const [why, where] of byReason) {
    const shown = [...new Set(where)]
    notices.push(
      `--verify-hooks did not verify ${where.length} hook${where.length === 1 ? '' : 's'} (${shown.slice(0, 5).join(', ')}${shown.length > 5 ? ', …' : ''}): ` +
        `${why.replace(/^not verified: /, '')}. The hook rules report what reading ${where.length === 1 ? 'it' : 'them'} shows.`
    )
  }
  return notices
}

/** {@link verifyHooksDetailed}, verdicts only. */
export async function verifyHooks(project: Project, opts: VerifyHooksOptions = {}): Promise<HookVerdict[]> {
  return (await verifyHooksDetailed(project, opts)).verdicts
}

const memo = new WeakMap<Project, { outcome: Promise<VerifyOutcome>; verdicts: Promise<HookVerdict[]> }>()

/**
 * {@link verifyHooks} once per project: several rules read the same verdicts
 * (`dangerous-commands-unguarded`, `hook-fail-open`), and hooks must run only once.
 * The options of the first call win.
 */
export function verifyHooksOnce(project: Project, opts: VerifyHooksOptions = {}): Promise<HookVerdict[]> {
  let m = memo.get(project)
  if (!m) {
    const outcome = verifyHooksDetailed(project, opts)
    m = { outcome, verdicts: outcome.then((o) => o.verdicts) }
    memo.set(project, m)
  }
  return m.verdicts
}

/** The notices of the verification already run for `project` (none when no rule asked for it). */
export async function verifyNotices(project: Project): Promise<string[]> {
  const m = memo.get(project)
  return m ? (await m.outcome).notices : []
}
