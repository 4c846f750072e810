import { test } from 'node:test'
import assert from 'node:assert/strict'
import { excessiveBlockNesting, excessiveNesting, MAX_NESTING } from '../../src/parse/doc.js'

/** The character-by-character definition excessiveNesting must keep answering. */
function nestingByEveryChar(text: string): number {
  let depth = 0
  let quote = ''
  for (let i = 0; i < text.length; i++) {
    const c = text[i]
    if (quote) {
      if (c === '\\') i++
      else if (c === quote) quote = ''
      continue
    }
    if (c === '"') quote = c
    else if (c === '[' || c === '{') {
      if (++depth > MAX_NESTING) return i
    } else if (c === ']' || c === '}') depth = Math.max(0, depth - 1)
  }
  return -1
}

/** The line-by-line definition excessiveBlockNesting must keep answering. */
function blockNestingByEveryLine(text: string): number {
  let lineStart = 0
  while (lineStart < text.length) {
    let i = lineStart
    let width = 0
    while (i < text.length && width <= MAX_NESTING) {
      const c = text[i]
      if (c === ' ' || c === '\t') {
        width++
        i++
      } else if ((c === '-' || c === '?' || c === ':') && (text[i + 1] === ' ' || text[i + 1] === '\t')) {
        width += 2
        i += 2
      } else break
    }
    if (width > MAX_NESTING) return lineStart
    const nl = text.indexOf('\n', i)
    if (nl < 0) break
    lineStart = nl + 1
  }
  return -1
}

/** A small deterministic generator (no Math.random: a failure must reproduce). */
function lcg(seed: number): () => number {
  let s = seed >>> 0
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0
    return s / 2 ** 32
  }
}

test('flow nesting: the offset where depth passes the limit, quotes and escapes skipped', () => {
  const deep = '['.repeat(MAX_NESTING + 1)
  assert.equal(excessiveNesting(deep), MAX_NESTING)
  assert.equal(excessiveNesting('['.repeat(MAX_NESTING) + ']' + '{'), -1)
  assert.equal(excessiveNesting(`x: "${deep}"`), -1, 'inside a quoted string')
  assert.equal(excessiveNesting(`"\\"${deep}`), -1, 'an escaped quote does not end the string')
  assert.equal(excessiveNesting(`"\\\\"${deep}`), 4 + MAX_NESTING, 'an escaped backslash does')
  assert.equal(excessiveNesting(`]]]}}${deep}`), 5 + MAX_NESTING, 'closing brackets never go below zero')
  assert.equal(excessiveNesting(`'${deep}'`), MAX_NESTING + 1, 'single quotes are not skipped')
  assert.equal(excessiveNesting(`"${' '.repeat(600)}`), -1, 'an unterminated quote runs to the end')
  // Both kinds of bracket count towards the limit (the count of opening brackets is a prefilter).
  const half = MAX_NESTING / 2
  assert.equal(excessiveNesting(`${'['.repeat(half)}${'{'.repeat(half + 1)}`), MAX_NESTING)
  assert.equal(excessiveNesting(`${'{'.repeat(half + 1)}${'['.repeat(half)}`), MAX_NESTING)
  assert.equal(excessiveNesting(`${'['.repeat(half)}${'{'.repeat(half)}${' '.repeat(600)}`), -1)
})

test('flow nesting answers as the character-by-character loop does on random texts', () => {
  const rnd = lcg(21)
  const alphabet = ['[', '[', '[', '{', ']', '}', '"', '\\', 'a', ' ', '\n', "'"]
  for (let n = 0; n < 400; n++) {
    const len = 400 + Math.floor(rnd() * 1200)
    let t = ''
    for (let i = 0; i < len; i++) t += alphabet[Math.floor(rnd() * alphabet.length)]
    // Half of them with a deep run somewhere, so both answers occur.
    if (n % 2) {
      const at = Math.floor(rnd() * t.length)
      t = t.slice(0, at) + '['.repeat(MAX_NESTING) + t.slice(at)
    }
    assert.equal(excessiveNesting(t), nestingByEveryChar(t), JSON.stringify(t.slice(0, 80)))
  }
})

test('block nesting: indentation and compact indicators count, a short text never exceeds', () => {
  assert.equal(excessiveBlockNesting('- '.repeat(MAX_NESTING / 2)), -1)
  assert.equal(excessiveBlockNesting('a: 1\n' + '- '.repeat(MAX_NESTING / 2 + 1) + 'x'), 5)
  assert.equal(excessiveBlockNesting(' '.repeat(MAX_NESTING) + 'x'), -1)
  assert.equal(excessiveBlockNesting('\n' + ' '.repeat(MAX_NESTING + 1) + 'x'), 1)
  assert.equal(MAX_NESTING, 500, 'the line search in excessiveBlockNesting is written for 500')
  assert.equal(excessiveBlockNesting('a\n' + '\t'.repeat(MAX_NESTING) + '\n' + ': '.repeat(MAX_NESTING / 2) + ' x'), 2 + MAX_NESTING + 1)
})

test('block nesting answers as the line-by-line loop does on random texts', () => {
  const rnd = lcg(7)
  const units = ['  ', '- ', '? ', ': ', '\t', '-', ':', '--', '-\t', 'x', '\n', '\r\n', '\r', ' ']
  for (let n = 0; n < 300; n++) {
    let t = ''
    const lines = 1 + Math.floor(rnd() * 4)
    for (let l = 0; l < lines; l++) {
      // Mostly long runs of blanks and indicators, so lines near the limit occur on both sides of it.
      const len = Math.floor(rnd() * 700)
      while (t.length < (l + 1) * 700 && t.length - l * 700 < len) t += units[Math.floor(rnd() * (rnd() < 0.97 ? 5 : units.length))]
      t += rnd() < 0.5 ? 'key: v\n' : '\n'
    }
    assert.equal(excessiveBlockNesting(t), blockNestingByEveryLine(t), JSON.stringify(t.slice(0, 80)))
  }
})
