import { test } from 'node:test'
import assert from 'node:assert/strict'
import { spawnSync } from 'node:child_process'
import { rmSync } from 'node:fs'
import { runRule, runRuleIn, expectFindings, writeFixture, gitCommit } from './harness.js'

const RULE = 'unpinned-action'
const SHA = 'a'.repeat(40)

test('unpinned-action: the Claude action by tag is high; third-party actions in jobs with secrets are medium', async () => {
  const findings = await runRule(RULE, {
    '.github/workflows/claude.yml': `on: [pull_request]
jobs:
  review:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4 # OK: first-party
      - uses: some-org/setup-thing@v2 # NOT OK: job holds secrets
      - uses: anthropics/claude-code-action@v1 # NOT OK
        with:
          anthropic_api_key: \${{ secrets.ANTHROPIC_API_KEY }}
      - uses: anthropics/claude-code-action@${SHA} # OK: pinned
      - uses: ./.github/actions/local # OK: local
  lint:
    runs-on: ubuntu-latest
    steps:
      - uses: some-org/linter@main # OK: no secrets in this job
`
  })
  expectFindings(findings, [
    { line: 7, column: 15, endColumn: 38, severity: 'medium', message: 'some-org/setup-thing is used by the mutable ref `v2` in job review' },
    { line: 8, column: 15, endColumn: 47, severity: 'high', message: 'anthropics/claude-code-action is used by the mutable ref `v1`' }
  ])
})

test('unpinned-action: another repository\'s fork of the Claude action (it takes the action\'s inputs) is high like the action itself', async () => {
  const findings = await runRule(RULE, {
    '.github/workflows/claude.yml': `on: issue_comment
jobs:
  claude:
    runs-on: ubuntu-latest
    steps:
      - uses: grll/claude-code-action@beta # NOT OK (high): the fork gets the Claude token
        with:
          claude_code_oauth_token: \${{ secrets.CLAUDE_CODE_OAUTH_TOKEN }}
          trigger_phrase: "@claude"
      - uses: some-fork/claude-code-action@${SHA} # OK: pinned
        with:
          claude_args: --max-turns 5
      - uses: acme/ai-review@v2 # NOT OK (medium): an API key and inputs of its own, not the Claude action's
        with:
          anthropic_api_key: \${{ secrets.ANTHROPIC_API_KEY }}
          review_depth: full
`
  })
  expectFindings(findings, [
    {
      line: 6,
      column: 15,
      endColumn: 43,
      severity: 'high',
      message:
        'grll/claude-code-action runs Claude in job claude, which holds secrets (it takes the Claude action\'s inputs: a fork, copy or wrapper of it), and is used by the mutable ref `beta`'
    },
    { line: 13, column: 15, endColumn: 32, severity: 'medium', message: 'acme/ai-review is used by the mutable ref `v2` in job claude' }
  ])
})

test('unpinned-action: workflow-level secrets make every job hold secrets', async () => {
  const findings = await runRule(RULE, {
    '.github/workflows/release.yml': `on: push
env:
  NPM_TOKEN: \${{ secrets.NPM_TOKEN }}
jobs:
  publish:
    steps:
      - uses: "third/party@release-1"
`
  })
  expectFindings(findings, [{ line: 7, column: 15, endColumn: 38, message: 'third/party is used by the mutable ref `release-1`' }])
})

test('unpinned-action: reusable workflows of other repositories called by a mutable ref with secrets', async () => {
  const findings = await runRule(RULE, {
    '.github/workflows/caller.yml': `on: pull_request
env:
  NPM_TOKEN: \${{ secrets.NPM_TOKEN }} # not passed to called workflows
jobs:
  review:
    uses: acme-ai-tools/claude-workflows/.github/workflows/pr-review.yml@main # NOT OK (high)
    secrets:
      anthropic_api_key: \${{ secrets.ANTHROPIC_API_KEY }}
  shared:
    uses: my-org/shared/.github/workflows/lint.yml@v2 # NOT OK (high: inherit passes every secret, the Anthropic key included)
    secrets: inherit
  nosecrets:
    uses: my-org/shared/.github/workflows/lint.yml@v2 # OK: passes no secrets
    with: {level: strict}
  pinned:
    uses: my-org/shared/.github/workflows/lint.yml@${SHA} # OK
    secrets: inherit
  local:
    uses: ./.github/workflows/claude.yml # OK: same repository and commit
    secrets: inherit
`
  })
  expectFindings(findings, [
    {
      file: '.github/workflows/caller.yml',
      line: 6,
      column: 11,
      endColumn: 78,
      severity: 'high',
      message:
        'reusable workflow acme-ai-tools/claude-workflows/.github/workflows/pr-review.yml is called by the mutable ref `main` from job review, which passes it the secret `ANTHROPIC_API_KEY`: whoever can move that ref decides what runs with them'
    },
    {
      line: 10,
      column: 11,
      severity: 'high',
      message: 'reusable workflow my-org/shared/.github/workflows/lint.yml is called by the mutable ref `v2` from job shared, which passes it all of its secrets (`secrets: inherit`)'
    }
  ])
})

test('unpinned-action: passing github.token to a reusable workflow by a mutable ref', async () => {
  const findings = await runRule(RULE, {
    '.github/workflows/caller.yml': `on: pull_request
jobs:
  review:
    uses: my-org/shared/.github/workflows/review.yml@main # NOT OK: the job's token
    secrets:
      token: \${{ github.token }}
`
  })
  expectFindings(findings, [
    {
      file: '.github/workflows/caller.yml',
      line: 4,
      column: 11,
      severity: 'medium',
      message:
        'reusable workflow my-org/shared/.github/workflows/review.yml is called by the mutable ref `main` from job review, which passes it the secret `github.token`'
    }
  ])
})

test('unpinned-action: medium where the job runs Claude or the trigger is untrusted, low elsewhere', async () => {
  const findings = await runRule('unpinned-action', {
    '.github/workflows/push.yml': `on: push
jobs:
  release:
    runs-on: ubuntu-latest
    env:
      NPM_TOKEN: \${{ secrets.NPM_TOKEN }}
    steps:
      - uses: some/publish-action@v2 # NOT OK: low, no Claude, trusted trigger
  ai:
    runs-on: ubuntu-latest
    env:
      KEY: \${{ secrets.ANTHROPIC_API_KEY }}
    steps:
      - uses: some/setup-action@v2 # NOT OK: medium, the job runs Claude through a local action
      - uses: ./.github/actions/ai
`,
    '.github/actions/ai/action.yml': `runs:
  using: composite
  steps:
    - run: claude -p "hi" --max-turns 1
      shell: bash
`,
    '.github/workflows/comment.yml': `on: issue_comment
jobs:
  label:
    runs-on: ubuntu-latest
    env:
      TOKEN: \${{ secrets.BOT_TOKEN }}
    steps:
      - uses: some/label-action@v2 # NOT OK: medium, anyone can fire issue_comment
`
  })
  expectFindings(findings, [
    { file: '.github/workflows/comment.yml', line: 8, column: 15, severity: 'medium' },
    { file: '.github/workflows/push.yml', line: 8, column: 15, severity: 'low' },
    { file: '.github/workflows/push.yml', line: 14, column: 15, severity: 'medium' }
  ])
})

test('unpinned-action: the repository\'s own actions and reusable workflows by a branch are low, and say they are its own code', async () => {
  const dir = writeFixture({
    '.github/workflows/release.yml': `on: push
jobs:
  build:
    runs-on: ubuntu-latest
    env:
      TOKEN: \${{ secrets.TOKEN }}
    steps:
      - uses: acme/tools/.github/actions/setup@main # OK: this repository
      - uses: other/tools/.github/actions/setup@main # NOT OK
  docs:
    uses: acme/tools/.github/workflows/docs.yml@main # OK: this repository
    secrets: inherit
  scan:
    uses: other/tools/.github/workflows/scan.yml@main # NOT OK
    secrets: inherit
`
  })
  try {
    gitCommit(dir, true)
    assert.equal(spawnSync('git', ['remote', 'add', 'origin', 'https://github.com/Acme/Tools.git'], { cwd: dir }).status, 0)
    expectFindings(await runRuleIn(RULE, dir), [
      {
        line: 8,
        column: 15,
        severity: 'low',
        message:
          "action acme/tools/.github/actions/setup is this repository's own code, used by the mutable ref `main` in job build, which holds secrets"
      },
      { line: 9, column: 15, severity: 'low', message: 'other/tools/.github/actions/setup is used by the mutable ref `main`' },
      {
        line: 11,
        column: 11,
        severity: 'low',
        message: "reusable workflow acme/tools/.github/workflows/docs.yml is this repository's own code, used by the mutable ref `main` in job docs"
      },
      { line: 14, column: 11, severity: 'high', message: 'reusable workflow other/tools/.github/workflows/scan.yml' }
    ])
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
})

test('unpinned-action: the Claude action by a mutable ref inside a local composite action, called or published', async () => {
  const composite = (uses: string): string => `name: review
runs:
  using: composite
  steps:
    - uses: ${uses}
      with:
        prompt: review this pull request
`
  const findings = await runRule('unpinned-action', {
    '.github/workflows/review.yml': `on: pull_request
jobs:
  review:
    runs-on: ubuntu-latest
    steps:
      - uses: ./.github/actions/review
      - uses: ./.github/actions/review
`,
    '.github/actions/review/action.yml': composite('anthropics/claude-code-action@v1'),
    'published/action.yml': composite('anthropics/claude-code-action@beta'),
    'pinned/action.yml': composite('anthropics/claude-code-action@0123456789abcdef0123456789abcdef01234567 # v1.0.200')
  })
  expectFindings(findings, [
    { file: '.github/actions/review/action.yml', line: 5, column: 13, severity: 'high', message: 'anthropics/claude-code-action is used by the mutable ref `v1`' },
    { file: 'published/action.yml', line: 5, column: 13, severity: 'high', message: 'anthropics/claude-code-action is used by the mutable ref `beta`' }
  ])
})

test('unpinned-action: the Claude action used by a branch in its own repository is that repository\'s own code (low)', async () => {
  const dir = writeFixture({
    '.github/workflows/claude.yml': `on: issue_comment
jobs:
  claude:
    runs-on: ubuntu-latest
    steps:
      - uses: anthropics/claude-code-action@main # OK: this repository's own action
        with:
          anthropic_api_key: \${{ secrets.ANTHROPIC_API_KEY }}
`
  })
  try {
    gitCommit(dir, true)
    assert.equal(spawnSync('git', ['remote', 'add', 'origin', 'https://github.com/anthropics/claude-code-action.git'], { cwd: dir }).status, 0)
    expectFindings(await runRuleIn(RULE, dir), [
      {
        line: 6,
        column: 15,
        severity: 'low',
        message: "action anthropics/claude-code-action is this repository's own code, used by the mutable ref `main` in job claude, which holds secrets"
      }
    ])
    // Anywhere else the same line is the Claude action by a branch: high.
    assert.equal(spawnSync('git', ['remote', 'set-url', 'origin', 'https://github.com/acme/app.git'], { cwd: dir }).status, 0)
    expectFindings(await runRuleIn(RULE, dir), [{ line: 6, column: 15, severity: 'high', message: 'anthropics/claude-code-action is used by the mutable ref `main`' }])
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
})

test('unpinned-action: with the repository\'s name unknown, a workflow or action this checkout holds at the same path is its own code (low)', async () => {
  const findings = await runRule(RULE, {
    '.github/workflows/caller.yml': `on: push
jobs:
  docs:
    uses: acme/tools/.github/workflows/docs.yml@main # own: docs.yml is here
    secrets: inherit
  scan:
    uses: acme/tools/.github/workflows/scan.yml@main # NOT OK: no scan.yml here
    secrets: inherit
  build:
    runs-on: ubuntu-latest
    env:
      TOKEN: \${{ secrets.TOKEN }}
    steps:
      - uses: acme/tools/.github/actions/setup@main # own: the action is here
      - uses: acme/tools/.github/actions/other@main # NOT OK: not here
      - uses: openai/codex-action@v1 # NOT OK: a root-level action; the root action.yml here is this repository's own
`,
    'action.yml': `name: this repository's own action
runs:
  using: node20
  main: index.js
`,
    '.github/workflows/docs.yml': `on: workflow_call
jobs:
  d:
    runs-on: ubuntu-latest
    steps:
      - run: echo docs
`,
    '.github/actions/setup/action.yml': `name: setup
runs:
  using: composite
  steps:
    - run: echo hi
      shell: bash
`
  })
  const how = "(this checkout holds it at the same path; the repository's GitHub name is not known to the audit)"
  expectFindings(findings, [
    { line: 4, column: 11, severity: 'low', message: `reusable workflow acme/tools/.github/workflows/docs.yml is this repository's own code ${how}, used by the mutable ref \`main\` in job docs` },
    { line: 7, column: 11, severity: 'high', message: 'reusable workflow acme/tools/.github/workflows/scan.yml is called by the mutable ref `main`' },
    { line: 14, column: 15, severity: 'low', message: `action acme/tools/.github/actions/setup is this repository's own code ${how}` },
    { line: 15, column: 15, severity: 'low', message: 'acme/tools/.github/actions/other is used by the mutable ref `main` in job build' },
    { line: 16, column: 15, severity: 'low', message: 'openai/codex-action is used by the mutable ref `v1` in job build, which holds secrets: whoever can move that ref runs code next to them' }
  ])
})

test('unpinned-action: a third-party action by a tag inside a local composite action runs in the calling job, next to its secrets', async () => {
  const findings = await runRule(RULE, {
    '.github/workflows/comment.yml': `on: issue_comment
jobs:
  solve:
    runs-on: ubuntu-latest
    steps:
      - uses: ./.github/actions/solve
        with:
          token: \${{ secrets.CLAUDE_CODE_OAUTH_TOKEN }}
  plain:
    runs-on: ubuntu-latest
    steps:
      - uses: ./.github/actions/quiet # OK: this job holds no secrets
`,
    '.github/workflows/push.yml': `on: push
jobs:
  nightly:
    runs-on: ubuntu-latest
    env:
      TOKEN: \${{ secrets.TOKEN }}
    steps:
      - uses: ./.github/actions/solve
      - uses: ./.github/actions/outer
`,
    '.github/actions/solve/action.yml': `name: solve
inputs:
  token:
    required: false
runs:
  using: composite
  steps:
    - uses: actions/setup-node@v4 # OK: first-party
    - uses: devcontainers/ci@v0.3 # NOT OK: medium (the comment job), once for both callers
      env:
        CLAUDE_CODE_OAUTH_TOKEN: \${{ inputs.token }}
      with:
        runCmd: echo hi
    - uses: some-org/pinned@${SHA} # OK: pinned
`,
    '.github/actions/outer/action.yml': `runs:
  using: composite
  steps:
    - uses: ./.github/actions/inner
`,
    '.github/actions/inner/action.yml': `runs:
  using: composite
  steps:
    - uses: some-org/inner-tool@main # NOT OK: low, only a push job reaches it
`,
    '.github/actions/quiet/action.yml': `runs:
  using: composite
  steps:
    - uses: some-org/quiet-tool@v1
`,
    'published/action.yml': `runs:
  using: composite
  steps:
    - uses: some-org/published-tool@v1 # OK: no job of this repository calls it
`
  })
  expectFindings(findings, [
    {
      file: '.github/actions/inner/action.yml',
      line: 4,
      column: 13,
      endColumn: 37,
      severity: 'low',
      message:
        'some-org/inner-tool is used by the mutable ref `main` in the local action .github/actions/inner/action.yml, whose steps run in job nightly of .github/workflows/push.yml, which holds secrets',
      related: [
        '.github/workflows/push.yml:9:15-9:38 job nightly of .github/workflows/push.yml runs .github/actions/outer/action.yml, and with it this step',
        '.github/actions/outer/action.yml:4:13-4:36 job nightly of .github/workflows/push.yml runs .github/actions/inner/action.yml, and with it this step'
      ]
    },
    {
      file: '.github/actions/solve/action.yml',
      line: 9,
      column: 13,
      endColumn: 34,
      severity: 'medium',
      message:
        'devcontainers/ci is used by the mutable ref `v0.3` in the local action .github/actions/solve/action.yml, whose steps run in the jobs that call it (job solve of .github/workflows/comment.yml; job nightly of .github/workflows/push.yml), which hold secrets',
      related: [
        '.github/workflows/comment.yml:6:15-6:38 job solve of .github/workflows/comment.yml runs .github/actions/solve/action.yml, and with it this step',
        '.github/workflows/push.yml:8:15-8:38 job nightly of .github/workflows/push.yml runs .github/actions/solve/action.yml, and with it this step'
      ]
    }
  ])
})
