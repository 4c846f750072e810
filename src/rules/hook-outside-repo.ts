/**
 * hook-outside-repo: fires when a hook command points outside the repository
 * (~/, /Users/, /home/, absolute paths) so it is not version-controlled and
 * not present in CI
 * Docs: docs/rules/hook-outside-repo.md
 */
import { defineRule } from './rule.js'

export default defineRule({
  meta: {
    id: 'hook-outside-repo',
    checklistItems: [24],
    area: 'hooks',
    severity: 'medium',
    confidence: 'high',
    description: 'hook command outside the repository',
    messages: {}
  },
  check() {
    // TODO: not yet implemented
  }
})
