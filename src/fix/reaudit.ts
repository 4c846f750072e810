/**
 * Checks what `fix` planned against the audit itself: the configuration files
 * the project model reads are copied to a temp folder with the planned edits
 * applied, the given rules run on that copy, and each finding of a changed file
 * is matched to what remains (by fingerprint, or by rule at the same line once
 * the edits' line shifts are followed). A finding nothing matches is resolved
 * by the edits, whichever rule's change did it (moving `max_turns` into
 * `claude_args` also ends the no-turn-limit finding of that run).
 */
import { mkdirSync, mkdtempSync, realpathSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import type { Config } from '../config.js'
import { runRules } from '../core/engine.js'
import type { Finding } from '../core/types.js'
import type { FileSet } from '../discover.js'
import { isMemoryPath } from '../model/memory.js'
import { MODEL_PATTERNS, buildProject, type Project } from '../model/project.js'
import type { Rule } from '../rules/rule.js'
import { lineMap } from './text.js'

/** Shell startup and `.env` files: the model reads them, no fixable rule needs them, and they may hold secrets. */
const ENV_FILE = /(^|\/)(\.bashrc|\.zshrc|\.profile|\.bash_profile|\.zprofile|\.zshenv|\.envrc|\.env(\.[^/]*)?)$/

/** A planned file: its repository path and text after the fix. */
export interface PlannedFile {
  path: string
  before: string | undefined
  after: string
}

/** Findings the given rules report on the repository with the planned files in place. */
async function findingsAfter(
  project: Project,
  files: readonly PlannedFile[],
  rules: readonly Rule[],
  config: Config
): Promise<Finding[]> {
  const dir = realpathSync(mkdtempSync(join(tmpdir(), 'cca-fix-check-')))
  try {
    const planned = new Set(files.map((f) => f.path))
    const write = (path: string, text: string): void => {
      const abs = join(dir, path)
      mkdirSync(dirname(abs), { recursive: true })
      writeFileSync(abs, text)
    }
    const paths = new Set<string>()
    for (const path of project.files.configPaths) {
      paths.add(path)
      if (planned.has(path) || ENV_FILE.test(path)) continue
      if (!MODEL_PATTERNS.some((re) => re.test(path)) && !isMemoryPath(path)) continue
      const f = project.reader.read(path)
      if (f) write(path, f.text)
    }
    for (const f of files) {
      paths.add(f.path)
      write(f.path, f.after)
    }
    const configPaths = [...paths].sort()
    const set: FileSet = { root: dir, paths: configPaths, git: false, tracked: project.files.tracked, configPaths }
    const after = await buildProject(set, { history: false, verifyHooks: false })
    return (await runRules(after, rules, config)).findings
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}

const baseFingerprint = (f: Finding): string => f.fingerprint.replace(/:\d+$/, '')

/**
 * Findings among `findings` that the planned files resolve: in a planned file,
 * of one of `rules`, and no longer reported after the edits.
 */
export async function resolvedBy(
  project: Project,
  files: readonly PlannedFile[],
  findings: readonly Finding[],
  rules: readonly Rule[],
  config: Config
): Promise<Set<Finding>> {
  const resolved = new Set<Finding>()
  const ids = new Set(rules.map((r) => r.meta.id))
  const byPath = new Map(files.map((f) => [f.path, f]))
  const candidates = findings.filter((f) => f.file !== null && byPath.has(f.file) && ids.has(f.ruleId))
  if (!candidates.length) return resolved
  const after = await findingsAfter(project, files, rules, config)
  const maps = new Map<string, (line: number) => number | undefined>()
  for (const f of candidates) {
    const file = byPath.get(f.file!)!
    let map = maps.get(file.path)
    if (!map) {
      map = lineMap(file.before ?? '', file.after)
      maps.set(file.path, map)
    }
    const line = f.line === null ? undefined : map(f.line)
    const remains = after.some(
      (g) =>
        g.ruleId === f.ruleId &&
        g.file === f.file &&
        (baseFingerprint(g) === baseFingerprint(f) || (line !== undefined && g.line === line))
    )
    if (!remains) resolved.add(f)
  }
  return resolved
}
