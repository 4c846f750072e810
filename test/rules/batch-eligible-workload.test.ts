import { test } from 'node:test'
import { runRule, expectFindings } from './harness.js'

const RULE = 'batch-eligible-workload'
const F = '.github/workflows/nightly.yml'

test('batch-eligible-workload: scheduled single-shot Claude runs and API scripts', async () => {
  const findings = await runRule(RULE, {
    [F]: `on:
  schedule:
    - cron: '0 2 * * *'
jobs:
  summary:
    runs-on: ubuntu-latest
    steps:
      - run: git log --since=1.day > log.txt
      - run: claude -p "summarise log.txt" --max-turns 1 # NOT OK
      - uses: anthropics/claude-code-action@v1 # NOT OK: no tools
        with:
          prompt: classify the open issues
          claude_args: --tools ""
      - uses: anthropics/claude-code-action@v1 # OK: an agent with tools and turns
        with:
          prompt: fix flaky tests
          claude_args: --max-turns 30
  eval:
    runs-on: ubuntu-latest
    steps:
      - name: Run eval sweep
        env:
          ANTHROPIC_API_KEY: \${{ secrets.ANTHROPIC_API_KEY }}
        run: uv run python scripts/eval_all.py # NOT OK (low confidence)
      - name: Batch already
        env:
          ANTHROPIC_API_KEY: \${{ secrets.ANTHROPIC_API_KEY }}
        run: python scripts/submit_batch.py # OK
`
  })
  expectFindings(findings, [
    {
      file: F,
      line: 9,
      column: 14,
      endColumn: 57,
      severity: 'info',
      message: 'scheduled Claude run in job summary is a single request (`--max-turns 1`)'
    },
    { line: 10, column: 9, severity: 'info', message: 'a single request (`--tools ""` gives it no tools)' },
    {
      line: 24,
      column: 9,
      endColumn: 12,
      severity: 'info',
      confidence: 'low',
      message: 'scheduled job eval gives the Anthropic API key to a script (Run eval sweep)'
    }
  ])
})

test('batch-eligible-workload: unscheduled workflows pass', async () => {
  const findings = await runRule(RULE, {
    [F]: `on: [pull_request, workflow_dispatch]
jobs:
  a:
    steps:
      - run: claude -p "summarise" --max-turns 1
      - env: {ANTHROPIC_API_KEY: x}
        run: python eval.py
`
  })
  expectFindings(findings, [])
})
