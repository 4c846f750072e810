/**
 * Job summary (`$GITHUB_STEP_SUMMARY`): the shared Markdown report, with
 * more rows than the comment but still under the per-step size limit.
 *
 * Built as escaped Markdown and written with `core.summary.addRaw`: the
 * `addTable`/`addHeading` helpers wrap text in HTML without escaping it.
 */
import type { AuditResult } from '../core/types.js'
import { renderReport, type ReportContext } from './markdown.js'

/**
 * A step summary over 1 MiB is not uploaded and an error annotation is
 * added instead (GitHub docs, workflow commands, "Step isolation and
 * limits"). We keep 16 KiB of headroom.
 */
export const MAX_SUMMARY_BYTES = 1024 * 1024 - 16 * 1024

/** Row cap, whatever the size: larger tables are unreadable in the UI. */
export const MAX_SUMMARY_ROWS = 1000

/** Renders the job summary, at most {@link MAX_SUMMARY_BYTES} UTF-8 bytes. */
export function renderSummary(result: AuditResult, ctx: ReportContext): string {
  return renderReport(result, ctx, {
    max: MAX_SUMMARY_BYTES,
    measure: (text) => Buffer.byteLength(text, 'utf8'),
    maxRows: MAX_SUMMARY_ROWS,
    elsewhere: 'The SARIF file and the check run list every finding.'
  })
}
