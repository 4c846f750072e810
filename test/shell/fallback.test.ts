/**
 * The fallback of parseShell (src/shell/parse.ts): scripts tree-sitter-bash
 * rejects (an `ERROR` or `MISSING` node) or misreads without one are read with
 * mvdan-sh (src/shell/mvdan-sh.ts), loaded on the first such script only.
 * Each construct below is valid bash the grammar of @vscode/tree-sitter-wasm
 * 0.3.1 does not read; the model must be bash's reading, with exact offsets.
 */
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { spawnSync } from 'node:child_process'
import { parseShell, shellFallbacks, type ShellScript } from '../../src/shell/parse.js'

type Cmd = [name: string, start: number, end: number, args: [raw: string, start: number, end: number][], assigns: [name: string, raw: string | undefined, start: number | undefined, end: number | undefined][]]

const shape = (s: ShellScript): Cmd[] =>
  s.commands.map((c) => [c.name, c.start, c.end, c.args.map((a) => [a.raw, a.start, a.end]), c.assignments.map((a) => [a.name, a.value?.raw, a.value?.start, a.value?.end])])

/** Parses a text not parsed before in this process, and says whether mvdan-sh read it. */
function read(src: string): { s: ShellScript; fellBack: boolean } {
  const before = shellFallbacks()
  const s = parseShell(src)
  return { s, fellBack: shellFallbacks() === before + 1 }
}

test('${x:$i:1} (substring with an expansion as offset) is read by the fallback', () => {
  const { s, fellBack } = read('c="${s:$i:1}"; echo "$c"')
  assert.equal(s.ok, true)
  assert.deepEqual(shape(s), [
    ['', 0, 13, [], [['c', '"${s:$i:1}"', 2, 13]]],
    ['echo', 15, 24, [['echo', 15, 19], ['"$c"', 20, 24]], []]
  ])
  assert.equal(fellBack, true)
})

test('$((10#$n)) (a base prefix before an expansion) is read by the fallback', () => {
  const { s, fellBack } = read('n=$((10#$n + 1))')
  assert.equal(s.ok, true)
  assert.deepEqual(shape(s), [['', 0, 16, [], [['n', '$((10#$n + 1))', 2, 16]]]])
  assert.equal(s.commands[0].assignments[0].value?.hasParamExpansion, true)
  assert.equal(fellBack, true)
})

test('${A:+ (${B})} (a parenthesis in an operand) is read by the fallback', () => {
  const { s, fellBack } = read('echo "${A:+ (${B})}"')
  assert.equal(s.ok, true)
  assert.deepEqual(shape(s), [['echo', 0, 20, [['echo', 0, 4], ['"${A:+ (${B})}"', 5, 20]], []]])
  assert.equal(fellBack, true)
})

test('${X:-{\\}} (an escaped brace in an operand) is read by the fallback, with the commands around it', () => {
  const { s, fellBack } = read('f=$(echo "${X:-{\\}}" | jq -r .f)')
  assert.equal(s.ok, true)
  assert.deepEqual(shape(s), [
    ['', 0, 32, [], [['f', '$(echo "${X:-{\\}}" | jq -r .f)', 2, 32]]],
    ['echo', 4, 20, [['echo', 4, 8], ['"${X:-{\\}}"', 9, 20]], []],
    ['jq', 23, 31, [['jq', 23, 25], ['-r', 26, 28], ['.f', 29, 31]], []]
  ])
  assert.deepEqual(
    s.pipelines.map((p) => p.map((c) => c.name)),
    [['echo', 'jq']]
  )
  assert.equal(fellBack, true)
})

test('a here-string after another redirect inside <(…) is read by the fallback', () => {
  const { s, fellBack } = read('while read -r x; do :; done < <(jq -j . 2>/dev/null <<<"$input" | tr -d x)')
  assert.equal(s.ok, true)
  assert.deepEqual(shape(s), [
    ['read', 6, 15, [['read', 6, 10], ['-r', 11, 13], ['x', 14, 15]], []],
    [':', 20, 21, [[':', 20, 21]], []],
    ['jq', 32, 63, [['jq', 32, 34], ['-j', 35, 37], ['.', 38, 39]], []],
    ['tr', 66, 73, [['tr', 66, 68], ['-d', 69, 71], ['x', 72, 73]], []]
  ])
  const jq = s.commands[2]
  assert.deepEqual(
    jq.redirects.map((r) => [r.op, r.fd, r.target?.raw, r.start, r.end]),
    [
      ['>', '2', '/dev/null', 40, 51],
      ['<<<', undefined, '"$input"', 52, 63]
    ]
  )
  assert.equal(fellBack, true)
})

test('a case pattern of globs between quoted strings is read by the fallback (no masking of the text)', () => {
  const { s, fellBack } = read('case "$c" in *"curl "*"| sh"*) exit 2;; esac')
  assert.equal(s.ok, true)
  assert.deepEqual(shape(s), [['exit', 31, 37, [['exit', 31, 35], ['2', 36, 37]], []]])
  assert.deepEqual(s.exitCodes, [{ code: 2, start: 31, end: 37 }])
  assert.equal(s.commands[0].conditional, true)
  assert.equal(fellBack, true)
})

test("${v%\\'} (an escape the grammar cuts in half, no ERROR node) is read by the fallback", () => {
  // tree-sitter-bash ends the pattern after the backslash and reads `'}"; v="${v#\'` as one quoted string.
  const { s, fellBack } = read(`v="\${v%\\'}"; v="\${v#\\'}"; echo "$v"`)
  assert.equal(s.ok, true)
  assert.deepEqual(shape(s), [
    ['', 0, 11, [], [['v', `"\${v%\\'}"`, 2, 11]]],
    ['', 13, 24, [], [['v', `"\${v#\\'}"`, 15, 24]]],
    ['echo', 26, 35, [['echo', 26, 30], ['"$v"', 31, 35]], []]
  ])
  assert.equal(fellBack, true)
})

test('other trees the grammar builds against bash without an ERROR node are read by the fallback', () => {
  // A line that starts with `\` after a command: its own command, not one more argument of `echo`.
  const glued = read('echo a\n\\rm -rf x')
  assert.deepEqual(shape(glued.s), [
    ['echo', 0, 6, [['echo', 0, 4], ['a', 5, 6]], []],
    ['rm', 7, 16, [['\\rm', 7, 10], ['-rf', 11, 14], ['x', 15, 16]], []]
  ])
  assert.equal(glued.fellBack, true)
  // A form feed is no blank to bash: one command name.
  const ff = read('a\fb c')
  assert.deepEqual(shape(ff.s), [['a\fb', 0, 5, [['a\fb', 0, 3], ['c', 4, 5]], []]])
  assert.equal(ff.fellBack, true)
  // `-e2>&1` is the word `-e2` and `>&1`, not fd "-e2".
  const fd = read('set -e2>&1')
  assert.deepEqual(shape(fd.s), [['set', 0, 10, [['set', 0, 3], ['-e2', 4, 7]], []]])
  assert.deepEqual(
    fd.s.commands[0].redirects.map((r) => [r.op, r.fd, r.target?.raw]),
    [['>&', undefined, '1']]
  )
  assert.equal(fd.fellBack, true)
  // `;;` outside `case` and a redirect target on the next line are syntax errors (mvdan-sh's message and position).
  const semis = read('x;;')
  assert.deepEqual([semis.s.ok, semis.s.error?.message, semis.s.error?.offset, semis.fellBack], [false, ';; can only be used in a case clause', 1, true])
  const nl = read('cat <\nfoo')
  assert.deepEqual([nl.s.ok, nl.s.error?.message, nl.s.error?.offset, nl.fellBack], [false, '< must be followed by a word', 4, true])
})

test('invalid scripts: mvdan-sh gives the error and its position', () => {
  const { s, fellBack } = read('echo ok\nif true; then\n  echo "unterminated\nfi ')
  assert.deepEqual([s.ok, s.error, s.commands, fellBack], [false, { message: 'reached EOF without closing quote "', line: 3, column: 8, offset: 29 }, [], true])
})

test('scripts tree-sitter-bash reads do not touch mvdan-sh, which is loaded at the first fallback only', () => {
  const script = [
    "const { prepareShellParsing } = await import('./src/parse/code.ts')",
    "const { parseShell, shellFallbacks } = await import('./src/shell/parse.ts')",
    "const { createRequire } = await import('node:module')",
    'await prepareShellParsing()',
    "const loaded = () => Object.keys(createRequire(import.meta.url).cache).some((k) => k.includes('mvdan-sh'))",
    "const a = parseShell('set -e\\nif [ -f x ]; then curl -s \"$U\" | sh; fi\\ncase \"$1\" in a) exit 2;; esac')",
    'const before = [a.ok, shellFallbacks(), loaded()]',
    "const b = parseShell('echo \"${s:$i:1}\"')",
    'console.log(JSON.stringify([before, [b.ok, shellFallbacks(), loaded()]]))'
  ].join('\n')
  const r = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { encoding: 'utf8' })
  assert.equal(r.status, 0, r.stderr)
  assert.deepEqual(JSON.parse(r.stdout), [
    [true, 0, false],
    [true, 1, true]
  ])
})

test('an audit of a repository with nothing that may hold shell or code does not start the tree-sitter runtime', async () => {
  const { mkdtempSync, mkdirSync, writeFileSync } = await import('node:fs')
  const { tmpdir } = await import('node:os')
  const { join } = await import('node:path')
  const bare = mkdtempSync(join(tmpdir(), 'cca-bare-'))
  writeFileSync(join(bare, 'README.md'), '# hi\n')
  const configured = mkdtempSync(join(tmpdir(), 'cca-hooks-'))
  mkdirSync(join(configured, '.claude'))
  writeFileSync(join(configured, '.claude', 'settings.json'), '{}\n')
  // A fresh process per repository: after the build, a parse tells whether the runtime is up (0 fallbacks) or not (1).
  const after = (dir: string): unknown => {
    const script = [
      "const { discover } = await import('./src/discover.ts')",
      "const { buildProject } = await import('./src/model/project.ts')",
      "const { parseShell, shellFallbacks } = await import('./src/shell/parse.ts')",
      `await buildProject(await discover(${JSON.stringify(dir)}))`,
      "parseShell('echo hi')",
      'console.log(shellFallbacks())'
    ].join('\n')
    const r = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { encoding: 'utf8' })
    assert.equal(r.status, 0, r.stderr)
    return JSON.parse(r.stdout)
  }
  assert.equal(after(bare), 1)
  assert.equal(after(configured), 0)
})
