/**
 * How the model of a script (./parse.ts) is assembled from what a reading of it
 * gives, written once for both readings (./tree-sitter-bash.ts and its fallback
 * ./mvdan-sh.ts): each walks its own parser's tree and hands this module values
 * it has already normalised (spans, words, statement flags), so that the two
 * readings cannot build a field differently. Nothing here knows a parser's tree;
 * the parameter expansions (`params`) are collected by each reading on its own.
 */
import type { ShellAndOr, ShellAssignment, ShellCommand, ShellExit, ShellForLoop, ShellFunction, ShellIf, ShellRedirect, ShellTest, ShellTrap, ShellWord } from './parse.js'
import { decodeAnsiC, envAssignment, mayWrite, recordBuiltin, stripWrappers, unescapeBare, unescapeDq, type Ctx, type Walked, type WordAcc } from './shared.js'

/** Offsets of a piece of source (`end` exclusive). */
export interface Span {
  start: number
  end: number
}

/** Where a word part stands: outside double quotes, or inside them (a heredoc body reads as inside). */
export type PartPlace = 'bare' | 'dq'

/** Variables whose value straight-line code has fixed so far, by name (see {@link ModelBuilder.resolveVarExits}). */
export type VarEnv = Map<string, number>

/** `$rc` / `${rc}` as a whole word: the name it reads. */
const VAR_REF = /^\$\{?([A-Za-z_]\w*)\}?$/

/**
 * What a tree walk collects, and the pieces of the model both readings build the
 * same way. A reading's walk extends it and calls these with what its tree gives.
 */
export abstract class ModelBuilder implements Walked {
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
  protected readonly varExits = new Map<number, number>()

  constructor(protected readonly src: string) {}

  // -------------------------------------------------------------------------
  // Commands and compound commands

  /**
   * A simple command from its words and assignments (`words` from the command's first word on,
   * wrappers included), the redirects of its statement, its span without them, and its
   * statement's `!` and `&`; records what `set -e`, `trap` and `exit` add to the model.
   */
  protected simpleCommand(words: ShellWord[], assignments: ShellAssignment[], redirects: ShellRedirect[], span: Span, stmt: { negated: boolean; background: boolean }, ctx: Ctx, timeWrapper: string[]): ShellCommand {
    let start = span.start
    let end = span.end
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
    // `set -e`, `trap`, `exit` (src/shell/shared.ts).
    if (recordBuiltin(command, ctx, this.traps, this.exits, this.varExits)) this.errexit = true
    return command
  }

  /** Walks the stages of a pipeline with `visit` and links the first simple command of each to the next. */
  protected pipeline<S>(stages: readonly S[], ctx: Ctx, visit: (stage: S, ctx: Ctx) => void): void {
    const stageCtx: Ctx = { ...ctx, topLevel: false }
    const heads: ShellCommand[] = []
    for (const stage of stages) {
      const before = this.commands.length
      visit(stage, stageCtx)
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

  /** `x && y`, `x || y`. */
  protected andOr(op: ShellAndOr['op'], left: Span, right: Span, span: Span): void {
    this.andOrs.push({
      op,
      left: { start: left.start, end: left.end },
      right: { start: right.start, end: right.end },
      start: span.start,
      end: span.end
    })
  }

  /** An `if` clause from the spans of its condition's, `then`'s and (when there is one) `else`'s statements. */
  protected ifClause(cond: readonly Span[], then: readonly Span[], elseStmts: readonly Span[] | undefined, span: Span, ctx: Ctx): void {
    const condRange = this.range(cond, span.start)
    const thenRange = this.range(then, condRange.end)
    this.ifs.push({
      cond: condRange,
      then: thenRange,
      ...(elseStmts?.length ? { else: this.range(elseStmts, thenRange.end) } : {}),
      start: span.start,
      end: span.end,
      mainFlow: ctx.topLevel && !ctx.branch && !ctx.tested && !ctx.inSubst && ctx.fn === undefined
    })
  }

  /** Range of a list of statements (empty at `at` when there are none). */
  private range(stmts: readonly Span[], at: number): Span {
    if (!stmts.length) return { start: at, end: at }
    const start = stmts[0].start
    let end = stmts[stmts.length - 1].end
    // A statement ends after its `;`: the range stops before it.
    while (end > start && /[\s;]/.test(this.src[end - 1])) end--
    return { start, end }
  }

  /** A word test of `[[ … ]]` (`-f x`, `x == y`). */
  protected wordTest(op: string, operands: ShellWord[], negated: boolean, span: Span): void {
    this.tests.push({ op, operands, negated, start: span.start, end: span.end })
  }

  // -------------------------------------------------------------------------
  // Assignments and redirects

  /**
   * `NAME=value`, `NAME+=value`, `NAME=(a b)`: `value` is the value's word when one is written,
   * `array` the span of `( … )` with its element words.
   */
  protected assignmentOf(name: string, value: ShellWord | undefined, array: (Span & { elements: ShellWord[] }) | undefined, append: boolean, span: Span): ShellAssignment {
    const end = span.end
    const v = value ?? (array ? this.rangeWord(array.start, array.end, false) : this.rangeWord(end, end))
    const out: ShellAssignment = { name, value: v, start: span.start, end }
    if (append) out.append = true
    if (array) out.elements = array.elements
    return out
  }

  /** A `NAME=value` operand of `export`/`local`/... (starting at `start`) as one word. */
  protected assignWord(start: number, asg: ShellAssignment): ShellWord {
    const prefix = this.src.slice(start, asg.value.start)
    return {
      ...asg.value,
      text: prefix + asg.value.text,
      raw: this.src.slice(start, asg.end),
      start,
      end: asg.end
    }
  }

  /** A redirect's operator as written: the text from the operator's start to its target (or to `opEnd` without one). */
  protected redirectOp(opStart: number, opEnd: number, target: ShellWord | undefined): string {
    return this.src.slice(opStart, target ? target.start : opEnd).trim()
  }

  /** A redirect from its parts (`heredoc` is the body of `<<` / `<<-`). */
  protected redirectOf(op: string, span: Span, fd: string | undefined, target: ShellWord | undefined, heredoc: ShellWord | undefined): ShellRedirect {
    const out: ShellRedirect = { op, start: span.start, end: span.end }
    if (fd !== undefined) out.fd = fd
    if (target) out.target = target
    if (heredoc) out.heredoc = heredoc
    return out
  }

  /**
   * A heredoc body between `start` and `end` (the closing delimiter's line left out): literal
   * text after a quoted delimiter (`<<'EOF'`), else the word `expanding` reads.
   */
  protected heredocBody(start: number, end: number, quoted: boolean, dash: boolean, expanding: () => ShellWord): ShellWord {
    const w = quoted ? this.rangeWord(start, end, true, true) : expanding()
    // `<<-` strips leading tabs from every line.
    return dash ? { ...w, text: w.text.replace(/^\t+/gm, '') } : w
  }

  // -------------------------------------------------------------------------
  // Words

  /** A word for a span of source (DeclClause names, `let` expressions, arrays). */
  protected rangeWord(start: number, end: number, literal = true, verbatim = false): ShellWord {
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

  /** A word between `start` and `end` whose parts `read` adds to the accumulator it is given. */
  protected wordOf(start: number, end: number, read: (acc: WordAcc) => void): ShellWord {
    const acc: WordAcc = {
      text: '',
      literal: true,
      cs: false,
      pe: false,
      ps: false,
      unquoted: false,
      quoted: false
    }
    read(acc)
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

  // -------------------------------------------------------------------------
  // Exit statuses carried by variables
  //
  // `resolveVarExits` of each reading resolves `exit $rc` / `exit "${rc}"` where
  // straight-line code fixes the value: the last write to `rc` before the exit, on
  // every path to it, is a plain assignment of a literal number (or of another
  // variable known so far), as in `rc=2; …; rc=1; exit $rc` (exits 1). Anything else
  // leaves the status unknown, never guessed: a write in a branch, loop, `case`,
  // `&&`/`||` tail, pipeline or background job; `read`, `printf -v`, `((…))`,
  // `${rc:=…}`, `local`/`declare` without a literal; a call of a function this script
  // defines, `eval`, `source` or a command named by an expansion (they may set
  // anything); namerefs. A function body starts with nothing known (it runs when
  // called). Exits in subshells, pipelines and substitutions are left alone (they end
  // only that process). The walks differ in their trees only; these are their steps.

  /** Whether the script may hold an `exit $var` worth resolving. */
  protected mayExitWithVar(): boolean {
    if (!/\bexit\s+["']?\$\{?[A-Za-z_]/.test(this.src)) return false
    // `declare -n ref=rc` writes rc through ref: nothing is known.
    return !/\b(?:declare|local|typeset)\s+-[a-zA-Z]*n/.test(this.src)
  }

  /** Drops what a statement (its span) may write: every name it mentions other than as `$name` / `${name…}` reads. */
  protected forgetWrites(node: Span, env: VarEnv): void {
    if (env.size === 0) return
    const text = this.src.slice(node.start, node.end)
    for (const name of [...env.keys()]) if (mayWrite(text, name)) env.delete(name)
  }

  /** `name=value` (`value` undefined when it is no plain value: `+=`, an index, an array, none). */
  protected assignVar(name: string, value: ShellWord | undefined, env: VarEnv): void {
    const v = value ? this.literalOf(value, env) : undefined
    if (v === undefined) env.delete(name)
    else env.set(name, v)
  }

  private literalOf(w: ShellWord, env: VarEnv): number | undefined {
    if (w.literal) return /^\d{1,9}$/.test(w.text) ? Number(w.text) % 256 : undefined
    const ref = VAR_REF.exec(w.text)
    return ref && !w.hasCommandSubst ? env.get(ref[1]) : undefined
  }

  /**
   * A simple command with words (`first`, and `second` when there are exactly two) that is no
   * plain assignment: notes the status of `exit $rc`; forgets all for a call that may set
   * anything, else what the statement may write (`span`).
   */
  protected callVar(first: ShellWord, second: (() => ShellWord) | undefined, hasAssigns: boolean, functions: ReadonlySet<string>, span: Span, env: VarEnv): void {
    if (first.literal && first.text === 'exit' && !hasAssigns) {
      const w = second?.()
      const ref = w && !w.hasCommandSubst ? VAR_REF.exec(w.text) : null
      const v = ref ? env.get(ref[1]) : undefined
      if (v !== undefined) this.varExits.set(first.start, v)
      return
    }
    if (!first.literal || functions.has(first.text) || first.text === 'eval' || first.text === 'source' || first.text === '.') return env.clear()
    this.forgetWrites(span, env)
  }

  /** Whether a `local`/`export`/`declare`/`typeset`/`readonly` statement sets its operands' values (an option other than `-i`/`-r`/`-x`/`-g` may make them anything). */
  protected declSets(variant: string, nakedValues: readonly string[]): boolean {
    // `local rc=2`, `export rc=2`, `declare -i rc=2`: a plain literal sets it.
    return ['local', 'export', 'declare', 'typeset', 'readonly'].includes(variant) && !nakedValues.some((t) => !/^-[irxg]+$/.test(t))
  }
}

// ---------------------------------------------------------------------------
// Word parts: each reading's part walk hands over the part's source text.

/** A literal part: unescaped as where it stands. */
export function addLiteral(acc: WordAcc, raw: string, where: PartPlace): void {
  const text = where === 'dq' ? unescapeDq(raw) : unescapeBare(raw)
  if (text !== raw) acc.quoted = true
  acc.text += text
}

/** `'…'`, or `$'…'` (`dollar`). */
export function addSingleQuoted(acc: WordAcc, raw: string, dollar: boolean): void {
  acc.quoted = true
  acc.text += dollar ? decodeAnsiC(raw.slice(2, -1)) : raw.slice(1, -1)
}

/** `$(( … ))` (the caller notes the substitutions and expansions inside). */
export function addArithmetic(acc: WordAcc, raw: string, where: PartPlace): void {
  // It expands to one number, which word splitting never splits: kept as written but
  // without its blanks, so a reader that splits a value as the shell does (`t=$((n * 60))`,
  // then `timeout $t claude -p`) takes it for the one word it is, not three.
  acc.literal = false
  if (where === 'bare') acc.unquoted = true
  acc.text += raw.replace(/\s+/g, '')
}

/** An expansion, or any part not known: kept as written. */
export function addExpansion(acc: WordAcc, raw: string, where: PartPlace): void {
  acc.literal = false
  if (where === 'bare') acc.unquoted = true
  acc.text += raw
}
