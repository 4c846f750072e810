/**
 * Which files the secret rules read: everything Claude Code loads or CI runs
 * with (memory files, anything under `.claude/`, `.mcp.json`, workflows and the
 * repository's own actions under `.github/actions/`), and
 * separately the shell-startup and environment files.
 */
import type { Project } from '../model/project.js'
import { isMemoryPath } from '../model/memory.js'

const CLAUDE_DIR = /(^|\/)\.claude\//
const MCP = /(^|\/)\.mcp\.json$/
const WORKFLOW = /^\.github\/workflows\/[^/]+\.ya?ml$/
/** Local actions (`uses: ./.github/actions/x`) run inside workflows with their secrets. */
const LOCAL_ACTION = /^\.github\/actions\/(?:.+\/)?action\.ya?ml$/

/** Paths scanned by `hardcoded-secret` (shell startup and `.env` files belong to shell-startup-credentials). */
export function secretScanPaths(project: Project): string[] {
  // AGENTS.md counts where Claude Code reads it as memory (no CLAUDE.md beside it).
  const fallback = new Set(project.memory.filter((m) => m.fallback).map((m) => m.file.path))
  return project.files.configPaths.filter(
    (p) => isMemoryPath(p) || fallback.has(p) || CLAUDE_DIR.test(p) || MCP.test(p) || WORKFLOW.test(p) || LOCAL_ACTION.test(p)
  )
}

/** Git pathspecs of every file either secret rule reads (for the history scan). */
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
