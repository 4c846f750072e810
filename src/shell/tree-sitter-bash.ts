/**
 * Shell scripts read with tree-sitter-bash: the parser behind {@link parseShell}.
 *
 * The grammar is the prebuilt `tree-sitter-bash.wasm` of `@vscode/tree-sitter-wasm`,
 * run by `web-tree-sitter` (src/parse/code.ts), the runtime that already reads our
 * Python, JavaScript and TypeScript. tree-sitter-bash is error-tolerant: it always
 * yields a tree and marks what it could not read with `ERROR` and `MISSING` nodes.
 * Such a script is not read here: {@link readWithTreeSitterBash} answers with a
 * {@link Rejection} and parse.ts reads it with mvdan-sh (./mvdan-sh.ts), which parses
 * valid bash the grammar rejects (`${x:$i:1}`, `$((10#$n))`, `${A:+ (${B})}` …) and
 * gives bash's own error for invalid scripts. The same goes for the few trees the
 * grammar builds without an error node but against bash's reading ({@link Misread}),
 * and for scripts nested too deeply to walk.
 *
 * Its tree follows the source more than bash's grammar in a few places (heredocs
 * continued by a pipe, `! a | b`, line continuations inside words, `[ … ]`,
 * `[[ … ]]` precedence, `time`): {@link Converter} rebuilds those as bash runs them,
 * into a small syntax tree that {@link Builder} walks into the model of parse.ts.
 *
 * Offsets are string indexes (UTF-16 code units): web-tree-sitter reads a JavaScript
 * string as UTF-16 and reports node offsets in the same units.
 */
import type { Node } from 'web-tree-sitter'
import { bashTree, ShellParserUnavailable } from '../parse/code.js'
import { branchCtx, functionCtx, ModelBuilder, redirectedCtx, subshellCtx, substitutionCtx, testedCtx, type CommandParts, type CommandReader, type PartPlace, type Span, type TestView, type VarIf, type VarStmt, type WordPart } from './model-builder.js'
import type { ShellAssignment, ShellParam, ShellRedirect, ShellScript, ShellWord } from './parse.js'
import { finishedScript, paramOf, TOP, type Ctx } from './shared.js'

/** Why tree-sitter-bash's reading of a script is not used (it is then read with mvdan-sh). */
export interface Rejection {
  rejected: string
}

/**
 * The model of a script as tree-sitter-bash reads it, or why that reading is not
 * to be trusted (also when `prepareShellParsing()` has not resolved: the runtime
 * is not up). Never throws.
 */
export function readWithTreeSitterBash(text: string): ShellScript | Rejection {
  let tree
  try {
    tree = bashTree(text)
  } catch (e) {
    return { rejected: `parser failure: ${e instanceof ShellParserUnavailable ? e.message : String(e)}` }
  }
  if (!tree) return { rejected: 'parser failure: tree-sitter gave no tree' }
  let stmts: Stmt[]
  let params: TreeParams
  try {
    const root = tree.rootNode
    // `hasError` covers `MISSING` nodes too.
    if (root.hasError) return { rejected: 'syntax error in the tree' }
    const misread = misreadShape(root, text)
    if (misread) return { rejected: `misread: ${misread}` }
    stmts = new Converter(text).stmts(kids(root))
    params = text.includes('$') ? treeParams(root) : { params: [], heredoc: [] }
  } catch (e) {
    return { rejected: rejection(e) }
  } finally {
    tree.delete()
  }
  try {
    const b = new Builder(text)
    b.resolveVarExits(stmts)
    b.visitStmts(stmts, TOP)
    return finishedScript(text, b, params.params, params.heredoc)
  } catch (e) {
    return { rejected: rejection(e) }
  }
}

/** The parameter expansions of a tree: of the script's words, and of its heredoc bodies. */
interface TreeParams {
  params: ShellParam[]
  heredoc: ShellParam[]
}

/**
 * The parameter expansions of the tree ({@link ShellScript.params}): its `simple_expansion`
 * (`$X`) and `expansion` (`${X…}`) nodes, each named by its first named child
 * (`variable_name`, or the one in `subscript` for `${a[i]}`), a `#` or `!` token before it
 * telling a length or an indirection. Those inside a `heredoc_body` go to `heredoc`
 * ({@link ShellScript.heredocParams}): the grammar gives the body of a quoted delimiter
 * no children, and an unquoted one's `$X`, `${X}` and `$(…)` as nodes. A `regex`
 * leaf (the pattern of `${x%$p}`, `${x/$a/b}`, `[[ $x =~ $re ]]`) is one to the grammar,
 * though bash expands what is in it: its text is parsed again as a word of its own
 * (`: PATTERN`) and the expansions of that tree taken, shifted back to this text. So is
 * the `raw_string` of a default inside double quotes (`"${X:-'$Y'}"`, also `+`, `=`,
 * `?`, with or without `:`), as a double-quoted string (`: "…"`): no quote to bash there.
 */
function treeParams(root: Node, shift = 0, depth = 0): TreeParams {
  const bodies = root.descendantsOfType('heredoc_body').filter((n) => n !== null)
  const inBody = (n: Node): boolean => bodies.some((b) => n.startIndex >= b.startIndex && n.startIndex < b.endIndex)
  const out: TreeParams = { params: [], heredoc: [] }
  for (const n of root.descendantsOfType(['simple_expansion', 'expansion', 'regex', 'raw_string'])) {
    if (!n) continue
    const to = inBody(n) ? out.heredoc : out.params
    if (n.type === 'raw_string') {
      const inner = n.text.slice(1, -1)
      if (!inner.includes('$') || inner.includes('"') || depth > 20 || !inDqDefault(n)) continue
      const again = bashTree(`: "${inner}"`)
      try {
        if (again && !again.rootNode.hasError) {
          const found = treeParams(again.rootNode, shift + n.startIndex + 1 - 3, depth + 1)
          to.push(...found.params, ...found.heredoc)
        }
      } finally {
        again?.delete()
      }
      continue
    }
    if (n.type === 'regex') {
      if (!n.text.includes('$') || depth > 20) continue
      const again = bashTree(`: ${n.text}`)
      try {
        if (again && !again.rootNode.hasError) {
          const inner = treeParams(again.rootNode, shift + n.startIndex - 2, depth + 1)
          to.push(...inner.params, ...inner.heredoc)
        }
      } finally {
        again?.delete()
      }
      continue
    }
    let v = n.firstNamedChild
    if (v?.type === 'subscript') v = v.firstNamedChild
    if (v?.type !== 'variable_name') continue
    // Inside `"…"` the node and its first child (the `$` / `${` token) start at the blanks
    // before it; the token ends right, and its type is its text.
    const open = n.firstChild
    if (!open || (open.type !== '$' && open.type !== '${')) continue
    const mod = open.nextSibling?.type
    const p = paramOf(v.text, shift + open.endIndex - open.type.length, shift + v.startIndex, shift + n.endIndex, n.type === 'simple_expansion', {
      length: mod === '#',
      indirect: mod === '!'
    })
    if (p) to.push(p)
  }
  return out
}

/** A default value's operator in `${X:-…}` and the like: its `'…'` stands for text, which double quotes expand. */
const DEFAULT_OPS = new Set(['-', ':-', '+', ':+', '=', ':=', '?', ':?'])

/**
 * Whether a `raw_string` is (part of) the default value of an `expansion` that stands in
 * a double-quoted `string` or a heredoc body (through nested expansions, not a substitution): `"${X:-'$Y'}"`.
 */
function inDqDefault(raw: Node): boolean {
  let p = raw.parent
  if (p?.type === 'concatenation') p = p.parent
  if (p?.type !== 'expansion' || !p.children.some((k) => k !== null && !k.isNamed && DEFAULT_OPS.has(k.type))) return false
  while (p && p.type === 'expansion') p = p.parent?.type === 'concatenation' ? p.parent.parent : p.parent
  return p?.type === 'string' || p?.type === 'heredoc_body'
}

/**
 * Trees tree-sitter-bash builds without an `ERROR` node but against bash's reading,
 * found on the recorded scripts (/work/h1-diff) and in fuzzing: what is wrong, or
 * undefined. Each shape has a cheap test of the text first, so most scripts cost no
 * walk of the tree.
 *
 * - A vertical tab or form feed: blanks to the grammar, word characters to bash
 *   (`a\fb` is one command name).
 * - A line that starts with `\` right after a command (`echo a⏎\rm x`): the grammar
 *   glues the line break and `\rm` into one more argument of `echo`.
 * - A backslash escape at the end of a `${x%…}` / `${x#…}` / `${x/…}` pattern
 *   (`${val%\'}`, `${z/\//a}`): the grammar ends the pattern between the backslash
 *   and the character it escapes, which then opens a quote or ends the pattern.
 * - A redirect's file descriptor that is not a word of digits alone (`set -e2>&1`,
 *   `{}2>&1`: bash reads the words `-e2`, `{}2` and `>&1`).
 * - A `$` the grammar cuts from the name after it (`$CLAUDE_PROJECT_DIR/hooks/$NAME.sh`
 *   as a command name, `-$_____`): bash expands `$NAME`, the tree has no expansion.
 * - An expansion in the body of a heredoc whose delimiter is unquoted that the grammar
 *   leaves as text (`$X`, `${X}` or `$(…)` after the blanks that start a line, `$1`):
 *   bash expands it, the tree has no node for it.
 * - `;;`, `;&` or `;;&` outside a `case` item, a redirect whose target is on the
 *   next line (`cat <⏎foo`): bash rejects the script.
 */
function misreadShape(root: Node, text: string): string | undefined {
  if (/[\v\f]/.test(text)) return 'a vertical tab or form feed (not a blank to bash)'
  const types: string[] = []
  if (text.includes('\n\\')) types.push('word')
  if (text.includes('${') && text.includes('\\')) types.push('regex')
  if (/[^\s\d]\d+[<>]/.test(text)) types.push('file_descriptor')
  if (/;;|;&/.test(text)) types.push(';;', ';&', ';;&')
  if (/[<>][ \t]*\r?\n/.test(text)) types.push('file_redirect', 'herestring_redirect')
  if (/\$[\w]/.test(text)) types.push('$')
  if (text.includes('<<')) types.push('heredoc_body')
  if (types.length === 0) return undefined
  for (const n of root.descendantsOfType(types)) {
    if (!n) continue
    const t = text.slice(n.startIndex, n.endIndex)
    switch (n.type) {
      case 'word':
        // A line break in a bare word is a line continuation (`\⏎`) or a misreading.
        for (let i = t.indexOf('\n'); i >= 0; i = t.indexOf('\n', i + 1)) if (t[i - 1] !== '\\' && !(t[i - 1] === '\r' && t[i - 2] === '\\')) return 'a line break inside a word'
        break
      case 'regex':
        if (n.parent?.type === 'expansion' && trailingBackslashes(t) % 2 === 1) return 'a backslash escape cut at the end of a ${…} pattern'
        break
      case 'file_descriptor':
        // Only a word of digits alone is one (`x}2>&1` is the word `x}2` and `>&1`).
        if (!/^\d+$/.test(t) || (n.startIndex > 0 && !/[\s;&|(]/.test(text[n.startIndex - 1]))) return `"${t}" read as a file descriptor`
        break
      case 'file_redirect':
      case 'herestring_redirect': {
        // `cat <⏎foo`: bash wants the target on the operator's line.
        const op = n.children.find((k) => k !== null && !k.isNamed && /[<>]/.test(k.type))
        const target = op && n.children.find((k) => k !== null && k.isNamed && k.startIndex >= op.endIndex)
        if (op && target && text.slice(op.endIndex, target.startIndex).replace(/\\\r?\n/g, '').includes('\n')) return 'a redirect whose target is on the next line'
        break
      }
      case '$':
        // `$NAME` the grammar split into a lone `$` and a word (`…/hooks/$NAME.sh` as a command name, `-$_____`).
        if (n.parent?.type !== 'simple_expansion' && n.parent?.type !== 'translated_string' && /\w/.test(text[n.endIndex] ?? '')) return 'a `$` cut from the name after it'
        break
      case 'heredoc_body':
        if (textExpansionInBody(n, text)) return 'an expansion in a heredoc body read as text'
        break
      default:
        if (n.parent?.type !== 'case_item') return `"${n.type}" outside a case item`
    }
  }
  return undefined
}

/**
 * Whether the grammar misread an expanding heredoc body (its delimiter unquoted): its text
 * outside the expansion nodes holds a `$` that starts an expansion (one before a word
 * character, `{` or `(`, not escaped by a backslash), or an expansion node starts at a
 * `$` a backslash escapes (`\\$X` is text, `\\\\$X` a backslash and `$X`).
 */
function textExpansionInBody(body: Node, text: string): boolean {
  const delim = body.parent?.children.find((k) => k?.type === 'heredoc_start')
  if (!delim || /['"\\]/.test(delim.text)) return false
  const escaped = (at: number): boolean => trailingBackslashes(text.slice(body.startIndex, at)) % 2 === 1
  const gaps: [number, number][] = []
  let at = body.startIndex
  for (const k of body.namedChildren) {
    if (!k || k.type === 'heredoc_content') continue
    const open = k.firstChild
    if (open && escaped(open.startIndex)) return true
    gaps.push([at, k.startIndex])
    at = k.endIndex
  }
  gaps.push([at, body.endIndex])
  return gaps.some(([a, b]) => [...text.slice(a, b).matchAll(/\$[\w{(]/g)].some((m) => !escaped(a + (m.index ?? 0))))
}

function trailingBackslashes(t: string): number {
  let n = 0
  while (n < t.length && t[t.length - 1 - n] === '\\') n++
  return n
}

function rejection(e: unknown): string {
  if (e instanceof Misread) return `misread: ${e.message}`
  return e instanceof TooDeep || e instanceof RangeError ? 'too deep' : `parser failure: ${String(e)}`
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

/**
 * A tree tree-sitter-bash built against bash's reading of the text, without an
 * `ERROR` node to say so (a stray `fi` read as a command, a command run on over
 * a line break): the script is read with mvdan-sh instead.
 */
class Misread extends Error {}

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
    if (assigns.length === 0 && CLOSERS.has(first)) throw new Misread(`"${first}" as a command name`)
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
   * redirect followed by a blank, after a pipeline of three stages): bash ends the command
   * there. Such a tree is not trusted.
   */
  private checkLineBreaks(c: Node[]): void {
    for (let i = 1; i < c.length; i++) {
      const from = c[i - 1].endIndex
      for (let j = this.src.indexOf('\n', from); j >= 0 && j < c[i].startIndex; j = this.src.indexOf('\n', j + 1)) {
        // `\⏎` (or `\␍⏎`) continues the line.
        if (this.src[j - 1] === '\\' || (this.src[j - 1] === '\r' && this.src[j - 2] === '\\')) continue
        throw new Misread('a command run on over a line break')
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

class Builder extends ModelBuilder {
  private depth = 0

  visitStmts(stmts: Stmt[], ctx: Ctx): void {
    for (const s of stmts) this.visitStmt(s, ctx, [])
  }

  private visitSubsts(subs: Subst[], ctx: Ctx): void {
    for (const s of subs) {
      this.visitStmts(s.stmts, substitutionCtx(ctx))
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
        this.andOr(node.op, node.x, node.y, node)
        this.visitStmt(node.x, testedCtx(ctx), [])
        this.visitStmt(node.y, branchCtx(ctx), [])
        return
      case 'Pipeline':
        this.visitPipeline(node.stages, ctx)
        return
      case 'IfClause':
        this.ifClause(node.cond, node.then, node.else ? [node.else] : undefined, node, ctx)
        // The condition's status is tested; the body (and `elif`/`else`) runs as usual.
        this.visitStmts(node.cond, testedCtx(ctx))
        this.visitStmts(node.then, branchCtx(ctx))
        if (node.else) this.visitCmd(node.else, branchCtx(ctx))
        return
      case 'WhileClause':
        this.visitStmts(node.cond, testedCtx(ctx))
        this.visitStmts(node.do, branchCtx(ctx))
        return
      case 'ForClause': {
        if (node.name && node.items && node.items.length > 0) this.forLoop(this.slice(node.name), node.items.map((w) => this.word(w)), node)
        const inner = branchCtx(ctx)
        for (const w of node.items ?? []) this.visitWord(w, inner)
        this.visitSubsts(node.subs, inner)
        this.visitStmts(node.do, inner)
        return
      }
      case 'CaseClause': {
        const inner = branchCtx(ctx)
        this.visitWord(node.word, inner)
        for (const item of node.items) {
          for (const p of item.patterns) this.visitWord(p, inner)
          this.visitStmts(item.stmts, inner)
        }
        return
      }
      case 'TestClause':
        if (node.x) this.testExpr(node.x, false, (t) => this.testView(t))
        for (const w of node.words) this.visitWord(w, ctx)
        return
      case 'ArithmCmd':
        this.visitSubsts(node.subs, ctx)
        return
      case 'Subshell':
        this.visitStmts(node.stmts, subshellCtx(ctx))
        return
      case 'Block':
        this.visitStmts(node.stmts, ctx)
        return
      case 'FuncDecl': {
        const name = this.slice(node.name)
        const block = node.body?.cmd
        const statements = block && (block.k === 'Block' || block.k === 'Subshell') ? block.stmts.map((st) => st.start) : []
        this.functionDef(name, node, statements)
        if (node.body) this.visitStmt(node.body, functionCtx(ctx, name), [])
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

  private visitStmt(stmt: Stmt, ctx: Ctx, wrappers: string[]): void {
    if (++this.depth > MAX_DEPTH) throw new TooDeep()
    try {
      const cmd = stmt.cmd
      if (stmt.negated) ctx = testedCtx(ctx)
      if (cmd && (cmd.k === 'CallExpr' || cmd.k === 'DeclClause' || cmd.k === 'LetClause')) {
        this.makeCommand(stmt, cmd, ctx, wrappers)
        this.visitCmd(cmd, ctx)
      } else if (cmd) this.visitCmd(cmd, redirectedCtx(ctx, stmt.redirs.map((r) => this.redirect(r))))
      for (const r of stmt.redirs) this.visitRedir(r, ctx)
    } finally {
      this.depth--
    }
  }

  private visitPipeline(stages: Stmt[], ctx: Ctx): void {
    this.pipeline(stages, ctx, (stage, stageCtx) => this.visitStmt(stage, stageCtx, []))
  }

  // -------------------------------------------------------------------------
  // Commands

  private makeCommand(stmt: Stmt, cmd: Cmd & { k: 'CallExpr' | 'DeclClause' | 'LetClause' }, ctx: Ctx, timeWrapper: string[]): void {
    const parts: CommandParts<Word, Assign> =
      cmd.k === 'CallExpr'
        ? { k: 'call', assigns: cmd.assigns, args: cmd.args }
        : cmd.k === 'DeclClause'
          ? { k: 'decl', variant: cmd.variant, args: cmd.args }
          : { k: 'let', start: cmd.start, exprs: cmd.exprs.map((e) => ({ word: e.plain ? e.word : undefined, span: e.word })) }
    this.simpleCommand(parts, this.read, stmt.redirs.map((r) => this.redirect(r)), cmd, stmt, ctx, timeWrapper)
  }

  private readonly read: CommandReader<Word, Assign> = { word: (w) => this.word(w), assignment: (a) => this.assignment(a) }

  /** A `[[ … ]]` expression as {@link ModelBuilder.testExpr} reads it. */
  private testView(t: TestExpr): TestView<TestExpr> {
    switch (t.k) {
      case 'Word':
        return { k: 'word', word: () => this.word(t.word) }
      case 'Binary':
        return { k: 'binary', op: t.op, x: t.x, y: t.y, span: t }
      case 'Unary':
        return { k: 'unary', op: t.op, x: t.x, span: t }
      case 'Paren':
        return { k: 'paren', x: t.x }
    }
  }

  // -------------------------------------------------------------------------
  // Exit statuses carried by variables

  /** Resolves `exit $rc` where straight-line code fixes `rc` (src/shell/model-builder.ts). */
  resolveVarExits(file: Stmt[]): void {
    const functions = (): Set<string> => {
      const names = new Set<string>()
      const collect = (list: Stmt[]): void => {
        for (const st of list) {
          const c = st.cmd
          if (!c) continue
          switch (c.k) {
            case 'FuncDecl':
              names.add(this.slice(c.name))
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
      return names
    }
    this.resolveVarExitsOf(file, functions, {
      stmt: (st) => this.varStmt(st),
      span: (st) => st,
      assign: (a) => ({ name: this.slice(a.name), value: a.append || a.index || a.array || !a.value ? undefined : this.word(a.value) })
    })
  }

  private varStmt(st: Stmt): VarStmt<Stmt, Assign> {
    const cmd = st.cmd
    if (!cmd) return { k: 'none' }
    if (st.background) return { k: 'other' }
    switch (cmd.k) {
      case 'CallExpr':
        return { k: 'call', assigns: cmd.assigns, args: cmd.args.length, word: (i) => this.word(cmd.args[i]) }
      case 'DeclClause': {
        const nakedValues = cmd.args.flatMap((a) => (a.naked && a.value ? [this.slice(a.value)] : []))
        return { k: 'decl', variant: this.slice(cmd.variant), nakedValues, assigns: cmd.args.flatMap((a) => (a.naked ? [] : [a.assign])) }
      }
      case 'IfClause':
        return { k: 'if', ...varIf(cmd) }
      case 'WhileClause':
        return { k: 'loop', cond: cmd.cond, body: cmd.do }
      case 'ForClause':
        return { k: 'loop', cond: [], body: cmd.do }
      case 'CaseClause':
        return { k: 'case', items: cmd.items.map((item) => item.stmts) }
      case 'Block':
        return { k: 'block', stmts: cmd.stmts }
      case 'BinaryCmd':
        return { k: 'andOr', x: cmd.x, y: cmd.y }
      case 'FuncDecl':
        return { k: 'function', body: cmd.body }
      case 'TimeClause':
        return { k: 'time', stmt: cmd.stmt }
    }
    return { k: 'other' }
  }

  private assignment(a: Assign): ShellAssignment {
    const array = a.array ? { ...a.array, elements: a.array.elems.map((e) => this.word(e)) } : undefined
    return this.assignmentOf(this.slice(a.name), a.value ? this.word(a.value) : undefined, array, a.append, a)
  }

  private redirect(r: Redir): ShellRedirect {
    const t = r.word ? this.word(r.word) : undefined
    const h = r.hdoc
    return this.redirectOf(r.op.start, r.op.end, r, r.n ? this.slice(r.n) : undefined, t, h ? (): ShellWord => this.heredoc(h) : undefined)
  }

  /** A heredoc body, up to its closing delimiter's line. */
  private heredoc(h: NonNullable<Redir['hdoc']>): ShellWord {
    return this.heredocBody(h.start, h.end, h.quoted, h.dash, () => this.word(h.word, 'heredoc'))
  }

  // -------------------------------------------------------------------------
  // Words

  private slice(node: Span): string {
    return this.src.slice(node.start, node.end)
  }

  private word(w: Word, mode: 'bare' | 'heredoc' = 'bare'): ShellWord {
    return this.wordOf(w.start, w.end, w.parts, mode === 'heredoc' ? 'dq' : 'bare', (p, where) => this.part(p, where))
  }

  private part(p: Part, where: PartPlace): WordPart<Part> {
    const raw = this.src.slice(p.start, p.end)
    switch (p.k) {
      case 'Lit':
        // `$1`, `$0`, `$@` … in a heredoc body: tree-sitter-bash leaves them in the text.
        return { k: 'Lit', raw, special: where === 'dq' && SPECIAL_PARAM.test(raw) }
      case 'SglQuoted':
        return { k: 'SglQuoted', raw, dollar: p.dollar }
      case 'DblQuoted':
        return { k: 'DblQuoted', parts: p.parts }
      case 'ParamExp':
        return { k: 'ParamExp', raw, cs: p.cs, pe: true }
      case 'CmdSubst':
      case 'ProcSubst':
        return { k: p.k, raw }
      case 'ArithmExp':
      case 'Other':
        return { k: p.k, raw, cs: p.cs, pe: p.pe }
    }
  }
}

/** An `if` clause as the exit-status resolution sees it (its `else` is an `IfN` too). */
function varIf(c: IfN): VarIf<Stmt> {
  return { cond: c.cond, then: c.then, ...(c.else ? { elseIf: varIf(c.else) } : {}) }
}

/** An unescaped `$` before a digit or special parameter name. */
const SPECIAL_PARAM = /(?:^|[^\\])(?:\\\\)*\$[0-9@*#?$!-]/
