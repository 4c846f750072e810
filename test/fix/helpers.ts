/**
 * Helpers for the fix tests: copies of real corpus repositories in temp
 * folders, per-rule finding counts, and a line diff to check that nothing
 * outside the intended edits changed.
 */
import { cpSync, existsSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import type { Finding } from '../../src/core/types.js'

export const CORPUS = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', '..', 'shared', 'corpus', 'real')
export const HAVE_CORPUS = existsSync(CORPUS)

/** Corpus repository folders (owner__repo). */
export function corpusRepos(): string[] {
  if (!HAVE_CORPUS) return []
  return readdirSync(CORPUS)
    .filter((d) => statSync(join(CORPUS, d)).isDirectory())
    .sort()
}

/** Copies a corpus repository into a fresh temp folder (symlinks kept as links). */
export function copyRepo(name: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'cca-fix-'))
  cpSync(join(CORPUS, name), dir, { recursive: true, verbatimSymlinks: true })
  return dir
}

export function cleanup(dir: string): void {
  rmSync(dir, { recursive: true, force: true })
}

export function countByRule(findings: readonly Finding[]): Map<string, number> {
  const m = new Map<string, number>()
  for (const f of findings) m.set(f.ruleId, (m.get(f.ruleId) ?? 0) + 1)
  return m
}

/** Lines removed from and added to `before` to get `after` (LCS line diff). */
export function lineChanges(before: string, after: string): { removed: string[]; added: string[] } {
  const a = before.split('\n')
  const b = after.split('\n')
  const n = a.length
  const m = b.length
  const w = m + 1
  const dp = new Uint32Array((n + 1) * w)
  for (let i = n - 1; i >= 0; i--) {
    for (let j = m - 1; j >= 0; j--)
      dp[i * w + j] = a[i] === b[j] ? dp[(i + 1) * w + j + 1] + 1 : Math.max(dp[(i + 1) * w + j], dp[i * w + j + 1])
  }
  const removed: string[] = []
  const added: string[] = []
  let i = 0
  let j = 0
  while (i < n || j < m) {
    if (i < n && j < m && a[i] === b[j]) {
      i++
      j++
    } else if (i < n && (j >= m || dp[(i + 1) * w + j] >= dp[i * w + j + 1])) removed.push(a[i++])
    else added.push(b[j++])
  }
  return { removed, added }
}
