/**
 * End to end, pull-request mode: the bundled action in a shallow checkout of
 * the PR head (as actions/checkout makes it), with a local bare repository
 * standing in for `origin`. The base commit is fetched, audited, and only
 * what the pull request adds is judged, annotated and listed first.
 */
import assert from 'node:assert/strict'
import { spawnSync } from 'node:child_process'
import { appendFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { after, afterEach, before, beforeEach, test } from 'node:test'
import { FakeGitHub } from './fake-github.js'
import { BUNDLE, HAVE_BUNDLE, cleanup, runAction } from './harness.js'

const ID = ['-c', 'user.name=t', '-c', 'user.email=t@example.com', '-c', 'commit.gpgsign=false', '-c', 'init.defaultBranch=main']
const MARKER = '<!-- claude-code-audit -->'
const dirs: string[] = []
let gh: FakeGitHub

before(() => assert.ok(HAVE_BUNDLE, `${BUNDLE} is missing: run npm run build first`))
beforeEach(async () => {
  gh = await new FakeGitHub().start()
})
afterEach(async () => {
  await gh.stop()
})
after(() => {
  cleanup()
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true })
})

function git(cwd: string, args: string[]): string {
  const r = spawnSync('git', [...ID, ...args], { cwd, encoding: 'utf8' })
  if (r.status !== 0) throw new Error(`git ${args.join(' ')}: ${r.stderr}`)
  return r.stdout.trim()
}

function temp(prefix: string): string {
  const d = mkdtempSync(join(tmpdir(), prefix))
  dirs.push(d)
  return d
}

/** Six jobs running Claude without timeout, turn cap or pinned model: many old findings. */
function oldWorkflow(): string {
  let y = 'name: Claude\non:\n  pull_request:\njobs:\n'
  for (let i = 0; i < 6; i++) {
    y +=
      `  review_${i}:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: anthropics/claude-code-action@v1\n` +
      '        with:\n          anthropic_api_key: ${{ secrets.ANTHROPIC_API_KEY }}\n'
  }
  return y
}

/**
 * origin (bare) with a base commit and a PR head made by `change`; the
 * workspace is a depth-1 clone of the head; the event names both commits.
 */
function pullRequest(change: (dir: string) => void): { workspace: string; event: string; base: string; head: string } {
  const work = temp('cca-work-')
  git(work, ['init', '-q', '.'])
  mkdirSync(join(work, '.github', 'workflows'), { recursive: true })
  writeFileSync(join(work, '.github', 'workflows', 'claude.yml'), oldWorkflow())
  writeFileSync(join(work, 'README.md'), '# demo\n')
  git(work, ['add', '-A'])
  git(work, ['commit', '-qm', 'base'])
  const base = git(work, ['rev-parse', 'HEAD'])
  change(work)
  git(work, ['add', '-A'])
  git(work, ['commit', '-qm', 'head'])
  const head = git(work, ['rev-parse', 'HEAD'])
  const origin = temp('cca-origin-')
  git(origin, ['clone', '-q', '--bare', work, '.'])
  const workspace = temp('cca-ws-')
  git(workspace, ['clone', '-q', '--depth=1', `file://${origin}`, '.'])
  const payload = JSON.parse(readFileSync(resolve('test/fixtures/events/pull_request.same-repo.json'), 'utf8')) as {
    pull_request: { head: { sha: string }; base: { sha: string } }
  }
  payload.pull_request.head.sha = head
  payload.pull_request.base.sha = base
  const event = join(temp('cca-event-'), 'event.json')
  writeFileSync(event, JSON.stringify(payload))
  return { workspace, event, base, head }
}

async function run(pr: { workspace: string; event: string }, inputs: Record<string, string> = {}) {
  return runAction({
    event: 'pull_request.same-repo.json',
    eventName: 'pull_request',
    workspace: pr.workspace,
    apiUrl: gh.url,
    inputs,
    env: { GITHUB_EVENT_PATH: pr.event },
    timeoutMs: 120_000
  })
}

test('a pull request that adds one problem fails on that one and annotates only it', { timeout: 300_000 }, async () => {
  const pr = pullRequest((d) =>
    appendFileSync(join(d, '.github/workflows/claude.yml'), '  call:\n    uses: ./.github/workflows/build.yml\n    secrets: inherit\n')
  )
  const r = await run(pr)
  assert.equal(r.code, 1, r.stdout + r.stderr)
  assert.equal(r.outputs['new-findings'], '1')
  assert.equal(r.outputs['fixed-findings'], '0')
  assert.ok(Number(r.outputs.findings) > 20, `many old findings, got ${r.outputs.findings}`)
  assert.equal(r.outputs.conclusion, 'failure')
  // Workflow-command annotations: the new finding only, plus the verdict.
  const located = [...r.commands('error'), ...r.commands('warning'), ...r.commands('notice')].filter((l) => l.includes('file='))
  assert.equal(located.length, 1, located.join('\n'))
  assert.match(located[0]!, /^::error title=reusable workflow receives every secret \(secrets-inherit%2C high\),file=\.github\/workflows\/claude\.yml,line=43,/)
  assert.deepEqual(r.commands('error').filter((l) => l.startsWith('::error::')), ['::error::1 new finding at or above fail-on "high" (' + r.outputs.findings + ' in total).'])
  // Check run on the head commit: one annotation.
  const check = gh.checkRuns[0]!
  assert.equal(check.head_sha, pr.head)
  assert.deepEqual(
    check.annotations.map((a) => [a.path, a.start_line, a.title]),
    [['.github/workflows/claude.yml', 43, 'reusable workflow receives every secret (secrets-inherit, high)']]
  )
  // The comment leads with the new finding, open; the old ones are one line.
  const body = gh.comments.get(7)?.[0]?.body ?? ''
  assert.ok(body.startsWith(MARKER))
  assert.match(body, /❌ \*\*Failed\*\*: 1 new finding at or above `high`/)
  assert.match(body, /### New findings \(1 finding, 1 entry\)/)
  assert.ok(body.includes(`/blob/${pr.head}/.github/workflows/claude.yml#L43`))
  assert.match(body, new RegExp(`\\n${Number(r.outputs.findings) - 1} existing findings \\([^)]*\\) are in the base commit too, not judged — \\[full report\\]\\(https://github.com/octo-org/demo/actions/runs/4242\\)\\.\\n`))
  assert.ok(body.indexOf('### New findings') < body.indexOf('existing findings'))
  assert.match(r.stdout, /Compared with the base commit [0-9a-f]{40}: 1 new, 0 fixed, \d+ existing\./)
})

test('a pull request that adds nothing passes and the comment counts the old findings', { timeout: 300_000 }, async () => {
  const pr = pullRequest((d) => writeFileSync(join(d, 'README.md'), '# demo\n\nMore words.\n'))
  const r = await run(pr)
  assert.equal(r.code, 0, r.stdout + r.stderr)
  assert.equal(r.outputs['new-findings'], '0')
  assert.equal(r.outputs.conclusion, 'neutral')
  assert.equal(r.commands('error').length, 0)
  assert.equal(gh.checkRuns[0]?.annotations.length, 0)
  const body = gh.comments.get(7)?.[0]?.body ?? ''
  assert.match(body, /✅ \*\*Passed\*\*: no new findings at or above `high`\./)
  assert.ok(!body.includes('### New findings'))
  assert.match(body, new RegExp(`\\n${r.outputs.findings} existing findings \\(`))
  // scope: all judges the whole repository again.
  const all = await run(pr, { scope: 'all' })
  assert.equal(all.code, 1)
})

test('the head cannot configure its own gate: the configuration is read from the base commit', { timeout: 300_000 }, async () => {
  const pr = pullRequest((d) => {
    appendFileSync(join(d, '.github/workflows/claude.yml'), '  call:\n    uses: ./.github/workflows/build.yml\n    secrets: inherit\n')
    writeFileSync(join(d, '.claude-code-audit.yml'), 'fail-on: never\nrules:\n  secrets-inherit:\n    disable: true\n')
  })
  const r = await run(pr)
  assert.equal(r.code, 1, r.stdout + r.stderr)
  assert.equal(r.outputs['new-findings'], '1')
})

test('a clean pull request on a clean repository leaves no comment', { timeout: 300_000 }, async () => {
  const work = temp('cca-clean-')
  git(work, ['init', '-q', '.'])
  writeFileSync(join(work, 'README.md'), '# clean\n')
  git(work, ['add', '-A'])
  git(work, ['commit', '-qm', 'base'])
  const base = git(work, ['rev-parse', 'HEAD'])
  writeFileSync(join(work, 'README.md'), '# clean 2\n')
  git(work, ['commit', '-qam', 'head'])
  const head = git(work, ['rev-parse', 'HEAD'])
  const payload = JSON.parse(readFileSync(resolve('test/fixtures/events/pull_request.same-repo.json'), 'utf8')) as {
    pull_request: { head: { sha: string }; base: { sha: string } }
  }
  payload.pull_request.head.sha = head
  payload.pull_request.base.sha = base
  const event = join(temp('cca-event-'), 'event.json')
  writeFileSync(event, JSON.stringify(payload))
  const r = await run({ workspace: work, event })
  assert.equal(r.code, 0, r.stdout + r.stderr)
  assert.equal(r.outputs.findings, '0')
  assert.equal(gh.requestsTo('POST', /\/issues\/7\/comments$/).length, 0)
  assert.equal(gh.comments.get(7)?.length ?? 0, 0)
  // An earlier comment is updated, so it does not keep stale findings.
  const old = gh.seedComment(7, `${MARKER}\nold findings`, 'github-actions[bot]', 'Bot')
  const again = await run({ workspace: work, event })
  assert.equal(again.code, 0)
  assert.notEqual(old.body, `${MARKER}\nold findings`)
})
