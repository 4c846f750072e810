/**
 * Test-time generators of credential-shaped strings. Nothing here is a real key, and no key is
 * written into a file: every value is built from random characters when the tests run, with
 * checksums computed here where the format has one.
 */
import { randomBytes, randomInt } from 'node:crypto'
import { base62, crc32 } from '../../src/secrets/checksum.js'
import { isPlaceholder, isWordy, shannonEntropy } from '../../src/secrets/heuristics.js'

export const UPPER = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ'
export const LOWER = 'abcdefghijklmnopqrstuvwxyz'
export const DIGITS = '0123456789'
export const ALNUM = UPPER + LOWER + DIGITS
export const URLSAFE = ALNUM + '_-'
export const BASE64 = ALNUM + '+/'
export const HEX = '0123456789abcdef'
export const BASE32 = UPPER + '234567'

/**
 * Random string over a charset. Strings that happen to look like placeholders (a chance of
 * about 1 in 10,000: an embedded word such as "sample", a run of 6 equal characters) are
 * redrawn, so the positive cases are deterministic in outcome.
 */
export function rand(charset: string, length: number): string {
  if (length === 0) return ''
  for (;;) {
    const chars = new Array<string>(length)
    for (let i = 0; i < length; i++) chars[i] = charset[randomInt(charset.length)] as string
    const s = chars.join('')
    if (!isPlaceholder(s, { random: true })) return s
  }
}

/**
 * A large random string (1 MB and up) for performance inputs: fast, flat, not placeholder-checked.
 */
export function randLarge(charset: string, length: number): string {
  const bytes = randomBytes(length)
  const chars = new Array<string>(length)
  for (let i = 0; i < length; i++) chars[i] = charset[(bytes[i] as number) % charset.length] as string
  return chars.join('')
}

/**
 * Random value for a generic secret-named key: also redrawn when it contains a short word that
 * marks generic values as placeholders (`test`, `your`, `here`, …) or reads as an identifier
 * made of words (about once in 10^4 draws of 32 characters).
 */
export function randGeneric(charset: string, length: number): string {
  for (;;) {
    const s = rand(charset, length)
    if (!isPlaceholder(s) && !isWordy(s)) return s
  }
}

/** Random string that contains at least one upper-case letter, one lower-case letter and one digit. */
export function randMixed(charset: string, length: number): string {
  for (;;) {
    const s = rand(charset, length)
    if (/[A-Z]/.test(s) && /[a-z]/.test(s) && /[0-9]/.test(s)) return s
  }
}

/** A GitHub/npm-style token: prefix + 30 random base62 + 6-character base62 CRC-32. */
export function checksummed(prefix: string): string {
  const random = rand(ALNUM, 30)
  return prefix + random + base62(crc32(random), 6)
}

/** The same token with a checksum that does not match. */
export function badChecksum(prefix: string): string {
  const good = checksummed(prefix)
  const last = good[good.length - 1] as string
  const swapped = last === 'A' ? 'B' : 'A'
  return good.slice(0, -1) + swapped
}

function b64url(obj: unknown): string {
  return Buffer.from(JSON.stringify(obj)).toString('base64url')
}

/** A signed-looking JWT with random claims and a random signature. */
export function jwt(claims: Record<string, unknown> = {}, alg = 'HS256'): string {
  return [
    b64url({ alg, typ: 'JWT' }),
    b64url({ sub: rand(DIGITS, 8), iat: 1700000000 + randomInt(1000000), ...claims }),
    rand(URLSAFE, 43)
  ].join('.')
}

/** A PEM block shaped like a private key, with a random body. */
export function privateKeyPem(label = 'RSA PRIVATE KEY', bytes = 1200): string {
  const body = 'MII' + rand(BASE64, bytes)
  const lines = body.match(/.{1,64}/g) as string[]
  return `-----BEGIN ${label}-----\n${lines.join('\n')}\n-----END ${label}-----`
}

/** Shorthand per kind, used by the positive cases. */
export const make = {
  anthropicApi: (): string => 'sk-ant-' + 'api03-' + rand(URLSAFE, 93) + 'AA',
  anthropicAdmin: (): string => 'sk-ant-' + 'admin01-' + rand(URLSAFE, 93) + 'AA',
  anthropicOauth: (): string => 'sk-ant-' + 'oat01-' + rand(URLSAFE, 95) + 'AA',
  anthropicRefresh: (): string => 'sk-ant-' + 'ort01-' + rand(URLSAFE, 95) + 'AA',
  anthropicSession: (): string => 'sk-ant-' + 'cc-' + jwt(),
  anthropicSessionSi: (): string => 'sk-ant-' + 'si-' + rand(URLSAFE, 64),
  awsKeyId: (): string => 'AKIA' + rand(BASE32, 16),
  awsSessionKeyId: (): string => 'ASIA' + rand(BASE32, 16),
  awsSecret: (): string => randMixed(BASE64, 40),
  githubPat: (): string => checksummed('ghp_'),
  githubOauth: (): string => checksummed('gho_'),
  githubUser: (): string => checksummed('ghu_'),
  githubApp: (): string => checksummed('ghs_'),
  githubRefresh: (): string => checksummed('ghr_'),
  githubFineGrained: (): string => 'github_' + 'pat_' + rand(ALNUM, 22) + '_' + rand(ALNUM, 59),
  gitlabPat: (): string => 'glpat-' + rand(URLSAFE, 20),
  gitlabRoutable: (): string => 'glpat-' + rand(URLSAFE, 40) + '.01.' + rand(LOWER + DIGITS, 9),
  stripeLive: (): string => 'sk_' + 'live_' + rand(ALNUM, 99),
  stripeRestricted: (): string => 'rk_' + 'live_' + rand(ALNUM, 99),
  slackBot: (): string => 'xoxb-' + rand(DIGITS, 12) + '-' + rand(DIGITS, 13) + '-' + rand(ALNUM, 24),
  slackUser: (): string =>
    'xoxp-' + rand(DIGITS, 12) + '-' + rand(DIGITS, 12) + '-' + rand(DIGITS, 13) + '-' + rand(HEX, 32),
  slackApp: (): string => 'xapp-1-' + 'A' + rand(UPPER + DIGITS, 10) + '-' + rand(DIGITS, 13) + '-' + rand(HEX, 64),
  slackLegacy: (): string => 'xoxa-2-' + rand(ALNUM, 60),
  slackWebhook: (): string =>
    'https://hooks.slack.com/services/T' +
    rand(UPPER + DIGITS, 8) +
    '/B' +
    rand(UPPER + DIGITS, 10) +
    '/' +
    rand(ALNUM, 24),
  openaiProject: (): string => 'sk-' + 'proj-' + rand(URLSAFE, 74) + 'T3BlbkFJ' + rand(URLSAFE, 74),
  openaiLegacy: (): string => 'sk-' + rand(ALNUM, 20) + 'T3BlbkFJ' + rand(ALNUM, 20),
  google: (): string => 'AIza' + rand(URLSAFE, 35),
  azureAccountKey: (): string => rand(BASE64, 86) + '==',
  azureSharedAccessKey: (): string => rand(BASE64, 43) + '=',
  twilioApiKey: (): string => 'SK' + randHexMixed(32),
  // Redrawn below 3.0 bits of entropy a character (about 1 draw in 6,700: `499953a4a4d4…`), where the
  // generic detector rates a hex value low: the test that reads one as a generic secret must not flip by chance.
  twilioAuthToken: (): string => {
    for (;;) {
      const s = randHexMixed(32)
      if (shannonEntropy(s) >= 3.0) return s
    }
  },
  twilioAccountSid: (): string => 'AC' + randHexMixed(32),
  sendgrid: (): string => 'SG.' + rand(URLSAFE, 22) + '.' + rand(URLSAFE, 43),
  npm: (): string => checksummed('npm_'),
  pypi: (): string => 'pypi-' + 'AgEIcHlwaS5vcmc' + rand(URLSAFE, 160),
  huggingface: (): string => 'hf_' + rand(UPPER + LOWER, 34),
  databricks: (): string => 'dapi' + randHexMixed(32),
  // Redrawn below 3.5 bits of entropy a character (about 1 draw in 250), where the generic
  // detector rates an 18-character value low, and when it reads as words (1 in 20,000), as
  // randGeneric does: a password case must not flip to a weak or a missing one by chance.
  password: (): string => {
    for (;;) {
      const s = randMixed(ALNUM + '!#^*_~', 18)
      if (!isPlaceholder(s) && !isWordy(s) && shannonEntropy(s) >= 3.5) return s
    }
  }
}

/** Lower-case hex with at least one letter and one digit. */
export function randHexMixed(length: number): string {
  for (;;) {
    const s = rand(HEX, length)
    if (/[a-f]/.test(s) && /[0-9]/.test(s)) return s
  }
}
