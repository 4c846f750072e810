import { test } from 'node:test'
import assert from 'node:assert/strict'
import { runRule, expectFindings } from '../rules/harness.js'

const W = '.github/workflows/ai.yml'

test('hidden runs: a program word the step fills with claude (assignment, `${X:-claude}` default, env) is a run', async () => {
  const findings = await runRule('no-turn-limit', {
    [W]: `on: push
jobs:
  a:
    runs-on: ubuntu-latest
    env:
      AI: claude
    steps:
      - run: |
          CLAUDE_CMD=claude
          $CLAUDE_CMD -p "one"
      - run: |
          CLAUDE="\${CLAUDE:-claude}"
          "$CLAUDE" -p "two"
      - run: '"\${CLAUDE_BIN:-claude}" -p "three"'
      - run: $AI -p "four"
      - run: stdbuf -oL "$AI" -p "five"
      - run: |
          CLAUDE_BIN=claudia
          "\${CLAUDE_BIN:-claude}" -p "set to another program"
      - run: '"\${OTHER:-claude}" -p "set by env: not known"'
        env:
          OTHER: \${{ vars.OTHER }}
      - run: |
          CMD=echo
          $CMD -p "not claude"
      - run: '"$PROMPT" -p "a quoted variable set nowhere"'
`
  })
  const message = 'unattended Claude run in job a has no `--max-turns`'
  expectFindings(findings, [
    { file: W, line: 10, column: 11, endColumn: 31, message },
    { file: W, line: 13, column: 11, endColumn: 29, message },
    { file: W, line: 14, column: 15, endColumn: 49, message },
    { file: W, line: 15, column: 14, endColumn: 27, message },
    { file: W, line: 16, column: 14, endColumn: 40, message }
  ])
})

test('hidden runs: an array whose program element comes from a variable defaulting to claude carries its flags', async () => {
  const script = [
    '#!/bin/bash',
    'CLAUDE_CODE_CMD="${CLAUDE_CODE_CMD:-claude}"',
    'build() {',
    '  CLAUDE_CMD_ARGS=("$CLAUDE_CODE_CMD")',
    '  CLAUDE_CMD_ARGS+=(-p "$1" --dangerously-skip-permissions)',
    '}',
    'build "task"',
    'timeout 600 "${CLAUDE_CMD_ARGS[@]}"',
    ''
  ].join('\n')
  const files = {
    [W]: 'on: push\njobs:\n  loop:\n    runs-on: ubuntu-latest\n    steps:\n      - run: ./scripts/loop.sh\n',
    'scripts/loop.sh': script
  }
  expectFindings(await runRule('no-turn-limit', files), [
    { file: 'scripts/loop.sh', line: 8, column: 1, endColumn: 36, message: 'unattended Claude run in job loop has no `--max-turns`' }
  ])
  expectFindings(await runRule('bypass-permissions', files), [
    { file: 'scripts/loop.sh', line: 5, column: 29, endColumn: 59, severity: 'high', message: /runs Claude with `--dangerously-skip-permissions`/ }
  ])
  // The variable set to another program: no run, no finding.
  const other = { ...files, 'scripts/loop.sh': script.replace(':-claude}"', ':-claude}"\nCLAUDE_CODE_CMD=codex') }
  expectFindings(await runRule('no-turn-limit', other), [])
  expectFindings(await runRule('bypass-permissions', other), [])
})

test('hidden runs: a script named through a variable that holds one repository path is followed', async () => {
  const findings = await runRule('no-turn-limit', {
    [W]: `on: push
jobs:
  a:
    runs-on: ubuntu-latest
    steps:
      - run: |
          SCRIPT=scripts/review.sh
          bash "$SCRIPT"
  b:
    runs-on: ubuntu-latest
    steps:
      - run: ./$SCRIPT
        env:
          SCRIPT: scripts/review.sh
  c:
    runs-on: ubuntu-latest
    steps:
      - run: |
          SCRIPT=$(ls scripts/*.sh | head -1)
          bash "$SCRIPT"
      - run: bash "$SCRIPT"
        env:
          SCRIPT: \${{ inputs.script }}
`,
    'scripts/review.sh': '#!/bin/bash\nclaude -p "review the change"\n'
  })
  expectFindings(findings, [
    {
      file: 'scripts/review.sh',
      line: 2,
      column: 1,
      endColumn: 30,
      message: 'unattended Claude run in job a, b has no `--max-turns`',
      related: [
        `${W}:8:11-8:25 runs the script scripts/review.sh, where Claude runs`,
        `${W}:12:14-12:23 runs the script scripts/review.sh, where Claude runs`
      ]
    }
  ])
})

test("hidden runs: a call of the script's own function runs the body's claude with the call's words", async () => {
  const script = [
    '#!/bin/bash',
    'claudep() {',
    '  claude -p "$@"',
    '}',
    'run_with() {',
    '  local t="$1"',
    '  shift',
    '  timeout "$t" claude "$@"',
    '}',
    'claudep "review the change"',
    'claudep --max-turns 5 "capped"',
    'run_with 60 -p "triage" --dangerously-skip-permissions',
    'run_with 60 --version',
    ''
  ].join('\n')
  const files = { [W]: 'on: push\njobs:\n  ai:\n    runs-on: ubuntu-latest\n    steps:\n      - run: bash scripts/ai.sh\n', 'scripts/ai.sh': script }
  const turns = 'unattended Claude run in job ai has no `--max-turns`'
  expectFindings(await runRule('no-turn-limit', files), [
    { file: 'scripts/ai.sh', line: 3, column: 3, endColumn: 17, message: turns },
    { file: 'scripts/ai.sh', line: 8, column: 3, endColumn: 27, message: turns }
  ])
  // Each command once, though two calls run it without a model.
  const model = 'Claude run in job ai does not choose a model'
  expectFindings(await runRule('model-not-pinned', files), [
    { file: 'scripts/ai.sh', line: 3, column: 3, endColumn: 17, message: model },
    { file: 'scripts/ai.sh', line: 8, column: 3, endColumn: 27, message: model }
  ])
  // The flag the call passes, where the call writes it.
  expectFindings(await runRule('bypass-permissions', files), [
    { file: 'scripts/ai.sh', line: 12, column: 25, endColumn: 55, severity: 'high', message: /runs Claude with `--dangerously-skip-permissions`/ }
  ])
})

test('hidden runs: flags a call passes to a function in a run block count; a nested call passes them on', async () => {
  const run = (body: string): string =>
    `on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - run: |\n${body
      .split('\n')
      .map((l) => `          ${l}`)
      .join('\n')}\n`
  // Every call caps the run: no finding (the body alone has no cap).
  expectFindings(await runRule('no-turn-limit', { [W]: run('claudep() { claude -p "$@"; }\nclaudep --max-turns 3 "one"\nclaudep --max-budget-usd 1 "two"') }), [])
  // Through `main "$@"`: main's call passes the cap on to ask.
  expectFindings(await runRule('no-turn-limit', { [W]: run('ask() { claude -p "$1" "${@:2}"; }\nmain() { ask "$@"; }\nmain "hi" --max-turns 3') }), [])
  const nested = run('ask() { claude "$@"; }\nmain() { ask -p "$@"; }\nmain "hi"')
  expectFindings(await runRule('no-turn-limit', { [W]: nested }), [{ file: W, line: 7, column: 19, endColumn: 30, message: 'unattended Claude run in job a has no `--max-turns`' }])
  // A function nothing calls here (a library sourced elsewhere): its command as written.
  expectFindings(await runRule('no-turn-limit', { [W]: run('ask() { claude -p "$1"; }') }), [{ file: W, line: 7, column: 19, endColumn: 33 }])
})

test('hidden runs: words a function sets on every call are sure for its commands; those of a branch stay on some paths', async () => {
  const script = [
    '#!/bin/bash',
    'run() {',
    '  local cmd=(claude -p "$1" --permission-mode bypassPermissions)',
    '  if [ -n "$YOLO" ]; then cmd+=(--dangerously-skip-permissions); fi',
    '  "${cmd[@]}"',
    '}',
    ''
  ].join('\n')
  expectFindings(await runRule('bypass-permissions', { 'bin/run.sh': script }), [
    { file: 'bin/run.sh', line: 3, column: 29, endColumn: 64, message: /^bin\/run\.sh runs Claude with `--permission-mode bypassPermissions`/ },
    { file: 'bin/run.sh', line: 4, column: 33, endColumn: 63, message: /^bin\/run\.sh \(on the paths where the script adds it\) runs Claude with `--dangerously-skip-permissions`/ }
  ])
})

test('hidden runs: a function that runs its arguments as a command (`retry() { "$@"; }`) runs claude where the call names it', async () => {
  const files = {
    [W]: `on: push
jobs:
  a:
    runs-on: ubuntu-latest
    steps:
      - run: |
          retry() { for i in 1 2 3; do "$@" && return 0; sleep 5; done; return 1; }
          retry make test
          retry claude -p "fix the build" --dangerously-skip-permissions
`
  }
  expectFindings(await runRule('no-turn-limit', files), [{ file: W, line: 9, column: 11, endColumn: 73, message: 'unattended Claude run in job a has no `--max-turns`' }])
  expectFindings(await runRule('bypass-permissions', files), [{ file: W, line: 9, column: 43, endColumn: 73, severity: 'high' }])
})

test('hidden runs: the trigger and prompt rules see a run whose program is a variable', async () => {
  const files = {
    [W]: `on: issue_comment
jobs:
  answer:
    runs-on: ubuntu-latest
    permissions:
      contents: read
    steps:
      - run: |
          CLAUDE="\${CLAUDE_BIN:-claude}"
          "$CLAUDE" -p "Answer: $BODY" --max-turns 3 --model opus
        env:
          BODY: \${{ github.event.comment.body }}
          ANTHROPIC_API_KEY: \${{ secrets.KEY }}
`
  }
  expectFindings(await runRule('template-injection', files), [
    { file: W, line: 10, column: 33, endColumn: 38, message: '`env.BODY (github.event.comment.body)` reaches the prompt of `claude -p` in job answer as `$BODY`' }
  ])
  expectFindings(await runRule('untrusted-trigger', files), [{ file: W, line: 10, column: 11, endColumn: 66, message: '`claude -p` runs on issue_comment in job answer' }])
})

test('hidden runs: calls that pass their arguments on from function to function are followed within a bound; what is left is found as written', { timeout: 300_000 }, async () => {
  const { scriptRuns } = await import('../../src/analysis/claude-runs.js')
  // Each of 16 functions runs claude and calls every other one with its arguments: 16^5 paths.
  const names = Array.from({ length: 16 }, (_, i) => `f${i}`)
  const text = [...names.map((n) => `${n}() { claude -p "$@"; ${names.map((m) => `${m} "$@"`).join('; ')}; }`), 'f0 hi', ''].join('\n')
  const starts = new Set<number>()
  scriptRuns(text, (c) => starts.add(c.start))
  const bodies = names.map((n) => text.indexOf('claude', text.indexOf(`${n}() {`)))
  assert.deepEqual([...starts].sort((a, b) => a - b), bodies)
})

test('hidden runs: a script named from the workspace root is the repository file where the job checks it out there', async () => {
  const findings = await runRule('no-turn-limit', {
    [W]: `on: push
jobs:
  a:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - run: bash "$GITHUB_WORKSPACE/scripts/review.sh"
        working-directory: docs
  b:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - run: \${{ github.workspace }}/scripts/review.sh
  c:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
        with:
          path: src
      - run: bash "$GITHUB_WORKSPACE/scripts/review.sh"
`,
    'scripts/review.sh': '#!/bin/bash\nclaude -p "review the change"\n',
    'docs/scripts/review.sh': 'echo "not this one"\n'
  })
  expectFindings(findings, [{ file: 'scripts/review.sh', line: 2, column: 1, endColumn: 30, message: 'unattended Claude run in job a, b has no `--max-turns`' }])
})

test('hidden runs: a variable holding an arithmetic expansion is one word (`timeout $t claude -p` after `t=$((n * 60))`)', async () => {
  const findings = await runRule('no-turn-limit', {
    [W]: `on: push
jobs:
  a:
    runs-on: ubuntu-latest
    steps:
      - run: |
          t=$((10 * 60))
          timeout $t claude -p "one"
      - run: |
          t="$(( 5 + 5 ))m"
          timeout "$t" claude -p "two"
`
  })
  const message = 'unattended Claude run in job a has no `--max-turns`'
  expectFindings(findings, [
    { file: W, line: 8, column: 11, endColumn: 37, message },
    { file: W, line: 11, column: 11, endColumn: 39, message }
  ])
})
