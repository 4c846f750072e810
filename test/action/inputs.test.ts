import assert from 'node:assert/strict'
import { afterEach, test } from 'node:test'
import { getInputs } from '../../src/inputs.js'

const saved = { ...process.env }
afterEach(() => {
  for (const key of Object.keys(process.env)) {
    if (!(key in saved)) delete process.env[key]
  }
  Object.assign(process.env, saved)
})

function setInputs(inputs: Record<string, string>): void {
  for (const key of Object.keys(process.env)) {
    if (key.startsWith('INPUT_')) delete process.env[key]
  }
  for (const [name, value] of Object.entries(inputs)) {
    process.env[`INPUT_${name.toUpperCase()}`] = value
  }
}

test('defaults when nothing is set', () => {
  setInputs({})
  delete process.env.GITHUB_TOKEN
  assert.deepEqual(getInputs(), {
    path: '.',
    token: '',
    failOn: undefined,
    minSeverity: undefined,
    config: undefined,
    comment: true,
    checkRun: true,
    annotations: true,
    summary: true,
    sarifFile: 'claude-code-audit.sarif',
    jsonFile: '',
    history: false,
    baseline: undefined,
    verifyHooks: false,
    verifyHooksOnForks: false,
    scope: undefined
  })
})

test('every input is read (hyphens kept in the variable name)', () => {
  setInputs({
    path: 'sub',
    token: 't',
    'fail-on': 'MEDIUM',
    'min-severity': 'info',
    config: 'c.yml',
    comment: 'false',
    'check-run': 'False',
    annotations: 'FALSE',
    summary: 'false',
    'sarif-file': 'out/x.sarif',
    'json-file': 'out/x.json',
    history: 'true',
    baseline: 'b.json',
    'verify-hooks': 'true',
    'verify-hooks-on-forks': 'true'
  })
  const inputs = getInputs()
  assert.equal(inputs.failOn, 'medium')
  assert.equal(inputs.minSeverity, 'info')
  assert.equal(inputs.checkRun, false)
  assert.equal(inputs.sarifFile, 'out/x.sarif')
  assert.equal(inputs.jsonFile, 'out/x.json')
  assert.equal(inputs.history, true)
  assert.equal(inputs.verifyHooksOnForks, true)
})

test('an empty sarif-file disables the file', () => {
  setInputs({ 'sarif-file': '' })
  assert.equal(getInputs().sarifFile, '')
})

test('fail-on never is accepted', () => {
  setInputs({ 'fail-on': 'never' })
  assert.equal(getInputs().failOn, 'never')
})

test('bad values are quoted with the allowed list', () => {
  setInputs({ 'fail-on': 'hgih' })
  assert.throws(getInputs, {
    name: 'UsageError',
    message: 'Invalid value for input `fail-on`: "hgih". Allowed values: critical, high, medium, low, info, never.'
  })
  setInputs({ 'min-severity': 'never' })
  assert.throws(getInputs, /`min-severity`: "never"\. Allowed values: critical, high, medium, low, info\./)
  setInputs({ comment: 'yes' })
  assert.throws(getInputs, /`comment`: "yes"\. Allowed values: true, True, TRUE, false, False, FALSE\./)
})

test('the token falls back to GITHUB_TOKEN', () => {
  setInputs({})
  process.env.GITHUB_TOKEN = 'from-env'
  assert.equal(getInputs().token, 'from-env')
})
