/**
 * autocompact-disabled: fires when committed settings turn off auto-
 * compaction (autoCompactEnabled: false)
 * Docs: docs/rules/autocompact-disabled.md
 */
import { defineRule } from './rule.js'

export default defineRule({
  meta: {
    id: 'autocompact-disabled',
    checklistItems: [18],
    area: 'context',
    severity: 'low',
    confidence: 'high',
    description: 'auto-compaction turned off',
    messages: {}
  },
  check() {
    // TODO: not yet implemented
  }
})
