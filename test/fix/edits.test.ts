/**
 * Each kind of edit `fix` makes, checked byte for byte on copies of real
 * corpus files (a few inputs are added to real files where the corpus has no
 * example), and the cases it must leave alone.
 */
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { runAudit } from '../../src/audit.js'
import { renderFix, runFix } from '../../src/fix/index.js'
import { HAVE_CORPUS, cleanup, copyRepo } from './helpers.js'
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'

const read = (dir: string, p: string): string => readFileSync(join(dir, p), 'utf8')

/** `text` with `insert` added right after the first occurrence of `anchor`. */
function after(text: string, anchor: string, insert: string): string {
  const i = text.indexOf(anchor)
  assert.ok(i >= 0, `anchor ${JSON.stringify(anchor)} not found`)
  return text.slice(0, i + anchor.length) + insert + text.slice(i + anchor.length)
}

async function findingsOf(dir: string, rule: string, file?: string): Promise<number> {
  const r = await runAudit({ root: dir, minSeverity: 'info' })
  return r.findings.filter((f) => f.ruleId === rule && (file === undefined || f.file === file)).length
}

test('fix: job timeout after runs-on, persist-credentials on a one-key checkout step, flags on a block claude_args', async (t) => {
  if (!HAVE_CORPUS) return t.skip('../shared/corpus is not available')
  const dir = copyRepo('anthropics__claude-cookbooks')
  try {
    const p = '.github/workflows/notebook-quality.yml'
    const original = read(dir, p)
    const r = await runFix({ root: dir, values: { model: 'claude-haiku-4-5', maxTurns: 12, timeoutMinutes: 15 } })
    let expected = after(original, '  validate-notebooks:\n    runs-on: ubuntu-latest\n', '    timeout-minutes: 15\n')
    expected = after(
      expected,
      '      - uses: actions/checkout@v4\n',
      '        with:\n          persist-credentials: false\n'
    )
    expected = after(
      expected,
      '            --allowedTools "Bash(gh pr comment:*),Bash(cat:*),Read"\n',
      '            --max-turns 12 --model claude-haiku-4-5\n'
    )
    assert.equal(read(dir, p), expected)
    for (const rule of ['no-job-timeout', 'persisted-checkout-credentials', 'no-turn-limit', 'model-not-pinned']) {
      assert.equal(await findingsOf(dir, rule, p), 0, rule)
    }
    assert.ok(r.changes.some((c) => c.file === p && c.ruleId === 'no-turn-limit' && c.line === 58))
  } finally {
    cleanup(dir)
  }
})

test('fix: flags appended to a one-line claude_args; claude_args created at the end of with', async (t) => {
  if (!HAVE_CORPUS) return t.skip('../shared/corpus is not available')
  const dir = copyRepo('anthropics__claude-agent-sdk-python')
  try {
    const review = '.github/workflows/claude-code-review.yml'
    const triage = '.github/workflows/claude-issue-triage.yml'
    const r0 = read(dir, review)
    const t0 = read(dir, triage)
    await runFix({ root: dir, values: { model: 'claude-sonnet-4-6' } })
    let expected = after(r0, '    runs-on: ubuntu-latest\n', '    timeout-minutes: 30\n')
    expected = after(expected, '      with:\n        fetch-depth: 1\n', '        persist-credentials: false\n')
    expected = expected.replace(
      'claude_args: --model claude-opus-4-6\n',
      'claude_args: --model claude-opus-4-6 --max-turns 30\n'
    )
    assert.equal(read(dir, review), expected)
    let te = after(t0, '          fetch-depth: 0\n', '          persist-credentials: false\n')
    te = after(
      te,
      '          github_token: ${{ secrets.GITHUB_TOKEN }}\n',
      '          claude_args: --max-turns 30 --model claude-sonnet-4-6\n'
    )
    assert.equal(read(dir, triage), te)
    assert.equal(await findingsOf(dir, 'no-turn-limit'), 0)
  } finally {
    cleanup(dir)
  }
})

test('fix: without --model, runs keep their default model and the finding is listed as needing a decision', async (t) => {
  if (!HAVE_CORPUS) return t.skip('../shared/corpus is not available')
  const dir = copyRepo('modelcontextprotocol__python-sdk')
  try {
    const r = await runFix({ root: dir })
    assert.ok(!r.changes.some((c) => c.ruleId === 'model-not-pinned'))
    assert.ok(r.skips.some((s) => s.ruleId === 'model-not-pinned' && /run fix with --model <id>/.test(s.reason)))
    assert.equal(await findingsOf(dir, 'model-not-pinned'), 1)
    assert.equal(await findingsOf(dir, 'no-job-timeout'), 0)
  } finally {
    cleanup(dir)
  }
})

test('fix: v0 inputs on @v1 move to claude_args and the job timeout; inputs that widen access are left for review', async (t) => {
  if (!HAVE_CORPUS) return t.skip('../shared/corpus is not available')
  const dir = copyRepo('anthropics__claude-cookbooks')
  try {
    const p = '.github/workflows/claude-link-review.yml'
    // A real workflow with the v0 inputs people still write on @v1.
    const seeded = after(
      read(dir, p),
      '          prompt: "/link-review"\n',
      '          max_turns: "10"\n          model: claude-opus-4-1   # keep the big model\n          timeout_minutes: 20\n          allowed_tools: "Bash(npm test)"\n          mode: agent\n'
    )
    writeFileSync(join(dir, p), seeded)
    assert.equal(await findingsOf(dir, 'ineffective-setting', p), 5)
    const r = await runFix({ root: dir })
    const now = read(dir, p)
    let expected = seeded
      .replace('          max_turns: "10"\n', '')
      .replace('          model: claude-opus-4-1   # keep the big model\n', '')
      .replace('          timeout_minutes: 20\n', '')
      .replace('          mode: agent\n', '')
    expected = after(expected, '  link-review:\n    runs-on: ubuntu-latest\n', '    timeout-minutes: 20\n')
    expected = after(expected, '          fetch-depth: 0\n', '          persist-credentials: false\n')
    expected = after(expected, 'Read,Glob,Grep,WebFetch"\n', '            --max-turns 10 --model claude-opus-4-1\n')
    assert.equal(now, expected)
    assert.equal(await findingsOf(dir, 'ineffective-setting', p), 1)
    assert.equal(await findingsOf(dir, 'no-turn-limit', p), 0)
    assert.equal(await findingsOf(dir, 'model-not-pinned', p), 0)
    assert.equal(await findingsOf(dir, 'no-job-timeout', p), 0)
    const skip = r.skips.find((s) => s.ruleId === 'ineffective-setting' && s.file === p)
    assert.match(
      skip?.reason ?? '',
      /`allowed_tools`: ignored on @v1 today; making it effective would grant these tools to every run, so fix leaves it for review: use `claude_args: --allowedTools "Bash\(npm test\)"`/
    )
  } finally {
    cleanup(dir)
  }
})

test('fix: secrets: inherit becomes the secrets a local callee declares; other callees are skipped with the reason', async (t) => {
  if (!HAVE_CORPUS) return t.skip('../shared/corpus is not available')
  const dir = copyRepo('0xsend__sendapp')
  try {
    const caller = '.github/workflows/deploy-staging.yml'
    const c0 = read(dir, caller)
    // The corpus keeps only workflows that mention Claude or inherit; give one callee its declarations.
    writeFileSync(
      join(dir, '.github/workflows/build-distributor.yml'),
      'name: Build distributor\non:\n  workflow_call:\n    inputs:\n      environment: { type: string }\n    secrets:\n      DOCKERHUB_TOKEN:\n        required: true\n      SENTRY_AUTH_TOKEN:\n        required: false\njobs:\n  build:\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo "${{ secrets.DOCKERHUB_TOKEN }}" | docker login -u send --password-stdin\n'
    )
    const r = await runFix({ root: dir })
    const expected = c0.replace(
      '    uses: ./.github/workflows/build-distributor.yml\n    permissions:\n      contents: read\n      packages: write\n    with:\n      environment: staging\n    secrets: inherit\n',
      '    uses: ./.github/workflows/build-distributor.yml\n    permissions:\n      contents: read\n      packages: write\n    with:\n      environment: staging\n    secrets:\n      DOCKERHUB_TOKEN: ${{ secrets.DOCKERHUB_TOKEN }}\n      SENTRY_AUTH_TOKEN: ${{ secrets.SENTRY_AUTH_TOKEN }}\n'
    )
    assert.equal(read(dir, caller), expected)
    assert.equal(await findingsOf(dir, 'secrets-inherit', caller), 1) // build-shovel.yml: callee not in the repository copy
    assert.ok(
      r.skips.some(
        (s) => s.ruleId === 'secrets-inherit' && s.file === caller && /build-shovel\.yml was not found/.test(s.reason)
      )
    )
  } finally {
    cleanup(dir)
  }
  const sdk = copyRepo('anthropics__claude-agent-sdk-python')
  try {
    const p0 = read(sdk, '.github/workflows/publish.yml')
    const r = await runFix({ root: sdk })
    assert.equal(read(sdk, '.github/workflows/publish.yml'), p0)
    assert.ok(
      r.skips.some(
        (s) =>
          s.ruleId === 'secrets-inherit' &&
          /uses secrets it does not declare \(DEPLOY_KEY, PYPI_API_TOKEN\)/.test(s.reason)
      )
    )
  } finally {
    cleanup(sdk)
  }
})

test('fix: a remote reusable workflow is skipped, a callee without secrets loses `secrets: inherit`', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'cca-fix-'))
  try {
    mkdirSync(join(dir, '.github/workflows'), { recursive: true })
    const caller =
      'on: push\njobs:\n  remote:\n    uses: org/shared/.github/workflows/ci.yml@v1\n    secrets: inherit\n  local:\n    uses: ./.github/workflows/lint.yml\n    secrets: inherit  # everything\n'
    writeFileSync(join(dir, '.github/workflows/ci.yml'), caller)
    writeFileSync(
      join(dir, '.github/workflows/lint.yml'),
      'on:\n  workflow_call:\njobs:\n  lint:\n    runs-on: ubuntu-latest\n    steps:\n      - run: npm run lint\n'
    )
    const r = await runFix({ root: dir })
    assert.equal(read(dir, '.github/workflows/ci.yml'), caller.replace('    secrets: inherit  # everything\n', ''))
    assert.ok(
      r.skips.some(
        (s) =>
          s.ruleId === 'secrets-inherit' &&
          s.line === 5 &&
          /org\/shared\/.github\/workflows\/ci.yml@v1 is not in this repository/.test(s.reason)
      )
    )
  } finally {
    cleanup(dir)
  }
})

test('fix: `claude -p` in a run script gets --max-turns; CRLF and a BOM are kept', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'cca-fix-'))
  try {
    mkdirSync(join(dir, '.github/workflows'), { recursive: true })
    const wf = [
      'on: { schedule: [ { cron: "0 6 * * *" } ] }',
      'jobs:',
      '  nightly:',
      '    runs-on: ubuntu-latest',
      '    steps:',
      '      - run: |',
      '          npm ci',
      '          npx @anthropic-ai/claude-code@2.1.240 -p "summarise open issues" \\',
      '            --output-format json > out.json',
      ''
    ].join('\r\n')
    writeFileSync(join(dir, '.github/workflows/nightly.yml'), '\ufeff' + wf)
    await runFix({ root: dir, values: { model: 'claude-sonnet-4-6' } })
    const now = readFileSync(join(dir, '.github/workflows/nightly.yml'), 'utf8')
    const expected =
      '\ufeff' +
      wf
        .replace('    runs-on: ubuntu-latest\r\n', '    runs-on: ubuntu-latest\r\n    timeout-minutes: 30\r\n')
        .replace('claude-code@2.1.240 -p', 'claude-code@2.1.240 --max-turns 30 --model claude-sonnet-4-6 -p')
    assert.equal(now, expected)
    for (const rule of ['no-turn-limit', 'model-not-pinned', 'no-job-timeout'])
      assert.equal(await findingsOf(dir, rule), 0, rule)
  } finally {
    cleanup(dir)
  }
})

test('fix: leaves checkouts whose credentials a later push needs, and claude_args that already cap turns', async (t) => {
  if (!HAVE_CORPUS) return t.skip('../shared/corpus is not available')
  const dir = copyRepo('bitwarden__android')
  try {
    const r = await runFix({ root: dir })
    assert.ok(
      r.skips.some(
        (s) => s.ruleId === 'persisted-checkout-credentials' && /pushes with the checkout's credentials/.test(s.reason)
      )
    )
    assert.equal(await findingsOf(dir, 'persisted-checkout-credentials'), 1)
  } finally {
    cleanup(dir)
  }
  const safe = copyRepo('0x666c6f__safe-agentic')
  try {
    const p = '.github/workflows/claude-code-review.yml'
    const r = await runFix({ root: safe, values: { model: 'claude-sonnet-4-6' } })
    // Its claude_args already carry --max-turns 120 (unquoted parentheses and all): nothing to add.
    assert.ok(!read(safe, p).includes('--max-turns 30'))
    assert.ok(!r.skips.some((s) => s.file === p && s.ruleId === 'no-turn-limit'))
    assert.equal(await findingsOf(safe, 'no-turn-limit'), 0)
  } finally {
    cleanup(safe)
  }
})

test('fix: deny rules merged into existing settings without touching the rest; rendering with --dry-run', async (t) => {
  if (!HAVE_CORPUS) return t.skip('../shared/corpus is not available')
  const dir = copyRepo('disler__claude-code-hooks-mastery')
  try {
    const s0 = read(dir, '.claude/settings.json')
    const dry = await runFix({ root: dir, dryRun: true })
    const text = renderFix(dry, true)
    assert.match(text, /^Would change \(dry run, nothing written\):/)
    assert.match(text, /--- a\/\.claude\/settings\.json\n\+\+\+ b\/\.claude\/settings\.json\n@@ /)
    assert.equal(read(dir, '.claude/settings.json'), s0)
    await runFix({ root: dir })
    const s1 = read(dir, '.claude/settings.json')
    const v0 = JSON.parse(s0) as { permissions?: { deny?: string[] } }
    const v1 = JSON.parse(s1) as { permissions: { deny: string[] } }
    assert.deepEqual(v1.permissions.deny.slice(0, v0.permissions?.deny?.length ?? 0), v0.permissions?.deny ?? [])
    assert.deepEqual(
      { ...v1, permissions: { ...v1.permissions, deny: undefined } },
      { ...v0, permissions: { ...(v0.permissions ?? {}), deny: undefined } }
    )
    assert.equal(await findingsOf(dir, 'context-exclusion-missing'), 0)
  } finally {
    cleanup(dir)
  }
})

test('fix: pinning is reported as skipped because it needs the network', async (t) => {
  if (!HAVE_CORPUS) return t.skip('../shared/corpus is not available')
  const dir = copyRepo('0h-n0__auto-research')
  try {
    const r = await runFix({ root: dir, dryRun: true })
    const text = renderFix(r, true)
    assert.match(
      text,
      /finding(s)? skipped: pinning MCP servers needs the package registry .* fix does not use the network/
    )
  } finally {
    cleanup(dir)
  }
})

test('fix: a turn cap added below claude-code-action 1.0.188 says it is not enforced there', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'cca-fix-'))
  try {
    mkdirSync(join(dir, '.github/workflows'), { recursive: true })
    const wf = '.github/workflows/claude.yml'
    writeFileSync(
      join(dir, wf),
      'on: push\njobs:\n  fix:\n    runs-on: ubuntu-latest\n    timeout-minutes: 10\n    steps:\n      - uses: anthropics/claude-code-action@v1.0.150\n        with:\n          prompt: fix\n          claude_args: --model claude-sonnet-4-6\n      - uses: anthropics/claude-code-action@v1.0.188\n        with:\n          prompt: fix\n          claude_args: --model claude-sonnet-4-6\n'
    )
    assert.equal(await findingsOf(dir, 'vulnerable-claude-action'), 0)
    const r = await runFix({ root: dir })
    const turns = r.changes.filter((c) => c.ruleId === 'no-turn-limit').map((c) => c.text)
    assert.deepEqual(turns, [
      'added `--max-turns 30` to `claude_args` in job fix; claude-code-action v1.0.150 does not enforce it before v1.0.188, so upgrade the pin (vulnerable-claude-action reports it)',
      'added `--max-turns 30` to `claude_args` in job fix'
    ])
    assert.equal(await findingsOf(dir, 'vulnerable-claude-action'), 1)
  } finally {
    cleanup(dir)
  }
})

test('fix: `claude -p` in an input its action runs as a shell script (devcontainers/ci runCmd) gets --max-turns there', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'cca-fix-'))
  try {
    mkdirSync(join(dir, '.github/workflows'), { recursive: true })
    const wf = [
      'on: { schedule: [ { cron: "0 6 * * *" } ] }',
      'jobs:',
      '  nightly:',
      '    runs-on: ubuntu-latest',
      '    timeout-minutes: 30',
      '    steps:',
      '      - uses: devcontainers/ci@v0.3',
      '        with:',
      '          runCmd: |',
      '            npm ci',
      '            claude -p "summarise open issues" --model claude-sonnet-4-6 > out.json',
      ''
    ].join('\n')
    writeFileSync(join(dir, '.github/workflows/nightly.yml'), wf)
    await runFix({ root: dir, values: { model: 'claude-sonnet-4-6' } })
    const now = readFileSync(join(dir, '.github/workflows/nightly.yml'), 'utf8')
    assert.equal(now, wf.replace('claude -p', 'claude --max-turns 30 -p'))
    assert.equal(await findingsOf(dir, 'no-turn-limit'), 0)
  } finally {
    cleanup(dir)
  }
})
