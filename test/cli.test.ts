/**
 * The CLI's own switches, run from source (node --import tsx src/cli.ts) so the
 * test does not depend on a fresh dist/.
 */
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { spawnSync } from 'node:child_process'
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { writeFixture, gitCommit } from './rules/harness.js'
import { RULES } from '../src/rules/index.js'
import { docsUrl } from '../src/rules/rule.js'

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

/** A committed repository with one medium and one low finding (a bare CLAUDE.md). */
function twoFindingRepo(files: Record<string, string> = {}): string {
  const dir = writeFixture({ 'CLAUDE.md': '# Project\n', ...files })
  gitCommit(dir, true)
  return dir
}

const verdictLine = (md: string): string | undefined => md.split('\n').find((l) => /^(❌|⚠️|✅) /.test(l))

test('--format markdown states the verdict of the threshold the exit status uses', () => {
  const dir = twoFindingRepo()
  try {
    const counts = JSON.parse(cli([dir, '--format', 'json', '--fail-on', 'never']).out) as { findings: { severity: string }[] }
    assert.deepEqual(counts.findings.map((f) => f.severity), ['medium', 'low'], 'the fixture has one medium and one low finding')
    const cases: [string[], number, string][] = [
      [[], 0, '⚠️ **Passed with findings**: 2 findings, none at or above `high`.'],
      [['--fail-on', 'medium'], 1, '❌ **Failed**: 1 finding at or above `medium` (2 in total).'],
      [['--fail-on', 'never'], 0, '⚠️ **Passed with findings**: 2 findings; `fail-on: never` never fails the run.'],
      [['--fail-on', 'info'], 1, '❌ **Failed**: 2 findings at or above `info` (2 in total).'],
      [['--fail-on', 'critical'], 0, '⚠️ **Passed with findings**: 2 findings, none at or above `critical`.']
    ]
    for (const [args, code, line] of cases) {
      const r = cli([dir, '--format', 'markdown', ...args])
      assert.equal(r.code, code, `${args.join(' ')}: ${r.err}`)
      assert.equal(verdictLine(r.out), line, args.join(' '))
    }
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
})

test('--format markdown with fail-on: never in the configuration passes with findings, and the flag still wins', () => {
  const dir = twoFindingRepo({ '.claude-code-audit.yml': 'fail-on: never\n' })
  try {
    const r = cli([dir, '--format', 'markdown'])
    assert.equal(r.code, 0, r.err)
    assert.equal(verdictLine(r.out), '⚠️ **Passed with findings**: 2 findings; `fail-on: never` never fails the run.')
    const flagged = cli([dir, '--format', 'markdown', '--fail-on', 'low'])
    assert.equal(flagged.code, 1, flagged.err)
    assert.equal(verdictLine(flagged.out), '❌ **Failed**: 2 findings at or above `low` (2 in total).')
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
})

test('--output creates missing folders, and a path it cannot write is a clean error', () => {
  const dir = mkdtempSync(join(tmpdir(), 'cca-out-'))
  try {
    const out = join(dir, 'a', 'b', 'report.json')
    const r = cli(['examples/insecure-repo', '--format', 'json', '--fail-on', 'never', '--output', out])
    assert.equal(r.code, 0, r.err)
    assert.equal(r.out, '')
    assert.equal((JSON.parse(readFileSync(out, 'utf8')) as { version: number }).version, 1)

    writeFileSync(join(dir, 'file'), '')
    const under = join(dir, 'file', 'report.txt')
    const bad = cli(['examples/insecure-repo', '--output', under])
    assert.equal(bad.code, 2)
    assert.equal(bad.out, '')
    assert.equal(
      bad.err,
      `claude-code-audit: Cannot write '${under}': cannot create its folder (EEXIST: file already exists, mkdir '${join(dir, 'file')}').\n`
    )

    const folder = cli(['examples/insecure-repo', '--output', dir])
    assert.equal(folder.code, 2)
    assert.equal(folder.err, `claude-code-audit: Cannot write '${dir}': it is a directory.\n`)

    const merged = cli(['merge', out, '--output', under])
    assert.equal(merged.code, 2)
    assert.match(merged.err, /^claude-code-audit: Cannot write '.*': cannot create its folder/)
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
})

test('--output: a write that fails after the audit is a clean error', { skip: !existsSync('/dev/full') }, () => {
  const r = cli(['examples/insecure-repo', '--fail-on', 'never', '--output', '/dev/full'])
  assert.equal(r.code, 2)
  assert.equal(r.err, "claude-code-audit: Cannot write '/dev/full': ENOSPC: no space left on device, write\n")
})

test('--help and -h print the usage after every subcommand', () => {
  const help = cli(['--help'])
  assert.equal(help.code, 0)
  assert.match(help.out, /^Usage: claude-code-audit \[PATH\] \[options\]\n/)
  for (const sub of ['merge', 'init', 'fix']) {
    for (const flag of ['--help', '-h']) {
      const r = cli([sub, flag])
      assert.equal(r.code, 0, `${sub} ${flag}: ${r.err}`)
      assert.equal(r.out, help.out, `${sub} ${flag}`)
      assert.equal(r.err, '')
    }
  }
})

test("README's option block is the options of --help", () => {
  const options = cli(['--help']).out.split('\nOptions:\n')[1]?.split('\n\n')[0]
  assert.ok(options)
  assert.ok(readFileSync('README.md', 'utf8').includes('```\n' + options + '\n```\n'), "README's Run it locally block differs from --help")
})

test('init --help changes nothing', () => {
  const dir = mkdtempSync(join(tmpdir(), 'cca-help-'))
  try {
    assert.equal(cli(['init', dir, '--help']).code, 0)
    assert.deepEqual(readdirSync(dir), [])
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
})

test('--list-rules: text, a JSON array with --format json, any other format a usage error', () => {
  const text = cli(['--list-rules'])
  assert.equal(text.code, 0, text.err)
  assert.equal(cli(['--list-rules', '--format', 'text']).out, text.out)
  const json = cli(['--list-rules', '--format', 'json'])
  assert.equal(json.code, 0, json.err)
  assert.deepEqual(
    JSON.parse(json.out),
    RULES.map(({ meta }) => ({
      id: meta.id,
      area: meta.area,
      severity: meta.severity,
      checklistItems: meta.checklistItems,
      checklistItem: meta.checklistItems[0] ?? null,
      description: meta.description,
      docsUrl: docsUrl(meta.id)
    }))
  )
  assert.equal(text.out.trim().split('\n').length, RULES.length)
  for (const format of ['sarif', 'markdown']) {
    const r = cli(['--list-rules', '--format', format])
    assert.equal(r.code, 2)
    assert.equal(r.out, '')
    assert.equal(
      r.err,
      `claude-code-audit: --list-rules prints text or JSON; --format '${format}' is not supported with it.\nRun claude-code-audit --help for usage.\n`
    )
  }
})

test('merge counts a repository given twice once, with a warning', () => {
  const dir = mkdtempSync(join(tmpdir(), 'cca-merge-'))
  try {
    const report = join(dir, 'acme__api.json')
    const r0 = cli(['examples/insecure-repo', '--format', 'json', '--fail-on', 'never', '--output', report])
    assert.equal(r0.code, 0, r0.err)
    const total = (JSON.parse(readFileSync(report, 'utf8')) as { findings: unknown[] }).findings.length
    const r = cli(['merge', report, report])
    assert.equal(r.code, 0, r.err)
    assert.equal(r.err, `claude-code-audit: '${report}' is given more than once; counting it once.\n`)
    assert.match(r.out, new RegExp(`^1 repository, ${total} findings\\.$`, 'm'))
    assert.equal(r.out.match(/^\| acme\/api \|/gm)?.length, 1)
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
})
