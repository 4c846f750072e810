/**
 * What an audit loads: the HTTP server (the fake Messages API of --verify-hooks) and
 * readline (the --history stream) are imported where used, so a plain audit does not pay
 * for loading them. Run from source (node --import tsx src/cli.ts), so no fresh dist/ is needed.
 */
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { spawnSync } from 'node:child_process'
import { createHash } from 'node:crypto'
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { writeFixture } from './rules/harness.js'

test('a plain audit loads neither node:http nor node:readline', () => {
  const dir = writeFixture({
    'CLAUDE.md': '# Project\n',
    '.claude/settings.json': '{"hooks": {"PreToolUse": [{"matcher": "Bash", "hooks": [{"type": "command", "command": "./guard.sh"}]}]}}\n',
    '.github/workflows/claude.yml': 'on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - run: claude -p hi\n'
  })
  const list = join(dir, 'modules.txt')
  const preload = join(dir, 'preload.cjs')
  writeFileSync(preload, `process.on('exit', () => require('node:fs').writeFileSync(${JSON.stringify(list)}, process.moduleLoadList.join('\\n')))\n`)
  try {
    const r = spawnSync(process.execPath, ['--require', preload, '--import', 'tsx', resolve('src/cli.ts'), dir, '--format', 'json', '--fail-on', 'never'], { encoding: 'utf8' })
    assert.equal(r.status, 0, r.stderr)
    const loaded = readFileSync(list, 'utf8').split('\n')
    assert.ok(loaded.includes('NativeModule fs'), 'the list is the process module list')
    assert.deepEqual(loaded.filter((m) => /^NativeModule (?:http|_http_server|readline)$/.test(m)), [])
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
})

const CLI = resolve('dist/cli.cjs')
// From the bundle: tsx itself runs its loader on a worker thread, so only the built CLI can show this.
test('the bundled CLI does not load node:worker_threads for a plain audit (the code thread is opt-in)', { skip: !existsSync(CLI) && 'dist/cli.cjs not built' }, () => {
  const dir = writeFixture({
    'agent.py': 'from claude_agent_sdk import query\nquery(prompt="hi")\n',
    '.github/workflows/claude.yml': 'on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - run: python agent.py\n'
  })
  const list = join(dir, 'modules.txt')
  const preload = join(dir, 'preload.cjs')
  writeFileSync(preload, `process.on('exit', () => require('node:fs').writeFileSync(${JSON.stringify(list)}, process.moduleLoadList.join('\\n')))\n`)
  try {
    const r = spawnSync(process.execPath, ['--require', preload, CLI, dir, '--format', 'json', '--fail-on', 'never'], { encoding: 'utf8', env: { ...process.env, CLAUDE_CODE_AUDIT_THREADS: '' } })
    assert.equal(r.status, 0, r.stderr)
    assert.ok(JSON.parse(r.stdout).findings.length > 0, 'the SDK script was audited')
    const loaded = readFileSync(list, 'utf8').split('\n')
    assert.ok(loaded.includes('NativeModule child_process'), 'the list is the process module list')
    assert.deepEqual(loaded.filter((m) => /^NativeModule worker_threads$/.test(m)), [])
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
})

test("the launchers carry the CLI bundle's SHA-1 (a start names its code cache without hashing the bundle)", { skip: !existsSync(CLI) && 'dist/cli.cjs not built' }, () => {
  const sha1 = createHash('sha1').update(readFileSync(resolve('dist/cli/index.cjs'))).digest('hex')
  assert.ok(readFileSync(CLI, 'utf8').includes(`"${sha1}"`), 'dist/cli.cjs')
  assert.ok(readFileSync(resolve('dist/cli.js'), 'utf8').includes(`"${sha1}"`), 'dist/cli.js')
})
