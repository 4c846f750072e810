/**
 * Runs the bundled action the way the runner does: `node dist/index.js` in
 * a child process, inputs as `INPUT_*` variables (hyphens kept), the event
 * payload in `GITHUB_EVENT_PATH`, and the step summary and outputs in temp
 * files. The bundle defaults to `dist/index.js` (build with `npm run
 * build`); `CLAUDE_CODE_AUDIT_ACTION_BUNDLE` points elsewhere.
 */
import { execFile } from 'node:child_process'
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'

const HERE = dirname(fileURLToPath(import.meta.url))
const ROOT = resolve(HERE, '..', '..')

/** The bundle under test. */
export const BUNDLE = resolve(ROOT, process.env.CLAUDE_CODE_AUDIT_ACTION_BUNDLE ?? 'dist/index.js')

/** True when the bundle exists (tests say how to build it otherwise). */
export const HAVE_BUNDLE = existsSync(BUNDLE)

/** SHA of the PR head in the fixture events. */
export const HEAD_SHA = 'a1b2c3d4e5f60718293a4b5c6d7e8f9012345678'
/** Synthetic merge commit (`GITHUB_SHA` on pull_request). */
export const MERGE_SHA = '0000111122223333444455556666777788889999'

/** What one run produced. */
export interface ActionRun {
  code: number | null
  stdout: string
  stderr: string
  outputs: Record<string, string>
  summary: string
  workspace: string
  /** Workflow commands of one kind (`error`, `warning`, `notice`) in stdout. */
  commands: (kind: string) => string[]
}

/** Options of {@link runAction}. */
export interface RunOptions {
  /** Fixture name in test/fixtures/events, e.g. `pull_request.same-repo.json`. */
  event: string
  eventName: string
  workspace: string
  apiUrl: string
  inputs?: Record<string, string>
  env?: Record<string, string>
  timeoutMs?: number
}

/** Directories created by {@link makeRepo}, removed by {@link cleanup}. */
const created: string[] = []

/**
 * A temporary repository whose workflow runs the Claude action in `jobs`
 * jobs without timeout, model or SHA pin: three findings per job (one
 * high). `longNames` makes every finding's message long (for size limits).
 */
export function makeRepo(jobs: number, options: { mcp?: boolean; jobNameLength?: number } = {}): string {
  const dir = mkdtempSync(join(tmpdir(), 'cca-repo-'))
  created.push(dir)
  mkdirSync(join(dir, '.github', 'workflows'), { recursive: true })
  const pad = 'x'.repeat(Math.max(0, (options.jobNameLength ?? 8) - 8))
  let yaml = 'name: Claude\non:\n  pull_request:\njobs:\n'
  for (let i = 0; i < jobs; i++) {
    yaml +=
      `  review_${String(i).padStart(3, '0')}${pad}:\n` +
      '    runs-on: ubuntu-latest\n' +
      '    steps:\n' +
      '      - uses: anthropics/claude-code-action@v1\n' +
      '        with:\n' +
      '          anthropic_api_key: ${{ secrets.ANTHROPIC_API_KEY }}\n'
  }
  writeFileSync(join(dir, '.github', 'workflows', 'claude.yml'), yaml)
  if (options.mcp !== false) {
    writeFileSync(
      join(dir, '.mcp.json'),
      JSON.stringify({ mcpServers: { docs: { command: 'npx', args: ['-y', 'some-server'] } } }, null, 2) + '\n'
    )
  }
  return dir
}

/** A temporary repository with nothing to report. */
export function makeCleanRepo(): string {
  const dir = mkdtempSync(join(tmpdir(), 'cca-clean-'))
  created.push(dir)
  writeFileSync(join(dir, 'README.md'), '# Nothing to see\n')
  return dir
}

/** Removes every temporary directory. */
export function cleanup(): void {
  for (const dir of created.splice(0)) rmSync(dir, { recursive: true, force: true })
}

/** Runs the bundle once (asynchronously, so an in-process fake API keeps serving). */
export async function runAction(options: RunOptions): Promise<ActionRun> {
  const io = mkdtempSync(join(tmpdir(), 'cca-io-'))
  created.push(io)
  const summaryFile = join(io, 'summary.md')
  const outputFile = join(io, 'output.txt')
  writeFileSync(summaryFile, '')
  writeFileSync(outputFile, '')
  const event = JSON.parse(readFileSync(join(ROOT, 'test', 'fixtures', 'events', options.event), 'utf8')) as {
    sender?: { login?: string }
  }
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? '',
    HOME: process.env.HOME ?? '',
    GITHUB_ACTIONS: 'true',
    CI: 'true',
    GITHUB_EVENT_NAME: options.eventName,
    GITHUB_EVENT_PATH: join(ROOT, 'test', 'fixtures', 'events', options.event),
    GITHUB_REPOSITORY: 'octo-org/demo',
    GITHUB_REPOSITORY_OWNER: 'octo-org',
    GITHUB_SHA: options.eventName.startsWith('pull_request') ? MERGE_SHA : HEAD_SHA,
    GITHUB_REF: options.eventName.startsWith('pull_request') ? 'refs/pull/7/merge' : 'refs/heads/main',
    GITHUB_ACTOR: event.sender?.login ?? 'alice',
    GITHUB_RUN_ID: '4242',
    GITHUB_RUN_ATTEMPT: '1',
    GITHUB_JOB: 'audit',
    GITHUB_WORKFLOW: 'Audit',
    GITHUB_SERVER_URL: 'https://github.com',
    GITHUB_API_URL: options.apiUrl,
    GITHUB_GRAPHQL_URL: `${options.apiUrl}/graphql`,
    GITHUB_WORKSPACE: options.workspace,
    GITHUB_STEP_SUMMARY: summaryFile,
    GITHUB_OUTPUT: outputFile,
    RUNNER_TEMP: io,
    CLAUDE_CODE_AUDIT_TEST_FAST_RETRY: '1',
    // Inputs as the runner passes them, with action.yml defaults.
    INPUT_TOKEN: 'test-token',
    'INPUT_SARIF-FILE': 'claude-code-audit.sarif',
    ...Object.fromEntries(Object.entries(options.inputs ?? {}).map(([k, v]) => [`INPUT_${k.toUpperCase()}`, v])),
    ...options.env
  }
  const { code, stdout, stderr } = await new Promise<{ code: number | null; stdout: string; stderr: string }>(
    (done) => {
      execFile(
        process.execPath,
        [BUNDLE],
        { cwd: options.workspace, env, timeout: options.timeoutMs ?? 20_000, maxBuffer: 64 * 1024 * 1024 },
        (error, stdout, stderr) => {
          const code = error ? (typeof error.code === 'number' ? error.code : null) : 0
          done({ code, stdout, stderr })
        }
      )
    }
  )
  return {
    code,
    stdout,
    stderr,
    outputs: parseOutputs(readFileSync(outputFile, 'utf8')),
    summary: readFileSync(summaryFile, 'utf8'),
    workspace: options.workspace,
    commands: (kind) => stdout.split(/\r?\n/).filter((l) => l.startsWith(`::${kind}`))
  }
}

/** Parses the `name<<delimiter` blocks `core.setOutput` writes to `GITHUB_OUTPUT`. */
export function parseOutputs(text: string): Record<string, string> {
  const out: Record<string, string> = {}
  const lines = text.split('\n')
  for (let i = 0; i < lines.length; i++) {
    const m = lines[i]!.match(/^([^<=]+)<<(.+)$/)
    if (!m) continue
    const value: string[] = []
    for (i++; i < lines.length && lines[i] !== m[2]; i++) value.push(lines[i]!)
    out[m[1]!] = value.join('\n')
  }
  return out
}
