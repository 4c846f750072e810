/**
 * context-exclusion-missing: bulky or secret paths (`node_modules/`, `.next/`,
 * `dist/`, `*.lock`, images, PDFs, `.env*`; configurable) are not denied by
 * `permissions.deny` `Read(...)` rules in the committed project settings.
 * Claude can then read, search and be pointed at them: dependency trees and
 * lockfiles burn context, and `.env` files put live secrets into the
 * transcript (checklist item 16). `.gitignore` and `.claudeignore` do not
 * stop the Read tool.
 * Docs: docs/rules/context-exclusion-missing.md
 */
import { defineRule } from './rule.js'
import { denyRuleFor, denyRulesOf, entryCovered, usesClaudeCode } from '../analysis/permission-rules.js'

const DEFAULT_PATHS = ['node_modules/', '.next/', 'dist/', '*.lock', '*.png', '*.jpg', '*.pdf', '.env*']

export default defineRule({
  meta: {
    id: 'context-exclusion-missing',
    checklistItems: [16],
    area: 'context',
    severity: 'medium',
    confidence: 'high',
    description: 'bulky or secret paths not denied to Claude',
    messages: {
      missing:
        'no `permissions.deny` Read rule in the committed project settings covers {{list}}: Claude can read and search them, so bulk eats context{{secrets}} (.gitignore and .claudeignore do not stop the Read tool)'
    },
    defaultOptions: { paths: DEFAULT_PATHS }
  },
  check(ctx) {
    const p = ctx.project
    if (!usesClaudeCode(p)) return
    const entries = Array.isArray(ctx.options.paths)
      ? ctx.options.paths.map(String).filter((e) => e.trim())
      : DEFAULT_PATHS
    const deny = denyRulesOf(p, '')
    const uncovered = entries.filter((e) => !entryCovered(e, deny))
    if (!uncovered.length) return
    const secret = uncovered.some((e) => /env|secret|credential|key/i.test(e))
    const shared = p.settings.find((s) => s.projectDir === '' && s.scope === 'project')
    const at = shared ? (shared.doc.span(['permissions'], 'key') ?? { path: shared.path, line: 1 }) : null
    const rules = uncovered.map(denyRuleFor)
    ctx.report({
      messageId: 'missing',
      data: {
        list: uncovered.map((e) => `\`${e}\``).join(', '),
        secrets: secret ? ' and secrets in `.env` files end up in the transcript' : ''
      },
      at,
      severity: secret ? 'medium' : 'low',
      key: uncovered.join(','),
      tip: `add to \`permissions.deny\` in .claude/settings.json: ${rules.map((r) => JSON.stringify(r)).join(', ')}`
    })
  }
})
