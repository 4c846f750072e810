import { test } from 'node:test'
import assert from 'node:assert/strict'
import { readFileSync } from 'node:fs'
import { withTable } from '../scripts/gen-docs.js'

test('README rule table is generated from the registry (run npm run docs)', () => {
  const readme = readFileSync('README.md', 'utf8')
  assert.equal(withTable(readme), readme)
})

test('README quick start is exactly the two commands', () => {
  const readme = readFileSync('README.md', 'utf8')
  assert.ok(readme.includes('npm ci && npm start'))
  assert.ok(readme.includes('npm test'))
})

test('README documents every action input and output', () => {
  const readme = readFileSync('README.md', 'utf8')
  const action = readFileSync('action.yml', 'utf8')
  const section = (key: string): string[] => {
    const block = action.split(/\n(?=\S)/).find((b) => b.startsWith(`${key}:`)) ?? ''
    return [...block.matchAll(/^ {2}([a-z][a-z0-9-]*):/gm)].map((m) => m[1])
  }
  for (const name of [...section('inputs'), ...section('outputs')]) {
    assert.ok(readme.includes(`\`${name}\``), `README does not document \`${name}\``)
  }
})
