/**
 * Git facts that rules need (which dependency manifests declare the SDK, when
 * MCP configuration files were last committed), asked of git all at once when
 * the project model starts: the git processes run beside the parser instead of
 * one after another while rules wait.
 */
import { gitOutput, type FileSet } from '../discover.js'
import { gitGrepArgs, isLargeRepo, SDK_KEYWORDS, MANIFEST_GLOBS } from './code.js'

export interface GitFacts {
  /** Committed dependency manifests that mention an SDK keyword; undefined when not asked or git failed. */
  sdkManifests?: string[]
  /** Date of the last commit of each file asked for (undefined: never committed or git failed). */
  lastCommit: Map<string, Date | undefined>
  /** Whether the clone is shallow; asked only when the history is to be scanned. */
  shallow?: boolean
}

/** At most this many files get their last commit date asked for up front. */
const MAX_DATED = 20

/** Paths of tracked MCP-bearing files (`.mcp.json`, settings) whose dates a rule may need. */
const DATED = /(^|\/)(\.mcp\.json|\.claude\/settings(\.local)?\.json)$/

/** Starts the git commands; the promise settles when all have answered. */
export async function startGitFacts(files: FileSet, codeCandidates: number, history = false): Promise<GitFacts> {
  const facts: GitFacts = { lastCommit: new Map() }
  if (!files.git) return facts
  const dated = files.configPaths.filter((p) => DATED.test(p) && files.tracked?.has(p)).slice(0, MAX_DATED)
  const jobs: Promise<void>[] = dated.map(async (path) => {
    const out = await gitOutput(files.root, ['log', '-1', '--format=%cI', '--', `:(literal)${path}`], { maxBytes: 1 << 20, timeoutMs: 10_000 })
    facts.lastCommit.set(path, parseDate(out))
  })
  if (isLargeRepo(codeCandidates)) {
    jobs.push(
      // git grep exits 1 when nothing matches; other failures leave the manifests to be read.
      gitOutput(files.root, gitGrepArgs(SDK_KEYWORDS, MANIFEST_GLOBS, true), { maxBytes: 64 << 20, okCodes: [0, 1], timeoutMs: 30_000 }).then((out) => {
        if (out !== undefined) facts.sdkManifests = out.split('\0').filter(Boolean)
      })
    )
  }
  if (history) {
    jobs.push(
      gitOutput(files.root, ['rev-parse', '--is-shallow-repository'], { maxBytes: 1 << 10, timeoutMs: 10_000 }).then((out) => {
        facts.shallow = out?.trim() === 'true'
      })
    )
  }
  await Promise.all(jobs)
  return facts
}

/** The date `git log --format=%cI` printed, if any. */
export function parseDate(out: string | undefined): Date | undefined {
  const s = out?.trim()
  if (!s) return undefined
  const d = new Date(s)
  return Number.isNaN(d.getTime()) ? undefined : d
}
