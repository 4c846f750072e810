/**
 * mcp-overprivileged: an MCP server holds more access than its task needs — a
 * database server connecting as a superuser (`postgres`, `root`, `sa`,
 * `admin`) or without a read-only option, a filesystem server rooted at `/`,
 * the home directory or above the repository — or committed settings approve
 * every project server (`enableAllProjectMcpServers: true`). Whatever a
 * prompt injection makes the server do, it does with that access (checklist
 * item 27).
 * Docs: docs/rules/mcp-overprivileged.md
 */
import { defineRule } from './rule.js'
import type { McpServer } from '../model/mcp.js'
import { isObject } from '../parse/doc.js'
import { contentKinds, identity } from './utils/mcp-launch.js'
import { committedSettings } from './utils/g3-permissions.js'

const SUPERUSERS = new Set([
  'postgres',
  'root',
  'sa',
  'admin',
  'administrator',
  'superuser',
  'rdsadmin',
  'system',
  'sys'
])
const DB_URL =
  /\b(postgres(?:ql)?|mysql|mariadb|mongodb(?:\+srv)?|sqlserver|mssql|redis|rediss|clickhouse|cockroachdb|oracle)(?::[a-z]+)?:\/\/([^:@/\s]+)(?::[^@/\s]*)?@/i
const ADO_USER = /(?:^|;)\s*(?:user\s*id|uid|user(?:name)?)\s*=\s*([^;]+)/i
const READ_ONLY =
  /read[-_ ]?only|readonly|access[-_]mode[= ]+restricted|default_transaction_read_only|applicationintent\s*=\s*readonly|[?&]mode=ro\b|--ro\b/i
/** Servers that only ever run read-only statements. */
const READ_ONLY_BY_DESIGN = /@modelcontextprotocol\/server-postgres\b/i
const USER_FLAGS = new Set(['-U', '-u', '--user', '--username', '--db-user', '--dbuser'])

function strings(server: McpServer): string[] {
  return [...server.args, ...Object.values(server.env).filter((v): v is string => typeof v === 'string')]
}

/** The superuser a database server connects as, if any. */
function superuser(server: McpServer): string | undefined {
  for (const s of strings(server)) {
    const u = DB_URL.exec(s)?.[2] ?? ADO_USER.exec(s)?.[1]
    if (u && SUPERUSERS.has(decodeURIComponent(u).trim().toLowerCase())) return decodeURIComponent(u).trim()
  }
  const a = server.args
  for (let i = 0; i < a.length; i++) {
    const eq = /^(--[\w-]+)=(.*)$/.exec(a[i])
    const [flag, value] = eq ? [eq[1], eq[2]] : [a[i], a[i + 1]]
    if (USER_FLAGS.has(flag) && value && SUPERUSERS.has(value.toLowerCase())) return value
  }
  for (const [k, v] of Object.entries(server.env)) {
    if (typeof v === 'string' && /(^|_)(USER|USERNAME|UID)$/i.test(k) && SUPERUSERS.has(v.trim().toLowerCase()))
      return v.trim()
  }
  return undefined
}

/** Why a filesystem root is too wide, if it is. */
function wideRoot(arg: string): string | undefined {
  const a = arg.trim()
  if (a === '/' || /^[A-Za-z]:[\\/]?$/.test(a)) return 'the filesystem root'
  if (/^(~|\$HOME|\$\{HOME\}|%USERPROFILE%|\$env:USERPROFILE)[\\/]?$/i.test(a)) return 'the home directory'
  if (/^\/(Users|home)\/[^/]+\/?$/.test(a) || /^[A-Za-z]:\\Users\\[^\\]+\\?$/i.test(a)) return 'a home directory'
  if (
    /^\.\.([\\/]|$)/.test(a) ||
    /(^|[\\/])\.\.([\\/]|$)/.test(a.replace(/^\$\{?(CLAUDE_PROJECT_DIR|PWD|workspaceFolder)(:-[^}]*)?\}?/, ''))
  ) {
    return 'a directory above the repository'
  }
  return undefined
}

export default defineRule({
  meta: {
    id: 'mcp-overprivileged',
    checklistItems: [27],
    area: 'mcp',
    severity: 'high',
    confidence: 'high',
    description: 'MCP server with more access than it needs',
    messages: {
      superuser:
        'MCP server {{name}} connects to its database as `{{user}}`, a superuser: a prompt injection that reaches this server can read, change or drop anything in that database',
      noReadOnly:
        'MCP server {{name}} reaches a database with no read-only option: every statement the model is talked into running can write',
      wideRoot:
        'MCP server {{name}} exposes {{what}} (`{{root}}`) to the model: every file there, SSH keys and cloud credentials included, is one tool call away',
      enableAll:
        '`enableAllProjectMcpServers: true` in committed settings approves every server in .mcp.json, including ones a future change adds, without anyone reviewing them (Claude Code ignores it from the shared file until the folder is trusted; in `-p` and CI every project server starts regardless)'
    }
  },
  check(ctx) {
    for (const server of ctx.project.mcpServers) {
      const at = server.doc.span(server.path, 'key')
      if (!at) continue
      const kinds = contentKinds(server)
      const texts = strings(server)
      const isDb = kinds.includes('database') || texts.some((s) => DB_URL.test(s))
      const user = superuser(server)
      if (user && (isDb || texts.some((s) => DB_URL.test(s) || ADO_USER.test(s)))) {
        ctx.report({
          messageId: 'superuser',
          data: { name: server.name, user },
          at,
          tip: 'connect as a dedicated role with SELECT (or only the grants the task needs) and keep credentials in `${VAR}` references'
        })
      } else if (isDb && server.command) {
        const all = `${identity(server)} ${Object.keys(server.env).join(' ')} ${texts.join(' ')}`
        if (!READ_ONLY.test(all) && !READ_ONLY_BY_DESIGN.test(all)) {
          ctx.report({
            messageId: 'noReadOnly',
            data: { name: server.name },
            at,
            confidence: 'medium',
            tip: "turn on the server's read-only mode (`--read-only`, `READ_ONLY=true`, `default_transaction_read_only=on`) or connect as a role without write grants"
          })
        }
      }
      if (kinds.includes('filesystem')) {
        for (const arg of server.args) {
          const what = wideRoot(arg)
          if (!what) continue
          ctx.report({
            messageId: 'wideRoot',
            data: { name: server.name, what, root: arg },
            at,
            tip: 'root the server at the repository (`${CLAUDE_PROJECT_DIR:-.}`) or the one subdirectory it needs'
          })
          break
        }
      }
    }
    for (const s of committedSettings(ctx.project)) {
      const perms = isObject(s.value.permissions) ? s.value.permissions : {}
      const inPerms = perms.enableAllProjectMcpServers === true
      if (s.value.enableAllProjectMcpServers !== true && !inPerms) continue
      const at = s.doc.span(inPerms ? ['permissions', 'enableAllProjectMcpServers'] : ['enableAllProjectMcpServers'])
      if (!at) continue
      ctx.report({
        messageId: 'enableAll',
        at,
        severity: 'medium',
        tip: 'remove the key and approve servers one by one (`enabledMcpjsonServers` in your own local settings); block unwanted ones with `disabledMcpjsonServers`'
      })
    }
  }
})
