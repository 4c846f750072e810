/**
 * no-job-timeout: a job that runs Claude has no `timeout-minutes`, so a stuck or
 * looping agent bills for up to GitHub's default of 360 minutes (item 9). A
 * step-level `timeout-minutes` on every step that runs Claude bounds the
 * sessions just as well (GitHub kills the step's process when it expires), so
 * such a job is not reported, and so does coreutils `timeout <duration>`
 * wrapping every `claude -p` command.
 * Docs: docs/rules/no-job-timeout.md
 */
import { defineRule } from './rule.js'
import { timeoutWrapperSeconds, v0TimeoutMinutes, type ClaudeRun } from '../model/claude.js'
import type { ShellCommand } from '../shell/parse.js'

/** Whether coreutils `timeout <duration>` wraps the command (see {@link timeoutWrapperSeconds}). */
export function wrappedByTimeout(cmd: ShellCommand | undefined): boolean {
  return timeoutWrapperSeconds(cmd) !== undefined
}

export default defineRule({
  meta: {
    id: 'no-job-timeout',
    checklistItems: [9],
    area: 'cost',
    severity: 'medium',
    confidence: 'high',
    description: 'job that runs Claude has no timeout',
    messages: {
      missing:
        'job {{job}} runs Claude without `timeout-minutes` (on the job or on the step that runs Claude) or a `timeout` around the command: a stuck or looping session can run (and bill) for GitHub\'s default of 360 minutes',
      v0Bound:
        'job {{job}} has no `timeout-minutes`: {{ref}} (a v0 release of the Claude action) stops Claude after its `timeout_minutes` ({{minutes}} minutes{{byDefault}}), but the job\'s other steps can still run for GitHub\'s default of 360 minutes'
    }
  },
  check(ctx) {
    const byJob = new Map<string, ClaudeRun[]>()
    for (const run of ctx.project.claudeRuns) {
      // In a published action the job (and its timeout) is the unknown caller's.
      if (run.callerUnknown) continue
      const key = `${run.workflow.path}\0${run.job.id}`
      byJob.set(key, [...(byJob.get(key) ?? []), run])
    }
    for (const runs of byJob.values()) {
      const run = runs[0]
      if (run.job.value['timeout-minutes'] !== undefined) continue
      // A step timeout ends the Claude step's process, `timeout 600 claude -p` the command; every Claude run needs one.
      // So does the timeout of the call a script starts `claude -p` with (`subprocess.run(..., timeout=120)`).
      const bounded = (r: ClaudeRun): boolean => r.step.value['timeout-minutes'] !== undefined || wrappedByTimeout(r.command) || r.processTimeout !== undefined
      if (runs.every(bounded)) continue
      const at = run.workflow.doc.span(run.job.path, 'key')
      if (!at) continue
      // A v0 release of the action stops Claude at its own `timeout_minutes` (default 30): only the rest of the job is unbounded.
      const v0 = runs.filter((r) => !bounded(r)).map((r) => ({ r, t: v0TimeoutMinutes(r) }))
      if (v0.every((x) => x.t !== undefined)) {
        const longest = v0.reduce((a, b) => ((b.t?.minutes ?? 0) > (a.t?.minutes ?? 0) ? b : a))
        ctx.report({
          messageId: 'v0Bound',
          data: { job: run.job.id, ref: `@${longest.r.ref ?? 'beta'}`, minutes: longest.t?.minutes ?? 0, byDefault: longest.t?.byDefault ? ', its default' : '' },
          severity: 'low',
          at,
          tip: 'add `timeout-minutes: 30` (or what a normal run needs) to the job, and move to `anthropics/claude-code-action@v1`'
        })
        continue
      }
      ctx.report({
        messageId: 'missing',
        data: { job: run.job.id },
        at,
        tip: 'add `timeout-minutes: 30` (or what a normal run needs) to the job, or to each step that runs Claude (or wrap each `claude -p` in `timeout 30m`)'
      })
    }
  }
})
