import { test } from 'node:test'
import assert from 'node:assert/strict'
import { SourceFile } from '../../src/parse/source.js'
import { captures, codeLanguageOf, descendantsOfType, parseCode, prepareCodeParsing } from '../../src/parse/code.js'

test('code languages by extension', () => {
  assert.deepEqual(
    ['a.py', 'b.pyi', 'c.js', 'd.mjs', 'e.cjs', 'f.jsx', 'g.ts', 'h.mts', 'i.cts', 'j.tsx', 'k.sh', 'dir.py/x', 'README'].map(codeLanguageOf),
    ['python', 'python', 'javascript', 'javascript', 'javascript', 'javascript', 'typescript', 'typescript', 'typescript', 'tsx', undefined, undefined, undefined]
  )
})

test('a file is undefined before the runtime starts, a tree after', async () => {
  const f = new SourceFile('hook.py', 'import sys\nsys.exit(2)\n')
  assert.equal(parseCode(f), undefined)
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
