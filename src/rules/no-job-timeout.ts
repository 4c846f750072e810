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
import { timeoutWrapperSeconds, type ClaudeRun } from '../model/claude.js'
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
        'job {{job}} runs Claude without `timeout-minutes` (on the job or on the step that runs Claude) or a `timeout` around the command: a stuck or looping session can run (and bill) for GitHub\'s default of 360 minutes'
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
      if (runs.every((r) => r.step.value['timeout-minutes'] !== undefined || wrappedByTimeout(r.command) || r.processTimeout !== undefined)) continue
      const at = run.workflow.doc.span(run.job.path, 'key')
      if (!at) continue
      ctx.report({
        messageId: 'missing',
        data: { job: run.job.id },
        at,
        tip: 'add `timeout-minutes: 30` (or what a normal run needs) to the job, or to each step that runs Claude (or wrap each `claude -p` in `timeout 30m`)'
      })
    }
  }
})
