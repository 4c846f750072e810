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

test('ineffective-setting: disableAllHooks: true beside hooks turns them all off', async () => {
  const findings = await runRule(RULE, {
    '.claude/settings.json': `{
  "disableAllHooks": true,
  "statusLine": { "type": "command", "command": "echo hi" },
  "hooks": {
    "PreToolUse": [{ "matcher": "Bash", "hooks": [{ "type": "command", "command": "a" }, { "type": "command", "command": "b" }] }],
    "SessionEnd": [{ "hooks": [{ "type": "command", "command": "c" }] }]
  }
}
`
  })
  expectFindings(findings, [
    {
      file: '.claude/settings.json',
      line: 2,
      column: 3,
      endColumn: 20,
      severity: 'medium',
      message:
        '`disableAllHooks: true` turns off all 3 hooks configured in `.claude/settings.json` (and the `statusLine`): Claude Code runs no hook, so the guards'
    }
  ])
  // Nothing to turn off, or the switch is off: no finding.
  expectFindings(await runRule(RULE, { '.claude/settings.json': '{ "disableAllHooks": true }\n' }), [])
  expectFindings(
    await runRule(RULE, { '.claude/settings.json': '{ "disableAllHooks": false, "hooks": { "Stop": [{ "hooks": [{ "type": "command", "command": "d" }] }] } }\n' }),
    []
  )
  // One hook.
  expectFindings(
    await runRule(RULE, { '.claude/settings.json': '{ "hooks": { "Stop": [{ "hooks": [{ "type": "command", "command": "d" }] }] },\n  "disableAllHooks": true }\n' }),
    [{ line: 2, column: 3, message: '`disableAllHooks: true` turns off the hook configured in `.claude/settings.json`: Claude Code runs no hook' }]
  )
})

test('ineffective-setting: matchers that never match (wrong case, mcp__server lists) and `if` on events without tools', async () => {
  const findings = await runRule(RULE, {
    '.claude/settings.json': `{
  "hooks": {
    "PreToolUse": [
      { "matcher": "bash", "hooks": [{ "type": "command", "command": "x" }] },
      { "matcher": "Edit|write", "hooks": [{ "type": "command", "command": "x" }] },
      { "matcher": "mcp__github|mcp__slack", "hooks": [{ "type": "command", "command": "x" }] },
      { "matcher": "Bash|mcp__github__create_issue", "hooks": [{ "type": "command", "command": "x", "if": "Bash(git *)" }] },
      { "matcher": "mcp__.*|bash.*", "hooks": [{ "type": "command", "command": "x" }] }
    ],
    "SessionStart": [{ "matcher": "startup", "hooks": [{ "type": "command", "command": "x", "if": "Bash(git *)" }] }],
    "Stop": [{ "hooks": [{ "type": "command", "command": "x" }] }]
  }
}
`
  })
  expectFindings(findings, [
    {
      line: 4,
      column: 20,
      severity: 'medium',
      message: 'hook matcher `bash` is a list of exact, case-sensitive tool names, and no tool is called `bash`, so the handlers of this group never run on PreToolUse; the tool is `Bash`'
    },
    { line: 5, column: 20, message: 'no tool is called `write`, so that name never matches on PreToolUse; the tool is `Write`' },
    {
      line: 6,
      column: 20,
      message: 'hook matcher `mcp__github|mcp__slack` is a list of exact tool names, and `mcp__github`, `mcp__slack` match no MCP tool (their tools are named `mcp__<server>__<tool>`); use `mcp__github__.*|mcp__slack__.*`'
    },
    { line: 10, column: 93, endColumn: 97, message: '`if` filters only tool events (PreToolUse, PostToolUse, PostToolUseFailure, PermissionRequest, PermissionDenied): on `SessionStart` a handler with `if` never runs' }
  ])
})

test('ineffective-setting: hook events added up to Claude Code 2.1.337 are known', async () => {
  const findings = await runRule(RULE, {
    '.claude/settings.json': `{
  "hooks": {
    "Interrupt": [{ "hooks": [{ "type": "command", "command": "echo i" }] }],
    "PreSkillShellCommand": [{ "hooks": [{ "type": "command", "command": "echo s" }] }],
    "PreModelSwitch": [{ "hooks": [{ "type": "command", "command": "echo m" }] }],
    "PreSkillShell": [{ "hooks": [{ "type": "command", "command": "echo x" }] }]
  }
}
`
  })
  expectFindings(findings, [
    { file: '.claude/settings.json', line: 6, column: 5, endColumn: 20, message: 'hook event `PreSkillShell` does not exist' }
  ])
})

test('ineffective-setting: settings made inert by Claude Code 2.1.251 to 2.1.285, unless an older version runs', async () => {
  const files = {
    '.claude/settings.json': `{
  "env": {
    "OTEL_EXPORTER_OTLP_ENDPOINT": "https://otel.example.com",
    "CLAUDE_CONFIG_DIR": "/tmp/cc",
    "MAX_THINKING_TOKENS": "1000"
  },
  "permissions": {
    "deny": ["Bash(rm -rf *) # never", "Read(./.env)"],
    "allow": ["Bash(npm test)*", "Grep(src/**)"]
  },
  "hooks": {
    "PermissionRequest": [{ "hooks": [{ "type": "agent", "prompt": "approve safe calls" }] }]
  }
}
`,
    '.mcp.json': '{"mcpServers": {"inproc": {"type": "sdk", "name": "inproc"}, "ok": {"command": "node", "args": ["s.js"]}}}'
  }
  const findings = await runRule(RULE, files)
  expectFindings(findings, [
    {
      file: '.claude/settings.json',
      line: 3,
      column: 5,
      endColumn: 34,
      severity: 'medium',
      message:
        '`OTEL_EXPORTER_OTLP_ENDPOINT` in the `env` of .claude/settings.json is ignored since Claude Code 2.1.282: project and local settings can no longer turn OpenTelemetry export on, set its endpoint or capture content'
    },
    { line: 4, column: 5, message: '`CLAUDE_CONFIG_DIR` in the `env` of .claude/settings.json is ignored since Claude Code 2.1.251' },
    {
      line: 8,
      column: 14,
      endColumn: 38,
      severity: 'medium',
      message:
        '`Bash(rm -rf *) # never` has text after its closing parenthesis, which makes the rule invalid since Claude Code 2.1.260: it is dropped and the deny rule protects nothing (assumed the newest known Claude Code, 2.1.337; set claude-code-version to judge another)'
    },
    { line: 9, column: 15, severity: 'low', message: '`Bash(npm test)*` has text after its closing parenthesis' },
    { line: 9, column: 34, severity: 'low', message: 'Grep(...) path rules in allow are accepted but never consulted' },
    {
      line: 12,
      column: 49,
      endColumn: 56,
      message: 'a `type: "agent"` hook on PermissionRequest no longer runs since Claude Code 2.1.280'
    },
    {
      file: '.mcp.json',
      line: 1,
      column: 36,
      endColumn: 41,
      message: 'MCP server `inproc` has `"type": "sdk"`, which Claude Code skips in configuration files since 2.1.274'
    }
  ])
  // Claude Code 2.1.250 runs in CI: all of these still work there.
  expectFindings(await runRule(RULE, files, { claudeCodeVersion: '2.1.250' }), [
    { line: 9, column: 34, message: 'Grep(...) path rules in allow' }
  ])
})

test('ineffective-setting: rules that Claude Code before 2.1.260 / 2.1.282 dropped, where such a version runs', async () => {
  const files = {
    '.claude/settings.json': `{
  "permissions": {
    "deny": ["Edit(app/(admin)/**)", "Bash(git:* push --force)", "Edit(app/admin/**)"]
  }
}
`,
    '.github/workflows/claude.yml': `on: issue_comment
jobs:
  answer:
    runs-on: ubuntu-latest
    steps:
      - uses: anthropics/claude-code-action@v1.0.200
        with: { prompt: answer }
`
  }
  // claude-code-action v1.0.200 runs Claude Code 2.1.240.
  expectFindings(await runRule(RULE, files), [
    {
      file: '.claude/settings.json',
      line: 3,
      column: 14,
      endColumn: 36,
      severity: 'medium',
      message:
        '`Edit(app/(admin)/**)` is dropped by Claude Code before 2.1.260 (a path with parentheses), and .github/workflows/claude.yml pins claude-code-action v1.0.200, which runs Claude Code 2.1.240: the deny rule does nothing there'
    },
    { line: 3, column: 38, severity: 'medium', message: '`Bash(git:* push --force)` is dropped by Claude Code before 2.1.282 (`:*` in the middle of a Bash pattern)' }
  ])
  // Without a pinned or configured older version, nothing is assumed.
  expectFindings(await runRule(RULE, { '.claude/settings.json': files['.claude/settings.json'] }), [])
})

test('ineffective-setting: `Write(*)` is the all-uses form, not a path rule; overbroad-permission agrees', async () => {
  const files = {
    '.claude/settings.json': JSON.stringify({ permissions: { allow: ['Write(*)', 'Write(**)'], deny: ['NotebookEdit(*)'] } }, null, 2)
  }
  const ineffective = await runRule('ineffective-setting', files)
  expectFindings(ineffective, [{ file: '.claude/settings.json', severity: 'low', message: 'protect nothing: Write(**)' }])
  const overbroad = await runRule('overbroad-permission', files)
  expectFindings(overbroad, [{ file: '.claude/settings.json', message: /pre-approves `Write\(\*\)` \(writing any file\)/ }])
})

test('ineffective-setting: a rule written `Tool:specifier` names no tool and matches nothing', async () => {
  const findings = await runRule('ineffective-setting', {
    '.claude/settings.json': JSON.stringify({ permissions: { allow: ['Bash:npm *', 'Bash(npm test:*)'], deny: ['Bash:rm -rf /*', 'Read(./.env)'] } }, null, 2)
  })
  expectFindings(findings, [
    {
      file: '.claude/settings.json',
      line: 4,
      column: 7,
      severity: 'low',
      message: '`Bash:npm *` is not a rule Claude Code can read: a rule is `Tool` or `Tool(specifier)`, so this names a tool called `Bash:npm *`, which does not exist, and the tool keeps asking; write `Bash(npm *)`'
    },
    { file: '.claude/settings.json', line: 8, column: 7, severity: 'medium', message: /^`Bash:rm -rf \/\*` is not a rule .* the deny rule protects nothing; write `Bash\(rm -rf \/\*\)`$/ }
  ])
})

test('ineffective-setting: keys Claude Code does not have under permissions, written like protection', async () => {
  const settings = [
    '{',
    '  "permissions": {',
    '    "allow": ["Bash(npm test)"],',
    '    "deny": ["Read(./.env)"],',
    '    "defaultMode": "acceptEdits",',
    '    "blockReadsOutsideWorkingDirectories": true,',
    '    "bash": { "allowedCommands": [], "requireConfirmation": true },', // NOT OK
    '    "fileOperations": { "excludePaths": ["**/.env"] },', // NOT OK
    '    "notes": "team defaults"', // NOT OK
    '  }',
    '}',
    ''
  ].join('\n')
  const findings = await runRule(RULE, {
    '.claude/settings.json': settings,
    // A map of rules to words: `"ask"` reads like a confirmation step.
    'a/.claude/settings.json': '{\n  "permissions": {\n    "Bash(git push)": "ask"\n  }\n}\n',
    'b/.claude/settings.json': '{\n  "permissions": {\n    "comment": "see docs/permissions.md"\n  }\n}\n'
  })
  expectFindings(findings, [
    {
      file: '.claude/settings.json',
      line: 7,
      column: 5,
      severity: 'medium',
      message:
        '`permissions.bash` (with `allowedCommands`, `requireConfirmation`), `permissions.fileOperations` (with `excludePaths`) and `permissions.notes` in .claude/settings.json are not Claude Code settings (the keys under `permissions` are the rule lists `allow`, `ask`, `deny`, `defaultMode`, `additionalDirectories` and a few `disable…`/`block…` switches): they read like a block list, a confirmation step and an allow list, but nothing in them is enforced',
      related: [
        '.claude/settings.json:8:5-8:21 `permissions.fileOperations` is not a Claude Code setting either',
        '.claude/settings.json:9:5-9:12 `permissions.notes` is not a Claude Code setting either'
      ]
    },
    { file: 'a/.claude/settings.json', line: 3, column: 5, severity: 'medium', message: /^`permissions\.Bash\(git push\)` in a\/\.claude\/settings\.json is not a Claude Code setting .*: it reads like a confirmation step, but nothing in it is enforced$/ },
    { file: 'b/.claude/settings.json', line: 3, column: 5, severity: 'low', message: /^`permissions\.comment` in b\/\.claude\/settings\.json is not a Claude Code setting .*, so nothing in it takes effect$/ }
  ])
})

test('ineffective-setting: a .mcp.json server "switched off" with a field Claude Code does not have still starts', async () => {
  const mcp = JSON.stringify(
    {
      mcpServers: {
        off: { disabled: true, command: 'npx', args: ['-y', '@scope/srv@1.0.0'] }, // NOT OK
        notOn: { enabled: false, command: 'uvx', args: ['srv==1.0.0'] }, // NOT OK
        on: { disabled: false, command: 'node', args: ['server.js'] } // OK: says it runs, and it does
      }
    },
    null,
    2
  )
  const findings = await runRule('ineffective-setting', {
    '.mcp.json': mcp + '\n',
    // Claude Code never reads a .mcp.json inside .claude/: nothing there starts, switch or not.
    '.claude/.mcp.json': mcp + '\n'
  })
  expectFindings(findings, [
    { file: '.mcp.json', line: 4, column: 7, endColumn: 23, severity: 'medium', message: 'MCP server `off` sets `"disabled": true`, which is not a field of a server entry: Claude Code ignores it and starts the server as usual' },
    { file: '.mcp.json', line: 12, column: 7, endColumn: 23, message: 'MCP server `notOn` sets `"enabled": false`' }
  ])
})

test('ineffective-setting: matchers naming values an event never has (SessionStart `init`, wrong case), regexes and known values pass', async () => {
  const findings = await runRule(RULE, {
    '.claude/settings.json': `{
  "hooks": {
    "SessionStart": [
      { "matcher": "init|maintenance", "hooks": [{ "type": "command", "command": "x" }] },
      { "matcher": "startup|Resume", "hooks": [{ "type": "command", "command": "x" }] },
      { "matcher": "startup|compact", "hooks": [{ "type": "command", "command": "x" }] },
      { "matcher": "start.*", "hooks": [{ "type": "command", "command": "x" }] }
    ],
    "Setup": [{ "matcher": "init", "hooks": [{ "type": "command", "command": "x" }] }],
    "PreCompact": [{ "matcher": "manual, always", "hooks": [{ "type": "command", "command": "x" }] }],
    "SubagentStop": [{ "matcher": "code-reviewer", "hooks": [{ "type": "command", "command": "x" }] }]
  }
}
`
  })
  expectFindings(findings, [
    {
      line: 4,
      column: 20,
      endColumn: 38,
      severity: 'medium',
      message:
        'hook matcher `init|maintenance`: Claude Code matches SessionStart hooks against `startup`, `resume`, `clear`, `compact`, `fork`, and `init`, `maintenance` are not among them, so the handlers of this group never run: `init` is a value of the Setup event; `maintenance` is a value of the Setup event'
    },
    {
      line: 5,
      column: 20,
      message: 'and `Resume` is not one of them, so that name never matches: `Resume` is `resume` (matchers are case-sensitive)'
    },
    { line: 10, column: 33, message: 'hook matcher `manual, always`: Claude Code matches PreCompact hooks against `manual`, `auto`, and `always` is not one of them, so that name never matches' }
  ])
})

test("ineffective-setting: a plugin's hooks file is read for matchers too", async () => {
  const findings = await runRule(RULE, {
    'plugins/omc/.claude-plugin/plugin.json': '{ "name": "omc" }\n',
    'plugins/omc/hooks/hooks.json': `{
  "hooks": {
    "SessionStart": [
      { "matcher": "*", "hooks": [{ "type": "command", "command": "node \${CLAUDE_PLUGIN_ROOT}/start.mjs" }] },
      { "matcher": "maintenance", "hooks": [{ "type": "command", "command": "node \${CLAUDE_PLUGIN_ROOT}/m.mjs" }] }
    ]
  }
}
`
  })
  expectFindings(findings, [
    {
      file: 'plugins/omc/hooks/hooks.json',
      line: 5,
      column: 20,
      message:
        'hook matcher `maintenance`: Claude Code matches SessionStart hooks against `startup`, `resume`, `clear`, `compact`, `fork`, and `maintenance` is not one of them, so the handlers of this group never run: `maintenance` is a value of the Setup event'
    }
  ])
})
