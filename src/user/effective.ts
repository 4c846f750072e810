/**
 * The settings Claude Code would use: every level merged the way Claude Code
 * merges them (its settings documentation): managed > command line > local >
 * project > user. A scalar comes from the highest level that sets it; arrays
 * (`permissions.allow`, `permissions.deny`, hook lists, ...) are concatenated
 * across levels and deduplicated, except `fallbackModel` (the highest file
 * wins whole) and a managed `availableModels` (applied as it is). A deny at
 * any level beats an allow at any level. Each effective value keeps the
 * files it came from.
 */
import { isObject } from '../parse/doc.js'
import type { SettingsFile } from '../model/settings.js'
import { redactText } from '../secrets/index.js'

/** The levels, highest first (the command line is not a file the audit can see). */
export const LEVELS = ['managed', 'local', 'project', 'user'] as const
export type Level = (typeof LEVELS)[number]

/** One effective setting. */
export interface EffectiveSetting {
  /** Dotted key (`permissions.defaultMode`, `env.AWS_PROFILE`). */
  key: string
  /** What the report may show: the value when it cannot hold a credential, else `(set)`. */
  shown: string
  /** Files the value comes from, highest level first. */
  sources: string[]
  /** Files whose value for a scalar key the winner overrides. */
  overridden?: string[]
}

/** An allow rule that a deny rule at some level makes void. */
export interface VoidAllow {
  rule: string
  file: string
  deniedBy: string
  denyFile: string
}

export interface EffectiveSettings {
  settings: EffectiveSetting[]
  voidAllows: VoidAllow[]
}

/** Arrays Claude Code does not concatenate: the highest file's array wins whole. */
const WHOLE_ARRAYS = new Set(['fallbackModel'])
/** Keys whose values the report never shows (commands, headers and env values can carry credentials). */
const HIDDEN = /^env\.|(^|\.)(apiKeyHelper|awsCredentialExport|awsAuthRefresh|otelHeadersHelper|headers|headersHelper)(\.|$)|token|secret|password|key$/i

function levelOf(s: SettingsFile): Level {
  return (LEVELS as readonly string[]).includes(s.scope) ? (s.scope as Level) : 'project'
}

function flatten(value: unknown, prefix: string, out: Map<string, unknown>): void {
  if (isObject(value) && !prefix.startsWith('env.') && !/^hooks\.[^.]+$/.test(prefix)) {
    for (const [k, v] of Object.entries(value)) {
      const key = prefix ? `${prefix}.${k}` : k
      // Hook lists and the env map are merged per event / per variable.
      if (key === 'env' && isObject(v)) for (const [n, x] of Object.entries(v)) out.set(`env.${n}`, x)
      else flatten(v, key, out)
    }
    return
  }
  out.set(prefix, value)
}

function show(key: string, value: unknown): string {
  if (HIDDEN.test(key)) return '(set)'
  if (typeof value === 'boolean' || typeof value === 'number' || value === null) return String(value)
  if (typeof value === 'string') return JSON.stringify(redactText(value.length > 120 ? `${value.slice(0, 117)}...` : value))
  if (Array.isArray(value)) {
    if (key.startsWith('hooks.')) return `${value.length} matcher group${value.length === 1 ? '' : 's'}`
    const items = value.map((v) => (typeof v === 'string' ? JSON.stringify(redactText(v)) : typeof v === 'object' ? '{...}' : String(v)))
    return `[${items.join(', ')}]`
  }
  return '{...}'
}

/** The tool name and parenthesised content of a permission rule. */
function split(rule: string): { tool: string; content?: string } {
  // By hand: the regular expression this replaces was quadratic on a long rule.
  const t = rule.trim()
  const open = t.indexOf('(')
  const name = (open < 0 ? t : t.slice(0, open)).trimEnd()
  if (!/^[A-Za-z0-9_*.-]+$/.test(name)) return { tool: rule }
  if (open < 0) return { tool: name }
  if (!t.endsWith(')')) return { tool: rule }
  return { tool: name, content: t.slice(open + 1, -1) }
}

/** Merges the settings files of one project (repository files with `projectDir` '', and the machine's). */
export function mergeSettings(files: readonly SettingsFile[]): EffectiveSettings {
  const ordered = [...files].sort((a, b) => LEVELS.indexOf(levelOf(a)) - LEVELS.indexOf(levelOf(b)))
  const byKey = new Map<string, { file: SettingsFile; value: unknown }[]>()
  for (const f of ordered) {
    const flat = new Map<string, unknown>()
    flatten(f.value, '', flat)
    for (const [k, v] of flat) {
      const list = byKey.get(k) ?? []
      list.push({ file: f, value: v })
      byKey.set(k, list)
    }
  }
  const settings: EffectiveSetting[] = []
  for (const [key, list] of [...byKey.entries()].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))) {
    const concat = Array.isArray(list[0].value) && !WHOLE_ARRAYS.has(key) && !(key === 'availableModels' && levelOf(list[0].file) === 'managed')
    if (concat) {
      const seen = new Set<string>()
      const merged: unknown[] = []
      const sources: string[] = []
      for (const { file, value } of list) {
        if (!Array.isArray(value)) continue
        let added = false
        for (const v of value) {
          const id = JSON.stringify(v)
          if (seen.has(id)) continue
          seen.add(id)
          merged.push(v)
          added = true
        }
        if (added || value.length === 0) sources.push(file.path)
      }
      settings.push({ key, shown: show(key, merged), sources })
    } else {
      const [win, ...rest] = list
      settings.push({ key, shown: show(key, win.value), sources: [win.file.path], ...(rest.length ? { overridden: rest.map((r) => r.file.path) } : {}) })
    }
  }
  const denies = ordered.flatMap((f) => f.rules.filter((r) => r.list === 'deny').map((r) => ({ rule: r.rule, file: f.path })))
  const voidAllows: VoidAllow[] = []
  for (const f of ordered) {
    for (const r of f.rules) {
      if (r.list !== 'allow') continue
      const a = split(r.rule)
      // A deny of the same rule, or of the whole tool, wins at any level.
      const d = denies.find((x) => {
        const y = split(x.rule)
        return y.tool === a.tool && (y.content === undefined || y.content === '*' || y.content === a.content)
      })
      if (d) voidAllows.push({ rule: r.rule, file: f.path, deniedBy: d.rule, denyFile: d.file })
    }
  }
  return { settings, voidAllows }
}
