/**
 * Merges JSON reports of many repositories (for example every repository of an
 * organisation, audited by a matrix workflow) into one organisation report:
 * per repository, per rule and per checklist area.
 */
import { readFileSync } from 'node:fs'
import { basename, resolve } from 'node:path'
import { UsageError, SEVERITIES, type Severity } from './core/types.js'
import { AREA_TITLES, CHECKLIST } from './core/checklist.js'
import { compareText } from './core/text.js'

interface ReportFinding {
  ruleId: string
  severity: Severity
}
interface ReportItem {
  item: number
  status: string
}
/** The parts of a version-1 JSON report that merging reads. */
export interface MergeInput {
  repository: string
  findings: ReportFinding[]
  checklist: ReportItem[]
  /** The file the report was read from, for warnings. */
  source?: string
}

/** The merged organisation report. */
export interface OrgReport {
  repositories: { name: string; counts: Record<Severity, number>; total: number; failingItems: number[] }[]
  rules: { ruleId: string; findings: number; repositories: number }[]
  areas: { area: string; title: string; failingRepositories: number; items: { item: number; title: string; failing: number }[] }[]
}

/** Reads one JSON report; the repository name comes from the report or the file name (`owner__repo.json`). */
export function readReport(path: string): MergeInput {
  let doc: { version?: number; repository?: string; findings?: ReportFinding[]; checklist?: ReportItem[] }
  try {
    doc = JSON.parse(readFileSync(path, 'utf8'))
  } catch (e) {
    throw new UsageError(`Cannot read report '${path}': ${(e as Error).message}`)
  }
  if (doc.version !== 1 || !Array.isArray(doc.findings)) {
    throw new UsageError(`'${path}' is not a version 1 JSON report of claude-code-audit.`)
  }
  const name = doc.repository ?? basename(path).replace(/\.json$/i, '').replace(/__/g, '/')
  return { repository: name, findings: doc.findings, checklist: Array.isArray(doc.checklist) ? doc.checklist : [], source: path }
}

/**
 * One report per repository: when a file is given twice, or two reports name
 * the same repository (compared without case, as GitHub does), the later one
 * is kept, in the place of the earlier, and `warn` is told why.
 */
export function uniqueReports(inputs: readonly MergeInput[], warn: (message: string) => void = () => {}): MergeInput[] {
  const kept = new Map<string, MergeInput>()
  for (const input of inputs) {
    const key = input.repository.toLowerCase()
    const earlier = kept.get(key)
    if (earlier) {
      const [was, now] = [earlier.source, input.source]
      if (was === undefined || now === undefined) warn(`two reports of '${input.repository}'; counting it once, from the later one.`)
      else if (resolve(was) === resolve(now)) warn(`'${now}' is given more than once; counting it once.`)
      else warn(`'${was}' and '${now}' are both reports of '${input.repository}'; counting it once, from '${now}'.`)
    }
    kept.set(key, input)
  }
  return [...kept.values()]
}

/** Merges reports into one organisation view, one report per repository (see {@link uniqueReports}). */
export function mergeReports(all: readonly MergeInput[], warn?: (message: string) => void): OrgReport {
  const inputs = uniqueReports(all, warn)
  const repositories = inputs
    .map((r) => {
      const counts = Object.fromEntries(SEVERITIES.map((s) => [s, 0])) as Record<Severity, number>
      for (const f of r.findings) if (f.severity in counts) counts[f.severity]++
      return {
        name: r.repository,
        counts,
        total: r.findings.length,
        failingItems: r.checklist.filter((c) => c.status === 'fail').map((c) => c.item).sort((a, b) => a - b)
      }
    })
    .sort((a, b) => b.counts.critical - a.counts.critical || b.counts.high - a.counts.high || b.total - a.total || compareText(a.name, b.name))
  const byRule = new Map<string, { findings: number; repos: Set<string> }>()
  for (const r of inputs) {
    for (const f of r.findings) {
      const e = byRule.get(f.ruleId) ?? { findings: 0, repos: new Set<string>() }
      e.findings++
      e.repos.add(r.repository)
      byRule.set(f.ruleId, e)
    }
  }
  const rules = [...byRule.entries()]
    .map(([ruleId, e]) => ({ ruleId, findings: e.findings, repositories: e.repos.size }))
    .sort((a, b) => b.repositories - a.repositories || b.findings - a.findings || compareText(a.ruleId, b.ruleId))
  const areas = (['credentials', 'cost', 'context', 'hooks', 'mcp'] as const).map((area) => {
    const items = CHECKLIST.filter((c) => c.area === area).map((c) => ({
      item: c.item,
      title: c.title,
      failing: inputs.filter((r) => r.checklist.some((x) => x.item === c.item && x.status === 'fail')).length
    }))
    const failingRepositories = inputs.filter((r) =>
      r.checklist.some((x) => x.status === 'fail' && items.some((i) => i.item === x.item))
    ).length
    return { area, title: AREA_TITLES[area], failingRepositories, items }
  })
  return { repositories, rules, areas }
}

function cell(s: string): string {
  return s.replace(/[|\\`*_<>[\]]/g, (c) => `\\${c}`).replace(/\r?\n/g, ' ')
}

/** Renders the organisation report as Markdown. */
export function renderOrgMarkdown(org: OrgReport): string {
  const out: string[] = ['# Claude Code audit — organisation report', '']
  const count = (n: number, one: string, many: string): string => `${n} ${n === 1 ? one : many}`
  const findings = org.repositories.reduce((n, r) => n + r.total, 0)
  out.push(`${count(org.repositories.length, 'repository', 'repositories')}, ${count(findings, 'finding', 'findings')}.`, '')
  out.push('## By repository', '', '| Repository | Critical | High | Medium | Low | Info | Failing checklist items |', '|---|---|---|---|---|---|---|')
  for (const r of org.repositories) {
    out.push(`| ${cell(r.name)} | ${r.counts.critical} | ${r.counts.high} | ${r.counts.medium} | ${r.counts.low} | ${r.counts.info} | ${r.failingItems.join(', ') || '—'} |`)
  }
  out.push('', '## By rule', '', '| Rule | Findings | Repositories |', '|---|---|---|')
  for (const r of org.rules) out.push(`| \`${r.ruleId}\` | ${r.findings} | ${r.repositories} |`)
  out.push('', '## By checklist area', '', '| Area | Repositories failing | Items (repositories failing each) |', '|---|---|---|')
  for (const a of org.areas) {
    out.push(`| ${a.title} | ${a.failingRepositories} | ${a.items.map((i) => `${i.item}. ${cell(i.title)}: ${i.failing}`).join('; ')} |`)
  }
  return out.join('\n') + '\n'
}
