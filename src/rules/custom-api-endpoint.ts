/**
 * custom-api-endpoint: fires when ANTHROPIC_BASE_URL (or a Bedrock/Vertex
 * base URL) in settings env, workflow env or claude_args sends prompts,
 * repository content and the key to a host that is not Anthropic's or the
 * named cloud provider's
 * Docs: docs/rules/custom-api-endpoint.md
 */
import { defineRule } from './rule.js'

export default defineRule({
  meta: {
    id: 'custom-api-endpoint',
    checklistItems: [1],
    area: 'credentials',
    severity: 'medium',
    confidence: 'high',
    description: 'prompts and the API key sent to a non-Anthropic endpoint',
    messages: {}
  },
  check() {
    // TODO: not yet implemented
  }
})
