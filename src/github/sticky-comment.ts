/**
 * The sticky pull-request comment: one per pull request, found by the
 * hidden marker at the start of its body **and** by its author being the
 * token's own identity, across every page of comments; updated in place on
 * every run, created only when none exists.
 *
 * Matching the author matters: anyone can post a comment that quotes the
 * marker, and we must never edit a human's comment.
 */
import type { Octokit } from './octokit.js'

/** `issues.listComments` returns at most 100 comments per page. */
export const COMMENTS_PER_PAGE = 100

/** Login of `GITHUB_TOKEN` comments in the REST API. */
export const DEFAULT_BOT_LOGIN = 'github-actions[bot]'

/** Pull request to comment on. */
export interface CommentTarget {
  owner: string
  repo: string
  prNumber: number
}

/** What {@link upsertStickyComment} did. */
export interface StickyCommentResult {
  action: 'created' | 'updated' | 'skipped'
  id: number
  url: string | null
}

/**
 * Logins that may own our comment, for the token in use. GraphQL `viewer`
 * answers for user tokens and installation tokens alike (for
 * `GITHUB_TOKEN` it is the `github-actions` bot, shown as
 * `github-actions[bot]` in REST). If it cannot be asked, we assume
 * `GITHUB_TOKEN`.
 */
export async function resolveTokenLogins(octokit: Octokit): Promise<string[]> {
  try {
    const data = await octokit.graphql<{ viewer: { login: string } }>('query { viewer { login } }')
    const login = data.viewer.login
    const bare = login.replace(/\[bot\]$/, '')
    return [bare, `${bare}[bot]`]
  } catch {
    return [DEFAULT_BOT_LOGIN]
  }
}

/**
 * Finds our previous comment: body starts with `marker` and the author is
 * one of `logins`. Reads every page (100 per page) until found.
 */
export async function findStickyComment(
  octokit: Octokit,
  target: CommentTarget,
  marker: string,
  logins: readonly string[]
): Promise<{ id: number } | null> {
  const wanted = new Set(logins.map((l) => l.toLowerCase()))
  const pages = octokit.paginate.iterator(octokit.rest.issues.listComments, {
    owner: target.owner,
    repo: target.repo,
    issue_number: target.prNumber,
    per_page: COMMENTS_PER_PAGE
  })
  for await (const page of pages) {
    for (const comment of page.data) {
      const login = comment.user?.login?.toLowerCase()
      if (login !== undefined && wanted.has(login) && (comment.body ?? '').startsWith(marker)) {
        return { id: comment.id }
      }
    }
  }
  return null
}

/**
 * Updates our comment in place, or creates it when there is none (unless
 * `createIfMissing` is false: a clean run does not start a conversation).
 */
export async function upsertStickyComment(
  octokit: Octokit,
  target: CommentTarget,
  marker: string,
  body: string,
  { createIfMissing = true }: { createIfMissing?: boolean } = {}
): Promise<StickyCommentResult> {
  const logins = await resolveTokenLogins(octokit)
  const existing = await findStickyComment(octokit, target, marker, logins)
  const { owner, repo } = target
  if (!existing && !createIfMissing) return { action: 'skipped', id: 0, url: null }
  if (existing) {
    const { data } = await octokit.rest.issues.updateComment({
      owner,
      repo,
      comment_id: existing.id,
      body
    })
    return { action: 'updated', id: data.id, url: data.html_url ?? null }
  }
  const { data } = await octokit.rest.issues.createComment({
    owner,
    repo,
    issue_number: target.prNumber,
    body
  })
  return { action: 'created', id: data.id, url: data.html_url ?? null }
}
