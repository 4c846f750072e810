import { test } from 'node:test'
import assert from 'node:assert/strict'
import { readFileSync } from 'node:fs'
import { execFileSync } from 'node:child_process'
import { parseDocument, isAlias, isMap, isNode, isPair, isScalar, isSeq, type Document, type Node as YamlNode, type Pair } from 'yaml'
import { parseYaml, type Part, type PathSeg } from '../../src/parse/doc.js'
import { SourceFile } from '../../src/parse/source.js'

/** Spans as they were read from the syntax tree before plain documents kept only positions. */
function treeSpan(text: string, path: readonly PathSeg[], part: Part): [number, number] | undefined {
  const doc: Document = parseDocument(text, { logLevel: 'error', uniqueKeys: false, prettyErrors: false, strict: false })
  let node: unknown = doc.contents
  let pair: Pair | undefined
  for (const seg of path) {
    node = isAlias(node) ? node.resolve(doc) : node
    pair = undefined
    if (isMap(node)) {
      const p = node.items.find((it) => isPair(it) && isScalar(it.key) && String(it.key.value) === String(seg))
      if (!p) return undefined
      pair = p as Pair
      node = p.value
    } else if (isSeq(node) && typeof seg === 'number') {
      node = node.items[seg]
      if (node === undefined) return undefined
    } else return undefined
  }
  const n = isNode(node) ? (node as YamlNode) : undefined
  const key = pair && isNode(pair.key) ? pair.key : undefined
  if (part === 'key' && key?.range) return [key.range[0], key.range[1]]
  if (part === 'pair' && key?.range) return [key.range[0], n?.range ? n.range[1] : key.range[1]]
  if (n?.range) return [n.range[0], n.range[1]]
  if (key?.range) return [key.range[0], key.range[1]]
  if (path.length === 0) return [0, 0]
  return undefined
}

/** Every path of the document's tree, and one step past each (a missing key, an index too far, a key of a scalar). */
function pathsOf(text: string): PathSeg[][] {
  const doc = parseDocument(text, { logLevel: 'error', uniqueKeys: false, prettyErrors: false, strict: false })
  const out: PathSeg[][] = []
  const walk = (node: unknown, path: PathSeg[]): void => {
    out.push(path, [...path, 'missing'], [...path, 0], [...path, 99], [...path, '0'])
    if (isMap(node)) {
      for (const it of node.items) if (isScalar(it.key)) walk(it.value, [...path, String(it.key.value)])
    } else if (isSeq(node)) node.items.forEach((it, i) => walk(it, [...path, i]))
  }
  walk(doc.contents, [])
  return out
}

const DOCS = [
  'on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo hi\n      - uses: actions/checkout@v4\n        with: { fetch-depth: 0 }\n',
  'true: 1\n1.50: x\n0x1F: y\n~: z\nnull: w\n"quoted": [1, 2.5, -3, .inf, .nan, true, null, "s"]\n',
  'a: 1\nb: 2\na: 3\n',
  '__proto__: {polluted: true}\ntoString: x\nconstructor: y\n',
  'b: 1\n2: x\n1: y\na: 2\n',
  // Pairs without values, an empty item, nested sequences, block scalars.
  'key:\nother: |\n  block\n  text\nfolded: >-\n  a\n  b\nseq:\n  -\n  - - nested\n    - [a, {b: c}]\n? explicit\n',
  '',
  '# only a comment\n',
  '- a\n- b: c\n  d: [e]\n',
  'plain scalar document\n',
  '[a: 1, b]\n',
  'env:\n  A: ${{ secrets.A }}\n  B: "x"   # comment\n  C:\n',
  // Left to toJS (the tree is kept): aliases, merge keys, tags; and documents with errors.
  'base: &b {x: 1}\nuse: *b\nlist: [*b]\n',
  '<<: {x: 1}\ny: 2\n',
  'a: !!str 1\n',
  'a: [1\nb: 2\n',
  'a: b: c\n'
]

function repoYaml(): string[] {
  const files = execFileSync('git', ['ls-files', '*.yml', '*.yaml'], { encoding: 'utf8' }).split('\n').filter(Boolean)
  return files.map((f) => readFileSync(f, 'utf8'))
}

test('parseYaml: spans of every path, key, value and pair, are those of the syntax tree', () => {
  for (const text of [...DOCS, ...repoYaml()]) {
    const doc = parseYaml(new SourceFile('x.yml', text))
    for (const path of pathsOf(text)) {
      for (const part of ['key', 'value', 'pair'] as const) {
        const s = doc.span(path, part)
        assert.deepEqual(s && [s.start, s.end], treeSpan(text, path, part), `${JSON.stringify(path)} ${part} in ${JSON.stringify(text.slice(0, 80))}`)
      }
    }
  }
})

test('parseYaml: embedded YAML (frontmatter) shifts spans by its offset', () => {
  const text = '---\nname: x\ntools: [a, b]\n---\nbody\n'
  const inner = 'name: x\ntools: [a, b]\n'
  const doc = parseYaml(new SourceFile('a.md', text), inner, 4)
  assert.deepEqual(doc.span(['tools', 1]), { file: doc.file, start: 4 + inner.indexOf('b'), end: 4 + inner.indexOf('b') + 1 })
  assert.deepEqual(doc.span(['tools'], 'key'), { file: doc.file, start: 4 + inner.indexOf('tools'), end: 4 + inner.indexOf('tools') + 5 })
})

test('parseYaml: a plain document keeps positions, not its syntax tree', () => {
  // The tree has several objects a scalar and lived as long as the document, so the garbage
  // collector copied it at every collection; only documents left to toJS keep it.
  const tree = (text: string): unknown => (parseYaml(new SourceFile('x.yml', text)) as unknown as { doc?: Document }).doc
  assert.equal(tree('on: push\njobs: {}\n'), undefined)
  assert.notEqual(tree('a: &x 1\nb: *x\n'), undefined)
  assert.notEqual(tree('a: [1\n'), undefined)
})
