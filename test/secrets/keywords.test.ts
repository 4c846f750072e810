import { test } from 'node:test'
import assert from 'node:assert/strict'
import { DETECTORS } from '../../src/secrets/index.js'
import { keywordsIn } from '../../src/secrets/scan.js'

const KEYWORDS = [...new Set(DETECTORS.flatMap((d) => d.keywords))]

/** What the prefilter must answer: the keywords the lower-cased text holds (the definition). */
function reference(text: string): Set<string> {
  const lower = text.toLowerCase()
  return new Set(KEYWORDS.filter((k) => lower.includes(k)))
}

const sorted = (s: Set<string>): string[] => [...s].sort()

test('keywordsIn reads the text as written, finding what its lower-cased copy holds', () => {
  // Upper case, the Kelvin sign (lower-cases to `k`) and `İ` (to `i` and a combining dot) count.
  assert.deepEqual(sorted(keywordsIn('TASK: KEY=1')), ['key', 'sk'])
  assert.deepEqual(sorted(keywordsIn('\u212Aey')), ['key'])
  assert.deepEqual(sorted(keywordsIn('DAP\u0130')), ['dapi'])
  // `İ` is `i` plus a combining dot: only a keyword's last `i` can be it.
  assert.deepEqual(sorted(keywordsIn('A\u0130ZA')), [])
  // A longer keyword and the shorter ones it starts with, at one position.
  assert.deepEqual(sorted(keywordsIn('SK-ANT-API03-')), ['sk', 'sk-ant-api03-'])
  assert.deepEqual(sorted(keywordsIn('')), [])
})

test('only the Kelvin sign and U+0130 lower-case to text holding ASCII (the prefilter relies on it)', () => {
  const found: number[] = []
  for (let c = 0x80; c <= 0x10ffff; c++) {
    if (c >= 0xd800 && c <= 0xdfff) continue
    if (/[\x00-\x7f]/.test(String.fromCodePoint(c).toLowerCase())) found.push(c)
  }
  assert.deepEqual(found, [0x130, 0x212a])
})

test('keywordsIn agrees with the lower-cased search on texts built from keyword pieces', () => {
  // Pieces of keywords in mixed case, the two special units, separators: overlapping and
  // truncated keywords, keywords inside longer ones, and near misses.
  const pieces = [
    ...KEYWORDS,
    ...KEYWORDS.map((k) => k.toUpperCase()),
    ...KEYWORDS.map((k) => k.slice(0, -1)),
    ...KEYWORDS.map((k) => k.slice(1)),
    ...KEYWORDS.map((k) => k.replace(/k/g, '\u212A')),
    ...KEYWORDS.map((k) => k.replace(/i/g, '\u0130')),
    '\u0130',
    '\u212A',
    '\u0307',
    'ı',
    'ſ',
    ' ',
    '\n',
    '-',
    '_',
    'x'
  ]
  let seed = 12345
  const next = (n: number): number => {
    seed = (seed * 1103515245 + 12345) & 0x7fffffff
    return seed % n
  }
  for (let i = 0; i < 3000; i++) {
    let text = ''
    const n = 1 + next(8)
    for (let j = 0; j < n; j++) text += pieces[next(pieces.length)]
    assert.deepEqual(sorted(keywordsIn(text)), sorted(reference(text)), JSON.stringify(text))
  }
})
