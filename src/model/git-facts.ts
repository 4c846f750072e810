/**
 * Git facts that rules need (which dependency manifests declare the SDK, which
 * code files mention an SDK or the bypass flag, when MCP configuration files
 * were last committed), asked of git all at once when the project model
 * starts: the git processes run beside the parser instead of one after
 * another while rules wait.
 */
import type { FileSet } from '../discover.js'
import { gitOutput, shallowRepository } from '../git.js'
import { CLI_CODE_GREP, cliCodeGrepWanted } from './cli-code.js'
import { apiCodeGrep, gitGrepArgs, isLargeRepo, wholeCodeGrep, API_CODE_GREP_OPTIONS, BYPASS_CODE_GREP, SDK_KEYWORDS, MANIFEST_GLOBS } from './code.js'

export interface GitFacts {
  /** Committed dependency manifests that mention an SDK keyword; undefined when not asked or git failed. */
  sdkManifests?: string[]
  /** Date of the last commit of each file asked for (undefined: never committed or git failed). */
  lastCommit: Map<string, Date | undefined>
  /** Whether the clone is shallow; asked when the history is scanned or MCP files are dated. */
  shallow?: boolean
  /** What the search {@link findApiCode} runs (see apiCodeGrep) printed; undefined when not asked or git failed. */
  apiCode?: string
  /**
   * What the search of every code file of a large repository printed, asked once the manifests
   * showed that {@link findApiCode} will run it (see wholeCodeGrep); undefined when not asked or git failed.
   */
  apiCodeAll?: string
  /** What {@link BYPASS_CODE_GREP} printed (asked when there is code); undefined when not asked or git failed. */
  bypassCode?: string
  /** What {@link CLI_CODE_GREP} printed (asked when cli-code.ts would search); undefined when not asked or git failed. */
  cliCode?: string
  /**
   * Mode git records (`100755`, `100644`, `120000`) for each tracked file under
   * a `.claude/hooks/` folder: what every clone checks out, whatever the local
   * file system says. Undefined when there are none or git failed.
   */
  hookModes?: Map<string, string>
}

/** A `.claude/hooks/` folder (the part of a path up to it). */
const HOOK_DIR = /^(.*?\.claude\/hooks)\//

/** At most this many files get their last commit date asked for up front. */
const MAX_DATED = 20

/** Paths of tracked MCP-bearing files (`.mcp.json`, settings) whose dates a rule may need. */
const DATED = /(^|\/)(\.mcp\.json|\.claude\/settings(\.local)?\.json)$/

/** Starts the git commands; the promise settles when all have answered. */
export async function startGitFacts(files: FileSet, candidates: readonly string[], history = false): Promise<GitFacts> {
  const codeCandidates = candidates.length
  const facts: GitFacts = { lastCommit: new Map() }
  if (!files.git) return facts
  const jobs: Promise<void>[] = []
  // The searches of code files that rules run in any case: asked now, so git reads the files
  // on the other core while this thread parses, instead of blocking the first rule that asks.
  const api = apiCodeGrep(codeCandidates)
  if (api)
    jobs.push(
      gitOutput(files.root, api, API_CODE_GREP_OPTIONS).then((out) => {
        facts.apiCode = out
      })
    )
  if (codeCandidates > 0)
    jobs.push(
      gitOutput(files.root, BYPASS_CODE_GREP, API_CODE_GREP_OPTIONS).then((out) => {
        facts.bypassCode = out
      })
    )
  if (cliCodeGrepWanted(codeCandidates))
    jobs.push(
      gitOutput(files.root, CLI_CODE_GREP, API_CODE_GREP_OPTIONS).then((out) => {
        facts.cliCode = out
      })
    )
  const dated = files.configPaths.filter((p) => DATED.test(p) && files.tracked?.has(p)).slice(0, MAX_DATED)
  jobs.push(...dated.map(async (path) => {
    const out = await gitOutput(files.root, ['log', '-1', '--format=%cI', '--', `:(literal)${path}`], { maxBytes: 1 << 20, timeoutMs: 10_000 })
    facts.lastCommit.set(path, parseDate(out))
  }))
  if (isLargeRepo(codeCandidates)) {
    jobs.push(
      // git grep exits 1 when nothing matches; other failures leave the manifests to be read.
      gitOutput(files.root, gitGrepArgs(SDK_KEYWORDS, MANIFEST_GLOBS, true), { maxBytes: 64 << 20, okCodes: [0, 1], timeoutMs: 30_000 }).then(async (out) => {
        if (out === undefined) return
        facts.sdkManifests = out.split('\0').filter(Boolean)
        // The manifests tell whether the API code search covers every code file: then it is asked now.
        const all = wholeCodeGrep(files, candidates, facts.sdkManifests)
        if (all) facts.apiCodeAll = await gitOutput(files.root, all, API_CODE_GREP_OPTIONS)
      })
    )
  }
  const hookDirs = new Set<string>()
  for (const p of files.configPaths) {
    const m = HOOK_DIR.exec(p)
    if (m && files.tracked?.has(p)) hookDirs.add(m[1])
  }
  if (hookDirs.size > 0) {
    jobs.push(
      gitOutput(files.root, ['ls-files', '-s', '-z', '--', ...[...hookDirs].map((d) => `:(literal)${d}`)], { maxBytes: 16 << 20, timeoutMs: 10_000 }).then((out) => {
        if (out !== undefined) facts.hookModes = parseIndexModes(out)
      })
    )
  }
  if (history || dated.length > 0) {
    jobs.push(
      shallowRepository(files.root).then((shallow) => {
        facts.shallow = shallow === true
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

/** Modes by path from `git ls-files -s -z` (`<mode> <object> <stage>\t<path>` entries). */
export function parseIndexModes(out: string): Map<string, string> {
  const modes = new Map<string, string>()
  for (const entry of out.split('\0')) {
    const tab = entry.indexOf('\t')
    if (tab < 0) continue
    const mode = entry.slice(0, entry.indexOf(' '))
    if (/^\d{6}$/.test(mode)) modes.set(entry.slice(tab + 1), mode)
  }
  return modes
}
