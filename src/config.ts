/**
 * The configuration file `.claude-code-audit.yml`: per-rule disable, severity
 * and options, ignored paths, `fail-on` and `min-severity`.
 */
import { existsSync, readFileSync } from 'node:fs'
import { parseDocument, isMap, isNode, isScalar, isSeq } from 'yaml'
import { join, resolve } from 'node:path'
import { parseYaml, isObject } from './parse/doc.js'
import { SourceFile } from './parse/source.js'
import { SEVERITIES, UsageError, type FailOn, type Severity } from './core/types.js'
import { RULE_KEYS, TOP_KEYS, fitsOption, optionSchema, optionText } from './config-schema.js'

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
  /** The Claude Code version rules judge when no workflow pins one (`claude-code-version`). */
  claudeCodeVersion?: string
}

export const DEFAULT_CONFIG_NAME = '.claude-code-audit.yml'

/**
 * The rules a configuration may name: their ids, or (better) each id with the
 * rule's `meta.defaultOptions`, so option names and types are checked too.
 */
export type KnownRules = ReadonlySet<string> | ReadonlyMap<string, Readonly<Record<string, unknown>> | undefined>


/** A short, quoted description of a configuration value for error messages. */
function describe(v: unknown): string {
  if (v === null || v === undefined) return 'nothing'
  if (typeof v === 'string') return `the string '${v.length > 60 ? `${v.slice(0, 57)}...` : v}'`
  if (typeof v === 'number') return `the number ${v}`
  if (typeof v === 'boolean') return String(v)
  if (Array.isArray(v)) return 'a list'
  if (typeof v === 'object') return 'a mapping'
  return typeof v
}

function severity(v: unknown, what: string, where: string, allowNever = false): Severity | FailOn | undefined {
  if (v === undefined || v === null) return undefined
  const allowed = `${SEVERITIES.join(', ')}${allowNever ? ', never' : ''}`
  if (typeof v !== 'string')
    throw new UsageError(`Invalid ${what} ${where}: expected one of ${allowed}, got ${describe(v)}.`)
  const s = v.toLowerCase()
  if ((SEVERITIES as readonly string[]).includes(s)) return s as Severity
  if (allowNever && s === 'never') return 'never'
  throw new UsageError(`Invalid ${what} '${v}' ${where}. Expected one of: ${allowed}.`)
}

/**
 * Path patterns of an `ignore` list, made repository-relative: paths in the
 * audit have forward slashes and no `./`, so `./.github/**` is `.github/**`;
 * a trailing slash means everything below the folder (`fixtures/` is `fixtures/**`).
 * Absolute patterns and `..` could never match and are errors.
 */
function pathPatterns(v: unknown, where: string): string[] {
  if (v === undefined || v === null) return []
  const list = typeof v === 'string' ? [v] : v
  if (!Array.isArray(list) || !list.every((x) => typeof x === 'string')) {
    throw new UsageError(`Invalid ignore ${where}: expected a list of path patterns, got ${describe(v)}.`)
  }
  return list.map((raw: string) => {
    const negated = raw.startsWith('!')
    const body = negated ? raw.slice(1) : raw
    const bad = (why: string): UsageError => new UsageError(`Invalid ignore pattern '${raw}' ${where}: ${why}`)
    if (/^([/\\]|[A-Za-z]:)/.test(body)) {
      throw bad(
        "patterns are relative to the repository root, so an absolute path never matches; write e.g. 'docs/**'."
      )
    }
    const segments = body.split('/')
    if (segments.includes('..')) throw bad("'..' would leave the repository root; patterns are relative to the root.")
    const kept = segments.filter((seg) => seg !== '.')
    if (kept.every((seg) => seg === '')) throw bad("it names no path; use '**' to match every file.")
    // `fixtures/` means the folder, as in .gitignore: everything below it.
    const pattern = kept.join('/')
    return (negated ? '!' : '') + (pattern.endsWith('/') ? `${pattern}**` : pattern)
  })
}

/** Checks a rule's options against its default options (names and types). */
function ruleOptions(
  id: string,
  v: unknown,
  defaults: Readonly<Record<string, unknown>> | undefined,
  checkNames: boolean,
  path: string
): Record<string, unknown> | undefined {
  if (v === undefined || v === null) return undefined
  if (!isObject(v))
    throw new UsageError(`Invalid options of rule '${id}' in '${path}': expected a mapping, got ${describe(v)}.`)
  if (!checkNames) return v
  const names = Object.keys(defaults ?? {})
  for (const [name, value] of Object.entries(v)) {
    if (!names.includes(name)) {
      throw new UsageError(
        `Unknown option '${name}' for rule '${id}' in '${path}'. ` +
          (names.length ? `Known options: ${names.join(', ')}.` : 'The rule takes no options.')
      )
    }
    const type = optionSchema(defaults?.[name])
    if (type && !fitsOption(type, value)) {
      const hint = type.type === 'array' && typeof value === 'string' ? ` Write a list: ['${value}'].` : ''
      throw new UsageError(
        `Invalid option '${name}' for rule '${id}' in '${path}': expected ${optionText(type)}, got ${describe(value)}.${hint}`
      )
    }
  }
  return v
}

/** `disable` must be a real boolean: YAML 1.2 reads `yes`, `on` and `'true'` as strings. */
function disableFlag(id: string, v: unknown, path: string): boolean {
  if (typeof v === 'boolean') return v
  const hint =
    typeof v === 'string' && /^(y|yes|n|no|on|off|true|false)$/i.test(v)
      ? ` YAML 1.2 reads '${v}' as a string, not a boolean; write true or false without quotes.`
      : ''
  throw new UsageError(
    `Invalid disable of rule '${id}' in '${path}': expected true or false, got ${describe(v)}.${hint}`
  )
}

/** Where a duplicate mapping key first appears, with the keys leading to it. */
interface Duplicate {
  keyPath: string[]
  first: number
  again: number
}

/**
 * The first key repeated within one mapping, at any depth. The shared YAML
 * adapter keeps the last of repeated keys, which would silently drop settings.
 * Keys are compared as the plain object keys they become (`1` and `'1'` clash).
 */
function duplicateKey(node: unknown, trail: string[] = []): Duplicate | undefined {
  if (isMap(node)) {
    const seen = new Map<string, number>()
    for (const pair of node.items) {
      const key = isScalar(pair.key) ? String(pair.key.value) : undefined
      const at = isNode(pair.key) && pair.key.range ? pair.key.range[0] : 0
      if (key !== undefined) {
        const first = seen.get(key)
        if (first !== undefined) return { keyPath: [...trail, key], first, again: at }
        seen.set(key, at)
      }
      const inner = duplicateKey(pair.value, key === undefined ? trail : [...trail, key])
      if (inner) return inner
    }
  } else if (isSeq(node)) {
    for (const [i, item] of node.items.entries()) {
      const inner = duplicateKey(item, [...trail, String(i)])
      if (inner) return inner
    }
  }
  return undefined
}

/**
 * Loads the configuration: the explicit file (an error when missing), else
 * `.claude-code-audit.yml` in the root when present, else defaults. With
 * `knownRules`, unknown rule ids are errors; when it maps each id to the rule's
 * default options, unknown option names and mistyped values are errors too.
 */
export function loadConfig(root: string, explicit?: string, knownRules?: KnownRules): Config {
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
  const file = new SourceFile(path, text)
  const doc = parseYaml(file)
  if (doc.errors.length) {
    const pos = doc.file.position(doc.errors[0].offset)
    throw new UsageError(
      `Configuration file '${path}' is not valid YAML (line ${pos.line}, column ${pos.column}): ${doc.errors[0].message}`
    )
  }
  // The shared adapter tolerates repeated keys (keeping the last); a configuration
  // must not, so it is parsed again here (nesting is already known to be bounded).
  const dup = duplicateKey(
    parseDocument(file.text, { logLevel: 'error', uniqueKeys: false, prettyErrors: false, strict: false }).contents
  )
  if (dup) {
    throw new UsageError(
      `Duplicate key '${dup.keyPath.join('.')}' in '${path}' (line ${file.position(dup.again).line}; ` +
        `first on line ${file.position(dup.first).line}). Each key may appear once; merge the two.`
    )
  }
  const v = doc.value ?? {}
  if (!isObject(v)) throw new UsageError(`Configuration file '${path}' must be a mapping.`)
  for (const k of Object.keys(v)) {
    if (!(TOP_KEYS as readonly string[]).includes(k)) {
      throw new UsageError(`Unknown key '${k}' in '${path}'. Known keys: ${TOP_KEYS.join(', ')}.`)
    }
  }
  config.failOn = severity(v['fail-on'], 'fail-on', `in '${path}'`, true) as FailOn | undefined
  config.minSeverity = severity(v['min-severity'], 'min-severity', `in '${path}'`) as Severity | undefined
  config.ignore = pathPatterns(v.ignore, `in '${path}'`)
  const ccv = v['claude-code-version']
  if (ccv !== undefined && ccv !== null) {
    if (typeof ccv !== 'string' || !/^\d+\.\d+\.\d+$/.test(ccv.trim())) {
      throw new UsageError(
        `Invalid claude-code-version in '${path}': expected a version such as '2.1.296' (quoted), got ${describe(ccv)}.`
      )
    }
    config.claudeCodeVersion = ccv.trim()
  }
  if (v.rules !== undefined && v.rules !== null) {
    if (!isObject(v.rules)) throw new UsageError(`'rules' in '${path}' must be a mapping of rule ids.`)
    const defaults =
      knownRules instanceof Map
        ? (knownRules as ReadonlyMap<string, Readonly<Record<string, unknown>> | undefined>)
        : undefined
    for (const [id, rc] of Object.entries(v.rules)) {
      if (knownRules && !knownRules.has(id)) {
        throw new UsageError(`Unknown rule '${id}' in '${path}'. Run --list-rules for the ids.`)
      }
      const r: RuleConfig = {}
      if (rc === false || rc === 'off') r.disable = true
      else if (isObject(rc)) {
        for (const k of Object.keys(rc)) {
          if (!(RULE_KEYS as readonly string[]).includes(k)) {
            throw new UsageError(
              `Unknown key '${k}' in rule '${id}' in '${path}'. Known keys: ${RULE_KEYS.join(', ')}.`
            )
          }
        }
        if (rc.disable !== undefined) r.disable = disableFlag(id, rc.disable, path)
        r.severity = severity(rc.severity, 'severity', `of rule '${id}' in '${path}'`) as Severity | undefined
        const options = ruleOptions(id, rc.options, defaults?.get(id), defaults !== undefined, path)
        if (options) r.options = options
        r.ignore = pathPatterns(rc.ignore, `of rule '${id}' in '${path}'`)
      } else if (rc !== null && rc !== true) {
        throw new UsageError(
          `Invalid settings for rule '${id}' in '${path}': expected a mapping of ${RULE_KEYS.join(', ')}, ` +
            `or false / off to disable it; got ${describe(rc)}.`
        )
      }
      config.rules[id] = r
    }
  }
  return config
}
