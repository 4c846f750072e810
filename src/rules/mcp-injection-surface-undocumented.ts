/**
 * mcp-injection-surface-undocumented: fires when a server that reads external
 * content (fetch, browsers, GitHub/GitLab, Slack, databases, filesystems,
 * search) is not named in a threat-model document (default: SECURITY.md,
 * docs/**\/*.md, .claude/**\/*.md, MCP*.md; configurable)
 * Docs: docs/rules/mcp-injection-surface-undocumented.md
 */
import { defineRule } from './rule.js'

export default defineRule({
  meta: {
    id: 'mcp-injection-surface-undocumented',
    checklistItems: [29],
    area: 'mcp',
    severity: 'medium',
    confidence: 'high',
    description: 'MCP server reading external content not in the threat model',
    messages: {}
  },
  check() {
    // TODO: not yet implemented
  }
})
