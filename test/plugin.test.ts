/**
 * The Claude Code plugin of this repository (.claude-plugin/, commands/, hooks/),
 * checked by the real client: `claude plugin validate --strict` at the version
 * package.json pins (scripts/claude-client.mjs installs it on first use).
 */
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { spawnSync } from 'node:child_process'
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { tmpdir } from 'node:os'

// @ts-expect-error -- a plain ES module script without types
import { claudeClient } from '../scripts/claude-client.mjs'

const CLAUDE: string = claudeClient()

function validate(path: string): { status: number | null; out: string } {
  const r = spawnSync(CLAUDE, ['plugin', 'validate', '--strict', path], {
    encoding: 'utf8',
    timeout: 120_000,
    // No account, no network: validation is local. A private HOME keeps the user's settings out.
    env: { PATH: process.env.PATH ?? '', HOME: mkdtempSync(join(tmpdir(), 'cca-plugin-home-')), CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC: '1' }
  })
  return { status: r.status, out: `${r.stdout}${r.stderr}` }
}

test('the marketplace and its plugin pass `claude plugin validate --strict`', () => {
  const r = validate('.')
  assert.equal(r.status, 0, r.out)
  assert.match(r.out, /Validation passed/)
  // What the plugin provides, as the client lists it.
  assert.match(r.out, /commands: setup-audit:audit/)
  for (const hook of ['cost-gate', 'daily-ceiling', 'dangerous-command-guard', 'session-log', 'notify']) {
    assert.match(r.out, new RegExp(`templates/hooks/${hook}\\.mjs`), `${hook} is not provided`)
  }
})

test('every plugin hook runs a script that ships with the plugin', () => {
  const hooks = JSON.parse(readFileSync('hooks/hooks.json', 'utf8')) as {
    hooks: Record<string, { hooks: { command: string }[] }[]>
  }
  const scripts: string[] = []
  for (const groups of Object.values(hooks.hooks)) {
    for (const g of groups) for (const h of g.hooks) {
      const m = /\$\{CLAUDE_PLUGIN_ROOT\}\/([^"]+)"/.exec(h.command)
      assert.ok(m, `hook command does not run a file of the plugin: ${h.command}`)
      scripts.push(m[1])
    }
  }
  assert.deepEqual(scripts.sort(), [
    'templates/hooks/cost-gate.mjs',
    'templates/hooks/daily-ceiling.mjs',
    'templates/hooks/dangerous-command-guard.mjs',
    'templates/hooks/notify.mjs',
    'templates/hooks/session-log.mjs'
  ])
  for (const s of scripts) assert.ok(existsSync(s), `${s} is missing`)
})

test('a plugin with a reserved name fails validation (the check can fail)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'cca-plugin-bad-'))
  mkdirSync(join(dir, '.claude-plugin'))
  writeFileSync(join(dir, '.claude-plugin', 'plugin.json'), JSON.stringify({ name: 'claude-code', version: '0.0.1' }))
  const r = validate(dir)
  assert.notEqual(r.status, 0, r.out)
  assert.match(r.out, /reserved/)
})
