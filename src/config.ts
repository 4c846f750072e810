/**
 * The configuration file `.claude-code-audit.yml`: per-rule disable, severity
 * and options, ignored paths, `fail-on` and `min-severity`.
 */
import { existsSync, readFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { parseYaml, isObject } from './parse/doc.js'
import { SourceFile } from './parse/source.js'
import { SEVERITIES, UsageError, type FailOn, type Severity } from './core/types.js'

/** Settings for one rule. */
export interface RuleConfig {
  disable?: boolean
  severity?: Severity
  options?: Record<string, unknown>
  /** Paths (minimatch globs) where this rule is not reported. */
  ignore?: string[]
}

/** The resolved configuration. */
export interface Config {
  /** Path of the file read, when any. */
  source?: string
  failOn?: FailOn
  minSeverity?: Severity
  /** Paths (minimatch globs) where nothing is reported. */
  ignore: string[]
  rules: Record<string, RuleConfig>
}

export const DEFAULT_CONFIG_NAME = '.claude-code-audit.yml'

function severity(v: unknown, where: string, allowNever = false): Severity | FailOn | undefined {
  if (v === undefined || v === null) return undefined
  const s = String(v).toLowerCase()
  if ((SEVERITIES as readonly string[]).includes(s)) return s as Severity
  if (allowNever && s === 'never') return 'never'
  throw new UsageError(
    `Invalid ${where} '${String(v)}'. Expected one of: ${SEVERITIES.join(', ')}${allowNever ? ', never' : ''}.`
  )
}

function stringList(v: unknown, where: string): string[] {
  if (v === undefined || v === null) return []
  if (typeof v === 'string') return [v]
  if (Array.isArray(v) && v.every((x) => typeof x === 'string')) return v as string[]
  throw new UsageError(`Invalid ${where}: expected a list of path patterns.`)
}

/**
 * Loads the configuration: the explicit file (an error when missing), else
 * `.claude-code-audit.yml` in the root when present, else defaults.
 */
export function loadConfig(root: string, explicit?: string, knownRules?: ReadonlySet<string>): Config {
  let path: string | undefined
  if (explicit) {
    path = resolve(explicit)
    if (!existsSync(path)) throw new UsageError(`Configuration file '${explicit}' does not exist.`)
  } else if (existsSync(join(root, DEFAULT_CONFIG_NAME))) {
    path = join(root, DEFAULT_CONFIG_NAME)
  }
  const config: Config = { ignore: [], rules: {} }
  if (!path) return config
  config.source = path
  let text: string
  try {
    text = readFileSync(path, 'utf8')
  } catch (e) {
    throw new UsageError(`Cannot read configuration file '${path}': ${(e as Error).message}`)
  }
  const doc = parseYaml(new SourceFile(path, text))
  if (doc.errors.length) {
    const pos = doc.file.position(doc.errors[0].offset)
    throw new UsageError(
      `Configuration file '${path}' is not valid YAML (line ${pos.line}, column ${pos.column}): ${doc.errors[0].message}`
    )
  }
  const v = doc.value ?? {}
  if (!isObject(v)) throw new UsageError(`Configuration file '${path}' must be a mapping.`)
  const known = new Set(['fail-on', 'min-severity', 'ignore', 'rules'])
  for (const k of Object.keys(v)) {
    if (!known.has(k)) throw new UsageError(`Unknown key '${k}' in '${path}'. Known keys: ${[...known].join(', ')}.`)
  }
  config.failOn = severity(v['fail-on'], `fail-on in ${path}`, true) as FailOn | undefined
  config.minSeverity = severity(v['min-severity'], `min-severity in ${path}`) as Severity | undefined
  config.ignore = stringList(v.ignore, `ignore in ${path}`)
  if (v.rules !== undefined && v.rules !== null) {
    if (!isObject(v.rules)) throw new UsageError(`'rules' in '${path}' must be a mapping of rule ids.`)
    for (const [id, rc] of Object.entries(v.rules)) {
      if (knownRules && !knownRules.has(id)) {
        throw new UsageError(`Unknown rule '${id}' in '${path}'. Run --list-rules for the ids.`)
      }
      const r: RuleConfig = {}
      if (rc === false || rc === 'off') r.disable = true
      else if (isObject(rc)) {
        if (rc.disable !== undefined) r.disable = rc.disable === true
        r.severity = severity(rc.severity, `severity of ${id} in ${path}`) as Severity | undefined
        if (rc.options !== undefined) {
          if (!isObject(rc.options)) throw new UsageError(`options of ${id} in '${path}' must be a mapping.`)
          r.options = rc.options
        }
        r.ignore = stringList(rc.ignore, `ignore of ${id} in ${path}`)
      } else if (rc !== null && rc !== true) {
        throw new UsageError(`Invalid settings for rule '${id}' in '${path}'.`)
      }
      config.rules[id] = r
    }
  }
  return config
}
