import { test } from 'node:test'
import { runRule, expectFindings } from './harness.js'

const RULE = 'permission-mode-unset'
const F = '.github/workflows/claude.yml'

const WORKFLOW = `on: push
env:
  CLAUDE_CODE_USE_BEDROCK: "1"
jobs:
  bedrock:
    runs-on: ubuntu-latest
    steps:
      - run: claude -p "fix the build" --max-turns 5 # NOT OK: Bedrock from the workflow env
      - run: claude -p "fix" --permission-mode dontAsk # OK
      - run: claude -p "fix" --permission-prompts none # OK
      - run: claude -p "fix" --dangerously-skip-permissions # OK here: a mode is set (bypass-permissions reports it)
      - run: | # OK: flag settings set the mode
          claude -p "fix" --settings '{"permissions": {"defaultMode": "dontAsk"}}'
  quiet:
    runs-on: ubuntu-latest
    env:
      CLAUDE_CODE_USE_BEDROCK: "0"
    steps:
      - run: |
          npm ci
          DISABLE_TELEMETRY=1 claude -p "review" # NOT OK: telemetry off on the command
      - run: claude -p "review" # OK: Bedrock switched off for the job
        env:
          CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC: "false"
      - run: claude -p "review" # NOT OK: telemetry off for the step
        env:
          CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC: "true"
`

test('permission-mode-unset: claude -p on Bedrock or with telemetry off and no mode', async () => {
  const findings = await runRule(RULE, { [F]: WORKFLOW })
  expectFindings(findings, [
    {
      file: F,
      line: 8,
      column: 14,
      endColumn: 53,
      severity: 'medium',
      message:
        '`claude -p` in job bedrock of .github/workflows/claude.yml runs on Amazon Bedrock (`CLAUDE_CODE_USE_BEDROCK` in the environment of the step) and sets no permission mode: since Claude Code 2.1.285 such runs start in `auto` mode, where a classifier approves tool calls, instead of denying everything that is not pre-approved (assumed the newest known Claude Code, 2.1.337; set claude-code-version if CI runs another)'
    },
    {
      line: 21,
      column: 11,
      endColumn: 49,
      // Our conformance run of Claude Code 2.1.332 saw telemetry-off runs start in default mode: low, saying so.
      severity: 'low',
      message:
        'runs with telemetry off (`DISABLE_TELEMETRY` in the environment of the step) and sets no permission mode: the Claude Code 2.1.285 changelog says such runs start in `auto` mode, where a classifier approves tool calls, but Claude Code 2.1.332 started such a session in `default` mode in our conformance run, so it depends on the build: set the mode explicitly'
    },
    { line: 25, column: 14, severity: 'low', message: '(`CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC` in the environment of the step)' }
  ])
})

test('permission-mode-unset: settings env and defaultMode, as Claude Code reads them', async () => {
  const wf = `on: push
jobs:
  run:
    runs-on: ubuntu-latest
    steps:
      - run: claude -p "go" # NOT OK: Vertex from the committed settings env
`
  const findings = await runRule(RULE, {
    [F]: wf,
    '.claude/settings.json': '{"env": {"CLAUDE_CODE_USE_VERTEX": "true"}, "permissions": {"defaultMode": "auto"}}'
  })
  expectFindings(findings, [
    {
      file: F,
      line: 6,
      column: 14,
      message: 'runs on Google Vertex AI (`CLAUDE_CODE_USE_VERTEX` in the `env` of .claude/settings.json)'
    }
  ])
  // A committed mode other than auto counts; bypassPermissions is ignored from 2.1.257 on.
  const withMode = await runRule(RULE, {
    [F]: wf,
    '.claude/settings.json': '{"env": {"CLAUDE_CODE_USE_VERTEX": "1"}, "permissions": {"defaultMode": "dontAsk"}}'
  })
  expectFindings(withMode, [])
  const bypass = await runRule(RULE, {
    [F]: wf,
    '.claude/settings.json': '{"env": {"CLAUDE_CODE_USE_VERTEX": "1"}, "permissions": {"defaultMode": "bypassPermissions"}}'
  })
  expectFindings(bypass, [{ line: 6, message: 'Google Vertex AI' }])
})

test('permission-mode-unset: the version that runs decides', async () => {
  const files = {
    [F]: `on: push
jobs:
  old:
    runs-on: ubuntu-latest
    env:
      CLAUDE_CODE_USE_FOUNDRY: 1
    steps:
      - run: npx @anthropic-ai/claude-code@2.1.284 -p "go" # OK: before 2.1.285 print mode starts in default
      - run: npm install -g @anthropic-ai/claude-code@2.1.290
      - run: claude -p "go" # NOT OK: 2.1.290 is installed by the job
`
  }
  expectFindings(await runRule(RULE, files), [
    {
      line: 10,
      column: 14,
      message:
        'runs on Microsoft Foundry (`CLAUDE_CODE_USE_FOUNDRY` in the environment of the step) and sets no permission mode: since Claude Code 2.1.285 such runs start in `auto` mode, where a classifier approves tool calls, instead of denying everything that is not pre-approved (.github/workflows/claude.yml installs @anthropic-ai/claude-code@2.1.290)'
    }
  ])
  // The configured version applies where the workflow does not fix one.
  const configured = await runRule(RULE, { [F]: files[F].replace('@2.1.290', '') }, { claudeCodeVersion: '2.1.280' })
  expectFindings(configured, [])
})

test('permission-mode-unset: Python Agent SDK sessions with the switch in their env', async () => {
  const findings = await runRule(RULE, {
    'agent/run.py': `from claude_agent_sdk import query, ClaudeAgentOptions

options = ClaudeAgentOptions(
    env={"CLAUDE_CODE_USE_BEDROCK": "1", "AWS_REGION": "us-east-1"},
    max_turns=10,
)


async def main():
    async for m in query(prompt="fix", options=options):  # NOT OK
        print(m)


safe = ClaudeAgentOptions(env={"DISABLE_TELEMETRY": "1"}, permission_mode="dontAsk")


async def ok():
    async for m in query(prompt="x", options=safe):  # OK: a mode is set
        print(m)
    async for m in query(prompt="y", options=ClaudeAgentOptions(max_turns=3)):  # OK: no switch
        print(m)
`
  })
  expectFindings(findings, [
    {
      file: 'agent/run.py',
      line: 10,
      column: 20,
      endColumn: 25,
      severity: 'medium',
      message:
        'Python Agent SDK session `query` runs on Amazon Bedrock (`CLAUDE_CODE_USE_BEDROCK` in the session `env`) and sets no `permission_mode`: since Claude Code 2.1.285 such sessions start in `auto` mode'
    }
  ])
})
