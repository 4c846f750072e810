/**
 * debug-output-leak: `show_full_output: true` on the Claude action prints every
 * message of the session, tool output included, to the job log. Anything a
 * tool printed (an env dump, a config file, a token in an error) lands in a log
 * that anyone can read on a public repository; GitHub masks registered secrets
 * only when they appear verbatim.
 * Docs: docs/rules/debug-output-leak.md
 */
import { defineRule } from './rule.js'
import { isTrue } from './utils/gha-security.js'

export default defineRule({
  meta: {
    id: 'debug-output-leak',
    checklistItems: [],
    area: 'workflows',
    severity: 'medium',
    confidence: 'high',
    description: 'full Claude output logged',
    messages: {
      fullOutput:
        '`show_full_output: true` in job {{job}} writes every message of the Claude session, tool output included, to the job log: whatever a tool prints (env, files, tokens in errors) becomes readable by anyone who can see the log'
    }
  },
  check(ctx) {
    for (const run of ctx.project.claudeRuns) {
      if (run.kind === 'cli') continue
      if (!isTrue(run.step.with.show_full_output)) continue
      const at = run.workflow.doc.span([...run.step.path, 'with', 'show_full_output'])
      if (!at) continue
      ctx.report({
        messageId: 'fullOutput',
        data: { job: run.job.id },
        at,
        tip: 'remove `show_full_output` (it defaults to false); remember that re-running with debug logging (`ACTIONS_STEP_DEBUG`) turns it on as well'
      })
    }
  }
})
