/**
 * template-injection through a second place: the finding points at where the
 * text is used, and its related locations at where the outside text enters
 * (the `env:` entry, the step that writes an output or a file, the caller's
 * `with:`), or at the Claude step an input reaches.
 */
import { test } from 'node:test'
import { expectFindings, runRule } from './harness.js'

const RULE = 'template-injection'

test('template-injection: env entries, step outputs and files point at where the outside text enters', async () => {
  const findings = await runRule(RULE, {
    '.github/workflows/triage.yml': `on:
  issues:
    types: [opened]
env:
  TITLE: \${{ github.event.issue.title }}
jobs:
  triage:
    runs-on: ubuntu-latest
    env:
      BODY: \${{ github.event.issue.body }}
    steps:
      - id: get
        run: echo "text=\${{ github.event.issue.title }}" >> "$GITHUB_OUTPUT"
      - name: Save the issue
        run: echo "$ISSUE" > issue.txt
        env:
          ISSUE: \${{ github.event.issue.body }}
      - uses: anthropics/claude-code-action@v1
        with:
          prompt: |
            Triage \${{ env.BODY }} and \${{ env.TITLE }}
            Output: \${{ steps.get.outputs.text }}
      - run: cat issue.txt | claude -p "summarise"
`
  })
  expectFindings(findings, [
    { line: 13, related: [] },
    {
      line: 21,
      column: 20,
      message: '`env.BODY (github.event.issue.body)`',
      related: ['.github/workflows/triage.yml:10:7-10:43 the `env:` entry BODY takes `github.event.issue.body`']
    },
    {
      line: 21,
      column: 40,
      message: '`env.TITLE (github.event.issue.title)`',
      related: ['.github/workflows/triage.yml:5:3-5:41 the `env:` entry TITLE takes `github.event.issue.title`']
    },
    {
      line: 22,
      message: '`steps.get.outputs.text (github.event.issue.title)`',
      related: ['.github/workflows/triage.yml:13:9-13:12 step "get" writes `github.event.issue.title` to its output text']
    },
    {
      line: 23,
      message: 'is written to `issue.txt`',
      related: [
        '.github/workflows/triage.yml:17:11-17:48 the `env:` entry ISSUE takes `github.event.issue.body`',
        '.github/workflows/triage.yml:15:9-15:12 step "Save the issue" writes `github.event.issue.body` to issue.txt'
      ]
    }
  ])
})

test('template-injection: an env variable in the prompt of claude -p points at its env entry', async () => {
  const findings = await runRule(RULE, {
    '.github/workflows/ask.yml': `on: issue_comment
jobs:
  ask:
    runs-on: ubuntu-latest
    steps:
      - run: |
          claude -p "Answer: $COMMENT"
        env:
          COMMENT: \${{ github.event.comment.body }}
`
  })
  expectFindings(findings, [
    {
      line: 7,
      message: 'as `$COMMENT`',
      related: ['.github/workflows/ask.yml:9:11-9:52 the `env:` entry COMMENT takes `github.event.comment.body`']
    }
  ])
})

test('template-injection: an input of a reusable workflow or a composite action points at the other end', async () => {
  const findings = await runRule(RULE, {
    '.github/workflows/on-comment.yml': `on: issue_comment
jobs:
  call:
    uses: ./.github/workflows/claude.yml
    with:
      request: \${{ github.event.comment.body }}
  label:
    runs-on: ubuntu-latest
    steps:
      - uses: ./.github/actions/label
        with:
          title: \${{ github.event.issue.title }}
`,
    '.github/workflows/claude.yml': `on:
  workflow_call:
    inputs:
      request: {type: string}
jobs:
  claude:
    runs-on: ubuntu-latest
    steps:
      - uses: anthropics/claude-code-action@v1
        with:
          prompt: "Do this: \${{ inputs.request }}"
`,
    '.github/actions/label/action.yml': `name: label
inputs:
  title: {required: true}
runs:
  using: composite
  steps:
    - run: echo "\${{ inputs.title }}"
      shell: bash
`
  })
  expectFindings(findings, [
    {
      file: '.github/actions/label/action.yml',
      line: 7,
      message: 'passed as input `title` of the local action',
      related: ['.github/workflows/on-comment.yml:12:11-12:49 passes `github.event.issue.title` as input title']
    },
    {
      file: '.github/workflows/on-comment.yml',
      line: 6,
      message: 'is passed as input `request`',
      related: ['.github/workflows/claude.yml:9:9-9:47 the Claude step whose `prompt` takes the input']
    }
  ])
})
