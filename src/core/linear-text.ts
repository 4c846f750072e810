/**
 * String helpers that replace regular expressions whose backtracking is
 * super-linear in the text they see (issue 15, item 6). Each does exactly what
 * the expression named in its comment did, in one pass.
 */

/** Line terminators as `.` and `$`/`^` (with the `m` flag) see them. */
const LINE_TERMINATORS = '\n\r\u2028\u2029'

/** Whether `c` ends a line for `.` in a regular expression. */
export function isLineTerminator(c: string | undefined): boolean {
  return c !== undefined && c.length === 1 && LINE_TERMINATORS.includes(c)
}

/** Whether `s` holds a line terminator. */
export function hasLineTerminator(s: string): boolean {
  for (let i = 0; i < s.length; i++) if (isLineTerminator(s[i])) return true
  return false
}

/** The text after the last line terminator of `s` (all of it when there is none). */
export function lastLine(s: string): string {
  for (let i = s.length - 1; i >= 0; i--) if (isLineTerminator(s[i])) return s.slice(i + 1)
  return s
}

/** `s` without its trailing run of `ch` (one character): `s.replace(/ch+$/, '')`. */
export function trimEndChar(s: string, ch: string): string {
  let end = s.length
  while (end > 0 && s[end - 1] === ch) end--
  return s.slice(0, end)
}

/**
 * `s.replace(/ch.*$/, '')` (no flags): cut at the first `ch` of the last line
 * (`.` stops at line terminators and `$` is the end of the text).
 */
export function cutAtFirstInLastLine(s: string, ch: string): string {
  const at = s.indexOf(ch, s.length - lastLine(s).length)
  return at < 0 ? s : s.slice(0, at)
}

/**
 * The non-empty parts of `s` between separators, as splitting at the regular
 * expression `\s*(?:sep1|sep2|…)\s*` and dropping empty parts gave them: whitespace
 * next to a separator dropped, the text's own leading and trailing whitespace
 * kept. `separators` are tried in order at each place, as the alternation was.
 */
export function splitOnSeparators(s: string, separators: readonly string[]): string[] {
  const pieces: string[] = []
  let from = 0
  for (let i = 0; i < s.length;) {
    const sep = separators.find((x) => s.startsWith(x, i))
    if (sep === undefined) {
      i++
      continue
    }
    pieces.push(s.slice(from, i))
    i += sep.length
    from = i
  }
  pieces.push(s.slice(from))
  return pieces
    .map((p, i) => {
      let q = p
      if (i > 0) q = q.trimStart()
      if (i < pieces.length - 1) q = q.trimEnd()
      return q
    })
    .filter(Boolean)
}

/**
 * Whether `text` matches a pattern whose only wildcard is `*` (any run of
 * characters, line breaks included). Consecutive stars are one star; the
 * first piece must start the text and the last must end it, and the pieces
 * between are found left to right, each at its first place after the one
 * before (the leftmost place leaves the most room for the rest, so this
 * never needs to go back). Linear in the text for each piece, where a
 * regular expression of `.*` runs backtracks exponentially in the stars.
 */
export function globMatches(pattern: string, text: string): boolean {
  const pieces = pattern.split('*')
  if (pieces.length === 1) return pattern === text
  const first = pieces[0] as string
  const last = pieces[pieces.length - 1] as string
  if (text.length < first.length + last.length || !text.startsWith(first) || !text.endsWith(last)) return false
  const end = text.length - last.length
  let at = first.length
  for (let i = 1; i < pieces.length - 1; i++) {
    const piece = pieces[i] as string
    if (piece === '') continue
    const found = text.indexOf(piece, at)
    if (found < 0 || found + piece.length > end) return false
    at = found + piece.length
  }
  return true
}

/** `s` with the characters that are special in a regular expression escaped. */
export function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
}
