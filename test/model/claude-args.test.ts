import { test } from 'node:test'
import assert from 'node:assert/strict'
import { parseArgString } from '../../src/model/claude.js'

test('claude_args: shell words with offsets, quoted values kept together', async () => {
  const s = '--model claude-sonnet-4-6\n--max-turns 5 --allowedTools "Bash(npm test:*),Read"'
  const flags = await parseArgString(s)
  assert.deepEqual(
    flags.map((f) => [f.name, f.value, s.slice(f.start, f.end)]),
    [
      ['--model', 'claude-sonnet-4-6', '--model claude-sonnet-4-6'],
      ['--max-turns', '5', '--max-turns 5'],
      ['--allowedTools', 'Bash(npm test:*),Read', '--allowedTools "Bash(npm test:*),Read"']
    ]
  )
})

test('claude_args: text a shell rejects (unquoted parentheses) is still split into words', async () => {
  const s = '--max-turns 120\n--allowedTools\nmcp__x__y,Bash(gh pr diff:*),Bash(rg:*)'
  const flags = await parseArgString(s)
  assert.equal(flags[0].name, '--max-turns')
  assert.equal(flags[0].value, '120')
  assert.equal(s.slice(flags[0].start, flags[0].end), '--max-turns 120')
  assert.equal(flags[1].name, '--allowedTools')
  assert.equal(flags[1].value, 'mcp__x__y,Bash(gh')
})

test('parseArgString: a repeated argument string gives equal, independent results', async () => {
  const a = await parseArgString('--max-turns 5 --model claude-sonnet-4-5')
  a[0].value = 'changed'
  const b = await parseArgString('--max-turns 5 --model claude-sonnet-4-5')
  assert.deepEqual(b, [
    { name: '--max-turns', value: '5', start: 0, end: 13 },
    { name: '--model', value: 'claude-sonnet-4-5', start: 14, end: 39 }
  ])
})

test('claude_args: whole-line # comments are dropped as the action drops them; # inside a line or quotes stays', async () => {
  const s =
    '# Keep cost bounded\n--max-turns 5\n  # pin the model\n--model claude-sonnet-4-6\n--dangerously-skip-permissions\n--append-system-prompt "see #12"\n--allowedTools "Bash"'
  const flags = await parseArgString(s)
  assert.deepEqual(
    flags.map((f) => [f.name, f.value, s.slice(f.start, f.end)]),
    [
      ['--max-turns', '5', '--max-turns 5'],
      ['--model', 'claude-sonnet-4-6', '--model claude-sonnet-4-6'],
      ['--dangerously-skip-permissions', undefined, '--dangerously-skip-permissions'],
      ['--append-system-prompt', 'see #12', '--append-system-prompt "see #12"'],
      ['--allowedTools', 'Bash', '--allowedTools "Bash"']
    ]
  )
})
