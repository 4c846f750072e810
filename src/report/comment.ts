/**
 * Body of the sticky pull-request comment: the shared Markdown report,
 * preceded by a hidden marker and cut to GitHub's comment size limit.
 * Publishing (finding the previous comment, create or update) lives in
 * `../github/sticky-comment.ts`.
 */
import type { AuditResult } from '../core/types.js'
import { renderReport, type ReportContext } from './markdown.js'

/** Hidden marker that identifies our comment (together with its author). */
export const COMMENT_MARKER = '<!-- claude-code-audit -->'

/**
 * GitHub rejects larger issue-comment bodies with 422 "Body is too long
 * (maximum is 65536 characters)" (REST issues API; peter-evans/
 * create-or-update-comment truncates at the same value). Counted in UTF-16
 * code units, which is never less than GitHub's character count.
 */
export const MAX_COMMENT_CHARS = 65_536

/** Renders the comment body, at most {@link MAX_COMMENT_CHARS} long. */
export function renderComment(result: AuditResult, ctx: ReportContext): string {
  return renderReport(
    result,
    ctx,
    {
      max: MAX_COMMENT_CHARS,
      measure: (text) => text.length,
      elsewhere: 'The job summary, the check run and the SARIF file list every finding.'
    },
    { preamble: `${COMMENT_MARKER}\n` }
  )
}
