import { test, before } from 'node:test'
import assert from 'node:assert/strict'
import { rmSync } from 'node:fs'
import { SourceFile } from '../../src/parse/source.js'
import { discover } from '../../src/discover.js'
import { buildProject } from '../../src/model/project.js'
import { writeFixture } from '../rules/harness.js'
import { prepareCodeParsing } from '../../src/parse/code.js'
import {
  apiFiles,
  assignsField,
  mappingEntries,
  mentionsCacheControl,
  messagesCalls,
  promptSites,
  promptText,
  readApiFile,
  sdkCalls,
  spanFrom,
  stringExpr,
  type ApiFile
} from '../../src/analysis/anthropic-code.js'

before(async () => {
  assert.equal(await prepareCodeParsing(), true)
})

function read(path: string, text: string): ApiFile {
  const s = readApiFile(new SourceFile(path, text))
  assert.ok(s, `parsed ${path}`)
  return s
}

/** The value of a top-level binding, evaluated as a string expression. */
function constant(s: ApiFile, name: string): { value: string; dynamic: boolean; literal: string } | undefined {
  const b = s.bindings.get(name)
  assert.ok(b && b.length > 0, `binding ${name}`)
  const v = stringExpr(s, b[0].value)
  return v && { value: v.value, dynamic: v.dynamic, literal: v.literal.text }
}

test('anthropic-code: JS string expressions (escapes, templates, +, join, trim, casts, constants)', () => {
  const s = read(
    'a.ts',
    [
      'const A = "x\\ty" + `z`',
      'const B = [A, "w"].join("\\n")',
      'const C = (B).trim() as const',
      'const D = A + name',
      'const E = f(A)',
      "const F = ['a', 'b'].join()",
      'const G = `a ${ {k: "}"}.k + `in${x}` } b`',
      'const H = dedent(`  indented`)',
      'const I = "a" + x.y'
    ].join('\n')
  )
  assert.deepEqual(constant(s, 'A'), { value: 'x\tyz', dynamic: false, literal: '"x\\ty"' })
  assert.equal(constant(s, 'B')?.value, 'x\tyz\nw')
  assert.equal(constant(s, 'C')?.value, 'x\tyz\nw')
  assert.deepEqual(constant(s, 'D'), { value: 'x\tyz', dynamic: true, literal: '"x\\ty"' })
  assert.equal(constant(s, 'E'), undefined)
  assert.equal(constant(s, 'F')?.value, 'a,b')
  // Substitutions (with nested templates and braces in strings) are left out and make the text dynamic.
  assert.deepEqual(constant(s, 'G'), { value: 'a  b', dynamic: true, literal: s.bindings.get('G')?.[0].value.text })
  assert.equal(constant(s, 'H')?.value, '  indented')
  assert.equal(constant(s, 'I'), undefined)
})

test('anthropic-code: Python strings (prefixes, triple quotes, f-strings, concatenation, join, dedent)', () => {
  const s = read(
    'a.py',
    [
      'P = textwrap.dedent("""\n  a\n""").strip()',
      'Q = ("a"\n     "b" + P)',
      'R = "{}".format(x)',
      'S = "\\n".join(["a", "b"])',
      'T = f"a{b!r:>{w}}c{{d}}" rb"\\d"',
      "U = f\"{'}'} and {\n  \", \".join(xs)\n} end\"",
      'V = r"\\n" + "\\n"',
      'W = ", ".join(x for x in xs)'
    ].join('\n')
  )
  assert.equal(constant(s, 'P')?.value, '\n  a\n')
  assert.equal(constant(s, 'Q')?.value, 'ab\n  a\n')
  assert.equal(constant(s, 'R'), undefined)
  assert.equal(constant(s, 'S')?.value, 'a\nb')
  assert.deepEqual(constant(s, 'T'), { value: 'ac{d}\\d', dynamic: true, literal: 'f"a{b!r:>{w}}c{{d}}"' })
  // Nested quotes of the same kind inside a replacement field spanning lines (Python 3.12).
  assert.deepEqual(constant(s, 'U'), { value: ' and  end', dynamic: true, literal: s.bindings.get('U')?.[0].value.text })
  assert.equal(constant(s, 'V')?.value, '\\n\n')
  assert.equal(constant(s, 'W'), undefined)
})

test('anthropic-code: bindings keep every assignment; a rebound name is not resolved', () => {
  const s = read('a.py', 'A = "1"\nB = "2"\ndef f(opts=None):\n    B = "3"\n    C: str = "4"\nobj.attr = "5"\nrun(\n    opts=opts,\n)\n')
  assert.equal(s.bindings.get('A')?.length, 1)
  assert.equal(s.bindings.get('B')?.length, 2)
  assert.equal(s.bindings.get('C')?.length, 1)
  assert.equal(s.bindings.has('obj'), false)
  // A keyword argument or a parameter default is not an assignment.
  assert.equal(s.bindings.has('opts'), false)
  const p = read('p.py', 'X = "1"\nX = "2"\nY = X\n')
  assert.equal(constant(p, 'Y'), undefined)
  const js = read('a.ts', 'export const X: Record<string, string> = { a: "b" }\nlet y = 1, z = 2\nfor (const m of xs) {}')
  assert.equal(js.bindings.get('X')?.[0].value.type, 'object')
  assert.ok(js.bindings.get('y') && js.bindings.get('z'))
  assert.equal(js.bindings.has('m'), false)
})

test('anthropic-code: object and dict entries, shorthand, spreads, string and computed keys', () => {
  const js = read('a.ts', 'const x = { a: 1, "b-c": f(1, 2), d, ...rest, [k]: 3, m() { return 1 }, /* c */ 5: 6 }')
  const es = mappingEntries(js, js.bindings.get('x')![0].value) ?? []
  assert.deepEqual(
    es.map((e) => e.key ?? (e.spread ? '...' : '?')),
    ['a', 'b-c', 'd', '...', '?', 'm', '5']
  )
  assert.equal(es[2].shorthand, true)
  assert.equal(es[1].value.text, 'f(1, 2)')
  const py = read('a.py', 'd = {"model": M, **base, k: 1}\ne = dict(system=S, *xs)\n')
  assert.deepEqual(
    (mappingEntries(py, py.bindings.get('d')![0].value) ?? []).map((e) => e.key ?? (e.spread ? '**' : '?')),
    ['model', '**', 'k']
  )
  assert.deepEqual(
    (mappingEntries(py, py.bindings.get('e')![0].value) ?? []).map((e) => e.key ?? (e.spread ? '*' : '?')),
    ['system', '*']
  )
})

test('anthropic-code: Messages API calls and their parameters', () => {
  const py = read(
    'a.py',
    [
      'PARAMS = {"model": "m", "system": "s"}',
      'client.beta.messages.create(**PARAMS, messages=[])',
      'client.messages.stream(model="m", *args)',
      'client.beta.threads.messages.create(thread_id="t")',
      'client.messages.batches.create(requests=[])',
      'client.messages.count_tokens(model="m")'
    ].join('\n')
  )
  const calls = messagesCalls(py)
  assert.equal(calls.length, 2)
  assert.deepEqual(
    calls[0].params?.map((e) => e.key),
    ['model', 'system', 'messages']
  )
  // The entry from the dict keeps its place in the dict.
  assert.equal(py.file.position(calls[0].params![1].keyNode.startIndex).line, 1)
  assert.equal(calls[1].params, undefined)
  const js = read('a.mjs', 'new Anthropic().messages.create({ system: S, ...rest })\nclient.messages.create(params)\nclient.messages.create(...args)')
  const jc = messagesCalls(js)
  assert.deepEqual(
    jc.map((c) => c.params?.map((e) => e.key ?? '...')),
    [['system', '...'], undefined, undefined]
  )
})

test('anthropic-code: cache_control counts in code, not in comments', () => {
  assert.equal(mentionsCacheControl(read('a.ts', '// cache_control\n/* cache_control */ const x = 1')), false)
  assert.equal(mentionsCacheControl(read('a.ts', 'const x = { cache_control: { type: "ephemeral" } }')), true)
  assert.equal(mentionsCacheControl(read('a.ts', 'const x = { ["cache_control"]: y }')), true)
  assert.equal(mentionsCacheControl(read('a.py', '# cache_control\nx = 1')), false)
  assert.equal(mentionsCacheControl(read('a.py', 'f(cache_control={"type": "ephemeral"})')), true)
  assert.equal(mentionsCacheControl(read('a.py', 'x = {"cache_control": 1}')), true)
  assert.equal(mentionsCacheControl(read('a.py', 'x = "see cache_control"')), false)
})

test('anthropic-code: system prompt sites and their text', () => {
  const py = read(
    'a.py',
    [
      'BLOCKS = [{"type": "text", "text": "one"}, "two", other]',
      'f(system=BLOCKS)',
      'd = {"system_prompt": "three", system: "not a key"}',
      'def g(append_system_prompt="four"): pass',
      'opts.custom_system_prompt = "five"',
      'h(system_prompt={"type": "preset", "append": "six"})'
    ].join('\n')
  )
  const sites = promptSites(py)
  assert.deepEqual(
    sites.map((x) => x.key),
    ['system', 'system_prompt', 'append_system_prompt', 'custom_system_prompt', 'system_prompt']
  )
  const texts = sites.map((x) => promptText(py, x.value))
  assert.deepEqual(
    texts.map((t) => t && { text: t.text, dynamic: t.dynamic, literal: t.literal.text }),
    [
      { text: 'one\ntwo', dynamic: true, literal: '"one"' },
      { text: 'three', dynamic: false, literal: '"three"' },
      { text: 'four', dynamic: false, literal: '"four"' },
      { text: 'five', dynamic: false, literal: '"five"' },
      { text: 'six', dynamic: false, literal: '"six"' }
    ]
  )
  const js = read('a.ts', 'this.systemPrompt = "a"\nconst o = { system: `b`, "appendSystemPrompt": "c" }\ninterface T { system: string }\nconst { system: s } = o')
  assert.deepEqual(
    promptSites(js).map((x) => [x.key, promptText(js, x.value)?.text]),
    [
      ['systemPrompt', 'a'],
      ['system', 'b'],
      ['appendSystemPrompt', 'c']
    ]
  )
})

test('anthropic-code: prompt keys and Messages API calls nested in other nodes are found past the text prefilters', () => {
  // Only nodes whose text holds `ystem` or a backslash can name a prompt key, and only calls whose
  // text holds `messages` can be Messages API calls; these are read as before.
  const js = read(
    'a.js',
    [
      'const a = { "sys\\u0074em": "escaped" }',
      "const b = { 'appendSy\\x73temPrompt': 'hex' }",
      'const c = { other: 1, nested: { system: "deep" } }',
      'wrap(log(client.messages.create({ system: "inner" })), other(1))',
      'client.beta.messages.parse({ model: "m" })'
    ].join('\n')
  )
  assert.deepEqual(
    promptSites(js).map((x) => [x.key, js.file.position(x.value.startIndex).line]),
    // Keys spelled with escapes (lines 1 and 2) are not sites, as before the prefilters.
    [
      ['system', 3],
      ['system', 4]
    ]
  )
  assert.deepEqual(
    messagesCalls(js).map((c) => [js.file.position(c.call.startIndex), c.params?.map((e) => e.key)]),
    [
      [{ line: 4, column: 10 }, ['system']],
      [{ line: 5, column: 1 }, ['model']]
    ]
  )
  const py = read('a.py', 'd = {"sys\\x74em_prompt": "x"}\nrun(client.messages.create(system="y"))\n')
  assert.deepEqual(
    promptSites(py).map((x) => x.key),
    ['system']
  )
  assert.equal(messagesCalls(py).length, 1)
})

test('anthropic-code: Agent SDK imports, calls and options (TypeScript)', () => {
  const s = read(
    'a.ts',
    [
      "import { query as ask, type Options } from '@anthropic-ai/claude-agent-sdk'",
      "import * as sdk from '@anthropic-ai/claude-agent-sdk/embed'",
      "const { query: q2 } = require('@anthropic-ai/claude-code')",
      "const ns = await import('@anthropic-ai/claude-agent-sdk')",
      'ask({ prompt, options: { maxTurns: 3 } })',
      'sdk.query({ prompt })',
      'q2(params)',
      'ns.query({ prompt, options })',
      'other.sdk.query({ prompt })',
      'query({ prompt })',
      'class A { ask() {} }',
      'const options = { cwd: "." }',
      'options.maxTurns = 4'
    ].join('\n')
  )
  const calls = sdkCalls(s)
  assert.deepEqual(
    calls.map((c) => [c.callee.text, s.file.position(c.callee.startIndex).line, c.options === null ? null : c.options?.map((e) => e.key)]),
    [
      ['ask', 5, ['maxTurns']],
      ['query', 6, null],
      ['q2', 7, undefined],
      ['query', 8, ['cwd']]
    ]
  )
  assert.equal(calls[3].optionsName, 'options')
  assert.equal(assignsField(s, 'options', new Set(['maxTurns'])), true)
  assert.equal(assignsField(s, 'options', new Set(['maxBudgetUsd'])), false)
  const span = spanFrom(s, calls[1].callee)
  assert.equal(s.file.text.slice(span.start, span.end), 'query')
})

test('anthropic-code: Agent SDK imports, calls and options (Python)', () => {
  const s = read(
    'a.py',
    [
      'from claude_agent_sdk import (',
      '    ClaudeAgentOptions as Opts,',
      '    ClaudeSDKClient,',
      '    query,',
      ')',
      'import claude_code_sdk as legacy',
      'query(prompt="x", options=Opts(max_turns=2, **extra))',
      'ClaudeSDKClient(Opts(cwd="."))',
      'legacy.query(prompt="x", options=legacy.ClaudeCodeOptions(cwd="."))',
      'legacy.ClaudeSDKClient(options=None)',
      'query(prompt="x", *rest)',
      'query(prompt="x", options=make())'
    ].join('\n')
  )
  assert.deepEqual(
    sdkCalls(s).map((c) => [c.callee.text, c.kind, c.options === null ? null : c.options?.map((e) => e.key ?? '**')]),
    [
      ['query', 'query', ['max_turns', '**']],
      ['ClaudeSDKClient', 'client', ['cwd']],
      ['query', 'query', ['cwd']],
      ['ClaudeSDKClient', 'client', null],
      ['query', 'query', undefined],
      ['query', 'query', undefined]
    ]
  )
  // No import of the SDK: a local query() is not a session.
  assert.deepEqual(sdkCalls(read('b.py', 'import anthropic\ndef query(q): pass\nquery(prompt="x")\n')), [])
})

test('anthropic-code: malformed and empty input never throws', () => {
  for (const src of ['', '`unterminated ${', '"""never closed', "f'{", '/* open', '((((', 'x = \\', 'query({ options: {', '\u0000\uffff']) {
    for (const path of ['a.ts', 'a.tsx', 'a.js', 'a.py']) {
      const s = read(path, src)
      messagesCalls(s)
      sdkCalls(s)
      mentionsCacheControl(s)
      for (const site of promptSites(s)) promptText(s, site.value)
    }
  }
})

test('anthropic-code: code the parser cannot read around an API call is reported as not read, with its place', async () => {
  const dir = writeFixture({
    'broken.ts': "import { query } from '@anthropic-ai/claude-agent-sdk'\nconst r = query({ prompt: 'x', options: { cwd: '.' } ]\n",
    'broken.py': 'from claude_agent_sdk import query\nquery(prompt="x", options=ClaudeAgentOptions(\n',
    // A bare & in JSX text is a local error that hides no call: the file is read.
    'page.tsx': "import { query } from '@anthropic-ai/claude-agent-sdk'\nconst a = <h2>Calculators & system guides</h2>\nquery({ prompt: 'x' })\n"
  })
  try {
    const project = await buildProject(await discover(dir))
    const files = apiFiles(project)
    assert.deepEqual(files.map((f) => f.file.path).sort(), ['broken.py', 'broken.ts', 'page.tsx'])
    assert.deepEqual(
      project.reader.skipped.map((x) => [x.file, x.reason]).sort(),
      [
        [
          'broken.py',
          'not all of it: the python parser could not read the code at line 2, column 1, so Anthropic API or Agent SDK calls there were not checked'
        ],
        [
          'broken.ts',
          'not all of it: the typescript parser could not read the code at line 2, column 1, so Anthropic API or Agent SDK calls there were not checked'
        ]
      ]
    )
    const page = files.find((f) => f.file.path === 'page.tsx')!
    assert.deepEqual(
      sdkCalls(page).map((c) => [c.callee.text, c.options]),
      [['query', null]]
    )
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
})
