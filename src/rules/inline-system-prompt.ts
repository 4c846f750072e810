/**
 * inline-system-prompt: a long system prompt (over 2,048 tokens, estimated at
 * characters / 4) is written inline, in a workflow (`--system-prompt` /
 * `--append-system-prompt` in `claude_args` or a `claude -p` command, v0
 * `system_prompt` / `append_system_prompt` / `custom_instructions` inputs) or
 * in code (`system`, `systemPrompt`, `system_prompt`, ... literals), instead
 * of living in its own file where it can be reviewed and versioned as a prompt
 * (checklist item 20). Where the text lives does not change caching: the
 * message says so rather than repeat the checklist's claim.
 * Docs: docs/rules/inline-system-prompt.md
 */
import { defineRule, type Report } from './rule.js'
import type { ClaudeRun, CliFlag } from '../model/claude.js'
import type { Span } from '../parse/source.js'
import { flagSpan, inputHonoured } from '../analysis/claude-run.js'
import {
  estimateTokens,
  formatCount,
  perApiFile,
  promptSites,
  promptText,
  spanFrom
} from '../analysis/anthropic-code.js'

const PROMPT_FLAGS = new Set(['--system-prompt', '--append-system-prompt'])
const PROMPT_INPUTS = ['system_prompt', 'append_system_prompt', 'custom_instructions']

/** Span of a flag's value in its file (the workflow, a composite action or a script); else the flag, else the run's anchor. */
function flagValueSpan(run: ClaudeRun, f: CliFlag): Span {
  const source = run.kind === 'cli' ? (run.script?.text ?? run.step.run) : run.flagsText
  if (source === undefined) return run.anchor
  let v = f.start + f.name.length
  if (source[v] === '=') v++
  while (v < f.end && /\s/.test(source[v])) v++
  if (v >= f.end) v = f.start
  const at = flagSpan(run, v, f.end) ?? flagSpan(run, f.start, f.start + f.name.length)
  return at ? firstLine(at) : run.anchor
}

/** A span cut at the end of its first line. */
function firstLine(span: Span): Span {
  const f = span.file
  const line = f.position(span.start).line
  const lineEnd = f.lineOffset(line) + f.lineText(line).length
  return { file: f, start: span.start, end: Math.max(span.start, Math.min(span.end, lineEnd)) }
}

/** The estimated tokens of a prompt longer than the `minTokens` option, else undefined. */
function longPrompt(options: Record<string, unknown>): (text: string) => number | undefined {
  const minTokens = typeof options.minTokens === 'number' ? options.minTokens : 2048
  return (text) => {
    const n = estimateTokens(text)
    return n > minTokens ? n : undefined
  }
}

export default defineRule({
  meta: {
    id: 'inline-system-prompt',
    checklistItems: [20],
    area: 'context',
    severity: 'low',
    confidence: 'high',
    description: 'long system prompt inline instead of in a file',
    messages: {
      workflowFlag:
        'system prompt of about {{tokens}} tokens is inline in `{{flag}}` of job {{job}}: a prompt this long belongs in its own file in the repository, where it is reviewed and versioned as a prompt rather than as quoted YAML (where it lives does not affect caching)',
      workflowInput:
        'system prompt of about {{tokens}} tokens is inline in the `{{input}}` input of job {{job}}: a prompt this long belongs in its own file in the repository, where it is reviewed and versioned as a prompt rather than as quoted YAML (where it lives does not affect caching)',
      code: 'system prompt of about {{tokens}} tokens is a literal in the code (`{{key}}`): a prompt this long belongs in its own file, loaded at start-up, so it is reviewed and versioned as a prompt (where it lives does not affect caching; an unchanged prefix does)'
    },
    defaultOptions: { minTokens: 2048 }
  },
  check(ctx) {
    const long = longPrompt(ctx.options)
    for (const run of ctx.project.claudeRuns) {
      // An Agent SDK session's prompt is a literal in code: the code check below reports it, once.
      if (run.sdk) continue
      for (const f of run.flags) {
        if (!PROMPT_FLAGS.has(f.name) || f.value === undefined) continue
        const tokens = long(f.value)
        if (tokens === undefined) continue
        ctx.report({
          messageId: 'workflowFlag',
          data: { tokens: formatCount(tokens), flag: f.name, job: run.job.id },
          at: flagValueSpan(run, f),
          tip: `move the text to a file in the repository and pass it with \`${f.name}-file <path>\` (or keep durable instructions in CLAUDE.md)`
        })
      }
      if (run.kind === 'cli') continue
      for (const input of PROMPT_INPUTS) {
        const v = run.step.with[input]
        if (typeof v !== 'string' || !inputHonoured(run, input)) continue
        const tokens = long(v)
        if (tokens === undefined) continue
        const value = run.doc.span([...run.step.path, 'with', input])
        if (!value) continue
        const at = firstLine(value)
        ctx.report({
          messageId: 'workflowInput',
          data: { tokens: formatCount(tokens), input, job: run.job.id },
          at,
          tip: 'move the text to a file in the repository and load it from there (with v1 of the action: `claude_args: --append-system-prompt-file <path>`), or keep durable instructions in CLAUDE.md'
        })
      }
    }
  },
  checkCode(ctx) {
    const long = longPrompt(ctx.options)
    // Each file's reports depend on its text and the threshold alone (kept between runs, see perApiFile).
    const reports = perApiFile(
      ctx.project,
      `inline-system-prompt\0${JSON.stringify(ctx.options.minTokens ?? null)}`,
      (s) => {
        const out: Report[] = []
        const seen = new Set<number>()
        for (const site of promptSites(s)) {
          const prompt = promptText(s, site.value)
          if (!prompt || seen.has(prompt.literal.startIndex)) continue
          const tokens = long(prompt.text)
          if (tokens === undefined) continue
          seen.add(prompt.literal.startIndex)
          out.push({
            messageId: 'code',
            data: { tokens: formatCount(tokens), key: site.key },
            at: spanFrom(s, prompt.literal),
            tip:
              s.lang === 'py'
                ? 'keep the prompt in a file such as prompts/system.md and read it once at start-up (Path("prompts/system.md").read_text())'
                : 'keep the prompt in a file such as prompts/system.md and read it once at start-up (readFileSync(new URL("./prompts/system.md", import.meta.url), "utf8"))'
          })
        }
        return out
      }
    )
    for (const r of reports) ctx.report(r)
  }
})
