/**
 * no-turn-limit: an unattended Claude run (a prompt, the base action, `claude -p`)
 * has no turn or dollar cap, so one runaway session has no hard stop (item 9);
 * medium when a short `timeout-minutes` (60 or less) on the step or job bounds it.
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
import { defineRule } from './rule.js'
import type { ClaudeRun } from '../model/claude.js'
import { callerMayAdd, flag, inputHonoured, runEnv, settingsEnv } from '../analysis/claude-run.js'
import { apiFiles, assignsField, sdkCalls, sessionTimeBound, spanFrom, type TimeBound } from '../analysis/anthropic-code.js'
import { handRunClause } from '../model/load-scope.js'
import { handRunSession } from '../analysis/sdk-runs.js'
import { agentTimeout, runCap } from '../analysis/agentic-workflows.js'
import { everyCallerSets } from '../analysis/callers.js'

/** Timeouts up to this many minutes bound a runaway session's spend well below GitHub's 360-minute default. */
const SHORT_TIMEOUT_MINUTES = 60

/** The step's or the job's `timeout-minutes` when it is a short literal number. */
function timeBound(run: ClaudeRun): { minutes: number; where: string } | undefined {
  const short = (v: unknown): number | undefined =>
    typeof v === 'number' && v > 0 && v <= SHORT_TIMEOUT_MINUTES ? v : undefined
  const step = short(run.step.value['timeout-minutes'])
  if (step !== undefined) return { minutes: step, where: 'step' }
  const job = short(run.job.value['timeout-minutes'])
  return job !== undefined ? { minutes: job, where: `job` } : undefined
}

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
        'Agent SDK session `{{call}}` in {{place}}, has no `{{turns}}` or `{{budget}}` option: run as it stands, or copied into a job, the agent loop has no turn or dollar cap'
    }
  },
  check(ctx) {
    // A local action used by several jobs is one place to fix: report it once, naming the jobs.
    const byAnchor = new Map<string, { run: (typeof ctx.project.claudeRuns)[number]; jobs: string[]; maxTurnsInput: boolean }>()
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
      } else {
        byAnchor.set(k, { run, jobs: [run.job.id], maxTurnsInput })
      }
    }
    for (const { run, jobs, maxTurnsInput } of byAnchor.values()) {
      // A short timeout bounds what a runaway session can spend: the cap is still missing, but less is at stake.
      const bound = jobs.length === 1 && !maxTurnsInput ? timeBound(run) : undefined
      if (run.sdk) {
        // An Agent SDK session a workflow runs: reported here, with its job (and not again by the SDK check below).
        const [turns, budget] = run.sdk.lang === 'js' ? TS_CAPS : PY_CAPS
        // A limit the script itself puts around the session stops it too (and is the session's own).
        const code = run.sdk.timeBound
        if (code) {
          ctx.report({
            messageId: 'sdkRunCodeBound',
            data: { call: run.sdk.callee, script: run.anchor.file.path, job: jobs.join(', '), turns, budget, bound: boundText(code) },
            severity: 'medium',
            at: run.anchor,
            tip: sdkTip(run.sdk.lang)
          })
          continue
        }
        ctx.report({
          messageId: bound ? 'sdkRunTimeBound' : 'sdkRun',
          data: { call: run.sdk.callee, script: run.anchor.file.path, job: jobs.join(', '), turns, budget, ...(bound ? { minutes: bound.minutes, where: bound.where } : {}) },
          ...(bound ? { severity: 'medium' as const } : {}),
          at: run.anchor,
          tip: sdkTip(run.sdk.lang)
        })
        continue
      }
      ctx.report({
        messageId: maxTurnsInput ? 'ignoredInput' : bound ? 'timeBound' : 'missing',
        data: { job: jobs.join(', '), ref: `@${run.ref ?? 'v1'}`, ...(bound ? { minutes: bound.minutes, where: bound.where } : {}) },
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
        data: { path: aw.path, compiled: aw.compiled ? `, and the compiled ${aw.compiled.path} carries none` : '', ...(bound ? { minutes: bound.minutes, where: bound.where } : {}) },
        ...(bound ? { severity: 'medium' as const } : {}),
        at: aw.anchor,
        tip: 'write `max-turns: 30` in the frontmatter (under `engine:` for gh-aw releases before the top-level field) and run `gh aw compile`'
      })
    }
  },
  // Sessions a workflow runs are judged by check, as Claude runs (those with options not all known stay here).
  codeYieldsToRuns: true,
  checkCode(ctx) {
    for (const s of apiFiles(ctx.project)) {
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
        ctx.report({
          messageId: bound ? 'sdkMissingTimeBound' : 'sdkMissing',
          data: { call: call.callee.text, turns, budget, ...(bound ? { bound: boundText(bound) } : {}) },
          ...(bound ? { severity: 'medium' as const } : {}),
          at: spanFrom(s, call.callee),
          // A client session may be interactive (a person sends each message); query() runs unattended.
          confidence: call.kind === 'client' ? 'medium' : 'high',
          tip: sdkTip(s.lang)
        })
      }
    }
  },
  // In an example or documentation folder, and no workflow runs the file: run by hand if at all (medium, the folder named).
  codeReportWithRuns(r, project) {
    const plain = r.messageId === 'sdkMissing' || r.messageId === 'sdkMissingTimeBound'
    const place = plain && r.at !== null && 'file' in r.at ? handRunSession(project.claudeRuns, r.at.file.path) : undefined
    if (!place) return r
    return { ...r, messageId: r.messageId === 'sdkMissing' ? 'sdkMissingHandRun' : 'sdkMissingHandRunTimeBound', data: { ...r.data, place: handRunClause(place) }, severity: 'medium' }
  }
})
