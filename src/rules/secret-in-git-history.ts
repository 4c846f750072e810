/**
 * secret-in-git-history: fires when a credential is present in an earlier
 * commit of a file the audit reads, even if gone from HEAD (only when history
 * scanning is on; needs full clone)
 * Docs: docs/rules/secret-in-git-history.md
 */
import { defineRule } from './rule.js'

export default defineRule({
  meta: {
    id: 'secret-in-git-history',
    checklistItems: [6],
    area: 'credentials',
    severity: 'high',
    confidence: 'high',
    description: 'credential present in an earlier commit',
    messages: {}
  },
  check() {
    // TODO: not yet implemented
  }
})
