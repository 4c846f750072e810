/**
 * GitHub Agentic Workflows (gh-aw): `.github/workflows/<name>.md` files whose
 * frontmatter configures an agent run (`on`, `permissions`, `engine`, `tools`,
 * `safe-outputs`, `network`) and that `gh aw compile` turns into
 * `<name>.lock.yml`. Those with the Claude engine are audited at the source;
 * the generated lock file is left out of the workflow rules, so a finding is
 * reported once, where a fix is made.
 */
import { posix } from 'node:path'
import { isObject, type MarkdownDoc, type StructuredDoc } from '../parse/doc.js'
import type { Span } from '../parse/source.js'

/** One gh-aw source with the Claude engine. */
export interface AgenticWorkflow {
  path: string
  md: MarkdownDoc
  fm: StructuredDoc
  data: Record<string, unknown>
  /** `engine:` as an object (`{ id: claude }`), or `{ id: 'claude' }` for the short form. */
  engine: Record<string, unknown>
  /** Where a finding about the run as a whole points: the `engine:` line. */
  anchor: Span
  /** Event names of `on:`. */
  triggers: Set<string>
}

/** Whether a path is a gh-aw source (`.github/workflows/*.md`, not a README in a subfolder). */
export const AGENTIC_SOURCE = /^\.github\/workflows\/[^/]+\.md$/

/** The engine id of a gh-aw frontmatter (`engine: claude` or `engine: { id: claude }`). */
function engineOf(data: Record<string, unknown>): Record<string, unknown> | undefined {
  const e = data.engine
  if (typeof e === 'string') return { id: e.trim().toLowerCase() }
  if (isObject(e) && typeof e.id === 'string') return { ...e, id: e.id.trim().toLowerCase() }
  return undefined
}

/** Reads a gh-aw source; undefined unless it runs the Claude engine. */
export function agenticWorkflow(path: string, md: MarkdownDoc): AgenticWorkflow | undefined {
  const fm = md.frontmatter
  if (!fm || !isObject(fm.value)) return undefined
  const data = fm.value
  const engine = engineOf(data)
  if (!engine || engine.id !== 'claude') return undefined
  const anchor = fm.span(['engine'], 'pair') ?? { file: md.file, start: 0, end: 0 }
  const triggers = new Set<string>()
  const on = data.on ?? data['true']
  if (typeof on === 'string') {
    triggers.add(on.split(/\s+/)[0])
  } else if (Array.isArray(on)) {
    for (const e of on) if (typeof e === 'string') triggers.add(e)
  } else if (isObject(on)) {
    for (const k of Object.keys(on)) triggers.add(k)
  }
  return { path, md, fm, data, engine, anchor, triggers }
}

/** The lock file `gh aw compile` writes for a source. */
export function lockFileOf(path: string): string {
  return posix.join(posix.dirname(path), posix.basename(path, '.md') + '.lock.yml')
}
