/**
 * Which expression contexts GitHub Actions lets a workflow key use (GitHub
 * docs, "Contexts reference" → "Context availability":
 * https://docs.github.com/en/actions/reference/workflows-and-actions/contexts#context-availability).
 * "The listed contexts are only available for the given workflow key, and may
 * not be used anywhere else": a context outside a key's list fails the
 * workflow's validation before any job starts ("Unrecognized named-value:
 * 'secrets'"). Data only, for the keys the audit checks; other keys are not
 * judged.
 */

/** Every context the docs describe ("Available contexts"). */
export const CONTEXT_NAMES: readonly string[] = ['github', 'env', 'vars', 'job', 'jobs', 'steps', 'runner', 'secrets', 'strategy', 'matrix', 'needs', 'inputs']

/** A workflow key whose expressions the audit checks, as the docs' table names it. */
export type ContextKey = 'jobs.<job_id>.if' | 'jobs.<job_id>.steps.if'

/** The contexts each key allows (the docs' table, row by row). */
export const CONTEXT_AVAILABILITY: Readonly<Record<ContextKey, readonly string[]>> = {
  'jobs.<job_id>.if': ['github', 'needs', 'vars', 'inputs'],
  'jobs.<job_id>.steps.if': ['github', 'needs', 'strategy', 'matrix', 'job', 'runner', 'env', 'vars', 'steps', 'inputs']
}

/** Functions beyond the expression language's own that each key allows (same table). */
export const KEY_FUNCTIONS: Readonly<Record<ContextKey, readonly string[]>> = {
  'jobs.<job_id>.if': ['always', 'cancelled', 'success', 'failure'],
  'jobs.<job_id>.steps.if': ['always', 'cancelled', 'success', 'failure', 'hashFiles']
}

/** The documented contexts a key does not allow. */
export function unavailableContexts(key: ContextKey): string[] {
  const ok = new Set(CONTEXT_AVAILABILITY[key])
  return CONTEXT_NAMES.filter((c) => !ok.has(c))
}
