/**
 * Why a Claude run one step removed runs at all: the `uses:` of the local
 * action or the `run:` command of the repository script that leads to it
 * ({@link ClaudeRun.via}), and the jobs that call its reusable workflow (a
 * `workflow_call` workflow runs with its callers' triggers and secrets). A
 * finding inside such a run is true only because of those places, so the
 * finding builder shows them as related locations.
 */
import type { ClaudeRun } from '../model/claude.js'
import type { Project } from '../model/project.js'
import type { Span } from '../parse/source.js'
import type { RelatedReport } from '../rules/rule.js'
import type { Workflow } from '../model/workflow.js'
import { effectiveTriggers, type WorkflowCaller } from './callers.js'
import { isObject } from '../parse/doc.js'

/** The text of a run's region, in one file: a finding inside it is a finding on the run. */
interface Region {
  start: number
  end: number
  /** The id of the job the run belongs to (in the outermost workflow). */
  job: string
  related: RelatedReport[]
}

/** Most events named in a caller's note. */
const MAX_EVENTS = 3

/** The places that make each of a project's Claude runs run, by the file and range of the run. */
export class RunReach {
  private readonly byFile = new Map<string, Region[]>()

  constructor(project: Pick<Project, 'claudeRuns' | 'callers'>) {
    for (const run of project.claudeRuns) {
      // A published action's caller is unknown: nothing to point at.
      if (run.callerUnknown) continue
      const related = [...hopsOf(run), ...callersOf(run.workflow, project.callers)]
      if (related.length === 0) continue
      for (const region of regionsOf(run)) {
        const list = this.byFile.get(region.file.path) ?? []
        list.push({ start: region.start, end: region.end, job: run.job.id, related })
        this.byFile.set(region.file.path, list)
      }
    }
  }

  /**
   * Related places of a finding at `at`: those of every run whose region
   * holds it. A local action or script shared by several jobs is one region
   * per job: with `jobs` (the jobs the finding names), only theirs, unless
   * none of them runs there.
   */
  relatedAt(at: Span, jobs?: readonly string[]): RelatedReport[] {
    const regions = this.byFile.get(at.file.path)
    if (!regions) return []
    const holding = regions.filter((r) => at.start >= r.start && at.start < Math.max(r.end, r.start + 1))
    const named = jobs?.length ? holding.filter((r) => jobs.includes(r.job)) : []
    return (named.length ? named : holding).flatMap((r) => r.related)
  }
}

/**
 * Where a run stands: the `claude` command or the Agent SDK call (and its options) in a repository script, or the
 * step in a local action's `action.yml` or a workflow (job-wide in a reusable
 * workflow, where findings on the job, such as its timeout, concern the run too).
 */
function regionsOf(run: ClaudeRun): Span[] {
  if (run.script && run.command) return [{ file: run.script.file, start: run.command.start, end: run.command.end }]
  if (run.sdk) {
    // An Agent SDK session: its call, and each option and prompt input written away from it (`options = ClaudeAgentOptions(...)`).
    const call = run.sdk.call
    const apart = [...run.flags, ...run.sdk.promptReads].filter((f) => f.end <= call.start || f.start >= call.end).map((f) => ({ file: call.file, start: f.start, end: f.end }))
    return [call, ...apart]
  }
  if (run.via.length > 0) return [run.doc.span(run.step.path, 'value') ?? run.anchor]
  return [run.workflow.doc.span(run.job.path, 'pair') ?? run.anchor]
}

/** The chain of calls from the workflow's step to the run, outermost first. */
function hopsOf(run: ClaudeRun): RelatedReport[] {
  const out: RelatedReport[] = []
  for (const hop of run.via) {
    const at = hop.at ?? hop.doc.span([...hop.step.path, hop.kind === 'action' ? 'uses' : 'run'], 'pair') ?? hop.doc.span(hop.step.path)
    if (!at) continue
    out.push({
      at,
      note:
        hop.kind === 'action'
          ? `calls the local action ${hop.path}, where Claude runs`
          : hop.kind === 'import'
            ? `imports ${hop.path}, where Claude runs`
            : `runs the script ${hop.path}, where Claude runs`
    })
  }
  return out
}

/** The jobs that call a reusable workflow, each with the events it runs on. */
export function callersOf(wf: Workflow, callers: ReadonlyMap<Workflow, WorkflowCaller[]>): RelatedReport[] {
  if (!wf.triggers.has('workflow_call')) return []
  const out: RelatedReport[] = []
  for (const c of callers.get(wf) ?? []) {
    const at = c.workflow.doc.span([...c.job.path, 'uses'], 'pair') ?? c.workflow.doc.span(c.job.path, 'key')
    if (!at) continue
    out.push({ at, note: callerNote(c, callers) })
  }
  return out
}

/** "job review calls this reusable workflow (on pull_request_target, push)". */
export function callerNote(c: WorkflowCaller, callers: ReadonlyMap<Workflow, WorkflowCaller[]>, what = 'calls this reusable workflow'): string {
  const events = [...effectiveTriggers(c.workflow, callers).keys()].sort()
  const shown = events.slice(0, MAX_EVENTS).join(', ') + (events.length > MAX_EVENTS ? ', …' : '')
  return `job ${c.job.id} ${what}${events.length ? ` (on ${shown})` : ''}`
}

/** The span of an event's name under a workflow's `on:` (string, list item or key), when it is there. */
export function triggerSpan(wf: Workflow, event: string): Span | undefined {
  // `on` may be parsed as the key "on" (YAML 1.2) or, in 1.1 documents, as true.
  const key = Object.hasOwn(wf.value, 'on') ? 'on' : 'true'
  const on = wf.value[key]
  if (typeof on === 'string') return on.trim() === event ? wf.doc.span([key]) : undefined
  if (Array.isArray(on)) {
    const i = on.indexOf(event)
    return i >= 0 ? wf.doc.span([key, i]) : undefined
  }
  if (isObject(on) && Object.hasOwn(on, event)) return wf.doc.span([key, event], 'key')
  return undefined
}
