/**
 * claudeignore-not-enforced: a `.claudeignore` file exists, but Claude Code
 * does not read `.claudeignore` (it is not a Claude Code feature), so its
 * entries only keep files away from Claude when they are mirrored as
 * `permissions.deny` `Read(...)` rules. Also reports a `.claudeignore` that
 * does not even list `.env` (checklist item 16: the checklist's advice to use
 * `.claudeignore` is folklore).
 * Docs: docs/rules/claudeignore-not-enforced.md
 */
import { posix } from 'node:path'
import { defineRule } from './rule.js'
import { denyRuleFor, denyRulesOf, entryCovered, readDenyCovers } from '../analysis/permission-rules.js'

const SHOWN = 8

export default defineRule({
  meta: {
    id: 'claudeignore-not-enforced',
    checklistItems: [16],
    area: 'context',
    severity: 'medium',
    confidence: 'high',
    description: '.claudeignore relied on, but Claude Code does not read it',
    messages: {
      notEnforced:
        'Claude Code does not read .claudeignore, and {{count}} of its entries ({{list}}) are not mirrored in `permissions.deny`, so Claude can still read them{{env}}',
      noEnv:
        'Claude Code does not read .claudeignore, and this one does not even list `.env`: secrets in environment files are readable unless `permissions.deny` has `Read(.env*)`'
    }
  },
  check(ctx) {
    const p = ctx.project
    for (const f of p.claudeignores) {
      const dir = posix.dirname(f.path) === '.' ? '' : posix.dirname(f.path)
      const entries = f.text
        .split('\n')
        .map((l) => l.replace(/\r$/, '').trim())
        .filter((l) => l && !l.startsWith('#') && !l.startsWith('!'))
      if (!entries.length) continue
      const deny = denyRulesOf(p, dir)
      const listsEnv = entries.some((e) => readDenyCovers(`Read(${e})`, '.env'))
      const unmirrored = entries.filter((e) => !entryCovered(e, deny))
      const at = { path: f.path, line: 1 }
      if (unmirrored.length) {
        const shown =
          unmirrored
            .slice(0, SHOWN)
            .map((e) => `\`${e}\``)
            .join(', ') + (unmirrored.length > SHOWN ? `, and ${unmirrored.length - SHOWN} more` : '')
        ctx.report({
          messageId: 'notEnforced',
          data: {
            count: unmirrored.length === entries.length ? `all ${entries.length}` : `${unmirrored.length}`,
            list: shown,
            env: listsEnv ? '' : '; it does not list `.env` either'
          },
          at,
          key: f.path,
          tip: `mirror the entries in .claude/settings.json \`permissions.deny\`: ${unmirrored
            .slice(0, SHOWN)
            .map((e) => JSON.stringify(denyRuleFor(e)))
            .join(
              ', '
            )}${listsEnv ? '' : ', "Read(.env*)"'}; then delete .claudeignore or keep it only as documentation`
        })
      } else if (!listsEnv && !deny.some((r) => readDenyCovers(r, '.env'))) {
        ctx.report({
          messageId: 'noEnv',
          at,
          severity: 'low',
          key: f.path,
          tip: 'add "Read(.env*)" to `permissions.deny` in .claude/settings.json'
        })
      }
    }
  }
})
