import { test } from 'node:test'
import assert from 'node:assert/strict'
import { runRule, expectFindings } from './harness.js'
import { mayReadAll } from '../../src/rules/full-repo-read.js'
import { shellParseCalls, unquotedText } from '../../src/shell/parse.js'
import fc from 'fast-check'

const RULE = 'full-repo-read'

test('full-repo-read: agent and command instructions that read everything', async () => {
  const findings = await runRule(RULE, {
    '.claude/agents/reviewer.md': `---
name: reviewer
tools: Read, Grep, Glob
---
Start every review with Read("**/*.ts") so you know the code.   NOT OK

Then run:

\`\`\`bash
cat $(git ls-files)
git ls-files src/ | xargs cat
\`\`\`

Or \`find . -type f -exec cat {} +\` when git is missing.
`,
    '.claude/commands/onboard.md': `Read all files in the repository before answering.
Do not read the entire codebase; search with Grep first.   (OK: negated)
Use \`git ls-files | xargs cat\` to load context.
\`\`\`console
$ find . -type f | xargs cat
\`\`\`
`
  })
  expectFindings(findings, [
    { file: '.claude/agents/reviewer.md', line: 5, column: 25, endColumn: 40, severity: 'medium', confidence: 'high', message: 'agent .claude/agents/reviewer.md tells Claude to `Read("**/*.ts")`' },
    { line: 10, column: 1, endColumn: 20, confidence: 'high', message: 'runs `cat $(git ls-files)`' },
    { line: 14, column: 5, endColumn: 34, confidence: 'high', message: 'runs `find . -type f -exec cat {} +`' },
    { file: '.claude/commands/onboard.md', line: 1, column: 1, endColumn: 33, confidence: 'medium', message: 'command .claude/commands/onboard.md asks Claude to "Read all files in the repository"' },
    { line: 3, column: 6, endColumn: 30, confidence: 'high', message: 'runs `git ls-files | xargs cat`' },
    { line: 5, column: 3, endColumn: 29, confidence: 'high', message: 'runs `find . -type f | xargs cat`' }
  ])
})

test('full-repo-read: memory files; targeted reads and permission rules pass', async () => {
  const findings = await runRule(RULE, {
    'CLAUDE.md': `# Project
- Use Grep to find the file, then Read only that file.
- \`cat src/index.ts\` is fine; so is \`git ls-files '*.md'\`.
- deny rules: \`Read(**/*.env)\` and \`"deny": ["Read(**/*)"]\`
- The tree-sitter grammar lives in crates/tree-sitter-perl.
- Load the whole repository into memory at the start of each session.
`
  })
  expectFindings(findings, [
    { file: 'CLAUDE.md', line: 6, column: 3, endColumn: 28, confidence: 'medium', message: 'memory file CLAUDE.md asks Claude to "Load the whole repository"' }
  ])
})

test('full-repo-read: SessionStart and UserPromptSubmit hooks that print the whole tree', async () => {
  const findings = await runRule(RULE, {
    '.claude/settings.json': `{
  "hooks": {
    "SessionStart": [{ "hooks": [
      { "type": "command", "command": "echo '## Files'; git ls-files" },
      { "type": "command", "command": "tree -L 2 && git ls-files | head -200 && find . -maxdepth 2 -type d" },
      { "type": "command", "command": "git ls-files > .claude/cache/files.txt; git ls-files src/" },
      { "type": "command", "command": "bash \\"$CLAUDE_PROJECT_DIR\\"/.claude/hooks/context.sh" }
    ] }],
    "UserPromptSubmit": [{ "hooks": [
      { "type": "command", "command": "tree -I node_modules" }
    ] }],
    "PostToolUse": [{ "hooks": [
      { "type": "command", "command": "find . -type f" }
    ] }]
  }
}
`,
    '.claude/hooks/context.sh': `#!/usr/bin/env bash
set -euo pipefail
echo "branch: $(git branch --show-current)"
ls -R .
cat $(git ls-files)
`
  })
  expectFindings(findings, [
    { file: '.claude/hooks/context.sh', line: 4, column: 1, endColumn: 8, message: 'SessionStart hook prints `ls -R .` without a limit at every session start' },
    { file: '.claude/hooks/context.sh', line: 5, column: 1, endColumn: 20, message: 'SessionStart hook runs `cat $(git ls-files)` at every session start' },
    { file: '.claude/settings.json', line: 4, column: 57, endColumn: 69, message: 'SessionStart hook prints `git ls-files` without a limit' },
    { file: '.claude/settings.json', line: 10, column: 40, endColumn: 60, message: 'UserPromptSubmit hook prints `tree -I node_modules` without a limit on every prompt' }
  ])
})

test('full-repo-read: unparsable code and empty files are harmless', async () => {
  const findings = await runRule(RULE, {
    '.claude/agents/x.md': '---\nname: x\n---\n```bash\nif then (((\ncat $(git ls-files)\n```\n',
    '.claude/commands/empty.md': '',
    'CLAUDE.md': '```\nunclosed fence\n'
  })
  expectFindings(findings, [{ file: '.claude/agents/x.md', line: 6, column: 1, message: 'runs `cat $(git ls-files)`' }])
})

// Every shell form readsEverything matches (one per branch, with quoting, paths and prompts):
// each is reported, and the prefilter lets each through.
const READS_ALL = [
  'cat $(git ls-files)',
  'bat $( find . -type f)',
  'cat `git ls-files`',
  '/bin/cat **/*',
  'cat ./**/*.{ts,md}',
  'c"a"t $(git ls-files)',
  "sudo 'bat' **",
  'find . -type f -exec cat {} +',
  'find "$CLAUDE_PROJECT_DIR" -execdir /usr/bin/bat {} \\;',
  'find . -type f | xargs cat',
  'git ls-files | xargs -0 bat',
  'git ls-files \\\n  | xargs c\\at'
]

test('full-repo-read: every form that reads everything passes the prefilter and is reported', async () => {
  for (const cmd of READS_ALL) assert.ok(mayReadAll(cmd), cmd)
  const body = READS_ALL.map((c) => `\`\`\`bash\n${c}\n\`\`\`\n`).join('')
  const findings = await runRule(RULE, { '.claude/agents/x.md': `---\nname: x\n---\n${body}` })
  // Block i: fence on line 4 + 3i, the command on the next line (the two-line one comes last).
  expectFindings(findings, READS_ALL.map((_, i) => ({ file: '.claude/agents/x.md', line: 5 + 3 * i, column: 1, message: 'runs `' })))
})

test('full-repo-read: code where nothing can read everything is never parsed', async () => {
  // Each block lacks `cat`/`bat` as a word, or lacks all of `find`, `ls-files` and `**`.
  const blocks = ['cat .env*', 'cat src/index.ts src/*.md', 'find . -name "*.lua" -exec luac -p {} \\;', "git ls-files '*.md' | wc -l", 'Entity::find().all()', 'concatenate **/* | combat', 'echo "location: $(pwd)"']
  for (const b of blocks) assert.equal(mayReadAll(b), false, b)
  const body = blocks.map((b) => `\`\`\`bash\n${b}\n\`\`\`\nAlso \`${b}\`.\n`).join('')
  const before = shellParseCalls()
  const findings = await runRule(RULE, { '.claude/agents/x.md': `---\nname: x\n---\n${body}`, 'CLAUDE.md': body })
  assert.equal(shellParseCalls() - before, 0)
  expectFindings(findings, [])
})

test('full-repo-read: fences and code spans are found among CRLF lines, nested markers and an unclosed fence', async () => {
  // Only lines with a backtick or a tilde are visited one by one: this checks the lines between them
  // (fence bodies, prose) and the `\r` of CRLF lines are read as when every line was.
  const text = [
    '---',
    'name: x',
    '---',
    'Intro line without code.',
    '~~~sh',
    'cat $(git ls-files)',
    'echo hi',
    '~~~',
    'Prose, then `find . -type f | xargs cat` inline.',
    '````',
    'cat **/*',
    '```',
    '````',
    'Read all files in the repository.',
    'Then Read(**/*) too.',
    '```console',
    '$ git ls-files | xargs cat',
    'plain line',
    ''
  ].join('\r\n')
  const findings = await runRule(RULE, { '.claude/agents/x.md': text })
  expectFindings(findings, [
    { file: '.claude/agents/x.md', line: 6, column: 1, endColumn: 20, message: 'runs `cat $(git ls-files)`' },
    { line: 9, column: 14, endColumn: 40, message: 'runs `find . -type f | xargs cat`' },
    { line: 11, column: 1, endColumn: 9, message: 'runs `cat **/*`' },
    { line: 14, column: 1, endColumn: 33, confidence: 'medium', message: 'asks Claude to "Read all files in the repository"' },
    { line: 15, column: 6, endColumn: 16, message: 'tells Claude to `Read(**/*)`' },
    { line: 17, column: 3, endColumn: 27, message: 'runs `git ls-files | xargs cat`' }
  ])
})

test('full-repo-read: a hit after other lines of a CRLF fence points at its own column', async () => {
  const text = ['# Notes', '```bash', 'echo one', 'echo two', '  cat $(git ls-files)', '```', ''].join('\r\n')
  const findings = await runRule(RULE, { '.claude/commands/x.md': text })
  expectFindings(findings, [{ file: '.claude/commands/x.md', line: 5, column: 3, endLine: 5, endColumn: 22, message: 'runs `cat $(git ls-files)`' }])
})

test('full-repo-read: the letter test in mayReadAll never turns away what the words test lets through', () => {
  // mayReadAll first asks for an `a`, a `t` and an `f` or `*` in the source (when it has no
  // backslash); it must answer exactly as the test on the unquoted words alone.
  const words = (src: string): boolean => {
    const w = unquotedText(src)
    return w === undefined || (/\b[cb]at\b/.test(w) && /\bfind\b|ls-files|\*\*/.test(w))
  }
  const pieces = ['c', 'b', 'a', 't', 'at', 'cat', 'bat', 'find', 'fi', 'nd', 'ls-', 'files', '*', '**', '"', "'", '$', "$'", '\\', '\\\n', '\\x63', '\\141', ' ', '\n', '|', '$(', ')', '`', 'x', 'git ']
  // Letters that only an escape spells (`\141` is `a` in `$'…'`), or that a backslash-newline joins.
  for (const src of ["c$'\\141't **", "cat $'\\x2a\\x2a'", 'ca\\\nt **']) assert.equal(mayReadAll(src), true, src)
  fc.assert(
    fc.property(fc.array(fc.constantFrom(...pieces), { maxLength: 14 }), (p) => {
      const src = p.join('')
      assert.equal(mayReadAll(src), words(src), JSON.stringify(src))
    }),
    { numRuns: 30000, seed: 19 }
  )
})
