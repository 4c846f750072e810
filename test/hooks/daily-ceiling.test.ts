import { test } from 'node:test'
import assert from 'node:assert/strict'
import { mkdtempSync, rmSync, utimesSync, writeFileSync, mkdirSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { M, preToolUse, runHook, writeTranscript } from './helpers.js'

const HOOK = 'daily-ceiling.mjs'

function withDir(fn: (dir: string) => Promise<void>): () => Promise<void> {
  return async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cca-daily-'))
    try {
      await fn(dir)
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  }
}

/** $3 per call: 1M Sonnet 4.6 input tokens. */
const call = (extra: Record<string, unknown> = {}): { model: string; usage: { input_tokens: number } } => ({
  model: 'claude-sonnet-4-6',
  usage: { input_tokens: M },
  ...extra
})

test(
  'daily-ceiling: sums every session of the last 24 hours under $CLAUDE_CONFIG_DIR/projects',
  withDir(async (dir) => {
    const projects = join(dir, 'config', 'projects')
    const current = writeTranscript(join(projects, '-work-app', 's1.jsonl'), [call(), call()])
    writeTranscript(join(projects, '-work-other', 's2.jsonl'), [call(), call()])
    writeTranscript(join(projects, '-work-other', 's2', 'subagents', 'agent-a.jsonl'), [call()])
    const env = { CLAUDE_CONFIG_DIR: join(dir, 'config'), HOME: join(dir, 'home') }
    const below = await runHook(HOOK, preToolUse(current), { ...env, CLAUDE_DAILY_CEILING_USD: '16' })
    assert.equal(below.status, 0, below.stderr)
    const above = await runHook(HOOK, preToolUse(current), { ...env, CLAUDE_DAILY_CEILING_USD: '15' })
    assert.equal(above.status, 2)
    assert.match(
      above.stderr,
      /last 24 hours is \$15\.00 \(3 transcripts\), at or above the daily ceiling of \$15\.00 \(CLAUDE_DAILY_CEILING_USD\)/
    )
  })
)

test(
  'daily-ceiling: default directory is ~/.claude/projects; default ceiling $50',
  withDir(async (dir) => {
    const home = join(dir, 'home')
    const projects = join(home, '.claude', 'projects')
    const calls = Array.from({ length: 17 }, () => call())
    const t = writeTranscript(join(projects, '-p', 's.jsonl'), calls)
    const r = await runHook(HOOK, preToolUse(t), { HOME: home })
    assert.equal(r.status, 2)
    assert.match(r.stderr, /\$51\.00/)
  })
)

test(
  'daily-ceiling: skips files not modified for 24 hours and entries older than 24 hours',
  withDir(async (dir) => {
    const projects = join(dir, 'projects')
    const old = writeTranscript(join(projects, '-p', 'old.jsonl'), [call(), call(), call()])
    const twoDaysAgo = new Date(Date.now() - 48 * 3600 * 1000)
    utimesSync(old, twoDaysAgo, twoDaysAgo)
    const t = writeTranscript(join(projects, '-p', 'now.jsonl'), [
      call({ timestamp: twoDaysAgo.toISOString() }),
      call()
    ])
    const r = await runHook(HOOK, preToolUse(t), { CLAUDE_CONFIG_DIR: dir, CLAUDE_DAILY_CEILING_USD: '3.5' })
    assert.equal(r.status, 0, r.stderr)
    const b = await runHook(HOOK, preToolUse(t), { CLAUDE_CONFIG_DIR: dir, CLAUDE_DAILY_CEILING_USD: '3' })
    assert.equal(b.status, 2)
    assert.match(b.stderr, /\$3\.00 \(1 transcript\)/)
  })
)

test(
  'daily-ceiling: a resumed session repeating earlier messages counts them once',
  withDir(async (dir) => {
    const projects = join(dir, 'projects')
    writeTranscript(join(projects, '-p', 'first.jsonl'), [call({ id: 'msg_A', requestId: 'req_A' })])
    const t = writeTranscript(join(projects, '-p', 'resumed.jsonl'), [
      call({ id: 'msg_A', requestId: 'req_A' }),
      call()
    ])
    const r = await runHook(HOOK, preToolUse(t), { CLAUDE_CONFIG_DIR: dir, CLAUDE_DAILY_CEILING_USD: '6.5' })
    assert.equal(r.status, 0, r.stderr)
  })
)

test(
  "daily-ceiling: also scans the projects directory holding this session's transcript",
  withDir(async (dir) => {
    const elsewhere = join(dir, 'other-config', 'projects')
    const t = writeTranscript(join(elsewhere, '-p', 's.jsonl'), [call(), call()])
    mkdirSync(join(dir, 'config', 'projects'), { recursive: true })
    const r = await runHook(HOOK, preToolUse(t), {
      CLAUDE_CONFIG_DIR: join(dir, 'config'),
      CLAUDE_DAILY_CEILING_USD: '5'
    })
    assert.equal(r.status, 2)
    assert.match(r.stderr, /\$6\.00/)
  })
)

test(
  'daily-ceiling: no projects directory or an unreadable transcript fails closed unless allowed',
  withDir(async (dir) => {
    const none = await runHook(HOOK, preToolUse(join(dir, 'x', 'y.jsonl')), { CLAUDE_CONFIG_DIR: join(dir, 'missing') })
    assert.equal(none.status, 2)
    assert.match(none.stderr, /no projects directory found/)
    const allowed = await runHook(HOOK, preToolUse(join(dir, 'x', 'y.jsonl')), {
      CLAUDE_CONFIG_DIR: join(dir, 'missing'),
      CLAUDE_DAILY_CEILING_ON_UNREADABLE: 'allow'
    })
    assert.equal(allowed.status, 0)
    const projects = join(dir, 'c', 'projects', '-p')
    mkdirSync(projects, { recursive: true })
    writeFileSync(join(projects, 'broken.jsonl'), '<html>oops</html>\n')
    const t = writeTranscript(join(projects, 'ok.jsonl'), [call()])
    const broken = await runHook(HOOK, preToolUse(t), { CLAUDE_CONFIG_DIR: join(dir, 'c') })
    assert.equal(broken.status, 2)
    assert.match(broken.stderr, /broken\.jsonl: no line is JSON/)
    assert.equal(
      (
        await runHook(HOOK, preToolUse(t), {
          CLAUDE_CONFIG_DIR: join(dir, 'c'),
          CLAUDE_DAILY_CEILING_ON_UNREADABLE: 'allow'
        })
      ).status,
      0
    )
    const notJson = await runHook(HOOK, '{', { CLAUDE_CONFIG_DIR: join(dir, 'c') })
    assert.equal(notJson.status, 2)
    const bad = await runHook(HOOK, preToolUse(t), {
      CLAUDE_CONFIG_DIR: join(dir, 'c'),
      CLAUDE_DAILY_CEILING_USD: '-1'
    })
    assert.equal(bad.status, 2)
    assert.match(bad.stderr, /CLAUDE_DAILY_CEILING_USD='-1'/)
  })
)
