/**
 * Shell parsing for hook commands, hook scripts and workflow `run:` scripts:
 * the model the rules read ({@link ShellScript}) and which parser builds it.
 *
 * Parser: tree-sitter-bash (./tree-sitter-bash.ts), run by `web-tree-sitter`
 * with the prebuilt grammar of `@vscode/tree-sitter-wasm` (src/parse/code.ts),
 * the runtime and package that already read our Python, JavaScript and
 * TypeScript (issue #21: one parser technology for the code we read). Its
 * grammar rejects some valid bash (`${x:$i:1}`, `$((10#$n))`, `${A:+ (${B})}`,
 * `${X:-{\}}`, a here-string after another redirect inside `<(…)`, some nested
 * `"$(… "$(…)" …)"`), and it says nothing useful about invalid scripts. A
 * script whose tree has an `ERROR` or `MISSING` node, or that the grammar
 * reads against bash without one, is therefore read with `mvdan-sh` instead
 * (./mvdan-sh.ts, the GopherJS build of mvdan.cc/sh that read every script
 * before): its model when it parses, else `ok: false` with its error and
 * position. mvdan-sh is loaded on the first such script only; scripts
 * tree-sitter-bash reads never touch it.
 *
 * Offsets are string indexes (UTF-16 code units) in both readings. Parsing is
 * synchronous; starting tree-sitter's runtime is not: `prepareShellParsing()`
 * must have resolved first (every entry point awaits it when the repository
 * may hold shell or code; a script parsed without it is read with mvdan-sh).
 *
 * `parseShell` never throws otherwise: bad syntax, binary junk or nesting too
 * deep to walk come back as `ok: false` with a position.
 */
import { cachedParse } from '../parse/parse-cache.js'
import { readWithMvdanSh } from './mvdan-sh.js'
import { failedScript, TOO_DEEP } from './shared.js'
import { readWithTreeSitterBash } from './tree-sitter-bash.js'
import { lowerBound } from '../core/sorted.js'

export { offsetToLineCol } from './shared.js'

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
  /**
   * Every parameter expansion of a named variable or a positional parameter:
   * `$NAME`, `${NAME…}` (also `${#NAME}`, `${!NAME}`, `${NAME[i]}`, `${NAME:-…}`),
   * `$1`…`$9` and `${N}`, anywhere in the script (in quotes, substitutions, tests,
   * nested inside another `${…}`) except heredoc bodies (see {@link heredocParams})
   * and single-quoted text (the `'…'` of a default in double quotes, `"${X:-'$Y'}"`,
   * is none: bash expands `$Y`), in source order. Special parameters (`$@`, `$?`, `$#`, `$0`, `$_` …) are left out.
   * Read from the parser's tree; empty when the script did not parse.
   */
  params: ShellParam[]
  /**
   * The parameter expansions, as in {@link params}, of heredoc bodies that
   * expand: those whose delimiter is unquoted (`<<EOF`, `<<-EOF`; a body after
   * `<<'EOF'`, `<<"EOF"` or `<<\EOF` is plain text). Quotes in such a body are
   * plain characters (`'$X'` expands); `\$X` does not. Kept apart from
   * `params`, which stands for the script's words. In source order; empty when
   * the script did not parse.
   */
  heredocParams: ShellParam[]
  /** The `#!` line, if the source starts with one. */
  shebang?: string
}

/** One parameter expansion ({@link ShellScript.params}): `$X`, `${X:-y}`, `$1`, `${1}`. */
export interface ShellParam {
  /** The variable's name, or the positional parameter's digits (`1` for `$1` and `$10`, which is `$1` then `0`; `10` for `${10}`). */
  name: string
  /** Offset of the `$`. */
  start: number
  /** End of the name (`${X:-y}`: after `X`). */
  nameEnd: number
  /** End of the whole expansion (after `}` for `${…}`). */
  end: number
  /** `${#X}`: the length of the value, not the value. */
  length: boolean
  /** `${!X}` (also `${!X[@]}`, `${!X*}`): the value of the variable X names, or names and keys; not X's value. */
  indirect: boolean
}

/**
 * The parameter expansions of a parsed script ({@link ShellScript.params} and
 * {@link ShellScript.heredocParams}) that lie within `[start, end)` of its text,
 * in source order: those of a word, an assignment's value or a heredoc body, by
 * the offsets the parse gave it.
 */
export function paramsIn(script: ShellScript, start: number, end: number): ShellParam[] {
  const within = (list: readonly ShellParam[]): ShellParam[] => {
    // Sorted by start: the first at or after `start` by binary search, then those that start before `end`.
    const lo = lowerBound(list, start, (p) => p.start)
    const out: ShellParam[] = []
    for (let i = lo; i < list.length && list[i].start < end; i++) if (list[i].end <= end) out.push(list[i])
    return out
  }
  const words = within(script.params)
  const bodies = within(script.heredocParams)
  return bodies.length === 0 ? words : words.concat(bodies).sort((x, y) => x.start - y.start)
}

/**
 * Whether a parameter expansion is the variable's value itself: `$X` or `${X}`, not
 * `${X:-y}`, `${X#p}`, `${#X}`, `${!X}` or `${X[0]}` (told by its offsets alone).
 */
export function isPlainParam(p: ShellParam): boolean {
  const name = p.name.length
  return (p.end === p.nameEnd && p.nameEnd - p.start === name + 1) || (p.end === p.nameEnd + 1 && p.nameEnd - p.start === name + 2)
}

export interface ParseShellOptions {
  /** Inputs longer than this (UTF-16 units) are refused with ok:false. Default 4,000,000. */
  maxLength?: number
}

/**
 * `text` as the shell's words read once quoting is gone: line continuations,
 * quotes and backslashes dropped, so `cl"au"de` reads `claude`, and the `$` of
 * `$'…'` / `$"…"` dropped. A keyword prefilter, not a reading of the script:
 * every word the parser would read shows in the result (more may show), and
 * where that cannot be promised cheaply the answer is undefined, and the
 * caller parses instead.
 *
 * That is when a `$'…'` string may hold a backslash escape: such an escape can
 * spell anything (`$'\x63laude'` is `claude`), and which backslashes stand in
 * such a string is only known by parsing (`grep 'x$' f` ends a plain quoted
 * string, so no `$'` opens there).
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

/** A `$'` with a backslash before the next `'`: maybe an escape in a `$'…'` string (linear: the run stops at a quote). */
const DOLLAR_QUOTE_ESCAPE = /\$'[^']*\\/

function unquotedUncached(text: string): string | undefined {
  const joined = text.replace(/\\\r?\n/g, '')
  if (joined.includes("$'") && DOLLAR_QUOTE_ESCAPE.test(joined)) return undefined
  // Quotes, backslashes and the `$` opening `$'…'` or `$"…"` dropped.
  return joined.replace(/\$(?=["'])/g, '').replace(/["'\\]/g, '')
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

/** A parse that any run would make the same: not one cut short by the stack's depth or a failure of the parser itself. */
function stableParse(p: ShellScript): boolean {
  return p.ok || !(p.error?.message === TOO_DEEP || p.error?.message.startsWith('parser failure:'))
}

let fallbacks = 0

/** How many scripts were read with mvdan-sh because tree-sitter-bash's reading was not used: lets tests prove which parser read a script. */
export function shellFallbacks(): number {
  return fallbacks
}

function parseUncached(text: string, max: number): ShellScript {
  if (text.length > max) return failedScript(text, `input too large to parse (${text.length} > ${max} characters)`, 0)
  const read = readWithTreeSitterBash(text)
  if (!('rejected' in read)) return read
  fallbacks++
  return readWithMvdanSh(text)
}
