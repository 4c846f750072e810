/**
 * secrets-inherit: a job calls a reusable workflow with `secrets: inherit`, so
 * the called workflow receives every secret of the caller, declared or not
 * (checklist item 7: no kitchen-sink secret bundles).
 * Docs: docs/rules/secrets-inherit.md
 */
import { defineRule } from './rule.js'

export default defineRule({
  meta: {
    id: 'secrets-inherit',
    checklistItems: [7],
    area: 'credentials',
    severity: 'high',
    confidence: 'high',
    description: 'reusable workflow receives every secret',
    messages: {
      inherit:
        'job {{job}} calls {{callee}} with `secrets: inherit`: the called workflow receives every secret of this repository, not only the ones it needs'
    }
  },
  check(ctx) {
    for (const wf of ctx.project.workflows) {
      for (const job of wf.jobs) {
        const s = job.value.secrets
        if (typeof s !== 'string' || s.trim() !== 'inherit') continue
        const at = wf.doc.span([...job.path, 'secrets'])
        if (!at) continue
        ctx.report({
          messageId: 'inherit',
          data: { job: job.id, callee: job.usesWorkflow ?? 'a reusable workflow' },
          at,
          tip: 'pass secrets by name under `secrets:` (only those the called workflow declares in on.workflow_call.secrets)'
        })
      }
    }
  }
})
