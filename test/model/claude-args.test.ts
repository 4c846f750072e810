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

test('claude_args: unquoted parentheses are shell syntax: the action passes on only the words around them', async () => {
  // shell-quote reads `(`/`)` as operators and `diff:*` as a glob; the action keeps only the string tokens.
  const s = '--max-turns 120\n--allowedTools\nmcp__x__y,Bash(gh pr diff:*),Bash(rg:*)'
  const flags = await parseArgString(s)
  assert.deepEqual(
    flags.map((f) => [f.name, f.value, s.slice(f.start, f.end), f.shellDropped]),
    [
      ['--max-turns', '120', '--max-turns 120', undefined],
      [
        '--allowedTools',
        'mcp__x__y,Bash gh pr ,Bash',
        '--allowedTools\nmcp__x__y,Bash(gh pr diff:*),Bash',
        [
          { text: 'mcp__x__y,Bash', start: 31, end: 45, raw: 'mcp__x__y,Bash(gh' },
          { text: 'gh', start: 46, end: 48, raw: 'mcp__x__y,Bash(gh' },
          { text: ',Bash', start: 59, end: 64, raw: 'diff:*),Bash(rg:*)' }
        ]
      ]
    ]
  )
})

test('claude_args: the Lineth case, unquoted `Bash(gh pr:*) Bash(gh issue:*)`, reaches Claude Code as `Bash gh Bash gh`', async () => {
  const s = '--model claude-opus-4-6\n--allowed-tools Bash(gh pr:*) Bash(gh issue:*)'
  const [model, tools] = await parseArgString(s)
  assert.deepEqual([model.name, model.value], ['--model', 'claude-opus-4-6'])
  assert.equal(tools.name, '--allowed-tools')
  assert.equal(tools.value, 'Bash gh Bash gh')
  assert.deepEqual(
    tools.shellDropped?.map((d) => [d.text, s.slice(d.start, d.end), d.raw]),
    [
      ['Bash', 'Bash', 'Bash(gh'],
      ['gh', 'gh', 'Bash(gh'],
      ['Bash', 'Bash', 'Bash(gh'],
      ['gh', 'gh', 'Bash(gh']
    ]
  )
  // Each word at its own place: the second `Bash` is the one of `Bash(gh issue:*)`.
  assert.deepEqual(
    tools.shellDropped?.map((d) => d.start),
    [s.indexOf('Bash('), s.indexOf('(gh pr') + 1, s.lastIndexOf('Bash('), s.lastIndexOf('(gh') + 1]
  )
})

test('claude_args: `$VAR` and `${VAR}` become empty words (no env), `$(cmd)` leaves `$` and `cmd`', async () => {
  const s = '--model $MODEL --fallback-model "${FALLBACK}" --append-system-prompt \'$KEEP\' --x $(cat f)'
  const flags = await parseArgString(s)
  assert.deepEqual(
    flags.map((f) => [f.name, f.value, s.slice(f.start, f.end)]),
    [
      ['--model', '', '--model $MODEL'],
      ['--fallback-model', '', '--fallback-model "${FALLBACK}"'],
      ['--append-system-prompt', '$KEEP', "--append-system-prompt '$KEEP'"],
      ['--x', '$', '--x $']
    ]
  )
})

test('claude_args: `#` inside an unquoted word starts a comment that runs to the end of the text', async () => {
  const s = '--model c#d\n--max-turns 5'
  const flags = await parseArgString(s)
  assert.deepEqual(
    flags.map((f) => [f.name, f.value, s.slice(f.start, f.end)]),
    [['--model', 'c', '--model c']]
  )
  assert.deepEqual(flags[0].shellDropped, [{ text: 'c', start: 8, end: 9, raw: 'c#d' }])
})

test('claude_args: `${{ }}` expressions are one word each, kept as written (value unknown until the runner substitutes it)', async () => {
  const s =
    '--max-turns ${{ inputs.max_turns }} --model=${{ inputs.model }} --allowedTools "Read,${{ inputs.tools }}" ${{ inputs.extra }}'
  const flags = await parseArgString(s)
  assert.deepEqual(
    flags.map((f) => [f.name, f.value, s.slice(f.start, f.end)]),
    [
      ['--max-turns', '${{ inputs.max_turns }}', '--max-turns ${{ inputs.max_turns }}'],
      ['--model', '${{ inputs.model }}', '--model=${{ inputs.model }}'],
      ['--allowedTools', 'Read,${{ inputs.tools }} ${{ inputs.extra }}', s.slice(s.indexOf('--allowedTools'))]
    ]
  )
})

test('claude_args: text shell-quote rejects (`${` unclosed) is still split at blanks', async () => {
  const s = '--max-turns 5 --x ${'
  const flags = await parseArgString(s)
  assert.deepEqual(
    flags.map((f) => [f.name, f.value]),
    [
      ['--max-turns', '5'],
      ['--x', '${']
    ]
  )
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

test('claude_args: quoted values keep their text; a word of quoted and plain parts spans the whole run', async () => {
  const cases: [string, [string, string | undefined, string][]][] = [
    [
      '--model opus --allowedTools "Task,Skill,Read,Write,Grep,Glob,Bash"',
      [
        ['--model', 'opus', '--model opus'],
        [
          '--allowedTools',
          'Task,Skill,Read,Write,Grep,Glob,Bash',
          '--allowedTools "Task,Skill,Read,Write,Grep,Glob,Bash"'
        ]
      ]
    ],
    [
      `--system-prompt "You are the repository's reviewer"`,
      [['--system-prompt', "You are the repository's reviewer", `--system-prompt "You are the repository's reviewer"`]]
    ],
    [
      `--a 'x y'z "p q"'r s' --b= --c=1,2`,
      [
        ['--a', 'x yz', "--a 'x y'z"],
        ['--b', '', '--b='],
        ['--c', '1,2', '--c=1,2']
      ]
    ],
    [
      `--x "a#b" --y 'it''s' --z f\\ g`,
      [
        ['--x', 'a#b', '--x "a#b"'],
        ['--y', 'its', "--y 'it''s'"],
        ['--z', 'f g', '--z f\\ g']
      ]
    ],
    [
      `  --max-turns 5   --mcp-config '{"a": {"b": 1}}'  `,
      [
        ['--max-turns', '5', '--max-turns 5'],
        ['--mcp-config', '{"a": {"b": 1}}', `--mcp-config '{"a": {"b": 1}}'`]
      ]
    ]
  ]
  for (const [s, want] of cases) {
    const flags = await parseArgString(s)
    assert.deepEqual(
      flags.map((f) => [f.name, f.value, s.slice(f.start, f.end)]),
      want,
      s
    )
    assert.ok(
      flags.every((f) => f.shellDropped === undefined),
      s
    )
  }
})

test('claude_args, `keep` split (claude-code-action v1.0.149 on): parentheses and globs stay in their words, blanks still split', async () => {
  const s = '--max-turns 8\n--allowed-tools Bash(gh issue *),Read,Bash(gh pr:*) "Bash(git log *)" a|b;c&d<e>f\n# --model x\n--model opus'
  const flags = await parseArgString(s, 'keep')
  assert.deepEqual(
    flags.map((f) => [f.name, f.value, s.slice(f.start, f.end), f.shellDropped]),
    [
      ['--max-turns', '8', '--max-turns 8', undefined],
      // Each word is one entry of the action's list: joined with `,`, so `Bash(gh,issue,*)` is not read back as `Bash(gh issue *)`.
      [
        '--allowed-tools',
        'Bash(gh,issue,*),Read,Bash(gh,pr:*),Bash(git log *),a|b;c&d<e>f',
        '--allowed-tools Bash(gh issue *),Read,Bash(gh pr:*) "Bash(git log *)" a|b;c&d<e>f',
        undefined
      ],
      ['--model', 'opus', '--model opus', undefined]
    ]
  )
  // The same text split the old way (`drop`) loses the parentheses: `Bash` on its own.
  const old = await parseArgString(s, 'drop')
  assert.equal(old[1].value, 'Bash gh issue ,Read,Bash gh Bash(git log *) a b c d e f')
})
