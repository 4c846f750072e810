import { test } from 'node:test'
import assert from 'node:assert/strict'
import { SourceFile } from '../../src/parse/source.js'
import { parseJson } from '../../src/parse/doc.js'
import { applyHookSwitches, buildSettings, hooksSwitchedOffBy, switchedOffHooks, type SettingsFile } from '../../src/model/settings.js'
import { runRule, expectFindings } from '../rules/harness.js'

function settings(path: string, text: string): SettingsFile {
  const s = buildSettings(parseJson(new SourceFile(path, text), { comments: false }))
  assert.ok(s)
  return s
}

const HOOKS = '"hooks": { "PreToolUse": [{ "matcher": "Bash", "hooks": [{ "type": "command", "command": "x" }] }] }'

test('disableAllHooks: a file that sets it true runs none of its hooks; they stay declared', () => {
  const s = settings('.claude/settings.json', `{ "disableAllHooks": true, ${HOOKS} }`)
  assert.equal(s.hooks.length, 0)
  assert.equal(s.declaredHooks.length, 1)
  assert.equal(s.hooksOffBy, s)
  const on = settings('.claude/settings.json', `{ "disableAllHooks": false, ${HOOKS} }`)
  assert.equal(on.hooks.length, 1)
  assert.equal(on.hooksOffBy, undefined)
  assert.equal(settings('.claude/settings.json', `{ ${HOOKS} }`).hooks.length, 1)
})

test('disableAllHooks: settled across a project, local over project, each project on its own', () => {
  // Project true turns off the local file's hooks too.
  let project = settings('.claude/settings.json', `{ "disableAllHooks": true, ${HOOKS} }`)
  let local = settings('.claude/settings.local.json', `{ ${HOOKS} }`)
  const nested = settings('packages/a/.claude/settings.json', `{ ${HOOKS} }`)
  applyHookSwitches([project, local, nested])
  assert.equal(hooksSwitchedOffBy([project, local, nested], ''), project)
  assert.deepEqual([project.hooks.length, local.hooks.length, nested.hooks.length], [0, 0, 1])
  assert.equal(local.hooksOffBy, project)
  assert.deepEqual(
    switchedOffHooks([project, local, nested]).map((o) => [o.file.path, o.by.path]),
    [
      ['.claude/settings.json', '.claude/settings.json'],
      ['.claude/settings.local.json', '.claude/settings.json']
    ]
  )
  // Local false outranks project true: every hook runs.
  project = settings('.claude/settings.json', `{ "disableAllHooks": true, ${HOOKS} }`)
  local = settings('.claude/settings.local.json', `{ "disableAllHooks": false }`)
  applyHookSwitches([project, local])
  assert.equal(project.hooks.length, 1)
  assert.equal(project.hooksOffBy, undefined)
  // Local true turns off the project's hooks.
  project = settings('.claude/settings.json', `{ ${HOOKS} }`)
  local = settings('.claude/settings.local.json', `{ "disableAllHooks": true }`)
  applyHookSwitches([project, local])
  assert.equal(project.hooks.length, 0)
  assert.equal(project.hooksOffBy, local)
})

test('disableAllHooks: a switched-off PreToolUse guard does not cover dangerous commands', async () => {
  const guard = {
    text: '#!/bin/bash\nset -euo pipefail\ncmd=$(jq -r .tool_input.command)\nif echo "$cmd" | grep -Eq "rm -rf|curl .*\\| *sh|git push (--force|-f)|DROP TABLE"; then echo blocked >&2; exit 2; fi\n',
    mode: 0o755
  }
  const config = (off: boolean): string => `{
  ${off ? '"disableAllHooks": true,' : ''}
  "hooks": { "PreToolUse": [{ "matcher": "Bash", "hooks": [{ "type": "command", "command": "\\"$CLAUDE_PROJECT_DIR\\"/.claude/hooks/guard.sh" }] }] }
}
`
  expectFindings(await runRule('dangerous-commands-unguarded', { '.claude/settings.json': config(false), '.claude/hooks/guard.sh': guard }), [])
  expectFindings(await runRule('dangerous-commands-unguarded', { '.claude/settings.json': config(true), '.claude/hooks/guard.sh': guard }), [
    { file: '.claude/settings.json', line: 1, column: 1, severity: 'low', message: '`rm -rf`, `curl … | sh`, `git push --force` and `DROP TABLE` are not blocked' }
  ])
})

test('disableAllHooks: a guard it switches off is still registered (hook-unregistered stays quiet)', async () => {
  const findings = await runRule('hook-unregistered', {
    '.claude/settings.json': JSON.stringify(
      {
        disableAllHooks: true,
        hooks: { PreToolUse: [{ matcher: 'Bash', hooks: [{ type: 'command', command: '"$CLAUDE_PROJECT_DIR"/.claude/hooks/guard.sh' }] }] }
      },
      null,
      2
    ),
    '.claude/hooks/guard.sh': '#!/usr/bin/env bash\ncmd=$(jq -r .tool_input.command)\ncase "$cmd" in *"rm -rf"*) echo no >&2; exit 2;; esac\n'
  })
  expectFindings(findings, [])
})
