/** The fake API enforces the limits the end-to-end tests rely on. */
import assert from 'node:assert/strict'
import { after, before, test } from 'node:test'
import { FakeGitHub, LIMITS } from './fake-github.js'

let gh: FakeGitHub
before(async () => {
  gh = await new FakeGitHub().start()
})
after(async () => {
  await gh.stop()
})

const auth = { authorization: 'token test-token', 'content-type': 'application/json' }

function annotation(i: number): Record<string, unknown> {
  return { path: 'a.yml', start_line: i + 1, end_line: i + 1, annotation_level: 'notice', message: 'm' }
}

test('more than 50 annotations in one request is a 422', async () => {
  const res = await fetch(`${gh.url}/repos/o/r/check-runs`, {
    method: 'POST',
    headers: auth,
    body: JSON.stringify({
      name: 'x',
      head_sha: 'abc',
      output: { title: 't', summary: 's', annotations: Array.from({ length: 51 }, (_, i) => annotation(i)) }
    })
  })
  assert.equal(res.status, 422)
  assert.match(
    ((await res.json()) as { message: string }).message,
    /No more than 50 items are allowed; 51 were supplied/
  )
})

test('columns on a multi-line annotation are a 422', async () => {
  const res = await fetch(`${gh.url}/repos/o/r/check-runs`, {
    method: 'POST',
    headers: auth,
    body: JSON.stringify({
      name: 'x',
      head_sha: 'abc',
      output: {
        title: 't',
        summary: 's',
        annotations: [{ ...annotation(0), end_line: 3, start_column: 1, end_column: 2 }]
      }
    })
  })
  assert.equal(res.status, 422)
})

test('a comment body over 65,536 characters is a 422', async () => {
  const res = await fetch(`${gh.url}/repos/o/r/issues/1/comments`, {
    method: 'POST',
    headers: auth,
    body: JSON.stringify({ body: 'x'.repeat(LIMITS.commentBody + 1) })
  })
  assert.equal(res.status, 422)
  const ok = await fetch(`${gh.url}/repos/o/r/issues/1/comments`, {
    method: 'POST',
    headers: auth,
    body: JSON.stringify({ body: 'x'.repeat(LIMITS.commentBody) })
  })
  assert.equal(ok.status, 201)
})

test('comments are paged (per_page capped at 100) with Link headers', async () => {
  for (let i = 0; i < 250; i++) gh.seedComment(2, `c${i}`, 'alice')
  const first = await fetch(`${gh.url}/repos/o/r/issues/2/comments?per_page=500`, { headers: auth })
  assert.equal(((await first.json()) as unknown[]).length, 100)
  assert.match(first.headers.get('link') ?? '', /[?&]page=2[^>]*>; rel="next"/)
  assert.match(first.headers.get('link') ?? '', /[?&]page=3[^>]*>; rel="last"/)
  const third = await fetch(`${gh.url}/repos/o/r/issues/2/comments?per_page=100&page=3`, { headers: auth })
  assert.equal(((await third.json()) as unknown[]).length, 50)
  assert.doesNotMatch(third.headers.get('link') ?? '', /rel="next"/)
  const defaults = await fetch(`${gh.url}/repos/o/r/issues/2/comments`, { headers: auth })
  assert.equal(((await defaults.json()) as unknown[]).length, LIMITS.perPageDefault)
})

test('requests without the token are refused, and every request is recorded', async () => {
  const res = await fetch(`${gh.url}/repos/o/r/issues/2/comments`)
  assert.equal(res.status, 401)
  assert.ok(gh.requests.length >= 6)
  assert.equal(gh.requests.at(-1)?.status, 401)
})
