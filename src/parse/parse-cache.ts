/**
 * Parsed documents kept between runs: the parse cache.
 *
 * Parsing is most of what an audit of a real repository costs (`yaml` for the
 * workflows, tree-sitter-bash or mvdan-sh for their `run:` scripts), and between two audits of
 * the same repository almost every file is unchanged. As ESLint's and
 * Prettier's caches do, the command line keeps what it parsed in its cache
 * folder, one file per audited repository, and a later run takes a file's
 * parse from there when the file's text is the same, byte for byte.
 *
 * What is kept is the parser's result as plain data (a YAML document's value
 * and positions, a shell script's commands and words), written with V8's
 * serializer, which keeps shared and circular references; an entry is keyed by
 * a SHA-256 of its kind and its text, so a changed file is parsed again. The
 * whole file is tied to the build that wrote it (the bundle's hash and the
 * Node version, see src/compile-cache.ts): another build starts empty. Only
 * what a run used is written back, so the file holds what the repository
 * needs now and no more.
 *
 * Only the command line turns it on: its launcher hands the folder over
 * ({@link PARSE_CACHE_HANDLE}) after checking it as it does for the code cache
 * (a private folder of this user; files read without following links, only if
 * nobody else can write them). Without that (the action, tests, the sources)
 * every parse is made. `CLAUDE_CODE_AUDIT_NO_PARSE_CACHE=1` turns this cache
 * off and `CLAUDE_CODE_AUDIT_NO_CACHE=1` both caches. A cache file that cannot
 * be read or decoded is ignored and rewritten; nothing here throws.
 */
import { createHash } from 'node:crypto'
import { deserialize, serialize } from 'node:v8'
import { PARSE_CACHE_HANDLE, readPrivate, writePrivate } from '../compile-cache.js'

export { PARSE_CACHE_HANDLE }

/** The launcher's hand-over: the checked folder, the file for this repository, and the build it belongs to. */
export interface ParseCacheHandle {
  dir: string
  file: string
  build: string
}

/** What a cache file holds. */
interface Stored {
  build: string
  entries: Map<string, Uint8Array>
}

/** Parse cache files kept (one per repository audited lately). */
const KEEP_FILES = 16

/** No entry larger than this is written (serialized bytes), nor a file larger than {@link MAX_FILE}. */
const MAX_ENTRY = 8 * 1024 * 1024
const MAX_FILE = 64 * 1024 * 1024

class Store {
  private readonly entries: Map<string, Uint8Array>
  private readonly used = new Set<string>()
  private readonly added = new Map<string, unknown>()
  hits = 0
  misses = 0

  /** Without a hand-over the store lives in memory only, for this process (see {@link sharingParses}). */
  constructor(private readonly handle: ParseCacheHandle | undefined) {
    this.entries = handle ? load(handle) : new Map()
  }

  get<T>(kind: string, text: string, parse: () => T, keep: (value: T) => boolean): T {
    const key = createHash('sha256').update(kind).update('\0').update(text).digest('base64')
    const bytes = this.entries.get(key)
    if (bytes) {
      try {
        const value = deserialize(bytes) as T
        this.used.add(key)
        this.hits++
        return value
      } catch {
        this.entries.delete(key)
      }
    }
    this.misses++
    const value = parse()
    if (keep(value)) {
      if (this.handle) this.added.set(key, value)
      else {
        // In memory: kept as the file would keep it, so every reader gets a copy of its own.
        try {
          this.entries.set(key, serialize(value))
        } catch {
          // not plain data: not kept
        }
      }
    }
    return value
  }

  /** Writes the entries this run used and made; never throws. */
  save(): void {
    if (!this.handle) return
    try {
      const entries = new Map<string, Uint8Array>()
      let size = 0
      for (const key of this.used) {
        const bytes = this.entries.get(key)
        if (bytes) {
          entries.set(key, bytes)
          size += bytes.length
        }
      }
      for (const [key, value] of this.added) {
        let bytes: Uint8Array
        try {
          bytes = serialize(value)
        } catch {
          // Not plain data after all (a function, a symbol): that one is not kept.
          continue
        }
        if (bytes.length > MAX_ENTRY || size + bytes.length > MAX_FILE) continue
        entries.set(key, bytes)
        size += bytes.length
      }
      const stored: Stored = { build: this.handle.build, entries }
      writePrivate(this.handle.dir, this.handle.file, serialize(stored), 'parse-', KEEP_FILES)
    } catch {
      // A cache is an optimisation: nothing else depends on it being written.
    }
  }

  /** Whether a save would change the file: something new was parsed, or something stored went unused. */
  get changed(): boolean {
    return this.handle !== undefined && (this.added.size > 0 || this.used.size < this.entries.size)
  }
}

function load(handle: ParseCacheHandle): Map<string, Uint8Array> {
  try {
    const bytes = readPrivate(`${handle.dir}/${handle.file}`)
    if (!bytes) return new Map()
    const stored = deserialize(bytes) as Partial<Stored> | null
    if (
      stored === null ||
      typeof stored !== 'object' ||
      stored.build !== handle.build ||
      !(stored.entries instanceof Map)
    )
      return new Map()
    for (const v of stored.entries.values()) if (!(v instanceof Uint8Array)) return new Map()
    return stored.entries
  } catch {
    return new Map()
  }
}

let store: Store | null | undefined

function current(): Store | null {
  if (store !== undefined) return store
  const handle = (globalThis as Record<symbol, unknown>)[PARSE_CACHE_HANDLE] as ParseCacheHandle | undefined
  store =
    handle && typeof handle.dir === 'string' && typeof handle.file === 'string' && typeof handle.build === 'string'
      ? new Store(handle)
      : null
  if (store && !atExit) {
    atExit = true
    // Written when the run ends, so it holds every parse of the run; not after a failed run.
    process.once('exit', (code) => {
      const s = store
      if (!s) return
      const changed = s.changed
      if ((code === 0 || code === 1) && changed) s.save()
      const debug = process.env.CLAUDE_CODE_AUDIT_DEBUG_CACHE
      if (debug && debug !== '0' && debug.toLowerCase() !== 'false')
        process.stderr.write(
          `claude-code-audit: parse cache ${s.hits} hits, ${s.misses} misses${changed ? ', saved' : ''}\n`
        )
    })
  }
  return store
}
let atExit = false

/**
 * The parse of `text` as `kind` (a name for the parser and its options): from
 * the parse cache when the command line keeps one and holds it, else made by
 * `parse` (and kept for the next run when `keep` says the result is worth it,
 * e.g. not a result that depends on this run's stack depth). The value must be
 * plain data (no functions or class behaviour is kept) and must not be
 * changed by its readers.
 */
export function cachedParse<T>(
  kind: string,
  text: string,
  parse: () => T,
  keep: (value: T) => boolean = () => true
): T {
  const s = current()
  return s ? s.get(kind, text, parse, keep) : parse()
}

/**
 * Runs `fn` with a parse cache in memory when this process keeps none on disk
 * (the action, `--diff-base`): audits of two trees that share most of their
 * files, a pull request's head and its base, then parse each shared text once.
 * Every reader gets a copy of its own, as from the file.
 */
export async function sharingParses<T>(fn: () => Promise<T>): Promise<T> {
  if (current()) return fn()
  store = new Store(undefined)
  try {
    return await fn()
  } finally {
    store = undefined
  }
}

/** Hits and misses of this process's parse cache so far (undefined when there is none): lets tests prove a parse was spared. */
export function parseCacheStats(): { hits: number; misses: number } | undefined {
  const s = current()
  return s ? { hits: s.hits, misses: s.misses } : undefined
}

/** Writes the parse cache now instead of at exit (tests). */
export function saveParseCache(): void {
  const s = current()
  if (s?.changed) s.save()
}

/** Forgets the store of this process, so the next parse reads the hand-over again (tests install one, run, and reset). */
export function resetParseCache(): void {
  store = undefined
}
