/**
 * What a hook script does when it "guards" (hook-fail-open,
 * hook-unregistered, hook-command-injection, dangerous-commands-unguarded).
 *
 * For each script a hook runs (shell, Python, JavaScript) this reads: how it
 * signals a block (exit codes, decision JSON, unsupported schemas, decisions
 * Claude Code never honours: no `hookEventName`, on stderr, after text), where its
 * input comes from (stdin, positional parameters, environment), how it handles
 * errors (try/except, `set -e`, traps), which CLI flags gate each path
 * (argparse), and which other repository scripts it runs or imports. Shell
 * text goes through the real parser (src/shell/parse.ts); Python and
 * JavaScript/TypeScript are read from tree-sitter syntax trees
 * (hook-guard-code.ts).
 *
 * Hook commands and their script targets come from hook-scripts.ts
 *, so both groups resolve paths the same way.
 */
import { posix } from 'node:path'
import type { Project } from '../model/project.js'
import { BLOCKING_EVENTS, HOOK_EVENTS, switchedOffHooks } from '../model/settings.js'
import { SourceFile, type Span } from '../parse/source.js'
import { parseShell, type ShellCommand, type ShellScript, type ShellWord } from '../shell/parse.js'
import { analyzeHook, hookSites, resolveTarget, type HookAnalysis, type HookSite } from './hook-scripts.js'
import {
  branchOf,
  calledFrom,
  deadRanges,
  guardCode,
  grammarOf,
  passedToHelper,
  pyGatesAt,
  stderrCallAround,
  straightThrough,
  type ArgOption,
  type Gate,
  type GuardCode,
  type Loc,
  type TryHandler
} from './hook-guard-code.js'
import { whyUnparsed } from '../parse/code.js'
import { outputFate } from './hook-output.js'

export type { ArgOption, Gate, Loc, TryHandler }

export type ScriptLang = 'shell' | 'python' | 'js'

export type SignalKind =
  /** exit 2 / sys.exit(2) / process.exit(2) */
  | 'exit2'
  /** any other literal non-zero exit (or sys.exit("message"), which exits 1) */
  | 'exitOther'
  /** exit 0 (explicit) */
  | 'exit0'
  /** a decision Claude Code honours: permissionDecision deny/ask, decision block, behavior deny, continue false */
  | 'decision'
  /** a block-looking output Claude Code does not recognise: {"action": "block"}, {"decision": "deny"} */
  | 'unsupported'
  /**
   * a real decision field that Claude Code never honours where it is printed:
   * `permissionDecision` outside `hookSpecificOutput` or without `hookEventName`,
   * a decision written to stderr, or stdout that starts with text before the JSON
   */
  | 'ignored'

/** Why a decision is not honoured (signals of kind `ignored`). */
export type IgnoredWhy =
  /** `{"permissionDecision": "deny"}` at the top level of the JSON */
  | 'topLevel'
  /** `{"hookSpecificOutput": {"permissionDecision": "deny"}}` without `hookEventName` */
  | 'noEventName'
  /** the JSON goes to stderr (`>&2`, `file=sys.stderr`, `console.error`) */
  | 'stderr'
  /** a command prints text to stdout before the JSON */
  | 'noise'

export interface Signal extends Loc {
  kind: SignalKind
  code?: number | null
  /** The matched text (`exit 1`, `"action": "block"`). */
  text: string
  /** Python flag conditions that must hold for this line to run. */
  gates: Gate[]
  /** Kind `ignored`: why Claude Code does not honour the decision. */
  why?: IgnoredWhy
  /** Kind `ignored`: what sends it astray (the `>&2` redirect, the command printing first). */
  via?: Loc & { text: string }
}

export interface ScriptInfo {
  path: string
  file: SourceFile
  lang: ScriptLang
  signals: Signal[]
  /** Reads the stdin payload somewhere. */
  readsStdin: boolean
  /** Some exit's status could not be read (`exit $rc`, `sys.exit(code)`): it may be 2. */
  opaqueExit?: boolean
  /** Reads positional parameters ($1, sys.argv[1], process.argv[2]). */
  argReads: Loc[]
  /** Reads environment variables Claude Code never sets (CLAUDE_TOOL_INPUT ...). */
  envReads: (Loc & { name: string })[]
  /** An interpreter fed its program by a heredoc reads the payload from stdin: it gets nothing. */
  stdinShadow?: Loc & { text: string }
  /** Repository scripts this one runs, sources or imports. */
  invokes: string[]
  /** Where each invoked script is named (first mention). */
  invokeAt: Map<string, Loc>
  /** Python: argparse options by dest. */
  options: Map<string, ArgOption>
  shell?: ShellScript
  /** Python, JavaScript/TypeScript: what the code does, from its syntax tree. */
  code?: GuardCode
}

// ---------------------------------------------------------------------------
// Languages

const SHELL_EXT = /\.(?:sh|bash|zsh|ksh|dash)$/i
const PY_EXT = /\.pyw?$/i
const JS_EXT = /\.(?:js|mjs|cjs|ts|mts|cts)$/i

/** Language of a script, from its extension or `#!` line. */
export function scriptLang(path: string, text: string): ScriptLang | undefined {
  if (SHELL_EXT.test(path)) return 'shell'
  if (PY_EXT.test(path)) return 'python'
  if (JS_EXT.test(path)) return 'js'
  if (/\.[A-Za-z0-9]+$/.test(posix.basename(path))) return undefined
  const first = text.startsWith('#!') ? text.slice(0, text.indexOf('\n') >>> 0) : ''
  if (/python|uv\s+run/.test(first)) return 'python'
  if (/\b(node|bun|deno|tsx)\b/.test(first)) return 'js'
  if (/\b(ba|z|k|da)?sh\b/.test(first)) return 'shell'
  return undefined
}

// ---------------------------------------------------------------------------
// Decision output

const DECISION_RES: RegExp[] = [
  /["']?permissionDecision["']?\s*[:=]\s*["'](?:deny|ask)["']/g,
  /["']?decision["']?\s*:\s*["']block["']/g,
  /["']?behavior["']?\s*:\s*["']deny["']/g,
  /["']?continue["']?\s*:\s*(?:false|False)\b/g
]
/** `permissionDecision` with a computed value: valid when the script spells deny/ask somewhere. */
const DECISION_KEY = /["']?permissionDecision["']?\s*:/g
/** What follows a {@link DECISION_KEY} that sets allow as written. */
const LITERAL_ALLOW = /^\s*["']allow["']/
const UNSUPPORTED_RES: RegExp[] = [
  /["']?(?:action|result)["']?\s*:\s*["'](?:block|deny|reject)["']/g,
  /["']?decision["']?\s*:\s*["'](?:deny|reject|denied)["']/g,
  // `{"allow": false, "error": "..."}`: the hook output has no `allow` field (the decision is
  // `permissionDecision` inside `hookSpecificOutput`), so this block is printed but never read.
  /(?<![\w$.-])["']?allow(?:ed)?["']?\s*:\s*(?:false|False)\b/g
]

function decisionSignals(
  text: string,
  base: number,
  whole: string,
  out: Signal[],
  gates: (off: number) => Gate[]
): void {
  const seen = new Set<number>()
  for (const re of DECISION_RES) {
    re.lastIndex = 0
    for (let m = re.exec(text); m; m = re.exec(text)) {
      seen.add(base + m.index)
      out.push({
        kind: 'decision',
        start: base + m.index,
        end: base + m.index + m[0].length,
        text: m[0],
        gates: gates(base + m.index)
      })
    }
  }
  if (/["'](?:deny|ask)["']/.test(whole)) {
    DECISION_KEY.lastIndex = 0
    for (let m = DECISION_KEY.exec(text); m; m = DECISION_KEY.exec(text)) {
      if (seen.has(base + m.index)) continue
      // A literal allow (`"permissionDecision": "allow"`) is no block, whatever else the script spells.
      if (LITERAL_ALLOW.test(text.slice(DECISION_KEY.lastIndex, DECISION_KEY.lastIndex + 16))) continue
      out.push({
        kind: 'decision',
        start: base + m.index,
        end: base + m.index + m[0].length,
        text: m[0],
        gates: gates(base + m.index)
      })
    }
  }
  for (const re of UNSUPPORTED_RES) {
    re.lastIndex = 0
    for (let m = re.exec(text); m; m = re.exec(text)) {
      out.push({
        kind: 'unsupported',
        start: base + m.index,
        end: base + m.index + m[0].length,
        text: m[0],
        gates: gates(base + m.index)
      })
    }
  }
}

/**
 * Names Claude Code never sets but folklore hook scripts read as the tool call
 * or prompt (the payload, which is JSON on stdin). Other `CLAUDE_HOOK_*` names
 * are usually a user's own switches (`CLAUDE_HOOK_SKIP`), set outside Claude Code.
 */
const FOLKLORE_ENV =
  /^(?:CLAUDE_(?:TOOL_[A-Za-z_]+|FILE_PATHS?|USER_PROMPT|PROMPT|COMMAND|HOOK_(?:INPUT|PAYLOAD|DATA|EVENT(?:_NAME)?))|TOOL_(?:INPUT|NAME|ARGS|OUTPUT|RESPONSE)|TOOL_(?:USE|CALL)(?:_(?:JSON|INPUT|DATA|PAYLOAD))?)$/

// ---------------------------------------------------------------------------
// Shell

/**
 * Whether an assignment's value reads the variable it assigns
 * (`TOOL_NAME="${TOOL_NAME:-}"`, `X=${X:-Bash}`, `X="$X"`): it passes on
 * whatever the environment holds (or a fixed default), so it does not give
 * the variable a value of the script's own. Values that also read stdin
 * (`X=${X:-$(cat)}`) settle the script's stdin read on their own.
 */
function passesEnvOn(name: string, raw: string): boolean {
  for (const ref of [`$${name}`, `\${${name}`]) {
    for (let i = raw.indexOf(ref); i >= 0; i = raw.indexOf(ref, i + 1)) {
      if (!/[A-Za-z0-9_]/.test(raw.charAt(i + ref.length))) return true
    }
  }
  return false
}

const INTERP_STDIN =
  /sys\.stdin|readFileSync\(\s*(?:0|["']\/dev\/stdin["'])|process\.stdin|\bSTDIN\b|\$stdin|\/dev\/stdin/

function shellInfo(project: Project, path: string, file: SourceFile, dir = posix.dirname(path)): ScriptInfo {
  const text = file.text
  const sh = parseShell(text)
  const info: ScriptInfo = {
    path,
    file,
    lang: 'shell',
    signals: [],
    readsStdin: false,
    argReads: [],
    envReads: [],
    invokes: [],
    invokeAt: new Map(),
    options: new Map(),
    shell: sh
  }
  const noGates = (): Gate[] => []
  for (const e of sh.exitCodes) {
    if (e.code === null) {
      info.opaqueExit = true
      continue
    }
    const kind: SignalKind = e.code === 2 ? 'exit2' : e.code === 0 ? 'exit0' : 'exitOther'
    info.signals.push({ kind, code: e.code, start: e.start, end: e.end, text: text.slice(e.start, e.end), gates: [] })
  }
  const assigned = new Set<string>()
  for (const c of sh.commands) for (const a of c.assignments) if (!passesEnvOn(a.name, a.value.raw)) assigned.add(a.name)
  // Variables a sourced library sets (`source "$(dirname "$0")/lib/common.sh"` with `TOOL_NAME=$(jq ...)`)
  // are set here too, and its stdin read is this script's.
  if (sourcedShell(project, sh, path, dir, assigned, new Set([path]), 0)) info.readsStdin = true
  for (const c of sh.commands) {
    if (['export', 'local', 'declare', 'readonly', 'typeset'].includes(c.name)) {
      for (const w of c.args.slice(1)) {
        const m = /^([A-Za-z_]\w*)=/.exec(w.text)
        if (m && !passesEnvOn(m[1], w.raw.slice(w.raw.indexOf('=') + 1))) assigned.add(m[1])
      }
    }
    if (c.name === 'read') for (const w of c.args.slice(1)) if (/^[A-Za-z_]\w*$/.test(w.text)) assigned.add(w.text)
  }
  const scriptDir = dir
  /** The words of commands outside functions: where a `$1` is the script's own argument. */
  const argWords: Loc[] = []
  /** Decision signals and the command that prints them. */
  const printedBy = new Map<Signal, ShellCommand>()
  for (const c of sh.commands) {
    const words: ShellWord[] = [...c.words, ...c.assignments.map((a) => a.value)]
    if (!c.inFunction) argWords.push(...words)
    const first = info.signals.length
    for (const w of words) decisionSignals(w.raw, w.start, text, info.signals, noGates)
    for (const r of c.redirects)
      if (r.heredoc) decisionSignals(r.heredoc.raw, r.heredoc.start, text, info.signals, noGates)
    // A decision written to stderr (`echo '{...}' >&2`) is not on stdout, where Claude Code reads it.
    const away = stdoutToStderr(c, text)
    for (const sig of info.signals.slice(first)) {
      if (sig.kind !== 'decision') continue
      if (away) {
        sig.kind = 'ignored'
        sig.why = 'stderr'
        sig.via = away
      } else printedBy.set(sig, c)
    }
    // Embedded interpreter code: exits inside `python3 - <<'PY'` / `python3 -c '...'`.
    const interp = /^(python[\d.]*|node|ruby|perl)$/.test(c.name)
    if (interp) {
      const hd = c.redirects.find((r) => r.heredoc && (r.op === '<<' || r.op === '<<-'))
      const code = c.args.findIndex((w) => w.text === '-c' || w.text === '-e')
      const body = hd?.heredoc ?? (code > 0 ? c.args[code + 1] : undefined)
      if (body && c.name.startsWith('python')) {
        const inner = embeddedPythonSignals(body.raw)
        for (const s of inner) info.signals.push({ ...s, start: s.start + body.start, end: s.end + body.start })
      }
      if (hd?.heredoc && INTERP_STDIN.test(hd.heredoc.raw) && !c.args.slice(1).some((w) => !w.text.startsWith('-'))) {
        const last = c.args[c.args.length - 1]
        info.stdinShadow = { start: c.start, end: last.end, text: text.slice(c.start, last.end) }
      }
      // `echo "$x" | python3 -c '...sys.stdin...'` or `< file` reads the pipe or the file, not the payload.
      if (body && INTERP_STDIN.test(body.raw) && !hd && ownStdin(c)) info.readsStdin = true
      if (hd?.heredoc && !info.stdinShadow && INTERP_STDIN.test(hd.heredoc.raw)) info.readsStdin = true
    }
    if (readsStdin(c)) info.readsStdin = true
    for (const w of words) if (w.raw.includes('/dev/stdin')) info.readsStdin = true
    // Scripts it runs: the command word, or the script operand of an interpreter or `source`
    // (`bash x.sh`, `python3 x.py`, `npx tsx x.ts`); a path given as data (`grep -q tools/gen.py`) is not run.
    for (const w of scriptWords(c)) {
      // A script named through variables (`for c in "$root/a/$g.sh" …; do bash "$c"`): each value they can take.
      for (const t of w.hasParamExpansion && !w.hasCommandSubst ? expandVars(sh, substituteDirs(w.text, scriptDir)) : [substituteDirs(w.text, scriptDir)]) {
      if (!/\.(?:sh|bash|py|js|mjs|cjs|ts)$/.test(t) && !(w === c.args[0] && t.includes('/'))) continue
      const r = resolveTarget(t, '', '')
      for (const cand of [
        r.repoPath,
        t.startsWith('./') || !t.includes('/') ? posix.normalize(posix.join(scriptDir, t)) : undefined
      ]) {
        if (cand && cand !== path && project.reader.exists(cand) && !info.invokes.includes(cand)) {
          info.invokes.push(cand)
          info.invokeAt.set(cand, { start: w.start, end: w.end })
        }
      }
      }
    }
  }
  // The parser's expansions (none in heredoc bodies or single quotes): `$1`…`$9` in the words of
  // commands outside functions; the folklore variables anywhere (`[[ "$TOOL_INPUT" == ... ]]`,
  // `case "$X" in`, `for f in $X` too). `${#X}` (a length) and `${!X}` (indirection) are not reads.
  argWords.sort((a, b) => a.start - b.start)
  for (const p of sh.params) {
    if (text[p.start + 1] === '{' && (text[p.start + 2] === '#' || text[p.start + 2] === '!')) continue
    if (/^[1-9]$/.test(p.name)) {
      if (covers(argWords, p.start)) info.argReads.push({ start: p.start, end: p.end })
    } else if (FOLKLORE_ENV.test(p.name) && !assigned.has(p.name)) info.envReads.push({ start: p.start, end: p.nameEnd, name: p.name })
  }
  // A presence test (`[[ -n "$X" ]] || run-guard`, `[ -z "$X" ] && exit 0`) is an on/off switch, not input.
  info.envReads = info.envReads.filter((r) => !presenceTest(text, r.start))
  info.envReads.sort((a, b) => a.start - b.start)
  // Text printed to stdout before the decision JSON: stdout no longer starts with `{`.
  const noise = printedBy.size ? firstNoise(sh, text) : undefined
  for (const [sig, c] of printedBy) {
    if (!noise || noise.end > c.start) continue
    sig.kind = 'ignored'
    sig.why = 'noise'
    sig.via = noise
  }
  info.argReads.sort((a, b) => a.start - b.start)
  info.signals.sort((a, b) => a.start - b.start)
  return info
}

/** Whether an offset lies inside one of the (start-sorted, possibly nested) ranges. */
function covers(locs: Loc[], off: number): boolean {
  for (const l of locs) {
    if (l.start > off) break
    if (off < l.end) return true
  }
  return false
}

/** The redirect that sends a command's standard output to stderr (`>&2`, `1>&2`, `>/dev/stderr`). */
function stdoutToStderr(c: ShellCommand, text: string): (Loc & { text: string }) | undefined {
  for (const r of c.redirects) {
    if (r.fd !== undefined && r.fd !== '1') continue
    const t = r.target?.text
    const toErr =
      (r.op === '>&' && t === '2') ||
      (['>', '>>', '>|', '&>', '&>>'].includes(r.op) && (t === '/dev/stderr' || t === '/dev/fd/2'))
    if (toErr) return { start: r.start, end: r.end, text: text.slice(r.start, r.end) }
  }
  return undefined
}

/** Whether a command's standard output is redirected anywhere. */
function stdoutRedirected(c: ShellCommand): boolean {
  return c.redirects.some((r) => (r.fd === undefined || r.fd === '1') && /^(?:>|>>|>\||>&|&>|&>>)$/.test(r.op))
}

/**
 * The first `echo`/`printf` that runs on every path through the script and
 * prints text to stdout whose first non-space character is known and is not
 * `{`: it runs at the top level (the text up to it parses on its own, so no
 * `if`, loop, `case`, group or function is open), not after `&&`, `||` or
 * `|`, not in a substitution, and its output is not redirected. Anything the
 * script prints after it follows that text on stdout.
 */
function firstNoise(sh: ShellScript, text: string): (Loc & { text: string }) | undefined {
  // `exec >&2` / `exec >log` moves later output elsewhere.
  if (sh.commands.some((c) => c.name === 'exec' && c.redirects.length > 0)) return undefined
  for (const c of sh.commands) {
    if (c.name !== 'echo' && c.name !== 'printf') continue
    if (c.inFunction || c.inSubstitution || c.pipeNext || c.pipedFrom || c.negated || c.background) continue
    if (c.wrappers.length || stdoutRedirected(c) || c.redirects.some((r) => r.heredoc)) continue
    const ch = firstPrinted(c)
    if (!ch || ch === '{') continue
    if (/(?:&&|\|\||\||!)$/.test(text.slice(0, c.start).trimEnd())) continue
    if (!parseShell(text.slice(0, c.end)).ok) continue
    return { start: c.start, end: c.end, text: text.slice(c.start, c.end) }
  }
  return undefined
}

/** First non-space character an `echo`/`printf` prints, when it is literal text. */
function firstPrinted(c: ShellCommand): string | undefined {
  let ops = c.args.slice(1)
  if (c.name === 'echo') {
    while (ops.length && /^-[neE]+$/.test(ops[0].text)) ops = ops.slice(1)
  } else {
    if (ops.some((w) => w.text === '-v')) return undefined
    if (ops[0]?.text === '--') ops = ops.slice(1)
    ops = ops.slice(0, 1)
  }
  for (const w of ops) {
    for (const ch of w.raw) {
      if (ch === '"' || ch === "'" || /\s/.test(ch)) continue
      // Expansions, escapes, globs and printf conversions: not known statically.
      if (/[$`\\*?[~]/.test(ch) || (c.name === 'printf' && ch === '%')) return undefined
      return ch
    }
  }
  return undefined
}

/** `$(dirname "$0")`, `${BASH_SOURCE%/*}` ... → the script's directory. */
const INTERPRETERS =
  /^(?:source|\.|exec|sh|bash|zsh|dash|ksh|python[\d.]*|pypy3?|node|nodejs|bun|deno|tsx|ts-node|npx|bunx|uv|pnpm|yarn|perl|ruby|php|env|sudo|nohup|nice|time|timeout|command|xargs)$/
const LAUNCH_WORDS = new Set(['run', 'exec', 'x', 'tsx', 'ts-node', 'node', 'bun', 'python', 'python3', '--'])

/** Words of a command that name a script it runs: the command word, or an interpreter's script operand. */
function scriptWords(c: ShellCommand): ShellWord[] {
  if (c.args.length === 0) return []
  const out = [c.args[0]]
  const name = posix.basename(c.args[0].text)
  if (!INTERPRETERS.test(name)) return out
  for (const w of c.args.slice(1)) {
    if (w.text === '-c' || w.text === '-e' || w.text === '-m') break
    if (w.text.startsWith('-') || LAUNCH_WORDS.has(w.text) || /^\d+[smhd]?$|^\w+=/.test(w.text)) continue
    out.push(w)
    break
  }
  return out
}

/** Whether the expansion at `off` is the operand of `-n` / `-z` in `[[ ]]`, `[ ]` or `test`. */
function presenceTest(text: string, off: number): boolean {
  const line = text.slice(text.lastIndexOf('\n', off - 1) + 1, off)
  if (!/(?:\[\[?|\btest)\s+(?:!\s+)?-[nz]\s+"?$/.test(line)) return false
  const rest = text.slice(off, text.indexOf('\n', off) < 0 ? undefined : text.indexOf('\n', off))
  return /^\$\{?\w+\}?"?\s*\]\]?/.test(rest)
}

/**
 * Follows `source FILE` / `. FILE` of repository shell files (bounded depth):
 * adds the variables they assign (plain, `export`, `read`) to `assigned`, and
 * tells whether one reads stdin.
 */
function sourcedShell(
  project: Project,
  sh: ShellScript,
  path: string,
  dir: string,
  assigned: Set<string>,
  seen: Set<string>,
  depth: number
): boolean {
  let stdin = false
  if (depth > 3) return false
  for (const c of sh.commands) {
    if ((c.name !== 'source' && c.name !== '.') || c.args.length < 2) continue
    const t = substituteDirs(c.args[1].text, dir)
    const r = resolveTarget(t, '', '')
    for (const cand of [r.repoPath, t.includes('/') && !t.startsWith('./') ? undefined : posix.normalize(posix.join(dir, t))]) {
      if (!cand || seen.has(cand)) continue
      const f = project.reader.read(cand)
      if (!f || f.text.includes('\0')) continue
      seen.add(cand)
      const lib = parseShell(f.text)
      for (const k of lib.commands) {
        for (const a of k.assignments) if (!passesEnvOn(a.name, a.value.raw)) assigned.add(a.name)
        if (k.name === 'read') for (const w of k.args.slice(1)) if (/^[A-Za-z_]\w*$/.test(w.text)) assigned.add(w.text)
        if (k.name === 'export' || k.name === 'declare' || k.name === 'readonly' || k.name === 'local')
          for (const w of k.args.slice(1)) {
            const n = /^([A-Za-z_]\w*)=/.exec(w.text)?.[1]
            if (n && !passesEnvOn(n, w.raw.slice(w.raw.indexOf('=') + 1))) assigned.add(n)
          }
        if (readsStdin(k) || k.words.some((w) => w.raw.includes('/dev/stdin'))) stdin = true
      }
      if (sourcedShell(project, lib, cand, posix.dirname(cand), assigned, seen, depth + 1)) stdin = true
      break
    }
  }
  return stdin
}

/** The project root as a hook sees it: Claude Code's `$CLAUDE_PROJECT_DIR`, or git's top level. */
const PROJECT_ROOT = /CLAUDE_PROJECT_DIR|git\s+rev-parse\s+--show-toplevel/

/** At most this many values of one word are tried. */
const MAX_VALUES = 64

/**
 * The values a word with variables can take in a script, from what the script
 * itself gives them: `for NAME in WORDS` items and `NAME=value` assignments
 * (empty ones skipped), expanded again through the variables those name, at
 * most 6 substitutions deep and {@link MAX_VALUES} values. A variable every
 * assignment of which reads the project root (`root="${CLAUDE_PROJECT_DIR-}"`,
 * `root="$(git rev-parse --show-toplevel)"`, trimming itself) becomes
 * `$CLAUDE_PROJECT_DIR`. Values that still hold a variable are dropped; a word
 * with none of these is returned as it is.
 */
/** Whether shell text reads the variable `name` (`$name`, `${name}`, `${name%…}`). */
function readsVar(raw: string, name: string): boolean {
  for (const head of [`$${name}`, `\${${name}`]) {
    for (let i = raw.indexOf(head); i >= 0; i = raw.indexOf(head, i + 1)) {
      const next = raw[i + head.length]
      if (next === undefined || !/\w/.test(next)) return true
    }
  }
  return false
}

function expandVars(sh: ShellScript, text: string): string[] {
  const valuesOf = (name: string): string[] | 'root' | undefined => {
    const assigned = sh.commands.flatMap((k) => k.assignments.filter((a) => a.name === name && !a.elements))
    if (assigned.length && assigned.every((a) => PROJECT_ROOT.test(a.value.raw) || readsVar(a.value.raw, name)) && assigned.some((a) => PROJECT_ROOT.test(a.value.raw)))
      return 'root'
    if (assigned.some((a) => a.value.hasCommandSubst)) return undefined
    const out = [...(sh.forLoops ?? []).filter((l) => l.name === name).flatMap((l) => l.items.map((w) => w.text)), ...assigned.map((a) => a.value.text)]
    const vals = out.filter((v) => v !== '' && !/[*?[]/.test(v))
    return vals.length ? vals : undefined
  }
  const expand = (t: string, depth: number): string[] => {
    const m = /\$\{?(?!CLAUDE_PROJECT_DIR\b)([A-Za-z_]\w*)\}?/.exec(t)
    if (!m) return [t]
    if (depth >= 6) return []
    const v = valuesOf(m[1])
    if (v === undefined) return []
    const subs = v === 'root' ? ['$CLAUDE_PROJECT_DIR'] : v
    const out: string[] = []
    for (const x of subs) {
      for (const y of expand(t.slice(0, m.index) + x + t.slice(m.index + m[0].length), depth + 1)) {
        if (out.length >= MAX_VALUES) return out
        if (!out.includes(y)) out.push(y)
      }
    }
    return out
  }
  return expand(text, 0)
}

function substituteDirs(text: string, scriptDir: string): string {
  return text
    .replace(/\$\(\s*dirname\s+"?\$(?:0|\{?BASH_SOURCE(?:\[0\])?\}?)"?\s*\)/g, scriptDir || '.')
    .replace(/\$\{(?:0|BASH_SOURCE(?:\[0\])?)%\/\*\}/g, scriptDir || '.')
}

const JQ_ARG_OPTS = new Set(['--arg', '--argjson', '--slurpfile', '--rawfile', '--indent', '-f', '--from-file', '-L'])

/** Whether the command's stdin is the script's own: not a pipe, a file, a here-string or a heredoc. */
function ownStdin(c: ShellCommand): boolean {
  if (c.pipedFrom) return false
  return ![...(c.outerRedirects ?? []), ...c.redirects].some(
    (r) => r.op === '<<' || r.op === '<<-' || r.op === '<<<' || (r.op === '<' && r.target?.text !== '/dev/stdin')
  )
}

function readsStdin(c: ShellCommand): boolean {
  if (c.pipedFrom || c.redirects.some((r) => r.op === '<' || r.op === '<<' || r.op === '<<-' || r.op === '<<<'))
    return false
  const ops = c.args.slice(1)
  const operands = ops.filter((w) => !w.text.startsWith('-') || w.text === '-')
  switch (c.name) {
    case 'cat':
    case 'tee':
      return operands.every((w) => w.text === '-') || c.name === 'tee'
    case 'read':
    case 'mapfile':
    case 'readarray':
      return true
    case 'jq': {
      let n = 0
      for (let i = 0; i < ops.length; i++) {
        const t = ops[i].text
        // `jq -n` / `--null-input` (also bundled: `-nc`) builds its output from `null` and reads no input.
        if (t === '--null-input' || (/^-[A-Za-z]+$/.test(t) && t.includes('n'))) return false
        if (JQ_ARG_OPTS.has(t)) {
          i += t === '--arg' || t === '--argjson' || t === '--slurpfile' || t === '--rawfile' ? 2 : 1
          continue
        }
        if (!t.startsWith('-')) n++
      }
      return n <= 1
    }
    case 'grep':
    case 'egrep':
    case 'fgrep': {
      // With no file operand grep reads stdin (`grep -q 'rm -rf' && exit 2`); `-r` searches the directory.
      if (c.inFunction) return false
      let n = 0
      let patternOpt = false
      for (let i = 0; i < ops.length; i++) {
        const t = ops[i].text
        if (t === '--') {
          n += ops.length - i - 1
          break
        }
        if (t === '-e' || t === '-f' || t === '--regexp' || t === '--file') {
          patternOpt = true
          i++
          continue
        }
        if (/^--(?:regexp|file)=/.test(t)) {
          patternOpt = true
          continue
        }
        if (/^-[ABCmd]$/.test(t) || /^--(?:max-count|context|after-context|before-context|label|include|exclude)$/.test(t)) {
          i++
          continue
        }
        if (/^-[a-zA-Z]*[rR]/.test(t) || /^--(?:recursive|dereference-recursive)$/.test(t)) return false
        if (!t.startsWith('-') || t === '-') n++
      }
      return n <= (patternOpt ? 0 : 1)
    }
    default:
      return false
  }
}

// ---------------------------------------------------------------------------
// Python

/** Exit and decision signals of read Python or JavaScript code (offsets of its file). */
function codeSignals(code: GuardCode, options: Map<string, ArgOption>, flags?: { opaqueExit?: boolean }): Signal[] {
  const text = code.parsed.file.text
  const out: Signal[] = []
  const gates = (off: number): Gate[] => pyGatesAt(code, off, options)
  for (const e of code.exits) {
    if (e.code === null) {
      if (flags) flags.opaqueExit = true
      continue
    }
    const kind: SignalKind = e.code === 2 ? 'exit2' : e.code === 0 ? 'exit0' : 'exitOther'
    out.push({ kind, code: e.code, start: e.start, end: e.end, text: text.slice(e.start, e.end), gates: gates(e.start) })
  }
  // Decision JSON is often written as a string (`print('{"decision": "block"}')`): read in the text, comments blanked.
  const found: Signal[] = []
  decisionSignals(code.text, 0, code.text, found, gates)
  // Only what reaches the hook's output decides: an object the script keeps to itself
  // (`return { action: 'deny', json }` compared by its caller) is no decision.
  for (const s of found) if (outputFate(code, s.start) !== 'no') out.push(s)
  return out.sort((a, b) => a.start - b.start)
}

/**
 * Signals of Python code a shell script embeds (`python3 - <<'PY'`,
 * `python3 -c '...'`), offsets relative to `raw` (the word or heredoc body as written).
 */
function embeddedPythonSignals(raw: string): Signal[] {
  // A quoted `-c` program: read what is inside the quotes.
  const q = raw[0]
  const unquoted = raw.length >= 2 && (q === "'" || q === '"') && raw.endsWith(q) && !raw.slice(1, -1).includes(q)
  const shift = unquoted ? 1 : 0
  const file = new SourceFile('<embedded>.py', unquoted ? raw.slice(1, -1) : raw)
  const code = guardCode(file, 'python')
  if (!code) return []
  return codeSignals(code, new Map()).map((s) => ({ ...s, start: s.start + shift, end: s.end + shift }))
}

/** Python flag conditions that must hold for the code at an offset to run. */
export function gatesAt(info: ScriptInfo, off: number): Gate[] {
  return info.code ? pyGatesAt(info.code, off, info.options) : []
}

/** Whether a signal's flag conditions can hold for a hook that passes `argv`. */
export function gatesHold(info: ScriptInfo, gates: Gate[], argv: string[] | undefined): boolean {
  if (!argv) return true
  for (const g of gates) {
    const o = info.options.get(g.dest)
    if (!o) continue
    const given = (fs: string[]): boolean => fs.some((f) => argv.some((a) => a === f || a.startsWith(`${f}=`)))
    let value = o.absent
    if (given(o.neg)) value = false
    else if (given(o.flags)) value = o.present
    if (value === g.negated) return false
  }
  return true
}

/** A Python or JavaScript/TypeScript script, read from its syntax tree. */
function codeInfo(project: Project, path: string, file: SourceFile, lang: 'python' | 'js', code: GuardCode): ScriptInfo {
  const info: ScriptInfo = {
    path,
    file,
    lang,
    signals: [],
    readsStdin: code.readsStdin,
    argReads: [...code.argReads],
    envReads: code.envReads.filter((r) => FOLKLORE_ENV.test(r.name)),
    invokes: [],
    invokeAt: new Map(),
    options: code.options,
    code
  }
  info.signals = codeSignals(code, code.options, info)
  if (lang === 'python') pythonInvokes(project, path, code, info)
  else jsInvokes(project, path, code, info)
  return info
}

/** Repository scripts a Python file runs (string literal paths) or imports (local modules). */
function pythonInvokes(project: Project, path: string, code: GuardCode, info: ScriptInfo): void {
  const out = info.invokes
  const dir = posix.dirname(path)
  const hooksRoot = /^(.*\.claude\/hooks)(?:\/|$)/.exec(path)?.[1]
  const projectDir = path.replace(/(^|\/)\.claude\/.*$/, '')
  const add = (p: string | undefined, at: Loc): void => {
    if (p && p !== path && !out.includes(p) && project.reader.exists(p)) {
      out.push(p)
      info.invokeAt.set(p, at)
    }
  }
  // Paths passed to a call that runs a program; a path held as data (`PROTECTED = ["x.sh"]`) is not run.
  for (const r of code.runs) {
    add(posix.normalize(posix.join(projectDir || '.', r.name)).replace(/^\.\//, ''), r.at)
    add(posix.normalize(posix.join(dir, r.name)), r.at)
  }
  for (const imp of code.imports) {
    const mod = imp.name.replace(/^\.+/, '')
    if (!mod) continue
    const rel = mod.replace(/\./g, '/')
    const before = out.length
    // The script's folder, the folders it puts on `sys.path`, the hooks folder.
    const onPath = code.pathDirs.map((d) => posix.normalize(posix.join(dir, d))).filter((d) => d !== '..' && !d.startsWith('../'))
    for (const base of [dir, ...onPath, hooksRoot]) {
      if (base === undefined) continue
      add(posix.join(base, `${rel}.py`), imp.at)
      add(posix.join(base, rel, '__init__.py'), imp.at)
    }
    // A folder the script puts on `sys.path` (`sys.path.insert(0, …/lib)`): any folder under
    // the same `.claude/hooks/` that holds the module.
    if (out.length === before && hooksRoot !== undefined) {
      for (const p of project.hookScripts) {
        if (p.startsWith(`${hooksRoot}/`) && (p.endsWith(`/${rel}.py`) || p.endsWith(`/${rel}/__init__.py`)))
          add(p, imp.at)
      }
    }
  }
}

/** Repository modules a JavaScript/TypeScript file requires or imports (relative specifiers). */
function jsInvokes(project: Project, path: string, code: GuardCode, info: ScriptInfo): void {
  const dir = posix.dirname(path)
  for (const imp of code.imports) {
    if (!/^\.{1,2}\//.test(imp.name)) continue
    const base = posix.normalize(posix.join(dir, imp.name))
    // ESM TypeScript imports the emitted name: `./lib/io.js` is `./lib/io.ts` in the source tree
    const stem = /\.[mc]?js$/.exec(base)
    const ts = stem ? [`${base.slice(0, stem.index)}${stem[0].replace('js', 'ts')}`, `${base.slice(0, stem.index)}.tsx`] : []
    for (const cand of [base, ...ts, `${base}.js`, `${base}.mjs`, `${base}.cjs`, `${base}.ts`, `${base}.mts`, `${base}.cts`, `${base}/index.js`, `${base}/index.ts`]) {
      if (project.reader.exists(cand)) {
        if (!info.invokes.includes(cand)) {
          info.invokes.push(cand)
          info.invokeAt.set(cand, imp.at)
        }
        break
      }
    }
  }
}

// ---------------------------------------------------------------------------
// Cache

const CACHE = new WeakMap<Project, Map<string, ScriptInfo | null>>()

/**
 * Largest script (in characters) the hook analysis reads. Parsing is the cost
 * (the shell parser takes seconds per 100 KB); real guard hooks are a few KB,
 * and a larger one is reported by file-skipped instead of holding the audit.
 */
export const MAX_SCRIPT_CHARS = 64 * 1024

/** Analyses a repository script once per project; undefined when unreadable or not a script. */
export function scriptInfo(project: Project, path: string): ScriptInfo | undefined {
  let m = CACHE.get(project)
  if (!m) CACHE.set(project, (m = new Map()))
  const hit = m.get(path)
  if (hit !== undefined) return hit ?? undefined
  let info: ScriptInfo | null = null
  const file = project.reader.read(path)
  if (file && file.text.length > MAX_SCRIPT_CHARS) {
    project.reader.skip(
      path,
      `the script is ${Math.round(file.text.length / 1024)} KB, over the ${MAX_SCRIPT_CHARS / 1024} KB hook analysis reads, so what it guards and how it fails were not checked`
    )
  } else if (file && !file.text.includes('\0')) {
    const lang = scriptLang(path, file.text)
    if (lang === 'shell') info = shellInfo(project, path, file)
    else if (lang === 'python' || lang === 'js') {
      const code = guardCode(file, lang)
      if (code) {
        info = codeInfo(project, path, file, lang, code)
        // Where the parser had to recover: said with its line, the rest is still read.
        const at = code.parsed.errors[0]
        if (at)
          project.unfollowed.push({
            file: path,
            line: at.line,
            reason: `${path} line ${at.line} could not be parsed as ${lang === 'python' ? 'Python' : 'JavaScript/TypeScript'} (a syntax error, or syntax the parser does not know): the hook analysis read the code around it, so what it says about this script may be incomplete`
          })
      } else {
        const grammar = grammarOf(file, lang)
        project.reader.skip(path, `the hook analysis could not parse it: ${whyUnparsed(grammar)}`)
      }
    }
  }
  if (info) {
    markIgnored(project, info)
    info.signals = liveSignals(info)
  }
  m.set(path, info)
  return info ?? undefined
}

/**
 * Whether a script imports a package named like a hook or Claude library
 * (`from claude_hooks import ...`, `require('cc-hooks')`), or sources a
 * shell file that is not in the repository: code this audit cannot read
 * may add `hookSpecificOutput` and `hookEventName` around a decision.
 */
function externalHelper(info: ScriptInfo): boolean {
  if (info.code) {
    const py = info.lang === 'python'
    return info.code.imports.some((imp) => (py || !imp.name.startsWith('.')) && /hook|claude|anthropic/i.test(imp.name))
  }
  return (info.shell?.commands ?? []).some(
    (c) =>
      (c.name === 'source' || c.name === '.') &&
      c.args.length > 1 &&
      !info.invokes.some((p) => info.invokeAt.get(p)?.start === c.args[1].start)
  )
}

/**
 * Decisions Claude Code never honours: a decision printed to stderr (Python,
 * JavaScript; shell is read per command), and `permissionDecision` in a script
 * that never writes `hookEventName` (nor does any script it runs or imports),
 * so the decision is either at the top level of the JSON or inside a
 * `hookSpecificOutput` that lacks its required `hookEventName`.
 */
function markIgnored(project: Project, info: ScriptInfo): void {
  const decisions = info.signals.filter((s) => s.kind === 'decision')
  if (decisions.length === 0) return
  const code = info.code
  if (code) {
    for (const s of decisions) {
      const via = stderrCallAround(code, s.start)
      if (!via) continue
      s.kind = 'ignored'
      s.why = 'stderr'
      s.via = via
    }
  }
  const text = code?.text ?? info.file.text
  if (text.includes('hookEventName')) return
  if (info.invokes.some((p) => project.reader.read(p)?.text.includes('hookEventName'))) return
  // A hook library or a helper outside the repository may wrap the decision itself.
  if (externalHelper(info)) return
  const nested = text.includes('hookSpecificOutput')
  for (const s of decisions) {
    if (s.kind !== 'decision' || !/permissionDecision/.test(s.text)) continue
    // Handed to a helper this audit cannot read (an import it could not resolve): that helper may wrap it.
    if (code && passedToHelper(code, s.start)) continue
    s.kind = 'ignored'
    s.why = nested ? 'noEventName' : 'topLevel'
  }
}

/** Drops duplicate signals and those inside functions nothing calls (dead code). */
function liveSignals(info: ScriptInfo): Signal[] {
  const seen = new Set<string>()
  const uniq = info.signals.filter((s) => {
    const k = `${s.kind}:${s.start}`
    if (seen.has(k)) return false
    seen.add(k)
    return true
  })
  const dead = info.code ? deadRanges(info.code) : []
  return uniq.filter((s) => !dead.some((d) => s.start >= d.start && s.start < d.end))
}

// ---------------------------------------------------------------------------
// Registrations

/** Events on which a hook can stop something (exit 2 or a decision). */
export function isGuardEvent(event: string): boolean {
  return BLOCKING_EVENTS.has(event) || event === 'PermissionRequest'
}

/** A script a hook runs, with the words the hook passes after it. */
export interface HookScript {
  path: string
  /** Words after the script in the hook command (literal text). */
  argv: string[]
  /** Offsets of the script word in the analysed command. */
  start: number
  end: number
}

/** A hook handler with what it runs. */
export interface HookUse {
  site: HookSite
  analysis?: HookAnalysis
  scripts: HookScript[]
  /** Shared with the team: project settings, frontmatter, tracked local settings. */
  shared: boolean
}

const USES = new WeakMap<Project, HookUse[]>()

/** Every hook handler of the repository with the repository scripts it runs. */
export function hookUses(project: Project): HookUse[] {
  const hit = USES.get(project)
  if (hit) return hit
  const out: HookUse[] = []
  for (const site of hookSites(project)) {
    const shared = site.settings
      ? site.settings.scope === 'project' || project.isTracked(site.settings.path) === true
      : true
    const analysis = analyzeHook(site)
    const scripts: HookScript[] = []
    if (analysis) {
      for (const t of analysis.targets) {
        if (!t.repoPath || !project.reader.exists(t.repoPath)) continue
        const holder = analysis.commands.find((c) => c.cmd.args.some((w) => w.start + c.shift === t.start))
        const k = holder ? holder.cmd.args.findIndex((w) => w.start + holder.shift === t.start) : -1
        const argv = holder && k >= 0 ? holder.cmd.args.slice(k + 1).map((w) => w.text) : []
        scripts.push({ path: t.repoPath, argv, start: t.start, end: t.end })
      }
    }
    out.push({ site, analysis, scripts, shared })
  }
  USES.set(project, out)
  return out
}

const INLINE = new WeakMap<HookUse, ScriptInfo | null>()

/**
 * A command hook's own shell text read like a script (shell form only), so
 * inline checks (`jq ... | grep -q 'rm -rf' && exit 2`) get the same reading
 * as script files. Offsets are in `use.analysis.source`; map them to the
 * settings file with `use.analysis.span`.
 */
export function inlineInfo(project: Project, use: HookUse): ScriptInfo | undefined {
  const hit = INLINE.get(use)
  if (hit !== undefined) return hit ?? undefined
  const h = use.site.handler
  let info: ScriptInfo | null = null
  if (use.analysis && !h.args && h.type === 'command') {
    const file = new SourceFile(`${use.site.file}#${h.path.join('/')}`, use.analysis.source)
    info = shellInfo(project, file.path, file, use.site.projectDir)
    markIgnored(project, info)
  }
  INLINE.set(use, info)
  return info ?? undefined
}

/** A script and every repository script it reaches (runs, sources, imports), depth-first, bounded. */
export function reachable(project: Project, path: string, max = 4): string[] {
  const out: string[] = []
  const walk = (p: string, d: number): void => {
    if (out.includes(p) || d > max) return
    out.push(p)
    const info = scriptInfo(project, p)
    for (const q of info?.invokes ?? []) walk(q, d + 1)
  }
  walk(path, 0)
  return out
}

/** Span of `[start, end)` in a script file. */
export function spanOf(info: ScriptInfo, loc: Loc): Span {
  return { file: info.file, start: loc.start, end: Math.max(loc.start, loc.end) }
}

/** 1-based line of an offset in a script. */
export function lineOf(info: ScriptInfo, off: number): number {
  return info.file.position(off).line
}

// ---------------------------------------------------------------------------
// Guard semantics

const BLOCKISH =
  /\bblock|\bden(?:y|ied)\b|not allowed|forbidden|prohibit|refus|dangerous|disallow|reject|prevent|violation|unsafe|\bnot permitted\b/i

/** Active signals for a hook passing `argv` (Python flag gates applied). */
export function activeSignals(info: ScriptInfo, argv?: string[]): Signal[] {
  return info.signals.filter((s) => gatesHold(info, s.gates, argv))
}

/**
 * Words that say a path only warns: the author lets the call through on purpose (exit 1 shows
 * the first stderr line in the transcript as a non-blocking error, the way to warn).
 */
/** Words that say the call is stopped (not merely risky): a path saying them tries to block. */
const SAYS_BLOCKED = /\bblock(?:ed|ing|s)?\b|\bden(?:y|ied)\b|not allowed|forbidden|prohibit|refus|disallow|reject|\bnot permitted\b/i
const WARNISH = /\bwarn(?:ing|ings|s)?\b|\bnotices?\b|\badvisory\b|\bshadow\b|non-?blocking|\bfyi\b|\bheads[- ]up\b/i

/**
 * Whether an exit with a non-2 code is meant as a block: a block-looking message or condition
 * on its own path. For Python and JavaScript that path is read from the tree (the block holding
 * the exit, from its start, and the condition leading into it, within five lines), so a
 * neighbouring branch (`if (r === 'deny') {...} else if (r === 'warn') {...; exit(1)}`) does
 * not count; for shell, the five lines before it. A path that says it only warns (warn,
 * notice, shadow mode ...) and not that it blocks or denies, in a script that blocks for real
 * elsewhere (exit 2 or an honoured decision), is a deliberate non-blocking warning, not a
 * failed block.
 */
export function exitLooksLikeBlock(info: ScriptInfo, s: Signal): boolean {
  if (s.kind !== 'exitOther') return false
  return pathSaysBlock(info, s, () => hasRealBlock(info))
}

/**
 * Whether the path to an exit says it blocks (see {@link exitLooksLikeBlock}); `blocksElsewhere`
 * tells whether the script blocks for real elsewhere, which turns a path that only warns into a
 * deliberate warning.
 */
function pathSaysBlock(info: ScriptInfo, s: Loc, blocksElsewhere: () => boolean): boolean {
  const line = lineOf(info, s.start)
  let from = info.file.lineOffset(Math.max(1, line - 5))
  let text: string
  if (info.code) {
    // Comments do not count: blanked in read code.
    const b = branchOf(info.code, s.start)
    // Inside a conditional branch the whole branch says what the exit is for (a block message
    // printed over several lines before it); elsewhere only the few lines before the exit.
    from = b.condition ? Math.max(b.start, info.file.lineOffset(Math.max(1, line - 25))) : Math.max(from, b.start)
    text = info.code.text.slice(from, s.end)
    if (b.condition) text += `\n${info.code.text.slice(b.condition.start, b.condition.end)}`
  } else text = info.file.text.slice(from, s.end).replace(/(^|\s)#.*$/gm, '$1')
  const words = text.replace(/non-?blocking/gi, '')
  if (!BLOCKISH.test(words)) return false
  return !(WARNISH.test(text) && !SAYS_BLOCKED.test(words) && blocksElsewhere())
}

/**
 * Python / JavaScript: the first exit whose status the code computes (`sys.exit(code)` with
 * `code` from a check in another module) on a path that says it blocks, or undefined. Such a
 * script means to block with that status, 2 on a block.
 */
export function opaqueBlockExit(info: ScriptInfo, argv?: string[]): Loc | undefined {
  const code = info.code
  if (!code || !info.opaqueExit) return undefined
  const dead = deadRanges(code)
  return code.exits.find(
    (e) =>
      e.code === null &&
      !dead.some((d) => e.start >= d.start && e.start < d.end) &&
      gatesHold(info, gatesAt(info, e.start), argv) &&
      pathSaysBlock(info, e, () => false)
  )
}

/**
 * Whether the code from `from` to the exit at `to` runs straight through in
 * one block: no block or function ends between them (Python, JavaScript: the
 * exit lies in the block that holds the statement at `from`, or deeper;
 * shell: no `}`, `fi`, `done`, `esac` or `;;`). Then that exit is the one the
 * path takes; otherwise (a helper function that prints, an exit later in the
 * caller) which exit follows is not known.
 */
export function straightTo(info: ScriptInfo, from: number, to: number, via?: Loc): boolean {
  if (info.code) return straightThrough(info.code, from, to, via)
  if (to < from) return false
  const between = info.file.text.slice(from, to).replace(/(^|\s)#.*$/gm, '$1')
  return !/(?:^|[\s;&|])(?:\}|fi|done|esac|;;)(?=$|[\s;&|)])|;;/m.test(between)
}

/** A decision printed in the few lines before an offset (exit 1 + JSON). */
export function decisionBefore(info: ScriptInfo, sigs: Signal[], off: number): boolean {
  const line = lineOf(info, off)
  return sigs.some((d) => d.kind === 'decision' && d.start < off && lineOf(info, d.start) >= line - 8)
}

/**
 * The places a script tries to block: exits 2, decisions (honoured or not), unsupported block
 * output, and exits that look like blocks (exit 1 after a block message).
 */
export function blockingSignals(info: ScriptInfo, argv?: string[]): Signal[] {
  return activeSignals(info, argv).filter(
    (s) =>
      s.kind === 'exit2' ||
      s.kind === 'decision' ||
      s.kind === 'unsupported' ||
      s.kind === 'ignored' ||
      (s.kind === 'exitOther' && exitLooksLikeBlock(info, s))
  )
}

/** Whether a script tries to block (a guard): see {@link blockingSignals}. */
export function isGuard(info: ScriptInfo, argv?: string[]): boolean {
  return blockingSignals(info, argv).length > 0
}

/**
 * Programs whose output and status a hook script's reading can vouch for: shell builtins and
 * text tools. Anything else a script runs (a CLI, `"$BIN" hook-pre-tool-use`) may print a
 * decision or exit 2 itself.
 */
export const KNOWN_PROGRAMS: ReadonlySet<string> = new Set([
  '', 'echo', 'printf', 'cat', 'jq', 'tr', 'sed', 'awk', 'grep', 'egrep', 'fgrep', 'head', 'tail', 'cut',
  'sort', 'uniq', 'wc', 'date', 'mkdir', 'touch', 'rm', 'cp', 'mv', 'ls', 'test', '[', '[[', 'true',
  'false', ':', 'read', 'set', 'export', 'local', 'declare', 'typeset', 'readonly', 'unset', 'shift',
  'return', 'exit', 'source', '.', 'cd', 'pwd', 'basename', 'dirname', 'realpath', 'readlink', 'tee',
  'printenv', 'sleep', 'trap', 'break', 'continue', 'command', 'type', 'hash', 'which'
])

/** A decision key (its value may be computed): `permissionDecision`, `decision:`, `behavior:`, `continue: false`. */
const DECISION_MARK = /permissionDecision|["']?\bdecision["']?\s*:|["']?\bbehavior["']?\s*:|["']?\bcontinue["']?\s*:\s*(?:false|False)\b/

/**
 * Whether the script a hook runs tries to block, as far as this reading can tell: true when it
 * (or a script it runs, sources or imports) signals a block ({@link isGuard}; an exit with the
 * status its check computes, on a path that says it blocks), or prints a decision key whose value
 * it computes; false when it visibly never does; undefined when that cannot be known (a script
 * that cannot be read, or a shell script that runs a program other than builtins and text tools,
 * whose output and status become the hook's). Of a shell library it sources, only what runs
 * counts: its top level and the functions some reached shell script calls (a `block()` helper
 * nothing calls blocks nothing).
 */
export function triesToBlock(project: Project, path: string, argv?: string[]): boolean | undefined {
  const top = scriptInfo(project, path)
  if (!top) return undefined
  if (isGuard(top, argv) || opaqueBlockExit(top, argv)) return true
  const paths = reachable(project, path)
  const infos = paths.map((p) => scriptInfo(project, p))
  const called = new Set<string>()
  const defined = new Set<string>()
  for (const info of infos) {
    for (const c of info?.shell?.commands ?? []) called.add(c.name)
    for (const f of info?.shell?.functions ?? []) defined.add(f.name)
  }
  let known = true
  for (const [k, info] of infos.entries()) {
    if (!info) {
      known = false
      continue
    }
    const fns = info.shell?.functions ?? []
    const dead = fns.filter((f) => !called.has(f.name))
    const live = (off: number): boolean => !dead.some((f) => off >= f.start && off < f.end)
    const signals = info.signals.filter((x) => live(x.start))
    if (isGuard({ ...info, signals }, k === 0 ? argv : undefined)) return true
    const text = info.code?.text ?? info.file.text
    let liveText = text
    for (const f of dead) liveText = liveText.slice(0, f.start) + ' '.repeat(f.end - f.start) + liveText.slice(f.end)
    if (DECISION_MARK.test(info.lang === 'shell' ? liveText.replace(/(^|\s)#.*$/gm, '$1') : liveText)) return true
    for (const c of info.shell?.commands ?? []) {
      if (!live(c.start) || c.inSubstitution || KNOWN_PROGRAMS.has(c.name) || defined.has(c.name)) continue
      // A repository script it runs is read above.
      if (c.args.some((w) => info.invokes.some((q) => info.invokeAt.get(q)?.start === w.start))) continue
      known = false
    }
  }
  return known ? false : undefined
}

/** Whether a script has a block Claude Code honours: exit 2 or a decision it reads. */
export function hasRealBlock(info: ScriptInfo, argv?: string[]): boolean {
  return activeSignals(info, argv).some((s) => s.kind === 'exit2' || s.kind === 'decision')
}

/**
 * Whether a hook running `path` (with `argv`) can block: some script it
 * reaches signals a block Claude Code honours (exit 2 or a decision JSON, or
 * the script exits with the status a check it imports returns, on a path that
 * says it blocks, and that check returns 2),
 * and it can see the payload. Stdin reads take many forms this reading does
 * not know, so the payload counts as unseen only on positive evidence: no
 * reached script reads stdin, and one takes its input from arguments or
 * from a variable Claude Code never sets, or hands stdin to a heredoc.
 */
export function canBlock(project: Project, path: string, argv?: string[]): boolean {
  let blocks = false
  let sees = false
  let elsewhere = false
  let returnsBlock = false
  for (const p of reachable(project, path)) {
    const info = scriptInfo(project, p)
    if (!info) continue
    if (hasRealBlock(info, p === path ? argv : undefined)) blocks = true
    if (p !== path && info.code?.blockReturns.length) returnsBlock = true
    if (info.readsStdin) sees = true
    if (info.argReads.length || info.envReads.length || info.stdinShadow) elsewhere = true
  }
  // `code, reason = check(...)` then `sys.exit(code)` on a path that says it blocks, with a check in a
  // module it imports that returns 2 (`return (2, "Blocked: …")`): the script exits 2 on a block.
  if (!blocks && returnsBlock) {
    const top = scriptInfo(project, path)
    if (top && opaqueBlockExit(top, argv)) blocks = true
  }
  return blocks && (sees || !elsewhere)
}

/**
 * Whether the code in a range signals a block of one of these kinds (active
 * for a hook passing `argv`), there or in a function of the script it calls.
 */
export function blocksWithin(info: ScriptInfo, range: Loc, kinds: readonly SignalKind[], argv?: string[]): boolean {
  const sigs = activeSignals(info, argv).filter((s) => kinds.includes(s.kind))
  const inside = (r: Loc): boolean => sigs.some((s) => s.start >= r.start && s.start < r.end)
  if (inside(range)) return true
  return info.code ? calledFrom(info.code, range).some((f) => inside(f.body)) : false
}

// ---------------------------------------------------------------------------
// Registration of guard scripts

const HELPER_DIR =
  /^(?:utils?|lib|libs|helpers?|common|shared|vendor|node_modules|__pycache__|tests?|__tests__|fixtures?|docs?|templates?)$/i
const SAMPLE_DIR =
  /^(?:templates?|examples?|samples?|fixtures?|__fixtures__|testdata|tests?|__tests__|demos?|starters?|skeletons?|boilerplates?)$/i
const GUARD_NAME = /(?:^|\/)(?:pre[-_]?tool[-_]?use|user[-_]?prompt[-_]?submit|permission[-_]?request)[^/]*$/i

/** Configuration copied elsewhere before it runs (templates, examples, fixtures). */
export function inSampleTree(path: string): boolean {
  const cut = path.indexOf('.claude/')
  const dirs = (cut >= 0 ? path.slice(0, cut) : posix.dirname(path)).split('/').filter(Boolean)
  return dirs.some((d) => SAMPLE_DIR.test(d))
}

/**
 * Shell: whether the script approves some calls with a conditional `exit 0` and ends, for every
 * other call, on an unconditional top-level non-zero exit (`if approved; then exit 0; fi; exit 1`):
 * for a script named after PreToolUse, UserPromptSubmit or PermissionRequest, whose exit status
 * is its verdict, that is an allow-list gate even without a block message.
 */
function endsOnDenyExit(info: ScriptInfo): boolean {
  const sh = info.shell
  if (!sh?.ok) return false
  const top = sh.commands.filter((c) => !c.inFunction && !c.inSubstitution)
  const last = top.reduce<ShellCommand | undefined>((a, c) => (!a || c.start > a.start ? c : a), undefined)
  if (!last || last.name !== 'exit' || last.conditional || last.tested) return false
  const exit = sh.exitCodes.find((e) => e.start >= last.start && e.end <= last.end)
  if (!exit || exit.code === null || exit.code === 0 || exit.code === 2) return false
  return top.some((c) => c.name === 'exit' && c.conditional && c.start < last.start && sh.exitCodes.some((e) => e.code === 0 && e.start >= c.start && e.end <= c.end))
}

/** A guard script that stands on its own (not a helper module). */
export interface GuardCandidate {
  path: string
  info: ScriptInfo
}

const CANDIDATES = new WeakMap<Project, GuardCandidate[]>()

/**
 * Guard scripts under `.claude/hooks/` (or elsewhere in a `hooks/` folder and
 * named like one, e.g. `pre-tool-use.sh`): scripts that try to block, that are
 * not helpers (utils/, lib/, `_x.py`, `__init__.py`, modules other hook
 * scripts import or run), outside template and example trees.
 */
export function guardCandidates(project: Project): GuardCandidate[] {
  const hit = CANDIDATES.get(project)
  if (hit) return hit
  const paths = new Set<string>(project.hookScripts)
  for (const p of project.files.paths) {
    if (p.includes('hooks/') && GUARD_NAME.test(p) && /(?:^|\/)hooks\//.test(p) && !/(?:^|\/)(?:node_modules|src|lib|dist|build)\//.test(p))
      paths.add(p)
  }
  const infos = new Map<string, ScriptInfo>()
  for (const p of paths) {
    const info = scriptInfo(project, p)
    if (info) infos.set(p, info)
  }
  const invoked = new Set<string>()
  for (const info of infos.values()) for (const q of info.invokes) invoked.add(q)
  const out: GuardCandidate[] = []
  for (const [p, info] of infos) {
    const inner = /(?:^|\/)\.claude\/hooks\/(.*)$/.exec(p)?.[1] ?? posix.basename(p)
    const dirs = inner.split('/').slice(0, -1)
    const base = posix.basename(p)
    if (dirs.some((d) => HELPER_DIR.test(d))) continue
    if (base.startsWith('_') || /\.(?:test|spec)\.\w+$/.test(base) || (/^test_/.test(base) && !guardNamedTest(base, info.file.text))) continue
    if (invoked.has(p) || inSampleTree(p)) continue
    if (!isGuard(info) && !(GUARD_NAME.test(p) && endsOnDenyExit(info))) continue
    out.push({ path: p, info })
  }
  CANDIDATES.set(project, out)
  return out
}

/**
 * A Python script named `test_*.py` that is not a test module: no `def test_…` function and no
 * pytest or unittest import (`test_quality_gate.py`, a guard about tests). Other `test_*` files
 * are taken for tests of the hooks.
 */
function guardNamedTest(base: string, text: string): boolean {
  return base.endsWith('.py') && !PY_TEST_MODULE.test(text)
}
const PY_TEST_MODULE = /^[ \t]*(?:async[ \t]+)?def[ \t]+test_|^[ \t]*(?:import|from)[ \t]+(?:pytest|unittest)\b/m

/** How a script is registered: by shared configuration, only by personal local settings, or not at all. */
export type Registration = 'shared' | 'local' | 'none'

interface Registrations {
  shared: Set<string>
  local: Set<string>
  sharedText: string[]
  localText: string[]
  /** Scripts listed under an event name Claude Code does not know (`preToolUse`), with that name. */
  unknownEvent: Map<string, string>
}

const REGS = new WeakMap<Project, Registrations>()

function registrations(project: Project): Registrations {
  const hit = REGS.get(project)
  if (hit) return hit
  const r: Registrations = {
    shared: new Set<string>(),
    local: new Set<string>(),
    sharedText: [],
    localText: [],
    unknownEvent: new Map()
  }
  for (const use of hookUses(project)) {
    // Claude Code never runs a handler under an event it does not know (ineffective-setting reports the key).
    if (!HOOK_EVENTS.has(use.site.handler.event)) {
      for (const s of use.scripts) for (const q of reachable(project, s.path)) if (!r.unknownEvent.has(q)) r.unknownEvent.set(q, use.site.handler.event)
      continue
    }
    const set = use.shared ? r.shared : r.local
    for (const s of use.scripts) for (const q of reachable(project, s.path)) set.add(q)
    const h = use.site.handler
    const text = [h.command ?? '', ...(h.args ?? [])].join(' ')
    ;(use.shared ? r.sharedText : r.localText).push(text)
  }
  // Hooks that `disableAllHooks: true` switches off are still registered (ineffective-setting reports the switch).
  for (const off of switchedOffHooks(project.settings)) {
    if (!HOOK_EVENTS.has(off.handler.event)) continue
    const text = [off.handler.command ?? '', ...(off.handler.args ?? [])].join(' ')
    const shared = off.file.scope === 'project' || project.isTracked(off.file.path) === true
    ;(shared ? r.sharedText : r.localText).push(text)
  }
  // Plugin hooks (`hooks/hooks.json`, `.claude-plugin/plugin.json`) register scripts under ${CLAUDE_PLUGIN_ROOT}.
  for (const p of project.files.paths) {
    if (!p.endsWith('.json') || !/(?:^|\/)(?:hooks\/hooks\.json|\.claude-plugin\/plugin\.json)$/.test(p)) continue
    const f = project.reader.read(p)
    if (f) r.sharedText.push(f.text)
  }
  // Frontmatter Claude Code may still read though it is not strict YAML: its text counts by name.
  for (const a of [...project.agents, ...project.commands, ...project.skills]) {
    const fm = a.md.frontmatter
    if (fm && fm.errors.length) r.sharedText.push(a.md.file.text.slice(0, a.md.bodyStart))
  }
  REGS.set(project, r)
  return r
}

/** Whether some hook runs this script (directly, or through a script it runs). */
export function registrationOf(project: Project, path: string): Registration {
  const r = registrations(project)
  if (r.shared.has(path)) return 'shared'
  // A reference by name that does not resolve inside the repository (`~/.claude/hooks/x.sh`) still counts.
  const base = posix.basename(path)
  const named = (t: string): boolean =>
    new RegExp(`(?:^|[\\s/"'])${base.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(?:$|[\\s"';&|])`).test(t)
  if (r.sharedText.some(named)) return 'shared'
  if (r.local.has(path) || r.localText.some(named)) return 'local'
  // A TypeScript source whose build is what the hook runs (`hooks/src/x.ts` built to `hooks/dist/x.mjs`).
  // (String searches, not a regular expression: one with a greedy folder part is quadratic.)
  const at = path.startsWith('src/') ? 0 : path.lastIndexOf('/src/') + 1
  const ext = posix.extname(path)
  const inSrc = at > 0 || path.startsWith('src/')
  if (inSrc && ['.ts', '.mts', '.cts', '.tsx'].includes(ext)) {
    const [prefix, name] = [path.slice(0, at), path.slice(at + 4, path.length - ext.length)]
    const builds = ['dist', 'build', 'lib'].flatMap((d) => ['mjs', 'js', 'cjs'].map((e) => `${prefix}${d}/${name}.${e}`))
    const regs = builds.filter((b) => project.reader.exists(b)).map((b) => registrationOf(project, b))
    if (regs.includes('shared')) return 'shared'
    if (regs.includes('local')) return 'local'
  }
  return 'none'
}

/** The unknown event name (`preToolUse`) a hook that runs this script is listed under, if any. */
export function unknownEventOf(project: Project, path: string): string | undefined {
  return registrations(project).unknownEvent.get(path)
}

/** The event a script is written for, from its name (`pre-tool-use.sh` → PreToolUse). */
export function eventFromName(path: string): string | undefined {
  const b = posix.basename(path).toLowerCase()
  if (/pre[-_]?tool[-_]?use/.test(b)) return 'PreToolUse'
  if (/user[-_]?prompt[-_]?submit/.test(b)) return 'UserPromptSubmit'
  if (/permission[-_]?request/.test(b)) return 'PermissionRequest'
  if (/subagent[-_]?stop/.test(b)) return 'SubagentStop'
  if (/(?:^|[-_])stop(?:[-_.]|$)/.test(b)) return 'Stop'
  return undefined
}

/** What a block stops, for messages. */
export function blockedThing(event: string | undefined): string {
  switch (event) {
    case 'PreToolUse':
      return 'tool call'
    case 'UserPromptSubmit':
    case 'UserPromptExpansion':
      return 'prompt'
    case 'Stop':
    case 'SubagentStop':
      return 'stop'
    case 'PermissionRequest':
      return 'permission request'
    default:
      return 'action'
  }
}
