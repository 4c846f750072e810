/**
 * persisted-checkout-credentials: fires when actions/checkout without
 * persist-credentials: false in a job that runs Claude (the agent can read
 * the token from .git/config)
 * Docs: docs/rules/persisted-checkout-credentials.md
 */
import { defineRule } from './rule.js'

export default defineRule({
  meta: {
    id: 'persisted-checkout-credentials',
    checklistItems: [],
    area: 'workflows',
    severity: 'low',
    confidence: 'high',
    description: 'checkout leaves the token in .git/config for Claude',
    messages: {}
  },
  check() {
    // TODO: not yet implemented
  }
})
