/**
 * Loads the CLI bundle (CommonJS) through V8's code cache, as Node 22's
 * `module.enableCompileCache()` and the `v8-compile-cache` package do, but on
 * every Node version we support (20 has no built-in compile cache).
 *
 * The first run compiles the bundle and, at exit, stores V8's cached data
 * (bytecode of every function that ran) in a per-user cache folder; later runs
 * hand it back to V8 and skip parsing and compiling (about 60–100 ms of a cold
 * start on a 4 MB bundle). V8 checks the cached data against the source and its
 * own version and flags, and rejects what does not fit (it is then rewritten).
 *
 * The cache is keyed by a SHA-1 of the bundle (the one the build wrote into the
 * launcher, with the file's size and time, or else one computed here), the Node
 * version, the architecture, the Node flags and the command; the newest eight files are
 * kept. Cached bytecode runs as code, so it is only read from a private folder
 * of the current user (see safeDir and readPrivate). Disable it with
 * CLAUDE_CODE_AUDIT_NO_CACHE=1 (or NODE_DISABLE_COMPILE_CACHE=1); move it with
 * CLAUDE_CODE_AUDIT_CACHE_DIR (an absolute path).
 */
import { createHash, randomBytes } from 'node:crypto'
import {
  closeSync,
  constants as fsConstants,
  fstatSync,
  lstatSync,
  mkdirSync,
  openSync,
  readdirSync,
  readFileSync,
  realpathSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
  type Stats
} from 'node:fs'
import { createRequire } from 'node:module'
import { homedir } from 'node:os'
import { dirname, isAbsolute, join } from 'node:path'
import { Script } from 'node:vm'
import { isAscii } from 'node:buffer'

/** Prefix of the cache files this module writes (older ones are pruned). */
const PREFIX = 'cli-'

/**
 * The cache folder to use, or undefined when caching is off. Only an absolute
 * path counts: a relative one (an empty HOME, a relative XDG_CACHE_HOME) would
 * point into the current folder, which may be the repository being audited.
 * On Windows, where ownership and modes cannot be checked here, only the
 * default folder in the user's profile is used.
 */
export function cacheDir(env: NodeJS.ProcessEnv = process.env, platform: string = process.platform): string | undefined {
  if (truthy(env.CLAUDE_CODE_AUDIT_NO_CACHE) || truthy(env.NODE_DISABLE_COMPILE_CACHE)) return undefined
  let dir: string | undefined
  if (env.CLAUDE_CODE_AUDIT_CACHE_DIR && platform !== 'win32') dir = env.CLAUDE_CODE_AUDIT_CACHE_DIR
  else {
    let base = platform !== 'win32' && env.XDG_CACHE_HOME && isAbsolute(env.XDG_CACHE_HOME) ? env.XDG_CACHE_HOME : undefined
    if (!base) {
      try {
        base = join(homedir(), '.cache')
      } catch {
        return undefined
      }
    }
    dir = join(base, 'claude-code-audit')
  }
  return isAbsolute(dir) ? dir : undefined
}

function truthy(v: string | undefined): boolean {
  return v !== undefined && v !== '' && v !== '0' && v.toLowerCase() !== 'false'
}

const uid = (): number | undefined => (typeof process.getuid === 'function' ? process.getuid() : undefined)

/** Nobody but the owner (or root) can change what this folder holds. */
function privateFolder(st: Stats, me: number | undefined): boolean {
  if (!st.isDirectory()) return false
  if (me !== undefined && st.uid !== me && st.uid !== 0) return false
  // Writable by others only with the sticky bit (as /tmp): they cannot replace our entries.
  return (st.mode & 0o022) === 0 || (st.mode & 0o1000) !== 0
}

/**
 * Makes sure the folder exists and returns its real path when code may be
 * loaded from it (undefined otherwise): a folder owned by this user that
 * nobody else can write, below folders that are each private or sticky, so
 * nobody can swap it. Missing folders are created (mode 0700) only inside a
 * folder this user owns or a sticky one such as /tmp, so a run under sudo does
 * not leave root-owned folders in someone's home. The real path is what is
 * used afterwards, so a link cannot be swapped between the check and the use.
 */
export function safeDir(dir: string, platform: string = process.platform): string | undefined {
  if (platform === 'win32') {
    // Windows: the default folder in the user's profile only (see cacheDir); its ACLs keep others out.
    try {
      mkdirSync(dir, { recursive: true })
      return dir
    } catch {
      return undefined
    }
  }
  const me = uid()
  try {
    createOwned(dir, me)
    const real = realpathSync.native(dir)
    const st = lstatSync(real)
    if (!st.isDirectory() || (me !== undefined && st.uid !== me) || (st.mode & 0o022) !== 0) return undefined
    for (let up = dirname(real); ; up = dirname(up)) {
      if (!privateFolder(lstatSync(up), me)) return undefined
      if (dirname(up) === up) break
    }
    return real
  } catch {
    return undefined
  }
}

function createOwned(dir: string, me: number | undefined): void {
  try {
    lstatSync(dir)
    return
  } catch {
    // missing: create it below
  }
  const parent = dirname(dir)
  if (parent === dir) throw new Error('no root folder')
  createOwned(parent, me)
  const p = lstatSync(parent)
  if (me !== undefined && p.uid !== me && (p.mode & 0o1000) === 0) throw new Error('parent folder belongs to someone else')
  mkdirSync(dir, { mode: 0o700 })
}

/**
 * Reads a cache file without following a link, only if it is a regular file
 * of this user that nobody else can write; undefined otherwise.
 */
export function readPrivate(path: string): Buffer | undefined {
  let fd: number | undefined
  try {
    fd = openSync(path, fsConstants.O_RDONLY | (fsConstants.O_NOFOLLOW ?? 0))
    const st = fstatSync(fd)
    const me = uid()
    if (!st.isFile()) return undefined
    // Windows reports 0666 for every writable file and has no uid: its profile ACLs stand in.
    if (process.platform !== 'win32' && ((me !== undefined && st.uid !== me) || (st.mode & 0o022) !== 0)) return undefined
    return readFileSync(fd)
  } catch {
    return undefined
  } finally {
    if (fd !== undefined) closeSync(fd)
  }
}

/** What happened to the code cache on one load (for tests and `CLAUDE_CODE_AUDIT_DEBUG_CACHE`). */
export type CacheState = 'off' | 'unsafe' | 'miss' | 'hit' | 'rejected'

/** What {@link loadWithCodeCache} returns. */
export interface Loaded {
  exports: unknown
  state: CacheState
  /** Writes the cached data now (done at exit when the state is `miss` or `rejected`). */
  save(): void
}

/** Cache files kept per folder (one per bundle, command, Node version and flag set in use). */
const KEEP = 8

/** How one run uses the cache. */
export interface LoadOptions {
  /**
   * What the run does (`audit`, `merge`, `init`, `fix`): each gets its own
   * cache, so a short command does not leave a cache that lacks the audit.
   */
  variant?: string
  /** Whether to write the cache at exit when it was missing or rejected (default true). */
  save?: boolean
  /**
   * The bundle's SHA-1 as the build computed it (scripts/build.mjs writes it into the
   * launcher). The key then holds it with the file's size and modification time
   * instead of a hash of the 2.8 MB text made on every start (3–7 ms): an edit of the
   * file in place changes its time, so it still gets a new entry.
   */
  digest?: string
  /**
   * The repository this run audits (its real path): the bundle then finds its parse cache's
   * place in {@link PARSE_CACHE_HANDLE} (see src/parse/parse-cache.ts), in this same checked
   * folder, unless CLAUDE_CODE_AUDIT_NO_PARSE_CACHE is set.
   */
  parseCacheFor?: string
}

/** Where the bundle finds the parse cache's place (src/parse/parse-cache.ts reads it). */
export const PARSE_CACHE_HANDLE = Symbol.for('claude-code-audit.parse-cache')

/**
 * Runs a CommonJS file through the code cache and returns its exports. The
 * cached data is written when the process exits (so it covers every function
 * that ran), only when it was missing or rejected.
 */
export function loadWithCodeCache(file: string, env: NodeJS.ProcessEnv = process.env, options: LoadOptions = {}): Loaded {
  const { source, stat } = readWithStat(file)
  const wanted = cacheDir(env)
  const dir = wanted === undefined ? undefined : safeDir(wanted)
  let state: CacheState = wanted === undefined ? 'off' : dir === undefined ? 'unsafe' : 'miss'
  // V8 checks cached data only against the source's length, its own version and its flags: the key
  // must name the exact text (its hash, or the build's hash of it while the file is unchanged since),
  // and each flag set gets its own file.
  const identity = options.digest !== undefined ? `${options.digest}\0${stat.size}\0${stat.mtimeMs}\0${stat.ino}` : undefined
  const key = `${PREFIX}${createHash('sha1')
    .update(identity ?? source)
    .update(`\0${process.version}\0${process.arch}\0${process.execArgv.join(' ')}\0${env.NODE_OPTIONS ?? ''}\0${options.variant ?? ''}`)
    .digest('hex')
    .slice(0, 24)}.bin`
  const cachePath = dir !== undefined ? join(dir, key) : undefined
  let cachedData: Buffer | undefined
  if (cachePath) cachedData = readPrivate(cachePath)
  // The same wrapper as Node's CommonJS loader; a `#!` line becomes a comment (same length).
  // esbuild writes ASCII (non-ASCII only inside regular expression literals): read as Latin-1 then,
  // which is the same text and decodes several times faster than UTF-8.
  const text = isAscii(source) ? source.toString('latin1') : source.toString('utf8')
  const body = text.startsWith('#!') ? `//${text.slice(2)}` : text
  const wrapped = `(function (exports, require, module, __filename, __dirname) { ${body}\n});`
  const script = new Script(wrapped, { filename: file, ...(cachedData ? { cachedData } : {}) })
  if (cachedData) state = script.cachedDataRejected === true ? 'rejected' : 'hit'
  let saved = false
  const save = (): void => {
    if (saved || !cachePath) return
    saved = true
    writeCache(dir as string, key, script)
  }
  // Written at exit so it covers what ran; not after a short run (help) or a usage error (2).
  if (cachePath && (state as CacheState) !== 'hit' && options.save !== false) saveAtExit(save)
  if (truthy(env.CLAUDE_CODE_AUDIT_DEBUG_CACHE)) process.stderr.write(`claude-code-audit: code cache ${state}\n`)
  if (dir !== undefined && options.parseCacheFor !== undefined && !truthy(env.CLAUDE_CODE_AUDIT_NO_PARSE_CACHE)) {
    // One file per audited repository, tied to this exact bundle and Node version.
    const build = `${identity ?? createHash('sha1').update(source).digest('hex')}\0${process.version}\0${process.arch}`
    const file = `parse-${createHash('sha1').update(options.parseCacheFor).digest('hex').slice(0, 24)}.bin`
    ;(globalThis as Record<symbol, unknown>)[PARSE_CACHE_HANDLE] = { dir, file, build }
  }
  const mod = { exports: {} as unknown }
  const fn = script.runInThisContext() as (e: unknown, r: NodeJS.Require, m: { exports: unknown }, f: string, d: string) => void
  fn.call(mod.exports, mod.exports, createRequire(file), mod, file, dirname(file))
  return { exports: mod.exports, state, save }
}

/** A file's bytes and the status of the very file read (one open, no race with a rename). */
function readWithStat(file: string): { source: Buffer; stat: Stats } {
  const fd = openSync(file, 'r')
  try {
    return { stat: fstatSync(fd), source: readFileSync(fd) }
  } finally {
    closeSync(fd)
  }
}

/** Saves waiting for the process's exit: one listener for all of them. */
const pendingSaves: (() => void)[] = []

function saveAtExit(save: () => void): void {
  if (pendingSaves.length === 0) {
    process.once('exit', (code) => {
      if (code === 0 || code === 1) for (const s of pendingSaves.splice(0)) s()
    })
  }
  pendingSaves.push(save)
}

/** Writes the cached data atomically and keeps the newest few cache files; never throws. */
function writeCache(dir: string, key: string, script: Script): void {
  writePrivate(dir, key, script.createCachedData(), PREFIX)
}

/**
 * Writes a cache file atomically (a private temporary file renamed over it) and
 * keeps the newest `keep` files of its kind (names that start with `prefix`);
 * never throws.
 */
export function writePrivate(dir: string, name: string, bytes: Uint8Array, prefix: string, keep = KEEP): void {
  const tmp = join(dir, `.${name}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`)
  try {
    writeFileSync(tmp, bytes, { mode: 0o600, flag: 'wx' })
    renameSync(tmp, join(dir, name))
    const old = readdirSync(dir)
      .filter((n) => n.startsWith(prefix) && n.endsWith('.bin') && n !== name)
      .map((n) => ({ n, t: statSync(join(dir, n)).mtimeMs }))
      .sort((a, b) => b.t - a.t)
      .slice(keep - 1)
    for (const { n } of old) rmSync(join(dir, n), { force: true })
  } catch {
    // A cache is an optimisation: a read-only or full disk changes nothing else,
    // and nothing may throw here (this runs in an exit handler).
    try {
      rmSync(tmp, { force: true })
    } catch {
      // left for the next successful write's pruning to ignore
    }
  }
}
