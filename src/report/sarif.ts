/**
 * SARIF 2.1.0 for code scanning: one run, every rule with descriptions, help and
 * docs links, `security-severity`, stable `partialFingerprints`, and
 * repository-relative URIs.
 */
import type { AuditResult, Finding, RelatedLocation, Severity } from '../core/types.js'
import { RULES } from '../rules/index.js'
import { docsUrl } from '../rules/rule.js'
import { TOOL_NAME } from '../core/version.js'
import { fixFirst } from '../core/remediation.js'
import { groupIds } from '../core/group.js'
import { checklistJson, hiddenCounts } from './json.js'

/** Severity → SARIF level (GitHub shows error/warning/note). */
const LEVEL: Record<Severity, 'error' | 'warning' | 'note'> = {
  critical: 'error',
  high: 'error',
  medium: 'warning',
  low: 'note',
  info: 'note'
}

/** Severity → `security-severity` score (GitHub: >9 critical, 7–8.9 high, 4–6.9 medium, <4 low). */
const SECURITY_SEVERITY: Record<Severity, string> = {
  critical: '9.5',
  high: '8.0',
  medium: '5.5',
  low: '3.0',
  info: '1.0'
}

/** A SARIF region; a one-line region is at least one character wide. */
function regionOf(startLine: number, startColumn: number, endLine: number, endColumn: number): Record<string, number> {
  return { startLine, startColumn, endLine, endColumn: Math.max(endColumn, endLine === startLine ? startColumn + 1 : 1) }
}

/** Escapes what SARIF's embedded-link syntax reads in plain text: `\\`, `[` and `]` (SARIF 2.1.0 §3.11.6). */
export function escapeSarifText(s: string): string {
  return s.replace(/[\\[\]]/g, (c) => `\\${c}`)
}

/**
 * The result's message. With related locations it ends with embedded links
 * to them (`[note](id)`, the `id` of each entry of `relatedLocations`):
 * code scanning shows a related location only when the message links it.
 * Brackets and backslashes of the text are then escaped so nothing else
 * reads as a link; a message without related locations stays as it is.
 */
export function resultMessage(f: Finding): string {
  const related = f.related ?? []
  if (related.length === 0) return f.message
  const links = related.map((r, i) => `[${escapeSarifText(r.message)}](${i + 1})`).join('; ')
  return `${escapeSarifText(f.message)} Related: ${links}.`
}

/** One entry of `relatedLocations`: its id is its link target in the message (1-based). */
function relatedLocation(r: RelatedLocation, i: number): Record<string, unknown> {
  return {
    id: i + 1,
    physicalLocation: {
      artifactLocation: { uri: r.file, uriBaseId: '%SRCROOT%' },
      region: regionOf(r.line, r.column, r.endLine, r.endColumn)
    },
    message: { text: r.message }
  }
}

/** Renders the SARIF log. */
export function renderSarif(result: AuditResult): string {
  const index = new Map(RULES.map((r, i) => [r.meta.id, i]))
  const rules = RULES.map((r) => ({
    id: r.meta.id,
    name: r.meta.id,
    shortDescription: { text: r.meta.description },
    fullDescription: { text: r.meta.description },
    helpUri: docsUrl(r.meta.id),
    help: {
      text: `${r.meta.description}. See ${docsUrl(r.meta.id)}`,
      markdown: `${r.meta.description}.\n\n[Documentation](${docsUrl(r.meta.id)})`
    },
    defaultConfiguration: { level: LEVEL[r.meta.severity] },
    properties: {
      tags: ['security', 'claude-code', r.meta.area],
      precision: r.meta.confidence === 'high' ? 'high' : r.meta.confidence === 'medium' ? 'medium' : 'low',
      'security-severity': SECURITY_SEVERITY[r.meta.severity]
    }
  }))
  const groups = groupIds(result.findings)
  const results = result.findings.map((f) => {
    const region = f.line !== null ? regionOf(f.line, f.column ?? 1, f.endLine ?? f.line, f.endColumn ?? 1) : undefined
    const location = {
      physicalLocation: {
        artifactLocation: { uri: f.file ?? '.', uriBaseId: '%SRCROOT%' },
        ...(region ? { region } : {})
      }
    }
    const related = f.related ?? []
    return {
      ruleId: f.ruleId,
      ruleIndex: index.get(f.ruleId) ?? -1,
      level: LEVEL[f.severity],
      message: { text: resultMessage(f) },
      locations: [location],
      ...(related.length ? { relatedLocations: related.map(relatedLocation) } : {}),
      partialFingerprints: { primaryLocationLineHash: f.fingerprint },
      properties: {
        severity: f.severity,
        confidence: f.confidence,
        'security-severity': SECURITY_SEVERITY[f.severity],
        ...(f.checklistItem !== null ? { checklistItem: f.checklistItem } : {}),
        // One result per location; results of one cause (rule, file, message) share a group.
        group: groups.get(f.fingerprint) ?? f.fingerprint
      }
    }
  })
  const log = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: TOOL_NAME,
            semanticVersion: result.toolVersion,
            informationUri: 'https://github.com/claude-code-audit/claude-code-audit',
            rules
          }
        },
        automationDetails: { id: `${TOOL_NAME}/` },
        results,
        properties: {
          checklist: checklistJson(result),
          fixFirst: fixFirst(result.findings).map((x) => ({ ruleId: x.ruleId, checklistItem: x.checklistItem, priority: x.priority, findings: x.findings, docsUrl: x.docsUrl })),
          // What the results do not show, as in the JSON report.
          suppressed: result.suppressed,
          baselined: result.baselined,
          ...hiddenCounts(result)
        }
      }
    ]
  }
  return JSON.stringify(log, null, 2) + '\n'
}
