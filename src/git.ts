/**
 * The only place that runs git. The audited tree is hostile: its `.git/config`
 * (a repository that arrives with its own `.git`), a bare repository committed
 * as a sub-folder, or its `.gitattributes` can name programs git would run
 * (fsmonitor, textconv and external diff drivers, hooks, pagers, signature
 * checkers, transports for a lazy fetch). Every command here runs with those
 * switched off on the command line (which wins over repository config), with
 * a minimal environment (no tokens or secrets of the calling process), a time
 * limit and an output cap, and only against a git directory that is the
 * audited root's own `.git` or an enclosing work tree's: anything else is
 * treated as "no git".
 */
import { spawn, spawnSync, type ChildProcessByStdio } from 'node:child_process'
import type { Readable } from 'node:stream'
import { accessSync, closeSync, constants, fstatSync, lstatSync, openSync, readSync, realpathSync, statSync } from 'node:fs'
import { isAbsolute, join, relative, resolve, sep } from 'node:path'

const DEV_NULL = process.platform === 'win32' ? 'NUL' : '/dev/null'

/**
 * Configuration given on every command line. Command-line configuration wins
 * over the repository's, and `safe.bareRepository` is only honoured from here
 * (or system/global configuration), never from the repository.
 */
export const SAFE_CONFIG: readonly string[] = [
  // Programs git would otherwise run on repository configuration.
  'core.fsmonitor=false',
  'core.hooksPath=' + DEV_NULL,
  'core.pager=cat',
  'log.showSignature=false',
  'gpg.program=' + DEV_NULL,
  'gpg.ssh.program=' + DEV_NULL,
  'gpg.x509.program=' + DEV_NULL,
  'core.sshCommand=' + DEV_NULL,
  'protocol.allow=never',
  'submodule.recurse=false',
  'gc.auto=0',
  'maintenance.auto=false',
  'log.mailmap=false',
  'core.attributesFile=' + DEV_NULL,
  // A bare repository is never found by walking up from the audited folder.
  'safe.bareRepository=explicit',
  'core.quotepath=off'
].flatMap((c) => ['-c', c])

/** Switches each subcommand that shows content gets (textconv and external diff drivers run programs). */
const NO_DRIVERS: Record<string, readonly string[]> = {
  log: ['--no-textconv', '--no-ext-diff', '--no-show-signature'],
  show: ['--no-textconv', '--no-ext-diff', '--no-show-signature'],
  diff: ['--no-textconv', '--no-ext-diff'],
  grep: ['--no-textconv']
}

/** Names kept from the caller's environment: what git needs to start and find the user's own configuration. */
const KEPT_ENV =
  process.platform === 'win32'
    ? ['PATH', 'HOME', 'LANG', 'LC_ALL', 'SystemRoot', 'windir', 'ComSpec', 'PATHEXT', 'TEMP', 'TMP', 'USERPROFILE', 'HOMEDRIVE', 'HOMEPATH']
    : ['PATH', 'HOME', 'LANG', 'LC_ALL', 'TMPDIR', 'XDG_CONFIG_HOME']

/**
 * The environment of every git child: a few names kept from ours (never a
 * token, `INPUT_*`, `ACTIONS_*`, `GITHUB_*` or `GIT_*` variable of the caller),
 * plus settings that keep git from prompting, fetching or paging.
 */
export function gitEnv(extra: Record<string, string> = {}): Record<string, string> {
  const env: Record<string, string> = {}
  for (const k of KEPT_ENV) {
    const v = process.env[k]
    if (v !== undefined) env[k] = v
  }
  return {
    ...env,
    GIT_CONFIG_NOSYSTEM: '1',
    GIT_NO_LAZY_FETCH: '1',
    GIT_TERMINAL_PROMPT: '0',
    GIT_PAGER: 'cat',
    GIT_OPTIONAL_LOCKS: '0',
    GIT_NO_REPLACE_OBJECTS: '1',
    GIT_ASKPASS: DEV_NULL,
    SSH_ASKPASS: DEV_NULL,
    ...extra
  }
}

const programs = new Map<string, string | undefined>()

/**
 * The git program to start for a PATH, found once per PATH value: the first
 * executable file named `git` in one of its absolute folders, as `execvp`
 * would find it there. Two reasons to look ourselves: the child no longer
 * tries each folder before the right one while we wait (one failed exec per
 * folder, on every command), and folders that are not absolute (an empty
 * entry or `.`, meaning the current folder) are skipped, so a `git` file
 * committed to the audited tree, where git runs, is never what starts.
 * Undefined when there is none: git counts as missing. Windows keeps its own
 * search (`PATHEXT`).
 */
export function gitProgram(path: string | undefined = process.env.PATH): string | undefined {
  if (process.platform === 'win32') return 'git'
  const key = path ?? ''
  if (programs.has(key)) return programs.get(key)
  let found: string | undefined
  for (const dir of key.split(':')) {
    if (!isAbsolute(dir)) continue
    const candidate = join(dir, 'git')
    try {
      accessSync(candidate, constants.X_OK)
      if (statSync(candidate).isFile()) {
        found = candidate
        break
      }
    } catch {
      // not there, or not executable: the next folder
    }
  }
  programs.set(key, found)
  return found
}

/**
 * The full argument list: safe configuration, the caller's global options,
 * then the subcommand followed by its driver switches when it shows content.
 */
export function safeArgs(args: readonly string[]): string[] {
  let i = 0
  while (i < args.length && args[i].startsWith('-')) i += args[i] === '-c' ? 2 : 1
  const cmd = args[i]
  const drivers = (cmd !== undefined && Object.hasOwn(NO_DRIVERS, cmd) ? NO_DRIVERS[cmd] : undefined) ?? []
  return [...SAFE_CONFIG, '--no-pager', ...args.slice(0, i + 1), ...drivers, ...args.slice(i + 1)]
}

/** A running git whose standard output is read. */
export type GitChild = ChildProcessByStdio<null, Readable, null>

export interface RunOptions {
  /** Most bytes of standard output accepted (the command fails above it). */
  maxBytes?: number
  /** Exit codes that count as success. */
  okCodes?: readonly number[]
  /** Time limit; the command is stopped and fails after it. */
  timeoutMs?: number
}

/**
 * The git processes {@link runGit} started that have not ended. Some are asked
 * ahead of need (a search the audit may never read, see git-facts.ts): when
 * the process exits they are stopped, so an audit leaves no git behind still
 * reading the work tree (and taking a core from whatever runs next).
 */
const running = new Set<GitChild>()

function stopRunning(): void {
  for (const child of running) child.kill('SIGKILL')
  running.clear()
}

/**
 * Runs git in `cwd` with the safe configuration and environment; resolves to
 * its standard output, or undefined when git is missing, exits with a status
 * outside `okCodes`, prints more than `maxBytes`, or runs longer than
 * `timeoutMs`. Does not check which repository git finds: use {@link gitOutput}.
 */
export function runGit(
  cwd: string,
  args: readonly string[],
  { maxBytes = 512 * 1024 * 1024, okCodes = [0], timeoutMs = 60_000 }: RunOptions = {},
  env: Record<string, string> = {}
): Promise<string | undefined> {
  return new Promise((done) => {
    let child: GitChild
    const program = gitProgram()
    try {
      if (program === undefined) throw new Error('git not found')
      child = spawn(program, safeArgs(args), { cwd, env: gitEnv(env), stdio: ['ignore', 'pipe', 'ignore'] })
    } catch {
      done(undefined)
      return
    }
    if (running.size === 0) process.once('exit', stopRunning)
    running.add(child)
    const chunks: Buffer[] = []
    let size = 0
    let failed = false
    const timer = setTimeout(() => {
      failed = true
      child.kill('SIGKILL')
    }, timeoutMs)
    child.stdout.on('data', (c: Buffer) => {
      size += c.length
      if (size > maxBytes) {
        failed = true
        child.kill('SIGKILL')
      } else chunks.push(c)
    })
    child.on('error', () => {
      clearTimeout(timer)
      forget(child)
      done(undefined)
    })
    child.on('close', (code) => {
      clearTimeout(timer)
      forget(child)
      done(!failed && code !== null && okCodes.includes(code) ? Buffer.concat(chunks).toString('utf8') : undefined)
    })
  })
}

function forget(child: GitChild): void {
  running.delete(child)
  if (running.size === 0) process.removeListener('exit', stopRunning)
}

/** The synchronous form of {@link runGit}. */
export function runGitSync(
  cwd: string,
  args: readonly string[],
  { maxBytes = 64 * 1024 * 1024, okCodes = [0], timeoutMs = 30_000 }: RunOptions = {},
  env: Record<string, string> = {}
): string | undefined {
  const program = gitProgram()
  if (program === undefined) return undefined
  try {
    const r = spawnSync(program, safeArgs(args), {
      cwd,
      env: gitEnv(env),
      encoding: 'utf8',
      maxBuffer: maxBytes,
      stdio: ['ignore', 'pipe', 'ignore'],
      timeout: timeoutMs,
      killSignal: 'SIGKILL'
    })
    if (r.error || r.status === null || !okCodes.includes(r.status) || typeof r.stdout !== 'string') return undefined
    return r.stdout
  } catch {
    return undefined
  }
}

/** A repository git may be asked about: its git directory and work tree, checked. */
export interface GitRepository {
  /** The audited root (real path). */
  root: string
  /** Real path of the git directory. */
  gitDir: string
  /** Real path of the work tree's top folder (the root or a folder above it). */
  workTree: string
  /** Whether the clone is shallow, as the same `rev-parse` said (undefined from a git too old to say). */
  shallow?: boolean
}

// One process answers where the repository is and whether it is shallow (asked by the MCP
// review and history rules, which would otherwise each start another rev-parse).
const LOCATE = ['rev-parse', '--absolute-git-dir', '--show-toplevel', '--is-shallow-repository']

/**
 * Checks what `rev-parse --absolute-git-dir --show-toplevel` printed: the work
 * tree must be the root or enclose it, and the git directory must be that work
 * tree's `.git` (a folder, or a `.git` file naming it, as in linked work trees
 * and submodules). A bare repository (no work tree), a `core.worktree`
 * elsewhere, or a git directory from the environment is refused.
 */
export function checkLocation(root: string, out: string | undefined): GitRepository | undefined {
  if (out === undefined) return undefined
  const [gitDirLine, topLine, shallowLine] = out.replace(/\r?\n$/, '').split(/\r?\n/)
  if (!gitDirLine || !topLine) return undefined
  const shallow = shallowLine === 'true' ? true : shallowLine === 'false' ? false : undefined
  try {
    const gitDir = realpathSync.native(gitDirLine)
    const workTree = realpathSync.native(topLine)
    const r = relative(workTree, root)
    if (r === '..' || r.startsWith(`..${sep}`) || isAbsolute(r)) return undefined
    const dotGit = join(workTree, '.git')
    const st = lstatSync(dotGit)
    let expected: string | undefined
    if (st.isDirectory() || st.isSymbolicLink()) expected = realpathSync.native(dotGit)
    else if (st.isFile()) {
      const m = /^gitdir: (.+?)\r?\n?$/.exec(readSmall(dotGit, 4096) ?? '')
      if (m) expected = realpathSync.native(resolve(workTree, m[1]))
    }
    return expected === gitDir ? { root, gitDir, workTree, ...(shallow !== undefined ? { shallow } : {}) } : undefined
  } catch {
    return undefined
  }
}

/** The first bytes of a regular file, or undefined when it is not one or is larger. */
function readSmall(path: string, max: number): string | undefined {
  const fd = openSync(path, 'r')
  try {
    const st = fstatSync(fd)
    if (!st.isFile() || st.size > max) return undefined
    const buf = Buffer.alloc(st.size)
    const n = readSync(fd, buf, 0, st.size, 0)
    return buf.subarray(0, n).toString('utf8')
  } finally {
    closeSync(fd)
  }
}

/**
 * Repositories found per audited root. {@link openRepository} (called by
 * discovery at the start of every audit) refreshes the entry; the synchronous
 * helpers rules use read it, locating the repository only when discovery did
 * not run for that root.
 */
const located = new Map<string, Promise<GitRepository | undefined>>()
const locatedSync = new Map<string, GitRepository | undefined>()

/** Locates and checks the repository of an audited root (a real path); undefined when there is none to trust. */
export function openRepository(root: string): Promise<GitRepository | undefined> {
  const p = runGit(root, LOCATE, { maxBytes: 64 * 1024, timeoutMs: 10_000 }).then((out) => {
    const repo = checkLocation(root, out)
    locatedSync.set(root, repo)
    return repo
  })
  located.set(root, p)
  return p
}

/**
 * Takes over a repository another instance of this module located (the launcher's:
 * see file-listing.ts), as if {@link openRepository} had run here; returns the
 * promise the callers here share.
 */
export function adoptRepository(root: string, found: Promise<GitRepository | undefined>): Promise<GitRepository | undefined> {
  const p = found.then(
    (repo) => {
      locatedSync.set(root, repo)
      return repo
    },
    () => {
      locatedSync.set(root, undefined)
      return undefined
    }
  )
  located.set(root, p)
  return p
}

function repositoryAt(root: string): Promise<GitRepository | undefined> {
  return located.get(root) ?? openRepository(root)
}

function repositoryAtSync(root: string): GitRepository | undefined {
  if (locatedSync.has(root)) return locatedSync.get(root)
  const repo = checkLocation(root, runGitSync(root, LOCATE, { maxBytes: 64 * 1024, timeoutMs: 10_000 }))
  locatedSync.set(root, repo)
  return repo
}

/** Pins git to the checked repository: no discovery, no `core.worktree` from its configuration. */
function pinned(repo: GitRepository): Record<string, string> {
  return { GIT_DIR: repo.gitDir, GIT_WORK_TREE: repo.workTree }
}

/**
 * Runs a git command for the audited root (paths relative to it, as git run
 * there prints them); undefined when the root has no trusted repository or
 * the command fails (see {@link runGit}).
 */
export async function gitOutput(root: string, args: readonly string[], options: RunOptions = {}): Promise<string | undefined> {
  const repo = await repositoryAt(root)
  return repo ? runGit(root, args, options, pinned(repo)) : undefined
}

/**
 * {@link gitOutput} for the first commands of an audit: git starts at once, while
 * {@link openRepository} is still locating the repository, instead of after it.
 * The answer counts only when that check trusts the repository. Not pinned, git
 * finds the repository as the locating `rev-parse` did (same folder, same
 * environment from {@link gitEnv}), so it reads the repository that was checked.
 */
export async function gitOutputWhileLocating(root: string, args: readonly string[], options: RunOptions = {}): Promise<string | undefined> {
  const located = repositoryAt(root)
  const out = runGit(root, args, options)
  return (await located) ? out : undefined
}

const SHALLOW = ['rev-parse', '--is-shallow-repository']

/** Whether the audited root's repository is a shallow clone; undefined without a trusted repository or when git cannot say. */
export async function shallowRepository(root: string): Promise<boolean | undefined> {
  const repo = await repositoryAt(root)
  if (!repo) return undefined
  if (repo.shallow !== undefined) return repo.shallow
  const out = await runGit(root, SHALLOW, { maxBytes: 1 << 10, timeoutMs: 10_000 }, pinned(repo))
  return out === undefined ? undefined : out.trim() === 'true'
}

/** The synchronous form of {@link shallowRepository}. */
export function shallowRepositorySync(root: string): boolean | undefined {
  const repo = repositoryAtSync(root)
  if (!repo) return undefined
  if (repo.shallow !== undefined) return repo.shallow
  const out = runGitSync(root, SHALLOW, { maxBytes: 1 << 10, timeoutMs: 10_000 }, pinned(repo))
  return out === undefined ? undefined : out.trim() === 'true'
}

/** A git command started early; its answer is taken later only if it has come by then (see {@link gitEarly}). */
export interface EarlyGit {
  /** Whether the command has finished (its output, or undefined when it failed). */
  settled: boolean
  out?: string
}

/**
 * Starts a git command now, to run on another core while this thread works;
 * whoever needs the answer later takes it when `settled`, and otherwise asks
 * git itself (same command, same answer), so nobody ever waits for it.
 */
export function gitEarly(root: string, args: readonly string[], options: RunOptions = {}): EarlyGit {
  const early: EarlyGit = { settled: false }
  void gitOutput(root, args, options).then(
    (out) => {
      early.out = out
      early.settled = true
    },
    () => {
      early.settled = true
    }
  )
  return early
}

/** The synchronous form of {@link gitOutput}, for the few rules that ask git late. */
export function gitOutputSync(root: string, args: readonly string[], options: RunOptions = {}): string | undefined {
  const repo = repositoryAtSync(root)
  return repo ? runGitSync(root, args, options, pinned(repo)) : undefined
}

/**
 * Starts a long git command whose output is read as a stream (the history
 * scan); undefined without a trusted repository. The command is stopped after
 * `timeoutMs`.
 */
export async function gitStream(root: string, args: readonly string[], timeoutMs: number): Promise<GitChild | undefined> {
  const repo = await repositoryAt(root)
  if (!repo) return undefined
  const program = gitProgram()
  if (program === undefined) return undefined
  let child: GitChild
  try {
    child = spawn(program, safeArgs(args), { cwd: root, env: gitEnv(pinned(repo)), stdio: ['ignore', 'pipe', 'ignore'] })
  } catch {
    return undefined
  }
  const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs)
  child.once('close', () => clearTimeout(timer))
  child.once('error', () => clearTimeout(timer))
  return child
}
