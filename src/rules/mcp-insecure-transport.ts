/**
 * mcp-insecure-transport: fires when a remote server uses http:// to a non-
 * loopback host
 * Docs: docs/rules/mcp-insecure-transport.md
 */
import { defineRule } from './rule.js'

export default defineRule({
  meta: {
    id: 'mcp-insecure-transport',
    checklistItems: [27],
    area: 'mcp',
    severity: 'high',
    confidence: 'high',
    description: 'remote MCP server over plain HTTP',
    messages: {}
  },
  check() {
    // TODO: not yet implemented
  }
})
