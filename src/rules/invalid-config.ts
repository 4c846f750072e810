/**
 * invalid-config: a Claude Code or workflow file does not parse. Claude Code
 * skips an unparsable settings file whole (with only an "Invalid settings"
 * warning), so every hook and deny rule in it is gone: a security finding, not
 * a warning. Reported at the parser's position.
 * Docs: docs/rules/invalid-config.md
 */
import { defineRule } from './rule.js'

const CONSEQUENCE: Record<string, string> = {
  settings: 'Claude Code skips this file, so none of its permission rules, hooks or env apply',
  mcp: 'Claude Code cannot load any MCP server from this file',
  workflow: 'GitHub rejects this workflow, and its jobs are not audited',
  frontmatter: 'Claude Code skips this definition (invalid frontmatter)'
}

export default defineRule({
  meta: {
    id: 'invalid-config',
    checklistItems: [],
    area: 'diagnostics',
    severity: 'high',
    confidence: 'high',
    description: 'configuration file does not parse',
    messages: {
      parse: '{{file}} does not parse ({{error}}): {{consequence}}'
    }
  },
  check(ctx) {
    for (const { doc, kind } of ctx.project.parseFailures) {
      const e = doc.errors[0]
      const end = Math.min(doc.file.text.length, e.offset + 1)
      ctx.report({
        messageId: 'parse',
        data: { file: doc.file.path, error: e.message, consequence: CONSEQUENCE[kind] },
        at: { file: doc.file, start: e.offset, end: Math.max(end, e.offset) },
        severity: kind === 'workflow' || kind === 'frontmatter' ? 'medium' : 'high',
        key: `${kind}:${e.message}`
      })
    }
  }
})
