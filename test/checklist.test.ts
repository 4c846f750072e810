/** The checklist's wording helpers, shared by every human report. */
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { belowMinSeverityNote, hiddenCount, scoreChecklist } from '../src/core/checklist.js'
import type { Finding } from '../src/core/types.js'

const ZERO = { critical: 0, high: 0, medium: 0, low: 0, info: 0 }

function finding(ruleId: string, severity: Finding['severity']): Finding {
  return { ruleId, severity, confidence: 'high', checklistItem: null, file: null, line: null, column: null, endLine: null, endColumn: null, message: '', fingerprint: ruleId, docsUrl: '' }
}

const FACTS = {
  ruleItems: new Map<string, readonly number[]>([
    ['batch-eligible-workload', [15]],
    ['no-turn-limit', [9]],
    ['no-job-timeout', [9]],
    ['secret-in-git-history', [6]]
  ]),
  history: true,
  git: true,
  hasMcp: false,
  hasHooks: false
}

test('belowMinSeverityNote: nothing hidden, one hidden, several', () => {
  const checklist = scoreChecklist([finding('batch-eligible-workload', 'info')], { ...FACTS, minSeverity: 'low' })
  assert.equal(belowMinSeverityNote({ findings: [], checklist, minSeverity: 'low', belowMinSeverity: ZERO }, 'x'), null)
  assert.equal(belowMinSeverityNote({ findings: [], checklist }, 'x'), null, 'results without the field (older callers)')
  assert.equal(
    belowMinSeverityNote({ findings: [], checklist, minSeverity: 'low', belowMinSeverity: { ...ZERO, info: 1 } }, '`--min-severity info`'),
    '1 finding below `low` (1 info) is not listed; `--min-severity info` lists them; the checklist counts them: item 15 fails on them alone. Fix first covers the listed findings only.'
  )
  const listed = [finding('no-turn-limit', 'high')]
  const two = scoreChecklist([...listed, finding('no-job-timeout', 'medium'), finding('batch-eligible-workload', 'info')], { ...FACTS, minSeverity: 'high' })
  assert.equal(two.find((e) => e.item === 9)?.note, undefined, 'item 9 has a listed finding')
  assert.equal(
    belowMinSeverityNote({ findings: listed, checklist: two, minSeverity: 'high', belowMinSeverity: { ...ZERO, medium: 1, info: 1 } }, 'min-severity: info'),
    '2 findings below `high` (1 medium, 1 info) are not listed; min-severity: info lists them; the checklist counts them: item 15 fails on them alone. Fix first covers the listed findings only.'
  )
})

test('hiddenCount: counts at or above the minimum, and how many more lie below it', () => {
  assert.equal(hiddenCount(0, ZERO, 'low', 'suppressed'), '')
  assert.equal(hiddenCount(0, undefined, undefined, 'suppressed'), '')
  assert.equal(hiddenCount(3, undefined, undefined, 'suppressed'), '3 suppressed')
  assert.equal(hiddenCount(3, { ...ZERO, high: 3 }, 'low', 'suppressed'), '3 suppressed')
  assert.equal(hiddenCount(0, { ...ZERO, info: 2 }, 'low', 'in baseline'), '0 in baseline (2 more below `low`)')
  assert.equal(hiddenCount(72, { ...ZERO, high: 72, info: 2 }, 'low', 'suppressed'), '72 suppressed (2 more below `low`)')
})

test('scoreChecklist: a history that was not scanned makes item 6 manual, whatever its diagnostic says', () => {
  const diag = finding('secret-in-git-history', 'medium')
  const scanned = scoreChecklist([diag], FACTS)
  assert.equal(scanned.find((e) => e.item === 6)?.status, 'fail')
  const shallow = scoreChecklist([diag], { ...FACTS, historyNotScanned: 'history scanning was asked for, but this is a shallow clone.' })
  assert.deepEqual(shallow.find((e) => e.item === 6), {
    item: 6,
    title: 'Git history clean of keys',
    area: 'credentials',
    status: 'manual',
    ruleIds: ['secret-in-git-history'],
    note: 'Not checked: history scanning was asked for, but this is a shallow clone.'
  })
})

test('scoreChecklist: cost items that only workflows or agents answer are not applicable without them', () => {
  const facts = {
    ...FACTS,
    ruleItems: new Map<string, readonly number[]>([
      ['no-turn-limit', [9]],
      ['unbounded-schedule', [10]],
      ['model-not-pinned', [11]],
      ['subagent-depth-unbounded', [13]]
    ])
  }
  const status = (f: Partial<typeof facts> & { runsClaude?: boolean; hasAgents?: boolean }): string[] =>
    scoreChecklist([], { ...facts, ...f })
      .filter((e) => [9, 10, 11, 13].includes(e.item))
      .map((e) => `${e.item}:${e.status}`)
  assert.deepEqual(status({ runsClaude: false, hasAgents: false }), ['9:not-applicable', '10:not-applicable', '11:not-applicable', '13:not-applicable'])
  assert.deepEqual(status({ runsClaude: true, hasAgents: false }), ['9:pass', '10:pass', '11:pass', '13:not-applicable'])
  assert.deepEqual(status({ runsClaude: false, hasAgents: true }), ['9:not-applicable', '10:not-applicable', '11:pass', '13:pass'])
  // A failing rule still fails the item, gate or not.
  const failing = scoreChecklist([finding('model-not-pinned', 'low')], { ...facts, runsClaude: false, hasAgents: false })
  assert.equal(failing.find((e) => e.item === 11)?.status, 'fail')
})
