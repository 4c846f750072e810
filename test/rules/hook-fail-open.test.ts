import { test } from 'node:test'
import assert from 'node:assert/strict'
import { runRule, expectFindings, preToolUseSettings } from './harness.js'

const RULE = 'hook-fail-open'

/** Settings registering one command hook. */
function settings(event: string, command: string, extra: Record<string, unknown> = {}, matcher = 'Bash'): string {
  return JSON.stringify({ hooks: { [event]: [{ matcher, hooks: [{ type: 'command', command, ...extra }] }] } }, null, 2)
}
const GUARD = '"$CLAUDE_PROJECT_DIR"/.claude/hooks/guard.sh'
const PY = 'python3 "$CLAUDE_PROJECT_DIR"/.claude/hooks/guard.py'

test('hook-fail-open: shell guard that blocks with exit 1', async () => {
  const findings = await runRule(RULE, {
    '.claude/settings.json': settings('PreToolUse', GUARD),
    '.claude/hooks/guard.sh': `#!/bin/bash
input=$(cat)
cmd=$(jq -r '.tool_input.command' <<<"$input")
if [[ "$cmd" == *"rm -rf"* ]]; then
  echo "Blocked: rm -rf is not allowed" >&2
  exit 1 # NOT OK: exit 1 is a non-blocking error
fi
exit 0
`
  })
  expectFindings(findings, [
    {
      file: '.claude/hooks/guard.sh',
      line: 6,
      column: 3,
      endLine: 6,
      endColumn: 9,
      severity: 'high',
      message:
        'guard blocks with `exit 1`, but only exit code 2 blocks: exit 1 without a decision JSON on stdout is a non-blocking error and the tool call proceeds'
    }
  ])
})

test('hook-fail-open: exit 2, a deny decision, and exit 1 right after a deny JSON pass', async () => {
  const findings = await runRule(RULE, {
    '.claude/settings.json': settings('PreToolUse', GUARD),
    '.claude/hooks/guard.sh': `#!/bin/bash
input=$(cat)
cmd=$(jq -r '.tool_input.command' <<<"$input")
case "$cmd" in
  *"rm -rf"*) echo "Blocked: rm -rf" >&2; exit 2 ;; # OK
  *"git push --force"*)
    echo '{"hookSpecificOutput": {"hookEventName": "PreToolUse", "permissionDecision": "deny", "permissionDecisionReason": "no force push"}}'
    exit 0 ;; # OK
  *"DROP TABLE"*)
    echo '{"hookSpecificOutput": {"hookEventName": "PreToolUse", "permissionDecision": "deny"}}'
    echo "blocked" >&2
    exit 1 ;; # OK: the JSON decides on current versions
esac
exit 0
`
  })
  expectFindings(findings, [])
})

test('hook-fail-open: unsupported {"action": "block"} output', async () => {
  const findings = await runRule(RULE, {
    '.claude/settings.json': settings('PreToolUse', GUARD),
    '.claude/hooks/guard.sh': `#!/bin/bash
input=$(cat)
if grep -q '"rm -rf' <<<"$input"; then
  echo '{"action": "block", "message": "no"}' # NOT OK
  exit 0
fi
if grep -q 'mkfs' <<<"$input"; then
  echo '{"action": "block"}' # OK: exit 2 blocks whatever the JSON says
  exit 2
fi
`
  })
  expectFindings(findings, [
    {
      file: '.claude/hooks/guard.sh',
      line: 4,
      column: 10,
      endLine: 4,
      endColumn: 27,
      message:
        'guard prints `"action": "block"` and exits 0: Claude Code does not recognise this as a decision, so the tool call proceeds'
    }
  ])
})

test('hook-fail-open: unregistered guard reading $1 can never block', async () => {
  const findings = await runRule(RULE, {
    '.claude/settings.json': '{}',
    '.claude/hooks/pre-tool-use.sh': `#!/bin/bash
# PreToolUse guard
TOOL_NAME="$1"
TOOL_ARGS="$2"
if [[ "$TOOL_NAME" == "Bash" ]] && echo "$TOOL_ARGS" | grep -q 'rm -rf'; then
  echo '{"action": "block", "message": "no"}'
  exit 0
fi
echo '{"action": "allow"}'
`
  })
  expectFindings(findings, [
    {
      file: '.claude/hooks/pre-tool-use.sh',
      line: 3,
      column: 12,
      endLine: 3,
      endColumn: 14,
      // Nothing runs it today (hook-unregistered says so): the flaw waits for its registration.
      severity: 'medium',
      message: 'guard can never block: it reads the tool call from `$1`, but Claude Code passes no arguments'
    }
  ])
  assert.match(findings[0].tip ?? '', /^no settings file registers this script yet; before one does, /)
})

test('hook-fail-open: unregistered guard whose only problem is being unregistered is left to hook-unregistered', async () => {
  const findings = await runRule(RULE, {
    '.claude/hooks/pre-tool-use.sh': `#!/bin/bash
set -e
cmd=$(jq -r .tool_input.command)
[[ "$cmd" == *"rm -rf"* ]] && { echo blocked >&2; exit 2; }
exit 0
`
  })
  expectFindings(findings, [])
})

test('hook-fail-open: Python guard that catches every exception and exits 0', async () => {
  const findings = await runRule(RULE, {
    '.claude/settings.json': settings('PreToolUse', PY, {}, ''),
    '.claude/hooks/guard.py': `import json
import sys

def main():
    try:
        data = json.load(sys.stdin)
        if "rm -rf" in data["tool_input"].get("command", ""):
            print("BLOCKED", file=sys.stderr)
            sys.exit(2)
        sys.exit(0)
    except json.JSONDecodeError:
        sys.exit(0)
    except Exception:  # NOT OK
        sys.exit(0)

if __name__ == "__main__":
    main()
`
  })
  expectFindings(findings, [
    {
      file: '.claude/hooks/guard.py',
      line: 13,
      column: 5,
      endLine: 13,
      endColumn: 22,
      severity: 'high',
      message: 'guard catches every exception (`except Exception`) and exits without a decision'
    }
  ])
})

test('hook-fail-open: Python handler that denies, and a bare except that swallows exit 2', async () => {
  const ok = await runRule(RULE, {
    '.claude/settings.json': settings('PreToolUse', PY),
    '.claude/hooks/guard.py': `import json, sys
try:
    data = json.load(sys.stdin)
    if "rm -rf" in data["tool_input"]["command"]:
        sys.exit(2)
except Exception as e:  # OK: fails closed
    print(f"guard error: {e}", file=sys.stderr)
    sys.exit(2)
`
  })
  expectFindings(ok, [])
  const bad = await runRule(RULE, {
    '.claude/settings.json': settings('PreToolUse', PY),
    '.claude/hooks/guard.py': `import json, sys
try:
    data = json.load(sys.stdin)
    if "rm -rf" in data["tool_input"]["command"]:
        sys.exit(2)
except:  # NOT OK: also catches SystemExit
    pass
`
  })
  expectFindings(bad, [
    {
      file: '.claude/hooks/guard.py',
      line: 6,
      column: 1,
      message: 'a bare `except:` also catches the `SystemExit` raised by `sys.exit(2)`'
    }
  ])
})

test('hook-fail-open: a block path disabled by the flags the hook passes is not a guard', async () => {
  const script = `import argparse, json, sys
parser = argparse.ArgumentParser()
parser.add_argument('--validate', action='store_true')
parser.add_argument('--log-only', action='store_true')
args = parser.parse_args()
try:
    data = json.load(sys.stdin)
    if args.validate and not args.log_only:
        if "secret" in data.get("prompt", ""):
            sys.exit(2)
    sys.exit(0)
except Exception:
    sys.exit(0)
`
  const off = await runRule(RULE, {
    '.claude/settings.json': settings('UserPromptSubmit', `${PY} --log-only`, {}, ''),
    '.claude/hooks/guard.py': script
  })
  expectFindings(off, [])
  const on = await runRule(RULE, {
    '.claude/settings.json': settings('UserPromptSubmit', `${PY} --validate`, {}, ''),
    '.claude/hooks/guard.py': script
  })
  expectFindings(on, [{ file: '.claude/hooks/guard.py', line: 12, column: 1, message: 'lets the prompt through' }])
})

test('hook-fail-open: Python guard with no error handling at all (medium)', async () => {
  const findings = await runRule(RULE, {
    '.claude/settings.json': settings('PreToolUse', PY),
    '.claude/hooks/guard.py': `import json, sys
data = json.load(sys.stdin)
if "rm -rf" in data["tool_input"]["command"]:
    sys.exit(2)
`
  })
  expectFindings(findings, [
    {
      file: '.claude/hooks/guard.py',
      line: 4,
      column: 5,
      endColumn: 16,
      severity: 'medium',
      confidence: 'medium',
      message: 'an uncaught exception exits 1'
    }
  ])
  const failClosed = await runRule(RULE, {
    '.claude/settings.json': settings('PreToolUse', PY, { onFailure: 'block' }),
    '.claude/hooks/guard.py': `import json, sys
data = json.load(sys.stdin)
if "rm -rf" in data["tool_input"]["command"]:
    sys.exit(2)
`
  })
  expectFindings(failClosed, [])
})

test('hook-fail-open: set -e without an ERR trap; with a trap or onFailure it passes', async () => {
  const script = (trap: string): string => `#!/usr/bin/env bash
set -euo pipefail
${trap}
cmd=$(jq -r .tool_input.command)
[[ "$cmd" == *"rm -rf"* ]] && { echo "blocked" >&2; exit 2; }
exit 0
`
  const bad = await runRule(RULE, {
    '.claude/settings.json': settings('PreToolUse', GUARD),
    '.claude/hooks/guard.sh': script('')
  })
  expectFindings(bad, [
    {
      file: '.claude/hooks/guard.sh',
      line: 2,
      column: 1,
      endLine: 2,
      endColumn: 18,
      severity: 'medium',
      message: '`set -e` ends the guard'
    }
  ])
  const trapped = await runRule(RULE, {
    '.claude/settings.json': settings('PreToolUse', GUARD),
    '.claude/hooks/guard.sh': script(`trap 'echo "guard failed" >&2; exit 2' ERR`)
  })
  expectFindings(trapped, [])
  const onFailure = await runRule(RULE, {
    '.claude/settings.json': settings('PreToolUse', GUARD, { onFailure: 'block' }),
    '.claude/hooks/guard.sh': script('')
  })
  expectFindings(onFailure, [])
})

test('hook-fail-open: async guard, HTTP guard, PermissionRequest exit 2', async () => {
  const findings = await runRule(RULE, {
    '.claude/settings.json': `{
  "hooks": {
    "PreToolUse": [
      { "matcher": "Bash", "hooks": [
        { "type": "command", "command": "\\"$CLAUDE_PROJECT_DIR\\"/.claude/hooks/guard.sh", "async": true },
        { "type": "http", "url": "https://policy.example.com/check" },
        { "type": "http", "url": "https://policy.example.com/strict", "onFailure": "block" }
      ] }
    ],
    "PermissionRequest": [
      { "hooks": [ { "type": "command", "command": "\\"$CLAUDE_PROJECT_DIR\\"/.claude/hooks/perm.sh" } ] }
    ]
  }
}
`,
    '.claude/hooks/guard.sh': `#!/bin/sh
grep -q 'rm -rf' && exit 2
exit 0
`,
    '.claude/hooks/perm.sh': `#!/bin/sh
grep -q 'deploy' && { echo "denied" >&2; exit 2; }
exit 0
`
  })
  expectFindings(findings, [
    {
      file: '.claude/hooks/perm.sh',
      line: 2,
      column: 42,
      endColumn: 48,
      message: 'PermissionRequest hooks ignore exit code 2'
    },
    {
      file: '.claude/settings.json',
      line: 5,
      column: 91,
      endColumn: 104,
      message: '`async: true` runs this PreToolUse guard in the background'
    },
    {
      file: '.claude/settings.json',
      line: 6,
      column: 34,
      endColumn: 68,
      severity: 'medium',
      message: 'HTTP PreToolUse hook fails open'
    }
  ])
})

test('hook-fail-open: interpreter fed by a heredoc never sees the payload', async () => {
  const findings = await runRule(RULE, {
    '.claude/settings.json': settings('PreToolUse', GUARD),
    '.claude/hooks/guard.sh': `#!/usr/bin/env bash
python3 - <<'PY'
import json, sys
data = json.load(sys.stdin)
if "rm -rf" in data["tool_input"]["command"]:
    print(json.dumps({"hookSpecificOutput": {"hookEventName": "PreToolUse", "permissionDecision": "deny"}}))
PY
`
  })
  expectFindings(findings, [
    {
      file: '.claude/hooks/guard.sh',
      line: 2,
      column: 1,
      endLine: 2,
      endColumn: 10,
      message: '`python3 -` reads its program from the heredoc, which replaces stdin'
    }
  ])
})

test('hook-fail-open: JavaScript guard that exits 1, and one whose catch swallows errors', async () => {
  const findings = await runRule(RULE, {
    '.claude/settings.json': settings('PreToolUse', 'node "$CLAUDE_PROJECT_DIR"/.claude/hooks/guard.js'),
    '.claude/hooks/guard.js': `const fs = require('fs')
try {
  const input = JSON.parse(fs.readFileSync(0, 'utf8'))
  if (input.tool_input.command.includes('rm -rf')) {
    console.error('Blocked: dangerous command')
    process.exit(1) // NOT OK
  }
  if (input.tool_input.command.includes('mkfs')) process.exit(2)
} catch (e) { // NOT OK
  process.exit(0)
}
`
  })
  expectFindings(findings, [
    {
      file: '.claude/hooks/guard.js',
      line: 6,
      column: 5,
      endColumn: 20,
      message: 'guard blocks with `process.exit(1)`'
    },
    {
      file: '.claude/hooks/guard.js',
      line: 9,
      column: 3,
      endColumn: 8,
      message: 'guard catches every exception (`catch`)'
    }
  ])
})

test('hook-fail-open: non-guard hooks, missing scripts and broken settings are ignored', async () => {
  const findings = await runRule(RULE, {
    '.claude/settings.json': settings('PostToolUse', GUARD),
    '.claude/hooks/guard.sh': `#!/bin/sh
echo "blocked" >&2
exit 1
`,
    'sub/.claude/settings.json':
      '{ "hooks": { "PreToolUse": [ { "hooks": [ { "type": "command", "command": "./missing.sh" } ] } ] ',
    'other/.claude/settings.json': settings('PreToolUse', '"$CLAUDE_PROJECT_DIR"/.claude/hooks/logger.sh'),
    'other/.claude/hooks/logger.sh': `#!/bin/sh
cat >> /tmp/log.jsonl
exit 0
`
  })
  expectFindings(findings, [])
})

test('hook-fail-open: a Stop gate with an unsupported output and exit 1 is one medium finding', async () => {
  const findings = await runRule(RULE, {
    '.claude/settings.json': settings('Stop', PY, {}, ''),
    '.claude/hooks/guard.py': `import json, sys
json.load(sys.stdin)
try:
    ok = open("PLAN.md").read().startswith("# Plan")
except Exception:
    sys.exit(2)
if not ok:
    print(json.dumps({"result": "block", "reason": "write the plan first"}))
    sys.exit(1)
sys.exit("Blocked: unreachable message")
`
  })
  expectFindings(findings, [
    {
      file: '.claude/hooks/guard.py',
      line: 8,
      column: 23,
      endColumn: 40,
      severity: 'medium',
      message:
        'guard prints `"result": "block"` and exits 1: Claude Code does not recognise this as a decision, so the stop proceeds'
    },
    {
      file: '.claude/hooks/guard.py',
      line: 10,
      column: 1,
      endColumn: 41,
      severity: 'medium',
      message: 'guard blocks with `sys.exit("Blocked: unreachable message")`, but only exit code 2 blocks'
    }
  ])
})

test('hook-fail-open: a permissionDecision without hookEventName, or outside hookSpecificOutput, is not honoured', async () => {
  const findings = await runRule(RULE, {
    '.claude/settings.json': JSON.stringify(
      {
        hooks: {
          PreToolUse: [
            { matcher: 'Bash', hooks: [{ type: 'command', command: PY }] },
            { matcher: 'Bash', hooks: [{ type: 'command', command: GUARD }] },
            { matcher: 'Bash', hooks: [{ type: 'command', command: 'node "$CLAUDE_PROJECT_DIR"/.claude/hooks/guard.js' }] },
            { matcher: 'Bash', hooks: [{ type: 'command', command: '"$CLAUDE_PROJECT_DIR"/.claude/hooks/ok.sh' }] },
            { matcher: 'Edit', hooks: [{ type: 'command', command: 'python3 "$CLAUDE_PROJECT_DIR"/.claude/hooks/lib_user.py' }] },
            { matcher: 'Edit', hooks: [{ type: 'command', command: 'python3 "$CLAUDE_PROJECT_DIR"/.claude/hooks/local_user.py' }] }
          ]
        }
      },
      null,
      2
    ),
    // OK: a hook library, or a local helper that writes hookEventName, wraps the decision.
    '.claude/hooks/lib_user.py': `import json, sys
from claude_hooks import respond
try:
    data = json.load(sys.stdin)
    if ".env" in data["tool_input"]["file_path"]:
        respond({"permissionDecision": "deny"})
except Exception:
    sys.exit(2)
`,
    '.claude/hooks/local_user.py': `import json, sys
from common import respond
try:
    data = json.load(sys.stdin)
    if ".env" in data["tool_input"]["file_path"]:
        respond({"permissionDecision": "deny"})
except Exception:
    sys.exit(2)
`,
    '.claude/hooks/common.py': `import json
def respond(out):
    print(json.dumps({"hookSpecificOutput": {"hookEventName": "PreToolUse", **out}}))
`,
    '.claude/hooks/guard.py': `import json, sys
try:
    data = json.load(sys.stdin)
    if "rm -rf" in data["tool_input"]["command"]:
        print(json.dumps({"hookSpecificOutput": {"permissionDecision": "deny", "permissionDecisionReason": "no"}}))  # NOT OK
        sys.exit(0)
except Exception:
    sys.exit(2)
`,
    '.claude/hooks/guard.sh': `#!/bin/bash
set -euo pipefail
trap 'exit 2' ERR
cmd=$(jq -r '.tool_input.command')
if [[ "$cmd" == *"git push --force"* ]]; then
  echo '{"permissionDecision": "deny", "permissionDecisionReason": "no force push"}' # NOT OK: top level
  exit 0
fi
`,
    '.claude/hooks/guard.js': `const fs = require('fs')
try {
  const input = JSON.parse(fs.readFileSync(0, 'utf8'))
  if (/DROP TABLE/.test(input.tool_input.command)) {
    console.log(JSON.stringify({ permissionDecision: 'deny', reason: 'no' })) // NOT OK: top level
    process.exit(0)
  }
} catch (e) { process.exit(2) }
`,
    // OK: hookEventName comes from the payload; exit 2 blocks whatever the JSON says.
    '.claude/hooks/ok.sh': `#!/bin/bash
set -euo pipefail
trap 'exit 2' ERR
input=$(cat)
event=$(jq -r .hook_event_name <<<"$input")
if grep -q 'mkfs' <<<"$input"; then
  jq -n --arg e "$event" '{hookSpecificOutput: {hookEventName: $e, permissionDecision: "deny"}}'
  exit 0
fi
`
  })
  expectFindings(findings, [
    {
      file: '.claude/hooks/guard.js',
      line: 5,
      column: 34,
      endColumn: 60,
      severity: 'high',
      message:
        "guard prints `permissionDecision: 'deny'` and exits 0, but Claude Code never honours this decision: `permissionDecision` counts only inside `hookSpecificOutput` next to `\"hookEventName\": \"PreToolUse\"`, and this script prints it outside `hookSpecificOutput`; the tool call proceeds"
    },
    {
      file: '.claude/hooks/guard.py',
      line: 5,
      column: 50,
      endColumn: 78,
      severity: 'high',
      message:
        'guard prints `"permissionDecision": "deny"` and exits 0, but Claude Code never honours this decision: `hookSpecificOutput` lacks `"hookEventName": "PreToolUse"` (this script never prints `hookEventName`), and JSON that fails the hook output schema is a non-blocking error; the tool call proceeds'
    },
    {
      file: '.claude/hooks/guard.sh',
      line: 6,
      column: 10,
      endColumn: 38,
      severity: 'high',
      message: 'guard prints `"permissionDecision": "deny"` and exits 0, but Claude Code never honours this decision: `permissionDecision` counts only inside `hookSpecificOutput`'
    }
  ])
})

test('hook-fail-open: a decision written to stderr is not honoured', async () => {
  const findings = await runRule(RULE, {
    '.claude/settings.json': JSON.stringify(
      {
        hooks: {
          PreToolUse: [
            { matcher: 'Bash', hooks: [{ type: 'command', command: GUARD }] },
            { matcher: 'Bash', hooks: [{ type: 'command', command: PY }] },
            { matcher: 'Bash', hooks: [{ type: 'command', command: 'node "$CLAUDE_PROJECT_DIR"/.claude/hooks/guard.js' }] }
          ]
        }
      },
      null,
      2
    ),
    '.claude/hooks/guard.sh': `#!/bin/bash
set -euo pipefail
trap 'exit 2' ERR
cmd=$(jq -r '.tool_input.command')
if [[ "$cmd" == *"npm publish"* ]]; then
  echo '{"hookSpecificOutput": {"hookEventName": "PreToolUse", "permissionDecision": "deny"}}' >&2 # NOT OK
  exit 0
fi
if [[ "$cmd" == *"mkfs"* ]]; then
  echo '{"hookSpecificOutput": {"hookEventName": "PreToolUse", "permissionDecision": "deny"}}' >&2 # OK: exit 2 blocks
  exit 2
fi
`,
    '.claude/hooks/guard.py': `import json, sys
try:
    data = json.load(sys.stdin)
    if "rm -rf" in data["tool_input"]["command"]:
        out = {"hookSpecificOutput": {"hookEventName": "PreToolUse", "permissionDecision": "deny"}}
        print(json.dumps(out))  # OK: the dict is printed to stdout
        sys.exit(0)
    if "drop table" in data["tool_input"]["command"].lower():
        print(json.dumps({"hookSpecificOutput": {"hookEventName": "PreToolUse", "permissionDecision": "deny"}}), file=sys.stderr)  # NOT OK
        sys.exit(0)
except Exception:
    sys.exit(2)
`,
    '.claude/hooks/guard.js': `const fs = require('fs')
try {
  const input = JSON.parse(fs.readFileSync(0, 'utf8'))
  if (/curl/.test(input.tool_input.command)) {
    console.error(JSON.stringify({ hookSpecificOutput: { hookEventName: 'PreToolUse', permissionDecision: 'deny' } })) // NOT OK
    process.exit(0)
  }
} catch (e) { process.exit(2) }
`
  })
  expectFindings(findings, [
    {
      file: '.claude/hooks/guard.js',
      line: 5,
      column: 87,
      endColumn: 113,
      severity: 'high',
      message: 'Claude Code never honours this decision: it goes to stderr (`console.error`), and Claude Code reads decisions only from stdout; the tool call proceeds'
    },
    {
      file: '.claude/hooks/guard.py',
      line: 9,
      column: 81,
      endColumn: 109,
      severity: 'high',
      message: 'it goes to stderr (`file=sys.stderr`), and Claude Code reads decisions only from stdout'
    },
    {
      file: '.claude/hooks/guard.sh',
      line: 6,
      column: 64,
      endColumn: 92,
      severity: 'high',
      message:
        'guard prints `"permissionDecision": "deny"` and exits 0, but Claude Code never honours this decision: it goes to stderr (`>&2`), and Claude Code reads decisions only from stdout; the tool call proceeds'
    }
  ])
})

test('hook-fail-open: text printed to stdout before the decision JSON', async () => {
  const findings = await runRule(RULE, {
    '.claude/settings.json': settings('PreToolUse', GUARD),
    '.claude/hooks/guard.sh': `#!/bin/bash
set -euo pipefail
trap 'exit 2' ERR
cmd=$(jq -r '.tool_input.command')
if [[ -z "$cmd" ]]; then
  echo "nothing to check"
  exit 0
fi
echo "checking: $cmd"
if [[ "$cmd" == *"terraform destroy"* ]]; then
  jq -n '{hookSpecificOutput: {hookEventName: "PreToolUse", permissionDecision: "deny"}}' # NOT OK
  exit 0
fi
`,
    // OK: the message goes to stderr, and the branch that prints text exits first.
    '.claude/hooks/pre-tool-use.sh': `#!/bin/bash
cmd=$(jq -r '.tool_input.command')
echo "checking: $cmd" >&2
if [[ -z "$cmd" ]]; then
  echo "nothing to check"
  exit 0
fi
[[ "$cmd" == *.env* ]] && echo "env file"
if [[ "$cmd" == *"terraform destroy"* ]]; then
  echo '{"hookSpecificOutput": {"hookEventName": "PreToolUse", "permissionDecision": "deny"}}'
  exit 0
fi
`
  })
  expectFindings(findings, [
    {
      file: '.claude/hooks/guard.sh',
      line: 11,
      column: 61,
      endColumn: 87,
      severity: 'high',
      message:
        'guard prints `permissionDecision: "deny"` and exits 0, but Claude Code never honours this decision: `echo "checking: $cmd"` (line 9) prints text to stdout first, and Claude Code parses stdout as JSON only when its first non-space character is `{`; the tool call proceeds'
    }
  ])
})

// False positives of the decision and stdin heuristics (a stderr decision with a later exit 2, helpers
// imported through ESM .js names or sys.path): no decisionIgnored finding.
test("hook-fail-open: no false decisionIgnored (ts jsimport)", async () => {
  const findings = await runRule(RULE, {
  ".claude/hooks/bash-guard.ts": "#!/usr/bin/env -S npx tsx\nimport { readInput, reply } from './lib/io.js'\n\nconst input = await readInput()\nconst cmd = String(input.tool_input?.command ?? '')\nif (/rm\\s+-rf|git\\s+push\\s+--force|curl[^|]*\\|\\s*sh|DROP TABLE/i.test(cmd)) {\n  reply({ permissionDecision: 'deny', permissionDecisionReason: `blocked: ${cmd}` })\n}\nprocess.exit(0)\n",
  ".claude/hooks/lib/io.ts": "export async function readInput(): Promise<any> {\n  let data = ''\n  for await (const chunk of process.stdin) data += chunk\n  return JSON.parse(data)\n}\nexport function reply(out: { permissionDecision: 'allow' | 'deny' | 'ask'; permissionDecisionReason?: string }): void {\n  console.log(JSON.stringify({ hookSpecificOutput: { hookEventName: 'PreToolUse', ...out } }))\n}\n",
  ".claude/settings.json": preToolUseSettings("npx tsx \"$CLAUDE_PROJECT_DIR\"/.claude/hooks/bash-guard.ts")
  })
  expectFindings(findings, [
    { file: ".claude/hooks/bash-guard.ts", line: 7, column: 11, severity: 'medium', message: "guard fails open on errors: an uncaught exception exits 1, a" }
  ])
})

test("hook-fail-open: no false decisionIgnored (py syspath lib)", async () => {
  const findings = await runRule(RULE, {
  ".claude/hooks/lib/common.py": "import json\n\n\ndef emit(decision, event=\"PreToolUse\"):\n    print(json.dumps({\"hookSpecificOutput\": {\"hookEventName\": event, **decision}}))\n",
  ".claude/hooks/pre/bash_guard.py": "#!/usr/bin/env python3\nimport json\nimport re\nimport sys\nfrom pathlib import Path\n\nsys.path.insert(0, str(Path(__file__).resolve().parent.parent / \"lib\"))\nfrom common import emit  # noqa: E402\n\ndata = json.load(sys.stdin)\ncmd = data.get(\"tool_input\", {}).get(\"command\", \"\")\nif re.search(r\"rm\\s+-rf|git\\s+push\\s+--force|curl[^|]*\\|\\s*sh|DROP TABLE\", cmd):\n    emit({\n        \"permissionDecision\": \"deny\",\n        \"permissionDecisionReason\": \"Dangerous command blocked\",\n    })\nsys.exit(0)\n",
  ".claude/settings.json": preToolUseSettings("python3 \"$CLAUDE_PROJECT_DIR\"/.claude/hooks/pre/bash_guard.py")
  })
  expectFindings(findings, [
    { file: ".claude/hooks/pre/bash_guard.py", line: 14, column: 9, severity: 'medium', message: "guard fails open on errors: an uncaught exception exits 1, a" }
  ])
})

test("hook-fail-open: no false decisionIgnored (py constexit)", async () => {
  const findings = await runRule(RULE, {
  ".claude/hooks/guard.py": "#!/usr/bin/env python3\nimport json\nimport re\nimport sys\n\nEXIT_ALLOW = 0\nEXIT_BLOCK = 2\n\nPATTERNS = [r\"rm\\s+-rf\", r\"git\\s+push\\s+--force\", r\"curl[^|]*\\|\\s*sh\", r\"DROP TABLE\"]\n\n\ndef block(reason):\n    print(json.dumps({\"decision\": \"block\", \"reason\": reason}), file=sys.stderr)\n    sys.exit(EXIT_BLOCK)\n\n\ndef main():\n    data = json.load(sys.stdin)\n    if data.get(\"tool_name\") != \"Bash\":\n        sys.exit(EXIT_ALLOW)\n    cmd = data.get(\"tool_input\", {}).get(\"command\", \"\")\n    for p in PATTERNS:\n        if re.search(p, cmd, re.I):\n            block(f\"Blocked: matches {p}\")\n    sys.exit(0)\n\n\nif __name__ == \"__main__\":\n    main()\n",
  ".claude/settings.json": preToolUseSettings("python3 \"$CLAUDE_PROJECT_DIR\"/.claude/hooks/guard.py")
  })
  expectFindings(findings, [
    { file: ".claude/hooks/guard.py", line: 14, column: 5, severity: 'medium', message: "guard fails open on errors: an uncaught exception exits 1, a" }
  ])
})

test("hook-fail-open: no false decisionIgnored (py stderr exit2 later)", async () => {
  const findings = await runRule(RULE, {
  ".claude/hooks/guard.py": "#!/usr/bin/env python3\nimport json\nimport re\nimport sys\n\n\ndef report(reason):\n    print(json.dumps({\"decision\": \"block\", \"reason\": reason}), file=sys.stderr)\n\n\ndef main():\n    try:\n        data = json.load(sys.stdin)\n    except json.JSONDecodeError:\n        sys.exit(0)\n    cmd = data.get(\"tool_input\", {}).get(\"command\", \"\")\n    if re.search(r\"rm\\s+-rf|git\\s+push\\s+--force|curl[^|]*\\|\\s*sh|DROP TABLE\", cmd):\n        report(\"dangerous command\")\n        sys.exit(2)\n    sys.exit(0)\n\n\nif __name__ == \"__main__\":\n    main()\n",
  ".claude/settings.json": preToolUseSettings("python3 \"$CLAUDE_PROJECT_DIR\"/.claude/hooks/guard.py")
  })
  expectFindings(findings, [
    { file: ".claude/hooks/guard.py", line: 19, column: 9, severity: 'medium', message: "guard fails open on errors: an uncaught exception exits 1, a" }
  ])
})

test("hook-fail-open: no false decisionIgnored (sh stderr fn)", async () => {
  const findings = await runRule(RULE, {
  ".claude/hooks/guard.sh": "#!/usr/bin/env bash\nset -euo pipefail\n\nexplain() {\n  printf '{\"decision\":\"block\",\"reason\":\"%s\"}\\n' \"$1\" >&2\n}\n\ninput=$(cat)\ncmd=$(jq -r '.tool_input.command // empty' <<<\"$input\")\n[[ -z \"$cmd\" ]] && exit 0\n\nif [[ \"$cmd\" =~ rm\\ -rf|git\\ push\\ --force|curl.*\\|\\ *sh|DROP\\ TABLE ]]; then\n  explain \"Dangerous command blocked: $cmd\"\n  exit 2\nfi\nexit 0\n",
  ".claude/settings.json": preToolUseSettings("\"$CLAUDE_PROJECT_DIR\"/.claude/hooks/guard.sh")
  })
  expectFindings(findings, [
    { file: ".claude/hooks/guard.sh", line: 2, column: 1, severity: 'medium', message: "`set -e` ends the guard before it decides when `jq -r '.tool_input.command // empty' <<…` (line 9) fails" }
  ])
})


test('hook-fail-open: onFailure "block" only counts from Claude Code 2.1.295, and never on async or Stop-type hooks', async () => {
  const script = `#!/usr/bin/env bash
set -euo pipefail
cmd=$(jq -r .tool_input.command)
[[ "$cmd" == *"rm -rf"* ]] && { echo "blocked" >&2; exit 2; }
exit 0
`
  const files = {
    '.claude/settings.json': settings('PreToolUse', GUARD, { onFailure: 'block' }),
    '.claude/hooks/guard.sh': script
  }
  // Claude Code 2.1.290 runs: onFailure does not exist yet, so set -e fails open again.
  expectFindings(await runRule(RULE, files, { claudeCodeVersion: '2.1.290' }), [
    {
      file: '.claude/hooks/guard.sh',
      line: 2,
      column: 1,
      severity: 'medium',
      message: '`set -e` ends the guard'
    },
    {
      file: '.claude/settings.json',
      line: 10,
      column: 13,
      endColumn: 33,
      severity: 'medium',
      message:
        '`"onFailure": "block"` does nothing before Claude Code 2.1.295 (claude-code-version 2.1.290 in the configuration): a hook that cannot start, times out or exits with an unexpected code still lets the tool call through'
    }
  ])
  expectFindings(await runRule(RULE, files, { claudeCodeVersion: '2.1.295' }), [])
  const stop = await runRule(RULE, {
    '.claude/settings.json': settings('Stop', 'npm test', { onFailure: 'block' }, ''),
    'b/.claude/settings.json': settings('PostToolUse', 'npm run lint', { onFailure: 'block', async: true })
  })
  expectFindings(stop, [
    {
      file: '.claude/settings.json',
      line: 10,
      column: 13,
      message: '`"onFailure": "block"` does nothing on Stop: a hook that cannot start, times out or exits with an unexpected code still lets the stop through'
    },
    { file: 'b/.claude/settings.json', line: 10, column: 13, message: 'does nothing on an `async` hook' }
  ])
})
test('hook-fail-open: `set -e` is reported only where an unguarded command can end the guard, and names it', async () => {
  // Every command that could fail is guarded (`|| true`, `|| echo`, `if`): set -e never fires.
  const guarded = await runRule(RULE, {
    '.claude/settings.json': settings('PreToolUse', GUARD),
    '.claude/hooks/guard.sh': `#!/bin/bash
set -euo pipefail
input=$(cat)
cmd=$(jq -r '.tool_input.command // empty' <<<"$input" || true)
branch=$(git rev-parse --abbrev-ref HEAD 2>/dev/null || echo unknown)
if grep -qE 'rm -rf|--force' <<<"$cmd"; then
  echo "blocked on $branch" >&2
  exit 2
fi
exit 0
`
  })
  expectFindings(guarded, [])
  // An unguarded `jq` before the block: a malformed payload ends the guard with exit 5.
  const unguarded = await runRule(RULE, {
    '.claude/settings.json': settings('PreToolUse', GUARD),
    '.claude/hooks/guard.sh': `#!/bin/bash
set -e
input=$(cat)
cmd=$(jq -r '.tool_input.command' <<<"$input")
if [[ "$cmd" == *"rm -rf"* ]]; then
  echo "blocked" >&2
  exit 2
fi
`
  })
  expectFindings(unguarded, [
    { file: '.claude/hooks/guard.sh', line: 2, severity: 'medium', message: /^`set -e` ends the guard before it decides when `jq -r '.tool_input.command' <<<"\$input"` \(line 4\) fails/ }
  ])
})

test('hook-fail-open: a Stop-hook reminder that checks nothing guards nothing', async () => {
  const reminder = `#!/bin/bash
set -e
input=$(cat)
active=$(echo "$input" | jq -r '.stop_hook_active')
if [ "$active" = "true" ]; then exit 0; fi
echo "Reminder: update CHANGELOG.md before you finish" >&2
exit 2
`
  const findings = await runRule(RULE, {
    '.claude/settings.json': settings('Stop', GUARD, {}, ''),
    '.claude/hooks/guard.sh': reminder
  })
  expectFindings(findings, [])
  // The same shape as a gate that runs a check is still judged.
  const gate = await runRule(RULE, {
    '.claude/settings.json': settings('Stop', GUARD, {}, ''),
    '.claude/hooks/guard.sh': reminder.replace('echo "Reminder', 'npm test --silent\necho "Reminder')
  })
  expectFindings(gate, [{ file: '.claude/hooks/guard.sh', line: 2, severity: 'medium', message: 'when `jq -r' }])
})

// Read from syntax trees (#21): each case below was misread by the old text masker.
const JS_GUARD = 'node "$CLAUDE_PROJECT_DIR"/.claude/hooks/guard.js'

test('hook-fail-open: a docstring is not output, and a function nothing calls never exits', async () => {
  // A single-quoted docstring that describes a decision prints nothing: no guard here.
  const docstring = await runRule(RULE, {
    '.claude/settings.json': settings('PreToolUse', PY),
    '.claude/hooks/guard.py': `import json, sys

def check(cmd):
    'Prints {"decision": "block"} when the command is dangerous.'
    return "rm -rf" in cmd

data = json.load(sys.stdin)
if check(data["tool_input"]["command"]):
    print("dangerous", file=sys.stderr)
sys.exit(0)
`
  })
  expectFindings(docstring, [])
  // \`check=True\` is a keyword argument, not a call of the nested \`check\`, which never runs.
  const nested = await runRule(RULE, {
    '.claude/settings.json': settings('PreToolUse', PY),
    '.claude/hooks/guard.py': `import json, subprocess, sys

def main():
    data = json.load(sys.stdin)
    def check(cmd):
        print("blocked", file=sys.stderr)
        sys.exit(2)
    subprocess.run(["git", "status"], check=True)
    print(json.dumps(data))

main()
`
  })
  expectFindings(nested, [])
})

test('hook-fail-open: an except clause re-raises only with raise, and denies through the functions it calls', async () => {
  // "raise" in a message is not a raise statement: the handler swallows the error.
  const swallows = await runRule(RULE, {
    '.claude/settings.json': settings('PreToolUse', PY),
    '.claude/hooks/guard.py': `import json, sys
try:
    data = json.load(sys.stdin)
    if "rm -rf" in data["tool_input"]["command"]:
        sys.exit(2)
except Exception:
    print("guard error, will not raise", file=sys.stderr)
    sys.exit(0)
`
  })
  expectFindings(swallows, [
    { file: '.claude/hooks/guard.py', line: 6, column: 1, endColumn: 18, message: 'guard catches every exception (`except Exception`)' }
  ])
  // The handler calls `deny`, which exits 2: it fails closed.
  const denies = await runRule(RULE, {
    '.claude/settings.json': settings('PreToolUse', PY),
    '.claude/hooks/guard.py': `import json, sys

def deny(reason):
    print(reason, file=sys.stderr)
    sys.exit(2)

try:
    data = json.load(sys.stdin)
    if "rm -rf" in data["tool_input"]["command"]:
        deny("dangerous")
except Exception as e:
    deny(f"guard error: {e}")
`
  })
  expectFindings(denies, [])
})

test('hook-fail-open: a try on one line, and a block reached through several calls, are read', async () => {
  const inline = await runRule(RULE, {
    '.claude/settings.json': settings('PreToolUse', PY),
    '.claude/hooks/guard.py': `import json, sys

def main():
    data = json.load(sys.stdin)
    if "rm -rf" in data["tool_input"]["command"]:
        sys.exit(2)

try: main()
except Exception: sys.exit(0)
`
  })
  expectFindings(inline, [{ file: '.claude/hooks/guard.py', line: 9, column: 1, message: 'guard catches every exception (`except Exception`)' }])
  const calls = await runRule(RULE, {
    '.claude/settings.json': settings('PreToolUse', PY),
    '.claude/hooks/guard.py': `import json, sys

def deny():
    sys.exit(2)

def check(cmd):
    if "rm -rf" in cmd:
        deny()

def main():
    check(json.load(sys.stdin)["tool_input"]["command"])

try:
    main()
except Exception:
    sys.exit(0)
`
  })
  expectFindings(calls, [{ file: '.claude/hooks/guard.py', line: 15, column: 1, message: 'guard catches every exception (`except Exception`)' }])
})

test('hook-fail-open: JavaScript template and regular expression literals are not code', async () => {
  // `process.exit(2)` inside a nested template literal is text: no guard.
  const template = await runRule(RULE, {
    '.claude/settings.json': settings('PreToolUse', JS_GUARD),
    '.claude/hooks/guard.js':
      "const input = JSON.parse(require('fs').readFileSync(0, 'utf8'))\nconst strict = false\nconsole.error(`Usage: ${strict ? `blocks with process.exit(2)` : 'warns only'}`)\nprocess.exit(0)\n"
  })
  expectFindings(template, [])
  // A quote or `//` inside a regular expression literal opens no string or comment: the exit 2 after it counts.
  const quote = await runRule(RULE, {
    '.claude/settings.json': settings('PreToolUse', JS_GUARD),
    '.claude/hooks/guard.js':
      "const input = JSON.parse(require('fs').readFileSync(0, 'utf8'))\nconst cmd = input.tool_input.command\nif (/rm\\s+-rf\\s+[\"']?\\//.test(cmd)) { console.error('blocked'); process.exit(2) }\n"
  })
  expectFindings(quote, [{ file: '.claude/hooks/guard.js', line: 3, column: 65, severity: 'medium', message: 'an uncaught exception exits 1' }])
  const slashes = await runRule(RULE, {
    '.claude/settings.json': settings('PreToolUse', JS_GUARD),
    '.claude/hooks/guard.js':
      "const input = JSON.parse(require('fs').readFileSync(0, 'utf8'))\nconst url = input.tool_input.url || ''\nif (/^http:\\/\\//.test(url)) { console.error('plain http blocked'); process.exit(2) }\n"
  })
  expectFindings(slashes, [{ file: '.claude/hooks/guard.js', line: 3, column: 68, severity: 'medium', message: 'an uncaught exception exits 1' }])
  // A `}` inside a regular expression does not end the try block: its catch swallows the errors.
  const brace = await runRule(RULE, {
    '.claude/settings.json': settings('PreToolUse', JS_GUARD),
    '.claude/hooks/guard.js':
      "try {\n  const input = JSON.parse(require('fs').readFileSync(0, 'utf8'))\n  if (/\\}/.test(input.tool_input.command)) process.exit(2)\n} catch (e) {\n  process.exit(0)\n}\n"
  })
  expectFindings(brace, [{ file: '.claude/hooks/guard.js', line: 4, column: 3, endColumn: 8, message: 'guard catches every exception (`catch`)' }])
})

test('hook-fail-open: `|| true` after a line continuation, a group or a subshell is not a `set -e` exit', async () => {
  for (const line of ['mkdir -p /tmp/x \\\n  || true', '{ mkdir -p /tmp/x; } || true', '( mkdir -p /tmp/x ) || true', 'x=$(mkdir -p /tmp/x) \\\n  || true']) {
    const findings = await runRule(RULE, {
      '.claude/settings.json': settings('PreToolUse', GUARD),
      '.claude/hooks/guard.sh': `#!/bin/bash\nset -e\ninput=$(cat)\n${line}\nif [[ "$input" == *"rm -rf"* ]]; then\n  echo blocked >&2\n  exit 2\nfi\n`
    })
    expectFindings(findings, [])
  }
  // Without `|| true` the same command can end the guard.
  const bare = await runRule(RULE, {
    '.claude/settings.json': settings('PreToolUse', GUARD),
    '.claude/hooks/guard.sh': `#!/bin/bash\nset -e\ninput=$(cat)\n{ mkdir -p /tmp/x; }\nif [[ "$input" == *"rm -rf"* ]]; then\n  echo blocked >&2\n  exit 2\nfi\n`
  })
  expectFindings(bare, [{ file: '.claude/hooks/guard.sh', line: 2, column: 1, message: /^`set -e` ends the guard before it decides when `mkdir -p \/tmp\/x` \(line 4\) fails/ }])
})

/** A guard whose pure `decide()` returns an internal result object; the wrapper prints only its `json` part. */
const DECIDE = `export function decide(call) {
  const cmd = call?.tool_input?.command ?? ''
  if (!/rm -rf/.test(cmd)) return { action: 'allow', json: null, notice: null }
  if (process.env.GUARD_SHADOW !== '0') return { action: 'warn', json: null, notice: 'rm -rf seen (shadow mode)' }
  return {
    action: 'deny',
    json: { hookSpecificOutput: { hookEventName: 'PreToolUse', permissionDecision: 'deny', permissionDecisionReason: 'no rm -rf' } },
    notice: null
  }
}
`
const JS_HOOK = 'node "$CLAUDE_PROJECT_DIR"/.claude/hooks/guard.mjs'

test('hook-fail-open: a decision-looking field of an object the script keeps to itself is not output', async () => {
  const wrapper = (deny: string): string => `${DECIDE}
let input = ''
process.stdin.on('data', (c) => (input += c))
process.stdin.on('end', () => {
  try {
    const result = decide(JSON.parse(input))
    if (result.action === 'deny') {
      ${deny}
    }
    process.exit(0)
  } catch (e) {
    console.error('guard failed')
    process.exit(2)
  }
})
`
  // `action: 'deny'` is compared by the caller; only `result.json` (a real decision) reaches stdout.
  const inner = await runRule(RULE, {
    '.claude/settings.json': settings('PreToolUse', JS_HOOK),
    '.claude/hooks/guard.mjs': wrapper('process.stdout.write(JSON.stringify(result.json))')
  })
  expectFindings(inner, [])
  // Printed whole, the object is what Claude Code reads: `action` is no decision field.
  const whole = await runRule(RULE, {
    '.claude/settings.json': settings('PreToolUse', JS_HOOK),
    '.claude/hooks/guard.mjs': wrapper('process.stdout.write(JSON.stringify(result))')
  })
  expectFindings(whole, [
    { file: '.claude/hooks/guard.mjs', line: 6, column: 5, message: "guard prints `action: 'deny'` and exits 0" }
  ])
  // Handed to code this reading does not follow: it may print it.
  const passed = await runRule(RULE, {
    '.claude/settings.json': settings('PreToolUse', JS_HOOK),
    '.claude/hooks/guard.mjs': `import { emit } from 'hook-kit'\n${wrapper('emit(result)')}`
  })
  expectFindings(passed, [
    { file: '.claude/hooks/guard.mjs', line: 7, column: 5, message: "guard prints `action: 'deny'` and exits 0" }
  ])
})

test('hook-fail-open: a Python verdict dictionary read by its caller is not output', async () => {
  const script = (use: string): string => `import json, sys

def main():
    try:
        verdict = classify(json.load(sys.stdin)["tool_input"]["command"])
    except Exception:
        print("guard failed", file=sys.stderr)
        sys.exit(2)
    ${use}
    sys.exit(0)

def classify(cmd):
    if "rm -rf" in cmd:
        return {"action": "deny", "reason": "rm -rf"}
    return {"action": "allow", "reason": ""}

main()
`
  const read = await runRule(RULE, {
    '.claude/settings.json': settings('PreToolUse', PY),
    '.claude/hooks/guard.py': script(
      'if verdict.get("action") == "deny":\n        print(json.dumps({"hookSpecificOutput": {"hookEventName": "PreToolUse", "permissionDecision": "deny", "permissionDecisionReason": verdict["reason"]}}))'
    )
  })
  expectFindings(read, [])
  const printed = await runRule(RULE, {
    '.claude/settings.json': settings('PreToolUse', PY),
    '.claude/hooks/guard.py': script('print(json.dumps(verdict))')
  })
  expectFindings(printed, [{ file: '.claude/hooks/guard.py', line: 14, column: 17, message: 'guard prints `"action": "deny"` and exits 0' }])
})

test('hook-fail-open: an exit 1 on a warning path of a guard that blocks elsewhere is no failed block', async () => {
  const wrapper = (warn: string): string => `${DECIDE}
let input = ''
process.stdin.on('data', (c) => (input += c))
process.stdin.on('end', () => {
  try {
    const result = decide(JSON.parse(input))
    if (result.action === 'deny') {
      process.stdout.write(JSON.stringify(result.json))
      process.exit(0)
    } else if (result.action === 'warn') {
      ${warn}
      process.exit(1)
    }
    process.exit(0)
  } catch (e) {
    console.error('guard failed')
    process.exit(2)
  }
})
`
  // Shadow mode: the notice goes to the transcript and the call proceeds, on purpose.
  const shadow = await runRule(RULE, {
    '.claude/settings.json': settings('PreToolUse', JS_HOOK),
    '.claude/hooks/guard.mjs': wrapper('process.stderr.write(`${result.notice}\\n`)')
  })
  expectFindings(shadow, [])
  // The same path saying it blocks is a failed block.
  const blocked = await runRule(RULE, {
    '.claude/settings.json': settings('PreToolUse', JS_HOOK),
    '.claude/hooks/guard.mjs': wrapper("console.error('Blocked: rm -rf is not allowed')")
  })
  expectFindings(blocked, [
    { file: '.claude/hooks/guard.mjs', line: 22, column: 7, severity: 'high', message: 'guard blocks with `process.exit(1)`, but only exit code 2 blocks' }
  ])
  // A guard with no real block anywhere: a "warning" that says it blocks is still its only block.
  const only = await runRule(RULE, {
    '.claude/settings.json': settings('PreToolUse', JS_HOOK),
    '.claude/hooks/guard.mjs':
      "const input = JSON.parse(require('fs').readFileSync(0, 'utf8'))\nif (/rm -rf/.test(input.tool_input.command)) {\n  console.error('WARNING: rm -rf blocked')\n  process.exit(1)\n}\n"
  })
  expectFindings(only, [{ file: '.claude/hooks/guard.mjs', line: 4, column: 3, severity: 'high', message: 'guard blocks with `process.exit(1)`' }])
})

test('hook-fail-open: a branch that prints a long block message and exits 1 (the message starts more than five lines up)', async () => {
  const findings = await runRule(RULE, {
    '.claude/settings.json': settings('PreToolUse', 'node "$CLAUDE_PROJECT_DIR"/.claude/hooks/guard.mjs', {}, 'Write|Edit'),
    '.claude/hooks/guard.mjs': `import { readFileSync } from 'fs'
const input = JSON.parse(readFileSync('/dev/stdin', 'utf8'))
const path = input?.tool_input?.file_path ?? ''
if (!path.startsWith('apps/')) process.exit(0)
if (!readFileSync('plan.md', 'utf8').includes('- [ ]')) {
  process.stderr.write(
    'BLOCKED: no active plan.\\n' +
      'Run the workflow:\\n' +
      '  1. brainstorm\\n' +
      '  2. plan\\n' +
      '  3. execute one step at a time\\n' +
      '\\n'
  )
  process.exit(1)
}
process.exit(0)
`
  })
  expectFindings(findings, [
    { file: '.claude/hooks/guard.mjs', line: 14, column: 3, severity: 'high', message: 'guard blocks with `process.exit(1)`, but only exit code 2 blocks' }
  ])
})

test('hook-fail-open: an exit status carried by a variable is read from straight-line code', async () => {
  // kubepulse-like: the status set to 2 is overwritten with 1 before `exit $rc`, so the guard never blocks.
  const overwritten = await runRule(RULE, {
    '.claude/settings.json': settings('PreToolUse', GUARD),
    '.claude/hooks/guard.sh': `#!/bin/bash
input=$(cat)
cmd=$(jq -r '.tool_input.command' <<<"$input")
if [[ "$cmd" == *"rm -rf"* ]]; then
  echo "Blocked: rm -rf is not allowed" >&2
  rc=2
  rc=1
  exit "$rc"
fi
exit 0
`
  })
  expectFindings(overwritten, [
    {
      file: '.claude/hooks/guard.sh',
      line: 8,
      column: 3,
      endLine: 8,
      endColumn: 13,
      severity: 'high',
      message:
        'guard blocks with `exit "$rc"`, but only exit code 2 blocks: exit 1 without a decision JSON on stdout is a non-blocking error and the tool call proceeds'
    }
  ])
  // A status set on some paths only stays unknown: it may be 2, so nothing is reported.
  const branchy = await runRule(RULE, {
    '.claude/settings.json': settings('PreToolUse', GUARD),
    '.claude/hooks/guard.sh': `#!/bin/bash
input=$(cat)
cmd=$(jq -r '.tool_input.command' <<<"$input")
rc=1
if [[ "$cmd" == *"rm -rf"* ]]; then
  echo "Blocked: rm -rf is not allowed" >&2
  rc=2
fi
exit $rc
`
  })
  expectFindings(branchy, [])
})

test('hook-fail-open: an error handler that answers allow skips the prompt on any failure', async () => {
  const files = (handler: string): Record<string, string> => ({
    '.claude/settings.json': settings('PreToolUse', 'uv run "$CLAUDE_PROJECT_DIR"/.claude/hooks/pre_tools/blocker.py'),
    '.claude/hooks/pre_tools/utils/__init__.py': '',
    '.claude/hooks/pre_tools/utils/utils.py': `import json
import sys


def output_decision(decision, reason):
    output = {
        "hookSpecificOutput": {
            "hookEventName": "PreToolUse",
            "permissionDecision": decision,
            "permissionDecisionReason": reason,
        }
    }
    print(json.dumps(output))
    sys.exit(0)
`,
    '.claude/hooks/pre_tools/blocker.py': `import json
import re
import sys

from utils.utils import output_decision


def main():
    try:
        data = json.load(sys.stdin)
        command = data["tool_input"]["command"]
        if re.search(r"rm\\s+-rf", command):
            output_decision("deny", "recursive delete")
        else:
            output_decision("allow", "Command is safe")
${handler}


if __name__ == "__main__":
    main()
`
  })
  const findings = await runRule(
    RULE,
    files(`    except Exception as e:  # fail-safe: allow
        print(f"blocker error: {e}", file=sys.stderr)
        output_decision("allow", f"Hook error (fail-safe): {e}")`)
  )
  expectFindings(findings, [
    {
      file: '.claude/hooks/pre_tools/blocker.py',
      line: 18,
      column: 25,
      endLine: 18,
      endColumn: 32,
      severity: 'high',
      message:
        'guard answers allow when its check fails: its error handler (`except Exception as e`, line 16) prints `"permissionDecision": "allow"`, so any error in the check (bad input, a missing file, a bug) lets the tool call through without even the permission prompt'
    }
  ])
  // A handler that denies fails closed.
  const closed = await runRule(
    RULE,
    files(`    except Exception as e:
        output_decision("deny", f"Hook error: {e}")`)
  )
  expectFindings(closed, [])
})

test('hook-fail-open: a JavaScript catch that answers allow', async () => {
  const findings = await runRule(RULE, {
    '.claude/settings.json': settings('PreToolUse', 'node "$CLAUDE_PROJECT_DIR"/.claude/hooks/guard.mjs'),
    '.claude/hooks/guard.mjs': `import { readFileSync } from 'node:fs'
const answer = (decision) => ({ hookSpecificOutput: { hookEventName: 'PreToolUse', permissionDecision: decision } })
try {
  const cmd = JSON.parse(readFileSync(0, 'utf8')).tool_input.command
  if (/rm -rf/.test(cmd)) console.log(JSON.stringify(answer('deny')))
} catch (e) {
  console.log(JSON.stringify(answer('allow')))
}
`
  })
  expectFindings(findings, [
    {
      file: '.claude/hooks/guard.mjs',
      line: 7,
      column: 37,
      endColumn: 44,
      severity: 'high',
      message: "guard answers allow when its check fails: its error handler (`catch (e)`, line 6) prints `\"permissionDecision\": \"allow\"`"
    }
  ])
})

/** A guard whose check lives in a module it imports, and which exits with the status the check returns. */
function importedCheck(handler: string, event = 'PreToolUse'): Record<string, string> {
  return {
    '.claude/settings.json': settings(event, PY),
    '.claude/hooks/guard.py': `import json
import sys
import os

sys.path.insert(0, os.path.dirname(__file__))

try:
    from checks.rules import check_command
except ImportError:
${handler}


def main():
    data = json.load(sys.stdin)
    code, reason = check_command(data.get("tool_input", {}).get("command", ""))
    if code != 0:
        print(f"Blocked: {reason}", file=sys.stderr)
        sys.exit(code)
    sys.exit(0)


if __name__ == "__main__":
    main()
`,
    '.claude/hooks/checks/__init__.py': '',
    '.claude/hooks/checks/rules.py': `def check_command(command):
    if "rm -rf" in command:
        return (2, "rm -rf is not allowed")
    return (0, "")
`
  }
}

test('hook-fail-open: an except handler that exits 0 when the check cannot be imported', async () => {
  const findings = await runRule(
    RULE,
    importedCheck(`    # checks not installed: allow everything
    sys.exit(0)`)
  )
  expectFindings(findings, [
    {
      file: '.claude/hooks/guard.py',
      line: 11,
      column: 5,
      endLine: 11,
      endColumn: 16,
      severity: 'high',
      message:
        'guard lets the tool call through when its own code fails: the `except ImportError` handler (line 9) runs `sys.exit(0)`, and exit 0 is success, not a block, so the tool call proceeds as if the check had passed'
    },
    // Nothing catches an error of the check: the exit with its status is skipped, Python exits 1.
    {
      file: '.claude/hooks/guard.py',
      line: 19,
      column: 9,
      endColumn: 23,
      severity: 'medium',
      confidence: 'medium',
      message: 'guard fails open on errors: an uncaught exception exits 1, a non-blocking error, so the tool call proceeds'
    }
  ])
  // A handler that blocks, or re-raises, fails closed.
  for (const closed of [
    `    print("guard checks missing", file=sys.stderr)
    sys.exit(2)`,
    '    raise'
  ]) {
    const f = await runRule(RULE, importedCheck(closed))
    expectFindings(
      f.filter((x) => x.message.includes('handler')),
      []
    )
  }
  // The same script on an event that cannot block guards nothing.
  expectFindings(await runRule(RULE, importedCheck('    sys.exit(0)', 'PostToolUse')), [])
})

test('hook-fail-open: a handler that exits 0 before the guard decides, not one around the payload read or after the decision', async () => {
  const guard = (tryBody: string, handler: string, after = ''): Record<string, string> => ({
    '.claude/settings.json': settings('PreToolUse', PY),
    '.claude/hooks/guard.py': `import json
import shlex
import sys


def main():
    try:
${tryBody}
    except ${handler}:
        sys.exit(0)
    if "rm -rf" in command:
        print("Blocked: rm -rf", file=sys.stderr)
        sys.exit(2)
${after}

main()
`
  })
  const normalise = `        data = json.load(sys.stdin)
        command = shlex.join(shlex.split(data["tool_input"]["command"]))`
  expectFindings(await runRule(RULE, guard(normalise, 'Exception')), [
    {
      file: '.claude/hooks/guard.py',
      line: 11,
      column: 9,
      endLine: 11,
      endColumn: 20,
      severity: 'high',
      message: 'the `except Exception` handler (line 10) runs `sys.exit(0)`, and exit 0 is success'
    },
    { file: '.claude/hooks/guard.py', line: 14, column: 9, severity: 'medium', message: 'an uncaught exception exits 1' }
  ])
  // Only decoding the payload can fail here, and Claude Code sends well-formed JSON.
  const read = `        data = json.load(sys.stdin)
        command = data["tool_input"]["command"].strip()`
  expectFindings(await runRule(RULE, guard(read, 'json.JSONDecodeError')), [
    { file: '.claude/hooks/guard.py', line: 14, column: 9, severity: 'medium', message: 'an uncaught exception exits 1' }
  ])
  // A handler around logging after the decision lets nothing through that the guard would stop.
  const late = await runRule(
    RULE,
    guard(
      read,
      'json.JSONDecodeError',
      `    try:
        with open("/tmp/guard.log", "a") as f:
            f.write(command + "\\n")
    except OSError:
        sys.exit(0)`
    )
  )
  expectFindings(
    late.filter((f) => f.message.includes('OSError')),
    []
  )
})

test('hook-fail-open: a JavaScript catch that exits 0 when the check cannot be loaded', async () => {
  const findings = await runRule(RULE, {
    '.claude/settings.json': settings('PreToolUse', 'node "$CLAUDE_PROJECT_DIR"/.claude/hooks/guard.js'),
    '.claude/hooks/guard.js': `const { readFileSync } = require('node:fs')
let check
try {
  check = require('./lib/policy.js').check
} catch {
  process.exit(0)
}
const input = JSON.parse(readFileSync(0, 'utf8'))
try {
  if (check(input.tool_input.command)) {
    console.error('Blocked: ' + input.tool_input.command)
    process.exit(2)
  }
} catch {
  process.exit(2)
}
`,
    '.claude/hooks/lib/policy.js': `exports.check = (command) => /rm -rf/.test(command)
`
  })
  expectFindings(findings, [
    {
      file: '.claude/hooks/guard.js',
      line: 6,
      column: 3,
      endLine: 6,
      endColumn: 18,
      severity: 'high',
      message: 'the `catch` handler (line 5) runs `process.exit(0)`, and exit 0 is success, not a block'
    }
  ])
})

test('hook-fail-open: a shell guard that exits 0 where a program it needs is not installed', async () => {
  const guard = (branch: string, blocks = 'echo "Blocked: rm -rf" >&2\n  exit 2'): string => `#!/bin/bash
input=$(cat)
if ! command -v jq >/dev/null 2>&1; then
  ${branch}
fi
cmd=$(printf '%s' "$input" | jq -r '.tool_input.command')
if [[ "$cmd" == *"rm -rf"* ]]; then
  ${blocks}
fi
`
  const findings = await runRule(RULE, {
    '.claude/settings.json': JSON.stringify({
      hooks: {
        PreToolUse: [
          {
            matcher: 'Bash',
            hooks: ['open', 'closed', 'which', 'never'].map((n) => ({ type: 'command', command: `"$CLAUDE_PROJECT_DIR"/.claude/hooks/${n}.sh` }))
          }
        ]
      }
    }),
    '.claude/hooks/open.sh': guard('echo "jq not found, skipping checks" >&2\n  exit 0'), // NOT OK
    '.claude/hooks/closed.sh': guard('echo "jq is required" >&2\n  exit 2'), // OK: fails closed
    '.claude/hooks/which.sh': guard('exit 0').replace('! command -v jq >/dev/null 2>&1', '! which jq >/dev/null'), // NOT OK
    '.claude/hooks/never.sh': guard('exit 0', 'echo "rm -rf is risky"') // OK here: it never blocks at all (not this cause)
  })
  expectFindings(
    findings.filter((f) => f.message.includes('is not installed')),
    [
      {
        file: '.claude/hooks/open.sh',
        line: 5,
        column: 3,
        severity: 'high',
        message: 'guard lets the tool call through where `jq` is not installed: when the test on line 3 finds no `jq`, it runs `exit 0`'
      },
      {
        file: '.claude/hooks/which.sh',
        line: 4,
        column: 3,
        severity: 'high',
        message: 'guard lets the tool call through where `jq` is not installed: when the test on line 3 finds no `jq`, it runs `exit 0`'
      }
    ]
  )
})

test('hook-fail-open: an uncaught-error finding points at the deny decision, not at a helper that answers allow', async () => {
  const guard = `import json, re, sys


def make_allow_decision(reason):
    return {"hookSpecificOutput": {"hookEventName": "PreToolUse", "permissionDecision": "allow", "permissionDecisionReason": reason}}


def make_deny_decision(reason):
    return {"hookSpecificOutput": {"hookEventName": "PreToolUse", "permissionDecision": "deny", "permissionDecisionReason": reason}}


data = json.load(sys.stdin)
cmd = data["tool_input"]["command"]
if re.match(r"gh repo delete", cmd):
    print(json.dumps(make_deny_decision("no")))
elif cmd.startswith("gh pr view"):
    print(json.dumps(make_allow_decision("read-only")))
`
  const findings = await runRule(RULE, {
    '.claude/settings.json': preToolUseSettings('python3 "$CLAUDE_PROJECT_DIR"/.claude/hooks/gh.py'),
    '.claude/hooks/gh.py': guard
  })
  expectFindings(findings, [
    { file: '.claude/hooks/gh.py', line: 9, column: 67, severity: 'medium', message: 'guard fails open on errors: an uncaught exception exits 1' }
  ])
})

test('hook-fail-open: a shell guard without `set -e` whose payload read comes out empty where jq is missing, and exits 0 on empty', async () => {
  const guard = (head: string, empty: string): string => `#!/usr/bin/env bash
${head}
input=$(cat)
command=$(echo "$input" | jq -r '.tool_input.command // empty')
${empty}
if [[ "$command" == *"rm -rf"* ]]; then
  echo '{"decision": "block", "reason": "no"}'
  exit 0
fi
echo '{"decision": "approve"}'
`
  const findings = await runRule(RULE, {
    '.claude/settings.json': JSON.stringify({
      hooks: {
        PreToolUse: [
          {
            matcher: 'Bash',
            hooks: ['andand', 'iftest', 'bracket', 'denies', 'errexit'].map((n) => ({ type: 'command', command: `"$CLAUDE_PROJECT_DIR"/.claude/hooks/${n}.sh` }))
          }
        ]
      }
    }),
    '.claude/hooks/andand.sh': guard('set -uo pipefail', '[[ -z "$command" ]] && echo \'{"decision": "approve"}\' && exit 0'), // NOT OK
    '.claude/hooks/iftest.sh': guard('', 'if [[ -z $command ]]; then\n  exit 0\nfi'), // NOT OK
    '.claude/hooks/bracket.sh': guard('', '[ -z "$command" ] && exit 0'), // NOT OK
    '.claude/hooks/denies.sh': guard('', '[ -z "$command" ] && { echo "no command" >&2; exit 2; }'), // OK: fails closed
    '.claude/hooks/errexit.sh': guard('set -euo pipefail', '[[ -z "$command" ]] && exit 0') // OK here: set -e ends it first (another cause)
  })
  const empty = findings.filter((f) => f.message.includes('comes out empty'))
  expectFindings(empty, [
    {
      file: '.claude/hooks/andand.sh',
      line: 5,
      column: 58,
      severity: 'high',
      message:
        'guard lets the tool call through where `jq` is not installed or fails: when `$command`, which it reads the payload into, comes out empty and the test on line 5 takes that for a call with nothing to check, it runs `exit 0`, and exit 0 is success, not a block, so the tool call proceeds unchecked'
    },
    { file: '.claude/hooks/bracket.sh', line: 5, column: 22, severity: 'high', message: 'the test on line 5 takes that' },
    { file: '.claude/hooks/iftest.sh', line: 6, column: 3, severity: 'high', message: 'the test on line 5 takes that' }
  ])
})

test('hook-fail-open: a guard written in bash tree-sitter-bash rejects is still read (mvdan-sh fallback)', async () => {
  // `${cmd:$i:1}` and `$((10#$n))` are valid bash the grammar of @vscode/tree-sitter-wasm rejects.
  const findings = await runRule(RULE, {
    '.claude/settings.json': preToolUseSettings(GUARD),
    '.claude/hooks/guard.sh': `#!/bin/bash
input=$(cat)
if ! command -v jq >/dev/null 2>&1; then
  exit 0 # NOT OK
fi
cmd=$(printf '%s' "$input" | jq -r '.tool_input.command')
n=$((10#\${RETRIES:-0} + 1))
for ((i = 0; i < \${#cmd}; i++)); do
  [[ "\${cmd:$i:1}" == ";" ]] && { echo "Blocked: chained command" >&2; exit 2; }
done
`
  })
  expectFindings(findings, [
    {
      file: '.claude/hooks/guard.sh',
      line: 4,
      column: 3,
      severity: 'high',
      message: 'guard lets the tool call through where `jq` is not installed: when the test on line 3 finds no `jq`, it runs `exit 0`'
    }
  ])
})

test('hook-fail-open: a shell guard whose `command -v X || exit 0` lets the call through where the program is missing', async () => {
  const guard = (test: string, early = ''): string => `#!/bin/bash
input=$(cat)
${early}${test}
cmd=$(printf '%s' "$input" | python3 -c 'import sys, json; print(json.load(sys.stdin)["tool_input"]["command"])')
case "$cmd" in
  *"rm -rf"*) echo "Blocked: rm -rf" >&2; exit 2 ;;
esac
`
  const names = ['either', 'group', 'closed', 'early', 'chained']
  const findings = await runRule(RULE, {
    '.claude/settings.json': JSON.stringify({
      hooks: { PreToolUse: [{ matcher: 'Bash', hooks: names.map((n) => ({ type: 'command', command: `"$CLAUDE_PROJECT_DIR"/.claude/hooks/${n}.sh` })) }] }
    }),
    '.claude/hooks/either.sh': guard('command -v python >/dev/null 2>&1 || command -v python3 >/dev/null 2>&1 || exit 0'), // NOT OK
    '.claude/hooks/group.sh': guard('hash python3 2>/dev/null || { echo "no python3, skipping" >&2; exit 0; }'), // NOT OK
    '.claude/hooks/closed.sh': guard('command -v python3 >/dev/null || { echo "python3 is required" >&2; exit 2; }'), // OK: fails closed
    // NOT OK: the check before the test still runs, the ones after it do not
    '.claude/hooks/early.sh': guard('command -v python3 >/dev/null || exit 0', 'case "$input" in *"id_rsa"*) echo "Blocked: key" >&2; exit 2 ;; esac\n'),
    '.claude/hooks/chained.sh': guard('command -v python3 >/dev/null && echo "python3 found" || exit 0') // the exit also follows a failing echo: not this cause
  })
  expectFindings(
    findings.filter((f) => f.message.includes('installed')),
    [
      {
        file: '.claude/hooks/early.sh',
        line: 4,
        column: 34,
        severity: 'high',
        message: 'guard lets the tool call through where `python3` is not installed: when the test on line 4 finds no `python3`, it runs `exit 0`, and exit 0 is success, not a block, so the tool call proceeds without the checks after line 4'
      },
      {
        file: '.claude/hooks/either.sh',
        line: 3,
        column: 76,
        endColumn: 82,
        severity: 'high',
        message:
          'guard lets the tool call through where none of `python`, `python3` is installed: when the tests on line 3 find none of them, it runs `exit 0`, and exit 0 is success, not a block, so the tool call proceeds unchecked'
      },
      {
        file: '.claude/hooks/group.sh',
        line: 3,
        column: 64,
        severity: 'high',
        message: 'guard lets the tool call through where `python3` is not installed: when the test on line 3 finds no `python3`, it runs `exit 0`'
      }
    ]
  )
})

test('hook-fail-open: unsupported {"allow": False} output', async () => {
  const findings = await runRule(RULE, {
    '.claude/settings.json': settings('PreToolUse', PY),
    '.claude/hooks/guard.py': `import json, re, sys
data = json.load(sys.stdin)
command = data.get("tool_input", {}).get("command", "")
if re.search(r"rm\\s+-rf", command):
    result = {"error": "Dangerous command blocked", "allow": False}
else:
    result = {"allow": True}
print(json.dumps(result))
`
  })
  expectFindings(findings, [
    {
      file: '.claude/hooks/guard.py',
      line: 5,
      column: 53,
      endColumn: 67,
      severity: 'high',
      message:
        'guard prints `"allow": False` and exits 0: Claude Code does not recognise this as a decision, so the tool call proceeds'
    }
  ])
})

test('hook-fail-open: a guard reached through the main checkout root, whose check is a package put on sys.path', async () => {
  // `$(cd "$(git rev-parse --git-common-dir)/.." && pwd)` is the repository root (the main checkout's, in a worktree too).
  const files = {
    '.claude/settings.json': settings(
      'PreToolUse',
      'python3 "$(cd "$(git rev-parse --git-common-dir)/.." && pwd)/.claude/hooks/pre_tool_use.py"',
      {},
      'Bash|Write|Edit'
    ),
    '.claude/hooks/pre_tool_use.py': `import json
import sys
import os

sys.path.insert(0, os.path.join(os.path.dirname(__file__), ".."))

try:
    from acme.hooks.guard import check_guard
except ImportError:
    sys.exit(0)


def main():
    data = json.load(sys.stdin)
    code, reason = check_guard(data.get("tool_name", ""), data.get("tool_input", {}))
    if code != 0:
        print("blocked:", reason, file=sys.stderr)
        sys.exit(code)
    sys.exit(0)


if __name__ == "__main__":
    main()
`,
    '.claude/acme/__init__.py': '',
    '.claude/acme/hooks/__init__.py': '',
    '.claude/acme/hooks/guard.py': `def check_guard(tool_name, tool_input):
    command = tool_input.get("command", "")
    if tool_name == "Bash" and "rm -rf" in command:
        return (2, "Blocked: rm -rf is not allowed.")
    return (0, "")
`
  }
  expectFindings(await runRule(RULE, files), [
    {
      file: '.claude/hooks/pre_tool_use.py',
      line: 10,
      column: 5,
      endColumn: 16,
      severity: 'high',
      message: 'the `except ImportError` handler (line 9) runs `sys.exit(0)`, and exit 0 is success, not a block'
    },
    {
      file: '.claude/hooks/pre_tool_use.py',
      line: 18,
      column: 9,
      endColumn: 23,
      severity: 'medium',
      confidence: 'medium',
      message: 'guard fails open on errors: an uncaught exception exits 1, a non-blocking error, so the tool call proceeds'
    }
  ])
  // `--git-dir` is `.git/worktrees/<name>` in a linked worktree: its parent is no checkout root, so not followed.
  const gitDir = { ...files, '.claude/settings.json': settings('PreToolUse', 'python3 "$(cd "$(git rev-parse --git-dir)/.." && pwd)/.claude/hooks/pre_tool_use.py"') }
  expectFindings(await runRule(RULE, gitDir), [])
})

/** A guard whose `main()` returns the exit status: `sys.exit(main())`. */
function returnsStatus(block: string, body = ''): Record<string, string> {
  return {
    '.claude/settings.json': settings('PreToolUse', PY),
    '.claude/hooks/guard.py': `import json
import sys


def log_blocked(reason):
    with open("logs/blocked.log", "a") as f:
        f.write(reason + "\\n")


def main() -> int:
    try:
        data = json.load(sys.stdin)
    except json.JSONDecodeError:
        return 0
${body}    command = data.get("tool_input", {}).get("command", "")
    if "rm -rf" in command:
        log_blocked("rm -rf")
        print("Blocked: rm -rf", file=sys.stderr)
        ${block}
    return 0


if __name__ == "__main__":
    sys.exit(main())
`
  }
}

test('hook-fail-open: sys.exit(main()) exits with what main returns', async () => {
  // `return 2` blocks; nothing catches an error before it (the log write), and Python exits 1 on one.
  expectFindings(await runRule(RULE, returnsStatus('return 2')), [
    {
      file: '.claude/hooks/guard.py',
      line: 19,
      column: 9,
      endColumn: 17,
      severity: 'medium',
      confidence: 'medium',
      message: 'guard fails open on errors: an uncaught exception exits 1, a non-blocking error, so the tool call proceeds'
    }
  ])
  // `return 1` after a block message: exit 1 does not block.
  expectFindings(await runRule(RULE, returnsStatus('return 1')), [
    {
      file: '.claude/hooks/guard.py',
      line: 19,
      column: 9,
      endColumn: 17,
      severity: 'high',
      message: 'guard blocks with `return 1`, but only exit code 2 blocks: exit 1 without a decision JSON on stdout is a non-blocking error'
    }
  ])
})

test('hook-fail-open: a plugin guard registered in hooks/hooks.json is audited like a settings hook', async () => {
  const findings = await runRule(RULE, {
    'plugins/guard/.claude-plugin/plugin.json': '{ "name": "guard" }\n',
    'plugins/guard/hooks/hooks.json': `{
  "hooks": {
    "PreToolUse": [
      { "matcher": "Bash", "hooks": [{ "type": "command", "command": "bash \\"\${CLAUDE_PLUGIN_ROOT}/hooks/block.sh\\"" }] }
    ]
  }
}
`,
    'plugins/guard/hooks/block.sh': `#!/bin/bash
cmd=$(jq -r '.tool_input.command')
if [[ "$cmd" == *"rm -rf"* ]]; then
  echo "blocked: rm -rf" >&2
  exit 1
fi
exit 0
`
  })
  expectFindings(findings, [
    {
      file: 'plugins/guard/hooks/block.sh',
      line: 5,
      column: 3,
      endColumn: 9,
      severity: 'high',
      message: 'guard blocks with `exit 1`, but only exit code 2 blocks'
    }
  ])
})

test('hook-fail-open: a JS guard whose entry point rejects into `.catch(() => process.exit(2))` fails closed', async () => {
  const guard = (onError: string): string => `async function main(): Promise<void> {
  const input = JSON.parse(await Bun.stdin.text())
  if (String(input.tool_input.command).includes('rm -rf')) {
    console.error('blocked')
    process.exit(2)
  }
  process.exit(0)
}

main().catch((error) => {
  console.error(error)
  ${onError}
})
`
  const closed = await runRule(RULE, {
    '.claude/settings.json': settings('PreToolUse', 'bun "$CLAUDE_PROJECT_DIR"/.claude/hooks/guard.ts'),
    '.claude/hooks/guard.ts': guard('process.exit(2)')
  })
  expectFindings(closed, [])
  // A handler that lets the call through is no error handling that denies: reported as before.
  const open = await runRule(RULE, {
    '.claude/settings.json': settings('PreToolUse', 'bun "$CLAUDE_PROJECT_DIR"/.claude/hooks/guard.ts'),
    '.claude/hooks/guard.ts': guard('process.exit(0)')
  })
  expectFindings(open, [
    {
      file: '.claude/hooks/guard.ts',
      line: 5,
      column: 5,
      severity: 'medium',
      message: 'guard fails open on errors: an uncaught exception exits 1, a non-blocking error, so the tool call proceeds; nothing catches errors to deny'
    }
  ])
})

const JS = 'node "$CLAUDE_PROJECT_DIR"/.claude/hooks/guard.js'

test('hook-fail-open: a UserPromptSubmit handler whose every block is behind a literal prompt trigger does not fail open', async () => {
  // Python: every other prompt is sent away by an exit 0 before anything blocks (pchalasani/claude-code-tools allow_git_hook.py).
  const py = await runRule(RULE, {
    '.claude/settings.json': settings('UserPromptSubmit', PY, {}, ''),
    '.claude/hooks/guard.py': `import json, os, sys

TRIGGER = ">allow-git"


def main():
    try:
        data = json.load(sys.stdin)
        prompt = data.get("prompt")
        if not isinstance(prompt, str) or not prompt.strip():
            sys.exit(0)
        prompt = prompt.strip().lower()
        if prompt != TRIGGER and not prompt.startswith(TRIGGER + " "):
            sys.exit(0)  # OK: not this hook's command
        open("/tmp/flag", "w").write("1")
        print(json.dumps({"decision": "block", "reason": "commits allowed"}))
        sys.exit(0)
    except Exception:
        sys.exit(0)  # OK: the prompt goes on as typed, like every other prompt


if __name__ == "__main__":
    main()
`
  })
  expectFindings(py, [])
})

test('hook-fail-open: a prompt handler matching a tuple of literal triggers, blocking in a helper, does not fail open', async () => {
  // Triggers from a tuple of literals, through a variable; and the block inside a helper called only there.
  const any = await runRule(RULE, {
    '.claude/settings.json': settings('UserPromptSubmit', PY, {}, ''),
    '.claude/hooks/guard.py': `import json, sys

TRIGGERS = (">resume", ">continue")
TRIM = ">trim"


def answer(message):
    print(json.dumps({"decision": "block", "reason": message}))
    sys.exit(0)


def main():
    try:
        data = json.load(sys.stdin)
        stripped = data["prompt"].strip()
        low = stripped.lower()
        is_resume = any(low == t or low.startswith(t + " ") for t in TRIGGERS)
        is_trim = low == TRIM or low.startswith(TRIM + " ")
        if not (is_resume or is_trim):
            sys.exit(0)
        answer(open("/tmp/session").read())
    except Exception:
        sys.exit(0)


main()
`
  })
  expectFindings(any, [])
})

test('hook-fail-open: a JavaScript prompt handler blocking in a startsWith branch does not fail open', async () => {
  const js = await runRule(RULE, {
    '.claude/settings.json': settings('UserPromptSubmit', JS, {}, ''),
    '.claude/hooks/guard.js': `const fs = require('fs')
try {
  const input = JSON.parse(fs.readFileSync(0, 'utf8'))
  const prompt = (input.prompt || '').trim()
  if (prompt.startsWith('/share')) {
    fs.writeFileSync('/tmp/shared', input.session_id)
    console.log(JSON.stringify({ decision: 'block', reason: 'shared' }))
  }
} catch (e) {
  process.exit(0)
}
`
  })
  expectFindings(js, [])
})

test('hook-fail-open: a shell prompt handler sending other prompts away with `|| exit 0` does not fail open', async () => {
  const sh = await runRule(RULE, {
    '.claude/settings.json': settings('UserPromptSubmit', GUARD, {}, ''),
    '.claude/hooks/guard.sh': `#!/bin/bash
set -euo pipefail
input=$(cat)
prompt=$(jq -r '.prompt' <<<"$input")
[[ "$prompt" == ">note"* ]] || exit 0
cp "$HOME/notes.md" /tmp/notes.bak
echo "noted" >&2
exit 2
`
  })
  expectFindings(sh, [])
})

test('hook-fail-open: a prompt handler that blocks the wrong way is low; a prompt guard behind no literal trigger still fails open', async () => {
  // The handler's own command is not erased (exit 1 does not block): a bug, not a guard failing open.
  const handler = await runRule(RULE, {
    '.claude/settings.json': settings('UserPromptSubmit', PY, {}, ''),
    '.claude/hooks/guard.py': `import json, sys
data = json.load(sys.stdin)
prompt = data.get("prompt", "")
if prompt == ">status":
    print("Blocked: status shown", file=sys.stderr)
    sys.exit(1)
`
  })
  expectFindings(handler, [
    {
      file: '.claude/hooks/guard.py',
      line: 6,
      column: 5,
      severity: 'low',
      message: 'guard blocks with `sys.exit(1)`, but only exit code 2 blocks'
    }
  ])
  // A secret filter: "contains" is no trigger, and one block is outside the trigger's branch.
  const guard = await runRule(RULE, {
    '.claude/settings.json': settings('UserPromptSubmit', PY, {}, ''),
    '.claude/hooks/guard.py': `import json, sys
try:
    data = json.load(sys.stdin)
    prompt = data.get("prompt", "")
    if prompt.startswith(">raw"):
        print(json.dumps({"decision": "block", "reason": "raw mode"}))
        sys.exit(0)
    if "password" in prompt or open("/tmp/secrets").read() in prompt:
        print(json.dumps({"decision": "block", "reason": "secret in prompt"}))
except Exception:
    sys.exit(0)  # NOT OK
`
  })
  expectFindings(guard, [
    {
      file: '.claude/hooks/guard.py',
      line: 10,
      column: 1,
      severity: 'high',
      message: 'guard catches every exception (`except Exception`) and exits without a decision'
    }
  ])
  // A trigger joined by \`||\` with a content test, or compared with what a file holds, is no literal trigger.
  const mixed = await runRule(RULE, {
    '.claude/settings.json': settings('UserPromptSubmit', JS, {}, ''),
    '.claude/hooks/guard.js': `const fs = require('fs')
try {
  const prompt = JSON.parse(fs.readFileSync(0, 'utf8')).prompt
  const banned = fs.readFileSync('/etc/banned.txt', 'utf8')
  if (prompt.startsWith('/raw') || prompt.includes('password')) {
    console.log(JSON.stringify({ decision: 'block', reason: 'no' }))
  }
  if (prompt === banned) console.log(JSON.stringify({ decision: 'block', reason: 'banned' }))
} catch (e) {
  process.exit(0)
}
`
  })
  expectFindings(mixed, [{ file: '.claude/hooks/guard.js', line: 9, column: 3, severity: 'high', message: 'guard catches every exception (`catch`)' }])
})

test('hook-fail-open: a Stop hook that blocks to keep a loop going lets Claude stop when it fails, by design', async () => {
  const loop = `#!/bin/bash
set -euo pipefail
HOOK_INPUT=$(cat)
STATE=".claude/loop.local.md"
if [[ ! -f "$STATE" ]]; then
  exit 0
fi
FRONTMATTER=$(sed -n '/^---$/,/^---$/{ /^---$/d; p; }' "$STATE")
PROMPT=$(awk '/^---$/{i++; next} i>=2' "$STATE")
jq -n --arg prompt "$PROMPT" '{"decision": "block", "reason": $prompt}'
exit 0
`
  const stop = await runRule(RULE, { '.claude/settings.json': settings('Stop', GUARD, {}, ''), '.claude/hooks/guard.sh': loop })
  expectFindings(stop, [])
  // A gate that blocks only where its check finds something still fails open when it crashes first.
  const gate = await runRule(RULE, {
    '.claude/settings.json': settings('Stop', GUARD, {}, ''),
    '.claude/hooks/guard.sh': `#!/bin/bash
set -euo pipefail
input=$(cat)
transcript=$(jq -r .transcript_path <<<"$input")
if tail -n 1 "$transcript" | grep -q "TODO"; then
  echo '{"decision": "block", "reason": "finish the TODOs first"}'
fi
exit 0
`
  })
  expectFindings(gate, [{ file: '.claude/hooks/guard.sh', line: 2, column: 1, severity: 'medium', message: 'when `jq -r .transcript_path' }])
  // PreCompact has onFailure: the same script there still fails open.
  const compact = await runRule(RULE, { '.claude/settings.json': settings('PreCompact', GUARD, {}, ''), '.claude/hooks/guard.sh': loop })
  expectFindings(compact, [{ file: '.claude/hooks/guard.sh', line: 2, column: 1, severity: 'medium', message: '`set -e` ends the guard before it decides when `sed' }])
})

test('hook-fail-open: a hook command that approves itself where its guard script does not run', async () => {
  const guard = `import json, sys
try:
    data = json.load(sys.stdin)
    if "rm -rf" in data["tool_input"]["command"]:
        print("Blocked: rm -rf", file=sys.stderr)
        sys.exit(2)
except Exception:
    sys.exit(2)
`
  const script = '$CLAUDE_PROJECT_DIR/.claude/hooks/guard.py'
  // pchalasani/claude-code-tools safety-hooks: approve when the script is missing.
  const missing = await runRule(RULE, {
    '.claude/settings.json': settings(
      'PreToolUse',
      `bash -c 'if test -f "${script}"; then python3 "${script}"; else echo "{\\"decision\\":\\"approve\\"}"; fi'`
    ),
    '.claude/hooks/guard.py': guard
  })
  expectFindings(missing, [
    {
      file: '.claude/settings.json',
      line: 9,
      column: 188,
      endColumn: 195,
      severity: 'medium',
      message:
        'hook command answers allow where its guard does not run: when `test -f "$CLAUDE_PROJECT_DIR/.claude/hooks/guard.py"` fails, it prints `"decision": "approve"` instead of the decision of `.claude/hooks/guard.py`'
    }
  ])
  // `||` approves whenever the guard exits non-zero, its exit-2 blocks included.
  const or = await runRule(RULE, {
    '.claude/settings.json': settings('PreToolUse', `python3 "${script}" || echo '{"hookSpecificOutput": {"hookEventName": "PreToolUse", "permissionDecision": "allow"}}'`),
    '.claude/hooks/guard.py': guard
  })
  expectFindings(or, [
    { file: '.claude/settings.json', line: 9, column: 176, endColumn: 181, severity: 'high', message: 'whenever the guard exits non-zero (its exit-2 block included) or cannot start, it prints `"permissionDecision": "allow"`' }
  ])
  // No decision on the fallback path leaves the permission prompt: nothing to report.
  const empty = await runRule(RULE, {
    '.claude/settings.json': settings('PreToolUse', `bash -c 'if test -f "${script}"; then python3 "${script}"; else echo "{}"; fi'`),
    '.claude/hooks/guard.py': guard
  })
  expectFindings(empty, [])
})
