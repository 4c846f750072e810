/**
 * End to end, API limits and failures: comment size, 422, rate limits and
 * server errors. Reporting failures are one warning each and never change
 * the verdict.
 */
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import assert from 'node:assert/strict'
import { after, afterEach, before, beforeEach, test } from 'node:test'
import { FakeGitHub, LIMITS } from './fake-github.js'
import { BUNDLE, HAVE_BUNDLE, cleanup, makeRepo, runAction } from './harness.js'

let gh: FakeGitHub

before(() => assert.ok(HAVE_BUNDLE, `${BUNDLE} is missing: run npm run build first`))
beforeEach(async () => {
  gh = await new FakeGitHub().start()
})
afterEach(async () => {
  await gh.stop()
})
after(cleanup)

function channelWarnings(lines: string[]): string[] {
  return lines.filter((l) => / failed: /.test(l))
}

test('a report larger than a comment is cut so GitHub never answers 422', async () => {
  const workspace = makeRepo(150, { jobNameLength: 250 })
  const run = await runAction({
    event: 'pull_request.same-repo.json',
    eventName: 'pull_request',
    workspace,
    apiUrl: gh.url
  })
  assert.equal(run.code, 1, run.stdout + run.stderr)
  const posts = gh.requestsTo('POST', /\/issues\/7\/comments$/)
  assert.equal(posts.length, 1)
  assert.equal(posts[0]!.status, 201)
  const body = gh.comments.get(7)![0]!.body
  assert.ok(body.length <= LIMITS.commentBody, `comment is ${body.length} characters`)
  assert.match(body, /\*\*Note:\*\* \d+ more findings not shown here \(size limit\)/)
  // The summary has room for all of them.
  assert.doesNotMatch(run.summary, /not shown here/)
  // Every finding with a location is an annotation (repository-level findings have none).
  const sarif = JSON.parse(readFileSync(join(workspace, 'claude-code-audit.sarif'), 'utf8')) as {
    runs: { results: { locations: { physicalLocation: { region?: unknown } }[] }[] }[]
  }
  const located = sarif.runs[0]!.results.filter((r) => r.locations[0]!.physicalLocation.region !== undefined)
  assert.equal(sarif.runs[0]!.results.length, Number(run.outputs.findings))
  assert.equal(gh.checkRuns[0]!.annotations.length, located.length)
  assert.equal(channelWarnings(run.commands('warning')).length, 0)
})

test('a 422 on the comment is one warning; verdict unchanged', async () => {
  gh.faults.push({
    method: 'POST',
    path: /\/issues\/\d+\/comments$/,
    status: 422,
    body: {
      message: 'Validation Failed',
      errors: [
        {
          resource: 'IssueComment',
          code: 'custom',
          field: 'body',
          message: 'body is too long (maximum is 65536 characters)'
        }
      ]
    }
  })
  const run = await runAction({
    event: 'pull_request.same-repo.json',
    eventName: 'pull_request',
    workspace: makeRepo(2),
    apiUrl: gh.url
  })
  assert.equal(run.code, 1, run.stdout + run.stderr)
  assert.equal(run.outputs.conclusion, 'failure')
  const warnings = channelWarnings(run.commands('warning'))
  assert.equal(warnings.length, 1)
  assert.match(warnings[0]!, /Pull request comment failed: HTTP 422/)
  assert.equal(gh.requestsTo('POST', /\/comments$/).length, 1, '422 is not retried')
  assert.equal(gh.checkRuns.length, 1)
  assert.match(run.summary, /## Claude Code audit/)
})

test('429 with retry-after, then success', async () => {
  gh.faults.push({
    method: 'POST',
    path: /\/check-runs$/,
    status: 429,
    times: 1,
    headers: { 'retry-after': '1' },
    body: { message: 'You have exceeded a secondary rate limit. Please wait a few minutes before you try again.' }
  })
  // A primary rate limit (403 with x-ratelimit-remaining: 0) on the comment.
  gh.faults.push({
    method: 'POST',
    path: /\/issues\/7\/comments$/,
    status: 403,
    times: 1,
    headers: {
      'x-ratelimit-remaining': '0',
      'x-ratelimit-reset': String(Math.floor(Date.now() / 1000) + 1)
    },
    body: { message: 'API rate limit exceeded for installation.' }
  })
  const run = await runAction({
    event: 'pull_request.same-repo.json',
    eventName: 'pull_request',
    workspace: makeRepo(2),
    apiUrl: gh.url
  })
  assert.equal(run.code, 1, run.stdout + run.stderr)
  assert.deepEqual(
    gh.requestsTo('POST', /\/check-runs$/).map((r) => r.status),
    [429, 201]
  )
  assert.deepEqual(
    gh.requestsTo('POST', /\/issues\/7\/comments$/).map((r) => r.status),
    [403, 201]
  )
  assert.equal(gh.checkRuns.length, 1)
  assert.equal(gh.comments.get(7)?.length, 1)
  assert.equal(channelWarnings(run.commands('warning')).length, 0)
  assert.match(run.stdout, /secondary rate limit on POST .*check-runs: retrying/)
})

test('500 on the check run: retried, then one warning; verdict unchanged', async () => {
  gh.faults.push({ method: 'POST', path: /\/check-runs$/, status: 500, body: { message: 'Server Error' } })
  const run = await runAction({
    event: 'pull_request.same-repo.json',
    eventName: 'pull_request',
    workspace: makeRepo(2),
    apiUrl: gh.url
  })
  assert.equal(run.code, 1, run.stdout + run.stderr)
  assert.equal(run.outputs.conclusion, 'failure')
  assert.equal(gh.requestsTo('POST', /\/check-runs$/).length, 3, 'one attempt and two retries')
  const warnings = channelWarnings(run.commands('warning'))
  assert.equal(warnings.length, 1)
  assert.match(warnings[0]!, /Check run failed: HTTP 500/)
  assert.equal(gh.comments.get(7)?.length, 1, 'the comment is still posted')
  assert.match(run.commands('error').at(-1) ?? '', /at or above fail-on "high"/)
})

test('500 under fail-on never: warning, still exit 0', async () => {
  gh.faults.push({ path: /\/check-runs/, status: 503, body: { message: 'Unavailable' } })
  const run = await runAction({
    event: 'push.json',
    eventName: 'push',
    workspace: makeRepo(1),
    apiUrl: gh.url,
    inputs: { 'fail-on': 'never' }
  })
  assert.equal(run.code, 0, run.stdout + run.stderr)
  assert.equal(run.outputs.conclusion, 'neutral')
  assert.equal(channelWarnings(run.commands('warning')).length, 1)
})

test('an update failing after the check run exists: one warning, conclusion kept', async () => {
  gh.faults.push({ method: 'PATCH', path: /\/check-runs\/\d+$/, status: 502, body: { message: 'Bad Gateway' } })
  const run = await runAction({
    event: 'pull_request.same-repo.json',
    eventName: 'pull_request',
    workspace: makeRepo(20),
    apiUrl: gh.url
  })
  assert.equal(run.code, 1, run.stdout + run.stderr)
  assert.equal(gh.checkRuns.length, 1)
  assert.equal(gh.checkRuns[0]!.conclusion, 'failure')
  assert.equal(gh.checkRuns[0]!.annotations.length, 50)
  const warnings = channelWarnings(run.commands('warning'))
  assert.equal(warnings.length, 1)
  assert.match(warnings[0]!, /Check run failed: HTTP 502.*only its first 50 annotations were sent/)
  assert.equal(gh.comments.get(7)?.length, 1)
})
