/**
 * Where outside text enters on its way to a prompt or a script: the `env:`
 * entry that takes it, the earlier step that writes it to an output or a
 * file, the caller's `with:` that passes it in. A template-injection finding
 * points at the place the text is used; these are its related locations.
 *
 * Taint contexts name their way in as `env.NAME (inner)` and
 * `steps.ID.outputs.X (inner)` (nested as deep as the text went); this reads
 * them back into places.
 */
import type { StructuredDoc, PathSeg } from '../parse/doc.js'
import { isObject } from '../parse/doc.js'
import { fetchOf } from './gh-fetch.js'
import type { Span } from '../parse/source.js'
import type { RelatedReport } from '../rules/rule.js'
import type { Job, Step, Workflow } from '../model/workflow.js'

const ENV_CONTEXT = /^env\.([A-Za-z_][\w-]*) \(([\s\S]*)\)$/
const OUTPUT_CONTEXT = /^steps\.([A-Za-z_][\w-]*)\.outputs\.([A-Za-z_][\w-]*) \(([\s\S]*)\)$/
const NEEDS_CONTEXT = /^needs\.([A-Za-z_][\w-]*)\.outputs\.([A-Za-z_][\w-]*) \(([\s\S]*)\)$/

/** The innermost context of a taint (`env.A (steps.s.outputs.o (github.event.issue.title))` → the event's). */
export function sourceContext(context: string): string {
  const e = ENV_CONTEXT.exec(context)
  if (e) return sourceContext(e[2])
  const o = OUTPUT_CONTEXT.exec(context) ?? NEEDS_CONTEXT.exec(context)
  return o ? sourceContext(o[3]) : context
}

/**
 * The `env:` entry named NAME that a step sees: the step's own, else its
 * job's, else the workflow's (`stepDoc` holds the step: a local action's
 * file for a step of a composite action, whose job and workflow are the caller's).
 */
export function envEntry(wf: Workflow, job: Job, step: Step, stepDoc: StructuredDoc, name: string): Span | undefined {
  const has = (v: unknown): boolean => isObject(v) && Object.hasOwn(v, name)
  const at = (doc: StructuredDoc, path: PathSeg[]): Span | undefined => doc.span([...path, 'env', name], 'pair')
  if (has(step.value.env)) return at(stepDoc, step.path)
  if (has(job.value.env)) return at(wf.doc, job.path)
  if (has(wf.value.env)) return at(wf.doc, [])
  return undefined
}

/** A step's name for a note: its `name:`, else its `id:`, else its number. */
export function stepLabel(step: Step): string {
  const n = step.value.name ?? step.value.id
  return typeof n === 'string' && n.trim() !== '' ? `"${n.trim()}"` : `${step.index + 1}`
}

/**
 * Related places of a taint context seen by `step` (undefined: by the job as a whole, as a
 * job that calls a reusable workflow passes its `with:`): each `env:` entry, writing step and
 * needed job's `outputs:` entry on the way in, outermost use first, and the `gh` command that
 * fetched the text when one did.
 */
export function taintEntries(wf: Workflow, job: Job, step: Step | undefined, stepDoc: StructuredDoc, context: string): RelatedReport[] {
  const out: RelatedReport[] = []
  let ctx = context
  let at = step
  let doc = stepDoc
  let inJob = job
  for (let depth = 0; depth < 8; depth++) {
    const e = ENV_CONTEXT.exec(ctx)
    if (e) {
      const span = at && envEntry(wf, inJob, at, doc, e[1])
      if (span) out.push({ at: span, note: `the \`env:\` entry ${e[1]} takes \`${sourceContext(e[2])}\`` })
      ctx = e[2]
      continue
    }
    const o = OUTPUT_CONTEXT.exec(ctx)
    if (o) {
      const steps = doc === wf.doc ? inJob.steps : []
      const writer = steps.find((s) => (at === undefined || s.index < at.index) && s.value.id === o[1])
      if (!writer) break
      const span = doc.span([...writer.path, 'run'], 'key') ?? doc.span(writer.path)
      if (span) out.push({ at: span, note: `step ${stepLabel(writer)} writes \`${sourceContext(o[3])}\` to its output ${o[2]}` })
      ctx = o[3]
      at = writer
      doc = wf.doc
      continue
    }
    const n = NEEDS_CONTEXT.exec(ctx)
    if (n && doc === wf.doc) {
      const producer = wf.jobs.find((j) => j.id === n[1])
      const outputs = producer && isObject(producer.value.outputs) ? producer.value.outputs : {}
      const key = Object.keys(outputs).find((k) => k.toLowerCase() === n[2].toLowerCase())
      if (!producer || key === undefined) break
      const span = wf.doc.span([...producer.path, 'outputs', key], 'pair')
      if (span) out.push({ at: span, note: `output ${key} of job ${producer.id} takes \`${sourceContext(n[3])}\`` })
      ctx = n[3]
      inJob = producer
      at = undefined
      continue
    }
    break
  }
  return [...out, ...fetchRelated(ctx)]
}

/** The `gh` command that fetched the text a taint context holds (its innermost context), as a related place; none for other text. */
export function fetchRelated(context: string): RelatedReport[] {
  const f = fetchOf(sourceContext(context))
  return f ? [{ at: f.at, note: `\`${f.fetched.command}\` fetches the ${f.fetched.what} from GitHub: text written by ${f.fetched.who}` }] : []
}
