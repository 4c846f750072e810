/**
 * file-skipped: fires when a file was not read (too large, binary, a link
 * leaving the repository); the reason is stated
 * Docs: docs/rules/file-skipped.md
 */
import { defineRule } from './rule.js'

export default defineRule({
  meta: {
    id: 'file-skipped',
    checklistItems: [],
    area: 'diagnostics',
    severity: 'info',
    confidence: 'high',
    description: 'file not read',
    messages: {}
  },
  check() {
    // TODO: not yet implemented
  }
})
