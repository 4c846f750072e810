/**
 * What a step output spliced into `claude_args` carries: read from the
 * `$GITHUB_OUTPUT` lines of the `run:` step that writes it, through the
 * script's variables (src/analysis/args-expressions.ts).
 */
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { rmSync } from 'node:fs'
import { writeFixture } from '../rules/harness.js'
import { discover } from '../../src/discover.js'
import { buildProject } from '../../src/model/project.js'
import { argsExpressionFlag } from '../../src/analysis/args-expressions.js'

const WORKFLOW = `on: issue_comment
jobs:
  review:
    runs-on: ubuntu-latest
    steps:
      - id: pick
        env:
          BASE: --model haiku
          PLAIN: --verbose
        run: |
          args="--model $MODEL"
          args="$args --effort high"
          echo "two=$args" >> $GITHUB_OUTPUT
          echo "base=$BASE" >> $GITHUB_OUTPUT
          echo "plain=$PLAIN" >> $GITHUB_OUTPUT
          echo 'quoted=$args' >> $GITHUB_OUTPUT
          cut="\${args#--model }"
          echo "cut=$cut" >> $GITHUB_OUTPUT
          echo "appended=$more" >> $GITHUB_OUTPUT
          more+=" --model opus"
          D="EOF_$(openssl rand -hex 8)"
          echo "block<<$D" >> "$GITHUB_OUTPUT"
          echo "--verbose" >> "$GITHUB_OUTPUT"
          echo "$args" >> "$GITHUB_OUTPUT"
          echo "$D" >> "$GITHUB_OUTPUT"
          { echo "plainblock<<EOF"; echo "--verbose"; echo "EOF"; } >> "$GITHUB_OUTPUT"
      - uses: anthropics/claude-code-action@v1
        with:
          prompt: go
          claude_args: |
            \${{ steps.pick.outputs.two }} \${{ steps.pick.outputs.base }} \${{ steps.pick.outputs.plain }}
            \${{ steps.pick.outputs.quoted }} \${{ steps.pick.outputs.cut }} \${{ steps.pick.outputs.appended }}
`

test('args-expressions: each step output is judged from what the script writes', async () => {
  const dir = writeFixture({ '.github/workflows/w.yml': WORKFLOW })
  try {
    const project = await buildProject(await discover(dir), { history: false, verifyHooks: false })
    const run = project.claudeRuns[0]
    assert.ok(run)
    const verdict = (outputs: string): 'set' | 'unknown' | undefined =>
      argsExpressionFlag({ ...run, flagsText: outputs.split(' ').map((o) => `\${{ steps.pick.outputs.${o} }}`).join(' ') }, '--model')?.verdict
    // Every assignment of `args` gives it `--model`; the second appends to the first.
    assert.equal(verdict('two'), 'set')
    // A variable the script does not assign: the step's `env:` value.
    assert.equal(verdict('base'), 'set')
    assert.equal(verdict('plain'), undefined)
    // Single quotes: the shell writes `$args` as it stands.
    assert.equal(verdict('quoted'), undefined)
    // An expansion with an operator may cut the flag away; an append-only variable has no known start.
    assert.equal(verdict('cut'), 'unknown')
    assert.equal(verdict('appended'), 'unknown')
    assert.equal(verdict('plain cut'), 'unknown')
    assert.equal(verdict('plain two'), 'set')
    // A value written between \`NAME<<DELIM\` and \`DELIM\`: one of its lines carries the flag.
    assert.equal(verdict('block'), 'set')
    assert.equal(verdict('plainblock'), undefined)
    // The first expression that cannot be read is named.
    assert.deepEqual(argsExpressionFlag({ ...run, flagsText: '--verbose ${{ vars.ARGS }}x ${{ steps.pick.outputs.cut }}' }, '--model'), {
      verdict: 'unknown',
      expression: '${{ steps.pick.outputs.cut }}'
    })
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
})

test('args-expressions: a value’s variables are the parse’s expansions: an apostrophe in "…" and quotes in a heredoc body are text', async () => {
  const dir = writeFixture({
    '.github/workflows/w.yml': `on: issue_comment
jobs:
  review:
    runs-on: ubuntu-latest
    steps:
      - id: pick
        env:
          FLAGS: --model haiku
          PLAIN: --verbose
        run: |
          echo "note=it's $FLAGS" >> $GITHUB_OUTPUT
          echo "other=don't $PLAIN" >> $GITHUB_OUTPUT
          cat >> $GITHUB_OUTPUT <<EOF
          doc='$FLAGS'
          EOF
      - uses: anthropics/claude-code-action@v1
        with:
          prompt: go
          claude_args: \${{ steps.pick.outputs.note }}
`
  })
  try {
    const project = await buildProject(await discover(dir), { history: false, verifyHooks: false })
    const run = project.claudeRuns[0]
    assert.ok(run)
    const verdict = (output: string): 'set' | 'unknown' | undefined =>
      argsExpressionFlag({ ...run, flagsText: `\${{ steps.pick.outputs.${output} }}` }, '--model')?.verdict
    // The old scan took the apostrophe for an opening quote and the quotes of the heredoc line for quotes: `unknown`.
    assert.equal(verdict('note'), 'set')
    assert.equal(verdict('other'), undefined)
    assert.equal(verdict('doc'), 'set')
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
})
