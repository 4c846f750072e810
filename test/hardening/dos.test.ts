/**
 * Algorithmic denial of service (issue 15, item 6): small or ordinary
 * committed files that once held one audit for minutes to hours through
 * backtracking regular expressions or whole-file work repeated per item. Each
 * fixture of bench/hostile-fixtures.mjs is generated in a temporary
 * directory and audited by the bundled CLI (skipped when not built).
 *
 * No timing is asserted beyond a generous bound that only the catastrophic
 * case reaches (the process is killed after 90 s; each fixture took from 90 s
 * to hours before the fix and takes about a second now — `npm run
 * bench:hostile` measures it against the 5 s target). The report must be
 * complete: valid JSON, no rule error, and what was not analysed in full is
 * reported by file-skipped.
 */
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { spawnSync } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { FIXTURES } from '../../bench/hostile-fixtures.mjs'
import { CLI, HAVE_CLI } from './helpers.js'

const SKIP = HAVE_CLI ? false : `${CLI} is missing (npm run build)`
/** Kills only the catastrophic case; each fixture needs about a second. */
const KILL_AFTER_MS = 90_000

interface JsonReport {
  findings: { ruleId: string; file: string | null; message: string }[]
  errors?: string[]
}

for (const fixture of FIXTURES) {
  test(`hostile fixture ${fixture.name}: the audit ends with a full report`, { skip: SKIP, timeout: 4 * KILL_AFTER_MS }, () => {
    const dir = mkdtempSync(join(tmpdir(), `cca-dos-${fixture.name}-`))
    try {
      fixture.make(dir)
      const r = spawnSync(
        process.execPath,
        [CLI, dir, '--format', 'json', '--min-severity', 'info', '--fail-on', 'never'],
        { encoding: 'utf8', timeout: KILL_AFTER_MS, maxBuffer: 256 * 1024 * 1024 }
      )
      assert.equal(r.signal, null, `killed after ${KILL_AFTER_MS / 1000} s (was: ${fixture.was})`)
      assert.equal(r.status, 0, r.stderr.slice(0, 2000))
      const report = JSON.parse(r.stdout) as JsonReport
      assert.deepEqual(report.errors ?? [], [])
      const skipped = report.findings.filter((f) => f.ruleId === 'file-skipped').map((f) => f.file)
      assert.deepEqual(skipped.sort(), [...(fixture.skipped ?? [])].sort())
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })
}

test('globMatches: `*` runs of any length, consecutive stars as one, anchored at both ends', async () => {
  const { globMatches, bashRuleMatches } = await import('../../src/rules/dangerous-commands-unguarded.js')
  const cases: [string, string, boolean][] = [
    ['rm -rf *', 'rm -rf /', true],
    ['rm -rf *', 'rm -rf', false],
    ['*DROP TABLE*', 'psql -c "DROP TABLE users"', true],
    ['*DROP TABLE*', 'DROP TABL', false],
    ['a*b*c', 'abc', true],
    ['a*b*c', 'aXbYbZc', true],
    ['a*b*c', 'acb', false],
    ['a*a', 'a', false],
    ['a*a', 'aa', true],
    ['**********§', 'rm -rf /', false],
    ['**********§', 'x§', true],
    ['*', '', true],
    ['', '', true],
    ['x', 'x\ny', false],
    ['x*', 'x\ny', true]
  ]
  for (const [pattern, text, want] of cases) assert.equal(globMatches(pattern, text), want, `${pattern} ~ ${JSON.stringify(text)}`)
  assert.equal(bashRuleMatches('Bash(git push:*)', 'git push'), true)
  assert.equal(bashRuleMatches('Bash(git push:*)', 'git push --force origin main'), true)
  assert.equal(bashRuleMatches('Bash(git push *)', 'git pushx'), false)
  assert.equal(bashRuleMatches(`Bash(${'*'.repeat(40)}§)`, 'git push --force origin main'), false)
})

test('runRules: a rule past its time budget is named in errors, whether it stopped when asked or ran on', async () => {
  const { runRules } = await import('../../src/core/engine.js')
  const meta = (id: string) => ({
    id,
    checklistItems: [],
    area: 'diagnostics',
    severity: 'info',
    confidence: 'high',
    description: id,
    messages: { m: 'x' }
  })
  let iterations = 0
  const rules = [
    {
      meta: meta('asks'),
      check(ctx: { outOfTime?(): boolean }) {
        while (!ctx.outOfTime?.()) iterations++
      }
    },
    {
      meta: meta('runs-on'),
      check() {
        const until = performance.now() + 5
        while (performance.now() <= until) iterations++
      }
    },
    { meta: meta('quick'), check() {} }
  ]
  const r = await runRules({ reader: { loaded: () => [] } } as never, rules as never, { rules: {}, ignore: [] } as never, { budgetMs: 1 })
  // `quick` may overrun 1 ms on a loaded machine too; only the two others are certain to.
  assert.deepEqual(
    r.errors.filter((e) => !e.startsWith('rule quick ')).map((e) => e.replace(/took \d+\.\d s/, 'took N s')),
    [
      'rule asks stopped at its 1 ms time budget: what it had not checked yet was skipped',
      'rule runs-on took N s, over its 1 ms time budget'
    ]
  )
  assert.ok(iterations > 0)
})
