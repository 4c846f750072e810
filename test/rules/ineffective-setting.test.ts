import { test } from 'node:test'
import { runRule, expectFindings } from './harness.js'

const RULE = 'ineffective-setting'

test('ineffective-setting: Write(...) deny rules are grouped into one finding per list', async () => {
  const findings = await runRule(RULE, {
    '.claude/settings.json': `{
  "permissions": {
    "deny": [
      "Edit(.github/workflows/**)",
      "Write(.github/workflows/**)",
      "Write(.env)",
      "Write(secrets/**)",
      "Write(a)",
      "NotebookEdit(x.ipynb)"
    ],
    "allow": ["Write(docs/**)"]
  }
}
`
  })
  expectFindings(findings, [
    { file: '.claude/settings.json', line: 5, column: 7, endColumn: 36, severity: 'medium', message: 'Write(...) path rules in deny are accepted but never consulted' },
    { line: 9, column: 7, severity: 'medium', message: 'NotebookEdit(...) path rules in deny' },
    { line: 11, column: 15, severity: 'low', message: 'Write(...) path rules in allow' }
  ])
})

test('ineffective-setting: managed-only keys, auto mode, unknown events, mcp matchers, absolute-looking single slash', async () => {
  const findings = await runRule(RULE, {
    '.claude/settings.json': `{
  "allowManagedHooksOnly": true,
  "sandbox": { "network": { "strictAllowlist": true } },
  "permissions": {
    "defaultMode": "auto",
    "deny": ["Read(/etc/secrets/**)", "Edit(/src/generated/**)"]
  },
  "hooks": {
    "PreToolUSE": [{ "matcher": "Bash", "hooks": [{ "type": "command", "command": "x" }] }],
    "PreToolUse": [
      { "matcher": "mcp__github", "hooks": [{ "type": "command", "command": "x" }] },
      { "matcher": "mcp__github__.*", "hooks": [{ "type": "command", "command": "x" }] }
    ]
  }
}
`
  })
  expectFindings(findings, [
    { line: 2, column: 3, endColumn: 26, message: '`allowManagedHooksOnly` is honoured only in managed settings' },
    { line: 3, column: 29, message: '`sandbox.network.strictAllowlist` is honoured only in user or managed settings' },
    { line: 5, column: 20, message: 'defaultMode: "auto"' },
    { line: 6, column: 14, message: 'use `//etc/secrets/**`' },
    { line: 9, column: 5, message: 'hook event `PreToolUSE` does not exist' },
    { line: 11, column: 20, message: 'matcher `mcp__github` is an exact tool name' }
  ])
})

test('ineffective-setting: v0 inputs of claude-code-action under @v1 (and SHA with a v1 comment)', async () => {
  const findings = await runRule(RULE, {
    '.github/workflows/claude.yml': `on: [issue_comment]
jobs:
  claude:
    steps:
      - uses: anthropics/claude-code-action@v1
        with:
          max_turns: 10 # NOT OK
          claude_args: --model x # OK
          allowed_tools: "Bash(make *)" # NOT OK
      - uses: anthropics/claude-code-action@${'b'.repeat(40)} # v1.0.200
        with:
          direct_prompt: hi # NOT OK
      - uses: anthropics/claude-code-action@beta
        with:
          max_turns: 10 # OK on v0
`
  })
  expectFindings(findings, [
    { line: 7, column: 11, endColumn: 20, message: '`max_turns` is a v0 input that claude-code-action@v1 does not read, so it does nothing; use `claude_args: --max-turns N`' },
    { line: 9, column: 11, message: '`allowed_tools`' },
    { line: 12, column: 11, message: '`direct_prompt`' }
  ])
})

test('ineffective-setting: a clean settings file passes', async () => {
  const findings = await runRule(RULE, {
    '.claude/settings.json': '{ "permissions": { "deny": ["Read(./.env)", "Edit(//etc/**)"] }, "hooks": { "Stop": [] } }\n'
  })
  expectFindings(findings, [])
})
