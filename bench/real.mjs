#!/usr/bin/env node
// Benchmark on real repositories (npm run bench:real): the repositories of
// bench/real-repos.tsv at their pinned commits, each audited by our CLI and by
// AgentShield (ecc-agentshield@1.6.0) as whole processes, best of N runs
// (interleaved), with the sum ratio, the median and the slowest repository.
// Ours runs twice per round: as a user's repeat audit runs (its code cache and
// parse cache warm, see src/parse/parse-cache.ts) and with the parse cache off
// (every file parsed, as on a first audit or a fresh CI runner).
// Writes bench/results-real.md.
//
// The repositories are cloned into bench/.work/real/ on first use: from a local
// mirror when given (--mirror DIR, holding OWNER+NAME/repo git directories, as
// the search tool's fetch lays them out), else from GitHub.
// Usage: node bench/real.mjs [--runs N] [--mirror DIR] [--cli PATH]   (--cli: another build to time)
import { execFileSync, spawnSync } from 'node:child_process'
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { cpus, loadavg, platform, release, totalmem } from 'node:os'
import { join, resolve } from 'node:path'

const args = process.argv.slice(2)
const opt = (name, d) => (args.includes(name) ? args[args.indexOf(name) + 1] : d)
const RUNS = Number(opt('--runs', 3)) || 3
const MIRROR = opt('--mirror', process.env.CCA_BENCH_MIRROR)
const WORK = resolve('bench/.work')
const REAL = join(WORK, 'real')
const CLI = resolve(opt('--cli', 'dist/cli.cjs'))
mkdirSync(REAL, { recursive: true })

const list = readFileSync('bench/real-repos.tsv', 'utf8')
  .split('\n')
  .filter((l) => l && !l.startsWith('#') && !l.startsWith('repo\t'))
  .map((l) => {
    const [repo, commit] = l.split('\t')
    return { repo, commit }
  })

/** The work tree of one repository at its commit (cloned on first use). */
function checkout({ repo, commit }) {
  const dir = join(REAL, repo.replace('/', '+'))
  if (!existsSync(join(dir, '.git'))) {
    const mirror = MIRROR && join(MIRROR, repo.replace('/', '+'), 'repo')
    const from = mirror && existsSync(mirror) ? mirror : `https://github.com/${repo}.git`
    execFileSync('git', ['clone', '-q', '--no-checkout', from, dir], { stdio: ['ignore', 'ignore', 'inherit'] })
  }
  const r = spawnSync('git', ['-c', 'advice.detachedHead=false', 'checkout', '-q', '--force', commit], { cwd: dir, stdio: 'ignore' })
  if (r.status !== 0) {
    // A mirror may lack its largest blobs (over 4 MiB): check out what is there.
    // No rule reads such files; they stay listed in the index and absent on disk.
    execFileSync('git', ['read-tree', commit], { cwd: dir, stdio: 'ignore' })
    spawnSync('git', ['checkout-index', '-a', '-f', '-q'], { cwd: dir, stdio: 'ignore' })
    execFileSync('git', ['update-ref', '--no-deref', 'HEAD', commit], { cwd: dir, stdio: 'ignore' })
  }
  return dir
}

function agentShield() {
  const dir = join(WORK, 'agentshield')
  const bin = join(dir, 'node_modules', 'ecc-agentshield', 'dist', 'index.js')
  if (!existsSync(bin)) {
    mkdirSync(dir, { recursive: true })
    if (!existsSync(join(dir, 'package.json'))) writeFileSync(join(dir, 'package.json'), '{"private":true}\n')
    spawnSync('npm', ['install', '--no-audit', '--no-fund', 'ecc-agentshield@1.6.0'], { cwd: dir, stdio: 'ignore' })
  }
  return existsSync(bin) ? bin : undefined
}

// CPU time (user + system, children included) through GNU time where there is one:
// on a shared machine it moves far less with the load than the wall time does.
const GNU_TIME = existsSync('/usr/bin/time') && spawnSync('/usr/bin/time', ['-f', '%U', 'true']).status === 0
function time(cmdArgs) {
  const t0 = process.hrtime.bigint()
  const [cmd, argv] = GNU_TIME ? ['/usr/bin/time', ['-f', '\n%U %S', process.execPath, ...cmdArgs]] : [process.execPath, cmdArgs]
  const r = spawnSync(cmd, argv, { encoding: 'utf8', maxBuffer: 1 << 28, stdio: ['ignore', 'pipe', 'pipe'] })
  const secs = Number(process.hrtime.bigint() - t0) / 1e9
  if (r.status !== 0 && r.status !== 1 && r.status !== 2) throw new Error(`exit ${r.status}: ${(r.stderr ?? '').slice(-300)}`)
  const [u, sy] = GNU_TIME ? (r.stderr.trim().split('\n').pop() ?? '').split(' ').map(Number) : [NaN, NaN]
  return { secs, cpu: u + sy, stdout: r.stdout }
}

const shield = agentShield()
const startLoad = loadavg()
const rows = []
for (const entry of list) {
  let dir
  try {
    dir = checkout(entry)
  } catch (e) {
    rows.push({ ...entry, error: `could not be cloned: ${e.message.split('\n')[0]}` })
    continue
  }
  // One code cache per repository, as a user auditing it again has: V8 caches the functions the run that wrote it used.
  process.env.CLAUDE_CODE_AUDIT_CACHE_DIR = join(WORK, 'code-cache', entry.repo.replace('/', '+'))
  const files = execFileSync('git', ['ls-files'], { cwd: dir, encoding: 'utf8', maxBuffer: 1 << 28 }).split('\n').filter(Boolean).length
  const ours = []
  const cold = []
  const theirs = []
  const oursCpu = []
  const theirsCpu = []
  let findings = 0
  for (let i = 0; i < RUNS; i++) {
    const o = time([CLI, dir, '--format', 'json', '--fail-on', 'never'])
    ours.push(o.secs)
    oursCpu.push(o.cpu)
    if (i === 0) findings = JSON.parse(o.stdout).findings.length
    process.env.CLAUDE_CODE_AUDIT_NO_PARSE_CACHE = '1'
    const c = time([CLI, dir, '--format', 'json', '--fail-on', 'never'])
    delete process.env.CLAUDE_CODE_AUDIT_NO_PARSE_CACHE
    cold.push(c.secs)
    if (c.stdout !== o.stdout) throw new Error(`${entry.repo}: the report with the parse cache differs from the one without`)
    if (shield) {
      const t = time([shield, 'scan', '--path', dir, '--format', 'json'])
      theirs.push(t.secs)
      theirsCpu.push(t.cpu)
    }
  }
  const best = (a) => (a.length ? Math.min(...a) : NaN)
  const row = { ...entry, files, findings, ours: best(ours), cold: best(cold), theirs: best(theirs), oursCpu: best(oursCpu), theirsCpu: best(theirsCpu) }
  rows.push(row)
  process.stderr.write(`${entry.repo}: ${files} files, ours ${row.ours.toFixed(3)} s (CPU ${row.oursCpu.toFixed(2)}; ${row.cold.toFixed(3)} s without the parse cache), AgentShield ${row.theirs.toFixed(3)} s (CPU ${row.theirsCpu.toFixed(2)})\n`)
}

const ok = rows.filter((r) => !r.error)
const sum = (k) => ok.reduce((n, r) => n + r[k], 0)
const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b)
  return s.length ? (s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2) : NaN
}
const slowest = [...ok].sort((a, b) => b.ours - a.ours)[0]
const lines = [
  '# Benchmark on real repositories',
  '',
  `Machine: ${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, ${platform()} ${release()}, Node ${process.version}.`,
  `Each time is the best of ${RUNS} whole-process runs, ours and AgentShield's interleaved. Ours runs with a code cache and a parse cache of its own per repository, warm as on a repeat audit (\`ours\`), and again with the parse cache off, every file parsed as on a first audit or a fresh CI runner (\`ours, no parse cache\`; the code cache stays warm); both give the same report, which the bench checks; load average at the start ${startLoad.map((l) => l.toFixed(1)).join(', ')}, at the end ${loadavg().map((l) => l.toFixed(1)).join(', ')}.`,
  'CPU is user + system time of the process and its children (GNU time), which a loaded machine inflates far less than wall time.',
  '',
  '| repository | commit | files | findings | ours (s) | ours, no parse cache (s) | AgentShield (s) | ratio | ratio, no parse cache | ours CPU (s) | AgentShield CPU (s) |',
  '|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|',
  ...rows.map((r) =>
    r.error
      ? `| ${r.repo} | ${r.commit.slice(0, 12)} | | | ${r.error} | | | | | | |`
      : `| ${r.repo} | ${r.commit.slice(0, 12)} | ${r.files} | ${r.findings} | ${r.ours.toFixed(3)} | ${r.cold.toFixed(3)} | ${Number.isNaN(r.theirs) ? '—' : r.theirs.toFixed(3)} | ${Number.isNaN(r.theirs) ? '—' : (r.ours / r.theirs).toFixed(2)} | ${Number.isNaN(r.theirs) ? '—' : (r.cold / r.theirs).toFixed(2)} | ${r.oursCpu.toFixed(2)} | ${Number.isNaN(r.theirsCpu) ? '—' : r.theirsCpu.toFixed(2)} |`
  ),
  '',
  `Sum: ours ${sum('ours').toFixed(2)} s, AgentShield ${sum('theirs').toFixed(2)} s, ratio ${(sum('ours') / sum('theirs')).toFixed(2)}.`,
  `Sum without the parse cache: ours ${sum('cold').toFixed(2)} s, ratio ${(sum('cold') / sum('theirs')).toFixed(2)}.`,
  `Sum of CPU: ours ${sum('oursCpu').toFixed(2)} s, AgentShield ${sum('theirsCpu').toFixed(2)} s, ratio ${(sum('oursCpu') / sum('theirsCpu')).toFixed(2)}.`,
  `Median: ours ${median(ok.map((r) => r.ours)).toFixed(3)} s (${median(ok.map((r) => r.cold)).toFixed(3)} s without the parse cache), AgentShield ${median(ok.map((r) => r.theirs)).toFixed(3)} s.`,
  slowest ? `Slowest (ours): ${slowest.repo}, ${slowest.ours.toFixed(3)} s for ${slowest.files} files.` : '',
  ok.length ? `Slowest without the parse cache: ${[...ok].sort((a, b) => b.cold - a.cold)[0].repo}, ${Math.max(...ok.map((r) => r.cold)).toFixed(3)} s.` : '',
  ''
]
writeFileSync('bench/results-real.md', lines.join('\n'))
process.stdout.write(lines.join('\n'))
