/**
 * End to end, read-only tokens and push events: pull requests from forks and
 * from Dependabot skip the check run and the comment with one notice, keep
 * summary, annotations and SARIF, and exit by the findings alone; a push gets
 * a check run and a summary but no comment.
 */
import assert from 'node:assert/strict'
import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { after, afterEach, before, beforeEach, test } from 'node:test'
import { FakeGitHub } from './fake-github.js'
import { BUNDLE, HAVE_BUNDLE, HEAD_SHA, cleanup, makeRepo, runAction } from './harness.js'

let gh: FakeGitHub

before(() => assert.ok(HAVE_BUNDLE, `${BUNDLE} is missing: run npm run build first`))
beforeEach(async () => {
  gh = await new FakeGitHub().start()
  // Every write is refused, as for a read-only GITHUB_TOKEN.
  gh.faults.push({
    path: /^\/repos\//,
    method: 'POST',
    status: 403,
    body: { message: 'Resource not accessible by integration', status: '403' }
  })
  gh.faults.push({
    path: /^\/repos\//,
    method: 'PATCH',
    status: 403,
    body: { message: 'Resource not accessible by integration', status: '403' }
  })
})
afterEach(async () => {
  await gh.stop()
})
after(cleanup)

function channelWarnings(lines: string[]): string[] {
  return lines.filter((l) => / failed: /.test(l))
}

test('fork PR: one notice, summary + annotations + SARIF kept, exit by findings', async () => {
  const workspace = makeRepo(4)
  const run = await runAction({
    event: 'pull_request.fork.json',
    eventName: 'pull_request',
    workspace,
    apiUrl: gh.url
  })
  assert.equal(run.code, 1, run.stdout + run.stderr)
  assert.equal(gh.writes().length, 0, 'no write is attempted')
  const notices = run.commands('notice').filter((l) => l.includes('skipped'))
  assert.equal(notices.length, 1)
  assert.match(notices[0]!, /pull requests from forks get a read-only token/)
  assert.equal(channelWarnings(run.commands('warning')).length, 0)
  assert.match(run.summary, /## Claude Code audit/)
  assert.ok(existsSync(join(workspace, 'claude-code-audit.sarif')))
  assert.ok(run.commands('error').some((l) => l.includes('file=.github/workflows/claude.yml')))
  assert.equal(run.outputs.conclusion, 'failure')
  assert.match(run.commands('error').at(-1) ?? '', /at or above fail-on "high"/)

  // The same findings under fail-on never: success exit, nothing else changes.
  const lenient = await runAction({
    event: 'pull_request.fork.json',
    eventName: 'pull_request',
    workspace,
    apiUrl: gh.url,
    inputs: { 'fail-on': 'never' }
  })
  assert.equal(lenient.code, 0, lenient.stdout + lenient.stderr)
  assert.equal(lenient.outputs.conclusion, 'neutral')
  assert.equal(gh.writes().length, 0)
})

test('fork PR: verify-hooks is refused unless verify-hooks-on-forks', async () => {
  const run = await runAction({
    event: 'pull_request.fork.json',
    eventName: 'pull_request',
    workspace: makeRepo(1),
    apiUrl: gh.url,
    inputs: { 'verify-hooks': 'true' }
  })
  assert.ok(
    run.commands('notice').some((l) => /verify-hooks was not run/.test(l)),
    run.stdout
  )
})

test('Dependabot PR: treated as read-only', async () => {
  const run = await runAction({
    event: 'pull_request.dependabot.json',
    eventName: 'pull_request',
    workspace: makeRepo(2),
    apiUrl: gh.url
  })
  assert.equal(run.code, 1, run.stdout + run.stderr)
  assert.equal(gh.requests.length, 0)
  const notices = run.commands('notice').filter((l) => l.includes('skipped'))
  assert.equal(notices.length, 1)
  assert.match(notices[0]!, /Dependabot/)
  assert.match(run.summary, /## Claude Code audit/)
})

test('same-repo PR whose token cannot write: one warning per channel, verdict unchanged', async () => {
  const run = await runAction({
    event: 'pull_request.same-repo.json',
    eventName: 'pull_request',
    workspace: makeRepo(2),
    apiUrl: gh.url
  })
  assert.equal(run.code, 1, run.stdout + run.stderr)
  assert.equal(run.outputs.conclusion, 'failure')
  const warnings = channelWarnings(run.commands('warning'))
  assert.equal(warnings.length, 2, warnings.join('\n'))
  assert.match(warnings[0]!, /Check run failed: HTTP 403.*checks: write/)
  assert.match(warnings[1]!, /Pull request comment failed: HTTP 403.*pull-requests: write/)
  // 403 is not retried: one attempt per write.
  assert.equal(gh.requestsTo('POST', /\/check-runs$/).length, 1)
  assert.equal(gh.requestsTo('POST', /\/comments$/).length, 1)
  assert.match(run.summary, /## Claude Code audit/)
})

test('push: check run on GITHUB_SHA and summary, no comment', async () => {
  gh.faults.length = 0
  const run = await runAction({
    event: 'push.json',
    eventName: 'push',
    workspace: makeRepo(2),
    apiUrl: gh.url
  })
  assert.equal(run.code, 1, run.stdout + run.stderr)
  assert.equal(gh.checkRuns.length, 1)
  assert.equal(gh.checkRuns[0]!.head_sha, HEAD_SHA)
  assert.equal(gh.requests.filter((r) => /comments|graphql/.test(r.path)).length, 0)
  assert.match(run.summary, /## Claude Code audit/)
  assert.equal(run.commands('notice').filter((l) => l.includes('skipped')).length, 0)
  const sarif = JSON.parse(readFileSync(join(run.workspace, 'claude-code-audit.sarif'), 'utf8')) as { runs: unknown[] }
  assert.equal(sarif.runs.length, 1)
})
