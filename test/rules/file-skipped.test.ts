import { test } from 'node:test'
import { runRule, expectFindings } from './harness.js'

const RULE = 'file-skipped'

test('file-skipped: binary CLAUDE.md, oversized memory file and a link out of the repository', async () => {
  const big = '- line\n'.repeat(700_000) // 4.9 MB
  const findings = await runRule(RULE, {
    'CLAUDE.md': '\u0000\u0001binary',
    'docs/CLAUDE.md': big,
    '.claude/settings.json': { link: '/etc/passwd' },
    '.mcp.json': '{ "mcpServers": {} }'
  })
  expectFindings(findings, [
    { file: '.claude/settings.json', line: 1, severity: 'info', message: 'symbolic link leaves the repository' },
    { file: 'CLAUDE.md', line: 1, message: 'binary content' },
    { file: 'docs/CLAUDE.md', line: 1, message: 'over the 4 MiB limit' }
  ])
})

test('file-skipped: a link that stays inside the repository is read', async () => {
  const findings = await runRule(RULE, {
    'AGENTS.md': '# rules\n',
    'CLAUDE.md': { link: 'AGENTS.md' }
  })
  expectFindings(findings, [])
})
