#!/usr/bin/env node
// Runs every test file (test/**/*.test.ts) with Node's test runner and tsx.
// Node 20 does not expand globs for --test, so the files are listed here.
import { readdirSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { spawnSync } from 'node:child_process'

const only = process.argv.slice(2)
const files = []
const walk = (d) => {
  for (const e of readdirSync(d)) {
    const p = join(d, e)
    if (statSync(p).isDirectory()) walk(p)
    else if (p.endsWith('.test.ts')) files.push(p)
  }
}
walk('test')
const selected = only.length ? files.filter((f) => only.some((o) => f.includes(o))) : files
const r = spawnSync(process.execPath, ['--import', 'tsx', '--import', './test/shell-ready.ts', '--test', '--test-concurrency=2', ...selected.sort()], { stdio: 'inherit' })
process.exitCode = r.status ?? 1
