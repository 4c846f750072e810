import { test } from 'node:test'
import { runRule, expectFindings } from './harness.js'

const RULE = 'committed-local-config'

test('committed-local-config: tracked personal files are reported', async () => {
  const findings = await runRule(
    RULE,
    {
      'CLAUDE.local.md': 'my notes\n',
      '.claude/settings.local.json': '{"permissions": {"allow": ["Bash(*)"]}}',
      'sub/.claude/settings.local.json': '{}',
      '.claude/settings.json': '{}'
    },
    { git: true }
  )
  expectFindings(findings, [
    {
      file: '.claude/settings.local.json',
      line: 1,
      column: 1,
      severity: 'medium',
      confidence: 'high',
      message: ".claude/settings.local.json is personal configuration and git tracks it: one person's allow rules"
    },
    { file: 'CLAUDE.local.md', line: 1, confidence: 'high', message: "one person's private instructions" },
    { file: 'sub/.claude/settings.local.json', line: 1 }
  ])
})

test('committed-local-config: untracked (ignored or new) personal files pass', async () => {
  const findings = await runRule(
    RULE,
    {
      '.gitignore': 'CLAUDE.local.md\n',
      'CLAUDE.local.md': 'x',
      '.claude/settings.local.json': '{}',
      'README.md': 'x'
    },
    { git: ['.gitignore', 'README.md'] }
  )
  expectFindings(findings, [])
})

test('committed-local-config: without git a present file is reported with medium confidence', async () => {
  const findings = await runRule(RULE, { '.claude/settings.local.json': '' })
  expectFindings(findings, [
    {
      file: '.claude/settings.local.json',
      line: 1,
      confidence: 'medium',
      message: 'git was not available to check whether it is tracked'
    }
  ])
  expectFindings(await runRule(RULE, { 'CLAUDE.md': 'x', '.claude/settings.json': '{}' }), [])
})
