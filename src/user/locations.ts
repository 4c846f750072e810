/**
 * Where Claude Code keeps one user's configuration on this machine, and where
 * the machine's managed settings live, per platform. Nothing here reads a file:
 * every root comes from the environment given, so tests plant a home directory
 * and a managed root of their own.
 */
import { homedir } from 'node:os'
import { isAbsolute, join, relative, resolve, sep } from 'node:path'

/** What the machine audit is told about the machine (the real one by default). */
export interface MachineEnvironment {
  /** The user's home directory. Default: `HOME` (or `USERPROFILE`), else the OS answer. */
  home?: string
  /** The process environment a Claude session started here would inherit. Default: `process.env`. */
  env?: Readonly<Record<string, string | undefined>>
  /** `linux`, `darwin`, `win32`, ... Default: `process.platform`. */
  platform?: NodeJS.Platform
  /** Folder of the managed settings. Default: the platform's (see {@link managedRootOf}). */
  managedRoot?: string
  /** Milliseconds since the epoch the ages of memory files are measured from. Default: now. */
  now?: number
}

/** The folders and files the machine audit reads, as absolute paths. */
export interface MachineLocations {
  home: string
  /** `$CLAUDE_CONFIG_DIR`, else `~/.claude`. */
  configDir: string
  /** `~/.claude.json` (`$CLAUDE_CONFIG_DIR/.claude.json` when that is set). */
  globalConfig: string
  managedRoot: string
  /** Where the managed root is on this platform, for the report. */
  platform: NodeJS.Platform
  awsCredentials: string
  awsConfig: string
  /** Shell startup files, in the order shells read them. */
  shellFiles: string[]
  env: Readonly<Record<string, string | undefined>>
  now: number
}

/** The managed settings folder of a platform ([managed]: the file-based tier). */
export function managedRootOf(platform: NodeJS.Platform): string {
  if (platform === 'darwin') return '/Library/Application Support/ClaudeCode'
  if (platform === 'win32') return 'C:\\Program Files\\ClaudeCode'
  return '/etc/claude-code'
}

/** Resolves every location from the environment given. */
export function machineLocations(m: MachineEnvironment = {}): MachineLocations {
  const env = m.env ?? process.env
  const platform = m.platform ?? process.platform
  const home = resolve(m.home ?? env.HOME ?? env.USERPROFILE ?? homedir())
  const configDir = env.CLAUDE_CONFIG_DIR ? resolve(home, env.CLAUDE_CONFIG_DIR) : join(home, '.claude')
  const globalConfig = env.CLAUDE_CONFIG_DIR ? join(configDir, '.claude.json') : join(home, '.claude.json')
  const xdg = env.XDG_CONFIG_HOME ? resolve(home, env.XDG_CONFIG_HOME) : join(home, '.config')
  return {
    home,
    configDir,
    globalConfig,
    managedRoot: m.managedRoot ?? managedRootOf(platform),
    platform,
    awsCredentials: env.AWS_SHARED_CREDENTIALS_FILE ? resolve(home, env.AWS_SHARED_CREDENTIALS_FILE) : join(home, '.aws', 'credentials'),
    awsConfig: env.AWS_CONFIG_FILE ? resolve(home, env.AWS_CONFIG_FILE) : join(home, '.aws', 'config'),
    shellFiles: ['.zshenv', '.zprofile', '.zshrc', '.profile', '.bash_profile', '.bashrc'].map((f) => join(home, f)).concat(join(xdg, 'fish', 'config.fish')),
    env,
    now: m.now ?? Date.now()
  }
}

/**
 * How the report names an absolute path: `~/...` inside the home directory,
 * else the path itself (forward slashes).
 */
export function displayPath(home: string, abs: string): string {
  const r = relative(home, abs)
  if (r === '') return '~'
  if (!r.startsWith('..') && !isAbsolute(r)) return `~/${r.split(sep).join('/')}`
  return abs.split(sep).join('/')
}
