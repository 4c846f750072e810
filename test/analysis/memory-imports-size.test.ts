import { test } from 'node:test'
import assert from 'node:assert/strict'
import { loadedSize } from '../../src/analysis/memory-imports.js'
import { SourceFile } from '../../src/parse/source.js'

const size = (text: string): [number, number, number] => {
  const s = loadedSize(new SourceFile('CLAUDE.md', text))
  return [s.lines, s.chars, s.commentLines]
}

test('loadedSize: lines and characters without comments, at every kind of line end', () => {
  // [lines, chars, commentLines]: a `\r` before a line end is dropped, a missing last newline is not counted.
  assert.deepEqual(size(''), [1, 0, 0])
  assert.deepEqual(size('\n'), [1, 1, 0])
  assert.deepEqual(size('\r'), [1, 0, 0])
  assert.deepEqual(size('\r\n'), [1, 1, 0])
  assert.deepEqual(size('a\nb'), [2, 3, 0])
  assert.deepEqual(size('a\nb\n'), [2, 4, 0])
  assert.deepEqual(size('a\r\nb\r'), [2, 3, 0])
  assert.deepEqual(size('a\r\r\nb\n\n'), [3, 6, 0])
  assert.deepEqual(size('```\n<!- not a comment\n```\n'), [3, 26, 0])
})

test('loadedSize: block comments are dropped, comments in fences and within a line stay', () => {
  assert.deepEqual(size('a\n<!-- x -->\nb\n'), [2, 4, 1])
  assert.deepEqual(size('a\r\n<!--\r\nx\r\n-->\r\nb'), [2, 3, 3])
  assert.deepEqual(size('<!-- x --> tail\n'), [1, 6, 0])
  assert.deepEqual(size('```\n<!-- kept -->\n```\ntext <!-- kept -->\n'), [4, 41, 0])
})
