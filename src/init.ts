/**
 * `claude-code-audit init`: installs the ready guard hooks of templates/hooks/
 * into a repository — copies the scripts to `.claude/hooks/` (executable),
 * registers them in `.claude/settings.json`, and adds deny rules for secret
 * and bulky paths and for dangerous commands. Settings are merged in place
 * (jsonc-parser modify/applyEdits): comments, formatting and every existing
 * entry are kept. Idempotent: a second run changes nothing.
 */
import { chmodSync, existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { UsageError } from './core/types.js'
import { targetInside } from './discover.js'
import { readDenyCovers } from './analysis/permission-rules.js'
import { SettingsText, stringList } from './fix/json.js'
import { unifiedDiff } from './fix/text.js'

/** The hooks `init` can install, by the short name used with `--hooks`. */
export const HOOKS = {
  cost: { file: 'cost-gate.mjs', event: 'PreToolUse', matcher: '*', timeout: undefined },
  daily: { file: 'daily-ceiling.mjs', event: 'PreToolUse', matcher: '*', timeout: undefined },
  guard: { file: 'dangerous-command-guard.mjs', event: 'PreToolUse', matcher: 'Bash', timeout: undefined },
  log: { file: 'session-log.mjs', event: 'SessionEnd', matcher: undefined, timeout: 10 },
  notify: { file: 'notify.mjs', event: 'Notification', matcher: undefined, timeout: 10 }
} as const satisfies Record<
  string,
  { file: string; event: string; matcher: string | undefined; timeout: number | undefined }
>

export type HookKey = keyof typeof HOOKS

/** Module shared by the hooks that estimate cost from transcripts, installed beside them. */
export const COST_LIB = 'lib/transcript-cost.mjs'
const COST_HOOKS: ReadonlySet<string> = new Set(['cost', 'daily', 'log'])
export const HOOK_KEYS = Object.keys(HOOKS) as HookKey[]

/** Deny rules for secret and bulky paths, each with example paths it must cover. */
export const PATH_DENY_RULES: { rule: string; probes: string[] }[] = [
  { rule: 'Read(./.env)', probes: ['.env'] },
  { rule: 'Read(./.env.*)', probes: ['.env.local'] },
  { rule: 'Read(node_modules/**)', probes: ['node_modules/x/x.js'] },
  { rule: 'Read(.next/**)', probes: ['.next/x/x.js'] },
  { rule: 'Read(dist/**)', probes: ['dist/x/x.js'] },
  { rule: 'Read(**/*.lock)', probes: ['x.lock'] },
  { rule: 'Read(**/*.png)', probes: ['x.png'] },
  { rule: 'Read(**/*.jpg)', probes: ['x.jpg'] },
  { rule: 'Read(**/*.pdf)', probes: ['x.pdf'] }
]

/** Deny rules for dangerous commands (the guard hook is defence in depth behind them). */
export const COMMAND_DENY_RULES: readonly string[] = [
  'Bash(rm -rf *)',
  'Bash(rm -fr *)',
  'Bash(rm -r -f *)',
  // Claude Code matches each part of a pipeline on its own, so a rule with `|`
  // inside never matches: these stop `curl … | sh` (and `bash script.sh` still runs).
  'Bash(sh)',
  'Bash(bash)',
  'Bash(git push --force*)',
  'Bash(git push -f*)',
  'Bash(git push * --force*)',
  'Bash(git push * -f*)',
  'Bash(*DROP TABLE*)',
  'Bash(*DROP DATABASE*)'
]

/** The command that runs an installed hook, as registered in settings. */
export function hookCommand(file: string): string {
  return `node "$CLAUDE_PROJECT_DIR"/.claude/hooks/${file}`
}

/**
 * Where the hook templates are at run time. From source (tsx) this module is
 * `src/init.ts` → `<repo>/templates/hooks`; in the bundles it is `dist/index.js`
 * or `dist/cli/index.cjs` → `dist/templates/hooks` (the build copies the folder there).
 * `import.meta.url` is the running file in both cases; the lookup walks up at
 * most two folders and takes the first that holds the scripts.
 */
export function templatesDir(): string {
  const env = process.env.CLAUDE_CODE_AUDIT_TEMPLATES
  const here = dirname(fileURLToPath(import.meta.url))
  const candidates = [
    ...(env ? [env] : []),
    ...['.', '..', join('..', '..')].map((up) => join(here, up, 'templates', 'hooks'))
  ]
  for (const c of candidates) {
    if (existsSync(join(c, HOOKS.cost.file))) return resolve(c)
  }
  throw new Error(`hook templates not found (looked in ${candidates.join(', ')}); the installation is incomplete`)
}

/** Whether a hook group list already runs `.claude/hooks/<file>` (by any command form). */
function isRegistered(groups: unknown[], file: string): boolean {
  return groups.some((g) => {
    const hs = g !== null && typeof g === 'object' ? (g as { hooks?: unknown }).hooks : undefined
    if (!Array.isArray(hs)) return false
    return hs.some((x) => {
      if (x === null || typeof x !== 'object') return false
      const h = x as { command?: unknown; args?: unknown }
      const text = [h.command, ...(Array.isArray(h.args) ? h.args : [])].filter((t) => typeof t === 'string').join(' ')
      return text.includes(`.claude/hooks/${file}`)
    })
  })
}

/** Parses `--hooks cost,daily,guard,log,notify` (also `all` and `none`). */
export function parseHookList(s: string | undefined): HookKey[] {
  if (s === undefined) return [...HOOK_KEYS]
  const parts = s
    .split(',')
    .map((p) => p.trim().toLowerCase())
    .filter(Boolean)
  if (parts.length === 1 && parts[0] === 'all') return [...HOOK_KEYS]
  if (parts.length === 1 && parts[0] === 'none') return []
  const bad = parts.filter((p) => !(HOOK_KEYS as string[]).includes(p))
  if (bad.length || !parts.length) {
    throw new UsageError(
      `Invalid --hooks '${s}'. Expected a comma-separated list of: ${HOOK_KEYS.join(', ')} (or all, none).`
    )
  }
  return HOOK_KEYS.filter((k) => parts.includes(k))
}

export interface InitOptions {
  root: string
  hooks?: HookKey[]
  dryRun?: boolean
  /** Override the templates folder (tests). */
  templates?: string
}

/** One file `init` writes, with its content before (undefined = new) and after. */
export interface InitFile {
  path: string
  before: string | undefined
  after: string
  /** Mode to set (scripts are executable). */
  mode?: number
  /** True when only the mode changes. */
  modeOnly?: boolean
}

export interface InitResult {
  root: string
  /** Human-readable changes, one per line, in order. */
  changes: string[]
  /** Things left alone, with the reason. */
  notes: string[]
  files: InitFile[]
  written: boolean
}

/** Computes (and unless dry-run, applies) the changes `init` makes. */
export function runInit(options: InitOptions): InitResult {
  const root = resolve(options.root)
  if (!existsSync(root) || !statSync(root).isDirectory())
    throw new UsageError(`Path '${options.root}' is not a directory.`)
  const hooks = options.hooks ?? [...HOOK_KEYS]
  const templates = options.templates ?? (hooks.length ? templatesDir() : '')
  const changes: string[] = []
  const notes: string[] = []
  const files: InitFile[] = []

  // Scripts, and the cost estimator the cost hooks share.
  const scripts: string[] = hooks.map((key) => HOOKS[key].file)
  if (hooks.some((key) => COST_HOOKS.has(key))) scripts.push(COST_LIB)
  for (const file of scripts) {
    const rel = `.claude/hooks/${file}`
    const dest = targetInside(root, rel)
    const content = readFileSync(join(templates, file), 'utf8')
    if (!existsSync(dest)) {
      files.push({ path: rel, before: undefined, after: content, mode: 0o755 })
      changes.push(`created ${rel} (executable)`)
      continue
    }
    const current = readFileSync(dest, 'utf8')
    if (current !== content) {
      notes.push(
        `kept ${rel}: it differs from the template of this version (delete it and run init again to replace it)`
      )
    } else if ((statSync(dest).mode & 0o111) === 0 && process.platform !== 'win32') {
      files.push({ path: rel, before: current, after: current, mode: 0o755, modeOnly: true })
      changes.push(`made ${rel} executable`)
    }
  }

  // Settings.
  const settingsRel = '.claude/settings.json'
  const settingsPath = targetInside(root, settingsRel)
  const original = existsSync(settingsPath) ? readFileSync(settingsPath, 'utf8') : undefined
  const base = original !== undefined && original.trim() !== '' ? original : '{}\n'
  const s = new SettingsText(base, settingsRel)
  for (const key of hooks) {
    const h = HOOKS[key]
    if (isRegistered(s.array(['hooks', h.event]), h.file)) continue
    const handler: Record<string, unknown> = { type: 'command', command: hookCommand(h.file) }
    if (h.timeout !== undefined) handler.timeout = h.timeout
    const group: Record<string, unknown> =
      h.matcher !== undefined ? { matcher: h.matcher, hooks: [handler] } : { hooks: [handler] }
    s.append(['hooks', h.event], group)
    changes.push(`${settingsRel}: registered ${h.event}${h.matcher ? ` (${h.matcher})` : ''} hook ${h.file}`)
  }
  const deny = stringList(s.array(['permissions', 'deny']))
  for (const { rule, probes } of PATH_DENY_RULES) {
    if (deny.includes(rule)) continue
    if (probes.every((p) => deny.some((d) => readDenyCovers(d, p)))) continue
    s.append(['permissions', 'deny'], rule)
    deny.push(rule)
    changes.push(`${settingsRel}: added deny rule ${rule}`)
  }
  for (const rule of COMMAND_DENY_RULES) {
    if (deny.includes(rule)) continue
    s.append(['permissions', 'deny'], rule)
    deny.push(rule)
    changes.push(`${settingsRel}: added deny rule ${rule}`)
  }
  if (s.text !== base) {
    if (original === undefined) changes.unshift(`created ${settingsRel}`)
    files.push({
      path: settingsRel,
      before: original,
      after: s.text.endsWith('\n') || original !== undefined ? s.text : s.text + '\n'
    })
  }

  if (!options.dryRun) {
    for (const f of files) {
      const abs = targetInside(root, f.path)
      if (!f.modeOnly) {
        mkdirSync(dirname(abs), { recursive: true })
        writeFileSync(abs, f.after)
      }
      if (f.mode !== undefined) chmodSync(abs, f.mode)
    }
  }
  return { root, changes, notes, files, written: !options.dryRun && files.length > 0 }
}

/** Text `init` prints: what changed (or would change), notes, next steps, and with dry-run the diffs. */
export function renderInit(r: InitResult, dryRun: boolean): string {
  const out: string[] = []
  if (!r.changes.length) out.push('Nothing to change: the hooks and deny rules are already in place.')
  else {
    out.push(dryRun ? 'Would make these changes (dry run, nothing written):' : 'Changed:')
    for (const c of r.changes) out.push(`  ${c}`)
  }
  for (const n of r.notes) out.push(`Note: ${n}`)
  if (dryRun) {
    for (const f of r.files) {
      if (f.modeOnly) continue
      if (f.before === undefined && f.path.startsWith('.claude/hooks/')) continue // listed above; the template itself
      const d = unifiedDiff(f.path, f.before, f.after)
      if (d) out.push('', d.trimEnd())
    }
  }
  if (r.changes.length && !dryRun) {
    out.push(
      '',
      'Next: commit .claude/settings.json and .claude/hooks/ (scripts executable). The hooks need Node.js 18+ on the machine or runner.',
      'Environment: CLAUDE_COST_GATE_USD (default 10), CLAUDE_DAILY_CEILING_USD (default 50), CLAUDE_NOTIFY_WEBHOOK_URL (Slack-compatible webhook),',
      'CLAUDE_SESSION_LOG (default .claude/logs/sessions.jsonl; consider ignoring .claude/logs/ in git). See docs/remediation.md.'
    )
  }
  return out.join('\n') + '\n'
}
