import { test } from 'node:test'
import assert from 'node:assert/strict'
import { DETECTORS, runDetector, scanText } from '../../src/secrets/index.js'
import { BASE64, URLSAFE, make, privateKeyPem, rand, randGeneric, randLarge } from './generate.js'

const MB = 1 << 20

function fill(unit: string, size = MB): string {
  return unit.repeat(Math.ceil(size / unit.length)).slice(0, size)
}

/** CPU time of `fn` in milliseconds: robust against other processes loading the machine. */
function cpuMs(fn: () => void): number {
  const before = process.cpuUsage()
  fn()
  const used = process.cpuUsage(before)
  return (used.user + used.system) / 1000
}

// Inputs every detector must survive: long runs of one character, of token characters, of
// separators, and of the literals that start or continue a match.
const SHARED: Record<string, string> = {
  'a × 1 MB': 'a'.repeat(MB),
  '= × 1 MB': '='.repeat(MB),
  'base64 × 1 MB': randLarge(BASE64, MB),
  'base64url × 1 MB': randLarge(URLSAFE, MB),
  'sk-ant-api03- repeated': fill('sk-ant-api03-'),
  'password:␠ repeated': fill('password: ')
}

// Literals, in the case each detector's regex expects, that start or extend its matches.
const PREFIXES: Record<string, string[]> = {
  'anthropic-api-key': ['sk-ant-api03-'],
  'anthropic-admin-key': ['sk-ant-admin01-'],
  'anthropic-oauth-token': ['sk-ant-oat01-'],
  'anthropic-refresh-token': ['sk-ant-ort01-'],
  'anthropic-session-token': ['sk-ant-cc-', 'sk-ant-si-a.', 'sk-ant-cc-aaaaaaaa.'],
  'aws-access-key-id': ['AKIA', 'AKIAAAAAAAAAAAAAAAAA '],
  'aws-secret-access-key': ['AKIAAAAAAAAAAAAAAAAA ', 'aws_secret_access_key='],
  'github-pat': ['ghp_'],
  'github-oauth-token': ['gho_'],
  'github-user-token': ['ghu_'],
  'github-app-token': ['ghs_'],
  'github-refresh-token': ['ghr_'],
  'github-fine-grained-pat': ['github_pat_', 'github_pat_aaaaaaaaaaaaaaaaaaaaaa_'],
  'gitlab-pat': ['glpat-', 'glpat-aaaaaaaaaaaaaaaaaaaaaaaaaaa.'],
  'stripe-secret-key': ['sk_live_'],
  'stripe-restricted-key': ['rk_live_'],
  'slack-bot-token': ['xoxb-', 'xoxb-1234567890-'],
  'slack-user-token': ['xoxp-', 'xoxp-1234567890-'],
  'slack-app-token': ['xapp-1-', 'xapp-1-AAAAAAAAAA-1234567890-'],
  'slack-legacy-token': ['xoxa-', 'xoxr-1-'],
  'slack-webhook-url': ['https://hooks.slack.com/services/T', 'https://hooks.slack.com/services/TAAAAAAAA/BAAAAAAAA/'],
  'openai-api-key': ['sk-proj-', 'sk-', 'T3BlbkFJ'],
  'google-api-key': ['AIza'],
  'twilio-api-key': ['SK'],
  'twilio-auth-token': ['twilio_auth_token=', 'AC0123456789abcdef0123456789abcdef:'],
  'sendgrid-api-key': ['SG.', 'SG.aaaaaaaaaaaaaaaaaaaaaa.'],
  'npm-token': ['npm_'],
  'pypi-token': ['pypi-AgEIcHlwaS5vcmc'],
  'huggingface-token': ['hf_'],
  'databricks-token': ['dapi'],
  'azure-storage-account-key': ['AccountKey='],
  'azure-shared-access-key': ['SharedAccessKey='],
  'private-key': [
    '-----BEGIN RSA PRIVATE KEY-----',
    '-----BEGIN RSA PRIVATE KEY-----\nMIIE',
    '-----BEGIN ',
    '-----END '
  ],
  jwt: ['eyJ', 'eyJ.', 'eyJhbGciOiJIUzI1NiJ9.e30.'],
  'connection-string-password': ['postgres://', 'postgres://a:', 'https://a:b'],
  'generic-secret': ['API_TOKEN: "', '--token ', 'password=a']
}

/** Runs every (detector, input) pair once and returns [name, CPU ms] sorted slowest first. */
function timeAll(inputsFor: (id: string) => [string, string][]): [string, number][] {
  // Warm up (regex compilation and JIT), as a scan of a repository would after its first file.
  const sample = mixedText(64 * 1024).text
  for (const d of DETECTORS) runDetector(d, sample)
  const flat = (s: string): string => (s.search(/$/), s)
  const timings: [string, number][] = []
  for (const d of DETECTORS) {
    for (const [name, text] of inputsFor(d.id)) {
      flat(text) // a cons string is flattened before it is timed
      timings.push([`${d.id} on ${name}`, cpuMs(() => runDetector(d, text))])
    }
  }
  return timings.sort((a, b) => b[1] - a[1])
}

function report(t: { diagnostic: (m: string) => void }, timings: [string, number][]): number {
  const total = timings.reduce((sum, [, ms]) => sum + ms, 0)
  t.diagnostic(`total ${total.toFixed(0)} ms CPU over ${timings.length} runs of 1 MB`)
  for (const [name, ms] of timings.slice(0, 3)) t.diagnostic(`slowest: ${name}: ${ms.toFixed(1)} ms`)
  return total
}

test('every detector is linear: the adversarial 1 MB inputs take < 2 s of CPU in total', (t) => {
  const timings = timeAll(() => Object.entries(SHARED))
  const total = report(t, timings)
  assert.ok(total < 2000, `adversarial inputs took ${total.toFixed(0)} ms CPU`)
})

test('every detector is linear on its own literals: no 1 MB run takes over 1 s of CPU', (t) => {
  for (const d of DETECTORS) assert.ok(PREFIXES[d.id], `no adversarial prefixes for ${d.id}`)
  // A super-linear pattern needs minutes on these inputs; a linear one a few milliseconds.
  const timings = timeAll((id) =>
    (PREFIXES[id] ?? []).flatMap((p): [string, string][] => [
      [`${p} repeated`, fill(p)],
      [`${p} + 1 MB run`, p + 'a'.repeat(MB)],
      [`${p}␠ repeated`, fill(p + ' ')]
    ])
  )
  report(t, timings)
  const [slowest, ms] = timings[0] as [string, number]
  assert.ok(ms < 1000, `${slowest} took ${ms.toFixed(0)} ms CPU`)
})

/** About `size` characters of realistic configuration, code and prose with secrets sprinkled in. */
function mixedText(size: number): { text: string; secrets: number } {
  const chunks: string[] = []
  let length = 0
  let secrets = 0
  const filler = [
    'name: ci\non:\n  pull_request:\n    branches: [main]\njobs:\n  review:\n    runs-on: ubuntu-latest\n    timeout-minutes: 15\n',
    '    steps:\n      - uses: actions/checkout@v4\n      - uses: anthropics/claude-code-action@v1\n        with:\n          anthropic_api_key: ${{ secrets.ANTHROPIC_API_KEY }}\n',
    '{\n  "permissions": {\n    "allow": ["Bash(npm run test:*)"],\n    "deny": ["Read(./.env)", "Read(./secrets/**)"]\n  },\n  "env": { "MAX_TOKENS": "4096" }\n}\n',
    '# Project notes\n\nThe auth token is read from the environment; never commit a key. Run `npm test` before pushing.\n',
    'export function login(user: User, password: string): Promise<Session> {\n  const key = cache.get(user.id)\n  return api.post("/token", { user, password, key })\n}\n',
    'DATABASE_URL=${DATABASE_URL}\nREDIS_URL=redis://localhost:6379\nLOG_LEVEL=debug\nAPI_KEY=${API_KEY}\n',
    `data: ${rand(BASE64, 200)}\nsha: 3f2a9c1e5b7d8f0a4c6e2b1d9f8a7c6e5d4b3a21\n`
  ]
  const secretMakers = [
    () => `ANTHROPIC_API_KEY=${make.anthropicApi()}\n`,
    () => `GITHUB_TOKEN: "${make.githubPat()}"\n`,
    () => `aws_access_key_id = ${make.awsKeyId()}\n`,
    () => `DATABASE_URL=postgres://svc:${make.password()}@db.prod.internal/app\n`,
    () => `client_secret: ${randGeneric(URLSAFE, 40)}\n`,
    () => privateKeyPem() + '\n'
  ]
  let i = 0
  while (length < size) {
    const chunk =
      i % 97 === 0
        ? (secretMakers[(i / 97) % secretMakers.length] as () => string)()
        : (filler[i % filler.length] as string)
    if (i % 97 === 0) secrets++
    chunks.push(chunk)
    length += chunk.length
    i++
  }
  return { text: chunks.join(''), secrets }
}

test('throughput on 5 MB of mixed text', (t) => {
  const { text, secrets } = mixedText(5 * MB)
  scanText(text.slice(0, 64 * 1024)) // warm up
  const started = performance.now()
  let matches = 0
  const cpu = cpuMs(() => {
    matches = scanText(text).length
  })
  const wall = performance.now() - started
  const mb = text.length / MB
  t.diagnostic(
    `${mb.toFixed(1)} MB: ${wall.toFixed(0)} ms wall (${(mb / (wall / 1000)).toFixed(1)} MB/s), ${cpu.toFixed(0)} ms CPU (${(mb / (cpu / 1000)).toFixed(1)} MB/s), ${matches} matches`
  )
  assert.equal(matches, secrets)
  assert.ok(cpu < 20000, `5 MB took ${cpu.toFixed(0)} ms CPU`)
})
