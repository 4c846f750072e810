import { test } from 'node:test'
import assert from 'node:assert/strict'
import { capturesPlainText } from '../../src/analysis/regex-capture.js'

test('regex-capture: groups of plain characters, and what makes one carry shell syntax', () => {
  const plain: [string, string, number][] = [
    ['start_sha:\\s*(\\w+)', '', 1],
    ['^([0-9a-f]{7,40})$', '', 1],
    ['(?:v)?(\\d+\\.\\d+\\.\\d+)', '', 1],
    ['([A-Za-z0-9_./-]+)', '', 1],
    ['(a)(b|c)', '', 2],
    ['^[a-z]+$', 'g', 0]
  ]
  for (const [p, f, g] of plain) assert.equal(capturesPlainText(p, f, g), true, p)
  const wide: [string, string, number][] = [
    ['sha:\\s*(.+)', '', 1], // any character
    ['(\\S+)', '', 1], // `$(id)` has no space
    ['([^"]+)', '', 1], // negated class
    ['([\\w ]+)', '', 1], // a space splits words
    ['(\\w+)', '', 2], // no such group
    ['(\\w+)(\\1)', '', 2], // a back-reference
    ['(?P<x>\\w+)', '', 1], // Python-only syntax does not parse: not taken as plain
    ['(\\w+', '', 1], // malformed
    ['a(\\w+);', '', 0] // the whole match holds `;`
  ]
  for (const [p, f, g] of wide) assert.equal(capturesPlainText(p, f, g), false, p)
})
