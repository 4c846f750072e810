/**
 * Finds the files an audit reads, and reads them safely: never outside the
 * audited root, never through a link that leaves it, never a huge or binary file.
 */
import { spawnSync } from 'node:child_process'
import {
  lstatSync,
  readdirSync,
  readFileSync,
  realpathSync,
  statSync,
  type Stats
} from 'node:fs'
import { join, relative, resolve, sep, posix } from 'node:path'
import { SourceFile } from './parse/source.js'
import type { SkippedFile } from './core/types.js'

/** Claude Code skips memory files over 4 MiB; we read nothing larger. */
export const MAX_FILE_BYTES = 4 * 1024 * 1024

/** Folders a plain walk never enters (dependencies, build output, VCS data). */
const SKIP_DIRS = new Set([
  'node_modules',
  '.git',
  'vendor',
  'third_party',
  '.venv',
  'venv',
  '__pycache__',
  'bower_components',
  '.next',
  '.nuxt',
  '.turbo',
  '.cache',
  '.tox',
  '.gradle'
])

/** Most paths a walk lists before it stops (a safety net against link farms). */
const MAX_WALK_ENTRIES = 500_000

/** What discovery learned about the repository. */
export interface FileSet {
  /** Absolute, real path of the audited root. */
  root: string
  /** Every candidate path (repository-relative, forward slashes), sorted. */
  paths: string[]
  /** Whether git answered for this root. */
  git: boolean
  /** Paths tracked by git (undefined without git). */
  tracked?: Set<string>
}

function git(root: string, args: string[]): string | undefined {
  try {
    const r = spawnSync('git', args, {
      cwd: root,
      encoding: 'utf8',
      maxBuffer: 512 * 1024 * 1024,
      stdio: ['ignore', 'pipe', 'ignore']
    })
    return r.status === 0 ? r.stdout : undefined
  } catch {
    return undefined
  }
}

/** True when `root` lies inside a git work tree that git can read. */
export function isGitWorkTree(root: string): boolean {
  return git(root, ['rev-parse', '--is-inside-work-tree'])?.trim() === 'true'
}

/** Lists the repository's files: git's view when available, else a careful walk. */
export function discover(rootArg: string): FileSet {
  const root = realpathSync(resolve(rootArg))
  if (isGitWorkTree(root)) {
    const out = git(root, [
      '-c',
      'core.quotepath=off',
      'ls-files',
      '-z',
      '-t',
      '--cached',
      '--others',
      '--exclude-standard'
    ])
    if (out !== undefined) {
      const tracked = new Set<string>()
      const all = new Set<string>()
      for (const entry of out.split('\0')) {
        if (entry.length < 3) continue
        const tag = entry[0]
        const p = entry.slice(2)
        all.add(p)
        if (tag !== '?') tracked.add(p)
      }
      // Deleted-but-tracked files are listed by git but absent: keep only existing ones lazily.
      return { root, paths: [...all].sort(), git: true, tracked }
    }
  }
  return { root, paths: walk(root), git: false }
}

function walk(root: string): string[] {
  const out: string[] = []
  const stack: string[] = ['']
  let seen = 0
  while (stack.length > 0) {
    const rel = stack.pop() as string
    let entries: import('node:fs').Dirent[]
    try {
      entries = readdirSync(join(root, rel), { withFileTypes: true })
    } catch {
      continue
    }
    for (const e of entries) {
      if (++seen > MAX_WALK_ENTRIES) return out.sort()
      const p = rel ? `${rel}/${e.name}` : e.name
      if (e.isDirectory()) {
        if (!SKIP_DIRS.has(e.name)) stack.push(p)
      } else if (e.isFile() || e.isSymbolicLink()) {
        // Linked directories are not entered (loops, escapes); linked files are
        // listed and checked when read.
        out.push(p)
      }
    }
  }
  return out.sort()
}

/** Reads repository files once each, recording what could not be read and why. */
export class FileReader {
  private cache = new Map<string, SourceFile | null>()
  readonly skipped: SkippedFile[] = []
  private skippedSet = new Set<string>()

  constructor(readonly root: string) {}

  private skip(file: string, reason: string): null {
    if (!this.skippedSet.has(file)) {
      this.skippedSet.add(file)
      this.skipped.push({ file, reason })
    }
    return null
  }

  /**
   * Resolves a repository-relative path to an absolute path inside the root, or
   * undefined when it would leave the root (`..`, absolute paths, links out).
   */
  inside(relPath: string): string | undefined {
    const abs = resolve(this.root, relPath)
    const r = relative(this.root, abs)
    if (r.startsWith('..') || resolve(r) === r) return undefined
    return abs
  }

  /** Whether a repository-relative path exists as a file inside the root (links resolved). */
  exists(relPath: string): boolean {
    return this.statInside(relPath)?.isFile() ?? false
  }

  /** Stats a path inside the root, following links only while they stay inside. */
  statInside(relPath: string): Stats | undefined {
    const abs = this.inside(relPath)
    if (!abs) return undefined
    try {
      const real = realpathSync(abs)
      const r = relative(this.root, real)
      if (r.startsWith('..') || resolve(r) === r) return undefined
      return statSync(real)
    } catch {
      return undefined
    }
  }

  /** Reads a file as text, or returns null (and records why) when it must not be read. */
  read(relPath: string): SourceFile | null {
    const key = relPath.split(sep).join(posix.sep)
    const hit = this.cache.get(key)
    if (hit !== undefined) return hit
    const result = this.load(key)
    this.cache.set(key, result)
    return result
  }

  private load(rel: string): SourceFile | null {
    const abs = this.inside(rel)
    if (!abs) return this.skip(rel, 'path leaves the repository')
    let st: Stats
    try {
      st = lstatSync(abs)
    } catch {
      return null
    }
    let target = abs
    if (st.isSymbolicLink()) {
      let real: string
      try {
        real = realpathSync(abs)
      } catch {
        return this.skip(rel, 'broken or looping symbolic link')
      }
      const r = relative(this.root, real)
      if (r.startsWith('..') || resolve(r) === r) {
        return this.skip(rel, 'symbolic link leaves the repository (not followed)')
      }
      target = real
      try {
        st = statSync(real)
      } catch {
        return this.skip(rel, 'broken symbolic link')
      }
    }
    if (!st.isFile()) return null
    if (st.size > MAX_FILE_BYTES) {
      return this.skip(
        rel,
        `file is ${(st.size / 1048576).toFixed(1)} MiB, over the 4 MiB limit (Claude Code skips such memory files too)`
      )
    }
    let buf: Buffer
    try {
      buf = readFileSync(target)
    } catch (e) {
      return this.skip(rel, `could not read (${(e as NodeJS.ErrnoException).code ?? 'error'})`)
    }
    if (looksBinary(buf)) return this.skip(rel, 'binary content (not text)')
    return new SourceFile(rel, buf.toString('utf8'))
  }
}

/** NUL bytes, or mostly undecodable bytes, in the first 8 KiB mark a binary file. */
function looksBinary(buf: Buffer): boolean {
  const n = Math.min(buf.length, 8192)
  let bad = 0
  for (let i = 0; i < n; i++) {
    const c = buf[i]
    if (c === 0) return true
    if (c < 7 || (c > 13 && c < 32)) bad++
  }
  return n > 0 && bad / n > 0.1
}
