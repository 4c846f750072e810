/**
 * committed-local-config: `CLAUDE.local.md` or `.claude/settings.local.json`
 * is tracked by git. Both are personal by design (Claude Code writes the
 * local settings file itself when you approve things); committed, one
 * person's allow rules, approvals and notes apply to everyone who clones the
 * repository and to CI, and may carry their paths or secrets (checklist item 3).
 * Docs: docs/rules/committed-local-config.md
 */
import { defineRule } from './rule.js'

const LOCAL = /(^|\/)(CLAUDE\.local\.md|\.claude\/settings\.local\.json)$/

export default defineRule({
  meta: {
    id: 'committed-local-config',
    checklistItems: [3],
    area: 'credentials',
    severity: 'medium',
    confidence: 'high',
    description: 'personal Claude Code file tracked by git',
    messages: {
      tracked: '{{file}} is personal configuration and git tracks it: {{what}} now apply to everyone who clones the repository{{ci}}',
      unknown:
        '{{file}} is personal configuration and is present in the repository (git was not available to check whether it is tracked): if committed, {{what}} apply to everyone who clones it{{ci}}'
    }
  },
  check(ctx) {
    const p = ctx.project
    for (const path of p.files.configPaths) {
      if (!LOCAL.test(path)) continue
      const tracked = p.isTracked(path)
      if (tracked === false) continue
      const json = path.endsWith('.json')
      const what = json ? "one person's allow rules, MCP approvals, hooks and env" : "one person's private instructions"
      // In `claude -p` (CI) allow rules from project files are ignored and every .mcp.json server connects anyway; hooks and env apply.
      const ci = json ? ', and its hooks and env to CI runs too' : ', and to CI'
      ctx.report({
        messageId: tracked ? 'tracked' : 'unknown',
        data: { file: path, what, ci },
        at: { path, line: 1 },
        confidence: tracked ? 'high' : 'medium',
        key: path,
        tip: `run \`git rm --cached ${path}\`, add it to .gitignore, and move shared rules to ${path.endsWith('.json') ? '.claude/settings.json' : 'CLAUDE.md'}`
      })
    }
  }
})
