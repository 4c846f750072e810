/**
 * The program-code parts of the rules ({@link Rule.checkCode}) on a second
 * thread. Reading the repository's Python and JS/TS code (git grep, then a
 * tree-sitter parse of every file that calls the Anthropic API or the Agent
 * SDK) is the largest single cost of an audit of a repository with such code,
 * and it needs nothing the workflows give: a worker thread does it while this
 * thread models the workflows and runs the other rules. The engine then turns
 * the worker's reports into findings exactly as it does the others'.
 *
 * The worker (src/code-worker.ts, bundled to dist/code-worker.cjs) builds its
 * own {@link CodeScope} from the same file list and runs the same rule code.
 * Nothing here changes a verdict: by default, without a worker file (tests
 * run the sources), on one core, or when the worker fails, the engine runs
 * the same parts on this thread. The thread is opt-in (see threadsAllowed).
 */
import { existsSync } from 'node:fs'
import { createRequire } from 'node:module'
import { availableParallelism } from 'node:os'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import type { FileSet } from '../discover.js'
import type { SkippedFile } from './types.js'
import type { CodeScope, Project, ProjectOptions } from '../model/project.js'
import { isCodeCandidate } from '../model/code.js'
import type { SourceFile, Span } from '../parse/source.js'
import type { Location, RelatedReport, Report, Rule } from '../rules/rule.js'

/** A location as it crosses threads: a path and offsets instead of a file object. */
export type WireLocation = { path: string; start: number; end: number } | { path: string; line?: number } | null

/** A report as it crosses threads. */
export interface WireReport extends Omit<Report, 'at' | 'related'> {
  at: WireLocation
  related?: { at: WireLocation; note: string }[]
}

/** What the program-code parts reported, and what they could not read. */
export interface CodeResult {
  /** Reports in the order made, each with its rule's id. */
  reports: { ruleId: string; report: WireReport }[]
  /** Files the parts did not read, or not in full (file-skipped), in the order met. */
  skips: SkippedFile[]
  /** Files the parts read that hold an inline suppression comment (so its notices see them). */
  marked: string[]
  /** A rule part that threw, as `rule <id> failed: <message>`. */
  errors: string[]
  /** Rule ids whose part stopped at the time budget. */
  stopped: string[]
  /** Time per rule part (ms), for the timings. */
  timings: { ruleId: string; ms: number }[]
}

/** What the worker is given. */
export interface CodeJob {
  /**
   * The file set, compact for the copy between threads: paths joined by NUL
   * (which no path holds), and the untracked ones listed rather than the tracked.
   */
  files: { root: string; paths: string; git: boolean; untracked?: string[]; configPaths: string; aliases?: [string, string][] }
  options: ProjectOptions
  /** The enabled rules with a code part, and their options (defaults merged with the configuration). */
  rules: { id: string; options: Record<string, unknown> }[]
  /** Milliseconds the parts may take before they stop (cooperatively, as rules do). */
  budgetMs: number
}

function wireLocation(at: Location): WireLocation {
  if (at === null) return null
  if ('file' in at) return { path: at.file.path, start: at.start, end: at.end }
  return { path: at.path, ...(at.line !== undefined ? { line: at.line } : {}) }
}

/** A report made serialisable: file objects become paths (offsets stay). */
export function toWire(r: Report): WireReport {
  const { at, related, ...rest } = r
  return { ...rest, at: wireLocation(at), ...(related ? { related: related.map((x) => ({ at: wireLocation(x.at), note: x.note })) } : {}) }
}

/** A wire location back as a location in this thread's files (a whole-file location when the file cannot be read here). */
function fromWire(at: WireLocation, read: (path: string) => SourceFile | null): Location {
  if (at === null || !('start' in at)) return at
  const file = read(at.path)
  if (!file) return { path: at.path }
  const span: Span = { file, start: at.start, end: at.end }
  return span
}

/** A wire report as a report on this thread's files. */
export function fromWireReport(w: WireReport, read: (path: string) => SourceFile | null): Report {
  const { at, related, ...rest } = w
  const out: Report = { ...rest, at: fromWire(at, read) }
  if (related) {
    out.related = related.flatMap((x): RelatedReport[] => {
      const l = fromWire(x.at, read)
      return l === null ? [] : [{ at: l, note: x.note }]
    })
  }
  return out
}

const MARK = 'claude-code-audit:'

/**
 * Runs the code parts of `rules` over a scope and collects what they report,
 * serialisable. Used by the worker; also callable on this thread.
 */
export function runCodeParts(
  scope: CodeScope,
  rules: readonly Rule[],
  job: Pick<CodeJob, 'rules' | 'budgetMs'>,
  now: () => number = () => performance.now()
): CodeResult {
  const result: CodeResult = { reports: [], skips: [], marked: [], errors: [], stopped: [], timings: [] }
  const before = scope.reader.skipped.length
  const loadedBefore = new Set(scope.reader.loaded())
  const deadline = now() + job.budgetMs
  for (const { id, options } of job.rules) {
    const rule = rules.find((r) => r.meta.id === id)
    if (!rule?.checkCode) continue
    const started = now()
    let stopped = false
    const outOfTime = (): boolean => (stopped ||= now() > deadline)
    try {
      rule.checkCode({ project: scope, options, report: (r) => result.reports.push({ ruleId: id, report: toWire(r) }), outOfTime })
    } catch (e) {
      result.errors.push(`rule ${id} failed: ${(e as Error).message}`)
    }
    if (stopped) result.stopped.push(id)
    result.timings.push({ ruleId: id, ms: now() - started })
  }
  result.skips = scope.reader.skipped.slice(before)
  result.marked = scope.reader
    .loaded()
    .filter((f) => !loadedBefore.has(f) && f.text.includes(MARK))
    .map((f) => f.path)
  return result
}

/** The job for the rules' code parts, or undefined when no enabled rule has one. */
export function codeJob(files: FileSet, options: ProjectOptions, rules: readonly { id: string; rule: Rule; options: Record<string, unknown> }[], budgetMs: number): CodeJob | undefined {
  const parts = rules.filter((r) => r.rule.checkCode).map((r) => ({ id: r.id, options: r.options }))
  // No Python or JS/TS file that could call the API: the parts find nothing, wherever they run.
  if (parts.length === 0 || !files.paths.some(isCodeCandidate)) return undefined
  return {
    files: {
      root: files.root,
      paths: files.paths.join('\0'),
      git: files.git,
      ...(files.tracked ? { untracked: files.paths.filter((p) => !files.tracked?.has(p)) } : {}),
      configPaths: files.configPaths.join('\0'),
      ...(files.aliases ? { aliases: [...files.aliases] } : {})
    },
    options,
    rules: parts,
    budgetMs
  }
}

/** The worker's file beside the bundle that runs this code (dist/index.js or dist/cli/index.cjs), if there is one. */
function workerFile(): string | undefined {
  let here: string
  try {
    here = dirname(fileURLToPath(import.meta.url))
  } catch {
    return undefined
  }
  for (const f of [join(here, 'code-worker.cjs'), join(here, '..', 'code-worker.cjs')]) if (existsSync(f)) return f
  return undefined
}

/**
 * Whether to start the second thread: only when asked (`CLAUDE_CODE_AUDIT_THREADS=2`) and
 * there is a second core. Off by default: on the 2-core machine of `npm run bench:real` the
 * thread made every one of the 20 repositories slower (sum 8.15 s against 6.92 s on one
 * thread): starting a worker (its own Node environment, the bundle, the parser's runtime
 * and grammars) costs more than the parse it moves, and the two threads share the cores
 * with the garbage collector and git.
 */
function threadsAllowed(env: NodeJS.ProcessEnv = process.env): boolean {
  const v = Number(env.CLAUDE_CODE_AUDIT_THREADS)
  if (!(v > 1)) return false
  try {
    return availableParallelism() > 1
  } catch {
    return false
  }
}

/**
 * Starts the worker on the job `makeJob` builds; resolves with its result, or undefined when
 * there is no worker here or it failed (the engine then runs the parts on this
 * thread). Returns undefined at once when no thread is started.
 */
export function startCodeThread(makeJob: () => CodeJob | undefined): Promise<CodeResult | undefined> | undefined {
  // The job (the file set joined for the copy) is built only when a thread may start.
  if (!threadsAllowed()) return undefined
  const job = makeJob()
  if (!job) return undefined
  const file = workerFile()
  if (!file) return undefined
  return new Promise<CodeResult | undefined>((resolve) => {
    let settled = false
    const done = (r: CodeResult | undefined): void => {
      if (settled) return
      settled = true
      resolve(r)
    }
    try {
      // Required here, not imported: worker_threads costs every audit ~1.4 ms to load, and threads are opt-in.
      const { Worker } = createRequire(import.meta.url)('node:worker_threads') as typeof import('node:worker_threads')
      const w = new Worker(file, { workerData: job, stdout: true, stderr: true })
      w.once('message', (r: CodeResult) => {
        done(r)
        void w.terminate()
      })
      w.once('error', () => done(undefined))
      w.once('exit', () => done(undefined))
    } catch {
      done(undefined)
    }
  })
}

/** The file set of a job, as the worker rebuilds it. */
export function jobFiles(job: CodeJob): FileSet {
  const f = job.files
  const paths = f.paths === '' ? [] : f.paths.split('\0')
  const untracked = f.untracked ? new Set(f.untracked) : undefined
  return {
    root: f.root,
    paths,
    git: f.git,
    ...(untracked ? { tracked: new Set(paths.filter((p) => !untracked.has(p))) } : {}),
    configPaths: f.configPaths === '' ? [] : f.configPaths.split('\0'),
    ...(f.aliases ? { aliases: new Map(f.aliases) } : {})
  }
}

/** Project facts the main thread adds from a code result: skips and the files with suppression comments. */
export function applyCodeResult(project: Project, r: CodeResult): void {
  for (const s of r.skips) project.reader.skip(s.file, s.reason)
  for (const path of r.marked) project.reader.read(path)
}
