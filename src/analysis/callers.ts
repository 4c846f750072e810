/**
 * Reusable workflows in their callers' context. A `workflow_call` workflow
 * runs with the event, secrets and inputs of the workflow that calls it: called
 * from `pull_request_target`, it is as privileged as its caller, and a caller's
 * `${{ github.event.* }}` passed as an input is outside text inside it. Only
 * callers in the same repository are known (`uses: ./.github/workflows/x.yml`).
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

/** The local workflow a `uses:` of a job names, repository-relative, when it is one. */
export function calledPath(uses: string | undefined): string | undefined {
  if (!uses) return undefined
  const u = uses.trim()
  if (!u.startsWith('./')) return undefined
  const n = posix.normalize(u.slice(2))
  return n.startsWith('..') ? undefined : n
}

/** Callers of each reusable workflow of the repository. */
export function findCallers(workflows: Workflow[]): Map<Workflow, WorkflowCaller[]> {
  const byPath = new Map(workflows.map((w) => [w.path, w]))
  const out = new Map<Workflow, WorkflowCaller[]>()
  for (const wf of workflows) {
    for (const job of wf.jobs) {
      const p = calledPath(job.usesWorkflow)
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

/** Events whose runs start from a pull request or an outsider's text (a fork's pull request included). */
const OUTSIDE_STARTED = new Set([
  'pull_request',
  'pull_request_target',
  'pull_request_review',
  'pull_request_review_comment',
  'issues',
  'issue_comment',
  'discussion',
  'discussion_comment',
  'workflow_run'
])

/**
 * Whether a `workflow_run` trigger of `wf` can follow a run that a pull request
 * or an outsider started: true unless every workflow it names is in the
 * repository (matched by `name:`, or by path for a workflow without one) and
 * none of those runs, directly or through its callers, on such an event. A
 * `workflow_run` after a push-only deploy runs only for maintainers' code.
 */
export function workflowRunFromOutside(
  wf: Workflow,
  workflows: readonly Workflow[],
  callers: ReadonlyMap<Workflow, WorkflowCaller[]>
): boolean {
  const cfg = wf.triggerConfig.get('workflow_run')
  const names = isObject(cfg) && Array.isArray(cfg.workflows) ? cfg.workflows : undefined
  if (!names || names.length === 0) return true
  return names.some((n) => {
    if (typeof n !== 'string') return true
    const up = workflows.filter((w) => (typeof w.value.name === 'string' ? w.value.name === n : w.path === n))
    if (up.length === 0) return true
    return up.some((w) => [...effectiveTriggers(w, callers).keys()].some((e) => OUTSIDE_STARTED.has(e)))
  })
}
