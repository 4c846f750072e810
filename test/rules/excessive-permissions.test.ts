import { test } from 'node:test'
import assert from 'node:assert/strict'
import { runRule, expectFindings } from './harness.js'
import { shellParseCalls } from '../../src/shell/parse.js'

const RULE = 'excessive-permissions'
const F = '.github/workflows/claude.yml'

test('excessive-permissions: no permissions block anywhere, write-all at workflow and job level', async () => {
  const findings = await runRule(RULE, {
    [F]: `on: issue_comment
jobs:
  claude: # NOT OK: repository default
    runs-on: ubuntu-latest
    steps:
      - uses: anthropics/claude-code-action@v1
  build: # OK: does not run Claude
    steps:
      - run: npm test
`,
    '.github/workflows/all.yml': `on: pull_request
permissions: write-all # NOT OK
jobs:
  a:
    steps:
      - uses: anthropics/claude-code-action@v1
  b:
    steps:
      - run: claude -p "x"
  c:
    permissions: write-all # NOT OK
    steps:
      - uses: anthropics/claude-code-action@v1
`
  })
  expectFindings(findings, [
    {
      file: '.github/workflows/all.yml',
      line: 2,
      column: 14,
      endColumn: 23,
      severity: 'medium',
      message: '`permissions: write-all` gives the token of every job of this workflow'
    },
    { line: 11, column: 18, endColumn: 27, message: 'gives the token of job c write access' },
    {
      file: F,
      line: 3,
      column: 3,
      endColumn: 9,
      severity: 'medium',
      message: 'job claude runs Claude with no `permissions:` block'
    }
  ])
})

test('excessive-permissions: writes outside what the Claude action uses, in a job that only runs Claude', async () => {
  const findings = await runRule(RULE, {
    [F]: `on: pull_request
permissions:
  contents: write # OK: the action commits
  pull-requests: write # OK
  id-token: write # OK
  packages: write # NOT OK
jobs:
  review:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - uses: anthropics/claude-code-action@v1
        with: {prompt: review}
  publish:
    permissions: {contents: read, packages: write, actions: write} # OK: other steps may need them
    steps:
      - uses: anthropics/claude-code-action@v1
        with: {prompt: notes}
      - run: docker push ghcr.io/acme/x
`
  })
  expectFindings(findings, [
    {
      line: 6,
      column: 3,
      endColumn: 18,
      confidence: 'medium',
      message: '`packages: write` is granted to job review, whose only work is running Claude'
    }
  ])
})

test('excessive-permissions: least privilege, called workflows and malformed files pass', async () => {
  const findings = await runRule(RULE, {
    [F]: `on: issue_comment
permissions: {}
jobs:
  claude:
    permissions:
      contents: read
      issues: write
    steps:
      - uses: anthropics/claude-code-action@v1
`,
    '.github/workflows/called.yml': `on: workflow_call
jobs:
  notes:
    steps:
      - uses: anthropics/claude-code-action@v1
        with: {prompt: notes}
`,
    '.github/workflows/read.yml': `on: push
permissions: read-all
jobs:
  x:
    steps:
      - run: claude -p "summarise"
`,
    '.github/workflows/bad.yml': 'permissions: [\n'
  })
  expectFindings(findings, [])
})

test('excessive-permissions: a job that installs Claude Code and runs claude -p (line continuations too) needs no extra writes', async () => {
  const findings = await runRule(RULE, {
    [F]: `on:
  schedule:
    - cron: "0 3 * * *"
permissions:
  contents: read
  packages: write # NOT OK
  actions: write # NOT OK
jobs:
  nightly:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - run: npm i -g @anthropic-ai/claude-code@2.1.300
      - env:
          ANTHROPIC_API_KEY: \${{ secrets.ANTHROPIC_API_KEY }}
        run: |
          set -euo pipefail
          claude -p "Write a summary of yesterday's commits" \\
            --max-turns 5 \\
            --model claude-sonnet-4-6
`,
    '.github/workflows/other.yml': `on: schedule
jobs:
  publish:
    permissions: {contents: read, packages: write} # OK: the job also publishes
    steps:
      - run: npm i -g @anthropic-ai/claude-code
      - run: claude -p "write notes" --max-turns 3
      - run: npm install -g @anthropic-ai/claude-code some-other-tool && npm publish
`
  })
  expectFindings(findings, [
    {
      file: F,
      line: 6,
      column: 3,
      severity: 'medium',
      confidence: 'medium',
      message:
        '`packages: write` is granted to job nightly, whose only work is running Claude: Claude Code does not write packages on its own, so the grant only widens what a prompt-injected agent can do'
    },
    { line: 7, column: 3, severity: 'medium', message: '`actions: write` is granted to job nightly' }
  ])
})

test('excessive-permissions: a caller without permissions of a reusable workflow in this repository that runs Claude', async () => {
  const findings = await runRule(RULE, {
    '.github/workflows/caller.yml': `on: pull_request
jobs:
  claude: # NOT OK: the called workflow's token is the repository default
    uses: ./.github/workflows/claude-reusable.yml
    secrets: inherit
  scoped: # OK: the caller sets it
    permissions: {contents: read, pull-requests: write}
    uses: ./.github/workflows/claude-reusable.yml
  lint: # OK: the called workflow does not run Claude
    uses: ./.github/workflows/lint.yml
  remote: # OK here: another repository's workflow cannot be read
    uses: acme/shared/.github/workflows/claude.yml@v1
`,
    '.github/workflows/claude-reusable.yml': `on:
  workflow_call:
jobs:
  run: # OK: its token is set by the caller
    runs-on: ubuntu-latest
    steps:
      - run: claude -p "review" --max-turns 3
`,
    '.github/workflows/lint.yml': `on: workflow_call
jobs:
  lint:
    steps:
      - run: npm run lint
`
  })
  expectFindings(findings, [
    {
      file: '.github/workflows/caller.yml',
      line: 3,
      column: 3,
      endColumn: 9,
      severity: 'medium',
      message:
        'job claude calls .github/workflows/claude-reusable.yml, which runs Claude in job run, with no `permissions:` block here, at workflow level or in the called workflow'
    }
  ])
})

test('excessive-permissions: run scripts are parsed only for a job granted a write the Claude action does not use', async () => {
  const wf = (perms: string): Record<string, string> => ({
    [F]: `on: pull_request
jobs:
  review:
    runs-on: ubuntu-latest
    permissions: {${perms}}
    steps:
      - uses: actions/checkout@v4
      - run: |
          echo "reviewing"
          claude -p "review the diff"
`
  })
  // Only scopes the Claude action writes (or reads): nothing can be reported, so the script is not read.
  const before = shellParseCalls()
  expectFindings(await runRule(RULE, wf('contents: write, pull-requests: write, actions: read')), [])
  assert.equal(shellParseCalls() - before, 1, 'only the model parses the script (to find the claude -p run)')
  // A write outside them: the script is read, and it only runs Claude.
  const before2 = shellParseCalls()
  expectFindings(await runRule(RULE, wf('contents: write, actions: write')), [
    {
      line: 5,
      column: 36,
      endColumn: 50,
      confidence: 'medium',
      message: '`actions: write` is granted to job review, whose only work is running Claude'
    }
  ])
  assert.equal(shellParseCalls() - before2, 2)
})
