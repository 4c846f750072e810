import assert from 'node:assert/strict'
import { readFileSync } from 'node:fs'
import { test } from 'node:test'
import { buildRunContext, getRunContext, removeSecretsFromEnvironment, resolvePullRequest } from '../../src/context.js'

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

test('issue_comment on a pull request: untrusted until the pull request is looked up; the token can write', () => {
  const ctx = buildRunContext('issue_comment', event('issue_comment.pr.json'), env)
  assert.equal(ctx.unresolvedPr, 8)
  assert.equal(ctx.isFork, true)
  assert.equal(ctx.canWrite, true)
  assert.equal(ctx.prNumber, null)
  assert.match(ctx.forkReason ?? '', /^pull request #8 has not been looked up/)
  // A comment on an issue acts on no pull request.
  const plain = buildRunContext(
    'issue_comment',
    { issue: { number: 3 }, repository: { full_name: 'octo-org/demo' } },
    env
  )
  assert.deepEqual([plain.unresolvedPr, plain.isFork], [null, false])
})

test('resolvePullRequest: same repository, fork, deleted fork, lookup failure', async () => {
  const ctx = buildRunContext('issue_comment', event('issue_comment.pr.json'), env)
  const pr = (head: string | null) => async (n: number) => ({
    number: n,
    head: { repo: head && { full_name: head } },
    base: { repo: { full_name: 'octo-org/demo' } }
  })
  const same = await resolvePullRequest(ctx, pr('octo-org/demo'))
  assert.deepEqual([same.isFork, same.unresolvedPr, same.forkReason], [false, null, undefined])
  const fork = await resolvePullRequest(ctx, pr('mallory/demo'))
  assert.deepEqual([fork.isFork, fork.forkReason], [true, 'pull request #8 comes from a fork'])
  const deleted = await resolvePullRequest(ctx, pr(null))
  assert.deepEqual([deleted.isFork, deleted.forkReason], [true, 'pull request #8 comes from a deleted repository'])
  const failed = await resolvePullRequest(ctx, () =>
    Promise.reject(Object.assign(new Error('Not Found'), { status: 404 }))
  )
  assert.deepEqual(
    [failed.isFork, failed.forkReason],
    [true, 'pull request #8 could not be looked up (HTTP 404) and is treated as coming from a fork']
  )
  // Nothing to resolve: the context is returned as it is, without a request.
  const push = buildRunContext('push', event('push.json'), env)
  assert.equal(await resolvePullRequest(push, () => Promise.reject(new Error('no request expected'))), push)
})

test('removeSecretsFromEnvironment: the token under any name and the runner credentials', () => {
  const envv: NodeJS.ProcessEnv = {
    INPUT_TOKEN: 't0ken',
    GITHUB_TOKEN: 't0ken',
    MY_COPY: 't0ken',
    ACTIONS_RUNTIME_TOKEN: 'rt',
    ACTIONS_ID_TOKEN_REQUEST_TOKEN: 'oidc',
    GITHUB_ENV: '/runner/set_env',
    PATH: '/usr/bin'
  }
  assert.deepEqual(removeSecretsFromEnvironment(envv, 't0ken'), [
    'ACTIONS_ID_TOKEN_REQUEST_TOKEN',
    'ACTIONS_RUNTIME_TOKEN',
    'GITHUB_TOKEN',
    'INPUT_TOKEN',
    'MY_COPY'
  ])
  assert.deepEqual(envv, { GITHUB_ENV: '/runner/set_env', PATH: '/usr/bin' })
})
