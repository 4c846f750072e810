import { test } from 'node:test'
import { runRule, expectFindings } from './harness.js'

const RULE = 'invalid-config'

test('invalid-config: a settings file with a trailing comma is reported at the parser position', async () => {
  const findings = await runRule(RULE, {
    '.claude/settings.json': '{\n  "permissions": {\n    "deny": ["Read(./.env)",]\n  }\n}\n'
  })
  expectFindings(findings, [
    { file: '.claude/settings.json', line: 3, column: 29, severity: 'high', message: 'none of its permission rules, hooks or env apply' }
  ])
})

test('invalid-config: malformed workflow YAML and .mcp.json; valid files pass', async () => {
  const findings = await runRule(RULE, {
    '.github/workflows/ci.yml': 'on: push\njobs:\n  a:\n    steps: [\n',
    '.github/workflows/ok.yml': 'on: push\njobs: {}\n',
    '.mcp.json': '{ "mcpServers": { "x": { "command": "npx" } }',
    '.claude/settings.local.json': '{ "model": "sonnet" }\n'
  })
  expectFindings(findings, [
    { file: '.github/workflows/ci.yml', line: 5, severity: 'medium', message: 'GitHub rejects this workflow' },
    { file: '.mcp.json', line: 1, column: 46, severity: 'high', message: 'cannot load any MCP server' }
  ])
})

test('invalid-config: YAML alias bombs do not hang and are reported', async () => {
  const lines = ['a: &a ["x","x","x","x","x","x","x","x","x"]']
  for (let i = 1; i < 12; i++) lines.push(`${String.fromCharCode(97 + i)}: &${String.fromCharCode(97 + i)} [*${String.fromCharCode(96 + i)},*${String.fromCharCode(96 + i)},*${String.fromCharCode(96 + i)},*${String.fromCharCode(96 + i)},*${String.fromCharCode(96 + i)},*${String.fromCharCode(96 + i)},*${String.fromCharCode(96 + i)},*${String.fromCharCode(96 + i)},*${String.fromCharCode(96 + i)}]`)
  const findings = await runRule(RULE, { '.github/workflows/bomb.yml': lines.join('\n') + '\n' })
  expectFindings(findings, [{ file: '.github/workflows/bomb.yml', line: 1, message: 'could not expand YAML' }])
})

test('invalid-config: frontmatter unreadable even leniently is reported; generator-style descriptions are not', async () => {
  const findings = await runRule(RULE, {
    '.claude/agents/broken.md': '---\n- [unclosed\n---\nBody\n',
    // Claude Code's own agent generator writes plain scalars with ': ' inside; Claude Code reads them.
    '.claude/agents/generated.md':
      '---\nname: gen\ndescription: Use this agent when...\\n\\nExamples:\\n<example>\\nContext: a user asks\\nuser: "x"\\n</example>\nmodel: sonnet\n---\nBody\n',
    '.claude/commands/plan.md': '---\ndescription: Plan\nargument-hint: [user prompt] [orchestration prompt]\n---\n',
    '.claude/agents/ok.md': '---\nname: ok\ndescription: fine\n---\nBody\n'
  })
  expectFindings(findings, [{ file: '.claude/agents/broken.md', line: 3, severity: 'medium', message: 'skips this definition' }])
})

test('invalid-config: a comment in a settings file (Claude Code reads settings as strict JSON); .mcp.json tolerates them', async () => {
  const findings = await runRule(RULE, {
    '.claude/settings.json': '{\n  // why we deny .env\n  "permissions": { "deny": ["Read(./.env)"] }\n}\n',
    '.mcp.json': '{\n  // servers\n  "mcpServers": {}\n}\n'
  })
  expectFindings(findings, [
    {
      file: '.claude/settings.json',
      line: 2,
      column: 3,
      severity: 'high',
      message:
        '.claude/settings.json does not parse (a comment, which strict JSON does not allow): Claude Code skips this file, so none of its permission rules, hooks or env apply'
    }
  ])
})
