import { test } from 'node:test'
import assert from 'node:assert/strict'
import { locateInBlock, parseArgString } from '../../src/model/claude.js'
import { SourceFile } from '../../src/parse/source.js'

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
  // `--allowedTools` is variadic: the three words the action splits the list into all reach it.
  assert.equal(flags[1].value, 'mcp__x__y,Bash(gh pr diff:*),Bash(rg:*)')
  assert.equal(flags.length, 2)
})

test('claude_args: variadic options take every following word up to the next option, as the CLI does', async () => {
  const s = '--allowedTools "Read" "Grep" "WebFetch" "Bash(gh pr view *)"\n--model "claude-opus-4-6" --add-dir a b --mcp-config x.json'
  const flags = await parseArgString(s)
  assert.deepEqual(
    flags.map((f) => [f.name, f.value, s.slice(f.start, f.end)]),
    [
      ['--allowedTools', 'Read Grep WebFetch Bash(gh pr view *)', '--allowedTools "Read" "Grep" "WebFetch" "Bash(gh pr view *)"'],
      ['--model', 'claude-opus-4-6', '--model "claude-opus-4-6"'],
      ['--add-dir', 'a b', '--add-dir a b'],
      ['--mcp-config', 'x.json', '--mcp-config x.json']
    ]
  )
})

test('claude_args: a prompt after a tool list is not read as more tools', async () => {
  const flags = await parseArgString('--disallowedTools Bash WebFetch "review this PR" --max-turns 3')
  assert.deepEqual(
    flags.map((f) => [f.name, f.value]),
    [
      ['--disallowedTools', 'Bash WebFetch'],
      ['--max-turns', '3']
    ]
  )
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

test('locateInBlock: offsets past the value give the block, not an endless search', () => {
  const file = new SourceFile('w.yml', 'run: ./scripts/ai.sh\n')
  const span = { file, start: 5, end: 20 }
  assert.deepEqual(locateInBlock(span, './scripts/ai.sh', 40, 60), span)
  assert.deepEqual(locateInBlock(span, './scripts/ai.sh', 2, 9), { file, start: 7, end: 14 })
})

test('claude_args: plain words and quoted strings split without the shell parser, as the parser splits them', async () => {
  const samples = [
    '--model opus --allowedTools "Task,Skill,Read,Write,Grep,Glob,Bash"',
    `--verbose   --model opus\n--allowedTools "mcp__x,Bash(gh pr diff:*)" --system-prompt "You are the repository's reviewer"`,
    `--a 'x y'z "p q"'r s' --b= --c=1,2 -p "" ''`,
    `--x "a#b" --y 'it''s' --z @file.txt +1 100%`,
    `  --max-turns 5   --mcp-config '{"a": {"b": 1}}'  `
  ]
  for (const s of samples) {
    // A `$` after the text sends it through the parser; the words before it must not change.
    const parsed = await parseArgString(`${s} --tail "$HOME"`)
    assert.deepEqual(parsed.at(-1), { name: '--tail', value: '$HOME', start: s.length + 1, end: s.length + 15 }, s)
    assert.deepEqual(await parseArgString(s), parsed.slice(0, -1), s)
  }
})
