/**
 * aws-long-lived-credentials: fires when long-lived AWS keys
 * (AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY) reach a job that runs Claude
 * (workflow/job env or step env from secrets), or appear in settings env
 * Docs: docs/rules/aws-long-lived-credentials.md
 */
import { defineRule } from './rule.js'

export default defineRule({
  meta: {
    id: 'aws-long-lived-credentials',
    checklistItems: [5],
    area: 'credentials',
    severity: 'high',
    confidence: 'high',
    description: 'long-lived AWS keys reach Claude',
    messages: {}
  },
  check() {
    // TODO: not yet implemented
  }
})
