import { test } from 'node:test'
import { runRule, expectFindings } from './harness.js'

const RULE = 'no-notification-hook'

test('no-notification-hook: missing hook is reported at the hooks key, line 1, or the repository', async () => {
  expectFindings(
    await runRule(RULE, {
      '.claude/settings.json': `{
  "hooks": { "Stop": [{ "hooks": [{ "type": "command", "command": "x" }] }] }
}
`
    }),
    [{ file: '.claude/settings.json', line: 2, column: 3, endColumn: 10, severity: 'low', confidence: 'medium', message: 'no `Notification` hook in the project settings' }]
  )
  expectFindings(await runRule(RULE, { '.claude/settings.json': '{}' }), [{ file: '.claude/settings.json', line: 1, column: 1 }])
  expectFindings(await runRule(RULE, { '.claude/agents/a.md': '---\nname: a\n---\nx\n' }), [{ file: null }])
})

test('no-notification-hook: local-only notifiers reach no channel', async () => {
  const findings = await runRule(RULE, {
    '.claude/settings.json': `{
  "hooks": {
    "Notification": [{ "hooks": [
      { "type": "command", "command": "say 'Claude needs you' && afplay /System/Library/Sounds/Glass.aiff" },
      { "type": "command", "command": "uv run \\"$CLAUDE_PROJECT_DIR\\"/.claude/hooks/notification.py --notify" }
    ] }]
  }
}
`,
    '.claude/hooks/notification.py': `import json, subprocess, sys
data = json.load(sys.stdin)
subprocess.run(["uv", "run", "tts.py", data.get("message", "")])
`
  })
  expectFindings(findings, [
    { file: '.claude/settings.json', line: 4, column: 39, severity: 'low', confidence: 'medium', message: 'the `Notification` hook only alerts this machine (it runs `say`, `afplay`; `.claude/hooks/notification.py` makes no network call) and reaches no channel' }
  ])
})

test('no-notification-hook: webhooks, curl, network-capable scripts and unreadable scripts pass', async () => {
  const cases: Record<string, string>[] = [
    { '.claude/settings.json': '{"hooks":{"Notification":[{"hooks":[{"type":"http","url":"https://hooks.example.com/n"}]}]}}' },
    { '.claude/settings.json': '{"hooks":{"Notification":[{"hooks":[{"type":"command","command":"jq -c \'{text: .message}\' | curl -sS -X POST -d @- \\"$SLACK_WEBHOOK_URL\\""}]}]}}' },
    {
      '.claude/settings.json': '{"hooks":{"Notification":[{"hooks":[{"type":"command","command":"node \\"$CLAUDE_PROJECT_DIR\\"/.claude/hooks/notify.js"}]}]}}',
      '.claude/hooks/notify.js': 'const body = require("fs").readFileSync(0, "utf8")\nfetch(process.env.NTFY_URL, { method: "POST", body })\n'
    },
    // a script outside the repository: cannot tell (hook-outside-repo reports it)
    { '.claude/settings.json': '{"hooks":{"Notification":[{"hooks":[{"type":"command","command":"~/bin/notify"}]}]}}' },
    // an unknown program might post somewhere
    { '.claude/settings.json': '{"hooks":{"Notification":[{"hooks":[{"type":"command","command":"pager-duty-notify --stdin"}]}]}}' }
  ]
  for (const files of cases) expectFindings(await runRule(RULE, files), [])
})

test('no-notification-hook: a terminal bell or a local log reaches nobody; PowerShell web calls do', async () => {
  expectFindings(
    await runRule(RULE, {
      '.claude/settings.json': `{"hooks":{"Notification":[{"matcher":"idle_prompt","hooks":[{"type":"command","command":"printf '\\\\a'; echo \\"$(date) waiting\\" >> .claude/notifications.log"}]}]}}`
    }),
    [{ line: 1, column: 89, message: 'only alerts this machine (it only prints or writes locally)' }]
  )
  expectFindings(
    await runRule(RULE, {
      '.claude/settings.json': `{"hooks":{"Notification":[{"hooks":[{"type":"command","command":"powershell -NoProfile -Command \\"Invoke-RestMethod -Method Post -Uri $env:TEAMS_WEBHOOK\\""}]}]}}`
    }),
    []
  )
})

test('no-notification-hook: a Notification hook that disableAllHooks switches off tells nobody', async () => {
  expectFindings(
    await runRule(RULE, {
      '.claude/settings.json': `{
  "hooks": { "Notification": [{ "hooks": [{ "type": "http", "url": "https://hooks.example.com/claude" }] }] },
  "disableAllHooks": true
}
`
    }),
    [
      {
        file: '.claude/settings.json',
        line: 3,
        column: 3,
        endColumn: 20,
        severity: 'low',
        message: 'the `Notification` hook in .claude/settings.json never runs: `disableAllHooks: true` in the same file turns off every hook'
      }
    ]
  )
})
