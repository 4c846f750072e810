/**
 * linearGlob (src/core/glob.ts) matches as minimatch does, without the
 * segment backtracking that made `Read(*a*a*a*a*b)` take 31 s on one
 * 200-character file name (issue 15, item 6).
 */
import { test } from 'node:test'
import assert from 'node:assert/strict'
import fc from 'fast-check'
import { Minimatch } from 'minimatch'
import { linearGlob } from '../../src/core/glob.js'
import { FUZZ_SEED } from './helpers.js'

const RUNS = Number(process.env.FUZZ_RUNS ?? 3000)

const PATTERN_PIECES = ['a', 'b', '.', '/', '*', '**', '?', '[ab]', '[!a]', '[a-c]', '\\*', '{a,b}', '.env', 'x', '[]a]', '[', ']', '!', '[[:alpha:]]']
const PATH_PIECES = ['a', 'b', 'c', '.', '/', '*', 'x', '.env', ']', 'A', '..']

const pieces = (xs: string[], max: number): fc.Arbitrary<string> =>
  fc.array(fc.constantFrom(...xs), { maxLength: max }).map((a) => a.join(''))

for (const nocase of [false, true]) {
  test(`linearGlob agrees with minimatch on random patterns and paths (dot${nocase ? ', nocase' : ''})`, () => {
    fc.assert(
      fc.property(pieces(PATTERN_PIECES, 8), fc.array(pieces(PATH_PIECES, 8), { minLength: 1, maxLength: 5 }), (pattern, paths) => {
        const mm = new Minimatch(pattern, { dot: true, nocase })
        const lin = linearGlob(pattern, { dot: true, nocase })
        for (const p of paths) assert.equal(lin.match(p), mm.match(p), `${JSON.stringify(pattern)} ~ ${JSON.stringify(p)}`)
      }),
      { seed: FUZZ_SEED, numRuns: RUNS }
    )
  })
}

test('linearGlob: the cases that matter to permission rules and ignore globs', () => {
  const cases: [string, string, boolean][] = [
    ['**/*a*a*b', `src/${'a'.repeat(200)}`, false],
    ['**/*a*a*b', 'src/xaYaZb', true],
    ['*', '', false],
    ['*', '.', false],
    ['*', '.env', true],
    ['**/.env*', 'a/b/.env.local', true],
    ['src/**', 'src/a/b.ts', true],
    ['*.{js,ts}', 'x.ts', true],
    ['[!a]*', 'abc', false],
    ['a\\*b*', 'a*bc', true],
    ['a\\*b*', 'axbc', false]
  ]
  for (const [pattern, path, want] of cases) {
    assert.equal(linearGlob(pattern, { dot: true }).match(path), want, `${pattern} ~ ${path}`)
    assert.equal(new Minimatch(pattern, { dot: true }).match(path), want, `minimatch: ${pattern} ~ ${path}`)
  }
})

test('linearGlob: extglob segments with one repetition keep minimatch, more match nothing', () => {
  assert.equal(linearGlob('+(a|b)', { dot: true }).match('abab'), true)
  assert.equal(linearGlob('+(a|b)*', { dot: true }).match('abab'), false)
})
