/**
 * Octokit for the reporting channels: `@actions/github`'s client (proxy
 * support, user agent) plus the retry and throttling plugins.
 *
 * - retry: 5xx and other transient errors are retried ({@link RETRIES}
 *   times, quadratic back-off); 400/401/403/404/410/422/451 are not, so a
 *   read-only token fails fast and the channel degrades to one warning.
 *   429 is left to the throttling plugin, which honours `retry-after`.
 * - throttling: primary and secondary rate limits (403/429 with
 *   `retry-after` or `x-ratelimit-reset`) are retried up to
 *   {@link RATE_LIMIT_RETRIES} times after the wait GitHub asks for.
 */
import * as core from '@actions/core'
import { getOctokit } from '@actions/github'
import { retry } from '@octokit/plugin-retry'
import { throttling } from '@octokit/plugin-throttling'
import { oneLine } from '../report/escape.js'

/** The client type used by every channel. */
export type Octokit = ReturnType<typeof getOctokit>

/** Retries of transient failures (5xx) per request. */
export const RETRIES = 2
/** Retries after a primary or secondary rate limit per request. */
export const RATE_LIMIT_RETRIES = 2

/** plugin-retry's default list plus 429, which plugin-throttling handles. */
const DO_NOT_RETRY = [400, 401, 403, 404, 410, 422, 429, 451]

/**
 * Test-only switch: with `CLAUDE_CODE_AUDIT_TEST_FAST_RETRY=1` every wait
 * (retry back-off, `retry-after`, rate-limit reset) is counted in units of
 * 10 ms instead of seconds, so tests against a fake API stay fast. Not an
 * input and not documented for users.
 */
export const FAST_RETRY_ENV = 'CLAUDE_CODE_AUDIT_TEST_FAST_RETRY'

/** Creates the client for `token` against `apiUrl` (`GITHUB_API_URL`). */
export function createOctokit(token: string, apiUrl: string): Octokit {
  const fast = process.env[FAST_RETRY_ENV] === '1'
  const unit = fast ? 10 : 1000
  return getOctokit(
    token,
    {
      baseUrl: apiUrl.replace(/\/+$/, ''),
      log: {
        debug: (message: string) => core.debug(message),
        info: (message: string) => core.debug(message),
        warn: (message: string) => core.info(oneLine(message)),
        error: (message: string) => core.info(oneLine(message))
      },
      retry: {
        retries: RETRIES,
        retryAfterBaseValue: unit,
        doNotRetry: DO_NOT_RETRY
      },
      throttle: {
        retryAfterBaseValue: unit,
        fallbackSecondaryRateRetryAfter: 60,
        onRateLimit: (retryAfter, options, _octokit, retryCount) =>
          onLimit('rate limit', retryAfter, options, retryCount),
        onSecondaryRateLimit: (retryAfter, options, _octokit, retryCount) =>
          onLimit('secondary rate limit', retryAfter, options, retryCount)
      }
    },
    retry,
    throttling
  )
}

function onLimit(
  kind: string,
  retryAfter: number,
  options: { method: string; url: string },
  retryCount: number
): boolean {
  const again = retryCount < RATE_LIMIT_RETRIES
  core.info(
    oneLine(
      `GitHub API ${kind} on ${options.method} ${options.url}: ` +
        (again ? `retrying in ${retryAfter} s (attempt ${retryCount + 2}).` : 'giving up.')
    )
  )
  return again
}
