/**
 * Edits of Claude Code settings files (JSON with comments) through
 * jsonc-parser's `modify` + `applyEdits`: only the inserted values are
 * formatted, comments and the rest of the file stay as they are.
 */
import { applyEdits, modify, parse, printParseErrorCode, type FormattingOptions, type ParseError } from 'jsonc-parser'
import { isObject } from '../parse/doc.js'
import { UsageError } from '../core/types.js'
import { eolOf } from './text.js'

/** Indentation and line ending of an existing JSON text (two spaces and \n for a new one). */
export function jsonFormatting(text: string): FormattingOptions {
  const eol = eolOf(text)
  const m = /\n([ \t]+)["/}\]]/.exec(text)
  if (m && m[1].startsWith('\t')) return { insertSpaces: false, tabSize: 1, eol }
  const n = m ? m[1].length : 2
  return { insertSpaces: true, tabSize: Math.min(Math.max(n, 1), 8), eol }
}

/** Parses settings text; throws with the first syntax error (Claude Code would skip such a file). */
export function parseSettings(text: string, path: string): Record<string, unknown> {
  const errors: ParseError[] = []
  const v: unknown = parse(text, errors, {
    allowTrailingComma: false,
    disallowComments: false,
    allowEmptyContent: true
  })
  if (errors.length) {
    const e = errors[0]
    const line = text.slice(0, e.offset).split('\n').length
    throw new UsageError(`${path} is not valid JSON (${printParseErrorCode(e.error)} at line ${line}); fix it first`)
  }
  if (v === undefined) return {}
  if (!isObject(v)) throw new UsageError(`${path} is not a JSON object`)
  return v
}

/** An editable settings text that tracks its parsed value. */
export class SettingsText {
  value: Record<string, unknown>
  private readonly fmt: FormattingOptions

  constructor(
    public text: string,
    readonly path: string
  ) {
    this.value = parseSettings(text, path)
    this.fmt = jsonFormatting(text)
  }

  /** The array at `path` (`[]` when absent); throws when something else is there. */
  array(path: (string | number)[]): unknown[] {
    let v: unknown = this.value
    for (const seg of path) {
      if (!isObject(v)) {
        if (v === undefined) return []
        throw new UsageError(`${this.path}: \`${path.join('.')}\` cannot be edited (its parent is not an object)`)
      }
      v = v[seg as string]
    }
    if (v === undefined) return []
    if (!Array.isArray(v)) throw new UsageError(`${this.path}: \`${path.join('.')}\` is not an array`)
    return v
  }

  /** Appends a value to the array at `path`, creating the array and its parents when missing. */
  append(path: string[], value: unknown): void {
    const parent = this.value
    let v: unknown = parent
    for (const seg of path) v = isObject(v) ? v[seg] : undefined
    const edits = Array.isArray(v)
      ? modify(this.text, [...path, -1], value, { formattingOptions: this.fmt, isArrayInsertion: true })
      : modify(this.text, path, [value], { formattingOptions: this.fmt })
    const next = applyEdits(this.text, edits)
    const after = parseSettings(next, this.path)
    this.text = next
    this.value = after
  }
}

/** Whether every permission rule in `rules` is a string (a deny list we can extend). */
export function stringList(v: unknown[]): string[] {
  return v.filter((x): x is string => typeof x === 'string')
}
