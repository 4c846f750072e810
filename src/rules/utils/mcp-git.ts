/**
 * Git facts for the MCP review rule: when a file was last committed.
 */
import { spawnSync } from 'node:child_process'

/**
 * Commit date (strict ISO 8601) of the last commit that touched `path`, or
 * undefined when git is missing, the path is untracked or never committed.
 */
export function lastCommitDate(root: string, path: string): Date | undefined {
  try {
    const r = spawnSync('git', ['log', '-1', '--format=%cI', '--', path], {
      cwd: root,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
      timeout: 10_000
    })
    if (r.status !== 0) return undefined
    const out = r.stdout.trim()
    if (!out) return undefined
    const d = new Date(out)
    return Number.isNaN(d.getTime()) ? undefined : d
  } catch {
    return undefined
  }
}
