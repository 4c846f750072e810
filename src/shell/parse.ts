/**
 * Shell parsing for hook commands, hook scripts and workflow `run:` scripts.
 *
 * Library: `mvdan-sh` (pinned to 0.10.1), the GopherJS build of mvdan.cc/sh's
 * `syntax` package — the parser behind `shfmt`, a complete POSIX/Bash parser
 * with exact bash error messages. Why this one:
 *
 * - It yields the full syntax tree (words, word parts, redirects, heredocs,
 *   assignments, nested `$(...)`) with a position on every node. `sh-syntax`
 *   (the WASM build of the same parser) only returns positions for whole
 *   commands, not their words, so it cannot tell `curl` from `sh`.
 * - It is plain JavaScript and synchronous: no `.wasm` asset to locate at run
 *   time, nothing to initialise, and the bundler inlines it into each dist
 *   file. (`web-tree-sitter` + `tree-sitter-bash` would need two `.wasm`
 *   assets, an async init, and its grammar is error-tolerant, so it accepts
 *   scripts bash rejects and gives no real error message.)
 * - It is faithful to bash: what it accepts and how it splits words is what
 *   the hook runner's shell does, which is what an audit needs.
 *
 * The package is frozen (0.10.1 is its last release), so its GopherJS object
 * layout is stable. Walking the tree through the public JS wrapper costs
 * ~20 µs per node access (each access converts Go values to JS), which made a
 * 1 MB script take ~10 s; this adapter therefore reads the Go structs behind
 * `__internal_object__` directly (fields carry the Go names from
 * https://pkg.go.dev/mvdan.cc/sh/v3/syntax; `Pos()`/`End()` are the Go methods;
 * positions are UTF-8 byte offsets, mapped back to string indexes here). That
 * is ~100× faster. The tests pin this layout, so a changed package fails there.
 *
 * `parseShell` never throws: bad syntax, binary junk or nesting deep enough to
 * exhaust the stack come back as `ok: false` with a position.
 */
import { createRequire } from 'node:module'
import type sh from 'mvdan-sh'
import type { ExternalParseError } from 'mvdan-sh'
import { cachedParse } from '../parse/parse-cache.js'

let mvdanSh: typeof sh | undefined

/**
 * mvdan-sh, loaded on the first parse: its GopherJS runtime takes ~20 ms to
 * start, which an audit with no shell to read (or one the prefilters all
 * answer) need not pay. `require` is the bundles' own (esbuild inlines the
 * package behind it, evaluated on the first call); run from the sources (ES
 * modules, no `require`), the package is resolved from node_modules.
 */
function shellParser(): typeof sh {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  mvdanSh ??= (typeof require === 'function' ? require('mvdan-sh') : createRequire(import.meta.url)('mvdan-sh')) as typeof sh
  return mvdanSh
}

/** One shell word as written, e.g. `"$CLAUDE_PROJECT_DIR"/x.sh`. */
export interface ShellWord {
  /**
   * The word with quoting removed: quotes dropped, backslash escapes and
   * `$'...'` escapes decoded. Expansions (`$x`, `${x}`, `$(...)`, `` `...` ``,
   * `$((...))`) are kept as written, so for `"$DIR"/x.sh` this is `$DIR/x.sh`.
   * Globs, `~` and `{a,b}` are left as written (they are not expanded here).
   */
  text: string
  /** Source text of the word. */
  raw: string
  /** Offsets into the parsed string (UTF-16 indexes, `end` exclusive). */
  start: number
  end: number
  /** No parameter, command, arithmetic or process expansion anywhere in the word. */
  literal: boolean
  /** Contains `$(...)` or backticks (also inside `${x:-$(...)}` and the like). */
  hasCommandSubst: boolean
  /** Contains `$x` / `${...}`. */
  hasParamExpansion: boolean
  /** Contains `<(...)` / `>(...)`. */
  hasProcessSubst: boolean
  /** Some expansion sits outside double quotes, so its result is word-split and globbed. */
  hasUnquotedExpansion: boolean
  /** Some part is quoted: `'...'`, `"..."`, `$'...'`, or a backslash escape. */
  quoted: boolean
}

export interface ShellAssignment {
  /** Variable name (`a` for `a[1]=x`). */
  name: string
  /** The value; an empty word for `FOO=`, the raw `(...)` for arrays. */
  value: ShellWord
  /** `FOO+=x` / `FOO+=(x)`: appends to the variable instead of replacing it. */
  append?: boolean
  /** The element words of an array assignment `FOO=(a "b c")` (comments dropped). */
  elements?: ShellWord[]
  start: number
  end: number
}

export interface ShellRedirect {
  /** Operator as written: `>`, `>>`, `<`, `2>` is `>` with `fd: '2'`, `>&`, `&>`, `<<`, `<<-`, `<<<`, ... */
  op: string
  /** File descriptor before the operator (`2` in `2>&1`), if written. */
  fd?: string
  /** The word after the operator (file, fd, or heredoc delimiter). */
  target?: ShellWord
  /** Heredoc body, for `<<` / `<<-`. */
  heredoc?: ShellWord
  start: number
  end: number
}

/** A simple command (`cmd args...`), including `export`/`local`/`declare`/`let`. */
export interface ShellCommand {
  /**
   * The command word's `text` after dropping leading `VAR=x` assignments and
   * the wrappers in `wrappers`: `sudo -u x timeout 5 rm -rf /` has name `rm`.
   * Not necessarily literal (`"$CLAUDE_PROJECT_DIR"/hook.sh` gives
   * `$CLAUDE_PROJECT_DIR/hook.sh`; check `args[0].literal`). Empty for a
   * command made only of assignments (`FOO=1`).
   */
  name: string
  /** Words from the command word on: `args[0]` is the name's word. */
  args: ShellWord[]
  /** Every word as written, wrappers included. */
  words: ShellWord[]
  /** Wrappers stripped before the name, outermost first (basenames): `['sudo', 'timeout']`. */
  wrappers: string[]
  /** Start/end of the command, redirects included, heredoc bodies and `;`/`&` excluded. */
  start: number
  end: number
  /** `FOO=1 cmd` assignments, plus `NAME=value` operands of `env`/`sudo` wrappers. */
  assignments: ShellAssignment[]
  redirects: ShellRedirect[]
  /** The command this one pipes into (`|` or `|&`). */
  pipeNext?: ShellCommand
  /** The command piping into this one. */
  pipedFrom?: ShellCommand
  /** Inside `$(...)`, backticks, or `<(...)`/`>(...)`. */
  inSubstitution: boolean
  /** Inside the body of this function (innermost). */
  inFunction?: string
  /**
   * In a function's body, outside any branch, loop or `&&`/`||` tail of it:
   * it runs on every call of {@link inFunction} (its `conditional` says only
   * that the function may not be called).
   */
  everyCall?: boolean
  /** Preceded by `!`. */
  negated: boolean
  /**
   * Its failure is tested, so `set -e` does not end the script on it: it is (inside) an
   * `if`/`elif`/`while`/`until` condition, a command before `&&` or `||` (a `{ …; }` group or
   * `( … )` subshell there included), or under `!`.
   */
  tested: boolean
  /** Followed by `&`. */
  background: boolean
  /**
   * Runs on some paths of the script only: inside an `if`/`case` branch, a
   * loop body, a function body, or after `&&`/`||`.
   */
  conditional?: boolean
  /**
   * Redirects of the compound commands around this one, innermost last:
   * `{ echo a; echo b; } >> "$GITHUB_OUTPUT"` gives both `echo`s the `>>`.
   */
  outerRedirects?: ShellRedirect[]
}

export interface ShellTrap {
  /** Signal name, upper-cased, without `SIG` (`ERR`, `EXIT`, `INT`; `0` becomes `EXIT`). */
  signal: string
  /** The action's text (`exit 2`), `-` for a reset, null when only a signal is given. */
  action: string | null
  actionWord?: ShellWord
  /** Offsets of the `trap` command. */
  start: number
  end: number
}

/** An `if` clause (each `elif` is an `if` of its own, nested in the `else` of the one before). */
export interface ShellIf {
  /** The condition's statements, the `then` body, and the `else` / `elif` part when there is one. */
  cond: { start: number; end: number }
  then: { start: number; end: number }
  else?: { start: number; end: number }
  start: number
  end: number
  /**
   * Runs on every path through the script's main flow: at its top level (or in a `{ …; }`
   * group there), not in a function, subshell, substitution, branch, loop or condition.
   */
  mainFlow: boolean
}

/**
 * An `x && y` or `x || y` list: `y` runs only when `x` succeeds (`&&`) or fails (`||`).
 * `a || b || c` is `(a || b) || c`: two lists, the outer one's `left` spanning `a || b`.
 */
export interface ShellAndOr {
  op: '&&' | '||'
  left: { start: number; end: number }
  right: { start: number; end: number }
  start: number
  end: number
}

/** A test inside `[[ … ]]` with word operands: `"$X" != true` (binary), `-z "$X"` (unary). */
export interface ShellTest {
  /** The operator as written: `!=`, `==`, `=~`, `-z`, `-f`, … */
  op: string
  operands: ShellWord[]
  /** Under a `!` inside the brackets. */
  negated: boolean
  start: number
  end: number
}

export interface ShellExit {
  /**
   * Exit status as bash computes it (N mod 256), also for `exit "$rc"` when straight-line code
   * fixes `rc` (Builder.resolveVarExits); null for bare `exit` / any other non-literal operand.
   */
  code: number | null
  start: number
  end: number
}

export interface ShellParseError {
  message: string
  /** 1-based; column counts UTF-16 code units. */
  line: number
  column: number
  offset: number
}

/** `for NAME in WORDS; do …; done` (not the C-style or `in`-less forms). */
export interface ShellForLoop {
  /** The loop variable. */
  name: string
  /** The words it iterates over, as written. */
  items: ShellWord[]
  /** Offsets of the whole `for` clause. */
  start: number
  end: number
}

/** A function the script declares: `name() { …; }` or `function name { …; }`. */
export interface ShellFunction {
  name: string
  /** Offsets of the whole declaration. */
  start: number
  end: number
  /**
   * Starts of the statements directly in the body's `{ … }` / `( … )` (not
   * inside a branch, loop or group of it): those run on every call.
   */
  statements: number[]
}

export interface ShellScript {
  ok: boolean
  error?: ShellParseError
  /** Every simple command anywhere in the tree, in source order. */
  commands: ShellCommand[]
  /** Pipelines of two or more stages, each as the first simple command of every stage. */
  pipelines: ShellCommand[][]
  /**
   * `set -e`, `set -euo pipefail`, `set -o errexit`, ... outside functions,
   * subshells, pipelines and substitutions (or `-e` on a `#!` line).
   */
  hasSetErrexit: boolean
  traps: ShellTrap[]
  /** Every `exit` command. */
  exitCodes: ShellExit[]
  /** Every `if` clause, in source order. */
  ifs: ShellIf[]
  /** The word tests of every `[[ … ]]` (`[` and `test` are commands, in `commands`). */
  tests: ShellTest[]
  /** Every `for NAME in WORDS` loop, in source order (absent when there is none). */
  forLoops?: ShellForLoop[]
  /** Every `&&` / `||` list, in source order of their starts, outer before inner (absent when there is none). */
  andOrs?: ShellAndOr[]
  /** Every function declaration, in source order (absent when there is none). */
  functions?: ShellFunction[]
  /** The `#!` line, if the source starts with one. */
  shebang?: string
}

export interface ParseShellOptions {
  /** Inputs longer than this (UTF-16 units) are refused with ok:false. Default 4,000,000. */
  maxLength?: number
}

/**
 * `text` as the shell's words read once quoting is gone: line continuations,
 * quotes and backslashes dropped, so `cl"au"de` reads `claude`, and the `$` of
 * `$'…'` / `$"…"` dropped. A cheap stand-in for parsing when only the presence
 * of a word matters: every word the parser would read shows in the result
 * (more may show).
 *
 * Where the text has `$'…'` strings, their escapes can spell anything
 * (`$'\x63laude'` is `claude`). Which backslashes stand in such a string is
 * not known without parsing (`grep 'x$'` ends a plain quoted string), so each
 * line whose backslash escapes read differently in and out of `$'…'` (see
 * {@link BACKSLASH_UNIT}) is added once per way of reading them (each escape
 * in or out, up to 64 readings of a line). Undefined (parse instead) for a line
 * with more, or when the readings would grow the text too much.
 */
export function unquotedText(text: string): string | undefined {
  // The same text is asked many times: each rule's prefilter asks for every `run:` block, and a
  // script several workflows name is asked once per name (two asks in three were repeats on the
  // bench repositories). A pure function of the text, so each is computed once while it fits.
  const hit = UNQUOTED.get(text)
  if (hit !== undefined) return hit === null ? undefined : hit
  unquotedComputations++
  const plain = unquotedUncached(text)
  const size = text.length + (plain?.length ?? 0)
  if (size <= UNQUOTED_MAX_CHARS) {
    // The oldest entries go first, as in the parse cache.
    for (const [k, v] of UNQUOTED) {
      if (unquotedChars + size <= UNQUOTED_MAX_CHARS) break
      UNQUOTED.delete(k)
      unquotedChars -= k.length + (v?.length ?? 0)
    }
    UNQUOTED.set(text, plain ?? null)
    unquotedChars += size
  }
  return plain
}
/** Texts already unquoted (null: {@link unquotedText} gave up), bounded by the characters held. */
const UNQUOTED = new Map<string, string | null>()
const UNQUOTED_MAX_CHARS = 4_000_000
let unquotedChars = 0
let unquotedComputations = 0

/** How many texts {@link unquotedText} has computed (not taken from its cache) in this process: lets tests prove a repeat is free. */
export function unquotedTextComputations(): number {
  return unquotedComputations
}

function unquotedUncached(text: string): string | undefined {
  const joined = text.replace(/\\\r?\n/g, '')
  const plain = unquote(joined)
  if (!joined.includes("$'")) return plain
  const extra: string[] = []
  let size = plain.length
  for (const line of joined.split('\n')) {
    if (!line.includes('\\')) continue
    const escapes: { start: number; end: number; decoded: string }[] = []
    for (const m of line.matchAll(BACKSLASH_UNIT)) {
      if (m[1] === undefined) continue
      const i = m.index ?? 0
      escapes.push({ start: i, end: i + m[0].length, decoded: decodeAnsiC(m[0]) })
    }
    if (escapes.length === 0) continue
    if (escapes.length > MAX_READINGS_LOG2) return undefined
    size += line.length * (2 ** escapes.length - 1)
    if (size > 4 * text.length + 65_536) return undefined
    // Reading 0 (every escape read outside `$'…'`) is `plain` already.
    for (let mask = 1; mask < 2 ** escapes.length; mask++) {
      let out = ''
      let at = 0
      escapes.forEach((e, k) => {
        out += line.slice(at, e.start) + ((mask >> k) & 1 ? e.decoded : line.slice(e.start + 1, e.end))
        at = e.end
      })
      extra.push(unquote(out + line.slice(at)))
    }
  }
  return extra.length === 0 ? plain : `${plain}\n${extra.join('\n')}`
}

/** Quotes, backslashes and the `$` opening `$'…'` or `$"…"` dropped. */
function unquote(text: string): string {
  return text.replace(/\$(?=["'])/g, '').replace(/["'\\]/g, '')
}

/**
 * A backslash and what it escapes; group 1 when the escape reads differently
 * inside `$'…'` (`\n` a newline, `\x63` a `c`) than outside (`n`, `x63`).
 * `\\`, `\'`, `\"` and `\?` read the same in both; an unknown escape keeps its
 * backslash inside, which drops out of the words the same way.
 */
const BACKSLASH_UNIT = /\\(?:([abeEfnrtv]|x[0-9a-fA-F]{1,2}|u[0-9a-fA-F]{1,4}|U[0-9a-fA-F]{1,8}|[0-7]{1,3}|c[\s\S])|[\s\S])/g
/** At most 2^6 = 64 readings of one line. */
const MAX_READINGS_LOG2 = 6

/** 1-based line and column (UTF-16 code units) of an offset in `source`. */
export function offsetToLineCol(source: string, offset: number): { line: number; column: number } {
  const at = Math.max(0, Math.min(offset, source.length))
  let line = 1
  let lineStart = 0
  for (let i = source.indexOf('\n'); i !== -1 && i < at; i = source.indexOf('\n', i + 1)) {
    line++
    lineStart = i + 1
  }
  return { line, column: at - lineStart + 1 }
}

const DEFAULT_MAX_LENGTH = 4_000_000

/**
 * Parses of recent texts. One audit parses the same text many times: every
 * rule that reads `run:` blocks parses them, and a script several workflows
 * call is followed from each (on a real monorepo nine parses in ten were
 * repeats). Results are shared, so callers must not mutate them. Bounded by
 * the characters parsed: the oldest entries go first.
 */
const PARSED = new Map<string, ShellScript>()
const PARSED_MAX_CHARS = 1_000_000
let parsedChars = 0

let parseCalls = 0

/** How many times {@link parseShell} was called in this process: lets tests prove a prefilter spared a parse. */
export function shellParseCalls(): number {
  return parseCalls
}

/** Forgets the parses this process keeps (tests of the parse cache, which sits behind them). */
export function forgetShellParses(): void {
  PARSED.clear()
  parsedChars = 0
}

/** Parses shell source (bash dialect). Never throws. The result is shared between callers of the same text: read it, never change it. */
export function parseShell(source: string, options: ParseShellOptions = {}): ShellScript {
  parseCalls++
  const text = typeof source === 'string' ? source : String(source ?? '')
  if (options.maxLength !== undefined) return parseUncached(text, options.maxLength)
  const hit = PARSED.get(text)
  if (hit) return hit
  // Kept between runs by the parse cache (src/parse/parse-cache.ts), except failures that depend
  // on this run (the stack's depth, the parser breaking).
  const parsed = cachedParse('sh', text, () => parseUncached(text, DEFAULT_MAX_LENGTH), stableParse)
  if (text.length <= PARSED_MAX_CHARS) {
    for (const [k] of PARSED) {
      if (parsedChars + text.length <= PARSED_MAX_CHARS) break
      PARSED.delete(k)
      parsedChars -= k.length
    }
    PARSED.set(text, parsed)
    parsedChars += text.length
  }
  return parsed
}

const TOO_DEEP = 'script nested too deeply to parse'

/** A parse that any run would make the same: not one cut short by the stack's depth or a failure of the parser itself. */
function stableParse(p: ShellScript): boolean {
  return p.ok || !(p.error?.message === TOO_DEEP || p.error?.message.startsWith('parser failure:'))
}

function parseUncached(text: string, max: number): ShellScript {
  const shebang = text.startsWith('#!') ? text.slice(0, lineEnd(text, 0)).replace(/\r$/, '') : undefined
  const fail = (message: string, offset: number): ShellScript => ({
    ok: false,
    error: { message, offset, ...offsetToLineCol(text, offset) },
    commands: [],
    pipelines: [],
    hasSetErrexit: false,
    traps: [],
    exitCodes: [],
    ifs: [],
    tests: [],
    ...(shebang !== undefined ? { shebang } : {})
  })
  if (text.length > max) return fail(`input too large to parse (${text.length} > ${max} characters)`, 0)

  // The Go side sees UTF-8; a lone surrogate would be encoded inconsistently,
  // so replace it with U+FFFD (same length, offsets unchanged).
  const src = wellFormed(text)
  const offsets = new ByteOffsets(src)

  let file: unknown
  try {
    file = shellParser().syntax.NewParser().Parse(src, '').__internal_object__
  } catch (e) {
    if (isParseError(e)) {
      const offset = offsets.toIndex(e.Pos?.Offset() ?? 0)
      return fail(e.Text ?? e.Error?.() ?? 'syntax error', offset)
    }
    return fail(e instanceof RangeError ? TOO_DEEP : `parser failure: ${String(e)}`, 0)
  }

  try {
    // Slice the caller's string, so `raw` always equals source.slice(start, end).
    const b = new Builder(text, offsets)
    b.resolveVarExits(file as Go)
    b.visitList(file, 'Stmts', TOP)
    const commands = b.commands.sort((x, y) => x.start - y.start)
    const pipelines = b.pipelines.sort((x, y) => x[0].start - y[0].start)
    return {
      ok: true,
      commands,
      pipelines,
      hasSetErrexit: b.errexit || (shebang !== undefined && shebangErrexit(shebang)),
      traps: b.traps.sort((x, y) => x.start - y.start),
      exitCodes: b.exits.sort((x, y) => x.start - y.start),
      ifs: b.ifs.sort((x, y) => x.start - y.start),
      tests: b.tests.sort((x, y) => x.start - y.start),
      ...(b.loops.length ? { forLoops: b.loops.sort((x, y) => x.start - y.start) } : {}),
      ...(b.andOrs.length ? { andOrs: b.andOrs.sort((x, y) => x.start - y.start || y.end - x.end) } : {}),
      ...(b.functions.length ? { functions: b.functions.sort((x, y) => x.start - y.start) } : {}),
      ...(shebang !== undefined ? { shebang } : {})
    }
  } catch (e) {
    return fail(e instanceof RangeError ? TOO_DEEP : `parser failure: ${String(e)}`, 0)
  }
}

// ---------------------------------------------------------------------------
// Go value access (GopherJS layout: pointers to structs are JS objects whose
// `constructor.string` is the Go type, slices are {$array,$offset,$length}).

type Go = { readonly [field: string]: unknown }

function isParseError(e: unknown): e is ExternalParseError {
  return typeof e === 'object' && e !== null && !(e instanceof Error) && typeof (e as ExternalParseError).Pos?.Offset === 'function'
}

/** The syntax node type (`CallExpr`, `Word`, ...), or '' for nil / non-nodes. */
function kind(v: unknown): string {
  if (typeof v !== 'object' || v === null) return ''
  const ctor = (v as { constructor?: { string?: unknown; nil?: unknown } }).constructor
  const name = ctor?.string
  if (typeof name !== 'string' || !name.startsWith('*syntax.') || ctor?.nil === v) return ''
  return name.slice(8)
}

function child(node: Go, field: string): Go | undefined {
  const v = node[field]
  return kind(v) ? (v as Go) : undefined
}

function isSlice(v: unknown): v is { $array: unknown[]; $offset: number; $length: number } {
  return typeof v === 'object' && v !== null && '$array' in v && '$length' in v
}

function list(node: Go, field: string): Go[] {
  const v = node[field]
  if (!isSlice(v)) return []
  const out: Go[] = []
  for (let i = 0; i < v.$length; i++) {
    const e = v.$array[v.$offset + i]
    if (kind(e)) out.push(e as Go)
  }
  return out
}

/** Byte offset of a node's start/end (Go `Pos()` / `End()` methods). */
function posOf(node: Go, which: 'Pos' | 'End'): number {
  const f = node[which] as (() => { offs: number }) | undefined
  return typeof f === 'function' ? f.call(node).offs : 0
}

/** Byte offset of a `syntax.Pos` field. */
function posField(node: Go, field: string): number {
  const p = node[field] as { offs?: number } | undefined
  return typeof p?.offs === 'number' ? p.offs : 0
}

const NON_ASCII = /[^\x00-\x7f]/
/** Any UTF-16 surrogate code unit (no `u` flag: the class matches single code units). */
const SURROGATE = /[\ud800-\udfff]/

/** Maps UTF-8 byte offsets (what the Go parser reports) to UTF-16 string indexes. */
class ByteOffsets {
  private readonly map: Uint32Array | undefined
  constructor(private readonly src: string) {
    // All ASCII (searched natively): byte offsets are string indexes.
    if (!NON_ASCII.test(src)) return
    let bytes = 0
    for (let i = 0; i < src.length; i++) {
      const c = src.charCodeAt(i)
      bytes += c < 0x80 ? 1 : c < 0x800 ? 2 : c >= 0xd800 && c <= 0xdbff ? (i++, 4) : 3
    }
    const map = new Uint32Array(bytes + 1)
    let b = 0
    for (let i = 0; i < src.length; i++) {
      const c = src.charCodeAt(i)
      const n = c < 0x80 ? 1 : c < 0x800 ? 2 : c >= 0xd800 && c <= 0xdbff ? 4 : 3
      for (let k = 0; k < n; k++) map[b + k] = i
      b += n
      if (n === 4) i++
    }
    map[bytes] = src.length
    this.map = map
  }
  toIndex(byteOffset: number): number {
    if (!this.map) return Math.min(byteOffset, this.src.length)
    return this.map[Math.min(byteOffset, this.map.length - 1)]
  }
}

function wellFormed(s: string): string {
  // No surrogate at all (searched natively), so none is lone.
  if (!SURROGATE.test(s)) return s
  let out: string[] | undefined
  let last = 0
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i)
    if (c < 0xd800 || c > 0xdfff) continue
    if (c <= 0xdbff) {
      const d = s.charCodeAt(i + 1)
      if (d >= 0xdc00 && d <= 0xdfff) {
        i++
        continue
      }
    }
    out ??= []
    out.push(s.slice(last, i), '\ufffd')
    last = i + 1
  }
  if (!out) return s
  out.push(s.slice(last))
  return out.join('')
}

function lineEnd(s: string, from: number): number {
  const i = s.indexOf('\n', from)
  return i === -1 ? s.length : i
}

function shebangErrexit(line: string): boolean {
  // `#!/bin/bash -e`, `#!/usr/bin/env -S bash -eu`: an option cluster with `e`.
  return line
    .slice(2)
    .trim()
    .split(/\s+/)
    .slice(1)
    .some((w) => /^-[a-zA-Z]+$/.test(w) && w.includes('e'))
}

// ---------------------------------------------------------------------------
// Tree walk

interface Ctx {
  inSubst: boolean
  /** Same shell process as the script's top level (not a function, subshell or pipeline stage). */
  topLevel: boolean
  fn?: string
  /** Failures are tested here (see ShellCommand.tested). */
  tested?: boolean
  /** Runs on some paths only (see ShellCommand.conditional). */
  branch?: boolean
  /** Runs on some paths of the innermost function's body only (see ShellCommand.everyCall). */
  fnBranch?: boolean
  /** Redirects of enclosing compound commands (see ShellCommand.outerRedirects). */
  outer?: ShellRedirect[]
}

const TOP: Ctx = { inSubst: false, topLevel: true }

const PIPE_STAGE_KINDS = new Set(['CallExpr', 'DeclClause', 'LetClause'])

/**
 * Nodes that hold no other node (a `Lit` is a position pair and its text, a `SglQuoted` the
 * same): {@link Builder.visit} finds nothing in them, so the walk does not enter them. Most
 * nodes of a script are `Lit`s (every plain word is one).
 */
const LEAF_KINDS = new Set(['Lit', 'SglQuoted'])

/**
 * Whether shell text may write a variable: it names it other than in a `$name` / `${name…}` /
 * `${#name}` / `${!name}` read (`name=`, `read name`, `((name++))`, `for name in`), or assigns it
 * in `${name:=…}` / `${name=…}`.
 */
function mayWrite(text: string, name: string): boolean {
  for (let i = text.indexOf(name); i >= 0; i = text.indexOf(name, i + 1)) {
    const before = text[i - 1]
    const after = text[i + name.length]
    if (after !== undefined && /\w/.test(after)) continue
    if (before === undefined || !/[\w${#!]/.test(before)) return true
    if (before === '{' && text[i - 2] === '$' && (after === '=' || (after === ':' && text[i + name.length + 1] === '='))) return true
  }
  return false
}

class Builder {
  readonly commands: ShellCommand[] = []
  readonly pipelines: ShellCommand[][] = []
  readonly traps: ShellTrap[] = []
  readonly exits: ShellExit[] = []
  readonly ifs: ShellIf[] = []
  readonly tests: ShellTest[] = []
  readonly loops: ShellForLoop[] = []
  readonly andOrs: ShellAndOr[] = []
  readonly functions: ShellFunction[] = []
  errexit = false
  /** Statuses of `exit "$var"` known from straight-line code (see resolveVarExits), by the start of the `exit` word. */
  private varExits = new Map<number, number>()

  constructor(
    private readonly src: string,
    private readonly offsets: ByteOffsets
  ) {}

  private start(node: Go): number {
    return this.offsets.toIndex(posOf(node, 'Pos'))
  }
  private end(node: Go): number {
    return this.offsets.toIndex(posOf(node, 'End'))
  }

  visitList(node: unknown, field: string, ctx: Ctx): void {
    if (!kind(node)) return
    for (const n of list(node as Go, field)) this.visit(n, ctx)
  }

  /** Visits any node: statements become commands; everything else is searched for nested statements. */
  visit(node: Go, ctx: Ctx): void {
    switch (kind(node)) {
      case 'Stmt':
        this.visitStmt(node, ctx, [])
        return
      case 'BinaryCmd':
        if (this.isPipe(node)) {
          this.visitPipeline(node, ctx)
          return
        }
        // `x && y`, `x || y`: x's status is tested; y's is the list's, and y runs only on some paths.
        this.recordAndOr(node)
        for (const side of ['X', 'Y']) {
          const s = child(node, side)
          if (s) this.visit(s, side === 'X' ? { ...ctx, tested: true } : { ...ctx, branch: true, fnBranch: true })
        }
        return
      case 'IfClause':
      case 'WhileClause':
        if (kind(node) === 'IfClause') this.recordIf(node, ctx)
        // The condition's status is tested; the body (and `elif`/`else`) runs as usual.
        for (const s of list(node, 'Cond')) this.visit(s, { ...ctx, tested: true })
        for (const key of ['Then', 'Do', 'Else']) {
          const v = node[key]
          if (isSlice(v)) this.visitList(node, key, { ...ctx, branch: true, fnBranch: true })
          else if (kind(v)) this.visit(v as Go, { ...ctx, branch: true, fnBranch: true })
        }
        return
      case 'ForClause': {
        const loop = child(node, 'Loop')
        const name = loop && kind(loop) === 'WordIter' ? child(loop, 'Name') : undefined
        if (loop && name && list(loop, 'Items').length > 0)
          this.loops.push({ name: this.slice(name), items: list(loop, 'Items').map((w) => this.word(w)), start: this.start(node), end: this.end(node) })
        ctx = { ...ctx, branch: true, fnBranch: true }
        break
      }
      case 'CaseClause':
        ctx = { ...ctx, branch: true, fnBranch: true }
        break
      case 'TestClause': {
        const x = child(node, 'X')
        if (x) this.recordTest(x, false)
        break
      }
      case 'CmdSubst':
      case 'ProcSubst':
        // Output of a substitution goes to the enclosing word, not to enclosing redirects.
        ctx = { ...ctx, inSubst: true, topLevel: false, outer: undefined }
        break
      case 'Subshell':
        ctx = { ...ctx, topLevel: false }
        break
      case 'FuncDecl': {
        const name = child(node, 'Name')
        const body = child(node, 'Body')
        const block = body ? child(body, 'Cmd') : undefined
        if (name) {
          const statements = block && (kind(block) === 'Block' || kind(block) === 'Subshell') ? list(block, 'Stmts').map((st) => this.start(st)) : []
          this.functions.push({ name: this.slice(name), start: this.start(node), end: this.end(node), statements })
        }
        ctx = { ...ctx, topLevel: false, tested: false, branch: true, fnBranch: false, fn: name ? this.slice(name) : undefined }
        break
      }
      case 'TimeClause': {
        const stmt = child(node, 'Stmt')
        if (stmt) this.visitStmt(stmt, ctx, ['time'])
        return
      }
    }
    this.visitChildren(node, ctx)
  }

  private visitChildren(node: Go, ctx: Ctx): void {
    for (const key of Object.keys(node)) {
      if (key === '$val') continue
      const v = node[key]
      if (isSlice(v)) {
        for (let i = 0; i < v.$length; i++) {
          const e = v.$array[v.$offset + i]
          const k = kind(e)
          if (k && !LEAF_KINDS.has(k)) this.visit(e as Go, ctx)
        }
      } else {
        const k = kind(v)
        if (k && k !== 'Pos' && !LEAF_KINDS.has(k)) this.visit(v as Go, ctx)
      }
    }
  }

  private visitStmt(stmt: Go, ctx: Ctx, wrappers: string[]): ShellCommand | undefined {
    const cmd = child(stmt, 'Cmd')
    if (stmt.Negated === true) ctx = { ...ctx, tested: true }
    let made: ShellCommand | undefined
    if (cmd && PIPE_STAGE_KINDS.has(kind(cmd))) {
      made = this.makeCommand(stmt, cmd, ctx, wrappers)
      if (made) this.commands.push(made)
    }
    if (cmd) {
      if (kind(cmd) === 'CallExpr' || kind(cmd) === 'DeclClause' || kind(cmd) === 'LetClause') this.visitChildren(cmd, ctx)
      else {
        // `{ …; } >> file`, `( … ) > file`, `while …; done > file`: the commands inside write there.
        const redirs = list(stmt, 'Redirs')
        this.visit(cmd, redirs.length ? { ...ctx, outer: [...(ctx.outer ?? []), ...redirs.map((r) => this.redirect(r))] } : ctx)
      }
    }
    for (const r of list(stmt, 'Redirs')) this.visitChildren(r, ctx)
    return made
  }

  private isPipe(bin: Go): boolean {
    const at = this.offsets.toIndex(posField(bin, 'OpPos'))
    return this.src[at] === '|' && this.src[at + 1] !== '|'
  }

  private pipeStages(stmt: Go, out: Go[]): void {
    const cmd = child(stmt, 'Cmd')
    if (cmd && kind(cmd) === 'BinaryCmd' && this.isPipe(cmd) && !stmt.Negated && list(stmt, 'Redirs').length === 0) {
      const x = child(cmd, 'X')
      const y = child(cmd, 'Y')
      if (x) this.pipeStages(x, out)
      if (y) this.pipeStages(y, out)
    } else {
      out.push(stmt)
    }
  }

  private visitPipeline(bin: Go, ctx: Ctx): void {
    const stages: Go[] = []
    for (const side of ['X', 'Y']) {
      const s = child(bin, side)
      if (s) this.pipeStages(s, stages)
    }
    const stageCtx: Ctx = { ...ctx, topLevel: false }
    const heads: ShellCommand[] = []
    for (const stage of stages) {
      const before = this.commands.length
      this.visitStmt(stage, stageCtx, [])
      // The stage's first simple command: the one created first while walking it
      // (statements are visited before their nested substitutions).
      if (this.commands.length > before) heads.push(this.commands[before])
    }
    for (let i = 0; i + 1 < heads.length; i++) {
      heads[i].pipeNext = heads[i + 1]
      heads[i + 1].pipedFrom = heads[i]
    }
    if (heads.length >= 2) this.pipelines.push(heads)
  }

  // -------------------------------------------------------------------------
  // Commands

  private makeCommand(stmt: Go, cmd: Go, ctx: Ctx, timeWrapper: string[]): ShellCommand | undefined {
    const k = kind(cmd)
    const words: ShellWord[] = []
    const assignments: ShellAssignment[] = []
    if (k === 'CallExpr') {
      for (const a of list(cmd, 'Assigns')) assignments.push(this.assignment(a))
      for (const w of list(cmd, 'Args')) words.push(this.word(w))
    } else if (k === 'DeclClause') {
      const variant = child(cmd, 'Variant')
      if (variant) words.push(this.rangeWord(this.start(variant), this.end(variant)))
      for (const a of list(cmd, 'Args')) {
        const value = child(a, 'Value')
        const name = child(a, 'Name')
        if (a.Naked === true) {
          if (value) words.push(this.word(value))
          else if (name) words.push(this.rangeWord(this.start(name), this.end(name)))
        } else {
          const asg = this.assignment(a)
          assignments.push(asg)
          words.push(this.assignWord(a, asg))
        }
      }
    } else {
      // LetClause: `let x=1 y++`.
      const let0 = this.start(cmd)
      words.push(this.rangeWord(let0, let0 + 3))
      for (const e of list(cmd, 'Exprs')) {
        words.push(kind(e) === 'Word' ? this.word(e) : this.rangeWord(this.start(e), this.end(e), false))
      }
    }
    if (words.length === 0 && assignments.length === 0) return undefined

    const redirects = list(stmt, 'Redirs').map((r) => this.redirect(r))
    let start = this.start(cmd)
    let end = this.end(cmd)
    for (const r of redirects) {
      start = Math.min(start, r.start)
      end = Math.max(end, r.target ? r.target.end : r.end)
    }

    const stripped = stripWrappers(words)
    for (const w of stripped.envAssigns) assignments.push(envAssignment(w))
    const args = words.slice(stripped.index)
    const command: ShellCommand = {
      name: args[0]?.text ?? '',
      args,
      words,
      wrappers: [...timeWrapper, ...stripped.wrappers],
      start,
      end,
      assignments,
      redirects,
      inSubstitution: ctx.inSubst,
      ...(ctx.fn !== undefined ? { inFunction: ctx.fn, ...(ctx.fnBranch ? {} : { everyCall: true }) } : {}),
      negated: stmt.Negated === true,
      tested: ctx.tested === true,
      background: stmt.Background === true,
      ...(ctx.branch ? { conditional: true } : {}),
      ...(ctx.outer ? { outerRedirects: ctx.outer } : {})
    }
    this.builtins(command, ctx)
    return command
  }

  /** `set -e`, `trap`, `exit`. */
  private builtins(c: ShellCommand, ctx: Ctx): void {
    const rest = c.args.slice(1)
    if (c.name === 'set' && ctx.topLevel && setsErrexit(rest)) this.errexit = true
    if (c.name === 'trap') {
      let a = rest
      if (a[0]?.literal && a[0].text === '--') a = a.slice(1)
      if (a.length === 0 || (a[0].literal && /^-[lp]+$/.test(a[0].text))) return
      const action = a.length === 1 ? undefined : a[0]
      for (const sig of a.length === 1 ? a : a.slice(1)) {
        let s = sig.text.toUpperCase()
        if (s.startsWith('SIG')) s = s.slice(3)
        if (s === '0') s = 'EXIT'
        this.traps.push({
          signal: s,
          action: action ? action.text : null,
          ...(action ? { actionWord: action } : {}),
          start: c.start,
          end: c.end
        })
      }
    }
    if (c.name === 'exit') {
      const w = rest[0]
      let code: number | null = null
      if (w?.literal && /^[+-]?\d{1,30}$/.test(w.text)) code = Number(((BigInt(w.text) % 256n) + 256n) % 256n)
      else if (w && rest.length === 1) code = this.varExits.get(c.args[0].start) ?? null
      this.exits.push({ code, start: c.start, end: c.end })
    }
  }

  /** Ranges of a list of statements (empty at `at` when there are none). */
  private range(stmts: Go[], at: number): { start: number; end: number } {
    if (!stmts.length) return { start: at, end: at }
    const start = this.start(stmts[0])
    let end = this.end(stmts[stmts.length - 1])
    // A statement ends after its `;`: the range stops before it.
    while (end > start && /[\s;]/.test(this.src[end - 1])) end--
    return { start, end }
  }

  private recordAndOr(node: Go): void {
    const x = child(node, 'X')
    const y = child(node, 'Y')
    if (!x || !y) return
    const at = this.offsets.toIndex(posField(node, 'OpPos'))
    const op = this.src.slice(at, at + 2)
    if (op !== '&&' && op !== '||') return
    this.andOrs.push({
      op,
      left: { start: this.start(x), end: this.end(x) },
      right: { start: this.start(y), end: this.end(y) },
      start: this.start(node),
      end: this.end(node)
    })
  }

  private recordIf(node: Go, ctx: Ctx): void {
    const start = this.start(node)
    const cond = this.range(list(node, 'Cond'), start)
    const then = this.range(list(node, 'Then'), cond.end)
    const e = node.Else
    const elseStmts = isSlice(e) ? list(node, 'Else') : kind(e) === 'IfClause' ? [e as Go] : []
    this.ifs.push({
      cond,
      then,
      ...(elseStmts.length ? { else: this.range(elseStmts, then.end) } : {}),
      start,
      end: this.end(node),
      mainFlow: ctx.topLevel && !ctx.branch && !ctx.tested && !ctx.inSubst && ctx.fn === undefined
    })
  }

  /** The word tests of a `[[ … ]]` expression: `&&`/`||` and `( … )` are looked through, `!` noted. */
  private recordTest(t: Go, negated: boolean): void {
    switch (kind(t)) {
      case 'BinaryTest': {
        const x = child(t, 'X')
        const y = child(t, 'Y')
        if (!x || !y) return
        if (kind(x) === 'Word' && kind(y) === 'Word') {
          const op = this.src.slice(this.end(x), this.start(y)).trim()
          this.tests.push({ op, operands: [this.word(x), this.word(y)], negated, start: this.start(t), end: this.end(t) })
        } else {
          this.recordTest(x, negated)
          this.recordTest(y, negated)
        }
        return
      }
      case 'UnaryTest': {
        const x = child(t, 'X')
        if (!x) return
        const op = this.src.slice(this.start(t), this.start(x)).trim()
        if (kind(x) === 'Word' && op !== '!')
          this.tests.push({ op, operands: [this.word(x)], negated, start: this.start(t), end: this.end(t) })
        else this.recordTest(x, op === '!' ? !negated : negated)
        return
      }
      case 'ParenTest': {
        const x = child(t, 'X')
        if (x) this.recordTest(x, negated)
        return
      }
    }
  }

  // -------------------------------------------------------------------------
  // Exit statuses carried by variables

  /**
   * Resolves `exit $rc` / `exit "${rc}"` where straight-line code fixes the
   * value: the last write to `rc` before the exit, on every path to it, is a
   * plain assignment of a literal number (or of another variable known so far),
   * as in `rc=2; …; rc=1; exit $rc` (exits 1). Anything else leaves the status
   * unknown, never guessed: a write in a branch, loop, `case`, `&&`/`||` tail,
   * pipeline or background job; `read`, `printf -v`, `((…))`, `${rc:=…}`,
   * `local`/`declare` without a literal; a call of a function this script
   * defines, `eval`, `source` or a command named by an expansion (they may set
   * anything); namerefs. A function body starts with nothing known (it runs
   * when called). Exits in subshells, pipelines and substitutions are left
   * alone (they end only that process).
   */
  resolveVarExits(file: Go): void {
    if (!/\bexit\s+["']?\$\{?[A-Za-z_]/.test(this.src)) return
    // `declare -n ref=rc` writes rc through ref: nothing is known.
    if (/\b(?:declare|local|typeset)\s+-[a-zA-Z]*n/.test(this.src)) return
    const functions = new Set<string>()
    const collect = (n: Go): void => {
      if (kind(n) === 'FuncDecl') {
        const name = child(n, 'Name')
        if (name) functions.add(this.slice(name))
      }
      for (const key of Object.keys(n)) {
        if (key === '$val') continue
        const v = n[key]
        if (isSlice(v)) {
          for (let i = 0; i < v.$length; i++) {
            const e = v.$array[v.$offset + i]
            if (kind(e)) collect(e as Go)
          }
        } else if (kind(v) && kind(v) !== 'Pos') collect(v as Go)
      }
    }
    collect(file)
    type Env = Map<string, number>
    /** Drops what a statement may write: every name it mentions other than as `$name` / `${name…}` reads. */
    const forget = (node: Go, env: Env): void => {
      if (env.size === 0) return
      const text = this.slice(node)
      for (const name of [...env.keys()]) if (mayWrite(text, name)) env.delete(name)
    }
    const literalOf = (value: Go | undefined, env: Env): number | undefined => {
      if (!value) return undefined
      const w = this.word(value)
      if (w.literal) return /^\d{1,9}$/.test(w.text) ? Number(w.text) % 256 : undefined
      const ref = /^\$\{?([A-Za-z_]\w*)\}?$/.exec(w.text)
      return ref && !w.hasCommandSubst ? env.get(ref[1]) : undefined
    }
    const assign = (a: Go, env: Env): void => {
      const name = child(a, 'Name')
      if (!name) return
      const n = this.slice(name)
      const v = a.Append === true || child(a, 'Index') || child(a, 'Array') ? undefined : literalOf(child(a, 'Value'), env)
      if (v === undefined) env.delete(n)
      else env.set(n, v)
    }
    const stmts = (list: Go[], env: Env): void => {
      for (const st of list) stmt(st, env)
    }
    const ifClause = (c: Go, env: Env): void => {
      stmts(list(c, 'Cond'), env)
      stmts(list(c, 'Then'), new Map(env))
      const e = c.Else
      if (isSlice(e)) stmts(list(c, 'Else'), new Map(env))
      else if (kind(e) === 'IfClause') ifClause(e as Go, new Map(env))
    }
    const stmt = (st: Go, env: Env): void => {
      const cmd = child(st, 'Cmd')
      if (!cmd) return
      if (st.Background === true || st.Coprocess === true) return forget(st, env)
      switch (kind(cmd)) {
        case 'CallExpr': {
          const args = list(cmd, 'Args')
          if (args.length === 0) {
            for (const a of list(cmd, 'Assigns')) assign(a, env)
            return
          }
          const w0 = this.word(args[0])
          if (w0.literal && w0.text === 'exit' && list(cmd, 'Assigns').length === 0) {
            const w = args.length === 2 ? this.word(args[1]) : undefined
            const ref = w && !w.hasCommandSubst ? /^\$\{?([A-Za-z_]\w*)\}?$/.exec(w.text) : null
            const v = ref ? env.get(ref[1]) : undefined
            if (v !== undefined) this.varExits.set(w0.start, v)
            return
          }
          if (!w0.literal || functions.has(w0.text) || w0.text === 'eval' || w0.text === 'source' || w0.text === '.')
            return env.clear()
          return forget(st, env)
        }
        case 'DeclClause': {
          forget(st, env)
          const variant = child(cmd, 'Variant')
          const v = variant ? this.slice(variant) : ''
          // `local rc=2`, `export rc=2`, `declare -i rc=2`: a plain literal sets it.
          if (!['local', 'export', 'declare', 'typeset', 'readonly'].includes(v)) return
          const args = list(cmd, 'Args')
          if (args.some((a) => a.Naked === true && child(a, 'Value') && !/^-[irxg]+$/.test(this.slice(a)))) return
          for (const a of args) if (a.Naked !== true) assign(a, env)
          return
        }
        case 'IfClause':
          ifClause(cmd, env)
          return forget(st, env)
        case 'WhileClause':
        case 'ForClause': {
          // A later iteration sees the writes of earlier ones.
          forget(st, env)
          const inner = new Map(env)
          stmts(list(cmd, 'Cond'), inner)
          stmts(list(cmd, 'Do'), inner)
          return
        }
        case 'CaseClause':
          for (const item of list(cmd, 'Items')) stmts(list(item, 'Stmts'), new Map(env))
          return forget(st, env)
        case 'Block':
          return stmts(list(cmd, 'Stmts'), env)
        case 'BinaryCmd': {
          const x = child(cmd, 'X')
          const y = child(cmd, 'Y')
          if (this.isPipe(cmd)) return forget(st, env)
          // `x && y`, `x || y`: x always runs, y on some paths only.
          if (x) stmt(x, env)
          if (y) {
            stmt(y, new Map(env))
            forget(y, env)
          }
          return
        }
        case 'FuncDecl': {
          const body = child(cmd, 'Body')
          if (body) stmt(body, new Map())
          return
        }
        case 'TimeClause': {
          const inner = child(cmd, 'Stmt')
          if (inner) stmt(inner, env)
          return
        }
        default:
          // Subshells, `((…))`, `[[ … ]]`, `let`, coprocesses: their exits end only them; writes are forgotten.
          return forget(st, env)
      }
    }
    stmts(list(file, 'Stmts'), new Map())
  }

  private assignment(a: Go): ShellAssignment {
    const name = child(a, 'Name')
    const value = child(a, 'Value')
    const array = child(a, 'Array')
    const end = this.end(a)
    let v: ShellWord
    if (value) v = this.word(value)
    else if (array) v = this.rangeWord(this.start(array), this.end(array), false)
    else v = this.rangeWord(end, end)
    const out: ShellAssignment = { name: name ? this.slice(name) : '', value: v, start: this.start(a), end }
    if (a.Append === true) out.append = true
    if (array) {
      out.elements = []
      for (const e of list(array, 'Elems')) {
        const ev = child(e, 'Value')
        if (ev) out.elements.push(this.word(ev))
      }
    }
    return out
  }

  /** A `NAME=value` operand of `export`/`local`/... as one word. */
  private assignWord(a: Go, asg: ShellAssignment): ShellWord {
    const start = this.start(a)
    const prefix = this.src.slice(start, asg.value.start)
    return {
      ...asg.value,
      text: prefix + asg.value.text,
      raw: this.src.slice(start, asg.end),
      start,
      end: asg.end
    }
  }

  private redirect(r: Go): ShellRedirect {
    const target = child(r, 'Word')
    const n = child(r, 'N')
    const hdoc = child(r, 'Hdoc')
    const opStart = this.offsets.toIndex(posField(r, 'OpPos'))
    const t = target ? this.word(target) : undefined
    const op = this.src.slice(opStart, t ? t.start : this.end(r)).trim()
    const out: ShellRedirect = { op, start: n ? this.start(n) : opStart, end: this.end(r) }
    if (n) out.fd = this.slice(n)
    if (t) out.target = t
    if (hdoc) out.heredoc = this.heredoc(hdoc, op === '<<-', t)
    return out
  }

  /**
   * A heredoc body. The parser's end position for the body runs through the
   * closing delimiter line, so the body is cut at the start of that line.
   */
  private heredoc(hdoc: Go, dash: boolean, delim: ShellWord | undefined): ShellWord {
    const start = this.start(hdoc)
    let end = Math.max(start, this.end(hdoc))
    if (delim && delim.text !== '' && this.src.slice(start, end).endsWith(delim.text)) {
      end -= delim.text.length
      while (dash && end > start && this.src[end - 1] === '\t') end--
    }
    // A quoted delimiter (`<<'EOF'`) makes the body literal text.
    const w = delim?.quoted ? this.rangeWord(start, end, true, true) : this.word(hdoc, 'heredoc', end)
    // `<<-` strips leading tabs from every line.
    return dash ? { ...w, text: w.text.replace(/^\t+/gm, '') } : w
  }

  // -------------------------------------------------------------------------
  // Words

  private slice(node: Go): string {
    return this.src.slice(this.start(node), this.end(node))
  }

  /** A word for a span of source (DeclClause names, `let` expressions, arrays). */
  private rangeWord(start: number, end: number, literal = true, verbatim = false): ShellWord {
    const raw = this.src.slice(start, end)
    return {
      text: literal && !verbatim ? unescapeBare(raw) : raw,
      raw,
      start,
      end,
      literal,
      hasCommandSubst: false,
      hasParamExpansion: false,
      hasProcessSubst: false,
      hasUnquotedExpansion: false,
      quoted: false
    }
  }

  private word(w: Go, mode: 'bare' | 'heredoc' = 'bare', clipEnd?: number): ShellWord {
    const start = this.start(w)
    const end = clipEnd ?? this.end(w)
    const acc: WordAcc = {
      text: '',
      literal: true,
      cs: false,
      pe: false,
      ps: false,
      unquoted: false,
      quoted: false
    }
    for (const p of list(w, 'Parts')) this.part(p, acc, mode === 'heredoc' ? 'dq' : 'bare', end)
    return {
      text: acc.text,
      raw: this.src.slice(start, end),
      start,
      end,
      literal: acc.literal,
      hasCommandSubst: acc.cs,
      hasParamExpansion: acc.pe,
      hasProcessSubst: acc.ps,
      hasUnquotedExpansion: acc.unquoted,
      quoted: acc.quoted
    }
  }

  private part(p: Go, acc: WordAcc, where: 'bare' | 'dq', clipEnd = Infinity): void {
    const start = this.start(p)
    const raw = this.src.slice(start, Math.max(start, Math.min(this.end(p), clipEnd)))
    switch (kind(p)) {
      case 'Lit': {
        const text = where === 'dq' ? unescapeDq(raw) : unescapeBare(raw)
        if (text !== raw) acc.quoted = true
        acc.text += text
        return
      }
      case 'SglQuoted':
        acc.quoted = true
        acc.text += p.Dollar === true ? decodeAnsiC(raw.slice(2, -1)) : raw.slice(1, -1)
        return
      case 'DblQuoted':
        acc.quoted = true
        for (const q of list(p, 'Parts')) this.part(q, acc, 'dq')
        return
      case 'ExtGlob':
        acc.text += raw
        return
      case 'ParamExp':
        acc.pe = true
        // A substitution inside (`${x:-$(cmd)}`, `` ${x:-`cmd`} ``) shows a `(` or a backtick in the source.
        if ((raw.includes('(') || raw.includes('`')) && contains(p, 'CmdSubst')) acc.cs = true
        break
      case 'CmdSubst':
        acc.cs = true
        break
      case 'ProcSubst':
        acc.ps = true
        break
      case 'ArithmExp':
        if (contains(p, 'CmdSubst')) acc.cs = true
        if (contains(p, 'ParamExp')) acc.pe = true
        // It expands to one number, which word splitting never splits: kept as written but
        // without its blanks, so a reader that splits a value as the shell does (`t=$((n * 60))`,
        // then `timeout $t claude -p`) takes it for the one word it is, not three.
        acc.literal = false
        if (where === 'bare') acc.unquoted = true
        acc.text += raw.replace(/\s+/g, '')
        return
    }
    // Expansions and anything unknown: kept as written.
    acc.literal = false
    if (where === 'bare') acc.unquoted = true
    acc.text += raw
  }
}

interface WordAcc {
  text: string
  literal: boolean
  cs: boolean
  pe: boolean
  ps: boolean
  unquoted: boolean
  quoted: boolean
}

/** Whether a node has a descendant of the given kind (bounded search). */
function contains(node: Go, k: string): boolean {
  const stack: Go[] = [node]
  let budget = 10_000
  while (stack.length > 0 && budget-- > 0) {
    const n = stack.pop() as Go
    for (const key of Object.keys(n)) {
      if (key === '$val') continue
      const v = n[key]
      if (isSlice(v)) {
        for (let i = 0; i < v.$length; i++) {
          const e = v.$array[v.$offset + i]
          const ek = kind(e)
          if (ek === k) return true
          if (ek) stack.push(e as Go)
        }
      } else {
        const vk = kind(v)
        if (vk === k) return true
        if (vk && vk !== 'Pos') stack.push(v as Go)
      }
    }
  }
  return false
}

// Unquoting of single word parts the parser has already delimited.
function unescapeBare(raw: string): string {
  return raw.includes('\\') ? raw.replace(/\\([\s\S])/g, (_, c: string) => (c === '\n' ? '' : c)) : raw
}

function unescapeDq(raw: string): string {
  return raw.includes('\\') ? raw.replace(/\\([$`"\\\n])/g, (_, c: string) => (c === '\n' ? '' : c)) : raw
}

const ANSI_C: Record<string, string> = {
  a: '\x07',
  b: '\b',
  e: '\x1b',
  E: '\x1b',
  f: '\f',
  n: '\n',
  r: '\r',
  t: '\t',
  v: '\v',
  '\\': '\\',
  "'": "'",
  '"': '"',
  '?': '?'
}

/** Decodes the body of `$'...'` as bash does. */
function decodeAnsiC(body: string): string {
  if (!body.includes('\\')) return body
  return body.replace(
    /\\(?:([abeEfnrtv\\'"?])|x([0-9a-fA-F]{1,2})|u([0-9a-fA-F]{1,4})|U([0-9a-fA-F]{1,8})|([0-7]{1,3})|c([\s\S])|([\s\S]))/g,
    (m, simple?: string, hex?: string, u4?: string, u8?: string, oct?: string, ctl?: string) => {
      if (simple) return ANSI_C[simple]
      if (hex) return String.fromCharCode(parseInt(hex, 16))
      const cp = u4 ?? u8
      if (cp) {
        const n = parseInt(cp, 16)
        return n <= 0x10ffff ? String.fromCodePoint(n) : m
      }
      if (oct) return String.fromCharCode(parseInt(oct, 8) & 0xff)
      if (ctl) return String.fromCharCode(ctl.charCodeAt(0) & 0x1f)
      return m
    }
  )
}

// ---------------------------------------------------------------------------
// Wrappers: `sudo -u x env A=1 timeout 5 cmd` runs `cmd`.

interface OptionSpec {
  /** Short options that take an argument. */
  withArg?: string
  /** Long options that take an argument (when not written `--opt=value`). */
  longWithArg?: string[]
  /** Short options after which the next word is not a command (returns -1). */
  stop?: string
  longStop?: string[]
}

/** Skips the options at words[i...]; the index of the first operand, or -1 when unsure. */
function skipOptions(words: ShellWord[], i: number, spec: OptionSpec): number {
  while (i < words.length) {
    const w = words[i]
    if (!w.literal) return i // `nohup "$CMD"`: most likely the command itself
    const t = w.text
    if (t === '--') return i + 1
    if (!t.startsWith('-') || t === '-') return i
    if (t.startsWith('--')) {
      const name = t.split('=')[0]
      if (spec.longStop?.includes(name)) return -1
      i += !t.includes('=') && spec.longWithArg?.includes(name) ? 2 : 1
      continue
    }
    let next = i + 1
    for (let j = 1; j < t.length; j++) {
      if (spec.stop?.includes(t[j])) return -1
      if (spec.withArg?.includes(t[j])) {
        if (j === t.length - 1) next = i + 2
        break
      }
    }
    i = next
  }
  return i
}

const ENV_ASSIGN = /^[A-Za-z_][A-Za-z0-9_]*=/

function skipEnvAssigns(words: ShellWord[], i: number, out: ShellWord[]): number {
  while (i < words.length && ENV_ASSIGN.test(words[i].text) && (words[i].literal || ENV_ASSIGN.test(words[i].raw))) {
    out.push(words[i])
    i++
  }
  return i
}

type WrapperFn = (words: ShellWord[], i: number, env: ShellWord[]) => number

const WRAPPERS: Record<string, WrapperFn> = {
  timeout: (w, i) => {
    const j = skipOptions(w, i, { withArg: 'sk', longWithArg: ['--signal', '--kill-after'] })
    return j < 0 || j >= w.length || !w[j].literal ? -1 : j + 1 // DURATION
  },
  time: (w, i) => skipOptions(w, i, { withArg: 'fo', longWithArg: ['--format', '--output'] }),
  nice: (w, i) => skipOptions(w, i, { withArg: 'n', longWithArg: ['--adjustment'] }),
  nohup: (w, i) => skipOptions(w, i, {}),
  command: (w, i) => skipOptions(w, i, { stop: 'vV' }),
  builtin: (_w, i) => i,
  exec: (w, i) => skipOptions(w, i, { withArg: 'a' }),
  env: (w, i, env) => {
    const j = skipOptions(w, i, {
      withArg: 'uC',
      stop: 'S',
      longWithArg: ['--unset', '--chdir'],
      longStop: ['--split-string']
    })
    return j < 0 ? -1 : skipEnvAssigns(w, j, env)
  },
  sudo: (w, i, env) => {
    const j = skipOptions(w, i, {
      withArg: 'CDghpRrTtUu',
      stop: 'elLvVK',
      longWithArg: ['--chdir', '--close-from', '--group', '--host', '--prompt', '--chroot', '--role', '--type', '--command-timeout', '--other-user', '--user'],
      longStop: ['--edit', '--list', '--validate', '--version', '--remove-timestamp', '--help']
    })
    return j < 0 ? -1 : skipEnvAssigns(w, j, env)
  }
}

function basename(s: string): string {
  return s.slice(s.lastIndexOf('/') + 1)
}

function stripWrappers(words: ShellWord[]): { index: number; wrappers: string[]; envAssigns: ShellWord[] } {
  const wrappers: string[] = []
  const envAssigns: ShellWord[] = []
  let i = 0
  while (i < words.length && words[i].literal) {
    const base = basename(words[i].text)
    const fn = Object.hasOwn(WRAPPERS, base) ? WRAPPERS[base] : undefined
    if (!fn) break
    const env: ShellWord[] = []
    const j = fn(words, i + 1, env)
    if (j < 0 || j >= words.length) break // `exec >&2`, `command -v x`, `env` alone: the wrapper is the command
    wrappers.push(base)
    envAssigns.push(...env)
    i = j
  }
  return { index: i, wrappers, envAssigns }
}

function envAssignment(w: ShellWord): ShellAssignment {
  const eqText = w.text.indexOf('=')
  const eqRaw = w.raw.indexOf('=')
  const rawValueStart = eqRaw >= 0 && w.raw.slice(0, eqRaw) === w.text.slice(0, eqText) ? eqRaw + 1 : 0
  return {
    name: w.text.slice(0, eqText),
    value: {
      ...w,
      text: w.text.slice(eqText + 1),
      raw: w.raw.slice(rawValueStart),
      start: w.start + rawValueStart
    },
    start: w.start,
    end: w.end
  }
}

function setsErrexit(args: ShellWord[]): boolean {
  for (let i = 0; i < args.length; i++) {
    const w = args[i]
    if (!w.literal) return false
    const t = w.text
    if (t === '--' || t === '-' || !/^[-+][a-zA-Z]+$/.test(t)) return false
    if (t[0] === '-' && t.includes('e')) return true
    if (t.includes('o')) {
      if (t[0] === '-' && args[i + 1]?.text === 'errexit') return true
      i++
    }
  }
  return false
}

/** One `$NAME` / `${NAME...}` expansion in a shell word. */
export interface Expansion {
  name: string
  /** Offset of the `$` in the word's raw text, and the expansion's length. */
  at: number
  len: number
  /** `${#NAME}`: the value's length, not the value. */
  length: boolean
}

/**
 * The `$NAME` and `${NAME...}` expansions in a word's raw text, outside single
 * quotes (double quotes expand; a backslash escapes the next character).
 */
export function expansionsIn(raw: string): Expansion[] {
  const out: Expansion[] = []
  let dq = false
  for (let i = 0; i < raw.length; i++) {
    const c = raw[i]
    if (c === '\\') {
      i++
      continue
    }
    if (c === '"') dq = !dq
    else if (c === "'" && !dq) {
      const close = raw.indexOf("'", i + 1)
      if (close < 0) break
      i = close
    } else if (c === '$') {
      // After the name, only a non-word character may start the rest (`:-x`, `/a/b`): linear.
      const m = /^\$(?:\{(#?)([A-Za-z_]\w*)(?:[^}\w][^}]*)?\}|([A-Za-z_]\w*))/.exec(raw.slice(i))
      if (m) out.push({ name: m[2] ?? m[3], at: i, len: m[0].length, length: m[1] === '#' })
    }
  }
  return out
}
