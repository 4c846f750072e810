import { test } from 'node:test'
import { writeFileSync, rmSync } from 'node:fs'
import { join } from 'node:path'
import { spawnSync } from 'node:child_process'
import { writeFixture, gitCommit, runRuleIn, expectFindings } from './harness.js'

const RULE = 'secret-in-git-history'

// Built at run time so no credential-shaped literal is committed in this repository.
function dbUrl(password: string): string {
  return ['postgres', '://', 'app', ':', password, '@', 'db.prod.internal', ':5432/app'].join('')
}

function commitAll(dir: string, message: string): void {
  const r = spawnSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@example.com', '-c', 'commit.gpgsign=false', 'commit', '-qam', message], { cwd: dir })
  if (r.status !== 0) throw new Error(String(r.stderr))
}

test('secret-in-git-history: a password removed from CLAUDE.md is found at the commit that added it', async () => {
  const old = 'Xq7' + 'vR2pLm9sTk4w'
  const current = 'Np3' + 'zH8cWq5yJr1e'
  const dir = writeFixture({ 'CLAUDE.md': '# Notes\n\nnothing yet\n', '.mcp.json': '{}\n' })
  try {
    gitCommit(dir, true, 'init')
    writeFileSync(join(dir, 'CLAUDE.md'), `# Notes\n\nDatabase: ${dbUrl(old)}\n`)
    commitAll(dir, 'add db')
    writeFileSync(join(dir, 'CLAUDE.md'), `# Notes\n\nDatabase: ${dbUrl(current)}\n`)
    commitAll(dir, 'rotate')
    const findings = await runRuleIn(RULE, dir, { history: true })
    // The current password is reported by hardcoded-secret, not here.
    expectFindings(findings, [{ file: 'CLAUDE.md', line: 3, column: 1, severity: 'high', message: /is committed to|was committed to CLAUDE.md in [0-9a-f]{12} \(\d{4}-\d\d-\d\d\)/ }])
    const text = JSON.stringify(findings)
    if (text.includes(old) || text.includes(current)) throw new Error('a secret value leaked into a finding')
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
})

test('secret-in-git-history: off without --history, clean history passes, no git is said so', async () => {
  const dir = writeFixture({ 'CLAUDE.md': '# clean\n' })
  try {
    expectFindings(await runRuleIn(RULE, dir, { history: true }), [{ file: null, line: null, severity: 'info', message: 'not a git work tree' }])
    gitCommit(dir, true, 'init')
    expectFindings(await runRuleIn(RULE, dir, { history: true }), [])
    expectFindings(await runRuleIn(RULE, dir, { history: false }), [])
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
})

test('secret-in-git-history: a shallow clone is reported with the fix, not treated as clean', async () => {
  const src = writeFixture({ 'CLAUDE.md': '# one\n' })
  const dst = writeFixture({})
  try {
    gitCommit(src, true, 'one')
    writeFileSync(join(src, 'CLAUDE.md'), '# two\n')
    commitAll(src, 'two')
    rmSync(dst, { recursive: true, force: true })
    const r = spawnSync('git', ['clone', '-q', '--depth', '1', `file://${src}`, dst])
    if (r.status !== 0) throw new Error(String(r.stderr))
    expectFindings(await runRuleIn(RULE, dst, { history: true }), [{ file: null, severity: 'medium', message: 'fetch-depth: 0' }])
  } finally {
    rmSync(src, { recursive: true, force: true })
    rmSync(dst, { recursive: true, force: true })
  }
})
