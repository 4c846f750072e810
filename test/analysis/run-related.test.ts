/**
 * A finding on a Claude run reached through a local action, a repository
 * script or a reusable workflow points at what makes the run happen: the
 * `uses:` or `run:` of the calling step, and the jobs that call the workflow.
 */
import { test } from 'node:test'
import { expectFindings, runRule, type Fixture } from '../rules/harness.js'

const CALLER = `on:
  issue_comment:
    types: [created]
jobs:
  review:
    runs-on: ubuntu-latest
    timeout-minutes: 10
    steps:
      - uses: ./.github/actions/ai-review
      - run: ./scripts/ai-docs.sh
`

const ACTION = `name: ai
runs:
  using: composite
  steps:
    - uses: ./.github/actions/inner
`

const INNER = `name: inner
runs:
  using: composite
  steps:
    - uses: anthropics/claude-code-action@v1
      with:
        prompt: review
`

const FIXTURE: Fixture = {
  '.github/workflows/ai.yml': CALLER,
  '.github/actions/ai-review/action.yml': ACTION,
  '.github/actions/inner/action.yml': INNER,
  'scripts/ai-docs.sh': '#!/bin/bash\nset -e\nclaude -p "write docs" --allowedTools "Edit,Bash"\n',
  '.github/workflows/caller.yml': `on: [push, pull_request_target]
jobs:
  call:
    uses: ./.github/workflows/callee.yml
  again:
    uses: ./.github/workflows/callee.yml
`,
  '.github/workflows/callee.yml': `on: workflow_call
jobs:
  claude:
    runs-on: ubuntu-latest
    timeout-minutes: 10
    steps:
      - uses: anthropics/claude-code-action@v1
        with:
          prompt: hi
`,
  '.github/workflows/direct.yml': `on: push
jobs:
  claude:
    runs-on: ubuntu-latest
    timeout-minutes: 10
    steps:
      - uses: anthropics/claude-code-action@v1
        with:
          prompt: hi
`
}

test('no-turn-limit in a nested composite action, a script and a reusable workflow: the calls that make each run', async () => {
  expectFindings(await runRule('no-turn-limit', FIXTURE), [
    {
      file: '.github/actions/inner/action.yml',
      line: 5,
      related: [
        '.github/workflows/ai.yml:9:15-9:42 calls the local action .github/actions/ai-review/action.yml, where Claude runs',
        '.github/actions/ai-review/action.yml:5:13-5:36 calls the local action .github/actions/inner/action.yml, where Claude runs'
      ]
    },
    {
      file: '.github/workflows/callee.yml',
      line: 7,
      related: [
        '.github/workflows/caller.yml:4:5-4:41 job call calls this reusable workflow (on pull_request_target, push)',
        '.github/workflows/caller.yml:6:5-6:41 job again calls this reusable workflow (on pull_request_target, push)'
      ]
    },
    // A run of the workflow itself has nothing else to point at.
    { file: '.github/workflows/direct.yml', line: 7, related: [] },
    {
      file: 'scripts/ai-docs.sh',
      line: 3,
      related: ['.github/workflows/ai.yml:10:14-10:34 runs the script scripts/ai-docs.sh, where Claude runs']
    }
  ])
})

test('a local action shared by several jobs: a finding naming one job points at that job\'s call only', async () => {
  const findings = await runRule('untrusted-trigger', {
    '.github/workflows/one.yml': `on: issue_comment
jobs:
  first:
    runs-on: ubuntu-latest
    steps:
      - uses: ./.github/actions/claude
`,
    '.github/workflows/two.yml': `on: pull_request_review_comment
jobs:
  second:
    runs-on: ubuntu-latest
    steps:
      - uses: ./.github/actions/claude
`,
    '.github/actions/claude/action.yml': `name: claude
runs:
  using: composite
  steps:
    - uses: anthropics/claude-code-action@v1
      with:
        allowed_bots: "*"
`
  })
  expectFindings(findings, [
    {
      file: '.github/actions/claude/action.yml',
      message: 'in job first',
      related: ['.github/workflows/one.yml:6:15-6:39 calls the local action .github/actions/claude/action.yml, where Claude runs']
    },
    {
      file: '.github/actions/claude/action.yml',
      message: 'in job second',
      related: ['.github/workflows/two.yml:6:15-6:39 calls the local action .github/actions/claude/action.yml, where Claude runs']
    }
  ])
})
