import { test } from 'node:test'
import assert from 'node:assert/strict'
import { spawnSync } from 'node:child_process'
import { chmodSync, cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { isDeepStrictEqual } from 'node:util'
import { PARSE_CACHE_HANDLE, parseCacheStats, resetParseCache, saveParseCache } from '../src/parse/parse-cache.js'
import { parseYaml, type PathSeg } from '../src/parse/doc.js'
import { SourceFile } from '../src/parse/source.js'
import { forgetShellParses, parseShell } from '../src/shell/parse.js'

function scratch(): string {
  return mkdtempSync(join(tmpdir(), 'cca-parse-cache-'))
}

/** Runs `fn` with a parse cache handed over as the launcher does, then removes it. */
function withCache<T>(dir: string, build: string, fn: () => T): T {
  const g = globalThis as Record<symbol, unknown>
  g[PARSE_CACHE_HANDLE] = { dir, file: 'parse-test.bin', build }
  resetParseCache()
  forgetShellParses()
  try {
    return fn()
  } finally {
    delete g[PARSE_CACHE_HANDLE]
    resetParseCache()
  }
}

const WORKFLOW = `name: review
on:
  pull_request_target:
    types: [opened]
jobs:
  review:
    runs-on: ubuntu-latest
    steps:
      - uses: anthropics/claude-code-action@v1
        with:
          prompt: "Review \${{ github.event.pull_request.title }}"
          claude_args: --max-turns 5
`
const PATHS: PathSeg[][] = [
  [],
  ['on'],
  ['jobs', 'review', 'steps', 0, 'uses'],
  ['jobs', 'review', 'steps', 0, 'with', 'prompt'],
  ['jobs', 'nope']
]

/** What a document answers: its value, errors, and spans (as offsets) of each path and part. */
function answers(text: string): unknown {
  const doc = parseYaml(new SourceFile('.github/workflows/x.yml', text))
  const spans = PATHS.flatMap((p) =>
    (['key', 'value', 'pair'] as const).map((part) => {
      const s = doc.span(p, part)
      return s && [s.start, s.end]
    })
  )
  return { value: doc.value, errors: doc.errors, spans }
}

const SCRIPTS = [
  'set -euo pipefail\nout=$(gh pr view "$PR" --json title -q .title)\necho "title=$out" >> "$GITHUB_OUTPUT" | tee -a log\nclaude -p "$out" --max-turns 3',
  'if [ -n "$X" ]; then exit 2; fi\nfor f in a b; do echo "$f"; done\nf() { rm -rf "$1" || true; }\ntrap "exit 1" ERR',
  'echo "unterminated'
]

test('parse cache: a second run reads the same YAML documents and shell scripts from the cache, and makes no parse', () => {
  const dir = scratch()
  try {
    // A maximum length of its own takes parseShell past both caches.
    const fresh = { yaml: answers(WORKFLOW), sh: SCRIPTS.map((s) => parseShell(`${s}\n# first`, { maxLength: 1e6 })) }
    const first = withCache(dir, 'b1', () => {
      const r = { yaml: answers(WORKFLOW), sh: SCRIPTS.map((s) => parseShell(`${s}\n# first`)) }
      assert.deepEqual(parseCacheStats(), { hits: 0, misses: 1 + SCRIPTS.length })
      saveParseCache()
      return r
    })
    assert.deepEqual(readdirSync(dir), ['parse-test.bin'])
    withCache(dir, 'b1', () => {
      const yaml = answers(WORKFLOW)
      const sh = SCRIPTS.map((s) => parseShell(`${s}\n# first`))
      assert.deepEqual(parseCacheStats(), { hits: 1 + SCRIPTS.length, misses: 0 })
      assert.deepEqual(yaml, fresh.yaml)
      assert.deepEqual(yaml, first.yaml)
      // Exactly the parse's data: same values, same shared and circular references (pipes).
      for (let i = 0; i < SCRIPTS.length; i++)
        assert.ok(
          isDeepStrictEqual(
            JSON.parse(JSON.stringify(sh[i], cycles())),
            JSON.parse(JSON.stringify(fresh.sh[i], cycles()))
          ),
          SCRIPTS[i]
        )
      const piped = sh[0].commands.find((c) => c.name === 'echo' && c.pipeNext)
      assert.ok(piped?.pipeNext?.pipedFrom === piped, 'a pipe links both ways to the same command')
      assert.equal(sh[0].pipelines[0][0], piped, 'pipelines hold the commands themselves')
    })
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
})

/** JSON.stringify replacer that writes a command's pipe links as their offsets (they make cycles). */
function cycles(): (key: string, value: unknown) => unknown {
  return (key, value) => (key === 'pipeNext' || key === 'pipedFrom' ? (value as { start: number }).start : value)
}

test('parse cache: every shell parse of the rule fixtures is plain data that the cache returns unchanged', async () => {
  const { serialize, deserialize } = await import('node:v8')
  const texts = new Set<string>()
  const walk = (d: string): void => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const p = join(d, e.name)
      if (e.isDirectory()) walk(p)
      else if (/\.(ya?ml|ts)$/.test(e.name))
        for (const m of readFileSync(p, 'utf8').matchAll(/run: \|\n((?:[ \t]+.*\n?)+)/g))
          texts.add(m[1].replace(/^[ \t]+/gm, ''))
      else if (/\.sh$/.test(e.name)) texts.add(readFileSync(p, 'utf8'))
    }
  }
  walk('examples')
  walk('test')
  assert.ok(texts.size > 50, `found ${texts.size} scripts`)
  for (const t of texts) {
    const parsed = parseShell(t)
    // What the cache does to a value: the structured clone keeps plain data, and nothing else.
    assert.ok(isDeepStrictEqual(deserialize(serialize(parsed)), parsed), `not plain data: ${t.slice(0, 60)}`)
  }
})

test('parse cache: a document that is not plain (an alias) or has errors is parsed again; another build starts empty', () => {
  const dir = scratch()
  try {
    const alias = 'a: &x 1\nb: *x\n'
    const broken = 'a: [1, 2\n'
    const expected = { alias: answers(alias), broken: answers(broken) }
    withCache(dir, 'b1', () => {
      answers(alias)
      answers(broken)
      answers(WORKFLOW)
      saveParseCache()
    })
    withCache(dir, 'b1', () => {
      assert.deepEqual(answers(alias), expected.alias)
      assert.deepEqual(answers(broken), expected.broken)
      answers(WORKFLOW)
      assert.deepEqual(parseCacheStats(), { hits: 1, misses: 2 })
    })
    withCache(dir, 'b2', () => {
      answers(WORKFLOW)
      assert.deepEqual(parseCacheStats(), { hits: 0, misses: 1 }, 'a cache of another build is not read')
    })
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
})

test('parse cache: a corrupt file, a file others may write and an entry of another text are never used', () => {
  const dir = scratch()
  try {
    const edited = WORKFLOW.replace('--max-turns 5', '--max-turns 50')
    const expected = { plain: answers(WORKFLOW), edited: answers(edited) }
    writeFileSync(join(dir, 'parse-test.bin'), 'not a cache', { mode: 0o600 })
    withCache(dir, 'b1', () => {
      assert.deepEqual(answers(WORKFLOW), expected.plain)
      assert.deepEqual(parseCacheStats(), { hits: 0, misses: 1 })
      saveParseCache()
    })
    chmodSync(join(dir, 'parse-test.bin'), 0o666)
    withCache(dir, 'b1', () => {
      answers(WORKFLOW)
      assert.deepEqual(parseCacheStats(), { hits: 0, misses: 1 }, 'a file others may write is not read')
    })
    chmodSync(join(dir, 'parse-test.bin'), 0o600)
    withCache(dir, 'b1', () => {
      assert.deepEqual(answers(edited), expected.edited)
      assert.deepEqual(parseCacheStats(), { hits: 0, misses: 1 }, 'an edited text is parsed again')
    })
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
})

const CLI = resolve('dist/cli.cjs')
test(
  'bundled CLI: an audit keeps its parses, the next audit of the same repository reads them, and an edited workflow is read anew',
  { skip: !existsSync(CLI) },
  () => {
    const dir = scratch()
    try {
      const repo = join(dir, 'repo')
      cpSync('examples/insecure-repo', repo, { recursive: true })
      const cache = join(dir, 'c')
      const env: NodeJS.ProcessEnv = {
        ...process.env,
        CLAUDE_CODE_AUDIT_CACHE_DIR: cache,
        CLAUDE_CODE_AUDIT_DEBUG_CACHE: '1'
      }
      delete env.CLAUDE_CODE_AUDIT_NO_CACHE
      delete env.CLAUDE_CODE_AUDIT_NO_PARSE_CACHE
      const run = (extra: NodeJS.ProcessEnv = {}): { out: string; err: string } => {
        const r = spawnSync(process.execPath, [CLI, repo, '--format', 'json', '--fail-on', 'never'], {
          env: { ...env, ...extra },
          encoding: 'utf8'
        })
        assert.equal(r.status, 0, r.stderr)
        return { out: r.stdout, err: r.stderr }
      }
      const counts = (err: string): number[] => {
        const m = /parse cache (\d+) hits, (\d+) misses/.exec(err)
        assert.ok(m, err)
        return [Number(m[1]), Number(m[2])]
      }
      const a = run()
      const [, parsed] = counts(a.err)
      assert.match(a.err, /parse cache 0 hits, \d+ misses, saved\n/)
      assert.equal(readdirSync(cache).filter((n) => n.startsWith('parse-')).length, 1)
      const b = run()
      const [kept, again] = counts(b.err)
      // Documents that are not plain data (aliases, errors) are parsed on every run; the rest is read.
      assert.ok(kept > 5, b.err)
      assert.equal(kept + again, parsed)
      assert.doesNotMatch(b.err, /saved/, 'nothing new: the file is not written again')
      assert.equal(b.out, a.out)

      // An edit: the workflow is parsed again and the report follows it.
      const wf = join(repo, '.github/workflows/claude.yml')
      const text = readFileSync(wf, 'utf8')
      assert.match(text, /pull_request_target/)
      writeFileSync(wf, text.replaceAll('pull_request_target', 'workflow_dispatch'))
      const c = run()
      assert.deepEqual(counts(c.err), [kept - 1, again + 1])
      assert.match(c.err, /saved/)
      const off = run({ CLAUDE_CODE_AUDIT_NO_PARSE_CACHE: '1' })
      assert.doesNotMatch(off.err, /parse cache/)
      assert.equal(c.out, off.out)
      assert.notEqual(c.out, a.out)
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  }
)

const LONG_PROMPT = 'Review the change carefully and explain every risk you find. '.repeat(200)
const API_CODE: Record<string, string> = {
  'src/review.ts': `import Anthropic from '@anthropic-ai/sdk'
import { query } from '@anthropic-ai/claude-agent-sdk'

const client = new Anthropic()
const SYSTEM_PROMPT = "${LONG_PROMPT}"

export async function review(diff: string) {
  return client.messages.create({ model: 'claude-sonnet-4-5-20250929', max_tokens: 1024, system: SYSTEM_PROMPT, messages: [{ role: 'user', content: diff }] })
}

export function fix() {
  return query({ prompt: 'fix it', options: { permissionMode: 'bypassPermissions', allowedTools: ['Bash', 'Edit'] } })
}
`,
  'agent/run.py': `from claude_agent_sdk import query, ClaudeAgentOptions

options = ClaudeAgentOptions(env={"CLAUDE_CODE_USE_BEDROCK": "1"}, allowed_tools=["Bash"])

async def main():
    async for m in query(prompt="go", options=options):
        print(m)
`,
  // A stretch tree-sitter cannot read around an API call: reported by file-skipped on every run.
  'src/broken.ts':
    "import { query } from '@anthropic-ai/claude-agent-sdk'\nconst r = query({ prompt: 'x', options: { cwd: '.' } ]\n"
}

test('parse cache: a repeat audit takes the Anthropic API rules\u2019 answers for an unchanged code file without parsing it', async () => {
  const { writeFixture } = await import('./rules/harness.js')
  const { runAudit } = await import('../src/audit.js')
  const { codeParses } = await import('../src/parse/code.js')
  const repo = writeFixture(API_CODE)
  const dir = scratch()
  try {
    const audit = async (): Promise<string> => {
      const r = await runAudit({ root: repo, minSeverity: 'info' })
      return JSON.stringify(
        r.findings.map((f) => [f.ruleId, f.file, f.line, f.column, f.endColumn, f.severity, f.message])
      )
    }
    const expected = await audit()
    const rules = new Set((JSON.parse(expected) as string[][]).map((f) => f[0]))
    for (const id of [
      'inline-system-prompt',
      'prompt-caching-missing',
      'no-turn-limit',
      'bypass-permissions',
      'permission-mode-unset',
      'file-skipped'
    ])
      assert.ok(rules.has(id), `the fixture exercises ${id}: ${expected}`)
    withCache(dir, 'b1', () => undefined)
    const g = globalThis as Record<symbol, unknown>
    const first = await (async () => {
      g[PARSE_CACHE_HANDLE] = { dir, file: 'parse-test.bin', build: 'b1' }
      resetParseCache()
      try {
        const out = await audit()
        saveParseCache()
        return out
      } finally {
        delete g[PARSE_CACHE_HANDLE]
        resetParseCache()
      }
    })()
    assert.equal(first, expected)
    g[PARSE_CACHE_HANDLE] = { dir, file: 'parse-test.bin', build: 'b1' }
    resetParseCache()
    try {
      const before = codeParses()
      const second = await audit()
      assert.equal(second, expected, 'the same findings from the kept answers')
      // Only the file tree-sitter cannot fully read is parsed again (and reported as not read in full again).
      assert.equal(codeParses() - before, 1)
    } finally {
      delete g[PARSE_CACHE_HANDLE]
      resetParseCache()
    }
  } finally {
    rmSync(dir, { recursive: true, force: true })
    rmSync(repo, { recursive: true, force: true })
  }
})

test('parse cache in memory: the base of a pull request reads the head\u2019s parses of the files they share', async () => {
  const { writeFixture } = await import('./rules/harness.js')
  const { runAudit } = await import('../src/audit.js')
  const { codeParses } = await import('../src/parse/code.js')
  const { sharingParses } = await import('../src/parse/parse-cache.js')
  const repo = writeFixture({ ...API_CODE, '.github/workflows/review.yml': WORKFLOW })
  try {
    const audit = async (): Promise<string> =>
      JSON.stringify((await runAudit({ root: repo, minSeverity: 'info' })).findings)
    const alone = await audit()
    assert.equal(parseCacheStats(), undefined, 'no cache outside')
    await sharingParses(async () => {
      assert.equal(await audit(), alone)
      const first = parseCacheStats()
      const before = codeParses()
      assert.equal(await audit(), alone, 'the same findings from the shared parses')
      const second = parseCacheStats()
      assert.ok(first && second && first.misses > 0)
      // The workflow and every answer of the fully read code files come from memory; the file
      // tree-sitter cannot read in full is parsed again.
      assert.equal(codeParses() - before, 1)
      assert.ok(second.hits - first.hits >= 7, JSON.stringify({ first, second }))
    })
    assert.equal(parseCacheStats(), undefined, 'gone afterwards')
  } finally {
    rmSync(repo, { recursive: true, force: true })
  }
})
