/**
 * Meta-tests in the spirit of ESLint's checkRuleFiles: the registry, the rule
 * files, their tests and docs, and the spec's catalog stay in step.
 */
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { RULES } from '../src/rules/index.js'
import { VERSION } from '../src/core/version.js'
import { docsUrl } from '../src/rules/rule.js'

const ruleFiles = readdirSync('src/rules')
  .filter((f) => f.endsWith('.ts') && f !== 'rule.ts' && f !== 'index.ts')
  .map((f) => f.replace(/\.ts$/, ''))
  .sort()
const ids = RULES.map((r) => r.meta.id)

test('every rule file is registered, and the registry is sorted and unique', () => {
  assert.deepEqual([...ids].sort(), ruleFiles)
  assert.deepEqual(ids, [...ids].sort(), 'registry must be sorted by id')
  assert.equal(new Set(ids).size, ids.length, 'ids must be unique')
})

test('ids are kebab-case and equal the default export of their file', async () => {
  for (const f of ruleFiles) {
    assert.match(f, /^[a-z0-9]+(-[a-z0-9]+)*$/)
    const mod = (await import(`../src/rules/${f}.js`)) as { default: { meta: { id: string } } }
    assert.equal(mod.default.meta.id, f)
  }
})

test('every rule declares messages, a description and a checklist mapping in range', () => {
  for (const r of RULES) {
    assert.ok(Object.keys(r.meta.messages).length > 0, `${r.meta.id} declares no messages`)
    assert.ok(r.meta.description.length > 5, `${r.meta.id} has no description`)
    assert.equal(r.meta.description, r.meta.description.trim())
    for (const i of r.meta.checklistItems) assert.ok(i >= 1 && i <= 30, `${r.meta.id}: item ${i}`)
    assert.equal(docsUrl(r.meta.id).endsWith(`/docs/rules/${r.meta.id}.md`), true)
  }
})

test('every rule has a test file and a docs page titled by its id', () => {
  for (const id of ids) {
    assert.ok(existsSync(`test/rules/${id}.test.ts`), `missing test/rules/${id}.test.ts`)
    const doc = `docs/rules/${id}.md`
    assert.ok(existsSync(doc), `missing ${doc}`)
    const text = readFileSync(doc, 'utf8')
    assert.equal(text.split('\n')[0], `# ${id}`, `${doc} must start with '# ${id}'`)
    for (const h of ['## What it finds', '## Why it matters', '## How to fix']) {
      assert.ok(text.includes(h), `${doc} lacks '${h}'`)
    }
  }
})

test('the registry implements exactly the catalog of the spec', (t) => {
  const spec = '../shared/spec/rules.md'
  if (!existsSync(spec)) {
    t.skip('spec not present beside the repository')
    return
  }
  const catalog = new Set<string>()
  for (const line of readFileSync(spec, 'utf8').split('\n')) {
    const m = /^\| `([a-z0-9-]+)` \|/.exec(line)
    if (m) catalog.add(m[1])
  }
  assert.ok(catalog.size >= 40)
  assert.deepEqual([...catalog].sort(), [...ids].sort())
})

test('the version constant equals package.json', () => {
  const pkg = JSON.parse(readFileSync('package.json', 'utf8')) as { version: string }
  assert.equal(VERSION, pkg.version)
})

test('every rule has a before/after remedy for the fix-first list', async () => {
  const { REMEDIES } = await import('../src/core/remediation.js')
  for (const id of ids) {
    const r = REMEDIES[id]
    assert.ok(r, `no remedy for ${id}`)
    assert.ok(r.summary && r.before && r.after, `incomplete remedy for ${id}`)
  }
  assert.deepEqual(Object.keys(REMEDIES).sort(), [...ids].sort())
})
