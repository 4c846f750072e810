/**
 * Provider and generic secret detectors. Pure, no I/O.
 *
 * Every detector names lower-case keywords; {@link scanText} runs a detector only when the
 * lower-cased text contains one of them. Every regex is linear on any input: a pattern starts
 * with a boundary look-behind, so inside a run of token characters only the first position can
 * start a match, and each quantifier is over a class that excludes the literal that follows it
 * (or is bounded). Custom matchers walk the text with `indexOf` and bounded windows.
 */
import type { Confidence } from '../core/types.js'
import { findAssignments, type Assignment } from './assignments.js'
import { hasValidBase62Checksum } from './checksum.js'
import {
  charClasses,
  isDocumentedExample,
  isLocator,
  isPlaceholder,
  isReference,
  isWordIdentifier,
  isWordPassword,
  isWordy,
  shannonEntropy
} from './heuristics.js'

/** State shared by the detectors while one text is scanned. */
export interface ScanContext {
  readonly text: string
  /** Per-scan cache shared by detectors (e.g. the assignments of the text). */
  readonly memo: Map<string, unknown>
}

/** A raw match of one detector: offsets of the secret value and its confidence. */
export interface Candidate {
  start: number
  end: number
  confidence: Confidence
}

/** One kind of secret. */
export interface Detector {
  /** Stable id, used as `SecretMatch.kind`: `anthropic-api-key`. */
  readonly id: string
  /** Human label: `Anthropic API key`. */
  readonly label: string
  /** Lower-case substrings; the detector runs only if the lower-cased text contains one. */
  readonly keywords: readonly string[]
  /**
   * Global regex. The secret is the named group `secret` when the regex has one (with the `d`
   * flag), otherwise the whole match.
   */
  readonly pattern?: RegExp
  /** Custom matcher, for formats that need context or more than one regex. */
  readonly match?: (ctx: ScanContext) => Iterable<Candidate>
  /**
   * Confidence of a regex match, or null to drop it. Without it, {@link confidence} applies.
   * @param value the secret (named group `secret`, or the whole match).
   * @param match the regex match, for its other groups and offset.
   */
  readonly validate?: (value: string, match: RegExpExecArray, ctx: ScanContext) => Confidence | null
  /** Confidence of a valid match (the highest this detector reports). */
  readonly confidence: Confidence
  /**
   * Overlap priority: 3 exact provider formats, 2 contextual provider formats, 1 structural
   * formats (JWT, URL passwords), 0 generic. Higher wins when matches overlap.
   */
  readonly priority: number
}

// Left boundary: not preceded by a token character, except the `n`/`r` of a `\n` escape.
const L = String.raw`(?<!(?<!\\)[A-Za-z0-9_-])`
// Right boundary: not followed by a token character.
const R = String.raw`(?![A-Za-z0-9_-])`

function tokenRe(body: string): RegExp {
  return new RegExp(`${L}(?:${body})${R}`, 'g')
}

/**
 * Common checks on the random part of a provider token: not a placeholder, not a documented
 * example, and enough entropy for its length.
 */
function plausibleRandom(whole: string, random: string, minEntropy?: number): boolean {
  if (isDocumentedExample(whole) || isPlaceholder(random, { random: true })) return false
  const floor = minEntropy ?? Math.min(2.6, 0.6 * Math.log2(Math.max(2, random.length)))
  return shannonEntropy(random) >= floor
}

interface TokenSpec {
  id: string
  label: string
  keywords: string[]
  body: string
  /** Length of the public prefix, excluded from the randomness checks. */
  prefix: number
  confidence?: Confidence
  minEntropy?: number
  /** Extra check; may lower the confidence or return null to drop the match. */
  check?: (value: string) => Confidence | null
}

function token(spec: TokenSpec): Detector {
  const confidence = spec.confidence ?? 'high'
  return {
    id: spec.id,
    label: spec.label,
    keywords: spec.keywords,
    pattern: tokenRe(spec.body),
    confidence,
    priority: 3,
    validate(value) {
      if (!plausibleRandom(value, value.slice(spec.prefix), spec.minEntropy)) return null
      return spec.check ? spec.check(value) : confidence
    }
  }
}

const B62 = 'A-Za-z0-9'
const URLSAFE = 'A-Za-z0-9_-'

// ---------------------------------------------------------------------------------------------
// Anthropic

const anthropic: Detector[] = [
  token({
    id: 'anthropic-api-key',
    label: 'Anthropic API key',
    keywords: ['sk-ant-api03-'],
    body: `sk-ant-api03-[${URLSAFE}]{93}AA`,
    prefix: 13
  }),
  token({
    id: 'anthropic-admin-key',
    label: 'Anthropic Admin API key',
    keywords: ['sk-ant-admin01-'],
    body: `sk-ant-admin01-[${URLSAFE}]{93}AA`,
    prefix: 15
  }),
  // Length and charset unconfirmed: community regexes assume 40+ URL-safe characters.
  token({
    id: 'anthropic-oauth-token',
    label: 'Claude OAuth access token',
    keywords: ['sk-ant-oat01-'],
    body: `sk-ant-oat01-[${URLSAFE}]{40,400}`,
    prefix: 13
  }),
  token({
    id: 'anthropic-refresh-token',
    label: 'Claude OAuth refresh token',
    keywords: ['sk-ant-ort01-'],
    body: `sk-ant-ort01-[${URLSAFE}]{40,400}`,
    prefix: 13
  }),
  // `sk-ant-cc-` + a JWT (self-hosted environments); `sk-ant-si-` on Anthropic-hosted ones.
  token({
    id: 'anthropic-session-token',
    label: 'Claude Code session access token',
    keywords: ['sk-ant-cc-', 'sk-ant-si-'],
    body: `sk-ant-(?:cc|si)-[${URLSAFE}]{8,2000}(?:\\.[${URLSAFE}]{8,2000}){0,2}`,
    prefix: 10,
    check: (v) => (v.length - 10 >= 40 ? 'high' : null)
  })
]

// ---------------------------------------------------------------------------------------------
// AWS

const AWS_KEY_ID = `(?:AKIA|ASIA|ABIA|ACCA)[A-Z2-7]{16}`
const AWS_SECRET_RE = /^[A-Za-z0-9/+]{40}$/

function awsSecretPlausible(value: string): boolean {
  if (!AWS_SECRET_RE.test(value) || isDocumentedExample(value) || isPlaceholder(value, { random: true })) {
    return false
  }
  const k = charClasses(value)
  // Random base64 has upper, lower and digits; a 40-hex git SHA has no upper case.
  return k.upper && k.lower && k.digit && shannonEntropy(value) >= 4.0
}

function assignments(ctx: ScanContext): Assignment[] {
  let cached = ctx.memo.get('assignments') as Assignment[] | undefined
  if (!cached) {
    cached = findAssignments(ctx.text)
    ctx.memo.set('assignments', cached)
  }
  return cached
}

/**
 * `/(?:^|_)aws(?:_.*)?_secret/.test(joined)` in one pass: an `aws` segment
 * (at the start or after `_`), then `_secret` later on the same line. The
 * earliest such `aws` of a line leaves the most room; the expression tried
 * the rest of the line from each one.
 */
export function awsThenSecret(joined: string): boolean {
  return joined.split(/[\n\r\u2028\u2029]/).some((line, k) => {
    for (let at = line.indexOf('aws'); at >= 0; at = line.indexOf('aws', at + 1)) {
      // `^` is the start of the whole text (no `m` flag), not of a later line.
      if (at === 0 ? k > 0 : line[at - 1] !== '_') continue
      if (line[at + 3] === '_') return line.includes('_secret', at + 3)
    }
    return false
  })
}

function isAwsSecretKey(a: Assignment): boolean {
  const joined = a.segments.join('_')
  return (
    awsThenSecret(joined) ||
    /secret_?access_?key$/.test(joined) ||
    joined === 'aws_secret' ||
    /(?:^|_)aws_?secret_?key$/.test(joined)
  )
}

const awsKeyIdRe = tokenRe(AWS_KEY_ID)
const AWS_SECRET_NEAR_RE = /(?<![A-Za-z0-9/+=])[A-Za-z0-9/+]{40}(?![A-Za-z0-9/+=])/g
const AWS_WINDOW = 300

function isBase64Char(c: number): boolean {
  return (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || (c >= 48 && c <= 57) || c === 43 || c === 47 || c === 61
}

const aws: Detector[] = [
  token({
    id: 'aws-access-key-id',
    label: 'AWS access key ID',
    keywords: ['akia', 'asia', 'abia', 'acca'],
    body: AWS_KEY_ID,
    prefix: 4
  }),
  {
    id: 'aws-secret-access-key',
    label: 'AWS secret access key',
    keywords: ['aws', 'secret_access', 'secretaccess', 'secret-access', 'akia', 'asia', 'abia', 'acca'],
    confidence: 'high',
    priority: 2,
    *match(ctx) {
      // 1. Assigned to a key named like one.
      for (const a of assignments(ctx)) {
        if (isAwsSecretKey(a) && awsSecretPlausible(a.value)) {
          yield { start: a.start, end: a.end, confidence: 'high' }
        }
      }
      // 2. Within a few lines after an access key id (credentials CSV, INI, prose).
      const { text } = ctx
      const ids = awsKeyIdRe
      ids.lastIndex = 0
      const near = AWS_SECRET_NEAR_RE
      let scanned = 0
      let m: RegExpExecArray | null
      while ((m = ids.exec(text)) !== null) {
        const from = Math.max(m.index + m[0].length, scanned)
        const to = Math.min(text.length, m.index + m[0].length + AWS_WINDOW)
        if (from >= to) continue
        scanned = to
        const window = text.slice(from, to)
        near.lastIndex = 0
        let s: RegExpExecArray | null
        while ((s = near.exec(window)) !== null) {
          // The window may cut a longer run: check the boundaries in the whole text.
          const at = from + s.index
          if (isBase64Char(text.charCodeAt(at - 1)) || isBase64Char(text.charCodeAt(at + 40))) continue
          if (awsSecretPlausible(s[0])) {
            yield { start: at, end: at + 40, confidence: 'medium' }
          }
        }
      }
    }
  }
]

// ---------------------------------------------------------------------------------------------
// GitHub, GitLab

function githubClassic(id: string, label: string, prefix: string, variableLength: boolean): Detector {
  const length = variableLength ? '{36,251}' : '{36}'
  return token({
    id,
    label,
    keywords: [prefix],
    body: `${prefix}[${B62}]${length}`,
    prefix: 4,
    // 40 characters: 30 random + 6-character base62 CRC-32 checksum. Other lengths (only accepted
    // for app, user-to-server and refresh tokens) carry no checksum we can verify.
    check: (v) => (v.length === 40 ? (hasValidBase62Checksum(v) ? 'high' : null) : 'medium')
  })
}

const github: Detector[] = [
  githubClassic('github-pat', 'GitHub personal access token (classic)', 'ghp_', false),
  githubClassic('github-oauth-token', 'GitHub OAuth access token', 'gho_', false),
  githubClassic('github-user-token', 'GitHub user-to-server token', 'ghu_', true),
  githubClassic('github-app-token', 'GitHub App installation token', 'ghs_', true),
  githubClassic('github-refresh-token', 'GitHub refresh token', 'ghr_', true),
  token({
    id: 'github-fine-grained-pat',
    label: 'GitHub fine-grained personal access token',
    keywords: ['github_pat_'],
    body: `github_pat_[${B62}]{22}_[${B62}]{59}`,
    prefix: 11
  }),
  token({
    id: 'gitlab-pat',
    label: 'GitLab personal access token',
    keywords: ['glpat-'],
    // Legacy 20-character tokens, and routable tokens (GitLab 17+) ending in `.` + a 2-character
    // version + 7 base36 characters of a CRC-32 whose exact input is not confirmed here.
    body: `glpat-(?:[${URLSAFE}]{20}|[${URLSAFE}]{27,300}(?:\\.01)?\\.[0-9a-z]{9})`,
    prefix: 6,
    check: (v) => (v.includes('.') ? 'medium' : 'high')
  })
]

// ---------------------------------------------------------------------------------------------
// Stripe, Slack, OpenAI, Google, SendGrid, npm, PyPI, Hugging Face, Databricks, Twilio

const saas: Detector[] = [
  token({
    id: 'stripe-secret-key',
    label: 'Stripe live secret key',
    keywords: ['sk_live_'],
    body: `sk_live_[${B62}]{24,247}`,
    prefix: 8
  }),
  token({
    id: 'stripe-restricted-key',
    label: 'Stripe live restricted key',
    keywords: ['rk_live_'],
    body: `rk_live_[${B62}]{24,247}`,
    prefix: 8
  }),
  token({
    id: 'slack-bot-token',
    label: 'Slack bot token',
    keywords: ['xoxb-'],
    body: `xoxb-[0-9]{8,13}-(?:[0-9]{8,13}-)?[${B62}]{24,34}`,
    prefix: 5
  }),
  token({
    id: 'slack-user-token',
    label: 'Slack user token',
    keywords: ['xoxp-'],
    body: `xoxp-[0-9]{8,13}-[0-9]{8,13}-[0-9]{8,13}-[${B62}]{28,34}`,
    prefix: 5
  }),
  token({
    id: 'slack-app-token',
    label: 'Slack app-level token',
    keywords: ['xapp-'],
    body: `xapp-[0-9]-[A-Z0-9]{8,15}-[0-9]{8,16}-[a-z0-9]{32,100}`,
    prefix: 5
  }),
  // Legacy workspace (`xoxa-`) and refresh (`xoxr-`) tokens: loosely specified shapes.
  token({
    id: 'slack-legacy-token',
    label: 'Slack workspace or refresh token',
    keywords: ['xoxa-', 'xoxr-'],
    body: `xox[ar]-(?:[0-9]-)?[${URLSAFE}]{20,200}`,
    prefix: 5,
    confidence: 'medium'
  }),
  {
    id: 'slack-webhook-url',
    label: 'Slack incoming webhook URL',
    keywords: ['hooks.slack.com'],
    pattern: new RegExp(
      String.raw`https://hooks\.slack\.com/(?:services/T[A-Z0-9]{8,12}/B[A-Z0-9]{8,12}/[A-Za-z0-9]{20,32}|(?:workflows|triggers)/T[A-Z0-9]{8,12}/[A-Z0-9]{8,12}/[0-9]{8,24}/[A-Za-z0-9]{20,40})${R}`,
      'g'
    ),
    confidence: 'high',
    priority: 3,
    validate(value) {
      const secret = value.slice(value.lastIndexOf('/') + 1)
      return plausibleRandom(value, secret) ? 'high' : null
    }
  },
  {
    id: 'openai-api-key',
    label: 'OpenAI API key',
    keywords: ['sk-proj-', 'sk-svcacct-', 'sk-admin-', 't3blbkfj'],
    pattern: tokenRe(`sk-(?:proj|svcacct|admin)-[${URLSAFE}]{40,400}|sk-[${B62}]{20}T3BlbkFJ[${B62}]{20}`),
    confidence: 'high',
    priority: 3,
    validate(value) {
      if (!plausibleRandom(value, value.slice(value.indexOf('-', 3) + 1))) return null
      // `T3BlbkFJ` is base64 of "OpenAI", embedded in every key issued so far.
      return value.includes('T3BlbkFJ') ? 'high' : 'medium'
    }
  },
  token({
    id: 'google-api-key',
    label: 'Google API key',
    keywords: ['aiza'],
    body: `AIza[${URLSAFE}]{35}`,
    prefix: 4
  }),
  token({
    id: 'sendgrid-api-key',
    label: 'SendGrid API key',
    keywords: ['sg.'],
    body: `SG\\.[${URLSAFE}]{22}\\.[${URLSAFE}]{43}`,
    prefix: 3
  }),
  token({
    id: 'npm-token',
    label: 'npm access token',
    keywords: ['npm_'],
    body: `npm_[${B62}]{36}`,
    prefix: 4,
    // Same scheme as GitHub's: 30 random characters + base62 CRC-32.
    check: (v) => (hasValidBase62Checksum(v) ? 'high' : null)
  }),
  token({
    id: 'pypi-token',
    label: 'PyPI API token',
    keywords: ['pypi-ageichlwas5vcmc', 'pypi-agendgvzdc5wexbplm9yzw'],
    // Macaroon serialised in base64url; the fixed part encodes "pypi.org" / "test.pypi.org".
    body: `pypi-(?:AgEIcHlwaS5vcmc|AgENdGVzdC5weXBpLm9yZw)[${URLSAFE}]{50,2000}`,
    prefix: 19
  }),
  token({
    id: 'huggingface-token',
    label: 'Hugging Face access token',
    keywords: ['hf_'],
    body: `hf_[A-Za-z]{34}`,
    prefix: 3
  }),
  token({
    id: 'databricks-token',
    label: 'Databricks personal access token',
    keywords: ['dapi'],
    body: `dapi[a-f0-9]{32}(?:-[0-9])?`,
    prefix: 4,
    check: (v) => (/[a-f]/.test(v.slice(4)) && /[0-9]/.test(v.slice(4)) ? 'high' : null)
  }),
  token({
    id: 'twilio-api-key',
    label: 'Twilio API key SID',
    keywords: ['sk'],
    body: `SK[0-9a-fA-F]{32}`,
    prefix: 2,
    confidence: 'medium',
    check: (v) => (/[a-fA-F]/.test(v.slice(2)) && /[0-9]/.test(v.slice(2)) ? 'medium' : null)
  }),
  {
    id: 'twilio-auth-token',
    label: 'Twilio auth token',
    keywords: ['twilio'],
    confidence: 'high',
    priority: 2,
    *match(ctx) {
      const hex32 = /^[0-9a-f]{32}$/
      const plausible = (v: string): boolean =>
        hex32.test(v) && /[a-f]/.test(v) && /[0-9]/.test(v) && !isPlaceholder(v, { random: true })
      // An auth-token key names a Twilio token when it says so, or when the text holds an
      // account SID.
      const sidInText = /(?<![A-Za-z0-9])AC[0-9a-f]{32}(?![A-Za-z0-9])/.test(ctx.text)
      for (const a of assignments(ctx)) {
        const joined = a.segments.join('_')
        if (!/auth_?token$|api_?secret$/.test(joined) || !(sidInText || joined.includes('twilio'))) continue
        if (plausible(a.value)) {
          yield { start: a.start, end: a.end, confidence: 'high' }
        }
      }
      // `https://AC…:<token>@api.twilio.com`
      const url = /(?<![A-Za-z0-9])AC[0-9a-f]{32}:([0-9a-f]{32})@/dg
      let m: RegExpExecArray | null
      while ((m = url.exec(ctx.text)) !== null) {
        const span = m.indices?.[1]
        if (span && plausible(m[1] as string)) yield { start: span[0], end: span[1], confidence: 'high' }
      }
    }
  }
]

// ---------------------------------------------------------------------------------------------
// Azure

const azure: Detector[] = [
  {
    id: 'azure-storage-account-key',
    label: 'Azure storage account key',
    keywords: ['accountkey='],
    pattern: /(?<![A-Za-z0-9])[Aa]ccount[Kk]ey=(?<secret>[A-Za-z0-9+/]{86}==)(?![A-Za-z0-9+/=])/dg,
    confidence: 'high',
    priority: 3,
    validate(value, match) {
      // The storage emulator's well-known account is public.
      const line = match.input.slice(Math.max(0, match.index - 300), match.index)
      if (/devstoreaccount1/i.test(line)) return null
      return plausibleRandom(value, value, 4.5) ? 'high' : null
    }
  },
  {
    id: 'azure-shared-access-key',
    label: 'Azure shared access key (Service Bus, Event Hubs, IoT Hub)',
    keywords: ['sharedaccesskey='],
    pattern: /(?<![A-Za-z0-9])SharedAccessKey=(?<secret>[A-Za-z0-9+/]{43}=)(?![A-Za-z0-9+/=])/dg,
    confidence: 'high',
    priority: 3,
    validate: (value) => (plausibleRandom(value, value, 4.0) ? 'high' : null)
  }
]

// ---------------------------------------------------------------------------------------------
// Private keys

const PRIVATE_KEY_LABEL_RE = /^[A-Z0-9]+(?: [A-Z0-9]+){0,4} PRIVATE KEY(?: BLOCK)?$|^PRIVATE KEY$/
const MAX_KEY_BODY = 20000

function* privateKeys(ctx: ScanContext): Iterable<Candidate> {
  const { text } = ctx
  let from = 0
  let nextEnd = -2 // -2: not looked up yet; -1: none left
  for (;;) {
    const begin = text.indexOf('-----BEGIN ', from)
    if (begin < 0) return
    const labelStart = begin + 11
    const labelEnd = text.indexOf('-----', labelStart)
    if (labelEnd < 0) return
    if (labelEnd - labelStart > 60 || !PRIVATE_KEY_LABEL_RE.test(text.slice(labelStart, labelEnd))) {
      from = labelStart
      continue
    }
    const bodyStart = labelEnd + 5
    if (nextEnd === -2 || (nextEnd >= 0 && nextEnd < bodyStart)) nextEnd = text.indexOf('-----END ', bodyStart)
    let bodyEnd: number
    let end: number
    const hasEnd = nextEnd >= 0 && nextEnd - bodyStart <= MAX_KEY_BODY
    if (hasEnd) {
      bodyEnd = nextEnd
      const close = text.indexOf('-----', nextEnd + 9)
      end = close >= 0 && close - nextEnd <= 80 ? close + 5 : nextEnd + 9
    } else {
      // No END line: take the base64 (and escaped newline) run that follows the header.
      bodyEnd = bodyStart
      const limit = Math.min(text.length, bodyStart + MAX_KEY_BODY)
      while (bodyEnd < limit && /[A-Za-z0-9+/=\s\\]/.test(text[bodyEnd] as string)) bodyEnd++
      end = bodyEnd
    }
    from = Math.max(end, bodyStart)
    const body = text.slice(bodyStart, bodyEnd)
    if (/\.\.\.|\u2026|<[a-z]|\*\*\*|x{8}|X{8}/.test(body)) continue
    let encrypted = /ENCRYPTED/.test(text.slice(labelStart, labelEnd))
    const lines = body.replace(/\\[nrt]/g, '\n').split(/\r?\n/)
    let b64 = ''
    for (const line of lines) {
      if (line.includes(':')) {
        if (/ENCRYPTED/i.test(line)) encrypted = true
        continue // PEM headers: Proc-Type, DEK-Info, Comment
      }
      b64 += line.replace(/[\s"'+,;]/g, '')
    }
    if (b64.length < 100 || !/^[A-Za-z0-9+/=]+$/.test(b64)) continue
    if (new Set(b64).size < 20 || shannonEntropy(b64) < 4.5) continue
    yield { start: begin, end, confidence: encrypted || !hasEnd ? 'medium' : 'high' }
  }
}

// ---------------------------------------------------------------------------------------------
// JWT

function decodeJson(part: string): unknown {
  try {
    return JSON.parse(Buffer.from(part, 'base64url').toString('utf8'))
  } catch {
    return undefined
  }
}

function jwtConfidence(value: string): Confidence | null {
  const [header, payload, signature] = value.split('.')
  if (header === undefined || payload === undefined || signature === undefined) return null
  const h = decodeJson(header)
  if (typeof h !== 'object' || h === null) return null
  const alg = (h as { alg?: unknown }).alg
  if (typeof alg !== 'string' || alg.toLowerCase() === 'none') return null
  if (isDocumentedExample(value) || isPlaceholder(signature, { random: true })) return null
  const p = decodeJson(payload)
  if (typeof p === 'object' && p !== null) {
    const claims = p as Record<string, unknown>
    // jwt.io's example.
    if (claims.name === 'John Doe' && claims.sub === '1234567890') return null
    // Public "anon" keys keep their confidence: the scanner marks them public by design.
  }
  return 'medium'
}

// ---------------------------------------------------------------------------------------------
// Passwords in connection strings and URLs

const CONNECTION_RE = new RegExp(
  String.raw`(?<![A-Za-z0-9+.-])(?<scheme>postgres(?:ql)?|mysql|mariadb|mongodb(?:\+srv)?|rediss?|amqps?|mssql|sqlserver|https?|ftps?|smtps?|ldaps?)://(?<user>[^\s:@/?#'"\x60<>]{0,128}):(?<secret>[^\s@/'"\x60<>]{1,256})@(?<host>[^\s/?#:'"\x60<>,;]{1,253})`,
  'dgi'
)
// Default and illustrative passwords of local development setups.
const DEFAULT_PASSWORDS = new Set([
  'password',
  'passwd',
  'pass',
  'pwd',
  'secret',
  'postgres',
  'root',
  'admin',
  'guest',
  'user',
  'test',
  'mysql',
  'redis',
  'rabbitmq',
  'mongo',
  'mongodb',
  'sa',
  'pw',
  'p',
  'x',
  'changeme',
  '1234',
  '12345',
  '123456',
  'password123',
  'example',
  'dbpass',
  'dbpassword',
  'mypassword',
  'yourpassword',
  'token',
  'apikey',
  'api_key',
  'key'
])
const LOOPBACK_HOST_RE = /^(?:localhost|127(?:\.\d{1,3}){3}|0\.0\.0\.0|\[?::1\]?|host\.docker\.internal)$/i

function connectionPassword(value: string, groups: Record<string, string | undefined>): Confidence | null {
  const user = groups.user ?? ''
  const host = (groups.host ?? '').toLowerCase()
  const scheme = (groups.scheme ?? '').toLowerCase()
  if (value.length < 4 || isReference(value)) return null
  const lower = value.toLowerCase()
  if (DEFAULT_PASSWORDS.has(lower) || lower === user.toLowerCase() || isPlaceholder(value)) return null
  if (/example|^host$|^hostname$|^server$/.test(host)) return null
  if (LOOPBACK_HOST_RE.test(host) || !host.includes('.')) return 'low'
  return scheme.startsWith('http') || scheme.startsWith('ftp') ? 'medium' : 'high'
}

// ---------------------------------------------------------------------------------------------
// Generic: high-entropy values assigned to secret-named keys

// Public prefixes owned by provider detectors: a value with one of them that the provider
// rejected (wrong length, wrong checksum) is a look-alike, not a generic secret.
const PROVIDER_PREFIXES = [
  'sk-ant-api03-',
  'sk-ant-admin01-',
  'sk-ant-oat01-',
  'sk-ant-ort01-',
  'sk-ant-cc-',
  'sk-ant-si-',
  'ghp_',
  'gho_',
  'ghu_',
  'ghs_',
  'ghr_',
  'github_pat_',
  'glpat-',
  'sk_live_',
  'rk_live_',
  'xoxb-',
  'xoxp-',
  'xoxa-',
  'xoxr-',
  'xapp-',
  'sk-proj-',
  'sk-svcacct-',
  'sk-admin-',
  'AIza',
  'SG.',
  'npm_',
  'pypi-',
  'hf_',
  'dapi',
  'AKIA',
  'ASIA',
  'eyJ',
  '-----BEGIN'
]

// `config.apiKey`, `!!node.token`, `this.#opts?.key`, `options?.createKey`.
const MEMBER_EXPRESSION_RE = /^[!(]*[A-Za-z_$#][\w$#]*(?:\??\.[A-Za-z_$#][\w$#]*)+$/
// Words that make a generic value a description of a secret rather than one.
const DESCRIPTIVE_WORDS_RE = /token|secret|passw|apikey|api_key|api-key|access|private|personal|credential/i
const HEX_RE = /^(?:[0-9a-f]+|[0-9A-F]+)$/
const ENV_NAME_RE = /^[A-Z][A-Z0-9_]*$/
const NUMBER_LIKE_RE = /^[0-9.,:_+-]+$/

/**
 * Whether a value reads as a relative or absolute path (`./keys/dev.pem`, `/run/secrets/token`).
 * A value that starts with `/` but has the shape of base64 — a `+`, `=` padding, or a run of 20
 * or more characters mixing upper case, lower case and digits between slashes — is a key that
 * happens to start with `/` (one base64 key in 64 does).
 */
function readsAsPath(v: string): boolean {
  if (v.startsWith('./') || v.startsWith('../')) return true
  if (!v.startsWith('/')) return false
  if (v.includes('+') || v.endsWith('=')) return false
  return !v.split('/').some((seg) => seg.length >= 20 && /[A-Z]/.test(seg) && /[a-z]/.test(seg) && /\d/.test(seg))
}

/**
 * Confidence of a value assigned to a secret-named key, or null when it is not a credential.
 * @param value the assigned value.
 * @param category what the key names.
 * @param key the key as written, when known: a value that repeats it is code, not a secret.
 */
export function scoreGenericValue(value: string, category: Assignment['category'], key?: string): Confidence | null {
  const v = value
  if (v.length < 8 || v.length > 512) return null
  // Cheap statistics first: most values assigned to secret-named keys fail here.
  const k = charClasses(v)
  if (k.count < 2 || (k.count === 2 && !k.digit && !(k.upper && k.lower && v.length >= 16))) return null
  const entropy = shannonEntropy(v)
  // Mixed: three classes, or letters and digits, or a mixed-case random-looking run of letters
  // (identifiers made of words are rejected below).
  const mixed = k.count >= 3 || k.digit || (v.length >= 16 && entropy >= 3.5 && k.upper && k.lower)
  if (!mixed) return null
  let confidence: Confidence | null = null
  if (HEX_RE.test(v)) {
    // Hex carries at most 4 bits a character: random 32-hex values average 3.7.
    if (v.length >= 24 && entropy >= 3.0) confidence = 'medium'
    else if (v.length >= 12 && entropy >= 2.7) confidence = 'low'
  } else if (v.length >= 16 && entropy >= 3.5) confidence = 'medium'
  else if (v.length >= 12 && entropy >= 3.0) confidence = 'low'
  else if (category === 'password' && entropy >= 2.5 && k.count >= 3) confidence = 'low'
  if (confidence === null) return null
  // Then what the value looks like.
  if (isReference(v) || isPlaceholder(v) || isDocumentedExample(v) || DESCRIPTIVE_WORDS_RE.test(v)) return null
  if (category === 'password' ? isWordPassword(v) : isWordIdentifier(v)) return null
  if (/^pk_(?:live|test)_/.test(v)) return null // Stripe publishable keys are public
  if (PROVIDER_PREFIXES.some((p) => v.startsWith(p))) return null
  if (NUMBER_LIKE_RE.test(v) || ENV_NAME_RE.test(v) || MEMBER_EXPRESSION_RE.test(v) || isWordy(v)) return null
  if (/^(?:[a-z][a-z0-9+.-]*:)?\/\//i.test(v) || readsAsPath(v) || isLocator(v)) return null // URLs, paths, registry keys
  if (/[\s(){}[\]<>]/.test(v)) return null // code and prose
  if (key !== undefined) {
    const bareKey = key.toLowerCase().replace(/[^a-z0-9]/g, '')
    if (
      bareKey.length >= 4 &&
      v
        .toLowerCase()
        .replace(/[^a-z0-9]/g, '')
        .includes(bareKey)
    )
      return null
  }
  return category === 'weak' ? 'low' : confidence
}

const generic: Detector = {
  id: 'generic-secret',
  label: 'Secret assigned to a credential-named key',
  keywords: ['key', 'token', 'secret', 'pass', 'pwd', 'auth', 'credential'],
  confidence: 'medium',
  priority: 0,
  *match(ctx) {
    for (const a of assignments(ctx)) {
      if (a.declared && !a.quoted) continue // `const token = expression`
      const confidence = scoreGenericValue(a.value, a.category, a.key)
      if (confidence !== null) yield { start: a.start, end: a.end, confidence }
    }
  }
}

// ---------------------------------------------------------------------------------------------

/** Every detector, provider formats first. */
export const DETECTORS: readonly Detector[] = Object.freeze([
  ...anthropic,
  ...aws,
  ...github,
  ...saas,
  ...azure,
  {
    id: 'private-key',
    label: 'Private key',
    keywords: ['-----begin '],
    confidence: 'high',
    priority: 3,
    match: privateKeys
  },
  {
    id: 'jwt',
    label: 'JSON Web Token',
    keywords: ['eyj'],
    pattern: tokenRe(`eyJ[${URLSAFE}]{5,4000}\\.[${URLSAFE}]{2,8000}\\.[${URLSAFE}]{16,2000}`),
    confidence: 'medium',
    priority: 1,
    validate: (value) => jwtConfidence(value)
  },
  {
    id: 'connection-string-password',
    label: 'Password in a connection string or URL',
    keywords: ['://'],
    pattern: CONNECTION_RE,
    confidence: 'high',
    priority: 1,
    validate: (value, match) => connectionPassword(value, match.groups ?? {})
  },
  generic
])

/** The detector with a given id. */
export function detectorById(id: string): Detector | undefined {
  return DETECTORS.find((d) => d.id === id)
}
