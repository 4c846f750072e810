/**
 * What a command hook does when the script it runs is not there
 * (hook-script-missing, hook-outside-repo). How the command fails decides it
 * (reference §2.7): a script run directly cannot start — the shell exits 127
 * (126 when not executable), a non-blocking error, so the hook is silently
 * skipped; a script handed to an interpreter makes the interpreter fail with
 * its own status, and `python missing.py` exits 2, which Claude Code reads as
 * a blocking error on the events that can block (a PreToolUse hook then
 * refuses every tool call it matches).
 */
import { BLOCKING_EVENTS } from '../model/settings.js'

/**
 * Exit status of an interpreter given a script that does not exist (checked:
 * CPython `can't open file` 2, Perl `Can't open perl script` 2, Node.js and tsx
 * `Cannot find module` 1, bash and zsh 127). `sh` is bash on macOS (127) and
 * dash on Debian and Ubuntu (2); others are not known here.
 */
const MISSING_SCRIPT_EXIT: ReadonlyMap<string, number> = new Map([
  ['python', 2],
  ['perl', 2],
  ['dash', 2],
  ['node', 1],
  ['nodejs', 1],
  ['tsx', 1],
  ['ts-node', 1],
  ['bash', 127],
  ['zsh', 127]
])

/** Events where a hook can stop something, so a silent skip removes a gate. */
export const GUARD_EVENTS: ReadonlySet<string> = new Set([...BLOCKING_EVENTS, 'PermissionRequest'])

/** What a blocking error does on an event that can block. */
function blockEffect(event: string): string {
  if (event === 'PreToolUse') return 'every tool call the hook matches is refused'
  if (event === 'UserPromptSubmit' || event === 'UserPromptExpansion') return 'every prompt is refused'
  if (event === 'Stop' || event === 'SubagentStop') return 'Claude is told to keep going whenever it tries to stop'
  return `every ${event} it matches is blocked`
}

/**
 * The consequence, as a clause, of a hook whose script is missing: how the command fails and
 * what Claude Code makes of that on this event. `interpreter` is what runs the script (`python`,
 * `node`, `uv run`), undefined when the script is run directly; `effect` says what skipping the
 * hook loses when the default for `guard` does not fit.
 */
export function missingScriptFailure(interpreter: string | undefined, event: string, guard: boolean, effect?: string): string {
  const skipped = effect ?? (guard ? 'the guard is silently gone' : 'the hook silently does nothing')
  const nonBlocking = `a non-blocking error, so ${skipped}`
  if (interpreter === undefined) return `the command cannot start (exit 127), ${nonBlocking}`
  const blocks = BLOCKING_EVENTS.has(event)
  // A runner handed an interpreter (`uv run python x.py`) passes on the interpreter's status.
  const code = MISSING_SCRIPT_EXIT.get(interpreter.slice(interpreter.lastIndexOf(' ') + 1))
  if (code === 2) {
    return blocks
      ? `\`${interpreter}\` cannot open the script and exits 2, which Claude Code reads as a blocking error: ${blockEffect(event)}`
      : `\`${interpreter}\` cannot open the script and exits 2, on ${event} ${nonBlocking}`
  }
  if (code !== undefined) return `\`${interpreter}\` cannot open the script and exits ${code}, ${nonBlocking}`
  if (interpreter === 'sh' && blocks)
    return `\`sh\` cannot open the script: where it is bash (macOS) it exits 127, ${nonBlocking}; where it is dash (Debian, Ubuntu) it exits 2, a blocking error: ${blockEffect(event)}`
  if (interpreter === 'sh') return `\`sh\` cannot open the script and exits 127 or 2, ${nonBlocking}`
  return blocks
    ? `\`${interpreter}\` cannot open the script and fails: unless it exits 2 (a blocking error: ${blockEffect(event)}), that is ${nonBlocking}`
    : `\`${interpreter}\` cannot open the script and fails, ${nonBlocking}`
}
