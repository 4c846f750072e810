/**
 * The configuration file is read like every other repository file: a
 * committed `.claude-code-audit.yml` that is a link to `/dev/zero` or to a
 * file outside the repository, or a FIFO, is refused at once with exit 2 and a
 * message that never quotes the target's content. An explicit `--config`
 * outside the repository is the user's own file: read, but only when it is a
 * regular file under the size cap. Run through the CLI (from source) with a
 * generous time limit, so a read that never ends fails the test.
 */
import { after, test } from 'node:test'
import assert from 'node:assert/strict'
import { spawnSync } from 'node:child_process'
import { existsSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'

const CLI = resolve('src/cli.ts')
const dirs: string[] = []
after(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true })
})

function repo(): string {
  const d = mkdtempSync(join(tmpdir(), 'cca-config-'))
  dirs.push(d)
  writeFileSync(join(d, 'CLAUDE.md'), '# Project\n')
  return d
}

function cli(args: string[]): { code: number | null; out: string; err: string } {
  const r = spawnSync(process.execPath, ['--import', 'tsx', CLI, ...args, '--format', 'json', '--fail-on', 'never'], {
    encoding: 'utf8',
    timeout: 120_000,
    maxBuffer: 64 * 1024 * 1024
  })
  return { code: r.status, out: r.stdout, err: r.stderr }
}

/** An outside file whose only key is a value that must not appear in any message. */
function outsideSecretFile(): { path: string; secret: string } {
  const d = mkdtempSync(join(tmpdir(), 'cca-config-outside-'))
  dirs.push(d)
  const secret = 'planted_outside_key_7f3a9c'
  const path = join(d, 'credentials')
  writeFileSync(path, `${secret}: hunter2\n`)
  return { path, secret }
}

test('a committed .claude-code-audit.yml linked to a file outside the repository is refused without quoting it', () => {
  const root = repo()
  const { path, secret } = outsideSecretFile()
  symlinkSync(path, join(root, '.claude-code-audit.yml'))
  const r = cli([root])
  assert.equal(r.code, 2, r.err)
  assert.equal(r.err.includes(secret), false, r.err)
  assert.equal(r.out.includes(secret), false)
  assert.match(r.err, /Cannot read configuration file '.*\.claude-code-audit\.yml': symbolic link leaves the repository \(not followed\)\./)
})

test('a committed .claude-code-audit.yml linked to /dev/zero is refused at once', { skip: !existsSync('/dev/zero') }, () => {
  const root = repo()
  symlinkSync('/dev/zero', join(root, '.claude-code-audit.yml'))
  const r = cli([root])
  assert.equal(r.code, 2, r.err)
  assert.match(r.err, /symbolic link leaves the repository/)
})

test('a FIFO as .claude-code-audit.yml is refused, not waited on', { skip: process.platform === 'win32' }, () => {
  const root = repo()
  spawnSync('mkfifo', [join(root, '.claude-code-audit.yml')])
  const r = cli([root])
  assert.equal(r.code, 2, r.err)
  assert.match(r.err, /Cannot read configuration file '.*': not a regular file\./)
})

test('--config inside the repository follows the same rules', () => {
  const root = repo()
  const { path, secret } = outsideSecretFile()
  symlinkSync(path, join(root, 'audit.yml'))
  const r = cli([root, '--config', join(root, 'audit.yml')])
  assert.equal(r.code, 2, r.err)
  assert.equal(r.err.includes(secret), false, r.err)
  assert.match(r.err, /symbolic link leaves the repository/)
})

test('--config outside the repository: a regular file is read; a device or an oversized file is refused', () => {
  const root = repo()
  const d = mkdtempSync(join(tmpdir(), 'cca-config-own-'))
  dirs.push(d)
  writeFileSync(join(d, 'own.yml'), 'min-severity: info\nrules:\n  claude-md-too-long: off\n')
  const ok = cli([root, '--config', join(d, 'own.yml')])
  assert.equal(ok.code, 0, ok.err)
  assert.equal(JSON.parse(ok.out).version, 1)

  writeFileSync(join(d, 'big.yml'), `# ${'x'.repeat(2 * 1024 * 1024)}\n`)
  const big = cli([root, '--config', join(d, 'big.yml')])
  assert.equal(big.code, 2)
  assert.match(big.err, /Cannot read configuration file '.*big\.yml': it is over 1 MiB\./)

  if (existsSync('/dev/zero')) {
    symlinkSync('/dev/zero', join(d, 'zero.yml'))
    const zero = cli([root, '--config', join(d, 'zero.yml')])
    assert.equal(zero.code, 2)
    assert.match(zero.err, /Cannot read configuration file '.*zero\.yml': not a regular file\./)
  }
})

test('action: config and baseline inputs naming committed links out of the workspace are refused unread', async () => {
  const { FakeGitHub } = await import('../action/fake-github.js')
  const { HAVE_BUNDLE, BUNDLE, cleanup, makeRepo, runAction } = await import('../action/harness.js')
  assert.ok(HAVE_BUNDLE, `${BUNDLE} is missing: run npm run build first`)
  const gh = await new FakeGitHub().start()
  try {
    const workspace = makeRepo(1)
    const { path, secret } = outsideSecretFile()
    symlinkSync(path, join(workspace, 'audit.yml'))
    const config = await runAction({ event: 'push.json', eventName: 'push', workspace, apiUrl: gh.url, inputs: { config: 'audit.yml' } })
    assert.equal(config.code, 1)
    assert.equal((config.stdout + config.stderr).includes(secret), false)
    assert.match(config.stdout, /::error::Input config 'audit\.yml': it leaves the workspace through a symbolic link \(not followed\)\./)

    if (existsSync('/dev/zero')) {
      symlinkSync('/dev/zero', join(workspace, 'baseline.json'))
      const baseline = await runAction({ event: 'push.json', eventName: 'push', workspace, apiUrl: gh.url, inputs: { baseline: 'baseline.json' }, timeoutMs: 120_000 })
      assert.equal(baseline.code, 1)
      assert.match(baseline.stdout, /::error::Input baseline 'baseline\.json': it leaves the workspace/)
    }
  } finally {
    await gh.stop()
    cleanup()
  }
})
