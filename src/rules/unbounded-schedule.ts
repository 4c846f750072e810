/**
 * unbounded-schedule: fires when Claude runs on schedule or on high-volume
 * events without a concurrency group, or on a cron more frequent than hourly
 * Docs: docs/rules/unbounded-schedule.md
 */
import { defineRule } from './rule.js'

export default defineRule({
  meta: {
    id: 'unbounded-schedule',
    checklistItems: [10],
    area: 'cost',
    severity: 'medium',
    confidence: 'high',
    description: 'Claude runs on a schedule or busy event without bounds',
    messages: {}
  },
  check() {
    // TODO: not yet implemented
  }
})
