import { test } from 'node:test'
import assert from 'node:assert/strict'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { spawnSync } from 'node:child_process'
import { runRule, runRuleIn, writeFixture, gitCommit, expectFindings } from './harness.js'
import { discover } from '../../src/discover.js'
import { buildProject } from '../../src/model/project.js'
import { scoreChecklist } from '../../src/core/checklist.js'

const RULE = 'mcp-review-overdue'

const MCP = '{\n  "mcpServers": {\n    "fetch": {"command": "uvx", "args": ["mcp-server-fetch@2025.1.17"]}\n  }\n}\n'

async function withCommit(
  files: Record<string, string>,
  paths: string[],
  date: string,
  options?: Record<string, unknown>
) {
  const dir = writeFixture(files)
  try {
    gitCommit(dir, paths, 'config', date)
    return await runRuleIn(RULE, dir, { options })
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}

test('mcp-review-overdue: .mcp.json last changed long ago', async () => {
  const findings = await withCommit({ '.mcp.json': MCP }, ['.mcp.json'], '2020-01-02T03:04:05Z')
  expectFindings(findings, [
    {
      file: '.mcp.json',
      line: 2,
      column: 3,
      endColumn: 15,
      severity: 'low',
      message: /^\.mcp\.json \(fetch\) was last changed \d+ days ago \(2020-01-02\), more than 90 days/
    }
  ])
})

test('mcp-review-overdue: settings with mcpServers are checked; a recent change passes', async () => {
  const recent = new Date(Date.now() - 10 * 24 * 3600 * 1000).toISOString()
  expectFindings(await withCommit({ '.mcp.json': MCP }, ['.mcp.json'], recent), [])
  const settings = '{"mcpServers": {"a": {"command": "x"}, "b": {"command": "y"}}}'
  expectFindings(
    await withCommit({ '.claude/settings.json': settings }, ['.claude/settings.json'], '2021-06-01T00:00:00Z'),
    [{ file: '.claude/settings.json', line: 1, column: 2, message: '.claude/settings.json (a, b) was last changed' }]
  )
})

test('mcp-review-overdue: maxAgeDays option', async () => {
  const old = new Date(Date.now() - 40 * 24 * 3600 * 1000).toISOString()
  expectFindings(await withCommit({ '.mcp.json': MCP }, ['.mcp.json'], old), [])
  expectFindings(await withCommit({ '.mcp.json': MCP }, ['.mcp.json'], old, { maxAgeDays: 30 }), [
    { line: 2, message: 'more than 30 days' }
  ])
})

test('mcp-review-overdue: no git, untracked file, or no servers: nothing to judge', async () => {
  expectFindings(await runRule(RULE, { '.mcp.json': MCP }), [])
  expectFindings(await withCommit({ '.mcp.json': MCP, 'README.md': 'x' }, ['README.md'], '2020-01-01T00:00:00Z'), [])
  expectFindings(await withCommit({ '.mcp.json': '{"mcpServers": {}}' }, ['.mcp.json'], '2020-01-01T00:00:00Z'), [])
})

test('mcp-review-overdue: past the 20 files dated up front, the rest are asked one by one', async () => {
  const files: Record<string, string> = {}
  for (let i = 0; i < 22; i++) files[`pkg-${String(i).padStart(2, '0')}/.mcp.json`] = MCP
  const findings = await withCommit(files, Object.keys(files), '2020-01-02T03:04:05Z')
  assert.deepEqual(findings.map((f) => f.file).sort(), Object.keys(files).sort())
})

test('mcp-review-overdue: a shallow clone dates nothing (its oldest fetched commit is not the last change); item 30 is manual', async () => {
  // The only commit of the depth-1 clone is old: without the shallow check it would be reported as the last change.
  const src = writeFixture({ '.mcp.json': MCP })
  const clone = join(mkdtempSync(join(tmpdir(), 'cca-shallow-')), 'clone')
  try {
    gitCommit(src, ['.mcp.json'], 'config', '2020-01-02T03:04:05Z')
    const r = spawnSync('git', ['clone', '-q', '--depth', '1', `file://${src}`, clone], { encoding: 'utf8' })
    assert.equal(r.status, 0, r.stderr)
    expectFindings(await runRuleIn(RULE, clone), [])
    // The model asks whether the clone is shallow whenever it dates MCP files, --history or not.
    const project = await buildProject(await discover(clone), { history: false, verifyHooks: false })
    assert.equal(project.gitFacts.shallow, true)
    const full = await buildProject(await discover(src), { history: false, verifyHooks: false })
    assert.equal(full.gitFacts.shallow, false)
  } finally {
    rmSync(src, { recursive: true, force: true })
    rmSync(join(clone, '..'), { recursive: true, force: true })
  }
  const facts = { ruleItems: new Map<string, readonly number[]>([[RULE, [30]]]), history: false, git: true, hasMcp: true, hasHooks: false }
  assert.equal(scoreChecklist([], facts).find((e) => e.item === 30)?.status, 'pass')
  assert.deepEqual(
    scoreChecklist([], { ...facts, shallow: true }).find((e) => e.item === 30),
    {
      item: 30,
      title: 'MCP server list reviewed quarterly',
      area: 'mcp',
      status: 'manual',
      ruleIds: [RULE],
      note: 'Not checked: this is a shallow clone, so the date of the last change to the MCP configuration is unknown (check out with fetch-depth: 0, or review the servers by hand).'
    }
  )
})

test('mcp-review-overdue: a plugin .mcp.json with its servers at the top level, at the first server', async () => {
  const files = {
    'plugins/fetch/.claude-plugin/plugin.json': '{ "name": "fetch" }\n',
    'plugins/fetch/.mcp.json': '{\n  "fetch": {"command": "uvx", "args": ["mcp-server-fetch@2025.1.17"]}\n}\n'
  }
  const findings = await withCommit(files, Object.keys(files), '2020-01-02T03:04:05Z')
  expectFindings(findings, [
    {
      file: 'plugins/fetch/.mcp.json',
      line: 2,
      column: 3,
      endColumn: 10,
      severity: 'low',
      message: /^plugins\/fetch\/\.mcp\.json \(fetch\) was last changed \d+ days ago \(2020-01-02\)/
    }
  ])
})
