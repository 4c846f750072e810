/**
 * Runs the real Claude Code non-interactively (`claude -p`, or without `-p`
 * with stdout a pipe: see {@link ClaudeRunSpec.print}) in a scratch project
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
import { startFakeMessagesApi, type RecordedRequest, type ToolCall, type ToolResult, type Turn } from './messages-api.js'

/** What to run. */
export interface ClaudeRunSpec {
  /** Path of the `claude` executable. */
  claude: string
  /** Files of the project, by relative path; values ending in an executable script get `mode`. */
  files?: Record<string, string | { text: string; mode: number }>
  /** Use this existing directory as the project (it is not removed by `cleanup`) instead of a scratch one. */
  projectDir?: string
  /**
   * The model's tool calls; a function receives the fake API's base URL (for
   * commands that fetch from it) and the project's absolute path (for tools
   * that take one, such as Read), and is called once the server listens.
   */
  toolCallsFor?: (apiUrl: string, projectDir: string) => ToolCall[]
  /** Served to GET requests by path (see startFakeMessagesApi). */
  serve?: Record<string, string | ((apiUrl: string) => string)>
  /** Ask Claude Code for its hook events (stream-json output); they are parsed into `hookEvents`. */
  hookEvents?: boolean
  /** Files of the scratch HOME (user settings, user CLAUDE.md), by path relative to HOME. */
  homeFiles?: Record<string, string>
  /** The model's tool calls, made together in its first turn. */
  toolCalls?: ToolCall[]
  /**
   * The model's turns, in order, instead of one turn of {@link toolCalls} and
   * {@link toolCallsFor} followed by `done` (e.g. two tool turns, for `--max-turns`).
   */
  turns?: Turn[]
  /** The prompt (default: `Run the tool calls.`); e.g. one that @-mentions a file. */
  prompt?: string
  /**
   * Pass `-p` (default true). False runs `claude` without it: stdout is a pipe
   * here, so Claude Code is in print mode all the same (fact printWhenStdoutNotTty).
   */
  print?: boolean
  /**
   * Written to Claude Code's stdin, which is then closed (default: stdin is
   * /dev/null). When given, it carries the prompt: {@link prompt} is not passed
   * as an argument.
   */
  stdin?: string
  /** Extra command-line arguments after `-p PROMPT` (or what stands for them). */
  args?: string[]
  /** Extra environment variables. */
  env?: Record<string, string>
  /** Time limit for the whole run (default 120 s). */
  timeoutMs?: number
}

/** A hook run as Claude Code reported it (`--include-hook-events`). */
export interface ClientHookEvent {
  /** e.g. `PreToolUse:Bash`. */
  name: string
  exitCode: number | null
  /** Claude Code's own word: `success`, `error`, `blocked`, … */
  outcome: string
  stdout: string
  stderr: string
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
  /** Hook runs Claude Code reported, in order (with `hookEvents`). */
  hookEvents: ClientHookEvent[]
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

/** The `hook_response` events of a stream-json transcript. */
export function hookEventsOf(stdout: string): ClientHookEvent[] {
  const out: ClientHookEvent[] = []
  for (const line of stdout.split('\n')) {
    if (!line.includes('"hook_response"')) continue
    let e: Record<string, unknown>
    try {
      e = JSON.parse(line) as Record<string, unknown>
    } catch {
      continue
    }
    if (e.subtype !== 'hook_response') continue
    const str = (v: unknown): string => (typeof v === 'string' ? v : '')
    out.push({
      name: str(e.hook_name),
      exitCode: typeof e.exit_code === 'number' ? e.exit_code : null,
      outcome: str(e.outcome),
      stdout: str(e.stdout),
      stderr: str(e.stderr)
    })
  }
  return out
}

/** Runs Claude Code once in print mode in a scratch project; see {@link ClaudeRunSpec}. */
export async function runClaude(spec: ClaudeRunSpec): Promise<ClaudeRunResult> {
  const base = mkdtempSync(join(tmpdir(), 'cca-claude-'))
  const projectDir = spec.projectDir ?? join(base, 'project')
  const home = join(base, 'home')
  mkdirSync(projectDir, { recursive: true })
  mkdirSync(home, { recursive: true })
  writeTree(projectDir, spec.files ?? {})
  writeTree(home, spec.homeFiles ?? {})
  // The URL is known once the server listens; calls and served files may name it.
  const served: Record<string, string> = {}
  const api = await startFakeMessagesApi([], served)
  const url = api.url
  for (const [path, v] of Object.entries(spec.serve ?? {})) served[path] = typeof v === 'function' ? v(url) : v
  const calls = [...(spec.toolCalls ?? []), ...(spec.toolCallsFor ? spec.toolCallsFor(url, projectDir) : [])]
  api.setScript(spec.turns ?? (calls.length ? [{ toolCalls: calls }, { text: 'done' }] : [{ text: 'done' }]))
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
  const format = spec.hookEvents ? ['--output-format', 'stream-json', '--verbose', '--include-hook-events'] : ['--output-format', 'json']
  const prompt = spec.stdin === undefined ? [spec.prompt ?? 'Run the tool calls.'] : []
  const args = [...(spec.print === false ? [] : ['-p']), ...prompt, ...format, ...(spec.args ?? [])]
  const child =
    spec.stdin === undefined
      ? spawn(spec.claude, args, { cwd: projectDir, env, stdio: ['ignore', 'pipe', 'pipe'] })
      : spawn(spec.claude, args, { cwd: projectDir, env, stdio: ['pipe', 'pipe', 'pipe'] })
  if (spec.stdin !== undefined) child.stdin?.end(spec.stdin)
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
    hookEvents: spec.hookEvents ? hookEventsOf(stdout) : [],
    cleanup: () => rmSync(base, { recursive: true, force: true })
  }
}
