import { test } from 'node:test'
import assert from 'node:assert/strict'
import { runRule, runRuleIn, expectFindings, writeFixture, preToolUseSettings } from './harness.js'
import { rmSync } from 'node:fs'

const RULE = 'hook-unregistered'

const GUARD_SH = `#!/bin/bash
input=$(cat)
cmd=$(jq -r '.tool_input.command' <<<"$input")
if [[ "$cmd" == *"rm -rf"* ]]; then echo "blocked" >&2; exit 2; fi
exit 0
`
function settings(event: string, command: string): string {
  return JSON.stringify({ hooks: { [event]: [{ matcher: 'Bash', hooks: [{ type: 'command', command }] }] } }, null, 2)
}

test('hook-unregistered: a guard script no settings file registers', async () => {
  const findings = await runRule(RULE, {
    '.claude/settings.json': settings('PreToolUse', '"$CLAUDE_PROJECT_DIR"/.claude/hooks/other.sh'),
    '.claude/hooks/other.sh': GUARD_SH,
    '.claude/hooks/block-secrets.sh': GUARD_SH // NOT OK: nothing runs it
  })
  expectFindings(findings, [
    {
      file: '.claude/hooks/block-secrets.sh',
      line: 1,
      column: 1,
      endLine: 1,
      endColumn: 12,
      severity: 'medium',
      message:
        'guard script is not registered by any committed settings file, agent, command, skill or plugin hook, so Claude Code never runs it'
    }
  ])
})

test('hook-unregistered: registration through settings, frontmatter, a calling script or a plugin counts', async () => {
  const findings = await runRule(RULE, {
    '.claude/settings.json': settings('PreToolUse', 'bash "$CLAUDE_PROJECT_DIR"/.claude/hooks/dispatch.sh'),
    '.claude/hooks/dispatch.sh': `#!/bin/bash
input=$(cat)
printf '%s' "$input" | "$(dirname "$0")"/checks/no-rm.sh || exit 2
`,
    '.claude/hooks/checks/no-rm.sh': GUARD_SH,
    '.claude/agents/reviewer.md': `---
name: reviewer
hooks:
  PreToolUse:
    - matcher: Bash
      hooks:
        - type: command
          command: "$CLAUDE_PROJECT_DIR/.claude/hooks/reviewer-guard.py"
---
Review code.
`,
    '.claude/hooks/reviewer-guard.py': `import json, sys
data = json.load(sys.stdin)
if "git push" in data["tool_input"]["command"]:
    sys.exit(2)
`,
    'plugins/safety/hooks/hooks.json': JSON.stringify({
      hooks: {
        PreToolUse: [
          { matcher: 'Bash', hooks: [{ type: 'command', command: '${CLAUDE_PLUGIN_ROOT}/hooks/pre-tool-use.sh' }] }
        ]
      }
    }),
    'plugins/safety/hooks/pre-tool-use.sh': GUARD_SH
  })
  expectFindings(findings, [])
})

test('hook-unregistered: helpers, loggers and template trees are not guard scripts', async () => {
  const findings = await runRule(RULE, {
    '.claude/settings.json': '{}',
    '.claude/hooks/utils/deny.sh': GUARD_SH, // OK: helper folder
    '.claude/hooks/_common.sh': GUARD_SH, // OK: private helper
    '.claude/hooks/__init__.py': 'import sys\nsys.exit(2)\n', // OK
    '.claude/hooks/log-tools.sh': '#!/bin/sh\ncat >> "$CLAUDE_PROJECT_DIR/.claude/tools.log"\n', // OK: never blocks
    '.claude/hooks/README.md': 'exit 2\n',
    'templates/python/.claude/hooks/pre-tool-use.sh': GUARD_SH, // OK: copied elsewhere before it runs
    'examples/demo/.claude/hooks/pre-tool-use.sh': GUARD_SH
  })
  expectFindings(findings, [])
})

test('hook-unregistered: registered only in an untracked settings.local.json', async () => {
  const files = {
    '.claude/settings.local.json': settings('PreToolUse', '"$CLAUDE_PROJECT_DIR"/.claude/hooks/enforce.sh'),
    '.claude/hooks/enforce.sh': GUARD_SH
  }
  const untracked = await runRule(RULE, files)
  expectFindings(untracked, [
    {
      file: '.claude/hooks/enforce.sh',
      line: 1,
      column: 1,
      severity: 'low',
      message: 'registered only in a `.claude/settings.local.json`'
    }
  ])
  const committed = await runRule(RULE, files, { git: true })
  expectFindings(committed, [])
})

test('hook-unregistered: a registered guard that reads $1 or a folklore env var instead of stdin', async () => {
  const findings = await runRule(RULE, {
    '.claude/settings.json': JSON.stringify(
      {
        hooks: {
          PreToolUse: [
            { matcher: 'Bash', hooks: [{ type: 'command', command: '"$CLAUDE_PROJECT_DIR"/.claude/hooks/args.sh' }] },
            {
              matcher: 'Edit',
              hooks: [{ type: 'command', command: 'python3 "$CLAUDE_PROJECT_DIR"/.claude/hooks/env.py' }]
            },
            {
              matcher: 'Write',
              hooks: [{ type: 'command', command: '"$CLAUDE_PROJECT_DIR"/.claude/hooks/passed.sh Write' }]
            }
          ]
        }
      },
      null,
      2
    ),
    '.claude/hooks/args.sh': `#!/bin/bash
TOOL_ARGS="$1" # NOT OK
if echo "$TOOL_ARGS" | grep -q 'rm -rf'; then exit 2; fi
`,
    '.claude/hooks/env.py': `import os, sys
path = os.environ.get("CLAUDE_FILE_PATHS", "")  # NOT OK
if ".env" in path:
    sys.exit(2)
`,
    '.claude/hooks/passed.sh': `#!/bin/bash
tool="$1" # OK: the hook command passes it
payload=$(cat)
[ "$tool" = Write ] && grep -q secret <<<"$payload" && exit 2
exit 0
`
  })
  expectFindings(findings, [
    {
      file: '.claude/hooks/args.sh',
      line: 2,
      column: 12,
      endColumn: 14,
      message:
        'the PreToolUse hook runs this guard, but the guard reads its input from `$1`: Claude Code passes no arguments (the payload is JSON on stdin), so it never sees the tool call'
    },
    {
      file: '.claude/hooks/env.py',
      line: 2,
      column: 8,
      message:
        'the PreToolUse hook runs this guard, but the guard reads `$CLAUDE_FILE_PATHS`, which Claude Code never sets'
    }
  ])
})

test('hook-unregistered: folklore env vars in shell tests and in the hook command itself', async () => {
  const hook = (matcher: string, command: string): unknown => ({ matcher, hooks: [{ type: 'command', command }] })
  const findings = await runRule(RULE, {
    '.claude/settings.json': JSON.stringify(
      {
        hooks: {
          PreToolUse: [
            hook('Edit', '"$CLAUDE_PROJECT_DIR"/.claude/hooks/test.sh'),
            hook('Bash', "if echo \"$CLAUDE_TOOL_INPUT\" | grep -q 'rm -rf'; then echo 'blocked' >&2; exit 2; fi"),
            hook('Write', '"$CLAUDE_PROJECT_DIR"/.claude/hooks/args.sh "$TOOL_INPUT"'),
            hook('Read', "jq -r .tool_input.file_path | grep -q '\\.env' && exit 2 || exit 0"),
            hook('Glob', '"$CLAUDE_PROJECT_DIR"/.claude/hooks/quoted.sh')
          ],
          PostToolUse: [hook('Edit', 'npx prettier --write "$CLAUDE_FILE_PATHS"')]
        }
      },
      null,
      2
    ),
    '.claude/hooks/test.sh': `#!/bin/bash
if [[ "$TOOL_INPUT" == *".env"* ]]; then exit 2; fi # NOT OK
case "$CLAUDE_TOOL_NAME" in Bash) ;; esac
`,
    '.claude/hooks/args.sh': `#!/bin/bash
if [[ "$1" == *".env"* ]]; then echo "no" >&2; exit 2; fi
`,
    // OK: single-quoted, a comment and a heredoc body are not expansions.
    '.claude/hooks/quoted.sh': `#!/bin/bash
# reads $TOOL_INPUT? no: stdin
input=$(cat)
echo 'set $TOOL_INPUT yourself' >&2
cat <<'EOF' >/dev/null
$CLAUDE_TOOL_INPUT
EOF
if [[ "$input" == *".env"* ]]; then exit 2; fi
`
  })
  expectFindings(findings, [
    {
      file: '.claude/hooks/test.sh',
      line: 2,
      column: 8,
      endColumn: 19,
      severity: 'medium',
      message:
        'the PreToolUse hook runs this guard, but the guard reads `$TOOL_INPUT`, which Claude Code never sets (the payload is JSON on stdin), so it never sees its input'
    },
    {
      file: '.claude/settings.json',
      line: 18,
      column: 35,
      endColumn: 53,
      severity: 'medium',
      message:
        'this PreToolUse hook command checks `$CLAUDE_TOOL_INPUT`, which Claude Code never sets (the payload is JSON on stdin), so the check never sees its input'
    },
    {
      file: '.claude/settings.json',
      line: 27,
      column: 73,
      endColumn: 84,
      severity: 'medium',
      message: 'this PreToolUse hook command checks `$TOOL_INPUT`, which Claude Code never sets'
    }
  ])
})

test('hook-unregistered: a registered guard reading $1 that also blocks with exit 1 is left to hook-fail-open', async () => {
  // The example repository's guard: registered by a relative path, reads `$1`, "blocks" with exit 1.
  const guard = `#!/bin/bash
# Blocks dangerous commands (or so its author thinks).
cmd="$1"
if echo "$cmd" | grep -q "rm -rf"; then
  echo '{"reason": "rm -rf is not allowed"}'
  exit 1
fi
exit 0
`
  const dir = writeFixture({
    '.claude/settings.json': JSON.stringify(
      {
        hooks: {
          PreToolUse: [
            { matcher: 'Bash', hooks: [{ type: 'command', command: '.claude/hooks/guard.sh' }] },
            {
              matcher: 'Edit',
              hooks: [{ type: 'command', command: '"$CLAUDE_PROJECT_DIR"/.claude/hooks/bg.sh', async: true }]
            }
          ],
          PostToolUse: [
            { matcher: 'Bash', hooks: [{ type: 'command', command: '"$CLAUDE_PROJECT_DIR"/.claude/hooks/post.sh' }] }
          ]
        }
      },
      null,
      2
    ),
    '.claude/hooks/guard.sh': guard, // registered: no "not registered" finding; the $1 read is hook-fail-open's
    '.claude/hooks/post.sh': guard, // NOT OK: PostToolUse guards are not hook-fail-open's, so the $1 read is reported here
    '.claude/hooks/bg.sh': guard // NOT OK: hook-fail-open reports `async`, not the $1 read
  })
  try {
    expectFindings(await runRuleIn(RULE, dir), [
      {
        file: '.claude/hooks/bg.sh',
        line: 3,
        column: 6,
        message: 'the PreToolUse hook runs this guard, but the guard reads its input from `$1`'
      },
      {
        file: '.claude/hooks/post.sh',
        line: 3,
        column: 6,
        message: 'the PostToolUse hook runs this guard, but the guard reads its input from `$1`'
      }
    ])
    const failOpen = await runRuleIn('hook-fail-open', dir)
    // bg.sh: `async: true` (on the settings file), not the $1 read; post.sh: not a blocking event.
    assert.ok(!failOpen.some((f) => f.file === '.claude/hooks/bg.sh' || f.file === '.claude/hooks/post.sh'))
    assert.ok(failOpen.some((f) => f.file === '.claude/settings.json' && /async: true/.test(f.message)))
    expectFindings(
      failOpen.filter((f) => f.file === '.claude/hooks/guard.sh'),
      [
        {
          line: 3,
          column: 6,
          severity: 'high',
          message: 'guard can never block: it reads the tool call from `$1`'
        }
      ]
    )
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
})

test('hook-unregistered: a guard-named script outside .claude in a hooks folder', async () => {
  const findings = await runRule(RULE, {
    'hooks/user-prompt-submit.py': `import json, sys
prompt = json.load(sys.stdin)["prompt"]
if "password" in prompt:
    print(json.dumps({"decision": "block", "reason": "no secrets"}))
`
  })
  expectFindings(findings, [{ file: 'hooks/user-prompt-submit.py', line: 1, column: 1, endColumn: 17 }])
})

// Variables set by a sourced library, and a user's on/off switch, are not unset input.
test("hook-unregistered: no false unset-variable finding (sh source lib)", async () => {
  const findings = await runRule(RULE, {
  ".claude/hooks/guard.sh": "#!/usr/bin/env bash\nsource \"$(dirname \"$0\")/lib/common.sh\"\n\nif [[ \"$TOOL_NAME\" != \"Bash\" ]]; then\n  exit 0\nfi\ncase \"$TOOL_INPUT\" in\n  *\"rm -rf\"*|*\"git push --force\"*|*\"DROP TABLE\"*|*\"| sh\"*)\n    echo \"Blocked dangerous command\" >&2\n    exit 2\n    ;;\nesac\nexit 0\n",
  ".claude/hooks/lib/common.sh": "#!/usr/bin/env bash\nINPUT=$(cat)\nTOOL_NAME=$(jq -r '.tool_name // empty' <<<\"$INPUT\")\nTOOL_INPUT=$(jq -r '.tool_input.command // empty' <<<\"$INPUT\")\n",
  ".claude/settings.json": preToolUseSettings("\"$CLAUDE_PROJECT_DIR\"/.claude/hooks/guard.sh")
  })
  expectFindings(findings, [])
})

test("hook-unregistered: no false unset-variable finding (inline envtoggle)", async () => {
  const findings = await runRule(RULE, {
  ".claude/hooks/guard.ts": "const input = await Bun.stdin.json()\nconst cmd: string = input.tool_input?.command ?? ''\nif (/rm -rf/.test(cmd)) {\n  console.error('blocked')\n  process.exit(2)\n}\n",
  ".claude/settings.json": "{\"hooks\":{\"PreToolUse\":[\n {\"matcher\":\"Bash\",\"hooks\":[\n  {\"type\":\"command\",\"command\":\"[[ -n \\\"$CLAUDE_HOOK_SKIP\\\" ]] || bun \\\"$CLAUDE_PROJECT_DIR\\\"/.claude/hooks/guard.ts\"}\n ]}\n]}}\n"
  })
  expectFindings(findings, [])
})


test('hook-unregistered: a PreToolUse script that takes the call from a helper reading variables Claude Code never sets', async () => {
  const hook = (event: string, script: string): Record<string, unknown> => ({
    [event]: [{ matcher: 'Bash', hooks: [{ type: 'command', command: `node "$CLAUDE_PROJECT_DIR"/.claude/hooks/${script}` }] }]
  })
  const runtime = `function readInvocation(event) {
  return {
    eventName: process.env.CLAUDE_HOOK_EVENT || event,
    commandText: process.env.CLAUDE_COMMAND || process.argv.slice(2).join(' ')
  }
}
module.exports = { readInvocation }
`
  const check = `const { readInvocation } = require('./helpers/runtime')
const inv = readInvocation('PreToolUse')
const risky = /rm -rf/.test(inv.commandText)
console.log(JSON.stringify({ status: risky ? 'needs-review' : 'clear' }))
`
  const findings = await runRule(RULE, {
    '.claude/settings.json': JSON.stringify({
      hooks: { ...hook('PreToolUse', 'pre-tool-use.js'), ...hook('PostToolUse', 'post-tool-use.js') }
    }),
    '.claude/hooks/helpers/runtime.js': runtime,
    '.claude/hooks/pre-tool-use.js': check, // NOT OK: the call never reaches it
    '.claude/hooks/post-tool-use.js': check // OK here: a PostToolUse script is no gate
  })
  expectFindings(findings, [
    {
      file: '.claude/hooks/helpers/runtime.js',
      line: 4,
      column: 18,
      endColumn: 44,
      severity: 'medium',
      message:
        'the PreToolUse hook runs `.claude/hooks/pre-tool-use.js`, which takes its input from this module: it reads `$CLAUDE_COMMAND`, which Claude Code never sets, and neither reads the JSON payload on stdin, so the hook never sees the tool call'
    }
  ])
  // The helper reads stdin as well (a fallback for manual runs): the payload arrives.
  const withStdin = await runRule(RULE, {
    '.claude/settings.json': JSON.stringify({ hooks: hook('PreToolUse', 'pre-tool-use.js') }),
    '.claude/hooks/helpers/runtime.js': `const fs = require('fs')\n${runtime.replace("process.argv.slice(2).join(' ')", "JSON.parse(fs.readFileSync(0, 'utf8')).tool_input.command")}`,
    '.claude/hooks/pre-tool-use.js': check
  })
  expectFindings(withStdin, [])
  // A PreToolUse script reading nothing of the call (a timer, a sound) is not reported.
  const nothing = await runRule(RULE, {
    '.claude/settings.json': JSON.stringify({ hooks: hook('PreToolUse', 'pre-tool-use.js') }),
    '.claude/hooks/pre-tool-use.js': "require('fs').appendFileSync('/tmp/calls.log', `${Date.now()}\\n`)\n"
  })
  expectFindings(nothing, [])
})

test('hook-unregistered: an interpreter reading a pipe or a file is not the hook reading stdin', async () => {
  // The script reads the call from variables Claude Code never sets; its only `sys.stdin` reads
  // are in `python3 -c` programs whose stdin is a pipe or a file, not the hook's payload.
  const script = (stdinUse: string): string => `#!/usr/bin/env bash
set -euo pipefail
TOOL_NAME="\${CLAUDE_TOOL_NAME:-unknown}"
ROOT="\${CLAUDE_PROJECT_DIR:-.}"
case "$TOOL_NAME" in
  Bash|Edit) ;;
  *) exit 0 ;;
esac
${stdinUse}
echo "[$TOOL_NAME] $COUNT notes in $ROOT"
`
  const files = (stdinUse: string): Record<string, string> => ({
    '.claude/settings.json': JSON.stringify({
      hooks: { PreToolUse: [{ matcher: '.*', hooks: [{ type: 'command', command: 'bash "$CLAUDE_PROJECT_DIR"/.claude/hooks/pre-tool-use.sh' }] }] }
    }),
    '.claude/hooks/pre-tool-use.sh': script(stdinUse)
  })
  const expected = [
    {
      file: '.claude/hooks/pre-tool-use.sh',
      line: 3,
      column: 12,
      endColumn: 30,
      severity: 'medium' as const,
      message:
        'the PreToolUse hook runs this script, but the script reads `$CLAUDE_TOOL_NAME`, which Claude Code never sets (the payload is JSON on stdin), so it never sees its input'
    }
  ]
  // NOT OK: the programs read the pipe from `echo` and the file `notes.json`.
  const piped = await runRule(RULE, files(`NOTES=$(curl -sf http://localhost:8000/notes || echo "[]")
COUNT=$(echo "$NOTES" | python3 -c "import json,sys; print(len(json.load(sys.stdin)))")
python3 -c 'import sys; print(sys.stdin.read())' < notes.json`))
  expectFindings(piped, expected)
  // OK: here the program reads the hook's own stdin (directly or through `cat`), so the payload arrives.
  const direct = await runRule(RULE, files(`COUNT=$(python3 -c "import json,sys; print(len(json.load(sys.stdin)))")`))
  expectFindings(direct, [])
  const viaCat = await runRule(RULE, files(`COUNT=$(cat | python3 -c "import json,sys; print(len(json.load(sys.stdin)))")`))
  expectFindings(viaCat, [])
})

test('hook-unregistered: a guard listed only under an event name Claude Code does not know is registered nowhere', async () => {
  const findings = await runRule(RULE, {
    // `preToolUse` is no event (names are case-sensitive): ineffective-setting reports the key, and the hook never runs.
    '.claude/settings.json': settings('preToolUse', '"$CLAUDE_PROJECT_DIR"/.claude/hooks/block-rm.sh'),
    '.claude/hooks/block-rm.sh': GUARD_SH // NOT OK: nothing runs it
  })
  expectFindings(findings, [
    {
      file: '.claude/hooks/block-rm.sh',
      line: 1,
      column: 1,
      severity: 'medium',
      message:
        'guard script is not registered by any committed settings file, agent, command, skill or plugin hook, so Claude Code never runs it; it is listed only under `preToolUse`, which is not a hook event'
    }
  ])
  // The same guard under the real event name is registered.
  const ok = await runRule(RULE, {
    '.claude/settings.json': settings('PreToolUse', '"$CLAUDE_PROJECT_DIR"/.claude/hooks/block-rm.sh'),
    '.claude/hooks/block-rm.sh': GUARD_SH
  })
  expectFindings(ok, [])
})

test('hook-unregistered: a PreToolUse-named script that approves with exit 0 and ends on exit 1 is a guard', async () => {
  const findings = await runRule(RULE, {
    // NOT OK: nothing registers it, and it reads the call from a variable Claude Code never sets.
    '.claude/hooks/pre-tool-use.sh': `#!/usr/bin/env bash
# Auto-approve make commands
if echo "$TOOL_USE_JSON" | grep -q '"command": *"make '; then
  exit 0  # Approve
fi
exit 1  # Require approval
`,
    // OK: not a verdict on the call: exit 1 only when jq is missing, and the script ends with exit 0.
    '.claude/hooks/pre-tool-use-log.sh': `#!/usr/bin/env bash
command -v jq >/dev/null || exit 1
jq -c . >> "$HOME/.claude/calls.log"
exit 0
`,
    // OK: its name says PostToolUse, whose exit status decides nothing about the call.
    '.claude/hooks/post-tool-use.sh': `#!/usr/bin/env bash
if jq -e '.tool_response.success' >/dev/null; then
  exit 0
fi
exit 1
`
  })
  expectFindings(findings, [
    {
      file: '.claude/hooks/pre-tool-use.sh',
      line: 1,
      column: 1,
      severity: 'medium',
      message:
        'guard script is not registered by any committed settings file, agent, command, skill or plugin hook, so Claude Code never runs it; it also reads its input from `$TOOL_USE_JSON` instead of the JSON payload on stdin'
    }
  ])
})

test('hook-unregistered: a variable assigned from itself (`X="${X:-}"`) is still read from the environment', async () => {
  const script = (head: string): string => `#!/bin/bash
set -euo pipefail
${head}
if [[ "$TOOL_NAME" == "Bash" ]] && echo "$TOOL_ARGS" | grep -q 'git push'; then
  echo "blocked on a protected branch" >&2
  exit 2
fi
exit 0
`
  const files = (head: string): Record<string, string> => ({
    '.claude/settings.json': settings('PreToolUse', '"$CLAUDE_PROJECT_DIR"/.claude/hooks/pre-tool-use.sh'),
    '.claude/hooks/pre-tool-use.sh': script(head)
  })
  // NOT OK: both assignments only pass on what the environment holds, and Claude Code sets neither.
  const self = await runRule(RULE, files('TOOL_NAME="${TOOL_NAME:-}"\nexport TOOL_ARGS="${TOOL_ARGS:-}"'))
  expectFindings(self, [
    {
      file: '.claude/hooks/pre-tool-use.sh',
      line: 3,
      column: 12,
      endColumn: 23,
      severity: 'medium',
      message:
        'the PreToolUse hook runs this guard, but the guard reads `$TOOL_NAME`, which Claude Code never sets (the payload is JSON on stdin), so it never sees its input'
    }
  ])
  // OK: a value of the script's own, from the payload, before the self-assignment refines it.
  const own = await runRule(RULE, files(`input=$(cat)
TOOL_NAME=$(jq -r '.tool_name' <<<"$input")
TOOL_NAME="\${TOOL_NAME:-none}"
TOOL_ARGS=$(jq -c '.tool_input' <<<"$input")`))
  expectFindings(own, [])
})

test('hook-unregistered: a guard that answers `{"allow": False}` is a guard', async () => {
  const guard = `import json, re, sys
data = json.load(sys.stdin)
command = data.get("tool_input", {}).get("command", "")
if re.search(r"rm\\s+-rf", command):
    result = {"error": "Dangerous command blocked", "allow": False}
else:
    result = {"allow": True}
print(json.dumps(result))
`
  // NOT OK: nothing registers it (no settings file at all).
  const findings = await runRule(RULE, { '.claude/hooks/pre_tool_use.py': guard })
  expectFindings(findings, [
    {
      file: '.claude/hooks/pre_tool_use.py',
      line: 1,
      column: 1,
      endColumn: 21,
      severity: 'medium',
      message:
        'guard script is not registered by any committed settings file, agent, command, skill or plugin hook, so Claude Code never runs it'
    }
  ])
  // OK: a script that only logs, whose data merely has a key ending in `allow`, is no guard.
  const logger = await runRule(RULE, {
    '.claude/hooks/log_tool_use.py': `import json, sys
data = json.load(sys.stdin)
entry = {"tool": data.get("tool_name"), "autoallow": False, "sandbox_allow": False}
open("/tmp/tools.log", "a").write(json.dumps(entry) + "\\n")
`
  })
  expectFindings(logger, [])
})

test('hook-unregistered: `jq -n` reads no stdin; an advice-only script is no guard', async () => {
  const files = (body: string): Record<string, string> => ({
    '.claude/settings.json': settings('PreToolUse', '"$CLAUDE_PROJECT_DIR"/.claude/hooks/pre-tool-use.sh'),
    '.claude/hooks/pre-tool-use.sh': `#!/bin/bash
INPUT="$1"
COMMAND=$(echo "$INPUT" | jq -r '.tool_input.command // empty')
${body}
exit 0
`
  })
  // NOT OK: the guard's only jq without a pipe is `jq -n`, which builds its output from null.
  const guard = await runRule(
    RULE,
    files(`if [[ "$COMMAND" == *"rm -rf"* ]]; then
  jq -nc --arg r "rm -rf is blocked" '{reason: $r}' >&2
  exit 2
fi`)
  )
  expectFindings(guard, [
    {
      file: '.claude/hooks/pre-tool-use.sh',
      line: 2,
      column: 8,
      endColumn: 10,
      severity: 'medium',
      message:
        'the PreToolUse hook runs this guard, but the guard reads its input from `$1`: Claude Code passes no arguments (the payload is JSON on stdin), so it never sees the tool call'
    }
  ])
  // OK for this rule: it never blocks, it only adds advice (`additionalContext`), so it guards nothing.
  const advice = await runRule(
    RULE,
    files(`if [[ "$COMMAND" == *"go test"* ]]; then
  jq -n --arg c "use -race" '{"hookSpecificOutput": {"hookEventName": "PreToolUse", "additionalContext": $c}}'
fi`)
  )
  expectFindings(advice, [])
})

test('hook-unregistered: a plugin registers its guards with ${CLAUDE_PLUGIN_ROOT} resolved to the plugin folder', async () => {
  const findings = await runRule(RULE, {
    // Quoted the way the plugins reference recommends: `\"${CLAUDE_PLUGIN_ROOT}/...\"` in the JSON text.
    'plugins/safety/.claude-plugin/plugin.json': JSON.stringify({ name: 'safety', hooks: './config/hooks.json' }),
    'plugins/safety/config/hooks.json': JSON.stringify(
      { hooks: { PreToolUse: [{ matcher: 'Bash', hooks: [{ type: 'command', command: 'bash "${CLAUDE_PLUGIN_ROOT}/hooks/pre-tool-use.sh"' }] }] } },
      null,
      2
    ),
    'plugins/safety/hooks/pre-tool-use.sh': GUARD_SH, // OK: the manifest's hook file runs it
    'plugins/lint/hooks/hooks.json': JSON.stringify(
      { hooks: { PreToolUse: [{ matcher: 'Edit', hooks: [{ type: 'command', command: 'python3 "${CLAUDE_PLUGIN_ROOT}/hooks/pre_tool_use.py"' }] }] } },
      null,
      2
    ),
    'plugins/lint/hooks/pre_tool_use.py': 'import json, sys\ndata = json.load(sys.stdin)\nif "secret" in str(data):\n    sys.exit(2)\n', // OK
    // Inline in the manifest.
    'plugins/prompts/.claude-plugin/plugin.json': JSON.stringify(
      {
        name: 'prompts',
        hooks: { UserPromptSubmit: [{ hooks: [{ type: 'command', command: 'bash "${CLAUDE_PLUGIN_ROOT}/hooks/user-prompt-submit.sh"' }] }] }
      },
      null,
      2
    ),
    'plugins/prompts/hooks/user-prompt-submit.sh': GUARD_SH, // OK
    // Not a plugin's: no manifest, no marketplace entry, no ${CLAUDE_PLUGIN_ROOT}; nothing runs it.
    'tools/hooks/pre-tool-use-strict.sh': GUARD_SH // NOT OK
  })
  expectFindings(findings, [
    {
      file: 'tools/hooks/pre-tool-use-strict.sh',
      line: 1,
      column: 1,
      severity: 'medium',
      message:
        'guard script is not registered by any committed settings file, agent, command, skill or plugin hook, so Claude Code never runs it'
    }
  ])
})

test('hook-unregistered: a folklore variable with a lower-case tail is named and placed whole', async () => {
  const findings = await runRule(RULE, {
    '.claude/settings.json': JSON.stringify(
      {
        hooks: {
          PreToolUse: [
            {
              matcher: 'Edit',
              hooks: [{ type: 'command', command: 'f="$CLAUDE_TOOL_ARG_file_path"; if echo "$f" | grep -q "\\.env"; then exit 2; fi' }]
            }
          ]
        }
      },
      null,
      2
    )
  })
  expectFindings(findings, [
    {
      file: '.claude/settings.json',
      line: 9,
      column: 29,
      endColumn: 55,
      severity: 'medium',
      message:
        'this PreToolUse hook command checks `$CLAUDE_TOOL_ARG_file_path`, which Claude Code never sets (the payload is JSON on stdin), so the check never sees its input'
    }
  ])
})

test('hook-unregistered: a guard named test_*.py is a guard unless it is a test module', async () => {
  const guard = [
    '#!/usr/bin/env python3',
    '"""PreToolUse on Bash: block commits whose tests were weakened."""',
    'import json, sys',
    'data = json.load(sys.stdin)',
    "if 'git commit' in data['tool_input'].get('command', ''):",
    "    print(json.dumps({'decision': 'block', 'reason': 'run the tests first'}))",
    ''
  ].join('\n')
  const findings = await runRule(RULE, {
    '.claude/settings.json': settings('PreToolUse', '"$CLAUDE_PROJECT_DIR"/.claude/hooks/other.sh'),
    '.claude/hooks/other.sh': GUARD_SH,
    '.claude/hooks/test_quality_gate.py': guard, // NOT OK: a guard nothing registers
    '.claude/hooks/test_guard.py': `import pytest\n${guard}\ndef test_blocks():\n    assert True\n` // OK: the guard's tests
  })
  expectFindings(findings, [
    { file: '.claude/hooks/test_quality_gate.py', line: 1, column: 1, severity: 'medium', message: 'guard script is not registered by any committed settings file' }
  ])
})

test('hook-unregistered: a TypeScript guard whose build the hook runs is registered through it', async () => {
  const guard = [
    "import { readFileSync } from 'node:fs'",
    "const input = JSON.parse(readFileSync(0, 'utf8'))",
    "if (String(input.tool_input?.command).includes('rm -rf')) { console.error('blocked'); process.exit(2) }",
    ''
  ].join('\n')
  const findings = await runRule(RULE, {
    '.claude/settings.json': settings('PreToolUse', 'node "$CLAUDE_PROJECT_DIR"/.claude/hooks/dist/guard.mjs'),
    '.claude/hooks/src/guard.ts': guard, // OK: built to dist/guard.mjs, which the hook runs
    '.claude/hooks/dist/guard.mjs': guard,
    '.claude/hooks/src/block-push.ts': guard // NOT OK: no build of it runs
  })
  expectFindings(findings, [{ file: '.claude/hooks/src/block-push.ts', line: 1, column: 1, message: 'guard script is not registered' }])
})
