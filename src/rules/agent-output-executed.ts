/**
 * agent-output-executed: what a Claude step produced is run as code by a
 * later step. Whoever steers the agent (a prompt injection in an issue, a
 * pull request, a web page it read) then chooses shell commands that run
 * outside every permission rule of Claude Code, with the job's token and
 * secrets. Sources: the outputs of a Claude action step
 * (`steps.<id>.outputs.structured_output`, ...; `execution_file` only when
 * the file is executed), job outputs that carry them (`needs.<job>.outputs.*`),
 * the text `claude -p` prints (`$(claude -p ...)`, `claude -p ... > file`,
 * values it writes to `$GITHUB_OUTPUT`). Sinks: a `${{ }}` splice into `run:`
 * or a github-script `script:`, `eval`, `sh -c`/`bash -c`, the command word,
 * a pipe into a shell, a write to `$GITHUB_ENV`/`$GITHUB_PATH`, running the
 * file the output went to.
 * Docs: docs/rules/agent-output-executed.md
 */
import { isCommandStringOption } from '../analysis/claude-runs.js'
import { defineRule } from './rule.js'
import type { ClaudeRun } from '../model/claude.js'
import { CI_STREAMS, claudePrintMode, mayRunClaude } from '../model/claude.js'
import { expressions, shellView, type Step } from '../model/workflow.js'
import { isObject, type StructuredDoc } from '../parse/doc.js'
import type { Span } from '../parse/source.js'
import { paramsIn, parseShell, unquotedText, type ShellCommand, type ShellScript, type ShellWord } from '../shell/parse.js'
import { actionName, spanInScalar } from '../analysis/workflow-security.js'

/** Outputs of the Claude actions that are not text the agent chose. */
const NOT_AGENT_TEXT = new Set(['execution_file', 'conclusion', 'session_id', 'branch_name', 'github_token'])
/** Shells that run a script file, or `-c` text. */
const SHELLS = new Set(['sh', 'bash', 'zsh', 'dash', 'ksh', 'fish', 'pwsh'])
/** Commands that run a file given as their first operand. */
const RUNS_FILE = new Set([...SHELLS, 'source', '.', 'python', 'python3', 'node', 'perl', 'ruby', 'deno', 'bun'])

/** A context reference whose value the agent produced. */
interface Source {
  /** Matches the reference inside an expression (lower-cased text). */
  ref: RegExp
  /** How the message names it. */
  label: string
  /** `file`: the value is the path of a file holding agent text (run only when the file is executed). */
  kind: 'text' | 'file'
  /** What agent text the value holds, when it is not what Claude printed (`the names of the files the agent changed, from \`git diff --name-only\``). */
  via?: string
}

/** Where a step list lives. */
interface StepList {
  doc: StructuredDoc
  steps: Step[]
  runs: ClaudeRun[]
  /** Job id, for messages and job outputs (undefined in a composite action). */
  job?: string
  /** `needs.<job>.outputs.<name>` sources from the jobs this one needs. */
  inherited: Source[]
}

interface Sink {
  at: Span
  how: string
  source: string
}

const escapeRe = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')

/** Sources a Claude step creates for the steps after it. */
function stepSources(run: ClaudeRun): Source[] {
  const id = run.step.value.id
  if (typeof id !== 'string' || id.trim() === '') return []
  const base = `steps\\s*\\.\\s*${escapeRe(id.trim().toLowerCase())}\\s*\\.\\s*outputs\\s*\\.\\s*`
  if (run.kind !== 'cli') {
    return [
      { ref: new RegExp(`${base}execution_file\\b`), label: `steps.${id}.outputs.execution_file`, kind: 'file' },
      {
        ref: new RegExp(`${base}(?!(?:${[...NOT_AGENT_TEXT].join('|')})\\b)[a-z_][\\w-]*`),
        label: `steps.${id}.outputs`,
        kind: 'text'
      }
    ]
  }
  return []
}

/**
 * Names of shell variables (`$X`, `${X...}`, `${#X}`, not `${!X}`) a word of `script`
 * (or a heredoc body of it) expands, by the parse's expansions there.
 */
function expandedNames(script: ShellScript, w: ShellWord): string[] {
  return paramsIn(script, w.start, w.end)
    .filter((p) => !p.indirect)
    .map((p) => p.name)
}

/** `git` options that come before the subcommand and take a value. */
const GIT_VALUE_OPTS = new Set(['-C', '-c', '--git-dir', '--work-tree', '--namespace', '--exec-path'])
/** Commands at the end of a pipe that reduce a listing to a count or a status (`| wc -l`, `| grep -c x`). */
const COUNTS = (c: ShellCommand): boolean =>
  c.name === 'wc' || (c.name === 'grep' && c.args.slice(1).some((a) => /^-[a-zA-Z]*[cqL]/.test(a.text) || a.text === '--count' || a.text === '--quiet'))

/**
 * The git command, as written, when `c` prints what the workspace's changed
 * files are called or hold: `git diff` (not `--quiet`, `--shortstat`),
 * `git status`, `git ls-files` of untracked or modified files. After Claude
 * ran, those are the agent's files. A pipe into `wc` or a counting `grep`
 * leaves only a number.
 */
export function agentFileListing(c: ShellCommand): string | undefined {
  if (c.name.slice(c.name.lastIndexOf('/') + 1) !== 'git') return undefined
  const words = c.args.map((a) => a.text)
  let i = 1
  while (i < words.length && words[i].startsWith('-')) i += GIT_VALUE_OPTS.has(words[i]) ? 2 : 1
  const sub = words[i]
  const opts = words.slice(i + 1)
  const lists =
    (sub === 'diff' && !opts.some((o) => o === '--quiet' || o === '--shortstat')) ||
    (sub === 'status' && !opts.includes('--quiet')) ||
    (sub === 'ls-files' && opts.some((o) => o === '--others' || o === '--modified' || (/^-[a-zA-Z]+$/.test(o) && /[om]/.test(o))))
  if (!lists) return undefined
  for (let n = c.pipeNext; n; n = n.pipeNext) if (COUNTS(n)) return undefined
  return words.slice(0, i + 1 + Math.min(opts.length, 2)).join(' ')
}

/**
 * A necessary condition, checked before parsing, for a script with no tainted
 * variable or file and no `claude -p` to report or taint anything: then only
 * {@link ScriptScan.carried} can start it, through a command substitution
 * (`$(...)` or backticks; `$` and `(` may stand apart only across line
 * continuations) around a `git` command whose subcommand is `diff`, `status`
 * or `ls-files` ({@link agentFileListing}). The view's `unquotedText` shows
 * every word the parser reads, so those words show there (`/usr/bin/git`
 * too); `git` itself must show in the view as it did before this check.
 */
function mayListAgentFiles(view: string): boolean {
  if (!/\bgit\b/.test(view) || !/\$(?:\\\r?\n)*\(|`/.test(view)) return false
  const words = unquotedText(view)
  return words === undefined || /diff|status|ls-files/.test(words)
}

/** Reads a step's script and reports where agent text is run; updates the variables and files it taints. */
class ScriptScan {
  /** Shell variable → what agent text it holds. */
  readonly vars = new Map<string, string>()
  readonly sinks: { start: number; end: number; how: string; source: string }[] = []
  /** Output names the script writes agent text to (`*`: every output), with what text they carry. */
  readonly outputs = new Map<string, string>()
  private commands: ShellCommand[] = []
  /** The parse of the view that {@link commands} come from. */
  private parsed: ShellScript | undefined

  constructor(
    private readonly view: string,
    /** Files holding agent text (shared by the steps of a job: they are in the workspace). */
    private readonly files: Map<string, string>,
    /** Claude ran in an earlier step of the job: the files in the workspace are partly the agent's. */
    private readonly agentFiles = false
  ) {}

  /**
   * What agent text a word carries: a tainted variable, the output of `claude
   * -p` in a substitution, or a substitution that lists the workspace's
   * changed files (`git diff --name-only`) after Claude ran: the agent chose
   * those names and that content.
   */
  private carried(w: ShellWord, claude: ShellCommand[]): string | undefined {
    for (const n of this.parsed ? expandedNames(this.parsed, w) : []) {
      const v = this.vars.get(n)
      if (v) return v
    }
    if (!w.hasCommandSubst) return undefined
    const inner = this.commands.filter((c) => c.inSubstitution && c.start >= w.start && c.end <= w.end)
    if (inner.some((c) => claude.includes(c))) return 'the output of `claude -p`'
    for (const c of inner) {
      const listing = agentFileListing(c)
      if (listing && (this.agentFiles || claude.some((k) => !k.inSubstitution && k.end <= c.start)))
        return `what \`${listing}\` lists of the files the agent wrote, whose names the agent chose`
    }
    return undefined
  }

  run(): void {
    // With no tainted variable or file yet, only a `claude -p` of this script (or, after one, a git listing) can start anything.
    if (this.vars.size === 0 && this.files.size === 0 && !mayRunClaude(this.view) && !(this.agentFiles && mayListAgentFiles(this.view))) return
    const script = parseShell(this.view)
    if (!script.ok) return
    this.commands = script.commands
    this.parsed = script
    const claude = script.commands.filter((c) => claudePrintMode(c, CI_STREAMS) !== undefined)
    const isEnvFile = (w: ShellWord | undefined, name: string): boolean =>
      w !== undefined && new RegExp(`^\\$\\{?${name}\\}?$`).test(w.text)
    const writesTo = (c: ShellCommand, name: string): boolean =>
      c.redirects.some((r) => (r.op === '>>' || r.op === '>') && (r.fd === undefined || r.fd === '1') && isEnvFile(r.target, name)) ||
      (c.pipeNext?.name === 'tee' && c.pipeNext.args.slice(1).some((a) => isEnvFile(a, name)))
    let block: { name: string; delim: string } | undefined
    for (const c of script.commands) {
      const print = claude.includes(c)
      // Assignments copy agent text into variables.
      if (c.name === '' || ['export', 'declare', 'local', 'readonly', 'typeset'].includes(c.name)) {
        for (const a of c.assignments) {
          const v = this.carried(a.value, claude)
          if (v) this.vars.set(a.name, v)
        }
        if (c.name === '') continue
      }
      if (c.inSubstitution && print) continue
      // `claude -p ... > out.sh`: the file holds the agent's text.
      if (print) {
        for (const r of c.redirects) {
          if ((r.op === '>' || r.op === '>>') && (r.fd === undefined || r.fd === '1') && r.target?.literal)
            this.files.set(r.target.text.replace(/^\.\//, ''), 'the output of `claude -p`')
        }
      }
      const words = c.args
      const textOf = (w: ShellWord): string | undefined => (print ? undefined : this.carried(w, claude))
      const report = (w: { start: number; end: number }, how: string, source: string): void => {
        this.sinks.push({ start: w.start, end: w.end, how, source })
      }
      // The command word itself.
      const head = words[0]
      if (head && !print) {
        const v = this.carried(head, claude)
        if (v) {
          report(head, 'runs it as a command', v)
          continue
        }
      }
      if (c.name === 'eval') {
        const w = words.slice(1).find((x) => textOf(x))
        if (w) report(w, 'passes it to `eval`', textOf(w) as string)
      } else if (SHELLS.has(c.name)) {
        const ci = words.findIndex((x, i) => i > 0 && isCommandStringOption(x.text))
        const w = ci > 0 ? words[ci + 1] : undefined
        const v = w && textOf(w)
        if (w && v) report(w, `passes it to \`${c.name} -c\``, v)
      }
      if (RUNS_FILE.has(c.name) || (head?.literal && /^\.?\.?\//.test(head.text))) {
        const target = RUNS_FILE.has(c.name) ? words.slice(1).find((x) => !x.text.startsWith('-')) : head
        const file = target?.literal ? target.text.replace(/^\.\//, '') : undefined
        const v = file !== undefined ? this.files.get(file) : undefined
        if (target && v) report(target, 'runs the file it was written to', v)
      }
      // Written to $GITHUB_ENV / $GITHUB_PATH: every later step runs with it.
      for (const name of ['GITHUB_ENV', 'GITHUB_PATH']) {
        if (!writesTo(c, name)) continue
        const w = print ? words[0] : words.slice(1).find((x) => textOf(x))
        const heredoc = c.redirects.find((r) => r.heredoc)?.heredoc
        const v = print ? 'the output of `claude -p`' : w ? textOf(w) : heredoc ? this.carried(heredoc, claude) : undefined
        if (v) report(w ?? heredoc ?? c, `writes it to \`$${name}\``, v)
      }
      // Written to $GITHUB_OUTPUT: later steps see it as this step's output. A `name<<DELIM` line
      // opens a block that the following writes fill until `DELIM` (in one command or several).
      if (writesTo(c, 'GITHUB_OUTPUT')) {
        if (print) this.outputs.set('*', 'the output of `claude -p`')
        else {
          const vals = words.slice(1).filter((w) => !(c.name === 'echo' && /^-[neE]+$/.test(w.text)))
          const heredoc = c.redirects.find((r) => r.heredoc)?.heredoc
          for (const w of heredoc ? [...vals, heredoc] : vals) {
            const t = w.text.trim()
            if (block && t === block.delim) {
              block = undefined
              continue
            }
            const opener = /^([A-Za-z_][\w-]*)<<\s*["']?([^\s"'\\]+)["']?$/.exec(t)
            if (opener) {
              block = { name: opener[1].toLowerCase(), delim: opener[2] }
              continue
            }
            const v = this.carried(w, claude)
            if (!v) continue
            if (block) this.outputs.set(block.name, v)
            for (const m of w.text.matchAll(/(?:^|\n)[ \t]*([A-Za-z_][\w-]*)(?:=|<<)/g)) this.outputs.set(m[1].toLowerCase(), v)
          }
        }
      }
      // Piped into a shell that reads its script from standard input.
      const next = c.pipeNext
      if (next && SHELLS.has(next.name) && !next.args.slice(1).some((a) => /^-[a-z]*c/.test(a.text))) {
        const v = print ? 'the output of `claude -p`' : words.slice(1).map((x) => this.carried(x, claude)).find(Boolean)
        const hd = c.redirects.find((r) => r.heredoc)?.heredoc
        const vv = v ?? (hd ? this.carried(hd, claude) : undefined)
        if (vv) report(next.args[0], `pipes it into \`${next.name}\``, vv)
      }
    }
  }
}

/** Sources referenced in an expression whose value reaches the result (not a comparison or `contains()` argument). */
function referenced(exprText: string, sources: Source[]): Source | undefined {
  const t = exprText.toLowerCase()
  for (const s of sources) {
    const m = s.ref.exec(t)
    if (!m) continue
    const before = t.slice(0, m.index)
    const after = t.slice(m.index + m[0].length)
    if (/(==|!=|<=|>=|<|>|!)\s*$/.test(before) || /^\s*(==|!=|<=|>=|<|>)/.test(after)) continue
    if (insideCall(before, ['contains', 'startswith', 'endswith'])) continue
    return s
  }
  return undefined
}

/** The command and word of a shell view that contains offset `at`. */
function wordAt(view: string, at: number): { cmd: ShellCommand; word: ShellWord; index: number } | undefined {
  const script = parseShell(view)
  for (const cmd of script.commands) {
    const index = cmd.args.findIndex((w) => w.start <= at && at < w.end)
    if (index >= 0) return { cmd, word: cmd.args[index], index }
  }
  return undefined
}

function scanList(list: StepList, report: (s: Sink) => void): { sources: Source[]; files: Map<string, string> } {
  const sources: Source[] = [...list.inherited]
  const files = new Map<string, string>()
  // Whether Claude ran in an earlier step of this list: then the workspace holds files the agent wrote.
  let agentRan = false
  for (const step of list.steps) {
    const runsHere = list.runs.filter((r) => r.step === step)
    const env: Record<string, unknown> = step.env
    // The step's env: variables set from agent text.
    const vars = new Map<string, string>()
    for (const [name, v] of Object.entries(env)) {
      if (typeof v !== 'string') continue
      for (const e of expressions(v)) {
        const s = referenced(e.text, sources)
        if (s?.kind === 'text') vars.set(name, `\`${e.text}\``)
      }
    }
    const runSpan = typeof step.run === 'string' ? list.doc.span([...step.path, 'run']) : undefined
    if (typeof step.run === 'string' && runSpan) {
      const script = step.run
      const view = shellView(script)
      // `${{ }}` splices of agent text into the script.
      for (const e of expressions(script)) {
        const s = referenced(e.text, sources)
        if (!s) continue
        if (s.kind === 'file') {
          const hit = wordAt(view, e.start)
          const runsIt =
            hit &&
            (hit.index === 0 ||
              (RUNS_FILE.has(hit.cmd.name) && hit.cmd.args.slice(1).find((w) => !w.text.startsWith('-')) === hit.word))
          if (!runsIt) continue
          report({ at: spanInScalar(runSpan, script, e.start, e.end), how: 'runs the file it names', source: `\`${e.text}\`` })
          continue
        }
        report({
          at: spanInScalar(runSpan, script, e.start, e.end),
          how: 'is spliced into the `run:` script (GitHub expands it before the shell parses it)',
          source: s.via ? `\`${e.text}\` (${s.via})` : `\`${e.text}\``
        })
      }
      const scan = new ScriptScan(view, files, agentRan)
      for (const [k, v] of vars) scan.vars.set(k, v)
      scan.run()
      for (const s of scan.sinks) report({ at: spanInScalar(runSpan, script, s.start, s.end), how: s.how, source: s.source })
      // A step's outputs carry agent text when the script writes it there (what `claude -p` printed, or text derived from the agent's).
      const id = step.value.id
      if (typeof id === 'string' && id.trim() !== '' && scan.outputs.size > 0) {
        const base = `steps\\s*\\.\\s*${escapeRe(id.trim().toLowerCase())}\\s*\\.\\s*outputs\\s*\\.\\s*`
        for (const [name, v] of scan.outputs) {
          const names = name === '*' ? '[a-z_][\\w-]*' : `${escapeRe(name)}\\b`
          sources.push({ ref: new RegExp(base + names), label: `steps.${id}.outputs`, kind: 'text', ...(v !== 'the output of `claude -p`' ? { via: v } : {}) })
        }
      }
    }
    // actions/github-script: the script is JavaScript.
    if (actionName(step.uses) === 'actions/github-script' && typeof step.with.script === 'string') {
      const code = step.with.script
      const span = list.doc.span([...step.path, 'with', 'script'])
      for (const e of expressions(code)) {
        const s = referenced(e.text, sources)
        if (!s || s.kind !== 'text' || !span) continue
        report({
          at: spanInScalar(span, code, e.start, e.end),
          how: 'is spliced into the github-script code (it runs as JavaScript with the job token)',
          source: s.via ? `\`${e.text}\` (${s.via})` : `\`${e.text}\``
        })
      }
    }
    for (const r of runsHere) sources.push(...stepSources(r))
    if (runsHere.length) agentRan = true
  }
  return { sources, files }
}

export default defineRule({
  meta: {
    id: 'agent-output-executed',
    checklistItems: [],
    area: 'workflows',
    severity: 'high',
    confidence: 'high',
    description: "Claude's output run as code by a later step",
    messages: {
      executed:
        "{{source}}, text the Claude agent produced{{job}}, {{how}}: whoever steers the agent (an injected instruction in an issue, a pull request or a page it read) chooses code that runs outside Claude's permission rules, with the job's token and secrets"
    }
  },
  check(ctx) {
    const p = ctx.project
    // Group Claude runs by the step list they sit in (a job, or a composite action's steps).
    const lists = new Map<Step[], StepList>()
    for (const run of p.claudeRuns) {
      let l = lists.get(run.steps)
      if (!l) {
        const inWorkflow = run.doc === run.workflow.doc
        l = { doc: run.doc, steps: run.steps, runs: [], job: inWorkflow ? run.job.id : undefined, inherited: [] }
        lists.set(run.steps, l)
      }
      l.runs.push(run)
    }
    const seen = new Set<string>()
    const report =
      (job: string | undefined) =>
      (s: Sink): void => {
        const k = `${s.at.file.path}\0${s.at.start}`
        if (seen.has(k)) return
        seen.add(k)
        ctx.report({
          messageId: 'executed',
          data: { source: s.source, how: s.how, job: job ? ` in job ${job}` : '' },
          at: s.at,
          tip: 'treat the agent output as data: parse it with `jq` into fixed commands or check it against an allow-list, never run it; pass it to scripts through `env:` and quote it'
        })
      }
    for (const wf of p.workflows) {
      // Jobs with a Claude step first; their outputs taint the jobs that need them.
      const jobOut = new Map<string, Source[]>()
      for (const job of wf.jobs) {
        const l = lists.get(job.steps)
        if (!l) continue
        const { sources } = scanList(l, report(job.id))
        const outs = isObject(job.value.outputs) ? job.value.outputs : {}
        const derived: Source[] = []
        for (const [name, v] of Object.entries(outs)) {
          if (typeof v !== 'string' || !expressions(v).some((e) => referenced(e.text, sources)?.kind === 'text')) continue
          derived.push({
            ref: new RegExp(`needs\\s*\\.\\s*${escapeRe(job.id.toLowerCase())}\\s*\\.\\s*outputs\\s*\\.\\s*${escapeRe(name.toLowerCase())}\\b`),
            label: `needs.${job.id}.outputs.${name}`,
            kind: 'text'
          })
        }
        if (derived.length) jobOut.set(job.id, derived)
      }
      if (jobOut.size === 0) continue
      for (const job of wf.jobs) {
        const needs = job.value.needs
        const names = typeof needs === 'string' ? [needs] : Array.isArray(needs) ? needs.filter((n): n is string => typeof n === 'string') : []
        const inherited = names.flatMap((n) => jobOut.get(n) ?? [])
        if (inherited.length === 0) continue
        const own = lists.get(job.steps)
        scanList({ doc: wf.doc, steps: job.steps, runs: own?.runs ?? [], job: job.id, inherited }, report(job.id))
      }
    }
    // Composite actions and other step lists outside a workflow's jobs.
    for (const l of lists.values()) {
      if (l.job !== undefined) continue
      scanList(l, report(undefined))
    }
  }
})

/**
 * Whether `before` ends inside an open call of one of `names` (`contains(x, ` with no `)`
 * after it): the last `(` after the last `)`, preceded by one of the names. Linear,
 * unlike a regular expression ending in `[^)]*$`.
 */
function insideCall(before: string, names: readonly string[]): boolean {
  const open = before.lastIndexOf('(')
  if (open < 0 || before.lastIndexOf(')') > open) return false
  const head = before.slice(Math.max(0, open - 20), open).trimEnd().toLowerCase()
  return names.some((n) => head.endsWith(n) && !/[a-z0-9_]/.test(head.charAt(head.length - n.length - 1)))
}
