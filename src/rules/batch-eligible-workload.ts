/**
 * batch-eligible-workload: a scheduled job sends requests nobody waits for.
 * The Message Batches API runs the same requests at half the price (input and
 * output) with results within 24 hours, but Claude Code sessions cannot use
 * it: only single-shot requests (one turn, no tools) or code that calls the
 * Messages API directly can move there (checklist item 15).
 * Docs: docs/rules/batch-eligible-workload.md
 */
import { defineRule } from './rule.js'
import type { ClaudeRun } from '../model/claude.js'
import { flag } from '../analysis/claude-run.js'

/** A Claude run that is one request: a single turn, or no tools at all. */
function singleShot(run: ClaudeRun): string | undefined {
  const turns = flag(run, '--max-turns')
  if (turns?.value !== undefined && Number(turns.value) === 1) return '`--max-turns 1`'
  const tools = flag(run, '--tools')
  if (tools && tools.value !== undefined && tools.value.replace(/["']/g, '').trim() === '')
    return '`--tools ""` gives it no tools'
  return undefined
}

const API_KEY = /^(ANTHROPIC_API_KEY|CLAUDE_API_KEY)$/i

export default defineRule({
  meta: {
    id: 'batch-eligible-workload',
    checklistItems: [15],
    area: 'cost',
    severity: 'info',
    confidence: 'high',
    description: 'offline Claude job could use the Batch API',
    messages: {
      singleShot:
        'scheduled Claude run in job {{job}} is a single request ({{why}}) that nobody waits for: sent through the Message Batches API it would cost half as much',
      apiScript:
        'scheduled job {{job}} gives the Anthropic API key to a script ({{step}}): if its requests do not need an answer within minutes, the Message Batches API runs them at half the price'
    }
  },
  check(ctx) {
    const claudeSteps = new Set(ctx.project.claudeRuns.map((r) => r.step))
    for (const run of ctx.project.claudeRuns) {
      if (!run.unattended || !run.workflow.triggers.has('schedule')) continue
      const why = singleShot(run)
      if (!why) continue
      ctx.report({
        messageId: 'singleShot',
        data: { job: run.job.id, why },
        at: run.anchor,
        tip: 'send the request with the Message Batches API (`POST /v1/messages/batches`) and collect the result in a later run'
      })
    }
    for (const wf of ctx.project.workflows) {
      if (!wf.triggers.has('schedule')) continue
      for (const job of wf.jobs) {
        for (const step of job.steps) {
          if (typeof step.run !== 'string' || claudeSteps.has(step)) continue
          if (/\bclaude\b/.test(step.run) || /batch/i.test(step.run)) continue
          // Only the step the key is given to (a key in job or workflow env reaches every step, installers included).
          if (!Object.keys(step.env).some((k) => API_KEY.test(k))) continue
          const at = wf.doc.span([...step.path, 'run'], 'key')
          if (!at) continue
          ctx.report({
            messageId: 'apiScript',
            data: { job: job.id, step: step.name ?? `step ${step.index + 1}` },
            at,
            confidence: 'low',
            tip: 'if the script loops over independent requests (evaluations, classification, summaries), submit them as one message batch'
          })
        }
      }
    }
  }
})
