/**
 * The human report for terminals: findings grouped by severity, each with its
 * location, message and tip, then the checklist score. Coloured on a TTY.
 */
import type { AuditResult, FailOn, Finding, Severity } from '../core/types.js'
import { failsOn, gatedFindings, type Scope } from '../core/verdict.js'
import { groupFindings, groupRelated, linesLabel, relatedLabel, type FindingGroup } from '../core/group.js'
import { RULES } from '../rules/index.js'
import { AREA_TITLES, belowMinSeverityNote, hiddenCount, totalCount } from '../core/checklist.js'
import { countBySeverity } from '../core/verdict.js'
import { fixFirst } from '../core/remediation.js'
import { FIXABLE_RULES } from '../fix/index.js'

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

/** Rules whose span is (or contains) a credential: their excerpts are masked. */
const SECRET_RULES = new Set([
  'hardcoded-secret',
  'shell-startup-credentials',
  'aws-long-lived-credentials',
  'secret-in-git-history',
  'custom-api-endpoint',
  'workflow-secret-env'
])

/** Related locations listed under an entry (all with --verbose). */
const MAX_RELATED_SHOWN = 3

/** What the text report needs beyond the result. */
export interface TextOptions {
  color: boolean
  rootLabel: string
  /** Threshold of the verdict line (default: the configuration's, else high). */
  failOn?: FailOn
  /** Findings the verdict judges (default all). */
  scope?: Scope
  /** Every location and the full message of each entry. */
  verbose?: boolean
  /** The text of a line of a file (already redacted), for the excerpt under each entry. */
  readLine?: (file: string, line: number) => string | undefined
}

/** Renders the text report. */
export function renderText(result: AuditResult, opts: TextOptions): string {
  const c = (code: string, s: string): string => (opts.color ? `${code}${s}${RESET}` : s)
  const failOn: FailOn = opts.failOn ?? result.configFailOn ?? 'high'
  const scope: Scope = opts.scope ?? 'all'
  const out: string[] = []
  out.push(c(BOLD, `claude-code-audit ${result.toolVersion}`) + ` — ${clean(opts.rootLabel)} (${result.filesScanned} files)`)
  if (result.diff) {
    out.push(
      `Compared with ${clean(result.diff.base)} (${result.diff.baseSha.slice(0, 12)}): ` +
        `${result.diff.newFingerprints.length} new, ${result.diff.fixed.length} fixed, ${result.diff.existing} existing.`
    )
  }
  out.push('')
  const belowN = totalCount(result.belowMinSeverity)
  if (result.findings.length === 0) {
    out.push(belowN && result.minSeverity ? `No findings at or above ${result.minSeverity}.` : 'No findings.')
  }
  const descriptions = new Map(RULES.map((r) => [r.meta.id, r.meta.description]))
  const fresh = result.diff ? new Set(result.diff.newFingerprints) : undefined
  // New findings in full; existing ones (pull-request mode) as one line each.
  const shown = fresh ? result.findings.filter((f) => fresh.has(f.fingerprint)) : result.findings
  const byFile = new Map<string, FindingGroup[]>()
  for (const g of groupFindings(shown)) {
    const key = g.file ?? ''
    byFile.set(key, [...(byFile.get(key) ?? []), g])
  }
  const files = [...byFile.keys()].sort((a, b) => (a === '' ? -1 : b === '' ? 1 : a < b ? -1 : a > b ? 1 : 0))
  for (const file of files) {
    out.push(c(BOLD, file === '' ? '(repository)' : clean(file)))
    for (const g of byFile.get(file) ?? []) {
      const first = g.findings[0] as Finding
      const title = descriptions.get(g.ruleId) ?? g.ruleId
      const count = g.findings.length > 1 ? ` (${g.findings.length} places)` : ''
      out.push(`${c(COLOURS[g.severity], `${g.severity}[${g.ruleId}]`)}: ${clean(title)}${count}`)
      const where = (f: Finding): string => `${clean(f.file ?? '')}${f.line !== null ? `:${f.line}:${f.column ?? 1}` : ''}`
      if (first.file !== null) out.push(c(DIM, `  --> ${where(first)}`))
      // Entries below fail-on are short (location and message); --verbose shows them in full.
      const full = opts.verbose === true || failsOn(g.findings, failOn)
      const excerpt = full && first.file !== null && first.line !== null ? opts.readLine?.(first.file, first.line) : undefined
      const gutter = String(first.line ?? '').length
      if (excerpt !== undefined && excerpt.trim().length > 1 && first.line !== null) {
        let text = clean(excerpt.replace(/\t/g, ' ')).slice(0, 160)
        const col = Math.max(1, first.column ?? 1)
        const endCol = first.endLine === first.line && first.endColumn !== null && first.endColumn > col ? first.endColumn : text.length + 1
        const width = Math.max(1, Math.min(endCol, text.length + 1) - col)
        // A credential rule points at the credential: the excerpt never shows it.
        if (SECRET_RULES.has(g.ruleId) && width > 4) {
          text = text.slice(0, col - 1 + 4) + '…'.padEnd(width - 4, '…') + text.slice(col - 1 + width)
        }
        out.push(`${c(DIM, `${first.line} |`)} ${text}`)
        out.push(`${' '.repeat(gutter)} ${c(DIM, '|')} ${' '.repeat(col - 1)}${c(COLOURS[g.severity], '^'.repeat(width))} ${clean(g.message)}`)
      } else out.push(`${' '.repeat(gutter)} ${c(DIM, '=')} ${clean(g.message)}`)
      const related = groupRelated(g)
      if (related.length) {
        const max = opts.verbose ? related.length : MAX_RELATED_SHOWN
        const more = related.length > max ? `; ${related.length - max} more (--verbose)` : ''
        out.push(`${' '.repeat(gutter)} ${c(DIM, '=')} related: ${related.slice(0, max).map((r) => `${clean(relatedLabel(r))} (${clean(r.message)})`).join('; ')}${more}`)
      }
      if (g.findings.length > 1) {
        const others = opts.verbose ? g.findings.slice(1).map(where).join(', ') : linesLabel({ ...g, findings: g.findings.slice(1) })
        out.push(`${' '.repeat(gutter)} ${c(DIM, '=')} also at ${others}`)
      }
      if (g.tip && full) out.push(`${' '.repeat(gutter)} ${c(DIM, '=')} help: ${clean(g.tip)}`)
      if (opts.verbose) out.push(`${' '.repeat(gutter)} ${c(DIM, '=')} docs: ${g.docsUrl}`)
    }
    out.push('')
  }
  if (fresh && result.diff) {
    const existing = result.findings.length - shown.length
    if (existing > 0) out.push(`${existing} existing finding${existing === 1 ? '' : 's'} the base has too (not judged with --scope new).`)
    for (const g of groupFindings(result.diff.fixed)) {
      out.push(c(DIM, `fixed: ${g.severity}[${g.ruleId}] ${clean(g.file ?? '(repository)')} ${linesLabel(g)}`))
    }
  }
  if (result.disabledRules) {
    out.push(`Rules disabled by ${clean(result.disabledRules.source)}: ${result.disabledRules.rules.join(', ')}.`)
  }
  const areas = ['credentials', 'cost', 'context', 'hooks', 'mcp'] as const
  const parts = areas.map((a) => {
    const items = result.checklist.filter((i) => i.area === a)
    const pass = items.filter((i) => i.status === 'pass').length
    const fail = items.filter((i) => i.status === 'fail').length
    return `${AREA_TITLES[a]} ${pass + fail === 0 ? 'n/a' : `${pass}/${pass + fail}`}`
  })
  const failing = result.checklist.filter((i) => i.status === 'fail').map((i) => i.item)
  out.push(`${c(BOLD, 'Checklist')}: ${parts.join(' · ')}` + (failing.length ? c(DIM, ` (failing items: ${failing.join(', ')})`) : ''))
  const below = belowMinSeverityNote(result, '--min-severity info')
  if (below) out.push(`  ${below}`)
  for (const n of result.notices ?? []) out.push(`Note: ${clean(n)}`)
  const fixSource = result.diff ? gatedFindings(result, 'new') : [...result.findings]
  const fixes = fixFirst(fixSource)
  if (fixes.length) {
    const limit = opts.verbose ? fixes.length : 3
    out.push(c(BOLD, 'Fix first') + ':')
    fixes.slice(0, limit).forEach((x, i) => {
      const tag = x.priority === 'incident' ? ' [incident history]' : ''
      const auto = FIXABLE_RULES.includes(x.ruleId) ? c(DIM, ' — `claude-code-audit fix` applies it') : ''
      // Where to start: the rule's most severe finding in this repository.
      const first = fixSource.find((f) => f.ruleId === x.ruleId)
      const at = first?.file ? ` at ${clean(first.file)}${first.line !== null ? `:${first.line}` : ''}` : ''
      out.push(`  ${i + 1}. ${x.ruleId} (${x.findings} finding${x.findings === 1 ? '' : 's'}${at})${c(DIM, tag)}${x.remedy ? `: ${x.remedy.summary}` : ''}${auto}`)
    })
    if (fixes.length > limit) out.push(c(DIM, `  … ${fixes.length - limit} more (--verbose)`))
  }
  const counts = countBySeverity(result.findings)
  const suppressed = hiddenCount(result.suppressed, result.suppressedBySeverity, result.minSeverity, 'suppressed')
  const baselined = hiddenCount(result.baselined, result.baselinedBySeverity, result.minSeverity, 'in baseline')
  out.push(
    `${result.findings.length} finding${result.findings.length === 1 ? '' : 's'}: ` +
      (['critical', 'high', 'medium', 'low', 'info'] as const).map((s) => `${counts[s]} ${s}`).join(', ') +
      (belowN ? `; ${belowN} below \`${result.minSeverity ?? 'the minimum severity'}\` not listed` : '') +
      (suppressed ? `; ${suppressed}` : '') +
      (baselined ? `; ${baselined}` : '')
  )
  out.push(verdictText(result, failOn, scope, c))
  return out.join('\n') + '\n'
}

/** The last line: what the exit status says, and why. */
function verdictText(result: AuditResult, failOn: FailOn, scope: Scope, c: (code: string, s: string) => string): string {
  if (failOn === 'never') return '✔ fail-on never: the run does not fail (exit 0)'
  const judged = gatedFindings(result, scope)
  const blocking = judged.filter((f) => failsOn([f], failOn)).length
  const kind = scope === 'new' && result.diff ? ' new' : ''
  if (blocking > 0) {
    return c(COLOURS.high, `✖ ${blocking}${kind} finding${blocking === 1 ? '' : 's'} at or above ${failOn} — failing (exit 1)`)
  }
  return `✔ no${kind} findings at or above ${failOn}`
}
