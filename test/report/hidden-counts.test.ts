/**
 * What the listed findings do not show — findings below the minimum severity,
 * suppressed and baselined findings, notices — is stated the same way in
 * every format.
 */
import assert from 'node:assert/strict'
import { test } from 'node:test'
import type { AuditResult } from '../../src/core/types.js'
import { renderText } from '../../src/report/text.js'
import { renderJson } from '../../src/report/json.js'
import { renderSarif } from '../../src/report/sarif.js'
import { renderComment } from '../../src/report/comment.js'
import { renderSummary } from '../../src/report/summary.js'
import { renderReport } from '../../src/report/markdown.js'
import { finding, reportContext, result } from './helpers.js'

const ZERO = { critical: 0, high: 0, medium: 0, low: 0, info: 0 }

/** One listed high finding; item 9 fails on hidden findings alone; 3 suppressed (1 below low), 2 baselined. */
function hidden(): AuditResult {
  return {
    ...result([finding()]),
    minSeverity: 'low',
    belowMinSeverity: { ...ZERO, info: 2 },
    suppressed: 2,
    suppressedBySeverity: { ...ZERO, high: 2, info: 1 },
    baselined: 2,
    baselinedBySeverity: { ...ZERO, medium: 2 },
    notices: ['History scanning was asked for, but the git history was not scanned: this is a shallow clone (check out with fetch-depth: 0). Checklist item 6 is manual.']
  }
}

const BELOW =
  '2 findings below `low` (2 info) are not listed; FLAG lists them; the checklist counts them: item 9 fails on them alone. Fix first covers the listed findings only.'

test('text: the hidden findings next to the checklist and in the counts line, with suppressed and baselined', () => {
  const text = renderText(hidden(), { color: false, rootLabel: '.' })
  assert.ok(text.includes(`\n  ${BELOW.replace('FLAG', '--min-severity info')}\n`), text)
  assert.ok(text.includes('\nNote: History scanning was asked for, but the git history was not scanned: this is a shallow clone'))
  assert.ok(
    text.endsWith(
      '\n1 finding: 0 critical, 1 high, 0 medium, 0 low, 0 info; 2 below `low` not listed; 2 suppressed (1 more below `low`); 2 in baseline\n' +
        '✖ 1 finding at or above high — failing (exit 1)\n'
    ),
    text
  )
  // Results without the added fields render as before.
  const plain = renderText({ ...result([finding()]), suppressed: 4 }, { color: false, rootLabel: '.' })
  assert.ok(plain.endsWith('\n1 finding: 0 critical, 1 high, 0 medium, 0 low, 0 info; 4 suppressed\n✖ 1 finding at or above high — failing (exit 1)\n'))
  assert.ok(!plain.includes('not listed'))
})

test('markdown: the note names the CLI flag locally and the action input in comments and summaries', () => {
  const local = renderReport(hidden(), reportContext({ serverUrl: '' }), { max: Number.MAX_SAFE_INTEGER, measure: (s) => s.length, elsewhere: '' })
  assert.ok(local.includes(`\n> **Note:** ${BELOW.replace('FLAG', '`--min-severity info`')}\n`), local)
  for (const body of [renderComment(hidden(), reportContext()), renderSummary(hidden(), reportContext())]) {
    assert.ok(body.includes(`\n> **Note:** ${BELOW.replace('FLAG', '`min-severity: info`')}\n`), body)
    assert.ok(body.includes('\n🟠 1 high · 12 files scanned · 2 suppressed (1 more below `low`) · 2 in baseline · fail-on: `high`\n'), body)
    assert.ok(body.includes('\n> **Note:** History scanning was asked for, but the git history was not scanned: this is a shallow clone \\(check out with fetch-depth: 0\\). Checklist item 6 is manual.\n'), body)
    // The note comes before the checklist.
    assert.ok(body.indexOf('> **Note:** 2 findings below') < body.indexOf('**Checklist:**'))
  }
})

test('JSON: the added fields, the contract fields unchanged', () => {
  const doc = JSON.parse(renderJson(hidden())) as Record<string, unknown>
  assert.equal(doc.version, 1)
  assert.equal(doc.suppressed, 2)
  assert.equal(doc.baselined, 2)
  assert.equal(doc.minSeverity, 'low')
  assert.deepEqual(doc.belowMinSeverity, { ...ZERO, info: 2 })
  assert.deepEqual(doc.suppressedBySeverity, { ...ZERO, high: 2, info: 1 })
  assert.deepEqual(doc.baselinedBySeverity, { ...ZERO, medium: 2 })
  assert.equal((doc.notices as string[]).length, 1)
  const plain = JSON.parse(renderJson(result([]))) as Record<string, unknown>
  assert.deepEqual(
    Object.keys(plain),
    ['version', 'tool', 'findings', 'checklist', 'fixFirst', 'suppressed', 'baselined', 'filesScanned']
  )
})

test('SARIF: the run properties count suppressed and baselined findings and what the minimum hides', () => {
  const props = (r: AuditResult): Record<string, unknown> =>
    (JSON.parse(renderSarif(r)) as { runs: { properties: Record<string, unknown> }[] }).runs[0].properties
  const p = props(hidden())
  assert.equal(p.suppressed, 2)
  assert.equal(p.baselined, 2)
  assert.equal(p.minSeverity, 'low')
  assert.deepEqual(p.belowMinSeverity, { ...ZERO, info: 2 })
  assert.deepEqual(p.suppressedBySeverity, { ...ZERO, high: 2, info: 1 })
  assert.deepEqual(p.baselinedBySeverity, { ...ZERO, medium: 2 })
  assert.deepEqual(p.notices, hidden().notices)
  const plain = props({ ...result([]), suppressed: 7, baselined: 3 })
  assert.equal(plain.suppressed, 7)
  assert.equal(plain.baselined, 3)
  assert.deepEqual(
    (plain.checklist as { item: number; note?: string }[]).find((c) => c.item === 2)?.note,
    'Check the vault.',
    'checklist notes (manual instructions, why an item does not apply) travel too'
  )
})
