import { test } from 'node:test'
import assert from 'node:assert/strict'
import { createServer, type IncomingMessage, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { runHook } from './helpers.js'

const HOOK = 'notify.mjs'

const payload = {
  session_id: 'abc123de-0000-4000-8000-000000000001',
  transcript_path: '/tmp/x.jsonl',
  cwd: '/work/my-app',
  hook_event_name: 'Notification',
  message: 'Claude needs your permission to use Bash <rm>',
  title: 'Permission needed',
  notification_type: 'permission_prompt'
}

interface Received {
  method?: string
  type?: string
  body: string
}

function listen(
  handler: (req: IncomingMessage, body: string, res: import('node:http').ServerResponse) => void
): Promise<{ server: Server; url: string; got: Received[] }> {
  const got: Received[] = []
  const server = createServer((req, res) => {
    let body = ''
    req.on('data', (d: Buffer) => (body += d.toString()))
    req.on('end', () => {
      got.push({ method: req.method, type: req.headers['content-type'], body })
      handler(req, body, res)
    })
  })
  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo
      resolve({ server, url: `http://127.0.0.1:${port}/hooks/T000/B000/XXX`, got })
    })
  })
}

const close = (s: Server): Promise<void> =>
  new Promise((r) => {
    s.closeAllConnections?.()
    s.close(() => r())
  })

test('notify: posts a Slack-compatible {text} payload to the webhook', async () => {
  const { server, url, got } = await listen((_req, _body, res) => res.writeHead(200).end('ok'))
  try {
    const r = await runHook(HOOK, payload, { CLAUDE_NOTIFY_WEBHOOK_URL: url, CLAUDE_PROJECT_DIR: '/work/my-app' })
    assert.equal(r.status, 0, r.stderr)
    assert.equal(r.stderr, '')
    assert.equal(got.length, 1)
    assert.equal(got[0].method, 'POST')
    assert.equal(got[0].type, 'application/json')
    const body = JSON.parse(got[0].body) as { text: string }
    assert.deepEqual(Object.keys(body), ['text'])
    assert.equal(
      body.text,
      'Claude Code — Permission needed: Claude needs your permission to use Bash &lt;rm&gt; (project my-app, session abc123de)'
    )
  } finally {
    await close(server)
  }
})

test('notify: a webhook error, a timeout and a server that is down never fail the session', async () => {
  const failing = await listen((_req, _body, res) => res.writeHead(500).end('no'))
  try {
    const r = await runHook(HOOK, payload, { CLAUDE_NOTIFY_WEBHOOK_URL: failing.url })
    assert.equal(r.status, 0)
    assert.match(r.stderr, /answered HTTP 500/)
  } finally {
    await close(failing.server)
  }
  const hanging = await listen(() => undefined)
  try {
    const started = Date.now()
    const r = await runHook(HOOK, payload, { CLAUDE_NOTIFY_WEBHOOK_URL: hanging.url, CLAUDE_NOTIFY_TIMEOUT_MS: '300' })
    assert.equal(r.status, 0)
    assert.match(r.stderr, /no answer within 300 ms/)
    // Without its own timeout the hook would hang until runHook kills it at 15 s.
    assert.ok(Date.now() - started < 12_000)
  } finally {
    await close(hanging.server)
  }
  // Server down: the port was just released, nothing listens there.
  const down = await runHook(HOOK, payload, { CLAUDE_NOTIFY_WEBHOOK_URL: failing.url })
  assert.equal(down.status, 0)
  assert.match(down.stderr, /could not reach the webhook \(ECONNREFUSED\)/)
})

test('notify: unset webhook and bad payloads exit 0 with a message', async () => {
  const unset = await runHook(HOOK, payload)
  assert.equal(unset.status, 0)
  assert.match(unset.stderr, /CLAUDE_NOTIFY_WEBHOOK_URL is not set/)
  const { server, url, got } = await listen((_req, _body, res) => res.writeHead(204).end())
  try {
    const r = await runHook(HOOK, 'not json', { CLAUDE_NOTIFY_WEBHOOK_URL: url })
    assert.equal(r.status, 0)
    assert.match(r.stderr, /not JSON/)
    assert.equal((JSON.parse(got[0].body) as { text: string }).text, 'Claude Code: Claude Code needs attention')
    const bad = await runHook(HOOK, payload, { CLAUDE_NOTIFY_WEBHOOK_URL: 'not a url' })
    assert.equal(bad.status, 0)
    assert.match(bad.stderr, /could not reach the webhook/)
  } finally {
    await close(server)
  }
})
