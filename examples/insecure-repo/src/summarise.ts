import Anthropic from '@anthropic-ai/sdk'
import { query } from '@anthropic-ai/claude-agent-sdk'

const client = new Anthropic()

export async function summarise(text: string): Promise<string> {
  const res = await client.messages.create({
    model: 'claude-sonnet-4-6',
    max_tokens: 1024,
    system: `You are the payments team's summariser. ${'Follow the house style guide closely. '.repeat(1)}`,
    messages: [{ role: 'user', content: text }]
  })
  return JSON.stringify(res.content)
}

export async function fixAll(): Promise<void> {
  for await (const m of query({ prompt: 'Fix every failing test', options: { permissionMode: 'acceptEdits' } })) {
    console.log(m)
  }
}
