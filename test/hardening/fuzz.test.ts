/**
 * Property-based hardening of every parser adapter and of the secret engine:
 * thousands of random and mutated inputs (arbitrary Unicode, lone surrogates,
 * control characters, structural punctuation, and mutations of realistic
 * workflow / settings / frontmatter / hook / .mcp.json / key-bearing seeds).
 *
 * For every input: no throw, every span inside the text (0 ≤ start ≤ end ≤
 * length) for every path the document contains, and at most ~1 s of CPU per
 * call. Runs are seeded (FUZZ_SEED replays a failure; fast-check prints the
 * seed and the shrunk counterexample).
 */
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { spawnSync } from 'node:child_process'
import fc from 'fast-check'
import { parseJson, parseMarkdown, parseYaml, type PathSeg, type StructuredDoc } from '../../src/parse/doc.js'
import { SourceFile, type Span } from '../../src/parse/source.js'
import { parseShell, type ShellWord } from '../../src/shell/parse.js'
import { DETECTORS, MAX_VISIBLE, redact, redactText, scanText } from '../../src/secrets/index.js'
import { FUZZ_SEED, ROOT, cpuTimed, leakedWindow, plantedSet, prng, seedDocuments, seededKeys } from './helpers.js'

/** CPU budget of one parser or scanner call on a fuzz input (inputs are ≤ a few KB). */
const CALL_CPU_MS = 1000

const RUNS = Number(process.env.FUZZ_RUNS ?? 2500)

/** Runs a property with the fixed seed; the failure message says how to replay it. */
function check<T>(name: string, arb: fc.Arbitrary<T>, predicate: (v: T) => void, numRuns = RUNS): void {
  try {
    fc.assert(fc.property(arb, predicate), { seed: FUZZ_SEED, numRuns })
  } catch (e) {
    const err = e as Error
    const cause = err.cause instanceof Error ? `\nCause: ${err.cause.message}` : ''
    err.message = `[${name}] seed ${FUZZ_SEED} (replay: FUZZ_SEED=${FUZZ_SEED})\n${err.message}${cause}`
    throw err
  }
}

/** Calls `fn` and fails when it takes more than {@link CALL_CPU_MS} of CPU. */
function bounded<T>(what: string, input: string, fn: () => T): T {
  const { value, ms } = cpuTimed(fn)
  assert.ok(
    ms <= CALL_CPU_MS,
    `${what} took ${ms.toFixed(0)} ms CPU on ${JSON.stringify(input.slice(0, 200))} (${input.length} chars)`
  )
  return value
}

// ---------------------------------------------------------------------------
// Input generators.

const STRUCTURAL = [
  ...'\0\t\n\r\v\f \u0085\u00a0\u2028\u2029\ufeff\u202e\u200d\ud800\udfff\uffff',
  ...':-?[]{},#&*!|>\'"%@`~$()\\;<=+/.^',
  ...'aZ09_',
  '- ',
  ': ',
  '---\n',
  '...\n',
  '\n  ',
  '\r\n',
  '${{ ',
  ' }}',
  '$(',
  '<<EOF\n',
  '\nEOF\n',
  '//',
  '/*',
  '*/',
  '\\u00',
  '&a ',
  '*a',
  '!!binary ',
  '<<: ',
  'sk-ant-api03-',
  'AKIA',
  'ghp_',
  '://u:p@h.io/',
  '-----BEGIN '
]

/** A single UTF-16 code unit, lone surrogates included. */
const codeUnit = fc.integer({ min: 0, max: 0xffff }).map((c) => String.fromCharCode(c))

/** Random text: arbitrary Unicode, lone surrogates, and structural-token soup. */
const randomText: fc.Arbitrary<string> = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 400 }),
  fc.string({ unit: 'grapheme', maxLength: 200 }),
  fc.string({ unit: codeUnit, maxLength: 300 }),
  fc.string({ unit: fc.constantFrom(...STRUCTURAL), maxLength: 300 })
)

type Mutation =
  | { op: 'insert'; at: number; s: string }
  | { op: 'delete'; at: number; len: number }
  | { op: 'duplicate'; at: number; len: number; times: number }
  | { op: 'replace'; at: number; s: string }
  | { op: 'truncate'; at: number }
  | { op: 'move'; from: number; len: number; to: number }

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({
    op: fc.constant('insert' as const),
    at: fc.nat(),
    s: fc.oneof(fc.constantFrom(...STRUCTURAL), randomText)
  }),
  fc.record({ op: fc.constant('delete' as const), at: fc.nat(), len: fc.nat({ max: 60 }) }),
  fc.record({
    op: fc.constant('duplicate' as const),
    at: fc.nat(),
    len: fc.nat({ max: 200 }),
    times: fc.integer({ min: 1, max: 8 })
  }),
  fc.record({ op: fc.constant('replace' as const), at: fc.nat(), s: fc.constantFrom(...STRUCTURAL) }),
  fc.record({ op: fc.constant('truncate' as const), at: fc.nat() }),
  fc.record({ op: fc.constant('move' as const), from: fc.nat(), len: fc.nat({ max: 80 }), to: fc.nat() })
)

function mutate(text: string, ms: readonly Mutation[]): string {
  let t = text
  for (const m of ms) {
    const at = (n: number): number => n % (t.length + 1)
    switch (m.op) {
      case 'insert':
        t = t.slice(0, at(m.at)) + m.s + t.slice(at(m.at))
        break
      case 'delete':
        t = t.slice(0, at(m.at)) + t.slice(at(m.at) + m.len)
        break
      case 'duplicate': {
        const chunk = t.slice(at(m.at), at(m.at) + m.len)
        t = t.slice(0, at(m.at)) + chunk.repeat(m.times) + t.slice(at(m.at))
        break
      }
      case 'replace':
        t = t.slice(0, at(m.at)) + m.s + t.slice(at(m.at) + 1)
        break
      case 'truncate':
        t = t.slice(0, at(m.at))
        break
      case 'move': {
        const from = at(m.from)
        const chunk = t.slice(from, from + m.len)
        const rest = t.slice(0, from) + t.slice(from + m.len)
        const to = m.to % (rest.length + 1)
        t = rest.slice(0, to) + chunk + rest.slice(to)
        break
      }
    }
  }
  return t
}

const SEEDS = seedDocuments(plantedSet(FUZZ_SEED))

/** Mutations of the realistic seeds (`preferred` first, but every seed can feed every parser). */
function mutatedSeeds(...preferred: string[]): fc.Arbitrary<string> {
  const names = [...preferred, ...Object.keys(SEEDS).filter((n) => !preferred.includes(n))]
  return fc
    .tuple(fc.constantFrom(...names), fc.array(mutation, { minLength: 0, maxLength: 6 }), fc.boolean())
    .map(([name, ms, bom]) => (bom ? '\ufeff' : '') + mutate(SEEDS[name] as string, ms))
}

function inputs(...preferred: string[]): fc.Arbitrary<string> {
  return fc.oneof({ arbitrary: mutatedSeeds(...preferred), weight: 3 }, { arbitrary: randomText, weight: 2 })
}

// ---------------------------------------------------------------------------
// Span checks.

const PARTS = [undefined, 'key', 'value', 'pair'] as const

/** Every path of a plain value, depth-first, cycle-safe, at most `limit`. */
function pathsOf(value: unknown, limit = 400): PathSeg[][] {
  const out: PathSeg[][] = [[]]
  const seen = new Set<unknown>()
  const walk = (v: unknown, path: PathSeg[], depth: number): void => {
    if (out.length >= limit || depth > 30 || v === null || typeof v !== 'object' || seen.has(v)) return
    seen.add(v)
    const entries: [PathSeg, unknown][] = Array.isArray(v)
      ? v.map((x, i) => [i, x])
      : v instanceof Map
        ? [...v.entries()].map(([k, x]) => [String(k), x])
        : Object.entries(v as Record<string, unknown>)
    for (const [seg, child] of entries) {
      if (out.length >= limit) return
      const p = [...path, seg]
      out.push(p)
      walk(child, p, depth + 1)
    }
  }
  walk(value, [], 0)
  return out
}

/** Paths a document does not contain, or that probe prototype names. */
const ODD_PATHS: PathSeg[][] = [
  ['__proto__'],
  ['constructor'],
  ['toString'],
  ['hasOwnProperty', 0],
  [0],
  [-1],
  [1e9],
  [''],
  ['jobs', 'x', 'steps', 0, 'with'],
  ['env', 'ANTHROPIC_API_KEY'],
  ['mcpServers', 'docs', 'args', 3]
]

function assertSpan(s: Span | undefined, file: SourceFile, what: string): void {
  if (s === undefined) return
  const len = file.text.length
  assert.equal(s.file, file, `${what}: span of another file`)
  assert.ok(
    Number.isInteger(s.start) && Number.isInteger(s.end) && s.start >= 0 && s.start <= s.end && s.end <= len,
    `${what}: span [${s.start}, ${s.end}) outside 0..${len}`
  )
  const a = file.position(s.start)
  const b = file.position(s.end)
  assert.ok(a.line >= 1 && a.column >= 1 && b.line >= a.line, `${what}: positions ${JSON.stringify([a, b])}`)
}

function assertDoc(doc: StructuredDoc, file: SourceFile, extra: readonly PathSeg[][] = []): void {
  assert.equal(doc.file, file)
  for (const e of doc.errors) {
    assert.equal(typeof e.message, 'string')
    assert.ok(
      Number.isInteger(e.offset) && e.offset >= 0 && e.offset <= file.text.length,
      `error offset ${e.offset} of ${file.text.length}`
    )
  }
  for (const path of [...pathsOf(doc.value), ...ODD_PATHS, ...extra]) {
    for (const part of PARTS)
      assertSpan(doc.span(path, part), file, `${doc.kind} ${JSON.stringify(path)} ${part ?? ''}`)
  }
}

const extraPath = fc.array(fc.oneof(fc.string({ maxLength: 6 }), fc.nat({ max: 5 })), { maxLength: 4 })

// ---------------------------------------------------------------------------
// Parser adapters.

test('parseYaml: no throw, spans in bounds, bounded CPU', () => {
  check('parseYaml', fc.tuple(inputs('workflow', 'agent'), extraPath), ([text, extra]) => {
    const file = new SourceFile('.github/workflows/f.yml', text)
    const doc = bounded('parseYaml', text, () => parseYaml(file))
    assertDoc(doc, file, [extra])
  })
})

test('parseJson: no throw, spans in bounds, bounded CPU', () => {
  check('parseJson', fc.tuple(inputs('settings', 'mcp'), extraPath), ([text, extra]) => {
    const file = new SourceFile('.claude/settings.json', text)
    const doc = bounded('parseJson', text, () => parseJson(file))
    assertDoc(doc, file, [extra])
    if (doc.errors.length === 0 && doc.value !== undefined) {
      // A clean parse is a JSON value (comments aside): it survives a round trip.
      assert.doesNotThrow(() => JSON.stringify(doc.value))
    }
  })
})

test('parseMarkdown: no throw, frontmatter spans and body start in bounds, bounded CPU', () => {
  const frontmatterish = fc
    .tuple(
      inputs('agent'),
      fc.constantFrom('---\n', '---\r\n', '--- \n', '\ufeff---\n', ''),
      fc.constantFrom('\n---\n', '\r\n---\r\n', '\n...\n', '\n---', '')
    )
    .map(([t, open, close]) => open + t + close + t.slice(0, 40))
  check('parseMarkdown', fc.tuple(fc.oneof(inputs('agent'), frontmatterish), extraPath), ([text, extra]) => {
    const file = new SourceFile('.claude/agents/a.md', text)
    const md = bounded('parseMarkdown', text, () => parseMarkdown(file))
    assert.equal(md.file, file)
    assert.ok(
      Number.isInteger(md.bodyStart) && md.bodyStart >= 0 && md.bodyStart <= file.text.length,
      `bodyStart ${md.bodyStart}`
    )
    if (md.frontmatter) assertDoc(md.frontmatter, file, [extra])
  })
})

function assertWord(w: ShellWord, text: string, what: string): void {
  assert.ok(
    w.start >= 0 && w.start <= w.end && w.end <= text.length,
    `${what}: word [${w.start}, ${w.end}) of ${text.length}`
  )
  assert.equal(w.raw, text.slice(w.start, w.end), `${what}: raw is the source slice`)
  assert.equal(typeof w.text, 'string')
}

function assertRange(r: { start: number; end: number }, text: string, what: string): void {
  assert.ok(
    Number.isInteger(r.start) && Number.isInteger(r.end) && r.start >= 0 && r.start <= r.end && r.end <= text.length,
    `${what}: [${r.start}, ${r.end}) of ${text.length}`
  )
}

const SHELLISH = [
  ...'abcxyz019 \t\n"\'\\$`(){}[]<>|&;!#*?~=-_/.,:%@^+',
  '$(',
  '${',
  '$((',
  '<<',
  '<<-',
  '<<<',
  '>&',
  '&>',
  '||',
  '&&',
  ';;',
  'if ',
  'then ',
  'fi',
  'case ',
  'esac',
  'for ',
  'do ',
  'done',
  'trap ',
  'exit ',
  'set -e',
  'sudo ',
  'curl ',
  '| bash',
  'EOF',
  '\r\n',
  '\u00e9',
  '\ud83d\ude00',
  '\ud800'
]

test('parseShell: never throws, every range is a slice of the source, bounded CPU', () => {
  const shellText = fc.oneof(inputs('hook'), fc.string({ unit: fc.constantFrom(...SHELLISH), maxLength: 300 }))
  check('parseShell', shellText, (text) => {
    const r = bounded('parseShell', text, () => parseShell(text))
    if (!r.ok) {
      assert.ok(r.error, 'ok:false carries an error')
      assertRange({ start: r.error.offset, end: r.error.offset }, text, 'error offset')
      assert.ok(r.error.line >= 1 && r.error.column >= 1)
      return
    }
    for (const c of r.commands) {
      assertRange(c, text, `command ${c.name}`)
      for (const w of c.words) assertWord(w, text, `word of ${c.name}`)
      for (const w of c.args) assertWord(w, text, `arg of ${c.name}`)
      for (const a of c.assignments) {
        assertRange(a, text, `assignment ${a.name}`)
        assertWord(a.value, text, `value of ${a.name}`)
      }
      for (const x of c.redirects) {
        assertRange(x, text, `redirect ${x.op}`)
        if (x.target) assertWord(x.target, text, `target of ${x.op}`)
        if (x.heredoc) assertWord(x.heredoc, text, `heredoc of ${x.op}`)
      }
    }
    for (const p of r.pipelines) assert.ok(p.length >= 2)
    for (const t of r.traps) assertRange(t, text, `trap ${t.signal}`)
    for (const e of r.exitCodes) {
      assertRange(e, text, 'exit')
      assert.ok(e.code === null || (Number.isInteger(e.code) && e.code >= 0 && e.code <= 255), `exit code ${e.code}`)
    }
  })
})

// ---------------------------------------------------------------------------
// Secret engine.

const DETECTOR_IDS = new Set(DETECTORS.map((d) => d.id))

test('scanText / redactText: no throw, sorted disjoint matches in bounds, redacted values, bounded CPU', () => {
  check(
    'scanText',
    fc.tuple(
      inputs('text', 'mcp', 'settings'),
      fc.option(fc.constantFrom('a/.env', 'test/fixtures/x.json', 'CLAUDE.md'), { nil: undefined })
    ),
    ([text, path]) => {
      const matches = bounded('scanText', text, () => scanText(text, path === undefined ? {} : { path }))
      let last = 0
      for (const m of matches) {
        assert.ok(DETECTOR_IDS.has(m.kind), `unknown kind ${m.kind}`)
        assert.ok(
          m.start >= last && m.start < m.end && m.end <= text.length,
          `match [${m.start}, ${m.end}) after ${last} of ${text.length}`
        )
        last = m.end
        const value = text.slice(m.start, m.end)
        assert.equal(m.redacted, redact(value, m.kind))
        assert.equal(leakedWindow(value, m.redacted), undefined, `redaction ${m.redacted} shows too much`)
      }
      const out = bounded('redactText', text, () => redactText(text, path === undefined ? {} : { path }))
      let expected = ''
      let at = 0
      for (const m of matches) {
        expected += text.slice(at, m.start) + m.redacted
        at = m.end
      }
      assert.equal(out, expected + text.slice(at))
    }
  )
})

const SEPARATORS = [' ', '\n', '\t', '"', "'", '=', ': ', '(', ',', '\r\n', '`', '<', '>', '|', '&']
/**
 * After a value found through its key (`aws_secret_access_key = …`), only the
 * characters that end an unquoted value (src/secrets/assignments.ts,
 * endsUnquoted), `<` and `>` included; `|` and `&` do not end one.
 */
const VALUE_ENDS = [' ', '\n', '\t', '"', "'", ',', ';', ')', ']', '}', '\r\n', '`', '<', '>']
const ASSIGNED_KINDS = new Set(['awsSecret'])
/** Surroundings of a planted key: text without key-shaped content, but hostile. */
const surround = fc.string({
  unit: fc.constantFrom(
    ...' \n\t"\'=:,;(){}[]<>#/\\-.|@%$`',
    ...'abcxyzKEYkey019',
    '\u00e9',
    '\u2028',
    '\ufeff',
    '\0',
    'export ',
    'env:',
    '"value": '
  ),
  maxLength: 80
})

test('planted keys in hostile surroundings: found, and redactText never shows 13 consecutive characters', () => {
  const kinds = Object.keys(seededKeys)
  check(
    'planted',
    fc.tuple(fc.constantFrom(...kinds), fc.integer(), surround, fc.constantFrom(...SEPARATORS), fc.nat(), surround),
    ([kind, seed, before, firstSep, sepIndex, after]) => {
      let sep1 = firstSep
      const assigned = ASSIGNED_KINDS.has(kind)
      const ends = assigned ? VALUE_ENDS : SEPARATORS
      const sep2 = ends[sepIndex % ends.length] as string
      // `key: aws_secret_access_key = …` reads as the value of `key` (see the todo test below).
      if (assigned && !sep1.endsWith('\n')) sep1 = '\n'
      const planted = (seededKeys[kind] as (r: () => number) => ReturnType<(typeof seededKeys)[string]>)(prng(seed))
      const text = before + sep1 + planted.text + sep2 + after
      const keyStart = before.length + sep1.length + planted.text.indexOf(planted.secret)
      const keyEnd = keyStart + planted.secret.length
      const matches = bounded('scanText', text, () => scanText(text))
      assert.ok(
        matches.some((m) => m.start <= keyStart + 1 && m.end >= keyEnd - 1),
        `${kind} not found in ${JSON.stringify(text)}: ${JSON.stringify(matches.map((m) => [m.kind, m.start, m.end]))}`
      )
      const out = redactText(text)
      const leak = leakedWindow(planted.secret, out, before + '\0' + after)
      assert.equal(leak, undefined, `${kind}: ${JSON.stringify(leak)} survives redactText: ${JSON.stringify(out)}`)
    },
    Math.max(500, Math.floor(RUNS / 2))
  )
})

test('keyed secrets in realistic contexts the assignment grammar misses', () => {
  const secret = (seededKeys.awsSecret as (r: () => number) => { secret: string })(prng(FUZZ_SEED)).secret
  const contexts = [
    `<code>aws_secret_access_key=${secret}</code>`,
    `echo AWS_SECRET_ACCESS_KEY=${secret}>>.env`,
    `key: AWS_SECRET_ACCESS_KEY=${secret}`,
    `token=AWS_SECRET_ACCESS_KEY=${secret}`
  ]
  const missed = contexts.filter((t) => leakedWindow(secret, redactText(t)) !== undefined)
  assert.deepEqual(
    missed.map((t) => t.replace(secret, '<secret>')),
    []
  )
})

// ---------------------------------------------------------------------------
// redact().

const PREFIXES = [
  'sk-ant-api03-',
  'sk-ant-admin01-',
  'ghp_',
  'github_pat_',
  'AKIA',
  'xoxb-',
  'sk_live_',
  '-----BEGIN ',
  'https://hooks.slack.com/',
  'eyJ',
  'sk-',
  'pypi-AgEIcHlwaS5vcmc',
  ''
]
const anyValue = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 300 }),
  fc.string({ unit: codeUnit, maxLength: 300 }),
  fc
    .tuple(fc.constantFrom(...PREFIXES), fc.string({ unit: fc.constantFrom(...'aB3-_+/=.\n \u00e9'), maxLength: 200 }))
    .map(([p, s]) => p + s),
  fc.string({ unit: fc.constantFrom(...'ab'), minLength: 8, maxLength: 64 })
)
const anyKind = fc.option(fc.oneof(fc.constantFrom(...DETECTOR_IDS), fc.string({ maxLength: 12 })), { nil: undefined })

test('redact: a short public prefix and the length, never more than 12 characters of the value', () => {
  check(
    'redact',
    fc.tuple(anyValue, anyKind),
    ([value, kind]) => {
      const out = redact(value, kind)
      const m = /^([\s\S]*)…\((\d+) chars\)$/.exec(out)
      assert.ok(m, `shape of ${JSON.stringify(out)}`)
      const shown = m[1] as string
      assert.equal(Number(m[2]), value.length)
      assert.ok(value.startsWith(shown), 'what is shown is a prefix of the value')
      assert.ok(shown.length <= MAX_VISIBLE, `${shown.length} characters shown`)
      assert.ok(/^[\x21-\x7e]*$/.test(shown), 'only printable ASCII is shown')
      if (value.length < 16) assert.ok(shown.length <= 3)
      if (kind === 'connection-string-password') assert.ok(shown.length <= 2)
      // The marker `…(N chars)` cannot carry 13 characters of a value that has
      // no `…` and fewer than 10,000 characters; any other shared run is a leak.
      if (!value.includes('…') && value.length < 10_000) {
        assert.equal(
          leakedWindow(value, out),
          undefined,
          `${JSON.stringify(out)} shows 13 consecutive characters of the value`
        )
      }
    },
    Math.max(RUNS, 3000)
  )
})

// ---------------------------------------------------------------------------
// Deep block nesting (found by this suite): `- - - … x`, `? ? ? … x` or
// ever deeper indentation makes the yaml package recurse until the stack
// overflows. The first overflow is caught (an error in the document), but once
// a regex of the yaml lexer has been tiered up, V8 aborts the whole process
// while compiling a regex near the stack limit ("FATAL ERROR: RegExpCompiler
// Allocation failed - process out of memory", exit 134): two such workflow
// files crash `runAudit`. Run in a child process, since the failure is an abort.

/** Child script: parses each shape repeatedly as YAML and as frontmatter; prints `survived`. */
function deepBlockScript(shapes: string): string {
  return `
import { parseYaml, parseMarkdown } from ${JSON.stringify(`${ROOT}/src/parse/doc.ts`)}
import { SourceFile } from ${JSON.stringify(`${ROOT}/src/parse/source.ts`)}
const indented = (n, line) => Array.from({ length: n }, (_, i) => ' '.repeat(i) + line).join('\\n') + ' v'
const shapes = ${shapes}
const warm = 'on: push\\njobs:\\n  a:\\n    steps:\\n      - run: echo "hi"\\n        with: { a: [1, 2], b: c }\\n'
for (let i = 0; i < 2000; i++) parseYaml(new SourceFile('w.yml', warm))
for (let round = 0; round < 4; round++) {
  for (const t of shapes) {
    for (const d of [
      parseYaml(new SourceFile('.github/workflows/w.yml', t)),
      parseMarkdown(new SourceFile('.claude/agents/a.md', '---\\n' + t + '\\n---\\nbody\\n')).frontmatter
    ]) {
      // A stack overflow inside the yaml package is the precursor of the abort.
      if (d?.errors.some((e) => /call stack/i.test(e.message))) throw new Error('stack overflow while parsing: ' + t.slice(0, 40))
    }
  }
}
console.log('survived')
`
}

/** Runs a child script (ES module, TypeScript through tsx) that must exit 0 and print `survived`. */
function runSurvivor(script: string): void {
  const r = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
    cwd: ROOT,
    encoding: 'utf8',
    timeout: 120_000
  })
  const stderr = r.stderr
    .split('\n')
    .filter((l) => !/^\s+\d+: 0x/.test(l))
    .slice(0, 12)
    .join('\n')
  assert.equal(r.status, 0, `exit ${r.status} ${r.signal ?? ''}\n${stderr}`)
  assert.match(r.stdout, /survived/)
}

function runDeepBlock(shapes: string): void {
  runSurvivor(deepBlockScript(shapes))
}

test('parseYaml / parseMarkdown survive 100,000 nested block collections, parsed repeatedly', () => {
  runDeepBlock(
    `['- '.repeat(100000) + 'x', '? '.repeat(100000) + 'x', indented(3000, '-'), indented(3000, 'k:'), indented(3000, '- k:')]`
  )
})

/** Child script: runAudit on a repository with 3 agents and 2 workflows holding `yaml`; prints `survived`. */
function deepAuditScript(yaml: string): string {
  return `
import { mkdtempSync, mkdirSync, writeFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { runAudit } from ${JSON.stringify(`${ROOT}/src/audit.ts`)}
const indented = (n, line) => Array.from({ length: n }, (_, i) => ' '.repeat(i) + line).join('\\n') + ' v'
const y = ${yaml}
const dir = mkdtempSync(join(tmpdir(), 'cca-hard-deep-'))
try {
  mkdirSync(join(dir, '.claude', 'agents'), { recursive: true })
  mkdirSync(join(dir, '.github', 'workflows'), { recursive: true })
  for (const k of [1, 2, 3]) writeFileSync(join(dir, '.claude', 'agents', 'd' + k + '.md'), '---\\n' + y + '\\n---\\nbody\\n')
  for (const k of [1, 2]) writeFileSync(join(dir, '.github', 'workflows', 'w' + k + '.yml'), y)
  const r = await runAudit({ root: dir, minSeverity: 'info' })
  const overflow = r.findings.filter((f) => /call stack/i.test(f.message))
  if (overflow.length > 0) throw new Error('stack overflow inside yaml: ' + overflow[0].message.slice(0, 120))
  console.log('survived')
} finally {
  rmSync(dir, { recursive: true, force: true })
}
`
}

test('runAudit survives ~1,000 levels of indented block sequences in 5 files', () => {
  runSurvivor(deepAuditScript(`indented(999, '-')`))
})

// ---------------------------------------------------------------------------
// Type confusion across the whole audit (issue 15, item 8): realistic files of
// every parsed kind, with values swapped for objects, arrays, numbers, null and
// booleans where strings are expected, and `__proto__` / `constructor` /
// `toString` keys added. runAudit must finish with a report every time: no
// throw (a configuration file may be refused with a UsageError, its documented
// answer) and no rule failing.

/** A JSON-like tree whose objects are key lists, so `__proto__` stays an ordinary key when written. */
type Tree = null | boolean | number | string | Tree[] | { pairs: [string, Tree][] }

function tree(v: unknown): Tree {
  if (Array.isArray(v)) return v.map(tree)
  if (v !== null && typeof v === 'object') return { pairs: Object.entries(v).map(([k, x]) => [k, tree(x)]) }
  return v as Tree
}

/** JSON text of a tree; JSON is YAML too, so workflows and frontmatter use it as well. */
function writeTree(t: Tree): string {
  if (Array.isArray(t)) return `[${t.map(writeTree).join(', ')}]`
  if (t !== null && typeof t === 'object') return `{${t.pairs.map(([k, v]) => `${JSON.stringify(k)}: ${writeTree(v)}`).join(', ')}}`
  return JSON.stringify(t)
}

const HOSTILE: Tree[] = [
  { pairs: [] },
  [],
  [{ pairs: [] }],
  [[]],
  0,
  -1,
  1e308,
  3.5,
  null,
  true,
  false,
  '',
  { pairs: [['__proto__', { pairs: [['polluted', 'yes']] }]] },
  { pairs: [['constructor', { pairs: [['prototype', 1]] }]] },
  ['__proto__', 'constructor'],
  { pairs: [['toString', 1], ['valueOf', []], ['hasOwnProperty', null]] }
]
const ODD_KEYS = ['__proto__', 'constructor', 'toString', 'hasOwnProperty', 'valueOf', '']

/** Replaces values and adds odd keys at random places of a tree (`rate`: chance per node). */
function confuse(t: Tree, rnd: () => number, rate: number): Tree {
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)] as T
  const walk = (v: Tree, depth: number): Tree => {
    if (depth > 0 && rnd() < rate) return pick(HOSTILE)
    if (Array.isArray(v)) return v.map((x) => walk(x, depth + 1))
    if (v !== null && typeof v === 'object') {
      const pairs: [string, Tree][] = v.pairs.map(([k, x]) => [k, walk(x, depth + 1)])
      if (rnd() < rate) pairs.splice(Math.floor(rnd() * (pairs.length + 1)), 0, [pick(ODD_KEYS), pick(HOSTILE)])
      return { pairs }
    }
    return v
  }
  return walk(t, 0)
}

const HOOK_CMD = 'bash "$CLAUDE_PROJECT_DIR/.claude/hooks/guard.sh"'
/** One realistic document of each parsed kind, by path. */
const TYPED_SEEDS: Record<string, unknown> = {
  '.claude/settings.json': {
    model: 'claude-sonnet-4-5',
    permissions: { allow: ['Bash(npm test)', 'Read(src/**)'], deny: ['Read(.env)', 'Bash(rm -rf *)'], defaultMode: 'acceptEdits', additionalDirectories: ['../x'] },
    env: { ANTHROPIC_BASE_URL: 'https://proxy.example.com', MAX_THINKING_TOKENS: '1000', DISABLE_AUTOCOMPACT: '1' },
    hooks: {
      PreToolUse: [{ matcher: 'Bash', hooks: [{ type: 'command', command: HOOK_CMD, timeout: 5 }] }],
      PostToolUse: [{ matcher: 'Edit|Write', hooks: [{ type: 'command', command: 'npx prettier --write', args: ['a', 'b'] }] }],
      Stop: [{ hooks: [{ type: 'http', url: 'http://hooks.example.com/stop', async: true }] }]
    },
    enabledPlugins: { 'p@market': true },
    extraKnownMarketplaces: { market: { source: { source: 'github', repo: 'o/r' } } },
    enableAllProjectMcpServers: true,
    enabledMcpjsonServers: ['docs'],
    apiKeyHelper: 'echo key',
    statusLine: { type: 'command', command: 'echo hi' },
    disableAllHooks: false
  },
  '.claude/settings.local.json': { permissions: { allow: ['Bash(*)'] }, env: { AWS_PROFILE: 'dev' } },
  '.mcp.json': {
    mcpServers: {
      docs: { command: 'npx', args: ['-y', '@acme/docs-mcp@1.2.3', '--root', '/Users/me/x'], env: { API_TOKEN: '${TOKEN}' } },
      remote: { type: 'http', url: 'http://mcp.example.com', headers: { Authorization: 'Bearer ${T:-x}' } },
      git: { command: 'uvx', args: ['mcp-server-git', '--repository', '.'] }
    }
  },
  '.github/workflows/claude.yml': {
    name: 'claude',
    on: { pull_request_target: { types: ['opened'] }, issue_comment: { types: ['created'] }, schedule: [{ cron: '*/5 * * * *' }] },
    permissions: { contents: 'write', 'pull-requests': 'write' },
    jobs: {
      review: {
        'runs-on': 'ubuntu-latest',
        if: "${{ github.event.comment.user.login == 'me' }}",
        'timeout-minutes': 10,
        env: { ANTHROPIC_API_KEY: '${{ secrets.ANTHROPIC_API_KEY }}' },
        steps: [
          { uses: 'actions/checkout@v4', with: { ref: '${{ github.event.pull_request.head.sha }}', 'persist-credentials': true } },
          {
            uses: 'anthropics/claude-code-action@v1',
            with: { prompt: 'Review ${{ github.event.pull_request.title }}', claude_args: '--max-turns 5 --model claude-sonnet-4-5', anthropic_api_key: '${{ secrets.ANTHROPIC_API_KEY }}' },
            env: { ALL: '${{ toJSON(secrets) }}' }
          },
          { run: 'claude -p "fix" --dangerously-skip-permissions', shell: 'bash' },
          { uses: 'org/reusable/.github/workflows/x.yml@main', secrets: 'inherit' }
        ]
      },
      call: { uses: './.github/workflows/other.yml', secrets: 'inherit', with: { a: 1 } }
    }
  },
  '.claude/agents/reviewer.md': { name: 'reviewer', description: 'Reviews code', tools: 'Read, Grep, Bash', model: 'opus', color: 'red' },
  '.claude/commands/fix.md': { description: 'Fix it', 'allowed-tools': ['Bash(git *)', 'Edit'], 'argument-hint': '[issue]', model: 'haiku' },
  '.claude/skills/s/SKILL.md': { name: 's', description: 'A skill', 'allowed-tools': 'Read', license: 'MIT' },
  '.devcontainer/devcontainer.json': {
    image: 'mcr.microsoft.com/devcontainers/base',
    containerEnv: { ANTHROPIC_API_KEY: '${localEnv:ANTHROPIC_API_KEY}' },
    remoteEnv: { PATH: '/x' },
    mounts: ['source=${localEnv:HOME}/.claude,target=/home/node/.claude,type=bind'],
    postCreateCommand: 'npm ci',
    runArgs: ['--cap-add=NET_ADMIN'],
    features: { 'ghcr.io/anthropics/devcontainer-features/claude-code:1': {} }
  },
  '.claude-code-audit.yml': {
    failOn: 'high',
    minSeverity: 'low',
    ignore: ['vendor/**'],
    rules: { 'hook-fail-open': { severity: 'low' }, 'mcp-review-overdue': { options: { maxAgeDays: 90 } } }
  }
}
const FRONTMATTER = new Set(['.claude/agents/reviewer.md', '.claude/commands/fix.md', '.claude/skills/s/SKILL.md'])
const TYPED_RUNS = Number(process.env.FUZZ_AUDIT_RUNS ?? 40)

test('runAudit on type-confused files of every parsed kind: always a report, no rule failure', async () => {
  const { mkdtempSync, mkdirSync, rmSync, writeFileSync } = await import('node:fs')
  const { tmpdir } = await import('node:os')
  const { dirname, join } = await import('node:path')
  const { runAudit } = await import('../../src/audit.js')
  const { UsageError } = await import('../../src/core/types.js')
  const paths = Object.keys(TYPED_SEEDS)
  const arb = fc.record({
    seed: fc.integer(),
    rate: fc.constantFrom(0.05, 0.15, 0.4),
    // Which files are confused (the others stay as seeded).
    mask: fc.array(fc.boolean(), { minLength: paths.length, maxLength: paths.length }),
    config: fc.boolean()
  })
  const failures: string[] = []
  await fc.assert(
    fc.asyncProperty(arb, async ({ seed, rate, mask, config }) => {
      const dir = mkdtempSync(join(tmpdir(), 'cca-typefuzz-'))
      try {
        const rnd = prng(seed)
        const put = (rel: string, text: string): void => {
          mkdirSync(dirname(join(dir, rel)), { recursive: true })
          writeFileSync(join(dir, rel), text)
        }
        put('.claude/hooks/guard.sh', '#!/bin/bash\ncmd=$(jq -r .tool_input.command)\n[[ "$cmd" == *rm* ]] && exit 2\nexit 0\n')
        put('CLAUDE.md', '# Memory\n@docs/a.md\n')
        paths.forEach((rel, i) => {
          if (rel === '.claude-code-audit.yml' && !config) return
          const t = mask[i] ? confuse(tree(TYPED_SEEDS[rel]), rnd, rate) : tree(TYPED_SEEDS[rel])
          const text = writeTree(t)
          put(rel, FRONTMATTER.has(rel) ? `---\n${text}\n---\nBody text.\n` : text + '\n')
        })
        let result: Awaited<ReturnType<typeof runAudit>>
        try {
          result = await runAudit({ root: dir, minSeverity: 'info' })
        } catch (e) {
          if (e instanceof UsageError && config) return
          failures.push(`seed ${seed} rate ${rate}: runAudit threw ${(e as Error).stack?.split('\n').slice(0, 4).join(' | ')}`)
          return
        }
        assert.ok(Array.isArray(result.findings))
        if (result.errors.length) failures.push(`seed ${seed} rate ${rate}: ${result.errors.join('; ')}`)
        assert.equal(({} as Record<string, unknown>).polluted, undefined, 'Object.prototype polluted')
      } finally {
        rmSync(dir, { recursive: true, force: true })
      }
    }),
    { seed: FUZZ_SEED, numRuns: TYPED_RUNS }
  )
  assert.deepEqual(failures, [])
})

test('an MCP entry whose args hold an object is audited, not fatal (issue 15, item 8)', async () => {
  const { mkdtempSync, rmSync, writeFileSync } = await import('node:fs')
  const { tmpdir } = await import('node:os')
  const { join } = await import('node:path')
  const { runAudit } = await import('../../src/audit.js')
  const dir = mkdtempSync(join(tmpdir(), 'cca-mcp-args-'))
  try {
    writeFileSync(join(dir, '.mcp.json'), '{"mcpServers":{"x":{"command":"npx","args":[{}, "pkg", ["a"], null, 3]}}}\n')
    const r = await runAudit({ root: dir, minSeverity: 'info' })
    assert.deepEqual(r.errors, [])
    // The server is still modelled: its unpinned `npx pkg` launch is reported.
    assert.deepEqual(
      r.findings.filter((f) => f.file === '.mcp.json').map((f) => f.ruleId),
      ['mcp-unpinned']
    )
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
})
