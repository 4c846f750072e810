import { test } from 'node:test'
import assert from 'node:assert/strict'
import { classifyAllow, entryCovered } from '../../src/analysis/permission-rules.js'
import { runRule, expectFindings } from '../rules/harness.js'

test('classifyAllow: bare git allows `git push --force` and is flagged like the push forms', () => {
  // All of git is marked as a grant of the whole program (a command's grant of it is not reported).
  for (const rule of ['Bash(git:*)', 'Bash(git *)', 'Bash(git*)']) {
    assert.deepEqual(classifyAllow(rule), { rule, kind: 'destructive', whole: false, wholeProgram: true }, rule)
  }
  for (const rule of ['Bash(git push:*)', 'Bash(git push --force:*)']) {
    assert.deepEqual(classifyAllow(rule), { rule, kind: 'destructive', whole: false }, rule)
  }
  for (const rule of ['Bash(git status:*)', 'Bash(git diff *)', 'Bash(git log)', 'Bash(git push origin HEAD)', 'Bash(gitleaks:*)']) {
    assert.equal(classifyAllow(rule), undefined, rule)
  }
})

test('classifyAllow: an install the wildcard can extend runs any package\'s code; a fixed install does not', () => {
  for (const rule of ['Bash(pnpm add:*)', 'Bash(npm install *)', 'Bash(npm i:*)', 'Bash(yarn global add:*)', 'Bash(pip install:*)', 'Bash(pip3 install --user *)', 'Bash(uv pip install:*)', 'Bash(uv add:*)', 'Bash(cargo install:*)', 'Bash(gem install:*)', 'Bash(npm install lodash:*)', 'Bash(pip:*)', 'Bash(cargo *)', 'Bash(gem:*)']) {
    assert.deepEqual(classifyAllow(rule), { rule, kind: 'code', whole: false }, rule)
  }
  for (const rule of ['Bash(npm install lodash)', 'Bash(pnpm add -D typescript)', 'Bash(npm ci:*)', 'Bash(pip list:*)', 'Bash(cargo build:*)']) {
    assert.equal(classifyAllow(rule), undefined, rule)
  }
})

test('classifyAllow: a runner handed a bare interpreter runs any code; a fixed tool does not', () => {
  for (const rule of ['Bash(uv run python*)', 'Bash(uv run python3:*)', 'Bash(npm exec node:*)', 'Bash(pnpm exec bash *)']) {
    assert.deepEqual(classifyAllow(rule), { rule, kind: 'code', whole: false }, rule)
  }
  for (const rule of ['Bash(uv run pytest*)', 'Bash(uv run ruff*)', 'Bash(npm run test:*)', 'Bash(uv run python -m pytest*)']) {
    assert.equal(classifyAllow(rule), undefined, rule)
  }
})

test('classifyAllow: a curl or wget prefix with a wildcard reaches every host (they fetch every URL given)', () => {
  for (const rule of ['Bash(curl http://localhost:*)', 'Bash(curl -s https://api.example.com/*)', 'Bash(wget -q https://example.com/x *)']) {
    assert.deepEqual(classifyAllow(rule), { rule, kind: 'network', whole: false }, rule)
  }
  for (const rule of ['Bash(curl http://localhost:3000/health)', 'Bash(wget https://example.com/x.tar.gz)']) {
    assert.equal(classifyAllow(rule), undefined, rule)
  }
})

test('overbroad-permission: Bash(git:*) in committed settings is reported with the push forms', async () => {
  const findings = await runRule('overbroad-permission', {
    '.claude/settings.json': '{\n  "permissions": {\n    "allow": ["Bash(git:*)", "Bash(git status:*)"]\n  }\n}\n'
  })
  expectFindings(findings, [
    { file: '.claude/settings.json', line: 3, column: 15, severity: 'medium', message: '`Bash(git:*)` (deleting files' }
  ])
})

test('entryCovered: a bare name is a file or a directory (gitignore style)', () => {
  assert.equal(entryCovered('node_modules', ['Read(node_modules/**)']), true)
  assert.equal(entryCovered('secrets', ['Read(./secrets/**)']), true)
  assert.equal(entryCovered('secrets', ['Read(./secrets)']), true)
  assert.equal(entryCovered('.env', ['Read(.env)']), true)
  assert.equal(entryCovered('secrets', ['Read(./secret/**)']), false)
  // A trailing slash matches directories only: a deny of the file name alone does not mirror it.
  assert.equal(entryCovered('dist/', ['Read(./dist/**)']), true)
  assert.equal(entryCovered('dist/', ['Read(./dist.txt)']), false)
})
