/**
 * The rules' program-code parts give the same findings wherever they run:
 * on this thread after each rule's check, from a result made on another
 * thread (serialised reports turned back into findings), and, when that
 * thread fails, on this thread again. The bundled CLI starts the real worker.
 */
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { spawnSync } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { availableParallelism, tmpdir } from 'node:os'
import { join } from 'node:path'
import { discover } from '../../src/discover.js'
import { buildCodeScope, buildProject } from '../../src/model/project.js'
import { runRules } from '../../src/core/engine.js'
import { codeJob, jobFiles, runCodeParts, type CodeResult } from '../../src/core/code-thread.js'
import { RULES } from '../../src/rules/index.js'
import type { Config } from '../../src/config.js'
import { prepareCodeParsing } from '../../src/parse/code.js'
import { CLI, HAVE_CLI } from '../hardening/helpers.js'
import { writeFixture } from '../rules/harness.js'

const LONG_PROMPT = 'You review code. '.repeat(700)

/** SDK and Messages API code that four of the five code parts report, a settings file, and a suppression. */
const FILES = {
  '.claude/settings.json': JSON.stringify({ permissions: { deny: ['Bash(rm -rf:*)'] } }, null, 2),
  'agent.py': `from claude_agent_sdk import ClaudeAgentOptions, query


async def main():
    opts = ClaudeAgentOptions(permission_mode="bypassPermissions")
    async for m in query(prompt="fix the tests", options=opts):
        print(m)
`,
  'bot.ts': `import Anthropic from '@anthropic-ai/sdk'
const client = new Anthropic()
export async function ask(q: string) {
  return client.messages.create({ model: 'claude-sonnet-4-5', max_tokens: 100, system: ${JSON.stringify(LONG_PROMPT)}, messages: [{ role: 'user', content: q }] })
}
`,
  'quiet.ts': `import { query } from '@anthropic-ai/claude-agent-sdk'
// claude-code-audit: ignore[no-turn-limit]
export const run = () => query({ prompt: 'go', options: { cwd: '.' } })
`
}

const config: Config = { ignore: [], rules: {} }

function view(findings: { ruleId: string; severity: string; file: string | null; line: number | null; column: number | null; fingerprint: string; message: string }[]): string[] {
  return findings.map((f) => `${f.ruleId} ${f.severity} ${f.file}:${f.line}:${f.column} ${f.fingerprint} ${f.message.slice(0, 60)}`)
}

async function audit(dir: string, code?: (files: Awaited<ReturnType<typeof discover>>) => Promise<CodeResult | undefined>): Promise<{ findings: string[]; skipped: string[]; errors: string[] }> {
  const files = await discover(dir)
  const project = await buildProject(files, { history: false, verifyHooks: false })
  const res = await runRules(project, RULES, config, code ? { code: code(files) } : {})
  return { findings: view(res.findings), skipped: project.reader.skipped.map((s) => s.file), errors: res.errors }
}

test('code parts: the same findings inline, from another thread’s result, and after a failed thread', async () => {
  const dir = writeFixture(FILES)
  try {
    const inline = await audit(dir)
    // What the parts report: the bypass, the missing turn cap (twice; one suppressed), the long uncached prompt.
    assert.deepEqual(
      inline.findings.filter((f) => /^(bypass-permissions|no-turn-limit|inline-system-prompt|prompt-caching-missing) /.test(f)).map((f) => f.split(' ').slice(0, 3).join(' ')),
      ['bypass-permissions high agent.py:5:47', 'no-turn-limit high agent.py:6:20', 'prompt-caching-missing low bot.ts:4:80', 'inline-system-prompt low bot.ts:4:88']
    )
    assert.deepEqual(inline.errors, [])
    const threaded = await audit(dir, async (files) => {
      const job = codeJob(
        files,
        { history: false, verifyHooks: false },
        RULES.map((r) => ({ id: r.meta.id, rule: r, options: { ...(r.meta.defaultOptions ?? {}) } })),
        60_000
      )
      assert.ok(job, 'a job: the fixture has code')
      // As the worker does: the file set rebuilt from the job, a scope of its own.
      const scope = buildCodeScope(jobFiles(job), job.options)
      await prepareCodeParsing()
      const result = runCodeParts(scope, RULES, job)
      // What crosses threads is plain data.
      return JSON.parse(JSON.stringify(result)) as CodeResult
    })
    assert.deepEqual(threaded, inline)
    const failed = await audit(dir, () => Promise.resolve(undefined))
    assert.deepEqual(failed, inline)
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
})

test('code parts: the job copies the file set compactly and the worker gets it back', async () => {
  const dir = writeFixture({ 'a.py': 'import anthropic\n', 'b/c.ts': 'x\n', 'README.md': '# r\n' })
  try {
    const files = await discover(dir)
    files.tracked = new Set(['a.py', 'README.md'])
    const job = codeJob(files, { history: false, verifyHooks: false }, RULES.map((r) => ({ id: r.meta.id, rule: r, options: {} })), 1000)
    assert.ok(job)
    assert.deepEqual(job.files.untracked, ['b/c.ts'])
    const back = jobFiles(job)
    assert.deepEqual(back.paths, files.paths)
    assert.deepEqual([...(back.tracked ?? [])].sort(), ['README.md', 'a.py'])
    assert.deepEqual(back.configPaths, files.configPaths)
    // Only rules with a code part are in the job.
    assert.deepEqual(job.rules.map((r) => r.id).sort(), RULES.filter((r) => r.checkCode).map((r) => r.meta.id).sort())
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
})

test('code parts: no job for a repository without Python or JS/TS files', async () => {
  const dir = writeFixture({ 'README.md': '# r\n', '.claude/settings.json': '{}' })
  try {
    const files = await discover(dir)
    assert.equal(codeJob(files, { history: false, verifyHooks: false }, RULES.map((r) => ({ id: r.meta.id, rule: r, options: {} })), 1000), undefined)
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
})

test('the bundled CLI runs the code parts on a worker thread when asked, with the same report as on one thread (the default)', { skip: (!HAVE_CLI && 'dist/cli.js not built') || (availableParallelism() < 2 && 'one core: no worker') }, () => {
  const dir = writeFixture(FILES)
  const cache = mkdtempSync(join(tmpdir(), 'cca-cache-'))
  try {
    const run = (env: Record<string, string>): { stdout: string; stderr: string } => {
      const r = spawnSync(process.execPath, [CLI, dir, '--format', 'json', '--min-severity', 'info', '--fail-on', 'never'], {
        encoding: 'utf8',
        env: { ...process.env, CLAUDE_CODE_AUDIT_CACHE_DIR: cache, CLAUDE_CODE_AUDIT_TIMING: '60', ...env },
        timeout: 120_000
      })
      assert.equal(r.status, 0, r.stderr)
      return r
    }
    const one = run({})
    const two = run({ CLAUDE_CODE_AUDIT_THREADS: '2' })
    const cached = run({ CLAUDE_CODE_AUDIT_THREADS: '2' })
    assert.match(two.stderr, /bypass-permissions \(code thread\)/)
    assert.doesNotMatch(one.stderr, /code thread/)
    assert.equal(two.stdout, one.stdout)
    assert.equal(cached.stdout, one.stdout)
    const report = JSON.parse(one.stdout) as { findings: { ruleId: string; file: string; line: number; column: number }[] }
    assert.deepEqual(
      report.findings.filter((f) => f.file !== null && /\.(py|ts)$/.test(f.file)).map((f) => `${f.ruleId} ${f.file}:${f.line}:${f.column}`),
      [
        'bypass-permissions agent.py:5:47',
        'no-turn-limit agent.py:6:20',
        'model-not-pinned agent.py:6:20',
        'model-not-pinned quiet.ts:3:26',
        'prompt-caching-missing bot.ts:4:80',
        'inline-system-prompt bot.ts:4:88'
      ]
    )
  } finally {
    rmSync(dir, { recursive: true, force: true })
    rmSync(cache, { recursive: true, force: true })
  }
})
