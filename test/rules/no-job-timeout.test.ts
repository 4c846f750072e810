import { test } from 'node:test'
import { runRule, expectFindings } from './harness.js'

const RULE = 'no-job-timeout'

test('no-job-timeout: jobs running Claude without timeout-minutes, once per job', async () => {
  const findings = await runRule(RULE, {
    '.github/workflows/claude.yml': `on: [issue_comment]
jobs:
  claude: # NOT OK: no timeout
    runs-on: ubuntu-latest
    steps:
      - uses: anthropics/claude-code-action@v1
        with:
          prompt: review
      - uses: anthropics/claude-code-action@v1
  bounded: # OK
    runs-on: ubuntu-latest
    timeout-minutes: 20
    steps:
      - uses: anthropics/claude-code-action@v1
  cli: # NOT OK: claude -p counts too
    runs-on: ubuntu-latest
    steps:
      - run: |
          npm ci
          claude -p "summarise" --max-turns 3
  other: # OK: does not run Claude
    runs-on: ubuntu-latest
    steps:
      - run: npm test
`
  })
  expectFindings(findings, [
    { file: '.github/workflows/claude.yml', line: 3, column: 3, endLine: 3, endColumn: 9, severity: 'medium', message: 'job claude runs Claude' },
    { file: '.github/workflows/claude.yml', line: 15, column: 3, message: 'job cli runs Claude' }
  ])
})

test('no-job-timeout: the base action and npx @anthropic-ai/claude-code -p', async () => {
  const findings = await runRule(RULE, {
    '.github/workflows/nightly.yml': `on:
  schedule:
    - cron: '0 3 * * *'
jobs:
  base:
    runs-on: ubuntu-latest
    steps:
      - uses: anthropics/claude-code-base-action@beta
        with: { prompt: "triage" }
  npx:
    runs-on: ubuntu-latest
    steps:
      - run: npx -y @anthropic-ai/claude-code@2.1.0 --print "hello"
  interactive: # OK: claude without -p is not a CI run
    runs-on: ubuntu-latest
    steps:
      - run: claude --version
`
  })
  expectFindings(findings, [
    { line: 5, column: 3, message: 'job base' },
    { line: 10, column: 3, message: 'job npx' }
  ])
})
