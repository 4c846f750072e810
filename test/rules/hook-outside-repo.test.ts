import { test } from 'node:test'
import { runRule, expectFindings } from './harness.js'

const RULE = 'hook-outside-repo'

test('hook-outside-repo: home, personal, other absolute and ../ paths; system tools and in-repo scripts pass (also by one checkout\'s path)', async () => {
  const findings = await runRule(RULE, {
    '.claude/settings.json': `{
  "hooks": {
    "PreToolUse": [{ "matcher": "Bash", "hooks": [
      { "type": "command", "command": "~/.claude/hooks/guard.sh" },
      { "type": "command", "command": "python3 \\"$HOME/hooks/check.py\\"" },
      { "type": "command", "command": "/Users/mkowalski/dev/app/.claude/hooks/lint.sh" },
      { "type": "command", "command": "/Users/mkowalski/.claude/hooks/own.sh" },
      { "type": "command", "command": "/opt/acme/hooks/policy.sh --strict" },
      { "type": "command", "command": "$CLAUDE_PROJECT_DIR/../shared-hooks/a.sh" },
      { "type": "command", "command": "/usr/bin/jq -r .tool_input.command | /usr/local/bin/rg -q 'rm -rf' && exit 2 || exit 0" },
      { "type": "command", "command": "\\"$CLAUDE_PROJECT_DIR\\"/.claude/hooks/lint.sh" },
      { "type": "command", "command": "/usr/bin/env python3 \${CLAUDE_PROJECT_DIR}/.claude/hooks/x.py" }
    ] }]
  }
}
`,
    '.claude/hooks/lint.sh': '#!/bin/sh\n'
  })
  expectFindings(findings, [
    { file: '.claude/settings.json', line: 4, column: 40, endColumn: 64, severity: 'medium', confidence: 'high', message: 'PreToolUse hook runs `~/.claude/hooks/guard.sh` from the home directory' },
    {
      line: 5,
      column: 48,
      endColumn: 72,
      confidence: 'high',
      message:
        'runs `$HOME/hooks/check.py` from the home directory: it is not version-controlled, so nobody reviews it, and CI and teammates do not have it (there `python` cannot open the script and exits 2, which Claude Code reads as a blocking error: every tool call the hook matches is refused)'
    },
    // Line 6 is this repository's .claude/hooks/lint.sh through one checkout (hook-script-missing's);
    // line 7 is the user's own ~/.claude folder, whatever the repository holds.
    {
      line: 7,
      column: 40,
      endColumn: 77,
      confidence: 'high',
      message:
        "runs `/Users/mkowalski/.claude/hooks/own.sh` from one person's machine: it is not version-controlled, so nobody reviews it, and it exists nowhere else (in CI and for teammates the command cannot start (exit 127), a non-blocking error, so the guard is silently gone)"
    },
    { line: 8, column: 40, endColumn: 65, confidence: 'medium', message: '`/opt/acme/hooks/policy.sh`, an absolute path outside the repository' },
    { line: 9, column: 40, endColumn: 80, confidence: 'medium', message: 'climbs out of the repository' }
  ])
})

test('hook-outside-repo: the tip points at the committed copy when there is one', async () => {
  const findings = await runRule(RULE, {
    '.claude/settings.json': '{"hooks":{"Stop":[{"hooks":[{"type":"command","command":"/home/ana/.claude/hooks/log.sh"}]}]}}',
    '.claude/hooks/log.sh': '#!/bin/sh\n'
  })
  expectFindings(findings, [{ line: 1, column: 58, endColumn: 88, message: 'Stop hook runs `/home/ana/.claude/hooks/log.sh`' }])
  const tip = findings[0].tip ?? ''
  if (!tip.includes('"$CLAUDE_PROJECT_DIR"/.claude/hooks/log.sh')) throw new Error(`tip: ${tip}`)
})

test('hook-outside-repo: an untracked settings.local.json is personal and may point anywhere; a tracked one may not', async () => {
  const files = {
    '.claude/settings.json': '{}',
    '.claude/settings.local.json': '{"hooks":{"Notification":[{"hooks":[{"type":"command","command":"~/bin/notify.sh"}]}]}}'
  }
  expectFindings(await runRule(RULE, files, { git: ['.claude/settings.json'] }), [])
  expectFindings(await runRule(RULE, files, { git: true }), [
    { file: '.claude/settings.local.json', line: 1, column: 66, endColumn: 81, message: 'Notification hook runs `~/bin/notify.sh`' }
  ])
})

test('hook-outside-repo: exec form and skill frontmatter', async () => {
  const findings = await runRule(RULE, {
    '.claude/settings.json': `{"hooks":{"PostToolUse":[{"hooks":[{"type":"command","command":"node","args":["--no-warnings","~/tools/fmt.mjs"]}]}]}}`,
    '.claude/skills/deploy/SKILL.md': `---
name: deploy
hooks:
  PreToolUse:
    - matcher: Bash
      hooks:
        - type: command
          command: '\${HOME}/.claude/hooks/deploy-guard.sh'
---
Deploy.
`
  })
  expectFindings(findings, [
    { file: '.claude/settings.json', line: 1, column: 96, endColumn: 111, message: 'PostToolUse hook runs `~/tools/fmt.mjs`' },
    { file: '.claude/skills/deploy/SKILL.md', line: 8, column: 21, endColumn: 58, message: 'PreToolUse hook runs `${HOME}/.claude/hooks/deploy-guard.sh`' }
  ])
})

test('hook-outside-repo: unparsable commands, variables and plugin roots are left alone', async () => {
  const findings = await runRule(RULE, {
    '.claude/settings.json': `{"hooks":{"Stop":[{"hooks":[
      {"type":"command","command":"$CLAUDE_PLUGIN_ROOT/hooks/x.sh"},
      {"type":"command","command":"$HOOKS_DIR/x.sh"},
      {"type":"command","command":"if then fi ((("},
      {"type":"http","url":"https://hooks.example.com/stop"}
    ]}]}}`
  })
  expectFindings(findings, [])
})

test('hook-outside-repo: a plugin hook that runs a script outside the plugin', async () => {
  const findings = await runRule(RULE, {
    '.claude-plugin/plugin.json': '{ "name": "guard" }\n',
    'hooks/hooks.json': `{
  "hooks": {
    "PreToolUse": [
      { "matcher": "Bash", "hooks": [
        { "type": "command", "command": "~/bin/guard.sh" },
        { "type": "command", "command": "\${CLAUDE_PLUGIN_ROOT}/hooks/guard.sh" }
      ] }
    ]
  }
}
`,
    'hooks/guard.sh': '#!/bin/sh\nexit 0\n'
  })
  expectFindings(findings, [
    {
      file: 'hooks/hooks.json',
      line: 5,
      column: 42,
      endColumn: 56,
      severity: 'medium',
      confidence: 'high',
      message:
        'PreToolUse hook of the plugin in the repository root runs `~/bin/guard.sh`, outside the plugin: installing the plugin does not bring it'
    }
  ])
})

test('hook-outside-repo: a home path to a file the repository commits runs the installed copy, and the message says which file', async () => {
  const findings = await runRule(RULE, {
    '.claude/settings.json': `{
  "hooks": {
    "PreToolUse": [{ "matcher": "Bash", "hooks": [
      { "type": "command", "command": "node $HOME/.claude/hooks/dist/guard.mjs" },
      { "type": "command", "command": "~/.claude/hooks/other.sh" }
    ] }]
  }
}
`,
    '.claude/hooks/dist/guard.mjs': 'process.exit(0)\n'
  })
  expectFindings(findings, [
    {
      line: 4,
      column: 45,
      message:
        'PreToolUse hook runs `$HOME/.claude/hooks/dist/guard.mjs`, an installed copy of .claude/hooks/dist/guard.mjs, not the committed file: CI and teammates who have not installed it do not have it'
    },
    { line: 5, column: 40, message: 'PreToolUse hook runs `~/.claude/hooks/other.sh` from the home directory' }
  ])
})
