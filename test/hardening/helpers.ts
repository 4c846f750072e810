/**
 * Shared pieces of the hardening tests: a seeded PRNG and key makers (so fuzz
 * runs are reproducible from one seed), realistic seed documents, CPU-time
 * measurement and leak checks. No credential literal is written here: every
 * key-shaped value is built from random characters at test time.
 */
import { existsSync } from 'node:fs'
import { dirname, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { base62, crc32 } from '../../src/secrets/checksum.js'
import { isPlaceholder } from '../../src/secrets/heuristics.js'

const HERE = dirname(fileURLToPath(import.meta.url))
/** Repository root. */
export const ROOT = resolve(HERE, '..', '..')

/** The bundled CLI (`npm run build`); `CLAUDE_CODE_AUDIT_CLI` points elsewhere. */
export const CLI = resolve(ROOT, process.env.CLAUDE_CODE_AUDIT_CLI ?? 'dist/cli.js')
/** True when the bundled CLI exists (its tests are skipped otherwise). */
export const HAVE_CLI = existsSync(CLI)

/** Seed of every fast-check property in a run; set FUZZ_SEED to replay a failure. */
export const FUZZ_SEED = process.env.FUZZ_SEED !== undefined ? Number(process.env.FUZZ_SEED) : 0x5eed_c0de

/** mulberry32: a small deterministic PRNG, returning floats in [0, 1). */
export function prng(seed: number): () => number {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

const UPPER = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ'
const LOWER = 'abcdefghijklmnopqrstuvwxyz'
const DIGITS = '0123456789'
const ALNUM = UPPER + LOWER + DIGITS
const URLSAFE = ALNUM + '_-'
const BASE64 = ALNUM + '+/'
const BASE32 = UPPER + '234567'

/** Random string over `charset` from `rnd`, redrawn while it reads as a placeholder. */
export function seededString(rnd: () => number, charset: string, length: number): string {
  for (;;) {
    let s = ''
    for (let i = 0; i < length; i++) s += charset[Math.floor(rnd() * charset.length)]
    // Every character class of the charset occurs (as in real keys), so no detector sees a word.
    const classes = [/[A-Z]/, /[a-z]/, /[0-9]/].filter((c) => c.test(charset))
    if (!isPlaceholder(s) && !isPlaceholder(s, { random: true }) && classes.every((c) => c.test(s))) return s
  }
}

/** A planted secret: the text to place (with any context it needs) and the secret part of it. */
export interface Planted {
  kind: string
  /** What goes into the file, e.g. `aws_secret_access_key = <secret>`. */
  text: string
  /** The confidential part, which must never reach an output. */
  secret: string
}

/** Key makers over a seeded PRNG, one per kind the hardening tests plant. */
export const seededKeys: Record<string, (rnd: () => number) => Planted> = {
  anthropicApi: (r) => plain('anthropic-api-key', 'sk-ant-' + 'api03-' + seededString(r, URLSAFE, 93) + 'AA'),
  anthropicAdmin: (r) => plain('anthropic-admin-key', 'sk-ant-' + 'admin01-' + seededString(r, URLSAFE, 93) + 'AA'),
  anthropicOauth: (r) => plain('anthropic-oauth-token', 'sk-ant-' + 'oat01-' + seededString(r, URLSAFE, 95) + 'AA'),
  awsKeyId: (r) => plain('aws-access-key-id', 'AKIA' + seededString(r, BASE32, 16)),
  awsSecret: (r) => {
    const secret = seededString(r, BASE64, 40)
    return { kind: 'aws-secret-access-key', text: `aws_secret_access_key = ${secret}`, secret }
  },
  githubPat: (r) => {
    const random = seededString(r, ALNUM, 30)
    return plain('github-pat', 'ghp_' + random + base62(crc32(random), 6))
  },
  slackBot: (r) =>
    plain(
      'slack-bot-token',
      'xoxb-' + seededString(r, DIGITS, 12) + '-' + seededString(r, DIGITS, 13) + '-' + seededString(r, ALNUM, 24)
    ),
  stripeLive: (r) => plain('stripe-secret-key', 'sk_' + 'live_' + seededString(r, ALNUM, 99)),
  privateKey: (r) => {
    const body = ('MII' + seededString(r, BASE64, 600)).match(/.{1,64}/g) as string[]
    const pem = `-----BEGIN ${'RSA PRIVATE'} KEY-----\n${body.join('\n')}\n-----END ${'RSA PRIVATE'} KEY-----`
    return { kind: 'private-key', text: pem, secret: body.join('\n').slice(3) }
  },
  dbPassword: (r) => {
    const secret = seededString(r, ALNUM, 14) + '!~' + seededString(r, DIGITS, 2)
    return {
      kind: 'connection-string-password',
      text: `postgres://app:${secret}@db.acme-prod.internal:5432/app`,
      secret
    }
  }
}

function plain(kind: string, value: string): Planted {
  return { kind, text: value, secret: value }
}

/** A fixed set of planted keys (same seed → same keys). */
export function plantedSet(seed: number): Record<string, Planted> {
  const r = prng(seed)
  return Object.fromEntries(Object.entries(seededKeys).map(([k, f]) => [k, f(r)]))
}

/** Length of the window used by the leak checks: MAX_VISIBLE + 1. */
export const LEAK_WINDOW = 13

/**
 * The first window of `LEAK_WINDOW` consecutive characters of `secret` found
 * in `output`, or undefined. Windows that also occur in `allowed` (text the
 * output may legitimately quote, e.g. the surroundings of a planted key) are
 * ignored. Secrets shorter than the window never leak by this measure.
 */
export function leakedWindow(secret: string, output: string, allowed = ''): string | undefined {
  // A value shorter than the window cannot show more than 12 of its characters.
  for (let i = 0; i + LEAK_WINDOW <= secret.length; i++) {
    const w = secret.slice(i, i + LEAK_WINDOW)
    if (output.includes(w) && !allowed.includes(w)) return w
  }
  return undefined
}

/** Length of the longest run of consecutive characters of `value` that occurs in `output`. */
export function longestShared(value: string, output: string): number {
  let best = 0
  for (let i = 0; i < value.length; i++) {
    let len = best + 1
    while (i + len <= value.length && output.includes(value.slice(i, i + len))) {
      best = len
      len++
    }
  }
  return best
}

/** CPU time (user + system, ms) spent by `fn`, with its result. */
export function cpuTimed<T>(fn: () => T): { value: T; ms: number } {
  const start = process.cpuUsage()
  const value = fn()
  const used = process.cpuUsage(start)
  return { value, ms: (used.user + used.system) / 1000 }
}

// ---------------------------------------------------------------------------
// Realistic seed documents for mutation.

/** Seeds built around one planted set, so mutated inputs carry key-shaped strings. */
export function seedDocuments(keys: Record<string, Planted>): Record<string, string> {
  const k = (name: string): string => (keys[name] as Planted).text
  const workflow = [
    'name: Claude',
    'on:',
    '  pull_request_target:',
    '    types: [opened, synchronize]',
    '  issue_comment:',
    'env:',
    '  ANTHROPIC_API_KEY: ${{ secrets.ANTHROPIC_API_KEY }}',
    `  AWS_ACCESS_KEY_ID: ${k('awsKeyId')}`,
    `  DATABASE_URL: "${k('dbPassword')}"`,
    'defaults: &defaults',
    '  runs-on: ubuntu-latest',
    '  timeout-minutes: 10',
    'jobs:',
    '  review:',
    '    <<: *defaults',
    '    permissions: { contents: read, pull-requests: write }',
    '    steps:',
    '      - uses: actions/checkout@v4',
    '        with:',
    '          ref: ${{ github.event.pull_request.head.sha }}',
    '          persist-credentials: false',
    '      - uses: anthropics/claude-code-action@v1',
    '        with:',
    '          anthropic_api_key: ${{ secrets.ANTHROPIC_API_KEY }}',
    '          prompt: |',
    '            Review "${{ github.event.pull_request.title }}" by @octocat',
    '          claude_args: --max-turns 5 --model claude-sonnet-4-5',
    '      - run: |',
    '          set -euo pipefail',
    '          echo "${{ github.event.comment.body }}" | tee out.txt',
    '          curl -fsSL https://example.com/x.sh | bash',
    "      - name: 'quoted: value'",
    '        run: >-',
    '          folded',
    '          text # not a comment',
    '        env: { TOKEN: ' + k('githubPat') + ' }',
    '  matrix:',
    '    strategy: { matrix: { os: [ubuntu-latest, "windows-latest"], node: [20, 24] } }',
    '    runs-on: ${{ matrix.os }}',
    '    steps: [ { run: "echo \\"hi\\"" } ]',
    '...',
    ''
  ].join('\n')
  const settings = [
    '{',
    '  // comments are tolerated',
    '  "$schema": "https://json.schemastore.org/claude-code-settings.json",',
    '  "permissions": {',
    '    "allow": ["Bash(npm run test:*)", "Read(./src/**)", "mcp__docs"],',
    '    "deny": ["Read(./.env)", "Bash(rm -rf:*)"],',
    '    "defaultMode": "acceptEdits"',
    '  },',
    `  "env": { "ANTHROPIC_API_KEY": "${k('anthropicApi')}", "DISABLE_AUTOCOMPACT": "1", "X": "\\u00e9\\n" },`,
    '  "hooks": {',
    '    "PreToolUse": [',
    '      { "matcher": "Bash", "hooks": [ { "type": "command", "command": "\\"$CLAUDE_PROJECT_DIR\\"/.claude/hooks/guard.sh", "timeout": 10 } ] }',
    '    ]',
    '  },',
    '  /* block comment */ "model": "claude-sonnet-4-5",',
    '  "nested": [[1, 2.5e3, -0, true, false, null], {"": {"a": []}}]',
    '}',
    ''
  ].join('\n')
  const agent = [
    '---',
    'name: reviewer',
    'description: Use this agent when... Context: the user says "review": assistant: ok',
    'tools: Read, Grep, Bash(git diff:*)',
    'model: sonnet',
    `apiKey: ${k('anthropicOauth')}`,
    'list:',
    '  - a',
    '  - &x b',
    '  - *x',
    '---',
    'You are a reviewer. See @docs/guide.md and @../outside.md and @~/.secrets',
    ''
  ].join('\n')
  const hook = [
    '#!/usr/bin/env bash',
    'set -euo pipefail',
    "trap 'echo failed >&2; exit 2' ERR",
    'payload="$(cat)"',
    'cmd=$(jq -r \'.tool_input.command // empty\' <<<"$payload")',
    'if [[ "$cmd" =~ rm\\ -rf ]]; then',
    '  echo "blocked: $cmd" >&2',
    '  exit 2',
    'fi',
    'case "$cmd" in',
    '  *curl*|*wget*) echo \'{"decision":"block"}\' ;;',
    'esac',
    'for f in "${files[@]:-}"; do printf %s\\\\n "$f"; done',
    'cat <<EOF > /tmp/log.txt',
    '$cmd',
    'EOF',
    `export SLACK_TOKEN=${k('slackBot')}`,
    'sudo -u nobody timeout 5 env FOO=1 bash -c "echo $cmd" 2>&1 | logger -t hook &',
    "echo $'esc\\x41' `date` $((1 + 2)) <(ls) ${x:-$(pwd)}",
    'exit 0',
    ''
  ].join('\n')
  const mcp = JSON.stringify(
    {
      mcpServers: {
        docs: {
          command: 'npx',
          args: ['-y', '@scope/server@latest', '--token', k('githubPat')],
          env: { STRIPE_KEY: k('stripeLive') }
        },
        remote: {
          type: 'http',
          url: 'http://example.com/mcp',
          headers: { Authorization: `Bearer ${k('anthropicAdmin')}` }
        }
      }
    },
    null,
    2
  )
  const text = [
    '# Notes',
    `ANTHROPIC_API_KEY=${k('anthropicApi')}`,
    `aws_access_key_id = ${k('awsKeyId')}`,
    k('awsSecret'),
    `token: "${k('githubPat')}"`,
    `db: ${k('dbPassword')}`,
    `slack=${k('slackBot')} stripe=${k('stripeLive')}`,
    k('privateKey'),
    'password = "hunter2"  # placeholder-ish',
    ''
  ].join('\n')
  return { workflow, settings, agent, hook, mcp, text }
}
