import { test } from 'node:test'
import assert from 'node:assert/strict'
import { CI_STREAMS, claudePrintMode, mayRunClaudeAtTerminal, TERMINAL_STREAMS, type LaunchStreams } from '../../src/model/claude.js'
import { codeMayRunClaude, codeMayRunClaudeAtTerminal } from '../../src/analysis/code-claude-runs.js'
import { parseShell } from '../../src/shell/parse.js'

/** How each command of `text` that runs the `claude` program is judged: `by`, or `-` when not print mode. */
function modes(text: string, streams: LaunchStreams): string[] {
  return parseShell(text)
    .commands.filter((c) => c.words.some((w) => /claude/.test(w.text)))
    .map((c) => claudePrintMode(c, streams)?.by ?? '-')
}

// printWhenStdoutNotTty (src/facts/versions.ts): Claude Code 2.1.332 runs in print mode whenever its stdout is not a TTY.
test('claudePrintMode: in a workflow job (no TTY) a prompt on stdin or as an operand is print mode without -p', () => {
  const print = [
    'echo "$P" | claude --output-format json',
    'claude "fix the bug"',
    'claude <<EOF\nreview\nEOF',
    'claude <<< "$P"',
    'claude --model opus < prompt.md',
    'timeout 600 claude "q"',
    'npx -y @anthropic-ai/claude-code@2 "q"',
    'claude --allowedTools Bash -- "q"',
    'claude "q" --allowedTools Bash',
    // Options --help does not list that the CLI accepts, and `--opt=value`.
    'claude --max-turns 3 --permission-prompt-tool mcp__x__y "q"',
    'claude --model=opus "q"',
    // Inside a loop fed from a file: the loop's stdin is the command's.
    'while read -r f; do claude --output-format json; done < files.txt'
  ]
  for (const text of print) assert.deepEqual(modes(text, CI_STREAMS), ['stdout'], text)
  assert.deepEqual(modes('claude -p "q"', CI_STREAMS), ['flag'])
})

test('claudePrintMode: no prompt, a command of the CLI, help or version, or words not known: not a run', () => {
  const not = [
    'claude',
    'claude --output-format json',
    'claude --output-format json < /dev/null',
    'claude --version',
    'claude -v',
    'claude --help "q"',
    'claude mcp add github -- npx -y @modelcontextprotocol/server-github',
    'claude update',
    'claude doctor',
    'claude config set -g theme dark',
    'claude plugin install x',
    // The variadic option takes the prompt as one more tool, as the CLI's parser does.
    'claude --allowedTools Bash "q"',
    // Not known: may hold `--version`, a command, or eat the prompt.
    'claude $ARGS "q"',
    'claude "${ARGS[@]}"',
    'claude-retro "q"',
    // An option the CLI does not know ends it at once ("error: unknown option '--command'", 2.1.332).
    'claude run --command /integration-scan > /tmp/scan.log 2>&1',
    'claude --bogus "q"'
  ]
  for (const text of not) assert.deepEqual(modes(text, CI_STREAMS).filter((m) => m !== '-'), [], text)
})

test('claudePrintMode: where stdout may be a terminal, only a command that captures it is print mode', () => {
  const cases: [string, string[]][] = [
    ['claude "q"', ['-']],
    ['echo "$P" | claude', ['-']],
    ['claude "q" >&2', ['-']],
    ['claude "q" 2> err.log', ['-']],
    ['x=$(claude "q")', ['stdout']],
    ['x=`claude "q"`', ['stdout']],
    ['claude "q" | tee log', ['stdout']],
    ['claude "q" > out.txt', ['stdout']],
    ['claude "q" &> out.txt', ['stdout']],
    ['{ claude "q"; } > out.txt', ['stdout']],
    ['echo "$P" | claude > out.json', ['stdout']],
    ['x=$(claude --version)', ['-']],
    ['x=$(claude)', ['-']],
    ['claude -p "q"', ['flag']]
  ]
  for (const [text, want] of cases) assert.deepEqual(modes(text, TERMINAL_STREAMS), want, text)
  // Code that feeds the process's stdin: the prompt is there.
  assert.deepEqual(modes('claude --output-format json', { stdoutNotTerminal: true, stdinFed: true }), ['stdout'])
})

test('prefilters: a file that can hold a print-mode launch without -p is not skipped; one that cannot is', () => {
  // A workflow runs it (no TTY): any process start of `claude`.
  assert.equal(codeMayRunClaude('subprocess.run(["claude", "--output-format", "json"], input=p)'), true)
  assert.equal(codeMayRunClaude('spawn("/usr/local/bin/claude", [prompt])'), true)
  assert.equal(codeMayRunClaude('execSync(`cat p.md | claude --model opus`)'), true)
  assert.equal(codeMayRunClaude('MODEL = "claude"  # no process is started'), false)
  assert.equal(codeMayRunClaude('subprocess.run(["ls", ".claude/settings.json"])'), false)
  // It may run at a terminal: the call must capture the output (or -p as before).
  assert.equal(codeMayRunClaudeAtTerminal('subprocess.run(["claude", "q"], capture_output=True)', 'python'), true)
  assert.equal(codeMayRunClaudeAtTerminal('subprocess.check_output(["claude", "q"])', 'python'), true)
  assert.equal(codeMayRunClaudeAtTerminal('subprocess.run(["claude", "q"])', 'python'), false)
  assert.equal(codeMayRunClaudeAtTerminal('subprocess.run(["claude", "-p", "q"])', 'python'), true)
  assert.equal(codeMayRunClaudeAtTerminal("spawnSync('claude', [q])", 'typescript'), true)
  assert.equal(mayRunClaudeAtTerminal('answer=$(claude "q")'), true)
  assert.equal(mayRunClaudeAtTerminal('claude "q" | tee log'), true)
  assert.equal(mayRunClaudeAtTerminal('claude "q"'), false)
  assert.equal(mayRunClaudeAtTerminal('ls .claude/ | wc -l'), false)
})
