/**
 * The one place that decides whether a workflow step runs Claude Code, and how:
 * anthropics/claude-code-action (v0 and v1 inputs), claude-code-base-action, or
 * `claude -p` / `npx @anthropic-ai/claude-code -p` in a `run:` script.
 */
import type { Span } from '../parse/source.js'
import type { StructuredDoc } from '../parse/doc.js'
import { shellView, type Job, type Step, type Workflow } from './workflow.js'
import { parseShell, type ShellCommand } from '../shell/parse.js'

/** How a step runs Claude. */
export type ClaudeRunKind = 'action' | 'base-action' | 'cli'

/** A command-line flag found in `claude_args` or a `claude -p` invocation. */
export interface CliFlag {
  name: string
  value?: string
  /** Offsets relative to the argument string (for `claude_args`) or the run script. */
  start: number
  end: number
}

/** One place where a workflow runs Claude Code. */
export interface ClaudeRun {
  kind: ClaudeRunKind
  workflow: Workflow
  job: Job
  step: Step
  /** Git ref after `@` for actions. */
  ref?: string
  /** Input generation of the action: v0 (`@beta`, `@v0.x`) or v1. */
  major: 'v0' | 'v1'
  /** Non-interactive: a prompt is given (automation mode), the base action, or `claude -p`. */
  unattended: boolean
  /** Flags from `claude_args` (v1) or from the command line (cli). */
  flags: CliFlag[]
  /** Span of the text the flags were read from, when any. */
  flagsSpan?: Span
  /** Where a finding about something missing from this run points. */
  anchor: Span
  /** The shell command, for `claude -p` runs. */
  command?: ShellCommand
  /**
   * The document that holds {@link step}: the workflow's, or a local action's
   * `action.yml` when Claude runs inside a composite action. Spans of the
   * step's keys come from here, not from `workflow.doc`.
   */
  doc: StructuredDoc
  /** The steps {@link step} runs among (the job's, or the composite action's), in order. */
  steps: Step[]
}

const ACTION = /^anthropics\/claude-code-action(?:\/(base-action))?@(.+)$/i
const BASE_ACTION = /^anthropics\/claude-code-base-action@(.+)$/i

/** Parses `uses:` of a Claude action step, or undefined for other actions. */
export function claudeActionOf(uses: string | undefined): { kind: ClaudeRunKind; ref: string } | undefined {
  if (!uses) return undefined
  const u = uses.trim()
  const m = ACTION.exec(u)
  if (m) return { kind: m[1] ? 'base-action' : 'action', ref: m[2] }
  const b = BASE_ACTION.exec(u)
  if (b) return { kind: 'base-action', ref: b[1] }
  return undefined
}

/**
 * Decides the input generation of the action from its ref; a commit SHA is
 * judged by the version comment on the same line (`# v1.0.2`), else taken as v1.
 */
export function actionMajor(ref: string, lineText: string): 'v0' | 'v1' {
  const r = ref.trim()
  if (/^[0-9a-f]{40}$/i.test(r)) {
    const c = /#\s*(v?[\w.-]+)/.exec(lineText)
    return c ? majorOfTag(c[1]) : 'v1'
  }
  return majorOfTag(r)
}

function majorOfTag(tag: string): 'v0' | 'v1' {
  const t = tag.toLowerCase()
  if (t === 'beta' || /^v?0(\.|$)/.test(t)) return 'v0'
  return 'v1'
}

/** Parses CLI flags out of shell words (`--max-turns 5`, `--model=x`). */
export function flagsOf(words: { text: string; start: number; end: number }[]): CliFlag[] {
  const out: CliFlag[] = []
  for (let i = 0; i < words.length; i++) {
    const w = words[i]
    if (!w.text.startsWith('-')) continue
    const eq = w.text.indexOf('=')
    if (w.text.startsWith('--') && eq > 0) {
      out.push({ name: w.text.slice(0, eq), value: w.text.slice(eq + 1), start: w.start, end: w.end })
      continue
    }
    const next = words[i + 1]
    if (next && !next.text.startsWith('-')) {
      out.push({ name: w.text, value: next.text, start: w.start, end: next.end })
    } else {
      out.push({ name: w.text, start: w.start, end: w.end })
    }
  }
  return out
}

/**
 * Reads the words of a `claude_args` string as the action does: whole-line
 * `#` comments dropped, shell words, newlines as blanks. The action does not
 * run a shell, so text a shell would reject (unquoted parentheses in
 * `Bash(gh pr diff:*)`) is still split into whitespace-separated words,
 * keeping quoted runs together.
 */
export async function parseArgString(s: string): Promise<CliFlag[]> {
  // Workflows copied from one template repeat the same arguments: split each text once.
  let flags = argCache.get(s)
  if (!flags) {
    flags = splitArgString(s)
    if (argCache.size >= ARG_CACHE_SIZE) argCache.delete(argCache.keys().next().value as string)
    argCache.set(s, flags)
  }
  return flags.map((f) => ({ ...f }))
}

const ARG_CACHE_SIZE = 256
const argCache = new Map<string, CliFlag[]>()

/**
 * Blanks every whole-line comment (first non-blank character `#`) of a
 * `claude_args` text, as the action's `stripShellComments` drops those lines
 * before it splits the rest into words (base-action parse-sdk-options.ts). A
 * `#` inside a line is left alone. Same-length replacement keeps offsets.
 */
export function blankCommentLines(s: string): string {
  return s.replace(/^[ \t]*#[^\r\n]*/gm, (line) => ' '.repeat(line.length))
}

function splitArgString(s: string): CliFlag[] {
  // Same-length replacement keeps offsets; the action splits on any whitespace.
  const flat = blankCommentLines(s).replace(/[\r\n]/g, ' ')
  const script = parseShell(`: ${flat}`)
  if (script.ok) {
    const words = script.commands
      .filter((c) => !c.inSubstitution)
      .flatMap((c) => c.args.slice(c === script.commands[0] ? 1 : 0))
      .map((w) => ({ text: w.text, start: w.start - 2, end: w.end - 2 }))
    return flagsOf(words)
  }
  const words: { text: string; start: number; end: number }[] = []
  for (const m of flat.matchAll(/(?:"[^"]*"|'[^']*'|[^\s"']+)+/g)) {
    const raw = m[0]
    words.push({ text: raw.replace(/"([^"]*)"|'([^']*)'/g, '$1$2'), start: m.index ?? 0, end: (m.index ?? 0) + raw.length })
  }
  return flagsOf(words)
}

/** True for a `claude` (or `npx @anthropic-ai/claude-code`) command in print mode. */
export function isClaudePrint(cmd: ShellCommand): { argsFrom: number } | undefined {
  const words = cmd.args.map((a) => a.text)
  let i = 0
  const base = (s: string): string => s.slice(s.lastIndexOf('/') + 1)
  if (base(words[0] ?? '') === 'claude') {
    i = 1
  } else if (['npx', 'bunx', 'pnpx'].includes(words[0]) || (words[0] === 'pnpm' && words[1] === 'dlx')) {
    const at = words.findIndex((w) => /^@anthropic-ai\/claude-code(@|$)/.test(w))
    if (at < 0) return undefined
    i = at + 1
  } else {
    return undefined
  }
  const rest = words.slice(i)
  if (rest.some((w) => w === '-p' || w === '--print')) {
    return { argsFrom: i }
  }
  return undefined
}

/** Finds every Claude run in a workflow. */
export async function findClaudeRuns(wf: Workflow): Promise<ClaudeRun[]> {
  const runs: ClaudeRun[] = []
  for (const job of wf.jobs) {
    for (const step of job.steps) {
      const act = claudeActionOf(step.uses)
      if (act) {
        const usesSpan = wf.doc.span([...step.path, 'uses'], 'pair')
        const anchor = usesSpan ?? (wf.doc.span(step.path) as Span)
        const line = wf.doc.file.lineText(wf.doc.file.position(anchor.start).line)
        const major = act.kind === 'base-action' ? 'v1' : actionMajor(act.ref, line)
        const w = step.with
        const promptKeys = major === 'v0' ? ['prompt', 'direct_prompt', 'override_prompt'] : ['prompt']
        const hasPrompt = promptKeys.some((k) => typeof w[k] === 'string' && (w[k] as string).trim() !== '') ||
          (act.kind === 'base-action' && typeof w.prompt_file === 'string')
        const args = typeof w.claude_args === 'string' ? w.claude_args : ''
        const flagsSpan = args ? wf.doc.span([...step.path, 'with', 'claude_args']) : undefined
        runs.push({
          kind: act.kind,
          workflow: wf,
          job,
          step,
          ref: act.ref,
          major,
          unattended: act.kind === 'base-action' || hasPrompt,
          flags: args ? await parseArgString(args) : [],
          flagsSpan,
          anchor,
          doc: wf.doc,
          steps: job.steps
        })
        continue
      }
      if (step.run && /claude/.test(step.run)) {
        const script = parseShell(shellView(step.run))
        const runSpan = wf.doc.span([...step.path, 'run'])
        for (const cmd of script.commands) {
          const hit = isClaudePrint(cmd)
          if (!hit) continue
          const words = cmd.args.slice(hit.argsFrom)
          const anchor = runSpan ? locateInBlock(runSpan, step.run, cmd.start, cmd.end) : (wf.doc.span(step.path) as Span)
          runs.push({
            kind: 'cli',
            workflow: wf,
            job,
            step,
            major: 'v1',
            unattended: true,
            flags: flagsOf(words),
            anchor,
            command: cmd,
            doc: wf.doc,
            steps: job.steps
          })
        }
      }
    }
  }
  return runs
}

/**
 * Maps offsets in a scalar's value (for example a `run: |` block) back to the
 * source file by searching for the command's text inside the scalar's span.
 */
export function locateInBlock(span: Span, value: string, start: number, end: number): Span {
  const piece = value.slice(start, end).split('\n')[0]
  const text = span.file.text
  // Count earlier occurrences of the piece in the value to find the right one.
  let nth = 0
  let i = -1
  while ((i = value.indexOf(piece, i + 1)) >= 0 && i < start) nth++
  let at = span.start - 1
  for (let k = 0; k <= nth; k++) {
    at = text.indexOf(piece, at + 1)
    if (at < 0 || at >= span.end) return span
  }
  return { file: span.file, start: at, end: at + piece.length }
}
