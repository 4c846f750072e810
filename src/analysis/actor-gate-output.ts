/**
 * Job outputs that are true only when the account that fired the event is on
 * a list (untrusted-trigger and the other gate checks, through
 * {@link ungatedEvents}): a job that `needs` such a job and runs only
 * `if: fromJSON(needs.check.outputs.result).allowed == true` is gated on who
 * triggered it, like an `if:` that tests `github.actor` itself.
 *
 * The output must come from an `actions/github-script` step, whose `script:`
 * is read as a syntax tree (src/parse/code.ts): the value the step returns
 * (output `result`, JSON-encoded) or writes with `core.setOutput`, followed
 * through local variables, must hold only when `<list>.includes(<actor>)`
 * does — a conjunction with that test (`isAllowed && mentioned`), where the
 * actor is the account that fired the event (`context.actor`,
 * `context.payload.sender.login`, or the author of the event's comment,
 * issue, review, pull request or discussion, honouring
 * `if (context.eventName === 'issues')` branches) and the list does not come
 * from the payload. Anything else (a helper, a parameter, an `||` with
 * something else, a computed event name) is not believed.
 */
import { descendantsOfType, parseCode, type Node } from '../parse/code.js'
import { SourceFile } from '../parse/source.js'
import { isObject } from '../parse/doc.js'
import { dottedName, stringValue } from './hook-guard-code.js'
import type { Job } from '../model/workflow.js'

/**
 * Payload object whose author is the person who fires each event: the
 * commenter on comment events, the reviewer on reviews, the opener of the
 * issue, pull request or discussion (also workflow-security's gate analysis).
 */
export const AUTHOR_OBJ: Readonly<Record<string, string>> = {
  issues: 'issue',
  issue_comment: 'comment',
  pull_request_review: 'review',
  pull_request_review_comment: 'comment',
  pull_request_target: 'pull_request',
  pull_request: 'pull_request',
  discussion: 'discussion',
  discussion_comment: 'comment'
}

const STEP_OUTPUT = /^\s*\$\{\{\s*steps\s*\.\s*([A-Za-z_][\w-]*)\s*\.\s*outputs\s*\.\s*([A-Za-z_][\w-]*)\s*\}\}\s*$/
const MAX_DEPTH = 8
const WRAP = '(async function () {\n'

function kids(n: Node | null | undefined): Node[] {
  return (n?.namedChildren ?? []).filter((c): c is Node => c !== null && c.type !== 'comment')
}

function unwrap(n: Node): Node {
  let cur = n
  while (cur.type === 'parenthesized_expression' || cur.type === 'await_expression') {
    const inner = kids(cur)[0]
    if (!inner) return cur
    cur = inner
  }
  return cur
}

/** What the script binds each name to: declarators and plain assignments. */
function bindingsOf(root: Node): Map<string, Node[]> {
  const out = new Map<string, Node[]>()
  const add = (name: string, value: Node): void => {
    out.set(name, [...(out.get(name) ?? []), value])
  }
  for (const d of descendantsOfType(root, 'variable_declarator')) {
    const name = d.childForFieldName('name')
    const value = d.childForFieldName('value')
    // A declarator without a value (`let user;`) binds undefined; other patterns are not followed.
    if (name?.type === 'identifier') {
      if (value) add(name.text, value)
    } else if (name) for (const id of descendantsOfType(name, ['identifier', 'shorthand_property_identifier_pattern'])) out.set(id.text, [])
  }
  for (const a of descendantsOfType(root, ['assignment_expression', 'augmented_assignment_expression'])) {
    const left = a.childForFieldName('left')
    const right = a.childForFieldName('right')
    if (left?.type !== 'identifier' || !right) continue
    // `x ||= y` and the like: not followed.
    if (a.type === 'augmented_assignment_expression') out.set(left.text, [])
    else if (out.get(left.text)?.length !== 0) add(left.text, right)
  }
  return out
}

/** The event name a `context.eventName === '<name>'` test (either side) compares with, lower-cased. */
function eventTest(cond: Node): { name: string; equal: boolean } | undefined {
  const c = unwrap(cond)
  if (c.type !== 'binary_expression') return undefined
  const op = c.childForFieldName('operator')?.text
  if (op !== '===' && op !== '==' && op !== '!==' && op !== '!=') return undefined
  const l = c.childForFieldName('left')
  const r = c.childForFieldName('right')
  const lit = stringValue(l?.type === 'string' ? l : r)
  const other = l?.type === 'string' ? r : l
  if (lit === undefined || dottedName(other) !== 'context.eventName') return undefined
  return { name: lit.toLowerCase(), equal: op === '===' || op === '==' }
}

/** Whether a node can run for event `ev`: every enclosing `if` on `context.eventName` admits it. */
function reachedFor(n: Node, ev: string): boolean {
  let child: Node = n
  for (let p = n.parent; p; child = p, p = p.parent) {
    if (p.type === 'function_declaration' || p.type === 'arrow_function' || p.type === 'function_expression') return true
    if (p.type !== 'if_statement') continue
    const cond = p.childForFieldName('condition')
    const t = cond ? eventTest(cond) : undefined
    if (!t) continue
    const inThen = p.childForFieldName('consequence')?.id === child.id
    const inElse = p.childForFieldName('alternative')?.id === child.id
    if ((inThen && (t.name === ev) !== t.equal) || (inElse && (t.name === ev) === t.equal)) return false
  }
  return true
}

interface Reader {
  ev: string
  bindings: Map<string, Node[]>
}

/** Falsy literals: a value that leaves a gate shut. */
function falsy(n: Node): boolean {
  const v = unwrap(n)
  return v.type === 'false' || v.type === 'null' || v.type === 'undefined' || (v.type === 'number' && Number(v.text) === 0) || (v.type === 'string' && stringValue(v) === '')
}

/** Whether a value is the login of the account that fired event `ev`. */
function actorValue(r: Reader, n: Node, depth: number): boolean {
  if (depth > MAX_DEPTH) return false
  const v = unwrap(n)
  const name = dottedName(v)
  if (name === 'context.actor' || name === 'context.payload.sender.login') return true
  const obj = AUTHOR_OBJ[r.ev]
  if (obj && name === `context.payload.${obj}.user.login`) return true
  if (v.type !== 'identifier') return false
  // Every binding the event reaches is the actor, or empty (nobody is on a list as '').
  const bound = (r.bindings.get(v.text) ?? []).filter((b) => reachedFor(b, r.ev))
  return bound.some((b) => !falsy(b)) && bound.every((b) => falsy(b) || actorValue(r, b, depth + 1))
}

/**
 * Whether a value is a list the payload does not write: a literal array, or one read at run time
 * (from the repository's files). On `pull_request` and review events the checkout is the pull
 * request's merge commit, but a fork's run gets no secrets and a same-repository branch is written
 * by people with push access; on `pull_request_target` a run holds the secrets and the job may
 * check out the fork's head, so there only a literal list counts.
 */
/** Calls that return an array (`includes` on a string is a substring test: `'alice,bob'.includes('b')`). */
const ARRAY_CALL = /^(?:JSON\.parse|Array\.from)$|\.(?:split|map|filter|concat|slice)$/

function maintainerList(r: Reader, n: Node, depth: number): boolean {
  if (depth > MAX_DEPTH) return false
  const v = unwrap(n)
  if (v.text.includes('context.payload') || v.text.includes('github.event')) return false
  if (v.type !== 'identifier') return v.type === 'array' || (v.type === 'call_expression' && r.ev !== 'pull_request_target' && ARRAY_CALL.test(dottedName(v.childForFieldName('function')) ?? ''))
  const bound = r.bindings.get(v.text) ?? []
  return bound.length > 0 && bound.every((b) => maintainerList(r, b, depth + 1))
}

/** Whether a value can be truthy only when the event's actor is on a maintainer's list. */
function memberOnly(r: Reader, n: Node, depth: number): boolean {
  if (depth > MAX_DEPTH) return false
  const v = unwrap(n)
  if (v.type === 'binary_expression') {
    const op = v.childForFieldName('operator')?.text
    const l = v.childForFieldName('left')
    const rt = v.childForFieldName('right')
    if (!l || !rt) return false
    if (op === '&&') return memberOnly(r, l, depth + 1) || memberOnly(r, rt, depth + 1)
    if (op === '||') return memberOnly(r, l, depth + 1) && memberOnly(r, rt, depth + 1)
    return false
  }
  if (v.type === 'call_expression') {
    const fn = v.childForFieldName('function')
    const args = kids(v.childForFieldName('arguments'))
    if (fn?.type !== 'member_expression' || fn.childForFieldName('property')?.text !== 'includes' || args.length !== 1) return false
    const list = fn.childForFieldName('object')
    return !!list && maintainerList(r, list, depth + 1) && actorValue(r, args[0] as Node, depth + 1)
  }
  // `{ allowed }` names the variable too.
  if (v.type === 'identifier' || v.type === 'shorthand_property_identifier') {
    const bound = (r.bindings.get(v.text) ?? []).filter((b) => reachedFor(b, r.ev))
    return bound.some((b) => !falsy(b)) && bound.every((b) => falsy(b) || memberOnly(r, b, depth + 1))
  }
  return false
}

/** The value each property of an object literal is given (`{ allowed }`, `{ allowed: ok }`). */
function properties(obj: Node): Map<string, Node> {
  const out = new Map<string, Node>()
  for (const p of kids(obj)) {
    if (p.type === 'shorthand_property_identifier') out.set(p.text.toLowerCase(), p)
    else if (p.type === 'pair') {
      const k = p.childForFieldName('key')
      const val = p.childForFieldName('value')
      const key = k?.type === 'property_identifier' ? k.text : stringValue(k)
      if (key !== undefined && val) out.set(key.toLowerCase(), val)
    }
  }
  return out
}

/**
 * What of a github-script step's output is true only for listed actors on event `ev`: `''` for
 * the output itself (`'true'` only then), or the names of its JSON properties that are truthy
 * only then (output `result`, from the script's returns).
 */
function scriptGates(script: string, output: string, ev: string): Set<string> {
  const out = new Set<string>()
  if (script.includes('${{')) return out
  const parsed = parseCode(new SourceFile('<github-script>.js', `${WRAP}${script}\n})`), 'javascript')
  if (!parsed || parsed.errors.length) return out
  const r: Reader = { ev, bindings: bindingsOf(parsed.root) }
  const wrapper = descendantsOfType(parsed.root, 'function_expression')[0]
  if (!wrapper) return out
  if (output === 'result') {
    // Every return of the script itself (not of a function inside it) that the event reaches.
    const returns = descendantsOfType(wrapper, 'return_statement').filter((s) => {
      for (let p = s.parent; p; p = p.parent) if (p.type === 'function_declaration' || p.type === 'arrow_function' || p.type === 'function_expression' || p.type === 'method_definition') return p.id === wrapper.id
      return false
    })
    const reached = returns.filter((s) => reachedFor(s, ev))
    if (reached.length === 0) return out
    const values = reached.map((s) => kids(s)[0])
    if (values.some((v) => !v)) return out
    if (values.every((v) => memberOnly(r, v as Node, 0))) out.add('')
    const objs = values.map((v) => unwrap(v as Node))
    if (objs.every((o) => o.type === 'object')) {
      const props = objs.map(properties)
      for (const [key, val] of props[0] as Map<string, Node>) {
        if (memberOnly(r, val, 0) && props.every((p) => p.has(key) && memberOnly(r, p.get(key) as Node, 0))) out.add(key)
      }
    }
    return out
  }
  const sets = descendantsOfType(parsed.root, 'call_expression').filter((c) => {
    if (dottedName(c.childForFieldName('function')) !== 'core.setOutput') return false
    const key = kids(c.childForFieldName('arguments'))[0]
    return stringValue(key)?.toLowerCase() === output.toLowerCase()
  })
  const reached = sets.filter((c) => reachedFor(c, ev))
  if (reached.length > 0 && reached.every((c) => memberOnly(r, kids(c.childForFieldName('arguments'))[1] as Node, 0))) out.add('')
  return out
}

/**
 * The outputs of `job` that say the account firing event `ev` is on a maintainer's list, as
 * `needs.<job>.outputs.<name>` (true only as the string `'true'`) and
 * `fromjson(needs.<job>.outputs.<name>).<property>` (truthy only then), lower-cased.
 */
export function memberOnlyOutputs(job: Job, ev: string): Set<string> {
  let byEvent = CACHE.get(job)
  if (!byEvent) CACHE.set(job, (byEvent = new Map()))
  let out = byEvent.get(ev)
  if (!out) byEvent.set(ev, (out = read(job, ev)))
  return out
}

const CACHE = new WeakMap<Job, Map<string, Set<string>>>()

function read(job: Job, ev: string): Set<string> {
  const out = new Set<string>()
  const outputs = isObject(job.value.outputs) ? job.value.outputs : {}
  for (const [name, value] of Object.entries(outputs)) {
    const m = typeof value === 'string' ? STEP_OUTPUT.exec(value) : null
    if (!m) continue
    const step = job.steps.find((s) => s.value.id === m[1])
    if (!step || !/^actions\/github-script@/i.test((step.uses ?? '').trim()) || typeof step.with.script !== 'string') continue
    // `result-encoding: string` turns an object into "[object Object]": only the JSON default is read.
    if (m[2] === 'result' && step.with['result-encoding'] !== undefined && step.with['result-encoding'] !== 'json') continue
    const base = `needs.${job.id}.outputs.${name}`.toLowerCase()
    for (const key of scriptGates(step.with.script, m[2], ev)) out.add(key === '' ? base : `fromjson(${base}).${key}`)
  }
  return out
}
