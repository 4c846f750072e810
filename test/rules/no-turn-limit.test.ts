import { test } from 'node:test'
import assert from 'node:assert/strict'
import { runRule, expectFindings, type Expected } from './harness.js'
import { REUSABLE_CALLERS } from './reusable-callers.js'

const RULE = 'no-turn-limit'

// --- Workflows --------------------------------------------------------------

test('no-turn-limit: unattended workflow runs without a cap', async () => {
  const findings = await runRule(RULE, {
    '.github/workflows/claude.yml': `on: pull_request
jobs:
  review:
    runs-on: ubuntu-latest
    steps:
      - uses: anthropics/claude-code-action@v1 # NOT OK: prompt, no cap
        with:
          prompt: /review
          claude_args: --model claude-sonnet-4-5
  v0input:
    runs-on: ubuntu-latest
    steps:
      - uses: anthropics/claude-code-action@v1 # NOT OK: max_turns is a v0 input
        with:
          prompt: /review
          max_turns: 5
  cli:
    runs-on: ubuntu-latest
    steps:
      - run: |
          npm ci
          claude -p "summarise the diff" # NOT OK
  base:
    runs-on: ubuntu-latest
    steps:
      - uses: anthropics/claude-code-base-action@beta # NOT OK
        with: { prompt: triage }
`
  })
  expectFindings(findings, [
    {
      file: '.github/workflows/claude.yml',
      line: 6,
      column: 9,
      severity: 'high',
      message: 'unattended Claude run in job review has no `--max-turns` or `--max-budget-usd` cap'
    },
    {
      file: '.github/workflows/claude.yml',
      line: 13,
      column: 9,
      message: 'job v0input has no effective turn cap: `max_turns` is a v0 input that @v1 ignores'
    },
    { file: '.github/workflows/claude.yml', line: 22, column: 11, message: 'job cli' },
    { file: '.github/workflows/claude.yml', line: 26, column: 9, message: 'job base' }
  ])
})

test('no-turn-limit: capped or interactive workflow runs pass', async () => {
  const findings = await runRule(RULE, {
    '.github/workflows/ok.yml': `on: [issue_comment, pull_request]
jobs:
  turns:
    runs-on: ubuntu-latest
    steps:
      - uses: anthropics/claude-code-action@v1
        with:
          prompt: /review
          claude_args: --max-turns 10
  budget:
    runs-on: ubuntu-latest
    steps:
      - uses: anthropics/claude-code-action@v1
        with:
          prompt: /review
          claude_args: |
            --max-budget-usd 3
  env:
    runs-on: ubuntu-latest
    env:
      CLAUDE_CODE_MAX_TURNS: "20"
    steps:
      - uses: anthropics/claude-code-action@v1
        with:
          prompt: /review
  v0:
    runs-on: ubuntu-latest
    steps:
      - uses: anthropics/claude-code-action@beta
        with:
          direct_prompt: /review
          max_turns: "8"
  mention:
    runs-on: ubuntu-latest
    steps:
      - uses: anthropics/claude-code-action@v1
  cli:
    runs-on: ubuntu-latest
    steps:
      - run: claude -p "hi" --max-turns 3
`
  })
  expectFindings(findings, [])
})

// --- Agent SDK: TypeScript ------------------------------------------------------

test('no-turn-limit: TypeScript Agent SDK query() without maxTurns or maxBudgetUsd', async () => {
  const findings = await runRule(RULE, {
    'scripts/triage.ts': `import { query } from '@anthropic-ai/claude-agent-sdk'

for await (const msg of query({ prompt: 'triage the issues', options: { model: 'claude-sonnet-4-5' } })) { // NOT OK
  console.log(msg)
}

for await (const msg of query({
  prompt: 'nested caps do not count',
  options: {
    agents: { helper: { description: 'x', prompt: 'y', maxTurns: 3 } }
  }
})) {} // NOT OK (line 7)

const stream = query({ prompt: 'no options at all' }) // NOT OK
`,
    'scripts/alias.mjs': `import { query as runAgent } from "@anthropic-ai/claude-agent-sdk";
import * as sdk from "@anthropic-ai/claude-agent-sdk";
const { query: q } = await import("@anthropic-ai/claude-agent-sdk");
const base = { cwd: "/tmp" };
runAgent({ prompt: "a", options: base }); // NOT OK: resolved constant without a cap
sdk.query({ prompt: "b", options: {} }); // NOT OK
q({ prompt: "c" }); // NOT OK
`
  })
  expectFindings(findings, [
    {
      file: 'scripts/alias.mjs',
      line: 5,
      column: 1,
      endColumn: 9,
      severity: 'high',
      message:
        'Agent SDK session `runAgent` has no `maxTurns` or `maxBudgetUsd` option: the agent loop runs until the model stops'
    },
    { file: 'scripts/alias.mjs', line: 6, column: 5, endColumn: 10, message: '`query`' },
    { file: 'scripts/alias.mjs', line: 7, column: 1, message: '`q`' },
    {
      file: 'scripts/triage.ts',
      line: 3,
      column: 25,
      endLine: 3,
      endColumn: 30,
      message: '`query` has no `maxTurns` or `maxBudgetUsd` option'
    },
    { file: 'scripts/triage.ts', line: 7, column: 25 },
    { file: 'scripts/triage.ts', line: 14, column: 16 }
  ])
})

test('no-turn-limit: TypeScript Agent SDK passing cases', async () => {
  const findings = await runRule(RULE, {
    'agent.ts': `import { query, type Options } from '@anthropic-ai/claude-agent-sdk'

const options: Options = { maxTurns: 20, model: 'claude-sonnet-4-5' }
query({ prompt: 'a', options }) // OK: shorthand, resolved
query({ prompt: 'b', options: { maxBudgetUsd: 2 } }) // OK
query({ prompt: 'c', options: { ...shared, model: 'x' } }) // OK: spread may carry the cap
query({ prompt: 'd', options: makeOptions() }) // OK: built elsewhere
query(params) // OK: unknown parameters
// OK: SDK code inside a string (a script generated for a sandbox) is not a call here
const script = \`
import { query } from '@anthropic-ai/claude-agent-sdk';
const g = query({ prompt, options: { cwd: '/sandbox' } });
\`
`,
    // OK: a local function called query, not the SDK
    'db.ts': `import Anthropic from '@anthropic-ai/sdk'\nfunction query(sql: string) { return sql }\nquery('select 1')\n`,
    // OK: tests are not scanned
    'test/agent.test.ts': `import { query } from '@anthropic-ai/claude-agent-sdk'\nquery({ prompt: 'x' })\n`
  })
  expectFindings(findings, [])
})

// --- Agent SDK: Python ----------------------------------------------------------

test('no-turn-limit: Python Agent SDK query() and ClaudeSDKClient without a cap', async () => {
  const findings = await runRule(RULE, {
    'bot/main.py': `import anyio
from claude_agent_sdk import (
    ClaudeAgentOptions,
    ClaudeSDKClient,
    query,
)


async def one_shot():
    async for message in query(prompt="fix the tests", options=ClaudeAgentOptions(model="sonnet")):  # NOT OK
        print(message)


async def chat():
    options = ClaudeAgentOptions(allowed_tools=["Read"])
    async with ClaudeSDKClient(options=options) as client:  # NOT OK
        await client.query("hello")


async def bare():
    async with ClaudeSDKClient() as client:  # NOT OK: default options have no cap
        await client.query("hello")


async def rebound():
    options = ClaudeAgentOptions(model="haiku")  # the nearest binding before the call counts
    async for message in query(
        prompt="x",
        options=options,
    ):  # NOT OK (reported at line 27)
        pass
`,
    'bot/types.py': `from claude_agent_sdk import query
from claude_agent_sdk.types import ClaudeAgentOptions

OPTS = ClaudeAgentOptions(cwd=".")
query(prompt="x", options=OPTS)  # NOT OK: options class imported from a submodule
`,
    'bot/legacy.py': `import claude_code_sdk as sdk

async def run():
    async for m in sdk.query(prompt="x", options=sdk.ClaudeCodeOptions(cwd=".")):  # NOT OK
        pass
`
  })
  expectFindings(findings, [
    {
      file: 'bot/legacy.py',
      line: 4,
      column: 24,
      endColumn: 29,
      message: 'Agent SDK session `query` has no `max_turns` or `max_budget_usd` option'
    },
    {
      file: 'bot/main.py',
      line: 10,
      column: 26,
      endColumn: 31,
      severity: 'high',
      confidence: 'high',
      message: '`query` has no `max_turns` or `max_budget_usd` option'
    },
    { file: 'bot/main.py', line: 16, column: 16, endColumn: 31, confidence: 'medium', message: '`ClaudeSDKClient`' },
    { file: 'bot/main.py', line: 21, column: 16, confidence: 'medium', message: '`ClaudeSDKClient`' },
    { file: 'bot/main.py', line: 27, column: 26, confidence: 'high', message: '`query`' },
    { file: 'bot/types.py', line: 5, column: 1, message: '`query`' }
  ])
})

test('no-turn-limit: Python Agent SDK passing cases', async () => {
  const findings = await runRule(RULE, {
    'agent.py': `from claude_agent_sdk import ClaudeAgentOptions, ClaudeSDKClient, query
from claude_agent_sdk import query as ask


async def capped():
    options = ClaudeAgentOptions(max_turns=10)
    async with ClaudeSDKClient(options) as client:  # OK: positional options with a cap
        pass


async def budget():
    options = ClaudeAgentOptions(model="sonnet")
    options.max_budget_usd = 2.0  # OK: set after construction
    async for m in ask(prompt="x", options=options):
        pass


async def spread(extra):
    async for m in query(prompt="x", options=ClaudeAgentOptions(**extra)):  # OK: unknown
        pass


async def unknown(opts):
    async for m in query(prompt="x", options=opts):  # OK: built elsewhere
        pass


def query_db(query):  # OK: not a call of the SDK
    return query
`,
    // OK: another library's query()
    'other.py': `import anthropic\nfrom sqlalchemy import query\nquery(prompt="x")\n`
  })
  expectFindings(findings, [])
})

test('no-turn-limit: malformed SDK code does not break the rule', async () => {
  const findings = await runRule(RULE, {
    'broken.ts': `import { query } from '@anthropic-ai/claude-agent-sdk'\nquery({ prompt: 'x', options: {`,
    'broken.py': `from claude_agent_sdk import query\nquery(prompt="x", options=ClaudeAgentOptions(`,
    'empty.py': ''
  })
  expectFindings(findings, [])
})

// --- Caps set where the action or the shell reads them -------------------------

test('no-turn-limit: a whole-line comment in claude_args does not hide the flags after it', async () => {
  const findings = await runRule(RULE, {
    '.github/workflows/claude.yml': `on: pull_request
jobs:
  review:
    runs-on: ubuntu-latest
    steps:
      - uses: anthropics/claude-code-action@v1 # OK: --max-turns after a comment line
        with:
          prompt: review
          claude_args: |
            # Keep cost bounded
            --max-turns 5
            --model claude-sonnet-4-6
      - uses: anthropics/claude-code-action@v1 # NOT OK: the cap is inside the comment
        with:
          prompt: review
          claude_args: |
            # --max-turns 5
            --model claude-sonnet-4-6
`
  })
  expectFindings(findings, [
    { file: '.github/workflows/claude.yml', line: 13, column: 9, severity: 'high', message: 'job review has no `--max-turns`' }
  ])
})

test('no-turn-limit: CLAUDE_CODE_MAX_TURNS set by the script, the command or $GITHUB_ENV counts', async () => {
  const findings = await runRule(RULE, {
    '.github/workflows/claude.yml': `on: pull_request
jobs:
  prefix:
    runs-on: ubuntu-latest
    steps:
      - run: CLAUDE_CODE_MAX_TURNS=3 npx -y @anthropic-ai/claude-code@2.1.0 --print "hi" # OK
      - run: env CLAUDE_CODE_MAX_TURNS=3 claude -p "hi" # OK
      - run: |
          export CLAUDE_CODE_MAX_TURNS=10
          claude -p "hi" # OK
      - run: |
          claude -p "before the export" # NOT OK
          export CLAUDE_CODE_MAX_TURNS=10
      - run: |
          f() { export CLAUDE_CODE_MAX_TURNS=4; }
          claude -p "function never called" # NOT OK
  github-env:
    runs-on: ubuntu-latest
    steps:
      - uses: anthropics/claude-code-action@v1 # NOT OK: written by a later step
        with: { prompt: review }
      - run: echo "CLAUDE_CODE_MAX_TURNS=8" >> "$GITHUB_ENV"
      - uses: anthropics/claude-code-action@v1 # OK
        with: { prompt: review }
      - run: claude -p "hi" # OK
  other-job:
    runs-on: ubuntu-latest
    steps:
      - run: claude -p "hi" # NOT OK: $GITHUB_ENV is per job
`
  })
  expectFindings(findings, [
    { file: '.github/workflows/claude.yml', line: 12, column: 11, severity: 'high', message: 'job prefix has no' },
    { file: '.github/workflows/claude.yml', line: 16, column: 11, message: 'job prefix has no' },
    { file: '.github/workflows/claude.yml', line: 20, column: 9, message: 'job github-env has no' },
    { file: '.github/workflows/claude.yml', line: 29, column: 14, message: 'job other-job has no' }
  ])
})

// --- Agent SDK code the old token scanner misread (now read from syntax trees) ---

test('no-turn-limit: a query() in a JSX attribute after a backtick in JSX text', async () => {
  const findings = await runRule(RULE, {
    'web/Console.tsx': `import { query } from '@anthropic-ai/claude-agent-sdk'

export function Console() {
  return (
    <div>
      <p>Press <kbd>\`</kbd> to open the console.</p>
      <button onClick={() => query({ prompt: 'go', options: { cwd: '.' } })}>Run</button>
    </div>
  )
}
`
  })
  // The lone backtick is JSX text, not the start of a template literal.
  expectFindings(findings, [{ file: 'web/Console.tsx', line: 7, column: 30, endColumn: 35, message: '`query` has no `maxTurns`' }])
})

test('no-turn-limit: regex literals with quotes and slashes inside template substitutions', async () => {
  const findings = await runRule(RULE, {
    'agent/title.ts': `import { query } from '@anthropic-ai/claude-agent-sdk'

const title = \`Review of \${name.replace(/'/g, '')}\`
for await (const m of query({ prompt: title, options: { cwd: '.' } })) {} // NOT OK
const footer = \`done\`
`,
    'agent/hosts.ts': `import { query } from '@anthropic-ai/claude-agent-sdk'

const list = \`\${hosts.map((h) => \`- \${h.replace(/^https?:\\/\\//, '')}\`).join('\\n')}\`
const run = query({ prompt: list, options: { model: 'sonnet' } }) // NOT OK
const done = \`ok\`
`
  })
  expectFindings(findings, [
    { file: 'agent/hosts.ts', line: 4, column: 13, message: '`query` has no `maxTurns`' },
    { file: 'agent/title.ts', line: 4, column: 23, message: '`query` has no `maxTurns`' }
  ])
})

test('no-turn-limit: a Python f-string with nested quotes over several lines (PEP 701)', async () => {
  const findings = await runRule(RULE, {
    'bot/review.py': `from claude_agent_sdk import ClaudeAgentOptions, query

options = ClaudeAgentOptions(
    system_prompt=f"You review {
        ", ".join(LANGUAGES)
    } code.",
    cwd=".",
)


async def main():
    async for m in query(prompt="go", options=options):  # NOT OK
        print(m)
`
  })
  expectFindings(findings, [{ file: 'bot/review.py', line: 12, column: 20, message: '`query` has no `max_turns`' }])
})

test('no-turn-limit: options behind TypeScript casts and type arguments', async () => {
  const findings = await runRule(RULE, {
    'agent/cast.ts': `import { query, type Options } from '@anthropic-ai/claude-agent-sdk'

const options = { model: 'sonnet' } as Options
query({ prompt: 'a', options }) // NOT OK
query({ prompt: 'b', options: <Options>{ cwd: '.' } }) // NOT OK
query({ prompt: 'c', options: { cwd: '.' } satisfies Options }) // NOT OK
query<Message>({ prompt: 'd', options: { cwd: '.' } }) // NOT OK
query({ prompt: 'e', options: { maxTurns: 3 } as Options }) // OK
query({ prompt: 'f', options: capped as Options }) // OK: built elsewhere
`
  })
  expectFindings(findings, [
    { file: 'agent/cast.ts', line: 4, column: 1 },
    { file: 'agent/cast.ts', line: 5, column: 1 },
    { file: 'agent/cast.ts', line: 6, column: 1 },
    { file: 'agent/cast.ts', line: 7, column: 1 }
  ])
})

test('no-turn-limit: a short timeout-minutes bounds a runaway session (medium, named); a long one does not', async () => {
  const job = (timeout: string, stepTimeout = ''): string => `    runs-on: ubuntu-latest
${timeout}    steps:
      - uses: anthropics/claude-code-action@v1
${stepTimeout}        with:
          prompt: /review
`
  const findings = await runRule(RULE, {
    '.github/workflows/claude.yml': `on: pull_request
jobs:
  short:
${job('    timeout-minutes: 15\n')}  step:
${job('', '        timeout-minutes: 20\n')}  long:
${job('    timeout-minutes: 120\n')}  expr:
${job('    timeout-minutes: ${{ inputs.t }}\n')}`
  })
  expectFindings(findings, [
    {
      line: 7,
      severity: 'medium',
      message:
        'unattended Claude run in job short has no `--max-turns` or `--max-budget-usd` cap: only the 15-minute `timeout-minutes` of the job stops a runaway session, which spends freely until then'
    },
    { line: 13, severity: 'medium', message: 'only the 20-minute `timeout-minutes` of the step stops' },
    { line: 21, severity: 'high', message: 'a runaway session has no hard stop' },
    { line: 28, severity: 'high', message: 'a runaway session has no hard stop' }
  ])
})

test('no-turn-limit: Agent SDK code in an example folder is medium and says so', async () => {
  const findings = await runRule(RULE, {
    'src/examples/hello-agent.ts': `import { query } from '@anthropic-ai/claude-agent-sdk'

for await (const m of query({ prompt: 'say hello', options: { allowedTools: [] } })) console.log(m)
`,
    'src/agents/triage.ts': `import { query } from '@anthropic-ai/claude-agent-sdk'

for await (const m of query({ prompt: 'triage', options: { allowedTools: ['Read'] } })) console.log(m)
`
  })
  expectFindings(findings, [
    { file: 'src/agents/triage.ts', line: 3, column: 23, severity: 'high', message: 'Agent SDK session `query` has no `maxTurns`' },
    {
      file: 'src/examples/hello-agent.ts',
      line: 3,
      column: 23,
      severity: 'medium',
      message: 'Agent SDK session `query` in src/examples/, an example folder run by hand if at all, has no `maxTurns` or `maxBudgetUsd` option'
    }
  ])
})

test('no-turn-limit: a script that hands a claude command line in an array to its own wrapper', async () => {
  const findings = await runRule('no-turn-limit', {
    '.github/workflows/nightly.yml': `on:
  schedule:
    - cron: '0 3 * * *'
jobs:
  run:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - run: ./scripts/dispatch.sh
`,
    'scripts/dispatch.sh': [
      '#!/usr/bin/env bash',
      'run_with_timeout() { local t="$1"; shift; timeout "$t" "$@"; }',
      'cmd=(claude -p "$PROMPT" --output-format json)',
      'run_with_timeout 600 "${cmd[@]}"',
      ''
    ].join('\n')
  })
  expectFindings(findings, [{ file: 'scripts/dispatch.sh', line: 4, column: 1, severity: 'high', message: /^unattended Claude run in job run has no `--max-turns`/ }])
})

// Pending the fix in callerMayAdd (src/analysis/claude-run.ts, owned by another change): an
// `${{ inputs.X }}` inside double quotes is one word (`--model "${{ inputs.model }}"`), and an input
// in an `env:` value that the command line does not expand cannot add flags either.
test(
  'no-turn-limit: claude -p in a published action whose inputs fill quoted words and env values only',
  async () => {
    const findings = await runRule(RULE, {
      'action/action.yml': [
        'name: flow',
        'inputs:',
        '  api-key: {required: true}',
        '  model: {default: claude-sonnet-4-6}',
        'runs:',
        '  using: composite',
        '  steps:',
        '    - shell: bash',
        '      env:',
        '        ANTHROPIC_API_KEY: ${{ inputs.api-key }}',
        '      run: |',
        '        if claude -p --dangerously-skip-permissions --model "${{ inputs.model }}" "$(cat flow.txt)"; then', // NOT OK: no cap
        '          echo ok',
        '        fi',
        ''
      ].join('\n')
    })
    expectFindings(findings, [
      { file: 'action/action.yml', line: 12, column: 12, message: 'unattended Claude run in job (whichever job uses action/action.yml) has no `--max-turns`' }
    ])
  }
)

test('no-turn-limit: a published action whose caller splices words into the command (unquoted input, or env expanded unquoted) may add the cap', async () => {
  const action = (run: string, env = ''): string =>
    ['name: flow', 'inputs:', '  flags: {default: ""}', 'runs:', '  using: composite', '  steps:', '    - shell: bash', ...(env ? ['      env:', `        ${env}`] : []), `      run: ${run}`, ''].join('\n')
  const findings = await runRule(RULE, {
    'a/action.yml': action('claude -p ${{ inputs.flags }} "review"'), // may add --max-turns
    'b/action.yml': action('claude -p $EXTRA "review"', 'EXTRA: ${{ inputs.flags }}'), // split too
    'c/action.yml': action('claude -p "$EXTRA" "review"', 'EXTRA: ${{ inputs.flags }}') // NOT OK: one quoted word
  })
  expectFindings(findings, [{ file: 'c/action.yml', line: 10, message: 'unattended Claude run in job (whichever job uses c/action.yml) has no `--max-turns`' }])
})

test('no-turn-limit: a published action whose caller chooses only the model (a MODEL variable from an input) cannot add the cap', async () => {
  const findings = await runRule(RULE, {
    'a/action.yml': [
      'name: review',
      'inputs:',
      '  model: {default: claude-sonnet-4-6}',
      'runs:',
      '  using: composite',
      '  steps:',
      '    - shell: bash',
      '      env:',
      '        ANTHROPIC_MODEL: ${{ inputs.model }}',
      '      run: claude -p "review the diff"', // NOT OK: the caller sets the model, nothing else
      ''
    ].join('\n')
  })
  expectFindings(findings, [{ file: 'a/action.yml', line: 10, column: 12, message: 'unattended Claude run in job (whichever job uses a/action.yml) has no `--max-turns`' }])
})

test('no-turn-limit: an Agent SDK session inside a time limit in the code is medium and names the limit', async () => {
  const findings = await runRule(RULE, {
    'bot/agent.py': `import asyncio
import os
from anyio import fail_after
from claude_agent_sdk import query, ClaudeAgentOptions

QUERY_TIMEOUT = int(os.environ.get("QUERY_TIMEOUT", "120"))
OPTS = ClaudeAgentOptions(model="claude-sonnet-4-6")


async def bounded():
    async with asyncio.timeout(120):
        async for m in query(prompt="a", options=OPTS):
            print(m)


async def named():
    async with asyncio.timeout(QUERY_TIMEOUT):
        async for m in query(prompt="b", options=OPTS):
            print(m)


async def waited():
    return await asyncio.wait_for(collect(query(prompt="c", options=OPTS)), timeout=30)


async def anyio_bound():
    with fail_after(600):
        async for m in query(prompt="d", options=OPTS):
            print(m)


async def no_limit():
    async with asyncio.timeout(None):
        async for m in query(prompt="e", options=OPTS):
            print(m)


async def later():
    async with asyncio.timeout(5):
        def run_later():
            return query(prompt="f", options=OPTS)
    return run_later()


async def beside():
    async with asyncio.timeout(5):
        pass
    async for m in query(prompt="g", options=OPTS):
        print(m)


async def chosen(limit):
    ctx = (
        asyncio.timeout(limit)
        if limit is not None
        else contextlib.nullcontext()
    )
    async with ctx:
        async for m in query(prompt="h", options=OPTS):
            print(m)
`,
    'bot/agent.ts': `import { query } from '@anthropic-ai/claude-agent-sdk'

export async function run(prompt: string) {
  const controller = new AbortController()
  const timer = setTimeout(() => controller.abort(), 90_000)
  for await (const m of query({ prompt, options: { model: 'claude-sonnet-4-6', abortController: controller } })) console.log(m)
  clearTimeout(timer)
}

export async function unbounded(prompt: string) {
  const controller = new AbortController()
  for await (const m of query({ prompt, options: { model: 'claude-sonnet-4-6', abortController: controller } })) console.log(m)
}
`
  })
  const bounded = (line: number, column: number, bound: string): Expected => ({
    file: 'bot/agent.py',
    line,
    column,
    severity: 'medium',
    message: `Agent SDK session \`query\` has no \`max_turns\` or \`max_budget_usd\` option: only ${bound} around it stops a runaway session, which spends freely until then`
  })
  expectFindings(findings, [
    bounded(12, 24, 'the 2-minute `asyncio.timeout(120)`'),
    bounded(18, 24, '`asyncio.timeout(QUERY_TIMEOUT)`'),
    bounded(23, 43, 'the 30-second `asyncio.wait_for(…, timeout=30)`'),
    bounded(28, 24, 'the 10-minute `fail_after(600)`'),
    { file: 'bot/agent.py', line: 34, column: 24, severity: 'high', message: 'Agent SDK session `query` has no `max_turns` or `max_budget_usd` option: the agent loop runs' },
    { file: 'bot/agent.py', line: 41, column: 20, severity: 'high', message: 'Agent SDK session `query` has no `max_turns` or `max_budget_usd` option: the agent loop runs' },
    { file: 'bot/agent.py', line: 48, column: 20, severity: 'high', message: 'Agent SDK session `query` has no `max_turns` or `max_budget_usd` option: the agent loop runs' },
    bounded(59, 24, '`asyncio.timeout(limit)` (set when `limit is not None`)'),
    {
      file: 'bot/agent.ts',
      line: 6,
      column: 25,
      severity: 'medium',
      message: 'Agent SDK session `query` has no `maxTurns` or `maxBudgetUsd` option: only the 90-second `setTimeout(() => controller.abort(), 90_000)` around it stops a runaway session'
    },
    { file: 'bot/agent.ts', line: 12, column: 25, severity: 'high', message: 'Agent SDK session `query` has no `maxTurns` or `maxBudgetUsd` option: the agent loop runs' }
  ])
})

test('no-turn-limit: a reusable workflow is capped when every caller passes a cap through its inputs', async () => {
  const findings = await runRule(RULE, REUSABLE_CALLERS)
  // some.yml: caller d leaves `claude_args` out; dispatch.yml also starts without a caller; uncalled.yml has no caller here.
  expectFindings(findings, [
    { file: '.github/workflows/dispatch.yml', line: 12, column: 9, severity: 'high', message: 'unattended Claude run in job claude has no `--max-turns`' },
    { file: '.github/workflows/some.yml', line: 11, column: 9, severity: 'high', message: 'unattended Claude run in job claude has no `--max-turns`' },
    { file: '.github/workflows/uncalled.yml', line: 11, column: 9, severity: 'high', message: 'unattended Claude run in job claude has no `--max-turns`' }
  ])
})

test('no-turn-limit: reusable workflows that call each other in a loop are judged as written', async () => {
  const loop = (name: string, other: string): string => `on:
  workflow_call:
    inputs:
      claude_args: { type: string }
jobs:
  claude:
    runs-on: ubuntu-latest
    steps:
      - uses: anthropics/claude-code-action@v1
        with:
          prompt: ${name}
          claude_args: \${{ inputs.claude_args }}
  again:
    uses: ./.github/workflows/${other}.yml
    with:
      claude_args: \${{ inputs.claude_args }}
`
  const findings = await runRule(RULE, {
    '.github/workflows/a.yml': loop('a', 'b'),
    '.github/workflows/b.yml': loop('b', 'a'),
    '.github/workflows/start.yml': `on: issues
jobs:
  go:
    uses: ./.github/workflows/a.yml
    with:
      claude_args: --max-turns 5
`
  })
  expectFindings(findings, [
    { file: '.github/workflows/a.yml', line: 9, column: 9, message: 'unattended Claude run in job claude has no `--max-turns`' },
    { file: '.github/workflows/b.yml', line: 9, column: 9, message: 'unattended Claude run in job claude has no `--max-turns`' }
  ])
})

test('no-turn-limit: a job timeout set from an input counts when every start gives it a short value', async () => {
  const callee = (triggers: string, def: string): string => `on:
${triggers}  workflow_call:
    inputs:
      timeout_minutes:
        type: number
${def}jobs:
  claude:
    runs-on: ubuntu-latest
    timeout-minutes: \${{ inputs.timeout_minutes }}
    steps:
      - uses: anthropics/claude-code-action@v1
        with:
          prompt: review
`
  const findings = await runRule(RULE, {
    // No caller here (published for other repositories): the default is what a start gets.
    '.github/workflows/published.yml': callee('', '        default: 30\n'),
    '.github/workflows/nodefault.yml': callee('', ''),
    '.github/workflows/longdefault.yml': callee('', '        default: 120\n'),
    // Also on pull_request, which passes no inputs: not bounded.
    '.github/workflows/pr.yml': callee('  pull_request:\n', '        default: 30\n'),
    // Dispatched by hand too: the dispatch form's default is what that start gets.
    '.github/workflows/dispatch.yml': callee('  workflow_dispatch:\n    inputs:\n      timeout_minutes: { default: 10 }\n', '        default: 30\n'),
    '.github/workflows/called.yml': callee('', '        default: 240\n'),
    '.github/workflows/mixed.yml': callee('', '        default: 20\n'),
    '.github/workflows/toolong.yml': callee('', '        default: 20\n'),
    '.github/workflows/callers.yml': `on: issues
jobs:
  a:
    uses: ./.github/workflows/called.yml
    with:
      timeout_minutes: 15
  b:
    uses: ./.github/workflows/called.yml
    with: { timeout_minutes: 25 }
  c:
    uses: ./.github/workflows/mixed.yml
  d:
    uses: ./.github/workflows/mixed.yml
    with:
      timeout_minutes: 20
  e:
    uses: ./.github/workflows/toolong.yml
    with:
      timeout_minutes: 90
`
  })
  const bounded = (file: string, text: string): Expected => ({
    file: `.github/workflows/${file}.yml`,
    line: 12,
    column: 9,
    severity: 'medium',
    message: `unattended Claude run in job claude has no \`--max-turns\` or \`--max-budget-usd\` cap: only the ${text}, stops a runaway session, which spends freely until then`
  })
  const high = (file: string, line = 12): Expected => ({ file: `.github/workflows/${file}.yml`, line, column: 9, severity: 'high', message: 'a runaway session has no hard stop' })
  expectFindings(findings, [
    bounded('called', '15- to 25-minute `timeout-minutes` of the job, set from `inputs.timeout_minutes` (what every caller here passes)'),
    { ...bounded('dispatch', '10- to 30-minute `timeout-minutes` of the job, set from `inputs.timeout_minutes` (its default)'), line: 15 },
    high('longdefault'),
    bounded('mixed', '20-minute `timeout-minutes` of the job, set from `inputs.timeout_minutes` (what the callers here pass, or its default)'),
    high('nodefault', 11),
    high('pr', 13),
    bounded('published', '30-minute `timeout-minutes` of the job, set from `inputs.timeout_minutes` (its default)'),
    high('toolong')
  ])
})

test('no-turn-limit: a composite action run by several jobs is bounded when each job has a short timeout', async () => {
  const job = (id: string, timeout: string): string => `  ${id}:
    runs-on: ubuntu-latest
${timeout}    steps:
      - uses: ./.github/actions/run-claude
`
  const action = `runs:
  using: composite
  steps:
    - uses: anthropics/claude-code-action@v1
      with:
        prompt: triage
`
  const findings = await runRule(RULE, {
    '.github/actions/run-claude/action.yml': action,
    '.github/actions/other/action.yml': action,
    '.github/workflows/a.yml': `on: issues
jobs:
${job('triage', '    timeout-minutes: 10\n')}${job('comment', '    timeout-minutes: 15\n')}`,
    '.github/workflows/b.yml': `on: issues
jobs:
  one:
    runs-on: ubuntu-latest
    timeout-minutes: 10
    steps:
      - uses: ./.github/actions/other
  two:
    runs-on: ubuntu-latest
    steps:
      - uses: ./.github/actions/other
        timeout-minutes: 5
  three:
    runs-on: ubuntu-latest
    steps:
      - uses: ./.github/actions/other
`
  })
  expectFindings(findings, [
    {
      file: '.github/actions/other/action.yml',
      line: 4,
      column: 7,
      severity: 'high',
      message: 'unattended Claude run in job one, two, three has no `--max-turns` or `--max-budget-usd` cap: a runaway session has no hard stop'
    },
    {
      file: '.github/actions/run-claude/action.yml',
      line: 4,
      column: 7,
      severity: 'medium',
      message:
        'unattended Claude run in job triage, comment has no `--max-turns` or `--max-budget-usd` cap: only the 10- to 15-minute `timeout-minutes` of the jobs stops a runaway session, which spends freely until then'
    }
  ])
})

// --- claude -p started by program code ---------------------------------------

test('no-turn-limit: claude -p started by Python or TypeScript code that no workflow runs', async () => {
  const findings = await runRule(RULE, {
    'tools/review.py': [
      'import asyncio, subprocess',
      '',
      'def review(prompt):',
      '    subprocess.run(["claude", "-p", prompt, "--output-format", "json"], capture_output=True)  # NOT OK',
      '',
      'def triage(prompt):',
      '    cmd = ["claude", "-p", prompt]  # NOT OK',
      '    cmd += ["--model", "sonnet"]',
      '    return subprocess.Popen(cmd, stdout=subprocess.PIPE)',
      '',
      'async def summarise(prompt):',
      '    proc = await asyncio.create_subprocess_exec("claude", "--print", prompt)  # NOT OK',
      '    return await proc.communicate()',
      '',
      'def bounded(prompt):',
      '    subprocess.run(["claude", "-p", prompt], timeout=300)  # NOT OK: medium, a 5-minute timeout',
      '',
      'def capped(prompt, extra):',
      '    subprocess.run(["claude", "-p", prompt, "--max-turns", "5"])  # OK',
      '    subprocess.run(["claude", "-p", prompt, "--max-budget-usd=2"])  # OK',
      '    subprocess.run(["claude", "-p", prompt, *extra])  # OK: extra may carry the cap',
      '    subprocess.run(["claude", "-p", "--tools", "", prompt])  # OK: no tools, one request',
      '    subprocess.run(["claude", prompt])  # OK: interactive',
      ''
    ].join('\n'),
    'tools/env_capped.py': [
      'import os, subprocess',
      'env = {**os.environ, "CLAUDE_CODE_MAX_TURNS": "10"}',
      'subprocess.run(["claude", "-p", "x"], env=env)  # OK: the environment caps it',
      ''
    ].join('\n'),
    'bot/claude.ts': [
      "import { spawn } from 'node:child_process'",
      "import { execa } from 'execa'",
      'export function ask(prompt: string, extra: string[]) {',
      "  spawn('claude', ['-p', prompt, '--output-format', 'stream-json']) // NOT OK",
      "  const args = ['-p', prompt]",
      '  args.push(...extra)',
      "  spawn('claude', args) // OK: extra may carry the cap",
      "  return execa('claude', ['--print', prompt]) // NOT OK",
      '}',
      ''
    ].join('\n'),
    'examples/demo.py': 'import subprocess\nsubprocess.run(["claude", "-p", "hello"])\n'
  })
  expectFindings(findings, [
    {
      file: 'bot/claude.ts',
      line: 4,
      column: 9,
      endColumn: 66,
      severity: 'high',
      message:
        '`claude -p` started by bot/claude.ts has no `--max-turns` or `--max-budget-usd` cap: the agent loop runs until the model stops, with no turn or dollar cap'
    },
    { file: 'bot/claude.ts', line: 8, column: 16, endColumn: 44, severity: 'high', message: '`claude -p` started by bot/claude.ts' },
    {
      file: 'examples/demo.py',
      line: 2,
      column: 17,
      severity: 'medium',
      message:
        '`claude -p` started by examples/demo.py in examples/, an example folder run by hand if at all, has no `--max-turns` or `--max-budget-usd` cap'
    },
    { file: 'tools/review.py', line: 4, column: 21, endColumn: 70, severity: 'high', message: '`claude -p` started by tools/review.py' },
    { file: 'tools/review.py', line: 7, column: 12, endColumn: 34, severity: 'high' },
    { file: 'tools/review.py', line: 12, column: 49, endColumn: 76, severity: 'high' },
    {
      file: 'tools/review.py',
      line: 16,
      column: 21,
      severity: 'medium',
      message: 'only the 5-minute timeout that kills the process stops a runaway session'
    }
  ])
})

test('no-turn-limit: one argument list started by two calls is one finding at the list', async () => {
  const findings = await runRule(RULE, {
    'tools/run.py': [
      'import subprocess',
      '',
      'def run(prompt, verbose):',
      '    cmd = ["claude", "--print", prompt]  # NOT OK: one finding for both launches',
      '    if verbose:',
      '        return subprocess.run(cmd)',
      '    return subprocess.Popen(cmd, stdout=subprocess.PIPE)',
      ''
    ].join('\n')
  })
  expectFindings(findings, [{ file: 'tools/run.py', line: 4, column: 12, endColumn: 39, severity: 'high', message: '`claude -p` started by tools/run.py has no' }])
  assert.equal(findings[0].fingerprint.includes(':'), false)
})

test('no-turn-limit: claude -p whose program a fallback names (PATH lookup, home install) is a launch', async () => {
  const findings = await runRule(RULE, {
    'lab/ask.py': [
      'import os, shutil, subprocess',
      "claude = shutil.which('claude') or os.path.expanduser('~/.local/bin/claude')",
      'def ask(prompt):',
      "    return subprocess.run([claude, '-p', '--allowedTools', 'Read'], input=prompt, text=True)  # NOT OK",
      ''
    ].join('\n')
  })
  expectFindings(findings, [{ file: 'lab/ask.py', line: 4, column: 28, severity: 'high', message: '`claude -p` started by lab/ask.py has no `--max-turns`' }])
})

test('no-turn-limit: claude -p at a path built from the home folder; a timer that kills the process bounds it (medium)', async () => {
  const findings = await runRule(RULE, {
    'bot/run.ts': [
      "import { spawn } from 'node:child_process'",
      "import * as os from 'node:os'",
      "import * as path from 'node:path'",
      'const LIMIT_MS = 2 * 60 * 1000',
      'export function bounded(prompt: string) {',
      "  const child = spawn(path.join(os.homedir(), '.claude', 'local', 'claude'), ['-p', prompt]) // NOT OK: medium",
      '  setTimeout(() => child.kill(), LIMIT_MS)',
      '}',
      'export function open(prompt: string, name: string) {',
      "  spawn(process.env.HOME + '/.claude/local/claude', ['-p', prompt]) // NOT OK",
      "  spawn(`${os.homedir()}/bin/${name}`, ['-p', prompt]) // OK: the program is not known",
      '}',
      ''
    ].join('\n'),
    'lab/run.py': [
      'import subprocess',
      'from pathlib import Path',
      'CLAUDE = Path.home() / ".claude" / "local" / "claude"',
      'subprocess.run([str(CLAUDE), "-p", "summarise"])  # NOT OK',
      ''
    ].join('\n')
  })
  expectFindings(findings, [
    {
      file: 'bot/run.ts',
      line: 6,
      column: 23,
      severity: 'medium',
      message:
        '`claude -p` started by bot/run.ts has no `--max-turns` or `--max-budget-usd` cap: only the 2-minute timeout that kills the process stops a runaway session'
    },
    { file: 'bot/run.ts', line: 10, column: 9, severity: 'high', message: '`claude -p` started by bot/run.ts has no `--max-turns`' },
    { file: 'lab/run.py', line: 4, column: 17, severity: 'high', message: '`claude -p` started by lab/run.py has no `--max-turns`' }
  ])
})

test('no-turn-limit: a timeout given by a parameter with a literal default bounds the run (medium); without a default it does not', async () => {
  const findings = await runRule(RULE, {
    'lab/ask.py': [
      'import subprocess',
      'def ask(prompt: str, timeout: int = 300) -> str:',
      '    return subprocess.run(["claude", "-p"], input=prompt, text=True, timeout=timeout).stdout  # NOT OK: medium',
      'def ask_any(prompt, timeout):',
      '    return subprocess.run(["claude", "-p"], input=prompt, text=True, timeout=timeout).stdout  # NOT OK',
      'STAGE_TIMEOUT = 3600',
      'def stage(prompt):',
      '    return subprocess.run(["claude", "-p"], input=prompt, text=True, timeout=STAGE_TIMEOUT).stdout  # NOT OK: medium',
      ''
    ].join('\n'),
    'bot/ask.ts': [
      "import { execFileSync, spawnSync } from 'node:child_process'",
      'export function ask(prompt: string, timeout = 120_000) {',
      "  return execFileSync('claude', ['-p', prompt], { timeout }) // NOT OK: medium",
      '}',
      'const CLI_TIMEOUT_MS = 30_000',
      'export function classify(prompt: string, opts: { timeoutMs?: number }) {',
      '  const timeoutMs = opts.timeoutMs ?? CLI_TIMEOUT_MS',
      "  spawnSync('claude', ['-p'], { input: prompt, timeout: timeoutMs }) // NOT OK: medium, a default of 30 s",
      "  spawnSync('claude', ['-p'], { input: prompt, timeout: opts.timeoutMs ?? 2 * 60_000 }) // NOT OK: medium",
      '}',
      'export function other(opts: { timeoutMs?: number }) {',
      '  const timeoutMs = opts.timeoutMs ?? 5_000 // another function\'s name: not the one above',
      '  return timeoutMs',
      '}',
      ''
    ].join('\n')
  })
  expectFindings(findings, [
    {
      file: 'bot/ask.ts',
      line: 3,
      column: 23,
      severity: 'medium',
      message:
        '`claude -p` started by bot/ask.ts has no `--max-turns` or `--max-budget-usd` cap: only the 2-minute timeout that kills the process stops a runaway session'
    },
    { file: 'bot/ask.ts', line: 8, column: 13, severity: 'medium', message: 'only the 30-second timeout that kills the process' },
    { file: 'bot/ask.ts', line: 9, column: 13, severity: 'medium', message: 'only the 2-minute timeout that kills the process' },
    {
      file: 'lab/ask.py',
      line: 3,
      column: 28,
      severity: 'medium',
      message:
        '`claude -p` started by lab/ask.py has no `--max-turns` or `--max-budget-usd` cap: only the 5-minute timeout that kills the process stops a runaway session'
    },
    { file: 'lab/ask.py', line: 5, column: 28, severity: 'high', message: '`claude -p` started by lab/ask.py has no `--max-turns`' },
    { file: 'lab/ask.py', line: 8, column: 28, severity: 'medium', message: 'only the 60-minute timeout that kills the process stops a runaway session' }
  ])
})

test('no-turn-limit: claude -p in the repository\'s shell scripts, whether or not a workflow runs them', async () => {
  const findings = await runRule(RULE, {
    'scripts/loop.sh': [
      '#!/bin/bash',
      'while true; do',
      '  claude --dangerously-skip-permissions -p "$(cat PROMPT.md)" # NOT OK',
      'done',
      ''
    ].join('\n'),
    'scripts/capped.sh': 'claude -p "review" --max-turns 5 # OK\nclaude --print --max-budget-usd 2 "x" # OK\n',
    'scripts/timed.sh': 'timeout -k 10 15m claude -p "review" # NOT OK: medium\n',
    'scripts/array.sh': ['cmd=(claude -p "summarise" --output-format json)', '"${cmd[@]}" # NOT OK', ''].join('\n'),
    'scripts/extra.sh': 'claude -p "review" $CLAUDE_FLAGS # OK: the flags may hold a cap\n',
    'scripts/env.sh': 'export CLAUDE_CODE_MAX_TURNS=20\nclaude -p "review" # OK\n',
    'scripts/other.sh': 'mkdir -p build && echo claude # OK: no claude -p\n',
    'examples/try.sh': 'claude -p "hello" # NOT OK: medium, run by hand\n',
    'node_modules/pkg/run.sh': 'claude -p "x" # OK: a dependency\n',
    'scripts/ci.sh': 'claude -p "triage" # NOT OK: reported once, as the run of job t\n',
    '.github/workflows/t.yml': [
      'on: push',
      'permissions: {}',
      'jobs:',
      '  t:',
      '    runs-on: ubuntu-latest',
      '    timeout-minutes: 400',
      '    steps:',
      '      - run: bash scripts/ci.sh',
      ''
    ].join('\n')
  })
  expectFindings(findings, [
    {
      file: 'examples/try.sh',
      line: 1,
      column: 1,
      severity: 'medium',
      message: '`claude -p` started by examples/try.sh in examples/, an example folder run by hand if at all, has no `--max-turns`'
    },
    { file: 'scripts/array.sh', line: 2, column: 1, severity: 'high', message: '`claude -p` started by scripts/array.sh has no `--max-turns`' },
    { file: 'scripts/ci.sh', line: 1, column: 1, severity: 'high', message: 'unattended Claude run in job t has no `--max-turns`' },
    {
      file: 'scripts/loop.sh',
      line: 3,
      column: 3,
      endColumn: 62,
      severity: 'high',
      message:
        '`claude -p` started by scripts/loop.sh has no `--max-turns` or `--max-budget-usd` cap: the agent loop runs until the model stops, with no turn or dollar cap'
    },
    {
      file: 'scripts/timed.sh',
      line: 1,
      column: 1,
      severity: 'medium',
      message: '`claude -p` started by scripts/timed.sh has no `--max-turns` or `--max-budget-usd` cap: only the 15-minute timeout that kills the process stops a runaway session'
    }
  ])
})

test('no-turn-limit: claude -p in a shell tagged template ($`…` of Bun, zx, execa)', async () => {
  const files = {
    'scripts/run.ts': [
      "import { $ } from 'bun'",
      "const prompt = await Bun.file('prompt.md').text()",
      'await $`claude -p "fixed prompt" --output-format json` // NOT OK',
      'await $`claude -p ${prompt} --dangerously-skip-permissions` // OK here: what ${prompt} holds is not known',
      'await $`claude --print ${prompt} --max-turns 3` // OK',
      "const el = $('div.note') // not a command",
      ''
    ].join('\n')
  }
  expectFindings(await runRule(RULE, files), [
    { file: 'scripts/run.ts', line: 3, column: 9, endColumn: 54, severity: 'high', message: '`claude -p` started by scripts/run.ts has no `--max-turns`' }
  ])
  expectFindings(await runRule('bypass-permissions', files), [
    { file: 'scripts/run.ts', line: 4, column: 29, endColumn: 59, severity: 'high', message: 'scripts/run.ts runs Claude with `--dangerously-skip-permissions`' }
  ])
})

test("no-turn-limit: claude -p given as one list (Bun's spawn, spawn(cmd[0], cmd.slice(1)))", async () => {
  const findings = await runRule(RULE, {
    'src/ai.ts': [
      "import { spawn } from 'bun'",
      'export function ask(prompt: string, model: string) {',
      "  return spawn(['claude', '-p', '--model', model], { stdin: 'pipe' }) // NOT OK",
      '}',
      'export function call(prompt: string) {',
      "  const cmd = ['claude', '-p', prompt, '--output-format', 'text'] // NOT OK",
      "  return spawn({ cmd, stdout: 'pipe' })",
      '}',
      'export function capped(prompt: string) {',
      "  const cmd = ['claude', '-p', prompt, '--max-turns', '1'] // OK",
      '  return spawn({ cmd })',
      '}',
      ''
    ].join('\n'),
    'src/node.ts': [
      "import { spawn } from 'node:child_process'",
      'export function run(prompt: string) {',
      "  const command = ['claude', '-p', prompt] // NOT OK",
      '  return spawn(command[0], command.slice(1))',
      '}',
      ''
    ].join('\n')
  })
  expectFindings(findings, [
    { file: 'src/ai.ts', line: 3, column: 17, severity: 'high', message: '`claude -p` started by src/ai.ts has no `--max-turns`' },
    { file: 'src/ai.ts', line: 6, column: 16, severity: 'high', message: '`claude -p` started by src/ai.ts has no `--max-turns`' },
    { file: 'src/node.ts', line: 3, column: 20, severity: 'high', message: '`claude -p` started by src/node.ts has no `--max-turns`' }
  ])
})

test('no-turn-limit: in a repository with many code files, git grep picks the launchers (untracked ones are read too)', async () => {
  const filler = Object.fromEntries(Array.from({ length: 210 }, (_, i) => [`src/mod${i}.ts`, `export const n${i} = ${i} // mkdir -p is no claude\n`]))
  const files = {
    ...filler,
    'tools/ask.py': 'import subprocess\nsubprocess.run(["claude", "-p", "tracked"])\n',
    // Untracked files count where the audit lists them (the root, for one).
    'new.py': 'import subprocess\nsubprocess.run(["claude", "--print", "untracked"])\n'
  }
  const findings = await runRule(RULE, files, { git: [...Object.keys(filler), 'tools/ask.py'] })
  expectFindings(findings, [
    { file: 'new.py', line: 2, column: 17, severity: 'high', message: '`claude -p` started by new.py' },
    { file: 'tools/ask.py', line: 2, column: 17, severity: 'high', message: '`claude -p` started by tools/ask.py' }
  ])
})

test('a finding inside a job switched off with if: false is at most low and says so', async () => {
  const job = (cond: string): string => `on: pull_request
jobs:
  review:
${cond}    runs-on: ubuntu-latest
    timeout-minutes: 10
    steps:
      - uses: anthropics/claude-code-action@v1
        with:
          anthropic_api_key: \${{ secrets.ANTHROPIC_API_KEY }}
          prompt: review this
`
  const off = ' (job review is switched off: its `if:` is `false`, so it runs only once someone switches it back on)'
  const files = {
    '.github/workflows/off.yml': job('    if: false\n'),
    '.github/workflows/off-expr.yml': job('    if: ${{ false }}\n'),
    '.github/workflows/on.yml': job('    if: github.event.pull_request.draft == false\n')
  }
  const findings = await runRule('unpinned-action', files)
  expectFindings(findings, [
    { file: '.github/workflows/off-expr.yml', line: 8, column: 15, severity: 'low' },
    { file: '.github/workflows/off.yml', line: 8, column: 15, severity: 'low' },
    { file: '.github/workflows/on.yml', line: 8, column: 15, severity: 'high' }
  ])
  for (const f of findings) assert.equal(f.message.endsWith(off), f.file !== '.github/workflows/on.yml', f.file ?? '')
})

test('no-turn-limit: under a v0 release the cap is the max_turns input, and timeout_minutes (default 30) bounds the run', async () => {
  const findings = await runRule(RULE, {
    '.github/workflows/claude.yml': `on: issues
jobs:
  beta:
    runs-on: ubuntu-latest
    steps:
      - uses: anthropics/claude-code-action@beta
        with:
          direct_prompt: triage
  long:
    runs-on: ubuntu-latest
    steps:
      - uses: anthropics/claude-code-action@beta
        with:
          direct_prompt: triage
          timeout_minutes: "120"
  capped:
    runs-on: ubuntu-latest
    steps:
      - uses: anthropics/claude-code-action@beta
        with:
          direct_prompt: triage
          max_turns: "10"
`
  })
  expectFindings(findings, [
    {
      line: 6,
      column: 9,
      severity: 'medium',
      message:
        'unattended Claude run in job beta has no `max_turns` input, the turn cap of @beta (a v0 release of the Claude action): only its 30-minute `timeout_minutes` (its default) stops a runaway session, which spends freely until then'
    },
    {
      line: 12,
      column: 9,
      severity: 'high',
      message: 'unattended Claude run in job long has no `max_turns` input, the turn cap of @beta (a v0 release of the Claude action): a runaway session runs until its `timeout_minutes` stops it'
    }
  ])
})
