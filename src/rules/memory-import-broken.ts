/**
 * memory-import-broken: fires when an @path import does not resolve, forms a
 * cycle, is deeper than 4 hops, or points outside the repository
 * Docs: docs/rules/memory-import-broken.md
 */
import { defineRule } from './rule.js'

export default defineRule({
  meta: {
    id: 'memory-import-broken',
    checklistItems: [17,  21],
    area: 'context',
    severity: 'low',
    confidence: 'high',
    description: 'memory import does not resolve inside the repository',
    messages: {}
  },
  check() {
    // TODO: not yet implemented
  }
})
