import { test } from 'node:test'
import { runRule, expectFindings } from './harness.js'

const RULE = 'memory-import-broken'

test('memory-import-broken: missing files and directories, one finding per file at the first', async () => {
  const findings = await runRule(RULE, {
    'CLAUDE.md': '# Docs\n\n@README.md\n@helper.md\n@scripts/\n@.github/workflows/\n',
    'README.md': '# readme\n',
    'scripts/run.sh': 'echo hi\n',
    '.github/workflows/ci.yml': 'on: push\n'
  })
  expectFindings(findings, [
    {
      file: 'CLAUDE.md',
      line: 4,
      column: 1,
      endLine: 4,
      endColumn: 11,
      severity: 'low',
      message:
        '3 imports in CLAUDE.md do not load: `@helper.md` does not exist; `@scripts/` is a directory (only files are imported); `@.github/workflows/` is a directory (only files are imported); an import that does not resolve adds nothing to the context'
    }
  ])
})

test('memory-import-broken: outside the repository (home, absolute, parent)', async () => {
  const findings = await runRule(RULE, {
    'CLAUDE.md': 'See @~/.claude/me.md for my notes.\n',
    'pkg/CLAUDE.md': 'Shared: @../../other/AGENTS.md and @/etc/claude/rules.md\n'
  })
  expectFindings(findings, [
    {
      file: 'CLAUDE.md',
      line: 1,
      column: 5,
      endColumn: 21,
      message:
        '1 import in CLAUDE.md points outside the repository: `@~/.claude/me.md` is in the home directory, which teammates and CI do not share; such an import loads only where its target exists, and from the repository only after a one-time approval'
    },
    {
      file: 'pkg/CLAUDE.md',
      line: 1,
      column: 9,
      message:
        '2 imports in pkg/CLAUDE.md point outside the repository: `@../../other/AGENTS.md` leaves the repository; `@/etc/claude/rules.md` is an absolute path'
    }
  ])
})

test('memory-import-broken: cycles and imports beyond 4 hops, reported in the file that holds them', async () => {
  const findings = await runRule(RULE, {
    'CLAUDE.md': '@a.md\n',
    'a.md': '@b.md\n',
    'b.md': 'back to @a.md\n@c.md\n',
    'c.md': '@d.md\n',
    'd.md': '@e.md\n',
    'e.md': 'end\n'
  })
  expectFindings(findings, [
    { file: 'b.md', line: 1, column: 9, message: '`@a.md` closes an import cycle (CLAUDE.md → a.md → b.md → a.md)' },
    { file: 'd.md', line: 1, column: 1, message: '`@e.md` is hop 5, beyond the 4 hops Claude Code follows' }
  ])
})

test('memory-import-broken: mentions, scopes, emails, aliases and code are not imports', async () => {
  const findings = await runRule(RULE, {
    'CLAUDE.md': [
      'Ask @claude or @octocat; mail dev@example.com or @example.com.',
      'Packages: @types/node, @angular/core; alias @/components/Button.',
      '`@missing-in-span.md` stays code.',
      '',
      '    @decorator.route("/")',
      '    @missing-indented.md',
      '',
      '<!-- @commented-out.md -->',
      '```python',
      '@app.get("/")',
      '```',
      '- item',
      '',
      '    continuation of the item, not code: @ok.md',
      ''
    ].join('\n'),
    'ok.md': 'ok\n'
  })
  expectFindings(findings, [])
})

test('memory-import-broken: nested memory files resolve relative to themselves; empty file', async () => {
  const findings = await runRule(RULE, {
    'web/CLAUDE.md': '@AGENTS.md\n@../docs/guide.md\n',
    'web/AGENTS.md': 'x\n',
    'docs/guide.md': 'y\n',
    '.claude/rules/empty.md': ''
  })
  expectFindings(findings, [])
})

test('memory-import-broken: a missing import and one outside the repository in the same file', async () => {
  const findings = await runRule(RULE, { 'CLAUDE.md': '@gone.md\n@~/.claude/me.md\n' })
  expectFindings(findings, [
    {
      file: 'CLAUDE.md',
      line: 1,
      message:
        '2 imports in CLAUDE.md do not load everywhere: `@gone.md` does not exist; `@~/.claude/me.md` is in the home directory, which teammates and CI do not share; an import that does not resolve adds nothing to the context, and one outside the repository loads only where its target exists, after a one-time approval'
    }
  ])
})

test('memory-import-broken: imports of an AGENTS.md that Claude Code reads instead of a CLAUDE.md', async () => {
  const findings = await runRule(RULE, {
    'AGENTS.md': '# Agents\n\n@docs/style.md\n', // NOT OK: no CLAUDE.md, so Claude Code reads it
    'lib/AGENTS.md': '@missing.md\n', // OK: lib/CLAUDE.md is read instead
    'lib/CLAUDE.md': '# lib\n'
  })
  expectFindings(findings, [
    { file: 'AGENTS.md', line: 3, column: 1, endColumn: 15, severity: 'low', message: 'import in AGENTS.md does not load: `@docs/style.md` does not exist' }
  ])
})

test('memory-import-broken: no AGENTS.md is read in a project with a root CLAUDE.md (Claude Code 2.1.332)', async () => {
  const findings = await runRule(RULE, {
    'CLAUDE.local.md': '# local\n',
    'lib/AGENTS.md': '@missing.md\n', // OK: the root CLAUDE.local.md switches AGENTS.md off everywhere
    'tools/AGENTS.md': '@gone.md\n' // OK: the same
  })
  expectFindings(findings, [])
  // NOT OK without it: lib/AGENTS.md loads when Claude reads files in lib/.
  expectFindings(await runRule(RULE, { 'lib/AGENTS.md': '@missing.md\n' }), [
    { file: 'lib/AGENTS.md', line: 1, column: 1, endColumn: 12, severity: 'low', message: 'import in lib/AGENTS.md does not load: `@missing.md` does not exist' }
  ])
})
