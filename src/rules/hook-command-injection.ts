/**
 * hook-command-injection: fires when a hook splices payload fields into a
 * shell unsafely (eval, unquoted $(jq -r .tool_input...)), downloads and
 * executes code, or sends data to an external host
 * Docs: docs/rules/hook-command-injection.md
 */
import { defineRule } from './rule.js'

export default defineRule({
  meta: {
    id: 'hook-command-injection',
    checklistItems: [22,  23],
    area: 'hooks',
    severity: 'high',
    confidence: 'high',
    description: 'hook handles its payload or the network unsafely',
    messages: {}
  },
  check() {
    // TODO: not yet implemented
  }
})
