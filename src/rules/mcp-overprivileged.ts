/**
 * mcp-overprivileged: fires when a database server connects as a
 * superuser/admin (postgres, root, sa, admin) or without a read-only option;
 * a filesystem server is rooted at /, ~, $HOME or above the repository;
 * committed enableAllProjectMcpServers: true
 * Docs: docs/rules/mcp-overprivileged.md
 */
import { defineRule } from './rule.js'

export default defineRule({
  meta: {
    id: 'mcp-overprivileged',
    checklistItems: [27],
    area: 'mcp',
    severity: 'high',
    confidence: 'high',
    description: 'MCP server with more access than it needs',
    messages: {}
  },
  check() {
    // TODO: not yet implemented
  }
})
