/**
 * Mechanical fixes in workflow YAML, made as text edits at AST positions:
 * - no-job-timeout: `timeout-minutes` on jobs that run Claude;
 * - no-turn-limit / model-not-pinned: `--max-turns` / `--model` in `claude_args`
 *   (created when missing; v0 action refs get the v0 inputs instead);
 * - ineffective-setting (v0 inputs on @v1): `max_turns`, `model`,
 *   `fallback_model`, `disallowed_tools` moved into `claude_args`,
 *   `timeout_minutes` to the job's `timeout-minutes`, `mode` removed; inputs
 *   whose v1 form would widen access (`allowed_tools`, `mcp_config`, prompts,
 *   instructions) are left for review;
 * - persisted-checkout-credentials: `persist-credentials: false` on checkouts
 *   before Claude runs;
 * - secrets-inherit: `secrets: inherit` replaced by the secrets a local called
 *   workflow declares.
 * Only places the audit reported are changed, and every file is re-parsed
 * afterwards: the new document must equal the old one with exactly the
 * intended changes, or the file is left alone.
 */
import { isDeepStrictEqual } from 'node:util'
import { isScalar } from 'yaml'
import type { ClaudeRun } from '../model/claude.js'
import { actionMajor } from '../model/claude.js'
import type { Project } from '../model/project.js'
import type { Job, Step, Workflow } from '../model/workflow.js'
import { isObject, type PathSeg } from '../parse/doc.js'
import type { Span } from '../parse/source.js'
import { actionName, isFalse, isTrue } from '../analysis/workflow-security.js'
import { V0_ONLY_INPUTS } from '../analysis/claude-run.js'
import { scriptPath } from '../analysis/claude-runs.js'
import { actionRelease, compareVersions, FACTS } from '../facts/versions.js'
import { applyTextEdits } from './text.js'
import { YamlSource, yamlScalar } from './yaml.js'
import { cutAtFirstInLastLine } from '../core/linear-text.js'

/** Choices for the values `fix` writes. */
export interface FixValues {
  /** `--max-turns` added to unattended runs without a cap (default 30). */
  maxTurns: number
  /** `timeout-minutes` added to jobs without one (default 30). */
  timeoutMinutes: number
  /** `--model` for runs without one; undefined = leave them (a model is a cost and quality decision). */
  model?: string
}

/** One change made (or planned), tied to the finding it fixes. */
export interface Change {
  ruleId: string
  file: string
  line: number | null
  text: string
}

/** A finding `fix` did not change, and why. */
export interface Skip {
  ruleId: string
  file: string | null
  line: number | null
  reason: string
}

/** What a fixer needs from the audit: whether a finding was reported at a place. */
export interface FixContext {
  has(ruleId: string, file: string, line: number | null): boolean
  changes: Change[]
  skips: Skip[]
  values: FixValues
}

/** A semantic expectation checked against the re-parsed document. */
type Expect =
  | { kind: 'set'; path: PathSeg[]; value: unknown }
  | { kind: 'delete'; path: PathSeg[] }
  | { kind: 'words'; path: PathSeg[]; words: string }

const words = (s: unknown): string =>
  (typeof s === 'string' ? s : s === undefined || s === null ? '' : String(s)).split(/\s+/).filter(Boolean).join(' ')

function getAt(v: unknown, path: readonly PathSeg[]): unknown {
  let x = v
  for (const s of path) {
    if (x === null || typeof x !== 'object') return undefined
    x = (x as Record<string | number, unknown>)[s]
  }
  return x
}

function setAt(v: unknown, path: readonly PathSeg[], value: unknown): void {
  let x = v as Record<string | number, unknown>
  for (const s of path.slice(0, -1)) {
    if (x[s] === null || x[s] === undefined) x[s] = {}
    x = x[s] as Record<string | number, unknown>
  }
  x[path[path.length - 1]] = value
}

function deleteAt(v: unknown, path: readonly PathSeg[]): void {
  const parent = getAt(v, path.slice(0, -1))
  if (parent && typeof parent === 'object') delete (parent as Record<string | number, unknown>)[path[path.length - 1]]
}

/** Shell-quotes one `claude_args` value, or undefined when it cannot be done safely. */
export function argValue(v: string): string | undefined {
  const t = v.trim()
  if (!t || /[\r\n]/.test(t)) return undefined
  if (/^[A-Za-z0-9_@%+=:,./[\]-]+$/.test(t)) return t
  if (/^\$\{\{[^}]*\}\}$/.test(t)) return t
  if (!/["\\$`]/.test(t)) return `"${t}"`
  if (!t.includes("'")) return `'${t}'`
  return undefined
}

/** How each v0 input moves to v1, for inputs that map onto a flag. */
const V0_FLAGS: Record<string, string> = {
  max_turns: '--max-turns',
  model: '--model',
  anthropic_model: '--model',
  fallback_model: '--fallback-model',
  allowed_tools: '--allowedTools',
  disallowed_tools: '--disallowedTools',
  custom_instructions: '--append-system-prompt',
  append_system_prompt: '--append-system-prompt',
  system_prompt: '--system-prompt',
  mcp_config: '--mcp-config'
}

/**
 * v0 inputs whose v1 form would change what the agent may do or does (more
 * tools, MCP servers, other instructions, automation mode on every trigger):
 * ignored today, so making them effective is a decision, not a mechanical fix.
 */
const REVIEW_V0: Record<string, [string, string]> = {
  allowed_tools: ['would grant these tools to every run', ''],
  mcp_config: ['would start these MCP servers on the runner', ''],
  custom_instructions: ['would change the instructions of every run', ''],
  append_system_prompt: ['would change the instructions of every run', ''],
  system_prompt: ['would replace the system prompt of every run', ''],
  direct_prompt: ['would run this prompt on every trigger (automation mode) instead of waiting for a mention', ''],
  override_prompt: ['would run this prompt on every trigger (automation mode) instead of waiting for a mention', ''],
  claude_env: ['would set these variables for Claude', 'use the `settings` input with {"env": {...}}'],
  experimental_allowed_domains: ['has no v1 input', 'restrict network access with sandbox settings instead']
}

/** A v0 tool list (commas or lines) as one comma-separated `--allowedTools` value. */
function toolList(v: string): string {
  return v
    .split(/[\n,]/)
    .map((s) => s.trim())
    .filter(Boolean)
    .join(',')
}

/** Actions that push with the credentials actions/checkout leaves behind. */
const PUSH_ACTIONS = new Set([
  'stefanzweifel/git-auto-commit-action',
  'ad-m/github-push-action',
  'endbug/add-and-commit',
  'github-actions-x/commit'
])

interface StepPlan {
  step: Step
  job: Job
  run?: ClaudeRun
  /** Flags for `claude_args`. */
  flags: string[]
  /** Inputs to add (legacy v0 refs), as `key: value` lines. */
  inputs: [string, string][]
  remove: string[]
  /** Entries to set under `with:` as plain YAML (`persist-credentials: false`). */
  withLines: [string, string, unknown][]
}

/** Fixes one workflow; returns the new text, or undefined when nothing changed. */
export function fixWorkflow(project: Project, wf: Workflow, ctx: FixContext): string | undefined {
  const file = wf.path
  const text = wf.doc.file.text
  const src = new YamlSource(text)
  if (!src.ok) {
    for (const id of [
      'no-job-timeout',
      'no-turn-limit',
      'model-not-pinned',
      'persisted-checkout-credentials',
      'secrets-inherit',
      'ineffective-setting'
    ]) {
      if (ctx.has(id, file, null))
        ctx.skips.push({ ruleId: id, file, line: null, reason: 'the file does not parse as YAML' })
    }
    return undefined
  }
  const lineOf = (span: Span | undefined): number | null => (span ? wf.doc.file.position(span.start).line : null)
  const expects: Expect[] = []
  const changes: Change[] = []
  const skips: Skip[] = []
  const plans = new Map<Step, StepPlan>()
  const planFor = (job: Job, step: Step, run?: ClaudeRun): StepPlan => {
    let p = plans.get(step)
    if (!p) {
      p = { step, job, run, flags: [], inputs: [], remove: [], withLines: [] }
      plans.set(step, p)
    }
    if (run) p.run = run
    return p
  }
  const jobTimeout = new Map<Job, { minutes: number; line: number | null; why: string }>()
  const runs = project.claudeRuns.filter((r) => r.workflow === wf && r.doc === wf.doc && r.via.length === 0)

  // v0 inputs on @v1 (ineffective-setting), then caps and models.
  for (const run of runs) {
    if (run.kind === 'cli') continue
    const plan = planFor(run.job, run.step, run)
    const w = run.step.with
    if (run.kind === 'action' && run.major === 'v1') {
      for (const input of Object.keys(w)) {
        if (!V0_ONLY_INPUTS.has(input)) continue
        const at = wf.doc.span([...run.step.path, 'with', input], 'key')
        const line = lineOf(at)
        if (!ctx.has('ineffective-setting', file, line)) continue
        const raw = w[input]
        const value =
          typeof raw === 'string' ? raw : typeof raw === 'number' || typeof raw === 'boolean' ? String(raw) : undefined
        const skip = (reason: string): void => {
          skips.push({ ruleId: 'ineffective-setting', file, line, reason: `\`${input}\`: ${reason}` })
        }
        if (input in REVIEW_V0) {
          const flag = V0_FLAGS[input]
          const q =
            flag && value !== undefined ? argValue(input === 'allowed_tools' ? toolList(value) : value) : undefined
          const hint =
            input === 'direct_prompt' || input === 'override_prompt'
              ? 'rename it to `prompt`'
              : flag
                ? `use \`claude_args: ${flag} ${q ?? '...'}\``
                : REVIEW_V0[input][1]
          skip(`ignored on @v1 today; making it effective ${REVIEW_V0[input][0]}, so fix leaves it for review: ${hint}`)
          continue
        }
        if (input in V0_FLAGS) {
          const flag = V0_FLAGS[input]
          if (value === undefined) {
            skip('its value is not a string; move it to `claude_args` yourself')
            continue
          }
          if (
            plan.flags.some((f) => f.startsWith(flag + ' ')) ||
            run.flags.some((f) => f.name === flag) ||
            new RegExp(`(^|\\s)${flag}(\\s|=|$)`).test(String(w.claude_args ?? ''))
          ) {
            plan.remove.push(input)
            changes.push({
              ruleId: 'ineffective-setting',
              file,
              line,
              text: `removed v0 input \`${input}\` (ignored on @v1; \`claude_args\` already has ${flag})`
            })
            continue
          }
          const v = input === 'disallowed_tools' ? toolList(value) : value
          if (input === 'max_turns' && !/^\s*\d+\s*$/.test(v) && !/^\s*\$\{\{[^}]*\}\}\s*$/.test(v)) {
            skip(`\`${value}\` is not a number`)
            continue
          }
          const q = argValue(v)
          if (q === undefined) {
            skip('multi-line or hard-to-quote text; move it to `claude_args` yourself')
            continue
          }
          plan.flags.push(`${flag} ${q}`)
          plan.remove.push(input)
          changes.push({
            ruleId: 'ineffective-setting',
            file,
            line,
            text: `moved v0 input \`${input}\` to \`claude_args: ${flag} ${q}\``
          })
        } else if (input === 'timeout_minutes') {
          const n = value !== undefined && /^\s*\d+\s*$/.test(value) ? Number(value) : undefined
          if (n === undefined) {
            skip("not a number; set the job's `timeout-minutes` yourself")
            continue
          }
          plan.remove.push(input)
          if (run.job.value['timeout-minutes'] === undefined) {
            jobTimeout.set(run.job, { minutes: n, line, why: `moved from the v0 input \`timeout_minutes\`` })
          }
          changes.push({
            ruleId: 'ineffective-setting',
            file,
            line,
            text: `removed v0 input \`timeout_minutes\`${run.job.value['timeout-minutes'] === undefined ? ` (job ${run.job.id} gets \`timeout-minutes: ${n}\`)` : ' (the job sets `timeout-minutes`)'}`
          })
        } else if (input === 'mode') {
          plan.remove.push(input)
          changes.push({
            ruleId: 'ineffective-setting',
            file,
            line,
            text: 'removed v0 input `mode` (v1 detects the mode)'
          })
        } else {
          skip('v1 has no equivalent input')
        }
      }
    }
  }
  for (const run of runs) {
    const line = lineOf(run.anchor)
    let needTurns = ctx.has('no-turn-limit', file, line)
    let needModel = ctx.has('model-not-pinned', file, line)
    if (!needTurns && !needModel) continue
    if (run.kind === 'cli') {
      // `claude -p` in a run: script: flags go right after the command name.
      const cmd = run.command
      // The script's text: `run:`, or the input its action runs as one (devcontainers/ci `runCmd`).
      const scriptAt = scriptPath(run.step)
      const runSpan = scriptAt && wf.doc.span(scriptAt)
      const script = run.step.run
      const before = cmd ? cmd.args.findIndex((a) => a.text === '-p' || a.text === '--print') : -1
      const add: string[] = []
      if (needTurns) add.push(`--max-turns ${ctx.values.maxTurns}`)
      if (needModel && ctx.values.model) add.push(`--model ${argValue(ctx.values.model) ?? ctx.values.model}`)
      if (needModel && !ctx.values.model)
        skips.push({
          ruleId: 'model-not-pinned',
          file,
          line,
          reason: 'no model chosen: run fix with --model <id> to pin one'
        })
      if (!add.length) continue
      const p = cmd && before > 0 ? cmd.args[before] : undefined
      const at = p && runSpan && script ? locate(text, runSpan, script, p.start, p.end) : undefined
      if (at === undefined || !script || !scriptAt) {
        for (const id of needTurns ? ['no-turn-limit'] : [])
          skips.push({
            ruleId: id,
            file,
            line,
            reason: 'could not place the flag in the run: script; add it to the claude command yourself'
          })
        continue
      }
      src.edits.push({ start: at, end: at, text: `${add.join(' ')} ` })
      const offset = p!.start
      expects.push({
        kind: 'set',
        path: scriptAt,
        value: script.slice(0, offset) + `${add.join(' ')} ` + script.slice(offset)
      })
      for (const a of add)
        changes.push({
          ruleId: a.startsWith('--max-turns') ? 'no-turn-limit' : 'model-not-pinned',
          file,
          line,
          text: `added \`${a}\` to \`claude -p\` in job ${run.job.id}`
        })
      continue
    }
    const plan = planFor(run.job, run.step, run)
    // The audit reads claude_args with a shell parser; when that fails it sees no flags. Never add a
    // second --max-turns or --model next to one that is there (the later one would win).
    const rawArgs = typeof run.step.with.claude_args === 'string' ? run.step.with.claude_args : ''
    if (/(^|\s)--?\w/.test(rawArgs) && run.flags.length === 0) {
      const reason =
        '`claude_args` does not read as shell words (unquoted parentheses or quotes?), so flags added to it may not take effect; fix its quoting first'
      if (needTurns) skips.push({ ruleId: 'no-turn-limit', file, line, reason })
      if (needModel) skips.push({ ruleId: 'model-not-pinned', file, line, reason })
      continue
    }
    if (needTurns && /(^|\s)--max-(turns|budget-usd)(\s|=|$)/.test(rawArgs)) {
      skips.push({
        ruleId: 'no-turn-limit',
        file,
        line,
        reason:
          '`claude_args` already contains --max-turns or --max-budget-usd (the audit could not read it); check its quoting'
      })
      needTurns = false
    }
    if (needModel && /(^|\s)--model(\s|=|$)/.test(rawArgs)) {
      skips.push({
        ruleId: 'model-not-pinned',
        file,
        line,
        reason: '`claude_args` already contains --model (the audit could not read it); check its quoting'
      })
      needModel = false
    }
    const lineText = wf.doc.file.lineText(wf.doc.file.position(run.anchor.start).line)
    const legacy = run.major === 'v0' || (run.kind === 'base-action' && actionMajor(run.ref ?? '', lineText) === 'v0')
    if (needTurns && !plan.flags.some((f) => f.startsWith('--max-turns '))) {
      if (legacy) plan.inputs.push(['max_turns', String(ctx.values.maxTurns)])
      else plan.flags.push(`--max-turns ${ctx.values.maxTurns}`)
      // Releases before 1.0.188 do not enforce --max-turns: say so (vulnerable-claude-action then reports the pin).
      const rel = legacy ? undefined : actionRelease(run.step.uses)
      const since = FACTS.actionMaxTurnsEnforced.since
      const unenforced =
        rel && compareVersions(rel.version, since) < 0
          ? `; claude-code-action v${rel.version} does not enforce it before v${since}, so upgrade the pin (vulnerable-claude-action reports it)`
          : ''
      changes.push({
        ruleId: 'no-turn-limit',
        file,
        line,
        text: legacy
          ? `added input \`max_turns: ${ctx.values.maxTurns}\` (v0 ref) in job ${run.job.id}`
          : `added \`--max-turns ${ctx.values.maxTurns}\` to \`claude_args\` in job ${run.job.id}${unenforced}`
      })
    }
    if (needModel && !plan.flags.some((f) => f.startsWith('--model '))) {
      if (!ctx.values.model) {
        skips.push({
          ruleId: 'model-not-pinned',
          file,
          line,
          reason: 'no model chosen: run fix with --model <id> to pin one'
        })
      } else {
        const q = argValue(ctx.values.model) ?? ctx.values.model
        if (legacy) plan.inputs.push(['model', ctx.values.model])
        else plan.flags.push(`--model ${q}`)
        changes.push({
          ruleId: 'model-not-pinned',
          file,
          line,
          text: legacy
            ? `added input \`model: ${ctx.values.model}\` (v0 ref) in job ${run.job.id}`
            : `added \`--model ${q}\` to \`claude_args\` in job ${run.job.id}`
        })
      }
    }
  }

  // Checkouts before Claude runs.
  const byJob = new Map<Job, ClaudeRun[]>()
  for (const r of runs) byJob.set(r.job, [...(byJob.get(r.job) ?? []), r])
  for (const [job, jr] of byJob) {
    const lastClaude = Math.max(...jr.map((r) => r.step.index))
    for (const step of job.steps) {
      if (step.index >= lastClaude) break
      if (actionName(step.uses) !== 'actions/checkout') continue
      const pc = step.with['persist-credentials']
      if (isFalse(pc)) continue
      const at =
        pc !== undefined
          ? wf.doc.span([...step.path, 'with', 'persist-credentials'])
          : wf.doc.span([...step.path, 'uses'])
      const line = lineOf(at)
      if (!ctx.has('persisted-checkout-credentials', file, line)) continue
      const pusher = job.steps.find(
        (s) =>
          s.index > step.index &&
          ((s.run !== undefined && /\bgit\s+push\b/.test(s.run)) || PUSH_ACTIONS.has(actionName(s.uses) ?? ''))
      )
      if (pusher) {
        skips.push({
          ruleId: 'persisted-checkout-credentials',
          file,
          line,
          reason: `step ${pusher.index + 1} of job ${job.id} pushes with the checkout's credentials; give it its own token first`
        })
        continue
      }
      if (pc !== undefined && !isTrue(pc) && typeof pc !== 'string') {
        skips.push({
          ruleId: 'persisted-checkout-credentials',
          file,
          line,
          reason: 'unusual `persist-credentials` value; set it to false yourself'
        })
        continue
      }
      planFor(job, step).withLines.push(['persist-credentials', 'false', false])
      changes.push({
        ruleId: 'persisted-checkout-credentials',
        file,
        line,
        text: `set \`persist-credentials: false\` on actions/checkout in job ${job.id}`
      })
    }
  }

  // Jobs without a timeout.
  for (const [job] of byJob) {
    const at = wf.doc.span(job.path, 'key')
    const line = lineOf(at)
    if (job.value['timeout-minutes'] !== undefined || !ctx.has('no-job-timeout', file, line)) continue
    if (!jobTimeout.has(job)) jobTimeout.set(job, { minutes: ctx.values.timeoutMinutes, line, why: 'default' })
    const t = jobTimeout.get(job)!
    changes.push({
      ruleId: 'no-job-timeout',
      file,
      line,
      text: `added \`timeout-minutes: ${t.minutes}\` to job ${job.id}${t.why === 'default' ? '' : ` (${t.why})`}`
    })
  }
  for (const [job, t] of jobTimeout) {
    const map = src.blockMap(job.path)
    const runsOn = src.pair([...job.path, 'runs-on'])
    const ok =
      map &&
      (runsOn && src.startsLine(runsOn)
        ? (src.insertLines(src.pairEnd(runsOn), ['timeout-minutes: ' + t.minutes], src.indentOf(map) ?? 0), true)
        : src.appendToMap(map, ['timeout-minutes: ' + t.minutes]))
    if (!ok) {
      skips.push({
        ruleId: 'no-job-timeout',
        file,
        line: t.line,
        reason: `job ${job.id} is not a block mapping; add \`timeout-minutes\` yourself`
      })
      dropChanges(changes, 'no-job-timeout', t.line)
      continue
    }
    expects.push({ kind: 'set', path: [...job.path, 'timeout-minutes'], value: t.minutes })
  }

  // Step edits: each step's edits and expectations are kept only when all of them could be made.
  for (const plan of plans.values()) {
    const sp = plan.step.path
    const withPath = [...sp, 'with']
    const withPair = src.pair(withPath)
    const withMap = src.blockMap(withPath)
    const mark = src.edits.length
    const px: Expect[] = []
    const fail = (reason: string): void => {
      src.edits.length = mark
      for (const c of changes.filter((c) => stepOwns(wf, plan, c)))
        skips.push({ ruleId: c.ruleId, file, line: c.line, reason })
      for (let i = changes.length - 1; i >= 0; i--) if (stepOwns(wf, plan, changes[i])) changes.splice(i, 1)
    }
    if (withPair && !withMap && !(isScalar(withPair.value) && withPair.value.value === null)) {
      fail('`with:` is written in flow style; edit it yourself')
      continue
    }
    const steps: (() => string | undefined)[] = []
    const newLines: string[] = []
    for (const [k, v] of plan.inputs) {
      newLines.push(`${k}: ${yamlScalar(v)}`)
      px.push({ kind: 'set', path: [...withPath, k], value: /^\d+$/.test(v) ? Number(v) : v })
    }
    for (const [k, v, value] of plan.withLines) {
      steps.push(() => {
        const existing = src.pair([...withPath, k])
        if (existing) {
          if (!existing.value || !src.replaceScalar(existing.value as never, v))
            return `\`${k}\` has an unusual form; set it yourself`
        } else newLines.push(`${k}: ${v}`)
        px.push({ kind: 'set', path: [...withPath, k], value })
        return undefined
      })
    }
    if (plan.flags.length) {
      steps.push(() => {
        const args = plan.flags.join(' ')
        const argsPair = src.pair([...withPath, 'claude_args'])
        if (argsPair) {
          if (!src.appendWords(argsPair, args)) return '`claude_args` has an unusual form; add the flags yourself'
          px.push({ kind: 'words', path: [...withPath, 'claude_args'], words: args })
        } else {
          newLines.push(`claude_args: ${yamlArgs(args)}`)
          px.push({ kind: 'set', path: [...withPath, 'claude_args'], value: args })
        }
        return undefined
      })
    }
    for (const k of plan.remove) {
      steps.push(() => {
        const p = src.pair([...withPath, k])
        if (!p || !src.removePair(p)) return `could not remove \`${k}\``
        px.push({ kind: 'delete', path: [...withPath, k] })
        return undefined
      })
    }
    steps.push(() => {
      if (!newLines.length) return undefined
      let ok: boolean
      if (withMap) ok = src.appendToMap(withMap, newLines)
      else if (withPair) ok = src.fillEmpty(withPair, newLines)
      else {
        const stepMap = src.blockMap(sp)
        ok = stepMap !== undefined && src.appendToMap(stepMap, ['with:', ...newLines.map((l) => '  ' + l)])
      }
      return ok ? undefined : 'the step is not a block mapping; edit it yourself'
    })
    let failed: string | undefined
    for (const st of steps) {
      failed = st()
      if (failed) break
    }
    if (failed) fail(failed)
    else expects.push(...px)
  }

  // secrets: inherit → the callee's declared secrets.
  for (const job of wf.jobs) {
    const s = job.value.secrets
    if (typeof s !== 'string' || s.trim() !== 'inherit') continue
    const at = wf.doc.span([...job.path, 'secrets'])
    const line = lineOf(at)
    if (!ctx.has('secrets-inherit', file, line)) continue
    const skip = (reason: string): void => {
      skips.push({ ruleId: 'secrets-inherit', file, line, reason })
    }
    const callee = job.usesWorkflow?.trim()
    if (!callee || !callee.startsWith('./')) {
      skip(
        `${callee ?? 'the called workflow'} is not in this repository, so its declared secrets cannot be read; list them yourself`
      )
      continue
    }
    const calleePath = cutAtFirstInLastLine(callee.replace(/^\.\//, ''), '@')
    const target = project.workflows.find((w) => w.path === calleePath)
    if (!target) {
      skip(`${calleePath} was not found or does not parse`)
      continue
    }
    const declared = declaredSecrets(target)
    if (declared === undefined) {
      skip(`${calleePath} has no \`on.workflow_call\` trigger`)
      continue
    }
    const used = usedSecrets(target.doc.file.text).filter((n) => n !== 'GITHUB_TOKEN' && !declared.includes(n))
    if (used.length) {
      skip(
        `${calleePath} uses secrets it does not declare (${used.join(', ')}), which only \`inherit\` passes; declare them under on.workflow_call.secrets first`
      )
      continue
    }
    if (target.jobs.some((j) => typeof j.value.secrets === 'string' && j.value.secrets.trim() === 'inherit')) {
      skip(`${calleePath} itself passes \`secrets: inherit\` on; fix that call first`)
      continue
    }
    const pair = src.pair([...job.path, 'secrets'])
    const v = pair?.value
    if (!pair || !src.startsLine(pair) || !isScalar(v) || !v.range || !(pair.key as { range?: number[] }).range) {
      skip('`secrets: inherit` is not a plain block entry; edit it yourself')
      continue
    }
    const keyEnd = (pair.key as unknown as { range: [number, number, number] }).range[1]
    if (declared.length === 0) {
      src.removePair(pair)
      expects.push({ kind: 'delete', path: [...job.path, 'secrets'] })
      changes.push({
        ruleId: 'secrets-inherit',
        file,
        line,
        text: `removed \`secrets: inherit\` from job ${job.id} (${calleePath} declares no secrets)`
      })
      continue
    }
    const indent = ' '.repeat(src.indentOf(src.blockMap(job.path)!) ?? 0)
    const body = declared.map((n) => `${src.eol}${indent}  ${n}: \${{ secrets.${n} }}`).join('')
    src.edits.push({ start: keyEnd, end: v.range[1], text: `:${body}` })
    expects.push({
      kind: 'set',
      path: [...job.path, 'secrets'],
      value: Object.fromEntries(declared.map((n) => [n, `\${{ secrets.${n} }}`]))
    })
    changes.push({
      ruleId: 'secrets-inherit',
      file,
      line,
      text: `job ${job.id}: \`secrets: inherit\` → ${declared.join(', ')} (declared by ${calleePath})`
    })
  }

  if (!src.edits.length) {
    ctx.skips.push(...skips)
    return undefined
  }
  // Apply, re-parse, and compare with the intended document.
  let after: string
  try {
    after = applyTextEdits(text, src.edits)
  } catch (e) {
    return giveUp(ctx, changes, skips, `edits overlap (${(e as Error).message})`)
  }
  const check = new YamlSource(after)
  if (!check.ok)
    return giveUp(
      ctx,
      changes,
      skips,
      `the edited file would not parse (${check.doc.errors[0].message.split('\n')[0]})`
    )
  const expected = structuredClone(src.value())
  const actual = check.value()
  for (const e of expects) {
    if (e.kind === 'set') setAt(expected, e.path, e.value)
    else if (e.kind === 'delete') deleteAt(expected, e.path)
    else {
      const got = getAt(actual, e.path)
      if (words(got) !== words(`${words(getAt(expected, e.path))} ${e.words}`)) {
        return giveUp(ctx, changes, skips, `\`${e.path.join('.')}\` would read \`${words(got)}\``)
      }
      setAt(expected, e.path, got)
    }
  }
  if (!isDeepStrictEqual(normalise(expected), normalise(actual))) {
    return giveUp(ctx, changes, skips, 'the edited document differs from the intended one')
  }
  ctx.changes.push(...changes)
  ctx.skips.push(...skips)
  return after
}

/** Numbers written as strings by us and numbers in the file compare equal (inputs are strings to the action). */
function normalise(v: unknown): unknown {
  return JSON.parse(JSON.stringify(v ?? null))
}

function giveUp(ctx: FixContext, changes: Change[], skips: Skip[], reason: string): undefined {
  ctx.skips.push(...skips)
  for (const c of changes)
    ctx.skips.push({ ruleId: c.ruleId, file: c.file, line: c.line, reason: `not changed: ${reason}` })
  return undefined
}

function dropChanges(changes: Change[], ruleId: string, line: number | null): void {
  for (let i = changes.length - 1; i >= 0; i--)
    if (changes[i].ruleId === ruleId && changes[i].line === line) changes.splice(i, 1)
}

/** Whether a change belongs to a step plan (same workflow, finding line inside the step). */
function stepOwns(wf: Workflow, plan: StepPlan, c: Change): boolean {
  const span = wf.doc.span(plan.step.path)
  if (!span || c.line === null) return false
  const a = wf.doc.file.position(span.start).line
  const b = wf.doc.file.position(span.end).line
  return c.line >= a && c.line <= b && c.ruleId !== 'no-job-timeout'
}

/** `claude_args` value for a new entry: plain when YAML allows, else single-quoted. */
function yamlArgs(args: string): string {
  if (/^[^'"#:{}[\],&*!|>%@`]/.test(args) && !/(: | #)/.test(args) && !/\s$/.test(args)) return args
  return `'${args.replace(/'/g, "''")}'`
}

/** Maps `[start, end)` of a scalar's value to the source offset of `start` (block literals and plain one-liners). */
function locate(text: string, span: Span, value: string, start: number, end: number): number | undefined {
  const piece = value.slice(start, end)
  const lineStartInValue = value.lastIndexOf('\n', start - 1) + 1
  const lineEndInValue = value.indexOf('\n', start)
  const line = value.slice(lineStartInValue, lineEndInValue < 0 ? value.length : lineEndInValue)
  // Find the n-th occurrence of the whole line inside the span, n = earlier identical lines.
  let nth = 0
  let i = -1
  while ((i = value.indexOf(line, i + 1)) >= 0 && i < lineStartInValue) nth++
  let at = span.start - 1
  for (let k = 0; k <= nth; k++) {
    at = text.indexOf(line, at + 1)
    if (at < 0 || at + line.length > span.end) return undefined
  }
  const pos = at + (start - lineStartInValue)
  return text.slice(pos, pos + piece.length) === piece ? pos : undefined
}

/** Secret names a reusable workflow declares (`on.workflow_call.secrets`); undefined when it is not callable. */
export function declaredSecrets(wf: Workflow): string[] | undefined {
  if (!wf.triggers.has('workflow_call')) return undefined
  const cfg = wf.triggerConfig.get('workflow_call')
  const secrets = isObject(cfg) ? cfg.secrets : undefined
  return isObject(secrets) ? Object.keys(secrets) : []
}

/** Secret names a workflow's text references (`secrets.NAME`, `secrets['NAME']`). */
export function usedSecrets(text: string): string[] {
  const out = new Set<string>()
  for (const m of text.matchAll(/\bsecrets\.([A-Za-z_][A-Za-z0-9_]*)/g)) out.add(m[1])
  for (const m of text.matchAll(/\bsecrets\[\s*['"]([A-Za-z_][A-Za-z0-9_]*)['"]\s*\]/g)) out.add(m[1])
  return [...out]
}
