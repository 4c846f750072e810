/**
 * no-notification-hook: fires when no Notification hook, or one that reaches
 * no channel (no webhook/HTTP call)
 * Docs: docs/rules/no-notification-hook.md
 */
import { defineRule } from './rule.js'

export default defineRule({
  meta: {
    id: 'no-notification-hook',
    checklistItems: [26],
    area: 'hooks',
    severity: 'low',
    confidence: 'high',
    description: 'no notification hook reaches a channel',
    messages: {}
  },
  check() {
    // TODO: not yet implemented
  }
})
