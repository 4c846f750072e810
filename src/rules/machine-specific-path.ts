/**
 * machine-specific-path: fires when committed settings, hooks or allow rules
 * embed one person's absolute paths (/Users/..., /home/..., C:\\...)
 * Docs: docs/rules/machine-specific-path.md
 */
import { defineRule } from './rule.js'

export default defineRule({
  meta: {
    id: 'machine-specific-path',
    checklistItems: [24],
    area: 'hooks',
    severity: 'low',
    confidence: 'high',
    description: "one person's absolute path committed",
    messages: {}
  },
  check() {
    // TODO: not yet implemented
  }
})
