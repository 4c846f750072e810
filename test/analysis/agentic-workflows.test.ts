import { test } from 'node:test'
import { runRule, expectFindings } from '../rules/harness.js'

const SRC = '.github/workflows/triage.md'
const fixture = {
  [SRC]: `---
on:
  issues:
    types: [opened]
roles: all
permissions:
  contents: read
engine: claude
tools:
  bash: [":*"]
safe-outputs:
  add-comment:
---
# Triage

Label the issue.
`,
  '.github/workflows/triage.lock.yml': `on:
  issues:
    types: [opened]
jobs:
  agent:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - run: claude --print --dangerously-skip-permissions "$(cat prompt.md)"
`,
  '.github/workflows/capped.md': `---
on: issue_comment
engine:
  id: claude
  max-turns: 10
  model: claude-sonnet-4-6
---
Reply.
`,
  '.github/workflows/copilot.md': `---
on: issues
roles: all
engine: copilot
---
Not Claude.
`
}

test('gh-aw: Claude-engine sources are audited at the frontmatter; their lock file is not audited again', async () => {
  expectFindings(await runRule('no-turn-limit', fixture), [
    { file: SRC, line: 8, column: 1, endColumn: 15, severity: 'high', message: 'agentic workflow .github/workflows/triage.md runs the Claude engine with no `max-turns`' }
  ])
  expectFindings(await runRule('model-not-pinned', fixture), [{ file: SRC, line: 8, column: 1 }])
  expectFindings(await runRule('untrusted-trigger', fixture), [
    { file: SRC, line: 5, column: 1, endColumn: 11, message: 'sets `roles: all` and runs on issues' }
  ])
})

test('gh-aw: without a Claude source, a lock file is an ordinary workflow', async () => {
  const findings = await runRule('no-turn-limit', {
    '.github/workflows/triage.lock.yml': fixture['.github/workflows/triage.lock.yml']
  })
  expectFindings(findings, [{ file: '.github/workflows/triage.lock.yml', line: 9, column: 14 }])
})
