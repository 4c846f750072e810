/**
 * Git facts for the MCP review rule: when a file was last committed.
 */
import { spawnSync } from 'node:child_process'
import { parseDate } from '../../model/git-facts.js'

/**
 * Commit date (strict ISO 8601) of the last commit that touched `path`, or
 * undefined when git is missing, the path is untracked or never committed.
 * The project model asks for the usual files up front (git-facts.ts); this
 * answers for the rest.
 */
export function lastCommitDate(root: string, path: string): Date | undefined {
  try {
    const r = spawnSync('git', ['log', '-1', '--format=%cI', '--', `:(literal)${path}`], {
      cwd: root,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
      timeout: 10_000
    })
    return r.status === 0 ? parseDate(r.stdout) : undefined
  } catch {
    return undefined
  }
}
