/**
 * Finds the files an audit reads, and reads them safely: never outside the
 * audited root, never through a link that leaves it, never a huge or binary file.
 */
import {
  lstatSync,
  readdirSync,
  readFileSync,
  realpathSync,
  statSync,
  type Stats
} from 'node:fs'
import { basename, dirname, isAbsolute, join, relative, resolve, sep, posix } from 'node:path'
import { SourceFile } from './parse/source.js'
import { UsageError, type SkippedFile } from './core/types.js'
import { gitOutput } from './git.js'
import { takeListing, UNTRACKED_FOLDER_SPECS } from './file-listing.js'
import { lowerBound } from './core/sorted.js'

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
  /** What `git config --get remote.origin.url` printed, when the listing asked for it (file-listing.ts). */
  origin?: Promise<string | undefined>
  /**
   * The paths where Claude Code or CI configuration can live (see
   * {@link mayConfigure}), in the same order: what most rules look at, a
   * small part of a large repository.
   */
  configPaths: string[]
  /**
   * Paths listed through a linked folder that stays inside the root (`.claude -> .agents`,
   * `.claude/skills/x -> ../../.agents/skills/x`): the files of the target, listed again
   * where Claude Code finds them through the link (see {@link linkedFolderPaths}), each mapped
   * to its target's path. They are in `paths` (and `tracked` when their target is); code scans
   * skip them, as the target's own paths are scanned, and findings show the target's path.
   */
  aliases?: Map<string, string>
}

/**
 * Whether a path can hold Claude Code or CI configuration: anything under a
 * `.claude`, `.github` or `.devcontainer` folder, a dotfile (`.mcp.json`,
 * `.claudeignore`, `.env*`, shell startup files, `.devcontainer.json`), or a
 * `CLAUDE.md` / `CLAUDE.local.md` / `AGENTS.md` memory file. Every pattern of the project
 * model is inside this set (a test checks it), so a model built from these
 * paths sees the same files at a fraction of the cost in a large repository.
 */
export function mayConfigure(path: string): boolean {
  const slash = path.lastIndexOf('/')
  if (path.charCodeAt(slash + 1) === 46 /* . */) return true
  if (path.includes('.claude') || path.includes('.github/') || path.includes('.devcontainer/')) return true
  const base = slash < 0 ? path : path.slice(slash + 1)
  // AGENTS.md: Claude Code reads it in a project whose root has no CLAUDE.md (2.1.277; see model/memory.ts).
  return base === 'CLAUDE.md' || base === 'CLAUDE.local.md' || base === 'AGENTS.md'
}

/**
 * Whether the audit may read shell from a configuration path: anything under `.claude`,
 * `.github/` or `.devcontainer`, `.mcp.json`, a shell startup file, or a memory file (its
 * shell blocks). The tree-sitter runtime is started only when such a path or program code
 * is there (src/model/project.ts); a repository with neither skips its start-up, and a
 * shell text parsed there all the same is read with mvdan-sh (src/shell/parse.ts).
 */
export function mayHoldShell(path: string): boolean {
  if (path.includes('.claude') || path.includes('.github/') || path.includes('.devcontainer')) return true
  if (/(^|\/)(\.mcp\.json|\.bashrc|\.zshrc|\.profile|\.bash_profile|\.zprofile|\.zshenv|\.envrc|\.env(\.[^/]*)?)$/.test(path)) return true
  const base = path.slice(path.lastIndexOf('/') + 1)
  return base === 'CLAUDE.md' || base === 'CLAUDE.local.md' || base === 'AGENTS.md'
}

/**
 * Lists the repository's files: what git tracks (the index, so staged files
 * count), plus untracked, non-ignored files at the root and in
 * the folders of file-listing.ts's UNTRACKED_FOLDERS (every untracked file while nothing is tracked
 * yet, or with `allUntracked`); a careful walk when git is missing or the root
 * is not in a work tree.
 */
export async function discover(rootArg: string, options: { allUntracked?: boolean } = {}): Promise<FileSet> {
  const root = realPath(resolve(rootArg))
  // Locating (and checking) the repository and both listings run at once (file-listing.ts),
  // started here or already by the launcher; outside a trusted work tree both fail and the walk answers.
  const listing = takeListing(root)
  const [cached, listed] = await Promise.all([listing.cached, listing.listed, listing.located])
  // Git answered for the index but not for the names (an odd name, a long line): ask by pattern.
  const others =
    cached !== undefined && listed === undefined && listing.byName
      ? await gitOutput(root, ['ls-files', '-z', '--others', '--exclude-standard', '--', ':(glob)*', ...UNTRACKED_FOLDER_SPECS])
      : listed
  if (cached !== undefined) {
    const list = cached.split('\0')
    if (list[list.length - 1] === '') list.pop()
    const tracked = new Set(list)
    // Nothing tracked yet (a fresh `git init`), or asked for: every untracked, non-ignored file counts.
    const untracked =
      tracked.size > 0 && options.allUntracked !== true
        ? others
        : ((await gitOutput(root, ['ls-files', '-z', '--others', '--exclude-standard'])) ?? others ?? '')
    const extra = (untracked ?? '').split('\0').filter((p) => p !== '' && !tracked.has(p))
    // git lists the index in byte order, which is our order for ASCII paths: sort only when needed.
    // An unmerged path is listed once per stage: keep one.
    const unique = tracked.size === list.length ? list : [...tracked]
    let paths = extra.length > 0 ? [...unique, ...extra] : unique
    if (!isSorted(paths)) paths.sort()
    let configPaths = paths.filter(mayConfigure)
    const linked = linkedFolderPaths(root, paths, configPaths)
    if (linked.size > 0) {
      for (const [alias, target] of linked) if (tracked.has(target)) tracked.add(alias)
      paths = [...paths, ...linked.keys()].sort()
      configPaths = paths.filter(mayConfigure)
    }
    // Deleted-but-tracked files are listed by git but absent: readers skip them.
    return {
      root,
      paths,
      git: true,
      tracked,
      configPaths,
      ...(linked.size > 0 ? { aliases: linked } : {}),
      ...(listing.origin ? { origin: listing.origin } : {})
    }
  }
  let walked = walk(root)
  const linked = linkedFolderPaths(root, walked, walked.filter(mayConfigure))
  if (linked.size > 0) walked = [...walked, ...linked.keys()].sort()
  return { root, paths: walked, git: false, configPaths: walked.filter(mayConfigure), ...(linked.size > 0 ? { aliases: linked } : {}) }
}

/** Most paths listed through linked folders (a safety net against link farms). */
const MAX_LINKED_PATHS = 50_000

/**
 * The files reached through linked folders where Claude Code or CI configuration
 * lives, each mapped to the listed path of the same file: a committed link such as
 * `.claude -> .agents` or `.claude/agents -> ../.agents/agents` is a folder to
 * Claude Code, which reads the files behind it. git lists the link itself, not its
 * files, and the walk does not enter linked folders, so without this the folder
 * would look empty. Only links among the configuration paths whose names have no
 * extension are looked at (one lstat each); a link is followed only when its real
 * path is a folder inside the root that neither holds the link nor lies inside
 * it (no loops), and only the root's listed files under it are added.
 */
export function linkedFolderPaths(root: string, paths: readonly string[], configPaths: readonly string[]): Map<string, string> {
  const out = new Map<string, string>()
  const listed = new Set(paths)
  for (const p of configPaths) {
    const base = p.slice(p.lastIndexOf('/') + 1)
    if (base.lastIndexOf('.') > 0) continue
    const abs = join(root, p)
    let real: string
    try {
      if (!lstatSync(abs).isSymbolicLink() || !statSync(abs).isDirectory()) continue
      real = realPath(abs)
    } catch {
      continue
    }
    const rel = relative(root, real)
    if (rel === '' || rel.startsWith('..') || isAbsolute(rel)) continue
    const target = rel.split(sep).join('/')
    if (target === p || p.startsWith(`${target}/`) || target.startsWith(`${p}/`)) continue
    // The listed files under the target: a run of the sorted list.
    const prefix = `${target}/`
    for (let i = lowerBound(paths, prefix, (p) => p); i < paths.length && paths[i].startsWith(prefix); i++) {
      const alias = p + paths[i].slice(target.length)
      if (listed.has(alias) || out.has(alias)) continue
      if (out.size >= MAX_LINKED_PATHS) return out
      out.set(alias, paths[i])
    }
  }
  return out
}


function isSorted(a: readonly string[]): boolean {
  for (let i = 1; i < a.length; i++) if (a[i - 1] > a[i]) return false
  return true
}

/** Names of the non-folder entries at the root (the untracked candidates there). */
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

/**
 * Resolves every link on a path. The native call is one system call; where it
 * fails for a reason of its own (some Windows RAM disks answer EISDIR) the
 * JavaScript resolver answers instead.
 */
function realPath(p: string): string {
  try {
    return realpathSync.native(p)
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code
    if (code === 'ENOENT' || code === 'ELOOP' || code === 'ENOTDIR') throw e
    return realpathSync(p)
  }
}

/**
 * The real path to read or write `rel` at, for the commands that change a
 * repository (`init`, `fix`): the file itself when it exists, else its nearest
 * existing folder, must resolve inside the root, so a linked `.claude/` or a
 * linked settings file never makes them write elsewhere. Throws otherwise.
 */
export function targetInside(rootArg: string, rel: string): string {
  const root = realPath(resolve(rootArg))
  let probe = resolve(root, rel)
  let rest = ''
  for (;;) {
    try {
      const real = realPath(probe)
      const abs = rest ? join(real, rest) : real
      if (leavesRoot(relative(root, real)) || leavesRoot(relative(root, abs))) break
      return abs
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code
      const up = dirname(probe)
      // A dangling link or a loop: refuse rather than write through it.
      if (code !== 'ENOENT' || up === probe || lstatOrUndefined(probe)?.isSymbolicLink()) break
      rest = rest ? join(basename(probe), rest) : basename(probe)
      probe = up
    }
  }
  throw new UsageError(`${rel} leaves the repository through a symbolic link; not touched`)
}

function lstatOrUndefined(p: string): Stats | undefined {
  try {
    return lstatSync(p)
  } catch {
    return undefined
  }
}

/** Whether a path relative to the root (from path.relative) points outside it. `..notes.md` does not. */
function leavesRoot(r: string): boolean {
  return r === '..' || r.startsWith(`..${sep}`) || isAbsolute(r)
}

/**
 * A relative path with no empty, `.` or `..` segment, no backslash and no
 * leading slash: joining it to the root cannot leave the root.
 */
const CLEAN_REL = /^(?!\.\.?(?:\/|$))[^/\\\0]+(?:\/(?!\.\.?(?:\/|$))[^/\\\0]+)*$/

/** Reads repository files once each, recording what could not be read and why. */
export class FileReader {
  private cache = new Map<string, SourceFile | null>()
  readonly skipped: SkippedFile[] = []
  private skippedSet = new Set<string>()

  constructor(readonly root: string) {}

  /** Every file read so far (what inline suppressions can be in). */
  loaded(): SourceFile[] {
    return [...this.cache.values()].filter((f): f is SourceFile => f !== null)
  }

  /** Records that `file` was not read (or not analysed) and why; reported by file-skipped. */
  skip(file: string, reason: string): null {
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
    // The common case, a clean relative path as git lists it, needs no resolving.
    if (CLEAN_REL.test(relPath)) return this.root + sep + relPath
    const abs = resolve(this.root, relPath)
    const r = relative(this.root, abs)
    if (leavesRoot(r)) return undefined
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
      const real = realPath(abs)
      const r = relative(this.root, real)
      if (leavesRoot(r)) return undefined
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
    const peeked = this.peeked.get(key)
    const result = peeked ? (peeked.why !== undefined ? this.skip(key, peeked.why) : peeked.file) : this.load(key, (why) => this.skip(key, why))
    this.peeked.delete(key)
    this.cache.set(key, result)
    return result
  }

  private peeked = new Map<string, { file: SourceFile | null; why?: string }>()

  /**
   * Reads a file as {@link read} does, without recording it: it is not among
   * {@link loaded} and not reported as skipped until `read` asks for it. For a
   * cheap look before deciding whether a file matters at all. `why` says why
   * `read` would skip it.
   */
  peek(relPath: string): { file: SourceFile | null; why?: string } {
    const key = relPath.split(sep).join(posix.sep)
    const hit = this.cache.get(key)
    if (hit !== undefined) return { file: hit, ...(hit === null && this.skippedSet.has(key) ? { why: this.skipped.find((f) => f.file === key)?.reason } : {}) }
    let p = this.peeked.get(key)
    if (!p) {
      let why: string | undefined
      const file = this.load(key, (reason) => {
        why = reason
        return null
      })
      p = why !== undefined ? { file, why } : { file }
      this.peeked.set(key, p)
    }
    return p
  }

  /** Real paths of the folders files were read from. */
  private realDirs = new Map<string, string>()

  /**
   * realPath(abs) for a path that is not itself a symbolic link: the real path
   * of its folder (resolved once per folder) joined with its name, as the
   * resolver would join it, since only links on the folder part can change it.
   */
  private realOfNonLink(abs: string): string {
    const cut = Math.max(abs.lastIndexOf('/'), abs.lastIndexOf(sep))
    const name = abs.slice(cut + 1)
    if (cut <= 0 || name === '' || name === '.' || name === '..') return realPath(abs)
    const dir = abs.slice(0, cut)
    let realDir = this.realDirs.get(dir)
    if (realDir === undefined) {
      realDir = realPath(dir)
      this.realDirs.set(dir, realDir)
    }
    return realDir.endsWith(sep) ? realDir + name : realDir + sep + name
  }

  private load(rel: string, skip: (reason: string) => null): SourceFile | null {
    const abs = this.inside(rel)
    if (!abs) return skip('path leaves the repository')
    let st: Stats
    try {
      st = lstatSync(abs)
    } catch {
      return null
    }
    // Resolve every link on the path, not only the last one: `linked-dir/x`
    // (with linked-dir -> /etc) must not be read through the link.
    let real: string
    try {
      real = st.isSymbolicLink() ? realPath(abs) : this.realOfNonLink(abs)
    } catch {
      return skip('broken or looping symbolic link')
    }
    // The common case: no link on the path, so the real path is the one joined from the root (by
    // inside(), for a clean relative path) and stays inside; only otherwise is it measured from the root.
    if (real !== abs && leavesRoot(relative(this.root, real))) {
      return skip(
        st.isSymbolicLink()
          ? 'symbolic link leaves the repository (not followed)'
          : 'a linked folder on its path leaves the repository (not followed)'
      )
    }
    const target = real
    if (real !== abs) {
      try {
        st = statSync(real)
      } catch {
        return skip('broken symbolic link')
      }
    }
    if (!st.isFile()) return null
    if (st.size > MAX_FILE_BYTES) {
      return skip(
        `file is ${(st.size / 1048576).toFixed(1)} MiB, over the 4 MiB limit (Claude Code skips such memory files too)`
      )
    }
    let buf: Buffer
    try {
      buf = readFileSync(target)
    } catch (e) {
      return skip(`could not read (${(e as NodeJS.ErrnoException).code ?? 'error'})`)
    }
    if (looksBinary(buf)) return skip('binary content (not text)')
    return new SourceFile(rel, buf.toString('utf8'))
  }
}

/** NUL bytes, or mostly undecodable bytes, in the first 8 KiB mark a binary file. */
export function looksBinary(buf: Buffer): boolean {
  const n = Math.min(buf.length, 8192)
  const head = buf.subarray(0, n)
  if (head.indexOf(0) >= 0) return true
  // Control bytes other than 7-13 (BEL to CR) count as undecodable; searched natively, where a
  // loop over every byte in JavaScript cost more than reading the file.
  return n > 0 && (head.toString('latin1').match(CONTROL_BYTES)?.length ?? 0) / n > 0.1
}
const CONTROL_BYTES = /[\x01-\x06\x0e-\x1f]/g
