/**
 * `fix` on a copy of the example repository: findings the planned edits
 * resolve are not listed as "Not fixed", even when another rule's change
 * resolves them (moving the v0 `max_turns` input into `claude_args` also ends
 * the no-turn-limit finding of that run), and what is listed still stands
 * after the fix.
 */
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { cpSync, mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { runAudit } from '../../src/audit.js'
import { renderFix, runFix } from '../../src/fix/index.js'
import { gitCommit } from '../rules/harness.js'
import { cleanup } from './helpers.js'

const EXAMPLE = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', 'examples', 'insecure-repo')
const WF = '.github/workflows/claude.yml'

function copyExample(): string {
  const dir = mkdtempSync(join(tmpdir(), 'cca-fix-example-'))
  cpSync(EXAMPLE, dir, { recursive: true, verbatimSymlinks: true })
  gitCommit(dir, true)
  return dir
}

/** The lines of the "Not fixed" section of `renderFix`. */
function notFixed(text: string): string[] {
  const lines = text.split('\n')
  const start = lines.indexOf('Not fixed:')
  if (start < 0) return []
  const out: string[] = []
  for (const l of lines.slice(start + 1)) {
    if (!l.startsWith('  ')) break
    out.push(l)
  }
  return out
}

/** An Agent SDK session of the example's code without a model: fix pins workflow runs only. */
const SDK_MODEL = '  src/summarise.ts:159: no mechanical fix for this case; see the finding [model-not-pinned]'

const NETWORK = [
  '  1 finding skipped: pinning MCP servers needs the package registry (npm, PyPI) or the container registry to find the exact version or digest to pin; fix does not use the network, so pin them by hand (`@scope/pkg@1.2.3`, `image@sha256:…`) [mcp-unpinned]',
  '  1 finding skipped: pinning actions to commit SHAs needs GitHub to resolve each tag; fix does not use the network, so replace `@v1` with `@<40-hex-sha> # v1.x.y` by hand (or with a pinning tool) [unpinned-action]',
  '  1 finding skipped: pinning plugin marketplaces needs GitHub to resolve the commit; fix does not use the network, so add the full commit SHA as `ref` by hand [plugin-unpinned]'
]

test('fix on the example repository: a finding another change resolves is not listed as not fixed', async () => {
  const dir = copyExample()
  try {
    const before = await runAudit({ root: dir, minSeverity: 'info' })
    // The run on @v1 has no effective turn cap: its `max_turns` is a v0 input.
    assert.ok(before.findings.some((f) => f.ruleId === 'no-turn-limit' && f.file === WF && f.line === 23))
    const dry = await runFix({ root: dir, dryRun: true })
    const text = renderFix(dry, true)
    assert.match(text, /line 28: moved v0 input `max_turns` to `claude_args: --max-turns 10` \[ineffective-setting\]/)
    assert.doesNotMatch(text, /claude\.yml:23: no mechanical fix for this case; see the finding \[no-turn-limit\]/)
    assert.deepEqual(notFixed(text), [
      `  ${WF}:23: no model chosen: run fix with --model <id> to pin one [model-not-pinned]`,
      `  ${WF}:34: no model chosen: run fix with --model <id> to pin one [model-not-pinned]`,
      `  ${WF}:38: .github/workflows/release.yml was not found or does not parse [secrets-inherit]`,
      ...NETWORK,
      SDK_MODEL
    ])

    // With a model chosen, only what needs a decision or the network is left.
    const withModel = await runFix({ root: dir, dryRun: true, values: { model: 'claude-sonnet-4-6' } })
    assert.deepEqual(notFixed(renderFix(withModel, true)), [
      `  ${WF}:38: .github/workflows/release.yml was not found or does not parse [secrets-inherit]`,
      ...NETWORK,
      SDK_MODEL
    ])

    // The real run: the no-turn-limit finding is gone, what was listed remains.
    const real = await runFix({ root: dir })
    assert.deepEqual(
      real.skips.map((s) => [s.ruleId, s.file, s.line]),
      dry.skips.map((s) => [s.ruleId, s.file, s.line])
    )
    const after = await runAudit({ root: dir, minSeverity: 'info' })
    const inWf = (rule: string): number => after.findings.filter((f) => f.ruleId === rule && f.file === WF).length
    assert.equal(inWf('no-turn-limit'), 0)
    assert.equal(inWf('ineffective-setting'), 0)
    assert.equal(inWf('model-not-pinned'), 2)
    assert.equal(inWf('secrets-inherit'), 1)
  } finally {
    cleanup(dir)
  }
})
