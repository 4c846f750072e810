/**
 * invalid-config: fires when a Claude Code or workflow file does not parse.
 * Claude Code skips an unparsable settings file silently, so every hook and
 * deny rule in it is gone: this is a security finding, not just a warning.
 * Reported at the error's line and column
 * Docs: docs/rules/invalid-config.md
 */
import { defineRule } from './rule.js'

export default defineRule({
  meta: {
    id: 'invalid-config',
    checklistItems: [],
    area: 'diagnostics',
    severity: 'high',
    confidence: 'high',
    description: 'configuration file does not parse',
    messages: {}
  },
  check() {
    // TODO: not yet implemented
  }
})
