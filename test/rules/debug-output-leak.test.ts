import { test } from 'node:test'
import { runRule, expectFindings } from './harness.js'

const RULE = 'debug-output-leak'
const F = '.github/workflows/review.yml'

test('debug-output-leak: show_full_output true (boolean or string) on the Claude actions', async () => {
  const findings = await runRule(RULE, {
    [F]: `on: pull_request
jobs:
  review:
    runs-on: ubuntu-latest
    steps:
      - uses: anthropics/claude-code-action@v1
        with:
          prompt: review
          show_full_output: true # NOT OK
      - uses: anthropics/claude-code-base-action@v1
        with: {prompt: x, show_full_output: "true"} # NOT OK
`
  })
  expectFindings(findings, [
    {
      file: F,
      line: 9,
      column: 29,
      endColumn: 33,
      severity: 'medium',
      message: '`show_full_output: true` in job review writes every message'
    },
    { line: 11, column: 45, endColumn: 51, severity: 'medium' }
  ])
})

test('debug-output-leak: off, an expression toggle, other actions and malformed files pass', async () => {
  const findings = await runRule(RULE, {
    [F]: `on: workflow_dispatch
jobs:
  a:
    steps:
      - uses: anthropics/claude-code-action@v1
        with:
          show_full_output: false # OK
      - uses: anthropics/claude-code-action@v1
        with:
          show_full_output: \${{ inputs.debug }} # OK: opt-in toggle
      - uses: other/action@v1
        with:
          show_full_output: true # OK: not Claude
`,
    '.github/workflows/bad.yml': 'jobs: ['
  })
  expectFindings(findings, [])
})

test('debug-output-leak: ACTIONS_STEP_DEBUG true in workflow, job or step env, or $GITHUB_ENV', async () => {
  const findings = await runRule(RULE, {
    [F]: `on: pull_request
env:
  ACTIONS_STEP_DEBUG: true # NOT OK: covers jobs a and b, reported once
jobs:
  a:
    runs-on: ubuntu-latest
    steps:
      - uses: anthropics/claude-code-action@v1
        with: { prompt: review }
  b:
    runs-on: ubuntu-latest
    steps:
      - uses: anthropics/claude-code-base-action@v1
        with: { prompt: review }
      - uses: anthropics/claude-code-action@v1 # OK: the step turns it off
        env: { ACTIONS_STEP_DEBUG: "false" }
        with: { prompt: review }
      - run: claude -p "hi" # OK: not the action
`,
    '.github/workflows/other.yml': `on: pull_request
jobs:
  c:
    runs-on: ubuntu-latest
    env:
      ACTIONS_STEP_DEBUG: \${{ secrets.ACTIONS_STEP_DEBUG }} # OK: not in the file
    steps:
      - uses: anthropics/claude-code-action@v1
        with: { prompt: review }
  d:
    runs-on: ubuntu-latest
    steps:
      - run: echo "ACTIONS_STEP_DEBUG=true" >> "$GITHUB_ENV" # NOT OK
      - uses: anthropics/claude-code-action@v1
        with: { prompt: review }
  e:
    runs-on: ubuntu-latest
    steps:
      - uses: anthropics/claude-code-action@v1
        env:
          ACTIONS_STEP_DEBUG: 'true' # NOT OK
        with: { prompt: review }
      - uses: anthropics/claude-code-action@v1 # one finding: show_full_output
        env:
          ACTIONS_STEP_DEBUG: true
        with: { prompt: review, show_full_output: true }
`
  })
  expectFindings(findings, [
    {
      file: '.github/workflows/other.yml',
      line: 13,
      column: 20,
      endColumn: 38,
      severity: 'medium',
      message: '`ACTIONS_STEP_DEBUG` set to `true` in `$GITHUB_ENV` by step 1 of job d turns on the full output of the Claude action in job d'
    },
    {
      file: '.github/workflows/other.yml',
      line: 21,
      column: 11,
      message: 'in the `env:` of the Claude step turns on the full output of the Claude action in job e'
    },
    { file: '.github/workflows/other.yml', line: 26, column: 51, message: '`show_full_output: true` in job e' },
    {
      file: F,
      line: 3,
      column: 3,
      severity: 'medium',
      message:
        '`ACTIONS_STEP_DEBUG` set to `true` in the workflow `env:` turns on the full output of the Claude action in jobs a, b (as `show_full_output: true` does)'
    }
  ])
})
