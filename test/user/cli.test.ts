/**
 * `claude-code-audit --user` from the command line, on a planted home (HOME
 * and the environment of the child process): every format, exit status, and
 * no planted value or account field in any output.
 */
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { spawnSync } from 'node:child_process'
import { existsSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { plantHome } from './plant.js'

const CLI = resolve('src/cli.ts')

test('--user on the command line: all four formats, names only, exit 1 on high findings', { timeout: 300_000 }, (t) => {
  // The real managed folder of this machine would be read too; the planted one is injected in the API tests.
  if (existsSync('/etc/claude-code')) return t.skip('this machine has managed settings in /etc/claude-code')
  const p = plantHome()
  try {
    const run = (...args: string[]): { status: number | null; stdout: string; stderr: string } =>
      spawnSync(process.execPath, ['--import', 'tsx', CLI, '--user', ...args], {
        encoding: 'utf8',
        env: { ...p.env, NODE_OPTIONS: '', PATH: process.env.PATH ?? '/usr/bin' },
        timeout: 120_000
      })
    const outputs: Record<string, string> = {}
    for (const format of ['text', 'json', 'sarif', 'markdown']) {
      const r = run('--format', format)
      assert.equal(r.status, 1, `${format}: ${r.stderr}`)
      outputs[format] = r.stdout + r.stderr
    }
    assert.match(outputs.text, /^This machine$/m)
    assert.match(outputs.text, /Inherited credential variables: ANTHROPIC_API_KEY, AWS_ACCESS_KEY_ID, GITHUB_TOKEN$/m)
    assert.match(outputs.markdown, /^## This machine$/m)
    const json = JSON.parse(outputs.json) as { findings: { file: string | null }[]; machine: { filesRead: string[] } }
    assert.ok(json.findings.some((f) => f.file === '~/.aws/credentials'))
    assert.ok(json.machine.filesRead.includes('~/.claude.json'))
    for (const [format, out] of Object.entries(outputs)) {
      for (const v of [...p.secrets, ...p.account]) assert.ok(!out.includes(v), `${format} output shows a planted value (${v.slice(0, 6)}…)`)
      assert.ok(!out.includes(p.home), `${format} output names the home directory instead of ~`)
    }
    const bad = run('--history')
    assert.equal(bad.status, 2)
    assert.match(bad.stderr, /--history does not apply to --user/)
    // --user PATH: the repository as this user runs it.
    const withPath = run(join(p.base, 'managed'), '--format', 'json')
    assert.equal(withPath.status, 1, withPath.stderr)
  } finally {
    p.cleanup()
  }
})
