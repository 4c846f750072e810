/**
 * ScriptInfo.argReads / envReads of a shell hook script (src/analysis/hook-guards.ts),
 * from the parser's expansions (ShellScript.params): `$1`…`$9` in the words of
 * commands outside functions, the folklore variables (`$CLAUDE_TOOL_INPUT` …)
 * anywhere outside heredoc bodies and single quotes.
 */
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { discover } from '../../src/discover.js'
import { buildProject } from '../../src/model/project.js'
import { scriptInfo, type ScriptInfo } from '../../src/analysis/hook-guards.js'

async function info(script: string): Promise<ScriptInfo> {
  const dir = mkdtempSync(join(tmpdir(), 'cca-reads-'))
  try {
    const files: Record<string, string> = {
      '.claude/settings.json': JSON.stringify({ hooks: { PreToolUse: [{ matcher: 'Bash', hooks: [{ type: 'command', command: 'bash .claude/hooks/g.sh' }] }] } }),
      '.claude/hooks/g.sh': script
    }
    for (const [p, c] of Object.entries(files)) {
      mkdirSync(dirname(join(dir, p)), { recursive: true })
      writeFileSync(join(dir, p), c)
    }
    const project = await buildProject(await discover(dir))
    const i = scriptInfo(project, '.claude/hooks/g.sh')
    assert.ok(i)
    return i
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}

const args = (i: ScriptInfo): [number, string][] => i.argReads.map((r) => [r.start, i.file.text.slice(r.start, r.end)])
const envs = (i: ScriptInfo): [number, string, string][] => i.envReads.map((r) => [r.start, r.name, i.file.text.slice(r.start, r.end)])

test('positional reads: each $N and ${N…} in command words outside functions, whole', async () => {
  const i = await info('#!/bin/bash\necho "${1:-none}" $2\nf() { echo "$3"; }\n[[ $4 == x ]]\ncat <<EOF\n$5\nEOF\n')
  assert.deepEqual(args(i), [
    [18, '${1:-none}'],
    [30, '$2']
  ])
})

test("a positional read after '$x' in the same word is read (it is not single-quoted)", async () => {
  const i = await info("#!/bin/bash\nprintf '$x'\"$1\"\n")
  assert.deepEqual(args(i), [[24, '$1']])
})

test("env reads: in words (after $'\\'' too: not a plain single quote), tests and case; not in heredoc bodies, single quotes, presence tests or ${#X}", async () => {
  const i = await info(
    [
      '#!/bin/bash',
      'echo "$CLAUDE_TOOL_INPUT" \'$CLAUDE_FILE_PATHS\'',
      '[[ -n "$CLAUDE_PROMPT" ]] || exit 0',
      'case "${TOOL_NAME}" in x) ;; esac',
      'echo ${#TOOL_INPUT}',
      'cat <<EOF',
      '$CLAUDE_COMMAND',
      'EOF',
      "echo $'\\''\"$CLAUDE_TOOL_INPUT\"",
      ''
    ].join('\n')
  )
  assert.deepEqual(envs(i), [
    [18, 'CLAUDE_TOOL_INPUT', '$CLAUDE_TOOL_INPUT'],
    [101, 'TOOL_NAME', '${TOOL_NAME'],
    [190, 'CLAUDE_TOOL_INPUT', '$CLAUDE_TOOL_INPUT']
  ])
})

test('an expansion inside $(…) in a word is one read, not one per command that holds it', async () => {
  const i = await info('#!/bin/bash\nx="$(echo "$CLAUDE_TOOL_INPUT" | jq .)"\n')
  assert.deepEqual(envs(i), [[23, 'CLAUDE_TOOL_INPUT', '$CLAUDE_TOOL_INPUT']])
})
