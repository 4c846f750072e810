import assert from 'node:assert/strict'
import { test } from 'node:test'
import { COMMENT_MARKER, MAX_COMMENT_CHARS, renderComment } from '../../src/report/comment.js'
import { findingUrl, renderReport } from '../../src/report/markdown.js'
import { MAX_SUMMARY_BYTES, MAX_SUMMARY_ROWS, renderSummary } from '../../src/report/summary.js'
import { finding, manyFindings, reportContext, result } from './helpers.js'

test('comment starts with the hidden marker and states the verdict', () => {
  const body = renderComment(result([finding()]), reportContext())
  assert.ok(body.startsWith(`${COMMENT_MARKER}\n`))
  assert.match(body, /❌ \*\*Failed\*\*: 1 finding at or above `high`/)
  assert.match(body, /\| 0 \| 1 \| 0 \| 0 \| 0 \|/)
})

test('comment has per-area checklist scores', () => {
  const body = renderComment(result([finding()]), reportContext())
  assert.match(body, /\| Credentials \| ✅ 1\/1 \| 1 \| 0 \| 1 \| 0 \|/)
  assert.match(body, /\| Cost gates \| ❌ 0\/1 \| 0 \| 1 \| 0 \| 0 \|/)
  assert.match(body, /\| MCP exposure \| ❌ 0\/1 \|/)
})

test('findings are grouped by area in collapsed details with links to the head commit', () => {
  const body = renderComment(result(manyFindings(6)), reportContext())
  assert.match(body, /<details><summary><strong>Cost gates<\/strong>: 3 findings/)
  assert.match(body, /<details><summary><strong>MCP exposure<\/strong>: 3 findings/)
  assert.ok(
    body.includes(
      '(https://github.com/octo/demo/blob/0123456789abcdef0123456789abcdef01234567/.github/workflows/w0.yml#L1)'
    )
  )
  assert.ok(body.indexOf('Cost gates</strong>') < body.indexOf('MCP exposure</strong>'))
})

test('links cover line ranges and encode hostile paths', () => {
  const url = findingUrl(finding({ file: 'dir/a b#(x).json', line: 3, endLine: 5 }), reportContext())
  assert.equal(
    url,
    'https://github.com/octo/demo/blob/0123456789abcdef0123456789abcdef01234567/dir/a%20b%23%28x%29.json#L3-L5'
  )
})

test('untrusted text cannot ping, inject HTML or break the table', () => {
  const hostile = finding({
    message: '@octocat please | <img src=x onerror=alert(1)> `code` </details>\n| x | y |',
    file: 'evil|@team/<b>.json'
  })
  const body = renderComment(result([hostile]), reportContext())
  assert.ok(!/@(octocat|team)/.test(body))
  assert.ok(!body.includes('<img'))
  assert.ok(!body.includes('<b>.json'))
  const row = body.split('\n').find((l) => l.includes('please'))
  assert.ok(row)
  const cells = row.split(/(?<!\\)\|/)
  assert.equal(cells.length, 6, 'four cells between five unescaped pipes')
  assert.equal((body.match(/<\/details>/g) ?? []).length, (body.match(/<details>/g) ?? []).length)
})

test('an all-clear run says so', () => {
  const r = result([])
  r.checklist = r.checklist.map((e) => (e.status === 'fail' ? { ...e, status: 'pass' } : e))
  const body = renderComment(r, reportContext({ conclusion: 'success', blocking: 0 }))
  assert.match(body, /✅ \*\*Passed\*\*: no findings\. Every automated checklist item passes/)
  assert.ok(!body.includes('### Findings'))
})

test('findings below the threshold give a neutral verdict text', () => {
  const body = renderComment(
    result([finding({ severity: 'low' })]),
    reportContext({ conclusion: 'neutral', blocking: 0 })
  )
  assert.match(body, /⚠️ \*\*Passed with findings\*\*: 1 finding, none at or above `high`/)
})

test('a huge comment is cut below 65,536 characters with a visible note', () => {
  const findings = manyFindings(3000).map((f, i) => ({
    ...f,
    message: `message ${i} ${'x'.repeat(200)}`
  }))
  const body = renderComment(result(findings), reportContext({ blocking: 1200 }))
  assert.ok(body.length <= MAX_COMMENT_CHARS, `length ${body.length}`)
  const m = body.match(/\*\*Note:\*\* (\d+) more findings not shown here/)
  assert.ok(m, 'truncation note present')
  const shown = (body.match(/^\| (🔴|🟠|🟡|🔵|⚪) \w+ \| \[/gm) ?? []).length
  assert.equal(shown + Number(m[1]), 3000)
  // The most severe findings are the ones kept.
  assert.ok(body.includes('🔴 critical |'))
  assert.equal((body.match(/<\/details>/g) ?? []).length, (body.match(/<details>/g) ?? []).length)
})

test('the summary caps rows and stays under 1 MiB', () => {
  const findings = manyFindings(5000).map((f) => ({ ...f, message: 'é'.repeat(400) }))
  const md = renderSummary(result(findings), reportContext())
  assert.ok(Buffer.byteLength(md) <= MAX_SUMMARY_BYTES)
  const shown = (md.match(/^\| (🔴|🟠|🟡|🔵|⚪) \w+ \| \[/gm) ?? []).length
  assert.ok(shown <= MAX_SUMMARY_ROWS)
  assert.match(md, /more findings not shown here/)
})

test('a report whose fixed part exceeds the budget is still cut', () => {
  const out = renderReport(result([finding()]), reportContext(), {
    max: 200,
    measure: (t) => t.length,
    elsewhere: 'x'
  })
  assert.ok(out.length <= 200)
  assert.match(out, /cut at the size limit/)
})
