/**
 * template-injection: GitHub expands `${{ }}` before the shell (or Claude)
 * sees the text, so an attacker-controlled field (an issue title, a comment, a
 * branch name) interpolated into a `run:` script becomes shell code, into an
 * `actions/github-script` script becomes JavaScript, and into the Claude
 * action's `prompt` or `claude_args` becomes instructions and flags of an
 * agent that holds the job's secrets. Maintainer-supplied `inputs.*` in a
 * `run:` script are reported at low severity. Outsider text moved into `env:`
 * is safe from the shell but not from Claude: a variable holding it in the
 * prompt of `claude -p` is reported too.
 * Docs: docs/rules/template-injection.md
 */
import { defineRule, type RelatedReport } from './rule.js'
import { expressions, shellView, type Job, type Step, type Workflow } from '../model/workflow.js'
import { claudeActionOf, claudeArgsFrom, type ClaudeRun } from '../model/claude.js'
import { writtenText } from '../analysis/claude-run.js'
import { envReadsOf } from '../analysis/code-claude-runs.js'
import { paramsIn, parseShell, type ShellCommand, type ShellParam, type ShellScript, type ShellWord, unquotedText } from '../shell/parse.js'
import { isObject, type PathSeg } from '../parse/doc.js'
import type { Span } from '../parse/source.js'
import type { WorkflowCaller } from '../analysis/callers.js'
import type { InputBinding } from '../model/claude.js'
import { scriptPath, type ActionCall, type LocalAction } from '../analysis/claude-runs.js'
import { fetchRelated, sourceContext, stepLabel, taintEntries } from '../analysis/taint-related.js'
import { runnerWrites, type RunnerWrite } from '../analysis/runner-files.js'
import { clearFetches, fetchOf, ghFetch, recordFetch } from '../analysis/gh-fetch.js'
import { excludesForkHeads, mayRunIn } from '../analysis/event-conditions.js'
import {
  actionName,
  authorGated,
  envRefs,
  eventCarries,
  textObject,
  safeInputs,
  spanInScalar,
  stepEnv,
  taintsOf,
  type Taint
} from '../analysis/workflow-security.js'

/** Inputs of the Claude actions that become the agent's instructions or flags. */
const PROMPT_INPUTS = [
  'prompt',
  'direct_prompt',
  'override_prompt',
  'custom_instructions',
  'system_prompt',
  'append_system_prompt',
  'claude_args'
] as const

type Sink = 'run' | 'script' | 'prompt'

interface Target {
  path: PathSeg[]
  value: string
  sink: Sink
  input: string
}

interface InputHit {
  at: Span
  context: string
  input: string
  target: string
  sink: string
  where: string
  /** Where the text comes from, when the caller takes it from an output. */
  related?: RelatedReport[]
}

/**
 * Outside text that reaches a Claude run's prompt through `${{ inputs.X }}`:
 * of the composite action it runs in (followed to what each caller passes),
 * or of the reusable workflow it runs in (followed to each calling job's `with:`).
 */
function inputHits(run: ClaudeRun, callers: ReadonlyMap<Workflow, WorkflowCaller[]>): InputHit[] {
  const rawWith = isObject(run.step.value.with) ? run.step.value.with : {}
  const sinks: { text: string; sink: string }[] =
    run.kind === 'cli'
      ? typeof run.step.run === 'string' && !run.script && scriptPath(run.step)
        ? [{ text: run.step.run, sink: 'the `claude -p` command' }]
        : []
      : PROMPT_INPUTS.filter((k) => typeof rawWith[k] === 'string').map((k) => ({ text: rawWith[k] as string, sink: `\`${k}\`` }))
  const out: InputHit[] = []
  const where = run.doc.file.path
  const gateStep = run.via[0]?.step ?? run.step
  const fromCallers = (wf: Workflow, name: string, sink: string, seen: Set<Workflow>): void => {
    if (seen.has(wf)) return
    seen.add(wf)
    for (const c of callers.get(wf) ?? []) {
      const w = c.with.get(name)
      if (!w || typeof w.value !== 'string') continue
      const span = c.workflow.doc.span([...c.job.path, 'with', w.key])
      if (span) check(w.value, span, w.key, `of the reusable workflow ${wf.path} (called by job ${c.job.id})`, sink, c.workflow, seen, true, c.job)
    }
  }
  const check = (
    value: string,
    span: Span,
    input: string,
    target: string,
    sink: string,
    wf: Workflow,
    seen: Set<Workflow>,
    follow = true,
    caller?: Job,
    callerStep?: Step
  ): void => {
    for (const e of expressions(value)) {
      // A workflow step's `with:` is expanded with that step's `env:` (and the job's and workflow's) and the job's earlier
      // step outputs: `${{ env.TITLE }}` passed to the action's prompt is the title all the same (spec: through `env:`).
      const taints = callerStep ? resolve(e.text, wf, run.job, callerStep, safeInputs(wf)) : taintsOf(e.text)
      const t = taints.find((x) => x.kind === 'untrusted' && !authorGated(wf, run.job, gateStep, x.context))
      if (t) {
        const related = callerStep && t.context.includes('(') ? taintEntries(wf, run.job, callerStep, wf.doc, t.context) : undefined
        out.push({ at: spanInScalar(span, value, e.start, e.end), context: t.context, input, target, sink, where, ...(related?.length ? { related } : {}) })
        continue
      }
      // A calling job's `with:` that passes a needed job's output holding outside text.
      const o = caller ? outputTaints(e.text, wf, caller, undefined, safeInputs(wf))[0] : undefined
      if (o) {
        const related = taintEntries(wf, caller as Job, undefined, wf.doc, o.context)
        out.push({ at: spanInScalar(span, value, e.start, e.end), context: o.context, input, target, sink, where, related })
        continue
      }
      // `${{ inputs.Y }}` of a reusable workflow: follow it to that workflow's callers.
      const m = /^inputs\s*\.\s*([A-Za-z_][\w-]*)$/.exec(e.text)
      if (m && follow && wf.triggers.has('workflow_call')) fromCallers(wf, m[1].toLowerCase(), sink, seen)
    }
  }
  for (const s of sinks) {
    for (const e of expressions(s.text)) {
      for (const m of e.text.matchAll(/(?<![\w.])inputs\s*\.\s*([A-Za-z_][\w-]*)/g)) {
        const name = m[1].toLowerCase()
        if (run.inputs) {
          // Composite action: walk out through each enclosing caller.
          let b: InputBinding | undefined = run.inputs.get(name)
          let hop = run.via.length - 1
          while (b && b.doc && b.path) {
            const span = b.doc.span(b.path)
            const target = `of the local action ${run.via[hop]?.path ?? ''}`
            // The outermost caller is a step of the workflow: its `env:` and earlier outputs reach what it passes.
            const outermost = b.doc === run.workflow.doc ? run.via[0]?.step : undefined
            if (span)
              check(b.value, span, String(b.path[b.path.length - 1]), target, s.sink, run.workflow, new Set(), b.doc === run.workflow.doc, undefined, outermost)
            b = b.outer
            hop--
          }
        } else if (run.doc === run.workflow.doc && run.workflow.triggers.has('workflow_call')) {
          fromCallers(run.workflow, name, s.sink, new Set())
        }
      }
    }
  }
  return out
}

function targetsOf(step: Step, claudeSteps: ReadonlySet<Step>): Target[] {
  const out: Target[] = []
  if (typeof step.run === 'string')
    out.push({ path: [...step.path, 'run'], value: step.run, sink: 'run', input: 'run' })
  if (actionName(step.uses) === 'actions/github-script' && typeof step.with.script === 'string') {
    out.push({ path: [...step.path, 'with', 'script'], value: step.with.script, sink: 'script', input: 'script' })
  }
  if (claudeActionOf(step.uses) || claudeSteps.has(step)) {
    for (const k of PROMPT_INPUTS) {
      const v = step.with[k]
      if (typeof v === 'string') out.push({ path: [...step.path, 'with', k], value: v, sink: 'prompt', input: k })
    }
  }
  return out
}

/**
 * Shell variables of a step's `env:` (workflow, job, step) that hold outside
 * text: a `${{ }}` context an outsider writes (not gated on its author), or a
 * step output an earlier step filled with one. Name → the context, as
 * `env.NAME (context)`.
 */
function envTaints(wf: Workflow, job: Job, step: Step, safe: ReadonlySet<string>): Map<string, string> {
  const out = new Map<string, string>()
  for (const [name, v] of Object.entries(stepEnv(wf, job, step))) {
    if (typeof v !== 'string') continue
    const t = exprContext(v, wf, job, step, safe)
    if (t) out.set(name, `env.${name} (${t})`)
  }
  return out
}

/** The outside context of the first `${{ }}` in `raw` that carries one (directly or through an earlier step's output). */
function exprContext(raw: string, wf: Workflow, job: Job, step: Step, safe: ReadonlySet<string>): string | undefined {
  for (const e of expressions(raw)) {
    const t =
      taintsOf(e.text, { safeInputs: safe }).find((x) => x.kind === 'untrusted' && !authorGated(wf, job, step, x.context)) ??
      outputTaints(e.text, wf, job, step, safe).find((x) => !authorGated(wf, job, step, x.context))
    if (t) return t.context
  }
  return undefined
}

/** What a step writes to the runner's files from outside text, by script text and step (several readers ask). */
const writesCache = new Map<Step, RunnerWrite[]>()

function writesOf(wf: Workflow, job: Job, step: Step, safe: ReadonlySet<string>): RunnerWrite[] {
  const script = step.run
  if (typeof script !== 'string' || !/GITHUB_(ENV|OUTPUT|PATH)/.test(script)) return []
  let w = writesCache.get(step)
  if (!w) {
    writesCache.set(step, (w = []))
    // runnerWrites parses only a script that holds a tainted expression, names a tainted variable or may run `gh`.
    w.push(...runnerWrites(script, shellView(script), (raw) => exprContext(raw, wf, job, step, safe), envTaints(wf, job, step, safe), fetchedIn(wf, step, script)))
  }
  return w
}

/**
 * The context of outside text a `gh` command of a workflow step's script fetches
 * (see src/analysis/gh-fetch.ts): what it fetches, the command and where it stands
 * (`title fetched by gh issue view at .github/workflows/x.yml:12`), recorded
 * with its place for related locations.
 */
function fetchedIn(wf: Workflow, step: Step, script: string): (c: ShellCommand) => string | undefined {
  return (c) => {
    const f = ghFetch(c, script)
    const span = f && wf.doc.span([...step.path, 'run'])
    if (!f || !span) return undefined
    const at = spanInScalar(span, script, c.start, c.end)
    const context = `${f.what} fetched by ${f.command} at ${at.file.path}:${at.file.position(at.start).line}`
    recordFetch(context, at, f)
    return context
  }
}

/**
 * A necessary condition, checked before a script is parsed, for `reportWrites` to report one
 * of its runner-file writes. It keeps writes to `$GITHUB_ENV` and `$GITHUB_PATH`, and
 * `NAME<<DELIM` blocks of `$GITHUB_OUTPUT` (a `NAME=value` output line is followed by the step
 * that reads the output instead, through {@link taintedOutputs}). `writesTo` takes the file from
 * a redirect target or a `tee` argument, words the parser reads from the script's shell view,
 * so its name shows in the view's `unquotedText`; a block needs its `NAME<<DELIM` marker, which
 * is read from a piece of the script (a slice of it), so `<<` shows in the script.
 */
function mayReportWrites(script: string): boolean {
  if (script.includes('<<') || /GITHUB_(ENV|PATH)/.test(script)) return true
  const words = unquotedText(shellView(script))
  return words === undefined || /GITHUB_(ENV|PATH)/.test(words)
}

/**
 * Outputs an earlier step writes to `$GITHUB_OUTPUT` from outside text: a
 * `${{ }}` expression, an `env:` variable holding one, or a shell variable
 * set from either, in `name=value` or between `name<<DELIM` and `DELIM`.
 * Output name (lower case) → the outside context.
 */
function taintedOutputs(wf: Workflow, job: Job, writer: Step, safe: ReadonlySet<string>): Map<string, string> {
  const out = new Map<string, string>()
  for (const w of writesOf(wf, job, writer, safe)) {
    if (w.file === 'GITHUB_OUTPUT' && w.name && !out.has(w.name.toLowerCase())) out.set(w.name.toLowerCase(), w.context)
  }
  return out
}

/**
 * Taints of `steps.<id>.outputs.<name>` references: outside text an earlier step of the job wrote there
 * (`step` undefined: any step of the job, as for its `outputs:`); and of `needs.<job>.outputs.<name>`:
 * outside text the `outputs:` entry of a job this one needs takes, from its steps or its own needs.
 */
function outputTaints(text: string, wf: Workflow, job: Job, step: Step | undefined, safe: ReadonlySet<string>, depth = 0): Taint[] {
  const out: Taint[] = []
  for (const m of text.matchAll(/(?<![\w.])steps\s*\.\s*([A-Za-z_][\w-]*)\s*\.\s*outputs\s*\.\s*([A-Za-z_][\w-]*)/g)) {
    const writer = job.steps.find((s) => (step === undefined || s.index < step.index) && s.value.id === m[1])
    if (!writer) continue
    const ctx = taintedOutputs(wf, job, writer, safe).get(m[2].toLowerCase())
    if (ctx) out.push({ kind: 'untrusted', context: `steps.${m[1]}.outputs.${m[2]} (${ctx})` })
  }
  if (depth < 4 && /\bneeds\b/.test(text)) {
    for (const m of text.matchAll(/(?<![\w.])needs\s*\.\s*([A-Za-z_][\w-]*)\s*\.\s*outputs\s*\.\s*([A-Za-z_][\w-]*)/g)) {
      const ctx = jobOutputTaint(wf, job, m[1], m[2], safe, depth)
      if (ctx) out.push({ kind: 'untrusted', context: `needs.${m[1]}.outputs.${m[2]} (${ctx})` })
    }
  }
  return out
}

/** The outside context the `outputs:` entry `name` of job `id` takes, where `job` needs that job. */
function jobOutputTaint(wf: Workflow, job: Job, id: string, name: string, safe: ReadonlySet<string>, depth: number): string | undefined {
  const needs = job.value.needs
  const listed = typeof needs === 'string' ? [needs] : Array.isArray(needs) ? needs : []
  if (!listed.includes(id)) return undefined
  const producer = wf.jobs.find((j) => j.id === id)
  const outputs = producer && isObject(producer.value.outputs) ? producer.value.outputs : undefined
  const key = outputs && Object.keys(outputs).find((k) => k.toLowerCase() === name.toLowerCase())
  const value = key !== undefined ? outputs?.[key] : undefined
  if (!producer || typeof value !== 'string') return undefined
  const last = producer.steps[producer.steps.length - 1]
  for (const e of expressions(value)) {
    const t =
      (last ? taintsOf(e.text, { safeInputs: safe }).find((x) => x.kind === 'untrusted' && !authorGated(wf, producer, last, x.context)) : undefined) ??
      outputTaints(e.text, wf, producer, undefined, safe, depth + 1)[0]
    if (t) return t.context
  }
  return undefined
}

function resolve(text: string, wf: Workflow, job: Job, step: Step, safe: ReadonlySet<string>): Taint[] {
  const direct = taintsOf(text, { safeInputs: safe })
  const env = stepEnv(wf, job, step)
  const out = [...direct]
  // Outside text is not made safe by passing through a step's output: GitHub expands it as it is.
  out.push(...outputTaints(text, wf, job, step, safe))
  for (const r of envRefs(text, env)) {
    for (const e of expressions(r.value)) {
      for (const t of [...taintsOf(e.text, { safeInputs: safe }), ...outputTaints(e.text, wf, job, step, safe)])
        out.push({ kind: t.kind, context: `env.${r.name} (${t.context})` })
    }
  }
  return out
}

/** Branch names of a pull request's head (the context inside `env.X (…)` too), by the events that carry them. */
const PR_BRANCH = /^(?:github\.head_ref|github\.event\.pull_request\.head\.(?:ref|label))$/i
const RUN_BRANCH = /^(?:github\.event\.workflow_run\.(?:head_branch|pull_requests\.\*\.head\.ref))$/i
const PR_EVENTS = ['pull_request', 'pull_request_target', 'pull_request_review', 'pull_request_review_comment']

/**
 * Where a head branch's name is maintainer-chosen: `context` names it and every event of the
 * workflow that carries it runs the step only when the head branch is in this repository (the
 * job's or the step's `if:` compares the head repository with `github.repository` or tests its
 * `fork` flag), so whoever chose the name can push to the repository. Which `if:` does it, or
 * undefined. A reusable workflow's caller decides its event: not judged.
 */
function sameRepositoryGate(wf: Workflow, job: Job, step: Step, context: string): string | undefined {
  const inner = /\(([^()]+)\)$/.exec(context)?.[1] ?? context
  const carrying = PR_BRANCH.test(inner) ? PR_EVENTS : RUN_BRANCH.test(inner) ? ['workflow_run'] : []
  const events = [...wf.triggers].filter((e) => carrying.includes(e))
  if (events.length === 0 || wf.triggers.has('workflow_call')) return undefined
  if (events.every((e) => excludesForkHeads(e, job.value.if))) return "the job's `if:`"
  return events.every((e) => excludesForkHeads(e, job.value.if, step.value.if)) ? "the step's `if:`" : undefined
}

/**
 * The events that can start `step` with the text `context` names in their payload: the
 * workflow's triggers, less those whose documented payload cannot hold the text and those the
 * job's or the step's `if:` rules out (judged with GitHub's expression parser, see
 * {@link mayRunIn}). Empty, so not judged, for a reusable workflow: its callers (here or in
 * another repository) decide its events.
 */
function carryingRuns(wf: Workflow, job: Job, step: Step, context: string): string[] {
  if (wf.triggers.has('workflow_call')) return []
  const out: string[] = []
  for (const event of wf.triggers) {
    if (eventCarries(event, context) === false) continue
    // Any run of the event, from a fork's branch or this repository's.
    const run = { event, known: new Map<string, string | boolean>(), anyHead: true }
    if (mayRunIn(job.value.if, run) && mayRunIn(step.value.if, run)) out.push(event)
  }
  return out
}

/**
 * How much outside text in a script is worth when every event that can start the step with it
 * is `pull_request`. GitHub gives the run of a fork's pull request a read-only `GITHUB_TOKEN`
 * and no secrets ("Events that trigger workflows", `pull_request`; a private repository can
 * opt in to sending them), and a branch of this repository is named by someone with push
 * access: a branch name is `low`. A title or body is `medium`: anyone can open a pull request
 * from an existing branch of this repository, and that run has the token and secrets.
 * Undefined when another event (`pull_request_target`, `workflow_run`, `issue_comment`, one
 * whose payload is not known) can start it.
 */
function pullRequestOnly(
  wf: Workflow,
  job: Job,
  step: Step,
  context: string
): 'low' | 'medium' | undefined {
  const runs = carryingRuns(wf, job, step, context)
  if (runs.length === 0 || runs.some((e) => e !== 'pull_request')) return undefined
  const inner = /\(([^()]+)\)$/.exec(context)?.[1] ?? context
  return PR_BRANCH.test(inner) ? 'low' : 'medium'
}

/**
 * Events on which claude-code-action's actor is the author of a payload object, by the
 * activity types for which that holds: the opener of an issue or pull request, the author of
 * a new comment or a submitted review. Not `edited`, `deleted`, `reopened`, `labeled`,
 * `assigned`, `dismissed`, … (the actor edits, removes or labels someone else's text).
 */
const ACTOR_WRITES: Readonly<Record<string, { obj: string; types: readonly string[]; who: string }>> = {
  issues: { obj: 'issue', types: ['opened'], who: 'the person who opens the issue' },
  issue_comment: { obj: 'comment', types: ['created'], who: 'the person who writes the comment' },
  pull_request: { obj: 'pull_request', types: ['opened'], who: 'the person who opens the pull request' },
  pull_request_target: { obj: 'pull_request', types: ['opened'], who: 'the person who opens the pull request' },
  pull_request_review: { obj: 'review', types: ['submitted'], who: 'the reviewer' },
  pull_request_review_comment: { obj: 'comment', types: ['created'], who: 'the person who writes the comment' }
}

/**
 * The activity types a trigger without `types:` runs for ("Events that trigger workflows"):
 * every type for `issues`, the listed defaults for the others.
 */
const DEFAULT_TYPES: Readonly<Record<string, readonly string[]>> = {
  issues: [
    'opened',
    'edited',
    'deleted',
    'transferred',
    'pinned',
    'unpinned',
    'closed',
    'reopened',
    'assigned',
    'unassigned',
    'labeled',
    'unlabeled',
    'locked',
    'unlocked',
    'milestoned',
    'demilestoned',
    'typed',
    'untyped'
  ],
  issue_comment: ['created', 'edited', 'deleted'],
  pull_request: ['opened', 'synchronize', 'reopened'],
  pull_request_target: ['opened', 'synchronize', 'reopened'],
  pull_request_review: ['submitted', 'edited', 'dismissed'],
  pull_request_review_comment: ['created', 'edited', 'deleted']
}

/** The `types:` of a trigger in a workflow, or undefined when it lists none (GitHub's defaults apply). */
function triggerTypes(wf: Workflow, event: string): string[] | undefined {
  const cfg = wf.triggerConfig.get(event)
  const types = isObject(cfg) ? cfg.types : undefined
  if (typeof types === 'string') return [types]
  if (Array.isArray(types)) return types.filter((t): t is string => typeof t === 'string')
  return undefined
}

/**
 * Where the text a context names, in a prompt of claude-code-action, is the actor's own for
 * every event that can start the step ({@link ACTOR_WRITES}) and the action's permission check
 * is on: it refuses to run for an actor without write access unless `allowed_non_write_users`
 * is set, and does not check bots, so `allowed_bots` must be empty too. Then only people with
 * write access put the text there. The events and who wrote the text, for the message, or
 * undefined. Not for claude-code-base-action, `claude -p` or a local action (no such check).
 */
function actorOwnText(
  wf: Workflow,
  job: Job,
  step: Step,
  context: string
): string | undefined {
  if (claudeActionOf(step.uses)?.kind !== 'action') return undefined
  for (const k of ['allowed_non_write_users', 'allowed_bots']) {
    const v = step.with[k]
    if (v !== undefined && v !== null && !(typeof v === 'string' && v.trim() === '')) return undefined
  }
  const obj = textObject(context)
  if (!obj) return undefined
  const runs = carryingRuns(wf, job, step, context)
  if (runs.length === 0) return undefined
  const parts: string[] = []
  for (const event of runs) {
    const w = ACTOR_WRITES[event]
    if (!w || w.obj !== obj) return undefined
    const declared = triggerTypes(wf, event)
    const types = declared?.length ? declared : (DEFAULT_TYPES[event] ?? [])
    // Another type (`edited`, `labeled`, …) may start the step unless an `if:` on `github.event.action` rules it out.
    for (const type of types) {
      if (w.types.includes(type.toLowerCase())) continue
      const run = { event, known: new Map<string, string | boolean>([['github.event.action', type]]), anyHead: true }
      if (mayRunIn(job.value.if, run) && mayRunIn(step.value.if, run)) return undefined
    }
    const part = `on \`${event}: ${w.types.join(', ')}\` by ${w.who}`
    if (!parts.includes(part)) parts.push(part)
  }
  return parts.join(', ')
}

/** What a maintainer's branch name still does where it is expanded, by sink. */
const SAME_REPO_SINKS: Record<Sink, { sink: string; still: string }> = {
  run: { sink: 'the `run:` script', still: 'a quote or `$(...)` in it still runs as shell code' },
  script: { sink: 'the github-script code', still: 'a quote in it still runs as JavaScript' },
  prompt: { sink: 'the prompt of the Claude step', still: 'its text still reaches the agent as instructions' }
}

/** Flags of `claude` whose value is (part of) the instructions. */
const PROMPT_FLAGS = new Set(['-p', '--print', '--system-prompt', '--append-system-prompt'])
/** Flags of `claude` that take no value, so the word after them is still the prompt. */
const BOOLEAN_FLAGS = new Set([
  '--verbose',
  '--debug',
  '-d',
  '--dangerously-skip-permissions',
  '--allow-dangerously-skip-permissions',
  '-c',
  '--continue',
  '--bare',
  '--strict-mcp-config',
  '--no-session-persistence',
  '--include-partial-messages',
  '--replay-user-messages',
  '--fork-session',
  '--mcp-debug',
  '--ide',
  '--chrome',
  '--no-chrome',
  '--disable-slash-commands'
])

/**
 * The parameter expansions within `[start, end)` of a parsed script (a word, an
 * assignment's value, a heredoc body) that carry the variable's text: not
 * `${#NAME}` (a length) or `${!NAME}` (another variable's value, or names).
 */
function valueExpansions(script: ShellScript, start: number, end: number): ShellParam[] {
  return paramsIn(script, start, end).filter((p) => !p.length && !p.indirect)
}

interface EnvPromptHit {
  /** Offsets of the expansion in the run script. */
  start: number
  end: number
  variable: string
  context: string
  flag?: string
  /** The text reaches the prompt on `claude -p`'s standard input (`echo "$BODY" | claude -p`). */
  stdin?: boolean
}

/** The step's `env:` entries (workflow, job, step) that carry outsider text: name → the context it holds. */
function taintedEnv(run: ClaudeRun, safe: ReadonlySet<string>): Map<string, string> {
  const env = stepEnv(run.workflow, run.job, run.step)
  const tainted = new Map<string, string>()
  // A step output an earlier step of the job filled with outside text counts too (not inside a composite action).
  const own = run.doc === run.workflow.doc
  for (const [name, v] of Object.entries(env)) {
    if (typeof v !== 'string') continue
    for (const e of expressions(v)) {
      const t =
        taintsOf(e.text, { safeInputs: safe }).find((x) => x.kind === 'untrusted' && !authorGated(run.workflow, run.job, run.step, x.context)) ??
        (own ? outputTaints(e.text, run.workflow, run.job, run.step, safe).find((x) => !authorGated(run.workflow, run.job, run.step, x.context)) : undefined)
      if (t) {
        tainted.set(name, `env.${name} (${t.context})`)
        break
      }
    }
  }
  return tainted
}

/**
 * `claude -p` started from a Python or JavaScript script: argv words in a
 * prompt position whose value the code reads from an environment variable
 * that carries outsider text (offsets into the script).
 */
function codeEnvPromptHits(run: ClaudeRun, safe: ReadonlySet<string>): EnvPromptHit[] {
  const cmd = run.command
  // A run already: where the program's own words start.
  const from = cmd && claudeArgsFrom(cmd.args.map((a) => a.text))
  if (!cmd || from === undefined) return []
  const tainted = taintedEnv(run, safe)
  if (tainted.size === 0) return []
  const words = cmd.args.slice(from)
  const out: EnvPromptHit[] = []
  words.forEach((w, i) => {
    const prev = words[i - 1]
    const flag = prev && prev.text.startsWith('-') && !prev.text.includes('=') ? prev.text : undefined
    if (flag && !PROMPT_FLAGS.has(flag) && !BOOLEAN_FLAGS.has(flag)) return
    for (const r of envReadsOf(w)) {
      const context = tainted.get(r.name)
      if (context) out.push({ start: r.start, end: r.end, variable: r.name, context, flag: flag === '--system-prompt' || flag === '--append-system-prompt' ? flag : undefined })
    }
  })
  return out
}

/** Environment variables an Agent SDK session's `query` prompt reads that carry outsider text (offsets into the script). */
function sdkEnvPromptHits(run: ClaudeRun, safe: ReadonlySet<string>): EnvPromptHit[] {
  const reads = run.sdk?.promptReads ?? []
  if (reads.length === 0) return []
  const tainted = taintedEnv(run, safe)
  return reads.flatMap((r) => {
    const context = tainted.get(r.name)
    return context ? [{ start: r.start, end: r.end, variable: r.name, context }] : []
  })
}

/**
 * Shell variables in the prompt arguments of a `claude -p` command that carry
 * outsider text from `env:` (directly, or through an assignment earlier in the
 * script such as `PROMPT="Review $BODY"`).
 */
function envPromptHits(run: ClaudeRun, safe: ReadonlySet<string>): EnvPromptHit[] {
  const script = run.step.run
  const cmd = run.command
  if (typeof script !== 'string' || !cmd) return []
  const tainted = taintedEnv(run, safe)
  if (tainted.size === 0) return []
  const parsed = parseShell(shellView(script))
  for (const c of parsed.commands) {
    if (c.start >= cmd.start) break
    carryTaint(c, tainted, parsed)
  }
  const from = claudeArgsFrom(cmd.args.map((a) => a.text))
  if (from === undefined) return []
  const words = cmd.args.slice(from)
  const out: EnvPromptHit[] = []
  words.forEach((w: ShellWord, i) => {
    if (w.text.startsWith('-')) return
    const prev = words[i - 1]
    const flag = prev && prev.text.startsWith('-') && !prev.text.includes('=') ? prev.text : undefined
    if (flag && !PROMPT_FLAGS.has(flag) && !BOOLEAN_FLAGS.has(flag)) return
    for (const x of valueExpansions(parsed, w.start, w.end)) {
      const context = tainted.get(x.name)
      if (!context) continue
      out.push({
        start: x.start,
        end: x.end,
        variable: x.name,
        context,
        flag: flag === '--system-prompt' || flag === '--append-system-prompt' ? flag : undefined
      })
    }
  })
  // What `claude -p` reads on stdin is part of its prompt (`echo "$BODY" | claude -p "Triage this"`).
  for (const x of stdinExpansions(cmd, parsed)) {
    const context = tainted.get(x.name)
    if (context) out.push({ start: x.start, end: x.end, variable: x.name, context, stdin: true })
  }
  return out
}

/** Commands that hand the text piped into them on to the next one, whole or cut (cut, it is still the author's text). */
const PASS_ON = new Set(['cat', 'head', 'tail', 'tee'])

/** Redirects of a command's standard output away from the pipe (`> f`, `>&2`, `&> f`). */
const OUT_AWAY = new Set(['>', '>>', '>|', '>&', '&>', '&>>'])

/** A shell variable set (or exported) from one that carries outside text carries it too (`c` is a command of `parsed`). */
function carryTaint(c: ShellCommand, tainted: Map<string, string>, parsed: ShellScript): void {
  const assignments = c.name === '' || ['export', 'declare', 'local', 'readonly'].includes(c.name) ? c.assignments : []
  for (const a of assignments) {
    const from = valueExpansions(parsed, a.value.start, a.value.end).find((x) => tainted.has(x.name))
    if (from) tainted.set(a.name, tainted.get(from.name) as string)
  }
}

/**
 * The expansions of a heredoc's body (a redirect of a command of `parsed`); none when the
 * redirect is no heredoc or its delimiter is quoted (then the body expands nothing).
 */
function heredocExpansions(r: ShellCommand['redirects'][number], parsed: ShellScript): ShellParam[] {
  return r.heredoc ? valueExpansions(parsed, r.heredoc.start, r.heredoc.end) : []
}

/**
 * The expansions in the text a command writes (a command of `parsed`): the arguments of
 * `echo` / `printf`, else its heredoc's body.
 */
function writtenExpansions(writer: ShellCommand, parsed: ShellScript): ShellParam[] {
  if (writer.name === 'echo' || writer.name === 'printf') return writer.args.slice(1).flatMap((w) => valueExpansions(parsed, w.start, w.end))
  const r = writer.redirects.find((d) => d.heredoc)
  return r ? heredocExpansions(r, parsed) : []
}

/**
 * The expansions (offsets into the script) whose text a command reads on its
 * standard input: a heredoc (unquoted delimiter) or here-string of its own,
 * else what the command piping into it prints: the arguments of `echo` /
 * `printf` (not `printf -v`, which assigns), or a heredoc or here-string fed
 * to `cat`, passed on through `cat`, `head`, `tail` and `tee` (which hand
 * stdin on unless they are given a file to read). Empty when the text comes
 * from anything else (a file, another program's output).
 */
function stdinExpansions(cmd: ShellCommand, parsed: ShellScript): ShellParam[] {
  // Its own stdin redirect: the expansions it feeds, [] for a file, undefined when it reads the pipe.
  const fed = (c: ShellCommand): ShellParam[] | undefined => {
    const ins = c.redirects.filter((d) => (d.fd === undefined || d.fd === '0') && (d.op === '<' || d.op === '<<' || d.op === '<<-' || d.op === '<<<'))
    const r = ins[ins.length - 1]
    if (!r) return undefined
    if (r.op === '<<<') return r.target ? valueExpansions(parsed, r.target.start, r.target.end) : []
    return heredocExpansions(r, parsed)
  }
  const own = fed(cmd)
  if (own) return own
  for (let from = cmd.pipedFrom; from; from = from.pipedFrom) {
    if (from.redirects.some((d) => OUT_AWAY.has(d.op) && (d.fd === undefined || d.fd === '1'))) return []
    const args = from.args.slice(1)
    if (from.name === 'echo' || (from.name === 'printf' && !args.some((a) => a.text === '-v')))
      return args.flatMap((w) => valueExpansions(parsed, w.start, w.end))
    if (!PASS_ON.has(from.name)) return []
    const fromOwn = fed(from)
    if (fromOwn) return fromOwn
    // `cat notes.txt`, `head -n 5 log`: prints the file, not what is piped in (`tee FILE` still passes it on).
    if (from.name !== 'tee' && args.some((a) => a.text !== '-' && !a.text.startsWith('-') && !/^\+?\d+$/.test(a.text))) return []
  }
  return []
}

/** A variable carrying outside text that the script writes to a file, which its own `claude -p` then reads as the prompt. */
interface StepFileHit {
  /** Offsets, in the run script, of the expansion in the written text. */
  start: number
  end: number
  variable: string
  context: string
  path: string
  /** Offsets of the file's name in the Claude command (or in a command piping into it). */
  readStart: number
  readEnd: number
}

/**
 * Outside text the Claude step's own script writes to a file before its
 * `claude -p` reads that file as the prompt (`echo "$BODY" > p.txt; claude -p
 * < p.txt`, `cat > p.txt <<EOF … $TITLE … EOF` then `claude -p "$(cat p.txt)"`):
 * `env:` variables that carry outside text, and shell variables the script sets
 * from them earlier (`T=$(echo "$TITLE" | head -c 200)`; cutting or trimming
 * the text leaves it the author's). Written as {@link taintedFiles} reads
 * writes (`echo`/`printf`/a heredoc with `>`/`>>`, or piped to `tee`); a
 * heredoc whose delimiter is quoted expands nothing.
 */
function stepFileHits(run: ClaudeRun, safe: ReadonlySet<string>): StepFileHit[] {
  const script = run.step.run
  const cmd = run.command
  if (run.kind !== 'cli' || run.script || !cmd || typeof script !== 'string') return []
  // Cheap: something before the command writes to a file.
  const head = script.slice(0, cmd.start)
  if (!/>|\btee\b/.test(head)) return []
  const tainted = taintedEnv(run, safe)
  if (tainted.size === 0 || ![...tainted.keys()].some((n) => head.includes(n))) return []
  const parsed = parsedOf(script)
  const writes: Omit<StepFileHit, 'readStart' | 'readEnd'>[] = []
  for (const c of parsed.commands) {
    if (c.start >= cmd.start) break
    carryTaint(c, tainted, parsed)
    const targets: ShellWord[] = []
    let writer: ShellCommand | undefined
    for (const r of c.redirects) if ((r.op === '>' || r.op === '>>') && (r.fd === undefined || r.fd === '1') && r.target) targets.push(r.target)
    if (targets.length) writer = c
    else if (c.name === 'tee' && c.pipedFrom) {
      targets.push(...c.args.slice(1).filter((a) => !a.text.startsWith('-')))
      writer = c.pipedFrom
    }
    if (!writer) continue
    const paths = targets
      .map((t) => normalPath(script.slice(t.start, t.end)))
      .filter((p) => p.length >= 3 && /[./]/.test(p) && !RUNNER_FILES.test(p) && !/\$(?!RUNNER_TEMP\b|GITHUB_WORKSPACE\b)/.test(p) && !p.startsWith('/dev/'))
    if (paths.length === 0) continue
    // The written text's expansions, with their offsets in the script.
    for (const x of writtenExpansions(writer, parsed)) {
      const context = tainted.get(x.name)
      if (context) for (const path of paths) writes.push({ start: x.start, end: x.end, variable: x.name, context, path })
    }
  }
  if (writes.length === 0) return []
  // The Claude command with whatever pipes into it (`cat p.txt | claude -p`).
  const pieces: [number, number][] = [[cmd.start, cmd.end]]
  for (let from = cmd.pipedFrom; from; from = from.pipedFrom) pieces.push([from.start, from.end])
  const out: StepFileHit[] = []
  for (const w of writes) {
    for (const [a, b] of pieces) {
      const piece = script.slice(a, b)
      const i = pathAt(piece, w.path)
      // `${{ runner.temp }}/p.txt`, `${DIR}/p.txt`: found in the normalised text, reported at the whole command.
      const whole = i < 0 && pathAt(normalPath(piece), w.path) >= 0
      if (i < 0 && !whole) continue
      out.push({ ...w, readStart: whole ? a : a + i, readEnd: whole ? b : a + i + w.path.length })
      break
    }
  }
  return out
}

/** Outside text an earlier step wrote to a file, by the file's path as written (normalised). */
interface FileTaint {
  path: string
  context: string
  writer: Step
}

/** Parsed `run:` scripts by text, for one check (several Claude runs of a job look at the same earlier steps). */
const parsedCache = new Map<string, ShellScript>()

/** A `run:` script parsed as the shell reads it (`${{ }}` blanked, offsets unchanged). */
function parsedOf(script: string): ShellScript {
  let c = parsedCache.get(script)
  if (!c) parsedCache.set(script, (c = parseShell(shellView(script))))
  return c
}

/** Files no prompt reads: the runner's own command files. */
const RUNNER_FILES = /^\$\{?(GITHUB_ENV|GITHUB_OUTPUT|GITHUB_STEP_SUMMARY|GITHUB_PATH|GITHUB_STATE)\}?$/

/** A path as written in a script or input, comparable across steps (`./x` → `x`, `${{ runner.temp }}` → `$RUNNER_TEMP`). */
function normalPath(raw: string): string {
  return raw
    .trim()
    .replace(/^(["'])(.*)\1$/, '$2')
    .replace(/\$\{\{\s*runner\s*\.\s*temp\s*\}\}/gi, '$RUNNER_TEMP')
    .replace(/\$\{\{\s*github\s*\.\s*workspace\s*\}\}/gi, '$GITHUB_WORKSPACE')
    .replace(/\$\{([A-Za-z_]\w*)\}/g, '$$$1')
    .replace(/^\.\//, '')
}

/**
 * Files that steps before `before` write outside text to: `echo`/`printf`/a
 * heredoc redirected (`>`, `>>`) or piped to `tee`, where the written text
 * holds an outsider-controlled `${{ }}` context or an `env:` variable set from
 * one. Literal paths only (and `$RUNNER_TEMP`/`$GITHUB_WORKSPACE` prefixes).
 */
function taintedFiles(wf: Workflow, job: Job, steps: readonly Step[], before: Step): FileTaint[] {
  const out: FileTaint[] = []
  for (const s of steps) {
    if (s.index >= before.index) break
    const script = s.run
    if (typeof script !== 'string' || !/>|\btee\b/.test(script)) continue
    const envTaint = new Map<string, string>()
    for (const [name, v] of Object.entries(stepEnv(wf, job, s))) {
      if (typeof v !== 'string') continue
      const t = expressions(v).flatMap((e) => taintsOf(e.text)).find((x) => x.kind === 'untrusted' && !authorGated(wf, job, s, x.context))
      if (t) envTaint.set(name, `env.${name} (${t.context})`)
    }
    // Only written text with an expression (`${{`) or a tainted variable taints a file: with neither in any reading of the words, nothing to parse.
    const words = unquotedText(script)
    if (words !== undefined && !words.includes('{{') && ![...envTaint.keys()].some((n) => words.includes(n))) continue
    if (!mayWriteOutsideText(script, words, envTaint)) continue
    const parsed = parsedOf(script)
    for (const c of parsed.commands) {
      // A shell variable set from a tainted one (`MSG="Request: $BODY"`) carries the text on.
      carryTaint(c, envTaint, parsed)
      const targets: ShellWord[] = []
      let writer: typeof c | undefined
      for (const r of c.redirects) {
        if ((r.op === '>' || r.op === '>>') && (r.fd === undefined || r.fd === '1') && r.target) targets.push(r.target)
      }
      if (targets.length) writer = c
      else if (c.name === 'tee' && c.pipedFrom) {
        targets.push(...c.args.slice(1).filter((a) => !a.text.startsWith('-')))
        writer = c.pipedFrom
      }
      if (!writer) continue
      const text = writtenText(writer, script)
      if (text === undefined) continue
      let context: string | undefined
      for (const e of expressions(text)) {
        const t = taintsOf(e.text).find((x) => x.kind === 'untrusted' && !authorGated(wf, job, s, x.context))
        if (t) {
          context = t.context
          break
        }
      }
      // A heredoc whose delimiter is quoted (`<<'EOF'`) expands nothing; single-quoted words neither.
      context ??= writtenExpansions(writer, parsed).map((x) => envTaint.get(x.name)).find((x) => x !== undefined)
      if (!context) continue
      for (const t of targets) {
        const path = normalPath(script.slice(t.start, t.end))
        if (!path || RUNNER_FILES.test(path) || /\$(?!RUNNER_TEMP\b|GITHUB_WORKSPACE\b)/.test(path) || path.startsWith('/dev/')) continue
        out.push({ path, context, writer: s })
      }
    }
  }
  return out
}

/**
 * A necessary condition, checked before parsing, for {@link taintedFiles} to
 * find outside text written by a step (the caller has checked that the
 * script's words name a tainted `env:` variable or hold `{{`). The written
 * text (echo and printf words joined by blanks, or a heredoc body) is made of
 * words the shell reads from the script's view (expressions blanked), which
 * all show in the view's `unquotedText`, and of pieces of the script (a word
 * holding a `${{ }}`, outer quotes dropped). Without `{{` in the view's words,
 * every `${{` of the text is one the script has inside an expression, and it
 * closes in the same piece (a piece ends inside an expression only at a
 * newline that ends the command or the heredoc, and then nothing follows it
 * in the text): the expression read from the text is part of one of the
 * script's. `taintsOf` calls a reference untrusted only when it reads
 * `github.event.*`, `github.head_ref`, `toJSON(...)` or a wildcard (`*`,
 * `[0]`), so that expression holds `event`, `head_ref`, `tojson`, `*` or `[`.
 * Most scripts that write files name only fixed contexts
 * (`github.repository`, `steps.x.outputs.y`): they are not parsed.
 */
function mayWriteOutsideText(script: string, words: string | undefined, envTaint: ReadonlyMap<string, string>): boolean {
  if (words === undefined || [...envTaint.keys()].some((n) => words.includes(n))) return true
  if (expressions(script).some((e) => UNTRUSTED_KEYWORD.test(e.text))) return true
  const viewWords = unquotedText(shellView(script))
  return viewWords === undefined || viewWords.includes('{{')
}

/** What every expression text that `taintsOf` finds untrusted holds. */
const UNTRUSTED_KEYWORD = /event|head_ref|tojson|\*|\[/i

/** Where `path` stands in `text` as a whole path (not part of a longer name), or -1. */
function pathAt(text: string, path: string): number {
  let i = -1
  while ((i = text.indexOf(path, i + 1)) >= 0) {
    const before = i > 0 ? text[i - 1] : ''
    const after = text[i + path.length] ?? ''
    // `./x` names the same file as `x`.
    const lead = before === '/' && text[i - 2] === '.' && !/[\w./-]/.test(text[i - 3] ?? '') ? '' : before
    if (!/[\w./-]/.test(lead) && !/[\w/-]/.test(after) && !(after === '.' && /\w/.test(text[i + path.length + 1] ?? ''))) return i
  }
  return -1
}

interface FileHit {
  at: Span
  taint: FileTaint
  how: 'promptFile' | 'fed' | 'named'
  input?: string
}

/** Files holding outside text that a Claude run's prompt reads: `prompt_file`, fed to `claude -p`, or named in the prompt. */
function fileHits(run: ClaudeRun): FileHit[] {
  // A step of a composite action reads files its earlier steps (run.steps) wrote, as a workflow's step does.
  if (run.script) return []
  const files = taintedFiles(run.workflow, run.job, run.steps, run.step).filter((f) => /[./]/.test(f.path) && f.path.length >= 3)
  if (files.length === 0) return []
  const out: FileHit[] = []
  const stepPath = run.step.path
  if (run.kind === 'cli') {
    const script = run.step.run
    const cmd = run.command
    const at = scriptPath(run.step)
    const span = at && run.doc.span(at)
    if (typeof script !== 'string' || !cmd || !span) return []
    const norm = (t: string): string => t.replace(/\$\{\{\s*runner\s*\.\s*temp\s*\}\}/gi, '$RUNNER_TEMP').replace(/\$\{([A-Za-z_]\w*)\}/g, '$$$1')
    // The command with whatever pipes into it (`cat prompt.md | claude -p`).
    const pieces: [number, number][] = [[cmd.start, cmd.end]]
    for (let from = cmd.pipedFrom; from; from = from.pipedFrom) pieces.push([from.start, from.end])
    for (const f of files) {
      for (const [a, b] of pieces) {
        const piece = script.slice(a, b)
        const raw = norm(piece)
        if (raw.length !== piece.length && pathAt(raw, f.path) >= 0) {
          out.push({ at: spanInScalar(span, script, a, b), taint: f, how: 'fed' })
          break
        }
        const i = pathAt(piece, f.path)
        if (i >= 0) {
          out.push({ at: spanInScalar(span, script, a + i, a + i + f.path.length), taint: f, how: 'fed' })
          break
        }
      }
    }
    return out
  }
  const w = run.step.with
  for (const f of files) {
    if (typeof w.prompt_file === 'string' && normalPath(w.prompt_file) === f.path) {
      const at = run.doc.span([...stepPath, 'with', 'prompt_file'])
      if (at) out.push({ at, taint: f, how: 'promptFile', input: 'prompt_file' })
      continue
    }
    for (const k of PROMPT_INPUTS) {
      const v = w[k]
      if (typeof v !== 'string') continue
      const i = pathAt(v, f.path)
      const span = i >= 0 ? run.doc.span([...stepPath, 'with', k]) : undefined
      if (span) {
        out.push({ at: spanInScalar(span, v, i, i + f.path.length), taint: f, how: 'named', input: k })
        break
      }
    }
  }
  return out
}

/** Offsets of the heredoc bodies of a script whose delimiter is quoted (`<<'EOF'`): the shell expands nothing there. */
function quotedHeredocs(script: string): [number, number][] {
  if (!script.includes('<<')) return []
  const hit = heredocCache.get(script)
  if (hit) return hit
  const out: [number, number][] = []
  for (const c of parseShell(shellView(script)).commands) {
    for (const r of c.redirects) if (r.heredoc && r.target && /['"\\]/.test(r.target.raw)) out.push([r.heredoc.start, r.heredoc.end])
  }
  heredocCache.set(script, out)
  return out
}

/** Contexts whose text may span lines (bodies, messages, whole objects): one line can end a value and start another. */
const MULTI_LINE = /\.(body|message)\b|tojson\(/i

/** Whether the text a context holds may span lines: by its event field, or by what a `gh` command fetched. */
function multiLine(context: string): boolean {
  const f = fetchOf(sourceContext(context))
  return f ? f.fetched.multiLine : MULTI_LINE.test(context)
}

/** Heredoc ranges by script text, asked only where outside text was found (most scripts never are). */
const heredocCache = new Map<string, [number, number][]>()

/**
 * Whether outside text at `at` of a `run:` script stays data: it sits in a
 * quoted heredoc's body and is one line (a title, a branch name), so it can at
 * most equal the delimiter on a line of its own, which ends the text early but
 * runs nothing. Bodies and messages span lines: one of their lines can close
 * the heredoc and the next ones run as commands.
 */
function inertInHeredoc(script: string, at: number, context: string): boolean {
  if (multiLine(context)) return false
  return quotedHeredocs(script).some(([a, b]) => at >= a && at < b)
}

/** One piece of outside text that reaches a composite action's `run:` script. */
interface CompositeHit {
  at: Span
  context: string
  /** Where the text comes in: the caller's `with:`, or the step that runs the action. */
  related?: RelatedReport[]
  /** The input it comes through (undefined when the script names the context itself). */
  input?: string
  /** Who passes it in, for the message. */
  from: string
}

/**
 * Outside text in a value as the outermost workflow expands it: a
 * `${{ github.event.* }}` context, or a reusable workflow's `${{ inputs.Y }}`
 * followed to what its callers pass.
 */
function outsideIn(
  value: string,
  wf: Workflow,
  job: Job,
  gateStep: Step,
  callers: ReadonlyMap<Workflow, WorkflowCaller[]>,
  seen: Set<Workflow> = new Set()
): { context: string; via?: string }[] {
  const out: { context: string; via?: string }[] = []
  for (const e of expressions(value)) {
    const t = taintsOf(e.text).find((x) => x.kind === 'untrusted' && !authorGated(wf, job, gateStep, x.context))
    if (t) {
      out.push({ context: t.context })
      continue
    }
    const m = /^inputs\s*\.\s*([A-Za-z_][\w-]*)$/.exec(e.text)
    if (!m || !wf.triggers.has('workflow_call') || seen.has(wf)) continue
    seen.add(wf)
    for (const c of callers.get(wf) ?? []) {
      const w = c.with.get(m[1].toLowerCase())
      if (!w || typeof w.value !== 'string') continue
      for (const o of outsideIn(w.value, c.workflow, c.job, c.job.steps[0] ?? gateStep, callers, seen))
        out.push({ context: o.context, via: o.via ?? `job ${c.job.id} of ${c.workflow.path}` })
    }
  }
  return out
}

/**
 * Outside text expanded into the `run:` scripts of a local composite action:
 * contexts the script names itself (GitHub expands them with the caller's
 * event), and `${{ inputs.X }}` where a caller passes outside text.
 */
function compositeHits(call: ActionCall, callers: ReadonlyMap<Workflow, WorkflowCaller[]>): CompositeHit[] {
  const out: CompositeHit[] = []
  const { workflow: wf, job, step: gateStep, action } = call
  const user = `job ${job.id} of ${wf.path}`
  for (const s of action.steps) {
    if (typeof s.run !== 'string') continue
    const span = action.doc.span([...s.path, 'run'])
    if (!span) continue
    for (const e of expressions(s.run)) {
      const at = spanInScalar(span, s.run, e.start, e.end)
      const direct = taintsOf(e.text).find((x) => x.kind === 'untrusted' && !authorGated(wf, job, gateStep, x.context))
      if (direct) {
        const uses = call.via[call.via.length - 1]?.at
        const related = uses ? [{ at: uses, note: `runs this action on an event that carries \`${direct.context}\`` }] : []
        if (!inertInHeredoc(s.run, e.start, direct.context)) out.push({ at, context: direct.context, from: user, related })
        continue
      }
      for (const m of e.text.matchAll(/(?<![\w.])inputs\s*\.\s*([A-Za-z_][\w-]*)/g)) {
        const b: InputBinding | undefined = call.inputs.get(m[1].toLowerCase())
        if (!b || !b.doc) continue
        const hit = outsideIn(b.value, wf, job, gateStep, callers)[0]
        const through = b.doc.file.path !== wf.path ? ` through ${b.doc.file.path}` : ''
        const entry = b.path ? b.doc.span(b.path, 'pair') : undefined
        const related = entry ? [{ at: entry, note: `passes \`${hit?.context ?? ''}\` as input ${m[1]}` }] : []
        if (hit && !inertInHeredoc(s.run, e.start, hit.context)) out.push({ at, context: hit.context, input: m[1], from: (hit.via ?? user) + through, related })
      }
    }
  }
  return out
}

/** Contexts a repository action that no workflow of the repository calls names in its own `run:` scripts. */
function uncalledHits(action: LocalAction): CompositeHit[] {
  const out: CompositeHit[] = []
  if (action.using !== 'composite') return out
  for (const s of action.steps) {
    if (typeof s.run !== 'string') continue
    const span = action.doc.span([...s.path, 'run'])
    if (!span) continue
    for (const e of expressions(s.run)) {
      const t = taintsOf(e.text).find((x) => x.kind === 'untrusted')
      if (t && !inertInHeredoc(s.run, e.start, t.context)) out.push({ at: spanInScalar(span, s.run, e.start, e.end), context: t.context, from: '' })
    }
  }
  return out
}

export default defineRule({
  meta: {
    id: 'template-injection',
    checklistItems: [],
    area: 'workflows',
    severity: 'high',
    confidence: 'high',
    description: 'attacker-controlled text interpolated into a prompt or script',
    messages: {
      run: "`{{context}}` is expanded into the `run:` script of job {{job}} before the shell parses it: whoever writes that text can run commands on the runner with the job's token and secrets",
      script:
        "`{{context}}` is expanded into the github-script code of job {{job}}: whoever writes that text can run JavaScript with the job's token",
      prompt:
        "`{{context}}` is expanded into `{{input}}` of the Claude step in job {{job}}: whoever writes that text gives the agent instructions{{flags}} with the job's token and secrets",
      input:
        '`{{context}}` is expanded into the `run:` script of job {{job}}{{more}}: the value is typed by whoever starts the workflow (a maintainer), but a quote or `$(...)` in it still runs as shell code',
      viaInput:
        "`{{context}}` is passed as input `{{input}}` {{target}} and reaches {{sink}} of the Claude step in job {{job}} ({{where}}): whoever writes that text gives the agent instructions with the job's token and secrets",
      composite:
        "`{{context}}` is expanded into the `run:` script of the local action {{action}}{{usedBy}} before the shell parses it: whoever writes that text can run commands on the runner with the job's token and secrets",
      compositeInput:
        "`{{context}}` is passed as input `{{input}}` of the local action {{action}} by {{from}} and expanded into its `run:` script before the shell parses it: whoever writes that text can run commands on the runner with the job's token and secrets",
      filePrompt:
        "`{{context}}` is written to `{{file}}` by {{writer}} and {{how}} in job {{job}}: whoever writes that text {{effect}} with the job's token and secrets",
      githubEnv:
        "`{{context}}` is written to `$GITHUB_ENV` in {{where}} {{how}}: whoever writes that text can set any environment variable for the later steps of the job (`BASH_ENV`, `NODE_OPTIONS`, `LD_PRELOAD`) and so run code with the job's token and secrets",
      githubOutput:
        "`{{context}}` is written to `$GITHUB_OUTPUT` in {{where}} between fixed delimiters (`{{name}}<<{{delim}}`): a line `{{delim}}` in that text ends the value, and the lines after it set other outputs of the step, which later steps trust",
      githubPath:
        "`{{context}}` is written to `$GITHUB_PATH` in {{where}}: whoever writes that text chooses a directory searched first for every command of the later steps",
      sdkEnvPrompt:
        "`{{context}}` reaches the prompt of Agent SDK session `{{call}}` in job {{job}} as `${{variable}}`: going through `env:` keeps it out of the shell's code, but whoever writes that text gives the agent instructions with the job's token and secrets",
      envPrompt:
        "`{{context}}` reaches {{where}} of `claude -p` in job {{job}} as `${{variable}}`: going through `env:` keeps it out of the shell's code, but whoever writes that text gives the agent instructions with the job's token and secrets",
      stepFilePrompt:
        "`{{context}}` is written as `${{variable}}` to `{{file}}`, which the same script then feeds to the prompt of `claude -p` in job {{job}}: going through `env:` keeps it out of the shell's code, but whoever writes that text gives the agent instructions with the job's token and secrets",
      pullRequestBranch:
        "`{{context}}` is expanded into {{sink}} of job {{job}}, but only `pull_request` can start the step with that text: a fork's pull request runs with a read-only token and no secrets (unless a private repository is set to send them), and a branch of this repository is named by someone with push access; {{still}}",
      pullRequestText:
        "`{{context}}` is expanded into {{sink}} of job {{job}}, and only `pull_request` can start the step with that text: a fork's pull request runs with a read-only token and no secrets (unless a private repository is set to send them), but anyone can open a pull request from an existing branch of this repository, and that run has the job's token and secrets; {{still}}",
      actorText:
        "`{{context}}` is expanded into `{{input}}` of the Claude step in job {{job}}, but that text is written by the actor ({{who}}) and claude-code-action runs only for an actor with write access (`allowed_non_write_users` and `allowed_bots` are not set): only people with write access put it there; it still reaches the agent as instructions",
      sameRepoBranch:
        '`{{context}}` is expanded into {{sink}} of job {{job}}, but {{gate}} runs it only for pull requests whose branch is in this repository, so the branch name was chosen by someone with push access; {{still}}'
    }
  },
  check(ctx) {
    heredocCache.clear()
    parsedCache.clear()
    writesCache.clear()
    clearFetches()
    const reported = new Set<string>()
    for (const run of ctx.project.claudeRuns) {
      for (const h of inputHits(run, ctx.project.callers)) {
        const k = `${h.at.file.path}\0${h.at.start}`
        if (reported.has(k)) continue
        reported.add(k)
        ctx.report({
          messageId: 'viaInput',
          data: { context: h.context, input: h.input, target: h.target, sink: h.sink, job: run.job.id, where: h.where },
          at: h.at,
          related: [...(h.related ?? []), { at: run.anchor, note: `the Claude step whose ${h.sink} takes the input` }],
          tip: 'do not pass outside text into the prompt: pass the issue or PR number and let Claude read the text with its GitHub tools, where it is marked as untrusted data'
        })
      }
    }
    // Files an earlier step fills with outside text, then read as (or named in) the prompt.
    for (const run of ctx.project.claudeRuns) {
      for (const h of fileHits(run)) {
        const k = `${h.at.file.path}\0${h.at.start}`
        if (reported.has(k)) continue
        reported.add(k)
        const writer = h.taint.writer.name ? `the earlier step "${h.taint.writer.name}"` : `step ${h.taint.writer.index + 1} of the job`
        ctx.report({
          messageId: 'filePrompt',
          data: {
            context: h.taint.context,
            file: h.taint.path,
            writer,
            job: run.job.id,
            how:
              h.how === 'promptFile'
                ? 'read as the prompt (`prompt_file`) of the Claude step'
                : h.how === 'fed'
                  ? 'fed to the prompt of `claude -p`'
                  : `named in \`${h.input ?? 'prompt'}\` of the Claude step as the text to work on`,
            effect: h.how === 'named' ? 'steers the agent that reads it' : 'gives the agent instructions'
          },
          at: h.at,
          related: [
            ...taintEntries(run.workflow, run.job, h.taint.writer, run.doc, h.taint.context),
            { at: run.doc.span([...h.taint.writer.path, 'run'], 'key') ?? h.at, note: `step ${stepLabel(h.taint.writer)} writes \`${sourceContext(h.taint.context)}\` to ${h.taint.path}` }
          ],
          // Named in the prompt, the file is read as data through a tool; fed or as prompt_file, it is the instructions.
          severity: h.how === 'named' ? 'medium' : undefined,
          tip: 'do not hand the agent outside text as its prompt: give the issue or PR number and let Claude read the text with its GitHub tools, where it is marked as untrusted data'
        })
      }
    }
    // Local composite actions: GitHub expands their `${{ }}` with the caller's event and inputs.
    const called = new Set<LocalAction>()
    const compositeTip = 'pass the value through the step\'s `env:` (`TITLE: ${{ inputs.title }}`) and use it quoted in the script (`"$TITLE"`)'
    for (const call of ctx.project.actionCalls) {
      called.add(call.action)
      for (const h of compositeHits(call, ctx.project.callers)) {
        const k = `${h.at.file.path}\0${h.at.start}`
        if (reported.has(k)) continue
        reported.add(k)
        ctx.report(
          h.input
            ? {
                messageId: 'compositeInput',
                data: { context: h.context, input: h.input, action: call.action.doc.file.path, from: h.from },
                at: h.at,
                related: h.related,
                tip: compositeTip
              }
            : {
                messageId: 'composite',
                data: { context: h.context, action: call.action.doc.file.path, usedBy: ` (used by ${h.from})` },
                at: h.at,
                related: h.related,
                tip: compositeTip
              }
        )
      }
    }
    for (const action of ctx.project.localActions) {
      if (called.has(action)) continue
      for (const h of uncalledHits(action)) {
        const k = `${h.at.file.path}\0${h.at.start}`
        if (reported.has(k)) continue
        reported.add(k)
        ctx.report({
          messageId: 'composite',
          data: { context: h.context, action: action.doc.file.path, usedBy: ' (no workflow here uses it; judged for any that runs it on an event carrying that text)' },
          at: h.at,
          tip: compositeTip
        })
      }
    }
    for (const run of ctx.project.claudeRuns) {
      if (run.kind !== 'cli') continue
      // A process a Python or JavaScript script starts: the hit is where the code reads the variable.
      if (run.script?.lang) {
        const seen = new Set<string>()
        // An Agent SDK session: the variables its `query` prompt is built from.
        const hits = run.sdk ? sdkEnvPromptHits(run, safeInputs(run.workflow)) : codeEnvPromptHits(run, safeInputs(run.workflow))
        for (const h of hits) {
          if (seen.has(h.variable)) continue
          seen.add(h.variable)
          ctx.report({
            messageId: run.sdk ? 'sdkEnvPrompt' : 'envPrompt',
            data: { context: h.context, where: h.flag ? `\`${h.flag}\`` : 'the prompt', job: run.job.id, variable: h.variable, call: run.sdk?.callee ?? '' },
            at: { file: run.script.file, start: h.start, end: h.end },
            tip: 'do not put outside text in the prompt: give the issue or PR number and let Claude read the text with its tools (`gh issue view`), and keep its tools and token narrow'
          })
        }
        continue
      }
      // In a composite action the step is the action's: its spans come from the action's file.
      const at = run.script ? undefined : scriptPath(run.step)
      const span = at && run.doc.span(at)
      const script = run.step.run
      if (!span || typeof script !== 'string') continue
      const seen = new Set<string>()
      for (const h of envPromptHits(run, safeInputs(run.workflow))) {
        if (seen.has(h.variable)) continue
        seen.add(h.variable)
        ctx.report({
          messageId: 'envPrompt',
          data: {
            context: h.context,
            where: h.flag ? `\`${h.flag}\`` : h.stdin ? 'the prompt (on standard input)' : 'the prompt',
            job: run.job.id,
            variable: h.variable
          },
          at: spanInScalar(span, script, h.start, h.end),
          related: taintEntries(run.workflow, run.job, run.step, run.doc, h.context),
          tip: 'do not put outside text in the prompt: give the issue or PR number and let Claude read the text with its tools (`gh issue view`), and keep its tools and token narrow'
        })
      }
      // Written to a file by the same script, then fed to `claude -p` (`claude -p < prompt.txt`).
      for (const h of stepFileHits(run, safeInputs(run.workflow))) {
        if (seen.has(h.variable)) continue
        seen.add(h.variable)
        const at = spanInScalar(span, script, h.start, h.end)
        const k = `${at.file.path}\0${at.start}`
        if (reported.has(k)) continue
        reported.add(k)
        ctx.report({
          messageId: 'stepFilePrompt',
          data: { context: h.context, variable: h.variable, file: h.path, job: run.job.id },
          at,
          related: [
            ...taintEntries(run.workflow, run.job, run.step, run.doc, h.context),
            { at: spanInScalar(span, script, h.readStart, h.readEnd), note: `\`claude -p\` reads ${h.path} as its prompt` }
          ],
          tip: 'do not put outside text in the prompt: give the issue or PR number and let Claude read the text with its tools (`gh issue view`), and keep its tools and token narrow'
        })
      }
    }
    // Outside text written to the runner's files: other variables, outputs or PATH entries for later steps.
    const reportWrites = (writes: RunnerWrite[], script: string, span: Span, where: string): void => {
      for (const w of writes) {
        if (w.file !== 'GITHUB_PATH' && !multiLine(w.context)) continue
        if (w.form === 'block' && w.delim?.random) continue
        if (w.file === 'GITHUB_OUTPUT' && w.form !== 'block') continue
        const at = spanInScalar(span, script, w.cmd.start, w.cmd.end)
        const k = `${at.file.path}\0${at.start}\0${w.file}`
        if (reported.has(k)) continue
        reported.add(k)
        const delim = w.delim?.text ?? 'EOF'
        const how =
          w.form === 'block'
            ? `between fixed delimiters (\`${w.name ?? 'NAME'}<<${delim}\`; a line \`${delim}\` in it ends the value and the lines after it are read as \`NAME=value\`)`
            : `as \`${w.name ?? 'NAME'}=value\` (a newline in it ends the line and the next one is read as \`NAME=value\`)`
        ctx.report({
          messageId: w.file === 'GITHUB_ENV' ? 'githubEnv' : w.file === 'GITHUB_OUTPUT' ? 'githubOutput' : 'githubPath',
          data: { context: w.context, where, how, name: w.name ?? 'NAME', delim },
          at,
          related: fetchRelated(w.context),
          tip:
            w.file === 'GITHUB_PATH'
              ? 'never put outside text in `$GITHUB_PATH`: add only fixed directories'
              : `pass the text to later steps through their \`env:\` instead; if it must go through \`$${w.file}\`, use a random delimiter: \`D=$(openssl rand -hex 16); { echo "NAME<<$D"; echo "$TEXT"; echo "$D"; } >> "$${w.file}"\``
        })
      }
    }
    for (const wf of ctx.project.workflows) {
      const safe = safeInputs(wf)
      for (const job of wf.jobs) {
        for (const step of job.steps) {
          const script = step.run
          if (typeof script !== 'string' || !mayReportWrites(script)) continue
          const writes = writesOf(wf, job, step, safe)
          const span = writes.length ? wf.doc.span([...step.path, 'run']) : undefined
          if (span) reportWrites(writes, script, span, `job ${job.id}`)
        }
      }
    }
    // Local composite actions: the contexts their scripts and `env:` name themselves (GitHub expands them with the caller's event).
    for (const action of ctx.project.localActions) {
      if (action.using !== 'composite') continue
      for (const step of action.steps) {
        const script = step.run
        if (typeof script !== 'string' || !/GITHUB_(ENV|OUTPUT|PATH)/.test(script) || !mayReportWrites(script)) continue
        const direct = (raw: string): string | undefined => {
          for (const e of expressions(raw)) {
            const t = taintsOf(e.text).find((x) => x.kind === 'untrusted')
            if (t) return t.context
          }
          return undefined
        }
        const vars = new Map<string, string>()
        for (const [name, v] of Object.entries(step.env)) {
          const t = typeof v === 'string' ? direct(v) : undefined
          if (t) vars.set(name, `env.${name} (${t})`)
        }
        const writes = runnerWrites(script, shellView(script), direct, vars)
        const span = writes.length ? action.doc.span([...step.path, 'run']) : undefined
        if (span) reportWrites(writes, script, span, `the local action ${action.doc.file.path}`)
      }
    }
    // Local actions that are the Claude action (a fork, or one whose file is absent) take its inputs.
    const claudeSteps = new Set(ctx.project.claudeRuns.filter((r) => r.kind !== 'cli' && r.via.length === 0).map((r) => r.step))
    for (const wf of ctx.project.workflows) {
      const safe = safeInputs(wf)
      // A maintainer's `inputs.*` in `run:` is one finding per input and workflow (spec): at its first
      // expansion, the others as related locations.
      const maintainerInputs = new Map<string, { job: string; at: Span; related: RelatedReport[]; more: RelatedReport[] }>()
      for (const job of wf.jobs) {
        for (const step of job.steps) {
          for (const t of targetsOf(step, claudeSteps)) {
            const span = wf.doc.span(t.path)
            if (!span) continue
            const seen = new Set<string>()
            for (const e of expressions(t.value)) {
              // Text whose author the job admits only with repository access is the maintainers' own.
              const taints = resolve(e.text, wf, job, step, safe).filter(
                (x) => x.kind !== 'untrusted' || !authorGated(wf, job, step, x.context)
              )
              // Outsider text first; a branch name only a maintainer chooses (see sameRepositoryGate) after it.
              const bad =
                taints.find((x) => x.kind === 'untrusted' && !sameRepositoryGate(wf, job, step, x.context)) ??
                taints.find((x) => x.kind === 'untrusted') ??
                (t.sink === 'run' ? taints.find((x) => x.kind === 'input') : undefined)
              if (!bad) continue
              if (t.sink === 'run' && bad.kind === 'untrusted' && inertInHeredoc(t.value, e.start, bad.context)) continue
              const raw = t.value.slice(e.start, e.end)
              if (seen.has(raw)) continue
              seen.add(raw)
              const at = spanInScalar(span, t.value, e.start, e.end)
              const untrusted = bad.kind === 'untrusted'
              // A branch name that only someone with push access can choose: the maintainers' own text.
              const gate = untrusted ? sameRepositoryGate(wf, job, step, bad.context) : undefined
              if (gate) {
                ctx.report({
                  messageId: 'sameRepoBranch',
                  data: { context: bad.context, job: job.id, gate, ...SAME_REPO_SINKS[t.sink] },
                  at,
                  related: taintEntries(wf, job, step, wf.doc, bad.context),
                  severity: 'low',
                  tip: 'pass the value through `env:` (`BRANCH: ${{ github.head_ref }}`) and use it quoted in the script (`"$BRANCH"`)'
                })
                continue
              }
              if (!untrusted) {
                const first = maintainerInputs.get(bad.context)
                if (first) first.more.push({ at, note: `\`${bad.context}\` is also expanded into the \`run:\` script of job ${job.id}` })
                else maintainerInputs.set(bad.context, { job: job.id, at, related: taintEntries(wf, job, step, wf.doc, bad.context), more: [] })
                continue
              }
              const outsiders = taints.filter((x) => x.kind === 'untrusted' && !sameRepositoryGate(wf, job, step, x.context))
              const envTip = 'pass the value through `env:` (`TITLE: ${{ ... }}`) and use it quoted in the script (`"$TITLE"`)'
              // Only `pull_request` can start the step with this text: a fork's run has nothing to steal.
              const levels = t.sink === 'prompt' ? [] : outsiders.map((x) => pullRequestOnly(wf, job, step, x.context))
              if (levels.length > 0 && levels.every((l) => l !== undefined)) {
                const i = levels.indexOf('medium')
                const pick = outsiders[i < 0 ? 0 : i] ?? bad
                ctx.report({
                  messageId: i < 0 ? 'pullRequestBranch' : 'pullRequestText',
                  data: { context: pick.context, job: job.id, ...SAME_REPO_SINKS[t.sink] },
                  at,
                  related: taintEntries(wf, job, step, wf.doc, pick.context),
                  severity: i < 0 ? 'low' : 'medium',
                  tip: t.sink === 'script' ? 'pass the value through `env:` and read it as `process.env.NAME` in the script' : envTip
                })
                continue
              }
              // The action's own check admits only writers, and the text is the actor's own.
              const owns = t.sink === 'prompt' ? outsiders.map((x) => actorOwnText(wf, job, step, x.context)) : []
              if (owns.length > 0 && owns.every((o) => o !== undefined)) {
                ctx.report({
                  messageId: 'actorText',
                  data: { context: bad.context, job: job.id, input: t.input, who: [...new Set(owns)].join('; ') },
                  at,
                  related: taintEntries(wf, job, step, wf.doc, bad.context),
                  severity: 'low',
                  tip: 'give the issue or PR number and let Claude read the text with its GitHub tools, where it is marked as untrusted data; keep `allowed_non_write_users` unset'
                })
                continue
              }
              // Name the text that keeps the finding high.
              const worst = outsiders[levels.findIndex((l) => l === undefined)] ?? outsiders[owns.findIndex((o) => o === undefined)] ?? bad
              ctx.report({
                messageId: untrusted ? t.sink : 'input',
                data: {
                  context: worst.context,
                  job: job.id,
                  input: t.input,
                  flags: t.input === 'claude_args' ? ' and command-line flags' : ''
                },
                at,
                related: taintEntries(wf, job, step, wf.doc, worst.context),
                severity: untrusted ? undefined : 'low',
                tip:
                  t.sink === 'prompt'
                    ? 'do not splice outside text into the prompt: give the issue or PR number and let Claude read the text with its GitHub tools, where it is marked as untrusted data'
                    : t.sink === 'script'
                      ? 'pass the value through `env:` and read it as `process.env.NAME` in the script'
                      : 'pass the value through `env:` (`TITLE: ${{ ... }}`) and use it quoted in the script (`"$TITLE"`)'
              })
            }
          }
        }
      }
      for (const [context, f] of maintainerInputs) {
        const n = f.more.length
        ctx.report({
          messageId: 'input',
          data: { context, job: f.job, more: n ? ` and ${n} more place${n > 1 ? 's' : ''} of this workflow` : '' },
          at: f.at,
          related: [...f.related, ...f.more],
          severity: 'low',
          tip: 'pass the value through `env:` (`TITLE: ${{ ... }}`) and use it quoted in the script (`"$TITLE"`)'
        })
      }
    }
  }
})
