/**
 * Inline suppressions that do nothing are said: a typo in the rule id
 * (`ignore[secret-inherit]`) and a suppression with nothing to suppress.
 */
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { rmSync } from 'node:fs'
import { runAudit } from '../src/audit.js'
import { inlineSuppressions } from '../src/core/suppressions.js'
import { SourceFile } from '../src/parse/source.js'
import { writeFixture } from './rules/harness.js'

const WORKFLOW = `name: Claude
on:
  pull_request:
jobs:
  call:
    uses: ./.github/workflows/build.yml
    # claude-code-audit:ignore[secret-inherit]
    secrets: inherit
  other:
    uses: ./.github/workflows/build.yml
    # claude-code-audit:ignore[secrets-inherit]
    secrets: inherit
  third:
    # claude-code-audit:ignore[no-job-timeout]
    runs-on: ubuntu-latest
    steps:
      - run: echo hi
`

test('unknown rule ids in inline suppressions are reported, and unused suppressions listed', async () => {
  const dir = writeFixture({ '.github/workflows/claude.yml': WORKFLOW })
  try {
    const r = await runAudit({ root: dir })
    assert.deepEqual(r.findings.map((f) => [f.ruleId, f.line]), [['secrets-inherit', 8]])
    assert.deepEqual(r.notices, [
      'Inline suppressions name rules that do not exist, so they suppress nothing: `secret-inherit` (.github/workflows/claude.yml:7). `--list-rules` lists the rule ids.',
      'Inline suppressions with no finding to suppress on their line or the next: `no-job-timeout` (.github/workflows/claude.yml:14).'
    ])
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
})

test('inline suppressions are found in linear time on hostile text', () => {
  const text = 'claude-code-audit:ignore['.repeat(100_000) + '\n# claude-code-audit: ignore[a, b]\n'
  const found = inlineSuppressions(new SourceFile('x.md', text))
  assert.deepEqual(found, [{ file: 'x.md', line: 2, ids: ['a', 'b'] }])
})
