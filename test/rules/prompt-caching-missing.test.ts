import { test } from 'node:test'
import { runRule, expectFindings } from './harness.js'

const RULE = 'prompt-caching-missing'

/** Prose of about `tokens` estimated tokens (4 characters each), on one line. */
const prose = (tokens: number): string => 'Review carefully. '.repeat(Math.ceil((tokens * 4) / 18)).slice(0, tokens * 4)
const LONG = prose(1500)

test('prompt-caching-missing: TypeScript call with a constant system prompt and a known model', async () => {
  const findings = await runRule(RULE, {
    'src/review.ts': `import Anthropic from '@anthropic-ai/sdk'

const client = new Anthropic()
const SYSTEM_PROMPT = "${LONG}"

export async function review(diff: string) {
  return client.messages.create({
    model: 'claude-sonnet-4-5-20250929',
    max_tokens: 1024,
    system: SYSTEM_PROMPT, // NOT OK: no cache_control
    messages: [{ role: 'user', content: diff }]
  })
}
`
  })
  expectFindings(findings, [
    {
      file: 'src/review.ts',
      line: 10,
      column: 5,
      endLine: 10,
      endColumn: 26,
      severity: 'low',
      message:
        'static system prompt of about 1,500 tokens is sent to the Messages API without `cache_control`: every call pays the full input price for it, while a cached prefix is read at 0.1× that price (written once at 1.25×); Claude Sonnet 4.5 caches prompts of 1,024 tokens or more'
    }
  ])
})

test('prompt-caching-missing: Python inline triple-quoted prompt, model unknown', async () => {
  const findings = await runRule(RULE, {
    'app/summarise.py': `import anthropic

client = anthropic.Anthropic()


def summarise(text, model):
    return client.messages.create(
        model=model,
        max_tokens=512,
        system="""You are a summariser.
${LONG}
""",  # NOT OK
        messages=[{"role": "user", "content": text}],
    )
`
  })
  expectFindings(findings, [
    {
      file: 'app/summarise.py',
      line: 10,
      column: 9,
      endLine: 10,
      endColumn: 40,
      message: 'the cacheable minimum is 512 to 4,096 tokens depending on the model'
    }
  ])
})

test('prompt-caching-missing: text blocks, concatenation, **params and the beta client', async () => {
  const findings = await runRule(RULE, {
    'agent.py': `from anthropic import Anthropic

PROMPT = (
    "${prose(600)}"
    "${prose(600)}"
)
PARAMS = {"model": "claude-opus-4-1", "system": PROMPT, "max_tokens": 100}
client = Anthropic()
client.beta.messages.create(**PARAMS, messages=[])  # NOT OK: resolved through the dict (reported at line 7)
client.messages.create(
    system=[{"type": "text", "text": PROMPT}],  # NOT OK: one block, no breakpoint
    messages=[],
)
`,
    'lib/stream.mjs': `import Anthropic from "@anthropic-ai/sdk";
const anthropic = new Anthropic();
const stream = anthropic.messages.stream({ system: ["${prose(700)}", "${prose(700)}"].join("\\n"), messages }); // NOT OK
`
  })
  expectFindings(findings, [
    // The call on line 9 takes its system prompt from the dict: the finding points at that entry.
    {
      file: 'agent.py',
      line: 7,
      column: 39,
      endColumn: 55,
      message:
        'about 1,200 tokens is sent to the Messages API without `cache_control`: every call pays the full input price for it, while a cached prefix is read at 0.1× that price (written once at 1.25×); Claude Opus 4.1 caches prompts of 1,024 tokens'
    },
    { file: 'agent.py', line: 11, column: 5, message: 'about 1,200 tokens' },
    { file: 'lib/stream.mjs', line: 3, column: 44, message: 'about 1,400 tokens' }
  ])
})

test('prompt-caching-missing: passing cases', async () => {
  const findings = await runRule(RULE, {
    // OK: cache_control somewhere in the file (a breakpoint on the system block)
    'cached.ts': `import Anthropic from '@anthropic-ai/sdk'
const client = new Anthropic()
const SYSTEM = "${LONG}"
await client.messages.create({
  model: 'claude-sonnet-4-5',
  system: [{ type: 'text', text: SYSTEM, cache_control: { type: 'ephemeral' } }],
  messages: []
})
`,
    // OK: top-level automatic caching
    'auto.py': `import anthropic
client = anthropic.Anthropic()
client.messages.create(model="claude-sonnet-4-5", system="${LONG}", cache_control={"type": "ephemeral"}, messages=[])
`,
    // OK: below the model's minimum (Haiku 4.5 caches from 4,096 tokens)
    'haiku.py': `import anthropic
MODEL = "claude-haiku-4-5"
client = anthropic.Anthropic()
client.messages.create(model=MODEL, system="${LONG}", messages=[])
`,
    // OK: short prompt
    'short.ts': `import Anthropic from '@anthropic-ai/sdk'
new Anthropic().messages.create({ system: 'You are terse.', messages: [] })
`,
    // OK: dynamic prompts are not a static prefix
    'dynamic.ts': `import Anthropic from '@anthropic-ai/sdk'
const client = new Anthropic()
export const run = (user: string) => client.messages.create({ system: \`Hello \${user}. ${LONG}\`, messages: [] })
`,
    'dynamic.py': `import anthropic
client = anthropic.Anthropic()
client.messages.create(system=f"Hello {user}. ${LONG}", messages=[])
client.messages.create(system=open("prompt.md").read(), messages=[])
`,
    // OK: unknown parameters (a spread could carry cache_control)
    'spread.ts': `import Anthropic from '@anthropic-ai/sdk'
const client = new Anthropic()
client.messages.create({ ...base, system: "${LONG}", messages: [] })
`,
    // OK: OpenAI's Assistants API is not the Messages API
    'openai.py': `# compare with anthropic
from openai import OpenAI
client = OpenAI()
client.beta.threads.messages.create(thread_id="t", role="user", content="${LONG}")
`,
    // OK: test fixtures and dependencies are not scanned
    'tests/test_prompt.py': `import anthropic\nanthropic.Anthropic().messages.create(system="${LONG}", messages=[])\n`,
    'node_modules/x/index.js': `const A = require('@anthropic-ai/sdk'); new A().messages.create({ system: "${LONG}" })\n`,
    // OK: not Anthropic code at all
    'other.ts': `client.messages.create({ system: "${LONG}" })\n`
  })
  expectFindings(findings, [])
})

test('prompt-caching-missing: a commented-out cache_control does not count', async () => {
  const findings = await runRule(RULE, {
    'bot.ts': `import Anthropic from '@anthropic-ai/sdk'
// TODO: cache_control
const client = new Anthropic()
/* system: [{ cache_control: { type: "ephemeral" } }] */
await client.messages.create({ system: "${LONG}", messages: [] }) // NOT OK
`
  })
  expectFindings(findings, [{ file: 'bot.ts', line: 5, column: 32 }])
})

test('prompt-caching-missing: minTokens option, and git grep in a repository', async () => {
  const files = {
    'svc/claude.py': `import anthropic
client = anthropic.AsyncAnthropic()
await client.messages.create(system="${LONG}", messages=[])  # NOT OK at the default 1,024
`,
    'svc/plain.py': `print("no SDK here")\n`
  }
  expectFindings(await runRule(RULE, files, { git: true }), [{ file: 'svc/claude.py', line: 3, column: 30 }])
  expectFindings(await runRule(RULE, files, { options: { minTokens: 2000 } }), [])
})

test('prompt-caching-missing: malformed and empty files do not break the rule', async () => {
  const findings = await runRule(RULE, {
    'broken.ts': `import Anthropic from '@anthropic-ai/sdk'\nclient.messages.create({ system: "${LONG}", `,
    'empty.py': '',
    'weird.py': `import anthropic\nclient.messages.create(system=\n`
  })
  expectFindings(findings, [])
})
