import { test } from 'node:test'
import { runRule, expectFindings, preToolUseSettings } from './harness.js'

const RULE = 'hook-runs-pr-code'

const PR_WORKFLOW = `name: review
on:
  pull_request:
    types: [opened, synchronize]
jobs:
  review:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - uses: anthropics/claude-code-action@v1
        with:
          prompt: Review this pull request
`

const SETTINGS = `{
  "hooks": {
    "PostToolUse": [{ "matcher": "Edit|Write", "hooks": [
      { "type": "command", "command": "npm run lint -- --fix" },
      { "type": "command", "command": "\\"$CLAUDE_PROJECT_DIR\\"/.claude/hooks/format.sh" },
      { "type": "command", "command": "cd \\"$CLAUDE_PROJECT_DIR\\" && make check" },
      { "type": "command", "command": "./scripts/ci-check.sh --quick" },
      { "type": "command", "command": "npx prettier --write ." },
      { "type": "command", "command": "uv run pytest -q" },
      { "type": "command", "command": "python -m ruff check src/ && bash .claude/hooks/a.sh && .husky/pre-commit" },
      { "type": "command", "command": "pnpm list && yarn why x && bun pm ls" }
    ] }],
    "SessionStart": [{ "hooks": [
      { "type": "command", "command": "$(git rev-parse --show-toplevel)/scripts/install-gh-cli.sh" }
    ] }]
  }
}
`

test('hook-runs-pr-code: build entry points outside .claude/ while the action runs on pull requests', async () => {
  const findings = await runRule(RULE, {
    '.github/workflows/review.yml': PR_WORKFLOW,
    '.claude/settings.json': SETTINGS
  })
  const msg = 'but .github/workflows/review.yml runs Claude on `pull_request`: the action restores `.claude/` from the base branch, not '
  expectFindings(findings, [
    { file: '.claude/settings.json', line: 4, column: 40, endColumn: 43, severity: 'medium', confidence: 'high', message: `PostToolUse hook runs \`npm run lint\`, ${msg}package.json` },
    { line: 6, column: 70, endColumn: 74, confidence: 'high', message: 'hook runs `make check`' },
    { line: 7, column: 40, endColumn: 61, confidence: 'high', message: 'hook runs `./scripts/ci-check.sh`, but .github/workflows/review.yml runs Claude on `pull_request`: the action restores `.claude/` from the base branch, not `scripts/ci-check.sh`' },
    { line: 8, column: 40, endColumn: 43, confidence: 'medium', message: 'hook runs `npx prettier`' },
    { line: 9, column: 40, endColumn: 42, confidence: 'medium', message: 'hook runs `uv run pytest`' },
    { line: 14, column: 40, endColumn: 98, confidence: 'high', message: 'SessionStart hook runs `$(git rev-parse --show-toplevel)/scripts/install-gh-cli.sh`' }
  ])
})

test('hook-runs-pr-code: a run whose `--setting-sources` leaves out `project` loads no project hooks', async () => {
  const settings = preToolUseSettings('npm run lint')
  const withArgs = (args: string): string => `${PR_WORKFLOW}          claude_args: ${args}\n`
  // Only the user's settings: the repository's hooks never load.
  expectFindings(await runRule(RULE, { '.github/workflows/review.yml': withArgs('--setting-sources user --max-turns 5'), '.claude/settings.json': settings }), [])
  // With project among them they do.
  expectFindings(await runRule(RULE, { '.github/workflows/review.yml': withArgs('--setting-sources user,project'), '.claude/settings.json': settings }), [
    { file: '.claude/settings.json', severity: 'medium', message: 'PreToolUse hook runs `npm run lint`, but .github/workflows/review.yml runs Claude on `pull_request`' }
  ])
  // A second workflow without the flag still loads them, and is the one named.
  expectFindings(
    await runRule(RULE, {
      '.github/workflows/review.yml': withArgs('--setting-sources user'),
      '.github/workflows/triage.yml': PR_WORKFLOW.replace('name: review', 'name: triage'),
      '.claude/settings.json': settings
    }),
    [{ file: '.claude/settings.json', message: 'but .github/workflows/triage.yml runs Claude' }]
  )
})

test('hook-runs-pr-code: a job that checks nothing out starts Claude where no project hook exists', async () => {
  const settings = preToolUseSettings('npm run lint')
  const noCheckout = PR_WORKFLOW.replace('      - uses: actions/checkout@v4\n', '      - run: rm -f .claude/settings.json\n')
  expectFindings(await runRule(RULE, { '.github/workflows/review.yml': noCheckout, '.claude/settings.json': settings }), [])
  // A clone in a script counts as a checkout.
  const cloned = PR_WORKFLOW.replace('      - uses: actions/checkout@v4\n', '      - run: gh repo clone "$GITHUB_REPOSITORY" .\n')
  expectFindings(await runRule(RULE, { '.github/workflows/review.yml': cloned, '.claude/settings.json': settings }), [
    { file: '.claude/settings.json', message: 'PreToolUse hook runs `npm run lint`' }
  ])
})

test('hook-runs-pr-code: a restored hook script that runs package scripts or repository scripts', async () => {
  const findings = await runRule(RULE, {
    '.github/workflows/review.yml': PR_WORKFLOW,
    '.claude/settings.json': JSON.stringify(
      {
        hooks: {
          PostToolUse: [
            { matcher: 'Edit|Write', hooks: [{ type: 'command', command: '"$CLAUDE_PROJECT_DIR"/.claude/hooks/post-edit.sh' }] },
            { matcher: 'Edit|Write', hooks: [{ type: 'command', command: 'python3 "$CLAUDE_PROJECT_DIR"/.claude/hooks/check.py' }] },
            { matcher: 'Edit|Write', hooks: [{ type: 'command', command: '"$CLAUDE_PROJECT_DIR"/.claude/hooks/local.sh' }] }
          ],
          Stop: [{ hooks: [{ type: 'command', command: '"$CLAUDE_PROJECT_DIR"/.claude/hooks/post-edit.sh' }] }]
        }
      },
      null,
      2
    ),
    '.claude/hooks/post-edit.sh': `#!/bin/bash
file=$(jq -r '.tool_input.file_path // empty')
[ -z "$file" ] && exit 0
cd "$CLAUDE_PROJECT_DIR"
npm run lint -- --fix "$file" >/dev/null 2>&1 # NOT OK: package.json is the PR's
./scripts/typecheck.sh "$file"
exit 0
`,
    '.claude/hooks/check.py': `import subprocess, sys
subprocess.run(["bash", "scripts/typecheck.sh"])  # NOT OK: scripts/ is the PR's
`,
    // OK: everything it runs is restored from the base branch too.
    '.claude/hooks/local.sh': `#!/bin/bash
"$CLAUDE_PROJECT_DIR"/.claude/hooks/lib/fmt.sh
jq -r .tool_input.file_path >> "$CLAUDE_PROJECT_DIR"/.claude/edits.log
`,
    '.claude/hooks/lib/fmt.sh': '#!/bin/bash\nexit 0\n',
    'scripts/typecheck.sh': '#!/bin/bash\ntsc --noEmit\n',
    'package.json': '{"scripts":{"lint":"eslint ."}}\n'
  })
  expectFindings(findings, [
    {
      file: '.claude/hooks/check.py',
      line: 2,
      column: 25,
      endColumn: 47,
      severity: 'medium',
      confidence: 'high',
      message:
        'PostToolUse hook script `.claude/hooks/check.py` runs `scripts/typecheck.sh`, but .github/workflows/review.yml runs Claude on `pull_request`: the action restores the script from the base branch, not `scripts/typecheck.sh`, so a pull request decides what this hook executes on the runner'
    },
    {
      file: '.claude/hooks/post-edit.sh',
      line: 5,
      column: 1,
      endColumn: 4,
      severity: 'medium',
      confidence: 'high',
      message:
        'PostToolUse hook script `.claude/hooks/post-edit.sh` runs `npm run lint`, but .github/workflows/review.yml runs Claude on `pull_request`: the action restores the script from the base branch, not package.json, so a pull request decides what this hook executes on the runner'
    }
  ])
})

test('hook-runs-pr-code: issue_comment and review events count; the message names them', async () => {
  const findings = await runRule(RULE, {
    '.github/workflows/claude.yml': `on:
  issue_comment:
    types: [created]
  pull_request_review_comment:
    types: [created]
  issues:
    types: [opened]
jobs:
  claude:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - uses: anthropics/claude-code-action@0123456789abcdef0123456789abcdef01234567 # v1.0.80
`,
    '.claude/settings.json': '{"hooks":{"Stop":[{"hooks":[{"type":"command","command":"yarn test"}]}]}}'
  })
  expectFindings(findings, [
    { line: 1, column: 58, endColumn: 62, message: '.github/workflows/claude.yml runs Claude on `pull_request_review_comment`, `issue_comment`' }
  ])
})

test('hook-runs-pr-code: no finding without a pull-request run of the v1 action, or for nested projects', async () => {
  const settings = '{"hooks":{"Stop":[{"hooks":[{"type":"command","command":"npm test"}]}]}}'
  // Only manual and issue triggers.
  expectFindings(
    await runRule(RULE, {
      '.github/workflows/c.yml': `on: [workflow_dispatch, issues]
jobs:
  c:
    runs-on: ubuntu-latest
    steps:
      - uses: anthropics/claude-code-action@v1
`,
      '.claude/settings.json': settings
    }),
    []
  )
  // v0 (@beta) does not restore .claude/ at all; the base action neither (other rules' concern).
  expectFindings(
    await runRule(RULE, {
      '.github/workflows/c.yml': `on: pull_request
jobs:
  a:
    runs-on: ubuntu-latest
    steps:
      - uses: anthropics/claude-code-action@beta
      - uses: anthropics/claude-code-base-action@v1
`,
      '.claude/settings.json': settings
    }),
    []
  )
  // The action starts Claude at the root: a nested project's settings are not loaded.
  expectFindings(
    await runRule(RULE, {
      '.github/workflows/review.yml': PR_WORKFLOW,
      'packages/web/.claude/settings.json': settings,
      '.claude/settings.json': '{"hooks":{"Stop":[{"hooks":[{"type":"command","command":"\\"$CLAUDE_PROJECT_DIR\\"/.claude/hooks/stop.sh"}]}]}}'
    }),
    []
  )
})

test('hook-runs-pr-code: flow-style workflow and exec-form hooks', async () => {
  const findings = await runRule(RULE, {
    '.github/workflows/r.yml': `{on: {pull_request_target: {}}, jobs: {r: {runs-on: ubuntu-latest, steps: [{uses: actions/checkout@v4}, {uses: anthropics/claude-code-action@v1}]}}}
`,
    '.claude/settings.json': '{"hooks":{"PreToolUse":[{"hooks":[{"type":"command","command":"node","args":["tools/guard.js"]}]}]}}'
  })
  expectFindings(findings, [{ line: 1, column: 79, endColumn: 93, message: 'PreToolUse hook runs `tools/guard.js`' }])
})

// File names used as data are not scripts the hook runs.
test("hook-runs-pr-code: a path used as data is not run (py protected)", async () => {
  const findings = await runRule(RULE, {
  ".claude/hooks/protect_files.py": "#!/usr/bin/env python3\n\"\"\"Block edits to files that must only change through review.\"\"\"\nimport json\nimport sys\n\nPROTECTED = [\n    \"scripts/release.sh\",\n    \"setup.py\",\n    \"src/config/settings.ts\",\n]\n\ndata = json.load(sys.stdin)\npath = data.get(\"tool_input\", {}).get(\"file_path\", \"\")\nif any(path.endswith(p) for p in PROTECTED):\n    print(f\"{path} is protected\", file=sys.stderr)\n    sys.exit(2)\nsys.exit(0)\n",
  ".claude/settings.json": preToolUseSettings("python3 \"$CLAUDE_PROJECT_DIR\"/.claude/hooks/protect_files.py", "Edit|Write"),
  ".github/workflows/claude.yml": "name: Claude\non:\n  pull_request:\n    types: [opened, synchronize]\njobs:\n  review:\n    runs-on: ubuntu-latest\n    permissions:\n      contents: read\n      pull-requests: write\n    steps:\n      - uses: actions/checkout@v4\n      - uses: anthropics/claude-code-action@v1\n        with:\n          anthropic_api_key: ${{ secrets.ANTHROPIC_API_KEY }}\n          prompt: Review this PR\n\n",
  "scripts/release.sh": "#!/bin/sh\necho release\n",
  "setup.py": "from setuptools import setup\nsetup()\n",
  "src/config/settings.ts": "export const x = 1\n"
  })
  expectFindings(findings, [])
})

test("hook-runs-pr-code: a path used as data is not run (sh protected)", async () => {
  const findings = await runRule(RULE, {
  ".claude/hooks/protect.sh": "#!/usr/bin/env bash\ninput=$(cat)\nfile=$(jq -r '.tool_input.file_path // empty' <<<\"$input\")\ncase \"$file\" in\n  */scripts/deploy.sh|*/migrations/*)\n    echo \"Editing $file is not allowed\" >&2\n    exit 2\n    ;;\nesac\nif [[ \"$file\" == *\"src/legacy/api.js\" ]]; then\n  echo \"legacy code is frozen\" >&2\n  exit 2\nfi\nif grep -qx \"$(basename \"$file\")\" .claude/protected.txt; then exit 2; fi\necho \"$file\" | grep -q \"tools/gen.py\" && { echo \"generated\" >&2; exit 2; }\nexit 0\n",
  ".claude/protected.txt": "secrets.json\n",
  ".claude/settings.json": preToolUseSettings("\"$CLAUDE_PROJECT_DIR\"/.claude/hooks/protect.sh", "Edit|Write"),
  ".github/workflows/claude.yml": "name: Claude\non:\n  pull_request:\n    types: [opened, synchronize]\njobs:\n  review:\n    runs-on: ubuntu-latest\n    permissions:\n      contents: read\n      pull-requests: write\n    steps:\n      - uses: actions/checkout@v4\n      - uses: anthropics/claude-code-action@v1\n        with:\n          anthropic_api_key: ${{ secrets.ANTHROPIC_API_KEY }}\n          prompt: Review this PR\n\n",
  "scripts/deploy.sh": "#!/bin/sh\necho deploy\n",
  "src/legacy/api.js": "module.exports = {}\n",
  "tools/gen.py": "print(1)\n"
  })
  expectFindings(findings, [])
})

test("hook-runs-pr-code: a path used as data is not run (sh readonly)", async () => {
  const findings = await runRule(RULE, {
  ".claude/hooks/post.sh": "#!/usr/bin/env bash\ninput=$(cat)\nfile=$(jq -r '.tool_input.file_path // empty' <<<\"$input\")\nif git diff --quiet -- scripts/deploy.sh; then :; fi\nexit 0\n",
  ".claude/settings.json": "{\"hooks\":{\"PostToolUse\":[{\"matcher\":\"Edit|Write\",\"hooks\":[{\"type\":\"command\",\"command\":\"\\\"$CLAUDE_PROJECT_DIR\\\"/.claude/hooks/post.sh\"}]}]}}\n",
  ".github/workflows/claude.yml": "name: Claude\non:\n  pull_request:\njobs:\n  review:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/checkout@v4\n      - uses: anthropics/claude-code-action@v1\n        with:\n          anthropic_api_key: ${{ secrets.ANTHROPIC_API_KEY }}\n",
  "scripts/deploy.sh": "#!/bin/sh\necho deploy\n"
  })
  expectFindings(findings, [])
})


test('hook-runs-pr-code: a fork or wrapper of the action is not said to restore .claude/', async () => {
  const findings = await runRule(RULE, {
    '.github/workflows/review.yml': PR_WORKFLOW.replace(
      '- uses: anthropics/claude-code-action@v1\n        with:\n',
      '- uses: ./.github/actions/claude-fork\n        with:\n          anthropic_api_key: ${{ secrets.KEY }}\n'
    ),
    '.claude/settings.json': SETTINGS
  })
  expectFindings(findings, [])
})
