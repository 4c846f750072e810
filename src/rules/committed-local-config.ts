/**
 * committed-local-config: fires when CLAUDE.local.md or
 * .claude/settings.local.json is tracked by git (both are meant to be
 * personal and ignored)
 * Docs: docs/rules/committed-local-config.md
 */
import { defineRule } from './rule.js'

export default defineRule({
  meta: {
    id: 'committed-local-config',
    checklistItems: [3],
    area: 'credentials',
    severity: 'medium',
    confidence: 'high',
    description: 'personal Claude Code file tracked by git',
    messages: {}
  },
  check() {
    // TODO: not yet implemented
  }
})
