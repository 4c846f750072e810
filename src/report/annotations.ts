/**
 * Workflow-command annotations (`::error`, `::warning`, `::notice`) for the
 * most severe findings.
 *
 * GitHub renders at most 10 annotations per level per step (and 50 per
 * job); the rest only exist in the log (actions/toolkit
 * docs/problem-matchers.md, "Limitations"). So we rank findings, emit at
 * most 10 per level, counting slots already used by the step's own
 * messages, and end with one notice saying how many more are in the job
 * summary.
 *
 * Escaping: `core.error/warning/notice` escape `%`, CR and LF in the
 * message, and additionally `:` and `,` in properties (`escapeData`,
 * `escapeProperty` in @actions/core), so a message cannot end the command
 * line and start another one. Control and bidi characters are removed too.
 */
import * as core from '@actions/core'
import type { Finding, Severity } from '../core/types.js'
import { plainText, truncate } from './escape.js'
import { sortFindings } from './markdown.js'
import { annotationText, annotationTitle } from './check-run.js'

/** Level of a workflow-command annotation. */
export type CommandLevel = 'error' | 'warning' | 'notice'

/** Rendered per step and level (actions/toolkit docs/problem-matchers.md). */
export const ANNOTATIONS_PER_LEVEL = 10

/** Severity → workflow command: the one mapping for this channel. */
export const COMMAND_LEVELS: Readonly<Record<Severity, CommandLevel>> = {
  critical: 'error',
  high: 'error',
  medium: 'warning',
  low: 'notice',
  info: 'notice'
}

/** One annotation to emit. */
export interface PlannedAnnotation {
  level: CommandLevel
  message: string
  properties: core.AnnotationProperties
}

/** What {@link planAnnotations} decided. */
export interface AnnotationPlan {
  annotations: PlannedAnnotation[]
  /** Findings left out because their level was full. */
  omitted: number
}

/** Slots per level already taken by other messages of the step. */
export type UsedSlots = Readonly<Record<CommandLevel, number>>

/** Annotation titles are shown in one line; keep them short. */
const MAX_TITLE = 255
/** Long messages are cut in the log anyway; keep annotations readable. */
const MAX_MESSAGE = 4000

/**
 * Chooses the annotations to emit: most severe first, at most
 * {@link ANNOTATIONS_PER_LEVEL} per level minus `used`, keeping one notice
 * slot for the "N more" notice when anything is left out.
 */
export function planAnnotations(
  findings: readonly Finding[],
  used: UsedSlots = { error: 0, warning: 0, notice: 0 }
): AnnotationPlan {
  const sorted = sortFindings(findings)
  const first = fill(sorted, used, 0)
  if (first.omitted === 0) return first
  return fill(sorted, used, 1)
}

/** Emits the planned annotations and the overflow notice. */
export function emitAnnotations(plan: AnnotationPlan): void {
  for (const a of plan.annotations) core[a.level](a.message, a.properties)
  if (plan.omitted > 0) {
    const n = plan.omitted
    core.notice(
      `${n} more finding${n === 1 ? ' is' : 's are'} not annotated here ` +
        `(GitHub shows at most ${ANNOTATIONS_PER_LEVEL} annotations per ` +
        'level per step); the job summary lists every finding.',
      { title: 'Claude Code audit' }
    )
  }
}

function fill(sorted: readonly Finding[], used: UsedSlots, noticeReserve: number): AnnotationPlan {
  const free: Record<CommandLevel, number> = {
    error: ANNOTATIONS_PER_LEVEL - used.error,
    warning: ANNOTATIONS_PER_LEVEL - used.warning,
    notice: ANNOTATIONS_PER_LEVEL - used.notice - noticeReserve
  }
  const annotations: PlannedAnnotation[] = []
  let omitted = 0
  for (const f of sorted) {
    const level = COMMAND_LEVELS[f.severity]
    if (free[level] <= 0) {
      omitted++
      continue
    }
    free[level]--
    annotations.push({ level, message: message(f), properties: properties(f) })
  }
  return { annotations, omitted }
}

function message(f: Finding): string {
  return truncate(plainText(annotationText(f, '\n')), MAX_MESSAGE)
}

/** Maps a finding's location; columns only when it spans a single line. */
export function properties(f: Finding): core.AnnotationProperties {
  const props: core.AnnotationProperties = {
    title: truncate(plainText(annotationTitle(f)), MAX_TITLE)
  }
  if (f.file === null) return props
  props.file = f.file
  if (f.line === null) return props
  props.startLine = f.line
  const end = f.endLine !== null && f.endLine >= f.line ? f.endLine : f.line
  if (end !== f.line) {
    props.endLine = end
  } else if (f.column !== null) {
    props.startColumn = f.column
    if (f.endColumn !== null && f.endColumn >= f.column) {
      props.endColumn = f.endColumn
    }
  }
  return props
}
