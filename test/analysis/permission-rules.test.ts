import { test } from 'node:test'
import assert from 'node:assert/strict'
import { classifyAllow, entryCovered } from '../../src/analysis/permission-rules.js'
import { runRule, expectFindings } from '../rules/harness.js'

test('classifyAllow: bare git allows `git push --force` and is flagged like the push forms', () => {
  for (const rule of ['Bash(git:*)', 'Bash(git *)', 'Bash(git*)', 'Bash(git push:*)', 'Bash(git push --force:*)']) {
    assert.deepEqual(classifyAllow(rule), { rule, kind: 'destructive', whole: false }, rule)
  }
  for (const rule of ['Bash(git status:*)', 'Bash(git diff *)', 'Bash(git log)', 'Bash(git push origin HEAD)', 'Bash(gitleaks:*)']) {
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
