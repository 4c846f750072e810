/**
 * overbroad-permission: fires when allow rules that grant everything: bare
 * Bash, Bash(*), Bash(:*), Read(**), Edit(**), Edit(//**), bare WebFetch,
 * mcp__*, network or destructive commands (curl, wget, rm, git push) allowed;
 * skill/command allowed-tools granting Bash unrestricted; --allowedTools with
 * the same in claude_args
 * Docs: docs/rules/overbroad-permission.md
 */
import { defineRule } from './rule.js'

export default defineRule({
  meta: {
    id: 'overbroad-permission',
    checklistItems: [4],
    area: 'credentials',
    severity: 'high',
    confidence: 'high',
    description: 'allow rule grants far more than a task needs',
    messages: {}
  },
  check() {
    // TODO: not yet implemented
  }
})
