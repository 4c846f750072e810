/**
 * debug-output-leak: the Claude action prints every message of the session,
 * tool output included, to the job log — because of `show_full_output: true`,
 * or because the workflow sets `ACTIONS_STEP_DEBUG` to `true` in the env the
 * action sees (workflow, job or step `env:`, or `$GITHUB_ENV` in an earlier
 * step), which the action treats as debug mode and turns full output on.
 * Anything a tool printed (an env dump, a config file, a token in an error)
 * lands in a log that anyone can read on a public repository; GitHub masks
 * registered secrets only when they appear verbatim. A repository secret or
 * variable named `ACTIONS_STEP_DEBUG` (debug re-runs) is not in any file, so it
 * is not reported.
 * Docs: docs/rules/debug-output-leak.md
 */
import { defineRule } from './rule.js'
import type { ClaudeRun } from '../model/claude.js'
import type { Span } from '../parse/source.js'
import { isTrue } from '../analysis/workflow-security.js'
import { githubEnvWrites, runEnv } from '../analysis/claude-run.js'
import { findInSpan } from '../analysis/locate-text.js'

const DEBUG = 'ACTIONS_STEP_DEBUG'

/** The action compares the variable with the string `true` (YAML `true` arrives as that string). */
function debugOn(v: unknown): boolean {
  return v === true || v === 'true'
}

/** Where the `ACTIONS_STEP_DEBUG` value the run sees is set: the last source that sets it. */
function debugSource(run: ClaudeRun): { at: Span; where: string } | undefined {
  const wf = run.workflow
  if (run.step.env[DEBUG] !== undefined) {
    const at = run.doc.span([...run.step.path, 'env', DEBUG], 'pair')
    return at && { at, where: 'the `env:` of the Claude step' }
  }
  for (const step of [...run.job.steps].reverse()) {
    if (step.index >= run.step.index || !step.run || !step.run.includes(DEBUG)) continue
    if (githubEnvWrites(step.run)[DEBUG] === undefined) continue
    const span = wf.doc.span([...step.path, 'run'])
    return span && { at: findInSpan(span, DEBUG), where: `\`$GITHUB_ENV\` by step ${step.index + 1} of job ${run.job.id}` }
  }
  if (run.job.env[DEBUG] !== undefined) {
    const at = wf.doc.span([...run.job.path, 'env', DEBUG], 'pair')
    return at && { at, where: `the \`env:\` of job ${run.job.id}` }
  }
  if (wf.env[DEBUG] !== undefined) {
    const at = wf.doc.span(['env', DEBUG], 'pair')
    return at && { at, where: 'the workflow `env:`' }
  }
  return undefined
}

export default defineRule({
  meta: {
    id: 'debug-output-leak',
    checklistItems: [],
    area: 'workflows',
    severity: 'medium',
    confidence: 'high',
    description: 'full Claude output logged',
    messages: {
      fullOutput:
        '`show_full_output: true` in job {{job}} writes every message of the Claude session, tool output included, to the job log: whatever a tool prints (env, files, tokens in errors) becomes readable by anyone who can see the log',
      debugEnv:
        '`ACTIONS_STEP_DEBUG` set to `true` in {{where}} turns on the full output of the Claude action in {{jobs}} (as `show_full_output: true` does): every message of the session, tool output included, goes to the job log, readable by anyone who can see the log'
    }
  },
  check(ctx) {
    const debug = new Map<string, { at: Span; where: string; jobs: string[] }>()
    for (const run of ctx.project.claudeRuns) {
      if (run.kind === 'cli') continue
      if (isTrue(run.step.with.show_full_output)) {
        const at = run.doc.span([...run.step.path, 'with', 'show_full_output'])
        if (!at) continue
        ctx.report({
          messageId: 'fullOutput',
          data: { job: run.job.id },
          at,
          tip: 'remove `show_full_output` (it defaults to false); remember that re-running with debug logging (`ACTIONS_STEP_DEBUG`) turns it on as well'
        })
        continue
      }
      if (!debugOn(runEnv(run)[DEBUG])) continue
      const src = debugSource(run)
      if (!src) continue
      // One setting at workflow or job level covers every Claude step under it: report it once.
      const k = `${run.workflow.path}\0${src.at.start}`
      const seen = debug.get(k)
      if (seen) {
        if (!seen.jobs.includes(run.job.id)) seen.jobs.push(run.job.id)
      } else {
        debug.set(k, { ...src, jobs: [run.job.id] })
      }
    }
    for (const d of debug.values()) {
      ctx.report({
        messageId: 'debugEnv',
        data: { where: d.where, jobs: d.jobs.length > 1 ? `jobs ${d.jobs.join(', ')}` : `job ${d.jobs[0]}` },
        at: d.at,
        tip: 'remove `ACTIONS_STEP_DEBUG` from the workflow; turn on debug logging for a single re-run when you need it'
      })
    }
  }
})
