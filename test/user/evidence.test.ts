/** How a session started on this machine authenticates (Claude Code's precedence), and what it inherits: names only. */
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { authMethod, inheritedCredentials } from '../../src/user/evidence.js'
import type { EffectiveSettings } from '../../src/user/effective.js'

const NONE: EffectiveSettings = { settings: [], voidAllows: [] }
const withKeys = (...keys: string[]): EffectiveSettings => ({ settings: keys.map((key) => ({ key, shown: '(set)', sources: ['~/.claude/settings.json'] })), voidAllows: [] })

test('authMethod: cloud provider > bearer token > API key > apiKeyHelper > OAuth token > /login', () => {
  assert.deepEqual(authMethod({}, NONE), { method: 'the account signed in with /login (no key in the environment or settings)', keyOnMachine: false })
  assert.equal(authMethod({}, withKeys('env.CLAUDE_CODE_USE_BEDROCK', 'apiKeyHelper')).method, 'Amazon Bedrock (CLAUDE_CODE_USE_BEDROCK in the `env` of the settings): the cloud credentials of this machine pay for and reach the model')
  assert.equal(authMethod({ CLAUDE_CODE_USE_VERTEX: '1', ANTHROPIC_API_KEY: 'x' }, NONE).method.startsWith('Google Vertex AI (CLAUDE_CODE_USE_VERTEX in the environment)'), true)
  assert.equal(authMethod({ ANTHROPIC_API_KEY: 'x' }, withKeys('apiKeyHelper')).method, 'an API key (ANTHROPIC_API_KEY in the environment; `claude -p` always uses it)')
  assert.equal(authMethod({}, withKeys('apiKeyHelper')).method, 'an API key printed by apiKeyHelper (~/.claude/settings.json)')
  assert.equal(authMethod({ CLAUDE_CODE_OAUTH_TOKEN: 'x' }, NONE).method, 'a long-lived OAuth token (CLAUDE_CODE_OAUTH_TOKEN in the environment)')
  assert.equal(authMethod({ ANTHROPIC_API_KEY: '' }, NONE).keyOnMachine, false, 'an empty variable is not set')
})

test('inheritedCredentials: credential-looking names that are set, without paths, sockets or helpers', () => {
  const env = { GITHUB_TOKEN: 'x', AWS_SECRET_ACCESS_KEY: 'x', DATABASE_URL: 'x', STRIPE_API_KEY: 'x', SSH_AUTH_SOCK: '/tmp/s', AWS_SHARED_CREDENTIALS_FILE: '/x', NPM_TOKEN: '', PATH: '/bin', HOME: '/h' }
  assert.deepEqual(inheritedCredentials(env), ['AWS_SECRET_ACCESS_KEY', 'DATABASE_URL', 'GITHUB_TOKEN', 'STRIPE_API_KEY'])
})
