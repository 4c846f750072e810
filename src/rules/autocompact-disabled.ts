/**
 * autocompact-disabled: committed settings turn auto-compaction off
 * (`autoCompactEnabled: false`). Without it, a long session keeps the whole
 * transcript until the context window is full, so every request re-sends an
 * ever larger context, and the session stops at the limit instead of being
 * summarised (checklist item 18).
 * Docs: docs/rules/autocompact-disabled.md
 */
import { defineRule } from './rule.js'
import { committedSettings } from '../analysis/permission-rules.js'

export default defineRule({
  meta: {
    id: 'autocompact-disabled',
    checklistItems: [18],
    area: 'context',
    severity: 'low',
    confidence: 'high',
    description: 'auto-compaction turned off',
    messages: {
      disabled:
        '`autoCompactEnabled: false` in {{file}} turns auto-compaction off for everyone: long sessions re-send an ever larger context with every request and stop at the context limit instead of being summarised'
    }
  },
  check(ctx) {
    for (const s of committedSettings(ctx.project)) {
      if (s.value.autoCompactEnabled !== false) continue
      const at = s.doc.span(['autoCompactEnabled'])
      if (!at) continue
      ctx.report({
        messageId: 'disabled',
        data: { file: s.path },
        at,
        tip: 'remove the key (auto-compaction is on by default); anyone who wants it off can set it in their own ~/.claude/settings.json'
      })
    }
  }
})
