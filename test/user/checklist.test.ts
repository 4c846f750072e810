/**
 * A checklist that claims nothing it cannot see: a repository audit never
 * passes the machine items (1, 2, 4, 5, 21); they are manual with
 * instructions, or fail on a finding. The machine audit's evidence answers
 * them under --user.
 */
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { existsSync, readFileSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { MACHINE_ITEMS, scoreChecklist } from '../../src/core/checklist.js'
import type { Finding } from '../../src/core/types.js'
import { runAudit } from '../../src/audit.js'
import { RULES } from '../../src/rules/index.js'
import { HAVE_CORPUS, CORPUS, corpusRepos } from '../fix/helpers.js'

const ITEMS = [1, 2, 4, 5, 21]
const ruleItems = new Map(RULES.map((r) => [r.meta.id, r.meta.checklistItems]))

function finding(ruleId: string): Finding {
  return { ruleId, severity: 'high', confidence: 'high', checklistItem: null, file: null, line: null, column: null, endLine: null, endColumn: null, message: '', fingerprint: ruleId, docsUrl: '' }
}

test('scoreChecklist: machine items are manual with instructions, fail on a finding, and take the machine evidence', () => {
  const facts = { ruleItems, history: false, git: true, hasMcp: false, hasHooks: false }
  const none = scoreChecklist([], facts)
  assert.deepEqual(
    none.filter((c) => ITEMS.includes(c.item)).map((c) => [c.item, c.status, c.note]),
    ITEMS.map((i) => [i, 'manual', MACHINE_ITEMS[i]])
  )
  const failing = scoreChecklist([finding('shell-startup-credentials'), finding('aws-long-lived-credentials')], facts)
  assert.deepEqual(failing.filter((c) => [2, 5].includes(c.item)).map((c) => [c.item, c.status, c.note]), [[2, 'fail', undefined], [5, 'fail', undefined]])
  const machine = new Map([
    [2, { status: 'pass' as const, note: 'Read ~/.bashrc: no exported credential found.' }],
    [21, { status: 'fail' as const, note: '3 stale memory files.' }]
  ])
  const answered = scoreChecklist([finding('aws-long-lived-credentials')], { ...facts, machine })
  assert.deepEqual(
    answered.filter((c) => [2, 5, 21].includes(c.item)).map((c) => [c.item, c.status, c.note]),
    [[2, 'pass', 'Read ~/.bashrc: no exported credential found.'], [5, 'fail', undefined], [21, 'fail', '3 stale memory files.']]
  )
})

test('a repository audit never passes items 1, 2, 4, 5 and 21 (every corpus repository)', { timeout: 900_000 }, async (t) => {
  if (!HAVE_CORPUS) return t.skip('../shared/corpus is not available')
  const seen = new Map<string, number>()
  for (const name of corpusRepos()) {
    const r = await runAudit({ root: join(CORPUS, name), minSeverity: 'info' })
    for (const c of r.checklist.filter((e) => ITEMS.includes(e.item))) {
      assert.notEqual(c.status, 'pass', `${name}: item ${c.item} passed`)
      assert.notEqual(c.status, 'not-applicable', `${name}: item ${c.item} not applicable`)
      if (c.status === 'manual') assert.equal(c.note, MACHINE_ITEMS[c.item], `${name}: item ${c.item}`)
      else assert.ok(r.findings.some((f) => c.ruleIds.includes(f.ruleId)), `${name}: item ${c.item} fails without a finding`)
      seen.set(c.status, (seen.get(c.status) ?? 0) + 1)
    }
  }
  // Both outcomes occur across the corpus, so the test tells them apart.
  assert.ok((seen.get('manual') ?? 0) > 0 && (seen.get('fail') ?? 0) > 0, JSON.stringify([...seen]))
})

test('the action never runs the machine audit: nothing src/main.ts imports reaches src/user/ or calls it', () => {
  const src = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', 'src')
  const seen = new Set<string>()
  const stack = [join(src, 'main.ts')]
  while (stack.length) {
    const file = stack.pop() as string
    if (seen.has(file)) continue
    seen.add(file)
    const text = readFileSync(file, 'utf8')
    assert.ok(!/runUserAudit|userAudit\(/.test(text), `${file} calls the machine audit`)
    for (const m of text.matchAll(/(?:from\s+|import\s*\(\s*)['"](\.{1,2}\/[^'"]+)['"]/g)) {
      const target = resolve(dirname(file), m[1]).replace(/\.js$/, '.ts')
      if (existsSync(target)) stack.push(target)
      else if (existsSync(join(target.replace(/\.ts$/, ''), 'index.ts'))) stack.push(join(target.replace(/\.ts$/, ''), 'index.ts'))
    }
  }
  assert.ok(seen.size > 20, `only ${seen.size} files reached from src/main.ts`)
  const reached = [...seen].filter((f) => f.startsWith(join(src, 'user')))
  assert.deepEqual(reached, [])
  // The action's bundle, when built, holds none of it either.
  const bundle = join(src, '..', 'dist', 'index.js')
  if (existsSync(bundle)) assert.ok(!readFileSync(bundle, 'utf8').includes('runUserAudit'), 'dist/index.js bundles the machine audit')
  // The walk does see dynamic imports: src/cli.ts reaches src/user/.
  const cli = readFileSync(join(src, 'cli.ts'), 'utf8')
  assert.match(cli, /import\('\.\/user\/index\.js'\)/)
})
