/**
 * The file listing the launcher starts before the CLI bundle loads (src/file-listing.ts,
 * src/cli-options.ts): which arguments start it, that discovery takes it over for the same
 * root only, and that the bundled CLI then locates the repository once.
 */
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { spawnSync } from 'node:child_process'
import { existsSync, readFileSync, realpathSync, rmSync, writeFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { writeFixture, gitCommit } from './rules/harness.js'
import { plainAuditRoot } from '../src/cli-options.js'
import { startListingEarly, takeListing } from '../src/file-listing.js'
import { discover } from '../src/discover.js'

test('a plain repository audit names its root; other commands, help, --user, --diff-base and bad arguments name none', () => {
  const dir = writeFixture({ 'CLAUDE.md': '# x\n' })
  try {
    const real = realpathSync.native(dir)
    assert.equal(plainAuditRoot([dir]), real)
    assert.equal(plainAuditRoot([dir, '--format', 'json', '--fail-on', 'never', '--untracked']), real)
    assert.equal(plainAuditRoot(['--verify-hooks=claude', dir]), real)
    for (const argv of [
      ['merge', dir],
      ['init', dir],
      ['fix', dir],
      [dir, '--help'],
      [dir, '--version'],
      [dir, '--list-rules'],
      [dir, '--user'],
      [dir, '--diff-base', 'main'],
      [dir, dir],
      [dir, '--no-such-option'],
      [join(dir, 'CLAUDE.md')],
      [join(dir, 'missing')]
    ])
      assert.equal(plainAuditRoot(argv), undefined, argv.join(' '))
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
})

test('discovery takes over a listing started for its root, once; another root is listed afresh', async () => {
  const a = writeFixture({ 'a.md': 'a\n', '.claude/settings.json': '{}\n' })
  const b = writeFixture({ 'b.md': 'b\n' })
  try {
    gitCommit(a, true)
    gitCommit(b, true)
    const ra = realpathSync.native(a)
    const rb = realpathSync.native(b)
    startListingEarly(ra)
    const slot = (globalThis as Record<symbol, { cached: Promise<string | undefined> } | undefined>)[Symbol.for('claude-code-audit.file-listing')]
    assert.ok(slot, 'the started listing waits in its slot')
    const taken = takeListing(ra)
    assert.equal(taken.cached, slot.cached, 'the same running command is taken over')
    assert.equal((globalThis as Record<symbol, unknown>)[Symbol.for('claude-code-audit.file-listing')], undefined, 'taken once')
    assert.equal(await taken.cached, '.claude/settings.json\0a.md\0')
    // Started for one root, asked for another: not used.
    startListingEarly(ra)
    const other = takeListing(rb)
    assert.equal(other.root, rb)
    assert.equal(await other.cached, 'b.md\0')
    // And the audit of the root it was started for lists what is there.
    startListingEarly(ra)
    const files = await discover(a)
    assert.deepEqual(files.paths, ['.claude/settings.json', 'a.md'])
    assert.equal(files.git, true)
    // The launcher's listing also asked for the origin remote (none here); a listing started afresh did not.
    assert.ok(files.origin, 'the origin remote was asked for with the listing')
    assert.equal(await files.origin, undefined)
    assert.equal((await discover(b)).origin, undefined)
  } finally {
    rmSync(a, { recursive: true, force: true })
    rmSync(b, { recursive: true, force: true })
  }
})

const CLI = resolve('dist/cli.cjs')
test('the bundled CLI locates the repository once: the listing the launcher started is what discovery uses', { skip: !existsSync(CLI) && 'dist/cli.cjs not built' }, () => {
  const dir = writeFixture({
    'CLAUDE.md': '# Project\n',
    '.mcp.json': '{"mcpServers": {"x": {"command": "npx", "args": ["-y", "pkg"]}}}\n',
    '.github/workflows/claude.yml': 'on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - run: claude -p hi\n'
  })
  const log = join(dir, 'spawns.txt')
  const preload = join(dir, 'preload.cjs')
  writeFileSync(
    preload,
    `const cp = require('node:child_process'); const fs = require('node:fs'); const spawn = cp.spawn; const spawnSync = cp.spawnSync
// Each git command, marked L when the launcher started it (the bundle is not on the stack) and B when the bundle did.
const note = (args) => fs.appendFileSync(${JSON.stringify(log)}, (new Error().stack.includes('cli/index.cjs') ? 'B ' : 'L ') + (args || []).join(' ') + '\\n')
cp.spawn = function (file, args, ...rest) { note(args); return spawn.call(this, file, args, ...rest) }
cp.spawnSync = function (file, args, ...rest) { note(args); return spawnSync.call(this, file, args, ...rest) }
`
  )
  try {
    gitCommit(dir, ['CLAUDE.md', '.mcp.json', '.github/workflows/claude.yml'])
    const r = spawnSync(process.execPath, ['--require', preload, CLI, dir, '--format', 'json', '--fail-on', 'never'], { encoding: 'utf8' })
    assert.equal(r.status, 0, r.stderr)
    assert.ok(JSON.parse(r.stdout).findings.some((f: { ruleId: string }) => f.ruleId === 'mcp-unpinned'), 'the repository was audited')
    const commands = readFileSync(log, 'utf8').split('\n').filter(Boolean)
    const locate = commands.filter((c) => c.includes(' rev-parse --absolute-git-dir --show-toplevel'))
    const index = commands.filter((c) => c.endsWith(' ls-files -z --cached'))
    const origin = commands.filter((c) => c.endsWith(' config --get remote.origin.url'))
    assert.deepEqual([locate.length, index.length, origin.length], [1, 1, 1], commands.join('\n'))
    assert.ok([locate[0], index[0], origin[0]].every((c) => c.startsWith('L ')), `started by the launcher:\n${commands.join('\n')}`)
    assert.ok(commands.some((c) => c.startsWith('B ')), 'the bundle ran git too (the log tells the two apart)')
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
})
