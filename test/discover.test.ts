import { test } from 'node:test'
import assert from 'node:assert/strict'
import { execFileSync } from 'node:child_process'
import { mkdirSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { discover, FileReader, looksBinary } from '../src/discover.js'
import { runGit } from '../src/git.js'
import { writeFixture, gitCommit } from './rules/harness.js'

const put = (dir: string, path: string, text = 'x\n'): void => {
  mkdirSync(join(dir, path, '..'), { recursive: true })
  writeFileSync(join(dir, path), text)
}

test('discover: tracked and staged files, untracked ones only at the root and in configuration folders', async () => {
  const dir = writeFixture({ '.gitignore': 'ignored.md\nbuild/\n', 'pkg/CLAUDE.md': '# tracked\n', 'src/a.ts': 'a\n' })
  try {
    gitCommit(dir, true)
    for (const p of ['CLAUDE.local.md', 'ignored.md', '.claude/settings.json', '.github/workflows/new.yml', '.devcontainer/devcontainer.json', 'pkg/new/CLAUDE.md', 'src/b.ts', 'build/CLAUDE.md', 'staged/CLAUDE.md'])
      put(dir, p)
    execFileSync('git', ['add', 'staged/CLAUDE.md'], { cwd: dir })
    const files = await discover(dir)
    assert.equal(files.git, true)
    assert.deepEqual(files.paths, [
      '.claude/settings.json',
      '.devcontainer/devcontainer.json',
      '.github/workflows/new.yml',
      '.gitignore',
      'CLAUDE.local.md',
      'pkg/CLAUDE.md',
      'src/a.ts',
      'staged/CLAUDE.md'
    ])
    assert.deepEqual([...(files.tracked ?? [])].sort(), ['.gitignore', 'pkg/CLAUDE.md', 'src/a.ts', 'staged/CLAUDE.md'])
    // Asked for: every untracked, non-ignored file.
    const all = await discover(dir, { allUntracked: true })
    assert.deepEqual(
      all.paths.filter((p) => !files.paths.includes(p)),
      ['pkg/new/CLAUDE.md', 'src/b.ts']
    )
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
})

test('discover: before the first commit every untracked, non-ignored file counts', async () => {
  const dir = writeFixture({ '.gitignore': 'build/\n', 'pkg/CLAUDE.md': '# a\n', 'build/CLAUDE.md': '# b\n' })
  try {
    execFileSync('git', ['init', '-q'], { cwd: dir })
    const files = await discover(dir)
    assert.equal(files.git, true)
    assert.deepEqual(files.paths, ['.gitignore', 'pkg/CLAUDE.md'])
    assert.equal(files.tracked?.size, 0)
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
})

test('discover: without a work tree the walk lists files and skips dependency folders', async () => {
  const dir = writeFixture({ 'CLAUDE.md': '# a\n', 'pkg/CLAUDE.md': '# b\n', 'node_modules/x/CLAUDE.md': '# c\n' })
  try {
    const files = await discover(dir)
    assert.equal(files.git, false)
    assert.deepEqual(files.paths, ['CLAUDE.md', 'pkg/CLAUDE.md'])
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
})

test('discover: a path in conflict (three index stages) is listed once', async () => {
  const dir = writeFixture({ 'CLAUDE.md': 'base\n' })
  try {
    gitCommit(dir, true)
    const git = (...a: string[]): void => {
      execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@t', ...a], { cwd: dir, stdio: 'ignore' })
    }
    git('checkout', '-q', '-b', 'other')
    writeFileSync(join(dir, 'CLAUDE.md'), 'other\n')
    git('commit', '-qam', 'other')
    git('checkout', '-q', '-')
    writeFileSync(join(dir, 'CLAUDE.md'), 'main\n')
    git('commit', '-qam', 'main')
    try {
      git('merge', '-q', 'other')
    } catch {
      // the conflict is the point
    }
    const files = await discover(dir)
    assert.deepEqual(files.paths, ['CLAUDE.md'])
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
})

test('runGit: a git that hangs, floods or fails yields undefined; allowed exit codes yield the output', async () => {
  const bin = writeFixture({})
  const savedPath = process.env.PATH
  try {
    const fake = join(bin, 'git')
    writeFileSync(
      fake,
      '#!/bin/sh\nfor a; do last=$a; done\ncase "$last" in\n  hang) exec sleep 30 ;;\n  flood) head -c 300000 /dev/zero ;;\n  one) printf found; exit 1 ;;\n  *) printf ok ;;\nesac\n',
      { mode: 0o755 }
    )
    process.env.PATH = `${bin}:${savedPath ?? ''}`
    const started = Date.now()
    assert.equal(await runGit(bin, ['hang'], { timeoutMs: 200 }), undefined)
    assert.ok(Date.now() - started < 20_000, 'the hanging git (sleep 30) was stopped')
    assert.equal(await runGit(bin, ['flood'], { maxBytes: 1000 }), undefined)
    assert.equal(await runGit(bin, ['one']), undefined)
    assert.equal(await runGit(bin, ['one'], { okCodes: [0, 1] }), 'found')
    assert.equal(await runGit(bin, ['x']), 'ok')
  } finally {
    process.env.PATH = savedPath
    rmSync(bin, { recursive: true, force: true })
  }
})

test('FileReader.peek: reads without a trace until read() asks for the same file', () => {
  const dir = writeFixture({ 'a.sh': 'echo a\n', 'blob.bin': 'x\0\0\0y' })
  try {
    const r = new FileReader(dir)
    assert.equal(r.peek('a.sh').file?.text, 'echo a\n')
    assert.deepEqual(r.peek('blob.bin'), { file: null, why: 'binary content (not text)' })
    assert.deepEqual(r.peek('absent'), { file: null })
    assert.deepEqual(r.loaded(), [])
    assert.deepEqual(r.skipped, [])
    assert.equal(r.read('blob.bin'), null)
    assert.deepEqual(r.skipped, [{ file: 'blob.bin', reason: 'binary content (not text)' }])
    const a = r.read('a.sh')
    assert.equal(a?.text, 'echo a\n')
    assert.deepEqual(r.loaded(), [a])
    assert.equal(r.peek('a.sh').file, a)
    assert.deepEqual(r.peek('blob.bin'), { file: null, why: 'binary content (not text)' })
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
})

test('looksBinary: a NUL, or more than a tenth control bytes (other than 7-13), in the first 8 KiB', () => {
  // The byte-by-byte definition, for comparison.
  const reference = (buf: Buffer): boolean => {
    const n = Math.min(buf.length, 8192)
    let bad = 0
    for (let i = 0; i < n; i++) {
      const c = buf[i]
      if (c === 0) return true
      if (c < 7 || (c > 13 && c < 32)) bad++
    }
    return n > 0 && bad / n > 0.1
  }
  let seed = 3
  const next = (n: number): number => {
    seed = (seed * 1103515245 + 12345) % 2147483648
    return seed % n
  }
  const cases = [Buffer.alloc(0), Buffer.from('plain text\n'), Buffer.from([1, 2, 3]), Buffer.concat([Buffer.alloc(8192, 0x61), Buffer.from([0])])]
  for (const density of [0, 0.05, 0.099, 0.1, 0.101, 0.2, 1]) {
    for (const size of [1, 10, 100, 8192, 9000]) {
      const buf = Buffer.alloc(size)
      for (let i = 0; i < size; i++) buf[i] = next(1000) < density * 1000 ? [1, 6, 14, 27, 31][next(5)] : [7, 9, 10, 13, 32, 97, 200, 255][next(8)]
      cases.push(buf)
    }
  }
  // Exactly a tenth is not binary; one byte more is.
  cases.push(Buffer.concat([Buffer.alloc(10, 1), Buffer.alloc(90, 0x61)]), Buffer.concat([Buffer.alloc(11, 1), Buffer.alloc(89, 0x61)]))
  for (const b of cases) assert.equal(looksBinary(b), reference(b), `${b.length} bytes`)
  assert.equal(looksBinary(cases[cases.length - 2]), false)
  assert.equal(looksBinary(cases[cases.length - 1]), true)
})

test('FileReader: links on the folder part are resolved for every file of a folder, also after a first read there', async () => {
  const { mkdtempSync, realpathSync, symlinkSync } = await import('node:fs')
  const { tmpdir } = await import('node:os')
  const outside = mkdtempSync(join(tmpdir(), 'cca-out-'))
  const dir = mkdtempSync(join(tmpdir(), 'cca-dirs-'))
  try {
    put(outside, 'far.md', 'far\n')
    put(dir, 'docs/a.md', 'a\n')
    put(dir, 'docs/b.md', 'b\n')
    symlinkSync(join(dir, 'docs'), join(dir, 'inside'))
    symlinkSync(outside, join(dir, 'docs/away'))
    symlinkSync(join(outside, 'far.md'), join(dir, 'docs/far.md'))
    const reader = new FileReader(realpathSync.native(dir))
    const read = (p: string): string | null | undefined => reader.read(p)?.text ?? null
    assert.deepEqual(
      ['docs/a.md', 'docs/b.md', 'inside/a.md', 'inside/b.md', 'docs/far.md', 'docs/away/far.md', 'inside/away/far.md'].map(read),
      ['a\n', 'b\n', 'a\n', 'b\n', null, null, null]
    )
    assert.deepEqual(reader.skipped, [
      { file: 'docs/far.md', reason: 'symbolic link leaves the repository (not followed)' },
      { file: 'docs/away/far.md', reason: 'a linked folder on its path leaves the repository (not followed)' },
      { file: 'inside/away/far.md', reason: 'a linked folder on its path leaves the repository (not followed)' }
    ])
  } finally {
    rmSync(dir, { recursive: true, force: true })
    rmSync(outside, { recursive: true, force: true })
  }
})

test('discover: files behind a linked configuration folder inside the repository are listed where Claude Code finds them; links out and loops are not followed', async () => {
  const { mkdtempSync, symlinkSync } = await import('node:fs')
  const { tmpdir } = await import('node:os')
  const outside = mkdtempSync(join(tmpdir(), 'cca-out-'))
  const dir = writeFixture({
    '.agents/agents/reviewer.md': '---\nname: reviewer\ndescription: reviews\n---\n',
    '.agents/commands/git/push.md': '---\nallowed-tools: Bash(git push:*)\n---\n',
    '.agents/skills/x/SKILL.md': '---\nname: x\n---\n',
    'src/a.ts': 'a\n'
  })
  try {
    put(outside, 'agents/far.md', 'far\n')
    mkdirSync(join(dir, '.claude/skills'), { recursive: true })
    symlinkSync('../.agents/agents', join(dir, '.claude/agents'))
    symlinkSync('../.agents/commands', join(dir, '.claude/commands'))
    symlinkSync('../../.agents/skills/x', join(dir, '.claude/skills/x'))
    // Out of the repository, and a link to a folder holding it (a loop): not followed.
    symlinkSync(join(outside, 'agents'), join(dir, '.claude/far'))
    symlinkSync('..', join(dir, '.claude/up'))
    gitCommit(dir, true)
    for (const files of [await discover(dir), await discover(dir, { allUntracked: true })]) {
      assert.deepEqual(
        files.paths.filter((p) => p.startsWith('.claude/')),
        [
          '.claude/agents',
          '.claude/agents/reviewer.md',
          '.claude/commands',
          '.claude/commands/git/push.md',
          '.claude/far',
          '.claude/skills/x',
          '.claude/skills/x/SKILL.md',
          '.claude/up'
        ]
      )
      assert.deepEqual([...(files.aliases ?? [])].sort(), [
        ['.claude/agents/reviewer.md', '.agents/agents/reviewer.md'],
        ['.claude/commands/git/push.md', '.agents/commands/git/push.md'],
        ['.claude/skills/x/SKILL.md', '.agents/skills/x/SKILL.md']
      ])
      // Tracked through their targets.
      assert.equal(files.tracked?.has('.claude/agents/reviewer.md'), true)
      assert.equal(files.configPaths.includes('.claude/commands/git/push.md'), true)
    }
  } finally {
    rmSync(dir, { recursive: true, force: true })
    rmSync(outside, { recursive: true, force: true })
  }
})
