/**
 * mcp-unpinned: fires when an MCP server launches code resolved at run time:
 * npx/bunx/pnpm dlx package without an exact version (bare, @latest, ranges),
 * uvx/pipx run without an exact pin, docker run image without a digest, git
 * sources without a commit; critical when a workflow runs Claude in CI (the
 * action approves every .mcp.json server, so it runs on the runner next to
 * its secrets)
 * Docs: docs/rules/mcp-unpinned.md
 */
import { defineRule } from './rule.js'

export default defineRule({
  meta: {
    id: 'mcp-unpinned',
    checklistItems: [28],
    area: 'mcp',
    severity: 'high',
    confidence: 'high',
    description: 'MCP server code resolved at run time',
    messages: {}
  },
  check() {
    // TODO: not yet implemented
  }
})
