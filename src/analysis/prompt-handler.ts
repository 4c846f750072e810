/**
 * Prompt handlers: UserPromptSubmit hooks that act on prompts of their own
 * (`>share`, `/deploy`) and let every other prompt through on purpose. Their
 * "block" (exit 2, `{"decision": "block"}`) erases the prompt after the hook
 * has handled it; it does not guard anything. A hook is one when every path
 * that blocks sits behind a literal match on the prompt: inside an
 * `if prompt.startswith(">share"):` branch, or after an
 * `if prompt != TRIGGER and not prompt.startswith(TRIGGER + " "): sys.exit(0)`
 * that sends every other prompt away. When such a hook fails, the prompt reaches
 * Claude as typed, which is what happens to every prompt without a trigger: it
 * does not fail open.
 *
 * Read from the syntax tree: tree-sitter for Python and JavaScript/TypeScript,
 * the shell model of src/shell/parse.ts for shell. A literal is a string literal, a constant bound only to
 * literals (`TRIGGER = ">share"`, `TRIGGER + " "`), or the variable of a loop
 * over literals (`any(p == t or p.startswith(t + " ") for t in TRIGGERS)`); the
 * prompt is what derives from the payload's `prompt` field by assignments.
 */
import { descendantsOfType, type Node } from '../parse/code.js'
import type { ShellScript, ShellWord } from '../shell/parse.js'
import { dottedName, nodeAt, type GuardCode, type Loc } from './hook-guard-code.js'
import { blockingSignals, type ScriptInfo } from './hook-guards.js'
import { JS_FUNCS, PY_FUNCS } from './payload-flow.js'

/** How deep assignments and call sites are followed. */
const MAX_DEPTH = 6

/** Nodes that start a new scope (what runs inside runs only when called). */
const SCOPES: ReadonlySet<string> = new Set([...PY_FUNCS, ...JS_FUNCS])

/** Node types that hold a sequence of statements. */
const BLOCKS: ReadonlySet<string> = new Set(['block', 'module', 'statement_block', 'program'])

const STARTS_WITH: ReadonlySet<string> = new Set(['startswith', 'startsWith'])
const EQUAL: ReadonlySet<string> = new Set(['==', '==='])
const UNEQUAL: ReadonlySet<string> = new Set(['!=', '!=='])

/**
 * Whether a UserPromptSubmit hook script is a prompt handler: it blocks somewhere, and every
 * path that blocks is reached only for a prompt that matches a literal (equal to it or starting
 * with it). False when the script cannot be read that far (a shell test with `[`/`test` or `case`
 * is not read: only `[[ … ]]`).
 */
export function isPromptHandler(info: ScriptInfo, argv?: string[]): boolean {
  const blocks = blockingSignals(info, argv)
  if (blocks.length === 0) return false
  if (info.code && (info.lang === 'python' || info.lang === 'js')) {
    const reader = new CodeReader(info.code, blocks)
    return blocks.every((b) => reader.behindTrigger(b.start, MAX_DEPTH))
  }
  if (info.shell && info.shell.ok !== false && info.lang === 'shell') {
    const sh = info.shell
    return blocks.every((b) => shellBehindTrigger(sh, b.start))
  }
  return false
}

// ---------------------------------------------------------------------------
// Python and JavaScript

function unwrap(n: Node | null | undefined): Node | undefined {
  let x = n ?? undefined
  while (x && (x.type === 'parenthesized_expression' || x.type === 'expression_statement') && x.namedChildCount === 1) {
    x = x.namedChild(0) ?? undefined
  }
  return x
}

function named(n: Node): Node[] {
  return n.namedChildren.filter((c): c is Node => c !== null && c.type !== 'comment')
}

/** The operator token of a comparison or binary expression (Python `not in` is two tokens). */
function operatorOf(n: Node): string | undefined {
  const ops = n.children.filter((c): c is Node => c !== null && !c.isNamed).map((c) => c.type)
  return ops.length ? ops.join(' ') : undefined
}

class CodeReader {
  private readonly py: boolean
  /** Every binding of a plain name, by name: its scope (a function's start, -1 at the top level) and the value (null: bound another way). */
  private readonly bindings = new Map<string, { scope: number; value: Node | null }[]>()
  constructor(
    private readonly code: GuardCode,
    /** The script's blocking paths. */
    private readonly blockRanges: Loc[]
  ) {
    this.py = code.parsed.lang === 'python'
    const root = code.parsed.root
    const add = (name: Node | null | undefined, value: Node | null): void => {
      if (name?.type !== 'identifier') return
      const list = this.bindings.get(name.text) ?? []
      list.push({ scope: scopeOf(name), value })
      this.bindings.set(name.text, list)
    }
    const params = (p: Node): void => {
      for (const c of named(p)) add(c.type === 'identifier' ? c : (c.childForFieldName('name') ?? c.childForFieldName('pattern') ?? named(c)[0]), null)
    }
    if (this.py) {
      for (const a of descendantsOfType(root, ['assignment', 'named_expression', 'augmented_assignment'])) {
        if (a.type === 'named_expression') add(a.childForFieldName('name'), a.childForFieldName('value'))
        else {
          const left = a.childForFieldName('left')
          if (left?.type === 'identifier') add(left, a.type === 'assignment' ? a.childForFieldName('right') : null)
          else for (const id of left ? descendantsOfType(left, 'identifier') : []) add(id, null)
        }
      }
      for (const f of descendantsOfType(root, ['for_statement', 'as_pattern'])) {
        const left = f.childForFieldName(f.type === 'for_statement' ? 'left' : 'alias')
        for (const id of left ? descendantsOfType(left, 'identifier') : []) add(id, null)
      }
      for (const p of descendantsOfType(root, ['parameters', 'lambda_parameters'])) params(p)
    } else {
      for (const d of descendantsOfType(root, 'variable_declarator')) {
        const name = d.childForFieldName('name')
        if (name?.type === 'identifier') add(name, d.childForFieldName('value'))
        else for (const id of name ? descendantsOfType(name, ['identifier', 'shorthand_property_identifier_pattern']) : []) add(id, null)
      }
      for (const a of descendantsOfType(root, ['assignment_expression', 'augmented_assignment_expression'])) {
        add(a.childForFieldName('left'), a.type === 'assignment_expression' ? a.childForFieldName('right') : null)
      }
      for (const p of descendantsOfType(root, 'formal_parameters')) params(p)
      for (const f of descendantsOfType(root, 'arrow_function')) add(f.childForFieldName('parameter'), null)
    }
  }

  /**
   * Values bound to the name `id` uses, in its scope (or, when that scope binds it nowhere, at the
   * top level), or undefined when it is unknown or also bound otherwise than by assignment.
   */
  private valuesOf(id: Node): Node[] | undefined {
    const list = this.bindings.get(id.text)
    if (!list) return undefined
    const scope = scopeOf(id)
    let here = list.filter((b) => b.scope === scope)
    if (here.length === 0) here = list.filter((b) => b.scope === -1)
    if (here.length === 0 || here.some((b) => b.value === null)) return undefined
    return here.map((b) => b.value!)
  }

  /** A literal string, a name bound only to literals, `A + B` of literals, or a loop variable over literals. */
  private literal(n: Node | null | undefined, loopVars: ReadonlySet<string>, depth: number): boolean {
    const x = unwrap(n)
    if (!x || depth < 0) return false
    if (x.type === 'string') return !x.namedChildren.some((c) => c?.type === 'interpolation')
    if (x.type === 'template_string') return !x.namedChildren.some((c) => c?.type === 'template_substitution')
    if (x.type === 'concatenated_string') return named(x).every((c) => this.literal(c, loopVars, depth))
    if (x.type === 'binary_operator' || x.type === 'binary_expression') {
      return operatorOf(x) === '+' && this.literal(x.childForFieldName('left'), loopVars, depth) && this.literal(x.childForFieldName('right'), loopVars, depth)
    }
    if (x.type === 'identifier') {
      if (loopVars.has(x.text)) return true
      const values = this.valuesOf(x)
      return values !== undefined && values.every((v) => this.literal(v, loopVars, depth - 1))
    }
    return false
  }

  /** A tuple, list, set or array of literals, or a name bound only to one. */
  private literals(n: Node | null | undefined, depth: number): boolean {
    const x = unwrap(n)
    if (!x || depth < 0) return false
    if (['tuple', 'list', 'set', 'array', 'frozenset'].includes(x.type)) {
      const items = named(x)
      return items.length > 0 && items.every((i) => this.literal(i, new Set(), depth))
    }
    if (x.type === 'identifier') {
      const values = this.valuesOf(x)
      return values !== undefined && values.every((v) => this.literals(v, depth - 1))
    }
    // `frozenset((...))`, `new Set([...])`, `tuple([...])`
    if ((x.type === 'call' || x.type === 'new_expression') && /^(?:frozenset|set|tuple|list|Set)$/.test(dottedName(x.childForFieldName(x.type === 'call' ? 'function' : 'constructor')) ?? '')) {
      const args = named(x.childForFieldName('arguments') ?? x)
      return args.length === 1 && this.literals(args[0], depth)
    }
    return false
  }

  /** Whether an expression holds the payload's `prompt` field, directly or through assignments. */
  private prompt(n: Node | null | undefined, depth: number, seen: Set<string> = new Set()): boolean {
    const x = unwrap(n)
    if (!x || depth < 0) return false
    const types = this.py ? ['call', 'subscript'] : ['member_expression', 'subscript_expression', 'call_expression']
    for (const d of [x, ...descendantsOfType(x, types)]) {
      if (d.type === 'call' || d.type === 'call_expression') {
        const fn = d.childForFieldName('function')
        const method = fn?.childForFieldName('attribute') ?? fn?.childForFieldName('property')
        const first = named(d.childForFieldName('arguments') ?? d)[0]
        if (method?.text === 'get' && first && this.isPromptKey(first)) return true
      } else if (d.type === 'subscript' || d.type === 'subscript_expression') {
        const idx = d.childForFieldName(this.py ? 'subscript' : 'index')
        if (idx && this.isPromptKey(idx)) return true
      } else if (d.type === 'member_expression') {
        if (d.childForFieldName('property')?.text === 'prompt') return true
      }
    }
    for (const id of x.type === 'identifier' ? [x] : descendantsOfType(x, 'identifier')) {
      if (seen.has(id.text)) continue
      seen.add(id.text)
      const values = this.valuesOf(id)
      if (values?.some((v) => this.prompt(v, depth - 1, seen))) return true
    }
    return false
  }

  private isPromptKey(n: Node): boolean {
    const x = unwrap(n)
    if (x?.type !== 'string') return false
    return x.namedChildren.filter((c) => c !== null && c.type !== 'string_start' && c.type !== 'string_end').map((c) => c!.text).join('') === 'prompt'
  }

  /** A comparison of the prompt with a literal: `==`/`!=` (`===`/`!==`), `in`/`not in` a literal collection. */
  private comparison(x: Node, loopVars: ReadonlySet<string>, depth: number): 'equal' | 'unequal' | undefined {
    let op: string | undefined
    let a: Node | undefined
    let b: Node | undefined
    if (x.type === 'comparison_operator') {
      const operands = named(x)
      if (operands.length !== 2) return undefined
      ;[a, b] = operands
      op = operatorOf(x)
    } else if (x.type === 'binary_expression') {
      a = x.childForFieldName('left') ?? undefined
      b = x.childForFieldName('right') ?? undefined
      op = operatorOf(x)
    } else return undefined
    if (!a || !b || !op) return undefined
    if (op === 'in' || op === 'not in') {
      if (!this.py || !this.prompt(a, depth) || !this.literals(b, depth)) return undefined
      return op === 'in' ? 'equal' : 'unequal'
    }
    if (!EQUAL.has(op) && !UNEQUAL.has(op)) return undefined
    const matches =
      (this.prompt(a, depth) && !this.literal(a, loopVars, depth) && this.literal(b, loopVars, depth)) ||
      (this.prompt(b, depth) && !this.literal(b, loopVars, depth) && this.literal(a, loopVars, depth))
    if (!matches) return undefined
    return EQUAL.has(op) ? 'equal' : 'unequal'
  }

  /**
   * Whether a condition holds only for a prompt matching a literal (`positive`), or fails only
   * for one (`negative`: when it is false, the prompt matched).
   */
  test(n: Node | null | undefined, want: 'positive' | 'negative', loopVars: ReadonlySet<string> = new Set(), depth = MAX_DEPTH): boolean {
    const x = unwrap(n)
    if (!x || depth < 0) return false
    const flip = want === 'positive' ? 'negative' : 'positive'
    if (x.type === 'not_operator') return this.test(x.childForFieldName('argument'), flip, loopVars, depth)
    if (x.type === 'unary_expression' && operatorOf(x) === '!') return this.test(x.childForFieldName('argument'), flip, loopVars, depth)
    const boolOp = x.type === 'boolean_operator' || (x.type === 'binary_expression' && ['&&', '||'].includes(operatorOf(x) ?? ''))
    if (boolOp) {
      const op = operatorOf(x)
      const left = x.childForFieldName('left')
      const right = x.childForFieldName('right')
      const and = op === 'and' || op === '&&'
      // `a and b` holds only when one does; `a or b` only when both can hold only so. Negated: the reverse.
      const either = (want === 'positive') === and
      return either
        ? this.test(left, want, loopVars, depth) || this.test(right, want, loopVars, depth)
        : this.test(left, want, loopVars, depth) && this.test(right, want, loopVars, depth)
    }
    const cmp = this.comparison(x, loopVars, depth)
    if (cmp) return (cmp === 'equal') === (want === 'positive')
    if (x.type === 'call' || x.type === 'call_expression') {
      const fn = x.childForFieldName('function')
      // `any(p == t for t in T)`: the generator is the arguments node itself.
      const argNode = x.childForFieldName('arguments')
      const args = argNode?.type === 'generator_expression' ? [argNode] : named(argNode ?? x)
      const method = fn?.childForFieldName('attribute') ?? fn?.childForFieldName('property')
      if (want === 'positive' && method && STARTS_WITH.has(method.text) && args.length === 1) {
        const subject = fn?.childForFieldName('object')
        // `prompt.startswith((">a", ">b"))` takes a tuple in Python.
        return this.prompt(subject, depth) && (this.literal(args[0], loopVars, depth) || (this.py && this.literals(args[0], depth)))
      }
      // `any(p == t or p.startswith(t + " ") for t in TRIGGERS)`
      if (want === 'positive' && this.py && dottedName(fn) === 'any' && args.length === 1 && args[0].type === 'generator_expression') {
        const gen = args[0]
        const clauses = named(gen).filter((c) => c.type === 'for_in_clause')
        if (clauses.length !== 1 || named(gen).some((c) => c.type === 'if_clause')) return false
        const v = clauses[0].childForFieldName('left')
        if (v?.type !== 'identifier' || !this.literals(clauses[0].childForFieldName('right'), depth)) return false
        return this.test(gen.childForFieldName('body'), 'positive', new Set([...loopVars, v.text]), depth)
      }
      // `['/a', '/b'].some((t) => p === t || p.startsWith(t))`
      if (want === 'positive' && !this.py && method?.text === 'some' && args.length === 1 && args[0].type === 'arrow_function') {
        const params = args[0].childForFieldName('parameters') ?? args[0].childForFieldName('parameter')
        const ids = params ? (params.type === 'identifier' ? [params] : descendantsOfType(params, 'identifier')) : []
        if (ids.length !== 1 || !this.literals(fn?.childForFieldName('object'), depth)) return false
        return this.test(args[0].childForFieldName('body'), 'positive', new Set([...loopVars, ids[0].text]), depth)
      }
      return false
    }
    // `is_trigger = prompt == TRIGGER or ...` then `if not is_trigger:`
    if (x.type === 'identifier' && !loopVars.has(x.text)) {
      const values = this.valuesOf(x)
      return values !== undefined && values.length === 1 && this.test(values[0], want, loopVars, depth - 1)
    }
    return false
  }

  /** Whether a statement is an `if` that sends every non-matching prompt away (exit 0 or return) and blocks nothing. */
  private sendsOthersAway(s: Node, blocks: (r: Loc) => boolean): boolean {
    if (s.type !== 'if_statement') return false
    if (!this.test(s.childForFieldName('condition'), 'negative')) return false
    const body = s.childForFieldName('consequence')
    if (!body || blocks({ start: body.startIndex, end: body.endIndex })) return false
    const stmts = BLOCKS.has(body.type) ? named(body) : [body]
    const last = unwrap(stmts[stmts.length - 1])
    if (!last) return false
    if (last.type === 'return_statement') return true
    return this.code.exits.some((e) => e.code === 0 && e.start >= last.startIndex && e.end <= last.endIndex)
  }

  /**
   * Whether the code at `off` runs only for a prompt that matches a literal: in the branch of an
   * `if` whose condition says so (or the `else` of one that says the reverse), after an `if` in an
   * enclosing block that sends every other prompt away, or in a function called only from such places.
   */
  behindTrigger(off: number, depth: number): boolean {
    if (depth < 0) return false
    const isBlock = (r: Loc): boolean => this.blockIn(r)
    for (let n: Node | null = nodeAt(this.code, off); n; n = n.parent) {
      const p: Node | null = n.parent
      if (!p) break
      if ((p.type === 'if_statement' || p.type === 'elif_clause') && p.childForFieldName('consequence')?.id === n.id) {
        if (this.test(p.childForFieldName('condition'), 'positive')) return true
      }
      // `if not matched: ... else: <here>`
      if (p.type === 'else_clause' && p.parent?.type === 'if_statement' && named(p.parent).filter((c) => c.type === 'elif_clause').length === 0) {
        if (this.test(p.parent.childForFieldName('condition'), 'negative')) return true
      }
      if (BLOCKS.has(p.type)) {
        for (const s of named(p)) {
          if (s.startIndex >= n.startIndex) break
          if (this.sendsOthersAway(s, isBlock)) return true
        }
      }
      if (SCOPES.has(p.type)) return this.callersBehind(p, depth - 1)
    }
    return false
  }

  /** Whether every call of the function `fn` is behind a trigger (it is called at least once). */
  private callersBehind(fn: Node, depth: number): boolean {
    const name = fn.childForFieldName('name')?.text ?? (fn.parent?.type === 'variable_declarator' ? fn.parent.childForFieldName('name')?.text : undefined)
    if (!name) return false
    const calls = descendantsOfType(this.code.parsed.root, this.py ? 'call' : 'call_expression').filter(
      (c) => dottedName(c.childForFieldName('function'))?.split('.').pop() === name && !(c.startIndex >= fn.startIndex && c.startIndex < fn.endIndex)
    )
    return calls.length > 0 && calls.every((c) => this.behindTrigger(c.startIndex, depth))
  }

  private blockIn(r: Loc): boolean {
    return this.blockRanges.some((b) => b.start >= r.start && b.start < r.end)
  }
}

/** The function holding a node (its start), or -1 at the top level. */
function scopeOf(n: Node): number {
  for (let p = n.parent; p; p = p.parent) if (SCOPES.has(p.type)) return p.startIndex
  return -1
}

// ---------------------------------------------------------------------------
// Shell

const GLOB = /[*?[]/

/** A literal word: no expansion, no glob but a trailing `*` (a prefix). */
function shellLiteral(w: ShellWord | undefined): boolean {
  if (!w || !w.literal) return false
  const body = w.text.endsWith('*') ? w.text.slice(0, -1) : w.text
  return body.length > 0 && !GLOB.test(body)
}

/** Shell variables that hold the payload's `prompt` field: assigned from a `jq` filter reading `.prompt`, or from another such variable. */
function promptVars(sh: ShellScript): Set<string> {
  const out = new Set<string>()
  for (let round = 0; round < MAX_DEPTH; round++) {
    const before = out.size
    for (const c of sh.commands) {
      for (const a of c.assignments) {
        const raw = a.value.raw
        if (/\.prompt\b/.test(raw) || [...out].some((v) => raw.includes(`$${v}`) || raw.includes(`\${${v}`))) out.add(a.name)
      }
    }
    if (out.size === before) break
  }
  return out
}

/** The variable a word expands, when it is only that (`"$prompt"`, `${prompt}`). */
function wordVar(w: ShellWord | undefined): string | undefined {
  return w ? /^\$\{?([A-Za-z_][A-Za-z0-9_]*)\}?$/.exec(w.text)?.[1] : undefined
}

/** Whether a shell condition (a range) holds only for a prompt matching a literal, or fails only for one. */
function shellTest(sh: ShellScript, vars: Set<string>, r: Loc, want: 'positive' | 'negative'): boolean {
  const inside = (x: Loc): boolean => x.start >= r.start && x.end <= r.end
  // Conditions joined by `||`, or commands beside the tests, are not read.
  if ((sh.andOrs ?? []).some((o) => inside(o) && o.op === '||')) return false
  const tests = sh.tests.filter(inside)
  if (tests.length === 0 || sh.commands.some((c) => inside(c) && !c.inSubstitution)) return false
  const says = tests.map((t) => {
    if (t.operands.length !== 2 || !['==', '=', '!='].includes(t.op)) return undefined
    const [a, b] = t.operands
    const v = wordVar(a)
    if (!v || !vars.has(v) || !shellLiteral(b)) return undefined
    return (t.op === '!=') !== t.negated ? 'negative' : 'positive'
  })
  // `[[ a ]] && [[ b ]]` holds only when both do: positive if one is; it fails when either fails: negative only alone.
  return want === 'positive' ? says.includes('positive') : tests.length === 1 && says[0] === 'negative'
}

/** Shell: whether the code at `off` runs only for a prompt matching a literal. */
function shellBehindTrigger(sh: ShellScript, off: number): boolean {
  const vars = promptVars(sh)
  if (vars.size === 0) return false
  const fnAt = (x: number): unknown => sh.functions?.find((f) => x >= f.start && x < f.end)
  const within = (x: number, r: Loc): boolean => x >= r.start && x < r.end
  for (const f of sh.ifs) {
    if (within(off, f.then) && shellTest(sh, vars, f.cond, 'positive')) return true
    if (f.else && within(off, f.else) && shellTest(sh, vars, f.cond, 'negative')) return true
  }
  // Sent away before: `if [[ "$p" != ">x"* ]]; then exit 0; fi`, `[[ "$p" == ">x"* ]] || exit 0`.
  const exit0 = (r: Loc): boolean => {
    const cmds = sh.commands.filter((c) => c.start >= r.start && c.end <= r.end && !c.inSubstitution)
    const last = cmds[cmds.length - 1]
    return last !== undefined && sh.exitCodes.some((e) => e.code === 0 && e.start === last.start)
  }
  const topLevel = (x: Loc): boolean => fnAt(x.start) === undefined && !sh.ifs.some((f) => x.start > f.start && x.start < f.end)
  for (const f of sh.ifs) {
    if (f.end > off || !f.mainFlow || f.else) continue
    if (shellTest(sh, vars, f.cond, 'negative') && exit0(f.then)) return true
  }
  for (const o of sh.andOrs ?? []) {
    if (o.end > off || !topLevel(o)) continue
    const want = o.op === '||' ? 'positive' : 'negative'
    if (shellTest(sh, vars, o.left, want) && exit0(o.right)) return true
  }
  return false
}
