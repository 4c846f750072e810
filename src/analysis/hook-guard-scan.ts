/**
 * Token-level reading of Python and JavaScript hook scripts (hook
 * guards). No parser library: the text is masked (comments and docstrings
 * blanked, optionally string contents blanked too) so that regular expressions
 * over the masked text never match inside comments, and statements/blocks are
 * recovered from indentation (Python) or braces (JavaScript). Offsets in the
 * masked text equal offsets in the source, so every match points at the exact
 * source line and column.
 */

/** A masked view of a script: same length as the source. */
export interface Masked {
  /** Comments (and Python docstrings) replaced by spaces; string contents kept. */
  code: string
  /** Like `code`, with string contents replaced by spaces too (quotes kept). */
  bare: string
}

/** One logical Python statement (continuation lines joined by bracket depth / backslash). */
export interface PyStmt {
  start: number
  end: number
  /** Indentation (columns) of the statement's first line. */
  indent: number
  /** Masked code of the statement (comments removed, strings kept). */
  code: string
  /** Masked code with strings blanked. */
  bare: string
}

/** Masks a Python source: `#` comments and statement-level triple-quoted strings (docstrings). */
export function maskPython(text: string): Masked {
  const code = text.split('')
  const bare = text.split('')
  let i = 0
  let lineHasCode = false
  const n = text.length
  while (i < n) {
    const c = text[i]
    if (c === '\n') {
      lineHasCode = false
      i++
      continue
    }
    if (c === '#') {
      const e = text.indexOf('\n', i)
      const end = e < 0 ? n : e
      for (let k = i; k < end; k++) code[k] = bare[k] = ' '
      i = end
      continue
    }
    if (c === '"' || c === "'") {
      // string prefix letters just before (r, b, f, u) belong to the literal
      let p = i
      while (p > 0 && /[rRbBfFuU]/.test(text[p - 1]) && i - p < 2) p--
      const prefixOk = p === 0 || !/[\w]/.test(text[p - 1])
      const triple = text.startsWith(c.repeat(3), i)
      const q = triple ? c.repeat(3) : c
      let j = i + q.length
      while (j < n) {
        if (text[j] === '\\') {
          j += 2
          continue
        }
        if (!triple && text[j] === '\n') break
        if (text.startsWith(q, j)) break
        j++
      }
      const close = Math.min(n, j + (text.startsWith(q, j) ? q.length : 0))
      const docstring = triple && !lineHasCode && prefixOk
      for (let k = i + q.length; k < Math.min(n, j); k++) {
        if (text[k] === '\n') continue
        bare[k] = ' '
        if (docstring) code[k] = ' '
      }
      lineHasCode = true
      i = close
      continue
    }
    if (!/\s/.test(c)) lineHasCode = true
    i++
  }
  return { code: code.join(''), bare: bare.join('') }
}

/** Masks a JavaScript/TypeScript source: `//` and `/* *\/` comments. */
export function maskJs(text: string): Masked {
  const code = text.split('')
  const bare = text.split('')
  const n = text.length
  let i = 0
  while (i < n) {
    const c = text[i]
    if (c === '/' && text[i + 1] === '/') {
      const e = text.indexOf('\n', i)
      const end = e < 0 ? n : e
      for (let k = i; k < end; k++) code[k] = bare[k] = ' '
      i = end
      continue
    }
    if (c === '/' && text[i + 1] === '*') {
      const e = text.indexOf('*/', i + 2)
      const end = e < 0 ? n : e + 2
      for (let k = i; k < end; k++) if (text[k] !== '\n') code[k] = bare[k] = ' '
      i = end
      continue
    }
    if (c === '"' || c === "'" || c === '`') {
      let j = i + 1
      while (j < n) {
        if (text[j] === '\\') {
          j += 2
          continue
        }
        if (text[j] === c) break
        if (c !== '`' && text[j] === '\n') break
        j++
      }
      for (let k = i + 1; k < Math.min(n, j); k++) if (text[k] !== '\n') bare[k] = ' '
      i = Math.min(n, j + 1)
      continue
    }
    i++
  }
  return { code: code.join(''), bare: bare.join('') }
}

/** Splits masked Python into logical statements (`;` is not split). */
export function pyStatements(m: Masked): PyStmt[] {
  const out: PyStmt[] = []
  const b = m.bare
  const n = b.length
  let depth = 0
  let start = -1
  for (let i = 0; i <= n; i++) {
    const c = i < n ? b[i] : '\n'
    if (start < 0) {
      if (c === '\n' || c === ' ' || c === '\t' || c === '\r') continue
      start = i
    }
    if (c === '(' || c === '[' || c === '{') depth++
    else if (c === ')' || c === ']' || c === '}') depth = Math.max(0, depth - 1)
    else if (c === '\n' && (depth === 0 || i === n) && b[i - 1] !== '\\') {
      let end = i
      while (end > start && /\s/.test(b[end - 1])) end--
      const lineStart = b.lastIndexOf('\n', start - 1) + 1
      out.push({ start, end, indent: start - lineStart, code: m.code.slice(start, end), bare: b.slice(start, end) })
      start = -1
      depth = 0
    }
  }
  return out
}

/** Index of the statement containing an offset, or -1. */
export function stmtAt(stmts: PyStmt[], offset: number): number {
  let lo = 0
  let hi = stmts.length - 1
  while (lo <= hi) {
    const mid = (lo + hi) >> 1
    if (stmts[mid].end < offset) lo = mid + 1
    else if (stmts[mid].start > offset) hi = mid - 1
    else return mid
  }
  return -1
}

/** Headers (`if ...:`, `try:`, `def f():` ...) enclosing statement `i`, innermost first. */
export function pyEnclosing(stmts: PyStmt[], i: number): number[] {
  const out: number[] = []
  let indent = stmts[i].indent
  for (let k = i - 1; k >= 0 && indent > 0; k--) {
    if (stmts[k].indent < indent) {
      out.push(k)
      indent = stmts[k].indent
    }
  }
  return out
}

/** Statements in the body of header `h` (indented deeper, contiguous). */
export function pyBody(stmts: PyStmt[], h: number): { from: number; to: number } {
  let to = h
  for (let k = h + 1; k < stmts.length && stmts[k].indent > stmts[h].indent; k++) to = k
  return { from: h + 1, to }
}

/** Offset of the bracket matching the one at `open` in `bare` (or -1). */
export function matchBrace(bare: string, open: number): number {
  const o = bare[open]
  const c = o === '{' ? '}' : o === '(' ? ')' : ']'
  let depth = 0
  for (let i = open; i < bare.length; i++) {
    if (bare[i] === o) depth++
    else if (bare[i] === c) {
      depth--
      if (depth === 0) return i
    }
  }
  return -1
}

/** A Python `try:` with one of its `except` handlers. */
export interface PyHandler {
  /** Statement index of the `except` header. */
  except: number
  try: number
  /** Statement range of the try body. */
  body: { from: number; to: number }
  /** Statement range of the handler body. */
  handler: { from: number; to: number }
  /** `except:`, `except Exception`, `except BaseException` (or a tuple with one of them). */
  broad: boolean
  /** Bare `except:` or `BaseException`: also catches `SystemExit` from `sys.exit(2)`. */
  catchesExit: boolean
}

/** Every `except` handler with its `try`. */
export function pyHandlers(stmts: PyStmt[]): PyHandler[] {
  const out: PyHandler[] = []
  stmts.forEach((s, i) => {
    const m = /^except\b\s*([^:]*):/.exec(s.code.trim())
    if (!m) return
    // nearest preceding `try:` at the same indent
    let t = -1
    for (let k = i - 1; k >= 0; k--) {
      if (stmts[k].indent < s.indent) break
      if (stmts[k].indent === s.indent && /^try\s*:/.test(stmts[k].bare.trim())) {
        t = k
        break
      }
    }
    if (t < 0) return
    const spec = (m?.[1] ?? '').replace(/\bas\s+\w+\s*$/, '').trim()
    const types = spec
      .replace(/^\(|\)$/g, '')
      .split(',')
      .map((x) => x.trim())
      .filter(Boolean)
    const catchesExit = types.length === 0 || types.some((x) => /^(builtins\.)?(BaseException|SystemExit)$/.test(x))
    const broad = catchesExit || types.some((x) => /^(builtins\.)?Exception$/.test(x))
    const body = pyBody(stmts, t)
    // the try body stops at the first handler/else/finally at the try's indent
    let bodyTo = t
    for (let k = t + 1; k < stmts.length && stmts[k].indent > stmts[t].indent; k++) bodyTo = k
    out.push({
      except: i,
      try: t,
      body: { from: body.from, to: bodyTo },
      handler: pyBody(stmts, i),
      broad,
      catchesExit
    })
  })
  return out
}

/** Python functions: name → statement range of the body. */
export function pyFunctions(stmts: PyStmt[]): Map<string, { header: number; from: number; to: number }> {
  const out = new Map<string, { header: number; from: number; to: number }>()
  stmts.forEach((s, i) => {
    const m = /^(?:async\s+)?def\s+(\w+)\s*\(/.exec(s.bare.trim())
    if (m && !out.has(m[1])) out.set(m[1], { header: i, ...pyBody(stmts, i) })
  })
  return out
}

/** JavaScript blocks: `try {...} catch {...}` pairs and named function bodies. */
export interface JsTry {
  tryStart: number
  body: { start: number; end: number }
  catchStart: number
  handler: { start: number; end: number }
}

export function jsTries(m: Masked): JsTry[] {
  const out: JsTry[] = []
  const re = /\btry\s*\{/g
  for (let x = re.exec(m.bare); x; x = re.exec(m.bare)) {
    const open = x.index + x[0].length - 1
    const close = matchBrace(m.bare, open)
    if (close < 0) continue
    const rest = m.bare.slice(close + 1)
    const c = /^\s*catch\s*(\([^)]*\))?\s*\{/.exec(rest)
    if (!c) continue
    const hOpen = close + 1 + c[0].length - 1
    const hClose = matchBrace(m.bare, hOpen)
    if (hClose < 0) continue
    out.push({
      tryStart: x.index,
      body: { start: open + 1, end: close },
      catchStart: close + 1 + c[0].indexOf('catch'),
      handler: { start: hOpen + 1, end: hClose }
    })
  }
  return out
}

export function jsFunctions(m: Masked): Map<string, { start: number; end: number }> {
  const out = new Map<string, { start: number; end: number }>()
  const re =
    /\bfunction\s*\*?\s*(\w+)\s*\([^)]*\)\s*\{|\b(?:const|let|var)\s+(\w+)\s*=\s*(?:async\s*)?(?:function\b[^{]*|\([^)]*\)\s*=>\s*|\w+\s*=>\s*)\{/g
  for (let x = re.exec(m.bare); x; x = re.exec(m.bare)) {
    const name = x[1] ?? x[2]
    const open = x.index + x[0].length - 1
    const close = matchBrace(m.bare, open)
    if (close > 0 && !out.has(name)) out.set(name, { start: open + 1, end: close })
  }
  return out
}
