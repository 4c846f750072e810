/**
 * Structured documents (YAML and JSON) that keep source positions, behind one
 * interface, so rules can point at keys and values without computing lines.
 */
import {
  parseDocument,
  isMap,
  isSeq,
  isScalar,
  isPair,
  isAlias,
  isNode,
  type Document,
  type Node as YamlNode,
  type Pair
} from 'yaml'
import {
  parseTree,
  findNodeAtLocation,
  getNodeValue,
  printParseErrorCode,
  type Node as JsonNode,
  type ParseError as JsonParseError
} from 'jsonc-parser'
import { SourceFile, type Span } from './source.js'
import { cachedParse } from './parse-cache.js'
import { hasLineTerminator } from '../core/linear-text.js'

/** A step in a path through a document: a map key or a sequence index. */
export type PathSeg = string | number

/** Which part of a key/value pair a span covers. */
export type Part = 'key' | 'value' | 'pair'

/** A syntax error at an offset. */
export interface DocError {
  message: string
  offset: number
}

/** A parsed YAML or JSON document with source positions. */
export interface StructuredDoc {
  readonly kind: 'yaml' | 'json'
  readonly file: SourceFile
  /** Plain JavaScript value; undefined when the document could not be parsed. */
  readonly value: unknown
  readonly errors: DocError[]
  /** Span of the node at `path` (value by default), or undefined when absent. */
  span(path: readonly PathSeg[], part?: Part): Span | undefined
}

/** Most alias expansions tolerated when turning YAML into plain values (alias bombs). */
const MAX_ALIAS_COUNT = 100

/** Deepest bracket nesting parsed; deeper documents are reported, not parsed (stack safety). */
export const MAX_NESTING = 500

/**
 * Offset where bracket nesting first exceeds {@link MAX_NESTING}, skipping
 * quoted strings, or -1. Parsers recurse per level, so hostile input such as
 * 200,000 nested arrays would otherwise overflow the stack.
 */
export function excessiveNesting(text: string): number {
  // Each level is one opening bracket: a text with no more of them cannot nest deeper.
  if (text.length <= MAX_NESTING || !moreOpeningBrackets(text, MAX_NESTING)) return -1
  let depth = 0
  // Jumps from one character that matters to the next (outside quotes: a quote
  // or a bracket; inside: a backslash or the closing quote) rather than looking
  // at every character; the answer is that of the plain loop over all of them.
  let i = 0
  for (;;) {
    BRACKET_OR_QUOTE.lastIndex = i
    const m = BRACKET_OR_QUOTE.exec(text)
    if (!m) return -1
    const at = m.index
    const c = text.charCodeAt(at)
    if (c === 0x22) {
      // A quoted string: a backslash hides the character after it; no closing quote ends the text.
      let j = at + 1
      for (;;) {
        QUOTE_END.lastIndex = j
        const q = QUOTE_END.exec(text)
        if (!q) return -1
        if (text.charCodeAt(q.index) === 0x5c) j = q.index + 2
        else {
          i = q.index + 1
          break
        }
      }
    } else {
      if (c === 0x5b || c === 0x7b) {
        if (++depth > MAX_NESTING) return at
      } else if (depth > 0) depth--
      i = at + 1
    }
  }
}
/** Whether `text` holds more than `limit` opening brackets (`[` and `{`), counted natively. */
function moreOpeningBrackets(text: string, limit: number): boolean {
  let n = 0
  for (let i = text.indexOf('['); i >= 0; i = text.indexOf('[', i + 1)) if (++n > limit) return true
  for (let i = text.indexOf('{'); i >= 0; i = text.indexOf('{', i + 1)) if (++n > limit) return true
  return false
}
const BRACKET_OR_QUOTE = /["[\]{}]/g
const QUOTE_END = /["\\]/g

/**
 * Offset of the first line whose block nesting exceeds {@link MAX_NESTING}:
 * indentation plus compact `- ` / `? ` / `: ` indicators at the start of the
 * line (`- - - - x`), or -1. The `yaml` package recurses per block level, so
 * 100,000 nested sequences would abort the process.
 */
export function excessiveBlockNesting(text: string): number {
  const limit = MAX_NESTING
  // Each level takes at least one character of its line: a text this short cannot nest deeper.
  if (text.length <= limit) return -1
  // Every character the count below takes is a blank or an indicator, and the count is the
  // number taken: only a line that starts with more than `limit` of them can pass the limit.
  // Such lines are found natively; each is then counted exactly.
  DEEP_LINE.lastIndex = 0
  for (let m = DEEP_LINE.exec(text); m; m = DEEP_LINE.exec(text)) {
    const lineStart = text.charCodeAt(m.index) === 0x0a ? m.index + 1 : m.index
    if (blockWidth(text, lineStart, limit) > limit) return lineStart
    DEEP_LINE.lastIndex = lineStart + 1
  }
  return -1
}
/** A line start (the text's, or after a line feed) followed by more than MAX_NESTING (500) blanks or indicator characters. */
const DEEP_LINE = /(?:^|\n)[ \t?:-]{501}/g

/** Indentation plus compact indicators at `lineStart`, counted until it passes `limit`. */
function blockWidth(text: string, lineStart: number, limit: number): number {
  let i = lineStart
  let width = 0
  while (i < text.length && width <= limit) {
    const c = text[i]
    if (c === ' ' || c === '\t') {
      width++
      i++
    } else if ((c === '-' || c === '?' || c === ':') && (text[i + 1] === ' ' || text[i + 1] === '\t')) {
      width += 2
      i += 2
    } else break
  }
  return width
}

class YamlDoc implements StructuredDoc {
  readonly kind = 'yaml' as const
  readonly value: unknown
  readonly errors: DocError[] = []
  /**
   * The syntax tree, kept only for a document {@link plainDocValue} leaves to `toJS`
   * (aliases, tags, merge keys) or one with errors; otherwise {@link positions} answers
   * {@link span}, and the tree (several objects a scalar) is left to the garbage collector
   * instead of surviving, and being copied by it, as long as the document.
   */
  private readonly doc: Document | undefined
  /** The positions of a plain document's nodes; null for an empty document. */
  private readonly positions: Positions | null | undefined

  constructor(
    readonly file: SourceFile,
    parsed: YamlParse,
    private readonly base: number
  ) {
    if (parsed.plain) {
      this.value = parsed.plain.value
      this.positions = parsed.plain.positions
      this.doc = undefined
      return
    }
    for (const e of parsed.errors) this.errors.push({ message: e.message, offset: base + e.offset })
    this.value = parsed.value
    this.positions = undefined
    this.doc = parsed.doc
  }

  private resolve(doc: Document, node: unknown): unknown {
    return isAlias(node) ? node.resolve(doc) : node
  }

  private pairAt(doc: Document, path: readonly PathSeg[]): { pair?: Pair; node?: YamlNode } {
    let node: unknown = doc.contents
    let pair: Pair | undefined
    for (const seg of path) {
      node = this.resolve(doc, node)
      pair = undefined
      if (isMap(node)) {
        const p = node.items.find(
          (it) => isPair(it) && keyText(it.key) === String(seg)
        )
        if (!p) return {}
        pair = p as Pair
        node = p.value
      } else if (isSeq(node) && typeof seg === 'number') {
        node = node.items[seg]
        if (node === undefined) return {}
      } else {
        return {}
      }
    }
    return { pair, node: isNode(node) ? node : undefined }
  }

  span(path: readonly PathSeg[], part: Part = 'value'): Span | undefined {
    if (!this.doc) return this.positionSpan(path, part)
    const { pair, node } = this.pairAt(this.doc, path)
    const keyNode = pair && isNode(pair.key) ? pair.key : undefined
    if (part === 'key' && keyNode?.range) return this.mk(keyNode.range[0], keyNode.range[1])
    if (part === 'pair' && keyNode?.range) {
      const end = node?.range ? node.range[1] : keyNode.range[1]
      return this.mk(keyNode.range[0], end)
    }
    if (node?.range) return this.mk(node.range[0], node.range[1])
    if (keyNode?.range) return this.mk(keyNode.range[0], keyNode.range[1])
    if (path.length === 0) return this.mk(0, 0)
    return undefined
  }

  /**
   * {@link span} from the positions of a plain document: the same walk as {@link pairAt}
   * (the first pair whose key's text is the segment, an item by index, no aliases in such a
   * document) and the same choice of range. Every node the composer makes has a range, and
   * every key of a plain document is a scalar.
   */
  private positionSpan(path: readonly PathSeg[], part: Part): Span | undefined {
    // The node reached: a collection (`node`), or a scalar's range, or none (a pair without
    // a value, an empty item).
    let node: Positions | undefined = this.positions ?? undefined
    let start = node ? node.start : -1
    let end = node ? node.end : -1
    let keyStart = -1
    let keyEnd = -1
    for (const seg of path) {
      keyStart = keyEnd = -1
      if (!node) return undefined
      let i: number
      let at: number
      if (node.keys) {
        i = node.keys.indexOf(String(seg))
        if (i < 0) return undefined
        keyStart = node.ranges[4 * i]
        keyEnd = node.ranges[4 * i + 1]
        at = 4 * i + 2
      } else if (typeof seg === 'number') {
        // What `items[seg]` finds: an item at an array index below the count (a scalar has none).
        if (!Number.isInteger(seg) || seg < 0 || seg >= node.items) return undefined
        i = seg
        at = 2 * i
      } else return undefined
      start = node.ranges[at]
      end = node.ranges[at + 1]
      node = start < 0 ? undefined : node.kids?.[i]
    }
    if (keyStart >= 0) {
      if (part === 'key') return this.mk(keyStart, keyEnd)
      if (part === 'pair') return this.mk(keyStart, start >= 0 ? end : keyEnd)
    }
    if (start >= 0) return this.mk(start, end)
    if (keyStart >= 0) return this.mk(keyStart, keyEnd)
    if (path.length === 0) return this.mk(0, 0)
    return undefined
  }

  private mk(start: number, end: number): Span {
    return { file: this.file, start: this.base + start, end: this.base + end }
  }
}

/**
 * A YAML text parsed: a plain document as its value and positions (plain data, which the
 * parse cache can keep), or else the syntax tree with its value and errors (offsets in the text).
 */
type YamlParse =
  | { plain: { value: unknown; positions: Positions | null }; errors?: undefined; value?: undefined; doc?: undefined }
  | { plain?: undefined; errors: DocError[]; value: unknown; doc: Document }

function parseYamlText(text: string): YamlParse {
  const errors: DocError[] = []
  const flow = excessiveNesting(text)
  const deep = flow >= 0 ? flow : excessiveBlockNesting(text)
  const doc = parseDocument(deep >= 0 ? '' : text, {
    logLevel: 'error',
    uniqueKeys: false,
    prettyErrors: false,
    strict: false
  })
  if (deep >= 0) errors.push({ message: `nesting deeper than ${MAX_NESTING} levels`, offset: deep })
  for (const e of doc.errors) errors.push({ message: e.message.split('\n')[0], offset: e.pos[0] })
  let value: unknown
  if (errors.length === 0) {
    try {
      const plain = plainDocValue(doc)
      if (plain) return { plain }
      value = doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT })
    } catch (e) {
      errors.push({ message: `could not expand YAML (${(e as Error).message})`, offset: 0 })
    }
  }
  return { errors, value, doc }
}

/**
 * Where a collection of a plain document is, and its entries (what {@link YamlDoc.span}
 * reads of the syntax tree, in a few objects a collection instead of several a scalar). A
 * scalar document is one without entries.
 */
class Positions {
  /** Ranges of the entries: per pair of a map its key's start and end, then its value's (-1, -1 without a value node); per item of a sequence its start and end (-1, -1 for an empty one). */
  readonly ranges: number[]
  /** A map's keys as {@link keyText} gives them, in order. */
  readonly keys: string[] | undefined
  /** Entries that are collections, by entry index. */
  kids: Positions[] | undefined
  constructor(
    readonly start: number,
    readonly end: number,
    kind?: 'map' | 'seq',
    /** The number of entries (pairs or items). */
    readonly items = 0
  ) {
    // Arrays of the exact length: grown by push, each would hold room for a dozen more.
    this.keys = kind === 'map' ? new Array<string>(items) : undefined
    this.ranges = new Array<number>(kind === 'map' ? 4 * items : kind === 'seq' ? 2 * items : 0)
  }
}

/** Thrown by {@link plainValue} at anything it leaves to `toJS`. */
const NOT_PLAIN = Symbol('not plain')

/**
 * The value `doc.toJS()` gives, built in one walk of the composed nodes for the
 * common document: the core schema without merge keys, no anchors, aliases or
 * explicit tags, every map key a scalar. Undefined for any other document,
 * which `toJS` then builds (aliases and their limit, merge keys, tags,
 * collection keys). For these documents toJS (with `keep`, as Document#toJS
 * sets it) turns a scalar into its `value`, a sequence into an array of its
 * items' values, a map into a plain object whose keys are `String(value)` of
 * the key scalar (`''` for null) and whose entries are assigned in order, by
 * defineProperty when the key is already `in` the object (`__proto__`, a
 * repeated key); so does this walk, without toJS's context and per-node calls.
 */
function plainDocValue(doc: Document): { value: unknown; positions: Positions | null } | undefined {
  const schema = doc.schema as { name?: string; tags?: readonly { tag?: string }[] }
  if (schema.name !== 'core' || schema.tags?.some((t) => t.tag === MERGE_TAG)) return undefined
  try {
    // toJS of an empty document (no contents) is null.
    if (doc.contents === null) return { value: null, positions: null }
    const root = new Positions(0, 0, 'seq', 1)
    const value = plainValue(doc.contents, root, 0, 0)
    return { value, positions: root.kids?.[0] ?? new Positions(root.ranges[0], root.ranges[1]) }
  } catch (e) {
    if (e === NOT_PLAIN) return undefined
    throw e
  }
}
const MERGE_TAG = 'tag:yaml.org,2002:merge'

/**
 * The plain value of `node`, entry `index` of the collection `parent`: writes its range into
 * the parent's ranges at `at`, and its {@link Positions} into the parent's kids when it is a
 * collection.
 */
function plainValue(node: unknown, parent: Positions, index: number, at: number): unknown {
  if (isScalar(node)) {
    if (node.anchor !== undefined || node.tag !== undefined) throw NOT_PLAIN
    const r = rangeOf(node)
    parent.ranges[at] = r[0]
    parent.ranges[at + 1] = r[1]
    return node.value
  }
  if (isMap(node)) {
    if (node.anchor !== undefined || node.tag !== undefined) throw NOT_PLAIN
    const r = rangeOf(node)
    parent.ranges[at] = r[0]
    parent.ranges[at + 1] = r[1]
    const out: Record<string, unknown> = {}
    const items = node.items
    const self = new Positions(r[0], r[1], 'map', items.length)
    ;(parent.kids ??= new Array<Positions>(parent.items))[index] = self
    const keys = self.keys as string[]
    const ranges = self.ranges
    for (let i = 0; i < items.length; i++) {
      const item = items[i]
      const key = item.key
      if (!isScalar(key) || key.anchor !== undefined || key.tag !== undefined) throw NOT_PLAIN
      const k = key.value
      if (k === '<<' || (k !== null && typeof k === 'object')) throw NOT_PLAIN
      const kr = rangeOf(key)
      keys[i] = String(k)
      ranges[4 * i] = kr[0]
      ranges[4 * i + 1] = kr[1]
      const name = k === null ? '' : String(k)
      let v: unknown
      if (item.value === null || item.value === undefined) {
        v = item.value
        ranges[4 * i + 2] = ranges[4 * i + 3] = -1
      } else v = plainValue(item.value, self, i, 4 * i + 2)
      if (name in out) Object.defineProperty(out, name, { value: v, writable: true, enumerable: true, configurable: true })
      else out[name] = v
    }
    return out
  }
  if (isSeq(node)) {
    if (node.anchor !== undefined || node.tag !== undefined) throw NOT_PLAIN
    const r = rangeOf(node)
    parent.ranges[at] = r[0]
    parent.ranges[at + 1] = r[1]
    const out: unknown[] = []
    const items = node.items
    const self = new Positions(r[0], r[1], 'seq', items.length)
    ;(parent.kids ??= new Array<Positions>(parent.items))[index] = self
    for (let i = 0; i < items.length; i++) {
      const item = items[i]
      if (item === null || item === undefined) {
        out.push(item)
        // An absent item: pairAt stops at it, as at a pair without a value.
        self.ranges[2 * i] = self.ranges[2 * i + 1] = -1
      } else out.push(plainValue(item, self, i, 2 * i))
    }
    return out
  }
  // Aliases, pairs in a flow sequence, anything else.
  throw NOT_PLAIN
}

/** A composed node's range (the composer gives every node one; a node without is left to `toJS`). */
function rangeOf(node: YamlNode): readonly [number, number, number] {
  const r = node.range
  if (!r) throw NOT_PLAIN
  return r
}

function keyText(key: unknown): string | undefined {
  if (isScalar(key)) return String(key.value)
  return undefined
}

class JsonDoc implements StructuredDoc {
  readonly kind = 'json' as const
  readonly value: unknown
  readonly errors: DocError[] = []
  private readonly root: JsonNode | undefined

  constructor(
    readonly file: SourceFile,
    comments: boolean
  ) {
    const errs: JsonParseError[] = []
    const deep = excessiveNesting(file.text)
    if (deep >= 0) {
      this.errors.push({ message: `nesting deeper than ${MAX_NESTING} levels`, offset: deep })
      this.root = undefined
      this.value = undefined
      return
    }
    // Trailing commas and other syntax errors are errors: Claude Code's JSON
    // reader rejects them. Comments are errors only where asked (settings files,
    // which Claude Code reads as strict JSON); elsewhere (devcontainer.json is
    // JSON with comments by design) they are tolerated.
    this.root = parseTree(file.text, errs, {
      allowTrailingComma: false,
      disallowComments: !comments,
      allowEmptyContent: true
    })
    for (const e of errs) {
      this.errors.push({ message: describeJsonError(e.error), offset: e.offset })
    }
    this.value = this.root && errs.length === 0 ? getNodeValue(this.root) : undefined
  }

  span(path: readonly PathSeg[], part: Part = 'value'): Span | undefined {
    if (!this.root) return undefined
    const node = path.length === 0 ? this.root : findNodeAtLocation(this.root, [...path])
    if (!node) return undefined
    const prop = node.parent?.type === 'property' ? node.parent : undefined
    const key = prop?.children?.[0]
    if (part === 'key' && key) return this.mk(key.offset, key.offset + key.length)
    if (part === 'pair' && prop) return this.mk(prop.offset, prop.offset + prop.length)
    return this.mk(node.offset, node.offset + node.length)
  }

  private mk(start: number, end: number): Span {
    // jsonc-parser ends a node one past the text when an unterminated `/*` follows it.
    const len = this.file.text.length
    return { file: this.file, start: Math.min(start, len), end: Math.min(end, len) }
  }
}

function describeJsonError(code: number): string {
  const name = printParseErrorCode(code)
  if (name === 'InvalidCommentToken') return 'a comment, which strict JSON does not allow'
  // 'PropertyNameExpected' → 'property name expected'
  return name.replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase()
}

/** Parses a YAML file. `base` shifts spans when the YAML is embedded (frontmatter). */
export function parseYaml(file: SourceFile, text = file.text, base = 0): StructuredDoc {
  // A plain document (value and positions, plain data) may come from the parse cache (src/parse/parse-cache.ts).
  const parsed = cachedParse('yaml', text, () => parseYamlText(text), (p) => p.plain !== undefined)
  return new YamlDoc(file, parsed, base)
}

/** Parses a JSON file; comments are tolerated unless `comments: false`. */
export function parseJson(file: SourceFile, options: { comments?: boolean } = {}): StructuredDoc {
  return new JsonDoc(file, options.comments !== false)
}

/** Markdown with optional YAML frontmatter. */
export interface MarkdownDoc {
  file: SourceFile
  /** Frontmatter document, when the file starts with a `---` block. */
  frontmatter?: StructuredDoc
  /** Offset where the body (after the frontmatter) starts. */
  bodyStart: number
}

const FRONTMATTER = /^---[ \t]*\r?\n/

/**
 * Frontmatter read the lenient way Claude Code reads it when strict YAML fails
 * (its own agent generator writes descriptions like `Use this agent when...
 * Context: ...` that are not valid YAML): each top-level `key:` takes its block
 * parsed as YAML when that works, else the rest of its line as a string.
 */
class LenientFrontmatter implements StructuredDoc {
  readonly kind = 'yaml' as const
  readonly errors: DocError[] = []
  readonly value: Record<string, unknown> = {}
  private readonly keys = new Map<string, { keyStart: number; keyEnd: number; valueStart: number; valueEnd: number }>()

  constructor(
    readonly file: SourceFile,
    inner: string,
    base: number,
    readonly strictErrors: DocError[]
  ) {
    const lines = inner.split('\n')
    let offset = 0
    const starts = lines.map((l) => {
      const o = offset
      offset += l.length + 1
      return o
    })
    for (let i = 0; i < lines.length; i++) {
      const m = keyLine(lines[i].replace(/\r$/, ''))
      if (!m) continue
      let j = i + 1
      while (j < lines.length && (/^[ \t]/.test(lines[j]) || lines[j].trim() === '')) j++
      const blockEnd = starts[j - 1] + lines[j - 1].length
      const chunk = inner.slice(starts[i], blockEnd)
      let v: unknown
      try {
        const d = parseDocument(chunk, { prettyErrors: false, strict: false })
        if (d.errors.length === 0) v = (d.toJS({ maxAliasCount: MAX_ALIAS_COUNT }) as Record<string, unknown>)?.[m[1]]
      } catch {
        v = undefined
      }
      if (v === undefined) v = m[2].trim().replace(/^(["'])(.*)\1$/, '$2')
      this.value[m[1]] = v
      const keyStart = base + starts[i]
      const valueStart = keyStart + lines[i].length - m[2].length
      this.keys.set(m[1], { keyStart, keyEnd: keyStart + m[1].length, valueStart, valueEnd: base + blockEnd })
      i = j - 1
    }
  }

  span(path: readonly PathSeg[], part: Part = 'value'): Span | undefined {
    const k = this.keys.get(String(path[0]))
    if (!k) return undefined
    if (part === 'key' || path.length > 1) return { file: this.file, start: k.keyStart, end: k.keyEnd }
    if (part === 'pair') return { file: this.file, start: k.keyStart, end: k.valueEnd }
    return { file: this.file, start: k.valueStart, end: Math.max(k.valueStart, k.valueEnd) }
  }
}

/** Splits a Markdown file into YAML frontmatter (with positions) and body. */
export function parseMarkdown(file: SourceFile): MarkdownDoc {
  const text = file.text
  const open = FRONTMATTER.exec(text)
  if (!open) return { file, bodyStart: 0 }
  const start = open[0].length
  const close = /^(---|\.\.\.)[ \t]*$/m
  close.lastIndex = 0
  const rest = text.slice(start)
  const m = close.exec(rest)
  if (!m) return { file, bodyStart: 0 }
  const inner = rest.slice(0, m.index)
  let fm = parseYaml(file, inner, start)
  if (fm.errors.length > 0 && excessiveNesting(inner) < 0 && excessiveBlockNesting(inner) < 0) {
    const lenient = new LenientFrontmatter(file, inner, start, fm.errors)
    // Unreadable even leniently (no `key:` line at all): keep the strict errors.
    if (Object.keys(lenient.value).length > 0) fm = lenient
  }
  const after = start + m.index + m[0].length
  return { file, frontmatter: fm, bodyStart: Math.min(text.length, after + 1) }
}

/** Reads a plain value at `path` from a document value. */
export function getAt(value: unknown, path: readonly PathSeg[]): unknown {
  let v: unknown = value
  for (const seg of path) {
    if (v === null || typeof v !== 'object') return undefined
    v = (v as Record<string | number, unknown>)[seg]
  }
  return v
}

/** True for a plain (non-array) object. */
export function isObject(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v)
}

/**
 * `key: value` at the start of a line, as `^([A-Za-z_][\w-]*)[ \t]*:(?:[ \t]+|$)(.*)$`
 * matched it (`[1]` the key, `[2]` the value after the blanks), without that
 * expression's quadratic backtracking over a run of blanks.
 */
export function keyLine(line: string): [string, string, string] | undefined {
  const k = /^([A-Za-z_][\w-]*)[ \t]*:/.exec(line)
  if (!k) return undefined
  let at = k[0].length
  if (at < line.length && line[at] !== ' ' && line[at] !== '\t') return undefined
  while (line[at] === ' ' || line[at] === '\t') at++
  const value = line.slice(at)
  return hasLineTerminator(value) ? undefined : [line, k[1] as string, value]
}
