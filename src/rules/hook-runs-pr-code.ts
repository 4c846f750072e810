/**
 * hook-runs-pr-code: fires when a hook calls repository build entry points
 * (npm run, make, ./scripts/...) outside .claude/, while a workflow runs
 * Claude on pull-request events: the action restores .claude/ from the base
 * branch, but those entry points come from the PR head
 * Docs: docs/rules/hook-runs-pr-code.md
 */
import { defineRule } from './rule.js'

export default defineRule({
  meta: {
    id: 'hook-runs-pr-code',
    checklistItems: [],
    area: 'hooks',
    severity: 'medium',
    confidence: 'high',
    description: 'hook runs pull-request code in CI',
    messages: {}
  },
  check() {
    // TODO: not yet implemented
  }
})
