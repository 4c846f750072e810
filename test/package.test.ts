/**
 * The npm package: `npm pack` holds exactly what the CLI needs, and the
 * tarball installed into an empty prefix — offline, since the bundles carry
 * every dependency — gives a working `claude-code-audit`.
 */
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { spawnSync } from 'node:child_process'
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { tmpdir } from 'node:os'

const NPM = process.platform === 'win32' ? 'npm.cmd' : 'npm'

function run(cmd: string, args: string[], cwd?: string): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(cmd, args, { cwd, encoding: 'utf8', timeout: 300_000 })
  return { status: r.status, stdout: r.stdout, stderr: r.stderr }
}

test('npm pack contains exactly the CLI, its hook templates, the parser WebAssembly files, the README and the licence', () => {
  const r = run(NPM, ['pack', '--dry-run', '--json', '--ignore-scripts'])
  assert.equal(r.status, 0, r.stderr)
  const files = (JSON.parse(r.stdout) as { files: { path: string }[] }[])[0].files.map((f) => f.path).sort()
  assert.deepEqual(files, [
    'LICENSE',
    'README.md',
    'dist/cli.cjs',
    'dist/cli.js',
    'dist/cli/index.cjs',
    'dist/cli/licenses.txt',
    'dist/templates/hooks/cost-gate.mjs',
    'dist/templates/hooks/daily-ceiling.mjs',
    'dist/templates/hooks/dangerous-command-guard.mjs',
    'dist/templates/hooks/lib/transcript-cost.mjs',
    'dist/templates/hooks/notify.mjs',
    'dist/templates/hooks/session-log.mjs',
    'dist/tree-sitter/licenses.txt',
    'dist/tree-sitter/tree-sitter-bash.wasm',
    'dist/tree-sitter/tree-sitter-javascript.wasm',
    'dist/tree-sitter/tree-sitter-python.wasm',
    'dist/tree-sitter/tree-sitter-tsx.wasm',
    'dist/tree-sitter/tree-sitter-typescript.wasm',
    'dist/tree-sitter/web-tree-sitter.wasm',
    'package.json'
  ])
})

test('the packed tarball installs offline into an empty prefix and audits', () => {
  const work = mkdtempSync(join(tmpdir(), 'cca-pack-'))
  const packed = run(NPM, ['pack', '--json', '--ignore-scripts', '--pack-destination', work])
  assert.equal(packed.status, 0, packed.stderr)
  const tarball = join(work, (JSON.parse(packed.stdout) as { filename: string }[])[0].filename)
  const prefix = join(work, 'prefix')
  // --offline: the package has no runtime dependencies to fetch.
  const installed = run(NPM, ['install', '--global', '--offline', '--no-audit', '--no-fund', '--prefix', prefix, tarball])
  assert.equal(installed.status, 0, installed.stderr)
  const bin = resolve(prefix, process.platform === 'win32' ? 'claude-code-audit.cmd' : join('bin', 'claude-code-audit'))

  const version = run(bin, ['--version'])
  assert.equal(version.status, 0, version.stderr)
  assert.match(version.stdout, /^\d+\.\d+\.\d+/)

  const repo = join(work, 'repo')
  mkdirSync(join(repo, '.claude'), { recursive: true })
  writeFileSync(join(repo, '.claude', 'settings.json'), '{ "permissions": { "allow": ["Bash"] } }\n')
  const audit = run(bin, [repo, '--format', 'json', '--fail-on', 'high'])
  assert.equal(audit.status, 1, audit.stderr)
  const ids = (JSON.parse(audit.stdout) as { findings: { ruleId: string }[] }).findings.map((f) => f.ruleId)
  assert.ok(ids.includes('overbroad-permission'), ids.join(', '))

  // init finds its hook templates inside the installed package.
  const init = run(bin, ['init', repo, '--hooks', 'guard', '--dry-run'])
  assert.equal(init.status, 0, init.stderr)
  assert.match(init.stdout, /dangerous-command-guard\.mjs/)
})
