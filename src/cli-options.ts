/**
 * The audit command's options, shared by the CLI (src/cli.ts) and its launcher
 * (src/cli-launcher.ts), which reads the same arguments to start the file
 * listing before the CLI has loaded: both must agree on which folder an audit
 * reads.
 */
import { statSync, realpathSync } from 'node:fs'
import { resolve } from 'node:path'
import { parseArgs } from 'node:util'

/** The options of `claude-code-audit [PATH]` (parseArgs form). */
export const AUDIT_OPTIONS = {
  format: { type: 'string' },
  output: { type: 'string' },
  'fail-on': { type: 'string' },
  'min-severity': { type: 'string' },
  config: { type: 'string' },
  history: { type: 'boolean' },
  baseline: { type: 'string' },
  'diff-base': { type: 'string' },
  scope: { type: 'string' },
  'verify-hooks': { type: 'boolean' },
  'verify-hooks-claude': { type: 'boolean' },
  untracked: { type: 'boolean' },
  'list-rules': { type: 'boolean' },
  user: { type: 'boolean' },
  verbose: { type: 'boolean', short: 'v' },
  version: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' }
} as const

/** The arguments as parseArgs reads them: `--verify-hooks=claude` selects the real client, and parseArgs has no optional values. */
export function auditArgs(argv: readonly string[]): string[] {
  return argv.map((a) => (a === '--verify-hooks=claude' ? '--verify-hooks-claude' : a))
}

/**
 * The real path of the folder a plain repository audit will read, or
 * undefined for anything else: another command (`merge`, `init`, `fix`), help,
 * the version or the rule list, the machine audit (`--user`), a diff audit
 * (`--diff-base`, which audits other trees too), arguments the CLI will refuse,
 * or a path that is not a folder. The same folder as discovery's: the
 * positional PATH (default `.`) resolved from the current folder, links resolved.
 */
export function plainAuditRoot(argv: readonly string[]): string | undefined {
  if (argv.length > 0 && ['merge', 'init', 'fix', '__claude-harness'].includes(argv[0])) return undefined
  let parsed
  try {
    parsed = parseArgs({ args: auditArgs(argv), allowPositionals: true, options: AUDIT_OPTIONS })
  } catch {
    return undefined
  }
  const v = parsed.values
  if (v.help || v.version || v['list-rules'] || v.user || v['diff-base'] !== undefined || parsed.positionals.length > 1) return undefined
  try {
    const root = resolve(parsed.positionals[0] ?? '.')
    return statSync(root).isDirectory() ? realpathSync.native(root) : undefined
  } catch {
    return undefined
  }
}
