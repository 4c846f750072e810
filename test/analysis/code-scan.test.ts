import { test } from 'node:test'
import assert from 'node:assert/strict'
import {
  allBindings,
  bindings,
  callArgs,
  langOf,
  matchBracket,
  objectEntries,
  resolverOf,
  splitTopLevel,
  stringExpr,
  tokenize,
  type Token
} from '../../src/analysis/code-scan.js'

const kinds = (ts: Token[]): string[] => ts.map((t) => `${t.kind}:${t.text}`)
const idx = (ts: Token[], text: string, nth = 0): number => {
  let n = 0
  for (let i = 0; i < ts.length; i++) if (ts[i].text === text && n++ === nth) return i
  throw new Error(`no token ${text}`)
}

test('code-scan: langOf maps extensions', () => {
  assert.equal(langOf('a/b.ts'), 'js')
  assert.equal(langOf('a/b.tsx'), 'js')
  assert.equal(langOf('a/b.mjs'), 'js')
  assert.equal(langOf('a/b.cts'), 'js')
  assert.equal(langOf('a/b.py'), 'py')
  assert.equal(langOf('a/b.md'), undefined)
  assert.equal(langOf('a/b.json'), undefined)
})

test('code-scan: JS comments are skipped and strings keep their offsets', () => {
  const src = `// query({ options: {} })\nconst a = "x{y" /* } */ + 'z\\'w'`
  const ts = tokenize(src, 'js')
  assert.deepEqual(kinds(ts), ['ident:const', 'ident:a', 'punct:=', 'string:"x{y"', 'punct:+', "string:'z\\'w'"])
  assert.equal(ts[3].value, 'x{y')
  assert.equal(ts[5].value, "z'w")
  assert.equal(src.slice(ts[3].start, ts[3].end), '"x{y"')
  assert.equal(ts[0].nl, true)
  assert.equal(ts[1].nl, false)
})

test('code-scan: JS regex literal versus division', () => {
  const ts = tokenize('const r = /"[/]"/g; x = a / b / c; return /}/.test(s)', 'js')
  assert.equal(ts[3].kind, 'regex')
  assert.equal(ts[3].text, '/"[/]"/g')
  assert.deepEqual(kinds(ts.slice(5, 12)), [
    'ident:x',
    'punct:=',
    'ident:a',
    'punct:/',
    'ident:b',
    'punct:/',
    'ident:c'
  ])
  const ret = idx(ts, 'return')
  assert.equal(ts[ret + 1].kind, 'regex')
})

test('code-scan: JS template literals with nested substitutions', () => {
  const ts = tokenize('const t = `a ${ {k: "}"}.k + `in${x}` } b`; const u = `plain`', 'js')
  const t = ts[3]
  assert.equal(t.kind, 'string')
  assert.equal(t.dynamic, true)
  assert.equal(t.value, 'a  b')
  const u = ts[ts.length - 1]
  assert.equal(u.dynamic, false)
  assert.equal(u.value, 'plain')
})

test('code-scan: an unterminated JS quote ends at the line break (JSX text)', () => {
  const ts = tokenize("<p>Don't do this</p>\nconst x = { a: 1 }", 'js')
  const open = idx(ts, '{')
  assert.equal(matchBracket(ts, open), idx(ts, '}'))
})

test('code-scan: Python prefixes, triple quotes, f-strings and comments', () => {
  const src = `x = f"a{b!r:>{w}}c{{d}}" rb'\\d' """tri\n"ple""" # comment (\nname = 1`
  const ts = tokenize(src, 'py')
  assert.deepEqual(
    kinds(ts).map((k) => k.split(':')[0]),
    ['ident', 'punct', 'string', 'string', 'string', 'ident', 'punct', 'number']
  )
  assert.equal(ts[2].dynamic, true)
  assert.equal(ts[2].value, 'ac{d}')
  assert.equal(ts[3].value, '\\d')
  assert.equal(ts[3].dynamic, false)
  assert.equal(ts[4].value, 'tri\n"ple')
  assert.equal(ts[5].nl, true)
  // An identifier ending in a prefix letter is not a string prefix.
  assert.deepEqual(kinds(tokenize('if"x"', 'py')), ['ident:if', 'string:"x"'])
})

test('code-scan: Python backslash continuation keeps the logical line', () => {
  const ts = tokenize('x = "a" \\\n  "b"\ny = 2', 'py')
  assert.equal(ts[3].nl, false)
  assert.equal(ts[4].nl, true)
})

test('code-scan: matchBracket ignores brackets in strings and comments, and fails on imbalance', () => {
  const ts = tokenize('f({ a: ")", b: [1, /* ] */ 2] }) + g(', 'js')
  assert.equal(matchBracket(ts, 1), idx(ts, ')', 0))
  assert.equal(matchBracket(ts, idx(ts, '(', 1)), -1)
  assert.equal(matchBracket(tokenize('( ]', 'js'), 0), -1)
  assert.equal(matchBracket(ts, 0), -1)
})

test('code-scan: object entries, shorthand, spread, string and computed keys', () => {
  const ts = tokenize('x = { a: 1, "b-c": f(1, 2), d, ...rest, [k]: 3, m() { return 1 } }', 'js')
  const es = objectEntries(ts, idx(ts, '{')) ?? []
  assert.deepEqual(
    es.map((e) => e.key ?? (e.spread ? '...' : '?')),
    ['a', 'b-c', 'd', '...', '?', 'm']
  )
  assert.equal(es[2].shorthand, true)
  const b = es[1]
  assert.equal(ts[b.value.start].text, 'f')
  assert.equal(ts[b.value.end - 1].text, ')')
  assert.equal(objectEntries(tokenize('{ a: 1', 'js'), 0), undefined)
})

test('code-scan: call arguments with Python keywords and spreads', () => {
  const ts = tokenize('create(model="m", system=S, *args, **kw, x == 1)', 'py')
  const args = callArgs(ts, 1, 'py') ?? []
  assert.deepEqual(
    args.map((a) => a.name ?? (a.spread ? 'spread' : 'pos')),
    ['model', 'system', 'spread', 'spread', 'pos']
  )
  assert.deepEqual(splitTopLevel(ts, 2, 2), [])
  assert.deepEqual(callArgs(tokenize('f()', 'js'), 1, 'js'), [])
})

test('code-scan: stringExpr evaluates literals, concatenation, joins, dedent and constants', () => {
  const js = tokenize(
    'const A = "x" + `y`; const B = [A, "z"].join("\\n"); const C = (B).trim(); const D = A + name; const E = f(A)',
    'js'
  )
  const r = resolverOf(js, 'js')
  const at = (name: string): { value: string; dynamic: boolean } | undefined => {
    const b = r(name, 0)
    return b && stringExpr(js, b, 'js', r)
  }
  assert.deepEqual(at('A'), { value: 'xy', dynamic: false, literal: 3 })
  assert.equal(at('B')?.value, 'xy\nz')
  assert.equal(at('C')?.value, 'xy\nz')
  assert.equal(at('D')?.dynamic, true)
  assert.equal(at('D')?.value, 'xy')
  assert.equal(at('E'), undefined)

  const py = tokenize(
    'P = textwrap.dedent("""\n  a\n""").strip()\nQ = ("a"\n     "b" + P)\nR = "{}".format(x)\nS = "\\n".join(["a", "b"])',
    'py'
  )
  const rp = resolverOf(py, 'py')
  const atp = (name: string): string | undefined => {
    const b = rp(name, 0)
    return b && stringExpr(py, b, 'py', rp)?.value
  }
  assert.equal(atp('P'), '\n  a\n')
  assert.equal(atp('Q'), 'ab\n  a\n')
  assert.equal(atp('R'), undefined)
  assert.equal(atp('S'), 'a\nb')
})

test('code-scan: bindings keep single assignments and forget rebound names', () => {
  const py = tokenize('A = "1"\nB = "2"\ndef f():\n    B = "3"\n    C: str = "4"\nobj.attr = "5"', 'py')
  const b = bindings(py, 'py')
  assert.ok(b.get('A'))
  assert.equal(b.get('B'), undefined)
  assert.ok(b.has('B'))
  assert.ok(b.get('C'))
  assert.equal(b.has('obj'), false)
  assert.equal(allBindings(py, 'py').get('B')?.length, 2)
  // A keyword argument on its own line inside a call is not an assignment.
  const kw = tokenize('opts = make()\nrun(\n    opts=opts,\n)\n', 'py')
  assert.equal(allBindings(kw, 'py').get('opts')?.length, 1)
  const js = tokenize('export const X: Record<string, string> = { a: "b" }\nlet y = 1, z = 2', 'js')
  const bj = bindings(js, 'js')
  const x = bj.get('X')
  assert.ok(x)
  assert.equal(js[x.start].text, '{')
  assert.equal(js[x.end - 1].text, '}')
  assert.ok(bj.get('y'))
})

test('code-scan: malformed and empty input never throws', () => {
  for (const src of ['', '`unterminated ${', '"""never closed', "f'{", '/* open', '((((', 'x = \\']) {
    for (const lang of ['js', 'py'] as const) {
      const ts = tokenize(src, lang)
      assert.ok(Array.isArray(ts))
      for (let i = 0; i < ts.length; i++) matchBracket(ts, i)
    }
  }
})
