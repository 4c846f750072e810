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

test('no-job-timeout: a step timeout on every step that runs Claude bounds the job', async () => {
  const findings = await runRule(RULE, {
    '.github/workflows/claude.yml': `on: pull_request
jobs:
  step-bounded: # OK
    runs-on: ubuntu-latest
    steps:
      - run: npm ci
      - uses: anthropics/claude-code-action@v1
        timeout-minutes: 15
        with: { prompt: review }
      - run: claude -p "summarise" --max-turns 3
        timeout-minutes: 5
  half-bounded: # NOT OK: the second Claude step has no timeout
    runs-on: ubuntu-latest
    steps:
      - uses: anthropics/claude-code-action@v1
        timeout-minutes: 15
        with: { prompt: review }
      - run: claude -p "summarise" --max-turns 3
  other-step: # NOT OK: a timeout on another step does not bound Claude
    runs-on: ubuntu-latest
    steps:
      - run: npm ci
        timeout-minutes: 5
      - uses: anthropics/claude-code-action@v1
        with: { prompt: review }
`
  })
  expectFindings(findings, [
    {
      file: '.github/workflows/claude.yml',
      line: 12,
      column: 3,
      severity: 'medium',
      message: 'job half-bounded runs Claude without `timeout-minutes` (on the job or on the step that runs Claude) or a `timeout` around the command'
    },
    { file: '.github/workflows/claude.yml', line: 19, column: 3, message: 'job other-step runs Claude without' }
  ])
})

test('no-job-timeout: coreutils timeout with a duration around every claude -p command bounds the job', async () => {
  const findings = await runRule(RULE, {
    '.github/workflows/claude.yml': `on: pull_request
jobs:
  wrapped: # OK
    runs-on: ubuntu-latest
    steps:
      - run: |
          timeout 600 claude -p "summarise" --max-turns 3
          timeout -k 10 --preserve-status 30m npx @anthropic-ai/claude-code -p "review"
  one-unwrapped: # NOT OK: the second command is not wrapped
    runs-on: ubuntu-latest
    steps:
      - run: timeout 600 claude -p "summarise"
      - run: claude -p "review"
  zero: # NOT OK: timeout 0 never expires
    runs-on: ubuntu-latest
    steps:
      - run: timeout 0 claude -p "summarise"
`
  })
  expectFindings(findings, [
    { file: '.github/workflows/claude.yml', line: 9, column: 3, severity: 'medium', message: 'job one-unwrapped runs Claude without `timeout-minutes`' },
    { line: 14, column: 3, severity: 'medium', message: 'job zero runs Claude without `timeout-minutes`' }
  ])
})

test('no-job-timeout: a v0 release of the Claude action stops Claude at its timeout_minutes (default 30): low, the rest of the job is unbounded', async () => {
  const findings = await runRule('no-job-timeout', {
    '.github/workflows/claude.yml': `on: issues
jobs:
  beta:
    runs-on: ubuntu-latest
    steps:
      - uses: anthropics/claude-code-action@beta
        with:
          direct_prompt: triage
  v0:
    runs-on: ubuntu-latest
    steps:
      - uses: anthropics/claude-code-action@v0.0.63
        with:
          direct_prompt: triage
          timeout_minutes: "20"
  v1:
    runs-on: ubuntu-latest
    steps:
      - uses: anthropics/claude-code-action@v1
        with:
          prompt: triage
`
  })
  expectFindings(findings, [
    {
      line: 3,
      column: 3,
      severity: 'low',
      message:
        "job beta has no `timeout-minutes`: @beta (a v0 release of the Claude action) stops Claude after its `timeout_minutes` (30 minutes, its default), but the job's other steps can still run for GitHub's default of 360 minutes"
    },
    { line: 9, column: 3, severity: 'low', message: 'job v0 has no `timeout-minutes`: @v0.0.63 (a v0 release of the Claude action) stops Claude after its `timeout_minutes` (20 minutes)' },
    { line: 16, column: 3, severity: 'medium', message: 'job v1 runs Claude without `timeout-minutes`' }
  ])
})
