/**
 * Locating a piece of text (a flag, a rule) inside a known span of a file,
 * for findings that point at one token inside a larger string value.
 */
import type { Span } from '../parse/source.js'

/** The first occurrence of `needle` inside `span` (from `from`), or the span itself. */
export function findInSpan(span: Span, needle: string, from = span.start): Span {
  if (!needle) return span
  const at = span.file.text.indexOf(needle, Math.max(span.start, from))
  if (at < 0 || at + needle.length > span.end) return span
  return { file: span.file, start: at, end: at + needle.length }
}
