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
import { countBySeverity, failsOn, type Scope } from '../core/verdict.js'
import { newFindings } from '../core/diff.js'
import { groupFindings, groupRelated, relatedLabel, type FindingGroup } from '../core/group.js'
import { FIXABLE_RULES } from '../fix/index.js'
import { fixFirst } from '../core/remediation.js'
import { encodePathForUrl, escapeHtml, escapeMarkdown, messageMarkdown, truncate } from './escape.js'

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

/** Short title of every rule: its description. */
const DESCRIPTIONS: ReadonlyMap<string, string> = new Map(RULES.map((r) => [r.meta.id, r.meta.description]))

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
export function findingUrl(finding: Pick<Finding, 'file' | 'line' | 'endLine'>, ctx: ReportContext): string | null {
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
  const diff = result.diff
  if (diff && ctx.scope === 'new' && ctx.conclusion !== 'failure' && total > 0) {
    const n = diff.newFingerprints.length
    return (
      `✅ **Passed**: ${n === 0 ? 'no new findings' : `${plural(n, 'new finding')}, none`} at or above ${threshold}` +
      (diff.fixed.length ? `; ${plural(diff.fixed.length, 'finding')} fixed` : '') + '.'
    )
  }
  const kind = diff && ctx.scope === 'new' ? 'new finding' : 'finding'
  switch (ctx.conclusion) {
    case 'failure':
      return `❌ **Failed**: ${plural(ctx.blocking, kind)} at or above ` + `${threshold} (${total} in total).`
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

/** Documentation link of a rule at the version that ran (tag `v<version>`), not at `main`. */
export function docsAt(docsUrl: string, version: string): string {
  return /^\d+\.\d+\.\d+(?:[-+][0-9A-Za-z.-]+)?$/.test(version) ? docsUrl.replace('/blob/main/', `/blob/v${version}/`) : docsUrl
}

/**
 * Renders the whole report within `limits`: the verdict; the findings that
 * matter (the new ones in pull-request mode, else all), one entry per cause,
 * grouped by file with links pinned to the commit, those at or above
 * `fail-on` open with their message and tip, the rest one line each in a
 * collapsed block; what the pull request fixed; a one-line count of the
 * existing findings; the checklist as one line with a collapsed table; fix
 * first. Entries are added until the budget is used and a visible note says
 * how many were left out.
 */
export function renderReport(
  result: AuditResult,
  ctx: ReportContext,
  limits: ReportLimits,
  options: ReportOptions = {}
): string {
  const h = '#'.repeat(options.headingLevel ?? 2)
  const diff = result.diff
  const listed = diff ? newFindings(result.findings, diff) : sortFindings(result.findings)
  const groups = groupFindings(listed)
  const blocking = (g: FindingGroup): boolean => failsOn(g.findings, ctx.failOn)
  const open = groups.filter(blocking)
  const rest = groups.filter((g) => !blocking(g))

  const head =
    (options.preamble ?? '') +
    `${h} Claude Code audit\n\n` +
    `${verdictLine(result, ctx)}\n\n` +
    metaLine(result, ctx) +
    '\n\n' +
    notesSection(result, ctx)
  const tail =
    fixedSection(result, ctx, h) +
    existingLine(result, ctx) +
    checklistSection(result.checklist, h) +
    fixFirstSection(listed, result.toolVersion, h, ctx) +
    disabledLine(result) +
    `<sub>claude-code-audit ${escapeHtml(result.toolVersion)}` +
    (ctx.sha ? ` · commit ${escapeHtml(ctx.sha.slice(0, 12))}` : '') +
    (ctx.runUrl ? ` · [workflow run](${ctx.runUrl})` : '') +
    '</sub>\n'

  const title = diff ? 'New findings' : 'Findings'
  const heading = groups.length > 0 ? `${h}# ${title} (${plural(listed.length, 'finding')}, ${plural(groups.length, 'entry', 'entries')})\n\n` : ''
  const restOpen = `<details><summary>${plural(rest.length, 'more entry', 'more entries')} below <code>${ctx.failOn}</code></summary>\n\n`
  const noteReserve = limits.measure(truncationNote(listed.length, limits))
  let budget =
    limits.max - limits.measure(head) - limits.measure(tail) - limits.measure(heading) - noteReserve -
    (rest.length ? limits.measure(restOpen) + limits.measure(GROUP_CLOSE) : 0)
  const maxRows = limits.maxRows ?? Number.POSITIVE_INFINITY
  let rows = 0
  let shownFindings = 0
  const take = (list: FindingGroup[], render: (g: FindingGroup) => string): string => {
    let out = ''
    let file: string | null | undefined
    for (const g of [...list].sort(byFile)) {
      if (rows >= maxRows) break
      const fileHead = g.file !== file ? (out ? '\n' : '') + fileHeading(g, ctx) : ''
      const text = fileHead + render(g)
      const cost = limits.measure(text)
      if (cost > budget) break
      budget -= cost
      out += text
      file = g.file
      rows++
      shownFindings += g.findings.length
    }
    return out
  }
  let body = head + heading + take(open, (g) => openEntry(g, ctx, result.toolVersion))
  if (rest.length) {
    const lines = take(rest, (g) => shortEntry(g, ctx, result.toolVersion))
    if (lines) body += '\n' + restOpen + lines + GROUP_CLOSE
  }
  if (groups.length > 0) body += '\n'
  const omitted = listed.length - shownFindings
  if (omitted > 0) body += truncationNote(omitted, limits)
  body += tail
  return hardLimit(body, limits)
}

function byFile(a: FindingGroup, b: FindingGroup): number {
  return (a.file ?? '') < (b.file ?? '') ? -1 : (a.file ?? '') > (b.file ?? '') ? 1 : compareFindings(a.findings[0] as Finding, b.findings[0] as Finding)
}

function fileHeading(g: FindingGroup, ctx: ReportContext): string {
  if (g.file === null) return '**Repository**\n\n'
  const url = findingUrl({ ...(g.findings[0] as Finding), line: null }, ctx)
  const label = `<code>${escapeMarkdown(g.file)}</code>`
  return `**${url === null ? label : `[${label}](${url})`}**\n\n`
}

/** `[line 4](…)`, `[lines 4](…), [9](…)` … for an entry's locations. */
function lineLinks(g: FindingGroup, ctx: ReportContext, max = 8): string {
  const located = g.findings.filter((f) => f.line !== null)
  if (located.length === 0) return ''
  const links = located.slice(0, max).map((f, i) => {
    const text = i === 0 ? `${located.length === 1 ? 'line' : 'lines'} ${f.line}` : String(f.line)
    const url = findingUrl(f, ctx)
    return url === null ? text : `[${text}](${url})`
  })
  return links.join(', ') + (located.length > max ? ` and ${located.length - max} more` : '')
}

function ruleLink(g: FindingGroup, version: string): string {
  const url = docsAt(g.docsUrl, version)
  return /^https:\/\/[^\s()<>]+$/.test(url) ? `[<code>${escapeMarkdown(g.ruleId)}</code>](${url})` : `<code>${escapeMarkdown(g.ruleId)}</code>`
}

function openEntry(g: FindingGroup, ctx: ReportContext, version: string): string {
  const where = lineLinks(g, ctx)
  const count = g.findings.length > 1 ? ` (${g.findings.length} places)` : ''
  let out = `- ${SEVERITY_ICONS[g.severity]} **${g.severity}** ${ruleLink(g, version)} — ${escapeMarkdown(DESCRIPTIONS.get(g.ruleId) ?? g.ruleId)}${where ? ` · ${where}` : ''}${count}<br>\n`
  const related = relatedLine(g, ctx)
  out += `  ${messageMarkdown(g.message)}${g.tip || related ? '<br>' : ''}\n`
  if (related) out += `  ${related}${g.tip ? '<br>' : ''}\n`
  if (g.tip) out += `  💡 ${messageMarkdown(g.tip)}\n`
  return out
}

/** Related locations shown under an entry; the JSON and SARIF reports carry every one. */
const MAX_RELATED_SHOWN = 3

/** `↳ related: [file:line:col](…) note; …` under an entry, or '' when it has none. */
function relatedLine(g: FindingGroup, ctx: ReportContext): string {
  const related = groupRelated(g)
  if (related.length === 0) return ''
  const items = related.slice(0, MAX_RELATED_SHOWN).map((r) => {
    const label = `<code>${escapeMarkdown(relatedLabel(r))}</code>`
    const url = findingUrl(r, ctx)
    return `${url === null ? label : `[${label}](${url})`} ${messageMarkdown(r.message)}`
  })
  const more = related.length > MAX_RELATED_SHOWN ? `; ${related.length - MAX_RELATED_SHOWN} more in the SARIF and JSON reports` : ''
  return `↳ related: ${items.join('; ')}${more}`
}

function shortEntry(g: FindingGroup, ctx: ReportContext, version: string): string {
  const where = lineLinks(g, ctx, 4)
  const count = g.findings.length > 1 ? ` (${g.findings.length} places)` : ''
  return `- ${SEVERITY_ICONS[g.severity]} ${g.severity} ${ruleLink(g, version)} — ${escapeMarkdown(DESCRIPTIONS.get(g.ruleId) ?? g.ruleId)}${where ? ` · ${where}` : ''}${count}\n`
}

function fixedSection(result: AuditResult, ctx: ReportContext, h: string): string {
  const fixed = result.diff?.fixed ?? []
  if (fixed.length === 0) return ''
  const base = { ...ctx, sha: result.diff?.baseSha ?? ctx.sha }
  const entries = groupFindings(fixed)
  let out = `${h}# Fixed by this pull request (${plural(fixed.length, 'finding')})\n\n`
  for (const g of entries.slice(0, 20)) {
    const file = g.file === null ? 'repository' : `<code>${escapeMarkdown(g.file)}</code>`
    const where = lineLinks(g, base, 4)
    out += `- ✅ ${g.severity} ${ruleLink(g, result.toolVersion)} in ${file}${where ? ` · ${where}` : ''}\n`
  }
  if (entries.length > 20) out += `- … and ${plural(entries.length - 20, 'more entry', 'more entries')}\n`
  return out + '\n'
}

function existingLine(result: AuditResult, ctx: ReportContext): string {
  const diff = result.diff
  if (!diff) return ''
  if (diff.existing === 0) return 'No existing findings: the base commit had none.\n\n'
  const existing = result.findings.filter((f) => !diff.newFingerprints.includes(f.fingerprint))
  const counts = countBySeverity(existing)
  const detail = SEVERITIES.filter((s) => counts[s] > 0).map((s) => `${counts[s]} ${s}`).join(', ')
  const where = ctx.runUrl ? ` — [full report](${ctx.runUrl})` : ''
  return `${plural(diff.existing, 'existing finding')} (${detail}) ${diff.existing === 1 ? 'is' : 'are'} in the base commit too, not judged${ctx.scope === 'all' ? ' separately' : ''}${where}.\n\n`
}

function disabledLine(result: AuditResult): string {
  const d = result.disabledRules
  if (!d) return ''
  return `> **Note:** rules disabled by ${escapeMarkdown(d.source)}: ${d.rules.map((r) => `<code>${escapeMarkdown(r)}</code>`).join(', ')}.\n\n`
}

/** Most entries of the fix-first list shown in Markdown reports. */
const FIX_FIRST_ROWS = 5

function fixFirstSection(findings: readonly Finding[], version: string, h: string, ctx: ReportContext): string {
  const list = fixFirst(findings).slice(0, FIX_FIRST_ROWS)
  if (list.length === 0) return ''
  let out = `<details><summary><strong>Fix first</strong></summary>\n\n`
  list.forEach((x, i) => {
    const tag = x.priority === 'incident' ? ' · incident history' : ''
    const auto = FIXABLE_RULES.includes(x.ruleId) ? ' · <code>claude-code-audit fix</code> applies it' : ''
    void version
    // Where to start: the rule's most severe finding, linked.
    const first = sortFindings(findings).find((f) => f.ruleId === x.ruleId)
    const url = first ? findingUrl(first, ctx) : null
    const at = first && url !== null ? `, first at [${escapeMarkdown(`${first.file}:${first.line ?? 1}`)}](${url})` : ''
    out += `${i + 1}. <code>${escapeMarkdown(x.ruleId)}</code> (${plural(x.findings, 'finding')}${at}${tag}${auto})`
    out += x.remedy ? ` — ${escapeMarkdown(x.remedy.summary)}\n` : '\n'
  })
  void h
  return out + '\n</details>\n\n'
}

function metaLine(result: AuditResult, ctx: ReportContext): string {
  const counts = countBySeverity(result.findings)
  const parts = [
    result.findings.length === 0
      ? 'no findings'
      : SEVERITIES.filter((s) => counts[s] > 0).map((s) => `${SEVERITY_ICONS[s]} ${counts[s]} ${s}`).join(' '),
    `${plural(result.filesScanned, 'file')} scanned`
  ]
  if (result.diff) parts.push(`compared with the base commit ${escapeHtml(result.diff.baseSha.slice(0, 12))}`)
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
  void h
  const scores = CHECKLIST_AREAS.map((area) => {
    const items = entries.filter((e) => e.area === area)
    const pass = items.filter((e) => e.status === 'pass').length
    const fail = items.filter((e) => e.status === 'fail').length
    const score = pass + fail === 0 ? 'n/a' : `${fail > 0 ? '❌' : '✅'} ${pass}/${pass + fail}`
    return `${AREA_TITLES[area]} ${score}`
  })
  let out = `**Checklist:** ${scores.join(' · ')}\n\n`
  // The table lists the failing items; the manual ones are named in one line.
  const failing = entries.filter((e) => e.status === 'fail').sort((a, b) => a.item - b.item)
  const manual = entries.filter((e) => e.status === 'manual').sort((a, b) => a.item - b.item)
  if (failing.length + manual.length === 0) return out
  const passing = entries.filter((e) => e.status === 'pass').length
  const na = entries.filter((e) => e.status === 'not-applicable').length
  out += `<details><summary>Checklist items to act on (${failing.length} failing, ${manual.length} manual; ${passing} pass, ${na} n/a)</summary>\n\n`
  if (failing.length) {
    out += '| # | Item | Status | Rules |\n| ---: | --- | --- | --- |\n'
    for (const e of failing) {
      const rules = e.ruleIds.map((r) => escapeMarkdown(r)).join(', ')
      out += `| ${e.item} | ${escapeMarkdown(e.title)} | ${statusLabel(e.status)} | ${rules} |\n`
    }
  }
  if (manual.length) out += `${failing.length ? '\n' : ''}📝 To check by hand: ${manual.map((e) => `${e.item} (${escapeMarkdown(e.title)})`).join(', ')}.\n`
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

function plural(n: number, word: string, many = `${word}s`): string {
  return `${n} ${n === 1 ? word : many}`
}

