import { test } from 'node:test'
import assert from 'node:assert/strict'
import { rmSync } from 'node:fs'
import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { execFileSync } from 'node:child_process'
import { discover } from '../../src/discover.js'
import { buildProject } from '../../src/model/project.js'
import { findApiCode, gitGrepCalls, isCodeCandidate, LARGE_REPO, manifestScope, mentionsAnthropic, narrowToScope } from '../../src/model/code.js'
import { writeFixture, gitCommit, type Fixture } from '../rules/harness.js'

async function apiPaths(files: Fixture, git: boolean, after?: (dir: string) => void): Promise<string[]> {
  const dir = writeFixture(files)
  try {
    if (git) gitCommit(dir, true)
    after?.(dir)
    const project = await buildProject(await discover(dir))
    const first = findApiCode(project)
    assert.equal(findApiCode(project), first, 'memoised per project')
    return first.map((f) => `${f.lang}:${f.file.path}`).sort()
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}

test('code: candidate paths by extension, skipping dependencies, build output and tests', () => {
  for (const p of ['src/a.ts', 'a.tsx', 'x/y.mjs', 'x/y.cjs', 'app.py', 'lib/mod.mts', '.claude/hooks/h.py'])
    assert.ok(isCodeCandidate(p), p)
  for (const p of [
    'node_modules/x/index.js',
    'pkg/node_modules/x/a.ts',
    'dist/cli.js',
    'packages/a/build/out.js',
    'vendor/lib.py',
    '.venv/lib/site.py',
    'test/a.ts',
    'tests/test_api.py',
    'src/__tests__/a.ts',
    'src/a.test.ts',
    'src/a.spec.tsx',
    'src/test_api.py',
    'src/api_test.py',
    'conftest.py',
    'types/index.d.ts',
    'static/app.min.js',
    'README.md',
    'package.json'
  ]) {
    assert.equal(isCodeCandidate(p), false, p)
  }
})

test('code: keyword prefilter', () => {
  assert.ok(mentionsAnthropic("import Anthropic from '@anthropic-ai/sdk'"))
  assert.ok(mentionsAnthropic('import anthropic'))
  assert.ok(mentionsAnthropic('from claude_agent_sdk import query'))
  assert.ok(mentionsAnthropic('from claude_code_sdk import query'))
  assert.equal(mentionsAnthropic('import openai'), false)
})

test('code: the keyword prefilter answers as lower-casing the text would, without lower-casing it', () => {
  const lowered = (t: string): boolean => ['anthropic', 'claude_agent_sdk', 'claude_code_sdk', 'claude-agent-sdk'].some((k) => t.toLowerCase().includes(k))
  const texts = [
    'ANTHROPIC_API_KEY',
    'from Claude_Agent_SDK import query',
    'CLAUDE-AGENT-SD\u212A', // the Kelvin sign lower-cases to k
    'claude_code_s\u0130k', // İ lower-cases to i and a combining dot: no keyword
    'anthrop\u0130c',
    'claude_agent_\u017Fdk', // long s: upper-cases to S, lower-cases to itself
    'anthrop\u0131c', // dotless i
    'claude agent sdk',
    ''
  ]
  const original = String.prototype.toLowerCase
  let calls = 0
  String.prototype.toLowerCase = function (this: string) {
    calls++
    return original.call(this)
  }
  let answers: boolean[]
  try {
    answers = texts.map(mentionsAnthropic)
  } finally {
    String.prototype.toLowerCase = original
  }
  assert.equal(calls, 0)
  assert.deepEqual(answers, texts.map(lowered))
  assert.deepEqual(answers, [true, true, true, false, false, false, false, false, false])
})

const FILES: Fixture = {
  'src/api.ts': "import Anthropic from '@anthropic-ai/sdk'\n",
  'src/agent.py': 'from claude_agent_sdk import query\n',
  'src/other.ts': 'export const x = 1\n',
  'src/readme.md': 'anthropic\n',
  'tests/test_api.py': 'import anthropic\n',
  'node_modules/@anthropic-ai/sdk/index.js': 'anthropic\n',
  'big.py': `import anthropic\n# ${'x'.repeat(1024 * 1024)}\n`
}

test('code: finds SDK files without git, skipping large files', async () => {
  assert.deepEqual(await apiPaths(FILES, false), ['js:src/api.ts', 'py:src/agent.py'])
})

test('code: finds SDK files with git: tracked and staged ones, untracked ones at the root and in .claude/', async () => {
  const many: Fixture = { ...FILES }
  // Enough candidates for the git grep path (over the direct-read threshold).
  for (let i = 0; i < 250; i++) many[`src/gen/m${i}.ts`] = `export const v${i} = ${i}\n`
  const paths = await apiPaths(many, true, (dir) => {
    mkdirSync(join(dir, '.claude/hooks'), { recursive: true })
    for (const p of ['src/new.py', 'src/staged.py', 'root.py', '.claude/hooks/new.py']) writeFileSync(join(dir, p), 'import anthropic\n', { flag: 'w' })
    execFileSync('git', ['add', 'src/staged.py'], { cwd: dir })
  })
  // src/new.py is untracked outside the configuration folders: not listed (git add makes it count).
  assert.deepEqual(paths, ['js:src/api.ts', 'py:.claude/hooks/new.py', 'py:root.py', 'py:src/agent.py', 'py:src/staged.py'])
})

test('code: a large repository is narrowed to folders whose manifest declares the SDK', async () => {
  const candidates = [
    'packages/a/src/x.ts',
    'packages/b/src/y.ts',
    'services/s/app.py',
    'tool.py',
    '.claude/hooks/h.py',
    '.github/scripts/s.mjs',
    'scripts/run.ts'
  ]
  assert.deepEqual(narrowToScope(candidates, { js: ['packages/a/'], py: [] }), [
    'packages/a/src/x.ts',
    'tool.py',
    '.claude/hooks/h.py',
    '.github/scripts/s.mjs',
    'scripts/run.ts'
  ])
  assert.deepEqual(narrowToScope(candidates, { js: [], py: [''] }), [
    'services/s/app.py',
    'tool.py',
    '.claude/hooks/h.py',
    '.github/scripts/s.mjs',
    'scripts/run.ts'
  ])

  const files: Fixture = {
    'packages/a/package.json': '{"dependencies": {"@anthropic-ai/sdk": "^0.60.0"}}',
    'packages/b/package.json': '{"dependencies": {"left-pad": "1.0.0"}}',
    'services/s/requirements.txt': 'claude-agent-sdk==0.1.0\n',
    'node_modules/x/package.json': '{"name": "anthropic-thing"}'
  }
  for (const git of [false, true]) {
    const dir = writeFixture(files)
    try {
      if (git) gitCommit(dir, true)
      const project = await buildProject(await discover(dir))
      const scope = manifestScope(project)
      assert.deepEqual(scope, { js: ['packages/a/'], py: ['services/s/'] }, `git: ${git}`)
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  }
})

test('code: a large repository whose root manifest declares the SDK is searched with one git grep, with the same result', async () => {
  // Over LARGE_REPO candidates and long paths: searched path by path, that took several git
  // processes (one per ~24 kB of paths); most of the code is in scope, so one search of every
  // code file does, and keeps exactly the candidates in scope (any case of extension).
  const files: Fixture = {
    'package.json': '{"devDependencies": {"@anthropic-ai/claude-code": "^2.1.15"}}',
    'packages/app/src/api.ts': "import Anthropic from '@anthropic-ai/sdk'\n",
    'packages/app/src/LOUD.TS': "import Anthropic from '@anthropic-ai/sdk'\n",
    'packages/app/src/agent.py': 'from claude_agent_sdk import query\n',
    'packages/app/tests/api.ts': "import Anthropic from '@anthropic-ai/sdk'\n",
    'packages/app/src/notes.md': 'anthropic\n'
  }
  for (let i = 0; i <= LARGE_REPO; i++) files[`packages/app/src/generated/features/module-number-${i}/index.ts`] = `export const v = ${i}\n`
  const dir = writeFixture(files)
  try {
    gitCommit(dir, true)
    writeFileSync(join(dir, 'packages/app/src/untracked.ts'), "import Anthropic from '@anthropic-ai/sdk'\n")
    const project = await buildProject(await discover(dir))
    // The model asked that search as soon as the manifests were known, beside the parser.
    assert.ok(project.gitFacts.apiCodeAll !== undefined, 'the model asked git')
    const before = gitGrepCalls()
    const found = findApiCode(project).map((f) => `${f.lang}:${f.file.path}`)
    assert.equal(gitGrepCalls() - before, 0, 'no search of its own')
    // No Python manifest: the Python file stays out of scope.
    assert.deepEqual(found.sort(), ['js:packages/app/src/LOUD.TS', 'js:packages/app/src/api.ts'])
    // Without that answer (git failed then), findApiCode runs the one search itself, with the same result.
    const again = await buildProject(await discover(dir))
    delete again.gitFacts.apiCodeAll
    const b2 = gitGrepCalls()
    assert.deepEqual(findApiCode(again).map((f) => `${f.lang}:${f.file.path}`).sort(), ['js:packages/app/src/LOUD.TS', 'js:packages/app/src/api.ts'])
    assert.equal(gitGrepCalls() - b2, 1)
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
})

test('code: a large repository whose SDK manifest covers a small part is searched by its paths, not asked up front', async () => {
  const files: Fixture = {
    'package.json': '{"name": "root"}',
    'packages/app/package.json': '{"dependencies": {"@anthropic-ai/sdk": "^0.40.0"}}',
    'packages/app/src/api.ts': "import Anthropic from '@anthropic-ai/sdk'\n",
    'packages/other/src/api.ts': "import Anthropic from '@anthropic-ai/sdk'\n"
  }
  for (let i = 0; i < 250; i++) files[`packages/app/src/m${i}.ts`] = `export const v = ${i}\n`
  for (let i = 0; i <= LARGE_REPO; i++) files[`packages/other/src/m${i}.ts`] = `export const v = ${i}\n`
  const dir = writeFixture(files)
  try {
    gitCommit(dir, true)
    const project = await buildProject(await discover(dir))
    assert.deepEqual(project.gitFacts.sdkManifests, ['packages/app/package.json'])
    assert.equal(project.gitFacts.apiCodeAll, undefined, 'every code file is not searched')
    const before = gitGrepCalls()
    assert.deepEqual(findApiCode(project).map((f) => `${f.lang}:${f.file.path}`), ['js:packages/app/src/api.ts'])
    assert.equal(gitGrepCalls() - before, 1, 'one search of the paths in scope')
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
})

test('code: the whole-repository search the model asks up front is the one findApiCode uses, with the same files', async () => {
  // More candidates than are read directly, fewer than a large repository: one git grep of every code file.
  const files: Fixture = {}
  for (let i = 0; i < 240; i++) files[`src/m${i}.ts`] = `export const v${i} = ${i}\n`
  files['src/api.ts'] = "import Anthropic from '@anthropic-ai/sdk'\nexport const c = new Anthropic()\n"
  files['tools/agent.py'] = 'from claude_agent_sdk import query\n'
  const dir = writeFixture(files)
  try {
    gitCommit(dir, true)
    const project = await buildProject(await discover(dir))
    assert.ok(project.gitFacts.apiCode !== undefined, 'the model asked git')
    const before = gitGrepCalls()
    const found = findApiCode(project).map((f) => `${f.lang}:${f.file.path}`)
    assert.equal(gitGrepCalls() - before, 0, 'no search of its own')
    assert.deepEqual(found.sort(), ['js:src/api.ts', 'py:tools/agent.py'])
    // Without that answer (git failed then), the same search runs, with the same result.
    const again = await buildProject(await discover(dir))
    delete again.gitFacts.apiCode
    const b2 = gitGrepCalls()
    assert.deepEqual(findApiCode(again).map((f) => `${f.lang}:${f.file.path}`).sort(), ['js:src/api.ts', 'py:tools/agent.py'])
    assert.equal(gitGrepCalls() - b2, 1)
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
})
