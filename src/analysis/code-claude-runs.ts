/**
 * Claude Code started as a process from Python, JavaScript or TypeScript: a
 * repository script that a workflow runs (`python scripts/review.py`,
 * `node scripts/x.mjs`, `npx tsx scripts/x.ts`) and that runs `claude -p`.
 * Read from the syntax tree (src/parse/code.ts):
 *
 * - Python: `subprocess.run/Popen/call/check_call/check_output([...])`
 *   (`shell=True` with a string: the string is a shell command),
 *   `subprocess.getoutput("…")`, `os.system("…")`, `os.popen("…")`,
 *   `asyncio.create_subprocess_exec("claude", "-p", …)` and
 *   `asyncio.create_subprocess_shell("…")`, under their import aliases;
 * - JavaScript / TypeScript: `spawn/spawnSync/execFile/execFileSync("claude", [...])`,
 *   `spawn(cmd[0], cmd.slice(1))`, Bun's `spawn([...])` / `spawn({ cmd })`,
 *   `execa/execaSync("claude", [...])`, `exec/execSync("claude -p …")`,
 *   `Bun.spawn(["claude", "-p", …])` (or `{ cmd: [...] }`), a shell tagged template
 *   `` $`claude -p …` `` (Bun shell, zx, execa),
 *   `new Deno.Command("claude", { args: [...] })`;
 * - either language: a call of a function of the same file that hands its
 *   parameters to one of those (`runCommand("claude", [...])` where
 *   `function runCommand(command, args) { return spawnSync(command, args) }`),
 *   read with the caller's words (one level).
 *
 * The argv is read from list and array literals of string literals; a name is
 * followed to the one list (or string) it is bound to in its function or
 * module, with the `append`/`extend`/`insert`/`+=`/`push`/`unshift` of that
 * name before the call added (all of them, conditional or not: a flag that
 * may be there counts); `a if c else b` and `c ? a : b` give the words of
 * both. What cannot be read (a parameter, a call, a name bound twice) is an
 * unknown word, never a guess. Command strings are shell: they are parsed with
 * the shell parser where they stand, `{…}`/`${…}` holes read as unknown
 * variables. Every word keeps its offsets in the file, so findings point at
 * the token (`"-p"`, `"--dangerously-skip-permissions"`).
 */
import type { SourceFile } from '../parse/source.js'
import { codeLanguageOf, descendantsOfType, parseCode, type CodeLanguage, type Node } from '../parse/code.js'
import { parseShell, type ShellCommand, type ShellWord } from '../shell/parse.js'
import { claudeArgsFrom, claudePrintMode, flagsOf, TERMINAL_STREAMS, type ClaudeRun, type LaunchStreams, type ResolvedWord } from '../model/claude.js'
import { handRunCodeDir, type HandRunDir } from '../model/load-scope.js'
import { lowerBound } from '../core/sorted.js'

/** One `claude -p` process a code file starts. */
export interface CodeLaunch {
  /** The command as shell words, offsets into the file's text. */
  command: ShellCommand
  /** Where a finding about the run as a whole points: the program word up to the end of its line's words. */
  anchor: { start: number; end: number }
  /**
   * Seconds after which the call that starts the process kills it, when it says so with a literal:
   * Python's `subprocess.run(..., timeout=120)` (also `call`, `check_call`, `check_output`), Node's
   * `execFileSync(cmd, args, { timeout: 120000 })` (milliseconds; also `execSync`, `spawnSync`, `execFile`, `exec`),
   * or a timer that kills it (`setTimeout(() => child.kill(), 120_000)` in the function that starts `child`).
   */
  timeoutSeconds?: number
}

/**
 * Whether a file's text may start Claude in print mode: it names `claude`
 * and has a `-p`/`--print` word (as before print mode without `-p` was
 * known), or, for a launch without `-p` where the process's stdout is not a
 * terminal ({@link claudePrintMode}), it holds `claude` where a string starts
 * it (the program word is read from string literals only: `"claude"`,
 * `"/usr/bin/claude"`, `"cat p | claude"`) and names one of the process
 * functions read here ({@link PY_FUNCS}, {@link JS_FUNCS}, `Bun.spawn`,
 * `Deno.Command`, a shell template; a wrapper of the file calls one of them
 * too). The test made before a code file is parsed.
 */
export function codeMayRunClaude(text: string): boolean {
  return (text.includes('claude') && PRINT_WORD.test(text)) || (CLAUDE_IN_STRING.test(text) && PROCESS_WORD.test(text))
}

/**
 * {@link codeMayRunClaude} for a file that may run at a terminal (no workflow
 * known to run it): without `-p`, only a launch whose output the call captures
 * is print mode ({@link Reader.streamsOf}), so a Python file must name a
 * capture (`capture_output`, `stdout=`, `check_output`, `getoutput`,
 * `getstatusoutput`, `popen`) and a JavaScript one a function that pipes
 * stdout by default (`spawn*`, `exec*`); a shell template captures nothing.
 */
export function codeMayRunClaudeAtTerminal(text: string, lang: CodeLanguage): boolean {
  if (text.includes('claude') && PRINT_WORD.test(text)) return true
  return CLAUDE_IN_STRING.test(text) && (lang === 'python' ? PY_CAPTURE_WORD : JS_CAPTURE_WORD).test(text)
}

const PRINT_WORD = /(?<![\w-])(?:-p|--print)(?![\w-])/
/** `claude` (or `claude-code`) as a string literal's program word: after a quote, a `/` or a blank, before a quote, `@` or a blank. */
const CLAUDE_IN_STRING = /(?<=["'`/\s]|^)claude(?:-code)?(?=["'`@\s]|$)/m
/** A name every process start read here holds: `spawn*`, `exec*`, `subprocess`, `os.system`, `popen`, `Deno.Command`, `` $` ``. */
const PROCESS_WORD = /spawn|exec|subprocess|system|popen|Command|\$`/
const PY_CAPTURE_WORD = /capture_output|stdout|check_output|getoutput|getstatusoutput|popen/
const JS_CAPTURE_WORD = /spawn|exec/

/** The grammar for a repository script: by extension, or by a `#!` line naming python, node, bun, deno, tsx. */
export function scriptLanguage(path: string, text: string): CodeLanguage | undefined {
  const byExt = codeLanguageOf(path)
  if (byExt) return byExt
  const first = text.slice(0, 200).split('\n')[0]
  if (!first.startsWith('#!')) return undefined
  if (/\bpython[\d.]*\b/.test(first)) return 'python'
  if (/\b(?:node|bun|deno)\b/.test(first)) return 'javascript'
  if (/\b(?:tsx|ts-node)\b/.test(first)) return 'typescript'
  return undefined
}

/**
 * Every print-mode Claude process the file starts ({@link claudePrintMode}: `-p`, or a prompt
 * and a stdout that is not a terminal), certain from the words read. `streams`: where the file
 * runs (a workflow's job: no TTY), to which what each call does with the process's streams is
 * added ({@link Reader.streamsOf}).
 */
export function claudeLaunchesIn(file: SourceFile, lang: CodeLanguage, streams: LaunchStreams): CodeLaunch[] {
  if (!codeMayRunClaude(file.text)) return []
  const parsed = parseCode(file, lang)
  if (!parsed) return []
  const r = new Reader(file, lang === 'python')
  r.claudeOnly = true
  const out: CodeLaunch[] = []
  for (const call of r.calls()) {
    const commands = r.commandsOf(call)
    if (commands.length === 0) continue
    const own = r.streamsOf(call)
    const at: LaunchStreams = { stdoutNotTerminal: streams.stdoutNotTerminal || own.stdoutCaptured, stdinFed: own.stdinFed }
    for (const cmd of commands) {
      if (!claudePrintMode(cmd, at)) continue
      const timeoutSeconds = processTimeout(call, r.py) ?? (r.py ? undefined : killTimer(call))
      out.push({ command: cmd, anchor: anchorOf(cmd, file.text), ...(timeoutSeconds ? { timeoutSeconds } : {}) })
    }
  }
  return out
}

/** A `claude -p` a code file starts with no turn or dollar cap, as plain data (what the parse cache keeps). */
export interface UncappedLaunch {
  /** The program word up to the end of its line's words (see {@link CodeLaunch.anchor}). */
  start: number
  end: number
  /** Seconds after which the process is killed, when literals say so (see {@link CodeLaunch.timeoutSeconds}). */
  timeoutSeconds?: number
  /** In print mode because its output is captured, not by `-p`/`--print` (see claudePrintMode). */
  noPrintFlag?: boolean
}

/**
 * Where a launch the code parts report (at `start` in `path`) stands among the project's Claude
 * runs: `'run'` when a workflow runs it (that workflow's run, which the rules judge with its job
 * and environment), else the example or documentation folder that holds it (run by hand if at
 * all), else undefined.
 */
export function launchPlace(runs: readonly ClaudeRun[], path: string, start: number): 'run' | HandRunDir | undefined {
  if (runs.some((run) => run.anchor.file.path === path && run.anchor.start === start)) return 'run'
  return handRunCodeDir(path)
}

/** Whether a launch's own words hold `-p`/`--print` (its print mode is then the flag's, not its output's). */
export function hasPrintFlag(words: readonly { text: string }[]): boolean {
  return words.some((w) => w.text === '-p' || w.text === '--print')
}

/**
 * What a launch needs not to be reported (see {@link uncappedLaunchesIn}): one of `flags`, or
 * `env` named in the file (it may set it in the process's environment); `toolsFree`: a launch
 * with no tools (`--tools ""`) needs nothing.
 */
export interface LaunchNeed {
  flags: ReadonlySet<string>
  env: string
  toolsFree: boolean
}

/** The flags that cap a print-mode run (reference §8.1). */
export const CAP_FLAGS: ReadonlySet<string> = new Set(['--max-turns', '--max-budget-usd'])
/** A turn or dollar cap (no-turn-limit). */
export const CAP_NEED: LaunchNeed = { flags: CAP_FLAGS, env: 'CLAUDE_CODE_MAX_TURNS', toolsFree: true }
/** An explicit model (model-not-pinned). */
export const MODEL_NEED: LaunchNeed = { flags: new Set(['--model']), env: 'ANTHROPIC_MODEL', toolsFree: false }

/**
 * The `claude -p` processes a file starts without `--max-turns` or
 * `--max-budget-usd` on their command line (nor `--tools ""`, which leaves
 * the session no tools and so no agent loop). A command that splices words not
 * known here (`*extra`, `...args`, a list built by a call) may carry a cap, and
 * a file that names `CLAUDE_CODE_MAX_TURNS` may set it in the process's
 * environment: neither is called uncapped. Depends on the file's text alone.
 */
export function uncappedLaunchesIn(file: SourceFile, lang: CodeLanguage, need: LaunchNeed = CAP_NEED): UncappedLaunch[] {
  if (file.text.includes(need.env) || !codeMayRunClaudeAtTerminal(file.text, lang)) return []
  const out: UncappedLaunch[] = []
  // Run by a person or a tool, perhaps at a terminal: without `-p` only a launch whose output the call captures is print mode.
  for (const l of claudeLaunchesIn(file, lang, TERMINAL_STREAMS)) {
    const words = l.command.args
    if (words.some((w) => w.hasUnquotedExpansion)) continue
    const from = claudeArgsFrom(l.command.args.map((a) => a.text)) ?? 1
    const flags = flagsOf(words.slice(from))
    if (flags.some((f) => need.flags.has(f.name))) continue
    // `--tools ""`: no tools, so the session is one request and has no loop to cap.
    const noTools = words.some((w, i) => i >= from && ((w.text === '--tools' && words[i + 1]?.literal && words[i + 1].text.trim() === '') || w.text === '--tools='))
    if (noTools && need.toolsFree) continue
    out.push({
      start: l.anchor.start,
      end: l.anchor.end,
      ...(l.timeoutSeconds ? { timeoutSeconds: l.timeoutSeconds } : {}),
      ...(hasPrintFlag(words.slice(from)) ? {} : { noPrintFlag: true })
    })
  }
  return out
}

/** Python calls whose `timeout=` kills the process they start, and Node calls whose `timeout` option does. */
const PY_TIMEOUT_CALLS = new Set(['run', 'call', 'check_call', 'check_output'])
const JS_TIMEOUT_CALLS = new Set(['execFileSync', 'execSync', 'spawnSync', 'execFile', 'exec'])

/** The literal positive timeout (seconds) the process-starting call sets, if any. */
function processTimeout(call: Node, py: boolean): number | undefined {
  const fn = call.childForFieldName('function')
  const name = fn ? (fn.childForFieldName(py ? 'attribute' : 'property')?.text ?? fn.text) : ''
  if (!(py ? PY_TIMEOUT_CALLS : JS_TIMEOUT_CALLS).has(name)) return undefined
  const args = call.childForFieldName('arguments')?.namedChildren ?? []
  let value: Node | null | undefined
  if (py) value = args.find((a) => a?.type === 'keyword_argument' && a.childForFieldName('name')?.text === 'timeout')?.childForFieldName('value')
  else {
    const options = args.filter((a) => a?.type === 'object').at(-1)
    value = options?.namedChildren.find((p) => p?.type === 'pair' && /^["']?timeout["']?$/.test(p.childForFieldName('key')?.text ?? ''))?.childForFieldName('value')
    // `{ timeout }`: the name's value.
    if (!value && options?.namedChildren.some((p) => p?.type === 'shorthand_property_identifier' && p.text === 'timeout'))
      return numberFromDefault(scopeOf(call, py), 'timeout')
  }
  // `timeout=timeout` where the enclosing function's parameter has a literal default: the default holds
  // unless a caller passes another value, and any value is a time limit.
  if (value?.type === 'identifier') {
    // A parameter: its literal default. Otherwise a name the file binds once (`STAGE_TIMEOUT = 3600`).
    const fn = scopeOf(call, py)
    if (parameterDefault(fn, value.text) || isParameter(fn, value.text)) return numberFromDefault(fn, value.text, py)
    if (!py) {
      const ms = numberOf(value, 0)
      return ms !== undefined && ms > 0 ? ms / 1000 : undefined
    }
    return literalSeconds(pyBoundOnce(value), true)
  }
  if (!py && value) {
    // `timeout: 2 * 60_000`, `timeout: opts.timeoutMs ?? 30_000`.
    const ms = numberOf(value, 0)
    return ms !== undefined && ms > 0 ? ms / 1000 : undefined
  }
  return literalSeconds(value, py)
}

/** The value a Python name is assigned, when the file assigns it exactly once (a module constant). */
function pyBoundOnce(name: Node): Node | undefined {
  let root: Node = name
  while (root.parent) root = root.parent
  const binds = descendantsOfType(root, ['assignment', 'augmented_assignment']).filter((a) => a.childForFieldName('left')?.text === name.text)
  return binds.length === 1 && binds[0].type === 'assignment' ? (binds[0].childForFieldName('right') ?? undefined) : undefined
}

function numberFromDefault(fn: Node, name: string, py = false): number | undefined {
  return literalSeconds(parameterDefault(fn, name), py)
}

/** A positive number literal as seconds (Python gives seconds, Node milliseconds). */
function literalSeconds(value: Node | null | undefined, py: boolean): number | undefined {
  if (!value || !/^(?:integer|float|number)$/.test(value.type)) return undefined
  const n = Number(value.text.replace(/_/g, ''))
  return n > 0 && Number.isFinite(n) ? (py ? n : n / 1000) : undefined
}

/**
 * Seconds after which a JavaScript timer kills the process a call starts:
 * `const child = spawn(…)` (or `child = spawn(…)`) and, in the same function,
 * `setTimeout(() => { …; child.kill(…) }, ms)` with a delay a literal gives
 * (`120_000`, `10 * 60 * 1000`, a constant bound once to one).
 */
function killTimer(call: Node): number | undefined {
  const holder = call.parent
  const name =
    holder?.type === 'variable_declarator' && holder.childForFieldName('value')?.id === call.id
      ? holder.childForFieldName('name')
      : holder?.type === 'assignment_expression' && holder.childForFieldName('right')?.id === call.id
        ? holder.childForFieldName('left')
        : null
  if (name?.type !== 'identifier') return undefined
  const scope = scopeOf(call, false)
  for (const t of descendantsOfType(scope, ['call_expression'])) {
    if (t.childForFieldName('function')?.text !== 'setTimeout') continue
    const [cb, delay] = (t.childForFieldName('arguments')?.namedChildren ?? []).filter((a): a is Node => a !== null && a.type !== 'comment')
    if (!cb || !delay) continue
    const kills = descendantsOfType(cb, ['call_expression']).some((c) => {
      const fn = c.childForFieldName('function')
      return fn?.type === 'member_expression' && fn.childForFieldName('object')?.text === name.text && fn.childForFieldName('property')?.text === 'kill'
    })
    const ms = kills ? numberOf(delay, 0) : undefined
    if (ms !== undefined && ms > 0) return ms / 1000
  }
  return undefined
}

/** The value of a numeric expression of literals (`60_000`, `10 * 60 * 1000`, a name bound once in the file to one). */
function numberOf(n: Node, depth: number): number | undefined {
  if (depth > MAX_FOLLOW) return undefined
  switch (n.type) {
    case 'number': {
      const v = Number(n.text.replace(/_/g, ''))
      return Number.isFinite(v) ? v : undefined
    }
    case 'parenthesized_expression':
      return n.namedChildren[0] ? numberOf(n.namedChildren[0], depth + 1) : undefined
    case 'binary_expression': {
      const op = n.childForFieldName('operator')?.text
      const l = n.childForFieldName('left')
      const r = n.childForFieldName('right')
      // A delay with a default (`opts.timeoutMs ?? 30_000`): some value always stands, the default for
      // it (as a parameter's default does, see numberFromDefault).
      if ((op === '??' || op === '||') && r) return numberOf(r, depth + 1)
      const a = l ? numberOf(l, depth + 1) : undefined
      const b = r ? numberOf(r, depth + 1) : undefined
      if (a === undefined || b === undefined) return undefined
      return op === '*' ? a * b : op === '+' ? a + b : undefined
    }
    case 'identifier': {
      // The nearest declaration in sight: the last one before the use in the innermost function
      // that declares the name, else the only one of the file (a module constant).
      for (let scope: Node | null = scopeOf(n, false); scope; scope = scope.parent ? scopeOf(scope, false) : null) {
        const own = descendantsOfType(scope, ['variable_declarator']).filter(
          (d) => d.childForFieldName('name')?.text === n.text && d.startIndex < n.startIndex && scopeOf(d, false).id === scope.id
        )
        const v = own.at(-1)?.childForFieldName('value')
        if (v) return numberOf(v, depth + 1)
        if (!scope.parent) break
      }
      let root: Node = n
      while (root.parent) root = root.parent
      const decls = descendantsOfType(root, ['variable_declarator']).filter((d) => d.childForFieldName('name')?.text === n.text)
      const v = decls.length === 1 ? decls[0].childForFieldName('value') : null
      return v ? numberOf(v, depth + 1) : undefined
    }
    default:
      return undefined
  }
}

/**
 * Every process command the file starts through the calls above (its own
 * wrappers included), whatever the program and mode: words with offsets into
 * the file. For rules that look at other flags than print mode (bypass-permissions).
 */
export function processCommandsIn(file: SourceFile, lang: CodeLanguage): ShellCommand[] {
  const parsed = parseCode(file, lang)
  if (!parsed) return []
  const r = new Reader(file, lang === 'python')
  const out: ShellCommand[] = []
  for (const call of r.calls()) out.push(...r.commandsOf(call))
  return out
}

/**
 * The process commands of a file that may hold a word with one of `needles`
 * (the same as {@link processCommandsIn} gives for those words, read from
 * fewer calls): only the calls of the function or module around each place
 * the text holds a needle. A word reaches a command from the call itself, a
 * name bound in the call's function or a scope around it, or what is added to
 * it there; every such place lies in the call's scope or one around it, so
 * that scope's calls hold the call.
 */
export function processCommandsNear(file: SourceFile, lang: CodeLanguage, needles: readonly string[]): ShellCommand[] {
  const parsed = parseCode(file, lang)
  if (!parsed) return []
  const r = new Reader(file, lang === 'python')
  const scopes = new Map<number, Node>()
  for (const needle of needles) {
    for (let i = file.text.indexOf(needle); i >= 0; i = file.text.indexOf(needle, i + needle.length)) {
      const n = parsed.root.descendantForIndex(i)
      if (!n) continue
      const scope = scopeOf(n, r.py)
      scopes.set(scope.id, scope)
    }
  }
  const seen = new Set<number>()
  const out: ShellCommand[] = []
  for (const scope of scopes.values()) {
    for (const call of descendantsOfType(scope, r.py ? ['call'] : ['call_expression', 'new_expression'])) {
      if (seen.has(call.id)) continue
      seen.add(call.id)
      out.push(...r.commandsOf(call))
    }
  }
  return out.sort((a, b) => a.start - b.start)
}

/** The program word and the words that follow it in the source on its line. */
function anchorOf(cmd: ShellCommand, text: string): { start: number; end: number } {
  const first = cmd.args[0]
  const lineEnd = text.indexOf('\n', first.start)
  const stop = lineEnd < 0 ? text.length : lineEnd
  let end = first.end
  for (const w of cmd.args.slice(1)) {
    if (w.start < end || w.end > stop) break
    end = w.end
  }
  return { start: first.start, end }
}

/** An environment variable read in code, and where. */
export interface EnvRead {
  name: string
  start: number
  end: number
}

const ENV_READS = new WeakMap<ShellWord, EnvRead[]>()

/** The environment variables an argv word read from code takes its value from (empty for literal words). */
export function envReadsOf(word: ShellWord): readonly EnvRead[] {
  return ENV_READS.get(word) ?? []
}

/**
 * The environment variables an expression of the file reads (`os.environ["X"]`,
 * `process.env.X`, ...), also through names bound once in its function or
 * module, each where the code reads it.
 */
export function envReadsIn(file: SourceFile, lang: CodeLanguage, n: Node): EnvRead[] {
  return new Reader(file, lang === 'python').envReads(n, 0)
}

/** How a called function takes its command. */
type Form = 'argv' | 'argv-spread' | 'shell' | 'shell-if' | 'bun' | 'deno'

const PY_FUNCS: Record<string, Record<string, Form>> = {
  subprocess: { run: 'shell-if', Popen: 'shell-if', call: 'shell-if', check_call: 'shell-if', check_output: 'shell-if', getoutput: 'shell', getstatusoutput: 'shell' },
  os: { system: 'shell', popen: 'shell' },
  asyncio: { create_subprocess_exec: 'argv-spread', create_subprocess_shell: 'shell' }
}

/** Python functions that return the process's output (subprocess's documentation). */
const PY_CAPTURING: ReadonlySet<string> = new Set(['check_output', 'getoutput', 'getstatusoutput'])

/** JS functions by name (from `child_process`, `execa`, or a namespace import of them). */
const JS_FUNCS: Record<string, Form> = {
  spawn: 'argv',
  spawnSync: 'argv',
  execFile: 'argv',
  execFileSync: 'argv',
  execa: 'argv',
  execaSync: 'argv',
  exec: 'shell',
  execSync: 'shell',
  execaCommand: 'shell',
  execaCommandSync: 'shell'
}

/**
 * The function a call calls, through the `(0, m.spawn)(…)` that TypeScript's and Babel's
 * CommonJS output writes for an imported function (a call without `m` as `this`).
 */
function calleeOf(call: Node): Node | null {
  const fn = call.childForFieldName('function')
  if (fn?.type !== 'parenthesized_expression') return fn
  const inner = fn.namedChildren.find((c) => c?.type !== 'comment')
  if (inner?.type !== 'sequence_expression') return inner ?? null
  const last = inner.namedChildren.filter((c) => c !== null && c.type !== 'comment').at(-1)
  return last?.type === 'member_expression' || last?.type === 'identifier' ? last : null
}

/** Nodes whose parts run on some paths only: branches, loop bodies, the right side of `&&`/`and`. */
const SOME_PATHS: ReadonlySet<string> = new Set([
  'if_statement',
  'elif_clause',
  'else_clause',
  'conditional_expression',
  'ternary_expression',
  'switch_case',
  'switch_default',
  'case_clause',
  'match_statement',
  'for_statement',
  'for_in_statement',
  'while_statement',
  'do_statement',
  'try_statement',
  'catch_clause',
  'except_clause'
])

/** Whether a node inside `scope` runs on some paths of it only (in a branch, loop or handler, after `&&`/`||`). */
function onSomePaths(node: Node, scope: Node): boolean {
  for (let n: Node | null = node, up = node.parent; up && n && n.id !== scope.id; n = up, up = up.parent) {
    if (SOME_PATHS.has(up.type) && (up.type !== 'if_statement' || up.childForFieldName('condition')?.id !== n.id)) return true
    if ((up.type === 'binary_expression' || up.type === 'boolean_operator') && up.childForFieldName('right')?.id === n.id) {
      const op = up.childForFieldName('operator')?.text
      if (op === '&&' || op === '||' || op === 'and' || op === 'or') return true
    }
    if (up.id === scope.id) break
  }
  return false
}

/** The modules {@link JS_FUNCS} come from, as `import … from` and `require()` name them. */
const JS_PROCESS_MODULES: ReadonlySet<string> = new Set(['child_process', 'node:child_process', 'execa'])

const PY_SCOPES = new Set(['function_definition', 'lambda', 'module'])
const JS_SCOPES = new Set(['function_declaration', 'function_expression', 'function', 'arrow_function', 'method_definition', 'generator_function_declaration', 'program'])

/**
 * A function of the file that starts a process named by its parameters: the
 * index of the parameter that is the program (or the command string, or the
 * argv list for `subprocess.run(cmd)`), and for `spawn(program, args)` the
 * index of the one that is the argument list.
 */
interface Wrapper {
  form: 'argv' | 'shell' | 'shell-if'
  program: number
  args?: number
  /** `subprocess.run(cmd, shell=True)`: the argument is a shell command string. */
  shell?: boolean
}

/** The plain parameter names of a function, in order (`options = {}` counts by its name; a destructured one leaves a hole). */
/** The literal default of a function's parameter (`timeout: int = 300`, `timeout = 300_000`), when it has one. */
function parameterDefault(fn: Node, name: string): Node | undefined {
  const params = fn.childForFieldName('parameters')
  for (const p of params?.namedChildren ?? []) {
    if (!p) continue
    if (p.type === 'default_parameter' || p.type === 'typed_default_parameter') {
      if (p.childForFieldName('name')?.text === name) return p.childForFieldName('value') ?? undefined
    } else if (p.type === 'assignment_pattern') {
      if (p.childForFieldName('left')?.text === name) return p.childForFieldName('right') ?? undefined
    } else if (p.type === 'required_parameter' || p.type === 'optional_parameter') {
      if (p.childForFieldName('pattern')?.text === name) return p.childForFieldName('value') ?? undefined
    }
  }
  return undefined
}

function parameterNames(fn: Node): string[] {
  const params = fn.childForFieldName('parameters') ?? fn.childForFieldName('parameter')
  if (!params) return []
  if (params.type === 'identifier') return [params.text]
  const out: string[] = []
  for (const p of params.namedChildren) {
    if (!p || p.type === 'comment') continue
    const id =
      p.type === 'identifier'
        ? p
        : p.type === 'assignment_pattern'
          ? p.childForFieldName('left')
          : p.type === 'default_parameter' || p.type === 'typed_default_parameter'
            ? p.childForFieldName('name')
            : p.type === 'typed_parameter'
              ? p.namedChildren.find((c) => c?.type === 'identifier')
              : p.type === 'required_parameter' || p.type === 'optional_parameter'
                ? p.childForFieldName('pattern')
                : undefined
    out.push(id?.type === 'identifier' ? id.text : '')
  }
  return out
}

/** How many names deep a value is followed. */
const MAX_FOLLOW = 4

class Reader {
  /** Set by readers that only look for commands that start Claude (see {@link claudeLaunchesIn}). */
  claudeOnly = false
  private aliases?: Map<string, { module: string; name?: string }>
  private jsAliasMap?: Map<string, string>
  /** Bindings by scope (its node id), then by name: each scope is walked once. */
  private readonly bindings = new Map<number, Map<string, Node[]>>()

  constructor(
    readonly file: SourceFile,
    readonly py: boolean
  ) {}

  /**
   * What a process-starting call does with the process's stdout and stdin, as its arguments say
   * (Python's subprocess and asyncio documentation, Node's child_process, execa's and Bun's):
   * - stdout captured: Python `check_output`, `getoutput`, `getstatusoutput`, `os.popen` (read
   *   mode), `capture_output=True`, a `stdout=` other than `None` and the parent's own streams;
   *   Node's `exec*` and `spawn*`, execa and `Bun.spawn` (they pipe stdout unless told
   *   otherwise) unless `stdio`/`stdout` is `'inherit'` (or names the parent's stdout).
   * - stdin fed: Python `input=`, a `stdin=` other than `None`, `DEVNULL` and the parent's
   *   stdin, `os.popen(…, "w")`; Node's `input` option, or a `.stdin.write(…)`/`.stdin.end(…)`
   *   in the function that starts it.
   * A call of the file's own process wrapper, or a shell template, says nothing (false, false).
   */
  streamsOf(call: Node): { stdoutCaptured: boolean; stdinFed: boolean } {
    const none = { stdoutCaptured: false, stdinFed: false }
    const form = this.formOfCall(call)
    if (!form || call.type === 'new_expression') return none
    const fn = calleeOf(call)
    const args = (call.childForFieldName('arguments')?.namedChildren ?? []).filter((n): n is Node => n !== null && n.type !== 'comment')
    if (this.py) {
      const name = fn?.type === 'identifier' ? (this.pyAliases().get(fn.text)?.name ?? fn.text) : (fn?.childForFieldName('attribute')?.text ?? '')
      const kw = (k: string): Node | undefined => args.find((a) => a.type === 'keyword_argument' && a.childForFieldName('name')?.text === k)?.childForFieldName('value') ?? undefined
      // Given, and not the parent's own stream (which may be a terminal) nor nothing.
      const given = (n: Node | undefined, own: RegExp): boolean => n !== undefined && n.type !== 'none' && !own.test(n.text)
      if (name === 'popen') {
        const mode = args.filter((a) => a.type !== 'keyword_argument')[1] ?? kw('mode')
        const writes = mode !== undefined && /^[rbuf]*["']w/.test(mode.text)
        return { stdoutCaptured: !writes, stdinFed: writes }
      }
      return {
        stdoutCaptured: PY_CAPTURING.has(name) || kw('capture_output')?.type === 'true' || given(kw('stdout'), /^sys\.(?:stdout|stderr)$/),
        stdinFed: given(kw('input'), /^$/) || given(kw('stdin'), /^(?:sys\.stdin|(?:[\w.]+\.)?DEVNULL)$/)
      }
    }
    if (form === 'shell' && call.childForFieldName('arguments')?.type === 'template_string') return none
    const options = args.filter((a) => a.type === 'object').at(-1)
    const prop = (k: string): Node | undefined =>
      options?.namedChildren.find((p) => p?.type === 'pair' && p.childForFieldName('key')?.text.replace(/^["']|["']$/g, '') === k)?.childForFieldName('value') ?? undefined
    const stdio = prop('stdio')
    const out = stdio?.type === 'array' ? (stdio.namedChildren.filter((n) => n !== null && n.type !== 'comment')[1] ?? undefined) : (stdio ?? prop('stdout'))
    const inherits = out !== undefined && /^(?:["'`]inherit["'`]|process\.stdout|1)$/.test(out.text)
    const writes = descendantsOfType(scopeOf(call, false), ['call_expression']).some((c) => /\.stdin\s*\.\s*(?:write|end)$/.test(c.childForFieldName('function')?.text ?? ''))
    return { stdoutCaptured: !inherits, stdinFed: prop('input') !== undefined || writes }
  }

  /** The commands a call starts, as shell commands with offsets into the file. */
  commandsOf(call: Node): ShellCommand[] {
    const form = this.formOfCall(call)
    if (!form) return this.wrapperCommands(call)
    // A shell tagged template (Bun's, zx's or execa's `$`): the template is the command line.
    const tagged = call.childForFieldName('arguments')
    if (form === 'shell' && tagged?.type === 'template_string') return this.shellCommands(tagged)
    const args = (call.childForFieldName('arguments')?.namedChildren ?? []).filter((n): n is Node => n !== null && n.type !== 'comment')
    const positional = args.filter((a) => a.type !== 'keyword_argument')
    const keyword = (k: string): Node | undefined => {
      const kw = args.find((a) => a.type === 'keyword_argument' && a.childForFieldName('name')?.text === k)
      return kw?.childForFieldName('value') ?? undefined
    }
    const first = positional[0] ?? (this.py ? keyword('args') : undefined)
    if (!first) return []
    switch (form) {
      case 'shell':
        return this.shellCommands(first)
      case 'shell-if': {
        if (keyword('shell')?.type === 'true') return this.shellCommands(first)
        const words = this.isString(first) ? [this.word(first)] : this.listWords(first, 0, true)
        return words ? [command(words)] : []
      }
      case 'argv-spread': {
        const words: ShellWord[] = []
        for (const a of positional) {
          const inner = a.type === 'list_splat' ? a.namedChildren[0] : undefined
          const atProgram = words.length === 0
          const w = inner ? this.listWords(inner, 0, atProgram) : [atProgram ? this.program(a) : this.word(a)]
          words.push(...(w ?? [splice(a)]))
        }
        return [command(words)]
      }
      case 'argv': {
        // Bun's own `spawn([...])` / `spawn({ cmd: [...] })` (imported from "bun"): the list is the command line.
        if (first.type === 'array' || first.type === 'object' || (first.type === 'identifier' && this.listWords(first, 0) !== undefined))
          return this.commandsOfList(first)
        // `spawn(cmd[0], cmd.slice(1))`: the list `cmd` is the command line.
        const list = first.type === 'subscript_expression' && first.childForFieldName('index')?.text === '0' ? first.childForFieldName('object') : null
        const slice = positional[1]?.type === 'call_expression' ? positional[1].childForFieldName('function') : null
        if (list?.type === 'identifier' && slice?.type === 'member_expression' && slice.childForFieldName('object')?.text === list.text && slice.childForFieldName('property')?.text === 'slice' && positional[1].childForFieldName('arguments')?.text === '(1)')
          return this.commandsOfList(list)
        const rest = positional[1] && positional[1].type !== 'object' ? this.listWords(positional[1], 0) : []
        return rest ? [command([this.program(first), ...rest])] : []
      }
      case 'bun':
        return this.commandsOfList(first)
      case 'deno': {
        const opts = positional[1]
        const a = opts?.type === 'object' ? this.pairValue(opts, 'args') : undefined
        const rest = a ? this.listWords(a, 0) : []
        return rest ? [command([this.program(first), ...rest])] : []
      }
    }
  }

  /** Functions of this file that start the process their parameters name (see {@link Wrapper}). */
  private wrappers?: Map<string, Wrapper>

  /**
   * The command a call of one of the file's own process wrappers starts:
   * `runCommand("claude", ["-p", prompt])` where `function runCommand(command,
   * args) { return spawnSync(command, args, …) }`. The words are the caller's,
   * so findings point at the call site; only a plain positional argument in
   * the parameter's place is read.
   */
  private wrapperCommands(call: Node): ShellCommand[] {
    const fn = call.childForFieldName('function')
    if (fn?.type !== 'identifier') return []
    // A wrapper is defined in the file under that name: `def NAME`, `function NAME`, `NAME = …`
    // (the index is built once per file: cheaper on a large file than a text search per callee name).
    const w = this.wrapperIndex().get(fn.text)
    if (!w) return []
    const args = (call.childForFieldName('arguments')?.namedChildren ?? []).filter((n): n is Node => n !== null && n.type !== 'comment')
    if (args.some((a, i) => i <= Math.max(w.program, w.args ?? -1) && /^(?:keyword_argument|list_splat|dictionary_splat|spread_element)$/.test(a.type))) return []
    const first = args[w.program]
    if (!first) return []
    if (w.form === 'shell' || (w.form === 'shell-if' && w.shell)) return this.isString(first) || first.type === 'identifier' ? this.shellCommands(first) : []
    if (w.form === 'shell-if') {
      const words = this.isString(first) ? [this.word(first)] : this.listWords(first, 0, true)
      return words ? [command(words)] : []
    }
    const list = w.args === undefined ? undefined : args[w.args]
    const rest = list ? this.listWords(list, 0) : []
    return rest ? [command([this.program(first), ...rest])] : []
  }

  /** Process wrappers by function name: one level (a wrapper of a wrapper is not followed), a name defined once. */
  private wrapperIndex(): Map<string, Wrapper> {
    if (this.wrappers) return this.wrappers
    const out = new Map<string, Wrapper>()
    const twice = new Set<string>()
    const root = this.root()
    const defs = root ? descendantsOfType(root, this.py ? ['function_definition'] : ['function_declaration', 'variable_declarator']) : []
    // The calls that start a process from their arguments, in the order of the text: a function's
    // are those within its range (one walk of the file, not one per function).
    const starts = this.calls().filter((c) => {
      const form = this.formOfCall(c)
      return form === 'argv' || form === 'shell' || form === 'shell-if'
    })
    for (const def of defs) {
      const fn = def.type === 'variable_declarator' ? def.childForFieldName('value') : def
      if (!fn || !(def.type !== 'variable_declarator' || fn.type === 'arrow_function' || fn.type === 'function_expression' || fn.type === 'function')) continue
      const name = def.childForFieldName('name')
      if (name?.type !== 'identifier') continue
      if (out.has(name.text) || twice.has(name.text)) {
        out.delete(name.text)
        twice.add(name.text)
        continue
      }
      const params = parameterNames(fn)
      if (!params.length) continue
      const from = fn.startIndex
      const to = fn.endIndex
      for (let i = lowerBound(starts, from, (s) => s.startIndex); i < starts.length && starts[i].startIndex < to; i++) {
        const inner = starts[i]
        if (inner.type !== (this.py ? 'call' : 'call_expression')) continue
        const form = this.formOfCall(inner)
        const a = (inner.childForFieldName('arguments')?.namedChildren ?? []).filter((n): n is Node => n !== null && n.type !== 'comment')
        const pos = a.filter((x) => x.type !== 'keyword_argument')
        const program = pos[0]?.type === 'identifier' ? params.indexOf(pos[0].text) : -1
        if (program < 0) continue
        if (form === 'argv') {
          const args = pos[1]?.type === 'identifier' ? params.indexOf(pos[1].text) : -1
          if (args < 0) continue
          out.set(name.text, { form, program, args })
        } else {
          const shell = a.some((x) => x.type === 'keyword_argument' && x.childForFieldName('name')?.text === 'shell' && x.childForFieldName('value')?.type === 'true')
          out.set(name.text, { form: form as 'shell' | 'shell-if', program, shell })
        }
        break
      }
    }
    this.wrappers = out
    return out
  }

  private rootNode?: Node | null

  /** The file's syntax tree (parsed once per file). */
  private root(): Node | undefined {
    if (this.rootNode === undefined) this.rootNode = parseCode(this.file, this.py ? 'python' : codeLanguageOf(this.file.path) ?? 'javascript')?.root ?? null
    return this.rootNode ?? undefined
  }

  private callList?: Node[]

  /** Every call of the file (and `new` expressions in JavaScript), in the order of the text. */
  calls(): Node[] {
    if (!this.callList) {
      const root = this.root()
      this.callList = root ? descendantsOfType(root, this.py ? ['call'] : ['call_expression', 'new_expression']) : []
    }
    return this.callList
  }

  private readonly forms = new Map<number, Form | undefined>()

  /** {@link formOf}, once per call. */
  private formOfCall(call: Node): Form | undefined {
    if (this.forms.has(call.id)) return this.forms.get(call.id)
    const f = this.formOf(call)
    this.forms.set(call.id, f)
    return f
  }

  private formOf(call: Node): Form | undefined {
    if (call.type === 'new_expression') {
      const c = call.childForFieldName('constructor')
      return c?.type === 'member_expression' && c.text.replace(/\s/g, '') === 'Deno.Command' ? 'deno' : undefined
    }
    const fn = calleeOf(call)
    if (!fn) return undefined
    // $`claude -p …` (Bun shell, zx, execa): a tagged template run as a command line.
    if (!this.py && fn.type === 'identifier' && fn.text === '$' && call.childForFieldName('arguments')?.type === 'template_string') return 'shell'
    if (this.py) {
      const al = this.pyAliases()
      if (fn.type === 'identifier') {
        const a = al.get(fn.text)
        return a?.name ? PY_FUNCS[a.module]?.[a.name] : undefined
      }
      if (fn.type !== 'attribute') return undefined
      const obj = fn.childForFieldName('object')
      const name = fn.childForFieldName('attribute')?.text ?? ''
      if (obj?.type !== 'identifier') return undefined
      const module = al.get(obj.text)?.module ?? obj.text
      return Object.hasOwn(PY_FUNCS, module) && Object.hasOwn(PY_FUNCS[module], name) ? PY_FUNCS[module][name] : undefined
    }
    let name: string | undefined
    if (fn.type === 'identifier') name = this.jsAliases().get(fn.text) ?? fn.text
    else if (fn.type === 'member_expression') {
      name = fn.childForFieldName('property')?.text
      const obj = fn.childForFieldName('object')
      if (obj?.text === 'Bun') return name === 'spawn' || name === 'spawnSync' ? 'bun' : undefined
      // `re.exec(…)`, `db.exec(…)`: `exec` on anything but the child_process module is not a process.
      if ((name === 'exec' || name === 'execSync') && !/^(?:child_?process|childProcess|cp|node_child_process)$/i.test(obj?.text ?? '')) return undefined
    }
    return name && Object.hasOwn(JS_FUNCS, name) ? JS_FUNCS[name] : undefined
  }

  /**
   * JS names that stand for a process function of another name: `import { spawn as sp } from
   * 'node:child_process'`, `const { execSync: run } = require('child_process')` (`sp` is `spawn`).
   */
  private jsAliases(): Map<string, string> {
    if (this.jsAliasMap) return this.jsAliasMap
    const m = new Map<string, string>()
    const root = this.root()
    const fromProcessModule = (source: Node | null | undefined): boolean =>
      source?.type === 'string' && JS_PROCESS_MODULES.has(source.text.slice(1, -1))
    for (const n of root ? descendantsOfType(root, ['import_statement', 'variable_declarator']) : []) {
      if (n.type === 'import_statement') {
        if (!fromProcessModule(n.childForFieldName('source'))) continue
        const named = n.namedChildren.find((c) => c?.type === 'import_clause')?.namedChildren.find((c) => c?.type === 'named_imports')
        for (const spec of named?.namedChildren ?? []) {
          const name = spec?.type === 'import_specifier' ? spec.childForFieldName('name')?.text : undefined
          const alias = spec?.childForFieldName('alias')?.text
          if (name && alias && Object.hasOwn(JS_FUNCS, name)) m.set(alias, name)
        }
        continue
      }
      const pattern = n.childForFieldName('name')
      const value = n.childForFieldName('value')
      if (pattern?.type !== 'object_pattern' || value?.type !== 'call_expression' || value.childForFieldName('function')?.text !== 'require') continue
      if (!fromProcessModule(value.childForFieldName('arguments')?.namedChildren[0])) continue
      for (const p of pattern.namedChildren) {
        if (p?.type !== 'pair_pattern') continue
        const key = p.childForFieldName('key')?.text
        const alias = p.childForFieldName('value')
        if (key && alias?.type === 'identifier' && Object.hasOwn(JS_FUNCS, key)) m.set(alias.text, key)
      }
    }
    this.jsAliasMap = m
    return m
  }

  /** Python import aliases: `import subprocess as sp`, `from subprocess import run as r`. */
  private pyAliases(): Map<string, { module: string; name?: string }> {
    if (this.aliases) return this.aliases
    const m = new Map<string, { module: string; name?: string }>()
    const root = parseCode(this.file, 'python')?.root
    for (const imp of root ? descendantsOfType(root, ['import_statement', 'import_from_statement']) : []) {
      if (imp.type === 'import_statement') {
        for (const n of imp.childrenForFieldName('name')) {
          if (n?.type === 'aliased_import') {
            const mod = n.childForFieldName('name')?.text
            const alias = n.childForFieldName('alias')?.text
            if (mod && alias) m.set(alias, { module: mod })
          }
        }
        continue
      }
      const mod = imp.childForFieldName('module_name')?.text
      if (!mod || !Object.hasOwn(PY_FUNCS, mod)) continue
      for (const n of imp.childrenForFieldName('name')) {
        if (!n) continue
        if (n.type === 'aliased_import') {
          const name = n.childForFieldName('name')?.text
          const alias = n.childForFieldName('alias')?.text
          if (name && alias) m.set(alias, { module: mod, name })
        } else {
          m.set(n.text, { module: mod, name: n.text })
        }
      }
    }
    this.aliases = m
    return m
  }

  /** The command of a whole command line given as a list, or as `{ cmd: [...] }` (Bun's spawn). */
  private commandsOfList(first: Node): ShellCommand[] {
    const cmd = first.type === 'object' ? this.pairValue(first, 'cmd') : first
    const words = cmd && this.listWords(cmd, 0, true)
    return words && words.length ? [command(words)] : []
  }

  /** A property's value in an object literal (`{ cmd: x }`, or the name itself for `{ cmd }`). */
  private pairValue(obj: Node, key: string): Node | undefined {
    for (const p of obj.namedChildren) {
      if (p?.type === 'shorthand_property_identifier' && p.text === key) return p
      if (p?.type !== 'pair') continue
      const k = p.childForFieldName('key')
      const name = k?.type === 'string' ? k.text.slice(1, -1) : k?.text
      if (name === key) return p.childForFieldName('value') ?? undefined
    }
    return undefined
  }

  private isString(n: Node): boolean {
    return n.type === 'string' || n.type === 'template_string'
  }

  /** A string literal's value, when it has no interpolation. */
  private literal(n: Node): string | undefined {
    if (n.type === 'string') {
      if (this.py) {
        if (n.namedChildren.some((c) => c?.type === 'interpolation')) return undefined
        const start = n.namedChildren.find((c) => c?.type === 'string_start')
        const end = n.namedChildren.find((c) => c?.type === 'string_end')
        if (!start || !end || /[bB]/.test(start.text)) return undefined
        return unescape(this.file.text.slice(start.endIndex, end.startIndex), /[rR]/.test(start.text))
      }
      return unescape(n.text.slice(1, -1), false)
    }
    if (n.type === 'template_string' && !n.namedChildren.some((c) => c?.type === 'template_substitution')) return unescape(n.text.slice(1, -1), false)
    return undefined
  }

  /** One argv element: a literal word, or an unknown one (its source text, never taken for a flag). */
  private word(n: Node, depth = 0): ShellWord {
    const v = this.literal(n)
    if (v !== undefined) return shellWord(v, n.text, n.startIndex, n.endIndex, true)
    // `shutil.which("claude")`: the program's path, looked up on PATH.
    if (n.type === 'call' && /^(?:shutil\.)?which$/.test(n.childForFieldName('function')?.text ?? '')) {
      const a = n.childForFieldName('arguments')?.namedChildren.filter((x) => x !== null && x.type !== 'comment') ?? []
      const prog = a.length === 1 && a[0] ? this.literal(a[0]) : undefined
      if (prog !== undefined) return shellWord(prog, n.text, n.startIndex, n.endIndex, true)
    }
    if (n.type === 'identifier' && depth < MAX_FOLLOW) {
      const bound = this.boundValue(n)
      // A literal, or `claude = shutil.which("claude")`.
      if (bound && (this.literal(bound) !== undefined || (bound.type === 'call' && this.word(bound, depth + 1).literal)))
        return { ...this.word(bound, depth + 1), start: n.startIndex, end: n.endIndex, raw: n.text }
    }
    const w = unknown(n)
    const reads = this.envReads(n, depth)
    if (reads.length) ENV_READS.set(w, reads)
    return w
  }

  /**
   * The program of a command line: a {@link word}, or the program a fallback
   * names when the code lets a setting choose another (`shutil.which("claude")
   * or os.path.expanduser("~/.local/bin/claude")`, `process.env.CLAUDE_BIN ??
   * 'claude'`, `os.environ.get("CLAUDE_BIN", "claude")`, `"claude.cmd" if
   * windows else "claude"`), also through a name bound once: the code runs that
   * program unless configured otherwise. Its literal alternatives must name one
   * program (`.cmd`/`.exe` aside); the rest (what a setting holds) is not
   * known. Only the program is read so: a fallback among the arguments stays
   * unknown, since a setting may hold any text there.
   */
  private program(n: Node, depth = 0): ShellWord {
    const w = this.word(n, depth)
    if (w.literal || depth >= MAX_FOLLOW) return w
    const here = (x: ShellWord): ShellWord => ({ ...x, start: n.startIndex, end: n.endIndex, raw: n.text })
    if (n.type === 'identifier') {
      const bound = this.boundValue(n)
      const v = bound ? this.program(bound, depth + 1) : undefined
      return v?.literal ? here(v) : w
    }
    // `(x)`, and `str(path)` / `String(path)` of a path object.
    const args = n.type === 'call' || n.type === 'call_expression' ? (n.childForFieldName('arguments')?.namedChildren ?? []).filter((a) => a !== null && a.type !== 'comment') : []
    const asText = args.length === 1 && /^(?:str|String)$/.test(n.childForFieldName('function')?.text ?? '') ? args[0] : undefined
    if (n.type === 'parenthesized_expression' || asText) {
      const inner = asText ?? n.namedChildren.find((c) => c !== null && c.type !== 'comment')
      const v = inner ? this.program(inner, depth + 1) : undefined
      return v?.literal ? here(v) : w
    }
    const tail = this.pathTail(n)
    if (tail !== undefined) return shellWord(tail, n.text, n.startIndex, n.endIndex, true)
    const named = new Set<string>()
    let chosen: ShellWord | undefined
    for (const alt of this.alternatives(n)) {
      const v = this.program(alt, depth + 1)
      if (!v.literal) continue
      const name = programName(v.text)
      named.add(name)
      // The plain name where one alternative adds a Windows extension (`claude.cmd`).
      if (!chosen || v.text.length < chosen.text.length) chosen = v
    }
    return chosen && named.size === 1 ? here(chosen) : w
  }

  /**
   * The literal end of a path built from a part not known here, as far as it
   * names the file: `process.env.HOME + "/.claude/local/claude"`,
   * `` `${home}/.claude/local/claude` ``, `f"{home}/.claude/local/claude"`,
   * `path.join(os.homedir(), ".claude", "local", "claude")`,
   * `Path.home() / ".local" / "bin" / "claude"`. A concatenation or template
   * counts only when its literal end holds a `/` (the file name is whole);
   * undefined otherwise.
   */
  private pathTail(n: Node): string | undefined {
    const slashed = (t: string | undefined): string | undefined => (t !== undefined && t.includes('/') ? t : undefined)
    switch (n.type) {
      case 'binary_expression':
      case 'binary_operator': {
        const op = n.childForFieldName('operator')?.text
        const right = n.childForFieldName('right')
        const lit = right ? this.literal(right) : undefined
        // pathlib's `/` joins a path component; `+` joins text, whole only after a slash.
        if (op === '/' && this.py) return lit
        return op === '+' ? slashed(lit) : undefined
      }
      case 'template_string':
      case 'string': {
        const holes = n.namedChildren.filter((c) => c?.type === 'template_substitution' || c?.type === 'interpolation')
        const last = holes.at(-1)
        if (!last) return undefined
        const end = this.py ? n.namedChildren.find((c) => c?.type === 'string_end')?.startIndex : n.endIndex - 1
        return end === undefined ? undefined : slashed(this.file.text.slice(last.endIndex, end))
      }
      case 'call':
      case 'call_expression': {
        const fn = n.childForFieldName('function')?.text.replace(/\s/g, '') ?? ''
        if (!/^(?:(?:path|os\.path|posixpath|nodePath)\.)?(?:join|resolve)$/.test(fn)) return undefined
        const args = (n.childForFieldName('arguments')?.namedChildren ?? []).filter((a): a is Node => a !== null && a.type !== 'comment')
        const last = args.at(-1)
        return args.length > 1 && last ? this.literal(last) : undefined
      }
      default:
        return undefined
    }
  }

  /**
   * What a program expression may stand for: both sides of `a or b`, `a ?? b`,
   * `a || b`, both branches of a conditional, the default of
   * `os.environ.get(k, d)` / `os.getenv(k, d)`, and the path of
   * `os.path.expanduser("~/…")`. Empty for anything else.
   */
  private alternatives(n: Node): Node[] {
    const field = (k: string): Node[] => {
      const c = n.childForFieldName(k)
      return c ? [c] : []
    }
    switch (n.type) {
      case 'boolean_operator':
        return n.childForFieldName('operator')?.text === 'or' ? [...field('left'), ...field('right')] : []
      case 'binary_expression': {
        const op = n.childForFieldName('operator')?.text
        return op === '??' || op === '||' ? [...field('left'), ...field('right')] : []
      }
      case 'ternary_expression':
        return [...field('consequence'), ...field('alternative')]
      case 'conditional_expression': {
        const [then, , otherwise] = n.namedChildren.filter((c): c is Node => c !== null && c.type !== 'comment')
        return then && otherwise ? [then, otherwise] : []
      }
      case 'call': {
        const fn = n.childForFieldName('function')?.text.replace(/\s/g, '') ?? ''
        const args = (n.childForFieldName('arguments')?.namedChildren ?? []).filter((a): a is Node => a !== null && a.type !== 'comment')
        if (/^(?:(?:os\.)?environ\.get|(?:os\.)?getenv)$/.test(fn)) {
          const d = args[1] ?? args.find((a) => a.type === 'keyword_argument' && a.childForFieldName('name')?.text === 'default')?.childForFieldName('value')
          return d && d.type !== 'keyword_argument' ? [d] : []
        }
        return /^(?:os\.path\.|path\.)?expanduser$/.test(fn) && args.length === 1 && args[0].type === 'string' ? [args[0]] : []
      }
      default:
        return []
    }
  }

  /**
   * Environment variables an expression reads (`os.environ["X"]`,
   * `os.getenv("X")`, `process.env.X`, `Deno.env.get("X")`), also through the
   * names it uses that are bound once, with where each read is written.
   */
  envReads(n: Node, depth: number): EnvRead[] {
    const out: EnvRead[] = []
    const types = this.py ? ['subscript', 'call', 'identifier'] : ['member_expression', 'subscript_expression', 'call_expression', 'identifier']
    for (const x of descendantsOfType(n, types)) {
      if (x.type === 'identifier') {
        const parent = x.parent
        // Only a name used as a value (not `os` in `os.environ`, not a keyword name).
        if (parent && (parent.type === 'attribute' || parent.type === 'member_expression') && parent.childForFieldName('object')?.id === x.id) continue
        if (parent?.type === 'keyword_argument' && parent.childForFieldName('name')?.id === x.id) continue
        if (depth >= MAX_FOLLOW) continue
        const bound = this.boundValue(x)
        if (bound) out.push(...this.envReads(bound, depth + 1))
        continue
      }
      const name = this.envName(x)
      if (name) out.push({ name, start: x.startIndex, end: x.endIndex })
    }
    return out
  }

  private envName(x: Node): string | undefined {
    const strArg = (call: Node): string | undefined => {
      const a = call.childForFieldName('arguments')?.namedChildren[0]
      return a ? this.literal(a) : undefined
    }
    const flat = (t: Node | null | undefined): string => (t ? t.text.replace(/\s/g, '') : '')
    if (this.py) {
      if (x.type === 'subscript') {
        const v = x.childForFieldName('value')
        const k = x.childForFieldName('subscript')
        return /^(?:os\.)?environ$/.test(flat(v)) && k ? this.literal(k) : undefined
      }
      const fn = flat(x.childForFieldName('function'))
      return /^(?:(?:os\.)?environ\.get|(?:os\.)?getenv)$/.test(fn) ? strArg(x) : undefined
    }
    if (x.type === 'member_expression') {
      return /^(?:process|Bun|import\.meta)\.env$/.test(flat(x.childForFieldName('object'))) ? x.childForFieldName('property')?.text : undefined
    }
    if (x.type === 'subscript_expression') {
      const k = x.childForFieldName('index')
      return /^(?:process|Bun|import\.meta)\.env$/.test(flat(x.childForFieldName('object'))) && k ? this.literal(k) : undefined
    }
    return flat(x.childForFieldName('function')) === 'Deno.env.get' ? strArg(x) : undefined
  }

  /**
   * The words of a list/array expression, or undefined when its length is not known.
   * `program`: the list is a whole command line, so its first word is the program ({@link program}).
   */
  private listWords(n: Node, depth: number, program = false): ShellWord[] | undefined {
    if (depth > MAX_FOLLOW) return undefined
    switch (n.type) {
      case 'parenthesized_expression':
        return n.namedChildren[0] ? this.listWords(n.namedChildren[0], depth, program) : undefined
      case 'list':
      case 'tuple':
      case 'array': {
        const out: ShellWord[] = []
        for (const el of n.namedChildren) {
          if (!el || el.type === 'comment') continue
          const atProgram = program && out.length === 0
          if (el.type === 'list_splat' || el.type === 'spread_element') {
            const inner = el.namedChildren[0]
            const w = inner ? this.listWords(inner, depth + 1, atProgram) : undefined
            out.push(...(w ?? [splice(el)]))
          } else {
            out.push(atProgram ? this.program(el, depth) : this.word(el, depth))
          }
        }
        return out
      }
      case 'conditional_expression':
      case 'ternary_expression': {
        // Both branches: a flag that may be there counts.
        const branches = n.type === 'ternary_expression' ? [n.childForFieldName('consequence'), n.childForFieldName('alternative')] : [n.namedChildren[0], n.namedChildren[2]]
        const out: ShellWord[] = []
        for (const b of branches) {
          const w = b ? this.listWords(b, depth + 1, program) : undefined
          if (!w) return undefined
          out.push(...w)
        }
        return out
      }
      case 'identifier':
      case 'shorthand_property_identifier': {
        const bound = this.boundValue(n)
        if (!bound) return undefined
        const base = this.listWords(bound, depth + 1, program)
        if (!base) return undefined
        return [...base, ...this.additions(n, bound, depth)]
      }
      default:
        return undefined
    }
  }

  /** Words added to a list name between its binding and `use`: `x.append(…)`, `x.extend([…])`, `x += […]`, `x.push(…)`. */
  private additions(use: Node, bound: Node, depth: number): ShellWord[] {
    const scope = scopeOf(use, this.py)
    const name = use.text
    const out: ShellWord[] = []
    const from = bound.endIndex
    const to = use.startIndex
    for (const { n, at } of this.growthIn(scope)) {
      if (at < from || at >= to) continue
      // Added on some paths only (`if (opts.yolo) args.push('--dangerously-skip-permissions')`): its words say so.
      const some = onSomePaths(n, scope)
      const mark = (words: ShellWord[]): ResolvedWord[] => (some ? words.map((w) => ({ ...w, conditional: true })) : words)
      if (n.type === 'augmented_assignment' || n.type === 'augmented_assignment_expression') {
        const left = n.childForFieldName('left')
        const right = n.childForFieldName('right')
        if (left?.text !== name || !right) continue
        out.push(...mark(this.listWords(right, depth + 1) ?? [splice(right)]))
        continue
      }
      const fn = n.childForFieldName('function')
      if (!fn || (fn.type !== 'attribute' && fn.type !== 'member_expression')) continue
      const obj = fn.childForFieldName('object')
      const method = fn.childForFieldName(this.py ? 'attribute' : 'property')?.text
      if (obj?.text !== name || !method) continue
      const args = (n.childForFieldName('arguments')?.namedChildren ?? []).filter((a): a is Node => a !== null && a.type !== 'comment')
      if (method === 'append' || method === 'push' || method === 'unshift') {
        // `args.push(...extra)`: the spread list's words, or words not known here.
        for (const a of args) {
          const inner = a.type === 'spread_element' || a.type === 'list_splat' ? a.namedChildren[0] : undefined
          if (inner) out.push(...mark(this.listWords(inner, depth + 1) ?? [splice(a)]))
          else if (a.type === 'spread_element' || a.type === 'list_splat') out.push(...mark([splice(a)]))
          else out.push(...mark([this.word(a, depth + 1)]))
        }
      }
      else if (method === 'insert' && args[1]) out.push(...mark([this.word(args[1], depth + 1)]))
      else if (method === 'extend' && args[0]) out.push(...mark(this.listWords(args[0], depth + 1) ?? [splice(args[0])]))
    }
    return out
  }

  /** Calls and `+=` of a scope with where each starts, listed once per scope (each list use looks at a stretch of them). */
  private readonly growth = new Map<number, { n: Node; at: number }[]>()

  private growthIn(scope: Node): { n: Node; at: number }[] {
    let hit = this.growth.get(scope.id)
    if (!hit) {
      const types = this.py ? ['call', 'augmented_assignment'] : ['call_expression', 'augmented_assignment_expression']
      hit = descendantsOfType(scope, types).map((n) => ({ n, at: n.startIndex }))
      this.growth.set(scope.id, hit)
    }
    return hit
  }

  /**
   * The value a name is bound to: the one assignment of it in its function
   * (not a parameter there), else the one in the whole file. Undefined when
   * bound more than once or not at all.
   */
  private boundValue(id: Node): Node | undefined {
    const name = id.text
    let scope: Node | null = scopeOf(id, this.py)
    while (scope) {
      if (isParameter(scope, name)) return undefined
      const found = this.bindingsIn(scope, name)
      if (found.length > 1) return undefined
      if (found.length === 1) return found[0]
      if (scope.parent === null) return undefined
      scope = scopeOf(scope.parent, this.py)
    }
    return undefined
  }

  /** The values assigned in a scope (its nested functions included), by the text of what they are assigned to. */
  private bindingsIn(scope: Node, name: string): Node[] {
    let index = this.bindings.get(scope.id)
    if (!index) {
      // One walk of the scope for every name asked of it: a large file asks thousands.
      index = new Map<string, Node[]>()
      const types = this.py ? ['assignment'] : ['variable_declarator', 'assignment_expression']
      for (const n of descendantsOfType(scope, types)) {
        const left = n.childForFieldName(n.type === 'variable_declarator' ? 'name' : 'left')
        const right = n.childForFieldName(n.type === 'variable_declarator' ? 'value' : 'right')
        if (!left || !right) continue
        const list = index.get(left.text)
        if (list) list.push(right)
        else index.set(left.text, [right])
      }
      this.bindings.set(scope.id, index)
    }
    return index.get(name) ?? []
  }

  /** The commands of a shell string, parsed where it stands in the file (holes read as unknown variables). */
  private shellCommands(n: Node): ShellCommand[] {
    const text = this.file.text
    let inner: { start: number; end: number } | undefined
    const holes: Node[] = []
    if (n.type === 'string' && this.py) {
      const start = n.namedChildren.find((c) => c?.type === 'string_start')
      const end = n.namedChildren.find((c) => c?.type === 'string_end')
      if (start && end && !/[bB]/.test(start.text)) inner = { start: start.endIndex, end: end.startIndex }
      for (const c of n.namedChildren) if (c?.type === 'interpolation') holes.push(c)
    } else if (n.type === 'string' || n.type === 'template_string') {
      inner = { start: n.startIndex + 1, end: n.endIndex - 1 }
      for (const c of n.namedChildren) if (c?.type === 'template_substitution') holes.push(c)
    } else if (n.type === 'identifier') {
      const bound = this.boundValue(n)
      return bound && this.isString(bound) ? this.shellCommands(bound) : []
    }
    if (!inner || inner.end <= inner.start) return []
    let body = text.slice(inner.start, inner.end)
    // A reader of Claude launches only: a command string with no hole, no variable and no `claude`
    // cannot start it (`exec("git status")`), and is not parsed.
    if (this.claudeOnly && holes.length === 0 && !body.includes('$') && !body.includes('claude')) return []
    for (const h of holes) {
      const a = h.startIndex - inner.start
      const len = h.endIndex - h.startIndex
      body = body.slice(0, a) + '$' + '_'.repeat(Math.max(0, len - 1)) + body.slice(a + len)
    }
    const blank = text.slice(0, inner.start).replace(/[^\n]/g, ' ')
    // Parses are shared between callers: the words are copied before anything is attached to them.
    const commands = parseShell(blank + body)
      .commands.filter((c) => !c.inSubstitution)
      .map((c) => ({ ...c, args: c.args.map((w) => ({ ...w })) }))
    // A hole's environment reads belong to the word it sits in.
    for (const h of holes) {
      const reads = this.envReads(h, 0)
      if (!reads.length) continue
      for (const c of commands) {
        for (const w of c.args) if (w.start <= h.startIndex && h.endIndex <= w.end) ENV_READS.set(w, [...(ENV_READS.get(w) ?? []), ...reads])
      }
    }
    return commands
  }
}

function scopeOf(n: Node, py: boolean): Node {
  const scopes = py ? PY_SCOPES : JS_SCOPES
  let cur: Node | null = n.parent
  while (cur && !scopes.has(cur.type)) cur = cur.parent
  return cur ?? n
}

function isParameter(scope: Node, name: string): boolean {
  const params = scope.childForFieldName('parameters') ?? scope.childForFieldName('parameter')
  if (!params) return false
  if (params.type === 'identifier') return params.text === name
  return descendantsOfType(params, ['identifier', 'shorthand_property_identifier_pattern']).some((i) => i.text === name)
}

/** Backslash escapes of a string literal, decoded for the common cases (raw strings kept). */
function unescape(s: string, raw: boolean): string {
  if (raw || !s.includes('\\')) return s
  return s.replace(/\\(.)/gs, (_, c: string) => (c === 'n' ? '\n' : c === 't' ? '\t' : c))
}

/** A word whose value is not known: an expansion-looking text that is never taken for a flag. */
function unknown(n: Node): ShellWord {
  return shellWord(`$(${n.text})`, n.text, n.startIndex, n.endIndex, false)
}

/**
 * Words of a list not known here (`*extra`, `...args`, `cmd.extend(opts)`):
 * marked as an unquoted expansion, so readers know flags may hide in it.
 */
function splice(n: Node): ShellWord {
  return { ...unknown(n), hasUnquotedExpansion: true }
}

function shellWord(text: string, raw: string, start: number, end: number, literal: boolean): ShellWord {
  return {
    text,
    raw,
    start,
    end,
    literal,
    hasCommandSubst: !literal,
    hasParamExpansion: false,
    hasProcessSubst: false,
    hasUnquotedExpansion: false,
    quoted: literal
  }
}

/** A process started with an argv (no shell): one command of these words. */
function command(words: ShellWord[]): ShellCommand {
  const first = words[0]
  const last = words[words.length - 1]
  return {
    name: first ? first.text : '',
    args: words,
    words,
    wrappers: [],
    start: first ? first.start : 0,
    end: last ? last.end : 0,
    assignments: [],
    redirects: [],
    inSubstitution: false,
    negated: false,
    tested: false,
    background: false
  }
}

/** Tools that run the command after them in a project environment: `uv run`, `poetry run`, ... */
export const ENV_RUNNERS: ReadonlySet<string> = new Set(['uv', 'poetry', 'pipenv', 'pdm', 'hatch', 'rye'])
/** A Python interpreter's command name (`python3.12`, `pypy3`, `py`). */
export const PYTHON_WORD = /^(?:python[\d.]*|pypy3?|py)$/
/** Package runners that run a package's binary: `npx tsx x.ts`. */
const PACKAGE_RUNNERS = new Set(['npx', 'bunx', 'pnpx'])
/** Interpreters whose first operand is a JavaScript or TypeScript file. */
export const JS_RUNNERS: ReadonlySet<string> = new Set(['node', 'nodejs', 'tsx', 'ts-node', 'ts-node-esm', 'esno', 'esrun', 'vite-node', 'bun', 'deno'])
/** Interpreter options that take a separate value. */
const VALUE_OPTIONS = new Set(['-W', '-X', '-r', '--require', '--import', '--loader', '--experimental-loader', '--env-file', '--conditions', '-C', '--tsconfig', '--with', '--python', '--project', '--directory', '--env-file', '--config'])

/**
 * The repository code script a command runs, when literal: `python x.py`,
 * `python3 -m pkg.mod` (as `pkg/mod.py`, `module` set), `node x.mjs`,
 * `npx tsx x.ts`, `bun run x.ts`, `uv run x.py`, `deno run -A x.ts`, and the
 * first test file given to `pytest` / `python -m pytest`.
 * Inline code (`python -c`, `node -e`) is not a script.
 */
export function codeScriptOperand(words: readonly ShellWord[]): { path: string; module: boolean } | undefined {
  let w = [...words]
  const base = (i: number): string => (w[i] ? w[i].text.slice(w[i].text.lastIndexOf('/') + 1) : '')
  let ran = false
  for (let guard = 0; guard < 4 && w.length; guard++) {
    const b = base(0)
    if (ENV_RUNNERS.has(b) && w[1]?.text === 'run') {
      w = skipOptions(w.slice(2))
      ran = true
    }
    else if (PACKAGE_RUNNERS.has(b)) w = skipOptions(w.slice(1))
    else if ((b === 'pnpm' || b === 'yarn') && (w[1]?.text === 'exec' || w[1]?.text === 'dlx')) w = skipOptions(w.slice(2))
    else if ((b === 'pnpm' || b === 'yarn') && JS_RUNNERS.has(w[1]?.text ?? '')) w = w.slice(1)
    else break
  }
  const b = base(0)
  let rest: ShellWord[]
  if (PYTHON_WORD.test(b)) {
    rest = w.slice(1)
    for (let i = 0; i < rest.length; i++) {
      const t = rest[i].text
      if (t === '-c') return undefined
      if (t === '-m' && rest[i + 1]?.text === 'pytest') return testFile(rest.slice(i + 2))
      if (t === '-m') {
        const m = rest[i + 1]
        if (!m || !m.literal || !/^[A-Za-z_][\w.]*$/.test(m.text)) return undefined
        return { path: `${m.text.replace(/\./g, '/')}.py`, module: true }
      }
      if (!t.startsWith('-')) {
        rest = rest.slice(i)
        break
      }
      if (VALUE_OPTIONS.has(t)) i++
    }
  } else if (b === 'pytest' || b === 'py.test') {
    return testFile(w.slice(1))
  } else if (JS_RUNNERS.has(b)) {
    rest = w.slice(b === 'deno' || b === 'bun' ? (w[1]?.text === 'run' ? 2 : 1) : 1)
    if (rest.some((x) => x.text === '-e' || x.text === '--eval' || x.text === '-p' || x.text === '--print')) return undefined
    rest = skipOptions(rest)
  } else if (codeLanguageOf(w[0]?.text ?? '') && (ran || /^\.{0,2}\//.test(w[0]?.text ?? ''))) {
    rest = w
  } else {
    return undefined
  }
  const op = rest[0]
  if (!op || !op.literal) return undefined
  const t = op.text
  if (t.startsWith('/') || t.startsWith('~') || t.includes('$') || t.startsWith('-')) return undefined
  // A Python operand is a file; a JavaScript runner's operand is a file when it looks like one (not a package script name).
  if (!/^(?:python|pypy|py$)/.test(b) && !codeLanguageOf(t) && !t.includes('/')) return undefined
  return { path: t, module: false }
}

/** Options of pytest that take a separate value (`-m smoke` is a marker, not a module). */
const PYTEST_VALUE_OPTIONS = new Set(['-m', '-k', '-c', '-p', '-o', '-n', '--junitxml', '--rootdir', '--maxfail', '--basetemp', '--confcutdir', '--deselect', '--ignore', '--tb', '-W'])

/** The first test file pytest is given (`tests/e2e/test_x.py::test_y` → the file). */
function testFile(w: ShellWord[]): { path: string; module: boolean } | undefined {
  for (let i = 0; i < w.length; i++) {
    const t = w[i].text
    if (t.startsWith('-')) {
      if (PYTEST_VALUE_OPTIONS.has(t)) i++
      continue
    }
    const path = t.split('::')[0]
    if (!w[i].literal || !path.endsWith('.py') || path.startsWith('/') || path.startsWith('~')) return undefined
    return { path, module: false }
  }
  return undefined
}

function skipOptions(w: ShellWord[]): ShellWord[] {
  let i = 0
  while (i < w.length && w[i].text.startsWith('-')) i += VALUE_OPTIONS.has(w[i].text) ? 2 : 1
  return w.slice(i)
}

/** A program's name for comparing alternatives: its file name without a Windows launcher extension. */
function programName(text: string): string {
  return text.slice(text.lastIndexOf('/') + 1).replace(/\.(?:cmd|exe|bat|ps1)$/i, '')
}
