/**
 * The one place that decides whether a workflow step runs Claude Code, and how:
 * anthropics/claude-code-action (v0 and v1 inputs), claude-code-base-action, or
 * the `claude` CLI in print mode in a `run:` script (`claude -p`, `npx
 * @anthropic-ai/claude-code -p`, or without `-p` where stdout is not a
 * terminal: {@link claudePrintMode}).
 */
import type { SourceFile, Span } from '../parse/source.js'
import type { CodeLanguage } from '../parse/code.js'
import type { PathSeg, StructuredDoc } from '../parse/doc.js'
import { expressions, type Job, type Step, type Workflow } from './workflow.js'
import { parse as parseShellQuote } from 'shell-quote'
import { stdinFed, stdoutCaptured } from '../shell/streams.js'
import { unquotedText, type ShellAssignment, type ShellCommand, type ShellFunction, type ShellScript, type ShellWord } from '../shell/parse.js'

/** How a step runs Claude. */
export type ClaudeRunKind = 'action' | 'base-action' | 'cli'

/** A command-line flag found in `claude_args` or a `claude -p` invocation. */
export interface CliFlag {
  name: string
  value?: string
  /** Offsets relative to the argument string (for `claude_args`) or the run script. */
  start: number
  end: number
  /**
   * Set on some paths of the script only: the flag comes from a shell array
   * or variable that an `if`/`case` branch, a loop or `&&`/`||` fills.
   */
  conditional?: boolean
  /**
   * `claude_args` only: values that lost shell syntax on the way (unquoted
   * `Bash(gh pr:*)` reaches Claude Code as `Bash` and `gh`): each word as
   * passed on, where it stands, and the run of text it came from.
   */
  shellDropped?: { text: string; start: number; end: number; raw: string }[]
}

/** One place where a workflow runs Claude Code. */
export interface ClaudeRun {
  kind: ClaudeRunKind
  workflow: Workflow
  job: Job
  step: Step
  /** Git ref after `@` for actions. */
  ref?: string
  /** Input generation of the action: v0 (`@beta`, `@v0.x`) or v1. */
  major: 'v0' | 'v1'
  /**
   * A step of an action that is not anthropics' own (a fork, a copy or a
   * wrapper), counted because it takes the Claude action's inputs: which
   * inputs it reads is its own, so the v0/v1 split of the real action does not
   * apply. `declared` holds its declared inputs when its `action.yml` was read.
   */
  fork?: { declared?: ReadonlySet<string> }
  /**
   * Non-interactive: a prompt is given (automation mode), the base action, or the CLI in print
   * mode (`claude -p`, or `claude` with a prompt where its stdout is not a terminal: {@link claudePrintMode}).
   */
  unattended: boolean
  /** Flags from `claude_args` (v1) or from the command line (cli). */
  flags: CliFlag[]
  /** Span of the text the flags were read from, when that text is the file's as written. */
  flagsSpan?: Span
  /**
   * For the action: the `claude_args` text the flags' offsets refer to (the
   * caller's inputs and `env:` bound in, so it may differ from the file's).
   */
  flagsText?: string
  /** Where a finding about something missing from this run points. */
  anchor: Span
  /** The shell command, for `claude -p` runs. */
  command?: ShellCommand
  /**
   * The document that holds {@link step}: the workflow's, or a local action's
   * `action.yml` when Claude runs inside a composite action. Spans of the
   * step's keys come from here, not from `workflow.doc`.
   */
  doc: StructuredDoc
  /** The steps {@link step} runs among (the job's, or the composite action's), in order. */
  steps: Step[]
  /**
   * How the workflow's step reaches this run, outermost first: local actions
   * (`uses: ./x`, `at` its `uses:` line) and repository scripts (`at` the
   * command that runs the script). Empty for a step of the workflow itself.
   */
  via: ClaudeRunHop[]
  /**
   * For `claude -p` in a repository script: the script, whose text
   * {@link command}'s offsets refer to (otherwise they refer to `step.run`);
   * `lang` for a Python, JavaScript or TypeScript script, whose command is the
   * argv of a process it starts (src/analysis/code-claude-runs.ts).
   */
  script?: { file: SourceFile; text: string; lang?: CodeLanguage }
  /**
   * Inside a composite action: what its caller passes for each input
   * (lower-cased name), the value that replaced `${{ inputs.NAME }}` in
   * {@link step}'s `with:` and `env:`.
   */
  inputs?: Map<string, InputBinding>
  /**
   * For `claude -p` in a composite action's `run:` script: the words GitHub
   * writes from `${{ }}` over the action's inputs (the caller's values, or the
   * inputs' defaults), read as the shell splits them. {@link flags} taken from
   * such a word have offsets into {@link BoundWords.text} at or past the
   * script's length; offsets below it are the script's own.
   */
  bound?: BoundWords
  /**
   * In an action the repository publishes but no workflow of it calls: the
   * caller is not known, so {@link workflow} and {@link job} stand for "any
   * caller" (no triggers, permissions or timeout of their own), and
   * `${{ inputs.X }}` is left as written (the caller's value is not assumed).
   */
  callerUnknown?: boolean
  /**
   * For an Agent SDK session a repository script starts (`query(...)`,
   * `ClaudeSDKClient(...)`; the SDK spawns the Claude Code CLI): what the
   * session is. {@link flags} then hold its options as the CLI flags they
   * become (`max_turns` as `--max-turns`, offsets into {@link script}), and
   * {@link command} is unset. src/analysis/sdk-runs.ts.
   */
  sdk?: SdkSession
  /**
   * For `claude -p` a Python or JavaScript script starts: the seconds after which the call that
   * starts it kills it (`subprocess.run(..., timeout=120)`), when literal (src/analysis/code-claude-runs.ts).
   */
  processTimeout?: number
}

/** The script of a `claude -p` run followed by its words as written with the action's inputs bound (see {@link ClaudeRun.bound}). */
export interface BoundWords {
  /** The script (`step.run`), then for each such word a line holding it as GitHub writes it. */
  text: string
  /** Those lines: where each is in {@link text}, where its word is written in the script, and the inputs it reads (lower-cased). */
  pieces: { start: number; end: number; written: { start: number; end: number }; inputs: ReadonlySet<string> }[]
}

/** An Agent SDK session started from a script a workflow runs. */
export interface SdkSession {
  /** `query()` (one run) or `ClaudeSDKClient` (a session fed message by message). */
  session: 'query' | 'client'
  /** The callee as written (`query`, `sdk.query`'s `query`). */
  callee: string
  /** The option names in the script's language: `max_turns` or `maxTurns`. */
  lang: 'py' | 'js'
  /** Options not known here (a spread, options built elsewhere or passed in): a missing option may be set. */
  open: boolean
  /** The session's `env` option, its literal entries (the CLI's environment on top of the process's). */
  env: Record<string, unknown>
  /** The call, from its callee to its closing parenthesis. */
  call: Span
  /** A time limit the script puts around the session (`async with asyncio.timeout(120):`), if any. */
  timeBound?: { text: string; seconds?: number; when?: string }
  /** Environment variables the `query` prompt is built from (`os.environ["TITLE"]`), each where the script reads it. */
  promptReads: { name: string; start: number; end: number }[]
}

/** The value a composite action's input receives from its caller. */
export interface InputBinding {
  value: string
  /** Where the caller wrote it (undefined for the input's default). */
  doc?: StructuredDoc
  path?: PathSeg[]
  /** The outer caller's binding when the value is `${{ inputs.Y }}` of an enclosing composite action. */
  outer?: InputBinding
}

/** One hop from a workflow step to where Claude runs. */
export interface ClaudeRunHop {
  /** `import`: a repository module the script before it imports (`at` the import statement in that script). */
  kind: 'action' | 'script' | 'import'
  /** The document of the calling step. */
  doc: StructuredDoc
  step: Step
  /** The action's `action.yml`, or the script, repository-relative. */
  path: string
  at?: Span
}

const ACTION = /^anthropics\/claude-code-action(?:\/(base-action))?@(.+)$/i
const BASE_ACTION = /^anthropics\/claude-code-base-action@(.+)$/i

/** Parses `uses:` of a Claude action step, or undefined for other actions. */
export function claudeActionOf(uses: string | undefined): { kind: ClaudeRunKind; ref: string } | undefined {
  if (!uses) return undefined
  const u = uses.trim()
  const m = ACTION.exec(u)
  if (m) return { kind: m[1] ? 'base-action' : 'action', ref: m[2] }
  const b = BASE_ACTION.exec(u)
  if (b) return { kind: 'base-action', ref: b[1] }
  return undefined
}

/**
 * Decides the input generation of the action from its ref; a commit SHA is
 * judged by the version comment on the same line (`# v1.0.2`), else taken as v1.
 */
export function actionMajor(ref: string, lineText: string): 'v0' | 'v1' {
  const r = ref.trim()
  if (/^[0-9a-f]{40}$/i.test(r)) {
    const c = /#\s*(v?[\w.-]+)/.exec(lineText)
    return c ? majorOfTag(c[1]) : 'v1'
  }
  return majorOfTag(r)
}

function majorOfTag(tag: string): 'v0' | 'v1' {
  const t = tag.toLowerCase()
  if (t === 'beta' || /^v?0(\.|$)/.test(t)) return 'v0'
  return 'v1'
}

/**
 * Options of the `claude` CLI that take several values (`<tools...>` in
 * `claude --help`, Claude Code 2.1.332): like any commander variadic option,
 * each takes every following word up to the next option, so
 * `--allowedTools "Read" "WebFetch"` grants both.
 */
const VARIADIC = new Set(['--allowedTools', '--allowed-tools', '--disallowedTools', '--disallowed-tools', '--tools', '--add-dir', '--mcp-config', '--betas', '--file'])
const TOOL_LISTS = new Set(['--allowedTools', '--allowed-tools', '--disallowedTools', '--disallowed-tools', '--tools'])

/**
 * Whether a word after a tool-list option is one more tool list rather than
 * the prompt: no blank outside parentheses (`Bash(gh pr view *)` is a rule,
 * `review this PR` is a prompt the CLI would swallow as a rule, so the run
 * would have no prompt; reading it as a rule would report words of a prompt).
 * An empty word is an empty list (`--tools ""`: no tools).
 */
function isToolListWord(text: string): boolean {
  let depth = 0
  // A `${{ }}` expression is one value whatever blanks it holds (`"Read,${{ inputs.tools }}"`).
  let plain = text
  for (const e of expressions(text).reverse()) plain = plain.slice(0, e.start) + 'x' + plain.slice(e.end)
  for (const ch of plain) {
    if (ch === '(') depth++
    else if (ch === ')') depth = Math.max(0, depth - 1)
    else if (depth === 0 && (ch === ' ' || ch === '\t' || ch === '\n' || ch === '\r')) return false
  }
  return true
}

/**
 * The settings sources a run loads, when `--setting-sources` names them (`user,project,local`):
 * without `project`, the repository's `.claude/settings.json` (its hooks, env and permissions) is
 * not read, and without `local` neither is `.claude/settings.local.json` (claude-code-action
 * loads all three unless its `claude_args` holds the flag). Undefined when the flag is absent, or
 * set on some paths of the script only: every source then counts as loaded.
 */
export function settingSources(run: ClaudeRun): ReadonlySet<string> | undefined {
  const f = run.flags.filter((x) => x.name === '--setting-sources').at(-1)
  if (!f || f.value === undefined || f.conditional) return undefined
  return new Set(f.value.split(',').map((s) => s.trim().toLowerCase()).filter(Boolean))
}

/**
 * Parses CLI flags out of shell words (`--max-turns 5`, `--model=x`). The
 * values of a variadic option ({@link VARIADIC}) are joined with spaces.
 */
export function flagsOf(
  words: { text: string; start: number; end: number; conditional?: boolean; cutFrom?: string }[],
  /** What joins the words of a tool list: the action passes each word on as one list entry (`,`). */
  toolListJoin = ' '
): CliFlag[] {
  const out: CliFlag[] = []
  for (let i = 0; i < words.length; i++) {
    const w = words[i]
    if (!w.text.startsWith('-')) continue
    const cond = w.conditional ? { conditional: true } : {}
    const eq = w.text.indexOf('=')
    const name = w.text.startsWith('--') && eq > 0 ? w.text.slice(0, eq) : w.text
    const values = name !== w.text ? [w.text.slice(eq + 1)] : []
    let end = w.end
    const dropped: NonNullable<CliFlag['shellDropped']> = []
    // A value in another element than its flag (`FLAGS=(--model x)`, `claude --model "${M[@]}"`): from the flag to the value, when after it.
    const upTo = (x: { start: number; end: number; text: string; cutFrom?: string }): void => {
      if (x.end >= w.start) end = x.end
      if (x.cutFrom !== undefined) dropped.push({ text: x.text, start: x.start, end: x.end, raw: x.cutFrom })
    }
    const more = (t: string): boolean => !t.startsWith('-') && (!TOOL_LISTS.has(name) || isToolListWord(t))
    if (VARIADIC.has(name)) {
      while (i + 1 < words.length && more(words[i + 1].text)) {
        values.push(words[++i].text)
        upTo(words[i])
      }
    } else if (values.length === 0 && words[i + 1] && !words[i + 1].text.startsWith('-')) {
      values.push(words[++i].text)
      upTo(words[i])
    }
    const lost = dropped.length ? { shellDropped: dropped } : {}
    const joiner = TOOL_LISTS.has(name) ? toolListJoin : ' '
    out.push(values.length ? { name, value: values.join(joiner), start: w.start, end, ...cond, ...lost } : { name, start: w.start, end, ...cond })
  }
  return out
}

/** A word of a command after arrays and variables set in the same script are expanded. */
export type ResolvedWord = ShellWord & {
  /** Comes from an assignment made on some paths of the script only. */
  conditional?: boolean
}

/** What a shell variable holds at one point of a script: its words, or null when not known. */
interface Held {
  words: ResolvedWord[]
  array: boolean
}

/**
 * Variables a script starts with, set outside its text: the `env:` of the
 * workflow, job and step (and what earlier steps wrote to `$GITHUB_ENV`), or
 * what a calling script may have exported. A string value is the variable's
 * text; any other value (a `${{ }}` expression, `undefined`) says the variable
 * is set to something not known here.
 */
export type OuterEnv = Readonly<Record<string, unknown>>

/** Commands that set variables for the rest of the script (not just for one command). */
const DECLARERS = new Set(['', 'declare', 'typeset', 'local', 'readonly', 'export'])
/** `"${NAME[@]}"`, `${NAME[@]}`, `${NAME[*]}`: every element of an array. */
const ALL_ELEMENTS = /^(?:"\$\{([A-Za-z_]\w*)\[@\]\}"|\$\{([A-Za-z_]\w*)\[[@*]\]\})$/
/** `$NAME` / `${NAME}` unquoted: a scalar split into words, or an array's first element. */
const BARE_VAR = /^\$(?:([A-Za-z_]\w*)|\{([A-Za-z_]\w*)\})$/
/** `"$NAME"` / `"${NAME}"`: one word, the variable's whole value. */
const QUOTED_VAR = /^"\$(?:([A-Za-z_]\w*)|\{([A-Za-z_]\w*)\})"$/
/**
 * `${NAME:-word}` / `${NAME-word}` (also `:=` / `=`), unquoted or as one
 * double-quoted word, whose default is plain text: the variable's value, or
 * the default where the variable is unset (`-`) or unset or empty (`:-`).
 */
const DEFAULTED_VAR = /^("?)\$\{([A-Za-z_]\w*)(:?)[-=]([^${}`"'\\]*)\}\1$/
/** Bounds the words one variable may hold (`FLAGS+=(...)` in a long loop). */
const MAX_HELD = 256

function marked(words: ResolvedWord[], conditional: boolean | undefined): ResolvedWord[] {
  return conditional ? words.map((w) => (w.conditional ? w : { ...w, conditional: true })) : words
}

/** A piece of a word's text as a word of its own, at its place in the source when found. */
function pieceWord(text: string, at: number, whole: ShellWord): ResolvedWord {
  const found = at >= 0
  return {
    text,
    raw: text,
    start: found ? whole.start + at : whole.start,
    end: found ? whole.start + at + text.length : whole.end,
    literal: !text.includes('$') && !text.includes('`'),
    hasCommandSubst: false,
    hasParamExpansion: text.includes('$'),
    hasProcessSubst: false,
    hasUnquotedExpansion: false,
    quoted: false
  }
}

/** A variable's value where the script expands it: what the script set, else what {@link OuterEnv} says (null: set, not known). */
function valueOf(name: string, vars: Map<string, Held | null>, outer: OuterEnv | undefined): Held | null | undefined {
  if (vars.has(name)) return vars.get(name)
  if (!outer || !Object.hasOwn(outer, name)) return undefined
  const v = outer[name]
  if (typeof v !== 'string' || v.includes('${{')) return null
  // Written outside the script: its words stand where the script expands them (see placed).
  return { words: v.split(/\s+/).filter(Boolean).map((t) => ({ ...pieceWord(t, -1, OUTSIDE), start: -1, end: -1 })), array: false }
}

/** The span words from {@link OuterEnv} take: none of their own in the script. */
const OUTSIDE: ShellWord = { text: '', raw: '', start: -1, end: -1, literal: true, hasCommandSubst: false, hasParamExpansion: false, hasProcessSubst: false, hasUnquotedExpansion: false, quoted: false }

/** Words a variable gave, those written outside the script placed at the word that expands them. */
function placed(words: ResolvedWord[], at: { start: number; end: number }): ResolvedWord[] {
  return words.some((w) => w.start < 0) ? words.map((w) => (w.start < 0 ? { ...w, start: at.start, end: at.end } : w)) : words
}

/**
 * `${NAME:-word}` (matched by {@link DEFAULTED_VAR}) in `whole` at `at`: the
 * variable's words, else the default's, each where it is written; undefined
 * when the value is not known (set to something this does not see).
 */
function defaulted(m: RegExpExecArray, vars: Map<string, Held | null>, outer: OuterEnv | undefined, whole: ShellWord, at: number): ResolvedWord[] | undefined {
  const [piece, quote, name, colon, def] = m as unknown as [string, string, string, string, string]
  const held = valueOf(name, vars, outer)
  if (held === null) return undefined
  const words = held ? (held.array ? held.words.slice(0, 1) : held.words) : []
  // Set (to something other than empty, for `:-`): its value, one word when quoted.
  if (held && (words.length > 0 || colon === '')) {
    if (quote && words.length !== 1) return undefined
    return placed(words, { start: whole.start + Math.max(at, 0), end: whole.start + Math.max(at, 0) + piece.length })
  }
  const defAt = at < 0 ? -1 : at + piece.length - quote.length - 1 - def.length
  if (quote) return def === '' ? undefined : [pieceWord(def, defAt, whole)]
  const out: ResolvedWord[] = []
  let from = 0
  for (const t of def.split(/\s+/)) {
    if (!t) continue
    const i = def.indexOf(t, from)
    from = i + t.length
    out.push(pieceWord(t, defAt < 0 ? -1 : defAt + i, whole))
  }
  return out
}

/** The words a scalar assignment's value splits into when expanded unquoted; null when not known (`$(...)`). */
function scalarWords(v: ShellWord, vars: Map<string, Held | null>, conditional: boolean | undefined, outer?: OuterEnv): ResolvedWord[] | null {
  if (v.hasCommandSubst || v.hasProcessSubst) return null
  const out: ResolvedWord[] = []
  let from = 0
  for (const piece of v.text.split(/\s+/)) {
    if (!piece) continue
    const at = v.raw.indexOf(piece, from)
    if (at >= 0) from = at + piece.length
    const m = BARE_VAR.exec(piece)
    const name = m ? (m[1] ?? m[2]) : undefined
    const held = name !== undefined ? valueOf(name, vars, outer) : undefined
    // `ARGS="$ARGS --max-turns 5"`: the variable's earlier words, where they were written.
    if (held === null && name !== undefined && vars.has(name)) return null
    const d = DEFAULTED_VAR.exec(piece)
    // `CLAUDE="${CLAUDE:-claude}"`: the default, where nothing set the variable.
    const dw = d && !d[1] ? defaulted(d, vars, outer, v, at) : undefined
    const here = { start: at >= 0 ? v.start + at : v.start, end: at >= 0 ? v.start + at + piece.length : v.end }
    if (held) out.push(...placed(held.array ? held.words.slice(0, 1) : held.words, here))
    else if (dw) out.push(...placed(dw, here))
    else out.push(pieceWord(piece, at, v))
  }
  return marked(out, conditional)
}

/**
 * Words of an expansion as the shell passes them to the command (undefined:
 * not one this resolves). `program`: the word is where a command's name
 * stands (a command's program word, an array's first element), where a quoted
 * `"$CLAUDE"` is the variable's one word: a prompt in `"$X"` elsewhere is
 * left as written.
 */
function expand(w: ShellWord, vars: Map<string, Held | null>, outer?: OuterEnv, program = false): ResolvedWord[] | undefined {
  if (!w.hasParamExpansion || w.hasCommandSubst) return undefined
  const all = ALL_ELEMENTS.exec(w.raw)
  if (all) {
    const held = valueOf(all[1] ?? all[2], vars, outer)
    return held ? placed(held.words, w) : undefined
  }
  const bare = BARE_VAR.exec(w.raw)
  if (bare) {
    const held = valueOf(bare[1] ?? bare[2], vars, outer)
    return held ? placed(held.array ? held.words.slice(0, 1) : held.words, w) : undefined
  }
  const quoted = program ? QUOTED_VAR.exec(w.raw) : null
  if (quoted) {
    const held = valueOf(quoted[1] ?? quoted[2], vars, outer)
    const words = held ? (held.array ? held.words.slice(0, 1) : held.words) : []
    return words.length === 1 ? placed(words, w) : undefined
  }
  const d = DEFAULTED_VAR.exec(w.raw)
  return d ? defaulted(d, vars, outer, w, 0) : undefined
}

function assign(a: ShellAssignment, vars: Map<string, Held | null>, conditional: boolean | undefined, outer?: OuterEnv): void {
  let words: ResolvedWord[] | null
  if (a.elements) {
    words = []
    for (const [i, e] of a.elements.entries()) {
      // `"$(cat prompt.md)"` is one word whose text the script does not show (kept as written, a
      // value); unquoted, a substitution splits into any number of words: the array is unknown.
      if ((e.hasCommandSubst || e.hasProcessSubst) && e.hasUnquotedExpansion) {
        words = null
        break
      }
      // The first element of a new array may be the program (`ARGS=("$CLAUDE_CMD")`).
      words.push(...(expand(e, vars, outer, i === 0 && !a.append) ?? [e]))
    }
  } else words = scalarWords(a.value, vars, undefined, outer)
  const prev = vars.get(a.name)
  if (words === null || prev === null) {
    vars.set(a.name, null)
    return
  }
  const array = a.elements !== undefined || (prev?.array ?? false)
  const added = marked(words, conditional)
  // `X+=(...)` adds; `X=(...)` replaces, unless only some paths run it: then either value may hold.
  const keep = a.append ? (prev?.words ?? []) : conditional ? marked(prev?.words ?? [], true) : []
  vars.set(a.name, { words: [...keep, ...added].slice(0, MAX_HELD), array })
}

/**
 * The variables a script has set before `cmd`, as far as its own assignments
 * say: `FLAGS=(...)`, `FLAGS+=(...)`, `ARGS="..."`, also through `declare` /
 * `local` / `export`. An assignment on some paths only (a branch, a loop, after
 * `&&`) adds its words marked conditional to what was there; a value the
 * script cannot show (`$(...)`, `read`, `mapfile`) makes the variable unknown.
 * `outer`: what the script starts with (see {@link OuterEnv}).
 */
function heldBefore(cmd: ShellCommand, commands: readonly ShellCommand[], outer?: OuterEnv): Map<string, Held | null> {
  const vars = new Map<string, Held | null>()
  for (const c of commands) {
    if (c.start >= cmd.start) break
    if (c.inSubstitution) continue
    if (DECLARERS.has(c.name)) {
      // Set on every call of the function `cmd` runs in: as sure as `cmd` itself.
      const sure = c.everyCall === true && c.inFunction === cmd.inFunction
      for (const a of c.assignments) assign(a, vars, c.conditional && !sure, outer)
    } else if (c.name === 'unset') {
      for (const w of c.args.slice(1)) if (!w.text.startsWith('-')) vars.set(w.text, c.conditional ? null : { words: [], array: false })
    } else if (c.name === 'read' || c.name === 'mapfile' || c.name === 'readarray') {
      for (const w of c.args.slice(1)) if (/^[A-Za-z_]\w*$/.test(w.text)) vars.set(w.text, null)
    }
  }
  return vars
}

/**
 * `cmd` with the arrays and variables it expands replaced by the words the
 * script put in them: `claude "${FLAGS[@]}"` after `FLAGS=(-p --max-turns 5)`
 * reads as `claude -p --max-turns 5`, each word at its place in the
 * assignment. Only a command that runs `claude` is resolved: one that names
 * it, or one whose program word is itself an expansion the script (or
 * `outer`, the `env:` it runs with) filled with it (`"${cmd[@]}"` after
 * `cmd=(claude)`, `cmd+=(-p …)`; `"$CLAUDE"` after `CLAUDE=claude`;
 * `"${CLAUDE_BIN:-claude}"` where nothing sets `CLAUDE_BIN`); `"$X"` after
 * the program (one quoted word, usually the prompt) is left as written. The
 * same command when there is nothing to expand.
 */
export function resolveArgs(cmd: ShellCommand, commands: readonly ShellCommand[], outer?: OuterEnv): ShellCommand {
  if (!cmd.args.some((a) => a.hasParamExpansion)) return cmd
  const texts = cmd.args.map((a) => a.text)
  const named = claudeArgsFrom(texts) !== undefined
  // The program word, after wrappers (`stdbuf -oL "$CLAUDE" -p`).
  const prog = afterWrappers(texts)
  if (!named && cmd.args[prog]?.hasParamExpansion !== true) return cmd
  const vars = heldBefore(cmd, commands, outer)
  if (vars.size === 0 && !outer && !cmd.args.some((a) => DEFAULTED_VAR.test(a.raw))) return cmd
  let changed = false
  const args: ResolvedWord[] = []
  for (const [i, a] of cmd.args.entries()) {
    const x = expand(a, vars, outer, i === prog && !named)
    if (x) changed = true
    args.push(...(x ?? [a]))
  }
  if (!changed) return cmd
  if (named) return { ...cmd, args }
  // The program came from the expansion: a run of Claude only if that is what it holds.
  if (claudeArgsFrom(args.map((a) => a.text)) === undefined) return cmd
  return { ...cmd, name: args[0]?.text ?? cmd.name, args }
}

/**
 * Claude commands a command hands on whole in an array the script filled
 * with one: `run_with_timeout "$t" "${cmd[@]}"` or `(cd x && timeout 5
 * "${cmd[@]}")` after `cmd=(claude -p … --dangerously-skip-permissions)`.
 * The script's own function (or any program) that receives the array runs
 * the command line it holds; each is returned as that command, its words at
 * their places in the assignments. Empty when the command expands no such
 * array (or itself starts with one: {@link resolveArgs} reads that).
 */
export function arrayCommands(cmd: ShellCommand, commands: readonly ShellCommand[], outer?: OuterEnv): ShellCommand[] {
  const arrays = cmd.args.slice(1).filter((a) => a.hasParamExpansion && ALL_ELEMENTS.test(a.raw))
  if (arrays.length === 0) return []
  const vars = heldBefore(cmd, commands, outer)
  const out: ShellCommand[] = []
  for (const a of arrays) {
    const words = expand(a, vars, outer)
    if (!words || words.length === 0 || claudeArgsFrom(words.map((w) => w.text)) === undefined) continue
    out.push({ ...cmd, name: words[0]?.text ?? cmd.name, args: words, wrappers: [] })
  }
  return out
}

/**
 * Reads words as they stand at `cmd`: a word's text with the variables it
 * expands replaced by what the script set before `cmd` (or `outer` holds),
 * when each is known and is one word: `./$SCRIPT` after
 * `SCRIPT=scripts/review.sh` reads `./scripts/review.sh`. Undefined for a word
 * with any other expansion or a value not known (a substitution, a value read
 * at run time, one of several words split unquoted). The script's variables
 * are worked out once, on the first word that needs them.
 */
export function valuesBefore(cmd: ShellCommand, commands: readonly ShellCommand[], outer?: OuterEnv): (w: ShellWord) => string | undefined {
  let vars: Map<string, Held | null> | undefined
  return (w) => {
    if (w.literal) return w.text
    if (w.hasCommandSubst || w.hasProcessSubst) return undefined
    vars ??= heldBefore(cmd, commands, outer)
    let out = ''
    let last = 0
    for (const m of w.text.matchAll(/\$(?:([A-Za-z_]\w*)|\{([A-Za-z_]\w*)\}|(\{[A-Za-z_]\w*:?[-=][^${}`"'\\]*\}))|\$/g)) {
      let value: string | undefined
      if (m[3] !== undefined) {
        const d = DEFAULTED_VAR.exec(m[0])
        const words = d ? defaulted(d, vars, outer, w, -1) : undefined
        value = words && words.length === 1 ? words[0].text : undefined
      } else if (m[1] !== undefined || m[2] !== undefined) {
        const held = valueOf(m[1] ?? m[2], vars, outer)
        const words = held ? (held.array ? held.words.slice(0, 1) : held.words) : undefined
        // Unset, not known, or split into several words: not read.
        value = words && words.length === 1 && words[0].literal ? words[0].text : undefined
      }
      if (value === undefined) return undefined
      out += w.text.slice(last, m.index) + value
      last = (m.index ?? 0) + m[0].length
    }
    return out + w.text.slice(last)
  }
}

/**
 * How a release of the Claude action splits `claude_args` into words (fact
 * `actionClaudeArgsShellCharsKept` in src/facts/versions.ts): `drop` before
 * v1.0.149, where shell-quote's operators and globs were dropped; `keep`
 * from v1.0.149 on, where `( ) | & ; < >` are escaped before shell-quote and
 * glob words kept as written, so only blanks, quotes and comments split.
 */
export type ArgSplit = 'drop' | 'keep'

/**
 * Reads the words of a `claude_args` string as the action does (base-action
 * `parse-sdk-options.ts`, shared by both actions): whole-line `#` comments
 * dropped, then `shell-quote`'s `parse` without an env. With `drop` (releases
 * before v1.0.149) only its string tokens are kept, so operators (`(`, `)`,
 * `;`, `|`, `&&`), globs (`pr:*`) and comments (`c#d` ends the text at `#`,
 * later lines too) vanish, and unquoted `Bash(gh pr:*)` reaches Claude Code
 * as `Bash gh`. With `keep` (v1.0.149 on) operator characters and globs stay
 * in their words: unquoted `Bash(gh pr:*)` passes whole, `Bash(gh pr *)`
 * as the fragments `Bash(gh`, `pr`, `*)`, each one entry of the tool list
 * (the list's words are joined with `,`). Either way `$VAR` and `${VAR}`
 * become `''`. A `${{ }}` expression (the runner substitutes it before the
 * action runs) is one word of unknown value, kept as written. The words are
 * shell-quote's; their spans are located in the text (see {@link locateWords}).
 * Text shell-quote rejects (`${` unclosed) makes the action fail: it is then
 * split at blanks, keeping quoted runs together, so its flags still show.
 */
export async function parseArgString(s: string, split: ArgSplit = 'drop'): Promise<CliFlag[]> {
  return argStringFlags(s, split)
}

/** {@link parseArgString}, synchronously (for flags a rule binds from a reusable workflow's callers). */
export function argStringFlags(s: string, split: ArgSplit = 'drop'): CliFlag[] {
  // Workflows copied from one template repeat the same arguments: split each text once.
  const key = split + '\0' + s
  let flags = argCache.get(key)
  if (!flags) {
    flags = splitArgString(s, split)
    if (argCache.size >= ARG_CACHE_SIZE) argCache.delete(argCache.keys().next().value as string)
    argCache.set(key, flags)
  }
  return flags.map((f) => ({
    ...f,
    ...(f.shellDropped ? { shellDropped: f.shellDropped.map((d) => ({ ...d })) } : {})
  }))
}

const ARG_CACHE_SIZE = 256
const argCache = new Map<string, CliFlag[]>()

/**
 * Blanks every whole-line comment (first non-blank character `#`) of a
 * `claude_args` text, as the action's `stripShellComments` drops those lines
 * before it splits the rest into words (base-action parse-sdk-options.ts). A
 * `#` inside a line is left alone. Same-length replacement keeps offsets.
 */
export function blankCommentLines(s: string): string {
  return s.replace(/^[ \t]*#[^\r\n]*/gm, (line) => ' '.repeat(line.length))
}

/** The action's `stripShellComments`: lines whose first non-blank character is `#` removed. */
function stripCommentLines(s: string): string {
  return s
    .split('\n')
    .filter((line) => !line.trim().startsWith('#'))
    .join('\n')
}

/** A word of `claude_args` as the action passes it on, at the place it was located in the text. */
interface ArgWord {
  text: string
  start: number
  end: number
  /** The raw run the word came from, when shell-quote dropped shell syntax from it (operators, globs, comments). */
  cutFrom?: string
}

/**
 * A run of text between blanks, quoted parts kept whole (a quoted string may
 * hold blanks and newlines; an unclosed quote runs to the end, as shell-quote
 * reads it).
 */
const RAW_RUN = /(?:"(?:[^"\\]|\\[\s\S])*"?|'[^']*'?|\\[\s\S]|[^\s"'\\])+/g

/** Placeholder characters for `${{ }}` (private use: shell-quote keeps them as word characters). */
const EXPR_MARK = '\uE000'
const EXPR_FILL = '\uE001'
const EXPR_INDEX = 0xe100
const EXPR_PLACEHOLDER = /\uE000([\uE100-\uF8EF])\uE001*/g

/** Private-use stand-ins for `( ) | & ; < >` in `keep` mode (after the expression placeholders). */
const SHELL_CHARS = '()|&;<>'
const SHELL_CHAR_BASE = 0xf8f0
const SHELL_CHAR_RE = /[()|&;<>]/g
const SHELL_STAND_IN_RE = /[\uF8F0-\uF8F6]/g
const escapeShellChars = (t: string): string =>
  t.replace(SHELL_CHAR_RE, (c) => String.fromCharCode(SHELL_CHAR_BASE + SHELL_CHARS.indexOf(c)))
const restoreShellChars = (t: string): string =>
  t.replace(SHELL_STAND_IN_RE, (c) => SHELL_CHARS[c.charCodeAt(0) - SHELL_CHAR_BASE])

/**
 * Replaces each `${{ }}` expression by a same-length run of placeholder
 * characters (naming the expression) that shell-quote keeps inside one word;
 * expressions beyond the placeholder range (thousands) stay as written.
 */
function maskExpressions(s: string): { text: string; exprs: string[] } {
  const exprs: string[] = []
  let out = ''
  let at = 0
  let i = 0
  while ((i = s.indexOf('${{', at)) >= 0) {
    const close = s.indexOf('}}', i + 3)
    if (close < 0 || exprs.length >= SHELL_CHAR_BASE - EXPR_INDEX) break
    const whole = s.slice(i, close + 2)
    out +=
      s.slice(at, i) + EXPR_MARK + String.fromCharCode(EXPR_INDEX + exprs.length) + EXPR_FILL.repeat(whole.length - 2)
    exprs.push(whole)
    at = close + 2
  }
  return { text: out + s.slice(at), exprs }
}

function unmask(word: string, exprs: readonly string[]): string {
  return word.includes(EXPR_MARK)
    ? word.replace(EXPR_PLACEHOLDER, (m, c: string) => exprs[c.charCodeAt(0) - EXPR_INDEX] ?? m)
    : word
}

/**
 * The words the action keeps of a text and whether it dropped anything else;
 * undefined when shell-quote rejects the text. `drop`: shell-quote's string
 * tokens. `keep`: operator characters escaped first, and a glob's pattern as
 * written kept too (only comments are dropped).
 */
function shellQuoteWords(text: string, split: ArgSplit): { words: string[]; dropped: boolean } | undefined {
  try {
    if (split === 'drop') {
      const entries = parseShellQuote(text)
      const words = entries.filter((e): e is string => typeof e === 'string')
      return { words, dropped: words.length !== entries.length }
    }
    const entries = parseShellQuote(escapeShellChars(text))
    const words: string[] = []
    for (const e of entries) {
      if (typeof e === 'string') words.push(restoreShellChars(e))
      else if ('pattern' in e && typeof e.pattern === 'string') words.push(restoreShellChars(e.pattern))
    }
    return { words, dropped: words.length !== entries.length }
  } catch {
    return undefined
  }
}

/**
 * Spans for the words shell-quote gives (it gives none): each raw run (see
 * {@link RAW_RUN}) is parsed on its own to know how many words it yields, and
 * each word of the whole text, in order, is assigned to the next run that
 * still owes words; inside it, the word's text is searched forward from the
 * previous word's end (a quoted word is found by its unquoted text), else the
 * word gets the run's span (`a"b"c`, `f\ g`, `$VAR`). Located: the words are
 * shell-quote's, the spans the best match in the text.
 */
function locateWords(words: readonly string[], text: string, split: ArgSplit): ArgWord[] {
  const runs: { start: number; end: number; raw: string; owes: number; whole: boolean; dropped: boolean }[] = []
  for (const m of text.matchAll(RAW_RUN)) {
    const start = m.index ?? 0
    const one = shellQuoteWords(m[0], split)
    const owes = one ? one.words.length : 1
    // A run that is one word as written (`"Bash(x:*)"`, `--model`) spans it, quotes included.
    runs.push({
      start,
      end: start + m[0].length,
      raw: m[0],
      owes,
      whole: owes === 1 && !one?.dropped,
      dropped: one?.dropped ?? false
    })
  }
  const out: ArgWord[] = []
  let r = 0
  let pos = 0
  for (const w of words) {
    while (r < runs.length - 1 && runs[r].owes <= 0) r++
    const run = runs[r]
    if (!run) {
      out.push({ text: w, start: pos, end: pos })
      continue
    }
    run.owes--
    pos = Math.max(pos, run.start)
    const at = w && !run.whole ? text.indexOf(w, pos) : -1
    const found = at >= 0 && at + w.length <= run.end
    const span = found ? { start: at, end: at + w.length } : { start: run.start, end: run.end }
    pos = found ? at + w.length : run.end
    out.push({ text: w, ...span, ...(run.dropped ? { cutFrom: run.raw } : {}) })
  }
  return out
}

function splitArgString(s: string, split: ArgSplit): CliFlag[] {
  const { text: masked, exprs } = maskExpressions(s)
  // The action's text (comment lines removed) gives the words; the same text with them blanked keeps offsets to locate them.
  const parsed = shellQuoteWords(stripCommentLines(masked), split)
  if (parsed) {
    const words = locateWords(parsed.words, blankCommentLines(masked), split).map((w) => ({
      ...w,
      text: unmask(w.text, exprs),
      ...(w.cutFrom !== undefined ? { cutFrom: unmask(w.cutFrom, exprs) } : {})
    }))
    return flagsOf(words, split === 'keep' ? ',' : ' ')
  }
  const flat = blankCommentLines(s)
  const words: { text: string; start: number; end: number }[] = []
  for (const m of flat.matchAll(/(?:"[^"]*"|'[^']*'|[^\s"']+)+/g)) {
    const raw = m[0]
    words.push({ text: raw.replace(/"([^"]*)"|'([^']*)'/g, '$1$2'), start: m.index ?? 0, end: (m.index ?? 0) + raw.length })
  }
  return flagsOf(words)
}

/**
 * Wrappers that run the command after their options: the shell parser strips
 * the common ones (`timeout`, `env`, `nice`, `sudo`, ...) from the start of a
 * command; these are stripped here too, in any order and nesting
 * (`stdbuf -oL timeout 600 claude -p`). Value: options that take a separate value.
 */
const RUNNERS: Readonly<Record<string, ReadonlySet<string>>> = {
  stdbuf: new Set(['-i', '-o', '-e', '--input', '--output', '--error']),
  'xvfb-run': new Set(['-n', '--server-num', '-e', '--error-file', '-f', '--auth-file', '-p', '--xauth-protocol', '-s', '--server-args']),
  srt: new Set(['-s', '--settings', '-c', '--config', '--control-fd']),
  timeout: new Set(['-s', '--signal', '-k', '--kill-after']),
  nice: new Set(['-n', '--adjustment']),
  nohup: new Set(),
  time: new Set(['-f', '--format', '-o', '--output']),
  command: new Set(),
  exec: new Set(['-a']),
  env: new Set(['-u', '--unset', '-C', '--chdir']),
  sudo: new Set(['-u', '--user', '-g', '--group', '-C', '--chdir', '-D', '-h', '--host', '-p', '--prompt', '-r', '--role', '-t', '--type', '-T', '--command-timeout', '-U', '--other-user', '-R', '--chroot']),
  unbuffer: new Set()
}

/** Index of the first word after any wrappers (`stdbuf -oL`, `timeout 5`, `env A=1`, `sudo -E`). */
function afterWrappers(words: string[]): number {
  let i = 0
  for (let guard = 0; guard < 16 && i < words.length; guard++) {
    const base = words[i].slice(words[i].lastIndexOf('/') + 1)
    const withArg = Object.hasOwn(RUNNERS, base) ? RUNNERS[base] : undefined
    if (!withArg) break
    let j = i + 1
    while (j < words.length && words[j].startsWith('-') && words[j] !== '--') {
      j += withArg.has(words[j]) ? 2 : 1
    }
    if (words[j] === '--') j++
    if (base === 'timeout' && j < words.length) j++ // DURATION
    if (base === 'env' || base === 'sudo') while (j < words.length && /^[A-Za-z_]\w*=/.test(words[j])) j++
    if (j >= words.length) break
    i = j
  }
  return i
}

/** Where the `claude` program's own arguments start in a command's words, when it runs Claude Code at all. */
export function claudeArgsFrom(words: string[]): number | undefined {
  const base = (s: string): string => s.slice(s.lastIndexOf('/') + 1)
  const i = afterWrappers(words)
  const w = words[i] ?? ''
  if (base(w) === 'claude' || base(w) === 'claude-code') return i + 1
  const pm = ['npx', 'bunx', 'pnpx'].includes(base(w)) ? i + 1 : ['pnpm', 'yarn', 'bun', 'npm'].includes(base(w)) && ['dlx', 'x', 'exec'].includes(words[i + 1]) ? i + 2 : -1
  if (pm < 0) return undefined
  // The package is the first operand (`npx -y @anthropic-ai/claude-code@1.0.0 -p ...`).
  let j = pm
  while (j < words.length && words[j].startsWith('-')) j += words[j] === '-p' || words[j] === '--package' ? 2 : 1
  if (j < words.length && /^@anthropic-ai\/claude-code(@|$)/.test(words[j])) return j + 1
  const at = words.findIndex((x, k) => k >= pm && /^(--package=)?@anthropic-ai\/claude-code(@|$)/.test(x))
  if (at < 0) return undefined
  const cmd = words.findIndex((x, k) => k > at && base(x) === 'claude')
  return cmd >= 0 ? cmd + 1 : at + 1
}

/**
 * False only when no command of the shell text can be {@link claudePrintMode}
 * (no word ends in `claude` or `claude-code`): the test to make before parsing
 * a script only to look for Claude runs. A `-p` is not required: without it a
 * launch whose stdout is not a terminal is a run too. `.claude-plugin/x.json`
 * alone does not count.
 */
export function mayRunClaude(text: string): boolean {
  const plain = unquotedText(text)
  return plain === undefined || CLAUDE_WORD.test(plain)
}

/**
 * {@link mayRunClaude} for a repository script that may run at a terminal (no
 * workflow known to run it), found by its text as the git search finds it (it
 * holds `claude` as written): without `-p`, only a launch whose stdout the
 * script captures is print mode, so the text must hold `-p`/`--print` or a
 * pipe, a redirect or a command substitution.
 */
export function mayRunClaudeAtTerminal(text: string): boolean {
  return text.includes('claude') && (PRINT_WORD.test(text) || CAPTURE_SYNTAX.test(text)) && mayRunClaude(text)
}

const PRINT_WORD = /(?<![\w-])(?:-p|--print)(?![\w-])/
/** What captures a command's stdout in the shell: `|`, `>`, `$(`, a backtick. */
const CAPTURE_SYNTAX = /[|>`]|\$\(/

/**
 * `claude` as a word, or as the default of an expansion (`${CLAUDE_BIN:-claude}`): the program's
 * name ends its word and follows the word's start or a `/`, so `.claude/settings.json`,
 * `claude.md` and `claude/` are not it.
 */
const CLAUDE_WORD = /(?<![\w.-])claude(?:-code)?(?![\w./-])|(?<=[\w:]-)claude(?:-code)?(?=\})/

/** The default `timeout_minutes` of the v0 releases: claude-code-action 30, claude-code-base-action 10 (reference §6.3). */
const V0_TIMEOUT_DEFAULT: Readonly<Record<string, number>> = { action: 30, 'base-action': 10 }

/**
 * The minutes after which a v0 release of the Claude action (`@beta`, `@v0.x`) stops Claude
 * itself: its `timeout_minutes` input, or the release's default when the input is not given;
 * undefined for other runs, and when the input is not a literal number.
 */
export function v0TimeoutMinutes(run: Pick<ClaudeRun, 'kind' | 'major' | 'step'>): { minutes: number; byDefault: boolean } | undefined {
  if (run.major !== 'v0' || run.kind === 'cli') return undefined
  const v = run.step.with.timeout_minutes
  if (v === undefined || (typeof v === 'string' && v.trim() === '')) return { minutes: V0_TIMEOUT_DEFAULT[run.kind], byDefault: true }
  const n = typeof v === 'number' ? v : typeof v === 'string' && /^\s*\d+(?:\.\d+)?\s*$/.test(v) ? Number(v) : NaN
  return n > 0 ? { minutes: n, byDefault: false } : undefined
}

/** Options of coreutils `timeout` that take a value as the next word. */
const TIMEOUT_VALUE_OPTS = new Set(['-s', '--signal', '-k', '--kill-after'])

/** Seconds per unit of a coreutils duration suffix. */
const DURATION_UNIT: Record<string, number> = { '': 1, s: 1, m: 60, h: 3600, d: 86_400 }

/**
 * The seconds after which coreutils `timeout <duration>` kills the command it
 * wraps (`timeout 600 claude -p ...`, `timeout -k 10 30m claude -p ...`);
 * undefined when no such wrapper is there. A duration of 0 disables the timeout.
 */
export function timeoutWrapperSeconds(cmd: ShellCommand | undefined): number | undefined {
  if (!cmd || !cmd.wrappers.includes('timeout')) return undefined
  const first = cmd.args[0]
  const before = cmd.words.filter((w) => !first || w.start < first.start)
  const at = before.findIndex((w) => w.text.split('/').pop() === 'timeout')
  if (at < 0) return undefined
  for (let i = at + 1; i < before.length; i++) {
    const t = before[i].text
    if (TIMEOUT_VALUE_OPTS.has(t)) {
      i++
      continue
    }
    if (t.startsWith('-')) continue
    const m = /^(\d+(?:\.\d+)?|\.\d+)([smhd]?)$/.exec(t)
    const seconds = m ? Number(m[1]) * DURATION_UNIT[m[2]] : 0
    return seconds > 0 ? seconds : undefined
  }
  return undefined
}

/**
 * Where a launch's standard streams go beyond what its own shell command says
 * (the command's pipes, redirects and substitutions are read from the command).
 */
export interface LaunchStreams {
  /**
   * Its stdout is not a terminal whatever the command says: a GitHub Actions
   * `run:` step, and every script or program a step runs, has no TTY; code
   * that captures the process's output (`capture_output=True`, `execSync`).
   */
  stdoutNotTerminal: boolean
  /** Code feeds the process's stdin (`input=...`, `stdin=PIPE`, Node's `input` option). */
  stdinFed?: boolean
}

/** A launch inside a GitHub Actions job: no TTY anywhere. */
export const CI_STREAMS: LaunchStreams = { stdoutNotTerminal: true }
/** A launch in a file a person, a hook or a tool may run at a terminal: stdout is a terminal unless the command captures it. */
export const TERMINAL_STREAMS: LaunchStreams = { stdoutNotTerminal: false }

/**
 * Commands of the `claude` CLI (`claude --help`, Commands:, Claude Code
 * 2.1.332, with `config` and `migrate-installer` of earlier releases): as the
 * first operand they run that command, not a session.
 */
const CLAUDE_SUBCOMMANDS: ReadonlySet<string> = new Set([
  'agents', 'attach', 'auth', 'auto-mode', 'config', 'doctor', 'gateway', 'import', 'install', 'kill', 'logs', 'mcp',
  'migrate-installer', 'plugin', 'plugins', 'purge', 'respawn', 'rm', 'setup-token', 'stop', 'ultrareview', 'update', 'upgrade'
])

/** Options of the `claude` CLI that take no value (`claude --help`, Claude Code 2.1.332). */
const CLAUDE_BOOLEAN_OPTIONS: ReadonlySet<string> = new Set([
  '--allow-dangerously-skip-permissions', '--ax-screen-reader', '--bg', '--background', '--bare', '--brief', '--chrome', '-c', '--continue',
  '--dangerously-skip-permissions', '--desktop', '--disable-slash-commands', '--exclude-dynamic-system-prompt-sections', '--fork-session',
  '--forward-subagent-text', '--ide', '--include-hook-events', '--include-partial-messages', '--no-chrome', '--no-session-persistence',
  '-p', '--print', '--replay-user-messages', '--restricted', '--safe-mode', '--strict-mcp-config', '--tmux', '--verbose', '-h', '--help', '-v', '--version'
])

/**
 * Options of the `claude` CLI that take a value (`claude --help`, Claude Code 2.1.332, and the
 * hidden ones it accepts: `--max-turns`, `--permission-prompt-tool`, the prompt-file options).
 */
const CLAUDE_VALUE_OPTIONS: ReadonlySet<string> = new Set([
  '--add-dir', '--agent', '--agents', '--allowedTools', '--allowed-tools', '--append-system-prompt', '--autocompact', '--betas',
  '--cloud', '-d', '--debug', '--debug-file', '--disallowedTools', '--disallowed-tools', '--effort', '--environment', '--fallback-model',
  '--file', '--from-pr', '--input-format', '--json-schema', '--max-budget-usd', '--mcp-config', '--model', '-n', '--name',
  '--output-format', '--permission-mode', '--permission-prompts', '--plugin-dir', '--plugin-url', '--prompt-suggestions',
  '--remote-control', '--remote-control-session-name-prefix', '-r', '--resume', '--session-id', '--setting-sources', '--settings',
  '--system-prompt', '--system-prompt-snapshot', '--teleport', '--tools', '-w', '--worktree',
  '--max-turns', '--permission-prompt-tool', '--system-prompt-file', '--append-system-prompt-file', '--max-thinking-tokens', '--mcp-debug'
])

/** Whether the CLI knows an option word (`--model`, `--model=x`, `-p`): one it does not know makes it exit 1 at once. */
function knownClaudeOption(text: string): boolean {
  const name = text.includes('=') ? text.slice(0, text.indexOf('=')) : text
  return CLAUDE_BOOLEAN_OPTIONS.has(name) || CLAUDE_VALUE_OPTIONS.has(name) || VARIADIC.has(name)
}

/** An expansion that may stand for any number of words: every element of an array, or the positional parameters. */
const SPLICES_WORDS = /\[[@*]\]|\$\{?[@*]/

/** Options that print and exit without a session (`-h`, `--help`, `-v`, `--version`). */
const CLAUDE_EXIT_OPTIONS: ReadonlySet<string> = new Set(['-h', '--help', '-v', '--version'])

/**
 * The operands (prompt, or a command's name) among the `claude` program's own
 * words, read as its option parser (commander) reads them: a boolean option
 * takes no word, a variadic one ({@link VARIADIC}) every word up to the next
 * option, any other the next word unless that is an option; `--` ends the
 * options. A word the shell may split into none or several (an unquoted
 * expansion) is not counted.
 */
function claudeOperands(words: readonly ShellWord[]): ShellWord[] {
  const out: ShellWord[] = []
  for (let i = 0; i < words.length; i++) {
    const t = words[i].text
    if (t === '--') {
      out.push(...words.slice(i + 1).filter((w) => !w.hasUnquotedExpansion))
      break
    }
    if (t.startsWith('-') && t.length > 1) {
      if (CLAUDE_BOOLEAN_OPTIONS.has(t) || t.includes('=')) continue
      if (VARIADIC.has(t)) while (i + 1 < words.length && !words[i + 1].text.startsWith('-')) i++
      else if (i + 1 < words.length && !words[i + 1].text.startsWith('-')) i++
      continue
    }
    if (!words[i].hasUnquotedExpansion) out.push(words[i])
  }
  return out
}

/**
 * Whether a command launches a Claude Code session in print mode (non-interactive, unattended):
 * the `claude` program (or `npx @anthropic-ai/claude-code`, also behind wrappers such as
 * `timeout 600`) with `-p`/`--print`, or without it when its stdout is not a terminal and it
 * has a prompt. The fact (`printWhenStdoutNotTty` in src/facts/versions.ts): Claude Code runs in
 * print mode whenever its stdout is not a TTY, `-p` or not; `claude --help` (2.1.332) says
 * "non-interactive mode (via -p, or when stdout is not a TTY, e.g. piped or redirected output)",
 * and the real client 2.1.332 run with the prompt on a pipe and stdout piped honours
 * `--output-format json`, `--max-turns` (exit 1, `error_max_turns`), `--allowedTools` and the
 * refusal of unapproved tools exactly as under `-p` (conformance test
 * `print-mode-when-stdout-not-a-tty` in test/conformance/facts.conformance.ts).
 * With no prompt it fails ("Input must be provided either through stdin or as a prompt
 * argument when using --print"), and with stdout a TTY it opens the interactive UI.
 *
 * Without `-p`, then: the stdout is not a terminal (a GitHub Actions step has no TTY, see
 * {@link LaunchStreams}; or the command captures it: `$(claude …)`, `claude … | x`,
 * `claude … > file`), the prompt is an operand or fed stdin (a pipe, heredoc, here-string,
 * `< file`, or code's `input=`), and the first operand is not one of the CLI's commands
 * (`claude mcp add …`), nor is `--version`/`--help` given; a word not known here (an
 * unquoted `$ARGS`, an array not resolved) leaves it not print mode (never guessed).
 * `argsFrom`: where the program's own words start; `by`: which of the two made it print mode.
 */
export function claudePrintMode(cmd: ShellCommand, streams: LaunchStreams): { argsFrom: number; by: 'flag' | 'stdout' } | undefined {
  const i = claudeArgsFrom(cmd.args.map((a) => a.text))
  if (i === undefined) return undefined
  const rest = cmd.args.slice(i)
  if (rest.some((w) => w.text === '-p' || w.text === '--print')) return { argsFrom: i, by: 'flag' }
  if (!streams.stdoutNotTerminal && !stdoutCaptured(cmd)) return undefined
  if (rest.some((w) => CLAUDE_EXIT_OPTIONS.has(w.text))) return undefined
  // Words not known here (`$ARGS`, `"${ARGS[@]}"` left unresolved) may be `--version`, a command, or eat the prompt: not guessed.
  if (rest.some((w) => w.hasUnquotedExpansion || (w.hasParamExpansion && SPLICES_WORDS.test(w.raw)))) return undefined
  // An option the CLI does not know (`claude run --command /scan`) ends it with "unknown option" before any
  // session: no run. Only here, where print mode is inferred; a `-p` run is taken as written.
  const options = rest.slice(0, rest.findIndex((w) => w.text === '--') >>> 0)
  if (options.some((w) => w.literal && w.text.startsWith('-') && w.text.length > 1 && !knownClaudeOption(w.text))) return undefined
  const operands = claudeOperands(rest)
  if (operands[0] && CLAUDE_SUBCOMMANDS.has(operands[0].text)) return undefined
  if (operands.length === 0 && !streams.stdinFed && !stdinFed(cmd)) return undefined
  return { argsFrom: i, by: 'stdout' }
}

/**
 * Maps offsets in a scalar's value (for example a `run: |` block) back to the
 * source file by searching for the command's text inside the scalar's span.
 */
export function locateInBlock(span: Span, value: string, start: number, end: number): Span {
  const piece = value.slice(start, end).split('\n')[0]
  // Nothing to look for (offsets past the value, or an empty range): an empty piece is found everywhere, and the count below would not end.
  if (piece === '') return span
  const text = span.file.text
  // Count earlier occurrences of the piece in the value to find the right one.
  let nth = 0
  let i = -1
  while ((i = value.indexOf(piece, i + 1)) >= 0 && i < start) nth++
  let at = span.start - 1
  for (let k = 0; k <= nth; k++) {
    at = text.indexOf(piece, at + 1)
    if (at < 0 || at >= span.end) return span
  }
  return { file: span.file, start: at, end: at + piece.length }
}

/** `"$@"`, `$*`, `"$1"`, `${2}`, `"${@:2}"`: a word that is all positional parameters, one of them, or those from one on. */
const POSITIONAL = /^("?)\$(?:([@*1-9])|\{([@*1-9])\}|\{@:([1-9])\})\1$/
/** Any read of a positional parameter in a word (`$1`, `${@}`, `$*`, `${2:-x}`). */
const READS_POSITIONAL = /\$\{?[@*1-9]/

/** Whether a command's words read the positional parameters: inside a function, what its caller passes. */
export function readsPositional(cmd: ShellCommand): boolean {
  return cmd.args.some((a) => a.hasParamExpansion && READS_POSITIONAL.test(a.raw))
}

/** A script's functions, worked out once per parse: the commands of each body and which may run Claude. */
interface FunctionIndex {
  /** The commands of each declaration's own body (not of a function declared inside it), in order. */
  bodies: Map<ShellFunction, ShellCommand[]>
  /** Functions some command outside their own body calls. */
  called: Set<string>
  /**
   * Functions whose body may run Claude with what a call passes: a command
   * naming `claude`, or whose program word is an expansion (`"$@"`,
   * `"$CLAUDE"`), or that hands on an array (`"${cmd[@]}"`), or a call of
   * such a function that passes on its arguments. Only calls of these are
   * worked out.
   */
  mayRun: Set<string>
  /** {@link resolveArgs} and {@link arrayCommands} of body commands, for the `outer` they were asked with. */
  resolved: WeakMap<ShellCommand, { outer: OuterEnv | undefined; cmd: ShellCommand; arrays: ShellCommand[] }>
  /** Body commands {@link callCommands} may still look at for this script (see {@link MAX_CALL_WORK}). */
  work: number
}

/**
 * Bounds the body commands {@link callCommands} looks at for one script: calls
 * that pass their arguments on from function to function can fan out (each of
 * twelve functions calling all the others is 12^5 paths); past the bound,
 * calls are not followed (their runs are missed, never guessed).
 */
const MAX_CALL_WORK = 20_000

const FUNCTION_INDEX = new WeakMap<ShellScript, FunctionIndex>()

function functionIndex(script: ShellScript): FunctionIndex {
  let idx = FUNCTION_INDEX.get(script)
  if (idx) return idx
  const fns = script.functions ?? []
  idx = { bodies: new Map(), called: new Set(), mayRun: new Set(), resolved: new WeakMap(), work: MAX_CALL_WORK }
  const names = new Set(fns.map((f) => f.name))
  for (const f of fns) idx.bodies.set(f, [])
  for (const c of script.commands) {
    if (c.inFunction !== undefined) {
      // The innermost declaration of that name holding the command.
      const f = fns.filter((x) => x.name === c.inFunction && c.start >= x.start && c.end <= x.end).pop()
      if (f) idx.bodies.get(f)?.push(c)
    }
    if (names.has(c.name) && c.args[0]?.literal && !fns.some((f) => f.name === c.name && c.start >= f.start && c.end <= f.end)) idx.called.add(c.name)
  }
  const direct = (c: ShellCommand): boolean => {
    const texts = c.args.map((a) => a.text)
    return claudeArgsFrom(texts) !== undefined || c.args[afterWrappers(texts)]?.hasParamExpansion === true || c.args.some((a) => a.hasParamExpansion && ALL_ELEMENTS.test(a.raw))
  }
  for (const [f, body] of idx.bodies) if (body.some(direct)) idx.mayRun.add(f.name)
  // Calls that pass arguments on, to a fixed point (bounded by the number of functions).
  for (let changed = true, guard = 0; changed && guard <= fns.length; guard++) {
    changed = false
    for (const [f, body] of idx.bodies) {
      if (idx.mayRun.has(f.name) || !body.some((c) => c.name !== f.name && idx?.mayRun.has(c.name) && readsPositional(c))) continue
      idx.mayRun.add(f.name)
      changed = true
    }
  }
  FUNCTION_INDEX.set(script, idx)
  return idx
}

/** Whether {@link callCommands} stopped following calls in this script at {@link MAX_CALL_WORK}. */
export function callsCut(script: ShellScript): boolean {
  return (FUNCTION_INDEX.get(script)?.work ?? 0) < 0
}

/** The functions of a script that some command outside their own body calls, by name. */
export function calledFunctions(script: ShellScript): ReadonlySet<string> {
  return script.functions ? functionIndex(script).called : new Set()
}

/** How many words the `shift`s of a function's body drop before `cmd`; undefined when not known (a `shift` on some paths only, or by a computed count). */
function shiftedBefore(cmd: ShellCommand, fn: ShellFunction, body: readonly ShellCommand[]): number | undefined {
  let n = 0
  for (const c of body) {
    if (c.start >= cmd.start) break
    if (c.name !== 'shift' || c.inSubstitution) continue
    if (!fn.statements.includes(c.start)) return undefined
    const count = c.args[1]
    if (count && !(count.literal && /^\d$/.test(count.text))) return undefined
    n += count ? Number(count.text) : 1
  }
  return n
}
/**
 * `cmd` with the positional parameters it reads as words of their own
 * replaced by `params`; undefined `params` (not known which words they are)
 * leaves them as written, as it does `"$*"` and a parameter inside a longer word.
 */
function withParams(cmd: ShellCommand, params: readonly ResolvedWord[] | undefined): ShellCommand {
  if (!params) return cmd
  const args: ResolvedWord[] = []
  for (const w of cmd.args) {
    const m = w.hasParamExpansion ? POSITIONAL.exec(w.raw) : null
    const which = m ? (m[2] ?? m[3]) : undefined
    if (!m || (which === '*' && m[1])) args.push(w)
    else if (m[4] !== undefined) args.push(...params.slice(Number(m[4]) - 1))
    else if (which === '@' || which === '*') args.push(...params)
    else {
      const p = params[Number(which) - 1]
      if (p) args.push(p)
    }
  }
  return { ...cmd, name: args[0]?.text ?? cmd.name, args }
}

/**
 * Claude commands a call of the script's own function runs with the call's
 * words: `claudep "review" --max-turns 5` after `claudep() { claude -p "$@"; }`
 * is `claude -p review --max-turns 5`, each word where it is written (the
 * call's in the call, the body's in the body), from the program on. Only
 * commands of the body that read the function's arguments (`"$@"`, `"$1"`,
 * also through an array such as `cmd=(claude -p "$1")`, or through a call of
 * another function of the script that passes them on) are returned: one that
 * reads none is the same command at every call, found where it stands. Empty
 * when `call` calls no function of the script. `params`: the call's words when
 * the caller has worked them out (a call inside a function, its arguments bound).
 */
export function callCommands(call: ShellCommand, script: ShellScript, outer?: OuterEnv, depth = 0, params?: readonly ResolvedWord[]): ShellCommand[] {
  const fns = script.functions
  if (!fns || depth > 4 || !call.args[0]?.literal) return []
  const idx = functionIndex(script)
  if (!idx.mayRun.has(call.name)) return []
  // The definition in force: the last one before the call (else the last one: a call in a function defined earlier).
  const named = fns.filter((f) => f.name === call.name)
  const fn = named.filter((f) => f.start < call.start).pop() ?? named.pop()
  if (!fn || (call.start >= fn.start && call.end <= fn.end)) return []
  // The call's words as the shell passes them (`claudep "${FLAGS[@]}"`).
  const expands = (a: ShellWord): boolean => a.hasParamExpansion && (ALL_ELEMENTS.test(a.raw) || BARE_VAR.test(a.raw) || DEFAULTED_VAR.test(a.raw))
  let given = params
  const words = (): readonly ResolvedWord[] => {
    if (given) return given
    const vars = call.args.some(expands) ? heldBefore(call, script.commands, outer) : undefined
    return (given = call.args.slice(1).flatMap((a) => (vars ? (expand(a, vars, outer) ?? [a]) : [a])))
  }
  const body = idx.bodies.get(fn) ?? []
  const out: ShellCommand[] = []
  for (const b of body) {
    if (--idx.work < 0) break
    let known = idx.resolved.get(b)
    if (!known || known.outer !== outer) {
      known = { outer, cmd: resolveArgs(b, script.commands, outer), arrays: arrayCommands(b, script.commands, outer) }
      idx.resolved.set(b, known)
    }
    const rb = known.cmd
    // `claude -p "$@"`, or `"$@"` itself as the program (`retry() { "$@"; }` called as `retry claude -p …`).
    const texts = rb.args.map((a) => a.text)
    const direct = readsPositional(rb) && (claudeArgsFrom(texts) !== undefined || POSITIONAL.test(rb.args[afterWrappers(texts)]?.raw ?? ''))
    const arrays = known.arrays.filter((c) => readsPositional(c))
    const nested = b.name !== fn.name && idx.mayRun.has(b.name) && readsPositional(b)
    if (!direct && arrays.length === 0 && !nested) continue
    const shift = shiftedBefore(b, fn, body)
    // Which words the parameters are is not known past a `shift` on some paths: they stay as written.
    const bound = shift === undefined ? undefined : words().slice(shift)
    const found: ShellCommand[] = []
    if (direct) found.push(withParams(rb, bound))
    for (const c of arrays) found.push(withParams(c, bound))
    // `main() { ask "$@"; }`: ask's commands with main's arguments passed on.
    if (nested && bound) found.push(...callCommands(b, script, outer, depth + 1, withParams(b, bound).args.slice(1)))
    for (const run of found) {
      // From the program on, as for an array's command line (`timeout "$t" claude "$@"` runs claude).
      const from = afterWrappers(run.args.map((a) => a.text))
      const program = run.args[from]
      // `retry claude -p …` after `retry() { "$@"; }`: the program is the call's word, and so is the command's place.
      const place = program && given?.includes(program) ? { start: call.start, end: call.end } : {}
      out.push({ ...run, ...place, name: program?.text ?? run.name, args: run.args.slice(from) })
    }
  }
  return out
}
