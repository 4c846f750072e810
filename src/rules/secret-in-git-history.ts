/**
 * secret-in-git-history: a credential was committed to a file the audit reads
 * and is gone from HEAD — but every clone still has it (checklist item 6). Only
 * with history scanning on (`--history`); a shallow clone is reported, not
 * treated as clean.
 * Docs: docs/rules/secret-in-git-history.md
 */
import { defineRule } from './rule.js'
import { scanText } from '../secrets/index.js'
import { scanHistory, isShallow } from '../analysis/git-history.js'
import { secretScanPaths } from '../analysis/secret-files.js'

export default defineRule({
  meta: {
    id: 'secret-in-git-history',
    contentOnly: true,
    checklistItems: [6],
    area: 'credentials',
    severity: 'high',
    confidence: 'high',
    description: 'credential present in an earlier commit',
    messages: {
      history:
        '{{label}} ({{redacted}}) was committed to {{file}} in {{commit}} ({{date}}) and is no longer at HEAD, but every clone still has it in its history; rotate it',
      shallow:
        'git history was not scanned: this is a shallow clone, so keys committed and removed earlier cannot be seen; check out with `fetch-depth: 0`',
      noGit: 'git history was not scanned: the audited directory is not a git work tree (or git is not installed)'
    }
  },
  async check(ctx) {
    const p = ctx.project
    if (!p.options.history) return
    if (!p.files.git) {
      ctx.report({ messageId: 'noGit', at: null, severity: 'info' })
      return
    }
    if (p.gitFacts.shallow ?? isShallow(p.root)) {
      ctx.report({ messageId: 'shallow', at: null, severity: 'medium' })
      return
    }
    // Secrets still present at HEAD are reported by hardcoded-secret / shell-startup-credentials.
    const atHead = new Set<string>()
    const headPaths = [...secretScanPaths(p), ...p.envFiles.map((f) => f.path), ...p.devcontainers.map((d) => d.file.path)]
    for (const path of headPaths) {
      const file = p.reader.read(path)
      if (!file) continue
      for (const m of scanText(file.text, { path })) atHead.add(file.text.slice(m.start, m.end))
    }
    for (const h of await scanHistory(p.root)) {
      if (atHead.has(h.value)) continue
      ctx.report({
        messageId: 'history',
        data: { label: h.label, redacted: h.redacted, file: h.path, commit: h.commit.slice(0, 12), date: h.date.slice(0, 10) },
        at: { path: h.path, line: h.line },
        confidence: h.confidence,
        key: `${h.kind}:${h.redacted}:${h.commit}`,
        tip: 'rotate the credential in the provider console; rewriting history (git filter-repo) does not un-leak it from existing clones and forks'
      })
    }
  }
})
