/**
 * untrusted-trigger: fires when anyone can start Claude:
 * allowed_non_write_users: "*", allowed_bots: "*", or base-action / claude -p
 * on issue_comment, issues, pull_request_review_comment, discussion* without
 * an author-association condition
 * Docs: docs/rules/untrusted-trigger.md
 */
import { defineRule } from './rule.js'

export default defineRule({
  meta: {
    id: 'untrusted-trigger',
    checklistItems: [],
    area: 'workflows',
    severity: 'high',
    confidence: 'high',
    description: 'anyone can start Claude',
    messages: {}
  },
  check() {
    // TODO: not yet implemented
  }
})
