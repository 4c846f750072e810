/**
 * secrets-inherit: a job calls a reusable workflow with `secrets: inherit`, so
 * the called workflow receives every secret of the caller, declared or not
 * (checklist item 7: no kitchen-sink secret bundles).
 * Docs: docs/rules/secrets-inherit.md
 */
import { defineRule, type RelatedReport } from './rule.js'
import { calledPath } from '../analysis/callers.js'
import { isObject } from '../parse/doc.js'
import type { Workflow } from '../model/workflow.js'
import { triggerSpan } from '../analysis/run-related.js'

/**
 * The called workflow, when it is a file of the repository: its
 * `workflow_call` trigger (or its first line), noting the secrets it declares.
 */
function calleeRelated(callee: Workflow): RelatedReport {
  const cfg = callee.triggerConfig.get('workflow_call')
  const declared = isObject(cfg) && isObject(cfg.secrets) ? Object.keys(cfg.secrets) : []
  const names = declared.length > 5 ? `${declared.slice(0, 5).join(', ')}, …` : declared.join(', ')
  return {
    at: triggerSpan(callee, 'workflow_call') ?? { path: callee.path },
    note: `the called workflow: it declares ${declared.length ? `the secrets ${names}` : 'no secrets'}, and receives every secret of this repository`
  }
}

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
    const byPath = new Map(ctx.project.workflows.map((w) => [w.path, w]))
    for (const wf of ctx.project.workflows) {
      for (const job of wf.jobs) {
        const s = job.value.secrets
        if (typeof s !== 'string' || s.trim() !== 'inherit') continue
        const at = wf.doc.span([...job.path, 'secrets'])
        if (!at) continue
        const p = calledPath(job.usesWorkflow, ctx.project.repository)
        const callee = p !== undefined ? byPath.get(p) : undefined
        ctx.report({
          messageId: 'inherit',
          data: { job: job.id, callee: job.usesWorkflow ?? 'a reusable workflow' },
          at,
          ...(callee ? { related: [calleeRelated(callee)] } : {}),
          tip: 'pass secrets by name under `secrets:` (only those the called workflow declares in on.workflow_call.secrets)'
        })
      }
    }
  }
})
