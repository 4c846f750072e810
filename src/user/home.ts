/**
 * The machine as Claude Code sees it: one user's configuration folder, the
 * managed settings, `~/.claude.json`, the shell startup files and the AWS
 * files, mapped to their Claude Code roles in a {@link Project}, so the
 * existing rules judge them as they judge a repository's files.
 */
import { lstatSync, readdirSync, type Stats } from 'node:fs'
import { join, posix } from 'node:path'
import type { FileReader, FileSet } from '../discover.js'
import { isObject, parseJson, parseMarkdown, type PathSeg, type StructuredDoc } from '../parse/doc.js'
import type { SourceFile } from '../parse/source.js'
import type { AgentLikeFile, ParseFailure, Project } from '../model/project.js'
import { buildSettings, applyHookSwitches, type SettingsFile } from '../model/settings.js'
import { buildMcpServers, type McpServer } from '../model/mcp.js'
import { findImports } from '../model/memory.js'
import { displayPath, type MachineLocations } from './locations.js'
import { MountedReader, type Mount } from './reader.js'

/** Where a settings file sits in Claude Code's order (highest first). */
export type MachineScope = 'managed' | 'user'

/** The files of the machine, by role, as display paths. */
export interface MachineFiles {
  reader: MountedReader
  /** User settings, then managed settings (main file, then `managed-settings.d/*.json` alphabetically). */
  userSettings: string[]
  managedSettings: string[]
  managedMcp?: string
  globalConfig: string
  memory: string[]
  agents: string[]
  commands: string[]
  skills: string[]
  hookScripts: string[]
  shellFiles: string[]
  awsCredentials: string
  awsConfig: string
  /** Auto-memory files under `projects/*\/memory/`: display path, size, last change. */
  memoryStats: { path: string; size: number; mtimeMs: number }[]
  /** Session transcripts (`projects/*\/*.jsonl`): display path and size. */
  transcripts: { path: string; size: number }[]
}

/** Most entries one walk of a configuration folder lists (a net against link farms). */
const MAX_ENTRIES = 20_000

function lstat(p: string): Stats | undefined {
  try {
    return lstatSync(p)
  } catch {
    return undefined
  }
}

function list(dir: string): string[] {
  try {
    return readdirSync(dir).sort()
  } catch {
    return []
  }
}

/** Files below `dir` (linked folders are not entered; linked files are listed and checked when read). */
function walk(dir: string, depth: number): string[] {
  const out: string[] = []
  const stack: { d: string; n: number }[] = [{ d: dir, n: 0 }]
  while (stack.length && out.length < MAX_ENTRIES) {
    const { d, n } = stack.pop() as { d: string; n: number }
    for (const name of list(d)) {
      const p = join(d, name)
      const st = lstat(p)
      if (!st) continue
      if (st.isDirectory()) {
        if (n < depth && name !== 'node_modules' && name !== '.git') stack.push({ d: p, n: n + 1 })
      } else if (st.isFile() || st.isSymbolicLink()) out.push(p)
    }
  }
  return out.sort()
}

/** Lists the machine's files (nothing is read yet). */
export function machineFiles(loc: MachineLocations, repository?: FileReader): MachineFiles {
  const show = (abs: string): string => displayPath(loc.home, abs)
  const managedPrefix = loc.managedRoot.split('\\').join('/').replace(/\/?$/, '/')
  const mounts: Mount[] = [
    { prefix: '~/', dir: loc.home, name: 'the home directory' },
    { prefix: managedPrefix, dir: loc.managedRoot, name: 'the managed settings folder' }
  ]
  // A configuration folder outside the home directory ($CLAUDE_CONFIG_DIR) is its own mount.
  const cfgShown = show(loc.configDir)
  if (!cfgShown.startsWith('~')) mounts.push({ prefix: `${cfgShown}/`, dir: loc.configDir, name: 'the Claude configuration folder' })
  for (const f of [loc.globalConfig, loc.awsCredentials, loc.awsConfig, ...loc.shellFiles]) {
    const shown = show(f)
    if (!shown.startsWith('~')) mounts.push({ prefix: `${posix.dirname(shown)}/`, dir: join(f, '..'), name: 'its folder' })
  }
  const reader = new MountedReader(mounts, repository)
  const c = (rel: string): string => join(loc.configDir, rel)
  const md = (dir: string, re: RegExp, depth: number): string[] => walk(c(dir), depth).map(show).filter((p) => re.test(p))
  const managedD = list(join(loc.managedRoot, 'managed-settings.d')).filter((n) => n.endsWith('.json'))
  const memoryStats: MachineFiles['memoryStats'] = []
  const transcripts: MachineFiles['transcripts'] = []
  for (const project of list(c('projects'))) {
    const dir = join(c('projects'), project)
    if (!lstat(dir)?.isDirectory()) continue
    for (const name of list(dir)) {
      const p = join(dir, name)
      const st = lstat(p)
      if (st?.isFile() && name.endsWith('.jsonl')) transcripts.push({ path: show(p), size: st.size })
    }
    for (const p of walk(join(dir, 'memory'), 3)) {
      const st = lstat(p)
      if (st?.isFile()) memoryStats.push({ path: show(p), size: st.size, mtimeMs: st.mtimeMs })
    }
  }
  return {
    reader,
    userSettings: [show(c('settings.json'))],
    managedSettings: [`${managedPrefix}managed-settings.json`, ...managedD.map((n) => `${managedPrefix}managed-settings.d/${n}`)],
    managedMcp: `${managedPrefix}managed-mcp.json`,
    globalConfig: show(loc.globalConfig),
    memory: [show(c('CLAUDE.md')), ...md('rules', /\.md$/, 8)],
    agents: md('agents', /\.md$/, 8),
    commands: md('commands', /\.md$/, 8),
    skills: md('skills', /\/SKILL\.md$/, 2),
    hookScripts: walk(c('hooks'), 8).map(show),
    shellFiles: loc.shellFiles.map(show),
    awsCredentials: show(loc.awsCredentials),
    awsConfig: show(loc.awsConfig),
    memoryStats,
    transcripts
  }
}

/** A settings file of the machine: the model's view, with its level. */
export function machineSettings(doc: StructuredDoc, scope: MachineScope, projectDir: string): SettingsFile | undefined {
  const s = buildSettings(doc)
  if (!s) return undefined
  // The level a model of repository settings has no name for; rules that ask for 'project' or 'local' skip it.
  return { ...s, scope: scope as SettingsFile['scope'], projectDir }
}

/** The MCP servers of `~/.claude.json`: user scope (top level) and local scope (`projects[path].mcpServers`). */
export function globalConfigServers(doc: StructuredDoc, onlyProject?: string): McpServer[] {
  const v = doc.value
  if (!isObject(v)) return []
  const out: McpServer[] = buildMcpServers(doc)
  if (!isObject(v.projects)) return out
  for (const [dir, entry] of Object.entries(v.projects)) {
    if (onlyProject !== undefined && dir !== onlyProject) continue
    if (!isObject(entry) || !isObject(entry.mcpServers)) continue
    const view = { ...doc, value: { mcpServers: entry.mcpServers } } as StructuredDoc
    for (const s of buildMcpServers(view)) {
      const path: PathSeg[] = ['projects', dir, 'mcpServers', s.name]
      out.push({ ...s, doc, path })
    }
  }
  return out
}

/** What the machine's Claude Code configuration holds, beside the project model. */
export interface MachineModel {
  files: MachineFiles
  settings: SettingsFile[]
  mcpServers: McpServer[]
  /** `~/.claude.json`, parsed (never printed: it holds the login). */
  globalConfig?: StructuredDoc
  memory: Project['memory']
  agents: AgentLikeFile[]
  commands: AgentLikeFile[]
  skills: AgentLikeFile[]
  envFiles: SourceFile[]
  parseFailures: ParseFailure[]
}

function agentLike(reader: MountedReader, paths: readonly string[], kind: AgentLikeFile['kind'], failures: ParseFailure[]): AgentLikeFile[] {
  const out: AgentLikeFile[] = []
  for (const path of paths) {
    const f = reader.read(path)
    if (!f) continue
    const md = parseMarkdown(f)
    const fm = md.frontmatter
    if (fm?.errors.length) failures.push({ doc: fm, kind: 'frontmatter' })
    const data = fm && isObject(fm.value) ? fm.value : {}
    out.push({ kind, md, path, data })
  }
  return out
}

/**
 * Reads the machine's files into the model's shapes. `projectDir` is the
 * directory the user and managed settings apply to in the project model ('' for
 * the audited repository's root with `--user PATH`); `onlyProject` limits the
 * local-scope MCP servers to that project's absolute path.
 */
export function readMachine(files: MachineFiles, options: { projectDir: string; onlyProject?: string }): MachineModel {
  const { reader } = files
  const parseFailures: ParseFailure[] = []
  const settings: SettingsFile[] = []
  const mcpServers: McpServer[] = []
  const loadSettings = (path: string, scope: MachineScope): void => {
    const f = reader.read(path)
    if (!f) return
    // Claude Code rejects a settings file with comments as malformed JSON.
    const doc = parseJson(f, { comments: false })
    if (doc.errors.length) parseFailures.push({ doc, kind: 'settings' })
    const s = machineSettings(doc, scope, options.projectDir)
    if (s) {
      settings.push(s)
      mcpServers.push(...buildMcpServers(doc))
    }
  }
  for (const p of files.managedSettings) loadSettings(p, 'managed')
  for (const p of files.userSettings) loadSettings(p, 'user')
  if (files.managedMcp) {
    const f = reader.read(files.managedMcp)
    if (f) {
      const doc = parseJson(f)
      if (doc.errors.length) parseFailures.push({ doc, kind: 'mcp' })
      mcpServers.push(...buildMcpServers(doc))
    }
  }
  let globalConfig: StructuredDoc | undefined
  const g = reader.read(files.globalConfig)
  if (g) {
    globalConfig = parseJson(g)
    mcpServers.push(...globalConfigServers(globalConfig, options.onlyProject))
  }
  applyHookSwitches(settings)
  const memory: Project['memory'] = []
  for (const path of files.memory) {
    const f = reader.read(path)
    if (f) memory.push({ file: f, imports: findImports(f, posix.dirname(path)) })
  }
  const envFiles: SourceFile[] = []
  for (const path of files.shellFiles) {
    const f = reader.read(path)
    if (f) envFiles.push(f)
  }
  return {
    files,
    settings,
    mcpServers,
    ...(globalConfig ? { globalConfig } : {}),
    memory,
    agents: agentLike(reader, files.agents, 'agent', parseFailures),
    commands: agentLike(reader, files.commands, 'command', parseFailures),
    skills: agentLike(reader, files.skills, 'skill', parseFailures),
    envFiles,
    parseFailures
  }
}

/** A project model of the machine alone (`--user` without a path). */
export function machineProject(m: MachineModel, home: string): Project {
  const paths = [
    ...m.files.userSettings,
    ...m.files.memory,
    ...m.files.agents,
    ...m.files.commands,
    ...m.files.skills,
    ...m.files.hookScripts
  ].filter((p) => m.files.reader.exists(p))
  const files: FileSet = { root: home, paths, git: false, configPaths: paths }
  return {
    root: home,
    files,
    reader: m.files.reader,
    isTracked: () => undefined,
    workflows: [],
    claudeRuns: [],
    agenticWorkflows: [],
    callers: new Map(),
    actionCalls: [],
    localActions: [],
    unfollowed: [],
    settings: m.settings,
    mcpConfigs: [],
    mcpServers: m.mcpServers,
    memory: m.memory,
    agents: m.agents,
    commands: m.commands,
    skills: m.skills,
    claudeignores: [],
    hookScripts: m.files.hookScripts,
    envFiles: m.envFiles,
    devcontainers: [],
    parseFailures: m.parseFailures,
    options: { history: false, verifyHooks: false },
    codeCandidates: [],
    gitFacts: { lastCommit: new Map() }
  }
}

/** Adds the machine's configuration to a repository's project model (`--user PATH`). */
export function withMachine(project: Project, m: MachineModel): Project {
  const isTracked = (path: string): boolean | undefined => (m.files.reader.isMounted(path) ? undefined : project.isTracked(path))
  const settings = [...project.settings, ...m.settings]
  return {
    ...project,
    reader: m.files.reader,
    isTracked,
    settings,
    mcpServers: [...project.mcpServers, ...m.mcpServers],
    memory: [...project.memory, ...m.memory],
    agents: [...project.agents, ...m.agents],
    commands: [...project.commands, ...m.commands],
    skills: [...project.skills, ...m.skills],
    hookScripts: [...project.hookScripts, ...m.files.hookScripts],
    envFiles: [...project.envFiles, ...m.envFiles],
    parseFailures: [...project.parseFailures, ...m.parseFailures]
  }
}
