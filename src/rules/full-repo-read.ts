/**
 * full-repo-read: fires when agent, command, skill or memory instructions, or
 * hooks, read the whole repository on every turn (Read("**\/*"), cat $(git ls-
 * files), SessionStart hooks that print large trees)
 * Docs: docs/rules/full-repo-read.md
 */
import { defineRule } from './rule.js'

export default defineRule({
  meta: {
    id: 'full-repo-read',
    checklistItems: [19],
    area: 'context',
    severity: 'medium',
    confidence: 'high',
    description: 'instructions read the whole repository on every turn',
    messages: {}
  },
  check() {
    // TODO: not yet implemented
  }
})
