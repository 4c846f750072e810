/**
 * ShellScript.params (src/shell/parse.ts): the parameter expansions of a script
 * read from the parser's tree, the same from both readings: tree-sitter-bash
 * (src/shell/tree-sitter-bash.ts) and mvdan-sh (src/shell/mvdan-sh.ts, called
 * directly here, and through parseShell for a construct tree-sitter rejects).
 * Each expansion is [name, start, nameEnd, end]; both readings must also agree on
 * the whole of every ShellParam (`length`, `indirect`) and on `heredocParams`.
 */
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { parseShell, shellFallbacks, type ShellScript } from '../../src/shell/parse.js'
import { readWithMvdanSh } from '../../src/shell/mvdan-sh.js'
import { readWithTreeSitterBash } from '../../src/shell/tree-sitter-bash.js'

type P = [name: string, start: number, nameEnd: number, end: number]
const shape = (s: ShellScript): P[] => s.params.map((p) => [p.name, p.start, p.nameEnd, p.end])

const heredocShape = (s: ShellScript): P[] => s.heredocParams.map((p) => [p.name, p.start, p.nameEnd, p.end])

/** Both readings of a script, which must agree on params and heredocParams (and tree-sitter-bash must read it). */
function readings(src: string): ShellScript {
  const ts = readWithTreeSitterBash(src)
  assert.ok(!('rejected' in ts), `tree-sitter-bash rejected ${JSON.stringify(src)}`)
  const mv = readWithMvdanSh(src)
  assert.equal(mv.ok, true)
  assert.deepEqual(mv.params, ts.params, 'mvdan-sh and tree-sitter-bash differ')
  assert.deepEqual(mv.heredocParams, ts.heredocParams, 'mvdan-sh and tree-sitter-bash differ on heredoc bodies')
  return ts
}

/** The params of both readings, which must agree. */
function both(src: string): P[] {
  return shape(readings(src))
}

/** The heredoc params of both readings, which must agree. */
function bothHeredoc(src: string): P[] {
  return heredocShape(readings(src))
}

test('$x and ${x}: name span and whole span', () => {
  assert.deepEqual(both('echo $x ${y}'), [
    ['x', 5, 7, 7],
    ['y', 8, 11, 12]
  ])
})

test('offsets are UTF-16 units in both readings', () => {
  assert.deepEqual(both('echo "🎉$x" é${y}'), [
    ['x', 8, 10, 10],
    ['y', 13, 16, 17]
  ])
})

test("'$x' (single-quoted) gives none; \"$x\" gives one; $'$x' none", () => {
  assert.deepEqual(both("echo '$x' \"$y\" $'$z'"), [['y', 11, 13, 13]])
})

test('"  $x" inside double quotes after blanks starts at the $', () => {
  // tree-sitter-bash starts the node at the blanks before it.
  assert.deepEqual(both('echo "  ${x}  $y"'), [
    ['x', 8, 11, 12],
    ['y', 14, 16, 16]
  ])
})

test('heredoc bodies give none; a here-string does', () => {
  assert.deepEqual(both('cat <<EOF\n$a $(echo $b)\nEOF\ncat <<< "$c"\n'), [['c', 37, 39, 39]])
})

test('${#x} is a length, ${!x} and ${!a[@]} an indirection, in both readings', () => {
  const s = readings('echo ${#x} ${!p} ${!a[@]} ${#a[@]} $y ${z:-w}')
  assert.deepEqual(
    s.params.map((p) => [p.name, p.length, p.indirect]),
    [
      ['x', true, false],
      ['p', false, true],
      ['a', false, true],
      ['a', true, false],
      ['y', false, false],
      ['z', false, false]
    ]
  )
})

test('heredocParams: an unquoted delimiter body expands ($X, ${X}, in quotes, in $(…)); \\$X does not', () => {
  const src = "cat <<EOF\n'$a' \\$b \"${c}\" $(echo $d)\nEOF\n"
  assert.deepEqual(bothHeredoc(src), [
    ['a', 11, 13, 13],
    ['c', 20, 23, 24],
    ['d', 33, 35, 35]
  ])
  assert.deepEqual(both(src), [])
})

test("heredocParams: <<'EOF', <<\"EOF\" and <<\\EOF bodies expand nothing; <<-EOF does", () => {
  assert.deepEqual(bothHeredoc("cat <<'E'\n$x\nE\ncat <<\"E\"\n$y\nE\ncat <<\\E\n$z\nE\n"), [])
  const dash = readings('cat <<-E\n\tx $x ${#y}\n\tE\n')
  assert.deepEqual(heredocShape(dash), [
    ['x', 12, 14, 14],
    ['y', 15, 19, 20]
  ])
  assert.deepEqual(
    dash.heredocParams.map((p) => p.length),
    [false, true]
  )
})

/** The heredoc params of a script tree-sitter-bash rejects, from parseShell (mvdan-sh). */
function fallbackHeredoc(src: string): P[] {
  assert.ok('rejected' in readWithTreeSitterBash(src), `tree-sitter-bash read ${JSON.stringify(src)}`)
  const before = shellFallbacks()
  const s = parseShell(src)
  assert.equal(shellFallbacks(), before + 1)
  return heredocShape(s)
}

test('heredocParams: an expansion the grammar leaves as text in a body ($X after leading blanks, $1) falls back to mvdan-sh', () => {
  assert.deepEqual(fallbackHeredoc('cat <<-E\n\t$x\n\tE\n'), [['x', 10, 12, 12]])
  assert.deepEqual(fallbackHeredoc('cat <<E\nhi\n  ${y:-z}\nE\n'), [['y', 13, 16, 20]])
  assert.deepEqual(fallbackHeredoc('cat <<E\na $1\nE\n'), [['1', 10, 12, 12]])
  // `\$x` after leading blanks: the grammar makes it an expansion; bash does not.
  assert.deepEqual(fallbackHeredoc('cat <<E\n  \\$x\nE\n'), [])
  // In a quoted heredoc the text is text to bash too, so tree-sitter-bash's reading stands.
  assert.deepEqual(bothHeredoc("cat <<'F'\n  $y ${z}\nF\n"), [])
})

test('heredocParams: two bodies on one line (tree-sitter-bash rejects; mvdan-sh reads both)', () => {
  assert.deepEqual(fallbackHeredoc('cat <<A - <<B\n$a\nA\n$b\nB\necho $c\n'), [
    ['a', 14, 16, 16],
    ['b', 19, 21, 21]
  ])
})

test("\"${X:-'$Y'}\": in double quotes the '…' of a default is no quote to bash, which expands $Y", () => {
  // bash: Y=a; echo "${X:-'$Y'}" prints 'a'; unquoted, ${X:-'$Y'} prints $Y.
  assert.deepEqual(both("echo \"${X:-'$Y'}\" ${X:-'$U'} \"${a[1]:+b'${Z}'}\""), [
    ['X', 6, 9, 16],
    ['Y', 12, 14, 14],
    ['X', 18, 21, 28],
    ['a', 30, 33, 46],
    ['Z', 40, 43, 44]
  ])
})

test("\"${X:-'$Y'}\": not in a pattern, a substitution inside the quotes, or $'…'; in a heredoc body it is", () => {
  assert.deepEqual(both("echo \"${E#'$F'}\" \"$(echo ${G:-'$H'})\" \"${I:-$'$J'}\""), [
    ['E', 6, 9, 15],
    ['G', 25, 28, 35],
    ['I', 39, 42, 50]
  ])
  assert.deepEqual(bothHeredoc("cat <<E\n${X:-'$Y'}\nE\n"), [
    ['X', 8, 11, 18],
    ['Y', 14, 16, 16]
  ])
})

test('${#x}, ${!x}, ${a[0]}, ${x:-y}, and the $w nested in ${x:-$w}', () => {
  assert.deepEqual(both('echo ${#x} ${!p} ${a[0]} ${x:-y} ${v:-$w}'), [
    ['x', 5, 9, 10],
    ['p', 11, 15, 16],
    ['a', 17, 20, 24],
    ['x', 25, 28, 32],
    ['v', 33, 36, 41],
    ['w', 38, 40, 40]
  ])
})

test('$1, ${1}, ${10}; $10 is $1 then 0; $0, $@, $?, $#, $_ are left out', () => {
  assert.deepEqual(both('echo $1 ${1} ${10} $10 $0 $@ $? $# $_ $2x'), [
    ['1', 5, 7, 7],
    ['1', 8, 11, 12],
    ['10', 13, 17, 18],
    ['1', 19, 21, 21],
    ['2', 38, 40, 40]
  ])
})

test('nested $(echo $y) and backquotes; names in $(( )) without $ are not expansions', () => {
  assert.deepEqual(both('x=$(echo $y) `echo $z` n=$(( a[1] + $b ))'), [
    ['y', 9, 11, 11],
    ['z', 19, 21, 21],
    ['b', 36, 38, 38]
  ])
})

test('patterns of ${x%…} / ${x/…/…} and [[ =~ ]] regexes: their expansions too (a leaf to tree-sitter-bash)', () => {
  assert.deepEqual(both("echo ${x%$p} ${x/$a/$b} ${x#'$q'}; [[ $s =~ ^$re ]]"), [
    ['x', 5, 8, 12],
    ['p', 9, 11, 11],
    ['x', 13, 16, 23],
    ['a', 17, 19, 19],
    ['b', 20, 22, 22],
    ['x', 24, 27, 33],
    ['s', 38, 40, 40],
    ['re', 45, 48, 48]
  ])
})

test('a $NAME the grammar cuts from its $ (in a command name) falls back to mvdan-sh, which reads it', () => {
  const src = '$CLAUDE_PROJECT_DIR/.claude/hooks/$NAME.sh'
  assert.ok('rejected' in readWithTreeSitterBash(src))
  const before = shellFallbacks()
  const s = parseShell(src)
  assert.equal(shellFallbacks(), before + 1)
  assert.deepEqual(shape(s), [
    ['CLAUDE_PROJECT_DIR', 0, 19, 19],
    ['NAME', 34, 39, 39]
  ])
})

test('a script tree-sitter-bash rejects: params from mvdan-sh, offsets in UTF-16', () => {
  // 🎉 is two UTF-16 units (four bytes to mvdan-sh).
  const src = 'c="🎉${s:$i:1}"; echo "$c"'
  assert.ok('rejected' in readWithTreeSitterBash(src))
  const before = shellFallbacks()
  const s = parseShell(src)
  assert.equal(shellFallbacks(), before + 1)
  assert.deepEqual(shape(s), [
    ['s', 5, 8, 14],
    ['i', 9, 11, 11],
    ['c', 23, 25, 25]
  ])
})

test('a script that does not parse has no params', () => {
  assert.deepEqual(parseShell('echo $x; if then').params, [])
})
