#!/usr/bin/env node
// History benchmark (npm run bench:history): `--history` on a real 52k-commit
// repository (Homebrew/brew at a pinned commit) against its floor, `git log`
// over the same paths: the one-pass `git log -p` with the sixteen glob
// pathspecs of HISTORY_PATHSPECS (what the scan ran before), and the two git
// commands the scan runs now (the changed paths by three plain patterns, then
// the patches of the matching literal paths). Best of N whole processes, the
// load average beside them. Writes bench/results-history.md.
// Usage: node --import tsx bench/history.mjs [--runs N] [--mirror DIR] [--cli PATH]
import { execFileSync, spawnSync } from 'node:child_process'
import { existsSync, mkdirSync, writeFileSync } from 'node:fs'
import { cpus, loadavg, platform, release } from 'node:os'
import { join, resolve } from 'node:path'
import { HISTORY_CANDIDATE_PATHSPECS, HISTORY_PATHSPECS, isHistoryPath } from '../src/analysis/secret-files.ts'

const args = process.argv.slice(2)
const opt = (name, d) => (args.includes(name) ? args[args.indexOf(name) + 1] : d)
const RUNS = Number(opt('--runs', 3)) || 3
const MIRROR = opt('--mirror', process.env.CCA_BENCH_MIRROR)
const CLI = resolve(opt('--cli', 'dist/cli.cjs'))
const REPO = 'Homebrew/brew'
const COMMIT = 'aad366ffaf6a8c94c66d35e4b990d42ac4195305'
const dir = resolve('bench/.work/history', REPO.replace('/', '+'))

if (!existsSync(join(dir, '.git'))) {
  mkdirSync(dir, { recursive: true })
  const mirror = MIRROR && join(MIRROR, REPO.replace('/', '+'), 'repo')
  const from = mirror && existsSync(mirror) ? mirror : `https://github.com/${REPO}.git`
  execFileSync('git', ['clone', '-q', '--no-checkout', from, dir], { stdio: ['ignore', 'ignore', 'inherit'] })
}
execFileSync('git', ['-c', 'advice.detachedHead=false', 'checkout', '-q', '--force', COMMIT], { cwd: dir, stdio: 'ignore' })
const commits = Number(execFileSync('git', ['rev-list', '--count', 'HEAD'], { cwd: dir, encoding: 'utf8' }).trim())

/** CPU seconds of the children (user + system) and wall seconds of one command. */
function time(cmd, argv) {
  const t0 = process.hrtime.bigint()
  const r = spawnSync('/usr/bin/time', ['-f', '%U %S', cmd, ...argv], { cwd: dir, encoding: 'utf8', maxBuffer: 1 << 30 })
  const wall = Number(process.hrtime.bigint() - t0) / 1e9
  if (r.status !== 0 && r.status !== 1 && r.status !== 2) throw new Error(`${cmd} exit ${r.status}: ${(r.stderr ?? '').slice(-300)}`)
  const [u, s] = (r.stderr.trim().split('\n').pop() ?? '0 0').split(' ').map(Number)
  return { wall, cpu: u + s, stdout: r.stdout }
}
const LOG_P = ['log', '-p', '--relative', '--reverse', '--no-color', '--no-renames', '--format=%x00commit %H %cI', '-U0', 'HEAD', '--']
const best = (xs, k) => Math.min(...xs.map((x) => x[k]))
const rows = { globs: [], paths: [], patches: [], ours: [], none: [] }
let literal = []
const load = []
for (let i = 0; i < RUNS; i++) {
  load.push(loadavg()[0])
  rows.globs.push(time('git', [...LOG_P, ...HISTORY_PATHSPECS]))
  const p = time('git', ['log', '-z', '--format=', '--name-only', '--no-renames', '--relative', 'HEAD', '--', ...HISTORY_CANDIDATE_PATHSPECS])
  rows.paths.push(p)
  literal = [...new Set(p.stdout.split('\0').map((n) => n.replace(/^\n+/, '')).filter((n) => n && isHistoryPath(n)))].sort()
  rows.patches.push(time('git', [...LOG_P, ...literal.map((x) => `:(literal)${x}`)]))
  rows.ours.push(time(process.execPath, [CLI, dir, '--history', '--format', 'json', '--fail-on', 'never']))
  rows.none.push(time(process.execPath, [CLI, dir, '--format', 'json', '--fail-on', 'never']))
}
const fmt = (k) => `${best(rows[k], 'wall').toFixed(2)} s | ${best(rows[k], 'cpu').toFixed(2)} s`
const twoWall = Math.min(...rows.paths.map((p, i) => p.wall + rows.patches[i].wall))
const twoCpu = Math.min(...rows.paths.map((p, i) => p.cpu + rows.patches[i].cpu))
const lines = [
  '# History benchmark',
  '',
  `${REPO} at ${COMMIT.slice(0, 12)}: ${commits} commits; ${literal.length} paths of the secret rules ever changed.`,
  `Machine: ${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, ${platform()} ${release()}, Node ${process.version}; load average ${load.map((l) => l.toFixed(1)).join(', ')} at the start of each round.`,
  `Best of ${RUNS} whole processes (wall; CPU is user + system of the process and its children).`,
  '',
  '| what | wall | CPU |',
  '|---|---:|---:|',
  `| git log -p, the sixteen glob pathspecs (the one-pass floor) | ${fmt('globs')} |`,
  `| git log, changed paths by three plain patterns | ${fmt('paths')} |`,
  `| git log -p, the ${literal.length} literal paths | ${fmt('patches')} |`,
  `| both git commands (the floor of the scan as it runs now) | ${twoWall.toFixed(2)} s | ${twoCpu.toFixed(2)} s |`,
  `| claude-code-audit --history | ${fmt('ours')} |`,
  `| claude-code-audit without --history | ${fmt('none')} |`,
  '',
  `Ratio of --history to the one-pass floor: ${(best(rows.ours, 'wall') / best(rows.globs, 'wall')).toFixed(2)} (wall), ${(best(rows.ours, 'cpu') / best(rows.globs, 'cpu')).toFixed(2)} (CPU).`,
  `Ratio of --history to both git commands: ${(best(rows.ours, 'wall') / twoWall).toFixed(2)} (wall), ${(best(rows.ours, 'cpu') / twoCpu).toFixed(2)} (CPU).`,
  ''
]
writeFileSync('bench/results-history.md', lines.join('\n'))
process.stdout.write(lines.join('\n'))
