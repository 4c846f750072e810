/**
 * claude-md-too-long: fires when a memory file's effective size — its own
 * lines plus everything it imports with @path, recursively (4 hops) — exceeds
 * 500 lines (configurable; the message also gives characters and an estimated
 * token count)
 * Docs: docs/rules/claude-md-too-long.md
 */
import { defineRule } from './rule.js'

export default defineRule({
  meta: {
    id: 'claude-md-too-long',
    checklistItems: [17],
    area: 'context',
    severity: 'medium',
    confidence: 'high',
    description: 'memory file loads too many lines every session',
    messages: {}
  },
  check() {
    // TODO: not yet implemented
  }
})
