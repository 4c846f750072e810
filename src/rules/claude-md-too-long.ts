/**
 * claude-md-too-long: a memory file's effective size — its own lines plus
 * everything it pulls in with `@path` imports, recursively (up to 4 hops) —
 * exceeds 500 lines (configurable), counted as Claude Code injects it:
 * without block-level HTML comments. All of it is loaded into the context when
 * the file loads — at launch for the root files, when Claude works in its
 * folder for a nested CLAUDE.md, when matching files are touched for a rules
 * file with `paths:` — and re-sent with every request from then on, costing
 * tokens and diluting the instructions that matter (checklist item 17).
 * Claude Code's own guidance is under 200 lines per CLAUDE.md.
 * Docs: docs/rules/claude-md-too-long.md
 */
import { defineRule } from './rule.js'
import { loadedSize, walkMemory } from '../analysis/memory-imports.js'
import { formatCount } from '../core/text.js'


/**
 * When Claude Code loads a memory file (its memory documentation): the root
 * CLAUDE.md, .claude/CLAUDE.md, CLAUDE.local.md and .claude/rules files at
 * launch; a rules file with `paths:` frontmatter when matching files are
 * touched; a CLAUDE.md in a subfolder when Claude reads files there (or at
 * launch for a session started in or below that folder). An AGENTS.md read in
 * place of a CLAUDE.md (`fallback`) loads the same way; the text says why.
 */
export function whenLoaded(path: string, text: string, fallback = false): string {
  const rules = /^(.*?)(?:^|\/)\.claude\/rules\//.exec(path)
  if (rules) {
    const frontmatter = /^---[ \t]*\r?\n([\s\S]*?)^---[ \t]*$/m.exec(text)
    if (frontmatter && /^paths[ \t]*:/m.test(frontmatter[1])) return 'whenever Claude touches files matching its `paths`'
    return rules[1] ? `into every session that works in ${rules[1]}/` : 'into every session'
  }
  let dir = path.includes('/') ? path.slice(0, path.lastIndexOf('/')) : ''
  if (dir === '.claude') dir = ''
  else if (dir.endsWith('/.claude')) dir = dir.slice(0, -'/.claude'.length)
  // An AGENTS.md loads only because the project has no CLAUDE.md: say so, as adding one stops it.
  const why = 'Claude Code reads it because the project has no CLAUDE.md'
  if (dir === '') return fallback ? `into every session (${why})` : 'into every session'
  return `into every session that works in ${dir}/ (when Claude reads files there, or at launch in it${fallback ? `; ${why}` : ''})`
}

export default defineRule({
  meta: {
    id: 'claude-md-too-long',
    checklistItems: [17],
    area: 'context',
    severity: 'medium',
    confidence: 'high',
    description: 'memory file loads too many lines into the context',
    messages: {
      tooLong:
        '{{file}} loads {{lines}} lines ({{chars}} characters, about {{tokens}} tokens{{comments}}) {{when}}{{via}}, over the {{max}}-line limit: all of it is re-sent with every request from then on'
    },
    defaultOptions: { maxLines: 500 }
  },
  check(ctx) {
    const max = Number(ctx.options.maxLines)
    if (!Number.isFinite(max) || max <= 0) return
    for (const m of ctx.project.memory) {
      const walk = walkMemory(ctx.project, m)
      // Counted as injected: block-level HTML comments are stripped first.
      const sizes = walk.files.map(loadedSize)
      const lines = sizes.reduce((n, z) => n + z.lines, 0)
      if (lines <= max) continue
      const chars = sizes.reduce((n, z) => n + z.chars, 0)
      const commentLines = sizes.reduce((n, z) => n + z.commentLines, 0)
      const imported = walk.files.slice(1).map((f) => f.path)
      const via = imported.length
        ? ` (its own ${formatCount(sizes[0].lines)} lines plus ${imported.length} imported file${imported.length > 1 ? 's' : ''}: ${imported.slice(0, 5).join(', ')}${imported.length > 5 ? `, and ${imported.length - 5} more` : ''})`
        : ''
      const comments = commentLines
        ? `; ${formatCount(commentLines)} ${commentLines === 1 ? 'line' : 'lines'} of HTML comments are stripped and not counted`
        : ''
      ctx.report({
        messageId: 'tooLong',
        data: { file: m.file.path, lines: formatCount(lines), chars: formatCount(chars), tokens: formatCount(Math.round(chars / 4)), comments, when: whenLoaded(m.file.path, m.file.text, m.fallback), via, max },
        at: { path: m.file.path, line: 1 },
        key: m.file.path,
        tip: 'keep CLAUDE.md under ~200 lines of rules Claude needs in every session; move reference material into files Claude reads on demand (mention them without `@`), path-scoped `.claude/rules/` files, or skills'
      })
    }
  }
})
