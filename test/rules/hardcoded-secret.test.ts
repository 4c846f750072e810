import { test } from 'node:test'
import assert from 'node:assert/strict'
import { runRule, expectFindings } from './harness.js'
import { ALNUM, jwt, make, randGeneric } from '../secrets/generate.js'

const RULE = 'hardcoded-secret'

test('hardcoded-secret: keys in CLAUDE.md, .mcp.json env, settings env, agent files and workflows', async () => {
  const api = make.anthropicApi()
  const oauth = make.anthropicOauth()
  const gh = make.githubPat()
  const aws = make.awsKeyId()
  const slack = make.slackBot()
  const files = {
    'CLAUDE.md': `# Project\n\nUse this key: ${api}\n`,
    '.mcp.json': `{\n  "mcpServers": {\n    "github": {\n      "command": "npx",\n      "env": { "GITHUB_PERSONAL_ACCESS_TOKEN": "${gh}" }\n    }\n  }\n}\n`,
    '.claude/settings.json': `{ "env": { "CLAUDE_CODE_OAUTH_TOKEN": "${oauth}", "AWS_ACCESS_KEY_ID": "${aws}" } }\n`,
    '.claude/agents/notify.md': `---\nname: notify\ndescription: x\n---\nPost with token ${slack}\n`,
    '.github/workflows/claude.yml': `on: push\njobs:\n  a:\n    steps:\n      - uses: anthropics/claude-code-action@v1\n        with:\n          anthropic_api_key: \${{ secrets.ANTHROPIC_API_KEY }} # OK: reference\n`
  }
  const findings = await runRule(RULE, files)
  expectFindings(findings, [
    { file: '.claude/agents/notify.md', line: 5, column: 17, severity: 'critical', message: /Slack .*, and Claude Code puts it in the model's context/ },
    { file: '.claude/settings.json', line: 1, column: 40, severity: 'critical', message: /Claude OAuth access token .*, and Claude Code reads it with these settings/ },
    { file: '.claude/settings.json', line: 1, column: 40 + oauth.length + 25, message: 'AWS' },
    { file: '.mcp.json', line: 5, column: 49, endColumn: 49 + gh.length, message: /GitHub .*, and Claude Code hands it to the MCP server it starts; rotate it$/ },
    { file: 'CLAUDE.md', line: 3, column: 15, endColumn: 15 + api.length, message: /Anthropic API key .*, and Claude Code puts it in the model's context \(and so in transcripts\); rotate it$/ }
  ])
  const text = JSON.stringify(findings)
  for (const v of [api, oauth, gh, aws, slack]) assert.ok(!text.includes(v), 'a secret value leaked into a finding')
})

test('hardcoded-secret: references, placeholders and documented examples pass; fixtures are medium/low', async () => {
  const findings = await runRule(RULE, {
    '.claude/settings.json': '{ "env": { "ANTHROPIC_API_KEY": "${ANTHROPIC_API_KEY}", "AWS_ACCESS_KEY_ID": "AKIAIOSFODNN7EXAMPLE", "TOKEN": "your-token-here" } }\n',
    'CLAUDE.md': 'Set `ANTHROPIC_API_KEY=sk-ant-api03-...` in your shell.\n',
    'test/fixtures/.claude/settings.json': `{ "env": { "ANTHROPIC_API_KEY": "${make.anthropicApi()}" } }\n`
  })
  expectFindings(findings, [{ file: 'test/fixtures/.claude/settings.json', line: 1, severity: 'medium', confidence: 'low', message: 'test or example file' }])
})

test('hardcoded-secret: a key in a local composite action (run by workflows, with their secrets)', async () => {
  const api = make.anthropicApi()
  const findings = await runRule(RULE, {
    '.github/actions/review/action.yml': `name: review\nruns:\n  using: composite\n  steps:\n    - uses: anthropics/claude-code-action@v1\n      with:\n        anthropic_api_key: ${api}\n`,
    'docs/action.yml': `key: ${make.anthropicApi()}\n`
  })
  expectFindings(findings, [
    { file: '.github/actions/review/action.yml', line: 7, column: 28, severity: 'critical', message: /Anthropic API key .*GitHub does not mask it in logs/ }
  ])
})

test('hardcoded-secret: an AGENTS.md that Claude Code reads as memory (no CLAUDE.md beside it)', async () => {
  const api = make.anthropicApi()
  const findings = await runRule(RULE, {
    'AGENTS.md': `# Agents\n\nKey: ${api}\n`, // NOT OK: read as memory
    'lib/AGENTS.md': `Key: ${api}\n`, // OK here: lib/CLAUDE.md is the memory file (not read by Claude Code)
    'lib/CLAUDE.md': '# lib\n'
  })
  expectFindings(findings, [
    {
      file: 'AGENTS.md',
      line: 3,
      column: 6,
      endColumn: 6 + api.length,
      message: /Anthropic API key .* is committed in AGENTS\.md: .*, and Claude Code puts it in the model's context/
    }
  ])
})

test('hardcoded-secret: documentation, example URLs, non-secret keys and public keys are not leaks', async () => {
  const generic = randGeneric(ALNUM, 32)
  const findings = await runRule('hardcoded-secret', {
    '.claude/skills/pentest/SKILL.md': [
      '# Password reset testing',
      '',
      '```bash',
      'curl "https://target.com/reset?token=abc123&user=victim"',
      `export API_TOKEN=${generic}`,
      '```',
      '',
      'Offline cracking gives svc_mssql password: Summer2024!',
      ''
    ].join('\n'),
    '.claude/commands/headers.md': '{ "key": "X-Content-Type-Options", "value": "nosniff" }\n',
    '.claude/settings.json': '{\n  "env": { "DEDUP": "x" },\n  "deduplicationKey": "user_123-daily",\n  "key": "user-123-update"\n}\n'
  })
  expectFindings(findings, [
    { file: '.claude/skills/pentest/SKILL.md', line: 5, severity: 'info', message: 'not reported as a live credential: in documentation' }
  ])
  assert.ok(!JSON.stringify(findings).includes(generic))
})

test('hardcoded-secret: a Supabase demo key (issuer `supabase-demo`) is a documented fixture, any role', async () => {
  const demo = jwt({ iss: 'supabase-demo', role: 'service_role', exp: 1983812996 })
  const real = jwt({ iss: 'supabase', ref: 'abcdefghijklmnop', role: 'service_role' })
  const findings = await runRule(RULE, {
    '.github/workflows/e2e.yml': [
      'on: push',
      'jobs:',
      '  e2e:',
      '    runs-on: ubuntu-latest',
      '    env:',
      '      SUPABASE_URL: http://127.0.0.1:54321',
      `      SUPABASE_SERVICE_ROLE_KEY: ${demo}`, // OK: the published demo key
      `      PROD_SERVICE_ROLE_KEY: ${real}`, // NOT OK: a project's key
      '    steps:',
      '      - run: npm test',
      ''
    ].join('\n')
  })
  expectFindings(findings, [
    {
      file: '.github/workflows/e2e.yml',
      line: 7,
      column: 34,
      severity: 'info',
      message: /not reported as a live credential: a documented test fixture: its `iss` claim is `supabase-demo`, the issuer of Supabase's demo keys/
    },
    { file: '.github/workflows/e2e.yml', line: 8, column: 30, severity: 'critical', message: /JSON Web Token .* is committed/ }
  ])
  assert.ok(!JSON.stringify(findings).includes(demo))
})

test('hardcoded-secret: a name made of words and numeronyms (`integration-e2e`) under a `*-key` input is a lookup key; a short random value is still reported', async () => {
  const findings = await runRule(RULE, {
    '.github/workflows/ci.yml': `on: push
jobs:
  e2e:
    runs-on: ubuntu-latest
    steps:
      - uses: Swatinem/rust-cache@v2
        with:
          shared-key: integration-e2e # OK: a cache key's name (words and the numeronym e2e)
      - uses: actions/cache@v4
        with:
          path: ~/.cache
          key: build-arm64-v2 # OK: words, an architecture and a version
      - uses: example/deploy@v1
        with:
          deploy-key: x7Kp2mQ9vL4z # NOT OK: short, but random (line 15)
          api-key: ab12-cd34-ef56 # NOT OK: no part reads as a word (line 16)
`
  })
  expectFindings(findings, [
    { file: '.github/workflows/ci.yml', line: 15, column: 23, endColumn: 35, severity: 'medium', confidence: 'low', message: /^possible Secret assigned to a credential-named key \(x7K…\(12 chars\)\) in \.github\/workflows\/ci\.yml: the value is short or not very random/ },
    { file: '.github/workflows/ci.yml', line: 16, column: 20, endColumn: 34, severity: 'medium', confidence: 'low' }
  ])
})

test('hardcoded-secret: a token in the env of a server a plugin manifest declares inline, or in a server file the manifest names', async () => {
  const gh = make.githubPat()
  const slack = make.slackBot()
  const findings = await runRule(RULE, {
    'plugins/gh/.claude-plugin/plugin.json': `{\n  "name": "gh",\n  "mcpServers": {\n    "github": { "command": "gh-mcp", "env": { "GITHUB_TOKEN": "${gh}" } }\n  }\n}\n`,
    'plugins/chat/.claude-plugin/plugin.json': '{ "name": "chat", "mcpServers": "./mcp/servers.json" }\n',
    'plugins/chat/mcp/servers.json': `{\n  "slack": {\n    "command": "slack-mcp",\n    "env": { "SLACK_BOT_TOKEN": "${slack}" }\n  }\n}\n`,
    // OK: a JSON file no plugin names
    'plugins/chat/mcp/other.json': `{ "token": "${slack}" }\n`
  })
  expectFindings(findings, [
    { file: 'plugins/chat/mcp/servers.json', line: 4, column: 34, endColumn: 34 + slack.length, severity: 'critical', message: 'Slack' },
    {
      file: 'plugins/gh/.claude-plugin/plugin.json',
      line: 4,
      column: 64,
      endColumn: 64 + gh.length,
      severity: 'critical',
      message: /GitHub .*, and it ships with the plugin to everyone who installs it; rotate it$/
    }
  ])
  const text = JSON.stringify(findings)
  for (const v of [gh, slack]) assert.ok(!text.includes(v), 'a secret value leaked into a finding')
})
