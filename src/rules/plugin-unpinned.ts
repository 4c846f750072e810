/**
 * plugin-unpinned: fires when a plugin marketplace (extraKnownMarketplaces,
 * the action's plugin_marketplaces) is loaded from a git source without a
 * pinned commit
 * Docs: docs/rules/plugin-unpinned.md
 */
import { defineRule } from './rule.js'

export default defineRule({
  meta: {
    id: 'plugin-unpinned',
    checklistItems: [28],
    area: 'mcp',
    severity: 'medium',
    confidence: 'high',
    description: 'plugin marketplace not pinned to a commit',
    messages: {}
  },
  check() {
    // TODO: not yet implemented
  }
})
