/**
 * The audit pipeline: discover → parse → model → rules → findings.
 * Pure core: no `@actions/*` import, no process exit.
 */
import { existsSync, readFileSync, statSync } from 'node:fs'
import { basename, isAbsolute, relative, resolve, sep } from 'node:path'
import {
  UsageError,
  severityRank,
  type AuditOptions,
  type AuditResult,
  type Finding,
  type Severity,
  type SeverityCounts,
  type Timing
} from './core/types.js'
import { discover } from './discover.js'
import { agentLoaded } from './analysis/claude-run.js'
import { clientVerdicts } from './analysis/verified-hooks.js'
import { isObject } from './parse/doc.js'
import { loadConfig, type Config } from './config.js'
import { buildProject, usesClaudeCode, type Project } from './model/project.js'
import { runRules } from './core/engine.js'
import { codeJob, startCodeThread } from './core/code-thread.js'
import { RULES } from './rules/index.js'
import { hasRootClaudeFolder } from './analysis/hook-scripts.js'
import { verifyNotices } from './verify/run-hooks.js'
import { countSeverities, scoreChecklist } from './core/checklist.js'
import { TOOL_NAME, VERSION } from './core/version.js'
import { AUDIT_TIME_BUDGET_MS, TimeBudget } from './core/budget.js'
import { auditedMcpServers } from './analysis/plugin-mcp.js'

/**
 * Shape of a fingerprint (core/engine.ts): the first 32 hex digits of a
 * SHA-256, with `:n` for the n-th repeat of one identity.
 */
const FINGERPRINT = /^[0-9a-f]{32}(?::[1-9][0-9]*)?$/

const BASELINE_FORMS =
  'A baseline is a JSON report of claude-code-audit (--format json), its SARIF log, or a text file with one fingerprint (32 hex digits) a line.'

/**
 * Reads the fingerprints of a baseline: a JSON report of this tool (an object
 * with a `findings` array of entries with fingerprints; empty is fine), a SARIF
 * log of this tool (`partialFingerprints` of its results), or one fingerprint a
 * line (blank lines and `#` comments ignored). Anything else is a usage error:
 * a baseline that matches nothing would silently report everything as new.
 */
export function readBaseline(path: string): Set<string> {
  let text: string
  try {
    text = readFileSync(path, 'utf8')
  } catch (e) {
    throw new UsageError(`Cannot read baseline '${path}': ${(e as Error).message}`)
  }
  const body = text.replace(/^\uFEFF/, '')
  const trimmed = body.trim()
  const bad = (why: string): UsageError => new UsageError(`Baseline '${path}' ${why}. ${BASELINE_FORMS}`)
  if (trimmed.startsWith('{') || trimmed.startsWith('[')) {
    let doc: unknown
    try {
      doc = JSON.parse(trimmed)
    } catch (e) {
      throw bad(`is not valid JSON (${(e as Error).message})`)
    }
    if (!isObject(doc)) throw bad('is JSON but not a report of claude-code-audit (not an object with a "findings" array)')
    if (Array.isArray(doc.runs)) return sarifFingerprints(doc.runs, bad)
    if (!Array.isArray(doc.findings)) throw bad('is JSON but not a report of claude-code-audit: it has no "findings" array')
    const known = new Set<string>()
    doc.findings.forEach((f: unknown, i: number) => {
      const fp = isObject(f) ? f.fingerprint : undefined
      if (typeof fp !== 'string' || !FINGERPRINT.test(fp)) {
        throw bad(`is not a report of claude-code-audit: finding ${i + 1} has no fingerprint of this tool (32 hex digits)`)
      }
      known.add(fp)
    })
    return known
  }
  const known = new Set<string>()
  body.split(/\r?\n/).forEach((raw, i) => {
    const line = raw.trim()
    if (!line || line.startsWith('#')) return
    const fp = line.toLowerCase()
    if (!FINGERPRINT.test(fp)) throw bad(`line ${i + 1} is not a fingerprint: ${JSON.stringify(line.slice(0, 60))}`)
    known.add(fp)
  })
  return known
}

/** Fingerprints of a SARIF log written by this tool (`--format sarif`). */
function sarifFingerprints(runs: unknown[], bad: (why: string) => UsageError): Set<string> {
  const known = new Set<string>()
  for (const run of runs) {
    const tool = isObject(run) && isObject(run.tool) && isObject(run.tool.driver) ? run.tool.driver.name : undefined
    if (tool !== TOOL_NAME) {
      const who = typeof tool === 'string' ? `another tool (${JSON.stringify(tool.slice(0, 60))})` : 'an unknown tool'
      throw bad(`is a SARIF log of ${who}`)
    }
    const results = isObject(run) && Array.isArray(run.results) ? run.results : []
    results.forEach((r: unknown, i: number) => {
      const pf = isObject(r) && isObject(r.partialFingerprints) ? r.partialFingerprints.primaryLocationLineHash : undefined
      if (typeof pf !== 'string' || !FINGERPRINT.test(pf)) {
        throw bad(`is a SARIF log whose result ${i + 1} has no fingerprint of claude-code-audit`)
      }
      known.add(pf)
    })
  }
  return known
}

function zeroCounts(): SeverityCounts {
  return { critical: 0, high: 0, medium: 0, low: 0, info: 0 }
}

/** Why `--history` cannot scan the history here, or undefined when it can (the facts secret-in-git-history goes by). */
function historyNotScanned(project: Project): string | undefined {
  if (!project.files.git) return 'the audited directory is not a git work tree (or git is not installed)'
  if (project.gitFacts.shallow) return 'this is a shallow clone (check out with fetch-depth: 0)'
  return undefined
}

/** The rules a configuration file disabled, for every report to list. */
function disabledBy(config: Config, root: string): Pick<AuditResult, 'disabledRules'> {
  const rules = Object.entries(config.rules)
    .filter(([, rc]) => rc.disable === true)
    .map(([id]) => id)
    .sort()
  if (rules.length === 0 || !config.source) return {}
  const rel = relative(root, config.source)
  const source = rel && !rel.startsWith('..') && !isAbsolute(rel) ? rel.split(sep).join('/') : basename(config.source)
  return { disabledRules: { source, rules } }
}

/** The rules the configuration leaves on, with their options (defaults merged with the configuration's). */
function enabledRules(config: Config): { id: string; rule: (typeof RULES)[number]; options: Record<string, unknown> }[] {
  return RULES.filter((r) => config.rules[r.meta.id]?.disable !== true).map((r) => ({
    id: r.meta.id,
    rule: r,
    options: { ...(r.meta.defaultOptions ?? {}), ...(config.rules[r.meta.id]?.options ?? {}) }
  }))
}

/** Audits a repository and returns every finding after config, suppression and baseline. */
export async function runAudit(options: AuditOptions): Promise<AuditResult> {
  const root = resolve(options.root)
  if (!existsSync(root) || !statSync(root).isDirectory()) {
    throw new UsageError(`Path '${options.root}' is not a directory.`)
  }
  let mark = performance.now()
  // Node's start and the bundle's load, measured from the process's time origin.
  const phases: Timing[] = [{ name: 'phase:startup', ms: mark }]
  const phase = (name: string): void => {
    const now = performance.now()
    phases.push({ name: `phase:${name}`, ms: now - mark })
    mark = now
  }
  const config: Config = options.config ?? loadConfig(root, options.configPath, new Map(RULES.map((r) => [r.meta.id, r.meta.defaultOptions])))
  phase('config')
  const files = await discover(root, { allUntracked: options.untracked === true })
  phase('discover')
  const budget = new TimeBudget(options.timeBudgetMs ?? AUDIT_TIME_BUDGET_MS, options.clock)
  const projectOptions = {
    history: options.history === true,
    verifyHooks: options.verifyHooks === 'claude' ? ('claude' as const) : options.verifyHooks === true,
    ...(config.claudeCodeVersion ? { claudeCodeVersion: config.claudeCodeVersion } : {})
  }
  // The rules' program-code parts start on another thread now, while this one models the workflows.
  const code = options.clock ? undefined : startCodeThread(() => codeJob(files, projectOptions, enabledRules(config), budget.remainingMs()))
  const project = await buildProject(files, { budget, ...projectOptions })
  phase('model')
  const engine = await runRules(project, RULES, config, { budget, ...(code ? { code } : {}) })
  phase('rules')
  const min: Severity = options.minSeverity ?? config.minSeverity ?? 'low'
  const listed = (s: Severity): boolean => severityRank(s) >= severityRank(min)
  const atMin = (counts: SeverityCounts): number =>
    (Object.keys(counts) as Severity[]).reduce((n, s) => n + (listed(s) ? counts[s] : 0), 0)
  const suppressedBySeverity = engine.suppressedBySeverity
  let findings: Finding[] = engine.findings
  let baselinedBySeverity = zeroCounts()
  if (options.baselinePath) {
    const known = readBaseline(options.baselinePath)
    baselinedBySeverity = countSeverities(findings.filter((f) => known.has(f.fingerprint)))
    findings = findings.filter((f) => !known.has(f.fingerprint))
  }
  const notScanned = options.history === true ? historyNotScanned(project) : undefined
  // Scored on every finding, whatever the minimum severity: the checklist is about the repository.
  const checklist = scoreChecklist(findings, {
    ruleItems: new Map(RULES.map((r) => [r.meta.id, r.meta.checklistItems])),
    history: options.history === true,
    ...(notScanned ? { historyNotScanned: `history scanning was asked for, but ${notScanned}.` } : {}),
    git: files.git,
    hasMcp: auditedMcpServers(project).length > 0,
    // Hooks switched off by disableAllHooks are still configured (item 24 asks about the scripts).
    hasHooks: project.settings.some((s) => s.declaredHooks.length > 0),
    shallow: project.gitFacts.shallow === true,
    usesClaudeCode: usesClaudeCode(project),
    claudeFolder: hasRootClaudeFolder(project),
    hasMemory: project.memory.length > 0,
    runsClaude: project.claudeRuns.length > 0,
    hasAgents: project.agents.some((a) => agentLoaded(a)),
    disabled: new Set(Object.entries(config.rules).filter(([, rc]) => rc.disable === true).map(([id]) => id)),
    minSeverity: min
  })
  const below = findings.filter((f) => !listed(f.severity))
  findings = findings.filter((f) => listed(f.severity))
  const notices: string[] = [...engine.budgetNotices, ...engine.suppressionNotices]
  // What --verify-hooks could not contain or did not run (the rules ran it; this only reads the outcome).
  if (options.verifyHooks) notices.push(...(await verifyNotices(project)))
  // What --verify-hooks=claude could not do (no client, no network namespace) is said where the reader looks.
  if (options.verifyHooks === 'claude') notices.push(...(await clientVerdicts(project)).notices)
  // Said where the reader looks, unless a listed diagnostic of secret-in-git-history already says it.
  if (notScanned && !findings.some((f) => f.ruleId === 'secret-in-git-history')) {
    notices.push(`History scanning was asked for, but the git history was not scanned: ${notScanned}. Checklist item 6 is manual.`)
  }
  return {
    root: files.root,
    findings,
    checklist,
    suppressed: atMin(suppressedBySeverity),
    baselined: atMin(baselinedBySeverity),
    minSeverity: min,
    belowMinSeverity: countSeverities(below),
    suppressedBySeverity,
    baselinedBySeverity,
    ...(notices.length ? { notices } : {}),
    filesScanned: files.paths.length,
    toolVersion: VERSION,
    errors: engine.errors,
    timings: [...phases, ...engine.timings],
    ...(config.failOn ? { configFailOn: config.failOn } : {}),
    ...disabledBy(config, root)
  }
}
