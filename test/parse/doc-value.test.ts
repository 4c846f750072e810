import { test } from 'node:test'
import assert from 'node:assert/strict'
import { Document, parseDocument } from 'yaml'
import { parseYaml } from '../../src/parse/doc.js'
import { SourceFile } from '../../src/parse/source.js'

/** What the value was before the one-walk builder: `toJS` of the document parsed with the same options. */
function viaToJS(text: string): unknown {
  const d = parseDocument(text, { logLevel: 'error', uniqueKeys: false, prettyErrors: false, strict: false })
  return d.toJS({ maxAliasCount: 100 })
}

/** Counts Document#toJS calls while `fn` runs. */
function toJSCalls(fn: () => void): number {
  const original = Document.prototype.toJS
  let calls = 0
  Document.prototype.toJS = function (this: Document, ...args: Parameters<Document['toJS']>) {
    calls++
    return original.apply(this, args)
  }
  try {
    fn()
  } finally {
    Document.prototype.toJS = original
  }
  return calls
}

const PLAIN = [
  'on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo hi\n      - uses: actions/checkout@v4\n        with: { fetch-depth: 0 }\n',
  // Keys of every scalar type become String(value); null is ''.
  'true: 1\n1.50: x\n0x1F: y\n~: z\nnull: w\n"quoted": [1, 2.5, -3, .inf, .nan, true, null, "s"]\n',
  // A repeated key: the last value wins, by defineProperty (uniqueKeys: false).
  'a: 1\nb: 2\na: 3\n',
  // __proto__ is an own property, not the prototype; so are inherited names.
  '__proto__: {polluted: true}\ntoString: x\nconstructor: y\n',
  // Integer-like keys keep JavaScript's own ordering of object keys.
  'b: 1\n2: x\n1: y\na: 2\n',
  'key:\nother: |\n  block\n  text\nfolded: >-\n  a\n  b\nseq:\n  -\n  - - nested\n    - [a, {b: c}]\n',
  '',
  '# only a comment\n',
  '- a\n- b: c\n  d: [e]\n',
  'plain scalar document\n',
  '"<<x": not a merge key\n',
  // A pair in a flow sequence is composed as a map of one entry.
  '[a: 1, b]\n'
]

const OTHER = [
  // Anchors and aliases, merge keys, tags, collection keys, YAML 1.1.
  'base: &b {x: 1}\nuse: *b\n',
  '<<: {x: 1}\ny: 2\n',
  'a: !!str 1\nb: !custom x\n',
  '? [a, b]\n: c\n',
  '%YAML 1.1\n---\non: yes\n<<: {x: 1}\n'
]

test('parseYaml: the one-walk value of plain documents is exactly toJS\'s, and toJS is not called for them', () => {
  for (const text of PLAIN) {
    let value: unknown
    assert.equal(toJSCalls(() => (value = parseYaml(new SourceFile('x.yml', text)).value)), 0, text)
    assert.deepStrictEqual(value, viaToJS(text), text)
  }
  const proto = parseYaml(new SourceFile('x.yml', PLAIN[3])).value as Record<string, unknown>
  assert.equal(Object.getPrototypeOf(proto), Object.prototype)
  assert.deepStrictEqual(Object.getOwnPropertyDescriptor(proto, '__proto__'), { value: { polluted: true }, writable: true, enumerable: true, configurable: true })
})

test('parseYaml: documents with anchors, merge keys, tags or collection keys are still built by toJS', () => {
  for (const text of OTHER) {
    let value: unknown
    assert.equal(toJSCalls(() => (value = parseYaml(new SourceFile('x.yml', text)).value)), 1, text)
    assert.deepStrictEqual(value, viaToJS(text), text)
  }
})
