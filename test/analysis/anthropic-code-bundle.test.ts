/**
 * The bundled CLI parses SDK code: the tree-sitter runtime starts inside the
 * CommonJS bundle (run as a vm.Script through the code cache) and loads the
 * grammars from dist/tree-sitter/. Skipped when `npm run build` has not run.
 */
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { spawnSync } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { join } from 'node:path'
import { tmpdir } from 'node:os'
import { CLI, HAVE_CLI } from '../hardening/helpers.js'
import { writeFixture } from '../rules/harness.js'

test('the CLI bundle reads Python and TSX Agent SDK code from syntax trees', { skip: !HAVE_CLI && 'dist/cli.js not built' }, () => {
  const dir = writeFixture({
    'agent.py': `from claude_agent_sdk import ClaudeAgentOptions, query


async def main():
    async for m in query(prompt="fix the tests", options=ClaudeAgentOptions(model="sonnet")):
        print(m)
`,
    'web/Run.tsx': `import { query } from '@anthropic-ai/claude-agent-sdk'
export const Run = () => <button onClick={() => query({ prompt: 'go', options: { cwd: '.' } })}>Press \`</button>
`
  })
  const cache = mkdtempSync(join(tmpdir(), 'cca-cache-'))
  try {
    // The first run compiles and saves the code cache; the second starts from it.
    for (const run of ['first', 'cached']) {
      const r = spawnSync(process.execPath, [CLI, dir, '--format', 'json', '--min-severity', 'info', '--fail-on', 'never'], {
        encoding: 'utf8',
        env: { ...process.env, CLAUDE_CODE_AUDIT_CACHE_DIR: cache },
        timeout: 120_000
      })
      assert.equal(r.status, 0, `${run}: ${r.stderr}`)
      const report = JSON.parse(r.stdout) as { findings: { ruleId: string; file: string; line: number; column: number }[] }
      assert.deepEqual(
        report.findings.map((f) => `${f.ruleId} ${f.file}:${f.line}:${f.column}`),
        ['no-turn-limit agent.py:5:20', 'no-turn-limit web/Run.tsx:2:49', 'model-not-pinned web/Run.tsx:2:49'],
        run
      )
    }
  } finally {
    rmSync(dir, { recursive: true, force: true })
    rmSync(cache, { recursive: true, force: true })
  }
})
