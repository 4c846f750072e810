/**
 * Expressions in a Claude action run's `claude_args` that may add flags:
 * GitHub substitutes `${{ }}` before the action splits the text into words,
 * so an expression standing where a flag may stand (a word of its own, not
 * the value of the flag before it) may hold any flags. A step output
 * (`${{ steps.select.outputs.model_args }}`) of an earlier `run:` step is read:
 * the `NAME=value` lines the script writes to `$GITHUB_OUTPUT` (`echo`,
 * `printf`, heredoc lines; also through an enclosing `{ …; } >> "$GITHUB_OUTPUT"`)
 * and the lines between `NAME<<DELIM` and `DELIM`,
 * and the shell variables in the value through every assignment of them in the
 * script (or the step's `env:` when the script assigns none). `${{ inputs.* }}`
 * (the callers analysis binds them) and `${{ github.* }}` (event text, not a
 * choice of flags) are left to the rules.
 */
import { isPlainParam, paramsIn, parseShell, type ShellCommand, type ShellScript } from '../shell/parse.js'
import { expressions, shellView, type Step } from '../model/workflow.js'
import { argStringFlags, blankCommentLines, type ClaudeRun } from '../model/claude.js'
import { writesTo } from './runner-files.js'

/** `set`: every value carries the flag; `unset`: a value is known that does not; `unknown`: not known. */
export type FlagVerdict = 'set' | 'unset' | 'unknown'

const STEP_OUTPUT = /^steps\s*\.\s*([A-Za-z_][\w-]*)\s*\.\s*outputs\s*\.\s*([A-Za-z_][\w-]*)$/
/** Contexts that choose no flags here: the callers' inputs (bound by the callers analysis) and the event. */
const LEFT_TO_RULES = /^(?:inputs|github)\s*[.[]/
const DECLARERS = new Set(['', 'export', 'declare', 'typeset', 'local', 'readonly'])
const MAX_DEPTH = 8

/**
 * What the expressions of a run's `claude_args` say about `flag` (`--model`):
 * `set` when an expression in a flag's place is a step output whose every value
 * carries it, `unknown` (with the first such expression, as written) when one in a
 * flag's place is not known (a step output the script computes some other way,
 * `${{ vars.ARGS }}`, `${{ needs.x.outputs.y }}`), undefined when none bears on it.
 */
export function argsExpressionFlag(run: ClaudeRun, flag: string): { verdict: 'set' } | { verdict: 'unknown'; expression: string } | undefined {
  const text = run.kind === 'action' ? run.flagsText : undefined
  if (!text || !text.includes('${{')) return undefined
  const live = blankCommentLines(text)
  const exprs = expressions(text).filter((e) => live.startsWith('${{', e.start))
  if (exprs.length === 0) return undefined
  // Each expression as a plain word: the flags the action reads tell which stand where a flag may.
  const probe = (i: number): string => `__probe${i}__`
  let probed = ''
  let at = 0
  exprs.forEach((e, i) => {
    probed += text.slice(at, e.start) + probe(i)
    at = e.end
  })
  probed += text.slice(at)
  const taken = argStringFlags(probed).flatMap((f) => [f.name, f.value ?? ''])
  let unknown: string | undefined
  for (const [i, e] of exprs.entries()) {
    if (LEFT_TO_RULES.test(e.text)) continue
    if (taken.some((t) => t.includes(probe(i)))) continue
    const m = STEP_OUTPUT.exec(e.text)
    const v = m ? stepOutputFlag(run.steps, run.step, m[1], m[2], flag) : 'unknown'
    if (v === 'set') return { verdict: 'set' }
    if (v === 'unknown') unknown ??= text.slice(e.start, e.end)
  }
  return unknown !== undefined ? { verdict: 'unknown', expression: unknown } : undefined
}

/**
 * Whether every value a `run:` step before `at` (among `steps`, the job's or a composite
 * action's) writes to output `name` carries `flag`; `unset` when no step before it has that id.
 */
export function stepOutputFlag(steps: readonly Step[], at: Step, id: string, name: string, flag: string): FlagVerdict {
  const step = steps.find((s) => s.value.id === id && s.index < at.index)
  // No step before it has that id: the `steps` context holds nothing for it, and the expression is empty.
  if (!step) return 'unset'
  const script = step.run
  if (typeof script !== 'string' || !script.includes('GITHUB_OUTPUT')) return 'unknown'
  const parsed = parseShell(shellView(script))
  // Each value: one `NAME=value` line, or the lines between `NAME<<DELIM` and `DELIM`.
  const values: Piece[][] = []
  // Output names are matched without case, as the `steps` context reads them.
  const lower = name.toLowerCase()
  let block: { delim: string; lines?: Piece[] } | undefined
  for (const c of parsed.commands) {
    if (c.inSubstitution || writesTo(c) !== 'GITHUB_OUTPUT') continue
    for (const p of pieces(c, script)) {
      if (block) {
        if (p.text === block.delim) block = undefined
        else block.lines?.push(p)
        continue
      }
      const open = /^([A-Za-z_][\w-]*)<<\s*["']?([^\s"'\\]+)/.exec(p.text)
      if (open) {
        const lines = open[1].toLowerCase() === lower ? [] : undefined
        if (lines) values.push(lines)
        block = { delim: open[2], ...(lines ? { lines } : {}) }
      } else if (p.text.slice(0, name.length + 1).toLowerCase() === `${lower}=`)
        values.push([{ text: p.text.slice(name.length + 1), start: p.start + name.length + 1, end: p.end, literal: p.literal }])
    }
  }
  if (values.length === 0) return 'unknown'
  const r = new Reader(script, parsed, step)
  const verdict = (v: Piece): FlagVerdict => {
    const t = v.literal ? r.literal(v.text, flag) : r.text(v.start, v.end, flag, new Set(), 0)
    return t === 'self' ? 'unknown' : t
  }
  // A value of several lines carries the flag when one of them does.
  return combine(
    values.map((lines) => {
      const vs = lines.map(verdict)
      return vs.includes('set') ? 'set' : vs.includes('unknown') || lines.length === 0 ? 'unknown' : 'unset'
    })
  )
}

/** `set` if all are, else `unknown` if any is, else `unset`. */
function combine(vs: FlagVerdict[]): FlagVerdict {
  if (vs.every((v) => v === 'set')) return 'set'
  return vs.includes('unknown') ? 'unknown' : 'unset'
}

/** A line or argument a command writes: its text and where that text is in the script; `literal` for single quotes and quoted heredocs. */
interface Piece {
  text: string
  start: number
  end: number
  literal: boolean
}

/** `[start, end)` of the script without the blanks around it. */
function trimmed(script: string, start: number, end: number): Omit<Piece, 'literal'> {
  const raw = script.slice(start, end)
  const text = raw.trim()
  const from = start + (text === '' ? 0 : raw.indexOf(text))
  return { text, start: from, end: from + text.length }
}

/** The lines or arguments a command writes, without the quotes around each. */
function pieces(c: ShellCommand, script: string): Piece[] {
  const out: Piece[] = []
  const name = c.name.slice(c.name.lastIndexOf('/') + 1)
  if (name === 'echo' || name === 'printf') {
    for (const w of c.args.slice(1)) {
      const raw = trimmed(script, w.start, w.end)
      if (name === 'echo' && /^-[neE]+$/.test(raw.text)) continue
      const single = /^'([\s\S]*)'$/.exec(raw.text)
      const double = /^"([\s\S]*)"$/.exec(raw.text)
      const inner = single ?? double
      out.push(inner ? { text: inner[1], start: raw.start + 1, end: raw.end - 1, literal: single !== null } : { ...raw, literal: false })
    }
  }
  for (const r of c.redirects) {
    if (!r.heredoc) continue
    let at = r.heredoc.start
    for (const line of script.slice(r.heredoc.start, r.heredoc.end).split('\n')) {
      out.push({ ...trimmed(script, at, at + line.length), literal: r.target?.quoted === true })
      at += line.length + 1
    }
  }
  return out
}

/** Reads what a script's variables hold, as far as one flag goes. */
class Reader {
  /** Each variable's assigned values, by their offsets in the script. */
  private readonly assigned = new Map<string, { start: number; end: number; append: boolean }[]>()

  constructor(
    private readonly script: string,
    /** The parse of the script's view (the same offsets). */
    private readonly parsed: ShellScript,
    private readonly step: Step
  ) {
    for (const c of parsed.commands) {
      if (c.inSubstitution || !DECLARERS.has(c.name)) continue
      for (const a of c.assignments) {
        const list = this.assigned.get(a.name) ?? []
        list.push({ start: a.value.start, end: a.value.end, append: a.append === true })
        this.assigned.set(a.name, list)
      }
    }
  }

  /** Text the shell does not expand. */
  literal(raw: string, flag: string): FlagVerdict {
    return carries(raw, flag) ? 'set' : raw.includes('${{') ? 'unknown' : 'unset'
  }

  /**
   * The text at `[start, end)` of the script (a word, a line, a value): `set` when it carries the
   * flag itself or holds a variable whose every value does; `self` (as `set` for the caller) when
   * it appends to `self`'s earlier value. Its expansions are the parse's.
   */
  text(start: number, end: number, flag: string, stack: ReadonlySet<string>, depth: number): FlagVerdict | 'self' {
    if (depth > MAX_DEPTH) return 'unknown'
    const raw = this.script.slice(start, end)
    if (carries(raw, flag)) return 'set'
    // The text without its expansions (the outermost ones: `${X:-$Y}` holds `$Y`).
    let rest = ''
    let at = start
    const results: (FlagVerdict | 'self')[] = []
    for (const x of paramsIn(this.parsed, start, end)) {
      if (x.start >= at) {
        rest += this.script.slice(at, x.start)
        at = x.end
      }
      // Only a plain `$X` / `${X}` is the value itself (`${X#--model a}` may cut the flag away).
      if (!isPlainParam(x)) results.push('unknown')
      else results.push(stack.has(x.name) ? 'self' : this.variable(x.name, flag, stack, depth + 1))
    }
    rest += this.script.slice(at, end)
    if (results.includes('set')) return 'set'
    if (results.includes('self')) return 'self'
    if (results.includes('unknown') || /[$`]/.test(rest) || raw.includes('${{')) return 'unknown'
    return 'unset'
  }

  /** Every value a variable is given in the script (its `env:` value when the script assigns none). */
  private variable(name: string, flag: string, stack: ReadonlySet<string>, depth: number): FlagVerdict {
    const list = this.assigned.get(name)
    if (!list) {
      const env = this.step.env[name]
      return typeof env === 'string' || typeof env === 'number' ? this.literal(String(env), flag) : 'unknown'
    }
    const inner = new Set(stack).add(name)
    const vs = list.map((a) => (a.append ? 'self' : this.text(a.start, a.end, flag, inner, depth)))
    // Appending to the value before keeps what it carried: known only from the assignments that set it afresh.
    const own = vs.filter((v): v is FlagVerdict => v !== 'self')
    if (own.length === 0) return 'unknown'
    return combine(own)
  }
}

/** Whether text holds the flag with a value (`--model x`, `--model=x`, `--model $M`, `--model "$M"`). */
function carries(text: string, flag: string): boolean {
  const quoteOrBlank = (c: string | undefined): boolean => c !== undefined && (c === '"' || c === "'" || /\s/.test(c))
  for (let i = text.indexOf(flag); i >= 0; i = text.indexOf(flag, i + 1)) {
    if (i > 0 && !quoteOrBlank(text[i - 1])) continue
    let j = i + flag.length
    if (text[j] === '=') {
      if (j + 1 < text.length && !quoteOrBlank(text[j + 1])) return true
      continue
    }
    if (!quoteOrBlank(text[j])) continue
    while (quoteOrBlank(text[j])) j++
    if (j < text.length && text[j] !== '-') return true
  }
  return false
}
