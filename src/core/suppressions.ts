/**
 * Inline suppressions that do nothing: a rule id that no rule has (a typo such
 * as `ignore[secret-inherit]` silently suppressed nothing), and suppressions
 * with no finding to suppress on their line or the next. Reported as notices.
 */
import type { SourceFile } from '../parse/source.js'

const MARK = 'claude-code-audit:'
/** Longest `ignore[...]` list considered: bounds the work on hostile text. */
const MAX_LIST = 300

/** One inline suppression comment: where it is and the ids it names. */
export interface InlineSuppression {
  file: string
  line: number
  ids: string[]
}

/** Finds `claude-code-audit:ignore[a, b]` comments in a file, in linear time. */
export function inlineSuppressions(file: SourceFile): InlineSuppression[] {
  const out: InlineSuppression[] = []
  const text = file.text
  for (let at = text.indexOf(MARK); at !== -1; at = text.indexOf(MARK, at + MARK.length)) {
    let i = at + MARK.length
    while (i < text.length && (text[i] === ' ' || text[i] === '\t')) i++
    if (!text.startsWith('ignore[', i)) continue
    const open = i + 'ignore['.length
    // Looked for within a bounded window: hostile text of unclosed lists stays linear.
    const end = text.slice(open, open + MAX_LIST + 1).indexOf(']')
    if (end === -1) continue
    const list = text.slice(open, open + end)
    if (list.includes('\n')) continue
    const ids = list.split(',').map((s) => s.trim()).filter(Boolean)
    out.push({ file: file.path, line: file.position(at).line, ids })
  }
  return out
}

/**
 * Notices for suppressions naming unknown rules, and for suppressions that
 * suppressed nothing. `used` holds `file:line:id` of every suppression that
 * matched a finding.
 */
export function suppressionNotices(files: readonly SourceFile[], known: ReadonlySet<string>, used: ReadonlySet<string>, disabled: ReadonlySet<string>): string[] {
  const unknown: string[] = []
  const unused: string[] = []
  for (const file of files) {
    for (const s of inlineSuppressions(file)) {
      for (const id of s.ids) {
        const where = `${s.file}:${s.line}`
        if (!known.has(id)) unknown.push(`\`${id}\` (${where})`)
        else if (!used.has(`${where}:${id}`) && !disabled.has(id)) unused.push(`\`${id}\` (${where})`)
      }
    }
  }
  const notes: string[] = []
  const cap = (list: string[]): string => list.slice(0, 10).join(', ') + (list.length > 10 ? ` and ${list.length - 10} more` : '')
  if (unknown.length) notes.push(`Inline suppressions name rules that do not exist, so they suppress nothing: ${cap(unknown)}. \`--list-rules\` lists the rule ids.`)
  if (unused.length) notes.push(`Inline suppressions with no finding to suppress on their line or the next: ${cap(unused)}.`)
  return notes
}
