import { test } from 'node:test'
import assert from 'node:assert/strict'
import { DETECTORS, isPlaceholder, scanText, type SecretMatch } from '../../src/secrets/index.js'
import { keywordsIn } from '../../src/secrets/scan.js'
import { base62, crc32, hasValidBase62Checksum } from '../../src/secrets/checksum.js'
import {
  ALNUM,
  BASE32,
  BASE64,
  DIGITS,
  HEX,
  LOWER,
  UPPER,
  URLSAFE,
  badChecksum,
  jwt,
  make,
  privateKeyPem,
  rand,
  randGeneric,
  randHexMixed,
  randMixed
} from './generate.js'
import { isWordy } from '../../src/secrets/heuristics.js'

type Confidence = SecretMatch['confidence']

/** Asserts that `text` yields exactly one match, of `kind`, exactly over `value`. */
function expectOne(text: string, value: string, kind: string, confidence?: Confidence, path?: string): SecretMatch {
  const matches = scanText(text, path === undefined ? {} : { path })
  const start = text.indexOf(value)
  assert.ok(start >= 0, 'value must occur in the text')
  assert.equal(
    matches.length,
    1,
    `expected one ${kind} match, got ${JSON.stringify(matches.map((m) => [m.kind, m.redacted]))} in ${JSON.stringify(text.slice(0, 200))}`
  )
  const m = matches[0] as SecretMatch
  assert.equal(m.kind, kind)
  assert.equal(m.start, start, `start of ${kind}`)
  assert.equal(m.end, start + value.length, `end of ${kind}`)
  if (confidence) assert.equal(m.confidence, confidence, `confidence of ${kind}`)
  assert.equal(m.label, DETECTORS.find((d) => d.id === kind)?.label)
  return m
}

function expectNone(text: string, path?: string): void {
  const matches = scanText(text, path === undefined ? {} : { path })
  assert.deepEqual(
    matches.map((m) => `${m.kind} ${m.redacted} @${m.start}`),
    [],
    `expected no match in ${JSON.stringify(text.slice(0, 240))}`
  )
}

// Contexts a provider token appears in: .env, JSON settings env, workflow YAML, shell, Markdown.
const CONTEXTS: ((v: string) => string)[] = [
  (v) => `SOME_VALUE=${v}\n`,
  (v) => `{\n  "env": {\n    "SERVICE_X": "${v}"\n  }\n}\n`,
  (v) => `jobs:\n  run:\n    steps:\n      - run: deploy --with '${v}'\n`,
  (v) => `Connect with \`${v}\` and restart.`,
  (v) => `line one\\n${v}\\nline three`
]

interface ProviderCase {
  kind: string
  make: () => string
  confidence: Confidence
}

const PROVIDER_CASES: ProviderCase[] = [
  { kind: 'anthropic-api-key', make: make.anthropicApi, confidence: 'high' },
  { kind: 'anthropic-admin-key', make: make.anthropicAdmin, confidence: 'high' },
  { kind: 'anthropic-oauth-token', make: make.anthropicOauth, confidence: 'high' },
  { kind: 'anthropic-oauth-token', make: () => 'sk-ant-' + 'oat01-' + rand(URLSAFE, 40), confidence: 'high' },
  { kind: 'anthropic-refresh-token', make: make.anthropicRefresh, confidence: 'high' },
  { kind: 'anthropic-session-token', make: make.anthropicSession, confidence: 'high' },
  { kind: 'anthropic-session-token', make: make.anthropicSessionSi, confidence: 'high' },
  { kind: 'aws-access-key-id', make: make.awsKeyId, confidence: 'high' },
  { kind: 'aws-access-key-id', make: make.awsSessionKeyId, confidence: 'high' },
  { kind: 'github-pat', make: make.githubPat, confidence: 'high' },
  { kind: 'github-oauth-token', make: make.githubOauth, confidence: 'high' },
  { kind: 'github-user-token', make: make.githubUser, confidence: 'high' },
  { kind: 'github-app-token', make: make.githubApp, confidence: 'high' },
  { kind: 'github-refresh-token', make: make.githubRefresh, confidence: 'high' },
  { kind: 'github-app-token', make: () => 'ghs_' + rand(ALNUM, 60), confidence: 'medium' },
  { kind: 'github-fine-grained-pat', make: make.githubFineGrained, confidence: 'high' },
  { kind: 'gitlab-pat', make: make.gitlabPat, confidence: 'high' },
  { kind: 'gitlab-pat', make: make.gitlabRoutable, confidence: 'medium' },
  { kind: 'stripe-secret-key', make: make.stripeLive, confidence: 'high' },
  { kind: 'stripe-restricted-key', make: make.stripeRestricted, confidence: 'high' },
  { kind: 'slack-bot-token', make: make.slackBot, confidence: 'high' },
  { kind: 'slack-user-token', make: make.slackUser, confidence: 'high' },
  { kind: 'slack-app-token', make: make.slackApp, confidence: 'high' },
  { kind: 'slack-legacy-token', make: make.slackLegacy, confidence: 'medium' },
  { kind: 'slack-webhook-url', make: make.slackWebhook, confidence: 'high' },
  { kind: 'openai-api-key', make: make.openaiProject, confidence: 'high' },
  { kind: 'openai-api-key', make: make.openaiLegacy, confidence: 'high' },
  { kind: 'openai-api-key', make: () => 'sk-' + 'proj-' + rand(URLSAFE, 120), confidence: 'medium' },
  { kind: 'google-api-key', make: make.google, confidence: 'high' },
  { kind: 'twilio-api-key', make: make.twilioApiKey, confidence: 'medium' },
  { kind: 'sendgrid-api-key', make: make.sendgrid, confidence: 'high' },
  { kind: 'npm-token', make: make.npm, confidence: 'high' },
  { kind: 'pypi-token', make: make.pypi, confidence: 'high' },
  { kind: 'huggingface-token', make: make.huggingface, confidence: 'high' },
  { kind: 'databricks-token', make: make.databricks, confidence: 'high' },
  { kind: 'jwt', make: () => jwt(), confidence: 'medium' }
]

for (const c of PROVIDER_CASES) {
  test(`${c.kind}: generated values are found with exact offsets in every context`, () => {
    for (let i = 0; i < 8; i++) {
      const value = c.make()
      for (const context of CONTEXTS) expectOne(context(value), value, c.kind, c.confidence)
    }
  })
}

test('every provider case kind is a detector, and there are at least 25 kinds', () => {
  const ids = new Set(DETECTORS.map((d) => d.id))
  assert.equal(ids.size, DETECTORS.length, 'detector ids are unique')
  assert.ok(ids.size >= 25, `only ${ids.size} detectors`)
  for (const c of PROVIDER_CASES) assert.ok(ids.has(c.kind), c.kind)
  for (const d of DETECTORS) {
    assert.match(d.id, /^[a-z0-9]+(?:-[a-z0-9]+)*$/)
    assert.ok(d.keywords.length > 0)
    for (const k of d.keywords) assert.equal(k, k.toLowerCase(), `${d.id} keyword ${k} must be lower-case`)
    assert.ok(d.pattern !== undefined || d.match !== undefined, d.id)
  }
})

// ---------------------------------------------------------------------------------------------
// Contextual provider kinds

test('aws-secret-access-key: assigned to an AWS secret key name (high) or near a key id (medium)', () => {
  for (let i = 0; i < 8; i++) {
    const secret = make.awsSecret()
    expectOne(`[default]\naws_secret_access_key = ${secret}\n`, secret, 'aws-secret-access-key', 'high')
    expectOne(`env:\n  AWS_SECRET_ACCESS_KEY: "${secret}"\n`, secret, 'aws-secret-access-key', 'high')
    expectOne(`{"secretAccessKey": "${secret}"}`, secret, 'aws-secret-access-key', 'high')
    expectOne(`export AWS_SECRET_KEY='${secret}'`, secret, 'aws-secret-access-key', 'high')
    const id = make.awsKeyId()
    const csv = `Access key ID,Secret access key\n${id},${secret}\n`
    const matches = scanText(csv)
    assert.deepEqual(
      matches.map((m) => [m.kind, m.start, m.end, m.confidence]),
      [
        ['aws-access-key-id', csv.indexOf(id), csv.indexOf(id) + 20, 'high'],
        ['aws-secret-access-key', csv.indexOf(secret), csv.indexOf(secret) + 40, 'medium']
      ]
    )
  }
})

test('aws-secret-access-key: assigned in markup, before a redirection, or after another secret-named key', () => {
  for (let i = 0; i < 8; i++) {
    const secret = make.awsSecret()
    const texts = [
      `<code>aws_secret_access_key=${secret}</code>`,
      `echo AWS_SECRET_ACCESS_KEY=${secret}>>.env`,
      `echo AWS_SECRET_ACCESS_KEY=${secret}<<EOF`,
      `key: AWS_SECRET_ACCESS_KEY=${secret}`,
      `token=AWS_SECRET_ACCESS_KEY=${secret}`,
      `--token AWS_SECRET_ACCESS_KEY=${secret} --verbose`,
      `env: aws_secret_access_key:${secret}`
    ]
    for (const text of texts) expectOne(text, secret, 'aws-secret-access-key', 'high')
  }
  const v = randGeneric(ALNUM, 32)
  expectOne(`password: API_TOKEN=${v}`, v, 'generic-secret', 'medium')
  expectOne(`token=token=token=${v}`, v, 'generic-secret', 'medium')
  for (const t of ['password: <your-password>', 'token=<token>', 'API_KEY=ANTHROPIC_API_KEY=', 'token=API_KEY=>x']) {
    expectNone(t)
  }
})

test('aws-secret-access-key: a long base64 run near a key id is not a secret key', () => {
  for (let i = 0; i < 8; i++) {
    const id = make.awsKeyId()
    const text = `key: ${id}\nblob: ${rand(BASE64, 400)}\n`
    expectOne(text, id, 'aws-access-key-id', 'high')
    const sha = `aws_access_key_id = ${id}\ncommit ${randHexMixed(40)}\n`
    expectOne(sha, id, 'aws-access-key-id', 'high')
  }
})

test('twilio-auth-token: in a Twilio auth-token assignment or a Twilio URL', () => {
  for (let i = 0; i < 8; i++) {
    const token = make.twilioAuthToken()
    const sid = make.twilioAccountSid()
    expectOne(`TWILIO_ACCOUNT_SID=${sid}\nTWILIO_AUTH_TOKEN=${token}\n`, token, 'twilio-auth-token', 'high')
    const url = `curl https://${sid}:${token}@api.twilio.com/2010-04-01/Accounts.json`
    expectOne(url, token, 'twilio-auth-token', 'high')
    // Without an account SID or a Twilio key name it is just a generic secret.
    expectOne(`# twilio setup\nGITHUB_AUTH_TOKEN=${token}\n`, token, 'generic-secret', 'medium')
  }
})

test('azure storage account key and shared access key in connection strings', () => {
  for (let i = 0; i < 8; i++) {
    const key = make.azureAccountKey()
    const cs = `DefaultEndpointsProtocol=https;AccountName=prodstore;AccountKey=${key};EndpointSuffix=core.windows.net`
    expectOne(cs, key, 'azure-storage-account-key', 'high')
    const sak = make.azureSharedAccessKey()
    const sb = `Endpoint=sb://prod.servicebus.windows.net/;SharedAccessKeyName=RootManageSharedAccessKey;SharedAccessKey=${sak}`
    expectOne(sb, sak, 'azure-shared-access-key', 'high')
  }
})

test('private-key: the whole PEM block, also JSON-escaped, with encrypted keys at medium', () => {
  for (const label of [
    'RSA PRIVATE KEY',
    'PRIVATE KEY',
    'OPENSSH PRIVATE KEY',
    'EC PRIVATE KEY',
    'PGP PRIVATE KEY BLOCK'
  ]) {
    const pem = privateKeyPem(label)
    expectOne(`# key\n${pem}\n`, pem, 'private-key', 'high')
    const escaped = pem.replace(/\n/g, '\\n')
    expectOne(
      `{"type": "service_account", "private_key": "${escaped}\\n", "client_email": "x"}`,
      escaped,
      'private-key',
      'high'
    )
  }
  const encrypted = privateKeyPem('ENCRYPTED PRIVATE KEY')
  expectOne(encrypted, encrypted, 'private-key', 'medium')
})

test('jwt: signed tokens are medium, public anon keys are marked public by design', () => {
  const token = jwt()
  const m = expectOne(`Authorization: Bearer ${token}`, token, 'jwt', 'medium')
  assert.ok(!m.redacted.includes(token.slice(0, 13)))
  assert.equal(m.reason, undefined)
  const anon = jwt({ role: 'anon' })
  const a = expectOne(`SUPABASE_ANON = "${anon}"`, anon, 'jwt', 'medium')
  assert.match(a.reason ?? '', /^public by design: .*`role` claim is `anon`/)
  const rs = jwt({}, 'RS256')
  expectOne(`"id_token": "${rs}"`, rs, 'jwt', 'medium')
})

test('connection-string-password: the password only, for each database scheme', () => {
  const schemes = [
    'postgres',
    'postgresql',
    'mysql',
    'mongodb',
    'mongodb+srv',
    'redis',
    'rediss',
    'amqp',
    'amqps',
    'mssql'
  ]
  for (const scheme of schemes) {
    const password = make.password()
    const url = `DATABASE_URL=${scheme}://app_user:${password}@db.prod.internal:5432/app?sslmode=require`
    expectOne(url, password, 'connection-string-password', 'high')
  }
  const password = make.password()
  expectOne(`redis://:${password}@cache.prod.internal:6379/0`, password, 'connection-string-password', 'high')
  expectOne(`"url": "postgres://app:${password}@localhost:5432/dev"`, password, 'connection-string-password', 'low')
  expectOne(`postgres://app:${password}@db:5432/dev`, password, 'connection-string-password', 'low')
  expectOne(
    `git clone https://deploy:${password}@git.corp.internal/repo.git`,
    password,
    'connection-string-password',
    'medium'
  )
})

// ---------------------------------------------------------------------------------------------
// Generic assignments

test('generic-secret: high-entropy values assigned to secret-named keys, in each syntax', () => {
  for (let i = 0; i < 8; i++) {
    const v = randGeneric(ALNUM, 32)
    const cases = [
      `API_TOKEN=${v}\n`,
      `export SERVICE_SECRET="${v}"\n`,
      `  client_secret: ${v}\n`,
      `{"apiKey": "${v}"}`,
      `"headers": {"X-Api-Key": "${v}"}`,
      `deploy --api-key ${v} --verbose`,
      `deploy --token=${v}`,
      `"args": ["-y", "@upstash/context7-mcp", "--api-key", "${v}"]`,
      `"args": [\n  "--token",\n  "${v}"\n]`,
      `cmd = ['tool', '--password', '${v}']`,
      `spring.datasource.password=${v}`,
      `SIGNING_KEY ?= ${v}`,
      `credentials = '${v}'`,
      `Authorization: Bearer ${v}`,
      `"Authorization": "Bearer ${v}"`,
      `//registry.npmjs.org/:_authToken=${v}`
    ]
    for (const text of cases) expectOne(text, v, 'generic-secret', 'medium')
  }
  const shortPassword = 'Tr0ub4' + 'dor&3x' // xkcd 936
  expectOne(`DB_PASSWORD=${shortPassword}`, shortPassword, 'generic-secret', 'low')
  const hex = randHexMixed(40)
  expectOne(`SECRET_KEY_BASE: ${hex}`.replace('SECRET_KEY_BASE', 'RAILS_SECRET'), hex, 'generic-secret', 'medium')
  const bare = randGeneric(ALNUM, 32)
  expectOne(`key: ${bare}`, bare, 'generic-secret', 'low')
})

test('generic-secret: a flag in an argument list takes the next quoted element only, and never a reference or a placeholder', () => {
  const v = randGeneric(ALNUM, 32)
  for (const t of [
    '"args": ["--api-key", "${CONTEXT7_API_KEY}"]',
    '"args": ["--api-key", "$CONTEXT7_API_KEY"]',
    '"args": ["--api-key", "YOUR_API_KEY"]',
    '"args": ["--token", "--verbose"]',
    `"args": ["token", "${v}"]`,
    `"args": ["--api-key", apiKey, "${v}"]`,
    `"args": ["--api-key"], "other": ["${v}"]`
  ])
    expectNone(t)
})

test('generic-secret: a provider match wins over the generic one on the same value', () => {
  const v = make.anthropicApi()
  expectOne(`ANTHROPIC_API_KEY=${v}`, v, 'anthropic-api-key', 'high')
  const gh = make.githubPat()
  expectOne(`{"env": {"GITHUB_TOKEN": "${gh}"}}`, gh, 'github-pat', 'high')
  const pw = make.password()
  expectOne(`DATABASE_PASSWORD_URL=postgres://u:${pw}@db.prod.internal/x`, pw, 'connection-string-password', 'high')
})

// ---------------------------------------------------------------------------------------------
// Negatives

const URL_REFS = [
  '${{ secrets.ANTHROPIC_API_KEY }}',
  '${ANTHROPIC_API_KEY}',
  '${ANTHROPIC_API_KEY:-}',
  '$ANTHROPIC_API_KEY',
  '%ANTHROPIC_API_KEY%'
]

test('references to secrets stored elsewhere are not secrets', () => {
  const texts = [
    'ANTHROPIC_API_KEY: ${{ secrets.ANTHROPIC_API_KEY }}',
    'anthropic_api_key: ${{ secrets.ANTHROPIC_API_KEY }}',
    '"ANTHROPIC_API_KEY": "${ANTHROPIC_API_KEY}"',
    'API_TOKEN=${API_TOKEN:-default-value-123}',
    'export GITHUB_TOKEN=$GH_TOKEN_FROM_VAULT',
    'set API_KEY=%MY_API_KEY_1%',
    'password: {{ .Values.db.password }}',
    'client_secret: "{{ vault_client_secret_2024 }}"',
    'api_key = os.environ["OPENAI_API_KEY"]',
    'const apiKey = process.env.ANTHROPIC_API_KEY',
    'token: ${{ github.token }}',
    'DB_PASSWORD=$(cat /run/secrets/db_password)',
    'OP_TOKEN=op://vault/item/credential',
    'aws_secret_access_key = ${AWS_SECRET_ACCESS_KEY}',
    'Authorization: Bearer ${TOKEN}',
    '"headers": {"Authorization": "Bearer ${GITHUB_PAT}"}',
    ...URL_REFS.map((r) => `DATABASE_URL=postgres://app:${r}@db.prod.internal:5432/app`),
    'DATABASE_URL=postgres://app:${{ secrets.DB_PASSWORD }}@db.prod.internal/app'
  ]
  for (const t of texts) expectNone(t)
})

test('placeholders and documented examples are not secrets', () => {
  const texts = [
    'ANTHROPIC_API_KEY=sk-ant-api03-...',
    'ANTHROPIC_API_KEY=sk-ant-api03-' + 'x'.repeat(93) + 'AA',
    'ANTHROPIC_API_KEY=sk-ant-api03-' + 'X'.repeat(93) + 'AA',
    'ANTHROPIC_API_KEY=sk-ant-api03-your-key-here',
    'ANTHROPIC_API_KEY="<your-api-key>"',
    'api_key: your-api-key-here',
    'API_KEY=changeme',
    'password: changeme123',
    'token: <token>',
    'GITHUB_TOKEN=ghp_' + 'x'.repeat(36),
    'GITHUB_TOKEN=ghp_XXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXX',
    'aws_access_key_id = AKIA' + 'IOSFODNN7EXAMPLE',
    'aws_secret_access_key = wJalrXUtnFEMI/' + 'K7MDENG/bPxRfiCY' + 'EXAMPLEKEY',
    'SECRET_KEY=example-secret-key-1234567890',
    'API_TOKEN=dummy_token_abcd1234efgh5678',
    'API_TOKEN=test-token-0123456789abcdefgh',
    'API_SECRET=' + 'a1'.repeat(16),
    'API_SECRET=aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa',
    'api_key = "sk-ant-api03-' + '*'.repeat(20) + '"',
    'DATABASE_URL=postgres://user:password@localhost:5432/db',
    'DATABASE_URL=postgres://postgres:postgres@db.prod.internal:5432/db',
    'amqp://guest:guest@rabbit.prod.internal:5672/',
    'mysql://root:root@mysql.internal/app',
    'postgres://app:hunter2@db.example.com/app',
    'https://user:pass@example.com/x',
    'jwt: ' +
      Buffer.from(JSON.stringify({ alg: 'none' })).toString('base64url') +
      '.' +
      'eyJzdWIiOiIxIn0' +
      '.' +
      rand(URLSAFE, 43),
    '-----BEGIN RSA PRIVATE KEY-----\n...\n-----END RSA PRIVATE KEY-----',
    '-----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASC...\n-----END PRIVATE KEY-----',
    'Put your key between -----BEGIN OPENSSH PRIVATE KEY----- and -----END OPENSSH PRIVATE KEY----- lines.',
    'AccountKey=Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1' + rand(BASE64, 54) + '=='
  ]
  for (const t of texts) expectNone(t)
})

test('look-alikes with a wrong length, charset or checksum are not secrets', () => {
  for (let i = 0; i < 4; i++) {
    const texts = [
      'sk-ant-' + 'api03-' + rand(URLSAFE, 92) + 'AA',
      'sk-ant-' + 'api03-' + rand(URLSAFE, 94) + 'AA',
      'sk-ant-' + 'api03-' + rand(URLSAFE, 93) + 'AB',
      'sk-ant-' + 'admin01-' + rand(URLSAFE, 92) + 'AA',
      'sk-ant-' + 'oat01-' + rand(URLSAFE, 39),
      'sk-ant-' + 'ort01-' + rand(URLSAFE, 20),
      'sk-ant-' + 'cc-' + rand(URLSAFE, 20),
      'AKIA' + rand(BASE32, 15),
      'AKIA' + rand(BASE32, 17),
      'AKIA' + rand(BASE32, 15) + '1',
      badChecksum('ghp_'),
      badChecksum('gho_'),
      badChecksum('ghu_'),
      badChecksum('ghs_'),
      badChecksum('ghr_'),
      badChecksum('npm_'),
      'ghp_' + rand(ALNUM, 35),
      'ghp_' + rand(ALNUM, 37),
      'npm_' + rand(ALNUM, 35),
      'github_' + 'pat_' + rand(ALNUM, 21) + '_' + rand(ALNUM, 59),
      'github_' + 'pat_' + rand(ALNUM, 22) + '_' + rand(ALNUM, 58),
      'glpat-' + rand(URLSAFE, 19),
      'sk_' + 'live_' + rand(ALNUM, 23),
      'sk_' + 'test_' + rand(ALNUM, 99),
      'xoxb-' + rand(DIGITS, 12) + '-' + rand(DIGITS, 13) + '-' + rand(ALNUM, 20),
      'xoxp-' + rand(DIGITS, 12) + '-' + rand(DIGITS, 12) + '-' + rand(ALNUM, 32),
      'https://hooks.slack.com/services/T' + rand(UPPER, 8) + '/B' + rand(UPPER, 10) + '/' + rand(ALNUM, 10),
      'sk-' + rand(ALNUM, 48),
      'sk-' + 'proj-' + rand(URLSAFE, 30),
      'AIza' + rand(URLSAFE, 34),
      'AIza' + rand(URLSAFE, 36),
      'SK' + rand(HEX, 31),
      'SK' + rand(DIGITS, 32),
      'SG.' + rand(URLSAFE, 21) + '.' + rand(URLSAFE, 43),
      'pypi-' + rand(URLSAFE, 160),
      'hf_' + rand(LOWER + UPPER, 33),
      'hf_' + rand(ALNUM, 34).replace(/[A-Za-z]/, '1') + '9',
      'dapi' + rand(HEX, 31),
      'dapi' + rand(DIGITS, 32),
      'eyJhbGciOiJIUzI1NiJ9.' + rand(URLSAFE, 10), // two parts only
      'eyJub3RKc29u.' + rand(URLSAFE, 20) + '.' + rand(URLSAFE, 43), // header is not JSON
      // a git commit SHA after an access key id is not an AWS secret
      'AKIA' + rand(BASE32, 16).slice(0, 0) + 'commit ' + randHexMixed(40)
    ]
    for (const t of texts) expectNone(`value ${t} end`)
    // In an assignment the generic detector may still report a high-entropy value, but never as
    // the provider kind.
    const short = scanText('DefaultEndpointsProtocol=https;AccountName=a;AccountKey=' + rand(BASE64, 85) + '==')
    assert.ok(short.every((m) => m.kind !== 'azure-storage-account-key'))
  }
})

test('secret-named keys with values that are not credentials stay silent', () => {
  const texts = [
    'max_tokens: 4096',
    'max_tokens = 200000',
    'token_url: https://auth.example.org/oauth/token',
    'public_key: ' + rand(BASE64, 44),
    'NEXT_PUBLIC_SUPABASE_KEY=' + rand(ALNUM, 32),
    'publishableKey: "pk_live_' + rand(ALNUM, 24) + '"',
    'secret_name: my-app-secret',
    'apiKeyHelper: ./scripts/get-api-key.sh',
    '"apiKeyHelper": "/usr/local/bin/fetch-key --profile prod"',
    'cache_key: node-modules-' + randHexMixed(16),
    "key: ${{ runner.os }}-node-${{ hashFiles('**/package-lock.json') }}",
    'auth: true',
    'password: false',
    'token: null',
    'auth_type: oauth2',
    'password_file: /run/secrets/password.txt',
    'passwordPolicy: strict',
    'api_key_env: ANTHROPIC_API_KEY',
    'API_KEY=ANTHROPIC_API_KEY',
    'key = config.settings.apiKey',
    'if token == "abc123def456ghi789":',
    'The auth token is rotated every 12 hours.',
    'compass: 0x1234567890abcdef',
    'monkey: ' + rand(ALNUM, 32),
    'csrf_token: ' + rand(ALNUM, 32),
    'next_page_token: ' + rand(ALNUM, 32),
    'sort_key: ' + rand(ALNUM, 32),
    'primary_key: id',
    'secret: abc',
    // code: identifiers and expressions assigned to token-named variables
    'type OpeningParenToken = OpeningParenToken$1;',
    'const hasExclamationToken = !!node.exclamationToken;',
    '\t\t\tnodeTypeKey: this.#language.nodeTypeKey,',
    'const nodeTypeKey = this.esqueryOptions?.nodeTypeKey || "type";',
    'lastSignificantToken = "?InterpolationInTemplate";',
    'nextLastSignificantToken = "?InterpolationInJSX";',
    '  credentials: kEnumerableProperty,',
    'const token = createToken(user, 3600);',
    'let secretKey = await vault.read(path);',
    // descriptions of secrets rather than secrets
    'const octokit = new Octokit({ auth: `personal-access-token123` })',
    'auth: "mypersonalaccesstoken2024"',
    // the "alg: none" JWT of a security write-up, with an empty signature
    "curl -H 'Authorization: Bearer eyJhbGciOiJub25lIn0.eyJleHAiOjB9.' https://api.local",
    "const myURL = new URL('https://a:b@example.org/path')"
  ]
  for (const t of texts) expectNone(t)
})

test('generic-secret: a registry key or a path assigned to a key-named variable is a locator, not a secret', () => {
  const texts = [
    // PowerShell in a workflow step: registry keys the installer writes
    "$uninstallKey = 'HKCU:\\Software\\Microsoft\\Windows\\CurrentVersion\\Uninstall\\HermesRelay'",
    "$productKey = 'HKCU:\\Software\\HermesRelay'",
    '$runKey = "HKLM:\\SOFTWARE\\Wow6432Node\\Acme\\Agent7"',
    `REG_KEY='HKEY_LOCAL_MACHINE\\SYSTEM\\CurrentControlSet\\Services\\Tcpip\\Parameters'`,
    "$policyKey = 'Registry::HKEY_CURRENT_USER\\Software\\Policies\\Vendor9'",
    // a path of words, however it is rooted
    `SIGNING_KEY='Software\\Vendor\\Signing\\Current'`,
    '$certKey = "C:\\ProgramData\\Acme\\certs\\agent-2024.pfx"',
    'deploy_key: D:/build/keys/deploy7.pem',
    'share_key = "\\\\fileserver01\\keys$\\deploy7"',
    `$cacheKey = '$env:LOCALAPPDATA\\Acme\\Cache9'`,
    `KEY_FILE_KEY='%APPDATA%\\Acme\\K3yStore'`
  ]
  for (const t of texts) expectNone(t)
  // A credential that merely contains `/` or `\` is still one: base64 keys (also one that starts
  // with `/`), passwords.
  for (let i = 0; i < 8; i++) {
    let b64: string
    do b64 = rand(ALNUM, 1) + rand(BASE64, 19) + '/' + rand(BASE64, 19) + '='
    while (isPlaceholder(b64))
    expectOne(`SERVICE_KEY=${b64}`, b64, 'generic-secret', 'medium')
    let padded: string
    // (`//` would start a protocol-relative URL.)
    do padded = '/' + rand(ALNUM, 1) + rand(BASE64, 37) + '='
    while (isPlaceholder(padded))
    expectOne(`SERVICE_KEY=${padded}`, padded, 'generic-secret', 'medium')
    let bare: string
    do bare = '/' + randMixed(ALNUM, 39)
    while (isPlaceholder(bare) || isWordy(bare))
    expectOne(`signing_secret: ${bare}`, bare, 'generic-secret', 'medium')
  }
  for (const path of ['/run/secrets/deploy7', '/home/runner/.config/gh/hosts9.yml', '/var/lib/app/keys/a3f9c2e1b7d4Q.pem']) expectNone(`TOKEN_FILE_KEY=${path}`)
  const slashy = 'Zq8v\\Kp2/xW9mT4rL'
  expectOne(`password = '${slashy}'`, slashy, 'generic-secret', 'medium')
})

// ---------------------------------------------------------------------------------------------
// Paths, ordering, overlaps

test('matches in test fixtures and examples get low confidence', () => {
  const v = make.anthropicApi()
  for (const path of [
    'test/fixtures/.env',
    'src/__tests__/auth.test.ts',
    'examples/app/.mcp.json',
    '.env.example',
    'spec/mocks/settings.json'
  ]) {
    expectOne(`ANTHROPIC_API_KEY=${v}`, v, 'anthropic-api-key', 'low', path)
  }
  for (const path of ['.claude/settings.json', 'CLAUDE.md', '.github/workflows/latest.yml', 'src/contest/app.ts']) {
    expectOne(`ANTHROPIC_API_KEY=${v}`, v, 'anthropic-api-key', 'high', path)
  }
})

test('scanText returns matches sorted by start, without overlaps', () => {
  const a = make.anthropicApi()
  const g = make.githubPat()
  const k = make.awsKeyId()
  const s = make.awsSecret()
  const p = make.password()
  const pem = privateKeyPem()
  const text = [
    `# settings`,
    `ANTHROPIC_API_KEY=${a}`,
    `GITHUB_TOKEN: "${g}"`,
    `aws_access_key_id = ${k}`,
    `aws_secret_access_key = ${s}`,
    `DATABASE_URL=postgres://svc:${p}@db.prod.internal/app`,
    pem,
    ''
  ].join('\n')
  const matches = scanText(text)
  assert.deepEqual(
    matches.map((m) => m.kind),
    [
      'anthropic-api-key',
      'github-pat',
      'aws-access-key-id',
      'aws-secret-access-key',
      'connection-string-password',
      'private-key'
    ]
  )
  for (let i = 1; i < matches.length; i++) {
    assert.ok((matches[i - 1] as SecretMatch).end <= (matches[i] as SecretMatch).start)
  }
  for (const m of matches) assert.ok(!m.redacted.includes(text.slice(m.start, m.end)))
})

test('empty and secret-free texts', () => {
  expectNone('')
  expectNone('# Project\n\nRun `npm test`. The API key lives in the ANTHROPIC_API_KEY secret.\n')
})

// ---------------------------------------------------------------------------------------------
// Checksums

test('CRC-32 and base62 checksum match known vectors', () => {
  assert.equal(crc32('123456789'), 0xcbf43926) // the standard CRC-32 check value
  assert.equal(crc32(''), 0)
  // Vector from Samsung CredSweeper's GitHub/npm checksum filter test: 31 zeros → "4WZ4EQ".
  assert.equal(base62(crc32('0'.repeat(31)), 6), '4WZ4EQ')
  assert.equal(base62(0, 6), '000000')
  assert.equal(base62(61), 'z')
  assert.equal(base62(62), '10')
  assert.ok(hasValidBase62Checksum(make.githubPat()))
  assert.ok(!hasValidBase62Checksum(badChecksum('ghp_')))
})

test('keyword prefilter: one pass finds exactly the keywords includes() finds, overlapping ones too', () => {
  const keywords = [...new Set(DETECTORS.flatMap((d) => d.keywords))]
  // Texts built from keyword pieces, so keywords overlap, nest (`sk` in `sk-ant-api03-`) and
  // follow one another a character apart (`skey`: `sk` at 0, `key` at 1). Fixed seed.
  let seed = 21
  const next = (n: number): number => {
    seed = (seed * 1103515245 + 12345) % 2147483648
    return seed % n
  }
  const texts = ['', 'skey', 'secret_accesskey', 'sk-ant-api03-sk', 'xsgg.sg.', 'passwordpwd', 'https://', keywords.join('')]
  for (let i = 0; i < 400; i++) {
    let t = ''
    for (let j = 0; j < 1 + next(8); j++) {
      const k = keywords[next(keywords.length)]
      t += next(3) === 0 ? k.slice(next(k.length)) : next(3) === 0 ? k.slice(0, 1 + next(k.length)) : k
    }
    texts.push(t)
  }
  for (const t of texts) {
    assert.deepEqual([...keywordsIn(t)].sort(), keywords.filter((k) => t.includes(k)).sort(), JSON.stringify(t))
  }
})

test('masked values (an ellipsis, bullets) are placeholders: the escaped mask characters still read as written', () => {
  assert.equal(isPlaceholder('Q7vK2mZp9Lr\u2026Xw4Tn8Bj'), true)
  assert.equal(isPlaceholder('Q7vK2mZp\u2022\u2022\u2022Xw4Tn8Bj'), true)
  assert.equal(isPlaceholder('Q7vK2mZp9LrXw4Tn8Bj'), false)
})
