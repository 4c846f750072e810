/**
 * model-not-pinned: Claude runs in CI without an explicit model, so a change of
 * the default silently changes cost and behaviour (item 11). Project agents
 * without `model` are reported at low severity (agent files Claude Code skips,
 * without `name` or `description`, are not). An expression in `claude_args` that may
 * add flags counts when a step output it reads carries `--model` on every path; one
 * that cannot be read is named in the message, at medium confidence
 * (src/analysis/args-expressions.ts).
 * Docs: docs/rules/model-not-pinned.md
 */
import { defineRule } from './rule.js'
import { agentLoaded, callerMayAdd, flag, inputHonoured, runEnv, settingsEnv, settingsInput } from '../analysis/claude-run.js'
import type { ClaudeRun } from '../model/claude.js'
import { everyCallerSets } from '../analysis/callers.js'
import { argsExpressionFlag } from '../analysis/args-expressions.js'
import { assignsField, perApiFile, sdkCalls, spanFrom } from '../analysis/anthropic-code.js'
import { launchPlace, MODEL_NEED, uncappedLaunchesIn, type UncappedLaunch } from '../analysis/code-claude-runs.js'
import { uncappedShellLaunchesIn } from '../analysis/claude-runs.js'
import { findCliCode, findCliShell } from '../model/cli-code.js'
import { handRunClause } from '../model/load-scope.js'
import { cachedParse } from '../parse/parse-cache.js'
import { whileTimeLeft } from '../core/budget.js'
import type { Project } from '../model/project.js'
import type { SourceFile } from '../parse/source.js'
import type { Report } from './rule.js'

export default defineRule({
  meta: {
    id: 'model-not-pinned',
    checklistItems: [11],
    area: 'cost',
    severity: 'medium',
    confidence: 'high',
    description: 'unattended Claude run without an explicit model',
    messages: {
      run: 'Claude run in job {{job}} does not choose a model (`--model`, `ANTHROPIC_MODEL` or settings `model`): it runs on whatever the default is that day',
      v0Run: 'Claude run in job {{job}} does not choose a model (the `model` input of {{ref}}, a v0 release of the Claude action, `ANTHROPIC_MODEL` or settings `model`): it runs on whatever the default is that day',
      runUntold:
        'Claude run in job {{job}} chooses no model the audit can see: its `claude_args` take flags from `{{expression}}`, which cannot be read here; unless that value carries `--model`, it runs on whatever the default is that day',
      sdkRun:
        'Agent SDK session `{{call}}` in {{script}}, run by job {{job}}, does not choose a model (`{{option}}` option, `ANTHROPIC_MODEL` or settings `model`): it runs on whatever the default is that day',
      ignoredInput:
        'Claude run in job {{job}} does not choose a model: `{{input}}` is a v0 input that {{ref}} ignores; use `claude_args: --model <id>`',
      agentic: 'agentic workflow {{path}} runs the Claude engine without `model` under `engine:`: it runs on whatever the default is that day',
      agent: 'agent {{name}} has no `model`: it inherits the session model, which may be far more expensive than the task needs',
      sdkCode:
        'Agent SDK session `{{call}}` does not choose a model (`{{option}}` option, `ANTHROPIC_MODEL` or settings `model`): it runs unattended on whatever the default is that day',
      cliCode:
        '{{launch}} started by {{script}} does not choose a model (`--model`, `ANTHROPIC_MODEL` or settings `model`): it runs unattended on whatever the default is that day',
      cliCodeHandRun:
        '{{launch}} started by {{script}} in {{place}}, does not choose a model (`--model`, `ANTHROPIC_MODEL` or settings `model`): run as it stands, or copied into a job, it runs on whatever the default is that day'
    }
  },
  check(ctx) {
    const p = ctx.project
    const projectModel = p.settings.some((s) => s.scope === 'project' && s.projectDir === '' && typeof s.value.model === 'string')
    // One command run several times (a script two steps run, a function called twice with other flags, a
    // local action several jobs use) is one finding at its place, naming every job that runs it unpinned.
    const byAnchor = new Map<string, { run: (typeof p.claudeRuns)[number]; jobs: string[]; input?: string; untold?: string }>()
    for (const run of p.claudeRuns) {
      if (flag(run, '--model') || callerMayAdd(run)) continue
      // A reusable workflow's `claude_args` from its callers' inputs: pinned when every caller passes `--model`.
      if (everyCallerSets(run, p.callers, '--model')) continue
      // An expression in `claude_args` that may add flags: a step output carrying `--model` pins it; one not known is said so.
      const fromExpression = argsExpressionFlag(run, '--model')
      if (fromExpression?.verdict === 'set') continue
      const env = { ...runEnv(run), ...settingsEnv(run), ...run.sdk?.env }
      if (env.ANTHROPIC_MODEL !== undefined) continue
      if (typeof settingsInput(run)?.model === 'string') continue
      if (projectModel) continue
      const w = run.step.with
      const input = ['model', 'anthropic_model'].find((k) => typeof w[k] === 'string' && (w[k] as string).trim())
      if (input && inputHonoured(run, input)) continue
      if (run.fork && forkModelInput(run)) continue
      const untold = !input && fromExpression?.verdict === 'unknown' ? fromExpression.expression : undefined
      const k = `${run.anchor.file.path}\0${run.anchor.start}\0${run.sdk ? 'sdk' : (input ?? '')}\0${untold ?? ''}`
      const seen = byAnchor.get(k)
      if (seen) {
        if (!seen.jobs.includes(run.job.id)) seen.jobs.push(run.job.id)
      } else byAnchor.set(k, { run, jobs: [run.job.id], input, untold })
    }
    for (const { run, jobs, input, untold } of byAnchor.values()) {
      const job = jobs.join(', ')
      if (run.sdk) {
        ctx.report({
          messageId: 'sdkRun',
          data: { call: run.sdk.callee, script: run.anchor.file.path, job, option: 'model' },
          at: run.anchor,
          tip: run.sdk.lang === 'js' ? "set `model` in the query options: options: { model: 'claude-sonnet-4-6' }" : 'set `model` in the options: ClaudeAgentOptions(model="claude-sonnet-4-6")'
        })
        continue
      }
      // A v0 release has no `claude_args`: its own `model` input is the way.
      const v0 = run.kind !== 'cli' && run.major === 'v0' && !input && !untold
      ctx.report({
        messageId: input ? 'ignoredInput' : untold ? 'runUntold' : v0 ? 'v0Run' : 'run',
        data: { job, input: input ?? '', ref: `@${run.ref ?? (v0 ? 'beta' : 'v1')}`, ...(untold ? { expression: untold } : {}) },
        ...(untold ? { confidence: 'medium' as const } : {}),
        at: run.anchor,
        tip:
          run.kind === 'cli'
            ? 'add `--model claude-sonnet-4-6` (or the model you mean)'
            : v0
              ? 'set the `model` input, or move to `anthropics/claude-code-action@v1` and add `--model <model id>` to `claude_args`'
              : 'add `--model <model id>` to `claude_args`'
      })
    }
    for (const aw of p.agenticWorkflows) {
      // `model:` under `engine:`, or at the top of the frontmatter as newer gh-aw releases write it (compiled into ANTHROPIC_MODEL).
      if ([aw.engine.model, aw.data.model].some((m) => typeof m === 'string' && m.trim())) continue
      ctx.report({
        messageId: 'agentic',
        data: { path: aw.path },
        at: aw.anchor,
        tip: 'write `engine: { id: claude, model: claude-sonnet-4-6 }` in the frontmatter and run `gh aw compile`'
      })
    }
    for (const a of p.agents) {
      // Claude Code skips agent files without `name` or `description`: they never run.
      if (!agentLoaded(a) || a.data.model !== undefined) continue
      const at = a.md.frontmatter?.span(['name'], 'key') ?? { path: a.path, line: 1 }
      ctx.report({ messageId: 'agent', data: { name: String(a.data.name) }, at, severity: 'low', confidence: 'medium' })
    }
  },
  // Unattended runs in the repository's code and scripts that no workflow runs (a workflow's are judged above).
  codeYieldsToRuns: true,
  checkCode(ctx) {
    const project = ctx.project
    // The root project's settings `model` applies wherever Claude runs in the repository.
    if (project.settings.some((s) => s.scope === 'project' && s.projectDir === '' && typeof s.value.model === 'string')) return
    const reports = perApiFile(project, 'model-not-pinned', (s) => {
      const out: Report[] = []
      if (s.file.text.includes('ANTHROPIC_MODEL')) return out
      for (const call of sdkCalls(s)) {
        if (call.options === undefined) continue
        if (call.options !== null) {
          if (call.options.some((e) => e.spread || e.key === 'model')) continue
          if (call.optionsName && assignsField(s, call.optionsName, MODEL_FIELD)) continue
        }
        out.push({
          messageId: 'sdkCode',
          data: { call: call.callee.text, option: 'model' },
          at: spanFrom(s, call.callee),
          // A client session may be interactive (a person sends each message); query() runs unattended.
          confidence: call.kind === 'client' ? 'medium' : 'high',
          tip: s.lang === 'js' ? "set `model` in the query options: options: { model: 'claude-sonnet-4-6' }" : 'set `model` in the options: ClaudeAgentOptions(model="claude-sonnet-4-6")'
        })
      }
      return out
    })
    for (const r of reports) ctx.report(r)
    const launch = (file: SourceFile, l: UncappedLaunch): void =>
      ctx.report({
        messageId: 'cliCode',
        data: { script: file.path, launch: l.noPrintFlag ? '`claude` in print mode (no `-p`, but its output is captured)' : '`claude -p`' },
        at: { file, start: l.start, end: l.end },
        tip: 'add `--model claude-sonnet-4-6` (or the model you mean)'
      })
    for (const { file, lang } of whileTimeLeft(ctx, 'model-not-pinned', findCliCode(project), (f) => f.file.path)) {
      // What a file starts depends on its text alone: kept between runs (src/parse/parse-cache.ts).
      for (const l of cachedParse(`model-not-pinned-cli\0${lang}`, file.text, () => uncappedLaunchesIn(file, lang, MODEL_NEED))) launch(file, l)
    }
    for (const file of whileTimeLeft(ctx, 'model-not-pinned', findCliShell(project), (f) => f.path)) {
      for (const l of cachedParse('model-not-pinned-cli\0sh', file.text, () => uncappedShellLaunchesIn(file, MODEL_NEED))) launch(file, l)
    }
  },
  // A launch a workflow runs is that workflow's run (judged by check); in an example folder it is run by hand if at all (low).
  codeReportWithRuns(r, project) {
    return codeWithRuns(r, project)
  }
})

const MODEL_FIELD: ReadonlySet<string> = new Set(['model'])

function codeWithRuns(r: Report, project: Project): Report | undefined {
  if (r.at === null || !('file' in r.at) || !('start' in r.at)) return r
  const dir = launchPlace(project.claudeRuns, r.at.file.path, r.at.start)
  if (dir === 'run') return undefined
  if (!dir) return r
  if (r.messageId === 'cliCode') return { ...r, messageId: 'cliCodeHandRun', data: { ...r.data, place: handRunClause(dir) }, severity: 'low' }
  return { ...r, severity: 'low' }
}

/**
 * A wrapper or copy of the action (another repository's, read or not): which inputs it reads
 * is its own, and one whose name says it is the model (`default_model`, `claude_model`), given a
 * value, chooses the model. A fallback model does not choose the one the run starts on.
 */
function forkModelInput(run: ClaudeRun): boolean {
  const declared = run.fork?.declared
  return Object.entries(run.step.with).some(
    ([k, v]) => /model/i.test(k) && !/fallback/i.test(k) && typeof v === 'string' && v.trim() !== '' && (!declared || declared.has(k.toLowerCase()))
  )
}
