/**
 * How the model of a script (./parse.ts) is assembled from what a reading of it
 * gives, written once for both readings (./tree-sitter-bash.ts and its fallback
 * ./mvdan-sh.ts), so that the two cannot build a field differently. Each reading
 * walks its own parser's tree and hands this module values it has already
 * normalised (spans, words, statement flags) or, where the model needs more of
 * the tree, a small view of its nodes ({@link CommandParts}, {@link TestView},
 * {@link VarStmt}, {@link WordPart}). Nothing here knows a parser's tree; the
 * parameter expansions (`params`) are collected by each reading on its own.
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

/** Variables whose value straight-line code has fixed so far, by name (see {@link ModelBuilder.resolveVarExitsOf}). */
type VarEnv = Map<string, number>

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
  /** Statuses of `exit "$var"` known from straight-line code (see resolveVarExitsOf), by the start of the `exit` word. */
  protected readonly varExits = new Map<number, number>()

  constructor(protected readonly src: string) {}

  // -------------------------------------------------------------------------
  // Commands and compound commands

  /**
   * Adds a simple command: its parts as the reading's tree gives them (`read` reads their words and
   * assignments), the redirects of its statement, its span without them, and its statement's `!`
   * and `&`; records what `set -e`, `trap` and `exit` add to the model. Without a word or an
   * assignment there is no command.
   */
  protected simpleCommand<W, A>(parts: CommandParts<W, A>, read: CommandReader<W, A>, redirects: ShellRedirect[], span: Span, stmt: { negated: boolean; background: boolean }, ctx: Ctx, timeWrapper: string[]): void {
    const words: ShellWord[] = []
    const assignments: ShellAssignment[] = []
    switch (parts.k) {
      case 'call':
        for (const a of parts.assigns) assignments.push(read.assignment(a))
        for (const w of parts.args) words.push(read.word(w))
        break
      case 'decl':
        if (parts.variant) words.push(this.rangeWord(parts.variant.start, parts.variant.end))
        for (const a of parts.args) {
          if (a.naked) {
            if (a.value) words.push(read.word(a.value))
            else if (a.name) words.push(this.rangeWord(a.name.start, a.name.end))
          } else {
            const asg = read.assignment(a.assign)
            assignments.push(asg)
            words.push(this.assignWord(asg))
          }
        }
        break
      case 'let':
        // `let x=1 y++`: the `let` word, then the expressions.
        words.push(this.rangeWord(parts.start, parts.start + 3))
        for (const e of parts.exprs) words.push(e.word !== undefined ? read.word(e.word) : this.rangeWord(e.span.start, e.span.end, false))
        break
    }
    if (words.length === 0 && assignments.length === 0) return

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
    this.commands.push(command)
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

  /** `for name in items…`. */
  protected forLoop(name: string, items: ShellWord[], span: Span): void {
    this.loops.push({ name, items, start: span.start, end: span.end })
  }

  /** A function definition, with the starts of its body's statements when its body is `{ … }` or `( … )`. */
  protected functionDef(name: string, span: Span, statements: number[]): void {
    this.functions.push({ name, start: span.start, end: span.end, statements })
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

  /** The word tests (`-f x`, `x == y`) of a `[[ … ]]` expression: `&&`/`||` and `( … )` are looked through, `!` noted. */
  protected testExpr<T>(t: T, negated: boolean, view: (t: T) => TestView<T> | undefined): void {
    const v = view(t)
    switch (v?.k) {
      case 'binary': {
        const x = view(v.x)
        const y = view(v.y)
        if (x?.k === 'word' && y?.k === 'word') this.tests.push({ op: v.op, operands: [x.word(), y.word()], negated, start: v.span.start, end: v.span.end })
        else {
          this.testExpr(v.x, negated, view)
          this.testExpr(v.y, negated, view)
        }
        return
      }
      case 'unary': {
        const x = view(v.x)
        if (x?.k === 'word' && v.op !== '!') this.tests.push({ op: v.op, operands: [x.word()], negated, start: v.span.start, end: v.span.end })
        else this.testExpr(v.x, v.op === '!' ? !negated : negated, view)
        return
      }
      case 'paren':
        this.testExpr(v.x, negated, view)
        return
    }
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

  /** A `NAME=value` operand of `export`/`local`/... as one word. */
  private assignWord(asg: ShellAssignment): ShellWord {
    const start = asg.start
    const prefix = this.src.slice(start, asg.value.start)
    return {
      ...asg.value,
      text: prefix + asg.value.text,
      raw: this.src.slice(start, asg.end),
      start,
      end: asg.end
    }
  }

  /**
   * A redirect: its operator runs from `opStart` to its target (to `opEnd` without one); `heredoc`
   * reads the body of `<<` / `<<-` given the operator.
   */
  protected redirectOf(opStart: number, opEnd: number, span: Span, fd: string | undefined, target: ShellWord | undefined, heredoc: ((op: string) => ShellWord) | undefined): ShellRedirect {
    const op = this.src.slice(opStart, target ? target.start : opEnd).trim()
    const out: ShellRedirect = { op, start: span.start, end: span.end }
    if (fd !== undefined) out.fd = fd
    if (target) out.target = target
    if (heredoc) out.heredoc = heredoc(op)
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

  /** A word between `start` and `end` made of `parts` (`partOf` tells what each is), standing `where`. */
  protected wordOf<P>(start: number, end: number, parts: readonly P[], where: PartPlace, partOf: PartOf<P>): ShellWord {
    const acc: WordAcc = {
      text: '',
      literal: true,
      cs: false,
      pe: false,
      ps: false,
      unquoted: false,
      quoted: false
    }
    readParts(parts, acc, where, partOf)
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

  /**
   * Resolves `exit $rc` / `exit "${rc}"` where straight-line code fixes the
   * value: the last write to `rc` before the exit, on every path to it, is a
   * plain assignment of a literal number (or of another variable known so far),
   * as in `rc=2; …; rc=1; exit $rc` (exits 1). Anything else leaves the status
   * unknown, never guessed: a write in a branch, loop, `case`, `&&`/`||` tail,
   * pipeline or background job; `read`, `printf -v`, `((…))`, `${rc:=…}`,
   * `local`/`declare` without a literal; a call of a function this script
   * defines (`functions`), `eval`, `source` or a command named by an expansion
   * (they may set anything); namerefs. A function body starts with nothing known
   * (it runs when called). Exits in subshells, pipelines and substitutions are left
   * alone (they end only that process). `top` is the script's statements; `reader`
   * tells what each statement of the reading's tree is.
   */
  protected resolveVarExitsOf<S, A>(top: readonly S[], functions: () => ReadonlySet<string>, reader: VarExitReader<S, A>): void {
    if (!/\bexit\s+["']?\$\{?[A-Za-z_]/.test(this.src)) return
    // `declare -n ref=rc` writes rc through ref: nothing is known.
    if (/\b(?:declare|local|typeset)\s+-[a-zA-Z]*n/.test(this.src)) return
    const defined = functions()
    /** Drops what a statement may write: every name it mentions other than as `$name` / `${name…}` reads. */
    const forget = (st: S, env: VarEnv): void => {
      if (env.size === 0) return
      const { start, end } = reader.span(st)
      const text = this.src.slice(start, end)
      for (const name of [...env.keys()]) if (mayWrite(text, name)) env.delete(name)
    }
    const literalOf = (w: ShellWord | undefined, env: VarEnv): number | undefined => {
      if (!w) return undefined
      if (w.literal) return /^\d{1,9}$/.test(w.text) ? Number(w.text) % 256 : undefined
      const ref = VAR_REF.exec(w.text)
      return ref && !w.hasCommandSubst ? env.get(ref[1]) : undefined
    }
    const assign = (a: A, env: VarEnv): void => {
      const got = reader.assign(a)
      if (!got) return
      const v = literalOf(got.value, env)
      if (v === undefined) env.delete(got.name)
      else env.set(got.name, v)
    }
    const stmts = (list: readonly S[], env: VarEnv): void => {
      for (const st of list) stmt(st, env)
    }
    const ifClause = (c: VarIf<S>, env: VarEnv): void => {
      stmts(c.cond, env)
      stmts(c.then, new Map(env))
      if (c.elseStmts) stmts(c.elseStmts, new Map(env))
      else if (c.elseIf) ifClause(c.elseIf, new Map(env))
    }
    const stmt = (st: S, env: VarEnv): void => {
      const v = reader.stmt(st)
      switch (v.k) {
        case 'none':
          return
        case 'call': {
          if (v.args === 0) {
            for (const a of v.assigns) assign(a, env)
            return
          }
          const w0 = v.word(0)
          if (w0.literal && w0.text === 'exit' && v.assigns.length === 0) {
            const w = v.args === 2 ? v.word(1) : undefined
            const ref = w && !w.hasCommandSubst ? VAR_REF.exec(w.text) : null
            const n = ref ? env.get(ref[1]) : undefined
            if (n !== undefined) this.varExits.set(w0.start, n)
            return
          }
          if (!w0.literal || defined.has(w0.text) || w0.text === 'eval' || w0.text === 'source' || w0.text === '.') return env.clear()
          return forget(st, env)
        }
        case 'decl':
          forget(st, env)
          // `local rc=2`, `export rc=2`, `declare -i rc=2`: a plain literal sets it.
          if (!['local', 'export', 'declare', 'typeset', 'readonly'].includes(v.variant)) return
          if (v.nakedValues.some((t) => !/^-[irxg]+$/.test(t))) return
          for (const a of v.assigns) assign(a, env)
          return
        case 'if':
          ifClause(v, env)
          return forget(st, env)
        case 'loop': {
          // A later iteration sees the writes of earlier ones.
          forget(st, env)
          const inner = new Map(env)
          stmts(v.cond, inner)
          stmts(v.body, inner)
          return
        }
        case 'case':
          for (const item of v.items) stmts(item, new Map(env))
          return forget(st, env)
        case 'block':
          return stmts(v.stmts, env)
        case 'andOr':
          // `x && y`, `x || y`: x always runs, y on some paths only.
          if (v.x) stmt(v.x, env)
          if (v.y) {
            stmt(v.y, new Map(env))
            forget(v.y, env)
          }
          return
        case 'function':
          if (v.body) stmt(v.body, new Map())
          return
        case 'time':
          if (v.stmt) stmt(v.stmt, env)
          return
        case 'other':
          // Background jobs, pipelines, subshells, `((…))`, `[[ … ]]`, `let`, coprocesses: their exits end only them; writes are forgotten.
          return forget(st, env)
      }
    }
    stmts(top, new Map())
  }
}

/** A `[[ … ]]` expression as a reading's tree gives it (`word` reads a lone word). */
export type TestView<T> =
  | { k: 'word'; word: () => ShellWord }
  | { k: 'binary'; op: string; x: T; y: T; span: Span }
  | { k: 'unary'; op: string; x: T; span: Span }
  | { k: 'paren'; x: T }

/** A simple command as a reading's tree gives it. */
export type CommandParts<W, A> =
  | { k: 'call'; assigns: readonly A[]; args: readonly W[] }
  /** `local`/`export`/`declare`/…: its keyword, and its operands: a word, a bare name or `NAME=value`. */
  | { k: 'decl'; variant?: Span; args: readonly ({ naked: true; value?: W; name?: Span } | { naked: false; assign: A })[] }
  /** `let x=1 y++`: `let` at `start`, then each expression: a word, or (no `word`) a span taken as written. */
  | { k: 'let'; start: number; exprs: readonly { word?: W; span: Span }[] }

/** How a reading reads the words and assignments of its tree. */
export interface CommandReader<W, A> {
  word(w: W): ShellWord
  assignment(a: A): ShellAssignment
}

/** An `if` clause as the exit-status resolution sees it: `elif … else …` is one more clause (`elseIf`). */
export interface VarIf<S> {
  cond: readonly S[]
  then: readonly S[]
  elseStmts?: readonly S[]
  elseIf?: VarIf<S>
}

/** A statement as the exit-status resolution sees it ({@link ModelBuilder.resolveVarExitsOf}). */
export type VarStmt<S, A> =
  /** No command. */
  | { k: 'none' }
  /** A simple command: its assignments and the number of its words, read on demand. */
  | { k: 'call'; assigns: readonly A[]; args: number; word: (i: number) => ShellWord }
  /** `local`/`export`/`declare`/…: the variant, the source text of its operands other than `NAME=value`, and those. */
  | { k: 'decl'; variant: string; nakedValues: readonly string[]; assigns: readonly A[] }
  | ({ k: 'if' } & VarIf<S>)
  /** `while`, `until`, `for`. */
  | { k: 'loop'; cond: readonly S[]; body: readonly S[] }
  | { k: 'case'; items: readonly (readonly S[])[] }
  /** `{ …; }`: runs in this shell, in line. */
  | { k: 'block'; stmts: readonly S[] }
  | { k: 'andOr'; x?: S; y?: S }
  | { k: 'function'; body?: S }
  | { k: 'time'; stmt?: S }
  /** Anything whose exits end only itself: its writes are forgotten. */
  | { k: 'other' }

/** What the exit-status resolution asks of a reading's tree. */
export interface VarExitReader<S, A> {
  stmt(st: S): VarStmt<S, A>
  span(st: S): Span
  /** An assignment's name and, when it sets a plain value (not `+=`, an index or an array), its value's word; undefined without a name. */
  assign(a: A): { name: string; value: ShellWord | undefined } | undefined
}

// ---------------------------------------------------------------------------
// The walk's context as it changes down the tree (each reading's walk passes these on)

/** A condition (of `if`, `while`, the left of `&&`/`||`, a `!` statement): its status is tested. */
export function testedCtx(ctx: Ctx): Ctx {
  return { ...ctx, tested: true }
}

/** What runs on some paths only: the body of `if`, `case`, a loop, the right of `&&`/`||`. */
export function branchCtx(ctx: Ctx): Ctx {
  return { ...ctx, branch: true, fnBranch: true }
}

/** Inside `$(…)`, `<(…)`: output goes to the enclosing word, not to enclosing redirects. */
export function substitutionCtx(ctx: Ctx): Ctx {
  return { ...ctx, inSubst: true, topLevel: false, outer: undefined }
}

/** Inside `( … )`: another shell process. */
export function subshellCtx(ctx: Ctx): Ctx {
  return { ...ctx, topLevel: false }
}

/** The body of the function `name`: it runs when called, on whatever path calls it. */
export function functionCtx(ctx: Ctx, name: string | undefined): Ctx {
  return { ...ctx, topLevel: false, tested: false, branch: true, fnBranch: false, fn: name }
}

/** Inside `{ …; } >> file`, `( … ) > file`, `while …; done > file`: the commands inside write there. */
export function redirectedCtx(ctx: Ctx, redirects: ShellRedirect[]): Ctx {
  return redirects.length ? { ...ctx, outer: [...(ctx.outer ?? []), ...redirects] } : ctx
}

// ---------------------------------------------------------------------------
// Word parts

/** A word part as a reading's tree gives it: its kind, its source text and what the tree knows of what is inside it. */
export type WordPart<P> =
  /** `special`: a `$1`, `$@` … the tree left in a literal's text. */
  | { k: 'Lit'; raw: string; special?: boolean }
  | { k: 'SglQuoted'; raw: string; dollar: boolean }
  | { k: 'DblQuoted'; parts: readonly P[] }
  | { k: 'ExtGlob'; raw: string }
  | { k: 'CmdSubst' | 'ProcSubst'; raw: string }
  /** `cs`, `pe`: a command substitution, a parameter expansion inside. */
  | { k: 'ParamExp' | 'ArithmExp' | 'Other'; raw: string; cs: boolean; pe: boolean }

/** What a part of a word is (`where` it stands; `nested`: inside double quotes of the word). */
export type PartOf<P> = (p: P, where: PartPlace, nested: boolean) => WordPart<P>

/** Adds a word's parts to its accumulator. */
function readParts<P>(parts: readonly P[], acc: WordAcc, where: PartPlace, partOf: PartOf<P>, nested = false): void {
  for (const p of parts) {
    const part = partOf(p, where, nested)
    switch (part.k) {
      case 'Lit': {
        const text = where === 'dq' ? unescapeDq(part.raw) : unescapeBare(part.raw)
        if (text !== part.raw) acc.quoted = true
        if (part.special) {
          acc.pe = true
          acc.literal = false
        }
        acc.text += text
        continue
      }
      case 'SglQuoted':
        acc.quoted = true
        acc.text += part.dollar ? decodeAnsiC(part.raw.slice(2, -1)) : part.raw.slice(1, -1)
        continue
      case 'DblQuoted':
        acc.quoted = true
        readParts(part.parts, acc, 'dq', partOf, true)
        continue
      case 'ExtGlob':
        acc.text += part.raw
        continue
      case 'CmdSubst':
        acc.cs = true
        break
      case 'ProcSubst':
        acc.ps = true
        break
      case 'ParamExp':
      case 'ArithmExp':
      case 'Other':
        if (part.cs) acc.cs = true
        if (part.pe) acc.pe = true
        if (part.k === 'ArithmExp') {
          // It expands to one number, which word splitting never splits: kept as written but
          // without its blanks, so a reader that splits a value as the shell does (`t=$((n * 60))`,
          // then `timeout $t claude -p`) takes it for the one word it is, not three.
          acc.literal = false
          if (where === 'bare') acc.unquoted = true
          acc.text += part.raw.replace(/\s+/g, '')
          continue
        }
        break
    }
    // Expansions and anything unknown: kept as written.
    acc.literal = false
    if (where === 'bare') acc.unquoted = true
    acc.text += part.raw
  }
}
