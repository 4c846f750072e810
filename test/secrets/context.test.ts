import { test } from 'node:test'
import assert from 'node:assert/strict'
import { isExampleHost, isTemplatePath, isWordIdentifier, isWordPassword, scanText } from '../../src/secrets/index.js'
import { checksummed, jwt, randGeneric, randMixed, ALNUM } from './generate.js'

/** The matches of a text as [kind, reason] pairs (reason '' when the match is reported as live). */
function verdicts(text: string, path?: string): [string, string][] {
  return scanText(text, path === undefined ? {} : { path }).map((m) => [m.kind, m.reason ?? ''])
}

test('placeholders and illustrative values are not credentials', () => {
  const cases = [
    'AUTH_SECRET=generate-with-openssl-rand-base64-32',
    'SESSION_SECRET=generate_a_long_random_string_here',
    'hydra -l admin -P rockyou.txt target http-post-form "/login:user=^USER^&pass=^PASS^:F=incorrect"',
    'password: SecurePass123!',
    'db_password = "Summer2024!"',
    'ADMIN_PASSWORD=Admin@123',
    'api_key: "abcdef1234567890"',
    'token: "xxxxxxxxxxxxxxxxxxxx"'
  ]
  for (const text of cases) assert.deepEqual(verdicts(text, 'config/app.yml'), [], text)
})

test('non-secret keys and identifier-shaped values do not fire', () => {
  const cases = [
    'key: "user-123-update"',
    'deduplicationKey: "user_123-daily"',
    '{ "key": "X-Content-Type-Options", "value": "nosniff" }',
    'debounceKey: "search-input-2"',
    'queryKey: "users:list:v2"',
    'stripeKey: "pk_live_51Hh2kLJd8sK2mX9aQ7wPz3R"'
  ]
  for (const text of cases) assert.deepEqual(verdicts(text, 'src/app.json'), [], text)
  assert.ok(isWordIdentifier('user-123-update'))
  assert.ok(!isWordIdentifier('aZ9kQ2-xP7mW4-tR8vL1'), 'random parts are not words')
  assert.ok(isWordIdentifier('integration-e2e') && isWordIdentifier('cache:v2:users') && isWordIdentifier('build-arm64'), 'numeronyms and versions beside a word')
  assert.ok(!isWordIdentifier('e2e-k8s') && !isWordIdentifier('ab12-cd34') && !isWordIdentifier('deploy-a1b2c3'), 'no word part, or a part with digits between letters twice')
  assert.ok(isWordPassword('SecurePass123!'))
  assert.ok(!isWordPassword('kX9!mQ2pLw7z'), 'random passwords are not word passwords')
})

test('a random value under a secret-named key is still a live credential', () => {
  const v = randGeneric(ALNUM, 32)
  assert.deepEqual(verdicts(`API_TOKEN=${v}`, 'config/app.env'), [['generic-secret', '']])
  const pw = randMixed(ALNUM, 16)
  assert.deepEqual(verdicts(`password: "${pw}"`, '.claude/settings.json'), [['generic-secret', '']])
})

test('a query value ends at `&`, and URLs on example hosts are examples', () => {
  const v = randGeneric(ALNUM, 24)
  // The case: a short token in an example URL of a pentest skill.
  assert.deepEqual(verdicts('curl "https://target.com/reset?token=abc123&user=victim"', 'scripts/poc.sh'), [])
  const [m] = scanText(`curl "https://target.com/reset?token=${v}&user=victim"`, { path: 'scripts/poc.sh' })
  assert.equal(m?.end, m ? m.start + v.length : -1, 'the value stops before `&user`')
  assert.equal(m?.reason, 'part of a URL on an example or local host (target.com)')
  const [live] = scanText(`curl "https://api.acme-corp.io/v1?token=${v}&x=1"`, { path: 'scripts/poc.sh' })
  assert.equal(live?.reason, undefined, 'a real host stays a live credential')
  const [local] = scanText(`DATABASE_URL=postgres://app:${v}@localhost:5432/app`, { path: 'config/app.env' })
  assert.match(local?.reason ?? '', /local host \(localhost\)/)
  for (const h of ['example.com', 'api.example.org', 'svc.test', 'x.invalid', 'localhost', '127.0.0.1', 'victim.com'])
    assert.ok(isExampleHost(h), h)
  for (const h of ['github.com', 'examples.io', 'testing.com']) assert.ok(!isExampleHost(h), h)
})

test('documentation, templates, test environments and comments demote generic values, not verified provider keys', () => {
  const v = randGeneric(ALNUM, 32)
  assert.match(verdicts(`API_TOKEN=${v}`, '.claude/skills/deploy/SKILL.md')[0]?.[1] ?? '', /^in documentation/)
  assert.deepEqual(verdicts(`API_TOKEN=${v}`, 'CLAUDE.md'), [['generic-secret', '']], 'memory files are loaded into every session')
  assert.deepEqual(verdicts(`API_TOKEN=${v}`, '.claude/rules/db.md'), [['generic-secret', '']])
  assert.match(verdicts(`API_TOKEN=${v}`, '.env.example')[0]?.[1] ?? '', /template/)
  assert.match(verdicts(`API_TOKEN=${v}`, 'test/fixtures/app.json')[0]?.[1] ?? '', /test or example file/)
  assert.deepEqual(verdicts(`API_TOKEN: ${v}`, '.github/workflows/test.yml'), [['generic-secret', '']], 'a workflow is not a fixture')
  assert.match(verdicts(`# export API_TOKEN=${v}`, '.envrc')[0]?.[1] ?? '', /commented-out/)
  assert.match(verdicts(`  // "token": "${v}"`, '.claude/settings.json')[0]?.[1] ?? '', /commented-out/)
  const gh = checksummed('ghp_')
  assert.deepEqual(verdicts(`GITHUB_TOKEN=${gh}`, '.claude/skills/deploy/SKILL.md'), [['github-pat', '']])
  assert.deepEqual(verdicts(`# export GITHUB_TOKEN=${gh}`, '.envrc'), [['github-pat', '']])
  for (const p of ['.env.example', '.env.sample', '.env.template', 'docker/.env.local.example', '.env.test', '.env.test.local', '.env.testing', 'config.env.dist'])
    assert.ok(isTemplatePath(p), p)
  for (const p of ['.claude/settings.example.json', 'config.yml.tmpl']) assert.ok(isTemplatePath(p), p)
  for (const p of ['.env', '.env.production', '.envrc', '.env.local', 'contest/.env', '.github/workflows/publish-dist.yml', '.github/workflows/test.yml'])
    assert.ok(!isTemplatePath(p), p)
})

test('public-by-design tokens carry the reason', () => {
  const anon = jwt({ iss: 'supabase', role: 'anon' })
  assert.match(verdicts(`SUPABASE_KEY=${anon}`, 'app/config.env')[0]?.[1] ?? '', /public by design/)
  const service = jwt({ iss: 'supabase', role: 'service_role' })
  assert.deepEqual(verdicts(`SUPABASE_KEY=${service}`, 'app/config.env'), [['jwt', '']])
  const demo = jwt({ iss: 'supabase-demo', role: 'service_role' })
  assert.match(verdicts(`SUPABASE_KEY=${demo}`, 'app/config.env')[0]?.[1] ?? '', /^a documented test fixture: its `iss` claim is `supabase-demo`/)
  const lookalike = jwt({ iss: 'supabase-demo-prod', role: 'service_role' })
  assert.deepEqual(verdicts(`SUPABASE_KEY=${lookalike}`, 'app/config.env'), [['jwt', '']], 'only the exact demo issuer')
  const key = 'AIza' + randGeneric(ALNUM, 35)
  const firebase = `const firebaseConfig = {\n  apiKey: "${key}",\n  authDomain: "my-app.firebaseapp.com",\n}`
  assert.match(verdicts(firebase, '.claude/settings.json')[0]?.[1] ?? '', /Firebase web API key/)
  assert.deepEqual(verdicts(`GOOGLE_API_KEY=${key}`, '.claude/settings.json'), [['google-api-key', '']])
  // PostHog: the project key (phc_) is the one every page ships; the personal key (phx_) stays secret.
  const project = 'phc_' + randMixed(ALNUM, 43)
  assert.deepEqual(verdicts(`POSTHOG_API_KEY = '${project}'`, 'telemetry.py'), [['generic-secret', 'public by design: a PostHog project API key (it only sends events; the personal `phx_` key is the secret one)']])
  const personal = 'phx_' + randMixed(ALNUM, 43)
  assert.deepEqual(verdicts(`POSTHOG_API_KEY = '${personal}'`, 'telemetry.py'), [['generic-secret', '']])
})
