/**
 * `--format markdown` for the CLI: the same report as the PR comment, with
 * repository-relative links instead of links to a commit on GitHub.
 */
import type { AuditResult } from '../core/types.js'
import { renderReport } from './markdown.js'
import { failsOn } from '../core/verdict.js'
import { severityRank } from '../core/types.js'

/** Renders the Markdown report for a local run (threshold: high). */
export function renderCliMarkdown(result: AuditResult): string {
  const failOn = result.configFailOn ?? 'high'
  const blocking = failOn === 'never' ? 0 : result.findings.filter((f) => severityRank(f.severity) >= severityRank(failOn)).length
  return renderReport(
    result,
    {
      serverUrl: '',
      owner: '',
      repo: '',
      sha: '',
      failOn,
      conclusion: failsOn(result.findings, failOn) ? 'failure' : 'success',
      blocking
    },
    { max: Number.MAX_SAFE_INTEGER, measure: (s) => s.length, elsewhere: '' },
    { headingLevel: 1 }
  )
}
