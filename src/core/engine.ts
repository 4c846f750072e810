/**
 * Runs rules over the project model and turns their reports into findings:
 * exact positions, fingerprints, config remaps, inline and config suppression.
 */
import { createHash } from 'node:crypto'
import type { Minimatch } from 'minimatch'
import { linearGlob } from './glob.js'
import type { Finding, RelatedLocation, Severity, SeverityCounts, Timing } from './types.js'
import { severityRank } from './types.js'
import type { TimeBudget } from './budget.js'
import { compareText } from './text.js'
import type { Config } from '../config.js'
import { needsParsers, type Project } from '../model/project.js'
import { prepareShellParsing } from '../parse/code.js'
import { docsUrl, type RelatedReport, type Report, type Rule } from '../rules/rule.js'
import type { Span } from '../parse/source.js'
import { redactText } from '../secrets/index.js'
import { suppressionNotices } from './suppressions.js'
import { copiedLayerScope, templateReason, templateScope } from '../model/load-scope.js'
import { RunReach } from '../analysis/run-related.js'
import { applyCodeResult, fromWireReport, type CodeResult } from './code-thread.js'
import type { SourceFile } from '../parse/source.js'

/** Findings produced by the rules, and what was suppressed. */
export interface EngineResult {
  findings: Finding[]
  suppressed: number
  /** The suppressed findings by severity (after config remaps). */
  suppressedBySeverity: SeverityCounts
  errors: string[]
  /** Time spent in each rule. */
  timings: Timing[]
  /** Inline suppressions naming unknown rules or suppressing nothing, one sentence each. */
  suppressionNotices: string[]
  /** What the audit's total time budget left unchecked (rules not run or stopped), one sentence each. */
  budgetNotices: string[]
}

function render(template: string, data: Record<string, string | number> = {}): string {
  return template.replace(/\{\{\s*(\w+)\s*\}\}/g, (_, k: string) => (k in data ? String(data[k]) : `{{${k}}}`))
}

function isSpan(at: Report['at']): at is Span {
  return at !== null && 'file' in at && 'start' in at
}

/**
 * An inline suppression: `claude-code-audit: ignore[rule-a, rule-b]`. The list
 * holds neither `[` nor `]`, so a failed attempt stops at the next `[` (the
 * next marker's), and a line of repeated unclosed markers costs linear time.
 */
const SUPPRESS = /claude-code-audit:[ \t]*ignore\[([^[\]\n]*)\]/

/** Characters of one line searched for a suppression comment (a minified line beyond is not searched). */
const SUPPRESS_LINE_LIMIT = 64 * 1024

/** Rule ids named by an inline suppression comment on `line`, if any. */
function suppressedIds(lineText: string): string[] {
  const m = SUPPRESS.exec(lineText.length > SUPPRESS_LINE_LIMIT ? lineText.slice(0, SUPPRESS_LINE_LIMIT) : lineText)
  if (!m) return []
  return m[1].split(',').map((s) => s.trim()).filter(Boolean)
}

/** Suppression ids per file and line, read once however many findings share the line. */
class SuppressionCache {
  private byFile = new Map<object, Map<number, string[]>>()
  ids(file: { lineText(line: number): string }, line: number): string[] {
    let lines = this.byFile.get(file)
    if (!lines) this.byFile.set(file, (lines = new Map()))
    let ids = lines.get(line)
    if (!ids) lines.set(line, (ids = suppressedIds(file.lineText(line))))
    return ids
  }
}

/** Orders findings: severity (most severe first), then file, line, column, rule id. */
export function compareFindings(a: Finding, b: Finding): number {
  return (
    severityRank(b.severity) - severityRank(a.severity) ||
    compareText(a.file ?? '', b.file ?? '') ||
    (a.line ?? 0) - (b.line ?? 0) ||
    (a.column ?? 0) - (b.column ?? 0) ||
    compareText(a.ruleId, b.ruleId) ||
    compareText(a.message, b.message)
  )
}


/**
 * Wall-clock budget of one rule. JavaScript cannot stop a running function:
 * the budget is cooperative. A rule that loops over many items asks
 * `ctx.outOfTime()` and stops, and the engine reports in `errors` that it
 * skipped the rest; a rule that overruns without asking is reported too. The
 * real defence against hostile input is linear work and input caps; this
 * tells the reader when they were not enough.
 */
export const RULE_TIME_BUDGET_MS = 20_000

/** Runs every enabled rule and builds the findings. */
export async function runRules(
  project: Project,
  rules: readonly Rule[],
  config: Config,
  {
    budgetMs = RULE_TIME_BUDGET_MS,
    budget,
    code
  }: {
    budgetMs?: number
    budget?: TimeBudget
    /** The rules' program-code parts, run on another thread (core/code-thread.ts); else they run here, after each rule's check. */
    code?: Promise<CodeResult | undefined>
  } = {}
): Promise<EngineResult> {
  // Rules read shell (tree-sitter-bash): its runtime must be up, whatever built the project (an audit, --user, fix),
  // unless nothing in it may hold shell or code (see needsParsers; a project made by hand, without its
  // file list, starts it).
  if (project.files === undefined || needsParsers(project.files, project.codeCandidates ?? [])) await prepareShellParsing()
  const now = budget?.now ?? (() => performance.now())
  const notRun: string[] = []
  const cutShort: string[] = []
  const findings: Finding[] = []
  const errors: string[] = []
  let suppressed = 0
  const cache = new SuppressionCache()
  const suppressedBySeverity: SeverityCounts = { critical: 0, high: 0, medium: 0, low: 0, info: 0 }
  const timings: Timing[] = []
  const ordered = [...rules.filter((r) => !r.meta.late), ...rules.filter((r) => r.meta.late)]
  const used = new Set<string>()
  // What makes each Claude run one step removed run (its caller, its script's call), once per audit.
  let reach: RunReach | undefined
  const runReach = (): RunReach => (reach ??= new RunReach(project))
  // Rules whose code part the other thread runs: their reports are taken in before the late rules run.
  const deferred = new Map<string, { rule: Rule; options: Record<string, unknown>; report: (r: Report) => void }>()
  let drained = code === undefined
  const drain = async (): Promise<void> => {
    if (drained) return
    drained = true
    const result = await code
    if (!result) {
      // No thread, or it failed: the parts run here.
      for (const { rule, options, report } of deferred.values()) {
        const started = now()
        try {
          rule.checkCode?.({ project, options, report })
        } catch (e) {
          errors.push(`rule ${rule.meta.id} failed: ${(e as Error).message}`)
        }
        timings.push({ name: `${rule.meta.id} (code)`, ms: now() - started })
      }
      return
    }
    applyCodeResult(project, result)
    const read = (path: string): SourceFile | null => project.reader.read(path)
    for (const { ruleId, report } of result.reports) deferred.get(ruleId)?.report(fromWireReport(report, read))
    errors.push(...result.errors)
    for (const id of result.stopped) {
      errors.push(`rule ${id} stopped at its time budget on the code thread: what it had not checked yet was skipped`)
      cutShort.push(id)
    }
    for (const t of result.timings) timings.push({ name: `${t.ruleId} (code thread)`, ms: t.ms })
  }
  // Agent SDK sessions a workflow runs, with all options known: a code part that yields to runs does not report them.
  let sdkRuns: Set<string> | undefined
  const sdkRunAt = (): Set<string> =>
    (sdkRuns ??= new Set(project.claudeRuns.filter((r) => r.sdk && !r.sdk.open).map((r) => `${r.anchor.file.path}\0${r.anchor.start}`)))
  const codeReporter = (rule: Rule, report: (r: Report) => void): ((r: Report) => void) => (r) => {
    if (rule.codeYieldsToRuns && isSpan(r.at) && sdkRunAt().has(`${r.at.file.path}\0${r.at.start}`)) return
    const kept = rule.codeReportWithRuns ? rule.codeReportWithRuns(r, project) : r
    if (kept) report(kept)
  }
  for (const rule of ordered) {
    if (rule.meta.late) await drain()
    const rc = config.rules[rule.meta.id] ?? {}
    if (rc.disable) continue
    // Out of total time: the remaining rules are not run (diagnostics, which report what was
    // skipped, still are).
    if (budget?.spent() && !rule.meta.late) {
      notRun.push(rule.meta.id)
      continue
    }
    const options = { ...(rule.meta.defaultOptions ?? {}), ...(rc.options ?? {}) }
    const report = (r: Report): void => {
      // A finding on a Claude run reached through a caller, a local action or a script points at them too.
      // A finding names its job(s) in `data.job` (`review`, or `a, b`): a shared action's other callers are not its.
      const jobs = typeof r.data?.job === 'string' ? r.data.job.split(/,\s*/) : undefined
      const derived = !rule.meta.contentOnly && !rule.meta.late && isSpan(r.at) ? runReach().relatedAt(r.at, jobs) : []
      const f = buildFinding(rule, derived.length ? { ...r, related: [...(r.related ?? []), ...derived] } : r, rc.severity, project.files.aliases)
      if (f === undefined) return
      if (!rule.meta.contentOnly && rc.severity === undefined) {
        notLoadedHere(project, f)
        inDisabledJob(project, f)
      }
      if (isSuppressed(project, f, r, config, rc.ignore ?? [], used, cache)) {
        suppressed++
        suppressedBySeverity[f.severity]++
      } else findings.push(f)
    }
    const started = now()
    const deadline = started + budgetMs
    let stopped = false
    const outOfTime = (): boolean => (stopped ||= now() > deadline || budget?.spent() === true)
    try {
      await rule.check({ project, options, report, outOfTime })
      if (rule.checkCode) {
        if (code) deferred.set(rule.meta.id, { rule, options, report: codeReporter(rule, report) })
        else rule.checkCode({ project, options, report: codeReporter(rule, report), outOfTime })
      }
    } catch (e) {
      errors.push(`rule ${rule.meta.id} failed: ${(e as Error).message}`)
    }
    const ms = now() - started
    const ruleBudget = budgetMs >= 1000 ? `${Math.round(budgetMs / 1000)} s` : `${budgetMs} ms`
    if (stopped) {
      errors.push(`rule ${rule.meta.id} stopped at its ${ruleBudget} time budget: what it had not checked yet was skipped`)
      cutShort.push(rule.meta.id)
    } else if (ms > budgetMs) errors.push(`rule ${rule.meta.id} took ${(ms / 1000).toFixed(1)} s, over its ${ruleBudget} time budget`)
    timings.push({ name: rule.meta.id, ms })
  }
  await drain()
  mergeRepeats(findings)
  dedupeFingerprints(findings)
  findings.sort(compareFindings)
  const disabled = new Set(Object.entries(config.rules).filter(([, rc]) => rc.disable === true).map(([id]) => id))
  const notices = suppressionNotices(project.reader.loaded(), new Set(rules.map((r) => r.meta.id)), used, disabled)
  const budgetNotices: string[] = []
  if (cutShort.length)
    budgetNotices.push(`Not checked in full: ${cutShort.join(', ')} stopped at a time budget; what they had not reached is listed by file-skipped where it is a file.`)
  if (notRun.length) {
    const why = budget ? budget.describe() : 'the time budget'
    budgetNotices.push(`Not checked: ${why} ran out before these rules ran: ${notRun.join(', ')}.`)
    errors.push(`rules not run, ${why} ran out: ${notRun.join(', ')}`)
  }
  return { findings, suppressed, suppressedBySeverity, errors, timings, suppressionNotices: notices, budgetNotices }
}

/**
 * A finding about what a configuration file does, in a template, example or
 * fixture tree that this repository's sessions never load (model/load-scope.ts):
 * at most low, and the message says why. The fingerprint stays as it was.
 */
function notLoadedHere(project: Project, f: Finding): void {
  const scope = f.file ? (templateScope(f.file) ?? copiedLayerScope(project.files.paths, workflowTexts(project), f.file)) : undefined
  if (!scope) return
  if (severityRank(f.severity) > severityRank('low')) f.severity = 'low'
  f.message = `${f.message} (${templateReason(scope)})`
}

/**
 * A finding inside a workflow job whose `if:` is the constant false (`false`, `'false'`,
 * `${{ false }}`): GitHub skips the job, so nothing in it runs until someone switches it back
 * on. At most low, and the message says why. The fingerprint stays as it was.
 */
function inDisabledJob(project: Project, f: Finding): void {
  if (!f.file || f.line === null) return
  const wf = project.workflows.find((w) => w.path === f.file)
  if (!wf) return
  for (const job of wf.jobs) {
    const cond = job.value.if
    if (!(cond === false || (typeof cond === 'string' && /^\s*(?:false|\$\{\{\s*false\s*\}\})\s*$/.test(cond)))) continue
    const at = wf.doc.span(job.path, 'pair')
    if (!at) continue
    const from = at.file.position(at.start).line
    const to = at.file.position(at.end).line
    if (f.line < from || f.line > to) continue
    if (severityRank(f.severity) > severityRank('low')) f.severity = 'low'
    f.message = `${f.message} (job ${job.id} is switched off: its \`if:\` is \`false\`, so it runs only once someone switches it back on)`
    return
  }
}

const WORKFLOW_TEXTS = new WeakMap<Project, string[]>()

/** The texts of the repository's workflow files (Claude runs started in a folder name it there). */
function workflowTexts(project: Project): string[] {
  let t = WORKFLOW_TEXTS.get(project)
  if (!t) WORKFLOW_TEXTS.set(project, (t = project.workflows.map((w) => w.doc.file.text)))
  return t
}

/** How much of a span is scanned for secrets before its first 200 characters become the key. */
const KEY_SCAN_CHARS = 4096

/**
 * Credentials in a URL's user part (`https://user:password@host`, or
 * `user:password@host` as a value): the part before `@` is masked. Every
 * match starts after a delimiter and stops at one, so the scan is linear.
 */
const URL_USERINFO = /(^|[\s"'`=/])[^\s/@"'`=:]*:[^\s/@"'`=]*@/g

/**
 * The text at a span, as the identity a fingerprint hashes when the rule gives
 * no key of its own. A fingerprint is an unsalted hash that reports publish, so
 * it must never cover a secret (a short password can be brute-forced from the
 * hash): known secrets are replaced by their redacted form, as reports show
 * them, and URL credentials are masked. Spans without either keep the key
 * (and the fingerprint) they always had.
 */
export function spanKey(text: string, start: number, end: number): string {
  const raw = text.slice(start, Math.min(end, start + KEY_SCAN_CHARS))
  const masked = redactText(raw).replace(URL_USERINFO, '$1***@')
  return masked.slice(0, 200).replace(/\s+/g, ' ').trim()
}

/** Where a location points, as the finding's position fields. */
interface Located {
  file: string | null
  line: number | null
  column: number | null
  endLine: number | null
  endColumn: number | null
}

/** Exact position of a report's location: a span, a file (line 1 or a given line), or the repository. */
function locate(at: Report['at'], aliases?: ReadonlyMap<string, string>): Located {
  if (isSpan(at)) {
    const s = at.file.position(at.start)
    // A span ending at a line break ends on the previous character's line.
    const e = at.file.position(Math.max(at.start, at.end))
    // A file read through a linked folder is shown at the path git tracks (the same text), where a fix goes.
    return { file: aliases?.get(at.file.path) ?? at.file.path, line: s.line, column: s.column, endLine: e.line, endColumn: e.column }
  }
  if (at !== null) {
    const line = at.line ?? 1
    return { file: aliases?.get(at.path) ?? at.path, line, column: 1, endLine: line, endColumn: 1 }
  }
  return { file: null, line: null, column: null, endLine: null, endColumn: null }
}

/** Most related locations one finding carries. */
export const MAX_RELATED = 8
/** Longest note of a related location (a short annotation, not a second message). */
const MAX_RELATED_NOTE = 200

/**
 * A related location's note as reports show it: secrets redacted and URL
 * credentials masked (as fingerprint keys are), one line, at most
 * {@link MAX_RELATED_NOTE} characters.
 */
export function relatedNote(note: string): string {
  const one = redactText(note).replace(URL_USERINFO, '$1***@').replace(/\s+/g, ' ').trim()
  return one.length > MAX_RELATED_NOTE ? `${one.slice(0, MAX_RELATED_NOTE - 1)}…` : one
}

/** Related locations of a report: positioned, redacted, without repeats or the finding's own place. */
function relatedOf(list: readonly RelatedReport[] | undefined, primary: Located, aliases?: ReadonlyMap<string, string>): RelatedLocation[] {
  const out: RelatedLocation[] = []
  const seen = new Set<string>()
  for (const r of list ?? []) {
    const p = locate(r.at, aliases)
    if (p.file === null || p.line === null) continue
    const key = `${p.file}\0${p.line}\0${p.column}\0${p.endLine}\0${p.endColumn}`
    if (seen.has(key)) continue
    seen.add(key)
    if (p.file === primary.file && p.line === primary.line && p.column === primary.column && p.endLine === primary.endLine && p.endColumn === primary.endColumn) continue
    const message = relatedNote(r.note)
    if (message === '') continue
    out.push({ file: p.file, line: p.line, column: p.column ?? 1, endLine: p.endLine ?? p.line, endColumn: p.endColumn ?? 1, message })
    if (out.length >= MAX_RELATED) break
  }
  return out
}

function buildFinding(rule: Rule, r: Report, remap: Severity | undefined, aliases?: ReadonlyMap<string, string>): Finding | undefined {
  const template = rule.meta.messages[r.messageId]
  if (template === undefined) throw new Error(`unknown messageId '${r.messageId}'`)
  const message = render(template, r.data)
  const at = r.at
  const primary = locate(at, aliases)
  const { file, line, column, endLine, endColumn } = primary
  let key = r.key
  if (isSpan(at)) key ??= spanKey(at.file.text, at.start, at.end)
  key ??= message
  const fingerprint = createHash('sha256')
    .update(`${rule.meta.id}\0${file ?? ''}\0${r.messageId}\0${key}`)
    .digest('hex')
    .slice(0, 32)
  const related = relatedOf(r.related, primary, aliases)
  return {
    ruleId: rule.meta.id,
    severity: remap ?? r.severity ?? rule.meta.severity,
    confidence: r.confidence ?? rule.meta.confidence,
    checklistItem: rule.meta.checklistItems[0] ?? null,
    file,
    line,
    column,
    endLine,
    endColumn,
    message,
    fingerprint,
    ...(r.tip ? { tip: r.tip } : {}),
    docsUrl: docsUrl(rule.meta.id),
    ...(related.length ? { related } : {})
  }
}

const GLOBS = new Map<string, Minimatch>()
function compiled(pattern: string): Minimatch {
  let m = GLOBS.get(pattern)
  if (!m) GLOBS.set(pattern, (m = linearGlob(pattern, { dot: true })))
  return m
}

function isSuppressed(
  project: Project,
  f: Finding,
  r: Report,
  config: Config,
  ruleIgnore: string[],
  used: Set<string>,
  cache: SuppressionCache
): boolean {
  if (f.file) {
    const globs = [...config.ignore, ...ruleIgnore]
    if (globs.some((g) => compiled(g).match(f.file as string))) return true
    if (f.line !== null && isSpan(r.at)) {
      const file = r.at.file
      for (const ln of [f.line, f.line - 1]) {
        if (ln < 1) continue
        if (cache.ids(file, ln).includes(f.ruleId)) {
          used.add(`${f.file}:${ln}:${f.ruleId}`)
          return true
        }
      }
    } else if (f.line !== null) {
      const file = project.reader.read(f.file)
      if (file) {
        for (const ln of [f.line, f.line - 1]) {
          if (ln >= 1 && cache.ids(file, ln).includes(f.ruleId)) {
            used.add(`${f.file}:${ln}:${f.ruleId}`)
            return true
          }
        }
      }
    }
  }
  return false
}

/**
 * One finding for a report made twice at the same token with the same words (two
 * launches of one argument list, say): the repeat tells a reader nothing more. Its
 * related places join the first one's.
 */
function mergeRepeats(findings: Finding[]): void {
  const first = new Map<string, Finding>()
  let kept = 0
  for (const f of findings) {
    const key = JSON.stringify([f.ruleId, f.file, f.line, f.column, f.endLine, f.endColumn, f.severity, f.message])
    const seen = first.get(key)
    if (!seen) {
      first.set(key, f)
      findings[kept++] = f
      continue
    }
    for (const r of f.related ?? []) {
      if (seen.related?.some((x) => x.file === r.file && x.line === r.line && x.column === r.column && x.message === r.message)) continue
      ;(seen.related ??= []).push(r)
    }
  }
  findings.length = kept
}

/** Makes fingerprints unique: repeats of one identity get an occurrence suffix in file order. */
function dedupeFingerprints(findings: Finding[]): void {
  const groups = new Map<string, Finding[]>()
  for (const f of findings) {
    const g = groups.get(f.fingerprint)
    if (g) g.push(f)
    else groups.set(f.fingerprint, [f])
  }
  for (const g of groups.values()) {
    if (g.length < 2) continue
    g.sort((a, b) => (a.line ?? 0) - (b.line ?? 0) || (a.column ?? 0) - (b.column ?? 0))
    g.forEach((f, i) => {
      if (i > 0) f.fingerprint = `${f.fingerprint}:${i}`
    })
  }
}
