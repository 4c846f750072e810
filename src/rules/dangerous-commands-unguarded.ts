/**
 * dangerous-commands-unguarded: fires when neither permissions.deny rules nor
 * a PreToolUse Bash hook cover each of: rm -rf, curl ... \
 * Docs: docs/rules/dangerous-commands-unguarded.md
 */
import { defineRule } from './rule.js'

export default defineRule({
  meta: {
    id: 'dangerous-commands-unguarded',
    checklistItems: [23],
    area: 'hooks',
    severity: 'high',
    confidence: 'high',
    description: 'dangerous shell commands not blocked',
    messages: {}
  },
  check() {
    // TODO: not yet implemented
  }
})
