import { test } from 'node:test'
import assert from 'node:assert/strict'
import { runRule, expectFindings } from './harness.js'
import { minCronGap } from '../../src/rules/unbounded-schedule.js'

const RULE = 'unbounded-schedule'
const F = '.github/workflows/digest.yml'

test('unbounded-schedule: frequent cron and schedule without concurrency', async () => {
  const findings = await runRule(RULE, {
    [F]: `on:
  schedule:
    - cron: '*/15 * * * *' # NOT OK: 96 a day
    - cron: '0 9 * * 1' # OK: weekly
    - cron: '*/10 9-17 * * 1-5' # NOT OK: 54 a day
    - cron: '0,30 9 * * 1-5' # NOT OK: twice within hour 9, 30 minutes apart
    - cron: '0 * * * *' # OK: hourly
    - cron: '15 8-18 * * *' # OK: hourly in 11 hours
  workflow_dispatch:
jobs:
  digest:
    runs-on: ubuntu-latest
    steps:
      - uses: anthropics/claude-code-action@v1
        with:
          prompt: write the digest
`
  })
  expectFindings(findings, [
    {
      file: F,
      line: 2,
      column: 3,
      endColumn: 11,
      severity: 'medium',
      message: 'Claude runs on a schedule in job digest with no `concurrency` group'
    },
    {
      line: 3,
      column: 13,
      endColumn: 27,
      message:
        'cron `*/15 * * * *` starts Claude 4 times an hour, around the clock, 96 times a day (job digest): more often than hourly, and each start is a full agent session billed by tokens'
    },
    { line: 5, column: 13, message: 'cron `*/10 9-17 * * 1-5` starts Claude 6 times an hour in 9 hours of the day, 54 times on each day it runs (job digest)' },
    { line: 6, column: 13, message: 'cron `0,30 9 * * 1-5` starts Claude 2 times an hour in 1 hour of the day, 2 times on each day it runs (job digest)' }
  ])
  const tips = findings.filter((f) => f.message.startsWith('cron')).map((f) => /\(`([^`]+)`\)/.exec(f.tip ?? '')?.[1])
  assert.deepEqual(tips, ['0 * * * *', '0 9-17 * * 1-5', '0 9 * * 1-5'])
})

test('unbounded-schedule: busy events without concurrency, filtered by event_name in if', async () => {
  const findings = await runRule(RULE, {
    '.github/workflows/review.yml': `on:
  push:
    branches: [main]
  pull_request:
jobs:
  review:
    runs-on: ubuntu-latest
    steps:
      - uses: anthropics/claude-code-action@v1
        if: github.event_name == 'pull_request'
        with:
          prompt: review
`,
    '.github/workflows/comments.yml': `on: [issue_comment]
jobs:
  answer:
    steps:
      - run: claude -p "answer" --max-turns 3
`
  })
  expectFindings(findings, [
    {
      file: '.github/workflows/comments.yml',
      line: 1,
      column: 6,
      endColumn: 19,
      message: 'Claude runs on issue_comment in job answer'
    },
    {
      file: '.github/workflows/review.yml',
      line: 4,
      column: 3,
      endColumn: 15,
      message: 'Claude runs on pull_request in job review with no `concurrency` group'
    }
  ])
})

test('unbounded-schedule: concurrency, tag mode, opened-only PRs and gated comments pass', async () => {
  const findings = await runRule(RULE, {
    [F]: `on:
  schedule: [{cron: '0 4 * * 1'}]
concurrency: digest
jobs:
  a:
    steps:
      - uses: anthropics/claude-code-action@v1
        with: {prompt: digest}
`,
    '.github/workflows/tag.yml': `on: [push, issue_comment]
jobs:
  claude:
    steps:
      - uses: anthropics/claude-code-action@v1 # tag mode: acts only on a mention
`,
    '.github/workflows/opened.yml': `on:
  pull_request:
    types: [opened, ready_for_review]
  issue_comment:
jobs:
  r:
    if: contains(github.event.comment.body, '/review')
    steps:
      - run: claude -p review
`,
    '.github/workflows/bad.yml': 'on: {schedule: [{cron: 5}]}\njobs: {a: {steps: [{run: claude -p x}]}}\n'
  })
  expectFindings(findings, [
    {
      file: '.github/workflows/bad.yml',
      line: 1,
      column: 6,
      endColumn: 14,
      message: 'Claude runs on a schedule in job a'
    }
  ])
})

test('unbounded-schedule: the stated rate is capped at GitHub\'s 5-minute minimum; jobs filtered to other events are not clocked', async () => {
  const findings = await runRule(RULE, {
    '.github/workflows/minute.yml': `on:
  schedule:
    - cron: '* * * * *' # NOT OK
concurrency: claude
jobs:
  digest:
    steps:
      - uses: anthropics/claude-code-action@v1
        with: {prompt: digest}
`,
    '.github/workflows/dispatch.yml': `on:
  schedule:
    - cron: '*/5 * * * *'
  workflow_dispatch:
jobs:
  poll:
    steps:
      - run: echo poll
  claude:
    if: github.event_name == 'workflow_dispatch'
    steps:
      - run: claude -p "summarise" --max-turns 3 # OK: the clock never starts it
`
  })
  expectFindings(findings, [
    {
      file: '.github/workflows/minute.yml',
      line: 3,
      column: 13,
      severity: 'medium',
      message:
        'cron `* * * * *` starts Claude 12 times an hour (GitHub starts a schedule at most every 5 minutes; the cron asks for 60), around the clock, 288 times a day (job digest)'
    }
  ])
})

const scheduled = (cron: string, job = '    runs-on: ubuntu-latest\n'): string => `on:
  schedule:
    - cron: '${cron}'
jobs:
  digest:
${job}    steps:
      - uses: anthropics/claude-code-action@v1
        with:
          prompt: write the digest
`

test('unbounded-schedule: no concurrency finding when runs cannot overlap within the job time limit', async () => {
  // Weekly, daily and 6-hourly crons: the next start comes after GitHub has stopped the last run (6 h).
  for (const cron of ['0 9 * * 1', '30 2 * * *', '0 */6 * * *', '0 0 1 * *']) {
    expectFindings(await runRule(RULE, { [F]: scheduled(cron) }), [])
  }
  // Every 4 hours: a run may still be going when the next starts.
  expectFindings(await runRule(RULE, { [F]: scheduled('0 */4 * * *') }), [
    { file: F, line: 2, message: 'Claude runs on a schedule in job digest with no `concurrency` group' }
  ])
  // ... unless the job's own timeout ends each run first.
  expectFindings(await runRule(RULE, { [F]: scheduled('0 */4 * * *', '    runs-on: ubuntu-latest\n    timeout-minutes: 30\n') }), [])
  // A self-hosted runner without a timeout may run for days.
  expectFindings(await runRule(RULE, { [F]: scheduled('0 9 * * 1', '    runs-on: [self-hosted, linux]\n') }), [
    { file: F, line: 2, message: 'no `concurrency` group' }
  ])
})

test('unbounded-schedule: minCronGap measures the shortest time between starts', () => {
  assert.equal(minCronGap(['0 9 * * 1']), 7 * 24 * 60)
  assert.equal(minCronGap(['0 9,10 * * *']), 60)
  assert.equal(minCronGap(['0 9 * * 1', '0 21 * * 1']), 12 * 60)
  assert.equal(minCronGap(['0 23 * * 5', '0 1 * * 6']), 120)
  assert.equal(minCronGap(['0 0 1,15 * *']), 14 * 24 * 60, 'Feb 15 to Mar 1 is 14 days')
  assert.equal(minCronGap(['0 9 * * MON']), undefined)
})
