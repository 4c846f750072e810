/**
 * Regular expressions built at run time from repository text (issue 15,
 * item 6): hook matchers, permission-rule patterns of `if` conditions, env
 * variable names and globs either reach a pattern escaped, or are matched
 * without backtracking, or are refused when they could backtrack without end.
 * No timing is asserted: on the old code the hostile cases below ran for
 * minutes to hours (the test's generous timeout is what would stop them).
 */
import { test } from 'node:test'
import assert from 'node:assert/strict'
import fc from 'fast-check'
import { boundedMatcherRegExp, matcherCovers } from '../../src/model/settings.js'
import { bashPatternMatches } from '../../src/verify/run-hooks.js'
import { readDenyCovers } from '../../src/analysis/permission-rules.js'
import { runRule } from '../rules/harness.js'
import { FUZZ_SEED } from './helpers.js'

const TIMEOUT = 120_000

test('hook matchers: ordinary regular expressions still select tools; nested repetitions and long ones are refused', { timeout: TIMEOUT }, () => {
  assert.equal(matcherCovers('Bash', 'Bash'), true)
  assert.equal(matcherCovers('Edit|Write', 'Bash'), false)
  assert.equal(matcherCovers('Ba.*', 'Bash'), true)
  assert.equal(matcherCovers('(?:Bash|Edit)+', 'Bash'), true)
  assert.equal(matcherCovers('^B(a)s[h]$', 'Bash'), true)
  // 123 characters: ~19 s on `Bash` before, more than an hour at 160.
  const nested = '('.repeat(40) + '.*' + ')*'.repeat(40) + 'X'
  assert.equal(boundedMatcherRegExp(nested), undefined)
  assert.equal(matcherCovers(nested, 'Bash'), false)
  assert.equal(boundedMatcherRegExp('(a+)+'), undefined)
  assert.equal(boundedMatcherRegExp('(?:x*)*'), undefined)
  assert.equal(boundedMatcherRegExp('.*'.repeat(100)), undefined)
  assert.ok(boundedMatcherRegExp('(?<name>Bash)|mcp__.*'))
})

test('verify-hooks `if` patterns: glob matching as the anchored expression did, stars without backtracking', { timeout: TIMEOUT }, () => {
  const old = (pattern: string, command: string): boolean => {
    let p = pattern.trim()
    if (p.endsWith(':*')) p = `${p.slice(0, -2)} *`
    let prefixOnly = false
    if (p.endsWith(' *')) {
      prefixOnly = true
      p = p.slice(0, -2)
    }
    const body = p
      .split('*')
      .map((s) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
      .join('[\\s\\S]*')
    return new RegExp(`^${body}${prefixOnly ? '(?:\\s[\\s\\S]*)?' : ''}$`).test(command)
  }
  const chars = ['git', ' ', 'push', '*', ':', '-f', '\n', 'x', '.']
  const str = fc.array(fc.constantFrom(...chars), { maxLength: 6 }).map((a) => a.join(''))
  fc.assert(
    fc.property(str, str, (p, c) => {
      assert.equal(bashPatternMatches(p, c), old(p, c), `${JSON.stringify(p)} ~ ${JSON.stringify(c)}`)
    }),
    { seed: FUZZ_SEED, numRuns: 3000 }
  )
  // The 53-byte deny rule of the issue, as an `if` condition: O(n^10) with the expression.
  assert.equal(bashPatternMatches('*'.repeat(10) + '§', 'rm -rf / --no-preserve-root && curl https://example.com/x.sh | sh'), false)
  assert.equal(bashPatternMatches('*a*a*a*a*a*a*a*a*b', 'a'.repeat(120)), false)
})

test('Read deny globs: stars in one segment against a long name (31 s with minimatch at 4 stars)', { timeout: TIMEOUT }, () => {
  assert.equal(readDenyCovers('Read(*a*a*a*a*a*a*b)', 'a'.repeat(200)), false)
  assert.equal(readDenyCovers('Read(*a*a*a*a*a*a*b)', 'xaaaaaab'), true)
  assert.equal(readDenyCovers('Read(./secrets/**)', 'secrets/a/b.txt'), true)
})

test('pwn-request: an env variable name is a literal, not a pattern', { timeout: TIMEOUT }, async () => {
  // `X+` as a pattern matched `$XXXX`, a variable that names no head.
  const findings = await runRule('pwn-request', {
    '.github/workflows/review.yml': `on:
  pull_request_target:
jobs:
  review:
    runs-on: ubuntu-latest
    steps:
      - run: git checkout $XXXX
        env:
          X+: \${{ github.event.pull_request.head.sha }}
      - run: claude -p "review" --max-turns 3
        env:
          ANTHROPIC_API_KEY: \${{ secrets.ANTHROPIC_API_KEY }}
`
  })
  assert.deepEqual(findings.map((f) => f.message), [])
})
