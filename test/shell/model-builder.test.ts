/**
 * ModelBuilder (src/shell/model-builder.ts): the model assembly both shell readings share,
 * driven here through its views alone, with a hand-built tree and no parser, so that what it
 * builds does not depend on either reading's walk.
 */
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { ModelBuilder, type PartOf, type Span, type TestView, type VarStmt } from '../../src/shell/model-builder.js'
import type { ShellWord } from '../../src/shell/parse.js'
import { TOP } from '../../src/shell/shared.js'

/** A statement of the hand-built tree: its span and what it is. */
type Stmt = Span & { v: VarStmt<Stmt, Asg> }
/** `name=value`, the value's span. */
type Asg = { name: string; value: Span }
/** A word of the hand-built tree: its span and whether it is literal text. */
type W = Span & { literal: boolean }

class Builder extends ModelBuilder {
  word = (w: W): ShellWord => this.rangeWord(w.start, w.end, w.literal)

  /** Resolves the exit statuses of `stmts` and the last one, `exit` with `words`; then adds that `exit` command. */
  run(stmts: Stmt[], functions: string[], words: W[]): void {
    stmts = [...stmts, call(this, words[0].start, words[words.length - 1].end, words)]
    this.resolveVarExitsOf(stmts, () => new Set(functions), {
      stmt: (st) => st.v,
      span: (st) => st,
      assign: (a) => ({ name: a.name, value: this.rangeWord(a.value.start, a.value.end) })
    })
    const span = { start: words[0].start, end: words[words.length - 1].end }
    this.simpleCommand({ k: 'call', assigns: [], args: words }, { word: this.word, assignment: () => assert.fail('no assignment') }, [], span, { negated: false, background: false }, TOP, [])
  }

  readTests<T>(t: T, view: (t: T) => TestView<T>): void {
    this.testExpr(t, false, view)
  }

  readWord<P>(start: number, end: number, parts: P[], partOf: PartOf<P>): ShellWord {
    return this.wordOf(start, end, parts, 'bare', partOf)
  }
}

const assignment = (start: number, end: number, name: string, value: Span): Stmt => ({ start, end, v: { k: 'call', assigns: [{ name, value }], args: 0, word: () => assert.fail('no word') } })
const call = (b: Builder, start: number, end: number, words: W[]): Stmt => ({ start, end, v: { k: 'call', assigns: [], args: words.length, word: (i) => b.word(words[i]) } })

test('exit $rc takes the last literal stored in rc on straight-line code', () => {
  const src = 'rc=2; rc=1; exit $rc'
  const b = new Builder(src)
  const exit: W[] = [
    { start: 12, end: 16, literal: true },
    { start: 17, end: 20, literal: false }
  ]
  b.run([assignment(0, 4, 'rc', { start: 3, end: 4 }), assignment(6, 10, 'rc', { start: 9, end: 10 })], [], exit)
  assert.deepEqual(b.exits, [{ code: 1, start: 12, end: 20 }])
})

test('exit $rc after a call of a function the script defines is unknown', () => {
  const src = 'rc=2; f; exit $rc'
  const b = new Builder(src)
  const exit: W[] = [
    { start: 9, end: 13, literal: true },
    { start: 14, end: 17, literal: false }
  ]
  b.run([assignment(0, 4, 'rc', { start: 3, end: 4 }), call(b, 6, 7, [{ start: 6, end: 7, literal: true }])], ['f'], exit)
  assert.deepEqual(b.exits, [{ code: null, start: 9, end: 17 }])
})

test('[[ ! ( a == b ) ]]: the test under `!` and `( … )` is negated', () => {
  const src = '! ( a == b )'
  type T = { k: 'not' | 'paren'; x: T } | { k: 'eq' } | { k: 'w'; at: number }
  const tree: T = { k: 'not', x: { k: 'paren', x: { k: 'eq' } } }
  const b = new Builder(src)
  b.readTests(tree, (t): TestView<T> => {
    switch (t.k) {
      case 'not':
        return { k: 'unary', op: '!', x: t.x, span: { start: 0, end: 12 } }
      case 'paren':
        return { k: 'paren', x: t.x }
      case 'eq':
        return { k: 'binary', op: '==', x: { k: 'w', at: 4 }, y: { k: 'w', at: 9 }, span: { start: 4, end: 10 } }
      case 'w':
        return { k: 'word', word: () => b.word({ start: t.at, end: t.at + 1, literal: true }) }
    }
  })
  assert.deepEqual(
    b.tests.map((t) => [t.op, t.operands.map((o) => o.text), t.negated, t.start, t.end]),
    [['==', ['a', 'b'], true, 4, 10]]
  )
})

test('a word of a literal, a single-quoted and a double-quoted expansion part', () => {
  const src = `a\\ b'c'"$x"`
  type P = { k: 'lit' | 'sq' | 'pe'; span: Span } | { k: 'dq'; parts: P[] }
  const parts: P[] = [
    { k: 'lit', span: { start: 0, end: 4 } },
    { k: 'sq', span: { start: 4, end: 7 } },
    { k: 'dq', parts: [{ k: 'pe', span: { start: 8, end: 10 } }] }
  ]
  const b = new Builder(src)
  const w = b.readWord(0, src.length, parts, (p) => {
    if (p.k === 'dq') return { k: 'DblQuoted', parts: p.parts }
    const raw = src.slice(p.span.start, p.span.end)
    return p.k === 'lit' ? { k: 'Lit', raw } : p.k === 'sq' ? { k: 'SglQuoted', raw, dollar: false } : { k: 'ParamExp', raw, cs: false, pe: true }
  })
  assert.deepEqual(w, {
    text: 'a bc$x',
    raw: src,
    start: 0,
    end: 11,
    literal: false,
    hasCommandSubst: false,
    hasParamExpansion: true,
    hasProcessSubst: false,
    hasUnquotedExpansion: false,
    quoted: true
  })
})
