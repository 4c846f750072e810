import { test } from 'node:test'
import assert from 'node:assert/strict'
import { runRule, expectFindings } from './harness.js'
import { shellParseCalls } from '../../src/shell/parse.js'

const RULE = 'agent-output-executed'
const F = '.github/workflows/triage.yml'

test('agent-output-executed: action outputs spliced into run:, github-script, or run through env', async () => {
  const findings = await runRule(RULE, {
    [F]: `on: issues
jobs:
  triage:
    runs-on: ubuntu-latest
    steps:
      - id: claude
        uses: anthropics/claude-code-action@v1
        with:
          prompt: triage
      - run: \${{ steps.claude.outputs.structured_output }} # NOT OK
      - run: echo "\${{ fromJSON(steps.claude.outputs.structured_output).label }}" # NOT OK
      - env:
          CMD: \${{ steps.claude.outputs.structured_output }}
        run: |
          eval "$CMD" # NOT OK
          bash -c "$CMD" # NOT OK
          echo "PATH_ADD=$CMD" >> "$GITHUB_ENV" # NOT OK
          $CMD # NOT OK
      - uses: actions/github-script@v7
        with:
          script: return \${{ steps.claude.outputs.structured_output }} # NOT OK
      - run: bash \${{ steps.claude.outputs.execution_file }} # NOT OK
`
  })
  expectFindings(findings, [
    { file: F, line: 10, column: 14, endColumn: 59, severity: 'high', message: '`steps.claude.outputs.structured_output`, text the Claude agent produced in job triage, is spliced into the `run:` script' },
    { line: 11, column: 20, message: 'is spliced into the `run:` script' },
    { line: 15, column: 16, endColumn: 22, message: '`steps.claude.outputs.structured_output`, text the Claude agent produced in job triage, passes it to `eval`' },
    { line: 16, column: 19, message: 'passes it to `bash -c`' },
    { line: 17, column: 16, message: 'writes it to `$GITHUB_ENV`' },
    { line: 18, column: 11, endColumn: 15, message: 'runs it as a command' },
    { line: 21, column: 26, message: 'github-script code' },
    { line: 22, column: 19, message: 'runs the file it names' }
  ])
})

test('agent-output-executed: claude -p output captured, piped, written to a file, a step output or a job output', async () => {
  const findings = await runRule(RULE, {
    [F]: `on: push
jobs:
  gen:
    runs-on: ubuntu-latest
    outputs:
      fix: \${{ steps.ask.outputs.cmd }}
    steps:
      - id: ask
        run: |
          OUT=$(claude -p "suggest a command")
          eval "$OUT" # NOT OK
          claude -p "write a script" | sh # NOT OK
          claude -p "write a script" > fix.sh
          echo "cmd=$OUT" >> "$GITHUB_OUTPUT"
      - run: bash fix.sh # NOT OK
      - run: \${{ steps.ask.outputs.cmd }} # NOT OK
  apply:
    needs: gen
    runs-on: ubuntu-latest
    steps:
      - run: \${{ needs.gen.outputs.fix }} # NOT OK
`
  })
  expectFindings(findings, [
    { file: F, line: 11, column: 16, endColumn: 22, message: 'the output of `claude -p`, text the Claude agent produced in job gen, passes it to `eval`' },
    { line: 12, column: 40, endColumn: 42, message: 'pipes it into `sh`' },
    { line: 15, column: 19, endColumn: 25, message: 'runs the file it was written to' },
    { line: 16, column: 14, message: 'is spliced into the `run:` script' },
    { line: 21, column: 14, message: '`needs.gen.outputs.fix`, text the Claude agent produced in job apply, is spliced' }
  ])
})

test('agent-output-executed: output used as data, compared, other steps and paths pass', async () => {
  const findings = await runRule(RULE, {
    [F]: `on: issues
jobs:
  triage:
    runs-on: ubuntu-latest
    steps:
      - run: echo \${{ steps.claude.outputs.structured_output }} # OK: before the Claude step
      - id: claude
        uses: anthropics/claude-code-action@v1
        with:
          prompt: triage
      - if: steps.claude.outputs.structured_output == 'bug'
        run: echo ok # OK: a comparison
      - run: echo "\${{ contains(steps.claude.outputs.structured_output, 'bug') }}" # OK: a boolean
      - run: cat \${{ steps.claude.outputs.execution_file }} # OK: the file is read, not run
      - run: echo \${{ steps.claude.outputs.branch_name }} # OK: the action chose the name
      - env:
          OUT: \${{ steps.claude.outputs.structured_output }}
        run: |
          label="$(jq -r .label <<<"$OUT")" # OK: parsed as data
          case "$label" in bug) gh issue edit 1 --add-label bug ;; esac
          echo 'eval "$OUT"' # OK: quoted text
      - id: other
        run: echo "x=1" >> "$GITHUB_OUTPUT"
      - run: \${{ steps.other.outputs.x }} # OK: not Claude
`
  })
  expectFindings(findings, [])
})

test('agent-output-executed: names of the files the agent wrote, from git diff, carried through a step output into run:', async () => {
  const W = '.github/workflows/docs.yml'
  const findings = await runRule(RULE, {
    [W]: `on: workflow_dispatch
jobs:
  docs:
    runs-on: ubuntu-latest
    steps:
      - run: git diff --name-only > before.txt # OK: before Claude ran
        id: early
      - uses: anthropics/claude-code-action@v1
        with:
          prompt: update the docs
      - id: description
        run: |
          FILES=$(git diff --name-only)
          STAT=$(git diff --stat)
          COUNT=$(git diff --name-only | wc -l)
          BODY=$(cat <<EOF
          Changed files:
          $(echo "$FILES" | sed 's/^/- /')
          $STAT
          EOF
          )
          echo "body<<DELIM" >> $GITHUB_OUTPUT
          echo "$BODY" >> $GITHUB_OUTPUT
          echo "DELIM" >> $GITHUB_OUTPUT
          echo "count=$COUNT" >> $GITHUB_OUTPUT
          echo "quiet=$(git diff --quiet && echo no)" >> $GITHUB_OUTPUT
      - run: |
          gh pr create --title docs --body "\${{ steps.description.outputs.body }}" # NOT OK
          echo "\${{ steps.description.outputs.count }} \${{ steps.description.outputs.quiet }}" # OK: a number, a status
          eval "$(git status --porcelain)" # NOT OK
  other:
    runs-on: ubuntu-latest
    steps:
      - id: d
        run: echo "files=$(git diff --name-only)" >> $GITHUB_OUTPUT
      - run: echo "\${{ steps.d.outputs.files }}" # OK: no Claude in this job
`
  })
  expectFindings(findings, [
    {
      file: W,
      line: 28,
      column: 45,
      endColumn: 82,
      severity: 'high',
      message:
        '`steps.description.outputs.body` (what `git diff --name-only` lists of the files the agent wrote, whose names the agent chose), text the Claude agent produced in job docs, is spliced into the `run:` script'
    },
    { line: 30, column: 16, endColumn: 43, message: 'what `git status --porcelain` lists of the files the agent wrote, whose names the agent chose, text the Claude agent produced in job docs, passes it to `eval`' }
  ])
})

test('agent-output-executed: after Claude ran, git scripts that cannot list its files are not parsed; a spelled listing is', async () => {
  const wf = (run: string): Record<string, string> => ({
    [F]: `on: workflow_dispatch
jobs:
  docs:
    runs-on: ubuntu-latest
    steps:
      - uses: anthropics/claude-code-action@v1
        with:
          prompt: update the docs
      - run: |
${run.split('\n').map((l) => `          ${l}`).join('\n')}
`
  })
  // git without a substitution, or substitutions with no diff, status or ls-files: nothing the agent chose gets in.
  const before = shellParseCalls()
  expectFindings(await runRule(RULE, wf('git add -A\ngit commit -m "docs: update"\ngit push origin "HEAD:docs-$(date +%s)"\neval "$(git log -1 --format=%H)"')), [])
  assert.equal(shellParseCalls() - before, 0)
  // The subcommand spelled with quotes still reaches the parser, and so does a backtick substitution.
  expectFindings(await runRule(RULE, wf('eval "$(git "di"ff --name-only)"\nsh -c "`git status --short`"')), [
    { line: 10, column: 16, endColumn: 43, message: 'what `git diff --name-only` lists of the files the agent wrote, whose names the agent chose, text the Claude agent produced in job docs, passes it to `eval`' },
    { line: 11, column: 17, endColumn: 39, message: 'what `git status --short` lists of the files the agent wrote, whose names the agent chose, text the Claude agent produced in job docs, passes it to `sh -c`' }
  ])
})

test('agent-output-executed: expansions as bash reads them (from the parse): quotes in a heredoc body are text, $(…) inside "…" quotes afresh, <<\'EOF\' expands nothing', async () => {
  const findings = await runRule(RULE, {
    [F]: `on: push
jobs:
  gen:
    runs-on: ubuntu-latest
    steps:
      - run: |
          OUT=$(claude -p "suggest a label")
          cat <<EOF | bash # NOT OK: the body expands '$OUT' (quotes are text there) into the script
          gh issue edit 1 --add-label '$OUT'
          EOF
          echo "LABEL=$(printf '%s' '$OUT')" >> "$GITHUB_ENV" # OK: writes the text $OUT
          cat <<'EOF' | sh # OK: the body is text; OUT is not exported to sh
          echo "$OUT"
          EOF
          cat <<EOF | sh # OK: escaped
          echo \\$OUT
          EOF
`
  })
  expectFindings(findings, [{ file: F, line: 8, column: 23, endColumn: 27, severity: 'high', message: 'the output of `claude -p`, text the Claude agent produced in job gen, pipes it into `bash`' }])
})
