import { test } from 'node:test'
import assert from 'node:assert/strict'
import { MAX_VISIBLE, redact, redactText, scanText } from '../../src/secrets/index.js'
import { ALNUM, BASE64, make, privateKeyPem, rand } from './generate.js'

/** Length of the longest run of consecutive characters of `value` that appears in `output`. */
function longestShared(value: string, output: string): number {
  let best = 0
  for (let i = 0; i < value.length; i++) {
    let len = best + 1
    while (i + len <= value.length && output.includes(value.slice(i, i + len))) {
      best = len
      len++
    }
  }
  return best
}

function allSamples(): { value: string; kind?: string }[] {
  const samples: { value: string; kind?: string }[] = []
  for (const [name, f] of Object.entries(make)) samples.push({ value: f(), kind: name })
  samples.push({ value: privateKeyPem(), kind: 'private-key' })
  for (let n = 0; n <= 300; n += 1) samples.push({ value: rand(BASE64 + '-_.:@', n) })
  return samples
}

test('redact() never shows more than 12 consecutive characters of the value', () => {
  for (const { value, kind } of allSamples()) {
    for (const k of [undefined, kind, 'connection-string-password', 'generic-secret']) {
      const out = redact(value, k)
      assert.ok(longestShared(value, out) <= MAX_VISIBLE, `${out} shows too much of ${value.slice(0, 20)}…`)
      assert.ok(!/[\r\n]/.test(out), 'single line')
      assert.ok(out.endsWith(`(${value.length} chars)`), out)
    }
  }
})

test('redact() shows at most 3 characters of values shorter than 16, 2 of passwords', () => {
  for (let n = 0; n < 16; n++) {
    const value = rand(ALNUM, n)
    const out = redact(value)
    assert.ok(longestShared(value, out) <= 3, out)
    assert.ok(out.indexOf('…') <= 3, out)
  }
  for (let i = 0; i < 50; i++) {
    const value = make.password()
    assert.ok(redact(value, 'connection-string-password').indexOf('…') <= 2)
  }
})

test('redact() keeps a short public prefix for known formats', () => {
  const anthropic = make.anthropicApi()
  assert.equal(redact(anthropic, 'anthropic-api-key'), 'sk-ant-api03…(108 chars)')
  const gh = make.githubPat()
  assert.equal(redact(gh), gh.slice(0, 8) + '…(40 chars)')
  const aws = make.awsKeyId()
  assert.equal(redact(aws), aws.slice(0, 6) + '…(20 chars)')
  assert.equal(redact(privateKeyPem()).startsWith('-----BEGIN…('), true)
  assert.equal(redact('hunter2'), '…(7 chars)')
  assert.equal(redact(''), '…(0 chars)')
})

test('SecretMatch.redacted and redactText() hide every secret', () => {
  const a = make.anthropicApi()
  const g = make.githubPat()
  const pem = privateKeyPem()
  const text = `ANTHROPIC_API_KEY=${a}\nGITHUB_TOKEN=${g}\n${pem}\nok\n`
  for (const m of scanText(text)) {
    assert.ok(longestShared(text.slice(m.start, m.end), m.redacted) <= MAX_VISIBLE)
  }
  const out = redactText(text)
  assert.ok(!out.includes(a) && !out.includes(g) && !out.includes(pem.slice(40, 80)))
  assert.ok(out.startsWith('ANTHROPIC_API_KEY=sk-ant-api03…(108 chars)\n'))
  assert.ok(out.endsWith('\nok\n'))
  assert.equal(redactText('nothing here'), 'nothing here')
})
