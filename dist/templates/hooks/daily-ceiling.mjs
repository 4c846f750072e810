#!/usr/bin/env node
// daily-ceiling.mjs — Claude Code PreToolUse hook: block every tool call once the
// estimated spend of all sessions in the last 24 hours has reached a ceiling.
//
// Runtime: Node.js 18+ on PATH (no npm dependencies). Claude Code itself may run without
// Node (its native build): where `node` is missing this hook cannot start (exit 127), a
// non-blocking error to Claude Code, so it does nothing there;
// needs lib/transcript-cost.mjs beside it (`claude-code-audit init` installs both).
// Register: "PreToolUse" (no matcher = every tool), command
//   node "$CLAUDE_PROJECT_DIR"/.claude/hooks/daily-ceiling.mjs
// Input: the hook payload as JSON on stdin (`transcript_path` is used to find
// the projects directory when it is not the default one).
// Environment:
//   CLAUDE_DAILY_CEILING_USD            ceiling in USD for the last 24 hours (default 50)
//   CLAUDE_DAILY_CEILING_ON_UNREADABLE  "allow" lets tool calls through when the
//                                       spend cannot be estimated (default: block)
//   CLAUDE_CONFIG_DIR                   Claude Code's config directory (default ~/.claude)
// Behaviour:
//   - Reads every session transcript modified in the last 24 hours,
//     <projects>/<project>/<session>.jsonl with its subagents under
//     <session>/subagents/, in $CLAUDE_CONFIG_DIR/projects (or ~/.claude/projects,
//     plus the projects directory holding this session's transcript), and sums the cost
//     of the API responses whose timestamp falls in the last 24 hours:
//     message.usage tokens x the list price of message.model (unknown models at
//     the most expensive known rate), deduplicated by message.id + requestId
//     across all files (resumed and forked sessions repeat earlier messages).
//   - Exit 0 below the ceiling; exit 2 with the reason on stderr at or above it.
//   - The transcript format is internal to Claude Code and changes between
//     releases. When the projects directory is missing, or a transcript cannot be
//     read or no longer looks like a transcript, the gate FAILS CLOSED (exit 2,
//     saying why) unless CLAUDE_DAILY_CEILING_ON_UNREADABLE=allow.
//   - Any other error also exits 2. Only this machine's transcripts count:
//     other machines, CI runners and the API console are not seen. Transcripts
//     deleted by cleanupPeriodDays are not counted. Estimates use list prices.
import { readFileSync, readdirSync, statSync } from 'node:fs'
import { homedir } from 'node:os'
import { basename, dirname, join } from 'node:path'

// The cost estimator lives in lib/transcript-cost.mjs (shared by the cost hooks).
import { addTranscript, gateExits, newAccumulator, subagentTranscripts } from './lib/transcript-cost.mjs'

const NAME = 'daily-ceiling'
const WINDOW_MS = 24 * 60 * 60 * 1000

const { block, unreadable, ceiling } = gateExits({
  name: NAME,
  subject: "the last 24 hours' spend",
  ceilingEnv: 'CLAUDE_DAILY_CEILING_USD',
  defaultUsd: 50,
  unreadableEnv: 'CLAUDE_DAILY_CEILING_ON_UNREADABLE'
})

/** Projects directories to scan: the configured one, and the one holding this session's transcript. */
function projectDirs(transcript) {
  const base =
    process.env.CLAUDE_CONFIG_DIR && process.env.CLAUDE_CONFIG_DIR.trim()
      ? process.env.CLAUDE_CONFIG_DIR
      : join(homedir(), '.claude')
  const dirs = [join(base, 'projects')]
  if (typeof transcript === 'string' && transcript) {
    const proj = dirname(dirname(transcript))
    if (basename(proj) === 'projects' && !dirs.includes(proj)) dirs.push(proj)
  }
  return dirs
}

/**
 * Session transcripts (`<projects>/<project>/<session>.jsonl`) modified since
 * `since` (ms); their subagents' transcripts are added per session.
 */
function recentSessions(dir, since) {
  const out = []
  for (const proj of readdirSync(dir, { withFileTypes: true })) {
    if (!proj.isDirectory()) continue
    const pdir = join(dir, proj.name)
    for (const ent of readdirSync(pdir, { withFileTypes: true })) {
      if (!ent.isFile() || !ent.name.endsWith('.jsonl')) continue
      const p = join(pdir, ent.name)
      if (statSync(p).mtimeMs >= since) out.push(p)
    }
  }
  return out.sort()
}

function main() {
  const limit = ceiling()
  let payload
  try {
    payload = JSON.parse(readFileSync(0, 'utf8'))
  } catch (e) {
    return unreadable(`the hook payload on stdin is not JSON: ${e.message}`)
  }
  const transcript = payload && typeof payload === 'object' ? payload.transcript_path : undefined
  const since = Date.now() - WINDOW_MS
  const acc = newAccumulator()
  let found = 0
  for (const dir of projectDirs(transcript)) {
    let sessions
    try {
      sessions = recentSessions(dir, since)
    } catch (e) {
      if (e && e.code === 'ENOENT') continue
      return unreadable(`cannot list ${dir}: ${e && e.message ? e.message : e}`)
    }
    found++
    for (const session of sessions) {
      try {
        addTranscript(acc, session, since)
        for (const f of subagentTranscripts(session)) addTranscript(acc, f, since)
      } catch (e) {
        if (e && e.code === 'ENOENT') continue // deleted while scanning
        return unreadable(String(e && e.message ? e.message : e))
      }
    }
  }
  if (found === 0) return unreadable(`no projects directory found (looked in ${projectDirs(transcript).join(', ')})`)
  if (acc.usd >= limit) {
    const tool = payload && typeof payload.tool_name === 'string' ? ` ${payload.tool_name}` : ''
    block(
      `blocked${tool}: the estimated spend of all Claude Code sessions on this machine in the last 24 hours is $${acc.usd.toFixed(2)} (${acc.files} transcript${acc.files === 1 ? '' : 's'}), at or above the daily ceiling of $${limit.toFixed(2)} (CLAUDE_DAILY_CEILING_USD). ` +
        'Stop here and report what is done and what remains; a person must raise the ceiling to continue.'
    )
  }
  process.exit(0)
}

process.on('uncaughtException', (e) =>
  block(`blocked: the daily ceiling check failed (${e && e.message ? e.message : e})`)
)
try {
  main()
} catch (e) {
  block(`blocked: the daily ceiling check failed (${e && e.message ? e.message : e})`)
}
