/**
 * mcp-insecure-transport: a remote MCP server is reached over plain `http://`
 * (or `ws://`) to a host other than this machine — also through the default of
 * a `${VAR:-http://host}` reference, used whenever VAR is unset — so tool calls, results and
 * any `Authorization` header cross the network in clear text and can be read
 * or rewritten on the way — a rewritten tool result is a prompt injection
 * (checklist item 27).
 * Docs: docs/rules/mcp-insecure-transport.md
 */
import { defineRule, type Report } from './rule.js'
import type { McpServer } from '../model/mcp.js'
import { givenMcpServers } from '../analysis/workflow-mcp.js'
import { hasLineTerminator } from '../core/linear-text.js'
import { auditedMcpServers } from '../analysis/plugin-mcp.js'

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

/**
 * The URL Claude Code connects to when the variables it references are unset:
 * `${VAR:-default}` (and `${VAR-default}`) expand to their default; a
 * `${VAR}` without one stays as it is (the `$` then marks what cannot be judged).
 */
export function withDefaults(url: string): { url: string; vars: string[] } {
  // What `url.replace(/\$\{([A-Za-z_][A-Za-z0-9_]*):?-([^}]*)\}/g, '$2')` did, in one pass: that
  // expression looked for a `}` from every `${NAME-` even when none was left.
  const vars: string[] = []
  let out = ''
  let done = 0
  let at = url.indexOf('${')
  const head = /\$\{([A-Za-z_][A-Za-z0-9_]*):?-/y
  while (at >= 0) {
    head.lastIndex = at
    const m = head.exec(url)
    if (m) {
      const close = url.indexOf('}', head.lastIndex)
      if (close < 0) break
      vars.push(m[1] as string)
      out += url.slice(done, at) + url.slice(head.lastIndex, close)
      done = close + 1
      at = url.indexOf('${', done)
    } else at = url.indexOf('${', at + 1)
  }
  return { url: out + url.slice(done), vars }
}

/** Variables referenced in the scheme and authority of a URL as written (`${GW:-http://gw}/mcp` → GW). */
function authorityVars(written: string): string[] {
  const out: string[] = []
  const scheme = /^[a-z][a-z0-9+.-]*:\/\//i.exec(written)
  let depth = 0
  for (let i = scheme ? scheme[0].length : 0; i < written.length; i++) {
    const c = written[i]
    if (c === '$' && written[i + 1] === '{') {
      const ref = /^\$\{([A-Za-z_][A-Za-z0-9_]*)/.exec(written.slice(i))
      if (ref && depth === 0) out.push(ref[1])
      depth++
      i++
    } else if (c === '}' && depth > 0) depth--
    else if (depth === 0 && /[/?#]/.test(c)) break
  }
  return out
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
        'MCP server {{name}} is reached over plain `{{scheme}}` at {{host}}: {{what}} travel unencrypted, and anyone on the path can read them or inject instructions into the results',
      plainDefault:
        'MCP server {{name}} is reached over plain `{{scheme}}` at {{host}}, the default its `url` falls back to whenever {{vars}} {{is}} unset: {{what}} then travel unencrypted, and anyone on the path can read them or inject instructions into the results'
    }
  },
  check(ctx) {
    for (const server of auditedMcpServers(ctx.project)) {
      if (server.ignored) continue // never started: Claude Code does not read these entries (model/mcp.ts)
      const at = server.doc.span([...server.path, 'url']) ?? server.doc.span(server.path, 'key')
      const r = at && plainTransport(server)
      if (r) ctx.report({ ...r, at })
    }
    // Servers a workflow hands its Claude runs itself (the action's mcp_config, --mcp-config, `claude mcp add`).
    for (const g of givenMcpServers(ctx.project)) {
      const r = plainTransport(g.server)
      if (r) ctx.report({ ...r, at: g.urlAt ?? g.at })
    }
  }
})

/** The report for a server reached over plain http/ws at a host that is not loopback (without its location), or undefined. */
function plainTransport(server: McpServer): Omit<Report, 'at'> | undefined {
  const written = server.url?.trim()
  if (!written) return undefined
  // `${VAR:-default}` (§3.2 of the MCP docs: expanded in `url`): the default applies when VAR is unset.
  const { url, vars } = withDefaults(written)
  const m = /^(http|ws):\/\/([^/?#]*)/i.exec(url)
  if (!m) return undefined
  const authority = m[2].replace(/^[^@]*@/, '')
  if (authority.includes('$')) return undefined
  const host = authority.startsWith('[')
    ? authority.slice(0, authority.indexOf(']') + 1)
    : authority.replace(/:\d*$/, '')
  if (!host || isLoopback(host)) return undefined
  const hasAuth = Object.keys(server.headers).some((k) => /^(authorization|x-api-key|api-key)$/i.test(k) || (/token/i.test(k) && !hasLineTerminator(k)))
  // Only variables in the scheme or host make the finding conditional (not ones in the path).
  const deciding = authorityVars(written).filter((v) => vars.includes(v))
  return {
    messageId: deciding.length ? 'plainDefault' : 'plain',
    data: {
      name: server.name,
      scheme: `${m[1].toLowerCase()}://`,
      host,
      what: hasAuth ? 'requests, tool results and the credentials in its headers' : 'requests and tool results',
      vars: deciding.map((v) => `\`${v}\``).join(' and '),
      is: deciding.length === 1 ? 'is' : 'are'
    },
    confidence: deciding.length ? 'medium' : 'high',
    tip: `use \`${m[1].toLowerCase() === 'ws' ? 'wss' : 'https'}://\`${deciding.length ? ' in the default too' : ''} (or a loopback address with a local TLS-terminating proxy)`
  }
}
