/**
 * hardcoded-secret: fires when a credential literal (Anthropic
 * API/admin/OAuth keys, AWS, GitHub, Stripe, Slack, OpenAI, Google, private
 * keys, passwords in connection strings, high-entropy values assigned to
 * secret-named keys) appears in any file the audit reads: memory files
 * (CLAUDE.md, CLAUDE.local.md, .claude/**), .mcp.json, settings env,
 * agent/command/skill files, workflow YAML, committed shell-startup and .env
 * files
 * Docs: docs/rules/hardcoded-secret.md
 */
import { defineRule } from './rule.js'

export default defineRule({
  meta: {
    id: 'hardcoded-secret',
    checklistItems: [1,  3],
    area: 'credentials',
    severity: 'critical',
    confidence: 'high',
    description: 'credential literal committed in a file Claude Code or CI reads',
    messages: {}
  },
  check() {
    // TODO: not yet implemented
  }
})
