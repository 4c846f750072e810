import { test } from 'node:test'
import assert from 'node:assert/strict'
import { withLiteral, yieldedLiterals } from '../../src/analysis/expressions.js'

/** The literals a text's expressions can yield, each with the source text its offsets cover. */
function yielded(s: string): [string, string][] {
  return yieldedLiterals(s).map((l) => [l.value, s.slice(l.at(0), l.at(l.value.length - 1) + 1)])
}

test('yieldedLiterals: branches of && / ||, format and join yield their literals; comparisons and tests do not', () => {
  assert.deepEqual(yielded("${{ inputs.p != '' && format('--a \"{0}\" --b', inputs.p) || '--b' }}"), [
    ['--a "{0}" --b', '--a "{0}" --b'],
    ['--b', '--b']
  ])
  assert.deepEqual(yielded("x ${{ join(inputs.list, ' --y ') }}"), [[' --y ', ' --y ']])
  // `&&` yields a non-empty literal only as its last operand; comparisons and contains() yield booleans.
  assert.deepEqual(yielded("${{ '--a' && inputs.x }}"), [])
  assert.deepEqual(yielded("${{ inputs.mode == '--a' }}"), [])
  assert.deepEqual(yielded("${{ contains(inputs.args, '--a') }}"), [])
  assert.deepEqual(yielded("${{ !('--a') }}"), [])
  assert.deepEqual(yielded('${{ inputs.x }}'), [])
  assert.deepEqual(yielded("${{ inputs.x && 'unclosed }}"), [], 'an expression that does not parse yields nothing')
})

test('yieldedLiterals: offsets follow escaped quotes and lines; withLiteral keeps the length', () => {
  const s = "run: ${{ github.event_name == 'x'\n  && 'it''s --b'\n  || '' }} tail"
  const [lit] = yieldedLiterals(s)
  assert.equal(lit.value, "it's --b")
  assert.equal(s.slice(lit.at(5), lit.at(7) + 1), '--b', 'past the escaped quote')
  assert.equal(s.slice(lit.at(0), lit.at(0) + 2), 'it')
  const view = withLiteral(s, lit)
  assert.equal(view.length, s.length)
  assert.ok(view.startsWith("run: it's --b ") && view.endsWith(' tail'))
})
