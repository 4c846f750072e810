/**
 * Runs a hook script from templates/hooks/ as Claude Code does: a child
 * process with the payload on stdin and a controlled environment. Also builds
 * transcripts in the JSONL shape Claude Code writes (one line per content
 * block, each repeating the message's usage).
 */
import { spawn } from 'node:child_process'
import { writeFileSync, mkdirSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

export const HOOKS_DIR = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'templates', 'hooks')

export interface HookRun {
  status: number | null
  stdout: string
  stderr: string
}

/** Runs `templates/hooks/<name>` with `input` on stdin (objects are JSON-encoded). */
export function runHook(
  name: string,
  input: unknown,
  env: Record<string, string | undefined> = {},
  timeoutMs = 15000
): Promise<HookRun> {
  return new Promise((resolve, reject) => {
    const clean: Record<string, string> = { PATH: process.env.PATH ?? '' }
    for (const [k, v] of Object.entries(env)) if (v !== undefined) clean[k] = v
    const child = spawn(process.execPath, [join(HOOKS_DIR, name)], { env: clean, stdio: ['pipe', 'pipe', 'pipe'] })
    let stdout = ''
    let stderr = ''
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()))
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()))
    const timer = setTimeout(() => {
      child.kill('SIGKILL')
      reject(new Error(`${name} did not finish within ${timeoutMs} ms`))
    }, timeoutMs)
    child.on('error', reject)
    child.on('close', (status) => {
      clearTimeout(timer)
      resolve({ status, stdout, stderr })
    })
    child.stdin.on('error', () => undefined)
    child.stdin.end(typeof input === 'string' ? input : JSON.stringify(input))
  })
}

/** A PreToolUse payload (shape of the hooks reference, §2.5). */
export function preToolUse(
  transcriptPath: string,
  toolName = 'Bash',
  toolInput: Record<string, unknown> = { command: 'ls' }
): Record<string, unknown> {
  return {
    session_id: 'abc123de-0000-4000-8000-000000000001',
    transcript_path: transcriptPath,
    cwd: '/repo',
    permission_mode: 'default',
    hook_event_name: 'PreToolUse',
    tool_name: toolName,
    tool_input: toolInput,
    tool_use_id: 'toolu_01ABC'
  }
}

export interface Usage {
  input_tokens?: number
  output_tokens?: number
  cache_creation_input_tokens?: number
  cache_read_input_tokens?: number
  cache_creation?: { ephemeral_5m_input_tokens: number; ephemeral_1h_input_tokens: number }
}

export interface Call {
  model: string
  usage: Usage
  id?: string
  requestId?: string
  /** Lines written for this response (Claude Code writes one per content block). */
  blocks?: number
  timestamp?: string
}

let seq = 0

/** Transcript lines: a user prompt, then each API response as `blocks` assistant lines. */
export function transcriptLines(calls: Call[], sessionId = 'abc123de-0000-4000-8000-000000000001'): string[] {
  const lines: string[] = []
  const now = new Date().toISOString()
  lines.push(
    JSON.stringify({
      parentUuid: null,
      isSidechain: false,
      userType: 'external',
      cwd: '/repo',
      sessionId,
      version: '2.1.240',
      type: 'user',
      message: { role: 'user', content: 'fix the failing test' },
      uuid: `u-${++seq}`,
      timestamp: now
    })
  )
  for (const c of calls) {
    const id = c.id ?? `msg_${++seq}`
    const requestId = c.requestId ?? `req_${seq}`
    for (let b = 0; b < (c.blocks ?? 2); b++) {
      lines.push(
        JSON.stringify({
          parentUuid: `u-${seq}`,
          isSidechain: false,
          userType: 'external',
          cwd: '/repo',
          sessionId,
          version: '2.1.240',
          type: 'assistant',
          message: {
            id,
            type: 'message',
            role: 'assistant',
            model: c.model,
            content: [
              b === 0
                ? { type: 'text', text: 'Looking.' }
                : { type: 'tool_use', id: `toolu_${seq}_${b}`, name: 'Bash', input: { command: 'ls' } }
            ],
            stop_reason: 'tool_use',
            usage: c.usage
          },
          requestId,
          uuid: `a-${++seq}`,
          timestamp: c.timestamp ?? now
        })
      )
    }
  }
  return lines
}

/** Writes a transcript file (creating directories). */
export function writeTranscript(path: string, calls: Call[], extra: string[] = []): string {
  mkdirSync(dirname(path), { recursive: true })
  writeFileSync(path, [...transcriptLines(calls), ...extra].join('\n') + '\n')
  return path
}

/** One million tokens: makes dollar amounts equal to the per-million list price. */
export const M = 1_000_000
