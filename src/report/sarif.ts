/**
 * SARIF 2.1.0 for code scanning: one run, every rule with descriptions, help and
 * docs links, `security-severity`, stable `partialFingerprints`, and
 * repository-relative URIs.
 */
import type { AuditResult, Severity } from '../core/types.js'
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
    const region =
      f.line !== null
        ? {
            startLine: f.line,
            startColumn: f.column ?? 1,
            endLine: f.endLine ?? f.line,
            endColumn: Math.max(f.endColumn ?? 1, f.endLine === f.line ? (f.column ?? 1) + 1 : 1)
          }
        : undefined
    const location = {
      physicalLocation: {
        artifactLocation: { uri: f.file ?? '.', uriBaseId: '%SRCROOT%' },
        ...(region ? { region } : {})
      }
    }
    return {
      ruleId: f.ruleId,
      ruleIndex: index.get(f.ruleId) ?? -1,
      level: LEVEL[f.severity],
      message: { text: f.message },
      locations: [location],
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
