import { test } from 'node:test'
import { runRule, expectFindings } from './harness.js'

const RULE = 'persisted-checkout-credentials'
const F = '.github/workflows/claude.yml'

test('persisted-checkout-credentials: checkout before Claude without persist-credentials: false', async () => {
  const findings = await runRule(RULE, {
    [F]: `on: issue_comment
jobs:
  claude:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4 # NOT OK: defaults to true
        with:
          fetch-depth: 1
      - uses: actions/checkout@v4
        with:
          persist-credentials: true # NOT OK
          ssh-key: \${{ secrets.DEPLOY_KEY }}
      - uses: actions/checkout@v4
        with:
          persist-credentials: false # OK
      - uses: anthropics/claude-code-action@v1
      - uses: actions/checkout@v4 # OK: after the last Claude step
`
  })
  expectFindings(findings, [
    {
      file: F,
      line: 6,
      column: 15,
      endColumn: 34,
      severity: 'low',
      message:
        'actions/checkout keeps its token on disk for later git commands (`persist-credentials` defaults to true), and Claude runs later in job claude'
    },
    {
      line: 11,
      column: 32,
      endColumn: 36,
      message: 'keeps its SSH key on disk for later git commands (`persist-credentials: true`)'
    }
  ])
})

test('persisted-checkout-credentials: claude -p counts; jobs without Claude and string "false" pass', async () => {
  const findings = await runRule(RULE, {
    [F]: `on: push
jobs:
  cli:
    steps:
      - {uses: actions/checkout@v5} # NOT OK
      - run: claude -p "fix lint" --max-turns 3
  safe:
    steps:
      - uses: actions/checkout@v5
        with: {persist-credentials: 'false'}
      - run: claude -p "fix lint"
  build:
    steps:
      - uses: actions/checkout@v5 # OK: no Claude in this job
      - run: npm test
`
  })
  expectFindings(findings, [{ line: 5, column: 16, endColumn: 35, message: 'Claude runs later in job cli' }])
})

test('persisted-checkout-credentials: a token a run step writes into the git configuration before Claude runs', async () => {
  const findings = await runRule(RULE, {
    '.github/workflows/fix.yml': [
      'on: issues', // 1
      'jobs:',
      '  fix:',
      '    runs-on: ubuntu-latest',
      '    steps:', // 5
      '      - uses: actions/checkout@11bd71901bbe5b1630ceea73d27597364c9af683',
      '        with:',
      '          persist-credentials: false',
      '      - run: |',
      '          git remote set-url origin "https://x-access-token:${{ secrets.GH_PAT }}@github.com/o/r.git"', // 10
      '          git config --global url."https://x:${{ github.token }}@github.com/".insteadOf "https://github.com/"',
      '          git config http.https://github.com/.extraheader "AUTHORIZATION: basic $AUTH"',
      '          git config user.name "${{ secrets.BOT_NAME }}"', // not a credential key
      '        env:',
      '          AUTH: ${{ secrets.BASIC_AUTH }}', // 15
      '      - run: claude -p "fix the issue" --max-turns 5',
      '      - run: git remote set-url origin "https://x:${{ secrets.LATE }}@github.com/o/r.git"', // after Claude
      ''
    ].join('\n')
  })
  expectFindings(findings, [
    { file: '.github/workflows/fix.yml', line: 10, column: 61, endColumn: 82, severity: 'low', message: 'writes `secrets.GH_PAT` into the git configuration, and Claude runs later in job fix' },
    { line: 11, column: 46, endColumn: 65, message: 'writes `github.token` into the git configuration' },
    { line: 12, column: 81, endColumn: 86, message: 'writes `secrets.BASIC_AUTH` (through `$AUTH`) into the git configuration' }
  ])
})
