/**
 * script/release with the real git, in a scratch repository whose `origin` is a
 * local bare repository: it tags vX.Y.Z, moves the major tag, sets every version
 * and refuses what must not be released.
 */
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { spawnSync } from 'node:child_process'
import { cpSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { tmpdir } from 'node:os'

const SCRIPT = resolve('script', 'release')
const GIT_ENV = { ...process.env, GIT_AUTHOR_NAME: 't', GIT_AUTHOR_EMAIL: 't@example.invalid', GIT_COMMITTER_NAME: 't', GIT_COMMITTER_EMAIL: 't@example.invalid' }

function git(cwd: string, ...args: string[]): string {
  const r = spawnSync('git', args, { cwd, encoding: 'utf8', env: GIT_ENV })
  assert.equal(r.status, 0, `git ${args.join(' ')}: ${r.stderr}`)
  return r.stdout.trim()
}

/** A scratch project with a build that writes dist/ from the version, pushed to a bare origin. */
function project(changelog: string): { dir: string; origin: string } {
  const base = mkdtempSync(join(tmpdir(), 'cca-release-'))
  const origin = join(base, 'origin.git')
  const dir = join(base, 'work')
  git(base, 'init', '-q', '--bare', '-b', 'main', origin)
  mkdirSync(join(dir, 'src', 'core'), { recursive: true })
  mkdirSync(join(dir, '.claude-plugin'), { recursive: true })
  mkdirSync(join(dir, 'script'), { recursive: true })
  cpSync(SCRIPT, join(dir, 'script', 'release'))
  writeFileSync(join(dir, 'package.json'), `${JSON.stringify({ name: 'x', version: '1.0.0' }, null, 2)}\n`)
  writeFileSync(join(dir, '.claude-plugin', 'plugin.json'), `${JSON.stringify({ name: 'x', version: '1.0.0' }, null, 2)}\n`)
  writeFileSync(join(dir, 'src', 'core', 'version.ts'), "export const VERSION = '1.0.0'\n")
  writeFileSync(join(dir, 'build.sh'), 'mkdir -p dist && node -p "require(\'./package.json\').version" > dist/version.txt\n')
  writeFileSync(join(dir, 'CHANGELOG.md'), changelog)
  git(dir, 'init', '-q', '-b', 'main')
  spawnSync('sh', ['build.sh'], { cwd: dir })
  git(dir, 'add', '-A')
  git(dir, 'commit', '-qm', 'init')
  git(dir, 'tag', '-a', 'v1.0.0', '-m', 'v1.0.0')
  git(dir, 'remote', 'add', 'origin', origin)
  git(dir, 'push', '-q', 'origin', 'main', 'v1.0.0')
  return { dir, origin }
}

function release(dir: string, version: string): { status: number | null; out: string } {
  const r = spawnSync(join(dir, 'script', 'release'), [version], {
    cwd: dir,
    encoding: 'utf8',
    env: { ...GIT_ENV, RELEASE_BUILD: 'sh build.sh' },
    stdio: ['ignore', 'pipe', 'pipe'],
    timeout: 120_000
  })
  return { status: r.status, out: `${r.stdout}${r.stderr}` }
}

test('a release tags vX.Y.Z, moves the major tag and sets every version', () => {
  const { dir, origin } = project('# Changelog\n\n## 1.1.0\n\n- more\n\n## 1.0.0\n\n- first\n')
  const r = release(dir, '1.1.0')
  assert.equal(r.status, 0, r.out)
  const head = git(dir, 'rev-parse', 'HEAD')
  assert.equal(git(origin, 'rev-parse', 'v1.1.0^{commit}'), head)
  assert.equal(git(origin, 'rev-parse', 'v1^{commit}'), head)
  assert.equal(git(origin, 'rev-parse', 'main'), head)
  assert.equal(git(dir, 'log', '-1', '--format=%s'), 'Release v1.1.0')
  assert.equal(JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')).version, '1.1.0')
  assert.equal(JSON.parse(readFileSync(join(dir, '.claude-plugin', 'plugin.json'), 'utf8')).version, '1.1.0')
  assert.equal(readFileSync(join(dir, 'src', 'core', 'version.ts'), 'utf8'), "export const VERSION = '1.1.0'\n")
  // dist/ was rebuilt from the new version and committed with it.
  assert.equal(git(dir, 'show', 'HEAD:dist/version.txt'), '1.1.0')
})

test('a release refuses an older version, a missing CHANGELOG section, a bad version and a dirty tree', () => {
  const { dir, origin } = project('# Changelog\n\n## 1.0.0\n\n- first\n')
  const before = git(origin, 'rev-parse', 'main')
  assert.match(release(dir, '0.9.0').out, /not newer than v1\.0\.0/)
  assert.match(release(dir, '1.0.0').out, /not newer than v1\.0\.0/)
  assert.match(release(dir, '1.2').out, /not a semantic version/)
  assert.match(release(dir, '1.2.0').out, /no '## 1\.2\.0' section/)
  writeFileSync(join(dir, 'CHANGELOG.md'), '# Changelog\n\n## 1.2.0\n')
  const dirty = release(dir, '1.2.0')
  assert.notEqual(dirty.status, 0)
  assert.match(dirty.out, /uncommitted changes/)
  assert.equal(git(origin, 'rev-parse', 'main'), before)
  assert.equal(spawnSync('git', ['rev-parse', '-q', '--verify', 'refs/tags/v1'], { cwd: origin }).status, 1)
})
