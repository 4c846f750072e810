import { test } from 'node:test'
import assert from 'node:assert/strict'
import { readdirSync } from 'node:fs'
import { join, relative } from 'node:path'
import { mayConfigure } from '../../src/discover.js'
import { MODEL_PATTERNS } from '../../src/model/project.js'
import { isMemoryPath } from '../../src/model/memory.js'

/** Every file below a folder, as repository-relative paths. */
function listAll(root: string, dir = root, out: string[] = []): string[] {
  let entries
  try {
    entries = readdirSync(dir, { withFileTypes: true })
  } catch {
    return out
  }
  for (const e of entries) {
    const abs = join(dir, e.name)
    if (e.isDirectory()) {
      if (e.name !== '.git' && e.name !== 'node_modules') listAll(root, abs, out)
    } else out.push(relative(root, abs).split('\\').join('/'))
  }
  return out
}

const SYNTHETIC = [
  'CLAUDE.md',
  'pkg/CLAUDE.md',
  'pkg/CLAUDE.local.md',
  '.claude/rules/style.md',
  'a/.claude/settings.json',
  '.claude/settings.local.json',
  '.claude/agents/x/y.md',
  '.claude/commands/c.md',
  '.claude/skills/s/SKILL.md',
  '.claude/hooks/deep/guard.py',
  '.mcp.json',
  'services/api/.mcp.json',
  '.claudeignore',
  'pkg/.claudeignore',
  '.env',
  '.env.production',
  'deploy/.envrc',
  'home/.bashrc',
  '.zshenv',
  '.devcontainer/devcontainer.json',
  '.devcontainer/python/devcontainer.json',
  '.devcontainer.json',
  '.github/workflows/ci.yml',
  '.github/workflows/release.yaml'
]

test('mayConfigure: every path the project model reads by pattern passes the prefilter', () => {
  const corpus = join('..', 'shared', 'corpus', 'real')
  const paths = [...SYNTHETIC, ...listAll('examples'), ...listAll('test/fixtures'), ...listAll(corpus)]
  let matched = 0
  for (const p of paths) {
    if (!MODEL_PATTERNS.some((re) => re.test(p)) && !isMemoryPath(p)) continue
    matched++
    assert.ok(mayConfigure(p), `${p} is read by the model but fails mayConfigure`)
  }
  for (const p of SYNTHETIC) assert.ok(MODEL_PATTERNS.some((re) => re.test(p)) || isMemoryPath(p), `${p} is a model path`)
  assert.ok(matched >= SYNTHETIC.length)
})

test('mayConfigure: ordinary source files of a monorepo are left out', () => {
  for (const p of ['packages/a/src/index.ts', 'src/claude.ts', 'README.md', 'docs/CLAUDE.txt', 'lib/github/api.js', 'package.json'])
    assert.equal(mayConfigure(p), false, p)
})
