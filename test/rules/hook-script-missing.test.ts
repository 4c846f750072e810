import { test } from 'node:test'
import { spawnSync } from 'node:child_process'
import { rmSync } from 'node:fs'
import { runRule, runRuleIn, writeFixture, gitCommit, expectFindings } from './harness.js'

const RULE = 'hook-script-missing'

const EXEC = 0o755
/** A guard: it blocks (exit 2) what it matches. */
const GUARD_SH = '#!/bin/sh\ngrep -q "rm -rf" && { echo "blocked" >&2; exit 2; }\nexit 0\n'

test('hook-script-missing: missing scripts, fragile relative paths, anchored and interpreter forms (no git)', async () => {
  const findings = await runRule(RULE, {
    '.claude/settings.json': `{
  "hooks": {
    "PreToolUse": [
      {
        "matcher": "Bash",
        "hooks": [
          { "type": "command", "command": "\\"$CLAUDE_PROJECT_DIR\\"/.claude/hooks/guard.sh" },
          { "type": "command", "command": "$CLAUDE_PROJECT_DIR/.claude/hooks/gaurd.sh" },
          { "type": "command", "command": "python3 .claude/hooks/block.py" }
        ]
      }
    ],
    "PostToolUse": [
      {
        "hooks": [
          { "type": "command", "command": "python3 .claude/hooks/log.py --quiet" },
          { "type": "command", "command": "bash -c 'cd \\"$CLAUDE_PROJECT_DIR\\" && ./scripts/fmt.sh'" },
          { "type": "command", "command": "uv run \${CLAUDE_PROJECT_DIR}/.claude/hooks/stop.py --chat" },
          { "type": "command", "command": "npx prettier --write . && ~/.claude/hooks/mine.sh" },
          { "type": "command", "command": "node \\"$CLAUDE_PROJECT_DIR/node_modules/.bin/x.js\\"" }
        ]
      }
    ]
  }
}
`,
    '.claude/hooks/guard.sh': { text: '#!/bin/sh\nexit 0\n', mode: EXEC },
    '.claude/hooks/log.py': 'print(1)\n',
    '.claude/hooks/stop.py': 'print(1)\n',
    'scripts/fmt.sh': { text: '#!/bin/sh\n', mode: EXEC }
  })
  expectFindings(findings, [
    // NOT OK: a typo'd guard script: exit 127, the guard is gone.
    {
      file: '.claude/settings.json',
      line: 8,
      column: 44,
      endLine: 8,
      endColumn: 86,
      severity: 'high',
      confidence: 'high',
      message:
        'PreToolUse hook runs `$CLAUDE_PROJECT_DIR/.claude/hooks/gaurd.sh`, which is not in the repository: the command cannot start (exit 127), a non-blocking error, so the guard is silently gone'
    },
    // NOT OK: missing and relative; python exits 2 when it cannot open the script, which blocks.
    {
      line: 9,
      column: 52,
      endColumn: 74,
      severity: 'high',
      message:
        '`.claude/hooks/block.py` (relative to the working directory), which is not in the repository: `python` cannot open the script and exits 2, which Claude Code reads as a blocking error: every tool call the hook matches is refused'
    },
    // NOT OK: exists, but relative to the working directory (PostToolUse cannot block: exit 2 is non-blocking there).
    {
      line: 16,
      column: 52,
      endColumn: 72,
      severity: 'medium',
      confidence: 'medium',
      message:
        'PostToolUse hook reaches `.claude/hooks/log.py` by a path relative to the working directory, which follows Claude\'s `cd`: from another directory the script is not found, and `python` cannot open the script and exits 2, on PostToolUse a non-blocking error, so the hook silently does nothing'
    }
  ])
})

test('hook-script-missing: a non-guard event reports a missing script at medium', async () => {
  const findings = await runRule(RULE, {
    'app/.claude/settings.local.json': `{"hooks":{"PostToolUse":[{"matcher":"Write","hooks":[{"type":"command","command":"$CLAUDE_PROJECT_DIR/.claude/hooks/report-tracker.py123"}]}]}}`,
    'app/.claude/hooks/report-tracker.py': '#!/usr/bin/env python3\n',
    'app/package.json': '{}\n' // a project of its own: sessions start here
  })
  expectFindings(findings, [
    { file: 'app/.claude/settings.local.json', line: 1, column: 83, endColumn: 137, severity: 'medium', confidence: 'high', message: '`$CLAUDE_PROJECT_DIR/.claude/hooks/report-tracker.py123`, which is not in the repository' }
  ])
})

test('hook-script-missing: $CLAUDE_PROJECT_DIR is the folder that holds the settings file\'s .claude/', async () => {
  const findings = await runRule(RULE, {
    'packages/web/.claude/settings.json': `{
  "hooks": {
    "Stop": [{ "hooks": [
      { "type": "command", "command": "$CLAUDE_PROJECT_DIR/.claude/hooks/root-only.sh" },
      { "type": "command", "command": "$CLAUDE_PROJECT_DIR/.claude/hooks/here.sh" },
      { "type": "command", "command": "$(git rev-parse --show-toplevel)/.claude/hooks/root-only.sh" }
    ] }]
  }
}
`,
    '.claude/hooks/root-only.sh': { text: '#!/bin/sh\n', mode: EXEC },
    'packages/web/.claude/hooks/here.sh': { text: '#!/bin/sh\n', mode: EXEC },
    'packages/web/package.json': '{}\n' // a monorepo package: sessions start here
  })
  expectFindings(findings, [
    { file: 'packages/web/.claude/settings.json', line: 4, column: 40, endColumn: 86, severity: 'high', message: 'Stop hook runs `$CLAUDE_PROJECT_DIR/.claude/hooks/root-only.sh`' }
  ])
})

test('hook-script-missing: exec form (command + args) points at the args element', async () => {
  const findings = await runRule(RULE, {
    '.claude/settings.json': `{
  "hooks": {
    "UserPromptSubmit": [{ "hooks": [
      { "type": "command", "command": "python3", "args": ["-u", "\${CLAUDE_PROJECT_DIR}/.claude/hooks/missing.py"] },
      { "type": "command", "command": "\${CLAUDE_PROJECT_DIR}/.claude/hooks/ok.sh", "args": ["--flag"] }
    ] }]
  }
}
`,
    '.claude/hooks/ok.sh': { text: '#!/bin/sh\n', mode: EXEC }
  })
  expectFindings(findings, [
    { line: 4, column: 66, endColumn: 112, severity: 'high', message: 'UserPromptSubmit hook runs `${CLAUDE_PROJECT_DIR}/.claude/hooks/missing.py`' }
  ])
})

test('hook-script-missing: with git, untracked and non-executable scripts', async () => {
  const findings = await runRule(
    RULE,
    {
      '.claude/settings.json': `{
  "hooks": {
    "PreToolUse": [{ "matcher": "Bash", "hooks": [
      { "type": "command", "command": "\\"$CLAUDE_PROJECT_DIR\\"/.claude/hooks/not-exec.sh" },
      { "type": "command", "command": "bash \\"$CLAUDE_PROJECT_DIR\\"/.claude/hooks/not-exec.sh" },
      { "type": "command", "command": "\\"$CLAUDE_PROJECT_DIR\\"/.claude/hooks/exec.sh" },
      { "type": "command", "command": "\\"$CLAUDE_PROJECT_DIR\\"/.claude/hooks/local-only.sh" }
    ] }]
  }
}
`,
      '.claude/hooks/not-exec.sh': { text: GUARD_SH, mode: 0o644 },
      '.claude/hooks/exec.sh': { text: GUARD_SH, mode: EXEC },
      '.claude/hooks/local-only.sh': { text: GUARD_SH, mode: EXEC }
    },
    { git: ['.claude/settings.json', '.claude/hooks/not-exec.sh', '.claude/hooks/exec.sh'] }
  )
  expectFindings(findings, [
    // NOT OK: run directly but committed as 100644 → exit 126. Via `bash` it is fine.
    {
      line: 4,
      column: 40,
      endColumn: 89,
      severity: 'high',
      message:
        'runs `$CLAUDE_PROJECT_DIR/.claude/hooks/not-exec.sh` directly, but git records the file without the executable bit (mode 100644), so every clone, CI included, checks it out non-executable: the shell exits 126'
    },
    { line: 7, column: 40, endColumn: 91, severity: 'high', message: 'exists here but is not tracked by git' }
  ])
})

test('hook-script-missing: the mode git records decides, not the local file', async () => {
  const dir = writeFixture({
    '.claude/settings.json': `{
  "hooks": {
    "PreToolUse": [{ "matcher": "Bash", "hooks": [
      { "type": "command", "command": "\\"$CLAUDE_PROJECT_DIR\\"/.claude/hooks/guard.sh" },
      { "type": "command", "command": "\\"$CLAUDE_PROJECT_DIR\\"/scripts/check.sh" },
      { "type": "command", "command": "\\"$CLAUDE_PROJECT_DIR\\"/.claude/hooks/ok.sh" },
      { "type": "command", "command": "python3 \\"$CLAUDE_PROJECT_DIR\\"/.claude/hooks/guard.sh" }
    ] }]
  }
}
`,
    // Executable here, but committed as 100644 (e.g. from a checkout with core.fileMode=false).
    '.claude/hooks/guard.sh': { text: GUARD_SH, mode: EXEC },
    'scripts/check.sh': { text: GUARD_SH, mode: EXEC },
    // Not executable here, but committed as 100755: clones get an executable file.
    '.claude/hooks/ok.sh': { text: '#!/bin/sh\nexit 0\n', mode: 0o644 }
  })
  try {
    gitCommit(dir, true)
    const git = (...args: string[]): void => {
      const r = spawnSync('git', args, { cwd: dir, encoding: 'utf8' })
      if (r.status !== 0) throw new Error(r.stderr)
    }
    git('update-index', '--chmod=-x', '.claude/hooks/guard.sh', 'scripts/check.sh')
    git('update-index', '--chmod=+x', '.claude/hooks/ok.sh')
    git('-c', 'user.name=t', '-c', 'user.email=t@example.com', '-c', 'commit.gpgsign=false', 'commit', '-q', '-m', 'modes')
    const findings = await runRuleIn(RULE, dir)
    expectFindings(findings, [
      // NOT OK: committed 100644 and run directly (a `.claude/hooks/` script: asked up front)
      {
        file: '.claude/settings.json',
        line: 4,
        column: 40,
        endColumn: 86,
        severity: 'high',
        message:
          'PreToolUse hook runs `$CLAUDE_PROJECT_DIR/.claude/hooks/guard.sh` directly, but git records the file without the executable bit (mode 100644), so every clone, CI included, checks it out non-executable: the shell exits 126, a non-blocking error, so the guard is silently gone'
      },
      // NOT OK: the same outside `.claude/hooks/` (asked when needed)
      { file: '.claude/settings.json', line: 5, column: 40, endColumn: 80, severity: 'high', message: 'runs `$CLAUDE_PROJECT_DIR/scripts/check.sh` directly, but git records the file without the executable bit (mode 100644)' }
      // OK: ok.sh is 100755 in git; python3 runs guard.sh through its interpreter
    ])
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
})

test('hook-script-missing: agent frontmatter hooks (folded YAML) are checked too', async () => {
  const findings = await runRule(RULE, {
    '.claude/agents/builder.md': `---
name: builder
hooks:
  PostToolUse:
    - matcher: "Write|Edit"
      hooks:
        - type: command
          command: >-
            uv run $CLAUDE_PROJECT_DIR/.claude/hooks/validators/ruff_validator.py
        - type: command
          command: "uv run $CLAUDE_PROJECT_DIR/.claude/hooks/validators/ty.py"
---
Build things.
`,
    '.claude/hooks/validators/ty.py': 'print(1)\n'
  })
  expectFindings(findings, [
    { file: '.claude/agents/builder.md', line: 9, column: 20, endColumn: 82, severity: 'medium', message: 'PostToolUse hook runs `$CLAUDE_PROJECT_DIR/.claude/hooks/validators/ruff_validator.py`' }
  ])
})

test('hook-script-missing: malformed and odd settings never crash and report nothing', async () => {
  const findings = await runRule(RULE, {
    '.claude/settings.json': '{ "hooks": { "PreToolUse": [ { "hooks": [ { "type": "command", "command": "./x.sh" } ] } ] }, }',
    'a/.claude/settings.json': '',
    'b/.claude/settings.json': `{"hooks": {"Stop": [{"hooks": [{"type": "command", "command": ""}, {"type": "command"}, "x", {"type": "http", "url": "https://example.com"}, {"type": "command", "command": "echo 'unterminated"}]}], "PreToolUse": "nope"}}`,
    'c/.claude/settings.json': `{"hooks": {"Stop": [{"hooks": [{"type": "command", "command": "$CLAUDE_PLUGIN_ROOT/hooks/x.sh"}, {"type": "command", "command": "$SOME_DIR/x.sh"}, {"type": "command", "command": "$CLAUDE_PROJECT_DIR/.claude/hooks/$NAME.sh"}]}]}}`
  })
  expectFindings(findings, [])
})

test('hook-script-missing: a script inside `bash -c` is located inside the quoted string', async () => {
  const findings = await runRule(RULE, {
    '.claude/settings.json': `{"hooks": {"SessionStart": [{"hooks": [
  {"type": "command", "command": "bash -c 'cd \\"$CLAUDE_PROJECT_DIR\\" && ./scripts/missing.sh'"},
  {"type": "command", "command": "sh -c \\"cd $CLAUDE_PROJECT_DIR; ./scripts/gone.sh\\""}
]}]}}
`
  })
  expectFindings(findings, [
    // anchored by the cd, so only "missing", not "relative"
    { line: 2, column: 74, endColumn: 94, severity: 'medium', message: 'SessionStart hook runs `./scripts/missing.sh`, which is not in the repository' },
    // a double-quoted -c string maps one to one too (JSON escapes included)
    { line: 3, column: 67, endColumn: 84, severity: 'medium', message: 'runs `./scripts/gone.sh`' }
  ])
})

test('hook-script-missing: settings in a configuration-only folder below the root that no workflow starts Claude in are not claimed missing', async () => {
  const settings = (script: string): string => `{
  "hooks": {
    "PreToolUse": [{ "matcher": "Bash", "hooks": [
      { "type": "command", "command": "bash \\"$CLAUDE_PROJECT_DIR\\"/${script}" }
    ] }]
  }
}
`
  const findings = await runRule(RULE, {
    'stacks/web/layer/.claude/settings.json': settings('scripts/guard.sh'),
    'stacks/web/files/scripts/guard.sh': '#!/bin/sh\nexit 0\n',
    'stacks/api/layer/.claude/settings.json': settings('scripts/nowhere.sh'),
    'misc/conf/.claude/settings.json': settings('scripts/nowhere.sh'),
    'tools/.claude/settings.json': settings('scripts/gone.sh'),
    'tools/run.py': 'print(1)\n',
    'ci/.claude/settings.json': settings('scripts/gone.sh'),
    '.github/workflows/ai.yml': 'on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    defaults: { run: { working-directory: ci } }\n    steps:\n      - run: claude -p hi\n'
  })
  expectFindings(findings, [
    // a workflow starts Claude in ci/: missing there
    { file: 'ci/.claude/settings.json', line: 4, column: 45, severity: 'high', message: 'which is not in the repository' },
    {
      file: 'misc/conf/.claude/settings.json',
      line: 4,
      column: 45,
      severity: 'medium',
      confidence: 'medium',
      message:
        'PreToolUse hook runs `$CLAUDE_PROJECT_DIR/scripts/nowhere.sh`, which is not at misc/conf/scripts/nowhere.sh: these settings are not at the repository root and no workflow here starts Claude in misc/conf/, so the path resolves in whichever project a session is started in (a copy of misc/conf/, for instance); check that the script ships with these settings'
    },
    // stacks/*/layer/: one configuration-only layout repeated per variant, a copied layer (at most low, with the reason)
    {
      file: 'stacks/api/layer/.claude/settings.json',
      line: 4,
      column: 45,
      severity: 'low',
      message: "check that the script ships with these settings (stacks/api/layer/ is a template folder, not this repository's configuration"
    },
    {
      file: 'stacks/web/layer/.claude/settings.json',
      line: 4,
      column: 45,
      severity: 'low',
      message: '(a copy of stacks/web/layer/, for instance); the repository holds it at stacks/web/files/scripts/guard.sh; check that'
    },
    // tools/ holds code of its own: sessions start there
    { file: 'tools/.claude/settings.json', line: 4, column: 45, severity: 'high', message: 'which is not in the repository' }
  ])
})

test('hook-script-missing: this repository\'s script reached through one checkout\'s absolute path', async () => {
  // Regression: reported as a script outside the repository that "exits 127"; it is the repository's
  // own script, and `python <missing file>` exits 2, which blocks every matched tool call.
  const hook = (command: string, args?: string[]): unknown => ({ type: 'command', command, ...(args ? { args } : {}) })
  const files = {
    'app/.claude/settings.json': JSON.stringify(
      {
        hooks: {
          PreToolUse: [{ matcher: 'Bash', hooks: [hook('python', ['C:/Users/Dell/Documents/GitHub/proj/app/.claude/hooks/validate.py'])] }],
          Stop: [{ hooks: [hook('/srv/checkout/scripts/notify.sh'), hook('~/.claude/hooks/validate.py'), hook('/opt/tools/elsewhere.sh')] }],
          // The repository's copy never blocks: not a guard, whatever its event.
          UserPromptSubmit: [{ hooks: [hook('/home/ana/proj/app/.claude/hooks/context.sh')] }]
        }
      },
      null,
      2
    ),
    'app/.claude/hooks/validate.py': 'import json, sys\nif "rm -rf" in json.load(sys.stdin)["tool_input"]["command"]:\n    sys.exit(2)\n',
    'app/.claude/hooks/context.sh': { text: '#!/bin/sh\necho "remember the style guide"\n', mode: EXEC },
    'app/package.json': '{}\n',
    'scripts/notify.sh': { text: '#!/bin/sh\n', mode: EXEC },
    '.claude/hooks/validate.py': 'import sys\n'
  }
  expectFindings(await runRule(RULE, files), [
    {
      file: 'app/.claude/settings.json',
      line: 11,
      column: 16,
      endColumn: 81,
      severity: 'high',
      confidence: 'high',
      message:
        "PreToolUse hook runs `C:/Users/Dell/Documents/GitHub/proj/app/.claude/hooks/validate.py`, which ends in this repository's app/.claude/hooks/validate.py: a checkout of it (or a copy) on one person's machine, so for teammates and in CI the path does not exist and `python` cannot open the script and exits 2, which Claude Code reads as a blocking error: every tool call the hook matches is refused"
    },
    {
      file: 'app/.claude/settings.json',
      line: 22,
      column: 25,
      endColumn: 56,
      severity: 'medium',
      confidence: 'medium',
      message:
        "Stop hook runs `/srv/checkout/scripts/notify.sh`, which ends in this repository's scripts/notify.sh: a checkout of it (or a copy) on one machine, so wherever the repository is checked out at another place (CI, other machines) the path does not exist and the command cannot start (exit 127), a non-blocking error, so the hook silently does nothing"
    },
    {
      file: 'app/.claude/settings.json',
      line: 40,
      severity: 'medium',
      message:
        "UserPromptSubmit hook runs `/home/ana/proj/app/.claude/hooks/context.sh`, which ends in this repository's app/.claude/hooks/context.sh: a checkout of it (or a copy) on one person's machine, so for teammates and in CI the path does not exist and the command cannot start (exit 127), a non-blocking error, so the hook silently does nothing"
    }
  ])
  // The same tokens are not reported again as outside the repository, nor as a machine's path.
  expectFindings(await runRule('hook-outside-repo', files), [
    { file: 'app/.claude/settings.json', line: 26, column: 25, message: 'Stop hook runs `~/.claude/hooks/validate.py`, an installed copy of app/.claude/hooks/validate.py, not the committed file' },
    { file: 'app/.claude/settings.json', line: 30, column: 25, message: 'Stop hook runs `/opt/tools/elsewhere.sh`, an absolute path outside the repository' }
  ])
  expectFindings(await runRule('machine-specific-path', files), [])
})

test('hook-script-missing: a script on a blocking event that never blocks loses its output, not a gate (medium)', async () => {
  const hook = (event: string, command: string): string => `"${event}": [{ "hooks": [{ "type": "command", "command": ${JSON.stringify(command)} }] }]`
  const lib = `#!/usr/bin/env bash
read_event() { HOOK_JSON="$(cat)"; export HOOK_JSON; }
add_context() { jq -cn --arg e "$1" --arg c "$2" '{hookSpecificOutput:{hookEventName:$e,additionalContext:$c}}'; }
block() { echo "$1" >&2; exit 2; }
`
  const findings = await runRule(
    RULE,
    {
      '.claude/settings.json': `{
  "hooks": {
    ${hook('UserPromptSubmit', '$CLAUDE_PROJECT_DIR/.claude/hooks/context.sh')},
    ${hook('Stop', '$CLAUDE_PROJECT_DIR/.claude/hooks/gate.sh')},
    ${hook('PreCompact', 'bash .claude/hooks/pre-compact.sh')},
    ${hook('PreToolUse', '$CLAUDE_PROJECT_DIR/.claude/hooks/missing.sh')}
  }
}
`,
      // Only adds context; the library's `block` is never called.
      '.claude/hooks/context.sh': {
        text: `#!/usr/bin/env bash
. "$(dirname "$0")/lib/common.sh"
read_event
add_context UserPromptSubmit "Treat production changes with care."
exit 0
`,
        mode: 0o644
      },
      // Blocks through the library's \`block\`.
      '.claude/hooks/gate.sh': {
        text: `#!/usr/bin/env bash
. "$(dirname "$0")/lib/common.sh"
read_event
terraform fmt -check -recursive >/dev/null || block "run terraform fmt first"
exit 0
`,
        mode: 0o644
      },
      '.claude/hooks/pre-compact.sh': { text: '#!/usr/bin/env bash\necho "Key files: src/main.ts"\n', mode: 0o644 },
      '.claude/hooks/lib/common.sh': { text: lib, mode: 0o644 }
    },
    { git: ['.claude/settings.json', '.claude/hooks/context.sh', '.claude/hooks/gate.sh', '.claude/hooks/pre-compact.sh', '.claude/hooks/lib/common.sh'] }
  )
  expectFindings(findings, [
    {
      line: 3,
      column: 71,
      endColumn: 115,
      severity: 'medium',
      message:
        'UserPromptSubmit hook runs `$CLAUDE_PROJECT_DIR/.claude/hooks/context.sh` directly, but git records the file without the executable bit (mode 100644), so every clone, CI included, checks it out non-executable: the shell exits 126, a non-blocking error, so the hook silently does nothing (its script never blocks, so no gate is lost, only what it adds or records)'
    },
    {
      line: 4,
      column: 59,
      endColumn: 100,
      severity: 'high',
      message: 'Stop hook runs `$CLAUDE_PROJECT_DIR/.claude/hooks/gate.sh` directly, but git records the file without the executable bit (mode 100644), so every clone, CI included, checks it out non-executable: the shell exits 126, a non-blocking error, so the guard is silently gone'
    },
    {
      line: 5,
      column: 70,
      endColumn: 98,
      severity: 'medium',
      message:
        "PreCompact hook reaches `.claude/hooks/pre-compact.sh` by a path relative to the working directory, which follows Claude's `cd`: from another directory the script is not found, and `bash` cannot open the script and exits 127, a non-blocking error, so the hook silently does nothing (its script never blocks, so no gate is lost, only what it adds or records)"
    },
    // A script that is not there cannot be read: a guard event keeps it high.
    { line: 6, column: 65, endColumn: 109, severity: 'high', message: 'which is not in the repository: the command cannot start (exit 127), a non-blocking error, so the guard is silently gone' }
  ])
})

test('hook-script-missing: a script that hands its output to another program may block through it (stays a guard)', async () => {
  const findings = await runRule(
    RULE,
    {
      '.claude/settings.json': JSON.stringify({
        hooks: { PreCompact: [{ hooks: [{ type: 'command', command: '$CLAUDE_PROJECT_DIR/.claude/hooks/pre-compact.sh' }] }] }
      }),
      // The program's stdout and exit status become the hook's: it may print a decision or exit 2.
      '.claude/hooks/pre-compact.sh': { text: '#!/usr/bin/env bash\nBIN="${BIN:-codegraph}"\n"$BIN" hook-pre-compact 2>/dev/null || echo \'{}\'\n', mode: 0o644 }
    },
    { git: ['.claude/settings.json', '.claude/hooks/pre-compact.sh'] }
  )
  expectFindings(findings, [
    {
      line: 1,
      column: 64,
      endColumn: 112,
      severity: 'high',
      message: 'the shell exits 126, a non-blocking error, so the guard is silently gone'
    }
  ])
})

test('hook-script-missing: a plugin hook names a script under ${CLAUDE_PLUGIN_ROOT} that the plugin does not ship', async () => {
  const findings = await runRule(RULE, {
    'plugins/guard/.claude-plugin/plugin.json': '{ "name": "guard" }\n',
    'plugins/guard/hooks/hooks.json': `{
  "hooks": {
    "PreToolUse": [
      { "matcher": "Bash", "hooks": [
        { "type": "command", "command": "\${CLAUDE_PLUGIN_ROOT}/hooks/gone.sh" },
        { "type": "command", "command": "python3 \\"\${CLAUDE_PLUGIN_ROOT}/hooks/here.py\\"" },
        { "type": "command", "command": "python3 \\"$CLAUDE_PROJECT_DIR\\"/.claude/hooks/theirs.py" }
      ] }
    ]
  }
}
`,
    'plugins/guard/hooks/here.py': 'import json, sys\njson.load(sys.stdin)\nsys.exit(0)\n' // OK: shipped
    // OK: `$CLAUDE_PROJECT_DIR` of a plugin hook is the user's project, not this repository
  })
  expectFindings(findings, [
    {
      file: 'plugins/guard/hooks/hooks.json',
      line: 5,
      column: 42,
      endColumn: 77,
      severity: 'high',
      message:
        'PreToolUse hook runs `${CLAUDE_PLUGIN_ROOT}/hooks/gone.sh`, which is not in the plugin (plugins/guard/hooks/gone.sh does not exist): the command cannot start (exit 127)'
    }
  ])
})

test('hook-script-missing: `bun run <file>` runs that file (as `bun <file>` does)', async () => {
  const findings = await runRule(RULE, {
    '.claude/settings.json': `{
  "hooks": {
    "PreToolUse": [{ "matcher": "Bash", "hooks": [
      { "type": "command", "command": "bun run \\"$CLAUDE_PROJECT_DIR\\"/.claude/hooks/gone.ts" },
      { "type": "command", "command": "bun run lint" }
    ] }]
  }
}
`
  })
  expectFindings(findings, [
    {
      file: '.claude/settings.json',
      line: 4,
      column: 48,
      severity: 'high',
      message: 'PreToolUse hook runs `$CLAUDE_PROJECT_DIR/.claude/hooks/gone.ts`, which is not in the repository'
    }
  ])
})
