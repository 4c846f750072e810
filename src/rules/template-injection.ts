/**
 * template-injection: fires when attacker-controlled ${{ github.event.* }}
 * fields (titles, bodies, comments, branch names) are interpolated into
 * prompt, claude_args, or run: scripts; low for maintainer-supplied inputs.*
 * in run:
 * Docs: docs/rules/template-injection.md
 */
import { defineRule } from './rule.js'

export default defineRule({
  meta: {
    id: 'template-injection',
    checklistItems: [],
    area: 'workflows',
    severity: 'high',
    confidence: 'high',
    description: 'attacker-controlled text interpolated into a prompt or script',
    messages: {}
  },
  check() {
    // TODO: not yet implemented
  }
})
