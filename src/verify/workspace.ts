/**
 * A throw-away workspace for running one hook: a copy of the repository's listed
 * files (never through a link that leaves it), a fresh HOME and TMPDIR, all under
 * one temporary directory that is removed afterwards.
 */
import {
  chmodSync,
  constants,
  copyFileSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  realpathSync,
  rmSync,
  statSync,
  writeFileSync
} from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, isAbsolute, join, relative, sep } from 'node:path'
import { randomUUID } from 'node:crypto'
import type { Project } from '../model/project.js'

/** Prefix of every workspace directory under the system temporary directory. */
export const WORKSPACE_PREFIX = 'cca-verify-'

/** Prefix of the workspaces of this process (`cca-verify-<pid>-`), so that concurrent audits can tell theirs apart. */
export function workspacePrefix(pid: number = process.pid): string {
  return `${WORKSPACE_PREFIX}${pid}-`
}

/** Largest single file copied (hook binaries can be big; data files are skipped). */
const MAX_COPY_FILE = 64 * 1024 * 1024
/** Most bytes copied per workspace. */
const MAX_COPY_TOTAL = 512 * 1024 * 1024

/** One workspace. */
export interface Workspace {
  /** The temporary directory holding everything below. */
  dir: string
  /** Root of the repository copy. */
  repo: string
  home: string
  tmp: string
  /** An (empty) transcript file, as `transcript_path`. */
  transcript: string
}

function inside(root: string, p: string): boolean {
  const r = relative(root, p)
  return r === '' || (r !== '..' && !r.startsWith(`..${sep}`) && !isAbsolute(r))
}

/** Copies the project's listed files into `dest`; links are resolved and copied only when they stay inside. */
export function copyRepository(project: Project, dest: string): void {
  const root = project.root
  let total = 0
  for (const rel of project.files.paths) {
    const src = project.reader.inside(rel)
    if (!src) continue
    let real: string
    try {
      real = realpathSync.native(src)
    } catch {
      continue // listed but deleted, or a broken link
    }
    if (!inside(root, real)) continue // a link (of the file or a parent) that leaves the repository
    let st
    try {
      st = statSync(real)
    } catch {
      continue
    }
    if (!st.isFile() || st.size > MAX_COPY_FILE) continue
    if (total + st.size > MAX_COPY_TOTAL) break
    const to = join(dest, rel)
    if (!inside(dest, to)) continue
    try {
      mkdirSync(dirname(to), { recursive: true })
      copyFileSync(real, to, constants.COPYFILE_FICLONE)
      // Keep the executable bits (hook scripts), and owner write so cleanup works.
      chmodSync(to, (st.mode & 0o777) | 0o600)
      total += st.size
    } catch {
      // A file we cannot copy (a name clash with a directory, permissions): skip it.
    }
  }
}

/** Creates a workspace with a copy of the project. */
export function createWorkspace(project: Project): Workspace {
  const dir = realpathSync(mkdtempSync(join(tmpdir(), workspacePrefix())))
  try {
    const repo = join(dir, 'repo')
    const home = join(dir, 'home')
    const tmp = join(dir, 'tmp')
    for (const d of [repo, home, tmp]) mkdirSync(d, { recursive: true })
    copyRepository(project, repo)
    const transcriptDir = join(home, '.claude', 'projects', 'verify-hooks')
    mkdirSync(transcriptDir, { recursive: true })
    const transcript = join(transcriptDir, `${randomUUID()}.jsonl`)
    writeFileSync(transcript, '')
    return { dir, repo, home, tmp, transcript }
  } catch (e) {
    removeWorkspace(dir)
    throw e
  }
}

/** Makes every directory below `dir` writable and searchable again (hooks may chmod them). */
function unlock(dir: string): void {
  try {
    chmodSync(dir, 0o700)
  } catch {
    return
  }
  let entries: import('node:fs').Dirent[]
  try {
    entries = readdirSync(dir, { withFileTypes: true })
  } catch {
    return
  }
  for (const e of entries) if (e.isDirectory()) unlock(join(dir, e.name))
}

/** Removes a workspace, also when a hook left read-only directories behind. */
export function removeWorkspace(dir: string): void {
  try {
    rmSync(dir, { recursive: true, force: true, maxRetries: 2 })
    return
  } catch {
    // fall through
  }
  unlock(dir)
  try {
    rmSync(dir, { recursive: true, force: true, maxRetries: 2 })
  } catch {
    // Nothing more we can do; the caller's temp cleanup will get it.
  }
}
