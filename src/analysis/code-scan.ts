/**
 * A small token scanner for TypeScript/JavaScript and Python source, enough to
 * find calls, their arguments and the string literals passed to them without a
 * parser dependency. It skips comments, reads strings (quotes, escapes, JS
 * template literals with nested `${...}`, Python prefixes and triple quotes,
 * f-string substitutions), tells a JS regex literal from a division, and keeps
 * every token's offsets so findings point at exact lines and columns.
 *
 * It is deliberately forgiving: malformed input never throws, an unterminated
 * single-line string ends at the line break (so JSX text such as `don't` only
 * disturbs one line), and bracket matching gives up cleanly.
 *
 * Used by the Anthropic API / Agent SDK rules (prompt-caching-missing,
 * inline-system-prompt, no-turn-limit).
 */

/** Source language family. */
export type Lang = 'js' | 'py'

/** One token of source code (comments and whitespace are not tokens). */
export interface Token {
  kind: 'ident' | 'string' | 'number' | 'punct' | 'regex'
  /** Source text of the token. */
  text: string
  start: number
  end: number
  /** For strings: the literal text (escapes decoded, substitutions removed). */
  value?: string
  /** For strings: true when the literal has substitutions (`${}` in JS templates, `{}` in f-strings). */
  dynamic?: boolean
  /** A line break lies between this token and the previous one (or it is the first token). */
  nl: boolean
}

/** The language of a path by its extension, or undefined for other files. */
export function langOf(path: string): Lang | undefined {
  if (/\.(?:[cm]?[jt]s|[jt]sx)$/i.test(path)) return 'js'
  if (/\.pyi?$/i.test(path)) return 'py'
  return undefined
}

const JS_PUNCT3 = ['>>>=', '...', '===', '!==', '**=', '<<=', '>>=', '>>>', '&&=', '||=', '??=']
const JS_PUNCT2 = [
  '=>',
  '==',
  '!=',
  '<=',
  '>=',
  '&&',
  '||',
  '??',
  '?.',
  '++',
  '--',
  '+=',
  '-=',
  '*=',
  '/=',
  '%=',
  '&=',
  '|=',
  '^=',
  '**',
  '<<',
  '>>'
]
const PY_PUNCT3 = ['**=', '//=', '>>=', '<<=', '...']
const PY_PUNCT2 = [
  '**',
  '//',
  '==',
  '!=',
  '<=',
  '>=',
  '->',
  ':=',
  '+=',
  '-=',
  '*=',
  '/=',
  '%=',
  '&=',
  '|=',
  '^=',
  '@=',
  '<<',
  '>>'
]
const JS_PUNCT = new Set([...JS_PUNCT3, ...JS_PUNCT2])
const PY_PUNCT = new Set([...PY_PUNCT3, ...PY_PUNCT2])
/** Characters that may start a multi-character operator. */
const MULTI_START = new Set('<>=!&|?.+-*/%^@:')

/** The longest operator at `i` (4 to 1 characters). */
function punctAt(text: string, i: number, ops: ReadonlySet<string>): string {
  if (MULTI_START.has(text[i])) {
    for (let n = 4; n >= 2; n--) {
      const p = text.substr(i, n)
      if (ops.has(p)) return p
    }
  }
  return text[i]
}

/** JS keywords after which a `/` starts a regular expression. */
const REGEX_AFTER_WORD = new Set([
  'return',
  'typeof',
  'instanceof',
  'in',
  'of',
  'new',
  'delete',
  'void',
  'throw',
  'case',
  'do',
  'else',
  'yield',
  'await'
])

const isIdStart = (c: string): boolean => {
  const k = c.charCodeAt(0)
  return (k >= 97 && k <= 122) || (k >= 65 && k <= 90) || k === 95 || k === 36 || k >= 0xc0
}
const isIdPart = (c: string): boolean => {
  const k = c.charCodeAt(0)
  return (k >= 97 && k <= 122) || (k >= 65 && k <= 90) || (k >= 48 && k <= 57) || k === 95 || k === 36 || k >= 0xc0
}

/** Tokenizes source text. Never throws. */
export function tokenize(text: string, lang: Lang): Token[] {
  return lang === 'js' ? tokenizeJs(text) : tokenizePy(text)
}

function decodeEscape(text: string, i: number): { ch: string; len: number } {
  const c = text[i + 1]
  switch (c) {
    case 'n':
      return { ch: '\n', len: 2 }
    case 't':
      return { ch: '\t', len: 2 }
    case 'r':
      return { ch: '\r', len: 2 }
    case '\r':
      return { ch: '', len: text[i + 2] === '\n' ? 3 : 2 }
    case '\n':
      return { ch: '', len: 2 }
    case undefined:
      return { ch: '', len: 1 }
    default:
      return { ch: c, len: 2 }
  }
}

function tokenizeJs(text: string): Token[] {
  const out: Token[] = []
  const n = text.length
  let i = 0
  let nl = true
  const push = (t: Omit<Token, 'nl'>): void => {
    ;(t as Token).nl = nl
    out.push(t as Token)
    nl = false
  }
  const regexAllowed = (): boolean => {
    const prev = out[out.length - 1]
    if (!prev) return true
    if (prev.kind === 'ident') return REGEX_AFTER_WORD.has(prev.text)
    if (prev.kind === 'punct') return ![')', ']', '}'].includes(prev.text)
    return false
  }
  while (i < n) {
    const c = text[i]
    if (c === '\n') {
      nl = true
      i++
      continue
    }
    if (c === ' ' || c === '\t' || c === '\r' || c === '\f' || c === '\v' || c === '\ufeff' || c === '\u00a0') {
      i++
      continue
    }
    if (c === '/' && text[i + 1] === '/') {
      while (i < n && text[i] !== '\n') i++
      continue
    }
    if (c === '/' && text[i + 1] === '*') {
      const e = text.indexOf('*/', i + 2)
      const end = e < 0 ? n : e + 2
      if (text.slice(i, end).includes('\n')) nl = true
      i = end
      continue
    }
    if (c === '#' && i === 0 && text[1] === '!') {
      while (i < n && text[i] !== '\n') i++
      continue
    }
    if (c === '"' || c === "'") {
      const start = i
      let value = ''
      i++
      let chunk = i
      while (i < n && text[i] !== c && text[i] !== '\n') {
        if (text[i] === '\\') {
          const e = decodeEscape(text, i)
          value += text.slice(chunk, i) + e.ch
          i += e.len
          chunk = i
        } else {
          i++
        }
      }
      value += text.slice(chunk, Math.min(i, n))
      if (text[i] === c) i++
      push({ kind: 'string', text: text.slice(start, i), start, end: i, value })
      continue
    }
    if (c === '`') {
      const start = i
      const r = scanTemplate(text, i)
      i = r.end
      push({ kind: 'string', text: text.slice(start, i), start, end: i, value: r.value, dynamic: r.dynamic })
      continue
    }
    if (/[0-9]/.test(c) || (c === '.' && /[0-9]/.test(text[i + 1] ?? ''))) {
      const start = i
      while (i < n && /[\w.]/.test(text[i])) i++
      push({ kind: 'number', text: text.slice(start, i), start, end: i })
      continue
    }
    if (isIdStart(c) || c === '#' || c === '@') {
      const start = i
      i++
      while (i < n && isIdPart(text[i])) i++
      push({ kind: 'ident', text: text.slice(start, i), start, end: i })
      continue
    }
    if (c === '/' && regexAllowed()) {
      const start = i
      i++
      let inClass = false
      while (i < n && text[i] !== '\n') {
        const d = text[i]
        if (d === '\\') {
          i += 2
          continue
        }
        if (d === '[') inClass = true
        else if (d === ']') inClass = false
        else if (d === '/' && !inClass) break
        i++
      }
      if (text[i] === '/') {
        i++
        while (i < n && /[a-z]/i.test(text[i])) i++
        push({ kind: 'regex', text: text.slice(start, i), start, end: i })
        continue
      }
      // Not a regex after all: a lone slash.
      i = start + 1
      push({ kind: 'punct', text: '/', start, end: i })
      continue
    }
    const p = punctAt(text, i, JS_PUNCT)
    push({ kind: 'punct', text: p, start: i, end: i + p.length })
    i += p.length
  }
  return out
}

/** Scans a template literal from its opening backtick; nested `${...}` may hold strings, templates and braces. */
function scanTemplate(text: string, at: number): { end: number; value: string; dynamic: boolean } {
  const n = text.length
  let i = at + 1
  let value = ''
  let dynamic = false
  while (i < n && text[i] !== '`') {
    if (text[i] === '\\') {
      const e = decodeEscape(text, i)
      value += e.ch
      i += e.len
    } else if (text[i] === '$' && text[i + 1] === '{') {
      dynamic = true
      i = skipJsExpression(text, i + 2)
    } else {
      value += text[i++]
    }
  }
  return { end: Math.min(n, i + 1), value, dynamic }
}

/** Skips a `${ ... }` expression body (from after `${`) to after its closing brace. */
function skipJsExpression(text: string, from: number): number {
  const n = text.length
  let depth = 1
  let i = from
  while (i < n) {
    const c = text[i]
    if (c === '{') depth++
    else if (c === '}') {
      depth--
      if (depth === 0) return i + 1
    } else if (c === '`') {
      i = scanTemplate(text, i).end
      continue
    } else if (c === '"' || c === "'") {
      i++
      while (i < n && text[i] !== c && text[i] !== '\n') i += text[i] === '\\' ? 2 : 1
    } else if (c === '/' && text[i + 1] === '/') {
      while (i < n && text[i] !== '\n') i++
      continue
    } else if (c === '/' && text[i + 1] === '*') {
      const e = text.indexOf('*/', i + 2)
      i = e < 0 ? n : e + 2
      continue
    }
    i++
  }
  return n
}

const PY_PREFIX = /^(?:[rRuUbBfF]|[rR][bBfF]|[bBfF][rR])(?=['"])/

function tokenizePy(text: string): Token[] {
  const out: Token[] = []
  const n = text.length
  let i = 0
  let nl = true
  const push = (t: Omit<Token, 'nl'>): void => {
    ;(t as Token).nl = nl
    out.push(t as Token)
    nl = false
  }
  while (i < n) {
    const c = text[i]
    if (c === '\n') {
      nl = true
      i++
      continue
    }
    if (c === ' ' || c === '\t' || c === '\r' || c === '\f' || c === '\ufeff') {
      i++
      continue
    }
    if (c === '\\' && (text[i + 1] === '\n' || text[i + 1] === '\r')) {
      // Explicit line continuation: the logical line goes on.
      i += text[i + 1] === '\r' && text[i + 2] === '\n' ? 3 : 2
      continue
    }
    if (c === '#') {
      while (i < n && text[i] !== '\n') i++
      continue
    }
    const pre = 'rRuUbBfF'.includes(c) ? PY_PREFIX.exec(text.slice(i, i + 3)) : null
    if (c === '"' || c === "'" || (pre && (i === 0 || !isIdPart(text[i - 1])))) {
      const start = i
      const prefix = pre && c !== '"' && c !== "'" ? pre[0] : ''
      i += prefix.length
      const raw = /r/i.test(prefix)
      const fmt = /f/i.test(prefix)
      const q = text[i]
      const triple = text.startsWith(q.repeat(3), i)
      const close = triple ? q.repeat(3) : q
      i += close.length
      let value = ''
      let dynamic = false
      while (i < n && !text.startsWith(close, i)) {
        const d = text[i]
        if (!triple && d === '\n') break
        if (d === '\\') {
          if (raw) {
            value += text.slice(i, i + 2)
            i += 2
          } else {
            const e = decodeEscape(text, i)
            value += e.ch
            i += e.len
          }
          continue
        }
        if (fmt && d === '{') {
          if (text[i + 1] === '{') {
            value += '{'
            i += 2
            continue
          }
          dynamic = true
          i = skipPyReplacement(text, i + 1, close)
          continue
        }
        if (fmt && d === '}' && text[i + 1] === '}') {
          value += '}'
          i += 2
          continue
        }
        value += d
        i++
      }
      if (text.startsWith(close, i)) i += close.length
      push({ kind: 'string', text: text.slice(start, i), start, end: i, value, dynamic })
      continue
    }
    if (/[0-9]/.test(c) || (c === '.' && /[0-9]/.test(text[i + 1] ?? ''))) {
      const start = i
      while (i < n && /[\w.]/.test(text[i])) i++
      push({ kind: 'number', text: text.slice(start, i), start, end: i })
      continue
    }
    if (isIdStart(c)) {
      const start = i
      i++
      while (i < n && isIdPart(text[i])) i++
      push({ kind: 'ident', text: text.slice(start, i), start, end: i })
      continue
    }
    const p = punctAt(text, i, PY_PUNCT)
    push({ kind: 'punct', text: p, start: i, end: i + p.length })
    i += p.length
  }
  return out
}

/** Skips an f-string replacement field (from after `{`) to after its closing `}`. */
function skipPyReplacement(text: string, from: number, close: string): number {
  let depth = 1
  let i = from
  while (i < text.length) {
    if (text.startsWith(close, i) && close.length === 3) return i
    const c = text[i]
    if (c === '\n' && close.length === 1) return i
    if (c === '{') depth++
    else if (c === '}') {
      depth--
      if (depth === 0) return i + 1
    } else if ((c === '"' || c === "'") && c !== close[0]) {
      const e = text.indexOf(c, i + 1)
      i = e < 0 ? text.length : e + 1
      continue
    }
    i++
  }
  return text.length
}

const OPEN: Record<string, string> = { '(': ')', '[': ']', '{': '}' }
const CLOSE = new Set([')', ']', '}'])

/** Whether token `t` is the punctuation `p`. */
export function isPunct(t: Token | undefined, p: string): boolean {
  return t !== undefined && t.kind === 'punct' && t.text === p
}

/** Whether token `t` is the identifier `name`. */
export function isIdent(t: Token | undefined, name?: string): boolean {
  return t !== undefined && t.kind === 'ident' && (name === undefined || t.text === name)
}

/**
 * Index of the bracket closing the one at `open`, or -1 when unbalanced.
 * A stray closing bracket of another kind ends the search (-1).
 */
export function matchBracket(tokens: readonly Token[], open: number): number {
  const first = tokens[open]
  if (!first || first.kind !== 'punct' || !(first.text in OPEN)) return -1
  const stack: string[] = []
  for (let i = open; i < tokens.length; i++) {
    const t = tokens[i]
    if (t.kind !== 'punct') continue
    if (t.text in OPEN) stack.push(OPEN[t.text])
    else if (CLOSE.has(t.text)) {
      if (stack.pop() !== t.text) return -1
      if (stack.length === 0) return i
    }
  }
  return -1
}

/** A token range `[start, end)` (token indexes). */
export interface Range {
  start: number
  end: number
}

/** Splits `[start, end)` at top-level commas; empty trailing parts are dropped. */
export function splitTopLevel(tokens: readonly Token[], start: number, end: number): Range[] {
  const parts: Range[] = []
  let from = start
  let depth = 0
  for (let i = start; i < end; i++) {
    const t = tokens[i]
    if (t.kind !== 'punct') continue
    if (t.text in OPEN) depth++
    else if (CLOSE.has(t.text)) depth--
    else if (t.text === ',' && depth === 0) {
      if (i > from) parts.push({ start: from, end: i })
      from = i + 1
    }
  }
  if (end > from) parts.push({ start: from, end })
  return parts
}

/** One entry of an object literal, Python dict, or call's keyword arguments. */
export interface Entry {
  /** Key name (identifier or string value); undefined for spreads and computed keys. */
  key?: string
  /** Token index of the key. */
  keyIndex: number
  /** Value range; for a shorthand property it is the key itself. */
  value: Range
  /** `...x` (JS) or `**x` (Python) spread. */
  spread?: boolean
  shorthand?: boolean
}

/**
 * Reads the entries of an object literal or Python dict whose `{` is at `open`.
 * Returns undefined when the braces do not balance.
 */
export function objectEntries(tokens: readonly Token[], open: number): Entry[] | undefined {
  const close = matchBracket(tokens, open)
  if (close < 0) return undefined
  const out: Entry[] = []
  for (const part of splitTopLevel(tokens, open + 1, close)) {
    const t = tokens[part.start]
    if (isPunct(t, '...') || isPunct(t, '**')) {
      out.push({ keyIndex: part.start, value: { start: part.start + 1, end: part.end }, spread: true })
      continue
    }
    let colon = -1
    for (let i = part.start; i < part.end; i++) {
      if (isPunct(tokens[i], ':')) {
        colon = i
        break
      }
      const ti = tokens[i]
      if (ti.kind === 'punct' && ti.text in OPEN) i = Math.max(i, matchBracket(tokens, i))
    }
    if (colon < 0) {
      // Shorthand `{ a }` or method `a() {}`.
      out.push({
        key: t.kind === 'ident' ? t.text : undefined,
        keyIndex: part.start,
        value: { start: part.start, end: part.end },
        shorthand: true
      })
      continue
    }
    let key: string | undefined
    if (colon === part.start + 1) {
      if (t.kind === 'ident' || t.kind === 'number') key = t.text
      else if (t.kind === 'string' && !t.dynamic) key = t.value
    }
    out.push({ key, keyIndex: part.start, value: { start: colon + 1, end: part.end } })
  }
  return out
}

/** One argument of a call. */
export interface Arg {
  /** Keyword name for Python `name=value` arguments. */
  name?: string
  nameIndex?: number
  value: Range
  /** `...x`, `*x` or `**x`. */
  spread?: boolean
}

/** Reads the arguments of a call whose `(` is at `open`; undefined when unbalanced. */
export function callArgs(tokens: readonly Token[], open: number, lang: Lang): Arg[] | undefined {
  const close = matchBracket(tokens, open)
  if (close < 0) return undefined
  return splitTopLevel(tokens, open + 1, close).map((part) => {
    const t = tokens[part.start]
    if (isPunct(t, '...') || isPunct(t, '*') || isPunct(t, '**')) {
      return { value: { start: part.start + 1, end: part.end }, spread: true }
    }
    if (lang === 'py' && t.kind === 'ident' && isPunct(tokens[part.start + 1], '=')) {
      return { name: t.text, nameIndex: part.start, value: { start: part.start + 2, end: part.end } }
    }
    return { value: part }
  })
}

/** Keys of the entries, for quick membership tests. */
export function entryKeys(entries: readonly Entry[]): Set<string> {
  return new Set(entries.map((e) => e.key).filter((k): k is string => k !== undefined))
}

/** Methods that leave a static string static (`.strip()`, `.trim()`). */
const KEEP_STATIC = new Set(['strip', 'lstrip', 'rstrip', 'trim', 'trimStart', 'trimEnd', 'dedent'])
/** Wrappers that leave a static string static (`dedent("""...""")`). */
const WRAPPERS = new Set(['dedent', 'cleandoc'])

/** The text of a string expression, and where its first literal starts. */
export interface StringValue {
  /** Literal text (substitutions removed). */
  value: string
  /** Some part is dynamic (substitutions, non-literal operands). */
  dynamic: boolean
  /** Token index of the first string literal. */
  literal: number
}

/** Resolves an identifier to the token range of its value, when the file binds it once. */
export type Resolver = (name: string, depth: number) => Range | undefined

/**
 * Evaluates a string expression: literals, Python implicit concatenation, `+`,
 * JS `[...].join(sep)`, `dedent(...)`, `.strip()`/`.trim()`, `as const`, and
 * identifiers the resolver binds to such expressions. Returns undefined when
 * the range is not such an expression (it must cover the whole range).
 */
export function stringExpr(
  tokens: readonly Token[],
  range: Range,
  lang: Lang,
  resolve?: Resolver,
  depth = 0
): StringValue | undefined {
  if (depth > 8) return undefined
  let { start, end } = range
  // Strip wrapping parentheses and trailing `as const` / `satisfies X`.
  while (end - start >= 2 && isPunct(tokens[start], '(') && matchBracket(tokens, start) === end - 1) {
    start++
    end--
  }
  if (lang === 'js' && end - start >= 3 && isIdent(tokens[end - 2], 'as') && isIdent(tokens[end - 1], 'const')) end -= 2
  // Trailing `.strip()` / `.trim()`.
  while (
    end - start >= 4 &&
    isPunct(tokens[end - 1], ')') &&
    isPunct(tokens[end - 2], '(') &&
    isIdent(tokens[end - 3]) &&
    KEEP_STATIC.has(tokens[end - 3].text) &&
    (isPunct(tokens[end - 4], '.') || isPunct(tokens[end - 4], '?.'))
  ) {
    end -= 4
  }
  if (start >= end) return undefined
  // dedent(...), textwrap.dedent(...), inspect.cleandoc(...)
  {
    let i = start
    while (isIdent(tokens[i]) && isPunct(tokens[i + 1], '.')) i += 2
    if (
      isIdent(tokens[i]) &&
      WRAPPERS.has(tokens[i].text) &&
      isPunct(tokens[i + 1], '(') &&
      matchBracket(tokens, i + 1) === end - 1
    ) {
      return stringExpr(tokens, { start: i + 2, end: end - 1 }, lang, resolve, depth + 1)
    }
  }
  // [...].join(sep)
  if (lang === 'js' && isPunct(tokens[start], '[')) {
    const close = matchBracket(tokens, start)
    if (
      close > 0 &&
      isPunct(tokens[close + 1], '.') &&
      isIdent(tokens[close + 2], 'join') &&
      isPunct(tokens[close + 3], '(') &&
      matchBracket(tokens, close + 3) === end - 1
    ) {
      const sep =
        close + 4 === end - 1
          ? { value: ',', dynamic: false, literal: -1 }
          : stringExpr(tokens, { start: close + 4, end: end - 1 }, lang, resolve, depth + 1)
      if (!sep) return undefined
      return joinParts(tokens, splitTopLevel(tokens, start + 1, close), sep.value, lang, resolve, depth)
    }
  }
  // Python "sep".join([...])
  if (
    lang === 'py' &&
    tokens[start].kind === 'string' &&
    isPunct(tokens[start + 1], '.') &&
    isIdent(tokens[start + 2], 'join') &&
    isPunct(tokens[start + 3], '(') &&
    matchBracket(tokens, start + 3) === end - 1
  ) {
    const inner = { start: start + 4, end: end - 1 }
    const t = tokens[inner.start]
    if ((isPunct(t, '[') || isPunct(t, '(')) && matchBracket(tokens, inner.start) === inner.end - 1) {
      return joinParts(
        tokens,
        splitTopLevel(tokens, inner.start + 1, inner.end - 1),
        tokens[start].value ?? '',
        lang,
        resolve,
        depth
      )
    }
    return undefined
  }
  // Operands joined by `+` (or juxtaposed, for Python string literals).
  let value = ''
  let dynamic = false
  let literal = -1
  let i = start
  let expectOperand = true
  while (i < end) {
    const t = tokens[i]
    if (!expectOperand) {
      if (isPunct(t, '+')) {
        expectOperand = true
        i++
        continue
      }
      if (lang === 'py' && t.kind === 'string' && tokens[i - 1].kind === 'string') {
        expectOperand = true
        continue
      }
      return undefined
    }
    if (t.kind === 'string') {
      value += t.value ?? ''
      dynamic ||= t.dynamic === true
      if (literal < 0) literal = i
      i++
    } else if (isPunct(t, '(')) {
      const close = matchBracket(tokens, i)
      if (close < 0 || close >= end) return undefined
      const inner = stringExpr(tokens, { start: i + 1, end: close }, lang, resolve, depth + 1)
      if (!inner) return undefined
      value += inner.value
      dynamic ||= inner.dynamic
      if (literal < 0) literal = inner.literal
      i = close + 1
    } else if (
      t.kind === 'ident' &&
      resolve &&
      !isPunct(tokens[i + 1], '.') &&
      !isPunct(tokens[i + 1], '(') &&
      !isPunct(tokens[i + 1], '[')
    ) {
      const r = resolve(t.text, depth + 1)
      const inner = r ? stringExpr(tokens, r, lang, resolve, depth + 1) : undefined
      if (inner) {
        value += inner.value
        dynamic ||= inner.dynamic
        if (literal < 0) literal = inner.literal
      } else {
        // An unknown operand: the expression is partly dynamic.
        if (literal < 0 && end - start === 1) return undefined
        dynamic = true
      }
      i++
    } else {
      return undefined
    }
    expectOperand = false
  }
  if (expectOperand || literal < 0) return undefined
  return { value, dynamic, literal }
}

function joinParts(
  tokens: readonly Token[],
  parts: Range[],
  sep: string,
  lang: Lang,
  resolve: Resolver | undefined,
  depth: number
): StringValue | undefined {
  const values: string[] = []
  let dynamic = false
  let literal = -1
  for (const p of parts) {
    const v = stringExpr(tokens, p, lang, resolve, depth + 1)
    if (!v) return undefined
    values.push(v.value)
    dynamic ||= v.dynamic
    if (literal < 0) literal = v.literal
  }
  if (literal < 0) return undefined
  return { value: values.join(sep), dynamic, literal }
}

/**
 * Finds bindings of names in a file: JS `const|let|var NAME (: T)? = ...` and
 * Python `NAME (: T)? = ...` at the start of a logical line, each with the
 * token index of its name, in file order.
 */
export function allBindings(tokens: readonly Token[], lang: Lang): Map<string, Array<Range & { at: number }>> {
  const out = new Map<string, Array<Range & { at: number }>>()
  const add = (name: string, at: number, eq: number): void => {
    const list = out.get(name) ?? []
    list.push({ at, start: eq + 1, end: exprEnd(tokens, eq + 1, lang) })
    out.set(name, list)
  }
  // Python statements sit outside brackets (`f(\n  name=value)` is a keyword argument).
  let depth = 0
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i]
    if (t.kind === 'punct') {
      if (t.text in OPEN) depth++
      else if (CLOSE.has(t.text)) depth = Math.max(0, depth - 1)
    }
    if (lang === 'js') {
      if (!(isIdent(t, 'const') || isIdent(t, 'let') || isIdent(t, 'var'))) continue
      const name = tokens[i + 1]
      if (!isIdent(name)) continue
      let eq = i + 2
      if (isPunct(tokens[eq], ':')) eq = skipType(tokens, eq + 1)
      if (isPunct(tokens[eq], '=')) add(name.text, i + 1, eq)
    } else {
      if (!t.nl || !isIdent(t) || depth > 0) continue
      let eq = i + 1
      if (isPunct(tokens[eq], ':')) eq = skipType(tokens, eq + 1)
      if (isPunct(tokens[eq], '=')) add(t.text, i, eq)
    }
  }
  return out
}

/**
 * Names bound exactly once in a file, to the range of their value; a name
 * bound more than once maps to undefined (its value is not known statically).
 */
export function bindings(tokens: readonly Token[], lang: Lang): Map<string, Range | undefined> {
  const out = new Map<string, Range | undefined>()
  for (const [name, list] of allBindings(tokens, lang)) {
    out.set(name, list.length === 1 ? { start: list[0].start, end: list[0].end } : undefined)
  }
  return out
}

/** Skips a type annotation up to a top-level `=`, returning the index of the `=` (or where it stopped). */
function skipType(tokens: readonly Token[], from: number): number {
  let i = from
  let angle = 0
  while (i < tokens.length) {
    const t = tokens[i]
    if (t.kind === 'punct' && t.text in OPEN) {
      const c = matchBracket(tokens, i)
      if (c < 0) return i
      i = c + 1
      continue
    }
    if (t.kind === 'punct') {
      if (t.text === '<') angle++
      else if (t.text === '>') angle = Math.max(0, angle - 1)
      else if (t.text === '>>') angle = Math.max(0, angle - 2)
      else if (t.text === '>>>') angle = Math.max(0, angle - 3)
      else if (angle === 0 && (t.text === '=' || t.text === ';' || t.text === ',' || CLOSE.has(t.text))) return i
      else if (CLOSE.has(t.text) || t.text === ';') return i
    }
    if (t.nl && i > from && angle === 0) return i
    i++
  }
  return i
}

/**
 * End (exclusive token index) of the expression starting at `from`: the first
 * top-level `;` or `,`, a closing bracket, or (outside brackets) a token on a
 * new line that cannot continue the expression.
 */
export function exprEnd(tokens: readonly Token[], from: number, lang: Lang): number {
  let i = from
  while (i < tokens.length) {
    const t = tokens[i]
    if (i > from && t.nl) {
      const prev = tokens[i - 1]
      const continues =
        (t.kind === 'punct' &&
          ['+', '.', '?.', '?', ':', '&&', '||', '??', '*', '/', '-'].includes(t.text) &&
          lang === 'js') ||
        (prev.kind === 'punct' && !CLOSE.has(prev.text) && lang === 'js') ||
        (lang === 'js' && isIdent(t, 'as'))
      if (!continues) return i
    }
    if (t.kind === 'punct' && t.text in OPEN) {
      const c = matchBracket(tokens, i)
      if (c < 0) return tokens.length
      i = c + 1
      continue
    }
    if (t.kind === 'punct' && (t.text === ';' || t.text === ',' || CLOSE.has(t.text))) return i
    i++
  }
  return i
}

/** Resolver over a file's bindings (identifiers bound once to an expression). */
export function resolverOf(tokens: readonly Token[], lang: Lang): Resolver {
  const b = bindings(tokens, lang)
  return (name) => b.get(name)
}

/** True when the range holds exactly one token of the given kind/text. */
export function single(tokens: readonly Token[], r: Range): Token | undefined {
  return r.end - r.start === 1 ? tokens[r.start] : undefined
}
