/**
 * Git facts for the MCP review rule: when a file was last committed.
 */
import { gitOutputSync } from '../git.js'
import { parseDate } from '../model/git-facts.js'

/**
 * Commit date (strict ISO 8601) of the last commit that touched `path`, or
 * undefined when git is missing, the path is untracked or never committed.
 * The project model asks for the usual files up front (git-facts.ts); this
 * answers for the rest.
 */
export function lastCommitDate(root: string, path: string): Date | undefined {
  return parseDate(gitOutputSync(root, ['log', '-1', '--format=%cI', '--', `:(literal)${path}`], { maxBytes: 1 << 20, timeoutMs: 10_000 }))
}
