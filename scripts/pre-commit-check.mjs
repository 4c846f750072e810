#!/usr/bin/env node
// Checks the pre-commit hook (.pre-commit-hooks.yaml) with the real pre-commit:
// `pre-commit try-repo` of this repository in a repository with a finding
// (must fail and name the rule) and in a clean one (must pass). Run by .ci/run
// (which installs pre-commit); needs `pre-commit` and `git` on PATH.
// Prints 'N passed, N failed' and exits 1 when a check fails.
import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { tmpdir } from 'node:os'
import { spawnSync } from 'node:child_process'
import { fileURLToPath } from 'node:url'

const root = resolve(fileURLToPath(import.meta.url), '..', '..')
const work = mkdtempSync(join(tmpdir(), 'cca-pre-commit-'))
// A private cache: the hook's node environment is built from this checkout.
const env = { ...process.env, PRE_COMMIT_HOME: join(work, 'cache') }

function repo(name, files) {
  const dir = join(work, name)
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(join(dir, path, '..'), { recursive: true })
    writeFileSync(join(dir, path), text)
  }
  const git = (...args) => spawnSync('git', ['-c', 'user.email=ci@example.invalid', '-c', 'user.name=ci', ...args], { cwd: dir })
  git('init', '-q')
  git('add', '-A')
  git('commit', '-qm', 'init')
  return dir
}

function tryRepo(dir) {
  const r = spawnSync('pre-commit', ['try-repo', root, 'claude-code-audit', '--all-files', '--color', 'never'], {
    cwd: dir,
    env,
    encoding: 'utf8',
    timeout: 600_000
  })
  if (r.error) throw r.error
  return { status: r.status, out: `${r.stdout}${r.stderr}` }
}

const checks = [
  {
    name: 'a repository with a high finding fails and names the rule',
    dir: repo('finding', { '.claude/settings.json': '{ "permissions": { "allow": ["Bash"] } }\n' }),
    ok: (r) => r.status === 1 && /claude-code-audit\.+Failed/.test(r.out) && /overbroad-permission/.test(r.out)
  },
  {
    name: 'a clean repository passes',
    dir: repo('clean', {
      'CLAUDE.md': '# Notes\n\nRun the tests with `npm test`.\n',
      '.claude/settings.json': `${JSON.stringify(
        {
          permissions: {
            deny: [
              'Bash(rm -rf *)', 'Bash(sh)', 'Bash(bash)', 'Bash(git push --force*)', 'Bash(git push -f*)', 'Bash(*DROP TABLE*)',
              'Read(./.env)', 'Read(./.env.*)', 'Read(node_modules/**)', 'Read(.next/**)', 'Read(dist/**)',
              'Read(**/*.lock)', 'Read(**/*.png)', 'Read(**/*.jpg)', 'Read(**/*.pdf)'
            ]
          }
        },
        null,
        2
      )}\n`
    }),
    ok: (r) => r.status === 0 && /claude-code-audit\.+Passed/.test(r.out)
  }
]

let passed = 0
let failed = 0
for (const c of checks) {
  const r = tryRepo(c.dir)
  if (c.ok(r)) {
    passed++
    console.log(`ok - ${c.name}`)
  } else {
    failed++
    console.log(`not ok - ${c.name} (exit ${r.status})\n${r.out.split('\n').slice(-40).join('\n')}`)
  }
}
console.log(`${passed} passed, ${failed} failed`)
process.exitCode = failed ? 1 : 0
