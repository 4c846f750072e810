import { test } from 'node:test'
import { runRule, expectFindings } from './harness.js'
import { COMPOSITE_WRAPPER } from './composite-wrapper.js'

const RULE = 'overbroad-permission'

/** Settings with one allow rule per line: rule i sits on line 4 + i. */
function allowList(rules: string[], deny: string[] = []): string {
  return `{\n  "permissions": {\n    "allow": [\n${rules.map((r) => `      ${JSON.stringify(r)}`).join(',\n')}\n    ],\n    "deny": ${JSON.stringify(deny)}\n  }\n}\n`
}

test('overbroad-permission: one finding per list, pointing at the first whole-tool grant, which the message names first', async () => {
  const findings = await runRule(RULE, {
    '.claude/settings.json': allowList([
      'Bash(mkdir:*)', // OK (4)
      'Bash(uv:*)', // NOT OK: arbitrary code (5)
      'Bash(npm:*)', // NOT OK (6)
      'Bash(npm run test:*)', // OK: one script
      'Write', // NOT OK: whole tool (8) ← the finding points here
      'Edit', // NOT OK (9)
      'Bash(chmod:*)', // NOT OK: destructive (10)
      'Bash(python -m pytest tests/)' // OK
    ])
  })
  expectFindings(findings, [
    {
      file: '.claude/settings.json',
      line: 8,
      column: 7,
      endColumn: 14,
      severity: 'high',
      message:
        'allow list in .claude/settings.json pre-approves `Write`, `Bash(uv:*)`, `Bash(npm:*)`, `Edit`, `Bash(chmod:*)` (writing any file; arbitrary code through an interpreter, a package runner or a package install; deleting files, changing permissions or pushing)'
    }
  ])
})

test('overbroad-permission: the message names first the grant the finding points at (a whole file tool listed after an interpreter)', async () => {
  // Regression: the finding sat on `MultiEdit` (the first whole-tool grant) while its message led with `Bash(python:*)`.
  const findings = await runRule(RULE, {
    '.claude/settings.json': allowList([
      'Bash(python:*)', // NOT OK: arbitrary code (4)
      'Bash(ls:*)', // OK
      'MultiEdit' // NOT OK: whole tool (6) ← the finding points here, and the message names it first
    ]),
    'b/.claude/settings.json': allowList([
      'Bash(node:*)', // NOT OK: arbitrary code (4) ← no whole-tool grant: the first
      'Bash(chmod:*)' // NOT OK: destructive (5)
    ])
  })
  expectFindings(findings, [
    {
      file: '.claude/settings.json',
      line: 6,
      column: 7,
      endColumn: 18,
      severity: 'high',
      message:
        'allow list in .claude/settings.json pre-approves `MultiEdit`, `Bash(python:*)` (writing any file; arbitrary code through an interpreter, a package runner or a package install)'
    },
    {
      file: 'b/.claude/settings.json',
      line: 4,
      column: 7,
      endColumn: 21,
      severity: 'high',
      message:
        'allow list in b/.claude/settings.json pre-approves `Bash(node:*)`, `Bash(chmod:*)` (arbitrary code through an interpreter, a package runner or a package install; deleting files, changing permissions or pushing)'
    }
  ])
})

test('overbroad-permission: network grants are a separate finding; mcp__* is reported as skipped', async () => {
  const findings = await runRule(RULE, {
    '.claude/settings.json': allowList([
      'Bash(*)', // NOT OK (4)
      'Read(*)', // NOT OK (5)
      'WebFetch(domain:*)', // NOT OK: network (6)
      'mcp__fetch__fetch', // OK
      'Bash(curl:*)', // NOT OK: network (8)
      'WebFetch(domain:docs.example.com)', // OK
      'mcp__*', // skipped by Claude Code (10)
      'Read(//Users/ws/.claude/**)' // OK for this rule
    ])
  })
  expectFindings(findings, [
    {
      line: 4,
      column: 7,
      endColumn: 16,
      severity: 'high',
      message: 'pre-approves `Bash(*)`, `Read(*)` (any shell command; reading any file)'
    },
    {
      line: 6,
      column: 7,
      severity: 'high',
      message: 'pre-approves `WebFetch(domain:*)`, `Bash(curl:*)` (sending data to any host)'
    },
    {
      line: 10,
      column: 7,
      severity: 'low',
      message:
        '`mcp__*` in the allow list of .claude/settings.json means to pre-approve every tool of every MCP server; current Claude Code skips allow globs like this'
    }
  ])
})

test('overbroad-permission: bare Bash, Bash(:*), destructive prefixes; exact commands pass', async () => {
  const findings = await runRule(RULE, {
    'a/.claude/settings.json': allowList(['Bash']),
    'b/.claude/settings.json': allowList(['Bash(:*)']),
    'c/.claude/settings.json': allowList(['Bash(git push:*)', 'Bash(rm -rf:*)']),
    'd/.claude/settings.json': allowList([
      'Bash(git -C "D:\\\\repo" push)',
      'Bash(rm build/out.txt)',
      'Bash(git status:*)',
      'Edit(./src/**)',
      'Read(./docs/**)',
      'Bash(npx prettier@3.3.3 *)'
    ])
  })
  expectFindings(findings, [
    { file: 'a/.claude/settings.json', line: 4, severity: 'high', message: '`Bash` (any shell command)' },
    { file: 'b/.claude/settings.json', line: 4, message: '`Bash(:*)`' },
    {
      file: 'c/.claude/settings.json',
      line: 4,
      severity: 'medium',
      message: '`Bash(git push:*)`, `Bash(rm -rf:*)` (deleting files, changing permissions or pushing)'
    }
  ])
})

test('overbroad-permission: --allowedTools in claude_args counts code execution, destructive commands and any-host fetches, not file access', async () => {
  const findings = await runRule(RULE, {
    '.github/workflows/claude.yml': `on: pull_request
jobs:
  claude:
    runs-on: ubuntu-latest
    steps:
      - uses: anthropics/claude-code-action@v1
        with:
          claude_args: |
            --model claude-opus-4-7
            --allowedTools "Edit,Write,Read,Bash(uv:*),Bash(make:*),Bash(python:*),Bash(gh pr view:*)"
      - uses: anthropics/claude-code-action@v1
        with:
          claude_args: --allowedTools "Read,Edit,Write,WebFetch,Bash(git push:*),Bash(gh pr comment:*)"
      - run: claude -p "go" --allowedTools "Bash"
`
  })
  expectFindings(findings, [
    {
      file: '.github/workflows/claude.yml',
      line: 10,
      column: 45,
      endColumn: 55,
      severity: 'high',
      message:
        '`--allowedTools` in job claude pre-approves `Bash(uv:*)`, `Bash(make:*)`, `Bash(python:*)` (arbitrary code through an interpreter, a package runner or a package install)'
    },
    {
      line: 13,
      column: 56,
      endColumn: 64,
      severity: 'high',
      message: '`--allowedTools` in job claude pre-approves `WebFetch` (sending data to any host)'
    },
    {
      line: 13,
      column: 65,
      endColumn: 81,
      severity: 'medium',
      message: '`--allowedTools` in job claude pre-approves `Bash(git push:*)` (deleting files, changing permissions or pushing)'
    },
    { line: 14, column: 45, endColumn: 49, message: 'pre-approves `Bash` (any shell command)' }
  ])
})

test('overbroad-permission: destructive commands and bare WebFetch in claude_args and claude -p', async () => {
  const findings = await runRule(RULE, {
    '.github/workflows/claude.yml': `on: issue_comment
jobs:
  claude:
    runs-on: ubuntu-latest
    steps:
      - uses: anthropics/claude-code-action@v1
        with:
          claude_args: --allowedTools "Bash(git push:*),Bash(rm:*),WebFetch" # NOT OK (2 findings)
      - run: claude -p "summarise" --allowedTools "WebFetch(domain:*),Bash(chmod:*)" # NOT OK (2 findings)
      - uses: anthropics/claude-code-action@v1
        with:
          claude_args: --allowedTools "Bash(git push origin HEAD),Bash(rm -rf dist),WebFetch(domain:docs.python.org)" # OK
`
  })
  expectFindings(findings, [
    {
      file: '.github/workflows/claude.yml',
      line: 8,
      column: 40,
      endColumn: 56,
      severity: 'medium',
      message:
        '`--allowedTools` in job claude pre-approves `Bash(git push:*)`, `Bash(rm:*)` (deleting files, changing permissions or pushing): the run executes them without a prompt'
    },
    { line: 8, column: 68, endColumn: 76, severity: 'high', message: 'pre-approves `WebFetch` (sending data to any host)' },
    { line: 9, column: 52, severity: 'high', message: 'pre-approves `WebFetch(domain:*)` (sending data to any host)' },
    { line: 9, column: 71, severity: 'medium', message: 'pre-approves `Bash(chmod:*)` (deleting files' }
  ])
})

test('overbroad-permission: unquoted `Bash(gh pr:*)` in claude_args reaches Claude Code as bare `Bash` on releases before v1.0.149 (the action drops the parentheses as shell syntax)', async () => {
  const findings = await runRule(RULE, {
    '.github/workflows/claude.yml': `on: issue_comment
jobs:
  claude:
    runs-on: ubuntu-latest
    steps:
      - uses: anthropics/claude-code-action@v1.0.148
        with:
          claude_args: '--allowed-tools Bash(gh pr:*) Bash(gh issue:*)'
      - uses: anthropics/claude-code-action@v1.0.148
        with:
          claude_args: --allowed-tools "Bash(gh pr:*)" "Bash(gh issue:*)" # OK: quoted, passed whole
      - uses: anthropics/claude-code-action@0d2971c794049856e777f4e8bb5a81623ec632d3 # v1.0.100
        with:
          claude_args: |
            --allowedTools Bash Bash(gh pr:*)
      - uses: anthropics/claude-code-action@1111111111111111111111111111111111111111
        with:
          claude_args: "--model opus --allowedTools Read,Bash(git:*),Bash(npm run:*),WebFetch"
`
  })
  expectFindings(findings, [
    {
      file: '.github/workflows/claude.yml',
      line: 8,
      column: 41,
      endColumn: 45,
      severity: 'high',
      message:
        '`--allowedTools` in job claude pre-approves `Bash` (any shell command): `Bash(gh pr:*)` is not quoted, and claude-code-action v1.0.148 splits `claude_args` into shell words, dropping the parentheses and patterns as shell syntax, so `Bash` reaches Claude Code on its own (claude-code-action keeps them from v1.0.149 on)'
    },
    // A bare `Bash` of its own: the plain message, at that word.
    {
      line: 15,
      column: 28,
      endColumn: 32,
      severity: 'high',
      message: '`--allowedTools` in job claude pre-approves `Bash` (any shell command): the run executes them'
    },
    {
      line: 18,
      column: 58,
      endColumn: 62,
      severity: 'high',
      message:
        'pre-approves `Bash` (any shell command): `Bash(git:*)` is not quoted, and `anthropics/claude-code-action@1111111111111111111111111111111111111111` (not a release known to be v1.0.149 or later) splits'
    },
    // `WebFetch` is written as it reaches Claude Code: the plain message.
    {
      line: 18,
      column: 86,
      endColumn: 94,
      severity: 'high',
      message: 'pre-approves `WebFetch` (sending data to any host): the run executes them'
    }
  ])
})

test('overbroad-permission: from claude-code-action v1.0.149 (and on @v1 today) unquoted rules keep their parentheses: no bare `Bash`', async () => {
  const findings = await runRule(RULE, {
    '.github/workflows/claude.yml': `on: issues
jobs:
  triage:
    runs-on: ubuntu-latest
    steps:
      - uses: anthropics/claude-code-action@v1
        with:
          claude_args: |
            --max-turns 8
            --allowed-tools Bash(gh issue *),Read,Glob,Grep,Edit,Write
      - uses: anthropics/claude-code-action@v1.0.149
        with:
          claude_args: '--allowed-tools Bash(gh pr:*) Bash(gh issue:*)'
      - uses: anthropics/claude-code-action@4d7e1f0cd85743fdc93b1c8040ab54395da024e2 # v1.0.149
        with:
          claude_args: --allowedTools Read,Bash(python3 *),Bash(npm:*)
      - uses: anthropics/claude-code-action@main
        with:
          claude_args: --allowedTools Bash(*) Bash(gh pr view *)
`
  })
  // Line 10: `Bash(gh issue *)` reaches Claude Code as the fragments `Bash(gh`, `issue`, `*)`: no tool, so nothing broad
  // (`Edit`/`Write` are expected in CI). Line 13: each rule passes whole. Line 16: `Bash(python3 *)` is fragmented,
  // `Bash(npm:*)` passes whole. Line 19: `Bash(*)` passes whole.
  expectFindings(findings, [
    {
      file: '.github/workflows/claude.yml',
      line: 16,
      column: 60,
      endColumn: 71,
      severity: 'high',
      message: '`--allowedTools` in job triage pre-approves `Bash(npm:*)` (arbitrary code through an interpreter, a package runner or a package install): the run executes them'
    },
    { line: 19, column: 39, endColumn: 46, severity: 'high', message: '`--allowedTools` in job triage pre-approves `Bash(*)` (any shell command): the run executes them' }
  ])
})

test('overbroad-permission: --allowedTools with one quoted word per rule (a variadic option) is read to the end', async () => {
  const findings = await runRule(RULE, {
    '.github/workflows/review.yml': `on: pull_request
jobs:
  review:
    runs-on: ubuntu-latest
    steps:
      - uses: anthropics/claude-code-action@v1
        with:
          claude_args: |
            --allowedTools "Read" "Grep" "WebFetch" "Bash(gh pr view *)"
            --model "claude-opus-4-6"
      - run: claude -p "summarise" --allowedTools Read Grep --model x # OK
`
  })
  expectFindings(findings, [{ file: '.github/workflows/review.yml', line: 9, column: 43, endColumn: 51, severity: 'high', message: 'pre-approves `WebFetch` (sending data to any host)' }])
})

test('overbroad-permission: v0 allowed_tools input (honoured on @beta, ignored on @v1)', async () => {
  const findings = await runRule(RULE, {
    '.github/workflows/claude.yml': `on: issue_comment
jobs:
  beta:
    runs-on: ubuntu-latest
    steps:
      - uses: anthropics/claude-code-action@beta
        with:
          allowed_tools: >
            Bash(git status),
            Bash(node:*),
            Edit
      - uses: anthropics/claude-code-action@v1
        with:
          allowed_tools: "Bash(make *)"
`
  })
  expectFindings(findings, [{ line: 10, column: 13, endColumn: 25, message: '`allowed_tools` in job beta pre-approves `Bash(node:*)`' }])
})

test('overbroad-permission: command and skill allowed-tools granting Bash unrestricted', async () => {
  const findings = await runRule(RULE, {
    '.claude/commands/prime.md': '---\nallowed-tools: Bash, Read\ndescription: prime\n---\nRun things.\n', // NOT OK
    '.claude/commands/status.md': '---\nallowed-tools: Bash(git status:*), Bash(git diff:*), Write\n---\n', // OK
    '.claude/skills/deploy/SKILL.md': '---\nname: deploy\nallowed-tools:\n  - Read\n  - Bash(node:*)\n---\n', // NOT OK
    '.claude/commands/broken.md': '---\nallowed-tools: [Bash\n---\n' // malformed frontmatter
  })
  expectFindings(findings, [
    {
      file: '.claude/commands/prime.md',
      line: 2,
      column: 16,
      endColumn: 20,
      severity: 'high',
      message: '`allowed-tools` of command .claude/commands/prime.md pre-approves `Bash` (any shell command)'
    },
    {
      file: '.claude/skills/deploy/SKILL.md',
      line: 5,
      column: 5,
      endColumn: 17,
      message: '`allowed-tools` of skill deploy pre-approves `Bash(node:*)`'
    }
  ])
})

test('overbroad-permission: a command or skill that pre-approves pushing or deleting, at the grant', async () => {
  const findings = await runRule(RULE, {
    '.claude/commands/ship.md': '---\nallowed-tools: Bash(git add:*), Bash(git commit:*), Bash(git push:*)\ndescription: ship\n---\nPush it.\n', // NOT OK
    '.claude/skills/clean/SKILL.md': '---\nname: clean\nallowed-tools:\n  - Read\n  - Bash(rm -rf:*)\n---\n', // NOT OK
    '.claude/commands/log.md': '---\nallowed-tools: Bash(git log:*), Bash(git push --dry-run origin main)\n---\n' // OK: reads, and one exact command
  })
  expectFindings(findings, [
    {
      file: '.claude/commands/ship.md',
      line: 2,
      column: 53,
      endColumn: 69,
      severity: 'medium',
      message: '`allowed-tools` of command .claude/commands/ship.md pre-approves `Bash(git push:*)` (deleting files, changing permissions or pushing) whenever it is invoked'
    },
    {
      file: '.claude/skills/clean/SKILL.md',
      line: 5,
      column: 5,
      endColumn: 19,
      severity: 'medium',
      message: '`allowed-tools` of skill clean pre-approves `Bash(rm -rf:*)`'
    }
  ])
})

test('overbroad-permission: allowed-tools of the commands and skills a plugin ships (default folders and manifest paths)', async () => {
  const findings = await runRule(RULE, {
    '.claude-plugin/marketplace.json': '{ "name": "m", "plugins": [{ "name": "listed", "source": "./plugins/listed" }] }\n',
    'plugins/tools/.claude-plugin/plugin.json': '{ "name": "tools", "commands": ["./extra/run.md"], "skills": "./more" }\n',
    'plugins/tools/commands/review.md': '---\ndescription: review\nallowed-tools: [Read, Glob, Bash]\n---\n', // NOT OK (3)
    'plugins/tools/commands/git/status.md': '---\nallowed-tools: Bash(git status:*), Bash(git diff:*)\n---\n', // OK: harmless
    'plugins/tools/skills/push/SKILL.md': '---\nname: push\nallowed-tools:\n  - Read\n  - Bash(git push *)\n---\n', // NOT OK (5)
    'plugins/tools/skills/git/SKILL.md': '---\nname: git\nallowed-tools:\n  - Bash(git *)\n---\n', // OK: all of git is how a git skill runs its subcommands
    'plugins/tools/extra/run.md': '---\nallowed-tools: Bash(python3:*)\n---\n', // NOT OK (2)
    'plugins/tools/more/fetch/SKILL.md': '---\nname: fetch\nallowed-tools: Bash(curl:*)\n---\n', // NOT OK (3)
    'plugins/listed/commands/go.md': '---\nallowed-tools: Bash\n---\n', // NOT OK: listed by the marketplace, no manifest
    // OK: not a plugin's folder
    'docs/commands/example.md': '---\nallowed-tools: Bash\n---\n',
    'templates/skills/x/SKILL.md': '---\nname: x\nallowed-tools: Bash\n---\n'
  })
  expectFindings(findings, [
    { file: 'plugins/listed/commands/go.md', line: 2, column: 16, endColumn: 20, severity: 'high', message: '`allowed-tools` of command plugins/listed/commands/go.md of plugin listed pre-approves `Bash` (any shell command) whenever it is invoked, for everyone who installs the plugin' },
    { file: 'plugins/tools/commands/review.md', line: 3, column: 29, endColumn: 33, severity: 'high', message: 'of plugin tools pre-approves `Bash` (any shell command)' },
    { file: 'plugins/tools/extra/run.md', line: 2, column: 16, endColumn: 31, severity: 'high', message: 'of plugin tools pre-approves `Bash(python3:*)`' },
    { file: 'plugins/tools/more/fetch/SKILL.md', line: 3, column: 16, endColumn: 28, severity: 'high', message: '`allowed-tools` of skill fetch of plugin tools pre-approves `Bash(curl:*)`' },
    { file: 'plugins/tools/skills/push/SKILL.md', line: 5, column: 5, endColumn: 21, severity: 'medium', message: '`allowed-tools` of skill push of plugin tools pre-approves `Bash(git push *)`' }
  ])
})

test('overbroad-permission: untracked settings.local.json is personal; empty and malformed settings pass', async () => {
  const files = {
    '.claude/settings.local.json': allowList(['Bash(*)']),
    'README.md': 'x',
    'a/.claude/settings.json': '',
    'b/.claude/settings.json': '{"permissions": {"allow": "Bash"}}'
  }
  expectFindings(await runRule(RULE, files, { git: ['README.md'] }), [])
})

test('overbroad-permission: --allowedTools in a composite action (caller inputs bound into claude_args) and in a script', async () => {
  const findings = await runRule(RULE, {
    '.github/workflows/review.yml': `on: pull_request
jobs:
  review:
    runs-on: ubuntu-latest
    steps:
      - uses: ./.github/actions/review
        with:
          model: claude-opus-4-6
      - run: ./scripts/ai.sh
`,
    '.github/actions/review/action.yml': `name: review
inputs:
  model:
    required: true
runs:
  using: composite
  steps:
    - uses: anthropics/claude-code-action@v1
      with:
        prompt: review this pull request
        claude_args: >-
          --model \${{ inputs.model }}
          --allowedTools "Read,Grep,WebFetch"
`,
    'scripts/ai.sh': `#!/bin/bash
set -e
echo start
claude -p "fix the docs" --allowedTools "Edit,Bash"
`
  })
  expectFindings(findings, [
    { file: '.github/actions/review/action.yml', line: 13, column: 37, endColumn: 45, message: 'pre-approves `WebFetch`' },
    { file: 'scripts/ai.sh', line: 4, column: 47, endColumn: 51, message: 'pre-approves `Bash`' }
  ])
})

test('overbroad-permission: a composite action\'s input default passed whole to allowed_tools is reported at the default', async () => {
  const action = `name: Claude assistant
inputs:
  token:
    required: true
  allowed_tools:
    description: tools
    default: |
      Read
      Bash(git push:*)
      Bash(npm:*)
runs:
  using: composite
  steps:
    - uses: anthropics/claude-code-action@beta
      with:
        claude_code_oauth_token: \${{ inputs.token }}
        direct_prompt: review
        allowed_tools: \${{ inputs.allowed_tools }}
`
  // Published, no workflow here calls it: every caller that passes nothing gets the default.
  expectFindings(await runRule('overbroad-permission', { 'assistant/action.yml': action }), [
    {
      file: 'assistant/action.yml',
      line: 9,
      column: 7,
      endColumn: 23,
      severity: 'high',
      message:
        'the default of this input pre-approves `Bash(git push:*)`, `Bash(npm:*)` (deleting files, changing permissions or pushing; arbitrary code through an interpreter, a package runner or a package install) for the Claude run in job (whichever job uses assistant/action.yml): every caller that does not pass the input gets it',
      related: ['assistant/action.yml:18:24-18:51 the Claude step passes the input here; a caller that sets nothing gets the default']
    }
  ])
  // Called: a caller that passes its own list is judged by that list, not by the default.
  const W = '.github/workflows/ai.yml'
  const findings = await runRule('overbroad-permission', {
    'assistant/action.yml': action,
    [W]: `on: pull_request
jobs:
  own:
    runs-on: ubuntu-latest
    steps:
      - uses: ./assistant
        with:
          token: \${{ secrets.T }}
          allowed_tools: Read,Bash(git status)
  none:
    runs-on: ubuntu-latest
    steps:
      - uses: ./assistant
        with:
          token: \${{ secrets.T }}
`
  })
  expectFindings(findings, [
    { file: 'assistant/action.yml', line: 9, column: 7, endColumn: 23, severity: 'high', message: 'the default of this input pre-approves `Bash(git push:*)`, `Bash(npm:*)` (deleting files, changing permissions or pushing; arbitrary code through an interpreter, a package runner or a package install) for the Claude run in job none:' }
  ])
})

test('overbroad-permission: a tool list a local action builds from its input is reported where the caller wrote it', async () => {
  const findings = await runRule('overbroad-permission', {
    '.github/workflows/comment.yml': `on:
  issue_comment:
    types: [created]
jobs:
  comment:
    runs-on: ubuntu-latest
    steps:
      - uses: ./.github/actions/claude
        with:
          allowed-tools: "Read,Grep,Bash(*)"
          prompt: "You may use Read,Grep,Bash(*) to answer."
`,
    '.github/actions/claude/action.yml': `inputs:
  allowed-tools: {default: ""}
  prompt: {default: ""}
runs:
  using: composite
  steps:
    - uses: anthropics/claude-code-action@v1
      with:
        prompt: \${{ inputs.prompt }}
        claude_args: |
          \${{ inputs.allowed-tools != '' && format('--allowedTools {0}', inputs.allowed-tools) || '' }}
`
  })
  expectFindings(findings, [
    // On `@v1` the action keeps `Bash(*)` whole (v1.0.149 on).
    { file: '.github/workflows/comment.yml', line: 10, column: 37, endColumn: 44, severity: 'high', message: '`--allowedTools` in job comment pre-approves `Bash(*)` (any shell command)' }
  ])
})

test('overbroad-permission: an Agent SDK session no workflow runs, in TypeScript and Python', async () => {
  const ts = [
    "import { query } from '@anthropic-ai/claude-agent-sdk'",
    'export async function review(prompt: string) {',
    '  for await (const m of query({ prompt, options: { allowedTools: ["Read", "Bash", "WebFetch"], maxTurns: 5 } })) console.log(m)',
    '}',
    ''
  ].join('\n')
  expectFindings(await runRule(RULE, { 'src/index.ts': ts }), [
    {
      file: 'src/index.ts',
      line: 3,
      column: 75,
      endColumn: 81,
      severity: 'high',
      message:
        '`allowedTools` of Agent SDK session `query` in src/index.ts pre-approves `Bash` (any shell command): the session executes them without a prompt (only deny rules and hooks still apply), with whatever the program that starts it holds'
    },
    { file: 'src/index.ts', line: 3, column: 83, severity: 'high', message: /^`allowedTools` of Agent SDK session `query` in src\/index\.ts pre-approves `WebFetch` \(sending data to any host\)/ }
  ])
  const py = [
    'from claude_agent_sdk import query, ClaudeAgentOptions',
    'async def main():',
    '    options = ClaudeAgentOptions(allowed_tools=["Read", "Bash(pip install:*)"], max_turns=3)',
    '    async for m in query(prompt="x", options=options):',
    '        print(m)',
    ''
  ].join('\n')
  expectFindings(await runRule(RULE, { 'bot/main.py': py }), [
    { file: 'bot/main.py', line: 3, column: 57, severity: 'high', message: /^`allowed_tools` of Agent SDK session `query` in bot\/main\.py pre-approves `Bash\(pip install:\*\)` \(arbitrary code/ }
  ])
  // Narrow lists pass.
  expectFindings(await runRule(RULE, { 'src/index.ts': ts.replace('"Read", "Bash", "WebFetch"', '"Read", "Bash(npm run test:*)"') }), [])
})

test('overbroad-permission: a grant a caller passes into a reusable workflow is reported at the caller, once per place', async () => {
  const callee = (extra: string, def = ''): string => `on:
  workflow_call:
    inputs:
      claude_args:
        type: string
        default: "${def}"
jobs:
  claude:
    runs-on: ubuntu-latest
    steps:
      - uses: anthropics/claude-code-action@v1
        with:
          prompt: go
          claude_args: ${extra}\${{ inputs.claude_args }}
`
  const findings = await runRule('overbroad-permission', {
    '.github/workflows/run.yml': callee(''),
    '.github/workflows/defaulted.yml': callee('', '--allowedTools Bash'),
    '.github/workflows/own.yml': callee('--allowedTools Bash(node:*) '),
    '.github/workflows/callers.yml': `on: issues
jobs:
  a:
    uses: ./.github/workflows/run.yml
    with:
      claude_args: |
        --max-turns 40
        --allowedTools Read,Edit,Bash(cargo:*),Bash(gh pr view:*)
  b:
    uses: ./.github/workflows/run.yml
    with:
      claude_args: --allowedTools "Bash(gh pr view:*)"
  c:
    uses: ./.github/workflows/defaulted.yml
  d:
    uses: ./.github/workflows/defaulted.yml
  e:
    uses: ./.github/workflows/own.yml
    with:
      claude_args: --model claude-sonnet-4-6
`
  })
  const splice = (file: string, column: number): string =>
    `${file}:14:${column}-14:${column + 25} the reusable workflow splices `
  expectFindings(findings, [
    {
      file: '.github/workflows/callers.yml',
      line: 8,
      column: 34,
      endColumn: 47,
      severity: 'high',
      message: '`--allowedTools` that job a of .github/workflows/callers.yml passes to the reusable workflow .github/workflows/run.yml pre-approves `Bash(cargo:*)`',
      related: [`${splice('.github/workflows/run.yml', 24)}this input into \`claude_args\` here`]
    },
    {
      file: '.github/workflows/defaulted.yml',
      line: 6,
      column: 34,
      endColumn: 38,
      severity: 'high',
      message: 'the default of this input pre-approves `Bash` (any shell command) for the Claude run in job claude',
      related: [`${splice('.github/workflows/defaulted.yml', 24)}the input into \`claude_args\` here; a caller that sets nothing gets the default`]
    },
    { file: '.github/workflows/own.yml', line: 14, column: 39, severity: 'high', message: '`--allowedTools` in job claude pre-approves `Bash(node:*)`' }
  ])
})

const RUNNER_SETTINGS = {
  '.claude/settings.json': allowList([
    'Bash(find . -name:*)', // NOT OK before 2.1.113: `find . -name x -exec …` (4)
    'Bash(tmux:*)', // NOT OK (5)
    'Bash(screen -S dev:*)', // OK: the command after the session name is not open
    'Bash(gh api:*)', // NOT OK: any REST request (7)
    'Bash(gh api repos/o/r/pulls)', // OK: one fixed request
    'Bash(gh pr view:*)', // OK
    'Bash(find src -name "*.ts")' // NOT OK before 2.1.113: the `*` spans any words, `-exec` included (11)
  ]),
  'b/.claude/settings.json': allowList([
    'Bash(gh:*)', // NOT OK: all of gh, `gh api` included (4)
    'Bash(watch -n 5:*)' // NOT OK before 2.1.113: watch runs its words with `sh -c` (5)
  ])
}

test('overbroad-permission: programs whose options run any command (tmux) count as the shell; gh api with an open endpoint as a GitHub-wide grant; find -exec and watch always prompt from Claude Code 2.1.113 on', async () => {
  // Regression: `Bash(tmux:*)` and `Bash(gh api:*)` were taken for narrow grants.
  expectFindings(await runRule(RULE, RUNNER_SETTINGS), [
    {
      file: '.claude/settings.json',
      line: 5,
      column: 7,
      endColumn: 21,
      severity: 'high',
      message:
        'allow list in .claude/settings.json pre-approves `Bash(tmux:*)`, `Bash(gh api:*)` (any command through `tmux new-session -d`, `run-shell` or `send-keys`; any GitHub API request with your gh login through `gh api`, writes and deletes included): these run without a prompt'
    },
    {
      file: 'b/.claude/settings.json',
      line: 4,
      column: 7,
      endColumn: 19,
      severity: 'medium',
      message:
        'allow list in b/.claude/settings.json pre-approves `Bash(gh:*)` (any GitHub API request with your gh login through `gh api`, writes and deletes included): these run without a prompt'
    }
  ])
})

test('overbroad-permission: a prefix rule for claude itself pre-approves a nested agent in bypass mode; its subcommands do not', async () => {
  expectFindings(
    await runRule(RULE, {
      '.claude/settings.json': allowList(['Bash(claude:*)', 'Bash(claude mcp list:*)', 'Bash(claude --version)'])
    }),
    [
      {
        file: '.claude/settings.json',
        line: 4,
        column: 7,
        endColumn: 23,
        severity: 'high',
        message:
          'allow list in .claude/settings.json pre-approves `Bash(claude:*)` (any command through a nested `claude -p … --dangerously-skip-permissions`): these run without a prompt'
      }
    ]
  )
})

test('overbroad-permission: before Claude Code 2.1.113 a find or watch prefix rule pre-approves any command', async () => {
  expectFindings(await runRule(RULE, RUNNER_SETTINGS, { claudeCodeVersion: '2.1.112' }), [
    {
      file: '.claude/settings.json',
      line: 4,
      column: 7,
      endColumn: 29,
      severity: 'high',
      message:
        'allow list in .claude/settings.json pre-approves `Bash(find . -name:*)`, `Bash(tmux:*)`, `Bash(gh api:*)`, `Bash(find src -name "*.ts")` (any command through `find -exec`, and deleting through `find -delete`; any command through `tmux new-session -d`, `run-shell` or `send-keys`; any GitHub API request with your gh login through `gh api`, writes and deletes included): these run without a prompt, so a prompt injection gets them for free (project allow rules apply in interactive sessions of a trusted folder; `claude -p` ignores them in untrusted ones)'
    },
    {
      file: 'b/.claude/settings.json',
      line: 4,
      column: 7,
      endColumn: 19,
      severity: 'high',
      message:
        'allow list in b/.claude/settings.json pre-approves `Bash(gh:*)`, `Bash(watch -n 5:*)` (any GitHub API request with your gh login through `gh api`, writes and deletes included; any command through `watch`, which runs its arguments with `sh -c`): these run without a prompt, so a prompt injection gets them for free (project allow rules apply in interactive sessions of a trusted folder; `claude -p` ignores them in untrusted ones)'
    }
  ])
})

test('overbroad-permission: `gh api` with only options fixed, alone, is a medium grant in settings, and not reported in CI, where the job token\'s permissions decide', async () => {
  const findings = await runRule(RULE, {
    '.claude/settings.json': allowList(['Bash(gh api --paginate:*)']),
    '.github/workflows/claude.yml': `on: issues
jobs:
  triage:
    runs-on: ubuntu-latest
    permissions:
      issues: read
    steps:
      - uses: anthropics/claude-code-action@v1
        with:
          prompt: triage
          claude_args: --allowedTools "Bash(gh api *),Bash(find:*)"
      - uses: anthropics/claude-code-action@v1.0.99 # runs Claude Code 2.1.112
        with:
          prompt: triage
          claude_args: --allowedTools "Bash(gh api *),Bash(find:*)"
`
  })
  expectFindings(findings, [
    {
      file: '.claude/settings.json',
      line: 4,
      column: 7,
      endColumn: 34,
      severity: 'medium',
      message:
        'allow list in .claude/settings.json pre-approves `Bash(gh api --paginate:*)` (any GitHub API request with your gh login through `gh api`, writes and deletes included): these run without a prompt'
    },
    {
      file: '.github/workflows/claude.yml',
      line: 15,
      column: 55,
      endColumn: 67,
      severity: 'high',
      message:
        '`--allowedTools` in job triage pre-approves `Bash(find:*)` (any command through `find -exec`, and deleting through `find -delete`): the run executes them without a prompt'
    }
  ])
})

test('overbroad-permission: a tool list a caller passes to a local action that quotes it with format() is reported at the caller\'s token', async () => {
  expectFindings(await runRule(RULE, COMPOSITE_WRAPPER), [
    {
      file: '.github/workflows/comment.yml',
      line: 19,
      column: 37,
      endColumn: 45,
      severity: 'high',
      message:
        "`--allowedTools` in job comment pre-approves `WebFetch` (sending data to any host), passed to ./.github/actions/run-claude as `allowed-tools`, whose Claude step (.github/actions/run-claude/action.yml) puts it in `claude_args`: the run executes them",
      related: ['.github/actions/run-claude/action.yml:23:22-28:1 the local action puts `allowed-tools` into `claude_args` here']
    },
    {
      file: '.github/workflows/comment.yml',
      line: 19,
      column: 46,
      endColumn: 53,
      severity: 'high',
      message: '`--allowedTools` in job comment pre-approves `Bash(*)` (any shell command), passed to ./.github/actions/run-claude as `allowed-tools`'
    }
  ])
})

test('overbroad-permission: a command behind a linked .claude/commands folder is read where Claude Code finds it, and shown at the file git tracks (with and without git)', async () => {
  const files = {
    '.agents/commands/git/push.md': '---\nallowed-tools: Bash(git push:*), Read\ndescription: push\n---\nPush it.\n',
    '.claude/commands': { link: '../.agents/commands' }
  }
  for (const git of [false, true]) {
    expectFindings(await runRule('overbroad-permission', files, { git }), [
      {
        file: '.agents/commands/git/push.md',
        line: 2,
        column: 16,
        severity: 'medium',
        message: '`allowed-tools` of command .claude/commands/git/push.md pre-approves `Bash(git push:*)`'
      }
    ])
  }
})
