/**
 * `claude -p` inside a local composite action whose flags are written as
 * `${{ inputs.X }}` (or an expression over inputs): the words GitHub writes
 * there from the caller's `with:` (or the input's default) are the flags the
 * rules read, and a piece of them points where the caller wrote it.
 */
import { test } from 'node:test'
import { runRule, expectFindings, type Fixture } from '../rules/harness.js'

const W = '.github/workflows/ai.yml'
const A = '.github/actions/cc/action.yml'

/** A workflow calling the local action with `with:` lines (`allowed_tools` on line 9 when first). */
function caller(withLines: string[]): string {
  return `on: pull_request
jobs:
  ai:
    runs-on: ubuntu-latest
    timeout-minutes: 10
    steps:
      - uses: ./.github/actions/cc
${withLines.length ? `        with:\n${withLines.map((l) => `          ${l}\n`).join('')}` : ''}`
}

/** A composite action whose `claude -p` line is 11 (two lines of inputs) ends with `tail`. */
function action(tail: string, inputs = '  allowed_tools:\n    description: tools\n', head = 'claude -p "$(cat x)" --max-turns 3 --model m'): string {
  return `inputs:
${inputs}runs:
  using: composite
  steps:
    - shell: bash
      env:
        ANTHROPIC_API_KEY: x
      run: |
        ${head} ${tail}
`
}

const PLAIN = '--allowedTools "${{ inputs.allowed_tools }}"'
const FORMAT = `\${{ inputs.allowed_tools != '' && format('--allowedTools "{0}"', inputs.allowed_tools) || '' }}`
const TOOLS = 'allowed_tools: "Bash(gh label list),WebFetch,LS"'

test('cli bound inputs: --allowedTools "${{ inputs.X }}" in a composite action is the caller\'s list, reported where the caller wrote it', async () => {
  const files: Fixture = { [W]: caller([TOOLS]), [A]: action(PLAIN) }
  expectFindings(await runRule('overbroad-permission', files), [
    { file: W, line: 9, column: 47, endColumn: 55, severity: 'high', message: /^`--allowedTools` in job ai pre-approves `WebFetch` \(sending data to any host\)/ }
  ])
})

test('cli bound inputs: format(\'--allowedTools "{0}"\', inputs.X) writes flag and value: the value is the caller\'s', async () => {
  const files: Fixture = { [W]: caller([TOOLS]), [A]: action(FORMAT) }
  expectFindings(await runRule('overbroad-permission', files), [
    { file: W, line: 9, column: 47, endColumn: 55, severity: 'high', message: /^`--allowedTools` in job ai pre-approves `WebFetch`/ }
  ])
})

test('cli bound inputs: the list written literally in the script is reported there (unchanged)', async () => {
  const files: Fixture = { [W]: caller([]), [A]: action('--allowedTools "Bash(gh label list),WebFetch,LS"') }
  expectFindings(await runRule('overbroad-permission', files), [
    { file: A, line: 11, column: 90, endColumn: 98, severity: 'high', message: /^`--allowedTools` in job ai pre-approves `WebFetch`/ }
  ])
})

test('cli bound inputs: a caller that passes nothing gets the input\'s default, reported at the default', async () => {
  const inputs = '  allowed_tools:\n    description: tools\n    default: "Read,WebFetch"\n'
  for (const tail of [PLAIN, FORMAT]) {
    const files: Fixture = { [W]: caller([]), [A]: action(tail, inputs) }
    expectFindings(await runRule('overbroad-permission', files), [
      { file: A, line: 4, column: 20, endColumn: 28, severity: 'high', message: /^`--allowedTools` in job ai pre-approves `WebFetch`/ }
    ])
  }
})

test('cli bound inputs: an input not passed and without default writes no flag', async () => {
  const files: Fixture = { [W]: caller(['other: x']), [A]: action(FORMAT, '  allowed_tools:\n    description: tools\n  other:\n    description: other\n') }
  expectFindings(await runRule('overbroad-permission', files), [])
})

/** Inputs `turns` and `model` (no defaults): the action's `claude -p` line is 13. */
const TWO = '  turns:\n    description: turns\n  model:\n    description: model\n'
const TURNS = `\${{ inputs.turns != '' && format('--max-turns {0}', inputs.turns) || '' }}`
const MODEL = `\${{ inputs.model && format('--model={0}', inputs.model) || '' }}`

test('cli bound inputs: --max-turns and --model written by an expression over inputs count when the caller passes them, not when it does not', async () => {
  const run = action(`${TURNS} ${MODEL}`, TWO, 'claude -p "$(cat x)"')
  const passed: Fixture = { [W]: caller(['turns: 5', 'model: claude-opus-4-6']), [A]: run }
  expectFindings(await runRule('no-turn-limit', passed), [])
  expectFindings(await runRule('model-not-pinned', passed), [])
  // Not passed, no default: GitHub writes nothing there, so neither flag is given.
  const none: Fixture = { [W]: caller([]), [A]: run }
  expectFindings(await runRule('no-turn-limit', none), [{ file: A, line: 13, column: 9, severity: 'medium', message: /^unattended Claude run in job ai has no `--max-turns`/ }])
  expectFindings(await runRule('model-not-pinned', none), [{ file: A, line: 13, column: 9, severity: 'medium', message: /^Claude run in job ai does not choose a model/ }])
})

test('cli bound inputs: an unquoted input splits into words: a bypass flag the caller passes is reported where it wrote it', async () => {
  const files: Fixture = {
    [W]: caller(['extra: --verbose --dangerously-skip-permissions']),
    [A]: action('${{ inputs.extra }}', '  extra:\n    description: extra flags\n')
  }
  expectFindings(await runRule('bypass-permissions', files), [
    { file: W, line: 9, column: 28, endColumn: 58, severity: 'high', message: /^the local action \.github\/actions\/cc\/action\.yml \(job ai in \.github\/workflows\/ai\.yml\) runs Claude with `--dangerously-skip-permissions`/ }
  ])
  // Quoted, the same text is one word (a prompt or a value), not a flag.
  const quoted: Fixture = { ...files, [A]: action('"${{ inputs.extra }}"', '  extra:\n    description: extra flags\n') }
  expectFindings(await runRule('bypass-permissions', quoted), [])
})

test('cli bound inputs: a bypass flag the expression itself writes is reported once, at its text in the script', async () => {
  const files: Fixture = {
    [W]: caller(['yolo: "true"']),
    [A]: action(`\${{ inputs.yolo == 'true' && '--dangerously-skip-permissions' || '' }}`, '  yolo:\n    description: skip checks\n')
  }
  expectFindings(await runRule('bypass-permissions', files), [
    { file: A, line: 11, column: 84, endColumn: 114, severity: 'high', message: /runs Claude with `--dangerously-skip-permissions`/ }
  ])
})

test('cli bound inputs: --mcp-config "${{ inputs.X }}" reads the file the caller names', async () => {
  const files: Fixture = {
    [W]: caller(['mcp: .github/mcp.json']),
    [A]: action('--mcp-config "${{ inputs.mcp }}"', '  mcp:\n    description: config\n'),
    '.github/mcp.json': '{"mcpServers": {"x": {"command": "npx", "args": ["-y", "some-mcp-server"]}}}\n'
  }
  expectFindings(await runRule('mcp-unpinned', files), [
    { file: '.github/mcp.json', line: 1, column: 17, severity: 'critical', message: /^MCP server x \(given with `--mcp-config`\) runs code resolved at launch \(`npx some-mcp-server`: no version\)/ }
  ])
})

test('cli bound inputs: two runs of one job reading the caller\'s list (both branches of an if) make one finding', async () => {
  const files: Fixture = {
    [W]: caller([TOOLS]),
    [A]: action(`${FORMAT}
        if [ -n "$OUT" ]; then
          claude -p "$(cat x)" --max-turns 3 --model m ${FORMAT} | tee out.txt
        fi`)
  }
  expectFindings(await runRule('overbroad-permission', files), [
    { file: W, line: 9, column: 47, endColumn: 55, severity: 'high', message: /^`--allowedTools` in job ai pre-approves `WebFetch`/ }
  ])
})
