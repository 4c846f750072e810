import { test } from 'node:test'
import assert from 'node:assert/strict'
import { mkdtempSync, rmSync, writeFileSync, readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { HOOKS_DIR, M, preToolUse, runHook, writeTranscript } from './helpers.js'

function withDir(fn: (dir: string) => Promise<void>): () => Promise<void> {
  return async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cca-cost-'))
    try {
      await fn(dir)
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  }
}

const HOOK = 'cost-gate.mjs'

test(
  'cost-gate: allows below the ceiling, blocks with exit 2 at or above it',
  withDir(async (dir) => {
    // Sonnet 4.6: 1M input ($3) + 0.2M output ($3) = $6 per response.
    const t = writeTranscript(join(dir, 's.jsonl'), [
      { model: 'claude-sonnet-4-6', usage: { input_tokens: M, output_tokens: 0.2 * M } }
    ])
    const low = await runHook(HOOK, preToolUse(t), { CLAUDE_COST_GATE_USD: '10' })
    assert.equal(low.status, 0, low.stderr)
    const high = await runHook(HOOK, preToolUse(t), { CLAUDE_COST_GATE_USD: '5' })
    assert.equal(high.status, 2)
    assert.match(high.stderr, /\$6\.00, at or above the ceiling of \$5\.00 \(CLAUDE_COST_GATE_USD\)/)
    assert.match(high.stderr, /blocked Bash/)
  })
)

test(
  'cost-gate: default ceiling is $10',
  withDir(async (dir) => {
    const t = writeTranscript(join(dir, 's.jsonl'), [
      { model: 'claude-sonnet-4-6', usage: { input_tokens: M, output_tokens: 0.2 * M } },
      { model: 'claude-sonnet-4-6', usage: { input_tokens: M, output_tokens: 0.2 * M } }
    ])
    const r = await runHook(HOOK, preToolUse(t))
    assert.equal(r.status, 2)
    assert.match(r.stderr, /\$12\.00/)
  })
)

test(
  'cost-gate: one response written as several lines (one per content block) counts once',
  withDir(async (dir) => {
    const t = writeTranscript(join(dir, 's.jsonl'), [
      { model: 'claude-sonnet-4-6', usage: { input_tokens: M, output_tokens: 0.2 * M }, blocks: 4 }
    ])
    const r = await runHook(HOOK, preToolUse(t), { CLAUDE_COST_GATE_USD: '7' })
    assert.equal(r.status, 0, r.stderr)
    const blocked = await runHook(HOOK, preToolUse(t), { CLAUDE_COST_GATE_USD: '6' })
    assert.equal(blocked.status, 2)
  })
)

test(
  'cost-gate: prices cache writes and reads, per model, with Bedrock and Vertex ids',
  withDir(async (dir) => {
    // Opus 4.8: cache read 10M x $0.50 = $5; 5m writes 0.8M x $6.25 = $5 → $10.
    const opus = writeTranscript(join(dir, 'o.jsonl'), [
      { model: 'claude-opus-4-8', usage: { cache_read_input_tokens: 10 * M } },
      { model: 'claude-opus-4-8', usage: { cache_creation_input_tokens: 0.8 * M } }
    ])
    assert.equal((await runHook(HOOK, preToolUse(opus), { CLAUDE_COST_GATE_USD: '10.01' })).status, 0)
    assert.equal((await runHook(HOOK, preToolUse(opus), { CLAUDE_COST_GATE_USD: '9.99' })).status, 2)
    // 1-hour writes from the cache_creation split: 1M x $10 (Opus 4.8) = $10.
    const split = writeTranscript(join(dir, 'h.jsonl'), [
      {
        model: 'claude-opus-4-8',
        usage: {
          cache_creation_input_tokens: M,
          cache_creation: { ephemeral_5m_input_tokens: 0, ephemeral_1h_input_tokens: M }
        }
      }
    ])
    const s = await runHook(HOOK, preToolUse(split), { CLAUDE_COST_GATE_USD: '9.99' })
    assert.equal(s.status, 2)
    assert.match(s.stderr, /\$10\.00/)
    // Bedrock and Vertex forms resolve to Sonnet 4.5 ($3/M input), Opus 4 keeps its old $15.
    const ids = writeTranscript(join(dir, 'b.jsonl'), [
      { model: 'us.anthropic.claude-sonnet-4-5-20250929-v1:0', usage: { input_tokens: M } },
      { model: 'claude-sonnet-4-5@20250929', usage: { input_tokens: M } },
      { model: 'claude-opus-4-20250514', usage: { input_tokens: M } }
    ])
    const b = await runHook(HOOK, preToolUse(ids), { CLAUDE_COST_GATE_USD: '0.01' })
    assert.match(b.stderr, /\$21\.00/)
  })
)

test(
  'cost-gate: an unknown model is priced at the most expensive known rate',
  withDir(async (dir) => {
    const t = writeTranscript(join(dir, 's.jsonl'), [{ model: 'claude-nova-9', usage: { input_tokens: M } }])
    const r = await runHook(HOOK, preToolUse(t), { CLAUDE_COST_GATE_USD: '14' })
    assert.equal(r.status, 2)
    assert.match(r.stderr, /\$15\.00/)
    assert.match(r.stderr, /unknown models priced at the highest rate: claude-nova-9/)
  })
)

test(
  'cost-gate: counts subagent transcripts under <session>/subagents/',
  withDir(async (dir) => {
    const t = writeTranscript(join(dir, 'sess.jsonl'), [{ model: 'claude-sonnet-4-6', usage: { input_tokens: 2 * M } }])
    assert.equal((await runHook(HOOK, preToolUse(t), { CLAUDE_COST_GATE_USD: '10' })).status, 0)
    writeTranscript(join(dir, 'sess', 'subagents', 'agent-1.jsonl'), [
      { model: 'claude-haiku-4-5-20251001', usage: { output_tokens: M } }
    ])
    writeTranscript(join(dir, 'sess', 'subagents', 'agent-2.jsonl'), [
      { model: 'claude-sonnet-4-6', usage: { output_tokens: 0.1 * M } }
    ])
    const r = await runHook(HOOK, preToolUse(t), { CLAUDE_COST_GATE_USD: '10' })
    assert.equal(r.status, 2)
    assert.match(r.stderr, /\$12\.50/)
  })
)

test(
  'cost-gate: tolerates a partly written last line and older entries carrying only costUSD',
  withDir(async (dir) => {
    const t = writeTranscript(
      join(dir, 's.jsonl'),
      [{ model: 'claude-sonnet-4-6', usage: { input_tokens: M } }],
      [
        JSON.stringify({
          type: 'assistant',
          costUSD: 4,
          requestId: 'req_old',
          message: { id: 'msg_old', role: 'assistant' }
        }),
        '{"type":"assistant","message":{"id":"msg_part'
      ]
    )
    const r = await runHook(HOOK, preToolUse(t), { CLAUDE_COST_GATE_USD: '6.5' })
    assert.equal(r.status, 2)
    assert.match(r.stderr, /\$7\.00/)
  })
)

test(
  'cost-gate: a missing transcript fails closed unless CLAUDE_COST_GATE_ON_UNREADABLE=allow',
  withDir(async (dir) => {
    const missing = join(dir, 'nope.jsonl')
    const r = await runHook(HOOK, preToolUse(missing))
    assert.equal(r.status, 2)
    assert.match(r.stderr, /cannot estimate the session's spend \(transcript not found: .*nope\.jsonl\)/)
    assert.match(r.stderr, /fails closed/)
    const allowed = await runHook(HOOK, preToolUse(missing), { CLAUDE_COST_GATE_ON_UNREADABLE: 'allow' })
    assert.equal(allowed.status, 0)
    assert.match(allowed.stderr, /allowed because CLAUDE_COST_GATE_ON_UNREADABLE=allow/)
  })
)

test(
  'cost-gate: an unreadable or changed transcript format fails closed',
  withDir(async (dir) => {
    const garbage = join(dir, 'garbage.jsonl')
    writeFileSync(garbage, 'this is not\na transcript\n')
    const g = await runHook(HOOK, preToolUse(garbage))
    assert.equal(g.status, 2)
    assert.match(g.stderr, /no line is JSON/)
    // A future format: assistant entries without message.usage.
    const changed = join(dir, 'changed.jsonl')
    writeFileSync(
      changed,
      JSON.stringify({
        type: 'assistant',
        message: { id: 'm1', role: 'assistant', model: 'claude-sonnet-4-6', tokens: { in: 5 } }
      }) + '\n'
    )
    const c = await runHook(HOOK, preToolUse(changed))
    assert.equal(c.status, 2)
    assert.match(c.stderr, /none carries message\.usage \(transcript format changed\?\)/)
    assert.equal((await runHook(HOOK, preToolUse(changed), { CLAUDE_COST_GATE_ON_UNREADABLE: 'allow' })).status, 0)
    // A directory where the file should be.
    const d = await runHook(HOOK, preToolUse(dir))
    assert.equal(d.status, 2)
  })
)

test(
  'cost-gate: bad payloads and a bad ceiling fail closed',
  withDir(async (dir) => {
    const t = writeTranscript(join(dir, 's.jsonl'), [])
    const notJson = await runHook(HOOK, 'not json')
    assert.equal(notJson.status, 2)
    assert.match(notJson.stderr, /payload on stdin is not JSON/)
    const noPath = await runHook(HOOK, { hook_event_name: 'PreToolUse', tool_name: 'Bash' })
    assert.equal(noPath.status, 2)
    assert.match(noPath.stderr, /no transcript_path/)
    const badCeiling = await runHook(HOOK, preToolUse(t), { CLAUDE_COST_GATE_USD: 'ten' })
    assert.equal(badCeiling.status, 2)
    assert.match(badCeiling.stderr, /CLAUDE_COST_GATE_USD='ten'/)
    const empty = await runHook(HOOK, preToolUse(t))
    assert.equal(empty.status, 0, empty.stderr)
  })
)

test('estimator: the three cost hooks share one estimator module', () => {
  for (const f of ['cost-gate.mjs', 'daily-ceiling.mjs', 'session-log.mjs']) {
    const s = readFileSync(join(HOOKS_DIR, f), 'utf8')
    assert.match(s, /from '\.\/lib\/transcript-cost\.mjs'/, f)
    assert.ok(!s.includes('const PRICES'), `${f} must not carry its own price table`)
  }
  assert.match(readFileSync(join(HOOKS_DIR, 'lib', 'transcript-cost.mjs'), 'utf8'), /export const PRICES/)
})
