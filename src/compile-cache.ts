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
 * The cache is keyed by a SHA-1 of the bundle, the Node version, the
 * architecture and the Node flags; the newest four files are kept. It is only used from a folder that belongs to the current user
 * and that nobody else may write (cached bytecode runs as code). Disable it with
 * CLAUDE_CODE_AUDIT_NO_CACHE=1 (or NODE_DISABLE_COMPILE_CACHE=1); move it with
 * CLAUDE_CODE_AUDIT_CACHE_DIR.
 */
import { createHash } from 'node:crypto'
import { lstatSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { homedir } from 'node:os'
import { dirname, join } from 'node:path'
import { Script } from 'node:vm'

/** Prefix of the cache files this module writes (older ones are pruned). */
const PREFIX = 'cli-'

/** The cache folder to use, or undefined when caching is off. */
export function cacheDir(env: NodeJS.ProcessEnv = process.env): string | undefined {
  if (truthy(env.CLAUDE_CODE_AUDIT_NO_CACHE) || truthy(env.NODE_DISABLE_COMPILE_CACHE)) return undefined
  if (env.CLAUDE_CODE_AUDIT_CACHE_DIR) return env.CLAUDE_CODE_AUDIT_CACHE_DIR
  let base = env.XDG_CACHE_HOME
  if (!base) {
    try {
      base = join(homedir(), '.cache')
    } catch {
      return undefined
    }
  }
  return join(base, 'claude-code-audit')
}

function truthy(v: string | undefined): boolean {
  return v !== undefined && v !== '' && v !== '0' && v.toLowerCase() !== 'false'
}

/**
 * Creates the folder (mode 0700) when missing and tells whether it is safe to
 * load code from: a real folder (not a link) owned by this user, writable by
 * nobody else.
 */
export function safeDir(dir: string): boolean {
  try {
    mkdirSync(dir, { recursive: true, mode: 0o700 })
    const st = lstatSync(dir)
    if (!st.isDirectory()) return false
    if (typeof process.getuid === 'function' && st.uid !== process.getuid()) return false
    return process.platform === 'win32' || (st.mode & 0o022) === 0
  } catch {
    return false
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

/** Cache files kept per folder (one per bundle, Node version and flag set in use). */
const KEEP = 4

/**
 * Runs a CommonJS file through the code cache and returns its exports. The
 * cached data is written when the process exits (so it covers every function
 * that ran), only when it was missing or rejected.
 */
export function loadWithCodeCache(file: string, env: NodeJS.ProcessEnv = process.env): Loaded {
  const source = readFileSync(file)
  const dir = cacheDir(env)
  let state: CacheState = dir === undefined ? 'off' : 'miss'
  if (dir !== undefined && !safeDir(dir)) state = 'unsafe'
  // V8 refuses cached data made under other flags: each flag set gets its own file.
  const key = `${PREFIX}${createHash('sha1')
    .update(source)
    .update(`\0${process.version}\0${process.arch}\0${process.execArgv.join(' ')}\0${env.NODE_OPTIONS ?? ''}`)
    .digest('hex')
    .slice(0, 24)}.bin`
  const cachePath = dir !== undefined && state === 'miss' ? join(dir, key) : undefined
  let cachedData: Buffer | undefined
  if (cachePath) {
    try {
      cachedData = readFileSync(cachePath)
    } catch {
      cachedData = undefined
    }
  }
  // The same wrapper as Node's CommonJS loader; a `#!` line becomes a comment (same length).
  const text = source.toString('utf8')
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
  if (cachePath && state !== 'hit') process.once('exit', save)
  if (truthy(env.CLAUDE_CODE_AUDIT_DEBUG_CACHE)) process.stderr.write(`claude-code-audit: code cache ${state}\n`)
  const mod = { exports: {} as unknown }
  const fn = script.runInThisContext() as (e: unknown, r: NodeJS.Require, m: { exports: unknown }, f: string, d: string) => void
  fn.call(mod.exports, mod.exports, createRequire(file), mod, file, dirname(file))
  return { exports: mod.exports, state, save }
}

/** Writes the cached data atomically and keeps the newest few cache files; never throws. */
function writeCache(dir: string, key: string, script: Script): void {
  try {
    const data = script.createCachedData()
    const tmp = join(dir, `.${key}.${process.pid}.tmp`)
    writeFileSync(tmp, data, { mode: 0o600 })
    renameSync(tmp, join(dir, key))
    const old = readdirSync(dir)
      .filter((n) => n.startsWith(PREFIX) && n.endsWith('.bin') && n !== key)
      .map((n) => ({ n, t: statSync(join(dir, n)).mtimeMs }))
      .sort((a, b) => b.t - a.t)
      .slice(KEEP - 1)
    for (const { n } of old) rmSync(join(dir, n), { force: true })
  } catch {
    // A cache is an optimisation: a read-only or full disk changes nothing else.
  }
}
