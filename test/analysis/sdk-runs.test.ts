import { test } from 'node:test'
import assert from 'node:assert/strict'
import { rmSync } from 'node:fs'
import { runRule, expectFindings, writeFixture, gitCommit } from '../rules/harness.js'
import { prepareCodeParsing } from '../../src/parse/code.js'
import { SourceFile } from '../../src/parse/source.js'
import { sdkLaunchesIn } from '../../src/analysis/sdk-runs.js'

const W = '.github/workflows/ai.yml'
const T = { timeout: 240_000 }

/** Each session as `callee open? flag=value …` (a flag with no known value as `flag=?`), with the flag's source text. */
function sessions(path: string, text: string, lang: 'python' | 'typescript'): string[] {
  return sdkLaunchesIn(new SourceFile(path, text), lang).map((l) =>
    [
      l.sdk.callee + (l.sdk.open ? ' open' : ''),
      ...l.flags.map((f) => `${f.name}=${f.value ?? '?'} @${text.slice(f.start, f.end).split('\n')[0]}`),
      ...Object.entries(l.sdk.env).map(([k, v]) => `env.${k}=${String(v)}`)
    ].join(' | ')
  )
}

test('sdk runs: Python session options become the CLI flags the SDK passes; unknown stays unknown', T, async () => {
  await prepareCodeParsing()
  const py = `import claude_agent_sdk as sdk
from claude_agent_sdk import query, ClaudeSDKClient, ClaudeAgentOptions as Opts

TOOLS = ["Read", "Bash(git diff:*)"]

async def a(turns):
    options = Opts(max_turns=turns, allowed_tools=TOOLS, permission_mode="acceptEdits", model=None,
                   env={"CLAUDE_CODE_USE_BEDROCK": "1"})
    async for m in query(prompt="x", options=options):
        pass

async def b(extra):
    async for m in sdk.query(prompt="x", options=Opts(**extra)):
        pass

async def c(options):
    async with ClaudeSDKClient(options) as client:
        pass

async def d():
    o = Opts(system_prompt={"type": "preset", "preset": "claude_code", "append": "Be brief."}, disallowed_tools=[name])
    o.max_budget_usd = 2.5
    async for m in query(prompt="x", options=o):
        pass
`
  assert.deepEqual(sessions('r.py', py, 'python'), [
    'query | --max-turns=? @max_turns=turns | --allowedTools=Read,Bash(git diff:*) @allowed_tools=TOOLS | --permission-mode=acceptEdits @permission_mode="acceptEdits" | env.CLAUDE_CODE_USE_BEDROCK=1',
    'query open',
    'ClaudeSDKClient open',
    'query | --append-system-prompt=Be brief. @system_prompt={"type": "preset", "preset": "claude_code", "append": "Be brief."} | --disallowedTools=? @disallowed_tools=[name] | --max-budget-usd=2.5 @o.max_budget_usd = 2.5'
  ])
})

test('sdk runs: TypeScript query options, and files that never start a session', T, async () => {
  await prepareCodeParsing()
  const ts = `import { query, type Options } from '@anthropic-ai/claude-agent-sdk'
const base = { maxTurns: 8, model: 'claude-sonnet-4-6' }
for await (const m of query({ prompt: 'triage', options: { maxTurns: 5, permissionMode: 'dontAsk', allowedTools: ['Read'] } })) console.log(m)
for await (const m of query({ prompt: 'again', options: { ...base } })) console.log(m)
for await (const m of query({ prompt: 'bare' })) console.log(m)
`
  assert.deepEqual(sessions('a.ts', ts, 'typescript'), [
    "query | --max-turns=5 @maxTurns: 5 | --permission-mode=dontAsk @permissionMode: 'dontAsk' | --allowedTools=Read @allowedTools: ['Read']",
    // A spread of options built in sight is read.
    "query | --max-turns=8 @maxTurns: 8 | --model=claude-sonnet-4-6 @model: 'claude-sonnet-4-6'",
    'query'
  ])
  // Imports the SDK's types only, or names `query` of another library: no session.
  assert.deepEqual(sessions('t.ts', `import type { Options } from '@anthropic-ai/claude-agent-sdk'\nexport const o: Options = { maxTurns: 3 }\n`, 'typescript'), [])
  assert.deepEqual(sessions('q.py', `from claude_agent_sdk import ClaudeAgentOptions\nfrom db import query\nquery("select 1")\n`, 'python'), [])
})

const PY_NO_CAP = `import anyio
from claude_agent_sdk import query, ClaudeAgentOptions


async def main():
    options = ClaudeAgentOptions(allowed_tools=["Read"], permission_mode="dontAsk", model="claude-sonnet-4-6")
    async for message in query(prompt="Review this pull request", options=options):
        print(message)

anyio.run(main)
`

const PY_CAPPED = `from claude_agent_sdk import query, ClaudeAgentOptions


async def main():
    async for message in query(prompt="Review", options=ClaudeAgentOptions(max_turns=10, model="claude-sonnet-4-6")):
        print(message)
`

const TS_CAPPED = `import { query } from '@anthropic-ai/claude-agent-sdk'

for await (const m of query({ prompt: 'triage', options: { maxTurns: 5, model: 'claude-sonnet-4-6' } })) {
  console.log(m)
}
`

const WORKFLOW = `on: pull_request
permissions: { contents: read }
jobs:
  review:
    runs-on: ubuntu-latest
    timeout-minutes: 90
    steps:
      - run: python scripts/review.py
      - run: uv run scripts/capped.py
      - run: npx tsx scripts/triage.ts
      - run: python scripts/types_only.py
`

const TYPES_ONLY = `from claude_agent_sdk import ClaudeAgentOptions

OPTIONS = ClaudeAgentOptions(model="claude-sonnet-4-6")
`

test('sdk runs: a workflow step running an SDK script is a Claude run; the run owns no-turn-limit, once', T, async () => {
  const findings = await runRule('no-turn-limit', {
    [W]: WORKFLOW,
    'scripts/review.py': PY_NO_CAP,
    'scripts/capped.py': PY_CAPPED,
    'scripts/triage.ts': TS_CAPPED,
    'scripts/types_only.py': TYPES_ONLY,
    // Not run by any workflow: judged as SDK code, as before.
    'tools/unrun.py': PY_NO_CAP
  })
  expectFindings(findings, [
    {
      file: 'scripts/review.py',
      line: 7,
      column: 26,
      severity: 'high',
      message: 'Agent SDK session `query` in scripts/review.py, run by job review, has no `max_turns` or `max_budget_usd` option',
      related: [`${W}:8:14-8:38 runs the script scripts/review.py, where Claude runs`]
    },
    {
      file: 'tools/unrun.py',
      line: 7,
      column: 26,
      severity: 'high',
      message: 'Agent SDK session `query` has no `max_turns` or `max_budget_usd` option',
      related: []
    }
  ])
})

test('sdk runs: a short timeout bounds an SDK run as it bounds claude -p', T, async () => {
  const findings = await runRule('no-turn-limit', {
    [W]: WORKFLOW.replace('timeout-minutes: 90', 'timeout-minutes: 20'),
    'scripts/review.py': PY_NO_CAP
  })
  expectFindings(findings, [
    { file: 'scripts/review.py', line: 7, column: 26, severity: 'medium', message: 'only the 20-minute `timeout-minutes` of the job stops a runaway session' }
  ])
})

test('sdk runs: job rules see the job as running Claude; scripts no workflow runs do not count', T, async () => {
  const wf = `on: pull_request
jobs:
  review:
    runs-on: ubuntu-latest
    steps:
      - run: python scripts/review.py
  other:
    runs-on: ubuntu-latest
    steps:
      - run: python scripts/types_only.py
`
  const files = { [W]: wf, 'scripts/review.py': PY_NO_CAP, 'scripts/types_only.py': TYPES_ONLY, 'examples/demo.py': PY_NO_CAP }
  expectFindings(await runRule('no-job-timeout', files), [{ file: W, line: 3, column: 3, message: 'job review runs Claude without `timeout-minutes`' }])
  expectFindings(await runRule('excessive-permissions', files), [{ file: W, line: 3, column: 3, message: 'job review runs Claude with no `permissions:` block' }])
})

test('sdk runs: model-not-pinned points at the session with the workflow line related', T, async () => {
  const findings = await runRule('model-not-pinned', {
    [W]: WORKFLOW,
    'scripts/review.py': PY_NO_CAP.replace(', model="claude-sonnet-4-6"', ''),
    'scripts/capped.py': PY_CAPPED,
    'scripts/triage.ts': TS_CAPPED.replace(", model: 'claude-sonnet-4-6'", '')
  })
  expectFindings(findings, [
    {
      file: 'scripts/review.py',
      line: 7,
      column: 26,
      message: 'Agent SDK session `query` in scripts/review.py, run by job review, does not choose a model',
      related: [`${W}:8:14-8:38 runs the script scripts/review.py, where Claude runs`]
    },
    {
      file: 'scripts/triage.ts',
      line: 3,
      column: 23,
      message: 'Agent SDK session `query` in scripts/triage.ts, run by job review, does not choose a model',
      related: [`${W}:10:14-10:39 runs the script scripts/triage.ts, where Claude runs`]
    }
  ])
})

test('sdk runs: permission-mode-unset reports a Python SDK run on Bedrock once, from the step env or the session env', T, async () => {
  const wf = `on: pull_request
permissions: { contents: read }
jobs:
  review:
    runs-on: ubuntu-latest
    env:
      CLAUDE_CODE_USE_BEDROCK: "1"
    steps:
      - run: python scripts/review.py
      - run: python scripts/session_env.py
      - run: python scripts/moded.py
`
  const findings = await runRule(
    'permission-mode-unset',
    {
      [W]: wf,
      'scripts/review.py': PY_NO_CAP.replace('permission_mode="dontAsk", ', ''),
      'scripts/session_env.py': PY_NO_CAP.replace('permission_mode="dontAsk", ', 'env={"CLAUDE_CODE_USE_VERTEX": "1"}, '),
      'scripts/moded.py': PY_NO_CAP
    },
    { claudeCodeVersion: '2.1.300' }
  )
  expectFindings(findings, [
    {
      file: 'scripts/review.py',
      line: 7,
      column: 26,
      message: 'Python Agent SDK session `query` runs on Amazon Bedrock (`CLAUDE_CODE_USE_BEDROCK` in the environment of the step) and sets no `permission_mode`',
      related: [`${W}:9:14-9:38 runs the script scripts/review.py, where Claude runs`]
    },
    {
      file: 'scripts/session_env.py',
      line: 7,
      column: 26,
      message: 'Python Agent SDK session `query` runs on Google Vertex AI (`CLAUDE_CODE_USE_VERTEX` in the session `env`)'
    }
  ])
})

test('sdk runs: overbroad-permission reads allowed_tools of an SDK run at the tool', T, async () => {
  const findings = await runRule('overbroad-permission', {
    [W]: WORKFLOW,
    'scripts/review.py': PY_NO_CAP.replace('allowed_tools=["Read"]', 'allowed_tools=["Read", "Bash"]')
  })
  expectFindings(findings, [
    {
      file: 'scripts/review.py',
      line: 6,
      column: 58,
      message: '`allowed_tools` of Agent SDK session `query` in job review pre-approves `Bash` (any shell command)',
      related: [`${W}:8:14-8:38 runs the script scripts/review.py, where Claude runs`]
    }
  ])
})

test('sdk runs: a tool list over several lines is read to its end, each rule at its line', T, async () => {
  const findings = await runRule('overbroad-permission', {
    [W]: WORKFLOW,
    'scripts/review.py': PY_NO_CAP.replace('allowed_tools=["Read"]', 'allowed_tools=[\n        "Read",\n        "WebFetch",\n    ]')
  })
  expectFindings(findings, [{ file: 'scripts/review.py', line: 8, column: 10, message: 'pre-approves `WebFetch`' }])
})

test('sdk runs: outsider text reaching a query prompt through env is template-injection at the read', T, async () => {
  const wf = `on:
  issues:
    types: [opened]
permissions: { contents: read }
jobs:
  triage:
    runs-on: ubuntu-latest
    timeout-minutes: 10
    steps:
      - run: python scripts/triage.py
        env:
          TITLE: \${{ github.event.issue.title }}
          NUMBER: \${{ github.event.issue.number }}
      - run: node scripts/fix.mjs
        env:
          BODY: \${{ github.event.issue.body }}
`
  const py = `import os
from claude_agent_sdk import query, ClaudeAgentOptions

async def main():
    number = os.environ["NUMBER"]
    prompt = f"Triage issue {number}: {os.environ['TITLE']}"
    async for m in query(prompt=prompt, options=ClaudeAgentOptions(max_turns=5)):
        print(m)
`
  const js = `import { query } from '@anthropic-ai/claude-agent-sdk'
for await (const m of query({ prompt: \`Fix: \${process.env.BODY}\`, options: { maxTurns: 5 } })) console.log(m)
`
  const findings = await runRule('template-injection', { [W]: wf, 'scripts/triage.py': py, 'scripts/fix.mjs': js })
  expectFindings(findings, [
    {
      file: 'scripts/fix.mjs',
      line: 2,
      column: 47,
      message: '`env.BODY (github.event.issue.body)` reaches the prompt of Agent SDK session `query` in job triage as `$BODY`',
      related: [`${W}:14:14-14:34 runs the script scripts/fix.mjs, where Claude runs`]
    },
    {
      file: 'scripts/triage.py',
      line: 6,
      column: 40,
      message: '`env.TITLE (github.event.issue.title)` reaches the prompt of Agent SDK session `query` in job triage as `$TITLE`',
      related: [`${W}:10:14-10:38 runs the script scripts/triage.py, where Claude runs`]
    }
  ])
})

test('sdk runs: a session in a repository module the script imports is a run of the step (one level)', T, async () => {
  const wf = `on: pull_request
permissions: { contents: read }
jobs:
  review:
    runs-on: ubuntu-latest
    timeout-minutes: 90
    steps:
      - run: uv run python .github/scripts/run.py
      - run: npx tsx scripts/main.ts
`
  const run = `import os
import json
from claude_runner import review

review(os.environ["PR"])
`
  const runner = `from claude_agent_sdk import query, ClaudeAgentOptions


async def review(pr):
    async for m in query(prompt=f"Review {pr}", options=ClaudeAgentOptions(model="claude-sonnet-4-6")):
        print(m)
`
  const main = `import { triage } from './lib/agent.js'
import { readFileSync } from 'node:fs'
await triage(readFileSync(0, 'utf8'))
`
  const agent = `import { query } from '@anthropic-ai/claude-agent-sdk'
export async function triage(text: string) {
  for await (const m of query({ prompt: text, options: { model: 'claude-sonnet-4-6' } })) console.log(m)
}
`
  const findings = await runRule('no-turn-limit', {
    [W]: wf,
    '.github/scripts/run.py': run,
    'src/claude_runner.py': runner,
    'scripts/main.ts': main,
    'scripts/lib/agent.ts': agent,
    // Imported by nothing a workflow runs: SDK code as before.
    'scripts/lib/unused.ts': agent
  })
  expectFindings(findings, [
    {
      file: 'scripts/lib/agent.ts',
      line: 3,
      column: 25,
      message: 'Agent SDK session `query` in scripts/lib/agent.ts, run by job review, has no `maxTurns` or `maxBudgetUsd` option',
      related: [`${W}:9:14-9:37 runs the script scripts/main.ts, where Claude runs`, 'scripts/main.ts:1:1-1:40 imports scripts/lib/agent.ts, where Claude runs']
    },
    { file: 'scripts/lib/unused.ts', line: 3, column: 25, message: 'Agent SDK session `query` has no `maxTurns` or `maxBudgetUsd` option', related: [] },
    {
      file: 'src/claude_runner.py',
      line: 5,
      column: 20,
      message: 'Agent SDK session `query` in src/claude_runner.py, run by job review, has no `max_turns` or `max_budget_usd` option',
      related: [`${W}:8:14-8:50 runs the script .github/scripts/run.py, where Claude runs`, '.github/scripts/run.py:3:1-3:33 imports src/claude_runner.py, where Claude runs']
    }
  ])
})

test('sdk runs: a script that cannot import any file naming an SDK module is not parsed for its imports', T, async () => {
  const { discover } = await import('../../src/discover.js')
  const { buildProject } = await import('../../src/model/project.js')
  const { codeParses } = await import('../../src/parse/code.js')
  const agent = `import { query } from '@anthropic-ai/claude-agent-sdk'
export async function triage(text: string) {
  for await (const m of query({ prompt: text })) console.log(m)
}
`
  const dir = writeFixture({
    [W]: `on: push
jobs:
  a:
    runs-on: ubuntu-latest
    steps:
      - run: node scripts/check.mjs
      - run: node scripts/main.mjs
`,
    // Relative specifiers and `index` in its text, none of them an import of src/agent/index.ts.
    'scripts/check.mjs': `import { readFileSync } from 'node:fs'
const refs = readFileSync('refs.txt', 'utf8').split('\\n')
if (refs.some((r) => r.startsWith('./') || r.startsWith('../') || r.indexOf('#') > 0)) process.exit(1)
`,
    'scripts/main.mjs': `import { triage } from '../src/agent/index.js'
await triage('x')
`,
    'src/agent/index.ts': agent
  })
  try {
    gitCommit(dir, true)
    const before = codeParses()
    const p = await buildProject(await discover(dir), { history: false, verifyHooks: false })
    // scripts/main.mjs and the module it imports are parsed; scripts/check.mjs is not.
    assert.equal(codeParses() - before, 2)
    assert.deepEqual(
      p.claudeRuns.map((r) => [r.step.index, r.script?.file.path]),
      [[1, 'src/agent/index.ts']]
    )
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
})

test('sdk runs: options chosen by a conditional, or spread from options built in sight, are read (both branches)', T, async () => {
  await prepareCodeParsing()
  const ts = `import { query } from "@anthropic-ai/claude-agent-sdk";
const shared = {
  allowedTools: ["WebFetch", "Read"] as string[],
  includePartialMessages: true,
};
export async function send(prompt: string, resume?: string) {
  for await (const m of query({ prompt, options: resume ? { ...shared, resume } : shared })) console.log(m);
}
export async function capped(prompt: string, fast: boolean) {
  for await (const m of query({ prompt, options: fast ? { ...shared, maxTurns: 2 } : { maxTurns: 8 } })) console.log(m);
}
export async function unknown(prompt: string, extra: object) {
  for await (const m of query({ prompt, options: extra ? { ...extra } : shared })) console.log(m);
}
`
  assert.deepEqual(sessions('agent.ts', ts, 'typescript'), [
    'query | --allowedTools=WebFetch,Read @allowedTools: ["WebFetch", "Read"] as string[]',
    'query | --allowedTools=WebFetch,Read @allowedTools: ["WebFetch", "Read"] as string[] | --max-turns=2 @maxTurns: 2 | --max-turns=8 @maxTurns: 8',
    'query open | --allowedTools=WebFetch,Read @allowedTools: ["WebFetch", "Read"] as string[]'
  ])
  const py = `from claude_agent_sdk import query, ClaudeAgentOptions
BASE = {"allowed_tools": ["Bash"]}
async def go(p, quick):
    async for m in query(prompt=p, options=ClaudeAgentOptions(**BASE) if quick else ClaudeAgentOptions(max_turns=3)):
        pass
`
  assert.deepEqual(sessions('agent.py', py, 'python'), ['query | --allowedTools=Bash @"allowed_tools": ["Bash"] | --max-turns=3 @max_turns=3'])
  const findings = await runRule('no-turn-limit', { 'agent.ts': ts })
  expectFindings(findings, [{ file: 'agent.ts', line: 7, column: 25, severity: 'high', message: 'Agent SDK session `query` has no `maxTurns` or `maxBudgetUsd` option' }])
  const broad = await runRule('overbroad-permission', { 'agent.ts': ts })
  expectFindings(broad, [{ file: 'agent.ts', line: 3, column: 18, message: '`allowedTools` of Agent SDK session `query` in agent.ts pre-approves `WebFetch`' }])
})

const PY = `from claude_agent_sdk import query, ClaudeAgentOptions


async def main():
    options = ClaudeAgentOptions(allowed_tools=["Bash"], permission_mode="bypassPermissions")
    async for message in query(prompt="Tidy the repository", options=options):
        print(message)
`

const TS = `import { query } from '@anthropic-ai/claude-agent-sdk'

for await (const m of query({
  prompt: 'hello',
  options: { allowedTools: ['Bash'], permissionMode: 'bypassPermissions', allowDangerouslySkipPermissions: true },
})) console.log(m)
`

const HAND_RUN_FILES: Record<string, string> = {
  '.github/workflows/ci.yml': `on: push
permissions: { contents: read }
jobs:
  review:
    runs-on: ubuntu-latest
    timeout-minutes: 90
    steps:
      - run: python examples/ci_review.py
`,
  // A mirror in documentation: nothing runs it.
  'docs/claude/hooks/reflect.py': PY,
  // An example run by hand.
  'pkg/examples/demo.ts': TS,
  // An example a workflow runs: a CI run like any other.
  'examples/ci_review.py': PY,
  // Product code nothing here runs: as before.
  'tools/agent.py': PY
}

test('sdk runs: no-turn-limit, a session in a documentation or example folder no workflow runs is medium and names the folder', T, async () => {
  const findings = await runRule('no-turn-limit', HAND_RUN_FILES)
  expectFindings(findings, [
    {
      file: 'docs/claude/hooks/reflect.py',
      line: 6,
      column: 26,
      severity: 'medium',
      message:
        'Agent SDK session `query` in docs/, a documentation folder run by hand if at all, has no `max_turns` or `max_budget_usd` option: run as it stands, or copied into a job, the agent loop has no turn or dollar cap'
    },
    { file: 'examples/ci_review.py', line: 6, column: 26, severity: 'high', message: 'Agent SDK session `query` in examples/ci_review.py, run by job review, has no' },
    {
      file: 'pkg/examples/demo.ts',
      line: 3,
      column: 23,
      severity: 'medium',
      message: 'Agent SDK session `query` in pkg/examples/, an example folder run by hand if at all, has no `maxTurns` or `maxBudgetUsd` option'
    },
    { file: 'tools/agent.py', line: 6, column: 26, severity: 'high', message: 'Agent SDK session `query` has no `max_turns` or `max_budget_usd` option: the agent loop runs' }
  ])
})

test('sdk runs: bypass-permissions, a session in a documentation or example folder no workflow runs is medium and names the folder', T, async () => {
  const findings = await runRule('bypass-permissions', HAND_RUN_FILES)
  expectFindings(findings, [
    {
      file: 'docs/claude/hooks/reflect.py',
      line: 5,
      column: 74,
      severity: 'medium',
      message:
        'Agent SDK session `query` in docs/claude/hooks/reflect.py runs Claude with `permission_mode: "bypassPermissions"`; it sits in docs/, a documentation folder run by hand if at all, and no workflow here runs it: run as it stands, or copied into a job, every tool call runs without a permission check'
    },
    { file: 'examples/ci_review.py', line: 5, column: 74, severity: 'high', message: 'Agent SDK session `query` in examples/ci_review.py runs Claude with `permission_mode: "bypassPermissions"`: every tool call' },
    {
      file: 'pkg/examples/demo.ts',
      line: 5,
      column: 54,
      severity: 'medium',
      message: 'runs Claude with `permissionMode: "bypassPermissions"`; it sits in pkg/examples/, an example folder run by hand if at all, and no workflow here runs it',
      related: ['pkg/examples/demo.ts:5:108-5:112 `allowDangerouslySkipPermissions: true` of the same session, which lets it start in bypass mode']
    },
    { file: 'tools/agent.py', line: 5, column: 74, severity: 'high', message: 'Agent SDK session `query` in tools/agent.py runs Claude with `permission_mode: "bypassPermissions"`: every tool call' }
  ])
})

test('sdk runs: overbroad-permission, a session in a documentation or example folder no workflow runs is medium and names the folder', T, async () => {
  const findings = await runRule('overbroad-permission', HAND_RUN_FILES)
  expectFindings(findings, [
    {
      file: 'docs/claude/hooks/reflect.py',
      line: 5,
      column: 49,
      severity: 'medium',
      message:
        '`allowed_tools` of Agent SDK session `query` in docs/claude/hooks/reflect.py pre-approves `Bash` (any shell command); it sits in docs/, a documentation folder run by hand if at all, and no workflow here runs it: run as it stands, or copied into a job, the session executes them'
    },
    { file: 'examples/ci_review.py', line: 5, column: 50, severity: 'high', message: '`allowed_tools` of Agent SDK session `query` in job review pre-approves `Bash`' },
    {
      file: 'pkg/examples/demo.ts',
      line: 5,
      column: 29,
      severity: 'medium',
      message: '`allowedTools` of Agent SDK session `query` in pkg/examples/demo.ts pre-approves `Bash` (any shell command); it sits in pkg/examples/, an example folder'
    },
    { file: 'tools/agent.py', line: 5, column: 49, severity: 'high', message: '`allowed_tools` of Agent SDK session `query` in tools/agent.py pre-approves `Bash` (any shell command): the session' }
  ])
})

test('sdk runs: a time limit around the session in the script bounds the run; in a documentation folder both are said', T, async () => {
  const bounded = PY_NO_CAP.replace(
    '    async for message in query(prompt="Review this pull request", options=options):\n        print(message)',
    '    async with asyncio.timeout(300):\n        async for message in query(prompt="Review this pull request", options=options):\n            print(message)'
  ).replace('import anyio\n', 'import anyio\nimport asyncio\n')
  const findings = await runRule('no-turn-limit', { [W]: WORKFLOW, 'scripts/review.py': bounded, 'docs/agent.py': bounded })
  expectFindings(findings, [
    {
      file: 'docs/agent.py',
      line: 9,
      column: 30,
      severity: 'medium',
      message:
        'Agent SDK session `query` in docs/, a documentation folder run by hand if at all, has no `max_turns` or `max_budget_usd` option: run as it stands, or copied into a job, only the 5-minute `asyncio.timeout(300)` around it stops a runaway session, which spends freely until then'
    },
    {
      file: 'scripts/review.py',
      line: 9,
      column: 30,
      severity: 'medium',
      message:
        'Agent SDK session `query` in scripts/review.py, run by job review, has no `max_turns` or `max_budget_usd` option: only the 5-minute `asyncio.timeout(300)` around it stops a runaway session, which spends freely until then'
    }
  ])
})
