/**
 * memory-import-broken: an `@path` import in a memory file (or in a file it
 * imports) does not load: the file is missing, the path is a directory, the
 * imports form a cycle, the import is deeper than Claude Code follows (4
 * hops), or it points outside the repository (home, absolute or parent
 * paths, which teammates and CI do not have). An import that does not resolve
 * adds nothing to the context, and one outside the repository loads only where
 * its target exists (after a one-time approval), so the instructions the
 * author meant to load are absent (checklist items 17 and 21).
 * Docs: docs/rules/memory-import-broken.md
 */
import { defineRule } from './rule.js'
import { MAX_IMPORT_HOPS } from '../model/memory.js'
import type { SourceFile } from '../parse/source.js'
import { walkMemory, type ImportProblem } from '../analysis/memory-imports.js'

function describe(p: ImportProblem): string {
  const at = `\`@${p.ref.raw}\``
  switch (p.kind) {
    case 'missing':
      return `${at} does not exist`
    case 'directory':
      return `${at} is a directory (only files are imported)`
    case 'outside':
      return p.ref.outside === 'home'
        ? `${at} is in the home directory, which teammates and CI do not share`
        : p.ref.outside === 'absolute'
          ? `${at} is an absolute path outside the repository`
          : `${at} leaves the repository`
    case 'cycle':
      return `${at} closes an import cycle (${(p.chain ?? []).join(' → ')})`
    case 'too-deep':
      return `${at} is hop ${p.hop}, beyond the ${MAX_IMPORT_HOPS} hops Claude Code follows`
  }
}

const UNRESOLVED = 'an import that does not resolve adds nothing to the context, so those instructions never reach the model'
const OUTSIDE = 'such an import loads only where its target exists, and from the repository only after a one-time approval, so teammates and CI run without those instructions'

/** What the broken imports do (memory documentation): unresolved ones add nothing; outside ones load only where the target exists. */
function consequence(problems: ImportProblem[]): { what: string; effect: string } {
  const one = problems.length === 1
  const outside = problems.filter((p) => p.kind === 'outside').length
  if (outside === 0) return { what: one ? 'does not load' : 'do not load', effect: UNRESOLVED }
  if (outside === problems.length) return { what: one ? 'points outside the repository' : 'point outside the repository', effect: OUTSIDE }
  return {
    what: one ? 'does not load everywhere' : 'do not load everywhere',
    effect: 'an import that does not resolve adds nothing to the context, and one outside the repository loads only where its target exists, after a one-time approval'
  }
}

export default defineRule({
  meta: {
    id: 'memory-import-broken',
    checklistItems: [17, 21],
    area: 'context',
    severity: 'low',
    confidence: 'high',
    description: 'memory import does not resolve inside the repository',
    messages: {
      broken: '{{count}} in {{file}} {{what}}: {{list}}; {{effect}}'
    }
  },
  check(ctx) {
    const byFile = new Map<string, { file: SourceFile; problems: ImportProblem[]; seen: Set<number> }>()
    for (const m of ctx.project.memory) {
      for (const p of walkMemory(ctx.project, m).problems) {
        const e = byFile.get(p.file.path) ?? { file: p.file, problems: [], seen: new Set<number>() }
        byFile.set(p.file.path, e)
        if (e.seen.has(p.ref.start)) continue
        e.seen.add(p.ref.start)
        e.problems.push(p)
      }
    }
    for (const { file, problems } of byFile.values()) {
      problems.sort((a, b) => a.ref.start - b.ref.start)
      const first = problems[0]
      const n = problems.length
      ctx.report({
        messageId: 'broken',
        data: {
          count: n === 1 ? '1 import' : `${n} imports`,
          file: file.path,
          ...consequence(problems),
          list: problems.map(describe).join('; ')
        },
        at: { file, start: first.ref.start, end: first.ref.end },
        key: `${file.path}:${problems.map((p) => p.ref.raw).join(',')}`,
        tip: 'fix the path (imports resolve relative to the importing file), import individual files instead of directories, and keep shared instructions inside the repository'
      })
    }
  }
})
