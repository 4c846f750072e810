/**
 * Reusable workflows in their callers' context. A `workflow_call` workflow
 * runs with the event, secrets and inputs of the workflow that calls it: called
 * from `pull_request_target`, it is as privileged as its caller, and a caller's
 * `${{ github.event.* }}` passed as an input is outside text inside it. Only
 * callers in the same repository are known (`uses: ./.github/workflows/x.yml`,
 * `$/.github/workflows/x.yml`, or the repository's own `owner/name/.github/workflows/x.yml@ref`).
 */
import { posix } from 'node:path'
import { isObject, type PathSeg, type StructuredDoc } from '../parse/doc.js'
import { expressions, type Job, type Workflow } from '../model/workflow.js'
import { argStringFlags, type ClaudeRun, type InputBinding } from '../model/claude.js'
import { bindInputs } from './claude-runs.js'
import { actionHolds } from '../facts/versions.js'

/** One job that calls a reusable workflow of the repository. */
export interface WorkflowCaller {
  workflow: Workflow
  job: Job
  /** The `with:` the caller passes (input name lower-cased → value). */
  with: Map<string, { key: string; value: unknown }>
}

/**
 * The local workflow a `uses:` of a job names, repository-relative, when it is
 * one: `./.github/workflows/x.yml`, or `owner/repo/.github/workflows/x.yml@ref`
 * naming the audited repository itself (`repository`, `owner/name`).
 */
export function calledPath(uses: string | undefined, repository?: string): string | undefined {
  if (!uses) return undefined
  let u = uses.trim()
  const own = /^([\w.-]+\/[\w.-]+)\/(\.github\/workflows\/[^@]+)@[^@]+$/.exec(u)
  if (own && repository && own[1].toLowerCase() === repository.toLowerCase()) u = `./${own[2]}`
  // The self-reference form (`$/path`, "this repository at this commit").
  if (u.startsWith('$/')) u = `.${u.slice(1)}`
  if (!u.startsWith('./')) return undefined
  const n = posix.normalize(u.slice(2))
  return n.startsWith('..') ? undefined : n
}

/** Callers of each reusable workflow of the repository. */
export function findCallers(workflows: Workflow[], repository?: string): Map<Workflow, WorkflowCaller[]> {
  const byPath = new Map(workflows.map((w) => [w.path, w]))
  const out = new Map<Workflow, WorkflowCaller[]>()
  for (const wf of workflows) {
    for (const job of wf.jobs) {
      const p = calledPath(job.usesWorkflow, repository)
      const callee = p ? byPath.get(p) : undefined
      if (!callee || !callee.triggers.has('workflow_call')) continue
      const w = new Map<string, { key: string; value: unknown }>()
      if (isObject(job.value.with)) for (const [k, v] of Object.entries(job.value.with)) w.set(k.toLowerCase(), { key: k, value: v })
      const list = out.get(callee) ?? []
      list.push({ workflow: wf, job, with: w })
      out.set(callee, list)
    }
  }
  return out
}

/**
 * Events that start a workflow, through its callers for `workflow_call`
 * (recursively; a loop of calls adds nothing). Event → the caller chain that
 * brings it (empty for the workflow's own triggers).
 */
export function effectiveTriggers(
  wf: Workflow,
  callers: ReadonlyMap<Workflow, WorkflowCaller[]>,
  seen: Set<Workflow> = new Set()
): Map<string, Workflow[]> {
  const out = new Map<string, Workflow[]>()
  for (const t of wf.triggers) if (t !== 'workflow_call') out.set(t, [])
  if (seen.has(wf)) return out
  seen.add(wf)
  for (const c of callers.get(wf) ?? []) {
    for (const [ev, chain] of effectiveTriggers(c.workflow, callers, seen)) {
      if (!out.has(ev)) out.set(ev, [c.workflow, ...chain])
    }
  }
  return out
}

/** Events of a triggering workflow that let outside code or text set off a `workflow_run` after it. */
export const OPENING_EVENTS: ReadonlySet<string> = new Set([
  'pull_request',
  'pull_request_target',
  'pull_request_review',
  'pull_request_review_comment',
  'issues',
  'issue_comment',
  'discussion',
  'discussion_comment'
])

/**
 * Whether the `workflow_run` trigger of `wf` can follow a run that outside
 * code or text set off: a workflow named in `workflows:` runs on such an event
 * (a pull request, from a fork too; a comment; through its own callers or its
 * own `workflow_run`), or is not a workflow of the repository (a name not
 * found, a pattern, no list). Only pushes, schedules and maintainer-started
 * events before it make it the maintainers' own.
 */
export function workflowRunOpen(
  wf: Workflow,
  workflows: readonly Workflow[],
  callers: ReadonlyMap<Workflow, WorkflowCaller[]>,
  seen: Set<Workflow> = new Set()
): boolean {
  if (seen.has(wf)) return false
  seen.add(wf)
  const cfg = wf.triggerConfig.get('workflow_run')
  const raw = isObject(cfg) ? cfg.workflows : undefined
  const names = typeof raw === 'string' ? [raw] : Array.isArray(raw) ? raw : []
  if (names.length === 0) return true
  for (const n of names) {
    if (typeof n !== 'string' || n.includes('*')) return true
    const name = n.trim()
    // A workflow is named by its `name:`, or by its path when it has none.
    const hits = workflows.filter((w) => (typeof w.value.name === 'string' ? w.value.name.trim() === name : w.path === name))
    if (hits.length === 0) return true
    for (const w of hits) {
      for (const [ev, chain] of effectiveTriggers(w, callers)) {
        if (OPENING_EVENTS.has(ev)) return true
        if (ev === 'workflow_run' && workflowRunOpen(chain.length ? chain[chain.length - 1] : w, workflows, callers, seen)) return true
      }
    }
  }
  return false
}

/**
 * Whether an event that starts `wf` (through its callers too) is one an
 * outsider can fire or one that runs privileged for outside code:
 * `pull_request_target`, an outsider event, or a `workflow_run` that follows
 * such a run ({@link workflowRunOpen}).
 */
export function untrustedStart(
  wf: Workflow,
  workflows: readonly Workflow[],
  callers: ReadonlyMap<Workflow, WorkflowCaller[]>,
  outsiderEvents: ReadonlySet<string>
): boolean {
  for (const [ev, chain] of effectiveTriggers(wf, callers)) {
    if (outsiderEvents.has(ev) || ev === 'pull_request_target') return true
    if (ev === 'workflow_run' && workflowRunOpen(chain.length ? chain[chain.length - 1] : wf, workflows, callers)) return true
  }
  return false
}

/** A Claude run of a reusable workflow as one chain of its callers has it. */
export interface CallerRun {
  /** The run with the callers' `with:` values (or the inputs' defaults) bound into its `claude_args`. */
  run: ClaudeRun
  /** The job that calls the run's workflow on this chain; undefined for a start no caller here makes (see {@link callerRuns}). */
  caller?: WorkflowCaller
}

/** More caller chains than this for one run: the callers are not followed (the run is judged as written). */
const MAX_CHAINS = 32

const chainCache = new WeakMap<ReadonlyMap<Workflow, WorkflowCaller[]>, WeakMap<ClaudeRun, CallerRun[] | null>>()

/**
 * A reusable workflow's Claude action run as each of its starts has it: a
 * callee inherits its callers' inputs, so `claude_args: ${{ inputs.claude_args }}`
 * holds what each calling job's `with:` passes (the input's `default:` where a
 * caller leaves it out; through callers of callers when the value is itself
 * `${{ inputs.Y }}`). A start no caller here explains — the workflow has other
 * triggers, or no caller in this repository (it is published for others), or a
 * calling workflow is itself started that way — is a chain without a
 * caller whose inputs stay unknown (the run as written). Undefined when the run
 * takes no input into `claude_args`, is not an action run written in a
 * reusable workflow, or the chains are too many or loop.
 */
export function callerRuns(run: ClaudeRun, callers: ReadonlyMap<Workflow, WorkflowCaller[]>): CallerRun[] | undefined {
  let byRun = chainCache.get(callers)
  if (!byRun) chainCache.set(callers, (byRun = new WeakMap()))
  let out = byRun.get(run)
  if (out === undefined) byRun.set(run, (out = computeCallerRuns(run, callers) ?? null))
  return out ?? undefined
}

/** Whether every start of a reusable workflow's run passes one of `names` in `claude_args` through its callers' inputs. */
export function everyCallerSets(
  run: ClaudeRun,
  callers: ReadonlyMap<Workflow, WorkflowCaller[]>,
  ...names: string[]
): boolean {
  const chains = callerRuns(run, callers)
  return (
    chains !== undefined &&
    chains.length > 0 &&
    chains.every((c) => c.caller !== undefined && c.run.flags.some((f) => names.includes(f.name)))
  )
}

/** Where one start of a workflow gets an input's value: a calling job here, or the input's `default:`. */
export interface InputStart {
  /** The value as text; undefined when it is not known here (an expression, a start that passes no inputs). */
  value?: string
  /** The calling job (outermost caller's value bound in); undefined for a start no caller here makes. */
  caller?: WorkflowCaller
  /** The value is the input's `default:` (the caller left it out, or no caller here passes it). */
  byDefault: boolean
}

/** Triggers whose start passes `inputs`: a caller's `with:`, a dispatch's form. */
const INPUT_TRIGGERS: ReadonlySet<string> = new Set(['workflow_call', 'workflow_dispatch'])

/**
 * The value input `name` of workflow `wf` has on each start: what each calling
 * job here passes (the input's `default:` where it leaves it out; through
 * callers of callers as for {@link callerRuns}); for a start no caller here
 * makes, the `default:` its trigger declares (`workflow_call` for a workflow
 * published for other repositories, `workflow_dispatch`), and no value for a
 * trigger that passes no inputs (`push`, `pull_request`). Undefined when the
 * workflow takes no inputs, or the chains are too many or loop.
 */
export function inputStarts(wf: Workflow, name: string, callers: ReadonlyMap<Workflow, WorkflowCaller[]>): InputStart[] | undefined {
  const n = name.toLowerCase()
  if (![...wf.triggers].some((t) => INPUT_TRIGGERS.has(t))) return undefined
  const chains = inputChains(wf, new Set([n]), callers, new Set())
  if (!chains) return undefined
  const out: InputStart[] = []
  for (const c of chains) {
    if (c.caller) {
      const b = c.inputs.get(n)
      const known = b !== undefined && b.value !== '' && !b.value.includes('${{')
      out.push({ caller: c.caller, byDefault: b?.doc === wf.doc, ...(known ? { value: b.value } : {}) })
      continue
    }
    // No caller here: each trigger the workflow starts on gives its own value.
    const own = [...wf.triggers].filter((t) => t !== 'workflow_call' || (callers.get(wf) ?? []).length === 0)
    for (const t of own) {
      const d = INPUT_TRIGGERS.has(t) ? declaredInputs(wf, t).get(n)?.value : undefined
      out.push({ byDefault: true, ...(d !== undefined && d !== '' ? { value: d } : {}) })
    }
  }
  return out
}

function computeCallerRuns(run: ClaudeRun, callers: ReadonlyMap<Workflow, WorkflowCaller[]>): CallerRun[] | undefined {
  const wf = run.workflow
  const text = run.flagsText
  if (run.kind === 'cli' || run.sdk || run.callerUnknown || run.via.length > 0 || run.doc !== wf.doc || !text)
    return undefined
  if (!wf.triggers.has('workflow_call') || !text.includes('inputs')) return undefined
  const names = inputNames(text)
  if (names.size === 0) return undefined
  const chains = inputChains(wf, names, callers, new Set())
  if (!chains) return undefined
  const split = !run.fork && actionHolds('actionClaudeArgsShellCharsKept', run.step.uses) ? 'keep' : 'drop'
  return chains.map((c) => {
    if (!c.caller) return { run }
    const flagsText = String(bindInputs(text, c.inputs))
    return {
      run: { ...run, flags: argStringFlags(flagsText, split), flagsText, flagsSpan: undefined, inputs: c.inputs },
      caller: c.caller
    }
  })
}

/** The input names `inputs.X` / `inputs['X']` in a text's expressions (lower-cased). */
function inputNames(text: string): Set<string> {
  const out = new Set<string>()
  for (const e of expressions(text)) {
    for (const m of e.text.matchAll(/(?<![\w.])inputs\s*(?:\.\s*([A-Za-z_][\w-]*)|\[\s*'([^']+)'\s*\])/g))
      out.add((m[1] ?? m[2] ?? '').toLowerCase())
  }
  return out
}

/**
 * Each way `names` of reusable workflow `wf` get their values: one chain per
 * calling job here (recursively through callers of callers), and one without a
 * caller for a start no caller here explains. Undefined past {@link MAX_CHAINS} or on a loop.
 */
function inputChains(
  wf: Workflow,
  names: ReadonlySet<string>,
  callers: ReadonlyMap<Workflow, WorkflowCaller[]>,
  path: Set<Workflow>
): { caller?: WorkflowCaller; inputs: Map<string, InputBinding> }[] | undefined {
  if (path.has(wf)) return undefined
  const own = callers.get(wf) ?? []
  const out: { caller?: WorkflowCaller; inputs: Map<string, InputBinding> }[] = []
  // Started by its own other triggers, or (no caller here) from other repositories: the inputs are not known here.
  if (own.length === 0 || [...wf.triggers].some((t) => t !== 'workflow_call')) out.push({ inputs: new Map() })
  const inner = new Set(path).add(wf)
  const decl = declaredInputs(wf)
  for (const c of own) {
    const raw = new Map<string, { value: string; doc?: StructuredDoc; path?: PathSeg[] }>()
    const outerNames = new Set<string>()
    for (const name of names) {
      const w = c.with.get(name)
      if (w && (typeof w.value === 'string' || typeof w.value === 'number' || typeof w.value === 'boolean')) {
        const value = String(w.value)
        raw.set(name, { value, doc: c.workflow.doc, path: [...c.job.path, 'with', w.key] })
        if (value.includes('inputs')) for (const n of inputNames(value)) outerNames.add(n)
      } else if (!w) {
        // Left out: the input's default, else empty.
        const d = decl.get(name)
        raw.set(name, d && d.value !== undefined ? { value: d.value, doc: wf.doc, path: d.path } : { value: '' })
      }
    }
    // A value that is the calling workflow's own `${{ inputs.Y }}`: what reaches that workflow.
    const outer =
      outerNames.size > 0 && c.workflow.triggers.has('workflow_call')
        ? inputChains(c.workflow, outerNames, callers, inner)
        : [{ inputs: new Map<string, InputBinding>() }]
    if (!outer) return undefined
    for (const o of outer) {
      const inputs = new Map<string, InputBinding>()
      for (const [name, r] of raw) {
        const m = /^\s*\$\{\{\s*inputs\s*\.\s*([A-Za-z_][\w-]*)\s*\}\}\s*$/.exec(r.value)
        const value = o.inputs.size ? String(bindInputs(r.value, o.inputs)) : r.value
        inputs.set(name, {
          value,
          doc: r.doc,
          path: r.path,
          ...(m && o.inputs.get(m[1].toLowerCase()) ? { outer: o.inputs.get(m[1].toLowerCase()) } : {})
        })
      }
      // An outer start no caller explains leaves its `${{ inputs.Y }}` as written (a value not known here).
      out.push({ caller: c, inputs })
      if (out.length > MAX_CHAINS) return undefined
    }
  }
  return out
}

/** `on.workflow_call.inputs` (or another trigger's) of a workflow: lower-cased name → its `default:` as text, and where that is written. */
function declaredInputs(wf: Workflow, trigger = 'workflow_call'): Map<string, { value?: string; path: PathSeg[] }> {
  const out = new Map<string, { value?: string; path: PathSeg[] }>()
  const cfg = wf.triggerConfig.get(trigger)
  const inputs = isObject(cfg) ? cfg.inputs : undefined
  if (!isObject(inputs)) return out
  const onKey = Object.hasOwn(wf.value, 'on') ? 'on' : 'true'
  for (const [k, d] of Object.entries(inputs)) {
    const def = isObject(d) ? d.default : undefined
    const value =
      typeof def === 'string' || typeof def === 'number' || typeof def === 'boolean' ? String(def) : undefined
    out.set(k.toLowerCase(), { value, path: [onKey, trigger, 'inputs', k, 'default'] })
  }
  return out
}
