import { test } from 'node:test'
import assert from 'node:assert/strict'
import { formatCount } from '../src/core/format.js'

test('formatCount groups thousands like en-US without ICU', () => {
  for (const n of [0, 7, 12, 999, 1000, 4096, 65536, 1234567, -1234567, 1000000000]) {
    assert.equal(formatCount(n), n.toLocaleString('en-US'), String(n))
  }
  assert.equal(formatCount(1234.6), '1,235')
})
