/**
 * Streams `git log -p` over the files the secret rules read and finds the
 * first commit that introduced each secret. History is never held in memory
 * whole: the patch is read line by line and only added lines are scanned.
 */
import { gitStream, shallowRepositorySync, type GitChild } from '../git.js'
import { createHash } from 'node:crypto'
import { createRequire } from 'node:module'
import type { Confidence } from '../core/types.js'
import { scanText } from '../secrets/index.js'
import { HISTORY_CANDIDATE_PATHSPECS, HISTORY_PATHSPECS, isHistoryPath } from './secret-files.js'

/** A secret found in history, at the commit that introduced it. */
export interface HistorySecret {
  kind: string
  label: string
  redacted: string
  confidence: Confidence
  /** The value, kept in memory only to compare with HEAD; never rendered. */
  value: string
  commit: string
  date: string
  path: string
  /** Line in the file as of that commit. */
  line: number
}

/** Whether the repository at `root` is a shallow clone. */
export function isShallow(root: string): boolean {
  return shallowRepositorySync(root) === true
}

/** The history scan stops after this long (a huge or hostile history must not stall the audit). */
const HISTORY_TIME_LIMIT_MS = 5 * 60_000

/** More paths than this and the patches are asked for by the globs (a command line has limits). */
const MAX_LITERAL_PATHS = 1000

/**
 * Every path of {@link HISTORY_PATHSPECS} that some commit reachable from HEAD
 * changed, or undefined when they cannot be listed as literal paths (too
 * many, or names that are not UTF-8).
 */
async function historyPaths(root: string, timeoutMs: number): Promise<string[] | undefined> {
  const child = await gitStream(root, ['log', '-z', '--format=', '--name-only', '--no-renames', '--relative', 'HEAD', '--', ...HISTORY_CANDIDATE_PATHSPECS], timeoutMs)
  if (!child) return undefined
  const found = new Set<string>()
  let ok = true
  let rest = ''
  const take = (name: string): void => {
    const path = name.replace(/^\n+/, '')
    if (!path || found.has(path) || !isHistoryPath(path)) return
    if (path.includes('\uFFFD') || found.size >= MAX_LITERAL_PATHS) ok = false
    else found.add(path)
  }
  child.stdout.setEncoding('utf8')
  for await (const chunk of child.stdout as AsyncIterable<string>) {
    const parts = (rest + chunk).split('\0')
    rest = parts.pop() ?? ''
    for (const name of parts) take(name)
    if (!ok) {
      child.kill()
      break
    }
  }
  take(rest)
  const code = await exited(child)
  return ok && code === 0 ? [...found].sort() : undefined
}

function exited(child: GitChild): Promise<number | null> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) resolve(child.exitCode)
    else child.once('close', (code) => resolve(code))
  })
}

/**
 * Scans every commit reachable from HEAD, oldest first; one result per
 * distinct secret value. Git lists the paths the secret rules read that ever
 * changed, then shows the patches of those paths only (literal pathspecs let
 * it skip every other folder).
 */
export async function scanHistory(root: string): Promise<HistorySecret[]> {
  const deadline = Date.now() + HISTORY_TIME_LIMIT_MS
  const paths = await historyPaths(root, HISTORY_TIME_LIMIT_MS)
  if (paths && paths.length === 0) return []
  const pathspecs = paths ? paths.map((p) => `:(literal)${p}`) : HISTORY_PATHSPECS
  // Textconv and external diff drivers are switched off by the git module: a driver is a program.
  const child = await gitStream(
    root,
    ['log', '-p', '--relative', '--reverse', '--no-color', '--no-renames', '--format=%x00commit %H %cI', '-U0', 'HEAD', '--', ...pathspecs],
    Math.max(1, deadline - Date.now())
  )
  if (!child) return []
  const seen = new Set<string>()
  const out: HistorySecret[] = []
  let commit = ''
  let date = ''
  let path = ''
  let line = 0
  // Added lines of the current file diff, scanned together (one scan per file per
  // commit instead of one per line), with the new-file line number of each.
  let added: string[] = []
  let lines: number[] = []
  const flush = (): void => {
    if (added.length === 0) return
    const text = added.join('\n')
    const starts: number[] = []
    let o = 0
    for (const a of added) {
      starts.push(o)
      o += a.length + 1
    }
    for (const m of scanText(text, { path })) {
      if (m.reason !== undefined) continue // not a live credential (documentation, template, public key…)
      const value = text.slice(m.start, m.end)
      const id = createHash('sha256').update(value).digest('hex')
      if (seen.has(id)) continue
      seen.add(id)
      let i = starts.length - 1
      while (i > 0 && starts[i] > m.start) i--
      out.push({ kind: m.kind, label: m.label, redacted: m.redacted, confidence: m.confidence, value, commit, date, path, line: lines[i] })
    }
    added = []
    lines = []
  }
  // Loaded here, not at start-up: an audit without --history never needs it. Synchronously: an
  // awaited import() here (module hooks run off-thread) can leave the event loop empty and end the process.
  const { createInterface } = createRequire(import.meta.url)('node:readline') as typeof import('node:readline')
  const rl = createInterface({ input: child.stdout, crlfDelay: Infinity })
  for await (const raw of rl) {
    if (raw.startsWith('\0commit ')) {
      flush()
      const [, sha, when] = raw.slice(1).split(' ')
      commit = sha
      date = when ?? ''
      continue
    }
    if (raw.startsWith('+++ ')) {
      flush()
      path = raw === '+++ /dev/null' ? '' : raw.slice(6)
      continue
    }
    if (raw.startsWith('@@ ')) {
      const m = /\+(\d+)/.exec(raw)
      line = m ? Number(m[1]) : 0
      continue
    }
    if (raw.startsWith('+') && path) {
      const text = raw.slice(1)
      if (text.length < 100_000) {
        added.push(text)
        lines.push(line)
      }
      line++
    }
  }
  flush()
  await new Promise<void>((resolve) => {
    if (child.exitCode !== null) resolve()
    else child.once('close', () => resolve())
  })
  return out
}
