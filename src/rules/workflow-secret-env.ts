/**
 * workflow-secret-env: fires when a secret is placed in workflow-level env:
 * (every step of every job sees it), or in job-level env: of a job with steps
 * that do not use it; toJSON(secrets) anywhere
 * Docs: docs/rules/workflow-secret-env.md
 */
import { defineRule } from './rule.js'

export default defineRule({
  meta: {
    id: 'workflow-secret-env',
    checklistItems: [7],
    area: 'credentials',
    severity: 'high',
    confidence: 'high',
    description: 'secret exposed to more steps than need it',
    messages: {}
  },
  check() {
    // TODO: not yet implemented
  }
})
