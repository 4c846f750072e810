/**
 * Whether a job's or step's `if:` lets it run for an event that hands it
 * outside code with the base repository's privileges: `pull_request_target`
 * for a pull request from a fork, or `workflow_run` after a run that such a
 * pull request (or comment) set off. The condition is parsed with GitHub's
 * own expression parser (see {@link parseCond}) and evaluated in three
 * values: what that event fixes is known (`github.event_name`, the
 * triggering run's event, a head repository that is not the base
 * repository), everything else is unknown. Only a condition that is false
 * whatever the unknowns are keeps the job or step from running.
 */
import { parseCond, type Cond } from './workflow-security.js'
import { effectiveTriggers, OPENING_EVENTS, type WorkflowCaller } from './callers.js'
import { isObject } from '../parse/doc.js'
import type { Workflow } from '../model/workflow.js'

/** What a hostile run of one event fixes: context path (lower case) → value. */
export interface HostileRun {
  event: string
  known: ReadonlyMap<string, string | boolean>
  /**
   * The pull request's head is a fork on the other pull request events too (`pull_request`,
   * `pull_request_review`, `pull_request_review_comment`), not only on `pull_request_target`.
   */
  forkHead?: boolean
  /** The head may be this repository's or a fork's: its repository conditions stay unknown (any run of the event, not only a hostile one). */
  anyHead?: boolean
  /**
   * Context paths (lower case) holding the login of an account the condition does not name: equal
   * to no literal, in no literal list; any other test of it (a substring, a prefix) stays unknown.
   */
  outsiders?: ReadonlySet<string>
  /**
   * A `workflow_run` after a fork's pull request: `github.event.workflow_run.pull_requests` is
   * empty (GitHub lists only pull requests whose head is in this repository), so an element
   * of it (`pull_requests[0]`, `pull_requests[0].number`) is null.
   */
  noPullRequests?: boolean
}

/** The context naming the head's repository, which is a fork in a hostile run, per event. */
const HEAD_REPO: Readonly<Record<string, string>> = {
  pull_request_target: 'github.event.pull_request.head.repo.full_name',
  workflow_run: 'github.event.workflow_run.head_repository.full_name'
}
/** The flag saying the head's repository is a fork, per event. */
const HEAD_FORK: Readonly<Record<string, string>> = {
  pull_request_target: 'github.event.pull_request.head.repo.fork',
  workflow_run: 'github.event.workflow_run.head_repository.fork'
}
/** The pull request events whose head's repository the conditions name as on `pull_request_target`. */
const PULL_REQUEST_EVENTS = new Set(['pull_request', 'pull_request_review', 'pull_request_review_comment'])

/** The head's repository name and fork flag a run's conditions can compare, if the run fixes them. */
function headContexts(run: HostileRun): { repo: string; fork: string } | undefined {
  if (run.anyHead) return undefined
  const e = run.forkHead && PULL_REQUEST_EVENTS.has(run.event) ? 'pull_request_target' : run.event
  const repo = HEAD_REPO[e]
  const fork = HEAD_FORK[e]
  return repo !== undefined && fork !== undefined ? { repo, fork } : undefined
}

/** Contexts naming the base repository. */
const BASE_REPO = new Set(['github.repository', 'github.event.repository.full_name', 'github.event.pull_request.base.repo.full_name'])

/**
 * A value in three-valued evaluation: known, unknown, a repository name known only to differ from
 * the other, or the login of an account no literal names.
 */
type V = { k: 'val'; v: unknown } | { k: 'unknown' } | { k: 'head-repo' } | { k: 'base-repo' } | { k: 'outsider' }

const UNKNOWN: V = { k: 'unknown' }
const val = (v: unknown): V => ({ k: 'val', v })

/** Truthiness as GitHub's expressions define it; undefined when not known. */
function truthy(x: V): boolean | undefined {
  if (x.k === 'head-repo' || x.k === 'base-repo' || x.k === 'outsider') return true
  if (x.k !== 'val') return undefined
  const v = x.v
  return !(v === false || v === null || v === 0 || v === '' || (typeof v === 'number' && Number.isNaN(v)))
}

/** `==` of two values; undefined when not known. Strings compare without case, as GitHub does. */
function equals(a: V, b: V): boolean | undefined {
  if ((a.k === 'head-repo' && b.k === 'base-repo') || (a.k === 'base-repo' && b.k === 'head-repo')) return false
  // An account the condition does not name equals none of its literal names.
  if ((a.k === 'outsider' && b.k === 'val' && typeof b.v === 'string') || (b.k === 'outsider' && a.k === 'val' && typeof a.v === 'string'))
    return false
  if (a.k !== 'val' || b.k !== 'val') return undefined
  const x = a.v
  const y = b.v
  if (typeof x === 'string' && typeof y === 'string') return x.toLowerCase() === y.toLowerCase()
  if (typeof x === typeof y && (typeof x !== 'object' || x === null)) return x === y
  return undefined
}

/** `contains(hay, needle)`: membership in an array, a substring test on strings. */
function contains(hay: V, needle: V): V {
  // An outside account is on no list of literal names (`contains(fromJSON('["a","b"]'), github.actor)`).
  if (needle.k === 'outsider' && hay.k === 'val' && Array.isArray(hay.v))
    return hay.v.every((x) => typeof x === 'string') ? val(false) : UNKNOWN
  if (hay.k !== 'val' || needle.k !== 'val') return UNKNOWN
  const n = needle.v
  if (Array.isArray(hay.v)) {
    if (hay.v.some((x) => equals(val(x), needle) === true)) return val(true)
    return hay.v.every((x) => equals(val(x), needle) === false) ? val(false) : UNKNOWN
  }
  if (typeof hay.v === 'string' && typeof n === 'string') return val(hay.v.toLowerCase().includes(n.toLowerCase()))
  return UNKNOWN
}

function evaluate(n: Cond, run: HostileRun): V {
  switch (n.t) {
    case 'lit':
      return val(n.v)
    case 'ctx': {
      if (n.path === 'github.event_name') return val(run.event)
      if (run.noPullRequests && n.item && n.path.startsWith('github.event.workflow_run.pull_requests.')) return val(null)
      if (run.outsiders?.has(n.path)) return { k: 'outsider' }
      const known = run.known.get(n.path)
      if (known !== undefined) return val(known)
      const head = headContexts(run)
      if (head?.repo === n.path) return { k: 'head-repo' }
      if (BASE_REPO.has(n.path)) return { k: 'base-repo' }
      if (head?.fork === n.path) return val(true)
      return UNKNOWN
    }
    case 'not': {
      const t = truthy(evaluate(n.x, run))
      return t === undefined ? UNKNOWN : val(!t)
    }
    case 'bin': {
      if (n.op === '&&' || n.op === '||') {
        const l = evaluate(n.l, run)
        const lt = truthy(l)
        // `a && b` is a when a is falsy, else b; `a || b` is a when a is truthy, else b.
        if (lt === (n.op === '||')) return l
        const r = evaluate(n.r, run)
        if (lt !== undefined) return r
        const rt = truthy(r)
        // Unknown left: known only when both sides agree.
        return rt === (n.op === '&&' ? false : true) ? val(rt) : UNKNOWN
      }
      const l = evaluate(n.l, run)
      const r = evaluate(n.r, run)
      if (n.op === '==' || n.op === '!=') {
        const eq = equals(l, r)
        return eq === undefined ? UNKNOWN : val(n.op === '==' ? eq : !eq)
      }
      return UNKNOWN
    }
    case 'call': {
      const args = n.args.map((a) => evaluate(a, run))
      if (n.name === 'contains' && args.length === 2) return contains(args[0] as V, args[1] as V)
      if (n.name === 'fromjson' && args.length === 1) {
        const a = args[0] as V
        if (a.k !== 'val' || typeof a.v !== 'string') return UNKNOWN
        try {
          return val(JSON.parse(a.v) as unknown)
        } catch {
          return UNKNOWN
        }
      }
      if ((n.name === 'startswith' || n.name === 'endswith') && args.length === 2) {
        const [a, b] = args as [V, V]
        if (a.k !== 'val' || b.k !== 'val' || typeof a.v !== 'string' || typeof b.v !== 'string') return UNKNOWN
        const x = a.v.toLowerCase()
        const y = b.v.toLowerCase()
        return val(n.name === 'startswith' ? x.startsWith(y) : x.endsWith(y))
      }
      return UNKNOWN
    }
    default:
      return UNKNOWN
  }
}

/**
 * Whether an `if:` value may be true in `run`: false only when the condition
 * is false whatever is not known. A value that does not parse, text around
 * `${{ }}` (a non-empty string, always true) or no condition may be true.
 */
export function mayRunIn(cond: unknown, run: HostileRun): boolean {
  if (cond === undefined || cond === null) return true
  if (typeof cond === 'boolean' || typeof cond === 'number') return truthy(val(cond)) !== false
  if (typeof cond !== 'string') return true
  const whole = /^\s*\$\{\{([\s\S]*)\}\}\s*$/.exec(cond)
  if (!whole && cond.includes('${{')) return true
  const text = whole ? whole[1] : cond
  if (whole && text.includes('${{')) return true
  const tree = parseCond(text)
  if (!tree) return true
  return truthy(evaluate(tree, run)) !== false
}

/**
 * The hostile runs of a privileged event for a workflow: one for
 * `pull_request_target`; for `workflow_run`, one per event of the workflows
 * it follows that outside code or text can set off (`github.event.workflow_run.event`),
 * or one where that event is unknown when those workflows are not all known.
 * `root` is the workflow that declares the trigger (itself, or the outermost caller).
 */
export function hostileRuns(
  event: string,
  root: Workflow,
  workflows: readonly Workflow[],
  callers: ReadonlyMap<Workflow, WorkflowCaller[]>
): HostileRun[] {
  if (event !== 'workflow_run') return [{ event, known: new Map() }]
  const events = followedEvents(root, workflows, callers)
  if (!events) return [{ event, known: new Map() }]
  return [...events].sort().map((e) => ({ event, known: new Map([['github.event.workflow_run.event', e]]) }))
}

/**
 * Events of the workflows a `workflow_run` trigger follows that outside code
 * or text can set off; undefined when a followed workflow is not known (a
 * pattern, a name not found, no list).
 */
function followedEvents(wf: Workflow, workflows: readonly Workflow[], callers: ReadonlyMap<Workflow, WorkflowCaller[]>): Set<string> | undefined {
  const cfg = wf.triggerConfig.get('workflow_run')
  const raw = isObject(cfg) ? cfg.workflows : undefined
  const names = typeof raw === 'string' ? [raw] : Array.isArray(raw) ? raw : []
  if (names.length === 0) return undefined
  const out = new Set<string>()
  for (const n of names) {
    if (typeof n !== 'string' || n.includes('*')) return undefined
    const name = n.trim()
    const hits = workflows.filter((w) => (typeof w.value.name === 'string' ? w.value.name.trim() === name : w.path === name))
    if (hits.length === 0) return undefined
    for (const w of hits) {
      for (const ev of effectiveTriggers(w, callers).keys()) {
        // A run after another workflow_run may follow outside code again: its event is the chain's.
        if (OPENING_EVENTS.has(ev) || ev === 'workflow_run') out.add(ev)
      }
    }
  }
  return out
}

/** Events whose runs can come from a fork's branch, and that the head-repository conditions can exclude. */
const FORK_HEAD_EVENTS = new Set([...PULL_REQUEST_EVENTS, 'pull_request_target', 'workflow_run'])

/**
 * Whether `if:` conditions (a job's, a step's) keep the run from happening whenever the head
 * branch of an `event` run is in a fork: the usual same-repository gates,
 * `github.event.pull_request.head.repo.full_name == github.repository`,
 * `!github.event.pull_request.head.repo.fork`, `github.event.pull_request.head.repo.fork == false`
 * (`github.event.workflow_run.head_repository.*` after a `workflow_run`). Then the branch is one of
 * this repository's, pushed by someone with write access. False for other events.
 */
export function excludesForkHeads(event: string, ...conds: unknown[]): boolean {
  if (!FORK_HEAD_EVENTS.has(event)) return false
  const run: HostileRun = { event, known: new Map(), forkHead: true }
  return !conds.every((c) => mayRunIn(c, run))
}

/** Associations of a pull request's author who has no access to the repository. */
const OUTSIDE_ASSOCIATIONS = ['NONE', 'FIRST_TIMER', 'FIRST_TIME_CONTRIBUTOR', 'CONTRIBUTOR', 'MANNEQUIN']

/** Contexts naming the account that fired the run: whoever opened, pushed to, reopened or labelled the pull request, or re-ran the run. */
const ACTOR_CONTEXTS = ['github.actor', 'github.triggering_actor', 'github.event.sender.login']

/**
 * Whether `if:` conditions (a job's, a step's) keep a hostile `pull_request_target` run from
 * happening whenever the pull request was opened by an account the conditions do not name and
 * that has no access to the repository: a test of `github.event.pull_request.user.login`
 * (`== 'dependabot[bot]'`, a literal list) or of its `author_association`. The author is fixed
 * when the pull request is opened, and only the author (with the collaborators of the head's
 * repository) can push to its head branch, so such a gate limits who controls the head's files.
 * False for other events.
 */
export function excludesOutsideAuthors(run: HostileRun, ...conds: unknown[]): boolean {
  if (run.event !== 'pull_request_target') return false
  return OUTSIDE_ASSOCIATIONS.every((assoc) => {
    const r: HostileRun = {
      ...run,
      known: new Map([...run.known, ['github.event.pull_request.author_association', assoc]]),
      outsiders: new Set([...(run.outsiders ?? []), 'github.event.pull_request.user.login'])
    }
    return !conds.every((c) => mayRunIn(c, r))
  })
}

/**
 * Whether `if:` conditions keep a hostile run from happening whenever the account that fired it
 * (`github.actor`, `github.triggering_actor`, `github.event.sender.login`) is one they do not
 * name. On `pull_request_target` that account is not the pull request's author: GitHub sets
 * `github.actor` to whoever triggered the initial run (who pushed to the head branch, reopened or
 * labelled the pull request; a re-run keeps it, `github.triggering_actor` names the re-runner), so
 * such a gate does not keep an outsider's head out.
 */
export function excludesOutsideActors(run: HostileRun, ...conds: unknown[]): boolean {
  const r: HostileRun = { ...run, outsiders: new Set([...(run.outsiders ?? []), ...ACTOR_CONTEXTS]) }
  return !conds.every((c) => mayRunIn(c, r))
}
