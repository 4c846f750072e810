/**
 * `--format markdown` for the CLI: the same report as the PR comment, with
 * repository-relative links instead of links to a commit on GitHub.
 */
import type { AuditResult, FailOn } from '../core/types.js'
import { renderReport, type Conclusion } from './markdown.js'
import { failsOn, gatedFindings, type Scope } from '../core/verdict.js'

/**
 * Renders the Markdown report for a local run. `failOn` is the threshold the
 * exit status uses (the --fail-on flag); without it, the configuration's
 * `fail-on`, else `high`. The verdict matches the action's: failure when a
 * finding reaches the threshold, "passed with findings" (neutral) when there
 * are findings but none does, success when there are none.
 */
export function renderCliMarkdown(result: AuditResult, failOn: FailOn = result.configFailOn ?? 'high', scope: Scope = 'all'): string {
  const blocking = gatedFindings(result, scope).filter((f) => failsOn([f], failOn)).length
  const conclusion: Conclusion = blocking > 0 ? 'failure' : result.findings.length > 0 ? 'neutral' : 'success'
  return renderReport(
    result,
    { serverUrl: '', owner: '', repo: '', sha: '', failOn, conclusion, blocking, scope },
    { max: Number.MAX_SAFE_INTEGER, measure: (s) => s.length, elsewhere: '' },
    { headingLevel: 1 }
  )
}
