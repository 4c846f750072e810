/**
 * The audit pipeline's own decisions: what the checklist counts versus what
 * the report lists (--min-severity), suppression and baseline counts, item 6
 * when the history cannot be scanned, not-applicable items, and which files
 * a baseline may be.
 */
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { spawnSync } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { readBaseline, runAudit } from '../src/audit.js'
import { UsageError, type AuditResult, type ChecklistEntry } from '../src/core/types.js'
import { renderJson } from '../src/report/json.js'
import { renderSarif } from '../src/report/sarif.js'
import { renderText } from '../src/report/text.js'
import { renderReport } from '../src/report/markdown.js'
import { writeFixture, gitCommit, type Fixture } from './rules/harness.js'

const ZERO = { critical: 0, high: 0, medium: 0, low: 0, info: 0 }

/**
 * A scheduled single-shot Claude run (CI only, no shell tool): one repository-level finding
 * (medium) and one info finding (item 15). Dangerous commands are not reported: nobody is there
 * to approve them, so the run refuses them.
 */
const NIGHTLY: Fixture = {
  '.github/workflows/nightly.yml': `on:
  schedule:
    - cron: '0 2 * * *'
permissions:
  contents: read
concurrency: nightly
jobs:
  summary:
    runs-on: ubuntu-latest
    timeout-minutes: 10
    steps:
      - run: claude -p "summarise log.txt" --max-turns 1 --model claude-sonnet-4-6
`
}

/** Findings in a file (one medium, four low) and one info (a link out of the repository). */
const SETTINGS: Fixture = {
  'CLAUDE.md': '# Project\n',
  '.claude/settings.json': '{\n  "autoCompactEnabled": false\n}\n',
  '.claude/agents/outside.md': { link: '/etc/passwd' }
}

async function withFixture<T>(files: Fixture, fn: (dir: string) => Promise<T>): Promise<T> {
  const dir = writeFixture(files)
  try {
    return await fn(dir)
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}

function item(result: AuditResult, n: number): ChecklistEntry {
  const e = result.checklist.find((c) => c.item === n)
  assert.ok(e, `item ${n}`)
  return e
}

test('the checklist counts findings below --min-severity, and the result says how many are not listed', async () => {
  await withFixture(NIGHTLY, async (dir) => {
    const low = await runAudit({ root: dir })
    assert.deepEqual(low.findings.map((f) => f.ruleId), ['context-exclusion-missing'])
    assert.equal(low.minSeverity, 'low')
    assert.deepEqual(low.belowMinSeverity, { ...ZERO, info: 1 })
    assert.deepEqual(item(low, 15), {
      item: 15,
      title: 'Batch API used for offline workloads',
      area: 'cost',
      status: 'fail',
      ruleIds: ['batch-eligible-workload'],
      note: 'Fails on 1 finding below the minimum severity `low` (1 info), which the report does not list.'
    })
    assert.equal(item(low, 16).note, undefined, 'a failing item with listed findings has no note')

    const info = await runAudit({ root: dir, minSeverity: 'info' })
    assert.equal(info.findings.length, 2)
    assert.deepEqual(info.belowMinSeverity, ZERO)
    assert.equal(item(info, 15).status, 'fail')
    assert.equal(item(info, 15).note, undefined)

    const critical = await runAudit({ root: dir, minSeverity: 'critical' })
    assert.deepEqual(critical.findings, [])
    assert.deepEqual(critical.belowMinSeverity, { ...ZERO, medium: 1, info: 1 })
    assert.deepEqual(
      critical.checklist.filter((c) => c.status === 'fail').map((c) => [c.item, c.note]),
      [
        [15, 'Fails on 1 finding below the minimum severity `critical` (1 info), which the report does not list.'],
        [16, 'Fails on 1 finding below the minimum severity `critical` (1 medium), which the report does not list.']
      ]
    )
    // Every human format says so next to the counts.
    const sentence =
      '2 findings below `critical` (1 medium, 1 info) are not listed; --min-severity info lists them; ' +
      'the checklist counts them: items 15, 16 fail on them alone. Fix first covers the listed findings only.'
    assert.ok(renderText(critical, { color: false, rootLabel: '.' }).includes(`\n  ${sentence}\n`))
    const md = renderReport(
      critical,
      { serverUrl: '', owner: '', repo: '', sha: '', failOn: 'high', conclusion: 'success', blocking: 0 },
      { max: Number.MAX_SAFE_INTEGER, measure: (s) => s.length, elsewhere: '' }
    )
    assert.ok(md.includes(`> **Note:** ${sentence.replace('--min-severity info', '`--min-severity info`')}\n`))
    const json = JSON.parse(renderJson(critical)) as Record<string, unknown>
    assert.equal(json.minSeverity, 'critical')
    assert.deepEqual(json.belowMinSeverity, { ...ZERO, medium: 1, info: 1 })
  })
})

test('suppressed and baselined counts are at or above the minimum severity, with every severity per severity', async () => {
  await withFixture({ ...SETTINGS, '.claude-code-audit.yml': "ignore: ['**']\n" }, async (dir) => {
    const r = await runAudit({ root: dir })
    assert.deepEqual(r.findings, [])
    assert.equal(r.suppressed, 5, 'the info finding is below the default minimum')
    assert.deepEqual(r.suppressedBySeverity, { critical: 0, high: 0, medium: 1, low: 4, info: 1 })
    assert.deepEqual(r.belowMinSeverity, ZERO)
    assert.ok(renderText(r, { color: false, rootLabel: '.' }).endsWith('; 5 suppressed (1 more below `low`)\n✔ no findings at or above high\n'))
    const all = await runAudit({ root: dir, minSeverity: 'info' })
    assert.equal(all.suppressed, 6)
    const medium = await runAudit({ root: dir, minSeverity: 'medium' })
    assert.equal(medium.suppressed, 1)
  })
  await withFixture(SETTINGS, async (dir) => {
    const full = await runAudit({ root: dir, minSeverity: 'info' })
    assert.deepEqual(full.suppressedBySeverity, ZERO)
    const baseline = join(dir, 'baseline.json')
    writeFileSync(baseline, renderJson(full))
    const r = await runAudit({ root: dir, baselinePath: baseline })
    assert.deepEqual(r.findings, [])
    assert.equal(r.baselined, 5)
    assert.deepEqual(r.baselinedBySeverity, { critical: 0, high: 0, medium: 1, low: 4, info: 1 })
    assert.deepEqual(r.belowMinSeverity, ZERO, 'baselined findings are not "below the minimum"')
  })
})

test('with --history, item 6 is manual (not fail) when the history cannot be scanned, and says why', async () => {
  await withFixture({ 'CLAUDE.md': '# Project\n' }, async (dir) => {
    const r = await runAudit({ root: dir, history: true })
    assert.deepEqual(item(r, 6), {
      item: 6,
      title: 'Git history clean of keys',
      area: 'credentials',
      status: 'manual',
      ruleIds: ['secret-in-git-history'],
      note: 'Not checked: history scanning was asked for, but the audited directory is not a git work tree (or git is not installed).'
    })
    // The rule's diagnostic is info (hidden by default): the notice is what the reader sees.
    assert.deepEqual(r.notices, [
      'History scanning was asked for, but the git history was not scanned: the audited directory is not a git work tree (or git is not installed). Checklist item 6 is manual.'
    ])
    assert.ok(renderText(r, { color: false, rootLabel: '.' }).includes('\nNote: History scanning was asked for, but the git history was not scanned'))
    const plain = await runAudit({ root: dir })
    assert.equal(item(plain, 6).status, 'manual')
    assert.equal(plain.notices, undefined)
  })
})

test('with --history on a shallow clone, item 6 is manual; the notice appears only when the diagnostic is not listed', async () => {
  const src = writeFixture({ 'CLAUDE.md': '# Project\n' })
  const clone = mkdtempSync(join(tmpdir(), 'cca-shallow-'))
  try {
    gitCommit(src, true)
    writeFileSync(join(src, 'CLAUDE.md'), '# Project, again\n')
    gitCommit(src, true, 'second')
    const c = spawnSync('git', ['clone', '-q', '--depth', '1', `file://${src}`, join(clone, 'repo')], { encoding: 'utf8' })
    assert.equal(c.status, 0, c.stderr)
    const root = join(clone, 'repo')
    const r = await runAudit({ root, history: true })
    assert.equal(item(r, 6).status, 'manual')
    assert.equal(
      item(r, 6).note,
      'Not checked: history scanning was asked for, but this is a shallow clone (check out with fetch-depth: 0).'
    )
    assert.deepEqual(
      r.findings.filter((f) => f.ruleId === 'secret-in-git-history').map((f) => f.severity),
      ['medium'],
      'the diagnostic is listed'
    )
    assert.equal(r.notices, undefined)
    const high = await runAudit({ root, history: true, minSeverity: 'high' })
    assert.deepEqual(high.notices, [
      'History scanning was asked for, but the git history was not scanned: this is a shallow clone (check out with fetch-depth: 0). Checklist item 6 is manual.'
    ])
    const full = await runAudit({ root: src, history: true })
    assert.equal(item(full, 6).status, 'pass', 'a full clone with a clean history passes')
    assert.equal(full.notices, undefined)
  } finally {
    rmSync(src, { recursive: true, force: true })
    rmSync(clone, { recursive: true, force: true })
  }
})

test('items 25 and 26 are not applicable without a root .claude/ folder, and fail with one', async () => {
  await withFixture({ 'CLAUDE.md': '# Project\n' }, async (dir) => {
    const r = await runAudit({ root: dir, minSeverity: 'info' })
    assert.deepEqual(r.findings.map((f) => f.ruleId).sort(), ['context-exclusion-missing', 'dangerous-commands-unguarded'])
    const note =
      'No root .claude/ folder: the repository shares no Claude Code settings that could register session hooks (a CLAUDE.md alone does not make this item apply).'
    assert.deepEqual([item(r, 25).status, item(r, 25).note], ['not-applicable', note])
    assert.deepEqual([item(r, 26).status, item(r, 26).note], ['not-applicable', note])
    assert.deepEqual([item(r, 17).status, item(r, 21).status], ['pass', 'manual'], 'the memory file was checked; memory pruning is a machine item')
  })
  await withFixture({ 'CLAUDE.md': '# Project\n', '.claude/settings.json': '{}\n' }, async (dir) => {
    const r = await runAudit({ root: dir })
    assert.deepEqual([item(r, 25).status, item(r, 26).status], ['fail', 'fail'])
  })
})

test('MCP items apply to servers only a plugin declares (a .mcp.json without the mcpServers wrapper)', async () => {
  await withFixture(
    {
      'plugins/docs/.claude-plugin/plugin.json': '{ "name": "docs" }\n',
      'plugins/docs/.mcp.json': '{\n  "docs": { "type": "http", "url": "https://mcp.example.com/mcp" }\n}\n',
      'README.md': '# x\n'
    },
    async (dir) => {
      const r = await runAudit({ root: dir })
      assert.deepEqual(r.findings, [])
      assert.deepEqual([item(r, 27).status, item(r, 28).status], ['pass', 'pass'])
    }
  )
})

test('items with nothing to check are not applicable; items whose rules are all disabled are manual', async () => {
  await withFixture({ '.mcp.json': '{ "mcpServers": {} }\n', 'README.md': '# x\n' }, async (dir) => {
    const r = await runAudit({ root: dir })
    assert.deepEqual(r.findings, [])
    const na = r.checklist.filter((c) => c.status === 'not-applicable').map((c) => c.item)
    assert.deepEqual(na, [9, 10, 11, 13, 16, 17, 22, 23, 24, 25, 26, 27, 28, 29, 30])
    assert.equal(
      item(r, 23).note,
      'The repository does not use Claude Code (no memory file, settings, agent, command, skill, .claudeignore or workflow that runs Claude).'
    )
    assert.equal(item(r, 17).note, 'No memory file (CLAUDE.md, CLAUDE.local.md, .claude/rules/*.md) in the repository.')
  })
  await withFixture(
    {
      'CLAUDE.md': '# Project\n',
      '.claude/settings.json': '{}\n',
      '.claude-code-audit.yml': 'rules:\n  no-session-log-hook:\n    disable: true\n  autocompact-disabled: off\n'
    },
    async (dir) => {
      const r = await runAudit({ root: dir })
      assert.deepEqual([item(r, 25).status, item(r, 25).note], ['manual', 'Not checked: the configuration disables no-session-log-hook.'])
      assert.deepEqual([item(r, 18).status, item(r, 18).note], ['manual', 'Not checked: the configuration disables autocompact-disabled.'])
      assert.equal(item(r, 26).status, 'fail')
    }
  )
})

test('a baseline must be a JSON or SARIF report of this tool or a list of fingerprints', async () => {
  await withFixture(SETTINGS, async (dir) => {
    const result = await runAudit({ root: dir, minSeverity: 'info' })
    const fingerprints = result.findings.map((f) => f.fingerprint)
    const file = (name: string, text: string): string => {
      const p = join(dir, name)
      writeFileSync(p, text)
      return p
    }
    const rejected = (name: string, text: string, message: string): void => {
      const p = file(name, text)
      assert.throws(
        () => readBaseline(p),
        (e: unknown) => {
          assert.ok(e instanceof UsageError, `${name}: ${String(e)}`)
          assert.equal(
            e.message,
            `Baseline '${p}' ${message}. A baseline is a JSON report of claude-code-audit (--format json), its SARIF log, or a text file with one fingerprint (32 hex digits) a line.`
          )
          return true
        }
      )
    }
    const md = renderReport(
      result,
      { serverUrl: '', owner: '', repo: '', sha: '', failOn: 'high', conclusion: 'failure', blocking: 1 },
      { max: Number.MAX_SAFE_INTEGER, measure: (s) => s.length, elsewhere: '' },
      { headingLevel: 1 }
    )
    rejected('out.md', md, `line 3 is not a fingerprint: ${JSON.stringify(md.split('\n')[2].slice(0, 60))}`)
    rejected('out.txt', renderText(result, { color: false, rootLabel: '.' }), `line 1 is not a fingerprint: "claude-code-audit ${result.toolVersion} — . (${result.filesScanned} files)"`)
    rejected('empty-array.json', '[]\n', 'is JSON but not a report of claude-code-audit (not an object with a "findings" array)')
    rejected('version.json', '{"version":1}\n', 'is JSON but not a report of claude-code-audit: it has no "findings" array')
    rejected('number.json', '{"findings":[{"fingerprint":12}]}', 'is not a report of claude-code-audit: finding 1 has no fingerprint of this tool (32 hex digits)')
    rejected('broken.json', '{"findings": [', 'is not valid JSON (' + jsonError('{"findings": [') + ')')
    rejected(
      'other.sarif',
      JSON.stringify({ version: '2.1.0', runs: [{ tool: { driver: { name: 'eslint' } }, results: [] }] }),
      'is a SARIF log of another tool ("eslint")'
    )
    rejected('list.txt', `# baseline\n${fingerprints[0]}\n\nsecrets-inherit\n`, 'line 4 is not a fingerprint: "secrets-inherit"')

    assert.deepEqual([...readBaseline(file('empty.json', '{"findings": []}'))], [])
    assert.deepEqual([...readBaseline(file('report.json', renderJson(result)))], fingerprints)
    assert.deepEqual([...readBaseline(file('report.sarif', renderSarif(result)))], fingerprints)
    assert.deepEqual(
      [...readBaseline(file('list2.txt', `\uFEFF# accepted\r\n\r\n  ${fingerprints[0].toUpperCase()}  \r\n${fingerprints[1]}:2\r\n`))],
      [fingerprints[0], `${fingerprints[1]}:2`]
    )
    await assert.rejects(runAudit({ root: dir, baselinePath: join(dir, 'out.md') }), UsageError)
    const viaSarif = await runAudit({ root: dir, baselinePath: join(dir, 'report.sarif') })
    assert.deepEqual(viaSarif.findings, [])
    assert.equal(viaSarif.baselined, 5)
  })
})

function jsonError(text: string): string {
  try {
    JSON.parse(text)
  } catch (e) {
    return (e as Error).message
  }
  return ''
}
