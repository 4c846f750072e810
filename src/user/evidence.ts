/**
 * What the machine audit can say about the checklist items a repository cannot
 * answer: how a session started here authenticates and which credentials it
 * inherits (item 1), what the shell startup files were read (2), the
 * effective sandbox and permission mode (4), the AWS files and environment
 * (5), the size of session transcripts (18) and the size and age of
 * auto-memory (21). Names only: no value is ever kept.
 */
import type { MachineEvidence } from '../core/checklist.js'
import type { EffectiveSettings } from './effective.js'
import type { MachineModel } from './home.js'
import { parseAwsIni } from './aws.js'

/** How Claude Code authenticates (its authentication precedence), in words. */
export interface AuthFacts {
  method: string
  /** Whether a key Claude Code uses comes from this machine (environment variable or helper). */
  keyOnMachine: boolean
}

/** Names that look like credentials; the values are never read. */
const CREDENTIAL_NAME = /(^|_)(TOKEN|SECRET|PASSWORD|PASSWD|API_?KEY|ACCESS_KEY|ACCESS_KEY_ID|PRIVATE_KEY|CREDENTIALS?|AUTH_TOKEN|SESSION_TOKEN|CLIENT_SECRET)(_|$)|^(DATABASE_URL|[A-Z0-9_]*_DSN)$/i
/** Credential-looking names that hold no credential. */
const NOT_CREDENTIAL = /(_FILE|_PATH|_DIR|_SOCK|_HELPER|_URL_BASE)$|^SSH_AUTH_SOCK$|^GPG_|^TOKENIZERS_/i

/** A memory file is stale after this many days without a change. */
export const STALE_MEMORY_DAYS = 90
/** Transcripts near this size are the sessions that stop fitting (checklist item 18: sessions near 33 MB). */
export const LARGE_TRANSCRIPT_BYTES = 30 * 1024 * 1024

/** The credential-looking variables a session started with this environment inherits (names, sorted). */
export function inheritedCredentials(env: Readonly<Record<string, string | undefined>>): string[] {
  return Object.keys(env)
    .filter((n) => (env[n] ?? '') !== '' && CREDENTIAL_NAME.test(n) && !NOT_CREDENTIAL.test(n))
    .sort()
}

/** How a session started here authenticates: the first source of Claude Code's precedence that is set. */
export function authMethod(env: Readonly<Record<string, string | undefined>>, effective: EffectiveSettings): AuthFacts {
  const settingsEnv = new Set(effective.settings.filter((s) => s.key.startsWith('env.')).map((s) => s.key.slice(4)))
  const has = (n: string): boolean => (env[n] ?? '') !== '' || settingsEnv.has(n)
  const where = (n: string): string => ((env[n] ?? '') !== '' ? 'the environment' : 'the `env` of the settings')
  for (const [flag, name] of [
    ['CLAUDE_CODE_USE_BEDROCK', 'Amazon Bedrock'],
    ['CLAUDE_CODE_USE_VERTEX', 'Google Vertex AI'],
    ['CLAUDE_CODE_USE_FOUNDRY', 'Microsoft Foundry']
  ] as const) {
    if (has(flag)) return { method: `${name} (${flag} in ${where(flag)}): the cloud credentials of this machine pay for and reach the model`, keyOnMachine: true }
  }
  if (has('ANTHROPIC_AUTH_TOKEN')) return { method: `a bearer token (ANTHROPIC_AUTH_TOKEN in ${where('ANTHROPIC_AUTH_TOKEN')})`, keyOnMachine: true }
  if (has('ANTHROPIC_API_KEY')) return { method: `an API key (ANTHROPIC_API_KEY in ${where('ANTHROPIC_API_KEY')}; \`claude -p\` always uses it)`, keyOnMachine: true }
  const helper = effective.settings.find((s) => s.key === 'apiKeyHelper')
  if (helper) return { method: `an API key printed by apiKeyHelper (${helper.sources[0]})`, keyOnMachine: true }
  if (has('CLAUDE_CODE_OAUTH_TOKEN')) return { method: `a long-lived OAuth token (CLAUDE_CODE_OAUTH_TOKEN in ${where('CLAUDE_CODE_OAUTH_TOKEN')})`, keyOnMachine: true }
  return { method: 'the account signed in with /login (no key in the environment or settings)', keyOnMachine: false }
}

function days(ms: number): number {
  return Math.floor(ms / 86_400_000)
}

function mib(bytes: number): string {
  return `${(bytes / 1048576).toFixed(1)} MiB`
}

function listNames(names: readonly string[]): string {
  return names.length > 8 ? `${names.slice(0, 8).join(', ')} and ${names.length - 8} more` : names.join(', ')
}

/** The evidence per checklist item. */
export function machineEvidence(
  m: MachineModel,
  env: Readonly<Record<string, string | undefined>>,
  effective: EffectiveSettings,
  now: number
): Map<number, MachineEvidence> {
  const out = new Map<number, MachineEvidence>()
  const reader = m.files.reader
  const auth = authMethod(env, effective)
  const inherited = inheritedCredentials(env)
  const inheritedText = inherited.length
    ? ` A session started from this environment inherits ${inherited.length} credential variable${inherited.length === 1 ? '' : 's'}: ${listNames(inherited)}.`
    : ' It inherits no credential-looking environment variable.'
  out.set(1, {
    status: auth.keyOnMachine || inherited.length ? 'manual' : 'pass',
    note: `Claude Code here authenticates with ${auth.method}.${inheritedText}${auth.keyOnMachine ? ' Confirm the key belongs to a workspace of its own with no production access.' : ''}`
  })
  const shells = m.envFiles.map((f) => f.path)
  out.set(2, {
    status: 'pass',
    note: shells.length ? `Read ${shells.join(', ')}: no exported credential found.` : 'No shell startup file (~/.zshrc, ~/.bashrc, ~/.profile, ~/.bash_profile, ~/.zprofile, fish config) exists.'
  })
  const get = (k: string): { shown: string; sources: string[] } | undefined => effective.settings.find((s) => s.key === k)
  const sandbox = get('sandbox.enabled')
  const mode = get('permissions.defaultMode')
  const sandboxOn = sandbox?.shown === 'true'
  const modeText = mode ? `permissions.defaultMode is ${mode.shown} (${mode.sources[0]})` : 'no settings file sets permissions.defaultMode'
  out.set(4, {
    status: sandboxOn && mode?.shown !== '"bypassPermissions"' ? 'pass' : 'manual',
    note: sandboxOn
      ? `The Bash sandbox is on (sandbox.enabled from ${sandbox?.sources[0]}); ${modeText}.`
      : `The Bash sandbox is off (${sandbox ? `sandbox.enabled is ${sandbox.shown} in ${sandbox.sources[0]}` : 'no settings file enables it'}): commands run with everything this account can reach; ${modeText}. Enable sandbox.enabled, and confirm the account cannot reach production.`
  })
  const creds = reader.read(m.files.awsCredentials)
  const profiles = creds ? parseAwsIni(creds, 'credentials').map((s) => s.profile) : []
  out.set(5, {
    status: 'pass',
    note: `${creds ? `${m.files.awsCredentials} has ${profiles.length} profile${profiles.length === 1 ? '' : 's'}, none with a static key` : `No ${m.files.awsCredentials}`}; the environment holds no static AWS key.`
  })
  const mem = m.files.memoryStats
  if (mem.length === 0) {
    out.set(21, { status: 'pass', note: 'No auto-memory files under projects/*/memory/ in the Claude configuration folder.' })
  } else {
    const bytes = mem.reduce((n, f) => n + f.size, 0)
    const stale = mem.filter((f) => now - f.mtimeMs > STALE_MEMORY_DAYS * 86_400_000)
    const oldest = Math.max(...mem.map((f) => days(now - f.mtimeMs)))
    const projects = new Set(mem.map((f) => (f.path.includes('/memory/') ? f.path.slice(0, f.path.indexOf('/memory/')) : f.path))).size
    out.set(21, {
      status: stale.length ? 'fail' : 'pass',
      note:
        `${mem.length} auto-memory file${mem.length === 1 ? '' : 's'} in ${projects} project${projects === 1 ? '' : 's'}, ${(bytes / 1024).toFixed(1)} KiB, the oldest unchanged for ${oldest} day${oldest === 1 ? '' : 's'}` +
        (stale.length ? `; ${stale.length} unchanged for over ${STALE_MEMORY_DAYS} days: review and prune them.` : '.')
    })
  }
  const tr = m.files.transcripts
  if (tr.length) {
    const largest = tr.reduce((a, b) => (b.size > a.size ? b : a))
    const large = tr.filter((t) => t.size >= LARGE_TRANSCRIPT_BYTES)
    out.set(18, {
      status: large.length ? 'fail' : 'pass',
      note:
        `${tr.length} session transcript${tr.length === 1 ? '' : 's'}, the largest ${mib(largest.size)} (${largest.path})` +
        (large.length ? `; ${large.length} at or over ${mib(LARGE_TRANSCRIPT_BYTES)}, near the 33 MB where sessions stop fitting: keep auto-compaction on and start new sessions for new tasks.` : '.')
    })
  }
  return out
}
