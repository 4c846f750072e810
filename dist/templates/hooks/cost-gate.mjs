#!/usr/bin/env node
// cost-gate.mjs — Claude Code PreToolUse hook: block every tool call of a session
// whose estimated spend has reached a ceiling (exit 2 blocks the call).
//
// Runtime: Node.js 18+ on PATH (no npm dependencies). Claude Code itself may run without
// Node (its native build): where `node` is missing this hook cannot start (exit 127), a
// non-blocking error to Claude Code, so it does nothing there;
// needs lib/transcript-cost.mjs beside it (`claude-code-audit init` installs both).
// Register: "PreToolUse" (no matcher = every tool), command
//   node "$CLAUDE_PROJECT_DIR"/.claude/hooks/cost-gate.mjs
// Input: the hook payload as JSON on stdin; uses `transcript_path`.
// Environment:
//   CLAUDE_COST_GATE_USD            ceiling in USD (default 10)
//   CLAUDE_COST_GATE_ON_UNREADABLE  "allow" lets tool calls through when the
//                                   spend cannot be estimated (default: block)
// Behaviour:
//   - Estimates the session's spend from its transcript JSONL (and the
//     transcripts of its subagents under <session>/subagents/): for each API
//     response, message.usage.{input_tokens, output_tokens,
//     cache_creation_input_tokens, cache_read_input_tokens} x the list price of
//     message.model (table below; an unknown model is priced at the most
//     expensive known rate), deduplicated by message.id + requestId.
//   - Exit 0 below the ceiling; exit 2 with the reason on stderr (Claude Code
//     blocks the tool call and shows the reason to Claude) at or above it.
//   - The transcript format is internal to Claude Code and changes between
//     releases. When the transcript is missing, unreadable or no longer looks
//     like a transcript (no JSON lines; assistant entries without usage), the
//     gate FAILS CLOSED: exit 2 with a message saying why, unless
//     CLAUDE_COST_GATE_ON_UNREADABLE=allow (then exit 0 with a warning on stderr).
//   - Any other error (bad payload, bad ceiling, a bug) also exits 2.
//   - Estimates use list prices (no batch, fast-mode, regional or negotiated
//     rates); they are not invoices. The transcript can lag the current turn.
import { readFileSync } from 'node:fs'

// The cost estimator lives in lib/transcript-cost.mjs (shared by the cost hooks).
import { addTranscript, gateExits, newAccumulator, subagentTranscripts } from './lib/transcript-cost.mjs'

const NAME = 'cost-gate'

const { block, unreadable, ceiling } = gateExits({
  name: NAME,
  subject: "the session's spend",
  ceilingEnv: 'CLAUDE_COST_GATE_USD',
  defaultUsd: 10,
  unreadableEnv: 'CLAUDE_COST_GATE_ON_UNREADABLE'
})

function main() {
  const limit = ceiling()
  let payload
  try {
    payload = JSON.parse(readFileSync(0, 'utf8'))
  } catch (e) {
    return unreadable(`the hook payload on stdin is not JSON: ${e.message}`)
  }
  const transcript = payload && typeof payload === 'object' ? payload.transcript_path : undefined
  if (typeof transcript !== 'string' || transcript === '') return unreadable('the payload has no transcript_path')
  const acc = newAccumulator()
  try {
    addTranscript(acc, transcript)
    for (const f of subagentTranscripts(transcript)) addTranscript(acc, f)
  } catch (e) {
    return unreadable(
      e && e.code === 'ENOENT' ? `transcript not found: ${transcript}` : String(e && e.message ? e.message : e)
    )
  }
  if (acc.usd >= limit) {
    const tool = typeof payload.tool_name === 'string' ? ` ${payload.tool_name}` : ''
    const unknown = acc.unknownModels.size
      ? ` (unknown models priced at the highest rate: ${[...acc.unknownModels].join(', ')})`
      : ''
    block(
      `blocked${tool}: this session's estimated spend is $${acc.usd.toFixed(2)}, at or above the ceiling of $${limit.toFixed(2)} (CLAUDE_COST_GATE_USD)${unknown}. ` +
        'Stop here and report what is done and what remains; a person must raise the ceiling to continue.'
    )
  }
  process.exit(0)
}

process.on('uncaughtException', (e) => block(`blocked: the cost gate failed (${e && e.message ? e.message : e})`))
try {
  main()
} catch (e) {
  block(`blocked: the cost gate failed (${e && e.message ? e.message : e})`)
}
