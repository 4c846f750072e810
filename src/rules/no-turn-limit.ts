/**
 * no-turn-limit: an unattended Claude run (a prompt, the base action, `claude -p`)
 * has no turn or dollar cap, so one runaway session has no hard stop (item 9);
 * medium when a short `timeout-minutes` (60 or less) on the step or job bounds it
 * (a number, or `${{ inputs.X }}` that every start of the workflow sets short; for
 * a local action several jobs run, each job's).
 * Also Agent SDK code: `query({ prompt, options })` from
 * `@anthropic-ai/claude-agent-sdk` without `maxTurns`/`maxBudgetUsd`, and Python
 * `query(options=ClaudeAgentOptions(...))` / `ClaudeSDKClient(options=...)` from
 * `claude_agent_sdk` without `max_turns`/`max_budget_usd` (the SDK sets no
 * default limit); medium when the code puts a time limit around the session
 * (`async with asyncio.timeout(120):`, `asyncio.wait_for(..., timeout=)`, an
 * `abortController` a `setTimeout` aborts), and in an example or documentation
 * folder no workflow runs. Options that cannot be read statically (spreads, values built
 * elsewhere) are given the benefit of the doubt. A session started by a script
 * a workflow runs is a Claude run: it is judged with the runs (naming its job
 * and its timeout), and not again as SDK code. A gh-aw source needs
 * `max-turns`, `engine.max-turns`, a positive `max-ai-credits`, or a cap its
 * lock file compiled in (docs/gh-aw.md).
 * Docs: docs/rules/no-turn-limit.md
 */
import { defineRule, type Report } from './rule.js'
import { v0TimeoutMinutes, type ClaudeRun } from '../model/claude.js'
import { callerMayAdd, flag, inputHonoured, runEnv, settingsEnv } from '../analysis/claude-run.js'
import {
  assignsField,
  perApiFile,
  sdkCalls,
  sessionTimeBound,
  spanFrom,
  type TimeBound
} from '../analysis/anthropic-code.js'
import { handRunClause } from '../model/load-scope.js'
import { handRunSession } from '../analysis/sdk-runs.js'
import { agentTimeout, runCap } from '../analysis/agentic-workflows.js'
import { everyCallerSets, inputStarts, type WorkflowCaller } from '../analysis/callers.js'
import type { Workflow } from '../model/workflow.js'
import type { Project } from '../model/project.js'
import { findCliCode, findCliShell } from '../model/cli-code.js'
import { launchPlace, uncappedLaunchesIn, type UncappedLaunch } from '../analysis/code-claude-runs.js'
import type { SourceFile } from '../parse/source.js'
import { uncappedShellLaunchesIn } from '../analysis/claude-runs.js'
import { cachedParse } from '../parse/parse-cache.js'
import { whileTimeLeft } from '../core/budget.js'

/** Timeouts up to this many minutes bound a runaway session's spend well below GitHub's 360-minute default. */
const SHORT_TIMEOUT_MINUTES = 60

/** A short timeout: at most {@link SHORT_TIMEOUT_MINUTES}, as the message gives it. */
interface TimeBoundAt {
  minutes: number
  /** The least of the values when they differ (callers passing different values, several jobs). */
  least: number
  /** Where it is written: `step`, `job`, and how an input sets it. */
  where: string
  /** Set on the workflow step rather than the job. */
  onStep: boolean
}

const shortMinutes = (v: unknown): number | undefined => {
  const n = typeof v === 'number' ? v : typeof v === 'string' && /^\s*\d+(?:\.\d+)?\s*$/.test(v) ? Number(v) : undefined
  return n !== undefined && n > 0 && n <= SHORT_TIMEOUT_MINUTES ? n : undefined
}

/** `${{ inputs.NAME }}` (or `inputs['NAME']`) as the whole value: the input's name. */
function wholeInput(v: unknown): string | undefined {
  if (typeof v !== 'string') return undefined
  const m = /^\s*\$\{\{\s*inputs\s*(?:\.\s*([A-Za-z_][\w-]*)|\[\s*'([^']+)'\s*\])\s*\}\}\s*$/.exec(v)
  return m ? (m[1] ?? m[2]) : undefined
}

/**
 * A `timeout-minutes` value when it is short on every start: a literal number,
 * or `${{ inputs.X }}` that each caller here sets short (a caller that leaves
 * it out gets the input's default), or whose default is short where no caller
 * here starts the workflow (published for other repositories, or dispatched).
 */
function shortTimeout(
  v: unknown,
  run: ClaudeRun,
  callers: ReadonlyMap<Workflow, WorkflowCaller[]>
): (Omit<TimeBoundAt, 'where' | 'onStep'> & { source?: string }) | undefined {
  if (typeof v === 'number') {
    const n = shortMinutes(v)
    return n !== undefined ? { minutes: n, least: n } : undefined
  }
  const name = wholeInput(v)
  const starts = name !== undefined ? inputStarts(run.workflow, name, callers) : undefined
  if (!name || !starts || starts.length === 0) return undefined
  const values = starts.map((s) => shortMinutes(s.value))
  if (values.some((n) => n === undefined)) return undefined
  const ns = values as number[]
  const byDefault = starts.every((s) => s.byDefault)
  const source = byDefault
    ? 'its default'
    : starts.some((s) => s.byDefault)
      ? 'what the callers here pass, or its default'
      : 'what every caller here passes'
  return { minutes: Math.max(...ns), least: Math.min(...ns), source: `set from \`inputs.${name}\` (${source})` }
}

/** The workflow step's or the job's `timeout-minutes` when it is short (see {@link shortTimeout}). */
function timeBound(run: ClaudeRun, callers: ReadonlyMap<Workflow, WorkflowCaller[]>): TimeBoundAt | undefined {
  // A run inside a composite action or a script: also the workflow step that starts it
  // (`inputs` in a composite action's own step are the action's: only a number counts there).
  const wfStep = run.via[0]?.step
  for (const step of wfStep && wfStep !== run.step ? [run.step, wfStep] : [run.step]) {
    const v = step.value['timeout-minutes']
    const s =
      step === wfStep || run.via.length === 0
        ? shortTimeout(v, run, callers)
        : typeof v === 'number'
          ? shortTimeout(v, run, callers)
          : undefined
    if (s) return { minutes: s.minutes, least: s.least, where: s.source ? `step, ${s.source},` : 'step', onStep: true }
  }
  const j = shortTimeout(run.job.value['timeout-minutes'], run, callers)
  return j
    ? { minutes: j.minutes, least: j.least, where: j.source ? `job, ${j.source},` : 'job', onStep: false }
    : undefined
}

/** One bound for the runs of one place in several jobs: each must be bounded; the longest counts. */
function jobsBound(runs: ClaudeRun[], callers: ReadonlyMap<Workflow, WorkflowCaller[]>): TimeBoundAt | undefined {
  const bounds = runs.map((r) => timeBound(r, callers))
  if (bounds.some((b) => b === undefined)) return undefined
  const bs = bounds as TimeBoundAt[]
  if (bs.length === 1) return bs[0]
  const where = bs.every((b) => b.onStep) ? 'steps' : bs.every((b) => !b.onStep) ? 'jobs' : 'jobs or steps'
  return {
    minutes: Math.max(...bs.map((b) => b.minutes)),
    least: Math.min(...bs.map((b) => b.least)),
    where,
    onStep: false
  }
}

/** The minutes as the message gives them: `15`, or `10- to 15` when they differ. */
const minutesText = (b: TimeBoundAt): string => (b.least === b.minutes ? `${b.minutes}` : `${b.least}- to ${b.minutes}`)

/** A time limit in the code, for a message: "the 120-second `asyncio.timeout(120)`", or the limit as written when its length is not literal. */
function boundText(b: TimeBound): string {
  const limit = b.seconds !== undefined ? `the ${formatSeconds(b.seconds)} \`${b.text}\`` : `\`${b.text}\``
  return b.when ? `${limit} (set ${b.when})` : limit
}

function formatSeconds(n: number): string {
  return n >= 120 && n % 60 === 0 ? `${n / 60}-minute` : `${n}-second`
}

const TS_CAPS: ReadonlySet<string> = new Set(['maxTurns', 'maxBudgetUsd'])
const PY_CAPS: ReadonlySet<string> = new Set(['max_turns', 'max_budget_usd'])

function sdkTip(lang: 'js' | 'py'): string {
  return lang === 'js'
    ? 'set `maxTurns` (and `maxBudgetUsd`) in the query options: query({ prompt, options: { maxTurns: 30, maxBudgetUsd: 5 } })'
    : 'set `max_turns` (and `max_budget_usd`) in the options: ClaudeAgentOptions(max_turns=30, max_budget_usd=5.0)'
}

/**
 * A `claude -p` the code part found, seen with the project's Claude runs: a
 * launch that a workflow runs is that workflow's run (check judges it with its
 * job and environment), so it is dropped here; in an example or documentation
 * folder that no workflow reaches, it is run by hand if at all (medium, the
 * folder named).
 */
function cliCodeWithRuns(r: Report, project: Project): Report | undefined {
  if (r.at === null || !('file' in r.at) || !('start' in r.at)) return r
  const dir = launchPlace(project.claudeRuns, r.at.file.path, r.at.start)
  if (dir === 'run') return undefined
  if (!dir) return r
  return { ...r, messageId: 'cliCodeHandRun', data: { ...r.data, place: handRunClause(dir) }, severity: 'medium' }
}

export default defineRule({
  meta: {
    id: 'no-turn-limit',
    checklistItems: [9],
    area: 'cost',
    severity: 'high',
    confidence: 'high',
    description: 'unattended Claude run without a turn or budget cap',
    messages: {
      missing:
        'unattended Claude run in job {{job}} has no `--max-turns` or `--max-budget-usd` cap: a runaway session has no hard stop',
      timeBound:
        'unattended Claude run in job {{job}} has no `--max-turns` or `--max-budget-usd` cap: only the {{minutes}}-minute `timeout-minutes` of the {{where}} stops a runaway session, which spends freely until then',
      ignoredInput:
        'unattended Claude run in job {{job}} has no effective turn cap: `max_turns` is a v0 input that {{ref}} ignores; use `claude_args: --max-turns N`',
      agentic:
        'agentic workflow {{path}} runs the Claude engine with no `max-turns` (or `max-ai-credits`) cap{{compiled}}: a runaway session has no hard stop',
      agenticTimeBound:
        'agentic workflow {{path}} runs the Claude engine with no `max-turns` (or `max-ai-credits`) cap{{compiled}}: only the {{minutes}}-minute timeout of the {{where}} stops a runaway session, which spends freely until then',
      sdkRun:
        'Agent SDK session `{{call}}` in {{script}}, run by job {{job}}, has no `{{turns}}` or `{{budget}}` option: a runaway session has no hard stop',
      sdkRunTimeBound:
        'Agent SDK session `{{call}}` in {{script}}, run by job {{job}}, has no `{{turns}}` or `{{budget}}` option: only the {{minutes}}-minute `timeout-minutes` of the {{where}} stops a runaway session, which spends freely until then',
      sdkRunCodeBound:
        'Agent SDK session `{{call}}` in {{script}}, run by job {{job}}, has no `{{turns}}` or `{{budget}}` option: only {{bound}} around it stops a runaway session, which spends freely until then',
      sdkMissingTimeBound:
        'Agent SDK session `{{call}}` has no `{{turns}}` or `{{budget}}` option: only {{bound}} around it stops a runaway session, which spends freely until then',
      sdkMissingHandRunTimeBound:
        'Agent SDK session `{{call}}` in {{place}}, has no `{{turns}}` or `{{budget}}` option: run as it stands, or copied into a job, only {{bound}} around it stops a runaway session, which spends freely until then',
      sdkMissing:
        'Agent SDK session `{{call}}` has no `{{turns}}` or `{{budget}}` option: the agent loop runs until the model stops, with no turn or dollar cap',
      sdkMissingHandRun:
        'Agent SDK session `{{call}}` in {{place}}, has no `{{turns}}` or `{{budget}}` option: run as it stands, or copied into a job, the agent loop has no turn or dollar cap',
      v0Missing:
        'unattended Claude run in job {{job}} has no `max_turns` input, the turn cap of {{ref}} (a v0 release of the Claude action): a runaway session runs until its `timeout_minutes` stops it',
      v0TimeBound:
        'unattended Claude run in job {{job}} has no `max_turns` input, the turn cap of {{ref}} (a v0 release of the Claude action): only its {{minutes}}-minute `timeout_minutes`{{byDefault}} stops a runaway session, which spends freely until then',
      cliCode:
        '{{launch}} started by {{script}} has no `--max-turns` or `--max-budget-usd` cap: the agent loop runs until the model stops, with no turn or dollar cap',
      cliCodeTimeBound:
        '{{launch}} started by {{script}} has no `--max-turns` or `--max-budget-usd` cap: only the {{limit}} timeout that kills the process stops a runaway session, which spends freely until then',
      cliCodeHandRun:
        '{{launch}} started by {{script}} in {{place}}, has no `--max-turns` or `--max-budget-usd` cap: run as it stands, or copied into a job, the agent loop has no turn or dollar cap'
    }
  },
  check(ctx) {
    // A local action used by several jobs is one place to fix: report it once, naming the jobs.
    const byAnchor = new Map<string, { run: ClaudeRun; runs: ClaudeRun[]; jobs: string[]; maxTurnsInput: boolean }>()
    for (const run of ctx.project.claudeRuns) {
      if (!run.unattended) continue
      if (flag(run, '--max-turns', '--max-budget-usd') || callerMayAdd(run, '--max-turns')) continue
      // A reusable workflow's `claude_args` from its callers' inputs: capped when every caller passes a cap.
      if (everyCallerSets(run, ctx.project.callers, '--max-turns', '--max-budget-usd')) continue
      const env = { ...runEnv(run), ...settingsEnv(run), ...run.sdk?.env }
      if (env.CLAUDE_CODE_MAX_TURNS !== undefined) continue
      const w = run.step.with
      const maxTurnsInput = w.max_turns !== undefined && String(w.max_turns).trim() !== ''
      if (maxTurnsInput && inputHonoured(run, 'max_turns')) continue
      const k = `${run.anchor.file.path}\0${run.anchor.start}`
      const seen = byAnchor.get(k)
      if (seen) {
        if (!seen.jobs.includes(run.job.id)) seen.jobs.push(run.job.id)
        seen.runs.push(run)
      } else {
        byAnchor.set(k, { run, runs: [run], jobs: [run.job.id], maxTurnsInput })
      }
    }
    for (const { run, runs, jobs, maxTurnsInput } of byAnchor.values()) {
      // A short timeout bounds what a runaway session can spend: the cap is still missing, but less is at stake.
      // A place several jobs run is bounded when each job (or its step) is.
      const bound = !maxTurnsInput ? jobsBound(runs, ctx.project.callers) : undefined
      if (run.sdk) {
        // An Agent SDK session a workflow runs: reported here, with its job (and not again by the SDK check below).
        const [turns, budget] = run.sdk.lang === 'js' ? TS_CAPS : PY_CAPS
        // A limit the script itself puts around the session stops it too (and is the session's own).
        const code = run.sdk.timeBound
        if (code) {
          ctx.report({
            messageId: 'sdkRunCodeBound',
            data: {
              call: run.sdk.callee,
              script: run.anchor.file.path,
              job: jobs.join(', '),
              turns,
              budget,
              bound: boundText(code)
            },
            severity: 'medium',
            at: run.anchor,
            tip: sdkTip(run.sdk.lang)
          })
          continue
        }
        ctx.report({
          messageId: bound ? 'sdkRunTimeBound' : 'sdkRun',
          data: {
            call: run.sdk.callee,
            script: run.anchor.file.path,
            job: jobs.join(', '),
            turns,
            budget,
            ...(bound ? { minutes: minutesText(bound), where: bound.where } : {})
          },
          ...(bound ? { severity: 'medium' as const } : {}),
          at: run.anchor,
          tip: sdkTip(run.sdk.lang)
        })
        continue
      }
      // A v0 release: `max_turns` is its cap (`claude_args` does not exist there), and it stops Claude at `timeout_minutes`.
      const v0 = run.kind !== 'cli' && run.major === 'v0' && !maxTurnsInput ? v0TimeoutMinutes(run) : undefined
      if (run.kind !== 'cli' && run.major === 'v0' && !maxTurnsInput) {
        const short = v0 && v0.minutes <= SHORT_TIMEOUT_MINUTES ? v0 : undefined
        ctx.report({
          messageId: short ? 'v0TimeBound' : 'v0Missing',
          data: { job: jobs.join(', '), ref: `@${run.ref ?? 'beta'}`, ...(short ? { minutes: short.minutes, byDefault: short.byDefault ? ' (its default)' : '' } : {}) },
          ...(short ? { severity: 'medium' as const } : {}),
          at: run.anchor,
          tip: 'set `max_turns: 30` (the v0 input), or move to `anthropics/claude-code-action@v1` and add `--max-turns 30` to `claude_args`'
        })
        continue
      }
      ctx.report({
        messageId: maxTurnsInput ? 'ignoredInput' : bound ? 'timeBound' : 'missing',
        data: {
          job: jobs.join(', '),
          ref: `@${run.ref ?? 'v1'}`,
          ...(bound ? { minutes: minutesText(bound), where: bound.where } : {})
        },
        ...(bound ? { severity: 'medium' as const } : {}),
        at: run.anchor,
        tip:
          run.kind === 'cli'
            ? 'add `--max-turns 30` (and `--max-budget-usd 5`) to the claude -p command'
            : 'add `--max-turns 30` (and `--max-budget-usd 5`) to `claude_args`'
      })
    }
    // gh-aw: a cap written in the frontmatter, or one the compiling release put into the lock file.
    for (const aw of ctx.project.agenticWorkflows) {
      if (runCap(aw)) continue
      // As for other runs: a short bound on the agent step (gh-aw always sets one) lowers what is at stake.
      const t = agentTimeout(aw)
      const bound = t && t.minutes <= SHORT_TIMEOUT_MINUTES ? t : undefined
      ctx.report({
        messageId: bound ? 'agenticTimeBound' : 'agentic',
        data: {
          path: aw.path,
          compiled: aw.compiled ? `, and the compiled ${aw.compiled.path} carries none` : '',
          ...(bound ? { minutes: bound.minutes, where: bound.where } : {})
        },
        ...(bound ? { severity: 'medium' as const } : {}),
        at: aw.anchor,
        tip: 'write `max-turns: 30` in the frontmatter (under `engine:` for gh-aw releases before the top-level field) and run `gh aw compile`'
      })
    }
  },
  // Sessions a workflow runs are judged by check, as Claude runs (those with options not all known stay here).
  codeYieldsToRuns: true,
  checkCode(ctx) {
    // Each file's reports depend on its text alone (kept between runs, see perApiFile).
    const reports = perApiFile(ctx.project, 'no-turn-limit', (s) => {
      const out: Report[] = []
      const caps = s.lang === 'js' ? TS_CAPS : PY_CAPS
      for (const call of sdkCalls(s)) {
        if (call.options === undefined) continue
        if (call.options !== null) {
          if (call.options.some((e) => e.spread || (e.key !== undefined && caps.has(e.key)))) continue
          if (call.optionsName && assignsField(s, call.optionsName, caps)) continue
        }
        const [turns, budget] = [...caps]
        // A time limit around the session in the code stops it: the cap is still missing, but less is at stake.
        const bound = sessionTimeBound(s, call)
        out.push({
          messageId: bound ? 'sdkMissingTimeBound' : 'sdkMissing',
          data: { call: call.callee.text, turns, budget, ...(bound ? { bound: boundText(bound) } : {}) },
          ...(bound ? { severity: 'medium' as const } : {}),
          at: spanFrom(s, call.callee),
          // A client session may be interactive (a person sends each message); query() runs unattended.
          confidence: call.kind === 'client' ? 'medium' : 'high',
          tip: sdkTip(s.lang)
        })
      }
      return out
    })
    for (const r of reports) ctx.report(r)
    // `claude -p` started as a process by the repository's code, whether or not a workflow runs it
    // (one that does is judged as a run by check, with its job: see codeReportWithRuns).
    const launch = (file: SourceFile, l: UncappedLaunch, tip: string): void =>
      ctx.report({
        messageId: l.timeoutSeconds ? 'cliCodeTimeBound' : 'cliCode',
        data: {
          script: file.path,
          launch: l.noPrintFlag ? '`claude` in print mode (no `-p`, but its output is captured)' : '`claude -p`',
          ...(l.timeoutSeconds ? { limit: formatSeconds(l.timeoutSeconds) } : {})
        },
        ...(l.timeoutSeconds ? { severity: 'medium' as const } : {}),
        at: { file, start: l.start, end: l.end },
        tip: l.noPrintFlag ? tip.replace(/ after `-p`$/, '') : tip
      })
    for (const { file, lang } of whileTimeLeft(ctx, 'no-turn-limit', findCliCode(ctx.project), (f) => f.file.path)) {
      // What a file starts depends on its text alone: kept between runs (src/parse/parse-cache.ts).
      for (const l of cachedParse(`no-turn-limit-cli\0${lang}`, file.text, () => uncappedLaunchesIn(file, lang)))
        launch(file, l, 'add `"--max-turns", "30"` (and `"--max-budget-usd", "5"`) to the argument list after `-p`')
    }
    // And by the repository's shell scripts (a person's or a hook's; one a workflow runs is its run).
    for (const file of whileTimeLeft(ctx, 'no-turn-limit', findCliShell(ctx.project), (f) => f.path)) {
      for (const l of cachedParse('no-turn-limit-cli\0sh', file.text, () => uncappedShellLaunchesIn(file)))
        launch(file, l, 'add `--max-turns 30` (and `--max-budget-usd 5`) after `-p`')
    }
  },
  // In an example or documentation folder, and no workflow runs the file: run by hand if at all (medium, the folder named).
  codeReportWithRuns(r, project) {
    if (r.messageId === 'cliCode' || r.messageId === 'cliCodeTimeBound') return cliCodeWithRuns(r, project)
    const plain = r.messageId === 'sdkMissing' || r.messageId === 'sdkMissingTimeBound'
    const place =
      plain && r.at !== null && 'file' in r.at ? handRunSession(project.claudeRuns, r.at.file.path) : undefined
    if (!place) return r
    return {
      ...r,
      messageId: r.messageId === 'sdkMissing' ? 'sdkMissingHandRun' : 'sdkMissingHandRunTimeBound',
      data: { ...r.data, place: handRunClause(place) },
      severity: 'medium'
    }
  }
})
