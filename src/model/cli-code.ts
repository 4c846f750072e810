/**
 * Repository source code (Python, JavaScript, TypeScript) that may start the
 * Claude Code CLI in print mode as a process (`subprocess.run(["claude", "-p",
 * …])`, `spawn("claude", ["-p", …])`), wherever it sits: a local pipeline, a
 * bot or a tool starts Claude as a workflow does, whether or not a workflow
 * runs the file. Most of such code does not mention the Anthropic SDK, so the
 * API code search (code.ts) does not find it.
 *
 * Cheap as that search is: the same candidates (code.ts `isCodeCandidate`: no
 * dependencies, build output or tests), and with git one `git grep` of the
 * tracked code for files that hold `claude` (with `-p` or without: a launch
 * whose output is captured is print mode too), so only those (and
 * untracked candidates) are looked at; without git, or with few
 * candidates, each is looked at directly. The test that decides is
 * {@link codeMayRunClaudeAtTerminal}; the result is memoised per project.
 */
import type { SourceFile } from '../parse/source.js'
import { codeLanguageOf, type CodeLanguage } from '../parse/code.js'
import { gitOutputSync } from '../git.js'
import { codeMayRunClaudeAtTerminal } from '../analysis/code-claude-runs.js'
import { API_CODE_GREP_OPTIONS, CODE_GLOBS, isShellCandidate, MAX_CODE_BYTES } from './code.js'
import type { CodeScope } from './project.js'
import { mayRunClaudeAtTerminal } from './claude.js'

/** A code file that may start `claude -p`. */
export interface CliCodeFile {
  file: SourceFile
  lang: CodeLanguage
}

/**
 * The tracked code files that hold `claude`: a superset of those
 * {@link codeMayRunClaudeAtTerminal} accepts, which it then decides. No `-p` is required: a launch without it is print mode where its
 * stdout is not a terminal (a captured output, a workflow's job). A fixed
 * string: an extended regular expression for the whole word took several
 * times as long on a large repository as reading the few more files this
 * lets through.
 */
export const CLI_CODE_GREP: readonly string[] = ['grep', '-l', '-z', '-I', '-F', '-e', 'claude', '--', ...CODE_GLOBS]

/** Up to this many candidates are looked at directly rather than searched with git grep first (as code.ts does). */
const DIRECT_READ = 200

/** Whether the candidates are many enough to be searched with {@link CLI_CODE_GREP} first (git-facts.ts asks it early then). */
export function cliCodeGrepWanted(candidates: number): boolean {
  return candidates > DIRECT_READ
}

const cache = new WeakMap<CodeScope, CliCodeFile[]>()

/** The project's code files that may start `claude -p` (memoised). */
export function findCliCode(project: CodeScope): CliCodeFile[] {
  const hit = cache.get(project)
  if (hit) return hit
  const result = scan(project)
  cache.set(project, result)
  return result
}

function scan(project: CodeScope): CliCodeFile[] {
  const candidates = project.codeCandidates
  if (candidates.length === 0) return []
  let paths = candidates
  if (project.files.git && cliCodeGrepWanted(candidates.length)) {
    // Asked at the start with the other searches (git-facts.ts); asked here when it was not (the code thread).
    const out = project.gitFacts.cliCode ?? gitOutputSync(project.root, CLI_CODE_GREP, API_CODE_GREP_OPTIONS)
    if (out !== undefined) {
      const hits = new Set(out.split('\0'))
      const tracked = project.files.tracked
      // git grep searched tracked files: an untracked candidate is looked at directly.
      paths = candidates.filter((p) => hits.has(p) || (tracked !== undefined && !tracked.has(p)))
    }
  }
  const out: CliCodeFile[] = []
  for (const path of paths) {
    const lang = codeLanguageOf(path)
    if (!lang) continue
    // A look that leaves no trace: only a file that may start Claude is read (and so counts as read).
    const st = project.reader.statInside(path)
    if (!st || !st.isFile() || st.size > MAX_CODE_BYTES) continue
    const text = project.reader.peek(path).file?.text
    if (text === undefined || !codeMayRunClaudeAtTerminal(text, lang)) continue
    const file = project.reader.read(path)
    if (file) out.push({ file, lang })
  }
  return out
}

/** Shell scripts that hold `claude`, as {@link CLI_CODE_GREP} does for code. */
const CLI_SHELL_GREP: readonly string[] = ['grep', '-l', '-z', '-I', '-F', '-e', 'claude', '--', '*.sh', '*.bash']

const shellCache = new WeakMap<CodeScope, SourceFile[]>()

/**
 * The project's own shell scripts (`.sh`, `.bash`; see code.ts `isShellCandidate`) that may
 * start Claude in print mode (memoised): a script a person or a hook runs starts Claude as a workflow
 * does. Those a workflow runs are also read as its runs (src/analysis/claude-runs.ts).
 */
export function findCliShell(project: CodeScope): SourceFile[] {
  const hit = shellCache.get(project)
  if (hit) return hit
  const aliases = project.files.aliases
  let paths = project.files.paths.filter((p) => isShellCandidate(p) && !aliases?.has(p))
  if (paths.length > 0 && project.files.git && cliCodeGrepWanted(paths.length)) {
    const out = gitOutputSync(project.root, CLI_SHELL_GREP, API_CODE_GREP_OPTIONS)
    if (out !== undefined) {
      const hits = new Set(out.split('\0'))
      const tracked = project.files.tracked
      paths = paths.filter((p) => hits.has(p) || (tracked !== undefined && !tracked.has(p)))
    }
  }
  const out: SourceFile[] = []
  for (const path of paths) {
    const st = project.reader.statInside(path)
    if (!st || !st.isFile() || st.size > MAX_CODE_BYTES) continue
    const text = project.reader.peek(path).file?.text
    if (text === undefined || !mayRunClaudeAtTerminal(text)) continue
    const file = project.reader.read(path)
    if (file) out.push(file)
  }
  shellCache.set(project, out)
  return out
}
