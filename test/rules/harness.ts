/**
 * Rule tester in the ESLint spirit: writes a fixture repository, runs one rule,
 * and compares the findings exactly (file, line, column, severity, message).
 */
import assert from 'node:assert/strict'
import { mkdtempSync, mkdirSync, writeFileSync, rmSync, symlinkSync, chmodSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { spawnSync } from 'node:child_process'
import { discover } from '../../src/discover.js'
import { buildProject } from '../../src/model/project.js'
import { runRules } from '../../src/core/engine.js'
import { RULES } from '../../src/rules/index.js'
import type { Finding } from '../../src/core/types.js'
import type { Config } from '../../src/config.js'

/** Files of a fixture: path → content (a `{ link }` makes a symlink, `{ text, mode }` sets a mode). */
export type Fixture = Record<string, string | { link: string } | { text: string; mode: number }>

/** Options for running a fixture. */
export interface RunOptions {
  /** Make the fixture a git repository and commit these paths (all when true). */
  git?: boolean | string[]
  options?: Record<string, unknown>
  history?: boolean
  /** Run guard hooks against payloads (--verify-hooks). */
  verifyHooks?: boolean
  /** The configured Claude Code version (`claude-code-version`). */
  claudeCodeVersion?: string
}

/** Writes a fixture to a fresh temporary directory and returns its path. */
export function writeFixture(files: Fixture): string {
  const dir = mkdtempSync(join(tmpdir(), 'cca-'))
  for (const [p, content] of Object.entries(files)) {
    const abs = join(dir, p)
    mkdirSync(dirname(abs), { recursive: true })
    if (typeof content === 'string') writeFileSync(abs, content)
    else if ('link' in content) symlinkSync(content.link, abs)
    else {
      writeFileSync(abs, content.text)
      chmodSync(abs, content.mode)
    }
  }
  return dir
}

function git(dir: string, args: string[]): void {
  const r = spawnSync('git', args, { cwd: dir, encoding: 'utf8' })
  if (r.status !== 0) throw new Error(`git ${args.join(' ')}: ${r.stderr}`)
}

/** Initialises a git repository in `dir` and commits `paths` (or everything). */
export function gitCommit(dir: string, paths: string[] | true, message = 'fixture', date?: string): void {
  git(dir, ['init', '-q'])
  git(dir, ['add', '-f', ...(paths === true ? ['.'] : paths)])
  const env = ['-c', 'user.name=t', '-c', 'user.email=t@example.com', '-c', 'commit.gpgsign=false']
  const r = spawnSync('git', [...env, 'commit', '-q', '-m', message, ...(date ? ['--date', date] : [])], {
    cwd: dir,
    encoding: 'utf8',
    env: { ...process.env, ...(date ? { GIT_COMMITTER_DATE: date } : {}) }
  })
  if (r.status !== 0) throw new Error(`git commit: ${r.stderr}`)
}

/** Runs one rule over a fixture and returns its findings. */
export async function runRule(ruleId: string, files: Fixture, opts: RunOptions = {}): Promise<Finding[]> {
  const dir = writeFixture(files)
  try {
    if (opts.git) gitCommit(dir, opts.git === true ? true : opts.git)
    return await runRuleIn(ruleId, dir, opts)
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}

/** Runs one rule over an existing directory. */
export async function runRuleIn(ruleId: string, dir: string, opts: RunOptions = {}): Promise<Finding[]> {
  const rule = RULES.find((r) => r.meta.id === ruleId)
  if (!rule) throw new Error(`no rule ${ruleId}`)
  const config: Config = { ignore: [], rules: opts.options ? { [ruleId]: { options: opts.options } } : {} }
  const project = await buildProject(await discover(dir), {
    history: opts.history === true,
    verifyHooks: opts.verifyHooks === true,
    ...(opts.claudeCodeVersion ? { claudeCodeVersion: opts.claudeCodeVersion } : {})
  })
  const res = await runRules(project, [rule], config)
  if (res.errors.length) throw new Error(res.errors.join('\n'))
  return res.findings
}

/** What a test expects of one finding; omitted fields are not compared. */
export interface Expected {
  file?: string | null
  line?: number | null
  column?: number | null
  endLine?: number | null
  endColumn?: number | null
  severity?: string
  confidence?: string
  /** Substring (or pattern) the message must contain. */
  message?: string | RegExp
  /** Every related location, exactly, as `file:line:column-endLine:endColumn note` (none: `[]`). */
  related?: string[]
}

/** A finding's related locations as {@link Expected.related} writes them. */
export function relatedView(f: Finding): string[] {
  return (f.related ?? []).map((r) => `${r.file}:${r.line}:${r.column}-${r.endLine}:${r.endColumn} ${r.message}`)
}

/** Asserts that findings match the expectations exactly, in order, and that there are no others. */
export function expectFindings(actual: Finding[], expected: Expected[]): void {
  const view = actual.map((f) => `${f.ruleId} ${f.file}:${f.line}:${f.column} ${f.severity} ${f.message}`)
  assert.equal(actual.length, expected.length, `expected ${expected.length} findings, got ${actual.length}:\n${view.join('\n')}`)
  const sorted = [...actual].sort((a, b) => (a.file ?? '').localeCompare(b.file ?? '') || (a.line ?? 0) - (b.line ?? 0) || (a.column ?? 0) - (b.column ?? 0))
  expected.forEach((e, i) => {
    const f = sorted[i]
    const where = `finding ${i}: ${view[actual.indexOf(f)]}`
    for (const k of ['file', 'line', 'column', 'endLine', 'endColumn', 'severity', 'confidence'] as const) {
      if (e[k] !== undefined) assert.equal(f[k], e[k], `${where}: ${k}`)
    }
    if (e.related !== undefined) assert.deepEqual(relatedView(f), e.related, `${where}: related`)
    if (e.message instanceof RegExp) assert.match(f.message, e.message, where)
    else if (e.message !== undefined) assert.ok(f.message.includes(e.message), `${where}: message should contain ${JSON.stringify(e.message)}`)
  })
}

/** `.claude/settings.json` text registering one command hook on PreToolUse (matcher `Bash` unless given). */
export function preToolUseSettings(command: string, matcher = 'Bash'): string {
  return JSON.stringify({ hooks: { PreToolUse: [{ matcher, hooks: [{ type: 'command', command }] }] } }) + '\n'
}
