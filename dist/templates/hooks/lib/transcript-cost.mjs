// transcript-cost.mjs — the transcript cost estimator shared by cost-gate.mjs,
// daily-ceiling.mjs and session-log.mjs (installed beside them by
// `claude-code-audit init`, under .claude/hooks/lib/).
//
// Runtime: Node.js 18+, no dependencies. The transcript format is internal to
// Claude Code and changes between releases: callers decide what to do when
// nothing could be read.
import { readFileSync, readdirSync } from 'node:fs'
import { join } from 'node:path'

// List prices in USD per million tokens (platform.claude.com pricing, 2026-08-21):
// [input, output, 5-minute cache write, 1-hour cache write, cache read].
// Keys are model id prefixes; the longest matching prefix wins.
export const PRICES = {
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
export const MAX_PRICE = [0, 1, 2, 3, 4].map((i) => Math.max(...Object.values(PRICES).map((p) => p[i])))

/** Price row for a model id as written in transcripts (also Bedrock `anthropic.`/`us.anthropic.` and Vertex `@date` forms). */
export function priceOf(model) {
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

export const num = (v) => (typeof v === 'number' && Number.isFinite(v) && v > 0 ? v : 0)

/** USD cost of one usage object at list prices. */
export function usageCost(usage, model) {
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
export function addTranscript(acc, file, since) {
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

export function newAccumulator() {
  return { usd: 0, turns: 0, files: 0, badLines: 0, byKey: new Map(), unknownModels: new Set() }
}

/** Transcripts of a session's subagents: `<session>/subagents/**.jsonl` next to `<session>.jsonl`. */
export function subagentTranscripts(transcript) {
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

/**
 * The exits a cost gate shares: `block` (exit 2 with the reason on stderr, so
 * Claude Code blocks the tool call), `unreadable` (fail closed unless the
 * `unreadableEnv` variable says "allow") and `ceiling` (the USD limit from
 * `ceilingEnv`, `defaultUsd` when unset; a bad value blocks).
 */
export function gateExits({ name, subject, ceilingEnv, defaultUsd, unreadableEnv }) {
  const block = (reason) => {
    process.stderr.write(`${name}: ${reason}\n`)
    process.exit(2)
  }
  const unreadable = (why) => {
    if ((process.env[unreadableEnv] ?? '').trim().toLowerCase() === 'allow') {
      process.stderr.write(`${name}: cannot estimate ${subject} (${why}); allowed because ${unreadableEnv}=allow\n`)
      process.exit(0)
    }
    block(
      `blocked: cannot estimate ${subject} (${why}). The transcript format is internal to Claude Code, so this gate fails closed. ` +
        `Set ${unreadableEnv}=allow to let tool calls through when the spend is unknown.`
    )
  }
  const ceiling = () => {
    const raw = process.env[ceilingEnv]
    if (raw === undefined || raw.trim() === '') return defaultUsd
    const v = Number(raw)
    if (!Number.isFinite(v) || v < 0) block(`blocked: ${ceilingEnv}='${raw}' is not a non-negative number of US dollars`)
    return v
  }
  return { block, unreadable, ceiling }
}
