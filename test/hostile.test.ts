/**
 * Hostile repositories: the audit finishes, reports what it could not read,
 * never follows a link out of the repository, and never throws.
 */
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { mkdtempSync, mkdirSync, writeFileSync, symlinkSync, rmSync, realpathSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { spawnSync } from 'node:child_process'
import { runAudit } from '../src/audit.js'
import { FileReader } from '../src/discover.js'

function hostileRepo(): string {
  const dir = mkdtempSync(join(tmpdir(), 'cca-hostile-'))
  mkdirSync(join(dir, '.claude'), { recursive: true })
  mkdirSync(join(dir, '.github/workflows'), { recursive: true })
  writeFileSync(join(dir, '.claude/settings.json'), '['.repeat(200_000) + ']'.repeat(200_000))
  const bomb = ['a: &a [x,x,x,x,x,x,x,x,x,x]']
  for (const [k, prev] of [['b', 'a'], ['c', 'b'], ['d', 'c'], ['e', 'd'], ['f', 'e']]) {
    bomb.push(`${k}: &${k} [${Array(10).fill(`*${prev}`).join(',')}]`)
  }
  writeFileSync(join(dir, '.github/workflows/bomb.yml'), bomb.join('\n') + '\n')
  const junk = Buffer.alloc(3 * 1024 * 1024)
  for (let i = 0; i < junk.length; i++) junk[i] = (i * 2654435761) >>> 24
  writeFileSync(join(dir, 'CLAUDE.md'), junk)
  symlinkSync('/etc/passwd', join(dir, '.mcp.json'))
  symlinkSync('loop-b', join(dir, 'loop-a'))
  symlinkSync('loop-a', join(dir, 'loop-b'))
  mkdirSync(join(dir, 'sub dir/with "quotes"\nand newline'), { recursive: true })
  writeFileSync(join(dir, 'sub dir/with "quotes"\nand newline/CLAUDE.md'), '@CLAUDE.md\n@../../CLAUDE.md\n@~/secrets.md\n')
  writeFileSync(join(dir, '.claude/CLAUDE.md'), '\ufeff# BOM and CRLF\r\n@../.claude/CLAUDE.md\r\n')
  writeFileSync(join(dir, 'docs.md'), Buffer.from([0xc3, 0x28, 0x0a, 0xff]))
  return dir
}

test('hostile repository: finishes, reports unreadable files, follows no link out', async () => {
  const dir = hostileRepo()
  try {
    const result = await runAudit({ root: dir, minSeverity: 'info' })
    const by = (id: string): string[] => result.findings.filter((f) => f.ruleId === id).map((f) => `${f.file}: ${f.message}`)
    const invalid = by('invalid-config')
    assert.ok(invalid.some((m) => m.startsWith('.claude/settings.json') && m.includes('nesting deeper than 500 levels')), invalid.join('\n'))
    assert.ok(invalid.some((m) => m.startsWith('.github/workflows/bomb.yml') && m.includes('could not expand YAML')), invalid.join('\n'))
    const skipped = by('file-skipped')
    assert.ok(skipped.some((m) => m.startsWith('CLAUDE.md: ') && m.includes('binary')), skipped.join('\n'))
    assert.ok(skipped.some((m) => m.startsWith('.mcp.json: ') && m.includes('leaves the repository')), skipped.join('\n'))
    assert.equal(result.errors.length, 0, result.errors.join('\n'))
    assert.ok(!JSON.stringify(result).includes('root:x:0:0'), 'content of /etc/passwd must never be read')
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
})

test('hostile repository inside a git work tree without commits, and with git missing from PATH', async () => {
  const dir = hostileRepo()
  try {
    spawnSync('git', ['init', '-q'], { cwd: dir })
    const withGit = await runAudit({ root: dir, minSeverity: 'info' })
    assert.ok(withGit.findings.some((f) => f.ruleId === 'invalid-config'))
    const path = process.env.PATH
    process.env.PATH = '/nonexistent'
    try {
      const noGit = await runAudit({ root: dir, minSeverity: 'info' })
      assert.ok(noGit.findings.some((f) => f.ruleId === 'invalid-config'))
    } finally {
      process.env.PATH = path
    }
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
})

test('deep block nesting (100,000 compact sequences, 3,000 indentation levels) is refused, not recursed into', async () => {
  const { parseYaml } = await import('../src/parse/doc.js')
  const { SourceFile } = await import('../src/parse/source.js')
  const seq = parseYaml(new SourceFile('a.yml', '- '.repeat(100_000) + 'x\n'))
  assert.deepEqual(seq.errors, [{ message: 'nesting deeper than 500 levels', offset: 0 }])
  let indented = ''
  for (let i = 0; i < 3000; i++) indented += ' '.repeat(i) + `k${i}:\n`
  assert.match(parseYaml(new SourceFile('b.yml', indented)).errors[0]?.message ?? '', /nesting deeper than 500/)
  assert.deepEqual(parseYaml(new SourceFile('c.yml', 'jobs:\n  a:\n    steps:\n      - - x\n')).errors, [])
})

test('a linked folder on the path leaves the repository: nothing is read through it', async () => {
  const outside = mkdtempSync(join(tmpdir(), 'cca-outside-'))
  const dir = mkdtempSync(join(tmpdir(), 'cca-linkdir-'))
  try {
    const planted = 'OUTSIDE-' + 'SECRET-CONTENT-7f3a'
    writeFileSync(join(outside, 'notes.md'), `# notes\n${planted}\n`)
    mkdirSync(join(outside, 'hooks'))
    writeFileSync(join(outside, 'hooks', 'guard.sh'), `#!/bin/sh\n# ${planted}\nexit 0\n`)
    symlinkSync(outside, join(dir, 'vendor-docs'))
    mkdirSync(join(dir, '.claude'))
    writeFileSync(join(dir, 'CLAUDE.md'), '# Project\n@vendor-docs/notes.md\n')
    writeFileSync(
      join(dir, '.claude/settings.json'),
      JSON.stringify({ hooks: { PreToolUse: [{ matcher: 'Bash', hooks: [{ type: 'command', command: 'sh vendor-docs/hooks/guard.sh' }] }] } })
    )
    const reader = new FileReader(realpathSync.native(dir))
    for (const p of ['vendor-docs/notes.md', 'vendor-docs/hooks/guard.sh']) {
      assert.equal(reader.read(p), null, p)
      assert.equal(reader.statInside(p), undefined, p)
    }
    assert.deepEqual(
      reader.skipped.map((s) => s.reason),
      ['a linked folder on its path leaves the repository (not followed)', 'a linked folder on its path leaves the repository (not followed)']
    )
    const result = await runAudit({ root: dir, minSeverity: 'info' })
    assert.ok(!JSON.stringify(result).includes(planted), 'content behind the linked folder must never be read')
    const skipped = result.findings.filter((f) => f.ruleId === 'file-skipped').map((f) => `${f.file}: ${f.message}`)
    assert.ok(
      skipped.some((m) => m.startsWith('vendor-docs/hooks/guard.sh: ') && m.includes('a linked folder on its path leaves the repository')),
      skipped.join('\n')
    )
  } finally {
    rmSync(dir, { recursive: true, force: true })
    rmSync(outside, { recursive: true, force: true })
  }
})

test('files and folders whose names start with two dots are inside the repository', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'cca-dotdot-'))
  try {
    mkdirSync(join(dir, '..cfg'))
    writeFileSync(join(dir, '..cfg/CLAUDE.md'), '# nested\n')
    writeFileSync(join(dir, '..notes.md'), '# notes\n')
    writeFileSync(join(dir, 'CLAUDE.md'), '# Project\n@..notes.md\n')
    const reader = new FileReader(realpathSync.native(dir))
    assert.equal(reader.read('..cfg/CLAUDE.md')?.text, '# nested\n')
    assert.equal(reader.read('..notes.md')?.text, '# notes\n')
    assert.ok(reader.statInside('..notes.md')?.isFile())
    assert.deepEqual(reader.skipped, [])
    assert.equal(reader.read('../x'), null)
    const result = await runAudit({ root: dir, minSeverity: 'info' })
    assert.deepEqual(
      result.findings.filter((f) => f.ruleId === 'file-skipped' || f.ruleId === 'memory-import-broken').map((f) => f.message),
      []
    )
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
})
