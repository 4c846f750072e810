import { test } from 'node:test'
import assert from 'node:assert/strict'
import { runRule, expectFindings } from './harness.js'
import { actionRelease } from '../../src/facts/versions.js'

const RULE = 'vulnerable-claude-action'
const F = '.github/workflows/claude.yml'

test('vulnerable-claude-action: tags and release commits below the advisory fixes', async () => {
  const findings = await runRule(RULE, {
    [F]: `on: pull_request
jobs:
  review:
    runs-on: ubuntu-latest
    steps:
      - uses: anthropics/claude-code-action@v1.0.28 # NOT OK: below 1.0.29 and 1.0.78
        with:
          prompt: review
      - uses: anthropics/claude-code-action@1b422b3517b51140e4484faab676c5e68b914866 # NOT OK: v1.0.73
      - uses: "anthropics/claude-code-action@1.0.77" # NOT OK: below 1.0.78
      - uses: anthropics/claude-code-base-action@v0.0.63 # NOT OK: the separate repository has no fixed release
      - uses: anthropics/claude-code-action@v1.0.78 # OK: no control of the list is used
      - uses: anthropics/claude-code-action@v1 # OK: a moving tag is unpinned-action's
      - uses: anthropics/claude-code-action@main # OK: a branch
      - uses: anthropics/claude-code-action@0123456789abcdef0123456789abcdef01234567 # OK: no release points at it
      - uses: anthropics/claude-code-action@24dcd50c0568f0fc9e9211213a4fd2d9eb15c4e0 # OK: v1.0.200
`
  })
  expectFindings(findings, [
    {
      file: F,
      line: 6,
      column: 45,
      endColumn: 52,
      severity: 'high',
      message:
        'job review in .github/workflows/claude.yml runs claude-code-action v1.0.28, older than the claude-code-action releases that fix published advisories: CVE-2025-66414 / GHSA-w48q-cv73-mx4w, fixed in v1.0.29; CVE-2026-47751 / GHSA-8q5r-mmjf-575q (a pull request\'s `.mcp.json` runs on the runner), fixed in v1.0.78; upgrade to v1.0.78 or later'
    },
    {
      line: 9,
      column: 45,
      endColumn: 85,
      severity: 'high',
      message:
        'runs claude-code-action v1.0.73 (commit 1b422b3517b5 is that release), older than the claude-code-action releases that fix published advisories: CVE-2026-47751 / GHSA-8q5r-mmjf-575q (a pull request\'s `.mcp.json` runs on the runner), fixed in v1.0.78; upgrade to v1.0.78 or later'
    },
    { line: 10, column: 46, endColumn: 52, severity: 'high', message: 'runs claude-code-action v1.0.77, older than' },
    {
      line: 11,
      column: 50,
      endColumn: 57,
      severity: 'high',
      message:
        'runs claude-code-base-action v0.0.63, older than the claude-code-action releases that fix published advisories: CVE-2025-66414 / GHSA-w48q-cv73-mx4w, fixed in v1.0.29; CVE-2026-47751'
    }
  ])
  assert.match(findings[3].message, /upgrade to anthropics\/claude-code-action\/base-action v1\.0\.78 or later$/)
})

test('vulnerable-claude-action: controls that did not work, only where the workflow relies on them', async () => {
  const findings = await runRule(RULE, {
    '.github/workflows/a.yml': `on:
  workflow_run:
    workflows: [ci]
    types: [completed]
jobs:
  fix:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - uses: anthropics/claude-code-action@v1.0.184 # NOT OK: medium, three controls
        with:
          prompt: fix
          claude_args: --max-turns 5
      - uses: anthropics/claude-code-action@v1.0.50 # NOT OK: high, and the controls too
        with:
          prompt: fix
`,
    '.github/workflows/b.yml': `on: issue_comment
jobs:
  answer:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
        with:
          persist-credentials: false
      - uses: anthropics/claude-code-action@v1.0.100 # OK: no max-turns, no persisted credential, no workflow_run
        with:
          prompt: answer
      - uses: anthropics/claude-code-action@v1.0.196 # OK: 1.0.196 enforces --max-turns
        with:
          prompt: answer
          claude_args: --max-turns 3
  old-checkout:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@11bd71901bbe5b1630ceea73d27597364c9af683 # v4.2.2
      - uses: anthropics/claude-code-action@v1.0.190 # OK: checkout before 4.3.1 keeps the credential in .git/config, which the cleanup handled
        with:
          prompt: answer
  new-checkout:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4.3.1
      - uses: anthropics/claude-code-action@v1.0.190 # NOT OK: medium, the credential file of checkout 4.3.1
        with:
          prompt: answer
`
  })
  expectFindings(findings, [
    {
      file: '.github/workflows/a.yml',
      line: 10,
      column: 45,
      endColumn: 53,
      severity: 'medium',
      message:
        'job fix in .github/workflows/a.yml runs claude-code-action v1.0.184, where a control this workflow relies on does not work: `--max-turns` is not enforced before v1.0.188; the checkout credential stays usable by git before v1.0.197; no write-permission check on the actor of `workflow_run` before v1.0.185; upgrade to v1.0.197 or later'
    },
    {
      file: '.github/workflows/a.yml',
      line: 14,
      column: 45,
      severity: 'high',
      message:
        'CVE-2026-47751 / GHSA-8q5r-mmjf-575q (a pull request\'s `.mcp.json` runs on the runner), fixed in v1.0.78; and a control this workflow relies on does not work: the checkout credential stays usable by git before v1.0.197; no write-permission check on the actor of `workflow_run` before v1.0.185; upgrade to v1.0.197 or later'
    },
    {
      file: '.github/workflows/b.yml',
      line: 27,
      column: 45,
      endColumn: 53,
      severity: 'medium',
      message:
        'job new-checkout in .github/workflows/b.yml runs claude-code-action v1.0.190, where a control this workflow relies on does not work: the checkout credential stays usable by git before v1.0.197; upgrade to v1.0.197 or later'
    }
  ])
})

test('vulnerable-claude-action: the release table resolves tags and peeled commits', () => {
  assert.deepEqual(actionRelease('anthropics/claude-code-action@c9ec2b02b40ac0444c6716e51d5e19ef2e0b8d00'), {
    repo: 'anthropics/claude-code-action',
    version: '1.0.28',
    via: 'commit',
    claudeCode: '2.0.76'
  })
  assert.equal(actionRelease('anthropics/claude-code-action@7ff6806c8ebd129a7043b947af920074d3819dc8')?.version, '1.0.188')
  assert.equal(actionRelease('anthropics/claude-code-action@v1.0.200')?.claudeCode, '2.1.240')
  assert.equal(actionRelease('anthropics/claude-code-action/base-action@v1.0.29')?.repo, 'anthropics/claude-code-action')
  assert.equal(actionRelease('anthropics/claude-code-action@v1'), undefined)
  assert.equal(actionRelease('actions/checkout@v4.0.0'), undefined)
})
