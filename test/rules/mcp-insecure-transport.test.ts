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

test('mcp-insecure-transport: settings mcpServers and empty files', async () => {
  const findings = await runRule(RULE, {
    '.claude/settings.json': '{"mcpServers": {"x": {"type": "http", "url": "http://api.internal/mcp"}}}',
    '.mcp.json': ''
  })
  expectFindings(findings, [
    {
      file: '.claude/settings.json',
      line: 1,
      column: 46,
      message: 'MCP server x is reached over plain `http://` at api.internal: requests and tool results travel'
    }
  ])
})
