import { test } from 'node:test'
import { runRule, expectFindings } from './harness.js'

const RULE = 'mcp-injection-surface-undocumented'

function mcpJson(servers: Record<string, unknown>): string {
  const lines = Object.entries(servers).map(([k, v]) => `    ${JSON.stringify(k)}: ${JSON.stringify(v)}`)
  return `{\n  "mcpServers": {\n${lines.join(',\n')}\n  }\n}\n`
}

const SERVERS = mcpJson({
  github: { command: 'npx', args: ['-y', '@modelcontextprotocol/server-github@2025.4.8'] }, // reads issues and PRs (3)
  playwright: { command: 'npx', args: ['@playwright/mcp@0.0.30'] }, // browser (4)
  fetch: { command: 'uvx', args: ['mcp-server-fetch@2025.1.17'] }, // web (5)
  calc: { command: 'node', args: ['./tools/calc.js'] } // OK: reads nothing external
})

test('mcp-injection-surface-undocumented: servers reading external content need a threat-model entry', async () => {
  const findings = await runRule(RULE, { '.mcp.json': SERVERS })
  expectFindings(findings, [
    {
      file: '.mcp.json',
      line: 3,
      column: 5,
      endColumn: 13,
      severity: 'medium',
      message: 'MCP server github feeds issues, pull requests and code from a code host to the model'
    },
    { line: 4, column: 5, message: 'MCP server playwright feeds pages a browser loads' },
    { line: 5, column: 5, message: 'MCP server fetch feeds fetched web pages' }
  ])
})

test('mcp-injection-surface-undocumented: a threat-model document naming the server passes it', async () => {
  const findings = await runRule(RULE, {
    '.mcp.json': SERVERS,
    'SECURITY.md':
      '# Security\n\n## Prompt injection\n\nThe `github` server returns issue text written by anyone.\nThe fetch server returns arbitrary pages.\n',
    // Names playwright, but is not about threats: does not count.
    'docs/tools.md': '# Tools\n\nWe use playwright for UI checks.\n'
  })
  expectFindings(findings, [{ line: 4, message: 'MCP server playwright' }])
})

test('mcp-injection-surface-undocumented: the documents option replaces the default globs', async () => {
  const findings = await runRule(
    RULE,
    {
      '.mcp.json': SERVERS,
      'SECURITY.md': 'Untrusted content: github, playwright, fetch.\n', // not in the configured documents
      'threat-model/mcp.txt': 'Prompt injection surface: github, playwright.\n'
    },
    { options: { documents: ['threat-model/*.txt'] } }
  )
  expectFindings(findings, [{ line: 5, message: 'MCP server fetch' }])
})

test('mcp-injection-surface-undocumented: no servers, malformed file', async () => {
  expectFindings(await runRule(RULE, { '.mcp.json': '{"mcpServers": {' }), [])
  expectFindings(await runRule(RULE, { 'SECURITY.md': 'prompt injection' }), [])
})
