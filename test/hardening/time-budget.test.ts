/**
 * The audit's total time budget (issue 15, item 6): loops over files stop
 * when it runs out, rules that had not started are not run, and the report
 * says what was not analysed (file-skipped entries and notes) instead of
 * running on. Clocks are injected; nothing here depends on wall-clock time.
 */
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { rmSync } from 'node:fs'
import { TimeBudget, whileTimeLeft } from '../../src/core/budget.js'
import { runRules } from '../../src/core/engine.js'
import { runAudit } from '../../src/audit.js'
import { discover } from '../../src/discover.js'
import { buildProject } from '../../src/model/project.js'
import { RULES } from '../../src/rules/index.js'
import { writeFixture } from '../rules/harness.js'
import { make } from '../secrets/generate.js'

const KEY = make.githubPat()

const FILES = {
  'CLAUDE.md': `# Project\n\nThe key is ${KEY}\n`,
  '.mcp.json': JSON.stringify({ mcpServers: { s: { command: 'npx', args: ['-y', 'some-server@1.2.3'] } } }),
  '.claude/settings.json': JSON.stringify({ permissions: { allow: ['Bash(*)'] } })
}

/** A clock the test moves by hand. */
function manualClock(): { now: () => number; advance(ms: number): void } {
  let t = 0
  return { now: () => t, advance: (ms) => void (t += ms) }
}

test('TimeBudget: a budget of 0 is spent from the start; otherwise when the clock reaches it', () => {
  const c = manualClock()
  assert.equal(new TimeBudget(0, c.now).spent(), true)
  const b = new TimeBudget(1000, c.now)
  assert.equal(b.spent(), false)
  c.advance(999)
  assert.equal(b.spent(), false)
  c.advance(1)
  assert.equal(b.spent(), true)
  assert.equal(b.describe(), "the audit's time budget of 1 s")
})

test('whileTimeLeft: stops when out of time and records the first file left and how many more', () => {
  const skipped: [string, string][] = []
  let calls = 0
  const ctx = {
    outOfTime: () => ++calls > 2,
    project: { reader: { skip: (file: string, reason: string) => (skipped.push([file, reason]), null) } }
  }
  const seen = [...whileTimeLeft(ctx, 'the scan', ['a', 'b', 'c', 'd', 'e'], (x) => x)]
  assert.deepEqual(seen, ['a', 'b'])
  assert.deepEqual(skipped, [['c', 'not analysed by the scan, nor 2 more files after it: the time budget ran out']])
})

test('runAudit with a time budget of 0: nothing is modelled or checked, and the report says so', async () => {
  const dir = writeFixture(FILES)
  try {
    const r = await runAudit({ root: dir, timeBudgetMs: 0, minSeverity: 'info' })
    // Only the diagnostics rules ran; every configuration file is reported as not analysed.
    assert.deepEqual(
      r.findings.map((f) => [f.ruleId, f.file, f.message]),
      [
        [
          'file-skipped',
          '.claude/settings.json',
          ".claude/settings.json was not read: not analysed, nor 2 more configuration files after it: the audit's time budget of 0 ms ran out while the files were modelled"
        ]
      ]
    )
    const note = (r.notices ?? []).find((n) => n.startsWith('Not checked:'))
    assert.ok(note, (r.notices ?? []).join('\n'))
    assert.match(note, /^Not checked: the audit's time budget of 0 ms ran out before these rules ran: /)
    assert.ok(note.includes('hardcoded-secret'))
    assert.ok(!note.includes('file-skipped'))
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
})

test('runAudit with time left: the same repository is checked in full (the budget changes nothing)', async () => {
  const dir = writeFixture(FILES)
  try {
    const r = await runAudit({ root: dir, minSeverity: 'info' })
    assert.ok(r.findings.some((f) => f.ruleId === 'hardcoded-secret'))
    assert.ok(!r.findings.some((f) => f.ruleId === 'file-skipped'))
    assert.ok(!(r.notices ?? []).some((n) => n.startsWith('Not checked')))
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
})

test('runRules: the budget running out during one rule stops its loop and skips the rules after it', async () => {
  const dir = writeFixture(FILES)
  try {
    const c = manualClock()
    const budget = new TimeBudget(10_000, c.now)
    const project = await buildProject(await discover(dir), { history: false, verifyHooks: false, budget })
    const pick = (id: string) => RULES.find((r) => r.meta.id === id)!
    const spender = {
      meta: { ...pick('hardcoded-secret').meta, id: 'spender', late: false },
      check: () => c.advance(10_000)
    }
    const r = await runRules(project, [spender as never, pick('hardcoded-secret'), pick('file-skipped')], { rules: {}, ignore: [] }, { budget })
    assert.deepEqual(r.findings.map((f) => f.ruleId), [])
    assert.deepEqual(r.budgetNotices, ["Not checked: the audit's time budget of 10 s ran out before these rules ran: hardcoded-secret."])
    // A rule that asks mid-way records where it stopped (file-skipped, a late rule, reports it).
    // A clock that ticks at every reading: with a rule budget of 0 the first question is out of time.
    let t = 0
    const b2 = new TimeBudget(1e9, () => t++)
    const p2 = await buildProject(await discover(dir), { history: false, verifyHooks: false, budget: b2 })
    const r2 = await runRules(p2, [pick('hardcoded-secret'), pick('file-skipped')], { rules: {}, ignore: [] }, { budget: b2, budgetMs: 0 })
    assert.deepEqual(
      r2.findings.map((f) => [f.ruleId, f.file]),
      [['file-skipped', '.claude/settings.json']]
    )
    assert.match(r2.findings[0]!.message, /not analysed by the secret scan \(hardcoded-secret\), nor 2 more files after it: the time budget ran out/)
    assert.deepEqual(r2.budgetNotices, [
      'Not checked in full: hardcoded-secret stopped at a time budget; what they had not reached is listed by file-skipped where it is a file.'
    ])
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
})
