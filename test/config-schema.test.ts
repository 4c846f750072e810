/**
 * The JSON Schema of .claude-code-audit.yml (schema/claude-code-audit.schema.json)
 * agrees with the configuration loader: a real validator (Ajv) accepts exactly
 * the files loadConfig accepts, over valid files and every kind of mistake.
 */
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { readFileSync, rmSync } from 'node:fs'
import { parse } from 'yaml'
import { Ajv } from 'ajv'
import { loadConfig, DEFAULT_CONFIG_NAME } from '../src/config.js'
import { RULES } from '../src/rules/index.js'
import { SCHEMA_FILE, schemaText } from '../scripts/gen-docs.js'
import { writeFixture } from './rules/harness.js'

const KNOWN = new Map(RULES.map((r) => [r.meta.id, r.meta.defaultOptions]))
const schema = JSON.parse(readFileSync(SCHEMA_FILE, 'utf8')) as object
const validate = new Ajv({ allErrors: true, strict: true }).compile(schema)

function loaderAccepts(yaml: string): boolean {
  const dir = writeFixture({ [DEFAULT_CONFIG_NAME]: yaml })
  try {
    loadConfig(dir, undefined, KNOWN)
    return true
  } catch (e) {
    if ((e as Error).name !== 'UsageError') throw e
    return false
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}

/** [config text, whether it is valid]. */
const CASES: [string, boolean][] = [
  ['', true],
  ['fail-on: high\nmin-severity: low\n', true],
  ['fail-on: HIGH\n', true],
  ['fail-on: never\n', true],
  ['fail-on:\n', true],
  ['min-severity: never\n', false],
  ['fail-on: severe\n', false],
  ['fail-on: 3\n', false],
  ['ignore:\n  - fixtures/**\n  - ./docs/\n  - "!docs/keep.md"\n', true],
  ['ignore: fixtures/**\n', true],
  ['ignore:\n  - /abs/**\n', false],
  ['ignore:\n  - "!/abs"\n', false],
  ['ignore:\n  - C:/x\n', false],
  ['ignore:\n  - ../up/**\n', false],
  ['ignore:\n  - a/../b\n', false],
  ['ignore:\n  - ./\n', false],
  ['ignore:\n  - "."\n', false],
  ['ignore:\n  - ".x/**"\n', true],
  ['ignore: 3\n', false],
  ['ignore:\n  - 3\n', false],
  ['unknown: 1\n', false],
  ["claude-code-version: '2.1.296'\n", true],
  ['claude-code-version: 2.1.296\n', true],
  ['claude-code-version: 2.1\n', false],
  ["claude-code-version: 'latest'\n", false],
  ['- a\n- b\n', false],
  ['rules:\n', true],
  ['rules: []\n', false],
  ['rules:\n  no-such-rule: false\n', false],
  ['rules:\n  model-not-pinned: false\n  no-notification-hook: off\n  pwn-request: true\n  no-turn-limit:\n', true],
  ['rules:\n  model-not-pinned: on\n', false],
  ['rules:\n  model-not-pinned: 1\n', false],
  ['rules:\n  model-not-pinned:\n    severity: low\n    disable: false\n    ignore: ["docs/**"]\n', true],
  ['rules:\n  model-not-pinned:\n    severity: Critical\n', true],
  ['rules:\n  model-not-pinned:\n    severity: never\n', false],
  ['rules:\n  model-not-pinned:\n    disable: yes\n', false],
  ['rules:\n  model-not-pinned:\n    disabled: true\n', false],
  ['rules:\n  model-not-pinned:\n    ignore: ["../x"]\n', false],
  ['rules:\n  mcp-review-overdue:\n    options:\n      maxAgeDays: 120\n', true],
  ['rules:\n  mcp-review-overdue:\n    options:\n      maxAgeDays: "120"\n', false],
  ['rules:\n  mcp-review-overdue:\n    options:\n      maxAge: 120\n', false],
  ['rules:\n  mcp-review-overdue:\n    options:\n', true],
  ['rules:\n  mcp-review-overdue:\n    options: 3\n', false],
  ['rules:\n  custom-api-endpoint:\n    options:\n      allowedHosts: [gw.example.com]\n', true],
  ['rules:\n  custom-api-endpoint:\n    options:\n      allowedHosts: gw.example.com\n', false],
  ['rules:\n  custom-api-endpoint:\n    options:\n      allowedHosts: [1]\n', false],
  ['rules:\n  model-not-pinned:\n    options:\n      anything: 1\n', false]
]

test('the committed schema is generated from the registry (run npm run docs)', () => {
  assert.equal(readFileSync(SCHEMA_FILE, 'utf8'), schemaText())
})

test('the schema and the loader accept and reject the same files', () => {
  for (const [text, valid] of CASES) {
    assert.equal(loaderAccepts(text), valid, `loader on ${JSON.stringify(text)}`)
    const ok = validate(parse(text) ?? null)
    assert.equal(ok, valid, `schema on ${JSON.stringify(text)}: ${JSON.stringify(validate.errors)}`)
  }
})

test('every rule and each of its options is in the schema, with its default', () => {
  const rules = (schema as { properties: { rules: { anyOf: { properties?: Record<string, unknown> }[] } } }).properties.rules.anyOf[1]
    .properties as Record<string, { anyOf: { properties?: { options: { anyOf: { properties?: Record<string, { default: unknown }> }[] } } }[] }>
  assert.deepEqual(Object.keys(rules).sort(), RULES.map((r) => r.meta.id).sort())
  for (const r of RULES) {
    const options = rules[r.meta.id].anyOf[1].properties!.options.anyOf[1].properties!
    assert.deepEqual(Object.fromEntries(Object.entries(options).map(([k, v]) => [k, v.default])), r.meta.defaultOptions ?? {})
  }
})
