/**
 * Writes report files (the action's `sarif-file` / `json-file`, the CLI's
 * `--output`) without following links: the audited checkout may have
 * committed `claude-code-audit.sarif` as a link to a file outside the
 * workspace, which a plain write would overwrite. The file is created anew
 * (an existing regular file is removed first, so a hard link's other names
 * keep their content), with O_NOFOLLOW and O_EXCL; a link in its place is
 * refused. Missing folders are made one at a time, never by a recursive
 * mkdir (Node's loops forever under `/proc`).
 */
import { closeSync, constants, lstatSync, mkdirSync, openSync, realpathSync, statSync, unlinkSync, writeSync, type Stats } from 'node:fs'
import { dirname, isAbsolute, join, parse, relative, resolve, sep } from 'node:path'

/** Why a report file was not written; the message never holds file content. */
export class ReportFileError extends Error {}

/** Most folders a report path may need created (a path deeper than this is a mistake). */
const MAX_NEW_FOLDERS = 32

export interface WriteOptions {
  /**
   * Folders the file must be inside (the action: workspace and RUNNER_TEMP).
   * Then no folder from the base down may be a link. Without it (the CLI's
   * `--output`, a path the user chose) existing folders may be links; the
   * file itself still may not.
   */
  within?: readonly string[]
}

function lstatOrUndefined(p: string): Stats | undefined {
  try {
    return lstatSync(p)
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code
    if (code === 'ENOENT') return undefined
    throw new ReportFileError(code === 'ENOTDIR' ? 'a part of its path is not a folder' : `cannot inspect its path (${code ?? 'error'})`)
  }
}

function inside(base: string, p: string): boolean {
  const r = relative(base, p)
  return r !== '..' && !r.startsWith(`..${sep}`) && !isAbsolute(r)
}

/** Makes `folder` (and its missing parents, one at a time); with `fromBase`, refuses links below the base. */
function makeFolders(folder: string, fromBase?: string): void {
  const missing: string[] = []
  let p = folder
  for (;;) {
    if (fromBase !== undefined && p === fromBase) break
    const st = lstatOrUndefined(p)
    if (st) {
      if (fromBase !== undefined && st.isSymbolicLink()) throw new ReportFileError('a folder on its path is a symbolic link')
      // A link to a folder is fine without a base (the user chose the path).
      if (!st.isDirectory() && !(st.isSymbolicLink() && isDirectory(p))) throw new ReportFileError('a part of its path is not a folder')
      if (fromBase === undefined) break
    } else missing.push(p)
    const up = dirname(p)
    if (up === p) break
    if (missing.length > MAX_NEW_FOLDERS) throw new ReportFileError('too many folders to create')
    p = up
  }
  for (const m of missing.reverse()) {
    try {
      mkdirSync(m)
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST' || !lstatSync(m).isDirectory()) {
        throw new ReportFileError(`cannot create folder ${m} (${(e as NodeJS.ErrnoException).code ?? 'error'})`)
      }
    }
  }
}

function isDirectory(p: string): boolean {
  try {
    return statSync(p).isDirectory()
  } catch {
    return false
  }
}

/** Checks where `absolute` may be written: inside a base, no linked folder below it; returns the path to use. */
function placeInside(absolute: string, bases: readonly string[]): { path: string; base: string } {
  for (const b of bases) {
    if (!b) continue
    const given = resolve(b)
    let real: string
    try {
      real = realpathSync.native(given)
    } catch {
      continue
    }
    for (const candidate of [given, real]) {
      if (inside(candidate, absolute)) {
        const path = join(real, relative(candidate, absolute))
        if (path === real) throw new ReportFileError('it is the workspace folder itself')
        return { path, base: real }
      }
    }
  }
  throw new ReportFileError('it is outside the workspace and RUNNER_TEMP')
}

/**
 * Writes `text` to `path` (absolute, or relative to the current folder) as a
 * new regular file. Throws {@link ReportFileError} when the path is refused.
 */
export function writeReportFile(path: string, text: string, options: WriteOptions = {}): void {
  let absolute = resolve(path)
  let base: string | undefined
  if (options.within) ({ path: absolute, base } = placeInside(absolute, options.within))
  if (parse(absolute).root === absolute) throw new ReportFileError('it is a folder')
  makeFolders(dirname(absolute), base)
  const st = lstatOrUndefined(absolute)
  let flags = constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | (constants.O_NOFOLLOW ?? 0)
  if (st) {
    if (st.isSymbolicLink()) throw new ReportFileError('it is a symbolic link (not followed)')
    if (st.isDirectory()) throw new ReportFileError('it is a directory')
    if (st.isFile()) unlinkSync(absolute)
    // A device or pipe the user named (`/dev/null`, a FIFO): written in place, never removed.
    else if (base === undefined) flags = constants.O_WRONLY | (constants.O_NOFOLLOW ?? 0)
    else throw new ReportFileError('it is not a regular file')
  }
  const fd = openSync(absolute, flags, 0o644)
  try {
    const buf = Buffer.from(text, 'utf8')
    let off = 0
    while (off < buf.length) off += writeSync(fd, buf, off, buf.length - off)
  } finally {
    closeSync(fd)
  }
}

/** Checks up front (before a long audit) that `path` can be written: folders made, no folder or link in its place. */
export function prepareReportFile(path: string, options: WriteOptions = {}): void {
  let absolute = resolve(path)
  let base: string | undefined
  if (options.within) ({ path: absolute, base } = placeInside(absolute, options.within))
  if (parse(absolute).root === absolute) throw new ReportFileError('it is a folder')
  makeFolders(dirname(absolute), base)
  const st = lstatOrUndefined(absolute)
  if (st?.isSymbolicLink()) throw new ReportFileError('it is a symbolic link (not followed)')
  if (st?.isDirectory()) throw new ReportFileError('it is a directory')
}
