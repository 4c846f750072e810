/**
 * Glob matching without backtracking (issue 15, item 6): minimatch parses the
 * pattern (braces, `**`, escapes, classes, its dot rules), but it tests each
 * path segment with a regular expression in which every `*` is a lazy
 * `[^/]*?`, so a segment with k stars backtracks O(n^k) over a segment of n
 * characters (`Read(*a*a*a*a*b)` against a 200-character name took 31 s).
 * Here those segment tests are replaced by a wildcard matcher that keeps one
 * star to go back to (O(n·m) at worst). Segments using extglob syntax
 * (`+(a|b)`) keep minimatch's expression when it has at most one unbounded
 * repetition, and otherwise match nothing.
 */
import { Minimatch, type MinimatchOptions } from 'minimatch'

type Token = { kind: 'star' } | { kind: 'any' } | { kind: 'char'; c: string } | { kind: 'class'; re: RegExp }

const CLASSES = new Map<string, RegExp | undefined>()

/**
 * A tester of one bracket expression (`[a-c]`, `[!x]`, `[[:alpha:]]`) as minimatch reads it, for `x` and the
 * character; undefined when minimatch reads the brackets as text.
 */
function classTester(cls: string, nocase: boolean): RegExp | undefined {
  const key = `${nocase ? 'i' : ''}${cls}`
  if (CLASSES.has(key)) return CLASSES.get(key)
  // A literal first character keeps minimatch from adding its dot rule.
  const part = new Minimatch(`x${cls}`, { dot: true, nocase }).set[0]?.[0]
  const re = part instanceof RegExp && part.source.length < 4096 ? new RegExp(`^${part.source}$`, part.flags) : undefined
  CLASSES.set(key, re)
  return re
}

/** Index of the `]` closing the bracket expression opened at `open`, or -1. */
function classEnd(glob: string, open: number): number {
  let i = open + 1
  if (glob[i] === '!' || glob[i] === '^') i++
  if (glob[i] === ']') i++
  for (; i < glob.length; i++) {
    const c = glob[i]
    if (c === '\\') i++
    else if (c === '[' && glob[i + 1] === ':') {
      const close = glob.indexOf(':]', i + 2)
      if (close < 0) return -1
      i = close + 1
    } else if (c === ']') return i
  }
  return -1
}

/** Tokens of a segment glob, or undefined when it uses syntax this matcher does not read. */
function tokenize(glob: string, nocase: boolean): Token[] | undefined {
  const out: Token[] = []
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i] as string
    if ('+@!?*'.includes(c) && glob[i + 1] === '(') return undefined
    if (c === '\\' && i + 1 < glob.length) out.push({ kind: 'char', c: fold(glob[++i] as string, nocase) })
    else if (c === '*') {
      if (out[out.length - 1]?.kind !== 'star') out.push({ kind: 'star' })
    } else if (c === '?') out.push({ kind: 'any' })
    else if (c === '[') {
      const end = classEnd(glob, i)
      if (end < 0) return undefined
      const re = classTester(glob.slice(i, end + 1), nocase)
      if (!re) return undefined
      out.push({ kind: 'class', re })
      i = end
    } else out.push({ kind: 'char', c: fold(c, nocase) })
  }
  return out
}

/** A code unit as a case-insensitive regular expression without the `u` flag compares it. */
function fold(c: string, nocase: boolean): string {
  if (!nocase) return c
  const u = c.toUpperCase()
  if (u.length !== 1 || (c.charCodeAt(0) >= 128 && u.charCodeAt(0) < 128)) return c
  return u
}

function one(t: Token, c: string, nocase: boolean): boolean {
  switch (t.kind) {
    case 'any':
      return true
    case 'char':
      return t.c === fold(c, nocase)
    case 'class':
      return t.re.test(`x${c}`)
    default:
      return false
  }
}

/**
 * Whether `s` matches the tokens: `*` any run, `?` one code unit. Greedy with
 * one star to return to: a later star makes going back past an earlier one
 * useless, so each mismatch only moves the last star's start one place on.
 */
function wildcardMatch(tokens: readonly Token[], s: string, nocase: boolean): boolean {
  let ti = 0
  let si = 0
  let starTi = -1
  let starSi = 0
  while (si < s.length) {
    const t = tokens[ti]
    if (t !== undefined && t.kind !== 'star' && one(t, s[si] as string, nocase)) {
      ti++
      si++
    } else if (t !== undefined && t.kind === 'star') {
      starTi = ti++
      starSi = si
    } else if (starTi >= 0) {
      ti = starTi + 1
      si = ++starSi
    } else return false
  }
  while (tokens[ti]?.kind === 'star') ti++
  return ti === tokens.length
}

/** Number of unbounded repetitions in a regular expression's source (`*`, `+`, `{n,}`), escapes skipped. */
function unboundedRepeats(src: string): number {
  let n = 0
  for (let i = 0; i < src.length; i++) {
    const c = src[i]
    if (c === '\\') i++
    else if (c === '*' || c === '+') n++
    else if (c === '{' && /^\{\d+,\}/.test(src.slice(i, i + 12))) n++
  }
  return n
}

interface SegmentTest {
  test(segment: string): boolean
}

/** The linear stand-in for one segment expression of minimatch. */
function segmentTest(part: RegExp & { _glob?: string }): SegmentTest {
  const nocase = part.flags.includes('i')
  const tokens = typeof part._glob === 'string' ? tokenize(part._glob, nocase) : undefined
  if (!tokens) return unboundedRepeats(part.source) <= 1 ? part : { test: () => false }
  // `.`, `..` and the empty segment (minimatch's dot rule, its lone `*` needing one character):
  // minimatch's own expression, which takes constant time on them.
  return { test: (f: string) => (f === '' || f === '.' || f === '..' ? part.test(f) : wildcardMatch(tokens, f, nocase)) }
}

/**
 * A minimatch matcher whose segment tests never backtrack; `match` behaves as
 * minimatch's.
 */
export function linearGlob(pattern: string, options: MinimatchOptions = {}): Minimatch {
  const mm = new Minimatch(pattern, options)
  mm.set = mm.set.map((parts) =>
    parts.map((p) => (p instanceof RegExp ? (segmentTest(p) as unknown as RegExp) : p))
  ) as typeof mm.set
  return mm
}
