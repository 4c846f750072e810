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

test('invalid-config: a context GitHub does not allow in a job or step `if:` is reported at its name (GitHub refuses the workflow)', async () => {
  const findings = await runRule(RULE, {
    '.github/workflows/release.yml': `on: push
jobs:
  draft:
    if: \${{ github.ref == 'refs/heads/main' && env.DEPLOY == 'yes' }}
    runs-on: ubuntu-latest
    env:
      HAS_KEY: \${{ secrets.ANTHROPIC_API_KEY != '' }}
    steps:
      - id: drafter
        run: echo ok
      - name: curate
        if: steps.drafter.outputs.body != '' && (secrets.ANTHROPIC_API_KEY != '')
        run: echo curate
      - if: |
          always() &&
            Secrets['TOKEN'] != ''
        run: echo folded
      - if: "env.HAS_KEY == 'true' && contains(github.event.head_commit.message, 'secrets')" # OK: env is allowed, 'secrets' is a string
        run: echo fine
      - if: \${{ matrix.os == 'linux' && hashFiles('**/go.sum') != '' && runner.os == 'Linux' }} # OK
        run: echo fine
  needs-ok:
    needs: draft
    if: \${{ needs.draft.result == 'success' && vars.ON == 'true' && inputs.x != 'y' && always() }} # OK
    runs-on: ubuntu-latest
    steps:
      - run: echo ok
      - if: github.secrets == 'x' || secrets.ok( # not an expression GitHub parses: left to GitHub's own error
        run: echo broken
`
  })
  expectFindings(findings, [
    {
      file: '.github/workflows/release.yml',
      line: 4,
      column: 48,
      endColumn: 51,
      severity: 'medium',
      message:
        "the `if:` of job draft reads the `env` context, which GitHub does not allow in a job's `if:` (only `github`, `needs`, `vars`, `inputs`): GitHub refuses to start this workflow (\"Unrecognized named-value: 'env'\"), so none of its jobs run"
    },
    {
      line: 12,
      column: 50,
      endColumn: 57,
      severity: 'medium',
      message:
        "the `if:` of step 2 of job draft reads the `secrets` context, which GitHub does not allow in a step's `if:` (only `github`, `needs`, `strategy`, `matrix`, `job`, `runner`, `env`, `vars`, `steps`, `inputs`): GitHub refuses to start this workflow"
    },
    { line: 16, column: 13, endColumn: 20, severity: 'medium', message: "the `if:` of step 3 of job draft reads the `secrets` context" }
  ])
})
