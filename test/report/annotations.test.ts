import assert from 'node:assert/strict'
import { test } from 'node:test'
import { ANNOTATIONS_PER_LEVEL, emitAnnotations, planAnnotations, properties } from '../../src/report/annotations.js'
import { finding, manyFindings } from './helpers.js'

test('at most 10 per level, most severe first, one notice slot kept for the overflow note', () => {
  const plan = planAnnotations(manyFindings(100))
  const per = (level: string): number => plan.annotations.filter((a) => a.level === level).length
  assert.equal(per('error'), ANNOTATIONS_PER_LEVEL)
  assert.equal(per('warning'), ANNOTATIONS_PER_LEVEL)
  assert.equal(per('notice'), ANNOTATIONS_PER_LEVEL - 1)
  assert.equal(plan.omitted, 100 - 29)
  assert.equal(plan.annotations[0]?.properties.title, 'MCP server code resolved at run time (mcp-unpinned, critical)')
})

test('slots used by the step are respected', () => {
  const plan = planAnnotations(manyFindings(100), { error: 1, warning: 2, notice: 1 })
  const per = (level: string): number => plan.annotations.filter((a) => a.level === level).length
  assert.equal(per('error'), 9)
  assert.equal(per('warning'), 8)
  assert.equal(per('notice'), 8)
})

test('no overflow notice when everything fits', () => {
  const plan = planAnnotations(manyFindings(10))
  assert.equal(plan.omitted, 0)
  assert.equal(plan.annotations.length, 10)
})

test('properties: columns only on a single line', () => {
  assert.deepEqual(properties(finding({ line: 2, endLine: 2, column: 3, endColumn: 8 })), {
    title: 'MCP server code resolved at run time (mcp-unpinned, high)',
    file: '.mcp.json',
    startLine: 2,
    startColumn: 3,
    endColumn: 8
  })
  assert.deepEqual(properties(finding({ line: 2, endLine: 4, column: 3, endColumn: 8 })), {
    title: 'MCP server code resolved at run time (mcp-unpinned, high)',
    file: '.mcp.json',
    startLine: 2,
    endLine: 4
  })
})

test('emitted commands cannot be forged by message or file content', () => {
  const hostile = finding({
    message: 'bad\n::add-mask::secret\r\n::error::forged %0A',
    file: ',a,b:c.json',
    ruleId: 'x,y:z',
    severity: 'critical'
  })
  const lines: string[] = []
  const write = process.stdout.write.bind(process.stdout)
  process.stdout.write = ((chunk: string | Uint8Array): boolean => {
    lines.push(String(chunk))
    return true
  }) as typeof process.stdout.write
  try {
    emitAnnotations(planAnnotations([hostile, ...manyFindings(60)]))
  } finally {
    process.stdout.write = write
  }
  const output = lines.join('')
  const commands = output.split(/\r?\n/).filter((l) => l.length > 0)
  assert.ok(
    commands.every((l) => /^::(error|warning|notice) /.test(l)),
    output
  )
  const first = commands.find((l) => l.includes('bad'))
  assert.ok(first)
  assert.ok(first.includes('file=%2Ca%2Cb%3Ac.json'))
  assert.ok(first.includes('::bad%0A::add-mask::secret%0D%0A::error::forged %250A'))
  assert.match(commands.at(-1) ?? '', /^::notice title=Claude Code audit::\d+ more findings are not annotated here/)
})
