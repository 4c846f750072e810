import { test } from 'node:test'
import { runRule, expectFindings, type Expected } from './harness.js'
import { REUSABLE_CALLERS } from './reusable-callers.js'

const RULE = 'model-not-pinned'

test('model-not-pinned: action runs without --model; v0 model input on @v1 is ignored', async () => {
  const findings = await runRule(RULE, {
    '.github/workflows/claude.yml': `on: [pull_request]
jobs:
  review:
    runs-on: ubuntu-latest
    steps:
      - uses: anthropics/claude-code-action@v1 # NOT OK
        with:
          prompt: review this PR
      - uses: anthropics/claude-code-action@v1 # NOT OK: v0 input
        with:
          model: claude-opus-4-8
      - uses: anthropics/claude-code-action@v1 # OK
        with:
          claude_args: --model claude-sonnet-4-6 --max-turns 5
      - uses: anthropics/claude-code-action@beta # OK: v0 honours model
        with:
          model: claude-sonnet-4-6
      - uses: anthropics/claude-code-action@v1 # OK: env
        env:
          ANTHROPIC_MODEL: claude-haiku-4-5
      - uses: anthropics/claude-code-action@v1 # OK: settings input
        with:
          settings: '{"model": "claude-sonnet-4-6"}'
      - run: claude -p "x" --model=opus # OK
      - run: claude -p "x" # NOT OK
`
  })
  expectFindings(findings, [
    { line: 6, column: 9, endLine: 6, endColumn: 47, severity: 'medium', message: 'does not choose a model (`--model`' },
    { line: 9, column: 9, message: '`model` is a v0 input' },
    { line: 25, column: 14, endColumn: 27, message: 'job review does not choose a model' }
  ])
})

test('model-not-pinned: a committed project model counts; agents without model are low', async () => {
  const findings = await runRule(RULE, {
    '.claude/settings.json': '{ "model": "claude-sonnet-4-6" }\n',
    '.github/workflows/claude.yml': 'on: [issues]\njobs:\n  t:\n    steps:\n      - uses: anthropics/claude-code-action@v1\n',
    '.claude/agents/helper.md': '---\nname: helper\ndescription: helps\n---\nDo things.\n',
    '.claude/agents/pinned.md': '---\nname: pinned\ndescription: x\nmodel: haiku\n---\n',
    '.claude/agents/README.md': '# not an agent (no name)\n'
  })
  expectFindings(findings, [{ file: '.claude/agents/helper.md', line: 2, column: 1, severity: 'low', message: 'agent helper has no `model`' }])
})

test('model-not-pinned: agents whose frontmatter is only leniently YAML still expose their model', async () => {
  const findings = await runRule(RULE, {
    '.claude/agents/gen.md':
      '---\nname: gen\ndescription: Use this agent when...\\n\\nExamples:\\n<example>\\nContext: x\\n</example>\nmodel: sonnet\n---\n',
    '.claude/agents/gen2.md': '---\nname: gen2\ndescription: Context: no model here\n---\n'
  })
  expectFindings(findings, [{ file: '.claude/agents/gen2.md', line: 2, column: 1, endColumn: 5, severity: 'low' }])
})

test('model-not-pinned: agent files Claude Code skips (no name, or no description) are not reported', async () => {
  const findings = await runRule(RULE, {
    '.claude/agents/helper.md': '---\nname: helper\ndescription: helps\n---\nDo things.\n', // NOT OK
    '.claude/agents/nodesc.md': '---\nname: nodesc\ntools: Read\n---\nSkipped: no description.\n', // OK
    '.claude/agents/noname.md': '---\ndescription: no name\n---\nSkipped: no name.\n' // OK
  })
  expectFindings(findings, [{ file: '.claude/agents/helper.md', line: 2, column: 1, severity: 'low', message: 'agent helper has no `model`' }])
})

test('model-not-pinned: a comment line in claude_args does not hide --model', async () => {
  const findings = await runRule(RULE, {
    '.github/workflows/claude.yml': `on: pull_request
jobs:
  review:
    runs-on: ubuntu-latest
    steps:
      - uses: anthropics/claude-code-action@v1 # OK
        with:
          prompt: review
          claude_args: |
            # Keep cost bounded
            --max-turns 5
            --model claude-sonnet-4-6
      - uses: anthropics/claude-code-action@v1 # NOT OK
        with:
          prompt: review
          claude_args: |
            --max-turns 5
            # --model claude-sonnet-4-6
`
  })
  expectFindings(findings, [
    { file: '.github/workflows/claude.yml', line: 13, column: 9, severity: 'medium', message: 'job review does not choose a model' }
  ])
})

test('model-not-pinned: ANTHROPIC_MODEL set on the command, exported, or written to $GITHUB_ENV counts', async () => {
  const findings = await runRule(RULE, {
    '.github/workflows/claude.yml': `on: pull_request
jobs:
  script:
    runs-on: ubuntu-latest
    steps:
      - run: ANTHROPIC_MODEL=claude-sonnet-4-6 claude -p "hi" # OK
      - run: env ANTHROPIC_MODEL=claude-sonnet-4-6 claude -p "hi" # OK
      - run: |
          export ANTHROPIC_MODEL=claude-sonnet-4-6
          claude -p "hi" # OK
      - run: |
          export ANTHROPIC_MODEL=claude-sonnet-4-6
          export -n ANTHROPIC_MODEL
          claude -p "hi" # NOT OK: no longer exported
  github-env:
    runs-on: ubuntu-latest
    steps:
      - run: echo "ANTHROPIC_MODEL=\${{ vars.MODEL }}" >> $GITHUB_ENV
      - run: claude -p "hi" # OK
      - uses: anthropics/claude-code-action@v1 # OK
        with: { prompt: review }
  heredoc:
    runs-on: ubuntu-latest
    steps:
      - run: |
          cat <<EOF >> "$GITHUB_ENV"
          ANTHROPIC_MODEL<<X
          claude-sonnet-4-6
          X
          EOF
      - run: claude -p "hi" # OK
  tee:
    runs-on: ubuntu-latest
    steps:
      - run: echo "ANTHROPIC_MODEL=claude-sonnet-4-6" | tee -a "$GITHUB_ENV"
      - run: claude -p "hi" # OK
`
  })
  expectFindings(findings, [
    { file: '.github/workflows/claude.yml', line: 14, column: 11, severity: 'medium', message: 'job script does not choose a model' }
  ])
})

test("model-not-pinned: another repository's wrapper of the action chooses the model through an input named for it", async () => {
  const findings = await runRule(RULE, {
    '.github/workflows/agent.yml': `on: issue_comment
jobs:
  plan:
    runs-on: ubuntu-latest
    steps:
      - uses: someone/claude-starter/.github/actions/run-claude@0123456789abcdef0123456789abcdef01234567 # OK: a model input
        with:
          claude_code_oauth_token: \${{ secrets.CLAUDE_CODE_OAUTH_TOKEN }}
          default_model: opus
      - uses: someone/claude-starter/.github/actions/run-claude@0123456789abcdef0123456789abcdef01234567 # NOT OK: only a fallback
        with:
          claude_code_oauth_token: \${{ secrets.CLAUDE_CODE_OAUTH_TOKEN }}
          fallback_model: sonnet
      - uses: someone/claude-starter/.github/actions/run-claude@0123456789abcdef0123456789abcdef01234567 # NOT OK: empty
        with:
          claude_code_oauth_token: \${{ secrets.CLAUDE_CODE_OAUTH_TOKEN }}
          default_model: ''
`
  })
  expectFindings(findings, [
    { file: '.github/workflows/agent.yml', line: 10, column: 9, message: 'Claude run in job plan does not choose a model' },
    { line: 14, column: 9, message: 'Claude run in job plan does not choose a model' }
  ])
})

test('model-not-pinned: a published action whose caller chooses the model through a MODEL variable is not reported', async () => {
  const action = (env: string): string =>
    ['name: review', 'inputs:', '  model: {default: ""}', 'runs:', '  using: composite', '  steps:', '    - shell: bash', '      env:', `        ${env}`, '      run: claude -p "review the diff" --max-turns 5', ''].join('\n')
  const findings = await runRule('model-not-pinned', {
    'a/action.yml': action('ANTHROPIC_MODEL: ${{ inputs.model }}'), // the caller picks it
    'b/action.yml': action('REVIEW_LANG: ${{ inputs.model }}') // NOT OK: no model variable
  })
  expectFindings(findings, [{ file: 'b/action.yml', line: 10, column: 12, message: /job \(whichever job uses b\/action\.yml\)/ }])
})

test('model-not-pinned: a reusable workflow is pinned when every caller passes `--model` through its inputs', async () => {
  const findings = await runRule('model-not-pinned', REUSABLE_CALLERS)
  // some.yml: caller d leaves `claude_args` out; dispatch.yml also starts without a caller; uncalled.yml has no caller here.
  expectFindings(findings, [
    { file: '.github/workflows/dispatch.yml', line: 12, column: 9, message: 'Claude run in job claude does not choose a model' },
    { file: '.github/workflows/some.yml', line: 11, column: 9, message: 'Claude run in job claude does not choose a model' },
    { file: '.github/workflows/uncalled.yml', line: 11, column: 9, message: 'Claude run in job claude does not choose a model' }
  ])
})

test('model-not-pinned: claude_args carrying a step output is pinned when every value the step writes has --model, and said to be unreadable when not known', async () => {
  const claude = (id: string, args: string): string => `      - id: ${id}
        uses: anthropics/claude-code-action@v1
        with:
          prompt: review
          claude_args: |
            ${args}
            --permission-mode acceptEdits
`
  const findings = await runRule(RULE, {
    '.github/workflows/claude.yml': `on: issue_comment
jobs:
  review:
    runs-on: ubuntu-latest
    steps:
      - id: select
        env:
          DEFAULT_MODEL: haiku
        run: |
          model="$DEFAULT_MODEL"
          if [[ "$BODY" == *opus* ]]; then model=opus; fi
          args="--model $model"
          if [[ "$model" != haiku ]]; then
            args="$args --effort high"
          fi
          { echo "model=$model"; echo "model_args=$args"; } >> "$GITHUB_OUTPUT"
      - id: partial
        run: |
          args=""
          if [ -n "$PIN" ]; then args="--model claude-sonnet-4-6"; fi
          echo "model_args=$args" >> $GITHUB_OUTPUT
          echo 'fixed=--verbose' >> $GITHUB_OUTPUT
          echo "computed=$(./pick-args.sh)" >> $GITHUB_OUTPUT
${claude('ok', '${{ steps.select.outputs.model_args }}')}${claude('somepaths', '${{ steps.partial.outputs.model_args }}')}${claude('nomodel', '${{ steps.partial.outputs.fixed }}')}${claude('computed', '${{ steps.partial.outputs.computed }}')}${claude('vars', '${{ vars.CLAUDE_ARGS }}')}${claude('value', '--append-system-prompt ${{ steps.select.outputs.model }}')}${claude('later', '${{ steps.after.outputs.args }}')}      - id: after
        run: echo "args=--model opus" >> $GITHUB_OUTPUT
`
  })
  // ok: every value of model_args starts `--model $model`; computed and vars: not known (said so, medium confidence).
  // somepaths: one path leaves it empty; nomodel: known without one; value: the output is a flag's value;
  // later: a step after the run gives it nothing (the output is empty when Claude runs).
  const untold = (line: number, expression: string): Expected => ({
    line,
    column: 9,
    severity: 'medium',
    confidence: 'medium',
    message: `Claude run in job review chooses no model the audit can see: its \`claude_args\` take flags from \`${expression}\`, which cannot be read here; unless that value carries \`--model\`, it runs on whatever the default is that day`
  })
  expectFindings(findings, [
    { line: 32, column: 9, confidence: 'high', message: 'Claude run in job review does not choose a model' },
    { line: 39, column: 9, message: 'Claude run in job review does not choose a model' },
    untold(46, '${{ steps.partial.outputs.computed }}'),
    untold(53, '${{ vars.CLAUDE_ARGS }}'),
    { line: 60, column: 9, message: 'Claude run in job review does not choose a model' },
    { line: 67, column: 9, message: 'Claude run in job review does not choose a model' }
  ])
})

test('model-not-pinned: a local action several jobs run is one finding at its run, naming each job', async () => {
  const findings = await runRule('model-not-pinned', {
    '.github/actions/cc/action.yml': `name: cc
runs:
  using: composite
  steps:
    - shell: bash
      run: claude -p "review" --max-turns 3
`,
    '.github/workflows/a.yml': `on: push
jobs:
  one:
    runs-on: ubuntu-latest
    steps:
      - uses: ./.github/actions/cc
  two:
    runs-on: ubuntu-latest
    steps:
      - uses: ./.github/actions/cc
`
  })
  expectFindings(findings, [
    {
      file: '.github/actions/cc/action.yml',
      line: 6,
      column: 12,
      message: 'Claude run in job one, two does not choose a model'
    }
  ])
})

test('model-not-pinned: under a v0 release the message names its model input', async () => {
  const findings = await runRule('model-not-pinned', {
    '.github/workflows/claude.yml': `on: issues
jobs:
  beta:
    runs-on: ubuntu-latest
    steps:
      - uses: anthropics/claude-code-action@beta
        with:
          direct_prompt: triage
  pinned:
    runs-on: ubuntu-latest
    steps:
      - uses: anthropics/claude-code-action@beta
        with:
          direct_prompt: triage
          model: claude-sonnet-4-6
`
  })
  expectFindings(findings, [
    {
      line: 6,
      column: 9,
      message:
        'Claude run in job beta does not choose a model (the `model` input of @beta, a v0 release of the Claude action, `ANTHROPIC_MODEL` or settings `model`)'
    }
  ])
})

test('model-not-pinned: claude -p and Agent SDK sessions in the repository that no workflow runs', async () => {
  const findings = await runRule(RULE, {
    'scripts/ralph.sh': [
      '#!/bin/bash',
      'while true; do',
      '  claude --dangerously-skip-permissions -p "$(cat PROMPT.md)" # NOT OK',
      '  claude -p "review" --model claude-sonnet-4-6 # OK',
      '  out=$(claude --print "summarise") # NOT OK',
      'done',
      ''
    ].join('\n'),
    'scripts/env.sh': 'export ANTHROPIC_MODEL=claude-sonnet-4-6\nclaude -p "review" # OK: the environment chooses\n',
    'examples/try.sh': 'claude -p "hello" # NOT OK: low, run by hand if at all\n',
    'tools/ask.py': [
      'import subprocess',
      'def ask(prompt):',
      '    return subprocess.run(["claude", "-p", prompt], capture_output=True).stdout  # NOT OK',
      'def pinned(prompt):',
      '    return subprocess.run(["claude", "-p", prompt, "--model", "haiku"])  # OK',
      ''
    ].join('\n'),
    'agent/run.py': [
      'from claude_agent_sdk import query, ClaudeAgentOptions',
      'async def main(prompt):',
      '    async for m in query(prompt=prompt, options=ClaudeAgentOptions(permission_mode="dontAsk")):  # NOT OK',
      '        print(m)',
      '    async for m in query(prompt=prompt, options=ClaudeAgentOptions(model="claude-sonnet-4-6")):  # OK',
      '        print(m)',
      ''
    ].join('\n')
  })
  expectFindings(findings, [
    {
      file: 'agent/run.py',
      line: 3,
      column: 20,
      severity: 'medium',
      message:
        'Agent SDK session `query` does not choose a model (`model` option, `ANTHROPIC_MODEL` or settings `model`): it runs unattended on whatever the default is that day'
    },
    { file: 'examples/try.sh', line: 1, column: 1, severity: 'low', message: '`claude -p` started by examples/try.sh in examples/' },
    {
      file: 'scripts/ralph.sh',
      line: 3,
      column: 3,
      severity: 'medium',
      message:
        '`claude -p` started by scripts/ralph.sh does not choose a model (`--model`, `ANTHROPIC_MODEL` or settings `model`): it runs unattended on whatever the default is that day'
    },
    { file: 'scripts/ralph.sh', line: 5, column: 9, severity: 'medium', message: '`claude -p` started by scripts/ralph.sh' },
    { file: 'tools/ask.py', line: 3, column: 28, severity: 'medium', message: '`claude -p` started by tools/ask.py' }
  ])
  // The project's settings `model` chooses for every run in the repository.
  expectFindings(await runRule(RULE, { 'scripts/ralph.sh': 'claude -p "x"\n', '.claude/settings.json': '{ "model": "claude-sonnet-4-6" }\n' }), [])
})

test('model-not-pinned: a script a workflow runs is judged as that workflow\'s run, once', async () => {
  const findings = await runRule(RULE, {
    '.github/workflows/ai.yml': `on: push
jobs:
  ai:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - run: ./scripts/ai.sh
`,
    'scripts/ai.sh': 'claude -p "summarise" --max-turns 2 # NOT OK: the run of job ai\n'
  })
  expectFindings(findings, [{ file: 'scripts/ai.sh', line: 1, column: 1, severity: 'medium', message: 'Claude run in job ai does not choose a model' }])
})
