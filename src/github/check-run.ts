/**
 * Publishes the check run on the audited commit.
 *
 * Decision: we create our own check run named {@link CHECK_RUN_NAME}
 * rather than updating the job's own run. Updating the job's run needs its
 * name, which is ambiguous for matrix jobs, reusable workflows and
 * `name:` expressions, and its conclusion is owned by the runner. A
 * dedicated run has a stable name that branch protection can require, and
 * a conclusion that follows `fail-on` (`neutral` when findings stay below
 * it). Trade-off: the Checks API cannot choose the check suite, so with
 * several workflows on one commit GitHub may list the run under another
 * workflow (docs/action.md, "Check run").
 *
 * Annotations: at most {@link MAX_ANNOTATIONS_PER_REQUEST} per request. The
 * run is created already completed with its conclusion and the first batch,
 * then PATCHed once per further batch; each update appends. If an update
 * fails the run still shows the right conclusion.
 */
import type { CheckRunOutput } from '../report/check-run.js'
import type { Conclusion } from '../report/markdown.js'
import type { Octokit } from './octokit.js'

/** Name of the check run (what branch protection requires). */
export const CHECK_RUN_NAME = 'claude-code-audit'

/**
 * Checks API: "The Checks API limits the number of annotations to a
 * maximum of 50 per API request"; more → 422 "No more than 50 items are
 * allowed". Further batches go through update, which appends.
 */
export const MAX_ANNOTATIONS_PER_REQUEST = 50

/** Where and what to publish. */
export interface CheckRunRequest {
  owner: string
  repo: string
  headSha: string
  conclusion: Conclusion
  output: CheckRunOutput
  /** Link to the workflow run, shown as "View more details". */
  detailsUrl?: string
}

/** What was published. */
export interface CheckRunResult {
  id: number
  url: string | null
  annotations: number
  requests: number
}

/** Creates the check run and sends every annotation in batches. */
export async function publishCheckRun(octokit: Octokit, request: CheckRunRequest): Promise<CheckRunResult> {
  const { owner, repo, output } = request
  const batches = chunk(output.annotations, MAX_ANNOTATIONS_PER_REQUEST)
  const created = await octokit.rest.checks.create({
    owner,
    repo,
    name: CHECK_RUN_NAME,
    head_sha: request.headSha,
    status: 'completed',
    conclusion: request.conclusion,
    completed_at: new Date().toISOString(),
    ...(request.detailsUrl ? { details_url: request.detailsUrl } : {}),
    output: {
      title: output.title,
      summary: output.summary,
      annotations: batches[0] ?? []
    }
  })
  const id = created.data.id
  let sent = batches[0]?.length ?? 0
  for (const batch of batches.slice(1)) {
    try {
      await octokit.rest.checks.update({
        owner,
        repo,
        check_run_id: id,
        output: {
          title: output.title,
          summary: output.summary,
          annotations: batch
        }
      })
    } catch (error) {
      throw new IncompleteCheckRunError(id, sent, error)
    }
    sent += batch.length
  }
  return {
    id,
    url: created.data.html_url ?? null,
    annotations: output.annotations.length,
    requests: Math.max(1, batches.length)
  }
}

function chunk<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = []
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size))
  return out
}

/**
 * An update failed after the run was created: the run shows the right
 * conclusion, but only the first `sent` annotations.
 */
export class IncompleteCheckRunError extends Error {
  readonly status: number | undefined
  constructor(id: number, sent: number, cause: unknown) {
    const status =
      typeof cause === 'object' && cause !== null && 'status' in cause
        ? Number((cause as { status: unknown }).status)
        : undefined
    super(
      `check run ${id} was created with its conclusion, but only its first ` +
        `${sent} annotations were sent: ` +
        (cause instanceof Error ? cause.message : String(cause)),
      { cause }
    )
    this.name = 'IncompleteCheckRunError'
    this.status = status
  }
}
