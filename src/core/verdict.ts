/**
 * The verdict: whether findings reach the fail threshold. Used by the CLI exit
 * status and the action's check conclusion alike.
 */
import { severityRank, type FailOn, type Finding } from './types.js'
import { newFindings, type DiffResult } from './diff.js'

/** True when at least one finding is at or above `failOn`. */
export function failsOn(findings: readonly Finding[], failOn: FailOn): boolean {
  if (failOn === 'never') return false
  const min = severityRank(failOn)
  return findings.some((f) => severityRank(f.severity) >= min)
}

/** Counts findings per severity. */
export function countBySeverity(findings: readonly Finding[]): Record<'critical' | 'high' | 'medium' | 'low' | 'info', number> {
  const c = { critical: 0, high: 0, medium: 0, low: 0, info: 0 }
  for (const f of findings) c[f.severity]++
  return c
}

/** Which findings the gate judges: the new ones (pull-request mode) or all. */
export type Scope = 'new' | 'all'

/**
 * The findings `fail-on` applies to: with scope `new` and a comparison with
 * the base, the findings the base does not have; otherwise every finding.
 */
export function gatedFindings(result: { findings: readonly Finding[]; diff?: DiffResult }, scope: Scope): Finding[] {
  return scope === 'new' ? newFindings(result.findings, result.diff) : [...result.findings]
}
