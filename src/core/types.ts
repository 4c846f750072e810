/**
 * Shared vocabulary of the audit core: severities, findings, checklist items.
 * Nothing here does I/O; the action and the CLI both build on these types.
 */

import type { DiffResult } from './diff.js'
import type { Config } from '../config.js'

/** Severity of a finding, most severe first in {@link SEVERITIES}. */
export type Severity = 'critical' | 'high' | 'medium' | 'low' | 'info'
/** How sure a rule is that a finding is real. */
export type Confidence = 'high' | 'medium' | 'low'

export const SEVERITIES: readonly Severity[] = [
  'critical',
  'high',
  'medium',
  'low',
  'info'
]
export const CONFIDENCES: readonly Confidence[] = ['high', 'medium', 'low']

/** Rank of a severity: critical = 4 ... info = 0. */
export function severityRank(s: Severity): number {
  return 4 - SEVERITIES.indexOf(s)
}

/** The five areas of the production checklist, plus rules beyond it. */
export type Area =
  | 'credentials'
  | 'cost'
  | 'context'
  | 'hooks'
  | 'mcp'
  | 'workflows'
  | 'diagnostics'

/** One reported problem, in the shape of the JSON output contract. */
export interface Finding {
  ruleId: string
  severity: Severity
  confidence: Confidence
  /** Number in the 30-point checklist, null for rules beyond it. */
  checklistItem: number | null
  /** Repository-relative path with forward slashes; null for repository-level findings. */
  file: string | null
  /** 1-based; null only for repository-level findings. */
  line: number | null
  column: number | null
  endLine: number | null
  endColumn: number | null
  /** Never contains a secret value in full. */
  message: string
  /** Stable across unrelated edits: built from content, never from line numbers. */
  fingerprint: string
  /** Optional remediation hint. */
  tip?: string
  /** Link to the rule's documentation page. */
  docsUrl: string
  /**
   * Other places the finding is true because of (the caller that makes a
   * Claude step run, the trigger that makes it privileged), each with a short
   * note; absent when there are none. Not part of the fingerprint.
   */
  related?: RelatedLocation[]
}

/** A place a finding depends on, with a short note saying why (never a secret value). */
export interface RelatedLocation {
  /** Repository-relative path with forward slashes. */
  file: string
  /** 1-based. */
  line: number
  column: number
  endLine: number
  endColumn: number
  /** Short annotation, e.g. "calls this reusable workflow on pull_request_target". */
  message: string
}

/** Status of one checklist item in a report. */
export type ItemStatus = 'pass' | 'fail' | 'manual' | 'not-applicable'

export interface ChecklistEntry {
  item: number
  title: string
  area: Area
  status: ItemStatus
  ruleIds: string[]
  /** Instructions for manual items, or why an item is not applicable. */
  note?: string
}

/** A file the audit could not read, or read only in part. */
export interface SkippedFile {
  file: string
  reason: string
}

/** A number per severity. */
export type SeverityCounts = Record<Severity, number>

/** Everything one audit run produced, before rendering. */
export interface AuditResult {
  /** Absolute path of the audited root. */
  root: string
  /** The findings at or above {@link minSeverity}: what reports list. */
  findings: Finding[]
  /** Scored on every finding that is neither suppressed nor in the baseline, whatever its severity. */
  checklist: ChecklistEntry[]
  /**
   * How many findings at or above {@link minSeverity} inline comments or the
   * config file suppressed (comparable with the listed findings; all
   * severities: {@link suppressedBySeverity}).
   */
  suppressed: number
  /** How many findings at or above {@link minSeverity} the baseline file hid (all severities: {@link baselinedBySeverity}). */
  baselined: number
  /** Lowest severity listed (`--min-severity`, default low). */
  minSeverity?: Severity
  /**
   * Findings below {@link minSeverity}, per severity: not listed, not
   * suppressed, not in the baseline, but counted by the checklist.
   */
  belowMinSeverity?: SeverityCounts
  /** Suppressed findings per severity, every severity. */
  suppressedBySeverity?: SeverityCounts
  /** Findings in the baseline per severity, every severity. */
  baselinedBySeverity?: SeverityCounts
  /**
   * What the reader must know that is not a finding, one sentence each:
   * e.g. that `--history` was asked for but the history could not be scanned.
   */
  notices?: string[]
  /** Number of files read. */
  filesScanned: number
  toolVersion: string
  /** `fail-on` from the configuration file, when it sets one. */
  configFailOn?: FailOn
  /** Problems of the audit itself (a rule that failed), for logs; never findings. */
  errors: string[]
  /** Milliseconds spent per phase (`phase:discover`, ...) and per rule id; not part of any report. */
  timings?: Timing[]
  /** Rules the configuration file disabled, and that file (always reported). */
  disabledRules?: { source: string; rules: string[] }
  /** Pull-request mode: the findings compared with the base commit's. */
  diff?: DiffResult
}

/** Time spent on one phase or rule of an audit. */
export interface Timing {
  name: string
  ms: number
}

/** What one audit run is asked to do; shared by the CLI and the action. */
export interface AuditOptions {
  /** Directory to audit. */
  root: string
  /** Configuration file; default `.claude-code-audit.yml` in root when present. */
  configPath?: string
  /** Also scan git history for secrets. */
  history?: boolean
  /** Baseline file (JSON report or list of fingerprints) whose findings are hidden. */
  baselinePath?: string
  /** Hide findings below this severity (default low). Overrides the config file. */
  minSeverity?: Severity
  /** Run guard hooks against real payloads (executes repository code). */
  verifyHooks?: boolean | 'claude'
  /** Also list untracked files outside the root and the configuration folders (slower in large work trees). */
  untracked?: boolean
  /** A configuration already loaded (pull-request mode reads it from the base commit); wins over configPath. */
  config?: Config
  /** Total time budget of the model and the rules, in ms (default AUDIT_TIME_BUDGET_MS, 300 s). */
  timeBudgetMs?: number
  /** The clock the budget is measured on (tests inject one). */
  clock?: () => number
}

/** Threshold for failing: a severity, or never. */
export type FailOn = Severity | 'never'

/** Raised for usage and configuration errors (CLI exit 2). */
export class UsageError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'UsageError'
  }
}
