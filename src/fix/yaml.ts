/**
 * Source-level YAML edits: positions come from the `yaml` library's AST node
 * ranges (`[start, valueEnd, nodeEnd]`), and every change is a text edit at
 * those offsets — the document is never re-serialised, so comments, quoting,
 * blank lines and key order outside an edit stay byte-identical.
 */
import {
  isMap,
  isPair,
  isScalar,
  isSeq,
  parseDocument,
  Scalar,
  type Document,
  type Node,
  type Pair,
  type YAMLMap
} from 'yaml'
import type { PathSeg } from '../parse/doc.js'
import { columnOf, lineStart, nextLineStart, type TextEdit } from './text.js'

/** A YAML file being edited: the original text, its AST, and the edits collected so far. */
export class YamlSource {
  readonly doc: Document
  readonly edits: TextEdit[] = []
  readonly eol: string

  constructor(readonly text: string) {
    this.doc = parseDocument(text, { uniqueKeys: false, strict: false, prettyErrors: false })
    const nl = text.indexOf('\n')
    this.eol = nl > 0 && text[nl - 1] === '\r' ? '\r\n' : '\n'
  }

  get ok(): boolean {
    return this.doc.errors.length === 0
  }

  /** Plain value of the document. */
  value(): unknown {
    return this.doc.toJS({ maxAliasCount: 100 })
  }

  /** The node at a path of map keys and sequence indexes (no aliases followed). */
  node(path: readonly PathSeg[]): Node | undefined {
    let n: unknown = this.doc.contents
    for (const seg of path) {
      if (isMap(n)) n = pairOf(n, String(seg))?.value ?? undefined
      else if (isSeq(n) && typeof seg === 'number') n = n.items[seg]
      else return undefined
    }
    return (n ?? undefined) as Node | undefined
  }

  /** The pair holding the last segment of `path` in its parent map. */
  pair(path: readonly PathSeg[]): Pair | undefined {
    const parent = this.node(path.slice(0, -1))
    return isMap(parent) ? pairOf(parent, String(path[path.length - 1])) : undefined
  }

  /** The block map at `path`, or undefined when absent or written in flow style. */
  blockMap(path: readonly PathSeg[]): YAMLMap | undefined {
    const n = this.node(path)
    return isMap(n) && !n.flow ? n : undefined
  }

  /** Column of the keys of a block map. */
  indentOf(map: YAMLMap): number | undefined {
    const first = map.items[0]
    const k = first && isPair(first) ? (first.key as Node | null) : undefined
    return k?.range ? columnOf(this.text, k.range[0]) : undefined
  }

  /**
   * Whether a pair's key is the first thing on its line (a block map entry whose
   * lines we can remove). With `item`, a key right after a sequence dash
   * (`- uses: x`) also counts (lines can be added after it).
   */
  startsLine(pair: Pair, item = false): boolean {
    const k = pair.key as Node | null
    if (!k?.range) return false
    const before = this.text.slice(lineStart(this.text, k.range[0]), k.range[0])
    return item ? /^[ \t]*(-[ \t]+)*$/.test(before) : /^[ \t]*$/.test(before)
  }

  /** Offset of the start of the line after the last line of a pair (its value, comments on that line included). */
  pairEnd(pair: Pair): number {
    const v = pair.value as Node | null
    const k = pair.key as Node
    if (!v || !v.range || (isScalar(v) && v.range[0] === v.range[1] && v.value === null)) {
      return nextLineStart(this.text, (k.range as [number, number, number])[1])
    }
    return this.nodeEnd(v)
  }

  /** Offset of the start of the line after the last line of a node. */
  nodeEnd(v: Node): number {
    const r = v.range as [number, number, number]
    if (isScalar(v) && (v.type === Scalar.BLOCK_LITERAL || v.type === Scalar.BLOCK_FOLDED)) {
      return this.text[r[1] - 1] === '\n' ? r[1] : nextLineStart(this.text, r[1])
    }
    if ((isMap(v) || isSeq(v)) && !v.flow) {
      const last = v.items[v.items.length - 1]
      if (last === undefined) return nextLineStart(this.text, r[0])
      if (isPair(last)) return this.pairEnd(last)
      return this.nodeEnd(last as Node)
    }
    return nextLineStart(this.text, Math.max(r[0], r[1] - 1))
  }

  /** Inserts whole lines at a line start (adds the missing newline at the end of a file). */
  insertLines(at: number, lines: string[], indent: number): void {
    const pad = ' '.repeat(indent)
    const body = lines.map((l) => (l === '' ? '' : pad + l) + this.eol).join('')
    const needNl = at > 0 && at === this.text.length && this.text[at - 1] !== '\n'
    this.edits.push({ start: at, end: at, text: (needNl ? this.eol : '') + body })
  }

  /** Adds entries at the end of a block map (each line relative to the map's indentation). */
  appendToMap(map: YAMLMap, lines: string[]): boolean {
    const last = map.items[map.items.length - 1]
    const indent = this.indentOf(map)
    if (!last || !isPair(last) || indent === undefined || !this.startsLine(last, true)) return false
    this.insertLines(this.pairEnd(last), lines, indent)
    return true
  }

  /** Adds entries to the mapping value of `pair` when it is empty (`with:` with nothing under it). */
  fillEmpty(pair: Pair, lines: string[]): boolean {
    const v = pair.value as Node | null
    if (v && !(isScalar(v) && v.value === null && v.range && v.range[0] === v.range[1])) return false
    const k = pair.key as Node
    if (!k.range || !this.startsLine(pair, true)) return false
    this.insertLines(this.pairEnd(pair), lines, columnOf(this.text, k.range[0]) + 2)
    return true
  }

  /** Removes the lines of a block map entry. */
  removePair(pair: Pair): boolean {
    const k = pair.key as Node
    if (!k.range || !this.startsLine(pair)) return false
    this.edits.push({ start: lineStart(this.text, k.range[0]), end: this.pairEnd(pair), text: '' })
    return true
  }

  /** Replaces a scalar value's source text (quotes included). */
  replaceScalar(node: Node, text: string): boolean {
    if (!isScalar(node) || !node.range) return false
    this.edits.push({ start: node.range[0], end: node.range[1], text })
    return true
  }

  /**
   * Appends words to a string scalar: at the end of a plain scalar, before the
   * closing quote of a quoted one (escaped), or as a new last line of a block
   * scalar (at the content's indentation). An empty value gets the words after
   * the colon.
   */
  appendWords(pair: Pair, words: string): boolean {
    const v = pair.value as Node | null
    const k = pair.key as Node
    if (!k.range) return false
    if (!v || (isScalar(v) && v.value === null && (!v.range || v.range[0] === v.range[1]))) {
      const colon = this.text.indexOf(':', k.range[1])
      if (colon < 0) return false
      this.edits.push({ start: colon + 1, end: colon + 1, text: ` ${words}` })
      return true
    }
    if (!isScalar(v) || !v.range) return false
    const empty = String(v.value ?? '').trim() === ''
    switch (v.type) {
      case Scalar.PLAIN:
        this.edits.push({ start: v.range[1], end: v.range[1], text: ` ${words}` })
        return true
      case Scalar.QUOTE_DOUBLE:
        this.edits.push({
          start: v.range[1] - 1,
          end: v.range[1] - 1,
          text: (empty ? '' : ' ') + words.replace(/\\/g, '\\\\').replace(/"/g, '\\"')
        })
        return true
      case Scalar.QUOTE_SINGLE:
        this.edits.push({
          start: v.range[1] - 1,
          end: v.range[1] - 1,
          text: (empty ? '' : ' ') + words.replace(/'/g, "''")
        })
        return true
      case Scalar.BLOCK_LITERAL:
      case Scalar.BLOCK_FOLDED: {
        const header = nextLineStart(this.text, v.range[0])
        const content = this.text
          .slice(header, v.range[1])
          .split('\n')
          .find((l) => l.trim() !== '')
        const indent = content ? content.length - content.trimStart().length : columnOf(this.text, k.range[0]) + 2
        this.insertLines(this.nodeEnd(v), [words], indent)
        return true
      }
      default:
        return false
    }
  }
}

function pairOf(map: YAMLMap, key: string): Pair | undefined {
  for (const it of map.items) {
    if (isPair(it) && isScalar(it.key) && String(it.key.value) === key) return it as Pair
  }
  return undefined
}

/** Quotes a value for a YAML plain context when needed (numbers and simple words stay plain). */
export function yamlScalar(v: string): string {
  if (/^[A-Za-z0-9_][A-Za-z0-9_ ./@-]*$/.test(v) && !/^(true|false|null|yes|no|on|off|~)$/i.test(v) && !/ $/.test(v))
    return v
  return `'${v.replace(/'/g, "''")}'`
}
