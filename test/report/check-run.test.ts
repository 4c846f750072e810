import assert from 'node:assert/strict'
import { test } from 'node:test'
import { MAX_CHECK_TITLE, renderCheckRun, toAnnotation } from '../../src/report/check-run.js'
import { finding, manyFindings, reportContext, result } from './helpers.js'

test('every finding with a file becomes an annotation, level by severity', () => {
  const findings = [
    ...manyFindings(120),
    finding({ file: null, line: null, column: null, endLine: null, endColumn: null })
  ]
  const out = renderCheckRun(result(findings), reportContext({ blocking: 48 }))
  assert.equal(out.annotations.length, 120)
  const levels = new Set(out.annotations.map((a) => a.annotation_level))
  assert.deepEqual([...levels].sort(), ['failure', 'notice', 'warning'])
  assert.equal(out.annotations[0]?.annotation_level, 'failure')
  assert.equal(out.annotations.at(-1)?.annotation_level, 'notice')
  assert.ok(out.summary.length <= 65_535)
})

test('columns are only sent for single-line annotations', () => {
  const one = toAnnotation(finding({ line: 3, endLine: 3, column: 2, endColumn: 9 }))
  assert.equal(one?.start_column, 2)
  assert.equal(one?.end_column, 9)
  const multi = toAnnotation(finding({ line: 3, endLine: 5, column: 2, endColumn: 9 }))
  assert.equal(multi?.start_column, undefined)
  assert.equal(multi?.end_column, undefined)
  assert.equal(multi?.end_line, 5)
})

test('titles fit 255 characters', () => {
  const out = renderCheckRun(result([finding({ ruleId: 'r'.repeat(400) })]), reportContext())
  assert.ok(out.title.length <= MAX_CHECK_TITLE)
  assert.ok((out.annotations[0]?.title.length ?? 0) <= MAX_CHECK_TITLE)
  assert.equal(out.title, '1 of 1 finding at or above high')
})

test('titles per conclusion', () => {
  assert.equal(renderCheckRun(result([]), reportContext({ conclusion: 'success', blocking: 0 })).title, 'No findings')
  assert.equal(
    renderCheckRun(result([finding({ severity: 'low' })]), reportContext({ conclusion: 'neutral', blocking: 0 })).title,
    '1 finding, none at or above high'
  )
})
