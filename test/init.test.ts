import { test } from 'node:test'
import assert from 'node:assert/strict'
import { spawnSync } from 'node:child_process'
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, realpathSync, rmSync, statSync, symlinkSync, writeFileSync, chmodSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { parse } from 'jsonc-parser'
import { runAudit } from '../src/audit.js'
import { targetInside } from '../src/discover.js'
import {
  COMMAND_DENY_RULES,
  HOOKS,
  HOOK_KEYS,
  hookCommand,
  parseHookList,
  renderInit,
  runInit,
  templatesDir
} from '../src/init.js'
import { CORPUS, HAVE_CORPUS } from './fix/helpers.js'

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..')

function repo(files: Record<string, string> = { 'CLAUDE.md': '# Project\n' }): string {
  const dir = mkdtempSync(join(tmpdir(), 'cca-init-'))
  for (const [p, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, p)), { recursive: true })
    writeFileSync(join(dir, p), text)
  }
  return dir
}

interface Handler {
  type: string
  command: string
  timeout?: number
}
interface Settings {
  hooks: Record<string, { matcher?: string; hooks: Handler[] }[]>
  permissions: Record<string, string[]>
  [key: string]: unknown
}

const settingsOf = (dir: string): Settings =>
  parse(readFileSync(join(dir, '.claude/settings.json'), 'utf8')) as Settings

const HOOK_RULES = [
  'context-exclusion-missing',
  'dangerous-commands-unguarded',
  'no-session-log-hook',
  'no-notification-hook',
  'hook-fail-open',
  'hook-script-missing',
  'hook-unregistered',
  'hook-command-injection',
  'hook-outside-repo',
  'machine-specific-path',
  'invalid-config'
]

test('templatesDir: finds templates/hooks next to the source (and dist/templates/hooks in the bundle)', () => {
  assert.equal(templatesDir(), join(ROOT, 'templates', 'hooks'))
  for (const k of HOOK_KEYS) assert.ok(existsSync(join(templatesDir(), HOOKS[k].file)), k)
})

test('init: installs every hook, registers it, adds deny rules; the audit then finds nothing it covers', async () => {
  const dir = repo()
  try {
    const r = runInit({ root: dir })
    assert.ok(r.written)
    for (const k of HOOK_KEYS) {
      const dest = join(dir, '.claude/hooks', HOOKS[k].file)
      assert.equal(readFileSync(dest, 'utf8'), readFileSync(join(templatesDir(), HOOKS[k].file), 'utf8'))
      assert.ok((statSync(dest).mode & 0o111) !== 0, `${k} executable`)
    }
    const s = settingsOf(dir)
    assert.deepEqual(s.hooks.PreToolUse, [
      { matcher: '*', hooks: [{ type: 'command', command: 'node "$CLAUDE_PROJECT_DIR"/.claude/hooks/cost-gate.mjs' }] },
      {
        matcher: '*',
        hooks: [{ type: 'command', command: 'node "$CLAUDE_PROJECT_DIR"/.claude/hooks/daily-ceiling.mjs' }]
      },
      {
        matcher: 'Bash',
        hooks: [{ type: 'command', command: 'node "$CLAUDE_PROJECT_DIR"/.claude/hooks/dangerous-command-guard.mjs' }]
      }
    ])
    assert.deepEqual(s.hooks.SessionEnd, [
      { hooks: [{ type: 'command', command: hookCommand('session-log.mjs'), timeout: 10 }] }
    ])
    assert.deepEqual(s.hooks.Notification, [
      { hooks: [{ type: 'command', command: hookCommand('notify.mjs'), timeout: 10 }] }
    ])
    for (const rule of [
      'Read(./.env)',
      'Read(./.env.*)',
      'Read(node_modules/**)',
      'Read(dist/**)',
      'Read(**/*.lock)',
      ...COMMAND_DENY_RULES
    ]) {
      assert.ok(s.permissions.deny.includes(rule), rule)
    }
    const audit = await runAudit({ root: dir, minSeverity: 'info' })
    const left = audit.findings.filter((f) => HOOK_RULES.includes(f.ruleId))
    assert.deepEqual(
      left.map((f) => `${f.ruleId}: ${f.message}`),
      []
    )
    const text = renderInit(r, false)
    assert.ok(
      text.startsWith('Changed:\n  created .claude/settings.json\n  created .claude/hooks/cost-gate.mjs (executable)\n')
    )
    assert.match(text, /registered PreToolUse \(Bash\) hook dangerous-command-guard\.mjs/)
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
})

test('init: idempotent — a second run changes nothing', () => {
  const dir = repo()
  try {
    runInit({ root: dir })
    const before = readFileSync(join(dir, '.claude/settings.json'), 'utf8')
    const r = runInit({ root: dir })
    assert.deepEqual(r.changes, [])
    assert.deepEqual(r.files, [])
    assert.equal(r.written, false)
    assert.equal(readFileSync(join(dir, '.claude/settings.json'), 'utf8'), before)
    assert.equal(renderInit(r, false), 'Nothing to change: the hooks and deny rules are already in place.\n')
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
})

test('init: merges into existing settings, keeping comments, formatting and every entry; adds only what is missing', () => {
  const original = [
    '{',
    '    // Team settings: keep the model pinned.',
    '    "model": "claude-sonnet-4-6",',
    '    "permissions": {',
    '        "allow": ["Bash(npm test)"],',
    '        "deny": ["Read(.env*)", "Bash(rm -rf *)"] /* reviewed */',
    '    },',
    '    "hooks": {',
    '        "PreToolUse": [',
    '            { "matcher": "Bash", "hooks": [ { "type": "command", "command": "node \\"$CLAUDE_PROJECT_DIR\\"/.claude/hooks/dangerous-command-guard.mjs" } ] }',
    '        ],',
    '        "Stop": [ { "hooks": [ { "type": "command", "command": "echo done" } ] } ]',
    '    }',
    '}',
    ''
  ].join('\n')
  const dir = repo({ '.claude/settings.json': original })
  try {
    const r = runInit({ root: dir, hooks: ['guard', 'log'] })
    const text = readFileSync(join(dir, '.claude/settings.json'), 'utf8')
    assert.ok(text.startsWith('{\n    // Team settings: keep the model pinned.\n    "model": "claude-sonnet-4-6",\n'))
    assert.match(text, /\/\* reviewed \*\//)
    const s = parse(text) as Settings
    assert.equal(s.model, 'claude-sonnet-4-6')
    assert.deepEqual(s.permissions.allow, ['Bash(npm test)'])
    assert.deepEqual(s.permissions.deny.slice(0, 2), ['Read(.env*)', 'Bash(rm -rf *)'])
    // Read(.env*) already covers .env and .env.local; Bash(rm -rf *) is there.
    assert.ok(!s.permissions.deny.includes('Read(./.env)'))
    assert.ok(!s.permissions.deny.includes('Read(./.env.*)'))
    assert.equal(s.permissions.deny.filter((d) => d === 'Bash(rm -rf *)').length, 1)
    assert.ok(s.permissions.deny.includes('Read(node_modules/**)'))
    // The guard was registered already: not twice. The Stop hook stays; SessionEnd is added.
    assert.equal(s.hooks.PreToolUse.length, 1)
    assert.deepEqual(s.hooks.Stop, [{ hooks: [{ type: 'command', command: 'echo done' }] }])
    assert.equal(s.hooks.SessionEnd[0].hooks[0].command, hookCommand('session-log.mjs'))
    assert.ok(!existsSync(join(dir, '.claude/hooks/cost-gate.mjs')))
    assert.ok(existsSync(join(dir, '.claude/hooks/dangerous-command-guard.mjs')))
    assert.ok(!r.changes.some((c) => /registered PreToolUse/.test(c)))
    // New lines use the file's four-space indentation.
    assert.match(text, /\n {8}"SessionEnd": \[\n {12}\{\n {16}"hooks": \[/)
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
})

test('init: on a real corpus settings file, existing content is kept and the result parses', (t) => {
  if (!HAVE_CORPUS) return t.skip('../shared/corpus is not available')
  for (const name of ['disler__claude-code-hooks-mastery', '45ck__noslop', 'bitwarden__android']) {
    const original = readFileSync(join(CORPUS, name, '.claude/settings.json'), 'utf8')
    const dir = repo({ '.claude/settings.json': original })
    try {
      runInit({ root: dir })
      const before = parse(original) as Partial<Settings>
      const after = settingsOf(dir)
      for (const [k, v] of Object.entries(before)) {
        if (k === 'hooks' || k === 'permissions') continue
        assert.deepEqual(after[k], v, `${name}: ${k}`)
      }
      for (const [event, groups] of Object.entries(before.hooks ?? {})) {
        assert.deepEqual(after.hooks[event].slice(0, groups.length), groups, `${name}: hooks.${event}`)
      }
      for (const list of ['allow', 'ask', 'deny']) {
        const b = (before.permissions?.[list] ?? []) as string[]
        assert.deepEqual((after.permissions?.[list] ?? []).slice(0, b.length), b, `${name}: ${list}`)
      }
      assert.deepEqual(runInit({ root: dir }).changes, [], `${name}: idempotent`)
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  }
})

test('init --dry-run writes nothing and shows the settings diff', () => {
  const dir = repo()
  try {
    const r = runInit({ root: dir, dryRun: true, hooks: ['notify'] })
    assert.equal(r.written, false)
    assert.ok(!existsSync(join(dir, '.claude')))
    const text = renderInit(r, true)
    assert.match(text, /^Would make these changes \(dry run, nothing written\):/)
    assert.match(text, /created \.claude\/hooks\/notify\.mjs/)
    assert.match(text, /--- \/dev\/null\n\+\+\+ b\/\.claude\/settings\.json\n@@ -0,0 \+1,\d+ @@\n\+\{/)
    assert.ok(!text.includes('+#!/usr/bin/env node'), 'scripts are listed, not diffed')
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
})

test('init: keeps a hook script someone changed, repairs a lost executable bit, refuses broken settings', () => {
  const dir = repo()
  try {
    runInit({ root: dir, hooks: ['guard', 'log'] })
    writeFileSync(join(dir, '.claude/hooks/dangerous-command-guard.mjs'), '// ours\n')
    chmodSync(join(dir, '.claude/hooks/session-log.mjs'), 0o644)
    const r = runInit({ root: dir, hooks: ['guard', 'log'] })
    assert.equal(readFileSync(join(dir, '.claude/hooks/dangerous-command-guard.mjs'), 'utf8'), '// ours\n')
    assert.ok(
      r.notes.some((n) => /kept \.claude\/hooks\/dangerous-command-guard\.mjs: it differs from the template/.test(n))
    )
    assert.deepEqual(r.changes, ['made .claude/hooks/session-log.mjs executable'])
    assert.ok((statSync(join(dir, '.claude/hooks/session-log.mjs')).mode & 0o111) !== 0)
    writeFileSync(join(dir, '.claude/settings.json'), '{ "permissions": { "deny": ["Read(.env)",] } }')
    assert.throws(
      () => runInit({ root: dir }),
      (e: Error) => e.name === 'UsageError' && /not valid JSON/.test(e.message)
    )
    assert.ok(!existsSync(join(dir, '.claude/hooks/cost-gate.mjs')))
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
})

test('parseHookList: names, all, none; anything else is a usage error', () => {
  assert.deepEqual(parseHookList(undefined), HOOK_KEYS)
  assert.deepEqual(parseHookList('notify, guard'), ['guard', 'notify'])
  assert.deepEqual(parseHookList('all'), HOOK_KEYS)
  assert.deepEqual(parseHookList('none'), [])
  assert.throws(() => parseHookList('guard,bogus'), /Invalid --hooks 'guard,bogus'/)
})

test('init: the registered commands run the installed hooks the way Claude Code does', () => {
  const dir = repo()
  try {
    runInit({ root: dir, hooks: ['guard'] })
    const s = settingsOf(dir)
    const command = s.hooks.PreToolUse[0].hooks[0].command
    const payload = JSON.stringify({
      session_id: 's',
      transcript_path: '/t',
      cwd: dir,
      hook_event_name: 'PreToolUse',
      tool_name: 'Bash',
      tool_input: { command: 'rm -rf /' },
      tool_use_id: 't'
    })
    const r = spawnSync('/bin/sh', ['-c', command], {
      input: payload,
      env: { PATH: process.env.PATH, CLAUDE_PROJECT_DIR: dir },
      cwd: '/'
    })
    assert.equal(r.status, 2, r.stderr.toString())
    assert.match(r.stderr.toString(), /recursive force delete/)
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
})

test('cli: init and fix subcommands', () => {
  const dir = repo()
  try {
    const cli = (...args: string[]) =>
      spawnSync(process.execPath, ['--import', 'tsx', join(ROOT, 'src/cli.ts'), ...args], {
        cwd: ROOT,
        encoding: 'utf8'
      })
    const dry = cli('init', dir, '--hooks', 'guard,log', '--dry-run')
    assert.equal(dry.status, 0, dry.stderr)
    assert.match(dry.stdout, /Would make these changes/)
    assert.ok(!existsSync(join(dir, '.claude')))
    const bad = cli('init', dir, '--hooks', 'everything')
    assert.equal(bad.status, 2)
    assert.match(bad.stderr, /Invalid --hooks 'everything'/)
    const real = cli('init', dir, '--hooks', 'guard')
    assert.equal(real.status, 0, real.stderr)
    assert.match(real.stdout, /^Changed:/)
    const fix = cli('fix', dir, '--dry-run')
    assert.equal(fix.status, 0, fix.stderr)
    assert.match(fix.stdout, /Nothing to fix automatically|Would change/)
    const badFix = cli('fix', dir, '--max-turns', 'many')
    assert.equal(badFix.status, 2)
    assert.match(badFix.stderr, /Invalid --max-turns 'many'/)
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
})

test('init and fix never write through a link that leaves the repository', async () => {
  const outside = mkdtempSync(join(tmpdir(), 'cca-out-'))
  const repo = mkdtempSync(join(tmpdir(), 'cca-linked-claude-'))
  try {
    writeFileSync(join(outside, 'settings.json'), '{}\n')
    symlinkSync(outside, join(repo, '.claude'))
    assert.throws(() => runInit({ root: repo }), /\.claude\/hooks\/.*leaves the repository through a symbolic link/)
    assert.deepEqual(readdirSync(outside), ['settings.json'], 'nothing written outside')
    assert.throws(() => targetInside(repo, '.claude/settings.json'), /leaves the repository/)
    // A dangling link is refused too: writing would create its target.
    rmSync(join(repo, '.claude'))
    mkdirSync(join(repo, '.claude'))
    symlinkSync(join(outside, 'new.json'), join(repo, '.claude/settings.json'))
    assert.throws(() => targetInside(repo, '.claude/settings.json'), /leaves the repository/)
    // Ordinary paths, existing or not, resolve inside.
    assert.equal(targetInside(repo, 'a/b/c.json'), join(realpathSync(repo), 'a/b/c.json'))
    assert.equal(targetInside(repo, '.claude'), join(realpathSync(repo), '.claude'))
  } finally {
    rmSync(repo, { recursive: true, force: true })
    rmSync(outside, { recursive: true, force: true })
  }
})
