/**
 * `--user PATH`: the repository judged on the settings this user's sessions
 * merge (managed > local > project > user; arrays concatenated), with the
 * file each effective value came from.
 */
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { readFileSync, realpathSync } from 'node:fs'
import { join } from 'node:path'
import { runUserAudit } from '../../src/user/index.js'
import { mergeSettings } from '../../src/user/effective.js'
import { runAudit } from '../../src/audit.js'
import { buildSettings } from '../../src/model/settings.js'
import { parseJson } from '../../src/parse/doc.js'
import { SourceFile } from '../../src/parse/source.js'
import { plantHome, write } from './plant.js'

const T = { timeout: 120_000 }

const USER_SETTINGS = JSON.stringify({ permissions: { deny: ['Read(./.env)', 'Read(./.env.*)', 'Read(./node_modules/**)'], defaultMode: 'plan' } }, null, 2) + '\n'
const PROJECT_SETTINGS = JSON.stringify({ permissions: { allow: ['Bash(curl *)', 'Bash(npm run test:*)'], defaultMode: 'acceptEdits' } }, null, 2) + '\n'

function line(f: { ruleId: string; file: string | null; line: number | null; column: number | null }): string {
  return `${f.ruleId} ${f.file}:${f.line}:${f.column}`
}

test('--user PATH: a user deny covers the project; a project allow does not undo a managed deny', T, async () => {
  const p = plantHome({ '.claude/settings.json': USER_SETTINGS })
  try {
    const repo = join(p.base, 'repo')
    write(repo, 'CLAUDE.md', '# x\n')
    write(repo, '.claude/settings.json', PROJECT_SETTINGS)
    const alone = await runAudit({ root: repo })
    const curl = 'overbroad-permission .claude/settings.json:4:7'
    assert.ok(alone.findings.map(line).includes(curl), 'the repository alone: Bash(curl *) is pre-approved')
    const exclusion = (r: typeof alone): string | undefined => r.findings.find((f) => f.ruleId === 'context-exclusion-missing')?.message
    assert.match(exclusion(alone) ?? '', /covers `node_modules\/`, `\.next\/`, `dist\/`, `\*\.lock`, `\*\.png`, `\*\.jpg`, `\*\.pdf`, `\.env\*`: /)

    const r = await runUserAudit({ path: repo, machine: { home: p.home, env: { HOME: p.home }, managedRoot: p.managed, platform: 'linux', now: p.now } })
    assert.ok(!r.findings.map(line).includes(curl), 'managed settings deny Bash(curl *) for this user')
    assert.match(exclusion(r) ?? '', /covers `\.next\/`, `dist\/`, `\*\.lock`, `\*\.png`, `\*\.jpg`, `\*\.pdf`: /, 'the user deny rules cover node_modules and .env files')
    const managed = `${p.managed}/managed-settings.json`
    assert.deepEqual(r.machine.effective.settings, [
      { key: 'permissions.allow', shown: '["Bash(curl *)", "Bash(npm run test:*)"]', sources: ['.claude/settings.json'] },
      { key: 'permissions.defaultMode', shown: '"acceptEdits"', sources: ['.claude/settings.json'], overridden: ['~/.claude/settings.json'] },
      { key: 'permissions.deny', shown: '["Bash(curl *)", "Read(./.env)", "Read(./.env.*)", "Read(./node_modules/**)"]', sources: [managed, '~/.claude/settings.json'] },
      { key: 'sandbox.enabled', shown: 'true', sources: [managed] }
    ])
    assert.deepEqual(r.machine.effective.voidAllows, [{ rule: 'Bash(curl *)', file: '.claude/settings.json', deniedBy: 'Bash(curl *)', denyFile: managed }])
  } finally {
    p.cleanup()
  }
})

test('--user PATH: local-scope MCP servers of that project only, from ~/.claude.json', T, async () => {
  const p = plantHome()
  try {
    const repo = join(p.base, 'repo')
    write(repo, 'README.md', '# x\n')
    const cj = JSON.parse(readFileSync(join(p.home, '.claude.json'), 'utf8')) as { projects: Record<string, unknown> }
    cj.projects[realpathSync(repo)] = { mcpServers: { local: { command: 'npx', args: ['local-mcp'] } }, enabledMcpjsonServers: ['docs'], disabledMcpjsonServers: ['shell'] }
    write(p.home, '.claude.json', JSON.stringify(cj, null, 2) + '\n')
    const r = await runUserAudit({ path: repo, machine: { home: p.home, env: { HOME: p.home }, managedRoot: p.managed, platform: 'linux', now: p.now } })
    const mcp = r.findings.filter((f) => f.file === '~/.claude.json').map((f) => `${line(f)} ${f.message.split(' runs ')[0]}`)
    // The user-scope server and this project's; not the other project's server nor its token.
    assert.deepEqual(mcp, ['mcp-unpinned ~/.claude.json:9:5 MCP server files', 'mcp-unpinned ~/.claude.json:40:9 MCP server local'])
    assert.deepEqual(r.machine.projectServers, { approved: ['docs'], all: false, disabled: ['shell'] })
  } finally {
    p.cleanup()
  }
})

test('mergeSettings: scalars from the highest level, arrays concatenated once, fallbackModel whole, credentials never shown', () => {
  const settings = (path: string, text: string, scope: string) => {
    const s = buildSettings(parseJson(new SourceFile(path, text)))
    assert.ok(s)
    return { ...s, scope: scope as never }
  }
  const merged = mergeSettings([
    settings('~/.claude/settings.json', '{ "model": "a", "permissions": { "allow": ["Read", "Edit"] }, "fallbackModel": ["x", "y"], "env": { "TOKEN": "abc" }, "apiKeyHelper": "vault read k" }', 'user'),
    settings('.claude/settings.json', '{ "model": "b", "permissions": { "allow": ["Edit", "Bash(ls)"] }, "fallbackModel": ["z"] }', 'project'),
    settings('/etc/claude-code/managed-settings.json', '{ "permissions": { "deny": ["Bash"] } }', 'managed')
  ])
  assert.deepEqual(merged.settings, [
    { key: 'apiKeyHelper', shown: '(set)', sources: ['~/.claude/settings.json'] },
    { key: 'env.TOKEN', shown: '(set)', sources: ['~/.claude/settings.json'] },
    { key: 'fallbackModel', shown: '["z"]', sources: ['.claude/settings.json'], overridden: ['~/.claude/settings.json'] },
    { key: 'model', shown: '"b"', sources: ['.claude/settings.json'], overridden: ['~/.claude/settings.json'] },
    { key: 'permissions.allow', shown: '["Edit", "Bash(ls)", "Read"]', sources: ['.claude/settings.json', '~/.claude/settings.json'] },
    { key: 'permissions.deny', shown: '["Bash"]', sources: ['/etc/claude-code/managed-settings.json'] }
  ])
  assert.deepEqual(merged.voidAllows, [{ rule: 'Bash(ls)', file: '.claude/settings.json', deniedBy: 'Bash', denyFile: '/etc/claude-code/managed-settings.json' }])
})

test('--user: managed-settings.d files merge after the main managed file, and outrank user settings', { timeout: 120_000 }, async () => {
  const p = plantHome({}, { 'managed-settings.d/10-extra.json': '{ "permissions": { "deny": ["WebFetch"], "defaultMode": "default" } }\n' })
  try {
    const r = await runUserAudit({ machine: { home: p.home, env: { HOME: p.home }, managedRoot: p.managed, platform: 'linux', now: p.now } })
    const get = (k: string) => r.machine.effective.settings.find((s) => s.key === k)
    assert.deepEqual(get('permissions.deny')?.sources, [`${p.managed}/managed-settings.json`, `${p.managed}/managed-settings.d/10-extra.json`, '~/.claude/settings.json'])
    assert.deepEqual(get('permissions.defaultMode'), { key: 'permissions.defaultMode', shown: '"default"', sources: [`${p.managed}/managed-settings.d/10-extra.json`], overridden: ['~/.claude/settings.json'] })
  } finally {
    p.cleanup()
  }
})

test("--user PATH: managed allowManagedPermissionRulesOnly makes a project skill's allowed-tools grant nothing", T, async () => {
  const run = async (managed: object): Promise<{ severity: string; message: string }[]> => {
    const p = plantHome({ '.claude/settings.json': USER_SETTINGS }, { 'managed-settings.json': JSON.stringify(managed) + '\n' })
    try {
      const repo = join(p.base, 'repo')
      write(repo, '.claude/settings.json', '{}\n')
      write(repo, '.claude/skills/deploy/SKILL.md', '---\nname: deploy\ndescription: deploy\nallowed-tools: Bash\n---\nDeploy.\n')
      const r = await runUserAudit({ path: repo, machine: { home: p.home, env: { HOME: p.home }, managedRoot: p.managed, platform: 'linux', now: p.now } })
      return r.findings.filter((f) => f.ruleId === 'dangerous-commands-unguarded').map((f) => ({ severity: f.severity, message: f.message }))
    } finally {
      p.cleanup()
    }
  }
  const granted = await run({})
  assert.equal(granted.length, 1)
  assert.equal(granted[0]?.severity, 'high')
  assert.match(granted[0]?.message ?? '', /either: `Bash` in the `allowed-tools` of skill \.claude\/skills\/deploy\/SKILL\.md pre-approves them while it runs$/)
  const ignored = await run({ allowManagedPermissionRulesOnly: true })
  assert.equal(ignored.length, 1)
  assert.equal(ignored[0]?.severity, 'low')
  assert.match(ignored[0]?.message ?? '', /today each still needs a person's approval/)
})
