/**
 * The human report for terminals: findings grouped by severity, each with its
 * location, message and tip, then the checklist score. Coloured on a TTY.
 */
import type { AuditResult, Severity } from '../core/types.js'
import { AREA_TITLES, belowMinSeverityNote, hiddenCount, totalCount } from '../core/checklist.js'
import { countBySeverity } from '../core/verdict.js'
import { fixFirst } from '../core/remediation.js'

const COLOURS: Record<Severity, string> = {
  critical: '\x1b[1;35m',
  high: '\x1b[1;31m',
  medium: '\x1b[33m',
  low: '\x1b[36m',
  info: '\x1b[2m'
}
const RESET = '\x1b[0m'
const DIM = '\x1b[2m'
const BOLD = '\x1b[1m'

/**
 * Removes control characters so file content cannot drive the terminal, and
 * line breaks so it cannot start a line: run in a workflow step, a line
 * starting with `::` is a command to the Actions runner.
 */
function clean(s: string): string {
  return s
    .replace(/\r\n|[\n\r\u2028\u2029\u0085]/g, ' ')
    .replace(/[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]/g, '�')
}

/** Renders the text report. */
export function renderText(result: AuditResult, opts: { color: boolean; rootLabel: string }): string {
  const c = (code: string, s: string): string => (opts.color ? `${code}${s}${RESET}` : s)
  const out: string[] = []
  out.push(c(BOLD, `claude-code-audit ${result.toolVersion}`) + ` — ${clean(opts.rootLabel)} (${result.filesScanned} files)`)
  out.push('')
  const belowN = totalCount(result.belowMinSeverity)
  if (result.findings.length === 0) {
    out.push(belowN && result.minSeverity ? `No findings at or above ${result.minSeverity}.` : 'No findings.')
  }
  for (const f of result.findings) {
    const where = f.file ? `${clean(f.file)}${f.line !== null ? `:${f.line}:${f.column ?? 1}` : ''}` : '(repository)'
    out.push(`${c(COLOURS[f.severity], f.severity.toUpperCase().padEnd(8))} ${c(BOLD, f.ruleId)}  ${where}`)
    out.push(`  ${clean(f.message)}`)
    if (f.tip) out.push(c(DIM, `  fix: ${clean(f.tip)}`))
  }
  out.push('')
  out.push(c(BOLD, 'Checklist'))
  const areas = ['credentials', 'cost', 'context', 'hooks', 'mcp'] as const
  for (const a of areas) {
    const items = result.checklist.filter((i) => i.area === a)
    const n = (s: string): number => items.filter((i) => i.status === s).length
    const failed = items.filter((i) => i.status === 'fail').map((i) => i.item)
    out.push(
      `  ${AREA_TITLES[a].padEnd(20)} ${n('pass')} pass, ${n('fail')} fail, ${n('manual')} manual, ${n('not-applicable')} n/a` +
        (failed.length ? c(DIM, `  (failing: ${failed.join(', ')})`) : '')
    )
  }
  const below = belowMinSeverityNote(result, '--min-severity info')
  if (below) out.push(`  ${below}`)
  for (const n of result.notices ?? []) out.push(`  Note: ${clean(n)}`)
  const fixes = fixFirst(result.findings)
  if (fixes.length) {
    out.push('')
    out.push(c(BOLD, 'Fix first'))
    fixes.forEach((x, i) => {
      const tag = x.priority === 'incident' ? ' [incident history]' : x.priority === 'blocking' ? ' [blocking]' : ''
      const item = x.checklistItem !== null ? `item ${x.checklistItem}, ` : ''
      out.push(`  ${i + 1}. ${c(BOLD, x.ruleId)} (${item}${x.findings} finding${x.findings === 1 ? '' : 's'})${c(DIM, tag)}`)
      if (x.remedy) {
        out.push(`     ${x.remedy.summary}`)
        for (const l of x.remedy.before.split('\n')) out.push(c(DIM, `     - ${l}`))
        for (const l of x.remedy.after.split('\n')) out.push(`     + ${l}`)
      }
      out.push(c(DIM, `     ${x.docsUrl}`))
    })
  }
  const counts = countBySeverity(result.findings)
  const suppressed = hiddenCount(result.suppressed, result.suppressedBySeverity, result.minSeverity, 'suppressed')
  const baselined = hiddenCount(result.baselined, result.baselinedBySeverity, result.minSeverity, 'in baseline')
  out.push('')
  out.push(
    `${result.findings.length} finding${result.findings.length === 1 ? '' : 's'}: ` +
      (['critical', 'high', 'medium', 'low', 'info'] as const).map((s) => `${counts[s]} ${s}`).join(', ') +
      (belowN ? `; ${belowN} below \`${result.minSeverity ?? 'the minimum severity'}\` not listed` : '') +
      (suppressed ? `; ${suppressed}` : '') +
      (baselined ? `; ${baselined}` : '')
  )
  return out.join('\n') + '\n'
}
