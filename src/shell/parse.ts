/**
 * Shell parsing for hook commands, hook scripts and workflow `run:` scripts.
 *
 * Parser: tree-sitter-bash, run by `web-tree-sitter` with the prebuilt grammar
 * of `@vscode/tree-sitter-wasm` (src/parse/code.ts), the runtime and package
 * that already read our Python, JavaScript and TypeScript. It replaced
 * `mvdan-sh` (the GopherJS build of mvdan.cc/sh, issue #21): that build was
 * half of the command line's bundle and took ~20 ms to start, and it parsed
 * large scripts three to four times slower; one parser technology for all the
 * code we read is also one less to keep.
 *
 * tree-sitter-bash is error-tolerant: it always yields a tree, marking what it
 * could not read with `ERROR` and `MISSING` nodes. A script with any of them
 * is `ok: false`, with the position of the first (a script cut in the middle
 * of an `if` is missing its `fi`). Its tree follows the source more than
 * bash's grammar in a few places (heredocs continued by a pipe, `! a | b`,
 * line continuations inside words, `[ … ]`, `[[ … ]]` precedence, `time`):
 * {@link Converter} rebuilds those as bash runs them, into a small syntax tree
 * that {@link Builder} walks into the model below.
 *
 * Offsets are string indexes (UTF-16 code units): web-tree-sitter reads a
 * JavaScript string as UTF-16 and reports node offsets in the same units.
 * Parsing is synchronous; starting the runtime is not:
 * `prepareShellParsing()` must have resolved first (every entry point awaits
 * it; parsing before throws an Error that says so).
 *
 * `parseShell` never throws otherwise: bad syntax, binary junk or nesting too
 * deep to walk come back as `ok: false` with a position.
 */
import type { Node } from 'web-tree-sitter'
import { bashTree, ShellParserUnavailable } from '../parse/code.js'
import { cachedParse } from '../parse/parse-cache.js'

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

  // tree-sitter-bash sometimes runs a command on over a line break (see Converter.checkLineBreaks).
  // That line break ends a statement for bash, as `;` does: the text is read again with a `;`
  // there (same length, so every offset holds), and the model is built from the original text.
  let src = text
  let stmts: Stmt[] | undefined
  for (let attempt = 0; !stmts; attempt++) {
    let tree
    try {
      tree = bashTree(src)
    } catch (e) {
      if (e instanceof ShellParserUnavailable) return fail(`parser failure: ${e.message}`, 0)
      throw e
    }
    if (!tree) return fail('parser failure: tree-sitter gave no tree', 0)
    try {
      const root = tree.rootNode
      if (root.hasError) {
        const bad = errorAt(firstError(root), text)
        return fail(bad.message, bad.offset)
      }
      stmts = new Converter(src).stmts(kids(root))
    } catch (e) {
      if (e instanceof LineBreak && attempt < MAX_REREADS && src[e.offset] === '\n') {
        src = `${src.slice(0, e.offset)};${src.slice(e.offset + 1)}`
        continue
      }
      if (e instanceof Misread) return fail(e.message, e.offset)
      return fail(e instanceof TooDeep || e instanceof RangeError ? TOO_DEEP : `parser failure: ${String(e)}`, 0)
    } finally {
      tree.delete()
    }
  }
  try {
    const b = new Builder(text)
    b.resolveVarExits(stmts)
    b.visitStmts(stmts, TOP)
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
    return fail(e instanceof TooDeep || e instanceof RangeError ? TOO_DEEP : `parser failure: ${String(e)}`, 0)
  }
}

/** Line breaks read again as `;` (see parseUncached) before a script is refused. */
const MAX_REREADS = 32

/** The first `ERROR` or `MISSING` node, in source order (iterative: trees may be deep). */
function firstError(root: Node): Node | undefined {
  const cursor = root.walk()
  try {
    for (;;) {
      const n = cursor.currentNode
      if (n.isError || n.isMissing) return n
      if (n.hasError && cursor.gotoFirstChild()) continue
      while (!cursor.gotoNextSibling()) if (!cursor.gotoParent()) return undefined
    }
  } finally {
    cursor.delete()
  }
}

/** Tokens that open what must be closed: at the end of an unreadable script, the last of them is what is left open. */
const OPENERS = new Set(['"', "'", '`', '$(', '${', '$((', '((', '(', '{', '[[', '[', 'if', 'then', 'elif', 'else', 'do', 'case', 'in', 'while', 'until', 'for', '<<', '<<-'])

function quoteToken(t: string): string {
  return t.includes('"') ? `'${t}'` : `"${t}"`
}

/** A short message and a position for where tree-sitter-bash could not read on. */
function errorAt(n: Node | undefined, text: string): { message: string; offset: number } {
  if (!n) return { message: 'syntax error', offset: 0 }
  if (n.isMissing) {
    const what = n.type.length <= 20 ? `"${n.type}"` : 'a token'
    return { message: text.slice(n.startIndex).trim() === '' ? `unexpected end of input, missing ${what}` : `syntax error: missing ${what}`, offset: n.startIndex }
  }
  if (text.slice(n.endIndex).trim() === '') {
    // Unreadable up to the end: something was left open. Name the last opener among its parts.
    const open = [...n.children].reverse().find((k) => k !== null && !k.isNamed && OPENERS.has(k.type))
    if (open) return { message: `unexpected end of input, ${quoteToken(open.type)} is not closed`, offset: open.startIndex }
  }
  const near = text.slice(n.startIndex, n.startIndex + 40).split('\n')[0].trim()
  const token = /^\S+/.exec(near)?.[0] ?? near
  return { message: token ? `syntax error near "${token.length > 20 ? `${token.slice(0, 20)}…` : token}"` : 'syntax error', offset: n.startIndex }
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
// From the tree-sitter-bash tree to a small syntax tree of our own.
//
// tree-sitter-bash's tree is close to the source but not to the shell's grammar in
// a few places, which this step straightens out, so the walk below (Builder) reads
// one tree shaped as bash runs it (the shape of mvdan-sh's, which it was written for):
//
// - `cmd <<EOF | next && other` hangs `| next && other` under the heredoc redirect;
//   it becomes the pipeline and list bash runs.
// - `! a | b` negates the pipeline, not its first stage.
// - `cmd 2>/dev/null arg` makes `arg` a second destination of the redirect; it is
//   an argument of the command.
// - A line continuation inside a word (`a\⏎b`) splits it in two; `$"…"` is a `$`
//   and a string: adjacent pieces are joined into one word.
// - `[ … ]` is a test node; for bash it is the command `[`, whose words are its
//   pieces. `[[ … ]]` expressions are rebuilt from their pieces (tree-sitter-bash
//   gives `a =~ b && c` the wrong precedence).
// - `time` and `coproc` are plain command names to tree-sitter-bash; they are
//   keywords to bash.
//
// Every walk over tree-sitter nodes counts its depth and stops at MAX_DEPTH
// (TooDeep): no script nests that deep, and a hostile one must not exhaust the
// stack.

interface Span {
  start: number
  end: number
}

interface Subst extends Span {
  k: 'CmdSubst' | 'ProcSubst'
  stmts: Stmt[]
}

type Part =
  | (Span & { k: 'Lit' })
  | (Span & { k: 'SglQuoted'; dollar: boolean })
  | (Span & { k: 'DblQuoted'; parts: Part[] })
  | (Span & { k: 'ParamExp' | 'ArithmExp' | 'Other'; subs: Subst[]; cs: boolean; pe: boolean })
  | Subst

interface Word extends Span {
  parts: Part[]
}

interface Assign extends Span {
  name: Span
  value?: Word
  array?: Span & { elems: Word[] }
  append: boolean
  index: boolean
  /** Substitutions in the index (`a[$(x)]=1`). */
  subs: Subst[]
}

interface Redir extends Span {
  /** The operator's span. */
  op: Span
  n?: Span
  word?: Word
  hdoc?: { start: number; end: number; word: Word; quoted: boolean; dash: boolean }
}

interface Stmt extends Span {
  cmd?: Cmd
  negated: boolean
  /** Where the statement starts after its `!`, when negated. */
  bang?: number
  background: boolean
  redirs: Redir[]
}

type DeclArg = { naked: true; value?: Word; name?: Span } | { naked: false; assign: Assign }

type TestExpr =
  | { k: 'Word'; word: Word }
  | (Span & { k: 'Unary'; op: string; x: TestExpr })
  | (Span & { k: 'Binary'; op: string; x: TestExpr; y: TestExpr })
  | (Span & { k: 'Paren'; x: TestExpr })

interface IfN extends Span {
  k: 'IfClause'
  cond: Stmt[]
  then: Stmt[]
  else?: IfN
}

type Cmd =
  | (Span & { k: 'CallExpr'; assigns: Assign[]; args: Word[] })
  | (Span & { k: 'DeclClause'; variant: Span; args: DeclArg[] })
  | (Span & { k: 'LetClause'; exprs: { word: Word; plain: boolean }[] })
  | (Span & { k: 'BinaryCmd'; op: '&&' | '||'; x: Stmt; y: Stmt })
  | (Span & { k: 'Pipeline'; stages: Stmt[] })
  | IfN
  | (Span & { k: 'WhileClause'; cond: Stmt[]; do: Stmt[] })
  | (Span & { k: 'ForClause'; name?: Span; items?: Word[]; do: Stmt[]; subs: Subst[] })
  | (Span & { k: 'CaseClause'; word?: Word; items: { patterns: Word[]; stmts: Stmt[] }[] })
  | (Span & { k: 'Block' | 'Subshell'; stmts: Stmt[] })
  | (Span & { k: 'FuncDecl'; name: Span; body?: Stmt })
  | (Span & { k: 'TestClause'; x?: TestExpr; words: Word[] })
  | (Span & { k: 'ArithmCmd'; subs: Subst[] })
  | (Span & { k: 'TimeClause'; stmt?: Stmt })

class TooDeep extends Error {}

/** A tree tree-sitter-bash built against bash's reading of the text (see {@link Converter.checkLineBreaks}). */
class Misread extends Error {
  constructor(
    readonly offset: number,
    message = 'line break inside a command (tree-sitter-bash could not read this line)'
  ) {
    super(message)
  }
}

/** A line break inside a command, where bash ends it. */
class LineBreak extends Misread {}

/** Reserved words that only close or continue a compound command: bash rejects them as a command's name (tree-sitter-bash reads a stray one as a command). */
const CLOSERS = new Set(['then', 'else', 'elif', 'fi', 'do', 'done', 'esac', '}', ']]'])

/** Deeper than this (nodes of the tree-sitter tree, or statements in statements) is refused. */
const MAX_DEPTH = 1500

const STATEMENT_TYPES = new Set([
  'command',
  'declaration_command',
  'unset_command',
  'test_command',
  'variable_assignment',
  'variable_assignments',
  'redirected_statement',
  'negated_command',
  'pipeline',
  'list',
  'subshell',
  'compound_statement',
  'if_statement',
  'while_statement',
  'for_statement',
  'c_style_for_statement',
  'case_statement',
  'function_definition'
])

const REDIRECT_TYPES = new Set(['file_redirect', 'heredoc_redirect', 'herestring_redirect'])

const SUBST_TYPES = ['command_substitution', 'process_substitution']
/** What reads a variable as an expansion in arithmetic: `$x`, `${x}`, `a[i]`. */
const ARITHM_READS = ['simple_expansion', 'expansion', 'subscript']

/** Binary operators of `[[ … ]]`. */
const TEST_BINARY = new Set(['==', '=', '!=', '=~', '<', '>', '-eq', '-ne', '-lt', '-le', '-gt', '-ge', '-nt', '-ot', '-ef'])

/** Node types whose text is a word or part of one (a `[ … ]` / `[[ … ]]` piece is one of these or an operator). */
const TEST_GROUPS = new Set(['binary_expression', 'unary_expression', 'parenthesized_expression', 'postfix_expression', 'ternary_expression'])

function kids(n: Node): Node[] {
  return n.children.filter((c): c is Node => c !== null)
}

class Converter {
  depth = 0

  constructor(
    private readonly src: string,
    /** Characters second parses may still read (see {@link reparse}). */
    private readonly budget = { chars: 4 * src.length + 1_000_000 }
  ) {}

  private enter(): void {
    if (++this.depth > MAX_DEPTH) throw new TooDeep()
  }

  private leave(): void {
    this.depth--
  }

  /** The statements among a node's children (`&` after one makes it a background job). */
  stmts(nodes: Node[]): Stmt[] {
    const out: Stmt[] = []
    for (let i = 0; i < nodes.length; i++) {
      const n = nodes[i]
      if (!STATEMENT_TYPES.has(n.type)) continue
      const s = this.stmt(n)
      if (nodes[i + 1]?.type === '&') {
        s.background = true
        s.end = nodes[i + 1].endIndex
      }
      out.push(s)
    }
    return out
  }

  stmt(n: Node): Stmt {
    this.enter()
    try {
      return this.stmtOf(n)
    } finally {
      this.leave()
    }
  }

  private bare(n: Node, cmd?: Cmd): Stmt {
    return { start: n.startIndex, end: n.endIndex, negated: false, background: false, redirs: [], ...(cmd ? { cmd } : {}) }
  }

  private stmtOf(n: Node): Stmt {
    const c = kids(n)
    switch (n.type) {
      case 'negated_command': {
        const inner = c.find((k) => STATEMENT_TYPES.has(k.type))
        const s = inner ? this.stmt(inner) : this.bare(n)
        return { ...s, negated: true, start: n.startIndex, bang: s.start }
      }
      case 'redirected_statement':
        return this.redirected(n, c)
      case 'pipeline':
        return this.pipeline(n, c)
      case 'list': {
        const [x, y] = c.filter((k) => STATEMENT_TYPES.has(k.type))
        const op = c.find((k) => k.type === '&&' || k.type === '||')
        if (!x || !y || !op) return this.bare(n)
        return this.andOr(this.stmt(x), op.type as '&&' | '||', this.stmt(y))
      }
      case 'subshell':
      case 'compound_statement':
        return this.bare(n, { k: n.type === 'subshell' ? 'Subshell' : 'Block', start: n.startIndex, end: n.endIndex, stmts: this.stmts(c) })
      case 'if_statement':
        return this.bare(n, this.ifClause(n, c, n.endIndex))
      case 'while_statement': {
        const body = c.find((k) => k.type === 'do_group')
        return this.bare(n, {
          k: 'WhileClause',
          start: n.startIndex,
          end: n.endIndex,
          cond: this.stmts(n.childrenForFieldName('condition').filter((k): k is Node => k !== null)),
          do: body ? this.stmts(kids(body)) : []
        })
      }
      case 'for_statement':
      case 'c_style_for_statement':
        return this.bare(n, this.forClause(n, c))
      case 'case_statement': {
        const value = n.childForFieldName('value')
        const items: { patterns: Word[]; stmts: Stmt[] }[] = []
        for (const item of c) {
          if (item.type !== 'case_item') continue
          const ic = kids(item)
          const patterns = item.childrenForFieldName('value').filter((k): k is Node => k !== null)
          items.push({ patterns: patterns.map((p) => this.mergeWords([p])[0]), stmts: this.stmts(ic) })
        }
        return this.bare(n, { k: 'CaseClause', start: n.startIndex, end: n.endIndex, ...(value ? { word: this.mergeWords([value])[0] } : {}), items })
      }
      case 'function_definition': {
        const name = n.childForFieldName('name')
        const body = n.childForFieldName('body')
        const b = body ? this.stmt(body) : undefined
        const redirs = c.filter((k) => REDIRECT_TYPES.has(k.type))
        if (b && redirs.length) {
          for (const r of redirs) b.redirs.push(...this.redirect(r).redirs)
          b.end = n.endIndex
        }
        return this.bare(n, {
          k: 'FuncDecl',
          start: n.startIndex,
          end: n.endIndex,
          name: name ? { start: name.startIndex, end: name.endIndex } : { start: n.startIndex, end: n.startIndex },
          ...(b ? { body: b } : {})
        })
      }
      case 'test_command':
        return this.bare(n, this.testCommand(n, c))
      case 'variable_assignment':
        if (!this.validName(n)) return this.command(n, [n])
        return this.bare(n, { k: 'CallExpr', start: n.startIndex, end: n.endIndex, assigns: [this.assign(n)], args: [] })
      case 'variable_assignments': {
        if (c.some((k) => k.type === 'variable_assignment' && !this.validName(k))) return this.command(n, c)
        const assigns = c.filter((k) => k.type === 'variable_assignment').map((a) => this.assign(a))
        return this.bare(n, { k: 'CallExpr', start: n.startIndex, end: n.endIndex, assigns, args: [] })
      }
      case 'declaration_command':
        return this.declaration(n, c)
      case 'unset_command':
      case 'command':
        return this.command(n, c)
    }
    return this.bare(n)
  }

  /** `x op y`, with `x` possibly a list already (`a && b || c` is `(a && b) || c`). */
  private andOr(x: Stmt, op: '&&' | '||', y: Stmt): Stmt {
    return { start: x.start, end: y.end, negated: false, background: false, redirs: [], cmd: { k: 'BinaryCmd', op, x, y, start: x.start, end: y.end } }
  }

  /**
   * `first | rest`: a pipeline of both sides' stages. tree-sitter-bash nests pipelines in
   * pipelines (`a | b 2>x | c`) and puts lists under pipes (`a | b || c`, after a heredoc
   * `cat <<E | b && c`): bash's pipe binds tighter than `&&` / `||`, so a list on the
   * right gives its first part to the pipeline.
   */
  private pipeInto(first: Stmt, rest: Stmt): Stmt {
    const left = first.cmd
    if (left?.k === 'BinaryCmd' && !first.negated && first.redirs.length === 0 && !first.background) {
      return this.andOr(left.x, left.op, this.pipeInto(left.y, rest))
    }
    const cmd = rest.cmd
    if (cmd?.k === 'BinaryCmd' && !rest.negated && rest.redirs.length === 0) {
      return this.andOr(this.pipeInto(first, cmd.x), cmd.op, cmd.y)
    }
    const plain = (s: Stmt): Stmt[] => (s.cmd?.k === 'Pipeline' && !s.negated && s.redirs.length === 0 && !s.background ? s.cmd.stages : [s])
    const stages = [...plain(first), ...plain(rest)]
    return { start: first.start, end: rest.end, negated: false, background: false, redirs: [], cmd: { k: 'Pipeline', stages, start: first.start, end: rest.end } }
  }

  private pipeline(n: Node, c: Node[]): Stmt {
    const stages = c.filter((k) => STATEMENT_TYPES.has(k.type)).map((k) => this.stmt(k))
    if (stages.length === 0) return this.bare(n)
    // `! a | b`: bash negates the whole pipeline.
    let negated = false
    if (stages.length > 1 && stages[0].negated) {
      negated = true
      stages[0] = { ...stages[0], negated: false, start: stages[0].bang ?? stages[0].start }
    }
    // `time a | b` times the whole pipeline: `time` wraps it, not its first command.
    let timed: number | undefined
    const t0 = stages[0].cmd
    if (stages.length > 1 && t0?.k === 'TimeClause' && t0.stmt && !stages[0].negated && stages[0].redirs.length === 0) {
      timed = t0.start
      stages[0] = t0.stmt
    }
    let out = stages[0]
    for (const next of stages.slice(1)) out = this.pipeInto(out, next)
    if (timed !== undefined && out.cmd?.k === 'Pipeline') {
      out = { start: timed, end: out.end, negated: false, background: false, redirs: [], cmd: { k: 'TimeClause', start: timed, end: out.end, stmt: out } }
    }
    return negated ? { ...out, negated: true, start: n.startIndex } : out
  }

  private redirected(n: Node, c: Node[]): Stmt {
    const body = n.childForFieldName('body')
    let s: Stmt = body ? this.stmt(body) : this.bare(n, { k: 'CallExpr', start: n.startIndex, end: n.startIndex, assigns: [], args: [] })
    s = { ...s, redirs: [...s.redirs] }
    const extraArgs: Word[] = []
    const continuations: { op: string; node: Node }[] = []
    let at = body ? body.endIndex : n.startIndex
    for (const r of c) {
      if (!REDIRECT_TYPES.has(r.type)) continue
      // tree-sitter-bash drops a lone `-` before a redirect (`python3 - <<EOF`, `--files-from - 2>x`): it is a word.
      extraArgs.push(...this.strayWords(at, r.startIndex))
      at = r.endIndex
      const got = this.redirect(r)
      s.redirs.push(...got.redirs)
      extraArgs.push(...got.args)
      continuations.push(...got.continuations)
    }
    // `a | b > f`, `a && b > f`: tree-sitter-bash hangs the redirect on the pipeline or list; bash, on its last command.
    if ((body?.type === 'pipeline' || body?.type === 'list') && (s.cmd?.k === 'Pipeline' || s.cmd?.k === 'BinaryCmd')) {
      const own = s.redirs.filter((r) => r.start >= (body?.endIndex ?? 0))
      const last = lastStmt(s)
      last.redirs = [...last.redirs, ...own].sort((a, b) => a.start - b.start)
      last.end = Math.max(last.end, ...own.map((r) => r.end))
      if (last.cmd?.k === 'CallExpr' && extraArgs.length) {
        const args = [...last.cmd.args, ...extraArgs].sort((a, b) => a.start - b.start)
        last.cmd = { ...last.cmd, args, end: Math.max(last.cmd.end, args[args.length - 1].end) }
        extraArgs.length = 0
      }
      widen(s, last.end)
      s.redirs = s.redirs.filter((r) => !own.includes(r))
    }
    s.redirs.sort((a, b) => a.start - b.start)
    if (s.cmd?.k === 'CallExpr' && extraArgs.length) {
      const args = [...s.cmd.args, ...extraArgs].sort((a, b) => a.start - b.start)
      s.cmd = { ...s.cmd, args, end: Math.max(s.cmd.end, args[args.length - 1].end), start: Math.min(s.cmd.start, args[0].start) }
    }
    // Ends with its last redirect (a heredoc's through its closing line), as bash reads it.
    s.end = Math.max(s.end, ...s.redirs.map((r) => r.end))
    if (body && s.cmd?.k === 'CallExpr' && s.cmd.args.length === 0 && s.cmd.assigns.length === 0) s.start = Math.min(s.start, body.startIndex)
    if (!body) s.start = Math.min(...s.redirs.map((r) => r.start), n.startIndex)
    for (const k of continuations) {
      const rest = this.stmt(k.node)
      s = k.op === '|' || k.op === '|&' ? this.pipeInto(s, rest) : this.andOr(s, k.op as '&&' | '||', rest)
    }
    return s
  }

  /** One redirect node: the redirects it holds, words that belong to the command, and what continues the statement after a heredoc's start. */
  private redirect(r: Node): { redirs: Redir[]; args: Word[]; continuations: { op: string; node: Node }[] } {
    const c = kids(r)
    const redirs: Redir[] = []
    const args: Word[] = []
    const continuations: { op: string; node: Node }[] = []
    const fd = c.find((k) => k.type === 'file_descriptor')
    const op = c.find((k) => !k.isNamed && k.type !== '$')
    const opSpan = op ? { start: op.startIndex, end: op.endIndex } : { start: r.startIndex, end: r.startIndex }
    const start = fd ? fd.startIndex : opSpan.start
    if (r.type === 'heredoc_redirect') {
      const delim = c.find((k) => k.type === 'heredoc_start')
      const body = c.find((k) => k.type === 'heredoc_body')
      const endNode = c.find((k) => k.type === 'heredoc_end')
      const word = delim ? this.delimWord(delim) : undefined
      const out: Redir = { op: opSpan, start, end: endNode ? endNode.endIndex : word ? word.end : opSpan.end }
      if (fd) out.n = { start: fd.startIndex, end: fd.endIndex }
      if (word) out.word = word
      const dash = op?.type === '<<-'
      if (body || endNode) {
        let bStart = body ? body.startIndex : endNode!.startIndex
        // tree-sitter-bash starts the body at its first non-blank line; bash, at the line after the operator's.
        const nl = this.src.indexOf('\n', delim ? delim.endIndex : opSpan.end)
        if (nl >= 0 && nl < bStart && this.src.slice(nl + 1, bStart).trim() === '') bStart = nl + 1
        let bEnd = endNode ? endNode.startIndex : body!.endIndex
        while (dash && bEnd > bStart && this.src[bEnd - 1] === '\t') bEnd--
        const quoted = word ? word.parts.some((p) => p.k !== 'Lit') || /["'\\]/.test(this.src.slice(word.start, word.end)) : false
        out.hdoc = { start: bStart, end: bEnd, quoted, dash, word: { start: bStart, end: bEnd, parts: body && !quoted ? this.gapParts(body, bStart, bEnd, true) : [] } }
      }
      redirs.push(out)
      for (let i = 0; i < c.length; i++) {
        const k = c[i]
        if (REDIRECT_TYPES.has(k.type)) {
          const inner = this.redirect(k)
          redirs.push(...inner.redirs)
          args.push(...inner.args)
          continuations.push(...inner.continuations)
        } else if (k.type === 'pipeline' && (kids(k)[0]?.type === '|' || kids(k)[0]?.type === '|&')) {
          const pc = kids(k)
          const rest = pc.slice(1).filter((x) => STATEMENT_TYPES.has(x.type))
          // `| a | b` comes as `|` and a pipeline, or `|`, a, `|`, b.
          if (rest.length === 1) continuations.push({ op: pc[0].type, node: rest[0] })
          else for (const x of rest) continuations.push({ op: '|', node: x })
        } else if ((k.type === '&&' || k.type === '||') && c[i + 1] && STATEMENT_TYPES.has(c[i + 1].type)) {
          continuations.push({ op: k.type, node: c[i + 1] })
          i++
        }
      }
      return { redirs, args, continuations }
    }
    // `2>&-`, `<&-`: tree-sitter-bash reads `>&-` as one operator; bash, as `>&` closing fd `-`.
    if (op && (op.type === '>&-' || op.type === '<&-')) {
      const out: Redir = { op: { start: opSpan.start, end: opSpan.end - 1 }, start, end: opSpan.end, word: { start: opSpan.end - 1, end: opSpan.end, parts: [{ k: 'Lit', start: opSpan.end - 1, end: opSpan.end }] } }
      if (fd) out.n = { start: fd.startIndex, end: fd.endIndex }
      return { redirs: [out], args, continuations }
    }
    const dests = r.type === 'herestring_redirect' ? c.filter((k) => k.isNamed && k.type !== 'file_descriptor') : r.childrenForFieldName('destination').filter((k): k is Node => k !== null)
    const groups = this.mergeWords(dests)
    const target = groups[0]
    const out: Redir = { op: opSpan, start, end: target ? target.end : opSpan.end }
    if (fd) out.n = { start: fd.startIndex, end: fd.endIndex }
    if (target) out.word = target
    redirs.push(out)
    args.push(...groups.slice(1))
    return { redirs, args, continuations }
  }

  /** Words in text between two nodes that tree-sitter-bash left out of both (a `-`). */
  private strayWords(from: number, to: number): Word[] {
    const out: Word[] = []
    if (to <= from) return out
    const gap = this.src.slice(from, to)
    if (!/\S/.test(gap.replace(/\\\r?\n/g, ''))) return out
    for (const m of gap.matchAll(/-+/g)) {
      const start = from + (m.index ?? 0)
      out.push({ start, end: start + m[0].length, parts: [{ k: 'Lit', start, end: start + m[0].length }] })
    }
    return out
  }

  /** The delimiter word of a heredoc (`EOF`, `'EOF'`, `"EOF"`): a leaf to tree-sitter-bash. */
  private delimWord(n: Node): Word {
    const start = n.startIndex
    const end = n.endIndex
    const raw = this.src.slice(start, end)
    if (raw.length >= 2 && raw[0] === "'" && raw.endsWith("'")) return { start, end, parts: [{ k: 'SglQuoted', start, end, dollar: false }] }
    if (raw.length >= 2 && raw[0] === '"' && raw.endsWith('"')) return { start, end, parts: [{ k: 'DblQuoted', start, end, parts: [{ k: 'Lit', start: start + 1, end: end - 1 }] }] }
    return { start, end, parts: [{ k: 'Lit', start, end }] }
  }

  private ifClause(n: Node, c: Node[], end: number): IfN {
    const cond: Node[] = []
    const then: Node[] = []
    let elseN: IfN | undefined
    let state: 'cond' | 'then' = 'cond'
    for (const k of c) {
      if (k.type === 'then') state = 'then'
      else if (k.type === 'elif_clause') elseN ??= this.ifClause(k, kids(k), end)
      else if (k.type === 'else_clause') elseN ??= { k: 'IfClause', start: k.startIndex, end, cond: [], then: this.stmts(kids(k)) }
      else (state === 'cond' ? cond : then).push(k)
    }
    // The `elif`s and `else` of a clause chain: each is the else part of the one before.
    if (elseN) {
      const chain = c.filter((k) => k.type === 'elif_clause' || k.type === 'else_clause')
      let at: IfN = elseN
      for (const k of chain.slice(1)) {
        const next: IfN = k.type === 'elif_clause' ? this.ifClause(k, kids(k), end) : { k: 'IfClause', start: k.startIndex, end, cond: [], then: this.stmts(kids(k)) }
        at.else = next
        at = next
      }
    }
    return { k: 'IfClause', start: n.startIndex, end, cond: this.stmts(cond), then: this.stmts(then), ...(elseN ? { else: elseN } : {}) }
  }

  private forClause(n: Node, c: Node[]): Cmd {
    const body = c.find((k) => k.type === 'do_group' || k.type === 'compound_statement')
    const doStmts = body ? this.stmts(kids(body)) : []
    if (n.type === 'c_style_for_statement') {
      const subs: Subst[] = []
      for (const k of c) if (k !== body) subs.push(...this.substsIn(k))
      return { k: 'ForClause', start: n.startIndex, end: n.endIndex, do: doStmts, subs }
    }
    const v = n.childForFieldName('variable')
    const values = n.childrenForFieldName('value').filter((k): k is Node => k !== null)
    const hasIn = c.some((k) => k.type === 'in')
    return {
      k: 'ForClause',
      start: n.startIndex,
      end: n.endIndex,
      ...(v ? { name: { start: v.startIndex, end: v.endIndex } } : {}),
      ...(hasIn ? { items: this.mergeWords(values) } : {}),
      do: doStmts,
      subs: []
    }
  }

  private testCommand(n: Node, c: Node[]): Cmd {
    const open = c[0]?.type
    if (open === '((') return { k: 'ArithmCmd', start: n.startIndex, end: n.endIndex, subs: this.substsIn(n) }
    const pieces: Node[] = []
    for (const k of c) this.testPieces(k, pieces)
    if (open === '[[') {
      const words = this.mergeWords(pieces.slice(1, -1))
      const x = new TestReader(words, this.src).expr()
      return { k: 'TestClause', start: n.startIndex, end: n.endIndex, words, ...(x ? { x } : {}) }
    }
    // `[ … ]` is the command `[`.
    return { k: 'CallExpr', start: n.startIndex, end: n.endIndex, assigns: [], args: this.mergeWords(pieces) }
  }

  /** The word-level pieces of a test expression: operands and operators, in order. */
  private testPieces(n: Node, out: Node[]): void {
    this.enter()
    try {
      if (TEST_GROUPS.has(n.type)) for (const k of kids(n)) this.testPieces(k, out)
      else out.push(n)
    } finally {
      this.leave()
    }
  }

  private declaration(n: Node, c: Node[]): Stmt {
    const variant = c[0]
    const args: DeclArg[] = []
    const redirs: Redir[] = []
    const pending: Node[] = []
    const flush = (): void => {
      for (const w of this.mergeWords(pending)) args.push({ naked: true, value: w })
      pending.length = 0
    }
    for (const k of c.slice(1)) {
      if (k.type === 'variable_assignment') {
        flush()
        args.push({ naked: false, assign: this.assign(k) })
      } else if (k.type === 'variable_name' && (pending.length === 0 || pending[pending.length - 1].endIndex !== k.startIndex)) {
        flush()
        args.push({ naked: true, name: { start: k.startIndex, end: k.endIndex } })
      } else if (REDIRECT_TYPES.has(k.type)) {
        flush()
        redirs.push(...this.redirect(k).redirs)
      } else if (k.isNamed && k.type !== 'comment') pending.push(k)
    }
    flush()
    const s = this.bare(n, { k: 'DeclClause', start: n.startIndex, end: n.endIndex, variant: { start: variant.startIndex, end: variant.endIndex }, args })
    s.redirs = redirs
    return s
  }

  private command(n: Node, c: Node[]): Stmt {
    const assigns: Assign[] = []
    const redirs: Redir[] = []
    const wordNodes: Node[] = []
    const extra: Word[] = []
    this.checkLineBreaks(c)
    for (const k of c) {
      if (k.type === 'variable_assignment' && !this.validName(k)) wordNodes.push(k)
      else if (k.type === 'variable_assignment') assigns.push(this.assign(k))
      else if (REDIRECT_TYPES.has(k.type)) {
        const got = this.redirect(k)
        redirs.push(...got.redirs)
        extra.push(...got.args)
      } else if (k.type === 'command_name') wordNodes.push(...kids(k))
      else if (n.type === 'unset_command' && k.type === 'unset') wordNodes.push(k)
      else if (k.isNamed && k.type !== 'comment') wordNodes.push(k)
      else if (k.type === '$' || (n.type === 'command' && !k.isNamed && c.indexOf(k) > 0)) wordNodes.push(k)
    }
    // `(( … ))` that tree-sitter-bash read as a command named by an arithmetic expansion.
    if (wordNodes.length === 1 && wordNodes[0].type === 'arithmetic_expansion' && this.src.startsWith('((', wordNodes[0].startIndex) && assigns.length === 0) {
      const s = this.bare(n, { k: 'ArithmCmd', start: n.startIndex, end: n.endIndex, subs: this.substsIn(wordNodes[0]) })
      s.redirs = redirs
      return s
    }
    let args = [...this.mergeWords(wordNodes), ...extra].sort((a, b) => a.start - b.start)
    if (extra.length) args = this.joinAdjacent(args)
    const s = this.bare(n)
    s.redirs = redirs
    // `time [-p] cmd`, `coproc cmd`: keywords of bash, not commands.
    const first = args[0] ? this.src.slice(args[0].start, args[0].end) : ''
    if (assigns.length === 0 && CLOSERS.has(first)) throw new Misread(args[0].start, `syntax error near "${first}"`)
    if (assigns.length === 0 && (first === 'time' || first === 'coproc')) {
      let rest = args.slice(1)
      if (first === 'time' && rest[0] && this.src.slice(rest[0].start, rest[0].end) === '-p') rest = rest.slice(1)
      const inner: Stmt = { ...s, start: rest[0]?.start ?? s.end, cmd: rest.length ? this.callExpr([], rest) : undefined }
      if (first === 'coproc') return { ...this.bare(n), cmd: { k: 'Block', start: n.startIndex, end: n.endIndex, stmts: rest.length ? [inner] : [] } }
      return { ...this.bare(n), cmd: { k: 'TimeClause', start: n.startIndex, end: n.endIndex, ...(rest.length ? { stmt: inner } : {}) } }
    }
    if (assigns.length === 0 && first === 'let' && args.length > 1) {
      const exprs = args.slice(1).map((w) => ({ word: w, plain: /^[A-Za-z0-9_]+$/.test(this.src.slice(w.start, w.end)) }))
      s.cmd = { k: 'LetClause', start: args[0].start, end: args[args.length - 1].end, exprs }
      return s
    }
    const cmd = this.callExpr(assigns, args)
    if (cmd) s.cmd = cmd
    return s
  }

  /**
   * tree-sitter-bash sometimes runs a command on over a line break (after `|&`, or after a
   * redirect followed by a blank): bash ends the command there. Such a tree is not trusted.
   */
  private checkLineBreaks(c: Node[]): void {
    for (let i = 1; i < c.length; i++) {
      const from = c[i - 1].endIndex
      for (let j = this.src.indexOf('\n', from); j >= 0 && j < c[i].startIndex; j = this.src.indexOf('\n', j + 1)) {
        // `\⏎` (or `\␍⏎`) continues the line.
        if (this.src[j - 1] === '\\' || (this.src[j - 1] === '\r' && this.src[j - 2] === '\\')) continue
        throw new LineBreak(j)
      }
    }
  }

  /** `1x=y`, `a-b=c` are words to bash, not assignments (tree-sitter-bash takes any name). */
  private validName(n: Node): boolean {
    const name = n.childForFieldName('name')
    const v = name?.type === 'subscript' ? name.childForFieldName('name') : name
    return !!v && /^[A-Za-z_][A-Za-z0-9_]*$/.test(this.src.slice(v.startIndex, v.endIndex))
  }

  private callExpr(assigns: Assign[], args: Word[]): Cmd | undefined {
    const all: Span[] = [...assigns, ...args]
    if (all.length === 0) return undefined
    return { k: 'CallExpr', assigns, args, start: Math.min(...all.map((x) => x.start)), end: Math.max(...all.map((x) => x.end)) }
  }

  private assign(n: Node): Assign {
    const c = kids(n)
    let nameNode = n.childForFieldName('name')
    let index = false
    const subs: Subst[] = []
    if (nameNode?.type === 'subscript') {
      index = true
      subs.push(...this.substsIn(nameNode))
      nameNode = nameNode.childForFieldName('name') ?? nameNode
    }
    const eq = c.findIndex((k) => k.type === '=' || k.type === '+=')
    const after = eq >= 0 ? c.slice(eq + 1) : []
    const out: Assign = {
      start: n.startIndex,
      end: n.endIndex,
      name: nameNode ? { start: nameNode.startIndex, end: nameNode.endIndex } : { start: n.startIndex, end: n.startIndex },
      append: eq >= 0 && c[eq].type === '+=',
      index,
      subs
    }
    const array = after.find((k) => k.type === 'array')
    if (array) {
      out.array = { start: array.startIndex, end: array.endIndex, elems: this.mergeWords(kids(array).filter((k) => k.isNamed && k.type !== 'comment')) }
    } else if (after.length) {
      const [value] = this.mergeWords(after)
      if (value) {
        out.value = value
        out.end = value.end
      }
    }
    return out
  }

  /** Joins pieces of words that touch (or meet across a line continuation) into words. */
  mergeWords(nodes: Node[]): Word[] {
    const out: Word[] = []
    for (const n of nodes) {
      const parts = this.parts(n)
      const last = out[out.length - 1]
      const gap = last ? this.src.slice(last.end, n.startIndex) : ' '
      if (last && (gap === '' || /^(?:\\\r?\n)+$/.test(gap))) {
        if (gap) last.parts.push({ k: 'Lit', start: last.end, end: n.startIndex })
        last.parts.push(...parts)
        last.end = n.endIndex
      } else out.push({ start: n.startIndex, end: n.endIndex, parts })
    }
    for (const w of out) w.parts = translated(w.parts, this.src)
    return out
  }

  /** Words already built that touch, joined (a redirect's extra destination glued to an argument). */
  private joinAdjacent(words: Word[]): Word[] {
    const out: Word[] = []
    for (const w of words) {
      const last = out[out.length - 1]
      if (last && last.end === w.start) {
        last.parts.push(...w.parts)
        last.end = w.end
      } else out.push({ ...w, parts: [...w.parts] })
    }
    return out
  }

  /** The parts of one word piece. */
  private parts(n: Node): Part[] {
    this.enter()
    try {
      return this.partsOf(n)
    } finally {
      this.leave()
    }
  }

  private partsOf(n: Node): Part[] {
    const start = n.startIndex
    const end = n.endIndex
    switch (n.type) {
      case 'word':
      case 'number':
      case 'extglob_pattern':
      case 'brace_expression':
      case 'test_operator':
      case 'variable_name':
        return [{ k: 'Lit', start, end }]
      case 'regex':
        return this.regexParts(n)
      case 'raw_string':
        return [{ k: 'SglQuoted', start, end, dollar: false }]
      case 'ansi_c_string':
        return [{ k: 'SglQuoted', start, end, dollar: true }]
      case 'string':
        return [{ k: 'DblQuoted', start, end, parts: this.gapParts(n, start + 1, Math.max(start + 1, end - 1), false) }]
      case 'translated_string': {
        const s = kids(n).find((k) => k.type === 'string')
        return [{ k: 'DblQuoted', start, end, parts: s ? this.gapParts(s, s.startIndex + 1, Math.max(s.startIndex + 1, s.endIndex - 1), false) : [] }]
      }
      case 'concatenation':
      case 'variable_assignment': {
        const out: Part[] = []
        let at = start
        for (const k of kids(n)) {
          if (k.startIndex > at) out.push({ k: 'Lit', start: at, end: k.startIndex })
          out.push(...this.parts(k))
          at = k.endIndex
        }
        if (at < end) out.push({ k: 'Lit', start: at, end })
        return out
      }
      case 'simple_expansion':
      case 'expansion': {
        const subs = [...this.substsIn(n), ...this.leafSubsts(n)].sort((a, b) => a.start - b.start)
        return [{ k: 'ParamExp', start, end, subs, cs: subs.some((s) => s.k === 'CmdSubst'), pe: true }]
      }
      case 'arithmetic_expansion':
        return [this.arithm(n)]
      case 'command_substitution':
        // `$((…))` that tree-sitter-bash read as `$( (…) )` (in heredocs): arithmetic, as bash reads it.
        if (this.src.startsWith('$((', start) && this.src.startsWith('))', end - 2)) return [this.arithm(n)]
        return [this.subst(n)]
      case 'process_substitution':
        return [this.subst(n)]
    }
    if (!n.isNamed) return [{ k: 'Lit', start, end }]
    const subs = this.substsIn(n)
    return [{ k: 'Other', start, end, subs, cs: subs.some((s) => s.k === 'CmdSubst'), pe: false }]
  }

  /**
   * The parts of a `[[ x =~ re ]]` regex: a leaf to tree-sitter-bash. Bash expands
   * `$x` and `$(…)` in it and reads quotes: such a regex is read as a word of its own
   * (a second parse of just that text).
   */
  private regexParts(n: Node): Part[] {
    const start = n.startIndex
    const end = n.endIndex
    const raw = this.src.slice(start, end)
    if (!/\$[\w{(@*#?!$-]|[`"']/.test(raw)) return [{ k: 'Lit', start, end }]
    return this.reparse(start, end) ?? [{ k: 'Other', start, end, subs: [], cs: raw.includes('$(') || raw.includes('`'), pe: raw.includes('$') }]
  }

  /**
   * Substitutions in the operands of `${x:-…}`, `${x#…}`, …: tree-sitter-bash leaves
   * some operands as one leaf (`${X:-`id`}`, `${Y#$(pwd)}`); bash runs what is in them.
   * Such a leaf is read again as a word of its own.
   */
  private leafSubsts(n: Node): Subst[] {
    const out: Subst[] = []
    const stack = kids(n)
    while (stack.length) {
      const k = stack.pop() as Node
      if (k.type === 'command_substitution' || k.type === 'process_substitution') continue
      if (k.childCount > 0) {
        stack.push(...kids(k))
        continue
      }
      const raw = this.src.slice(k.startIndex, k.endIndex)
      if (!raw.includes('$(') && !raw.includes('`') && !raw.includes('<(') && !raw.includes('>(')) continue
      const collect = (parts: Part[]): void => {
        for (const p of parts) {
          if (p.k === 'CmdSubst' || p.k === 'ProcSubst') out.push(p)
          else if (p.k === 'DblQuoted') collect(p.parts)
          else if (p.k === 'ParamExp' || p.k === 'ArithmExp' || p.k === 'Other') out.push(...p.subs)
        }
      }
      collect(this.reparse(k.startIndex, k.endIndex) ?? [])
    }
    return out
  }

  /** The parts of source text read as one word by a second parse (offsets kept), or undefined when it is not one word. */
  private reparse(start: number, end: number): Part[] | undefined {
    const raw = this.src.slice(start, end)
    // Padded so that the second parse's offsets are this one's; bounded, so that many such words cannot cost quadratic time.
    if (start < 2 || (this.budget.chars -= end) < 0) return undefined
    const padded = `${' '.repeat(start - 2)}: ${raw}`
    const tree = bashTree(padded)
    try {
      const cmd = tree && !tree.rootNode.hasError ? tree.rootNode.namedChildren[0] : null
      const pieces = cmd ? kids(cmd).filter((k) => k.type !== 'command_name' && k.isNamed) : []
      const sub = new Converter(padded, this.budget)
      sub.depth = this.depth + 1
      const words = sub.mergeWords(pieces)
      return words.length === 1 && words[0].start === start && words[0].end === end ? words[0].parts : undefined
    } finally {
      tree?.delete()
    }
  }

  /** Parts between `from` and `to` of a node whose text between its children is literal (a string's inside, a heredoc body). */
  private gapParts(n: Node, from: number, to: number, heredoc: boolean): Part[] {
    const out: Part[] = []
    let at = from
    for (const k of kids(n)) {
      if (k.endIndex <= from || k.startIndex >= to) continue
      if (k.type === 'string_content' || k.type === 'heredoc_content' || !k.isNamed) continue
      if (k.startIndex > at) out.push({ k: 'Lit', start: at, end: k.startIndex })
      out.push(...this.parts(k))
      at = k.endIndex
    }
    if (at < to) out.push({ k: 'Lit', start: at, end: to })
    void heredoc
    return out
  }

  private arithm(n: Node): Part {
    const subs = this.substsIn(n).filter((x) => !this.src.startsWith('$((', x.start))
    const pe = n.descendantsOfType(ARITHM_READS).length > 0
    return { k: 'ArithmExp', start: n.startIndex, end: n.endIndex, subs, cs: subs.some((x) => x.k === 'CmdSubst'), pe }
  }

  private subst(n: Node): Subst {
    return { k: n.type === 'process_substitution' ? 'ProcSubst' : 'CmdSubst', start: n.startIndex, end: n.endIndex, stmts: this.stmts(kids(n)) }
  }

  /** The outermost substitutions inside a node. */
  substsIn(n: Node): Subst[] {
    const all = n.descendantsOfType(SUBST_TYPES).filter((k): k is Node => k !== null && k.id !== n.id)
    const out: Subst[] = []
    let end = -1
    for (const k of all) {
      if (k.startIndex < end) continue
      out.push(this.subst(k))
      end = k.endIndex
    }
    return out
  }
}

/** The last statement of a pipeline or list (the one a trailing redirect belongs to). */
function lastStmt(s: Stmt): Stmt {
  for (let at = s; ; ) {
    const c = at.cmd
    const next = c?.k === 'Pipeline' ? c.stages[c.stages.length - 1] : c?.k === 'BinaryCmd' ? c.y : undefined
    if (!next) return at
    at = next
  }
}

/** Ends a statement and the pipelines and lists down its right edge at `end` at least. */
function widen(s: Stmt, end: number): void {
  for (let at: Stmt | undefined = s; at; ) {
    at.end = Math.max(at.end, end)
    const c: Cmd | undefined = at.cmd
    if (c?.k === 'Pipeline') {
      c.end = Math.max(c.end, end)
      at = c.stages[c.stages.length - 1]
    } else if (c?.k === 'BinaryCmd') {
      c.end = Math.max(c.end, end)
      at = c.y
    } else at = undefined
  }
}

/** `$` glued to a following `"…"` is one translated string `$"…"`. */
function translated(parts: Part[], src: string): Part[] {
  if (parts.length < 2) return parts
  const out: Part[] = []
  for (let i = 0; i < parts.length; i++) {
    const p = parts[i]
    const next = parts[i + 1]
    if (p.k === 'Lit' && p.end - p.start === 1 && next?.k === 'DblQuoted' && next.start === p.end && src[p.start] === '$') {
      out.push({ ...next, start: p.start })
      i++
    } else out.push(p)
  }
  return out
}

/**
 * Reads a `[[ … ]]` expression from its words: `||` below `&&` below `!`, then
 * `( … )`, a unary test (`-z x`), a binary test (`x == y`) or a lone word.
 */
class TestReader {
  private i = 0
  private depth = 0
  constructor(
    private readonly words: Word[],
    private readonly src: string
  ) {}

  private text(w: Word | undefined): string {
    return w ? this.src.slice(w.start, w.end) : ''
  }

  expr(): TestExpr | undefined {
    if (++this.depth > MAX_DEPTH) throw new TooDeep()
    try {
      let x = this.and()
      while (x && this.text(this.words[this.i]) === '||') {
        this.i++
        const y = this.and()
        if (!y) break
        x = { k: 'Binary', op: '||', x, y, start: spanOf(x).start, end: spanOf(y).end }
      }
      return x
    } finally {
      this.depth--
    }
  }

  private and(): TestExpr | undefined {
    let x = this.not()
    while (x && this.text(this.words[this.i]) === '&&') {
      this.i++
      const y = this.not()
      if (!y) break
      x = { k: 'Binary', op: '&&', x, y, start: spanOf(x).start, end: spanOf(y).end }
    }
    return x
  }

  private not(): TestExpr | undefined {
    const w = this.words[this.i]
    if (!w) return undefined
    if (this.text(w) === '!' && this.words[this.i + 1]) {
      this.i++
      const x = this.not()
      return x ? { k: 'Unary', op: '!', x, start: w.start, end: spanOf(x).end } : undefined
    }
    return this.primary()
  }

  private primary(): TestExpr | undefined {
    const w = this.words[this.i]
    if (!w) return undefined
    const t = this.text(w)
    if (t === '(') {
      this.i++
      const x = this.expr()
      const close = this.words[this.i]
      if (this.text(close) === ')') this.i++
      return x ? { k: 'Paren', x, start: w.start, end: close ? close.end : spanOf(x).end } : undefined
    }
    const next = this.words[this.i + 1]
    if (/^-[a-zA-Z]$/.test(t) && next && !TEST_BINARY.has(this.text(next)) && !['&&', '||', ')'].includes(this.text(next))) {
      this.i += 2
      return { k: 'Unary', op: t, x: { k: 'Word', word: next }, start: w.start, end: next.end }
    }
    this.i++
    if (next && TEST_BINARY.has(this.text(next)) && this.words[this.i + 1]) {
      const y = this.words[this.i + 1]
      this.i += 2
      return { k: 'Binary', op: this.text(next), x: { k: 'Word', word: w }, y: { k: 'Word', word: y }, start: w.start, end: y.end }
    }
    return { k: 'Word', word: w }
  }
}

function spanOf(t: TestExpr): Span {
  return t.k === 'Word' ? t.word : t
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
  private depth = 0

  constructor(private readonly src: string) {}

  visitStmts(stmts: Stmt[], ctx: Ctx): void {
    for (const s of stmts) this.visitStmt(s, ctx, [])
  }

  private visitSubsts(subs: Subst[], ctx: Ctx): void {
    for (const s of subs) {
      // Output of a substitution goes to the enclosing word, not to enclosing redirects.
      this.visitStmts(s.stmts, { ...ctx, inSubst: true, topLevel: false, outer: undefined })
    }
  }

  private visitWord(w: Word | undefined, ctx: Ctx): void {
    if (w) this.visitParts(w.parts, ctx)
  }

  private visitParts(parts: Part[], ctx: Ctx): void {
    for (const p of parts) {
      switch (p.k) {
        case 'CmdSubst':
        case 'ProcSubst':
          this.visitSubsts([p], ctx)
          break
        case 'DblQuoted':
          this.visitParts(p.parts, ctx)
          break
        case 'ParamExp':
        case 'ArithmExp':
        case 'Other':
          this.visitSubsts(p.subs, ctx)
          break
      }
    }
  }

  private visitAssign(a: Assign, ctx: Ctx): void {
    this.visitSubsts(a.subs, ctx)
    this.visitWord(a.value, ctx)
    for (const e of a.array?.elems ?? []) this.visitWord(e, ctx)
  }

  private visitRedir(r: Redir, ctx: Ctx): void {
    this.visitWord(r.word, ctx)
    if (r.hdoc) this.visitWord(r.hdoc.word, ctx)
  }

  /** Visits a compound command or list: statements become commands; everything else is searched for nested statements. */
  private visitCmd(node: Cmd, ctx: Ctx): void {
    switch (node.k) {
      case 'BinaryCmd':
        // `x && y`, `x || y`: x's status is tested; y's is the list's, and y runs only on some paths.
        this.recordAndOr(node)
        this.visitStmt(node.x, { ...ctx, tested: true }, [])
        this.visitStmt(node.y, { ...ctx, branch: true, fnBranch: true }, [])
        return
      case 'Pipeline':
        this.visitPipeline(node.stages, ctx)
        return
      case 'IfClause':
        this.recordIf(node, ctx)
        // The condition's status is tested; the body (and `elif`/`else`) runs as usual.
        this.visitStmts(node.cond, { ...ctx, tested: true })
        this.visitStmts(node.then, { ...ctx, branch: true, fnBranch: true })
        if (node.else) this.visitCmd(node.else, { ...ctx, branch: true, fnBranch: true })
        return
      case 'WhileClause':
        this.visitStmts(node.cond, { ...ctx, tested: true })
        this.visitStmts(node.do, { ...ctx, branch: true, fnBranch: true })
        return
      case 'ForClause': {
        if (node.name && node.items && node.items.length > 0)
          this.loops.push({ name: this.slice(node.name), items: node.items.map((w) => this.word(w)), start: node.start, end: node.end })
        const inner = { ...ctx, branch: true, fnBranch: true }
        for (const w of node.items ?? []) this.visitWord(w, inner)
        this.visitSubsts(node.subs, inner)
        this.visitStmts(node.do, inner)
        return
      }
      case 'CaseClause': {
        const inner = { ...ctx, branch: true, fnBranch: true }
        this.visitWord(node.word, inner)
        for (const item of node.items) {
          for (const p of item.patterns) this.visitWord(p, inner)
          this.visitStmts(item.stmts, inner)
        }
        return
      }
      case 'TestClause':
        if (node.x) this.recordTest(node.x, false)
        for (const w of node.words) this.visitWord(w, ctx)
        return
      case 'ArithmCmd':
        this.visitSubsts(node.subs, ctx)
        return
      case 'Subshell':
        this.visitStmts(node.stmts, { ...ctx, topLevel: false })
        return
      case 'Block':
        this.visitStmts(node.stmts, ctx)
        return
      case 'FuncDecl': {
        const name = this.slice(node.name)
        const block = node.body?.cmd
        const statements = block && (block.k === 'Block' || block.k === 'Subshell') ? block.stmts.map((st) => st.start) : []
        this.functions.push({ name, start: node.start, end: node.end, statements })
        if (node.body) this.visitStmt(node.body, { ...ctx, topLevel: false, tested: false, branch: true, fnBranch: false, fn: name }, [])
        return
      }
      case 'TimeClause':
        if (node.stmt) this.visitStmt(node.stmt, ctx, ['time'])
        return
      case 'CallExpr':
        for (const a of node.assigns) this.visitAssign(a, ctx)
        for (const w of node.args) this.visitWord(w, ctx)
        return
      case 'DeclClause':
        for (const a of node.args) {
          if (a.naked) this.visitWord(a.value, ctx)
          else this.visitAssign(a.assign, ctx)
        }
        return
      case 'LetClause':
        for (const e of node.exprs) this.visitWord(e.word, ctx)
        return
    }
  }

  private visitStmt(stmt: Stmt, ctx: Ctx, wrappers: string[]): ShellCommand | undefined {
    if (++this.depth > MAX_DEPTH) throw new TooDeep()
    try {
      const cmd = stmt.cmd
      if (stmt.negated) ctx = { ...ctx, tested: true }
      let made: ShellCommand | undefined
      if (cmd && (cmd.k === 'CallExpr' || cmd.k === 'DeclClause' || cmd.k === 'LetClause')) {
        made = this.makeCommand(stmt, cmd, ctx, wrappers)
        if (made) this.commands.push(made)
        this.visitCmd(cmd, ctx)
      } else if (cmd) {
        // `{ …; } >> file`, `( … ) > file`, `while …; done > file`: the commands inside write there.
        this.visitCmd(cmd, stmt.redirs.length ? { ...ctx, outer: [...(ctx.outer ?? []), ...stmt.redirs.map((r) => this.redirect(r))] } : ctx)
      }
      for (const r of stmt.redirs) this.visitRedir(r, ctx)
      return made
    } finally {
      this.depth--
    }
  }

  private visitPipeline(stages: Stmt[], ctx: Ctx): void {
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

  private makeCommand(stmt: Stmt, cmd: Cmd & { k: 'CallExpr' | 'DeclClause' | 'LetClause' }, ctx: Ctx, timeWrapper: string[]): ShellCommand | undefined {
    const words: ShellWord[] = []
    const assignments: ShellAssignment[] = []
    if (cmd.k === 'CallExpr') {
      for (const a of cmd.assigns) assignments.push(this.assignment(a))
      for (const w of cmd.args) words.push(this.word(w))
    } else if (cmd.k === 'DeclClause') {
      words.push(this.rangeWord(cmd.variant.start, cmd.variant.end))
      for (const a of cmd.args) {
        if (a.naked) {
          if (a.value) words.push(this.word(a.value))
          else if (a.name) words.push(this.rangeWord(a.name.start, a.name.end))
        } else {
          const asg = this.assignment(a.assign)
          assignments.push(asg)
          words.push(this.assignWord(a.assign, asg))
        }
      }
    } else {
      // LetClause: `let x=1 y++`.
      words.push(this.rangeWord(cmd.start, cmd.start + 3))
      for (const e of cmd.exprs) words.push(e.plain ? this.word(e.word) : this.rangeWord(e.word.start, e.word.end, false))
    }
    if (words.length === 0 && assignments.length === 0) return undefined

    const redirects = stmt.redirs.map((r) => this.redirect(r))
    let start = cmd.start
    let end = cmd.end
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
      negated: stmt.negated,
      tested: ctx.tested === true,
      background: stmt.background,
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
  private range(stmts: Stmt[], at: number): { start: number; end: number } {
    if (!stmts.length) return { start: at, end: at }
    const start = stmts[0].start
    let end = stmts[stmts.length - 1].end
    // A statement ends after its `;`: the range stops before it.
    while (end > start && /[\s;]/.test(this.src[end - 1])) end--
    return { start, end }
  }

  private recordAndOr(node: Cmd & { k: 'BinaryCmd' }): void {
    this.andOrs.push({
      op: node.op,
      left: { start: node.x.start, end: node.x.end },
      right: { start: node.y.start, end: node.y.end },
      start: node.start,
      end: node.end
    })
  }

  private recordIf(node: IfN, ctx: Ctx): void {
    const start = node.start
    const cond = this.range(node.cond, start)
    const then = this.range(node.then, cond.end)
    const e = node.else
    this.ifs.push({
      cond,
      then,
      ...(e ? { else: this.range([{ start: e.start, end: e.end, negated: false, background: false, redirs: [] }], then.end) } : {}),
      start,
      end: node.end,
      mainFlow: ctx.topLevel && !ctx.branch && !ctx.tested && !ctx.inSubst && ctx.fn === undefined
    })
  }

  /** The word tests of a `[[ … ]]` expression: `&&`/`||` and `( … )` are looked through, `!` noted. */
  private recordTest(t: TestExpr, negated: boolean): void {
    switch (t.k) {
      case 'Binary':
        if (t.x.k === 'Word' && t.y.k === 'Word') {
          this.tests.push({ op: t.op, operands: [this.word(t.x.word), this.word(t.y.word)], negated, start: t.start, end: t.end })
        } else {
          this.recordTest(t.x, negated)
          this.recordTest(t.y, negated)
        }
        return
      case 'Unary':
        if (t.x.k === 'Word' && t.op !== '!') this.tests.push({ op: t.op, operands: [this.word(t.x.word)], negated, start: t.start, end: t.end })
        else this.recordTest(t.x, t.op === '!' ? !negated : negated)
        return
      case 'Paren':
        this.recordTest(t.x, negated)
        return
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
  resolveVarExits(file: Stmt[]): void {
    if (!/\bexit\s+["']?\$\{?[A-Za-z_]/.test(this.src)) return
    // `declare -n ref=rc` writes rc through ref: nothing is known.
    if (/\b(?:declare|local|typeset)\s+-[a-zA-Z]*n/.test(this.src)) return
    const functions = new Set<string>()
    const collect = (list: Stmt[]): void => {
      for (const st of list) {
        const c = st.cmd
        if (!c) continue
        switch (c.k) {
          case 'FuncDecl':
            functions.add(this.slice(c.name))
            if (c.body) collect([c.body])
            break
          case 'BinaryCmd':
            collect([c.x, c.y])
            break
          case 'Pipeline':
            collect(c.stages)
            break
          case 'IfClause':
            for (let i: IfN | undefined = c; i; i = i.else) collect([...i.cond, ...i.then])
            break
          case 'WhileClause':
            collect([...c.cond, ...c.do])
            break
          case 'ForClause':
            collect(c.do)
            break
          case 'CaseClause':
            for (const item of c.items) collect(item.stmts)
            break
          case 'Block':
          case 'Subshell':
            collect(c.stmts)
            break
          case 'TimeClause':
            if (c.stmt) collect([c.stmt])
            break
        }
      }
    }
    collect(file)
    type Env = Map<string, number>
    /** Drops what a statement may write: every name it mentions other than as `$name` / `${name…}` reads. */
    const forget = (node: Span, env: Env): void => {
      if (env.size === 0) return
      const text = this.src.slice(node.start, node.end)
      for (const name of [...env.keys()]) if (mayWrite(text, name)) env.delete(name)
    }
    const literalOf = (value: Word | undefined, env: Env): number | undefined => {
      if (!value) return undefined
      const w = this.word(value)
      if (w.literal) return /^\d{1,9}$/.test(w.text) ? Number(w.text) % 256 : undefined
      const ref = /^\$\{?([A-Za-z_]\w*)\}?$/.exec(w.text)
      return ref && !w.hasCommandSubst ? env.get(ref[1]) : undefined
    }
    const assign = (a: Assign, env: Env): void => {
      const n = this.slice(a.name)
      const v = a.append || a.index || a.array ? undefined : literalOf(a.value, env)
      if (v === undefined) env.delete(n)
      else env.set(n, v)
    }
    const stmts = (list: Stmt[], env: Env): void => {
      for (const st of list) stmt(st, env)
    }
    const ifClause = (c: IfN, env: Env): void => {
      stmts(c.cond, env)
      stmts(c.then, new Map(env))
      if (c.else) ifClause(c.else, new Map(env))
    }
    const stmt = (st: Stmt, env: Env): void => {
      const cmd = st.cmd
      if (!cmd) return
      if (st.background) return forget(st, env)
      switch (cmd.k) {
        case 'CallExpr': {
          const args = cmd.args
          if (args.length === 0) {
            for (const a of cmd.assigns) assign(a, env)
            return
          }
          const w0 = this.word(args[0])
          if (w0.literal && w0.text === 'exit' && cmd.assigns.length === 0) {
            const w = args.length === 2 ? this.word(args[1]) : undefined
            const ref = w && !w.hasCommandSubst ? /^\$\{?([A-Za-z_]\w*)\}?$/.exec(w.text) : null
            const v = ref ? env.get(ref[1]) : undefined
            if (v !== undefined) this.varExits.set(w0.start, v)
            return
          }
          if (!w0.literal || functions.has(w0.text) || w0.text === 'eval' || w0.text === 'source' || w0.text === '.') return env.clear()
          return forget(st, env)
        }
        case 'DeclClause': {
          forget(st, env)
          const v = this.slice(cmd.variant)
          // `local rc=2`, `export rc=2`, `declare -i rc=2`: a plain literal sets it.
          if (!['local', 'export', 'declare', 'typeset', 'readonly'].includes(v)) return
          if (cmd.args.some((a) => a.naked && a.value && !/^-[irxg]+$/.test(this.slice(a.value)))) return
          for (const a of cmd.args) if (!a.naked) assign(a.assign, env)
          return
        }
        case 'IfClause':
          ifClause(cmd, env)
          return forget(st, env)
        case 'WhileClause': {
          // A later iteration sees the writes of earlier ones.
          forget(st, env)
          const inner = new Map(env)
          stmts(cmd.cond, inner)
          stmts(cmd.do, inner)
          return
        }
        case 'ForClause': {
          forget(st, env)
          stmts(cmd.do, new Map(env))
          return
        }
        case 'CaseClause':
          for (const item of cmd.items) stmts(item.stmts, new Map(env))
          return forget(st, env)
        case 'Block':
          return stmts(cmd.stmts, env)
        case 'BinaryCmd':
          // `x && y`, `x || y`: x always runs, y on some paths only.
          stmt(cmd.x, env)
          stmt(cmd.y, new Map(env))
          forget(cmd.y, env)
          return
        case 'Pipeline':
          return forget(st, env)
        case 'FuncDecl':
          if (cmd.body) stmt(cmd.body, new Map())
          return
        case 'TimeClause':
          if (cmd.stmt) stmt(cmd.stmt, env)
          return
        default:
          // Subshells, `((…))`, `[[ … ]]`, `let`, coprocesses: their exits end only them; writes are forgotten.
          return forget(st, env)
      }
    }
    stmts(file, new Map())
  }

  private assignment(a: Assign): ShellAssignment {
    const end = a.end
    let v: ShellWord
    if (a.value) v = this.word(a.value)
    else if (a.array) v = this.rangeWord(a.array.start, a.array.end, false)
    else v = this.rangeWord(end, end)
    const out: ShellAssignment = { name: this.slice(a.name), value: v, start: a.start, end }
    if (a.append) out.append = true
    if (a.array) out.elements = a.array.elems.map((e) => this.word(e))
    return out
  }

  /** A `NAME=value` operand of `export`/`local`/... as one word. */
  private assignWord(a: Assign, asg: ShellAssignment): ShellWord {
    const start = a.start
    const prefix = this.src.slice(start, asg.value.start)
    return {
      ...asg.value,
      text: prefix + asg.value.text,
      raw: this.src.slice(start, asg.end),
      start,
      end: asg.end
    }
  }

  private redirect(r: Redir): ShellRedirect {
    const t = r.word ? this.word(r.word) : undefined
    const op = this.src.slice(r.op.start, t ? t.start : r.op.end).trim()
    const out: ShellRedirect = { op, start: r.start, end: r.end }
    if (r.n) out.fd = this.slice(r.n)
    if (t) out.target = t
    if (r.hdoc) out.heredoc = this.heredoc(r.hdoc)
    return out
  }

  /** A heredoc body, up to its closing delimiter's line. */
  private heredoc(h: NonNullable<Redir['hdoc']>): ShellWord {
    // A quoted delimiter (`<<'EOF'`) makes the body literal text.
    const w = h.quoted ? this.rangeWord(h.start, h.end, true, true) : this.word(h.word, 'heredoc')
    // `<<-` strips leading tabs from every line.
    return h.dash ? { ...w, text: w.text.replace(/^\t+/gm, '') } : w
  }

  // -------------------------------------------------------------------------
  // Words

  private slice(node: Span): string {
    return this.src.slice(node.start, node.end)
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

  private word(w: Word, mode: 'bare' | 'heredoc' = 'bare'): ShellWord {
    const acc: WordAcc = {
      text: '',
      literal: true,
      cs: false,
      pe: false,
      ps: false,
      unquoted: false,
      quoted: false
    }
    for (const p of w.parts) this.part(p, acc, mode === 'heredoc' ? 'dq' : 'bare')
    return {
      text: acc.text,
      raw: this.src.slice(w.start, w.end),
      start: w.start,
      end: w.end,
      literal: acc.literal,
      hasCommandSubst: acc.cs,
      hasParamExpansion: acc.pe,
      hasProcessSubst: acc.ps,
      hasUnquotedExpansion: acc.unquoted,
      quoted: acc.quoted
    }
  }

  private part(p: Part, acc: WordAcc, where: 'bare' | 'dq'): void {
    const raw = this.src.slice(p.start, p.end)
    switch (p.k) {
      case 'Lit': {
        const text = where === 'dq' ? unescapeDq(raw) : unescapeBare(raw)
        if (text !== raw) acc.quoted = true
        // `$1`, `$0`, `$@` … in a heredoc body: tree-sitter-bash leaves them in the text.
        if (where === 'dq' && SPECIAL_PARAM.test(raw)) {
          acc.pe = true
          acc.literal = false
        }
        acc.text += text
        return
      }
      case 'SglQuoted':
        acc.quoted = true
        acc.text += p.dollar ? decodeAnsiC(raw.slice(2, -1)) : raw.slice(1, -1)
        return
      case 'DblQuoted':
        acc.quoted = true
        for (const q of p.parts) this.part(q, acc, 'dq')
        return
      case 'ParamExp':
        acc.pe = true
        if (p.cs) acc.cs = true
        break
      case 'CmdSubst':
        acc.cs = true
        break
      case 'ProcSubst':
        acc.ps = true
        break
      case 'ArithmExp':
        if (p.cs) acc.cs = true
        if (p.pe) acc.pe = true
        // It expands to one number, which word splitting never splits: kept as written but
        // without its blanks, so a reader that splits a value as the shell does (`t=$((n * 60))`,
        // then `timeout $t claude -p`) takes it for the one word it is, not three.
        acc.literal = false
        if (where === 'bare') acc.unquoted = true
        acc.text += raw.replace(/\s+/g, '')
        return
      case 'Other':
        if (p.cs) acc.cs = true
        if (p.pe) acc.pe = true
        break
    }
    // Expansions and anything unknown: kept as written.
    acc.literal = false
    if (where === 'bare') acc.unquoted = true
    acc.text += raw
  }
}

/** An unescaped `$` before a digit or special parameter name. */
const SPECIAL_PARAM = /(?:^|[^\\])(?:\\\\)*\$[0-9@*#?$!-]/

interface WordAcc {
  text: string
  literal: boolean
  cs: boolean
  pe: boolean
  ps: boolean
  unquoted: boolean
  quoted: boolean
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
