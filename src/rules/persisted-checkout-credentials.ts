/**
 * persisted-checkout-credentials: `actions/checkout` keeps the token it used
 * on disk for later git commands unless `persist-credentials: false`. When
 * Claude runs later in the same job, the agent (and anything a prompt
 * injection makes it run) can read that token from the git configuration and
 * use it with the job's permissions.
 * Docs: docs/rules/persisted-checkout-credentials.md
 */
import { defineRule } from './rule.js'
import { actionName, claudeJobs, isFalse, isTrue } from '../analysis/workflow-security.js'

export default defineRule({
  meta: {
    id: 'persisted-checkout-credentials',
    checklistItems: [],
    area: 'workflows',
    severity: 'low',
    confidence: 'high',
    description: 'checkout leaves the token in .git/config for Claude',
    messages: {
      persisted:
        'actions/checkout keeps its {{what}} on disk for later git commands ({{how}}), and Claude runs later in job {{job}}: the agent can read it and use whatever access it grants'
    }
  },
  check(ctx) {
    for (const [job, runs] of claudeJobs(ctx.project)) {
      const wf = runs[0].workflow
      const lastClaude = Math.max(...runs.map((r) => r.step.index))
      for (const step of job.steps) {
        if (step.index >= lastClaude) break
        if (actionName(step.uses) !== 'actions/checkout') continue
        const pc = step.with['persist-credentials']
        if (isFalse(pc)) continue
        const explicit = pc !== undefined
        const at = explicit
          ? wf.doc.span([...step.path, 'with', 'persist-credentials'])
          : wf.doc.span([...step.path, 'uses'])
        if (!at) continue
        ctx.report({
          messageId: 'persisted',
          data: {
            job: job.id,
            what: step.with['ssh-key'] !== undefined ? 'SSH key' : 'token',
            how: !explicit
              ? '`persist-credentials` defaults to true'
              : isTrue(pc)
                ? '`persist-credentials: true`'
                : '`persist-credentials` is not false'
          },
          at,
          tip: 'add `persist-credentials: false` under `with:`; give a later push step its own token explicitly'
        })
      }
    }
  }
})
