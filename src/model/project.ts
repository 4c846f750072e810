/**
 * The project model: every Claude Code and workflow file of the repository,
 * parsed once and shared by all rules.
 */
import { prepareCodeParsing, prepareShellParsing } from '../parse/code.js'
import { posix } from 'node:path'
import { FileReader, mayHoldShell, type FileSet } from '../discover.js'
import { parseJson, parseMarkdown, parseYaml, type MarkdownDoc, type StructuredDoc } from '../parse/doc.js'
import type { SourceFile } from '../parse/source.js'
import { buildWorkflow, type Workflow } from './workflow.js'
import type { ClaudeRun } from './claude.js'
import { claudeRunsOf, loadAction, publishedRuns, ACTION_FILE, SDK_MODULE_GREP, SDK_MODULE_GREP_OPTIONS, type ActionCall, type LocalAction, type RunSearch } from '../analysis/claude-runs.js'
import { findCallers, type WorkflowCaller } from '../analysis/callers.js'
import { AGENTIC_SOURCE, agenticWorkflow, compiledAgent, hasAgentStep, lockFileOf, type AgenticWorkflow } from '../analysis/agentic-workflows.js'
import { applyHookSwitches, buildSettings, limitHooks, MAX_HOOK_HANDLERS, type SettingsFile } from './settings.js'
import { buildMcpServers, type McpServer } from './mcp.js'
import { agentsMdFallbacks, findImports, isMemoryPath, type MemoryFile } from './memory.js'
import { holdsAt, oldestClaudeCode } from '../facts/versions.js'
import { isCodeCandidate } from './code.js'
import { startGitFacts, type GitFacts } from './git-facts.js'
import type { TimeBudget } from '../core/budget.js'
import { gitOutput, type EarlyGit } from '../git.js'
import { ORIGIN_URL, ORIGIN_URL_OPTIONS } from '../file-listing.js'

/** An agent, command or skill file with its frontmatter. */
export interface AgentLikeFile {
  kind: 'agent' | 'command' | 'skill'
  md: MarkdownDoc
  path: string
  data: Record<string, unknown>
}

/** A file that failed to parse. */
export interface ParseFailure {
  doc: StructuredDoc
  kind: 'settings' | 'mcp' | 'workflow' | 'frontmatter'
}

/** Everything rules can look at. */
export interface Project {
  root: string
  files: FileSet
  reader: FileReader
  /** Whether a path is tracked by git (undefined when git is not available). */
  isTracked(path: string): boolean | undefined
  workflows: Workflow[]
  claudeRuns: ClaudeRun[]
  /** GitHub Agentic Workflows with the Claude engine (`.github/workflows/*.md`); their `.lock.yml` is not in {@link workflows}. */
  agenticWorkflows: AgenticWorkflow[]
  /** Callers of each reusable (`workflow_call`) workflow in the repository. */
  callers: Map<Workflow, WorkflowCaller[]>
  /** The repository on GitHub (`owner/name`), from the options or git's `origin`, when known. */
  repository?: string
  /** Every call of a local composite action from a workflow (Claude or not), with the inputs passed. */
  actionCalls: ActionCall[]
  /**
   * The repository's own action definitions (`action.yml` at the root, one
   * folder down, or under `.github/actions/`), called from a workflow or not.
   */
  localActions: LocalAction[]
  settings: SettingsFile[]
  mcpConfigs: StructuredDoc[]
  mcpServers: McpServer[]
  memory: MemoryFile[]
  agents: AgentLikeFile[]
  commands: AgentLikeFile[]
  skills: AgentLikeFile[]
  claudeignores: SourceFile[]
  /** Files under `.claude/hooks/` (any depth of the repository). */
  hookScripts: string[]
  /** Committed shell startup and environment files. */
  envFiles: SourceFile[]
  /** Devcontainer definitions (JSON with comments). */
  devcontainers: StructuredDoc[]
  parseFailures: ParseFailure[]
  /** What the search for Claude runs could not follow (a local action outside the repository or missing, a loop). */
  unfollowed: Unfollowed[]
  /** What the run was asked to do beyond reading files. */
  options: ProjectOptions
  /** Paths that may hold API code (by extension and folder; see code.ts). */
  codeCandidates: string[]
  /** Facts asked of git while the files were parsed. */
  gitFacts: GitFacts
}

/**
 * What the program-code part of a rule ({@link Rule.checkCode}) sees: the
 * files, a reader, the paths that may hold Python or JS/TS code calling the
 * Anthropic API or the Agent SDK, and the settings files. Nothing built from
 * workflows: {@link buildCodeScope} makes one without parsing them, so that
 * part can run on a worker thread while the workflows are modelled.
 */
export type CodeScope = Pick<Project, 'root' | 'files' | 'reader' | 'isTracked' | 'settings' | 'options' | 'codeCandidates' | 'gitFacts'>

/** Something the audit could not follow, at the line that asked for it. */
export interface Unfollowed {
  file: string
  line?: number
  reason: string
}

/** Switches that change what rules may do. */
export interface ProjectOptions {
  /** Scan git history for secrets. */
  history: boolean
  /** Run guard hooks: true by simulation, `claude` also through the real client. */
  verifyHooks: boolean | 'claude'
  /** The Claude Code version to judge when no workflow pins one (configuration `claude-code-version`). */
  claudeCodeVersion?: string
  /** The audit's total time budget: files left when it runs out are not modelled (file-skipped). */
  budget?: TimeBudget
  /** The repository on GitHub (`owner/name`); asked of git's `origin` remote when not given. */
  repository?: string
}

/**
 * A git command started now, as gitEarly starts one, whose settling can also be
 * awaited (`done`): the search for Claude runs waits for it where it may,
 * rather than running the same command again.
 */
function awaitableEarly(root: string, args: readonly string[], options: Parameters<typeof gitOutput>[2]): EarlyGit & { done: Promise<void> } {
  const early: EarlyGit & { done?: Promise<void> } = { settled: false }
  early.done = gitOutput(root, args, options).then(
    (out) => {
      early.out = out
      early.settled = true
    },
    () => {
      early.settled = true
    }
  )
  return early as EarlyGit & { done: Promise<void> }
}

/** `owner/name` of the GitHub repository git's `origin` remote names, when it names one. */
async function originRepository(files: FileSet): Promise<string | undefined> {
  if (!files.git) return undefined
  // Asked with the file listing when the launcher started it; else now.
  const url = await (files.origin ?? gitOutput(files.root, ORIGIN_URL, ORIGIN_URL_OPTIONS))
  return url === undefined ? undefined : githubRepository(url.trim())
}

/** `owner/name` of a GitHub clone URL (https, ssh or scp-like), else undefined. */
export function githubRepository(url: string): string | undefined {
  const m = /^(?:[a-z+]+:\/\/(?:[^@/]+@)?|[^@/:]+@)?github\.com[:/]([\w.-]+)\/([\w.-]+?)(?:\.git)?\/?$/i.exec(url)
  return m ? `${m[1]}/${m[2]}` : undefined
}

const WORKFLOW = /^\.github\/workflows\/[^/]+\.ya?ml$/
const SETTINGS = /(^|\/)\.claude\/settings(\.local)?\.json$/
const MCP = /(^|\/)\.mcp\.json$/
const AGENT = /(^|\/)\.claude\/agents\/.+\.md$/
const COMMAND = /(^|\/)\.claude\/commands\/.+\.md$/
const SKILL = /(^|\/)\.claude\/skills\/[^/]+\/SKILL\.md$/
const HOOK = /(^|\/)\.claude\/hooks\/.+/
const CLAUDEIGNORE = /(^|\/)\.claudeignore$/
const SHELL_STARTUP = /(^|\/)(\.bashrc|\.zshrc|\.profile|\.bash_profile|\.zprofile|\.zshenv|\.envrc|\.env(\.[^/]*)?)$/
const DEVCONTAINER = /(^|\/)(\.devcontainer\/devcontainer\.json|\.devcontainer\.json|\.devcontainer\/[^/]+\/devcontainer\.json)$/

/** Every path pattern the model reads files by (a test keeps them inside mayConfigure). */
export const MODEL_PATTERNS: readonly RegExp[] = [WORKFLOW, SETTINGS, MCP, AGENT, COMMAND, SKILL, HOOK, CLAUDEIGNORE, SHELL_STARTUP, DEVCONTAINER]

/** The paths whose code may call the API or start Claude; a path through a linked folder is scanned at its target's path. */
function codeCandidatesOf(files: FileSet): string[] {
  const aliases = files.aliases
  return files.paths.filter((p) => isCodeCandidate(p) && !aliases?.has(p))
}

/**
 * Whether an audit of these files may parse shell or program code, and so needs the
 * tree-sitter runtime started (see mayHoldShell).
 */
export function needsParsers(files: FileSet, codeCandidates: readonly string[]): boolean {
  return codeCandidates.length > 0 || files.configPaths.some(mayHoldShell)
}

/** Builds the project model from the discovered files. */
export async function buildProject(
  files: FileSet,
  options: ProjectOptions = { history: false, verifyHooks: false }
): Promise<Project> {
  const reader = new FileReader(files.root)
  const codeCandidates = codeCandidatesOf(files)
  // Git works on the other core while this thread parses; awaited before rules run.
  const gitFacts = startGitFacts(files, codeCandidates, options.history)
  // Which files name an Agent SDK module: the search where Claude runs may ask (a script a
  // workflow runs imports one), and takes this answer if it has come by then.
  const sdkModuleGrep = files.git && codeCandidates.length > 0 ? awaitableEarly(files.root, SDK_MODULE_GREP, SDK_MODULE_GREP_OPTIONS) : undefined
  // Which GitHub repository this is, so `uses: owner/repo/path@ref` naming it is read locally.
  const identity = options.repository !== undefined ? Promise.resolve(options.repository) : originRepository(files)
  // Shell (workflow `run:` scripts, hook commands, scripts) is read with tree-sitter-bash, Python and
  // JavaScript/TypeScript with the same runtime: it must be up before the first parse. A repository
  // with nothing to parse does not start it.
  const parsers = needsParsers(files, codeCandidates)
  if (parsers) await prepareShellParsing()
  const p: Project = {
    root: files.root,
    files,
    reader,
    isTracked: (path) => (files.tracked ? files.tracked.has(path) : undefined),
    workflows: [],
    claudeRuns: [],
    callers: new Map(),
    actionCalls: [],
    localActions: [],
    agenticWorkflows: [],
    settings: [],
    mcpConfigs: [],
    mcpServers: [],
    memory: [],
    agents: [],
    commands: [],
    skills: [],
    claudeignores: [],
    hookScripts: [],
    envFiles: [],
    devcontainers: [],
    parseFailures: [],
    unfollowed: [],
    options,
    codeCandidates,
    gitFacts: { lastCommit: new Map() }
  }
  // Every pattern below lies inside mayConfigure (test/model/config-paths.test.ts).
  // Each file is modelled on its own: a file whose model cannot be built (a
  // value of a type no guard expected) is reported as not read, and the audit
  // goes on with the others.
  const outOfTime = (): boolean => options.budget?.spent() === true
  const notModelled = (path: string, more: number): void => {
    reader.skip(
      path,
      `not analysed${more > 0 ? `, nor ${more} more configuration file${more === 1 ? '' : 's'} after it` : ''}: ${options.budget?.describe() ?? 'the time budget'} ran out while the files were modelled`
    )
  }
  for (const [i, path] of files.configPaths.entries()) {
    if (outOfTime()) {
      notModelled(path, files.configPaths.length - i - 1)
      break
    }
    try {
      await addFile(p, reader, path)
    } catch (e) {
      reader.skip(path, `its contents could not be modelled (${oneLine((e as Error)?.message)}), so no rule checked it`)
    }
  }
  // gh-aw sources with the Claude engine: audited at the source, their lock files left out.
  // The lock file is read for its compiled agent step only; no rule audits it again.
  for (const path of files.configPaths) {
    if (!AGENTIC_SOURCE.test(path)) continue
    const f = reader.read(path)
    const lock = p.workflows.find((w) => w.path === lockFileOf(path))
    const compiled = lock && compiledAgent(lock)
    // Its `imports:` are read with the same reader (same root and limits, recorded as read).
    const aw = f
      ? agenticWorkflow(path, parseMarkdown(f), compiled, lock !== undefined && !compiled && hasAgentStep(lock), (x) => reader.read(x))
      : undefined
    if (aw) p.agenticWorkflows.push(aw)
  }
  if (p.agenticWorkflows.length) {
    const locks = new Set(p.agenticWorkflows.map((a) => lockFileOf(a.path)))
    p.workflows = p.workflows.filter((w) => !locks.has(w.path))
  }
  // Claude runs, once every workflow is parsed (local actions and scripts are read on demand).
  const known = new Set(files.paths)
  const notes = new Set<string>()
  p.repository = await identity
  const search: RunSearch = {
    reader,
    exists: (path) => known.has(path),
    paths: files.paths,
    ...(sdkModuleGrep ? { sdkModuleGrep } : {}),
    actions: new Map(),
    calls: p.actionCalls,
    repository: p.repository,
    note: (file, line, reason) => {
      const k = `${file}\0${line}\0${reason}`
      if (notes.has(k)) return
      notes.add(k)
      p.unfollowed.push({ file, line, reason })
    }
  }
  for (const wf of p.workflows) {
    if (outOfTime()) {
      reader.skip(wf.path, `its Claude runs were not searched: ${options.budget?.describe() ?? 'the time budget'} ran out`)
      continue
    }
    try {
      p.claudeRuns.push(...(await claudeRunsOf(wf, search)))
    } catch (e) {
      reader.skip(wf.path, `its Claude runs could not be modelled (${oneLine((e as Error)?.message)}), so no workflow rule checked them`)
    }
  }
  p.callers = findCallers(p.workflows, search.repository)
  for (const path of files.paths) {
    if (!ACTION_FILE.test(path)) continue
    const dir = posix.dirname(path) === '.' ? '' : posix.dirname(path)
    try {
      const a = loadAction(search, dir)
      if (a && a.doc.file.path === path) p.localActions.push(a)
    } catch (e) {
      reader.skip(path, `the action could not be modelled (${oneLine((e as Error)?.message)}), so no rule checked it`)
    }
  }
  // Actions the repository publishes and never calls: judged with the caller's facts unknown.
  const called = new Set(p.actionCalls.map((c) => c.action))
  try {
    p.claudeRuns.push(...(await publishedRuns(p.localActions.filter((a) => !called.has(a)), search)))
  } catch (e) {
    p.unfollowed.push({ file: '.', reason: `the repository's own actions could not be searched for Claude runs (${oneLine((e as Error)?.message)})` })
  }
  // Claude Code 2.1.277 reads AGENTS.md in a project whose root has no CLAUDE.md (unless an older version is known to run).
  if (holdsAt('agentsMdFallback', oldestClaudeCode(p).version)) {
    for (const path of agentsMdFallbacks(files.configPaths)) {
      const f = reader.read(path)
      const dir = posix.dirname(path) === '.' ? '' : posix.dirname(path)
      if (f) p.memory.push({ file: f, imports: findImports(f, dir), fallback: true })
    }
  }
  // disableAllHooks: the local file's value wins over the project file's.
  applyHookSwitches(p.settings)
  // Python and JavaScript/TypeScript are read with the same runtime, started above for the shell.
  if (parsers) await prepareCodeParsing()
  p.gitFacts = await gitFacts
  return p
}

/**
 * Parses one configuration path and adds what it holds to the model. Every
 * part is built before anything is added, so a failure adds nothing.
 */
async function addFile(p: Project, reader: FileReader, path: string): Promise<void> {
  if (WORKFLOW.test(path)) {
    const f = reader.read(path)
    if (!f) return
    const doc = parseYaml(f)
    const wf = buildWorkflow(doc)
    if (doc.errors.length) p.parseFailures.push({ doc, kind: 'workflow' })
    // Claude runs are searched once every workflow is parsed (buildProject).
    if (wf) p.workflows.push(wf)
  } else if (SETTINGS.test(path)) {
    const read = readSettings(reader, path)
    if (!read) return
    const { doc, settings: s } = read
    const servers = s ? buildMcpServers(doc) : []
    if (doc.errors.length) p.parseFailures.push({ doc, kind: 'settings' })
    if (s) {
      if (s.declaredHooks.length > MAX_HOOK_HANDLERS) {
        reader.skip(
          path,
          `in full: it declares ${s.declaredHooks.length} hook handlers, and only the first ${MAX_HOOK_HANDLERS} were analysed`
        )
        limitHooks(s, MAX_HOOK_HANDLERS)
      }
      p.settings.push(s)
      p.mcpServers.push(...servers)
    }
  } else if (MCP.test(path)) {
    const f = reader.read(path)
    if (!f) return
    const doc = parseJson(f)
    const servers = buildMcpServers(doc)
    if (doc.errors.length) p.parseFailures.push({ doc, kind: 'mcp' })
    p.mcpConfigs.push(doc)
    p.mcpServers.push(...servers)
  } else if (AGENT.test(path) || COMMAND.test(path) || SKILL.test(path)) {
    const f = reader.read(path)
    if (!f) return
    const md = parseMarkdown(f)
    const fm = md.frontmatter
    const data = fm && fm.value && typeof fm.value === 'object' && !Array.isArray(fm.value) ? (fm.value as Record<string, unknown>) : {}
    const kind = AGENT.test(path) ? 'agent' : COMMAND.test(path) ? 'command' : 'skill'
    const entry: AgentLikeFile = { kind, md, path, data }
    if (fm?.errors.length) p.parseFailures.push({ doc: fm, kind: 'frontmatter' })
    ;(kind === 'agent' ? p.agents : kind === 'command' ? p.commands : p.skills).push(entry)
  } else if (CLAUDEIGNORE.test(path)) {
    const f = reader.read(path)
    if (f) p.claudeignores.push(f)
  } else if (SHELL_STARTUP.test(path)) {
    const f = reader.read(path)
    if (f) p.envFiles.push(f)
  } else if (DEVCONTAINER.test(path)) {
    const f = reader.read(path)
    if (f) p.devcontainers.push(parseJson(f))
  }
  if (HOOK.test(path)) p.hookScripts.push(path)
  if (isMemoryPath(path)) {
    const f = reader.read(path)
    if (f) p.memory.push({ file: f, imports: findImports(f, posix.dirname(path) === '.' ? '' : posix.dirname(path)) })
  }
}

/** A settings file as Claude Code reads it, and its document; undefined when it cannot be read. */
function readSettings(reader: FileReader, path: string): { doc: StructuredDoc; settings: SettingsFile | undefined } | undefined {
  const f = reader.read(path)
  if (!f) return undefined
  // Claude Code rejects a settings file with comments as malformed JSON and skips all of it.
  const doc = parseJson(f, { comments: false })
  return { doc, settings: buildSettings(doc) }
}

/**
 * The scope of the program-code rule parts, built without the workflows: the
 * settings files (read as the project model reads them) and the code
 * candidates. A file that cannot be read or modelled is left out here; the
 * project model, built from the same files, reports it.
 */
export function buildCodeScope(files: FileSet, options: ProjectOptions): CodeScope {
  const reader = new FileReader(files.root)
  const settings: SettingsFile[] = []
  for (const path of files.configPaths) {
    if (!SETTINGS.test(path)) continue
    try {
      const s = readSettings(reader, path)?.settings
      if (s) settings.push(s)
    } catch {
      // Reported by the project model.
    }
  }
  applyHookSwitches(settings)
  return {
    root: files.root,
    files,
    reader,
    isTracked: (path) => (files.tracked ? files.tracked.has(path) : undefined),
    settings,
    options,
    codeCandidates: codeCandidatesOf(files),
    gitFacts: { lastCommit: new Map() }
  }
}

/** An error message on one line, at most 200 characters. */
function oneLine(message: unknown): string {
  const m = typeof message === 'string' ? message : 'unknown error'
  return m.replace(/\s+/g, ' ').slice(0, 200)
}

/**
 * Whether the repository uses Claude Code at all: memory files, anything under
 * `.claude/`, a `.claudeignore`, or a workflow that runs Claude. A lone
 * `.mcp.json` does not count: other MCP clients read it too.
 */
export function usesClaudeCode(project: Project): boolean {
  return (
    project.memory.some((m) => !m.fallback) ||
    project.settings.length > 0 ||
    project.claudeRuns.length > 0 ||
    project.agenticWorkflows.length > 0 ||
    project.agents.length + project.commands.length + project.skills.length > 0 ||
    project.claudeignores.length > 0 ||
    project.files.configPaths.some((p) => /(^|\/)\.claude\//.test(p))
  )
}
