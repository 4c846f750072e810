/**
 * The bundled CLI (`node dist/cli.js`, skipped when not built) on a hostile
 * repository: YAML alias bomb, JSON nested 200,000 deep, a 60 MB memory file,
 * random bytes, invalid UTF-8, a BOM+CRLF settings file with a planted key, a
 * link to /etc/passwd, a link loop, looping and escaping `@imports`, odd path
 * names, and a git repository without commits. The process must end by
 * itself with status 0 or 1, without a stack trace, within 20 s and 1 GB,
 * report what it could not read, and never print /etc/passwd.
 */
import { after, before, test } from 'node:test'
import assert from 'node:assert/strict'
import { execFile, spawnSync } from 'node:child_process'
import {
  closeSync,
  existsSync,
  ftruncateSync,
  mkdirSync,
  mkdtempSync,
  openSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
  writeSync
} from 'node:fs'
import { randomBytes } from 'node:crypto'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { make } from '../secrets/generate.js'
import { CLI, HAVE_CLI, leakedWindow } from './helpers.js'

const SKIP = HAVE_CLI ? false : `${CLI} is missing (npm run build)`
const TIME = existsSync('/usr/bin/time') ? '/usr/bin/time' : undefined
const WALL_LIMIT_MS = 20_000
const RSS_LIMIT_KB = 1024 * 1024

let repo = ''
let plantedKey = ''
let passwd = ''

function write(rel: string, data: string | Buffer): void {
  const abs = join(repo, rel)
  mkdirSync(dirname(abs), { recursive: true })
  writeFileSync(abs, data)
}

function buildHostileRepository(): void {
  repo = mkdtempSync(join(tmpdir(), 'cca-hard-cli-'))
  // Git repository without any commit.
  spawnSync('git', ['init', '-q'], { cwd: repo })

  // YAML alias bomb (10^6 expansions) in a workflow.
  const bomb = ['on: push', 'a: &a [x, x, x, x, x, x, x, x, x, x]']
  for (const [k, prev] of [
    ['b', 'a'],
    ['c', 'b'],
    ['d', 'c'],
    ['e', 'd'],
    ['f', 'e']
  ]) {
    bomb.push(`${k}: &${k} [${Array(10).fill(`*${prev}`).join(', ')}]`)
  }
  bomb.push('jobs: *f')
  write('.github/workflows/bomb.yml', bomb.join('\n') + '\n')

  // JSON nested 200,000 levels.
  write('.claude/settings.json', '{"permissions": ' + '['.repeat(200_000) + ']'.repeat(200_000) + '}')

  // A 60 MB CLAUDE.md, sparse: a little text, then a hole.
  const fd = openSync(join(repo, 'CLAUDE.md'), 'w')
  writeSync(fd, '# Memory\n\nSee @docs/a.md\n')
  ftruncateSync(fd, 60 * 1024 * 1024)
  closeSync(fd)

  // 3 MB of random bytes as a memory file.
  write('.claude/CLAUDE.md', randomBytes(3 * 1024 * 1024))

  // Invalid UTF-8 in an agent definition.
  write(
    '.claude/agents/broken.md',
    Buffer.concat([
      Buffer.from('---\nname: broken\ndescription: '),
      Buffer.from([0xc3, 0x28, 0xa0, 0xa1, 0xff, 0xfe]),
      Buffer.from('\n---\nBody \xff\n', 'latin1')
    ])
  )

  // BOM + CRLF settings file with a planted key: still parsed, still found.
  plantedKey = make.anthropicApi()
  write(
    '.claude/settings.local.json',
    '\ufeff{\r\n  "env": {\r\n    "ANTHROPIC_API_KEY": "' + plantedKey + '"\r\n  }\r\n}\r\n'
  )

  // A link to /etc/passwd named .mcp.json, and a link loop where an agent would be.
  symlinkSync('/etc/passwd', join(repo, '.mcp.json'))
  symlinkSync('loop-b.md', join(repo, '.claude', 'agents', 'loop-a.md'))
  symlinkSync('loop-a.md', join(repo, '.claude', 'agents', 'loop-b.md'))

  // Imports: a cycle, and paths that leave the repository.
  write('docs/a.md', '@b.md\n@../docs/a.md\n')
  write('docs/b.md', '@a.md\n@../../../../../../etc/passwd\n@/etc/passwd\n@~/.ssh/id_rsa\n')

  // Odd path names, each with a memory file.
  for (const name of [
    'with space',
    'quote"and\'apostrophe',
    'new\nline',
    'carriage\rreturn',
    'ünïcødé 日本語',
    '-dash',
    '$(id)`id`',
    '.. dots',
    'x\n::error::forged'
  ]) {
    write(join('odd', name, 'CLAUDE.md'), `# ${name}\n@../../docs/a.md\n@missing.md\n`)
  }
}

interface CliRun {
  code: number | null
  signal: string | null
  stdout: string
  stderr: string
  wallMs: number
  rssKb?: number
}

function runCli(args: string[]): Promise<CliRun> {
  const file = TIME ?? process.execPath
  const argv = TIME ? ['-f', 'MAXRSS_KB=%M', process.execPath, CLI, ...args] : [CLI, ...args]
  const started = Date.now()
  return new Promise((done) => {
    execFile(file, argv, { cwd: repo, timeout: 120_000, maxBuffer: 256 * 1024 * 1024 }, (error, stdout, stderr) => {
      const wallMs = Date.now() - started
      const m = /MAXRSS_KB=(\d+)\s*$/.exec(stderr)
      done({
        code: error ? (typeof error.code === 'number' ? error.code : null) : 0,
        signal: error?.signal ?? null,
        stdout,
        stderr: m ? stderr.slice(0, m.index) : stderr,
        wallMs,
        ...(m ? { rssKb: Number(m[1]) } : {})
      })
    })
  })
}

/** A JS stack frame or a fatal V8 report. */
const STACK = /^\s+at .+(?::\d+:\d+\)?|\(native\))$|FATAL ERROR|Native stack trace|Node\.js v\d/m

function assertHealthy(r: CliRun, what: string, t?: { diagnostic(message: string): void }): void {
  t?.diagnostic(
    `${what}: exit ${r.code}, ${r.wallMs} ms wall${r.rssKb !== undefined ? `, peak RSS ${(r.rssKb / 1024).toFixed(0)} MB` : ''}`
  )
  assert.ok(r.code === 0 || r.code === 1, `${what}: exit ${r.code} ${r.signal ?? ''}\n${r.stderr.slice(0, 2000)}`)
  assert.ok(!STACK.test(r.stderr), `${what}: stack trace on stderr\n${r.stderr.slice(0, 2000)}`)
  assert.ok(r.wallMs < WALL_LIMIT_MS, `${what}: took ${r.wallMs} ms`)
  if (r.rssKb !== undefined) assert.ok(r.rssKb < RSS_LIMIT_KB, `${what}: peak RSS ${(r.rssKb / 1024).toFixed(0)} MB`)
  for (const out of [r.stdout, r.stderr]) {
    assert.ok(
      !out.includes('root:x:0:0') && !(passwd.length > 0 && out.includes(passwd)),
      `${what}: /etc/passwd content in the output`
    )
    assert.equal(leakedWindow(plantedKey, out, 'sk-ant-' + 'api03-'), undefined, `${what}: planted key in the output`)
  }
}

before(() => {
  if (SKIP) return
  try {
    passwd = readFileSync('/etc/passwd', 'utf8').split('\n')[0] ?? ''
  } catch {
    passwd = ''
  }
  buildHostileRepository()
})
after(() => {
  if (repo) rmSync(repo, { recursive: true, force: true })
})

interface JsonReport {
  findings: { ruleId: string; file: string | null; line: number | null; message: string }[]
}

test(
  'JSON report: finishes, reports every unreadable file, still finds the BOM+CRLF key',
  { skip: SKIP },
  async (t) => {
    const r = await runCli(['.', '--format', 'json', '--min-severity', 'info', '--history'])
    assertHealthy(r, 'json', t)
    const report = JSON.parse(r.stdout) as JsonReport
    const by = (rule: string, file: string, re: RegExp): boolean =>
      report.findings.some((f) => f.ruleId === rule && f.file === file && re.test(f.message))
    const list = report.findings
      .map((f) => `${f.ruleId} ${JSON.stringify(f.file)}: ${f.message.slice(0, 120)}`)
      .join('\n')
    assert.ok(by('invalid-config', '.claude/settings.json', /nesting deeper than 500/), `200,000-deep JSON\n${list}`)
    assert.ok(by('invalid-config', '.github/workflows/bomb.yml', /could not expand YAML|alias/i), `alias bomb\n${list}`)
    assert.ok(by('file-skipped', 'CLAUDE.md', /MiB, over the 4 MiB limit/), `60 MB CLAUDE.md\n${list}`)
    assert.ok(by('file-skipped', '.claude/CLAUDE.md', /binary/), `random bytes\n${list}`)
    assert.ok(by('file-skipped', '.mcp.json', /leaves the repository/), `link to /etc/passwd\n${list}`)
    assert.ok(
      report.findings.some(
        (f) => f.ruleId === 'file-skipped' && /loop-[ab]\.md$/.test(f.file ?? '') && /loop|broken/.test(f.message)
      ),
      `link loop\n${list}`
    )
    const key = report.findings.find((f) => f.ruleId === 'hardcoded-secret' && f.file === '.claude/settings.local.json')
    assert.ok(key, `key in the BOM+CRLF settings file\n${list}`)
    assert.equal(key.line, 3, 'line counted across CRLF and BOM')
    assert.ok(
      !report.findings.some((f) => f.ruleId === 'invalid-config' && f.file === '.claude/settings.local.json'),
      'BOM+CRLF JSON parses'
    )
    assert.ok(
      report.findings.some(
        (f) => f.ruleId === 'memory-import-broken' && /leaves the repository|outside/.test(f.message)
      ),
      `import leaving the repository\n${list}`
    )
    assert.ok(
      report.findings.some((f) => (f.file ?? '').startsWith('odd/new\nline/')),
      'a path with a newline is reported as is in JSON'
    )
  }
)

for (const format of ['text', 'sarif', 'markdown']) {
  test(`--format ${format}: finishes cleanly on the same repository`, { skip: SKIP }, async (t) => {
    const r = await runCli(['.', '--format', format, '--min-severity', 'info'])
    assertHealthy(r, format, t)
    assert.ok(r.stdout.length > 0)
    if (format === 'sarif') JSON.parse(r.stdout)
    if (format === 'text') {
      const forged = r.stdout.split(/\r\n|\r|\n/).filter((l) => l.startsWith('::'))
      assert.deepEqual(forged, [], 'no line the Actions runner reads as a command')
    }
  })
}

test('no git on PATH: same report, no crash', { skip: SKIP }, async (t) => {
  const r = await new Promise<CliRun>((done) => {
    const started = Date.now()
    execFile(
      process.execPath,
      [CLI, '.', '--format', 'json', '--min-severity', 'info', '--history'],
      {
        cwd: repo,
        env: { PATH: '/nonexistent', HOME: process.env.HOME ?? '' },
        timeout: 120_000,
        maxBuffer: 256 * 1024 * 1024
      },
      (error, stdout, stderr) =>
        done({
          code: error ? (typeof error.code === 'number' ? error.code : null) : 0,
          signal: error?.signal ?? null,
          stdout,
          stderr,
          wallMs: Date.now() - started
        })
    )
  })
  assertHealthy(r, 'no git', t)
  const report = JSON.parse(r.stdout) as JsonReport
  assert.ok(report.findings.some((f) => f.ruleId === 'invalid-config' && f.file === '.claude/settings.json'))
})

// Found by test/hardening/fuzz.test.ts: deep block nesting in YAML aborted the process
// (V8 RegExpCompiler OOM, exit 134) once the yaml package overflowed the stack.

function runDeep(files: Record<string, string>): ReturnType<typeof spawnSync> & { stderr: string } {
  const dir = mkdtempSync(join(tmpdir(), 'cca-hard-deep-'))
  try {
    for (const [rel, text] of Object.entries(files)) {
      mkdirSync(dirname(join(dir, rel)), { recursive: true })
      writeFileSync(join(dir, rel), text)
    }
    return spawnSync(process.execPath, [CLI, dir, '--format', 'json'], {
      encoding: 'utf8',
      timeout: 120_000,
      maxBuffer: 64 * 1024 * 1024
    })
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}

function assertNoAbort(r: ReturnType<typeof runDeep>): void {
  const stderr = r.stderr
    .split('\n')
    .filter((l) => !/^\s+\d+: 0x/.test(l))
    .slice(0, 8)
    .join('\n')
  assert.ok(r.status === 0 || r.status === 1, `exit ${r.status} ${r.signal ?? ''}\n${stderr}`)
  assert.ok(!STACK.test(r.stderr), stderr)
}

test('two workflows with 100,000 nested block sequences: no abort', { skip: SKIP }, () => {
  const deep = '- '.repeat(100_000) + 'x\n'
  assertNoAbort(runDeep({ '.github/workflows/a.yml': deep, '.github/workflows/b.yml': deep }))
})

test(
  '999 levels of indented `-` lines in 3 agents and 2 workflows: no abort',
  { skip: SKIP },
  () => {
    const y = Array.from({ length: 999 }, (_, i) => ' '.repeat(i) + '-').join('\n') + ' v'
    assertNoAbort(
      runDeep({
        '.claude/agents/d1.md': `---\n${y}\n---\nbody\n`,
        '.claude/agents/d2.md': `---\n${y}\n---\nbody\n`,
        '.claude/agents/d3.md': `---\n${y}\n---\nbody\n`,
        '.github/workflows/w1.yml': y,
        '.github/workflows/w2.yml': y
      })
    )
  }
)
