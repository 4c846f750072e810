/**
 * Runs the real Claude Code non-interactively (`claude -p`) in a scratch project
 * against the scripted Messages API (messages-api.ts), and returns what it did
 * with each tool call: the tool results it sent back, every request body, and
 * its own JSON result. The project and its HOME are temporary folders; the
 * environment is built from nothing (no tokens of the caller), the API key is a
 * dummy, and nonessential traffic is off, so the only peer is the loopback API.
 */
import { spawn } from 'node:child_process'
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { startFakeMessagesApi, type RecordedRequest, type ToolCall, type ToolResult } from './messages-api.js'

/** What to run. */
export interface ClaudeRunSpec {
  /** Path of the `claude` executable. */
  claude: string
  /** Files of the project, by relative path; values ending in an executable script get `mode`. */
  files?: Record<string, string | { text: string; mode: number }>
  /** Files of the scratch HOME (user settings, user CLAUDE.md), by path relative to HOME. */
  homeFiles?: Record<string, string>
  /** The model's tool calls, made together in its first turn. */
  toolCalls?: ToolCall[]
  /** Extra command-line arguments after `-p PROMPT`. */
  args?: string[]
  /** Extra environment variables. */
  env?: Record<string, string>
  /** Time limit for the whole run (default 120 s). */
  timeoutMs?: number
}

/** What happened. */
export interface ClaudeRunResult {
  /** The scratch project (removed by `cleanup`). */
  projectDir: string
  exitCode: number | null
  stdout: string
  stderr: string
  /** Tool results Claude Code sent back, in the order of the calls. */
  toolResults: ToolResult[]
  requests: RecordedRequest[]
  /** The first main-loop request body as JSON text (system prompt, context, tools). */
  firstRequestText: string
  cleanup(): void
}

function writeTree(root: string, files: Record<string, string | { text: string; mode: number }>): void {
  for (const [rel, value] of Object.entries(files)) {
    const path = join(root, rel)
    mkdirSync(dirname(path), { recursive: true })
    if (typeof value === 'string') writeFileSync(path, value)
    else {
      writeFileSync(path, value.text)
      chmodSync(path, value.mode)
    }
  }
}

/** Runs `claude -p` once in a scratch project; see {@link ClaudeRunSpec}. */
export async function runClaude(spec: ClaudeRunSpec): Promise<ClaudeRunResult> {
  const base = mkdtempSync(join(tmpdir(), 'cca-claude-'))
  const projectDir = join(base, 'project')
  const home = join(base, 'home')
  mkdirSync(projectDir, { recursive: true })
  mkdirSync(home, { recursive: true })
  writeTree(projectDir, spec.files ?? {})
  writeTree(home, spec.homeFiles ?? {})
  const api = await startFakeMessagesApi(spec.toolCalls?.length ? [{ toolCalls: spec.toolCalls }, { text: 'done' }] : [{ text: 'done' }])
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? '/usr/bin:/bin',
    HOME: home,
    LANG: 'C.UTF-8',
    TMPDIR: join(base, 'tmp'),
    ANTHROPIC_BASE_URL: api.url,
    ANTHROPIC_API_KEY: 'sk-ant-api03-conformance-dummy-key',
    CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC: '1',
    DISABLE_AUTOUPDATER: '1',
    ...(spec.env ?? {})
  }
  mkdirSync(env.TMPDIR, { recursive: true })
  const args = ['-p', 'Run the tool calls.', '--output-format', 'json', ...(spec.args ?? [])]
  const child = spawn(spec.claude, args, { cwd: projectDir, env, stdio: ['ignore', 'pipe', 'pipe'] })
  let stdout = ''
  let stderr = ''
  child.stdout.on('data', (c: Buffer) => {
    if (stdout.length < 4_000_000) stdout += c.toString('utf8')
  })
  child.stderr.on('data', (c: Buffer) => {
    if (stderr.length < 1_000_000) stderr += c.toString('utf8')
  })
  const exitCode = await new Promise<number | null>((resolve) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), spec.timeoutMs ?? 120_000)
    child.on('close', (code) => {
      clearTimeout(timer)
      resolve(code)
    })
    child.on('error', () => {
      clearTimeout(timer)
      resolve(null)
    })
  })
  await api.close()
  const first = api.requests.find((r) => r.main)
  return {
    projectDir,
    exitCode,
    stdout,
    stderr,
    toolResults: api.toolResults(),
    requests: api.requests,
    firstRequestText: first ? JSON.stringify(first.body) : '',
    cleanup: () => rmSync(base, { recursive: true, force: true })
  }
}
