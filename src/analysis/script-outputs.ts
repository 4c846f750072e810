/**
 * Which pull-request value an `actions/github-script` step puts in one of its
 * outputs: the step's `script:` is JavaScript, read as a syntax tree
 * (src/parse/code.ts), and `core.setOutput('<name>', <value>)` is followed
 * from the value back to where it comes from — a property of
 * `context.payload.pull_request` / `context.payload.workflow_run`, of the
 * result of a `pulls.get` / `pulls.list` call (`github.rest.pulls.get(...)`,
 * `octokit.pulls.get(...)`), through local `const`/`let` variables,
 * destructuring (`const { data: pr } = await ...`), `await` and template
 * strings. Only what the tree shows is believed: a value from a helper, a
 * parameter or a loop is not known.
 */
import { descendantsOfType, parseCode, type Node } from '../parse/code.js'
import { SourceFile } from '../parse/source.js'
import { dottedName, stringValue } from './hook-guard-code.js'
import { actionName, maskExpressions } from './workflow-security.js'
import type { Job, Step } from '../model/workflow.js'

/** The pull request's head code: its commit SHA, the merge commit, the run's head SHA. */
const HEAD_CODE = /^(?:head\.sha|merge_commit_sha|head_sha)$/

/** Calls returning pull requests (`github.rest.pulls.get`, `octokit.pulls.list`, `github.pulls.get`). */
const PULLS_CALL = /(?:^|\.)pulls\.(?:get|list)$/

/** Payload objects that describe the pull request or run whose head is outside code. */
const PAYLOAD_ROOT = /^context\.payload\.(?:pull_request|workflow_run)$/

const MAX_DEPTH = 8

/** Where a step output that names the head comes from: the JavaScript expression, for the message. */
export interface HeadOutput {
  step: Step
  /** The step's `id`. */
  id: string
  /** The source the value is read from, as written (`context.payload.pull_request.head.sha`). */
  source: string
}

function kids(n: Node | null | undefined): Node[] {
  return (n?.namedChildren ?? []).filter((c): c is Node => c !== null && c.type !== 'comment')
}

/** A member chain as text with `?.`, whitespace and parentheses dropped (`pr.data.head.sha`). */
function chainText(n: Node): string {
  return n.text.replace(/\s+/g, '').replace(/\?\./g, '.')
}

interface Scope {
  root: Node
  /** Declarators by the name they bind (every binding of a name: a name bound twice is not followed). */
  bindings: Map<string, { value: Node; path: string[] }[]>
}

/** Names a declarator binds, each with the property path into its value (`{ data: pr }` → pr: ['data']). */
function bindNames(pattern: Node, path: string[], out: [string, string[]][]): void {
  if (pattern.type === 'identifier') out.push([pattern.text, path])
  else if (pattern.type === 'object_pattern') {
    for (const p of kids(pattern)) {
      if (p.type === 'shorthand_property_identifier_pattern') out.push([p.text, [...path, p.text]])
      else if (p.type === 'pair_pattern') {
        const key = p.childForFieldName('key')
        const value = p.childForFieldName('value')
        if (key && value) bindNames(value, [...path, key.text.replace(/^["']|["']$/g, '')], out)
      }
    }
  }
}

function scopeOf(root: Node): Scope {
  const bindings: Scope['bindings'] = new Map()
  for (const d of descendantsOfType(root, 'variable_declarator')) {
    const name = d.childForFieldName('name')
    const value = d.childForFieldName('value')
    if (!name || !value) continue
    const found: [string, string[]][] = []
    bindNames(name, [], found)
    for (const [n, path] of found) {
      const list = bindings.get(n) ?? []
      list.push({ value, path })
      bindings.set(n, list)
    }
  }
  // Plain assignments (`sha = pr.data.head.sha`) bind too; a name assigned more than once is not followed.
  for (const a of descendantsOfType(root, 'assignment_expression')) {
    const left = a.childForFieldName('left')
    const right = a.childForFieldName('right')
    if (left?.type !== 'identifier' || !right) continue
    const list = bindings.get(left.text) ?? []
    list.push({ value: right, path: [] })
    bindings.set(left.text, list)
  }
  return { root, bindings }
}

/** Strips `await` and parentheses. */
function unwrap(n: Node): Node {
  let cur = n
  for (;;) {
    if (cur.type === 'await_expression' || cur.type === 'parenthesized_expression') {
      const inner = kids(cur)[0]
      if (!inner) return cur
      cur = inner
    } else return cur
  }
}

/**
 * Whether a value holds pull requests (or one): the payload's pull request or run, or what a
 * `pulls.get`/`pulls.list` call returns, followed by `path` (property names read from it).
 */
function pullsValue(scope: Scope, n: Node, depth: number): boolean {
  if (depth > MAX_DEPTH) return false
  const v = unwrap(n)
  if (v.type === 'call_expression') return PULLS_CALL.test(dottedName(v.childForFieldName('function')) ?? '')
  const text = chainText(v)
  if (PAYLOAD_ROOT.test(text)) return true
  if (v.type === 'member_expression' || v.type === 'subscript_expression') {
    const obj = v.childForFieldName('object')
    return obj ? pullsValue(scope, obj, depth + 1) : false
  }
  if (v.type === 'identifier') {
    const b = scope.bindings.get(v.text)
    return b?.length === 1 ? pullsValue(scope, b[0].value, depth + 1) : false
  }
  return false
}

/** Where a value names the head's code, as written, or undefined. */
function headSource(scope: Scope, n: Node, depth: number): string | undefined {
  if (depth > MAX_DEPTH) return undefined
  const v = unwrap(n)
  if (v.type === 'string') return /refs\/pull\//.test(stringValue(v) ?? v.text) ? v.text : undefined
  if (v.type === 'template_string') {
    if (/refs\/pull\//.test(v.text)) return v.text
    for (const s of descendantsOfType(v, 'template_substitution')) {
      const e = kids(s)[0]
      const r = e && headSource(scope, e, depth + 1)
      if (r) return r
    }
    return undefined
  }
  if (v.type === 'binary_expression' || v.type === 'ternary_expression') {
    // `a || b`, `c ? a : b`: either side may be the value.
    const sides = v.type === 'binary_expression' ? [v.childForFieldName('left'), v.childForFieldName('right')] : [v.childForFieldName('consequence'), v.childForFieldName('alternative')]
    for (const s of sides) {
      const r = s && headSource(scope, s, depth + 1)
      if (r) return r
    }
    return undefined
  }
  if (v.type === 'identifier') {
    const b = scope.bindings.get(v.text)
    if (b?.length !== 1) return undefined
    const { value, path } = b[0]
    // `const { head: { sha } } = pr` binds a property path of the value.
    if (path.length) {
      const key = path.join('.')
      const tail = path.slice(-2).join('.')
      if ((HEAD_CODE.test(tail) || HEAD_CODE.test(path[path.length - 1])) && pullsValue(scope, value, depth + 1)) return `${unwrap(value).text}.${key}`
      return undefined
    }
    return headSource(scope, value, depth + 1)
  }
  if (v.type === 'member_expression') {
    const text = chainText(v)
    const prop = v.childForFieldName('property')?.text ?? ''
    const obj = v.childForFieldName('object')
    if (!obj) return undefined
    const objText = chainText(unwrap(obj))
    const tail = objText.endsWith('.head') || objText === 'head' ? `head.${prop}` : prop
    if (!HEAD_CODE.test(tail)) return undefined
    // The object holding `head` (or the PR itself for `merge_commit_sha` / `head_sha`).
    const holder = tail.startsWith('head.') ? unwrap(obj).childForFieldName('object') : obj
    if (holder ? pullsValue(scope, holder, depth + 1) : false) return text
    // `const head = pr.data.head; head.sha`
    if (tail.startsWith('head.') && unwrap(obj).type === 'identifier') {
      const b = scope.bindings.get(unwrap(obj).text)
      if (b?.length === 1 && b[0].path.length === 0) {
        const hv = unwrap(b[0].value)
        const ho = hv.type === 'member_expression' && hv.childForFieldName('property')?.text === 'head' ? hv.childForFieldName('object') : null
        if (ho && pullsValue(scope, ho, depth + 1)) return text
      }
    }
    return undefined
  }
  return undefined
}

/** The head value a github-script `script:` writes to output `name`, or undefined. */
export function scriptOutputHead(script: string, name: string): string | undefined {
  const masked = maskExpressions(script)
  // The script is the body of an async function: `return` and `await` at its top level are fine there.
  const prefix = '(async function () {\n'
  const parsed = parseCode(new SourceFile('<github-script>.js', `${prefix}${masked}\n})`), 'javascript')
  if (!parsed) return undefined
  const scope = scopeOf(parsed.root)
  for (const call of descendantsOfType(parsed.root, 'call_expression')) {
    if (dottedName(call.childForFieldName('function')) !== 'core.setOutput') continue
    const [key, value] = kids(call.childForFieldName('arguments'))
    if (!key || !value || stringValue(key) !== name) continue
    const src = headSource(scope, value, 0)
    if (src) return src.replace(/\s+/g, ' ')
  }
  return undefined
}

const STEP_OUTPUT = /\bsteps\s*\.\s*([A-Za-z_][\w-]*)\s*\.\s*outputs\s*\.\s*([A-Za-z_][\w-]*)/g

/**
 * A github-script step before `step` in `job` whose output, read in an expression
 * (`steps.<id>.outputs.<name>`, the text inside `${{ }}`), names the pull request's head code.
 */
export function headStepOutput(job: Job, step: Step, expression: string): HeadOutput | undefined {
  for (const [, id, name] of expression.matchAll(STEP_OUTPUT)) {
    const source = job.steps.find((s) => s.index < step.index && s.value.id === id)
    if (!source || actionName(source.uses) !== 'actions/github-script') continue
    const script = source.with.script
    if (typeof script !== 'string') continue
    const head = scriptOutputHead(script, name)
    if (head) return { step: source, id, source: head }
  }
  return undefined
}
