import { test } from 'node:test'
import assert from 'node:assert/strict'
import { spawnSync } from 'node:child_process'
import {
  chmodSync,
  chownSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  realpathSync,
  renameSync,
  rmSync,
  statSync,
  symlinkSync,
  utimesSync,
  writeFileSync
} from 'node:fs'
import { homedir, tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { cacheDir, loadWithCodeCache, safeDir } from '../src/compile-cache.js'

function scratch(): string {
  return mkdtempSync(join(tmpdir(), 'cca-cache-'))
}

const MODULE = '#!/usr/bin/env node\nfunction twice(n) { return n * 2 }\nmodule.exports = { answer: twice(21), file: __filename, req: typeof require }\n'

test('compile cache: miss, then hit with the same exports; files are private', () => {
  const dir = scratch()
  try {
    const file = join(dir, 'bundle.cjs')
    writeFileSync(file, MODULE)
    const env = { CLAUDE_CODE_AUDIT_CACHE_DIR: join(dir, 'cache') }
    const first = loadWithCodeCache(file, env)
    assert.equal(first.state, 'miss')
    assert.deepEqual(first.exports, { answer: 42, file, req: 'function' })
    first.save()
    const files = readdirSync(env.CLAUDE_CODE_AUDIT_CACHE_DIR)
    assert.equal(files.length, 1)
    assert.match(files[0], /^cli-[0-9a-f]{24}\.bin$/)
    assert.equal(statSync(join(env.CLAUDE_CODE_AUDIT_CACHE_DIR, files[0])).mode & 0o777, 0o600)
    assert.equal(statSync(env.CLAUDE_CODE_AUDIT_CACHE_DIR).mode & 0o777, 0o700)
    const second = loadWithCodeCache(file, env)
    assert.equal(second.state, 'hit')
    assert.deepEqual(second.exports, first.exports)
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
})

/** Loads `file` in a fresh process (V8's in-memory cache would otherwise answer) and saves; returns the state. */
function loadInChild(file: string, cache: string): string {
  const src = `import { loadWithCodeCache } from ${JSON.stringify(resolve('src/compile-cache.ts'))}
const r = loadWithCodeCache(${JSON.stringify(file)}, { CLAUDE_CODE_AUDIT_CACHE_DIR: ${JSON.stringify(cache)} })
r.save()
process.stdout.write(r.state + ' ' + r.exports.answer)`
  const r = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', src], { encoding: 'utf8' })
  assert.equal(r.status, 0, r.stderr)
  return r.stdout
}

test('compile cache: a changed bundle gets a new entry; corrupt data is rejected and rewritten', () => {
  const dir = scratch()
  try {
    const file = join(dir, 'bundle.cjs')
    const cache = join(dir, 'cache')
    writeFileSync(file, MODULE)
    assert.equal(loadInChild(file, cache), 'miss 42')
    assert.equal(loadInChild(file, cache), 'hit 42')
    writeFileSync(file, MODULE.replace('21', '20'))
    assert.equal(loadInChild(file, cache), 'miss 40')
    assert.equal(readdirSync(cache).length, 2)
    for (const n of readdirSync(cache)) writeFileSync(join(cache, n), Buffer.alloc(4096, 7))
    assert.equal(loadInChild(file, cache), 'rejected 40')
    assert.equal(loadInChild(file, cache), 'hit 40')
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
})

test("compile cache: with the build's digest the key names the file as built, not a hash of its text", () => {
  const dir = scratch()
  try {
    const file = join(dir, 'bundle.cjs')
    const cache = join(dir, 'cache')
    const env = { CLAUDE_CODE_AUDIT_CACHE_DIR: cache }
    writeFileSync(file, MODULE)
    const a = loadWithCodeCache(file, env, { digest: 'a'.repeat(40) })
    assert.equal(a.state, 'miss')
    a.save()
    assert.equal(loadWithCodeCache(file, env, { digest: 'a'.repeat(40) }).state, 'hit')
    // Another build (another digest) of the same text at the same path: its own entry, so the text was not hashed.
    const b = loadWithCodeCache(file, env, { digest: 'b'.repeat(40) })
    assert.equal(b.state, 'miss')
    b.save()
    assert.equal(readdirSync(cache).length, 2)
    // Edited in place after the build (same length, the digest now stale): its time changed, so a new entry.
    writeFileSync(file, MODULE.replace('21', '20'))
    const later = new Date(Date.now() + 5000)
    utimesSync(file, later, later)
    const c = loadWithCodeCache(file, env, { digest: 'a'.repeat(40) })
    assert.equal(c.state, 'miss')
    assert.equal((c.exports as { answer: number }).answer, 40)
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
})

test('compile cache: off on request or without an absolute folder; never used from a folder others may write', () => {
  const dir = scratch()
  try {
    const file = join(dir, 'bundle.cjs')
    writeFileSync(file, MODULE)
    assert.equal(cacheDir({ CLAUDE_CODE_AUDIT_NO_CACHE: '1' }), undefined)
    assert.equal(cacheDir({ NODE_DISABLE_COMPILE_CACHE: '1' }), undefined)
    assert.equal(cacheDir({ XDG_CACHE_HOME: '/x' }, 'linux'), '/x/claude-code-audit')
    assert.equal(cacheDir({ CLAUDE_CODE_AUDIT_CACHE_DIR: 'rel/cache' }, 'linux'), undefined, 'a relative folder is refused')
    assert.equal(cacheDir({ XDG_CACHE_HOME: 'rel' }, 'linux'), join(homedir(), '.cache', 'claude-code-audit'), 'a relative XDG_CACHE_HOME is ignored')
    assert.equal(cacheDir({ CLAUDE_CODE_AUDIT_CACHE_DIR: '/elsewhere' }, 'win32')?.endsWith('claude-code-audit'), true, 'Windows: default folder only')
    assert.equal(loadWithCodeCache(file, { CLAUDE_CODE_AUDIT_NO_CACHE: '1' }).state, 'off')
    assert.equal(loadWithCodeCache(file, { CLAUDE_CODE_AUDIT_CACHE_DIR: 'relative' }).state, 'off')

    const open = join(dir, 'open')
    mkdirSync(open)
    chmodSync(open, 0o777)
    const o = loadWithCodeCache(file, { CLAUDE_CODE_AUDIT_CACHE_DIR: open })
    assert.equal(o.state, 'unsafe')
    o.save()
    assert.deepEqual(readdirSync(open), [])
    assert.equal((o.exports as { answer: number }).answer, 42)

    // Inside a folder others may write (no sticky bit): they could swap it.
    const inner = join(open, 'cache')
    const i = loadWithCodeCache(file, { CLAUDE_CODE_AUDIT_CACHE_DIR: inner })
    assert.equal(i.state, 'unsafe')
    i.save()
    assert.deepEqual(existsSync(inner) ? readdirSync(inner) : [], [])
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
})

test('compile cache: a cache file that is a link, or that others may write, is not read', () => {
  const dir = scratch()
  try {
    const file = join(dir, 'bundle.cjs')
    const cache = join(dir, 'cache')
    writeFileSync(file, MODULE.replace('21', '19'))
    assert.equal(loadInChild(file, cache), 'miss 38')
    const [name] = readdirSync(cache)
    const real = join(dir, 'elsewhere.bin')
    renameSync(join(cache, name), real)
    symlinkSync(real, join(cache, name))
    assert.equal(loadInChild(file, cache).split(' ')[0], 'miss', 'a link is not followed')
    rmSync(join(cache, name), { force: true })
    writeFileSync(join(cache, name), readFileSync(real))
    chmodSync(join(cache, name), 0o666)
    assert.equal(loadInChild(file, cache).split(' ')[0], 'miss', 'a file others may write is not read')
    chmodSync(join(cache, name), 0o600)
    assert.equal(loadInChild(file, cache), 'hit 38')
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
})

const CLI = resolve('dist/cli.cjs')
const CLI_ESM = resolve('dist/cli.js')
test('bundled CLI: the first run writes the cache, the next one uses it, same report; the ES module launcher shares it', { skip: !existsSync(CLI) }, () => {
  const dir = scratch()
  try {
    const env: NodeJS.ProcessEnv = { ...process.env, CLAUDE_CODE_AUDIT_CACHE_DIR: join(dir, 'c'), CLAUDE_CODE_AUDIT_DEBUG_CACHE: '1' }
    delete env.CLAUDE_CODE_AUDIT_NO_CACHE
    const run = (launcher = CLI): { out: string; err: string } => {
      const r = spawnSync(process.execPath, [launcher, 'examples/insecure-repo', '--format', 'json', '--fail-on', 'never'], { env, encoding: 'utf8' })
      assert.equal(r.status, 0, r.stderr)
      return { out: r.stdout, err: r.stderr }
    }
    const a = run()
    const b = run()
    const c = run(CLI_ESM)
    assert.match(a.err, /code cache miss/)
    assert.match(b.err, /code cache hit/)
    assert.match(c.err, /code cache hit/)
    assert.equal(b.out, a.out)
    assert.equal(c.out, a.out)
    assert.equal(JSON.parse(a.out).tool.name, 'claude-code-audit')
    for (const launcher of [CLI, CLI_ESM]) {
      const v = spawnSync(process.execPath, [launcher, '--version'], { env, encoding: 'utf8' })
      assert.match(v.stdout, /^\d+\.\d+\.\d+\n$/)
      assert.equal(v.stderr, '', '--version does not load the bundle')
    }
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
})

test('compile cache: keeps the newest eight entries', () => {
  const dir = scratch()
  try {
    const cache = join(dir, 'cache')
    for (let i = 0; i < 10; i++) {
      const file = join(dir, `b${i}.cjs`)
      writeFileSync(file, `module.exports = ${i} // keep-test ${dir}\n`)
      const r = loadWithCodeCache(file, { CLAUDE_CODE_AUDIT_CACHE_DIR: cache })
      assert.equal(r.exports, i)
      r.save()
    }
    assert.equal(readdirSync(cache).length, 8)
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
})

test('compile cache: nothing is written after a usage error (exit 2) or when told not to save', () => {
  const dir = scratch()
  try {
    const file = join(dir, 'bundle.cjs')
    const cache = join(dir, 'cache')
    writeFileSync(file, MODULE)
    const run = (code: number, save: boolean): void => {
      const src = `import { loadWithCodeCache } from ${JSON.stringify(resolve('src/compile-cache.ts'))}
loadWithCodeCache(${JSON.stringify(file)}, { CLAUDE_CODE_AUDIT_CACHE_DIR: ${JSON.stringify(cache)} }, { save: ${save} })
process.exitCode = ${code}`
      const r = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', src], { encoding: 'utf8' })
      assert.equal(r.status, code, r.stderr)
      assert.equal(r.stderr, '')
    }
    run(2, true)
    assert.deepEqual(readdirSync(cache), [])
    run(0, false)
    assert.deepEqual(readdirSync(cache), [])
    run(1, true)
    assert.equal(readdirSync(cache).length, 1)
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
})

test('compile cache: folders are created inside our own or a sticky folder, not inside someone else\'s', () => {
  const dir = scratch()
  try {
    const sticky = join(dir, 'sticky')
    mkdirSync(sticky)
    chmodSync(sticky, 0o1777)
    const made = safeDir(join(sticky, 'a', 'b'))
    assert.equal(made, realpathSync(join(sticky, 'a', 'b')))
    assert.equal(statSync(made).mode & 0o777, 0o700)
    if (process.getuid?.() === 0) {
      // As root, a folder of another user stands for a home folder under sudo.
      const theirs = join(dir, 'theirs')
      mkdirSync(theirs, { mode: 0o755 })
      chownSync(theirs, 65534, 65534)
      assert.equal(safeDir(join(theirs, '.cache', 'claude-code-audit')), undefined)
      assert.equal(existsSync(join(theirs, '.cache')), false, 'no root-owned folder left in their home')
    }
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
})

test('compile cache: a bundle with non-ASCII text is read as UTF-8; the built bundles are ASCII (read as Latin-1)', () => {
  const dir = scratch()
  try {
    const file = join(dir, 'bundle.cjs')
    writeFileSync(file, "module.exports = { s: 'caf\u00e9 \u2026', re: /\u2026/.test('a\u2026b') }\n")
    const loaded = loadWithCodeCache(file, { CLAUDE_CODE_AUDIT_NO_CACHE: '1' })
    assert.deepEqual(loaded.exports, { s: 'caf\u00e9 \u2026', re: true })
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
  // The fast path only pays when the bundles stay ASCII (esbuild escapes strings; a raw
  // character in a regular expression literal is what would break it: write \uXXXX).
  for (const bundle of ['dist/cli/index.cjs', 'dist/code-worker/index.cjs']) {
    if (!existsSync(bundle)) continue
    const bytes = readFileSync(bundle)
    const at = bytes.findIndex((b) => b > 0x7f)
    assert.equal(at, -1, `${bundle} has a non-ASCII byte at ${at}: ${bytes.subarray(Math.max(0, at - 40), at + 10).toString('utf8')}`)
  }
})
