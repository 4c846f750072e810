/**
 * Reusable workflows in their callers' context. A `workflow_call` workflow
 * runs with the event, secrets and inputs of the workflow that calls it: called
 * from `pull_request_target`, it is as privileged as its caller, and a caller's
 * `${{ github.event.* }}` passed as an input is outside text inside it. Only
 * callers in the same repository are known (`uses: ./.github/workflows/x.yml`,
 * `$/.github/workflows/x.yml`, or the repository's own `owner/name/.github/workflows/x.yml@ref`).
 */
import { posix } from 'node:path'
import { isObject } from '../parse/doc.js'
import type { Job, Workflow } from '../model/workflow.js'

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
