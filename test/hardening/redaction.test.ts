/**
 * Redaction end to end: a temporary repository with secrets generated at test
 * time (never committed to this repository) in every place the audit reads,
 * plus one committed and then removed (for `--history`). runAudit with
 * history, every renderer, the action (from source), the CLI from source and,
 * when built, the bundled CLI: no output may contain a planted value or any 13
 * consecutive characters of it.
 */
import { after, before, test } from 'node:test'
import assert from 'node:assert/strict'
import { execFile, spawnSync } from 'node:child_process'
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { runAudit } from '../../src/audit.js'
import type { AuditResult } from '../../src/core/types.js'
import { make, privateKeyPem } from '../secrets/generate.js'
import { FakeGitHub } from '../action/fake-github.js'
import { channelTexts, renderAll, runActionFromSource } from './channels.js'
import { CLI, HAVE_CLI, ROOT, leakedWindow } from './helpers.js'

interface Secret {
  name: string
  /** The confidential characters (for a PEM, its body; for a URL, its password). */
  value: string
  /** Where it is planted, and the rule expected to report it there. */
  file: string
  rule: string
}

const HAVE_GIT = spawnSync('git', ['--version']).status === 0

let repo = ''
let secrets: Secret[] = []
let result: AuditResult

function write(rel: string, text: string): void {
  const abs = join(repo, rel)
  mkdirSync(dirname(abs), { recursive: true })
  writeFileSync(abs, text)
}

function git(...args: string[]): void {
  const r = spawnSync(
    'git',
    ['-c', 'user.name=t', '-c', 'user.email=t@example.invalid', '-c', 'commit.gpgsign=false', ...args],
    {
      cwd: repo,
      encoding: 'utf8'
    }
  )
  assert.equal(r.status, 0, `git ${args.join(' ')}: ${r.stderr}`)
}

function plantRepository(): void {
  repo = mkdtempSync(join(tmpdir(), 'cca-hard-redact-'))
  const s = (name: string, value: string, file: string, rule = 'hardcoded-secret'): string => {
    secrets.push({ name, value, file, rule })
    return value
  }
  const pem = privateKeyPem()
  const pemBody = pem.split('\n').slice(1, -1).join('\n')
  const password = make.password()
  const historic = make.anthropicApi()

  write(
    'CLAUDE.md',
    `# Project\n\nUse the key ${s('anthropic api (CLAUDE.md)', make.anthropicApi(), 'CLAUDE.md')} for tests.\n`
  )
  write(
    '.claude/settings.json',
    JSON.stringify(
      {
        env: {
          ANTHROPIC_API_KEY: s('anthropic admin (settings env)', make.anthropicAdmin(), '.claude/settings.json'),
          ANTHROPIC_BASE_URL: `https://gw:${s('gateway password (ANTHROPIC_BASE_URL)', make.password(), '.claude/settings.json')}@llm-gw.acme-corp.io/v1`,
          AWS_ACCESS_KEY_ID: s('aws key id (settings env)', make.awsKeyId(), '.claude/settings.json')
        },
        permissions: {
          allow: [
            'Bash(npm test)',
            `Bash(curl -H 'Authorization: token ${s('github pat (permission rule)', make.githubPat(), '.claude/settings.json')}' *)`
          ]
        },
        hooks: {
          Stop: [
            {
              hooks: [
                {
                  type: 'command',
                  command: `curl -s -H "x-api-key: ${s('anthropic api (hook command)', make.anthropicApi(), '.claude/settings.json')}" https://api.acme-corp.io/notify`
                }
              ]
            }
          ]
        }
      },
      null,
      2
    )
  )
  write(
    '.mcp.json',
    JSON.stringify(
      {
        mcpServers: {
          github: {
            command: 'npx',
            args: [
              '-y',
              '@modelcontextprotocol/server-github@1.2.3',
              '--api-key',
              s('stripe live (.mcp.json args)', make.stripeLive(), '.mcp.json')
            ],
            env: { GITHUB_PERSONAL_ACCESS_TOKEN: s('github pat (.mcp.json env)', make.githubPat(), '.mcp.json') }
          },
          unpinned: {
            command: 'npx',
            args: [
              '-y',
              'some-mcp-server@latest',
              `--token=${s('slack bot (unpinned .mcp.json args)', make.slackBot(), '.mcp.json')}`
            ]
          },
          remote: {
            type: 'http',
            url: 'https://mcp.acme-corp.io/mcp',
            headers: {
              Authorization: `Bearer ${s('anthropic oauth (.mcp.json headers)', make.anthropicOauth(), '.mcp.json')}`
            }
          }
        }
      },
      null,
      2
    )
  )
  write(
    '.claude/agents/deployer.md',
    `---\nname: deployer\ndescription: Deploys things\ntools: Bash\nenv:\n  ANTHROPIC_API_KEY: ${s('anthropic oauth (agent frontmatter)', make.anthropicOauth(), '.claude/agents/deployer.md')}\n---\nDeploy.\n`
  )
  write('.claude/hooks/sign.sh', `#!/usr/bin/env bash\nset -euo pipefail\ncat > /tmp/key.pem <<'EOF'\n${pem}\nEOF\n`)
  secrets.push({
    name: 'private key (hook script)',
    value: pemBody,
    file: '.claude/hooks/sign.sh',
    rule: 'hardcoded-secret'
  })
  write(
    '.github/workflows/claude.yml',
    [
      'on: pull_request',
      'jobs:',
      '  review:',
      '    runs-on: ubuntu-latest',
      '    timeout-minutes: 10',
      '    env:',
      `      AWS_ACCESS_KEY_ID: ${s('aws key id (workflow env)', make.awsKeyId(), '.github/workflows/claude.yml')}`,
      `      AWS_SECRET_ACCESS_KEY: ${s('aws secret (workflow env)', make.awsSecret(), '.github/workflows/claude.yml')}`,
      '    steps:',
      '      - uses: anthropics/claude-code-action@v1',
      '        with:',
      `          anthropic_api_key: ${s('anthropic api (workflow input)', make.anthropicApi(), '.github/workflows/claude.yml')}`,
      '          claude_args: --max-turns 5 --model claude-sonnet-4-5',
      `      - run: 'curl -H "Authorization: Bearer ${s('github pat (workflow run)', make.githubPat(), '.github/workflows/claude.yml')}" -d "\${{ github.event.pull_request.title }}" https://api.acme-corp.io'`
    ].join('\n') + '\n'
  )
  write(
    '.claude/commands/deploy.md',
    `---\ndescription: deploy\n---\nRun \`STRIPE_KEY=${s('stripe live (slash command)', make.stripeLive(), '.claude/commands/deploy.md')} ./deploy\`\n`
  )
  write('CLAUDE.local.md', `My token: ${s('github pat (CLAUDE.local.md)', make.githubPat(), 'CLAUDE.local.md')}\n`)
  write(
    '.envrc',
    `export SLACK_BOT_TOKEN=${s('slack bot (.envrc)', make.slackBot(), '.envrc', 'shell-startup-credentials')}\n`
  )
  write('.env', `DATABASE_URL=postgres://app:${password}@db.acme-prod.internal:5432/app\n`)
  secrets.push({ name: 'db password (.env)', value: password, file: '.env', rule: 'shell-startup-credentials' })
  write(
    '.devcontainer/devcontainer.json',
    JSON.stringify(
      {
        name: 'dev',
        containerEnv: {
          GITHUB_TOKEN: s(
            'github pat (devcontainer containerEnv)',
            make.githubPat(),
            '.devcontainer/devcontainer.json',
            'shell-startup-credentials'
          )
        }
      },
      null,
      2
    )
  )

  if (HAVE_GIT) {
    git('init', '-q')
    write('.claude/settings.local.json', JSON.stringify({ env: { ANTHROPIC_API_KEY: historic } }, null, 2))
    secrets.push({
      name: 'anthropic api (git history)',
      value: historic,
      file: '.claude/settings.local.json',
      rule: 'secret-in-git-history'
    })
    git('add', '-A')
    git('commit', '-q', '-m', 'initial')
    git('rm', '-q', '.claude/settings.local.json')
    git('commit', '-q', '-m', 'remove local settings')
  }
}

before(async () => {
  secrets = []
  plantRepository()
  result = await runAudit({ root: repo, history: true, minSeverity: 'info' })
  assert.ok(!result.findings.some((f) => f.ruleId === 'invalid-config'), 'the planted files parse')
})
after(() => {
  if (repo) rmSync(repo, { recursive: true, force: true })
})

/**
 * Public prefixes longer than the window: the tool's own text (remedy
 * snippets) may show them; a window that also covers a random character may not.
 */
const PUBLIC = ['sk-ant-' + 'api03-', 'sk-ant-' + 'admin01-', 'sk-ant-' + 'oat01-'].join('\0')

/** Fails with every (secret, channel) pair where 13 consecutive characters survive. */
function assertNoLeak(outputs: [string, string][]): void {
  const leaks: string[] = []
  for (const [channel, text] of outputs) {
    for (const s of secrets) {
      const w = leakedWindow(s.value, text, PUBLIC)
      if (w !== undefined) {
        const at = text.indexOf(w)
        leaks.push(`${s.name} in ${channel}: …${JSON.stringify(text.slice(Math.max(0, at - 80), at + 20))}…`)
      }
    }
  }
  assert.deepEqual(leaks, [], 'planted secrets (or 13-character runs of them) in the output')
}

test('the leak check finds a planted value, and a 13-character run of it', () => {
  const s = secrets[0] as Secret
  assert.throws(() => assertNoLeak([['self-test', `x ${s.value} y`]]))
  assert.throws(() => assertNoLeak([['self-test', `x ${s.value.slice(20, 33)} y`]]))
  assert.doesNotThrow(() => assertNoLeak([['self-test', `x ${s.value.slice(20, 32)} y`]]))
})

test('every planted secret is reported, in the file it was planted in', () => {
  assert.equal(result.errors.length, 0, result.errors.join('\n'))
  const missing = secrets.filter((s) => !result.findings.some((f) => f.ruleId === s.rule && f.file === s.file))
  assert.deepEqual(
    missing.map((s) => `${s.name}: no ${s.rule} finding in ${s.file}`),
    [],
    result.findings.map((f) => `${f.ruleId} ${f.file}`).join('\n')
  )
})

test('runAudit result (every field) holds no planted value', () => {
  assertNoLeak([['AuditResult', JSON.stringify(result)]])
})

test('every renderer: text, json, sarif, markdown, comment, summary, check run, annotations', () => {
  assertNoLeak(channelTexts(renderAll(result)))
})

test('the action (from source): stdout, stderr, job summary, SARIF, JSON, comment and check run', async () => {
  const gh = await new FakeGitHub().start()
  try {
    const run = await runActionFromSource({
      workspace: repo,
      apiUrl: gh.url,
      inputs: {
        history: 'true',
        'min-severity': 'info',
        'json-file': '.tmp-out/report.json',
        'sarif-file': '.tmp-out/report.sarif'
      }
    })
    assert.ok(run.code === 0 || run.code === 1, `exit ${run.code}\n${run.stderr}`)
    const outputs: [string, string][] = [
      ['action stdout', run.stdout],
      ['action stderr', run.stderr],
      ['job summary', run.summary],
      ['SARIF file', readFileSync(join(repo, '.tmp-out/report.sarif'), 'utf8')],
      ['JSON file', readFileSync(join(repo, '.tmp-out/report.json'), 'utf8')],
      ['API requests', JSON.stringify(gh.requests.map((r) => r.body))]
    ]
    assert.ok(gh.requests.length > 0, 'the action talked to the API')
    assertNoLeak(outputs)
  } finally {
    await gh.stop()
    rmSync(join(repo, '.tmp-out'), { recursive: true, force: true })
  }
})

function runCli(args: string[], viaSource: boolean): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const argv = viaSource ? ['--import', 'tsx', join(ROOT, 'src', 'cli.ts'), ...args] : [CLI, ...args]
  return new Promise((done) => {
    execFile(
      process.execPath,
      argv,
      { cwd: ROOT, timeout: 60_000, maxBuffer: 64 * 1024 * 1024 },
      (error, stdout, stderr) =>
        done({ code: error ? (typeof error.code === 'number' ? error.code : null) : 0, stdout, stderr })
    )
  })
}

for (const [label, viaSource] of [
  ['CLI from source', true],
  ['bundled CLI (dist/cli.js)', false]
] as const) {
  test(
    `${label}: every format with --history`,
    { skip: !viaSource && !HAVE_CLI ? `${CLI} is missing (npm run build)` : false },
    async () => {
      const outputs: [string, string][] = []
      for (const format of ['text', 'json', 'sarif', 'markdown']) {
        const r = await runCli(
          [repo, '--format', format, '--history', '--min-severity', 'info', '--fail-on', 'never'],
          viaSource
        )
        assert.equal(r.code, 0, `--format ${format}: exit ${r.code}\n${r.stderr}`)
        assert.ok(r.stdout.length > 0)
        outputs.push([`${label} --format ${format} stdout`, r.stdout], [`${label} --format ${format} stderr`, r.stderr])
      }
      assertNoLeak(outputs)
    }
  )
}
