/**
 * Repository source code that talks to the Anthropic API or the Claude Agent
 * SDK (TypeScript/JavaScript and Python), for the rules that audit API usage:
 * prompt caching, inline system prompts, and SDK turn caps.
 *
 * Cheap by design (an audit of a 50k-file monorepo must stay around a second):
 * - paths are filtered by extension and folder first (no dependencies, build
 *   output or tests);
 * - in a larger repository (over LARGE_REPO candidates) only the folders whose
 *   dependency manifest (`package.json`, `requirements*.txt`, `pyproject.toml`,
 *   ...) mentions the SDK are scanned, plus `.claude/`, `.github/`, top-level
 *   script folders and root files: code cannot import an SDK that nothing
 *   installs (a script relying on a globally installed SDK is missed there);
 * - with git, `git grep` picks the tracked files that mention a keyword so only
 *   those (and untracked candidates) are read; without git each candidate is
 *   size-checked and read once through the safe reader;
 * - a plain `includes` check decides; the result is memoised per project.
 */
import type { SourceFile } from '../parse/source.js'
import { gitOutputSync } from '../git.js'
import type { CodeScope } from './project.js'
import type { FileSet } from '../discover.js'

/** A source file that mentions the Anthropic SDK. */
export interface ApiCodeFile {
  file: SourceFile
  lang: 'js' | 'py'
}

/** Source files larger than this are not scanned (generated bundles, vendored code). */
export const MAX_CODE_BYTES = 1024 * 1024

/** Extensions (lower case, without the dot) of the source files scanned for API code. */
const CODE_EXT = new Set(['js', 'cjs', 'mjs', 'ts', 'cts', 'mts', 'jsx', 'tsx', 'py'])

/** Lower-case extension of a path's file name ('' when none); cheaper than a regular expression per path. */
function extOf(path: string): string {
  const dot = path.lastIndexOf('.')
  return dot < 0 || dot < path.lastIndexOf('/') ? '' : path.slice(dot + 1).toLowerCase()
}

/** Folders that hold dependencies, build output or test fixtures, not the project's own API code. */
const SKIP_SEGMENT = new Set([
  'node_modules',
  'vendor',
  'third_party',
  'dist',
  'build',
  'out',
  'coverage',
  '.next',
  '.nuxt',
  '.output',
  '.venv',
  'venv',
  'site-packages',
  '__pycache__',
  '.tox',
  'bower_components',
  '__tests__',
  '__mocks__',
  '__fixtures__',
  'fixtures',
  'test',
  'tests',
  'spec',
  'e2e'
])

/** Test and generated files by name (`x.test.ts`, `test_x.py`, `x.min.js`, `x.d.ts`). */
const SKIP_NAME =
  /(?:\.(?:test|spec|min|bundle)\.[cm]?[jt]sx?$|\.d\.[cm]?ts$|^test_[^/]*\.py$|_test\.py$|^conftest\.py$)/i

const SKIP_FOLDER = new RegExp(`(?:^|/)(?:${[...SKIP_SEGMENT].map((d) => d.replace(/[.]/g, '\\.')).join('|')})/`, 'i')

/** Whether a path lies in a dependency, build-output or test folder. */
export function inSkippedFolder(path: string): boolean {
  return SKIP_FOLDER.test(path)
}

/** Whether a repository path is a shell script of the project's own (`.sh`, `.bash`; not in a dependency, build or test folder). */
export function isShellCandidate(path: string): boolean {
  const ext = extOf(path)
  return (ext === 'sh' || ext === 'bash') && !inSkippedFolder(path)
}

/** Whether a repository path may hold API code worth scanning. */
export function isCodeCandidate(path: string): boolean {
  if (!CODE_EXT.has(extOf(path))) return false
  if (SKIP_NAME.test(path.slice(path.lastIndexOf('/') + 1))) return false
  return !inSkippedFolder(path)
}

/** Fixed strings (matched case-insensitively) that a file must contain to be read at all. */
export const SDK_KEYWORDS = ['anthropic', 'claude_agent_sdk', 'claude_code_sdk', 'claude-agent-sdk']

/**
 * Whether the text mentions the Anthropic SDK or the Claude Agent SDK: whether
 * its lower-cased text holds one of {@link SDK_KEYWORDS}, found without
 * lower-casing a copy of the whole file. The keywords are lower-case ASCII
 * letters, `_` and `-`; the only characters toLowerCase turns into those are
 * their ASCII capitals, the Kelvin sign (to `k`) and `İ` (to `i` followed by a
 * combining dot, which no keyword holds after an `i`). A regular expression
 * without the `u` flag ignores ASCII case only (it maps no other character to
 * an ASCII one), so `[kK\u212A]` stands for a `k`.
 */
export function mentionsAnthropic(text: string): boolean {
  return SDK_KEYWORD_TEXT.test(text)
}
const SDK_KEYWORD_TEXT = new RegExp(SDK_KEYWORDS.map((k) => k.replace(/k/g, '[kK\u212A]')).join('|'), 'i')

/** Above this many candidate files, only packages that declare the SDK are scanned. */
export const LARGE_REPO = 1000

/** Whether this many candidate files make a repository large (scanned by manifest scope). */
export function isLargeRepo(candidates: number): boolean {
  return candidates > LARGE_REPO
}

/** Dependency manifests that declare the SDK (npm, pip/uv/poetry/setuptools). */
const JS_MANIFEST = /(?:^|\/)package\.json$/
const PY_MANIFEST = /(?:^|\/)(?:requirements[^/]*\.txt|pyproject\.toml|setup\.py|setup\.cfg|Pipfile)$/
/** Extensions of the manifests above ('' for Pipfile): a cheap first test before the patterns. */
const MANIFEST_EXT = new Set(['json', 'txt', 'toml', 'py', 'cfg', ''])
export const MANIFEST_GLOBS = ['*package.json', '*requirements*.txt', '*pyproject.toml', '*setup.py', '*setup.cfg', '*Pipfile']

/** Folders scanned even in a large repository: Claude Code hooks, CI scripts, repository scripts. */
const ALWAYS = /^(?:\.claude|\.github|scripts?|tools|bin)\/|\/\.claude\//

export const CODE_GLOBS = ['ts', 'tsx', 'mts', 'cts', 'js', 'jsx', 'mjs', 'cjs', 'py', 'pyi'].map((e) => `*.${e}`)

/**
 * The whole-repository search for SDK keywords that {@link findApiCode} runs
 * when it has many candidates and no narrowed scope, or undefined when it runs
 * none: the project model asks it up front (git-facts.ts), so it runs beside
 * the parser instead of blocking the first rule that asks for API code.
 */
export function apiCodeGrep(candidates: number): string[] | undefined {
  return candidates > DIRECT_READ && !isLargeRepo(candidates) ? gitGrepArgs(SDK_KEYWORDS, CODE_GLOBS, false) : undefined
}
export const API_CODE_GREP_OPTIONS = { okCodes: [0, 1], maxBytes: 64 * 1024 * 1024, timeoutMs: 60_000 }

/**
 * The tracked code files that name the bypass flag or mode: bypass-permissions reads those (and
 * looks at untracked candidates itself: `--untracked` would walk the whole work tree, 6× slower).
 */
export const BYPASS_CODE_GREP: readonly string[] = ['grep', '-l', '-z', '-I', '-F', '-e', 'dangerously-skip-permissions', '-e', 'bypassPermissions', '--', ...CODE_GLOBS]
/** Every path with a candidate's extension, in any case (`*` crosses folders in a git pathspec). */
const ICASE_CODE_GLOBS = [...CODE_EXT].map((e) => `:(icase)*.${e}`)

/** Up to this many candidates are read directly rather than searched with git grep first. */
const DIRECT_READ = 200

const cache = new WeakMap<CodeScope, ApiCodeFile[]>()

/** Source files of the project that use the Anthropic SDK or the Claude Agent SDK (memoised). */
export function findApiCode(project: CodeScope): ApiCodeFile[] {
  const hit = cache.get(project)
  if (hit) return hit
  const result = scan(project)
  cache.set(project, result)
  return result
}

const isPy = (p: string): boolean => /\.pyi?$/i.test(p)
const dirOf = (p: string): string => (p.includes('/') ? p.slice(0, p.lastIndexOf('/') + 1) : '')

/** Where to look in a large repository: folders whose manifest declares the SDK, per language ('' = everywhere). */
export interface Scope {
  js: string[]
  py: string[]
}

/** Keeps the candidates a large repository's scope covers (always `.claude/`, `.github/`, script folders, root files). */
export function narrowToScope(candidates: readonly string[], scope: Scope): string[] {
  return candidates.filter(
    (p) => ALWAYS.test(p) || !p.includes('/') || (isPy(p) ? scope.py : scope.js).some((d) => p.startsWith(d))
  )
}

function scan(project: CodeScope): ApiCodeFile[] {
  let candidates = project.codeCandidates
  if (candidates.length === 0) return []
  let scope: Scope | undefined
  if (isLargeRepo(candidates.length)) {
    scope = manifestScope(project)
    candidates = narrowToScope(candidates, scope)
  }
  let paths = candidates
  if (project.files.git && candidates.length > DIRECT_READ) {
    const tracked = project.files.tracked
    const inGit = inGitOf(candidates, tracked)
    // Whole-repository extension globs when every candidate is in play; the
    // candidates' own paths (in batches, one git process per ~24 kB of
    // paths) when a large repository was narrowed to a part of its code. When
    // the narrowed part is most of the code (a root manifest declares the SDK),
    // one search of every code file costs less than those batches and is as
    // exact: the case-insensitive extension globs match every candidate (its
    // lower-cased extension is in CODE_EXT), and only candidates are kept below.
    const asked = project.gitFacts.apiCode
    const askedAll = project.gitFacts.apiCodeAll
    const grepped = !scope
      ? asked !== undefined
        ? asked.split('\0').filter(Boolean)
        : gitGrep(project.root, SDK_KEYWORDS, CODE_GLOBS, false)
      : searchesAllCode(inGit.length, project.codeCandidates.length)
        ? askedAll !== undefined
          ? askedAll.split('\0').filter(Boolean)
          : gitGrep(project.root, SDK_KEYWORDS, ICASE_CODE_GLOBS, false)
        : grepPaths(project.root, inGit)
    if (grepped) {
      const set = new Set(grepped)
      // Untracked files are not searched by git grep: read those directly.
      paths = candidates.filter((p) => set.has(p) || (tracked !== undefined && !tracked.has(p)))
    }
  }
  const out: ApiCodeFile[] = []
  for (const path of paths) {
    const st = project.reader.statInside(path)
    if (!st || !st.isFile() || st.size > MAX_CODE_BYTES) continue
    const file = project.reader.read(path)
    if (!file || !mentionsAnthropic(file.text)) continue
    out.push({ file, lang: isPy(path) ? 'py' : 'js' })
  }
  return out
}

function inGitOf(candidates: readonly string[], tracked: ReadonlySet<string> | undefined): readonly string[] {
  return tracked ? candidates.filter((p) => tracked.has(p)) : candidates
}

/**
 * Whether a large repository's narrowed candidates are searched with one `git grep` of every
 * code file (when the tracked ones are most of its code, as when a root manifest declares the
 * SDK) rather than by their own paths in batches.
 */
function searchesAllCode(trackedInScope: number, candidates: number): boolean {
  return trackedInScope * 2 > candidates
}

/**
 * The search of every code file that {@link findApiCode} will run in a large repository, given
 * what the manifest search found (`sdkManifests`, see manifestScope), or undefined when it will
 * run none: the project model asks it as soon as the manifests are known (git-facts.ts), so git
 * answers beside the parser instead of blocking the first rule that asks for API code.
 */
export function wholeCodeGrep(files: FileSet, candidates: readonly string[], sdkManifests: readonly string[]): string[] | undefined {
  if (!files.git || !isLargeRepo(candidates.length)) return undefined
  const narrowed = narrowToScope(candidates, scopeOf(manifestHits(manifestsIn(files.paths), sdkManifests)))
  if (narrowed.length <= DIRECT_READ || !searchesAllCode(inGitOf(narrowed, files.tracked).length, candidates.length)) return undefined
  return gitGrepArgs(SDK_KEYWORDS, ICASE_CODE_GLOBS, false)
}

/** Runs git grep over literal paths in batches that keep each command line short. */
function grepPaths(root: string, paths: readonly string[]): string[] | undefined {
  const out: string[] = []
  let batch: string[] = []
  let length = 0
  const flush = (): boolean => {
    if (batch.length === 0) return true
    const r = gitGrep(root, SDK_KEYWORDS, batch, false, true)
    batch = []
    length = 0
    if (!r) return false
    out.push(...r)
    return true
  }
  for (const p of paths) {
    batch.push(p)
    length += p.length + 3
    if (length > 24_000 && !flush()) return undefined
  }
  return flush() ? out : undefined
}

/** Folders (with a trailing slash; '' for the root) whose manifests mention the SDK. */
export function manifestScope(project: CodeScope): Scope {
  const manifests = manifestsIn(project.files.paths)
  let hits: string[] | undefined
  if (project.files.git) {
    // The committed manifests are enough here, and reading them from the object store is
    // cheaper; the project model asked git for them up front (see git-facts.ts).
    const found = project.gitFacts.sdkManifests ?? gitGrep(project.root, SDK_KEYWORDS, MANIFEST_GLOBS, true)
    hits = found ? manifestHits(manifests, found) : undefined
  }
  if (!hits) {
    hits = manifests.filter((p) => {
      const st = project.reader.statInside(p)
      if (!st || !st.isFile() || st.size > MAX_CODE_BYTES) return false
      const f = project.reader.read(p)
      return f !== null && mentionsAnthropic(f.text)
    })
  }
  return scopeOf(hits)
}

/** The dependency manifests among paths (outside dependency, build and test folders). */
function manifestsIn(paths: readonly string[]): string[] {
  return paths.filter((p) => MANIFEST_EXT.has(extOf(p)) && (JS_MANIFEST.test(p) || PY_MANIFEST.test(p)) && !inSkippedFolder(p))
}

/** The manifests the search `found` lists, in the search's order. */
function manifestHits(manifests: readonly string[], found: readonly string[]): string[] {
  const set = new Set(manifests)
  return found.filter((p) => set.has(p))
}

function scopeOf(hits: readonly string[]): Scope {
  const scope: Scope = { js: [], py: [] }
  for (const p of hits) (JS_MANIFEST.test(p) ? scope.js : scope.py).push(dirOf(p))
  return scope
}

/** Arguments of a `git grep` that lists the files containing any of the keywords (case-insensitive). */
export function gitGrepArgs(keywords: readonly string[], specs: readonly string[], cached: boolean, literal = false): string[] {
  const args = [
    ...(literal ? ['--literal-pathspecs'] : []),
    'grep',
    ...(cached ? ['--cached'] : []),
    '-l',
    '-z',
    '-I',
    '-i',
    '-F'
  ]
  for (const k of keywords) args.push('-e', k)
  args.push('--', ...specs)
  return args
}

let grepCalls = 0

/** How many `git grep` processes this module started: lets tests prove a search was spared. */
export function gitGrepCalls(): number {
  return grepCalls
}

/** Paths (relative to the root) of text files that contain a keyword, or undefined when git fails. */
function gitGrep(
  root: string,
  keywords: readonly string[],
  specs: readonly string[],
  cached: boolean,
  literal = false
): string[] | undefined {
  grepCalls++
  // Exit 1 means "no match"; anything else but 0 is a failure.
  const out = gitOutputSync(root, gitGrepArgs(keywords, specs, cached, literal), API_CODE_GREP_OPTIONS)
  return out?.split('\0').filter(Boolean)
}
