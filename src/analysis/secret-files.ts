/**
 * Which files the secret rules read: everything Claude Code loads or CI runs
 * with (memory files, anything under `.claude/`, `.mcp.json`, workflows and the
 * repository's own actions under `.github/actions/`), and
 * separately the shell-startup and environment files.
 */
import type { Project } from '../model/project.js'
import { isMemoryPath } from '../model/memory.js'
import { pluginMcpServers } from './plugin-mcp.js'

const CLAUDE_DIR = /(^|\/)\.claude\//
const MCP = /(^|\/)\.mcp\.json$/
const WORKFLOW = /^\.github\/workflows\/[^/]+\.ya?ml$/
/** Local actions (`uses: ./.github/actions/x`) run inside workflows with their secrets. */
const LOCAL_ACTION = /^\.github\/actions\/(?:.+\/)?action\.ya?ml$/
/** A plugin's manifest and a marketplace: both may carry MCP servers with their `env` and `headers` inline. */
const PLUGIN_MANIFEST = /(^|\/)\.claude-plugin\/(plugin|marketplace)\.json$/

/** Paths scanned by `hardcoded-secret` (shell startup and `.env` files belong to shell-startup-credentials). */
export function secretScanPaths(project: Project): string[] {
  // AGENTS.md counts where Claude Code reads it as memory (the project root has no CLAUDE.md, and its own folder none).
  const fallback = new Set(project.memory.filter((m) => m.fallback).map((m) => m.file.path))
  const paths = project.files.configPaths.filter(
    (p) =>
      isMemoryPath(p) || fallback.has(p) || CLAUDE_DIR.test(p) || MCP.test(p) || WORKFLOW.test(p) || LOCAL_ACTION.test(p) || PLUGIN_MANIFEST.test(p)
  )
  // Server files a plugin's manifest names by another name (`"mcpServers": "./config/servers.json"`).
  const listed = new Set(paths)
  for (const s of pluginMcpServers(project)) {
    const path = s.doc.file.path
    if (!listed.has(path)) {
      listed.add(path)
      paths.push(path)
    }
  }
  return paths
}

/**
 * Git pathspecs of every file either secret rule reads (for the history scan).
 * {@link isHistoryPath} says the same in JavaScript (a test holds them equal);
 * the scan asks git with literal paths, as sixteen globs cost git ~0.15 ms a
 * commit to match (8 s on a 52,000-commit history).
 */
export const HISTORY_PATHSPECS: readonly string[] = [
  ':(glob)**/CLAUDE.md',
  ':(glob)**/CLAUDE.local.md',
  ':(glob)**/.claude/**',
  ':(glob)**/.mcp.json',
  ':(glob).github/workflows/*',
  ':(glob).github/actions/**/action.yml',
  ':(glob).github/actions/**/action.yaml',
  ':(glob)**/.env',
  ':(glob)**/.env.*',
  ':(glob)**/.envrc',
  ':(glob)**/.bashrc',
  ':(glob)**/.zshrc',
  ':(glob)**/.profile',
  ':(glob)**/.bash_profile',
  ':(glob)**/.zprofile',
  ':(glob)**/.devcontainer/**'
]

const HISTORY_NAMES = new Set(['CLAUDE.md', 'CLAUDE.local.md', '.mcp.json', '.env', '.envrc', '.bashrc', '.zshrc', '.profile', '.bash_profile', '.zprofile'])

/** Whether a repository path matches {@link HISTORY_PATHSPECS}. */
export function isHistoryPath(path: string): boolean {
  const name = path.slice(path.lastIndexOf('/') + 1)
  return (
    HISTORY_NAMES.has(name) ||
    name.startsWith('.env.') ||
    /(?:^|\/)\.(?:claude|devcontainer)\//.test(path) ||
    /^\.github\/workflows\/[^/]+$/.test(path) ||
    /^\.github\/actions\/(?:.+\/)?action\.ya?ml$/.test(path)
  )
}

/**
 * Plain git pathspecs (a `*` crosses slashes) matching every path of
 * {@link HISTORY_PATHSPECS} and more: three patterns instead of sixteen, for
 * listing which paths ever changed before reading their patches.
 */
export const HISTORY_CANDIDATE_PATHSPECS: readonly string[] = ['.*', '*/.*', '*CLAUDE*.md']
