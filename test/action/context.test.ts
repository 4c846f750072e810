import assert from 'node:assert/strict'
import { readFileSync } from 'node:fs'
import { test } from 'node:test'
import { buildRunContext, getRunContext } from '../../src/context.js'

const HEAD = 'a1b2c3d4e5f60718293a4b5c6d7e8f9012345678'
const MERGE = '0000111122223333444455556666777788889999'

function event(name: string): unknown {
  return JSON.parse(readFileSync(new URL(`../fixtures/events/${name}`, import.meta.url), 'utf8'))
}

const env = {
  GITHUB_REPOSITORY: 'octo-org/demo',
  GITHUB_SHA: MERGE,
  GITHUB_ACTOR: 'alice',
  GITHUB_SERVER_URL: 'https://github.com',
  GITHUB_API_URL: 'https://api.github.com',
  GITHUB_RUN_ID: '99',
  GITHUB_WORKSPACE: '/ws'
}

test('same-repo pull request: head SHA, never the merge commit; can write', () => {
  const ctx = buildRunContext('pull_request', event('pull_request.same-repo.json'), env)
  assert.equal(ctx.headSha, HEAD)
  assert.equal(ctx.prNumber, 7)
  assert.equal(ctx.isFork, false)
  assert.equal(ctx.isDependabot, false)
  assert.equal(ctx.canWrite, true)
  assert.equal(ctx.owner, 'octo-org')
  assert.equal(ctx.repo, 'demo')
  assert.equal(ctx.runUrl, 'https://github.com/octo-org/demo/actions/runs/99')
})

test('fork pull request: read-only', () => {
  const ctx = buildRunContext('pull_request', event('pull_request.fork.json'), {
    ...env,
    GITHUB_ACTOR: 'mallory'
  })
  assert.equal(ctx.isFork, true)
  assert.equal(ctx.canWrite, false)
  assert.equal(ctx.headSha, HEAD)
})

test('deleted fork (head.repo null) counts as a fork', () => {
  const ctx = buildRunContext('pull_request', event('pull_request.deleted-fork.json'), env)
  assert.equal(ctx.isFork, true)
  assert.equal(ctx.canWrite, false)
})

test('pull_request_target from a fork runs with the base token', () => {
  const ctx = buildRunContext('pull_request_target', event('pull_request.fork.json'), env)
  assert.equal(ctx.isFork, true)
  assert.equal(ctx.canWrite, true)
  assert.equal(ctx.headSha, HEAD)
})

test('Dependabot: read-only even from the same repository', () => {
  const ctx = buildRunContext('pull_request', event('pull_request.dependabot.json'), {
    ...env,
    GITHUB_ACTOR: 'dependabot[bot]'
  })
  assert.equal(ctx.isFork, false)
  assert.equal(ctx.isDependabot, true)
  assert.equal(ctx.canWrite, false)
})

test('push: GITHUB_SHA, no pull request', () => {
  const ctx = buildRunContext('push', event('push.json'), { ...env, GITHUB_SHA: HEAD })
  assert.equal(ctx.headSha, HEAD)
  assert.equal(ctx.prNumber, null)
  assert.equal(ctx.canWrite, true)
})

test('workflow_run: head_sha and the first pull request', () => {
  const ctx = buildRunContext(
    'workflow_run',
    {
      repository: { full_name: 'octo-org/demo' },
      workflow_run: {
        head_sha: HEAD,
        head_repository: { full_name: 'octo-org/demo' },
        pull_requests: [{ number: 5 }]
      }
    },
    env
  )
  assert.equal(ctx.headSha, HEAD)
  assert.equal(ctx.prNumber, 5)
  assert.equal(ctx.canWrite, true)
})

test('getRunContext reads GITHUB_EVENT_PATH', () => {
  const path = new URL('../fixtures/events/pull_request.fork.json', import.meta.url).pathname
  const ctx = getRunContext({ ...env, GITHUB_EVENT_NAME: 'pull_request', GITHUB_EVENT_PATH: path })
  assert.equal(ctx.prNumber, 8)
  assert.equal(ctx.isFork, true)
})

test('defaults without a runner environment', () => {
  const ctx = buildRunContext('', {}, {})
  assert.equal(ctx.apiUrl, 'https://api.github.com')
  assert.equal(ctx.serverUrl, 'https://github.com')
  assert.equal(ctx.prNumber, null)
})
