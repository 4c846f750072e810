/**
 * GitHub Actions workflows as typed views that keep their document, so rules
 * can point at jobs, steps and inputs.
 */
import { getAt, isObject, type PathSeg, type StructuredDoc } from '../parse/doc.js'
import type { Span } from '../parse/source.js'

/** One step of a job. */
export interface Step {
  index: number
  path: PathSeg[]
  value: Record<string, unknown>
  uses?: string
  run?: string
  with: Record<string, unknown>
  env: Record<string, unknown>
  name?: string
}

/** One job: a normal job with steps, or a call to a reusable workflow. */
export interface Job {
  id: string
  path: PathSeg[]
  value: Record<string, unknown>
  steps: Step[]
  /** `uses:` of a job that calls a reusable workflow. */
  usesWorkflow?: string
  env: Record<string, unknown>
}

/** A parsed workflow file. */
export interface Workflow {
  doc: StructuredDoc
  path: string
  value: Record<string, unknown>
  /** Event names that start the workflow. */
  triggers: Set<string>
  /** Trigger configuration by event name (null when given as a bare name). */
  triggerConfig: Map<string, unknown>
  jobs: Job[]
  env: Record<string, unknown>
}

function record(v: unknown): Record<string, unknown> {
  return isObject(v) ? v : {}
}

function str(v: unknown): string | undefined {
  return typeof v === 'string' ? v : undefined
}

/** Steps of a `steps:` sequence (a job's, or a composite action's `runs.steps`) at `path`. */
export function buildSteps(raw: unknown, path: PathSeg[]): Step[] {
  const steps: Step[] = []
  const list = Array.isArray(raw) ? raw : []
  list.forEach((sv, index) => {
    if (!isObject(sv)) return
    steps.push({
      index,
      path: [...path, index],
      value: sv,
      uses: str(sv.uses),
      run: str(sv.run),
      with: record(sv.with),
      env: record(sv.env),
      name: str(sv.name)
    })
  })
  return steps
}

/** Builds the workflow view from a parsed document; undefined when it is not a workflow. */
export function buildWorkflow(doc: StructuredDoc): Workflow | undefined {
  const value = doc.value
  if (!isObject(value)) return undefined
  const triggers = new Set<string>()
  const triggerConfig = new Map<string, unknown>()
  // `on` may be parsed as the key "on" (YAML 1.2) or, in 1.1 documents, as true.
  const on = value.on ?? value['true']
  if (typeof on === 'string') {
    triggers.add(on)
    triggerConfig.set(on, null)
  } else if (Array.isArray(on)) {
    for (const e of on) {
      if (typeof e !== 'string') continue
      triggers.add(e)
      triggerConfig.set(e, null)
    }
  } else if (isObject(on)) {
    for (const [k, v] of Object.entries(on)) {
      triggers.add(k)
      triggerConfig.set(k, v)
    }
  }
  const jobs: Job[] = []
  for (const [id, jv] of Object.entries(record(value.jobs))) {
    if (!isObject(jv)) continue
    const path: PathSeg[] = ['jobs', id]
    const steps: Step[] = []
    steps.push(...buildSteps(jv.steps, [...path, 'steps']))
    jobs.push({
      id,
      path,
      value: jv,
      steps,
      usesWorkflow: str(jv.uses),
      env: record(jv.env)
    })
  }
  return {
    doc,
    path: doc.file.path,
    value,
    triggers,
    triggerConfig,
    jobs,
    env: record(value.env)
  }
}

/** The `${{ ... }}` expressions in a string, with offsets relative to the string. */
export interface Expression {
  /** Inner text, trimmed. */
  text: string
  start: number
  end: number
}

/** Finds `${{ }}` expressions in a string value. */
export function expressions(s: string): Expression[] {
  const out: Expression[] = []
  let i = 0
  while ((i = s.indexOf('${{', i)) >= 0) {
    const close = s.indexOf('}}', i + 3)
    if (close < 0) break
    out.push({ text: s.slice(i + 3, close).trim(), start: i, end: close + 2 })
    i = close + 2
  }
  return out
}

/**
 * Narrows a value span to the first occurrence of `needle` in the source text it
 * covers (block scalars keep their text verbatim), falling back to the span.
 */
export function findInSpan(span: Span, needle: string, from = 0): Span {
  const text = span.file.text
  const at = text.indexOf(needle, span.start + from)
  if (at < 0 || at + needle.length > span.end) return span
  return { file: span.file, start: at, end: at + needle.length }
}

/** Value of a job key as a plain value. */
export function jobKey(job: Job, key: string): unknown {
  return getAt(job.value, [key])
}

/**
 * A `run:` script as the shell will see it: GitHub substitutes `${{ }}` before
 * the shell runs, so each expression is replaced by a same-length word of `_`
 * (offsets stay valid) and the script parses.
 */
export function shellView(run: string): string {
  let out = run
  for (const e of expressions(run)) {
    out = out.slice(0, e.start) + run.slice(e.start, e.end).replace(/[^\n]/g, '_') + out.slice(e.end)
  }
  return out
}
