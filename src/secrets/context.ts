/**
 * Where a secret-looking value sits, and whether that place says it is not a live credential:
 * documentation (Markdown prose and fenced examples), template and test-environment files,
 * commented-out lines, URLs on example hosts, and tokens that are public by design (JWTs whose
 * claims say `anon`, Firebase web API keys in a web config). Pure, no I/O; each check looks at
 * a bounded window around the match.
 */
import { isFixturePath } from './heuristics.js'

/** Documentation files: prose and examples, not configuration. */
const DOC_EXT_RE = /\.(?:md|mdx|markdown|txt|rst|adoc)$/i

/** Memory files: loaded into every session, where a pasted secret is the leak checklist item 3 is about. */
const MEMORY_RE = /(?:^|\/)(?:CLAUDE(?:\.local)?\.md|AGENTS\.md)$|(?:^|\/)\.claude\/rules\//

/**
 * Whether a path is documentation (`.md`, `.mdx`, `.txt`, `.rst`, `.adoc`): skills, commands,
 * agents, docs. Memory files (`CLAUDE.md`, `CLAUDE.local.md`, `AGENTS.md`, `.claude/rules/`) are
 * not: what they hold is in every session's context.
 */
export function isDocumentationPath(path: string): boolean {
  return DOC_EXT_RE.test(path) && !MEMORY_RE.test(path)
}

// Templates: a template suffix (`config.json.example`, `.env.sample`, `app.yml.tmpl`, `.env.dist`)
// or a template word right before a configuration extension (`settings.example.json`).
const TEMPLATE_SUFFIX_RE = /\.(?:example|sample|template|tmpl|tpl|dist)$/i
const TEMPLATE_INFIX_RE = /[._-](?:example|sample|template)\.(?:json|jsonc|ya?ml|toml|ini|cfg|conf|sh|env|properties)$/i
// Environment files (`.env.*`, `*.env`) named for a template or a test environment:
// `.env.test`, `.env.test.local`, `.env.testing`, `.env.local.example`, `test.env`.
const ENV_NAME_RE = /(?:^|\.)env(?=$|\.)/i
const ENV_MARKER_RE = /(?:^|[._-])(?:example|sample|template|tmpl|tpl|dist|defaults?|test|tests|testing|ci|e2e)(?:[._-]|$)/i

/**
 * Whether a file is a template or holds a test environment (`.env.example`, `.env.sample`,
 * `.env.template`, `*.example`, `.env.test*`, `.env.testing`): the values in it are placeholders
 * or test keys, and no shell loads it as it is.
 * @param path repository-relative path.
 */
export function isTemplatePath(path: string): boolean {
  const base = path.slice(path.lastIndexOf('/') + 1)
  if (TEMPLATE_SUFFIX_RE.test(base) || TEMPLATE_INFIX_RE.test(base)) return true
  return ENV_NAME_RE.test(base) && ENV_MARKER_RE.test(base.replace(ENV_NAME_RE, ''))
}

/** `NODE_ENV=development`, `APP_ENV=local`, `ENVIRONMENT_NAME=local`, `export STAGE=dev` on a line of its own. */
const DEV_ENVIRONMENT_RE =
  /^[ \t]*(?:export[ \t]+)?((?:[A-Z][A-Z0-9_]*_)?(?:ENV|ENVIRONMENT(?:_NAME)?|STAGE))[ \t]*=[ \t]*(["']?)(local|dev|development)\2[ \t]*(?:#.*)?$/m

/**
 * The assignment by which an environment file (`.env`, `.env.*`, `*.env`, `.envrc`) declares
 * that it configures local development, or undefined. Its generic secrets (session keys,
 * salts, local passwords) are development values, not production credentials.
 * @param text the file contents.
 * @param path repository-relative path.
 */
export function developmentEnvironment(text: string, path: string): string | undefined {
  const base = path.slice(path.lastIndexOf('/') + 1)
  if (!ENV_NAME_RE.test(base) && base !== '.envrc') return undefined
  const m = DEV_ENVIRONMENT_RE.exec(text)
  return m ? `${m[1]}=${m[3]}` : undefined
}

/** The line of `text` that holds offset `at`: its start offset and its text. */
function lineAt(text: string, at: number): { start: number; line: string } {
  const start = text.lastIndexOf('\n', at - 1) + 1
  let end = text.indexOf('\n', at)
  if (end < 0) end = text.length
  return { start, line: text.slice(start, end) }
}

/**
 * Whether offset `at` is on a commented-out line: one whose first non-blank characters are
 * `#` (shell, `.env`, YAML, TOML) or `//` (JSONC, code). Markdown headings are not comments.
 * @param text the file contents.
 * @param at offset of the match.
 * @param path the file's path, to tell a Markdown heading from a comment.
 */
export function isCommentedOut(text: string, at: number, path = ''): boolean {
  const { line } = lineAt(text, at)
  const t = line.trimStart()
  if (t.startsWith('//')) return true
  return t.startsWith('#') && !isDocumentationPath(path)
}

// RFC 2606 / RFC 6761 reserved names and the conventional illustration domains of tutorials and
// penetration-testing write-ups.
const RESERVED_TLD_RE = /\.(?:example|test|invalid|localhost)$/
const ILLUSTRATION_DOMAIN_RE =
  /^(?:.+\.)?(?:example\.(?:com|net|org|edu)|target\.com|victim\.com|attacker\.com|evil\.com|test\.com|domain\.com|yourdomain\.com|your-domain\.com|mydomain\.com|yoursite\.com|yourcompany\.com|company\.com|acme\.com|foo\.com|bar\.com)$/
const LOOPBACK_RE = /^(?:localhost|127(?:\.\d{1,3}){3}|0\.0\.0\.0|\[?::1\]?|host\.docker\.internal)$/

/**
 * Whether a host name is reserved for examples (RFC 2606/6761: `example.com`, `*.test`,
 * `*.invalid`, `localhost`), a loopback address, or a conventional illustration domain
 * (`target.com`, `victim.com`, `yourdomain.com`).
 * @param host host name, without port.
 */
export function isExampleHost(host: string): boolean {
  const h = host.toLowerCase().replace(/\.$/, '')
  return h === 'example' || h === 'localhost' || RESERVED_TLD_RE.test(h) || ILLUSTRATION_DOMAIN_RE.test(h) || LOOPBACK_RE.test(h)
}

/**
 * The host of a URL that ends right before the match: `https://host/path?token=` (the
 * match is a query value). The URL is the last token of `before` (no space, quote or
 * angle bracket), its scheme the letters before the first `://` in it. Scanned by hand:
 * the regular expression this replaces was cubic on a long token.
 */
function urlHostBefore(before: string): string | undefined {
  let cut = before.length - 1
  while (cut >= 0 && !/[\s'"`<>]/.test(before[cut])) cut--
  const token = before.slice(cut + 1)
  const sep = token.indexOf('://')
  if (sep < 1) return undefined
  let s = sep
  while (s > 0 && /[a-z0-9+.-]/i.test(token[s - 1])) s--
  while (s < sep && !/[a-z]/i.test(token[s])) s++
  if (s === sep) return undefined
  return /^(?:[^\s/@'"`<>]*@)?([^\s/?#:'"`<>]+)/.exec(token.slice(sep + 3))?.[1]
}
// The host after a connection string's password: `…:password@host`.
const HOST_AFTER_RE = /^@([^\s/?#:'"`<>,;]+)/

/**
 * The host of the URL a match is part of (a query parameter, or the password of
 * `scheme://user:password@host`), if any.
 */
function urlHost(text: string, start: number, end: number): string | undefined {
  const { start: lineStart, line } = lineAt(text, start)
  const before = line.slice(Math.max(0, start - lineStart - 2000), start - lineStart)
  const after = HOST_AFTER_RE.exec(text.slice(end, end + 300))
  if (after && /:\/\/[^\s/@]*:?$/.test(before)) return after[1]
  return urlHostBefore(before)
}

function decodeClaims(value: string): Record<string, unknown> | undefined {
  const payload = value.split('.')[1]
  if (payload === undefined) return undefined
  try {
    const claims: unknown = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'))
    return typeof claims === 'object' && claims !== null && !Array.isArray(claims) ? (claims as Record<string, unknown>) : undefined
  } catch {
    return undefined
  }
}

const PUBLIC_ROLES: ReadonlySet<string> = new Set(['anon', 'anonymous', 'public'])

/**
 * Why a token is public by design, if it is: a JWT whose `role` claim is `anon`/`public`
 * (Supabase and Hasura anon keys ship in every browser bundle), a Stripe publishable key, a
 * PostHog project key, or a
 * Google API key in a Firebase web configuration (identifies the project; access is governed by
 * security rules and API restrictions).
 * @param kind detector id of the match.
 * @param text the file contents.
 * @param start offsets of the match.
 * @param end offsets of the match.
 */
export function publicByDesign(kind: string, text: string, start: number, end: number): string | undefined {
  const value = text.slice(start, end)
  if (kind === 'jwt') {
    const role = decodeClaims(value)?.role
    if (typeof role === 'string' && PUBLIC_ROLES.has(role.toLowerCase()))
      return `public by design: a JSON Web Token whose \`role\` claim is \`${role}\` (an anonymous client key)`
  }
  if (/^pk_(?:live|test)_/.test(value)) return 'public by design: a Stripe publishable key'
  // PostHog's project API key (`phc_`) only sends events and reads flags, and ships in every page
  // that captures analytics; the personal API key (`phx_`) is the secret one.
  // https://posthog.com/docs/api (project vs personal keys)
  if (/^phc_[A-Za-z0-9]{20,}$/.test(value)) return 'public by design: a PostHog project API key (it only sends events; the personal `phx_` key is the secret one)'
  if (kind === 'google-api-key') {
    const window = text.slice(Math.max(0, start - 600), Math.min(text.length, end + 600))
    if (/firebase|authDomain/i.test(window))
      return 'public by design: a Firebase web API key (it identifies the project; restrict it by referrer and API instead)'
  }
  return undefined
}

/**
 * Issuers of JSON Web Tokens that a project publishes as fixed demo values: `supabase-demo` signs
 * the keys every `supabase start` prints (the local development stack) and the self-hosting
 * example ships, all made with the same published JWT secret.
 */
const DEMO_ISSUERS: ReadonlyMap<string, string> = new Map([
  [
    'supabase-demo',
    "the issuer of Supabase's demo keys, which are the same for everyone (the local development stack, `supabase start`, and the self-hosting example publish them with their signing secret)"
  ]
])

/**
 * Why a token is a documented test fixture, from its own claims: a JWT whose `iss` claim names a
 * published demo issuer ({@link DEMO_ISSUERS}). Any role: a demo `service_role` key is as public
 * as the demo anon key.
 * @param kind detector id of the match.
 * @param value the matched token.
 */
export function documentedFixture(kind: string, value: string): string | undefined {
  if (kind !== 'jwt') return undefined
  const iss = decodeClaims(value)?.iss
  const what = typeof iss === 'string' ? DEMO_ISSUERS.get(iss) : undefined
  return what ? `a documented test fixture: its \`iss\` claim is \`${String(iss)}\`, ${what}` : undefined
}

/** What the scanner knows about a match, to judge its context. */
export interface MatchPlace {
  kind: string
  start: number
  end: number
  /** An exact provider format verified beyond its shape (priority 3, high confidence). */
  strong: boolean
}

/**
 * Why a match is not a live credential, from where it is, or undefined when nothing says so.
 * Public-by-design tokens and published demo tokens are recognised everywhere. A strong provider match (an exact format,
 * checksum verified) stays a credential wherever it is; other matches are not credentials in
 * documentation, template and test-environment files, on commented-out lines, or in URLs on
 * example hosts.
 * @param text the file contents.
 * @param m the match.
 * @param path the file's path, when known.
 */
export function contextReason(text: string, m: MatchPlace, path: string | undefined): string | undefined {
  const pub = publicByDesign(m.kind, text, m.start, m.end)
  if (pub) return pub
  const demo = documentedFixture(m.kind, text.slice(m.start, m.end))
  if (demo) return demo
  if (m.strong) return undefined
  const host = urlHost(text, m.start, m.end)
  if (host !== undefined && isExampleHost(host)) return `part of a URL on an example or local host (${host})`
  if (path !== undefined) {
    if (isDocumentationPath(path)) return 'in documentation (prose or an example block), not configuration'
    if (isTemplatePath(path)) return 'in a template or test-environment file'
    // A generic value (not a verified provider key, not a URL to a real host) in an env file for local development.
    const dev = host === undefined ? developmentEnvironment(text, path) : undefined
    if (dev) return `in an environment file for local development (it sets ${dev})`
    // A workflow named `test.yml` runs in CI with real secrets: not a fixture.
    if (isFixturePath(path) && !/^\.github\/workflows\//.test(path)) return 'in a test or example file'
  }
  if (isCommentedOut(text, m.start, path)) return 'on a commented-out line'
  return undefined
}
