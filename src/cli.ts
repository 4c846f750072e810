#!/usr/bin/env node
/**
 * Command-line interface: a thin shell over the audit core. Exit status 0 when
 * no finding reaches --fail-on, 1 when one does, 2 for usage or configuration
 * errors and for a report that cannot be written.
 */
import { parseArgs } from 'node:util'
import { lstatSync, readFileSync, realpathSync } from 'node:fs'
import { isAbsolute, relative, resolve } from 'node:path'
import { prepareReportFile, ReportFileError, writeReportFile } from './report-file.js'
import { oneLine, terminalSafe } from './report/escape.js'
import { VERSION } from './core/version.js'
import { AUDIT_OPTIONS, auditArgs } from './cli-options.js'
import type { FailOn } from './core/types.js'

const HELP = `Usage: claude-code-audit [PATH] [options]
       claude-code-audit --user [PATH] [--format text|json|sarif|markdown] [--output FILE]
       claude-code-audit merge REPORT.json... [--format markdown|json] [--output FILE]
       claude-code-audit init [PATH] [--hooks cost,daily,guard,log,notify] [--dry-run]
       claude-code-audit fix [PATH] [--dry-run] [--max-turns N] [--timeout-minutes N] [--model ID] [--config FILE]

Audits PATH (default: the current directory) for unsafe or wasteful Claude Code setups.

Options:
  --format text|json|sarif|markdown  output format (default text, coloured on a TTY)
  --output FILE                      write the report to FILE instead of standard output
  --fail-on LEVEL                    critical|high|medium|low|info|never (default high)
  --min-severity LEVEL               hide findings below LEVEL (default low)
  --config FILE                      configuration file (default: .claude-code-audit.yml if present)
  --history                          also scan git history for secrets (secret-in-git-history)
  --untracked                        also audit untracked files outside the root, .claude/, .github/
                                     and .devcontainer/ (git add them instead, or pay a full walk)
  --baseline FILE                    report only findings whose fingerprints are not in FILE
  --diff-base REF                    pull-request mode: also audit the commit REF and class each finding
                                     as new, fixed or existing (by fingerprint)
  --scope new|all                    findings --fail-on judges: new ones (default with --diff-base) or all
  --verify-hooks                     run guard hooks against real payloads (executes repository code)
  --verify-hooks=claude              also prove each Bash guard with the real Claude Code client
                                     (claude on PATH or CLAUDE_CODE_AUDIT_CLAUDE) on harmless canaries
  --user                             audit this machine as its user runs Claude Code (offline); with
                                     PATH, that repository on the settings this user's sessions merge
  --verbose, -v                      text report: every location, docs links and the whole fix-first list
  --list-rules                       print the rule catalog: text, or with --format json a JSON array
                                     (id, area, severity, checklistItems, description, docsUrl)
  --version, --help

merge combines JSON reports of many repositories (one file each, named owner__repo.json
or carrying a "repository" field) into one organisation report. A repository given
twice is counted once, from the later report, with a warning.

init installs the ready guard hooks into PATH/.claude/hooks/ and registers them in
.claude/settings.json (merged in place, comments kept), with deny rules for secret and
bulky paths and dangerous commands. --hooks picks hooks (default: all); --dry-run
shows the changes without writing.

fix applies the safe, mechanical fixes for what the audit reports (deny rules, job
timeouts, turn caps, v0 inputs on @v1, persist-credentials, secrets: inherit), editing
files in place. --dry-run prints a unified diff instead. --model ID also pins the model
of unattended runs (not done without it).
`

const LEVELS = ['critical', 'high', 'medium', 'low', 'info']

class CliUsage extends Error {}
/** A failure that is neither a usage error nor a bug (e.g. --output cannot be written): exit 2, no usage hint. */
class CliError extends Error {}

function cannotWrite(path: string, e: unknown): CliError {
  return new CliError(`Cannot write '${oneLine(path)}': ${(e as Error).message}${e instanceof ReportFileError ? '.' : ''}`)
}

/**
 * Makes the folders --output needs and refuses a folder or a link as FILE,
 * before the audit runs, so a bad path fails at once rather than after a long
 * audit.
 */
function prepareOutput(path: string): void {
  try {
    prepareReportFile(path)
  } catch (e) {
    throw cannotWrite(path, e)
  }
}

/** Writes `text` to --output FILE (never through a link), or to standard output without one (or with an empty one). */
function emitTo(path: string | undefined, text: string): void {
  if (!path) {
    process.stdout.write(text)
    return
  }
  try {
    writeReportFile(path, text)
  } catch (e) {
    throw cannotWrite(path, e)
  }
}

/**
 * Reads one line of an audited file for the text report's excerpts: regular
 * files inside the root only, at most 4 MiB, secrets redacted.
 */
function lineReader(root: string, redactText: (text: string) => string): (file: string, line: number) => string | undefined {
  const cache = new Map<string, string[] | null>()
  return (file, line) => {
    let lines = cache.get(file)
    if (lines === undefined) {
      lines = null
      try {
        const abs = resolve(root, file)
        const real = realpathSync.native(abs)
        const rel = relative(realpathSync.native(root), real)
        const st = lstatSync(abs)
        if (!rel.startsWith('..') && !isAbsolute(rel) && st.isFile() && st.size <= 4 << 20) {
          lines = readFileSync(abs, 'utf8').split(/\r?\n/)
        }
      } catch {
        lines = null
      }
      cache.set(file, lines)
    }
    const text = lines?.[line - 1]
    return text === undefined ? undefined : redactText(text)
  }
}

/** The phases, then the slowest rules: ten with CLAUDE_CODE_AUDIT_TIMING=1, N with =N (like ESLint's TIMING). */
export function renderTimings(timings: readonly { name: string; ms: number }[]): string {
  const phases = timings.filter((t) => t.name.startsWith('phase:'))
  const rules = timings.filter((t) => !t.name.startsWith('phase:')).sort((a, b) => b.ms - a.ms).slice(0, Number(process.env.CLAUDE_CODE_AUDIT_TIMING) > 1 ? Number(process.env.CLAUDE_CODE_AUDIT_TIMING) : 10)
  const row = (t: { name: string; ms: number }): string => `  ${t.name.padEnd(40)} ${t.ms.toFixed(1).padStart(8)} ms\n`
  return `Timing (ms):\n${phases.map(row).join('')}Slowest rules:\n${rules.map(row).join('')}`
}

function level(v: string | undefined, name: string, allowNever: boolean): string | undefined {
  if (v === undefined) return undefined
  const s = v.toLowerCase()
  if (LEVELS.includes(s) || (allowNever && s === 'never')) return s
  throw new CliUsage(`Invalid --${name} '${v}'. Expected one of: ${LEVELS.join(', ')}${allowNever ? ', never' : ''}.`)
}

async function merge(argv: string[]): Promise<number> {
  let parsed
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: { format: { type: 'string' }, output: { type: 'string' }, help: { type: 'boolean', short: 'h' } }
    })
  } catch (e) {
    throw new CliUsage((e as Error).message)
  }
  if (parsed.values.help) {
    process.stdout.write(HELP)
    return 0
  }
  const format = parsed.values.format ?? 'markdown'
  if (!['markdown', 'json'].includes(format)) throw new CliUsage(`Invalid --format '${format}' for merge. Expected markdown or json.`)
  if (parsed.positionals.length === 0) throw new CliUsage('merge needs at least one JSON report.')
  if (parsed.values.output) prepareOutput(parsed.values.output)
  const { readReport, mergeReports, renderOrgMarkdown } = await import('./cli-commands.js')
  const org = mergeReports(parsed.positionals.map(readReport), (message) => process.stderr.write(terminalSafe(`claude-code-audit: ${message}\n`)))
  emitTo(parsed.values.output, format === 'json' ? JSON.stringify(org, null, 2) + '\n' : renderOrgMarkdown(org))
  return 0
}

function positiveInt(v: string | undefined, name: string): number | undefined {
  if (v === undefined) return undefined
  if (!/^\d+$/.test(v) || Number(v) < 1)
    throw new CliUsage(`Invalid --${name} '${v}'. Expected a positive whole number.`)
  return Number(v)
}

async function init(argv: string[]): Promise<number> {
  let parsed
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: { hooks: { type: 'string' }, 'dry-run': { type: 'boolean' }, help: { type: 'boolean', short: 'h' } }
    })
  } catch (e) {
    throw new CliUsage((e as Error).message)
  }
  if (parsed.values.help) {
    process.stdout.write(HELP)
    return 0
  }
  if (parsed.positionals.length > 1) throw new CliUsage('Give at most one PATH.')
  const { runInit, renderInit, parseHookList } = await import('./cli-commands.js')
  const dryRun = parsed.values['dry-run'] === true
  const result = runInit({ root: parsed.positionals[0] ?? '.', hooks: parseHookList(parsed.values.hooks), dryRun })
  process.stdout.write(terminalSafe(renderInit(result, dryRun)))
  return 0
}

async function fix(argv: string[]): Promise<number> {
  let parsed
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        'dry-run': { type: 'boolean' },
        config: { type: 'string' },
        'max-turns': { type: 'string' },
        'timeout-minutes': { type: 'string' },
        model: { type: 'string' },
        help: { type: 'boolean', short: 'h' }
      }
    })
  } catch (e) {
    throw new CliUsage((e as Error).message)
  }
  if (parsed.values.help) {
    process.stdout.write(HELP)
    return 0
  }
  if (parsed.positionals.length > 1) throw new CliUsage('Give at most one PATH.')
  const v = parsed.values
  const model = v.model?.trim()
  if (v.model !== undefined && !/^[A-Za-z0-9][A-Za-z0-9._:@/[\]-]*$/.test(model ?? ''))
    throw new CliUsage(`Invalid --model '${v.model}'.`)
  const { runFix, renderFix } = await import('./cli-commands.js')
  const dryRun = v['dry-run'] === true
  const result = await runFix({
    root: parsed.positionals[0] ?? '.',
    dryRun,
    configPath: v.config,
    values: {
      ...(v['max-turns'] !== undefined ? { maxTurns: positiveInt(v['max-turns'], 'max-turns') } : {}),
      ...(v['timeout-minutes'] !== undefined
        ? { timeoutMinutes: positiveInt(v['timeout-minutes'], 'timeout-minutes') }
        : {}),
      ...(model ? { model } : {})
    }
  })
  process.stdout.write(terminalSafe(renderFix(result, dryRun)))
  return 0
}

async function main(argv: string[]): Promise<number> {
  // The inner side of an isolated --verify-hooks=claude run (src/claude-harness/verify-guards.ts).
  if (argv[0] === '__claude-harness' && argv[1]) {
    const { runHarnessChild } = await import('./claude-harness/verify-guards.js')
    await runHarnessChild(argv[1])
    return 0
  }
  argv = auditArgs(argv)
  if (argv[0] === 'merge') return merge(argv.slice(1))
  if (argv[0] === 'init') return init(argv.slice(1))
  if (argv[0] === 'fix') return fix(argv.slice(1))
  let parsed
  try {
    parsed = parseArgs({ args: argv, allowPositionals: true, options: AUDIT_OPTIONS })
  } catch (e) {
    throw new CliUsage((e as Error).message)
  }
  const v = parsed.values
  if (v.help) {
    process.stdout.write(HELP)
    return 0
  }
  if (v.version) {
    process.stdout.write(`${VERSION}\n`)
    return 0
  }
  const format = v.format ?? 'text'
  if (!['text', 'json', 'sarif', 'markdown'].includes(format)) {
    throw new CliUsage(`Invalid --format '${format}'. Expected one of: text, json, sarif, markdown.`)
  }
  if (parsed.positionals.length > 1) throw new CliUsage('Give at most one PATH.')
  const failOnArg = level(v['fail-on'], 'fail-on', true)
  const minSeverity = level(v['min-severity'], 'min-severity', false)
  if (v.scope !== undefined && v.scope !== 'new' && v.scope !== 'all') {
    throw new CliUsage(`Invalid --scope '${v.scope}'. Expected new or all.`)
  }
  if (v['diff-base'] !== undefined && (v['diff-base'] === '' || v['diff-base'].startsWith('-'))) {
    throw new CliUsage(`Invalid --diff-base '${v['diff-base']}'. Expected a commit or branch.`)
  }
  const scope = (v.scope ?? (v['diff-base'] !== undefined ? 'new' : 'all')) as 'new' | 'all'

  if (v['list-rules'] && format !== 'text' && format !== 'json') {
    throw new CliUsage(`--list-rules prints text or JSON; --format '${format}' is not supported with it.`)
  }
  if (v.output) prepareOutput(v.output)
  const emit = (text: string): void => emitTo(v.output, text)

  if (v['list-rules']) {
    const { RULES } = await import('./cli-commands.js')
    const { docsUrl } = await import('./cli-commands.js')
    if (format === 'json') {
      const list = RULES.map((r) => ({
        id: r.meta.id,
        area: r.meta.area,
        severity: r.meta.severity,
        checklistItems: r.meta.checklistItems,
        // The primary item alone, as the first version of this list gave it.
        checklistItem: r.meta.checklistItems[0] ?? null,
        description: r.meta.description,
        docsUrl: docsUrl(r.meta.id)
      }))
      emit(JSON.stringify(list, null, 2) + '\n')
    } else {
      emit(
        RULES.map((r) => `${r.meta.id.padEnd(36)} ${r.meta.severity.padEnd(9)} ${String(r.meta.checklistItems[0] ?? '-').padEnd(3)} ${r.meta.description}`).join('\n') + '\n'
      )
    }
    return 0
  }

  if (v.user) return userAudit(parsed.positionals[0], v, format, failOnArg, minSeverity, emit)
  const root = parsed.positionals[0] ?? '.'
  const { runAudit, runDiffAudit } = await import('./cli-commands.js')
  const { failsOn, gatedFindings } = await import('./cli-commands.js')
  const auditOptions = {
    root,
    configPath: v.config,
    history: v.history === true,
    baselinePath: v.baseline,
    minSeverity: minSeverity as never,
    verifyHooks: v['verify-hooks-claude'] === true ? ('claude' as const) : v['verify-hooks'] === true,
    untracked: v.untracked === true
  }
  const result =
    v['diff-base'] !== undefined
      ? await runDiffAudit({ ...auditOptions, base: { ref: v['diff-base'], fetch: false }, configFromBase: false })
      : await runAudit(auditOptions)
  for (const e of result.errors) process.stderr.write(terminalSafe(`claude-code-audit: ${e}\n`))
  const timing = process.env.CLAUDE_CODE_AUDIT_TIMING
  if (timing && timing !== '0' && timing.toLowerCase() !== 'false') process.stderr.write(renderTimings(result.timings ?? []))
  // One threshold for the exit status and the Markdown verdict: the flag, else the configuration, else high.
  const failOn: FailOn = (failOnArg as FailOn | undefined) ?? result.configFailOn ?? 'high'
  let text: string
  if (format === 'json') text = (await import('./cli-commands.js')).renderJson(result)
  else if (format === 'sarif') text = (await import('./cli-commands.js')).renderSarif(result)
  else if (format === 'markdown') text = (await import('./cli-commands.js')).renderCliMarkdown(result, failOn, scope)
  else {
    const { renderText, redactText } = await import('./cli-commands.js')
    const color = !v.output && process.stdout.isTTY === true && !process.env.NO_COLOR
    text = renderText(result, {
      color,
      rootLabel: relative(process.cwd(), result.root) || '.',
      failOn,
      scope,
      verbose: v.verbose === true,
      readLine: lineReader(result.root, redactText)
    })
  }
  emit(text)
  return failsOn(gatedFindings(result, scope), failOn) ? 1 : 0
}

/**
 * `--user [PATH]`: the machine audit (src/user/). Offline; reads this user's
 * and the machine's Claude Code configuration; with PATH, judges that
 * repository on the settings this user's sessions merge.
 */
async function userAudit(
  path: string | undefined,
  v: { config?: string; history?: boolean; baseline?: string; 'verify-hooks'?: boolean; 'verify-hooks-claude'?: boolean; untracked?: boolean; output?: string },
  format: string,
  failOnArg: string | undefined,
  minSeverity: string | undefined,
  emit: (text: string) => void
): Promise<number> {
  for (const flag of ['history', 'baseline', 'verify-hooks', 'verify-hooks-claude', 'untracked'] as const) {
    if (v[flag] !== undefined && v[flag] !== false) throw new CliUsage(`--${flag === 'verify-hooks-claude' ? 'verify-hooks=claude' : flag} does not apply to --user (the machine audit reads no git history and runs nothing).`)
  }
  const { runUserAudit, renderMachineText, renderMachineMarkdown } = await import('./user/index.js')
  const { failsOn } = await import('./cli-commands.js')
  const result = await runUserAudit({ ...(path !== undefined ? { path } : {}), configPath: v.config, minSeverity: minSeverity as never })
  for (const e of result.errors) process.stderr.write(`claude-code-audit: ${e}\n`)
  const failOn: FailOn = (failOnArg as FailOn | undefined) ?? result.configFailOn ?? 'high'
  let text: string
  if (format === 'json') {
    const doc = JSON.parse((await import('./cli-commands.js')).renderJson(result)) as Record<string, unknown>
    text = JSON.stringify({ ...doc, machine: result.machine }, null, 2) + '\n'
  } else if (format === 'sarif') text = (await import('./cli-commands.js')).renderSarif(result)
  else if (format === 'markdown') text = (await import('./cli-commands.js')).renderCliMarkdown(result, failOn) + renderMachineMarkdown(result.machine, result.checklist)
  else {
    const { renderText } = await import('./cli-commands.js')
    const color = !v.output && process.stdout.isTTY === true && !process.env.NO_COLOR
    text = renderText(result, { color, rootLabel: path === undefined ? '~' : relative(process.cwd(), result.root) || '.' }) + renderMachineText(result.machine, result.checklist)
  }
  emit(text)
  return failsOn(result.findings, failOn) ? 1 : 0
}

/**
 * Exits once what was written to stdout and stderr has been handed over (pipes
 * are asynchronous on some systems). A natural exit would first wait for V8's
 * background work (optimising compiles, WebAssembly tier-up) and tear the heap
 * down: 20–60 ms after a large audit, for nothing. 'exit' listeners (the code
 * cache) still run.
 */
function exitWhenFlushed(): void {
  let pending = 2
  const done = (): void => {
    if (--pending === 0) process.exit()
  }
  process.stdout.write('', done)
  process.stderr.write('', done)
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code
    exitWhenFlushed()
  },
  (e: unknown) => {
    const err = e as Error
    const usage = err instanceof CliUsage || err.name === 'UsageError'
    const known = usage || err instanceof CliError
    process.stderr.write(terminalSafe(`claude-code-audit: ${known ? '' : 'internal error: '}${err.message}\n`))
    if (usage) process.stderr.write('Run claude-code-audit --help for usage.\n')
    process.exitCode = 2
  }
)
