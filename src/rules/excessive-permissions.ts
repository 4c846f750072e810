/**
 * excessive-permissions: fires when a workflow that runs Claude has no
 * permissions: block (falls back to repository default), uses write-all, or
 * grants writes its steps do not need
 * Docs: docs/rules/excessive-permissions.md
 */
import { defineRule } from './rule.js'

export default defineRule({
  meta: {
    id: 'excessive-permissions',
    checklistItems: [7],
    area: 'credentials',
    severity: 'medium',
    confidence: 'high',
    description: 'workflow token broader than the job needs',
    messages: {}
  },
  check() {
    // TODO: not yet implemented
  }
})
