import { test } from 'node:test'
import { runRule, expectFindings } from './harness.js'

const RULE = 'autocompact-disabled'

test('autocompact-disabled: committed autoCompactEnabled false', async () => {
  const findings = await runRule(RULE, {
    '.claude/settings.json': '{\n  "model": "sonnet",\n  "autoCompactEnabled": false\n}\n', // NOT OK
    'b/.claude/settings.json': '{"autoCompactEnabled": true}', // OK
    'c/.claude/settings.json': '{"autoCompactEnabled": "false"}' // OK: not a boolean, Claude Code rejects the value
  })
  expectFindings(findings, [
    {
      file: '.claude/settings.json',
      line: 3,
      column: 25,
      endColumn: 30,
      severity: 'low',
      message: '`autoCompactEnabled: false` in .claude/settings.json turns auto-compaction off'
    }
  ])
})

test('autocompact-disabled: an untracked local file is personal; a tracked one is reported', async () => {
  const files = { '.claude/settings.local.json': '{"autoCompactEnabled": false}', 'README.md': 'x' }
  expectFindings(await runRule(RULE, files, { git: ['README.md'] }), [])
  expectFindings(await runRule(RULE, files, { git: true }), [
    { file: '.claude/settings.local.json', line: 1, column: 24 }
  ])
})

test('autocompact-disabled: default, empty and malformed settings pass', async () => {
  expectFindings(
    await runRule(RULE, {
      '.claude/settings.json': '{}',
      'a/.claude/settings.json': '',
      'b/.claude/settings.json': '{"autoCompactEnabled": false,'
    }),
    []
  )
})
