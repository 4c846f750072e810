/**
 * ReDoS check of every regular-expression literal in src/ (issue 15, item 6):
 * each one is analysed by recheck (its pure-JavaScript backend, no native
 * binary) for super-linear backtracking, exponential or polynomial. A flagged
 * literal fails the test unless it is on the allow-list of
 * test/hardening/redos-allowlist.ts with its reason; an allow-list entry that
 * is no longer flagged (or no longer exists) fails too, so the list only
 * shrinks. A literal recheck cannot decide within its time limit (which ones
 * depends on the machine's load) is named in the test output. Expressions
 * built at run time (`new RegExp(…)`) are checked by call site: each must be
 * on the reviewed list (REGEXP_SITES) with what reaches its pattern.
 */
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { readdirSync, readFileSync, statSync } from 'node:fs'
import { join, relative } from 'node:path'
import ts from 'typescript'
import { checkSync } from 'recheck'
import { ROOT } from './helpers.js'
import { REDOS_ALLOWED, REGEXP_SITES } from './redos-allowlist.js'

interface Literal {
  file: string
  line: number
  source: string
  flags: string
}

/** The TypeScript files under src/. */
function sourceFiles(): string[] {
  const files: string[] = []
  const walk = (d: string): void => {
    for (const e of readdirSync(d)) {
      const p = join(d, e)
      if (statSync(p).isDirectory()) walk(p)
      else if (p.endsWith('.ts')) files.push(p)
    }
  }
  walk(join(ROOT, 'src'))
  return files.sort()
}

/** Every regular-expression literal of the TypeScript files under src/. */
function literals(): Literal[] {
  const out: Literal[] = []
  for (const abs of sourceFiles()) {
    const file = relative(ROOT, abs)
    const sf = ts.createSourceFile(abs, readFileSync(abs, 'utf8'), ts.ScriptTarget.Latest, true)
    const visit = (node: ts.Node): void => {
      if (node.kind === ts.SyntaxKind.RegularExpressionLiteral) {
        const text = node.getText(sf)
        const end = text.lastIndexOf('/')
        out.push({
          file,
          line: sf.getLineAndCharacterOfPosition(node.getStart(sf)).line + 1,
          source: text.slice(1, end),
          flags: text.slice(end + 1)
        })
      }
      ts.forEachChild(node, visit)
    }
    visit(sf)
  }
  return out
}

/** recheck's verdict: 'safe', or what makes the literal super-linear (or why it could not tell). */
function verdict(source: string, flags: string, cache: Map<string, string>): string {
  // recheck rejects the `d` flag (match indices), which does not change matching.
  const f = flags.replace('d', '')
  const key = `/${source}/${f}`
  let v = cache.get(key)
  if (v === undefined) {
    // Deterministic: a fixed seed, and the fuzzer's matching limits counted in steps
    // rather than milliseconds, so a verdict does not depend on how busy the machine is
    // (only the overall timeout does, and a timeout is listed, not failed).
    const r = checkSync(source, f, {
      timeout: 60_000,
      randomSeed: 0,
      attackTimeout: null,
      attackLimit: 100_000_000,
      incubationTimeout: null,
      seedingTimeout: null,
      recallTimeout: -1
    })
    v =
      r.status === 'safe'
        ? 'safe'
        : r.status === 'vulnerable'
          ? `vulnerable: ${r.complexity.summary}`
          : `unknown: ${r.error.kind}`
    cache.set(key, v)
  }
  return v
}

test('every regular-expression literal in src/ is linear, or allow-listed with a reason', { timeout: 30 * 60_000 }, (t) => {
  const cache = new Map<string, string>()
  const found = literals()
  assert.ok(found.length > 500, `only ${found.length} literals found: is the scan broken?`)
  const allowed = new Map(REDOS_ALLOWED.map((a) => [`${a.file}\t${a.source}`, a]))
  const unexpected: string[] = []
  const used = new Set<string>()
  for (const l of found) {
    const v = verdict(l.source, l.flags, cache)
    const key = `${l.file}\t${l.source}`
    if (v === 'safe') continue
    if (allowed.has(key)) used.add(key)
    // recheck ran out of its time on a loaded machine: which literals do varies
    // with the load, so they are listed in the test output, not failed.
    else if (v === 'unknown: timeout') t.diagnostic(`recheck could not decide in time: ${l.file}:${l.line} /${l.source}/${l.flags}`)
    else unexpected.push(`${l.file}:${l.line} /${l.source}/${l.flags} — ${v}`)
  }
  const present = new Set(found.map((l) => `${l.file}\t${l.source}`))
  // An entry whose literal is gone fails; one that recheck did not flag this time is only
  // listed: for patterns with lookarounds or lazy quantifiers recheck fuzzes, and a fuzzer
  // may miss an attack it found on another run (a failure there would depend on luck).
  const gone = [...allowed.keys()].filter((k) => !present.has(k)).map((k) => k.replace('\t', ' /') + '/')
  for (const k of allowed.keys()) {
    if (present.has(k) && !used.has(k)) t.diagnostic(`allow-listed but not flagged this run (remove it if that stays so): ${k.replace('\t', ' /')}/`)
  }
  assert.deepEqual(unexpected, [], 'super-linear regular expressions: rewrite them (or allow-list with a reason)')
  assert.deepEqual(gone, [], 'allow-list entries whose literal is no longer in src/: remove them')
})

/** Every `new RegExp(…)` / `RegExp(…)` call in src/: file and first argument as written (blanks collapsed). */
function regExpCalls(): { file: string; line: number; argument: string }[] {
  const out: { file: string; line: number; argument: string }[] = []
  for (const abs of sourceFiles()) {
    const file = relative(ROOT, abs)
    const sf = ts.createSourceFile(abs, readFileSync(abs, 'utf8'), ts.ScriptTarget.Latest, true)
    const visit = (node: ts.Node): void => {
      if ((ts.isNewExpression(node) || ts.isCallExpression(node)) && node.expression.getText(sf) === 'RegExp') {
        out.push({
          file,
          line: sf.getLineAndCharacterOfPosition(node.getStart(sf)).line + 1,
          argument: (node.arguments?.[0]?.getText(sf) ?? '').replace(/\s+/g, ' ')
        })
      }
      ts.forEachChild(node, visit)
    }
    visit(sf)
  }
  return out
}

test('every regular expression built at run time in src/ is a reviewed call site', () => {
  const calls = regExpCalls()
  assert.ok(calls.length > 10, `only ${calls.length} RegExp calls found: is the scan broken?`)
  const reviewed = new Set(REGEXP_SITES.map((s) => `${s.file}\t${s.argument}`))
  const present = new Set(calls.map((c) => `${c.file}\t${c.argument}`))
  const unreviewed = calls.filter((c) => !reviewed.has(`${c.file}\t${c.argument}`)).map((c) => `${c.file}:${c.line} RegExp(${c.argument})`)
  const gone = [...reviewed].filter((k) => !present.has(k)).map((k) => k.replace('\t', ' RegExp(') + ')')
  assert.deepEqual(
    unreviewed,
    [],
    'RegExp built at run time: escape what comes from the repository (or match it without a regular expression), then list the call site with its reason'
  )
  assert.deepEqual(gone, [], 'reviewed RegExp call sites no longer in src/: remove them from REGEXP_SITES')
  for (const s of REGEXP_SITES) assert.ok(s.reason.length > 10, `${s.file}: give a reason`)
})
