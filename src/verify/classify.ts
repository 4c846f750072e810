/**
 * Reads a finished hook run the way Claude Code does (surface reference §2.7–2.9):
 * exit 2 blocks; a schema-valid JSON object on stdout decides on any exit code;
 * any other non-zero exit, a crash or a timeout is a non-blocking error and the
 * call goes through.
 */
import type { VerifiedEvent } from './payloads.js'
import type { SandboxResult } from './sandbox.js'

/** The outcome of one run, as Claude Code would act on it. */
export type RunOutcome = 'blocked' | 'allowed' | 'crashed' | 'timeout'

/** A decision read from a hook's JSON output. */
export interface JsonDecision {
  /** Whether the decision stops the call. */
  blocks: boolean
  /** What was decided: `deny`, `allow`, `ask`, `defer`, `block`, `approve` or `continue:false`. */
  label: string
}

/** What stdout held. */
export type JsonReading =
  | { kind: 'none' } // not JSON (plain text or empty)
  | { kind: 'invalid'; why: string } // looks like JSON but Claude Code would reject it
  | { kind: 'valid'; decision?: JsonDecision } // valid; decision absent when it decides nothing

const PERMISSION_DECISIONS = new Set(['allow', 'deny', 'ask', 'defer'])

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v)
}

/**
 * Parses stdout as Claude Code does: JSON only when the first non-space
 * character is `{`, then checks the fields that decide for the event.
 */
export function readJsonOutput(event: VerifiedEvent, stdout: string): JsonReading {
  const text = stdout.trim()
  if (!text.startsWith('{')) return { kind: 'none' }
  let value: unknown
  try {
    value = JSON.parse(text)
  } catch {
    return { kind: 'invalid', why: 'stdout starts with `{` but is not valid JSON' }
  }
  if (!isObject(value)) return { kind: 'invalid', why: 'stdout JSON is not an object' }
  if ('continue' in value && typeof value.continue !== 'boolean') {
    return { kind: 'invalid', why: '`continue` is not a boolean' }
  }
  const allowedDecisions = event === 'PreToolUse' ? ['approve', 'block'] : ['block']
  if ('decision' in value && value.decision !== undefined && !allowedDecisions.includes(value.decision as string)) {
    return { kind: 'invalid', why: `\`decision\` must be ${allowedDecisions.map((d) => `"${d}"`).join(' or ')}` }
  }
  let permission: string | undefined
  if ('hookSpecificOutput' in value && value.hookSpecificOutput !== undefined) {
    const hso = value.hookSpecificOutput
    if (!isObject(hso)) return { kind: 'invalid', why: '`hookSpecificOutput` is not an object' }
    if (hso.hookEventName !== event) {
      return { kind: 'invalid', why: `\`hookSpecificOutput.hookEventName\` must be "${event}"` }
    }
    if (event === 'PreToolUse' && hso.permissionDecision !== undefined) {
      if (typeof hso.permissionDecision !== 'string' || !PERMISSION_DECISIONS.has(hso.permissionDecision)) {
        return { kind: 'invalid', why: '`permissionDecision` must be "allow", "deny", "ask" or "defer"' }
      }
      permission = hso.permissionDecision
    }
  }
  if (value.continue === false) return { kind: 'valid', decision: { blocks: true, label: 'continue:false' } }
  if (permission) return { kind: 'valid', decision: { blocks: permission === 'deny', label: permission } }
  if (typeof value.decision === 'string') {
    return { kind: 'valid', decision: { blocks: value.decision === 'block', label: value.decision } }
  }
  return { kind: 'valid' }
}

/** The classified run. */
export interface Classified {
  outcome: RunOutcome
  /** Decision label from JSON output, when the output carried one. */
  decision?: string
  /** Why the call was (not) blocked, in words, for evidence. */
  why: string
}

/** Last non-empty line of a stream, cleaned and shortened, for a `why`. */
function lastLine(s: string): string {
  const lines = s
    .split(/\r?\n/)
    .map((l) => cleanText(l, 120))
    .filter((l) => l.length > 0)
  return lines.length ? lines[lines.length - 1] : ''
}

/** Classifies one run for a hook on `event` (the run's timeout is for the message). */
export function classifyRun(event: VerifiedEvent, r: SandboxResult, timeoutMs: number): Classified {
  if (r.timedOut) {
    return {
      outcome: 'timeout',
      why: `timed out after ${timeoutMs} ms; Claude Code discards a timed-out hook's output and lets the call through`
    }
  }
  if (r.spawnError) return { outcome: 'crashed', why: `could not be started (${cleanText(r.spawnError, 120)})` }
  const json = readJsonOutput(event, r.stdout)
  const decision = json.kind === 'valid' ? json.decision : undefined
  if (r.exitCode === 2) {
    return { outcome: 'blocked', decision: decision?.label, why: 'exit 2 blocks' }
  }
  if (r.signal) {
    const err = lastLine(r.stderr)
    return {
      outcome: 'crashed',
      why: `killed by ${r.signal}${err ? `: "${err}"` : ''}; a crashed hook lets the call through`
    }
  }
  if (decision) {
    return decision.blocks
      ? {
          outcome: 'blocked',
          decision: decision.label,
          why: `JSON decision "${decision.label}" blocks (exit ${r.exitCode})`
        }
      : { outcome: 'allowed', decision: decision.label, why: `JSON decision "${decision.label}" lets the call through` }
  }
  if (r.exitCode === 0) {
    const note = json.kind === 'invalid' ? ` (its JSON is invalid: ${json.why})` : ''
    return { outcome: 'allowed', why: `exited 0 without a blocking decision${note}` }
  }
  const code = r.exitCode
  const err = lastLine(r.stderr)
  const hint =
    code === 127 || code === 126
      ? ' (command not found or not executable: the gate is silently disabled)'
      : json.kind === 'invalid'
        ? ` (its JSON is invalid: ${json.why})`
        : ''
  return {
    outcome: 'crashed',
    why:
      `exited ${code === null ? 'abnormally' : code}${hint}${err ? `: "${err}"` : ''}; ` +
      'a non-zero exit other than 2 without a decision JSON is a non-blocking error, so the call goes through'
  }
}

/** Removes terminal escapes and control characters, collapses whitespace, and shortens to `max` characters. */
export function cleanText(s: string, max = 200): string {
  const window = Math.max(4096, max * 8)
  const cut = s.length > window
  const cleaned = s
    .slice(0, window)
    .replace(/\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)?/g, '') // OSC sequences
    .replace(/\x1b\[[0-9;?]*[ -/]*[@-~]/g, '') // CSI sequences
    .replace(/[\r\n\t\f\v]+/g, ' ')
    .replace(/[\x00-\x1f\x7f-\x9f\u200b-\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069\ufeff]/g, '')
    .replace(/ {2,}/g, ' ')
    .trim()
  const chars = Array.from(cleaned)
  if (chars.length <= max && !cut) return cleaned
  return chars.slice(0, max - 1).join('') + '…'
}
