/**
 * Git answers asked once or early: whether the audited clone is shallow comes
 * from the rev-parse that locates the repository (one git process fewer per
 * audit; a rev-parse of its own only when git is too old to answer there), and
 * a command started early is taken only once it has answered.
 */
import { after, test } from 'node:test'
import assert from 'node:assert/strict'
import { execFileSync, spawnSync } from 'node:child_process'
import { mkdirSync, mkdtempSync, readFileSync, realpathSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { pathToFileURL } from 'node:url'
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

test('a git command still running when the process exits is stopped, not left behind', { skip: process.platform === 'win32' && 'POSIX shell script as git' }, () => {
  // A stand-in `git` first on PATH that records its PID and then waits; the child process
  // starts it through runGit and exits without waiting for it.
  const base = realpathSync(mkdtempSync(join(tmpdir(), 'cca-git-exit-')))
  dirs.push(base)
  const bin = join(base, 'bin')
  mkdirSync(bin)
  const pidFile = join(base, 'pid')
  // Written whole, then renamed: the parent sees the file only once it holds the PID.
  writeFileSync(join(bin, 'git'), `#!/bin/sh\necho $$ > ${JSON.stringify(pidFile + '.tmp')}\nmv ${JSON.stringify(pidFile + '.tmp')} ${JSON.stringify(pidFile)}\nexec sleep 60\n`, { mode: 0o755 })
  const gitModule = pathToFileURL(resolve('src/git.ts')).href
  const script = `import { runGit } from ${JSON.stringify(gitModule)}
import { existsSync } from 'node:fs'
void runGit(${JSON.stringify(base)}, ['status'])
const wait = () => (existsSync(${JSON.stringify(pidFile)}) ? process.exit(0) : setTimeout(wait, 20))
wait()
`
  const r = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
    env: { ...process.env, PATH: `${bin}:${process.env.PATH ?? ''}` },
    encoding: 'utf8',
    timeout: 180_000
  })
  assert.equal(r.status, 0, r.stderr)
  const pid = Number(readFileSync(pidFile, 'utf8').trim())
  assert.ok(pid > 0)
  // SIGKILL is delivered at once; give the kernel a moment under load. A zombie (killed, not yet
  // reaped by whoever adopted it) counts as stopped.
  const running = (): boolean => {
    try {
      process.kill(pid, 0)
    } catch {
      return false
    }
    try {
      return !/^\d+ \(.*\) Z/.test(readFileSync(`/proc/${pid}/stat`, 'utf8'))
    } catch {
      return true
    }
  }
  let alive = running()
  for (let i = 0; i < 200 && alive; i++) {
    execFileSync('sleep', ['0.05'])
    alive = running()
  }
  assert.equal(alive, false, 'the git process was stopped when its parent exited')
})
