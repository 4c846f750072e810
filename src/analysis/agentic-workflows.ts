/**
 * GitHub Agentic Workflows (gh-aw): `.github/workflows/<name>.md` files whose
 * frontmatter configures an agent run (`on`, `permissions`, `engine`, `tools`,
 * `safe-outputs`, `network`) and that `gh aw compile` turns into
 * `<name>.lock.yml`. Those with the Claude engine are audited at the source;
 * the generated lock file is left out of the workflow rules, so a finding is
 * reported once, where a fix is made. The lock file is still read for what it
 * says about the compiled agent step (whether Claude runs inside the AWF
 * firewall, its allowed tools, a compiled turn cap): the gh-aw release that
 * compiled it decides those defaults (src/facts/gh-aw.ts).
 */
import { posix } from 'node:path'
import { isObject, type MarkdownDoc, type PathSeg, type StructuredDoc } from '../parse/doc.js'
import type { Span } from '../parse/source.js'
import type { Step, Workflow } from '../model/workflow.js'
import { shellView } from '../model/workflow.js'
import { claudeActionOf, claudeArgsFrom, flagsOf } from '../model/claude.js'
import { parseShell, type ShellCommand } from '../shell/parse.js'
import { scriptRuns } from './claude-runs.js'
import { AGENT_STEP_ID, BASH_WILDCARDS, DETECTION_JOB } from '../facts/gh-aw.js'
import { parseMarkdown } from '../parse/doc.js'
import type { SourceFile } from '../parse/source.js'

/** One gh-aw source with the Claude engine. */
export interface AgenticWorkflow {
  path: string
  md: MarkdownDoc
  fm: StructuredDoc
  data: Record<string, unknown>
  /** `engine:` as an object (`{ id: claude }`), or `{ id: 'claude' }` for the short form. */
  engine: Record<string, unknown>
  /** The frontmatter `engine:` is written in: the source's own, or an imported file's. */
  engineDoc: StructuredDoc
  /** Where a finding about the run as a whole points: the `engine:` line, or the `imports:` entry that brings it. */
  anchor: Span
  /** The files of `imports:`, nested ones included, in the order gh-aw merges them. */
  imports: ImportedFile[]
  /** Entries of `imports:` that were not followed, and why. */
  unfollowedImports: UnfollowedImport[]
  /** Event names of `on:`. */
  triggers: Set<string>
  /** What the generated lock file says about the agent step, when it is present and names one. */
  compiled?: CompiledAgent
}

/** The agent step of a compiled lock file (`id: agentic_execution` outside the detection job). */
export interface CompiledAgent {
  /** The lock file. */
  path: string
  /** The gh-aw release named in the lock file's header (`v0.49.0`), when it names one. */
  compilerVersion?: string
  /**
   * Whether Claude runs inside the AWF firewall (`awf … -- … claude …`): false
   * when it runs on the runner itself (`claude` in the step's script, or
   * `claude-code-base-action`).
   */
  firewall: boolean
  /** The tools Claude is started with (`--allowed-tools` / `allowed_tools`), when the lock file names them. */
  allowedTools?: string[]
  /** A turn cap is compiled in (`--max-turns`, the base action's `max_turns`, `GH_AW_MAX_TURNS`). */
  turnCap: boolean
  /** The agent step's time bound in minutes (its `timeout-minutes`, the base action's `timeout_minutes`, or the job's). */
  timeoutMinutes?: number
  /** The Claude action the agent step uses (`anthropics/claude-code-base-action@v0.0.56`), in early releases. */
  uses?: string
}

/** Whether a path is a gh-aw source (`.github/workflows/*.md`, not a README in a subfolder). */
export const AGENTIC_SOURCE = /^\.github\/workflows\/[^/]+\.md$/

/** The engine id of a gh-aw frontmatter (`engine: claude` or `engine: { id: claude }`). */
function engineOf(data: Record<string, unknown>): Record<string, unknown> | undefined {
  const e = data.engine
  if (typeof e === 'string') return { id: e.trim().toLowerCase() }
  if (isObject(e) && typeof e.id === 'string') return { ...e, id: e.id.trim().toLowerCase() }
  return undefined
}

/** A file of a gh-aw source's `imports:` (a shared component), read and parsed. */
export interface ImportedFile {
  path: string
  fm: StructuredDoc
  data: Record<string, unknown>
  /** The entry of the source's own `imports:` through which it comes (directly or nested). */
  via: Span
}

/** An `imports:` entry not followed: missing, leaving the repository, remote, a cycle, or past the bounds. */
export interface UnfollowedImport {
  entry: string
  at: Span
  why: string
}

/** How deep nested imports are followed, and how many files one source may import in all. */
const MAX_IMPORT_DEPTH = 8
const MAX_IMPORTS = 64

/** `owner/repo/path@ref`: a cross-repository import, fetched by `gh aw compile`, not in this checkout. */
const REMOTE_IMPORT = /^[\w.-]+\/[\w.-]+\/[^@\s]+@[^@\s]+$/

/**
 * Where an `imports:` entry points, as gh-aw resolves it (reference/imports.md):
 * `.github/…` and `/…` from the repository root, anything else relative to the
 * importing file's folder; a `#Section` suffix imports one section of the same
 * file and a trailing `?` makes the import optional. Undefined, with why, for a
 * path that leaves the repository or lives in another one.
 */
function importTarget(from: string, entry: string): { path: string } | { why: string } {
  let p = entry.trim()
  if (p.endsWith('?')) p = p.slice(0, -1)
  const hash = p.indexOf('#')
  if (hash >= 0) p = p.slice(0, hash)
  if (!p.startsWith('.github/') && REMOTE_IMPORT.test(p)) return { why: 'a file of another repository, fetched when the workflow is compiled' }
  const joined = p.startsWith('/') ? p.slice(1) : p.startsWith('.github/') ? p : posix.join(posix.dirname(from), p)
  const path = posix.normalize(joined)
  if (path === '..' || path.startsWith('../') || posix.isAbsolute(path) || path === '.' || path === '') return { why: 'a path outside the repository' }
  return { path }
}

/** The path an `imports:` entry names: a string, or `{ path: … }` / `{ uses: … }` with inputs. */
function importEntry(v: unknown): string | undefined {
  if (typeof v === 'string') return v
  if (isObject(v)) {
    const p = v.path ?? v.uses
    if (typeof p === 'string') return p
  }
  return undefined
}

/**
 * The files a gh-aw source imports, the way `gh aw compile` gathers them
 * (reference/imports.md, "Frontmatter Merging"; pkg/workflow engine
 * validation): breadth first, the source's own entries before nested ones;
 * each file at most once, so a cycle (`a` imports `b` imports `a`) stops at
 * the file already seen (gh-aw rejects it at compile time; the lock file was
 * compiled from what is merged here); a missing file, a remote import or a
 * path out of the repository is not followed and is listed with why.
 * Depth and count are bounded. What an imported file may contribute is left
 * to the readers below: `engine` (used when the source names none; gh-aw
 * allows only one engine across the source and its imports), `tools` (deep
 * merge: {@link bashGrant}); `on`, `permissions`, `roles`, `timeout-minutes`,
 * `max-turns` and `sandbox` are the source's own.
 */
export function resolveImports(path: string, fm: StructuredDoc, read: (path: string) => SourceFile | null): { files: ImportedFile[]; unfollowed: UnfollowedImport[] } {
  const files: ImportedFile[] = []
  const unfollowed: UnfollowedImport[] = []
  const seen = new Set([path])
  const queue: Array<{ from: string; fm: StructuredDoc; depth: number; via?: Span }> = [{ from: path, fm, depth: 0 }]
  for (let q = queue.shift(); q; q = queue.shift()) {
    const list = isObject(q.fm.value) ? q.fm.value.imports : undefined
    if (!Array.isArray(list)) continue
    for (const [i, v] of list.entries()) {
      const entry = importEntry(v)
      const at = q.fm.span(['imports', i]) ?? q.fm.span(['imports'], 'key')
      if (entry === undefined || !at) continue
      const via = q.via ?? at
      const target = importTarget(q.from, entry)
      if ('why' in target) {
        unfollowed.push({ entry, at, why: target.why })
        continue
      }
      if (seen.has(target.path)) {
        // A repeat of a file already merged adds nothing; one back to the source is a cycle.
        if (target.path === path) unfollowed.push({ entry, at, why: 'an import cycle back to the workflow itself' })
        continue
      }
      if (q.depth + 1 > MAX_IMPORT_DEPTH || files.length >= MAX_IMPORTS) {
        unfollowed.push({ entry, at, why: `past the ${MAX_IMPORT_DEPTH} levels or ${MAX_IMPORTS} files of imports followed` })
        continue
      }
      seen.add(target.path)
      const f = read(target.path)
      const doc = f ? parseMarkdown(f).frontmatter : undefined
      if (!f) {
        unfollowed.push({ entry, at, why: 'not found in the repository' })
        continue
      }
      if (!doc || !isObject(doc.value)) continue
      files.push({ path: target.path, fm: doc, data: doc.value, via })
      queue.push({ from: target.path, fm: doc, depth: q.depth + 1, via })
    }
  }
  return { files, unfollowed }
}

/**
 * Reads a gh-aw source; undefined unless it runs the Claude engine: `engine:
 * claude` in its frontmatter or in a file it imports, or no `engine:`
 * anywhere while its lock file runs Claude (the default engine was Claude in
 * early gh-aw releases and is Copilot now, so only the compiled lock file
 * tells). A source whose lock file has an agent step that runs no Claude is
 * not one, whatever its `engine:` says. `read` reads the files `imports:`
 * names (the project model passes its reader); without it imports are not followed.
 */
export function agenticWorkflow(
  path: string,
  md: MarkdownDoc,
  compiled?: CompiledAgent,
  compiledWithoutClaude = false,
  read?: (path: string) => SourceFile | null
): AgenticWorkflow | undefined {
  const fm = md.frontmatter
  if (!fm || !isObject(fm.value) || compiledWithoutClaude) return undefined
  const data = fm.value
  const { files: imports, unfollowed: unfollowedImports } = read ? resolveImports(path, fm, read) : { files: [], unfollowed: [] }
  // gh-aw takes the source's own `engine:`, else the first imported one (it rejects more than one).
  // An imported `engine:` with no id (only a `model:`) names no engine; newer gh-aw skips it.
  const from = data.engine !== undefined ? undefined : imports.find((f) => engineOf(f.data) !== undefined)
  const engineDoc = from?.fm ?? fm
  const written = engineOf(from?.data ?? data)
  if (written ? written.id !== 'claude' : data.engine !== undefined || from !== undefined || !compiled) return undefined
  const engine = written ?? { id: 'claude' }
  // Without `engine:`, findings about the run as a whole point at `on:` (where the workflow starts);
  // with an imported one, at the source's `imports:` entry that brings it.
  const anchor =
    (from ? from.via : fm.span([written ? 'engine' : Object.hasOwn(data, 'on') ? 'on' : 'true'], written ? 'pair' : 'key')) ?? { file: md.file, start: 0, end: 0 }
  const triggers = new Set<string>()
  const on = data.on ?? data['true']
  if (typeof on === 'string') {
    triggers.add(on.split(/\s+/)[0])
  } else if (Array.isArray(on)) {
    for (const e of on) if (typeof e === 'string') triggers.add(e)
  } else if (isObject(on)) {
    for (const k of Object.keys(on)) triggers.add(k)
  }
  return { path, md, fm, data, engine, engineDoc, anchor, imports, unfollowedImports, triggers, compiled }
}

/** The header line `gh aw compile` writes: `# This file was automatically generated by gh-aw (v0.49.0). DO NOT EDIT.` */
const GENERATED_BY = /^# This file was automatically generated by gh-aw \((v[\w.+-]+)\)/m

/**
 * Whether a lock file has an agent step at all (`id: agentic_execution`
 * outside the detection job). One that runs no Claude (another engine, or a
 * replay of canned `samples`) means the source, as compiled, never starts Claude.
 */
export function hasAgentStep(lock: Workflow): boolean {
  return lock.jobs.some((j) => j.id !== DETECTION_JOB && j.steps.some((s) => s.value.id === AGENT_STEP_ID))
}

/** Reads the agent step of a lock file; undefined when it has none that runs Claude. */
export function compiledAgent(lock: Workflow): CompiledAgent | undefined {
  const header = GENERATED_BY.exec(lock.doc.file.text.slice(0, 4000))
  let found: Omit<CompiledAgent, 'path'> | undefined
  for (const job of lock.jobs) {
    if (job.id === DETECTION_JOB) continue
    for (const step of job.steps) {
      if (step.value.id !== AGENT_STEP_ID) continue
      const step1 = agentStep(step, { ...job.env, ...step.env })
      if (!step1) continue
      const minutes = [step.value['timeout-minutes'], step.with.timeout_minutes, job.value['timeout-minutes']].find((v) => typeof v === 'number' && v > 0)
      const agent = { ...step1, timeoutMinutes: minutes as number | undefined }
      // Several agent steps (unusual): the least protected one decides.
      if (!found || (found.firewall && !agent.firewall)) found = agent
    }
  }
  if (!found) return undefined
  return { ...found, path: lock.path, compilerVersion: header?.[1] }
}

function agentStep(step: Step, env: Record<string, unknown>): Omit<CompiledAgent, 'path'> | undefined {
  const envCap = env.GH_AW_MAX_TURNS !== undefined && String(env.GH_AW_MAX_TURNS).trim() !== ''
  const action = claudeActionOf(step.uses)
  if (action) {
    const w = step.with
    const tools = typeof w.allowed_tools === 'string' ? splitTools(w.allowed_tools) : undefined
    const maxTurns = w.max_turns !== undefined && String(w.max_turns).trim() !== ''
    return { firewall: false, allowedTools: tools, turnCap: envCap || maxTurns, uses: step.uses?.trim() }
  }
  if (typeof step.run !== 'string') return undefined
  const script = parseShell(shellView(step.run))
  if (!script.ok) return undefined
  for (const cmd of script.commands) {
    if (baseName(cmd.name) === 'awf') {
      const inner = claudeUnder(cmd)
      if (inner) return { firewall: true, ...claudeFlags(inner, envCap) }
    }
  }
  let direct: ShellCommand | undefined
  scriptRuns(shellView(step.run), (c) => (direct ??= c))
  return direct ? { firewall: false, ...claudeFlags(direct.args.map((a) => a.text), envCap) } : undefined
}

/** The `claude` command an `awf … -- <command>` runs, directly or in a `bash -c '…'` string, as words. */
function claudeUnder(awf: ShellCommand): string[] | undefined {
  const words = awf.args.map((a) => a.text)
  const sep = words.indexOf('--')
  if (sep < 0) return undefined
  const rest = words.slice(sep + 1)
  if (claudeArgsFrom(rest) !== undefined) return rest
  const shell = baseName(rest[0] ?? '')
  const c = rest.indexOf('-c')
  if (!['bash', 'sh'].includes(shell) || c < 0 || typeof rest[c + 1] !== 'string') return undefined
  let found: string[] | undefined
  scriptRuns(rest[c + 1], (cmd) => (found ??= cmd.args.map((a) => a.text)))
  if (found) return found
  // Not in print mode (`claude --prompt-file …`): any `claude` command of the string.
  const inner = parseShell(rest[c + 1])
  if (!inner.ok) return undefined
  for (const x of inner.commands) {
    const w = x.args.map((a) => a.text)
    if (claudeArgsFrom(w) !== undefined) return w
    // Newer compilers start Claude through gh-aw's harness script, which runs the command line
    // after it: `"$GH_AW_NODE_EXEC" ${RUNNER_TEMP}/gh-aw/actions/claude_harness.cjs claude --print …`.
    // The harness is the Claude engine's: with `engine.command` set, the command after it is that
    // executable, started with the Claude CLI's flags (`… claude_harness.cjs /tmp/gh-aw/bin/launcher --print …`).
    const at = w.findIndex((t, i) => i > 0 && /^claude_harness\.[cm]?js$/.test(baseName(w[i - 1] ?? '')))
    if (at > 0) return w.slice(at)
  }
  return undefined
}

function claudeFlags(words: string[], envCap: boolean): { allowedTools?: string[]; turnCap: boolean } {
  const from = claudeArgsFrom(words) ?? 0
  const flags = flagsOf(words.slice(from).map((text) => ({ text, start: 0, end: 0 })))
  const tools = flags.find((f) => f.name === '--allowed-tools' || f.name === '--allowedTools')?.value
  const turns = flags.some((f) => f.name === '--max-turns' && f.value !== undefined)
  return { allowedTools: tools !== undefined ? splitTools(tools) : undefined, turnCap: envCap || turns }
}

/** `Bash,Read,Bash(git status)`: gh-aw joins tools with commas and never puts one inside a rule. */
function splitTools(s: string): string[] {
  return s
    .split(',')
    .map((t) => t.trim())
    .filter((t) => t !== '')
}

function baseName(s: string): string {
  return s.slice(s.lastIndexOf('/') + 1)
}

/** How `tools.bash` of a source grants the shell, as gh-aw compiles it for Claude (facts `bashGrants`). */
export interface BashGrant {
  /** Every command: `bash: true`, `[":*"]`, `["*"]`, or (with `bash:` written) what the lock file compiled to bare `Bash`. */
  unrestricted: boolean
  /** Where the grant is written: the `tools.bash` value (or key, when it has none), else the `engine:` line. */
  at: Span
  /** The grant as written, for messages. */
  written: string
}

/**
 * The shell grant of a source. Only what is certain in every gh-aw release
 * counts from the frontmatter (`true`, `":*"`, `"*"`); an empty `bash:` or an
 * absent one compiled differently over time, so for those the lock file's
 * `--allowed-tools` decides. Imported files' `tools` are deep-merged into the
 * source's (allowed lists concatenate), so a wildcard in any of them grants
 * every command; the grant then points at the imported file's `bash:`.
 */
export function bashGrant(aw: AgenticWorkflow): BashGrant {
  const grants = [{ fm: aw.fm, data: aw.data }, ...aw.imports].map((f) => bashOf(f.fm, f.data))
  const written = grants.filter((g) => g !== undefined)
  const chosen = written.find((g) => g.explicit) ?? written[0]
  const compiled = aw.compiled?.allowedTools?.includes('Bash') === true
  return { unrestricted: chosen?.explicit === true || compiled, at: chosen?.at ?? aw.anchor, written: chosen?.written ?? 'no `tools.bash`' }
}

/** `tools.bash` of one frontmatter (the source's or an imported file's), when it is written. */
function bashOf(fm: StructuredDoc, data: Record<string, unknown>): { explicit: boolean; at: Span | undefined; written: string } | undefined {
  const tools = isObject(data.tools) ? data.tools : undefined
  // The first gh-aw releases took Claude's own tool names: `tools.claude.allowed.Bash`.
  const legacy = tools && isObject(tools.claude) && isObject(tools.claude.allowed) && Object.hasOwn(tools.claude.allowed, 'Bash') ? tools.claude.allowed : undefined
  const has = legacy !== undefined || (tools !== undefined && Object.hasOwn(tools, 'bash'))
  if (!has) return undefined
  const bash = legacy ? legacy.Bash : tools?.bash
  const path: PathSeg[] = legacy ? ['tools', 'claude', 'allowed', 'Bash'] : ['tools', 'bash']
  const at = bash === null ? fm.span(path, 'key') : fm.span(path)
  // Legacy `Bash:` with no list allowed every command (claude_tools.go: a value that is not a list is bare Bash).
  const explicit = bash === true || (legacy !== undefined && bash === null) || (Array.isArray(bash) && bash.some((c) => typeof c === 'string' && BASH_WILDCARDS.has(c.trim())))
  const key = legacy ? 'Bash' : 'bash'
  const written = bash === null ? `\`${key}:\`` : Array.isArray(bash) ? `\`${key}: [${bash.map((c) => JSON.stringify(c)).join(', ')}]\`` : `\`${key}: ${String(bash)}\``
  return { explicit, at, written }
}

/**
 * Why the agent's egress is not filtered, when it is not: `sandbox.agent:
 * false` in the frontmatter, or a lock file whose agent step runs Claude
 * outside AWF (facts `agentFirewall`, `legacyNetworkHook`).
 */
export function firewallOff(aw: AgenticWorkflow): { why: string; at?: Span } | undefined {
  const sandbox = aw.data.sandbox
  if (isObject(sandbox) && sandbox.agent === false) {
    return { why: '`sandbox.agent: false` turns the agent firewall off', at: aw.fm.span(['sandbox', 'agent']) }
  }
  const c = aw.compiled
  if (c && !c.firewall) {
    return {
      why: `the compiled ${c.path}${c.compilerVersion ? ` (gh-aw ${c.compilerVersion})` : ''} runs Claude on the runner, outside the AWF firewall, where \`network:\` does not limit shell commands`
    }
  }
  return undefined
}

/**
 * A turn or AI-credit cap: written in the frontmatter (top-level `max-turns`,
 * its deprecated aliases `engine.max-turns` and `max-runs`, a positive
 * `max-ai-credits`), or compiled into the lock file (facts `turnAndCreditCaps`).
 */
export function runCap(aw: AgenticWorkflow): boolean {
  const set = (v: unknown): boolean => v !== undefined && v !== null && String(v).trim() !== ''
  if (set(aw.data['max-turns']) || set(aw.data['max-runs'])) return true
  if (set(aw.engine['max-turns']) || set(aw.engine.max_turns)) return true
  const credits = aw.data['max-ai-credits']
  if (set(credits) && !String(credits).trim().startsWith('-')) return true
  return aw.compiled?.turnCap === true
}

/** gh-aw's default bound of the agentic step when the frontmatter sets none (facts `agentTimeout`). */
const DEFAULT_AGENT_MINUTES = 20

/**
 * The time bound of the agent step: what the lock file compiled, else the
 * frontmatter's `timeout-minutes` (`timeout_minutes` in early releases), else
 * gh-aw's default. Undefined when a lock file names none (an unexpected shape).
 */
export function agentTimeout(aw: AgenticWorkflow): { minutes: number; where: string } | undefined {
  if (aw.compiled) {
    const m = aw.compiled.timeoutMinutes
    return m !== undefined ? { minutes: m, where: 'agent step' } : undefined
  }
  const written = aw.data['timeout-minutes'] ?? aw.data.timeout_minutes
  if (typeof written === 'number' && written > 0) return { minutes: written, where: 'agent step (`timeout-minutes`)' }
  if (written !== undefined) return undefined
  return { minutes: DEFAULT_AGENT_MINUTES, where: 'agent step (gh-aw\'s default)' }
}

/** Where `roles: all` is written (`on.roles`, or the older top-level `roles`), when it is (facts `roles`). */
export function rolesAll(aw: AgenticWorkflow): Span | undefined {
  const all = (v: unknown): boolean => v === 'all' || (Array.isArray(v) && v.includes('all'))
  const onKey = isObject(aw.data.on) ? 'on' : isObject(aw.data['true']) ? 'true' : undefined
  if (onKey && all((aw.data[onKey] as Record<string, unknown>).roles)) return aw.fm.span([onKey, 'roles'], 'pair')
  if (all(aw.data.roles)) return aw.fm.span(['roles'], 'pair')
  return undefined
}

/** The lock file `gh aw compile` writes for a source. */
export function lockFileOf(path: string): string {
  return posix.join(posix.dirname(path), posix.basename(path, '.md') + '.lock.yml')
}
