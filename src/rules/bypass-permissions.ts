/**
 * bypass-permissions: fires when permissions.defaultMode: "bypassPermissions"
 * in committed settings; --dangerously-skip-permissions or --permission-mode
 * bypassPermissions in a workflow, script, hook or claude_args; agent
 * frontmatter permissionMode: bypassPermissions — unless committed settings
 * set disableBypassPermissionsMode: "disable" (then report the contradiction
 * at low)
 * Docs: docs/rules/bypass-permissions.md
 */
import { defineRule } from './rule.js'

export default defineRule({
  meta: {
    id: 'bypass-permissions',
    checklistItems: [4],
    area: 'credentials',
    severity: 'high',
    confidence: 'high',
    description: 'permission checks bypassed',
    messages: {}
  },
  check() {
    // TODO: not yet implemented
  }
})
