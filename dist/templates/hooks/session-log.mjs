#!/usr/bin/env node
// session-log.mjs — Claude Code SessionEnd (or Stop) hook: append one JSON
// line per session to a log.
//
// Runtime: Node.js 18+ on PATH (no npm dependencies). Claude Code itself may run without
// Node (its native build): where `node` is missing this hook cannot start (exit 127), a
// non-blocking error to Claude Code, so it does nothing there;
// needs lib/transcript-cost.mjs beside it (`claude-code-audit init` installs both).
// Register: "SessionEnd" (once per session; give the handler "timeout": 10, since
// SessionEnd hooks otherwise share a 1.5 s budget) or "Stop" (after every
// response), command
//   node "$CLAUDE_PROJECT_DIR"/.claude/hooks/session-log.mjs
// Input: the hook payload as JSON on stdin (session_id, transcript_path, cwd,
// hook_event_name, and `reason` on SessionEnd).
// Environment:
//   CLAUDE_SESSION_LOG   log file (default $CLAUDE_PROJECT_DIR/.claude/logs/sessions.jsonl,
//                        or <cwd>/.claude/logs/sessions.jsonl); directories are created
// Output line: {"timestamp", "session_id", "hook_event_name", "reason",
//   "cost_usd" (estimate at list prices from the transcript and its subagents,
//   null when it cannot be read), "turns" (API responses in the main transcript),
//   "cost_error" (why cost_usd is null), "unknown_models", "transcript_path", "cwd"}
// Behaviour: never blocks and never fails the session: every error is reported
// on stderr and the hook exits 0. The transcript format is internal to Claude
// Code; when it cannot be read the line is still written, with cost_usd null.
import { appendFileSync, mkdirSync, readFileSync } from 'node:fs'
import { dirname, join } from 'node:path'

// The cost estimator lives in lib/transcript-cost.mjs (shared by the cost hooks).
import { addTranscript, newAccumulator, subagentTranscripts } from './lib/transcript-cost.mjs'

const NAME = 'session-log'

function warn(msg) {
  try {
    process.stderr.write(`${NAME}: ${msg}\n`)
  } catch {
    // nothing left to report to
  }
}

function main() {
  let payload = {}
  try {
    const v = JSON.parse(readFileSync(0, 'utf8'))
    if (v && typeof v === 'object') payload = v
  } catch (e) {
    warn(`the hook payload on stdin is not JSON (${e.message}); logging what is known`)
  }
  const str = (v) => (typeof v === 'string' ? v : null)
  const record = {
    timestamp: new Date().toISOString(),
    session_id: str(payload.session_id),
    hook_event_name: str(payload.hook_event_name),
    reason: str(payload.reason),
    cost_usd: null,
    turns: null,
    transcript_path: str(payload.transcript_path),
    cwd: str(payload.cwd)
  }
  if (record.transcript_path) {
    const acc = newAccumulator()
    try {
      addTranscript(acc, record.transcript_path)
      const turns = acc.turns
      for (const f of subagentTranscripts(record.transcript_path)) addTranscript(acc, f)
      record.cost_usd = Math.round(acc.usd * 1e4) / 1e4
      record.turns = turns
      if (acc.unknownModels.size) record.unknown_models = [...acc.unknownModels]
    } catch (e) {
      record.cost_error = e && e.code === 'ENOENT' ? 'transcript not found' : String(e && e.message ? e.message : e)
    }
  } else {
    record.cost_error = 'no transcript_path in the payload'
  }
  const projectDir = process.env.CLAUDE_PROJECT_DIR || record.cwd || process.cwd()
  const log =
    process.env.CLAUDE_SESSION_LOG && process.env.CLAUDE_SESSION_LOG.trim()
      ? process.env.CLAUDE_SESSION_LOG
      : join(projectDir, '.claude', 'logs', 'sessions.jsonl')
  mkdirSync(dirname(log), { recursive: true })
  appendFileSync(log, JSON.stringify(record) + '\n')
}

process.on('uncaughtException', (e) => {
  warn(`failed: ${e && e.message ? e.message : e}`)
  process.exit(0)
})
try {
  main()
} catch (e) {
  warn(`failed: ${e && e.message ? e.message : e}`)
}
process.exit(0)
