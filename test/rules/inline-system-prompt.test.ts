import { test } from 'node:test'
import { runRule, expectFindings } from './harness.js'

const RULE = 'inline-system-prompt'

/** Prose of about `tokens` estimated tokens (4 characters each), on one line, without quotes. */
const prose = (tokens: number): string =>
  'Check every change. '.repeat(Math.ceil((tokens * 4) / 20)).slice(0, tokens * 4)
const LONG = prose(2500)

test('inline-system-prompt: claude_args flags, v0 inputs and claude -p in workflows', async () => {
  const findings = await runRule(RULE, {
    '.github/workflows/review.yml': `on: pull_request
jobs:
  review:
    runs-on: ubuntu-latest
    steps:
      - uses: anthropics/claude-code-action@v1
        with:
          prompt: "${LONG}" # OK: the user prompt is not a system prompt
          claude_args: |
            --max-turns 10
            --append-system-prompt "${LONG}"
            --model claude-sonnet-4-5
  base:
    runs-on: ubuntu-latest
    steps:
      - uses: anthropics/claude-code-base-action@beta
        with:
          prompt: triage
          system_prompt: |
            ${LONG}
  cli:
    runs-on: ubuntu-latest
    steps:
      - run: |
          npm ci
          claude -p "go" --system-prompt='${LONG}' --max-turns 5
`
  })
  expectFindings(findings, [
    {
      file: '.github/workflows/review.yml',
      line: 11,
      column: 36,
      endLine: 11,
      endColumn: 36 + LONG.length + 2,
      severity: 'low',
      message:
        'system prompt of about 2,500 tokens is inline in `--append-system-prompt` of job review: a prompt this long belongs in its own file in the repository'
    },
    {
      file: '.github/workflows/review.yml',
      line: 19,
      column: 26,
      endLine: 19,
      endColumn: 27,
      message: 'inline in the `system_prompt` input of job base'
    },
    { file: '.github/workflows/review.yml', line: 26, column: 42, message: 'inline in `--system-prompt` of job cli' }
  ])
})

test('inline-system-prompt: workflow passing cases', async () => {
  const findings = await runRule(RULE, {
    '.github/workflows/ok.yml': `on: push
jobs:
  short:
    runs-on: ubuntu-latest
    steps:
      - uses: anthropics/claude-code-action@v1
        with:
          prompt: "/review"
          claude_args: --append-system-prompt "Be brief." --max-turns 5
  ignored:
    runs-on: ubuntu-latest
    steps:
      # custom_instructions is a v0 input: @v1 ignores it (ineffective-setting reports that)
      - uses: anthropics/claude-code-action@v1
        with:
          custom_instructions: "${LONG}"
  file:
    runs-on: ubuntu-latest
    steps:
      - run: claude -p "go" --append-system-prompt-file .github/prompts/review.md
`
  })
  expectFindings(findings, [])
})

test('inline-system-prompt: code literals in TypeScript and Python', async () => {
  const findings = await runRule(RULE, {
    'agent/run.ts': `import { query } from '@anthropic-ai/claude-agent-sdk'

const REVIEWER = \`You are a reviewer.
${LONG}\`

for await (const m of query({ prompt, options: { systemPrompt: REVIEWER, maxTurns: 5 } })) {}
for await (const m of query({ prompt, options: { systemPrompt: REVIEWER, maxTurns: 9 } })) {}
for await (const m of query({
  prompt,
  options: { systemPrompt: { type: 'preset', preset: 'claude_code', append: "${LONG}" }, maxTurns: 5 }
})) {}
`,
    'agent/run.py': `from claude_agent_sdk import ClaudeAgentOptions

options = ClaudeAgentOptions(
    max_turns=5,
    system_prompt=f"""You help {user}.
${LONG}
""",
)
`,
    'api/chat.js': `const Anthropic = require("@anthropic-ai/sdk")
const client = new Anthropic()
client.messages.create({ system: [{ type: "text", text: "${LONG}" }], messages: [] })
`
  })
  expectFindings(findings, [
    { file: 'agent/run.py', line: 5, column: 19, endColumn: 39, message: '(`system_prompt`)' },
    // The constant used twice is reported once, at its literal.
    {
      file: 'agent/run.ts',
      line: 3,
      column: 18,
      endLine: 3,
      endColumn: 38,
      message: 'system prompt of about 2,505 tokens is a literal in the code (`systemPrompt`)'
    },
    { file: 'agent/run.ts', line: 10, column: 77, message: '(`systemPrompt`)' },
    { file: 'api/chat.js', line: 3, column: 57, message: 'about 2,500 tokens is a literal in the code (`system`)' }
  ])
})

test('inline-system-prompt: code passing cases', async () => {
  const findings = await runRule(RULE, {
    // OK: loaded from a file
    'load.ts': `import { query } from '@anthropic-ai/claude-agent-sdk'
import { readFileSync } from 'node:fs'
const systemPrompt = readFileSync('prompts/system.md', 'utf8')
query({ prompt: 'x', options: { systemPrompt, maxTurns: 3 } })
`,
    'load.py': `import anthropic
from pathlib import Path
SYSTEM = Path("prompts/system.md").read_text()
anthropic.Anthropic().messages.create(system=SYSTEM, messages=[])
`,
    // OK: short prompts
    'short.py': `import anthropic\nanthropic.Anthropic().messages.create(system="Be brief.", messages=[])\n`,
    // OK: a long user prompt is not a system prompt
    'user.py': `import anthropic\nanthropic.Anthropic().messages.create(messages=[{"role": "user", "content": "${LONG}"}])\n`,
    // OK: imported from a prompts module the rule does not treat as API code
    'prompts.py': `SYSTEM = "${LONG}"\n`,
    // OK: not Anthropic code
    'other.ts': `const o = { system: "${LONG}" }\n`
  })
  expectFindings(findings, [])
})

test('inline-system-prompt: minTokens option', async () => {
  const files = {
    'a.py': `import anthropic\nanthropic.Anthropic().messages.create(system="${prose(600)}", messages=[])  # NOT OK at 500\n`
  }
  expectFindings(await runRule(RULE, files), [])
  expectFindings(await runRule(RULE, files, { options: { minTokens: 500 } }), [{ file: 'a.py', line: 2, column: 46 }])
})

test('inline-system-prompt: a prompt behind a TypeScript cast, and a typed Python parameter default', async () => {
  const findings = await runRule(RULE, {
    'agent/cast.ts': `import { query } from '@anthropic-ai/claude-agent-sdk'

const REVIEWER = \`${LONG}\`
query({ prompt, options: { systemPrompt: REVIEWER as string, maxTurns: 5 } })
`,
    'agent/brain.py': `import anthropic


class Brain:
    def call(self, prompt: str, system: str = "${LONG}") -> str:
        return anthropic.Anthropic().messages.create(system=system, messages=[])
`
  })
  expectFindings(findings, [
    { file: 'agent/brain.py', line: 5, column: 47, message: '(`system`)' },
    { file: 'agent/cast.ts', line: 3, column: 18, message: '(`systemPrompt`)' }
  ])
})

test('inline-system-prompt: a flag in a repository script points into the script (offsets past the run: line once made the audit loop)', async () => {
  const findings = await runRule(RULE, {
    '.github/workflows/docs.yml': `on: push
jobs:
  docs:
    runs-on: ubuntu-latest
    steps:
      - run: ./scripts/ai.sh
`,
    'scripts/ai.sh': `#!/bin/bash
set -e
echo "starting the documentation pass"
claude -p "fix the docs" --append-system-prompt "${LONG}"
`
  })
  expectFindings(findings, [{ file: 'scripts/ai.sh', line: 4, column: 49, message: 'system prompt of about 2,500 tokens' }])
})
