/**
 * inline-system-prompt: fires when a long system prompt (over 2,048 tokens,
 * estimated) is inline in a workflow or in code rather than loaded from a
 * file
 * Docs: docs/rules/inline-system-prompt.md
 */
import { defineRule } from './rule.js'

export default defineRule({
  meta: {
    id: 'inline-system-prompt',
    checklistItems: [20],
    area: 'context',
    severity: 'low',
    confidence: 'high',
    description: 'long system prompt inline instead of in a file',
    messages: {}
  },
  check() {
    // TODO: not yet implemented
  }
})
