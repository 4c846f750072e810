/**
 * mcp-injection-surface-undocumented: an MCP server feeds external content to
 * the model (web pages, browsers, GitHub/GitLab, chat, tickets, mail,
 * databases, files, search results) and no threat-model document names it.
 * Every such result can carry instructions the model may follow; the team
 * should know which servers open that door and what guards them (checklist
 * item 29).
 * Docs: docs/rules/mcp-injection-surface-undocumented.md
 */
import { linearGlob } from '../core/glob.js'
import { defineRule } from './rule.js'
import { contentKinds, type ContentKind } from '../analysis/mcp-launch.js'
import { whileTimeLeft } from '../core/budget.js'
import { auditedMcpServers } from '../analysis/plugin-mcp.js'

const KIND_TEXT: Record<ContentKind, string> = {
  web: 'fetched web pages',
  browser: 'pages a browser loads',
  'code-host': 'issues, pull requests and code from a code host',
  chat: 'chat messages',
  mail: 'mail',
  tickets: 'tickets and documents',
  database: 'database rows',
  filesystem: 'file contents',
  search: 'search results'
}

/** A document that talks about threats at all (not just a file that names a tool). */
const THREAT_WORDS = /prompt[- ]injection|untrusted|threat[- ]model|attack surface|injection surface/i

/** Documents about security or MCP as a whole (`SECURITY.md`, `MCP.md`, `docs/threat-model.md`): any mention counts. */
function wholeDocument(path: string): boolean {
  const base = path.slice(path.lastIndexOf('/') + 1).toLowerCase()
  if (!/\.(?:md|markdown|txt)$/.test(base)) return false
  return base.startsWith('security.') || base.startsWith('mcp') || base.includes('threat')
}

const HEADING = /^ {0,3}(#{1,6})(?:[ \t](.*))?$/
const FENCE = /^ {0,3}(`{3,}|~{3,})/

/**
 * The parts of a document that can document a server: the whole text for a security or MCP
 * document; else each Markdown section (from an ATX heading to the next, fenced code kept as
 * text) with the headings that enclose it, so a tech spec that names Playwright as its test
 * tool and discusses the app's prompt injection elsewhere does not count.
 */
function threatParts(path: string, text: string): string[] {
  if (wholeDocument(path)) return [text]
  const out: string[] = []
  const chain: string[] = []
  let body: string[] = []
  let fence: string | undefined
  const flush = (): void => {
    if (body.length) out.push([...chain.filter(Boolean), ...body].join('\n'))
    body = []
  }
  for (const line of text.split(/\r?\n/)) {
    const f = FENCE.exec(line)
    if (fence) {
      if (f && f[1][0] === fence[0] && f[1].length >= fence.length) fence = undefined
    } else if (f) fence = f[1]
    else {
      const h = HEADING.exec(line)
      if (h) {
        flush()
        const level = h[1].length
        chain.length = level
        chain[level - 1] = (h[2] ?? '').trim()
        continue
      }
    }
    body.push(line)
  }
  flush()
  return out.filter((part) => THREAT_WORDS.test(part))
}

/**
 * The literal text (letters, digits, `.`, `_`, `-`) a glob ends with: every path it matches ends
 * with it, compared case-insensitively; empty when there is none or the glob is a negation.
 *
 * Why that holds for {@link linearGlob} with `nocase`: the glob's last segment ends with these
 * characters outside any bracket, brace or extglob syntax (none of them ends with one of these
 * characters), so each is a literal that must match the last character(s) of the path (minimatch
 * allows one trailing `/` after a match, which is why a path ending in `/` is never ruled out).
 * A literal ASCII character matches, case-insensitively, only the same ASCII letter in either case
 * (a character from 128 up never folds to ASCII; see `fold` in core/glob.ts), and then the
 * lower-cased texts are equal. A leading `!` negates the glob, so it has no tail.
 */
export function literalTail(glob: string): string {
  if (glob.startsWith('!')) return ''
  let i = glob.length
  while (i > 0 && isTailChar(glob.charCodeAt(i - 1))) i--
  return glob.slice(i).toLowerCase()
}

/** Letters, digits, `.`, `_`, `-`. */
function isTailChar(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57) || c === 46 || c === 95 || c === 45
}

/** Whether `path` can match a glob whose {@link literalTail} is `tail` (a necessary condition). */
export function mayEndWith(path: string, tail: string): boolean {
  return tail === '' || path.endsWith('/') || (path.length >= tail.length && path.slice(path.length - tail.length).toLowerCase() === tail)
}

function escapeRe(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
}

export default defineRule({
  meta: {
    id: 'mcp-injection-surface-undocumented',
    checklistItems: [29],
    area: 'mcp',
    severity: 'medium',
    confidence: 'high',
    description: 'MCP server reading external content not in the threat model',
    messages: {
      undocumented:
        'MCP server {{name}} feeds {{content}} to the model, and no threat-model document ({{documents}}) names it: text in those results can carry instructions the model may follow'
    },
    defaultOptions: { documents: ['SECURITY.md', 'docs/**/*.md', '.claude/**/*.md', 'MCP*.md'] }
  },
  check(ctx) {
    const p = ctx.project
    // Nothing to document without a server that reads external content: skip the document scan.
    const servers = auditedMcpServers(p)
    if (!servers.some((s) => !s.ignored && contentKinds(s).length > 0)) return
    const globs = Array.isArray(ctx.options.documents) ? ctx.options.documents.map(String) : []
    const matchers = globs.map((g) => linearGlob(g, { dot: true, nocase: true }))
    const tails = globs.map(literalTail)
    const texts: string[] = []
    // The tail test first: a glob match costs far more, and most paths end otherwise.
    const documents = p.files.paths.filter((path) => matchers.some((m, i) => mayEndWith(path, tails[i] as string) && m.match(path)))
    for (const path of whileTimeLeft(ctx, 'mcp-injection-surface-undocumented', documents, (x) => x)) {
      const f = p.reader.read(path)
      if (f && THREAT_WORDS.test(f.text)) texts.push(...threatParts(path, f.text))
    }
    for (const server of servers) {
      if (server.ignored) continue
      const kinds = contentKinds(server)
      if (!kinds.length) continue
      const re = new RegExp(`(^|[^A-Za-z0-9_-])${escapeRe(server.name)}($|[^A-Za-z0-9_-])`, 'i')
      if (texts.some((t) => re.test(t))) continue
      const at = server.doc.span(server.path, 'key')
      if (!at) continue
      ctx.report({
        messageId: 'undocumented',
        data: { name: server.name, content: kinds.map((k) => KIND_TEXT[k]).join(', '), documents: globs.join(', ') },
        at,
        tip: `add ${server.name} to SECURITY.md (or docs/mcp-threat-model.md): what untrusted content it returns, which tools it enables, and what limits its blast radius`
      })
    }
  }
})
