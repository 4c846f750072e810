import { test } from 'node:test'
import assert from 'node:assert/strict'
import { spawnSync } from 'node:child_process'
import { rmSync } from 'node:fs'
import { runRule, runRuleIn, expectFindings, preToolUseSettings, writeFixture, gitCommit } from './harness.js'
import { COMPOSITE_WRAPPER } from './composite-wrapper.js'
import { bashRuleMatches } from '../../src/rules/dangerous-commands-unguarded.js'

const RULE = 'dangerous-commands-unguarded'

test('dangerous-commands-unguarded: deny rules covering only some patterns', async () => {
  const findings = await runRule(RULE, {
    '.claude/settings.json': `{
  "permissions": {
    "deny": ["Bash(*--force*)", "Bash(git push -f*)", "Bash(rm -rf)"]
  }
}
`
  })
  expectFindings(findings, [
    {
      file: '.claude/settings.json',
      line: 2,
      column: 3,
      endLine: 2,
      endColumn: 16,
      severity: 'low',
      message:
        "`rm -rf`, `curl … | sh` and `DROP TABLE` are not blocked by a `permissions.deny` rule in the committed project settings or a PreToolUse hook on `Bash`; today each still needs a person's approval"
    }
  ])
})

test('dangerous-commands-unguarded: deny rules in every syntax covering all four', async () => {
  const findings = await runRule(RULE, {
    '.claude/settings.json': JSON.stringify({
      permissions: {
        deny: [
          'Bash(rm -rf:*)',
          'Bash(rm -fr:*)',
          'Bash(rm -r -f:*)',
          'Bash(sh)',
          'Bash(bash)',
          'Bash(git push --force *)',
          'Bash(git push -f *)',
          'Bash(*DROP TABLE*)'
        ]
      }
    })
  })
  expectFindings(findings, [])
})

test('dangerous-commands-unguarded: extended regular expressions in a guard (`\\s+(TABLE|…)`, `-(rf|fr)`, `[[:space:]]`) are read as the words they match', async () => {
  const guard = `#!/usr/bin/env bash
set -uo pipefail
command=$(jq -r '.tool_input.command // empty')
ASK_PATTERNS=(
    'rm[[:space:]]+-(rf|fr)'
    'git push.*--force'
    'DROP\\s+(TABLE|DATABASE|INDEX|VIEW)'
)
for pattern in "\${ASK_PATTERNS[@]}"; do
    if echo "$command" | grep -qE "$pattern"; then
        echo '{"hookSpecificOutput": {"hookEventName": "PreToolUse", "permissionDecision": "ask"}}'
        exit 0
    fi
done
exit 0
`
  const findings = await runRule(RULE, {
    '.claude/settings.json': JSON.stringify({
      hooks: { PreToolUse: [{ matcher: 'Bash', hooks: [{ type: 'command', command: '"$CLAUDE_PROJECT_DIR"/.claude/hooks/guard.sh' }] }] }
    }),
    '.claude/hooks/guard.sh': { text: guard, mode: 0o755 }
  })
  expectFindings(findings, [{ file: '.claude/settings.json', line: 1, column: 1, severity: 'low', message: /^`curl … \| sh` is not blocked/ }])
})

test('dangerous-commands-unguarded: a blocking PreToolUse Bash hook that checks the patterns covers them', async () => {
  const guard = `#!/bin/bash
cmd=$(jq -r .tool_input.command)
case "$cmd" in
  *"rm -rf"*|*"curl "*"| sh"*|*"git push --force"*|*"DROP TABLE"*) echo "blocked" >&2; exit 2 ;;
esac
`
  const covered = await runRule(RULE, {
    '.claude/settings.json': JSON.stringify({
      hooks: {
        PreToolUse: [
          { matcher: 'Bash', hooks: [{ type: 'command', command: '"$CLAUDE_PROJECT_DIR"/.claude/hooks/guard.sh' }] }
        ]
      }
    }),
    '.claude/hooks/guard.sh': guard
  })
  expectFindings(covered, [])
  const pyRegexes = await runRule(RULE, {
    '.claude/settings.json': JSON.stringify({
      permissions: { deny: ['Bash(curl:*)', 'Bash(wget:*)'] },
      hooks: {
        PreToolUse: [
          { matcher: '', hooks: [{ type: 'command', command: 'python3 "$CLAUDE_PROJECT_DIR"/.claude/hooks/guard.py' }] }
        ]
      }
    }),
    '.claude/hooks/guard.py': `import json, re, sys
cmd = json.load(sys.stdin)["tool_input"].get("command", "")
for pattern in [r'\\brm\\s+-[a-z]*r[a-z]*f', r'\\bgit\\s+push\\s+.*--force', r'DROP\\s+TABLE']:
    if re.search(pattern, cmd, re.I):
        sys.exit(2)
`
  })
  expectFindings(pyRegexes, [])
  const wrongMatcher = await runRule(RULE, {
    '.claude/settings.json': JSON.stringify({
      hooks: {
        PreToolUse: [
          {
            matcher: 'Edit|Write',
            hooks: [{ type: 'command', command: '"$CLAUDE_PROJECT_DIR"/.claude/hooks/guard.sh' }]
          }
        ]
      }
    }),
    '.claude/hooks/guard.sh': guard
  })
  expectFindings(wrongMatcher, [
    {
      file: '.claude/settings.json',
      line: 1,
      column: 1,
      message: '`rm -rf`, `curl … | sh`, `git push --force` and `DROP TABLE` are not blocked'
    }
  ])
  const logger = await runRule(RULE, {
    '.claude/settings.json': JSON.stringify({
      hooks: {
        PreToolUse: [
          { matcher: 'Bash', hooks: [{ type: 'command', command: '"$CLAUDE_PROJECT_DIR"/.claude/hooks/log.sh' }] }
        ]
      }
    }),
    '.claude/hooks/log.sh': `#!/bin/bash
# logs rm -rf, curl | sh, git push --force and DROP TABLE attempts, never blocks
jq -r .tool_input.command >> .claude/commands.log
`
  })
  expectFindings(logger, [
    {
      file: '.claude/settings.json',
      line: 1,
      column: 1,
      message: '`rm -rf`, `curl … | sh`, `git push --force` and `DROP TABLE` are not blocked'
    }
  ])
})

test('dangerous-commands-unguarded: only hooks that can block cover a pattern', async () => {
  const deny = ['Bash(sh)', 'Bash(bash)', 'Bash(git push --force *)', 'Bash(git push -f *)', 'Bash(*DROP TABLE*)']
  const hook = (command: string): unknown => ({ matcher: 'Bash', hooks: [{ type: 'command', command }] })
  // NOT OK: exit 1 does not block; a check of $CLAUDE_TOOL_INPUT (never set) sees nothing.
  const weak = await runRule(RULE, {
    '.claude/settings.json': JSON.stringify({
      permissions: { deny },
      hooks: {
        PreToolUse: [
          hook('"$CLAUDE_PROJECT_DIR"/.claude/hooks/guard.sh'),
          hook('"$CLAUDE_PROJECT_DIR"/.claude/hooks/env.sh'),
          hook("if echo \"$CLAUDE_TOOL_INPUT\" | grep -q 'rm -rf'; then echo 'blocked' >&2; exit 2; fi"),
          hook('"$CLAUDE_PROJECT_DIR"/.claude/hooks/json.sh')
        ]
      }
    }),
    '.claude/hooks/guard.sh': `#!/bin/bash
input=$(cat)
cmd=$(echo "$input" | jq -r '.tool_input.command')
if echo "$cmd" | grep -qE 'rm -rf /'; then
  echo "Blocked dangerous command" >&2
  exit 1
fi
exit 0
`,
    '.claude/hooks/env.sh': `#!/bin/bash
if [[ "$CLAUDE_TOOL_INPUT" == *"rm -rf"* ]]; then exit 2; fi
`,
    // A deny Claude Code ignores (no hookEventName) covers nothing either.
    '.claude/hooks/json.sh': `#!/bin/bash
cmd=$(jq -r '.tool_input.command')
case "$cmd" in *"rm -rf"*) echo '{"hookSpecificOutput": {"permissionDecision": "deny"}}' ;; esac
`
  })
  expectFindings(weak, [
    {
      file: '.claude/settings.json',
      line: 1,
      column: 2,
      severity: 'low',
      message: '`rm -rf` is not blocked by a `permissions.deny` rule'
    }
  ])
  // OK: an inline check that reads the payload from stdin and exits 2; a JSON deny on stdout.
  const strong = await runRule(RULE, {
    '.claude/settings.json': JSON.stringify({
      permissions: { deny },
      hooks: {
        PreToolUse: [
          hook("jq -r .tool_input.command | grep -q 'rm -rf' && { echo 'blocked' >&2; exit 2; } || exit 0"),
          hook("grep -q 'rm -rf' && exit 2 || exit 0")
        ]
      }
    })
  })
  expectFindings(strong, [])
  const decision = await runRule(RULE, {
    '.claude/settings.json': JSON.stringify({
      permissions: { deny },
      hooks: { PreToolUse: [hook('"$CLAUDE_PROJECT_DIR"/.claude/hooks/json.sh')] }
    }),
    '.claude/hooks/json.sh': `#!/bin/bash
cmd=$(jq -r '.tool_input.command')
case "$cmd" in *"rm -rf"*) echo '{"hookSpecificOutput": {"hookEventName": "PreToolUse", "permissionDecision": "deny"}}' ;; esac
`
  })
  expectFindings(decision, [])
})

test('dangerous-commands-unguarded: repository-level without settings; nothing without Claude Code', async () => {
  const noSettings = await runRule(RULE, { 'CLAUDE.md': '# Project\n' })
  expectFindings(noSettings, [
    { file: null, line: null, message: '`rm -rf`, `curl … | sh`, `git push --force` and `DROP TABLE` are not blocked' }
  ])
  const localOnly = await runRule(RULE, {
    '.claude/settings.local.json': JSON.stringify({ permissions: { deny: ['Bash'] } }) // personal file: does not count
  })
  expectFindings(localOnly, [{ file: null, line: null }])
  const none = await runRule(RULE, { 'README.md': '# not a Claude Code project\n' })
  expectFindings(none, [])
  const broken = await runRule(RULE, { '.claude/settings.json': '{ "permissions": ' })
  expectFindings(broken, [{ file: null, line: null }])
})

test('dangerous-commands-unguarded: Bash rule matching follows Claude Code syntax', () => {
  assert.equal(bashRuleMatches('Bash', 'rm -rf /'), true)
  assert.equal(bashRuleMatches('Bash(*)', 'anything'), true)
  assert.equal(bashRuleMatches('Bash(rm -rf:*)', 'rm -rf /'), true)
  assert.equal(bashRuleMatches('Bash(rm -rf:*)', 'rm -rfx /'), false)
  assert.equal(bashRuleMatches('Bash(rm -rf *)', 'rm -rf'), true)
  assert.equal(bashRuleMatches('Bash(rm*)', 'rmdir x'), true)
  assert.equal(bashRuleMatches('Bash(rm -rf)', 'rm -rf /'), false)
  assert.equal(bashRuleMatches('Bash(git * --force*)', 'git push --force origin'), true)
  assert.equal(bashRuleMatches('Read(./.env)', 'rm -rf /'), false)
  assert.equal(bashRuleMatches('Bash(git:* push)', 'git push'), false)
})

// Coverage by guards whose stdin read or helper the old reading missed.
test("dangerous-commands-unguarded: a guard that reads stdin covers (ts jsimport)", async () => {
  const findings = await runRule(RULE, {
  ".claude/hooks/bash-guard.ts": "#!/usr/bin/env -S npx tsx\nimport { readInput, reply } from './lib/io.js'\n\nconst input = await readInput()\nconst cmd = String(input.tool_input?.command ?? '')\nif (/rm\\s+-rf|git\\s+push\\s+--force|curl[^|]*\\|\\s*sh|DROP TABLE/i.test(cmd)) {\n  reply({ permissionDecision: 'deny', permissionDecisionReason: `blocked: ${cmd}` })\n}\nprocess.exit(0)\n",
  ".claude/hooks/lib/io.ts": "export async function readInput(): Promise<any> {\n  let data = ''\n  for await (const chunk of process.stdin) data += chunk\n  return JSON.parse(data)\n}\nexport function reply(out: { permissionDecision: 'allow' | 'deny' | 'ask'; permissionDecisionReason?: string }): void {\n  console.log(JSON.stringify({ hookSpecificOutput: { hookEventName: 'PreToolUse', ...out } }))\n}\n",
  ".claude/settings.json": preToolUseSettings("npx tsx \"$CLAUDE_PROJECT_DIR\"/.claude/hooks/bash-guard.ts")
  })
  expectFindings(findings, [])
})

test("dangerous-commands-unguarded: a guard that reads stdin covers (bun)", async () => {
  const findings = await runRule(RULE, {
  ".claude/hooks/bash-guard.ts": "#!/usr/bin/env bun\nconst input = await Bun.stdin.json()\nconst cmd: string = input.tool_input?.command ?? ''\nif (/rm\\s+-rf|git\\s+push\\s+--force|curl[^|]*\\|\\s*sh|DROP TABLE/i.test(cmd)) {\n  console.log(JSON.stringify({\n    hookSpecificOutput: {\n      hookEventName: 'PreToolUse',\n      permissionDecision: 'deny',\n      permissionDecisionReason: `Blocked dangerous command: ${cmd}`,\n    },\n  }))\n}\n",
  ".claude/settings.json": preToolUseSettings("bun \"$CLAUDE_PROJECT_DIR\"/.claude/hooks/bash-guard.ts")
  })
  expectFindings(findings, [])
})

test("dangerous-commands-unguarded: a guard that reads stdin covers (js stdin import)", async () => {
  const findings = await runRule(RULE, {
  ".claude/hooks/guard.mjs": "#!/usr/bin/env node\nimport { stdin, stdout } from 'node:process'\nimport { text } from 'node:stream/consumers'\n\nconst input = JSON.parse(await text(stdin))\nconst cmd = input.tool_input?.command ?? ''\nif (/rm\\s+-rf|git\\s+push\\s+--force|curl[^|]*\\|\\s*sh|DROP TABLE/i.test(cmd)) {\n  stdout.write(JSON.stringify({\n    hookSpecificOutput: {\n      hookEventName: 'PreToolUse',\n      permissionDecision: 'deny',\n      permissionDecisionReason: 'blocked',\n    },\n  }))\n}\n",
  ".claude/settings.json": preToolUseSettings("node \"$CLAUDE_PROJECT_DIR\"/.claude/hooks/guard.mjs")
  })
  expectFindings(findings, [])
})


test('dangerous-commands-unguarded: a stdin read this audit does not recognise still counts; reading $1 does not', async () => {
  const settings = (script: string): string =>
    JSON.stringify({
      hooks: { PreToolUse: [{ matcher: 'Bash', hooks: [{ type: 'command', command: `node "$CLAUDE_PROJECT_DIR"/.claude/hooks/${script}` }] }] }
    })
  const guard = (read: string): string => `const { readAll } = require('stdin-all')
const cmd = ${read}
if (/rm\\s+-rf|git\\s+push\\s+--force|curl[^|]*\\|\\s*sh|DROP TABLE/i.test(cmd)) {
  console.error('blocked')
  process.exit(2)
}
`
  expectFindings(
    await runRule(RULE, {
      '.claude/settings.json': settings('guard.js'),
      '.claude/hooks/guard.js': guard('JSON.parse(readAll()).tool_input.command')
    }),
    []
  )
  expectFindings(
    await runRule(RULE, {
      '.claude/settings.json': settings('guard.js'),
      '.claude/hooks/guard.js': guard('process.argv[2]')
    }),
    [{ file: '.claude/settings.json', line: 1, column: 1, severity: 'low', message: '`rm -rf`, `curl … | sh`, `git push --force` and `DROP TABLE` are not blocked' }]
  )
})

test('dangerous-commands-unguarded: high only where no prompt stands in the way', async () => {
  // A broad allow rule: nothing asks before any of them runs.
  const broad = await runRule(RULE, { '.claude/settings.json': JSON.stringify({ permissions: { allow: ['Bash', 'Read'] } }) })
  expectFindings(broad, [
    {
      file: '.claude/settings.json',
      severity: 'high',
      message:
        '`rm -rf`, `curl … | sh`, `git push --force` and `DROP TABLE` are not blocked: no `permissions.deny` rule in the committed project settings and no PreToolUse hook on `Bash` covers them, and no permission prompt stands in the way either: `Bash` in the allow list of .claude/settings.json pre-approves them'
    }
  ])
  // A narrow allow that happens to pre-approve one of them (`Bash(rm:*)` approves `rm -rf`).
  const rm = await runRule(RULE, { '.claude/settings.json': JSON.stringify({ permissions: { allow: ['Bash(npm test)', 'Bash(rm:*)'] } }) })
  expectFindings(rm, [{ severity: 'high', message: '`Bash(rm:*)` in the allow list of .claude/settings.json pre-approves `rm -rf`' }])
  // Bypass mode in committed settings: honoured only by Claude Code older than 2.1.257.
  const bypassSettings = { '.claude/settings.json': JSON.stringify({ permissions: { defaultMode: 'bypassPermissions' } }) }
  expectFindings(await runRule(RULE, bypassSettings, { claudeCodeVersion: '2.1.240' }), [
    {
      severity: 'high',
      message: '`defaultMode: "bypassPermissions"` in .claude/settings.json skips the prompt (claude-code-version 2.1.240 in the configuration)'
    }
  ])
  expectFindings(await runRule(RULE, bypassSettings), [{ severity: 'low', message: "still needs a person's approval" }])
  // A template tree's settings and agents are not loaded by this repository's sessions.
  const template = await runRule(RULE, {
    '.claude/settings.json': JSON.stringify({ permissions: { allow: ['Bash(npm test)'] } }),
    'templates/.claude/settings.json': JSON.stringify({ permissions: { allow: ['Bash(rm:*)'] } }),
    'templates/.claude/agents/a.md': '---\nname: a\ndescription: a\npermissionMode: bypassPermissions\n---\nx\n'
  })
  expectFindings(template, [{ file: '.claude/settings.json', severity: 'low', message: "still needs a person's approval" }])
  // Narrow allows only: every one of them still prompts.
  const narrow = await runRule(RULE, { '.claude/settings.json': JSON.stringify({ permissions: { allow: ['Bash(npm run test:*)', 'Bash(git status)'] } }) })
  expectFindings(narrow, [{ severity: 'low', message: "still needs a person's approval" }])
})

/** A workflow whose one Claude step has these `claude_args` (and, when given, this `settings` input). */
const WORKFLOW = (args: string, settings?: object): string => `on: pull_request
jobs:
  review:
    runs-on: ubuntu-latest
    steps:
      - uses: anthropics/claude-code-action@v1
        with:
          prompt: review this
${settings ? `          settings: ${JSON.stringify(JSON.stringify(settings))}\n` : ''}          claude_args: ${JSON.stringify(args)}
`

test('dangerous-commands-unguarded: Claude only in CI: reported only when a run may use the commands', async () => {
  const noBash = await runRule(RULE, { '.github/workflows/review.yml': WORKFLOW('--allowedTools "Read,Grep,Bash(gh pr diff:*)"') })
  expectFindings(noBash, [])
  // With no project settings to point at, the finding points at the token that lets the commands run: `Bash` in the list.
  const bash = await runRule(RULE, { '.github/workflows/review.yml': WORKFLOW('--allowedTools Read,Bash') })
  expectFindings(bash, [
    {
      file: '.github/workflows/review.yml',
      line: 9,
      column: 45,
      endColumn: 49,
      severity: 'high',
      message: 'job review in .github/workflows/review.yml runs Claude unattended with `--allowedTools` that allow them'
    }
  ])
  // A list in a YAML string with escapes cannot be placed token by token: the `claude_args` value.
  const escaped = await runRule(RULE, { '.github/workflows/review.yml': WORKFLOW('--allowedTools "Read,Bash"') })
  expectFindings(escaped, [{ file: '.github/workflows/review.yml', line: 9, column: 24, endColumn: 54, severity: 'high' }])
  // The v0 `allowed_tools` input of a fork that reads it (fresh judgement: ci-yang/workflows): at `Bash` in the input.
  const v0 = await runRule(RULE, {
    '.github/workflows/claude.yml': `on: workflow_call
jobs:
  claude:
    runs-on: ubuntu-latest
    steps:
      - uses: grll/claude-code-action@beta
        with:
          use_oauth: "true"
          claude_access_token: \${{ secrets.CLAUDE_ACCESS_TOKEN }}
          claude_args: "--max-turns 10"
          allowed_tools: "Bash,Read,Write,Edit,MultiEdit"
`
  })
  expectFindings(v0, [
    { file: '.github/workflows/claude.yml', line: 11, column: 27, endColumn: 31, severity: 'high', message: /job claude in \.github\/workflows\/claude\.yml runs Claude unattended with `allowed_tools` that allow them$/ }
  ])
})

test("dangerous-commands-unguarded: a run's own settings deny rules count for that run", async () => {
  // The action's `settings` input is merged into the run's settings: its deny rules stop what they match.
  const some = { permissions: { deny: ['Bash(curl *)', 'Bash(wget *)', 'Bash(git push *)'] } }
  const partly = await runRule(RULE, { '.github/workflows/review.yml': WORKFLOW('--allowedTools "Read,Bash"', some) })
  expectFindings(partly, [
    {
      file: '.github/workflows/review.yml',
      line: 10,
      column: 24,
      severity: 'high',
      message:
        '`rm -rf`, `curl … | sh`, `git push --force` and `DROP TABLE` are not blocked: no `permissions.deny` rule in the committed project settings and no PreToolUse hook on `Bash` covers them; for `rm -rf` and `DROP TABLE` no permission prompt stands in the way either: job review in .github/workflows/review.yml runs Claude unattended with `--allowedTools` that allow `rm -rf` and `DROP TABLE`; the unattended runs may not use `curl … | sh` and `git push --force` (denied, or not among their allowed tools)'
    }
  ])
  const bypass = await runRule(RULE, { '.github/workflows/review.yml': WORKFLOW('--dangerously-skip-permissions', some) })
  expectFindings(bypass, [
    {
      file: '.github/workflows/review.yml',
      line: 10,
      column: 25,
      endColumn: 55,
      severity: 'high',
      message: /; for `rm -rf` and `DROP TABLE` no permission prompt stands in the way either: job review in \.github\/workflows\/review\.yml runs Claude in bypass mode for `rm -rf` and `DROP TABLE` \(its `settings` deny the rest\); the unattended runs may not use `curl … \| sh` and `git push --force` \(denied, or not among their allowed tools\)$/
    }
  ])
  // Everything denied for the only run, and Claude runs only in CI: nothing is exposed.
  const all = { permissions: { deny: ['Bash(rm *)', 'Bash(curl *)', 'Bash(wget *)', 'Bash(git push *)', 'Bash(*DROP TABLE*)'] } }
  expectFindings(await runRule(RULE, { '.github/workflows/review.yml': WORKFLOW('--allowedTools "Read,Bash"', all) }), [])
  // The same rules given inline with `--settings`.
  const flag = `--settings '${JSON.stringify(all)}' --allowedTools "Read,Bash"`
  expectFindings(await runRule(RULE, { '.github/workflows/review.yml': WORKFLOW(flag) }), [])
})

test('dangerous-commands-unguarded: a deny rule for one form of force-push names the form left open', async () => {
  const findings = await runRule(RULE, {
    '.claude/settings.json': JSON.stringify({
      permissions: { deny: ['Bash(rm -rf:*)', 'Bash(rm -fr:*)', 'Bash(rm -r -f:*)', 'Bash(sh)', 'Bash(bash)', 'Bash(*DROP TABLE*)', 'Bash(git push --force*)'] }
    })
  })
  expectFindings(findings, [{ severity: 'low', message: /^`git push -f` is not blocked by/ }])
  const both = await runRule(RULE, {
    '.claude/settings.json': JSON.stringify({
      permissions: { deny: ['Bash(rm -rf:*)', 'Bash(rm -fr:*)', 'Bash(rm -r -f:*)', 'Bash(sh)', 'Bash(bash)', 'Bash(*DROP TABLE*)', 'Bash(git push --force*)', 'Bash(git push -f*)'] }
    })
  })
  expectFindings(both, [])
})

test('dangerous-commands-unguarded: the high message names the commands an allow rule pre-approves', async () => {
  const findings = await runRule(RULE, {
    '.claude/settings.json': JSON.stringify({ permissions: { allow: ['Bash(git:*)', 'Bash(rm:*)', 'Bash(curl:*)'] } })
  })
  expectFindings(findings, [
    {
      severity: 'high',
      message: '`Bash(git:*)`, `Bash(rm:*)` in the allow list of .claude/settings.json pre-approve `rm -rf` and `git push --force`'
    }
  ])
})

// A guard that prints allow for every command it does not match removes the prompt for everything else.
const PY_ALLOW_GUARD = `import json, re, sys


def output_decision(decision, reason):
    print(json.dumps({"hookSpecificOutput": {"hookEventName": "PreToolUse", "permissionDecision": decision, "permissionDecisionReason": reason}}))
    sys.exit(0)


def main():
    data = json.load(sys.stdin)
    command = data.get("tool_input", {}).get("command", "")
    if re.search(r"rm\\s+-rf", command):
        output_decision("deny", "recursive delete")
    else:
        output_decision("allow", "Command is safe")


if __name__ == "__main__":
    main()
`

test('dangerous-commands-unguarded: a Bash guard answering allow on its fall-through path is like an allow rule (Python helper)', async () => {
  const findings = await runRule(RULE, {
    '.claude/settings.json': `{
  "permissions": { "deny": ["Read(.env)"] },
  "hooks": { "PreToolUse": [ { "matcher": "Bash", "hooks": [ { "type": "command", "command": "python3 \\"$CLAUDE_PROJECT_DIR\\"/.claude/hooks/guard.py" } ] } ] }
}
`,
    '.claude/hooks/guard.py': PY_ALLOW_GUARD
  })
  expectFindings(findings, [
    {
      file: '.claude/settings.json',
      line: 2,
      column: 3,
      severity: 'high',
      message:
        '`curl … | sh`, `git push --force` and `DROP TABLE` are not blocked: no `permissions.deny` rule in the committed project settings, and the code of the PreToolUse hook on `Bash` (`.claude/hooks/guard.py`) shows no check for them, and no permission prompt stands in the way either: the PreToolUse hook .claude/hooks/guard.py answers `"permissionDecision": "allow"` (.claude/hooks/guard.py line 15) for every Bash command it does not match, which skips the prompt for them',
      related: ['.claude/hooks/guard.py:15:25-15:32 answers allow for every Bash command the hook does not match']
    }
  ])
})

test('dangerous-commands-unguarded: allow only in a branch a check leads to is an allow list, not a fall-through', async () => {
  const allowList = PY_ALLOW_GUARD.replace(
    `    if re.search(r"rm\\s+-rf", command):
        output_decision("deny", "recursive delete")
    else:
        output_decision("allow", "Command is safe")`,
    `    if command.startswith("ls "):
        output_decision("allow", "read-only")
    for pattern in [r"rm\\s+-rf"]:
        output_decision("allow", "never on the fall-through path: inside a loop")
    try:
        pass
    except Exception:
        output_decision("allow", "error handler")
    if re.search(r"rm\\s+-rf", command):
        output_decision("deny", "recursive delete")`
  )
  assert.notEqual(allowList, PY_ALLOW_GUARD)
  const findings = await runRule(RULE, {
    '.claude/settings.json': preToolUseSettings('python3 "$CLAUDE_PROJECT_DIR"/.claude/hooks/guard.py'),
    '.claude/hooks/guard.py': allowList
  })
  expectFindings(findings, [{ severity: 'low', line: 1, message: "today each still needs a person's approval" }])
  // The allow written to stderr never reaches Claude Code.
  const stderr = await runRule(RULE, {
    '.claude/settings.json': preToolUseSettings('"$CLAUDE_PROJECT_DIR"/.claude/hooks/guard.sh'),
    '.claude/hooks/guard.sh': `#!/bin/bash
cmd=$(jq -r '.tool_input.command')
if echo "$cmd" | grep -q 'rm -rf'; then echo blocked >&2; exit 2; fi
echo '{"decision": "approve"}' >&2
`
  })
  expectFindings(stderr, [{ severity: 'low', line: 1 }])
})

test('dangerous-commands-unguarded: a shell guard approving at its end; an ask rule still prompts', async () => {
  const guard = `#!/bin/bash
input=$(cat)
command=$(echo "$input" | jq -r '.tool_input.command // empty')
[[ -z "$command" ]] && echo '{"decision": "approve"}' && exit 0
if echo "$command" | grep -qE 'rm -rf|git push.*--force'; then
  echo '{"decision": "block", "reason": "dangerous"}'
  exit 0
fi
echo "{\\"decision\\": \\"approve\\"}"
`
  const findings = await runRule(RULE, {
    '.claude/settings.json': preToolUseSettings('.claude/hooks/pre-bash.sh'),
    '.claude/hooks/pre-bash.sh': guard
  })
  expectFindings(findings, [
    {
      file: '.claude/settings.json',
      line: 1,
      severity: 'high',
      message:
        'the PreToolUse hook .claude/hooks/pre-bash.sh answers `"decision": "approve"` (.claude/hooks/pre-bash.sh line 9) for every Bash command it does not match, which skips the prompt for them',
      related: ['.claude/hooks/pre-bash.sh:9:24-9:31 answers allow for every Bash command the hook does not match']
    }
  ])
  // `ask` rules still prompt after a hook's allow: only the commands they do not cover lose the prompt,
  // and only those are named (`curl … | sh` meets a person at the `Bash(sh)` ask rule).
  const asked = await runRule(RULE, {
    '.claude/settings.json': JSON.stringify({
      permissions: { ask: ['Bash(sh)', 'Bash(bash)'] },
      hooks: { PreToolUse: [{ matcher: 'Bash', hooks: [{ type: 'command', command: '.claude/hooks/pre-bash.sh' }] }] }
    }),
    '.claude/hooks/pre-bash.sh': guard
  })
  expectFindings(asked, [
    {
      severity: 'high',
      message:
        '`DROP TABLE` is not blocked: no `permissions.deny` rule in the committed project settings, and the code of the PreToolUse hook on `Bash` (`.claude/hooks/pre-bash.sh`) shows no check for it, and no permission prompt stands in the way either: the PreToolUse hook .claude/hooks/pre-bash.sh answers `"decision": "approve"` (.claude/hooks/pre-bash.sh line 9) for every Bash command it does not match, which skips the prompt for it'
    }
  ])
})

test('dangerous-commands-unguarded: commands an ask rule covers still meet a person past allow rules and bypass mode', async () => {
  // Bypass mode and a broad allow rule skip the prompt, but `ask` rules still prompt (reference §2.2): `rm -rf` is not exposed.
  const findings = await runRule(RULE, {
    '.claude/settings.json': JSON.stringify({ permissions: { allow: ['Bash(*)'], ask: ['Bash(rm *)'] } }, null, 2),
    '.claude/agents/fixer.md': '---\nname: fixer\ndescription: fixes things\npermissionMode: bypassPermissions\n---\nFix it.\n'
  })
  expectFindings(findings, [
    {
      file: '.claude/settings.json',
      severity: 'high',
      message:
        '`curl … | sh`, `git push --force` and `DROP TABLE` are not blocked: no `permissions.deny` rule in the committed project settings and no PreToolUse hook on `Bash` covers them, and no permission prompt stands in the way either:'
    }
  ])
  // Every one asked: low, and the message says the ask rule is what still prompts.
  const allAsked = await runRule(RULE, {
    '.claude/settings.json': JSON.stringify({ permissions: { allow: ['Bash(*)'], ask: ['Bash(*)'] } }, null, 2)
  })
  expectFindings(allAsked, [
    {
      file: '.claude/settings.json',
      severity: 'low',
      message: 'an `ask` rule there still makes each need a person\'s approval at the permission prompt (ask rules prompt past allow rules, a hook\'s allow and bypass mode)'
    }
  ])
})

test('dangerous-commands-unguarded: an inline hook command that approves every Bash call', async () => {
  const findings = await runRule(RULE, {
    '.claude/settings.json': `{
  "hooks": {
    "PreToolUse": [
      { "matcher": "Bash", "hooks": [ { "type": "command", "command": "echo '{\\"decision\\": \\"approve\\"}'" } ] }
    ]
  }
}
`
  })
  expectFindings(findings, [
    {
      file: '.claude/settings.json',
      line: 1,
      severity: 'high',
      message:
        'the PreToolUse hook in .claude/settings.json answers `"decision": "approve"` (.claude/settings.json line 4) for every Bash command it does not match, which skips the prompt for them',
      related: ['.claude/settings.json:4:95-4:102 answers allow for every Bash command the hook does not match']
    }
  ])
})

test('dangerous-commands-unguarded: without project settings, points at the permissions of a committed .claude/settings.local.json', async () => {
  const local = `{
  "permissions": {
    "allow": ["Bash(git push:*)"]
  }
}
`
  const dir = writeFixture({ '.claude/settings.local.json': local, 'CLAUDE.md': '# p\n' })
  try {
    gitCommit(dir, true)
    expectFindings(await runRuleIn(RULE, dir), [
      {
        file: '.claude/settings.local.json',
        line: 2,
        column: 3,
        severity: 'high',
        message: '`rm -rf`, `curl … | sh`, `git push --force` and `DROP TABLE` are not blocked'
      }
    ])
    // Not committed (a personal file on this machine): the finding stays repository-level.
    assert.equal(spawnSync('git', ['rm', '-q', '--cached', '.claude/settings.local.json'], { cwd: dir }).status, 0)
    expectFindings(await runRuleIn(RULE, dir), [{ file: null, line: null }])
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
})

test('dangerous-commands-unguarded: a Bash hook that runs repository guards through variables (a dispatcher loop) is followed into them', async () => {
  const dispatcher = `#!/usr/bin/env bash
set -uo pipefail
payload="$(cat)"
root="\${CLAUDE_PROJECT_DIR-}"
if [ -z "$root" ]; then
  root="$(git rev-parse --show-toplevel)"
fi
status=0
for guard in no-rm no-force-push; do
  script=""
  for candidate in "$root/vendor-hooks/$guard.sh" "$root/tools/hooks/$guard.sh"; do
    if [ -f "$candidate" ]; then script="$candidate"; break; fi
  done
  [ -z "$script" ] && continue
  printf '%s' "$payload" | bash "$script"
  [ $? -eq 2 ] && status=2
done
exit "$status"
`
  const guard = (pattern: string): string => `#!/bin/bash
cmd=$(jq -r .tool_input.command)
case "$cmd" in
  ${pattern}) echo "blocked" >&2; exit 2 ;;
esac
`
  const findings = await runRule(RULE, {
    '.claude/settings.json': `{
  "permissions": { "allow": ["Bash(psql:*)"] },
  "hooks": { "PreToolUse": [{ "matcher": "Bash", "hooks": [{ "type": "command", "command": "bash \\"$CLAUDE_PROJECT_DIR\\"/scripts/dispatch.sh" }] }] }
}
`,
    'scripts/dispatch.sh': dispatcher,
    'tools/hooks/no-rm.sh': guard('*"rm -rf"*'),
    'tools/hooks/no-force-push.sh': guard('*"git push --force"*|*"git push -f"*')
  })
  expectFindings(findings, [
    { file: '.claude/settings.json', line: 2, column: 3, severity: 'high', message: /^`curl … \| sh` and `DROP TABLE` are not blocked/ }
  ])
})

test('dangerous-commands-unguarded: an Agent SDK session whose allowedTools pre-approve the commands', async () => {
  const ts = [
    "import { query } from '@anthropic-ai/claude-agent-sdk'",
    'for await (const m of query({ prompt: process.argv[2], options: { allowedTools: ["Read", "Bash"] } })) console.log(m)',
    ''
  ].join('\n')
  expectFindings(await runRule(RULE, { 'run.mjs': ts }), [
    {
      file: 'run.mjs',
      line: 2,
      column: 90,
      endColumn: 96,
      severity: 'high',
      message: /no permission prompt stands in the way either: Agent SDK session `query` in run\.mjs pre-approves them with `allowedTools`$/
    }
  ])
  // A narrow list: nothing pre-approves them, and without `.claude/` nobody is prompted.
  expectFindings(await runRule(RULE, { 'run.mjs': ts.replace('"Read", "Bash"', '"Read", "Bash(npm test)"') }), [])
})

test('dangerous-commands-unguarded: a PreToolUse Bash hook whose script is outside the repository is named, not denied', async () => {
  const settings = (command: string, allow: string): string => `{
  "hooks": {
    "PreToolUse": [{ "matcher": "Bash", "hooks": [{ "type": "command", "command": ${JSON.stringify(command)} }] }]
  },
  "permissions": { "allow": [${allow}] }
}
`
  const pre = await runRule(RULE, { '.claude/settings.json': settings('python3 ~/.claude/hooks/no-push-main.py', '"Bash(git:*)"') })
  expectFindings(pre, [
    {
      file: '.claude/settings.json',
      line: 5,
      severity: 'high',
      message:
        '`rm -rf`, `curl … | sh`, `git push --force` and `DROP TABLE` are not blocked by a `permissions.deny` rule in the committed project settings or by a PreToolUse hook on `Bash` whose code the repository holds; the PreToolUse hook on `Bash` that runs `~/.claude/hooks/no-push-main.py` lives outside the repository, so whether it blocks them cannot be checked here, and it runs only where someone installed it (not in CI); for `git push --force` no permission prompt stands in the way either: `Bash(git:*)` in the allow list of .claude/settings.json pre-approves `git push --force`; `rm -rf`, `curl … | sh` and `DROP TABLE` still need a person\'s approval at the permission prompt'
    }
  ])
  const prompted = await runRule(RULE, { '.claude/settings.json': settings('/opt/guards/bash-guard.sh', '') })
  expectFindings(prompted, [
    {
      file: '.claude/settings.json',
      line: 5,
      severity: 'low',
      message: /^`rm -rf`, .* whose code the repository holds; the PreToolUse hook on `Bash` that runs `\/opt\/guards\/bash-guard\.sh` lives outside the repository, .* installed it; today each still needs a person's approval/
    }
  ])
})

test('dangerous-commands-unguarded: a Python guard that exits with the status its imported check returns covers what the check blocks', async () => {
  const files = (returned: string): Record<string, string> => ({
    '.claude/settings.json': preToolUseSettings(
      'python3 "$(cd "$(git rev-parse --git-common-dir)/.." && pwd)/.claude/hooks/pre_tool_use.py"',
      'Bash|Write|Edit'
    ),
    '.claude/hooks/pre_tool_use.py': `import json
import sys
import os

sys.path.insert(0, os.path.join(os.path.dirname(__file__), ".."))
from acme.hooks.guard import check_guard


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
    '.claude/acme/hooks/guard.py': `import re


def check_guard(tool_name, tool_input):
    command = tool_input.get("command", "")
    if tool_name == "Bash" and re.search(r"\\brm\\s+-rf\\b", command):
        return (${returned}, "Blocked: rm -rf is not allowed.")
    if tool_name == "Bash" and re.search(r"\\bgit\\s+push\\b.*--force", command):
        return (${returned}, "Blocked: git push --force is not allowed.")
    return (0, "")
`
  })
  expectFindings(await runRule(RULE, files('2')), [
    {
      file: '.claude/settings.json',
      line: 1,
      column: 1,
      severity: 'low',
      message: '`curl … | sh` and `DROP TABLE` are not blocked by a `permissions.deny` rule'
    }
  ])
  // A check that returns 1 blocks nothing: `sys.exit(1)` is a non-blocking error.
  expectFindings(await runRule(RULE, files('1')), [
    {
      file: '.claude/settings.json',
      line: 1,
      column: 1,
      severity: 'low',
      message: '`rm -rf`, `curl … | sh`, `git push --force` and `DROP TABLE` are not blocked by a `permissions.deny` rule'
    }
  ])
})

test("dangerous-commands-unguarded: a plugin's PreToolUse guard counts only where the committed settings enable that plugin", async () => {
  const guard = `#!/bin/bash
cmd=$(jq -r .tool_input.command)
case "$cmd" in
  *"rm -rf"*|*"curl "*"| sh"*|*"git push --force"*|*"DROP TABLE"*) echo "blocked" >&2; exit 2 ;;
esac
`
  const plugin = {
    '.claude-plugin/marketplace.json': JSON.stringify({
      name: 'team-tools',
      owner: { name: 'team' },
      plugins: [{ name: 'safety', source: './plugins/safety' }]
    }),
    'plugins/safety/.claude-plugin/plugin.json': '{ "name": "safety" }\n',
    'plugins/safety/hooks/hooks.json': JSON.stringify({
      hooks: { PreToolUse: [{ matcher: 'Bash', hooks: [{ type: 'command', command: '"${CLAUDE_PLUGIN_ROOT}/hooks/guard.sh"' }] }] }
    }),
    'plugins/safety/hooks/guard.sh': guard
  }
  // The plugin guards only those who install it: this project's own sessions are not guarded.
  const notEnabled = await runRule(RULE, {
    ...plugin,
    '.claude/settings.json': JSON.stringify({ enabledPlugins: { 'safety@team-tools': false, 'safety@elsewhere': true } }, null, 2)
  })
  expectFindings(notEnabled, [
    {
      file: '.claude/settings.json',
      line: 1,
      column: 1,
      severity: 'low',
      message: '`rm -rf`, `curl … | sh`, `git push --force` and `DROP TABLE` are not blocked'
    }
  ])
  // Enabled by the committed project settings: its guard runs in every session here.
  const enabled = await runRule(RULE, {
    ...plugin,
    '.claude/settings.json': JSON.stringify({ enabledPlugins: { 'safety@team-tools': true } }, null, 2)
  })
  expectFindings(enabled, [])
})

/** A skill's SKILL.md with these frontmatter lines. */
const SKILL = (...lines: string[]): string => ['---', 'name: deploy', 'description: deploy the app', ...lines, '---', 'Deploy.', ''].join('\n')

test("dangerous-commands-unguarded: a project skill's `allowed-tools: Bash` pre-approves every command while it runs", async () => {
  // No settings file: the finding points at the grant; a person starts the skill, then nothing asks again.
  const alone = await runRule(RULE, {
    '.claude/skills/deploy/SKILL.md': SKILL('disable-model-invocation: true', 'allowed-tools: Read, Grep, Bash')
  })
  expectFindings(alone, [
    {
      file: '.claude/skills/deploy/SKILL.md',
      line: 5,
      column: 28,
      endLine: 5,
      endColumn: 32,
      severity: 'high',
      message:
        '`rm -rf`, `curl … | sh`, `git push --force` and `DROP TABLE` are not blocked: no `permissions.deny` rule in the committed project settings and no PreToolUse hook on `Bash` covers them, and no permission prompt stands in the way either: `Bash` in the `allowed-tools` of skill .claude/skills/deploy/SKILL.md pre-approves them while it runs'
    }
  ])
  // With project settings the finding stays at their `permissions`; the grant is a related site.
  const withSettings = await runRule(RULE, {
    '.claude/settings.json': '{\n  "permissions": { "allow": ["Bash(npm test)"] }\n}\n',
    '.claude/skills/deploy/SKILL.md': SKILL('allowed-tools: Bash(npm test:*), Bash')
  })
  expectFindings(withSettings, [
    {
      file: '.claude/settings.json',
      line: 2,
      column: 3,
      severity: 'high',
      message: /stands in the way either: `Bash` in the `allowed-tools` of skill \.claude\/skills\/deploy\/SKILL\.md pre-approves them while it runs$/,
      related: [
        '.claude/skills/deploy/SKILL.md:4:34-4:38 pre-approves `rm -rf`, `curl … | sh`, `git push --force` and `DROP TABLE` while the skill runs'
      ]
    }
  ])
  // A narrow grant pre-approves none of them: each still needs a person's approval.
  const narrow = await runRule(RULE, { '.claude/skills/deploy/SKILL.md': SKILL('allowed-tools: Bash(npm test:*)') })
  expectFindings(narrow, [
    {
      file: null,
      line: null,
      severity: 'low',
      message:
        "`rm -rf`, `curl … | sh`, `git push --force` and `DROP TABLE` are not blocked by a `permissions.deny` rule in the committed project settings or a PreToolUse hook on `Bash`; today each still needs a person's approval"
    }
  ])
  // A template tree's skill is not loaded by this repository's sessions.
  const template = await runRule(RULE, {
    '.claude/settings.json': '{}\n',
    'templates/.claude/skills/deploy/SKILL.md': SKILL('allowed-tools: Bash')
  })
  expectFindings(template, [{ file: '.claude/settings.json', line: 1, column: 1, severity: 'low', message: "still needs a person's approval" }])
})

test("dangerous-commands-unguarded: a command's `allowed-tools` names only the commands it pre-approves", async () => {
  const findings = await runRule(RULE, {
    '.claude/settings.json': '{}\n',
    '.claude/commands/clean.md': '---\ndescription: clean the build\nallowed-tools: [Read, "Bash(rm:*)"]\n---\nClean.\n'
  })
  expectFindings(findings, [
    {
      file: '.claude/settings.json',
      line: 1,
      column: 1,
      severity: 'high',
      message:
        '`rm -rf`, `curl … | sh`, `git push --force` and `DROP TABLE` are not blocked: no `permissions.deny` rule in the committed project settings and no PreToolUse hook on `Bash` covers them; for `rm -rf` no permission prompt stands in the way either: `Bash(rm:*)` in the `allowed-tools` of command .claude/commands/clean.md pre-approves `rm -rf` while it runs; `curl … | sh`, `git push --force` and `DROP TABLE` still need a person\'s approval at the permission prompt',
      related: ['.claude/commands/clean.md:3:24-3:34 pre-approves `rm -rf` while the command runs']
    }
  ])
  // A string of rules, some pre-approving open commands and some not: each grant named, the rest not.
  const mixed = await runRule(RULE, {
    '.claude/settings.json': '{}\n',
    '.claude/commands/ship.md': '---\nallowed-tools: Bash(npm test:*), Bash(git push:*), Bash(curl:*), Bash(rm:*)\n---\nShip.\n'
  })
  expectFindings(mixed, [
    {
      severity: 'high',
      message:
        /; for `rm -rf` and `git push --force` no permission prompt stands in the way either: `Bash\(git push:\*\)`, `Bash\(rm:\*\)` in the `allowed-tools` of command \.claude\/commands\/ship\.md pre-approve `rm -rf` and `git push --force` while it runs; `curl … \| sh` and `DROP TABLE` still need a person's approval at the permission prompt$/,
      related: ['.claude/commands/ship.md:2:34-2:50 pre-approves `rm -rf` and `git push --force` while the command runs']
    }
  ])
})

test("dangerous-commands-unguarded: a plugin skill's `allowed-tools` counts only where the committed settings enable that plugin", async () => {
  const plugin = {
    '.claude-plugin/marketplace.json': JSON.stringify({ name: 'team-tools', owner: { name: 'team' }, plugins: [{ name: 'ops', source: './plugins/ops' }] }),
    'plugins/ops/.claude-plugin/plugin.json': '{ "name": "ops" }\n',
    'plugins/ops/skills/deploy/SKILL.md': SKILL('allowed-tools: Bash')
  }
  // Not enabled here: the grant applies only for whoever installs the plugin.
  const notEnabled = await runRule(RULE, {
    ...plugin,
    '.claude/settings.json': JSON.stringify({ enabledPlugins: { 'ops@team-tools': false, 'ops@elsewhere': true } }, null, 2)
  })
  expectFindings(notEnabled, [{ file: '.claude/settings.json', line: 1, column: 1, severity: 'low', message: "still needs a person's approval" }])
  const enabled = await runRule(RULE, {
    ...plugin,
    '.claude/settings.json': JSON.stringify({ enabledPlugins: { 'ops@team-tools': true } }, null, 2)
  })
  expectFindings(enabled, [
    {
      file: '.claude/settings.json',
      line: 1,
      column: 1,
      severity: 'high',
      message:
        /either: `Bash` in the `allowed-tools` of skill plugins\/ops\/skills\/deploy\/SKILL\.md \(plugin ops, enabled in \.claude\/settings\.json\) pre-approves them while it runs$/,
      related: [
        'plugins/ops/skills/deploy/SKILL.md:4:16-4:20 pre-approves `rm -rf`, `curl … | sh`, `git push --force` and `DROP TABLE` while the skill runs'
      ]
    }
  ])
})

test('dangerous-commands-unguarded: an allow rule for an interpreter or a command runner pre-approves every command in effect', async () => {
  // `node -e "…"` runs `rm -rf` as well: nothing stands in the way (overbroad-permission calls it arbitrary code).
  const node = await runRule(RULE, {
    '.claude/settings.json': '{\n  "permissions": {\n    "allow": ["Bash(npm test)", "Bash(node *)"]\n  }\n}\n'
  })
  expectFindings(node, [
    {
      file: '.claude/settings.json',
      line: 2,
      column: 3,
      severity: 'high',
      message:
        '`rm -rf`, `curl … | sh`, `git push --force` and `DROP TABLE` are not blocked: no `permissions.deny` rule in the committed project settings and no PreToolUse hook on `Bash` covers them, and no permission prompt stands in the way either: `Bash(node *)` in the allow list of .claude/settings.json pre-approves any code through an interpreter, a package runner or a package install, which runs them as well'
    }
  ])
  // A runner that runs the command it is handed, next to an allow rule for one of the commands itself.
  const xargs = await runRule(RULE, {
    '.claude/settings.json': '{\n  "permissions": {\n    "allow": ["Bash(rm:*)", "Bash(xargs:*)"]\n  }\n}\n'
  })
  expectFindings(xargs, [
    {
      file: '.claude/settings.json',
      line: 2,
      column: 3,
      severity: 'high',
      message: /either: `Bash\(rm:\*\)` in the allow list of \.claude\/settings\.json pre-approves `rm -rf` and `Bash\(xargs:\*\)` in the allow list of \.claude\/settings\.json pre-approves any code through an interpreter, a package runner or a package install, which runs them as well$/
    }
  ])
  // A fixed command line runs nothing else: still the prompt.
  const fixed = await runRule(RULE, {
    '.claude/settings.json': '{\n  "permissions": {\n    "allow": ["Bash(node --version)", "Bash(python3 -m pytest:*)"]\n  }\n}\n'
  })
  expectFindings(fixed, [{ file: '.claude/settings.json', line: 2, column: 3, severity: 'low' }])
  // Claude only in CI, allowed an interpreter: reported, at the token.
  const ci = await runRule(RULE, { '.github/workflows/review.yml': WORKFLOW('--allowedTools Read,Bash(python3:*)') })
  expectFindings(ci, [
    {
      file: '.github/workflows/review.yml',
      line: 9,
      column: 45,
      endColumn: 60,
      severity: 'high',
      message:
        'job review in .github/workflows/review.yml runs Claude unattended with `--allowedTools` `Bash(python3:*)`, which pre-approves any code through an interpreter, a package runner or a package install and so runs them as well'
    }
  ])
  // A skill's allowed-tools: while it runs.
  const skill = await runRule(RULE, {
    '.claude/settings.json': '{\n  "permissions": {}\n}\n',
    '.claude/skills/build/SKILL.md': '---\nname: build\nallowed-tools: Read, Bash(npx:*)\n---\nBuild it.\n'
  })
  expectFindings(skill, [
    {
      file: '.claude/settings.json',
      line: 2,
      column: 3,
      severity: 'high',
      message: /either: `Bash\(npx:\*\)` in the `allowed-tools` of skill \.claude\/skills\/build\/SKILL\.md pre-approves any code through an interpreter, a package runner or a package install while it runs, which runs them as well$/,
      related: ['.claude/skills/build/SKILL.md:3:22-3:33 pre-approves any code through an interpreter, a package runner or a package install while the skill runs']
    }
  ])
})

test("dangerous-commands-unguarded: Bash(*) a caller passes to a local action that quotes it with format() counts, at the caller's token", async () => {
  expectFindings(await runRule(RULE, COMPOSITE_WRAPPER), [
    {
      file: '.github/workflows/comment.yml',
      line: 19,
      column: 46,
      endColumn: 53,
      severity: 'high',
      message:
        'no permission prompt stands in the way either: job comment in .github/workflows/comment.yml runs Claude unattended with `--allowedTools` that allow them'
    }
  ])
})

test('dangerous-commands-unguarded: a repository script that starts Claude in bypass mode leaves nothing in the way (high)', async () => {
  const settings = '{\n  "permissions": {\n    "deny": ["Bash(git push --force:*)"]\n  }\n}\n'
  const bypass = await runRule(RULE, {
    '.claude/settings.json': settings,
    'scripts/loop.sh': '#!/bin/bash\nwhile true; do claude -p "$(cat PROMPT.md)" --dangerously-skip-permissions; done\n',
    'tools/run.py': 'import subprocess\nsubprocess.run(["claude", "-p", "go", "--permission-mode", "bypassPermissions"])\n'
  })
  expectFindings(bypass, [
    {
      file: '.claude/settings.json',
      line: 2,
      column: 3,
      severity: 'high',
      message:
        '`rm -rf`, `curl … | sh`, `git push -f` and `DROP TABLE` are not blocked: no `permissions.deny` rule in the committed project settings and no PreToolUse hook on `Bash` covers them, and no permission prompt stands in the way either: scripts/loop.sh and tools/run.py start Claude in bypass mode (`--dangerously-skip-permissions`)'
    }
  ])
  // Read-only tools, only the flag that makes bypass mode available, or a test's script: the prompt still stands.
  const prompted = await runRule(RULE, {
    '.claude/settings.json': settings,
    'scripts/read.sh': 'claude -p "summarise" --dangerously-skip-permissions --tools "Read,Grep"\n',
    'scripts/allow.sh': 'claude --allow-dangerously-skip-permissions\n',
    // A test's session, run in a project the test sets up: not this repository's own.
    'tests/e2e/run.sh': 'cd "$TEST_PROJECT" && claude -p "$PROMPT" --permission-mode bypassPermissions\n'
  })
  expectFindings(prompted, [{ file: '.claude/settings.json', line: 2, column: 3, severity: 'low' }])
})

test('dangerous-commands-unguarded: a deny rule for `rm -rf` leaves `rm -fr` and `rm -r -f`, and the message names them', async () => {
  const findings = await runRule(RULE, {
    '.claude/settings.json': JSON.stringify({
      permissions: { deny: ['Bash(rm -rf:*)', 'Bash(sh)', 'Bash(bash)', 'Bash(*DROP TABLE*)', 'Bash(git push --force*)', 'Bash(git push -f*)'] }
    })
  })
  expectFindings(findings, [{ severity: 'low', message: /^`rm -fr` and `rm -r -f` are not blocked by a `permissions.deny` rule/ }])
})
