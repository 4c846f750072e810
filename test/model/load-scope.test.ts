import { test } from 'node:test'
import assert from 'node:assert/strict'
import { templateScope } from '../../src/model/load-scope.js'
import { runRule, expectFindings } from '../rules/harness.js'
import { make } from '../secrets/generate.js'

test('load scope: a .claude/ folder inside a template, example or fixture tree', () => {
  assert.deepEqual(templateScope('products/outpost/templates/.claude/agents/chief.md'), {
    dir: 'products/outpost/templates',
    kind: 'template',
    onDemand: false
  })
  assert.deepEqual(templateScope('templates/packs/go/.claude/settings.json'), { dir: 'templates/packs/go', kind: 'template', onDemand: false })
  assert.deepEqual(templateScope('{{cookiecutter.slug}}/.mcp.json'), { dir: '{{cookiecutter.slug}}', kind: 'template', onDemand: false })
  assert.deepEqual(templateScope('examples/monorepo/.claude/skills/x/SKILL.md'), { dir: 'examples/monorepo', kind: 'example', onDemand: true })
  assert.deepEqual(templateScope('lib/test/fixtures/family/.claude/settings.json'), {
    dir: 'lib/test/fixtures/family',
    kind: 'test fixture',
    onDemand: false
  })
  assert.deepEqual(templateScope('examples/app/CLAUDE.md'), { dir: 'examples/app', kind: 'example', onDemand: true })
})

test('load scope: the repository root and nested projects are this repository\'s configuration', () => {
  // The root, even of a template repository: every session started in it loads it.
  assert.equal(templateScope('.claude/settings.json'), undefined)
  assert.equal(templateScope('.mcp.json'), undefined)
  assert.equal(templateScope('CLAUDE.md'), undefined)
  // A monorepo package: developers start Claude Code there.
  assert.equal(templateScope('packages/app/.claude/settings.json'), undefined)
  // A benchmark task's work folder: a harness starts Claude Code in it.
  assert.equal(templateScope('benchmarks/wiki/tasks/fix/workdir/.claude/settings.json'), undefined)
  // Not Claude Code configuration: code and workflows are judged by their own rules.
  assert.equal(templateScope('templates/app/src/index.ts'), undefined)
  assert.equal(templateScope('examples/agent.py'), undefined)
  // A folder name that only contains a marker word is not one.
  assert.equal(templateScope('attestations/.claude/settings.json'), undefined)
})

const BYPASS_AGENT = '---\nname: runner\ndescription: runs things\npermissionMode: bypassPermissions\n---\nDo it.\n'

test('load scope: findings about what a template tree does are low and say why', async () => {
  expectFindings(
    await runRule('bypass-permissions', {
      '.claude/agents/runner.md': BYPASS_AGENT, // NOT OK: this repository's agent
      'products/outpost/templates/.claude/agents/runner.md': BYPASS_AGENT // low: loaded only once copied
    }),
    [
      { file: '.claude/agents/runner.md', line: 4, severity: 'high', message: /overrides it\)$/ },
      {
        file: 'products/outpost/templates/.claude/agents/runner.md',
        line: 4,
        severity: 'low',
        message:
          "agent runner sets `permissionMode: bypassPermissions`: its tool calls skip permission checks whenever it runs from a session in default, plan or dontAsk mode (a parent in acceptEdits or auto mode overrides it) (products/outpost/templates/ is a template folder, not this repository's configuration: Claude Code loads it only in a session started inside that folder, for instance once it is copied into a project)"
      }
    ]
  )
  expectFindings(
    await runRule('overbroad-permission', {
      'templates/.claude/settings.json': '{"permissions": {"allow": ["Bash"]}}',
      'examples/demo/.claude/skills/ship/SKILL.md': '---\nname: ship\ndescription: ships\nallowed-tools: Bash\n---\nShip.\n'
    }),
    [
      { file: 'examples/demo/.claude/skills/ship/SKILL.md', severity: 'low', message: /\(examples\/demo\/ is an example folder, not this repository's configuration: Claude Code picks it up only in a session started there or working on files inside that folder, for instance once it is copied into a project\)$/ },
      { file: 'templates/.claude/settings.json', severity: 'low', message: /\(templates\/ is a template folder/ }
    ]
  )
})

test('load scope: a credential in a template tree keeps its severity (it is committed all the same)', async () => {
  const key = make.anthropicApi()
  const findings = await runRule('hardcoded-secret', {
    'templates/.claude/settings.json': `{"env": {"ANTHROPIC_API_KEY": "${key}"}}`
  })
  assert.equal(findings.length, 1)
  assert.equal(findings[0].severity, 'critical')
  assert.doesNotMatch(findings[0].message, /template folder/)
})
