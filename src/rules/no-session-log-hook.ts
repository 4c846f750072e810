/**
 * no-session-log-hook: fires when no Stop or SessionEnd hook records a
 * session summary
 * Docs: docs/rules/no-session-log-hook.md
 */
import { defineRule } from './rule.js'

export default defineRule({
  meta: {
    id: 'no-session-log-hook',
    checklistItems: [25],
    area: 'hooks',
    severity: 'low',
    confidence: 'high',
    description: 'no hook records a session summary',
    messages: {}
  },
  check() {
    // TODO: not yet implemented
  }
})
