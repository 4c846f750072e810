import { test } from 'node:test'
import { runRule, expectFindings } from './harness.js'

const RULE = 'context-exclusion-missing'
const ALL = '`node_modules/`, `.next/`, `dist/`, `*.lock`, `*.png`, `*.jpg`, `*.pdf`, `.env*`'

test('context-exclusion-missing: no settings file, repository-level finding listing every entry', async () => {
  const findings = await runRule(RULE, { 'CLAUDE.md': '# Project\n' })
  expectFindings(findings, [
    { file: null, line: null, severity: 'medium', message: `covers ${ALL}: Claude can read and search them` }
  ])
})

test('context-exclusion-missing: points at the permissions key and lists only uncovered entries', async () => {
  const settings = {
    permissions: {
      deny: [
        'Read(./node_modules/**)',
        'Read(**/.next/**)',
        'Read(dist)',
        'Read(*.lock)',
        'Read(./.env)',
        'Read(./.env.*)',
        'Edit(*.png)'
      ]
    }
  }
  const findings = await runRule(RULE, { '.claude/settings.json': JSON.stringify(settings, null, 2) })
  expectFindings(findings, [
    {
      file: '.claude/settings.json',
      line: 2,
      column: 3,
      endColumn: 16,
      severity: 'low',
      message: 'covers `*.png`, `*.jpg`, `*.pdf`: Claude can read'
    }
  ])
})

test('context-exclusion-missing: .env alone does not cover .env.local; settings without permissions point at line 1', async () => {
  const findings = await runRule(RULE, {
    '.claude/settings.json': '{"model": "sonnet"}',
    '.claude/settings.local.json': JSON.stringify({
      permissions: {
        deny: [
          'Read(node_modules/)',
          'Read(.next)',
          'Read(dist/**)',
          'Read(**/*.lock)',
          'Read(*.png)',
          'Read(*.jpg)',
          'Read(*.pdf)',
          'Read(.env)'
        ]
      }
    })
  })
  expectFindings(findings, [
    {
      file: '.claude/settings.json',
      line: 1,
      column: 1,
      severity: 'medium',
      message:
        'covers `.env*`: Claude can read and search them, so bulk eats context and secrets in `.env` files end up in the transcript'
    }
  ])
})

test('context-exclusion-missing: everything covered, by a bare Read deny, or by patterns', async () => {
  expectFindings(await runRule(RULE, { '.claude/settings.json': '{"permissions": {"deny": ["Read"]}}' }), [])
  expectFindings(await runRule(RULE, { '.claude/settings.json': '{"permissions": {"deny": ["Read(**)"]}}' }), [])
  const rules = [
    'Read(node_modules/**)',
    'Read(.next/**)',
    'Read(dist/**)',
    'Read(*.lock)',
    'Read(*.png)',
    'Read(*.jpg)',
    'Read(*.pdf)',
    'Read(.env*)'
  ]
  expectFindings(await runRule(RULE, { '.claude/settings.json': JSON.stringify({ permissions: { deny: rules } }) }), [])
})

test('context-exclusion-missing: an untracked settings.local.json does not count; the paths option', async () => {
  const local = JSON.stringify({ permissions: { deny: ['Read(.env*)'] } })
  const files = { 'CLAUDE.md': 'x', '.claude/settings.local.json': local }
  expectFindings(await runRule(RULE, files, { git: ['CLAUDE.md'], options: { paths: ['.env*'] } }), [
    { file: null, message: 'covers `.env*`' }
  ])
  expectFindings(await runRule(RULE, files, { git: true, options: { paths: ['.env*'] } }), [])
  expectFindings(await runRule(RULE, { 'CLAUDE.md': 'x' }, { options: { paths: ['secrets/'] } }), [
    { message: 'covers `secrets/`' }
  ])
})

test('context-exclusion-missing: repositories that do not use Claude Code are not judged', async () => {
  expectFindings(await runRule(RULE, { 'README.md': 'x', '.mcp.json': '{"mcpServers": {}}' }), [])
  expectFindings(await runRule(RULE, { 'pkg/.claude/agents/a.md': '---\nname: a\n---\n' }), [{ file: null }])
})
