import { test } from 'node:test'
import assert from 'node:assert/strict'
import { runRule, expectFindings } from '../rules/harness.js'
import { prepareCodeParsing } from '../../src/parse/code.js'
import { SourceFile } from '../../src/parse/source.js'
import { parseShell } from '../../src/shell/parse.js'
import { claudeLaunchesIn, codeScriptOperand, envReadsOf } from '../../src/analysis/code-claude-runs.js'
import { CI_STREAMS } from '../../src/model/claude.js'

const W = '.github/workflows/ai.yml'
const T = { timeout: 240_000 }

/** The argv a file's launches start, unknown words as `?source`. */
function argvs(path: string, text: string, lang: 'python' | 'typescript'): string[] {
  return claudeLaunchesIn(new SourceFile(path, text), lang, CI_STREAMS).map((l) => l.command.args.map((w) => (w.literal ? w.text : `?${text.slice(w.start, w.end)}`)).join(' '))
}

test('code claude runs: Python process launches are read from the syntax tree', T, async () => {
  await prepareCodeParsing()
  const py = `import os, asyncio
import subprocess as sp
from subprocess import check_output as co

def review(prompt, extra):
    cmd = ["claude", "-p", prompt]
    cmd.append("--max-turns")
    cmd += ["--model", "x"]
    if os.environ.get("YOLO"):
        cmd.extend(["--dangerously-skip-permissions"])
    sp.run(cmd, check=True)
    sp.run("claude -p hi --max-turns 3", shell=True)
    os.system(f"claude -p {prompt} --model opus")
    asyncio.run(asyncio.create_subprocess_exec("claude", "-p", *extra))
    co(["npx", "-y", "@anthropic-ai/claude-code", "--print", "x"])
    sp.run(["claude", "--version"])
    sp.run(["claude", "mcp", "list"])
    sp.run("claude -p not-a-shell")
    sp.run(unknown_list)
    sp.run([shutil.which("claude"), "-p", "found on PATH"])
    sp.run([resolve("claude"), "-p", "a helper of unknown effect"])
`
  assert.deepEqual(argvs('r.py', py, 'python'), [
    'claude -p ?prompt --max-turns --model x --dangerously-skip-permissions',
    'claude -p hi --max-turns 3',
    'claude -p ?{prompt} --model opus',
    'claude -p ?*extra',
    'npx -y @anthropic-ai/claude-code --print x',
    'claude -p found on PATH'
  ])
})

test('code claude runs: JavaScript and TypeScript launches, names bound once, both branches of a condition', T, async () => {
  await prepareCodeParsing()
  const ts = `import { spawn, execSync } from 'node:child_process'
import { execa } from 'execa'
const CLAUDE = 'claude'
function go(prompt: string, skip: boolean) {
  const args = ['-p', prompt]
  args.push('--model', 'x')
  spawn(CLAUDE, [...args, '--max-turns', '3', ...(skip ? ['--dangerously-skip-permissions'] : [])])
  execSync(\`claude -p \${prompt} --allowedTools "Bash"\`)
  Bun.spawn(['claude', '-p', 'a'])
  Bun.spawn({ cmd: ['claude', '--print', 'b'] })
  new Deno.Command('claude', { args: ['-p', 'c'] })
  execa('claude', ['-p', 'd'])
  spawn('claude', ['--output-format', 'stream-json'])
  /claude -p (.*)/.exec('claude -p not a process')
  db.exec('claude -p not a process either')
  cp.execSync('claude --print via the module')
  let twice = 'claude'
  twice = 'other'
  spawn(twice, ['-p', 'e'])
}
`
  assert.deepEqual(argvs('x.ts', ts, 'typescript'), [
    'claude -p ?prompt --model x --max-turns 3 --dangerously-skip-permissions',
    'claude -p ?${prompt} --allowedTools Bash',
    'claude -p a',
    'claude --print b',
    'claude -p c',
    'claude -p d',
    'claude --print via the module'
  ])
})

test('code claude runs: JavaScript process functions under another name (import ... as, require destructuring, compiled CommonJS)', T, async () => {
  await prepareCodeParsing()
  const ts = `import { spawn as sp, exec } from 'node:child_process'
import { execa as run } from 'execa'
import { spawn as notAProcess } from './local'
const { execSync: sh, spawnSync } = require('child_process')
const { spawn: other } = require('./other')
sp('claude', ['-p', 'a'])
run('claude', ['-p', 'b'])
sh('claude -p c --max-turns 2')
spawnSync('claude', ['-p', 'd'])
notAProcess('claude', ['-p', 'not from child_process'])
other('claude', ['-p', 'not from child_process either'])
`
  assert.deepEqual(argvs('y.ts', ts, 'typescript'), ['claude -p a', 'claude -p b', 'claude -p c --max-turns 2', 'claude -p d'])
  // What tsc and Babel write for \`import { spawn } from 'child_process'\` in a CommonJS build.
  const js = `"use strict";
const child_process_1 = require("child_process");
function run(p) { return (0, child_process_1.spawn)("claude", ["-p", p, "--max-turns", "4"]) }
(0, notAFunction)("claude", ["-p", "x"])
`
  assert.deepEqual(argvs('out/run.js', js, 'typescript'), ['claude -p ?p --max-turns 4'])
})

test("code claude runs: the file's own process wrappers and a program found with which()", T, async () => {
  await prepareCodeParsing()
  const js = `import { spawnSync, execSync } from 'node:child_process'
function runCommand(command, args, options = {}) {
  const result = spawnSync(command, args, { encoding: 'utf8', timeout: options.timeoutMs })
  return result
}
const sh = (cmd) => execSync(cmd, { stdio: 'inherit' })
function log(command, args) {
  console.log(command, args)
}
function twice(a, b) { return spawnSync(a, b) }
function twice(a, b) { return spawnSync(b, a) }
runCommand('claude', ['-p', 'review', '--permission-mode', 'bypassPermissions'], { timeoutMs: 5 })
runCommand('git', ['status'])
sh('claude -p "fix it" --max-turns 2')
log('claude', ['-p', 'not a process'])
twice('claude', ['-p', 'defined twice: not followed'])
runCommand(...['claude', ['-p', 'spread: not read']])
`
  assert.deepEqual(argvs('scripts/x.mjs', js, 'typescript'), ['claude -p review --permission-mode bypassPermissions', 'claude -p fix it --max-turns 2'])
  const py = `import shutil, subprocess

def run(cmd, check=True):
    return subprocess.run(cmd, check=check, capture_output=True)

def shell(line):
    subprocess.run(line, shell=True)

claude_cmd = shutil.which("claude")
run([claude_cmd, "-p", "through a wrapper", "--max-turns", "3"])
subprocess.run([claude_cmd, "--print", "direct"])
shell("claude -p 'as a shell line'")
run(cmd=["claude", "-p", "by keyword: not read"])
`
  assert.deepEqual(argvs('agent.py', py, 'python'), ['claude -p through a wrapper --max-turns 3', 'claude --print direct', 'claude -p as a shell line'])
})

test('code claude runs: the words a script reads from the environment are known', T, async () => {
  await prepareCodeParsing()
  const f = new SourceFile('r.py', 'import os, subprocess\nbody = os.environ["BODY"]\nsubprocess.run(["claude", "-p", f"Review {body}", os.getenv("EXTRA")])\n')
  const [l] = claudeLaunchesIn(f, 'python', CI_STREAMS)
  assert.deepEqual(
    l.command.args.map((w) => envReadsOf(w).map((r) => `${r.name}@${f.position(r.start).line}:${f.position(r.start).column}`)),
    [[], [], ['BODY@2:8'], ['EXTRA@3:51']]
  )
})

test('code claude runs: the script a command runs (interpreters, runners, python -m)', () => {
  const op = (s: string): string | undefined => {
    const o = codeScriptOperand(parseShell(s).commands[0].args)
    return o && `${o.path}${o.module ? ' (module)' : ''}`
  }
  assert.equal(op('python scripts/review.py --fast'), 'scripts/review.py')
  assert.equal(op('python3 -u -W ignore scripts/review.py'), 'scripts/review.py')
  assert.equal(op('python3 -m tools.judge'), 'tools/judge.py (module)')
  assert.equal(op('uv run scripts/x.py'), 'scripts/x.py')
  assert.equal(op('uv run --with requests python scripts/x.py'), 'scripts/x.py')
  assert.equal(op('node --import tsx scripts/x.ts'), 'scripts/x.ts')
  assert.equal(op('npx -y tsx scripts/x.ts'), 'scripts/x.ts')
  assert.equal(op('pnpm exec tsx scripts/x.ts'), 'scripts/x.ts')
  assert.equal(op('bun run scripts/x.ts'), 'scripts/x.ts')
  assert.equal(op('deno run -A scripts/x.ts'), 'scripts/x.ts')
  assert.equal(op('./scripts/x.mjs'), './scripts/x.mjs')
  assert.equal(op('uv run pytest tests/e2e/test_cli.py -m smoke --junitxml=r.xml'), 'tests/e2e/test_cli.py')
  assert.equal(op('python -m pytest -m smoke -k "hook and not slow" tests/test_x.py::test_y'), 'tests/test_x.py')
  assert.equal(op('pytest tests/'), undefined)
  assert.equal(op('python -c "import x"'), undefined)
  assert.equal(op('node -e "x()"'), undefined)
  assert.equal(op('bun run build'), undefined)
  assert.equal(op('npx prettier --check .'), undefined)
  assert.equal(op('python /opt/x.py'), undefined)
  assert.equal(op('python "$SCRIPT"'), undefined)
})

const FIXTURE = {
  [W]: `on: issue_comment
jobs:
  review:
    runs-on: ubuntu-latest
    steps:
      - run: python scripts/review.py
        env:
          BODY: \${{ github.event.comment.body }}
      - run: |
          npm ci
          npx tsx scripts/triage.ts
      - run: python3 -m tools.judge
      - run: bash scripts/wrap.sh
      - run: uv run pytest tests/e2e/test_smoke.py -m smoke
      - run: python ../outside.py # leaves the repository: not followed
      - run: python -c "import subprocess; subprocess.run(['claude', '-p', 'x'])" # inline code: not a script
`,
  'scripts/review.py': `import os
import subprocess

def main():
    body = os.environ["BODY"]
    cmd = ["claude", "-p", f"Review: {body}", "--allowedTools", "Bash,Edit"]
    cmd.append("--dangerously-skip-permissions")
    subprocess.run(cmd, check=True)

main()
`,
  'scripts/triage.ts': `import { execFileSync } from 'node:child_process'
execFileSync('claude', ['-p', 'triage', '--model', 'claude-sonnet-4-6', '--max-turns', '5'])
`,
  'tools/judge/__main__.py': `import subprocess
subprocess.run("claude -p 'judge this' --permission-mode bypassPermissions", shell=True)
`,
  'tools/judge/__init__.py': '',
  'scripts/wrap.sh': '#!/bin/bash\nset -e\nnode scripts/inner.mjs\n',
  'scripts/inner.mjs': `import { spawnSync } from 'node:child_process'
const extra = process.argv.slice(2)
spawnSync('claude', ['-p', 'x', '--model', 'opus', ...extra])
`,
  'tests/e2e/test_smoke.py': `import shutil, subprocess

def test_hook_runs(tmp_path):
    run = subprocess.run([shutil.which("claude"), "-p", "hi", "--model", "opus"], timeout=240)
    assert run.returncode == 0
`,
  // Runs Claude but no workflow runs it: not a CI run (no job named), still a `claude -p` with no cap.
  'scripts/local-only.py': 'import subprocess\nsubprocess.run(["claude", "-p", "x"])\n'
}

test('code claude runs: scripts run from a workflow are followed; findings point into the script (no-turn-limit, model-not-pinned)', T, async () => {
  expectFindings(await runRule('no-turn-limit', FIXTURE), [
    { file: 'scripts/local-only.py', line: 2, column: 17, endColumn: 36, severity: 'high', message: '`claude -p` started by scripts/local-only.py has no `--max-turns`' },
    { file: 'scripts/review.py', line: 6, column: 12, endColumn: 76, message: 'unattended Claude run in job review has no `--max-turns`' },
    { file: 'tests/e2e/test_smoke.py', line: 4, column: 27, endColumn: 80 },
    { file: 'tools/judge/__main__.py', line: 2, column: 17, endColumn: 75 }
  ])
  expectFindings(await runRule('model-not-pinned', FIXTURE), [
    // No workflow runs it: reported where it starts, as no-turn-limit reports it.
    { file: 'scripts/local-only.py', line: 2, column: 17, endColumn: 36, severity: 'medium', message: '`claude -p` started by scripts/local-only.py does not choose a model' },
    { file: 'scripts/review.py', line: 6, column: 12 },
    { file: 'tools/judge/__main__.py', line: 2, column: 17 }
  ])
})

test('code claude runs: bypass flags, --allowedTools and untrusted triggers in a script are reported at the token', T, async () => {
  expectFindings(await runRule('bypass-permissions', FIXTURE), [
    { file: 'scripts/review.py', line: 7, column: 16, endColumn: 48, message: 'scripts/review.py (run by job review in .github/workflows/ai.yml) runs Claude with `--dangerously-skip-permissions`' },
    { file: 'tools/judge/__main__.py', line: 2, column: 40, endColumn: 75, message: '`--permission-mode bypassPermissions`' }
  ])
  expectFindings(await runRule('overbroad-permission', FIXTURE), [{ file: 'scripts/review.py', line: 6, column: 66, endColumn: 70, message: 'pre-approves `Bash`' }])
  expectFindings(await runRule('untrusted-trigger', FIXTURE), [
    { file: 'scripts/inner.mjs', line: 3, column: 11 },
    { file: 'scripts/review.py', line: 6, column: 12 },
    { file: 'scripts/triage.ts', line: 2, column: 14 },
    { file: 'tests/e2e/test_smoke.py', line: 4, column: 27 },
    { file: 'tools/judge/__main__.py', line: 2, column: 17 }
  ])
})

test('code claude runs: outside text from env: that the script puts in the prompt is template-injection at the read', T, async () => {
  expectFindings(await runRule('template-injection', FIXTURE), [
    { file: 'scripts/review.py', line: 5, column: 12, endColumn: 30, message: '`env.BODY (github.event.comment.body)` reaches the prompt of `claude -p` in job review' }
  ])
})

test('code claude runs: a shell script run whose --allowedTools is read against the script (no hang, at the flag)', T, async () => {
  const findings = await runRule('overbroad-permission', {
    [W]: 'on: push\njobs:\n  docs:\n    runs-on: ubuntu-latest\n    steps:\n      - run: ./scripts/ai-docs.sh\n',
    'scripts/ai-docs.sh': '#!/bin/bash\nset -euo pipefail\nclaude -p "update the docs" --allowedTools "Edit,Bash"\n'
  })
  expectFindings(findings, [{ file: 'scripts/ai-docs.sh', line: 3, column: 50, message: 'pre-approves `Bash`' }])
})

test('code claude runs: an action the repository publishes (no workflow calls it) runs its own script through ${{ github.action_path }}', T, async () => {
  const files = {
    '.github/actions/ai-review/action.yml': `name: ai review
inputs:
  model: {default: claude-sonnet-4-6}
runs:
  using: composite
  steps:
    - shell: bash
      env:
        CLAUDE_MODEL: \${{ inputs.model }}
        PR_TITLE: \${{ github.event.pull_request.title }}
      run: python3 \${{ github.action_path }}/review.py > /tmp/review.md
`,
    '.github/actions/ai-review/review.py': [
      'import os, subprocess',
      'title = os.environ.get("PR_TITLE", "")',
      'model = os.environ.get("CLAUDE_MODEL", "claude-sonnet-4-6")',
      'subprocess.run(["claude", "--print", "--model", model, f"Review the pull request {title}"])',
      ''
    ].join('\n'),
    // The same name at the root is not the action's script.
    'review.py': 'import subprocess\nsubprocess.run(["claude", "-p", "root"])\n'
  }
  const job = 'job (whichever job uses .github/actions/ai-review/action.yml)'
  expectFindings(await runRule('no-turn-limit', files), [
    { file: '.github/actions/ai-review/review.py', line: 4, column: 17, message: `unattended Claude run in ${job} has no \`--max-turns\`` },
    // Judged as code no workflow runs, not as the action's run.
    { file: 'review.py', line: 2, column: 17, message: '`claude -p` started by review.py has no `--max-turns`' }
  ])
  expectFindings(await runRule('template-injection', files), [
    { file: '.github/actions/ai-review/review.py', line: 2, column: 9, message: `\`env.PR_TITLE (github.event.pull_request.title)\` reaches the prompt of \`claude -p\` in ${job}` }
  ])
})

test('code claude runs: a composite action runs its own script through ${{ github.action_path }}', T, async () => {
  const findings = await runRule('no-turn-limit', {
    [W]: 'on: pull_request\njobs:\n  review:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: ./.github/actions/ai-review\n',
    '.github/actions/ai-review/action.yml': `name: ai review
runs:
  using: composite
  steps:
    - run: python "\${{ github.action_path }}/review.py"
      shell: bash
    - run: bash \${{ github.action_path }}/capped.sh
      shell: bash
`,
    '.github/actions/ai-review/review.py': 'import subprocess\nsubprocess.run(["claude", "-p", "review the diff"])\n',
    '.github/actions/ai-review/capped.sh': 'claude -p "x" --max-turns 3\n',
    // The same name at the root is not the action's script.
    'review.py': 'import subprocess\nsubprocess.run(["claude", "-p", "root"])\n'
  })
  expectFindings(findings, [
    { file: '.github/actions/ai-review/review.py', line: 2, column: 17, endColumn: 50, message: 'job review' },
    // Judged as code no workflow runs, not as the action's run.
    { file: 'review.py', line: 2, column: 17, message: '`claude -p` started by review.py has no `--max-turns`' }
  ])
})
