import { test } from 'node:test'
import assert from 'node:assert/strict'
import fc from 'fast-check'
import { offsetToLineCol, parseShell, shellFallbacks, unquotedText, unquotedTextComputations, type ShellCommand, type ShellScript, type ShellWord } from '../../src/shell/parse.js'
import { CI_STREAMS, claudePrintMode, mayRunClaude } from '../../src/model/claude.js'

const names = (s: ShellScript): string[] => s.commands.map((c) => c.name)
const texts = (c: ShellCommand): string[] => c.args.map((a) => a.text)
const only = (s: ShellScript, name: string): ShellCommand => {
  const hits = s.commands.filter((c) => c.name === name)
  assert.equal(hits.length, 1, `exactly one ${name} in ${JSON.stringify(names(s))}`)
  return hits[0]
}
const word = (w: ShellWord): Omit<ShellWord, 'text' | 'raw'> & { text: string; raw: string } => ({ ...w })

test('simple command: names, words and offsets', () => {
  const src = 'echo hello "wor ld"'
  const s = parseShell(src)
  assert.equal(s.ok, true)
  assert.equal(s.error, undefined)
  assert.equal(s.commands.length, 1)
  const c = s.commands[0]
  assert.equal(c.name, 'echo')
  assert.equal(c.start, 0)
  assert.equal(c.end, 19)
  assert.deepEqual(c.wrappers, [])
  assert.deepEqual(c.assignments, [])
  assert.deepEqual(c.redirects, [])
  assert.equal(c.inSubstitution, false)
  assert.equal(c.negated, false)
  assert.equal(c.background, false)
  assert.equal(c.pipeNext, undefined)
  assert.equal(c.pipedFrom, undefined)
  assert.deepEqual(word(c.args[0]), {
    text: 'echo',
    raw: 'echo',
    start: 0,
    end: 4,
    literal: true,
    hasCommandSubst: false,
    hasParamExpansion: false,
    hasProcessSubst: false,
    hasUnquotedExpansion: false,
    quoted: false
  })
  assert.deepEqual([c.args[1].start, c.args[1].end, c.args[1].text], [5, 10, 'hello'])
  assert.deepEqual(word(c.args[2]), {
    text: 'wor ld',
    raw: '"wor ld"',
    start: 11,
    end: 19,
    literal: true,
    hasCommandSubst: false,
    hasParamExpansion: false,
    hasProcessSubst: false,
    hasUnquotedExpansion: false,
    quoted: true
  })
  assert.deepEqual(s.pipelines, [])
  assert.equal(s.hasSetErrexit, false)
  assert.deepEqual(s.traps, [])
  assert.deepEqual(s.exitCodes, [])
})

test('hook command with a quoted variable path', () => {
  const src = '"$CLAUDE_PROJECT_DIR"/.claude/hooks/guard.sh --strict'
  const s = parseShell(src)
  const c = s.commands[0]
  assert.equal(c.name, '$CLAUDE_PROJECT_DIR/.claude/hooks/guard.sh')
  assert.equal(c.args[0].raw, '"$CLAUDE_PROJECT_DIR"/.claude/hooks/guard.sh')
  assert.equal(c.args[0].literal, false)
  assert.equal(c.args[0].hasParamExpansion, true)
  assert.equal(c.args[0].hasUnquotedExpansion, false)
  assert.equal(c.args[0].quoted, true)
  assert.deepEqual([c.args[0].start, c.args[0].end], [0, 44])
  assert.deepEqual(texts(c), ['$CLAUDE_PROJECT_DIR/.claude/hooks/guard.sh', '--strict'])
})

test('python hook with || true', () => {
  const s = parseShell('python3 .claude/hooks/x.py || true')
  assert.deepEqual(names(s), ['python3', 'true'])
  assert.deepEqual([s.commands[0].start, s.commands[0].end], [0, 26])
  assert.deepEqual([s.commands[1].start, s.commands[1].end], [30, 34])
  assert.deepEqual(s.pipelines, [])
  assert.equal(s.commands[0].pipeNext, undefined)
})

test('curl piped to sh', () => {
  const src = 'curl -fsSL https://x | sh'
  const s = parseShell(src)
  assert.deepEqual(names(s), ['curl', 'sh'])
  const [curl, sh] = s.commands
  assert.equal(curl.pipeNext, sh)
  assert.equal(sh.pipedFrom, curl)
  assert.equal(curl.pipedFrom, undefined)
  assert.equal(sh.pipeNext, undefined)
  assert.deepEqual([curl.start, curl.end, sh.start, sh.end], [0, 20, 23, 25])
  assert.deepEqual(texts(curl), ['curl', '-fsSL', 'https://x'])
  assert.equal(s.pipelines.length, 1)
  assert.deepEqual(s.pipelines[0], [curl, sh])
})

test('wget piped to bash, and |& and three stages', () => {
  const s = parseShell('wget -qO- x | bash')
  assert.deepEqual(names(s), ['wget', 'bash'])
  assert.equal(s.commands[0].pipeNext?.name, 'bash')
  assert.deepEqual(s.pipelines.map((p) => p.map((c) => c.name)), [['wget', 'bash']])

  const t = parseShell('a |& b | c\nd || e && f')
  assert.deepEqual(t.pipelines.map((p) => p.map((c) => c.name)), [['a', 'b', 'c']])
  assert.equal(only(t, 'e').pipedFrom, undefined)
  assert.equal(only(t, 'd').pipeNext, undefined)
})

test('pipe into a compound stage uses its first command', () => {
  const s = parseShell('curl x | (cd /tmp && sudo bash)')
  assert.deepEqual(names(s), ['curl', 'cd', 'bash'])
  assert.equal(s.commands[0].pipeNext?.name, 'cd')
  assert.deepEqual(only(s, 'bash').wrappers, ['sudo'])
})

test('rm -rf /', () => {
  const s = parseShell('rm -rf /')
  const c = only(s, 'rm')
  assert.deepEqual(texts(c), ['rm', '-rf', '/'])
  assert.deepEqual(c.args.map((a) => [a.start, a.end]), [
    [0, 2],
    [3, 6],
    [7, 8]
  ])
  assert.ok(c.args.every((a) => a.literal))
})

test('escaped and quoted words unquote to their value', () => {
  const s = parseShell(`r\\m -r'f' "/"$'\\x41\\n' a\\ b`)
  const c = s.commands[0]
  assert.equal(c.name, 'rm')
  assert.deepEqual(texts(c), ['rm', '-rf', '/A\n', 'a b'])
  assert.ok(c.args.every((a) => a.literal && a.quoted))
})

test('eval "$(jq -r .tool_input.command)"', () => {
  const src = 'eval "$(jq -r .tool_input.command)"'
  const s = parseShell(src)
  assert.deepEqual(names(s), ['eval', 'jq'])
  const [ev, jq] = s.commands
  assert.equal(ev.inSubstitution, false)
  assert.deepEqual(word(ev.args[1]), {
    text: '$(jq -r .tool_input.command)',
    raw: '"$(jq -r .tool_input.command)"',
    start: 5,
    end: 35,
    literal: false,
    hasCommandSubst: true,
    hasParamExpansion: false,
    hasProcessSubst: false,
    hasUnquotedExpansion: false,
    quoted: true
  })
  assert.equal(jq.inSubstitution, true)
  assert.deepEqual([jq.start, jq.end], [8, 33])
  assert.deepEqual(texts(jq), ['jq', '-r', '.tool_input.command'])
})

test('unquoted $(jq ...) is flagged as unquoted expansion', () => {
  const s = parseShell('rm -rf $(jq -r .path) `cat f`')
  const rm = only(s, 'rm')
  const w = rm.args[2]
  assert.equal(w.raw, '$(jq -r .path)')
  assert.deepEqual([w.start, w.end], [7, 21])
  assert.equal(w.hasCommandSubst, true)
  assert.equal(w.hasUnquotedExpansion, true)
  assert.equal(w.quoted, false)
  assert.equal(w.literal, false)
  const bq = rm.args[3]
  assert.deepEqual([bq.raw, bq.hasCommandSubst, bq.hasUnquotedExpansion], ['`cat f`', true, true])
  assert.deepEqual(names(s), ['rm', 'jq', 'cat'])
  assert.equal(only(s, 'cat').inSubstitution, true)
  // Command substitution hidden in a parameter default still counts.
  const d = parseShell('echo ${X:-$(id)}').commands[0].args[1]
  assert.deepEqual([d.hasCommandSubst, d.hasParamExpansion], [true, true])
  // Backticks too, in double quotes, across lines, and in a heredoc body; a plain `${X}` has none.
  const more = parseShell('echo "${X:-`id -u`}" ${Y#$(\npwd)} ${Z}\ncat <<EOF\n${W:-$(whoami)}\nEOF\n')
  const [echo, cat] = more.commands.filter((c) => !c.inSubstitution)
  assert.deepEqual(echo.args.slice(1).map((w) => w.hasCommandSubst), [true, true, false])
  assert.equal(cat.redirects[0].heredoc?.hasCommandSubst, true)
  assert.deepEqual(more.commands.filter((c) => c.inSubstitution).map((c) => c.name), ['id', 'pwd', 'whoami'])
})

test('assignments before the command', () => {
  const s = parseShell('FOO=1 BAR="a b" cmd arg')
  const c = s.commands[0]
  assert.equal(c.name, 'cmd')
  assert.deepEqual(texts(c), ['cmd', 'arg'])
  assert.equal(c.start, 0)
  assert.equal(c.end, 23)
  assert.deepEqual(
    c.assignments.map((a) => [a.name, a.value.text, a.value.raw, a.value.start, a.value.end, a.start, a.end]),
    [
      ['FOO', '1', '1', 4, 5, 0, 5],
      ['BAR', 'a b', '"a b"', 10, 15, 6, 15]
    ]
  )
  const bare = parseShell('X=$(curl -s x)')
  assert.deepEqual(names(bare), ['', 'curl'])
  assert.equal(bare.commands[0].assignments[0].value.hasCommandSubst, true)
  assert.equal(bare.commands[1].inSubstitution, true)
  const empty = parseShell('FOO= cmd').commands[0].assignments[0]
  assert.deepEqual([empty.name, empty.value.text, empty.value.start, empty.value.end], ['FOO', '', 4, 4])
})

test('export/local/declare and let are commands', () => {
  const s = parseShell('export A=$(x) B; local -r c; let n=1')
  assert.deepEqual(names(s), ['export', 'x', 'local', 'let'])
  assert.deepEqual(texts(s.commands[0]), ['export', 'A=$(x)', 'B'])
  assert.deepEqual(s.commands[0].assignments.map((a) => [a.name, a.value.text]), [['A', '$(x)']])
  assert.deepEqual(texts(s.commands[2]), ['local', '-r', 'c'])
  assert.deepEqual(texts(s.commands[3]), ['let', 'n=1'])
})

test('wrappers are stripped and listed', () => {
  const s = parseShell('sudo -u root BAR=2 timeout -s KILL 5 nice -n 10 nohup env -i A=1 /usr/bin/python3 x.py')
  const c = s.commands[0]
  assert.equal(c.name, '/usr/bin/python3')
  assert.deepEqual(c.wrappers, ['sudo', 'timeout', 'nice', 'nohup', 'env'])
  assert.deepEqual(texts(c), ['/usr/bin/python3', 'x.py'])
  assert.equal(c.words.length, 17)
  assert.equal(c.words[0].text, 'sudo')
  assert.deepEqual(c.assignments.map((a) => [a.name, a.value.text, a.value.start]), [
    ['BAR', '2', 17],
    ['A', '1', 63]
  ])

  assert.deepEqual(parseShell('time curl x').commands[0].wrappers, ['time'])
  assert.equal(parseShell('time curl x').commands[0].name, 'curl')
  assert.deepEqual(
    ['command rm x', 'builtin exit 2', 'exec python3 y', 'timeout 10s bash z', '/usr/bin/env bash w'].map((x) => {
      const c = parseShell(x).commands[0]
      return [c.name, c.wrappers]
    }),
    [
      ['rm', ['command']],
      ['exit', ['builtin']],
      ['python3', ['exec']],
      ['bash', ['timeout']],
      ['bash', ['env']]
    ]
  )
  // Not wrapping anything: the wrapper stays the command.
  assert.deepEqual(
    ['command -v jq', 'exec >&2', 'env', 'timeout 5', 'sudo -l', 'nohup "$CMD" x'].map((x) => parseShell(x).commands[0].name),
    ['command', 'exec', 'env', 'timeout', 'sudo', '$CMD']
  )
  assert.deepEqual(parseShell('nohup "$CMD" x').commands[0].wrappers, ['nohup'])
})

test('commands nested in if/for/while/case/function/subshell/$(...)', () => {
  const src = [
    'if [ -f x ]; then a; elif b; then c; else d; fi',
    'for i in 1 2; do e "$i"; done',
    'while f; do g; done',
    'case $x in y) h;; esac',
    'fn() { i; exit 3; }',
    '(j; k) &',
    'echo "$(l | m)" <(n)',
    '! o'
  ].join('\n')
  const s = parseShell(src)
  assert.equal(s.ok, true)
  assert.deepEqual(names(s), ['[', 'a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'i', 'exit', 'j', 'k', 'echo', 'l', 'm', 'n', 'o'])
  assert.equal(only(s, 'i').inFunction, 'fn')
  assert.equal(only(s, 'a').inFunction, undefined)
  assert.equal(only(s, 'l').inSubstitution, true)
  assert.equal(only(s, 'n').inSubstitution, true)
  assert.equal(only(s, 'echo').inSubstitution, false)
  assert.equal(only(s, 'l').pipeNext, only(s, 'm'))
  assert.equal(only(s, 'o').negated, true)
  assert.equal(only(s, 'echo').args[2].hasProcessSubst, true)
  const a = only(s, 'a')
  assert.deepEqual([a.start, a.end], [18, 19])
  const e = only(s, 'e')
  assert.deepEqual([e.start, e.end, e.args[1].text], [65, 71, '$i'])
  assert.deepEqual(s.exitCodes, [{ code: 3, start: 131, end: 137 }])
})

test('set -e variants', () => {
  const yes = ['set -euo pipefail', 'set -e', 'set -o errexit', 'set -Eeuo pipefail', 'set -o pipefail -e', '#!/bin/bash -e\necho', 'if true; then set -e; fi', '{ set -eu; }']
  for (const src of yes) assert.equal(parseShell(src).hasSetErrexit, true, src)
  const no = ['set -u', 'set +e', 'set -o pipefail', 'f() { set -e; }', '(set -e)', 'echo set -e', 'x=$(set -e)', 'set -- -e', 'set -x | cat', '#!/bin/bash\nset -u']
  for (const src of no) assert.equal(parseShell(src).hasSetErrexit, false, src)
  assert.equal(parseShell('#!/bin/bash -e\n').shebang, '#!/bin/bash -e')
})

test('trap', () => {
  const s = parseShell("trap 'exit 2' ERR")
  assert.equal(s.traps.length, 1)
  const t = s.traps[0]
  assert.deepEqual([t.signal, t.action, t.start, t.end], ['ERR', 'exit 2', 0, 17])
  assert.equal(t.actionWord?.raw, "'exit 2'")
  assert.deepEqual(
    parseShell('trap "rm -f $tmp" EXIT SIGINT 0\ntrap - TERM\ntrap -p').traps.map((x) => [x.signal, x.action, x.start]),
    [
      ['EXIT', 'rm -f $tmp', 0],
      ['INT', 'rm -f $tmp', 0],
      ['EXIT', 'rm -f $tmp', 0],
      ['TERM', '-', 32]
    ]
  )
  // The action is a string; it can be parsed on its own.
  assert.deepEqual(parseShell(t.action ?? '').exitCodes.map((e) => e.code), [2])
})

test('exit codes', () => {
  const s = parseShell('exit 2\nexit $code\nexit\nexit 256\nexit -1\n[ -z "$x" ] && exit 1')
  assert.deepEqual(s.exitCodes, [
    { code: 2, start: 0, end: 6 },
    { code: null, start: 7, end: 17 },
    { code: null, start: 18, end: 22 },
    { code: 0, start: 23, end: 31 },
    { code: 255, start: 32, end: 39 },
    { code: 1, start: 55, end: 61 }
  ])
})

test('exit statuses carried by variables: resolved only from straight-line code', () => {
  const codes = (src: string): (number | null)[] => parseShell(src).exitCodes.map((e) => e.code)
  // The last literal assignment before the exit on every path to it decides.
  assert.deepEqual(codes('rc=2\necho checking\nrc=1\nexit $rc\n'), [1])
  assert.deepEqual(codes('status=2; exit "$status"'), [2])
  assert.deepEqual(codes('rc=2; exit ${rc}'), [2])
  assert.deepEqual(codes('BLOCK=2; rc=$BLOCK; exit $rc'), [2])
  assert.deepEqual(codes('rc=258; exit $rc'), [2])
  assert.deepEqual(codes('rc=2; if x; then rc=1; exit "$rc"; fi'), [1])
  assert.deepEqual(codes('local rc=2; exit $rc'), [2])
  assert.deepEqual(codes('rc=2; for f in *; do exit $rc; done'), [2])
  // Unknown, never guessed: a write on some paths only, or one this reading cannot see.
  for (const src of [
    'rc=2; if x; then rc=1; fi; exit $rc',
    'rc=2; x && rc=1; exit $rc',
    'rc=2; case $x in a) rc=1;; esac; exit $rc',
    'rc=2; for i in 1 2; do exit $rc; rc=1; done',
    'rc=2; read rc; exit $rc',
    'rc=2; printf -v rc %d 1; exit $rc',
    'rc=2; ((rc++)); exit $rc',
    'rc=2; : ${rc:=3}; exit $rc',
    'rc=2; f() { rc=1; }; f; exit $rc',
    'rc=2; eval "rc=1"; exit $rc',
    'rc=2; source ./lib.sh; exit $rc',
    'rc=2; declare -n r=rc; r=1; exit $rc',
    'f() { exit $rc; }; rc=2; f',
    'rc=$(get_status); exit $rc',
    'rc=2; exit $rc$x',
    'main; rc=$?; exit $rc'
  ])
    assert.deepEqual(codes(src), [null], src)
  // Exits of subshells and pipeline stages end only that process.
  assert.deepEqual(codes('rc=2; (exit $rc)'), [null])
  assert.deepEqual(codes('rc=2; true | exit $rc'), [null])
})

test('&& and || lists: operator, both sides and the whole (outer before inner)', () => {
  const src = 'command -v python >/dev/null 2>&1 || command -v python3 || exit 0\nx && { y; exit 1; }\n[[ a && b ]]; p | q\n'
  const s = parseShell(src)
  const range = (r: { start: number; end: number }): string => src.slice(r.start, r.end)
  assert.deepEqual(
    (s.andOrs ?? []).map((l) => [l.op, range(l.left), range(l.right), range(l)]),
    [
      ['||', 'command -v python >/dev/null 2>&1 || command -v python3', 'exit 0', 'command -v python >/dev/null 2>&1 || command -v python3 || exit 0'],
      ['||', 'command -v python >/dev/null 2>&1', 'command -v python3', 'command -v python >/dev/null 2>&1 || command -v python3'],
      ['&&', 'x', '{ y; exit 1; }', 'x && { y; exit 1; }']
    ]
  )
  assert.equal(parseShell('a; b | c').andOrs, undefined)
})

test('if clauses and [[ ]] tests', () => {
  const src = 'if [[ "$A" != true && ! -z $B ]]; then exit 0; elif x; then y; fi\nf() { if a; then b; fi; }\n'
  const s = parseShell(src)
  const range = (r: { start: number; end: number } | undefined): string | undefined => r && src.slice(r.start, r.end)
  assert.deepEqual(
    s.ifs.map((f) => [range(f.cond), range(f.then), range(f.else), f.mainFlow]),
    [
      ['[[ "$A" != true && ! -z $B ]]', 'exit 0', 'elif x; then y; fi', true],
      ['x', 'y', undefined, false],
      ['a', 'b', undefined, false]
    ]
  )
  assert.deepEqual(
    s.tests.map((t) => [t.op, t.operands.map((w) => w.text), t.negated, src.slice(t.start, t.end)]),
    [
      ['!=', ['$A', 'true'], false, '"$A" != true'],
      ['-z', ['$B'], true, '-z $B']
    ]
  )
})

test('redirects', () => {
  const s = parseShell('cmd 2>&1 >/dev/null <in >>log &>all 2>&-')
  const c = s.commands[0]
  assert.deepEqual(
    c.redirects.map((r) => [r.fd ?? null, r.op, r.target?.text ?? null, r.start, r.end]),
    [
      ['2', '>&', '1', 4, 8],
      [null, '>', '/dev/null', 9, 19],
      [null, '<', 'in', 20, 23],
      [null, '>>', 'log', 24, 29],
      [null, '&>', 'all', 30, 35],
      ['2', '>&', '-', 36, 40]
    ]
  )
  assert.deepEqual([c.start, c.end], [0, 40])
  // Redirects may come first.
  const r = parseShell('>out echo hi').commands[0]
  assert.deepEqual([r.name, r.start, r.end], ['echo', 0, 12])
})

test('heredocs', () => {
  const src = 'cat <<EOF > out\nhello $USER $(whoami)\nEOF\ncat <<-\'END\'\n\tliteral $x\n\tEND\necho after'
  const s = parseShell(src)
  assert.equal(s.ok, true)
  assert.deepEqual(names(s), ['cat', 'whoami', 'cat', 'echo'])
  const [cat1, who, cat2, echo] = s.commands
  assert.deepEqual([cat1.start, cat1.end], [0, 15])
  const h = cat1.redirects[0]
  assert.deepEqual([h.op, h.target?.text, h.start, h.end], ['<<', 'EOF', 4, 41])
  assert.deepEqual(
    [h.heredoc?.text, h.heredoc?.raw, h.heredoc?.start, h.heredoc?.end, h.heredoc?.literal, h.heredoc?.hasCommandSubst],
    ['hello $USER $(whoami)\n', 'hello $USER $(whoami)\n', 16, 38, false, true]
  )
  assert.deepEqual(cat1.redirects[1].op, '>')
  assert.equal(who.inSubstitution, true)
  assert.deepEqual([who.start, who.end], [30, 36])
  const h2 = cat2.redirects[0]
  assert.deepEqual([h2.op, h2.target?.text, h2.target?.quoted], ['<<-', 'END', true])
  assert.deepEqual([h2.heredoc?.text, h2.heredoc?.raw, h2.heredoc?.literal], ['literal $x\n', '\tliteral $x\n', true])
  assert.deepEqual([echo.start, echo.end], [72, 82])
})

test('offsets are string indexes with non-ASCII text', () => {
  const src = 'echo "héllo 🎉" && rm -rf ./ü'
  const s = parseShell(src)
  const rm = only(s, 'rm')
  assert.equal(src.slice(rm.start, rm.end), 'rm -rf ./ü')
  assert.deepEqual([rm.start, rm.end], [19, 29])
  assert.equal(s.commands[0].args[1].text, 'héllo 🎉')
  assert.deepEqual([s.commands[0].args[1].start, s.commands[0].args[1].end], [5, 15])
  // A lone surrogate must not shift offsets.
  const lone = parseShell('echo \ud800 x; ls')
  assert.deepEqual([only(lone, 'ls').start, only(lone, 'ls').end], [10, 12])
})

test('syntax errors give ok:false with a position', () => {
  const s = parseShell('echo ok\nif true; then\n  echo "unterminated\nfi')
  assert.equal(s.ok, false)
  assert.deepEqual(s.error, { message: 'reached EOF without closing quote "', line: 3, column: 8, offset: 29 })
  assert.deepEqual(s.commands, [])
  assert.deepEqual(s.pipelines, [])

  const t = parseShell('é é )')
  assert.deepEqual(t.error, { message: 'a command can only contain words and redirects; encountered )', line: 1, column: 5, offset: 4 })

  const u = parseShell('if true; then')
  assert.equal(u.ok, false)
  assert.equal(u.error?.message, '"then" must be followed by a statement list')
  assert.deepEqual([u.error?.line, u.error?.column], [1, 10])
})

test('a line break tree-sitter-bash reads inside a command ends the statement, as in bash', () => {
  // The grammar reads `c x` and `cat` as one command here, with no ERROR node: the script is read with mvdan-sh.
  const src = 'a | b | c x\ncat <<EOF | d\ny\nEOF\n'
  const before = shellFallbacks()
  const t = parseShell(src)
  assert.equal(shellFallbacks(), before + 1)
  assert.equal(t.ok, true)
  assert.deepEqual(t.pipelines.map((p) => p.map((c) => [c.name, c.start, c.end])), [
    [['a', 0, 1], ['b', 4, 5], ['c', 8, 11]],
    [['cat', 12, 21], ['d', 24, 25]]
  ])
  assert.equal(t.commands[3].redirects[0].heredoc?.text, 'y\n')
  assert.equal(t.commands.every((c) => c.args.every((a) => a.raw === src.slice(a.start, a.end))), true)
})

test('empty and blank input', () => {
  for (const src of ['', '   ', '\n\n', '# just a comment\n']) {
    const s = parseShell(src)
    assert.deepEqual(
      s,
      { ok: true, commands: [], pipelines: [], hasSetErrexit: false, traps: [], exitCodes: [], ifs: [], tests: [], params: [], heredocParams: [] },
      JSON.stringify(src)
    )
  }
  assert.equal(parseShell('#!/bin/sh\n').shebang, '#!/bin/sh')
})

test('too large or too deep input fails cleanly', () => {
  const big = parseShell('echo x\n'.repeat(10), { maxLength: 20 })
  assert.equal(big.ok, false)
  assert.match(big.error?.message ?? '', /too large/)
  const deep = parseShell('echo ' + '$('.repeat(20000) + 'x' + ')'.repeat(20000))
  assert.equal(deep.ok, false)
  assert.equal(deep.error?.message, 'script nested too deeply to parse')
  // The parser still works afterwards.
  assert.deepEqual(names(parseShell('echo ok')), ['echo'])
})

test('offsetToLineCol', () => {
  const src = 'ab\ncd\n\nef'
  assert.deepEqual(offsetToLineCol(src, 0), { line: 1, column: 1 })
  assert.deepEqual(offsetToLineCol(src, 2), { line: 1, column: 3 })
  assert.deepEqual(offsetToLineCol(src, 3), { line: 2, column: 1 })
  assert.deepEqual(offsetToLineCol(src, 7), { line: 4, column: 1 })
  assert.deepEqual(offsetToLineCol(src, 99), { line: 4, column: 3 })
})

/** Invariants every result must satisfy. */
function checkInvariants(src: string, s: ShellScript): void {
  if (!s.ok) {
    assert.ok(s.error)
    assert.ok(s.error.offset >= 0 && s.error.offset <= src.length)
    assert.deepEqual(offsetToLineCol(src, s.error.offset), { line: s.error.line, column: s.error.column })
    assert.equal(s.commands.length, 0)
    return
  }
  let prev = -1
  for (const c of s.commands) {
    assert.ok(c.start >= prev, 'source order')
    prev = c.start
    assert.ok(c.start >= 0 && c.start <= c.end && c.end <= src.length)
    assert.equal(c.name, c.args[0]?.text ?? '')
    for (const w of [...c.words, ...c.assignments.map((a) => a.value)]) {
      assert.ok(w.start >= 0 && w.start <= w.end && w.end <= src.length)
      assert.equal(w.raw, src.slice(w.start, w.end))
    }
    if (c.pipeNext) assert.equal(c.pipeNext.pipedFrom, c)
  }
  for (const p of s.pipelines) assert.ok(p.length >= 2)
}

const SHELL_TOKENS = [
  'echo', 'curl', 'sh', 'rm', '-rf', '/', ' ', ' ', ' ', '\n', ';', '|', '||', '&&', '&', '|&', '!', '(', ')', '{', '}',
  '$(', '`', '"', "'", '$', '${', '}', 'x', '=', 'FOO=1', '<', '>', '>>', '2>&1', '<<EOF\n', 'EOF\n', '<<-', '\\', '#',
  'if', 'then', 'fi', 'for', 'in', 'do', 'done', 'case', 'esac', ';;', 'while', 'function', 'f()', 'set -e', 'trap',
  'exit', '2', 'sudo', 'timeout', 'env', 'é', '🎉', '\t', '$((', '))', '[[', ']]', '<(', '*', '~', "$'", '\\n'
]

test('property: shell-like token soup never throws', () => {
  fc.assert(
    fc.property(fc.array(fc.constantFrom(...SHELL_TOKENS), { maxLength: 40 }), (toks) => {
      const src = toks.join('')
      checkInvariants(src, parseShell(src))
    }),
    { numRuns: 3000 }
  )
})

test('property: arbitrary strings (incl. lone surrogates, control bytes) never throw', () => {
  const unit = fc.integer({ min: 0, max: 0xffff }).map((n) => String.fromCharCode(n))
  fc.assert(
    fc.property(fc.oneof(fc.string({ maxLength: 60 }), fc.string({ unit, maxLength: 60 }), fc.string({ unit: 'binary', maxLength: 60 })), (src) => {
      checkInvariants(src, parseShell(src))
    }),
    { numRuns: 3000 }
  )
})

// How long it takes is npm run bench's business (bench/hostile.mjs), not a test's: a busy machine must not fail it.
test('1 MB script parses completely', () => {
  let src = '#!/bin/bash\nset -euo pipefail\n'
  let i = 0
  while (src.length < 1_000_000) {
    src += `if [ -f "$x${i}" ]; then curl -fsSL https://e.com/$(date) | sh -c "echo é"; fi\nFOO=${i++} timeout 5 rm -rf /tmp/x 2>/dev/null || true\n`
  }
  const s = parseShell(src)
  assert.equal(s.ok, true)
  assert.equal(s.hasSetErrexit, true)
  assert.equal(s.pipelines.length, i)
  assert.equal(s.commands.length, 1 + i * 6)
})

test('one text is parsed once and its result shared; the cache stays bounded', () => {
  const src = 'set -e\nclaude -p "review" --max-turns 3\n'
  const first = parseShell(src)
  assert.equal(parseShell(src), first, 'a repeated text gets the same result')
  assert.deepEqual(parseShell(src.slice(0)), first)
  // An explicit limit parses afresh (its result depends on the limit).
  assert.notEqual(parseShell(src, { maxLength: 1000 }), first)
  assert.equal(parseShell(src, { maxLength: 5 }).ok, false)
  // Over a million characters of other texts push the oldest out.
  for (let i = 0; i < 11; i++) parseShell(`echo ${i}\n` + '# x\n'.repeat(25_000))
  const again = parseShell(src)
  assert.notEqual(again, first)
  assert.deepEqual(again, first)
})

test('unquotedText: the words with quoting dropped', () => {
  assert.equal(unquotedText(`cl"au"de -\\\n  p 'x' \\"y\\"`), 'claude -  p x y')
  assert.equal(unquotedText('a\\\r\nb'), 'ab')
  // The `$` of a locale string is no part of the word: run$".sh" is run.sh.
  assert.equal(unquotedText('bash run$".sh"'), 'bash run.sh')
  // A $-string without an escape reads as it is written.
  assert.equal(unquotedText("$'claude' -p"), 'claude -p')
  // Asked again, and in turns with another text, each answer stays its own text's.
  const texts = [`c"l"aude -p`, `c"l"aude -p`, "x $'\\x63'", `c"l"aude -p`, '', "x $'\\x63'"]
  assert.deepEqual(texts.map(unquotedText), ['claude -p', 'claude -p', undefined, 'claude -p', '', undefined])
})

test('unquotedText: a text asked again, in turns with others, is computed once', () => {
  // Each rule's prefilter asks for every `run:` block in turn: only the first ask of a text computes it.
  const texts = ['echo "a" 1', "echo 'b' 2", `echo $'\\x63' 3`, "echo $'x' 4"]
  const before = unquotedTextComputations()
  const first = texts.map(unquotedText)
  assert.equal(unquotedTextComputations() - before, texts.length)
  for (let round = 0; round < 3; round++) assert.deepEqual(texts.map(unquotedText), first)
  assert.equal(unquotedTextComputations() - before, texts.length)
  assert.deepEqual(first, ['echo a 1', 'echo b 2', undefined, 'echo x 4'])
})

test('unquotedText: a backslash that may stand in a $-string means parse instead', () => {
  // Its escapes can spell any word (`$'\\x63laude'` is claude): only the parser knows.
  for (const text of ["$'\\x63laude' -p", "$'\\143laude' -p", "echo $'it\\'s'", "IFS=$'\\n'"]) assert.equal(unquotedText(text), undefined, text)
  // A plain string ending in `$` opens no $-string, but telling so takes a parse: the later
  // backslash is taken as maybe inside one.
  assert.equal(unquotedText("grep 'x$' f; echo \\n"), undefined)
  // A backslash only after the $-string closes reads as a plain escape.
  assert.equal(unquotedText("echo $'x' \\c"), 'echo x c')
  // And the parse reads what the escape spells.
  assert.equal(parseShell("$'\\x63laude' -p").commands[0].name, 'claude')
})

test('mayRunClaude: false only where no command can be claude in print mode (with -p or without)', () => {
  const src = [
    'claude -p x',
    'c"l"aude --print',
    'npx @anthropic-ai/claude-code -p',
    "$'\\x63laude' -p",
    // Claude spelled with each kind of $-string escape, also after a plain string ending in `$`.
    "$'\\u0063\\U0000006caude' $'\\x2dp'",
    "grep -E '^v[0-9]+$' f; $'\\143\\154aude' $'\\55\\55print'",
    // An escape in a $-string and one outside it in the same word (`/claude`).
    "$'\\x2f'\\claude -p",
    '$"claude" -p', 'echo claude; mkdir -p d', '/opt/bin/claude "-p" x', 'x=$(claude -p y)', 'npx -p @anthropic-ai/claude-code@1.0 claude -p q',
    // Without -p: print mode where stdout is not a terminal (printWhenStdoutNotTty (src/facts/versions.ts)).
    'echo "$P" | claude --output-format json', 'claude "fix the bug"', 'claude <<< "$P"', 'claude -print']
  for (const text of src) assert.equal(mayRunClaude(text), true, text)
  for (const text of ['echo -p', 'mkdir -p claud', 'cat .claude-plugin/plugin.json; mkdir -p x', 'claude-retro -p', 'claude-retro "q" | cat', 'cat .claude/settings.json | jq .', 'cp CLAUDE.md claude.md > /dev/null', 'ls claude/ | wc -l'])
    assert.equal(mayRunClaude(text), false, text)
  // A $-string escape may spell anything: the prefilter cannot rule it out, the parse does.
  for (const text of ["[[ $a == *$'\\n'* ]] && mkdir -p x", "$'\\x63lau' -p"]) {
    assert.equal(mayRunClaude(text), true, text)
    assert.equal(parseShell(text).commands.some((c) => claudePrintMode(c, CI_STREAMS)), false, text)
  }
  // Never false where the parser finds one.
  for (const text of src) if (parseShell(text).commands.some((c) => claudePrintMode(c, CI_STREAMS))) assert.ok(mayRunClaude(text), text)
})

test('array assignments: elements with offsets, `+=` appends, and commands that run on some paths only', () => {
  const src = 'FLAGS=(--print # c\n  --model "$M")\nif [ -n "$P" ]; then\n  FLAGS+=(-x)\nfi\na && B=1\nfor f in *; do C=1; done\nD=2\n'
  const s = parseShell(src)
  const byName = (n: string) => s.commands.find((c) => c.assignments[0]?.name === n)
  const flags = s.commands.filter((c) => c.assignments[0]?.name === 'FLAGS')
  assert.deepEqual(flags[0].assignments[0].elements?.map((e) => [e.text, src.slice(e.start, e.end)]), [
    ['--print', '--print'],
    ['--model', '--model'],
    ['$M', '"$M"']
  ])
  assert.equal(flags[0].assignments[0].append, undefined)
  assert.equal(flags[0].conditional, undefined)
  assert.equal(flags[1].assignments[0].append, true)
  assert.equal(flags[1].conditional, true)
  assert.equal(byName('B')?.conditional, true)
  assert.equal(byName('C')?.conditional, true)
  assert.equal(byName('D')?.conditional, undefined)
  assert.equal(byName('D')?.assignments[0].elements, undefined)
})
