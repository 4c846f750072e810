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
  '.github/workflows/top-level-model.md': `---
on: workflow_dispatch
model: claude-opus-5?effort=medium
engine:
  id: claude
  max-turns: 10
---
Analyse.
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
    // gh-aw bounds the agent step (20 minutes by default), as a short timeout-minutes bounds other runs.
    { file: SRC, line: 8, column: 1, endColumn: 15, severity: 'medium', message: "agentic workflow .github/workflows/triage.md runs the Claude engine with no `max-turns` (or `max-ai-credits`) cap: only the 20-minute timeout of the agent step (gh-aw's default) stops" }
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

test('gh-aw: write scopes in the frontmatter hand a write token to the agent job (excessive-permissions)', async () => {
  const findings = await runRule('excessive-permissions', {
    '.github/workflows/fix.md': `---
on: issues
permissions:
  contents: write
  issues: read
  id-token: write
  copilot-requests: write
engine: claude
safe-outputs:
  add-comment:
---
Fix it.
`,
    '.github/workflows/all.md': `---
on: issue_comment
permissions: write-all
engine: { id: claude }
---
Reply.
`,
    // OK: strict mode refuses to compile write scopes, so this never runs.
    '.github/workflows/strict.md': `---
on: issues
strict: true
permissions:
  issues: write
engine: claude
---
Label.
`,
    // OK: read-only agent job, writes through safe outputs.
    '.github/workflows/triage.md': fixture[SRC],
    // OK: not the Claude engine.
    '.github/workflows/other.md': `---
on: issues
permissions: write-all
engine: copilot
---
x
`
  })
  expectFindings(findings, [
    { file: '.github/workflows/all.md', line: 3, column: 14, endColumn: 23, severity: 'medium', message: 'agentic workflow .github/workflows/all.md grants `write-all` to the agent job' },
    // id-token and copilot-requests are write-only scopes, not repository writes.
    { file: '.github/workflows/fix.md', line: 4, column: 3, endColumn: 18, severity: 'medium', message: 'grants `contents: write` to the agent job, where Claude runs' }
  ])
})
