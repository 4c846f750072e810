import { test } from 'node:test'
import assert from 'node:assert/strict'
import { SourceFile } from '../../src/parse/source.js'

test('positions and line texts: LF, CRLF, a final newline, an empty file', () => {
  const f = new SourceFile('a.txt', 'ab\r\ncd\n\nef')
  assert.deepEqual([0, 2, 3, 4, 6, 7, 8, 10, 99].map((o) => f.position(o)), [
    { line: 1, column: 1 },
    { line: 1, column: 3 },
    { line: 1, column: 4 },
    { line: 2, column: 1 },
    { line: 2, column: 3 },
    { line: 3, column: 1 },
    { line: 4, column: 1 },
    { line: 4, column: 3 },
    { line: 4, column: 3 }
  ])
  assert.deepEqual([1, 2, 3, 4].map((l) => f.lineText(l)), ['ab', 'cd', '', 'ef'])
  assert.deepEqual([1, 2, 3, 4, 5].map((l) => f.lineOffset(l)), [0, 4, 7, 8, 8])
  assert.equal(f.lineCount, 4)
  assert.equal(new SourceFile('b', 'x\n').lineCount, 1)
  assert.equal(new SourceFile('c', '').lineCount, 1)
  assert.deepEqual(new SourceFile('d', '\n\n').position(2), { line: 3, column: 1 })
  assert.deepEqual(new SourceFile('e', '\ufeffa\nb').position(2), { line: 2, column: 1 }, 'a BOM is not content')
})
