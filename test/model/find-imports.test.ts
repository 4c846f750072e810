import { test } from 'node:test'
import assert from 'node:assert/strict'
import { findImports } from '../../src/model/memory.js'
import { SourceFile } from '../../src/parse/source.js'

const refs = (text: string): string[] => findImports(new SourceFile('CLAUDE.md', text), '').map((r) => `${r.start}-${r.end} ${r.raw}`)

test('findImports: imports before and after code, comments and lines without an @', () => {
  const text = [
    '# Project', // no @: skipped before any masking
    'See @docs/a.md and `@not/code.md`.',
    '<!-- @hidden.md',
    '-->',
    '```',
    '@in-fence.md',
    '```',
    '',
    '    @indented.md',
    '',
    '- @list/item.md',
    'Trailing text with no import.',
    'mail me@example.com'
  ].join('\n')
  assert.deepEqual(refs(text), ['14-24 docs/a.md', '107-120 list/item.md'])
  // The state of fences and lists carries over lines without an @: the last import is found
  // after many of them, and nothing is found in a text without an @ at all.
  assert.deepEqual(refs('```\n' + 'x\n'.repeat(50) + '```\n@after.md\n'), ['108-117 after.md'])
  assert.deepEqual(refs('```\n' + 'x\n'.repeat(50) + '@in-open-fence.md\n'), [])
  assert.deepEqual(refs('# No imports here\n\nplain text\n'), [])
})
