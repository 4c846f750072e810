/**
 * Follows a memory file's `@path` imports the way Claude Code loads them:
 * relative to the importing file, breadth first, each file once per root, at
 * most MAX_IMPORT_HOPS hops. Used by claude-md-too-long and memory-import-broken.
 */
import { posix } from 'node:path'
import type { Project } from '../../model/project.js'
import { findImports, MAX_IMPORT_HOPS, type ImportRef, type MemoryFile } from '../../model/memory.js'
import type { SourceFile } from '../../parse/source.js'

/** Why an import does not load. */
export type ImportProblemKind = 'missing' | 'directory' | 'outside' | 'cycle' | 'too-deep'

/** One import that does not load, in the file that contains it. */
export interface ImportProblem {
  ref: ImportRef
  file: SourceFile
  kind: ImportProblemKind
  /** Hop count of the import from the root, for too-deep. */
  hop: number
  /** For cycles: the chain that leads back. */
  chain?: string[]
}

/** What a root memory file loads. */
export interface MemoryWalk {
  /** The root first, then every imported file, each once. */
  files: SourceFile[]
  problems: ImportProblem[]
}

const walks = new WeakMap<MemoryFile, MemoryWalk>()

/** Walks the imports of one root memory file (once per file: two rules ask). */
export function walkMemory(project: Project, root: MemoryFile): MemoryWalk {
  let w = walks.get(root)
  if (!w) {
    w = walk(project, root)
    walks.set(root, w)
  }
  return w
}

function walk(project: Project, root: MemoryFile): MemoryWalk {
  const files: SourceFile[] = [root.file]
  const problems: ImportProblem[] = []
  const seen = new Set<string>([root.file.path])
  const queue: { file: SourceFile; imports: ImportRef[]; depth: number; chain: string[] }[] = [
    { file: root.file, imports: root.imports, depth: 0, chain: [root.file.path] }
  ]
  while (queue.length) {
    const cur = queue.shift() as (typeof queue)[number]
    for (const ref of cur.imports) {
      const hop = cur.depth + 1
      if (ref.outside || !ref.target) {
        problems.push({ ref, file: cur.file, kind: 'outside', hop })
        continue
      }
      const target = ref.target
      if (cur.chain.includes(target)) {
        problems.push({ ref, file: cur.file, kind: 'cycle', hop, chain: [...cur.chain, target] })
        continue
      }
      const st = project.reader.statInside(target)
      if (!st) {
        problems.push({ ref, file: cur.file, kind: 'missing', hop })
        continue
      }
      if (st.isDirectory()) {
        problems.push({ ref, file: cur.file, kind: 'directory', hop })
        continue
      }
      if (seen.has(target)) continue
      if (hop > MAX_IMPORT_HOPS) {
        problems.push({ ref, file: cur.file, kind: 'too-deep', hop })
        continue
      }
      seen.add(target)
      const f = project.reader.read(target)
      if (!f) continue
      files.push(f)
      const dir = posix.dirname(target) === '.' ? '' : posix.dirname(target)
      queue.push({ file: f, imports: findImports(f, dir), depth: hop, chain: [...cur.chain, target] })
    }
  }
  return { files, problems }
}
