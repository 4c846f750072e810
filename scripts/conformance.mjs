#!/usr/bin/env node
// npm run conformance: checks every behavioural claim our rules rely on against the
// real Claude Code (test/conformance/*.conformance.ts; each test is one fact).
// The client is the version package.json pins, or CONFORMANCE_CLAUDE_VERSION (for
// example `latest`, as the scheduled workflow does). Prints
// 'N facts verified against Claude Code X.Y.Z', or the facts that changed, and
// exits 1 when one did.
import { readdirSync } from 'node:fs'
import { join } from 'node:path'
import { spawnSync } from 'node:child_process'
import { claudeClient, CLAUDE_CODE_VERSION } from './claude-client.mjs'

const claude = claudeClient(process.env.CONFORMANCE_CLAUDE_VERSION || CLAUDE_CODE_VERSION)
const version = spawnSync(claude, ['--version'], { encoding: 'utf8' }).stdout.trim().split(/\s+/)[0] || 'unknown'
const files = readdirSync(join('test', 'conformance'))
  .filter((f) => f.endsWith('.conformance.ts'))
  .map((f) => join('test', 'conformance', f))
const r = spawnSync(
  process.execPath,
  ['--import', 'tsx', '--test', '--test-concurrency=2', '--test-reporter=tap', ...files],
  { encoding: 'utf8', env: { ...process.env, CONFORMANCE_CLAUDE: claude }, maxBuffer: 64 * 1024 * 1024 }
)
process.stderr.write(r.stderr)
const top = r.stdout.split('\n').filter((l) => /^(not )?ok \d+ - /.test(l))
const changed = top.filter((l) => l.startsWith('not ok')).map((l) => l.replace(/^not ok \d+ - /, ''))
const verified = top.length - changed.length
if (changed.length || r.status !== 0) {
  process.stdout.write(r.stdout)
  console.log(`\nClaude Code ${version}: ${changed.length} fact(s) changed:`)
  for (const c of changed) console.log(`  - ${c}`)
  console.log(`${verified} passed, ${changed.length} failed`)
  process.exitCode = 1
} else {
  console.log(`${verified} facts verified against Claude Code ${version}`)
  console.log(`${verified} passed, 0 failed`)
}
