/**
 * The CLI's own switches, run from source (node --import tsx src/cli.ts) so the
 * test does not depend on a fresh dist/.
 */
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { spawnSync } from 'node:child_process'
import { mkdirSync, rmSync, writeFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { writeFixture, gitCommit } from './rules/harness.js'

const CLI = resolve('src/cli.ts')

function cli(args: string[], env: NodeJS.ProcessEnv = {}): { code: number | null; out: string; err: string } {
  const r = spawnSync(process.execPath, ['--import', 'tsx', CLI, ...args], {
    encoding: 'utf8',
    env: { ...process.env, CLAUDE_CODE_AUDIT_TIMING: '', ...env }
  })
  return { code: r.status, out: r.stdout, err: r.stderr }
}

test('--untracked also audits untracked files outside the configuration folders', () => {
  const dir = writeFixture({ 'CLAUDE.md': '# Project\n' })
  try {
    gitCommit(dir, true)
    mkdirSync(join(dir, 'pkg'))
    writeFileSync(join(dir, 'pkg/CLAUDE.md'), Array.from({ length: 600 }, (_, i) => `- rule ${i}`).join('\n') + '\n')
    const long = (args: string[]): string[] => {
      const r = cli([dir, '--format', 'json', '--fail-on', 'never', '--min-severity', 'info', ...args])
      assert.equal(r.code, 0, r.err)
      return (JSON.parse(r.out) as { findings: { ruleId: string; file: string }[] }).findings
        .filter((f) => f.ruleId === 'claude-md-too-long')
        .map((f) => f.file)
    }
    assert.deepEqual(long([]), [], 'an untracked nested memory file is not listed by default')
    assert.deepEqual(long(['--untracked']), ['pkg/CLAUDE.md'])
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
})

test('CLAUDE_CODE_AUDIT_TIMING prints phases and the slowest rules on stderr, not in the report', () => {
  const r = cli(['examples/insecure-repo', '--format', 'json', '--fail-on', 'never'], { CLAUDE_CODE_AUDIT_TIMING: '3' })
  assert.equal(r.code, 0, r.err)
  for (const phase of ['startup', 'config', 'discover', 'model', 'rules']) assert.match(r.err, new RegExp(`phase:${phase} +\\d+\\.\\d ms`))
  const rules = r.err.split('Slowest rules:\n')[1]?.trim().split('\n') ?? []
  assert.equal(rules.length, 3)
  assert.ok(!r.out.includes('phase:'))
  JSON.parse(r.out)
})
