/**
 * A file's text with a line index, so offsets become 1-based line/column pairs.
 */

/** A 1-based position in a file. */
export interface Position {
  line: number
  column: number
}

/** Text of one repository file plus the offsets at which its lines start. */
export class SourceFile {
  /** Repository-relative path, forward slashes. */
  readonly path: string
  readonly text: string
  private starts: number[] | undefined

  constructor(path: string, text: string) {
    this.path = path
    // A leading BOM is not part of the content; removing it keeps columns right.
    this.text = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text
  }

  private lineStarts(): number[] {
    if (!this.starts) {
      const starts = [0]
      const t = this.text
      // indexOf finds each line break natively, rather than a loop over every character.
      for (let i = t.indexOf('\n'); i >= 0; i = t.indexOf('\n', i + 1)) starts.push(i + 1)
      this.starts = starts
    }
    return this.starts
  }

  /** Number of lines (a final newline does not start a new line). */
  get lineCount(): number {
    const s = this.lineStarts()
    return this.text.endsWith('\n') ? s.length - 1 : s.length
  }

  /** Converts a 0-based offset to a 1-based line and column. */
  position(offset: number): Position {
    const starts = this.lineStarts()
    const o = Math.max(0, Math.min(offset, this.text.length))
    let lo = 0
    let hi = starts.length - 1
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1
      if (starts[mid] <= o) lo = mid
      else hi = mid - 1
    }
    return { line: lo + 1, column: o - starts[lo] + 1 }
  }

  /** Offset where 1-based line `line` starts. */
  lineOffset(line: number): number {
    const starts = this.lineStarts()
    return starts[Math.max(0, Math.min(line - 1, starts.length - 1))]
  }

  /** Text of 1-based line `line`, without its line break. */
  lineText(line: number): string {
    const start = this.lineOffset(line)
    let end = this.text.indexOf('\n', start)
    if (end < 0) end = this.text.length
    return this.text.slice(start, end).replace(/\r$/, '')
  }
}

/** A half-open range of offsets in one file. */
export interface Span {
  file: SourceFile
  start: number
  end: number
}

/** Span covering the non-blank text of a line (used when only a line is known). */
export function lineSpan(file: SourceFile, line: number): Span {
  const start = file.lineOffset(line)
  const text = file.lineText(line)
  const lead = text.length - text.trimStart().length
  return { file, start: start + lead, end: start + text.trimEnd().length }
}
