import { test } from 'node:test'
import { runRule, expectFindings } from './harness.js'

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
