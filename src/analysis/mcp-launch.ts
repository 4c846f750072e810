/**
 * How an MCP server is launched: the commands its `command`/`args` run (also
 * through `bash -c` and `cmd /c`), which packages, images and sources those
 * commands resolve at run time, and what kind of content the server reaches.
 * Shared by the mcp-* rules.
 */
import { posix } from 'node:path'
import type { McpServer } from '../model/mcp.js'
import type { SourceFile, Span } from '../parse/source.js'
import { parseShell, type ShellCommand } from '../shell/parse.js'

/** One command a server launch runs, with the directory it runs in. */
export interface LaunchCommand {
  words: string[]
  /** Repository-relative working directory ('' for the repository root). */
  cwd: string
}

const SHELLS = new Set(['bash', 'sh', 'zsh', 'dash', 'ash'])

/** Basename without a Windows extension. */
export function base(word: string): string {
  return word
    .replace(/^.*[\\/]/, '')
    .replace(/\.(cmd|exe|bat|ps1)$/i, '')
    .toLowerCase()
}

/** Commands of a shell script, following `cd` for the working directory. */
function scriptCommands(script: string, cwd: string): LaunchCommand[] {
  const parsed = parseShell(script)
  const out: LaunchCommand[] = []
  let dir = cwd
  for (const c of parsed.commands) {
    if (c.inSubstitution) continue
    const words = c.args.map((a) => a.text)
    if (!words.length) continue
    if (words[0] === 'cd') {
      const to = words[1]
      if (to && !to.startsWith('/') && !to.startsWith('~') && !to.includes('$')) {
        dir = posix
          .normalize(posix.join(dir || '.', to))
          .replace(/^\.$/, '')
          .replace(/\/$/, '')
      }
      continue
    }
    out.push(...expand(words, dir))
  }
  return out
}

function expand(words: string[], cwd: string): LaunchCommand[] {
  const b = base(words[0] ?? '')
  if (SHELLS.has(b)) {
    const i = words.findIndex((w, k) => k > 0 && /^-[a-z]+$/i.test(w) && /c/i.test(w))
    if (i > 0 && words[i + 1] !== undefined) return scriptCommands(words[i + 1], cwd)
    return [{ words, cwd }]
  }
  if (b === 'cmd' && /^\/c$/i.test(words[1] ?? '')) return expand(words.slice(2), cwd)
  return [{ words, cwd }]
}

/** The commands a server's launch runs (empty for remote servers). */
export function launchCommands(server: McpServer): LaunchCommand[] {
  if (!server.command) return []
  const cmd = server.command.trim()
  if (!server.args.length && /\s/.test(cmd)) return scriptCommands(cmd, '')
  return expand([cmd, ...server.args], '')
}

/** Something a launch resolves at run time instead of from a pinned version. */
export interface Unpinned {
  /** What runs, for the message (`npx @scope/pkg`). */
  what: string
  /** Why it floats (`no version`, `@latest`, `tag, no digest`). */
  why: string
  /** The word (or the value inside an `--opt=value` word) that names what floats; absent when the command as a whole does (an `npm install` without a lockfile). */
  word?: string
}

const EXACT_SEMVER = /^v?=?\d+\.\d+\.\d+(-[0-9A-Za-z.-]+)?(\+[0-9A-Za-z.-]+)?$/
const SHA = /^[0-9a-f]{40}$/i

/** Why an npm package spec floats, or undefined when pinned or local. */
export function npmSpecProblem(spec: string): string | undefined {
  let s = spec.trim()
  if (!s || /^(\.|\/|~|file:|link:|workspace:)/.test(s)) return undefined
  if (/^https?:\/\//.test(s)) return /\.tgz($|\?)/.test(s) ? undefined : 'remote URL'
  if (/^(git\+|git:|github:|gitlab:|bitbucket:|gist:)/.test(s) || /^[\w.-]+\/[\w.-]+(#.*)?$/.test(s)) {
    const ref = s.split('#')[1]
    return ref && SHA.test(ref.replace(/^commit=/, '')) ? undefined : 'git source without a commit'
  }
  s = s.replace(/^npm:/, '')
  const at = s.lastIndexOf('@')
  if (at <= 0) return 'no version'
  const ver = s.slice(at + 1)
  if (EXACT_SEMVER.test(ver)) return undefined
  if (ver === 'latest' || ver === 'next' || /^[A-Za-z][\w.-]*$/.test(ver)) return `tag @${ver}`
  return `range @${ver}`
}

/** Why a Python requirement spec floats, or undefined when pinned or local. */
export function pySpecProblem(spec: string): string | undefined {
  const s = spec.trim()
  if (!s || /^(\.|\/|~|file:)/.test(s) || /\.(whl|tar\.gz|zip)$/.test(s)) return undefined
  const git = /(?:^|@\s*)git\+[^@\s]+(?:@([^#\s]+))?/.exec(s)
  if (git) return git[1] && SHA.test(git[1]) ? undefined : 'git source without a commit'
  if (/^[A-Za-z0-9._-]+(\[[^\]]*\])?\s*===?\s*[^,;*<>=!~\s]+$/.test(s)) return undefined
  const at = /^[A-Za-z0-9._-]+(\[[^\]]*\])?@([^@\s]+)$/.exec(s)
  if (at)
    return at[2] === 'latest'
      ? 'tag @latest'
      : EXACT_SEMVER.test(at[2]) || /^\d+(\.\d+)*([a-z]+\d*)?$/i.test(at[2])
        ? undefined
        : `@${at[2]}`
  if (/[<>~!]=?|,|\*/.test(s) || hasStarAfterEquals(s)) return 'version range'
  return 'no version'
}

/** Options (by launcher) that take a value. */
const NPX_VALUE = new Set([
  '-p',
  '--package',
  '-c',
  '--call',
  '--registry',
  '--cache',
  '--userconfig',
  '-w',
  '--workspace',
  '--prefix'
])
const UVX_VALUE = new Set([
  '--from',
  '--with',
  '--with-editable',
  '--with-requirements',
  '--python',
  '-p',
  '--index',
  '--index-url',
  '--extra-index-url',
  '--default-index',
  '--directory',
  '--project',
  '--config-file',
  '--cache-dir',
  '-c',
  '--constraints',
  '--overrides',
  '--build-constraints',
  '--env-file',
  '--python-preference',
  '--resolution',
  '--prerelease',
  '--exclude-newer',
  '--refresh-package',
  '--reinstall-package',
  '--upgrade-package',
  '-P',
  '--color',
  '--index-strategy',
  '--keyring-provider',
  '--link-mode',
  '--find-links',
  '-f'
])
/** `uv run` options that take a value: uvx's, plus the project ones. */
const UV_RUN_VALUE = new Set([
  ...UVX_VALUE,
  '--extra',
  '--no-extra',
  '--group',
  '--no-group',
  '--only-group',
  '--package',
  '--config-setting',
  '-C',
  '--no-binary-package',
  '--no-build-package'
])
const PIPX_VALUE = new Set(['--spec', '--python', '--pip-args', '--index-url', '-i'])
const DOCKER_VALUE = new Set([
  '-e',
  '--env',
  '--env-file',
  '-v',
  '--volume',
  '--name',
  '-p',
  '--publish',
  '--network',
  '--net',
  '-w',
  '--workdir',
  '-u',
  '--user',
  '--entrypoint',
  '--mount',
  '-l',
  '--label',
  '--label-file',
  '--platform',
  '--add-host',
  '--cap-add',
  '--cap-drop',
  '-m',
  '--memory',
  '--memory-swap',
  '--cpus',
  '--cpu-shares',
  '-c',
  '--pull',
  '--restart',
  '-h',
  '--hostname',
  '--ulimit',
  '--security-opt',
  '--device',
  '--tmpfs',
  '--ipc',
  '--pid',
  '--shm-size',
  '--gpus',
  '--runtime',
  '--log-driver',
  '--log-opt',
  '--dns',
  '--dns-search',
  '--dns-option',
  '--expose',
  '--group-add',
  '--cidfile',
  '--stop-signal',
  '--stop-timeout',
  '--userns',
  '--uts',
  '--cgroupns',
  '--cgroup-parent',
  '--health-cmd',
  '--health-interval',
  '--health-retries',
  '--health-timeout',
  '--health-start-period',
  '--ip',
  '--ip6',
  '--link',
  '--mac-address',
  '--network-alias',
  '--storage-opt',
  '--sysctl',
  '--volumes-from',
  '--attach',
  '-a',
  '--blkio-weight',
  '--cpu-period',
  '--cpu-quota',
  '--cpuset-cpus',
  '--cpuset-mems',
  '--kernel-memory',
  '--memory-reservation',
  '--oom-score-adj',
  '--pids-limit',
  '--isolation',
  '--domainname'
])

/** Splits launcher arguments into option values and positionals. */
function scan(args: string[], valued: Set<string>): { opts: Map<string, string[]>; positionals: string[] } {
  const opts = new Map<string, string[]>()
  const positionals: string[] = []
  const add = (k: string, v: string): void => {
    opts.set(k, [...(opts.get(k) ?? []), v])
  }
  for (let i = 0; i < args.length; i++) {
    const a = args[i]
    if (a === '--') {
      positionals.push(...args.slice(i + 1))
      break
    }
    if (positionals.length) {
      positionals.push(a)
      continue
    }
    if (a.startsWith('--') && a.includes('=')) {
      add(a.slice(0, a.indexOf('=')), a.slice(a.indexOf('=') + 1))
      continue
    }
    if (a.startsWith('-') && a.length > 1) {
      if (valued.has(a)) {
        add(a, args[i + 1] ?? '')
        i++
      } else add(a, '')
      continue
    }
    positionals.push(a)
  }
  return { opts, positionals }
}

function npxLike(launcher: string, args: string[]): Unpinned[] {
  const { opts, positionals } = scan(args, NPX_VALUE)
  const pkgs = [...(opts.get('-p') ?? []), ...(opts.get('--package') ?? [])].filter(Boolean)
  if (!pkgs.length && positionals[0]) pkgs.push(positionals[0])
  const out: Unpinned[] = []
  for (const p of pkgs) {
    const why = npmSpecProblem(p)
    if (why) out.push({ what: `${launcher} ${p}`, why, word: p })
  }
  return out
}

function uvxLike(launcher: string, args: string[]): Unpinned[] {
  const { opts, positionals } = scan(args, UVX_VALUE)
  const out: Unpinned[] = []
  const from = opts.get('--from')?.[0]
  const main = from || positionals[0]
  if (main) {
    const why = pySpecProblem(main)
    if (why) out.push({ what: `${launcher} ${from ? `--from ${main}` : main}`, why, word: main })
  }
  for (const w of opts.get('--with') ?? []) {
    for (const spec of w.split(',')) {
      const why = pySpecProblem(spec)
      if (why) out.push({ what: `${launcher} --with ${spec.trim()}`, why, word: spec.trim() })
    }
  }
  return out
}

/**
 * `uv run --with pkg cmd`: the command runs from the project (locked by
 * uv.lock when there is one), but each `--with` requirement is resolved at
 * launch into a throwaway environment, like `uvx --with`.
 */
function uvRun(args: string[]): Unpinned[] {
  const { opts } = scan(args, UV_RUN_VALUE)
  const out: Unpinned[] = []
  for (const w of opts.get('--with') ?? []) {
    for (const spec of w.split(',')) {
      if (!spec.trim()) continue
      const why = pySpecProblem(spec)
      if (why) out.push({ what: `uv run --with ${spec.trim()}`, why, word: spec.trim() })
    }
  }
  return out
}

function pipxRun(args: string[]): Unpinned[] {
  const { opts, positionals } = scan(args, PIPX_VALUE)
  const spec = opts.get('--spec')?.[0] || positionals[0]
  if (!spec) return []
  const why = pySpecProblem(spec)
  return why ? [{ what: `pipx run ${spec}`, why, word: spec }] : []
}

function dockerRun(launcher: string, args: string[]): Unpinned[] {
  const { positionals } = scan(args, DOCKER_VALUE)
  const image = positionals[0]
  if (!image || image.includes('$')) return []
  if (/@sha256:[0-9a-f]{64}$/i.test(image)) return []
  const colon = image.lastIndexOf(':')
  const tag = colon > image.lastIndexOf('/') ? image.slice(colon + 1) : undefined
  return [{ what: `${launcher} run ${image}`, why: tag ? `tag :${tag}, no digest` : 'no tag or digest (:latest)', word: image }]
}

const LOCKFILES: Record<string, string[]> = {
  npm: ['package-lock.json', 'npm-shrinkwrap.json'],
  yarn: ['yarn.lock'],
  pnpm: ['pnpm-lock.yaml'],
  bun: ['bun.lockb', 'bun.lock']
}

function installAtLaunch(pm: string, args: string[], cwd: string, exists: (p: string) => boolean): Unpinned[] {
  const { opts, positionals } = scan(args, new Set(['--registry', '--prefix', '-C', '--dir', '--cwd']))
  const specs = positionals.filter(Boolean)
  if (specs.length) {
    const out: Unpinned[] = []
    for (const s of specs) {
      const why = npmSpecProblem(s)
      if (why) out.push({ what: `${pm} install ${s}`, why, word: s })
    }
    return out
  }
  if (opts.has('--frozen-lockfile') || opts.has('--immutable') || opts.has('--ci')) return []
  const dir = cwd ? `${cwd}/` : ''
  if ((LOCKFILES[pm] ?? []).some((l) => exists(`${dir}${l}`))) return []
  return [
    {
      what: `${pm} install${cwd ? ` in ${cwd}` : ''}`,
      why: 'no lockfile, so dependencies resolve afresh on every launch'
    }
  ]
}

function pipInstall(args: string[]): Unpinned[] {
  // Requirement files (`-r`) are not read here: their pins cannot be judged from the launch line.
  const { positionals } = scan(
    args,
    new Set([
      '-r',
      '--requirement',
      '-c',
      '--constraint',
      '-i',
      '--index-url',
      '--extra-index-url',
      '-t',
      '--target',
      '--prefix',
      '-e',
      '--editable'
    ])
  )
  const out: Unpinned[] = []
  for (const s of positionals) {
    const why = pySpecProblem(s)
    if (why) out.push({ what: `pip install ${s}`, why, word: s })
  }
  return out
}

/** What one launch command resolves at run time. */
export function unpinnedIn(cmd: LaunchCommand, exists: (p: string) => boolean): Unpinned[] {
  const w = cmd.words
  const b = base(w[0] ?? '')
  const sub = w[1]
  if (b === 'npx' || b === 'bunx' || b === 'pnpx') return npxLike(b, w.slice(1))
  if ((b === 'pnpm' || b === 'yarn') && sub === 'dlx') return npxLike(`${b} dlx`, w.slice(2))
  if (b === 'npm' && (sub === 'exec' || sub === 'x')) return npxLike(`npm ${sub}`, w.slice(2))
  if (b === 'bun' && sub === 'x') return npxLike('bun x', w.slice(2))
  if (b === 'uvx') return uvxLike('uvx', w.slice(1))
  if (b === 'uv' && sub === 'tool' && w[2] === 'run') return uvxLike('uv tool run', w.slice(3))
  if (b === 'uv' && sub === 'run') return uvRun(w.slice(2))
  if (b === 'pipx' && sub === 'run') return pipxRun(w.slice(2))
  if ((b === 'docker' || b === 'podman' || b === 'nerdctl') && sub === 'run') return dockerRun(b, w.slice(2))
  if ((b === 'docker' || b === 'podman') && sub === 'container' && w[2] === 'run') return dockerRun(b, w.slice(3))
  if ((b === 'npm' || b === 'pnpm' || b === 'bun') && (sub === 'install' || sub === 'i' || sub === 'add')) {
    return installAtLaunch(b, w.slice(2), cmd.cwd, exists)
  }
  if (b === 'yarn' && (sub === undefined || sub === 'install' || sub === 'add'))
    return installAtLaunch('yarn', w.slice(2), cmd.cwd, exists)
  if ((b === 'pip' || b === 'pip3') && sub === 'install') return pipInstall(w.slice(2))
  if (b === 'uv' && sub === 'pip' && w[2] === 'install') return pipInstall(w.slice(3))
  if (/^python(3(\.\d+)?)?$/.test(b) && sub === '-m' && w[2] === 'pip' && w[3] === 'install')
    return pipInstall(w.slice(4))
  if (b === 'go' && sub === 'run') {
    const target = w.slice(2).find((a) => !a.startsWith('-'))
    if (target && /^[a-z0-9.-]+\.[a-z]+\//i.test(target)) {
      const ver = target.split('@')[1]
      if (!ver || ver === 'latest') return [{ what: `go run ${target}`, why: ver ? 'tag @latest' : 'no version', word: target }]
    }
  }
  return []
}

/** Everything a server's launch resolves at run time. */
export function unpinnedLaunch(server: McpServer, exists: (p: string) => boolean): Unpinned[] {
  return launchCommands(server).flatMap((c) => unpinnedIn(c, exists))
}

/** A shell script of the repository that a server's launch runs (`bash scripts/mcp.sh`, `./scripts/mcp.sh`). */
export interface LaunchScript {
  /** Repository-relative path. */
  path: string
  file: SourceFile
}

/** Something a launch script resolves at run time, with where the script says so. */
export interface ScriptUnpinned extends Unpinned {
  at: Span
}

/** `$CLAUDE_PROJECT_DIR` / `${CLAUDE_PROJECT_DIR}` / `${CLAUDE_PROJECT_DIR:-.}` at the start of a path. */
const PROJECT_DIR_REF = /^(?:\$\{CLAUDE_PROJECT_DIR(?::?-[^}]*)?\}|\$CLAUDE_PROJECT_DIR)(?=\/)/
const SHELL_SHEBANG = /^#!\s*(?:\S*\/)?(?:env\s+(?:-\S+\s+)*)?(?:bash|sh|zsh|dash|ash)\b/

/**
 * The project directory a server starts in, which its relative paths resolve
 * against: the folder that holds `.claude/` for a settings file, the folder of
 * an `.mcp.json` ('' for the repository root).
 */
function serverDir(server: McpServer): string {
  const p = server.doc.file.path
  const cut = p.startsWith('.claude/') ? 0 : p.indexOf('/.claude/')
  const dir = cut >= 0 ? p.slice(0, cut) : posix.dirname(p)
  return dir === '.' ? '' : dir
}

/** A repository-relative path for a script word, or undefined when it is not one (a bare command, another variable, outside the repository). */
function scriptPath(word: string, cwd: string, projectDir: string): string | undefined {
  let w = word
  let from = cwd
  if (PROJECT_DIR_REF.test(w)) {
    w = w.replace(PROJECT_DIR_REF, '').slice(1)
    from = projectDir
  } else if (w.startsWith('/') || w.startsWith('~') || !(w.includes('/') || /\.(sh|bash)$/.test(w))) return undefined
  if (w.includes('$')) return undefined
  const path = posix.normalize(posix.join(from || '.', w))
  return path.startsWith('../') || path === '..' ? undefined : path
}

/**
 * The shell script a server's launch runs, when it is a file of the
 * repository: the operand of a shell (`bash scripts/mcp.sh`) or the command
 * itself (`./scripts/mcp.sh`, with a `.sh` name or a shell `#!` line).
 * `read` reads a repository file (null when it is absent or must not be read).
 */
export function launchScript(server: McpServer, read: (rel: string) => SourceFile | null): LaunchScript | undefined {
  const dir = serverDir(server)
  for (const cmd of launchCommands(server)) {
    const w = cmd.words
    const b = base(w[0] ?? '')
    const shell = SHELLS.has(b)
    const word = shell ? w.slice(1).find((a) => !a.startsWith('-') && !a.startsWith('+')) : w[0]
    if (!word || (shell && w.slice(1).some((a) => /^-[a-z]+$/i.test(a) && /c/i.test(a)))) continue
    const path = scriptPath(word, cmd.cwd || dir, dir)
    if (!path) continue
    const file = read(path)
    if (!file) continue
    if (shell || /\.(sh|bash)$/.test(path) || SHELL_SHEBANG.test(file.text)) return { path, file }
  }
  return undefined
}

/**
 * What a launch script resolves at run time, command by command, each at the
 * word that names it (the whole command for an install without a lockfile).
 * `cd` is followed while its target is literal; after any other `cd` the
 * directory is unknown and lockfile checks are not made.
 */
export function unpinnedInScript(script: LaunchScript, dir: string, exists: (p: string) => boolean): ScriptUnpinned[] {
  const parsed = parseShell(script.file.text)
  const out: ScriptUnpinned[] = []
  let cwd: string | undefined = dir
  for (const c of parsed.commands) {
    if (c.inSubstitution || !c.args.length) continue
    const words = c.args.map((a) => a.text)
    if (words[0] === 'cd') {
      const to = words[1]
      cwd =
        cwd !== undefined && to && c.args[1].literal && !to.startsWith('/') && !to.startsWith('~')
          ? posix.normalize(posix.join(cwd || '.', to)).replace(/^\.$/, '').replace(/\/$/, '')
          : undefined
      continue
    }
    for (const lc of expand(words, cwd ?? '')) {
      for (const u of unpinnedIn(lc, exists)) {
        if (u.word === undefined && cwd === undefined) continue
        out.push({ ...u, at: wordSpan(script.file, c, u.word) })
      }
    }
  }
  return out
}

/** Where `word` is written in a command: the word itself, or inside one (`--from=x`, a `bash -c` string); else the command name. */
function wordSpan(file: SourceFile, c: ShellCommand, word: string | undefined): Span {
  if (word !== undefined) {
    const exact = c.args.find((a) => a.text === word)
    if (exact) return { file, start: exact.start, end: exact.end }
    for (const a of c.args) {
      const i = a.raw.indexOf(word)
      if (i >= 0) return { file, start: a.start + i, end: a.start + i + word.length }
    }
  }
  return { file, start: c.args[0].start, end: c.args[0].end }
}

/**
 * A server as its launch script runs it: the script's command words added to
 * its arguments and the script's variable assignments (`export READ_ONLY=true`)
 * added under its own `env`, so what the script passes (a connection URL, a
 * read-only switch, the package it starts) is judged like the same thing in
 * `.mcp.json`. The arguments are those of the command the script `exec`s,
 * else of its last command (not `cd`, `echo` and the like).
 */
export function throughScript(server: McpServer, script: LaunchScript): McpServer {
  const parsed = parseShell(script.file.text)
  const env: Record<string, unknown> = {}
  const runs: ShellCommand[] = []
  for (const c of parsed.commands) {
    if (c.inSubstitution) continue
    for (const a of c.assignments) if (!a.value.hasCommandSubst) env[a.name] = a.value.text
    if (c.args.length && !NOT_A_LAUNCH.has(c.name)) runs.push(c)
  }
  // The server is what the script `exec`s, else its last command.
  const execs = runs.filter((c) => c.wrappers.includes('exec'))
  const started = execs.length ? execs : runs.slice(-1)
  const args = started.flatMap((c) => c.args.map((a) => a.text))
  return { ...server, args: [...server.args, ...args], env: { ...env, ...server.env } }
}

/** Builtins and helpers a launch script runs around the server itself. */
const NOT_A_LAUNCH: ReadonlySet<string> = new Set(['cd', 'source', '.', 'set', 'export', 'echo', 'printf', 'unset', 'exit', 'trap', 'test', '[', '[[', 'true', 'false', 'mkdir', 'sleep', 'read', 'shift', 'local', 'declare'])

/** The directory a server's launch script runs in (the project directory). */
export function launchDir(server: McpServer): string {
  return serverDir(server)
}

/** Text that identifies a server: its name, command, arguments and URL (lower case); file paths without the machine's part ({@link ownPart}). */
export function identity(server: McpServer): string {
  return [server.name, ownPart(server.command ?? ''), ...server.args.map(ownPart), server.url ?? ''].join(' ').toLowerCase()
}

/** A home directory at the start of a path: `/Users/ana`, `/home/ana`, `C:\Users\ana`, `/mnt/c/Users/ana`, `~`, `$HOME`. */
const HOME_PREFIX = /^(?:(?:\/mnt\/[A-Za-z]|[A-Za-z]:)?[\\/]+(?:Users|home)[\\/]+[^\\/]+|~|\$HOME|\$\{HOME\}|%USERPROFILE%)(?=[\\/]|$)/i

/** Folders of a home directory people keep checkouts in (GitHub Desktop clones into `Documents/GitHub`, Visual Studio into `source/repos`). */
const CHECKOUT_FOLDER = /^(?:documents|desktop|downloads|onedrive(?: - .*)?|projects?|repos|repositories|source|src|code|dev|development|git|github|gitlab|workspaces?|work|sites)$/i

/**
 * The part of a file path that can say what a server is: without the home directory it sits in
 * and the checkout folders that follow it (`C:/Users/ana/Documents/GitHub/app/mcp/scout/index.js`
 * → `app/mcp/scout/index.js`). Where one person keeps their clones says nothing about what the
 * server reads, and "GitHub" there is a folder name, not a code host. Other words are kept.
 */
export function ownPart(word: string): string {
  const home = HOME_PREFIX.exec(word)
  if (!home) return word
  const parts = word.slice(home[0].length).split(/[\\/]+/).filter(Boolean)
  let i = 0
  while (i < parts.length - 1 && CHECKOUT_FOLDER.test(parts[i])) i++
  return parts.slice(i).join('/')
}

/** Kinds of external content a server reads (for injection-surface and privilege checks). */
export type ContentKind =
  'web' | 'browser' | 'code-host' | 'chat' | 'database' | 'filesystem' | 'search' | 'tickets' | 'mail'

const KINDS: [ContentKind, RegExp][] = [
  [
    'browser',
    /playwright|puppeteer|chrome-devtools|mcp-chrome|browserbase|browser-?use|browsermcp|selenium|\bbrowser\b|stagehand|hyperbrowser/
  ],
  ['web', /\bfetch\b|server-fetch|mcp-server-fetch|firecrawl|scrape|crawl|jina|apify|web-?reader|\bhttp-?client/],
  [
    'search',
    /brave-search|tavily|\bexa\b|exa-mcp|perplexity|serper|serpapi|kagi|duckduckgo|google-search|web-?search|\bsearch\b/
  ],
  ['code-host', /github|gitlab|bitbucket|gitea/],
  ['chat', /slack|discord|teams|telegram|mattermost|zulip/],
  ['mail', /gmail|outlook|imap|\bmail\b|email/],
  ['tickets', /jira|linear|notion|confluence|atlassian|asana|trello|sentry|zendesk|intercom/],
  [
    'database',
    /postgres|\bpg\b|mysql|mariadb|mssql|sqlserver|sqlite|mongo|redis|supabase|neon|clickhouse|snowflake|bigquery|dbhub|database|duckdb|cockroach|cassandra|elastic/
  ],
  ['filesystem', /server-filesystem|filesystem|\bfs\b/]
]

/** The kinds of external content a server reads. */
export function contentKinds(server: McpServer): ContentKind[] {
  // A package source (`uvx --from git+https://github.com/oraios/serena serena`) says where the
  // server's code comes from, not what it reads.
  const args = server.args.filter((a) => !/^\s*git\+/i.test(a))
  const id = identity(args.length === server.args.length ? server : { ...server, args })
  return KINDS.filter(([, re]) => re.test(id)).map(([k]) => k)
}

/** Whether a `*` follows `==` on one line (what `==.*` then a star matched), in one pass. */
export function hasStarAfterEquals(s: string): boolean {
  return s.split(/[\n\r\u2028\u2029]/).some((line) => {
    const eq = line.indexOf('==')
    return eq >= 0 && line.includes('*', eq + 2)
  })
}
