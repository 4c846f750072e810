/**
 * The version facts and the resolution of the Claude Code version a rule
 * judges: a claude-code-action pin through the generated release table, an
 * installed `@anthropic-ai/claude-code@X`, the configured version, else the
 * newest known.
 */
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { readdirSync, readFileSync, rmSync } from 'node:fs'
import { join } from 'node:path'
import { discover } from '../../src/discover.js'
import { buildProject } from '../../src/model/project.js'
import {
  CLAUDE_CODE_ACTION_RELEASES,
  CLAUDE_CODE_BASE_ACTION_RELEASES
} from '../../src/facts/claude-action-releases.js'
import {
  FACTS,
  NEWEST_KNOWN_CLAUDE_CODE,
  actionHolds,
  actionReleaseToday,
  compareVersions,
  holdsAt,
  oldestClaudeCode,
  runClaudeCode
} from '../../src/facts/versions.js'
import { writeFixture } from '../rules/harness.js'

test('every fact has a version gate and a source; conformance ids are kebab-case', () => {
  for (const [id, f] of Object.entries(FACTS)) {
    assert.match(f.since, /^\d+\.\d+\.\d+$/, id)
    assert.ok(f.source.length > 10, `${id} names no source`)
    const c = (f as { conformance?: string }).conformance
    if (c !== undefined) assert.match(c, /^[a-z0-9]+(-[a-z0-9]+)*$/, id)
  }
  assert.ok(compareVersions(FACTS.onFailureBlock.since, NEWEST_KNOWN_CLAUDE_CODE) <= 0)
})

test('versions compare numerically, and a fact holds from its release on', () => {
  assert.ok(compareVersions('2.1.99', '2.1.257') < 0)
  assert.ok(compareVersions('v1.0.200', '1.0.29') > 0)
  assert.equal(holdsAt('committedBypassIgnored', '2.1.256'), false)
  assert.equal(holdsAt('committedBypassIgnored', '2.1.257'), true)
})

test('the release table: version order, unique tags, full commits (the advisory excerpt agrees)', () => {
  for (const rows of [CLAUDE_CODE_ACTION_RELEASES, CLAUDE_CODE_BASE_ACTION_RELEASES]) {
    const tags = rows.map((r) => r[0])
    assert.equal(new Set(tags).size, tags.length)
    for (let i = 1; i < rows.length; i++) assert.ok(compareVersions(rows[i - 1][0], rows[i][0]) < 0, rows[i][0])
    for (const r of rows) assert.match(r[1], /^[0-9a-f]{40}$/)
  }
  // updates-2026-12.md lists these release commits.
  const byTag = new Map(CLAUDE_CODE_ACTION_RELEASES.map((r) => [r[0], r[1]]))
  assert.equal(byTag.get('v1.0.29'), '1b8ee3b94104046d71fde52ec3557651ad8c0d71')
  assert.equal(byTag.get('v1.0.74'), '1ba15be4f0b0c9a026c0c7986668f8f2aa998440')
  assert.equal(byTag.get('v1.0.187'), '1623c36729ac1cd5895198cded705a287de7db79')
  assert.equal(byTag.get('v1.0.200'), '24dcd50c0568f0fc9e9211213a4fd2d9eb15c4e0')
})

test('the Claude Code version a workflow fixes, and the oldest one the repository runs', async () => {
  const dir = writeFixture({
    '.github/workflows/a.yml': `on: push
jobs:
  pinned:
    runs-on: ubuntu-latest
    steps:
      - uses: anthropics/claude-code-action@c9ec2b02b40ac0444c6716e51d5e19ef2e0b8d00 # v1.0.28
        with: { prompt: x }
  cli:
    runs-on: ubuntu-latest
    steps:
      - run: npm i -g @anthropic-ai/claude-code@2.1.290
      - run: claude -p "x"
      - run: npx @anthropic-ai/claude-code@2.1.300 -p "y"
  moving:
    runs-on: ubuntu-latest
    steps:
      - uses: anthropics/claude-code-action@v1
        with: { prompt: x }
  custom:
    runs-on: ubuntu-latest
    steps:
      - uses: anthropics/claude-code-action@v1.0.28
        with: { prompt: x, path_to_claude_code_executable: /opt/claude }
`
  })
  try {
    const p = await buildProject(await discover(dir))
    const versions = p.claudeRuns.map((r) => runClaudeCode(r)?.version)
    assert.deepEqual(versions, ['2.0.76', '2.1.290', '2.1.300', undefined, undefined])
    assert.deepEqual(oldestClaudeCode(p), {
      version: '2.0.76',
      basis: '.github/workflows/a.yml pins claude-code-action v1.0.28, which runs Claude Code 2.0.76',
      known: true
    })
    // A configured version counts beside the pinned ones: the oldest wins.
    const opts = (v: string) => ({ history: false, verifyHooks: false, claudeCodeVersion: v })
    assert.equal(oldestClaudeCode(await buildProject(await discover(dir), opts('2.1.296'))).version, '2.0.76')
    assert.equal(oldestClaudeCode(await buildProject(await discover(dir), opts('1.0.50'))).basis, 'claude-code-version 1.0.50 in the configuration')
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
})

test('every fact that names a conformance test names one that exists (test/conformance/*.conformance.ts)', () => {
  const dir = join('test', 'conformance')
  const ids = new Set(
    readdirSync(dir)
      .filter((f) => f.endsWith('.conformance.ts'))
      .flatMap((f) => [...readFileSync(join(dir, f), 'utf8').matchAll(/^test\('([a-z0-9-]+):/gm)].map((m) => m[1]))
  )
  assert.ok(ids.size >= 15, `only ${ids.size} conformance facts`)
  for (const [name, fact] of Object.entries(FACTS) as [string, { conformance?: string }][]) {
    if (fact.conformance) assert.ok(ids.has(fact.conformance), `${name} names conformance test '${fact.conformance}', which does not exist`)
  }
})

test('actionReleaseToday: tags and release commits as pinned, `@v1` and `@main` as the newest release, other refs unknown', () => {
  const newest = CLAUDE_CODE_ACTION_RELEASES[CLAUDE_CODE_ACTION_RELEASES.length - 1][0].slice(1)
  assert.deepEqual(actionReleaseToday('anthropics/claude-code-action@v1'), {
    repo: 'anthropics/claude-code-action',
    version: newest,
    via: 'moving',
    claudeCode: CLAUDE_CODE_ACTION_RELEASES[CLAUDE_CODE_ACTION_RELEASES.length - 1][2]
  })
  assert.equal(actionReleaseToday('anthropics/claude-code-action/base-action@main')?.version, newest)
  assert.equal(actionReleaseToday('anthropics/claude-code-action@v1.0.148')?.via, 'tag')
  assert.equal(actionReleaseToday('anthropics/claude-code-action@4d7e1f0cd85743fdc93b1c8040ab54395da024e2')?.version, '1.0.149')
  for (const frozen of ['v0', 'beta', 'some-branch', '1111111111111111111111111111111111111111'])
    assert.equal(actionReleaseToday(`anthropics/claude-code-action@${frozen}`), undefined, frozen)
  assert.equal(actionReleaseToday('grll/claude-code-action@v1'), undefined)
})

test('actionHolds: the claude_args split fix (v1.0.149) by ref', () => {
  const f = 'actionClaudeArgsShellCharsKept'
  assert.equal(actionHolds(f, 'anthropics/claude-code-action@v1.0.148'), false)
  assert.equal(actionHolds(f, 'anthropics/claude-code-action@v1.0.149'), true)
  assert.equal(actionHolds(f, 'anthropics/claude-code-action@v1'), true)
  assert.equal(actionHolds(f, 'anthropics/claude-code-action@d5726de019ec4498aa667642bc3a80fca83aa102'), false) // v1.0.148
  // The separate base-action repository (v0.0.x) predates the fix.
  assert.equal(actionHolds(f, 'anthropics/claude-code-base-action@v0.0.63'), false)
  assert.equal(actionHolds(f, 'anthropics/claude-code-action@beta'), undefined)
})
