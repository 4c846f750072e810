import { test } from 'node:test'
import { runRule, expectFindings } from './harness.js'

const RULE = 'aws-long-lived-credentials'
const F = '.github/workflows/bedrock.yml'

test('aws-long-lived-credentials: static keys in workflow, job and Claude step env, and configure-aws-credentials', async () => {
  const findings = await runRule(RULE, {
    [F]: `on: issue_comment
env:
  AWS_ACCESS_KEY_ID: \${{ secrets.AWS_ACCESS_KEY_ID }} # NOT OK (reported once, at the key id when alone)
jobs:
  claude:
    runs-on: ubuntu-latest
    env:
      AWS_ACCESS_KEY_ID: \${{ secrets.AWS_ACCESS_KEY_ID }}
      AWS_SECRET_ACCESS_KEY: \${{ secrets.AWS_SECRET_ACCESS_KEY }} # NOT OK
    steps:
      - uses: aws-actions/configure-aws-credentials@v4
        with:
          aws-access-key-id: \${{ secrets.AWS_ACCESS_KEY_ID }}
          aws-secret-access-key: \${{ secrets.AWS_SECRET_ACCESS_KEY }} # NOT OK
          aws-region: us-east-1
      - uses: anthropics/claude-code-action@v1
        env:
          AWS_SECRET_ACCESS_KEY: \${{ secrets.OTHER }} # NOT OK
        with:
          use_bedrock: true
`
  })
  expectFindings(findings, [
    {
      file: F,
      line: 3,
      column: 22,
      endColumn: 54,
      severity: 'high',
      message: 'static AWS access keys (AWS_ACCESS_KEY_ID in workflow-level `env:`) reach job claude'
    },
    { line: 9, column: 30, endColumn: 66, message: 'AWS_SECRET_ACCESS_KEY in job-level `env:`' },
    {
      line: 14,
      column: 34,
      message: 'aws-actions/configure-aws-credentials exports static AWS access keys into the environment of job claude'
    },
    { line: 18, column: 34, message: "AWS_SECRET_ACCESS_KEY in the Claude step's `env:`" }
  ])
})

test('aws-long-lived-credentials: settings env (committed and action input)', async () => {
  const findings = await runRule(RULE, {
    '.claude/settings.json': JSON.stringify(
      { env: { AWS_ACCESS_KEY_ID: 'AKIAEXAMPLEEXAMPLE00', AWS_REGION: 'us-east-1' } },
      null,
      2
    ),
    [F]: `on: workflow_dispatch
jobs:
  a:
    steps:
      - uses: anthropics/claude-code-action@v1
        with:
          settings: |
            {"env": {"AWS_SECRET_ACCESS_KEY": "\${{ secrets.AWS_SECRET }}", "CLAUDE_CODE_USE_BEDROCK": "1"}}
`
  })
  expectFindings(findings, [
    {
      file: '.claude/settings.json',
      line: 3,
      column: 5,
      endColumn: 24,
      message: 'static AWS access keys (AWS_ACCESS_KEY_ID) are set in the `env` of .claude/settings.json'
    },
    { file: F, line: 8, column: 22, endColumn: 45, message: 'the `settings` input of the Claude step in job a' }
  ])
})

test('aws-long-lived-credentials: OIDC, keys on other steps and other jobs pass', async () => {
  const findings = await runRule(RULE, {
    [F]: `on: push
jobs:
  claude:
    permissions: {id-token: write}
    steps:
      - uses: aws-actions/configure-aws-credentials@v4
        with:
          role-to-assume: arn:aws:iam::123456789012:role/claude
          aws-region: us-east-1
      - name: upload
        env:
          AWS_SECRET_ACCESS_KEY: \${{ secrets.AWS_SECRET_ACCESS_KEY }} # OK: not the Claude step
        run: aws s3 cp out s3://bucket/
      - uses: anthropics/claude-code-action@v1
        env:
          AWS_SECRET_ACCESS_KEY: \${{ steps.creds.outputs.aws-secret-access-key }} # OK: short-lived
  deploy:
    env:
      AWS_SECRET_ACCESS_KEY: \${{ secrets.AWS_SECRET_ACCESS_KEY }} # OK: no Claude here
    steps:
      - run: ./deploy.sh
`
  })
  expectFindings(findings, [])
})
