/**
 * Shell scripts read with mvdan-sh: the fallback of {@link parseShell} for the
 * scripts tree-sitter-bash (./tree-sitter-bash.ts) does not read, which are few:
 * valid bash its grammar rejects (`${x:$i:1}`, `$((10#$n))`, `${A:+ (${B})}`,
 * `${X:-{\}}` …) and invalid scripts, for which mvdan-sh gives bash's own error
 * and its position.
 *
 * Library: `mvdan-sh` (pinned to 0.10.1), the GopherJS build of mvdan.cc/sh's
 * `syntax` package — the parser behind `shfmt`, a complete POSIX/Bash parser
 * with exact bash error messages, faithful to bash in what it accepts and how it
 * splits words. It is loaded on the first script that needs it
 * ({@link shellParser}): its GopherJS runtime takes ~20 ms to start and is half of
 * the command line's bundle, which most audits never evaluate.
 *
 * The package is frozen (0.10.1 is its last release), so its GopherJS object
 * layout is stable. Walking the tree through the public JS wrapper costs
 * ~20 µs per node access (each access converts Go values to JS), which made a
 * 1 MB script take ~10 s; this adapter therefore reads the Go structs behind
 * `__internal_object__` directly (fields carry the Go names from
 * https://pkg.go.dev/mvdan.cc/sh/v3/syntax; `Pos()`/`End()` are the Go methods;
 * positions are UTF-8 byte offsets, mapped back to string indexes here). That
 * is ~100× faster. The tests pin this layout, so a changed package fails there.
 */
import { createRequire } from 'node:module'
import type sh from 'mvdan-sh'
import type { ExternalParseError } from 'mvdan-sh'
import { branchCtx, functionCtx, ModelBuilder, redirectedCtx, subshellCtx, substitutionCtx, testedCtx, type CommandParts, type CommandReader, type Span, type TestView, type VarIf, type VarStmt, type WordPart } from './model-builder.js'
import type { ShellAssignment, ShellParam, ShellRedirect, ShellScript, ShellWord } from './parse.js'
import { failedScript, finishedScript, paramOf, TOO_DEEP, TOP, type Ctx } from './shared.js'

let mvdanSh: typeof sh | undefined

/**
 * mvdan-sh, loaded on the first script tree-sitter-bash does not read: its
 * GopherJS runtime takes ~20 ms to start, which an audit whose scripts
 * tree-sitter-bash all reads need not pay. `require` is the bundles' own (esbuild inlines the
 * package behind it, evaluated on the first call); run from the sources (ES
 * modules, no `require`), the package is resolved from node_modules.
 */
function shellParser(): typeof sh {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  mvdanSh ??= (typeof require === 'function' ? require('mvdan-sh') : createRequire(import.meta.url)('mvdan-sh')) as typeof sh
  return mvdanSh
}

/** The model of a script as mvdan-sh reads it; never throws. */
export function readWithMvdanSh(text: string): ShellScript {
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
      return failedScript(text, e.Text ?? e.Error?.() ?? 'syntax error', offset)
    }
    return failedScript(text, e instanceof RangeError ? TOO_DEEP : `parser failure: ${String(e)}`, 0)
  }

  try {
    // Slice the caller's string, so `raw` always equals source.slice(start, end).
    const b = new Builder(text, offsets)
    b.resolveVarExits(file as Go)
    b.visitList(file, 'Stmts', TOP)
    const params = text.includes('$') ? goParams(text, file as Go, offsets) : { params: [], heredoc: [] }
    return finishedScript(text, b, params.params, params.heredoc)
  } catch (e) {
    return failedScript(text, e instanceof RangeError ? TOO_DEEP : `parser failure: ${String(e)}`, 0)
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

/**
 * A node's child nodes, field by field (slices element by element), without the position
 * fields; `skip` leaves a field out. Every walk of the tree below goes through it.
 */
function childNodes(node: Go, skip?: (key: string) => boolean): Go[] {
  const out: Go[] = []
  for (const key of Object.keys(node)) {
    if (key === '$val' || skip?.(key)) continue
    const v = node[key]
    if (isSlice(v)) {
      for (let i = 0; i < v.$length; i++) {
        const e = v.$array[v.$offset + i]
        if (kind(e)) out.push(e as Go)
      }
    } else {
      const k = kind(v)
      if (k && k !== 'Pos') out.push(v as Go)
    }
  }
  return out
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

// ---------------------------------------------------------------------------
// Tree walk

const PIPE_STAGE_KINDS = new Set(['CallExpr', 'DeclClause', 'LetClause'])

/**
 * Nodes that hold no other node (a `Lit` is a position pair and its text, a `SglQuoted` the
 * same): {@link Builder.visit} finds nothing in them, so the walk does not enter them. Most
 * nodes of a script are `Lit`s (every plain word is one).
 */
const LEAF_KINDS = new Set(['Lit', 'SglQuoted'])

class Builder extends ModelBuilder {
  constructor(
    src: string,
    private readonly offsets: ByteOffsets
  ) {
    super(src)
  }

  private start(node: Go): number {
    return this.offsets.toIndex(posOf(node, 'Pos'))
  }
  private end(node: Go): number {
    return this.offsets.toIndex(posOf(node, 'End'))
  }
  private span(node: Go): Span {
    return { start: this.start(node), end: this.end(node) }
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
          if (s) this.visit(s, side === 'X' ? testedCtx(ctx) : branchCtx(ctx))
        }
        return
      case 'IfClause':
      case 'WhileClause':
        if (kind(node) === 'IfClause') this.recordIf(node, ctx)
        // The condition's status is tested; the body (and `elif`/`else`) runs as usual.
        for (const s of list(node, 'Cond')) this.visit(s, testedCtx(ctx))
        for (const key of ['Then', 'Do', 'Else']) {
          const v = node[key]
          if (isSlice(v)) this.visitList(node, key, branchCtx(ctx))
          else if (kind(v)) this.visit(v as Go, branchCtx(ctx))
        }
        return
      case 'ForClause': {
        const loop = child(node, 'Loop')
        const name = loop && kind(loop) === 'WordIter' ? child(loop, 'Name') : undefined
        if (loop && name && list(loop, 'Items').length > 0) this.forLoop(this.slice(name), list(loop, 'Items').map((w) => this.word(w)), this.span(node))
        ctx = branchCtx(ctx)
        break
      }
      case 'CaseClause':
        ctx = branchCtx(ctx)
        break
      case 'TestClause': {
        const x = child(node, 'X')
        if (x) this.testExpr(x, false, (t) => this.testView(t))
        break
      }
      case 'CmdSubst':
      case 'ProcSubst':
        ctx = substitutionCtx(ctx)
        break
      case 'Subshell':
        ctx = subshellCtx(ctx)
        break
      case 'FuncDecl': {
        const name = child(node, 'Name')
        const body = child(node, 'Body')
        const block = body ? child(body, 'Cmd') : undefined
        if (name) {
          const statements = block && (kind(block) === 'Block' || kind(block) === 'Subshell') ? list(block, 'Stmts').map((st) => this.start(st)) : []
          this.functionDef(this.slice(name), this.span(node), statements)
        }
        ctx = functionCtx(ctx, name ? this.slice(name) : undefined)
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
    for (const c of childNodes(node)) if (!LEAF_KINDS.has(kind(c))) this.visit(c, ctx)
  }

  private visitStmt(stmt: Go, ctx: Ctx, wrappers: string[]): void {
    const cmd = child(stmt, 'Cmd')
    if (stmt.Negated === true) ctx = testedCtx(ctx)
    if (cmd && PIPE_STAGE_KINDS.has(kind(cmd))) this.makeCommand(stmt, cmd, ctx, wrappers)
    if (cmd) {
      if (kind(cmd) === 'CallExpr' || kind(cmd) === 'DeclClause' || kind(cmd) === 'LetClause') this.visitChildren(cmd, ctx)
      else this.visit(cmd, redirectedCtx(ctx, list(stmt, 'Redirs').map((r) => this.redirect(r))))
    }
    for (const r of list(stmt, 'Redirs')) this.visitChildren(r, ctx)
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
    this.pipeline(stages, ctx, (stage, stageCtx) => this.visitStmt(stage, stageCtx, []))
  }

  // -------------------------------------------------------------------------
  // Commands

  private makeCommand(stmt: Go, cmd: Go, ctx: Ctx, timeWrapper: string[]): void {
    const redirects = list(stmt, 'Redirs').map((r) => this.redirect(r))
    const flags = { negated: stmt.Negated === true, background: stmt.Background === true }
    this.simpleCommand(this.commandParts(cmd), this.read, redirects, this.span(cmd), flags, ctx, timeWrapper)
  }

  private readonly read: CommandReader<Go, Go> = { word: (w) => this.word(w), assignment: (a) => this.assignment(a) }

  private commandParts(cmd: Go): CommandParts<Go, Go> {
    switch (kind(cmd)) {
      case 'CallExpr':
        return { k: 'call', assigns: list(cmd, 'Assigns'), args: list(cmd, 'Args') }
      case 'DeclClause': {
        const variant = child(cmd, 'Variant')
        const args = list(cmd, 'Args').map((a) => {
          const name = child(a, 'Name')
          return a.Naked === true ? { naked: true as const, value: child(a, 'Value'), name: name ? this.span(name) : undefined } : { naked: false as const, assign: a }
        })
        return { k: 'decl', variant: variant ? this.span(variant) : undefined, args }
      }
    }
    // LetClause: `let x=1 y++`.
    return { k: 'let', start: this.start(cmd), exprs: list(cmd, 'Exprs').map((e) => ({ word: kind(e) === 'Word' ? e : undefined, span: this.span(e) })) }
  }

  private recordAndOr(node: Go): void {
    const x = child(node, 'X')
    const y = child(node, 'Y')
    if (!x || !y) return
    const at = this.offsets.toIndex(posField(node, 'OpPos'))
    const op = this.src.slice(at, at + 2)
    if (op !== '&&' && op !== '||') return
    this.andOr(op, this.span(x), this.span(y), this.span(node))
  }

  private recordIf(node: Go, ctx: Ctx): void {
    const e = node.Else
    const elseStmts = isSlice(e) ? list(node, 'Else') : kind(e) === 'IfClause' ? [e as Go] : []
    const spans = (stmts: Go[]): Span[] => stmts.map((st) => this.span(st))
    this.ifClause(spans(list(node, 'Cond')), spans(list(node, 'Then')), spans(elseStmts), this.span(node), ctx)
  }

  /** A `[[ … ]]` expression node as {@link ModelBuilder.testExpr} reads it. */
  private testView(t: Go): TestView<Go> | undefined {
    switch (kind(t)) {
      case 'Word':
        return { k: 'word', word: () => this.word(t) }
      case 'BinaryTest': {
        const x = child(t, 'X')
        const y = child(t, 'Y')
        return x && y ? { k: 'binary', op: this.src.slice(this.end(x), this.start(y)).trim(), x, y, span: this.span(t) } : undefined
      }
      case 'UnaryTest': {
        const x = child(t, 'X')
        return x ? { k: 'unary', op: this.src.slice(this.start(t), this.start(x)).trim(), x, span: this.span(t) } : undefined
      }
      case 'ParenTest': {
        const x = child(t, 'X')
        return x ? { k: 'paren', x } : undefined
      }
    }
    return undefined
  }

  // -------------------------------------------------------------------------
  // Exit statuses carried by variables

  /** Resolves `exit $rc` where straight-line code fixes `rc` (src/shell/model-builder.ts). */
  resolveVarExits(file: Go): void {
    const functions = (): Set<string> => {
      const names = new Set<string>()
      const collect = (n: Go): void => {
        if (kind(n) === 'FuncDecl') {
          const name = child(n, 'Name')
          if (name) names.add(this.slice(name))
        }
        for (const c of childNodes(n)) collect(c)
      }
      collect(file)
      return names
    }
    this.resolveVarExitsOf(list(file, 'Stmts'), functions, {
      stmt: (st) => this.varStmt(st),
      span: (st) => this.span(st),
      assign: (a) => {
        const name = child(a, 'Name')
        if (!name) return undefined
        const value = a.Append === true || child(a, 'Index') || child(a, 'Array') ? undefined : child(a, 'Value')
        return { name: this.slice(name), value: value ? this.word(value) : undefined }
      }
    })
  }

  private varStmt(st: Go): VarStmt<Go, Go> {
    const cmd = child(st, 'Cmd')
    if (!cmd) return { k: 'none' }
    if (st.Background === true || st.Coprocess === true) return { k: 'other' }
    switch (kind(cmd)) {
      case 'CallExpr': {
        const args = list(cmd, 'Args')
        return { k: 'call', assigns: list(cmd, 'Assigns'), args: args.length, word: (i) => this.word(args[i]) }
      }
      case 'DeclClause': {
        const variant = child(cmd, 'Variant')
        const args = list(cmd, 'Args')
        const nakedValues = args.filter((a) => a.Naked === true && child(a, 'Value')).map((a) => this.slice(a))
        return { k: 'decl', variant: variant ? this.slice(variant) : '', nakedValues, assigns: args.filter((a) => a.Naked !== true) }
      }
      case 'IfClause':
        return { k: 'if', ...this.varIf(cmd) }
      case 'WhileClause':
      case 'ForClause':
        return { k: 'loop', cond: list(cmd, 'Cond'), body: list(cmd, 'Do') }
      case 'CaseClause':
        return { k: 'case', items: list(cmd, 'Items').map((item) => list(item, 'Stmts')) }
      case 'Block':
        return { k: 'block', stmts: list(cmd, 'Stmts') }
      case 'BinaryCmd':
        return this.isPipe(cmd) ? { k: 'other' } : { k: 'andOr', x: child(cmd, 'X'), y: child(cmd, 'Y') }
      case 'FuncDecl':
        return { k: 'function', body: child(cmd, 'Body') }
      case 'TimeClause':
        return { k: 'time', stmt: child(cmd, 'Stmt') }
    }
    return { k: 'other' }
  }

  private varIf(c: Go): VarIf<Go> {
    const e = c.Else
    const rest = isSlice(e) ? { elseStmts: list(c, 'Else') } : kind(e) === 'IfClause' ? { elseIf: this.varIf(e as Go) } : {}
    return { cond: list(c, 'Cond'), then: list(c, 'Then'), ...rest }
  }

  private assignment(a: Go): ShellAssignment {
    const name = child(a, 'Name')
    const value = child(a, 'Value')
    const array = child(a, 'Array')
    const elements = array ? list(array, 'Elems').flatMap((e) => (child(e, 'Value') ? [this.word(child(e, 'Value') as Go)] : [])) : []
    return this.assignmentOf(name ? this.slice(name) : '', value ? this.word(value) : undefined, array ? { ...this.span(array), elements } : undefined, a.Append === true, this.span(a))
  }

  private redirect(r: Go): ShellRedirect {
    const target = child(r, 'Word')
    const n = child(r, 'N')
    const hdoc = child(r, 'Hdoc')
    const opStart = this.offsets.toIndex(posField(r, 'OpPos'))
    const t = target ? this.word(target) : undefined
    const heredoc = hdoc ? (op: string): ShellWord => this.heredoc(hdoc, op === '<<-', t) : undefined
    return this.redirectOf(opStart, this.end(r), { start: n ? this.start(n) : opStart, end: this.end(r) }, n ? this.slice(n) : undefined, t, heredoc)
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
    return this.heredocBody(start, end, delim?.quoted === true, dash, () => this.word(hdoc, 'heredoc', end))
  }

  // -------------------------------------------------------------------------
  // Words

  private slice(node: Go): string {
    return this.src.slice(this.start(node), this.end(node))
  }

  private word(w: Go, mode: 'bare' | 'heredoc' = 'bare', clipEnd?: number): ShellWord {
    const end = clipEnd ?? this.end(w)
    // Only the word's own parts are cut at `clipEnd` (a heredoc body stops before its delimiter line).
    return this.wordOf(this.start(w), end, list(w, 'Parts'), mode === 'heredoc' ? 'dq' : 'bare', (p, _where, nested) => this.part(p, nested ? Infinity : end))
  }

  private part(p: Go, clipEnd: number): WordPart<Go> {
    const start = this.start(p)
    const raw = this.src.slice(start, Math.max(start, Math.min(this.end(p), clipEnd)))
    switch (kind(p)) {
      case 'Lit':
        return { k: 'Lit', raw }
      case 'SglQuoted':
        return { k: 'SglQuoted', raw, dollar: p.Dollar === true }
      case 'DblQuoted':
        return { k: 'DblQuoted', parts: list(p, 'Parts') }
      case 'ExtGlob':
        return { k: 'ExtGlob', raw }
      case 'ParamExp':
        // A substitution inside (`${x:-$(cmd)}`, `` ${x:-`cmd`} ``) shows a `(` or a backtick in the source.
        return { k: 'ParamExp', raw, cs: (raw.includes('(') || raw.includes('`')) && contains(p, 'CmdSubst'), pe: true }
      case 'CmdSubst':
      case 'ProcSubst':
        return { k: kind(p) as 'CmdSubst' | 'ProcSubst', raw }
      case 'ArithmExp':
        return { k: 'ArithmExp', raw, cs: contains(p, 'CmdSubst'), pe: contains(p, 'ParamExp') }
    }
    return { k: 'Other', raw, cs: false, pe: false }
  }
}

/**
 * The parameter expansions of the tree ({@link ShellScript.params}): every `ParamExp`
 * node (its `Param` literal names it; `Length` is `${#X}`, `Excl` is `${!X}`). Those in
 * the `Hdoc` word of a redirect go to `heredoc` ({@link ShellScript.heredocParams}):
 * mvdan-sh reads the body of a quoted delimiter as one literal, an unquoted one's
 * expansions as parts of the word. Inside double quotes, the `'…'` of a default
 * (`"${X:-'$Y'}"`, also `+`, `=`, `?`, with or without `:`) is no quote to bash, which
 * expands `$Y` (in a heredoc body too); mvdan-sh reads a single-quoted string, so its text is parsed again
 * as a double-quoted one (`: "…"`) and the expansions of that tree taken.
 */
function goParams(text: string, file: Go, offsets: ByteOffsets, depth = 0): { params: ShellParam[]; heredoc: ShellParam[] } {
  const params: ShellParam[] = []
  const heredoc: ShellParam[] = []
  const seen = new Set<Go>()
  // Each node, whether it is in a heredoc body, and whether in double quotes (a substitution starts afresh).
  const stack: [Go, boolean, boolean][] = [[file, false, false]]
  while (stack.length > 0) {
    const [n, inBody, inDq] = stack.pop() as [Go, boolean, boolean]
    if (seen.has(n)) continue
    seen.add(n)
    const k = kind(n)
    if (k === 'ParamExp' && inDq && depth < 20) (inBody ? heredoc : params).push(...dqDefaultParams(text, n, offsets, depth))
    if (k === 'ParamExp') {
      const lit = child(n, 'Param')
      const name = lit && typeof lit.Value === 'string' ? lit.Value : ''
      const start = offsets.toIndex(posOf(n, 'Pos'))
      const mods = { length: n.Length === true, indirect: n.Excl === true }
      // `a[i]` in `$(( … ))` is a ParamExp without a `$`: a name in arithmetic, not an expansion.
      const p = lit && text[start] === '$' && paramOf(name, start, offsets.toIndex(posOf(lit, 'Pos')), offsets.toIndex(posOf(n, 'End')), n.Short === true, mods)
      if (p) (inBody ? heredoc : params).push(p)
    }
    const hdoc = k === 'Redirect' ? child(n, 'Hdoc') : undefined
    const dq = k === 'DblQuoted' ? true : k === 'CmdSubst' || k === 'ProcSubst' ? false : inDq
    // A heredoc body expands as double quotes do.
    for (const c of childNodes(n)) stack.push([c, inBody || c === hdoc, dq || c === hdoc])
  }
  return { params, heredoc }
}

/** The expansions of the `'…'` parts of a default value in a `ParamExp` that stands in double quotes ({@link goParams}). */
function dqDefaultParams(text: string, n: Go, offsets: ByteOffsets, depth: number): ShellParam[] {
  const exp = child(n, 'Exp')
  const word = exp && child(exp, 'Word')
  const lit = child(n, 'Param')
  if (!word || !lit) return []
  // Between the name and the value: the operator, after an index (`${a[1]:-…}`).
  const op = text.slice(offsets.toIndex(posOf(lit, 'End')), offsets.toIndex(posOf(word, 'Pos')))
  if (!/^(?:\[[^\]]*\])?:?[-+=?]$/.test(op)) return []
  const out: ShellParam[] = []
  for (const part of list(word, 'Parts')) {
    if (kind(part) !== 'SglQuoted' || part.Dollar === true) continue
    const from = offsets.toIndex(posOf(part, 'Pos')) + 1
    const inner = text.slice(from, offsets.toIndex(posOf(part, 'End')) - 1)
    if (!inner.includes('$') || inner.includes('"')) continue
    const src = `: "${inner}"`
    let again: unknown
    try {
      again = shellParser().syntax.NewParser().Parse(src, '').__internal_object__
    } catch {
      continue
    }
    const shift = from - 3
    for (const p of goParams(src, again as Go, new ByteOffsets(src), depth + 1).params) out.push({ ...p, start: p.start + shift, nameEnd: p.nameEnd + shift, end: p.end + shift })
  }
  return out
}

/** Whether a node has a descendant of the given kind (bounded search). */
function contains(node: Go, k: string): boolean {
  const stack: Go[] = [node]
  let budget = 10_000
  while (stack.length > 0 && budget-- > 0) {
    for (const c of childNodes(stack.pop() as Go)) {
      if (kind(c) === k) return true
      stack.push(c)
    }
  }
  return false
}
