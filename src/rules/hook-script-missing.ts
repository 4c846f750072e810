/**
 * hook-script-missing: fires when a hook command references a script that is
 * not in the repository or not executable, or reaches it by a path relative
 * to the working directory (breaks after a cd) — the hook then exits 127 and
 * the gate is silently gone
 * Docs: docs/rules/hook-script-missing.md
 */
import { defineRule } from './rule.js'

export default defineRule({
  meta: {
    id: 'hook-script-missing',
    checklistItems: [22,  24],
    area: 'hooks',
    severity: 'high',
    confidence: 'high',
    description: 'hook script missing or reached by a fragile path',
    messages: {}
  },
  check() {
    // TODO: not yet implemented
  }
})
