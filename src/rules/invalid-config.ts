/**
 * invalid-config: a Claude Code or workflow file does not parse. Claude Code
 * skips an unparsable settings file whole (with only an "Invalid settings"
 * warning), so every hook and deny rule in it is gone: a security finding, not
 * a warning. Reported at the parser's position. A workflow whose job or step
 * `if:` names a context GitHub does not allow there (`secrets` in a step's
 * `if:`) fails GitHub's validation before any job starts: reported at the
 * context's name.
 * Docs: docs/rules/invalid-config.md
 */
import { Parser, type Expr } from '@actions/expressions'
import { expressionTokens } from '../analysis/expression-tokens.js'
import { Binary, ContextAccess, FunctionCall, Grouping, IndexAccess, Logical, Unary } from '@actions/expressions/ast'
import type { Token } from '@actions/expressions/lexer'
import { defineRule } from './rule.js'
import { expressions } from '../model/workflow.js'
import { CONTEXT_AVAILABILITY, CONTEXT_NAMES, KEY_FUNCTIONS, unavailableContexts, type ContextKey } from '../facts/context-availability.js'
import type { PathSeg, StructuredDoc } from '../parse/doc.js'
import type { Span } from '../parse/source.js'

const CONSEQUENCE: Record<string, string> = {
  settings: 'Claude Code skips this file, so none of its permission rules, hooks or env apply',
  mcp: 'Claude Code cannot load any MCP server from this file',
  workflow: 'GitHub rejects this workflow, and its jobs are not audited',
  frontmatter: 'Claude Code skips this definition (invalid frontmatter)'
}

/** Functions the keys allow beyond the language's own, with their argument counts (`hashFiles(path, ...)`). */
const FUNCTIONS = [...new Set(Object.values(KEY_FUNCTIONS).flat())].map((name) =>
  name === 'hashFiles' ? { name, minArgs: 1, maxArgs: 255 } : { name, minArgs: 0, maxArgs: 0 }
)

/** Context names an expression reads, as the parser's tokens (property names and string literals are not contexts). */
function contextTokens(e: Expr, out: Token[]): Token[] {
  if (e instanceof ContextAccess) out.push(e.name)
  else if (e instanceof IndexAccess) {
    contextTokens(e.expr, out)
    contextTokens(e.index, out)
  } else if (e instanceof Grouping) contextTokens(e.group, out)
  else if (e instanceof Unary) contextTokens(e.expr, out)
  else if (e instanceof Binary) {
    contextTokens(e.left, out)
    contextTokens(e.right, out)
  } else if (e instanceof Logical || e instanceof FunctionCall) for (const a of e.args) contextTokens(a, out)
  return out
}

/** Offset in `text` of a lexer position (0-based line and column). */
function offsetOf(text: string, line: number, column: number): number {
  let at = 0
  for (let l = 0; l < line; l++) {
    const nl = text.indexOf('\n', at)
    if (nl < 0) return text.length
    at = nl + 1
  }
  return at + column
}

/** Offsets in `value` of the contexts in `names` that its expressions read. */
function contextsRead(value: string, names: ReadonlySet<string>): { name: string; at: number }[] {
  // GitHub reads an `if:` without `${{ }}` as one expression; with them, each one.
  const parts = value.includes('${{')
    ? expressions(value).map((e) => ({ text: e.text, at: value.indexOf(e.text, e.start + 3) }))
    : [{ text: value, at: 0 }]
  const out: { name: string; at: number }[] = []
  for (const p of parts) {
    let ast: Expr
    try {
      ast = new Parser(expressionTokens(p.text), [...CONTEXT_NAMES], FUNCTIONS).parse()
    } catch {
      continue // an expression that does not parse is not judged here
    }
    for (const t of contextTokens(ast, [])) {
      const name = t.lexeme.toLowerCase()
      if (names.has(name)) out.push({ name, at: p.at + offsetOf(p.text, t.range.start.line, t.range.start.column) })
    }
  }
  return out
}

/**
 * The source span of the name read at `at` in the scalar's value: the same
 * occurrence of the word in the node's source text (quoting and folding change
 * only quotes and white space around it); the node when it is not there.
 */
function nameSpan(doc: StructuredDoc, path: PathSeg[], value: string, name: string, at: number): Span | undefined {
  const node = doc.span(path)
  if (!node) return undefined
  const nth = wordsAt(value.slice(0, at), name).length
  const hit = wordsAt(node.file.text.slice(node.start, node.end), name)[nth]
  return hit === undefined ? node : { file: node.file, start: node.start + hit, end: node.start + hit + name.length }
}

/** Offsets of `word` (lower-case letters) in `text` as a whole word, any case. */
function wordsAt(text: string, word: string): number[] {
  const lower = text.toLowerCase()
  const out: number[] = []
  const inWord = (i: number): boolean => i >= 0 && i < text.length && /\w/.test(text[i])
  for (let i = lower.indexOf(word); i >= 0; i = lower.indexOf(word, i + 1)) if (!inWord(i - 1) && !inWord(i + word.length)) out.push(i)
  return out
}

const KEY_TEXT: Record<ContextKey, string> = {
  'jobs.<job_id>.if': "a job's `if:`",
  'jobs.<job_id>.steps.if': "a step's `if:`"
}

export default defineRule({
  meta: {
    id: 'invalid-config',
    checklistItems: [],
    area: 'diagnostics',
    severity: 'high',
    confidence: 'high',
    description: 'configuration file does not parse',
    messages: {
      parse: '{{file}} does not parse ({{error}}): {{consequence}}',
      context:
        "the `if:` of {{where}} reads the `{{context}}` context, which GitHub does not allow in {{key}} (only {{allowed}}): GitHub refuses to start this workflow (\"Unrecognized named-value: '{{context}}'\"), so none of its jobs run"
    }
  },
  check(ctx) {
    for (const { doc, kind } of ctx.project.parseFailures) {
      const e = doc.errors[0]
      const end = Math.min(doc.file.text.length, e.offset + 1)
      ctx.report({
        messageId: 'parse',
        data: { file: doc.file.path, error: e.message, consequence: CONSEQUENCE[kind] },
        at: { file: doc.file, start: e.offset, end: Math.max(end, e.offset) },
        severity: kind === 'workflow' || kind === 'frontmatter' ? 'medium' : 'high',
        key: `${kind}:${e.message}`
      })
    }
    // Contexts an `if:` may not name (GitHub's "Context availability" table).
    const checks: [ContextKey, Set<string>][] = (Object.keys(CONTEXT_AVAILABILITY) as ContextKey[]).map((key) => [key, new Set(unavailableContexts(key))])
    const [jobCheck, stepCheck] = checks
    for (const wf of ctx.project.workflows) {
      const judge = ([key, names]: [ContextKey, Set<string>], path: PathSeg[], cond: unknown, where: string, job: string): void => {
        // A cheap look for the names before any parse: most conditions name none of them.
        if (typeof cond !== 'string') return
        const lower = cond.toLowerCase()
        if (![...names].some((n) => lower.includes(n))) return
        for (const hit of contextsRead(cond, names)) {
          const at = nameSpan(wf.doc, path, cond, hit.name, hit.at)
          if (!at) continue
          ctx.report({
            messageId: 'context',
            data: { context: hit.name, where, key: KEY_TEXT[key], allowed: CONTEXT_AVAILABILITY[key].map((c) => `\`${c}\``).join(', '), job },
            at,
            severity: 'medium',
            tip:
              hit.name === 'secrets'
                ? 'map the secret to an `env:` variable of the job or step (`env: { HAS_KEY: ${{ secrets.KEY != \'\' }} }`) and test that variable in `if:` instead'
                : `compute the value where \`${hit.name}\` is available (a step's \`env:\`, or an output of an earlier job read through \`needs\`) and test that instead`
          })
        }
      }
      for (const job of wf.jobs) {
        judge(jobCheck, [...job.path, 'if'], job.value.if, `job ${job.id}`, job.id)
        for (const step of job.steps) judge(stepCheck, [...step.path, 'if'], step.value.if, `step ${step.index + 1} of job ${job.id}`, job.id)
      }
    }
  }
})
