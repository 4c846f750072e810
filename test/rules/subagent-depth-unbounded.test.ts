import { test } from 'node:test'
import { runRule, expectFindings } from './harness.js'

const RULE = 'subagent-depth-unbounded'

test('subagent-depth-unbounded: agents that can spawn agents without a bound', async () => {
  const findings = await runRule(RULE, {
    '.claude/agents/inherits.md': '---\nname: inherits\ndescription: no tools list\n---\nbody\n', // NOT OK: inherits Agent
    '.claude/agents/orchestrator.md': '---\nname: orchestrator\ndescription: x\ntools: Task, Read, Bash\n---\n', // NOT OK
    '.claude/agents/list.md': '---\nname: list\ndescription: x\ntools:\n  - Read\n  - Agent(worker)\n---\n', // NOT OK
    '.claude/agents/reader.md': '---\nname: reader\ntools: Read, Grep\n---\n', // OK: cannot spawn
    '.claude/agents/capped.md': '---\nname: capped\ntools: Agent, Read\nmaxTurns: 15\n---\n', // OK: maxTurns
    '.claude/agents/denied.md': '---\nname: denied\ndisallowedTools: Agent\n---\n', // OK
    '.claude/agents/notes.md': '# not an agent: no name\n' // OK: skipped by Claude Code
  })
  expectFindings(findings, [
    {
      file: '.claude/agents/inherits.md',
      line: 2,
      column: 1,
      endColumn: 5,
      severity: 'medium',
      confidence: 'medium',
      message:
        'agent inherits can spawn subagents (`tools` is omitted, so it inherits every tool, `Agent` included) and nothing bounds it'
    },
    { file: '.claude/agents/list.md', line: 5, column: 3, confidence: 'high', message: 'its tools include `Agent`' },
    {
      file: '.claude/agents/orchestrator.md',
      line: 4,
      column: 8,
      endColumn: 24,
      message: 'agent orchestrator can spawn subagents (its tools include `Task`)'
    }
  ])
})

test('subagent-depth-unbounded: CLAUDE_CODE_MAX_SUBAGENT_SPAWN_DEPTH in committed settings bounds every agent', async () => {
  const agent = '---\nname: lead\ndescription: x\ntools: Agent\n---\n'
  expectFindings(
    await runRule(RULE, {
      '.claude/agents/lead.md': agent,
      '.claude/settings.json': '{"env": {"CLAUDE_CODE_MAX_SUBAGENT_SPAWN_DEPTH": "1"}}'
    }),
    []
  )
  // A personal, untracked local file bounds nothing for anyone else.
  expectFindings(
    await runRule(
      RULE,
      {
        '.claude/agents/lead.md': agent,
        '.claude/settings.local.json': '{"env": {"CLAUDE_CODE_MAX_SUBAGENT_SPAWN_DEPTH": "1"}}'
      },
      { git: ['.claude/agents/lead.md'] }
    ),
    [{ file: '.claude/agents/lead.md', line: 4 }]
  )
})

test('subagent-depth-unbounded: unclosed frontmatter and non-positive maxTurns', async () => {
  const findings = await runRule(RULE, {
    '.claude/agents/bad.md': '---\nname: open\ndescription: x\ntools: Agent\n', // frontmatter never closed: no agent
    '.claude/agents/zero.md': '---\nname: zero\ndescription: x\ntools: Agent\nmaxTurns: 0\n---\n'
  })
  expectFindings(findings, [{ file: '.claude/agents/zero.md', line: 4 }])
})

test('subagent-depth-unbounded: agent files Claude Code skips (no name, or no description) are not agents', async () => {
  const findings = await runRule(RULE, {
    '.claude/agents/notes.md': '---\nname: docs-notes\n---\nJust notes.\n', // OK: no description, skipped
    '.claude/agents/noname.md': '---\ndescription: helps\ntools: Agent\n---\n', // OK: no name
    '.claude/agents/helper.md': '---\nname: helper\ndescription: helps\n---\nHelp.\n' // NOT OK
  })
  expectFindings(findings, [
    { file: '.claude/agents/helper.md', line: 2, column: 1, severity: 'medium', confidence: 'medium', message: 'agent helper can spawn subagents' }
  ])
})
