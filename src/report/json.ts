/**
 * The versioned JSON report (`--format json`): the contract tools and the
 * evaluation read. Version 1.
 */
import type { AuditResult } from '../core/types.js'
import { TOOL_NAME } from '../core/version.js'
import { fixFirst } from '../core/remediation.js'
import { groupIds } from '../core/group.js'

/** Renders the JSON report; `repository` (owner/name) is recorded when known, for `merge`. */
export function renderJson(result: AuditResult, extra: { repository?: string } = {}): string {
  const groups = groupIds(result.findings)
  const fresh = result.diff ? new Set(result.diff.newFingerprints) : undefined
  const doc = {
    version: 1,
    tool: { name: TOOL_NAME, version: result.toolVersion },
    ...(extra.repository ? { repository: extra.repository } : {}),
    findings: result.findings.map((f) => ({
      ruleId: f.ruleId,
      severity: f.severity,
      confidence: f.confidence,
      checklistItem: f.checklistItem,
      file: f.file,
      line: f.line,
      column: f.column,
      endLine: f.endLine,
      endColumn: f.endColumn,
      message: f.message,
      fingerprint: f.fingerprint,
      ...(f.tip ? { tip: f.tip } : {}),
      docsUrl: f.docsUrl,
      // Added fields: other places the finding is true because of (each with a short note); the entry
      // (one cause) the finding belongs to; new or existing in pull-request mode.
      ...(f.related?.length ? { related: f.related.map((r) => ({ ...r })) } : {}),
      group: groups.get(f.fingerprint) ?? f.fingerprint,
      ...(fresh ? { status: fresh.has(f.fingerprint) ? 'new' : 'existing' } : {})
    })),
    ...(result.diff
      ? {
          diff: {
            base: result.diff.base,
            baseSha: result.diff.baseSha,
            new: result.diff.newFingerprints.length,
            existing: result.diff.existing,
            fixed: result.diff.fixed.map((f) => ({ ruleId: f.ruleId, severity: f.severity, file: f.file, line: f.line, message: f.message, fingerprint: f.fingerprint }))
          }
        }
      : {}),
    ...(result.disabledRules ? { disabledRules: result.disabledRules } : {}),
    checklist: checklistJson(result),
    fixFirst: fixFirst(result.findings),
    suppressed: result.suppressed,
    baselined: result.baselined,
    filesScanned: result.filesScanned,
    ...hiddenCounts(result)
  }
  return JSON.stringify(doc, null, 2) + '\n'
}

/** The checklist as the JSON report and the SARIF run's properties carry it. */
export function checklistJson(result: AuditResult): Record<string, unknown>[] {
  return result.checklist.map((c) => ({
    item: c.item,
    title: c.title,
    area: c.area,
    status: c.status,
    ruleIds: c.ruleIds,
    ...(c.note ? { note: c.note } : {})
  }))
}

/**
 * Added fields (version 1 stays: fields are added, never removed or renamed):
 * the minimum severity listed; findings below it per severity (not listed,
 * counted by the checklist); suppressed and baselined findings per severity,
 * every severity (`suppressed` and `baselined` count those at or above the
 * minimum); notices of the run.
 */
export function hiddenCounts(result: AuditResult): Record<string, unknown> {
  return {
    ...(result.minSeverity ? { minSeverity: result.minSeverity } : {}),
    ...(result.belowMinSeverity ? { belowMinSeverity: result.belowMinSeverity } : {}),
    ...(result.suppressedBySeverity ? { suppressedBySeverity: result.suppressedBySeverity } : {}),
    ...(result.baselinedBySeverity ? { baselinedBySeverity: result.baselinedBySeverity } : {}),
    ...(result.notices?.length ? { notices: result.notices } : {})
  }
}
