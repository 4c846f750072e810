/** action.yml declares every input and output the code uses, runner-style. */
import assert from 'node:assert/strict'
import { readFileSync } from 'node:fs'
import { test } from 'node:test'
import { parse } from 'yaml'

const root = new URL('../../', import.meta.url)
const action = parse(readFileSync(new URL('action.yml', root), 'utf8')) as {
  name: string
  description: string
  author: string
  branding: { icon: string; color: string }
  inputs: Record<string, { description?: string; default?: unknown }>
  outputs: Record<string, { description?: string }>
  runs: { using: string; main: string }
}

test('metadata and runtime', () => {
  assert.ok(action.name && action.description && action.author)
  assert.ok(action.branding.icon && action.branding.color)
  assert.deepEqual(action.runs, { using: 'node24', main: 'dist/index.js' })
})

test('every input has a description and a string default', () => {
  for (const [name, input] of Object.entries(action.inputs)) {
    assert.ok(input.description, `${name} has a description`)
    assert.equal(typeof input.default, 'string', `${name} default is a string`)
  }
  assert.equal(action.inputs.token?.default, '${{ github.token }}')
  assert.equal(action.inputs['sarif-file']?.default, 'claude-code-audit.sarif')
})

test('inputs.ts reads exactly the declared inputs', () => {
  const source = readFileSync(new URL('src/inputs.ts', root), 'utf8')
  const read = new Set(
    [...source.matchAll(/(?:getInput|bool|oneOf|defaultWhenAbsent)\(\s*'([a-z-]+)'/g)].map((m) => m[1])
  )
  assert.deepEqual([...read].sort(), Object.keys(action.inputs).sort())
})

test('main.ts sets exactly the declared outputs', () => {
  const source = readFileSync(new URL('src/main.ts', root), 'utf8')
  const set = new Set([...source.matchAll(/setOutput\('([a-z-]+)'/g)].map((m) => m[1]))
  // Severity counts are set in a loop over the five severities.
  for (const s of ['critical', 'high', 'medium', 'low', 'info']) set.add(s)
  assert.deepEqual([...set].sort(), Object.keys(action.outputs).sort())
  for (const [name, output] of Object.entries(action.outputs)) {
    assert.ok(output.description, `${name} has a description`)
  }
})
