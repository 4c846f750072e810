import { test } from 'node:test'
import assert from 'node:assert/strict'
import { runRule, expectFindings } from './harness.js'
import { withArticle } from '../../src/rules/shell-startup-credentials.js'
import { make } from '../secrets/generate.js'

const RULE = 'shell-startup-credentials'

test('shell-startup-credentials: live keys and database passwords in .envrc, .env and devcontainer env', async () => {
  const stripe = make.stripeLive()
  const pw = make.password()
  const aws = make.awsKeyId()
  const findings = await runRule(RULE, {
    '.envrc': `export STRIPE_SECRET_KEY=${stripe}\nexport OTHER=$FROM_VAULT # OK: reference\n`,
    '.env': `DATABASE_URL=postgres://app:${pw}@db.prod.internal:5432/app\n`,
    '.env.example': 'DATABASE_URL=postgres://app:changeme@localhost/app # OK: placeholder\n',
    '.devcontainer/devcontainer.json': `{\n  "name": "dev",\n  "containerEnv": { "AWS_ACCESS_KEY_ID": "${aws}" },\n  "image": "node:24"\n}\n`
  })
  expectFindings(findings, [
    { file: '.devcontainer/devcontainer.json', line: 3, column: 43, severity: 'high', message: '`containerEnv`' },
    { file: '.env', line: 1, column: 29, endColumn: 29 + pw.length, message: 'Password' },
    { file: '.envrc', line: 1, column: 26, endColumn: 26 + stripe.length, message: 'Stripe' }
  ])
  assert.ok(!JSON.stringify(findings).includes(stripe))
})

test('shell-startup-credentials: a .env file is read by the tools that load it, not by shells', async () => {
  const stripe = make.stripeLive()
  const findings = await runRule(RULE, {
    '.env.production': `NODE_ENV=production\nSTRIPE_SECRET_KEY=${stripe}\n`,
    'web/.env': `STRIPE_SECRET_KEY=${stripe}\n`,
    '.envrc': `export STRIPE_SECRET_KEY=${stripe}\n`
  })
  expectFindings(findings, [
    {
      file: '.env.production',
      line: 2,
      column: 19,
      endColumn: 19 + stripe.length,
      severity: 'high',
      message:
        'that looks live: committed, it is readable by everyone with access to the repository and by Claude Code; the tools that load a `.env` file (dotenv, Vite, webpack, Next.js, docker compose), not shell startup, put it in the environment of the process they run'
    },
    { file: '.envrc', line: 1, column: 26, severity: 'high', message: ': every shell that loads it — and Claude Code with every command it runs — inherits the credential' },
    { file: 'web/.env', line: 1, column: 19, severity: 'high', message: 'web/.env holds a Stripe live secret key (' }
  ])
  assert.ok(!findings[0].message.includes('every shell'))
  assert.match(findings[0].tip ?? '', /^rotate the key, stop committing the file/)
  assert.ok(!JSON.stringify(findings).includes(stripe))
})

test('shell-startup-credentials: startup files without credentials pass', async () => {
  const findings = await runRule(RULE, {
    '.bashrc': 'export PATH="$HOME/bin:$PATH"\nalias ll="ls -la"\n',
    '.zshrc': 'export EDITOR=vim\n'
  })
  expectFindings(findings, [])
})

test('shell-startup-credentials: "an" before a label that starts with a vowel sound', async () => {
  const anthropic = make.anthropicApi()
  const aws = make.awsKeyId()
  const stripe = make.stripeLive()
  const findings = await runRule(RULE, {
    '.envrc': `export ANTHROPIC_API_KEY=${anthropic}\nexport STRIPE_SECRET_KEY=${stripe}\n`,
    '.devcontainer/devcontainer.json': `{\n  "containerEnv": { "AWS_ACCESS_KEY_ID": "${aws}" }\n}\n`
  })
  expectFindings(findings, [
    {
      file: '.devcontainer/devcontainer.json',
      line: 2,
      column: 43,
      severity: 'high',
      message: '.devcontainer/devcontainer.json puts an AWS access key ID ('
    },
    { file: '.envrc', line: 1, column: 26, severity: 'high', message: '.envrc sets an Anthropic API key (' },
    { file: '.envrc', line: 2, column: 26, severity: 'high', message: '.envrc sets a Stripe live secret key (' }
  ])
})

test('withArticle: by the first sound, acronyms by their first letter', () => {
  assert.deepEqual(
    ['Anthropic API key', 'AWS access key ID', 'npm access token', 'OpenAI API key', 'JSON Web Token', 'PyPI API token', 'SSH key', 'URL', 'user token', 'Slack bot token'].map(withArticle),
    ['an Anthropic API key', 'an AWS access key ID', 'an npm access token', 'an OpenAI API key', 'a JSON Web Token', 'a PyPI API token', 'an SSH key', 'a URL', 'a user token', 'a Slack bot token']
  )
})

test('shell-startup-credentials: templates, test environments and commented-out lines are not production credentials', async () => {
  const pw = make.password()
  const stripe = make.stripeLive()
  const findings = await runRule(RULE, {
    '.env.example': `API_SECRET=${pw}\nAUTH_SECRET=generate-with-openssl-rand-base64-32\n`,
    '.env.test.example': `API_SECRET=${pw}\n`,
    '.env.testing': `API_SECRET=${pw}\n`,
    '.envrc': `# export API_SECRET=${pw}\n`,
    // A verified provider key in a template is still committed: reported, but not as an export.
    '.env.sample': `STRIPE_SECRET_KEY=${stripe}\n`
  })
  expectFindings(findings, [
    { file: '.env.example', line: 1, severity: 'info', message: 'not reported as a production credential: in a template or test-environment file' },
    { file: '.env.sample', line: 1, severity: 'medium', message: 'that looks live, in a template or test-environment file: no shell exports it' },
    { file: '.env.test.example', line: 1, severity: 'info', message: 'template or test-environment' },
    { file: '.env.testing', line: 1, severity: 'info', message: 'template or test-environment' },
    { file: '.envrc', line: 1, severity: 'info', message: 'on a commented-out line' }
  ])
  assert.ok(!JSON.stringify(findings).includes(pw))
})

test('shell-startup-credentials: generic secrets of an env file for local development are development values', async () => {
  const pw = make.password()
  const stripe = make.stripeLive()
  const findings = await runRule(RULE, {
    // The file says it configures local development: its session key is a development value.
    'backend/.env.shared': `DJANGO_DEBUG=on\nDJANGO_SECRET_KEY=${pw}\nENVIRONMENT_NAME=local\n`,
    // NOT OK: a verified provider key and a password for a real host stay reported there too.
    'web/.env': `NODE_ENV=development\nSTRIPE_SECRET_KEY=${stripe}\nDATABASE_URL=postgres://app:${pw}@db.prod.internal:5432/app\n`,
    // NOT OK: production says nothing of the kind.
    'api/.env': `NODE_ENV=production\nSESSION_SECRET=${pw}\n`
  })
  expectFindings(findings, [
    { file: 'api/.env', line: 2, severity: 'high', message: 'api/.env holds' },
    {
      file: 'backend/.env.shared',
      line: 2,
      severity: 'info',
      message: 'not reported as a production credential: in an environment file for local development (it sets ENVIRONMENT_NAME=local)'
    },
    { file: 'web/.env', line: 2, severity: 'high', message: 'Stripe' },
    { file: 'web/.env', line: 3, severity: 'high', message: 'Password' }
  ])
  assert.ok(!JSON.stringify(findings).includes(pw))
})
