import { test } from 'node:test'
import assert from 'node:assert/strict'
import { spawnSync } from 'node:child_process'
import { SourceFile } from '../../src/parse/source.js'
import { captures, codeLanguageOf, descendantsOfType, parseCode, prepareCodeParsing, treeWalks } from '../../src/parse/code.js'

test('code languages by extension', () => {
  assert.deepEqual(
    ['a.py', 'b.pyi', 'c.js', 'd.mjs', 'e.cjs', 'f.jsx', 'g.ts', 'h.mts', 'i.cts', 'j.tsx', 'k.sh', 'dir.py/x', 'README'].map(codeLanguageOf),
    ['python', 'python', 'javascript', 'javascript', 'javascript', 'javascript', 'typescript', 'typescript', 'typescript', 'tsx', undefined, undefined, undefined]
  )
})

test('a file is undefined before the runtime starts, a tree after', async () => {
  // The test runner starts the runtime before every test file (test/shell-ready.ts): "before" is seen in a process of its own.
  const before = spawnSync(
    process.execPath,
    [
      '--import',
      'tsx',
      '-e',
      "Promise.all([import('./src/parse/code.ts'), import('./src/parse/source.ts')]).then(([c, s]) => process.stdout.write(String(c.parseCode(new s.SourceFile('hook.py', 'import sys')))))"
    ],
    { encoding: 'utf8' }
  )
  assert.equal(before.stdout, 'undefined', before.stderr)
  const f = new SourceFile('hook.py', 'import sys\nsys.exit(2)\n')
  assert.equal(await prepareCodeParsing(), true)
  const p = parseCode(f)
  assert.ok(p)
  assert.equal(p.root.type, 'module')
  assert.deepEqual(p.errors, [])
  assert.equal(parseCode(f), p, 'memoised per file')
})

test('offsets are string indices, so positions stay right after non-ASCII text', async () => {
  await prepareCodeParsing()
  const f = new SourceFile('g.js', "const s = 'héllo 🙂'; process.exit(2)\n")
  const p = parseCode(f)!
  const calls = captures(p, '(call_expression function: (member_expression property: (property_identifier) @p))')
  assert.deepEqual(
    calls.map((c) => [c.node.text, f.position(c.node.startIndex)]),
    [['exit', { line: 1, column: 31 }]]
  )
})

test('every grammar loads and parses its language', async () => {
  await prepareCodeParsing()
  const cases: [string, string, string][] = [
    ['a.py', 'def f(x):\n    return x\n', 'function_definition'],
    ['a.js', 'function f(x) { return x }\n', 'function_declaration'],
    ['a.ts', 'function f(x: number): number { return x }\n', 'function_declaration'],
    ['a.tsx', 'const e = <div a={1}>x</div>\n', 'jsx_element']
  ]
  for (const [path, text, type] of cases) {
    const p = parseCode(new SourceFile(path, text))!
    assert.equal(descendantsOfType(p.root, type).length, 1, path)
    assert.deepEqual(p.errors, [], path)
  }
})

test('malformed code gives a tree with the places tree-sitter could not read', async () => {
  await prepareCodeParsing()
  const f = new SourceFile('bad.py', 'import sys\ndef f(:\n    pass\n')
  const p = parseCode(f)!
  assert.ok(p.errors.length > 0)
  assert.equal(p.errors[0].line, 2)
})

test("a file's root is walked once for the types every rule asks of it, and each answer is exactly the walk's", async () => {
  await prepareCodeParsing()
  const text = `import x from 'x'
const a = new Client({ key: [1, 2] })
a.run(() => { b = f(g(1)) })
function h(y) { const z = y; return z }
`
  const f = new SourceFile('shared.ts', text)
  const p = parseCode(f)!
  // What a walk of its own gives: node.descendantsOfType from the tree-sitter runtime.
  const direct = (types: string[]): string[] => p.root.descendantsOfType(types).map((n) => `${n!.type}@${n!.startIndex}`)
  const shared = (types: string[]): string[] => descendantsOfType(p.root, types).map((n) => `${n.type}@${n.startIndex}`)
  const before = treeWalks()
  const asked = [['call_expression'], ['variable_declarator', 'assignment_expression'], ['function_declaration', 'variable_declarator'], ['call_expression', 'new_expression'], ['import_statement'], ['pair', 'array']]
  for (const types of asked) assert.deepEqual(shared(types), direct(types), types.join())
  assert.equal(treeWalks() - before, 1, 'one walk answers the types the rules ask of every file')
  assert.deepEqual(shared(['call_expression']), ['call_expression@56', 'call_expression@74', 'call_expression@76'])
  // The root reached from a node inside it is the same root.
  const inner = descendantsOfType(p.root, 'function_declaration')[0]
  assert.deepEqual(
    descendantsOfType(inner.parent!, ['variable_declarator']).map((n) => n.startIndex),
    [24, 107]
  )
  assert.equal(treeWalks() - before, 1)
  // A type no rule asked before: one more walk, which then covers it for the next file too.
  assert.deepEqual(shared(['arrow_function', 'call_expression']), direct(['arrow_function', 'call_expression']))
  assert.equal(treeWalks() - before, 2)
  const g = parseCode(new SourceFile('other.ts', 'const k = () => 1\n'))!
  assert.deepEqual(descendantsOfType(g.root, ['arrow_function']).map((n) => n.text), ['() => 1'])
  assert.deepEqual(descendantsOfType(g.root, ['variable_declarator']).map((n) => n.text), ['k = () => 1'])
  assert.equal(treeWalks() - before, 3)
  // Types with a node at nearly every leaf are walked for alone, below the root too.
  assert.deepEqual(descendantsOfType(g.root, 'identifier').map((n) => n.text), ['k'])
  assert.equal(treeWalks() - before, 4)
})
