/**
 * Hook commands, where they were declared, and the scripts they run (
 * hook-script-missing, hook-outside-repo, machine-specific-path,
 * hook-runs-pr-code, full-repo-read, no-session-log-hook, no-notification-hook).
 *
 * A hook command is parsed with the real shell parser; the script it runs is
 * either the command word itself when it is a path (`"$CLAUDE_PROJECT_DIR"/x.sh`,
 * `./scripts/x.sh`, `~/hooks/x.sh`) or the first operand of an interpreter
 * (`python3 x.py`, `node x.js`, `bash x.sh`, `uv run x.py`); `bash -c '...'` is
 * parsed again. Paths are resolved the way Claude Code runs them:
 * `$CLAUDE_PROJECT_DIR` is the directory that holds the settings file's
 * `.claude/`, and a bare relative path is relative to the hook's working
 * directory, which starts there but follows Claude's `cd`.
 */
import { posix } from 'node:path'
import type { Project } from '../model/project.js'
import { buildSettings, type HookHandler, type SettingsFile } from '../model/settings.js'
import type { StructuredDoc, PathSeg } from '../parse/doc.js'
import type { Span } from '../parse/source.js'
import { parseShell, type ShellCommand, type ShellScript, type ShellWord } from '../shell/parse.js'
import { pluginHookFiles } from './plugin-hooks.js'

/** One hook handler with the file that declares it. */
export interface HookSite {
  handler: HookHandler
  doc: StructuredDoc
  /** Path of the declaring file. */
  file: string
  /** Directory that holds `.claude/` ('' for the repository root); for a plugin's hooks, the plugin's folder. */
  projectDir: string
  source: 'settings' | 'agent' | 'command' | 'skill' | 'plugin'
  /**
   * A plugin's hooks: the plugin's folder, which `${CLAUDE_PLUGIN_ROOT}` names. Such a hook runs
   * in the project of whoever enabled the plugin, so `$CLAUDE_PROJECT_DIR` and relative paths do
   * not name this repository's files.
   */
  pluginRoot?: string
  settings?: SettingsFile
  /**
   * Shared with the team: project settings and frontmatter always; a
   * `settings.local.json` only when git tracks it (or git is not available).
   */
  committed: boolean
}

/** Whether a settings file is shared (committed) rather than one person's local file. */
export function isCommittedSettings(project: Project, s: SettingsFile): boolean {
  return s.scope === 'project' || project.isTracked(s.path) !== false
}

/** Every hook handler from settings files, agent/command/skill frontmatter and the repository's plugins. */
export function hookSites(project: Project): HookSite[] {
  const out: HookSite[] = []
  for (const s of project.settings) {
    for (const h of s.hooks) {
      out.push({ handler: h, doc: s.doc, file: s.path, projectDir: s.projectDir, source: 'settings', settings: s, committed: isCommittedSettings(project, s) })
    }
  }
  for (const a of [...project.agents, ...project.commands, ...project.skills]) {
    const fm = a.md.frontmatter
    if (!fm || fm.errors.length || !a.data.hooks) continue
    // Frontmatter `hooks:` has the same shape as the settings key.
    const view = buildSettings(fm)
    if (!view) continue
    const projectDir = a.path.replace(/(^|\/)\.claude\/.*$/, '')
    for (const h of view.hooks) {
      out.push({ handler: h, doc: fm, file: a.path, projectDir, source: a.kind, committed: true })
    }
  }
  for (const p of pluginHookFiles(project)) {
    const committed = project.isTracked(p.doc.file.path) !== false
    for (const h of p.handlers) {
      out.push({ handler: h, doc: p.doc, file: p.doc.file.path, projectDir: p.root, pluginRoot: p.root, source: 'plugin', committed })
    }
  }
  return out
}

// ---------------------------------------------------------------------------
// Positions inside a command string

/**
 * Maps an index in a JSON string's decoded value to the source offset of the
 * character that produced it. `raw` is the literal with its quotes.
 */
function jsonIndexMap(raw: string): number[] | undefined {
  if (!raw.startsWith('"')) return undefined
  const map: number[] = []
  for (let i = 1; i < raw.length - 1; ) {
    map.push(i)
    if (raw[i] === '\\') {
      if (raw[i + 1] === 'u') i += 6
      else i += 2
    } else {
      i++
    }
  }
  map.push(raw.length - 1)
  return map
}

/**
 * Span of `[start, end)` of a decoded string value at `path` in `doc`. Falls
 * back to the whole value when the text cannot be located exactly.
 */
export function valueSubSpan(doc: StructuredDoc, path: readonly PathSeg[], value: string, start: number, end: number): Span | undefined {
  const whole = doc.span(path)
  if (!whole) return undefined
  const raw = doc.file.text.slice(whole.start, whole.end)
  if (doc.kind === 'json') {
    const map = jsonIndexMap(raw)
    if (map && map.length === value.length + 1) {
      return { file: doc.file, start: whole.start + map[Math.min(start, value.length)], end: whole.start + map[Math.min(end, value.length)] }
    }
  } else if (raw === value) {
    return { file: doc.file, start: whole.start + start, end: whole.start + end }
  }
  // YAML quoted or folded scalars: find the same occurrence of the text in the source.
  const needle = value.slice(start, end)
  if (needle) {
    let k = 0
    for (let i = value.indexOf(needle); i >= 0 && i < start; i = value.indexOf(needle, i + 1)) k++
    let at = -1
    for (let n = 0, i = raw.indexOf(needle); i >= 0; i = raw.indexOf(needle, i + 1), n++) {
      if (n === k) {
        at = i
        break
      }
    }
    if (at >= 0) return { file: doc.file, start: whole.start + at, end: whole.start + at + needle.length }
  }
  return whole
}

/** Span of a token of a hook's `command` (or `args[i]`) in its declaring file. */
export function hookTokenSpan(site: HookSite, field: PathSeg[], value: string, start: number, end: number): Span | undefined {
  return valueSubSpan(site.doc, [...site.handler.path, ...field], value, start, end)
}

// ---------------------------------------------------------------------------
// Script targets

/** How a script path is anchored. */
export type TargetBase =
  /** `$CLAUDE_PROJECT_DIR/...` */
  | 'project'
  /** `$(git rev-parse --show-toplevel)/...` */
  | 'gitroot'
  /** A bare relative path: relative to the hook's working directory. */
  | 'cwd'
  /** `~/...`, `$HOME/...` */
  | 'home'
  /** `/...` or `C:\...` */
  | 'absolute'
  /** `${CLAUDE_PLUGIN_ROOT}/...` in a plugin's hook: the plugin's folder */
  | 'plugin'
  /** Other variables */
  | 'other'

/** A script (or program given by path) that a hook command runs. */
export interface ScriptTarget {
  /** The word naming it, offsets in the analysed command string. */
  start: number
  end: number
  /** The path as written, quotes removed. */
  text: string
  base: TargetBase
  /** Repository-relative path when the base is inside the repository and the rest is literal. */
  repoPath?: string
  /** True when the path climbs out of the repository (`../`). */
  escapes: boolean
  /** Run by an interpreter (`python3 x.py`), so it need not be executable. */
  interpreter?: string
  /** A relative path used after `cd "$CLAUDE_PROJECT_DIR"` (so not fragile). */
  anchored: boolean
}

/** A parsed hook command. */
export interface CommandAnalysis {
  script: ShellScript
  targets: ScriptTarget[]
  /** Commands with offsets in the analysed string (nested `bash -c` ones shifted). */
  commands: { cmd: ShellCommand; shift: number; fallback?: { start: number; end: number } }[]
}

const PROJECT_VAR = /^\$(?:\{CLAUDE_PROJECT_DIR\}|CLAUDE_PROJECT_DIR\b)/
const PLUGIN_VAR = /^\$(?:\{CLAUDE_PLUGIN_ROOT\}|CLAUDE_PLUGIN_ROOT\b)/
const HOME_VAR = /^(?:~[A-Za-z0-9._-]*(?=\/|$)|\$(?:\{HOME\}|HOME\b))/
/**
 * The repository root from git: `$(git rev-parse --show-toplevel)`, or the worktree-proof idiom
 * `$(cd "$(git rev-parse --git-common-dir)/.." && pwd)` (the common git directory's parent is
 * the main checkout's root, the same repository; also with `--show-toplevel` inside the `cd`).
 */
const GITROOT =
  /^(?:\$\(\s*git\s+rev-parse\s+--show-toplevel\s*\)|`\s*git\s+rev-parse\s+--show-toplevel\s*`|\$\(\s*cd\s+(?:"\$\(\s*git\s+rev-parse\s+--git-common-dir\s*\)\/\.\.\/?"|\$\(\s*git\s+rev-parse\s+--git-common-dir\s*\)\/\.\.\/?|"\$\(\s*git\s+rev-parse\s+--show-toplevel\s*\)"|\$\(\s*git\s+rev-parse\s+--show-toplevel\s*\))\s*&&\s*pwd(?:\s+-[LP])?\s*\))/
const WINDOWS_ABS = /^[A-Za-z]:[\\/]/

/** Interpreters whose first operand is a script file. */
interface InterpSpec {
  /** Options that take a separate argument. */
  arg?: string[]
  /** Options after which there is no script file (`-m`, `-c`, `-e`). */
  stop?: string[]
  /** Option whose argument is a shell string to parse again. */
  nested?: string
  /** Subcommand that must come first (`deno run`). */
  sub?: string[]
}

const PY: InterpSpec = { arg: ['-W', '-X', '-Q'], stop: ['-m', '-c'] }
const SHELLS: InterpSpec = { arg: ['-o', '-O', '+o', '+O'], nested: '-c', stop: ['-s'] }
const NODE: InterpSpec = {
  arg: ['-r', '--require', '--import', '--loader', '--experimental-loader', '--env-file', '--input-type', '--conditions', '-C'],
  stop: ['-e', '--eval', '-p', '--print', '-i', '--interactive']
}
const INTERPRETERS: Record<string, InterpSpec> = {
  node: NODE,
  nodejs: NODE,
  tsx: NODE,
  'ts-node': NODE,
  'ts-node-esm': NODE,
  bash: SHELLS,
  sh: SHELLS,
  zsh: SHELLS,
  dash: SHELLS,
  ksh: SHELLS,
  fish: { nested: '-c', arg: ['-C', '--init-command'] },
  ruby: { arg: ['-r', '-I'], stop: ['-e'] },
  perl: { arg: ['-I', '-M', '-m'], stop: ['-e', '-E'] },
  php: { arg: ['-d', '-c'], stop: ['-r'] },
  deno: { sub: ['run'], arg: ['--config', '-c', '--import-map'], stop: ['--eval'] },
  bun: { sub: ['run'], arg: ['--cwd', '--preload', '-r', '--config', '-c'], stop: ['-e', '--eval', '-p', '--print'] },
  pwsh: { arg: ['-ExecutionPolicy', '-ep'], stop: ['-Command', '-c'] },
  powershell: { arg: ['-ExecutionPolicy', '-ep'], stop: ['-Command', '-c'] },
  osascript: { arg: ['-l'], stop: ['-e'] }
}

/** Runners that run the rest of the command line (`uv run python x.py`, `uv run x.py`). */
const RUNNERS: Record<string, { sub: string[]; arg: string[] }> = {
  uv: { sub: ['run'], arg: ['--with', '--python', '-p', '--project', '--directory', '--env-file', '--extra', '--group', '--index', '--index-url', '--from', '--package'] },
  poetry: { sub: ['run'], arg: ['--directory', '-C', '-P', '--project'] },
  pipenv: { sub: ['run'], arg: [] },
  pdm: { sub: ['run'], arg: ['-p', '--project'] },
  rye: { sub: ['run'], arg: [] },
  hatch: { sub: ['run'], arg: ['-e', '--env'] },
  npx: { sub: [], arg: ['-p', '--package', '-c', '--call'] },
  pnpx: { sub: [], arg: [] },
  bunx: { sub: [], arg: [] }
}

const SCRIPT_EXT = /\.(?:sh|bash|zsh|py|pyw|js|mjs|cjs|ts|mts|cts|rb|pl|php|ps1|lua|fish)$/i

function isInterpreterName(name: string): string | undefined {
  const base = name.slice(name.lastIndexOf('/') + 1)
  if (/^python(?:\d+(?:\.\d+)*)?$/.test(base) || base === 'pypy' || base === 'pypy3') return 'python'
  return base in INTERPRETERS ? base : undefined
}

/** Whether a word looks like a path to a program (not a bare command name). */
function looksLikePath(text: string): boolean {
  return text.includes('/') || text.includes('\\') || text.startsWith('~') || PROJECT_VAR.test(text) || GITROOT.test(text)
}

/**
 * Where a path is anchored and, inside the repository, its repository-relative form. With
 * `pluginRoot` (a plugin's hook), `${CLAUDE_PLUGIN_ROOT}` is that folder and `$CLAUDE_PROJECT_DIR`
 * is the project of whoever enabled the plugin, not a folder of this repository.
 */
export function resolveTarget(
  text: string,
  projectDir: string,
  cwdDir: string | undefined,
  pluginRoot?: string
): Pick<ScriptTarget, 'base' | 'repoPath' | 'escapes'> {
  let base: TargetBase
  let rest: string
  let dir = ''
  let m: RegExpExecArray | null
  if (pluginRoot !== undefined && (m = PLUGIN_VAR.exec(text))) {
    base = 'plugin'
    rest = text.slice(m[0].length)
    dir = pluginRoot
  } else if (pluginRoot !== undefined && PROJECT_VAR.test(text)) {
    return { base: 'project', escapes: false }
  } else if ((m = PROJECT_VAR.exec(text))) {
    base = 'project'
    rest = text.slice(m[0].length)
    dir = projectDir
  } else if ((m = GITROOT.exec(text))) {
    base = 'gitroot'
    rest = text.slice(m[0].length)
  } else if ((m = HOME_VAR.exec(text))) {
    return { base: 'home', escapes: true }
  } else if (text.startsWith('/') || WINDOWS_ABS.test(text) || text.startsWith('\\\\')) {
    return { base: 'absolute', escapes: true }
  } else if (text.startsWith('$') || text.startsWith('`')) {
    return { base: 'other', escapes: false }
  } else {
    base = 'cwd'
    rest = text
    if (cwdDir === undefined) return { base, escapes: false }
    dir = cwdDir
  }
  // The rest must be literal to be checked.
  if (/[$`*?[]/.test(rest)) return { base, escapes: false }
  rest = rest.replace(/\\/g, '/').replace(/^\/+/, '')
  const joined = posix.normalize(posix.join(dir || '.', rest))
  if (joined === '..' || joined.startsWith('../')) return { base, escapes: true }
  if (joined === '.' || joined === '') return { base, escapes: false }
  return { base, repoPath: joined.replace(/^\.\//, ''), escapes: false }
}

/** Skips options at `words[i...]`; returns the operand index, -1 when a stop option is met. */
function skipOpts(words: ShellWord[], i: number, spec: { arg?: string[]; stop?: string[] }): number {
  while (i < words.length) {
    const t = words[i].text
    if (t === '--') return i + 1
    if (!t.startsWith('-') && !t.startsWith('+')) return i
    if (t === '-' ) return -1
    const name = t.split('=')[0]
    if (spec.stop?.includes(name)) return -1
    // Clustered short options: `-Wd`, `-uc` (python `-c` last in a cluster).
    if (/^-[A-Za-z]{2,}$/.test(t) && spec.stop?.some((s) => s.length === 2 && t.endsWith(s[1]))) return -1
    i += spec.arg?.includes(name) && !t.includes('=') ? 2 : 1
  }
  return -1
}

/**
 * Analyses a hook command: its commands and the scripts it runs. `projectDir`
 * anchors `$CLAUDE_PROJECT_DIR` and (initially) the working directory; for a
 * plugin's hook, `pluginRoot` anchors `${CLAUDE_PLUGIN_ROOT}` and the working
 * directory is the user's project (unknown here).
 */
export function analyzeCommand(source: string, projectDir: string, pluginRoot?: string): CommandAnalysis {
  const script = parseShell(source)
  const out: CommandAnalysis = { script, targets: [], commands: [] }
  walk(script, 0, undefined, { projectDir, pluginRoot }, out, 0)
  return out
}

/** What a hook command's paths are resolved against. */
interface Roots {
  projectDir: string
  pluginRoot?: string
}

/**
 * Collects commands and targets. `shift` moves offsets into the analysed
 * string; `fallback`, when set, replaces every position (a nested `bash -c`
 * string whose characters do not map one to one).
 */
function walk(
  script: ShellScript,
  shift: number,
  fallback: { start: number; end: number } | undefined,
  roots: Roots,
  out: CommandAnalysis,
  depth: number
): void {
  const { projectDir, pluginRoot } = roots
  // Working directory: starts at the project dir (for a plugin's hook, the user's project, unknown
  // here); `cd "$CLAUDE_PROJECT_DIR"` (or `cd "${CLAUDE_PLUGIN_ROOT}"`) anchors it.
  let cwd: string | undefined = pluginRoot === undefined ? projectDir : undefined
  let anchored = false
  const pos = (w: { start: number; end: number }): { start: number; end: number } =>
    fallback ? { ...fallback } : { start: w.start + shift, end: w.end + shift }
  for (const cmd of script.commands) {
    out.commands.push({ cmd, shift, ...(fallback ? { fallback } : {}) })
    const words = cmd.args
    if (words.length === 0) continue
    const w0 = words[0]
    if (cmd.name === 'cd' && !cmd.inSubstitution) {
      const arg = words[1]
      const r: Pick<ScriptTarget, 'base' | 'repoPath' | 'escapes'> | undefined = arg ? resolveTarget(arg.text, projectDir, cwd, pluginRoot) : undefined
      if (r && !r.escapes && r.base === 'project' && pluginRoot !== undefined) {
        // The user's project: anchored, but not a folder of this repository.
        cwd = undefined
        anchored = true
      } else if (r && !r.escapes && (r.base === 'project' || r.base === 'gitroot' || r.base === 'plugin' || (r.base === 'cwd' && cwd !== undefined))) {
        cwd = r.repoPath ?? (r.base === 'project' ? projectDir : r.base === 'plugin' ? pluginRoot : r.base === 'gitroot' ? '' : cwd)
        if (r.base !== 'cwd') anchored = true
      } else {
        cwd = undefined
      }
      continue
    }
    const add = (w: ShellWord, interpreter?: string): void => {
      if (!w.text) return
      const r = resolveTarget(w.text, projectDir, cwd, pluginRoot)
      out.targets.push({ ...pos(w), text: w.text, ...r, ...(interpreter ? { interpreter } : {}), anchored: r.base === 'cwd' && anchored })
    }
    if ((w0.text === 'source' || w0.text === '.') && words[1]) {
      add(words[1], 'source')
      continue
    }
    const interp = isInterpreterName(w0.text)
    if (interp) {
      const spec = interp === 'python' ? PY : INTERPRETERS[interp]
      let i = 1
      if (spec.sub) {
        if (spec.sub.includes(words[1]?.text ?? '')) i = 2
        else if (interp !== 'bun') continue // `deno x.ts` is not valid; `bun x.ts` runs a file
      }
      if (spec.nested) {
        const n = words.findIndex((w, k) => k > 0 && w.text === spec.nested)
        if (n > 0 && words[n + 1]) {
          const inner = words[n + 1]
          if (depth < 3) {
            const quoted = inner.raw.length === inner.text.length + 2 && inner.raw.slice(1, -1) === inner.text
            const plain = inner.raw === inner.text
            if (!fallback && (quoted || plain)) walk(parseShell(inner.text), shift + inner.start + (quoted ? 1 : 0), undefined, roots, out, depth + 1)
            else walk(parseShell(inner.text), 0, pos(inner), roots, out, depth + 1)
          }
          continue
        }
      }
      const j = skipOpts(words, i, spec)
      if (j < 0 || j >= words.length) continue
      const target = words[j]
      // `bun run build`, `bun test`: package scripts, not files.
      if (interp === 'bun' && !looksLikePath(target.text) && !SCRIPT_EXT.test(target.text)) continue
      if (interp === 'osascript' && !looksLikePath(target.text)) continue
      add(target, interp)
      continue
    }
    const name = baseName(w0.text)
    const runner = RUNNERS[name]
    if (runner) {
      let i = 1
      if (runner.sub.length) {
        if (!runner.sub.includes(words[1]?.text ?? '')) continue
        i = 2
      }
      const j = skipOpts(words, i, { arg: runner.arg })
      if (j < 0 || j >= words.length) continue
      const next = words[j]
      const sub = isInterpreterName(next.text)
      if (sub) {
        const spec = sub === 'python' ? PY : INTERPRETERS[sub]
        const k = skipOpts(words, j + 1, spec)
        if (k > 0 && k < words.length && (sub === 'python' || looksLikePath(words[k].text) || SCRIPT_EXT.test(words[k].text))) add(words[k], `${name} ${sub}`)
      } else if (looksLikePath(next.text) || SCRIPT_EXT.test(next.text)) {
        // `uv run x.py` runs the file with Python; `npx ./x.js` runs it with node.
        add(next, runner.sub.length ? `${name} run` : name)
      }
      continue
    }
    if (looksLikePath(w0.text)) add(w0)
  }
}

/** Base name of a command word (`/usr/bin/env` → `env`). */
export function baseName(text: string): string {
  return text.slice(text.lastIndexOf('/') + 1)
}

/** A hook's command analysed, with a way back to positions in its declaring file. */
export interface HookAnalysis extends CommandAnalysis {
  /** The analysed text: the shell command, or the exec form's argv joined. */
  source: string
  /** Span in the declaring file of `[start, end)` of `source`. */
  span(start: number, end: number): Span | undefined
}

/**
 * Analyses a command hook (shell form `command`, or exec form `command` +
 * `args`); undefined for other handler types.
 */
export function analyzeHook(site: HookSite): HookAnalysis | undefined {
  const h = site.handler
  if (h.type !== 'command' || typeof h.command !== 'string') return undefined
  if (!h.args) {
    const a = analyzeCommand(h.command, site.projectDir, site.pluginRoot)
    const cmd = h.command
    return { ...a, source: cmd, span: (s, e) => hookTokenSpan(site, ['command'], cmd, s, e) }
  }
  // Exec form: no shell; each element is one word. Quote them for the parser and
  // remember where each element starts.
  const parts: { field: PathSeg[]; value: string; at: number; exact: boolean }[] = []
  let source = ''
  const push = (field: PathSeg[], value: string): void => {
    if (source) source += ' '
    const exact = !value.includes("'")
    const quoted = exact ? `'${value}'` : `'${value.replace(/'/g, "'\\''")}'`
    parts.push({ field, value, at: source.length + 1, exact })
    source += quoted
  }
  push(['command'], h.command)
  h.args.forEach((a, i) => push(['args', i], a))
  const a = analyzeCommand(source, site.projectDir, site.pluginRoot)
  // Single-quoted words are literal, so `$CLAUDE_PROJECT_DIR` stays as text and
  // resolves like the textual substitution Claude Code performs.
  return {
    ...a,
    source,
    span: (s, e) => {
      const p = [...parts].reverse().find((x) => x.at - 1 <= s)
      if (!p) return undefined
      if (!p.exact) return site.doc.span([...h.path, ...p.field])
      const ls = Math.max(0, s - p.at)
      const le = Math.min(p.value.length, Math.max(ls, e - p.at))
      return hookTokenSpan(site, p.field, p.value, ls, le)
    }
  }
}

/** System program locations: a hook running `/usr/bin/jq` runs a tool, not an uncommitted script. */
const SYSTEM_BIN = /^(?:\/usr\/local\/s?bin|\/usr\/s?bin|\/s?bin|\/opt\/homebrew\/s?bin|\/snap\/bin|\/nix\/|\/run\/current-system\/|\/dev\/|\/proc\/|\/usr\/libexec\/)/

/**
 * Whether a target lies outside the repository in a way hook-outside-repo
 * reports: the home directory, an absolute path (other than a system
 * program), or a relative path that climbs out of the repository.
 */
export function isOutsideRepoTarget(t: ScriptTarget, isFile?: (repoPath: string) => boolean): boolean {
  // This repository's own script reached through one machine's checkout is not outside it (see checkoutPath).
  if (isFile && checkoutPath(t, isFile) !== undefined) return false
  if (t.base === 'home') return true
  if (t.base === 'absolute') {
    const p = t.text.replace(/\\/g, '/')
    if (SYSTEM_BIN.test(p) && !SCRIPT_EXT.test(p)) return false
    return true
  }
  return t.escapes && (t.base === 'project' || t.base === 'gitroot' || t.base === 'cwd' || t.base === 'plugin')
}

/** A home directory at the start of an absolute path: `/home/ana`, `/Users/ana`, `C:\\Users\\ana`, `/mnt/c/Users/ana`. */
const HOME_DIR = /^(?:(?:\/mnt\/[A-Za-z])?\/+(?:home|Users)\/+[^\\/]+|[A-Za-z]:[\\/]+Users[\\/]+[^\\/]+)(?=[\\/]|$)/i

/**
 * The repository file a home or absolute hook path reaches on the machine it was written on: the
 * longest tail of two or more path components that is a file here
 * (`C:/Users/ana/src/app/.claude/hooks/guard.py` → `.claude/hooks/guard.py`), with at least one
 * component (the checkout folder) before it. Not under a `.claude` folder that is not part of the
 * tail (`~/.claude/hooks/x.sh` is the user's own folder, whatever the repository holds).
 */
export function checkoutPath(t: ScriptTarget, isFile: (repoPath: string) => boolean): string | undefined {
  if (t.base !== 'absolute' && t.base !== 'home') return undefined
  const rest = t.text.replace(HOME_VAR, '')
  if (/[$`*?[]/.test(rest)) return undefined
  const parts = rest.split(/[\\/]+/).filter(Boolean)
  // The checkout folder sits inside a home directory, not at it (`/home/ana/.claude` is ana's own folder).
  const home = t.base === 'absolute' ? HOME_DIR.exec(rest) : null
  const first = home ? home[0].split(/[\\/]+/).filter(Boolean).length + 1 : 1
  for (let i = first; i <= parts.length - 2; i++) {
    if (parts[i - 1] === '.claude') return undefined
    const tail = parts.slice(i)
    if (tail.some((x) => x === '.' || x === '..')) continue
    const rel = tail.join('/')
    if (isFile(rel)) return rel
  }
  return undefined
}

/** The repository's own Claude Code setup (the root project), for completeness rules. */
export interface RootSetup {
  /** The repository has a root `.claude/` folder. */
  usesClaudeCode: boolean
  /** Root `.claude/settings.json`, when present and parsed. */
  settings?: SettingsFile
  /** Command/http/... handlers of the root project's shared settings files. */
  sites: HookSite[]
  /** Committed settings enable plugins, which may bring hooks of their own. */
  plugins: boolean
}

/**
 * The root project's setup: whether the repository uses Claude Code (a root
 * `.claude/` folder: nested ones are examples or templates, and a lone
 * CLAUDE.md is read by other tools too), and the hooks its shared settings
 * register (`.claude/settings.json`, and a `settings.local.json` that git
 * tracks). Hooks in agent or skill frontmatter run only inside that agent or
 * skill, so they are not session hooks.
 */
export function rootSetup(project: Project): RootSetup {
  const usesClaudeCode = hasRootClaudeFolder(project)
  const root = project.settings.filter((s) => s.projectDir === '' && isCommittedSettings(project, s))
  const settings = root.find((s) => s.scope === 'project')
  const sites = hookSites(project).filter((h) => h.source === 'settings' && h.projectDir === '' && h.committed)
  const plugins = root.some((s) => {
    const ep = s.value.enabledPlugins
    return !!ep && typeof ep === 'object' && Object.values(ep as Record<string, unknown>).some((v) => v === true)
  })
  return { usesClaudeCode, ...(settings ? { settings } : {}), sites, plugins }
}

/**
 * Whether the repository has a root `.claude/` folder: the gate of the
 * completeness rules no-session-log-hook and no-notification-hook, and of
 * their checklist items 25 and 26 (not applicable without it).
 */
export function hasRootClaudeFolder(project: Project): boolean {
  return project.files.configPaths.some((p) => p.startsWith('.claude/'))
}

/**
 * Where a "missing hook" finding points: the `hooks` key of the root
 * `.claude/settings.json`, its first line when it has none, or the
 * repository when there is no such file.
 */
export function missingHookLocation(setup: RootSetup): Span | { path: string; line: number } | null {
  const s = setup.settings
  if (!s) return null
  if ('hooks' in s.value) {
    const sp = s.doc.span(['hooks'], 'key')
    if (sp) return sp
  }
  return { path: s.path, line: 1 }
}
