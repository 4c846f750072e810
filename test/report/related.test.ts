/**
 * Related locations: the finding builder positions and redacts them (and
 * they never change a fingerprint); every channel shows them next to the
 * finding, annotations staying on the finding's own line.
 */
import assert from 'node:assert/strict'
import { rmSync } from 'node:fs'
import { test } from 'node:test'
import { discover } from '../../src/discover.js'
import { buildProject } from '../../src/model/project.js'
import { runRules } from '../../src/core/engine.js'
import { defineRule, type RelatedReport } from '../../src/rules/rule.js'
import type { Finding } from '../../src/core/types.js'
import { renderJson } from '../../src/report/json.js'
import { escapeSarifText, renderSarif } from '../../src/report/sarif.js'
import { renderText } from '../../src/report/text.js'
import { renderComment } from '../../src/report/comment.js'
import { renderSummary } from '../../src/report/summary.js'
import { renderCliMarkdown } from '../../src/report/cli-markdown.js'
import { planAnnotations } from '../../src/report/annotations.js'
import { toAnnotation } from '../../src/report/check-run.js'
import { make } from '../secrets/generate.js'
import { writeFixture } from '../rules/harness.js'
import { finding, reportContext, result } from './helpers.js'

const WORKFLOW = `on: pull_request_target
jobs:
  call:
    uses: ./.github/workflows/callee.yml
`

/** Runs a one-off rule reporting at line 4 of the workflow with the given related places. */
async function findingsWith(related: (file: { path: string }) => RelatedReport[] | undefined): Promise<Finding[]> {
  const dir = writeFixture({ '.github/workflows/w.yml': WORKFLOW })
  try {
    const project = await buildProject(await discover(dir), { history: false, verifyHooks: false })
    const wf = project.workflows[0]!
    const rule = defineRule({
      meta: { id: 'secrets-inherit', checklistItems: [], area: 'workflows', severity: 'high', confidence: 'high', description: 'd', messages: { m: 'the message' } },
      check(ctx) {
        const at = wf.doc.span(['jobs', 'call', 'uses'])!
        ctx.report({ messageId: 'm', at, related: related(wf.doc.file) })
      }
    })
    const res = await runRules(project, [rule], { ignore: [], rules: {} })
    assert.deepEqual(res.errors, [])
    return res.findings
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}

test('the builder positions related places exactly, drops repeats and the finding itself, and keeps the fingerprint', async () => {
  const [plain] = await findingsWith(() => undefined)
  const [withRelated] = await findingsWith((file) => {
    const f = { path: file.path }
    return [
      { at: { ...f, line: 1 }, note: 'the trigger' },
      { at: { ...f, line: 1 }, note: 'the same place again' },
      { at: { path: '.github/workflows/callee.yml' }, note: '  several\nlines   of note ' }
    ]
  })
  assert.equal(plain!.related, undefined)
  assert.deepEqual(withRelated!.related, [
    { file: '.github/workflows/w.yml', line: 1, column: 1, endLine: 1, endColumn: 1, message: 'the trigger' },
    { file: '.github/workflows/callee.yml', line: 1, column: 1, endLine: 1, endColumn: 1, message: 'several lines of note' }
  ])
  assert.equal(withRelated!.fingerprint, plain!.fingerprint)
})

test('a span related place keeps its columns; the finding\'s own span is not repeated', async () => {
  const dir = writeFixture({ '.github/workflows/w.yml': WORKFLOW })
  try {
    const project = await buildProject(await discover(dir), { history: false, verifyHooks: false })
    const wf = project.workflows[0]!
    const rule = defineRule({
      meta: { id: 'secrets-inherit', checklistItems: [], area: 'workflows', severity: 'high', confidence: 'high', description: 'd', messages: { m: 'x' } },
      check(ctx) {
        const at = wf.doc.span(['jobs', 'call', 'uses'])!
        ctx.report({ messageId: 'm', at, related: [{ at, note: 'itself' }, { at: wf.doc.span(['on'])!, note: 'the trigger' }] })
      }
    })
    const [f] = (await runRules(project, [rule], { ignore: [], rules: {} })).findings
    assert.deepEqual(f!.related, [{ file: '.github/workflows/w.yml', line: 1, column: 5, endLine: 1, endColumn: 24, message: 'the trigger' }])
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
})

test('a secret in a related note is redacted like a message', async () => {
  const key = make.anthropicApi()
  const [f] = await findingsWith((file) => [{ at: { path: file.path, line: 2 }, note: `sets ANTHROPIC_API_KEY=${key} here` }])
  const note = f!.related![0]!.message
  assert.ok(!note.includes(key.slice(12, 40)), note)
  assert.match(note, /^sets ANTHROPIC_API_KEY=sk-ant-.*here$/)
})

/** A finding in a composite action, with the caller and the trigger as related places. */
function sample(): Finding {
  return finding({
    ruleId: 'pwn-request',
    severity: 'critical',
    file: '.github/actions/ai/action.yml',
    line: 8,
    column: 7,
    endLine: 8,
    endColumn: 20,
    message: 'checks out [the head] of the pull request',
    fingerprint: 'fp-related',
    related: [
      { file: '.github/workflows/ci.yml', line: 2, column: 3, endLine: 2, endColumn: 22, message: 'runs with secrets [and a write token]' },
      { file: '.github/workflows/ci.yml', line: 9, column: 9, endLine: 9, endColumn: 30, message: 'calls the local action .github/actions/ai/action.yml' }
    ]
  })
}

test('JSON: related places are an added field of the finding, absent when there are none', () => {
  const doc = JSON.parse(renderJson(result([sample(), finding({ fingerprint: 'other' })]))) as { version: number; findings: Record<string, unknown>[] }
  assert.equal(doc.version, 1)
  const [withRelated, without] = doc.findings
  assert.deepEqual(withRelated!.related, sample().related)
  assert.equal(withRelated!.fingerprint, 'fp-related')
  assert.ok(!('related' in without!))
})

interface SarifResult {
  message: { text: string }
  locations: { physicalLocation: { artifactLocation: { uri: string }; region: Record<string, number> } }[]
  relatedLocations?: { id: number; message: { text: string }; physicalLocation: { artifactLocation: { uri: string; uriBaseId: string }; region: Record<string, number> } }[]
  partialFingerprints: { primaryLocationLineHash: string }
}

test('SARIF: relatedLocations with ids and messages, linked from the result message (brackets escaped)', () => {
  const log = JSON.parse(renderSarif(result([sample(), finding({ fingerprint: 'other', message: 'plain [x]' })]))) as {
    version: string
    runs: { results: SarifResult[] }[]
  }
  assert.equal(log.version, '2.1.0')
  const [r, plain] = log.runs[0]!.results
  assert.deepEqual(r!.relatedLocations, [
    {
      id: 1,
      physicalLocation: { artifactLocation: { uri: '.github/workflows/ci.yml', uriBaseId: '%SRCROOT%' }, region: { startLine: 2, startColumn: 3, endLine: 2, endColumn: 22 } },
      message: { text: 'runs with secrets [and a write token]' }
    },
    {
      id: 2,
      physicalLocation: { artifactLocation: { uri: '.github/workflows/ci.yml', uriBaseId: '%SRCROOT%' }, region: { startLine: 9, startColumn: 9, endLine: 9, endColumn: 30 } },
      message: { text: 'calls the local action .github/actions/ai/action.yml' }
    }
  ])
  assert.equal(
    r!.message.text,
    'checks out \\[the head\\] of the pull request Related: [runs with secrets \\[and a write token\\]](1); [calls the local action .github/actions/ai/action.yml](2).'
  )
  // Every link target of the message is the id of a related location (SARIF 2.1.0 §3.11.6).
  const ids = new Set(r!.relatedLocations!.map((l) => l.id))
  const targets = [...r!.message.text.matchAll(/(?<!\\)\]\((\d+)\)/g)].map((m) => Number(m[1]))
  assert.deepEqual(targets, [1, 2])
  for (const t of targets) assert.ok(ids.has(t))
  // The primary location and the fingerprint are the finding's own.
  assert.equal(r!.locations[0]!.physicalLocation.artifactLocation.uri, '.github/actions/ai/action.yml')
  assert.deepEqual(r!.locations[0]!.physicalLocation.region, { startLine: 8, startColumn: 7, endLine: 8, endColumn: 20 })
  assert.equal(r!.partialFingerprints.primaryLocationLineHash, 'fp-related')
  // A result without related places keeps its message as written.
  assert.equal(plain!.relatedLocations, undefined)
  assert.equal(plain!.message.text, 'plain [x]')
  assert.equal(escapeSarifText('a\\[b]'), 'a\\\\\\[b\\]')
})

test('text: one related line under the finding', () => {
  const text = renderText(result([sample()]), { color: false, rootLabel: '.' })
  assert.ok(
    text.includes(
      '  = related: .github/workflows/ci.yml:2:3 (runs with secrets [and a write token]); .github/workflows/ci.yml:9:9 (calls the local action .github/actions/ai/action.yml)\n'
    ),
    text
  )
  assert.equal(text.split('related:').length - 1, 1)
})

test('PR comment, job summary and CLI Markdown: a related line with links to the lines on the audited commit', () => {
  const r = result([sample()])
  const ctx = reportContext()
  const sha = ctx.sha
  const line =
    `↳ related: [<code>.github/workflows/ci.yml:2:3</code>](https://github.com/octo/demo/blob/${sha}/.github/workflows/ci.yml#L2) runs with secrets \\[and a write token\\]; ` +
    `[<code>.github/workflows/ci.yml:9:9</code>](https://github.com/octo/demo/blob/${sha}/.github/workflows/ci.yml#L9) calls the local action .github/actions/ai/action.yml`
  for (const body of [renderComment(r, ctx), renderSummary(r, ctx)]) {
    assert.ok(body.includes(`checks out \\[the head\\] of the pull request<br>\n  ${line}`), body)
  }
  const local = renderCliMarkdown(r)
  assert.ok(local.includes('↳ related: [<code>.github/workflows/ci.yml:2:3</code>](.github/workflows/ci.yml#L2)'), local)
})

test('annotations stay on the finding\'s line and name the related places in the message', () => {
  const f = sample()
  const [planned] = planAnnotations([f]).annotations
  assert.deepEqual(planned!.properties, {
    title: planned!.properties.title,
    file: '.github/actions/ai/action.yml',
    startLine: 8,
    startColumn: 7,
    endColumn: 20
  })
  assert.ok(
    planned!.message.includes(
      '\nRelated: .github/workflows/ci.yml:2 (runs with secrets [and a write token]); .github/workflows/ci.yml:9 (calls the local action .github/actions/ai/action.yml)'
    ),
    planned!.message
  )
  const check = toAnnotation(f)!
  assert.equal(check.path, '.github/actions/ai/action.yml')
  assert.equal(check.start_line, 8)
  assert.ok(check.message.startsWith('checks out [the head] of the pull request\nRelated: .github/workflows/ci.yml:2 ('), check.message)
})
