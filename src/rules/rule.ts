/**
 * The rule contract: metadata declared once, and a check that reports through
 * the context. Rules do no I/O of their own, no logging, and never decide the
 * exit status.
 */
import type { Area, Confidence, Severity } from '../core/types.js'
import type { Span } from '../parse/source.js'
import type { CodeScope, Project } from '../model/project.js'

/** Base of every rule's documentation link. */
export const DOCS_BASE = 'https://github.com/claude-code-audit/claude-code-audit/blob/main/docs/rules/'

/** The documentation link of a rule, derived from its id (never typed by hand). */
export function docsUrl(id: string): string {
  return `${DOCS_BASE}${id}.md`
}

/** What a rule declares about itself. */
export interface RuleMeta {
  /** Kebab-case id, equal to the file name; public API, never renamed. */
  id: string
  /** Checklist items the rule answers, primary first; empty for rules beyond the checklist. */
  checklistItems: number[]
  area: Area
  /** Default severity. */
  severity: Severity
  /** Default confidence. */
  confidence: Confidence
  /** One line, lower-case, naming the problem. */
  description: string
  /** Stable message ids → templates with `{{placeholders}}`. */
  messages: Record<string, string>
  /** Default options, overridable per rule in the config file. */
  defaultOptions?: Record<string, unknown>
  /** Runs after every other rule (it reports on what they could not read). */
  late?: boolean
  /**
   * The rule judges a file's content itself (a credential it discloses, a
   * file it could not read), not what Claude Code does when it loads the
   * file: a finding in a template or example tree keeps its severity and
   * message (see model/load-scope.ts).
   */
  contentOnly?: boolean
}

/**
 * Where a finding points: a span in a file, a whole file (line 1 or a given
 * line), or the repository as a whole (null).
 */
export type Location = Span | { path: string; line?: number } | null

/** What a rule reports; the framework turns it into a finding. */
export interface Report {
  messageId: string
  data?: Record<string, string | number>
  at: Location
  /** Overrides the default severity for this finding. */
  severity?: Severity
  confidence?: Confidence
  tip?: string
  /**
   * Stable identity of the finding within its file (for the fingerprint). Default:
   * the text at the location, or the message.
   */
  key?: string
  /** Other places the finding is true because of, each with a short note (never part of the fingerprint). */
  related?: RelatedReport[]
}

/** A place a finding depends on: a span (or a whole file or line) and a short note. */
export interface RelatedReport {
  at: Span | { path: string; line?: number }
  note: string
}

/** What a check receives. */
export interface RuleContext {
  project: Project
  /** Default options merged with the config file's options for this rule. */
  options: Record<string, unknown>
  report(r: Report): void
  /**
   * Whether the rule's time budget is spent (see RULE_TIME_BUDGET_MS in the
   * engine): a rule looping over many items asks and stops; absent in tests.
   */
  outOfTime?(): boolean
}

/** What the program-code part of a rule receives: the code scope instead of the whole project. */
export interface CodeRuleContext extends Omit<RuleContext, 'project'> {
  project: CodeScope
}

/** A rule module. */
export interface Rule {
  meta: RuleMeta
  check(ctx: RuleContext): void | Promise<void>
  /**
   * The part of the rule that reads the repository's Python and JS/TS code
   * (Anthropic API and Agent SDK calls, as syntax trees). It sees only the
   * {@link CodeScope}, so the engine may run it on a worker thread while the
   * workflows are modelled; its reports are turned into findings exactly as
   * `check`'s are, after them.
   */
  checkCode?(ctx: CodeRuleContext): void
  /**
   * The code part's findings at an Agent SDK session that a workflow runs (a
   * Claude run whose options are all known) are dropped: `check` reports that
   * session as a run. The engine applies it, on whichever thread the part ran.
   */
  codeYieldsToRuns?: boolean
  /**
   * Each report of `checkCode`, seen on the main thread with the whole
   * project (its Claude runs, which the code part cannot see): returns the
   * report to keep, as it is or changed, or undefined to drop it. Applied by
   * the engine after `codeYieldsToRuns`.
   */
  codeReportWithRuns?(r: Report, project: Project): Report | undefined
}

/** Declares a rule (typed identity, so each rule file stays small). */
export function defineRule(rule: Rule): Rule {
  return rule
}
