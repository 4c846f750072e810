/**
 * The machine audit (`--user`) on a planted home directory and managed
 * settings folder: one planted problem per source, exact findings, the
 * checklist items it answers, and no planted value in any output.
 */
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { mkdirSync, realpathSync, truncateSync } from 'node:fs'
import { join } from 'node:path'
import { runUserAudit, renderMachineMarkdown, renderMachineText, machineLocations, managedRootOf } from '../../src/user/index.js'
import { renderJson, renderSarif, renderCliMarkdown, renderText } from '../../src/cli-commands.js'
import { expectFindings } from '../rules/harness.js'
import { plantHome, write, type Planted } from './plant.js'

const T = { timeout: 120_000 }

function machine(p: Planted, env: Record<string, string> = p.env): Parameters<typeof runUserAudit>[0] {
  return { machine: { home: p.home, env, managedRoot: p.managed, platform: 'linux', now: p.now } }
}

test('--user: every source of the planted home is read and judged, with exact findings', T, async () => {
  const p = plantHome()
  try {
    const r = await runUserAudit({ ...machine(p), minSeverity: 'info' })
    expectFindings(r.findings, [
      // The environment: names only, no file.
      { file: null as never, severity: 'high', message: 'the environment has a static AWS access key (AWS_ACCESS_KEY_ID set, no AWS_SESSION_TOKEN)' },
      { file: '~/.aws/credentials', line: 3, column: 1, endColumn: 22, severity: 'high', message: 'the default AWS profile uses the static access key in ~/.aws/credentials and assumes no role' },
      { file: '~/.aws/credentials', line: 7, column: 1, endColumn: 22, severity: 'high', message: 'profile ci in ~/.aws/credentials holds a static AWS access key' },
      { file: '~/.bashrc', line: 2, column: 23, severity: 'high', message: '~/.bashrc sets an OpenAI API key' },
      // ~/.claude.json: a user-scope server (unpinned) and a local-scope server's token.
      { file: '~/.claude.json', line: 9, column: 5, severity: 'high', message: 'MCP server files runs code resolved at launch' },
      { file: '~/.claude.json', line: 33, column: 46, severity: 'critical', message: 'is stored in plain text in ~/.claude.json: Claude Code hands it to the MCP server it starts' },
      { file: '~/.claude/agents/helper.md', line: 7, column: 20, severity: 'critical', message: /^Slack bot token \(xoxb-.*\) is stored in plain text in ~\/.claude\/agents\/helper.md: Claude Code puts it in the model's context/ },
      // ~/.claude/CLAUDE.md with its import.
      { file: '~/.claude/CLAUDE.md', line: 1, column: 1, severity: 'medium', message: 'loads 523 lines' },
      { file: '~/.claude/settings.json', line: 4, column: 7, severity: 'high', message: 'pre-approves `Bash` (any shell command)' },
      { file: '~/.claude/settings.json', line: 14, column: 27, severity: 'critical', message: /^Anthropic API key \(sk-ant-api03…\(108 chars\)\) is stored in plain text in ~\/.claude\/settings.json/ },
      { file: '~/.config/fish/config.fish', line: 1, column: 22, severity: 'high', message: 'sets a GitHub personal access token' },
      { file: '~/.profile', line: 1, severity: 'info', message: '~/.profile was not read: binary content (not text)' },
      { file: '~/.zshrc', line: 1, severity: 'info', message: '~/.zshrc was not read: symbolic link leaves the home directory (not followed)' }
    ])
    const rules = r.findings.map((f) => f.ruleId)
    assert.deepEqual(
      [...new Set(rules)].sort(),
      ['aws-long-lived-credentials', 'claude-md-too-long', 'file-skipped', 'hardcoded-secret', 'mcp-unpinned', 'overbroad-permission', 'shell-startup-credentials']
    )
    assert.deepEqual(r.notices?.slice(2), ['Not read: ~/.zshrc: symbolic link leaves the home directory (not followed).', 'Not read: ~/.profile: binary content (not text).'])
    assert.deepEqual(r.machine.filesRead, [
      `${p.managed}/managed-settings.json`,
      '~/.claude/settings.json',
      '~/.claude.json',
      '~/.claude/CLAUDE.md',
      '~/.claude/agents/helper.md',
      '~/.claude/hooks/guard.sh',
      '~/.bashrc',
      '~/.config/fish/config.fish',
      '~/.aws/credentials',
      '~/.aws/config'
    ])
  } finally {
    p.cleanup()
  }
})

test('--user: an allow rule that a managed deny voids is not reported, and the report says why', T, async () => {
  const p = plantHome()
  try {
    const r = await runUserAudit(machine(p))
    assert.ok(!r.findings.some((f) => f.message.includes('Bash(curl *)')), 'Bash(curl *) is denied by managed settings')
    assert.deepEqual(r.machine.effective.voidAllows, [
      { rule: 'Bash(curl *)', file: '~/.claude/settings.json', deniedBy: 'Bash(curl *)', denyFile: `${p.managed}/managed-settings.json` }
    ])
    // Without the managed deny, the same allow rule is a finding.
    const q = plantHome({}, { 'managed-settings.json': '{}\n' })
    try {
      const r2 = await runUserAudit(machine(q))
      assert.ok(r2.findings.some((f) => f.ruleId === 'overbroad-permission' && f.message.includes('Bash(curl *)')))
    } finally {
      q.cleanup()
    }
  } finally {
    p.cleanup()
  }
})

test('--user: the checklist answers the machine items from what it read', T, async () => {
  const p = plantHome()
  try {
    const r = await runUserAudit(machine(p))
    const item = (n: number): [string, string | undefined] => {
      const e = r.checklist.find((c) => c.item === n)
      return [e?.status ?? '', e?.note]
    }
    assert.deepEqual(item(1), [
      'fail',
      'Claude Code here authenticates with an API key (ANTHROPIC_API_KEY in the environment; `claude -p` always uses it). A session started from this environment inherits 3 credential variables: ANTHROPIC_API_KEY, AWS_ACCESS_KEY_ID, GITHUB_TOKEN. Confirm the key belongs to a workspace of its own with no production access.'
    ])
    assert.deepEqual(item(2), ['fail', undefined])
    assert.deepEqual(item(4), ['fail', undefined])
    assert.deepEqual(item(5), ['fail', undefined])
    assert.deepEqual(item(18), [
      'fail',
      '2 session transcripts, the largest 31.0 MiB (~/.claude/projects/-work-some-project/0b6f.jsonl); 1 at or over 30.0 MiB, near the 33 MB where sessions stop fitting: keep auto-compaction on and start new sessions for new tasks.'
    ])
    const perProject = 'Judged per project (deny rules, guard and session hooks of the settings a project merges): run `claude-code-audit --user PATH` on each repository you use Claude Code in.'
    for (const n of [16, 23, 25, 26]) assert.deepEqual(item(n), ['manual', perProject], `item ${n}`)
    for (const n of [6, 7, 12, 15, 20]) assert.equal(item(n)[0], 'not-applicable', `item ${n}`)
    assert.equal(item(29)[0], 'manual')
    // No item passes on rules that had nothing to look at: what passes is what the machine holds.
    assert.deepEqual(r.checklist.filter((c) => c.status === 'pass').map((c) => c.item), [11, 13, 19, 27])
    assert.deepEqual(item(21), [
      'fail',
      '2 auto-memory files in 1 project, 0.0 KiB, the oldest unchanged for 200 days; 1 unchanged for over 90 days: review and prune them.'
    ])
  } finally {
    p.cleanup()
  }
})

test('--user: a clean home passes the machine items, each with what was checked', T, async () => {
  const p = plantHome()
  p.cleanup()
  mkdirSync(p.home, { recursive: true })
  mkdirSync(p.managed, { recursive: true })
  try {
    write(p.home, '.bashrc', 'alias ll="ls -l"\n')
    write(p.home, '.aws/credentials', '[sso]\naws_access_key_id = ASIAEXAMPLE\naws_secret_access_key = x\naws_session_token = y\n')
    write(p.managed, 'managed-settings.json', '{ "sandbox": { "enabled": true }, "permissions": { "defaultMode": "default" } }\n')
    const r = await runUserAudit(machine(p, { HOME: p.home, PATH: '/usr/bin' }))
    assert.deepEqual(r.findings, [])
    const view = r.checklist.filter((c) => [1, 2, 4, 5, 21].includes(c.item)).map((c) => [c.item, c.status, c.note])
    assert.deepEqual(view, [
      [1, 'pass', 'Claude Code here authenticates with the account signed in with /login (no key in the environment or settings). It inherits no credential-looking environment variable.'],
      [2, 'pass', 'Read ~/.bashrc: no exported credential found.'],
      [4, 'pass', `The Bash sandbox is on (sandbox.enabled from ${p.managed}/managed-settings.json); permissions.defaultMode is "default" (${p.managed}/managed-settings.json).`],
      [5, 'pass', '~/.aws/credentials has 1 profile, none with a static key; the environment holds no static AWS key.'],
      [21, 'pass', 'No auto-memory files under projects/*/memory/ in the Claude configuration folder.']
    ])
  } finally {
    p.cleanup()
  }
})

test('--user: CLAUDE_CONFIG_DIR moves the user settings and ~/.claude.json; paths outside home are shown whole', T, async () => {
  const p = plantHome()
  try {
    const cfg = join(p.base, 'cfg')
    write(cfg, 'settings.json', '{ "permissions": { "allow": ["Bash(*)"] } }\n')
    write(cfg, '.claude.json', '{ "mcpServers": { "x": { "command": "uvx", "args": ["some-mcp"] } } }\n')
    const r = await runUserAudit({ ...machine(p, { HOME: p.home, CLAUDE_CONFIG_DIR: cfg }), minSeverity: 'high' })
    const shown = realpathSync(cfg) === cfg ? cfg : cfg
    const onCfg = r.findings.filter((f) => f.file?.startsWith(shown)).map((f) => `${f.ruleId} ${f.file}:${f.line}:${f.column}`)
    assert.deepEqual(onCfg, [`mcp-unpinned ${shown}/.claude.json:1:19`, `overbroad-permission ${shown}/settings.json:1:30`])
    assert.ok(!r.findings.some((f) => f.file === '~/.claude/settings.json' || f.file === '~/.claude.json'), 'the default folder is not read')
    assert.equal(r.machine.configDir, shown)
  } finally {
    p.cleanup()
  }
})

test('--user: managed settings live at the platform path (Windows where it differs)', () => {
  assert.equal(managedRootOf('linux'), '/etc/claude-code')
  assert.equal(managedRootOf('darwin'), '/Library/Application Support/ClaudeCode')
  assert.equal(managedRootOf('win32'), 'C:\\Program Files\\ClaudeCode')
  const win = machineLocations({ env: { USERPROFILE: 'C:\\Users\\me' }, platform: 'win32', now: 0 })
  assert.equal(win.managedRoot, 'C:\\Program Files\\ClaudeCode')
  const mac = machineLocations({ home: '/Users/me', env: {}, platform: 'darwin', now: 0 })
  assert.equal(mac.configDir, '/Users/me/.claude')
  assert.equal(mac.globalConfig, '/Users/me/.claude.json')
  assert.equal(mac.managedRoot, '/Library/Application Support/ClaudeCode')
})

test('--user: no planted value and no account field appears in any output format', T, async () => {
  const p = plantHome()
  try {
    const r = await runUserAudit({ ...machine(p), minSeverity: 'info' })
    const outputs: Record<string, string> = {
      text: renderText(r, { color: false, rootLabel: '~' }) + renderMachineText(r.machine, r.checklist),
      json: JSON.stringify({ ...JSON.parse(renderJson(r)), machine: r.machine }),
      sarif: renderSarif(r),
      markdown: renderCliMarkdown(r, 'high') + renderMachineMarkdown(r.machine, r.checklist)
    }
    assert.ok(r.findings.length >= 12)
    for (const [format, out] of Object.entries(outputs)) {
      for (const v of [...p.secrets, ...p.account]) assert.ok(!out.includes(v), `${format} output shows a planted value (${v.slice(0, 6)}…)`)
      // Settings values that can carry a credential are shown as set, never quoted.
      if (format === 'text') assert.match(out, /env\.ANTHROPIC_API_KEY = \(set\) {2}\(from ~\/\.claude\/settings\.json\)/)
    }
  } finally {
    p.cleanup()
  }
})

test('--user: the hook scripts user settings run are read and judged', T, async () => {
  const settings = JSON.stringify({ hooks: { PreToolUse: [{ matcher: 'Bash', hooks: [{ type: 'command', command: '~/.claude/hooks/guard.sh' }] }] } }, null, 2) + '\n'
  const p = plantHome({ '.claude/settings.json': settings, '.claude/hooks/guard.sh': '#!/bin/bash\nif grep -q "rm -rf"; then echo blocked; exit 1; fi\n' })
  try {
    const r = await runUserAudit(machine(p, { HOME: p.home }))
    const hooks = r.findings.filter((f) => f.ruleId.startsWith('hook-')).map((f) => `${f.ruleId} ${f.file}:${f.line}:${f.column}`)
    assert.deepEqual(hooks, ['hook-fail-open ~/.claude/hooks/guard.sh:2:41'])
    assert.equal(r.checklist.find((c) => c.item === 22)?.status, 'fail')
  } finally {
    p.cleanup()
  }
})

test('--user: keys honoured only in managed or user settings are not ineffective there', T, async () => {
  const user = JSON.stringify({ skipAutoPermissionPrompt: true, allowManagedHooksOnly: true, permissions: { defaultMode: 'auto' } }, null, 2) + '\n'
  const managed = JSON.stringify({ allowManagedHooksOnly: true, autoMode: { environment: ['x'] }, sandbox: { network: { allowManagedDomainsOnly: true } } }, null, 2) + '\n'
  const p = plantHome({ '.claude/settings.json': user }, { 'managed-settings.json': managed })
  try {
    const r = await runUserAudit(machine(p, { HOME: p.home }))
    const found = r.findings.filter((f) => f.ruleId === 'ineffective-setting').map((f) => `${f.file}:${f.line}:${f.column} ${f.message}`)
    assert.deepEqual(found, ['~/.claude/settings.json:3:3 `allowManagedHooksOnly` is honoured only in managed settings; in ~/.claude/settings.json it enforces nothing'])
  } finally {
    p.cleanup()
  }
})

test('--user: a huge ~/.claude.json is skipped and said so, and nothing of it is judged', T, async () => {
  const p = plantHome()
  try {
    truncateSync(join(p.home, '.claude.json'), 5 * 1024 * 1024)
    const r = await runUserAudit({ ...machine(p, { HOME: p.home }), minSeverity: 'info' })
    assert.deepEqual(
      r.findings.filter((f) => f.file === '~/.claude.json').map((f) => `${f.ruleId} ${f.message}`),
      ['file-skipped ~/.claude.json was not read: file is 5.0 MiB, over the 4 MiB limit (Claude Code skips such memory files too)']
    )
    assert.ok(r.notices?.includes('Not read: ~/.claude.json: file is 5.0 MiB, over the 4 MiB limit (Claude Code skips such memory files too).'))
    assert.ok(!r.machine.filesRead.includes('~/.claude.json'))
  } finally {
    p.cleanup()
  }
})
