/**
 * Where the Claude Code client for `--verify-hooks=claude` is: the path in
 * `CLAUDE_CODE_AUDIT_CLAUDE`, else `claude` on PATH. The audit never installs it
 * by itself (that would fetch and run code the user did not choose).
 */
import { accessSync, constants } from 'node:fs'
import { delimiter, join } from 'node:path'

/** The `claude` executable, or undefined when none is found. */
export function findClaude(env: NodeJS.ProcessEnv = process.env): string | undefined {
  const executable = (p: string): boolean => {
    try {
      accessSync(p, constants.X_OK)
      return true
    } catch {
      return false
    }
  }
  const given = env.CLAUDE_CODE_AUDIT_CLAUDE?.trim()
  if (given) return executable(given) ? given : undefined
  for (const dir of (env.PATH ?? '').split(delimiter)) {
    if (!dir) continue
    const p = join(dir, process.platform === 'win32' ? 'claude.exe' : 'claude')
    if (executable(p)) return p
  }
  return undefined
}
