import { test } from 'node:test'
import assert from 'node:assert/strict'
import { compareText, formatCount } from '../src/core/text.js'

test('formatCount groups thousands like en-US without ICU', () => {
  for (const n of [0, 7, 12, 999, 1000, 4096, 65536, 1234567, -1234567, 1000000000]) {
    assert.equal(formatCount(n), n.toLocaleString('en-US'), String(n))
  }
  assert.equal(formatCount(1234.6), '1,235')
})

test('compareText orders by code point, whatever the locale', () => {
  assert.deepEqual(['b', 'B', 'a', 'Z', 'é', 'e'].sort(compareText), ['B', 'Z', 'a', 'b', 'e', 'é'])
  assert.equal(compareText('x', 'x'), 0)
})
