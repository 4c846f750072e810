/**
 * no-job-timeout: a job that runs Claude has no `timeout-minutes`, so a stuck or
 * looping agent bills for up to GitHub's default of 360 minutes (item 9).
 * Docs: docs/rules/no-job-timeout.md
 */
import { defineRule } from './rule.js'

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
        'job {{job}} runs Claude without `timeout-minutes`: a stuck or looping session can run (and bill) for GitHub\'s default of 360 minutes'
    }
  },
  check(ctx) {
    const seen = new Set<string>()
    for (const run of ctx.project.claudeRuns) {
      const key = `${run.workflow.path}\0${run.job.id}`
      if (seen.has(key)) continue
      seen.add(key)
      if (run.job.value['timeout-minutes'] !== undefined) continue
      const at = run.workflow.doc.span(run.job.path, 'key')
      if (!at) continue
      ctx.report({
        messageId: 'missing',
        data: { job: run.job.id },
        at,
        tip: 'add `timeout-minutes: 30` (or what a normal run needs) to the job'
      })
    }
  }
})
