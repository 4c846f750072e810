/**
 * The literal value behind `${{ needs.<job>.outputs.<name> }}`: the job's
 * `outputs:` entry when it is a literal, the `$GITHUB_OUTPUT` line a step of
 * that job writes with a literal `echo`, or, for a job that calls a reusable
 * workflow of the repository, the callee's `workflow_call` output followed to
 * its job's output and on to a literal the caller passes or the input's
 * default. Anything else (a computed value, a variable, an expression) is not
 * known and gives undefined: the value is never guessed.
 */
import { isObject } from '../parse/doc.js'
import type { Span } from '../parse/source.js'
import { parseShell } from '../shell/parse.js'
import { expressions, shellView, type Job, type Workflow } from '../model/workflow.js'
import { locateInBlock } from '../model/claude.js'
import { calledPath } from './callers.js'
import { writesTo } from './runner-files.js'

/** A literal found at the end of the chain, and the hops that lead there. */
export interface ResolvedOutput {
  value: string
  /** Where the literal is written (the scalar, or the `echo` word). */
  span: Span
  /** The outputs, calls and defaults on the way, outermost first. */
  hops: { at: Span; note: string }[]
}

const NEEDS = /^\s*\$\{\{\s*needs\s*\.\s*([A-Za-z_][\w-]*)\s*\.\s*outputs\s*\.\s*([A-Za-z_][\w-]*)\s*\}\}\s*$/
const JOBS = /^\s*\$\{\{\s*jobs\s*\.\s*([A-Za-z_][\w-]*)\s*\.\s*outputs\s*\.\s*([A-Za-z_][\w-]*)\s*\}\}\s*$/
const STEPS = /^\s*\$\{\{\s*steps\s*\.\s*([A-Za-z_][\w-]*)\s*\.\s*outputs\s*\.\s*([A-Za-z_][\w-]*)\s*\}\}\s*$/
const INPUT = /^\s*\$\{\{\s*inputs\s*\.\s*([A-Za-z_][\w-]*)\s*\}\}\s*$/

/** How deep reusable workflows are followed. */
const MAX_CALLS = 4

interface Context {
  workflows: readonly Workflow[]
  repository?: string
}

/** The literal a `${{ needs.X.outputs.Y }}` value (the whole value, nothing else) stands for in `job`, when known. */
export function resolveNeedsOutput(text: unknown, wf: Workflow, job: Job, ctx: Context): ResolvedOutput | undefined {
  const m = typeof text === 'string' ? NEEDS.exec(text) : null
  if (!m) return undefined
  const needs = job.value.needs
  const listed = typeof needs === 'string' ? [needs] : Array.isArray(needs) ? needs : []
  if (!listed.includes(m[1])) return undefined
  const producer = wf.jobs.find((j) => j.id === m[1])
  return producer ? jobOutput(wf, producer, m[2], ctx, undefined, 0) : undefined
}

/** What a caller of a reusable workflow passes: its `with:`, in its document. */
interface Call {
  wf: Workflow
  job: Job
}

function jobOutput(wf: Workflow, job: Job, name: string, ctx: Context, call: Call | undefined, depth: number): ResolvedOutput | undefined {
  if (job.usesWorkflow !== undefined) return calleeOutput(wf, job, name, ctx, depth)
  const outputs = isObject(job.value.outputs) ? job.value.outputs : {}
  const key = Object.keys(outputs).find((k) => k.toLowerCase() === name.toLowerCase())
  const v = key !== undefined ? outputs[key] : undefined
  const span = key !== undefined ? wf.doc.span([...job.path, 'outputs', key]) : undefined
  if (typeof v !== 'string' || !span) return undefined
  if (!v.includes('${{')) return { value: v, span, hops: [] }
  const hop = { at: span, note: `output \`${key}\` of job ${job.id}` }
  const s = STEPS.exec(v)
  if (s) {
    const r = stepOutput(wf, job, s[1], s[2])
    return r && { ...r, hops: [hop, ...r.hops] }
  }
  const i = INPUT.exec(v)
  if (i && call) {
    const r = inputValue(wf, i[1], call)
    return r && { ...r, hops: [hop, ...r.hops] }
  }
  return undefined
}

/** A job that calls a reusable workflow: the callee's `workflow_call` output, followed into the callee. */
function calleeOutput(wf: Workflow, job: Job, name: string, ctx: Context, depth: number): ResolvedOutput | undefined {
  if (depth >= MAX_CALLS) return undefined
  const path = calledPath(job.usesWorkflow, ctx.repository)
  const callee = path !== undefined ? ctx.workflows.find((w) => w.path === path) : undefined
  if (!callee) return undefined
  const wc = callee.triggerConfig.get('workflow_call')
  const outputs = isObject(wc) && isObject(wc.outputs) ? wc.outputs : {}
  const key = Object.keys(outputs).find((k) => k.toLowerCase() === name.toLowerCase())
  const decl = key !== undefined ? outputs[key] : undefined
  const value = isObject(decl) ? decl.value : undefined
  const m = typeof value === 'string' ? JOBS.exec(value) : null
  const inner = m ? callee.jobs.find((j) => j.id === m[1]) : undefined
  if (!m || !inner || key === undefined) return undefined
  const r = jobOutput(callee, inner, m[2], ctx, { wf, job }, depth + 1)
  const at = callee.doc.span(['on', 'workflow_call', 'outputs', key, 'value'])
  return r && { ...r, hops: [...(at ? [{ at, note: `output \`${key}\` of ${callee.path}` }] : []), ...r.hops] }
}

/** A `workflow_call` input inside the callee: the caller's literal, or the input's default when the caller passes none. */
function inputValue(callee: Workflow, name: string, call: Call): ResolvedOutput | undefined {
  const w = isObject(call.job.value.with) ? call.job.value.with : {}
  const passed = Object.keys(w).find((k) => k.toLowerCase() === name.toLowerCase())
  if (passed !== undefined) {
    const v = w[passed]
    const span = call.wf.doc.span([...call.job.path, 'with', passed])
    // An expression the caller passes (its own input, a secret, an output) is not followed.
    return typeof v === 'string' && !v.includes('${{') && span ? { value: v, span, hops: [] } : undefined
  }
  const wc = callee.triggerConfig.get('workflow_call')
  const inputs = isObject(wc) && isObject(wc.inputs) ? wc.inputs : {}
  const key = Object.keys(inputs).find((k) => k.toLowerCase() === name.toLowerCase())
  const decl = key !== undefined ? inputs[key] : undefined
  const def = isObject(decl) ? decl.default : undefined
  const span = key !== undefined ? callee.doc.span(['on', 'workflow_call', 'inputs', key, 'default']) : undefined
  if (typeof def !== 'string' || def.includes('${{') || !span) return undefined
  const use = call.wf.doc.span([...call.job.path, 'uses'])
  return { value: def, span, hops: use ? [{ at: use, note: `job ${call.job.id} calls ${callee.path} without \`${key}\`, so the default applies` }] : [] }
}

/**
 * A step output written by a literal `echo NAME=value >> "$GITHUB_OUTPUT"` (the
 * last such write in the step's script); any other write of that name makes it unknown.
 */
function stepOutput(wf: Workflow, job: Job, id: string, name: string): ResolvedOutput | undefined {
  const step = job.steps.find((s) => s.value.id === id)
  if (!step || typeof step.run !== 'string') return undefined
  const run = step.run
  const runSpan = wf.doc.span([...step.path, 'run'])
  if (!runSpan) return undefined
  const parsed = parseShell(shellView(run))
  let found: { value: string; start: number; end: number } | undefined
  for (const c of parsed.commands) {
    if (writesTo(c) !== 'GITHUB_OUTPUT') continue
    const verb = c.name.slice(c.name.lastIndexOf('/') + 1)
    const words = c.args.slice(1).filter((a) => !(verb === 'echo' && /^-[neE]+$/.test(a.text)))
    const named = words.some((a) => a.text.startsWith(`${name}=`)) || c.redirects.some((r) => r.heredoc)
    if (!named) continue
    const w = words.length === 1 && verb === 'echo' ? words[0] : undefined
    const lit = w && w.literal && !hasExpression(run, w.start, w.end) && !w.text.includes('\n') ? w : undefined
    if (!lit) return undefined // written some other way: not known
    found = { value: lit.text.slice(name.length + 1), start: lit.start, end: lit.end }
  }
  if (!found) return undefined
  const span = locateInBlock(runSpan, run, found.start, found.end) as Span
  return { value: found.value, span, hops: [] }
}

function hasExpression(text: string, start: number, end: number): boolean {
  return expressions(text).some((e) => e.start < end && e.end > start)
}
