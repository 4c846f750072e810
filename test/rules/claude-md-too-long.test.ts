import { test } from 'node:test'
import { runRule, expectFindings } from './harness.js'

const RULE = 'claude-md-too-long'

const lines = (n: number, word = 'rule'): string =>
  Array.from({ length: n }, (_, i) => `- ${word} ${i + 1}`).join('\n') + '\n'

test('claude-md-too-long: own lines over the limit', async () => {
  const findings = await runRule(RULE, { 'CLAUDE.md': lines(501), 'docs/CLAUDE.md': lines(500) })
  expectFindings(findings, [
    {
      file: 'CLAUDE.md',
      line: 1,
      column: 1,
      severity: 'medium',
      message:
        /^CLAUDE\.md loads 501 lines \(\d[\d,]* characters, about \d[\d,]* tokens\) into every session, over the 500-line limit/
    }
  ])
})

test('claude-md-too-long: imports count, recursively, each file once (cycles too)', async () => {
  const findings = await runRule(RULE, {
    // 3 own lines + a.md (201) + b.md (201) + c.md (201) = 606; b is imported twice, c imports a back.
    'CLAUDE.md': '# Project\n@docs/a.md\n@docs/b.md\n',
    'docs/a.md': lines(200) + '@b.md\n',
    'docs/b.md': lines(200) + '@c.md\n',
    'docs/c.md': lines(200) + '@a.md\n'
  })
  expectFindings(findings, [
    {
      file: 'CLAUDE.md',
      line: 1,
      message:
        /^CLAUDE\.md loads 606 lines .* \(its own 3 lines plus 3 imported files: docs\/a\.md, docs\/b\.md, docs\/c\.md\)/
    }
  ])
})

test('claude-md-too-long: imports deeper than 4 hops are not loaded, code blocks are not imports', async () => {
  const findings = await runRule(RULE, {
    'CLAUDE.md': '@h1.md\n```\n@big.md\n```\n`@big.md`\n',
    'h1.md': '@h2.md\n',
    'h2.md': '@h3.md\n',
    'h3.md': '@h4.md\n',
    'h4.md': '@big.md\n', // hop 5: not followed
    'big.md': lines(600)
  })
  expectFindings(findings, [])
})

test('claude-md-too-long: maxLines option, CLAUDE.local.md and .claude/rules files', async () => {
  const findings = await runRule(
    RULE,
    { 'CLAUDE.local.md': lines(120), '.claude/rules/style.md': lines(90), '.claude/CLAUDE.md': lines(100) },
    { options: { maxLines: 100 } }
  )
  expectFindings(findings, [{ file: 'CLAUDE.local.md', line: 1, message: 'loads 120 lines' }])
})

test('claude-md-too-long: empty file', async () => {
  expectFindings(await runRule(RULE, { 'CLAUDE.md': '' }), [])
})

test('claude-md-too-long: says when each file loads (nested on demand, path-scoped rules when touched)', async () => {
  const findings = await runRule(
    RULE,
    {
      'CLAUDE.md': lines(101),
      'packages/api/CLAUDE.md': lines(101),
      'packages/web/.claude/CLAUDE.md': lines(101),
      '.claude/rules/style.md': lines(101),
      '.claude/rules/api.md': '---\npaths:\n  - "src/api/**"\n---\n' + lines(101)
    },
    { options: { maxLines: 100 } }
  )
  expectFindings(findings, [
    { file: '.claude/rules/api.md', message: /^\.claude\/rules\/api\.md loads 105 lines .* whenever Claude touches files matching its `paths`, over the 100-line limit/ },
    { file: '.claude/rules/style.md', message: /\) into every session, over/ },
    { file: 'CLAUDE.md', message: /\) into every session, over/ },
    { file: 'packages/api/CLAUDE.md', message: /\) into every session that works in packages\/api\/ \(when Claude reads files there, or at launch in it\), over/ },
    { file: 'packages/web/.claude/CLAUDE.md', message: /into every session that works in packages\/web\/ \(/ }
  ])
})

test('claude-md-too-long: block-level HTML comments are stripped before injection and not counted', async () => {
  const comment = '<!--\n' + lines(518, 'maintainer note') + '-->\n'
  // 5 lines of text and a 520-line comment block: not over the limit.
  expectFindings(await runRule(RULE, { 'CLAUDE.md': `# Project\n\n${comment}Use pnpm.\nRun tests.\n<!-- one-liner -->\n` }), [])
  // Comments in a fenced code block and inline comments are injected and count; text after `-->` counts.
  const findings = await runRule(RULE, {
    'CLAUDE.md': `${lines(496)}<!-- a\nb --> tail\n\`\`\`html\n<!-- kept -->\n\`\`\`\nText <!-- inline -->\n${comment}`
  })
  expectFindings(findings, [
    {
      file: 'CLAUDE.md',
      line: 1,
      column: 1,
      severity: 'medium',
      message: /^CLAUDE\.md loads 501 lines \(\d[\d,]* characters, about \d[\d,]* tokens; 521 lines of HTML comments are stripped and not counted\) into every session/
    }
  ])
})

test('claude-md-too-long: AGENTS.md counts where its folder has no CLAUDE.md (Claude Code 2.1.277)', async () => {
  const files = {
    'AGENTS.md': lines(501), // NOT OK: no CLAUDE.md at the root
    'svc/AGENTS.md': lines(501), // OK: svc/.claude/CLAUDE.md is read instead
    'svc/.claude/CLAUDE.md': lines(10),
    'web/AGENTS.md': lines(501), // OK: web/CLAUDE.md is read instead
    'web/CLAUDE.md': lines(10)
  }
  expectFindings(await runRule(RULE, files), [
    {
      file: 'AGENTS.md',
      line: 1,
      column: 1,
      severity: 'medium',
      message: /^AGENTS\.md loads 501 lines .* into every session \(Claude Code reads it because the project has no CLAUDE\.md\), over the 500-line limit/
    }
  ])
  // Claude Code 2.1.276 does not read AGENTS.md.
  expectFindings(await runRule(RULE, files, { claudeCodeVersion: '2.1.276' }), [])
})

// Claude Code 2.1.332 (conformance facts agents-md-*): a CLAUDE.md, .claude/CLAUDE.md or CLAUDE.local.md at
// the root switches AGENTS.md off in the whole project, subfolders included; without one, a subfolder's
// AGENTS.md is attached when Claude reads files there, unless that folder has a CLAUDE.md of its own.
test('claude-md-too-long: a root CLAUDE.md (any of its names) switches AGENTS.md off in every folder', async () => {
  const nested = {
    'sub/AGENTS.md': lines(501),
    '.claude/skills/react/AGENTS.md': lines(501),
    'svc/.claude/AGENTS.md': lines(501)
  }
  for (const root of ['CLAUDE.md', '.claude/CLAUDE.md', 'CLAUDE.local.md']) {
    // OK: nested AGENTS.md files are not read in a project with a root CLAUDE.md, even where their folder has none.
    expectFindings(await runRule(RULE, { [root]: lines(10), ...nested }), [])
  }
})

test('claude-md-too-long: without a root CLAUDE.md, a subfolder AGENTS.md loads when Claude works there', async () => {
  const findings = await runRule(RULE, {
    'sub/AGENTS.md': lines(501), // NOT OK: read when Claude reads files in sub/
    'svc/.claude/AGENTS.md': lines(501), // NOT OK: the same, from svc/.claude/
    'web/AGENTS.md': lines(501), // OK: web/CLAUDE.local.md is read instead
    'web/CLAUDE.local.md': lines(10),
    'docs/CLAUDE.md': lines(10)
  })
  expectFindings(findings, [
    {
      file: 'sub/AGENTS.md',
      line: 1,
      column: 1,
      severity: 'medium',
      message:
        /^sub\/AGENTS\.md loads 501 lines .* into every session that works in sub\/ \(when Claude reads files there, or at launch in it; Claude Code reads it because the project has no CLAUDE\.md\), over the 500-line limit/
    },
    {
      file: 'svc/.claude/AGENTS.md',
      line: 1,
      column: 1,
      severity: 'medium',
      message: /^svc\/\.claude\/AGENTS\.md loads 501 lines .* into every session that works in svc\/ \(when Claude reads files there, or at launch in it; Claude Code reads it because the project has no CLAUDE\.md\)/
    }
  ])
})
