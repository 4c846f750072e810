/**
 * pwn-request: fires when pull_request_target or workflow_run checks out the
 * PR head (ref: ${{ github.event.pull_request.head.sha }} and similar) in a
 * job that runs Claude or holds secrets
 * Docs: docs/rules/pwn-request.md
 */
import { defineRule } from './rule.js'

export default defineRule({
  meta: {
    id: 'pwn-request',
    checklistItems: [],
    area: 'workflows',
    severity: 'critical',
    confidence: 'high',
    description: 'privileged workflow checks out pull-request code',
    messages: {}
  },
  check() {
    // TODO: not yet implemented
  }
})
