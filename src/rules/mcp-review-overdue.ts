/**
 * mcp-review-overdue: the MCP configuration (`.mcp.json`, `mcpServers` in
 * settings) has not changed in git for more than 90 days (configurable). The
 * packages, maintainers and permissions behind those servers move on even
 * when the file does not; an unreviewed list keeps servers nobody uses and
 * pins nobody checked (checklist item 30). Needs git history: on a shallow
 * clone nothing is judged.
 * Docs: docs/rules/mcp-review-overdue.md
 */
import { defineRule } from './rule.js'
import type { PathSeg, StructuredDoc } from '../parse/doc.js'
import { lastCommitDate } from '../analysis/mcp-git.js'
import { auditedMcpServers } from '../analysis/plugin-mcp.js'

const DAY = 24 * 60 * 60 * 1000

export default defineRule({
  meta: {
    id: 'mcp-review-overdue',
    checklistItems: [30],
    area: 'mcp',
    severity: 'low',
    confidence: 'high',
    description: 'MCP configuration not reviewed recently',
    messages: {
      overdue:
        '{{file}} ({{servers}}) was last changed {{days}} days ago ({{date}}), more than {{max}} days: the servers, their versions and the access they hold have not been reviewed since'
    },
    defaultOptions: { maxAgeDays: 90 }
  },
  check(ctx) {
    const p = ctx.project
    if (!p.files.git) return
    // A shallow clone (actions/checkout's default depth 1) shows the oldest fetched commit as the
    // last change of every file: dates there say nothing, so none is judged (checklist item 30 is manual).
    if (p.gitFacts.shallow) return
    const max = Number(ctx.options.maxAgeDays)
    if (!Number.isFinite(max) || max <= 0) return
    const docs = new Map<string, { doc: StructuredDoc; names: string[]; first: PathSeg[] }>()
    for (const s of auditedMcpServers(p)) {
      const path = s.doc.file.path
      const e = docs.get(path) ?? { doc: s.doc, names: [], first: s.path }
      e.names.push(s.name)
      docs.set(path, e)
    }
    const now = Date.now()
    for (const [path, { doc, names, first }] of docs) {
      if (p.isTracked(path) === false) continue
      const date = p.gitFacts.lastCommit.has(path) ? p.gitFacts.lastCommit.get(path) : lastCommitDate(p.root, path)
      if (!date) continue
      const days = Math.floor((now - date.getTime()) / DAY)
      if (days <= max) continue
      // A plugin's `.mcp.json` may hold its servers at the top level: the first server's key then.
      const at = doc.span(['mcpServers'], 'key') ?? doc.span(first, 'key') ?? { path, line: 1 }
      ctx.report({
        messageId: 'overdue',
        data: {
          file: path,
          servers: names.length > 3 ? `${names.slice(0, 3).join(', ')} and ${names.length - 3} more` : names.join(', '),
          days,
          date: date.toISOString().slice(0, 10),
          max
        },
        at,
        key: path,
        tip: 'review each server (still used? pinned to a current, audited version? least privilege?) and commit the updated file; this check reads the date of its last commit'
      })
    }
  }
})
