import { test } from 'node:test'
import assert from 'node:assert/strict'
import { spawnSync } from 'node:child_process'
import { rmSync } from 'node:fs'
import { HISTORY_CANDIDATE_PATHSPECS, HISTORY_PATHSPECS, isHistoryPath } from '../../src/analysis/secret-files.js'
import { scanHistory } from '../../src/analysis/git-history.js'
import { writeFixture, gitCommit } from '../rules/harness.js'

const PATHS = [
  '.env', '.env.local', '.env.', 'a/.envrc', 'a/b/.bashrc', '.zshrc', '.profile', 'x/.bash_profile', '.zprofile', 'x.env', '.environment',
  'CLAUDE.md', 'c/CLAUDE.md', 'CLAUDE.local.md', 'c/d/CLAUDE.local.md', 'c/notCLAUDE.md', 'CLAUDE.md.bak', 'claude.md',
  '.claude/settings.json', 'a/.claude/x/s.json', 'a/claude/s.json', '.claude.json',
  '.mcp.json', 'c/.mcp.json', 'mcp.json',
  '.github/workflows/ci.yml', '.github/workflows/sub/deep.yml', '.github/workflows/notes.txt', 'a/.github/workflows/ci.yml',
  '.github/actions/action.yml', '.github/actions/x/y/action.yaml', '.github/actions/x/run.sh', '.github/action.yml',
  'b/.devcontainer/devcontainer.json', '.devcontainer/Dockerfile', 'devcontainer/x.json',
  '.rubocop.yml', 'src/main.ts', 'a/b/c.txt'
]

const git = (dir: string, args: string[]): string => {
  const r = spawnSync('git', args, { cwd: dir, encoding: 'utf8' })
  if (r.status !== 0) throw new Error(`git ${args.join(' ')}: ${r.stderr}`)
  return r.stdout
}

test('history paths: isHistoryPath is what git matches with HISTORY_PATHSPECS; the candidate pathspecs cover them', () => {
  const dir = writeFixture(Object.fromEntries(PATHS.map((p) => [p, 'x\n'])))
  try {
    gitCommit(dir, true, 'paths')
    const byGit = git(dir, ['ls-files', '-z', '--', ...HISTORY_PATHSPECS]).split('\0').filter(Boolean).sort()
    assert.deepEqual(PATHS.filter(isHistoryPath).sort(), byGit)
    assert.ok(byGit.length >= 20)
    const candidates = new Set(git(dir, ['ls-files', '-z', '--', ...HISTORY_CANDIDATE_PATHSPECS]).split('\0'))
    for (const p of byGit) assert.ok(candidates.has(p), p)
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
})

test('history scan: more changed paths than a command line takes are read through the globs', async () => {
  const value = ['postgres', '://', 'app', ':', 'Xq7' + 'vR2pLm9sTk4w', '@', 'db.prod.internal', ':5432/app'].join('')
  const files: Record<string, string> = { 'src/x.txt': 'x\n', 'CLAUDE.md': `# Notes\n\nDatabase: ${value}\n` }
  for (let i = 0; i < 1001; i++) files[`.claude/notes/n${i}.md`] = `note ${i}\n`
  const dir = writeFixture(files)
  try {
    gitCommit(dir, true, 'many')
    const found = await scanHistory(dir)
    assert.deepEqual(
      found.map((h) => [h.path, h.line]),
      [['CLAUDE.md', 3]]
    )
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
})
