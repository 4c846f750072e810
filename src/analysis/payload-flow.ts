/**
 * Where a Python or JavaScript/TypeScript hook script's stdin payload goes,
 * read from the syntax tree (tree-sitter).
 *
 * Names are resolved by scope: a Python function's locals (unless declared
 * `global`/`nonlocal`), comprehension variables, JavaScript `var` (function
 * scope), `let`/`const`/classes/function declarations (block scope),
 * parameters, catch parameters and imports. A binding carries payload data
 * when a value that does is assigned to it (plain, augmented, destructuring,
 * walrus, `for` targets, `with ... as`), when a call site passes such a value
 * to it as a parameter (by position, keyword, `*args`/rest), when it is the
 * parameter of a callback handed to a method of a payload-carrying object
 * (`process.stdin.on('data', chunk => ...)`, `items.forEach(...)`), or when it
 * is bound from a call to a local function that returns such a value. The
 * analysis is flow-insensitive (any assignment counts) and
 * context-insensitive (a parameter tainted at one call site is tainted at
 * all), like the name-based reading it replaces, but a parameter that merely
 * shares a payload variable's name is its own binding.
 *
 * Sources: Python `sys.stdin` (and `from sys import stdin`), `input()`,
 * `open(0)` / `open("/dev/stdin")`, `os.read(0, ...)`; JavaScript
 * `process.stdin`, `Bun.stdin`, `readFileSync(0 | "/dev/stdin")` and the
 * buffer `readSync(0, buf)` fills, and a `new Promise` whose executor resolves
 * with payload data.
 */
import type { Node, ParsedCode } from '../parse/code.js'
import { anchoredPlain, capturesPlainText } from './regex-capture.js'

type Lang = 'python' | 'js'

interface Scope {
  node: Node
  parent?: Scope
  kind: 'module' | 'function' | 'block' | 'class'
  names: Map<string, Binding>
  globals?: Set<string>
  nonlocals?: Set<string>
}

/** One name in one scope. */
export interface Binding {
  name: string
  scope: Scope
  /** Expressions assigned to it (aliases, constructors, functions). */
  values: Node[]
  /** Function definitions bound to it. */
  fns: Node[]
  /** Qualified names it is imported as (`subprocess.run`, `child_process`). */
  imports: string[]
  /** Declared somewhere in the file (false: a builtin or global). */
  declared: boolean
}

/** What flows where: computed once per parsed file. */
export interface PayloadFlow {
  parsed: ParsedCode
  lang: Lang
  /** Whether any name carries payload data. */
  any: boolean
  /** The first payload-carrying name (or source) in an expression, in source order. */
  why(node: Node): string | undefined
  /** Every payload-carrying name (or source) in an expression, in source order. */
  whyAll(node: Node): string[]
  /** The binding an identifier refers to. */
  resolve(id: Node): Binding | undefined
  /** A callee's qualified name (`subprocess.run`, `child_process.execSync`) and the calls on the way (`Anthropic()` of `client.messages.create`). */
  qualify(node: Node): { name: string; via: Node[] } | undefined
  /** Every call (`call`, `call_expression`, `new_expression`) in source order. */
  calls: Node[]
  /** Local function definitions a call's callee refers to. */
  calleeFns(call: Node): Node[]
  /** The innermost function (definition, lambda, arrow ...) a node is in. */
  fnOf(node: Node): Node | undefined
}

/** Syntax nodes that start a function (its body runs only when called), per language. */
export const PY_FUNCS: ReadonlySet<string> = new Set(['function_definition', 'lambda'])
export const JS_FUNCS: ReadonlySet<string> = new Set([
  'function_declaration',
  'generator_function_declaration',
  'function_expression',
  'function',
  'generator_function',
  'arrow_function',
  'method_definition'
])
const PY_SCOPES = new Set([
  'module',
  'function_definition',
  'lambda',
  'class_definition',
  'list_comprehension',
  'set_comprehension',
  'dictionary_comprehension',
  'generator_expression'
])
const JS_BLOCKS = new Set(['statement_block', 'for_statement', 'for_in_statement', 'catch_clause', 'class_body'])

/** Reads of a value an allow-list test can confine. */
const READS = new Set(['identifier', 'member_expression', 'attribute', 'subscript', 'subscript_expression'])

/** Expression nesting followed (deeper parts of pathological code are not read). */
const MAX_DEPTH = 400

/** Nodes the second pass reads (assignments, returns). */
const PASS2 = new Set([
  'assignment',
  'augmented_assignment',
  'assignment_expression',
  'augmented_assignment_expression',
  'named_expression',
  'variable_declarator',
  'for_statement',
  'for_in_clause',
  'for_in_statement',
  'as_pattern',
  'return_statement',
  'yield',
  'arrow_function',
  'lambda'
])

/** JavaScript calls that read a file's contents, by qualified name. */
const JS_FILE_READ =
  /^(?:fs|fs\/promises|fs\.promises|fs-extra|graceful-fs)\.(?:readFileSync|readFile|createReadStream|readJson|readJsonSync|readJSON|readJSONSync)\(\)$/
/** JavaScript calls that write a file (path first, then the data), by qualified name. */
const JS_FILE_WRITE =
  /^(?:fs|fs\/promises|fs\.promises|fs-extra|graceful-fs)\.(?:writeFileSync|writeFile|appendFileSync|appendFile|outputFile|outputFileSync|writeJson|writeJsonSync|writeJSON|writeJSONSync|outputJson|outputJsonSync)\(\)$/
/** Python's `open` (builtin, `io`, `codecs`), by qualified name of the call. */
const PY_OPEN = /^(?:(?:io|codecs|builtins)\.)?open\(\)$/
/**
 * Payload fields that name a file whose contents the session produced: the transcripts, and the
 * file a tool reads or writes (Read/Write/Edit `file_path`, NotebookEdit `notebook_path`,
 * `tool_response.filePath`).
 */
const PAYLOAD_FILE_FIELDS: ReadonlySet<string> = new Set(['transcript_path', 'agent_transcript_path', 'file_path', 'notebook_path', 'filePath'])
/** Variable names that hold such a field (`transcriptPath`, `file_path`, `notebookPath`). */
const PAYLOAD_FILE_NAME = /^(?:(?:agent_?)?transcript_?path|file_?path|notebook_?path)$/i

const flows = new WeakMap<ParsedCode, PayloadFlow | null>()

/**
 * The payload flow of a Python or JavaScript/TypeScript file (memoised);
 * undefined when the file defeats the analysis (it then reports nothing).
 */
export function payloadFlow(parsed: ParsedCode): PayloadFlow | undefined {
  let f = flows.get(parsed)
  if (f === undefined) {
    try {
      f = analyse(parsed)
    } catch {
      f = null
    }
    flows.set(parsed, f)
  }
  return f ?? undefined
}

function field(n: Node, name: string): Node | undefined {
  return n.childForFieldName(name) ?? undefined
}

/** The text of a string literal without quotes (undefined when it interpolates). */
export function literalText(n: Node): string | undefined {
  if (n.type === 'string') {
    if (n.namedChildren.some((c) => c?.type === 'interpolation' || c?.type === 'template_substitution'))
      return undefined
    return n.namedChildren
      .filter(
        (c): c is Node =>
          c !== null && (c.type === 'string_content' || c.type === 'string_fragment' || c.type === 'escape_sequence')
      )
      .map((c) => c.text)
      .join('')
  }
  if (n.type === 'template_string' && !n.namedChildren.some((c) => c?.type === 'template_substitution'))
    return n.text.slice(1, -1)
  return undefined
}

function analyse(parsed: ParsedCode): PayloadFlow {
  const lang: Lang = parsed.lang === 'python' ? 'python' : 'js'
  const FUNCS = lang === 'python' ? PY_FUNCS : JS_FUNCS
  const scopes = new Map<number, Scope>()
  const root = parsed.root
  const moduleScope: Scope = { node: root, kind: 'module', names: new Map() }
  scopes.set(root.id, moduleScope)
  const calls: Node[] = []
  const withAs = new Set<number>()
  const fnNodes: Node[] = []

  const isScopeNode = (n: Node): boolean =>
    lang === 'python' ? PY_SCOPES.has(n.type) : n.type === 'program' || FUNCS.has(n.type) || JS_BLOCKS.has(n.type)

  // Per node id, recorded while walking down (Node.parent is a walk from the root in web-tree-sitter).
  const scopeOfNode = new Map<number, Scope>()
  const fnOfNode = new Map<number, Node | undefined>()
  const classOfNode = new Map<number, Node | undefined>()
  const scopeAt = (n: Node): Scope => scopeOfNode.get(n.id) ?? moduleScope
  const fnScope = (s: Scope): Scope => {
    let x = s
    while (x.kind === 'block' && x.parent) x = x.parent
    return x
  }
  function binding(s: Scope, name: string, declared = true): Binding {
    let b = s.names.get(name)
    if (!b) s.names.set(name, (b = { name, scope: s, values: [], fns: [], imports: [], declared }))
    if (declared) b.declared = true
    return b
  }
  function declare(s: Scope, name: string): Binding {
    if (lang === 'python') {
      if (s.globals?.has(name)) return binding(moduleScope, name)
      if (s.nonlocals?.has(name)) return lookup(s.parent ?? moduleScope, name)
    }
    return binding(s, name)
  }
  function lookup(from: Scope, name: string): Binding {
    if (lang === 'python' && from.globals?.has(name)) return binding(moduleScope, name, false)
    for (let s: Scope | undefined = from; s; s = s.parent) {
      if (lang === 'python' && s.kind === 'class' && s !== from) continue
      const b = s.names.get(name)
      if (b) return b
    }
    return binding(moduleScope, name, false)
  }

  // Names a target pattern binds (identifiers), and the member/subscript targets it writes.
  function patternNames(n: Node, out: Node[] = [], members: Node[] = [], depth = 0): Node[] {
    if (depth > MAX_DEPTH) return out
    switch (n.type) {
      case 'identifier':
      case 'shorthand_property_identifier_pattern':
        out.push(n)
        break
      case 'attribute':
      case 'member_expression':
      case 'subscript':
      case 'subscript_expression':
        members.push(n)
        break
      case 'pair_pattern': {
        const v = field(n, 'value')
        if (v) patternNames(v, out, members, depth + 1)
        break
      }
      case 'assignment_pattern':
      case 'object_assignment_pattern': {
        const l = field(n, 'left')
        if (l) patternNames(l, out, members, depth + 1)
        break
      }
      case 'required_parameter':
      case 'optional_parameter': {
        const p = field(n, 'pattern')
        if (p) patternNames(p, out, members, depth + 1)
        break
      }
      case 'default_parameter':
      case 'typed_default_parameter': {
        const p = field(n, 'name')
        if (p) patternNames(p, out, members, depth + 1)
        break
      }
      case 'typed_parameter':
      case 'list_splat_pattern':
      case 'dictionary_splat_pattern':
      case 'as_pattern_target':
      case 'rest_pattern':
      case 'pattern_list':
      case 'tuple_pattern':
      case 'list_pattern':
      case 'tuple':
      case 'list':
      case 'parenthesized_expression':
      case 'object_pattern':
      case 'array_pattern':
      case 'expression_list':
      case 'list_splat':
        for (const c of n.namedChildren)
          if (c && c.type !== 'type' && c.type !== 'comment') patternNames(c, out, members, depth + 1)
        break
      default:
        break
    }
    return out
  }

  /** Parameters of a function in order: names and their kind. */
  function params(fn: Node): { names: Node[]; rest: boolean; kw: boolean; keywordOnly: boolean }[] {
    const ps = field(fn, 'parameters')
    if (!ps) {
      // `x => x`
      const p = fn.type === 'arrow_function' ? field(fn, 'parameter') : undefined
      return p ? [{ names: [p], rest: false, kw: false, keywordOnly: false }] : []
    }
    const out: { names: Node[]; rest: boolean; kw: boolean; keywordOnly: boolean }[] = []
    let keywordOnly = false
    for (const c of ps.namedChildren) {
      if (!c || c.type === 'comment') continue
      if (c.type === 'keyword_separator') {
        keywordOnly = true
        continue
      }
      if (c.type === 'positional_separator') continue
      const rest =
        c.type === 'list_splat_pattern' ||
        c.type === 'rest_pattern' ||
        (c.type === 'required_parameter' && field(c, 'pattern')?.type === 'rest_pattern')
      const kw = c.type === 'dictionary_splat_pattern'
      out.push({ names: patternNames(c), rest, kw, keywordOnly })
      if (rest) keywordOnly = true
    }
    return out
  }

  // Pass 1: scopes and declarations.
  const declareStack: { n: Node; outer: Scope; fn?: Node; cls?: Node }[] = [{ n: root, outer: moduleScope }]
  const later: Node[] = []
  while (declareStack.length) {
    const { n, outer, fn: inFn, cls: inClass } = declareStack.pop()!
    let s = outer
    if (n !== root && isScopeNode(n)) {
      const kind: Scope['kind'] = n.type === 'class_definition' ? 'class' : JS_BLOCKS.has(n.type) ? 'block' : 'function'
      s = { node: n, parent: outer, kind, names: new Map() }
      scopes.set(n.id, s)
    }
    scopeOfNode.set(n.id, s)
    fnOfNode.set(n.id, inFn)
    classOfNode.set(n.id, inClass)
    if (FUNCS.has(n.type)) {
      fnNodes.push(n)
      for (const p of params(n)) for (const id of p.names) declare(s, id.text)
      const name = field(n, 'name')
      if (name && n.type !== 'method_definition') {
        // A declaration names the function in the enclosing scope; a named function expression in its own.
        const named =
          n.type === 'function_expression' || n.type === 'function' || n.type === 'generator_function' ? s : outer
        declare(named, name.text).fns.push(n)
      }
    }
    switch (n.type) {
      case 'class_definition':
      case 'class_declaration': {
        const name = field(n, 'name')
        if (name) declare(lang === 'python' ? outer : s, name.text)
        break
      }
      case 'global_statement':
      case 'nonlocal_statement': {
        const set = new Set(n.namedChildren.filter((c): c is Node => c?.type === 'identifier').map((c) => c.text))
        if (n.type === 'global_statement') s.globals = new Set([...(s.globals ?? []), ...set])
        else s.nonlocals = new Set([...(s.nonlocals ?? []), ...set])
        break
      }
      case 'import_statement':
        if (lang === 'python') {
          for (const c of n.namedChildren) {
            if (c?.type === 'dotted_name') declare(s, c.namedChildren[0]!.text).imports.push(c.namedChildren[0]!.text)
            else if (c?.type === 'aliased_import') {
              const alias = field(c, 'alias')
              if (alias) declare(s, alias.text).imports.push(field(c, 'name')!.text)
            }
          }
        } else {
          const src = field(n, 'source')
          const mod = src ? moduleName(literalText(src) ?? '') : ''
          const clause = n.namedChildren.find((c) => c?.type === 'import_clause')
          for (const c of clause?.namedChildren ?? []) {
            if (!c) continue
            if (c.type === 'identifier') declare(s, c.text).imports.push(mod)
            else if (c.type === 'namespace_import') {
              const id = c.namedChildren.find((x) => x?.type === 'identifier')
              if (id) declare(s, id.text).imports.push(mod)
            } else if (c.type === 'named_imports') {
              for (const spec of c.namedChildren) {
                if (spec?.type !== 'import_specifier') continue
                const name = field(spec, 'name')!
                const alias = field(spec, 'alias') ?? name
                declare(s, alias.text).imports.push(`${mod}.${name.text}`)
              }
            }
          }
        }
        break
      case 'import_from_statement': {
        const mod = field(n, 'module_name')?.text ?? ''
        for (const c of n.childrenForFieldName('name')) {
          if (!c) continue
          if (c.type === 'dotted_name') declare(s, c.text).imports.push(`${mod}.${c.text}`)
          else if (c.type === 'aliased_import') {
            const alias = field(c, 'alias')
            if (alias) declare(s, alias.text).imports.push(`${mod}.${field(c, 'name')!.text}`)
          }
        }
        break
      }
      case 'assignment':
      case 'augmented_assignment':
        for (const id of patternNames(field(n, 'left')!)) declare(s, id.text)
        break
      case 'named_expression': {
        const name = field(n, 'name')
        if (name) declare(s, name.text)
        break
      }
      case 'for_statement':
      case 'for_in_clause':
        if (lang === 'python') for (const id of patternNames(field(n, 'left')!)) declare(s, id.text)
        break
      case 'for_in_statement': {
        const left = field(n, 'left')
        const kind = field(n, 'kind')?.text
        if (left && kind) for (const id of patternNames(left)) declare(kind === 'var' ? fnScope(s) : s, id.text)
        break
      }
      case 'as_pattern': {
        const alias = field(n, 'alias')
        if (alias) for (const id of patternNames(alias)) declare(s, id.text)
        break
      }
      case 'variable_declaration':
      case 'lexical_declaration':
        for (const d of n.namedChildren) {
          if (d?.type !== 'variable_declarator') continue
          for (const id of patternNames(field(d, 'name')!))
            declare(n.type === 'variable_declaration' ? fnScope(s) : s, id.text)
        }
        break
      case 'catch_clause': {
        const p = field(n, 'parameter')
        if (p) for (const id of patternNames(p)) declare(s, id.text)
        break
      }
      case 'call':
      case 'call_expression':
      case 'new_expression':
        calls.push(n)
        break
    }
    if (PASS2.has(n.type)) later.push(n)
    const fn = FUNCS.has(n.type) ? n : inFn
    const cls = n.type === 'class_definition' || n.type === 'class_body' ? n : inClass
    for (let i = n.namedChildCount - 1; i >= 0; i--) {
      const c = n.namedChild(i)
      if (!c) continue
      if (n.type === 'with_item' && c.type === 'as_pattern') withAs.add(c.id)
      declareStack.push({ n: c, outer: s, fn, cls })
    }
  }
  calls.sort((a, b) => a.startIndex - b.startIndex)

  const resolved = new Map<number, Binding>()
  function resolve(id: Node): Binding | undefined {
    if (
      id.type !== 'identifier' &&
      id.type !== 'shorthand_property_identifier' &&
      id.type !== 'shorthand_property_identifier_pattern'
    )
      return undefined
    let b = resolved.get(id.id)
    if (!b) resolved.set(id.id, (b = lookup(scopeAt(id), id.text)))
    return b
  }

  // Pass 2: assignments (target ← value) and returns.
  interface Assign {
    targets: Binding[]
    value: Node
  }
  const assigns: Assign[] = []
  const returns = new Map<number, Node[]>()
  const fields = new Map<string, Binding>()
  const fieldOf = (m: Node): Binding | undefined => {
    const obj = field(m, 'object')
    const prop = field(m, lang === 'python' ? 'attribute' : 'property')
    if (!obj || !prop || !['self', 'cls', 'this'].includes(obj.text)) return undefined
    const key = `${obj.text}.${prop.text}`
    let b = fields.get(key)
    if (!b) fields.set(key, (b = { name: key, scope: moduleScope, values: [], fns: [], imports: [], declared: true }))
    return b
  }
  function rootBinding(m: Node): Binding | undefined {
    const f = fieldOf(m)
    if (f) return f
    let o: Node | undefined = m
    while (o && ['attribute', 'member_expression', 'subscript', 'subscript_expression'].includes(o.type))
      o = field(o, o.type === 'subscript' ? 'value' : 'object')
    return o ? resolve(o) : undefined
  }
  function targets(pattern: Node): Binding[] {
    const members: Node[] = []
    const ids = patternNames(pattern, [], members)
    const out = ids.map((id) => resolve(id)).filter((b): b is Binding => b !== undefined)
    for (const m of members) {
      const b = rootBinding(m)
      if (b) out.push(b)
    }
    return out
  }
  const destructured: [Node, Node][] = []
  function assign(pattern: Node | undefined, value: Node | undefined): void {
    if (!pattern || !value) return
    if (pattern.type === 'object_pattern') destructured.push([pattern, value])
    const ts = targets(pattern)
    if (ts.length === 0) return
    assigns.push({ targets: ts, value })
    if (pattern.type === 'identifier') ts[0].values.push(value)
    if (FUNCS.has(value.type)) for (const t of ts) t.fns.push(value)
  }
  const nearestFn = (n: Node): Node | undefined => fnOfNode.get(n.id)
  for (const n of later) {
    switch (n.type) {
      case 'assignment':
      case 'augmented_assignment':
      case 'assignment_expression':
      case 'augmented_assignment_expression':
        assign(field(n, 'left'), field(n, 'right'))
        break
      case 'named_expression':
        assign(field(n, 'name'), field(n, 'value'))
        break
      case 'variable_declarator':
        assign(field(n, 'name'), field(n, 'value'))
        break
      case 'for_statement':
      case 'for_in_clause':
        if (lang === 'python') assign(field(n, 'left'), field(n, 'right'))
        break
      case 'for_in_statement':
        assign(field(n, 'left'), field(n, 'right'))
        break
      case 'as_pattern':
        if (withAs.has(n.id)) assign(field(n, 'alias'), n.namedChildren[0] ?? undefined)
        break
      case 'return_statement':
      case 'yield': {
        const fn = nearestFn(n)
        const v = n.namedChildren.find((c) => c && c.type !== 'comment')
        if (fn && v) returns.set(fn.id, [...(returns.get(fn.id) ?? []), v])
        break
      }
      case 'arrow_function':
      case 'lambda': {
        const body = field(n, 'body')
        if (body && body.type !== 'statement_block') returns.set(n.id, [...(returns.get(n.id) ?? []), body])
        break
      }
    }
  }

  const tainted = new Set<Binding>()
  const taintedNodes = new Set<number>()
  const returnsTaint = new Set<number>()

  // Qualified names (import chains, aliases, `require`), memoised per node.
  type Qualified = { name: string; via: Node[] }
  const qualified = new Map<number, Qualified | null>()
  function qualify(n: Node, depth = 0): Qualified | undefined {
    if (depth > 40) return undefined
    const hit = qualified.get(n.id)
    if (hit !== undefined) return hit ?? undefined
    qualified.set(n.id, null) // a cycle (x = y; y = x) reads as unknown
    const q = qualifyNode(n, depth)
    qualified.set(n.id, q ?? null)
    return q
  }
  function qualifyNode(n: Node, depth: number): Qualified | undefined {
    switch (n.type) {
      case 'identifier': {
        const b = resolve(n)
        if (!b) return undefined
        if (b.imports.length) return { name: b.imports[0], via: [] }
        for (const v of b.values) {
          const q = qualify(v, depth + 1)
          if (q) return q
        }
        return b.declared || b.fns.length ? undefined : { name: n.text, via: [] }
      }
      case 'attribute':
      case 'member_expression': {
        const obj = field(n, 'object')
        const prop = field(n, lang === 'python' ? 'attribute' : 'property')
        const q = obj ? qualify(obj, depth + 1) : undefined
        return q && prop ? { name: `${q.name}.${prop.text}`, via: q.via } : undefined
      }
      case 'call':
      case 'call_expression': {
        const fn = field(n, 'function')
        const args = field(n, 'arguments')
        if (!fn) return undefined
        if (lang === 'js' && (fn.text === 'require' || fn.type === 'import')) {
          const a = args?.namedChildren.find((c) => c?.type === 'string')
          const m = a ? literalText(a) : undefined
          return m !== undefined ? { name: moduleName(m), via: [] } : undefined
        }
        const q = qualify(fn, depth + 1)
        if (q && /(?:^|\.)promisify$/.test(q.name)) {
          const a = args?.namedChildren.find((c) => c && c.type !== 'comment')
          return a ? qualify(a, depth + 1) : undefined
        }
        return q ? { name: `${q.name}()`, via: [...q.via, n] } : undefined
      }
      case 'new_expression': {
        const c = field(n, 'constructor')
        const q = c ? qualify(c, depth + 1) : undefined
        return q ? { name: `${q.name}()`, via: [...q.via, n] } : undefined
      }
      case 'await_expression':
      case 'await':
      case 'parenthesized_expression':
      case 'non_null_expression':
      case 'as_expression': {
        const c = n.namedChildren.find((x) => x && x.type !== 'comment')
        return c ? qualify(c, depth + 1) : undefined
      }
      default:
        return undefined
    }
  }

  function calleeFns(call: Node): Node[] {
    const fn = field(call, lang === 'js' && call.type === 'new_expression' ? 'constructor' : 'function')
    if (!fn) return []
    if (fn.type === 'identifier') {
      const b = resolve(fn)
      return b && b.imports.length === 0 ? b.fns : []
    }
    // self.method(...) / this.method(...): a method of the enclosing class.
    if (
      (fn.type === 'attribute' || fn.type === 'member_expression') &&
      ['self', 'cls', 'this'].includes(field(fn, 'object')?.text ?? '')
    ) {
      const name = field(fn, lang === 'python' ? 'attribute' : 'property')?.text
      const p = classOfNode.get(call.id)
      if (p) {
        const body = p.type === 'class_definition' ? field(p, 'body') : p
        return (body?.namedChildren ?? []).flatMap((c) => {
          const d = c?.type === 'decorated_definition' ? field(c, 'definition') : c
          return d &&
            (d.type === 'function_definition' || d.type === 'method_definition') &&
            field(d, 'name')?.text === name
            ? [d]
            : []
        })
      }
    }
    return []
  }

  function isSource(n: Node): boolean {
    const q =
      n.type === 'identifier' ||
      n.type === 'attribute' ||
      n.type === 'member_expression' ||
      n.type === 'call' ||
      n.type === 'call_expression'
        ? qualify(n)
        : undefined
    if (!q) return false
    if (lang === 'python') {
      if (q.name === 'sys.stdin') return true
      const args = n.type === 'call' ? argList(n) : undefined
      if (!args) return false
      if (q.name === 'input()') return true
      const first = args[0]
      if (q.name === 'open()' || q.name === 'io.open()' || q.name === 'os.read()')
        return first !== undefined && (first.text === '0' || literalText(first) === '/dev/stdin')
      return false
    }
    if (q.name === 'process.stdin' || q.name === 'Bun.stdin') return true
    if (
      /^fs(?:\/promises)?\.readFileSync\(\)$|^fs\.promises\.readFile\(\)$|^fs\/promises\.readFile\(\)$|^fs\.readFile\(\)$/.test(
        q.name
      ) ||
      q.name === 'readFileSync()'
    ) {
      const first = argList(n)[0]
      return (
        first !== undefined &&
        (first.text === '0' || literalText(first) === '/dev/stdin' || first.text === 'process.stdin.fd')
      )
    }
    return false
  }

  const argList = (call: Node): Node[] =>
    (field(call, 'arguments')?.namedChildren ?? []).filter((c): c is Node => c !== null && c.type !== 'comment')

  /** Python `open(path, mode)`: the mode, when written as a literal (`'r'` when left out). */
  function openMode(call: Node): string | undefined {
    const args = argList(call)
    const kw = args.find((a) => a.type === 'keyword_argument' && field(a, 'name')?.text === 'mode')
    const m = kw ? field(kw, 'value') : args[1]?.type === 'keyword_argument' ? undefined : args[1]
    return m === undefined ? 'r' : literalText(m)
  }

  /**
   * The path a call reads a file's contents from (`fs.readFileSync(p)`, `fs.promises.readFile(p)`,
   * `fs.createReadStream(p)`, Python `open(p)`, `Path(p).read_text()`); undefined for other calls.
   */
  function fileReadPath(n: Node): Node | undefined {
    const fn = field(n, 'function')
    if (!fn) return undefined
    if (lang === 'python') {
      if (fn.type === 'attribute' && /^read_(?:text|bytes)$/.test(field(fn, 'attribute')?.text ?? '')) return field(fn, 'object')
      if (!PY_OPEN.test(qualify(n)?.name ?? '')) return undefined
      const mode = openMode(n)
      return mode !== undefined && /[wax]/.test(mode) ? undefined : argList(n)[0]
    }
    return JS_FILE_READ.test(qualify(n)?.name ?? '') ? argList(n)[0] : undefined
  }

  let writes: { path: Node; data: Node[] }[] | undefined
  /**
   * Files the script writes, with the expressions it writes to them: `fs.writeFileSync(p, d)`
   * (and `appendFile`, fs-extra's `outputFile`/`writeJson`), Python `Path(p).write_text(d)`,
   * `open(p, 'w').write(d)`, `json.dump(d, open(p, 'w'))` and the body of
   * `with open(p, 'w') as f:`.
   */
  function fileWrites(): { path: Node; data: Node[] }[] {
    if (writes) return writes
    writes = []
    for (const c of calls) {
      const fn = field(c, 'function')
      if (!fn) continue
      const args = argList(c)
      if (lang === 'js') {
        if (JS_FILE_WRITE.test(qualify(c)?.name ?? '') && args[0]) writes.push({ path: args[0], data: args.slice(1) })
        continue
      }
      if (fn.type === 'attribute' && /^write_(?:text|bytes)$/.test(field(fn, 'attribute')?.text ?? '')) {
        const obj = field(fn, 'object')
        if (obj) writes.push({ path: obj, data: args })
        continue
      }
      if (!PY_OPEN.test(qualify(c)?.name ?? '') || !args[0]) continue
      const mode = openMode(c)
      if (mode !== undefined && !/[wax]/.test(mode)) continue
      // What is written through the handle: the statement (a `with` block's body) or call around it.
      let data: Node[] = []
      for (let up = c.parent, k = 0; up && k < 4; up = up.parent, k++) {
        if (up.type === 'with_statement') {
          const body = field(up, 'body')
          data = body ? [body] : []
          break
        }
        if (up.type === 'call' && up.id !== c.id) {
          // `open(p, 'w').write(d)`, `json.dump(d, open(p, 'w'))`: the other arguments.
          data = argList(up).filter((a) => a.endIndex <= c.startIndex || a.startIndex >= c.endIndex)
          break
        }
        if (up.type === 'expression_statement' || up.type === 'block') break
      }
      writes.push({ path: args[0], data })
    }
    return writes
  }

  /** Whether the script writes payload data to the file at `path` (the same expression). */
  function wrotePayload(path: Node): boolean {
    const text = path.text.replace(/\s+/g, '')
    return fileWrites().some((w) => w.path.text.replace(/\s+/g, '') === text && w.data.some((d) => why(d) !== undefined))
  }

  /**
   * The key an object pattern reads into a binding (`{ file_path }`, `{ file_path: p }`); null
   * for a computed key; undefined when no object pattern of an assignment binds it.
   */
  function destructuredKey(b: Binding): string | null | undefined {
    const walk = (n: Node, depth: number): string | null | undefined => {
      if (depth > 8) return undefined
      for (const c of n.namedChildren) {
        if (!c) continue
        if (c.type === 'shorthand_property_identifier_pattern' && resolve(c) === b) return c.text
        if (c.type === 'pair_pattern') {
          let v = field(c, 'value')
          if (v?.type === 'assignment_pattern') v = field(v, 'left')
          if (v?.type === 'identifier' && resolve(v) === b) {
            const k = field(c, 'key')
            if (!k) return null
            return k.type === 'property_identifier' ? k.text : (literalText(k) ?? null)
          }
        }
        if (c.type === 'object_assignment_pattern' && field(c, 'left')?.type === 'shorthand_property_identifier_pattern') {
          const l = field(c, 'left')!
          if (resolve(l) === b) return l.text
        }
        const r = walk(c, depth + 1)
        if (r !== undefined) return r
      }
      return undefined
    }
    for (const [pattern] of destructured) {
      const r = walk(pattern, 0)
      if (r !== undefined) return r
    }
    return undefined
  }

  let paramSites: Map<Binding, Node[]> | undefined
  /** Every parameter of a local function, with the arguments the script's calls pass it. */
  function paramArgs(): Map<Binding, Node[]> {
    if (paramSites) return paramSites
    const m = new Map<Binding, Node[]>()
    for (const fn of fnNodes) for (const p of params(fn)) for (const id of p.names) {
      const b = resolve(id)
      if (b && !m.has(b)) m.set(b, [])
    }
    for (const call of calls) {
      for (const fn of calleeFns(call)) {
        const ps = params(fn)
        const fnNode = field(call, 'function')
        const skipSelf = lang === 'python' && fnNode?.type === 'attribute' && fn.type === 'function_definition' && ps.length > 0 && !ps[0].rest
        const positional = ps.slice(skipSelf ? 1 : 0).filter((p) => !p.keywordOnly && !p.kw)
        let i = 0
        for (const a of argList(call)) {
          let p: (typeof ps)[number] | undefined
          let value: Node | undefined = a
          if (a.type === 'keyword_argument') {
            const name = field(a, 'name')?.text
            p = ps.find((x) => x.names.length === 1 && x.names[0].text === name)
            value = field(a, 'value')
          } else if (a.type === 'list_splat' || a.type === 'dictionary_splat' || a.type === 'spread_element') {
            // Spread into every parameter.
            for (const q of ps) for (const id of q.names) { const b = resolve(id); if (b) m.get(b)?.push(a) }
            break
          } else {
            p = positional[Math.min(i, positional.length - 1)]
            if (!(i < positional.length || p?.rest)) p = undefined
            i++
          }
          if (!p || !value) continue
          for (const id of p.names) {
            const b = resolve(id)
            if (b) m.get(b)?.push(value)
          }
        }
      }
    }
    paramSites = m
    return m
  }

  /**
   * Whether a path expression names a file the payload points at — the transcript
   * (`transcript_path`, `agent_transcript_path`) or the file a tool reads or writes
   * (`tool_input.file_path`, `notebook_path`, `tool_response.filePath`) — directly, through
   * variables, or joined with other parts (`path.join(cwd, file_path)`). Such a file holds
   * session content (what the model wrote, what the tools returned). A path the hook builds from
   * its own names, with the session id in it (`/tmp/ctx-${session_id}.json`), names the hook's
   * own file: its contents are whatever was written there, not payload data.
   */
  function namesPayloadFile(n: Node, depth = 0, seen = new Set<Binding>()): boolean {
    if (depth > 12 || SKIP.has(n.type)) return false
    switch (n.type) {
      case 'identifier':
      case 'shorthand_property_identifier': {
        const b = resolve(n)
        if (!b || !tainted.has(b) || seen.has(b)) return false
        seen.add(b)
        if (PAYLOAD_FILE_NAME.test(n.text)) return true
        if (b.values.length) return b.values.some((v) => namesPayloadFile(v, depth + 1, seen))
        // `const { tool_input: { file_path: p } } = data`: the field it was cut from.
        const key = destructuredKey(b)
        if (key !== undefined) return key !== null && PAYLOAD_FILE_FIELDS.has(key)
        // A parameter: what the calls pass it (none found: it may be anything).
        const sites = paramArgs().get(b)
        if (sites) return sites.length === 0 || sites.some((a) => namesPayloadFile(a, depth + 1, seen))
        // Bound some other way (a loop, an unpacking): it may name such a file.
        return true
      }
      case 'attribute':
      case 'member_expression': {
        // A field of the payload (or of anything): a file field, or another field (`session_id`, `.length`).
        const prop = field(n, lang === 'python' ? 'attribute' : 'property')
        return prop !== undefined && PAYLOAD_FILE_FIELDS.has(prop.text) && why(n) !== undefined
      }
      case 'subscript':
      case 'subscript_expression': {
        const key = field(n, lang === 'python' ? 'subscript' : 'index')
        const k = key ? literalText(key) : undefined
        if (k !== undefined) return PAYLOAD_FILE_FIELDS.has(k) && why(n) !== undefined
        // `paths[i]`: an element of what the object holds.
        const obj = field(n, lang === 'python' ? 'value' : 'object')
        return obj ? namesPayloadFile(obj, depth + 1, seen) : false
      }
      case 'call':
      case 'call_expression': {
        const fn = field(n, 'function')
        if (fn?.type === 'attribute' || fn?.type === 'member_expression') {
          // `payload.get("transcript_path")`
          if (field(fn, lang === 'python' ? 'attribute' : 'property')?.text === 'get') {
            const a = argList(n)[0]
            const k = a ? literalText(a) : undefined
            if (k !== undefined) return PAYLOAD_FILE_FIELDS.has(k) && why(n) !== undefined
          }
          // A method of a value (`file_path.strip()`, `path.join(cwd, file_path)`): the value and the arguments.
          const obj = field(fn, 'object')
          if (obj && namesPayloadFile(obj, depth + 1, seen)) return true
        }
        const args = field(n, 'arguments')
        return args ? namesPayloadFile(args, depth + 1, seen) : false
      }
    }
    for (const c of n.namedChildren) if (c && namesPayloadFile(c, depth + 1, seen)) return true
    return false
  }

  const SKIP = new Set([
    'comment',
    'string_start',
    'string_end',
    'string_content',
    'string_fragment',
    'escape_sequence',
    'regex',
    'type',
    'type_annotation',
    'property_identifier',
    'function_definition',
    'class_definition',
    'decorator',
    ...FUNCS
  ])

  let depth = 0
  // File reads being decided (a write of a read's own contents back to its file asks about it again).
  const reading = new Set<number>()
  // The first reason per node, while the tainted set is unchanged (cleared when it grows).
  const first = new Map<number, string | null>()
  function reasons(n: Node, all: boolean, out: string[] = []): string[] {
    if ((!all && out.length) || SKIP.has(n.type) || depth > MAX_DEPTH) return out
    if (!all) {
      const hit = first.get(n.id)
      if (hit !== undefined) {
        if (hit !== null) out.push(hit)
        return out
      }
    }
    depth++
    try {
      if (all) return reasonsOf(n, all, out)
      const mine = reasonsOf(n, false, [])
      first.set(n.id, mine[0] ?? null)
      out.push(...mine.slice(0, 1))
      return out
    } finally {
      depth--
    }
  }
  function reasonsOf(n: Node, all: boolean, out: string[]): string[] {
    if (taintedNodes.has(n.id)) {
      out.push(short(n.text))
      return out
    }
    // A capture of a regular expression that only matches plain characters is data, whatever it was cut from.
    if (plainCapture(n)) return out
    // A value read where an allow-list test has passed is one of the author's values.
    if (READS.has(n.type) && allowListed(n)) return out
    switch (n.type) {
      case 'identifier':
      case 'shorthand_property_identifier': {
        const b = resolve(n)
        if (b && tainted.has(b)) out.push(n.text)
        else if (isSource(n)) out.push(n.text)
        return out
      }
      case 'attribute':
      case 'member_expression': {
        const f = fieldOf(n)
        if (f && tainted.has(f)) {
          out.push(n.text)
          return out
        }
        if (isSource(n)) {
          out.push(n.text)
          return out
        }
        const obj = field(n, 'object')
        if (obj) reasons(obj, all, out)
        return out
      }
      case 'ternary_expression': {
        // The condition decides which value comes out; it is not part of it.
        for (const k of ['consequence', 'alternative']) {
          const v = field(n, k)
          if (v) reasons(v, all, out)
        }
        return out
      }
      case 'conditional_expression': {
        const [a, , c] = n.namedChildren
        if (a) reasons(a, all, out)
        if (c) reasons(c, all, out)
        return out
      }
      case 'keyword_argument':
      case 'pair': {
        const v = field(n, 'value')
        const k = field(n, 'key')
        if (k?.type === 'computed_property_name') reasons(k, all, out)
        if (v) reasons(v, all, out)
        return out
      }
      case 'call':
      case 'call_expression': {
        if (isSource(n)) {
          out.push(short(n.text))
          return out
        }
        const fns = calleeFns(n)
        if (fns.length) {
          if (fns.some((f) => returnsTaint.has(f.id))) {
            const before = out.length
            for (const a of argList(n)) reasons(a, all, out)
            if (out.length === before) out.push(field(n, 'function')!.text)
          }
          return out
        }
        // A file's contents are payload data only when the payload names the file, or when the
        // script itself writes payload data there: a payload value in the path does not make the
        // contents payload data.
        // A handle opened for writing carries nothing to read.
        if (lang === 'python' && PY_OPEN.test(qualify(n)?.name ?? '') && /[wax]/.test(openMode(n) ?? '')) return out
        const path = fileReadPath(n)
        if (path) {
          if (reading.has(n.id)) return out
          reading.add(n.id)
          try {
            if (namesPayloadFile(path)) reasons(path, all, out)
            else if (wrotePayload(path)) out.push(short(n.text))
          } finally {
            reading.delete(n.id)
          }
          return out
        }
        break
      }
    }
    for (const c of n.namedChildren) if (c) reasons(c, all, out)
    return out
  }
  const why = (n: Node): string | undefined => reasons(n, false)[0]

  /** Whether an expression is a fixed list of string literals (`['a', 'b']`, `new Set([...])`, `{"a", "b"}`), directly or by a name bound only to such lists. */
  function literalList(n: Node | undefined, depth = 0): boolean {
    if (!n || depth > 3) return false
    switch (n.type) {
      case 'array':
      case 'list':
      case 'tuple':
      case 'set': {
        const items = n.namedChildren.filter((c): c is Node => c !== null && c.type !== 'comment')
        return items.length > 0 && items.every((c) => literalText(c) !== undefined)
      }
      case 'new_expression':
      case 'call': {
        // new Set([...]), set([...]), frozenset({...})
        const f = field(n, n.type === 'call' ? 'function' : 'constructor')?.text ?? ''
        const a = argList(n)
        return /^(?:Set|set|frozenset)$/.test(f) && a.length === 1 && literalList(a[0], depth + 1)
      }
      case 'identifier': {
        const b = resolve(n)
        return b !== undefined && b.values.length > 0 && b.values.every((v) => literalList(v, depth + 1))
      }
      case 'parenthesized_expression':
        return literalList(n.namedChildren.find((c) => c && c.type !== 'comment') ?? undefined, depth + 1)
      default:
        return false
    }
  }

  /**
   * The expressions (by text) a condition, when true, confines to the author's values: member
   * of a literal list (`LIST.includes(x)`, `SET.has(x)`, `x in LIST`), equal to a literal, or a
   * whole-string match of a plain pattern (`/^[\w.-]+$/.test(x)`, `re.fullmatch(r"\w+", x)`).
   * With `negated`, those it confines when false (`!LIST.includes(x)`, `x not in LIST`).
   */
  function confined(cond: Node | undefined, negated: boolean, depth = 0): string[] {
    if (!cond || depth > 8) return []
    const d = depth + 1
    const both = (a: string[], b: string[], union: boolean): string[] => (union ? [...a, ...b] : a.filter((x) => b.includes(x)))
    switch (cond.type) {
      case 'parenthesized_expression':
        return confined(cond.namedChildren.find((c) => c && c.type !== 'comment') ?? undefined, negated, d)
      case 'unary_expression':
        return field(cond, 'operator')?.text === '!' ? confined(field(cond, 'argument'), !negated, d) : []
      case 'not_operator':
        return confined(field(cond, 'argument'), !negated, d)
      case 'binary_expression':
      case 'boolean_operator': {
        const op = field(cond, 'operator')?.text ?? ''
        const l = field(cond, 'left')
        const r = field(cond, 'right')
        if (op === '&&' || op === 'and') return both(confined(l, negated, d), confined(r, negated, d), !negated)
        if (op === '||' || op === 'or') return both(confined(l, negated, d), confined(r, negated, d), negated)
        const eq = negated ? ['!==', '!='] : ['===', '==']
        if (!eq.includes(op) || !l || !r) return []
        if (literalText(r) !== undefined) return [l.text]
        if (literalText(l) !== undefined) return [r.text]
        return []
      }
      case 'comparison_operator': {
        // x in LIST / x not in LIST / x == "lit" / x != "lit"
        const parts = cond.namedChildren.filter((c): c is Node => c !== null && c.type !== 'comment')
        const ops = cond.children.filter((c) => c && !c.isNamed).map((c) => c!.text)
        if (parts.length !== 2 || ops.length === 0) return []
        const op = ops.join(' ')
        const [l, r] = parts
        if (op === (negated ? 'not in' : 'in')) return literalList(r) ? [l.text] : []
        if (op === (negated ? '!=' : '==')) return literalText(r) !== undefined ? [l.text] : literalText(l) !== undefined ? [r.text] : []
        return []
      }
      case 'call_expression':
      case 'call': {
        if (negated) return []
        const fn = field(cond, 'function')
        const a = argList(cond)
        if (!fn || a.length === 0) return []
        if (fn.type === 'member_expression') {
          const prop = field(fn, 'property')?.text
          const obj = field(fn, 'object')
          if ((prop === 'includes' || prop === 'has') && literalList(obj)) return [a[0].text]
          if (prop === 'test' && obj?.type === 'regex' && anchoredPlain(field(obj, 'pattern')?.text ?? '', field(obj, 'flags')?.text ?? ''))
            return [a[0].text]
          return []
        }
        if (fn.type === 'attribute' && (qualify(fn)?.name ?? fn.text) === 're.fullmatch' && a.length >= 2) {
          const p = literalText(a[0])
          return p !== undefined && capturesPlainText(p, '', 0) ? [a[1].text] : []
        }
        return []
      }
      default:
        return []
    }
  }

  /** Whether a statement list ends by leaving (`return`, `throw`, `continue`, `break`, an exit call). */
  function leaves(body: Node | undefined): boolean {
    if (!body) return false
    const stmts = ['statement_block', 'block'].includes(body.type)
      ? body.namedChildren.filter((c): c is Node => c !== null && c.type !== 'comment')
      : [body]
    const last = stmts[stmts.length - 1]
    if (!last) return false
    if (['return_statement', 'throw_statement', 'raise_statement', 'continue_statement', 'break_statement'].includes(last.type)) return true
    const call = last.type === 'expression_statement' ? last.namedChildren[0] : undefined
    const name = call && (call.type === 'call' || call.type === 'call_expression') ? field(call, 'function')?.text : undefined
    return name !== undefined && /^(?:process\.exit|sys\.exit|os\._exit|exit|quit)$/.test(name)
  }

  const confinedMemo = new Map<string, string[]>()
  /** {@link confined} of a whole condition, memoised: every read under the same test asks about it. */
  function confinedOnce(cond: Node | undefined, negated: boolean): string[] {
    if (!cond) return []
    const k = `${cond.id}:${negated ? 1 : 0}`
    let r = confinedMemo.get(k)
    if (!r) confinedMemo.set(k, (r = confined(cond, negated)))
    return r
  }

  const guardMemo = new Map<number, string[]>()
  /**
   * What a statement confines for the code after it in its block: for `if (!TEST) return` (no
   * `else`, a body that leaves) the expressions TEST confines, else none. Memoised per statement:
   * every read later in the block asks about every statement before it (the bindings and
   * qualified names `confined` reads are settled before the first read is asked about).
   */
  function exitGuard(s: Node): string[] {
    let r = guardMemo.get(s.id)
    if (r === undefined) {
      r =
        s.type === 'if_statement' && !field(s, 'alternative') && leaves(field(s, 'consequence'))
          ? confined(field(s, 'condition'), true)
          : []
      guardMemo.set(s.id, r)
    }
    return r
  }

  const beforeMemo = new Map<number, string[]>()
  /**
   * What the exit guards before statement `c` in its block confine: those of the statement
   * before it, plus that statement's own. Memoised per statement, so a block is walked once
   * however many reads it holds.
   */
  function guardedBefore(c: Node): string[] {
    const hit = beforeMemo.get(c.id)
    if (hit) return hit
    // The statements back to the nearest one already known (or the block's first), then forward.
    const back: Node[] = [c]
    let known: string[] = []
    for (let s = c.previousNamedSibling; s; s = s.previousNamedSibling) {
      const h = beforeMemo.get(s.id)
      if (h) {
        known = [...h, ...exitGuard(s)]
        break
      }
      back.push(s)
    }
    for (let i = back.length - 1; i >= 0; i--) {
      if (i < back.length - 1) {
        const g = exitGuard(back[i + 1])
        if (g.length) known = [...known, ...g]
      }
      beforeMemo.set(back[i].id, known)
    }
    return known
  }

  const allowMemo = new Map<number, boolean>()
  /**
   * Whether the read `n` happens only where an allow-list test of the same expression has
   * passed: inside `if (TEST) {...}`, after `TEST &&`, in `TEST ? n : ...` / `n if TEST else ...`,
   * or after an earlier `if (!TEST) return` (exit, throw, continue) in an enclosing block of the
   * same function.
   */
  function allowListed(n: Node): boolean {
    const hit = allowMemo.get(n.id)
    if (hit !== undefined) return hit
    const key = n.text
    const same = (texts: string[]): boolean => texts.includes(key)
    let ok = false
    for (let c: Node = n, p = n.parent; p && !ok; c = p, p = p.parent) {
      if (FUNCS.has(p.type)) break
      switch (p.type) {
        case 'if_statement':
        case 'elif_clause':
          ok = field(p, 'consequence')?.id === c.id && same(confinedOnce(field(p, 'condition'), false))
          break
        case 'binary_expression':
        case 'boolean_operator':
          ok = ['&&', 'and'].includes(field(p, 'operator')?.text ?? '') && field(p, 'right')?.id === c.id && same(confinedOnce(field(p, 'left'), false))
          break
        case 'ternary_expression':
          ok = field(p, 'consequence')?.id === c.id && same(confinedOnce(field(p, 'condition'), false))
          break
        case 'conditional_expression':
          ok = p.namedChildren[0]?.id === c.id && same(confinedOnce(p.namedChildren[1] ?? undefined, false))
          break
        case 'statement_block':
        case 'block':
        case 'program':
        case 'module':
          ok = same(guardedBefore(c))
          break
      }
    }
    allowMemo.set(n.id, ok)
    return ok
  }

  /** `(x.match(/re/) || [])[k]`, `re.exec(x)[k]`, `m[k]` / `m.group(k)` of such a match. */
  function plainCapture(n: Node): boolean {
    let target: Node | undefined
    let index: Node | undefined
    if (n.type === 'subscript_expression' || n.type === 'subscript') {
      target = field(n, lang === 'python' ? 'value' : 'object')
      index = field(n, lang === 'python' ? 'subscript' : 'index')
    } else if (lang === 'python' && n.type === 'call') {
      const fn = field(n, 'function')
      const args = argList(n)
      if (fn?.type !== 'attribute' || field(fn, 'attribute')?.text !== 'group' || args.length > 1) return false
      target = field(fn, 'object')
      index = args[0]
      if (!index) return target !== undefined && matchPattern(target, 0, 0)
    } else return false
    if (!target || (index?.type !== 'number' && index?.type !== 'integer') || !/^\d+$/.test(index.text)) return false
    return matchPattern(target, Number(index.text), 0)
  }

  /** Whether `n` is a regular-expression match whose group `k` holds only plain characters. */
  function matchPattern(n: Node, k: number, depth: number): boolean {
    if (depth > 4) return false
    switch (n.type) {
      case 'parenthesized_expression': {
        const inner = n.namedChildren.find((c) => c && c.type !== 'comment')
        return inner ? matchPattern(inner, k, depth + 1) : false
      }
      case 'binary_expression':
      case 'boolean_operator': {
        // `m || []`, `m ?? []`, `m or ()`: the fallback holds no text.
        const op = field(n, 'operator')?.text
        const right = field(n, 'right')
        const left = field(n, 'left')
        if (!left || !right || !['||', '??', 'or'].includes(op ?? '')) return false
        const empty = ['array', 'list', 'tuple', 'null', 'undefined', 'none'].includes(right.type) && right.namedChildren.length === 0
        return empty && matchPattern(left, k, depth + 1)
      }
      case 'identifier': {
        const b = resolve(n)
        return b !== undefined && b.values.length > 0 && b.values.every((v) => matchPattern(v, k, depth + 1))
      }
      case 'call_expression': {
        const fn = field(n, 'function')
        if (fn?.type !== 'member_expression') return false
        const prop = field(fn, 'property')?.text
        const obj = field(fn, 'object')
        const re = prop === 'match' ? argList(n)[0] : prop === 'exec' ? obj : undefined
        if (re?.type !== 'regex') return false
        const flags = field(re, 'flags')?.text ?? ''
        // With the g flag, match() returns whole matches.
        return capturesPlainText(field(re, 'pattern')?.text ?? '', flags, prop === 'match' && flags.includes('g') ? 0 : k)
      }
      case 'call': {
        // re.match(r"...", s), re.search, re.fullmatch; or PATTERN.match(s) of PATTERN = re.compile(r"...")
        const fn = field(n, 'function')
        if (fn?.type !== 'attribute') return false
        const method = field(fn, 'attribute')?.text ?? ''
        if (!['match', 'search', 'fullmatch'].includes(method)) return false
        const obj = field(fn, 'object')
        const lit = (x: Node | undefined): string | undefined => (x?.type === 'string' ? literalText(x) : undefined)
        if (obj?.type === 'identifier' && (qualify(obj)?.name ?? obj.text) === 're') {
          const pattern = lit(argList(n)[0])
          return pattern !== undefined && capturesPlainText(pattern, '', k)
        }
        const compiled = obj?.type === 'identifier' ? resolve(obj) : undefined
        if (!compiled || compiled.values.length === 0) return false
        return compiled.values.every((v) => {
          if (v.type !== 'call' || !/^(?:re\.)?compile$/.test(field(v, 'function')?.text ?? '')) return false
          const pattern = lit(argList(v)[0])
          return pattern !== undefined && capturesPlainText(pattern, '', k)
        })
      }
      default:
        return false
    }
  }

  // `const { execSync } = require('child_process')`, `const { stdin } = process`: imports by another name.
  for (const [pattern, value] of destructured) {
    const q = qualify(value)
    if (!q) continue
    for (const c of pattern.namedChildren) {
      if (c?.type === 'shorthand_property_identifier_pattern') resolve(c)?.imports.push(`${q.name}.${c.text}`)
      else if (c?.type === 'pair_pattern') {
        const k = field(c, 'key')
        const v = field(c, 'value')
        if (k && v?.type === 'identifier') resolve(v)?.imports.push(`${q.name}.${k.text}`)
      }
    }
  }

  // Fixpoint.
  const taint = (b: Binding | undefined): boolean => {
    if (!b || tainted.has(b)) return false
    tainted.add(b)
    first.clear()
    return true
  }
  for (let pass = 0; pass < 12; pass++) {
    let changed = false
    for (const a of assigns) {
      if (a.targets.every((t) => tainted.has(t))) continue
      if (why(a.value) !== undefined) for (const t of a.targets) changed = taint(t) || changed
    }
    for (const call of calls) {
      const args = argList(call)
      // readSync(0, buf) fills buf with the payload.
      if (
        lang === 'js' &&
        /(?:^|\.)readSync\(\)$/.test(qualify(call)?.name ?? '') &&
        args[0]?.text === '0' &&
        args[1]
      ) {
        const b = rootBinding(args[1]) ?? resolve(args[1])
        changed = taint(b) || changed
      }
      // Arguments flow into the parameters of local functions.
      for (const fn of calleeFns(call)) {
        const ps = params(fn)
        const fnNode = field(call, 'function')
        const skipSelf =
          lang === 'python' &&
          fnNode?.type === 'attribute' &&
          fn.type === 'function_definition' &&
          ps.length > 0 &&
          !ps[0].rest
        const positional = ps.slice(skipSelf ? 1 : 0).filter((p) => !p.keywordOnly && !p.kw)
        let i = 0
        for (const a of args) {
          if (a.type === 'keyword_argument') {
            if (why(a) === undefined) continue
            const name = field(a, 'name')?.text
            const p = ps.find((x) => x.names.length === 1 && x.names[0].text === name) ?? ps.find((x) => x.kw)
            if (p) for (const id of p.names) changed = taint(resolve(id)) || changed
            continue
          }
          if (a.type === 'list_splat' || a.type === 'dictionary_splat' || a.type === 'spread_element') {
            if (why(a) !== undefined)
              for (const p of ps) for (const id of p.names) changed = taint(resolve(id)) || changed
            i = Infinity
            continue
          }
          const p = positional[Math.min(i, positional.length - 1)]
          const fits = i < positional.length || p?.rest
          i++
          if (!p || !fits || why(a) === undefined) continue
          for (const id of p.names) changed = taint(resolve(id)) || changed
        }
      }
      const fn = field(call, 'function')
      if (lang === 'js' && fn?.type === 'member_expression') {
        // A callback handed to a method of payload data gets payload data: written
        // inline, or a local function passed by name (`[cmd].forEach(run)`).
        const obj = field(fn, 'object')
        if (obj && why(obj) !== undefined)
          for (const a of args) {
            const b = a.type === 'identifier' ? resolve(a) : undefined
            const fns = FUNCS.has(a.type) ? [a] : b && b.imports.length === 0 ? b.fns : []
            for (const f of fns) for (const p of params(f)) for (const id of p.names) changed = taint(resolve(id)) || changed
          }
      }
      // new Promise((resolve) => ... resolve(payload) ...) is payload data.
      if (
        lang === 'js' &&
        call.type === 'new_expression' &&
        field(call, 'constructor')?.text === 'Promise' &&
        !taintedNodes.has(call.id)
      ) {
        const ex = args[0]
        const res = ex && FUNCS.has(ex.type) ? params(ex)[0]?.names[0] : undefined
        const rb = res ? resolve(res) : undefined
        if (rb)
          for (const c of calls) {
            if (c.startIndex < ex.startIndex || c.endIndex > ex.endIndex) continue
            const f = field(c, 'function')
            if (f?.type === 'identifier' && resolve(f) === rb && argList(c).some((x) => why(x) !== undefined)) {
              taintedNodes.add(call.id)
              first.clear()
              changed = true
              break
            }
          }
      }
    }
    for (const fn of fnNodes) {
      if (returnsTaint.has(fn.id)) continue
      if ((returns.get(fn.id) ?? []).some((r) => why(r) !== undefined)) {
        returnsTaint.add(fn.id)
        first.clear()
        changed = true
      }
    }
    if (!changed) break
  }

  return {
    parsed,
    lang,
    any: tainted.size > 0,
    why,
    whyAll: (n) => [...new Set(reasons(n, true))],
    resolve,
    qualify: (n) => qualify(n),
    calls,
    calleeFns,
    fnOf: nearestFn
  }
}

function short(s: string): string {
  const one = s.replace(/\s+/g, ' ')
  return one.length > 40 ? `${one.slice(0, 39)}…` : one
}

/** `node:child_process` → `child_process`. */
function moduleName(spec: string): string {
  return spec.replace(/^node:/, '')
}
