import { test } from 'node:test'
import { runRule, expectFindings } from './harness.js'

const RULE = 'claudeignore-not-enforced'

test('claudeignore-not-enforced: entries not mirrored in deny rules, and no .env', async () => {
  const findings = await runRule(RULE, { '.claudeignore': 'node_modules/\ndist/\n*.log\n' })
  expectFindings(findings, [
    {
      file: '.claudeignore',
      line: 1,
      column: 1,
      severity: 'medium',
      message:
        'Claude Code does not read .claudeignore, and all 3 of its entries (`node_modules/`, `dist/`, `*.log`) are not mirrored in `permissions.deny`, so Claude can still read them; it does not list `.env` either'
    }
  ])
})

test('claudeignore-not-enforced: only unmirrored entries are listed; comments and negations skipped', async () => {
  const findings = await runRule(RULE, {
    '.claudeignore': '# deps\nnode_modules/\n.env\n!keep.txt\n\nfrontend/.next/\ndata/api_keys.json\n',
    '.claude/settings.json': JSON.stringify({ permissions: { deny: ['Read(node_modules/**)', 'Read(.env)'] } })
  })
  expectFindings(findings, [
    {
      file: '.claudeignore',
      line: 1,
      message:
        '2 of its entries (`frontend/.next/`, `data/api_keys.json`) are not mirrored in `permissions.deny`, so Claude can still read them'
    }
  ])
})

test('claudeignore-not-enforced: fully mirrored passes; mirrored but without .env is low', async () => {
  expectFindings(
    await runRule(RULE, {
      '.claudeignore': 'node_modules/\n.env*\n',
      '.claude/settings.json': JSON.stringify({
        permissions: { deny: ['Read(./node_modules/**)', 'Read(./.env)', 'Read(./.env.*)'] }
      })
    }),
    []
  )
  expectFindings(
    await runRule(RULE, {
      '.claudeignore': 'build/\n',
      '.claude/settings.json': '{"permissions": {"deny": ["Read(build/**)"]}}'
    }),
    [{ file: '.claudeignore', line: 1, severity: 'low', message: 'this one does not even list `.env`' }]
  )
})

test('claudeignore-not-enforced: a nested .claudeignore is judged against its own project settings; an empty file', async () => {
  const findings = await runRule(RULE, {
    'app/.claudeignore': 'dist/\n.env\n',
    'app/.claude/settings.json': '{"permissions": {"deny": ["Read(dist/**)", "Read(.env)"]}}',
    '.claudeignore': '# nothing yet\n'
  })
  expectFindings(findings, [])
})

test('claudeignore-not-enforced: a bare name matches a file or a directory, so a deny on its contents mirrors it', async () => {
  // `node_modules` and `secrets` may be directories: `Read(node_modules/**)` (what init writes) and `Read(./secrets/**)` cover them.
  expectFindings(
    await runRule(RULE, {
      '.claudeignore': 'node_modules\nsecrets\n.env\n',
      '.claude/settings.json': JSON.stringify({ permissions: { deny: ['Read(node_modules/**)', 'Read(./secrets/**)', 'Read(.env)'] } })
    }),
    []
  )
  // A deny on a different directory, or on the name's contents elsewhere, mirrors nothing.
  expectFindings(
    await runRule(RULE, {
      '.claudeignore': 'secrets\nbuild\n.env\n',
      '.claude/settings.json': JSON.stringify({ permissions: { deny: ['Read(./secret/**)', 'Read(./out/build/**)', 'Read(.env)'] } })
    }),
    [{ file: '.claudeignore', line: 1, column: 1, severity: 'medium', message: '2 of its entries (`secrets`, `build`) are not mirrored in `permissions.deny`' }]
  )
})
