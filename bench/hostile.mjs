#!/usr/bin/env node
// Times a whole CLI audit (node dist/cli.cjs) on each hostile fixture of
// bench/hostile-fixtures.mjs; the target is under 5 s each on the project's
// 2-core machine. Usage: node bench/hostile.mjs [--timeout S] [NAME...]
import { spawnSync } from 'node:child_process'
import { existsSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { FIXTURES } from './hostile-fixtures.mjs'

const args = process.argv.slice(2)
const ti = args.indexOf('--timeout')
const TIMEOUT_S = ti >= 0 ? Number(args[ti + 1]) : 120
const names = args.filter((a, i) => !a.startsWith('--') && (ti < 0 || i !== ti + 1))
const CLI = resolve('dist/cli.cjs')
const TARGET_S = 5
if (!existsSync(CLI)) {
  console.error('bench: dist/cli.cjs not found; run npm run build first')
  process.exit(2)
}
const TIME = existsSync('/usr/bin/time') ? '/usr/bin/time' : undefined
let over = 0
for (const f of FIXTURES.filter((x) => names.length === 0 || names.includes(x.name))) {
  const dir = mkdtempSync(join(tmpdir(), `cca-hostile-${f.name}-`))
  try {
    f.make(dir)
    const cmd = TIME ? [TIME, '-f', '%M', process.execPath, CLI] : [process.execPath, CLI]
    const t0 = process.hrtime.bigint()
    const r = spawnSync(cmd[0], [...cmd.slice(1), dir, '--format', 'json', '--fail-on', 'never'], {
      encoding: 'utf8',
      timeout: TIMEOUT_S * 1000,
      maxBuffer: 256 * 1024 * 1024
    })
    const s = Number(process.hrtime.bigint() - t0) / 1e9
    const rssKb = TIME ? Number(/(\d+)\s*$/.exec(r.stderr ?? '')?.[1]) : NaN
    const status = r.signal ? `killed (${r.signal}) after ${TIMEOUT_S} s` : `exit ${r.status}`
    const ok = !r.signal && r.status === 0 && s < TARGET_S
    if (!ok) over++
    console.log(
      `${ok ? 'ok  ' : 'SLOW'} ${f.name.padEnd(30)} ${s.toFixed(2).padStart(7)} s  ${Number.isNaN(rssKb) ? '' : `${(rssKb / 1024).toFixed(0)} MB`}  ${status}   (was: ${f.was})`
    )
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}
process.exitCode = over > 0 ? 1 : 0
