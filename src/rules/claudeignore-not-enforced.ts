/**
 * claudeignore-not-enforced: fires when a .claudeignore exists but its
 * entries are not mirrored in permissions.deny — Claude Code does not read
 * .claudeignore; also reports a .claudeignore missing the minimum entries
 * Docs: docs/rules/claudeignore-not-enforced.md
 */
import { defineRule } from './rule.js'

export default defineRule({
  meta: {
    id: 'claudeignore-not-enforced',
    checklistItems: [16],
    area: 'context',
    severity: 'medium',
    confidence: 'high',
    description: '.claudeignore relied on, but Claude Code does not read it',
    messages: {}
  },
  check() {
    // TODO: not yet implemented
  }
})
