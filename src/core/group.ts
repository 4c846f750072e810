/**
 * One finding per cause: findings of one rule with the same message and
 * severity in one file are one entry with every location. Reports show one
 * entry with a count and its lines; the JSON report keeps every finding and
 * gives each its entry's id (`group`); SARIF keeps one result per location.
 */
import type { Finding, RelatedLocation, Severity } from './types.js'
import { compareFindings } from './engine.js'

/** One cause, with every location it was found at. */
export interface FindingGroup {
  /** Fingerprint of the first location: stable, and unique within a report. */
  id: string
  ruleId: string
  severity: Severity
  file: string | null
  message: string
  tip?: string
  docsUrl: string
  /** Every finding of the entry, in file order (at least one). */
  findings: Finding[]
}

/** Groups findings by rule, file, severity and message; entries in report order (most severe first). */
export function groupFindings(findings: readonly Finding[]): FindingGroup[] {
  const byKey = new Map<string, Finding[]>()
  for (const f of [...findings].sort(compareFindings)) {
    const key = `${f.ruleId}\0${f.file ?? ''}\0${f.severity}\0${f.message}`
    const list = byKey.get(key)
    if (list) list.push(f)
    else byKey.set(key, [f])
  }
  return [...byKey.values()].map((list) => {
    const first = list[0] as Finding
    return {
      id: first.fingerprint,
      ruleId: first.ruleId,
      severity: first.severity,
      file: first.file,
      message: first.message,
      ...(first.tip ? { tip: first.tip } : {}),
      docsUrl: first.docsUrl,
      findings: list
    }
  })
}

/** Group id of every finding (fingerprint → id of its entry). */
export function groupIds(findings: readonly Finding[]): Map<string, string> {
  const ids = new Map<string, string>()
  for (const g of groupFindings(findings)) for (const f of g.findings) ids.set(f.fingerprint, g.id)
  return ids
}

/** `lines 3, 9, 14` / `line 3` for an entry's locations (no file). */
export function linesLabel(g: FindingGroup, max = 12): string {
  const lines = [...new Set(g.findings.map((f) => f.line).filter((l): l is number => l !== null))]
  if (lines.length === 0) return ''
  const shown = lines.slice(0, max).join(', ') + (lines.length > max ? `, … (${lines.length - max} more)` : '')
  return `${lines.length === 1 ? 'line' : 'lines'} ${shown}`
}

/**
 * Related locations of an entry: those of each of its findings, without
 * repeats, in the order met (first finding first).
 */
export function groupRelated(g: FindingGroup): RelatedLocation[] {
  const out: RelatedLocation[] = []
  const seen = new Set<string>()
  for (const f of g.findings) {
    for (const r of f.related ?? []) {
      const key = `${r.file}\0${r.line}\0${r.column}\0${r.message}`
      if (seen.has(key)) continue
      seen.add(key)
      out.push(r)
    }
  }
  return out
}

/** `file:line:column` of a related location. */
export function relatedLabel(r: RelatedLocation): string {
  return `${r.file}:${r.line}:${r.column}`
}
