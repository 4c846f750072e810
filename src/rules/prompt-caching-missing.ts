/**
 * prompt-caching-missing: fires when repository code calls the Messages API
 * with a large static system prompt and no cache_control
 * Docs: docs/rules/prompt-caching-missing.md
 */
import { defineRule } from './rule.js'

export default defineRule({
  meta: {
    id: 'prompt-caching-missing',
    checklistItems: [12],
    area: 'cost',
    severity: 'low',
    confidence: 'high',
    description: 'large static system prompt sent without prompt caching',
    messages: {}
  },
  check() {
    // TODO: not yet implemented
  }
})
