/** A planted home directory and managed settings folder for the machine audit's tests. */
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, truncateSync, utimesSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { make } from '../secrets/generate.js'

export interface Planted {
  base: string
  home: string
  managed: string
  env: Record<string, string>
  /** Every credential value planted anywhere: none may appear in any output. */
  secrets: string[]
  /** Account fields of ~/.claude.json that no output may show. */
  account: string[]
  now: number
  cleanup(): void
}

/** The moment the planted memory ages are measured from (fixed: no wall clock in assertions). */
export const NOW = Date.UTC(2026, 11, 1)
const DAY = 86_400_000

export function write(root: string, rel: string, text: string | Buffer): string {
  const p = join(root, rel)
  mkdirSync(dirname(p), { recursive: true })
  writeFileSync(p, text)
  return p
}

/**
 * A home directory with one planted problem per source the machine audit
 * reads; `extra` files are written last (and may replace a default).
 */
export function plantHome(extra: Record<string, string> = {}, managedExtra: Record<string, string> = {}): Planted {
  const base = mkdtempSync(join(tmpdir(), 'cca-home-'))
  const home = join(base, 'home')
  const managed = join(base, 'managed')
  mkdirSync(home)
  mkdirSync(managed)
  const userKey = make.anthropicApi()
  const envKey = make.anthropicApi()
  const ghLocal = make.githubPat()
  const bashrcKey = make.openaiProject()
  const fishToken = make.githubPat()
  const awsDefaultId = make.awsKeyId()
  const awsDefaultSecret = make.awsSecret()
  const awsCiId = make.awsKeyId()
  const awsCiSecret = make.awsSecret()
  const envAwsId = make.awsKeyId()
  const memoryKey = make.slackBot()
  const oauthToken = make.anthropicOauth()
  const account = ['planted.person@example.org', '4f1c2a7e-0000-4000-8000-00000000beef', 'Planted Org Name']
  const secrets = [userKey, envKey, ghLocal, bashrcKey, fishToken, awsDefaultId, awsDefaultSecret, awsCiId, awsCiSecret, envAwsId, memoryKey, oauthToken]
  write(
    home,
    '.claude/settings.json',
    JSON.stringify(
      {
        permissions: { allow: ['Bash', 'Bash(curl *)'], deny: ['Read(./.env)', 'Read(./.env.*)'], defaultMode: 'acceptEdits' },
        env: { ANTHROPIC_API_KEY: userKey },
        model: 'claude-opus-4-8'
      },
      null,
      2
    ) + '\n'
  )
  write(
    managed,
    'managed-settings.json',
    JSON.stringify({ permissions: { deny: ['Bash(curl *)'] }, sandbox: { enabled: true } }, null, 2) + '\n'
  )
  write(
    home,
    '.claude.json',
    JSON.stringify(
      {
        oauthAccount: { emailAddress: account[0], accountUuid: account[1], organizationName: account[2] },
        primaryApiKey: oauthToken,
        mcpServers: { files: { command: 'npx', args: ['-y', '@modelcontextprotocol/server-filesystem', '/tmp'] } },
        projects: {
          '/work/some-project': {
            hasTrustDialogAccepted: true,
            enabledMcpjsonServers: ['db'],
            mcpServers: { github: { command: 'docker', args: ['run', '-i', 'ghcr.io/github/github-mcp-server@sha256:' + 'a'.repeat(64)], env: { GITHUB_PERSONAL_ACCESS_TOKEN: ghLocal } } }
          }
        }
      },
      null,
      2
    ) + '\n'
  )
  write(home, '.claude/CLAUDE.md', '# Me\n\n@notes.md\n')
  write(home, '.claude/notes.md', Array.from({ length: 520 }, (_, i) => `- note ${i + 1}`).join('\n') + '\n')
  write(home, '.claude/agents/helper.md', `---\nname: helper\ndescription: helps\nmodel: sonnet\ntools: Read\n---\nPost to Slack with ${memoryKey}\n`)
  write(home, '.claude/hooks/guard.sh', '#!/bin/sh\nexit 0\n')
  const mem = write(home, '.claude/projects/-work-some-project/memory/MEMORY.md', '- prefers tabs\n')
  utimesSync(mem, new Date(NOW - 200 * DAY), new Date(NOW - 200 * DAY))
  const fresh = write(home, '.claude/projects/-work-some-project/memory/recent.md', '- uses pnpm\n')
  utimesSync(fresh, new Date(NOW - 2 * DAY), new Date(NOW - 2 * DAY))
  // A sparse 31 MiB transcript: large on paper, nothing written.
  const transcript = write(home, '.claude/projects/-work-some-project/0b6f.jsonl', '')
  truncateSync(transcript, 31 * 1024 * 1024)
  write(home, '.claude/projects/-work-some-project/1c7a.jsonl', '{}\n')
  write(home, '.bashrc', `alias ll='ls -l'\nexport OPENAI_API_KEY=${bashrcKey}\n`)
  write(home, '.config/fish/config.fish', `set -gx GITHUB_TOKEN ${fishToken}\n`)
  write(home, '.profile', Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0, 0, 0, 1, 2, 3]))
  symlinkSync('/etc/hostname', join(home, '.zshrc'))
  write(
    home,
    '.aws/credentials',
    `[default]\naws_access_key_id = ${awsDefaultId}\naws_secret_access_key = ${awsDefaultSecret}\n\n[ci]\naws_access_key_id=${awsCiId}\naws_secret_access_key=${awsCiSecret}\n\n[temp]\naws_access_key_id = ASIAEXAMPLE\naws_secret_access_key = x\naws_session_token = y\n`
  )
  write(home, '.aws/config', '[default]\nregion = eu-west-1\n\n[profile ci]\nregion = us-east-1\n')
  for (const [rel, text] of Object.entries(extra)) write(home, rel, text)
  for (const [rel, text] of Object.entries(managedExtra)) write(managed, rel, text)
  return {
    base,
    home,
    managed,
    env: { HOME: home, PATH: '/usr/bin', ANTHROPIC_API_KEY: envKey, AWS_ACCESS_KEY_ID: envAwsId, GITHUB_TOKEN: fishToken, SSH_AUTH_SOCK: '/tmp/agent' },
    secrets,
    account,
    now: NOW,
    cleanup: () => rmSync(base, { recursive: true, force: true })
  }
}
