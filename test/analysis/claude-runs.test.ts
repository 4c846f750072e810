import { test } from 'node:test'
import assert from 'node:assert/strict'
import { spawnSync } from 'node:child_process'
import { rmSync } from 'node:fs'
import { runRule, runRuleIn, expectFindings, writeFixture, gitCommit } from '../rules/harness.js'

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

test('claude runs: a wrapper action that only takes a key and its own model and max_turns inputs is no fork of the Claude action', async () => {
  const fixture = {
    [W]: `on: pull_request
jobs:
  review:
    runs-on: ubuntu-latest
    timeout-minutes: 30
    steps:
      - uses: ./
        with:
          anthropic_api_key: \${{ secrets.KEY }}
          model: haiku
          max_turns: 50
`,
    'action.yml': `name: Dependency review
inputs:
  anthropic_api_key: {description: key}
  model: {description: the model}
  max_turns: {description: turn cap}
runs:
  using: composite
  steps:
    - run: python3 \${{ github.action_path }}/scripts/review.py
      shell: bash
`
  }
  expectFindings(await runRule('ineffective-setting', fixture), [])
  expectFindings(await runRule('model-not-pinned', fixture), [])
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

test('claude runs: the repository\'s own action named the remote way (owner/repo/path@ref) is read locally', async () => {
  const files = {
    [W]: `on: push
jobs:
  a:
    runs-on: ubuntu-latest
    steps:
      - uses: acme/tools/.github/actions/ai@main
      - uses: other/tools/.github/actions/ai@main # same name: a fork's upstream
      - uses: other/else/.github/actions/ai@main # OK: another repository
      - uses: acme/tools@v1 # the root action
`,
    '.github/actions/ai/action.yml': `runs:
  using: composite
  steps:
    - run: claude -p "fix it"
      shell: bash
`,
    'action.yml': `runs:
  using: composite
  steps:
    - run: claude -p "root"
      shell: bash
`
  }
  const dir = writeFixture(files)
  try {
    gitCommit(dir, true)
    const r = spawnSync('git', ['remote', 'add', 'origin', 'git@github.com:acme/tools.git'], { cwd: dir })
    assert.equal(r.status, 0)
    expectFindings(await runRuleIn('no-turn-limit', dir), [
      { file: '.github/actions/ai/action.yml', line: 4, column: 12, message: 'unattended Claude run in job a has no `--max-turns`' },
      { file: 'action.yml', line: 4, column: 12 }
    ])
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
  // Without git's `origin`: a sub-folder with an action definition is the repository's own; the root is not
  // assumed to be the one named, so it is judged as an action no workflow here calls.
  expectFindings(await runRule('no-turn-limit', files), [
    { file: '.github/actions/ai/action.yml', line: 4, column: 12, message: 'in job a has' },
    { file: 'action.yml', line: 4, column: 12, message: 'in job (whichever job uses action.yml) has' }
  ])
})

test('claude runs: a reusable workflow of the repository named the remote way is judged in its callers\' context', async () => {
  const dir = writeFixture({
    [W]: `on: pull_request_target
jobs:
  call:
    uses: Acme/Tools/.github/workflows/agent.yml@main
    secrets: inherit
`,
    '.github/workflows/agent.yml': `on: workflow_call
jobs:
  agent:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
        with:
          ref: \${{ github.event.pull_request.head.sha }}
      - run: npm ci && npm test
      - uses: anthropics/claude-code-action@v1
        with:
          prompt: review
          anthropic_api_key: \${{ secrets.ANTHROPIC_API_KEY }}
`
  })
  try {
    gitCommit(dir, true)
    assert.equal(spawnSync('git', ['remote', 'add', 'origin', 'https://github.com/acme/tools'], { cwd: dir }).status, 0)
    const found = await runRuleIn('pwn-request', dir)
    assert.deepEqual(found.map((f) => `${f.file}:${f.line}`), ['.github/workflows/agent.yml:8'])
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
})

test('claude runs: an action the repository publishes and never calls is judged, its caller\'s facts unknown', async () => {
  const files = {
    'action.yml': `name: AI review
inputs:
  prompt: {description: x}
  claude_args: {description: x, default: "--max-turns 5"}
runs:
  using: composite
  steps:
    - uses: anthropics/claude-code-action@v1
      with:
        prompt: \${{ inputs.prompt }}
        claude_args: \${{ inputs.claude_args }}
    - uses: ./.github/actions/inner
    - shell: bash
      run: claude -p "summarise" --model opus \${{ inputs.extra }}
`,
    '.github/actions/inner/action.yml': `runs:
  using: composite
  steps:
    - uses: anthropics/claude-code-action@v1
      with:
        prompt: fixed
        claude_args: --model opus
`,
    '.github/actions/unused-tool/action.yml': `runs:
  using: node20
  main: index.js
`
  }
  // The caller may pass a cap in claude_args: only the inner action's literal args are judged; reached through the root, it is found once.
  expectFindings(await runRule('no-turn-limit', files), [
    { file: '.github/actions/inner/action.yml', line: 4, column: 7, message: 'unattended Claude run in job (whichever job uses action.yml) has no `--max-turns`' }
  ])
  // The job (its timeout and permissions) is the unknown caller's.
  expectFindings(await runRule('no-job-timeout', files), [])
  expectFindings(await runRule('excessive-permissions', files), [])
  expectFindings(await runRule('model-not-pinned', files), [])
})

test('claude runs: the self-reference form `$/path` names an action or reusable workflow of this repository', async () => {
  const findings = await runRule('no-turn-limit', {
    [W]: `on: push
jobs:
  a:
    runs-on: ubuntu-latest
    steps:
      - uses: $/.github/actions/ai
      - uses: $/../outside # OK: leaves the repository, not read
  b:
    uses: $/.github/workflows/agent.yml
`,
    '.github/actions/ai/action.yml': `runs:
  using: composite
  steps:
    - run: claude -p "fix it"
      shell: bash
`,
    '.github/workflows/agent.yml': `on: workflow_call
jobs:
  agent:
    runs-on: ubuntu-latest
    steps:
      - run: claude -p "review" --max-turns 3
`
  })
  expectFindings(findings, [{ file: '.github/actions/ai/action.yml', line: 4, column: 12, message: 'in job a has' }])
  const pwn = await runRule('pwn-request', {
    [W]: `on: pull_request_target
jobs:
  b:
    uses: $/.github/workflows/agent.yml
    secrets: inherit
`,
    '.github/workflows/agent.yml': `on: workflow_call
jobs:
  agent:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
        with:
          ref: \${{ github.event.pull_request.head.sha }}
      - run: claude -p "review" --max-turns 3
`
  })
  expectFindings(pwn, [{ file: '.github/workflows/agent.yml', line: 8, message: 'job agent runs on pull_request_target (through the calling workflow .github/workflows/ai.yml)' }])
})

test('claude runs: claude_args given through an env entry are that entry\'s flags', async () => {
  const findings = await runRule('no-turn-limit', {
    [W]: `on: pull_request
env:
  ARGS: --max-turns 30 --allowedTools "Read"
jobs:
  a:
    runs-on: ubuntu-latest
    env:
      NOCAP: --allowedTools "Read"
    steps:
      - uses: anthropics/claude-code-action@v1
        with:
          prompt: review
          claude_args: \${{ env.ARGS }} # OK: capped
      - uses: anthropics/claude-code-action@v1
        with:
          prompt: review
          claude_args: \${{ env.NOCAP }} # NOT OK
`
  })
  expectFindings(findings, [{ file: W, line: 14, column: 9, message: 'unattended Claude run in job a has no `--max-turns`' }])
})

test('claude runs: published actions that call each other in a loop are searched once, from the first', async () => {
  const findings = await runRule('no-turn-limit', {
    '.github/actions/a/action.yml': `runs:
  using: composite
  steps:
    - uses: ./.github/actions/b
    - run: claude -p "a"
      shell: bash
`,
    '.github/actions/b/action.yml': `runs:
  using: composite
  steps:
    - uses: ./.github/actions/a
    - run: claude -p "b"
      shell: bash
`
  })
  expectFindings(findings, [
    { file: '.github/actions/a/action.yml', line: 5, column: 12, message: 'in job (whichever job uses .github/actions/a/action.yml)' },
    { file: '.github/actions/b/action.yml', line: 5, column: 12, message: 'in job (whichever job uses .github/actions/a/action.yml)' }
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

/** Flags held in shell arrays and variables (issue 16): every rule that reads a run's flags sees the words. */
const ARRAYS = {
  [W]: `on: push
jobs:
  a:
    runs-on: ubuntu-latest
    steps:
      - run: |
          FLAGS=(-p --model claude-sonnet-4-6 --dangerously-skip-permissions)
          claude "\${FLAGS[@]}" "fix it"
      - run: |
          ARGS="-p --allowedTools Bash"
          ARGS="$ARGS --max-turns 5"
          claude $ARGS "fix it"
      - run: |
          FLAGS=(--print --max-turns 3)
          if [ -n "$MODE" ]; then
            FLAGS+=(--permission-mode bypassPermissions)
          fi
          claude "\${FLAGS[@]}" < in.txt
      - run: |
          ARGS="$(cat args.txt)"
          claude $ARGS "x"
`,
  'scripts/ai.sh': `#!/bin/bash
FLAGS=(
  --print
  --dangerously-skip-permissions # no prompts
)
claude "\${FLAGS[@]}" "do it"
`
}

test('claude runs: flags in a bash array or an unquoted string variable are the run\'s flags (bypass-permissions at the element)', async () => {
  expectFindings(await runRule('bypass-permissions', ARRAYS), [
    { file: W, line: 7, column: 47, endColumn: 77, message: 'job a in .github/workflows/ai.yml runs Claude with `--dangerously-skip-permissions`' },
    // Added in an `if` branch only: the message says so.
    { file: W, line: 16, column: 21, endColumn: 56, message: 'job a in .github/workflows/ai.yml (on the paths where the script adds it) runs Claude with `--permission-mode bypassPermissions`' },
    { file: 'scripts/ai.sh', line: 4, column: 3, endColumn: 33 }
  ])
})

test('claude runs: an array makes the command a `claude -p` run; its --max-turns and --model count (no-turn-limit, model-not-pinned)', async () => {
  // Step 1 has no turn cap; steps 2 and 3 have one in the variable / array. `$(cat args.txt)` is not known: no run.
  // scripts/ai.sh, which no workflow runs, is a script that starts `claude -p` (the array holds --print) with no cap.
  expectFindings(await runRule('no-turn-limit', ARRAYS), [
    { file: W, line: 8, column: 11, endColumn: 40 },
    { file: 'scripts/ai.sh', line: 6, column: 1, message: '`claude -p` started by scripts/ai.sh has no `--max-turns`' }
  ])
  expectFindings(await runRule('model-not-pinned', ARRAYS), [
    { file: W, line: 12, column: 11, endColumn: 32 },
    { file: W, line: 18, column: 11, endColumn: 40 },
    { file: 'scripts/ai.sh', line: 6, column: 1, severity: 'medium', message: '`claude -p` started by scripts/ai.sh does not choose a model' }
  ])
})

test('claude runs: --allowedTools in a string variable is read (overbroad-permission at the value)', async () => {
  expectFindings(await runRule('overbroad-permission', ARRAYS), [
    { file: W, line: 10, column: 35, endColumn: 39, message: '`--allowedTools` in job a pre-approves `Bash`' }
  ])
})

test('claude runs: an org-membership check that fails a local action before its Claude step gates it (untrusted-trigger)', async () => {
  const action = (gate: string): string => `name: agent
inputs:
  prompt: { required: false, default: "" }
runs:
  using: composite
  steps:
${gate}    - shell: bash
      run: |
        FLAGS=(--print --max-turns 3 --model claude-sonnet-4-6)
        claude "\${FLAGS[@]}" < in.txt
`
  const findings = await runRule('untrusted-trigger', {
    [W]: `on:
  issues:
    types: [opened]
permissions: { contents: read }
jobs:
  gated:
    runs-on: ubuntu-latest
    steps:
      - uses: ./.github/actions/gated
  open:
    runs-on: ubuntu-latest
    steps:
      - uses: ./.github/actions/open
`,
    '.github/actions/gated/action.yml': action(`    - shell: bash
      env: { GH_TOKEN: "\${{ github.token }}", ACTOR: "\${{ github.actor }}" }
      run: gh api "orgs/my-org/members/$ACTOR" > /dev/null || exit 1
`),
    '.github/actions/open/action.yml': action('')
  })
  expectFindings(findings, [{ file: '.github/actions/open/action.yml', line: 10, column: 9, message: '`claude -p` runs on issues in job open' }])
})

test('claude runs: an array element "$(cat prompt.md)" is one word of unknown text; an unquoted substitution makes the array unknown', async () => {
  const findings = await runRule('no-turn-limit', {
    [W]: `on: pull_request
jobs:
  a:
    runs-on: ubuntu-latest
    steps:
      - run: |
          ARGS=(-p "$(cat prompt.md)" --allowedTools "Read,Write")
          npx -y @anthropic-ai/claude-code@2 "\${ARGS[@]}" > out.json
      - run: |
          ARGS=(-p $(cat extra-args.txt))
          claude "\${ARGS[@]}"
`
  })
  expectFindings(findings, [{ file: W, line: 8, column: 11, message: 'unattended Claude run in job a has no `--max-turns`' }])
})

test('claude runs: another repository\'s action taking the Claude action\'s inputs is a fork of it; a key with inputs of its own is not', async () => {
  const fixture = {
    [W]: `on: issue_comment
jobs:
  fork:
    runs-on: ubuntu-latest
    steps:
      - uses: acme/ai-claude-code-action@main # a fork: claude_args and the OAuth token
        with:
          claude_code_oauth_token: \${{ secrets.TOKEN }}
          prompt: \${{ github.event.comment.body }}
          claude_args: --model opus
      - uses: acme/old-claude-fork@v2 # a v0 fork: a key and allowed_tools
        with:
          anthropic_api_key: \${{ secrets.KEY }}
          prompt: review
          allowed_tools: Bash
          model: haiku
          max_turns: 5
      - uses: acme/ai-review@v3 # OK: a key and inputs of its own, maybe the Messages API
        with:
          anthropic_api_key: \${{ secrets.KEY }}
          prompt: review
          model: haiku
`
  }
  expectFindings(await runRule('no-turn-limit', fixture), [
    { file: W, line: 6, column: 9, endColumn: 46, message: 'unattended Claude run in job fork has no `--max-turns`' }
  ])
  expectFindings(await runRule('overbroad-permission', fixture), [
    { file: W, line: 15, column: 26, endColumn: 30, message: '`Bash`' }
  ])
  // The fork's inputs are its own: `model` and `max_turns` are not the real action's v0 inputs.
  expectFindings(await runRule('ineffective-setting', fixture), [])
  expectFindings(await runRule('model-not-pinned', fixture), [])
})

test('claude runs: a local action without its file is judged by what it is passed, not by the Claude action\'s v0 inputs', async () => {
  const fixture = {
    [W]: `on: pull_request
jobs:
  review:
    runs-on: ubuntu-latest
    timeout-minutes: 20
    steps:
      - uses: ./.github/actions/not-here
        with:
          anthropic_api_key: \${{ secrets.KEY }}
          prompt: review
          model: haiku
          max_turns: 5
`
  }
  expectFindings(await runRule('ineffective-setting', fixture), [])
  expectFindings(await runRule('model-not-pinned', fixture), [])
  expectFindings(await runRule('no-turn-limit', fixture), [])
})

test('claude runs: a script called only with help or version flags it answers is not a run; its subcommand scripts still are when the job really runs it', async () => {
  const runner = `#!/bin/bash
set -e
TASK="$1"
if [ -z "$TASK" ] || [ "$TASK" = "--help" ] || [ "$TASK" = "-h" ]; then
  echo "usage: runner.sh review|custom"
  exit 0
fi
case "$TASK" in
  review) ./review.sh "\${2:-.}" ;;
  custom) claude -p "$2" --allowedTools "Read,Bash" ;;
esac
`
  const files = {
    'tools/runner.sh': runner,
    'tools/review.sh': '#!/bin/bash\nclaude -p "review $1"\n',
    'tools/ignores.sh': '#!/bin/bash\nclaude -p "go"\n',
    'tools/cli.py': 'import argparse\nimport subprocess\nargparse.ArgumentParser().parse_args()\nsubprocess.run(["claude", "-p", "go"])\n'
  }
  const smoke = await runRule('no-turn-limit', {
    [W]: `on: push
jobs:
  smoke:
    runs-on: ubuntu-latest
    steps:
      - run: |
          tools/runner.sh --help || true
          bash tools/runner.sh -h
          python tools/cli.py --help
          python tools/cli.py --version
          tools/ignores.sh --help
`,
    ...files
  })
  // Only the script that never reads --help runs Claude in the job; tools/cli.py and the other scripts still
  // start `claude -p` with no cap, reported as such (no job named).
  const code = { file: 'tools/cli.py', line: 4, column: 17, message: '`claude -p` started by tools/cli.py has no `--max-turns`' }
  expectFindings(smoke, [
    code,
    { file: 'tools/ignores.sh', line: 2, column: 1, message: 'unattended Claude run in job smoke' },
    { file: 'tools/review.sh', line: 2, column: 1, message: '`claude -p` started by tools/review.sh has no `--max-turns`' },
    { file: 'tools/runner.sh', line: 10, column: 11, message: '`claude -p` started by tools/runner.sh has no `--max-turns`' }
  ])
  const real = await runRule('no-turn-limit', {
    [W]: `on: push
jobs:
  review:
    runs-on: ubuntu-latest
    steps:
      - run: tools/runner.sh review src --help
`,
    ...files
  })
  expectFindings(real, [
    code,
    { file: 'tools/ignores.sh', line: 2, column: 1, message: '`claude -p` started by tools/ignores.sh has no `--max-turns`' },
    { file: 'tools/review.sh', line: 2, column: 1, message: 'unattended Claude run in job review' },
    { file: 'tools/runner.sh', line: 10, column: 11 }
  ])
})

/** Models a fixture (then removes it): the shell parses that took, and each Claude run's step and script. */
async function parsesAndRuns(dir: string): Promise<{ parses: number; runs: [number, string | undefined][] }> {
  const { discover } = await import('../../src/discover.js')
  const { buildProject } = await import('../../src/model/project.js')
  const { shellParseCalls } = await import('../../src/shell/parse.js')
  try {
    const before = shellParseCalls()
    const p = await buildProject(await discover(dir), { history: false, verifyHooks: false })
    return { parses: shellParseCalls() - before, runs: p.claudeRuns.map((r): [number, string | undefined] => [r.step.index, r.script?.file.path]) }
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}

test('claude runs: a run block that names a code script but has no word that runs scripts is not parsed', async () => {
  const dir = writeFixture({
    [W]: `on: push
jobs:
  a:
    runs-on: ubuntu-latest
    steps:
      - run: |
          # Changes to ai.py are reviewed by hand.
          git diff --name-only origin/main > changed.txt
          if grep -qx "tools/ai.py" changed.txt; then echo "ai.py changed"; fi
      - run: python3 tools/ai.py --fast
      - run: ./tools/ai.py --slow
`,
    'tools/ai.py': 'import subprocess\nsubprocess.run(["claude", "-p", "review"])\n'
  })
  const { parses, runs } = await parsesAndRuns(dir)
  // The first step is not parsed: it names tools/ai.py, yet no command of it can run a script.
  assert.equal(parses, 2)
  assert.deepEqual(runs, [
    [1, 'tools/ai.py'],
    [2, 'tools/ai.py']
  ])
})

test('claude runs: the prefilter waits for the SDK module search started early rather than running git again', async () => {
  const { FileReader } = await import('../../src/discover.js')
  const { parseYaml } = await import('../../src/parse/doc.js')
  const { buildWorkflow } = await import('../../src/model/workflow.js')
  const { claudeRunsOf } = await import('../../src/analysis/claude-runs.js')
  const { shellParseCalls } = await import('../../src/shell/parse.js')
  const files = {
    [W]: 'on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - run: python tools/run.py\n',
    // run.py may import a repository module that starts a session: worth parsing only when some file names an SDK module.
    'tools/run.py': 'from agent import go\ngo()\n',
    'tools/agent.py': 'from claude_agent_sdk import query\n\ndef go():\n    return query(prompt="x")\n'
  }
  const dir = writeFixture(files)
  try {
    gitCommit(dir, true)
    const reader = new FileReader(dir)
    const wf = buildWorkflow(parseYaml(reader.read(W)!))!
    // The early search answers (after a while) that no file names an SDK module. git itself would list
    // tools/agent.py: the answer the search uses shows whether it waited or ran git a second time.
    const early: { settled: boolean; out?: string; done?: Promise<unknown> } = { settled: false }
    early.done = new Promise<void>((resolve) =>
      setTimeout(() => {
        early.out = ''
        early.settled = true
        resolve()
      }, 20)
    )
    const before = shellParseCalls()
    const runs = await claudeRunsOf(wf, {
      reader,
      exists: (p) => p in files,
      paths: Object.keys(files),
      actions: new Map(),
      note: () => {},
      sdkModuleGrep: early
    })
    assert.equal(early.settled, true)
    assert.deepEqual(runs, [])
    assert.equal(shellParseCalls() - before, 0)
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
})

test('claude runs: of several scripts with one name, only those a word can point at make a run block worth parsing', async () => {
  const dir = writeFixture({
    [W]: `on: push
jobs:
  a:
    runs-on: ubuntu-latest
    steps:
      - run: python b/run.py --check && echo "built $OUT/run.py"
      - run: python ./a/run.py --x
      - run: python ../a/run.py
        working-directory: b
`,
    'a/run.py': 'import subprocess\nsubprocess.run(["claude", "-p", "review"])\n',
    'b/run.py': 'print("no Claude here")\n'
  })
  const { parses, runs } = await parsesAndRuns(dir)
  // The first step can only run b/run.py, which cannot reach Claude: it is not parsed (a/run.py could, but no
  // word points at it; a word with `$` is never followed).
  assert.equal(parses, 2)
  assert.deepEqual(runs, [
    [1, 'a/run.py'],
    [2, 'a/run.py']
  ])
})

test("a composite action's expressions over its inputs are computed with GitHub's evaluator", async () => {
  const { bindInputs } = await import('../../src/analysis/claude-runs.js')
  const inputs = new Map([
    ['allowed-tools', { value: 'Read,Bash(*)' }],
    ['extra', { value: '' }]
  ])
  const args = "${{ (inputs.allowed-tools != '' || inputs.extra != '') && format('--allowedTools {0}{1}', inputs.allowed-tools, inputs.extra != '' && format(',{0}', inputs.extra) || '') || '' }}"
  assert.equal(bindInputs(args, inputs), '--allowedTools Read,Bash(*)')
  assert.equal(bindInputs('--model ${{ inputs.missing }}', inputs), '--model ${{ inputs.missing }}', 'a plain reference to an input not bound stays as written')
  assert.equal(bindInputs("${{ format('{0}', inputs.missing) }}x", inputs), 'x', 'an input the step does not set is empty')
  assert.equal(bindInputs("${{ format('{0} {1}', inputs.extra, github.event.issue.title) }}", inputs), "${{ format('{0} {1}', inputs.extra, github.event.issue.title) }}", 'another context: not computed')
  // Every doubled quote of a literal is one quote (@actions/expressions 0.3 unescapes only the first).
  assert.equal(bindInputs("${{ format('--allowedTools ''{0}{1}''', inputs.allowed-tools, inputs.extra) }}", inputs), "--allowedTools 'Read,Bash(*)'")
})

test('dangerous-commands-unguarded: a Bash allow computed by format() over a local action input counts', async () => {
  const findings = await runRule('dangerous-commands-unguarded', {
    '.github/workflows/mention.yml': `on:
  issue_comment:
    types: [created]
jobs:
  respond:
    runs-on: ubuntu-latest
    steps:
      - uses: ./.github/actions/claude
`,
    '.github/actions/claude/action.yml': `inputs:
  allowed-tools:
    default: "Read,Grep,Bash(*)"
runs:
  using: composite
  steps:
    - uses: anthropics/claude-code-action@v1
      with:
        prompt: answer the comment
        claude_args: \${{ format('--allowedTools {0}', inputs.allowed-tools) }}
`
  })
  expectFindings(findings, [{ severity: 'high', message: 'runs Claude unattended with `--allowedTools` that allow them' }])
})

test('claude runs: a run block asked again (another job, another caller of an action) is searched for scripts once', async () => {
  const { scriptSearchCount } = await import('../../src/analysis/claude-runs.js')
  const job = (id: string): string => `  ${id}:
    runs-on: ubuntu-latest
    steps:
      - run: bash tools/build.sh
      - run: bash tools/review.sh
`
  const dir = writeFixture({
    [W]: `on: push\njobs:\n${job('a')}${job('b')}${job('c')}`,
    'tools/build.sh': 'make all\n',
    'tools/review.sh': 'claude -p "review"\n'
  })
  const before = scriptSearchCount()
  const { runs } = await parsesAndRuns(dir)
  // Two texts, each searched once, though each of the three jobs asks for both.
  assert.equal(scriptSearchCount() - before, 2)
  // The answer asked again is the same: review.sh is followed from each job.
  assert.deepEqual(runs, [
    [1, 'tools/review.sh'],
    [1, 'tools/review.sh'],
    [1, 'tools/review.sh']
  ])
})

test('claude runs: a script in a second checkout of this repository (checkout with path:) is the repository\'s script', async () => {
  const dir = writeFixture({
    '.github/workflows/doctor.yml': `on:
  workflow_call: {}
jobs:
  diagnose:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@11bd71901bbe5b1630ceea73d27597364c9af683
      - uses: actions/checkout@11bd71901bbe5b1630ceea73d27597364c9af683
        with:
          repository: Acme/Tools
          path: _tools
      - run: python3 _tools/scripts/doctor.py
      - run: python3 _other/scripts/doctor.py
  unbounded:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@11bd71901bbe5b1630ceea73d27597364c9af683
      - run: python3 scripts/plain.py
`,
    'scripts/plain.py': `import subprocess
subprocess.run(["claude", "-p", "--model", "opus", "--max-turns", "1", "hi"], check=True)
`,
    'scripts/doctor.py': `import subprocess
r = subprocess.run(["claude", "--print", "--max-turns", "1", "why did CI fail?"], capture_output=True, timeout=120)
`
  })
  try {
    gitCommit(dir, true)
    assert.equal(spawnSync('git', ['remote', 'add', 'origin', 'https://github.com/acme/tools.git'], { cwd: dir }).status, 0)
    // The run is found (model-not-pinned names it); its call's timeout bounds it (no no-job-timeout).
    const model = await runRuleIn('model-not-pinned', dir)
    assert.deepEqual(model.map((f) => `${f.file}:${f.line} ${f.message.slice(0, 40)}`), ['scripts/doctor.py:2 Claude run in job diagnose does not choo'])
    const timeouts = await runRuleIn('no-job-timeout', dir)
    assert.deepEqual(timeouts.map((f) => `${f.file}:${f.line}`), ['.github/workflows/doctor.yml:14'])
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
})

test('claude runs: an action that runs an input as a shell script (devcontainers/ci runCmd, nick-fields/retry command) runs Claude there', async () => {
  const A = '.github/actions/ai/action.yml'
  const findings = await runRule('no-turn-limit', {
    [W]: `on: push
jobs:
  a:
    runs-on: ubuntu-latest
    steps:
      - uses: devcontainers/ci@v0.3
        with:
          push: never
          runCmd: |
            echo start && cat prompt.txt | claude --print --verbose
      - uses: nick-fields/retry@v3
        with:
          timeout_minutes: 10
          Command: timeout 300 claude -p "x"
          on_retry_command: claude -p "clean up" --max-turns 2
      - uses: nick-fields/retry@v3
        with:
          shell: python
          command: print("claude -p x") # OK: Python, not a shell script
      - uses: some/other-action@v1
        with:
          runCmd: claude -p "x" # OK: not an action known to run it
      - uses: ./.github/actions/ai
`,
    [A]: `runs:
  using: composite
  steps:
    - uses: addnab/docker-run-action@v3
      with:
        image: node:20
        shell: /bin/bash
        run: |
          npm i -g @anthropic-ai/claude-code
          claude -p "in a container"
`
  })
  expectFindings(findings, [
    { file: A, line: 10, column: 11, endColumn: 37, message: 'unattended Claude run in job a has no `--max-turns`' },
    { file: W, line: 10, column: 44, endColumn: 68, message: 'unattended Claude run in job a has no `--max-turns`' },
    { file: W, line: 14, column: 20, endColumn: 45 }
  ])
})
