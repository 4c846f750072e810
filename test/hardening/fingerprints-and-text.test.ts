/**
 * Low-severity leaks of #15 item 9. Fingerprints (unsalted hashes published
 * in every report) never cover secret text, so a short password cannot be
 * brute-forced back from them. Terminal controls from the repository never
 * reach the terminal raw (`fix` output, usage errors, the text report), and
 * repository text never becomes a clickable link in the Markdown channels.
 */
import { after, test } from 'node:test'
import assert from 'node:assert/strict'
import { spawnSync } from 'node:child_process'
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { runAudit } from '../../src/audit.js'
import { spanKey } from '../../src/core/engine.js'
import type { AuditResult, Finding } from '../../src/core/types.js'
import { checklist } from '../report/helpers.js'
import { renderAll } from './channels.js'
import { prng, seededKeys } from './helpers.js'

const CLI = resolve('src/cli.ts')
const dirs: string[] = []
after(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true })
})
function tempDir(): string {
  const d = mkdtempSync(join(tmpdir(), 'cca-fp-'))
  dirs.push(d)
  return d
}
function cli(args: string[]): { code: number | null; out: string; err: string } {
  const r = spawnSync(process.execPath, ['--import', 'tsx', CLI, ...args], { encoding: 'utf8', timeout: 120_000, env: { ...process.env, NO_COLOR: '1' } })
  return { code: r.status, out: r.stdout, err: r.stderr }
}

async function endpointFingerprint(password: string): Promise<{ fingerprint: string; json: string }> {
  const root = tempDir()
  mkdirSync(join(root, '.claude'))
  writeFileSync(join(root, '.claude/settings.json'), JSON.stringify({ env: { ANTHROPIC_BASE_URL: `https://u:${password}@proxy.example.com/v1` } }, null, 2) + '\n')
  const result = await runAudit({ root, minSeverity: 'info' })
  const f = result.findings.filter((x) => x.ruleId === 'custom-api-endpoint')
  assert.equal(f.length, 1, JSON.stringify(result.findings.map((x) => x.ruleId)))
  return { fingerprint: (f[0] as Finding).fingerprint, json: JSON.stringify(result) }
}

test('a 6-digit password in ANTHROPIC_BASE_URL does not enter the fingerprint', async () => {
  const a = await endpointFingerprint('123456')
  const b = await endpointFingerprint('654321')
  // The same finding at the same place, whatever the password: nothing to brute-force.
  assert.equal(a.fingerprint, b.fingerprint)
  assert.equal(a.json.includes('123456'), false)
})

test('a key at a span is hashed in its redacted form only', () => {
  const key = seededKeys.anthropicApi(prng(11)).secret
  const text = `  "ANTHROPIC_API_KEY": "${key}",`
  const k = spanKey(text, 0, text.length)
  assert.equal(k.includes(key.slice(14, 30)), false, k)
  // Text without secrets keeps its key (fingerprints of ordinary findings do not change).
  assert.equal(spanKey('  "defaultMode":   "bypassPermissions"\n', 0, 40), '"defaultMode": "bypassPermissions"')
})

const ESC = '\u001b'
const HYPERLINK = `${ESC}]8;;http://evil.example${ESC}\\click${ESC}]8;;${ESC}\\`

function hostileWorkflowRepo(): string {
  const root = tempDir()
  mkdirSync(join(root, '.github/workflows'), { recursive: true })
  writeFileSync(
    join(root, `.github/workflows/a${ESC}[2J${ESC}]0;title\u0007b\u009b31m.yml`),
    'name: Claude\non:\n  pull_request:\njobs:\n  review:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: anthropics/claude-code-action@v1\n        with:\n          anthropic_api_key: ${{ secrets.ANTHROPIC_API_KEY }}\n'
  )
  return root
}

const RAW_CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/

test('fix output never prints terminal controls from file names', () => {
  const root = hostileWorkflowRepo()
  const r = cli(['fix', root, '--dry-run'])
  assert.equal(r.code, 0, r.err)
  assert.ok(r.out.includes('no-job-timeout'), r.out)
  assert.equal(RAW_CONTROL.exec(r.out), null, JSON.stringify(r.out))
})

test('the text report never prints terminal controls from file names', () => {
  const root = hostileWorkflowRepo()
  const r = cli([root, '--fail-on', 'never'])
  assert.equal(r.code, 0, r.err)
  assert.ok(r.out.includes('no-job-timeout'))
  assert.equal(RAW_CONTROL.exec(r.out), null, JSON.stringify(r.out))
})

test('a usage error quoting the configuration never prints terminal controls', () => {
  const root = tempDir()
  writeFileSync(join(root, '.claude-code-audit.yml'), `"${HYPERLINK.replace(/\\/g, '\\\\').replace(/\u001b/g, '\\e').replace(/\u0007/g, '\\a')}": 1\n`)
  const r = cli([root])
  assert.equal(r.code, 2)
  assert.match(r.err, /Unknown key/)
  assert.equal(RAW_CONTROL.exec(r.err), null, JSON.stringify(r.err))
})

test('repository text never becomes a clickable link in the comment, summaries or check run', () => {
  const texts = ['see http://evil.example/a', 'HTTPS://evil.example', 'www.evil.example', 'WWW.Evil.example', 'ftp://evil.example/x']
  const findings: Finding[] = texts.map((t, i) => ({
    ruleId: 'hardcoded-secret',
    severity: i === 0 ? 'critical' : 'high',
    confidence: 'high',
    checklistItem: null,
    file: `dir/${t.replace(/ /g, '_')}/f${i}.md`,
    line: 1,
    column: 1,
    endLine: 1,
    endColumn: 2,
    message: `message ${t}`,
    fingerprint: `fp-${i}`,
    tip: `tip ${t}`,
    docsUrl: 'https://github.com/claude-code-audit/claude-code-audit/blob/main/docs/rules/hardcoded-secret.md'
  }))
  const result: AuditResult = {
    root: '/repo',
    findings,
    checklist: checklist(),
    suppressed: 0,
    baselined: 0,
    filesScanned: 1,
    toolVersion: '0.1.0',
    errors: []
  }
  const r = renderAll(result)
  const channels: [string, string][] = [
    ['comment', r.comment],
    ['summary', r.summary],
    ['check-run summary', r.checkRun.summary],
    ['cli markdown', r.markdown]
  ]
  for (const [name, md] of channels) {
    // Link destinations we build (blob links with the path encoded) are not text.
    const prose = md.replace(/\]\([^)\s]*\)/g, '](…)').replace(/href="[^"]*"/g, 'href=""')
    assert.ok(/evil\.example/i.test(prose), `${name} shows the text`)
    assert.equal(/(?:[a-z][a-z0-9+.-]*:\/\/|www\.)evil\.example/i.exec(prose), null, `${name}: autolink in ${prose.slice(0, 2000)}`)
  }
})
