/**
 * The conformance suite: every behavioural claim our rules and messages rely on,
 * checked against the real Claude Code (`npm run conformance`). Each test runs
 * `claude -p` in a scratch project against the scripted Messages API on
 * loopback, makes one or more tool calls, and reads what Claude Code did from the
 * tool results it sends back (ran, denied, blocked by a hook, with the reason)
 * and from the request body (what entered the model's context).
 *
 * Each test is named by the id of the fact it proves (src/facts/: the table of
 * version-dependent facts names these ids). A failure means Claude Code changed:
 * the fact, the rules that rely on it and their messages must change with it.
 */
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { runClaude, type ClaudeRunResult, type ClaudeRunSpec } from '../../src/claude-harness/run-claude.js'
// @ts-expect-error -- a plain ES module script without types
import { claudeClient } from '../../scripts/claude-client.mjs'

const CLAUDE: string = process.env.CONFORMANCE_CLAUDE ?? claudeClient()

/** The harmless command whose effect shows that a Bash call ran: it makes a file. */
const CANARY = 'touch canary-ran && echo canary-output'

/** A hook script (POSIX sh) that reads its payload and ends with `body`. */
function hook(body: string): { text: string; mode: number } {
  return { text: `#!/bin/sh\ncat >/dev/null\n${body}\n`, mode: 0o755 }
}

/** Project settings as a file. */
function settings(obj: unknown): string {
  return `${JSON.stringify(obj, null, 2)}\n`
}

/** PreToolUse hooks on Bash running `.claude/hooks/guard.sh`, with extra handler keys. */
function bashGuard(extra: Record<string, unknown> = {}, matcher = 'Bash'): Record<string, unknown> {
  return {
    PreToolUse: [
      { matcher, hooks: [{ type: 'command', command: '"$CLAUDE_PROJECT_DIR"/.claude/hooks/guard.sh', ...extra }] }
    ]
  }
}

async function run(spec: Omit<ClaudeRunSpec, 'claude'>): Promise<ClaudeRunResult> {
  const r = await runClaude({ claude: CLAUDE, ...spec })
  return r
}

/** Runs, asserts one tool result came back, returns it with the run; cleans up after `check`. */
async function fact(spec: Omit<ClaudeRunSpec, 'claude'>, check: (r: ClaudeRunResult, ran: boolean) => void): Promise<void> {
  const r = await run(spec)
  try {
    assert.ok(r.toolResults.length >= (spec.toolCalls?.length ?? 0), `no tool result came back (exit ${r.exitCode}): ${r.stderr.slice(0, 500)} ${r.stdout.slice(0, 500)}`)
    check(r, existsSync(join(r.projectDir, 'canary-ran')))
  } finally {
    r.cleanup()
  }
}

const bash = (command: string): { name: string; input: Record<string, unknown> } => ({
  name: 'Bash',
  input: { command, description: 'conformance canary' }
})

test('hook-exit-2-blocks: a PreToolUse hook that exits 2 blocks the call, and its stderr reaches Claude', async () => {
  await fact(
    {
      files: { '.claude/settings.json': settings({ hooks: bashGuard() }), '.claude/hooks/guard.sh': hook('echo "guard says no" >&2\nexit 2') },
      toolCalls: [bash(CANARY)],
      args: ['--allowedTools', 'Bash']
    },
    (r, ran) => {
      assert.equal(ran, false)
      assert.equal(r.toolResults[0].isError, true)
      assert.match(r.toolResults[0].text, /guard says no/)
    }
  )
})

test('hook-exit-1-does-not-block: a PreToolUse hook that exits 1 lets the call run', async () => {
  await fact(
    {
      files: { '.claude/settings.json': settings({ hooks: bashGuard() }), '.claude/hooks/guard.sh': hook('echo "guard says no" >&2\nexit 1') },
      toolCalls: [bash(CANARY)],
      args: ['--allowedTools', 'Bash']
    },
    (r, ran) => {
      assert.equal(ran, true)
      assert.match(r.toolResults[0].text, /canary-output/)
    }
  )
})

test('hook-missing-script-does-not-block: a hook whose script is missing (exit 127) lets the call run', async () => {
  await fact(
    {
      files: { '.claude/settings.json': settings({ hooks: bashGuard() }) },
      toolCalls: [bash(CANARY)],
      args: ['--allowedTools', 'Bash']
    },
    (_r, ran) => assert.equal(ran, true)
  )
})

test('hook-decision-json-denies: exit 0 with a PreToolUse decision JSON (hookEventName, permissionDecision deny) blocks the call', async () => {
  const json = JSON.stringify({
    hookSpecificOutput: { hookEventName: 'PreToolUse', permissionDecision: 'deny', permissionDecisionReason: 'decision says no' }
  })
  await fact(
    {
      files: { '.claude/settings.json': settings({ hooks: bashGuard() }), '.claude/hooks/guard.sh': hook(`echo '${json}'\nexit 0`) },
      toolCalls: [bash(CANARY)],
      args: ['--allowedTools', 'Bash']
    },
    (r, ran) => {
      assert.equal(ran, false)
      assert.match(r.toolResults[0].text, /decision says no/)
    }
  )
})

test('hook-on-failure-block: onFailure "block" turns an unexpected exit code into a block', async () => {
  await fact(
    {
      files: {
        '.claude/settings.json': settings({ hooks: bashGuard({ onFailure: 'block' }) }),
        '.claude/hooks/guard.sh': hook('echo "guard crashed" >&2\nexit 1')
      },
      toolCalls: [bash(CANARY)],
      args: ['--allowedTools', 'Bash']
    },
    (r, ran) => {
      assert.equal(ran, false)
      assert.equal(r.toolResults[0].isError, true)
    }
  )
})

test('hook-async-does-not-block: an async hook that exits 2 does not block the call', async () => {
  await fact(
    {
      files: {
        '.claude/settings.json': settings({ hooks: bashGuard({ async: true }) }),
        '.claude/hooks/guard.sh': hook('echo "guard says no" >&2\nexit 2')
      },
      toolCalls: [bash(CANARY)],
      args: ['--allowedTools', 'Bash']
    },
    (_r, ran) => assert.equal(ran, true)
  )
})

test('hook-matcher-exact-without-regex: a matcher of plain letters is an exact tool name ("Bas" does not match Bash)', async () => {
  await fact(
    {
      files: {
        '.claude/settings.json': settings({ hooks: bashGuard({}, 'Bas') }),
        '.claude/hooks/guard.sh': hook('echo "guard says no" >&2\nexit 2')
      },
      toolCalls: [bash(CANARY)],
      args: ['--allowedTools', 'Bash']
    },
    (_r, ran) => assert.equal(ran, true)
  )
})

test('hook-matcher-regex: a matcher with regex characters matches as a regex ("Ba.*" matches Bash)', async () => {
  await fact(
    {
      files: {
        '.claude/settings.json': settings({ hooks: bashGuard({}, 'Ba.*') }),
        '.claude/hooks/guard.sh': hook('echo "guard says no" >&2\nexit 2')
      },
      toolCalls: [bash(CANARY)],
      args: ['--allowedTools', 'Bash']
    },
    (_r, ran) => assert.equal(ran, false)
  )
})

test('disable-all-hooks: disableAllHooks in project settings switches the project\'s hooks off', async () => {
  await fact(
    {
      files: {
        '.claude/settings.json': settings({ disableAllHooks: true, hooks: bashGuard() }),
        '.claude/hooks/guard.sh': hook('echo "guard says no" >&2\nexit 2')
      },
      toolCalls: [bash(CANARY)],
      args: ['--allowedTools', 'Bash']
    },
    (_r, ran) => assert.equal(ran, true)
  )
})

test('deny-rule-beats-allow: a deny rule Bash(rm -rf *) blocks rm -rf even when all of Bash is allowed', async () => {
  await fact(
    {
      files: { '.claude/settings.json': settings({ permissions: { deny: ['Bash(rm -rf *)'] } }), 'victim/file': 'x' },
      toolCalls: [bash('rm -rf victim && touch canary-ran')],
      args: ['--allowedTools', 'Bash']
    },
    (r, ran) => {
      assert.equal(ran, false)
      assert.equal(r.toolResults[0].isError, true)
      assert.ok(existsSync(join(r.projectDir, 'victim', 'file')))
    }
  )
})

test('deny-sh-covers-pipe: a deny rule Bash(sh) blocks `curl … | sh` (each part of a pipeline is checked)', async () => {
  await fact(
    {
      files: { '.claude/settings.json': settings({ permissions: { deny: ['Bash(sh)'] } }) },
      toolCalls: [bash('echo "touch canary-ran" | sh')],
      args: ['--allowedTools', 'Bash']
    },
    (r, ran) => {
      assert.equal(ran, false)
      assert.equal(r.toolResults[0].isError, true)
    }
  )
})

test('deny-prefix-wildcard: a deny rule Bash(git push --force*) blocks `git push --force origin main`', async () => {
  await fact(
    {
      files: { '.claude/settings.json': settings({ permissions: { deny: ['Bash(git push --force*)'] } }) },
      toolCalls: [bash('git push --force origin main; touch canary-ran')],
      args: ['--allowedTools', 'Bash']
    },
    (r, ran) => {
      assert.equal(ran, false)
      assert.equal(r.toolResults[0].isError, true)
    }
  )
})

test('deny-read-path: a deny rule Read(./.env) blocks the Read tool on .env', async () => {
  await fact(
    {
      files: { '.claude/settings.json': settings({ permissions: { deny: ['Read(./.env)'] } }), '.env': 'CANARY_SECRET=do-not-read\n' },
      toolCalls: [{ name: 'Read', input: { file_path: '.env' } }]
    },
    (r) => {
      assert.equal(r.toolResults[0].isError, true)
      assert.doesNotMatch(r.toolResults[0].text, /do-not-read/)
    }
  )
})

test('tool-star-is-all-uses: an allow rule Bash(*) allows every command, like bare Bash', async () => {
  await fact(
    {
      toolCalls: [bash(CANARY)],
      args: ['--allowedTools', 'Bash(*)']
    },
    (_r, ran) => assert.equal(ran, true)
  )
})

test('exec-wrappers-always-prompt: a prefix allow rule does not pre-approve find -exec/-delete, watch, setsid, flock or ionice; it does tmux', async () => {
  const calls: [string, string][] = [
    ['find-exec', 'find . -maxdepth 1 -name x.txt -exec touch canary-find-exec {} +'],
    ['find-delete', 'find . -maxdepth 1 -name y.txt -delete'],
    ['setsid', 'setsid touch canary-setsid'],
    ['flock', 'flock lockfile touch canary-flock'],
    ['ionice', 'ionice -c3 touch canary-ionice'],
    ['find-plain', 'find . -maxdepth 1 -name x.txt']
  ]
  const r = await run({
    files: { 'x.txt': 'x\n', 'y.txt': 'y\n' },
    toolCalls: calls.map(([, command]) => bash(command)),
    args: ['--allowedTools', 'Bash(find *)', 'Bash(setsid *)', 'Bash(flock *)', 'Bash(ionice *)']
  })
  try {
    assert.equal(r.toolResults.length, calls.length, r.stderr.slice(0, 500))
    for (const name of ['find-exec', 'setsid', 'flock', 'ionice']) assert.equal(existsSync(join(r.projectDir, `canary-${name}`)), false, name)
    assert.equal(existsSync(join(r.projectDir, 'y.txt')), true, 'find -delete ran')
    // Each refused call came back as an error; the plain find ran and printed its match.
    assert.deepEqual(r.toolResults.map((t) => t.isError), [true, true, true, true, true, false])
    assert.match(r.toolResults[5].text, /x\.txt/)
  } finally {
    r.cleanup()
  }
})

test('print-mode-denies-unapproved: in -p a Bash call no rule allows is denied, not run', async () => {
  await fact({ toolCalls: [bash(CANARY)] }, (r, ran) => {
    assert.equal(ran, false)
    assert.equal(r.toolResults[0].isError, true)
  })
})

test('project-bypass-mode-ignored: defaultMode "bypassPermissions" in project settings does not skip permission checks', async () => {
  await fact(
    {
      files: { '.claude/settings.json': settings({ permissions: { defaultMode: 'bypassPermissions' } }) },
      toolCalls: [bash(CANARY)],
      env: { IS_SANDBOX: '1' }
    },
    (r, ran) => {
      assert.equal(ran, false)
      assert.equal(r.toolResults[0].isError, true)
    }
  )
})

test('claudeignore-not-read: .claudeignore does not stop the Read tool', async () => {
  await fact(
    {
      files: { '.claudeignore': 'secret.txt\n', 'secret.txt': 'canary-secret-content\n' },
      toolCalls: [{ name: 'Read', input: { file_path: 'secret.txt' } }]
    },
    (r) => {
      assert.equal(r.toolResults[0].isError, false)
      assert.match(r.toolResults[0].text, /canary-secret-content/)
    }
  )
})

test('memory-imports-load: CLAUDE.md and what it imports with @path enter the model\'s context; a missing import is skipped', async () => {
  const r = await run({
    files: {
      'CLAUDE.md': '# Memory\nmemory-canary-root\n@docs/a.md\n@docs/missing.md\n',
      'docs/a.md': 'memory-canary-imported\n'
    }
  })
  try {
    assert.equal(r.exitCode, 0, r.stderr)
    assert.match(r.firstRequestText, /memory-canary-root/)
    assert.match(r.firstRequestText, /memory-canary-imported/)
  } finally {
    r.cleanup()
  }
})

test('memory-import-depth-4: imports are followed 4 hops deep and no further', async () => {
  const files: Record<string, string> = { 'CLAUDE.md': '@m1.md\n' }
  for (let i = 1; i <= 6; i++) files[`m${i}.md`] = `memory-canary-hop-${i}\n${i < 6 ? `@m${i + 1}.md\n` : ''}`
  const r = await run({ files })
  try {
    assert.equal(r.exitCode, 0, r.stderr)
    for (let i = 1; i <= 4; i++) assert.match(r.firstRequestText, new RegExp(`memory-canary-hop-${i}\\b`), `hop ${i}`)
    assert.doesNotMatch(r.firstRequestText, /memory-canary-hop-5\b/)
  } finally {
    r.cleanup()
  }
})

test('agents-md-fallback: with no CLAUDE.md, AGENTS.md enters the model\'s context', async () => {
  const r = await run({ files: { 'AGENTS.md': '# Agents\nagents-canary-text\n' } })
  try {
    assert.equal(r.exitCode, 0, r.stderr)
    assert.match(r.firstRequestText, /agents-canary-text/)
  } finally {
    r.cleanup()
  }
})

test('agents-md-not-with-claude-md: next to a CLAUDE.md, AGENTS.md is not read', async () => {
  const r = await run({ files: { 'CLAUDE.md': 'claude-canary-text\n', 'AGENTS.md': 'agents-canary-text\n' } })
  try {
    assert.equal(r.exitCode, 0, r.stderr)
    assert.match(r.firstRequestText, /claude-canary-text/)
    assert.doesNotMatch(r.firstRequestText, /agents-canary-text/)
  } finally {
    r.cleanup()
  }
})

/** Reads `rel` in the project with the Read tool (it takes an absolute path). */
const readIn = (rel: string) => (_url: string, dir: string) => [{ name: 'Read', input: { file_path: join(dir, rel) } }]

/** Every main-loop request body after the first (what entered the context once the tool calls ran). */
const laterContext = (r: ClaudeRunResult): string =>
  r.requests
    .filter((q) => q.main)
    .slice(1)
    .map((q) => JSON.stringify(q.body))
    .join('\n')

test('agents-md-off-in-claude-project: with a root CLAUDE.md or CLAUDE.local.md, no AGENTS.md is read, not at launch nor in a subfolder without a CLAUDE.md when Claude reads files there', async () => {
  for (const root of ['CLAUDE.md', 'CLAUDE.local.md']) {
    const r = await run({
      files: {
        [root]: 'claude-root-canary-text\n',
        'AGENTS.md': 'agents-canary-root\n',
        'sub/AGENTS.md': 'agents-canary-sub\n',
        'sub/file.txt': 'sub-file-canary-text\n'
      },
      toolCallsFor: readIn('sub/file.txt')
    })
    try {
      assert.equal(r.exitCode, 0, r.stderr)
      assert.match(r.firstRequestText, /claude-root-canary-text/, root)
      assert.match(r.toolResults[0]?.text ?? '', /sub-file-canary-text/, 'the Read ran')
      assert.doesNotMatch(r.firstRequestText + laterContext(r), /agents-canary-(root|sub)/, root)
    } finally {
      r.cleanup()
    }
  }
})

test('agents-md-nested-fallback: with no root CLAUDE.md, a subfolder\'s AGENTS.md is attached when Claude reads a file there, unless that folder has a CLAUDE.md', async () => {
  const r = await run({
    files: {
      'sub/AGENTS.md': 'agents-canary-sub\n',
      'sub/file.txt': 'sub-file-canary-text\n',
      'web/AGENTS.md': 'agents-canary-web\n',
      'web/CLAUDE.md': 'claude-canary-web\n',
      'web/file.txt': 'web-file-canary-text\n'
    },
    toolCallsFor: (url, dir) => [...readIn('sub/file.txt')(url, dir), ...readIn('web/file.txt')(url, dir)]
  })
  try {
    assert.equal(r.exitCode, 0, r.stderr)
    assert.equal(r.toolResults.length, 2, 'both Reads came back')
    assert.doesNotMatch(r.firstRequestText, /agents-canary-sub/)
    const later = laterContext(r)
    assert.match(later, /agents-canary-sub/)
    assert.match(later, /claude-canary-web/)
    assert.doesNotMatch(later, /agents-canary-web/)
  } finally {
    r.cleanup()
  }
})

test('agents-md-mention: an @-mentioned file attaches its folder\'s AGENTS.md when the project has no root CLAUDE.md, and not when it has one', async () => {
  for (const root of [undefined, 'CLAUDE.md']) {
    const r = await run({
      files: {
        ...(root ? { [root]: 'claude-root-canary-text\n' } : {}),
        'sub/AGENTS.md': 'agents-canary-sub\n',
        'sub/file.txt': 'sub-file-canary-text\n'
      },
      prompt: 'Look at @sub/file.txt please.'
    })
    try {
      assert.equal(r.exitCode, 0, r.stderr)
      assert.match(r.firstRequestText, /sub-file-canary-text/, 'the mentioned file is attached')
      if (root) assert.doesNotMatch(r.firstRequestText, /agents-canary-sub/, 'with a root CLAUDE.md')
      else assert.match(r.firstRequestText, /agents-canary-sub/, 'with no CLAUDE.md')
    } finally {
      r.cleanup()
    }
  }
})

test('unparsable-settings-dropped: a settings file that does not parse (a comment) is skipped whole: its deny rules are gone', async () => {
  await fact(
    {
      files: { '.claude/settings.json': '{\n  // no comments in JSON\n  "permissions": { "deny": ["Bash(touch *)"] }\n}\n' },
      toolCalls: [bash(CANARY)],
      args: ['--allowedTools', 'Bash']
    },
    (_r, ran) => assert.equal(ran, true)
  )
})

test('unknown-hook-event-ignored: an unknown hook event name does not void the file: its deny rules still apply', async () => {
  await fact(
    {
      files: {
        '.claude/settings.json': settings({
          permissions: { deny: ['Bash(touch *)'] },
          hooks: { PreToolUsee: [{ hooks: [{ type: 'command', command: 'true' }] }] }
        })
      },
      toolCalls: [bash(CANARY)],
      args: ['--allowedTools', 'Bash']
    },
    (_r, ran) => assert.equal(ran, false)
  )
})

test('hook-decision-json-needs-event-name: a PreToolUse decision JSON without hookEventName does not block', async () => {
  const json = JSON.stringify({ hookSpecificOutput: { permissionDecision: 'deny', permissionDecisionReason: 'decision says no' } })
  await fact(
    {
      files: { '.claude/settings.json': settings({ hooks: bashGuard() }), '.claude/hooks/guard.sh': hook(`echo '${json}'\nexit 0`) },
      toolCalls: [bash(CANARY)],
      args: ['--allowedTools', 'Bash']
    },
    (_r, ran) => assert.equal(ran, true)
  )
})

test('hook-exit-1-decision-json-blocks: exit 1 with a valid decision JSON on stdout blocks (the JSON alone decides)', async () => {
  const json = JSON.stringify({
    hookSpecificOutput: { hookEventName: 'PreToolUse', permissionDecision: 'deny', permissionDecisionReason: 'decision says no' }
  })
  await fact(
    {
      files: { '.claude/settings.json': settings({ hooks: bashGuard() }), '.claude/hooks/guard.sh': hook(`echo '${json}'\nexit 1`) },
      toolCalls: [bash(CANARY)],
      args: ['--allowedTools', 'Bash']
    },
    (r, ran) => {
      assert.equal(ran, false)
      assert.match(r.toolResults[0].text, /decision says no/)
    }
  )
})

test('write-path-rule-not-consulted: a deny rule Write(./notes.txt) does not stop the Write tool', async () => {
  await fact(
    {
      files: { '.claude/settings.json': settings({ permissions: { deny: ['Write(./notes.txt)'] } }) },
      toolCalls: [{ name: 'Write', input: { file_path: 'notes.txt', content: 'canary-written\n' } }],
      args: ['--allowedTools', 'Write']
    },
    (r) => {
      assert.equal(r.toolResults[0].isError, false, r.toolResults[0].text)
      assert.ok(existsSync(join(r.projectDir, 'notes.txt')))
    }
  )
})

test('edit-path-rule-covers-write: a deny rule Edit(./notes.txt) stops the Write tool', async () => {
  await fact(
    {
      files: { '.claude/settings.json': settings({ permissions: { deny: ['Edit(./notes.txt)'] } }) },
      toolCalls: [{ name: 'Write', input: { file_path: 'notes.txt', content: 'canary-written\n' } }],
      args: ['--allowedTools', 'Write']
    },
    (r) => {
      assert.equal(r.toolResults[0].isError, true)
      assert.ok(!existsSync(join(r.projectDir, 'notes.txt')))
    }
  )
})

/** The permission mode a `claude -p` session starts in, from its stream-json init message. */
function startMode(stdout: string): string | undefined {
  for (const line of stdout.split('\n')) {
    if (!line.includes('"subtype":"init"')) continue
    try {
      return (JSON.parse(line) as { permissionMode?: string }).permissionMode
    } catch {
      return undefined
    }
  }
  return undefined
}

test('print-mode-starts-in-default: claude -p with no permission mode, first-party API, starts in default mode', async () => {
  const r = await run({ hookEvents: true })
  try {
    assert.equal(startMode(r.stdout), 'default', r.stdout.slice(0, 400))
  } finally {
    r.cleanup()
  }
})

test('print-mode-telemetry-off-starts-in-default: with telemetry off (DISABLE_TELEMETRY=1) claude -p still starts in default mode, not auto (the 2.1.285 changelog entry does not reproduce here)', async () => {
  const r = await run({ hookEvents: true, env: { DISABLE_TELEMETRY: '1' } })
  try {
    assert.equal(startMode(r.stdout), 'default', r.stdout.slice(0, 400))
  } finally {
    r.cleanup()
  }
})

test('permission-mode-dont-ask: claude -p --permission-mode dontAsk starts in dontAsk (the mode we recommend in CI)', async () => {
  const r = await run({ hookEvents: true, args: ['--permission-mode', 'dontAsk'] })
  try {
    assert.equal(startMode(r.stdout), 'dontAsk', r.stdout.slice(0, 400))
  } finally {
    r.cleanup()
  }
})

test('tools-flag-limits-bypass: with `--tools WebFetch` a session started with --dangerously-skip-permissions has no Bash tool: a Bash call is not run', async () => {
  await fact(
    {
      toolCalls: [bash(CANARY)],
      args: ['--dangerously-skip-permissions', '--tools', 'WebFetch,WebSearch'],
      env: { IS_SANDBOX: '1' }
    },
    (r, ran) => {
      assert.equal(ran, false)
      assert.equal(r.toolResults[0].isError, true)
      const tools = (JSON.parse(r.firstRequestText) as { tools?: { name: string }[] }).tools ?? []
      const names = tools.map((t) => t.name)
      assert.ok(names.includes('WebFetch') && names.includes('WebSearch'), names.join(', '))
      assert.ok(!names.includes('Bash') && !names.includes('Edit') && !names.includes('Write'), names.join(', '))
    }
  )
})

test('bypass-runs-bash: the same session without `--tools` runs the Bash call', async () => {
  await fact(
    { toolCalls: [bash(CANARY)], args: ['--dangerously-skip-permissions'], env: { IS_SANDBOX: '1' } },
    (_r, ran) => assert.equal(ran, true)
  )
})

test('print-mode-when-stdout-not-a-tty: without -p, the prompt on stdin and stdout a pipe, claude runs in print mode: --max-turns 1 stops it after one tool turn (exit 1, error_max_turns); with no prompt it fails as print mode does', async () => {
  const r = await run({
    print: false,
    stdin: 'Run the tool calls.',
    args: ['--allowedTools', 'Bash', '--max-turns', '1'],
    turns: [{ toolCalls: [bash('touch canary-1 && echo one')] }, { toolCalls: [bash('touch canary-2 && echo two')] }, { text: 'done' }]
  })
  try {
    assert.equal(r.exitCode, 1, `${r.stderr.slice(0, 400)} ${r.stdout.slice(0, 400)}`)
    const result = JSON.parse(r.stdout.trim()) as { type?: string; subtype?: string; is_error?: boolean }
    assert.deepEqual([result.type, result.subtype, result.is_error], ['result', 'error_max_turns', true])
    // The first turn's tool ran; the second turn was never asked for.
    assert.deepEqual([existsSync(join(r.projectDir, 'canary-1')), existsSync(join(r.projectDir, 'canary-2'))], [true, false])
    assert.equal(r.requests.filter((q) => q.main).length, 1)
  } finally {
    r.cleanup()
  }
  // Nothing fed and no prompt: print mode's own error, not an interactive session waiting for input.
  const empty = await run({ print: false, prompt: '', stdin: '', timeoutMs: 60_000 })
  try {
    assert.equal(empty.exitCode, 1)
    assert.match(empty.stderr, /Input must be provided either through stdin or as a prompt argument when using --print/)
  } finally {
    empty.cleanup()
  }
})
