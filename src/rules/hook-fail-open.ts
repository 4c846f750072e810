/**
 * hook-fail-open: a guard hook (PreToolUse, UserPromptSubmit, PermissionRequest,
 * Stop, ...) lets the action through when it means to stop it, or when
 * anything goes wrong. Claude Code blocks only on exit code 2 or a decision
 * JSON it recognises; exit 1 (or any other code) without a schema-valid
 * decision, a crash, a timeout, a missing script, an HTTP error and every
 * `async` hook are non-blocking. A guard that signals a block the wrong way,
 * swallows its own errors, or never sees its payload therefore guards nothing
 * (checklist item 22, whose "exit 1 with a JSON reason blocks" is folklore).
 * Docs: docs/rules/hook-fail-open.md
 */
import type { Severity, Confidence } from '../core/types.js'
import { evidence, handlerKey, hookVerdicts, isolationNote } from '../analysis/verified-hooks.js'
import { defineRule } from './rule.js'
import { errorHandlerAllow, fallbackAllow } from '../analysis/hook-allow.js'
import { onlyReadsPayload, scopeAt, scopeEndAt } from '../analysis/hook-guard-code.js'
import { isPromptHandler } from '../analysis/prompt-handler.js'
import { continuesByDefault } from '../analysis/stop-driver.js'
import type { HookHandler } from '../model/settings.js'
import { FACTS, holdsAt, oldestClaudeCode, type AssumedVersion } from '../facts/versions.js'
import type { ShellCommand, ShellScript, ShellWord } from '../shell/parse.js'
import {
  activeSignals,
  blockedThing,
  blocksWithin,
  decisionBefore,
  eventFromName,
  exitLooksLikeBlock,
  guardCandidates,
  hookUses,
  isGuard,
  isGuardEvent,
  lineOf,
  opaqueBlockExit,
  registrationOf,
  scriptInfo,
  straightTo,
  spanOf,
  type Loc,
  type ScriptInfo,
  type Signal
} from '../analysis/hook-guards.js'

interface Cause {
  id: string
  loc: Loc
  data: Record<string, string>
  severity?: Severity
  confidence?: Confidence
  tip: string
}

const TIP_BLOCK =
  'block with `exit 2` (reason on stderr), or exit 0 and print `{"hookSpecificOutput": {"hookEventName": "PreToolUse", "permissionDecision": "deny", "permissionDecisionReason": "..."}}` (`{"decision": "block", "reason": "..."}` on other events)'
const TIP_FAIL_CLOSED =
  'fail closed: deny in the error handler (`exit 2` / a deny decision), or set `"onFailure": "block"` on the handler (Claude Code 2.1.295+), and keep hard rules in `permissions.deny`'

const EXIT_RE = /exit2|exitOther|exit0/

/** An error handler that exits 2 or prints a decision (honoured or not) fails closed. */
const HANDLER_DENIES = ['exit2', 'decision', 'ignored'] as const

/** Events whose "block" keeps Claude working rather than stopping an action. */
const COMPLETION_EVENTS: ReadonlySet<string> = new Set([
  'Stop',
  'SubagentStop',
  'TeammateIdle',
  'TaskCompleted',
  'PreCompact'
])

/** Events on which `onFailure` is ignored (Agent SDK 0.3.337 `Settings` type). */
const ON_FAILURE_IGNORED: ReadonlySet<string> = new Set(['Stop', 'SubagentStop', 'TaskCompleted', 'TeammateIdle'])

/**
 * Why `"onFailure": "block"` on a handler does nothing, or undefined when it
 * blocks failures: it exists since Claude Code 2.1.295, for command and HTTP
 * hooks, and is ignored on `async` hooks and on Stop-type events.
 */
export function onFailureInert(h: HookHandler, version: AssumedVersion): string | undefined {
  if (h.onFailure !== 'block') return undefined
  if (h.async) return 'on an `async` hook'
  if (ON_FAILURE_IGNORED.has(h.event)) return `on ${h.event}`
  if (h.type !== 'command' && h.type !== 'http') return `on a \`${h.type}\` hook (only command and HTTP hooks have it)`
  if (version.known && !holdsAt('onFailureBlock', version.version))
    return `before Claude Code ${FACTS.onFailureBlock.since} (${version.basis})`
  return undefined
}

/**
 * Whether a failure of this Stop-type hook is one of its own stop conditions: it keeps Claude
 * working by default (a loop driver, analysis/stop-driver.ts), and on these events Claude Code
 * ignores `onFailure`, so a failing hook lets Claude stop by design. Its error paths then end the
 * loop early and let nothing unchecked through; a block it writes wrongly is still reported.
 */
function failureStops(event: string, info: ScriptInfo, argv: string[]): boolean {
  return ON_FAILURE_IGNORED.has(event) && continuesByDefault(info, argv)
}

/** Commands whose failure `set -e` never sees, or that do not fail: builtins that only print, set or leave. */
const ERREXIT_INERT: ReadonlySet<string> = new Set([
  'echo',
  'printf',
  'exit',
  'return',
  'true',
  ':',
  'set',
  'trap',
  'local',
  'export',
  'declare',
  'typeset',
  'readonly',
  'shift',
  'unset',
  'break',
  'continue'
])

/**
 * Whether `set -e` ignores a command's failure: the parser marks it tested (before `&&` or `||`,
 * a `{ …; }` group or `( … )` subshell there included, under `!`, in an `if`, `elif`, `while` or
 * `until` condition), or it is not the last stage of a pipeline.
 */
function errexitExempt(c: ShellCommand): boolean {
  return c.tested || c.negated || c.pipeNext !== undefined
}

/**
 * The first command before the guard's last block whose failure `set -e` turns into an exit:
 * an unguarded command, or a plain assignment from a command substitution (`x=$(jq …)`).
 */
function errexitTrigger(sh: ShellScript, text: string, lastBlock: number): ShellCommand | undefined {
  for (const c of sh.commands) {
    if (c.start >= lastBlock) break
    if (c.inFunction !== undefined) continue
    if (c.name === 'cat' && c.args.length === 1) continue // reading stdin does not fail
    if (c.name === '' || ERREXIT_INERT.has(c.name)) continue
    if (c.inSubstitution) {
      // `x=$(cmd)` fails with `cmd`; `echo "$(cmd)"` and `local x=$(cmd)` do not.
      const open = text.lastIndexOf('$(', c.start)
      if (open < 0) continue
      const lineStart = text.lastIndexOf('\n', open) + 1
      if (!/^\s*[A-Za-z_][A-Za-z0-9_]*=["']?$/.test(text.slice(lineStart, open))) continue
      if (errexitExempt(c)) continue
      return c
    }
    if (errexitExempt(c)) continue
    return c
  }
  return undefined
}

/** Shell commands a hook can run without checking anything: reading the payload and printing. */
const REMINDER_COMMANDS: ReadonlySet<string> = new Set([
  ...ERREXIT_INERT,
  'cat',
  'jq',
  'read',
  'test',
  '[',
  '[[',
  'false'
])

/**
 * Whether a script checks nothing: it reads its payload and prints, and runs no other program,
 * reads no file and starts no process. On Stop-type events such a hook is a reminder ("update
 * the changelog before you finish"): when it fails, Claude stops as it would without the hook,
 * and nothing it guards gets through, because it guards nothing.
 */
function checksNothing(info: ScriptInfo): boolean {
  if (info.invokes.length > 0) return false
  if (info.lang === 'shell') {
    const sh = info.shell
    return (
      sh !== undefined &&
      sh.ok !== false &&
      sh.commands.every(
        (c) => (c.name === '' || REMINDER_COMMANDS.has(c.name)) && (c.name !== 'cat' || c.args.length === 1)
      )
    )
  }
  const code = info.code?.text ?? info.file.text
  if (info.lang === 'python')
    // Three scans rather than one alternation: each is linear on its own.
    return !(
      /\b(?:subprocess|os\.system|os\.popen|glob|os\.path|os\.listdir|os\.walk|requests|urllib)/.test(code) ||
      /\b(?:open|Path)\s*\(/.test(code) ||
      /\bimport\s+(?!json\b|sys\b|os\b)/.test(code)
    )
  if (info.lang === 'js')
    return !/\b(?:child_process|execSync|execFileSync|spawn|spawnSync|exec\s*\(|readFileSync|readFile|existsSync|readdirSync|fetch\s*\(|require\s*\(\s*["'](?!node:process|process)|import\s)/.test(
      code
    )
  return false
}

/** Shell `exit N` or the script's end: the exit that follows an output. */
function exitAfter(sigs: Signal[], off: number): Signal | undefined {
  return sigs.find((s) => s.start > off && EXIT_RE.test(s.kind))
}

function describe(s: Signal): string {
  return `\`${s.text.replace(/\s+/g, ' ')}\``
}

/** Why Claude Code does not honour an `ignored` decision, for the message. */
function ignoredWhy(info: ScriptInfo, s: Signal): string {
  const via = s.via ? `\`${s.via.text.replace(/\s+/g, ' ').slice(0, 60)}\`` : ''
  switch (s.why) {
    case 'topLevel':
      return '`permissionDecision` counts only inside `hookSpecificOutput` next to `"hookEventName": "PreToolUse"`, and this script prints it outside `hookSpecificOutput`'
    case 'noEventName':
      return '`hookSpecificOutput` lacks `"hookEventName": "PreToolUse"` (this script never prints `hookEventName`), and JSON that fails the hook output schema is a non-blocking error'
    case 'stderr':
      return `it goes to stderr (${via}), and Claude Code reads decisions only from stdout`
    case 'noise':
      return `${via} (line ${lineOf(info, s.via?.start ?? 0)}) prints text to stdout first, and Claude Code parses stdout as JSON only when its first non-space character is \`{\``
    default:
      return 'Claude Code does not read it'
  }
}

function ignoredTip(s: Signal): string {
  switch (s.why) {
    case 'stderr':
      return 'print the decision JSON to stdout (no `>&2` / `file=sys.stderr` / `console.error`), or block with `exit 2` and put the reason on stderr'
    case 'noise':
      return 'send other output to stderr (`echo "checking: $cmd" >&2`) so stdout holds only the decision JSON, or block with `exit 2`'
    default:
      return 'print `{"hookSpecificOutput": {"hookEventName": "PreToolUse", "permissionDecision": "deny", "permissionDecisionReason": "..."}}` on stdout, or block with `exit 2` (reason on stderr)'
  }
}

/** Causes that make a guard fail open whatever happens (they hold for unregistered scripts too). */
function definiteCauses(info: ScriptInfo, event: string | undefined, argv: string[] | undefined): Cause[] {
  const out: Cause[] = []
  const what = blockedThing(event)
  const sigs = activeSignals(info, argv)
  if (info.stdinShadow) {
    out.push({
      id: 'stdinShadow',
      loc: info.stdinShadow,
      data: { command: info.stdinShadow.text.replace(/\s+/g, ' ') },
      tip: 'save the payload first (`payload=$(cat)`) and pass it in (`printf %s "$payload" | python3 -c "$code"`), or move the code into its own script file'
    })
  }
  const wrong: Cause[] = []
  // Exits that end an unsupported output are reported with it, once.
  const consumed = new Set<Signal>()
  for (const s of sigs) {
    if (s.kind !== 'unsupported') continue
    const next = exitAfter(sigs, s.end)
    if (next) consumed.add(next)
    if (next?.kind === 'exit2' || wrong.some((w) => w.id === 'unsupported')) continue
    wrong.push({
      id: 'unsupported',
      loc: s,
      data: { output: describe(s), code: next ? String(next.code) : '0', what },
      tip: TIP_BLOCK
    })
  }
  // A real decision field that Claude Code never reads where it is printed: reported once per script.
  for (const s of sigs) {
    if (s.kind !== 'ignored' || !s.why) continue
    const next = exitAfter(sigs, s.end)
    if (next) consumed.add(next)
    if (next?.kind === 'exit2' || wrong.some((w) => w.id === 'decisionIgnored')) continue
    // Exit 2 shows stderr to Claude and blocks (reference §2.7): a decision on stderr is only lost when no
    // exit 2 can follow it. Reported when the next exit is reached straight from the print in the same
    // block, or when the script has no exit 2 and no exit of unknown status at all; otherwise (a helper
    // function that prints, an exit later in the caller) which exit follows is not known.
    if (s.why === 'stderr') {
      const known = next
        ? straightTo(info, s.end, next.start, s.via)
        : !info.opaqueExit && !sigs.some((x) => x.kind === 'exit2')
      if (!known) continue
    }
    // An honoured decision printed in the same branch (between the exits around this one) still decides.
    const prev = [...sigs].reverse().find((x) => x.start < s.start && EXIT_RE.test(x.kind))
    const branch = sigs.some(
      (x) => x.kind === 'decision' && x.start > (prev?.end ?? -1) && x.start < (next?.start ?? Infinity)
    )
    if (branch) continue
    wrong.push({
      id: 'decisionIgnored',
      loc: s,
      data: { output: describe(s), code: next ? String(next.code) : '0', what, why: ignoredWhy(info, s) },
      tip: ignoredTip(s)
    })
  }
  for (const s of sigs) {
    if (
      s.kind === 'exitOther' &&
      !consumed.has(s) &&
      exitLooksLikeBlock(info, s) &&
      !decisionBefore(info, sigs, s.start)
    ) {
      wrong.push({
        id: 'exitNonTwo',
        loc: s,
        data: { exit: s.text.replace(/\s+/g, ' '), code: String(s.code), what },
        tip: TIP_BLOCK
      })
      break
    }
  }
  wrong.sort((a, b) => a.loc.start - b.loc.start)
  if (event === 'PermissionRequest' && !sigs.some((s) => s.kind === 'decision' && /behavior/.test(s.text))) {
    const s = sigs.find((x) => x.kind === 'exit2')
    if (s)
      wrong.push({
        id: 'permissionRequestExit2',
        loc: s,
        data: { exit: s.text },
        tip: 'return `{"hookSpecificOutput": {"hookEventName": "PermissionRequest", "decision": {"behavior": "deny", "message": "..."}}}` on stdout'
      })
  }
  if (info.lang === 'python') {
    for (const h of info.code?.tries ?? []) {
      if (!h.catchesExit) continue
      const exit2 = sigs.find((s) => s.kind === 'exit2' && s.start >= h.body.start && s.start < h.body.end)
      if (!exit2 || h.rethrows || blocksWithin(info, h.handler, ['exit2'])) continue
      out.push({
        id: 'swallowsExit',
        loc: h.at,
        data: { exit: exit2.text },
        tip: 'catch `Exception` instead of everything (`SystemExit` must propagate), and deny in the handler'
      })
      break
    }
  }
  if (wrong.length && info.argReads.length && !info.readsStdin && (!argv || argv.length === 0)) {
    const read = info.argReads[0]
    const w = wrong[0]
    out.unshift({
      id: 'argsInput',
      loc: read,
      data: {
        source: `\`${info.file.text.slice(read.start, read.end)}\``,
        signal: w.id === 'unsupported' || w.id === 'decisionIgnored' ? w.data.output : `\`${w.data.exit}\``,
        what
      },
      tip: `read the JSON payload from stdin (\`input=$(cat)\`; \`tool=$(jq -r .tool_name <<<"$input")\`), then ${TIP_BLOCK}`
    })
  } else out.push(...wrong)
  return out
}

/** Causes that let the action through only when something goes wrong (registered guards). */
function errorCauses(info: ScriptInfo, event: string, argv: string[], onFailure: string | undefined): Cause[] {
  const out: Cause[] = []
  const what = blockedThing(event)
  const sigs = activeSignals(info, argv)
  const blocks = sigs.filter((s) => s.kind === 'exit2' || s.kind === 'decision')
  // Or the guard exits with the status its check computes (`sys.exit(code)`), on a path that says it blocks.
  const opaque = blocks.length === 0 ? opaqueBlockExit(info, argv) : undefined
  const first: Loc | undefined = blocks[0] ?? opaque
  if (!first) return out
  const opaqueIn = (r: Loc): boolean => opaque !== undefined && opaque.start >= r.start && opaque.start < r.end
  const failBlocks = onFailure === 'block'
  if (info.lang === 'python') {
    let covered = false
    for (const h of info.code?.tries ?? []) {
      if (!h.broad) continue
      const closed = blocksWithin(info, h.handler, HANDLER_DENIES)
      // A handler that denies shows the guard handles its errors.
      if (closed) covered = true
      if (!blocksWithin(info, h.body, ['exit2', 'decision', 'unsupported'], argv) && !opaqueIn(h.body)) continue
      covered = true
      if (closed || h.rethrows) continue
      if (h.catchesExit && sigs.some((s) => s.kind === 'exit2')) continue // reported as swallowsExit
      out.push({
        id: 'swallowed',
        loc: h.at,
        data: { handler: h.head, what },
        tip: TIP_FAIL_CLOSED
      })
      break
    }
    if (!covered && !failBlocks) {
      out.push({
        id: 'uncaught',
        loc: first,
        data: { what, crash: 'an uncaught exception exits 1' },
        severity: 'medium',
        confidence: 'medium',
        tip: TIP_FAIL_CLOSED
      })
    }
  } else if (info.lang === 'js' && info.code) {
    let covered = info.code.catchesUncaught
    for (const t of info.code.tries) {
      const closed = blocksWithin(info, t.handler, HANDLER_DENIES)
      if (closed) covered = true
      if (!blocksWithin(info, t.body, ['exit2', 'decision'], argv) && !opaqueIn(t.body)) continue
      covered = true
      if (closed || t.rethrows) continue
      out.push({
        id: 'swallowed',
        loc: t.at,
        data: { handler: t.head, what },
        tip: TIP_FAIL_CLOSED
      })
      break
    }
    if (!covered && !failBlocks) {
      out.push({
        id: 'uncaught',
        loc: first,
        data: { what, crash: 'an uncaught exception exits 1' },
        severity: 'medium',
        confidence: 'medium',
        tip: TIP_FAIL_CLOSED
      })
    }
  } else if (info.lang === 'shell' && info.shell && blocks.length > 0 && !failBlocks) {
    const sh = info.shell
    const trapped = sh.traps.some(
      (t) => (t.signal === 'ERR' || t.signal === 'EXIT') && /\bexit\s+2\b/.test(t.action ?? '')
    )
    const lastBlock = Math.max(...blocks.map((b) => b.start))
    const trigger = sh.hasSetErrexit && !trapped ? errexitTrigger(sh, info.file.text, lastBlock) : undefined
    if (trigger) {
      const set = sh.commands.find(
        (c) => c.name === 'set' && c.args.slice(1).some((w) => /^-[a-zA-Z]*e/.test(w.text) || w.text === 'errexit')
      )
      const loc = set ? { start: set.start, end: set.end } : { start: 0, end: info.file.text.indexOf('\n') >>> 0 }
      const cmdText = info.file.text.slice(trigger.start, trigger.end).replace(/\s+/g, ' ')
      out.push({
        id: 'errexit',
        loc,
        data: {
          what,
          command: cmdText.length > 40 ? `${cmdText.slice(0, 39)}…` : cmdText,
          line: String(lineOf(info, trigger.start))
        },
        severity: 'medium',
        confidence: 'medium',
        tip: 'add `trap \'echo "guard failed" >&2; exit 2\' ERR` after `set -e`, or set `"onFailure": "block"` on the handler (Claude Code 2.1.295+)'
      })
    }
  }
  return out
}

/** Blocks Claude Code honours (a guard that never blocks is reported for that, not for its errors). */
const BLOCK_KINDS = ['exit2', 'decision'] as const

/**
 * Python / JavaScript: an error handler (`except ImportError:`, `catch`) that exits 0 before
 * the guard has decided: it runs when the code the guard needs fails (its check's module does
 * not import, a helper raises), and exit 0 is success, not a block, so the call goes on as if
 * the guard had let it through. A `try` that only reads and decodes the payload is left out:
 * Claude Code sends well-formed JSON, so that handler never runs. The guard's blocks (or an
 * exit whose status its check computes, on a path that says it blocks) must follow the `try`
 * in its scope, or run inside it; a handler that also denies or re-raises fails closed.
 */
function handlerExitCauses(info: ScriptInfo, event: string, argv: string[]): Cause[] {
  const code = info.code
  if (!code || (info.lang !== 'python' && info.lang !== 'js')) return []
  const sigs = activeSignals(info, argv)
  const opaque = opaqueBlockExit(info, argv)
  if (!opaque && !sigs.some((s) => s.kind === 'exit2' || s.kind === 'decision')) return []
  for (const h of code.tries) {
    if (h.rethrows || blocksWithin(info, h.handler, HANDLER_DENIES, argv)) continue
    // Only the payload's decoding can fail there, and Claude Code sends well-formed JSON.
    if (onlyReadsPayload(code, h.body)) continue
    const scope = scopeAt(code, h.at.start)
    const exit = sigs.find(
      (s) => s.kind === 'exit0' && s.start >= h.handler.start && s.start < h.handler.end && scopeAt(code, s.start) === scope
    )
    if (!exit) continue
    // The guard decides after the handler: in the rest of the handler's scope, or in what that calls.
    const rest = { start: h.body.start, end: scopeEndAt(code, h.at.start) }
    const decidesLater =
      blocksWithin(info, rest, BLOCK_KINDS, argv) || (opaque !== undefined && opaque.start >= rest.start && opaque.start < rest.end)
    if (!decidesLater) continue
    return [
      {
        id: 'errorExits0',
        loc: exit,
        data: {
          handler: h.head.replace(/\s+/g, ' '),
          line: String(lineOf(info, h.at.start)),
          exit: exit.text.replace(/\s+/g, ' '),
          what: blockedThing(event)
        },
        tip: 'deny in the handler (reason on stderr, then `exit 2`, or a deny decision JSON), so a broken check blocks instead of letting everything through'
      }
    ]
  }
  return []
}

/** Programs guards read the payload's JSON with: one that is missing or fails leaves the variable empty. */
const PAYLOAD_READERS = new Set(['jq', 'gojq', 'jaq', 'yq', 'python', 'python3', 'node', 'bun', 'deno', 'ruby', 'perl'])

/** The program a command asks about, when it only tests that one is installed: `command -v X`, `which X`, `type X`, `hash X`. */
function installedTest(c: ShellCommand): string | undefined {
  const words = c.args.map((a) => a.text)
  const operand = (from: number): string | undefined => words.slice(from).find((w) => !w.startsWith('-'))
  if (c.name === 'command') return words[1] === '-v' || words[1] === '-V' ? operand(2) : undefined
  if (c.name === 'which' || c.name === 'type' || c.name === 'hash') return operand(1)
  return undefined
}

/**
 * Shell: `if ! command -v jq >/dev/null; then …; exit 0; fi`, or `command -v jq >/dev/null || exit 0`
 * (`command -v python || command -v python3 || exit 0`: when none is there), before the guard
 * decides. On a machine without the program the guard skips its check and exits 0, which is
 * success, not a block: every call goes through. Only when the guard blocks (exit 2 or a
 * decision) after that test, and the branch itself neither blocks nor denies. The same test
 * made implicitly, without `set -e`: `V=$(… | jq …)`, then `[[ -z "$V" ]] && exit 0`: where the
 * reader is missing or fails, V is empty and the branch for a call with nothing to check runs.
 */
function missingToolCauses(info: ScriptInfo, event: string, argv: string[]): Cause[] {
  const sh = info.shell
  if (!sh || info.lang !== 'shell') return []
  const sigs = activeSignals(info, argv)
  const blocks = sigs.filter((s) => s.kind === 'exit2' || s.kind === 'decision')
  const within = (r: { start: number; end: number }): ShellCommand[] => sh.commands.filter((c) => c.start >= r.start && c.end <= r.end && !c.inSubstitution)
  // Each test and the part that runs when the program is missing: an `if !` branch, or what follows `||`.
  const missing: { at: number; tools: string[]; branch: { start: number; end: number }; end: number; empty?: string }[] = []
  for (const f of sh.ifs) {
    const cond = within(f.cond)
    const tool = cond.length === 1 && cond[0].negated ? installedTest(cond[0]) : undefined
    if (tool) missing.push({ at: f.start, tools: [tool], branch: f.then, end: f.end })
  }
  for (const l of sh.andOrs ?? []) {
    if (l.op !== '||') continue
    // Tests joined by `||` only: the right side runs when every one of them finds nothing.
    if (sh.andOrs?.some((o) => o !== l && o.op === '&&' && o.start >= l.left.start && o.end <= l.left.end)) continue
    const cond = within(l.left)
    const tools = cond.map((c) => (c.negated || c.pipeNext || c.pipedFrom ? undefined : installedTest(c)))
    if (tools.length === 0 || tools.some((t) => t === undefined)) continue
    missing.push({ at: l.start, tools: tools as string[], branch: l.right, end: l.end })
  }
  // Implicitly: `V=$(… | jq …)` without `set -e`, then `[[ -z "$V" ]] && exit 0`. Where the reader is
  // missing or fails, V is empty and the guard takes the branch meant for a call with nothing to check.
  if (!sh.hasSetErrexit) {
    const readersOf = (name: string, before: number): string[] => {
      const set = sh.commands.filter((c) => c.name === '' && c.start < before && c.assignments.some((a) => a.name === name))
      const last = set.at(-1)
      const a = last?.assignments.find((x) => x.name === name)
      if (!a || !a.value.hasCommandSubst) return []
      return sh.commands
        .filter((c) => c.inSubstitution && c.start >= a.value.start && c.end <= a.value.end && PAYLOAD_READERS.has(c.name.replace(/^.*\//, '')))
        .map((c) => c.name.replace(/^.*\//, ''))
    }
    /** The variable `range` tests for emptiness, when that is all it does: `[[ -z "$V" ]]`, `[ -z "$V" ]`, `test -z "$V"`. */
    const emptyTest = (range: { start: number; end: number }): string | undefined => {
      const inside = (x: { start: number; end: number }): boolean => x.start >= range.start && x.end <= range.end
      const tests = sh.tests.filter(inside)
      const cmds = within(range)
      let word: ShellWord | undefined
      if (tests.length === 1 && cmds.length === 0 && tests[0].op === '-z' && !tests[0].negated) word = tests[0].operands[0]
      else if (tests.length === 0 && cmds.length === 1 && !cmds[0].negated && (cmds[0].name === '[' || cmds[0].name === 'test')) {
        const words = cmds[0].args.slice(1).map((w) => w.text)
        const operands = words.at(-1) === ']' ? words.slice(0, -1) : words
        if (operands.length === 2 && operands[0] === '-z') word = cmds[0].args[2]
      }
      const v = word && /^\$\{?([A-Za-z_]\w*)\}?$/.exec(word.text)
      return v ? v[1] : undefined
    }
    const implicit = (at: number, cond: { start: number; end: number }, branch: { start: number; end: number }, end: number): void => {
      const name = emptyTest(cond)
      const tools = name ? readersOf(name, at) : []
      if (name && tools.length) missing.push({ at, tools, branch, end, empty: name })
    }
    for (const f of sh.ifs) implicit(f.start, f.cond, f.then, f.end)
    for (const l of sh.andOrs ?? []) {
      if (l.op !== '&&') continue
      // `T && a && b` is `(T && a) && b`: all of `a && b` runs when T holds, up to the outermost `&&` list.
      let end = l.end
      for (const o of sh.andOrs ?? []) if (o.op === '&&' && o.start === l.start && o.end > end) end = o.end
      if ((sh.andOrs ?? []).some((o) => o.op === '||' && o.start === l.start && o.end > l.end && o.end <= end)) continue
      implicit(l.start, l.left, { start: l.right.start, end }, end)
    }
  }
  missing.sort((a, b) => a.at - b.at)
  for (const m of missing) {
    const inBranch = (x: { start: number }): boolean => x.start >= m.branch.start && x.start < m.branch.end
    const exit = sigs.find((x) => x.kind === 'exit0' && inBranch(x))
    if (!exit || blocks.some(inBranch) || !blocks.some((b) => b.start >= m.end)) continue
    const tools = [...new Set(m.tools)]
    const named = tools.map((t) => `\`${t}\``)
    const one = tools.length === 1
    // A check that blocks before the test (not in a function, which may run later) still runs there.
    const checkedBefore = blocks.some((b) => b.start < m.at && !sh.functions?.some((f) => b.start >= f.start && b.start < f.end))
    return [
      {
        id: 'missingToolExits0',
        loc: exit,
        data: {
          ...(m.empty
            ? {
                missing: `${named.join(' or ')} is not installed or fails`,
                found: `\`$${m.empty}\`, which ${one ? 'it reads' : 'they read'} the payload into, comes out empty and the test on line ${lineOf(info, m.at)} takes that for a call with nothing to check`
              }
            : {
                missing: one ? `${named[0]} is not installed` : `none of ${named.join(', ')} is installed`,
                found: one ? `the test on line ${lineOf(info, m.at)} finds no ${named[0]}` : `the tests on line ${lineOf(info, m.at)} find none of them`
              }),
          exit: exit.text.replace(/\s+/g, ' '),
          what: blockedThing(event),
          unchecked: checkedBefore ? `without the checks after line ${lineOf(info, m.at)}` : 'unchecked'
        },
        tip: m.empty
          ? `deny when \`$${m.empty}\` is empty (reason on stderr, then \`exit 2\`): a Bash call always has a command, so an empty one means reading the payload failed`
          : `deny when ${one ? `\`${tools[0]}\` is` : `${named.join(' and ')} are`} missing (reason on stderr, then \`exit 2\`), so a machine without ${one ? 'it' : 'them'} blocks instead of letting everything through; or check with a tool every machine has`
      }
    ]
  }
  return []
}

export default defineRule({
  meta: {
    id: 'hook-fail-open',
    checklistItems: [22],
    area: 'hooks',
    severity: 'high',
    confidence: 'high',
    description: 'guard hook fails open',
    messages: {
      stdinShadow:
        '`{{command}}` reads its program from the heredoc, which replaces stdin, so the code never sees the hook payload: the guard cannot block anything',
      argsInput:
        'guard can never block: it reads the tool call from {{source}}, but Claude Code passes no arguments (the payload is JSON on stdin), and it signals a block with {{signal}}, which Claude Code does not treat as a block, so every {{what}} proceeds',
      exitNonTwo:
        'guard blocks with `{{exit}}`, but only exit code 2 blocks: exit {{code}} without a decision JSON on stdout is a non-blocking error and the {{what}} proceeds',
      unsupported:
        'guard prints {{output}} and exits {{code}}: Claude Code does not recognise this as a decision, so the {{what}} proceeds',
      decisionIgnored:
        'guard prints {{output}} and exits {{code}}, but Claude Code never honours this decision: {{why}}; the {{what}} proceeds',
      permissionRequestExit2:
        'PermissionRequest hooks ignore exit code 2: `{{exit}}` denies nothing; only a `decision.behavior` JSON on stdout does',
      swallowsExit:
        'a bare `except:` also catches the `SystemExit` raised by `{{exit}}` and does not exit 2, so this guard never blocks',
      fallbackAllows:
        'hook command answers allow where its guard does not run: {{when}}, it prints {{decision}} instead of the decision of `{{script}}`, which skips the permission prompt, so every tool call it matches goes through unchecked',
      errorAllows:
        'guard answers allow when its check fails: its error handler (`{{handler}}`, line {{line}}) prints {{decision}}, so any error in the check (bad input, a missing file, a bug) lets the {{what}} through without even the permission prompt',
      missingToolExits0:
        'guard lets the {{what}} through where {{missing}}: when {{found}}, it runs `{{exit}}`, and exit 0 is success, not a block, so the {{what}} proceeds {{unchecked}} (`"onFailure": "block"` does not see it: the hook did not fail)',
      errorExits0:
        'guard lets the {{what}} through when its own code fails: the `{{handler}}` handler (line {{line}}) runs `{{exit}}`, and exit 0 is success, not a block, so the {{what}} proceeds as if the check had passed (`"onFailure": "block"` does not see it: the hook did not fail)',
      swallowed:
        'guard catches every exception (`{{handler}}`) and exits without a decision: any error in the check (bad input, a missing file, a bug) lets the {{what}} through',
      uncaught:
        'guard fails open on errors: {{crash}}, a non-blocking error, so the {{what}} proceeds; nothing catches errors to deny',
      errexit:
        "`set -e` ends the guard before it decides when `{{command}}` (line {{line}}) fails: the script exits with that command's status (usually 1), a non-blocking error, so the {{what}} proceeds; no ERR/EXIT trap turns it into exit 2 (commands guarded by `|| true`, `if` or `&&` do not trigger it)",
      async:
        '`async: true` runs this {{event}} guard in the background: Claude Code does not wait for it, so it cannot block',
      verified:
        'ran this {{event}} guard against real payloads: it fails open on {{cases}}; a crash, a timeout or an exit other than 2 without a decision JSON lets the {{what}} through',
      onFailureInert:
        '`"onFailure": "block"` does nothing {{why}}: a hook that cannot start, times out or exits with an unexpected code still lets the {{what}} through',
      http: 'HTTP {{event}} hook fails open: a non-2xx status, a timeout or a connection failure is a non-blocking error, and status codes never block (only a JSON decision in a 2xx response does)'
    }
  },
  async check(ctx) {
    const project = ctx.project
    // With --verify-hooks, what a run guard actually did replaces static reading.
    const verdicts = await hookVerdicts(project)
    const verified = new Map((verdicts ?? []).map((v) => [handlerKey(v.settingsPath, v.handlerPath), v]))
    const done = new Set<string>()
    // onFailure exists since 2.1.295: judged at the oldest Claude Code the repository is known to run.
    const version = oldestClaudeCode(project)
    const blocksFailures = (h: HookHandler): boolean => h.onFailure === 'block' && onFailureInert(h, version) === undefined
    for (const st of project.settings) {
      for (const h of st.hooks) {
        const why = onFailureInert(h, version)
        const at = why ? st.doc.span([...h.path, 'onFailure'], 'pair') : undefined
        if (!why || !at) continue
        ctx.report({
          messageId: 'onFailureInert',
          data: { why, what: h.event === 'UserPromptSubmit' ? 'prompt' : ON_FAILURE_IGNORED.has(h.event) ? 'stop' : 'tool call' },
          at,
          severity: 'medium',
          tip: `make the hook itself fail closed (catch every error and exit 2)${why.startsWith('before') ? `, or run Claude Code ${FACTS.onFailureBlock.since} or later` : ''}`
        })
      }
    }
    const emit = (info: ScriptInfo, c: Cause, event: string | undefined, unregistered = false): void => {
      const key = `${info.path}\0${c.id}`
      if (done.has(key) || done.has(`${info.path}\0*`)) return
      done.add(key)
      // A stop/compaction gate that fails open ends work early; it does not let an action through.
      // A script nothing registers lets nothing through today (hook-unregistered says so): the flaw waits for its registration.
      const severity = unregistered ? (c.severity === 'low' ? 'low' : 'medium') : (c.severity ?? (event && COMPLETION_EVENTS.has(event) ? 'medium' : undefined))
      ctx.report({
        messageId: c.id,
        data: c.data,
        at: spanOf(info, c.loc),
        tip: unregistered && c.tip ? `no settings file registers this script yet; before one does, ${c.tip}` : c.tip,
        ...(severity ? { severity } : {}),
        ...(c.confidence ? { confidence: c.confidence } : {})
      })
    }
    for (const use of hookUses(project)) {
      const h = use.site.handler
      if (!isGuardEvent(h.event)) continue
      const verdict = verified.get(handlerKey(use.site.file, h.path))
      if (verdict?.verified) {
        // Proven by running it: every dangerous payload blocked, no fail-open case.
        for (const s of use.scripts) done.add(`${s.path}\0*`)
        continue
      }
      if (verdict && verdict.failOpen.length > 0) {
        const runs = verdict.failOpen
          .map((f) => verdict.runs.find((r) => r.payload === f.payload))
          .filter((r): r is NonNullable<typeof r> => r !== undefined)
        const at = use.site.doc.span([...h.path, 'command']) ?? use.site.doc.span(h.path)
        if (at)
          ctx.report({
            messageId: 'verified',
            data: {
              event: h.event,
              cases:
                (runs.slice(0, 4).map(evidence).join('; ') || verdict.failOpen.map((f) => f.payload).join(', ')) +
                isolationNote([verdict]),
              what: h.event === 'UserPromptSubmit' ? 'prompt' : 'tool call'
            },
            at,
            confidence: 'high',
            key: `verified:${verdict.failOpen.map((f) => f.payload).join(',')}`,
            tip: 'catch every error and exit 2 (fail closed); on Claude Code 2.1.295+ also set `"onFailure": "block"` on the handler'
          })
      }
      if (h.type === 'http' && !blocksFailures(h)) {
        const at = use.site.doc.span([...h.path, 'url']) ?? use.site.doc.span(h.path)
        if (at)
          ctx.report({
            messageId: 'http',
            data: { event: h.event },
            at,
            severity: 'medium',
            confidence: 'medium',
            tip: 'return `{"hookSpecificOutput": {"hookEventName": "PreToolUse", "permissionDecision": "deny"}}` (`{"decision": "block", "reason": "..."}` on other events) in a 2xx response, and set `"onFailure": "block"` (Claude Code 2.1.295+) so an outage denies'
          })
        continue
      }
      if (h.type !== 'command') continue
      const infos = use.scripts
        .map((s) => ({ s, info: scriptInfo(project, s.path) }))
        .filter((x): x is { s: typeof x.s; info: ScriptInfo } => x.info !== undefined)
      if (h.async && infos.some((x) => isGuard(x.info, x.s.argv))) {
        const at = use.site.doc.span([...h.path, 'async'], 'pair')
        if (at)
          ctx.report({
            messageId: 'async',
            data: { event: h.event },
            at,
            tip: 'remove `async: true` from guard hooks; keep async only for logging and notifications'
          })
        continue
      }
      // The command answers allow itself where its guard does not run (a missing script, a non-zero exit).
      const fallback = h.event === 'PreToolUse' && infos.some((x) => isGuard(x.info, x.s.argv)) ? fallbackAllow(use) : undefined
      const fallbackAt = fallback && use.analysis?.span(fallback.start, fallback.end)
      if (fallback && fallbackAt)
        ctx.report({
          messageId: 'fallbackAllows',
          data: { when: fallback.when, decision: `\`${fallback.text}\``, script: fallback.script },
          at: fallbackAt,
          // A missing script is a broken install; a non-zero exit is every block the guard gives.
          severity: fallback.when.startsWith('whenever') ? 'high' : 'medium',
          tip: 'give no decision on that path (or deny: `exit 2`), so a missing or failing guard leaves the permission prompt in place instead of approving every call'
        })
      for (const { s, info } of infos) {
        // An error handler that answers allow skips the prompt on any failure (onFailure does not see it).
        const errAllow = h.event === 'PreToolUse' ? errorHandlerAllow(project, s.path) : undefined
        const errInfo = errAllow && scriptInfo(project, errAllow.answer.path)
        if (errAllow && errInfo) {
          emit(
            errInfo,
            {
              id: 'errorAllows',
              loc: errAllow.answer.span,
              data: {
                handler: errAllow.head,
                line: String(errAllow.handler.file.position(errAllow.handler.start).line),
                decision: `\`${errAllow.answer.text}\``,
                what: 'tool call'
              },
              tip: 'deny in the error handler (`"permissionDecision": "deny"` or `exit 2`), or at least give no decision there, so the permission prompt still asks'
            },
            h.event
          )
          // Its handler decides, so "exits without a decision" would be wrong.
          done.add(`${errInfo.path}\0swallowed`)
        }
        // A script that exits with the status its check computes, on a path that says it blocks, guards too.
        const guard = isGuard(info, s.argv)
        if (!guard && !opaqueBlockExit(info, s.argv)) continue
        if (COMPLETION_EVENTS.has(h.event) && checksNothing(info)) continue // a reminder, not a gate
        // A prompt handler's block is its answer to its own command: when it fails, the prompt goes on as typed.
        const handler = h.event === 'UserPromptSubmit' && isPromptHandler(info, s.argv)
        if (guard) for (const c of definiteCauses(info, h.event, s.argv)) emit(info, handler ? { ...c, severity: 'low' } : c, h.event)
        if (handler || failureStops(h.event, info, s.argv)) continue
        for (const c of errorCauses(info, h.event, s.argv, blocksFailures(h) ? 'block' : undefined)) emit(info, c, h.event)
      }
      // An error handler that exits 0: also in a guard whose block status comes from a module it imports.
      for (const { s, info } of infos) {
        if (COMPLETION_EVENTS.has(h.event) && checksNothing(info)) continue
        if (failureStops(h.event, info, s.argv) || (h.event === 'UserPromptSubmit' && isPromptHandler(info, s.argv))) continue
        if (done.has(`${info.path}\0swallowed`)) continue // that handler is already reported
        for (const c of handlerExitCauses(info, h.event, s.argv)) emit(info, c, h.event)
        for (const c of missingToolCauses(info, h.event, s.argv)) emit(info, c, h.event)
      }
    }
    // Guard scripts nothing registers: only what would fail even once registered.
    for (const g of guardCandidates(project)) {
      if (registrationOf(project, g.path) === 'shared') continue
      const event = eventFromName(g.path)
      if (event !== undefined && COMPLETION_EVENTS.has(event) && checksNothing(g.info)) continue
      const handler = event === 'UserPromptSubmit' && isPromptHandler(g.info)
      for (const c of definiteCauses(g.info, event, undefined)) emit(g.info, handler ? { ...c, severity: 'low' } : c, event, true)
    }
  }
})
