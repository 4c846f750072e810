/**
 * Content of the check run: title, Markdown summary and one annotation per
 * finding that has a location. Sending it (batches of 50) lives in
 * `../github/check-run.ts`; the conclusion is decided by the caller.
 */
import type { AuditResult, Finding, Severity } from '../core/types.js'
import { plainText, truncate } from './escape.js'
import { renderReport, sortFindings, type ReportContext } from './markdown.js'
import { newFindings } from '../core/diff.js'
import { RULES } from '../rules/index.js'

const DESCRIPTIONS: ReadonlyMap<string, string> = new Map(RULES.map((r) => [r.meta.id, r.meta.description]))

/** Title of an annotation: the rule's description, then its id and severity. */
export function annotationTitle(f: Finding): string {
  const description = DESCRIPTIONS.get(f.ruleId)
  return description ? `${description} (${f.ruleId}, ${f.severity})` : `${f.ruleId} (${f.severity})`
}

/**
 * The text of an annotation: the message, then one line naming the related
 * locations (the annotation itself stays on the finding's own line), then the fix.
 */
export function annotationText(f: Finding, fixSeparator: string): string {
  const related = f.related?.length ? `\nRelated: ${f.related.map((r) => `${r.file}:${r.line} (${r.message})`).join('; ')}` : ''
  return `${f.message}${related}${f.tip ? `${fixSeparator}Fix: ${f.tip}` : ''}`
}

/** Annotation level of the Checks API (`notice | warning | failure`). */
export type CheckAnnotationLevel = 'notice' | 'warning' | 'failure'

/** One annotation as the Checks API expects it. */
export interface CheckAnnotation {
  path: string
  start_line: number
  end_line: number
  start_column?: number
  end_column?: number
  annotation_level: CheckAnnotationLevel
  message: string
  title: string
}

/** The `output` object of a check run. */
export interface CheckRunOutput {
  title: string
  summary: string
  annotations: CheckAnnotation[]
}

/** Severity → Checks API annotation level: the one mapping for this channel. */
export const CHECK_ANNOTATION_LEVELS: Readonly<Record<Severity, CheckAnnotationLevel>> = {
  critical: 'failure',
  high: 'failure',
  medium: 'warning',
  low: 'notice',
  info: 'notice'
}

/** `output.title` and annotation `title` are limited to 255 characters. */
export const MAX_CHECK_TITLE = 255
/** `output.summary` is limited to 65,535 characters (Checks API). */
export const MAX_CHECK_SUMMARY = 65_535
/** An annotation `message` is limited to 64 KB (Checks API). */
export const MAX_ANNOTATION_MESSAGE = 64 * 1024 - 1

/** Builds the check-run output for a result. */
export function renderCheckRun(result: AuditResult, ctx: ReportContext): CheckRunOutput {
  return {
    title: truncate(checkTitle(result, ctx), MAX_CHECK_TITLE),
    summary: renderReport(result, ctx, {
      max: MAX_CHECK_SUMMARY,
      measure: (text) => text.length,
      elsewhere:
        'Every finding with a location is annotated on the Files tab; ' +
        'the job summary and the SARIF file list all of them.'
    }),
    // Annotations point at what the pull request adds (every finding outside pull-request mode).
    annotations: sortFindings(ctx.scope === 'new' ? newFindings(result.findings, result.diff) : result.findings)
      .map(toAnnotation)
      .filter((a): a is CheckAnnotation => a !== null)
  }
}

function checkTitle(result: AuditResult, ctx: ReportContext): string {
  const total = result.findings.length
  if (result.diff && ctx.scope === 'new') {
    const n = result.diff.newFingerprints.length
    const fresh = `${n} new finding${n === 1 ? '' : 's'}`
    return ctx.conclusion === 'failure' ? `${ctx.blocking} of ${fresh} at or above ${ctx.failOn}` : `${fresh}, none at or above ${ctx.failOn} (${total} in total)`
  }
  const findings = `${total} finding${total === 1 ? '' : 's'}`
  switch (ctx.conclusion) {
    case 'failure':
      return `${ctx.blocking} of ${findings} at or above ${ctx.failOn}`
    case 'neutral':
      return ctx.failOn === 'never' ? findings : `${findings}, none at or above ${ctx.failOn}`
    case 'success':
      return 'No findings'
  }
}

/** Annotation for a finding, or null when it has no file. */
export function toAnnotation(f: Finding): CheckAnnotation | null {
  if (f.file === null) return null
  const start = f.line ?? 1
  const end = f.endLine !== null && f.endLine >= start ? f.endLine : start
  const annotation: CheckAnnotation = {
    path: f.file,
    start_line: start,
    end_line: end,
    annotation_level: CHECK_ANNOTATION_LEVELS[f.severity],
    message: truncate(plainText(annotationText(f, '\n\n')), MAX_ANNOTATION_MESSAGE),
    title: truncate(plainText(annotationTitle(f)), MAX_CHECK_TITLE)
  }
  // Columns are only accepted when the annotation spans a single line.
  if (start === end && f.line !== null && f.column !== null) {
    annotation.start_column = f.column
    annotation.end_column = f.endColumn !== null && f.endColumn >= f.column ? f.endColumn : f.column
  }
  return annotation
}
