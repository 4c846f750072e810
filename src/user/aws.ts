/**
 * The AWS shared credentials and config files (`~/.aws/credentials`,
 * `~/.aws/config`). Both are line-oriented INI files as the AWS CLI reads them
 * (Python's configparser): `[section]` headers and `key = value` lines, `#`
 * and `;` comments. Each key keeps the offsets of its name, so a finding points
 * at the exact `aws_secret_access_key` (never at its value).
 */
import type { SourceFile } from '../parse/source.js'

/** One `key = value` line of a section. */
export interface IniKey {
  name: string
  /** Offsets of the key name in the file. */
  start: number
  end: number
  /** Whether the value is non-empty (the value itself is never kept). */
  set: boolean
}

/** One `[section]` and its keys; `profile` is the profile name (`[profile x]` in the config file is `x`). */
export interface IniSection {
  profile: string
  start: number
  end: number
  keys: Map<string, IniKey>
}

const SECTION = /^[ \t]*\[([^\]\r\n]*)\][ \t]*(?:[#;].*)?$/
const KEY = /^([ \t]*)([A-Za-z0-9_.-]+)[ \t]*[=:][ \t]*(.*)$/

/** Sections of an AWS INI file, in order. */
export function parseAwsIni(file: SourceFile, kind: 'credentials' | 'config'): IniSection[] {
  const out: IniSection[] = []
  let current: IniSection | undefined
  let offset = 0
  for (const raw of file.text.split('\n')) {
    const line = raw.replace(/\r$/, '')
    const lineStart = offset
    offset += raw.length + 1
    const s = SECTION.exec(line)
    if (s) {
      const name = s[1].trim()
      const profile = kind === 'config' && name.startsWith('profile ') ? name.slice(8).trim() : name
      const at = lineStart + line.indexOf('[')
      current = { profile, start: at, end: at + s[0].trim().length, keys: new Map() }
      out.push(current)
      continue
    }
    if (!current || /^[ \t]*([#;]|$)/.test(line)) continue
    const k = KEY.exec(line)
    // A continuation line (indented, no `=`) belongs to the previous value.
    if (!k) continue
    const start = lineStart + k[1].length
    current.keys.set(k[2].toLowerCase(), { name: k[2], start, end: start + k[2].length, set: k[3].trim() !== '' })
  }
  return out
}

/** Keys that make a config profile get short-lived credentials (a role, SSO, or a process). */
export const SHORT_LIVED_KEYS: readonly string[] = ['role_arn', 'sso_session', 'sso_start_url', 'sso_account_id', 'credential_process', 'web_identity_token_file']
