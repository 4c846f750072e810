import { test } from 'node:test'
import { runRule, expectFindings } from './harness.js'

const RULE = 'secrets-inherit'

test('secrets-inherit: flags block and flow style, not named secrets', async () => {
  const findings = await runRule(RULE, {
    '.github/workflows/deploy.yml': `name: deploy
on: push
jobs:
  build:
    uses: ./.github/workflows/build.yml
    secrets: inherit # NOT OK
  flow: {uses: org/repo/.github/workflows/x.yml@main, secrets: inherit} # NOT OK
  named:
    uses: ./.github/workflows/build.yml
    secrets:
      NPM_TOKEN: \${{ secrets.NPM_TOKEN }} # OK
`
  })
  expectFindings(findings, [
    { file: '.github/workflows/deploy.yml', line: 6, column: 14, endLine: 6, endColumn: 21, severity: 'high', message: 'job build calls ./.github/workflows/build.yml' },
    { file: '.github/workflows/deploy.yml', line: 7, column: 64, endColumn: 71, message: 'job flow calls org/repo' }
  ])
})

test('secrets-inherit: inline suppression silences it', async () => {
  const findings = await runRule(RULE, {
    '.github/workflows/deploy.yml': `on: push
jobs:
  build:
    uses: ./.github/workflows/build.yml
    # claude-code-audit: ignore[secrets-inherit]
    secrets: inherit
`
  })
  expectFindings(findings, [])
})

test('secrets-inherit: a called workflow of the repository is the related place, with the secrets it declares', async () => {
  const findings = await runRule(RULE, {
    '.github/workflows/deploy.yml': `on: push
jobs:
  build:
    uses: ./.github/workflows/build.yml
    secrets: inherit # NOT OK
  bare:
    uses: ./.github/workflows/bare.yml
    secrets: inherit # NOT OK
  remote:
    uses: org/repo/.github/workflows/x.yml@main
    secrets: inherit # NOT OK: the called workflow is not here
`,
    '.github/workflows/build.yml': `name: build
on:
  workflow_call:
    secrets:
      NPM_TOKEN: {required: true}
      SENTRY_DSN: {required: false}
jobs:
  b:
    runs-on: ubuntu-latest
    steps: [{run: npm publish}]
`,
    '.github/workflows/bare.yml': `on: [workflow_call]
jobs:
  b:
    runs-on: ubuntu-latest
    steps: [{run: make}]
`
  })
  expectFindings(findings, [
    {
      line: 5,
      related: ['.github/workflows/build.yml:3:3-3:16 the called workflow: it declares the secrets NPM_TOKEN, SENTRY_DSN, and receives every secret of this repository']
    },
    {
      line: 8,
      related: ['.github/workflows/bare.yml:1:6-1:19 the called workflow: it declares no secrets, and receives every secret of this repository']
    },
    { line: 11, related: [] }
  ])
})
