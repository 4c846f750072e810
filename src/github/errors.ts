/**
 * Failure handling shared by the write channels. A reporting call that
 * fails (403 on a read-only token, 404, 422 over a size limit, 429 or 5xx
 * after retries) is caught here, logged as exactly one warning, and never
 * changes the verdict or the exit status.
 */
import * as core from '@actions/core'
import { oneLine } from '../report/escape.js'

/** Result of a guarded channel. */
export type ChannelResult<T> = { ok: true; value: T } | { ok: false; status: number | undefined; message: string }

/** HTTP status of an Octokit `RequestError`, if any. */
export function errorStatus(error: unknown): number | undefined {
  if (typeof error === 'object' && error !== null && 'status' in error) {
    const status = (error as { status: unknown }).status
    if (typeof status === 'number') return status
  }
  return undefined
}

/** Short, single-line description of an error with a hint per status. */
export function describeError(error: unknown, permission?: string): string {
  const status = errorStatus(error)
  const raw = error instanceof Error ? error.message : String(error)
  const text = oneLine(raw).slice(0, 300)
  const need = permission ? ` (needs \`permissions: ${permission}\`)` : ''
  switch (true) {
    case status === 403:
      return `HTTP 403: the token cannot write here${need}: ${text}`
    case status === 404:
      return `HTTP 404: not found or not visible to the token${need}: ${text}`
    case status === 422:
      return `HTTP 422: GitHub rejected the request: ${text}`
    case status === 429:
      return `HTTP 429: rate limited after retries: ${text}`
    case status !== undefined && status >= 500:
      return `HTTP ${status}: GitHub error after retries: ${text}`
    case status !== undefined:
      return `HTTP ${status}: ${text}`
    default:
      return text
  }
}

/**
 * Runs one channel; on failure logs one warning naming the channel and
 * returns the failure instead of throwing.
 */
export async function guardChannel<T>(
  channel: string,
  fn: () => Promise<T>,
  permission?: string
): Promise<ChannelResult<T>> {
  try {
    return { ok: true, value: await fn() }
  } catch (error) {
    const message = describeError(error, permission)
    core.warning(`${channel} failed: ${message}. The verdict is unchanged.`, {
      title: 'Claude Code audit'
    })
    return { ok: false, status: errorStatus(error), message }
  }
}
