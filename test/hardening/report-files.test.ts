/**
 * Report files are written only to real paths: never through a link the
 * audited checkout holds in their place (a committed `claude-code-audit.sarif`
 * pointing outside the workspace) or on their path, and for the action only
 * inside the workspace or RUNNER_TEMP. A path whose folder cannot be made
 * (`/proc/nope/x.json`) fails at once with exit 2 instead of looping.
 */
import { after, afterEach, before, beforeEach, test } from 'node:test'
import assert from 'node:assert/strict'
import { spawnSync } from 'node:child_process'
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync, linkSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { FakeGitHub } from '../action/fake-github.js'
import { BUNDLE, HAVE_BUNDLE, cleanup, makeRepo, runAction } from '../action/harness.js'
import { writeReportFile } from '../../src/report-file.js'

const CLI = resolve('src/cli.ts')
const dirs: string[] = []
const tempDir = (): string => {
  const d = mkdtempSync(join(tmpdir(), 'cca-report-file-'))
  dirs.push(d)
  return d
}

function cli(args: string[]): { code: number | null; err: string } {
  // Generous: a looping mkdir would be stopped here and fail the status check.
  const r = spawnSync(process.execPath, ['--import', 'tsx', CLI, ...args], { encoding: 'utf8', timeout: 120_000 })
  return { code: r.status, err: r.stderr }
}

let gh: FakeGitHub
before(() => assert.ok(HAVE_BUNDLE, `${BUNDLE} is missing: run npm run build first`))
beforeEach(async () => {
  gh = await new FakeGitHub().start()
})
afterEach(async () => {
  await gh.stop()
})
after(() => {
  cleanup()
  for (const d of dirs) rmSync(d, { recursive: true, force: true })
})

test('CLI --output under /proc/nope fails at once with exit 2', { skip: !existsSync('/proc/self') }, () => {
  const r = cli(['examples/insecure-repo', '--output', '/proc/nope/x.json'])
  assert.equal(r.code, 2, r.err)
  assert.equal(r.err, "claude-code-audit: Cannot write '/proc/nope/x.json': cannot create folder /proc/nope (ENOENT).\n")
})

test('CLI --output refuses a link in place of the file, and leaves its target alone', () => {
  const dir = tempDir()
  const outside = join(dir, 'outside.txt')
  writeFileSync(outside, 'keep\n')
  symlinkSync(outside, join(dir, 'report.json'))
  const r = cli(['examples/insecure-repo', '--format', 'json', '--fail-on', 'never', '--output', join(dir, 'report.json')])
  assert.equal(r.code, 2)
  assert.match(r.err, /it is a symbolic link \(not followed\)\.\n$/)
  assert.equal(readFileSync(outside, 'utf8'), 'keep\n')
})

test('a hard link in place of the report is replaced, not written through', () => {
  const dir = tempDir()
  const other = join(dir, 'other.txt')
  writeFileSync(other, 'keep\n')
  linkSync(other, join(dir, 'report.sarif'))
  writeReportFile(join(dir, 'report.sarif'), 'new\n', { within: [dir] })
  assert.equal(readFileSync(join(dir, 'report.sarif'), 'utf8'), 'new\n')
  assert.equal(readFileSync(other, 'utf8'), 'keep\n')
})

test('action: a committed link as sarif-file, a linked folder for json-file, and a path outside the workspace are not written', async () => {
  const workspace = makeRepo(1)
  const outsideDir = tempDir()
  const outside = join(outsideDir, 'outside')
  writeFileSync(outside, 'keep\n')
  symlinkSync(outside, join(workspace, 'claude-code-audit.sarif'))
  mkdirSync(join(outsideDir, 'linked'))
  symlinkSync(join(outsideDir, 'linked'), join(workspace, 'out'))
  const run = await runAction({
    event: 'push.json',
    eventName: 'push',
    workspace,
    apiUrl: gh.url,
    inputs: { 'json-file': 'out/report.json', 'fail-on': 'never' }
  })
  assert.equal(run.code, 0, run.stdout + run.stderr)
  assert.equal(readFileSync(outside, 'utf8'), 'keep\n')
  assert.equal(existsSync(join(outsideDir, 'linked', 'report.json')), false)
  const warnings = run.commands('warning').join('\n')
  assert.match(warnings, /SARIF file failed: claude-code-audit\.sarif was not written: it is a symbolic link \(not followed\)/)
  assert.match(warnings, /JSON report failed: out\/report\.json was not written: a folder on its path is a symbolic link/)
  assert.equal(run.outputs['sarif-file'], '')

  const escape = join(outsideDir, 'escape.json')
  const far = await runAction({
    event: 'push.json',
    eventName: 'push',
    workspace,
    apiUrl: gh.url,
    inputs: { 'sarif-file': '', 'json-file': escape, 'fail-on': 'never' }
  })
  assert.equal(far.code, 0, far.stdout + far.stderr)
  assert.equal(existsSync(escape), false)
  assert.match(far.commands('warning').join('\n'), /was not written: it is outside the workspace and RUNNER_TEMP/)
})

test('action: reports in the workspace are written, missing folders made', async () => {
  const workspace = makeRepo(1)
  const run = await runAction({
    event: 'push.json',
    eventName: 'push',
    workspace,
    apiUrl: gh.url,
    inputs: { 'json-file': 'deep/er/report.json', 'fail-on': 'never' }
  })
  assert.equal(run.code, 0, run.stdout + run.stderr)
  assert.equal((JSON.parse(readFileSync(join(workspace, 'deep/er/report.json'), 'utf8')) as { version: number }).version, 1)
  assert.ok(readFileSync(join(workspace, 'claude-code-audit.sarif'), 'utf8').includes('"2.1.0"'))
})
