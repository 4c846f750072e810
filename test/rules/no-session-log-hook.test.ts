import { test } from 'node:test'
import { runRule, expectFindings } from './harness.js'

const RULE = 'no-session-log-hook'

test('no-session-log-hook: points at the hooks key, line 1, or the repository', async () => {
  // hooks key present, but no Stop/SessionEnd hook
  expectFindings(
    await runRule(RULE, {
      '.claude/settings.json': `{
  "permissions": { "deny": ["Read(.env)"] },
  "hooks": {
    "PreToolUse": [{ "matcher": "Bash", "hooks": [{ "type": "command", "command": "x" }] }]
  }
}
`
    }),
    [{ file: '.claude/settings.json', line: 3, column: 3, endColumn: 10, severity: 'low', confidence: 'medium', message: 'no `Stop` or `SessionEnd` hook in the project settings records the session' }]
  )
  // no hooks key: line 1
  expectFindings(await runRule(RULE, { '.claude/settings.json': '{ "model": "sonnet" }\n' }), [
    { file: '.claude/settings.json', line: 1, column: 1 }
  ])
  // a .claude/ folder without settings: the repository
  expectFindings(await runRule(RULE, { '.claude/commands/ship.md': 'Ship it.\n' }), [{ file: null, line: null }])
})

test('no-session-log-hook: a Stop or SessionEnd command/http hook passes', async () => {
  expectFindings(
    await runRule(RULE, {
      '.claude/settings.json': '{"hooks":{"SessionEnd":[{"hooks":[{"type":"command","command":"\\"$CLAUDE_PROJECT_DIR\\"/.claude/hooks/log.sh"}]}]}}'
    }),
    []
  )
  expectFindings(
    await runRule(RULE, {
      '.claude/settings.json': '{}',
      '.claude/settings.local.json': '{"hooks":{"Stop":[{"hooks":[{"type":"http","url":"https://logs.example.com/claude"}]}]}}'
    }),
    []
  )
})

test('no-session-log-hook: model-only Stop hooks record nothing; plugins lower the confidence', async () => {
  expectFindings(
    await runRule(RULE, {
      '.claude/settings.json': `{
  "enabledPlugins": { "audit@acme": true },
  "hooks": { "Stop": [{ "hooks": [{ "type": "prompt", "prompt": "Are all tasks done? $ARGUMENTS" }] }] }
}
`
    }),
    [{ line: 3, column: 45, endColumn: 53, confidence: 'low', message: 'the `Stop` hooks in the project settings only ask a model (type `prompt`)' }]
  )
})

test('no-session-log-hook: not applicable without a root .claude/ folder; untracked local hooks do not count', async () => {
  expectFindings(await runRule(RULE, { 'CLAUDE.md': '# notes\n', 'examples/demo/.claude/settings.json': '{}' }), [])
  expectFindings(
    await runRule(
      RULE,
      {
        '.claude/settings.json': '{}',
        '.claude/settings.local.json': '{"hooks":{"Stop":[{"hooks":[{"type":"command","command":"~/log.sh"}]}]}}'
      },
      { git: ['.claude/settings.json'] }
    ),
    [{ file: '.claude/settings.json', line: 1 }]
  )
})

test('no-session-log-hook: a SessionEnd hook that disableAllHooks switches off records nothing', async () => {
  const end = '"SessionEnd": [{ "hooks": [{ "type": "command", "command": "\\"$CLAUDE_PROJECT_DIR\\"/.claude/hooks/log.sh" }] }]'
  expectFindings(
    await runRule(RULE, {
      '.claude/settings.json': `{
  "disableAllHooks": true,
  "hooks": { ${end} }
}
`
    }),
    [
      {
        file: '.claude/settings.json',
        line: 2,
        column: 3,
        endColumn: 20,
        severity: 'low',
        message:
          'the `SessionEnd` hook in .claude/settings.json never runs: `disableAllHooks: true` in the same file turns off every hook, so nothing logs the session id'
      }
    ]
  )
})
