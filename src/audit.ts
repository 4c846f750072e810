/**
 * The audit pipeline: discover → parse → model → rules → findings.
 * Pure core: no `@actions/*` import, no process exit.
 */
import { existsSync, readFileSync, statSync } from 'node:fs'
import { resolve } from 'node:path'
import { UsageError, severityRank, type AuditOptions, type AuditResult, type Finding, type Timing } from './core/types.js'
import { discover } from './discover.js'
import { loadConfig, type Config } from './config.js'
import { buildProject } from './model/project.js'
import { runRules } from './core/engine.js'
import { RULES } from './rules/index.js'
import { scoreChecklist } from './core/checklist.js'
import { VERSION } from './core/version.js'

/** Reads the fingerprints of a baseline: a JSON report of this tool, or one fingerprint a line. */
export function readBaseline(path: string): Set<string> {
  let text: string
  try {
    text = readFileSync(path, 'utf8')
  } catch (e) {
    throw new UsageError(`Cannot read baseline '${path}': ${(e as Error).message}`)
  }
  const trimmed = text.trim()
  if (trimmed.startsWith('{')) {
    try {
      const doc = JSON.parse(trimmed) as { findings?: { fingerprint?: unknown }[] }
      return new Set((doc.findings ?? []).map((f) => String(f.fingerprint)))
    } catch {
      throw new UsageError(`Baseline '${path}' is not a JSON report of claude-code-audit.`)
    }
  }
  return new Set(trimmed.split(/\r?\n/).map((l) => l.trim()).filter((l) => l && !l.startsWith('#')))
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
  const config: Config = loadConfig(root, options.configPath, new Set(RULES.map((r) => r.meta.id)))
  phase('config')
  const files = await discover(root, { allUntracked: options.untracked === true })
  phase('discover')
  const project = await buildProject(files, { history: options.history === true, verifyHooks: options.verifyHooks === true })
  phase('model')
  const engine = await runRules(project, RULES, config)
  phase('rules')
  let findings: Finding[] = engine.findings
  let baselined = 0
  if (options.baselinePath) {
    const known = readBaseline(options.baselinePath)
    const kept = findings.filter((f) => !known.has(f.fingerprint))
    baselined = findings.length - kept.length
    findings = kept
  }
  const checklist = scoreChecklist(findings, {
    ruleItems: new Map(RULES.map((r) => [r.meta.id, r.meta.checklistItems])),
    history: options.history === true,
    git: files.git,
    hasMcp: project.mcpServers.length > 0,
    hasHooks: project.settings.some((s) => s.hooks.length > 0)
  })
  const min = options.minSeverity ?? config.minSeverity ?? 'low'
  findings = findings.filter((f) => severityRank(f.severity) >= severityRank(min))
  return {
    root: files.root,
    findings,
    checklist,
    suppressed: engine.suppressed,
    baselined,
    filesScanned: files.paths.length,
    toolVersion: VERSION,
    errors: engine.errors,
    timings: [...phases, ...engine.timings],
    ...(config.failOn ? { configFailOn: config.failOn } : {})
  }
}
