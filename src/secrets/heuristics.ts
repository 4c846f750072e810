/**
 * Value heuristics shared by the detectors: entropy, character classes, references to secrets
 * kept elsewhere, placeholders and documented example keys. Pure functions, no I/O; every
 * function is linear in the length of its input.
 */

/**
 * Shannon entropy of a string, in bits per character.
 * @param value any string; the empty string has entropy 0.
 */
export function shannonEntropy(value: string): number {
  const length = value.length
  if (length === 0) return 0
  // Counts of ASCII characters in a reused table (reset below); others in a map.
  let other: Map<number, number> | undefined
  for (let i = 0; i < length; i++) {
    const c = value.charCodeAt(i)
    if (c < 128) ASCII_COUNTS[c]++
    else (other ??= new Map()).set(c, (other.get(c) ?? 0) + 1)
  }
  let bits = 0
  for (let i = 0; i < length; i++) {
    const c = value.charCodeAt(i)
    if (c >= 128) continue
    const n = ASCII_COUNTS[c] as number
    if (n === 0) continue // already counted
    ASCII_COUNTS[c] = 0
    const p = n / length
    bits -= p * Math.log2(p)
  }
  if (other) {
    for (const n of other.values()) {
      const p = n / length
      bits -= p * Math.log2(p)
    }
  }
  return bits
}

const ASCII_COUNTS = new Uint32Array(128)

/** Number of distinct characters (UTF-16 code units) in a value. */
export function distinctCount(value: string): number {
  let distinct = 0
  let other: Set<number> | undefined
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i)
    if (c < 128) {
      if (ASCII_COUNTS[c] === 0) distinct++
      ASCII_COUNTS[c] = 1
    } else {
      other ??= new Set()
      if (!other.has(c)) distinct++
      other.add(c)
    }
  }
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i)
    if (c < 128) ASCII_COUNTS[c] = 0
  }
  return distinct
}

/** Which character classes a value uses. */
export interface CharClasses {
  lower: boolean
  upper: boolean
  digit: boolean
  symbol: boolean
  /** Number of classes present, 0–4. */
  count: number
}

/** Character classes of a value (ASCII letters and digits; anything else is a symbol). */
export function charClasses(value: string): CharClasses {
  let lower = false
  let upper = false
  let digit = false
  let symbol = false
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i)
    if (c >= 97 && c <= 122) lower = true
    else if (c >= 65 && c <= 90) upper = true
    else if (c >= 48 && c <= 57) digit = true
    else symbol = true
  }
  return { lower, upper, digit, symbol, count: +lower + +upper + +digit + +symbol }
}

// `${VAR}`, `${VAR:-x}`, `${{ secrets.X }}`, `$(cmd)`, `{{ .Values.x }}`, `#{x}`, `%{x}`, `<%= x %>`.
const TEMPLATE_RE = /\$\{|\$\(|\{\{|\}\}|#\{|%\{|<%/
const SHELL_VAR_RE = /^\$[A-Za-z_][A-Za-z0-9_]*$/
const POWERSHELL_VAR_RE = /^\$env:[A-Za-z_][A-Za-z0-9_]*$/i
const WINDOWS_VAR_RE = /^%[A-Za-z_][A-Za-z0-9_]*%$/
// Secret-manager and encrypted-file references: 1Password, Vault, AWS ARNs, sops, Key Vault.
const SECRET_STORE_RE = /^(?:op:\/\/|vault:|arn:aws:|ENC\[|@Microsoft\.KeyVault\(|secretref:|sm:\/\/|gcp:\/\/|awssm:)/i
// Code that reads the value from somewhere else.
const CODE_READ_RE =
  /^(?:process\.env|import\.meta\.env|os\.environ|os\.getenv|System\.getenv|Environment\.GetEnvironmentVariable|ENV\[|env\.|secrets\.|vars\.|inputs\.|github\.|steps\.|needs\.|matrix\.)/i

/**
 * Whether a value refers to a secret stored elsewhere rather than containing one:
 * `${{ secrets.X }}`, `${VAR}`, `${VAR:-x}`, `$VAR`, `%VAR%`, `{{ .Values.x }}`, `$(cmd)`,
 * secret-manager URIs and code that reads the environment.
 * @param value the candidate value, without surrounding quotes.
 */
export function isReference(value: string): boolean {
  const v = value.trim()
  return (
    TEMPLATE_RE.test(v) ||
    SHELL_VAR_RE.test(v) ||
    POWERSHELL_VAR_RE.test(v) ||
    WINDOWS_VAR_RE.test(v) ||
    SECRET_STORE_RE.test(v) ||
    CODE_READ_RE.test(v)
  )
}

// Words that mark a value as an illustration. Long words only: these are also applied to random
// provider tokens, where a 4-letter word turns up by chance about once in 10,000 keys.
const PLACEHOLDER_WORDS_RE =
  /example|dummy|sample|placeholder|changeme|change_me|change-me|redacted|replace|insert|notreal|not_real|not-a-real|lorem|ipsum|foobar|secret_here|key_here|token_here|goes_here|goes-here|generate-|generate_|generated-by|openssl-rand/i
// Short words, checked anywhere only in generic (non-provider) values and at the start of the
// random part of provider tokens.
const SHORT_PLACEHOLDER_RE = /test|fake|mock|your|here|todo|demo/i
const LEADING_PLACEHOLDER_RE = /^(?:test|fake|mock|your|todo|demo|dummy|sample|example|xxx)/i
const MASK_RE = /\.\.\.|\u2026|\*\*\*|\u2022\u2022\u2022|xxxx|XXXX|####/
const RUN_RE = /(.)\1{5,}/
const SEQUENCE_RE = /abcdef|bcdefg|123456|234567|345678|456789|012345|qwerty|asdfgh|zyxwvu|987654/i
// Substitution markers of tools and templates: hydra's `^USER^`/`^PASS^`, `@PASSWORD@`,
// `__TOKEN__`, `%%SECRET%%`.
const MARKER_RE = /\^[A-Z][A-Z0-9_]*\^|@[A-Z][A-Z0-9_]{2,}@|__[A-Z][A-Z0-9_]{2,}__|%%[A-Z][A-Z0-9_]*%%/

/** Options of {@link isPlaceholder}. */
export interface PlaceholderOptions {
  /**
   * The value is the random part of a provider token: only long placeholder words count, plus
   * short ones at its very start (`sk-ant-api03-test…`).
   */
  random?: boolean
}

/**
 * Whether a value is a placeholder rather than a credential: `XXXX…`, `your-key-here`,
 * `<token>`, `changeme`, `...`, long runs of one character, keyboard or alphabet sequences,
 * words such as `example`, `dummy`, `test`, or too few distinct characters.
 * @param value the candidate value.
 * @param options see {@link PlaceholderOptions}.
 */
export function isPlaceholder(value: string, options: PlaceholderOptions = {}): boolean {
  const v = value.trim()
  if (v.length === 0) return true
  if (/^<[^<>]*>$/.test(v) || /^\[[^[\]]*\]$/.test(v) || /^\{[^{}]*\}$/.test(v)) return true
  if (MASK_RE.test(v) || RUN_RE.test(v) || SEQUENCE_RE.test(v) || MARKER_RE.test(v)) return true
  if (PLACEHOLDER_WORDS_RE.test(v)) return true
  if (options.random ? LEADING_PLACEHOLDER_RE.test(v) : SHORT_PLACEHOLDER_RE.test(v)) return true
  // Very few distinct characters for the length: `abababababababab`, `a1a1a1a1a1a1`.
  if (v.length >= 12 && distinctCount(v) <= Math.min(6, Math.max(3, Math.floor(v.length / 8)))) return true
  return false
}

const ACRONYMS = new Set(
  'API URL URI ID JSX JSON XML HTML CSS SQL UUID JWT AWS GCP SSH TLS SSL DB IO UI OS TS JS HTTP HTTPS CLI SDK'.split(
    ' '
  )
)
const SHORT_WORDS = new Set(['in', 'is', 'of', 'to', 'on', 'at', 'by', 'id', 'or', 'an', 'as', 'up', 'if', 'it', 'no'])

/**
 * Whether a value reads as an identifier made of words (`OpeningParenToken$1`,
 * `?InterpolationInJSX`, `kEnumerableProperty`) rather than random characters: at most two
 * digits, and every letter run is a word (`Opening`, `paren`: three or more letters with a
 * vowel), a common two-letter word, a known acronym, or a one-letter prefix. Random values of
 * 16 characters read as words about once in 2,000 draws, of 24 or more about once in 10^5.
 * @param value the candidate value.
 */
export function isWordy(value: string): boolean {
  const tokens = value.match(/[A-Z]?[a-z]+|[A-Z]+(?![a-z])/g) ?? []
  if (tokens.length < 2) return false
  let digits = 0
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i)
    if (c >= 48 && c <= 57 && ++digits > 2) return false
  }
  return tokens.every(
    (t, i) =>
      ACRONYMS.has(t) ||
      SHORT_WORDS.has(t.toLowerCase()) ||
      (t.length >= 3 && /[a-z]/.test(t) && /[aeiouy]/i.test(t)) ||
      (i === 0 && /^[a-z]$/.test(t) && value.startsWith(t))
  )
}

/** Whether a run of letters reads as a word: three or more letters with a vowel, or an acronym. */
function isWordToken(t: string): boolean {
  return ACRONYMS.has(t) || SHORT_WORDS.has(t.toLowerCase()) || (t.length >= 3 && /[aeiouy]/i.test(t))
}

/**
 * Whether a password is made of dictionary words with a few digits and symbols, the shape of
 * illustrative passwords in documentation and write-ups (`SecurePass123!`, `Summer2024!`,
 * `Admin@123`): letters that read as words, then at most four digits and two symbols, in the
 * order people write them.
 * @param value the candidate password.
 */
export function isWordPassword(value: string): boolean {
  const m = /^([A-Za-z]+)([!@#$%&*._-]?)(\d{0,4})([!@#$%&*?._-]{0,2})$/.exec(value)
  if (!m) return false
  const letters = m[1] as string
  const tokens = letters.match(/[A-Z]?[a-z]+|[A-Z]+(?![a-z])/g) ?? []
  return tokens.length > 0 && tokens.join('') === letters && tokens.every(isWordToken)
}

/**
 * Whether a value is an identifier made of words and small numbers joined by `-`, `_`, `.`,
 * `:`, `/` or `\\` (`user-123-update`, `user_123-daily`, `X-Content-Type-Options`,
 * `cache:v2:users`, `Software\\Vendor\\App`): a name or path of something, not a random
 * credential. Every part is a word (see {@link isWordy}), an acronym, a single letter, a
 * number of at most six digits, or a numeronym or version of at most five characters in one case
 * (`e2e`, `k8s`, `i18n`, `v2`, `py3`, `arm64`: letters, one or two digits, letters) next to a part
 * that is a word (`integration-e2e`, a cache key); at least two parts. Random values rarely split
 * so: their parts are longer, mix cases, or put digits first or between letters more than once.
 * @param value the candidate value.
 */
export function isWordIdentifier(value: string): boolean {
  const parts = value.split(/[-_.:/\\]+/).filter((p) => p.length > 0)
  if (parts.length < 2) return false
  let words = 0
  let numeronyms = 0
  const ok = parts.every((p) => {
    if (/^\d{1,6}$/.test(p)) return true
    if (/^[A-Za-z]$/.test(p)) return true
    if (p.length <= 5 && /^(?:[a-z]{1,3}\d{1,2}[a-z]{0,3}|[A-Z]{1,3}\d{1,2}[A-Z]{0,3})$/.test(p)) {
      numeronyms++
      return true
    }
    const tokens = p.match(/[A-Z]?[a-z]+|[A-Z]+(?![a-z])/g) ?? []
    const word = tokens.length > 0 && tokens.join('') === p && tokens.every(isWordToken)
    if (word) words++
    return word
  })
  return ok && (numeronyms === 0 || words > 0)
}

// Where something lives rather than what it is: a Windows registry key (`HKCU:\\Software\\…`,
// `HKEY_LOCAL_MACHINE\\…`, PowerShell's `Registry::…`), a Windows path on a drive (`C:\\…`,
// `C:/…`), a UNC path (`\\\\server\\share`), or a path under an environment variable or the home
// directory (`%APPDATA%\\…`, `$env:LOCALAPPDATA\\…`, `$HOME/…`, `~/…`).
const LOCATOR_RE =
  /^(?:(?:HK(?:LM|CU|CR|CC|U|PD)|HKEY_[A-Z_]+)(?::?\\|:$)|Registry::|[A-Za-z]:[\\/]|\\\\[^\\/\s]+\\|(?:%[A-Za-z_]\w*%|\$env:[A-Za-z_]\w*|\$[A-Za-z_]\w*|~)[\\/])/i

/**
 * Whether a value locates something (a registry key, a file on a drive or a share, a path under
 * an environment variable) instead of being a credential. Only the start of the value is read,
 * so a credential that merely contains `/` or `\\` (base64 keys do) is not a locator.
 * @param value the candidate value.
 */
export function isLocator(value: string): boolean {
  return LOCATOR_RE.test(value)
}

// Documented example credentials that appear in vendor docs and must never be reported. Stored as
// distinctive fragments, not as whole keys.
const DOCUMENTED_EXAMPLE_FRAGMENTS: readonly string[] = [
  'IOSFODNN7EXAMPLE', // AWS access key id in AWS documentation
  'K7MDENG/bPxRfiCYEXAMPLEKEY', // AWS secret key in AWS documentation
  'Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1', // Azurite / storage emulator well-known account key
  'SflKxwRJSMeKKF2QT4fwpMeJf36POk6y' // jwt.io's default example token signature
]

/**
 * Whether a value is (or contains) a documented example credential, such as AWS's
 * `AKIAIOSFODNN7EXAMPLE` or the storage-emulator account key.
 * @param value the candidate value.
 */
export function isDocumentedExample(value: string): boolean {
  return DOCUMENTED_EXAMPLE_FRAGMENTS.some((f) => value.includes(f))
}

const FIXTURE_PATH_RE =
  /(?:^|[^a-z])(?:tests?|testing|testdata|__tests__|spec|specs|fixtures?|__fixtures__|examples?|mocks?|__mocks__|samples?|dummy|stubs?)(?:[^a-z]|$)/

/**
 * Whether a file path is an obvious test fixture or example (`test/`, `fixtures/`, `__mocks__/`,
 * `.env.example`, `foo.test.ts`); secrets found there get low confidence.
 * @param path repository-relative path with either slash.
 */
export function isFixturePath(path: string): boolean {
  return FIXTURE_PATH_RE.test(path.toLowerCase())
}
