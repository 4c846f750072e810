import assert from 'node:assert/strict'
import { test } from 'node:test'
import { encodePathForUrl, escapeHtml, escapeMarkdown, oneLine, truncate } from '../../src/report/escape.js'

test('escapeMarkdown neutralises mentions, HTML, code spans and table cells', () => {
  const out = escapeMarkdown('@octocat see `x` | <b>&</b> [a](http://e) *b*')
  assert.ok(!/@[a-z]/i.test(out), 'mention must not survive')
  assert.ok(out.includes('@\u200docto'))
  assert.ok(!out.includes('<'), 'no raw <')
  assert.ok(!out.includes('>'), 'no raw >')
  assert.ok(!/(^|[^\\])`/.test(out), 'every backtick escaped')
  assert.ok(!/(^|[^\\])\|/.test(out), 'every pipe escaped')
  assert.ok(out.includes('&amp;'))
  assert.ok(out.includes('\\[a\\]\\(http:&#8203;//e\\)'), 'no autolink either')
})

test('escapeMarkdown folds line breaks and cannot close an HTML comment', () => {
  const out = escapeMarkdown('a\nb\r\nc\u2028d --> <!-- claude-code-audit -->')
  assert.ok(!/[\r\n\u2028]/.test(out))
  assert.ok(!out.includes('-->'))
  assert.ok(!out.includes('<!--'))
})

test('escapeMarkdown removes bidi overrides and control characters', () => {
  assert.equal(escapeMarkdown('a\u202eb\u0007c'), 'abc')
})

test('escapeHtml escapes quotes and mentions', () => {
  assert.equal(escapeHtml(`"'<@x>&`), '&quot;&#39;&lt;@\u200dx&gt;&amp;')
})

test('encodePathForUrl keeps slashes and encodes everything that ends a link', () => {
  assert.equal(encodePathForUrl('a b/c#d?(e).json'), 'a%20b/c%23d%3F%28e%29.json')
})

test('oneLine makes text safe for core.info', () => {
  assert.equal(oneLine('x\n::add-mask::y\r\nz'), 'x ::add-mask::y z')
})

test('truncate never splits a surrogate pair', () => {
  const out = truncate('ab😀cd', 4, '…')
  assert.ok(out.length <= 4)
  assert.ok(!/[\ud800-\udbff]…$/.test(out))
})
