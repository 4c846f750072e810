/**
 * Whether a decision-looking value in a Python or JavaScript/TypeScript hook
 * script is what the hook prints, read from its syntax tree (hook-fail-open).
 *
 * A hook decides only through what reaches stdout (or stderr with exit 2).
 * `{"action": "deny"}` in an object the script keeps to itself — a result
 * its own code compares (`result.action === 'deny'`) before printing some
 * other part of it — is no output, and no failed decision. This follows the
 * value from where it is written: through the objects and strings that hold
 * it (with the property path to it), variables, property reads, returns of
 * local functions and their call sites, serialisation (`JSON.stringify`,
 * `json.dumps`, f-strings, templates) into print calls (`console.log`,
 * `process.stdout.write`, `print`, `sys.stdout.write`, and their stderr
 * twins). A use it cannot follow (a call to another function, an export,
 * a computed key) counts as printed: only a flow that ends everywhere
 * without output (comparisons, conditions, discarded values, other
 * properties) says "not printed".
 */
import { descendantsOfType, type Node } from '../parse/code.js'
import { dottedName, nodeAt, stringValue, type GuardCode } from './hook-guard-code.js'

/** Where a value ends: printed, never printed, or somewhere this reading does not follow. */
export type Fate = 'out' | 'no' | 'unknown'

/** How deep the value is followed (uses of uses ...). */
const MAX_DEPTH = 16

const JS_PRINT = /^(?:console\.(?:log|info|error|warn|debug)|(?:process\.)?std(?:out|err)\.write)$/
const PY_PRINT = /^(?:print|sys\.std(?:out|err)\.write|sys\.std(?:out|err)\.writelines)$/
/** Calls that turn their first argument into text holding all of it. */
const JS_TEXT = /^(?:JSON\.stringify|String)$/
const PY_TEXT = /^(?:json\.dumps|dumps|str|repr)$/
const COMPARE_JS = new Set(['===', '!==', '==', '!=', '<', '>', '<=', '>=', 'instanceof', 'in'])

const FUNCTIONS = new Set([
  'function_declaration',
  'generator_function_declaration',
  'function_expression',
  'function',
  'generator_function',
  'arrow_function',
  'method_definition',
  'function_definition',
  'lambda'
])

function worst(a: Fate, b: Fate): Fate {
  if (a === 'out' || b === 'out') return 'out'
  if (a === 'unknown' || b === 'unknown') return 'unknown'
  return 'no'
}

/** The key of an object pair or dictionary pair, as text (undefined when computed). */
function keyText(key: Node | null): string | undefined {
  if (!key) return undefined
  if (key.type === 'property_identifier' || key.type === 'identifier' || key.type === 'number') return key.text
  return stringValue(key)
}

/**
 * Where the decision-looking text at `off` ends up: `'out'` when some path
 * prints it, `'no'` when every use of it is followed and none prints it.
 */
export function outputFate(code: GuardCode, off: number): Fate {
  const py = code.parsed.lang === 'python'
  const seen = new Set<string>()
  // Identifier nodes by name, for the uses of a variable or a function.
  let byName: Map<string, Node[]> | undefined
  const namesOf = (name: string): Node[] => {
    if (!byName) {
      byName = new Map()
      for (const id of descendantsOfType(code.parsed.root, ['identifier', 'shorthand_property_identifier'])) {
        const list = byName.get(id.text)
        if (list) list.push(id)
        else byName.set(id.text, [id])
      }
    }
    return byName.get(name) ?? []
  }

  /** Every use of the name declared at `decl` (not the declaration, not writes to it). */
  const usesOf = (decl: Node, path: string[], depth: number): Fate => {
    let fate: Fate = 'no'
    for (const id of namesOf(decl.text)) {
      if (id.id === decl.id) continue
      const p = id.parent
      if (p && (p.type === 'assignment' || p.type === 'assignment_expression') && p.childForFieldName('left')?.id === id.id)
        continue
      fate = worst(fate, id.type === 'shorthand_property_identifier' ? inObject(id, id.text, path, depth) : follow(id, path, depth))
      if (fate === 'out') return fate
    }
    return fate
  }

  /** A value placed in an object under `key`. */
  const inObject = (member: Node, key: string | undefined, path: string[], depth: number): Fate => {
    const obj = member.parent
    if (!obj || key === undefined) return 'unknown'
    return follow(obj, [key, ...path], depth)
  }

  /** Values a function returns: followed at each call of it in this file. */
  const returned = (fn: Node, path: string[], depth: number): Fate => {
    let name: Node | null = null
    if (fn.type === 'function_declaration' || fn.type === 'function_definition' || fn.type === 'generator_function_declaration')
      name = fn.childForFieldName('name')
    else if (fn.parent?.type === 'variable_declarator' && fn.parent.childForFieldName('value')?.id === fn.id)
      name = fn.parent.childForFieldName('name')
    if (name?.type !== 'identifier') return 'unknown'
    // A method of a class is called through objects this reading does not follow.
    for (let p = fn.parent; p; p = p.parent) if (p.type === 'class_definition' || p.type === 'class_body') return 'unknown'
    let fate: Fate = 'no'
    let calls = 0
    for (const id of namesOf(name.text)) {
      if (id.id === name.id) continue
      const call = id.parent
      const callee = call?.childForFieldName('function')
      if (!call || (call.type !== 'call' && call.type !== 'call_expression') || callee?.id !== id.id) {
        // Passed along, or a reference elsewhere: its result may be printed by code not followed here.
        if (id.parent?.type === 'export_specifier') continue
        return 'unknown'
      }
      calls++
      fate = worst(fate, follow(call, path, depth))
      if (fate === 'out') return fate
    }
    // A library function nothing here calls: whoever imports it decides.
    return calls === 0 ? 'unknown' : fate
  }

  /** Follows the value of `n` (holding the decision at `path` inside it) to where it ends. */
  function follow(n: Node, path: string[], depth: number): Fate {
    if (depth > MAX_DEPTH) return 'unknown'
    const key = `${n.id}:${path.join('.')}`
    if (seen.has(key)) return 'no'
    seen.add(key)
    const p = n.parent
    if (!p) return 'unknown'
    const d = depth + 1
    switch (p.type) {
      case 'parenthesized_expression':
      case 'await_expression':
      case 'await':
      case 'as_expression':
      case 'satisfies_expression':
      case 'non_null_expression':
        return follow(p, path, d)
      case 'expression_statement':
        return 'no'
      case 'pair': {
        if (p.childForFieldName('value')?.id !== n.id) return 'unknown'
        return inObject(p, keyText(p.childForFieldName('key')), path, d)
      }
      case 'spread_element':
      case 'dictionary_splat':
        return p.parent?.type === 'object' || p.parent?.type === 'dictionary' ? follow(p.parent, path, d) : 'unknown'
      case 'template_substitution':
        return p.parent ? follow(p.parent, [], d) : 'unknown'
      case 'interpolation': {
        // f"...{x}..." (the interpolation is inside the f-string node)
        const s = p.parent?.type === 'string' ? p.parent : undefined
        return s ? follow(s, [], d) : 'unknown'
      }
      case 'concatenated_string':
        return follow(p, [], d)
      case 'binary_expression': {
        const op = p.childForFieldName('operator')?.text ?? ''
        if (COMPARE_JS.has(op)) return 'no'
        if (op === '||' || op === '&&' || op === '??') return follow(p, path, d)
        if (op === '+') return follow(p, [], d)
        return 'unknown'
      }
      case 'binary_operator': {
        const op = p.childForFieldName('operator')?.text ?? ''
        return op === '+' || op === '%' ? follow(p, [], d) : 'unknown'
      }
      case 'comparison_operator':
      case 'not_operator':
        return 'no'
      case 'unary_expression': {
        const op = p.childForFieldName('operator')?.text ?? ''
        return op === '!' || op === 'typeof' || op === 'void' ? 'no' : 'unknown'
      }
      case 'boolean_operator':
        return follow(p, path, d)
      case 'ternary_expression':
        return p.childForFieldName('condition')?.id === n.id ? 'no' : follow(p, path, d)
      case 'conditional_expression':
        // `a if cond else b`: the middle operand is the condition
        return p.namedChildren[1]?.id === n.id ? 'no' : follow(p, path, d)
      case 'if_statement':
      case 'elif_clause':
      case 'while_statement':
      case 'do_statement':
      case 'switch_statement':
        return p.childForFieldName('condition')?.id === n.id || p.childForFieldName('value')?.id === n.id ? 'no' : 'unknown'
      case 'member_expression':
      case 'attribute': {
        if (p.childForFieldName('object')?.id !== n.id) return 'unknown'
        const prop = p.childForFieldName(py ? 'attribute' : 'property')?.text
        // x.get("k") in Python reads a key
        if (py && prop === 'get' && p.parent?.type === 'call') {
          const k = stringValue(p.parent.childForFieldName('arguments')?.namedChildren[0])
          return readKey(p.parent, k, path, d)
        }
        if (path.length === 0 || prop === undefined) return 'unknown'
        // A method call on the object (`x.hasOwnProperty(...)`) or another property: not the decision.
        return prop === path[0] ? follow(p, path.slice(1), d) : 'no'
      }
      case 'subscript_expression':
      case 'subscript': {
        if (p.childForFieldName(py ? 'value' : 'object')?.id !== n.id) return 'unknown'
        const idx = p.childForFieldName(py ? 'subscript' : 'index')
        const k = idx?.type === 'number' || idx?.type === 'integer' ? idx.text : stringValue(idx)
        return readKey(p, k, path, d)
      }
      case 'arguments':
      case 'argument_list': {
        const call = p.parent
        if (!call || (call.type !== 'call' && call.type !== 'call_expression')) return 'unknown'
        const name = dottedName(call.childForFieldName('function'))
        if (!name) return 'unknown'
        if ((py ? PY_PRINT : JS_PRINT).test(name)) return 'out'
        const first = p.namedChildren.find((c) => c?.type !== 'comment')
        if ((py ? PY_TEXT : JS_TEXT).test(name) && first?.id === n.id) return follow(call, [], d)
        if (py && /^(?:json\.)?dump$/.test(name)) {
          const to = dottedName(p.namedChildren[1])
          return to === 'sys.stdout' || to === 'sys.stderr' ? 'out' : 'unknown'
        }
        return 'unknown'
      }
      case 'keyword_argument':
        return 'unknown'
      case 'variable_declarator': {
        if (p.childForFieldName('value')?.id !== n.id) return 'unknown'
        const name = p.childForFieldName('name')
        if (name?.type === 'identifier') return usesOf(name, path, d)
        if (name?.type === 'object_pattern') return destructured(name, path, d)
        return 'unknown'
      }
      case 'assignment':
      case 'assignment_expression': {
        if (p.childForFieldName('right')?.id !== n.id) return 'unknown'
        const left = p.childForFieldName('left')
        if (left?.type === 'identifier') return usesOf(left, path, d)
        // x.k = value / x["k"] = value: x now holds the decision under k
        if (left && (left.type === 'member_expression' || left.type === 'attribute' || left.type === 'subscript' || left.type === 'subscript_expression')) {
          const obj = left.childForFieldName(left.type === 'subscript' ? 'value' : 'object')
          const k =
            left.type === 'member_expression' || left.type === 'attribute'
              ? left.childForFieldName(py ? 'attribute' : 'property')?.text
              : stringValue(left.childForFieldName(py ? 'subscript' : 'index'))
          if (obj?.type === 'identifier' && k !== undefined) return usesOf(obj, [k, ...path], d)
        }
        return 'unknown'
      }
      case 'return_statement': {
        const fn = enclosingFunction(p)
        return fn ? returned(fn, path, d) : 'unknown'
      }
      case 'arrow_function':
      case 'lambda':
        return p.childForFieldName('body')?.id === n.id ? returned(p, path, d) : 'unknown'
      default:
        return 'unknown'
    }
  }

  /** `x[k]` / `x.get(k)` read from a value holding the decision at `path`. */
  function readKey(read: Node, k: string | undefined, path: string[], depth: number): Fate {
    if (path.length === 0 || k === undefined) return 'unknown'
    return k === path[0] ? follow(read, path.slice(1), depth) : 'no'
  }

  /** `const { action, json: out } = value`: the names bound to the decision's property. */
  function destructured(pattern: Node, path: string[], depth: number): Fate {
    if (path.length === 0) return 'unknown'
    let fate: Fate = 'no'
    for (const c of pattern.namedChildren) {
      if (!c) continue
      if (c.type === 'shorthand_property_identifier_pattern') {
        if (c.text === path[0]) fate = worst(fate, usesOf(c, path.slice(1), depth))
      } else if (c.type === 'pair_pattern') {
        const k = keyText(c.childForFieldName('key'))
        const v = c.childForFieldName('value')
        if (k === undefined) return 'unknown'
        if (k !== path[0]) continue
        fate = worst(fate, v?.type === 'identifier' ? usesOf(v, path.slice(1), depth) : 'unknown')
      } else if (c.type !== 'comment') return 'unknown'
    }
    return fate
  }

  function enclosingFunction(n: Node): Node | undefined {
    for (let p = n.parent; p; p = p.parent) if (FUNCTIONS.has(p.type)) return p
    return undefined
  }

  // Where the text starts: the key of a pair (the decision is that property of the object),
  // or a string literal (JSON written as text).
  for (let a: Node | null = nodeAt(code, off); a; a = a.parent) {
    if (a.type === 'pair') {
      const k = a.childForFieldName('key')
      if (!k || off < k.startIndex || off >= k.endIndex) return 'unknown'
      return inObject(a, keyText(k), [], 0)
    }
    if (a.type === 'string' || a.type === 'template_string') {
      if (a.parent?.type === 'pair' && a.parent.childForFieldName('key')?.id === a.id) continue
      return follow(a, [], 0)
    }
    if (FUNCTIONS.has(a.type) || a.type === 'program' || a.type === 'module') return 'unknown'
  }
  return 'unknown'
}
