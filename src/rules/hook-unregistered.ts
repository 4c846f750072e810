/**
 * hook-unregistered: fires when a guard script under .claude/hooks/ (or named
 * like one) is registered by no settings file, or reads its input from
 * arguments/environment instead of stdin, so it never guards anything
 * Docs: docs/rules/hook-unregistered.md
 */
import { defineRule } from './rule.js'

export default defineRule({
  meta: {
    id: 'hook-unregistered',
    checklistItems: [22,  24],
    area: 'hooks',
    severity: 'medium',
    confidence: 'high',
    description: 'guard script that never runs',
    messages: {}
  },
  check() {
    // TODO: not yet implemented
  }
})
