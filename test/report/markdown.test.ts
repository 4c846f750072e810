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
  assert.match(body, /\n🟠 1 high · 12 files scanned · /)
})

test('the checklist is one line of per-area scores, n/a where nothing is scored, and a collapsed table', () => {
  const body = renderComment(result([finding()]), reportContext())
  assert.ok(
    body.includes(
      '**Checklist:** Credentials ✅ 1/1 · Cost gates ❌ 0/1 · Context hygiene ✅ 1/1 · Hook configuration n/a · MCP exposure ❌ 0/1\n'
    )
  )
  assert.ok(!body.includes('0/0'))
  assert.match(body, /<details><summary>Checklist items to act on \(2 failing, 1 manual; 2 pass, 1 n\/a\)<\/summary>\n\n\| # \| Item \| Status \| Rules \|\n\| ---: \| --- \| --- \| --- \|\n\| 9 \| Timeouts on jobs \| ❌ fail/)
})

test('findings at or above fail-on are open and grouped by file, the rest collapsed, links on the head commit', () => {
  const body = renderComment(
    result([
      finding({ severity: 'high', file: 'b.yml', line: 3, fingerprint: 'a' }),
      finding({ severity: 'low', file: 'a.yml', line: 8, fingerprint: 'b', ruleId: 'no-turn-limit', message: 'low one' }),
      finding({ severity: 'critical', file: 'a.yml', line: 2, endLine: 2, fingerprint: 'c', message: 'critical one' })
    ]),
    reportContext({ blocking: 2 })
  )
  const sha = '0123456789abcdef0123456789abcdef01234567'
  const open = body.slice(0, body.indexOf('<details><summary>1 more entry below <code>high</code></summary>'))
  assert.ok(open.indexOf('[<code>a.yml</code>]') < open.indexOf('critical one'))
  assert.ok(open.indexOf('critical one') < open.indexOf('[<code>b.yml</code>]'))
  assert.ok(open.includes(`[line 2](https://github.com/octo/demo/blob/${sha}/a.yml#L2)`))
  assert.ok(!open.includes('low one'))
  const collapsed = body.slice(body.indexOf('1 more entry below'))
  assert.match(collapsed, /^- 🔵 low \[<code>no-turn-limit<\/code>\]/m)
})

test('one cause in one file is one entry with a count and its lines', () => {
  const repeats = Array.from({ length: 22 }, (_, i) =>
    finding({ ruleId: 'custom-api-endpoint', line: 10 + i, endLine: 10 + i, fingerprint: `f${i}`, message: 'same sentence' })
  )
  const body = renderComment(result(repeats), reportContext({ blocking: 22 }))
  assert.equal(body.split('same sentence').length - 1, 1)
  assert.match(body, /· \[lines 10\]\([^)]+#L10\), \[11\]\([^)]+#L11\)(, \[\d+\]\([^)]+\)){6} and 14 more \(22 places\)/)
})

test('code spans in messages render as code, not as escaped backticks', () => {
  const body = renderComment(result([finding({ message: 'set `maxTurns` (and *not* `x|y`)' })]), reportContext())
  assert.ok(body.includes('set <code>maxTurns</code> \\(and \\*not\\* <code>x\\|y</code>\\)'))
  assert.ok(!body.includes('\\`'))
})

test('rule documentation is linked at the version that ran', () => {
  const r = result([finding({ docsUrl: 'https://github.com/o/r/blob/main/docs/rules/mcp-unpinned.md' })])
  const body = renderComment(r, reportContext())
  assert.ok(body.includes(`https://github.com/o/r/blob/v${r.toolVersion}/docs/rules/mcp-unpinned.md`))
  assert.ok(!body.includes('/blob/main/'))
})

test('pull-request mode: new findings first, then what the pull request fixed, then one line for existing ones', () => {
  const fresh = finding({ fingerprint: 'new1', message: 'the new one' })
  const old = finding({ fingerprint: 'old1', line: 9, endLine: 9, message: 'the old one' })
  const gone = finding({ fingerprint: 'gone', ruleId: 'secrets-inherit', file: 'w.yml', line: 5, endLine: 5 })
  const r = { ...result([fresh, old]), diff: { base: 'b'.repeat(40), baseSha: 'b'.repeat(40), newFingerprints: ['new1'], fixed: [gone], existing: 1 } }
  const body = renderComment(r, reportContext({ scope: 'new', runUrl: 'https://github.com/octo/demo/actions/runs/1' }))
  assert.match(body, /### New findings \(1 finding, 1 entry\)/)
  assert.ok(body.includes('the new one'))
  assert.ok(!body.includes('the old one'))
  assert.ok(body.indexOf('the new one') < body.indexOf('### Fixed by this pull request (1 finding)'))
  assert.ok(body.includes(`[line 5](https://github.com/octo/demo/blob/${'b'.repeat(40)}/w.yml#L5)`))
  assert.ok(
    body.includes(
      '1 existing finding (1 high) is in the base commit too, not judged — [full report](https://github.com/octo/demo/actions/runs/1).'
    )
  )
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
  assert.ok(row?.startsWith('  '), 'the message stays inside its list entry')
  assert.ok(!/(?<!\\)\|/.test(row ?? '|'), 'no unescaped pipe')
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
  const shown = (body.match(/^- (🔴|🟠|🟡|🔵|⚪) /gm) ?? []).length
  assert.equal(shown + Number(m[1]), 3000)
  // The most severe findings are the ones kept.
  assert.ok(body.includes('🔴 **critical**'))
  assert.equal((body.match(/<\/details>/g) ?? []).length, (body.match(/<details>/g) ?? []).length)
})

test('the summary caps rows and stays under 1 MiB', () => {
  const findings = manyFindings(5000).map((f, i) => ({ ...f, message: `${i} ${'é'.repeat(400)}` }))
  const md = renderSummary(result(findings), reportContext())
  assert.ok(Buffer.byteLength(md) <= MAX_SUMMARY_BYTES)
  const shown = (md.match(/^- (🔴|🟠|🟡|🔵|⚪) /gm) ?? []).length
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
