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
