/**
 * shell-startup-credentials: fires when a committed shell startup or
 * environment file (.bashrc, .zshrc, .profile, .bash_profile, .zprofile,
 * .envrc, .env*, devcontainer containerEnv/remoteEnv) exports production
 * credentials (live keys, write-capable cloud keys, database URLs with
 * passwords)
 * Docs: docs/rules/shell-startup-credentials.md
 */
import { defineRule } from './rule.js'

export default defineRule({
  meta: {
    id: 'shell-startup-credentials',
    checklistItems: [2],
    area: 'credentials',
    severity: 'high',
    confidence: 'high',
    description: 'production credentials exported by a committed shell startup or env file',
    messages: {}
  },
  check() {
    // TODO: not yet implemented
  }
})
