/**
 * MCP servers a workflow hands its Claude runs without any `.mcp.json`:
 * - the action's `mcp_config` input (inline JSON or a file of the repository;
 *   an input of the v0 action, honoured where inputHonoured says so);
 * - `--mcp-config` in `claude_args` or on a `claude -p` command line (inline
 *   JSON or files);
 * - `claude mcp add` / `claude mcp add-json` run earlier in the same job (an
 *   earlier step, or earlier in the same script): they write the server into
 *   the runner's Claude Code configuration (local scope by default, keyed by
 *   the folder; reference §3.1), and the session that starts after them loads it;
 *   inside a composite action a step whose `if:` over the action's inputs is false
 *   for the caller does not run; a local action taken for a fork of the Claude
 *   action (its Claude start not seen) gives its run what any of its steps adds.
 * Each of these starts on the runner when the session does, without an
 * approval prompt, next to the job's secrets. The servers come with where the
 * workflow names them (the key in the JSON, or the name word of the command),
 * mapped into the file as written.
 */
import { parseJson, type StructuredDoc } from '../parse/doc.js'
import { SourceFile, type Span } from '../parse/source.js'
import { parseShell, type ShellCommand, type ShellWord } from '../shell/parse.js'
import { buildMcpServers, type McpServer } from '../model/mcp.js'
import { locateInBlock, type ClaudeRun } from '../model/claude.js'
import { shellView, type Step } from '../model/workflow.js'
import { Evaluator, Parser, data as ExprData } from '@actions/expressions'
import { expressionTokens } from './expression-tokens.js'
import { inputHonoured } from './claude-run.js'
import { localActionDir, scriptPath, type LocalAction } from './claude-runs.js'
import type { Project } from '../model/project.js'

/** How the workflow gives a server to Claude. */
export type GivenBy = 'mcp_config' | '--mcp-config' | 'claude mcp add' | 'claude mcp add-json'

/** An MCP server a workflow gives one of its Claude runs. */
export interface GivenMcpServer {
  /** The server as Claude Code reads it (`doc`/`path` name the JSON it came from, when it came from JSON). */
  server: McpServer
  /** The runs that load it (one place can serve several: a composite action two jobs use). */
  runs: ClaudeRun[]
  /** Where the workflow (or its script, or the file it names) names the server. */
  at: Span
  /** Where its `url` is written (a remote server), when that can be told. */
  urlAt?: Span
  by: GivenBy
}

/** A server and where it is named (and its `url` written). */
type Placed = { server: McpServer; at: Span; urlAt?: Span }

/** Maps offsets of a text the workflow holds (a `run:` script, an input's value) to a span in the file. */
type Locate = (start: number, end: number) => Span

const memo = new WeakMap<Project, GivenMcpServer[]>()

/** The MCP servers the project's workflows give their Claude runs, once per place that names one (memoised). */
export function givenMcpServers(project: Project): GivenMcpServer[] {
  const hit = memo.get(project)
  if (hit) return hit
  const out: GivenMcpServer[] = []
  const seen = new Map<string, GivenMcpServer>()
  const add = (g: GivenMcpServer): void => {
    const key = `${g.at.file.path}\0${g.at.start}\0${g.server.name}`
    const known = seen.get(key)
    if (known) {
      for (const r of g.runs) if (!known.runs.includes(r)) known.runs.push(r)
      return
    }
    seen.set(key, g)
    out.push(g)
  }
  // A file the project audits as MCP configuration already (and Claude Code reads): its servers are reported there.
  const audited = new Set(project.mcpServers.filter((s) => !s.ignored).map((s) => s.doc.file.path))
  for (const run of project.claudeRuns) {
    if (run.sdk) continue
    const given = (servers: Placed[], by: GivenBy): void => {
      for (const s of servers) add({ ...s, runs: [run], by })
    }
    const input = run.step.with.mcp_config
    if (run.kind !== 'cli' && inputHonoured(run, 'mcp_config') && typeof input === 'string') {
      const span = run.doc.span([...run.step.path, 'with', 'mcp_config'])
      const own = (run.step.value.with as Record<string, unknown> | undefined)?.mcp_config === input
      const locate: Locate = (s, e) => (span && own ? locateInBlock(span, input, s, e) : (span ?? run.anchor))
      given(configValue(project, input, 0, locate, audited, () => writtenBefore(run)), 'mcp_config')
    }
    const flagText = run.command ? (run.script?.text ?? run.step.run) : run.flagsText
    if (flagText !== undefined) {
      const locate = flagLocator(run, flagText)
      for (const f of run.flags) {
        if (f.name !== '--mcp-config' || !f.value) continue
        // The value's text where the command line holds it as written (a single-quoted word: no escapes).
        const base = flagText.indexOf(f.value, f.start)
        given(configValue(project, f.value, base >= 0 && base < f.end ? base : -1, locate, audited, () => writtenBefore(run), f.start), '--mcp-config')
      }
    }
    for (const a of addedBefore(run, project.localActions)) given([a.given], a.by)
  }
  memo.set(project, out)
  return out
}

/**
 * The servers of an `mcp_config` / `--mcp-config` value: inline JSON (`{...}`,
 * located through `locate` when the value stands at `base` of the located text,
 * else at `fallback`), or files of the repository (space-separated paths).
 */
function configValue(
  project: Project,
  value: string,
  base: number,
  locate: Locate,
  audited: ReadonlySet<string>,
  written?: () => ReadonlyMap<string, WrittenFile>,
  fallback = 0
): Placed[] {
  const text = value.trim()
  if (text.startsWith('{')) {
    const lead = value.indexOf(text)
    const doc = parseJson(new SourceFile('<mcp-config>', text))
    const place = (span: Span | undefined): Span | undefined =>
      base >= 0 && span ? locate(base + lead + span.start, base + lead + span.end) : undefined
    return buildMcpServers(doc).map((server) => {
      const at = place(doc.span(server.path, 'key')) ?? locate(fallback, fallback)
      const urlAt = place(doc.span([...server.path, 'url']))
      return { server: given(server), at, ...(urlAt ? { urlAt } : {}) }
    })
  }
  const out: Placed[] = []
  for (const word of text.split(/\s+/)) {
    const path = word.replace(/^\.\//, '')
    // A file an earlier step of the job wrote (`cat > /tmp/mcp.json <<'EOF'`): its servers, where the step writes them.
    const heredoc = path && written ? written().get(path) : undefined
    if (heredoc) {
      out.push(...configValue(project, heredoc.text, heredoc.exact ? 0 : -1, heredoc.locate, audited, undefined, 0))
      continue
    }
    if (!path || path.startsWith('/') || path.includes('..') || audited.has(path)) continue
    const file = project.reader.read(path)
    if (!file) continue
    const doc = parseJson(file)
    for (const server of buildMcpServers(doc)) {
      const at = doc.span(server.path, 'key')
      const urlAt = doc.span([...server.path, 'url'])
      if (at) out.push({ server: given(server), at, ...(urlAt ? { urlAt } : {}) })
    }
  }
  return out
}

/** A file a step writes from a heredoc: its text, and where that text stands in the file that holds the step. */
interface WrittenFile {
  text: string
  /** The text is the source as written (a quoted delimiter: no expansion), so offsets into it locate exactly. */
  exact: boolean
  locate: Locate
}

/**
 * Files the steps before a run's step write from a heredoc with a literal path: `cat > PATH <<'EOF'`,
 * `cat <<EOF > PATH`, `tee PATH <<EOF` (the last write of a path wins).
 */
function writtenBefore(run: ClaudeRun): Map<string, WrittenFile> {
  const out = new Map<string, WrittenFile>()
  const index = run.steps.findIndex((s) => s.index === run.step.index)
  for (const step of index >= 0 ? run.steps.slice(0, index) : []) {
    const script = step.run
    if (typeof script !== 'string' || !script.includes('<<')) continue
    const locate = runLocator(run, step)
    // `${{ }}` masked to a same-length word: offsets into the view are offsets into the script.
    const view = shellView(script)
    for (const c of parseShell(view).commands) {
      const body = c.redirects.find((r) => (r.op === '<<' || r.op === '<<-') && r.heredoc)?.heredoc
      if (!body) continue
      const to = c.name === 'cat' ? c.redirects.find((r) => r.op === '>' || r.op === '>|')?.target : c.name === 'tee' ? c.args.slice(1).find((w) => !w.text.startsWith('-')) : undefined
      if (!to || !to.literal) continue
      const exact = view.slice(body.start, body.end) === body.text
      out.set(to.text.replace(/^\.\//, ''), { text: body.text, exact, locate: exact ? (a, b) => locate(body.start + a, body.start + b) : () => locate(c.start, c.end) })
    }
  }
  return out
}

/** A server named on the command line is started whatever file holds it (`.claude/.mcp.json` included). */
function given(server: McpServer): McpServer {
  const { ignored: _ignored, ...rest } = server
  return rest
}

/** Where the flags' offsets of a run land in the file. */
function flagLocator(run: ClaudeRun, text: string): Locate {
  if (!run.command) return (s, e) => (run.flagsSpan ? locateInBlock(run.flagsSpan, text, s, e) : run.anchor)
  const script = run.script
  if (script) {
    return (s, e) =>
      script.text === script.file.text ? { file: script.file, start: s, end: e } : locateInBlock({ file: script.file, start: 0, end: script.file.text.length }, text, s, e)
  }
  return runLocator(run, run.step)
}

/**
 * Where offsets into a step's shell script land in the file that holds the step: its `run:`, or the input
 * an action runs as a script (devcontainers/ci `runCmd`, {@link scriptPath}).
 */
function runLocator(run: ClaudeRun, step: Step, doc: StructuredDoc = run.doc): Locate {
  const at = scriptPath(step)
  const span = at && doc.span(at)
  return (s, e) => (span && typeof step.run === 'string' ? locateInBlock(span, step.run, s, e) : (span ?? run.anchor))
}

/**
 * `claude mcp add` / `add-json` commands that run before the session in its
 * job: in the steps before the run's step, and earlier in the same script.
 */
function addedBefore(run: ClaudeRun, actions: readonly LocalAction[]): { given: Placed; by: GivenBy }[] {
  const out: { given: Placed; by: GivenBy }[] = []
  const scan = (text: string, until: number, locate: Locate, doc: StructuredDoc, path: Step['path']): void => {
    // Necessary for a `claude mcp add…` command: `claude`, and `mcp` then `add` with only blanks, quotes
    // or a line continuation between them.
    if (!text.includes('claude') || !/mcp['"\s\\]+add/.test(text)) return
    for (const c of parseShell(shellView(text)).commands) {
      if (c.start >= until) break
      const added = mcpAdd(c)
      if (!added) continue
      const at = locate(added.nameWord.start, added.nameWord.end)
      const urlAt = added.urlWord ? locate(added.urlWord.start, added.urlWord.end) : undefined
      out.push({ given: { server: { ...added.server, doc, path }, at, ...(urlAt ? { urlAt } : {}) }, by: added.by })
    }
  }
  // By position: inside a composite action the run's step is a copy with the caller's inputs bound in.
  const index = run.steps.findIndex((s) => s.index === run.step.index)
  const bound = run.inputs && !run.callerUnknown ? new Map([...run.inputs].map(([k, b]) => [k, b.value])) : undefined
  for (const step of index >= 0 ? run.steps.slice(0, index) : []) {
    if (typeof step.run === 'string' && !skipped(step, bound)) scan(step.run, Infinity, runLocator(run, step), run.doc, step.path)
  }
  // A local action taken for a fork of the Claude action (it declares the action's inputs, and where in it
  // Claude starts is not seen): its whole run is the Claude run, so what its own steps add is that Claude's.
  const action = run.fork?.declared && run.step.uses ? forkAction(run.step.uses, actions) : undefined
  if (action) {
    const given = new Map<string, string>()
    for (const [k, v] of action.inputs) if (v !== undefined) given.set(k.toLowerCase(), v)
    for (const [k, v] of Object.entries(run.step.with)) if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') given.set(k.toLowerCase(), String(v))
    for (const step of action.steps) {
      if (typeof step.run === 'string' && !skipped(step, given)) scan(step.run, Infinity, runLocator(run, step, action.doc), action.doc, step.path)
    }
  }
  if (run.command) {
    const script = run.script
    if (script && !script.lang) scan(script.text, run.command.start, flagLocator(run, script.text), run.doc, run.step.path)
    else if (!script && typeof run.step.run === 'string') scan(run.step.run, run.command.start, runLocator(run, run.step), run.doc, run.step.path)
  }
  return out
}

/** The composite action of the repository a local `uses:` names, when it is one. */
function forkAction(uses: string, actions: readonly LocalAction[]): LocalAction | undefined {
  const dir = localActionDir(uses)
  return dir === undefined ? undefined : actions.find((a) => a.dir === dir && a.using === 'composite')
}

/**
 * Whether a step of a composite action does not run for this caller: its `if:` reads nothing but the
 * action's inputs and is false with what the caller passes (`if: inputs.install_mcp == 'true'`), computed
 * with GitHub's own evaluator. Without the caller's values (`inputs` undefined), with a value that is itself
 * an expression, or with an `if:` that reads anything else, the step may run.
 */
function skipped(step: Step, inputs: ReadonlyMap<string, string> | undefined): boolean {
  const cond = step.value.if
  if (inputs === undefined || typeof cond !== 'string' || !/\binputs\b/.test(cond)) return false
  const whole = /^\s*\$\{\{([^]*)\}\}\s*$/.exec(cond)
  const text = whole ? whole[1] : cond
  // An input it reads that holds an expression of the caller's (`${{ secrets.X }}`): its value is not known here.
  const read = [...text.matchAll(/\binputs\s*(?:\.\s*([A-Za-z_][\w-]*)|\[\s*'([^']+)'\s*\])/g)].map((m) => (m[1] ?? m[2]).toLowerCase())
  if (text.includes('${{') || read.some((k) => inputs.get(k)?.includes('${{'))) return false
  try {
    // Only `inputs` is a known context name: an expression naming any other does not parse.
    const ast = new Parser(expressionTokens(text), ['inputs'], []).parse()
    const values = new ExprData.Dictionary(...[...inputs].map(([key, value]) => ({ key, value: new ExprData.StringData(value) })))
    const d = new Evaluator(ast, new ExprData.Dictionary({ key: 'inputs', value: values })).evaluate()
    if (d instanceof ExprData.BooleanData) return !d.value
    if (d instanceof ExprData.StringData) return d.value === ''
    if (d instanceof ExprData.NumberData) return d.value === 0
    return d instanceof ExprData.Null
  } catch {
    return false
  }
}

/**
 * Options of `claude mcp add` that take a value, and those that take every value up to the next option
 * (`-e A=1 B=2`), as the real client (2.1.332) parses them.
 */
const ADD_VALUE = new Set(['-s', '--scope', '-t', '--transport', '--client-id', '--client-secret', '--callback-port'])
const ADD_VARIADIC = new Set(['-e', '--env', '-H', '--header'])

/** A `claude mcp add[-json]` command: the server it adds and the word that names it. */
function mcpAdd(c: ShellCommand): { server: Omit<McpServer, 'doc' | 'path'>; nameWord: ShellWord; urlWord?: ShellWord; by: GivenBy } | undefined {
  const base = c.name.slice(c.name.lastIndexOf('/') + 1)
  if (base !== 'claude' || c.args[1]?.text !== 'mcp') return undefined
  const sub = c.args[2]?.text
  if (sub !== 'add' && sub !== 'add-json') return undefined
  const positional: ShellWord[] = []
  const env: Record<string, string> = {}
  let transport: string | undefined
  let rest: ShellWord[] = []
  const words = c.args.slice(3)
  for (let i = 0; i < words.length; i++) {
    const w = words[i].text
    if (w === '--') {
      rest = words.slice(i + 1)
      break
    }
    const eq = w.indexOf('=')
    const opt = w.startsWith('--') && eq > 0 ? w.slice(0, eq) : w
    if (ADD_VALUE.has(opt)) {
      const v = opt === w ? words[++i]?.text : w.slice(eq + 1)
      if (opt === '-t' || opt === '--transport') transport = v
      continue
    }
    if (ADD_VARIADIC.has(opt)) {
      // Every word up to the next option: `-e A=1 name -- cmd` takes `name` as a variable, and Claude Code refuses it.
      const values = opt === w ? [] : [w.slice(eq + 1)]
      while (opt === w && i + 1 < words.length && !words[i + 1].text.startsWith('-')) values.push(words[++i].text)
      if (opt === '-e' || opt === '--env') {
        for (const v of values) {
          if (!v.includes('=')) return undefined
          env[v.slice(0, v.indexOf('='))] = v.slice(v.indexOf('=') + 1)
        }
      }
      continue
    }
    // Any other option before `--` is unknown to the command, which then adds nothing (`claude mcp add x npx -y pkg`).
    if (w.startsWith('-') && w.length > 1) return undefined
    positional.push(words[i])
  }
  const all = [...positional, ...rest]
  const nameWord = all[0]
  if (!nameWord) return undefined
  const name = nameWord.text
  if (sub === 'add-json') {
    const json = all[1]
    if (!json) return undefined
    const doc = parseJson(new SourceFile('<mcp-add-json>', `{"mcpServers":{"x":${json.text}}}`))
    const server = buildMcpServers(doc)[0]
    return server ? { server: { ...given(server), name }, nameWord, by: 'claude mcp add-json' } : undefined
  }
  const target = all[1]?.text
  if (target === undefined) return undefined
  const remote = (transport !== undefined && transport !== 'stdio') || /^(?:https?|wss?):\/\//i.test(target)
  const entry: Record<string, unknown> = remote ? { type: transport ?? 'http', url: target } : { command: target, args: all.slice(2).map((w) => w.text), env }
  return {
    server: remote
      ? { name, entry, type: transport ?? 'http', args: [], env: {}, url: target, headers: {} }
      : { name, entry, type: 'stdio', command: target, args: all.slice(2).map((w) => w.text), env, headers: {} },
    nameWord,
    ...(remote ? { urlWord: all[1] } : {}),
    by: 'claude mcp add'
  }
}
