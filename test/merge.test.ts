import { test } from 'node:test'
import assert from 'node:assert/strict'
import { mkdirSync, mkdtempSync, writeFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { mergeReports, readReport, renderOrgMarkdown } from '../src/merge.js'

function report(findings: [string, string][], failing: number[]): string {
  return JSON.stringify({
    version: 1,
    tool: { name: 'claude-code-audit', version: '0.1.0' },
    findings: findings.map(([ruleId, severity]) => ({ ruleId, severity })),
    checklist: Array.from({ length: 30 }, (_, i) => ({ item: i + 1, status: failing.includes(i + 1) ? 'fail' : 'pass' })),
    suppressed: 0
  })
}

test('merge: per repository, per rule and per area, names from file names', () => {
  const dir = mkdtempSync(join(tmpdir(), 'cca-merge-'))
  try {
    writeFileSync(join(dir, 'acme__api.json'), report([['mcp-unpinned', 'critical'], ['no-job-timeout', 'medium']], [9, 28]))
    writeFileSync(join(dir, 'acme__web.json'), report([['no-job-timeout', 'medium'], ['no-job-timeout', 'medium']], [9]))
    writeFileSync(join(dir, 'acme__docs.json'), report([], []))
    const org = mergeReports(['acme__api.json', 'acme__web.json', 'acme__docs.json'].map((f) => readReport(join(dir, f))))
    assert.deepEqual(org.repositories.map((r) => [r.name, r.total, r.failingItems]), [
      ['acme/api', 2, [9, 28]],
      ['acme/web', 2, [9]],
      ['acme/docs', 0, []]
    ])
    assert.deepEqual(org.rules, [
      { ruleId: 'no-job-timeout', findings: 3, repositories: 2 },
      { ruleId: 'mcp-unpinned', findings: 1, repositories: 1 }
    ])
    const cost = org.areas.find((a) => a.area === 'cost')
    assert.equal(cost?.failingRepositories, 2)
    assert.equal(cost?.items.find((i) => i.item === 9)?.failing, 2)
    assert.equal(org.areas.find((a) => a.area === 'mcp')?.failingRepositories, 1)
    const md = renderOrgMarkdown(org)
    assert.match(md, /\| acme\/api \| 1 \| 0 \| 1 \| 0 \| 0 \| 9, 28 \|/)
    assert.match(md, /\| `no-job-timeout` \| 3 \| 2 \|/)
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
})

test('merge: a file that is not a report is a usage error', () => {
  const dir = mkdtempSync(join(tmpdir(), 'cca-merge-'))
  try {
    writeFileSync(join(dir, 'x.json'), '{"hello": 1}')
    assert.throws(() => readReport(join(dir, 'x.json')), /not a version 1 JSON report/)
    writeFileSync(join(dir, 'y.json'), 'not json')
    assert.throws(() => readReport(join(dir, 'y.json')), /Cannot read report/)
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
})

test('merge: a repository given twice is counted once, from the later report, with a warning', () => {
  const dir = mkdtempSync(join(tmpdir(), 'cca-merge-'))
  try {
    mkdirSync(join(dir, 'old'))
    mkdirSync(join(dir, 'new'))
    writeFileSync(join(dir, 'old/acme__api.json'), report([['mcp-unpinned', 'critical']], [28]))
    writeFileSync(join(dir, 'new/acme__api.json'), report([['no-job-timeout', 'medium'], ['no-job-timeout', 'medium']], [9]))
    writeFileSync(join(dir, 'acme__web.json'), report([['no-job-timeout', 'medium']], [9]))
    const older = readReport(join(dir, 'old/acme__api.json'))
    const newer = readReport(join(dir, 'new/acme__api.json'))
    const web = readReport(join(dir, 'acme__web.json'))
    const warnings: string[] = []
    const org = mergeReports([older, web, newer, web], (m) => warnings.push(m))
    assert.deepEqual(warnings, [
      `'${join(dir, 'old/acme__api.json')}' and '${join(dir, 'new/acme__api.json')}' are both reports of 'acme/api'; counting it once, from '${join(dir, 'new/acme__api.json')}'.`,
      `'${join(dir, 'acme__web.json')}' is given more than once; counting it once.`
    ])
    assert.deepEqual(org.repositories.map((r) => [r.name, r.total, r.failingItems]), [
      ['acme/api', 2, [9]],
      ['acme/web', 1, [9]]
    ])
    assert.deepEqual(org.rules, [{ ruleId: 'no-job-timeout', findings: 3, repositories: 2 }])
    assert.equal(org.areas.find((a) => a.area === 'mcp')?.failingRepositories, 0)
    assert.equal(org.areas.find((a) => a.area === 'cost')?.items.find((i) => i.item === 9)?.failing, 2)
    assert.match(renderOrgMarkdown(org), /^2 repositories, 3 findings\.$/m)
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
})

test('merge: repository names from the "repository" field match without case', () => {
  const warnings: string[] = []
  const org = mergeReports(
    [
      { repository: 'Acme/API', findings: [{ ruleId: 'mcp-unpinned', severity: 'critical' }], checklist: [] },
      { repository: 'acme/api', findings: [], checklist: [] }
    ],
    (m) => warnings.push(m)
  )
  assert.deepEqual(warnings, ["two reports of 'acme/api'; counting it once, from the later one."])
  assert.deepEqual(org.repositories.map((r) => [r.name, r.total]), [['acme/api', 0]])
  assert.match(renderOrgMarkdown(org), /^1 repository, 0 findings\.$/m)
})
