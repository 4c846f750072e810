/**
 * Git never runs code from the audited tree, and never sees the caller's
 * secrets. Each hostile repository here names a program git would run (an
 * fsmonitor hook in `.git/config`, a bare repository committed as a
 * sub-folder, a textconv driver for `--history`); the program writes a marker
 * file, which must never appear during a full audit. A git wrapper first on
 * PATH records the environment every git child receives.
 */
import { after, test } from 'node:test'
import assert from 'node:assert/strict'
import { execFileSync, spawnSync } from 'node:child_process'
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { runAudit } from '../../src/audit.js'
import { prng, seededKeys } from './helpers.js'

const dirs: string[] = []
after(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true })
})

function tempDir(): string {
  const d = mkdtempSync(join(tmpdir(), 'cca-git-iso-'))
  dirs.push(d)
  return d
}

function put(root: string, rel: string, text: string): void {
  mkdirSync(dirname(join(root, rel)), { recursive: true })
  writeFileSync(join(root, rel), text)
}

/** Plain git for building fixtures (never the code under test). */
function git(cwd: string, ...args: string[]): void {
  execFileSync('git', ['-c', 'user.email=t@example.com', '-c', 'user.name=t', '-c', 'commit.gpgsign=false', ...args], { cwd, stdio: 'ignore' })
}

/** A script that records that it ran (and its environment) in `marker`. */
function markerScript(dir: string, marker: string): string {
  const script = join(dir, 'hostile.sh')
  writeFileSync(script, `#!/bin/sh\nenv >> '${marker}'\necho ran >> '${marker}'\ncat\n`)
  chmodSync(script, 0o755)
  return script
}

/** A committed MCP file that once held an API key (found only by a working history scan). */
function repoWithHistory(root: string): void {
  const key = seededKeys.anthropicApi(prng(7)).secret
  git(root, 'init', '-q')
  put(root, '.mcp.json', JSON.stringify({ mcpServers: { a: { command: 'npx', args: ['-y', 'a@1.0.0'], env: { ANTHROPIC_API_KEY: key } } } }, null, 2))
  put(root, '.claude/settings.json', '{"permissions": {"deny": ["Bash(rm -rf:*)"]}}\n')
  git(root, 'add', '-A')
  git(root, 'commit', '-q', '-m', 'one')
  put(root, '.mcp.json', JSON.stringify({ mcpServers: { a: { command: 'npx', args: ['-y', 'a@1.0.0'] } } }, null, 2))
  git(root, 'commit', '-q', '-am', 'two')
}

const historyFound = (r: Awaited<ReturnType<typeof runAudit>>): boolean => r.findings.some((f) => f.ruleId === 'secret-in-git-history')

test('a .git/config fsmonitor hook never runs during a full audit with --history', async () => {
  const dir = tempDir()
  const root = join(dir, 'repo')
  mkdirSync(root)
  const marker = join(dir, 'marker')
  repoWithHistory(root)
  git(root, 'config', 'core.fsmonitor', markerScript(dir, marker))
  const result = await runAudit({ root, history: true, minSeverity: 'info' })
  assert.equal(existsSync(marker), false, 'the fsmonitor hook ran')
  assert.ok(historyFound(result), 'git still answered: the history scan found the removed key')
})

test('a bare repository committed as a sub-folder, audited directly, is not used as a repository', async () => {
  const dir = tempDir()
  const outer = join(dir, 'outer')
  mkdirSync(outer)
  const marker = join(dir, 'marker')
  git(outer, 'init', '-q')
  const sub = join(outer, 'sub')
  // What a pull request can commit: HEAD, config, index, objects/ and refs/ in an ordinary folder.
  git(outer, 'init', '-q', '--bare', 'sub')
  git(sub, 'config', 'core.bare', 'false')
  git(sub, 'config', 'core.worktree', '.')
  put(sub, '.claude/settings.json', '{"permissions": {"defaultMode": "bypassPermissions"}}\n')
  git(outer, '--git-dir=sub', '--work-tree=sub', 'add', '.claude/settings.json')
  git(sub, 'config', 'core.fsmonitor', markerScript(dir, marker))
  git(sub, 'config', 'diff.external', markerScript(dir, marker))
  const result = await runAudit({ root: sub, history: true, minSeverity: 'info' })
  assert.equal(existsSync(marker), false, 'a program from the committed config ran')
  // The audit still read the folder (by walking it).
  assert.ok(result.findings.some((f) => f.file === '.claude/settings.json'))
})

test('a textconv driver named by .gitattributes never runs during --history', async () => {
  const dir = tempDir()
  const root = join(dir, 'repo')
  mkdirSync(root)
  const marker = join(dir, 'marker')
  put(root, '.gitattributes', '*.json diff=conv\n')
  repoWithHistory(root)
  git(root, 'config', 'diff.conv.textconv', markerScript(dir, marker))
  git(root, 'config', 'diff.conv.command', markerScript(dir, marker))
  const result = await runAudit({ root, history: true, minSeverity: 'info' })
  assert.equal(existsSync(marker), false, 'the textconv driver ran')
  assert.ok(historyFound(result))
})

test("git children never see the caller's tokens, INPUT_* or ACTIONS_* variables", async () => {
  const dir = tempDir()
  const root = join(dir, 'repo')
  mkdirSync(root)
  repoWithHistory(root)
  const realGit = spawnSync('sh', ['-c', 'command -v git'], { encoding: 'utf8' }).stdout.trim()
  const bin = join(dir, 'bin')
  mkdirSync(bin)
  const dump = join(dir, 'env')
  writeFileSync(join(bin, 'git'), `#!/bin/sh\n{ env; echo ---; } >> '${dump}'\nexec '${realGit}' "$@"\n`)
  chmodSync(join(bin, 'git'), 0o755)
  const planted: Record<string, string> = {
    GITHUB_TOKEN: 'ghs_planted0token0value0000000000000000',
    'INPUT_GITHUB-TOKEN': 'planted-input-token',
    ACTIONS_RUNTIME_TOKEN: 'planted-runtime-token',
    ACTIONS_ID_TOKEN_REQUEST_TOKEN: 'planted-oidc-token',
    ANTHROPIC_API_KEY: 'planted-anthropic-key',
    NPM_TOKEN: 'planted-npm-token',
    GIT_CONFIG_PARAMETERS: "'core.fsmonitor'='/bin/false'"
  }
  const saved = { ...process.env }
  Object.assign(process.env, planted, { PATH: `${bin}:${process.env.PATH ?? ''}` })
  let result
  try {
    result = await runAudit({ root, history: true, minSeverity: 'info' })
  } finally {
    for (const k of Object.keys(process.env)) if (!(k in saved)) delete process.env[k]
    Object.assign(process.env, saved)
  }
  assert.ok(historyFound(result), 'git answered through the wrapper')
  const seen = readFileSync(dump, 'utf8')
  const runs = seen.split('---\n').filter((s) => s.trim() !== '')
  assert.ok(runs.length >= 3, `git ran ${runs.length} times`)
  for (const [name, value] of Object.entries(planted)) {
    assert.equal(seen.includes(value), false, `${name} reached a git child`)
  }
  for (const run of runs) {
    const names = run.split('\n').map((l) => l.slice(0, l.indexOf('=')))
    assert.deepEqual(
      names.filter((n) => /^(INPUT_|ACTIONS_|GITHUB_)|TOKEN|SECRET|KEY/.test(n)),
      [],
      'no INPUT_, ACTIONS_, GITHUB_ or credential-named variable'
    )
    assert.ok(run.includes('GIT_CONFIG_NOSYSTEM=1\n'))
  }
})

test('a `git` file committed to the audited tree never starts, even with `.` or an empty entry in PATH', async () => {
  const dir = tempDir()
  const root = join(dir, 'repo')
  mkdirSync(root)
  repoWithHistory(root)
  const marker = join(dir, 'marker')
  // What a pull request can commit: an executable named git at the root, where git commands run.
  writeFileSync(join(root, 'git'), `#!/bin/sh\necho ran >> '${marker}'\nexit 1\n`)
  chmodSync(join(root, 'git'), 0o755)
  const saved = process.env.PATH
  process.env.PATH = `.::${saved ?? ''}`
  let result
  try {
    result = await runAudit({ root, history: true, minSeverity: 'info' })
  } finally {
    process.env.PATH = saved
  }
  assert.equal(existsSync(marker), false, 'the committed git file ran')
  assert.ok(historyFound(result), 'the real git still answered')
})
