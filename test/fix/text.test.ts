import { test } from 'node:test'
import assert from 'node:assert/strict'
import { applyTextEdits, lineMap, unifiedDiff } from '../../src/fix/text.js'
import { YamlSource } from '../../src/fix/yaml.js'
import { argValue } from '../../src/fix/workflows.js'

test('applyTextEdits: edits in original offsets, insertions at one offset keep their order, overlaps throw', () => {
  assert.equal(
    applyTextEdits('abcdef', [
      { start: 4, end: 4, text: 'Y' },
      { start: 1, end: 3, text: 'X' },
      { start: 4, end: 4, text: 'Z' }
    ]),
    'aXdYZef'
  )
  assert.throws(
    () =>
      applyTextEdits('abcdef', [
        { start: 1, end: 4, text: '' },
        { start: 2, end: 3, text: 'q' }
      ]),
    /overlapping/
  )
})

test('lineMap: follows inserted and removed lines; a line edited in place keeps its place', () => {
  const before = 'a\nb\nc\nd\ne\n'
  // Insert after a, remove c, edit e.
  const map = lineMap(before, 'a\nNEW\nb\nd\nE\n')
  assert.deepEqual(
    [1, 2, 3, 4, 5, 6].map((l) => map(l)),
    [1, 3, undefined, 4, 5, undefined]
  )
  assert.equal(lineMap('', 'x\n')(1), undefined)
})

test('unifiedDiff: hunks with context, new files, and a missing final newline', () => {
  assert.equal(unifiedDiff('f', 'a\nb\nc\n', 'a\nb\nc\n'), '')
  assert.equal(
    unifiedDiff('f', 'a\nb\nc', 'a\nB\nc'),
    '--- a/f\n+++ b/f\n@@ -1,3 +1,3 @@\n a\n-b\n+B\n c\n\\ No newline at end of file\n'
  )
  assert.equal(unifiedDiff('f', undefined, 'x\n'), '--- /dev/null\n+++ b/f\n@@ -0,0 +1,1 @@\n+x\n')
  const a = Array.from({ length: 20 }, (_, i) => `l${i + 1}`).join('\n') + '\n'
  const b = a.replace('l3\n', 'l3\nNEW\n').replace('l18\n', 'L18\n')
  assert.equal(
    unifiedDiff('f', a, b),
    '--- a/f\n+++ b/f\n@@ -1,6 +1,7 @@\n l1\n l2\n l3\n+NEW\n l4\n l5\n l6\n@@ -15,6 +16,6 @@\n l15\n l16\n l17\n-l18\n+L18\n l19\n l20\n'
  )
})

test('YamlSource: appends words to every scalar style of claude_args', () => {
  const cases: [string, string][] = [
    ['a: --model x\n', 'a: --model x --max-turns 5\n'],
    ['a: "--model x" # c\n', 'a: "--model x --max-turns 5" # c\n'],
    ["a: ''\n", "a: '--max-turns 5'\n"],
    ['a:\nb: 1\n', 'a: --max-turns 5\nb: 1\n'],
    ['a: |\n  --model x\nb: 1\n', 'a: |\n  --model x\n  --max-turns 5\nb: 1\n'],
    ['a: >-\n    --model x\n\nb: 1\n', 'a: >-\n    --model x\n    --max-turns 5\n\nb: 1\n'],
    ['a: |\n  --model x', 'a: |\n  --model x\n  --max-turns 5\n']
  ]
  for (const [src, want] of cases) {
    const y = new YamlSource(src)
    const pair = y.pair(['a'])
    assert.ok(pair && y.appendWords(pair, '--max-turns 5'), src)
    assert.equal(applyTextEdits(src, y.edits), want, src)
  }
})

test('argValue: quotes claude_args values only when needed, refuses what it cannot quote', () => {
  assert.equal(argValue('claude-sonnet-4-6'), 'claude-sonnet-4-6')
  assert.equal(argValue('${{ vars.MODEL }}'), '${{ vars.MODEL }}')
  assert.equal(argValue('Bash(git diff:*),Read'), '"Bash(git diff:*),Read"')
  assert.equal(argValue('say "hi"'), `'say "hi"'`)
  assert.equal(argValue(`it's "x"`), undefined)
  assert.equal(argValue('two\nlines'), undefined)
})
