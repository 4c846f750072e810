/**
 * template-injection: GitHub expands `${{ }}` before the shell (or Claude)
 * sees the text, so an attacker-controlled field (an issue title, a comment, a
 * branch name) interpolated into a `run:` script becomes shell code, into an
 * `actions/github-script` script becomes JavaScript, and into the Claude
 * action's `prompt` or `claude_args` becomes instructions and flags of an
 * agent that holds the job's secrets. Maintainer-supplied `inputs.*` in a
 * `run:` script are reported at low severity.
 * Docs: docs/rules/template-injection.md
 */
import { defineRule } from './rule.js'
import { expressions, type Job, type Step, type Workflow } from '../model/workflow.js'
import { claudeActionOf } from '../model/claude.js'
import type { PathSeg } from '../parse/doc.js'
import { actionName, safeInputs, spanInScalar, stepEnv, taintsOf, type Taint } from './utils/gha-security.js'

/** Inputs of the Claude actions that become the agent's instructions or flags. */
const PROMPT_INPUTS = [
  'prompt',
  'direct_prompt',
  'override_prompt',
  'custom_instructions',
  'system_prompt',
  'append_system_prompt',
  'claude_args'
] as const

type Sink = 'run' | 'script' | 'prompt'

interface Target {
  path: PathSeg[]
  value: string
  sink: Sink
  input: string
}

function targetsOf(step: Step): Target[] {
  const out: Target[] = []
  if (typeof step.run === 'string')
    out.push({ path: [...step.path, 'run'], value: step.run, sink: 'run', input: 'run' })
  if (actionName(step.uses) === 'actions/github-script' && typeof step.with.script === 'string') {
    out.push({ path: [...step.path, 'with', 'script'], value: step.with.script, sink: 'script', input: 'script' })
  }
  if (claudeActionOf(step.uses)) {
    for (const k of PROMPT_INPUTS) {
      const v = step.with[k]
      if (typeof v === 'string') out.push({ path: [...step.path, 'with', k], value: v, sink: 'prompt', input: k })
    }
  }
  return out
}

/** Taints of an expression, following `env.NAME` to the env entry that defines it. */
function resolve(text: string, wf: Workflow, job: Job, step: Step, safe: ReadonlySet<string>): Taint[] {
  const direct = taintsOf(text, { safeInputs: safe })
  const env = stepEnv(wf, job, step)
  const out = [...direct]
  for (const m of text.matchAll(/(?<![\w.])env\s*\.\s*([A-Za-z_][\w-]*)/g)) {
    const v = env[m[1]]
    if (typeof v !== 'string') continue
    for (const e of expressions(v)) {
      for (const t of taintsOf(e.text, { safeInputs: safe }))
        out.push({ kind: t.kind, context: `env.${m[1]} (${t.context})` })
    }
  }
  return out
}

export default defineRule({
  meta: {
    id: 'template-injection',
    checklistItems: [],
    area: 'workflows',
    severity: 'high',
    confidence: 'high',
    description: 'attacker-controlled text interpolated into a prompt or script',
    messages: {
      run: "`{{context}}` is expanded into the `run:` script of job {{job}} before the shell parses it: whoever writes that text can run commands on the runner with the job's token and secrets",
      script:
        "`{{context}}` is expanded into the github-script code of job {{job}}: whoever writes that text can run JavaScript with the job's token",
      prompt:
        "`{{context}}` is expanded into `{{input}}` of the Claude step in job {{job}}: whoever writes that text gives the agent instructions{{flags}} with the job's token and secrets",
      input:
        '`{{context}}` is expanded into the `run:` script of job {{job}}: the value is typed by whoever starts the workflow (a maintainer), but a quote or `$(...)` in it still runs as shell code'
    }
  },
  check(ctx) {
    for (const wf of ctx.project.workflows) {
      const safe = safeInputs(wf)
      for (const job of wf.jobs) {
        for (const step of job.steps) {
          for (const t of targetsOf(step)) {
            const span = wf.doc.span(t.path)
            if (!span) continue
            const seen = new Set<string>()
            for (const e of expressions(t.value)) {
              const taints = resolve(e.text, wf, job, step, safe)
              const bad =
                taints.find((x) => x.kind === 'untrusted') ??
                (t.sink === 'run' ? taints.find((x) => x.kind === 'input') : undefined)
              if (!bad) continue
              const raw = t.value.slice(e.start, e.end)
              if (seen.has(raw)) continue
              seen.add(raw)
              const at = spanInScalar(span, t.value, e.start, e.end)
              const untrusted = bad.kind === 'untrusted'
              ctx.report({
                messageId: untrusted ? t.sink : 'input',
                data: {
                  context: bad.context,
                  job: job.id,
                  input: t.input,
                  flags: t.input === 'claude_args' ? ' and command-line flags' : ''
                },
                at,
                severity: untrusted ? undefined : 'low',
                tip:
                  t.sink === 'prompt'
                    ? 'do not splice outside text into the prompt: give the issue or PR number and let Claude read the text with its GitHub tools, where it is marked as untrusted data'
                    : t.sink === 'script'
                      ? 'pass the value through `env:` and read it as `process.env.NAME` in the script'
                      : 'pass the value through `env:` (`TITLE: ${{ ... }}`) and use it quoted in the script (`"$TITLE"`)'
              })
            }
          }
        }
      }
    }
  }
})
