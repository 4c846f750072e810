/**
 * Finds `key = value` assignments whose key names a secret, in the syntaxes the audited files
 * use: YAML `key: value`, JSON `"key": "value"`, shell `export KEY=value`, `.env` `KEY=value`,
 * TOML/INI `key = "value"`, Makefile `KEY ?= value`, Ruby `key => 'value'` and CLI flags
 * `--token value` / `--api-key=value` / `["--api-key", "value"]` (an argument list). Pure and linear: the text is walked once, driven by a
 * literal keyword regex, and every character is examined a bounded number of times.
 */

/** One assignment of a value to a secret-named key. */
export interface Assignment {
  /** The key as written, without quotes or leading dashes. */
  key: string
  /** Lower-case segments of the key (`apiKey` → `api`, `key`). */
  segments: readonly string[]
  /** What the key names. */
  category: KeyCategory
  /** The value, without quotes and without an `Authorization` scheme such as `Bearer `. */
  value: string
  /** Offsets of {@link value} in the text. */
  start: number
  end: number
  quoted: boolean
  /** The key is declared as a code identifier (`const apiKey = …`, `type FooToken = …`). */
  declared: boolean
}

/** `password`: a human-chosen password; `secret`: a key or token; `weak`: a bare `key`. */
export type KeyCategory = 'password' | 'secret' | 'weak'

const KEYWORD_RE = /key|token|secret|pass|pwd|auth|credential/gi
const MAX_KEY = 80
const MAX_VALUE = 512

// Identifier characters of a key: letters, digits, `_`, `.`, `-`.
function isKeyChar(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57) || c === 95 || c === 46 || c === 45
}

function isBlank(c: number): boolean {
  return c === 32 || c === 9
}

// Characters that end an unquoted value.
function endsUnquoted(c: number): boolean {
  return (
    c <= 32 || // whitespace and control characters
    c === 34 || // "
    c === 39 || // '
    c === 96 || // `
    c === 44 || // ,
    c === 59 || // ;
    c === 41 || // )
    c === 93 || // ]
    c === 125 || // }
    c === 60 || // <: markup (`<code>KEY=value</code>`)
    c === 62 || // >: shell redirection (`echo KEY=value>>.env`)
    c === 92 // backslash: an escaped newline inside an embedded string
  )
}

const PASSWORD_WORDS = new Set(['password', 'passwd', 'pwd', 'pass', 'passphrase', 'passcode'])
const SECRET_WORDS = new Set([
  'token',
  'secret',
  'apikey',
  'credential',
  'credentials',
  'auth',
  'authorization',
  'authtoken'
])
// Compound last segments (`SECRETKEY`, `mytoken`).
const SECRET_SUFFIXES = [
  'apikey',
  'secretkey',
  'accesskey',
  'privatekey',
  'masterkey',
  'authtoken',
  'token',
  'secret',
  'password',
  'passwd'
]
// `*_key` qualifiers that make a key public or not a credential.
const NON_SECRET_KEY_QUALIFIERS = new Set([
  'public',
  'publishable',
  'pub',
  'site',
  'anon',
  'primary',
  'sort',
  'partition',
  'range',
  'cache',
  'foreign',
  'idempotency',
  'hash',
  'routing',
  'lookup',
  'map',
  'dedup',
  'dedupe',
  'unique',
  'object',
  'i18n',
  'translation',
  'group',
  'row',
  'field',
  'column',
  'index',
  'label',
  'hot',
  'short',
  'shortcut',
  'keyboard',
  'ssh_host',
  'gpg',
  'pgp',
  'signing_public',
  'deduplication',
  'debounce',
  'throttle',
  'query',
  'mutation',
  'list',
  'item',
  'storage',
  'registry',
  'lock',
  'queue',
  'topic',
  'prefix',
  'namespace',
  'event',
  'message',
  'state',
  'feature',
  'flag',
  'metric',
  'composite',
  'natural',
  'surrogate',
  'react',
  'render',
  'translation_key'
])
// `*_token` qualifiers that are not credentials.
const NON_SECRET_TOKEN_QUALIFIERS = new Set([
  'csrf',
  'xsrf',
  'page',
  'next',
  'continuation',
  'cancellation',
  'sync',
  'pagination',
  'cursor',
  'max',
  'min',
  'num',
  'count',
  'stop',
  'end',
  'start',
  'bos',
  'eos',
  'pad',
  'unk',
  'sep',
  'mask',
  'cls',
  'special'
])

/**
 * Lower-case segments of a key name: camelCase, snake_case, kebab-case and dotted paths.
 * @param key the key as written.
 */
export function keySegments(key: string): string[] {
  return key
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter((s) => s.length > 0)
}

/**
 * What a key name says about its value, or null when it does not name a secret. The key must
 * end in a secret word (`*_KEY`, `*_TOKEN`, `*_SECRET`, `password`, `passwd`, `api_key`, `apikey`,
 * `auth`, `credential`), so `token_url`, `secret_name`, `max_tokens`, `public_key` are not secrets.
 * @param segments from {@link keySegments}.
 */
export function classifyKey(segments: readonly string[]): KeyCategory | null {
  const last = segments[segments.length - 1]
  if (last === undefined) return null
  const prev = segments[segments.length - 2]
  if (segments.includes('public') || segments.includes('publishable')) return null
  if (PASSWORD_WORDS.has(last)) return 'password'
  if (last === 'key') {
    if (prev === undefined) return 'weak'
    const qualifier = segments.slice(-3, -1).join('_')
    if (NON_SECRET_KEY_QUALIFIERS.has(prev) || NON_SECRET_KEY_QUALIFIERS.has(qualifier)) return null
    return 'secret'
  }
  if (last === 'token' && prev !== undefined && NON_SECRET_TOKEN_QUALIFIERS.has(prev)) return null
  if (SECRET_WORDS.has(last)) return 'secret'
  if (last.endsWith('password') || last.endsWith('passwd')) return 'password'
  if (SECRET_SUFFIXES.some((s) => last.endsWith(s))) return 'secret'
  return null
}

// A declaration keyword right before the key: the value is an expression, not a literal.
const DECLARATION_RE =
  /(?:^|[\s(])(?:const|let|var|val|type|final|readonly|static|private|public|protected|def|my|local)\s+(?:[\w$<>,[\]]+\s+)?$/
const AUTH_SCHEME_RE = /^(?:Bearer|Basic|Token|Bot|Digest)\s+/i
const AUTH_SCHEME_WORD_RE = /^(?:Bearer|Basic|Token|Bot|Digest)$/i
const SCHEME_INITIALS = new Set([...'BbTtDd'].map((c) => c.charCodeAt(0)))

/**
 * Whether the unquoted value `text[start, end)` begins with a secret-named key followed by `=`
 * or `:` and a non-empty value (`AWS_SECRET_ACCESS_KEY=…`). Examines at most {@link MAX_KEY} + 2
 * characters.
 */
function nestedKeyAt(text: string, start: number, end: number): boolean {
  let k = start
  const limit = Math.min(end, start + MAX_KEY)
  while (k < limit && isKeyChar(text.charCodeAt(k))) k++
  if (k === start || k >= end - 1) return false
  const sep = text.charCodeAt(k)
  const next = text.charCodeAt(k + 1)
  if (sep === 61) {
    if (next === 61 || next === 62) return false // `==`, `=>`
  } else if (sep === 58) {
    if (next === 58 || next === 47) return false // `::`, `://`
  } else {
    return false
  }
  let name = start
  while (name < k && (text.charCodeAt(name) === 45 || text.charCodeAt(name) === 46)) name++
  return name < k && classifyKey(keySegments(text.slice(name, k))) !== null
}

/**
 * All assignments of a value to a secret-named key, in text order.
 * @param text the file contents.
 */
export function findAssignments(text: string): Assignment[] {
  const out: Assignment[] = []
  const length = text.length
  const re = new RegExp(KEYWORD_RE.source, KEYWORD_RE.flags)
  let floor = 0 // nothing before this offset is scanned again
  // An unquoted value holding a nested key: no character of [runStart, runEnd) ends a value.
  let runStart = 0
  let runEnd = 0
  const keyCache = new Map<string, { segments: string[]; category: KeyCategory | null }>()
  let m: RegExpExecArray | null
  while ((m = re.exec(text)) !== null) {
    // The whole identifier around the keyword.
    let keyStart = m.index
    const backLimit = Math.max(floor, m.index - MAX_KEY)
    while (keyStart > backLimit && isKeyChar(text.charCodeAt(keyStart - 1))) keyStart--
    let keyEnd = m.index + m[0].length
    const forwardLimit = Math.min(length, keyEnd + MAX_KEY)
    while (keyEnd < forwardLimit && isKeyChar(text.charCodeAt(keyEnd))) keyEnd++
    if (keyEnd < length && isKeyChar(text.charCodeAt(keyEnd))) {
      // An identifier longer than any key: skip all of it.
      while (keyEnd < length && isKeyChar(text.charCodeAt(keyEnd))) keyEnd++
      re.lastIndex = floor = keyEnd
      continue
    }
    re.lastIndex = floor = keyEnd
    if (keyStart === backLimit && keyStart > 0 && isKeyChar(text.charCodeAt(keyStart - 1))) continue

    // Closing quote of a quoted key, blanks, separator, blanks: checked before the key name,
    // since most keyword hits (prose, code) have no separator.
    const flag = text.charCodeAt(keyStart) === 45 // `--token value`
    let p = keyEnd
    const before = text[keyStart - 1]
    if ((before === '"' || before === "'") && text[p] === before) p++
    const afterKey = p
    while (p < length && isBlank(text.charCodeAt(p))) p++
    const c0 = text[p]
    const c1 = text[p + 1]
    if ((c0 === ':' && c1 === '=') || (c0 === '=' && c1 === '>') || (c0 === '?' && c1 === '=')) {
      p += 2
    } else if (c0 === '=' && c1 !== '=') {
      p += 1
    } else if (c0 === ':' && c1 !== ':') {
      p += 1
    } else if (flag && p > afterKey) {
      // `--token value`: the value follows the flag after blanks.
    } else if (flag && afterKey > keyEnd && c0 === ',') {
      // `["--api-key", "value"]`: the flag and its value are neighbouring quoted elements of a
      // list (a JSON or YAML flow array, a Python or JavaScript list), possibly on two lines.
      let v = p + 1
      while (v < length && (isBlank(text.charCodeAt(v)) || text[v] === '\n' || text[v] === '\r')) v++
      if (text[v] !== before) continue
      p = v
    } else {
      continue
    }
    while (p < length && isBlank(text.charCodeAt(p))) p++
    if (p >= length) break

    let nameStart = keyStart
    while (nameStart < keyEnd && (text.charCodeAt(nameStart) === 45 || text.charCodeAt(nameStart) === 46)) nameStart++
    const rawKey = text.slice(nameStart, keyEnd)
    let classified = keyCache.get(rawKey)
    if (classified === undefined) {
      const segments = keySegments(rawKey)
      classified = { segments, category: classifyKey(segments) }
      keyCache.set(rawKey, classified)
    }
    const { segments, category } = classified
    if (category === null) continue

    // The value.
    const q = text[p]
    let start: number
    let end: number
    let quoted = false
    if (q === '"' || q === "'" || q === '`') {
      start = p + 1
      end = start
      const limit = Math.min(length, start + MAX_VALUE)
      while (end < limit) {
        const ch = text[end]
        if (ch === q || ch === '\n' || ch === '\r') break
        if (ch === '\\' && q !== "'") end++
        end++
      }
      if (end >= length || text[end] !== q) {
        re.lastIndex = floor = Math.max(floor, Math.min(end, length))
        continue
      }
      quoted = true
    } else {
      start = p
      end = p
      const limit = Math.min(length, start + MAX_VALUE)
      // Inside the value of a nested key (below), the run is known to end at `runEnd`.
      if (p > runStart && p < runEnd) end = runEnd
      // A URL query parameter (`?token=abc&user=x`): the value ends at the next `&` or `#`.
      const query = text[keyStart - 1] === '?' || text[keyStart - 1] === '&'
      while (end < limit && !endsUnquoted(text.charCodeAt(end)) && !(query && (text[end] === '&' || text[end] === '#'))) end++
      if (end === limit && end < length && !endsUnquoted(text.charCodeAt(end))) {
        // A run longer than any value: skip all of it.
        while (end < length && !endsUnquoted(text.charCodeAt(end))) end++
        re.lastIndex = floor = end
        continue
      }
      if (flag && text.charCodeAt(start) === 45) continue // `--token --verbose`: no value
      // `key: AWS_SECRET_ACCESS_KEY=value`, `token=API_TOKEN=value`: the value is itself an
      // assignment to a secret-named key. Rescan from the value so that key is read as a key.
      if (nestedKeyAt(text, start, end)) {
        runStart = start
        runEnd = end
        re.lastIndex = floor = start
        continue
      }
      // `Authorization: Bearer abc…` unquoted: the credential is the next word.
      if (end - start <= 6 && text[end] === ' ' && AUTH_SCHEME_WORD_RE.test(text.slice(start, end))) {
        start = end + 1
        end = start
        const limit2 = Math.min(length, start + MAX_VALUE)
        while (end < limit2 && !endsUnquoted(text.charCodeAt(end))) end++
      }
    }
    re.lastIndex = floor = Math.max(floor, end)

    let value = text.slice(start, end)
    const scheme = SCHEME_INITIALS.has(value.charCodeAt(0)) ? AUTH_SCHEME_RE.exec(value) : null
    if (scheme) {
      start += scheme[0].length
      value = value.slice(scheme[0].length)
    }
    if (value.length === 0) continue
    const declared = DECLARATION_RE.test(text.slice(Math.max(0, keyStart - 40), keyStart))
    out.push({ key: rawKey, segments, category, value, start, end, quoted, declared })
  }
  return out
}
