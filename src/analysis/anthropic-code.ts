/**
 * What the Anthropic API / Agent SDK rules look for in source code, read from
 * syntax trees (tree-sitter, src/parse/code.ts): Messages API calls and their
 * parameters, system prompts written as literals (constants, concatenation,
 * joins and `dedent` resolved), and Agent SDK sessions with their options.
 *
 * Values are followed through names bound once in a file (`const X = ...`,
 * `X = ...`); Agent SDK options also through the nearest binding before the
 * call. Whatever cannot be read statically (spreads, calls, parameters) is
 * reported as unknown, and the rules give it the benefit of the doubt.
 */
import { cutAtFirstInLastLine } from '../core/linear-text.js'
import type { CodeScope } from '../model/project.js'
import { findApiCode, type ApiCodeFile } from '../model/code.js'
import type { SourceFile, Span } from '../parse/source.js'
import { codeLanguageOf, descendantsOfType, parseCode, whyUnparsed, type Node, type ParsedCode } from '../parse/code.js'
import { cachedParse } from '../parse/parse-cache.js'
import { lowerBound } from '../core/sorted.js'

/** A binding of a name to a value (`const NAME = value`, `NAME = value`). */
interface Binding {
  name: Node
  value: Node
}

/** An API code file with its syntax tree. */
export class ApiFile {
  readonly lang: 'js' | 'py'
  private byType?: Map<string, Node[]>
  private boundNames?: Map<string, Binding[]>
  private cacheControl?: boolean

  constructor(
    readonly file: SourceFile,
    readonly parsed: ParsedCode
  ) {
    this.lang = parsed.lang === 'python' ? 'py' : 'js'
  }

  /** Nodes of one of the {@link WALKED} types, in source order (one walk of the tree for all of them). */
  nodes(type: string): Node[] {
    if (!this.byType) {
      this.byType = new Map()
      for (const n of descendantsOfType(this.parsed.root, WALKED[this.lang])) {
        const list = this.byType.get(n.type)
        if (list) list.push(n)
        else this.byType.set(n.type, [n])
      }
    }
    return this.byType.get(type) ?? []
  }

  /** Every binding of each name, in file order. */
  get bindings(): Map<string, Binding[]> {
    this.boundNames ??= bindingsOf(this)
    return this.boundNames
  }

  /**
   * Whether the file's text has one of these strings inside a node's span. A
   * cheap necessary condition before reading the node: the start index is a
   * field of the node, the end one call into tree-sitter, where reading a
   * node's fields and text takes several. The offsets are found once per file.
   */
  spans(n: Node, needles: readonly string[]): boolean {
    const key = needles.join('\0')
    let at = this.offsets.get(key)
    if (!at) {
      const starts: number[] = []
      for (const w of needles)
        for (let i = this.file.text.indexOf(w); i >= 0; i = this.file.text.indexOf(w, i + 1)) starts.push(i)
      at = starts.sort((a, b) => a - b)
      this.offsets.set(key, at)
    }
    // The first occurrence at or after the node's start.
    const lo = lowerBound(at, n.startIndex, (x) => x)
    return lo < at.length && at[lo] < n.endIndex
  }

  private readonly offsets = new Map<string, number[]>()

  /** Whether the file mentions `cache_control` in code (a name, key or string; not in comments). */
  get mentionsCacheControl(): boolean {
    this.cacheControl ??= cacheControlIn(this)
    return this.cacheControl
  }
}

/** The node types the finders below read, per language. */
const WALKED = {
  js: ['variable_declarator', 'call_expression', 'pair', 'assignment_expression', 'import_statement'],
  py: [
    'assignment',
    'call',
    'pair',
    'keyword_argument',
    'default_parameter',
    'typed_default_parameter',
    'import_from_statement',
    'import_statement'
  ]
} as const

/** Nodes of several walked types, in source order. */
function nodesOf(s: ApiFile, types: readonly string[]): Node[] {
  if (types.length === 1) return s.nodes(types[0])
  return types.flatMap((t) => s.nodes(t)).sort((a, b) => a.startIndex - b.startIndex)
}

/** Module names of the Agent SDK (TypeScript and Python): no import of one, no session. */
export const SDK_MODULES = [
  'claude_agent_sdk',
  'claude_code_sdk',
  '@anthropic-ai/claude-agent-sdk',
  '@anthropic-ai/claude-code'
]

/** What a Messages API call has in its text: `messages.create`, `messages?.stream`, `messages\n  .parse`. */
const MESSAGES_CALL = /messages\s*\??\.\s*(?:create|stream|parse)\b/
/** A system prompt key before `:` or `=` (a property, dict key, keyword argument, parameter default or assignment). */
const PROMPT_KEY =
  /(?:system|systemPrompt|customSystemPrompt|appendSystemPrompt|system_prompt|append_system_prompt|custom_system_prompt)["']?\s*[:=]/
export const importsSdk = (text: string): boolean => SDK_MODULES.some((m) => text.includes(m))

/**
 * Whether a file may hold anything the finders look for (a Messages API call,
 * a prompt key, an Agent SDK import): most files that mention Anthropic do
 * not, and they are not parsed.
 */
function worthParsing(text: string): boolean {
  // Every prompt key holds `ystem`: a file without it is spared the regular expression's scan.
  return MESSAGES_CALL.test(text) || (text.includes('ystem') && PROMPT_KEY.test(text)) || importsSdk(text)
}

const scanned = new WeakMap<ApiCodeFile, ApiFile | null>()

/**
 * The project's API code files, parsed (memoised with the file list). A file
 * whose grammar cannot be loaded is reported as not read (file-skipped).
 */
export function apiFiles(project: CodeScope): ApiFile[] {
  const out: ApiFile[] = []
  for (const f of findApiCode(project)) {
    if (!worthParsing(f.file.text)) continue
    const s = apiFileOf(project, f)
    if (s) out.push(s)
  }
  return out
}

/** One API code file parsed (memoised); a file that cannot be parsed, or only in part, is reported as not read (file-skipped). */
function apiFileOf(project: CodeScope, f: ApiCodeFile): ApiFile | null {
  let s = scanned.get(f)
  if (s === undefined) {
    s = readApiFile(f.file) ?? null
    if (!s) {
      const lang = codeLanguageOf(f.file.path) ?? 'javascript'
      project.reader.skip(
        f.file.path,
        `its code could not be parsed (${whyUnparsed(lang)}), so the Anthropic API rules did not check it`
      )
    } else {
      const hidden = hiddenApiCode(s)
      if (hidden) {
        const at = f.file.position(hidden.startIndex)
        project.reader.skip(
          f.file.path,
          `not all of it: the ${s.parsed.lang} parser could not read the code at line ${at.line}, column ${at.column}, so Anthropic API or Agent SDK calls there were not checked`
        )
        partlyRead.add(s)
      }
    }
    scanned.set(f, s)
  }
  return s
}

/** Files parsed with a stretch of code the rules could not read (reported by file-skipped on every run). */
const partlyRead = new WeakSet<ApiFile>()

/**
 * What `read` finds in each of the project's API code files, in file order,
 * where what it finds in a file depends on that file's text alone (and on
 * what `kind` names: the rule, its options, anything else it reads). Such
 * answers are kept in the parse cache (src/parse/parse-cache.ts) like a parse,
 * so a repeat audit of an unchanged file neither parses it nor reads it
 * again. An answer may hold strings, numbers, booleans, plain objects and
 * arrays, and spans of the file itself; an answer with anything else (a syntax
 * node, another file's span) is used but not kept. A file parsed only in part
 * is read on every run, so that file-skipped says so every time.
 */
export function perApiFile<T>(project: CodeScope, kind: string, read: (s: ApiFile) => T[]): T[] {
  const out: T[] = []
  for (const f of findApiCode(project)) {
    if (!worthParsing(f.file.text)) continue
    let live: T[] | undefined
    let whole = true
    const kept = cachedParse(
      `api\0${kind}`,
      f.file.text,
      () => {
        const s = apiFileOf(project, f)
        if (!s) return null
        whole = !partlyRead.has(s)
        live = read(s)
        return toPlain(live, f.file) ?? null
      },
      (v) => v !== null && whole
    )
    if (live) out.push(...live)
    else if (kept) out.push(...(fromPlain(kept, f.file) as T[]))
  }
  return out
}

/** Stands for the file's own SourceFile in a kept answer. */
const THIS_FILE = '\u0000this file'

/** `value` as plain data, the file's SourceFile replaced by a marker; undefined when it holds anything else. */
function toPlain(value: unknown, file: SourceFile): unknown {
  if (value === null || typeof value !== 'object')
    return typeof value === 'function' || typeof value === 'symbol' || typeof value === 'bigint' ? undefined : value
  if (value === file) return { [THIS_FILE]: true }
  if (Array.isArray(value)) {
    const out: unknown[] = []
    for (const v of value) {
      const p = v === undefined ? undefined : toPlain(v, file)
      if (p === undefined && v !== undefined) return undefined
      out.push(p)
    }
    return out
  }
  if (Object.getPrototypeOf(value) !== Object.prototype) return undefined
  const out: Record<string, unknown> = {}
  for (const [k, v] of Object.entries(value)) {
    if (v === undefined) continue
    const p = toPlain(v, file)
    if (p === undefined) return undefined
    out[k] = p
  }
  return out
}

/** The answer {@link toPlain} kept, with the file's SourceFile back in place. */
function fromPlain(value: unknown, file: SourceFile): unknown {
  if (value === null || typeof value !== 'object') return value
  if (Array.isArray(value)) return value.map((v) => fromPlain(v, file))
  const o = value as Record<string, unknown>
  if (o[THIS_FILE] === true) return file
  const out: Record<string, unknown> = {}
  for (const [k, v] of Object.entries(o)) out[k] = fromPlain(v, file)
  return out
}

/** Names in an unreadable stretch of code that suggest an API call or SDK session was lost there. */
const API_WORDS = ['messages', 'query', 'ClaudeSDKClient', 'ClaudeAgentOptions', 'ClaudeCodeOptions', 'system']

/**
 * The first stretch of code tree-sitter could not read (an `ERROR` node) that
 * holds a call and mentions what the rules look for. Errors elsewhere (such as
 * a bare `&` in JSX text, even before the word "system") are recovered locally
 * and lose nothing the rules read.
 */
function hiddenApiCode(s: ApiFile): Node | undefined {
  if (s.parsed.errors.length === 0) return undefined
  return descendantsOfType(s.parsed.root, 'ERROR').find((n) => {
    const t = n.text
    return t.includes('(') && API_WORDS.some((w) => t.includes(w))
  })
}

/** A source file as a syntax tree; undefined when its grammar is not loaded. */
export function readApiFile(file: SourceFile): ApiFile | undefined {
  const parsed = parseCode(file)
  return parsed && new ApiFile(file, parsed)
}

/** Estimated tokens of a text (characters / 4, the usual rule of thumb for English). */
export function estimateTokens(text: string): number {
  return Math.round(text.length / 4)
}

export { formatCount } from '../core/text.js'

/** Named children that are code (not comments). */
function kids(n: Node | null | undefined): Node[] {
  if (!n) return []
  return n.namedChildren.filter((c): c is Node => c !== null && c.type !== 'comment')
}

/** Wrappers that do not change a value: parentheses, `as T`, `satisfies T`, `x!`, `<T>x`. */
const TRANSPARENT = new Set([
  'parenthesized_expression',
  'as_expression',
  'satisfies_expression',
  'non_null_expression',
  'type_assertion'
])

/** The expression inside transparent wrappers. */
function unwrap(n: Node): Node {
  let cur = n
  for (let i = 0; i < 16 && TRANSPARENT.has(cur.type); i++) {
    // The expression is the first named child (then comes the type, if any).
    const inner = cur.type === 'type_assertion' ? kids(cur).at(-1) : kids(cur)[0]
    if (!inner) break
    cur = inner
  }
  return cur
}

// ---------------------------------------------------------------------------
// Bindings
// ---------------------------------------------------------------------------

/** `const|let|var NAME (: T)? = value` (JS/TS) and `NAME (: T)? = value` statements (Python). */
function bindingsOf(s: ApiFile): Map<string, Binding[]> {
  const out = new Map<string, Binding[]>()
  const lang = s.lang
  for (const n of s.nodes(lang === 'js' ? 'variable_declarator' : 'assignment')) {
    const name = n.childForFieldName(lang === 'js' ? 'name' : 'left')
    const value = n.childForFieldName(lang === 'js' ? 'value' : 'right')
    if (!name || !value || name.type !== 'identifier') continue
    // `a = b = value` binds both names; the value is the innermost right-hand side.
    let v = value
    while (lang === 'py' && v.type === 'assignment') v = v.childForFieldName('right') ?? v
    const list = out.get(name.text) ?? []
    list.push({ name, value: v })
    out.set(name.text, list)
  }
  return out
}

/** The value of a name bound exactly once in the file. */
function resolve(s: ApiFile, name: string): Node | undefined {
  const list = s.bindings.get(name)
  return list && list.length === 1 ? list[0].value : undefined
}

/** Follows an identifier to the value it is bound to (a few hops), or returns the node itself. */
export function deref(s: ApiFile, n0: Node, depth = 0): Node {
  const n = unwrap(n0)
  if (depth > 5 || (n.type !== 'identifier' && n.type !== 'shorthand_property_identifier')) return n
  const v = resolve(s, n.text)
  return v ? deref(s, v, depth + 1) : n
}

// ---------------------------------------------------------------------------
// Mappings: object literals, dicts, keyword arguments
// ---------------------------------------------------------------------------

/** One entry of an object literal, Python dict, or call's keyword arguments. */
export interface Entry {
  /** Key name (identifier or string value); undefined for spreads and computed keys. */
  key?: string
  /** The key (for a spread, the spread itself). */
  keyNode: Node
  /** The value; for a shorthand property, the key itself. */
  value: Node
  /** `...x` (JS), `**x` (Python) spread, or a positional argument among keyword arguments. */
  spread?: boolean
  shorthand?: boolean
}

/** The name a key node stands for (identifier, number, or static string). */
function keyName(k: Node): string | undefined {
  switch (k.type) {
    case 'property_identifier':
    case 'identifier':
    case 'number':
    case 'integer':
      return k.text
    case 'string': {
      const v = literalString(k)
      return v && !v.dynamic ? v.value : undefined
    }
    default:
      return undefined
  }
}

/** Entries of an object literal (JS) or dict display (Python). */
function objectEntries(obj: Node): Entry[] {
  const out: Entry[] = []
  for (const c of kids(obj)) {
    switch (c.type) {
      case 'pair': {
        const k = c.childForFieldName('key')
        const v = c.childForFieldName('value')
        if (k && v) out.push({ key: keyName(k), keyNode: k, value: v })
        break
      }
      case 'shorthand_property_identifier':
        out.push({ key: c.text, keyNode: c, value: c, shorthand: true })
        break
      case 'method_definition': {
        const name = c.childForFieldName('name')
        out.push({ key: name ? keyName(name) : undefined, keyNode: c, value: c, shorthand: true })
        break
      }
      case 'spread_element':
      case 'dictionary_splat':
        out.push({ keyNode: c, value: kids(c)[0] ?? c, spread: true })
        break
      default:
        out.push({ keyNode: c, value: c, spread: true })
    }
  }
  return out
}

/** A call's arguments (comments left out). */
function argsOf(call: Node): Node[] {
  return kids(call.childForFieldName('arguments'))
}

/** Arguments of a Python call as entries: keywords by name, anything else as a spread. */
function keywordEntries(call: Node): Entry[] {
  return argsOf(call).map((a) => {
    if (a.type === 'keyword_argument') {
      const name = a.childForFieldName('name')
      const value = a.childForFieldName('value')
      if (name && value) return { key: name.text, keyNode: name, value }
    }
    return { keyNode: a, value: kids(a)[0] ?? a, spread: true }
  })
}

/**
 * Entries of a mapping expression: an object literal / dict display, a Python
 * call such as `dict(k=v)`, or a name bound to one. Undefined when unknown.
 */
export function mappingEntries(s: ApiFile, n0: Node): Entry[] | undefined {
  const n = deref(s, n0)
  if (n.type === 'object' || n.type === 'dictionary') return objectEntries(n)
  if (s.lang === 'py' && n.type === 'call' && n.childForFieldName('function')?.type === 'identifier')
    return keywordEntries(n)
  return undefined
}

/** Span from a node to the end of `last` or of the first node's line, whichever comes first. */
export function spanFrom(s: ApiFile, first: Node, last: Node = first): Span {
  const f = s.file
  const start = first.startIndex
  const line = f.position(start).line
  const lineEnd = f.lineOffset(line) + f.lineText(line).length
  const end = Math.min(Math.max(last.endIndex, first.endIndex), lineEnd)
  return { file: f, start, end: Math.max(end, start) }
}

/** The literal value of a simple expression (seen through `as const` and other casts): a static string, a number, `true`/`True`; undefined otherwise. */
export function literalValue(node: Node): string | number | boolean | undefined {
  const n = unwrap(node)
  switch (n.type) {
    case 'string': {
      const v = literalString(n)
      return v && !v.dynamic ? v.value : undefined
    }
    case 'number':
    case 'integer':
    case 'float':
      return Number(n.text)
    case 'true':
      return true
    default:
      return undefined
  }
}

// ---------------------------------------------------------------------------
// Strings
// ---------------------------------------------------------------------------

/** Decodes backslash escapes as the string's reader would (`\n`, `\t`, `\r`, a line continuation, else the character). */
function decodeEscapes(raw: string): string {
  if (!raw.includes('\\')) return raw
  let out = ''
  for (let i = 0; i < raw.length; i++) {
    const c = raw[i]
    if (c !== '\\') {
      out += c
      continue
    }
    const d = raw[i + 1]
    if (d === undefined) break
    i++
    if (d === 'n') out += '\n'
    else if (d === 't') out += '\t'
    else if (d === 'r') out += '\r'
    else if (d === '\r') {
      if (raw[i + 1] === '\n') i++
    } else if (d !== '\n') out += d
  }
  return out
}

/** Text of one string literal (substitutions left out) and whether it has any. */
function literalString(n: Node): { value: string; dynamic: boolean } | undefined {
  if (n.type === 'template_string' || (n.type === 'string' && n.firstChild?.type !== 'string_start')) {
    // JS/TS: '…', "…" or `…${…}…`.
    const text = n.text
    if (text.length < 2) return undefined
    const subs = n.type === 'template_string' ? kids(n).filter((c) => c.type === 'template_substitution') : []
    let value = ''
    let from = n.startIndex + 1
    for (const sub of subs) {
      value += decodeEscapes(text.slice(from - n.startIndex, sub.startIndex - n.startIndex))
      from = sub.endIndex
    }
    value += decodeEscapes(text.slice(from - n.startIndex, text.length - 1))
    return { value, dynamic: subs.length > 0 }
  }
  if (n.type !== 'string') return undefined
  // Python: prefix and quotes in string_start, interpolations in f-strings.
  const start = n.firstChild
  const end = n.lastChild
  if (!start || !end || end.type !== 'string_end') return undefined
  const quote = start.text.search(/["']/)
  const prefix = (quote < 0 ? start.text : start.text.slice(0, quote)).toLowerCase()
  const raw = prefix.includes('r')
  const fmt = prefix.includes('f')
  const text = n.text
  let value = ''
  let dynamic = false
  let from = start.endIndex
  const piece = (to: number): void => {
    let t = text.slice(from - n.startIndex, to - n.startIndex)
    if (!raw) t = decodeEscapes(t)
    if (fmt) t = t.replace(/\{\{/g, '{').replace(/\}\}/g, '}')
    value += t
  }
  for (const c of n.namedChildren) {
    if (c?.type !== 'interpolation') continue
    piece(c.startIndex)
    from = c.endIndex
    dynamic = true
  }
  piece(end.startIndex)
  return { value, dynamic }
}

/** The text of a string expression, and where its first literal is. */
export interface StringValue {
  /** Literal text (substitutions removed). */
  value: string
  /** Some part is dynamic (substitutions, operands not known statically). */
  dynamic: boolean
  /** The first string literal. */
  literal: Node
}

/** Methods that leave a static string static (`.strip()`, `.trim()`). */
const KEEP_STATIC = new Set(['strip', 'lstrip', 'rstrip', 'trim', 'trimStart', 'trimEnd', 'dedent'])
/** Wrappers that leave a static string static (`dedent("""...""")`). */
const WRAPPERS = new Set(['dedent', 'cleandoc'])

/** `name` or `a.b.name` (identifiers only): the last name, else undefined. */
function dottedName(n: Node | null): string | undefined {
  if (!n) return undefined
  if (n.type === 'identifier') return n.text
  if (n.type !== 'member_expression' && n.type !== 'attribute') return undefined
  const obj = n.childForFieldName('object')
  const prop = n.childForFieldName(n.type === 'attribute' ? 'attribute' : 'property')
  return obj && prop && dottedName(obj) !== undefined ? prop.text : undefined
}

const isMember = (n: Node | null): n is Node => n !== null && (n.type === 'member_expression' || n.type === 'attribute')
const propertyOf = (n: Node): Node | null => n.childForFieldName(n.type === 'attribute' ? 'attribute' : 'property')

/**
 * Evaluates a string expression: literals, Python implicit concatenation, `+`,
 * `[...].join(sep)` / `"sep".join([...])`, `dedent(...)`, `.strip()`/`.trim()`,
 * `as const`, and names bound once to such expressions. Undefined when the
 * expression is not of that kind.
 */
export function stringExpr(s: ApiFile, n0: Node, depth = 0): StringValue | undefined {
  if (depth > 8) return undefined
  const n = unwrap(n0)
  switch (n.type) {
    case 'string':
    case 'template_string': {
      const v = literalString(n)
      return v && { ...v, literal: n }
    }
    case 'concatenated_string':
      return joinParts(s, kids(n), '', depth)
    case 'identifier': {
      const v = resolve(s, n.text)
      return v ? stringExpr(s, v, depth + 1) : undefined
    }
    case 'binary_expression':
    case 'binary_operator':
      return plusOperands(s, n, depth)
    case 'call_expression':
    case 'call':
      return callString(s, n, depth)
    default:
      return undefined
  }
}

/** Operands joined by `+`: an unknown name makes the result dynamic; anything else unknown, undefined. */
function plusOperands(s: ApiFile, n: Node, depth: number): StringValue | undefined {
  let value = ''
  let dynamic = false
  let literal: Node | undefined
  const visit = (e0: Node): boolean => {
    const e = e0.type === 'parenthesized_expression' ? e0 : unwrap(e0)
    if (
      (e.type === 'binary_expression' || e.type === 'binary_operator') &&
      e.childForFieldName('operator')?.type === '+'
    ) {
      const l = e.childForFieldName('left')
      const r = e.childForFieldName('right')
      return l !== null && r !== null && visit(l) && visit(r)
    }
    if (e.type === 'identifier') {
      const v = resolve(s, e.text)
      const inner = v ? stringExpr(s, v, depth + 1) : undefined
      if (!inner) {
        dynamic = true
        return true
      }
      value += inner.value
      dynamic ||= inner.dynamic
      literal ??= inner.literal
      return true
    }
    const inner = stringExpr(s, e, depth + 1)
    if (!inner) return false
    value += inner.value
    dynamic ||= inner.dynamic
    literal ??= inner.literal
    return true
  }
  if (n.childForFieldName('operator')?.type !== '+' || !visit(n) || !literal) return undefined
  return { value, dynamic, literal }
}

/** `dedent(...)`, `x.strip()`, `[...].join(sep)`, `"sep".join([...])`. */
function callString(s: ApiFile, n: Node, depth: number): StringValue | undefined {
  const fn = n.childForFieldName('function')
  const args = argsOf(n)
  if (!fn) return undefined
  const name = dottedName(fn)
  if (name !== undefined && WRAPPERS.has(name) && args.length === 1) return stringExpr(s, args[0], depth + 1)
  if (!isMember(fn)) return undefined
  const method = propertyOf(fn)?.text
  const obj = fn.childForFieldName('object')
  if (!obj || !method) return undefined
  if (KEEP_STATIC.has(method) && args.length === 0) return stringExpr(s, obj, depth + 1)
  if (method !== 'join') return undefined
  if (s.lang === 'js') {
    const arr = unwrap(obj)
    if (arr.type !== 'array' || args.length > 1) return undefined
    const sep = args.length === 0 ? { value: ',' } : stringExpr(s, args[0], depth + 1)
    return sep && joinParts(s, kids(arr), sep.value, depth)
  }
  const list = args.length === 1 ? unwrap(args[0]) : undefined
  if (obj.type !== 'string' || !list || (list.type !== 'list' && list.type !== 'tuple')) return undefined
  const sep = literalString(obj)
  return sep && joinParts(s, kids(list), sep.value, depth)
}

function joinParts(s: ApiFile, parts: Node[], sep: string, depth: number): StringValue | undefined {
  const values: string[] = []
  let dynamic = false
  let literal: Node | undefined
  for (const p of parts) {
    const v = stringExpr(s, p, depth + 1)
    if (!v) return undefined
    values.push(v.value)
    dynamic ||= v.dynamic
    literal ??= v.literal
  }
  return literal && { value: values.join(sep), dynamic, literal }
}

// ---------------------------------------------------------------------------
// Messages API
// ---------------------------------------------------------------------------

/** A call to the Messages API (`client.messages.create(...)` and friends). */
export interface MessagesCall {
  call: Node
  /** Parameters of the request; undefined when they cannot be read statically. */
  params?: Entry[]
}

const MESSAGE_METHODS = new Set(['create', 'stream', 'parse'])

/** Finds Messages API calls (not OpenAI's `threads.messages.create`, not batches). */
export function messagesCalls(s: ApiFile): MessagesCall[] {
  const out: MessagesCall[] = []
  if (!MESSAGES_CALL.test(s.file.text)) return out
  for (const call of nodesOf(s, CALLS[s.lang])) {
    // The callee's `messages` property is a node whose text is exactly that word, inside the call.
    if (!s.spans(call, ['messages'])) continue
    const fn = call.childForFieldName('function')
    if (!isMember(fn) || !MESSAGE_METHODS.has(propertyOf(fn)?.text ?? '')) continue
    const messages = fn.childForFieldName('object')
    if (!isMember(messages) || propertyOf(messages)?.text !== 'messages') continue
    const owner = messages.childForFieldName('object')
    if (
      owner &&
      ((isMember(owner) && propertyOf(owner)?.text === 'threads') ||
        (owner.type === 'identifier' && owner.text === 'threads'))
    )
      continue
    out.push({ call, params: messagesParams(s, call) })
  }
  return out
}

const CALLS = { js: ['call_expression'], py: ['call'] } as const

function messagesParams(s: ApiFile, call: Node): Entry[] | undefined {
  const args = argsOf(call)
  if (s.lang === 'js')
    return args.length >= 1 && args[0].type !== 'spread_element' ? mappingEntries(s, args[0]) : undefined
  const params: Entry[] = []
  for (const a of args) {
    if (a.type === 'keyword_argument') {
      const name = a.childForFieldName('name')
      const value = a.childForFieldName('value')
      if (!name || !value) return undefined
      params.push({ key: name.text, keyNode: name, value })
    } else if (a.type === 'dictionary_splat') {
      const inner = kids(a)[0] ? mappingEntries(s, kids(a)[0]) : undefined
      if (!inner) return undefined
      params.push(...inner)
    } else return undefined
  }
  return params
}

/** Whether the file mentions `cache_control` in code (a name, key or string; not in comments). */
export function mentionsCacheControl(s: ApiFile): boolean {
  return s.mentionsCacheControl
}

function cacheControlIn(s: ApiFile): boolean {
  if (!s.file.text.includes('cache_control')) return false
  const types =
    s.lang === 'js'
      ? [
          'identifier',
          'property_identifier',
          'shorthand_property_identifier',
          'shorthand_property_identifier_pattern',
          'string',
          'template_string'
        ]
      : ['identifier', 'string']
  return descendantsOfType(s.parsed.root, types).some((n) =>
    n.type === 'string' || n.type === 'template_string'
      ? literalString(n)?.value === 'cache_control'
      : n.text === 'cache_control'
  )
}

// ---------------------------------------------------------------------------
// System prompts
// ---------------------------------------------------------------------------

/** Text of a system prompt value, with its first literal. */
export interface PromptText {
  text: string
  dynamic: boolean
  literal: Node
}

/**
 * Reads a system prompt value: a string expression, an array of text blocks
 * (`[{type: "text", text: ...}]`), or an Agent SDK preset with `append`.
 */
export function promptText(s: ApiFile, n0: Node, depth = 0): PromptText | undefined {
  if (depth > 4) return undefined
  const str = stringExpr(s, n0)
  if (str) return { text: str.value, dynamic: str.dynamic, literal: str.literal }
  const n = deref(s, n0)
  if (n.type === 'array' || n.type === 'list') {
    let text = ''
    let dynamic = false
    let literal: Node | undefined
    for (const el of kids(n)) {
      const textEntry = mappingEntries(s, el)?.find((e) => e.key === 'text')
      const v = stringExpr(s, textEntry ? textEntry.value : el)
      if (!v) {
        dynamic = true
        continue
      }
      text += (text ? '\n' : '') + v.value
      dynamic ||= v.dynamic
      literal ??= v.literal
    }
    return literal && { text, dynamic, literal }
  }
  const append = mappingEntries(s, n)?.find((e) => e.key === 'append')
  return append ? promptText(s, append.value, depth + 1) : undefined
}

/** Keys that hold a system prompt, per language. */
const PROMPT_KEYS_JS = new Set(['system', 'systemPrompt', 'customSystemPrompt', 'appendSystemPrompt'])
const PROMPT_KEYS_PY = new Set(['system', 'system_prompt', 'append_system_prompt', 'custom_system_prompt'])
/** What the text of a node that names a prompt key holds: the common part of every key, or an escape. */
const PROMPT_NEEDLES = ['ystem', '\\']

/** One place where code passes a system prompt. */
export interface PromptSite {
  /** The key's name (`system`, `systemPrompt`, ...). */
  key: string
  value: Node
}

const PROMPT_SITE_TYPES = {
  js: ['pair', 'assignment_expression'],
  py: ['pair', 'keyword_argument', 'default_parameter', 'typed_default_parameter', 'assignment']
} as const

/**
 * Finds `system:`/`systemPrompt:` properties, `system=` keyword arguments (and
 * parameter defaults), `"system":` dict keys and `.systemPrompt =` assignments.
 */
export function promptSites(s: ApiFile): PromptSite[] {
  const keys = s.lang === 'js' ? PROMPT_KEYS_JS : PROMPT_KEYS_PY
  const out: PromptSite[] = []
  if (!PROMPT_KEY.test(s.file.text)) return out
  for (const n of nodesOf(s, PROMPT_SITE_TYPES[s.lang])) {
    // Every prompt key has `ystem` in it (`system`, `appendSystemPrompt`, ...); a key node is an
    // identifier (its text is the name) or a string, whose value may also come from escapes.
    if (!s.spans(n, PROMPT_NEEDLES)) continue
    let key: string | undefined
    let value: Node | null = null
    switch (n.type) {
      case 'pair': {
        const k = n.childForFieldName('key')
        // A Python dict key must be a string to name a parameter.
        if (k && (s.lang === 'js' || k.type === 'string')) key = keyName(k)
        value = n.childForFieldName('value')
        break
      }
      case 'keyword_argument':
      case 'default_parameter':
      case 'typed_default_parameter':
        key = n.childForFieldName('name')?.text
        value = n.childForFieldName('value')
        break
      default: {
        // x.system_prompt = ... / this.systemPrompt = ...
        const left = n.childForFieldName('left')
        if (isMember(left)) key = propertyOf(left)?.text
        value = n.childForFieldName('right')
      }
    }
    if (key !== undefined && value && keys.has(key)) out.push({ key, value })
  }
  return out
}

// ---------------------------------------------------------------------------
// Agent SDK sessions
// ---------------------------------------------------------------------------

const TS_SDK = /^@anthropic-ai\/(?:claude-agent-sdk|claude-code)(?:\/|$)/
const PY_SDK = new Set(['claude_agent_sdk', 'claude_code_sdk'])
const PY_OPTIONS = new Set(['ClaudeAgentOptions', 'ClaudeCodeOptions'])

/** An Agent SDK session start (`query(...)`, `ClaudeSDKClient(...)`). */
export interface SdkCall {
  /** The callee's name (`query` in `sdk.query(...)`). */
  callee: Node
  /** The whole call. */
  call: Node
  /** `query()` (one unattended run) or `ClaudeSDKClient` (a session that may have a person at the other end). */
  kind: 'query' | 'client'
  /** Options as entries; null when none are given; undefined when unknown. */
  options: Entry[] | null | undefined
  /** The name the options are passed under, for follow-up assignments (`options.max_turns = 5`). */
  optionsName?: string
}

/** Local names under which a file imports the Agent SDK's entry points. */
interface SdkNames {
  /** Callable names: `query` (TS/Py), `ClaudeSDKClient` (Py). */
  calls: Map<string, 'query' | 'client'>
  /** Namespace names: `sdk` in `import * as sdk` / `import claude_agent_sdk as sdk`. */
  namespaces: Set<string>
  /** Python options classes. */
  optionClasses: Set<string>
}

function sdkNames(s: ApiFile): SdkNames {
  const names: SdkNames = { calls: new Map(), namespaces: new Set(), optionClasses: new Set() }
  const add = (imported: string, local: string): void => {
    if (imported === 'query') names.calls.set(local, 'query')
    else if (imported === 'ClaudeSDKClient') names.calls.set(local, 'client')
    else if (PY_OPTIONS.has(imported)) names.optionClasses.add(local)
  }
  if (s.lang === 'js') {
    for (const n of nodesOf(s, ['import_statement', 'call_expression'])) {
      if (n.type === 'import_statement') {
        // import { a, b as c } from 'sdk' | import * as ns from 'sdk'
        const src = n.childForFieldName('source')
        if (!src || !TS_SDK.test(literalString(src)?.value ?? '')) continue
        const clause = kids(n).find((c) => c.type === 'import_clause')
        for (const c of kids(clause)) {
          if (c.type === 'namespace_import') {
            const id = kids(c)[0]
            if (id) names.namespaces.add(id.text)
          } else if (c.type === 'named_imports') {
            for (const spec of kids(c)) {
              const imported = spec.childForFieldName('name')?.text
              const local = spec.childForFieldName('alias')?.text ?? imported
              if (imported && local) add(imported, local)
            }
          }
        }
        continue
      }
      // const { query } = require('sdk') | const { query: q } = await import('sdk') | const sdk = require('sdk')
      const fn = n.childForFieldName('function')
      const arg = argsOf(n)[0]
      if (!fn || !arg || (fn.type !== 'import' && !(fn.type === 'identifier' && fn.text === 'require'))) continue
      if (!TS_SDK.test((arg.type === 'string' && literalString(arg)?.value) || '')) continue
      let up = n.parent
      if (up?.type === 'await_expression') up = up.parent
      if (up?.type !== 'variable_declarator') continue
      const target = up.childForFieldName('name')
      if (target?.type === 'identifier') names.namespaces.add(target.text)
      else if (target?.type === 'object_pattern') {
        for (const p of kids(target)) {
          if (p.type === 'shorthand_property_identifier_pattern') add(p.text, p.text)
          else if (p.type === 'pair_pattern') {
            const k = p.childForFieldName('key')
            const v = p.childForFieldName('value')
            if (k && v?.type === 'identifier') add(k.text, v.text)
          }
        }
      }
    }
  } else {
    for (const n of nodesOf(s, ['import_from_statement', 'import_statement'])) {
      if (n.type === 'import_from_statement') {
        // `from claude_agent_sdk import ...` or a submodule (`from claude_agent_sdk.types import ...`).
        const mod = n.childForFieldName('module_name')
        if (mod?.type !== 'dotted_name' || !PY_SDK.has(kids(mod)[0]?.text ?? '')) continue
        for (const c of n.childrenForFieldName('name')) {
          if (!c) continue
          if (c.type === 'aliased_import') {
            const imported = c.childForFieldName('name')?.text
            const local = c.childForFieldName('alias')?.text
            if (imported && local) add(imported, local)
          } else add(c.text, c.text)
        }
        continue
      }
      for (const c of n.childrenForFieldName('name')) {
        if (!c) continue
        const dotted = c.type === 'aliased_import' ? c.childForFieldName('name') : c
        const first = kids(dotted)[0]?.text
        if (!first || !PY_SDK.has(first)) continue
        names.namespaces.add(c.type === 'aliased_import' ? (c.childForFieldName('alias')?.text ?? first) : first)
      }
    }
  }
  return names
}

/** Finds Agent SDK session starts in a file and reads their options. */
export function sdkCalls(s: ApiFile): SdkCall[] {
  if (!importsSdk(s.file.text)) return []
  const names = sdkNames(s)
  if (names.calls.size === 0 && names.namespaces.size === 0) return []
  const out: SdkCall[] = []
  for (const call of nodesOf(s, CALLS[s.lang])) {
    const fn = call.childForFieldName('function')
    if (!fn) continue
    let kind: 'query' | 'client' | undefined
    let callee: Node | null = null
    if (fn.type === 'identifier') {
      kind = names.calls.get(fn.text)
      callee = fn
    } else if (isMember(fn)) {
      const obj = fn.childForFieldName('object')
      callee = propertyOf(fn)
      if (obj?.type === 'identifier' && names.namespaces.has(obj.text) && callee) {
        kind =
          callee.text === 'query'
            ? 'query'
            : callee.text === 'ClaudeSDKClient' && s.lang === 'py'
              ? 'client'
              : undefined
      }
    }
    if (!kind || !callee) continue
    out.push({ callee, call, kind, ...readOptions(s, names, kind, call) })
  }
  return out
}

function readOptions(
  s: ApiFile,
  names: SdkNames,
  kind: 'query' | 'client',
  call: Node
): Pick<SdkCall, 'options' | 'optionsName'> {
  const args = argsOf(call)
  let opt: Node
  if (s.lang === 'js') {
    if (args.length === 0 || args[0].type === 'spread_element') return { options: undefined }
    const params = mappingEntries(s, args[0])
    if (!params || params.some((e) => e.spread)) return { options: undefined }
    const o = params.find((e) => e.key === 'options')
    if (!o) return { options: null }
    opt = o.value
  } else {
    if (args.some((a) => a.type === 'list_splat' || a.type === 'dictionary_splat')) return { options: undefined }
    const named = args.find((a) => a.type === 'keyword_argument' && a.childForFieldName('name')?.text === 'options')
    const value = named?.childForFieldName('value')
    if (value) opt = value
    else if (kind === 'client' && args.length > 0 && args[0].type !== 'keyword_argument') opt = args[0]
    else return { options: null }
  }
  const bare = unwrap(opt)
  if (bare.type === 'none' || (bare.type === 'identifier' && bare.text === 'None')) return { options: null }
  const optionsName =
    bare.type === 'identifier' || bare.type === 'shorthand_property_identifier' ? bare.text : undefined
  let r = deref(s, bare)
  if (optionsName !== undefined && (r.type === 'identifier' || r.type === 'shorthand_property_identifier')) {
    // Bound more than once (one per function, say): take the nearest binding before the call.
    const before = (s.bindings.get(optionsName) ?? []).filter((b) => b.name.startIndex < bare.startIndex)
    const last = before.at(-1)
    if (last) r = deref(s, last.value)
  }
  /**
   * The entries of options built in sight. A conditional (`resume ? {...} : shared`,
   * `A if c else B`) gives the entries of both branches (a session gets one of them; an
   * option either branch sets may be set); a spread of options built in sight
   * (`{ ...shared, resume }`, `ClaudeAgentOptions(**base)`) gives theirs. Undefined when some
   * part is not in sight.
   */
  const read = (node: Node, depth: number): Entry[] | undefined => {
    const n = deref(s, node)
    if (depth > 4) return undefined
    const branches = conditionalBranches(n)
    if (branches) {
      const parts = branches.map((b) => read(b, depth + 1))
      return parts.every((p) => p !== undefined) ? (parts as Entry[][]).flat() : undefined
    }
    let found: Entry[] | undefined
    if (s.lang === 'js' || (depth > 0 && n.type === 'dictionary')) found = mappingEntries(s, n)
    else if (n.type === 'call') {
      const fn = n.childForFieldName('function')
      const obj = isMember(fn) ? fn.childForFieldName('object') : null
      if (
        (fn?.type === 'identifier' && names.optionClasses.has(fn.text)) ||
        (obj?.type === 'identifier' && PY_OPTIONS.has(propertyOf(fn!)?.text ?? ''))
      )
        found = keywordEntries(n)
    }
    return found?.flatMap((e) => (e.spread && e.value !== e.keyNode ? (read(e.value, depth + 1) ?? [e]) : [e]))
  }
  const read0 = read(r, 0)
  // One entry per place it is written (both branches may spread the same options).
  const entries = read0?.filter((e, i) => read0.findIndex((x) => x.keyNode.startIndex === e.keyNode.startIndex) === i)
  return { options: entries, optionsName }
}

/** The two branches of a conditional expression (JS `c ? a : b`, Python `a if c else b`), or undefined. */
function conditionalBranches(n: Node): Node[] | undefined {
  if (n.type === 'ternary_expression') {
    const a = n.childForFieldName('consequence')
    const b = n.childForFieldName('alternative')
    return a && b ? [a, b] : undefined
  }
  if (n.type === 'conditional_expression') {
    const named = kids(n).filter((c) => c.isNamed)
    return named.length === 3 ? [named[0], named[2]] : undefined
  }
  return undefined
}

/**
 * Agent SDK options built anywhere in a file that imports the SDK, whether or
 * not the session start that receives them is in sight (options built by a
 * helper method and passed on, `opts = self._build_options()`): Python calls
 * of the options class (`ClaudeAgentOptions(...)`, also `sdk.ClaudeAgentOptions`),
 * and dict displays and JS/TS object literals — in a file that imports the SDK,
 * a mapping with an SDK option key is taken for SDK options.
 */
export function sdkOptionObjects(s: ApiFile): Entry[][] {
  if (!importsSdk(s.file.text)) return []
  const names = sdkNames(s)
  const out: Entry[][] = []
  if (s.lang === 'js') {
    if (names.calls.size === 0 && names.namespaces.size === 0) return []
    // Objects by their pairs (the nodes walked once per file).
    const objects = new Map<number, Node>()
    for (const pair of s.nodes('pair'))
      if (pair.parent?.type === 'object') objects.set(pair.parent.startIndex, pair.parent)
    for (const o of objects.values()) out.push(objectEntries(o))
    return out
  }
  // Dicts spread into the options class (`ClaudeAgentOptions(**options)`): by their pairs.
  const dicts = new Map<number, Node>()
  for (const pair of s.nodes('pair'))
    if (pair.parent?.type === 'dictionary') dicts.set(pair.parent.startIndex, pair.parent)
  for (const d of dicts.values()) out.push(objectEntries(d))
  for (const call of s.nodes('call')) {
    const fn = call.childForFieldName('function')
    const obj = isMember(fn) ? fn.childForFieldName('object') : null
    const ctor =
      (fn?.type === 'identifier' && names.optionClasses.has(fn.text)) ||
      (obj?.type === 'identifier' && names.namespaces.has(obj.text) && PY_OPTIONS.has(propertyOf(fn!)?.text ?? ''))
    if (ctor) out.push(keywordEntries(call))
  }
  return out
}

/** A time limit the code puts around an Agent SDK session: the session stops when it runs out, cap or not. */
export interface TimeBound {
  /** The bound as written, from its callee to its closing parenthesis (`asyncio.timeout(120)`). */
  text: string
  /** Its length in seconds, when a literal says it. */
  seconds?: number
  /** The condition under which the code sets the limit (`when \`t is not None\``), when it chooses. */
  when?: string
}

/** Scopes a time bound does not reach into: a function defined inside the bound may run after it. */
const SCOPES = new Set([
  'function_definition',
  'lambda',
  'function_declaration',
  'function_expression',
  'function',
  'arrow_function',
  'method_definition',
  'generator_function_declaration',
  'class_definition'
])

/**
 * Python context managers that cancel their block when time runs out, by
 * module: the delay is their first argument (`asyncio.timeout_at` takes a
 * deadline on the loop's clock instead, so it has no length here).
 */
const PY_TIME_CONTEXTS: Readonly<Record<string, readonly string[]>> = {
  asyncio: ['timeout', 'timeout_at'],
  anyio: ['fail_after', 'move_on_after']
}

/** `asyncio.timeout` or an imported `timeout` of `from asyncio import timeout`: the module it is, or undefined. */
function pyTimeFunction(s: ApiFile, fn: Node | null, names: (module: string) => readonly string[]): string | undefined {
  if (!fn) return undefined
  if (fn.type === 'attribute') {
    const mod = fn.childForFieldName('object')
    const attr = fn.childForFieldName('attribute')?.text
    return mod?.type === 'identifier' &&
      attr !== undefined &&
      Object.hasOwn(PY_TIME_CONTEXTS, mod.text) &&
      names(mod.text).includes(attr)
      ? attr
      : undefined
  }
  if (fn.type !== 'identifier') return undefined
  // `from asyncio import timeout` (or `... import timeout as limit`): the local name's function, when it is one of these.
  for (const imp of s.nodes('import_from_statement')) {
    const mod = imp.childForFieldName('module_name')?.text
    if (mod === undefined || !Object.hasOwn(PY_TIME_CONTEXTS, mod)) continue
    for (const n of imp.childrenForFieldName('name')) {
      if (!n) continue
      const imported = n.type === 'aliased_import' ? n.childForFieldName('name')?.text : n.text
      const local = n.type === 'aliased_import' ? n.childForFieldName('alias')?.text : n.text
      if (local === fn.text && imported !== undefined && names(mod).includes(imported)) return imported
    }
  }
  return undefined
}

/** The seconds a delay argument says (`120`, `2.5`, `60_000` ms in JS); undefined when not literal; null when it is `None` (no limit). */
function delaySeconds(s: ApiFile, arg: Node | undefined, perSecond: number): number | null | undefined {
  if (!arg) return undefined
  const v = deref(s, arg)
  if (v.type === 'none' || v.type === 'null' || v.type === 'undefined') return null
  if (v.type !== 'integer' && v.type !== 'float' && v.type !== 'number') return undefined
  const n = Number(v.text.replace(/_/g, ''))
  return Number.isFinite(n) && n >= 0 ? n / perSecond : undefined
}

function positionalArgs(call: Node): Node[] {
  return (call.childForFieldName('arguments')?.namedChildren ?? []).filter(
    (a): a is Node => a !== null && a.type !== 'comment' && a.type !== 'keyword_argument'
  )
}

function keywordArg(call: Node, name: string): Node | undefined {
  const kw = (call.childForFieldName('arguments')?.namedChildren ?? []).find(
    (a) => a?.type === 'keyword_argument' && a.childForFieldName('name')?.text === name
  )
  return kw?.childForFieldName('value') ?? undefined
}

/** A bound's text for a message: one line, at most 60 characters. */
function short(text: string): string {
  const line = text.replace(/\s+/g, ' ')
  return line.length > 60 ? `${line.slice(0, 59)}…` : line
}

function within(inner: Node, outer: Node): boolean {
  return outer.startIndex <= inner.startIndex && inner.endIndex <= outer.endIndex
}

/**
 * The time limit around an Agent SDK session, read from the syntax tree:
 * in Python, a `with` / `async with` of `asyncio.timeout(...)`,
 * `asyncio.timeout_at(...)`, `anyio.fail_after(...)` or
 * `anyio.move_on_after(...)` whose body holds the session call, or an
 * `asyncio.wait_for(..., timeout=...)` whose awaited argument holds it (not
 * across a function defined in between, which may run later); in JavaScript
 * and TypeScript, an `abortController` option bound to an `AbortController`
 * that a `setTimeout(() => controller.abort(), ms)` in the same scope aborts.
 * A limit of `None` is no limit. Undefined when there is none.
 */
export function sessionTimeBound(s: ApiFile, call: SdkCall): TimeBound | undefined {
  return s.lang === 'py' ? pyTimeBound(s, call.call) : jsTimeBound(s, call)
}

/**
 * The context manager a name stands for in `async with NAME:`, bound once
 * before it in the same function: `ctx = asyncio.timeout(t)`, or a choice
 * `ctx = asyncio.timeout(t) if t else nullcontext()`, whose time-limit branch
 * is returned with the condition under which it is taken.
 */
function chosenContext(
  s: ApiFile,
  name: Node,
  withStatement: Node
): { value: Node | undefined; when: string | undefined } {
  let scope: Node = withStatement
  while (scope.parent && !SCOPES.has(scope.type)) scope = scope.parent
  const binds = s.nodes('assignment').filter((a) => a.childForFieldName('left')?.text === name.text && within(a, scope))
  let right =
    binds.length === 1 && binds[0].startIndex < withStatement.startIndex ? binds[0].childForFieldName('right') : null
  while (right?.type === 'parenthesized_expression')
    right = right.namedChildren.find((c) => c?.type !== 'comment') ?? null
  if (!right) return { value: undefined, when: undefined }
  if (right.type !== 'conditional_expression') return { value: right, when: undefined }
  const [then, cond, otherwise] = right.namedChildren
  if (!then || !cond || !otherwise) return { value: undefined, when: undefined }
  const isLimit = (c: Node): boolean =>
    c.type === 'call' && pyTimeFunction(s, c.childForFieldName('function'), (m) => PY_TIME_CONTEXTS[m]) !== undefined
  if (isLimit(then)) return { value: then, when: `when \`${short(cond.text)}\`` }
  if (isLimit(otherwise)) return { value: otherwise, when: `unless \`${short(cond.text)}\`` }
  return { value: undefined, when: undefined }
}

function pyTimeBound(s: ApiFile, session: Node): TimeBound | undefined {
  for (let n: Node | null = session.parent; n; n = n.parent) {
    if (SCOPES.has(n.type)) return undefined
    if (n.type === 'with_statement') {
      const body = n.childForFieldName('body')
      if (!body || !within(session, body)) continue
      const clause = n.namedChildren.find((c) => c?.type === 'with_clause')
      for (const item of clause?.namedChildren ?? []) {
        const written =
          item?.type === 'with_item' ? (item.childForFieldName('value') ?? item.namedChildren[0]) : undefined
        const { value, when } =
          written?.type === 'identifier' ? chosenContext(s, written, n) : { value: written, when: undefined }
        if (value?.type !== 'call') continue
        const fn = pyTimeFunction(s, value.childForFieldName('function'), (m) => PY_TIME_CONTEXTS[m])
        if (!fn) continue
        const delay = positionalArgs(value)[0] ?? keywordArg(value, 'delay') ?? keywordArg(value, 'when')
        const given = delaySeconds(s, delay, 1)
        if (given === null) continue
        const seconds = fn === 'timeout_at' ? undefined : given
        return { text: short(value.text), ...(seconds !== undefined ? { seconds } : {}), ...(when ? { when } : {}) }
      }
    } else if (n.type === 'call') {
      if (!pyTimeFunction(s, n.childForFieldName('function'), (m) => (m === 'asyncio' ? ['wait_for'] : []))) continue
      const args = positionalArgs(n)
      if (!args[0] || !within(session, args[0])) continue
      const timeout = args[1] ?? keywordArg(n, 'timeout')
      const seconds = delaySeconds(s, timeout, 1)
      if (!timeout || seconds === null) continue
      return {
        text: `${n.childForFieldName('function')?.text ?? 'wait_for'}(…, ${args[1] ? '' : 'timeout='}${short(timeout.text)})`,
        ...(seconds !== undefined ? { seconds } : {})
      }
    }
  }
  return undefined
}

function jsTimeBound(s: ApiFile, call: SdkCall): TimeBound | undefined {
  const entry = call.options?.find((e) => !e.spread && e.key === 'abortController')
  const name = entry && unwrap(entry.value)
  if (!entry || name?.type !== 'identifier') return undefined
  // The controller's binding in the function that starts the session (a name used in several functions), else the file's.
  let fn: Node = call.call
  while (fn.parent && !SCOPES.has(fn.type)) fn = fn.parent
  const local = s
    .nodes('variable_declarator')
    .filter((d) => d.childForFieldName('name')?.text === name.text && within(d, fn))
  const bound = local.length === 1 ? local[0].childForFieldName('value') : null
  const controller = bound ? unwrap(bound) : deref(s, name)
  if (controller.type !== 'new_expression' || controller.childForFieldName('constructor')?.text !== 'AbortController')
    return undefined
  let scope: Node = controller
  while (scope.parent && !SCOPES.has(scope.type)) scope = scope.parent
  for (const t of s.nodes('call_expression')) {
    if (t.childForFieldName('function')?.text !== 'setTimeout' || !within(t, scope)) continue
    const args = (t.childForFieldName('arguments')?.namedChildren ?? []).filter(
      (a): a is Node => a !== null && a.type !== 'comment'
    )
    if (!args[0] || !args[1]) continue
    const aborts = descendantsOfType(args[0], 'call_expression').some((c) => {
      const fn = c.childForFieldName('function')
      return (
        fn?.type === 'member_expression' &&
        fn.childForFieldName('object')?.text === name.text &&
        fn.childForFieldName('property')?.text === 'abort'
      )
    })
    if (!aborts) continue
    const seconds = delaySeconds(s, args[1], 1000)
    if (seconds === null) continue
    return {
      text: `setTimeout(() => ${name.text}.abort(), ${short(args[1].text)})`,
      ...(seconds !== undefined ? { seconds } : {})
    }
  }
  return undefined
}

/** Whether the file assigns `name.<field> = ...` for one of the fields. */
export function assignsField(s: ApiFile, name: string, fields: ReadonlySet<string>): boolean {
  return s.nodes(s.lang === 'js' ? 'assignment_expression' : 'assignment').some((n) => {
    const left = n.childForFieldName('left')
    if (!isMember(left)) return false
    const obj = left.childForFieldName('object')
    return obj?.type === 'identifier' && obj.text === name && fields.has(propertyOf(left)?.text ?? '')
  })
}

/** Cacheable minimum (tokens) of a model id, per the prompt caching docs; undefined when unknown. */
export function cacheMinimum(model: string): { minimum: number; name: string } | undefined {
  // A Vertex version suffix (`claude-sonnet-4-5@20250929`) is cut off.
  const id = cutAtFirstInLastLine(model.toLowerCase().replace(/^(?:[a-z]{2,4}\.)?anthropic\./, ''), '@')
  const m = /claude-(opus|sonnet|haiku|fable|mythos)-(\d+)(?:-(\d))?(?=-|$|\[|:)/.exec(id)
  const old = /claude-(\d)(?:-(\d))?-(opus|sonnet|haiku)/.exec(id)
  let family: string
  let version: string
  if (m) {
    family = m[1]
    version = m[3] ? `${m[2]}.${m[3]}` : m[2]
  } else if (old) {
    family = old[3]
    version = old[2] ? `${old[1]}.${old[2]}` : old[1]
  } else if (/claude-mythos-preview/.test(id)) {
    return { minimum: 2048, name: 'Claude Mythos Preview' }
  } else {
    return undefined
  }
  const name = `Claude ${family[0].toUpperCase()}${family.slice(1)} ${version}`
  const key = `${family} ${version}`
  const table: Record<string, number> = {
    'opus 5': 512,
    'fable 5': 512,
    'mythos 5': 512,
    'opus 4.8': 1024,
    'sonnet 5': 1024,
    'sonnet 4.6': 1024,
    'sonnet 4.5': 1024,
    'opus 4.1': 1024,
    'opus 4': 1024,
    'sonnet 4': 1024,
    'opus 4.7': 2048,
    'haiku 3.5': 2048,
    'opus 4.6': 4096,
    'opus 4.5': 4096,
    'haiku 4.5': 4096
  }
  const minimum = table[key]
  return minimum === undefined ? undefined : { minimum, name }
}
