/**
 * The Markdown report shared by the sticky PR comment, the job summary and
 * the check-run summary: verdict, counts by severity, the per-area checklist
 * score and the findings grouped by area, each with a link to the line on
 * the audited commit.
 *
 * The renderer never decides severity or the verdict: the conclusion and
 * the number of blocking findings come from the caller. It only decides
 * what fits: every channel has a size limit, so findings are added in
 * severity order until the budget is used and a visible note says how many
 * were left out.
 */
import type { Area, AuditResult, ChecklistEntry, FailOn, Finding, Severity } from '../core/types.js'
import { SEVERITIES } from '../core/types.js'
import { AREA_TITLES, belowMinSeverityNote, hiddenCount } from '../core/checklist.js'
import { RULES } from '../rules/index.js'
import { compareFindings } from '../core/engine.js'
import { countBySeverity, type Scope } from '../core/verdict.js'
import { fixFirst } from '../core/remediation.js'
import { encodePathForUrl, escapeHtml, escapeMarkdown, truncate } from './escape.js'

/** Conclusion of a run, as reported on the check run and in outputs. */
export type Conclusion = 'success' | 'failure' | 'neutral'

/** Where the report points and what the caller decided. */
export interface ReportContext {
  /** e.g. `https://github.com`. */
  serverUrl: string
  owner: string
  repo: string
  /** Commit the links point at: the PR head, never the merge commit. */
  sha: string
  failOn: FailOn
  conclusion: Conclusion
  /** Number of findings at or above `fail-on`, counted by the caller. */
  blocking: number
  /** Findings `fail-on` judged: the new ones (pull-request mode) or all (default). */
  scope?: Scope
  /** Link to the workflow run, when known. */
  runUrl?: string | null
}

/** Size budget of one channel. */
export interface ReportLimits {
  /** Maximum size, in the unit of `measure`. */
  max: number
  /** Size of a string: UTF-16 units for comments, UTF-8 bytes for summaries. */
  measure: (text: string) => number
  /** Maximum number of finding rows, whatever the size. */
  maxRows?: number
  /** Sentence telling the reader where omitted findings can be found. */
  elsewhere: string
}

/** Extra pieces around the report. */
export interface ReportOptions {
  /** Raw text placed first (e.g. the hidden comment marker). Trusted. */
  preamble?: string
  /** Heading level of the title (default 2). */
  headingLevel?: number
}

/** Areas of the production checklist, in report order. */
export const CHECKLIST_AREAS: readonly Area[] = ['credentials', 'cost', 'context', 'hooks', 'mcp']

const AREA_ORDER: readonly Area[] = [...CHECKLIST_AREAS, 'workflows', 'diagnostics']

/** Checklist item ranges from the rule catalog, used when an entry is missing. */
const ITEM_RANGES: ReadonlyArray<readonly [number, number, Area]> = [
  [1, 7, 'credentials'],
  [8, 15, 'cost'],
  [16, 21, 'context'],
  [22, 26, 'hooks'],
  [27, 30, 'mcp']
]

const DIAGNOSTIC_RULES = new Set(['invalid-config', 'file-skipped'])

const SEVERITY_ICONS: Readonly<Record<Severity, string>> = {
  critical: '🔴',
  high: '🟠',
  medium: '🟡',
  low: '🔵',
  info: '⚪'
}

export { compareFindings } from '../core/engine.js'
export { countBySeverity } from '../core/verdict.js'

/** Returns a sorted copy of the findings (see {@link compareFindings}). */
export function sortFindings(findings: readonly Finding[]): Finding[] {
  return [...findings].sort(compareFindings)
}

/** Area of every registered rule, from its metadata. */
const RULE_AREAS: ReadonlyMap<string, Area> = new Map(RULES.map((r) => [r.meta.id, r.meta.area]))

/**
 * Area a finding belongs to: its rule's declared area, else the checklist
 * entry that lists it, else the catalog's item ranges.
 */
export function areaOf(finding: Finding, checklist: readonly ChecklistEntry[]): Area {
  const declared = RULE_AREAS.get(finding.ruleId)
  if (declared) return declared
  const item = finding.checklistItem
  if (item !== null) {
    const entry = checklist.find((e) => e.item === item)
    if (entry) return entry.area
    const range = ITEM_RANGES.find(([lo, hi]) => item >= lo && item <= hi)
    if (range) return range[2]
  }
  const byRule = checklist.find((e) => e.ruleIds.includes(finding.ruleId))
  if (byRule) return byRule.area
  return DIAGNOSTIC_RULES.has(finding.ruleId) ? 'diagnostics' : 'workflows'
}

/** Link to a finding's line on the audited commit, or null without a file. */
export function findingUrl(finding: Finding, ctx: ReportContext): string | null {
  if (finding.file === null) return null
  if (ctx.serverUrl === '') {
    // Local reports (CLI --format markdown) link repository-relative paths.
    const rel = encodePathForUrl(finding.file)
    return finding.line === null ? rel : `${rel}#L${finding.line}`
  }
  const base =
    `${ctx.serverUrl.replace(/\/+$/, '')}/` +
    `${encodeURIComponent(ctx.owner)}/${encodeURIComponent(ctx.repo)}` +
    `/blob/${encodeURIComponent(ctx.sha)}/${encodePathForUrl(finding.file)}`
  if (finding.line === null) return base
  const end = finding.endLine !== null && finding.endLine > finding.line ? `-L${finding.endLine}` : ''
  return `${base}#L${finding.line}${end}`
}

/** `file:line:col` label of a finding's location (untrusted, not escaped). */
export function locationLabel(finding: Finding): string {
  if (finding.file === null) return 'repository'
  let label = finding.file
  if (finding.line !== null) {
    label += `:${finding.line}`
    if (finding.column !== null) label += `:${finding.column}`
  }
  return label
}

/** One-line verdict, in Markdown. */
export function verdictLine(result: AuditResult, ctx: ReportContext): string {
  const total = result.findings.length
  const threshold = ctx.failOn === 'never' ? '`fail-on: never`' : `\`${ctx.failOn}\``
  switch (ctx.conclusion) {
    case 'failure':
      return `❌ **Failed**: ${plural(ctx.blocking, 'finding')} at or above ` + `${threshold} (${total} in total).`
    case 'neutral':
      return ctx.failOn === 'never'
        ? `⚠️ **Passed with findings**: ${plural(total, 'finding')}; ` + `${threshold} never fails the run.`
        : `⚠️ **Passed with findings**: ${plural(total, 'finding')}, ` + `none at or above ${threshold}.`
    case 'success': {
      const failing = result.checklist.some((e) => e.status === 'fail')
      return failing
        ? '✅ **Passed**: no findings at the reported severities.'
        : '✅ **Passed**: no findings. Every automated checklist item ' + 'passes; review the manual items below.'
    }
  }
}

/**
 * Renders the whole report within `limits`. Findings are taken in severity
 * order until the budget is used; the omitted count is stated in a visible
 * note, so a cut report never looks complete.
 */
export function renderReport(
  result: AuditResult,
  ctx: ReportContext,
  limits: ReportLimits,
  options: ReportOptions = {}
): string {
  const h = '#'.repeat(options.headingLevel ?? 2)
  const checklist = result.checklist
  const sorted = sortFindings(result.findings)

  const head =
    (options.preamble ?? '') +
    `${h} Claude Code audit\n\n` +
    `${verdictLine(result, ctx)}\n\n` +
    severityTable(result.findings) +
    '\n' +
    metaLine(result, ctx) +
    '\n\n' +
    notesSection(result, ctx) +
    checklistSection(checklist, h) +
    (sorted.length > 0 ? `${h}# Findings\n\n` : '')
  const footer =
    fixFirstSection(result.findings, h) +
    `<sub>claude-code-audit ${escapeHtml(result.toolVersion)}` +
    (ctx.sha ? ` · commit ${escapeHtml(ctx.sha.slice(0, 12))}` : '') +
    '</sub>\n'

  const byArea = new Map<Area, Finding[]>()
  for (const f of sorted) {
    const area = areaOf(f, checklist)
    const list = byArea.get(area) ?? []
    list.push(f)
    byArea.set(area, list)
  }

  // Select a prefix of the severity-ordered findings that fits the budget.
  const noteReserve = limits.measure(truncationNote(sorted.length, limits))
  let budget = limits.max - limits.measure(head) - limits.measure(footer) - noteReserve
  const maxRows = limits.maxRows ?? Number.POSITIVE_INFINITY
  const opened = new Set<Area>()
  const shown = new Map<Area, Finding[]>()
  let shownCount = 0
  for (const f of sorted) {
    if (shownCount >= maxRows) break
    const area = areaOf(f, checklist)
    const row = findingRow(f, ctx)
    let cost = limits.measure(row)
    if (!opened.has(area)) {
      cost += limits.measure(groupOpen(area, byArea.get(area) ?? [])) + limits.measure(GROUP_CLOSE)
    }
    if (cost > budget) break
    budget -= cost
    opened.add(area)
    const list = shown.get(area) ?? []
    list.push(f)
    shown.set(area, list)
    shownCount++
  }

  let body = head
  for (const area of AREA_ORDER) {
    const rows = shown.get(area)
    if (!rows) continue
    body += groupOpen(area, byArea.get(area) ?? [])
    for (const f of rows) body += findingRow(f, ctx)
    body += GROUP_CLOSE
  }
  const omitted = sorted.length - shownCount
  if (omitted > 0) body += truncationNote(omitted, limits)
  body += footer
  return hardLimit(body, limits)
}

/** Most entries of the fix-first list shown in Markdown reports. */
const FIX_FIRST_ROWS = 10

function fixFirstSection(findings: readonly Finding[], h: string): string {
  const list = fixFirst(findings).slice(0, FIX_FIRST_ROWS)
  if (list.length === 0) return ''
  let out = `${h}# Fix first\n\n`
  list.forEach((x, i) => {
    const tag = x.priority === 'incident' ? ' · incident history' : x.priority === 'blocking' ? ' · blocking' : ''
    const item = x.checklistItem !== null ? `item ${x.checklistItem}, ` : ''
    out += `${i + 1}. [\`${x.ruleId}\`](${x.docsUrl}) (${item}${plural(x.findings, 'finding')}${tag})`
    if (x.remedy) {
      out += ` — ${escapeMarkdown(x.remedy.summary)}\n`
      out += `   <details><summary>Before / after</summary>\n\n`
      out += '   ```diff\n'
      for (const l of x.remedy.before.split('\n')) out += `   - ${l.replace(/```/g, "'''")}\n`
      for (const l of x.remedy.after.split('\n')) out += `   + ${l.replace(/```/g, "'''")}\n`
      out += '   ```\n\n   </details>\n'
    } else out += '\n'
  })
  return out + '\n'
}

function severityTable(findings: readonly Finding[]): string {
  const counts = countBySeverity(findings)
  const header = SEVERITIES.map((s) => `${SEVERITY_ICONS[s]} ${s}`).join(' | ')
  const align = SEVERITIES.map(() => ':---:').join(' | ')
  const values = SEVERITIES.map((s) => String(counts[s])).join(' | ')
  return `| ${header} |\n| ${align} |\n| ${values} |\n`
}

function metaLine(result: AuditResult, ctx: ReportContext): string {
  const parts = [`${plural(result.filesScanned, 'file')} scanned`]
  const suppressed = hiddenCount(result.suppressed, result.suppressedBySeverity, result.minSeverity, 'suppressed')
  const baselined = hiddenCount(result.baselined, result.baselinedBySeverity, result.minSeverity, 'in baseline')
  if (suppressed) parts.push(suppressed)
  if (baselined) parts.push(baselined)
  parts.push(ctx.failOn === 'never' ? 'fail-on: `never`' : `fail-on: \`${ctx.failOn}\``)
  return parts.join(' · ')
}

/**
 * What the counts alone do not say: findings below the minimum severity that
 * are not listed but fail checklist items, and notices of the run (history
 * not scanned). Local reports name the CLI flag, others the action input.
 */
function notesSection(result: AuditResult, ctx: ReportContext): string {
  const flag = ctx.serverUrl === '' ? '`--min-severity info`' : '`min-severity: info`'
  const notes = [belowMinSeverityNote(result, flag), ...(result.notices ?? []).map((n) => escapeMarkdown(n))]
  return notes
    .filter((n): n is string => n !== null)
    .map((n) => `> **Note:** ${n}\n\n`)
    .join('')
}

function checklistSection(checklist: readonly ChecklistEntry[], h: string): string {
  const entries = checklist.filter((e) => CHECKLIST_AREAS.includes(e.area))
  if (entries.length === 0) return ''
  let out =
    `${h}# Checklist\n\n` +
    '| Area | Score | Pass | Fail | Manual | N/A |\n' +
    '| --- | :---: | ---: | ---: | ---: | ---: |\n'
  for (const area of CHECKLIST_AREAS) {
    const items = entries.filter((e) => e.area === area)
    if (items.length === 0) continue
    const n = (status: ChecklistEntry['status']): number => items.filter((e) => e.status === status).length
    const pass = n('pass')
    const fail = n('fail')
    const icon = fail > 0 ? '❌' : '✅'
    out +=
      `| ${AREA_TITLES[area]} | ${icon} ${pass}/${pass + fail} | ${pass} | ` +
      `${fail} | ${n('manual')} | ${n('not-applicable')} |\n`
  }
  out += '\n<details><summary>Checklist items</summary>\n\n'
  out += '| # | Item | Status | Rules |\n| ---: | --- | --- | --- |\n'
  for (const e of [...entries].sort((a, b) => a.item - b.item)) {
    const note = e.note ? `<br>${escapeMarkdown(e.note)}` : ''
    const rules = e.ruleIds.map((r) => escapeMarkdown(r)).join(', ')
    out += `| ${e.item} | ${escapeMarkdown(e.title)}${note} | ` + `${statusLabel(e.status)} | ${rules} |\n`
  }
  out += '\n</details>\n\n'
  return out
}

function statusLabel(status: ChecklistEntry['status']): string {
  switch (status) {
    case 'pass':
      return '✅ pass'
    case 'fail':
      return '❌ fail'
    case 'manual':
      return '📝 manual'
    case 'not-applicable':
      return '➖ n/a'
  }
}

const GROUP_CLOSE = '\n</details>\n\n'

function groupOpen(area: Area, findings: readonly Finding[]): string {
  const counts = countBySeverity(findings)
  const detail = SEVERITIES.filter((s) => counts[s] > 0)
    .map((s) => `${counts[s]} ${s}`)
    .join(', ')
  return (
    `<details><summary><strong>${AREA_TITLES[area]}</strong>: ` +
    `${plural(findings.length, 'finding')} (${detail})</summary>\n\n` +
    '| Severity | Rule | Location | Message |\n' +
    '| --- | --- | --- | --- |\n'
  )
}

function findingRow(f: Finding, ctx: ReportContext): string {
  const rule = /^https:\/\/[^\s()<>]+$/.test(f.docsUrl)
    ? `[${escapeMarkdown(f.ruleId)}](${f.docsUrl})`
    : escapeMarkdown(f.ruleId)
  const url = findingUrl(f, ctx)
  const label = escapeMarkdown(locationLabel(f))
  const location = url === null ? label : `[${label}](${url})`
  const tip = f.tip ? `<br>💡 ${escapeMarkdown(f.tip)}` : ''
  return (
    `| ${SEVERITY_ICONS[f.severity]} ${f.severity} | ${rule} | ${location} | ` +
    `${escapeMarkdown(f.message)}${tip} |\n`
  )
}

function truncationNote(omitted: number, limits: ReportLimits): string {
  return `\n> **Note:** ${plural(omitted, 'more finding')} not shown here ` + `(size limit). ${limits.elsewhere}\n\n`
}

/** Last-resort cut, in case the fixed parts alone exceed the budget. */
function hardLimit(text: string, limits: ReportLimits): string {
  if (limits.measure(text) <= limits.max) return text
  const note = '\n\n> **Note:** report cut at the size limit.\n'
  let end = Math.min(text.length, limits.max)
  let cut = truncate(text, end, '') + note
  while (end > 0 && limits.measure(cut) > limits.max) {
    end = Math.floor(end * 0.9)
    cut = truncate(text, end, '') + note
  }
  return cut
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`
}

