/**
 * mcp-insecure-transport: a remote MCP server is reached over plain `http://`
 * (or `ws://`) to a host other than this machine, so tool calls, results and
 * any `Authorization` header cross the network in clear text and can be read
 * or rewritten on the way — a rewritten tool result is a prompt injection
 * (checklist item 27).
 * Docs: docs/rules/mcp-insecure-transport.md
 */
import { defineRule } from './rule.js'

/** Hosts whose traffic never leaves the machine. */
function isLoopback(host: string): boolean {
  const h = host.toLowerCase().replace(/^\[|\]$/g, '')
  return (
    h === 'localhost' ||
    h.endsWith('.localhost') ||
    /^127(\.\d{1,3}){3}$/.test(h) ||
    h === '::1' ||
    h === '0.0.0.0' ||
    h === 'host.docker.internal'
  )
}

export default defineRule({
  meta: {
    id: 'mcp-insecure-transport',
    checklistItems: [27],
    area: 'mcp',
    severity: 'high',
    confidence: 'high',
    description: 'remote MCP server over plain HTTP',
    messages: {
      plain:
        'MCP server {{name}} is reached over plain `{{scheme}}` at {{host}}: {{what}} travel unencrypted, and anyone on the path can read them or inject instructions into the results'
    }
  },
  check(ctx) {
    for (const server of ctx.project.mcpServers) {
      const url = server.url?.trim()
      if (!url) continue
      const m = /^(http|ws):\/\/([^/?#]*)/i.exec(url)
      if (!m) continue
      const authority = m[2].replace(/^[^@]*@/, '')
      if (authority.includes('$')) continue
      const host = authority.startsWith('[')
        ? authority.slice(0, authority.indexOf(']') + 1)
        : authority.replace(/:\d*$/, '')
      if (!host || isLoopback(host)) continue
      const at = server.doc.span([...server.path, 'url']) ?? server.doc.span(server.path, 'key')
      if (!at) continue
      const hasAuth = Object.keys(server.headers).some((k) => /^(authorization|x-api-key|api-key|.*token.*)$/i.test(k))
      ctx.report({
        messageId: 'plain',
        data: {
          name: server.name,
          scheme: `${m[1].toLowerCase()}://`,
          host,
          what: hasAuth ? 'requests, tool results and the credentials in its headers' : 'requests and tool results'
        },
        at,
        tip: `use \`${m[1].toLowerCase() === 'ws' ? 'wss' : 'https'}://\` (or a loopback address with a local TLS-terminating proxy)`
      })
    }
  }
})
