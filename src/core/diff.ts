/**
 * Pull-request mode: the head's findings against the base's, by fingerprint.
 * A finding is new when its fingerprint is not among the base's, existing
 * when it is; a base finding whose fingerprint the head no longer has is
 * fixed. Fingerprints are built from content, never from line numbers
 * (core/engine.ts), so unrelated edits move findings without renewing them.
 */
import type { Finding } from './types.js'

/** How the head compares with the base; carried by the audit result in pull-request mode. */
export interface DiffResult {
  /** What the base is (e.g. a SHA, or the revision given to `--diff-base`). */
  base: string
  /** Full SHA of the base commit. */
  baseSha: string
  /** Fingerprints of the head's findings that the base does not have. */
  newFingerprints: string[]
  /** Findings of the base that the head no longer has. */
  fixed: Finding[]
  /** Number of head findings the base has too. */
  existing: number
}

/** Classifies the head's findings against the base's. */
export function diffFindings(head: readonly Finding[], base: readonly Finding[], ref: { base: string; baseSha: string }): DiffResult {
  const before = new Set(base.map((f) => f.fingerprint))
  const after = new Set(head.map((f) => f.fingerprint))
  const fresh = head.filter((f) => !before.has(f.fingerprint))
  return {
    base: ref.base,
    baseSha: ref.baseSha,
    newFingerprints: fresh.map((f) => f.fingerprint),
    fixed: base.filter((f) => !after.has(f.fingerprint)),
    existing: head.length - fresh.length
  }
}

/** The head's findings the base does not have (all of them outside pull-request mode). */
export function newFindings(findings: readonly Finding[], diff: DiffResult | undefined): Finding[] {
  if (!diff) return [...findings]
  const fresh = new Set(diff.newFingerprints)
  return findings.filter((f) => fresh.has(f.fingerprint))
}

/** Whether a finding is new in pull-request mode (always true outside it). */
export function isNew(f: Finding, diff: DiffResult | undefined): boolean {
  return diff === undefined || diff.newFingerprints.includes(f.fingerprint)
}
