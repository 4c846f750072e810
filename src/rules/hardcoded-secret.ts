/**
 * hardcoded-secret: a credential literal (Anthropic API/admin/OAuth keys, AWS,
 * GitHub, Stripe, Slack, OpenAI, Google, private keys, passwords in connection
 * strings, high-entropy values under secret-named keys) committed in a file
 * Claude Code or CI reads. The value never appears in the report: only its kind
 * and a short redacted prefix.
 * Docs: docs/rules/hardcoded-secret.md
 */
import { defineRule } from './rule.js'
import { isAgentsMdPath, isMemoryPath } from '../model/memory.js'
import { isFixturePath, scanText } from '../secrets/index.js'
import { secretScanPaths } from '../analysis/secret-files.js'
import { whileTimeLeft } from '../core/budget.js'

/** Where else the literal goes, by the kind of file that holds it. */
function reach(path: string): string {
  if (isMemoryPath(path) || isAgentsMdPath(path) || /(^|\/)\.claude\/(agents|commands|skills|output-styles)\/.+\.md$/.test(path))
    return ", and Claude Code puts it in the model's context (and so in transcripts)"
  if (/(^|\/)\.claude\/settings(\.local)?\.json$/.test(path)) return ', and Claude Code reads it with these settings (an `env` value reaches every command the session runs)'
  if (/(^|\/)\.mcp\.json$/.test(path)) return ', and Claude Code hands it to the MCP server it starts'
  // A plugin's manifest or a marketplace (servers inline, with their `env` and `headers`).
  if (/(^|\/)\.claude-plugin\/(plugin|marketplace)\.json$/.test(path)) return ', and it ships with the plugin to everyone who installs it'
  if (/^\.github\/(workflows|actions)\//.test(path)) return ', and GitHub does not mask it in logs the way it masks secrets'
  return ''
}

export default defineRule({
  meta: {
    id: 'hardcoded-secret',
    contentOnly: true,
    checklistItems: [3, 1],
    area: 'credentials',
    severity: 'critical',
    confidence: 'high',
    description: 'credential literal committed in a file Claude Code or CI reads',
    messages: {
      secret:
        '{{label}} ({{redacted}}) is committed in {{file}}: everyone with read access to the repository has it{{reach}}; rotate it',
      fixture: 'possible {{label}} ({{redacted}}) in a test or example file {{file}}: make sure it is not a real credential',
      weak: 'possible {{label}} ({{redacted}}) in {{file}}: the value is short or not very random, so it may be made up; make sure it is not a real credential',
      notLive: '{{label}} ({{redacted}}) in {{file}} is not reported as a live credential: {{reason}}'
    }
  },
  check(ctx) {
    for (const path of whileTimeLeft(ctx, 'the secret scan (hardcoded-secret)', secretScanPaths(ctx.project), (x) => x)) {
      const file = ctx.project.reader.read(path)
      if (!file) continue
      for (const m of scanText(file.text, { path })) {
        if (m.reason !== undefined) {
          ctx.report({
            messageId: 'notLive',
            data: { label: m.label, redacted: m.redacted, file: path, reason: m.reason },
            at: { file, start: m.start, end: m.end },
            confidence: m.confidence,
            severity: 'info',
            key: `${m.kind}:${m.redacted}`
          })
          continue
        }
        const low = m.confidence === 'low'
        const fixture = low && isFixturePath(path)
        ctx.report({
          messageId: fixture ? 'fixture' : low ? 'weak' : 'secret',
          data: { label: m.label, redacted: m.redacted, file: path, reach: low ? '' : reach(path) },
          at: { file, start: m.start, end: m.end },
          confidence: m.confidence,
          severity: low ? 'medium' : undefined,
          key: `${m.kind}:${m.redacted}`,
          tip: 'replace the literal with a reference (`${VAR}` in settings and .mcp.json, `${{ secrets.NAME }}` in workflows) and rotate the credential'
        })
      }
    }
  }
})
