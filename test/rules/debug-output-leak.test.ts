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
