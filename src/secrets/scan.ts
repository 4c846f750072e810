/**
 * The scanner: runs every detector whose keywords occur in a text, and resolves overlaps.
 * Pure, no I/O; linear in the size of the text.
 */
import type { Confidence } from '../core/types.js'
import { DETECTORS, type Candidate, type Detector, type ScanContext } from './detectors.js'
import { isFixturePath } from './heuristics.js'
import { contextReason } from './context.js'
import { redact } from './redact.js'
import { escapeRegExp } from '../core/linear-text.js'

/** One secret found in a text. */
export interface SecretMatch {
  /** Stable id of the kind of secret, e.g. `anthropic-api-key` (a detector id). */
  kind: string
  /** Human label, e.g. `Anthropic API key`. */
  label: string
  /** Offsets of the secret value in the input text (`end` exclusive). */
  start: number
  end: number
  confidence: Confidence
  /** The value passed through {@link redact}: safe to print. */
  redacted: string
  /**
   * Why the match is not a live credential, when its place says so (documentation, a template
   * or test file, a commented-out line, an example URL, a token public by design): rules report
   * such matches at `info` with this reason. Redaction applies to them all the same.
   */
  reason?: string
}

/** Options of {@link scanText}. */
export interface ScanOptions {
  /** Path of the file the text comes from; test fixtures and examples get low confidence. */
  path?: string
}

const CONFIDENCE_RANK: Record<Confidence, number> = { high: 2, medium: 1, low: 0 }

function newContext(text: string): ScanContext {
  return { text, memo: new Map() }
}

// Detector regexes are global and reused (V8 compiles a regex to native code after its first
// use, so a fresh object per scan would run interpreted). Scans are synchronous and each one
// resets lastIndex, so sharing is safe.
function* regexCandidates(detector: Detector, re: RegExp, ctx: ScanContext): Iterable<Candidate> {
  re.lastIndex = 0
  let m: RegExpExecArray | null
  while ((m = re.exec(ctx.text)) !== null) {
    if (m[0].length === 0) {
      re.lastIndex++
      continue
    }
    const group = m.indices?.groups?.secret
    const start = group ? group[0] : m.index
    const end = group ? group[1] : m.index + m[0].length
    const value = ctx.text.slice(start, end)
    const confidence = detector.validate ? detector.validate(value, m, ctx) : detector.confidence
    if (confidence !== null) yield { start, end, confidence }
  }
}

for (const d of DETECTORS) {
  if (d.pattern && !d.pattern.global) throw new Error(`Detector ${d.id}: pattern must have the g flag`)
}

function candidatesOf(detector: Detector, ctx: ScanContext): Candidate[] {
  const out: Candidate[] = []
  if (detector.pattern) for (const c of regexCandidates(detector, detector.pattern, ctx)) out.push(c)
  if (detector.match) for (const c of detector.match(ctx)) out.push(c)
  return out
}

/**
 * Runs one detector on a text, without keyword prefilter or overlap resolution (for tests and
 * for callers that want a single kind).
 * @param detector one of {@link DETECTORS}.
 * @param text the text to scan.
 */
export function runDetector(detector: Detector, text: string): Candidate[] {
  return candidatesOf(detector, newContext(text))
}

interface Hit extends Candidate {
  detector: Detector
}

// Best first: higher priority, then higher confidence, then longer, then earlier.
function better(a: Hit, b: Hit): number {
  return (
    b.detector.priority - a.detector.priority ||
    CONFIDENCE_RANK[b.confidence] - CONFIDENCE_RANK[a.confidence] ||
    b.end - b.start - (a.end - a.start) ||
    a.start - b.start
  )
}

// Keeps the best of each group of overlapping hits (greedy by {@link better} inside each
// connected group, so unrelated hits never compete).
function resolveOverlaps(hits: Hit[]): Hit[] {
  hits.sort((a, b) => a.start - b.start || b.end - a.end)
  const kept: Hit[] = []
  let i = 0
  while (i < hits.length) {
    const group: Hit[] = [hits[i] as Hit]
    let groupEnd = (hits[i] as Hit).end
    let j = i + 1
    while (j < hits.length && (hits[j] as Hit).start < groupEnd) {
      const h = hits[j] as Hit
      group.push(h)
      groupEnd = Math.max(groupEnd, h.end)
      j++
    }
    if (group.length === 1) {
      kept.push(group[0] as Hit)
    } else {
      const chosen: Hit[] = []
      for (const h of group.sort(better)) {
        if (chosen.every((c) => h.end <= c.start || h.start >= c.end)) chosen.push(h)
      }
      kept.push(...chosen.sort((a, b) => a.start - b.start))
    }
    i = j
  }
  return kept
}

/** Every detector keyword once, longest first. */
const KEYWORDS = [...new Set(DETECTORS.flatMap((d) => d.keywords))].sort((a, b) => b.length - a.length || (a < b ? -1 : 1))
/** For each keyword, the keywords it starts with (itself included). */
const PREFIXES = new Map(KEYWORDS.map((k) => [k, KEYWORDS.filter((p) => k.startsWith(p))]))

/**
 * The units of a text that `toLowerCase()` turns into something holding an ASCII character
 * although they are not ASCII themselves: the Kelvin sign becomes `k`, and `İ` (U+0130)
 * becomes `i` followed by U+0307 (a combining dot no keyword holds, so it can stand only for a
 * keyword's last `i`). No other code point lowers to anything holding ASCII (a test checks all
 * of them), and no ASCII character lowers to anything but one ASCII character.
 */
const KELVIN = '\u212A'
const DOTTED_I = '\u0130'

/**
 * Any keyword, matched in the text as written the way it would be found in the lower-cased
 * text: ASCII letters case-insensitively (the `i` flag, which without `u` never matches a
 * non-ASCII unit to an ASCII one), `k` also as the Kelvin sign, a keyword's last `i` also as
 * `İ`. Alternatives are tried in order, longest first: a match is the longest keyword
 * occurring at its position.
 */
const KEYWORD_RE = new RegExp(
  KEYWORDS.map((k) => escapeRegExp(k).replace(/k/g, `[k${KELVIN}]`).replace(/i$/, `[i${DOTTED_I}]`)).join('|'),
  'gi'
)

/**
 * The detector keywords that the lower-cased `text` holds, in one pass over the text as
 * written (lower-casing a copy of every scanned file cost more than the search). Every
 * position where some keyword occurs is visited (the search resumes one character after each
 * match), and there the expression returns the longest keyword occurring; any other keyword
 * occurring at that position is a shorter prefix of it, and {@link PREFIXES} adds it.
 */
export function keywordsIn(text: string): Set<string> {
  const found = new Set<string>()
  KEYWORD_RE.lastIndex = 0
  let m: RegExpExecArray | null
  while ((m = KEYWORD_RE.exec(text)) !== null) {
    // The keyword matched: the lower-cased match, without the combining dot an `İ` leaves.
    let k = m[0].toLowerCase()
    if (k.length !== m[0].length) k = k.replace('\u0307', '')
    for (const p of PREFIXES.get(k) ?? []) found.add(p)
    if (found.size === KEYWORDS.length) break
    KEYWORD_RE.lastIndex = m.index + 1
  }
  return found
}

/**
 * Finds the secrets in a text.
 * @param text file contents (any size; the scan is linear).
 * @param opts `path` of the file: matches in test fixtures and examples get low confidence.
 * @returns matches sorted by start, without overlaps (a provider match beats a generic one).
 */
export function scanText(text: string, opts: ScanOptions = {}): SecretMatch[] {
  if (text.length === 0) return []
  const ctx = newContext(text)
  // Keyword prefilter: the keywords the lower-cased text holds.
  const found = keywordsIn(text)
  const hits: Hit[] = []
  for (const detector of DETECTORS) {
    if (!detector.keywords.some((k) => found.has(k))) continue
    for (const c of candidatesOf(detector, ctx)) hits.push({ ...c, detector })
  }
  const fixture = opts.path !== undefined && isFixturePath(opts.path)
  return resolveOverlaps(hits).map((h) => {
    const strong = h.detector.priority >= 3 && h.confidence === 'high'
    const reason = contextReason(text, { kind: h.detector.id, start: h.start, end: h.end, strong }, opts.path)
    const match: SecretMatch = {
      kind: h.detector.id,
      label: h.detector.label,
      start: h.start,
      end: h.end,
      confidence: fixture ? 'low' : h.confidence,
      redacted: redact(text.slice(h.start, h.end), h.detector.id)
    }
    if (reason !== undefined) match.reason = reason
    return match
  })
}

/**
 * Replaces every secret in a text by its redaction, for renderers that quote file content.
 * @param text the text to print.
 * @param opts as for {@link scanText}.
 */
export function redactText(text: string, opts: ScanOptions = {}): string {
  const matches = scanText(text, opts)
  if (matches.length === 0) return text
  let out = ''
  let last = 0
  for (const m of matches) {
    out += text.slice(last, m.start) + m.redacted
    last = m.end
  }
  return out + text.slice(last)
}
