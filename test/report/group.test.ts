/**
 * One finding per cause: findings of one rule with one message in one file
 * are one entry in the human reports; JSON and SARIF keep every location and
 * give each its entry's id.
 */
import assert from 'node:assert/strict'
import { test } from 'node:test'
import { groupFindings } from '../../src/core/group.js'
import { renderJson } from '../../src/report/json.js'
import { renderSarif } from '../../src/report/sarif.js'
import { renderText } from '../../src/report/text.js'
import { finding, result } from './helpers.js'

const REPEATS = [
  ...Array.from({ length: 16 }, (_, i) =>
    finding({ ruleId: 'secrets-inherit', file: 'w.yml', line: 40 - i, endLine: 40 - i, fingerprint: `s${i}`, message: 'same cause' })
  ),
  finding({ ruleId: 'secrets-inherit', file: 'w.yml', line: 50, endLine: 50, fingerprint: 'other', message: 'another cause' }),
  finding({ ruleId: 'secrets-inherit', file: 'x.yml', line: 3, endLine: 3, fingerprint: 'x', message: 'same cause' })
]

test('groups by rule, file and message, locations in file order', () => {
  const groups = groupFindings(REPEATS)
  assert.deepEqual(
    groups.map((g) => [g.file, g.message, g.findings.length, g.findings[0]!.line, g.id]),
    [
      ['w.yml', 'same cause', 16, 25, 's15'],
      ['w.yml', 'another cause', 1, 50, 'other'],
      ['x.yml', 'same cause', 1, 3, 'x']
    ]
  )
})

test('JSON and SARIF keep every finding and carry its group', () => {
  const doc = JSON.parse(renderJson(result(REPEATS))) as { findings: Array<{ fingerprint: string; group: string }> }
  assert.equal(doc.findings.length, 18)
  assert.equal(doc.findings.filter((f) => f.group === 's15').length, 16)
  const sarif = JSON.parse(renderSarif(result(REPEATS))) as { runs: Array<{ results: Array<{ properties: { group: string } }> }> }
  assert.equal(sarif.runs[0]!.results.length, 18)
  assert.equal(sarif.runs[0]!.results.filter((r) => r.properties.group === 's15').length, 16)
})

test('the text report shows one entry with a count and its lines', () => {
  const text = renderText(result(REPEATS), { color: false, rootLabel: '.' })
  assert.equal(text.split('same cause').length - 1, 2, text)
  assert.ok(text.includes('high[secrets-inherit]: reusable workflow receives every secret (16 places)\n'), text)
  assert.ok(text.includes('= also at lines 26, 27, 28, 29, 30, 31, 32, 33, 34, 35, 36, 37, … (3 more)\n'), text)
})
