/**
 * file-skipped: a file the audit should read was not read (too large, binary,
 * a link leaving the repository); the reason is stated so nobody mistakes an
 * unread file for a clean one.
 * Docs: docs/rules/file-skipped.md
 */
import { defineRule } from './rule.js'

export default defineRule({
  meta: {
    id: 'file-skipped',
    contentOnly: true,
    checklistItems: [],
    area: 'diagnostics',
    severity: 'info',
    confidence: 'high',
    description: 'file not read',
    messages: {
      skipped: '{{file}} was not read: {{reason}}',
      unfollowed: '{{reason}}'
    },
    late: true
  },
  check(ctx) {
    for (const s of ctx.project.reader.skipped) {
      ctx.report({ messageId: 'skipped', data: { file: s.file, reason: s.reason }, at: { path: s.file, line: 1 }, key: s.reason })
    }
    // Local actions and scripts the search for Claude runs could not follow.
    for (const u of ctx.project.unfollowed) {
      ctx.report({ messageId: 'unfollowed', data: { reason: u.reason }, at: { path: u.file, line: u.line ?? 1 }, key: u.reason })
    }
  }
})
