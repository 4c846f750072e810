/**
 * workflow-secret-env: a secret is handed to more code than needs it.
 * Workflow-level `env:` reaches every step of every job (every third-party
 * action and script); job-level `env:` reaches every step of the job;
 * `toJSON(secrets)` serialises all of them at once; and a credential put into
 * Claude's session env (the action's `settings` input `env`, v0 `claude_env`)
 * is readable by every Bash command, hook and MCP server the agent starts;
 * a step that writes a secret to `$GITHUB_ENV` makes it a variable of every
 * later step of its job, as job-level `env:` would
 * (checklist item 7: each secret scoped to the step that needs it).
 * Docs: docs/rules/workflow-secret-env.md
 */
import { defineRule, type RuleContext } from './rule.js'
import type { ClaudeRun } from '../model/claude.js'
import { expressions, shellView, type Job, type Step, type Workflow } from '../model/workflow.js'
import { parseShell } from '../shell/parse.js'
import type { Span } from '../parse/source.js'
import { isIdentifierName, looksSecretName, namesCredential, referencesSecret, secretNames } from '../analysis/expressions.js'
import { untrustedStart, type WorkflowCaller } from '../analysis/callers.js'
import { claudeEnvLine, settingsInput } from '../analysis/claude-run.js'
import { isObject, type PathSeg, type StructuredDoc } from '../parse/doc.js'
import { CLAUDE_ENV_NAMES, OUTSIDER_EVENTS, outsiderEvents, spanInScalar } from '../analysis/workflow-security.js'
import { cutAtFirstInLastLine } from '../core/linear-text.js'
import { runnerWrites } from '../analysis/runner-files.js'
import type { ActionCall } from '../analysis/claude-runs.js'
import type { InputBinding } from '../model/claude.js'

/** The first `${{ secrets.X }}` expression of an env value, as a span inside the value. */
function secretExprSpan(doc: StructuredDoc, path: readonly PathSeg[], value: string): Span | undefined {
  const span = doc.span(path)
  if (!span) return undefined
  const e = expressions(value).find((x) => referencesSecret(`\${{ ${x.text} }}`))
  return e ? spanInScalar(span, value, e.start, e.end) : span
}

/**
 * Programs that take a credential from their environment without the script naming it, with the
 * variables their documentation lists: gh (`gh help environment`: GH_TOKEN, GITHUB_TOKEN and the
 * enterprise pair), the AWS CLI (configuration by environment variables), twine
 * (TWINE_USERNAME/TWINE_PASSWORD), cargo (CARGO_REGISTRY_TOKEN for `cargo publish`), Turborepo
 * (remote cache: TURBO_TOKEN, TURBO_TEAM, TURBO_TEAMID, TURBO_API, TURBO_REMOTE_CACHE_SIGNATURE_KEY)
 * and npm, pnpm and yarn (NODE_AUTH_TOKEN, which the `.npmrc` that actions/setup-node writes reads).
 */
const READS_FROM_ENV: Readonly<Record<string, readonly string[]>> = {
  gh: ['GH_TOKEN', 'GITHUB_TOKEN', 'GH_ENTERPRISE_TOKEN', 'GITHUB_ENTERPRISE_TOKEN'],
  aws: ['AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY', 'AWS_SESSION_TOKEN'],
  twine: ['TWINE_USERNAME', 'TWINE_PASSWORD'],
  cargo: ['CARGO_REGISTRY_TOKEN'],
  turbo: ['TURBO_TOKEN', 'TURBO_TEAM', 'TURBO_TEAMID', 'TURBO_API', 'TURBO_REMOTE_CACHE_SIGNATURE_KEY'],
  npm: ['NODE_AUTH_TOKEN'],
  pnpm: ['NODE_AUTH_TOKEN'],
  yarn: ['NODE_AUTH_TOKEN']
}

/** Package runners that start the program named in their first argument (`npx turbo run build`, `pnpm exec turbo`). */
const PACKAGE_RUNNERS = new Set(['npx', 'pnpx', 'bunx', 'pnpm', 'yarn', 'npm', 'bun'])
const RUNNER_VERBS = new Set(['exec', 'x', 'dlx'])

/** Whether a `run:` script runs a program that reads `name` from its environment by itself (`gh pr view` and GH_TOKEN). */
function runsReaderOf(run: string, name: string): boolean {
  const upper = name.toUpperCase()
  const programs = Object.keys(READS_FROM_ENV).filter((p) => READS_FROM_ENV[p]?.includes(upper) && mentions(run, p))
  if (programs.length === 0) return false
  const base = (w: string): string => w.slice(w.lastIndexOf('/') + 1)
  return parseShell(shellView(run)).commands.some((c) => {
    if (programs.includes(base(c.name))) return true
    if (!PACKAGE_RUNNERS.has(base(c.name))) return false
    // The program a runner starts: its first word that is not an option or `exec`/`x`/`dlx`.
    const first = c.args.find((a) => !a.text.startsWith('-') && !RUNNER_VERBS.has(a.text))
    return first !== undefined && programs.includes(base(first.text))
  })
}

function mentions(text: string, name: string): boolean {
  const n = name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
  return new RegExp(`(^|[^A-Za-z0-9_])${n}([^A-Za-z0-9_]|$)`).test(text)
}

/** Whether `name` is one of the credentials Claude itself runs with (its API key or OAuth token, the Bedrock or Vertex login). */
function claudeOwnCredential(name: string): boolean {
  return CLAUDE_ENV_NAMES.has(name.toUpperCase()) || /^(AWS_|GOOGLE_|CLOUD_ML_|ANTHROPIC_|CLAUDE_)/i.test(name)
}

/** Whether a step visibly uses env var `name`, or may use it without naming it. */
function stepUses(step: Step, name: string, claudeSteps: Set<Step>): boolean {
  if (claudeSteps.has(step)) {
    // The agent's own credentials are needed by the Claude step; any other secret only widens what it can read.
    if (claudeOwnCredential(name)) return true
    return mentions(JSON.stringify(step.with), name)
  }
  if (typeof step.run === 'string') return mentions(step.run, name) || mentions(JSON.stringify(step.with), name) || runsReaderOf(step.run, name)
  // An action may read the variable without naming it; only GitHub's own simple actions clearly do not.
  const uses = (step.uses ?? '').toLowerCase()
  if (/^actions\/(checkout|setup-[\w-]+|cache|upload-artifact|download-artifact)@/.test(uses)) return false
  return true
}

function stepLabel(step: Step): string {
  if (step.name) return step.name
  if (step.uses) return cutAtFirstInLastLine(step.uses, '@')
  return `step ${step.index + 1}`
}

/**
 * Secrets whose names say they hold identifiers (user names, URLs, client ids), not credentials,
 * set in a variable whose name does not say it holds a credential (an image reference built from
 * a registry and an application name is one).
 */
function onlyIdentifiers(envName: string, value: string): boolean {
  const names = secretNames(value)
  return names.length > 0 && names.every(isIdentifierName) && (isIdentifierName(envName) || names.includes(envName) || !namesCredential(envName))
}

/** A secret a step writes to `$GITHUB_ENV`, which makes it a variable of every later step of the job. */
interface EnvFileSecret {
  /** The variable the write sets, when its form names one (`NAME=…`, `NAME<<EOF`). */
  name?: string
  /** The step `env:` variable that carried the secret into the script, when it came that way. */
  carrier?: string
  /** The expression or env value that holds the secret. */
  value: string
  /** Where the secret enters: its `${{ }}` in the script, or in the step's `env:` entry. */
  at: Span
  /** The command that writes it to the file. */
  write: Span
}

/** Tags of the taint contexts given to runnerWrites: a step `env:` variable, or a `${{ }}` expression (its text follows). */
const FROM_ENV = 'env\0'
const FROM_EXPR = 'expr\0'

/**
 * Secrets a step's `run:` script writes to `$GITHUB_ENV` (src/analysis/runner-files.ts
 * finds the writes: `echo`/`printf`/heredocs redirected to the file, `tee -a`, `NAME<<EOF`
 * blocks, and copies through shell variables): a `${{ secrets.X }}` in the script, or a
 * variable of the step's own `env:` that holds one. Variables of job- or workflow-level
 * `env:` already reach every later step, so writing them again widens nothing.
 */
function githubEnvSecrets(wf: Workflow, step: Step): EnvFileSecret[] {
  const script = step.run
  if (typeof script !== 'string' || !script.includes('GITHUB_ENV')) return []
  const runSpan = wf.doc.span([...step.path, 'run'])
  if (!runSpan) return []
  const vars = new Map<string, string>()
  for (const [k, v] of Object.entries(step.env)) if (typeof v === 'string' && referencesSecret(v)) vars.set(k, FROM_ENV + k)
  const exprTaint = (raw: string): string | undefined => {
    const e = expressions(raw).find((x) => referencesSecret(`\${{ ${x.text} }}`))
    return e && FROM_EXPR + raw.slice(e.start, e.end)
  }
  const out: EnvFileSecret[] = []
  for (const w of runnerWrites(script, shellView(script), exprTaint, vars)) {
    if (w.file !== 'GITHUB_ENV') continue
    const write = spanInScalar(runSpan, script, w.cmd.start, w.cmd.end)
    if (w.context.startsWith(FROM_ENV)) {
      const carrier = w.context.slice(FROM_ENV.length)
      const value = step.env[carrier]
      const at = typeof value === 'string' ? secretExprSpan(wf.doc, [...step.path, 'env', carrier], value) : undefined
      if (at && typeof value === 'string') out.push({ name: w.name, carrier, value, at, write })
      continue
    }
    const expr = w.context.slice(FROM_EXPR.length)
    // The expression in the written piece, or in the assignment the piece copies (`T=${{ secrets.X }}` … `echo "A=$T"`).
    const inPiece = script.slice(w.start, w.end).indexOf(expr)
    const start = inPiece >= 0 ? w.start + inPiece : script.lastIndexOf(expr, w.start)
    if (start < 0) continue
    out.push({ name: w.name, value: expr, at: spanInScalar(runSpan, script, start, start + expr.length), write })
  }
  return out
}

/** A caller's input that a local composite action writes to `$GITHUB_ENV`. */
interface ActionEnvWrite {
  /** The input (lower-cased) whose value is written. */
  input: string
  /** The variable the write sets, when its form names one. */
  name?: string
  /** The command in the action's `run:` script that writes it. */
  write: Span
}

/** Tag of a taint context given to runnerWrites: an input of the action (its lower-cased name follows). */
const FROM_INPUT = 'input\0'
/** `inputs.NAME` inside an expression (not `x.inputs.NAME`). */
const INPUT_REF = /(?<![\w.])inputs\s*\.\s*([A-Za-z_][\w-]*)/g

/**
 * Inputs bound to a secret that a local composite action's `run:` scripts write to
 * `$GITHUB_ENV` (GitHub gives composite actions no `secrets` context: a secret gets in only
 * as an input): `${{ inputs.X }}` in the script, or a variable of the step's own `env:` that
 * holds one. The runner applies the file to the rest of the CALLER's job, as for a write
 * in the workflow itself.
 */
function actionEnvWrites(call: ActionCall): ActionEnvWrite[] {
  const secretInput = (text: string): string | undefined => {
    for (const m of text.matchAll(INPUT_REF)) {
      const b = call.inputs.get(m[1].toLowerCase())
      if (b && referencesSecret(b.value)) return m[1].toLowerCase()
    }
    return undefined
  }
  const taintOf = (raw: string): string | undefined => {
    for (const e of expressions(raw)) {
      const input = secretInput(e.text)
      if (input) return FROM_INPUT + input
    }
    return undefined
  }
  const out: ActionEnvWrite[] = []
  for (const s of call.action.steps) {
    const script = s.run
    if (typeof script !== 'string' || !script.includes('GITHUB_ENV')) continue
    const vars = new Map<string, string>()
    for (const [k, v] of Object.entries(s.env)) {
      const t = typeof v === 'string' ? taintOf(v) : undefined
      if (t) vars.set(k, t)
    }
    // With a fetch context (none: a composite step's `gh` output is not a secret), copies through command substitutions whose
    // pipelines keep the text are followed too (`K="$(printf '%s' "$K" | tr -d '[:space:]')"`).
    const writes = runnerWrites(script, shellView(script), taintOf, vars, () => undefined).filter((w) => w.file === 'GITHUB_ENV')
    const runSpan = writes.length ? call.action.doc.span([...s.path, 'run']) : undefined
    if (!runSpan) continue
    for (const w of writes) {
      out.push({ input: w.context.slice(FROM_INPUT.length), name: w.name, write: spanInScalar(runSpan, script, w.cmd.start, w.cmd.end) })
    }
  }
  return out
}

/** The binding the workflow itself wrote: an input passed on unchanged (`${{ inputs.X }}`) by enclosing actions leads there. */
function outermost(b: InputBinding | undefined): InputBinding | undefined {
  let at = b
  // Each binding's `outer` was made before it, so the chain ends.
  while (at?.outer) at = at.outer
  return at
}

/** Step labels for a message: the first `max`, then how many more. */
function labelList(steps: readonly Step[], max: number): string {
  return steps.slice(0, max).map(stepLabel).join(', ') + (steps.length > max ? ` and ${steps.length - max} more` : '')
}

/** Events an outsider can fire, or that run privileged for outside code (through callers, for reusable workflows). */
function untrustedTrigger(wf: Workflow, workflows: readonly Workflow[], callers: ReadonlyMap<Workflow, WorkflowCaller[]>): boolean {
  return untrustedStart(wf, workflows, callers, OUTSIDER_EVENTS)
}

/** Untrusted input can reach this run (anyone may trigger it). */
function openToOutsiders(run: ClaudeRun): boolean {
  const v = run.step.with.allowed_non_write_users
  const star = typeof v === 'string' && v.split(/[\s,]+/).includes('*')
  return star || (run.kind !== 'action' && outsiderEvents(run.workflow).length > 0)
}

export default defineRule({
  meta: {
    id: 'workflow-secret-env',
    checklistItems: [7],
    area: 'credentials',
    severity: 'high',
    confidence: 'high',
    description: 'secret exposed to more steps than need it',
    messages: {
      workflowEnv:
        'secret {{secret}} is set in workflow-level `env:` ({{name}}): every step of every job, including third-party actions and scripts{{claude}}, receives it',
      jobEnv:
        "secret {{secret}} is set in job {{job}}'s `env:` ({{name}}), so every step of the job receives it, also steps that neither name it nor run a program known to read it: {{steps}}",
      toJson:
        '`toJSON(secrets)` serialises every secret of the repository into one value: whatever receives it holds all of them',
      githubEnv:
        'secret {{secret}} is written to `$GITHUB_ENV` ({{name}}) by {{step}}, so it is an environment variable of every later step of job {{job}}: {{steps}}{{claude}}',
      githubEnvAction:
        'secret {{secret}} is passed as input `{{input}}` of the local action {{action}}, which writes it to `$GITHUB_ENV` ({{name}}), so it is an environment variable of every later step of job {{job}}: {{steps}}{{claude}}',
      githubEnvAll:
        '`toJSON(secrets)` is written to `$GITHUB_ENV` by {{step}}: every secret of the repository is then in the environment of every later step of job {{job}}: {{steps}}{{claude}}',
      claudeEnv:
        "secret {{secret}} is injected into Claude's session env ({{name}}) through the action's `{{input}}` input: every Bash command, hook and MCP server the agent starts can read it{{outsiders}}",
      agenticOtlp:
        'secret {{secret}} in `observability.otlp.headers` ({{header}}) is compiled into the workflow-level `env:` (OTEL_EXPORTER_OTLP_HEADERS) of {{list}}: every step of every job, including third-party actions and scripts, receives it'
    }
  },
  check(ctx) {
    agenticOtlpHeaders(ctx)
    const claudeSteps = new Set<Step>(ctx.project.claudeRuns.map((r) => r.step))
    const claudeJobs = new Set<Job>(ctx.project.claudeRuns.map((r) => r.job))
    // The workflow's own steps that run Claude (for a run inside a local action, the step that uses the action).
    const claudeWfSteps = new Set<Step>(ctx.project.claudeRuns.map((r) => r.via[0]?.step ?? r.step))
    for (const wf of ctx.project.workflows) {
      const runsClaude = wf.jobs.some((j) => claudeJobs.has(j))
      // Full severity where the secret can reach Claude or code an outsider starts; lower elsewhere.
      const untrusted = untrustedTrigger(wf, ctx.project.workflows, ctx.project.callers)
      const reach = (claude: boolean): 'medium' | undefined => (claude || untrusted ? undefined : 'medium')
      for (const [name, v] of Object.entries(wf.env)) {
        if (typeof v !== 'string' || !referencesSecret(v) || onlyIdentifiers(name, v)) continue
        const at = secretExprSpan(wf.doc, ['env', name], v)
        if (!at) continue
        ctx.report({
          messageId: 'workflowEnv',
          data: { secret: secretNames(v)[0] ?? name, name, claude: runsClaude ? ' and the Claude agent' : '' },
          at,
          severity: reach(runsClaude),
          key: `workflow-env:${name}`,
          tip: 'move it to the `env:` of the one step that needs it'
        })
      }
      for (const job of wf.jobs) {
        for (const [name, v] of Object.entries(job.env)) {
          if (typeof v !== 'string' || !referencesSecret(v) || onlyIdentifiers(name, v)) continue
          const idle = job.steps.filter((s) => !stepUses(s, name, claudeSteps))
          if (idle.length === 0) continue
          const at = secretExprSpan(wf.doc, [...job.path, 'env', name], v)
          if (!at) continue
          const labels = idle.slice(0, 3).map(stepLabel)
          ctx.report({
            messageId: 'jobEnv',
            data: {
              secret: secretNames(v)[0] ?? name,
              job: job.id,
              name,
              steps: labels.join(', ') + (idle.length > 3 ? ` and ${idle.length - 3} more` : '')
            },
            at,
            severity: reach(claudeJobs.has(job)),
            confidence: 'medium',
            key: `job-env:${job.id}:${name}`,
            tip: 'move it to the `env:` of the step that uses it'
          })
        }
      }
      // Secrets a step writes to `$GITHUB_ENV`: every later step of the job receives them.
      const envFileAll = new Set<number>()
      for (const job of wf.jobs) {
        const reported = new Set<number>()
        for (const step of job.steps) {
          const later = job.steps.filter((s) => s.index > step.index)
          if (later.length === 0) continue
          for (const w of githubEnvSecrets(wf, step)) {
            if (reported.has(w.at.start)) continue
            const all = secretNames(w.value).length === 0
            if (!all && onlyIdentifiers(w.name ?? w.carrier ?? '', w.value)) continue
            // As for job-level `env:`: reported when some later step neither names the variable nor runs a program known to read it.
            if (!all && w.name !== undefined && later.every((s) => stepUses(s, w.name as string, claudeSteps))) continue
            reported.add(w.at.start)
            // A later Claude step raises the stakes, except for Claude's own credential, which that step holds anyway.
            const withClaude = later.filter((s) => claudeWfSteps.has(s) && !(w.name !== undefined && claudeOwnCredential(w.name)))
            const data = {
              secret: secretNames(w.value)[0] ?? w.carrier ?? '',
              name: w.name ?? 'a variable',
              step: step.name ? `step ${step.name}` : stepLabel(step),
              job: job.id,
              steps: labelList(later, 4),
              claude: withClaude.length ? `; Claude runs in ${labelList(withClaude, 2)}, and its Bash tool can read it there` : ''
            }
            const related = [{ at: w.write, note: 'written to `$GITHUB_ENV` here' }]
            if (all) {
              envFileAll.add(w.at.start)
              ctx.report({
                messageId: 'githubEnvAll',
                data,
                at: w.at,
                severity: reach(runsClaude),
                key: `github-env:${job.id}:toJSON`,
                related,
                tip: 'pass each secret the later step needs by name, as that step\'s own `env:`'
              })
              continue
            }
            ctx.report({
              messageId: 'githubEnv',
              data,
              at: w.at,
              severity: reach(withClaude.length > 0),
              confidence: 'medium',
              key: `github-env:${job.id}:${w.name ?? ''}:${data.secret}`,
              related,
              tip: `do not write the secret to \`$GITHUB_ENV\`: pass it as the step-level \`env:\` of the step that needs it (\`${w.name ?? 'NAME'}: ${'$'}{{ secrets.${data.secret} }}\`)`
            })
          }
        }
      }
      // toJSON(secrets) anywhere else in the file (outside comments).
      const text = wf.doc.file.text
      for (const m of toJsonSecrets(text)) {
        if (envFileAll.has(m.start)) continue
        const lineStart = text.lastIndexOf('\n', m.start) + 1
        if (/^\s*#/.test(text.slice(lineStart, m.start))) continue
        ctx.report({
          messageId: 'toJson',
          at: { file: wf.doc.file, start: m.start, end: m.end },
          severity: reach(runsClaude),
          tip: 'pass each secret the step needs by name'
        })
      }
    }
    // Secrets a workflow passes to a local composite action that writes them to `$GITHUB_ENV`: every later step of the
    // caller's job receives them. One finding per value the workflow passes (the action's own later steps are in that job too).
    const untrustedWf = new Map<Workflow, boolean>()
    const actionReported = new Set<string>()
    for (const call of ctx.project.actionCalls) {
      const { workflow: wf, job } = call
      const later = job.steps.filter((s) => s.index > call.step.index)
      if (later.length === 0) continue
      for (const w of actionEnvWrites(call)) {
        // Where the workflow wrote the value: a secret is reachable in a workflow only, never inside an action.
        const b = outermost(call.inputs.get(w.input))
        if (!b?.doc || !b.path || b.doc !== wf.doc) continue
        const value = b.value
        if (secretNames(value).length === 0) continue // toJSON(secrets): the toJson finding covers it
        const input = String(b.path[b.path.length - 1])
        if (onlyIdentifiers(w.name ?? input, value)) continue
        if (w.name !== undefined && later.every((s) => stepUses(s, w.name as string, claudeSteps))) continue
        const at = secretExprSpan(b.doc, b.path, value)
        if (!at) continue
        const k = `${at.file.path}\0${at.start}`
        if (actionReported.has(k)) continue
        actionReported.add(k)
        let untrusted = untrustedWf.get(wf)
        if (untrusted === undefined) untrustedWf.set(wf, (untrusted = untrustedTrigger(wf, ctx.project.workflows, ctx.project.callers)))
        const withClaude = later.filter((s) => claudeWfSteps.has(s) && !(w.name !== undefined && claudeOwnCredential(w.name)))
        const secret = secretNames(value)[0] ?? input
        const action = call.via[0]?.path ?? call.action.doc.file.path
        ctx.report({
          messageId: 'githubEnvAction',
          data: {
            secret,
            input,
            action,
            name: w.name ?? 'a variable',
            job: job.id,
            steps: labelList(later, 4),
            claude: withClaude.length ? `; Claude runs in ${labelList(withClaude, 2)}, and its Bash tool can read it there` : ''
          },
          at,
          severity: withClaude.length > 0 || untrusted ? undefined : 'medium',
          confidence: 'medium',
          key: `github-env-action:${job.id}:${action}:${input}:${secret}`,
          related: [{ at: w.write, note: `written to \`$GITHUB_ENV\` here, in ${call.action.doc.file.path}` }],
          tip: 'pass the secret only to the step that needs it (its own `env:`), or keep it inside the action (the `env:` of the action\'s steps that use it) instead of writing it to `$GITHUB_ENV`'
        })
      }
    }
    // Secrets placed in Claude's own session env.
    for (const run of ctx.project.claudeRuns) {
      if (run.kind === 'cli') continue
      const outsiders = openToOutsiders(run)
      const report = (input: string, value: string, envKey: string, exprStart: number, exprEnd: number): void => {
        const span = run.doc.span([...run.step.path, 'with', input])
        if (!span) return
        const exprRaw = value.slice(exprStart, exprEnd)
        const at = spanInScalar(span, value, exprStart, exprEnd)
        ctx.report({
          messageId: 'claudeEnv',
          data: {
            secret: secretNames(exprRaw)[0] ?? envKey,
            name: envKey,
            input,
            outsiders: outsiders ? ', and anyone can start this run with their own text as the prompt' : ''
          },
          at,
          severity: outsiders ? 'high' : 'medium',
          key: `claude-env:${run.job.id}:${envKey}`,
          tip: 'give the agent a narrowly scoped, short-lived credential, or keep the secret in a separate step that does the privileged call outside the agent'
        })
      }
      const settings = settingsInput(run)
      const raw = run.step.with.settings
      if (settings && isObject(settings.env) && typeof raw === 'string') {
        for (const [k, v] of Object.entries(settings.env)) {
          if (typeof v !== 'string' || !referencesSecret(v) || CLAUDE_ENV_NAMES.has(k.toUpperCase())) continue
          if (!looksSecretName(k) && !secretNames(v).some(looksSecretName)) continue
          const keyAt = raw.indexOf(`"${k}"`)
          if (keyAt < 0) continue
          const e = expressions(raw.slice(keyAt)).find((x) => referencesSecret(`\${{ ${x.text} }}`))
          if (!e) continue
          report('settings', raw, k, keyAt + e.start, keyAt + e.end)
        }
      }
      const ce = run.step.with.claude_env
      if (run.major === 'v0' && typeof ce === 'string') {
        let offset = 0
        for (const line of ce.split('\n')) {
          const m = claudeEnvLine(line)
          if (
            m &&
            referencesSecret(m[2]) &&
            !CLAUDE_ENV_NAMES.has(m[1].toUpperCase()) &&
            (looksSecretName(m[1]) || secretNames(m[2]).some(looksSecretName))
          ) {
            const e = expressions(line).find((x) => referencesSecret(`\${{ ${x.text} }}`))
            if (e) report('claude_env', ce, m[1], offset + e.start, offset + e.end)
          }
          offset += line.length + 1
        }
      }
    }
  }
})

const TO_JSON_SECRETS = /\btoJSON\s*\(\s*secrets\s*\)/i

/**
 * `${{ … toJSON(secrets) … }}` expressions without `}` inside, found in one
 * pass: every `${{` before the same first `}` shares that end, so once it is
 * tried the search goes on after it (the regular expression
 * `\$\{\{[^}]*?\btoJSON…[^}]*?\}\}` retried from each unclosed `${{`: cubic).
 */
function toJsonSecrets(text: string): { start: number; end: number }[] {
  const out: { start: number; end: number }[] = []
  // A necessary condition, on the whole file at once: each piece tested below is a slice of the text
  // that starts right after `${{` (a `{` before it, so `\b` holds there in the text too).
  if (!TO_JSON_SECRETS.test(text)) return out
  let at = 0
  for (;;) {
    const open = text.indexOf('${{', at)
    if (open < 0) break
    const brace = text.indexOf('}', open + 3)
    if (brace < 0) break
    if (text[brace + 1] === '}' && TO_JSON_SECRETS.test(text.slice(open + 3, brace)))
      out.push({ start: open, end: brace + 2 })
    at = brace + 1
  }
  return out
}

/**
 * gh-aw sources: `observability.otlp.headers` (the source's own or an imported
 * file's) is compiled into the lock file's workflow-level `env:` as
 * OTEL_EXPORTER_OTLP_HEADERS, so a secret there reaches every step of every
 * job. A shared file imported by several workflows is reported once, at the
 * header, naming them.
 */
function agenticOtlpHeaders(ctx: RuleContext): void {
  const places = new Map<string, { at: Span; secret: string; header: string; paths: string[]; via: Span[] }>()
  for (const aw of ctx.project.agenticWorkflows) {
    for (const f of [{ fm: aw.fm, data: aw.data, via: aw.anchor }, ...aw.imports]) {
      const o = f.data.observability
      const headers = isObject(o) && isObject(o.otlp) && isObject(o.otlp.headers) ? o.otlp.headers : undefined
      for (const [header, v] of Object.entries(headers ?? {})) {
        if (typeof v !== 'string' || !referencesSecret(v)) continue
        const at = secretExprSpan(f.fm, ['observability', 'otlp', 'headers', header], v)
        if (!at) continue
        const key = `${at.file.path}\0${at.start}`
        const place = places.get(key) ?? { at, secret: secretNames(v)[0] ?? header, header, paths: [], via: [] }
        place.paths.push(aw.path)
        if (f.fm !== aw.fm) place.via.push(f.via)
        places.set(key, place)
      }
    }
  }
  for (const p of places.values()) {
    ctx.report({
      messageId: 'agenticOtlp',
      data: { secret: p.secret, header: p.header, list: p.paths.length === 1 ? `the lock file of ${p.paths[0]}` : `the lock files of the ${p.paths.length} agentic workflows that import it (${p.paths.join(', ')})` },
      at: p.at,
      severity: 'medium',
      related: p.via.map((at, i) => ({ at, note: `${p.paths[i]} imports this` })),
      key: `agentic-otlp:${p.header}`,
      tip: 'gh-aw sends the header from every job; keep the token write-only and scoped to trace ingest, or export traces through a collector that holds it'
    })
  }
}
