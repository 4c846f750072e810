import { test } from 'node:test'
import assert from 'node:assert/strict'
import { runRule, expectFindings } from './harness.js'
import { shellParseCalls } from '../../src/shell/parse.js'

const RULE = 'pwn-request'
const F = '.github/workflows/review.yml'

test('pwn-request: pull_request_target checks out the head at the root in a Claude job', async () => {
  const findings = await runRule(RULE, {
    [F]: `on:
  pull_request_target:
    types: [opened, synchronize]
jobs:
  review:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
        with:
          ref: \${{ github.event.pull_request.head.sha }} # NOT OK
      - uses: actions/checkout@v4
        with:
          repository: \${{ github.event.pull_request.head.repo.full_name }} # NOT OK
          ref: main
      - uses: actions/checkout@v4
        with:
          ref: \${{ github.event.pull_request.head.sha }}
          path: pr # OK: head only in a subdirectory
      - uses: actions/checkout@v4 # OK: the base
      - uses: anthropics/claude-code-action@v1
        with:
          prompt: review
`
  })
  expectFindings(findings, [
    {
      file: F,
      line: 10,
      column: 16,
      endColumn: 57,
      severity: 'critical',
      message:
        "job review runs on pull_request_target (base repository secrets and a write token, even for forks) and checks out the pull request's head at the workspace root (`ref: ${{ github.event.pull_request.head.sha }}`), where Claude reads them",
      // The trigger that makes the checkout privileged.
      related: ['.github/workflows/review.yml:2:3-2:22 runs with the base repository\'s secrets and a write token, for pull requests from forks too']
    },
    {
      line: 13,
      column: 23,
      severity: 'critical',
      message: '`repository: ${{ github.event.pull_request.head.repo.full_name }}`',
      related: ['.github/workflows/review.yml:2:3-2:22 runs with the base repository\'s secrets and a write token, for pull requests from forks too']
    }
  ])
})

test('pwn-request: workflow_run and shell checkouts in jobs with secrets', async () => {
  const findings = await runRule(RULE, {
    [F]: `on:
  workflow_run:
    workflows: [CI]
    types: [completed]
jobs:
  fix:
    runs-on: ubuntu-latest
    env:
      HEAD: \${{ github.event.workflow_run.head_sha }}
    steps:
      - uses: actions/checkout@v4
        with: {ref: "\${{ env.HEAD }}"} # NOT OK: HEAD is the head SHA
      - uses: actions/checkout@v4
        with: {ref: "\${{ github.event.workflow_run.head_branch }}"} # OK: a branch name is looked up in the base repository
      - run: |
          git fetch origin pull/\${{ github.event.workflow_run.pull_requests[0].number }}/head:pr
          git checkout pr # NOT OK
          git checkout "$HEAD" # NOT OK
          gh pr checkout 12 # NOT OK
          git checkout main # OK
        env:
          GH_TOKEN: \${{ secrets.BOT_TOKEN }}
  lint:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4 # OK: no secrets, no Claude
        with:
          ref: \${{ github.event.workflow_run.head_sha }}
      - run: npm run lint
`
  })
  expectFindings(findings, [
    {
      line: 12,
      column: 22,
      endColumn: 37,
      severity: 'critical',
      message:
        "job fix runs on workflow_run (base repository secrets and a write token, even for forks) and checks out the pull request's head at the workspace root (`ref: ${{ env.HEAD }}`, with `HEAD: ${{ github.event.workflow_run.head_sha }}`)",
      related: ['.github/workflows/review.yml:2:3-2:15 runs with the base repository\'s secrets and a write token after a run that outside code can start']
    },
    { line: 17, column: 11, endColumn: 26, message: '`git checkout` of the fetched pull request head' },
    { line: 18, column: 11, endColumn: 31, message: "`git checkout` of the pull request's head" },
    { line: 19, column: 11, endColumn: 28, message: '`gh pr checkout` in the workspace' }
  ])
})

test('pwn-request: pull_request (unprivileged) and base checkouts pass', async () => {
  const findings = await runRule(RULE, {
    [F]: `on: pull_request
jobs:
  review:
    steps:
      - uses: actions/checkout@v4
        with:
          ref: \${{ github.event.pull_request.head.sha }} # OK: pull_request has no secrets for forks
      - uses: anthropics/claude-code-action@v1
`,
    '.github/workflows/target.yml': `on: pull_request_target
jobs:
  label:
    steps:
      - uses: actions/checkout@v4 # OK: base branch
      - uses: anthropics/claude-code-action@v1
        with: {prompt: label}
`
  })
  expectFindings(findings, [])
})

test('pwn-request: a head SHA reached through workflow env; branch names without the fork repository are not fork code', async () => {
  const findings = await runRule(RULE, {
    [F]: `on:
  pull_request_target:
    types: [opened, synchronize]
permissions:
  contents: read
env:
  PR_SHA: \${{ github.event.pull_request.head.sha }}
jobs:
  review:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
        with:
          ref: \${{ env.PR_SHA }} # NOT OK
          persist-credentials: false
      - uses: actions/checkout@v4
        with:
          ref: \${{ github.event.pull_request.head.ref }} # OK: that branch name is fetched from the base repository
      - uses: actions/checkout@v4
        with:
          ref: \${{ github.head_ref }} # OK: same
      - uses: actions/checkout@v4
        with:
          repository: \${{ github.event.pull_request.head.repo.full_name }} # NOT OK: the fork
          ref: \${{ github.head_ref }}
      - uses: anthropics/claude-code-action@v1
        with:
          anthropic_api_key: \${{ secrets.ANTHROPIC_API_KEY }}
          prompt: /review
`
  })
  expectFindings(findings, [
    {
      file: F,
      line: 14,
      column: 16,
      endColumn: 33,
      severity: 'critical',
      message:
        "job review runs on pull_request_target (base repository secrets and a write token, even for forks) and checks out the pull request's head at the workspace root (`ref: ${{ env.PR_SHA }}`, with `PR_SHA: ${{ github.event.pull_request.head.sha }}`), where Claude reads them"
    },
    {
      line: 24,
      column: 23,
      severity: 'critical',
      message: "checks out the pull request's head at the workspace root (`repository: ${{ github.event.pull_request.head.repo.full_name }}`)"
    }
  ])
})

test('pwn-request: a branch name alone is fetched from the base repository, in checkout and in scripts', async () => {
  const findings = await runRule(RULE, {
    [F]: `on:
  pull_request_target:
jobs:
  review:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
        with:
          ref: \${{ github.head_ref || github.ref }} # OK: a branch name, looked up in the base repository
      - run: |
          git fetch origin \${{ github.head_ref }} && git checkout FETCH_HEAD
          git checkout \${{ github.event.pull_request.head.ref }}
      - run: |
          git fetch origin \${{ github.event.pull_request.head.sha || github.sha }}
          git checkout FETCH_HEAD
      - run: claude -p "review" --max-turns 3
        env:
          ANTHROPIC_API_KEY: \${{ secrets.ANTHROPIC_API_KEY }}
`
  })
  expectFindings(findings, [
    {
      file: F,
      line: 15,
      column: 11,
      severity: 'critical',
      message: 'and runs `git checkout` of the fetched pull request head'
    }
  ])
})

test('pwn-request: a reusable workflow called from pull_request_target checks out the head (directly or by input)', async () => {
  const findings = await runRule('pwn-request', {
    '.github/workflows/pr.yml': `on: pull_request_target
jobs:
  call:
    uses: ./.github/workflows/review.yml
    secrets: inherit
  call2:
    uses: ./.github/workflows/by-input.yml
    with:
      sha: \${{ github.event.pull_request.head.sha }}
    secrets:
      KEY: \${{ secrets.KEY }}
`,
    '.github/workflows/review.yml': `on: workflow_call
jobs:
  review:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
        with:
          ref: \${{ github.event.pull_request.head.sha }} # NOT OK
      - run: npm ci && npm test
      - uses: anthropics/claude-code-action@v1
        with: {prompt: review}
`,
    '.github/workflows/by-input.yml': `on:
  workflow_call:
    inputs:
      sha: {type: string}
jobs:
  build:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
        with:
          ref: \${{ inputs.sha }} # NOT OK
      - run: npm ci
`,
    '.github/workflows/loop.yml': `on: workflow_call
jobs:
  again:
    uses: ./.github/workflows/loop.yml
`
  })
  expectFindings(findings, [
    {
      file: '.github/workflows/by-input.yml',
      line: 11,
      column: 16,
      severity: 'critical',
      message: 'job build runs on pull_request_target (through the calling workflow .github/workflows/pr.yml)',
      // The caller's trigger, and the job that calls this workflow with its event and secrets.
      related: [
        ".github/workflows/pr.yml:1:5-1:24 runs with the base repository's secrets and a write token, for pull requests from forks too",
        '.github/workflows/pr.yml:7:5-7:43 job call2 calls this reusable workflow (on pull_request_target)'
      ]
    },
    {
      file: '.github/workflows/review.yml',
      line: 8,
      column: 16,
      message: 'where Claude reads them',
      related: [
        ".github/workflows/pr.yml:1:5-1:24 runs with the base repository's secrets and a write token, for pull requests from forks too",
        '.github/workflows/pr.yml:4:5-4:41 job call calls this reusable workflow (on pull_request_target)'
      ]
    }
  ])
})

test('pwn-request: a reusable workflow called only from pull_request, or not called, passes', async () => {
  const findings = await runRule('pwn-request', {
    '.github/workflows/pr.yml': `on: pull_request
jobs:
  call:
    uses: ./.github/workflows/review.yml
    secrets: inherit
`,
    '.github/workflows/review.yml': `on: workflow_call
jobs:
  review:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
        with:
          ref: \${{ github.event.pull_request.head.sha }} # OK: the caller is not privileged
      - uses: anthropics/claude-code-action@v1
        with: {prompt: review}
`
  })
  expectFindings(findings, [])
})

test('pwn-request: workflow_run after only pushes runs no outside code', async () => {
  const job = `jobs:
  fix:
    runs-on: ubuntu-latest
    env:
      TOKEN: \${{ secrets.TOKEN }}
    steps:
      - uses: actions/checkout@v4
        with:
          ref: \${{ github.event.workflow_run.head_sha }}
      - run: npm ci
`
  const findings = await runRule(RULE, {
    '.github/workflows/build.yml': 'name: Build\non: push\njobs:\n  b:\n    runs-on: ubuntu-latest\n    steps:\n      - run: make\n',
    '.github/workflows/test.yml': 'name: Test\non: pull_request\njobs:\n  t:\n    runs-on: ubuntu-latest\n    steps:\n      - run: make test\n',
    '.github/workflows/after-build.yml': `on:
  workflow_run:
    workflows: [Build] # OK: a pushed commit
${job}`,
    '.github/workflows/after-test.yml': `on:
  workflow_run:
    workflows: [Test] # NOT OK: a fork's pull request
${job}`
  })
  expectFindings(findings, [{ file: '.github/workflows/after-test.yml', line: 12, message: 'job fix runs on workflow_run' }])
})

/** A workflow that runs after CI (itself run on pushes and pull requests, forks too) and checks out its head with secrets. */
function afterCi(jobIf: string, stepIf?: string): Record<string, string> {
  return {
    '.github/workflows/ci.yml': `name: CI
on: [push, pull_request]
jobs:
  test: {runs-on: ubuntu-latest, steps: [{run: npm test}]}
`,
    [F]: `on:
  workflow_run:
    workflows: [CI]
    types: [completed]
  schedule:
    - cron: '0 3 * * *'
  workflow_dispatch:
jobs:
  e2e:
    if: ${jobIf}
    runs-on: ubuntu-latest
    env:
      TOKEN: \${{ secrets.E2E_TOKEN }}
    steps:
      - uses: actions/checkout@v4${stepIf ? `\n        if: ${stepIf}` : ''}
        with:
          ref: \${{ github.event.workflow_run.head_sha || github.sha }}
      - run: pnpm install && pnpm e2e
`
  }
}

test('pwn-request: a job whose if: keeps it from running on the privileged event (or for fork code) is not reported', async () => {
  const excluded = [
    // Only after pushes of the base repository (and never for a fork's head), or when started by hand.
    `>-
      github.event_name == 'workflow_dispatch' ||
      github.event_name == 'schedule' ||
      (
        github.event_name == 'workflow_run' &&
        github.event.workflow_run.event != 'pull_request' &&
        github.event.workflow_run.head_repository.full_name == github.repository
      )`,
    // The followed run's event is a push: outside code never gets here.
    `github.event_name != 'workflow_run' || github.event.workflow_run.event == 'push'`,
    `github.event_name != 'workflow_run'`,
    `\${{ !(github.event_name == 'workflow_run') }}`,
    `contains(fromJSON('["schedule", "workflow_dispatch"]'), github.event_name)`,
    `github.event_name == 'schedule' && github.ref == 'refs/heads/main'`,
    `github.event.workflow_run.head_repository.fork == false`,
    // Quoted: a plain `!` starts a YAML tag.
    `"!github.event.workflow_run.head_repository.fork"`
  ]
  for (const cond of excluded) {
    expectFindings(await runRule(RULE, afterCi(cond)), [])
    // The same condition on the checkout step.
    expectFindings(await runRule(RULE, afterCi('always()', cond)), [])
  }
})

test('pwn-request: an if: that still lets the privileged event through for fork code is reported', async () => {
  const through = [
    // Skips failed CI runs only.
    `github.event_name != 'workflow_run' || github.event.workflow_run.conclusion == 'success'`,
    `github.event_name == 'workflow_run'`,
    `contains(fromJSON('["workflow_run", "schedule"]'), github.event_name)`,
    // A pull request's run is still one outside code sets off.
    `github.event.workflow_run.event != 'push'`,
    `github.event.workflow_run.event == 'pull_request'`,
    // Not an expression GitHub evaluates as a condition: a non-empty string is true.
    `x \${{ github.event_name == 'schedule' }}`,
    `contains(github.event.workflow_run.head_branch, 'release')`
  ]
  for (const cond of through) {
    expectFindings(await runRule(RULE, afterCi(cond)), [{ line: 17, column: 16, message: 'job e2e runs on workflow_run (base repository secrets' }])
    expectFindings(await runRule(RULE, afterCi('success()', cond)), [{ line: 18, column: 16, message: 'job e2e runs on workflow_run (base repository secrets' }])
  }
})

test('pwn-request: with two privileged triggers, the message names only the one the if: lets through', async () => {
  const findings = await runRule(RULE, {
    [F]: `on:
  pull_request_target:
  workflow_run:
    workflows: [Other]
jobs:
  review:
    if: github.event_name == 'pull_request_target' && github.event.pull_request.head.repo.full_name != github.repository
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
        with:
          ref: \${{ github.event.pull_request.head.sha || github.event.workflow_run.head_sha }}
      - uses: anthropics/claude-code-action@v1
        with: {prompt: review}
  same-repo:
    if: github.event.pull_request.head.repo.full_name == github.repository
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
        with:
          ref: \${{ github.event.pull_request.head.sha }}
      - uses: anthropics/claude-code-action@v1
        with: {prompt: review}
`
  })
  expectFindings(findings, [
    {
      line: 12,
      message: 'job review runs on pull_request_target (base repository secrets',
      related: [".github/workflows/review.yml:2:3-2:22 runs with the base repository's secrets and a write token, for pull requests from forks too"]
    },
    // Same-repository pull requests only on pull_request_target; the pull request's fields tell nothing on workflow_run.
    { line: 21, message: 'job same-repo runs on workflow_run (base repository secrets' }
  ])
})

test('pwn-request: run scripts without a checkout subcommand are not parsed; quoted and wrapped ones are read', async () => {
  const wf = (run: string): string => `on: pull_request_target
jobs:
  fix:
    runs-on: ubuntu-latest
    env:
      TOKEN: \${{ secrets.BOT_TOKEN }}
    steps:
      - run: |
${run.split('\n').map((l) => `          ${l}`).join('\n')}
`
  // git and gh, but no checkout, switch, reset, merge, pull or rebase; or those, but nothing naming the head: no parse.
  const before = shellParseCalls()
  expectFindings(await runRule(RULE, { [F]: wf('git fetch origin pull/${{ github.event.pull_request.number }}/head\ngh pr view 12\ngit config user.name bot') }), [])
  expectFindings(await runRule(RULE, { [F]: wf('git pull --rebase origin main\ngit checkout -b "release-${{ github.run_id }}"\ngh release list') }), [])
  assert.equal(shellParseCalls() - before, 0)
  // The same words quoted still reach the parser and are reported.
  expectFindings(await runRule(RULE, { [F]: wf('git fetch origin pull/${{ github.event.pull_request.number }}/head\ngit "check"out FETCH_HEAD\ng\\h pr c\'heckout\' 12') }), [
    { line: 10, column: 11, message: '`git checkout` of the fetched pull request head' },
    { line: 11, column: 11, message: '`gh pr checkout` in the workspace' }
  ])
})

/** A pull_request_target workflow whose checkout takes its ref from a github-script step's output. */
function scriptOutputWorkflow(script: string, checkout = ''): string {
  const body = script
    .split('\n')
    .map((l) => (l ? `            ${l}` : l))
    .join('\n')
  return `on:
  pull_request_target:
    types: [opened]
jobs:
  review:
    runs-on: ubuntu-latest
    steps:
      - id: pr
        uses: actions/github-script@v7
        with:
          script: |
${body}
      - uses: actions/checkout@v4
        with:
          ref: \${{ steps.pr.outputs.sha }}${checkout}
      - uses: anthropics/claude-code-action@v1
        with:
          prompt: review
`
}

test('pwn-request: a checkout ref from a github-script output set from the head SHA', async () => {
  const payload = `if (context.eventName === 'pull_request_target') {
  core.setOutput('sha', context.payload.pull_request.head.sha);
  return;
}`
  const line = (wf: string): number => wf.split('\n').findIndex((l) => l.includes('ref: ${{ steps.pr.outputs.sha }}')) + 1
  const wf = scriptOutputWorkflow(payload)
  expectFindings(await runRule(RULE, { [F]: wf }), [
    {
      file: F,
      line: line(wf),
      column: 16,
      endColumn: 43,
      severity: 'critical',
      message:
        "checks out the pull request's head at the workspace root (`ref: ${{ steps.pr.outputs.sha }}`, which step `pr` (actions/github-script) sets from `context.payload.pull_request.head.sha`), where Claude reads them"
    }
  ])
  // Through a pulls.get result, destructured or not, and a local variable.
  for (const [script, source] of [
    [
      `const pr = await github.rest.pulls.get({ owner: context.repo.owner, repo: context.repo.repo, pull_number: context.issue.number });
core.setOutput('sha', pr.data.head.sha);`,
      'pr.data.head.sha'
    ],
    [
      `const { data: pull } = await github.rest.pulls.get({ owner: context.repo.owner, repo: context.repo.repo, pull_number: 1 });
const sha = pull.head.sha;
core.setOutput('sha', sha);`,
      'pull.head.sha'
    ]
  ]) {
    const w = scriptOutputWorkflow(script)
    expectFindings(await runRule(RULE, { [F]: w }), [{ line: line(w), message: `sets from \`${source}\`` }])
  }
})

test('pwn-request: github-script outputs that are not the head, or a head checkout into a subdirectory', async () => {
  for (const script of [
    // The base commit, another output's value, and a branch name (looked up in the base repository).
    "core.setOutput('sha', context.payload.pull_request.base.sha);",
    "core.setOutput('number', context.payload.pull_request.head.sha);\ncore.setOutput('sha', context.sha);",
    "core.setOutput('sha', context.payload.pull_request.head.ref);",
    // Text that only looks like it: a comment and a string.
    "// core.setOutput('sha', context.payload.pull_request.head.sha)\ncore.setOutput('sha', 'context.payload.pull_request.head.sha');"
  ])
    expectFindings(await runRule(RULE, { [F]: scriptOutputWorkflow(script) }), [])
  // The head into a subdirectory is data, not the workspace.
  expectFindings(
    await runRule(RULE, {
      [F]: scriptOutputWorkflow("core.setOutput('sha', context.payload.pull_request.head.sha);", '\n          path: pr')
    }),
    []
  )
})

/** A pull_request_target workflow: a Claude job with this `if:` (job) and this checkout `if:` (step). */
const GATED = (jobIf: string, stepIf = ''): string => `on:
  pull_request_target:
    types: [opened, synchronize, reopened]
jobs:
  triage:
${jobIf ? `    if: ${jobIf}\n` : ''}    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
${stepIf ? `        if: ${stepIf}\n` : ''}        with:
          ref: \${{ github.event.pull_request.head.sha }}
      - uses: anthropics/claude-code-action@v1
        with:
          prompt: triage
`

test('pwn-request: an `if:` limiting the job to pull requests opened by named accounts lowers it to medium and names the gate', async () => {
  // Fresh judgement s16 (Sethmr/peanut.gallery): Dependabot's pull requests only; the author cannot be spoofed.
  const author = await runRule(RULE, { [F]: GATED("github.event.pull_request.user.login == 'dependabot[bot]'") })
  expectFindings(author, [
    {
      file: F,
      line: 11,
      column: 16,
      severity: 'medium',
      message:
        "job triage runs on pull_request_target (base repository secrets and a write token) and checks out the pull request's head at the workspace root (`ref: ${{ github.event.pull_request.head.sha }}`), where Claude reads them, follows the CLAUDE.md files among them (nested ones even where the Claude action restores the root one from the base branch) and runs their scripts, but only for pull requests opened by the accounts `github.event.pull_request.user.login == 'dependabot[bot]'` names: a pull request's author is set when it is opened and cannot be changed",
      related: [
        ".github/workflows/review.yml:2:3-2:22 runs with the base repository's secrets and a write token, for pull requests from forks too",
        '.github/workflows/review.yml:6:9-6:66 runs the job only for pull requests opened by the accounts named here'
      ]
    }
  ])
  // On the checkout step, a literal list, and trusted author associations: the same gate.
  const onStep = await runRule(RULE, { [F]: GATED('', "${{ contains(fromJSON('[\"renovate[bot]\",\"alice\"]'), github.event.pull_request.user.login) }}") })
  expectFindings(onStep, [{ line: 11, severity: 'medium', message: "only for pull requests opened by the accounts `${{ contains(fromJSON('[\"renovate[bot]\",\"alice\"]'), github.event.pull_request.user.login) }}` names" }])
  const members = await runRule(RULE, { [F]: GATED("contains(fromJSON('[\"OWNER\",\"MEMBER\"]'), github.event.pull_request.author_association)") })
  expectFindings(members, [{ line: 11, severity: 'medium' }])
  // Not gates: an exclusion, a substring test, an `||` with something an outsider controls.
  for (const open of [
    "github.event.pull_request.user.login != 'dependabot[bot]'",
    "startsWith(github.event.pull_request.user.login, 'dependabot')",
    "github.event.pull_request.user.login == 'dependabot[bot]' || contains(github.event.pull_request.title, 'deps')",
    "github.event.pull_request.author_association != 'MEMBER'"
  ])
    expectFindings(await runRule(RULE, { [F]: GATED(open) }), [{ line: 11, severity: 'critical', message: /the pull request's author controls files that run or steer the job$/ }])
})

test('pwn-request: an `if:` on `github.actor` keeps it critical and says why (the actor is whoever fired the run, not the author)', async () => {
  const actor = await runRule(RULE, { [F]: GATED("github.actor == 'dependabot[bot]'") })
  expectFindings(actor, [
    {
      line: 11,
      column: 16,
      severity: 'critical',
      message:
        "the pull request's author controls files that run or steer the job; `github.actor == 'dependabot[bot]'` tests the account that fired the run, not the pull request's author: GitHub sets `github.actor` to whoever triggered it (a push to the head branch, a reopen, a label; a re-run keeps it), so a named account acting on an outsider's pull request, or a named bot pushing to the outsider's branch, runs the outsider's head",
      related: [
        ".github/workflows/review.yml:2:3-2:22 runs with the base repository's secrets and a write token, for pull requests from forks too",
        ".github/workflows/review.yml:6:9-6:42 tests the account that fired the run, not the pull request's author"
      ]
    }
  ])
  const triggering = await runRule(RULE, { [F]: GATED("github.triggering_actor == 'alice'") })
  expectFindings(triggering, [{ line: 11, severity: 'critical', message: "; `github.triggering_actor == 'alice'` tests the account that fired the run" }])
})
