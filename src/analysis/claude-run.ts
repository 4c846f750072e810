/**
 * Facts about one Claude run that several rules need: its flags, the env it
 * sees, and settings given through the action's `settings` input.
 */
import { locateInBlock, type BoundWords, type ClaudeRun, type InputBinding } from '../model/claude.js'
import type { Span } from '../parse/source.js'
import type { AgentLikeFile } from '../model/project.js'
import { expressions, shellView } from '../model/workflow.js'
import { isObject } from '../parse/doc.js'
import { parseShell, type ShellCommand, type ShellWord } from '../shell/parse.js'
import { hasLineTerminator } from '../core/linear-text.js'
import { scriptPath } from './claude-runs.js'

/** The flag with one of these names, when present. */
export function flag(run: ClaudeRun, ...names: string[]): { name: string; value?: string } | undefined {
  return run.flags.find((f) => names.includes(f.name))
}

/**
 * Where a piece of a run's flag text (offsets `start`–`end` into the text the
 * flags were read from) stands in its file: the `run:` block or the repository
 * script for `claude -p`, the step's `claude_args` for the action (in the
 * workflow or in a composite action's `action.yml`). When the caller's inputs
 * or `env:` were bound into `claude_args`, a piece written unchanged in the
 * file is found there; else, in the one input value it came from (what a
 * caller's `with:` wrote, or the input's `default:`), when exactly one holds
 * it; otherwise undefined (never a guess).
 */
export function flagSpan(run: ClaudeRun, start: number, end: number): Span | undefined {
  if (run.kind === 'cli') {
    if (run.script) return exactly({ file: run.script.file, start: 0, end: run.script.text.length }, run.script.text, start, end)
    const span = scriptSpan(run)
    const text = run.step.run
    if (!span || typeof text !== 'string') return undefined
    return run.bound && end > text.length ? boundSpan(run, run.bound, span, text, start, end) : exactly(span, text, start, end)
  }
  const span = run.flagsSpan ?? run.doc.span([...run.step.path, 'with', 'claude_args'])
  if (!span || run.flagsText === undefined) return undefined
  const piece = run.flagsText.slice(start, end)
  // Only the inputs `claude_args` names as written can have put text in it.
  const raw = isObject(run.step.value.with) ? run.step.value.with.claude_args : undefined
  const named = typeof raw === 'string' ? inputNames(raw) : new Set<string>()
  // A flag the action's step writes with its value from an input (`format('--allowedTools {0}', inputs.tools)`): the value's place,
  // inside the quotes the expression may put around it (`format('--allowedTools ''{0}''', inputs.tools)`).
  const value = /^--[\w-]+(?:=|\s+)(["']?)/.exec(piece)
  const quote = value?.[1] ?? ''
  const rest = value ? piece.slice(value[0].length) : ''
  const inner = quote && rest.endsWith(quote) ? rest.slice(0, -1) : rest
  return exactly(span, run.flagsText, start, end) ?? inInput(run, piece, named) ?? (value ? inInput(run, inner, named) : undefined)
}

/**
 * {@link flagSpan} for a piece of a `claude -p` command's words that a `${{ }}`
 * over the action's inputs wrote (offsets past the script, see
 * {@link ClaudeRun.bound}): the bound part of the range, found in the one
 * input value it came from or, when the expression's own text holds it
 * (`inputs.x || 'WebFetch'`), in the script as written, when exactly one place
 * holds it; for a flag the expression writes with its value
 * (`format('--allowedTools "{0}"', inputs.tools)`) the value alone is looked
 * for too. Undefined otherwise.
 */
function boundSpan(run: ClaudeRun, bound: BoundWords, span: Span, script: string, start: number, end: number): Span | undefined {
  const p = bound.pieces.find((x) => x.start < end && end <= x.end)
  if (!p) return undefined
  const piece = bound.text.slice(Math.max(start, p.start), end)
  const written = script.slice(p.written.start, p.written.end)
  const find = (t: string): Span | undefined => {
    const found: Span[] = []
    const given = inInput(run, t, p.inputs)
    if (given) found.push(given)
    const i = t === '' ? -1 : written.indexOf(t)
    const own = i >= 0 && written.indexOf(t, i + 1) < 0 ? exactly(span, script, p.written.start + i, p.written.start + i + t.length) : undefined
    if (own) found.push(own)
    return found.length === 1 ? found[0] : undefined
  }
  // The value alone: after the flag the expression writes, and the quote it opens (`--allowedTools "Bash(x),WebFetch`).
  const lead = /^(?:--[\w-]+(?:=|\s+))?["']?/.exec(piece)?.[0] ?? ''
  return find(piece) ?? (lead ? find(piece.slice(lead.length)) : undefined)
}

/**
 * Where a piece of a `claude -p` command's words stands in its step's script
 * as written: offsets past the script (words {@link ClaudeRun.bound} wrote)
 * give the word whose `${{ }}` wrote them. Offsets into `run.step.run`.
 */
export function writtenRange(run: ClaudeRun, start: number, end: number): { start: number; end: number } {
  const len = typeof run.step.run === 'string' ? run.step.run.length : 0
  if (!run.bound || end <= len) return { start, end }
  const last = run.bound.pieces.find((x) => x.start < end && end <= x.end)
  const first = start >= len ? run.bound.pieces.find((x) => x.start <= start && start < x.end) : undefined
  return { start: first ? first.written.start : start, end: last ? last.written.end : len }
}

/** The input names `inputs.X` / `inputs['X']` in a text (lower-cased). */
function inputNames(text: string): Set<string> {
  return new Set([...text.matchAll(/\binputs\s*(?:\.\s*([A-Za-z_][\w-]*)|\[\s*'([^']+)'\s*\])/g)].map((m) => (m[1] ?? m[2] ?? '').toLowerCase()))
}

/**
 * Where the shell script of a `claude -p` run's step is written: its `run:`
 * block, or the input of an action that runs the input as a script
 * (devcontainers/ci `runCmd`, see {@link scriptPath}). Offsets into
 * `run.step.run` are offsets into this block's value.
 */
export function scriptSpan(run: ClaudeRun): Span | undefined {
  const at = scriptPath(run.step)
  return at && run.doc.span(at)
}

/** Where a piece of bound flag text was written in the input value it came from (see {@link flagSpan}). */
function inInput(run: ClaudeRun, piece: string, named: ReadonlySet<string>): Span | undefined {
  if (!run.inputs || piece === '' || hasLineTerminator(piece) || named.size === 0) return undefined
  const found: Span[] = []
  const declared = isObject(run.doc.value) && isObject(run.doc.value.inputs) ? run.doc.value.inputs : {}
  for (const [name, b] of run.inputs) {
    if (!named.has(name)) continue
    // The caller's value (or the outer caller's, for `${{ inputs.Y }}` of an enclosing action), else the default.
    let at: Span | undefined
    for (let x: InputBinding | undefined = b; x && !at; x = x.outer) {
      const i = x.value.indexOf(piece)
      if (i < 0) continue
      if (x.value.indexOf(piece, i + 1) >= 0) return undefined
      const span = x.doc && x.path ? x.doc.span(x.path) : undefined
      if (span) at = exactly(span, x.value, i, i + piece.length)
      else if (!x.doc) {
        const key = Object.keys(declared).find((k) => k.toLowerCase() === name)
        const def = key !== undefined ? run.doc.span(['inputs', key, 'default']) : undefined
        if (def) at = exactly(def, x.value, i, i + piece.length)
      }
    }
    if (at) found.push(at)
  }
  return found.length === 1 ? found[0] : undefined
}

/** {@link locateInBlock}, or undefined where the piece is not in the span as written. */
function exactly(span: Span, value: string, start: number, end: number): Span | undefined {
  const piece = value.slice(start, end).split('\n')[0]
  const at = locateInBlock(span, value, start, end)
  return piece !== '' && span.file.text.slice(at.start, at.end) === piece ? at : undefined
}

/**
 * Whether the unknown caller of a published action can still add flags or
 * settings to this run (`${{ inputs.X }}` in `claude_args`, `settings`, the
 * command line or its env), or a script's code adds words not known here (a
 * list spliced into the argv): then a flag missing from the text is not missing.
 * `asked` is the flag looked for (a variable named like a model sets only `--model`).
 */
export function callerMayAdd(run: ClaudeRun, asked = '--model'): boolean {
  // A process started from code whose argv splices a list built at run time (`*extra`, `...args`).
  if (run.script?.lang && run.command?.args.some((w) => w.hasUnquotedExpansion)) return true
  // An Agent SDK session whose options are not all known here (a spread, options passed in or built elsewhere).
  if (run.sdk?.open) return true
  if (!run.callerUnknown) return false
  const w = run.step.with
  if ([w.claude_args, w.settings, w.model, w.max_turns].some(fromInputs)) return true
  const env = Object.entries(run.step.env).filter(([, v]) => fromInputs(v))
  const cmd = run.command
  // An action run: the caller's env may set anything the action reads.
  if (!cmd) return env.length > 0
  // A model the caller's env chooses (`ANTHROPIC_MODEL: ${{ inputs.model }}`): that adds a model, no other flag.
  if (asked === '--model' && env.some(([name]) => /MODEL/i.test(name))) return true
  // On the command line an input (or a variable the caller's env fills) adds words only where the shell
  // splits it (outside quotes): `--model "${{ inputs.model }}"` stays one argument, `${{ inputs.flags }}` may be several.
  const text = run.script?.text ?? run.step.run ?? ''
  return cmd.args.some((word) => {
    const raw = text.slice(word.start, word.end)
    const viaEnv = env.some(([name]) => mentionsVariable(raw, name))
    if (!viaEnv && !expressions(raw).some((e) => INPUTS.test(e.text))) return false
    // Each `${{ }}` as a same-length parameter expansion: the parser tells whether one stands outside quotes.
    const asVariable = expressions(raw).reduceRight((t, e) => t.slice(0, e.start) + '$' + '_'.repeat(e.end - e.start - 1) + t.slice(e.end), raw)
    return parseShell(`: ${asVariable}`).commands[0]?.args[1]?.hasUnquotedExpansion === true
  })
}

/** Whether a word's text names `$NAME` or `${NAME…` (the name not continued by another name character). */
function mentionsVariable(raw: string, name: string): boolean {
  for (const lead of ['$', '${']) {
    for (let i = raw.indexOf(lead + name); i >= 0; i = raw.indexOf(lead + name, i + 1)) {
      const next = raw.charCodeAt(i + lead.length + name.length)
      if (!(next === 95 || (next >= 48 && next <= 57) || (next >= 65 && next <= 90) || (next >= 97 && next <= 122))) return true
    }
  }
  return false
}

/** `inputs.X` / `inputs['X']` in an expression. */
const INPUTS = /(?<![\w.])inputs\s*[.[]/

/** Whether a value holds an expression that reads the caller's inputs. */
function fromInputs(t: unknown): boolean {
  return typeof t === 'string' && expressions(t).some((e) => INPUTS.test(e.text))
}

/**
 * Env visible to the Claude process: workflow, job and step `env:`, variables
 * an earlier step of the job wrote to `$GITHUB_ENV`, and for `claude -p` in a
 * `run:` script also what the script exports before the command (`export`,
 * `declare -x`) and the command's own assignments (`VAR=x claude -p`,
 * `env VAR=x claude -p`). Later sources win; the values are as written.
 */
export function runEnv(run: ClaudeRun): Record<string, unknown> {
  const env: Record<string, unknown> = { ...run.workflow.env, ...run.job.env }
  for (const step of run.job.steps) {
    if (step.index >= run.step.index) break
    if (step.run && GITHUB_ENV.test(step.run)) Object.assign(env, githubEnvWrites(step.run))
  }
  Object.assign(env, run.step.env)
  const cmd = run.command
  // A run in a repository script: its command's offsets refer to the script's text.
  const script = run.script?.text ?? run.step.run
  // A process started from Python or JavaScript gets its env from the code, which is not read here.
  if (cmd && script && !run.script?.lang) {
    if (EXPORTS.test(script)) {
      for (const c of parseShell(shellView(script)).commands) {
        if (c.start >= cmd.start) break
        if (c.inSubstitution || c.inFunction !== undefined) continue
        applyExport(c, script, env)
      }
    }
    for (const a of cmd.assignments) env[a.name] = wordValue(a.value, script)
  }
  return env
}

const GITHUB_ENV = /\bGITHUB_ENV\b/
const EXPORTS = /\b(export|declare|typeset)\b/

/** The value of a word in `script`, taken from the source so `${{ }}` shows as written. */
function wordValue(w: ShellWord, script: string): string {
  const raw = script.slice(w.start, w.end)
  return raw === w.raw ? w.text : raw.replace(/^(["'])([\s\S]*)\1$/, '$2')
}

/** `export A=1`, `declare -x A=1` (and `export -n A`, which takes A out of the environment). */
function applyExport(c: ShellCommand, script: string, env: Record<string, unknown>): void {
  const opts = c.args.slice(1).filter((a) => a.text.startsWith('-')).map((a) => a.text)
  if (c.name === 'export') {
    if (opts.some((o) => o.includes('n'))) {
      for (const a of c.assignments) delete env[a.name]
      for (const a of c.args.slice(1)) if (/^[A-Za-z_]\w*$/.test(a.text)) delete env[a.text]
      return
    }
  } else if (c.name === 'declare' || c.name === 'typeset') {
    if (!opts.some((o) => /^-[^-]*x/.test(o))) return
  } else {
    return
  }
  for (const a of c.assignments) env[a.name] = wordValue(a.value, script)
}

/**
 * Variables a `run:` script appends to `$GITHUB_ENV` (they reach every later
 * step of the job): `echo "NAME=value" >> $GITHUB_ENV`, `printf`, and a
 * `cat <<EOF >> $GITHUB_ENV` heredoc, with `NAME<<DELIM` multiline values.
 */
export function githubEnvWrites(script: string): Record<string, string> {
  const env: Record<string, string> = {}
  const isEnvFile = (w: ShellWord | undefined): boolean => w !== undefined && /^\$\{?GITHUB_ENV\}?$/.test(w.text)
  for (const c of parseShell(shellView(script)).commands) {
    // `echo A=1 >> $GITHUB_ENV`, or `echo A=1 | tee -a $GITHUB_ENV`.
    let writer: ShellCommand | undefined
    if (c.redirects.some((r) => (r.op === '>>' || r.op === '>') && (r.fd === undefined || r.fd === '1') && isEnvFile(r.target))) {
      writer = c
    } else if (c.name === 'tee' && c.args.slice(1).some(isEnvFile)) {
      writer = c.pipedFrom
    }
    const text = writer && writtenText(writer, script)
    if (text === undefined) continue
    const lines = text.split(/\r?\n/)
    for (let i = 0; i < lines.length; i++) {
      const m = /^\s*([A-Za-z_]\w*)(?:=(.*)|<<(\S+)\s*)$/.exec(lines[i])
      if (!m) continue
      if (m[3] === undefined) {
        env[m[1]] = m[2]
        continue
      }
      const body: string[] = []
      while (++i < lines.length && lines[i].trim() !== m[3]) body.push(lines[i])
      env[m[1]] = body.join('\n')
    }
  }
  return env
}

/** What `echo`, `printf` or a heredoc (`cat <<EOF`) writes to its output, roughly. */
export function writtenText(c: ShellCommand, script: string): string | undefined {
  if (c.name === 'echo') {
    const words = c.args.slice(1)
    while (words.length && /^-[neE]+$/.test(words[0].text)) words.shift()
    return words.map((w) => wordValue(w, script)).join(' ')
  }
  if (c.name === 'printf') {
    return c.args.slice(1).map((w) => wordValue(w, script)).join(' ').replace(/\\n/g, '\n')
  }
  const doc = c.redirects.find((r) => r.heredoc)?.heredoc
  return doc && wordValue(doc, script)
}

/**
 * Whether Claude Code loads a project agent file: it silently skips files
 * without a `name` (treated as docs) and files with a `name` but no
 * `description` (reference §5.1), so their frontmatter does nothing.
 */
export function agentLoaded(a: AgentLikeFile): boolean {
  return typeof a.data.name === 'string' && a.data.description !== undefined && a.data.description !== null
}

/** The action's `settings` input as an object, when it is inline JSON. */
export function settingsInput(run: ClaudeRun): Record<string, unknown> | undefined {
  const s = run.step.with.settings
  if (typeof s !== 'string') return undefined
  const t = s.trim()
  if (!t.startsWith('{')) return undefined
  try {
    const v: unknown = JSON.parse(t)
    return isObject(v) ? v : undefined
  } catch {
    return undefined
  }
}

/**
 * One `NAME: value` line of `claude_env`, as `^\s*([A-Za-z_][\w]*)\s*:\s*(.*)$`
 * matched it (`[1]` the name, `[2]` the value after the blanks), without that
 * expression's quadratic backtracking over a run of blanks.
 */
export function claudeEnvLine(line: string): [string, string, string] | undefined {
  const k = /^\s*([A-Za-z_]\w*)\s*:/.exec(line)
  if (!k) return undefined
  const value = line.slice(k[0].length).trimStart()
  return hasLineTerminator(value) ? undefined : [line, k[1] as string, value]
}

/** Env set through the action's `settings` input (`env`) or v0 `claude_env`. */
export function settingsEnv(run: ClaudeRun): Record<string, unknown> {
  const s = settingsInput(run)
  const env: Record<string, unknown> = s && isObject(s.env) ? { ...s.env } : {}
  const ce = run.step.with.claude_env
  if (run.major === 'v0' && typeof ce === 'string') {
    for (const line of ce.split('\n')) {
      const m = claudeEnvLine(line)
      if (m) env[m[1]] = m[2]
    }
  }
  return env
}

/** Whether an input is honoured by this run's action generation. */
export function inputHonoured(run: ClaudeRun, input: string): boolean {
  // A fork or wrapper reads what it declares; unread (the action file is elsewhere), what the caller passes.
  if (run.fork) return run.fork.declared ? run.fork.declared.has(input.toLowerCase()) : true
  return run.kind === 'base-action' || run.major === 'v0' || !V0_ONLY_INPUTS.has(input)
}

/** Inputs of claude-code-action v0 that v1 does not declare (so they do nothing on @v1). */
export const V0_ONLY_INPUTS: ReadonlySet<string> = new Set([
  'mode',
  'model',
  'anthropic_model',
  'fallback_model',
  'allowed_tools',
  'disallowed_tools',
  'custom_instructions',
  'direct_prompt',
  'override_prompt',
  'mcp_config',
  'claude_env',
  'max_turns',
  'timeout_minutes',
  'experimental_allowed_domains',
  'system_prompt',
  'append_system_prompt'
])

/** A value a workflow or an enclosing local action passes to a local action's input (see {@link passedInput}). */
export interface PassedInput {
  /** The input's name as the caller writes it in `with:`. */
  input: string
  /** The action the caller's step uses (`./.github/actions/run-claude`). */
  uses: string
  /** The caller's whole `with:` value. */
  value: Span
}

/**
 * Where a place in a run's text was passed from: the caller's `with:` value
 * (of the workflow's step, or of a step of an enclosing local action) that
 * holds `at`, when the run is inside a local action and one does. A finding at
 * such a place names the action and the input, for the text stands in the
 * caller's file and takes effect in the action's.
 */
export function passedInput(run: ClaudeRun, at: Span): PassedInput | undefined {
  for (const b of run.inputs?.values() ?? []) {
    for (let x: InputBinding | undefined = b; x; x = x.outer) {
      const value = x.doc && x.path ? x.doc.span(x.path) : undefined
      if (!value || value.file !== at.file || at.start < value.start || at.start >= value.end || !x.path) continue
      const stepPath = x.path.slice(0, -2)
      const hop = run.via.find((h) => h.kind === 'action' && h.doc === x.doc && h.step.path.join('\0') === stepPath.join('\0'))
      const uses = hop?.step.uses?.trim()
      if (uses) return { input: String(x.path[x.path.length - 1]), uses, value }
    }
  }
  return undefined
}
