/** Hand-built audit results for reporter tests. */
import type { AuditResult, ChecklistEntry, Finding, Severity } from '../../src/core/types.js'
import type { ReportContext } from '../../src/report/markdown.js'

/** A finding with sensible defaults. */
export function finding(overrides: Partial<Finding> = {}): Finding {
  return {
    ruleId: 'mcp-unpinned',
    severity: 'high',
    confidence: 'high',
    checklistItem: 28,
    file: '.mcp.json',
    line: 4,
    column: 7,
    endLine: 4,
    endColumn: 60,
    message: 'MCP server "x" runs an unpinned package.',
    fingerprint: 'fp',
    docsUrl: 'https://example.test/docs/rules/mcp-unpinned.md',
    ...overrides
  }
}

/** `n` findings cycling through severities and files. */
export function manyFindings(n: number): Finding[] {
  const severities: Severity[] = ['critical', 'high', 'medium', 'low', 'info']
  return Array.from({ length: n }, (_, i) =>
    finding({
      severity: severities[i % severities.length] as Severity,
      file: `.github/workflows/w${i % 7}.yml`,
      line: i + 1,
      endLine: i + 1,
      fingerprint: `fp${i}`,
      ruleId: i % 2 ? 'job-timeout-missing' : 'mcp-unpinned',
      checklistItem: i % 2 ? 9 : 28
    })
  )
}

/** A checklist with a few entries in every area. */
export function checklist(): ChecklistEntry[] {
  return [
    { item: 1, title: 'No secrets in files', area: 'credentials', status: 'pass', ruleIds: ['secret-in-file'] },
    {
      item: 2,
      title: 'Keys in a secret store',
      area: 'credentials',
      status: 'manual',
      ruleIds: [],
      note: 'Check the vault.'
    },
    { item: 9, title: 'Timeouts on jobs', area: 'cost', status: 'fail', ruleIds: ['job-timeout-missing'] },
    { item: 16, title: 'Memory file short', area: 'context', status: 'pass', ruleIds: ['claude-md-too-long'] },
    { item: 22, title: 'Hooks parse', area: 'hooks', status: 'not-applicable', ruleIds: [] },
    { item: 28, title: 'MCP servers pinned', area: 'mcp', status: 'fail', ruleIds: ['mcp-unpinned'] }
  ]
}

/** An audit result around `findings`. */
export function result(findings: Finding[]): AuditResult {
  return {
    root: '/repo',
    findings,
    checklist: checklist(),
    suppressed: 0,
    baselined: 0,
    filesScanned: 12,
    toolVersion: '0.1.0',
    errors: []
  }
}

/** Report context for a failing run. */
export function reportContext(overrides: Partial<ReportContext> = {}): ReportContext {
  return {
    serverUrl: 'https://github.com',
    owner: 'octo',
    repo: 'demo',
    sha: '0123456789abcdef0123456789abcdef01234567',
    failOn: 'high',
    conclusion: 'failure',
    blocking: 1,
    ...overrides
  }
}
