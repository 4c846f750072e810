/**
 * Where Claude runs, computed once for the whole repository (spec section
 * "Where Claude runs"). A step runs Claude when it:
 *
 * - uses `anthropics/claude-code-action` or `claude-code-base-action` (any ref);
 * - runs the `claude` CLI in print mode in its `run:` script (its flags may
 *   sit in a shell array or variable the script fills: `claude "${FLAGS[@]}"`), also behind
 *   wrappers (`timeout`, `stdbuf`, `xvfb-run`, `srt`, `sudo`, ...), inside
 *   `bash -c '…'` / `sh -c '…'` strings (parsed again with the shell parser), or
 *   as `npx`/`bunx`/`pnpm dlx`/`yarn dlx @anthropic-ai/claude-code`; the program
 *   word may be a variable the script or the `env:` fills (`$CLAUDE_CMD -p`,
 *   `"${CLAUDE_BIN:-claude}" -p`, `ARGS=("$CLAUDE_CODE_CMD")`), and the command
 *   may sit in the script's own function, run at each call with the call's
 *   words in place of `"$@"` / `"$1"` (model/claude.ts callCommands);
 * - runs a repository shell script that does any of this (`./scripts/x.sh`,
 *   `bash scripts/x.sh`, or `bash "$SCRIPT"` where the variable holds one
 *   repository path); the script is parsed and the run points into it. A
 *   call with nothing but help/version flags that the script answers
 *   (`./x.sh --help`) is not followed: see {@link onlyAsksForHelp};
 *   or a Python, JavaScript or TypeScript script (`python x.py`, `node x.mjs`,
 *   `npx tsx x.ts`, `uv run x.py`) that starts `claude -p` as a process or an
 *   Agent SDK session (`query(...)`, `ClaudeSDKClient(...)`), which spawns the CLI;
 * - uses a local action (`uses: ./path`, or the self-reference `$/path`) whose `action.yml` is a composite
 *   action with such a step (followed recursively, at most {@link MAX_DEPTH}
 *   deep, never twice on one path, never outside the repository), or that
 *   declares the Claude action's inputs itself (a fork or the action's own
 *   repository); when the action's file is absent, a step whose `with:` carries
 *   Claude inputs (`claude_args`, `anthropic_api_key`, `claude_code_oauth_token`).
 *
 * Inside a composite action, `${{ inputs.X }}` in the Claude step's `with:` is
 * replaced by what the caller passes (or the input's default), and an
 * expression that reads only inputs (`${{ format('--allowedTools {0}',
 * inputs.tools) }}`) by its value, computed with GitHub's own evaluator, so
 * rules see the values that reach Claude; so are the words of a `claude -p`
 * command in the action's `run:` written with such expressions, read as the
 * shell splits the written text ({@link bindWords}; the script itself and its
 * offsets stay as written). {@link ClaudeRun.via} keeps the chain of
 * calls. What could not be followed (a path leaving the repository, a missing
 * action, a loop, a binary or oversized script) is recorded as a skipped file.
 */
import { posix } from 'node:path'
import type { FileReader } from '../discover.js'
import { parseYaml, isObject, type PathSeg, type StructuredDoc } from '../parse/doc.js'
import { Evaluator, Parser, data as ExprData } from '@actions/expressions'
import { expressionTokens } from './expression-tokens.js'
import type { SourceFile, Span } from '../parse/source.js'
import { codeLanguagesIn, prepareCodeParsing, type CodeLanguage } from '../parse/code.js'
import { parseShell, unquotedText, type ShellCommand, type ShellWord } from '../shell/parse.js'
import { buildSteps, expressions, shellView, type Job, type Step, type Workflow } from '../model/workflow.js'
import { CAP_NEED, claudeLaunchesIn, codeMayRunClaude, codeScriptOperand, ENV_RUNNERS, hasPrintFlag, JS_RUNNERS, PYTHON_WORD, scriptLanguage, type LaunchNeed, type UncappedLaunch } from './code-claude-runs.js'
import { codeMayStartSdk, sdkLaunchesIn, type SdkLaunch } from './sdk-runs.js'
import { localImports, mayImportOneOf, type LocalImport } from './code-imports.js'
import { SDK_MODULES } from './anthropic-code.js'
import { githubEnvWrites } from './claude-run.js'
import { actionHolds } from '../facts/versions.js'
import { commandInputsOf } from '../facts/command-actions.js'
import { gitOutputSync, type EarlyGit } from '../git.js'
import {
  actionMajor,
  claudeActionOf,
  flagsOf,
  claudeArgsFrom,
  claudePrintMode,
  CI_STREAMS,
  TERMINAL_STREAMS,
  type LaunchStreams,
  locateInBlock,
  mayRunClaude,
  mayRunClaudeAtTerminal,
  parseArgString,
  resolveArgs,
  arrayCommands,
  valuesBefore,
  callCommands,
  calledFunctions,
  callsCut,
  readsPositional,
  timeoutWrapperSeconds,
  type ClaudeRun,
  type OuterEnv,
  type ClaudeRunKind,
  type InputBinding
} from '../model/claude.js'

export type { InputBinding }

/** How deep local actions and scripts are followed. */
export const MAX_DEPTH = 6

/** Inputs only the Claude actions take: a local action step carrying one of them runs Claude. */
const CLAUDE_INPUTS = ['claude_args', 'anthropic_api_key', 'claude_code_oauth_token']

/** Interpreters whose first operand is a shell script file. */
const SHELL_RUNNERS = new Set(['bash', 'sh', 'zsh', 'dash', 'ksh', 'source', '.'])

/** What the caller of a nested action or script passed down. */
interface Frame {
  doc: StructuredDoc
  steps: Step[]
  /** Input bindings inside a composite action. */
  inputs: Map<string, InputBinding>
  via: ClaudeRun['via']
  /** Action directories and script paths on the current chain (cycle guard). */
  chain: string[]
}

/** Facts the search needs from the project. */
export interface RunSearch {
  reader: FileReader
  /** Repository paths that exist (sorted list of the discovery). */
  exists(path: string): boolean
  /** The same paths as a list: scripts a text may name are looked up by file name before any parse. */
  paths?: readonly string[]
  /** Parsed local actions by directory, shared across workflows. */
  actions: Map<string, LocalAction | null>
  /** Notes what could not be followed, at the line of the file that asked. */
  note(file: string, line: number | undefined, reason: string): void
  /** Every call of a local composite action met on the way (Claude or not), when given. */
  calls?: ActionCall[]
  /** The audited repository on GitHub (`owner/name`, from git's `origin`), when known. */
  repository?: string
  /** {@link SDK_MODULE_GREP} started early, when the model started it; `done` settles with it. */
  sdkModuleGrep?: EarlyGit & { done?: Promise<unknown> }
}

/** One call of a local composite action from a workflow's job, with what reaches its inputs. */
export interface ActionCall {
  workflow: Workflow
  job: Job
  /** The workflow's own step the call starts from (outermost). */
  step: Step
  action: LocalAction
  /** What the caller passes for each input (lower-cased name), defaults included. */
  inputs: Map<string, InputBinding>
  /** The chain of calls, outermost first; the last hop is this action's `uses:`. */
  via: ClaudeRun['via']
}

/** A local action's definition. */
export interface LocalAction {
  dir: string
  doc: StructuredDoc
  /** `runs.using`. */
  using?: string
  steps: Step[]
  /** Declared inputs with their defaults. */
  inputs: Map<string, string | undefined>
}

/** Where the repository's own actions are defined: the root, one folder down, or under `.github/actions/`. */
export const ACTION_FILE = /^(?:\.github\/actions\/(?:[^/]+\/)+|[^/]+\/)?action\.ya?ml$/

/** Reads `dir/action.yml` (or `.yaml`), once. */
export function loadAction(search: RunSearch, dir: string): LocalAction | null {
  const hit = search.actions.get(dir)
  if (hit !== undefined) return hit
  let out: LocalAction | null = null
  for (const name of ['action.yml', 'action.yaml']) {
    const p = dir === '' || dir === '.' ? name : `${dir}/${name}`
    if (!search.exists(p)) continue
    const f = search.reader.read(p)
    if (!f) break
    const doc = parseYaml(f)
    const v = isObject(doc.value) ? doc.value : {}
    const runs = isObject(v.runs) ? v.runs : {}
    const inputs = new Map<string, string | undefined>()
    if (isObject(v.inputs)) {
      for (const [k, d] of Object.entries(v.inputs)) {
        const def = isObject(d) ? d.default : undefined
        inputs.set(k.toLowerCase(), typeof def === 'string' ? def : typeof def === 'number' || typeof def === 'boolean' ? String(def) : undefined)
      }
    }
    out = {
      dir,
      doc,
      using: typeof runs.using === 'string' ? runs.using : undefined,
      steps: buildSteps(runs.steps, ['runs', 'steps']),
      inputs
    }
    break
  }
  search.actions.set(dir, out)
  return out
}

/**
 * The repository directory a `uses: ./x` names, or undefined when it leaves
 * the repository. `$/x` is the self-reference form ("this repository at this
 * commit", actions/runner#4457, behind a feature flag in 2026): the same folder.
 */
export function localActionDir(uses: string): string | undefined {
  let u = uses.trim()
  if (u.startsWith('$/')) u = `.${u.slice(1)}`
  if (!u.startsWith('./')) return undefined
  const n = posix.normalize(trimTrailingSlashes(u.slice(2)) || '.')
  if (n === '..' || n.startsWith('../') || posix.isAbsolute(n)) return undefined
  return n === '.' ? '' : n
}

/** Replaces `${{ inputs.X }}` in a composite action's value with what the caller passed. */
export function bindInputs(v: unknown, inputs: Map<string, InputBinding>): unknown {
  if (typeof v !== 'string' || inputs.size === 0 || !v.includes('inputs')) return v
  let out = ''
  let last = 0
  for (const e of expressions(v)) {
    const m = /^inputs\s*\.\s*([A-Za-z_][\w-]*)$/.exec(e.text) ?? /^inputs\s*\[\s*'([^']+)'\s*\]$/.exec(e.text)
    const b = m ? inputs.get(m[1].toLowerCase()) : undefined
    const value = b ? b.value : m ? undefined : overInputs(e.text, inputs)
    if (value === undefined) continue
    out += v.slice(last, e.start) + value
    last = e.end
  }
  return out + v.slice(last)
}

/**
 * The value of an expression that reads nothing but the action's inputs
 * (`format('--allowedTools {0}', inputs.tools)`, `inputs.a != '' && inputs.a || 'x'`),
 * computed with GitHub's own evaluator (@actions/expressions), every input the
 * step does not set being empty as in a composite action; undefined when it
 * names another context, does not parse or does not evaluate.
 */
function overInputs(text: string, inputs: Map<string, InputBinding>): string | undefined {
  if (!/\binputs\b/.test(text)) return undefined
  try {
    // Only `inputs` is a known context name: an expression naming any other does not parse.
    const ast = new Parser(expressionTokens(text), ['inputs'], []).parse()
    const values = new ExprData.Dictionary(...[...inputs].map(([key, b]) => ({ key, value: new ExprData.StringData(b.value) })))
    return new Evaluator(ast, new ExprData.Dictionary({ key: 'inputs', value: values })).evaluate().coerceString()
  } catch {
    return undefined
  }
}

/** Replaces `${{ env.NAME }}` in a value with the env entry's text, when it is a string. */
function bindEnv(v: string, env: Record<string, unknown>): string {
  if (!v.includes('env')) return v
  let out = ''
  let last = 0
  for (const e of expressions(v)) {
    const m = /^env\s*\.\s*([A-Za-z_][\w-]*)$/.exec(e.text)
    const value = m ? env[m[1]] : undefined
    if (typeof value !== 'string') continue
    out += v.slice(last, e.start) + value
    last = e.end
  }
  return out + v.slice(last)
}

/** Whether the words of a `with:` (or a local action's declared inputs) are the Claude action's. */
function hasClaudeInputs(keys: Iterable<string>): boolean {
  const set = new Set([...keys].map((k) => k.toLowerCase()))
  return CLAUDE_INPUTS.some((k) => set.has(k))
}

/** Inputs that only claude-code-action or claude-code-base-action take (v0 and v1), beside a key. */
const CLAUDE_ACTION_ONLY_INPUTS = [
  'trigger_phrase',
  'direct_prompt',
  'override_prompt',
  'prompt_file',
  'allowed_tools',
  'disallowed_tools',
  'custom_instructions',
  'mcp_config',
  'claude_env',
  'allowed_bots',
  'allowed_non_write_users',
  'track_progress',
  'use_sticky_comment',
  'plugins',
  'plugin_marketplaces'
]

/**
 * Whether the `with:` of a step using another repository's action is the
 * Claude action's, so the action is a fork or copy of it: `claude_args` or
 * `claude_code_oauth_token` (a token only Claude Code takes), or an API key
 * with an input only the Claude actions take. An action that takes a key and
 * inputs of its own may call the API some other way: it is not counted.
 */
function takesClaudeActionInputs(keys: Iterable<string>): boolean {
  const set = new Set([...keys].map((k) => k.toLowerCase()))
  if (set.has('claude_args') || set.has('claude_code_oauth_token')) return true
  return set.has('anthropic_api_key') && CLAUDE_ACTION_ONLY_INPUTS.some((k) => set.has(k))
}

/**
 * Whether a local action's declared inputs are those of claude-code-action or
 * claude-code-base-action (a copy or fork): `claude_args` (v1 of both), or a
 * key input with a v0 input of either (`trigger_phrase`, `direct_prompt`,
 * `prompt_file`). An action of its own that only takes a key (and its own
 * `model` or `max_turns`) is a wrapper whose inputs mean what it says they do.
 */
function isClaudeActionFork(keys: Iterable<string>): boolean {
  const set = new Set([...keys].map((k) => k.toLowerCase()))
  if (set.has('claude_args')) return true
  const key = set.has('anthropic_api_key') || set.has('claude_code_oauth_token')
  return key && ['trigger_phrase', 'direct_prompt', 'prompt_file'].some((k) => set.has(k))
}

/** Finds every Claude run of one workflow, following local actions and scripts. */
export async function claudeRunsOf(wf: Workflow, search: RunSearch): Promise<ClaudeRun[]> {
  await codeParsing(search)
  const runs: ClaudeRun[] = []
  for (const job of wf.jobs) {
    const frame: Frame = { doc: wf.doc, steps: job.steps, inputs: new Map(), via: [], chain: [] }
    for (const step of job.steps) await stepRuns(wf, job, step, frame, search, runs)
  }
  return runs
}

async function actionRun(
  wf: Workflow,
  job: Job,
  step: Step,
  frame: Frame,
  kind: ClaudeRunKind,
  ref: string | undefined,
  fork?: ClaudeRun['fork']
): Promise<ClaudeRun> {
  const doc = frame.doc
  const usesSpan = doc.span([...step.path, 'uses'], 'pair')
  const anchor = usesSpan ?? (doc.span(step.path) as Span)
  const line = doc.file.lineText(doc.file.position(anchor.start).line)
  const major = kind === 'base-action' || ref === undefined ? 'v1' : actionMajor(ref, line)
  const w = step.with
  const promptKeys = major === 'v0' ? ['prompt', 'direct_prompt', 'override_prompt'] : ['prompt']
  const hasPrompt =
    promptKeys.some((k) => typeof w[k] === 'string' && (w[k] as string).trim() !== '') ||
    (kind === 'base-action' && typeof w.prompt_file === 'string')
  // `claude_args: ${{ env.ARGS }}`: the flags are the env entry's (workflow, job or step `env:`).
  const args = typeof w.claude_args === 'string' ? bindEnv(w.claude_args, { ...wf.env, ...job.env, ...step.env }) : ''
  // Inside a composite the value may come from the caller: spans only where the text is the file's.
  const own = step.value.with && isObject(step.value.with) ? step.value.with.claude_args : undefined
  const flagsSpan = args && own === args ? doc.span([...step.path, 'with', 'claude_args']) : undefined
  return {
    kind,
    workflow: wf,
    job,
    step,
    ref,
    major,
    unattended: kind === 'base-action' || hasPrompt,
    // How this release splits `claude_args` (v1.0.149 keeps parentheses and globs in words); a fork or an unknown commit: as before.
    flags: args ? await parseArgString(args, !fork && actionHolds('actionClaudeArgsShellCharsKept', step.uses) ? 'keep' : 'drop') : [],
    flagsSpan,
    flagsText: args || undefined,
    anchor,
    doc,
    steps: frame.steps,
    via: frame.via,
    inputs: frame.inputs.size ? frame.inputs : undefined,
    ...(fork ? { fork } : {})
  }
}

async function stepRuns(wf: Workflow, job: Job, raw: Step, frame: Frame, search: RunSearch, runs: ClaudeRun[]): Promise<void> {
  // Inside a composite action the caller's inputs replace `${{ inputs.X }}`.
  const step: Step =
    frame.inputs.size === 0
      ? raw
      : {
          ...raw,
          with: Object.fromEntries(Object.entries(raw.with).map(([k, v]) => [k, bindInputs(v, frame.inputs)])),
          env: Object.fromEntries(Object.entries(raw.env).map(([k, v]) => [k, bindInputs(v, frame.inputs)]))
        }
  const act = claudeActionOf(step.uses)
  if (act) {
    runs.push(await actionRun(wf, job, step, frame, act.kind, act.ref))
    return
  }
  if (step.uses !== undefined) {
    const u = step.uses.trim()
    if (u.startsWith('./') || u.startsWith('$/')) await localActionRuns(wf, job, step, u, localActionDir(u), frame, search, runs)
    else {
      const own = ownActionDir(u, search)
      if (own !== undefined) await localActionRuns(wf, job, step, u, own, frame, search, runs)
      // Another repository's action (a fork or copy under another name): its `with:` says what it runs.
      else if (!u.startsWith('docker://') && takesClaudeActionInputs(Object.keys(step.with)))
        runs.push(await actionRun(wf, job, step, frame, 'action', undefined, {}))
      else {
        // An action that runs an input as a shell script (devcontainers/ci `runCmd`): the input is read as the step's `run:`,
        // as written (like `run:`, not with the caller's inputs bound), and located inside the input's value.
        for (const key of commandInputsOf(u, raw.with)) {
          const text = raw.with[key] as string
          await scriptStepRuns(wf, job, { ...step, run: text, value: { ...step.value, run: text } }, frame, search, runs, [...step.path, 'with', key])
        }
      }
    }
    return
  }
  if (typeof step.run === 'string') await scriptStepRuns(wf, job, step, frame, search, runs, [...step.path, 'run'])
}

/**
 * Where the shell script of a Claude run's step is written in its document:
 * `run:`, or the input of an action that runs it as a script
 * ({@link commandInputsOf}: the run's step then carries that input's text as
 * its `run`). Undefined when the step has no such text.
 */
export function scriptPath(step: Step): PathSeg[] | undefined {
  if (typeof step.run !== 'string') return undefined
  if (step.value.run === step.run && !step.uses) return [...step.path, 'run']
  const raw = isObject(step.value.with) ? step.value.with : {}
  const key = step.uses ? commandInputsOf(step.uses, raw).find((k) => raw[k] === step.run) : undefined
  return key === undefined ? undefined : [...step.path, 'with', key]
}

/** The Claude runs of a step's shell script: its `run:`, or the input at `at` of an action that runs it as one. */
async function scriptStepRuns(
  wf: Workflow,
  job: Job,
  step: Step,
  frame: Frame,
  search: RunSearch,
  runs: ClaudeRun[],
  at: PathSeg[]
): Promise<void> {
  {
    const base = shellView(step.run as string)
    // Located only when a command is found: most run blocks are not parsed at all (scriptRuns' prefilter).
    let located: { span: Span | undefined } | undefined
    const runSpan = (): Span | undefined => (located ??= { span: frame.doc.span(at) }).span
    const env: Record<string, unknown> = { ...wf.env, ...job.env, ...step.env }
    // A value of `env:` may be the program (`$CLAUDE -p`) or a script the text runs through a variable: the prefilter reads them with the text.
    const envText = Object.values(env).filter((v): v is string => typeof v === 'string' && !v.includes('${{')).join('\n')
    if (!(await runWorthParsing(envText ? `${base}\n${envText}` : base, search))) return
    scriptRuns(base, (cmd) => {
      const at = runSpan()
      runs.push(cliRun(wf, job, step, frame, cmd, at ? locateInBlock(at, step.run as string, cmd.start, cmd.end) : (frame.doc.span(step.path) as Span)))
    }, (path, cmd, outer) => {
      const own = actionPathScript(step.run as string, path, cmd, frame) ?? workspaceScript(step.run as string, path, cmd, job) ?? ownCheckoutScript(path, job, step, search)
      if (own) followScript(wf, job, step, frame, search, runs, own.rel, own.dir, cmd, runSpan(), outer)
      else followScript(wf, job, step, frame, search, runs, path, workingDir(job, step), cmd, runSpan(), outer)
    }, 0, search, true, { ...stepEnv(frame.steps, step, { ...wf.env, ...job.env }), ...(checksOutAtRoot(job) ? { [AT_ROOT]: true } : {}) })
  }
}

/**
 * A key of {@link OuterEnv} no shell variable can name: set when the job's
 * checkout is the workspace itself, so `$GITHUB_WORKSPACE/x.sh` is the
 * repository's `x.sh` (see {@link throughVariables}).
 */
const AT_ROOT = ' checkout at the workspace'
/** What `$GITHUB_WORKSPACE` reads in a script path where {@link AT_ROOT} holds: the repository's root, whatever the working directory. */
const WORKSPACE = '\u0000workspace'

/**
 * Whether the job's `actions/checkout` steps put the repository at the
 * workspace's root (none has `path:` elsewhere, or another `repository:`).
 */
function checksOutAtRoot(job: Job): boolean {
  let any = false
  for (const s of job.steps) {
    if (!s.uses || !/^actions\/checkout@/i.test(s.uses.trim())) continue
    any = true
    const p = s.with.path
    const repo = s.with.repository
    if ((typeof p === 'string' && !/^\.?\/?$/.test(p.trim())) || (typeof repo === 'string' && !repo.includes('github.repository'))) return false
  }
  return any
}

/**
 * A script named from the workspace's root: `${{ github.workspace }}/x.sh`
 * (the shell sees the expression as blanks) where the job checks the
 * repository out there, or `$GITHUB_WORKSPACE/x.sh` ({@link WORKSPACE}): the
 * path inside the repository, whatever the step's working directory.
 */
function workspaceScript(run: string, path: string, cmd: ShellCommand, job: Job): { dir: string; rel: string } | undefined {
  if (path.startsWith(`${WORKSPACE}/`)) return { dir: '', rel: path.slice(WORKSPACE.length + 1) }
  if (!/^_+\//.test(path) || !checksOutAtRoot(job)) return undefined
  const w = cmd.args.find((a) => a.text === path)
  const original = w ? run.slice(w.start, w.end).replace(/^["']/, '') : ''
  return /^\$\{\{\s*github\s*\.\s*workspace\s*\}\}\//.test(original) ? { dir: '', rel: path.slice(path.indexOf('/') + 1) } : undefined
}

/**
 * A script in a second checkout of this very repository (`actions/checkout` with `path: tools` and
 * `repository:` naming this repository, as a reusable workflow does to reach its own scripts from a
 * caller's job): `tools/scripts/x.py`, run from the workspace root, is the repository's
 * `scripts/x.py`. Only checkouts before the step count, and only literal paths.
 */
function ownCheckoutScript(path: string, job: Job, step: Step, search: RunSearch): { dir: string; rel: string } | undefined {
  if (workingDir(job, step) !== '' || !search.repository) return undefined
  for (const s of job.steps) {
    if (s.index >= step.index) break
    if (!s.uses || !/^actions\/checkout@/i.test(s.uses.trim())) continue
    const repo = s.with.repository
    const at = s.with.path
    if (typeof repo !== 'string' || repo.trim().toLowerCase() !== search.repository.toLowerCase() || typeof at !== 'string') continue
    let dir = posix.normalize(at.trim().replace(/^\.\//, ''))
    while (dir.endsWith('/')) dir = dir.slice(0, -1)
    if (!dir || dir === '.' || dir.startsWith('..') || posix.isAbsolute(dir) || dir.includes('${{')) continue
    if (path.startsWith(`${dir}/`)) return { dir: '', rel: path.slice(dir.length + 1) }
  }
  return undefined
}

/**
 * The variables a step's `run:` script starts with: the workflow's and job's
 * `env:`, what earlier steps wrote to `$GITHUB_ENV`, and the step's own `env:`
 * (later ones win), as in {@link runEnv}.
 */
function stepEnv(steps: readonly Step[], step: Step, outer: Record<string, unknown>): OuterEnv {
  const env: Record<string, unknown> = { ...outer }
  for (const s of steps) {
    if (s.index >= step.index) break
    if (s.run && /\bGITHUB_ENV\b/.test(s.run)) Object.assign(env, githubEnvWrites(s.run))
  }
  return Object.assign(env, step.env)
}

function cliRun(wf: Workflow, job: Job, step: Step, frame: Frame, cmd: ShellCommand, anchor: Span, script?: ClaudeRun['script']): ClaudeRun {
  const words = cmd.args.slice(claudeArgsFrom(cmd.args.map((a) => a.text)) ?? 1)
  // GitHub writes `${{ }}` into a step's `run:` before the shell reads it (a repository script is not templated).
  const bound = !script && typeof step.run === 'string' ? bindWords(step.run, words, frame.inputs) : undefined
  return {
    kind: 'cli',
    workflow: wf,
    job,
    step,
    major: 'v1',
    unattended: true,
    flags: flagsOf(bound?.words ?? words),
    ...(bound ? { bound: bound.bound } : {}),
    anchor,
    command: cmd,
    doc: frame.doc,
    steps: frame.steps,
    via: frame.via,
    script,
    inputs: frame.inputs.size ? frame.inputs : undefined
  }
}

/** `inputs.X` / `inputs['X']` in an expression's text: the input's name. */
const INPUT_NAMES = /(?<![\w.])inputs\s*(?:\.\s*([A-Za-z_][\w-]*)|\[\s*'([^']+)'\s*\])/g

/**
 * The words of a `claude -p` command in a composite action's `run:` with the
 * action's inputs bound: a word written with `${{ }}` over the inputs
 * (`"${{ inputs.tools }}"`, `${{ inputs.t != '' && format('--allowedTools "{0}"', inputs.t) || '' }}`)
 * is what GitHub writes there (the values of {@link bindInputs}), read by the
 * shell parser as the shell reads it: quoted it stays one word, unquoted it
 * splits into words, or into none when empty. Those words get offsets into
 * {@link BoundWords.text} (past the script); a word whose bound text the shell
 * would not read as plain words of this command (a newline, `;`, a parse
 * error) is kept as written. Undefined when no word changes.
 */
function bindWords(
  run: string,
  words: readonly ShellWord[],
  inputs: Map<string, InputBinding>
): { words: ShellWord[]; bound: NonNullable<ClaudeRun['bound']> } | undefined {
  if (inputs.size === 0 || !run.includes('${{')) return undefined
  let text = run
  const out: ShellWord[] = []
  const pieces: NonNullable<ClaudeRun['bound']>['pieces'] = []
  for (const w of words) {
    const raw = run.slice(w.start, w.end)
    const names = new Set<string>()
    for (const e of raw.includes('${{') ? expressions(raw) : []) for (const m of e.text.matchAll(INPUT_NAMES)) names.add((m[1] ?? m[2] ?? '').toLowerCase())
    const sub = names.size ? String(bindInputs(raw, inputs)) : raw
    const read = sub !== raw && !/[\r\n]/.test(sub) && sameWord(raw, w) ? parseShell(`: ${shellView(sub)}`) : undefined
    const cmd = read?.ok && read.commands.length === 1 ? read.commands[0] : undefined
    if (!cmd || cmd.start !== 0 || cmd.end !== sub.length + 2 || cmd.args[0]?.text !== ':' || cmd.redirects.length || cmd.assignments.length) {
      out.push(w)
      continue
    }
    const from = text.length + 1
    text += `\n${sub}`
    pieces.push({ start: from, end: text.length, written: { start: w.start, end: w.end }, inputs: names })
    for (const a of cmd.args.slice(1)) {
      let start = a.start - 2
      let end = a.end - 2
      // A word quoted whole (`"Bash(x),WebFetch"`): its offsets are its text's, as a caller wrote the value.
      const q = sub[start]
      if ((q === '"' || q === "'") && sub[end - 1] === q && sub.slice(start + 1, end - 1) === a.text) {
        start++
        end--
      }
      out.push({ ...w, ...a, start: from + start, end: from + end })
    }
  }
  return pieces.length ? { words: out, bound: { text, pieces } } : undefined
}

/** Whether a word's text in the script as written (`${{ }}` as blanks) reads as that one word. */
function sameWord(raw: string, w: ShellWord): boolean {
  const read = parseShell(`: ${shellView(raw)}`)
  const args = read.ok && read.commands.length === 1 ? read.commands[0].args : []
  return args.length === 2 && args[1].text === w.text
}

/** The repository modules a code script imports that may start an Agent SDK session (looked at without loading them). */
const SDK_FILES = new WeakMap<RunSearch, ReadonlySet<string> | null>()

/**
 * The repository's files that name an Agent SDK module, as `git grep` lists
 * them (tracked and untracked, not ignored); null without git. A module that
 * starts a session imports the SDK, so its text names one: when no file does,
 * no script's imports are worth parsing.
 */
function sdkModuleFiles(search: RunSearch): ReadonlySet<string> | null {
  const known = SDK_FILES.get(search)
  if (known !== undefined) return known
  // The project model starts this very command early (buildProject); its answer is taken when it has come.
  const early = search.sdkModuleGrep
  // In a prefilter that can wait (stepRuns), wait for that answer rather than run the command a second time.
  if (early && !early.settled && early.done && waitForEarlyGrep) throw EARLY_GREP_PENDING
  const out = early?.settled ? early.out : gitOutputSync(search.reader.root, SDK_MODULE_GREP, SDK_MODULE_GREP_OPTIONS)
  const set = out === undefined ? null : new Set(out.split('\0').filter(Boolean))
  SDK_FILES.set(search, set)
  return set
}

/** Thrown by {@link sdkModuleFiles} in a prefilter that can wait, when the early search has not answered yet. */
const EARLY_GREP_PENDING = Symbol('early git grep pending')
/** Set while {@link stepRuns} runs the prefilter of a `run:` block: nothing has been done yet that a retry would repeat. */
let waitForEarlyGrep = false

/**
 * Whether {@link scriptRuns} would parse a step's `run:` text. Its prefilter has
 * no effects but memos of facts about files, so when it needs the early
 * search's answer before that has come, it stops, the answer is awaited (the
 * search has been running beside the model since it started) and it runs
 * again: the same answer as asking git here, without a second git process.
 */
async function runWorthParsing(text: string, search: RunSearch): Promise<boolean> {
  for (;;) {
    waitForEarlyGrep = true
    try {
      return scriptsWorthParsing(text, true, search)
    } catch (e) {
      if (e !== EARLY_GREP_PENDING) throw e
    } finally {
      waitForEarlyGrep = false
    }
    await search.sdkModuleGrep?.done
  }
}

/** The files a script can import as repository modules (code-imports.ts). */
const IMPORTABLE = ['*.py', '*.ts', '*.tsx', '*.mts', '*.cts', '*.js', '*.mjs', '*.cjs', '*.jsx']

/** The `git grep` that lists the repository's files naming an Agent SDK module (tracked and untracked, not ignored). */
export const SDK_MODULE_GREP: readonly string[] = ['grep', '--untracked', '-l', '-z', '-F', ...SDK_MODULES.flatMap((m) => ['-e', m]), '--', ...IMPORTABLE]
export const SDK_MODULE_GREP_OPTIONS = { okCodes: [0, 1], maxBytes: 16 << 20, timeoutMs: 30_000 }

/**
 * Whether a script's text can hold a repository import that localImports
 * reads: Python's `import` statements, or a JS/TS string specifier starting
 * `./` or `../` (`import … from './x'`, `require('../y')`). A cheap necessary
 * condition; the syntax tree decides.
 */
function mayImportLocal(text: string, lang: CodeLanguage): boolean {
  return lang === 'python' ? /\bimport\b/.test(text) : /["']\.\.?\//.test(text)
}

function sdkModulesOf(path: string, f: SourceFile, lang: CodeLanguage, search: RunSearch): LocalImport[] {
  // No file of the repository names an SDK module: no import can start a session, and the script is not parsed for its imports.
  const modules = sdkModuleFiles(search)
  if (modules?.size === 0) return []
  // Nor when the script cannot import any of those files (the same list: a kept import's file names an SDK module).
  if (modules && !mayImportOneOf(f.text, path, lang, modules)) return []
  return localImports(f, path, lang, (p) => search.exists(p)).filter((imp) => {
    const { file } = search.reader.peek(imp.path)
    return file !== null && codeMayStartSdk(file.text)
  })
}

/** An Agent SDK session a repository script starts: unattended (no person in a workflow), its options as flags. */
function sdkRun(wf: Workflow, job: Job, step: Step, frame: Frame, l: SdkLaunch, script: NonNullable<ClaudeRun['script']>): ClaudeRun {
  return {
    kind: 'cli',
    workflow: wf,
    job,
    step,
    major: 'v1',
    unattended: true,
    flags: l.flags,
    anchor: l.anchor,
    doc: frame.doc,
    steps: frame.steps,
    via: frame.via,
    script,
    inputs: frame.inputs.size ? frame.inputs : undefined,
    sdk: l.sdk
  }
}

/**
 * A script of the composite action the step belongs to, named through
 * `${{ github.action_path }}/x.py` (the shell sees the expression as blanks):
 * the action's folder and the path inside it.
 */
function actionPathScript(run: string, path: string, cmd: ShellCommand, frame: Frame): { dir: string; rel: string } | undefined {
  // The steps are an action's when the chain ends at it: one a workflow calls, or one the repository publishes (searched with no caller, so no hop leads to it).
  if (!frame.chain[frame.chain.length - 1]?.startsWith('action:') || !/^_+\//.test(path)) return undefined
  const w = cmd.args.find((a) => a.text === path)
  const original = w ? run.slice(w.start, w.end).replace(/^["']/, '') : ''
  const m = /^\$\{\{\s*github\s*\.\s*action_path\s*\}\}\//.exec(original)
  if (!m) return undefined
  const dir = posix.dirname(frame.doc.file.path)
  return { dir: dir === '.' ? '' : dir, rel: path.slice(path.indexOf('/') + 1) }
}

/** The step's `working-directory` (or the job's default), when literal and inside the repository. */
function workingDir(job: Job, step: Step): string {
  const d = step.value['working-directory'] ?? (isObject(job.value.defaults) && isObject(job.value.defaults.run) ? job.value.defaults.run['working-directory'] : undefined)
  if (typeof d !== 'string' || d.includes('${{')) return ''
  const n = posix.normalize(d.replace(/^\.\//, ''))
  return n === '.' || n.startsWith('..') || posix.isAbsolute(n) ? '' : n
}

/**
 * Calls `onClaude` for each print-mode Claude command of a shell text
 * ({@link claudePrintMode}; also inside `bash -c '…'` strings, with offsets
 * into `text`) and `onScript` for each repository script it runs. With
 * `search`, a text that cannot run Claude itself and names no repository
 * script that could is not parsed at all. `streams`: where the text runs, a
 * workflow's step or what it runs by default (no TTY there).
 */
export function scriptRuns(
  text: string,
  onClaude: (cmd: ShellCommand) => void,
  onScript?: (path: string, cmd: ShellCommand, outer: OuterEnv) => void,
  depth = 0,
  search?: RunSearch,
  checked = false,
  outer?: OuterEnv,
  streams: LaunchStreams = CI_STREAMS
): void {
  if (!checked && !scriptsWorthParsing(text, onScript !== undefined, search, outer)) return
  const parsed = parseShell(text)
  const called = calledFunctions(parsed)
  // A command of a function the script calls that reads the function's arguments (`claude -p "$@"`) runs at each call, with the call's words.
  // Those left to the calls, kept in case the calls are not all followed (callsCut): then found as written.
  const deferred: ShellCommand[] = []
  const atCalls = (written: ShellCommand, c: ShellCommand): boolean => {
    const later = written.inFunction !== undefined && called.has(written.inFunction) && readsPositional(c)
    if (later) deferred.push(c)
    return later
  }
  // Calls that differ only in a literal prompt (`claudep "a"`, `claudep "b"`) run the same command: one run, not one per call.
  const emitted = new Set<string>()
  const emit = (c: ShellCommand): void => {
    const words = c.args.slice(claudeArgsFrom(c.args.map((a) => a.text)) ?? 1)
    const key = [c.start, ...flagsOf(words).map((f) => `${f.name}=${f.value ?? ''}@${f.start}`), ...words.filter((w) => w.hasParamExpansion).map((w) => `${w.start}`)].join('\0')
    if (emitted.has(key)) return
    emitted.add(key)
    onClaude(c)
  }
  for (const written of parsed.commands) {
    // `claude "${FLAGS[@]}"`: the flags are the words the script put in the array; `$CLAUDE -p`: the program is the variable's.
    const cmd = resolveArgs(written, parsed.commands, outer)
    if (claudePrintMode(cmd, streams)) {
      if (!atCalls(written, cmd)) emit(cmd)
      continue
    }
    // `run_with_timeout "$t" "${cmd[@]}"` after `cmd=(claude -p …)`: the command line the array holds runs.
    const held = arrayCommands(written, parsed.commands, outer).filter((c) => claudePrintMode(c, streams))
    if (held.length > 0) {
      for (const c of held) if (!atCalls(written, c)) emit(c)
      continue
    }
    // `claudep "review" --max-turns 5` after `claudep() { claude -p "$@"; }`: the body's command with the call's words.
    const viaCall = parsed.functions ? callCommands(written, parsed, outer).filter((c) => claudePrintMode(c, streams)) : []
    if (viaCall.length > 0) {
      for (const c of viaCall) if (!atCalls(written, c)) emit(c)
      continue
    }
    const name = cmd.name.slice(cmd.name.lastIndexOf('/') + 1)
    // `bash -c '…'`: the string is a script of its own; parse it where it stands.
    if ((name === 'bash' || name === 'sh' || name === 'zsh' || name === 'dash') && depth < 3) {
      const ci = cmd.args.findIndex((a, i) => i > 0 && isCommandStringOption(a.text))
      const w = ci > 0 ? cmd.args[ci + 1] : undefined
      if (w && /claude|\.sh\b/.test(w.text)) {
        scriptRuns(embed(text, w), onClaude, onScript, depth + 1, search, false, outer, streams)
        continue
      }
    }
    if (!onScript) continue
    const direct = scriptOperand(cmd) ?? codeScriptOperand(cmd.args)?.path
    // `bash "$SCRIPT"`, `./$SCRIPT` after `SCRIPT=scripts/review.sh`: the path the variable holds.
    const through = direct === undefined ? throughVariables(cmd, written, parsed.commands, outer) : undefined
    const file = direct ?? (through && (scriptOperand(through) ?? codeScriptOperand(through.args)?.path))
    if (file) onScript(file, through ?? cmd, childEnv(written, parsed.commands, outer))
  }
  // Calls fanned out past the bound: a command left to them is found where it stands.
  if (deferred.length > 0 && callsCut(parsed)) for (const c of deferred) emit(c)
}

/**
 * A command that may run a script named through a variable (a shell or code
 * runner's operand, or the program word itself) with the words the script's
 * variables resolve (see {@link valuesBefore}) made literal, in place;
 * undefined when no such word resolves.
 */
function throughVariables(cmd: ShellCommand, written: ShellCommand, commands: readonly ShellCommand[], outer: OuterEnv | undefined): ShellCommand | undefined {
  const head = cmd.args[0]
  if (!head) return undefined
  const name = head.text.slice(head.text.lastIndexOf('/') + 1)
  // Only a runner's operands, or an expansion standing as the program, can be a script to follow.
  if (head.literal && !RUNNER_WORDS.has(name) && !SHELL_RUNNERS.has(name) && !PYTHON_WORD.test(name)) return undefined
  let changed = false
  // Where the job checks the repository out at the workspace, `$GITHUB_WORKSPACE` (unless set otherwise) is its root.
  const atRoot = outer?.[AT_ROOT] === true && !Object.hasOwn(outer, 'GITHUB_WORKSPACE')
  const value = valuesBefore(written, commands, atRoot ? { ...outer, GITHUB_WORKSPACE: WORKSPACE } : outer)
  const args = cmd.args.map((w, i) => {
    if (w.literal || !w.hasParamExpansion || i > 3) return w
    const text = value(w)
    if (text === undefined) return w
    changed = true
    return { ...w, text, literal: true, hasParamExpansion: false, hasUnquotedExpansion: false }
  })
  return changed ? { ...cmd, name: args[0].text, args } : undefined
}

/**
 * What a script a command runs starts with: the caller's own start, the
 * variables it exports before the command (their values where the script
 * shows them, else set to something not known), and the command's own
 * `VAR=x ./x.sh` assignments.
 */
function childEnv(cmd: ShellCommand, commands: readonly ShellCommand[], outer: OuterEnv | undefined): OuterEnv {
  const env: Record<string, unknown> = { ...outer }
  for (const c of commands) {
    if (c.start >= cmd.start) break
    if (c.inSubstitution) continue
    const exports = c.name === 'export' || ((c.name === 'declare' || c.name === 'typeset') && c.args.some((a) => /^-[^-]*x/.test(a.text)))
    if (!exports) continue
    const value = valuesBefore(c, commands, outer)
    for (const a of c.assignments) env[a.name] = value(a.value)
    for (const a of c.args.slice(1)) if (/^[A-Za-z_]\w*$/.test(a.text) && !Object.hasOwn(env, a.text)) env[a.text] = undefined
  }
  const value = valuesBefore(cmd, commands, outer)
  for (const a of cmd.assignments) env[a.name] = value(a.value)
  return env
}

/**
 * The `claude -p` commands of a shell script with no turn or budget cap
 * (`--max-turns`, `--max-budget-usd`), as {@link uncappedLaunchesIn} finds them
 * in Python and JavaScript: read as {@link scriptRuns} reads a script a
 * workflow runs (arrays, functions, `bash -c`), at the same anchors, so a
 * script a workflow runs is reported once, as that run. A script that names
 * `CLAUDE_CODE_MAX_TURNS` may set it, and a command with an unquoted expansion
 * among its words may get a cap from it: neither is called uncapped. Depends on
 * the file's text alone.
 */
export function uncappedShellLaunchesIn(file: SourceFile, need: LaunchNeed = CAP_NEED): UncappedLaunch[] {
  const text = file.text
  if (text.includes(need.env) || !mayRunClaudeAtTerminal(text)) return []
  const span: Span = { file, start: 0, end: text.length }
  const out: UncappedLaunch[] = []
  // Run by a person, a hook or a tool, perhaps at a terminal: without `-p` only a launch whose stdout the script captures is print mode.
  const onClaude = (c: ShellCommand): void => {
    const from = claudeArgsFrom(c.args.map((a) => a.text)) ?? 1
    const words = c.args.slice(from)
    if (words.some((w) => w.hasUnquotedExpansion)) return
    if (flagsOf(words).some((f) => need.flags.has(f.name))) return
    // `--tools ""`: no tools, so the session is one request and has no loop to cap.
    if (need.toolsFree && words.some((w, i) => (w.text === '--tools' && words[i + 1]?.literal && words[i + 1].text.trim() === '') || w.text === '--tools=')) return
    const at = locateInBlock(span, text, c.start, c.end)
    const timeoutSeconds = timeoutWrapperSeconds(c)
    out.push({ start: at.start, end: at.end, ...(timeoutSeconds ? { timeoutSeconds } : {}), ...(hasPrintFlag(words) ? {} : { noPrintFlag: true }) })
  }
  scriptRuns(text, onClaude, undefined, 0, undefined, false, undefined, TERMINAL_STREAMS)
  return out
}

/** scriptRuns' prefilter: a command may run Claude, or may run a repository script that could. */
function scriptsWorthParsing(text: string, followScripts: boolean, search?: RunSearch, outer?: OuterEnv): boolean {
  // A value the script starts with may be the program (`$CLAUDE -p`) or a script it runs: read with the text.
  const values = outer ? Object.values(outer).filter((v): v is string => typeof v === 'string') : []
  if (values.length) text = `${text}\n${values.join('\n')}`
  return mayRunClaude(text) || (followScripts && (/claude|\.sh\b|\bsh\b|bash|\.\//.test(text) || CODE_RUNNER.test(text)) && (!search || namesScriptReachingClaude(text, search)))
}

/** `text` with everything blanked but the inner text of a quoted word, kept at its offset. */
function embed(text: string, w: ShellWord): string {
  const inner = w.text
  const at = w.raw.length >= inner.length + 2 && (w.raw[0] === "'" || w.raw[0] === '"') ? w.start + 1 : w.start
  const blank = text.replace(/[^\n]/g, ' ')
  return blank.slice(0, at) + inner + blank.slice(at + inner.length)
}

/** The repository script a command runs (`./scripts/x.sh`, `bash scripts/x.sh`), when literal. */
function scriptOperand(cmd: ShellCommand): string | undefined {
  const head = cmd.args[0]
  if (!head || !head.literal) return undefined
  const name = head.text.slice(head.text.lastIndexOf('/') + 1)
  let w: ShellWord | undefined
  if (SHELL_RUNNERS.has(name)) {
    if (cmd.args.slice(1).some((a) => isCommandStringOption(a.text))) return undefined
    w = cmd.args.slice(1).find((a) => !a.text.startsWith('-'))
  } else if (/^\.{0,2}\//.test(head.text) || /\.(sh|bash)$/.test(head.text)) {
    w = head
  }
  if (!w || !w.literal) return undefined
  const t = w.text
  if (t.startsWith('/') || t.startsWith('~') || t.includes('$')) return undefined
  return t
}

function followScript(
  wf: Workflow,
  job: Job,
  step: Step,
  frame: Frame,
  search: RunSearch,
  runs: ClaudeRun[],
  rel: string,
  cwd: string,
  cmd: ShellCommand,
  callSpan: Span | undefined,
  outer?: OuterEnv
): void {
  let joined = posix.normalize(posix.join(cwd, rel))
  if (joined.startsWith('..')) return
  // `python -m pkg.mod` runs pkg/mod.py, or the package's pkg/mod/__main__.py.
  if (!search.exists(joined) && codeScriptOperand(cmd.args)?.module) joined = joined.replace(/\.py$/, '/__main__.py')
  // A composite action's scripts are relative to the step's working directory, or to the action (`$GITHUB_ACTION_PATH`).
  if (!search.exists(joined)) return
  if (frame.chain.includes(joined) || frame.chain.length >= MAX_DEPTH) {
    search.note(frame.doc.file.path, lineOf(callSpan), `the script ${joined} was not followed again (a loop, or more than ${MAX_DEPTH} levels of scripts and local actions)`)
    return
  }
  const f = search.reader.read(joined)
  if (!f) return
  if (onlyAsksForHelp(cmd, f.text, !isShellScript(joined, f))) return
  const atCall = callSpan ? locateInBlock(callSpan, step.run ?? '', cmd.start, cmd.end) : undefined
  if (!isShellScript(joined, f)) {
    // A Python, JavaScript or TypeScript script: the processes it starts (src/analysis/code-claude-runs.ts).
    const lang = scriptLanguage(joined, f.text)
    if (!lang) return
    const inner: Frame = { ...frame, via: [...frame.via, { kind: 'script', doc: frame.doc, step, path: joined, at: atCall }], chain: [...frame.chain, joined] }
    const script = { file: f, text: f.text, lang }
    for (const l of claudeLaunchesIn(f, lang, CI_STREAMS)) {
      const run = cliRun(wf, job, step, inner, l.command, { file: f, start: l.anchor.start, end: l.anchor.end }, script)
      runs.push(l.timeoutSeconds ? { ...run, processTimeout: l.timeoutSeconds } : run)
    }
    // Agent SDK sessions: the SDK spawns the Claude Code CLI (src/analysis/sdk-runs.ts).
    for (const l of sdkLaunchesIn(f, lang)) runs.push(sdkRun(wf, job, step, inner, l, script))
    // And those of the repository modules it imports (one level: `from agent import run_agent`).
    for (const imp of sdkModulesOf(joined, f, lang, search)) {
      const m = search.reader.read(imp.path)
      const mlang = m && scriptLanguage(imp.path, m.text)
      if (!m || !mlang || frame.chain.includes(imp.path)) continue
      const hop = { kind: 'import' as const, doc: frame.doc, step, path: imp.path, at: { file: f, start: imp.start, end: imp.end } }
      const viaModule: Frame = { ...inner, via: [...inner.via, hop], chain: [...inner.chain, imp.path] }
      for (const l of sdkLaunchesIn(m, mlang)) runs.push(sdkRun(wf, job, step, viaModule, l, { file: m, text: m.text, lang: mlang }))
    }
    return
  }
  const text = f.text
  const span: Span = { file: f, start: 0, end: text.length }
  const inner: Frame = {
    ...frame,
    via: [...frame.via, { kind: 'script', doc: frame.doc, step, path: joined, at: atCall }],
    chain: [...frame.chain, joined]
  }
  const script = { file: f, text }
  scriptRuns(
    text,
    (c) => runs.push(cliRun(wf, job, step, inner, c, locateInBlock(span, text, c.start, c.end), script)),
    (path, c, env) =>
      followScript(wf, job, step, inner, search, runs, path.startsWith(`${WORKSPACE}/`) ? path.slice(WORKSPACE.length + 1) : path.startsWith('./') || !path.includes('/') ? posix.join(posix.dirname(joined), path) : path, '', c, undefined, env),
    0,
    search,
    false,
    outer
  )
}

/**
 * Flags that by the common command-line convention (GNU coding standards
 * "--help"/"--version"; POSIX utility syntax; what argparse, click, typer,
 * commander and yargs answer on their own) print usage or a version and exit
 * without doing the work.
 */
const HELP_FLAGS = new Set(['--help', '-h', '-help', '--version', '-V'])

/** A Python or JavaScript argument parser that answers `--help` and `--version` itself. */
const ARG_PARSER =
  /\b(?:import\s+(?:argparse|optparse|click|typer|docopt)\b|from\s+(?:argparse|optparse|click|typer|docopt)\s+import\b|require\(\s*['"](?:commander|yargs|meow|cac)['"]|from\s+['"](?:commander|yargs|meow|cac)(?:\/[\w/]*)?['"])/

/**
 * Whether a script call passes nothing but help or version flags
 * (`./run.sh --help || true`, a smoke test of the script) to a script that
 * answers them: a shell script that names each flag (`-h|--help) usage; exit`),
 * or a Python/JavaScript script that names it or uses an argument parser that
 * answers it. Such a call prints usage and does not reach the script's Claude
 * launches, so it is not a run of the job; any other argument is.
 */
export function onlyAsksForHelp(cmd: ShellCommand, scriptText: string, code: boolean): boolean {
  const operand = scriptOperand(cmd) ?? codeScriptOperand(cmd.args)
  if (operand === undefined) return false
  const i =
    typeof operand === 'string'
      ? cmd.args.findIndex((a) => a.text === operand)
      : operand.module
        ? cmd.args.findIndex((a) => a.text === '-m') + 1
        : cmd.args.findIndex((a) => a.text === operand.path)
  if (i < 0 || (typeof operand !== 'string' && operand.module && i === 0)) return false
  const rest = cmd.args.slice(i + 1)
  if (rest.length === 0 || !rest.every((a) => a.literal && HELP_FLAGS.has(a.text))) return false
  if (code && ARG_PARSER.test(scriptText)) return true
  return rest.every((a) => mentionsToken(scriptText, a.text))
}

/** Whether `text` holds `token` with no word character or `-` right before or after it. */
function mentionsToken(text: string, token: string): boolean {
  const edge = (c: string | undefined): boolean => c === undefined || !/[\w-]/.test(c)
  for (let i = text.indexOf(token); i >= 0; i = text.indexOf(token, i + 1)) {
    if (edge(text[i - 1]) && edge(text[i + token.length])) return true
  }
  return false
}

/** A text that may run a Python, JavaScript or TypeScript script (`python x.py`, `node x.mjs`, `npx tsx x.ts`, `uv run x.py`). */
const CODE_RUNNER = /\bpytest\b|\bpython|\bpy\b|\bpypy|\bnode|\btsx\b|ts-node|\bbun\b|\bdeno\b|\buv\b|\bpoetry\b|\bpipenv\b|\.(?:py|[cm]?[jt]sx?)\b/

/** Repository files by name, for {@link namesScriptReachingClaude}. */
interface ScriptIndex {
  /** File names of plain characters (the separators of {@link NOT_IN_NAME} split a text into such names). */
  byName: Map<string, string[]>
  /** Other file names (spaces, quotes, non-ASCII), unquoted, each looked for as a substring. */
  odd: { name: string; paths: string[] }[]
  /** Scripts known to reach a `claude -p` (true) or known not to (false). */
  reaches: Map<string, boolean>
  /** Answers of {@link namesScriptReachingClaude} for whole texts asked before (a local action's steps are asked once per caller). */
  texts: Map<string, boolean>
}

const NOT_IN_NAME = /[^\w.+@%,:~^-]+/
const INDEXES = new WeakMap<RunSearch, ScriptIndex>()

function scriptIndex(search: RunSearch, paths: readonly string[]): ScriptIndex {
  let idx = INDEXES.get(search)
  if (idx) return idx
  idx = { byName: new Map(), odd: [], reaches: new Map(), texts: new Map() }
  const odd = new Map<string, string[]>()
  for (const path of paths) {
    const name = path.slice(path.lastIndexOf('/') + 1)
    const plain = !NOT_IN_NAME.test(name)
    const key = plain ? name : name.replace(/["'\\]/g, '')
    const m = plain ? idx.byName : odd
    const list = m.get(key)
    if (list) list.push(path)
    else m.set(key, [path])
  }
  idx.odd = [...odd].map(([name, ps]) => ({ name, paths: ps }))
  INDEXES.set(search, idx)
  return idx
}

/**
 * Whether a shell text may name a repository shell script that runs Claude
 * (itself or through scripts it names in turn): the test made before parsing a
 * text only to follow its scripts. A script is followed only when its path is
 * a literal word, so its file name shows in the text once quotes are dropped;
 * an over-approximation (any word with a script's name, wherever it points),
 * never a miss. Scripts that cannot run Claude are not followed at all, so a
 * loop among them is no longer noted.
 */
function namesScriptReachingClaude(text: string, search: RunSearch): boolean {
  if (!search.paths) return true
  const idx = scriptIndex(search, search.paths)
  // A whole text's answer depends on nothing but the text and the repository's files: asked again, it is the same.
  const known = idx.texts.get(text)
  if (known !== undefined) return known
  textSearches++
  const answer = reachesFrom(text, search, idx, new Set())
  idx.texts.set(text, answer)
  return answer
}

let textSearches = 0
/** How many texts {@link namesScriptReachingClaude} searched (not answered from memory) in this process: for tests. */
export function scriptSearchCount(): number {
  return textSearches
}

/** {@link namesScriptReachingClaude} for `text`, not following the scripts in `seen` again. */
function reachesFrom(text: string, search: RunSearch, idx: ScriptIndex, seen: Set<string>): boolean {
  const plain = unquotedText(text)
  if (plain === undefined) return true
  const named: string[] = []
  const tokens = new Set(plain.split(NOT_IN_NAME))
  // Without a runner word only a script named `….sh` / `….bash` can be run (see runsScripts).
  const runner = runsScripts(plain, tokens)
  for (const token of tokens) {
    const ps = idx.byName.get(token)
    if (!ps || !(runner || SHELL_SCRIPT_NAME.test(token))) continue
    // Of many files with one name (`page.tsx`), only those the words ending in that name can point at.
    const tails = ps.length > 1 ? pathTails(plain, token) : undefined
    named.push(...(tails ? ps.filter((p) => tails.some((t) => p === t || p.endsWith(`/${t}`))) : ps))
  }
  for (const o of idx.odd) if ((runner || SHELL_SCRIPT_NAME.test(o.name)) && plain.includes(o.name)) named.push(...o.paths)
  // `python -m pkg.mod`: the module's file.
  if (CODE_RUNNER.test(plain)) {
    for (const m of plain.matchAll(/(?<![\w./-])-m\s+([A-Za-z_]\w*(?:\.[A-Za-z_]\w*)*)/g)) {
      const base = m[1].replace(/\./g, '/')
      for (const p of [`${base}.py`, `${base}/__main__.py`]) if (search.exists(p)) named.push(p)
    }
  }
  const top = seen.size === 0
  for (const path of named) {
    if (seen.has(path)) continue
    seen.add(path)
    const known = idx.reaches.get(path)
    if (known !== undefined) {
      if (known) return true
      continue
    }
    // A look that leaves no trace: a file read only here is neither a loaded file nor a skipped one.
    const { file: f, why } = search.reader.peek(path)
    // A script that cannot be read (too big, binary, a link out): followed, so the skip is reported as before.
    if (!f && why !== undefined && /(^|\/)[^./]+$|\.(sh|bash|zsh)$/.test(path)) return true
    if (f && !isShellScript(path, f) && scriptLanguage(path, f.text)) {
      // A code script: it reaches Claude when it may start `claude -p` or an Agent SDK session, itself or (a session) in a repository module it imports.
      const lang = scriptLanguage(path, f.text)
      // Whether an imported module starts a session is left to the follow itself (scriptRuns), for the scripts a
      // command really runs: a name matched here may be any of hundreds of same-named files (`page.tsx`), and
      // parsing each for its imports cost seconds. The text test is a necessary condition of a local import.
      const may =
        codeMayRunClaude(f.text) || codeMayStartSdk(f.text) || (lang !== undefined && mayImportLocal(f.text, lang) && sdkModuleFiles(search)?.size !== 0)
      idx.reaches.set(path, may)
      if (may) return true
      continue
    }
    if (!f || !isShellScript(path, f)) {
      idx.reaches.set(path, false)
      continue
    }
    if (mayRunClaude(f.text)) {
      idx.reaches.set(path, true)
      return true
    }
    if (reachesFrom(f.text, search, idx, seen)) return true
  }
  // Nothing seen from the top reaches Claude: every script visited was explored in full.
  if (top) for (const path of seen) idx.reaches.set(path, false)
  return false
}

/** A script file name that {@link scriptOperand} runs as the command itself, with no runner before it. */
const SHELL_SCRIPT_NAME = /\.(?:sh|bash)$/

/** Words after which a command's operand is a script: the interpreters and runners of scriptOperand and codeScriptOperand. */
const RUNNER_WORDS = new Set([
  ...[...SHELL_RUNNERS].filter((r) => r !== '.'),
  ...ENV_RUNNERS,
  ...JS_RUNNERS,
  'pytest',
  'py.test'
])

/**
 * Whether a text's words (unquoted, split as {@link NOT_IN_NAME} splits them)
 * hold what a command needs to run a repository script that is not named
 * `….sh` / `….bash`: a necessary condition. scriptOperand follows the operand
 * of a shell runner (`bash`, `sh`, `source`, `.`, …), or the command word
 * itself when it starts `./` or `../` (an absolute path is never followed) or
 * ends `.sh` / `.bash`; codeScriptOperand follows the operand of a Python
 * interpreter (`python3.12`, `pypy`, `py`), `pytest`, a JavaScript runner
 * (`node`, `tsx`, `bun`, …), or the command word after `uv run` (and the like),
 * `npx` or `pnpm exec` when that word is a runner, starts `./` / `../`, or
 * follows `… run`. Each of these runner names is a command word, whose
 * last `/`-separated part shows as a whole word here (every word the parser
 * reads shows in the unquoted text, between separators).
 */
function runsScripts(plain: string, tokens: ReadonlySet<string>): boolean {
  for (const t of tokens) if (RUNNER_WORDS.has(t) || PYTHON_WORD.test(t)) return true
  return DOT_COMMAND.test(plain)
}

/**
 * A command word `.` (source) or one starting `./` / `../`. A word begins at the
 * text's start or after a blank or an operator character (`|&;()<>`), a
 * backtick, or a reserved word's `{`, `}`, `!`; quotes and backslashes are gone
 * from the unquoted text, so nothing else can stand right before it. (The dot
 * ending a sentence in a comment, `done.` or `전송.`, is no command.)
 */
const DOT_COMMAND = /(?:^|[\s|&;()<>`{}!])\.{1,2}(?:\/|[ \t])/

/** Characters that end a shell word: blanks and operators (and a backtick, which starts a substitution). */
const WORD_END = /[\s|&;()<>`]/
/** A folder name that stays what it says once a path is joined and normalised. */
const PLAIN_SEGMENT = /^[\w.+@%,-]+$/

/**
 * The path endings a followed script can have, when its file name is `name`:
 * for each place where `name` ends the text of a word (at the word's start or
 * after a `/`), the folders before it in that word, back to the last one that
 * normalising or joining can change or that is not plainly a name (`.`, `..`,
 * an empty one, the underscores that stand for `${{ github.action_path }}`, one
 * with `$` or other characters). followScript follows a word `w` as
 * normalize(join(dir, w)) (`dir` the working directory, the calling script's
 * folder or the action's), or for the action path as the action's folder joined
 * with the rest: either way a path that ends with these folders and the name.
 * A file with that name whose path has none of these endings cannot be the one
 * followed. A folder with `$` in it (a variable the script or its `env:` may
 * resolve, `$GITHUB_WORKSPACE/scripts/x.sh`) stops the ending like any other
 * such folder; a word whose variable stands right before the name
 * (`$OUT/run.py`) gives none. Undefined when some place gives no folder (any
 * path may be meant).
 */
function pathTails(plain: string, name: string): string[] | undefined {
  const tails = new Set<string>()
  for (let i = plain.indexOf(name); i >= 0; i = plain.indexOf(name, i + 1)) {
    // A word whose last part is longer than the name (`ax.py`, `--file=x.py`) names another file.
    if (i > 0 && plain[i - 1] !== '/' && !WORD_END.test(plain[i - 1])) continue
    let start = i
    while (start > 0 && !WORD_END.test(plain[start - 1])) start--
    const segments = plain.slice(start, i).split('/')
    segments.pop()
    // A variable right before the name (`$OUT/run.py`) may point anywhere: such a word is not counted.
    if (plain.lastIndexOf('$', i) >= start && (segments.length === 0 || segments[segments.length - 1].includes('$'))) continue
    let from = segments.length
    while (from > 0 && PLAIN_SEGMENT.test(segments[from - 1]) && segments[from - 1] !== '.' && segments[from - 1] !== '..' && !/^_+$/.test(segments[from - 1])) from--
    if (from === segments.length) return undefined
    tails.add([...segments.slice(from), name].join('/'))
  }
  return [...tails]
}

function lineOf(span: Span | undefined): number | undefined {
  return span ? span.file.position(span.start).line : undefined
}

/** Shell scripts only: by extension, or a `#!` line naming a shell. */
function isShellScript(path: string, f: SourceFile): boolean {
  if (/\.(sh|bash|zsh)$/.test(path)) return true
  const first = f.text.slice(0, 200).split('\n')[0]
  return /^#!.*\b(ba|z|da|k)?sh\b/.test(first)
}

/**
 * The folder of an action of the audited repository named the remote way
 * (`owner/repo/path@ref`): its own owner and name (git's `origin`), or, when
 * those are not known or the repository is a fork (same name), a folder of the
 * repository that holds an `action.yml`. The working tree's copy is read for
 * the ref the workflow names.
 */
export function ownActionDir(uses: string, search: RunSearch): string | undefined {
  const m = /^([\w.-]+)\/([\w.-]+)(\/[^@]*)?@[^@]+$/.exec(uses.trim())
  if (!m) return undefined
  const dir = m[3] ? localActionDir(`.${m[3]}`) : ''
  if (dir === undefined) return undefined
  const own = search.repository?.toLowerCase().split('/')
  const named = `${m[1]}/${m[2]}`.toLowerCase()
  if (own && named === own.join('/')) return dir
  // Unknown identity: only a sub-folder with an action definition (a root `action.yml` says nothing of which repository is named).
  const sameName = own ? own[1] === m[2].toLowerCase() : dir !== ''
  if (!sameName) return undefined
  return search.exists(dir === '' ? 'action.yml' : `${dir}/action.yml`) || search.exists(dir === '' ? 'action.yaml' : `${dir}/action.yaml`) ? dir : undefined
}

async function localActionRuns(
  wf: Workflow,
  job: Job,
  step: Step,
  uses: string,
  dir: string | undefined,
  frame: Frame,
  search: RunSearch,
  runs: ClaudeRun[]
): Promise<void> {
  const here = frame.doc.file.path
  const usesSpan = frame.doc.span([...step.path, 'uses'])
  if (dir === undefined) {
    search.note(here, lineOf(usesSpan), `\`uses: ${uses}\` points outside the repository: not read, so whether Claude runs there is not known`)
    return
  }
  if (frame.chain.includes(`action:${dir}`) || frame.chain.length >= MAX_DEPTH) {
    search.note(here, lineOf(usesSpan), `the local action ${dir || '.'} was not followed again (a loop, or more than ${MAX_DEPTH} levels of local actions and scripts)`)
    return
  }
  const action = loadAction(search, dir)
  if (!action) {
    // The action's file is not in the repository: its Claude inputs still say what it runs.
    if (hasClaudeInputs(Object.keys(step.with))) runs.push(await actionRun(wf, job, step, frame, 'action', undefined, {}))
    else search.note(here, lineOf(usesSpan), `the local action ${dir || '.'} has no action.yml in the repository: not read, so whether Claude runs there is not known`)
    return
  }
  // Inputs the caller passes, bound by name (defaults fill the rest).
  const inputs = new Map<string, InputBinding>()
  for (const [name, def] of action.inputs) if (def !== undefined) inputs.set(name, { value: def })
  const rawWith = isObject(step.value.with) ? step.value.with : {}
  for (const [k, v] of Object.entries(step.with)) {
    if (typeof v !== 'string' && typeof v !== 'number' && typeof v !== 'boolean') continue
    const own = rawWith[k]
    const m = typeof own === 'string' ? /^\s*\$\{\{\s*inputs\s*\.\s*([A-Za-z_][\w-]*)\s*\}\}\s*$/.exec(own) : null
    inputs.set(k.toLowerCase(), {
      value: String(v),
      doc: frame.doc,
      path: [...step.path, 'with', k],
      outer: m ? frame.inputs.get(m[1].toLowerCase()) : undefined
    })
  }
  const before = runs.length
  const inner: Frame = {
    doc: action.doc,
    steps: action.steps,
    inputs,
    via: [...frame.via, { kind: 'action', doc: frame.doc, step, path: action.doc.file.path, at: usesSpan }],
    chain: [...frame.chain, `action:${dir}`]
  }
  if (action.using === 'composite') {
    search.calls?.push({ workflow: wf, job, step: inner.via[0].step, action, inputs, via: inner.via })
    for (const s of action.steps) await stepRuns(wf, job, s, inner, search, runs)
  }
  // A local copy or fork of the Claude action itself: it declares the action's inputs.
  if (runs.length === before && isClaudeActionFork(action.inputs.keys())) {
    const kind: ClaudeRunKind = action.inputs.has('prompt_file') && !action.inputs.has('trigger_phrase') ? 'base-action' : 'action'
    runs.push(await actionRun(wf, job, step, frame, kind, undefined, { declared: new Set(action.inputs.keys()) }))
  }
}

const CODE_READY = new WeakMap<RunSearch, Promise<boolean>>()

/** Starts the code parser (once) when the repository has Python, JavaScript or TypeScript files a step may run. */
function codeParsing(search: RunSearch): Promise<boolean> {
  let p = CODE_READY.get(search)
  if (!p) {
    p = !search.paths || codeLanguagesIn(search.paths).size > 0 ? prepareCodeParsing() : Promise.resolve(false)
    CODE_READY.set(search, p)
  }
  return p
}

/** Text of an action that may run Claude: it names it, or uses a local action, or runs a shell script. */
const MAY_RUN_CLAUDE = /claude|anthropic|\buses:\s*["']?(?:\.|\$)\/|\.(?:sh|bash)\b|\b(?:bash|sh)[ \t]+[^\s-]/i

/**
 * Claude runs of the actions the repository publishes but no workflow of it
 * calls (`uncalled`): each is searched as if a job of an unknown caller used
 * it, with `${{ inputs.X }}` left unbound. An action reached from another of
 * them is searched only through it, so a run is found once.
 */
export async function publishedRuns(uncalled: LocalAction[], search: RunSearch): Promise<ClaudeRun[]> {
  await codeParsing(search)
  const found = new Map<LocalAction, { runs: ClaudeRun[]; reached: Set<LocalAction> }>()
  for (const action of uncalled) {
    // Only an action that names Claude, or hands work to another action or a script, can run it.
    if (action.using !== 'composite' || !MAY_RUN_CLAUDE.test(action.doc.file.text)) continue
    const path = action.doc.file.path
    const job: Job = { id: `(whichever job uses ${path})`, path: [], value: {}, steps: action.steps, env: {} }
    const wf: Workflow = { doc: action.doc, path, value: {}, triggers: new Set(), triggerConfig: new Map(), jobs: [job], env: {} }
    const calls: ActionCall[] = []
    const inner: RunSearch = { ...search, calls }
    const frame: Frame = { doc: action.doc, steps: action.steps, inputs: new Map(), via: [], chain: [`action:${action.dir}`] }
    const runs: ClaudeRun[] = []
    for (const s of action.steps) await stepRuns(wf, job, s, frame, inner, runs)
    for (const r of runs) r.callerUnknown = true
    found.set(action, { runs, reached: new Set(calls.map((c) => c.action)) })
  }
  // Roots: actions no other root reaches (in a loop of actions, the first one found).
  let roots: LocalAction[] = []
  for (const [a, f] of found) {
    if (roots.some((r) => found.get(r)?.reached.has(a))) continue
    roots = [...roots.filter((r) => !f.reached.has(r)), a]
  }
  return roots.flatMap((a) => found.get(a)?.runs ?? [])
}

/** `s` without trailing slashes (a loop: a regular expression would be quadratic on a run of slashes). */
function trimTrailingSlashes(s: string): string {
  let end = s.length
  while (end > 0 && s[end - 1] === '/') end--
  return s.slice(0, end)
}

/** Whether a shell option word carries `-c` (`-c`, `-lc`, `-ec`): letters only, one of them `c`. */
export function isCommandStringOption(word: string): boolean {
  return /^-[a-z]+$/.test(word) && word.includes('c')
}
