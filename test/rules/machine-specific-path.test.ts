import { test } from 'node:test'
import { runRule, expectFindings } from './harness.js'

const RULE = 'machine-specific-path'

test('machine-specific-path: permission rules are one finding per settings file, at the first offending rule', async () => {
  const findings = await runRule(RULE, {
    '.claude/settings.json': `{
  "permissions": {
    "allow": [
      "Bash(npm run test:*)",
      "Bash(git -C \\"D:\\\\\\\\front-end\\\\\\\\app\\" status)",
      "Bash(git -C \\"D:\\\\\\\\front-end\\\\\\\\app\\" push)",
      "Read(~/.config/tool/**)"
    ],
    "deny": ["Read(//Users/ws/.ssh/**)"]
  }
}
`
  })
  expectFindings(findings, [
    { file: '.claude/settings.json', line: 5, column: 22, endColumn: 37, severity: 'low', confidence: 'high', message: '3 permission rules in .claude/settings.json embed `D:\\front-end`, a path on one person\'s machine: for everyone else, and in CI, they match nothing' }
  ])
})

test('machine-specific-path: env, statusLine, additionalDirectories and hook arguments; placeholders and CI paths pass', async () => {
  const findings = await runRule(RULE, {
    '.claude/settings.json': `{
  "env": {
    "PYTHONPATH": "/home/ana/src/lib",
    "RUNNER_DIR": "/home/runner/work",
    "TOOLS": "/usr/local/bin:/opt/tools:/tmp/x",
    "GIT_BASH": "C:\\\\Program Files\\\\Git\\\\bin\\\\bash.exe",
    "EXAMPLE": "/Users/you/project",
    "MINE": "/home/$USER/x"
  },
  "statusLine": { "type": "command", "command": "/Users/ana/bin/statusline.sh" },
  "permissions": { "additionalDirectories": ["../shared", "C:\\\\Users\\\\ana\\\\notes"] },
  "hooks": {
    "PostToolUse": [{ "hooks": [
      { "type": "command", "command": "\\"$CLAUDE_PROJECT_DIR\\"/.claude/hooks/fmt.sh --config /Users/ana/fmt.toml" },
      { "type": "command", "command": "/Users/ana/hooks/own-script.sh" }
    ] }]
  }
}
`
  })
  expectFindings(findings, [
    { line: 3, column: 20, endColumn: 29, message: '`env.PYTHONPATH` embeds `/home/ana`' },
    { line: 10, column: 50, endColumn: 60, message: '`statusLine.command` embeds `/Users/ana`' },
    { line: 11, column: 60, endColumn: 74, message: '`permissions.additionalDirectories[1]` embeds `C:\\Users\\ana`' },
    // the hook's own script at a personal path is hook-outside-repo's finding; an argument is ours
    { line: 14, column: 94, endColumn: 104, message: 'PostToolUse hook command embeds `/Users/ana`' }
  ])
})

test('machine-specific-path: hook scripts, line by line (comments skipped, shebang kept, non-scripts ignored)', async () => {
  const findings = await runRule(RULE, {
    '.claude/settings.json': '{"hooks":{"SessionStart":[{"hooks":[{"type":"command","command":"bash scripts/setup.sh"}]}]}}',
    '.claude/hooks/enforce.sh': `#!/usr/bin/env bash
set -euo pipefail
# see /home/roqkf/notes.txt for the history   (comment: OK)
python3 - <<'PY'
allowed = [
    "TEAM=x find /tmp /home/roqkf -name"
]
PY
`,
    '.claude/hooks/venv.py': '#!/Users/ana/.venv/bin/python\nimport sys\n',
    '.claude/hooks/README.md': 'Installed at /Users/ana/hooks\n',
    'scripts/setup.sh': 'cd "D:\\\\work\\\\app" || exit 1\n'
  })
  expectFindings(findings, [
    { file: '.claude/hooks/enforce.sh', line: 6, column: 23, endColumn: 34, message: 'hook script hard-codes `/home/roqkf`' },
    { file: '.claude/hooks/venv.py', line: 1, column: 3, endColumn: 13, message: '`/Users/ana`' },
    { file: 'scripts/setup.sh', line: 1, column: 5, endColumn: 13, message: '`D:\\work`' }
  ])
})

test('machine-specific-path: an untracked settings.local.json is personal; a tracked one is shared', async () => {
  const files = {
    '.claude/settings.json': '{}',
    '.claude/settings.local.json': '{"permissions":{"allow":["Read(//Users/ws/.claude/**)"]}}'
  }
  expectFindings(await runRule(RULE, files, { git: ['.claude/settings.json'] }), [])
  expectFindings(await runRule(RULE, files, { git: true }), [
    { file: '.claude/settings.local.json', line: 1, column: 32, endColumn: 42, message: 'a permission rule in .claude/settings.local.json embeds `/Users/ws`, a path on one person\'s machine: for everyone else, and in CI, it matches nothing' }
  ])
})

test('machine-specific-path: .mcp.json server arguments', async () => {
  const findings = await runRule(RULE, {
    '.mcp.json': `{
  "mcpServers": {
    "local": { "command": "node", "args": ["/Users/ana/dev/mcp/dist/index.js"] },
    "docs": { "command": "npx", "args": ["-y", "@acme/docs-mcp@1.2.3"] }
  }
}
`
  })
  expectFindings(findings, [{ file: '.mcp.json', line: 3, column: 45, endColumn: 55, message: '`mcpServers.local.args[0]` embeds `/Users/ana`' }])
})

test('machine-specific-path: malformed and empty files report nothing', async () => {
  const findings = await runRule(RULE, {
    '.claude/settings.json': '{"permissions": {"allow": ["Read(//Users/ws/**)",]}}',
    'x/.claude/settings.json': '',
    '.claude/hooks/empty.sh': ''
  })
  expectFindings(findings, [])
})

test('machine-specific-path: a Windows path as the default of a shell expansion in a hook script', async () => {
  // Regression: `${CODEGRAPH_BIN:-C:\Users\julia\…}` was missed (a drive letter after `:-` was not taken for a path).
  const findings = await runRule(RULE, {
    '.claude/hooks/pre-tool-use.sh': `#!/usr/bin/env bash
# Index before each tool call
CODEGRAPH_BIN="\${CODEGRAPH_BIN:-C:\\Users\\julia\\.cargo\\bin\\codegraph.exe}"
OUT="\${OUT_DIR=D:\\work\\out}"
"$CODEGRAPH_BIN" hook-pre-tool-use 2>/dev/null || echo '{"continue":true}'
LABEL="build-C:\\Users\\julia"
`
  })
  expectFindings(findings, [
    { file: '.claude/hooks/pre-tool-use.sh', line: 3, column: 33, endColumn: 47, message: 'hook script hard-codes `C:\\Users\\julia`, a path on one person\'s machine' },
    { file: '.claude/hooks/pre-tool-use.sh', line: 4, column: 16, endColumn: 23, message: 'hook script hard-codes `D:\\work`' }
  ])
})
