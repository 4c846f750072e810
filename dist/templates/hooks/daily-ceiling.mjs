#!/usr/bin/env node
// daily-ceiling.mjs — Claude Code PreToolUse hook: stop every session once the
// estimated spend of all sessions in the last 24 hours has reached a ceiling.
//
// Runtime: Node.js 18+ (no dependencies; Node is present wherever Claude Code runs).
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

// --- cost estimator (identical in cost-gate.mjs, daily-ceiling.mjs, session-log.mjs) ---
// List prices in USD per million tokens (platform.claude.com pricing, 2026-08-21):
// [input, output, 5-minute cache write, 1-hour cache write, cache read].
// Keys are model id prefixes; the longest matching prefix wins.
const PRICES = {
  'claude-fable-5': [10, 50, 12.5, 20, 1],
  'claude-mythos-5': [10, 50, 12.5, 20, 1],
  'claude-opus-5': [5, 25, 6.25, 10, 0.5],
  'claude-opus-4-8': [5, 25, 6.25, 10, 0.5],
  'claude-opus-4-7': [5, 25, 6.25, 10, 0.5],
  'claude-opus-4-6': [5, 25, 6.25, 10, 0.5],
  'claude-opus-4-5': [5, 25, 6.25, 10, 0.5],
  'claude-opus-4-1': [15, 75, 18.75, 30, 1.5],
  'claude-opus-4': [15, 75, 18.75, 30, 1.5],
  'claude-sonnet-5': [2, 10, 2.5, 4, 0.2],
  'claude-sonnet-4-6': [3, 15, 3.75, 6, 0.3],
  'claude-sonnet-4-5': [3, 15, 3.75, 6, 0.3],
  'claude-sonnet-4': [3, 15, 3.75, 6, 0.3],
  'claude-haiku-4-5': [1, 5, 1.25, 2, 0.1],
  'claude-3-5-haiku': [0.8, 4, 1, 1.6, 0.08]
}
/** Unknown models are priced at the most expensive known rate of each kind (a gate must not underestimate). */
const MAX_PRICE = [0, 1, 2, 3, 4].map((i) => Math.max(...Object.values(PRICES).map((p) => p[i])))

/** Price row for a model id as written in transcripts (also Bedrock `anthropic.`/`us.anthropic.` and Vertex `@date` forms). */
function priceOf(model) {
  if (typeof model !== 'string' || model === '') return { price: MAX_PRICE, known: false }
  const id = model
    .toLowerCase()
    .replace(/^([a-z]{2,4}\.)?anthropic\./, '')
    .replace(/\[1m\]$/, '')
    .replace(/[@:].*$/, '')
    .replace(/-v\d+$/, '')
  let best
  for (const key of Object.keys(PRICES)) {
    if ((id === key || id.startsWith(key + '-')) && (!best || key.length > best.length)) best = key
  }
  return best ? { price: PRICES[best], known: true } : { price: MAX_PRICE, known: false }
}

const num = (v) => (typeof v === 'number' && Number.isFinite(v) && v > 0 ? v : 0)

/** USD cost of one usage object at list prices. */
function usageCost(usage, model) {
  const { price, known } = priceOf(model)
  const split = usage.cache_creation && typeof usage.cache_creation === 'object' ? usage.cache_creation : undefined
  const w5 = split ? num(split.ephemeral_5m_input_tokens) : num(usage.cache_creation_input_tokens)
  const w1 = split ? num(split.ephemeral_1h_input_tokens) : 0
  const usd =
    (num(usage.input_tokens) * price[0] +
      num(usage.output_tokens) * price[1] +
      w5 * price[2] +
      w1 * price[3] +
      num(usage.cache_read_input_tokens) * price[4]) /
    1e6
  return { usd, known }
}

/**
 * Reads one transcript (JSONL, an internal format that changes between
 * releases) into `acc`. Entries are deduplicated by message.id + requestId
 * across every file added to the same `acc` (Claude Code writes one line per
 * content block, each repeating the usage). `since` (ms) skips entries whose
 * timestamp is older. Throws when the file cannot be read or does not look
 * like a transcript any more (no line parses, or assistant entries carry no
 * usage), so callers can fail closed.
 */
function addTranscript(acc, file, since) {
  const text = readFileSync(file, 'utf8')
  let parsed = 0
  let bad = 0
  let assistants = 0
  let withUsage = 0
  for (const line of text.split('\n')) {
    if (!line.trim()) continue
    let e
    try {
      e = JSON.parse(line)
    } catch {
      bad++
      continue
    }
    parsed++
    if (!e || typeof e !== 'object') continue
    const msg = e.message && typeof e.message === 'object' ? e.message : undefined
    const isAssistant = e.type === 'assistant' || msg?.role === 'assistant'
    if (isAssistant) assistants++
    const usage = msg?.usage && typeof msg.usage === 'object' ? msg.usage : undefined
    if (!usage && typeof e.costUSD !== 'number') continue
    withUsage++
    if (since !== undefined && typeof e.timestamp === 'string') {
      const t = Date.parse(e.timestamp)
      if (Number.isFinite(t) && t < since) continue
    }
    const id = typeof msg?.id === 'string' ? msg.id : ''
    const req = typeof e.requestId === 'string' ? e.requestId : ''
    const key = id || req ? `${id}:${req}` : undefined
    let cost
    if (usage) cost = usageCost(usage, msg.model)
    else cost = { usd: num(e.costUSD), known: true }
    if (!cost.known) acc.unknownModels.add(String(msg?.model ?? '(none)'))
    if (key !== undefined) {
      const prev = acc.byKey.get(key)
      // Streaming can repeat a message with growing usage: keep the largest.
      if (prev !== undefined) {
        if (cost.usd > prev) {
          acc.usd += cost.usd - prev
          acc.byKey.set(key, cost.usd)
        }
        continue
      }
      acc.byKey.set(key, cost.usd)
      if (isAssistant) acc.turns++
    } else if (isAssistant) acc.turns++
    acc.usd += cost.usd
  }
  acc.files++
  acc.badLines += bad
  if (text.trim() !== '' && parsed === 0) throw new Error(`${file}: no line is JSON (${bad} unparsable lines)`)
  if (assistants > 0 && withUsage === 0)
    throw new Error(
      `${file}: ${assistants} assistant entries but none carries message.usage (transcript format changed?)`
    )
}

function newAccumulator() {
  return { usd: 0, turns: 0, files: 0, badLines: 0, byKey: new Map(), unknownModels: new Set() }
}

/** Transcripts of a session's subagents: `<session>/subagents/**.jsonl` next to `<session>.jsonl`. */
function subagentTranscripts(transcript) {
  const dir = join(transcript.replace(/\.jsonl$/, ''), 'subagents')
  const out = []
  const walk = (d, depth) => {
    let entries
    try {
      entries = readdirSync(d, { withFileTypes: true })
    } catch (e) {
      if (e && e.code === 'ENOENT') return
      throw e
    }
    for (const ent of entries) {
      const p = join(d, ent.name)
      if (ent.isDirectory() && depth < 4) walk(p, depth + 1)
      else if (ent.isFile() && ent.name.endsWith('.jsonl')) out.push(p)
    }
  }
  walk(dir, 0)
  return out.sort()
}
// --- end cost estimator ---

const NAME = 'daily-ceiling'
const WINDOW_MS = 24 * 60 * 60 * 1000

function block(reason) {
  process.stderr.write(`${NAME}: ${reason}\n`)
  process.exit(2)
}

function unreadable(why) {
  if ((process.env.CLAUDE_DAILY_CEILING_ON_UNREADABLE ?? '').trim().toLowerCase() === 'allow') {
    process.stderr.write(
      `${NAME}: cannot estimate the last 24 hours' spend (${why}); allowed because CLAUDE_DAILY_CEILING_ON_UNREADABLE=allow\n`
    )
    process.exit(0)
  }
  block(
    `blocked: cannot estimate the last 24 hours' spend (${why}). The transcript format is internal to Claude Code, so this gate fails closed. ` +
      'Set CLAUDE_DAILY_CEILING_ON_UNREADABLE=allow to let tool calls through when the spend is unknown.'
  )
}

function ceiling() {
  const raw = process.env.CLAUDE_DAILY_CEILING_USD
  if (raw === undefined || raw.trim() === '') return 50
  const v = Number(raw)
  if (!Number.isFinite(v) || v < 0)
    block(`blocked: CLAUDE_DAILY_CEILING_USD='${raw}' is not a non-negative number of US dollars`)
  return v
}

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
