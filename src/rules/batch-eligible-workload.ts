/**
 * batch-eligible-workload: fires when a scheduled, non-interactive Claude job
 * does offline work that the Batch API would run at half price
 * Docs: docs/rules/batch-eligible-workload.md
 */
import { defineRule } from './rule.js'

export default defineRule({
  meta: {
    id: 'batch-eligible-workload',
    checklistItems: [15],
    area: 'cost',
    severity: 'info',
    confidence: 'high',
    description: 'offline Claude job could use the Batch API',
    messages: {}
  },
  check() {
    // TODO: not yet implemented
  }
})
