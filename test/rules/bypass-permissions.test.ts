import { test } from 'node:test'
import assert from 'node:assert/strict'
import { runRule, expectFindings } from './harness.js'
import { bypassFlagsInShell } from '../../src/rules/bypass-permissions.js'
import { shellParseCalls } from '../../src/shell/parse.js'

const RULE = 'bypass-permissions'

test('bypass-permissions: committed defaultMode bypassPermissions', async () => {
  const findings = await runRule(RULE, {
    '.claude/settings.json': '{\n  "permissions": {\n    "defaultMode": "bypassPermissions"\n  }\n}\n', // NOT OK
    'b/.claude/settings.json': '{"permissions": {"defaultMode": "acceptEdits"}}' // OK
  })
  expectFindings(findings, [
    {
      file: '.claude/settings.json',
      line: 3,
      column: 20,
      endColumn: 39,
      severity: 'medium',
      message:
        '`defaultMode: "bypassPermissions"` in .claude/settings.json is ignored by Claude Code 2.1.257 and later, but older versions honour it: they start sessions in this repository with permission checks off unless a `--permission-mode` flag overrides it (in `claude -p` and CI without any confirmation) (assumed the newest known Claude Code, 2.1.337; set claude-code-version to judge another)'
    }
  ])
})

test('bypass-permissions: committed defaultMode is high where the Claude Code that runs is older than 2.1.257', async () => {
  const settings = '{\n  "permissions": {\n    "defaultMode": "bypassPermissions"\n  }\n}\n'
  const findings = await runRule(RULE, {
    '.claude/settings.json': settings, // NOT OK: CI runs Claude Code 2.1.240
    '.github/workflows/claude.yml': `on: issue_comment
jobs:
  answer:
    runs-on: ubuntu-latest
    steps:
      - uses: anthropics/claude-code-action@24dcd50c0568f0fc9e9211213a4fd2d9eb15c4e0 # v1.0.200
        with:
          prompt: answer
`
  })
  expectFindings(findings, [
    {
      file: '.claude/settings.json',
      line: 3,
      column: 20,
      severity: 'high',
      message:
        '`defaultMode: "bypassPermissions"` in .claude/settings.json starts sessions in this repository with permission checks off unless a `--permission-mode` flag overrides it (in `claude -p` and CI without any confirmation): .github/workflows/claude.yml pins claude-code-action v1.0.200, which runs Claude Code 2.1.240, older than 2.1.257, which still honours it from a committed file'
    }
  ])
  // The configured version decides when no workflow pins one; a newer known one is still medium.
  expectFindings(await runRule(RULE, { '.claude/settings.json': settings }, { claudeCodeVersion: '2.1.256' }), [
    { line: 3, severity: 'high', message: 'claude-code-version 2.1.256 in the configuration, older than 2.1.257' }
  ])
  expectFindings(await runRule(RULE, { '.claude/settings.json': settings }, { claudeCodeVersion: '2.1.257' }), [
    { line: 3, severity: 'medium', message: 'is ignored by Claude Code 2.1.257 and later, but older versions honour it' }
  ])
})

test('bypass-permissions: workflow claude_args and claude -p in run steps', async () => {
  const findings = await runRule(RULE, {
    '.github/workflows/claude.yml': `on: issues
jobs:
  triage:
    runs-on: ubuntu-latest
    steps:
      - uses: anthropics/claude-code-action@v1
        with:
          prompt: triage
          claude_args: |
            --max-turns 5
            --dangerously-skip-permissions # NOT OK
      - uses: anthropics/claude-code-action@v1
        with:
          prompt: fix
          claude_args: --permission-mode bypassPermissions --model opus # NOT OK
      - uses: anthropics/claude-code-action@v1
        with:
          prompt: plan
          claude_args: --permission-mode plan # OK
      - run: |
          npm ci
          claude -p "review" --dangerously-skip-permissions # NOT OK
      - run: npx @anthropic-ai/claude-code@2.1.0 -p x --permission-mode=bypassPermissions # NOT OK
      - run: echo "--dangerously-skip-permissions is dangerous" # OK: not a claude command
      - run: claude -p x --allow-dangerously-skip-permissions # NOT OK
      - uses: anthropics/claude-code-action@v1
        with:
          prompt: fix
          claude_args: --allow-dangerously-skip-permissions --model opus # NOT OK
`
  })
  expectFindings(findings, [
    {
      file: '.github/workflows/claude.yml',
      line: 11,
      column: 13,
      endColumn: 43,
      message: 'job triage in .github/workflows/claude.yml runs Claude with `--dangerously-skip-permissions`'
    },
    { line: 15, column: 24, endColumn: 59, message: '`--permission-mode bypassPermissions`' },
    { line: 22, column: 30, endColumn: 60, message: '`--dangerously-skip-permissions`' },
    { line: 23, column: 55, message: '`--permission-mode=bypassPermissions`' },
    {
      line: 25,
      column: 26,
      endColumn: 62,
      severity: 'high',
      message:
        'job triage in .github/workflows/claude.yml runs Claude with `--allow-dangerously-skip-permissions`: bypass mode becomes available to the session'
    },
    { line: 29, column: 24, endColumn: 60, severity: 'high', message: 'runs Claude with `--allow-dangerously-skip-permissions`: bypass mode' }
  ])
})

test('bypass-permissions: hooks, scripts, aliases and agents', async () => {
  const findings = await runRule(RULE, {
    '.claude/settings.json': JSON.stringify({
      hooks: {
        Stop: [
          { hooks: [{ type: 'command', command: 'claude -p "summarise" --dangerously-skip-permissions > log.txt' }] }
        ]
      }
    }),
    'scripts/agent.sh': '#!/bin/bash\nset -e\nclaude --dangerously-skip-permissions "$@"\n',
    '.bashrc': "alias yolo='claude --dangerously-skip-permissions'\n",
    'docs/notes.sh': '# --dangerously-skip-permissions mentioned in a comment only\n',
    '.claude/agents/fixer.md':
      '---\nname: fixer\ndescription: fixes\npermissionMode: bypassPermissions\n---\nFix things.\n',
    '.claude/agents/reader.md': '---\nname: reader\npermissionMode: plan\n---\n'
  })
  expectFindings(findings, [
    { file: '.bashrc', line: 1, column: 7, message: 'runs Claude with `--dangerously-skip-permissions`' },
    {
      file: '.claude/agents/fixer.md',
      line: 4,
      column: 17,
      endColumn: 34,
      message:
        'agent fixer sets `permissionMode: bypassPermissions`: its tool calls skip permission checks whenever it runs from a session in default, plan or dontAsk mode (a parent in acceptEdits or auto mode overrides it)'
    },
    {
      file: '.claude/settings.json',
      line: 1,
      column: 82,
      endColumn: 112,
      message: 'a Stop hook in .claude/settings.json runs Claude'
    },
    { file: 'scripts/agent.sh', line: 3, column: 8, endColumn: 38, message: 'scripts/agent.sh runs Claude with' }
  ])
})

test('bypass-permissions: disableBypassPermissionsMode turns findings into a low contradiction', async () => {
  const findings = await runRule(RULE, {
    '.claude/settings.json': JSON.stringify({
      permissions: { defaultMode: 'bypassPermissions', disableBypassPermissionsMode: 'disable' }
    }),
    'run.sh': 'claude --dangerously-skip-permissions\n'
  })
  expectFindings(findings, [
    {
      file: '.claude/settings.json',
      line: 1,
      severity: 'low',
      message: 'asks for bypass mode, but .claude/settings.json sets `disableBypassPermissionsMode: "disable"`'
    },
    { file: 'run.sh', line: 1, column: 8, severity: 'low', message: 'contradict each other' }
  ])
})

test('bypass-permissions: untracked local settings, malformed files and empty scripts pass', async () => {
  const files = {
    '.claude/settings.local.json': '{"permissions": {"defaultMode": "bypassPermissions"}}',
    'README.md': 'x',
    'x.sh': '',
    'y.sh': 'claude --dangerously-skip-permissions "unterminated'
  }
  expectFindings(await runRule(RULE, files, { git: ['README.md'] }), [])
})

test('bypass-permissions: a top-level disableBypassPermissionsMode is not a setting and changes nothing', async () => {
  const findings = await runRule(RULE, {
    '.claude/settings.json': JSON.stringify({ disableBypassPermissionsMode: 'disable', permissions: { defaultMode: 'bypassPermissions' } }, null, 2)
  })
  expectFindings(findings, [{ file: '.claude/settings.json', severity: 'medium', message: 'older versions honour it: they start sessions in this repository with permission checks off' }])
})

test('bypass-permissions: a comment line in claude_args does not hide the flag; ${{ }} in run: does not hide it', async () => {
  const findings = await runRule(RULE, {
    '.github/workflows/claude.yml': `on: pull_request
jobs:
  fix:
    runs-on: ubuntu-latest
    steps:
      - uses: anthropics/claude-code-action@v1
        with:
          prompt: fix
          claude_args: |
            # Keep cost bounded
            --max-turns 5
            --dangerously-skip-permissions
      - uses: anthropics/claude-code-action@v1 # OK: the flag is commented out
        with:
          prompt: fix
          claude_args: |
            --max-turns 5
            # --dangerously-skip-permissions
      - run: claude -p "Fix the build on \${{ github.ref_name }}" --max-turns 20 --model m --dangerously-skip-permissions
      - run: |
          claude -p "\${{ inputs.task }}" \\
            --permission-mode bypassPermissions
`
  })
  expectFindings(findings, [
    {
      file: '.github/workflows/claude.yml',
      line: 12,
      column: 13,
      endColumn: 43,
      severity: 'high',
      message: 'job fix in .github/workflows/claude.yml runs Claude with `--dangerously-skip-permissions`'
    },
    { line: 19, column: 91, endColumn: 121, message: 'runs Claude with `--dangerously-skip-permissions`' },
    { line: 22, column: 13, message: 'runs Claude with `--permission-mode bypassPermissions`: every tool call' }
  ])
})

test('bypass-permissions: the message of a shell --permission-mode flag names the mode', async () => {
  const findings = await runRule(RULE, {
    'scripts/run.sh': 'claude -p "x" --permission-mode bypassPermissions\n',
    '.claude/agents/nodesc.md': '---\nname: nodesc\npermissionMode: bypassPermissions\n---\nSkipped: no description.\n'
  })
  expectFindings(findings, [
    {
      file: 'scripts/run.sh',
      line: 1,
      column: 15,
      endColumn: 50,
      message: 'scripts/run.sh runs Claude with `--permission-mode bypassPermissions`: every tool call'
    }
  ])
})

test('bypass-permissions: claude -p behind a wrapper the shell parser keeps (timeout "$T" claude)', async () => {
  const findings = await runRule(RULE, {
    '.github/workflows/agent.yml': `on: workflow_dispatch
jobs:
  agent:
    runs-on: ubuntu-latest
    steps:
      - run: |
          if timeout "\${T}m" claude --print --dangerously-skip-permissions < p.txt; then echo ok; fi
`
  })
  expectFindings(findings, [{ file: '.github/workflows/agent.yml', line: 7, column: 45, endColumn: 75 }])
})

test('bypass-permissions: Agent SDK sessions that turn permission checks off in code', async () => {
  const findings = await runRule('bypass-permissions', {
    'bot/agent.ts': `import { query } from '@anthropic-ai/claude-agent-sdk'

export async function run(prompt: string) {
  for await (const m of query({
    prompt,
    options: {
      maxTurns: 20,
      permissionMode: 'bypassPermissions' as const, // NOT OK (the cast changes nothing)
      allowDangerouslySkipPermissions: true, // part of the finding above: one session, one finding
    },
  })) console.log(m)
  // OK: a checked mode
  query({ prompt, options: { maxTurns: 5, permissionMode: 'dontAsk' } })
  // NOT OK: bypass made available, on its own
  query({ prompt, options: { maxTurns: 5, allowDangerouslySkipPermissions: true } })
}
`,
    'jobs/nightly.py': `from claude_agent_sdk import ClaudeAgentOptions, query

options = ClaudeAgentOptions(max_turns=10, permission_mode="bypassPermissions")  # NOT OK


async def main():
    async for m in query(prompt="tidy up", options=options):
        print(m)
`
  })
  expectFindings(findings, [
    {
      file: 'bot/agent.ts',
      line: 8,
      column: 23,
      severity: 'high',
      message: 'Agent SDK session `query` in bot/agent.ts runs Claude with `permissionMode: "bypassPermissions"`: every tool call runs without a permission check',
      related: ['bot/agent.ts:9:40-9:44 `allowDangerouslySkipPermissions: true` of the same session, which lets it start in bypass mode']
    },
    {
      file: 'bot/agent.ts',
      line: 15,
      column: 76,
      severity: 'high',
      message: 'runs Claude with `allowDangerouslySkipPermissions: true`: bypass mode becomes available to the session'
    },
    {
      file: 'jobs/nightly.py',
      line: 3,
      column: 60,
      severity: 'high',
      message: 'Agent SDK session `query` in jobs/nightly.py runs Claude with `permission_mode: "bypassPermissions"`'
    }
  ])
})

test('bypass-permissions: Agent SDK options built by a helper and passed on out of sight', async () => {
  const findings = await runRule('bypass-permissions', {
    'agent/runner.py': `import claude_agent_sdk as sdk
from claude_agent_sdk import ClaudeAgentOptions, query


class Runner:
    def _build_options(self, resume_id=None):
        opts = ClaudeAgentOptions(
            model="claude-sonnet-4-6",
            permission_mode="bypassPermissions",  # NOT OK
        )
        return opts

    def _safe(self):
        return sdk.ClaudeAgentOptions(permission_mode="dontAsk")  # OK

    async def run(self, prompt):
        opts = self._build_options()
        async for m in query(prompt=prompt, options=opts):
            print(m)
`,
    'bot/options.ts': `import { query, type Options } from '@anthropic-ai/claude-agent-sdk'

export function options(): Options {
  return { maxTurns: 5, permissionMode: 'bypassPermissions' } // NOT OK
}
export const run = (prompt: string) => query({ prompt, options: options() })
`,
    'web/modes.ts': `export const modes = { permissionMode: 'bypassPermissions' } // OK: no Agent SDK in this file
`,
    'agent/dict.py': `from claude_agent_sdk import query, ClaudeAgentOptions


def get_options(max_turns=10):
    options_dict = {
        "permission_mode": "bypassPermissions",
        "max_turns": max_turns,
    }
    return ClaudeAgentOptions(**options_dict)
`
  })
  expectFindings(findings, [
    { file: 'agent/dict.py', line: 6, column: 28, severity: 'high', message: 'Agent SDK options in agent/dict.py runs Claude with `permission_mode: "bypassPermissions"`' },
    { file: 'agent/runner.py', line: 9, column: 29, severity: 'high', message: 'Agent SDK options in agent/runner.py runs Claude with `permission_mode: "bypassPermissions"`' },
    { file: 'bot/options.ts', line: 4, column: 41, severity: 'high', message: 'Agent SDK options in bot/options.ts runs Claude with `permissionMode: "bypassPermissions"`' }
  ])
})

test("bypass-permissions: a program named through a variable, or started through the file's own wrapper, is read", async () => {
  const findings = await runRule(RULE, {
    'agent/run.py':
      'import shutil, subprocess\n\nclaude_cmd = shutil.which("claude")\nargs = [\n    claude_cmd,\n    "--output-format=json",\n    "--permission-mode=bypassPermissions",\n    "--print",\n    "hi",\n]\nsubprocess.run(args, check=True)\n', // NOT OK
    'ci/fix.mjs':
      "import { spawnSync } from 'node:child_process'\nfunction runCommand(command, args) {\n  return spawnSync(command, args, { encoding: 'utf8' })\n}\nrunCommand('claude', [\n  '-p', 'fix',\n  '--permission-mode', 'bypassPermissions',\n])\nrunCommand('other', ['--dangerously-skip-permissions'])\n" // NOT OK (claude only)
  })
  expectFindings(
    findings.map((f) => ({ ...f, message: f.message.replace(/:.*/s, '') })),
    [
      { file: 'agent/run.py', line: 7, column: 5, endColumn: 42, severity: 'high', message: 'agent/run.py runs Claude with `--permission-mode=bypassPermissions`' },
      { file: 'ci/fix.mjs', line: 7, column: 3, endColumn: 43, severity: 'high', message: 'ci/fix.mjs runs Claude with `--permission-mode bypassPermissions`' }
    ]
  )
})

test('bypass-permissions: a program chosen by a fallback (PATH lookup, an environment override, a Windows launcher) is read', async () => {
  const findings = await runRule(RULE, {
    'agent/run.py': [
      'import os, shutil, subprocess',
      '',
      'CLAUDE = shutil.which("claude") or os.path.expanduser("~/.local/bin/claude")',
      'BIN = os.environ.get("CLAUDE_BIN", "claude")',
      'OTHER = os.getenv("AGENT_BIN", "codex")',
      '',
      'def fix(prompt):',
      '    subprocess.run([CLAUDE, "-p", prompt, "--dangerously-skip-permissions"])  # NOT OK',
      '    subprocess.run([BIN, "-p", prompt, "--permission-mode", "bypassPermissions"])  # NOT OK',
      '    subprocess.run([OTHER, "--dangerously-skip-permissions"])  # OK: another program',
      '    subprocess.run([os.environ.get("AGENT_BIN") or "gemini", "--dangerously-skip-permissions"])  # OK: another program',
      ''
    ].join('\n'),
    'bot/run.ts': [
      "import { spawn } from 'node:child_process'",
      "const CLAUDE = process.env.CLAUDE_BIN ?? 'claude'",
      "const launcher = process.platform === 'win32' ? 'claude.cmd' : 'claude'",
      'export function fix(prompt: string) {',
      "  spawn(CLAUDE, ['-p', prompt, '--dangerously-skip-permissions']) // NOT OK",
      "  spawn(launcher, ['-p', prompt, '--dangerously-skip-permissions']) // NOT OK",
      "  spawn(process.env.AGENT || 'aider', ['--dangerously-skip-permissions']) // OK: another program",
      '}',
      ''
    ].join('\n')
  })
  expectFindings(
    findings.map((f) => ({ ...f, message: f.message.replace(/:.*/s, '') })),
    [
      { file: 'agent/run.py', line: 8, column: 43, endColumn: 75, severity: 'high', message: 'agent/run.py runs Claude with `--dangerously-skip-permissions`' },
      { file: 'agent/run.py', line: 9, column: 40, endColumn: 80, severity: 'high', message: 'agent/run.py runs Claude with `--permission-mode bypassPermissions`' },
      { file: 'bot/run.ts', line: 5, column: 32, endColumn: 64, severity: 'high', message: 'bot/run.ts runs Claude with `--dangerously-skip-permissions`' },
      { file: 'bot/run.ts', line: 6, column: 34, endColumn: 66, severity: 'high', message: 'bot/run.ts runs Claude with `--dangerously-skip-permissions`' }
    ]
  )
})

test('bypass-permissions: a script that only mentions the mode is not parsed; quoted flags are still found', () => {
  const before = shellParseCalls()
  assert.deepEqual(bypassFlagsInShell('#!/bin/bash\ngrep -q \'"defaultMode": "bypassPermissions"\' .claude/settings.json && echo "dangerously-skip-permissions is off"\n'), [])
  assert.equal(shellParseCalls() - before, 0)
  const hits = (s: string): string[] => bypassFlagsInShell(s).map((h) => h.text)
  assert.deepEqual(hits('claude -p x "--dangerously-skip-"permissions'), ['"--dangerously-skip-"permissions'])
  assert.deepEqual(hits('claude -p x --permission-mode "bypass"Permissions'), ['--permission-mode "bypass"Permissions'])
  assert.deepEqual(hits("claude -p x $'--allow-dangerously-skip-permissions'"), ["$'--allow-dangerously-skip-permissions'"])
  assert.deepEqual(hits('F=(--permission-mode=bypassPermissions)\nclaude -p x "${F[@]}"'), ['--permission-mode=bypassPermissions'])
})

test('bypass-permissions: a command whose program is an array the script filled with claude', async () => {
  // A script nothing references (a cron job): the array holds the program and its flags.
  const script = [
    '#!/usr/bin/env bash',
    'run() {',
    '  local -a cmd=(claude)',
    '  cmd+=(',
    '    -p "$prompt"',
    '    --dangerously-skip-permissions',
    '  )',
    '  if "${cmd[@]}" > "$out"; then echo ok; fi',
    '}',
    ''
  ].join('\n')
  const findings = await runRule('bypass-permissions', { 'ops/lib/claude.sh': script })
  expectFindings(findings, [
    {
      file: 'ops/lib/claude.sh',
      line: 6,
      column: 5,
      endColumn: 35,
      severity: 'high',
      // The flag is added on every call of the function that runs the array: no "on some paths" qualifier.
      message: /^ops\/lib\/claude\.sh runs Claude with `--dangerously-skip-permissions`/
    }
  ])
  // The same array holding another program: not a run of Claude.
  expectFindings(await runRule('bypass-permissions', { 'ops/lib/other.sh': script.replace('cmd=(claude)', 'cmd=(claudia)') }), [])
  // The array handed whole to the script's own wrapper function, which runs it.
  const wrapped = [
    'run_with_timeout() { local t="$1"; shift; timeout "$t" "$@"; }',
    'dispatch() {',
    '  local cmd=(claude -p "$prompt"',
    '    --dangerously-skip-permissions',
    '    --output-format json)',
    '  (cd "$dir" && run_with_timeout 60 "${cmd[@]}") || ec=$?',
    '}',
    ''
  ].join('\n')
  expectFindings(await runRule('bypass-permissions', { 'scripts/dispatch.sh': wrapped }), [
    { file: 'scripts/dispatch.sh', line: 4, column: 5, endColumn: 35, severity: 'high', message: /^scripts\/dispatch\.sh runs Claude with `--dangerously-skip-permissions`/ }
  ])
})

test('bypass-permissions: a program that starts Claude with the flag, whether or not a workflow runs it, is reported once at the flag', async () => {
  const findings = await runRule(RULE, {
    // Run by no workflow: a local pipeline.
    'tools/pipeline.py': 'import subprocess\n\ndef build(prompt):\n    cmd = [\n        "claude",\n        "-p",\n        prompt,\n        "--dangerously-skip-permissions",\n    ]\n    return cmd\n', // NOT OK
    'bot/run.mjs': "import { spawn } from 'node:child_process'\nspawn('claude', ['--permission-mode', 'bypassPermissions', '-p', 'hi'])\n", // NOT OK
    // Run by a workflow: reported once, as a run of that workflow.
    'scripts/review.py': 'import subprocess\nsubprocess.run(["claude", "-p", "review", "--dangerously-skip-permissions"])\n', // NOT OK (once)
    '.github/workflows/review.yml': 'on: push\njobs:\n  review:\n    runs-on: ubuntu-latest\n    timeout-minutes: 10\n    steps:\n      - run: python scripts/review.py\n',
    // Not a Claude command, and a test file.
    'tools/other.py': 'ARGS = ["other-tool", "--dangerously-skip-permissions"]\nDOC = "claude --dangerously-skip-permissions"\n', // OK
    'tests/test_pipeline.py': 'assert build("x") == ["claude", "-p", "x", "--dangerously-skip-permissions"]\n' // OK
  })
  expectFindings(
    findings.map((f) => ({ ...f, message: f.message.replace(/:.*/s, '') })),
    [
      { file: 'bot/run.mjs', line: 2, column: 18, endColumn: 58, severity: 'high', message: 'bot/run.mjs runs Claude with `--permission-mode bypassPermissions`' },
      { file: 'scripts/review.py', line: 2, column: 43, endColumn: 75, severity: 'high', message: 'scripts/review.py (run by job review in .github/workflows/review.yml) runs Claude with `--dangerously-skip-permissions`' },
      { file: 'tools/pipeline.py', line: 8, column: 9, endColumn: 41, severity: 'high', message: 'tools/pipeline.py runs Claude with `--dangerously-skip-permissions`' }
    ]
  )
})

test('bypass-permissions: a flag a program adds on some paths only says so', async () => {
  const findings = await runRule(RULE, {
    'src/run.ts': `import { spawn } from 'node:child_process'
export function run(prompt: string, options: { yolo?: boolean }) {
  const args = ['-p', prompt, '--max-turns', '5']
  if (options.yolo) {
    args.push('--dangerously-skip-permissions')
  }
  return spawn('claude', args)
}
export function always(prompt: string) {
  const args = ['-p', prompt]
  args.push('--permission-mode', 'bypassPermissions')
  return spawn('claude', args)
}
`, // NOT OK (both; the first on some paths)
    'tools/run.py': 'import subprocess\n\ndef run(p, yolo):\n    cmd = ["claude", "-p", p]\n    yolo and cmd.append("--dangerously-skip-permissions")\n    subprocess.run(cmd)\n' // NOT OK (some paths)
  })
  expectFindings(
    findings.map((f) => ({ ...f, message: f.message.replace(/:.*/s, '') })),
    [
      { file: 'src/run.ts', line: 5, column: 15, endColumn: 47, severity: 'high', message: 'src/run.ts (on the paths where the script adds it) runs Claude with `--dangerously-skip-permissions`' },
      { file: 'src/run.ts', line: 11, column: 13, endColumn: 53, severity: 'high', message: 'src/run.ts runs Claude with `--permission-mode bypassPermissions`' },
      { file: 'tools/run.py', line: 5, column: 25, endColumn: 57, severity: 'high', message: 'tools/run.py (on the paths where the script adds it) runs Claude with `--dangerously-skip-permissions`' }
    ]
  )
})

test('bypass-permissions: claude -p in an action the repository publishes but no workflow of it calls', async () => {
  const action = [
    'name: flow',
    'inputs:',
    '  model: {default: claude-sonnet-4-6}',
    'runs:',
    '  using: composite',
    '  steps:',
    '    - shell: bash',
    '      run: |',
    '        if claude -p --dangerously-skip-permissions --model "${{ inputs.model }}" "$(cat flow.txt)"; then', // NOT OK
    '          echo ok',
    '        fi',
    ''
  ].join('\n')
  const findings = await runRule(RULE, { 'action/action.yml': action })
  expectFindings(findings, [
    {
      file: 'action/action.yml',
      line: 9,
      column: 22,
      endColumn: 52,
      message: 'action/action.yml, an action this repository publishes (no workflow here calls it), runs Claude with `--dangerously-skip-permissions`: every tool call'
    }
  ])
})

test('bypass-permissions: a flag in a string literal that a ${{ }} expression can yield (claude_args, run:)', async () => {
  const findings = await runRule(RULE, {
    '.github/actions/chat/action.yml': [
      'name: chat',
      'inputs:',
      "  system_prompt: {default: ''}",
      'runs:',
      '  using: composite',
      '  steps:',
      '    - uses: anthropics/claude-code-action@v1',
      '      with:',
      '        prompt: hi',
      '        claude_args: >-',
      // NOT OK: both branches pass the flag; reported once, at the first.
      "          ${{ inputs.system_prompt != '' && format('--append-system-prompt \"{0}\" --dangerously-skip-permissions', inputs.system_prompt) || '--dangerously-skip-permissions' }}",
      ''
    ].join('\n'),
    '.github/workflows/ai.yml': [
      'on: issue_comment',
      'jobs:',
      '  ai:',
      '    runs-on: ubuntu-latest',
      '    steps:',
      "      - run: claude -p \"$P\" ${{ github.event.issue.state == 'open' && '--permission-mode bypassPermissions' || '' }}", // NOT OK
      "      - run: claude -p \"$P\" ${{ contains(github.event.comment.body, '--dangerously-skip-permissions') && '--model opus' || '' }}", // OK: a test, not a value
      "      - run: claude -p \"$P\" --model ${{ '--dangerously-skip-permissions' && 'opus' }}", // OK: `&&` yields its last operand
      ''
    ].join('\n')
  })
  expectFindings(findings, [
    {
      file: '.github/actions/chat/action.yml',
      line: 11,
      column: 82,
      endColumn: 112,
      message: /^job \(whichever job uses \.github\/actions\/chat\/action\.yml\) in \.github\/actions\/chat\/action\.yml \(a value its `\$\{\{ \}\}` expression can yield\) runs Claude with `--dangerously-skip-permissions`/
    },
    { file: '.github/workflows/ai.yml', line: 6, column: 72, endColumn: 107, message: 'job ai in .github/workflows/ai.yml runs Claude with `--permission-mode bypassPermissions`' }
  ])
})

test('bypass-permissions: claude -p in an input its action runs as a shell script (devcontainers/ci runCmd) is found inside the input', async () => {
  const findings = await runRule(RULE, {
    '.github/workflows/dc.yml': `on: push
jobs:
  review:
    runs-on: ubuntu-latest
    steps:
      - uses: devcontainers/ci@v0.3
        with:
          runCmd: |
            npm ci
            claude -p "review" --dangerously-skip-permissions --mcp-config '{"mcpServers":{"gh":{"command":"npx","args":["-y","@modelcontextprotocol/server-github"]}}}'
      - uses: devcontainers/ci@v0.3
        with:
          runCmd: claude -p x --permission-mode bypassPermissions
      - uses: devcontainers/ci@v0.3
        with:
          runCmd: echo "--dangerously-skip-permissions is dangerous" # OK: not a claude command
`
  })
  expectFindings(findings, [
    {
      file: '.github/workflows/dc.yml',
      line: 10,
      column: 32,
      endColumn: 62,
      severity: 'high',
      message: 'job review in .github/workflows/dc.yml runs Claude with `--dangerously-skip-permissions`'
    },
    { line: 13, column: 31, endColumn: 66, severity: 'high', message: '`--permission-mode bypassPermissions`' }
  ])
})

test('bypass-permissions: `--tools` that leaves only tools which neither run commands nor change files makes the bypass low', async () => {
  const findings = await runRule(RULE, {
    'scripts/research.sh': `#!/bin/bash
claude -p "$PROMPT" --dangerously-skip-permissions --tools WebSearch,WebFetch --output-format json # low
claude -p "$PROMPT" --dangerously-skip-permissions --tools "Read,Grep,Bash" # NOT OK: Bash runs commands
claude -p "$PROMPT" --tools=Read --dangerously-skip-permissions # low
`,
    '.github/workflows/claude.yml': `on: issues
jobs:
  triage:
    runs-on: ubuntu-latest
    steps:
      - uses: anthropics/claude-code-action@v1
        with:
          prompt: triage
          claude_args: --dangerously-skip-permissions --tools "WebFetch" # low
      - uses: anthropics/claude-code-action@v1
        with:
          prompt: fix
          claude_args: --dangerously-skip-permissions --tools "Edit,Read" # NOT OK: Edit changes files
`
  })
  expectFindings(findings, [
    {
      file: '.github/workflows/claude.yml',
      line: 9,
      column: 24,
      severity: 'low',
      message:
        'job triage in .github/workflows/claude.yml runs Claude with `--dangerously-skip-permissions`, but `--tools WebFetch` leaves the session no tool that runs commands or changes files: only those tools run without asking (what it reads can still leave in a web request)'
    },
    { file: '.github/workflows/claude.yml', line: 13, column: 24, severity: 'high', message: 'every tool call runs without a permission check' },
    {
      file: 'scripts/research.sh',
      line: 2,
      column: 21,
      severity: 'low',
      message: 'scripts/research.sh runs Claude with `--dangerously-skip-permissions`, but `--tools WebSearch,WebFetch` leaves the session'
    },
    { file: 'scripts/research.sh', line: 3, column: 21, severity: 'high', message: 'every tool call runs without a permission check' },
    {
      file: 'scripts/research.sh',
      line: 4,
      column: 34,
      severity: 'low',
      message: 'but `--tools Read` leaves the session no tool that runs commands or changes files: only those tools run without asking'
    }
  ])
})

test('bypass-permissions: `--tools` in a program\'s command line or argument list', async () => {
  const findings = await runRule(RULE, {
    'scripts/report.js': `const { execSync, spawn } = require('child_process')
const a = execSync('claude --model haiku --dangerously-skip-permissions --tools "" -p -', { input: prompt })
spawn('claude', ['-p', prompt, '--dangerously-skip-permissions', '--tools', 'WebFetch'])
spawn('claude', ['-p', prompt, '--dangerously-skip-permissions', '--tools', tools])
`
  })
  expectFindings(findings, [
    {
      file: 'scripts/report.js',
      line: 2,
      column: 42,
      severity: 'low',
      message: /^scripts\/report\.js runs Claude with `--dangerously-skip-permissions`, but an empty `--tools` leaves the session no tool that runs commands or changes files$/
    },
    { line: 3, column: 32, severity: 'low', message: 'but `--tools WebFetch` leaves the session no tool' },
    { line: 4, column: 32, severity: 'high', message: 'every tool call runs without a permission check' }
  ])
})
