/**
 * Redaction of secret values: the one helper every renderer uses before a value reaches a
 * message, an annotation, a comment or a log line. Pure, no I/O.
 *
 * The output keeps at most a short, mostly public prefix (`sk-ant-api03`, `ghp_` + 4, `AKIA` + 2)
 * and the length: `ghp_Ab3d…(40 chars)`. It never contains more than
 * {@link MAX_VISIBLE} characters of the value, and at most 3 for values shorter than 16.
 */

/** Upper bound on how many characters of a value a redaction may show. */
export const MAX_VISIBLE = 12

// Public prefixes of known formats, longest first so the most specific one wins.
const PUBLIC_PREFIXES: readonly string[] = [
  'https://hooks.slack.com/',
  '-----BEGIN ',
  'pypi-AgEIcHlwaS5vcmc',
  'sk-ant-admin01-',
  'sk-ant-api03-',
  'sk-ant-oat01-',
  'sk-ant-ort01-',
  'sk-ant-cc-',
  'sk-ant-si-',
  'sk-svcacct-',
  'github_pat_',
  'sk-admin-',
  'sk-proj-',
  'sk_live_',
  'rk_live_',
  'glpat-',
  'xoxb-',
  'xoxp-',
  'xoxa-',
  'xoxr-',
  'xapp-',
  'ghp_',
  'gho_',
  'ghu_',
  'ghs_',
  'ghr_',
  'npm_',
  'AKIA',
  'ASIA',
  'AIza',
  'dapi',
  'SG.',
  'hf_',
  'eyJ',
  'sk-'
]
  .slice()
  .sort((a, b) => b.length - a.length)

// Kinds whose values are human-chosen passwords: show even less of them.
const PASSWORD_KINDS = new Set(['connection-string-password'])

/**
 * Redacts a secret value for display.
 * @param value the secret as found in the text.
 * @param kind optional detector id; password kinds reveal at most 2 characters.
 * @returns e.g. `sk-ant-api03…(108 chars)`, `ghp_Ab3d…(40 chars)`, `hun…(12 chars)`.
 */
export function redact(value: string, kind?: string): string {
  const length = value.length
  let visible: number
  if (length < 8) {
    visible = 0
  } else if (length < 16) {
    visible = Math.min(3, Math.floor(length / 4))
  } else {
    const prefix = PUBLIC_PREFIXES.find((p) => value.startsWith(p))
    visible = prefix ? Math.min(prefix.length + 4, Math.floor(length / 3)) : 4
  }
  if (kind !== undefined && PASSWORD_KINDS.has(kind)) visible = Math.min(visible, 2)
  visible = Math.min(visible, MAX_VISIBLE)
  // Stop at the first character that is not a printable ASCII non-space (multi-line keys).
  let shown = ''
  for (let i = 0; i < visible; i++) {
    const c = value.charCodeAt(i)
    if (c <= 0x20 || c >= 0x7f) break
    shown += value[i]
  }
  return `${shown}…(${length} chars)`
}
