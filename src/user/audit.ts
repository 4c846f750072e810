/**
 * The machine audit (`claude-code-audit --user [PATH]`): the user's and the
 * machine's Claude Code configuration, judged by the same rules as a
 * repository, offline; with PATH, the repository as this user runs it, judged
 * on the merged settings. Reads only the files listed in home.ts; never prints
 * a value (findings quote redacted prefixes, the report names variables only).
 */
import { existsSync, realpathSync, statSync } from 'node:fs'
import { resolve } from 'node:path'
import { UsageError, severityRank, type AuditResult, type Finding, type Severity } from '../core/types.js'
import { loadConfig, type Config } from '../config.js'
import { discover } from '../discover.js'
import { buildProject, usesClaudeCode, type Project } from '../model/project.js'
import { runRules } from '../core/engine.js'
import { prepareShellParsing } from '../parse/code.js'
import { RULES } from '../rules/index.js'
import ineffectiveSetting from '../rules/ineffective-setting.js'
import { countSeverities, scoreChecklist } from '../core/checklist.js'
import { agentLoaded } from '../analysis/claude-run.js'
import { hasRootClaudeFolder } from '../analysis/hook-scripts.js'
import { VERSION } from '../core/version.js'
import { isObject } from '../parse/doc.js'
import { compareFindings } from '../core/engine.js'
import { displayPath, machineLocations, type MachineEnvironment } from './locations.js'
import { machineFiles, machineProject, readMachine, withMachine } from './home.js'
import { machineAwsRule, machineSecretRule } from './rules.js'
import { mergeSettings, type EffectiveSettings } from './effective.js'
import { authMethod, inheritedCredentials, machineEvidence } from './evidence.js'

/** What `--user` is asked to do. */
export interface UserAuditOptions {
  /** A repository to audit as this user runs it (`--user PATH`); unset: the machine alone. */
  path?: string
  /** The machine (default: this one). */
  machine?: MachineEnvironment
  configPath?: string
  minSeverity?: Severity
}

/** What the machine audit adds to a report. */
export interface MachineReport {
  /** The home directory's display name (`~`) and the folders read, as the report names them. */
  configDir: string
  managedRoot: string
  /** The files that were read, by display path. */
  filesRead: string[]
  /** How a session started here authenticates. */
  auth: string
  /** Names of the credential-looking variables a session inherits (never their values). */
  inheritedCredentials: string[]
  /** The merged settings, each with the files it came from. */
  effective: EffectiveSettings
  /**
   * With PATH: the project's `.mcp.json` servers this user approved in
   * `~/.claude.json` (`enabledMcpjsonServers`, or all with
   * `enableAllProjectMcpServers`) and those they turned down.
   */
  projectServers?: { approved: string[]; all: boolean; disabled: string[] }
}

export interface UserAuditResult extends AuditResult {
  machine: MachineReport
}

/**
 * Rules about sharing a repository (what is committed, tracked, outside the
 * repository, one person's path) or its history: on the machine's own files
 * they have nothing to say, so their findings there are dropped. The
 * machine's secrets are scanned by the machine's variant of hardcoded-secret.
 */
const REPOSITORY_ONLY: ReadonlySet<string> = new Set([
  'committed-local-config',
  'hardcoded-secret',
  'hook-outside-repo',
  'hook-runs-pr-code',
  // It asks whether teammates and CI run a guard script; a user's own hooks run for that user alone.
  'hook-unregistered',
  'machine-specific-path',
  'mcp-injection-surface-undocumented',
  'mcp-review-overdue',
  'memory-import-broken',
  'secret-in-git-history'
])

/**
 * Rules that judge one project as a whole (its deny rules, its session hooks,
 * its ignore files): without PATH there is no project, so their
 * repository-level findings are dropped.
 */
const PROJECT_ONLY: ReadonlySet<string> = new Set([
  'context-exclusion-missing',
  'claudeignore-not-enforced',
  'dangerous-commands-unguarded',
  'no-session-log-hook',
  'no-notification-hook'
])

/** Checklist items about a repository's history (6), workflows (7, 15, 20) and API code (12, 20). */
const REPOSITORY_ITEMS: readonly number[] = [6, 7, 12, 15, 20]

/** Runs the machine audit. */
export async function runUserAudit(options: UserAuditOptions = {}): Promise<UserAuditResult> {
  // The machine's hooks are shell: start the parser's runtime before anything reads them.
  await prepareShellParsing()
  const loc = machineLocations(options.machine)
  let project: Project
  let config: Config
  let filesScanned: number
  const known = new Map(RULES.map((r) => [r.meta.id, r.meta.defaultOptions]))
  const base: { root?: string; repo?: Project; projectKey?: string } = {}
  if (options.path !== undefined) {
    const root = resolve(options.path)
    if (!existsSync(root) || !statSync(root).isDirectory()) throw new UsageError(`Path '${options.path}' is not a directory.`)
    config = loadConfig(root, options.configPath, known)
    const files = await discover(root)
    const repo = await buildProject(files)
    const mf = machineFiles(loc, repo.reader)
    // Local-scope MCP servers are keyed by the project's absolute path.
    const m = readMachine(mf, { projectDir: '', onlyProject: realpathSync(root) })
    project = withMachine(repo, m)
    base.root = files.root
    base.repo = repo
    base.projectKey = realpathSync(root)
    filesScanned = files.paths.length
    return finish(project, m, config, options, loc, base, filesScanned)
  }
  config = loadConfig(loc.home, options.configPath, known)
  const mf = machineFiles(loc)
  const m = readMachine(mf, { projectDir: '' })
  project = machineProject(m, loc.home)
  filesScanned = 0
  return finish(project, m, config, options, loc, base, filesScanned)
}

async function finish(
  project: Project,
  m: ReturnType<typeof readMachine>,
  config: Config,
  options: UserAuditOptions,
  loc: ReturnType<typeof machineLocations>,
  base: { root?: string; repo?: Project; projectKey?: string },
  repoFiles: number
): Promise<UserAuditResult> {
  const mounted = (f: Finding): boolean => f.file !== null && m.files.reader.isMounted(f.file)
  const shared = await runRules(project, RULES, config)
  const own = await runRules(project, [machineAwsRule(m, loc.env), machineSecretRule(m)], config)
  const effective = mergeSettings(project.settings.filter((s) => s.projectDir === ''))
  // An allow rule a deny rule voids at any level grants nothing: not reported as a grant.
  const voided = new Set(
    effective.voidAllows.flatMap((v) => {
      const s = project.settings.find((x) => x.path === v.file)
      const r = s?.rules.find((x) => x.list === 'allow' && x.rule === v.rule)
      const at = s && r ? s.doc.span(r.path) : undefined
      if (!s || !at) return []
      const pos = at.file.position(at.start)
      return [`${s.path}:${pos.line}:${pos.column}`]
    })
  )
  const scopeOf = new Map(project.settings.map((s) => [s.path, s.scope as string]))
  const keep = (f: Finding): boolean => {
    if (f.ruleId === 'overbroad-permission' && voided.has(`${f.file}:${f.line}:${f.column}`)) return false
    if (f.ruleId === 'ineffective-setting' && honouredAt(f, scopeOf.get(f.file ?? ''))) return false
    if (mounted(f)) return !REPOSITORY_ONLY.has(f.ruleId)
    if (!base.repo && f.file === null) return !PROJECT_ONLY.has(f.ruleId)
    return true
  }
  let findings = [...shared.findings.filter(keep), ...own.findings].sort(compareFindings)
  const evidence = machineEvidence(m, loc.env, effective, loc.now)
  if (!base.repo) {
    // Items about a repository's history, workflows or code: the machine has none of them.
    for (const item of REPOSITORY_ITEMS) {
      evidence.set(item, {
        status: 'not-applicable',
        note: "About a repository (its git history, workflows or code): the machine audit has none to look at; run a repository audit, or `--user PATH`."
      })
    }
    evidence.set(29, {
      status: 'manual',
      note: "Judged per project: name the MCP servers this user runs in each repository's threat model (run `claude-code-audit --user PATH`)."
    })
    // Without a project, what those rules judge was not looked at: never a pass.
    for (const rule of RULES.filter((r) => PROJECT_ONLY.has(r.meta.id))) {
      for (const item of rule.meta.checklistItems) {
        if (evidence.has(item)) continue
        evidence.set(item, {
          status: 'manual',
          note: 'Judged per project (deny rules, guard and session hooks of the settings a project merges): run `claude-code-audit --user PATH` on each repository you use Claude Code in.'
        })
      }
    }
  }
  const min: Severity = options.minSeverity ?? config.minSeverity ?? 'low'
  const listed = (s: Severity): boolean => severityRank(s) >= severityRank(min)
  const checklist = scoreChecklist(findings, {
    ruleItems: new Map(RULES.map((r) => [r.meta.id, r.meta.checklistItems])),
    history: false,
    historyNotScanned: 'the machine audit does not scan git history (run a repository audit with --history).',
    git: project.files.git,
    hasMcp: project.mcpServers.length > 0,
    hasHooks: project.settings.some((s) => s.declaredHooks.length > 0),
    usesClaudeCode: usesClaudeCode(project),
    claudeFolder: base.repo ? hasRootClaudeFolder(project) : project.settings.length > 0,
    hasMemory: project.memory.length > 0,
    runsClaude: project.claudeRuns.length > 0,
    hasAgents: project.agents.some((a) => agentLoaded(a)),
    disabled: new Set(Object.entries(config.rules).filter(([, rc]) => rc.disable === true).map(([id]) => id)),
    minSeverity: min,
    machine: evidence
  })
  const below = findings.filter((f) => !listed(f.severity))
  findings = findings.filter((f) => listed(f.severity))
  const suppressedBySeverity = countSeverities([])
  for (const s of Object.keys(suppressedBySeverity) as Severity[]) {
    suppressedBySeverity[s] = shared.suppressedBySeverity[s] + own.suppressedBySeverity[s]
  }
  const suppressed = (Object.keys(suppressedBySeverity) as Severity[]).reduce((n, s) => n + (listed(s) ? suppressedBySeverity[s] : 0), 0)
  const read = [
    ...m.files.managedSettings,
    ...(m.files.managedMcp ? [m.files.managedMcp] : []),
    ...m.files.userSettings,
    m.files.globalConfig,
    ...m.files.memory,
    ...m.files.agents,
    ...m.files.commands,
    ...m.files.skills,
    ...m.files.hookScripts,
    ...m.files.shellFiles,
    m.files.awsCredentials,
    m.files.awsConfig
  ].filter((p) => m.files.reader.read(p) !== null)
  const auth = authMethod(loc.env, effective)
  const notices = [
    `Machine audit of ${displayPath(loc.home, loc.home)} (Claude configuration ${displayPath(loc.home, loc.configDir)}, managed settings ${loc.managedRoot})${base.root ? ` with the repository ${base.root} as this user runs it` : ''}: ${read.length} file${read.length === 1 ? '' : 's'} read; values are never shown.`,
    `A Claude session started here authenticates with ${auth.method}.`,
    ...m.files.reader.skipped.filter((s) => m.files.reader.isMounted(s.file)).map((s) => `Not read: ${s.file}: ${s.reason}.`)
  ]
  return {
    root: base.root ?? loc.home,
    findings,
    checklist,
    suppressed,
    baselined: 0,
    minSeverity: min,
    belowMinSeverity: countSeverities(below),
    suppressedBySeverity,
    baselinedBySeverity: countSeverities([]),
    notices,
    filesScanned: repoFiles + read.length,
    toolVersion: VERSION,
    errors: [...shared.errors, ...own.errors],
    timings: [...shared.timings, ...own.timings],
    ...(config.failOn ? { configFailOn: config.failOn } : {}),
    machine: {
      configDir: displayPath(loc.home, loc.configDir),
      managedRoot: loc.managedRoot,
      filesRead: read,
      auth: auth.method,
      inheritedCredentials: inheritedCredentials(loc.env),
      effective,
      ...(base.projectKey !== undefined ? { projectServers: projectServers(m.globalConfig?.value, base.projectKey) } : {})
    }
  }
}

/** A template of a rule's message as a pattern, its placeholders as named groups. */
function templatePattern(template: string): RegExp {
  const names = new Set<string>()
  const body = template
    .split(/(\{\{\s*\w+\s*\}\})/)
    .map((part) => {
      const m = /^\{\{\s*(\w+)\s*\}\}$/.exec(part)
      if (!m) return part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
      if (names.has(m[1])) return `\\k<${m[1]}>`
      names.add(m[1])
      return `(?<${m[1]}>.+?)`
    })
    .join('')
  return new RegExp(`^${body}$`)
}

const MANAGED_ONLY_MESSAGE = templatePattern(ineffectiveSetting.meta.messages.managedOnly)
const AUTO_MODE_MESSAGE = templatePattern(ineffectiveSetting.meta.messages.autoMode)

/**
 * Whether an ineffective-setting finding says a key is ignored where the
 * machine's file in fact honours it: that rule knows project and local files,
 * where managed-only and user-or-managed keys and `defaultMode: "auto"` do
 * nothing; in managed settings all of them work, in user settings all but the
 * managed-only keys.
 */
function honouredAt(f: Finding, scope: string | undefined): boolean {
  if (scope !== 'managed' && scope !== 'user') return false
  if (AUTO_MODE_MESSAGE.test(f.message)) return true
  const m = MANAGED_ONLY_MESSAGE.exec(f.message)
  if (!m?.groups) return false
  return scope === 'managed' || m.groups.scope !== 'managed'
}

/** What `~/.claude.json` records about a project's `.mcp.json` servers (names only). */
function projectServers(config: unknown, key: string): { approved: string[]; all: boolean; disabled: string[] } {
  const entry = isObject(config) && isObject(config.projects) ? config.projects[key] : undefined
  const names = (v: unknown): string[] => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [])
  if (!isObject(entry)) return { approved: [], all: false, disabled: [] }
  return { approved: names(entry.enabledMcpjsonServers), all: entry.enableAllProjectMcpServers === true, disabled: names(entry.disabledMcpjsonServers) }
}
