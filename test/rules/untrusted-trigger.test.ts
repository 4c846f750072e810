import { test } from 'node:test'
import { runRule, expectFindings } from './harness.js'

const RULE = 'untrusted-trigger'
const F = '.github/workflows/claude.yml'

test('untrusted-trigger: wildcard allowed_non_write_users and allowed_bots', async () => {
  const findings = await runRule(RULE, {
    [F]: `on:
  issues:
    types: [opened]
jobs:
  triage:
    runs-on: ubuntu-latest
    steps:
      - uses: anthropics/claude-code-action@v1
        with:
          prompt: triage
          allowed_non_write_users: "*" # NOT OK
          allowed_bots: '*' # NOT OK
      - uses: anthropics/claude-code-action@v1
        with:
          allowed_non_write_users: alice,bob # OK: named users
          allowed_bots: "dependabot[bot]" # OK
`
  })
  expectFindings(findings, [
    {
      file: F,
      line: 11,
      column: 36,
      endColumn: 39,
      severity: 'high',
      message: 'anyone who can fire issues can start Claude'
    },
    { line: 12, column: 25, endColumn: 28, severity: 'high', message: '`allowed_bots: "*"` lets any GitHub App' }
  ])
})

test('untrusted-trigger: wildcard on a workflow outsiders cannot start is medium', async () => {
  const findings = await runRule(RULE, {
    [F]: `on:
  workflow_dispatch:
  schedule: [{cron: '0 4 * * 1'}]
  issues:
    types: [labeled] # only triagers can label
jobs:
  digest:
    steps:
      - uses: anthropics/claude-code-action@v1
        with: {prompt: digest, allowed_non_write_users: '*'} # NOT OK (medium)
`
  })
  expectFindings(findings, [
    {
      line: 10,
      column: 57,
      endColumn: 60,
      severity: 'medium',
      message: 'once an issue or comment trigger is added, anyone'
    }
  ])
})

test('untrusted-trigger: base action and claude -p on comment events need an author-association gate', async () => {
  const findings = await runRule(RULE, {
    [F]: `on: [issue_comment, pull_request_review_comment]
jobs:
  open:
    runs-on: ubuntu-latest
    steps:
      - uses: anthropics/claude-code-base-action@v1 # NOT OK
        with:
          prompt: \${{ github.event.comment.body }}
      - run: |
          npm ci
          claude -p "answer the comment" --max-turns 5 # NOT OK
  gated:
    if: contains(fromJSON('["OWNER","MEMBER","COLLABORATOR"]'), github.event.comment.author_association)
    runs-on: ubuntu-latest
    steps:
      - uses: anthropics/claude-code-base-action@v1 # OK
        with:
          prompt: hi
  checked:
    runs-on: ubuntu-latest
    steps:
      - uses: actions-cool/check-user-permission@v2
        id: perm
      - uses: anthropics/claude-code-base-action@v1 # OK: permission step before
        if: steps.perm.outputs.require-result == 'true'
        with:
          prompt: hi
  full:
    steps:
      - uses: anthropics/claude-code-action@v1 # OK: the action checks write access itself
`
  })
  expectFindings(findings, [
    {
      line: 6,
      column: 9,
      severity: 'high',
      message: 'claude-code-base-action runs on issue_comment, pull_request_review_comment in job open'
    },
    { line: 11, column: 11, message: '`claude -p` runs on issue_comment, pull_request_review_comment' }
  ])
})

test('untrusted-trigger: maintainer-only events and dispatch do not need a gate; malformed input is ignored', async () => {
  const findings = await runRule(RULE, {
    [F]: `on:
  workflow_dispatch:
  pull_request:
  issues:
    types: [assigned, labeled]
jobs:
  run:
    steps:
      - uses: anthropics/claude-code-base-action@v1 # OK
        with:
          prompt: hi
      - uses: anthropics/claude-code-action@v1
        with:
          allowed_non_write_users: \${{ vars.USERS }} # OK: not a literal wildcard
`,
    '.github/workflows/bad.yml': 'on: [issues\n'
  })
  expectFindings(findings, [])
})
