/**
 * claude-md-too-long: a memory file's effective size — its own lines plus
 * everything it pulls in with `@path` imports, recursively (up to 4 hops) —
 * exceeds 500 lines (configurable). All of it is loaded into the context of
 * every session and re-sent with every request, costing tokens and diluting
 * the instructions that matter (checklist item 17). Claude Code's own
 * guidance is under 200 lines per CLAUDE.md.
 * Docs: docs/rules/claude-md-too-long.md
 */
import { defineRule } from './rule.js'
import { walkMemory } from './utils/memory-walk.js'
import { formatCount } from '../core/text.js'


export default defineRule({
  meta: {
    id: 'claude-md-too-long',
    checklistItems: [17],
    area: 'context',
    severity: 'medium',
    confidence: 'high',
    description: 'memory file loads too many lines every session',
    messages: {
      tooLong:
        '{{file}} loads {{lines}} lines ({{chars}} characters, about {{tokens}} tokens) into every session{{via}}, over the {{max}}-line limit: all of it is re-sent with every request'
    },
    defaultOptions: { maxLines: 500 }
  },
  check(ctx) {
    const max = Number(ctx.options.maxLines)
    if (!Number.isFinite(max) || max <= 0) return
    for (const m of ctx.project.memory) {
      const walk = walkMemory(ctx.project, m)
      const lines = walk.files.reduce((n, f) => n + f.lineCount, 0)
      if (lines <= max) continue
      const chars = walk.files.reduce((n, f) => n + f.text.length, 0)
      const imported = walk.files.slice(1).map((f) => f.path)
      const via = imported.length
        ? ` (its own ${m.file.lineCount} lines plus ${imported.length} imported file${imported.length > 1 ? 's' : ''}: ${imported.slice(0, 5).join(', ')}${imported.length > 5 ? `, and ${imported.length - 5} more` : ''})`
        : ''
      ctx.report({
        messageId: 'tooLong',
        data: { file: m.file.path, lines: formatCount(lines), chars: formatCount(chars), tokens: formatCount(Math.round(chars / 4)), via, max },
        at: { path: m.file.path, line: 1 },
        key: m.file.path,
        tip: 'keep CLAUDE.md under ~200 lines of rules Claude needs in every session; move reference material into files Claude reads on demand (mention them without `@`), path-scoped `.claude/rules/` files, or skills'
      })
    }
  }
})
