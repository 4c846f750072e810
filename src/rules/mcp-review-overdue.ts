/**
 * mcp-review-overdue: fires when the MCP configuration (.mcp.json, mcpServers
 * in settings) was last changed more than 90 days ago (git history;
 * configurable)
 * Docs: docs/rules/mcp-review-overdue.md
 */
import { defineRule } from './rule.js'

export default defineRule({
  meta: {
    id: 'mcp-review-overdue',
    checklistItems: [30],
    area: 'mcp',
    severity: 'low',
    confidence: 'high',
    description: 'MCP configuration not reviewed recently',
    messages: {}
  },
  check() {
    // TODO: not yet implemented
  }
})
