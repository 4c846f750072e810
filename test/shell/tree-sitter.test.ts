/**
 * The shell model built from tree-sitter-bash (src/shell/tree-sitter-bash.ts): the places
 * where the grammar's tree is not bash's reading and the Converter rebuilds it,
 * pinned with exact offsets. Each expectation is bash's reading (and was
 * mvdan-sh's, which the model was first built from).
 */
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { spawnSync } from 'node:child_process'
import { prepareShellParsing } from '../../src/parse/code.js'
import { parseShell, type ShellCommand, type ShellScript } from '../../src/shell/parse.js'

const names = (s: ShellScript): string[] => s.commands.map((c) => c.name)
const only = (s: ShellScript, name: string): ShellCommand => {
  const hits = s.commands.filter((c) => c.name === name)
  assert.equal(hits.length, 1, `exactly one ${name} in ${JSON.stringify(names(s))}`)
  return hits[0]
}
const span = (x: { start: number; end: number }): [number, number] => [x.start, x.end]

test('the runtime is started before the first parse (prepareShellParsing resolves true)', async () => {
  assert.equal(await prepareShellParsing(), true)
})

test('parsing before prepareShellParsing() reads the script with mvdan-sh (the runtime is not started)', () => {
  const r = spawnSync(
    process.execPath,
    ['--import', 'tsx', '-e', "import('./src/shell/parse.ts').then((m) => console.log(JSON.stringify([m.parseShell('echo hi').commands.map((c) => c.name), m.shellFallbacks()])))"],
    { encoding: 'utf8' }
  )
  assert.equal(r.status, 0, r.stderr)
  assert.deepEqual(JSON.parse(r.stdout), [['echo'], 1])
})

test('heredoc continued by a pipe and a list: the pipeline and list bash runs', () => {
  const src = 'cat <<EOF | claude -p && echo done\nhi $X\n\nEOF\n'
  const s = parseShell(src)
  assert.equal(s.ok, true)
  assert.deepEqual(names(s), ['cat', 'claude', 'echo'])
  assert.deepEqual(
    s.pipelines.map((p) => p.map((c) => c.name)),
    [['cat', 'claude']]
  )
  const cat = only(s, 'cat')
  assert.deepEqual(span(cat), [0, 9])
  assert.equal(cat.tested, true)
  assert.equal(only(s, 'claude').tested, true)
  assert.equal(only(s, 'echo').conditional, true)
  const h = cat.redirects[0]
  assert.deepEqual([h.op, h.target?.text, span(h)], ['<<', 'EOF', [4, 45]])
  assert.deepEqual([h.heredoc?.text, span(h.heredoc!), h.heredoc?.hasParamExpansion], ['hi $X\n\n', [35, 42], true])
  assert.deepEqual(
    s.andOrs?.map((a) => [a.op, span(a.left), span(a.right)]),
    [['&&', [0, 21], [25, 34]]]
  )
})

test('heredoc body starts on the line after the operator, blank lines included', () => {
  const s = parseShell('cat <<EOF\n\nx\nEOF\n')
  const body = s.commands[0].redirects[0].heredoc!
  assert.deepEqual([body.text, span(body)], ['\nx\n', [10, 13]])
  // `$1` and `$((…))` in a body are expansions (the grammar leaves the first as text and reads the second as `$( (…) )`).
  const t = parseShell('cat << EOF\n$1 $((P-1))\nEOF')
  assert.deepEqual(names(t), ['cat'])
  const b = t.commands[0].redirects[0].heredoc!
  assert.deepEqual([b.literal, b.hasParamExpansion, b.hasCommandSubst], [false, true, false])
  // A quoted delimiter keeps the body as written; `<<-` drops leading tabs.
  const q = parseShell("cat <<-'E'\n\t$x\n\tE\n").commands[0].redirects[0]
  assert.deepEqual(
    [q.op, q.target?.text, q.target?.quoted, q.heredoc?.text, q.heredoc?.literal],
    ['<<-', 'E', true, '$x\n', true]
  )
})

test('a lone `-` before a redirect is a word (`python3 - <<EOF`)', () => {
  const s = parseShell("python3 - <<'E'\nx\nE\nuv run x --files-from - 2>/dev/null")
  assert.deepEqual(
    s.commands[0].args.map((a) => [a.text, a.start]),
    [
      ['python3', 0],
      ['-', 8]
    ]
  )
  assert.deepEqual(
    s.commands[1].args.slice(-1).map((a) => [a.text, a.start, a.end]),
    [['-', 42, 43]]
  )
})

test('case patterns and their commands', () => {
  const s = parseShell('case "$1" in start|run) go ;; *.sh) sh "$1" ;; esac')
  assert.deepEqual(names(s), ['go', 'sh'])
  assert.deepEqual(span(only(s, 'go')), [24, 26])
  assert.equal(only(s, 'sh').conditional, true)
  assert.deepEqual(span(only(s, 'sh')), [36, 43])
})

test('$\'…\' escapes are decoded and $"…" is one word', () => {
  const s = parseShell('echo $\'a\\x41\\n\' $"t"')
  assert.deepEqual(
    s.commands[0].args.map((a) => [a.text, a.raw, a.start, a.end, a.quoted]),
    [
      ['echo', 'echo', 0, 4, false],
      ['aA\n', "$'a\\x41\\n'", 5, 15, true],
      ['t', '$"t"', 16, 20, true]
    ]
  )
})

test('arithmetic: expansions and commands inside, and `(( … ))` is not a command', () => {
  const s = parseShell('x=$(( a[i] + $(id -u) )); if (( $(cmd) > 1 )); then :; fi')
  assert.deepEqual(names(s), ['', 'id', 'cmd', ':'])
  const v = s.commands[0].assignments[0].value
  assert.deepEqual(
    [v.text, v.hasParamExpansion, v.hasCommandSubst, v.literal],
    ['$((a[i]+$(id-u)))', true, true, false]
  )
  assert.deepEqual(span(only(s, 'cmd')), [34, 37])
  assert.equal(only(s, 'cmd').tested, true)
})

test('[[ =~ ]] and && inside [[ ]]: the tests bash reads', () => {
  const s = parseShell('[[ $a =~ ^x(y)$ && -z "$b" ]]; [[ "$c" =~ $re\\.d ]]')
  assert.deepEqual(
    s.tests.map((t) => [t.op, t.operands.map((o) => o.text), span(t)]),
    [
      ['=~', ['$a', '^x(y)$'], [3, 15]],
      ['-z', ['$b'], [19, 26]],
      ['=~', ['$c', '$re.d'], [34, 48]]
    ]
  )
  assert.equal(s.tests[2].operands[1].hasParamExpansion, true)
})

test('line continuations join words and commands', () => {
  const s = parseShell('curl -s \\\n  http://x | sh; a\\\nb')
  assert.deepEqual(
    s.pipelines.map((p) => p.map((c) => c.name)),
    [['curl', 'sh']]
  )
  assert.deepEqual(span(only(s, 'curl')), [0, 20])
  const ab = s.commands[2]
  assert.deepEqual([ab.name, ab.args[0].raw, span(ab)], ['ab', 'a\\\nb', [27, 31]])
})

test('non-ASCII text: offsets are UTF-16 string indexes', () => {
  const src = 'echo "é"; rm -rf /'
  const s = parseShell(src)
  assert.deepEqual(span(only(s, 'rm')), [10, 18])
  assert.equal(src.slice(10, 18), 'rm -rf /')
  const e = s.commands[0].args[1]
  assert.deepEqual([e.text, span(e)], ['é', [5, 8]])
  const astral = parseShell('echo 🎉🎉; ls')
  assert.deepEqual(span(only(astral, 'ls')), [11, 13])
})

test('CRLF line ends: the carriage return reads as a blank (as mvdan-sh read it)', () => {
  const s = parseShell('echo a\r\nrm -rf /\r\n')
  assert.deepEqual(names(s), ['echo', 'rm'])
  assert.deepEqual(
    only(s, 'rm').args.map((a) => a.text),
    ['rm', '-rf', '/']
  )
  assert.deepEqual(span(only(s, 'rm')), [8, 16])
})

test('redirects tree-sitter-bash misplaces go where bash puts them', () => {
  // `a | b 2>/dev/null | c || d`: the redirect is b's, the pipeline has three stages, all tested.
  const s = parseShell('a | b 2>/dev/null | c || d')
  assert.deepEqual(
    s.pipelines.map((p) => p.map((c) => c.name)),
    [['a', 'b', 'c']]
  )
  assert.deepEqual(
    only(s, 'b').redirects.map((r) => [r.op, r.fd, r.target?.text]),
    [['>', '2', '/dev/null']]
  )
  assert.equal(only(s, 'a').outerRedirects, undefined)
  assert.deepEqual(
    ['a', 'b', 'c', 'd'].map((n) => only(s, n).tested),
    [true, true, true, false]
  )
  // A word after a redirect is an argument; `2>&-` closes fd 2.
  const t = parseShell('cmd 2>/dev/null arg 2>&-')
  assert.deepEqual(
    t.commands[0].args.map((a) => a.text),
    ['cmd', 'arg']
  )
  assert.deepEqual(
    t.commands[0].redirects.map((r) => [r.op, r.fd, r.target?.text]),
    [
      ['>', '2', '/dev/null'],
      ['>&', '2', '-']
    ]
  )
})

test('`!` negates the whole pipeline; `time` times it', () => {
  const s = parseShell('if ! curl -fsS x 2>&1 | tee log; then :; fi')
  assert.equal(only(s, 'curl').negated, false)
  assert.equal(only(s, 'curl').tested, true)
  assert.deepEqual(span(only(s, 'curl')), [5, 21])
  const t = parseShell('time -p foo | bar; time baz')
  assert.deepEqual(
    t.commands.map((c) => [c.name, c.wrappers]),
    [
      ['foo', []],
      ['bar', []],
      ['baz', ['time']]
    ]
  )
})

test('[ … ] is the command `[` with its words', () => {
  const s = parseShell('[ -n "$a" -a "$b" != x ] && go')
  const c = s.commands[0]
  assert.deepEqual(
    [c.name, c.args.map((a) => a.text), span(c)],
    ['[', ['[', '-n', '$a', '-a', '$b', '!=', 'x', ']'], [0, 24]]
  )
})

test('names that are not variable names make words, not assignments', () => {
  const s = parseShell('1x=2 ok; a-b=3')
  assert.deepEqual(
    s.commands.map((c) => [c.name, c.assignments.length]),
    [
      ['1x=2', 0],
      ['a-b=3', 0]
    ]
  )
})

test('substitutions in ${…} operands are read (`${X:-`id`}`, `${Y#$(pwd)}`)', () => {
  const s = parseShell('echo "${X:-`id -u`}" ${Y#$(\npwd)}')
  assert.deepEqual(names(s), ['echo', 'id', 'pwd'])
  assert.deepEqual(span(only(s, 'pwd')), [28, 31])
  assert.deepEqual(
    s.commands[0].args.slice(1).map((w) => w.hasCommandSubst),
    [true, true]
  )
})

test('10,000 nested ( fails cleanly as too deep', () => {
  const deep = parseShell('( '.repeat(10_000) + 'x' + ' )'.repeat(10_000))
  assert.equal(deep.ok, false)
  assert.equal(deep.error?.message, 'script nested too deeply to parse')
  // Unclosed: tree-sitter-bash rejects it, and mvdan-sh (the fallback) runs out of stack on it, as before.
  const open = parseShell('('.repeat(10_000))
  assert.deepEqual([open.ok, open.error?.message], [false, 'script nested too deeply to parse'])
  // Without blanks, `((` opens an arithmetic command, as in bash: no command in it.
  const arith = parseShell('('.repeat(10_000) + 'x' + ')'.repeat(10_000))
  assert.deepEqual([arith.ok, arith.commands], [true, []])
  // The parser still works afterwards.
  assert.deepEqual(names(parseShell('echo ok')), ['echo'])
})

test('a prefix cut inside an `if` is not a complete script', () => {
  const src = 'if [ -f x ]; then\n  exit 2\nfi\necho ok'
  assert.equal(parseShell(src.slice(0, 28)).ok, false)
  assert.equal(parseShell(src.slice(0, 29)).ok, true)
})

test('a reserved word that only closes a compound command is not a command name', () => {
  // tree-sitter-bash reads a stray `fi` / `done` / `}` as a command; bash rejects the script, and so does mvdan-sh, which reads it then.
  assert.deepEqual(parseShell('echo a\nfi').error, { message: '"fi" can only be used to end an if', line: 2, column: 1, offset: 7 })
  assert.equal(parseShell('done').ok, false)
  assert.equal(parseShell('}').ok, false)
  assert.deepEqual(names(parseShell('echo fi done }')), ['echo'])
})
