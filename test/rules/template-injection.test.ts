import { test } from 'node:test'
import assert from 'node:assert/strict'
import { runRule, expectFindings } from './harness.js'
import { COMPOSITE_WRAPPER } from './composite-wrapper.js'
import { shellParseCalls } from '../../src/shell/parse.js'

const RULE = 'template-injection'
const F = '.github/workflows/claude.yml'

test('template-injection: untrusted fields in run scripts, block scalars, github-script', async () => {
  const findings = await runRule(RULE, {
    [F]: `on: [issues, issue_comment]
jobs:
  triage:
    runs-on: ubuntu-latest
    steps:
      - run: echo "\${{ github.event.issue.title }}" # NOT OK
      - run: |
          echo start
          gh issue comment 1 --body "\${{ github.event.comment.body }}" # NOT OK
          echo "\${{ github.event.issue.number }}" # OK: a number
      - env:
          TITLE: \${{ github.event.issue.title }} # OK: env is data
        run: echo "$TITLE"
      - uses: actions/github-script@v7
        with:
          script: |
            const t = "\${{ github.event.issue['body'] }}" // NOT OK
      - run: |
          if [ "\${{ contains(github.event.comment.body, '/go') }}" = true ]; then echo go; fi # OK: boolean
          echo "\${{ github.event.issue.title == 'x' }}" # OK: boolean
`
  })
  expectFindings(findings, [
    {
      file: F,
      line: 6,
      column: 20,
      endLine: 6,
      endColumn: 51,
      severity: 'high',
      message: '`github.event.issue.title` is expanded into the `run:` script of job triage'
    },
    { line: 9, column: 38, endColumn: 70, severity: 'high', message: 'github.event.comment.body' },
    { line: 17, column: 24, endColumn: 57, severity: 'high', message: 'github-script code of job triage' }
  ])
})

test('template-injection: the Claude prompt and claude_args, env indirection, toJSON of the event', async () => {
  const findings = await runRule(RULE, {
    [F]: `on:
  pull_request_target:
jobs:
  review:
    runs-on: ubuntu-latest
    env:
      BRANCH: \${{ github.head_ref }}
    steps:
      - uses: anthropics/claude-code-action@v1
        with:
          prompt: |
            Review PR \${{ github.event.pull_request.number }}. # OK
            Title: \${{ github.event.pull_request.title }} # NOT OK
            Title again: \${{ github.event.pull_request.title }} # reported once per input
          claude_args: --append-system-prompt "\${{ github.event.pull_request.body }}" # NOT OK
      - run: git push origin "\${{ env.BRANCH }}" # NOT OK: env carries the branch name
      - run: echo '\${{ toJSON(github.event.pull_request) }}' > pr.json # NOT OK
      - run: echo '\${{ toJSON(github.event.pull_request.number) }}' # OK
`
  })
  expectFindings(findings, [
    {
      line: 13,
      column: 20,
      endColumn: 58,
      severity: 'high',
      message: 'expanded into `prompt` of the Claude step in job review'
    },
    { line: 15, column: 48, severity: 'high', message: 'gives the agent instructions and command-line flags' },
    { line: 16, column: 31, endColumn: 48, message: '`env.BRANCH (github.head_ref)`' },
    { line: 17, column: 20, message: '`toJSON(github.event.pull_request)`' }
  ])
})

test('template-injection: inputs in run are low, typed inputs and inputs in prompts are not reported', async () => {
  const findings = await runRule(RULE, {
    '.github/workflows/release.yml': `on:
  workflow_dispatch:
    inputs:
      version: { type: string }
      dry: { type: boolean }
      level: { type: choice, options: [a, b] }
jobs:
  release:
    runs-on: ubuntu-latest
    steps:
      - run: ./release.sh "\${{ inputs.version }}" # NOT OK (low)
      - run: ./release.sh "\${{ github.event.inputs.version }}" --dry=\${{ inputs.dry }} --level \${{ inputs.level }}
      - uses: anthropics/claude-code-action@v1
        with:
          prompt: "changelog for \${{ inputs.version }}" # OK: maintainer text in a prompt
`
  })
  expectFindings(findings, [
    {
      file: '.github/workflows/release.yml',
      line: 11,
      column: 28,
      endColumn: 49,
      severity: 'low',
      message: 'typed by whoever starts the workflow'
    },
    { line: 12, column: 28, severity: 'low', message: '`github.event.inputs.version`' }
  ])
})

test('template-injection: flow style, quoted scalars, malformed and empty workflows', async () => {
  const findings = await runRule(RULE, {
    [F]: `on: push
jobs:
  a: {runs-on: x, steps: [{run: "echo \${{ github.event.head_commit.message }}"}]} # NOT OK
  b:
    steps:
      - run: echo "\${{ github.event.commits[0].author.name }}" # NOT OK
      - run: echo "\${{ github.sha }} \${{ github.event.pull_request.head.sha }}" # OK
      - run: 42
`,
    '.github/workflows/broken.yml': 'on: [push\njobs: {',
    '.github/workflows/empty.yml': ''
  })
  expectFindings(findings, [
    { file: F, line: 3, column: 39, endColumn: 78, message: 'github.event.head_commit.message' },
    { line: 6, column: 20, message: 'github.event.commits.*.author.name' }
  ])
})

test('template-injection: discussion, review and workflow_run fields', async () => {
  const findings = await runRule(RULE, {
    [F]: `on: [discussion, pull_request_review, workflow_run]
jobs:
  a:
    steps:
      - run: |
          echo "\${{ github.event.discussion.title }}"
          echo "\${{ github.event.review.body }}"
          echo "\${{ github.event.workflow_run.head_branch }}"
          echo "\${{ github.event.pages[0].page_name }}"
`
  })
  expectFindings(findings, [
    { line: 6, column: 17, message: 'github.event.discussion.title' },
    { line: 7, column: 17, message: 'github.event.review.body' },
    { line: 8, column: 17, message: 'github.event.workflow_run.head_branch' },
    { line: 9, column: 17, message: 'github.event.pages.*.page_name' }
  ])
})

test('template-injection: outsider text passed through env into the prompt of claude -p', async () => {
  const findings = await runRule(RULE, {
    [F]: `on:
  issue_comment:
    types: [created]
jobs:
  review:
    if: contains(fromJSON('["OWNER","MEMBER","COLLABORATOR"]'), github.event.comment.author_association)
    runs-on: ubuntu-latest
    env:
      PR_TITLE: \${{ github.event.issue.title }}
    steps:
      - name: Review
        env:
          ANTHROPIC_API_KEY: \${{ secrets.ANTHROPIC_API_KEY }}
          PR_BODY: \${{ github.event.issue.body }}
          PR_NUMBER: \${{ github.event.issue.number }}
        run: |
          echo "$PR_BODY" > body.txt
          claude -p "Review PR $PR_NUMBER titled '$PR_TITLE'. Description: $PR_BODY" --max-turns 5 # NOT OK (twice)
          claude -p 'Review $PR_BODY literally' --max-turns 5 # OK: single quotes, no expansion
          claude -p "Review PR $PR_NUMBER" --model "$PR_TITLE" # OK for this rule: not the prompt
      - env:
          BODY: \${{ github.event.comment.body }}
        run: |
          PROMPT="Answer this: $BODY"
          claude --append-system-prompt "$PROMPT" -p "go" --max-turns 3 # OK: the commenter is gated, the issue's opener is not
`
  })
  expectFindings(findings, [
    {
      file: F,
      line: 18,
      column: 51,
      endColumn: 60,
      severity: 'high',
      message:
        "`env.PR_TITLE (github.event.issue.title)` reaches the prompt of `claude -p` in job review as `$PR_TITLE`: going through `env:` keeps it out of the shell's code, but whoever writes that text gives the agent instructions with the job's token and secrets"
    },
    { line: 18, column: 76, endColumn: 84, severity: 'high', message: '`env.PR_BODY (github.event.issue.body)` reaches the prompt of `claude -p` in job review as `$PR_BODY`' }
  ])
})

test('template-injection: text by a gated author is not reported; boolean flags before the prompt', async () => {
  const findings = await runRule(RULE, {
    [F]: `on:
  issue_comment:
    types: [created]
  issues:
    types: [opened, labeled]
jobs:
  gated:
    if: (github.event_name == 'issue_comment' && contains(fromJSON('["OWNER","MEMBER","COLLABORATOR"]'), github.event.comment.author_association)) || (github.event_name == 'issues' && github.event.issue.author_association == 'OWNER')
    steps:
      - env:
          COMMENT: \${{ github.event.comment.body }}
        run: claude -p "Answer $COMMENT" --max-turns 3 # OK: only trusted people comment here
      - run: echo "\${{ github.event.comment.body }}" # OK: trusted author
  label:
    if: github.event.label.name == 'claude' || github.event_name == 'issue_comment' && github.actor == 'alice'
    steps:
      - env:
          TITLE: \${{ github.event.issue.title }}
        run: claude -p --strict-mcp-config "Issue $TITLE" --max-turns 3 # NOT OK: a label vouches for the labeler, not the opener
  open:
    steps:
      - env:
          BODY: \${{ github.event.comment.body }}
        run: |
          PROMPT="Answer this: $BODY"
          claude --append-system-prompt "$PROMPT" -p "go" --max-turns 3 # NOT OK: through a shell variable
`
  })
  expectFindings(findings, [
    {
      file: F,
      line: 19,
      column: 51,
      endColumn: 57,
      severity: 'high',
      message: '`env.TITLE (github.event.issue.title)` reaches the prompt of `claude -p` in job label as `$TITLE`'
    },
    {
      line: 26,
      column: 42,
      endColumn: 49,
      severity: 'high',
      message: '`env.BODY (github.event.comment.body)` reaches `--append-system-prompt` of `claude -p` in job open as `$PROMPT`'
    }
  ])
})

test('template-injection: outside text passed into a composite action or reusable workflow reaches the prompt', async () => {
  const findings = await runRule('template-injection', {
    '.github/workflows/ai.yml': `on: issue_comment
jobs:
  review:
    runs-on: ubuntu-latest
    steps:
      - uses: ./.github/actions/ai-review
        with:
          prompt: \${{ github.event.comment.body }} # NOT OK
          title: \${{ github.event.issue.number }} # OK: a number
      - uses: ./.github/actions/gone
        with:
          claude_args: --max-turns 3
          prompt: \${{ github.event.issue.title }} # NOT OK: the absent action takes Claude inputs
  call:
    uses: ./.github/workflows/agent.yml
    with:
      task: \${{ github.event.comment.body }} # NOT OK
`,
    '.github/actions/ai-review/action.yml': `inputs:
  prompt: {description: x}
  title: {description: x}
runs:
  using: composite
  steps:
    - uses: anthropics/claude-code-action@v1
      with:
        prompt: "\${{ inputs.title }}: \${{ inputs.prompt }}"
        claude_args: --dangerously-skip-permissions
`,
    '.github/workflows/agent.yml': `on:
  workflow_call:
    inputs:
      task: {type: string}
jobs:
  agent:
    runs-on: ubuntu-latest
    steps:
      - run: claude -p "\${{ inputs.task }}" --max-turns 3
`
  })
  expectFindings(findings, [
    { file: '.github/workflows/agent.yml', line: 9, column: 25, severity: 'low', message: 'typed by whoever starts the workflow' },
    {
      file: '.github/workflows/ai.yml',
      line: 8,
      column: 19,
      endColumn: 51,
      severity: 'high',
      message: '`github.event.comment.body` is passed as input `prompt` of the local action .github/actions/ai-review/action.yml and reaches `prompt` of the Claude step in job review (.github/actions/ai-review/action.yml)'
    },
    { line: 13, column: 19, message: '`github.event.issue.title` is expanded into `prompt` of the Claude step in job review' },
    {
      line: 17,
      column: 13,
      message: '`github.event.comment.body` is passed as input `task` of the reusable workflow .github/workflows/agent.yml (called by job call) and reaches the `claude -p` command'
    },
  ])
})

test('template-injection: outside text written to a step output by an earlier step reaches the prompt', async () => {
  const findings = await runRule('template-injection', {
    '.github/workflows/ai.yml': `on: issues
jobs:
  triage:
    runs-on: ubuntu-latest
    steps:
      - id: ctx
        env:
          BODY: \${{ github.event.issue.body }}
          NUM: \${{ github.event.issue.number }}
        run: |
          echo "body=$BODY" >> "$GITHUB_OUTPUT"
          echo "num=$NUM" >> "$GITHUB_OUTPUT"
      - uses: anthropics/claude-code-action@v1
        with:
          prompt: |
            Triage issue \${{ steps.ctx.outputs.num }}: # OK: a number
            \${{ steps.ctx.outputs.body }} # NOT OK
`
  })
  expectFindings(findings, [
    {
      file: '.github/workflows/ai.yml',
      line: 17,
      column: 13,
      severity: 'high',
      message: '`steps.ctx.outputs.body (env.BODY (github.event.issue.body))` is expanded into `prompt` of the Claude step in job triage'
    }
  ])
})

test('template-injection: a text no event of the workflow carries is empty, not an injection', async () => {
  const findings = await runRule('template-injection', {
    // github.head_ref is set only on pull_request and pull_request_target.
    '.github/workflows/manual.yml': 'on: workflow_dispatch\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo "${{ github.head_ref }}" # OK: empty\n      - run: echo "${{ github.event.issue.title }}" # OK: empty\n',
    '.github/workflows/push.yml': 'on: [push, schedule]\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo "${{ github.event.pull_request.title }} ${{ github.event.head_commit.message }}" # NOT OK: the commit message\n',
    '.github/workflows/pr.yml': 'on: [pull_request_target, workflow_dispatch]\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo "${{ github.head_ref }}" # NOT OK\n',
    '.github/workflows/commit.yml': 'on: commit_comment\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo "${{ github.event.comment.body }}" # NOT OK\n',
    // A reusable workflow runs on its callers' events; an unknown event may carry anything.
    '.github/workflows/called.yml': 'on: workflow_call\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo "${{ github.head_ref }}" # NOT OK\n',
    '.github/workflows/other.yml': 'on: [push, some_future_event]\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo "${{ github.event.issue.title }}" # NOT OK\n'
  })
  assert.deepEqual(
    findings.map((f) => `${f.file}:${f.line}:${f.column} ${f.message.slice(0, f.message.indexOf('`', 1) + 1)}`),
    [
      '.github/workflows/called.yml:6:20 `github.head_ref`',
      '.github/workflows/commit.yml:6:20 `github.event.comment.body`',
      '.github/workflows/other.yml:6:20 `github.event.issue.title`',
      '.github/workflows/pr.yml:6:20 `github.head_ref`',
      '.github/workflows/push.yml:6:59 `github.event.head_commit.message`'
    ]
  )
})

test('template-injection: run scripts of local composite actions, with the caller\'s event and inputs', async () => {
  const A = '.github/actions/greet/action.yml'
  const findings = await runRule('template-injection', {
    '.github/workflows/ai.yml': `on: [issues, pull_request_target]
jobs:
  greet:
    runs-on: ubuntu-latest
    steps:
      - uses: ./.github/actions/greet
        with:
          title: \${{ github.event.issue.title }}
          number: \${{ github.event.issue.number }}
      - uses: ./.github/actions/outer
        with:
          text: \${{ github.event.pull_request.body }}
  call:
    uses: ./.github/workflows/reusable.yml
    with:
      task: \${{ github.event.issue.body }}
`,
    '.github/workflows/reusable.yml': `on:
  workflow_call:
    inputs:
      task: {type: string}
jobs:
  run:
    runs-on: ubuntu-latest
    steps:
      - uses: ./.github/actions/task
        with:
          task: \${{ inputs.task }}
`,
    '.github/actions/task/action.yml': `runs:
  using: composite
  steps:
    - shell: bash
      run: make \${{ inputs.task }} # NOT OK
`,
    [A]: `inputs:
  title: {description: x}
  number: {description: x}
runs:
  using: composite
  steps:
    - shell: bash
      run: |
        echo "Issue \${{ inputs.number }}" # OK: a number
        echo "\${{ inputs.title }}" # NOT OK
        echo "\${{ github.event.comment.body }}" # OK: the caller's events carry no comment
        echo "\${{ github.event.issue.body }}" # NOT OK
    - shell: bash
      env:
        TITLE: \${{ inputs.title }}
      run: echo "$TITLE" # OK: env is data
`,
    '.github/actions/outer/action.yml': `inputs:
  text: {description: x}
runs:
  using: composite
  steps:
    - uses: ./.github/actions/inner
      with:
        body: "PR: \${{ inputs.text }}"
`,
    '.github/actions/inner/action.yml': `inputs:
  body: {description: x}
runs:
  using: composite
  steps:
    - shell: bash
      run: gh pr comment --body "\${{ inputs.body }}" # NOT OK
`,
    '.github/actions/unused/action.yml': `runs:
  using: composite
  steps:
    - shell: bash
      run: echo "\${{ github.head_ref }}" # NOT OK: whoever uses it
    - shell: bash
      run: echo "\${{ inputs.anything }}" # OK: no caller known
`
  })
  expectFindings(findings, [
    {
      file: A,
      line: 10,
      column: 15,
      endColumn: 34,
      severity: 'high',
      message:
        '`github.event.issue.title` is passed as input `title` of the local action .github/actions/greet/action.yml by job greet of .github/workflows/ai.yml and expanded into its `run:` script before the shell parses it'
    },
    {
      file: A,
      line: 12,
      column: 15,
      endColumn: 45,
      severity: 'high',
      message: '`github.event.issue.body` is expanded into the `run:` script of the local action .github/actions/greet/action.yml (used by job greet of .github/workflows/ai.yml)'
    },
    {
      file: '.github/actions/inner/action.yml',
      line: 7,
      column: 34,
      endColumn: 52,
      message: '`github.event.pull_request.body` is passed as input `body` of the local action .github/actions/inner/action.yml by job greet of .github/workflows/ai.yml through .github/actions/outer/action.yml'
    },
    {
      file: '.github/actions/task/action.yml',
      line: 5,
      column: 17,
      endColumn: 35,
      message: '`github.event.issue.body` is passed as input `task` of the local action .github/actions/task/action.yml by job call of .github/workflows/ai.yml and expanded'
    },
    {
      file: '.github/actions/unused/action.yml',
      line: 5,
      column: 18,
      endColumn: 40,
      message: '`github.head_ref` is expanded into the `run:` script of the local action .github/actions/unused/action.yml (no workflow here uses it'
    }
  ])
})

test('template-injection: outside text in env reaches `claude -p` inside a composite action (points into action.yml)', async () => {
  const A = '.github/actions/ask/action.yml'
  const findings = await runRule('template-injection', {
    '.github/workflows/ai.yml': `on: issue_comment
jobs:
  ask:
    runs-on: ubuntu-latest
    steps:
      - uses: ./.github/actions/ask
        with:
          body: \${{ github.event.comment.body }}
`,
    [A]: `inputs:
  body: {description: x}
runs:
  using: composite
  steps:
    - shell: bash
      env:
        BODY: \${{ inputs.body }}
      run: claude -p "$BODY" --max-turns 3
`
  })
  expectFindings(findings, [
    {
      file: A,
      line: 9,
      column: 23,
      endColumn: 28,
      message: '`env.BODY (github.event.comment.body)` reaches the prompt of `claude -p` in job ask as `$BODY`'
    }
  ])
})

test('template-injection: outside text written to a file by an earlier step and read as the prompt', async () => {
  const findings = await runRule('template-injection', {
    '.github/workflows/ai.yml': `on: [issues, issue_comment]
jobs:
  triage:
    runs-on: ubuntu-latest
    steps:
      - name: Save the issue
        env:
          BODY: \${{ github.event.issue.body }}
          NUM: \${{ github.event.issue.number }}
        run: |
          echo "$BODY" > issue.md
          echo "$NUM" > number.txt
          printf '%s' "\${{ github.event.comment.body }}" | tee "\${{ runner.temp }}/comment.txt"
          echo "fixed text" > notes.md
      - uses: anthropics/claude-code-action@v1
        with:
          prompt: Triage the issue in issue.md (number in number.txt, notes in notes.md) # NOT OK: medium, issue.md
          claude_args: --max-turns 3
      - uses: anthropics/claude-code-base-action@v1
        with:
          prompt_file: \${{ runner.temp }}/comment.txt # NOT OK
      - run: claude -p "$(cat ./issue.md)" --max-turns 3 # NOT OK
      - run: cat notes.md | claude -p --max-turns 3 # OK: the maintainers' text
`
  })
  expectFindings(findings, [
    {
      line: 13,
      column: 24,
      message: '`github.event.comment.body` is expanded into the `run:` script of job triage'
    },
    {
      line: 17,
      column: 39,
      endColumn: 47,
      severity: 'medium',
      message: '`env.BODY (github.event.issue.body)` is written to `issue.md` by the earlier step "Save the issue" and named in `prompt` of the Claude step as the text to work on in job triage: whoever writes that text steers the agent'
    },
    {
      line: 21,
      column: 24,
      severity: 'high',
      message: '`github.event.comment.body` is written to `$RUNNER_TEMP/comment.txt` by the earlier step "Save the issue" and read as the prompt (`prompt_file`) of the Claude step in job triage: whoever writes that text gives the agent instructions'
    },
    { line: 22, column: 33, endColumn: 41, severity: 'high', message: 'is written to `issue.md` by the earlier step "Save the issue" and fed to the prompt of `claude -p`' }
  ])
})

test('template-injection: files written with fixed contexts only are not parsed; outside text still is', async () => {
  const wf = (run: string): Record<string, string> => ({
    '.github/workflows/ai.yml': `on: [issues, issue_comment]
jobs:
  triage:
    runs-on: ubuntu-latest
    steps:
      - run: |
${run.split('\n').map((l) => `          ${l}`).join('\n')}
      - uses: anthropics/claude-code-action@v1
        with:
          prompt: Triage the issue in issue.md
          claude_args: --max-turns 3
`
  })
  // Writes to a file, with expressions that can carry no outside text: nothing to parse.
  const before = shellParseCalls()
  expectFindings(await runRule('template-injection', wf('echo "${{ github.repository }} ${{ steps.x.outputs.y }}" > issue.md')), [])
  assert.equal(shellParseCalls() - before, 0)
  // An untrusted context is still followed, also through a wildcard.
  expectFindings(await runRule('template-injection', wf("echo '${{ github.event.issue.title }}' > issue.md")), [
    { line: 7, column: 17, message: '`github.event.issue.title` is expanded into the `run:` script of job triage' },
    { line: 10, column: 39, endColumn: 47, severity: 'medium', message: '`github.event.issue.title` is written to `issue.md` by step 1 of the job' }
  ])
  expectFindings(await runRule('template-injection', wf("echo '${{ toJSON(github.event.issue) }}' > issue.md")), [
    { line: 7, column: 17, message: '`toJSON(github.event.issue)` is expanded into the `run:` script of job triage' },
    { line: 10, column: 39, endColumn: 47, severity: 'medium', message: '`toJSON(github.event.issue)` is written to `issue.md` by step 1 of the job' }
  ])
})

test('template-injection: a runner-file write in a script that names a tainted variable without expanding it is not parsed', async () => {
  const wf = (run: string): Record<string, string> => ({
    '.github/workflows/ci.yml': `on: issue_comment
jobs:
  a:
    runs-on: ubuntu-latest
    steps:
      - env:
          BODY: \${{ github.event.comment.body }}
        run: |
${run.split('\n').map((l) => `          ${l}`).join('\n')}
`
  })
  // BODY only as part of other words (\`BODY_SIZE\`, \`$BODYX\`, \`NOBODY\`): nothing can carry it.
  const before = shellParseCalls()
  expectFindings(await runRule('template-injection', wf('echo "BODY_SIZE=1 NOBODY=$BODYX" >> "$GITHUB_OUTPUT"')), [])
  assert.equal(shellParseCalls() - before, 0)
  expectFindings(await runRule('template-injection', wf('echo "X=${BODY}" >> "$GITHUB_ENV"')), [
    { line: 9, column: 11, endColumn: 44, message: '`env.BODY (github.event.comment.body)` is written to `$GITHUB_ENV` in job a as `X=value`' }
  ])
})

test('template-injection: an output line of outside text is parsed only when a later step reads that output', async () => {
  const wf = (later: string, first = 'echo "body=$BODY" >> "$GITHUB_OUTPUT"'): Record<string, string> => ({
    '.github/workflows/ci.yml': `on: issue_comment
jobs:
  a:
    runs-on: ubuntu-latest
    steps:
      - id: s
        env:
          BODY: \${{ github.event.comment.body }}
        run: |
          ${first}
          echo "size=\${#BODY}" >> $GITHUB_OUTPUT
${later}
`
  })
  // \`NAME=value\` lines of $GITHUB_OUTPUT are not reported where they are written, and no step reads them: nothing to parse.
  const before = shellParseCalls()
  expectFindings(await runRule('template-injection', wf('      - run: echo done')), [])
  assert.equal(shellParseCalls() - before, 0)
  // A later step that expands the output: the writer is read, and the output followed.
  expectFindings(await runRule('template-injection', wf('      - run: echo "${{ steps.s.outputs.body }}"')), [
    { line: 12, column: 20, endColumn: 47, message: '`steps.s.outputs.body (env.BODY (github.event.comment.body))` is expanded into the `run:` script' }
  ])
  // A write to $GITHUB_ENV, even spelt with quotes inside the word, is still read where it is written.
  expectFindings(await runRule('template-injection', wf('', 'echo "BODY=$BODY" >> "$GITHUB_"E"NV"')), [
    { line: 10, column: 11, endColumn: 47, message: '`env.BODY (github.event.comment.body)` is written to `$GITHUB_ENV` in job a as `BODY=value`' }
  ])
})

test('template-injection: one-line outside text in a quoted heredoc stays data; bodies do not', async () => {
  const findings = await runRule('template-injection', {
    '.github/workflows/ci.yml': `on: pull_request_target
jobs:
  label:
    runs-on: ubuntu-latest
    steps:
      - run: |
          TITLE=$(cat <<'EOF'
          \${{ github.event.pull_request.title }}
          EOF
          )
          BODY=$(cat <<'EOF'
          \${{ github.event.pull_request.body }}
          EOF
          )
          cat <<EOF > note.txt
          \${{ github.head_ref }}
          EOF
`
  })
  expectFindings(findings, [
    { line: 12, column: 11, message: '`github.event.pull_request.body` is expanded into the `run:` script' },
    { line: 16, column: 11, message: '`github.head_ref` is expanded into the `run:` script' }
  ])
})

test('template-injection: step outputs carrying outside text, used in a later run:, a heredoc output and env feeding claude -p', async () => {
  const W = '.github/workflows/outputs.yml'
  const findings = await runRule(RULE, {
    [W]: `on: issues
jobs:
  triage:
    runs-on: ubuntu-latest
    steps:
      - id: t
        run: echo "title=\${{ github.event.issue.title }}" >> $GITHUB_OUTPUT
      - id: b
        env:
          BODY: \${{ github.event.issue.body }}
        run: |
          D=$(openssl rand -hex 8)
          {
            echo "text<<$D"
            echo "$BODY"
            echo "$D"
          } >> "$GITHUB_OUTPUT"
      - id: plain
        run: echo "sha=$(git rev-parse HEAD)" >> "$GITHUB_OUTPUT"
      - run: gh issue edit --title "\${{ steps.t.outputs.title }}"
      - run: echo "\${{ steps.b.outputs.text }}" > notes.md
      - run: echo "\${{ steps.plain.outputs.sha }}" # OK: the writer wrote no outside text
      - env:
          TEXT: \${{ steps.b.outputs.text }}
        run: claude -p "Summarise $TEXT" --max-turns 3
      - id: n
        env:
          BODY: \${{ github.event.issue.body }}
        run: |
          NUMS=$(echo "$BODY" | grep -o '#[0-9]*')
          echo "nums=$NUMS" >> "$GITHUB_OUTPUT"
      - run: echo "\${{ steps.n.outputs.nums }}" # OK: what grep kept is not known to be outside text
`
  })
  expectFindings(findings, [
    // The writer itself splices the title into its script.
    { file: W, line: 7, column: 26, endColumn: 57, message: '`github.event.issue.title` is expanded into the `run:` script' },
    {
      file: W,
      line: 20,
      column: 37,
      endColumn: 65,
      severity: 'high',
      message: '`steps.t.outputs.title (github.event.issue.title)` is expanded into the `run:` script of job triage'
    },
    { file: W, line: 21, column: 20, endColumn: 47, message: '`steps.b.outputs.text (env.BODY (github.event.issue.body))` is expanded into the `run:` script' },
    {
      file: W,
      line: 25,
      column: 35,
      endColumn: 40,
      message: '`env.TEXT (steps.b.outputs.text (env.BODY (github.event.issue.body)))` reaches the prompt of `claude -p` in job triage as `$TEXT`'
    }
  ])
})

test('template-injection: outside text written to $GITHUB_ENV, $GITHUB_PATH, or $GITHUB_OUTPUT between fixed delimiters', async () => {
  const W = '.github/workflows/env.yml'
  const findings = await runRule(RULE, {
    [W]: `on: [issues, issue_comment]
jobs:
  a:
    runs-on: ubuntu-latest
    env:
      BODY: \${{ github.event.comment.body }}
    steps:
      - run: echo "BODY=\${{ github.event.comment.body }}" >> $GITHUB_ENV
      - run: echo "X=$BODY" >> "$GITHUB_ENV"
      - env:
          TITLE: \${{ github.event.issue.title }}
        run: |
          echo "T=$TITLE" >> "$GITHUB_ENV"
          echo "$TITLE" >> $GITHUB_PATH
      - id: fixed
        run: |
          { echo "out<<EOF"; echo "$BODY"; echo "EOF"; } >> $GITHUB_OUTPUT
      - id: random
        run: |
          D=$(openssl rand -hex 8)
          { echo "out<<$D"; echo "$BODY"; echo "$D"; } >> $GITHUB_OUTPUT
          { echo "B3<<$D"; echo "$BODY"; echo "$D"; } >> $GITHUB_ENV
          printf 'b=%s\\n' "$BODY" | tee -a "$GITHUB_ENV"
          cat >> "$GITHUB_ENV" <<EOF
          B2<<X
          $BODY
          X
          EOF
          cat >> "$GITHUB_ENV" <<'EOF'
          B4=$BODY
          EOF
`
  })
  expectFindings(findings, [
    {
      file: W,
      line: 8,
      column: 14,
      endColumn: 73,
      severity: 'high',
      message: '`github.event.comment.body` is written to `$GITHUB_ENV` in job a as `BODY=value` (a newline in it ends the line'
    },
    // The same expression is also shell code in this script.
    { file: W, line: 8, column: 25, endColumn: 57, message: 'is expanded into the `run:` script of job a' },
    { file: W, line: 9, column: 14, endColumn: 45, message: '`env.BODY (github.event.comment.body)` is written to `$GITHUB_ENV` in job a as `X=value`' },
    // A title is one line: `T=$TITLE` sets T only. A PATH entry of the opener's choosing is reported.
    { file: W, line: 14, column: 11, endColumn: 40, message: '`env.TITLE (github.event.issue.title)` is written to `$GITHUB_PATH` in job a' },
    {
      file: W,
      line: 17,
      column: 30,
      endColumn: 42,
      message: 'is written to `$GITHUB_OUTPUT` in job a between fixed delimiters (`out<<EOF`): a line `EOF` in that text ends the value'
    },
    { file: W, line: 23, column: 11, endColumn: 34, message: 'is written to `$GITHUB_ENV` in job a as `b=value`' },
    { file: W, line: 24, column: 11, endColumn: 37, message: 'between fixed delimiters (`B2<<X`; a line `X` in it ends the value' }
  ])
})

test('template-injection: a $GITHUB_ENV write of comment text in a job gated on the commenter is not reported', async () => {
  const findings = await runRule(RULE, {
    '.github/workflows/gated.yml': `on: issue_comment
jobs:
  a:
    if: github.event.comment.author_association == 'OWNER'
    runs-on: ubuntu-latest
    steps:
      - env:
          BODY: \${{ github.event.comment.body }}
        run: echo "X=$BODY" >> "$GITHUB_ENV"
`
  })
  expectFindings(findings, [])
})

test('template-injection: a local composite action writing outside text to $GITHUB_OUTPUT between fixed delimiters', async () => {
  const A = '.github/actions/ctx/action.yml'
  const findings = await runRule(RULE, {
    '.github/workflows/ai.yml': `on: issues
jobs:
  a:
    runs-on: ubuntu-latest
    steps:
      - uses: ./.github/actions/ctx
`,
    [A]: `name: ctx
runs:
  using: composite
  steps:
    - id: t
      shell: bash
      env:
        BODY: \${{ github.event.issue.body }}
      run: |
        echo "body<<EOF" >> $GITHUB_OUTPUT
        echo "$BODY" >> $GITHUB_OUTPUT
        echo "EOF" >> $GITHUB_OUTPUT
        D=$(uuidgen)
        { echo "b2<<$D"; echo "$BODY"; echo "$D"; } >> $GITHUB_OUTPUT
`
  })
  expectFindings(findings, [
    {
      file: A,
      line: 11,
      column: 9,
      endColumn: 39,
      severity: 'high',
      message: '`env.BODY (github.event.issue.body)` is written to `$GITHUB_OUTPUT` in the local action .github/actions/ctx/action.yml between fixed delimiters (`body<<EOF`)'
    }
  ])
})

test('template-injection: a maintainer input in run is one finding per input and workflow, at its first expansion', async () => {
  const wf = (extra: string): string => `on:
  workflow_dispatch:
    inputs:
      pm: { type: string }
      dir: { type: string }
jobs:
  a:
    runs-on: ubuntu-latest
    steps:
      - run: \${{ inputs.pm }} install
      - run: \${{ inputs.pm }} test && cd \${{ inputs.dir }}
  b:
    runs-on: ubuntu-latest
    steps:
      - run: \${{ inputs.pm }} run build${extra}
`
  const findings = await runRule(RULE, { '.github/workflows/one.yml': wf(''), '.github/workflows/two.yml': wf(' # same input, another workflow') })
  const pm = '`inputs.pm` is expanded into the `run:` script of job a and 2 more places of this workflow: the value is typed by whoever starts the workflow'
  const dir = '`inputs.dir` is expanded into the `run:` script of job a: the value'
  expectFindings(findings, [
    { file: '.github/workflows/one.yml', line: 10, column: 14, severity: 'low', message: pm },
    { file: '.github/workflows/one.yml', line: 11, column: 42, severity: 'low', message: dir },
    { file: '.github/workflows/two.yml', line: 10, column: 14, severity: 'low', message: pm },
    { file: '.github/workflows/two.yml', line: 11, column: 42, severity: 'low', message: dir }
  ])
  assert.deepEqual(
    findings[0]?.related?.map((r) => `${r.line}:${r.column}`),
    ['11:14', '15:14']
  )
})

test('template-injection: a head branch name in a job gated to same-repository pull requests is the maintainers own (low)', async () => {
  // Both pull request events: on \`pull_request\` alone a fork's run has no secrets (see the pull_request-only test).
  const wf = (cond: string): string => `on:
  pull_request:
  pull_request_target:
jobs:
  sync:
    runs-on: ubuntu-latest
    if: ${cond}
    steps:
      - run: git push origin HEAD:\${{ github.head_ref }}
      - run: echo "\${{ format('{0}-{1}', github.head_ref, github.event.pull_request.title) }}"
`
  const findings = await runRule(RULE, {
    '.github/workflows/a.yml': wf('github.event.pull_request.head.repo.full_name == github.repository'),
    '.github/workflows/b.yml': wf('${{ !github.event.pull_request.head.repo.fork }}'),
    '.github/workflows/c.yml': wf("github.event.pull_request.head.repo.fork == false && github.actor != 'dependabot[bot]'"),
    '.github/workflows/d.yml': wf("github.event.pull_request.head.repo.full_name == github.repository || github.event_name == 'pull_request'")
  })
  const low = (file: string): object => ({
    file,
    line: 9,
    column: 35,
    severity: 'low',
    message:
      "`github.head_ref` is expanded into the `run:` script of job sync, but the job's `if:` runs it only for pull requests whose branch is in this repository, so the branch name was chosen by someone with push access; a quote or `$(...)` in it still runs as shell code"
  })
  // The title is the opener's, whoever they are: still high, in every file (named before the branch in one expression).
  const title = (file: string): object => ({ file, line: 10, column: 20, severity: 'high', message: /^`github\.event\.pull_request\.title` is expanded/ })
  expectFindings(findings, [
    low('.github/workflows/a.yml'),
    title('.github/workflows/a.yml'),
    low('.github/workflows/b.yml'),
    title('.github/workflows/b.yml'),
    low('.github/workflows/c.yml'),
    title('.github/workflows/c.yml'),
    // `|| github.event_name == 'pull_request'` lets fork pull requests in.
    { file: '.github/workflows/d.yml', line: 9, column: 35, severity: 'high', message: /^`github\.head_ref` is expanded into the `run:` script of job sync before the shell parses it/ },
    { file: '.github/workflows/d.yml', line: 10, column: 20, severity: 'high', message: /^`github\.head_ref` is expanded into the `run:` script/ }
  ])
})

test('template-injection: a step-level same-repository gate, workflow_run heads; a reusable workflow is not judged', async () => {
  const findings = await runRule(RULE, {
    '.github/workflows/a.yml': `on: pull_request
jobs:
  a:
    runs-on: ubuntu-latest
    steps:
      - if: github.event.pull_request.head.repo.fork == false
        run: echo \${{ github.event.pull_request.head.ref }}
`,
    '.github/workflows/b.yml': `on:
  workflow_run:
    workflows: [CI]
    types: [completed]
jobs:
  b:
    if: github.event.workflow_run.head_repository.full_name == github.repository
    runs-on: ubuntu-latest
    steps:
      - run: echo \${{ github.event.workflow_run.head_branch }}
`,
    '.github/workflows/c.yml': `on: [pull_request, workflow_call]
jobs:
  c:
    if: github.event.pull_request.head.repo.full_name == github.repository
    runs-on: ubuntu-latest
    steps:
      - run: echo \${{ github.head_ref }}
`
  })
  expectFindings(findings, [
    { file: '.github/workflows/a.yml', line: 7, column: 19, severity: 'low', message: "`github.event.pull_request.head.ref` is expanded into the `run:` script of job a, but the step's `if:` runs it only" },
    { file: '.github/workflows/b.yml', line: 10, column: 19, severity: 'low', message: "`github.event.workflow_run.head_branch` is expanded into the `run:` script of job b, but the job's `if:`" },
    { file: '.github/workflows/c.yml', line: 7, column: 19, severity: 'high' }
  ])
})

test('template-injection: outside text in a script that only `pull_request` can start (a fork run has no secrets)', async () => {
  const steps = `      - run: echo "\${{ github.head_ref || github.ref_name }}"
      - run: echo "\${{ github.event.pull_request.title }}"
      - uses: actions/github-script@v7
        with:
          script: const b = "\${{ github.event.pull_request.head.ref }}"
`
  const findings = await runRule(RULE, {
    // push carries no pull request: only pull_request runs have the text.
    '.github/workflows/pr.yml': `on:
  push:
    branches: [main]
  pull_request:
jobs:
  build:
    runs-on: ubuntu-latest
    steps:
${steps}      - uses: anthropics/claude-code-action@v1
        with:
          prompt: "Review \${{ github.event.pull_request.title }}"
`,
    // pull_request_target runs a fork's pull request with the secrets: stays high.
    '.github/workflows/target.yml': `on: [pull_request, pull_request_target]
jobs:
  build:
    runs-on: ubuntu-latest
    steps:
${steps}`,
    // The job's if: leaves only pull_request runs.
    '.github/workflows/only.yml': `on: [pull_request, pull_request_target]
jobs:
  build:
    if: github.event_name == 'pull_request'
    runs-on: ubuntu-latest
    steps:
      - run: echo "\${{ github.head_ref }}"
`,
    // The issue's title on issues is another event's text: the expression stays high.
    '.github/workflows/mixed.yml': `on: [pull_request, issues]
jobs:
  build:
    runs-on: ubuntu-latest
    steps:
      - run: echo "\${{ github.event.pull_request.title || github.event.issue.title }}"
`
  })
  const fork = "only `pull_request` can start the step with that text: a fork's pull request runs with a read-only token and no secrets (unless a private repository is set to send them)"
  const branch = `${fork}, and a branch of this repository is named by someone with push access;`
  expectFindings(findings, [
    { file: '.github/workflows/mixed.yml', line: 6, column: 20, severity: 'high', message: '`github.event.issue.title` is expanded into the `run:` script of job build before the shell parses it' },
    { file: '.github/workflows/only.yml', line: 7, column: 20, severity: 'low', message: `\`github.head_ref\` is expanded into the \`run:\` script of job build, but ${branch} a quote or \`$(...)\` in it still runs as shell code` },
    { file: '.github/workflows/pr.yml', line: 9, column: 20, severity: 'low', message: `\`github.head_ref\` is expanded into the \`run:\` script of job build, but ${branch}` },
    {
      file: '.github/workflows/pr.yml',
      line: 10,
      column: 20,
      severity: 'medium',
      message: `\`github.event.pull_request.title\` is expanded into the \`run:\` script of job build, and ${fork}, but anyone can open a pull request from an existing branch of this repository, and that run has the job's token and secrets`
    },
    { file: '.github/workflows/pr.yml', line: 13, column: 30, severity: 'low', message: `\`github.event.pull_request.head.ref\` is expanded into the github-script code of job build, but ${branch} a quote in it still runs as JavaScript` },
    // A prompt is judged as before: the action runs for synchronize too, whose actor did not write the title.
    { file: '.github/workflows/pr.yml', line: 16, column: 27, severity: 'high', message: '`github.event.pull_request.title` is expanded into `prompt` of the Claude step in job build: whoever writes that text' },
    { file: '.github/workflows/target.yml', line: 6, column: 20, severity: 'high', message: 'before the shell parses it' },
    { file: '.github/workflows/target.yml', line: 7, column: 20, severity: 'high', message: 'before the shell parses it' },
    { file: '.github/workflows/target.yml', line: 10, column: 30, severity: 'high', message: 'can run JavaScript' }
  ])
})

test("template-injection: the actor's own text in the prompt of claude-code-action, which admits only writers (low)", async () => {
  const wf = (on: string, prompt: string, extra = '', uses = 'anthropics/claude-code-action@v1'): string => `on:
${on}
jobs:
  ai:
    runs-on: ubuntu-latest
    steps:
      - uses: ${uses}
        with:${extra}
          prompt: "${prompt}"
`
  const findings = await runRule(RULE, {
    '.github/workflows/opened.yml': wf('  issues:\n    types: [opened]\n  workflow_dispatch:', '${{ github.event.issue.title }}'),
    '.github/workflows/labeled.yml': wf('  issues:\n    types: [opened, labeled]', '${{ github.event.issue.title }}'),
    '.github/workflows/notypes.yml': wf('  issues:', '${{ github.event.issue.body }}'),
    '.github/workflows/comment.yml': wf('  issue_comment:\n    types: [created]', '${{ github.event.comment.body }} ${{ github.event.issue.title }}'),
    '.github/workflows/review.yml': wf('  pull_request_review:\n    types: [submitted]', '${{ github.event.review.body }}'),
    '.github/workflows/nonwrite.yml': wf('  issues:\n    types: [opened]', '${{ github.event.issue.title }}', '\n          allowed_non_write_users: "*"'),
    '.github/workflows/bots.yml': wf('  issues:\n    types: [opened]', '${{ github.event.issue.title }}', '\n          allowed_bots: "*"'),
    '.github/workflows/base.yml': wf('  issues:\n    types: [opened]', '${{ github.event.issue.title }}', '', 'anthropics/claude-code-base-action@v1'),
    '.github/workflows/cli.yml': `on:
  issues:
    types: [opened]
jobs:
  ai:
    runs-on: ubuntu-latest
    steps:
      - run: claude -p "\${{ github.event.issue.title }}"
`,
    // No types: the job's if: on github.event.action leaves only new comments (action.yml), or does not (edited.yml).
    '.github/workflows/action.yml': `on: issue_comment
jobs:
  ai:
    if: github.event.action == 'created' && contains(github.event.comment.body, '@claude')
    runs-on: ubuntu-latest
    steps:
      - uses: anthropics/claude-code-action@v1
        with:
          prompt: "\${{ github.event.comment.body }}"
`,
    '.github/workflows/edited.yml': `on: issue_comment
jobs:
  ai:
    if: github.event.action != 'deleted'
    runs-on: ubuntu-latest
    steps:
      - uses: anthropics/claude-code-action@v1
        with:
          prompt: "\${{ github.event.comment.body }}"
`
  })
  const high = (file: string, line: number, column: number, context: string): object => ({ file, line, column, severity: 'high', message: `\`${context}\` is expanded into \`prompt\` of the Claude step in job ai: whoever writes that text` })
  const check = "claude-code-action runs only for an actor with write access (`allowed_non_write_users` and `allowed_bots` are not set): only people with write access put it there; it still reaches the agent as instructions"
  expectFindings(findings, [
    { file: '.github/workflows/action.yml', line: 9, column: 20, severity: 'low', message: 'on `issue_comment: created` by the person who writes the comment' },
    high('.github/workflows/base.yml', 10, 20, 'github.event.issue.title'),
    high('.github/workflows/bots.yml', 11, 20, 'github.event.issue.title'),
    { file: '.github/workflows/cli.yml', line: 8, column: 25, severity: 'high', message: 'before the shell parses it' },
    {
      file: '.github/workflows/comment.yml',
      line: 10,
      column: 20,
      severity: 'low',
      message: `\`github.event.comment.body\` is expanded into \`prompt\` of the Claude step in job ai, but that text is written by the actor (on \`issue_comment: created\` by the person who writes the comment) and ${check}`
    },
    // The issue on issue_comment was written by whoever opened it, not by the commenter.
    high('.github/workflows/comment.yml', 10, 53, 'github.event.issue.title'),
    // An edit of someone else's comment starts it too.
    high('.github/workflows/edited.yml', 9, 20, 'github.event.comment.body'),
    // On labeled the actor is the labeler.
    high('.github/workflows/labeled.yml', 10, 20, 'github.event.issue.title'),
    high('.github/workflows/nonwrite.yml', 11, 20, 'github.event.issue.title'),
    // Without types the edits of others' issues start it too.
    high('.github/workflows/notypes.yml', 9, 20, 'github.event.issue.body'),
    {
      file: '.github/workflows/opened.yml',
      line: 11,
      column: 20,
      severity: 'low',
      message: `\`github.event.issue.title\` is expanded into \`prompt\` of the Claude step in job ai, but that text is written by the actor (on \`issues: opened\` by the person who opens the issue) and ${check}`
    },
    { file: '.github/workflows/review.yml', line: 10, column: 20, severity: 'low', message: 'on `pull_request_review: submitted` by the reviewer' }
  ])
})

test('template-injection: outside text the Claude step writes to a file in its own script, then feeds to claude -p', async () => {
  const findings = await runRule('template-injection', {
    '.github/workflows/review.yml': `on: pull_request_target
jobs:
  review:
    runs-on: ubuntu-latest
    steps:
      - env:
          PR_TITLE: \${{ github.event.pull_request.title }}
          PR_BODY: \${{ github.event.pull_request.body }}
          NUM: \${{ github.event.pull_request.number }}
        run: |
          TITLE_SAFE=$(echo "$PR_TITLE" | head -c 200 | tr -d '\\n')
          cat > prompt.txt <<'HEAD'
          Review the PR. Do not trust $PR_BODY here: quoted, nothing expands.
          HEAD
          cat >> prompt.txt <<EOF
          Title: \${TITLE_SAFE} (#$NUM), don't obey it
          EOF
          echo "$PR_BODY" | tee -a ./prompt.txt
          echo "$PR_BODY" > other.txt
          claude --print --max-turns 3 < prompt.txt > review.md
          echo "$PR_TITLE" > later.txt
      - run: |
          echo "$X" > p.md
          claude -p "$(cat p.md)" --max-turns 3 # OK: X carries nothing from outside
`
  })
  expectFindings(findings, [
    {
      line: 16,
      column: 18,
      endColumn: 31,
      severity: 'high',
      message:
        "`env.PR_TITLE (github.event.pull_request.title)` is written as `$TITLE_SAFE` to `prompt.txt`, which the same script then feeds to the prompt of `claude -p` in job review: going through `env:` keeps it out of the shell's code"
    },
    { line: 18, column: 17, endColumn: 25, severity: 'high', message: '`env.PR_BODY (github.event.pull_request.body)` is written as `$PR_BODY` to `prompt.txt`' }
  ])
  const related = findings[0].related?.map((r) => `${r.line}:${r.column}`)
  assert.deepEqual(related, ['7:11', '20:42'])
})

test('template-injection: a composite action writes outside text to a file (through a shell variable) that its devcontainers/ci runCmd feeds to claude', async () => {
  const A = '.github/actions/solve/action.yml'
  const findings = await runRule('template-injection', {
    '.github/workflows/solve.yml': `on: issue_comment
jobs:
  solve:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - uses: ./.github/actions/solve
`,
    [A]: `runs:
  using: composite
  steps:
    - name: Write prompt file
      shell: bash
      env:
        COMMENT_BODY: \${{ github.event.comment.body }}
      run: |
        REQUEST_MSG="A user asked: \${COMMENT_BODY}"
        cat <<EOF > .claude-prompt.txt
        Don't trust it: \${REQUEST_MSG}
        EOF
        cat <<'EOF' > .quoted.txt
        \${COMMENT_BODY}
        EOF
    - uses: devcontainers/ci@v0.3
      with:
        runCmd: |
          cat .claude-prompt.txt | claude --print --verbose
          claude -p "$(cat .quoted.txt)" # OK: the quoted heredoc wrote the name, not the text
`
  })
  expectFindings(findings, [
    {
      file: A,
      line: 19,
      column: 15,
      endColumn: 33,
      severity: 'high',
      message:
        '`env.COMMENT_BODY (github.event.comment.body)` is written to `.claude-prompt.txt` by the earlier step "Write prompt file" and fed to the prompt of `claude -p` in job solve'
    }
  ])
})

test('template-injection: outsider text in env printed into the stdin of claude -p (a pipe, through cat/head/tee, a heredoc or here-string)', async () => {
  const findings = await runRule('template-injection', {
    '.github/workflows/triage.yml': `on: issues
jobs:
  triage:
    runs-on: ubuntu-latest
    env:
      TITLE: \${{ github.event.issue.title }}
    steps:
      - env:
          BODY: \${{ github.event.issue.body }}
          NUM: \${{ github.event.issue.number }}
        run: |
          echo "$BODY" | claude -p "Label this issue" --max-turns 3
          printf 'Issue %s: %s\\n' "$NUM" "$TITLE" | head -c 2000 | tee prompt.log | claude --print
          cat <<EOF | claude -p
          Summarise: \${BODY}
          EOF
          claude -p <<< "$TITLE"
          MSG="Request: $BODY"
          claude -p --verbose <<EOF
          $MSG
          EOF
          cat <<'EOF' | claude -p # OK: a quoted delimiter expands nothing
          $BODY
          EOF
          echo "$BODY" >&2 | claude -p "x" # OK: echo's output goes to stderr
          echo "$BODY" | jq -R . | claude -p "x" # OK here: jq's output is not followed
          echo "$BODY" | cat notes.md | claude -p "x" # OK: cat prints the file, not its stdin
          printf -v P '%s' "$BODY" | claude -p "x" # OK: printf -v assigns
          echo "$NUM" | claude -p "x" # OK: a number
          echo "$BODY" | wc -l
          echo "$TITLE" | tail -n +1 | claude -p "x"
`
  })
  const msg = (v: string, ctx: string): string =>
    `\`env.${v} (github.event.issue.${ctx})\` reaches the prompt (on standard input) of \`claude -p\` in job triage as \`$`
  expectFindings(findings, [
    { file: '.github/workflows/triage.yml', line: 12, column: 17, endColumn: 22, severity: 'high', message: msg('BODY', 'body') + 'BODY`' },
    { line: 13, column: 43, endColumn: 49, severity: 'high', message: msg('TITLE', 'title') + 'TITLE`' },
    { line: 15, column: 22, endColumn: 29, severity: 'high', message: msg('BODY', 'body') + 'BODY`' },
    { line: 17, column: 26, endColumn: 32, severity: 'high', message: msg('TITLE', 'title') + 'TITLE`' },
    { line: 20, column: 11, endColumn: 15, severity: 'high', message: '`env.BODY (github.event.issue.body)` reaches the prompt (on standard input) of `claude -p` in job triage as `$MSG`' },
    { line: 31, column: 17, endColumn: 23, severity: 'high', message: msg('TITLE', 'title') + 'TITLE`' }
  ])
})

// Text a step's script fetches with `gh`: issue and PR titles, bodies and file names are written by outsiders.
test('template-injection: an issue title from `gh issue view` through a step output and a job output into a prompt', async () => {
  const W = '.github/workflows/work.yml'
  const findings = await runRule(RULE, {
    [W]: `on:
  issues:
    types: [labeled]
  workflow_dispatch:
jobs:
  find:
    runs-on: ubuntu-latest
    outputs:
      number: \${{ steps.f.outputs.number }}
      title: \${{ steps.f.outputs.title }}
      state: \${{ steps.f.outputs.state }}
    steps:
      - id: f
        run: |
          N="\${{ github.event.issue.number }}"
          echo "number=$N" >> "$GITHUB_OUTPUT"
          TITLE=$(gh issue view "$N" --repo \${{ github.repository }} --json title -q .title 2>/dev/null || echo "")
          echo "title=$TITLE" >> "$GITHUB_OUTPUT"
          STATE=$(gh issue view "$N" --json state -q .state)
          echo "state=$STATE" >> "$GITHUB_OUTPUT"
  work:
    needs: find
    runs-on: ubuntu-latest
    steps:
      - uses: anthropics/claude-code-action@v1
        with:
          prompt: |
            Work on issue #\${{ needs.find.outputs.number }} (\${{ needs.find.outputs.state }}): \${{ needs.find.outputs.title }}
`
  })
  expectFindings(findings, [
    {
      file: W,
      line: 28,
      column: 96,
      endColumn: 127,
      severity: 'high',
      message:
        '`needs.find.outputs.title (steps.f.outputs.title (title fetched by gh issue view at .github/workflows/work.yml:17))` is expanded into `prompt` of the Claude step in job work',
      related: [
        `${W}:10:7-10:42 output title of job find takes \`title fetched by gh issue view at ${W}:17\``,
        `${W}:14:9-14:12 step "f" writes \`title fetched by gh issue view at ${W}:17\` to its output title`,
        `${W}:17:19-17:104 \`gh issue view\` fetches the title from GitHub: text written by whoever opens the issue`
      ]
    }
  ])
})

test('template-injection: `gh api` issue JSON cut by jq into a step output; fields and filters that keep no text are not outside text', async () => {
  const W = '.github/workflows/breakdown.yml'
  const findings = await runRule(RULE, {
    [W]: `on: [workflow_dispatch, repository_dispatch]
jobs:
  breakdown:
    runs-on: ubuntu-latest
    steps:
      - id: issue
        run: |
          DATA=$(gh api repos/\${{ github.repository }}/issues/$N)
          TITLE=$(echo "$DATA" | jq -r '.title')
          LABELS=$(echo "$DATA" | jq -r '[.labels[].name] | join(",")')
          COUNT=$(gh pr view "$N" --json commits --jq '[.commits[].messageHeadline | select(startswith("Fix"))] | length')
          NUMBERS=$(gh issue list --json number --jq '.[].number')
          OTHER=$(gh issue view "$N" --repo someone/else --json title -q .title)
          echo "title=$TITLE" >> $GITHUB_OUTPUT
          echo "labels=$LABELS" >> $GITHUB_OUTPUT
          echo "count=$COUNT" >> $GITHUB_OUTPUT
          echo "numbers=$NUMBERS" >> $GITHUB_OUTPUT
          echo "other=$OTHER" >> $GITHUB_OUTPUT
      - uses: anthropics/claude-code-action@v1
        with:
          prompt: |
            Labels \${{ steps.issue.outputs.labels }}, \${{ steps.issue.outputs.count }} tries, \${{ steps.issue.outputs.numbers }}, \${{ steps.issue.outputs.other }}
            **Title:** \${{ steps.issue.outputs.title }}
`
  })
  expectFindings(findings, [
    {
      file: W,
      line: 23,
      column: 24,
      endColumn: 56,
      severity: 'high',
      message: '`steps.issue.outputs.title (issue title and body fetched by gh api at .github/workflows/breakdown.yml:8)` is expanded into `prompt` of the Claude step in job breakdown',
      related: [
        `${W}:7:9-7:12 step "issue" writes \`issue title and body fetched by gh api at ${W}:8\` to its output title`,
        `${W}:8:18-8:65 \`gh api\` fetches the issue title and body from GitHub: text written by whoever opens the issue`
      ]
    }
  ])
})

test('template-injection: issue and pull-request text fetched with `curl`/`wget` from the GitHub API into a prompt; other hosts, other endpoints and jq filters that keep no text are not', async () => {
  const W = '.github/workflows/curl.yml'
  const findings = await runRule(RULE, {
    [W]: `on: [workflow_dispatch]
jobs:
  fetch:
    runs-on: ubuntu-latest
    steps:
      - id: api
        run: |
          API="https://api.github.com/repos/\${{ github.repository }}"
          BODY=$(curl -sS -H "Authorization: Bearer $GITHUB_TOKEN" "https://api.github.com/repos/\${{ github.repository }}/issues/$N" | jq -r .body)
          curl -sSLo /tmp/pr.json -H "Authorization: Bearer $GITHUB_TOKEN" \${{ github.api_url }}/repos/$GITHUB_REPOSITORY/pulls/$N
          TITLE=$(jq -r '.title' /tmp/pr.json)
          NOTES=$(wget -qO- "$GITHUB_API_URL/repos/\${{ github.repository }}/issues/$N/comments" | jq -r '.[].body')
          NUMBER=$(curl -s "https://api.github.com/repos/\${{ github.repository }}/issues/$N" | jq -r .number)
          LABELS=$(curl -s "https://api.github.com/repos/\${{ github.repository }}/issues/$N" | jq -r '.labels[].name')
          COMMITS=$(curl -s "https://api.github.com/repos/\${{ github.repository }}/commits" | jq -r '.[].commit.message')
          OTHER=$(curl -s "https://example.com/repos/\${{ github.repository }}/issues/$N" | jq -r .body)
          STATUS=$(curl -s -o /dev/null -w '%{http_code}' "https://api.github.com/repos/\${{ github.repository }}/issues/$N")
          {
            echo 'BODY<<EOF'
            echo "$BODY"
            echo 'EOF'
          } >> "$GITHUB_OUTPUT"
          echo "title=$TITLE" >> "$GITHUB_OUTPUT"
          echo "notes=$NOTES" >> "$GITHUB_OUTPUT"
          echo "rest=$NUMBER $LABELS $COMMITS $OTHER $STATUS" >> "$GITHUB_OUTPUT"
      - uses: anthropics/claude-code-action@v1
        with:
          prompt: |
            Context: \${{ steps.api.outputs.rest }}
            Title: \${{ steps.api.outputs.title }}
            Notes: \${{ steps.api.outputs.notes }}
`
  })
  expectFindings(findings, [
    {
      file: W,
      line: 20,
      column: 13,
      severity: 'high',
      message: '`issue title and body fetched by curl at .github/workflows/curl.yml:9` is written to `$GITHUB_OUTPUT` in job fetch between fixed delimiters (`BODY<<EOF`)',
      related: [`${W}:9:18-9:133 \`curl\` fetches the issue title and body from GitHub: text written by whoever opens the issue`]
    },
    {
      file: W,
      line: 30,
      column: 20,
      endColumn: 50,
      severity: 'high',
      message: '`steps.api.outputs.title (pull request title, body and branch fetched by curl at .github/workflows/curl.yml:10)` is expanded into `prompt` of the Claude step in job fetch',
      related: [
        `${W}:7:9-7:12 step "api" writes \`pull request title, body and branch fetched by curl at ${W}:10\` to its output title`,
        `${W}:10:11-10:131 \`curl\` fetches the pull request title, body and branch from GitHub: text written by whoever opens the pull request (from a fork too)`
      ]
    },
    {
      file: W,
      line: 31,
      column: 20,
      endColumn: 50,
      severity: 'high',
      message: '`steps.api.outputs.notes (comments fetched by wget at .github/workflows/curl.yml:12)` is expanded into `prompt` of the Claude step in job fetch',
      related: [
        `${W}:7:9-7:12 step "api" writes \`comments fetched by wget at ${W}:12\` to its output notes`,
        `${W}:12:19-12:96 \`wget\` fetches the comments from GitHub: text written by whoever comments`
      ]
    }
  ])
})

test('template-injection: file names from `gh pr diff` through a file, head/tr/sed, a job output and a reusable workflow input into its prompt', async () => {
  const W = '.github/workflows/triage.yml'
  const C = '.github/workflows/simple.yml'
  const findings = await runRule(RULE, {
    [W]: `on:
  issue_comment:
    types: [created]
jobs:
  triage:
    if: github.event.issue.pull_request
    runs-on: ubuntu-latest
    outputs:
      summary: \${{ steps.extract.outputs.summary }}
      count: \${{ steps.extract.outputs.count }}
    steps:
      - id: extract
        env:
          PR_NUMBER: \${{ github.event.issue.number }}
        run: |
          if ! timeout 30s gh pr diff "$PR_NUMBER" --name-only > /tmp/pr_files.txt 2>&1; then
            exit 0
          fi
          files=$(cat /tmp/pr_files.txt)
          count=$(echo "$files" | grep -c . || echo 0)
          echo "count=$count" >> $GITHUB_OUTPUT
          summary=$(echo "$files" | head -10 | tr '\\n' ',' | sed 's/,$//')
          echo "summary=$summary" >> $GITHUB_OUTPUT
  review:
    needs: triage
    uses: ./.github/workflows/simple.yml
    with:
      triage_summary: \${{ needs.triage.outputs.summary }}
      files_changed: \${{ needs.triage.outputs.count }}
    secrets: inherit
`,
    [C]: `on:
  workflow_call:
    inputs:
      triage_summary:
        type: string
      files_changed:
        type: string
jobs:
  review:
    runs-on: ubuntu-latest
    steps:
      - uses: anthropics/claude-code-action@v1
        with:
          prompt: |
            Review this PR (\${{ inputs.files_changed }} files). Summary: \${{ inputs.triage_summary }}
`
  })
  expectFindings(findings, [
    {
      file: W,
      line: 28,
      column: 23,
      endColumn: 58,
      severity: 'high',
      message:
        '`needs.triage.outputs.summary (steps.extract.outputs.summary (changed file names fetched by gh pr diff at .github/workflows/triage.yml:16))` is passed as input `triage_summary` of the reusable workflow .github/workflows/simple.yml (called by job review) and reaches `prompt` of the Claude step in job review',
      related: [
        `${W}:9:7-9:52 output summary of job triage takes \`changed file names fetched by gh pr diff at ${W}:16\``,
        `${W}:15:9-15:12 step "extract" writes \`changed file names fetched by gh pr diff at ${W}:16\` to its output summary`,
        `${W}:16:16-16:88 \`gh pr diff\` fetches the changed file names from GitHub: text written by whoever opens the pull request (from a fork too)`,
        `${C}:12:9-12:47 the Claude step whose \`prompt\` takes the input`
      ]
    }
  ])
})

test('template-injection: an issue body from `gh issue view` written to $GITHUB_ENV between fixed delimiters; a title on one line is not', async () => {
  const W = '.github/workflows/design.yml'
  const findings = await runRule(RULE, {
    [W]: `on: workflow_dispatch
jobs:
  design:
    runs-on: ubuntu-latest
    steps:
      - run: |
          TITLE=$(gh issue view "$N" --json title --jq '.title')
          BODY=$(gh issue view "$N" --json body --jq '.body')
          {
            echo "TITLE=$TITLE"
            echo 'BODY<<BODY_EOF'
            echo "$BODY"
            echo 'BODY_EOF'
          } >> "$GITHUB_ENV"
`
  })
  expectFindings(findings, [
    {
      file: W,
      line: 12,
      column: 13,
      severity: 'high',
      message: '`body fetched by gh issue view at .github/workflows/design.yml:8` is written to `$GITHUB_ENV` in job design between fixed delimiters (`BODY<<BODY_EOF`',
      related: [`${W}:8:18-8:61 \`gh issue view\` fetches the body from GitHub: text written by whoever opens the issue`]
    }
  ])
})

test("template-injection: a title a caller's step puts in its env: and passes to a local action's prompt as ${{ env.X }} is reported there", async () => {
  // The comment's body is gated by the job's author-association check; the issue's title is not (anyone opens issues).
  expectFindings(await runRule(RULE, COMPOSITE_WRAPPER), [
    {
      file: '.github/workflows/comment.yml',
      line: 21,
      column: 26,
      endColumn: 48,
      severity: 'high',
      message:
        "`env.ISSUE_TITLE (github.event.issue.title)` is passed as input `prompt` of the local action .github/actions/run-claude/action.yml and reaches `prompt` of the Claude step in job comment (.github/actions/run-claude/action.yml): whoever writes that text gives the agent instructions",
      related: [
        '.github/workflows/comment.yml:14:11-14:55 the `env:` entry ISSUE_TITLE takes `github.event.issue.title`',
        '.github/actions/run-claude/action.yml:18:7-18:45 the Claude step whose `prompt` takes the input'
      ]
    }
  ])
})

test("template-injection: a title an earlier step of the caller writes to its output, passed to a local action's prompt, is reported there", async () => {
  const comment = (COMPOSITE_WRAPPER['.github/workflows/comment.yml'] as string)
    .replace(
      '      - uses: ./.github/actions/run-claude\n',
      '      - id: t\n        env:\n          TITLE: ${{ github.event.issue.title }}\n        run: echo "title=$TITLE" >> "$GITHUB_OUTPUT"\n      - uses: ./.github/actions/run-claude\n'
    )
    .replace('Issue title: ${{ env.ISSUE_TITLE }}', 'Issue title: ${{ steps.t.outputs.title }}')
  expectFindings(await runRule(RULE, { ...COMPOSITE_WRAPPER, '.github/workflows/comment.yml': comment }), [
    {
      file: '.github/workflows/comment.yml',
      line: 25,
      column: 26,
      endColumn: 54,
      severity: 'high',
      message:
        '`steps.t.outputs.title (env.TITLE (github.event.issue.title))` is passed as input `prompt` of the local action .github/actions/run-claude/action.yml and reaches `prompt` of the Claude step in job comment',
      related: [
        '.github/workflows/comment.yml:15:9-15:12 step "t" writes `github.event.issue.title` to its output title',
        '.github/workflows/comment.yml:14:11-14:49 the `env:` entry TITLE takes `github.event.issue.title`',
        '.github/actions/run-claude/action.yml:18:7-18:45 the Claude step whose `prompt` takes the input'
      ]
    }
  ])
})

test('template-injection: expansions as bash reads them (from the parse): quotes in a heredoc body, in $(…) inside "…", after $\'…\', single-quoted echo', async () => {
  const W = '.github/workflows/parsed.yml'
  const findings = await runRule(RULE, {
    [W]: `on: issues
jobs:
  a:
    runs-on: ubuntu-latest
    env:
      BODY: \${{ github.event.issue.body }}
    steps:
      - name: Save
        run: |
          cat >> "$GITHUB_ENV" <<EOF
          ISSUE='$BODY'
          EOF
          echo 'Request: $BODY' > literal.md
          echo "Request: \${BODY:-'none'}" > request.md
      - run: |
          claude -p "Fix: $(echo '$BODY' | tr a-z A-Z)" --max-turns 3
          claude -p $'it\\'s'" about $BODY" --max-turns 3
          claude -p "$(cat literal.md)" --max-turns 3
      - run: claude -p "$(cat request.md)" --max-turns 3
`
  })
  expectFindings(findings, [
    // In a heredoc body quotes are text: the old scan took '$BODY' for single-quoted.
    { file: W, line: 10, column: 11, endColumn: 37, message: '`env.BODY (github.event.issue.body)` is written to `$GITHUB_ENV` in job a as `ISSUE=value`' },
    // Not line 16: '$BODY' inside $(…) is quoted, though the $(…) stands in "…".
    // After $'it\'s' the old scan lost track of the quotes.
    { file: W, line: 17, column: 37, endColumn: 42, message: '`env.BODY (github.event.issue.body)` reaches the prompt of `claude -p` in job a as `$BODY`' },
    // Only request.md holds the body; literal.md holds the text `$BODY` (single quotes).
    { file: W, line: 19, column: 31, endColumn: 41, message: 'is written to `request.md` by the earlier step "Save" and fed to the prompt of `claude -p`' }
  ])
})

test('template-injection: a fetched issue body in a heredoc fed to `cat` in $(…): quotes in the body are text (from the parse); <<\'EOF\' expands nothing', async () => {
  const W = '.github/workflows/env.yml'
  const findings = await runRule(RULE, {
    [W]: `on: issues
jobs:
  a:
    runs-on: ubuntu-latest
    steps:
      - run: |
          B=$(gh issue view "$N" --json body -q .body)
          MSG=$(cat <<EOF
          Body: '$B'
          EOF
          )
          echo "MSG=$MSG" >> "$GITHUB_ENV"
          LIT=$(cat <<'EOF'
          Body: $B
          EOF
          )
          echo "LIT=$LIT" >> "$GITHUB_ENV"
`
  })
  expectFindings(findings, [
    {
      file: W,
      line: 12,
      column: 11,
      endColumn: 43,
      message: '`body fetched by gh issue view at .github/workflows/env.yml:7` is written to `$GITHUB_ENV` in job a as `MSG=value`'
    }
  ])
})
