/**
 * A file reader over mounted folders: `~/...` is read inside the home
 * directory, the managed settings inside their folder, everything else inside
 * the audited repository (if any). Each mount is a {@link FileReader}, so the
 * same safety holds: nothing is read through a link that leaves its mount, no
 * huge or binary file is read, and every skip is recorded with its reason —
 * under the path the report shows.
 */
import { realpathSync, type Stats } from 'node:fs'
import { FileReader } from '../discover.js'
import { SourceFile } from '../parse/source.js'

/** A folder readable under a display prefix (`~/`, `/etc/claude-code/`). */
export interface Mount {
  /** Display prefix, ending in `/`. */
  prefix: string
  /** Absolute folder on disk. */
  dir: string
  /** How a skip reason names the folder (`the home directory`). */
  name: string
}

function real(dir: string): string {
  try {
    return realpathSync.native(dir)
  } catch {
    return dir
  }
}

/** Reads display paths through the mounts; anything else through the repository's reader. */
export class MountedReader extends FileReader {
  private readonly mounts: { prefix: string; reader: FileReader; name: string }[]
  private readonly mapped = new Map<string, SourceFile | null>()

  constructor(
    mounts: readonly Mount[],
    private readonly base?: FileReader
  ) {
    super(base?.root ?? real(mounts[0]?.dir ?? '.'))
    // Longest prefix first: a config folder mounted inside another mount wins.
    this.mounts = [...mounts]
      .sort((a, b) => b.prefix.length - a.prefix.length)
      .map((m) => ({ prefix: m.prefix, reader: new FileReader(real(m.dir)), name: m.name }))
    // What the repository's reader skipped while the project was built.
    if (base) this.skipped.push(...base.skipped)
  }

  /** The mount that holds a display path, and the path inside it. */
  private route(path: string): { reader: FileReader; rel: string; prefix: string; name: string } | undefined {
    for (const m of this.mounts) if (path.startsWith(m.prefix)) return { reader: m.reader, rel: path.slice(m.prefix.length), prefix: m.prefix, name: m.name }
    return this.base ? { reader: this.base, rel: path, prefix: '', name: 'the repository' } : undefined
  }

  /** Whether a display path belongs to a mount (the machine) rather than the repository. */
  isMounted(path: string): boolean {
    return this.mounts.some((m) => path.startsWith(m.prefix))
  }

  override inside(relPath: string): string | undefined {
    const r = this.route(relPath)
    return r ? r.reader.inside(r.rel) : undefined
  }

  override exists(relPath: string): boolean {
    const r = this.route(relPath)
    return r ? r.reader.exists(r.rel) : false
  }

  override statInside(relPath: string): Stats | undefined {
    const r = this.route(relPath)
    return r ? r.reader.statInside(r.rel) : undefined
  }

  override read(relPath: string): SourceFile | null {
    const hit = this.mapped.get(relPath)
    if (hit !== undefined) return hit
    const r = this.route(relPath)
    let out: SourceFile | null = null
    if (r) {
      const before = r.reader.skipped.length
      const f = r.reader.read(r.rel)
      for (const s of r.reader.skipped.slice(before)) this.note(r.prefix + s.file, s.reason.replace('the repository', r.name))
      out = f && r.prefix !== '' ? new SourceFile(relPath, f.text) : f
    }
    this.mapped.set(relPath, out)
    return out
  }

  /** Records a file the audit did not read, under its display path. */
  note(file: string, reason: string): void {
    if (!this.skipped.some((s) => s.file === file)) this.skipped.push({ file, reason })
  }
}
