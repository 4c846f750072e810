#!/usr/bin/env node
// Benchmark (npm run bench): generates synthetic monorepos with
// ../shared/bench/make-monorepo.mjs (5.5k and 52k files, plus the small one
// padded with 48k source files no rule reads, to show cost against repository
// size), times the audit as whole processes (cold start, median of N runs
// interleaved with the other measurements of the same repository, min and max,
// peak RSS), with an empty and a warm code cache, with --history, side by side
// with AgentShield (ecc-agentshield@1.6.0, installed here on first use), and
// writes bench/results.md with the machine description.
// Usage: node bench/run.mjs [--runs N] [--quick]   (--quick: small repository only; default 7 runs)
import { execFileSync, spawnSync } from 'node:child_process'
import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs'
import { cpus, totalmem, platform, release } from 'node:os'
import { join, resolve } from 'node:path'

const args = process.argv.slice(2)
const RUNS = Number(args[args.indexOf('--runs') + 1]) || 7
const QUICK = args.includes('--quick')
const WORK = resolve('bench/.work')
const MAKER = resolve('../shared/bench/make-monorepo.mjs')
const CLI = resolve('dist/cli.cjs')
const FLOOR = resolve('bench/yaml-floor.mjs')
mkdirSync(WORK, { recursive: true })

if (!existsSync(MAKER)) {
  console.error(`bench: ${MAKER} not found (the shared/ folder must sit beside this repository)`)
  process.exit(2)
}
if (!existsSync(CLI)) {
  console.error('bench: dist/cli.cjs not found; run npm run build first')
  process.exit(2)
}

const sizes = [
  { name: 'small', packages: 400, commits: 300 },
  ...(QUICK
    ? []
    : [
        { name: 'large', packages: 4000, commits: 1000 },
        // The small repository plus ~48k committed source files that no rule reads:
        // the same relevant files in a repository ten times the size.
        { name: 'padded', packages: 400, commits: 300, padding: 4000 }
      ])
]

function ensureRepo(s) {
  if (s.padding) return ensurePadded(s)
  const dir = join(WORK, `mono-${s.packages}-${s.commits}`)
  if (!existsSync(join(dir, '.git'))) {
    process.stderr.write(`generating ${dir} ...\n`)
    execFileSync(process.execPath, [MAKER, dir, '--packages', String(s.packages), '--commits', String(s.commits)], {
      stdio: ['ignore', 'ignore', 'inherit']
    })
  }
  return dir
}

/** A copy of a generated repository with `padding` packages of 12 plain source files each, committed. */
function ensurePadded(s) {
  const dir = join(WORK, `mono-${s.packages}-${s.commits}-padded-${s.padding}`)
  if (existsSync(join(dir, '.git'))) return dir
  const base = ensureRepo({ packages: s.packages, commits: s.commits })
  process.stderr.write(`generating ${dir} ...\n`)
  rmSync(dir, { recursive: true, force: true })
  execFileSync('git', ['clone', '-q', '--no-hardlinks', base, dir], { stdio: 'ignore' })
  for (let p = 0; p < s.padding; p++) {
    const src = join(dir, 'padding', `lib-${p}`, 'src')
    mkdirSync(src, { recursive: true })
    for (let f = 0; f < 12; f++) writeFileSync(join(src, `m${f}.ts`), `export const v${p}_${f} = ${p * 12 + f}\n`)
  }
  const env = ['-c', 'user.name=bench', '-c', 'user.email=bench@example.com']
  execFileSync('git', ['add', '-A'], { cwd: dir, stdio: 'ignore' })
  execFileSync('git', [...env, 'commit', '-q', '-m', 'padding'], { cwd: dir, stdio: 'ignore' })
  return dir
}

/** Runs a command once under /usr/bin/time; returns seconds and peak RSS in MB. */
function timeOnce(cmd, cmdArgs, cwd, okCodes = [0, 1]) {
  const hasTime = existsSync('/usr/bin/time')
  const t0 = process.hrtime.bigint()
  const r = hasTime
    ? spawnSync('/usr/bin/time', ['-f', '%M', cmd, ...cmdArgs], { cwd, encoding: 'utf8', maxBuffer: 1 << 28 })
    : spawnSync(cmd, cmdArgs, { cwd, encoding: 'utf8', maxBuffer: 1 << 28 })
  const secs = Number(process.hrtime.bigint() - t0) / 1e9
  const rssKb = hasTime ? Number((r.stderr.trim().split('\n').pop() ?? '').trim()) : NaN
  if (!okCodes.includes(r.status)) {
    throw new Error(`${cmd} ${cmdArgs.join(' ')} exited ${r.status}: ${(r.stderr || '').slice(-500)}`)
  }
  return { secs, rssMb: rssKb / 1024, stdout: r.stdout }
}

/**
 * Times several commands RUNS times each, round-robin (so a burst of load on a
 * shared machine hits every command alike), and returns one row per command.
 * `before` runs ahead of each timed run (to empty the code cache).
 */
function measureAll(specs) {
  const runs = specs.map(() => [])
  for (let i = 0; i < RUNS; i++) {
    specs.forEach((sp, k) => {
      sp.before?.()
      runs[k].push(timeOnce(sp.cmd, sp.args, WORK, sp.okCodes))
    })
  }
  return specs.map((sp, k) => {
    const t = runs[k].map((r) => r.secs).sort((a, b) => a - b)
    const m = runs[k].map((r) => r.rssMb).sort((a, b) => a - b)
    const row = { label: sp.label, median: t[Math.floor(t.length / 2)], min: t[0], max: t[t.length - 1], rss: m[m.length - 1], out: runs[k][0].stdout, outs: runs[k].map((r) => r.stdout) }
    process.stderr.write(`${sp.label}: median ${row.median.toFixed(3)} s (min ${row.min.toFixed(3)}, max ${row.max.toFixed(3)}), peak RSS ${row.rss.toFixed(0)} MB\n`)
    return row
  })
}

// The CLI keeps V8's code cache in its own folder here: "first run" empties it
// before every run (what a fresh install or a CI machine without a cache pays),
// the other rows reuse it (every later run on the same machine).
const CACHE = join(WORK, 'code-cache')
process.env.CLAUDE_CODE_AUDIT_CACHE_DIR = CACHE
delete process.env.CLAUDE_CODE_AUDIT_NO_CACHE
const emptyCache = () => rmSync(CACHE, { recursive: true, force: true })

function agentShield() {
  const dir = join(WORK, 'agentshield')
  const bin = join(dir, 'node_modules', 'ecc-agentshield', 'dist', 'index.js')
  if (!existsSync(bin)) {
    mkdirSync(dir, { recursive: true })
    if (!existsSync(join(dir, 'package.json'))) writeFileSync(join(dir, 'package.json'), '{"private":true}\n')
    const r = spawnSync('npm', ['install', '--no-audit', '--no-fund', 'ecc-agentshield@1.6.0'], { cwd: dir, stdio: 'ignore' })
    if (r.status !== 0 || !existsSync(bin)) return undefined
  }
  return bin
}

const rows = []
const notes = []
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]
// Node's own start, which every measurement below includes (ours and AgentShield's alike).
const extraCa = process.env.NODE_EXTRA_CA_CERTS
const [nodeStart, cold, coldFirst, nodeBare] = measureAll([
  { label: 'node start: node -e 0', cmd: process.execPath, args: ['-e', '0'] },
  { label: 'cold start: dist/cli.cjs --version', cmd: process.execPath, args: [CLI, '--version'] },
  { label: 'cold start: dist/cli.cjs --help (loads the bundle)', cmd: process.execPath, args: [CLI, '--help'] },
  ...(extraCa ? [{ label: 'node start without NODE_EXTRA_CA_CERTS', cmd: 'env', args: ['-u', 'NODE_EXTRA_CA_CERTS', process.execPath, '-e', '0'] }] : [])
])
rows.push({ repo: '-', files: '-', ...nodeStart }, { repo: '-', files: '-', ...cold }, { repo: '-', files: '-', ...coldFirst })
if (nodeBare) {
  rows.push({ repo: '-', files: '-', ...nodeBare })
  notes.push(
    `NODE_EXTRA_CA_CERTS is set on this machine (${extraCa}): Node reads those certificates before any script runs, ` +
      `${((nodeStart.median - nodeBare.median) * 1000).toFixed(0)} ms of every process here, ours and AgentShield's alike (GitHub-hosted runners do not set it).`
  )
}
const shield = agentShield()
if (!shield) notes.push('AgentShield (ecc-agentshield@1.6.0) could not be installed; no comparison.')

for (const s of sizes) {
  const dir = ensureRepo(s)
  const files = Number(execFileSync('git', ['ls-files'], { cwd: dir, encoding: 'utf8', maxBuffer: 1 << 28 }).split('\n').length - 1)
  const audit = [CLI, dir, '--format', 'json', '--fail-on', 'never']
  const specs = [
    { label: `${s.name}: audit`, cmd: process.execPath, args: audit },
    { label: `${s.name}: audit, first run (empty code cache)`, cmd: process.execPath, args: audit, before: emptyCache },
    { label: `${s.name}: audit --history`, cmd: process.execPath, args: [...audit, '--history'] },
    { label: `${s.name}: floor (see below)`, cmd: process.execPath, args: ['--no-lazy', FLOOR, dir] },
    ...(shield ? [{ label: `${s.name}: AgentShield scan`, cmd: process.execPath, args: [shield, 'scan', '--path', dir, '--format', 'json'], okCodes: [0, 1, 2] }] : [])
  ]
  let got
  try {
    got = measureAll(specs)
  } catch (e) {
    if (!shield) throw e
    notes.push(`AgentShield failed on ${s.name}: ${e.message.split('\n')[0]}`)
    got = measureAll(specs.slice(0, 4))
  }
  const [ours, first, hist, floorRun, as] = got
  // The floor: Node's start plus only the parsing of the YAML documents every audit must parse.
  const parsed = floorRun.outs.map((o) => JSON.parse(o))
  const floor = nodeStart.median + median(parsed.map((f) => f.parseMs)) / 1000
  const count = JSON.parse(ours.out).findings.length
  rows.push({ repo: s.name, files, ...ours, extra: `${count} findings${as ? `; ratio ours/AgentShield ${(ours.median / as.median).toFixed(2)}×` : ''}` })
  rows.push({ repo: s.name, files, ...first, extra: as ? `ratio ours/AgentShield ${(first.median / as.median).toFixed(2)}×` : '' })
  rows.push({ repo: s.name, files, ...hist, extra: `${s.commits} commits` })
  rows.push({
    repo: s.name,
    files,
    label: `${s.name}: floor = node start + parsing its ${parsed[0].docs} YAML documents`,
    median: floor,
    min: NaN,
    max: NaN,
    rss: NaN,
    extra: as ? `ratio floor/AgentShield ${(floor / as.median).toFixed(2)}×` : ''
  })
  if (as) rows.push({ repo: s.name, files, ...as, extra: '' })
}

function num(v, digits) {
  return Number.isNaN(v) ? '-' : v.toFixed(digits)
}

const cpu = cpus()
const machine = `${platform()} ${release()}, ${cpu.length} × ${cpu[0]?.model ?? 'cpu'}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB RAM, Node ${process.version}`
const table = [
  '| Repository | Tracked files | Measurement | Median (s) | Min (s) | Max (s) | Peak RSS (MB) | Note |',
  '|---|---|---|---|---|---|---|---|',
  ...rows.map((r) => `| ${r.repo} | ${r.files} | ${r.label} | ${r.median.toFixed(3)} | ${num(r.min, 3)} | ${num(r.max, 3)} | ${num(r.rss, 0)} | ${r.extra ?? ''} |`)
].join('\n')
const md = `# Benchmark results

Generated by \`npm run bench\` on ${new Date().toISOString().slice(0, 10)}.

Machine: ${machine}. ${RUNS} runs per measurement, each a whole process (cold start),
the measurements of one repository interleaved run by run. "first run" empties the CLI's
code cache (src/compile-cache.ts) before each run; the other rows of the CLI reuse it.

The "floor" rows bound what any audit that follows the rule catalog can cost here: Node's
start (the \`node -e 0\` row) plus the time \`bench/yaml-floor.mjs\` measures for parsing,
with \`yaml\`, only the YAML documents every audit must parse (each workflow and each
agent, command and skill frontmatter: \`invalid-config\` covers them all), leaving out
loading the code, listing and reading files, every rule and the report. No min, max or
RSS: it is a sum of two medians.

${table}

Targets (issue "Performance and scale"): 52k-file monorepo full audit ≤ 1.0 s median and
≤ 250 MB peak RSS; 1,000-commit history scan ≤ 3 s; ≤ 0.5× AgentShield's time on the
5.5k-file monorepo; cold start of \`dist/cli.cjs --version\` ≤ 150 ms.
${notes.length ? '\nNotes:\n' + notes.map((n) => `- ${n}`).join('\n') + '\n' : ''}`
writeFileSync('bench/results.md', md)
process.stdout.write(md)
