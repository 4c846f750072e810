/**
 * Follows a memory file's `@path` imports the way Claude Code loads them:
 * relative to the importing file, breadth first, each file once per root, at
 * most MAX_IMPORT_HOPS hops, and measures what each file puts into the
 * context (block-level HTML comments stripped). Used by claude-md-too-long
 * and memory-import-broken.
 */
import { posix } from 'node:path'
import type { Project } from '../model/project.js'
import { findImports, MAX_IMPORT_HOPS, type ImportRef, type MemoryFile } from '../model/memory.js'
import type { SourceFile } from '../parse/source.js'

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

/** What one memory file puts into the context. */
export interface LoadedSize {
  lines: number
  chars: number
  /** Lines dropped because they are block-level HTML comments. */
  commentLines: number
}

const sizes = new WeakMap<SourceFile, LoadedSize>()

/**
 * Lines and characters of a memory file as Claude Code injects it: block-level
 * HTML comments (a line that starts, after at most three spaces, with `<!--`,
 * through the line that holds `-->`) are stripped first; comments inside
 * fenced code blocks and comments within a line of text stay. Text after the
 * closing `-->` on the same line still counts.
 */
export function loadedSize(file: SourceFile): LoadedSize {
  let size = sizes.get(file)
  if (!size) {
    size = measure(file.text)
    sizes.set(file, size)
  }
  return size
}

function measure(text: string): LoadedSize {
  // Without `<!--` no line is a comment and every line is kept whole: the line count, and the
  // characters less the `\r` dropped at each line end (each kept line counts its `\n`; the last
  // one has none when the text does not end with one). Counted without splitting the text.
  if (!text.includes('<!--')) {
    let lines = 1
    let crs = text.endsWith('\r') ? 1 : 0
    for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) {
      lines++
      if (text.charCodeAt(i - 1) === 13) crs++
    }
    if (text.endsWith('\n')) lines--
    return { lines, chars: Math.max(0, text.length - crs), commentLines: 0 }
  }
  const src = text.split('\n')
  if (text.endsWith('\n')) src.pop()
  let lines = 0
  let chars = 0
  let commentLines = 0
  const keep = (line: string): void => {
    lines++
    chars += line.length + 1
  }
  let fence: { char: string; len: number } | undefined
  let inComment = false
  for (const raw of src) {
    const line = raw.replace(/\r$/, '')
    if (inComment) {
      const end = line.indexOf('-->')
      if (end < 0) {
        commentLines++
        continue
      }
      inComment = false
      const rest = line.slice(end + 3)
      if (rest.trim()) keep(rest)
      else commentLines++
      continue
    }
    const f = /^ {0,3}(`{3,}|~{3,})/.exec(line)
    if (f) {
      if (!fence) fence = { char: f[1][0], len: f[1].length }
      else if (f[1][0] === fence.char && f[1].length >= fence.len && !line.slice(f[0].length).trim()) fence = undefined
      keep(line)
      continue
    }
    if (fence || !/^ {0,3}<!--/.test(line)) {
      keep(line)
      continue
    }
    const open = line.indexOf('<!--')
    const end = line.indexOf('-->', open + 4)
    if (end < 0) {
      inComment = true
      commentLines++
      continue
    }
    const rest = line.slice(end + 3)
    if (rest.trim()) keep(rest)
    else commentLines++
  }
  // The last line has no newline when the file does not end with one.
  if (lines > 0 && !text.endsWith('\n')) chars--
  return { lines, chars: Math.max(0, chars), commentLines }
}
