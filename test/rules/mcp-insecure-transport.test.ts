import { test } from 'node:test'
import { runRule, expectFindings } from './harness.js'

const RULE = 'mcp-insecure-transport'

function mcpJson(servers: Record<string, unknown>): string {
  const lines = Object.entries(servers).map(([k, v]) => `    ${JSON.stringify(k)}: ${JSON.stringify(v)}`)
  return `{\n  "mcpServers": {\n${lines.join(',\n')}\n  }\n}\n`
}

test('mcp-insecure-transport: plain http or ws to a remote host', async () => {
  const findings = await runRule(RULE, {
    '.mcp.json': mcpJson({
      remote: { type: 'http', url: 'http://mcp.example.com/mcp' }, // NOT OK (3)
      auth: { type: 'sse', url: 'HTTP://10.0.0.5:8080/sse', headers: { Authorization: 'Bearer ${TOKEN}' } }, // NOT OK (4)
      ws: { type: 'ws', url: 'ws://mcp.example.com/ws' }, // NOT OK (5)
      tls: { type: 'http', url: 'https://mcp.example.com/mcp' }, // OK
      local: { type: 'http', url: 'http://localhost:3000/mcp' }, // OK
      loop: { type: 'http', url: 'http://127.0.0.1:3000/mcp' }, // OK
      v6: { type: 'http', url: 'http://[::1]:3000/mcp' }, // OK
      envHost: { type: 'http', url: 'http://${MCP_HOST}/mcp' }, // OK: cannot tell
      stdio: { command: 'node', args: ['http://not-a-url-field'] } // OK
    })
  })
  expectFindings(findings, [
    {
      file: '.mcp.json',
      line: 3,
      column: 36,
      endLine: 3,
      endColumn: 64,
      severity: 'high',
      message: 'plain `http://` at mcp.example.com'
    },
    { line: 4, message: 'at 10.0.0.5: requests, tool results and the credentials in its headers travel unencrypted' },
    { line: 5, message: 'plain `ws://`' }
  ])
})

test('mcp-insecure-transport: settings mcpServers are never connected (Claude Code ignores them); empty files pass', async () => {
  const findings = await runRule(RULE, {
    '.claude/settings.json': '{"mcpServers": {"x": {"type": "http", "url": "http://api.internal/mcp"}}}',
    '.claude/.mcp.json': '{"mcpServers": {"y": {"type": "http", "url": "http://api.internal/mcp"}}}',
    'pkg/.mcp.json': '{"mcpServers": {"z": {"type": "http", "url": "http://api.internal/mcp"}}}',
    '.mcp.json': ''
  })
  expectFindings(findings, [
    {
      file: 'pkg/.mcp.json',
      line: 1,
      column: 46,
      message: 'MCP server z is reached over plain `http://` at api.internal: requests and tool results travel'
    }
  ])
})

test('mcp-insecure-transport: the default of ${VAR:-default} applies when VAR is unset', async () => {
  const findings = await runRule(RULE, {
    '.mcp.json': mcpJson({
      gateway: { type: 'http', url: '${MCP_GATEWAY_URL:-http://mcp-gateway.corp.example.com}/mcp', headers: { Authorization: 'Bearer ${T}' } }, // NOT OK (3)
      hostDefault: { type: 'http', url: 'http://${MCP_HOST:-mcp.internal}:8080/mcp' }, // NOT OK (4)
      pathVar: { type: 'http', url: 'http://mcp.example.com/${MCP_PATH:-mcp}' }, // NOT OK (5): unconditional
      tlsDefault: { type: 'http', url: '${MCP_URL:-https://mcp.example.com}/mcp' }, // OK
      localDefault: { type: 'http', url: '${MCP_URL:-http://localhost:3000}/mcp' }, // OK
      noDefault: { type: 'http', url: '${MCP_URL}/mcp' } // OK: cannot tell
    })
  })
  expectFindings(findings, [
    {
      file: '.mcp.json',
      line: 3,
      column: 37,
      severity: 'high',
      confidence: 'medium',
      message:
        'MCP server gateway is reached over plain `http://` at mcp-gateway.corp.example.com, the default its `url` falls back to whenever `MCP_GATEWAY_URL` is unset: requests, tool results and the credentials in its headers then travel unencrypted'
    },
    { line: 4, confidence: 'medium', message: 'at mcp.internal, the default its `url` falls back to whenever `MCP_HOST` is unset' },
    { line: 5, confidence: 'high', message: 'MCP server pathVar is reached over plain `http://` at mcp.example.com: requests and tool results travel' }
  ])
})

test('mcp-insecure-transport: servers a workflow gives Claude itself, at the url as written', async () => {
  const findings = await runRule(RULE, {
    '.github/workflows/claude.yml': [
      'on: push', // 1
      'jobs:',
      '  a:',
      '    runs-on: ubuntu-latest',
      '    steps:', // 5
      '      - run: claude mcp add --transport http remote http://mcp.example.com/mcp',
      '      - run: claude mcp add --transport http local http://localhost:3000/mcp',
      '      - uses: anthropics/claude-code-action@v0.0.63',
      '        with:',
      '          mcp_config: |', // 10
      '            { "mcpServers": { "plain": { "type": "sse", "url": "http://tools.example.org/sse" } } }',
      '      - run: claude -p "go" --max-turns 2',
      ''
    ].join('\n')
  })
  expectFindings(findings, [
    { file: '.github/workflows/claude.yml', line: 6, column: 53, endColumn: 79, message: 'MCP server remote is reached over plain `http://` at mcp.example.com' },
    { line: 11, column: 64, endColumn: 94, message: 'MCP server plain is reached over plain `http://` at tools.example.org' }
  ])
})

test('mcp-insecure-transport: a plugin .mcp.json with its servers at the top level (no "mcpServers" wrapper)', async () => {
  const findings = await runRule(RULE, {
    'plugins/tools/.claude-plugin/plugin.json': '{ "name": "tools" }\n',
    'plugins/tools/.mcp.json': [
      '{',
      '  "remote": {',
      '    "type": "http",',
      '    "url": "http://mcp.example.com/mcp",', // NOT OK (4)
      '    "headers": { "Authorization": "Bearer ${TOOLS_TOKEN}" }',
      '  },',
      '  "local": { "type": "http", "url": "http://127.0.0.1:8080/mcp" },', // OK: loopback
      '  "secure": { "type": "http", "url": "https://mcp.example.com/mcp" }', // OK
      '}',
      ''
    ].join('\n')
  })
  expectFindings(findings, [
    {
      file: 'plugins/tools/.mcp.json',
      line: 4,
      column: 12,
      endColumn: 40,
      severity: 'high',
      message: 'MCP server remote is reached over plain `http://` at mcp.example.com: requests, tool results and the credentials in its headers travel unencrypted'
    }
  ])
})
