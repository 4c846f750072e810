/**
 * no-job-timeout: a job that runs Claude has no `timeout-minutes`, so a stuck or
 * looping agent bills for up to GitHub's default of 360 minutes (item 9). A
 * step-level `timeout-minutes` on every step that runs Claude bounds the
 * sessions just as well (GitHub kills the step's process when it expires), so
 * such a job is not reported.
 * Docs: docs/rules/no-job-timeout.md
 */
import { defineRule } from './rule.js'
import type { ClaudeRun } from '../model/claude.js'

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
        'job {{job}} runs Claude without `timeout-minutes` (on the job or on the step that runs Claude): a stuck or looping session can run (and bill) for GitHub\'s default of 360 minutes'
    }
  },
  check(ctx) {
    const byJob = new Map<string, ClaudeRun[]>()
    for (const run of ctx.project.claudeRuns) {
      const key = `${run.workflow.path}\0${run.job.id}`
      byJob.set(key, [...(byJob.get(key) ?? []), run])
    }
    for (const runs of byJob.values()) {
      const run = runs[0]
      if (run.job.value['timeout-minutes'] !== undefined) continue
      // A step timeout ends the Claude step's process; every Claude step needs one.
      if (runs.every((r) => r.step.value['timeout-minutes'] !== undefined)) continue
      const at = run.workflow.doc.span(run.job.path, 'key')
      if (!at) continue
      ctx.report({
        messageId: 'missing',
        data: { job: run.job.id },
        at,
        tip: 'add `timeout-minutes: 30` (or what a normal run needs) to the job, or to each step that runs Claude'
      })
    }
  }
})
