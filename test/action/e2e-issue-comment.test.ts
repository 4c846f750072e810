/**
 * End to end, `issue_comment` on a pull request: the payload does not say
 * where the pull request's head comes from, so the action looks it up and
 * applies the fork guard: `verify-hooks` does not run a fork's hooks (nor
 * those of a pull request it cannot look up) unless `verify-hooks-on-forks`
 * opts in. Write channels follow the existing rules (a comment event runs the
 * base repository's workflow with its token).
 */
import assert from 'node:assert/strict'
import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { after, afterEach, before, beforeEach, test } from 'node:test'
import { FakeGitHub } from './fake-github.js'
import { BUNDLE, HAVE_BUNDLE, cleanup, makeRepo, runAction, type ActionRun } from './harness.js'

let gh: FakeGitHub

before(() => assert.ok(HAVE_BUNDLE, `${BUNDLE} is missing: run npm run build first`))
beforeEach(async () => {
  gh = await new FakeGitHub().start()
})
afterEach(async () => {
  await gh.stop()
})
after(cleanup)

/** A pull request as `pulls.get` returns it, with its head in `headRepo` (null: deleted fork). */
function pull(headRepo: string | null): unknown {
  return {
    number: 8,
    state: 'open',
    head: {
      sha: 'a1b2c3d4e5f60718293a4b5c6d7e8f9012345678',
      ref: 'patch-1',
      repo: headRepo && { full_name: headRepo }
    },
    base: { sha: 'b'.repeat(40), ref: 'main', repo: { full_name: 'octo-org/demo' } }
  }
}

/** A repository whose PreToolUse hook crashes: running it yields a "ran this … guard" finding. */
function repoWithHook(): string {
  const dir = makeRepo(1)
  mkdirSync(join(dir, '.claude'), { recursive: true })
  writeFileSync(
    join(dir, '.claude', 'settings.json'),
    JSON.stringify({
      hooks: {
        PreToolUse: [{ matcher: 'Bash', hooks: [{ type: 'command', command: 'cat >/dev/null; echo no >&2; exit 1' }] }]
      }
    })
  )
  return dir
}

async function comment(inputs: Record<string, string>): Promise<ActionRun> {
  return runAction({
    event: 'issue_comment.pr.json',
    eventName: 'issue_comment',
    workspace: repoWithHook(),
    apiUrl: gh.url,
    inputs: { 'check-run': 'false', comment: 'false', ...inputs },
    timeoutMs: 240_000
  })
}

const ranHooks = (run: ActionRun): boolean => /ran this PreToolUse guard against real payloads/.test(run.stdout)
const refusals = (run: ActionRun): string[] => run.commands('notice').filter((l) => /verify-hooks was not run/.test(l))

test('issue_comment on a fork pull request: the PR is looked up and its hooks are not run', async () => {
  gh.pulls.set(8, pull('mallory/demo'))
  const run = await comment({ 'verify-hooks': 'true' })
  assert.equal(gh.requestsTo('GET', /^\/repos\/octo-org\/demo\/pulls\/8$/).length, 1)
  assert.equal(refusals(run).length, 1, run.stdout)
  assert.match(
    refusals(run)[0]!,
    /verify-hooks was not run: pull request #8 comes from a fork, and verifying hooks executes its code/
  )
  assert.equal(ranHooks(run), false)
})

test('issue_comment on a fork pull request with verify-hooks-on-forks: the hooks run', async () => {
  gh.pulls.set(8, pull('mallory/demo'))
  const run = await comment({ 'verify-hooks': 'true', 'verify-hooks-on-forks': 'true' })
  assert.deepEqual(refusals(run), [])
  assert.equal(ranHooks(run), true, run.stdout)
})

test('issue_comment on a same-repository pull request: the hooks run', async () => {
  gh.pulls.set(8, pull('octo-org/demo'))
  const run = await comment({ 'verify-hooks': 'true' })
  assert.equal(gh.requestsTo('GET', /\/pulls\/8$/).length, 1)
  assert.deepEqual(refusals(run), [])
  assert.equal(ranHooks(run), true, run.stdout)
})

test('issue_comment on a pull request that cannot be looked up: treated as a fork', async () => {
  const run = await comment({ 'verify-hooks': 'true' })
  assert.equal(refusals(run).length, 1, run.stdout)
  assert.match(
    refusals(run)[0]!,
    /verify-hooks was not run: pull request #8 could not be looked up \(HTTP 404\) and is treated as coming from a fork/
  )
  assert.equal(ranHooks(run), false)
})

test('issue_comment on a deleted fork: treated as a fork', async () => {
  gh.pulls.set(8, pull(null))
  const run = await comment({ 'verify-hooks': 'true' })
  assert.match(refusals(run)[0] ?? '', /pull request #8 comes from a deleted repository/)
  assert.equal(ranHooks(run), false)
})

test('issue_comment without verify-hooks: no lookup', async () => {
  gh.pulls.set(8, pull('mallory/demo'))
  await comment({})
  assert.equal(gh.requests.filter((r) => /\/pulls\//.test(r.path)).length, 0)
})
