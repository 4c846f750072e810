/**
 * Pull-request mode, shared by the action and `--diff-base`: audit the head
 * and the base commit, and class every finding as new, fixed or existing.
 *
 * On pull-request events the configuration file is read from the base
 * commit: the pull request under review must not configure its own gate
 * (disable rules, raise `fail-on`); only the workflow's inputs relax it.
 */
import { existsSync } from 'node:fs'
import { join, relative, resolve } from 'node:path'
import { runAudit } from './audit.js'
import { sharingParses } from './parse/parse-cache.js'
import { DEFAULT_CONFIG_NAME, loadConfig, type Config } from './config.js'
import { diffFindings } from './core/diff.js'
import type { AuditOptions, AuditResult } from './core/types.js'
import { prepareBase, type BaseOptions } from './pr-base.js'
import { RULES } from './rules/index.js'

/** What {@link runDiffAudit} is asked to do, beyond an ordinary audit. */
export interface DiffAuditOptions extends AuditOptions {
  base: Omit<BaseOptions, 'root'>
  /** Read the configuration file from the base commit (pull-request events). */
  configFromBase: boolean
}

const KNOWN = new Map(RULES.map((r) => [r.meta.id, r.meta.defaultOptions]))

/** The configuration without a configuration file: every rule on, nothing ignored. */
function builtInDefaults(): Config {
  return { ignore: [], rules: {} }
}

/**
 * Audits the head and the base. When the base cannot be had, says so in one
 * notice and audits the whole repository (no `diff` on the result); on
 * pull-request events with the built-in defaults, never the head's
 * configuration file.
 */
export async function runDiffAudit(options: DiffAuditOptions): Promise<AuditResult> {
  const root = resolve(options.root)
  const base = prepareBase({ ...options.base, root })
  if (!base.ok) {
    // The head's configuration file is the pull request author's to write (disable rules, ignore
    // files, relax fail-on): without the base it is not read, and the built-in defaults apply.
    const result = await runAudit(options.configFromBase ? { ...options, config: builtInDefaults() } : options)
    const note =
      `Pull-request mode: the base commit could not be had (${base.reason}), so every finding of ` +
      'the repository is judged' +
      (options.configFromBase
        ? ", with the built-in defaults: the configuration file was not read, because the pull request's head could have changed it"
        : '') +
      '.'
    return { ...result, notices: [note, ...(result.notices ?? [])] }
  }
  try {
    let config: Config | undefined
    let configLabel: string | undefined
    if (options.configFromBase) {
      const wanted = options.configPath ? resolve(options.configPath) : join(root, DEFAULT_CONFIG_NAME)
      const inBase = base.map(wanted)
      config = existsSync(inBase) ? loadConfig(base.root, inBase, KNOWN) : builtInDefaults()
      configLabel = `${relative(base.dir, inBase).split('\\').join('/')} at the base commit ${base.sha.slice(0, 12)}`
    } else {
      config = loadConfig(root, options.configPath, KNOWN)
    }
    const common: AuditOptions = { ...options, config }
    // The base shares most of its files with the head: each shared text is parsed once.
    const [head, before] = await sharingParses(
      async () => [await runAudit({ ...common, root }), await runAudit({ ...common, root: base.root })] as const
    )
    const diff = diffFindings(head.findings, before.findings, { base: options.base.ref, baseSha: base.sha })
    const notices = [...(head.notices ?? [])]
    if (base.fetched) notices.push(`The base commit ${base.sha.slice(0, 12)} was fetched from origin to compare with.`)
    return {
      ...head,
      diff,
      ...(notices.length ? { notices } : {}),
      ...(head.disabledRules && configLabel ? { disabledRules: { ...head.disabledRules, source: configLabel } } : {})
    }
  } finally {
    base.dispose()
  }
}
