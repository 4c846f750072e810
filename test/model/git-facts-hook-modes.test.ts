import { test } from 'node:test'
import assert from 'node:assert/strict'
import { rmSync } from 'node:fs'
import { spawnSync } from 'node:child_process'
import { discover } from '../../src/discover.js'
import { buildProject } from '../../src/model/project.js'
import { parseIndexModes } from '../../src/model/git-facts.js'
import { writeFixture, gitCommit } from '../rules/harness.js'

test('git facts: the modes git records for .claude/hooks/ scripts, asked only when there are some', async () => {
  const dir = writeFixture({
    '.claude/settings.json': '{}',
    '.claude/hooks/guard.sh': { text: '#!/bin/sh\nexit 0\n', mode: 0o755 },
    '.claude/hooks/lib/x y.sh': { text: '#!/bin/sh\n', mode: 0o755 },
    'packages/web/.claude/hooks/fmt.py': 'print(1)\n',
    'scripts/check.sh': { text: '#!/bin/sh\n', mode: 0o755 }
  })
  const plain = writeFixture({ '.claude/settings.json': '{}' })
  try {
    gitCommit(dir, true)
    spawnSync('git', ['update-index', '--chmod=-x', '.claude/hooks/guard.sh'], { cwd: dir })
    const project = await buildProject(await discover(dir), { history: false, verifyHooks: false })
    assert.deepEqual(
      [...(project.gitFacts.hookModes ?? new Map<string, string>())].sort(),
      [
        ['.claude/hooks/guard.sh', '100644'],
        ['.claude/hooks/lib/x y.sh', '100755'],
        ['packages/web/.claude/hooks/fmt.py', '100644']
      ]
    )
    gitCommit(plain, true)
    const none = await buildProject(await discover(plain), { history: false, verifyHooks: false })
    assert.equal(none.gitFacts.hookModes, undefined)
  } finally {
    rmSync(dir, { recursive: true, force: true })
    rmSync(plain, { recursive: true, force: true })
  }
  assert.deepEqual([...parseIndexModes('100755 abc 0\ta.sh\u0000120000 def 0\tb\tc\u0000junk\u0000')], [
    ['a.sh', '100755'],
    ['b\tc', '120000']
  ])
})
