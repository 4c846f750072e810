/**
 * Workflow-security helpers for the rules about workflows and CI credentials:
 * where a piece of a scalar sits in the source, which `${{ }}` contexts an
 * outsider controls, which events an outsider can fire, and which jobs run
 * Claude.
 */
import { Parser, type Expr } from '@actions/expressions'
import { expressionTokens } from './expression-tokens.js'
import { Binary, ContextAccess, FunctionCall, Grouping, IndexAccess, Literal, Logical, Star, Unary } from '@actions/expressions/ast'
import { BooleanData, Null, NumberData, StringData } from '@actions/expressions/data/index'
import type { ClaudeRun } from '../model/claude.js'
import { expressions, type Job, type Step, type Workflow } from '../model/workflow.js'
import { isObject, type PathSeg } from '../parse/doc.js'
import type { Span } from '../parse/source.js'
import type { Project } from '../model/project.js'
import { AUTHOR_OBJ, memberOnlyOutputs } from './actor-gate-output.js'

// ---------------------------------------------------------------------------
// Positions inside scalars

/**
 * Maps `value.slice(start, end)` of a scalar (block scalars keep their text
 * verbatim) back to the source: the n-th occurrence of the piece's first line
 * inside the scalar's span, where n counts earlier occurrences in the value.
 * Falls back to the whole span when the text cannot be found (escapes).
 */
export function spanInScalar(span: Span, value: string, start: number, end: number): Span {
  const first = value.slice(start, end).split('\n')[0].replace(/\r$/, '')
  if (!first) return span
  let nth = 0
  let i = -1
  while ((i = value.indexOf(first, i + 1)) >= 0 && i < start) nth++
  const text = span.file.text
  let at = span.start - 1
  for (let k = 0; k <= nth; k++) {
    at = text.indexOf(first, at + 1)
    if (at < 0 || at + first.length > span.end) return span
  }
  return { file: span.file, start: at, end: at + first.length }
}

/** Span of a string value at `path` in a workflow, narrowed to `[start, end)` of its value. */
export function valuePieceSpan(
  wf: Workflow,
  path: PathSeg[],
  value: string,
  start: number,
  end: number
): Span | undefined {
  const span = wf.doc.span(path)
  return span ? spanInScalar(span, value, start, end) : undefined
}

/** Replaces every `${{ ... }}` with a same-length run of `_` (keeps offsets, lets a shell parser read the script). */
export function maskExpressions(s: string): string {
  let out = s
  for (const e of expressions(s)) out = out.slice(0, e.start) + '_'.repeat(e.end - e.start) + out.slice(e.end)
  return out
}

// ---------------------------------------------------------------------------
// Contexts an outsider controls

/**
 * Context paths whose text an outsider (anyone who can open an issue, a pull
 * request, a comment, or push a branch to a fork) chooses. `*` is one
 * segment (an array index or a key). Lower case.
 */
const UNTRUSTED: readonly string[] = [
  'github.head_ref',
  'github.event.issue.title',
  'github.event.issue.body',
  'github.event.pull_request.title',
  'github.event.pull_request.body',
  'github.event.pull_request.head.ref',
  'github.event.pull_request.head.label',
  'github.event.pull_request.head.repo.default_branch',
  'github.event.pull_request.head.repo.description',
  'github.event.comment.body',
  'github.event.review.body',
  'github.event.review_comment.body',
  'github.event.pages.*.page_name',
  'github.event.commits.*.message',
  'github.event.commits.*.author.email',
  'github.event.commits.*.author.name',
  'github.event.commits.*.committer.email',
  'github.event.commits.*.committer.name',
  'github.event.head_commit.message',
  'github.event.head_commit.author.email',
  'github.event.head_commit.author.name',
  'github.event.head_commit.committer.email',
  'github.event.head_commit.committer.name',
  'github.event.discussion.title',
  'github.event.discussion.body',
  'github.event.changes.title.from',
  'github.event.changes.body.from',
  'github.event.workflow_run.head_branch',
  'github.event.workflow_run.display_title',
  'github.event.workflow_run.head_commit.message',
  'github.event.workflow_run.head_commit.author.email',
  'github.event.workflow_run.head_commit.author.name',
  'github.event.workflow_run.head_commit.committer.email',
  'github.event.workflow_run.head_commit.committer.name',
  'github.event.workflow_run.pull_requests.*.head.ref',
  'github.event.workflow_run.head_repository.description',
  'github.event.merge_group.head_commit.message',
  'github.event.merge_group.head_commit.author.email',
  'github.event.merge_group.head_commit.author.name'
].map((p) => p.toLowerCase())
/** {@link UNTRUSTED} split into segments once (every `github.*` reference of every expression is matched against all of them). */
const UNTRUSTED_SEGS: readonly (readonly string[])[] = UNTRUSTED.map((p) => p.split('.'))

/** How far a context can be trusted. */
export type TaintKind = 'untrusted' | 'input'

/** One context reference inside an expression that carries outside text. */
export interface Taint {
  kind: TaintKind
  /** The reference as written (normalised to dots). */
  context: string
}

function segMatch(ref: readonly string[], pat: readonly string[]): boolean {
  if (ref.length !== pat.length) return false
  return ref.every((s, i) => pat[i] === '*' || s === '*' || s === pat[i])
}

function isPrefixOfUntrusted(ref: string[]): boolean {
  return UNTRUSTED_SEGS.some((ps) => ps.length > ref.length && segMatch(ref, ps.slice(0, ref.length)))
}

/** Function names whose result is a boolean, so the text of their arguments never reaches the output. */
const BOOLEAN_FUNCS = new Set(['contains', 'startswith', 'endswith'])

/**
 * The identifier that ends `s.slice(0, end)`, blanks after it allowed (`''` when
 * none): what `/([A-Za-z_][\w]*)\s*$/` found, without rescanning the blanks
 * from every place.
 */
export function nameBefore(s: string, end: number): string {
  let e = end
  while (e > 0 && /\s/.test(s[e - 1] as string)) e--
  let b = e
  while (b > 0 && /\w/.test(s[b - 1] as string)) b--
  while (b < e && /\d/.test(s[b] as string)) b++
  return s.slice(b, e)
}

/** Name of the function whose argument list encloses offset `at`, if any. */
function enclosingCall(s: string, at: number): string | undefined {
  let depth = 0
  for (let i = at - 1; i >= 0; i--) {
    const c = s[i]
    if (c === ')') depth++
    else if (c === '(') {
      if (depth === 0) {
        return nameBefore(s, i).toLowerCase()
      }
      depth--
    }
  }
  return undefined
}

/** Options for {@link taintsOf}. */
export interface TaintOptions {
  /** Inputs whose declared type cannot carry free text (boolean, number, choice). */
  safeInputs?: ReadonlySet<string>
}

/**
 * Context references in an expression's inner text whose value an outsider
 * controls (`untrusted`) or a maintainer types (`input`: `inputs.*`,
 * `github.event.inputs.*`). References whose text cannot reach the result
 * (arguments of `contains()`, operands of comparisons, `!x`) are ignored.
 */
export function taintsOf(exprText: string, opts: TaintOptions = {}): Taint[] {
  // Normalise index syntax, then blank out string literals (same length).
  let s = exprText
    .replace(/\[\s*'([A-Za-z_][\w-]*)'\s*\]/g, (m, k: string) => `.${k}`.padEnd(m.length, ' '))
    .replace(/\[\s*(\*|\d+)\s*\]/g, (m) => '.*'.padEnd(m.length, ' '))
  s = s.replace(/'(?:[^']|'')*'/g, (m) => ' '.repeat(m.length))
  const out: Taint[] = []
  const re = /(?<![\w.$-])(github|inputs)((?:\s*\.\s*(?:\*|[A-Za-z_][\w-]*))*)/gi
  let m: RegExpExecArray | null
  while ((m = re.exec(s)) !== null) {
    const raw = m[0].replace(/\s+/g, '')
    const segs = raw.toLowerCase().split('.')
    const before = s.slice(0, m.index)
    const after = s.slice(m.index + m[0].length)
    if (/(==|!=|<=|>=|<|>|!)\s*$/.test(before) || /^\s*(==|!=|<=|>=|<|>)/.test(after)) continue
    const call = enclosingCall(s, m.index)
    if (call && BOOLEAN_FUNCS.has(call)) continue
    const inToJson = call === 'tojson'
    if (segs[0] === 'inputs' && segs.length >= 2) {
      if (!opts.safeInputs?.has(segs[1])) out.push({ kind: 'input', context: raw })
      continue
    }
    if (segs[0] === 'github' && segs[1] === 'event' && segs[2] === 'inputs' && segs.length >= 4) {
      if (!opts.safeInputs?.has(segs[3])) out.push({ kind: 'input', context: raw })
      continue
    }
    if (segs[0] !== 'github') continue
    if (UNTRUSTED_SEGS.some((ps) => segMatch(segs, ps))) out.push({ kind: 'untrusted', context: raw })
    else if (inToJson && isPrefixOfUntrusted(segs)) out.push({ kind: 'untrusted', context: `toJSON(${raw})` })
  }
  return out
}

/** Names of workflow_dispatch / workflow_call inputs whose type cannot carry free text. */
export function safeInputs(wf: Workflow): Set<string> {
  const out = new Set<string>()
  for (const ev of ['workflow_dispatch', 'workflow_call']) {
    const cfg = wf.triggerConfig.get(ev)
    if (!isObject(cfg) || !isObject(cfg.inputs)) continue
    for (const [name, def] of Object.entries(cfg.inputs)) {
      if (
        isObject(def) &&
        typeof def.type === 'string' &&
        ['boolean', 'number', 'choice'].includes(def.type.toLowerCase())
      ) {
        out.add(name.toLowerCase())
      }
    }
  }
  return out
}

/** Env visible to a step (workflow, job, step; the most specific wins). */
export function stepEnv(wf: Workflow, job: Job, step: Step): Record<string, unknown> {
  return { ...wf.env, ...job.env, ...step.env }
}

/** One `env.NAME` reference inside an expression, with the value the env entry holds. */
export interface EnvRef {
  name: string
  value: string
}

/** The `env.NAME` references in an expression's inner text that resolve to a string entry of `env`. */
export function envRefs(exprText: string, env: Record<string, unknown>): EnvRef[] {
  const out: EnvRef[] = []
  for (const m of exprText.matchAll(/(?<![\w.])env\s*(?:\.\s*([A-Za-z_][\w-]*)|\[\s*'([A-Za-z_][\w-]*)'\s*\])/g)) {
    const name = m[1] ?? m[2]
    const value = env[name]
    if (typeof value === 'string') out.push({ name, value })
  }
  return out
}

// ---------------------------------------------------------------------------
// Events and gates

/** Events that anyone who can read a public repository can fire. */
export const OUTSIDER_EVENTS: ReadonlySet<string> = new Set([
  'issues',
  'issue_comment',
  'pull_request_review_comment',
  'pull_request_review',
  'pull_request_target',
  'discussion',
  'discussion_comment'
])

/** Activity types only people with triage or write access can cause. */
const MAINTAINER_TYPES = new Set([
  'labeled',
  'unlabeled',
  'assigned',
  'unassigned',
  'milestoned',
  'demilestoned',
  'pinned',
  'unpinned',
  'locked',
  'unlocked',
  'transferred',
  'category_changed',
  'answered',
  'unanswered'
])

/** Events of the workflow that an outsider can fire (respecting `types:` filters). */
export function outsiderEvents(wf: Workflow): string[] {
  const out: string[] = []
  for (const ev of wf.triggers) {
    if (!OUTSIDER_EVENTS.has(ev)) continue
    const cfg = wf.triggerConfig.get(ev)
    const types = isObject(cfg) ? cfg.types : undefined
    const list =
      typeof types === 'string'
        ? [types]
        : Array.isArray(types)
          ? types.filter((t): t is string => typeof t === 'string')
          : []
    if (list.length > 0 && list.every((t) => MAINTAINER_TYPES.has(t))) continue
    out.push(ev)
  }
  return out
}

// ---------------------------------------------------------------------------
// `if:` conditions

/** A GitHub Actions expression, as far as gate analysis needs it. */
export type Cond =
  | { t: 'lit'; v: string | number | boolean | null }
  /** `item`: reached through number indexes only (`pull_requests[0].number`), no `*` filter: one element, null when there is none. */
  | { t: 'ctx'; path: string; item?: boolean }
  | { t: 'call'; name: string; args: Cond[] }
  | { t: 'not'; x: Cond }
  | { t: 'bin'; op: string; l: Cond; r: Cond }
  /** A property of a value that is not a context (`fromJSON(needs.check.outputs.result).allowed`), lower-cased. */
  | { t: 'prop'; of: Cond; key: string }
  | { t: 'other' }

/** Contexts a workflow `if:` may name (the parser rejects any other name). */
const CONTEXTS = ['github', 'env', 'vars', 'secrets', 'inputs', 'needs', 'steps', 'job', 'jobs', 'runner', 'strategy', 'matrix']
/** Status functions of `if:` conditions, beyond the parser's built-in functions. */
const STATUS_FUNCS = ['success', 'failure', 'always', 'cancelled'].map((name) => ({ name, minArgs: 0, maxArgs: 0 }))

/**
 * Parses a condition with GitHub's own expression parser (@actions/expressions)
 * and keeps what gate analysis needs; undefined when it does not parse.
 */
export function parseCond(s: string): Cond | undefined {
  let ast: Expr
  try {
    ast = new Parser(expressionTokens(s), CONTEXTS, STATUS_FUNCS).parse()
  } catch {
    return undefined
  }
  return toCond(ast)
}

/** The parser's tree as a Cond: property and index access fold into lower-case context paths. */
function toCond(e: Expr): Cond {
  if (e instanceof Literal) {
    const v = e.literal
    if (v instanceof StringData || v instanceof NumberData || v instanceof BooleanData) return { t: 'lit', v: v.value }
    if (v instanceof Null) return { t: 'lit', v: null }
    return { t: 'other' }
  }
  if (e instanceof Grouping) return toCond(e.group)
  if (e instanceof Unary) return e.operator.lexeme === '!' ? { t: 'not', x: toCond(e.expr) } : { t: 'other' }
  if (e instanceof Binary) return { t: 'bin', op: e.operator.lexeme, l: toCond(e.left), r: toCond(e.right) }
  if (e instanceof Logical) {
    // `a && b && c` is one node with several arguments: fold it left to right.
    const [first, ...rest] = e.args.map(toCond)
    return rest.reduce<Cond>((l, r) => ({ t: 'bin', op: e.operator.lexeme, l, r }), first ?? { t: 'other' })
  }
  if (e instanceof FunctionCall) return { t: 'call', name: e.functionName.lexeme.toLowerCase(), args: e.args.map(toCond) }
  if (e instanceof ContextAccess) return { t: 'ctx', path: e.name.lexeme.toLowerCase() }
  if (e instanceof IndexAccess) {
    const base = toCond(e.expr)
    let key: string | undefined
    if (e.index instanceof Star) key = '*'
    else if (e.index instanceof Literal) {
      const v = e.index.literal
      if (v instanceof StringData) key = v.value.toLowerCase()
      else if (v instanceof NumberData) key = '*'
    }
    if (base.t === 'ctx' && key !== undefined) {
      // A number index picks one element; a `*` filter gives a list (so `.*` alone no longer names one element).
      const item = e.index instanceof Star ? false : e.index instanceof Literal && e.index.literal instanceof NumberData ? true : base.item === true
      return { t: 'ctx', path: `${base.path}.${key}`, ...(item ? { item } : {}) }
    }
    return base.t === 'call' && key !== undefined && key !== '*' ? { t: 'prop', of: base, key } : { t: 'other' }
  }
  return { t: 'other' }
}

/** Contexts naming the account that triggered the run, whatever the event. */
const ACTOR_CTX = /^github\.(actor|triggering_actor|event\.sender\.login)$/
const ANY_AUTHOR_OBJ = '(comment|issue|review|pull_request|discussion)'
/** `github.event.<author>.user.login` of the person who fires `ev` (any author object when unknown). */
function loginCtx(ev: string | undefined): RegExp {
  const obj = ev === undefined ? ANY_AUTHOR_OBJ : AUTHOR_OBJ[ev]
  return obj ? new RegExp(`^github\\.event\\.${obj}\\.user\\.login$`) : /$^/
}
/** `github.event.<author>.author_association` of the person who fires `ev` (any author object when unknown). */
function assocCtx(ev: string | undefined): RegExp {
  const obj = ev === undefined ? ANY_AUTHOR_OBJ : AUTHOR_OBJ[ev]
  return obj ? new RegExp(`^github\\.event\\.${obj}\\.author_association$`) : /$^/
}
/** Whether `n` names the account that fired `ev`: the triggering actor, or the author of the event's object. */
const isActor = (n: Cond, ev: string | undefined): boolean => isCtx(n, ACTOR_CTX) || isCtx(n, loginCtx(ev))
/** Associations that mean repository access: owner, organisation member, invited collaborator. */
const TRUSTED_ASSOC = new Set(['OWNER', 'MEMBER', 'COLLABORATOR'])
/** Associations of people without access (`contains()` on a string must not match any of them). */
const OUTSIDER_ASSOC = ['CONTRIBUTOR', 'FIRST_TIMER', 'FIRST_TIME_CONTRIBUTOR', 'MANNEQUIN', 'NONE']
/** The pull request's head repository; equal to the base repository only for same-repository pull requests. */
const HEAD_REPO_NAME = 'github.event.pull_request.head.repo.full_name'
const BASE_REPO_NAMES = new Set([
  'github.repository',
  'github.event.repository.full_name',
  'github.event.pull_request.base.repo.full_name'
])
const HEAD_FORK = 'github.event.pull_request.head.repo.fork'
/**
 * Same-repository tests gate only events fired by opening or updating a pull
 * request: on comment and review events anyone can act on a same-repository
 * pull request, and `head.repo.fork` is null there (`!null` and `null == false` are true).
 */
const samePrEvent = (ev: string | undefined): boolean =>
  ev === undefined || ev === 'pull_request_target' || ev === 'pull_request'
/** The label added or removed: only people with triage access can label. */
const LABEL_NAME = 'github.event.label.name'

/** A value the repository's maintainers chose: a literal, a configuration variable or secret, the owner. */
function maintainerValue(n: Cond): boolean {
  if (n.t === 'lit') return typeof n.v === 'string' && n.v.trim() !== ''
  if (n.t === 'ctx') return /^(vars|secrets)\./.test(n.path) || n.path === 'github.repository_owner'
  if (n.t === 'call') return n.name === 'fromjson' && n.args.length === 1 && maintainerValue(n.args[0])
  return false
}

/**
 * A maintainer-chosen array: `fromJSON()` of a literal JSON array, or of a
 * configuration variable or secret. `contains()` on a string is a substring
 * test (`contains('alice,bob', 'ali')` is true), so only arrays are allow-lists.
 */
function maintainerArray(n: Cond): boolean {
  if (n.t !== 'call' || n.name !== 'fromjson' || n.args.length !== 1) return false
  const a = n.args[0]
  if (a.t === 'ctx') return /^(vars|secrets)\./.test(a.path)
  if (a.t !== 'lit' || typeof a.v !== 'string') return false
  try {
    const v: unknown = JSON.parse(a.v)
    return Array.isArray(v) && v.length > 0
  } catch {
    return false
  }
}

const isCtx = (n: Cond, re: RegExp | string | ReadonlySet<string>): boolean =>
  n.t === 'ctx' && (typeof re === 'string' ? n.path === re : re instanceof RegExp ? re.test(n.path) : re.has(n.path))

/** The literal a `github.event_name` comparison tests against, lower-cased. */
function eventLiteral(x: Cond, y: Cond): string | undefined {
  return isCtx(x, 'github.event_name') && y.t === 'lit' && typeof y.v === 'string' ? y.v.toLowerCase() : undefined
}

/**
 * `a == b` being true means a trusted person started the run (for event `ev`, when known). With
 * `byAuthor`, only tests of the person who fires the event count: a label test vouches for the
 * labeler, not for whoever wrote the issue.
 */
function eqTrusts(a: Cond, b: Cond, ev: string | undefined, byAuthor = false): boolean {
  const one = (x: Cond, y: Cond): boolean => {
    const name = eventLiteral(x, y)
    if (name !== undefined) return ev !== undefined && name !== ev
    return (
      (isActor(x, ev) && maintainerValue(y)) ||
      (isCtx(x, assocCtx(ev)) && y.t === 'lit' && typeof y.v === 'string' && TRUSTED_ASSOC.has(y.v.toUpperCase())) ||
      (!byAuthor && isCtx(x, LABEL_NAME) && y.t === 'lit' && typeof y.v === 'string' && y.v.trim() !== '') ||
      (!byAuthor && isCtx(x, 'github.event.action') && y.t === 'lit' && (y.v === 'labeled' || y.v === 'unlabeled')) ||
      (samePrEvent(ev) && isCtx(x, HEAD_REPO_NAME) && isCtx(y, BASE_REPO_NAMES)) ||
      (samePrEvent(ev) && isCtx(x, HEAD_FORK) && y.t === 'lit' && y.v === false)
    )
  }
  return one(a, b) || one(b, a)
}

/** `a != b` being true means a trusted person started the run (for event `ev`, when known). */
function neTrusts(a: Cond, b: Cond, ev: string | undefined): boolean {
  const one = (x: Cond, y: Cond): boolean => {
    const name = eventLiteral(x, y)
    if (name !== undefined) return ev !== undefined && name === ev
    return samePrEvent(ev) && isCtx(x, HEAD_FORK) && y.t === 'lit' && y.v === true
  }
  return one(a, b) || one(b, a)
}

/** Items of a maintainer-written list (`fromJSON('["OWNER","MEMBER"]')`, `'OWNER,MEMBER'`), when literal. */
function literalItems(n: Cond): string[] | undefined {
  const text =
    n.t === 'lit' ? n.v : n.t === 'call' && n.name === 'fromjson' && n.args[0]?.t === 'lit' ? n.args[0].v : undefined
  if (typeof text !== 'string') return undefined
  try {
    const v: unknown = JSON.parse(text)
    if (Array.isArray(v)) return v.map(String)
  } catch {
    // not JSON: a plain string searched with contains()
  }
  return text.split(/[^A-Za-z_]+/).filter(Boolean)
}

/** `contains(hay, needle)` being true means a trusted person started the run (for event `ev`, when known). */
function containsTrusts(args: Cond[], ev: string | undefined): boolean {
  const [hay, needle] = args
  if (!hay || !needle) return false
  if (isActor(needle, ev)) return maintainerArray(hay)
  if (isCtx(needle, assocCtx(ev))) {
    if (maintainerArray(hay)) {
      const items = literalItems(hay)
      return !items || items.every((x) => TRUSTED_ASSOC.has(x.toUpperCase()))
    }
    // A string haystack is a substring test: no outsider's association may occur in it.
    if (hay.t !== 'lit' || typeof hay.v !== 'string') return false
    const text = hay.v.toUpperCase()
    return /[A-Z]/.test(text) && !OUTSIDER_ASSOC.some((a) => text.includes(a))
  }
  if (isCtx(hay, assocCtx(ev)) && needle.t === 'lit' && typeof needle.v === 'string')
    return TRUSTED_ASSOC.has(needle.v.toUpperCase())
  if (isCtx(needle, 'github.event_name') && ev !== undefined) {
    const items = literalItems(hay)
    return items !== undefined && !items.some((x) => x.toLowerCase() === ev)
  }
  return false
}

/**
 * Whether the condition being true implies that someone with access to the
 * repository started the run. With `ev`, tests of `github.event_name` are
 * decided for that event (a side that cannot be true for it gates vacuously).
 */
function gates(n: Cond, ev: string | undefined, byAuthor = false, outs?: ReadonlySet<string>): boolean {
  switch (n.t) {
    case 'bin':
      if (n.op === '&&') return gates(n.l, ev, byAuthor, outs) || gates(n.r, ev, byAuthor, outs)
      if (n.op === '||') return gates(n.l, ev, byAuthor, outs) && gates(n.r, ev, byAuthor, outs)
      if (n.op === '==') return eqTrusts(n.l, n.r, ev, byAuthor) || outputTrue(n.l, n.r, outs) || outputTrue(n.r, n.l, outs)
      if (n.op === '!=') return neTrusts(n.l, n.r, ev)
      return false
    case 'not':
      return blocks(n.x, ev, byAuthor, outs)
    case 'call':
      return n.name === 'contains' && containsTrusts(n.args, ev)
    case 'lit':
      return n.v === false || n.v === null || n.v === 0 || n.v === ''
    case 'prop':
      return !!outs?.has(propKey(n))
    default:
      return false
  }
}

/** `fromjson(needs.x.outputs.y).key` of a property of a parsed output; '' for anything else. */
function propKey(n: Cond): string {
  if (n.t !== 'prop' || n.of.t !== 'call' || n.of.name !== 'fromjson' || n.of.args.length !== 1) return ''
  const a = n.of.args[0]
  return a?.t === 'ctx' ? `fromjson(${a.path}).${n.key}` : ''
}

/**
 * `x == y` true means a needed job's output said the actor is on a list (see
 * analysis/actor-gate-output.ts): the output is the string `'true'`, or a property of its JSON is `true`.
 */
function outputTrue(x: Cond, y: Cond, outs: ReadonlySet<string> | undefined): boolean {
  if (!outs?.size || y.t !== 'lit') return false
  if (x.t === 'ctx') return outs.has(x.path) && typeof y.v === 'string' && y.v.toLowerCase() === 'true'
  return x.t === 'prop' && y.v === true && outs.has(propKey(x))
}

/** Whether the condition being false implies that someone with access to the repository started the run. */
function blocks(n: Cond, ev: string | undefined, byAuthor = false, outs?: ReadonlySet<string>): boolean {
  switch (n.t) {
    case 'bin':
      if (n.op === '&&') return blocks(n.l, ev, byAuthor, outs) && blocks(n.r, ev, byAuthor, outs)
      if (n.op === '||') return blocks(n.l, ev, byAuthor, outs) || blocks(n.r, ev, byAuthor, outs)
      if (n.op === '==') return neTrusts(n.l, n.r, ev)
      if (n.op === '!=') return eqTrusts(n.l, n.r, ev, byAuthor)
      return false
    case 'not':
      return gates(n.x, ev, byAuthor, outs)
    case 'ctx':
      return samePrEvent(ev) && n.path === HEAD_FORK
    default:
      return false
  }
}

/** An actor compared for equality (first half of the fallback test). */
const ACTOR_EQUALS =
  /\b(github\.(actor|triggering_actor)|github\.event\.(sender|comment\.user|issue\.user|review\.user|pull_request\.user)\.login)\s*==/i
/** `contains(fromJSON(` opening a membership test. */
const CONTAINS_FROMJSON = /contains\(\s*fromjson\(/gi
/** What must follow the `)` closing fromJSON's argument: the actor or association tested. */
const CONTAINS_SUBJECT = /\s*,\s*(github\.(actor|triggering_actor)|github\.event\.\w+\.author_association)\s*\)/iy

/**
 * Fallback for conditions the parser cannot read: a positive actor or
 * association test anywhere. The test of
 * `/…\s*==|contains\(\s*fromjson\([^)]*\)\s*,\s*(…)\s*\)/i` in one pass: that
 * expression looked for a `)` from every `contains(fromJSON(` even when none
 * was left, and tested what follows one `)` once per opening before it.
 */
export function actorGate(text: string): boolean {
  if (ACTOR_EQUALS.test(text)) return true
  let close = -1
  let closeOk = false
  for (const m of text.matchAll(CONTAINS_FROMJSON)) {
    const from = (m.index ?? 0) + m[0].length
    if (close < from) {
      close = text.indexOf(')', from)
      if (close < 0) return false
      CONTAINS_SUBJECT.lastIndex = close + 1
      closeOk = CONTAINS_SUBJECT.test(text)
    }
    if (closeOk) return true
  }
  return false
}

/** `${{ x }}` replaced by `( x )` throughout, in one pass (expressions() finds them with indexOf). */
function parenthesizeExpressions(cond: string): string {
  let out = ''
  let at = 0
  for (const e of expressions(cond)) {
    out += `${cond.slice(at, e.start)}(${cond.slice(e.start + 3, e.end - 2)})`
    at = e.end
  }
  return out + cond.slice(at)
}

/**
 * Whether an `if:` condition lets only people with access to the repository
 * through: an `==` test of the actor (or, for `event`, the author of the
 * comment, issue, review, pull request or discussion that fires it) against a
 * maintainer-chosen name, membership of the actor in a maintainer-chosen
 * array, an author association of OWNER, MEMBER or COLLABORATOR, a label test
 * (unless `byAuthor`), or on `pull_request_target` a same-repository pull
 * request (only people with push access can open one). Excluding accounts (`github.actor != 'dependabot[bot]'`)
 * lets everyone else in, and an `||` is a gate only when both sides are. With
 * `event`, the condition is judged for runs of that event only
 * (`github.event_name == 'workflow_dispatch' || <gate>` gates `issue_comment`).
 */
export function checksActor(cond: unknown, event?: string, byAuthor = false, outs?: ReadonlySet<string>): boolean {
  if (cond === false) return true
  if (typeof cond !== 'string') return false
  const whole = /^\s*\$\{\{([\s\S]*)\}\}\s*$/.exec(cond)
  const text =
    whole && !whole[1].includes('${{') ? whole[1] : parenthesizeExpressions(cond)
  const tree = parseCond(text)
  return tree ? gates(tree, event?.toLowerCase(), byAuthor, outs) : actorGate(text)
}

const PERMISSION_STEP =
  /getCollaboratorPermissionLevel|collaborators\/[^\s/]+\/permission|\/permission\b|check-(user|actor)-permission|permission-check|has-write-access|orgs\/[^\s/]+\/(?:public_)?members\/|teams\/[^\s/]+\/memberships\//i

function stepChecksPermission(step: Step): boolean {
  const text = [step.uses ?? '', step.run ?? '', typeof step.with.script === 'string' ? step.with.script : ''].join(
    '\n'
  )
  return PERMISSION_STEP.test(text)
}

/**
 * Outsider events for which a step is not gated on who triggered the run. A
 * step is gated by an actor or author-association test in the job's or
 * step's `if:`, an earlier permission-checking step, or a job it `needs`
 * that does either (also a step of the local action, `inner`, that runs
 * before the Claude step inside it: `gh api orgs/$ORG/members/$ACTOR` or a
 * permission look-up that fails the action). `if:` conditions are judged for each event an outsider
 * can fire; the events whose runs they do not limit are returned. With
 * `byAuthor`, only tests of the person who fires the event count (see {@link checksActor}).
 */
export function ungatedEvents(wf: Workflow, job: Job, step: Step, byAuthor = false, inner: readonly Step[] = []): string[] {
  if (job.steps.some((s) => s.index < step.index && stepChecksPermission(s))) return []
  // Steps of a local action that run before its Claude step (a membership check that fails the action).
  if (inner.some(stepChecksPermission)) return []
  const needs = job.value.needs
  const names =
    typeof needs === 'string'
      ? [needs]
      : Array.isArray(needs)
        ? needs.filter((n): n is string => typeof n === 'string')
        : []
  const deps = names.map((n) => wf.jobs.find((j) => j.id === n)).filter((j): j is Job => j !== undefined)
  if (deps.some((d) => d.steps.some(stepChecksPermission))) return []
  const conds = [job.value.if, step.value.if, ...deps.map((d) => d.value.if)]
  // A needed job's output that is true only for listed actors (`fromJSON(needs.check.outputs.result).allowed`): read only when named.
  const named = deps.length > 0 && [job.value.if, step.value.if].some((c) => typeof c === 'string' && /\bneeds\s*\./i.test(c))
  const outs = (ev: string): Set<string> | undefined => (named ? new Set(deps.flatMap((d) => [...memberOnlyOutputs(d, ev)])) : undefined)
  return outsiderEvents(wf).filter((ev) => {
    const o = outs(ev)
    return !conds.some((c) => checksActor(c, ev, byAuthor, o))
  })
}

/** Whether a step is gated on who triggered the run for every event an outsider can fire (see {@link ungatedEvents}). */
export function gatedOnActor(wf: Workflow, job: Job, step: Step): boolean {
  return ungatedEvents(wf, job, step).length === 0
}

// ---------------------------------------------------------------------------
// Claude jobs

/** Claude runs grouped by job, in workflow order (runs whose caller is unknown are left out). */
export function claudeJobs(project: Project): Map<Job, ClaudeRun[]> {
  const m = new Map<Job, ClaudeRun[]>()
  for (const r of project.claudeRuns) {
    // A published action's caller is unknown: its job's facts are not this run's.
    if (r.callerUnknown) continue
    const list = m.get(r.job) ?? []
    list.push(r)
    m.set(r.job, list)
  }
  return m
}

/** Whether a YAML value is boolean true (or the string "true"). */
export function isTrue(v: unknown): boolean {
  return v === true || (typeof v === 'string' && v.trim().toLowerCase() === 'true')
}

/** Whether a YAML value is boolean false (or the string "false"). */
export function isFalse(v: unknown): boolean {
  return v === false || (typeof v === 'string' && v.trim().toLowerCase() === 'false')
}

/** Name of a `uses:` action without its ref, lower-cased (`actions/checkout`). */
export function actionName(uses: string | undefined): string | undefined {
  if (!uses) return undefined
  const u = uses.trim()
  const at = u.lastIndexOf('@')
  return (at < 0 ? u : u.slice(0, at)).toLowerCase()
}

/** Env names Claude Code itself reads for credentials and routing (it needs them in its environment). */
export const CLAUDE_ENV_NAMES: ReadonlySet<string> = new Set([
  'ANTHROPIC_API_KEY',
  'ANTHROPIC_AUTH_TOKEN',
  'CLAUDE_CODE_OAUTH_TOKEN',
  'CLAUDE_CODE_OAUTH_REFRESH_TOKEN',
  'ANTHROPIC_CUSTOM_HEADERS',
  'AWS_BEARER_TOKEN_BEDROCK',
  'ANTHROPIC_FOUNDRY_API_KEY',
  'ANTHROPIC_FOUNDRY_AUTH_TOKEN',
  'ANTHROPIC_AWS_API_KEY'
])

// ---------------------------------------------------------------------------
// Who wrote a piece of outside text

/** Payload objects present in each event's payload (beyond `repository` and `sender`). */
const EVENT_OBJECTS: Readonly<Record<string, readonly string[]>> = {
  issues: ['issue'],
  issue_comment: ['issue', 'comment'],
  pull_request_review: ['pull_request', 'review'],
  pull_request_review_comment: ['pull_request', 'comment'],
  pull_request_target: ['pull_request'],
  pull_request: ['pull_request'],
  discussion: ['discussion'],
  discussion_comment: ['discussion', 'comment']
}

/** The payload object whose author wrote an outsider-controlled context (`github.event.comment.body` → `comment`). */
export function textObject(context: string): string | undefined {
  const c = context.toLowerCase()
  if (/(^|[^\w.])github\.head_ref\b/.test(c)) return 'pull_request'
  const m = /(?:^|[^\w.])github\.event\.(issue|comment|review|pull_request|discussion)\./.exec(c)
  return m?.[1]
}

/**
 * What the payload of each event can hold of the texts {@link textObject} names (`head_ref`:
 * `github.head_ref`, set only on `pull_request` and `pull_request_target`), for the events whose
 * payload is documented (https://docs.github.com/en/webhooks/webhook-events-and-payloads and
 * "Events that trigger workflows"). An event missing here may carry anything.
 */
const CARRIES: Readonly<Record<string, readonly string[]>> = {
  issues: ['issue'],
  issue_comment: ['issue', 'comment'],
  pull_request: ['pull_request', 'head_ref'],
  pull_request_target: ['pull_request', 'head_ref'],
  pull_request_review: ['pull_request', 'review'],
  pull_request_review_comment: ['pull_request', 'comment'],
  discussion: ['discussion'],
  discussion_comment: ['discussion', 'comment'],
  commit_comment: ['comment'],
  ...Object.fromEntries(
    [
      'push',
      'workflow_dispatch',
      'schedule',
      'workflow_run',
      'release',
      'create',
      'delete',
      'merge_group',
      'watch',
      'fork',
      'status',
      'deployment',
      'deployment_status',
      'page_build',
      'public',
      'label',
      'milestone',
      'registry_package',
      'check_run',
      'check_suite',
      'gollum',
      'branch_protection_rule'
    ].map((ev) => [ev, [] as string[]])
  )
}

/**
 * Whether no event that starts the workflow carries the text a context names,
 * so it expands to an empty string: `github.head_ref` in a workflow run only
 * on `workflow_dispatch`, `github.event.issue.title` on `push`. Only when every
 * trigger's payload is known; never for a reusable workflow (its callers'
 * events apply) or an action judged for any caller (no triggers).
 */
export function neverCarried(wf: Workflow, context: string): boolean {
  const c = context.toLowerCase()
  const obj = /(^|[^\w.])github\.head_ref\b/.test(c) ? 'head_ref' : /(?:^|[^\w.])github\.event\.(issue|comment|review|pull_request|discussion)\./.exec(c)?.[1]
  if (!obj || wf.triggers.size === 0) return false
  return [...wf.triggers].every((ev) => Object.hasOwn(CARRIES, ev) && !CARRIES[ev]?.includes(obj))
}

/**
 * Whether the payload of `event` can hold the text a context names (see {@link neverCarried}):
 * false when the event's payload is documented and has no such object, undefined when the
 * context is not one of those texts or the event's payload is not known.
 */
export function eventCarries(event: string, context: string): boolean | undefined {
  const c = context.toLowerCase()
  const obj = /(^|[^\w.])github\.head_ref\b/.test(c) ? 'head_ref' : /(?:^|[^\w.])github\.event\.(issue|comment|review|pull_request|discussion)\./.exec(c)?.[1]
  if (!obj || !Object.hasOwn(CARRIES, event)) return undefined
  return CARRIES[event]?.includes(obj) ?? undefined
}

/**
 * Whether the author of the text a context holds is gated: every event of
 * the workflow whose payload carries that text is an outsider event fired by
 * that text's author, and the step only runs for them when they have access
 * to the repository (see {@link ungatedEvents}). The comment body on
 * `issue_comment` gated on the commenter is trusted; the issue body there
 * (written by whoever opened the issue) is not. Also true where no event of
 * the workflow carries the text at all ({@link neverCarried}).
 */
export function authorGated(wf: Workflow, job: Job, step: Step, context: string): boolean {
  // No event of the workflow carries the text: it is empty, whoever could have written it.
  if (neverCarried(wf, context)) return true
  const obj = textObject(context)
  if (!obj) return false
  const carrying = [...wf.triggers].filter((ev) => Object.hasOwn(EVENT_OBJECTS, ev) && EVENT_OBJECTS[ev]?.includes(obj))
  if (carrying.length === 0) return false
  // On an event limited to maintainer-only types (`labeled`) the text's author is not who fires it.
  const outsiders = new Set(outsiderEvents(wf))
  const ungated = new Set(ungatedEvents(wf, job, step, true))
  return carrying.every((ev) => outsiders.has(ev) && AUTHOR_OBJ[ev] === obj && !ungated.has(ev))
}
