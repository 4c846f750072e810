/**
 * mcp-overprivileged: an MCP server holds more access than its task needs — a
 * database server connecting as a superuser (`postgres`, `root`, `sa`,
 * `admin`), without a read-only option or with it switched off
 * (`READ_ONLY=false`; values are read, not just names), a filesystem server rooted at `/`,
 * the home directory or above the repository — or committed settings approve
 * every project server (`enableAllProjectMcpServers: true`). A server started
 * by a shell script of the repository is judged by the script's commands and
 * assignments as well; servers a workflow gives its Claude runs itself
 * (analysis/workflow-mcp.ts) where the workflow names them. Whatever a
 * prompt injection makes the server do, it does with that access (checklist
 * item 27).
 * Docs: docs/rules/mcp-overprivileged.md
 */
import { defineRule } from './rule.js'
import type { McpServer } from '../model/mcp.js'
import { isObject } from '../parse/doc.js'
import { contentKinds, identity, launchScript, throughScript } from '../analysis/mcp-launch.js'
import { committedSettings } from '../analysis/permission-rules.js'
import { givenMcpServers } from '../analysis/workflow-mcp.js'
import type { Span } from '../parse/source.js'
import { auditedMcpServers } from '../analysis/plugin-mcp.js'

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
/** Values that switch an option on or off. */
const ON = /^(true|1|yes|y|on|enabled?)$/i
const OFF = /^(false|0|no|n|off|disabled?)$/i
/** Environment variables and flags that switch a read-only mode (`READ_ONLY`, `MYSQL_READONLY`, `--read-only`). */
const RO_ENV = /(^|_)READ_?ONLY(_MODE)?$/i
const RO_FLAG = /^--?(read[-_]?only|ro)$/i
/** Environment variables and flags that turn writes on (`ALLOW_DELETE_OPERATION=true`, `--allow-write`). */
const WRITE_ENV = /(^|_)(ALLOW_(WRITES?|INSERTS?|UPDATES?|DELETES?|DDL)(_OPERATIONS?)?|ENABLE_WRITES?|WRITES?_ENABLED)$/i
const WRITE_FLAG = /^--(allow|enable)-(writes?|inserts?|updates?|deletes?|ddl)$/i
/** `ACCESS_MODE` / `--access-mode` values. */
const RO_MODE = /^(restricted|read[-_]?only|ro)$/i
const RW_MODE = /^(unrestricted|read[-_]?write|rw)$/i
/** Connection-string settings that make a session read-only (`default_transaction_read_only=on`, `ApplicationIntent=ReadOnly`, sqlite `mode=ro`). */
const RO_PARAM = /(?:^|[?&;\s])(default_transaction_read_only|applicationintent|mode|read_?only)\s*=\s*([^&;\s]+)/gi
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

/** What a `${VAR:-default}` value is when the variable is unset; undefined for a plain `${VAR}` (set elsewhere). */
function literal(value: string): string | undefined {
  const v = value.trim()
  const ref = /^\$\{[A-Za-z_][A-Za-z0-9_]*(?::?-([^}]*))?\}$/.exec(v)
  if (ref) return ref[1]
  return /^\$[A-Za-z_][A-Za-z0-9_]*$/.test(v) ? undefined : v
}

/** What the launch says about writes: read-only switched on, or explicitly off / writes turned on (with the evidence). */
interface ReadOnlyEvidence {
  on: boolean
  /** A read-only switch set to off (`MYSQL_READONLY=false`). */
  off: string[]
  /** A switch that turns writes on (`ALLOW_DELETE_OPERATION=true`). */
  writes: string[]
}

/** Reads the values of read-only and write switches in a server's env, arguments and connection strings. */
function readOnlyEvidence(server: McpServer): ReadOnlyEvidence {
  const ev: ReadOnlyEvidence = { on: false, off: [], writes: [] }
  const judge = (shown: string, value: string | undefined, roKind: 'switch' | 'mode' | 'write'): void => {
    // A reference without a default is set elsewhere: it cannot be judged, so it counts as an option.
    if (value === undefined) {
      if (roKind !== 'write') ev.on = true
      return
    }
    if (roKind === 'switch') {
      if (ON.test(value)) ev.on = true
      else if (OFF.test(value)) ev.off.push(shown)
    } else if (roKind === 'mode') {
      if (RO_MODE.test(value)) ev.on = true
      else if (RW_MODE.test(value)) ev.off.push(shown)
    } else if (ON.test(value)) ev.writes.push(shown)
  }
  for (const [k, raw] of Object.entries(server.env)) {
    if (typeof raw !== 'string' && typeof raw !== 'boolean' && typeof raw !== 'number') continue
    const value = literal(String(raw))
    const shown = `${k}=${String(raw)}`
    if (RO_ENV.test(k)) judge(shown, value, 'switch')
    else if (/(^|_)ACCESS_MODE$/i.test(k)) judge(shown, value, 'mode')
    else if (WRITE_ENV.test(k)) judge(shown, value, 'write')
  }
  const a = server.args
  for (let i = 0; i < a.length; i++) {
    const eq = /^(--?[\w-]+)=(.*)$/.exec(a[i])
    const flag = eq ? eq[1] : a[i]
    const next = eq ? eq[2] : a[i + 1]
    if (RO_FLAG.test(flag)) {
      // `--read-only` alone switches it on; `--read-only=false` (or `--read-only false`) off.
      if (eq) judge(a[i], literal(eq[2]), 'switch')
      else if (next !== undefined && (ON.test(next) || OFF.test(next))) judge(`${flag} ${next}`, next, 'switch')
      else ev.on = true
    } else if (/^--access[-_]mode$/i.test(flag) && next !== undefined) {
      judge(eq ? a[i] : `${flag} ${next}`, literal(next), 'mode')
    } else if (WRITE_FLAG.test(flag)) {
      if (eq) judge(a[i], literal(eq[2]), 'write')
      else ev.writes.push(flag)
    }
  }
  // Settings inside connection strings and option strings (`?default_transaction_read_only=on`, `-c default_transaction_read_only=on`).
  for (const text of strings(server)) {
    let t = text
    try {
      t = decodeURIComponent(text)
    } catch {
      // keep the raw text
    }
    for (const m of t.matchAll(RO_PARAM)) {
      const key = m[1].toLowerCase()
      const value = m[2]
      if (key === 'applicationintent') {
        if (/^readonly$/i.test(value)) ev.on = true
      } else if (key === 'mode') {
        if (/^ro$/i.test(value)) ev.on = true
      } else judge(`${m[1]}=${value}`, value, 'switch')
    }
  }
  // A server package built to be read-only (`@acme/postgres-mcp-readonly`); not a database or server name.
  for (const w of [server.command ?? '', ...a]) {
    if (/:\/\/|=/.test(w) || w.startsWith('-')) continue
    if (/mcp|server/i.test(w) && /(^|[-_/@.])read[-_]?only([-_/@.]|$)/i.test(w)) ev.on = true
  }
  return ev
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
        'MCP server {{name}} reaches a database with no read-only option{{writes}}: every statement the model is talked into running can write',
      readOnlyOff:
        'MCP server {{name}} reaches a database with its read-only option switched off ({{evidence}}): every statement the model is talked into running can write',
      wideRoot:
        'MCP server {{name}} exposes {{what}} (`{{root}}`) to the model: every file there, SSH keys and cloud credentials included, is one tool call away',
      enableAll:
        '`enableAllProjectMcpServers: true` in committed settings approves every server in .mcp.json, including ones a future change adds, without anyone reviewing them (Claude Code ignores it from the shared file until the folder is trusted; in `-p` and CI every project server starts regardless)'
    }
  },
  check(ctx) {
    const judged: { server: McpServer; at: Span }[] = []
    for (const written of auditedMcpServers(ctx.project)) {
      if (written.ignored) continue // never started: Claude Code does not read these entries (model/mcp.ts)
      const at = written.doc.span(written.path, 'key')
      if (!at) continue
      // A server launched through a repository shell script is judged by what the script passes.
      const script = launchScript(written, (rel) => ctx.project.reader.read(rel))
      judged.push({ server: script ? throughScript(written, script) : written, at })
    }
    // Servers a workflow hands its Claude runs itself (the action's mcp_config, --mcp-config, `claude mcp add`), where it names them.
    for (const g of givenMcpServers(ctx.project)) judged.push({ server: g.server, at: g.at })
    for (const { server, at } of judged) {
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
      } else if (isDb && server.command && !READ_ONLY_BY_DESIGN.test(identity(server))) {
        const ev = readOnlyEvidence(server)
        const tip =
          "turn on the server's read-only mode (`--read-only`, `READ_ONLY=true`, `default_transaction_read_only=on`), drop the switches that allow writes, or connect as a role without write grants"
        if (ev.off.length) {
          const evidence = [...ev.off, ...ev.writes].map((e) => `\`${e}\``).join(', ')
          ctx.report({ messageId: 'readOnlyOff', data: { name: server.name, evidence }, at, tip })
        } else if (!ev.on) {
          const writes = ev.writes.length
            ? `, and ${ev.writes.map((e) => `\`${e}\``).join(', ')} ${ev.writes.length === 1 ? 'turns' : 'turn'} writes on`
            : ''
          ctx.report({ messageId: 'noReadOnly', data: { name: server.name, writes }, at, confidence: ev.writes.length ? 'high' : 'medium', tip })
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
        tip: 'remove the key and approve servers one by one (`enabledMcpjsonServers` in your own local settings); block unwanted ones with `disabledMcpjsonServers`'
      })
    }
  }
})
