#!/usr/bin/env node
// A lower bound for any audit that does what the rule catalog asks: every
// workflow and every agent, command and skill frontmatter parsed with `yaml`
// (invalid-config covers them all). Run as a fresh process, it lists those
// files with git, reads them, then times only the parsing (same options as
// src/parse/doc.ts) and prints {"docs": N, "parseMs": T} — loading `yaml` and
// reading files are left out, so T is below what any real run can pay.
// Usage: node bench/yaml-floor.mjs DIR
import { execFileSync } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { performance } from 'node:perf_hooks'
import { parseDocument } from 'yaml'

const dir = process.argv[2]
const WORKFLOW = /^\.github\/workflows\/[^/]+\.ya?ml$/
const FRONTMATTER_FILE = /(^|\/)\.claude\/(agents\/.+\.md|commands\/.+\.md|skills\/[^/]+\/SKILL\.md)$/
const paths = execFileSync('git', ['ls-files', '-z'], { cwd: dir, encoding: 'utf8', maxBuffer: 1 << 28 })
  .split('\0')
  .filter((p) => WORKFLOW.test(p) || FRONTMATTER_FILE.test(p))
const texts = []
for (const p of paths) {
  const text = readFileSync(join(dir, p), 'utf8')
  if (WORKFLOW.test(p)) texts.push(text)
  else {
    const m = /^---[ \t]*\r?\n([\s\S]*?)^(?:---|\.\.\.)[ \t]*$/m.exec(text)
    if (m) texts.push(m[1])
  }
}
const options = { logLevel: 'error', uniqueKeys: false, prettyErrors: false, strict: false }
const t0 = performance.now()
for (const t of texts) {
  const doc = parseDocument(t, options)
  if (doc.errors.length === 0) doc.toJS({ maxAliasCount: 100 })
}
const parseMs = performance.now() - t0
process.stdout.write(JSON.stringify({ docs: texts.length, parseMs }) + '\n')
