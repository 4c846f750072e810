#!/usr/bin/env node
// notify.mjs — Claude Code Notification hook: post Claude's notifications
// (waiting for a permission, idle, needs input) to a chat webhook.
//
// Runtime: Node.js 18+ (global fetch; no dependencies).
// Register: "Notification" (no matcher = every notification type), command
//   node "$CLAUDE_PROJECT_DIR"/.claude/hooks/notify.mjs
// Input: the hook payload as JSON on stdin (message, title, notification_type,
// session_id, cwd).
// Environment:
//   CLAUDE_NOTIFY_WEBHOOK_URL  Slack-compatible incoming webhook (Slack, Mattermost,
//                              Rocket.Chat, Discord's /slack endpoint, ...);
//                              receives POST {"text": "..."} as JSON
//   CLAUDE_NOTIFY_TIMEOUT_MS   request timeout (default 5000)
// Behaviour: never blocks and never fails the session. When the variable is
// unset, the payload is unreadable, the network is down, the request times out
// or the webhook answers with an error, it says so on stderr and exits 0.
// What leaves the machine: the notification text, its title and type, the
// project directory's name and the first 8 characters of the session id.
/* global fetch, AbortSignal */
import { readFileSync } from 'node:fs'
import { basename } from 'node:path'

const NAME = 'notify'

function warn(msg) {
  try {
    process.stderr.write(`${NAME}: ${msg}\n`)
  } catch {
    // nothing left to report to
  }
}

/** Slack mrkdwn control characters. */
const esc = (s) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;')

async function main() {
  const url = (process.env.CLAUDE_NOTIFY_WEBHOOK_URL ?? '').trim()
  if (!url) {
    warn('CLAUDE_NOTIFY_WEBHOOK_URL is not set; nothing sent')
    return
  }
  let payload = {}
  try {
    const v = JSON.parse(readFileSync(0, 'utf8'))
    if (v && typeof v === 'object') payload = v
  } catch (e) {
    warn(`the hook payload on stdin is not JSON (${e.message}); sending a generic notification`)
  }
  const str = (v) => (typeof v === 'string' && v.trim() ? v.trim() : undefined)
  const message = str(payload.message) ?? 'Claude Code needs attention'
  const title = str(payload.title) ?? str(payload.notification_type)
  const project = str(process.env.CLAUDE_PROJECT_DIR) ?? str(payload.cwd)
  const session = str(payload.session_id)
  const where = [
    project ? `project ${basename(project)}` : undefined,
    session ? `session ${session.slice(0, 8)}` : undefined
  ]
    .filter(Boolean)
    .join(', ')
  const text = esc(`Claude Code${title ? ` — ${title}` : ''}: ${message}${where ? ` (${where})` : ''}`).slice(0, 3000)
  const raw = Number(process.env.CLAUDE_NOTIFY_TIMEOUT_MS)
  const timeout = Number.isFinite(raw) && raw > 0 ? raw : 5000
  let res
  try {
    res = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ text }),
      signal: AbortSignal.timeout(timeout)
    })
  } catch (e) {
    const why =
      e && e.name === 'TimeoutError'
        ? `no answer within ${timeout} ms`
        : e && e.cause && e.cause.code
          ? e.cause.code
          : e && e.message
            ? e.message
            : String(e)
    warn(`could not reach the webhook (${why}); notification not delivered`)
    return
  }
  if (!res.ok) warn(`the webhook answered HTTP ${res.status}; notification not delivered`)
  try {
    await res.body?.cancel()
  } catch {
    // ignore
  }
}

process.on('uncaughtException', (e) => {
  warn(`failed: ${e && e.message ? e.message : e}`)
  process.exit(0)
})
process.on('unhandledRejection', (e) => {
  warn(`failed: ${e && e.message ? e.message : e}`)
  process.exit(0)
})
main().then(
  () => process.exit(0),
  (e) => {
    warn(`failed: ${e && e.message ? e.message : e}`)
    process.exit(0)
  }
)
