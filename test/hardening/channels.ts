/**
 * Every output channel of the tool, rendered from one AuditResult, plus the
 * checks that hostile text must pass on each: Markdown/HTML (comment, job
 * summary, check-run summary, CLI markdown), workflow commands (annotations
 * and everything else the action prints), terminal text, and data (JSON,
 * SARIF, check-run annotations). Also runs the action from source (no
 * bundle needed) against the fake GitHub API.
 */
import assert from 'node:assert/strict'
import { execFile } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { AuditResult } from '../../src/core/types.js'
import { emitAnnotations, planAnnotations, type AnnotationPlan } from '../../src/report/annotations.js'
import { renderCheckRun, type CheckRunOutput } from '../../src/report/check-run.js'
import { renderCliMarkdown } from '../../src/report/cli-markdown.js'
import { renderComment } from '../../src/report/comment.js'
import { renderJson } from '../../src/report/json.js'
import type { ReportContext } from '../../src/report/markdown.js'
import { renderSarif } from '../../src/report/sarif.js'
import { renderSummary } from '../../src/report/summary.js'
import { renderText } from '../../src/report/text.js'
import { ROOT } from './helpers.js'

/** Report context of a failing pull-request run. */
export function prContext(result: AuditResult): ReportContext {
  const blocking = result.findings.filter((f) => f.severity === 'critical' || f.severity === 'high').length
  return {
    serverUrl: 'https://github.com',
    owner: 'octo-org',
    repo: 'demo',
    sha: 'a1b2c3d4e5f60718293a4b5c6d7e8f9012345678',
    failOn: 'high',
    conclusion: blocking > 0 ? 'failure' : result.findings.length > 0 ? 'neutral' : 'success',
    blocking
  }
}

/** Runs `fn` while collecting what it writes to process.stdout (synchronously). */
export function captureStdout(fn: () => void): string {
  const chunks: string[] = []
  const write = process.stdout.write.bind(process.stdout)
  process.stdout.write = ((chunk: string | Uint8Array): boolean => {
    chunks.push(typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8'))
    return true
  }) as typeof process.stdout.write
  try {
    fn()
  } finally {
    process.stdout.write = write
  }
  return chunks.join('')
}

/** Every channel's rendering of one result. */
export interface Rendered {
  text: string
  json: string
  sarif: string
  markdown: string
  comment: string
  summary: string
  checkRun: CheckRunOutput
  /** Workflow commands written to stdout by emitAnnotations. */
  annotations: string
  plan: AnnotationPlan
}

/** Renders `result` on every channel. */
export function renderAll(result: AuditResult): Rendered {
  const ctx = prContext(result)
  const plan = planAnnotations(result.findings)
  return {
    text: renderText(result, { color: false, rootLabel: '.' }),
    json: renderJson(result),
    sarif: renderSarif(result),
    markdown: renderCliMarkdown(result),
    comment: renderComment(result, ctx),
    summary: renderSummary(result, ctx),
    checkRun: renderCheckRun(result, ctx),
    annotations: captureStdout(() => emitAnnotations(plan)),
    plan
  }
}

/** All channels as one list of (name, text) pairs, for leak checks. */
export function channelTexts(r: Rendered): [string, string][] {
  return [
    ['text', r.text],
    ['json', r.json],
    ['sarif', r.sarif],
    ['markdown', r.markdown],
    ['comment', r.comment],
    ['summary', r.summary],
    ['check-run', JSON.stringify(r.checkRun)],
    ['annotations', r.annotations]
  ]
}

// ---------------------------------------------------------------------------
// Workflow commands (actions/toolkit command.ts).

/** A parsed `::name k=v,k=v::message` line, values decoded. */
export interface WorkflowCommand {
  name: string
  properties: Record<string, string>
  message: string
  raw: string
}

/** Undoes escapeData: %25, %0D, %0A. Fails on any other `%`. */
export function decodeData(s: string, raw: string): string {
  assert.ok(!/%(?!25|0D|0A)/.test(s), `unescaped % in ${JSON.stringify(raw)}`)
  return s.replace(/%0D/g, '\r').replace(/%0A/g, '\n').replace(/%25/g, '%')
}

/** Undoes escapeProperty: also %3A and %2C. Fails on any other `%`, or a raw `:` or `,`. */
export function decodeProperty(s: string, raw: string): string {
  assert.ok(!/[:,]/.test(s), `unescaped : or , in property ${JSON.stringify(s)} of ${JSON.stringify(raw)}`)
  assert.ok(!/%(?!25|0D|0A|3A|2C)/.test(s), `unescaped % in property of ${JSON.stringify(raw)}`)
  return s.replace(/%0D/g, '\r').replace(/%0A/g, '\n').replace(/%3A/g, ':').replace(/%2C/g, ',').replace(/%25/g, '%')
}

/** Parses one stdout line that starts with `::`, checking the toolkit's escaping rules. */
export function parseCommand(line: string): WorkflowCommand {
  const m = /^::([A-Za-z-]+)(?: ([^:]*))?::(.*)$/s.exec(line)
  assert.ok(m, `not a well-formed workflow command: ${JSON.stringify(line)}`)
  const properties: Record<string, string> = {}
  if (m[2]) {
    for (const pair of m[2].split(',')) {
      const eq = pair.indexOf('=')
      assert.ok(eq > 0, `property without '=' in ${JSON.stringify(line)}`)
      properties[pair.slice(0, eq)] = decodeProperty(pair.slice(eq + 1), line)
    }
  }
  return { name: m[1] as string, properties, message: decodeData(m[3] as string, line), raw: line }
}

/** Commands the tool itself may issue on stdout. */
export const ALLOWED_COMMANDS = new Set(['group', 'endgroup', 'error', 'warning', 'notice', 'debug'])

/**
 * Stdout lines (split the way the runner splits: CR, LF, CRLF) that start with
 * `::`, each parsed and checked; fails on any command outside `allowed`.
 */
export function workflowCommands(stdout: string, allowed = ALLOWED_COMMANDS): WorkflowCommand[] {
  const out: WorkflowCommand[] = []
  for (const line of stdout.split(/\r\n|\r|\n/)) {
    // The runner also accepts leading whitespace before `::`? It does not, but be strict anyway.
    if (!line.trimStart().startsWith('::')) continue
    assert.ok(line.startsWith('::'), `indented workflow command ${JSON.stringify(line)}`)
    const cmd = parseCommand(line)
    assert.ok(allowed.has(cmd.name), `forged or unexpected workflow command ::${cmd.name} in ${JSON.stringify(line)}`)
    out.push(cmd)
  }
  return out
}

// ---------------------------------------------------------------------------
// Markdown / HTML channels.

/** Tags the renderers write themselves. */
const OWN_TAGS = /^<(?:\/?(?:details|summary|strong|sub|code)>|br>|!-- claude-code-audit -->)/

/** Removes fenced code blocks (trusted remedy snippets), returning them separately. */
function splitFences(md: string): { prose: string; fences: string[] } {
  const fences: string[] = []
  const prose = md.replace(/^( *)```[^\n]*\n[\s\S]*?^\1```$/gm, (block) => {
    fences.push(block)
    return ''
  })
  return { prose, fences }
}

/** Index of every character not escaped by an odd run of backslashes. */
function unescapedIndexes(s: string, ch: string): number[] {
  const out: number[] = []
  for (let i = 0; i < s.length; i++) {
    if (s[i] === '\\') {
      i++
      continue
    }
    if (s[i] === ch) out.push(i)
  }
  return out
}

/** Link targets the renderers produce: GitHub blob links, docs links, repository-relative paths. */
const SAFE_TARGET = /^(?:https:\/\/[^\s()<>"'`]+|[A-Za-z0-9._~%/-]+(?:#L\d+(?:-L\d+)?)?)$/

/**
 * Asserts that a Markdown channel cannot be steered by hostile text: no HTML
 * but our own tags, balanced `<details>`, no live `@mention`, no link to a
 * target we did not build, every table row with the header's column count,
 * no raw control, CR or bidi-override character. `markers` are hostile
 * strings that must not occur inside fenced code (where nothing is escaped).
 */
export function assertSafeMarkdown(md: string, channel: string, markers: readonly string[] = []): void {
  const { prose, fences } = splitFences(md)
  for (const fence of fences) {
    for (const m of markers)
      assert.ok(!fence.includes(m), `${channel}: hostile ${JSON.stringify(m)} inside a code fence`)
  }
  assert.ok(!/<script/i.test(md), `${channel}: raw <script`)
  for (const i of unescapedIndexes(prose, '<')) {
    const rest = prose.slice(i, i + 40)
    assert.ok(OWN_TAGS.test(rest), `${channel}: raw HTML ${JSON.stringify(rest)}`)
  }
  const count = (re: RegExp): number => (prose.match(re) ?? []).length
  assert.equal(count(/<details>/g), count(/<\/details>/g), `${channel}: unbalanced <details>`)
  assert.equal(count(/<summary>/g), count(/<\/summary>/g), `${channel}: unbalanced <summary>`)
  assert.ok(count(/<!--/g) <= 1, `${channel}: HTML comment other than the marker`)
  const mention = /(?:^|\W)@(?!\u200d)[A-Za-z0-9]/m.exec(prose)
  assert.equal(
    mention,
    null,
    `${channel}: live mention ${JSON.stringify(mention && prose.slice(mention.index, mention.index + 30))}`
  )
  // Links: every unescaped `](` opens a target we built.
  for (const i of unescapedIndexes(prose, ']')) {
    if (prose[i + 1] !== '(') continue
    const close = prose.indexOf(')', i + 2)
    const target = prose.slice(i + 2, close < 0 ? undefined : close)
    assert.ok(SAFE_TARGET.test(target), `${channel}: link target ${JSON.stringify(target)}`)
  }
  assert.ok(!/\]\(\s*javascript:/i.test(prose.replace(/\\./g, '__')), `${channel}: javascript: link`)
  // Tables: rows keep the header's number of cells.
  const lines = prose.split('\n')
  let columns = -1
  for (const line of lines) {
    if (!line.startsWith('|')) {
      columns = -1
      continue
    }
    const pipes = unescapedIndexes(line, '|').length
    if (columns < 0) columns = pipes
    else
      assert.equal(
        pipes,
        columns,
        `${channel}: table row with ${pipes - 1} cells instead of ${columns - 1}: ${JSON.stringify(line.slice(0, 200))}`
      )
  }
  assert.ok(!/[\r\u2028\u2029\u0085]/.test(md), `${channel}: line break other than LF`)
  assert.ok(!/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]/.test(md), `${channel}: control character`)
  assert.ok(!/[\u202a-\u202e\u2066-\u2069]/.test(md), `${channel}: bidi override`)
}

/** Control characters a terminal may act on (C0 but TAB and LF, DEL, C1). */
export const TERMINAL_CONTROLS = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/

// ---------------------------------------------------------------------------
// The action, run from source.

/** What one action run produced. */
export interface SourceActionRun {
  code: number | null
  stdout: string
  stderr: string
  summary: string
}

/**
 * Runs src/index.ts (through tsx) the way the runner runs the bundle: inputs
 * as INPUT_* variables, event payload, step summary and outputs in temp files.
 */
export async function runActionFromSource(options: {
  workspace: string
  apiUrl: string
  inputs?: Record<string, string>
  timeoutMs?: number
}): Promise<SourceActionRun> {
  const io = mkdtempSync(join(tmpdir(), 'cca-hard-io-'))
  try {
    const summaryFile = join(io, 'summary.md')
    writeFileSync(summaryFile, '')
    writeFileSync(join(io, 'output.txt'), '')
    const event = join(ROOT, 'test', 'fixtures', 'events', 'pull_request.same-repo.json')
    const env: Record<string, string> = {
      PATH: process.env.PATH ?? '',
      HOME: process.env.HOME ?? '',
      GITHUB_ACTIONS: 'true',
      CI: 'true',
      GITHUB_EVENT_NAME: 'pull_request',
      GITHUB_EVENT_PATH: event,
      GITHUB_REPOSITORY: 'octo-org/demo',
      GITHUB_REPOSITORY_OWNER: 'octo-org',
      GITHUB_SHA: '0000111122223333444455556666777788889999',
      GITHUB_REF: 'refs/pull/7/merge',
      GITHUB_ACTOR: 'alice',
      GITHUB_RUN_ID: '4242',
      GITHUB_RUN_ATTEMPT: '1',
      GITHUB_JOB: 'audit',
      GITHUB_WORKFLOW: 'Audit',
      GITHUB_SERVER_URL: 'https://github.com',
      GITHUB_API_URL: options.apiUrl,
      GITHUB_GRAPHQL_URL: `${options.apiUrl}/graphql`,
      GITHUB_WORKSPACE: options.workspace,
      GITHUB_STEP_SUMMARY: summaryFile,
      GITHUB_OUTPUT: join(io, 'output.txt'),
      RUNNER_TEMP: io,
      RUNNER_DEBUG: '1',
      CLAUDE_CODE_AUDIT_TEST_FAST_RETRY: '1',
      INPUT_TOKEN: 'test-token',
      'INPUT_SARIF-FILE': 'claude-code-audit.sarif',
      ...Object.fromEntries(Object.entries(options.inputs ?? {}).map(([k, v]) => [`INPUT_${k.toUpperCase()}`, v]))
    }
    const { code, stdout, stderr } = await new Promise<{ code: number | null; stdout: string; stderr: string }>(
      (done) => {
        execFile(
          process.execPath,
          ['--import', 'tsx', join(ROOT, 'src', 'index.ts')],
          { cwd: ROOT, env, timeout: options.timeoutMs ?? 60_000, maxBuffer: 64 * 1024 * 1024 },
          (error, stdout, stderr) =>
            done({ code: error ? (typeof error.code === 'number' ? error.code : null) : 0, stdout, stderr })
        )
      }
    )
    return { code, stdout, stderr, summary: readFileSync(summaryFile, 'utf8') }
  } finally {
    rmSync(io, { recursive: true, force: true })
  }
}
