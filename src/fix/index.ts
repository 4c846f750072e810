/**
 * `claude-code-audit fix`: runs the audit, then applies the safe, mechanical
 * fixes for what it reported — deny rules for uncovered paths in
 * `.claude/settings.json` (jsonc-parser modify/applyEdits), and workflow edits
 * made at YAML AST positions (see workflows.ts). With `dryRun` it computes the
 * same changes and writes nothing. Fixes that need a network lookup (pinning
 * MCP packages to versions, actions to commit SHAs) are listed as skipped.
 * Findings the planned edits resolve are not listed as skipped, whichever
 * rule's change resolved them: the planned files are re-audited (reaudit.ts).
 */
import { existsSync, readFileSync, writeFileSync, mkdirSync } from 'node:fs'
import { dirname, resolve } from 'node:path'
import { runAudit } from '../audit.js'
import { loadConfig } from '../config.js'
import { discover, targetInside } from '../discover.js'
import { buildProject } from '../model/project.js'
import { RULES } from '../rules/index.js'
import { denyRuleFor, denyRulesOf, entryCovered } from '../analysis/permission-rules.js'
import type { Finding } from '../core/types.js'
import { compareText } from '../core/text.js'
import { SettingsText } from './json.js'
import { resolvedBy } from './reaudit.js'
import { unifiedDiff } from './text.js'
import { fixWorkflow, type Change, type FixContext, type FixValues, type Skip } from './workflows.js'

/** Every rule id with its default options, so the configuration is checked as the audit checks it. */
const KNOWN_RULES = new Map(RULES.map((r) => [r.meta.id, r.meta.defaultOptions]))

export type { Change, Skip, FixValues } from './workflows.js'

/** Rules `fix` changes files for. */
export const FIXABLE_RULES: readonly string[] = [
  'context-exclusion-missing',
  'no-job-timeout',
  'no-turn-limit',
  'model-not-pinned',
  'ineffective-setting',
  'persisted-checkout-credentials',
  'secrets-inherit'
]

/** Rules whose fix needs the registry or GitHub (not asked by this command). */
const NETWORK_RULES: Record<string, string> = {
  'mcp-unpinned':
    'pinning MCP servers needs the package registry (npm, PyPI) or the container registry to find the exact version or digest to pin; fix does not use the network, so pin them by hand (`@scope/pkg@1.2.3`, `image@sha256:…`)',
  'unpinned-action':
    'pinning actions to commit SHAs needs GitHub to resolve each tag; fix does not use the network, so replace `@v1` with `@<40-hex-sha> # v1.x.y` by hand (or with a pinning tool)',
  'plugin-unpinned':
    'pinning plugin marketplaces needs GitHub to resolve the commit; fix does not use the network, so add the full commit SHA as `ref` by hand'
}

export interface FixOptions {
  root: string
  dryRun?: boolean
  configPath?: string
  values?: Partial<FixValues>
}

/** A file `fix` changes, before and after. */
export interface FixedFile {
  path: string
  before: string | undefined
  after: string
}

export interface FixResult {
  root: string
  files: FixedFile[]
  changes: Change[]
  skips: Skip[]
  /** Things worth knowing about the changes. */
  notes: string[]
  /** Findings of the fixable rules before the fix. */
  before: Finding[]
  written: boolean
}

export const DEFAULT_VALUES: FixValues = { maxTurns: 30, timeoutMinutes: 30 }

/** Plans (and unless dry-run, writes) the fixes for a repository. */
export async function runFix(options: FixOptions): Promise<FixResult> {
  const root = resolve(options.root)
  const values: FixValues = { ...DEFAULT_VALUES, ...options.values }
  const audit = await runAudit({ root, configPath: options.configPath, minSeverity: 'info' })
  const findings = audit.findings
  const keys = new Set(findings.map((f) => `${f.ruleId}\0${f.file ?? ''}\0${f.line ?? ''}`))
  const files = await discover(root)
  const project = await buildProject(files, { history: false, verifyHooks: false })
  const ctx: FixContext = {
    has: (ruleId, file, line) =>
      line === null
        ? findings.some((f) => f.ruleId === ruleId && f.file === file)
        : keys.has(`${ruleId}\0${file}\0${line}`),
    changes: [],
    skips: [],
    values
  }
  const out: FixedFile[] = []
  const notes: string[] = []

  // Workflows.
  for (const wf of project.workflows) {
    const raw = readFileSync(targetInside(root, wf.path), 'utf8')
    const bom = raw.charCodeAt(0) === 0xfeff ? '\ufeff' : ''
    const after = fixWorkflow(project, wf, ctx)
    if (after !== undefined && bom + after !== raw) out.push({ path: wf.path, before: raw, after: bom + after })
  }

  // Deny rules for uncovered paths.
  const cem = findings.find((f) => f.ruleId === 'context-exclusion-missing')
  if (cem) {
    const rule = RULES.find((r) => r.meta.id === 'context-exclusion-missing')
    const config = loadConfig(root, options.configPath, KNOWN_RULES)
    const opts = { ...(rule?.meta.defaultOptions ?? {}), ...(config.rules['context-exclusion-missing']?.options ?? {}) }
    const entries = Array.isArray(opts.paths) ? opts.paths.map(String).filter((e) => e.trim()) : []
    const deny = denyRulesOf(project, '')
    const uncovered = entries.filter((e) => !entryCovered(e, deny))
    const rel = '.claude/settings.json'
    const abs = targetInside(root, rel)
    const original = existsSync(abs) ? readFileSync(abs, 'utf8') : undefined
    let s: SettingsText | undefined
    try {
      s = new SettingsText(original !== undefined && original.trim() !== '' ? original : '{}\n', rel)
      s.array(['permissions', 'deny'])
    } catch (e) {
      ctx.skips.push({ ruleId: 'context-exclusion-missing', file: rel, line: null, reason: (e as Error).message })
      s = undefined
    }
    if (s) {
      const line = cem.line
      let added = 0
      for (const entry of uncovered) {
        const r = denyRuleFor(entry)
        if (!entryCovered(entry, [...deny, r])) {
          ctx.skips.push({
            ruleId: 'context-exclusion-missing',
            file: rel,
            line,
            reason: `no Read(...) rule found that covers \`${entry}\`; add one yourself`
          })
          continue
        }
        s.append(['permissions', 'deny'], r)
        deny.push(r)
        added++
        ctx.changes.push({
          ruleId: 'context-exclusion-missing',
          file: rel,
          line,
          text: `added deny rule ${r} (covers \`${entry}\`)`
        })
      }
      let after = s.text
      if (original === undefined && !after.endsWith('\n')) after += '\n'
      if (added) {
        out.push({ path: rel, before: original, after })
        if (original === undefined) {
          notes.push(
            `created ${rel}: the repository now counts as using Claude Code for the hook completeness checks (no-session-log-hook, no-notification-hook); \`claude-code-audit init\` adds those hooks`
          )
        }
      }
    }
  }

  // What fix does not do.
  for (const [ruleId, reason] of Object.entries(NETWORK_RULES)) {
    const n = findings.filter((f) => f.ruleId === ruleId).length
    if (n)
      ctx.skips.push({ ruleId, file: null, line: null, reason: `${n} finding${n === 1 ? '' : 's'} skipped: ${reason}` })
  }
  const handled = new Set([...ctx.changes, ...ctx.skips].map((c) => `${c.ruleId}\0${c.file ?? ''}\0${c.line ?? ''}`))
  for (const f of findings) {
    if (!FIXABLE_RULES.includes(f.ruleId)) continue
    if (f.ruleId === 'context-exclusion-missing' && cem) continue
    if (handled.has(`${f.ruleId}\0${f.file ?? ''}\0${f.line ?? ''}`)) continue
    if (f.ruleId === 'ineffective-setting' && !/v0 input/.test(f.message)) continue
    if (f.ruleId === 'model-not-pinned' && /^agent /.test(f.message)) continue
    if (f.ruleId === 'no-turn-limit' && /Agent SDK/.test(f.message)) continue
    ctx.skips.push({
      ruleId: f.ruleId,
      file: f.file,
      line: f.line,
      reason: 'no mechanical fix for this case; see the finding'
    })
  }
  // What the edits resolve is not "not fixed", whichever change resolved it: re-audit the planned files.
  if (out.length) {
    const config = loadConfig(root, options.configPath, KNOWN_RULES)
    const rules = RULES.filter((r) => FIXABLE_RULES.includes(r.meta.id))
    const resolved = await resolvedBy(project, out, findings, rules, config)
    if (resolved.size) {
      ctx.skips = ctx.skips.filter((s) => {
        const of = findings.filter(
          (f) => f.ruleId === s.ruleId && f.file === s.file && s.line !== null && f.line === s.line
        )
        return !(of.length && of.every((f) => resolved.has(f)))
      })
    }
  }

  if (!options.dryRun) {
    for (const f of out) {
      const abs = targetInside(root, f.path)
      mkdirSync(dirname(abs), { recursive: true })
      writeFileSync(abs, f.after)
    }
  }
  return {
    root,
    files: out,
    changes: ctx.changes,
    skips: ctx.skips,
    notes,
    before: findings.filter((f) => FIXABLE_RULES.includes(f.ruleId)),
    written: !options.dryRun && out.length > 0
  }
}

/** Text `fix` prints: changes by file, skipped findings with reasons, and with dry-run the unified diff. */
export function renderFix(r: FixResult, dryRun: boolean): string {
  const out: string[] = []
  if (!r.changes.length) out.push('Nothing to fix automatically.')
  else {
    out.push(dryRun ? 'Would change (dry run, nothing written):' : 'Changed:')
    const byFile = new Map<string, Change[]>()
    const sorted = [...r.changes].sort((a, b) => compareText(a.file, b.file) || (a.line ?? 0) - (b.line ?? 0))
    for (const c of sorted) byFile.set(c.file, [...(byFile.get(c.file) ?? []), c])
    for (const [file, cs] of byFile) {
      out.push(`  ${file}`)
      for (const c of cs) out.push(`    ${c.line !== null ? `line ${c.line}: ` : ''}${c.text} [${c.ruleId}]`)
    }
  }
  if (r.skips.length) {
    out.push('', 'Not fixed:')
    for (const s of r.skips)
      out.push(`  ${s.file ? `${s.file}${s.line !== null ? `:${s.line}` : ''}: ` : ''}${s.reason} [${s.ruleId}]`)
  }
  for (const n of r.notes) out.push(`Note: ${n}`)
  if (dryRun) {
    for (const f of r.files) {
      const d = unifiedDiff(f.path, f.before, f.after)
      if (d) out.push('', d.trimEnd())
    }
  }
  return out.join('\n') + '\n'
}
