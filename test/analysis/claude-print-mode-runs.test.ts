import { test } from 'node:test'
import { runRule, expectFindings } from '../rules/harness.js'
import { prepareCodeParsing } from '../../src/parse/code.js'

// printWhenStdoutNotTty (src/facts/versions.ts): Claude Code runs in print mode whenever its stdout is not a TTY,
// `-p` or not. A GitHub Actions step has no TTY, so a prompt given without `-p` is an unattended run.

const W = '.github/workflows/ai.yml'
const T = { timeout: 240_000 }

const FIXTURE = {
  [W]: `on: pull_request
jobs:
  a:
    runs-on: ubuntu-latest
    steps:
      - run: |
          echo "$P" | claude --output-format json
      - run: claude "fix the bug"
      - run: python scripts/review.py
      - run: claude --version # OK: prints the version
      - run: claude mcp add github -- npx -y server-github # OK: a command of the CLI, no session
      - run: claude --output-format json # OK: no prompt, the CLI stops with an error
`,
  // Run by the workflow: the prompt on stdin, the output captured, no -p.
  'scripts/review.py': `import subprocess
def review(prompt):
    return subprocess.run(["claude", "--output-format", "json"], input=prompt, capture_output=True, text=True)
`,
  // No workflow runs these: a person at a terminal may.
  'tools/ask.sh': `#!/bin/bash
claude "what does this repo do?" # OK: interactive at a terminal
answer=$(claude "summarise the diff")
`,
  'tools/ask.py': `import subprocess
subprocess.run(["claude", "explain"])  # OK: stdout inherited, interactive at a terminal
out = subprocess.check_output(["claude", "--model", "claude-sonnet-4-5"], input=b"x")
`
}

test('print mode without -p: a prompt on stdin or as an operand in a workflow step is an unattended run (no-turn-limit)', T, async () => {
  await prepareCodeParsing()
  expectFindings(await runRule('no-turn-limit', FIXTURE), [
    { file: W, line: 7, column: 23, endColumn: 50, message: 'unattended Claude run in job a has no `--max-turns`' },
    { file: W, line: 8, column: 14, endColumn: 34, message: 'unattended Claude run in job a has no `--max-turns`' },
    { file: 'scripts/review.py', line: 3, column: 28, endColumn: 63, message: 'unattended Claude run in job a has no `--max-turns`' },
    // Output captured: print mode wherever the file runs.
    {
      file: 'tools/ask.py',
      line: 3,
      column: 32,
      endColumn: 72,
      message: '`claude` in print mode (no `-p`, but its output is captured) started by tools/ask.py has no `--max-turns`'
    },
    {
      file: 'tools/ask.sh',
      line: 3,
      column: 10,
      endColumn: 37,
      message: '`claude` in print mode (no `-p`, but its output is captured) started by tools/ask.sh has no `--max-turns`'
    }
  ])
})

test('print mode without -p: such runs are judged for a model too (model-not-pinned)', T, async () => {
  await prepareCodeParsing()
  expectFindings(await runRule('model-not-pinned', FIXTURE), [
    { file: W, line: 7, column: 23, endColumn: 50, message: 'Claude run in job a does not choose a model' },
    { file: W, line: 8, column: 14, endColumn: 34, message: 'Claude run in job a does not choose a model' },
    { file: 'scripts/review.py', line: 3, column: 28, endColumn: 63, message: 'Claude run in job a does not choose a model' },
    // No workflow runs it, its output is captured: print mode wherever it runs (tools/ask.py names its model).
    {
      file: 'tools/ask.sh',
      line: 3,
      column: 10,
      endColumn: 37,
      severity: 'medium',
      message: '`claude` in print mode (no `-p`, but its output is captured) started by tools/ask.sh does not choose a model'
    }
  ])
})

test('print mode without -p: outsider text piped in as the prompt, and the captured output run as code', async () => {
  const files = {
    [W]: `on: issue_comment
jobs:
  a:
    runs-on: ubuntu-latest
    permissions: { contents: read }
    steps:
      - run: |
          echo "Triage: $BODY" | claude --output-format json --allowedTools Bash
        env:
          BODY: \${{ github.event.comment.body }}
      - id: ai
        run: |
          out=$(claude "summarise $BODY")
          echo "out=$out" >> "$GITHUB_OUTPUT"
        env:
          BODY: \${{ github.event.comment.body }}
      - run: \${{ steps.ai.outputs.out }}
`
  }
  expectFindings(await runRule('template-injection', files), [
    { file: W, line: 8, column: 25, endColumn: 30, message: 'reaches the prompt (on standard input) of `claude -p` in job a as `$BODY`' },
    { file: W, line: 13, column: 35, endColumn: 40, message: 'reaches the prompt of `claude -p` in job a as `$BODY`' }
  ])
  expectFindings(await runRule('agent-output-executed', files), [
    { file: W, line: 17, column: 14, endColumn: 41, message: '`steps.ai.outputs.out`, text the Claude agent produced in job a, is spliced into the `run:` script' }
  ])
  expectFindings(await runRule('untrusted-trigger', files), [
    { file: W, line: 8, column: 34, endColumn: 81, message: 'runs on issue_comment in job a with no condition' },
    { file: W, line: 13, column: 17, endColumn: 41, message: 'runs on issue_comment in job a with no condition' }
  ])
})
