/**
 * Where a shell command's standard streams come from and go, as its own pipes,
 * redirects (also those of the compound commands around it) and substitutions
 * say: what decides, for example, whether a program started there reads a
 * prompt on stdin or writes to something other than a terminal.
 */
import type { ShellCommand } from './parse.js'

/** Whether a shell command's stdin is fed by the script: a pipe, a heredoc, a here-string, or a file other than `/dev/null`. */
export function stdinFed(cmd: ShellCommand): boolean {
  if (cmd.pipedFrom) return true
  return [...(cmd.outerRedirects ?? []), ...cmd.redirects].some(
    (r) => r.op === '<<' || r.op === '<<-' || r.op === '<<<' || (r.op === '<' && (r.fd === undefined || r.fd === '0') && r.target?.text !== '/dev/null' && r.target?.text !== '/dev/stdin')
  )
}

/** Whether a shell command's stdout is captured: in `$(…)` or backticks, piped on, or redirected to a file. */
export function stdoutCaptured(cmd: ShellCommand): boolean {
  if (cmd.inSubstitution || cmd.pipeNext) return true
  return [...(cmd.outerRedirects ?? []), ...cmd.redirects].some((r) => {
    if (r.op === '&>' || r.op === '&>>') return true
    if (r.fd !== undefined && r.fd !== '1') return false
    // `>&2` sends stdout where stderr goes, which may be a terminal.
    if (r.op === '>&') return !/^\d+$/.test(r.target?.text ?? '')
    return r.op === '>' || r.op === '>>' || r.op === '>|'
  })
}
