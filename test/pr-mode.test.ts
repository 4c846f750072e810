/**
 * Pull-request mode: the head's findings against the base commit's. A change
 * that adds one problem to a repository with many old findings fails on that
 * one; a change that adds none passes; the base commit is fetched from
 * `origin` (a local bare repository here) when the checkout lacks it; the
 * configuration comes from the base on pull-request events.
 */
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { spawnSync } from 'node:child_process'
import { appendFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { prepareBase, tokenEnv } from '../src/pr-base.js'
import { runDiffAudit } from '../src/pr-mode.js'
import { RULES } from '../src/rules/index.js'

const CLI = resolve('src/cli.ts')
const ID = ['-c', 'user.name=t', '-c', 'user.email=t@example.com', '-c', 'commit.gpgsign=false', '-c', 'init.defaultBranch=main']

function git(cwd: string, args: string[]): string {
  const r = spawnSync('git', [...ID, ...args], { cwd, encoding: 'utf8' })
  if (r.status !== 0) throw new Error(`git ${args.join(' ')}: ${r.stderr}`)
  return r.stdout.trim()
}

function cli(args: string[]): { code: number | null; out: string; err: string } {
  const r = spawnSync(process.execPath, ['--import', 'tsx', CLI, ...args], { encoding: 'utf8', env: { ...process.env, CLAUDE_CODE_AUDIT_TIMING: '' } })
  return { code: r.status, out: r.stdout, err: r.stderr }
}

/** Six jobs running Claude without timeout, turn cap or pinned model: many old findings. */
function oldWorkflow(): string {
  let y = 'name: Claude\non:\n  pull_request:\njobs:\n'
  for (let i = 0; i < 6; i++) {
    y +=
      `  review_${i}:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: anthropics/claude-code-action@v1\n` +
      '        with:\n          anthropic_api_key: ${{ secrets.ANTHROPIC_API_KEY }}\n'
  }
  return y
}

const ONE_PROBLEM = '  call:\n    uses: ./.github/workflows/build.yml\n    secrets: inherit\n'

/** A repository with a base commit (many findings) and a head commit made by `change`. */
function repo(change: (dir: string) => void): { dir: string; base: string; head: string } {
  const dir = mkdtempSync(join(tmpdir(), 'cca-pr-'))
  git(dir, ['init', '-q', '.'])
  spawnSync('mkdir', ['-p', join(dir, '.github', 'workflows')])
  writeFileSync(join(dir, '.github', 'workflows', 'claude.yml'), oldWorkflow())
  writeFileSync(join(dir, 'README.md'), '# demo\n')
  git(dir, ['add', '-A'])
  git(dir, ['commit', '-qm', 'base'])
  const base = git(dir, ['rev-parse', 'HEAD'])
  change(dir)
  git(dir, ['add', '-A'])
  git(dir, ['commit', '-qm', 'head'])
  return { dir, base, head: git(dir, ['rev-parse', 'HEAD']) }
}

interface JsonReport {
  findings: Array<{ ruleId: string; line: number | null; status?: string; group: string }>
  diff?: { new: number; existing: number; fixed: unknown[]; baseSha: string }
}

test('--diff-base: a change that adds one problem fails on that one only', () => {
  const { dir, base } = repo((d) => appendFileSync(join(d, '.github/workflows/claude.yml'), ONE_PROBLEM))
  try {
    const r = cli([dir, '--diff-base', 'HEAD~1', '--format', 'json'])
    assert.equal(r.code, 1, r.err)
    const report = JSON.parse(r.out) as JsonReport
    const fresh = report.findings.filter((f) => f.status === 'new')
    assert.deepEqual(fresh.map((f) => [f.ruleId, f.line]), [['secrets-inherit', 43]])
    assert.equal(report.diff?.new, 1)
    assert.equal(report.diff?.existing, report.findings.length - 1)
    assert.ok(report.diff.existing >= 20, `many old findings, got ${report.diff.existing}`)
    assert.deepEqual(report.diff?.fixed, [])
    assert.equal(report.diff?.baseSha, base)
    // The old findings alone fail the whole-repository gate, not the new-findings one.
    assert.equal(cli([dir, '--diff-base', 'HEAD~1', '--scope', 'all', '--format', 'json']).code, 1)
    const text = cli([dir, '--diff-base', 'HEAD~1'])
    const last = text.out.trimEnd().split('\n').at(-1)
    assert.equal(last, '✖ 1 new finding at or above high — failing (exit 1)')
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
})

test('--diff-base: a change that adds nothing passes and counts the old findings', () => {
  const { dir } = repo((d) => writeFileSync(join(d, 'README.md'), '# demo\n\nMore words.\n'))
  try {
    const r = cli([dir, '--diff-base', 'HEAD~1'])
    assert.equal(r.code, 0, r.out + r.err)
    assert.match(r.out, /: 0 new, 0 fixed, (\d+) existing\./)
    assert.equal(r.out.trimEnd().split('\n').at(-1), '✔ no new findings at or above high')
    // Without pull-request mode the same tree fails on its old findings.
    assert.equal(cli([dir]).code, 1)
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
})

test('--diff-base: an unknown revision is said once and everything is judged', () => {
  const { dir } = repo((d) => writeFileSync(join(d, 'README.md'), '# demo 2\n'))
  try {
    const r = cli([dir, '--diff-base', 'no-such-branch', '--format', 'json'])
    assert.equal(r.code, 1)
    const report = JSON.parse(r.out) as JsonReport & { notices?: string[] }
    assert.equal(report.diff, undefined)
    const notes = (report.notices ?? []).filter((n) => n.startsWith('Pull-request mode:'))
    assert.equal(notes.length, 1)
    assert.match(notes[0]!, /does not have no-such-branch/)
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
})

test('prepareBase fetches the one base commit from origin, the token only in the environment', () => {
  const { dir: work, base, head } = repo((d) => appendFileSync(join(d, '.github/workflows/claude.yml'), ONE_PROBLEM))
  const bare = mkdtempSync(join(tmpdir(), 'cca-origin-'))
  const clone = mkdtempSync(join(tmpdir(), 'cca-clone-'))
  try {
    git(bare, ['clone', '-q', '--bare', work, '.'])
    // A shallow checkout of the head, as actions/checkout makes it: the base is missing.
    git(clone, ['clone', '-q', '--depth=1', `file://${bare}`, '.'])
    assert.equal(git(clone, ['rev-parse', 'HEAD']), head)
    assert.equal(spawnSync('git', ['cat-file', '-e', `${base}^{commit}`], { cwd: clone }).status, 128)
    const configBefore = readFileSync(join(clone, '.git', 'config'), 'utf8')

    const got = prepareBase({ root: clone, ref: base, token: 'ghs_secret-token-value', serverUrl: 'https://github.com' })
    assert.ok(got.ok, got.ok ? '' : got.reason)
    try {
      assert.equal(got.sha, base)
      assert.equal(got.fetched, true)
      // The base tree, without the head's change.
      assert.doesNotMatch(readFileSync(join(got.root, '.github/workflows/claude.yml'), 'utf8'), /secrets: inherit/)
      // Tracked as at the base: git answers in the base tree as in a checkout.
      assert.equal(git(got.dir, ['ls-files']), '.github/workflows/claude.yml\nREADME.md')
      assert.equal(git(got.dir, ['status', '--porcelain']), '')
    } finally {
      got.dispose()
    }
    // Nothing of the token was written to the repository's configuration.
    assert.equal(readFileSync(join(clone, '.git', 'config'), 'utf8'), configBefore)
    // Without the commit and without a way to fetch it: a reason, no throw.
    const none = prepareBase({ root: clone, ref: 'f'.repeat(40) })
    assert.equal(none.ok, false)
    assert.match(none.ok ? '' : none.reason, /fetching it from origin failed/)
  } finally {
    for (const d of [work, bare, clone]) rmSync(d, { recursive: true, force: true })
  }
})

test('tokenEnv: the header goes to git through GIT_CONFIG_* only, replacing a persisted one', () => {
  const env = tokenEnv('abc', 'https://github.example.com/')
  assert.deepEqual(env, {
    GIT_CONFIG_COUNT: '2',
    GIT_CONFIG_KEY_0: 'http.https://github.example.com/.extraheader',
    GIT_CONFIG_VALUE_0: '',
    GIT_CONFIG_KEY_1: 'http.https://github.example.com/.extraheader',
    GIT_CONFIG_VALUE_1: `AUTHORIZATION: basic ${Buffer.from('x-access-token:abc').toString('base64')}`
  })
})

test('pull-request events read the configuration from the base: a head config disabling every rule still fails', async () => {
  const everything = 'rules:\n' + RULES.map((r) => `  ${r.meta.id}:\n    disable: true\n`).join('') + 'fail-on: never\n'
  const { dir, base } = repo((d) => {
    appendFileSync(join(d, '.github/workflows/claude.yml'), ONE_PROBLEM)
    writeFileSync(join(d, '.claude-code-audit.yml'), everything)
  })
  try {
    const result = await runDiffAudit({ root: dir, base: { ref: base, fetch: false }, configFromBase: true })
    assert.deepEqual(
      result.findings.filter((f) => result.diff?.newFingerprints.includes(f.fingerprint)).map((f) => f.ruleId),
      ['secrets-inherit']
    )
    assert.equal(result.configFailOn, undefined)
    assert.equal(result.disabledRules, undefined)
    // Read from the head (the CLI's local mode), the same file disables everything, and says so.
    const local = await runDiffAudit({ root: dir, base: { ref: base, fetch: false }, configFromBase: false })
    assert.equal(local.findings.length, 0)
    assert.equal(local.disabledRules?.rules.length, RULES.length)
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
})

test('pull-request events without a base commit: the head config is not read, the built-in defaults apply, and the note says so', async () => {
  const everything =
    'rules:\n' + RULES.map((r) => `  ${r.meta.id}:\n    disable: true\n`).join('') + 'ignore:\n  - "**"\nfail-on: never\n'
  const { dir } = repo((d) => {
    appendFileSync(join(d, '.github/workflows/claude.yml'), ONE_PROBLEM)
    writeFileSync(join(d, '.claude-code-audit.yml'), everything)
  })
  try {
    const result = await runDiffAudit({ root: dir, base: { ref: 'no-such-branch', fetch: false }, configFromBase: true })
    assert.equal(result.diff, undefined)
    assert.ok(result.findings.some((f) => f.ruleId === 'secrets-inherit'))
    assert.equal(result.configFailOn, undefined)
    assert.equal(result.disabledRules, undefined)
    const notes = (result.notices ?? []).filter((n) => n.startsWith('Pull-request mode:'))
    assert.equal(notes.length, 1)
    assert.match(notes[0]!, /does not have no-such-branch.*with the built-in defaults: the configuration file was not read, because the pull request's head could have changed it\.$/)
    // The CLI's local mode (not a pull-request event) still reads the file it was given.
    const local = await runDiffAudit({ root: dir, base: { ref: 'no-such-branch', fetch: false }, configFromBase: false })
    assert.equal(local.findings.length, 0)
    assert.doesNotMatch((local.notices ?? [])[0] ?? '', /built-in defaults/)
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
})
