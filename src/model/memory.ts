/**
 * Memory files (CLAUDE.md and friends) and their `@path` imports, resolved the
 * way Claude Code resolves them: relative to the importing file, never inside
 * code spans or fenced blocks, at most four hops deep.
 */
import { posix } from 'node:path'
import type { SourceFile } from '../parse/source.js'

/** One `@path` reference in a memory file. */
export interface ImportRef {
  /** Text after `@` as written. */
  raw: string
  /** Offset of the `@`. */
  start: number
  end: number
  /** Repository-relative target, or undefined when it leaves the repository or is home-relative. */
  target?: string
  /** Why the target cannot be inside the repository. */
  outside?: 'home' | 'absolute' | 'parent'
}

/** Claude Code follows imports at most this many hops (current docs; older docs said 5). */
export const MAX_IMPORT_HOPS = 4

/**
 * Whether an `@word` looks like an intended file import rather than a mention
 * (`@claude`) or a package scope: it has a path separator or a file extension,
 * or starts with `./`, `../` or `~/`.
 */
function looksLikePath(raw: string): boolean {
  // `@/components/x` is a bundler alias for the source folder, not an absolute path.
  if (raw.startsWith('/') && !raw.startsWith('//')) {
    return /^\/(Users|home|etc|opt|tmp|var|usr|root|mnt|Volumes|private|Library|srv|workspace|workspaces)\//.test(raw)
  }
  if (/^(\.{1,2}\/|~\/)/.test(raw)) return true
  // `@example.com` is a mention or an address, not a file.
  if (/^[A-Za-z0-9_.-]+\.(com|org|net|io|dev|ai|co|app|gov|edu)$/i.test(raw)) return false
  if (/^[A-Za-z0-9_.-]+\.[A-Za-z0-9]{1,8}$/.test(raw)) return true
  if (raw.includes('/')) {
    // `@scope/package` names (npm) are not files; a trailing slash or a
    // dotted last segment is.
    if (/^[a-z0-9-]+\/[a-z0-9._-]+$/.test(raw) && !/\.[a-z]{1,8}$/i.test(raw)) return false
    return true
  }
  return false
}

/** Replaces HTML comments with blanks of the same length (newlines kept), so offsets stay right. */
function maskHtmlComments(text: string): string {
  // One pass with indexOf: once a `<!--` has no `-->` after it, no later one
  // has either (`<!--[\s\S]*?-->` retried from each of them: quadratic).
  let out = ''
  let at = 0
  for (;;) {
    const open = text.indexOf('<!--', at)
    if (open < 0) break
    const close = text.indexOf('-->', open + 4)
    if (close < 0) break
    out += text.slice(at, open) + text.slice(open, close + 3).replace(/[^\n]/g, ' ')
    at = close + 3
  }
  return at === 0 ? text : out + text.slice(at)
}

/**
 * Blanks inline code spans of one line (same length): a run of backticks
 * opens a span that the next run of the same length closes (CommonMark); a
 * run with no such partner is literal text. Runs are paired left to right
 * with one list of positions per run length, so a line of unmatched runs
 * costs linear time.
 */
function maskCodeSpans(line: string): string {
  const runs: { start: number; len: number }[] = []
  for (const m of line.matchAll(/`+/g)) runs.push({ start: m.index, len: m[0].length })
  if (runs.length < 2) return line
  const byLen = new Map<number, number[]>()
  runs.forEach((r, i) => {
    const list = byLen.get(r.len)
    if (list) list.push(i)
    else byLen.set(r.len, [i])
  })
  const next = new Map<number, number>()
  let out = ''
  let at = 0
  for (let i = 0; i < runs.length; i++) {
    const open = runs[i] as { start: number; len: number }
    const list = byLen.get(open.len) as number[]
    let k = next.get(open.len) ?? 0
    while (k < list.length && (list[k] as number) <= i) k++
    next.set(open.len, k)
    if (k >= list.length) continue
    const j = list[k] as number
    const close = runs[j] as { start: number; len: number }
    const end = close.start + close.len
    out += line.slice(at, open.start) + ' '.repeat(end - open.start)
    at = end
    i = j
  }
  return at === 0 ? line : out + line.slice(at)
}

/**
 * Finds `@path` imports the way Claude Code's Markdown pass sees them: not
 * inside code spans, fenced or indented code blocks, or HTML comments.
 */
export function findImports(file: SourceFile, dir: string): ImportRef[] {
  const out: ImportRef[] = []
  // Every import is an `@` of the text (masking only blanks characters): none after `last`.
  const last = file.text.lastIndexOf('@')
  if (last < 0) return out
  const text = maskHtmlComments(file.text)
  let fence: string | undefined
  let offset = 0
  let prevBlank = true
  let inIndented = false
  let inList = false
  for (const rawLine of text.split('\n')) {
    if (offset > last) break
    const line = rawLine.replace(/\r$/, '')
    const lineStart = offset
    offset += rawLine.length + 1
    const f = /^\s{0,3}(```+|~~~+)/.exec(line)
    if (f) {
      if (!fence) fence = f[1][0]
      else if (f[1][0] === fence) fence = undefined
      prevBlank = false
      continue
    }
    if (fence) continue
    if (/^\s*$/.test(line)) {
      prevBlank = true
      continue
    }
    // An indented code block starts after a blank line outside a list.
    const indented = /^( {4}|\t)/.test(line)
    if (indented && (inIndented || (prevBlank && !inList))) {
      inIndented = true
      prevBlank = false
      continue
    }
    inIndented = false
    if (!indented) inList = /^\s{0,3}([-*+]|\d+[.)])\s/.test(line) || (inList && !prevBlank)
    prevBlank = false
    if (!line.includes('@')) continue
    // Blank out inline code spans so `@x` inside them is not an import.
    const masked = maskCodeSpans(line)
    const re = /(^|\s)@([^\s`"'<>()[\]{},;]+)/g
    let m: RegExpExecArray | null
    while ((m = re.exec(masked))) {
      const raw = trimTrailingPunctuation(m[2])
      if (!raw || !looksLikePath(raw)) continue
      const start = lineStart + m.index + m[1].length
      const ref: ImportRef = { raw, start, end: start + 1 + raw.length }
      if (raw.startsWith('~')) ref.outside = 'home'
      else if (raw.startsWith('/')) ref.outside = 'absolute'
      else {
        const joined = posix.normalize(posix.join(dir, raw))
        if (joined === '..' || joined.startsWith('../')) ref.outside = 'parent'
        else ref.target = joined.replace(/\/$/, '')
      }
      out.push(ref)
    }
  }
  return out
}

/** Drops trailing `.,:;!?` (a loop: `/[.,:;!?]+$/` retries from each mark of a long run). */
function trimTrailingPunctuation(s: string): string {
  let end = s.length
  while (end > 0 && '.,:;!?'.includes(s[end - 1] as string)) end--
  return s.slice(0, end)
}

/** A memory file with its imports. */
export interface MemoryFile {
  file: SourceFile
  imports: ImportRef[]
  /**
   * An `AGENTS.md` that Claude Code reads because the project has no
   * `CLAUDE.md` (Claude Code 2.1.277 and later; see {@link agentsMdFallbacks}). Other agents read it too, so
   * it alone does not show that the repository uses Claude Code.
   */
  fallback?: boolean
}

/** True for an `AGENTS.md` (any folder). */
export function isAgentsMdPath(p: string): boolean {
  return p === 'AGENTS.md' || p.endsWith('/AGENTS.md')
}

/** The folder a CLAUDE.md or AGENTS.md belongs to: its own, or the parent of `.claude/`. */
function memoryFolder(p: string): string {
  let dir = posix.dirname(p)
  if (dir === '.') dir = ''
  if (dir === '.claude') return ''
  return dir.endsWith('/.claude') ? dir.slice(0, -'/.claude'.length) : dir
}

/**
 * The folder whose CLAUDE.md this path is, for the names Claude Code looks for
 * before it falls back to AGENTS.md (`CLAUDE.md`, `.claude/CLAUDE.md`,
 * `CLAUDE.local.md`); undefined for other paths.
 */
function claudeMdFolder(p: string): string | undefined {
  if (p === 'CLAUDE.local.md') return ''
  if (p.endsWith('/CLAUDE.local.md')) return p.slice(0, -'/CLAUDE.local.md'.length)
  return p === 'CLAUDE.md' || p.endsWith('/CLAUDE.md') ? memoryFolder(p) : undefined
}

/**
 * The `AGENTS.md` files Claude Code reads as memory (2.1.277 and later, with
 * the default `instructionFiles` option), as Claude Code 2.1.332 does it
 * (conformance facts `agents-md-*`): only in a project whose root has no
 * `CLAUDE.md`, `.claude/CLAUDE.md` or `CLAUDE.local.md` (with one, no
 * `AGENTS.md` is read anywhere, not even in a subfolder without a CLAUDE.md);
 * then `AGENTS.md` / `.claude/AGENTS.md` at the root and, when Claude reads
 * files there, in each subfolder that has no CLAUDE.md of its own.
 */
export function agentsMdFallbacks(paths: readonly string[]): string[] {
  const withClaudeMd = new Set<string>()
  for (const p of paths) {
    const folder = claudeMdFolder(p)
    if (folder !== undefined) withClaudeMd.add(folder)
  }
  if (withClaudeMd.has('')) return []
  return paths.filter((p) => isAgentsMdPath(p) && !withClaudeMd.has(memoryFolder(p)))
}

/** True for paths Claude Code loads as memory (CLAUDE.md, CLAUDE.local.md, .claude/rules). */
export function isMemoryPath(p: string): boolean {
  return /(^|\/)(CLAUDE\.md|CLAUDE\.local\.md)$/.test(p) || /(^|\/)\.claude\/rules\/.+\.md$/.test(p)
}
