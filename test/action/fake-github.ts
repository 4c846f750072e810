/**
 * A fake GitHub REST API for end-to-end tests of the bundled action. It
 * listens on 127.0.0.1 (ephemeral port), records every request, and
 * enforces the limits the action must respect:
 *
 * - check runs: at most 50 annotations per create/update request (422
 *   "No more than 50 items are allowed; N were supplied."), `output.title`
 *   required with `output`, summary ≤ 65,535 characters, annotation title
 *   ≤ 255, columns only on single-line annotations; updates append;
 * - issue comments: body ≤ 65,536 characters (422 "Body is too long");
 *   `listComments` pages with `per_page` default 30, capped at 100, and
 *   RFC 5988 `Link` headers;
 * - GraphQL `viewer { login }` answers the token's identity.
 *
 * Faults (status codes, headers, bodies) can be injected per route for a
 * number of hits, to play read-only tokens, rate limits and outages.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'

/** One recorded request. */
export interface RecordedRequest {
  method: string
  path: string
  query: URLSearchParams
  headers: IncomingMessage['headers']
  body: unknown
  /** Status the fake answered with. */
  status: number
  at: number
}

/** A stored comment. */
export interface FakeComment {
  id: number
  body: string
  user: { login: string; type: 'User' | 'Bot' }
  updated: number
}

/** A stored check run. */
export interface FakeCheckRun {
  id: number
  name: string
  head_sha: string
  status: string
  conclusion: string | null
  output: { title?: string; summary?: string }
  annotations: Array<Record<string, unknown>>
  updates: number
}

/** An injected fault. */
export interface Fault {
  method?: string
  /** Matched against the request path (without query). */
  path: RegExp
  status: number
  headers?: Record<string, string>
  body?: unknown
  /** How many matching requests fail (default: all). */
  times?: number
}

/** Limits enforced by GitHub (and by this fake). */
export const LIMITS = {
  annotationsPerRequest: 50,
  commentBody: 65_536,
  checkSummary: 65_535,
  annotationTitle: 255,
  perPageDefault: 30,
  perPageMax: 100
} as const

/** The login `GITHUB_TOKEN` comments appear under in REST. */
export const BOT_LOGIN = 'github-actions[bot]'

/** The fake API; `url` is what `GITHUB_API_URL` should be set to. */
export class FakeGitHub {
  readonly requests: RecordedRequest[] = []
  readonly comments = new Map<number, FakeComment[]>()
  readonly checkRuns: FakeCheckRun[] = []
  readonly faults: Fault[] = []
  /** Pull requests by number, as `GET /repos/{owner}/{repo}/pulls/{n}` returns them. */
  readonly pulls = new Map<number, unknown>()
  /** GraphQL viewer login for the token; null makes the query fail. */
  viewerLogin: string | null = 'github-actions'
  /** Token the requests must carry. */
  token = 'test-token'
  private nextId = 1000
  private server: Server | null = null
  url = ''

  /** Starts listening on 127.0.0.1 with an ephemeral port. */
  async start(): Promise<this> {
    this.server = createServer((req, res) => {
      void this.handle(req, res)
    })
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve))
    const { port } = this.server.address() as AddressInfo
    this.url = `http://127.0.0.1:${port}`
    return this
  }

  /** Stops the server. */
  async stop(): Promise<void> {
    const server = this.server
    if (!server) return
    server.closeAllConnections()
    await new Promise<void>((resolve) => server.close(() => resolve()))
    this.server = null
  }

  /** Adds a comment as if posted earlier; returns it. */
  seedComment(issue: number, body: string, login: string, type: 'User' | 'Bot' = 'User'): FakeComment {
    const comment: FakeComment = { id: this.nextId++, body, user: { login, type }, updated: 0 }
    const list = this.comments.get(issue) ?? []
    list.push(comment)
    this.comments.set(issue, list)
    return comment
  }

  /** Requests with a method and a path matching `path`. */
  requestsTo(method: string, path: RegExp): RecordedRequest[] {
    return this.requests.filter((r) => r.method === method && path.test(r.path))
  }

  /** Requests that change something. */
  writes(): RecordedRequest[] {
    return this.requests.filter((r) => r.method !== 'GET' && r.path !== '/graphql')
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1')
    const raw = await readBody(req)
    let body: unknown = null
    if (raw.length > 0) {
      try {
        body = JSON.parse(raw) as unknown
      } catch {
        body = raw
      }
    }
    const record: RecordedRequest = {
      method: req.method ?? 'GET',
      path: url.pathname,
      query: url.searchParams,
      headers: req.headers,
      body,
      status: 0,
      at: Date.now()
    }
    this.requests.push(record)
    const send = (status: number, payload: unknown, headers: Record<string, string> = {}): void => {
      record.status = status
      res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', ...headers })
      res.end(payload === undefined ? '' : JSON.stringify(payload))
    }

    if (req.headers.authorization !== `token ${this.token}`) {
      send(401, { message: 'Bad credentials', status: '401' })
      return
    }
    const fault = this.faults.find(
      (f) =>
        (f.method === undefined || f.method === record.method) && f.path.test(record.path) && (f.times ?? Infinity) > 0
    )
    if (fault) {
      if (fault.times !== undefined) fault.times--
      send(fault.status, fault.body ?? { message: `fault ${fault.status}` }, fault.headers)
      return
    }
    try {
      const [status, payload, headers] = this.route(record, url)
      send(status, payload, headers)
    } catch (error) {
      send(500, { message: String(error) })
    }
  }

  private route(r: RecordedRequest, url: URL): [number, unknown, Record<string, string>?] {
    let m: RegExpMatchArray | null
    if (r.method === 'POST' && r.path === '/graphql') {
      const query = String((r.body as { query?: unknown })?.query ?? '')
      if (/viewer\s*\{\s*login/.test(query) && this.viewerLogin !== null) {
        return [200, { data: { viewer: { login: this.viewerLogin } } }]
      }
      return [200, { data: null, errors: [{ message: 'Resource not accessible by integration' }] }]
    }
    if (r.method === 'POST' && (m = r.path.match(/^\/repos\/[^/]+\/[^/]+\/check-runs$/))) {
      const b = (r.body ?? {}) as Record<string, unknown>
      if (typeof b.name !== 'string' || typeof b.head_sha !== 'string') return invalid('name and head_sha are required')
      const problem = checkOutput(b.output)
      if (problem) return problem
      const output = (b.output ?? {}) as {
        title?: string
        summary?: string
        annotations?: Array<Record<string, unknown>>
      }
      const run: FakeCheckRun = {
        id: this.nextId++,
        name: b.name,
        head_sha: b.head_sha,
        status: typeof b.conclusion === 'string' ? 'completed' : String(b.status ?? 'queued'),
        conclusion: typeof b.conclusion === 'string' ? b.conclusion : null,
        output: { title: output.title, summary: output.summary },
        annotations: [...(output.annotations ?? [])],
        updates: 0
      }
      this.checkRuns.push(run)
      return [
        201,
        {
          id: run.id,
          head_sha: run.head_sha,
          status: run.status,
          conclusion: run.conclusion,
          html_url: `https://github.test/runs/${run.id}`
        }
      ]
    }
    if (r.method === 'PATCH' && (m = r.path.match(/^\/repos\/[^/]+\/[^/]+\/check-runs\/(\d+)$/))) {
      const run = this.checkRuns.find((c) => c.id === Number(m![1]))
      if (!run) return [404, { message: 'Not Found' }]
      const b = (r.body ?? {}) as Record<string, unknown>
      const problem = checkOutput(b.output)
      if (problem) return problem
      const output = (b.output ?? {}) as {
        title?: string
        summary?: string
        annotations?: Array<Record<string, unknown>>
      }
      run.annotations.push(...(output.annotations ?? []))
      if (output.title !== undefined) run.output = { title: output.title, summary: output.summary }
      if (typeof b.conclusion === 'string') {
        run.conclusion = b.conclusion
        run.status = 'completed'
      }
      run.updates++
      return [
        200,
        { id: run.id, status: run.status, conclusion: run.conclusion, html_url: `https://github.test/runs/${run.id}` }
      ]
    }
    if (r.method === 'GET' && (m = r.path.match(/^\/repos\/[^/]+\/[^/]+\/pulls\/(\d+)$/))) {
      const pr = this.pulls.get(Number(m[1]))
      return pr === undefined ? [404, { message: 'Not Found' }] : [200, pr]
    }
    if (r.method === 'GET' && (m = r.path.match(/^\/repos\/([^/]+)\/([^/]+)\/issues\/(\d+)\/comments$/))) {
      const all = this.comments.get(Number(m[3])) ?? []
      const perPage = Math.min(
        Number(url.searchParams.get('per_page') ?? LIMITS.perPageDefault) || LIMITS.perPageDefault,
        LIMITS.perPageMax
      )
      const page = Math.max(1, Number(url.searchParams.get('page') ?? 1) || 1)
      const last = Math.max(1, Math.ceil(all.length / perPage))
      const slice = all.slice((page - 1) * perPage, page * perPage)
      const link = (p: number, rel: string): string => {
        const u = new URL(`${this.url}${r.path}`)
        u.searchParams.set('per_page', String(perPage))
        u.searchParams.set('page', String(p))
        return `<${u.toString()}>; rel="${rel}"`
      }
      const links: string[] = []
      if (page < last) links.push(link(page + 1, 'next'), link(last, 'last'))
      if (page > 1) links.push(link(1, 'first'), link(page - 1, 'prev'))
      return [200, slice.map((c) => toApiComment(c, m![1]!, m![2]!)), links.length ? { link: links.join(', ') } : {}]
    }
    if (r.method === 'POST' && (m = r.path.match(/^\/repos\/([^/]+)\/([^/]+)\/issues\/(\d+)\/comments$/))) {
      const text = (r.body as { body?: unknown })?.body
      if (typeof text !== 'string') return invalid('body is required')
      if (text.length > LIMITS.commentBody) return tooLong()
      const c = this.seedComment(Number(m[3]), text, BOT_LOGIN, 'Bot')
      return [201, toApiComment(c, m[1]!, m[2]!)]
    }
    if (r.method === 'PATCH' && (m = r.path.match(/^\/repos\/([^/]+)\/([^/]+)\/issues\/comments\/(\d+)$/))) {
      const text = (r.body as { body?: unknown })?.body
      if (typeof text !== 'string') return invalid('body is required')
      if (text.length > LIMITS.commentBody) return tooLong()
      for (const list of this.comments.values()) {
        const c = list.find((x) => x.id === Number(m![3]))
        if (c) {
          c.body = text
          c.updated++
          return [200, toApiComment(c, m[1]!, m[2]!)]
        }
      }
      return [404, { message: 'Not Found' }]
    }
    return [404, { message: `Not Found: ${r.method} ${r.path}` }]
  }
}

function checkOutput(output: unknown): [number, unknown] | null {
  if (output === undefined) return null
  const o = output as { title?: unknown; summary?: unknown; annotations?: unknown }
  if (typeof o.title !== 'string' || typeof o.summary !== 'string')
    return invalid('output.title and output.summary are required')
  if (o.summary.length > LIMITS.checkSummary) return invalid('output.summary is too long')
  const annotations = Array.isArray(o.annotations) ? (o.annotations as Array<Record<string, unknown>>) : []
  if (annotations.length > LIMITS.annotationsPerRequest) {
    return [
      422,
      {
        message: `Invalid request.\n\nNo more than 50 items are allowed; ${annotations.length} were supplied.`,
        documentation_url: 'https://docs.github.com/rest/checks/runs#update-a-check-run'
      }
    ]
  }
  for (const a of annotations) {
    for (const key of ['path', 'start_line', 'end_line', 'annotation_level', 'message']) {
      if (a[key] === undefined) return invalid(`annotation ${key} is required`)
    }
    if (!['notice', 'warning', 'failure'].includes(String(a.annotation_level))) return invalid('annotation_level')
    if (typeof a.title === 'string' && a.title.length > LIMITS.annotationTitle)
      return invalid('annotation title too long')
    if ((a.start_column !== undefined || a.end_column !== undefined) && a.start_line !== a.end_line) {
      return invalid('start_column and end_column are only allowed on a single line')
    }
    if (Number(a.end_line) < Number(a.start_line)) return invalid('end_line before start_line')
  }
  return null
}

function invalid(message: string): [number, unknown] {
  return [422, { message: `Invalid request.\n\n${message}` }]
}

function tooLong(): [number, unknown] {
  return [
    422,
    {
      message: 'Validation Failed',
      errors: [
        {
          resource: 'IssueComment',
          code: 'custom',
          field: 'body',
          message: 'body is too long (maximum is 65536 characters)'
        }
      ]
    }
  ]
}

function toApiComment(c: FakeComment, owner: string, repo: string): Record<string, unknown> {
  return {
    id: c.id,
    node_id: `IC_${c.id}`,
    html_url: `https://github.test/${owner}/${repo}/pull/1#issuecomment-${c.id}`,
    body: c.body,
    user: { login: c.user.login, type: c.user.type, id: c.user.login.length },
    created_at: '2026-11-20T10:00:00Z',
    updated_at: '2026-11-20T10:00:00Z',
    author_association: c.user.type === 'Bot' ? 'NONE' : 'MEMBER'
  }
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = []
    req.on('data', (c: Buffer) => chunks.push(c))
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')))
    req.on('error', reject)
  })
}
