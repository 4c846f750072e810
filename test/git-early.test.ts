/**
 * Git answers asked once or early: whether the audited clone is shallow comes
 * from the rev-parse that locates the repository (one git process fewer per
 * audit; a rev-parse of its own only when git is too old to answer there), and
 * a command started early is taken only once it has answered.
 */
import { after, test } from 'node:test'
import assert from 'node:assert/strict'
import { execFileSync } from 'node:child_process'
import { mkdtempSync, realpathSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { checkLocation, gitEarly, openRepository, shallowRepository, shallowRepositorySync } from '../src/git.js'

const dirs: string[] = []
after(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true })
})

function git(cwd: string, ...args: string[]): void {
  execFileSync('git', ['-c', 'user.email=t@example.com', '-c', 'user.name=t', '-c', 'commit.gpgsign=false', ...args], { cwd, stdio: 'ignore' })
}

/** A repository with two commits, and a clone of it with depth 1. */
function repos(): { full: string; shallow: string } {
  const base = realpathSync(mkdtempSync(join(tmpdir(), 'cca-shallow-')))
  dirs.push(base)
  const full = join(base, 'full')
  git(base, 'init', '-q', full)
  for (const n of ['a', 'b']) {
    writeFileSync(join(full, n), n)
    git(full, 'add', n)
    git(full, 'commit', '-q', '-m', n)
  }
  git(base, 'clone', '-q', '--depth', '1', `file://${full}`, 'shallow')
  return { full, shallow: join(base, 'shallow') }
}

test('the locating rev-parse says whether the clone is shallow', async () => {
  const { full, shallow } = repos()
  assert.equal((await openRepository(full))?.shallow, false)
  assert.equal((await openRepository(shallow))?.shallow, true)
  assert.equal(await shallowRepository(shallow), true)
  assert.equal(await shallowRepository(full), false)
  assert.equal(shallowRepositorySync(shallow), true)
  assert.equal(shallowRepositorySync(full), false)
})

test('checkLocation reads the third line only when it is true or false (an old git echoes the option back)', () => {
  const { full } = repos()
  const gitDir = join(full, '.git')
  assert.equal(checkLocation(full, `${gitDir}\n${full}\ntrue\n`)?.shallow, true)
  assert.equal(checkLocation(full, `${gitDir}\n${full}\nfalse\n`)?.shallow, false)
  const old = checkLocation(full, `${gitDir}\n${full}\n--is-shallow-repository\n`)
  assert.ok(old, 'the repository is still located')
  assert.equal(old.shallow, undefined)
  assert.equal(checkLocation(full, `${gitDir}\n${full}\n`)?.shallow, undefined)
})

test('without a repository there is no answer', async () => {
  const d = realpathSync(mkdtempSync(join(tmpdir(), 'cca-norepo-')))
  dirs.push(d)
  assert.equal(await shallowRepository(d), undefined)
  assert.equal(shallowRepositorySync(d), undefined)
})

test('gitEarly: the answer is there once the command has finished; a failing command settles with none', async () => {
  const { full } = repos()
  const ok = gitEarly(full, ['ls-files', '-z'])
  const bad = gitEarly(full, ['no-such-command'])
  assert.equal(ok.settled, false, 'not answered at once')
  for (let i = 0; i < 600 && !(ok.settled && bad.settled); i++) await new Promise((r) => setTimeout(r, 50))
  assert.equal(ok.settled, true)
  assert.deepEqual(ok.out?.split('\0').filter(Boolean).sort(), ['a', 'b'])
  assert.equal(bad.settled, true)
  assert.equal(bad.out, undefined)
})
