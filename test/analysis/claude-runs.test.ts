import { test } from 'node:test'
import { runRule, expectFindings } from '../rules/harness.js'

const W = '.github/workflows/ai.yml'

test('claude runs: wrappers, bash -c strings and package runners are runs (no-turn-limit at each command)', async () => {
  const findings = await runRule('no-turn-limit', {
    [W]: `on: push
jobs:
  a:
    runs-on: ubuntu-latest
    steps:
      - run: srt claude --dangerously-skip-permissions -p "fix it"
      - run: stdbuf -oL timeout 300 claude -p "x"
      - run: bash -c 'claude -p "hi" --model opus'
      - run: yarn dlx @anthropic-ai/claude-code -p "x"
      - run: xvfb-run -a npx -y @anthropic-ai/claude-code@1.0.0 -p "x"
      - run: |
          claude --version
          claude mcp add x -- npx y
          srt claude -p "ok" --max-turns 5
          bash -c "claude -p 'ok' --max-budget-usd 1"
`
  })
  expectFindings(findings, [
    { file: W, line: 6, column: 14, endColumn: 67, message: 'unattended Claude run in job a has no `--max-turns`' },
    { line: 7, column: 14 },
    { line: 8, column: 23, endColumn: 50 },
    { line: 9, column: 14 },
    { line: 10, column: 14 }
  ])
})

test('claude runs: repository scripts are read and the finding points into the script', async () => {
  const findings = await runRule('no-turn-limit', {
    [W]: `on: push
jobs:
  docs:
    runs-on: ubuntu-latest
    steps:
      - run: ./scripts/ai-docs.sh
      - run: bash scripts/capped.sh
      - run: ./scripts/nested.sh
      - run: ./scripts/missing.sh # OK: not in the repository
      - run: ./scripts/loop.sh # a script that runs itself
      - run: ./scripts/blob.sh # binary: skipped
`,
    'scripts/ai-docs.sh': `#!/bin/bash
set -euo pipefail
claude -p "update the docs" --allowedTools "Edit,Bash"
`,
    'scripts/capped.sh': 'claude -p "x" --max-turns 3\n',
    'scripts/nested.sh': '#!/bin/sh\ncd "$(dirname "$0")"\n./inner.sh\n',
    'scripts/inner.sh': 'echo hi\nclaude -p "inner"\n',
    'scripts/loop.sh': './scripts/loop.sh\n',
    'scripts/blob.sh': 'claude -p x\0\0\0binary'
  })
  expectFindings(findings, [
    { file: 'scripts/ai-docs.sh', line: 3, column: 1, endColumn: 55 },
    { file: 'scripts/inner.sh', line: 2, column: 1, endColumn: 18 }
  ])
})

test('claude runs: composite actions are followed with their inputs; a fork of the action counts', async () => {
  const fixture = {
    [W]: `on: issue_comment
jobs:
  review:
    runs-on: ubuntu-latest
    steps:
      - uses: ./.github/actions/ai-review
        with:
          prompt: \${{ github.event.comment.body }}
      - uses: ./
        with:
          prompt: review
          claude_args: --model opus
      - uses: ./.github/actions/capped
      - uses: ./.github/actions/not-here
        with:
          anthropic_api_key: \${{ secrets.KEY }}
          prompt: hi
      - uses: ./.github/actions/other-missing
      - uses: ./.github/actions/ping
      - uses: ./../outside
`,
    '.github/actions/ai-review/action.yml': `name: AI review
inputs:
  prompt:
    description: what to do
runs:
  using: composite
  steps:
    - uses: ./.github/actions/inner
      with:
        prompt: \${{ inputs.prompt }}
`,
    '.github/actions/inner/action.yml': `runs:
  using: composite
  steps:
    - uses: anthropics/claude-code-action@v1
      with:
        prompt: \${{ inputs.prompt }}
        claude_args: --dangerously-skip-permissions
`,
    'action.yml': `name: Claude Code Action
inputs:
  prompt: {description: x}
  claude_args: {description: x}
  anthropic_api_key: {description: x}
runs:
  using: composite
  steps:
    - run: bun run \${GITHUB_ACTION_PATH}/src/entrypoints/run.ts
      shell: bash
`,
    '.github/actions/capped/action.yml': `runs:
  using: composite
  steps:
    - uses: anthropics/claude-code-base-action@v1
      with: {prompt: x, claude_args: --max-turns 4}
`,
    '.github/actions/ping/action.yml': `runs:
  using: composite
  steps:
    - uses: ./.github/actions/pong
`,
    '.github/actions/pong/action.yml': `runs:
  using: composite
  steps:
    - uses: ./.github/actions/ping
`
  }
  expectFindings(await runRule('no-turn-limit', fixture), [
    { file: '.github/actions/inner/action.yml', line: 4, column: 7, endColumn: 45, message: 'job review' },
    { file: W, line: 9, column: 9, endColumn: 17 },
    { file: W, line: 14, column: 9 }
  ])
  expectFindings(await runRule('file-skipped', fixture), [
    { file: '.github/actions/pong/action.yml', line: 4, message: 'the local action .github/actions/ping was not followed again (a loop' },
    { file: W, line: 18, severity: 'info', message: 'the local action .github/actions/other-missing has no action.yml in the repository' },
    { file: W, line: 20, message: '`uses: ./../outside` points outside the repository' }
  ])
})

test('claude runs: a local action used by two jobs is reported once; bypass and the gate are read through it', async () => {
  const fixture = {
    [W]: `on: issues
jobs:
  triage:
    runs-on: ubuntu-latest
    steps:
      - uses: ./.github/actions/agent
  summarize:
    runs-on: ubuntu-latest
    steps:
      - uses: ./.github/actions/agent
  gated:
    runs-on: ubuntu-latest
    steps:
      - if: github.event.issue.author_association == 'OWNER'
        uses: ./.github/actions/agent
`,
    '.github/actions/agent/action.yml': `runs:
  using: composite
  steps:
    - shell: bash
      run: |
        echo start
        timeout 600 claude --print --dangerously-skip-permissions < prompt.txt
`
  }
  expectFindings(await runRule('no-turn-limit', fixture), [
    { file: '.github/actions/agent/action.yml', line: 7, column: 9, message: 'in job triage, summarize, gated has no' }
  ])
  expectFindings(await runRule('untrusted-trigger', fixture), [
    { file: '.github/actions/agent/action.yml', line: 7, column: 9, message: '`claude -p` runs on issues in job triage' }
  ])
  expectFindings(await runRule('bypass-permissions', fixture), [
    { file: '.github/actions/agent/action.yml', line: 7, column: 36, endColumn: 66, message: 'the local action .github/actions/agent/action.yml' }
  ])
})

test('claude runs: scripts are found before any parse however their names are quoted, through scripts without Claude', async () => {
  const fixture = {
    [W]: `on: push
jobs:
  a:
    runs-on: ubuntu-latest
    steps:
      - run: ./scr"ipts"/q'uo'ted.sh
      - run: bash "scripts/with space.sh"
      - run: |
          echo "building"
          ./scripts/outer.sh --fast
      - run: |
          cl"au"de -\\
          p "split by quoting"
      - run: ./scripts/plain.sh # no Claude anywhere below
      - run: ./scripts/ring-a.sh # a loop without Claude: not followed, not noted
      - run: ./scripts/blob.sh && java -jar gradle/wrapper.jar # unreadable script: reported; the jar is no script
`,
    'scripts/blob.sh': 'claude -p x\0\0\0binary',
    'gradle/wrapper.jar': 'PK\0\0\0',
    'scripts/quoted.sh': 'claude -p "quoted"\n',
    'scripts/with space.sh': 'claude -p "spaced"\n',
    'scripts/outer.sh': '#!/bin/bash\nset -e\n./m"id".sh\n',
    'scripts/mid.sh': '#!/bin/bash\n./deep.sh\n',
    'scripts/deep.sh': 'echo deep\nclaude -p "deep"\n',
    'scripts/plain.sh': 'echo plain\n./scripts/deep-but-not-named.sh\n',
    'scripts/ring-a.sh': './ring-b.sh\n',
    'scripts/ring-b.sh': './ring-a.sh\n'
  }
  expectFindings(await runRule('no-turn-limit', fixture), [
    { file: W, line: 12, column: 11 },
    { file: 'scripts/deep.sh', line: 2, column: 1, endColumn: 17 },
    { file: 'scripts/quoted.sh', line: 1, column: 1, endColumn: 19 },
    { file: 'scripts/with space.sh', line: 1, column: 1, endColumn: 19 }
  ])
  expectFindings(await runRule('file-skipped', fixture), [{ file: 'scripts/blob.sh', message: 'binary content' }])
})
