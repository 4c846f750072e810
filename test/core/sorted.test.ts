import { test } from 'node:test'
import assert from 'node:assert/strict'
import { lowerBound } from '../../src/core/sorted.js'

test('lowerBound: the first index whose key is not below the one asked, by numbers or strings', () => {
  const starts = [{ s: 2 }, { s: 5 }, { s: 5 }, { s: 9 }]
  assert.deepEqual([0, 2, 3, 5, 6, 9, 10].map((k) => lowerBound(starts, k, (x) => x.s)), [0, 0, 1, 1, 3, 3, 4])
  assert.equal(lowerBound([], 1, (x: number) => x), 0)
  const paths = ['.claude/a', '.claude/b', 'src/x']
  assert.equal(lowerBound(paths, '.claude/', (p) => p), 0)
  assert.equal(lowerBound(paths, 'src/', (p) => p), 2)
  assert.equal(lowerBound(paths, 'zz', (p) => p), 3)
})
