/**
 * subagent-depth-unbounded: fires when a project agent can spawn agents
 * (tools omitted, or includes Agent/Task) and neither the agent (maxTurns)
 * nor the environment (CLAUDE_CODE_MAX_SUBAGENT_SPAWN_DEPTH) bounds it
 * Docs: docs/rules/subagent-depth-unbounded.md
 */
import { defineRule } from './rule.js'

export default defineRule({
  meta: {
    id: 'subagent-depth-unbounded',
    checklistItems: [13],
    area: 'cost',
    severity: 'medium',
    confidence: 'high',
    description: 'agent can spawn agents without a bound',
    messages: {}
  },
  check() {
    // TODO: not yet implemented
  }
})
