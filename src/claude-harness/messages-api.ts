/**
 * A scripted stand-in for the Anthropic Messages API on loopback, for running
 * the real Claude Code (`claude -p` with `ANTHROPIC_BASE_URL` pointing here)
 * against tool calls we choose. The agent's main loop — the requests that offer
 * tools — gets the scripted assistant turns in order (tool_use blocks, then a
 * closing text); any other request (titles, summaries, classifiers) gets a short
 * text. Every request body is recorded: the next request after a tool call
 * carries its `tool_result` (whether the call ran, was denied, or was blocked by
 * a hook, with the reason), and the first shows what Claude Code put into the
 * model's context (memory files, imports).
 *
 * It listens on 127.0.0.1 only and serves a bounded number of requests.
 */
import type { IncomingMessage, Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { createRequire } from 'node:module'

/** One tool call the model makes. */
export interface ToolCall {
  name: string
  input: Record<string, unknown>
}

/** One scripted assistant turn: tool calls, or a closing text. */
export type Turn = { toolCalls: ToolCall[] } | { text: string }

/** A request the fake API received. */
export interface RecordedRequest {
  path: string
  /** The parsed JSON body (undefined when it did not parse). */
  body: Record<string, unknown> | undefined
  /** Whether it was a main-loop request (it offered tools). */
  main: boolean
}

/** A tool result as Claude Code sent it back. */
export interface ToolResult {
  toolUseId: string
  isError: boolean
  /** The result's text (text blocks joined). */
  text: string
}

/** A running fake Messages API. */
export interface FakeMessagesApi {
  /** Base URL for `ANTHROPIC_BASE_URL`. */
  url: string
  requests: RecordedRequest[]
  /** Tool results Claude Code sent, in order. */
  toolResults(): ToolResult[]
  /** Replaces the main loop's script (before the first request). */
  setScript(turns: readonly Turn[]): void
  close(): Promise<void>
}

/** Requests served before the server refuses more (a run never needs this many). */
const MAX_REQUESTS = 200
/** Largest request body read (Claude Code's system prompt and tool list are well below). */
const MAX_BODY = 16 * 1024 * 1024

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = []
    let size = 0
    req.on('data', (c: Buffer) => {
      size += c.length
      if (size <= MAX_BODY) chunks.push(c)
    })
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')))
    req.on('error', () => resolve(''))
  })
}

function textOf(content: unknown): string {
  if (typeof content === 'string') return content
  if (Array.isArray(content)) {
    return content
      .map((b) => (b && typeof b === 'object' && (b as { type?: unknown }).type === 'text' ? String((b as { text?: unknown }).text ?? '') : ''))
      .join('')
  }
  return ''
}

/**
 * Starts the fake API; `script` is the main loop's assistant turns, in order.
 * `files` are served to GET requests by path (e.g. a canary install script that a
 * `curl … | sh` fetches from the same loopback server).
 */
export async function startFakeMessagesApi(script: readonly Turn[], files: Record<string, string> = {}): Promise<FakeMessagesApi> {
  const requests: RecordedRequest[] = []
  let turns: readonly Turn[] = script
  let mainTurn = 0
  let ids = 0
  // Loaded here, not at start-up: only --verify-hooks runs Claude against this server. Synchronously:
  // an awaited import() (module hooks run off-thread) can leave the event loop empty and end the process.
  const { createServer } = createRequire(import.meta.url)('node:http') as typeof import('node:http')
  const server: Server = createServer((req, res) => {
    void (async () => {
      const raw = await readBody(req)
      if (requests.length >= MAX_REQUESTS) {
        res.writeHead(429, { 'content-type': 'application/json' })
        res.end('{"type":"error","error":{"type":"rate_limit_error","message":"fake API: request budget spent"}}')
        return
      }
      let body: Record<string, unknown> | undefined
      try {
        const parsed: unknown = JSON.parse(raw)
        body = parsed && typeof parsed === 'object' ? (parsed as Record<string, unknown>) : undefined
      } catch {
        body = undefined
      }
      const path = req.url ?? ''
      if (req.method === 'GET' && Object.prototype.hasOwnProperty.call(files, path)) {
        requests.push({ path, body: undefined, main: false })
        res.writeHead(200, { 'content-type': 'text/plain' })
        res.end(files[path])
        return
      }
      const main = Array.isArray(body?.tools) && (body.tools as unknown[]).length > 0
      requests.push({ path, body, main })
      if (req.method !== 'POST' || !path.startsWith('/v1/messages') || path.startsWith('/v1/messages/count_tokens')) {
        res.writeHead(path.startsWith('/v1/messages/count_tokens') ? 200 : 404, { 'content-type': 'application/json' })
        res.end(path.startsWith('/v1/messages/count_tokens') ? '{"input_tokens":100}' : '{}')
        return
      }
      const turn: Turn = main ? (turns[mainTurn++] ?? { text: 'done' }) : { text: 'ok' }
      const content =
        'toolCalls' in turn
          ? turn.toolCalls.map((c) => ({ type: 'tool_use', id: `toolu_fake_${++ids}`, name: c.name, input: c.input }))
          : [{ type: 'text', text: turn.text }]
      const stop = 'toolCalls' in turn ? 'tool_use' : 'end_turn'
      const model = typeof body?.model === 'string' ? body.model : 'claude-fake'
      const message = {
        id: `msg_fake_${requests.length}`,
        type: 'message',
        role: 'assistant',
        model,
        content,
        stop_reason: stop,
        stop_sequence: null,
        usage: { input_tokens: 10, output_tokens: 5 }
      }
      if (body?.stream !== true) {
        res.writeHead(200, { 'content-type': 'application/json' })
        res.end(JSON.stringify(message))
        return
      }
      res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' })
      const event = (type: string, data: Record<string, unknown>): void => {
        res.write(`event: ${type}\ndata: ${JSON.stringify({ type, ...data })}\n\n`)
      }
      event('message_start', { message: { ...message, content: [], stop_reason: null, usage: { input_tokens: 10, output_tokens: 1 } } })
      content.forEach((block, index) => {
        if (block.type === 'text') {
          event('content_block_start', { index, content_block: { type: 'text', text: '' } })
          event('content_block_delta', { index, delta: { type: 'text_delta', text: (block as { text: string }).text } })
        } else {
          const b = block as { id: string; name: string; input: unknown }
          event('content_block_start', { index, content_block: { type: 'tool_use', id: b.id, name: b.name, input: {} } })
          event('content_block_delta', { index, delta: { type: 'input_json_delta', partial_json: JSON.stringify(b.input) } })
        }
        event('content_block_stop', { index })
      })
      event('message_delta', { delta: { stop_reason: stop, stop_sequence: null }, usage: { output_tokens: 5 } })
      event('message_stop', {})
      res.end()
    })()
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    setScript(next: readonly Turn[]): void {
      turns = next
    },
    toolResults(): ToolResult[] {
      const out: ToolResult[] = []
      const seen = new Set<string>()
      for (const r of requests) {
        if (!r.main) continue
        const messages = Array.isArray(r.body?.messages) ? (r.body.messages as unknown[]) : []
        for (const m of messages) {
          const content = m && typeof m === 'object' ? (m as { content?: unknown }).content : undefined
          if (!Array.isArray(content)) continue
          for (const b of content) {
            if (!b || typeof b !== 'object' || (b as { type?: unknown }).type !== 'tool_result') continue
            const id = String((b as { tool_use_id?: unknown }).tool_use_id ?? '')
            if (seen.has(id)) continue
            seen.add(id)
            out.push({ toolUseId: id, isError: (b as { is_error?: unknown }).is_error === true, text: textOf((b as { content?: unknown }).content) })
          }
        }
      }
      return out
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve()))
  }
}
