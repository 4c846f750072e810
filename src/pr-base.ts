/**
 * The pull request's base commit as a directory to audit: pull-request mode
 * audits the base too, so that findings can be classed as new, fixed or
 * existing.
 *
 * The base tree is materialised in a temporary git work tree that borrows the
 * checkout's objects (`objects/info/alternates`), with an index read from the
 * base commit and files written by `checkout-index`: the audit of the base
 * sees the same tracked files, modes and history facts as the audit of the
 * head. No hook, no configuration of the audited tree and no filter driver
 * runs: git is started with protective options and without the system and
 * global configuration.
 *
 * Getting the base: used when the checkout has the commit; otherwise that one
 * commit is fetched from `origin` (`--depth=1`), with the token passed to git
 * only through the environment (`GIT_CONFIG_COUNT`/`KEY`/`VALUE`), never on
 * the command line or in `.git/config`.
 */
import { spawnSync } from 'node:child_process'
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, realpathSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { isAbsolute, join, relative, resolve, sep } from 'node:path'
import { gitProgram } from './git.js'

/** A materialised base tree, or why there is none. */
export type BaseTree =
  | {
      ok: true
      /** Full SHA of the base commit. */
      sha: string
      /** Temporary work tree holding the base commit (remove with {@link BaseTree.dispose}). */
      dir: string
      /** The audited root inside {@link dir} (the same sub-folder as in the checkout). */
      root: string
      /** Maps a path of the checkout to the same path in the base tree. */
      map: (path: string) => string
      /** Whether the commit had to be fetched. */
      fetched: boolean
      dispose: () => void
    }
  | { ok: false; reason: string }

/** How to get the base. */
export interface BaseOptions {
  /** The audited directory (inside a git work tree). */
  root: string
  /** Commit (SHA) or, for the CLI, any revision git can resolve. */
  ref: string
  /** Token for fetching from `origin`; empty: fetch without one. */
  token?: string
  /** Server URL (e.g. `https://github.com`) the token is for. */
  serverUrl?: string
  /** Fetch the commit from `origin` when the checkout lacks it (default true). */
  fetch?: boolean
}

const PROTECT = ['-c', 'core.fsmonitor=false', '-c', 'safe.bareRepository=explicit', '-c', 'core.hooksPath=/dev/null']

/**
 * Environment of every git child: no system or global configuration, no
 * prompts, no lazy fetches, nothing of the runner's (tokens, `INPUT_*`).
 * The lead routes these calls through the shared git helper at merge time.
 */
function gitEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  return {
    PATH: process.env.PATH ?? '/usr/bin:/bin',
    HOME: tmpdir(),
    LANG: 'C',
    GIT_CONFIG_NOSYSTEM: '1',
    GIT_CONFIG_GLOBAL: '/dev/null',
    GIT_TERMINAL_PROMPT: '0',
    GIT_NO_LAZY_FETCH: '1',
    ...extra
  }
}

interface GitRun {
  ok: boolean
  out: string
  err: string
}

function git(cwd: string, args: string[], extraEnv: Record<string, string> = {}, timeoutMs = 120_000): GitRun {
  // The program found in PATH's absolute folders only: never a `git` file of the checkout itself.
  const program = gitProgram()
  if (program === undefined) return { ok: false, out: '', err: 'git was not found in PATH' }
  const r = spawnSync(program, [...PROTECT, ...args], {
    cwd,
    env: gitEnv(extraEnv),
    encoding: 'utf8',
    timeout: timeoutMs,
    maxBuffer: 64 << 20,
    stdio: ['ignore', 'pipe', 'pipe']
  })
  return { ok: r.status === 0 && !r.error, out: r.stdout ?? '', err: (r.stderr ?? '').trim() }
}

/** `AUTHORIZATION: basic …` for a token, as actions/checkout sends it. */
export function authHeader(token: string): string {
  return `AUTHORIZATION: basic ${Buffer.from(`x-access-token:${token}`, 'utf8').toString('base64')}`
}

/**
 * Configuration passed through the environment for a fetch with a token: the
 * extra header of the server is reset (actions/checkout may have persisted
 * one) and set to ours. Nothing reaches the command line or `.git/config`.
 */
export function tokenEnv(token: string, serverUrl = 'https://github.com'): Record<string, string> {
  let end = serverUrl.length
  while (end > 0 && serverUrl[end - 1] === '/') end--
  const key = `http.${serverUrl.slice(0, end)}/.extraheader`
  return {
    GIT_CONFIG_COUNT: '2',
    GIT_CONFIG_KEY_0: key,
    GIT_CONFIG_VALUE_0: '',
    GIT_CONFIG_KEY_1: key,
    GIT_CONFIG_VALUE_1: authHeader(token)
  }
}

/** First line of git's complaint, without anything that looks like a credential. */
function why(run: GitRun): string {
  const line = run.err.split('\n').find((l) => l.trim() !== '') ?? 'git failed'
  return line.replace(/(basic|bearer|token)\s+\S+/gi, '$1 ***').replace(/\/\/[^/@\s]+@/g, '//***@').slice(0, 200)
}

function hasCommit(top: string, rev: string): string | undefined {
  const r = git(top, ['rev-parse', '--verify', '--quiet', '--end-of-options', `${rev}^{commit}`])
  return r.ok ? r.out.trim() : undefined
}

/** Materialises the base commit; never throws. */
export function prepareBase(options: BaseOptions): BaseTree {
  const root = resolve(options.root)
  const topRun = git(root, ['rev-parse', '--show-toplevel'])
  if (!topRun.ok) return { ok: false, reason: 'the audited directory is not inside a git work tree' }
  const top = topRun.out.trim()
  let prefix: string
  try {
    prefix = relative(realpathSync.native(top), realpathSync.native(root))
  } catch {
    return { ok: false, reason: 'the audited directory cannot be resolved' }
  }
  if (prefix === '..' || prefix.startsWith(`..${sep}`) || isAbsolute(prefix)) {
    return { ok: false, reason: 'the audited directory is outside the git work tree' }
  }
  if (options.ref.startsWith('-')) return { ok: false, reason: `'${options.ref}' is not a revision` }
  let sha = hasCommit(top, options.ref)
  let fetched = false
  if (sha === undefined) {
    if (options.fetch === false || !/^[0-9a-f]{40}(?:[0-9a-f]{24})?$/.test(options.ref)) {
      return { ok: false, reason: `the checkout does not have ${options.ref}` }
    }
    const env = options.token ? tokenEnv(options.token, options.serverUrl) : {}
    const f = git(
      top,
      ['-c', 'protocol.version=2', 'fetch', '--quiet', '--no-tags', '--no-recurse-submodules', '--depth=1', 'origin', options.ref],
      env
    )
    if (!f.ok) return { ok: false, reason: `the checkout does not have ${options.ref} and fetching it from origin failed (${why(f)})` }
    sha = hasCommit(top, options.ref)
    if (sha === undefined) return { ok: false, reason: `fetching ${options.ref} from origin did not bring the commit` }
    fetched = true
  }
  const common = git(top, ['rev-parse', '--path-format=absolute', '--git-common-dir'])
  if (!common.ok) return { ok: false, reason: `git cannot locate the repository (${why(common)})` }
  const gitDir = common.out.trim()

  const dir = mkdtempSync(join(tmpdir(), 'cca-base-'))
  const dispose = (): void => rmSync(dir, { recursive: true, force: true })
  try {
    const init = git(dir, ['-c', 'init.templateDir=', '-c', 'init.defaultBranch=base', 'init', '--quiet', '.'])
    if (!init.ok) throw new Error(why(init))
    writeFileSync(join(dir, '.git', 'objects', 'info', 'alternates'), `${join(gitDir, 'objects')}\n`)
    // A shallow checkout's boundary, so history walks stop where the checkout's do.
    if (existsSync(join(gitDir, 'shallow'))) copyFileSync(join(gitDir, 'shallow'), join(dir, '.git', 'shallow'))
    for (const args of [
      ['update-ref', 'HEAD', sha],
      ['read-tree', sha],
      ['checkout-index', '--all', '--force']
    ]) {
      const r = git(dir, ['-c', 'core.symlinks=true', '-c', 'core.autocrlf=false', ...args])
      if (!r.ok) throw new Error(why(r))
    }
  } catch (e) {
    dispose()
    return { ok: false, reason: `the base commit could not be checked out (${(e as Error).message})` }
  }
  const baseRoot = prefix === '' ? dir : join(dir, prefix)
  // A folder the pull request adds is empty at the base.
  mkdirSync(baseRoot, { recursive: true })
  const realTop = realpathSync.native(top)
  const map = (path: string): string => {
    const abs = resolve(path)
    let real = abs
    try {
      real = realpathSync.native(abs)
    } catch {
      // A path that does not exist in the checkout is mapped as written.
    }
    const rel = relative(realTop, real)
    return rel.startsWith('..') || isAbsolute(rel) ? abs : join(dir, rel)
  }
  return { ok: true, sha, dir, root: baseRoot, map, fetched, dispose }
}
