import { test } from 'node:test'
import assert from 'node:assert/strict'
import { mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { M, runHook, writeTranscript } from './helpers.js'

const HOOK = 'session-log.mjs'

function withDir(fn: (dir: string) => Promise<void>): () => Promise<void> {
  return async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cca-log-'))
    try {
      await fn(dir)
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  }
}

function sessionEnd(transcript: string | undefined, reason = 'prompt_input_exit'): Record<string, unknown> {
  return {
    session_id: 'abc123de-0000-4000-8000-000000000001',
    ...(transcript ? { transcript_path: transcript } : {}),
    cwd: '/repo',
    hook_event_name: 'SessionEnd',
    reason
  }
}

const lines = (f: string): Record<string, unknown>[] =>
  readFileSync(f, 'utf8')
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as Record<string, unknown>)

test(
  'session-log: appends one JSON line with cost, turns and the end reason',
  withDir(async (dir) => {
    const t = writeTranscript(join(dir, 'sess.jsonl'), [
      { model: 'claude-sonnet-4-6', usage: { input_tokens: M }, blocks: 3 },
      { model: 'claude-sonnet-4-6', usage: { output_tokens: 0.1 * M } }
    ])
    writeTranscript(join(dir, 'sess', 'subagents', 'a.jsonl'), [
      { model: 'claude-haiku-4-5', usage: { input_tokens: M } }
    ])
    const log = join(dir, 'logs', 'sessions.jsonl')
    const r = await runHook(HOOK, sessionEnd(t), { CLAUDE_SESSION_LOG: log })
    assert.equal(r.status, 0, r.stderr)
    assert.equal(r.stdout, '')
    const stop = await runHook(
      HOOK,
      { ...sessionEnd(t), hook_event_name: 'Stop', reason: undefined, stop_hook_active: false },
      { CLAUDE_SESSION_LOG: log }
    )
    assert.equal(stop.status, 0)
    const [first, second] = lines(log)
    assert.equal(first.session_id, 'abc123de-0000-4000-8000-000000000001')
    assert.equal(first.hook_event_name, 'SessionEnd')
    assert.equal(first.reason, 'prompt_input_exit')
    assert.equal(first.cost_usd, 5.5)
    assert.equal(first.turns, 2)
    assert.equal(first.transcript_path, t)
    assert.ok(!Number.isNaN(Date.parse(String(first.timestamp))))
    assert.equal(second.hook_event_name, 'Stop')
    assert.equal(second.reason, null)
  })
)

test(
  'session-log: default log is $CLAUDE_PROJECT_DIR/.claude/logs/sessions.jsonl',
  withDir(async (dir) => {
    const t = writeTranscript(join(dir, 's.jsonl'), [{ model: 'claude-opus-4-8', usage: { output_tokens: M } }])
    const r = await runHook(HOOK, sessionEnd(t, 'clear'), { CLAUDE_PROJECT_DIR: dir })
    assert.equal(r.status, 0, r.stderr)
    const [line] = lines(join(dir, '.claude', 'logs', 'sessions.jsonl'))
    assert.equal(line.cost_usd, 25)
    assert.equal(line.reason, 'clear')
  })
)

test(
  'session-log: never blocks — unreadable transcripts, bad payloads and unwritable logs exit 0',
  withDir(async (dir) => {
    const log = join(dir, 'sessions.jsonl')
    const missing = await runHook(HOOK, sessionEnd(join(dir, 'gone.jsonl')), { CLAUDE_SESSION_LOG: log })
    assert.equal(missing.status, 0)
    const garbage = join(dir, 'garbage.jsonl')
    writeFileSync(garbage, 'not json at all\n')
    assert.equal((await runHook(HOOK, sessionEnd(garbage), { CLAUDE_SESSION_LOG: log })).status, 0)
    const notJson = await runHook(HOOK, 'garbage', { CLAUDE_SESSION_LOG: log })
    assert.equal(notJson.status, 0)
    assert.match(notJson.stderr, /not JSON/)
    const [a, b, c] = lines(log)
    assert.equal(a.cost_usd, null)
    assert.equal(a.cost_error, 'transcript not found')
    assert.match(String(b.cost_error), /no line is JSON/)
    assert.equal(c.session_id, null)
    assert.equal(c.cost_error, 'no transcript_path in the payload')
    // A log path below a regular file cannot be created.
    const unwritable = await runHook(HOOK, sessionEnd(undefined), { CLAUDE_SESSION_LOG: join(log, 'x', 'y.jsonl') })
    assert.equal(unwritable.status, 0)
    assert.match(unwritable.stderr, /session-log: failed/)
    assert.ok(!existsSync(join(log, 'x')))
  })
)
