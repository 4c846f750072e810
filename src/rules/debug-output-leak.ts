/**
 * debug-output-leak: fires when show_full_output: true on the Claude action
 * (logs every tool output; public logs leak secrets)
 * Docs: docs/rules/debug-output-leak.md
 */
import { defineRule } from './rule.js'

export default defineRule({
  meta: {
    id: 'debug-output-leak',
    checklistItems: [],
    area: 'workflows',
    severity: 'medium',
    confidence: 'high',
    description: 'full Claude output logged',
    messages: {}
  },
  check() {
    // TODO: not yet implemented
  }
})
