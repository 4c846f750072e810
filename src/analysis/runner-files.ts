/**
 * What a `run:` script writes to the runner's command files: `$GITHUB_ENV`
 * (variables of the later steps), `$GITHUB_OUTPUT` (the step's outputs) and
 * `$GITHUB_PATH` (directories put in front of `PATH`), in the two forms the
 * runner reads: `NAME=value` on one line, or `NAME<<DELIM` … `DELIM` around a
 * multi-line value. Writers are `echo`/`printf`/`cat` (and heredocs)
 * redirected with `>`/`>>`, also through an enclosing `{ …; } >> "$GITHUB_ENV"`,
 * or piped to `tee [-a]`.
 */
import { paramsIn, parseShell, unquotedText, type ShellCommand, type ShellRedirect, type ShellWord } from '../shell/parse.js'
import { expressions } from '../model/workflow.js'
import { downloadTo, mayFetch, pipeOutput, substitutionOutput, wordPath, type PipeState } from './gh-fetch.js'

/** The runner's command files this module follows. */
export type RunnerFile = 'GITHUB_ENV' | 'GITHUB_OUTPUT' | 'GITHUB_PATH'

/** One piece of outside text written to a runner file. */
export interface RunnerWrite {
  file: RunnerFile
  /** The variable or output it sets (as written), when the form names one. */
  name?: string
  /** `line`: `NAME=value`; `block`: between `NAME<<DELIM` and `DELIM`; `path`: a `$GITHUB_PATH` entry. */
  form: 'line' | 'block' | 'path'
  /** The block's delimiter, and whether the script makes it unguessable (`$(openssl rand -hex 8)`). */
  delim?: { text: string; random: boolean }
  /** The writing command; offsets refer to the parsed script. */
  cmd: ShellCommand
  /** Offsets of the piece that carries the text. */
  start: number
  end: number
  /** The outside context the text comes from. */
  context: string
}

const FILE = /^\$\{?(GITHUB_ENV|GITHUB_OUTPUT|GITHUB_PATH)\}?$/
/** Words and commands that make a delimiter unguessable. */
const RANDOM = /\bRANDOM\b|\brand\b|uuid|urandom|mktemp|date\s+\+%s%N|sha\d*sum|md5sum/i
const DECLARERS = new Set(['', 'export', 'declare', 'typeset', 'local', 'readonly'])

/**
 * Whether `script` may expand variable `name`: every text this module reads
 * a variable's taint from (written words, heredoc lines, assigned values) is
 * a slice of the script whose parameter expansions it takes from the parse
 * (ShellScript.params, heredocParams), lengths `${#name}` and indirections
 * `${!name}` left out: `name` shows there as `$name` or `${name…}` with no word
 * character after the name.
 */
function expands(script: string, name: string): boolean {
  let i = -1
  while ((i = script.indexOf(name, i + 1)) >= 0) {
    const after = script.charCodeAt(i + name.length)
    if (after === after && /\w/.test(String.fromCharCode(after))) continue
    if (script[i - 1] === '$' || (script[i - 1] === '{' && script[i - 2] === '$')) return true
  }
  return false
}

function isStdout(r: ShellRedirect): boolean {
  return (r.op === '>' || r.op === '>>' || r.op === '>|') && (r.fd === undefined || r.fd === '1')
}

/** The runner file a command's output goes to, when it is one (its own redirect first, then enclosing ones). */
export function writesTo(c: ShellCommand): RunnerFile | undefined {
  const own = c.redirects.filter(isStdout)
  const r = own.length ? own[own.length - 1] : [...(c.outerRedirects ?? [])].reverse().find(isStdout)
  const m = r?.target ? FILE.exec(r.target.text) : null
  if (m) return m[1] as RunnerFile
  if (own.length === 0 && c.pipeNext?.name === 'tee') {
    for (const a of c.pipeNext.args.slice(1)) {
      const t = FILE.exec(a.text)
      if (t) return t[1] as RunnerFile
    }
  }
  return undefined
}

/**
 * Pieces of text a command writes, each one line or one argument, with offsets
 * in the script; `shell` is false for the body of a quoted heredoc (`<<'EOF'`),
 * where the shell expands nothing (GitHub still expands `${{ }}`).
 */
function pieces(c: ShellCommand, script: string): { text: string; start: number; end: number; shell: boolean }[] {
  const out: { text: string; start: number; end: number; shell: boolean }[] = []
  const name = c.name.slice(c.name.lastIndexOf('/') + 1)
  if (name === 'echo' || name === 'printf') {
    for (const w of c.args.slice(1)) {
      if (name === 'echo' && /^-[neE]+$/.test(w.text)) continue
      out.push({ text: script.slice(w.start, w.end), start: w.start, end: w.end, shell: true })
    }
  }
  for (const r of c.redirects) {
    const h: ShellWord | undefined = r.heredoc
    if (!h) continue
    const shell = !r.target?.quoted
    let at = h.start
    for (const line of script.slice(h.start, h.end).split('\n')) {
      if (line.trim()) out.push({ text: line, start: at, end: at + line.length, shell })
      at += line.length + 1
    }
  }
  return out
}

/** A piece's text without surrounding quotes and blanks. */
function bare(s: string): string {
  return s.trim().replace(/^(["'])([\s\S]*)\1$/, '$2').trim()
}

/**
 * Outside text a script writes to the runner's files. `exprTaint` names the
 * outside context of a `${{ }}` piece's text (undefined when none); `vars`
 * maps shell variables (from `env:`) to the context they hold. Variables the
 * script assigns from tainted text before the write are followed, as plain
 * copies (`X="Title: $TITLE"`). With `fetched` (the context of what a `gh`
 * command fetches of outside text, see src/analysis/gh-fetch.ts), command
 * substitutions are followed too, as far as {@link pipeOutput} knows what
 * their pipelines print (`X=$(gh issue view 5 --json title -q .title)`,
 * `X=$(echo "$Y" | head -10)`, not `X=$(… | grep …)`), and so are files the
 * script writes such output to and reads back (`gh pr diff 5 > f`, `$(cat f)`).
 */
export function runnerWrites(
  script: string,
  parsed: string,
  exprTaint: (raw: string) => string | undefined,
  vars: ReadonlyMap<string, string>,
  fetched?: (c: ShellCommand) => string | undefined
): RunnerWrite[] {
  if (!/GITHUB_(ENV|OUTPUT|PATH)/.test(script)) return []
  // Outside text enters a script only through a tainted `${{ }}` expression, a tainted variable it names or a `gh` command that
  // fetches it: without any, nothing to parse for.
  if (
    ![...vars.keys()].some((name) => expands(script, name)) &&
    !expressions(script).some((e) => exprTaint(script.slice(e.start, e.end)) !== undefined) &&
    !(fetched && mayFetch(unquotedText(parsed)))
  )
    return []
  const tree = parseShell(parsed)
  const commands = tree.commands
  const tainted = new Map(vars)
  const files = new Map<string, string>()
  const state: PipeState | undefined = fetched && { vars: tainted, files, fetched, expr: exprTaint, script, parsed: tree }
  const assigned = new Map<string, string>()
  // The outside context of `[start, end)` of the script: a tainted `${{ }}`, or (where the shell expands) a tainted variable.
  const taintOf = (start: number, end: number, shell = true): string | undefined =>
    exprTaint(script.slice(start, end)) ??
    (shell
      ? paramsIn(tree, start, end)
          .filter((x) => !x.length && !x.indirect)
          .map((x) => tainted.get(x.name))
          .find((x) => x !== undefined)
      : undefined)
  const isRandom = (delim: string): boolean => {
    if (RANDOM.test(delim)) return true
    const v = /\$\{?([A-Za-z_]\w*)/.exec(delim)
    if (!v) return false
    const value = assigned.get(v[1])
    // A delimiter from the environment or elsewhere: not known to be fixed.
    return value === undefined || RANDOM.test(value) || /\$/.test(value)
  }
  const open = new Map<RunnerFile, { name: string; delim: { text: string; random: boolean } }>()
  const out: RunnerWrite[] = []
  for (const c of commands) {
    if (c.inSubstitution) continue
    if (DECLARERS.has(c.name)) {
      for (const a of c.assignments) {
        const raw = script.slice(a.value.start, a.value.end)
        assigned.set(a.name, raw)
        // What a command makes of the text (`$(echo "$BODY" | grep -o '[0-9]*')`) is not known unless pipeOutput knows the command.
        const t = a.value.hasCommandSubst ? state && substitutionOutput(commands, a.value.start, a.value.end, state) : taintOf(a.value.start, a.value.end)
        if (t) tainted.set(a.name, t)
        else if (!a.append) tainted.delete(a.name)
      }
    }
    // A file the script writes outside text to (`gh pr diff 5 > files.txt`, `… | tee f`), read back later.
    if (state) fileWrites(c, state, files)
    const file = writesTo(c)
    if (!file) continue
    let name: string | undefined
    for (const p of pieces(c, script)) {
      const text = bare(p.text)
      const block = open.get(file)
      if (block && (text === block.delim.text || bare(text) === block.delim.text)) {
        open.delete(file)
        continue
      }
      const marker = /^([A-Za-z_][\w-]*)<<\s*["']?([^\s"'\\]+)/.exec(text)
      if (marker && file !== 'GITHUB_PATH') {
        open.set(file, { name: marker[1], delim: { text: marker[2], random: isRandom(marker[2]) } })
        continue
      }
      const line = /^([A-Za-z_][\w-]*)=/.exec(text)
      if (line) name = line[1]
      const context = taintOf(p.start, p.end, p.shell) ?? (p.shell && state ? substitutionOutput(commands, p.start, p.end, state) : undefined)
      if (!context) continue
      const now = open.get(file)
      if (file === 'GITHUB_PATH') out.push({ file, form: 'path', cmd: c, start: p.start, end: p.end, context })
      else if (!line && now) out.push({ file, name: now.name, form: 'block', delim: now.delim, cmd: c, start: p.start, end: p.end, context })
      else out.push({ file, name, form: 'line', cmd: c, start: p.start, end: p.end, context })
    }
  }
  return out
}

/** Records (or clears) the files a command writes its standard output to, with what that output carries. */
function fileWrites(c: ShellCommand, state: PipeState, files: Map<string, string>): void {
  // What `curl -o f` / `wget -O f` downloads into a file.
  const download = c.name === 'curl' || c.name === 'wget' || /\/(?:curl|wget)$/.test(c.name) ? downloadTo(c) : undefined
  if (download && download !== 'stdout' && !FILE.test(download.text)) {
    const context = state.fetched(c)
    if (context) files.set(wordPath(download), context)
    else files.delete(wordPath(download))
  }
  const targets = c.redirects.filter((r) => isStdout(r) && r.target && !FILE.test(r.target.text)).map((r) => ({ r, w: r.target as ShellWord }))
  const tee = !c.redirects.some(isStdout) && c.name === 'tee' && c.pipedFrom ? c.args.slice(1).filter((a) => !a.text.startsWith('-') && !FILE.test(a.text)) : []
  if (targets.length === 0 && tee.length === 0) return
  const context = targets.length ? pipeOutput(c, state) : c.pipedFrom && pipeOutput(c.pipedFrom, state)
  const appends = c.name === 'tee' ? c.args.some((a) => a.text === '-a' || a.text === '--append') : false
  for (const { r, w } of [...targets, ...tee.map((w) => ({ r: undefined, w }))]) {
    const path = wordPath(w)
    if (context) files.set(path, context)
    // Written over with other text; appended to, it keeps what it held.
    else if (r ? r.op !== '>>' : !appends) files.delete(path)
  }
}
