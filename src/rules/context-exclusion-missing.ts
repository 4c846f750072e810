/**
 * context-exclusion-missing: fires when bulky or secret paths (node_modules/,
 * .next/, dist/, *.lock, *.png, *.jpg, *.pdf, .env*; configurable) are not
 * denied by permissions.deny Read(...) rules; the finding lists each
 * uncovered entry
 * Docs: docs/rules/context-exclusion-missing.md
 */
import { defineRule } from './rule.js'

export default defineRule({
  meta: {
    id: 'context-exclusion-missing',
    checklistItems: [16],
    area: 'context',
    severity: 'medium',
    confidence: 'high',
    description: 'bulky or secret paths not denied to Claude',
    messages: {}
  },
  check() {
    // TODO: not yet implemented
  }
})
