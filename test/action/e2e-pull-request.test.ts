/**
 * End to end, same-repository pull requests: the bundled action against the
 * fake GitHub API. Check run in batches of 50 on the head commit, one sticky
 * comment found across pages and updated in place, job summary, outputs,
 * exit status by `fail-on`.
 */
import assert from 'node:assert/strict'
import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { after, afterEach, before, beforeEach, test } from 'node:test'
import { BOT_LOGIN, FakeGitHub, LIMITS } from './fake-github.js'
import { BUNDLE, HAVE_BUNDLE, HEAD_SHA, cleanup, makeCleanRepo, makeRepo, runAction } from './harness.js'

const MARKER = '<!-- claude-code-audit -->'
let gh: FakeGitHub

before(() => assert.ok(HAVE_BUNDLE, `${BUNDLE} is missing: run npm run build first`))
beforeEach(async () => {
  gh = await new FakeGitHub().start()
})
afterEach(async () => {
  await gh.stop()
})
after(cleanup)

function annotationsPerRequest(): number[] {
  return gh
    .requestsTo('POST', /\/check-runs$/)
    .concat(gh.requestsTo('PATCH', /\/check-runs\/\d+$/))
    .map((r) => ((r.body as { output?: { annotations?: unknown[] } }).output?.annotations ?? []).length)
}

test('same-repo PR with more than 50 findings', async () => {
  const workspace = makeRepo(20)
  const run = await runAction({
    event: 'pull_request.same-repo.json',
    eventName: 'pull_request',
    workspace,
    apiUrl: gh.url,
    inputs: { 'json-file': 'out/report.json' }
  })

  // Exit status and outputs.
  assert.equal(run.code, 1, run.stdout + run.stderr)
  const report = JSON.parse(readFileSync(join(workspace, 'out/report.json'), 'utf8')) as {
    findings: Array<{ file: string | null; severity: string }>
  }
  const total = report.findings.length
  assert.ok(total > 50, `need more than 50 findings, got ${total}`)
  assert.equal(run.outputs.findings, String(total))
  const sum = ['critical', 'high', 'medium', 'low', 'info'].reduce((n, s) => n + Number(run.outputs[s]), 0)
  assert.equal(sum, total)
  assert.equal(run.outputs.conclusion, 'failure')
  assert.equal(run.outputs['sarif-file'], 'claude-code-audit.sarif')
  assert.equal(run.outputs['json-file'], 'out/report.json')
  const sarif = JSON.parse(readFileSync(join(workspace, 'claude-code-audit.sarif'), 'utf8')) as { version: string }
  assert.equal(sarif.version, '2.1.0')
  // The verdict line has no properties; finding annotations carry a title (and a file when located).
  const failed = run.commands('error').filter((l) => l.startsWith('::error::'))
  assert.equal(failed.length, 1)
  assert.match(failed[0]!, /^::error::\d+ findings? at or above fail-on "high" \(\d+ in total\)\.$/)

  // Check run: on the PR head, never the merge commit; every located finding,
  // at most 50 per request, created then updated.
  assert.equal(gh.checkRuns.length, 1)
  const check = gh.checkRuns[0]!
  assert.equal(check.head_sha, HEAD_SHA)
  assert.equal(check.name, 'claude-code-audit')
  assert.equal(check.conclusion, 'failure')
  const located = report.findings.filter((f) => f.file !== null).length
  assert.equal(check.annotations.length, located)
  const batches = annotationsPerRequest()
  assert.equal(batches.length, Math.ceil(located / 50))
  assert.ok(batches.every((n) => n <= LIMITS.annotationsPerRequest))
  assert.ok(
    gh.requests.every((r) => r.status < 400),
    'no request was refused'
  )
  assert.ok((check.output.summary ?? '').length <= LIMITS.checkSummary)

  // Sticky comment: created once, by the bot, with the marker.
  assert.equal(gh.requestsTo('POST', /\/issues\/7\/comments$/).length, 1)
  const lists = gh.requestsTo('GET', /\/issues\/7\/comments$/)
  assert.ok(lists.length >= 1)
  assert.ok(lists.every((r) => r.query.get('per_page') === '100'))
  const comments = gh.comments.get(7) ?? []
  assert.equal(comments.length, 1)
  const body = comments[0]!.body
  assert.ok(body.startsWith(MARKER))
  assert.equal(comments[0]!.user.login, BOT_LOGIN)
  assert.match(body, /❌ \*\*Failed\*\*/)
  assert.ok(body.includes(`https://github.com/octo-org/demo/blob/${HEAD_SHA}/.github/workflows/claude.yml#L`))
  // Not a git checkout: the base cannot be had, said once, and every finding is judged.
  assert.equal(body.split('Pull-request mode: the base commit could not be had').length - 1, 1)
  assert.match(body, /\n\*\*Checklist:\*\* Credentials /)
  assert.equal(run.outputs['new-findings'], String(total))
  assert.equal(run.outputs['fixed-findings'], '0')
  assert.ok(body.length <= LIMITS.commentBody)

  // Job summary.
  assert.match(run.summary, /^## Claude Code audit/)
  assert.match(run.summary, /❌ \*\*Failed\*\*/)

  // Workflow-command annotations: at most 10 per level, then one notice.
  assert.ok(run.commands('error').length <= 10)
  assert.ok(run.commands('warning').length <= 10)
  assert.ok(run.commands('notice').length <= 10)
  assert.match(run.commands('notice').at(-1) ?? '', /\d+ more findings are not annotated here/)
})

test('findings below fail-on: neutral check, exit 0', async () => {
  const run = await runAction({
    event: 'pull_request.same-repo.json',
    eventName: 'pull_request',
    // Without .mcp.json the most severe finding is high.
    workspace: makeRepo(2, { mcp: false }),
    apiUrl: gh.url,
    inputs: { 'fail-on': 'critical' }
  })
  assert.equal(run.code, 0, run.stdout + run.stderr)
  assert.equal(run.outputs.conclusion, 'neutral')
  assert.equal(gh.checkRuns[0]?.conclusion, 'neutral')
  assert.equal(run.commands('error').filter((l) => l.startsWith('::error::')).length, 0)
  assert.match(gh.comments.get(7)?.[0]?.body ?? '', /Passed with findings/)
})

test('rerun: the comment is found past the first page and updated in place', async () => {
  // 150 earlier comments: humans, a human quoting our marker, another bot
  // comment without the marker, and our comment on the second page.
  const quoting = gh.seedComment(7, `${MARKER}\n> quoting the audit bot: please fix`, 'alice')
  const otherBot = gh.seedComment(7, 'Deploy preview ready', BOT_LOGIN, 'Bot')
  for (let i = 0; i < 128; i++) gh.seedComment(7, `comment ${i} by a human`, i % 2 ? 'bob' : 'carol')
  const ours = gh.seedComment(7, `${MARKER}\nold report`, BOT_LOGIN, 'Bot')
  for (let i = 0; i < 19; i++) gh.seedComment(7, `later comment ${i}`, 'dave')
  assert.equal(gh.comments.get(7)?.length, 150)
  assert.ok((gh.comments.get(7) ?? []).indexOf(ours) >= 100, 'ours is past the first page')

  const first = await runAction({
    event: 'pull_request.same-repo.json',
    eventName: 'pull_request',
    workspace: makeRepo(3),
    apiUrl: gh.url
  })
  assert.equal(first.code, 1, first.stdout + first.stderr)
  assert.equal(gh.requestsTo('POST', /\/issues\/7\/comments$/).length, 0, 'never duplicated')
  const patches = gh.requestsTo('PATCH', /\/issues\/comments\/\d+$/)
  assert.deepEqual(
    patches.map((r) => r.path),
    [`/repos/octo-org/demo/issues/comments/${ours.id}`]
  )
  const pages = gh.requestsTo('GET', /\/issues\/7\/comments$/).map((r) => r.query.get('page') ?? '1')
  assert.deepEqual(pages, ['1', '2'])
  assert.equal(quoting.updated, 0, 'the human comment quoting the marker is not edited')
  assert.equal(otherBot.updated, 0)
  assert.match(ours.body, /❌ \*\*Failed\*\*/)

  // Everything fixed: the same comment now says so. (min-severity keeps the
  // test independent of repository-level low findings a future rule adds.)
  const second = await runAction({
    event: 'pull_request.same-repo.json',
    eventName: 'pull_request',
    workspace: makeCleanRepo(),
    apiUrl: gh.url,
    inputs: { 'min-severity': 'critical' }
  })
  assert.equal(second.code, 0, second.stdout + second.stderr)
  assert.equal(second.outputs.conclusion, 'success')
  assert.equal(second.outputs.findings, '0')
  assert.equal(gh.requestsTo('POST', /\/issues\/7\/comments$/).length, 0)
  assert.equal(ours.updated, 2)
  assert.match(ours.body, /✅ \*\*Passed\*\*: no findings/)
  assert.equal(gh.checkRuns.at(-1)?.conclusion, 'success')
  const markers = (gh.comments.get(7) ?? []).filter((c) => c.user.login === BOT_LOGIN && c.body.startsWith(MARKER))
  assert.equal(markers.length, 1)
  assert.equal(quoting.updated, 0)
})

test('invalid input: usage error, nothing published', async () => {
  const run = await runAction({
    event: 'pull_request.same-repo.json',
    eventName: 'pull_request',
    workspace: makeRepo(1),
    apiUrl: gh.url,
    inputs: { 'fail-on': 'hgih' }
  })
  assert.equal(run.code, 1)
  assert.ok(
    run.stdout.includes(
      '::error::Invalid value for input `fail-on`: "hgih". Allowed values: critical, high, medium, low, info, never.'
    ),
    run.stdout
  )
  assert.equal(gh.requests.length, 0)
  assert.equal(existsSync(join(run.workspace, 'claude-code-audit.sarif')), false)
})
