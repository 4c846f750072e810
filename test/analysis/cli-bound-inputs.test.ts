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
function action(tail: string, inputs = '  allowed_tools:\n    description: tools\n'): string {
  return `inputs:
${inputs}runs:
  using: composite
  steps:
    - shell: bash
      env:
        ANTHROPIC_API_KEY: x
      run: |
        claude -p "$(cat x)" --max-turns 3 --model m ${tail}
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
