/**
 * hook-fail-open: fires when a guard hook (PreToolUse, UserPromptSubmit, ...)
 * fails open: it signals a block with exit 1 or another non-2 code without a
 * valid decision JSON, has no error handling (a crash or timeout lets the
 * call through), is async, or is an HTTP hook relying on status codes; the
 * message states the real exit-code semantics
 * Docs: docs/rules/hook-fail-open.md
 */
import { defineRule } from './rule.js'

export default defineRule({
  meta: {
    id: 'hook-fail-open',
    checklistItems: [22],
    area: 'hooks',
    severity: 'high',
    confidence: 'high',
    description: 'guard hook fails open',
    messages: {}
  },
  check() {
    // TODO: not yet implemented
  }
})
