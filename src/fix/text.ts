/**
 * Text edits at offsets of the original text, and a unified diff, shared by
 * `fix` and `init`. Edits never re-serialise a document: everything outside
 * an edit's span stays byte-identical.
 */

/** Replace `[start, end)` of the original text with `text` (start === end inserts). */
export interface TextEdit {
  start: number
  end: number
  text: string
}

/**
 * Applies edits given in original offsets. Overlapping edits are an error;
 * insertions at the same offset keep their order.
 */
export function applyTextEdits(text: string, edits: readonly TextEdit[]): string {
  const sorted = edits.map((e, i) => ({ ...e, i })).sort((a, b) => a.start - b.start || a.end - b.end || a.i - b.i)
  let out = ''
  let at = 0
  for (const e of sorted) {
    if (e.start < at || e.end < e.start || e.end > text.length) {
      throw new Error(`overlapping or invalid edit at offset ${e.start}`)
    }
    out += text.slice(at, e.start) + e.text
    at = e.end
  }
  return out + text.slice(at)
}

/** Offset where the line holding `off` starts. */
export function lineStart(text: string, off: number): number {
  return text.lastIndexOf('\n', off - 1) + 1
}

/** Offset just past the newline ending the line that holds `off` (text length on the last line). */
export function nextLineStart(text: string, off: number): number {
  const nl = text.indexOf('\n', off)
  return nl < 0 ? text.length : nl + 1
}

/** Column (0-based) of `off` in its line. */
export function columnOf(text: string, off: number): number {
  return off - lineStart(text, off)
}

/** The line ending the file uses (`\r\n` when its first line break is one). */
export function eolOf(text: string): string {
  const nl = text.indexOf('\n')
  return nl > 0 && text[nl - 1] === '\r' ? '\r\n' : '\n'
}

function splitLines(text: string): string[] {
  if (text === '') return []
  const lines = text.split('\n')
  if (lines[lines.length - 1] === '') lines.pop()
  return lines
}

type Op = { kind: ' ' | '-' | '+'; line: string }

function diffOps(a: string[], b: string[]): Op[] {
  let pre = 0
  while (pre < a.length && pre < b.length && a[pre] === b[pre]) pre++
  let suf = 0
  while (suf < a.length - pre && suf < b.length - pre && a[a.length - 1 - suf] === b[b.length - 1 - suf]) suf++
  const am = a.slice(pre, a.length - suf)
  const bm = b.slice(pre, b.length - suf)
  const mid: Op[] = []
  if (am.length * bm.length > 4_000_000) {
    for (const l of am) mid.push({ kind: '-', line: l })
    for (const l of bm) mid.push({ kind: '+', line: l })
  } else {
    // Longest common subsequence, filled from the end.
    const w = bm.length + 1
    const dp = new Uint32Array((am.length + 1) * w)
    for (let i = am.length - 1; i >= 0; i--) {
      for (let j = bm.length - 1; j >= 0; j--) {
        dp[i * w + j] = am[i] === bm[j] ? dp[(i + 1) * w + j + 1] + 1 : Math.max(dp[(i + 1) * w + j], dp[i * w + j + 1])
      }
    }
    let i = 0
    let j = 0
    while (i < am.length || j < bm.length) {
      if (i < am.length && j < bm.length && am[i] === bm[j]) {
        mid.push({ kind: ' ', line: am[i] })
        i++
        j++
      } else if (i < am.length && (j >= bm.length || dp[(i + 1) * w + j] >= dp[i * w + j + 1])) {
        mid.push({ kind: '-', line: am[i++] })
      } else {
        mid.push({ kind: '+', line: bm[j++] })
      }
    }
  }
  return [
    ...a.slice(0, pre).map((line) => ({ kind: ' ' as const, line })),
    ...mid,
    ...a.slice(a.length - suf).map((line) => ({ kind: ' ' as const, line }))
  ]
}

/**
 * Maps 1-based line numbers of `before` to `after`: unchanged lines follow the
 * line diff, and inside a changed block removed and added lines are paired in
 * order (a line edited in place keeps its place). A line with no counterpart
 * maps to undefined.
 */
export function lineMap(before: string, after: string): (line: number) => number | undefined {
  const ops = diffOps(splitLines(before), splitLines(after))
  const map = new Map<number, number>()
  let x = 0
  let y = 0
  let removed: number[] = []
  let added: number[] = []
  const pair = (): void => {
    for (let k = 0; k < Math.min(removed.length, added.length); k++) map.set(removed[k], added[k])
    removed = []
    added = []
  }
  for (const o of ops) {
    if (o.kind === ' ') {
      pair()
      map.set(++x, ++y)
    } else if (o.kind === '-') removed.push(++x)
    else added.push(++y)
  }
  pair()
  return (line) => map.get(line)
}

/**
 * Unified diff of two texts (3 lines of context). `before` undefined means the
 * file is new. Returns '' when nothing changed.
 */
export function unifiedDiff(path: string, before: string | undefined, after: string, context = 3): string {
  if (before === after) return ''
  const a = splitLines(before ?? '')
  const b = splitLines(after)
  const ops = diffOps(a, b)
  const changed = ops.map((o, k) => (o.kind === ' ' ? -1 : k)).filter((k) => k >= 0)
  if (!changed.length) return ''
  // Group changes whose context overlaps into hunks.
  const hunks: [number, number][] = []
  for (const k of changed) {
    const from = Math.max(0, k - context)
    const to = Math.min(ops.length, k + context + 1)
    const last = hunks[hunks.length - 1]
    if (last && from <= last[1]) last[1] = Math.max(last[1], to)
    else hunks.push([from, to])
  }
  let out = `--- ${before === undefined ? '/dev/null' : `a/${path}`}\n+++ b/${path}\n`
  const aNoEol = before !== undefined && before !== '' && !before.endsWith('\n')
  const bNoEol = after !== '' && !after.endsWith('\n')
  // Index of each op's line in a and b, to mark a last line without a newline.
  const ai: number[] = []
  const bi: number[] = []
  let x = 0
  let y = 0
  for (const o of ops) {
    ai.push(o.kind !== '+' ? x++ : -1)
    bi.push(o.kind !== '-' ? y++ : -1)
  }
  for (const [from, to] of hunks) {
    const slice = ops.slice(from, to)
    const aCount = slice.filter((o) => o.kind !== '+').length
    const bCount = slice.filter((o) => o.kind !== '-').length
    const aBefore = ai.slice(0, from).filter((i) => i >= 0).length
    const bBefore = bi.slice(0, from).filter((i) => i >= 0).length
    out += `@@ -${aCount ? aBefore + 1 : aBefore},${aCount} +${bCount ? bBefore + 1 : bBefore},${bCount} @@\n`
    for (let k = from; k < to; k++) {
      const o = ops[k]
      out += `${o.kind}${o.line.replace(/\r$/, '')}\n`
      const lastA = ai[k] === a.length - 1 && aNoEol
      const lastB = bi[k] === b.length - 1 && bNoEol
      if ((o.kind === '-' && lastA) || (o.kind === '+' && lastB) || (o.kind === ' ' && (lastA || lastB)))
        out += '\\ No newline at end of file\n'
    }
  }
  return out
}
