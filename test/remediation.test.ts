import { test } from 'node:test'
import assert from 'node:assert/strict'
import { fixFirst } from '../src/core/remediation.js'
import type { Finding } from '../src/core/types.js'

function f(ruleId: string, severity: Finding['severity'], item: number | null): Finding {
  return { ruleId, severity, confidence: 'high', checklistItem: item, file: null, line: null, column: null, endLine: null, endColumn: null, message: '', fingerprint: ruleId, docsUrl: '' }
}

test('fix first: by the most severe finding, then incident items, sections 1–3, the rest; one entry per rule', () => {
  const list = fixFirst([
    f('mcp-review-overdue', 'low', 30),
    f('claude-md-too-long', 'medium', 17),
    f('pwn-request', 'critical', null),
    f('no-turn-limit', 'high', 9),
    f('no-turn-limit', 'high', 9),
    f('mcp-unpinned', 'critical', 28),
    f('model-not-pinned', 'medium', 11)
  ])
  assert.deepEqual(
    list.map((x) => [x.ruleId, x.priority, x.findings]),
    [
      ['mcp-unpinned', 'incident', 1],
      ['pwn-request', 'other', 1],
      ['no-turn-limit', 'incident', 2],
      ['model-not-pinned', 'blocking', 1],
      ['claude-md-too-long', 'blocking', 1],
      ['mcp-review-overdue', 'other', 1]
    ]
  )
  assert.ok(list[0].remedy?.after.includes('@'))
  assert.match(list[0].docsUrl, /docs\/rules\/mcp-unpinned\.md$/)
})

test('fix first: "history was not scanned" (no file) is not an item; a leaked key in history is', () => {
  const leaked = { ...f('secret-in-git-history', 'critical', 6), file: 'CLAUDE.md', line: 3 }
  assert.deepEqual(fixFirst([f('secret-in-git-history', 'medium', 6)]), [])
  assert.deepEqual(
    fixFirst([f('secret-in-git-history', 'medium', 6), leaked]).map((x) => [x.ruleId, x.findings]),
    [['secret-in-git-history', 1]]
  )
})
