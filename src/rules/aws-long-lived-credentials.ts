/**
 * aws-long-lived-credentials: static AWS access keys (`AWS_ACCESS_KEY_ID` /
 * `AWS_SECRET_ACCESS_KEY`) reach a job that runs Claude, or sit in a Claude
 * settings `env`. The agent can read its environment, and these keys stay
 * valid until someone rotates them, so one leak (a log line, a prompt
 * injection) is a standing credential. OIDC role assumption gives the job
 * short-lived keys instead (checklist item 5).
 * Docs: docs/rules/aws-long-lived-credentials.md
 */
import { defineRule } from './rule.js'
import type { ClaudeRun } from '../model/claude.js'
import type { Workflow } from '../model/workflow.js'
import { expressions } from '../model/workflow.js'
import type { PathSeg } from '../parse/doc.js'
import type { Span } from '../parse/source.js'
import { referencesSecret } from '../analysis/expressions.js'
import { settingsInput } from '../analysis/claude-run.js'
import { actionName, claudeJobs, spanInScalar } from '../analysis/workflow-security.js'
import { isObject } from '../parse/doc.js'

const SECRET_KEY = 'AWS_SECRET_ACCESS_KEY'
const KEY_ID = 'AWS_ACCESS_KEY_ID'

/** A value that carries a static key: a secret reference or a literal (not another step's output). */
function staticValue(v: unknown): boolean {
  if (typeof v !== 'string' || v.trim() === '') return false
  if (referencesSecret(v, { includeGithubToken: true })) return true
  if (expressions(v).length > 0) return false
  return !/^\$\{?[A-Za-z_]/.test(v.trim())
}

/** The env entry to report in an env map: the secret key when present, else the key id. */
function awsEntry(env: Record<string, unknown>): string | undefined {
  const keys = Object.keys(env)
  const find = (n: string): string | undefined => keys.find((k) => k.toUpperCase() === n && staticValue(env[k]))
  return find(SECRET_KEY) ?? find(KEY_ID)
}

export default defineRule({
  meta: {
    id: 'aws-long-lived-credentials',
    checklistItems: [5],
    area: 'credentials',
    severity: 'high',
    confidence: 'high',
    description: 'long-lived AWS keys reach Claude',
    messages: {
      env: 'static AWS access keys ({{name}} in {{scope}} `env:`) reach job {{job}}, which runs Claude: the agent can read them from its environment, and they stay valid until someone rotates them',
      configure:
        'aws-actions/configure-aws-credentials exports static AWS access keys into the environment of job {{job}} before Claude runs: the agent can read them, and they stay valid until someone rotates them',
      settings:
        'static AWS access keys ({{name}}) are set in the `env` of {{where}}: every Claude session, and every command it runs, receives keys that stay valid until someone rotates them'
    }
  },
  check(ctx) {
    const tip =
      "use OIDC: `permissions: id-token: write` and aws-actions/configure-aws-credentials with `role-to-assume` (or the action's `use_bedrock: true` with OIDC); keep any static key off the Claude job"
    const reported = new Set<string>()
    const reportEnv = (wf: Workflow, path: PathSeg[], name: string, scope: string, job: string): void => {
      const k = `${wf.path}\0${path.join('.')}`
      if (reported.has(k)) return
      reported.add(k)
      const at = wf.doc.span([...path, name])
      if (!at) return
      ctx.report({ messageId: 'env', data: { name, scope, job }, at, tip })
    }
    for (const [job, runs] of claudeJobs(ctx.project)) {
      const wf = runs[0].workflow
      const w = awsEntry(wf.env)
      if (w) reportEnv(wf, ['env'], w, 'workflow-level', job.id)
      const j = awsEntry(job.env)
      if (j) reportEnv(wf, [...job.path, 'env'], j, 'job-level', job.id)
      const lastClaude = Math.max(...runs.map((r) => r.step.index))
      for (const step of job.steps) {
        const isClaude = runs.some((r: ClaudeRun) => r.step === step)
        if (isClaude) {
          const s = awsEntry(step.env)
          if (s) reportEnv(wf, [...step.path, 'env'], s, "the Claude step's", job.id)
        }
        if (step.index < lastClaude && actionName(step.uses) === 'aws-actions/configure-aws-credentials') {
          const w2 = step.with
          if (w2['role-to-assume'] !== undefined) continue
          const input = staticValue(w2['aws-secret-access-key'])
            ? 'aws-secret-access-key'
            : staticValue(w2['aws-access-key-id'])
              ? 'aws-access-key-id'
              : undefined
          if (!input) continue
          const at = wf.doc.span([...step.path, 'with', input])
          if (!at) continue
          ctx.report({ messageId: 'configure', data: { job: job.id }, at, tip })
        }
      }
      // The action's `settings` input.
      for (const run of runs) {
        const st = settingsInput(run)
        const raw = run.step.with.settings
        if (!st || !isObject(st.env) || typeof raw !== 'string') continue
        const name = awsEntry(st.env)
        if (!name) continue
        const span = run.doc.span([...run.step.path, 'with', 'settings'])
        if (!span) continue
        const at0 = raw.indexOf(`"${name}"`)
        const at: Span = at0 >= 0 ? spanInScalar(span, raw, at0, at0 + name.length + 2) : span
        ctx.report({
          messageId: 'settings',
          data: { name, where: `the \`settings\` input of the Claude step in job ${job.id}` },
          at,
          tip
        })
      }
    }
    // Committed settings files.
    for (const s of ctx.project.settings) {
      const name = awsEntry(s.env)
      if (!name) continue
      const at = s.doc.span(['env', name], 'key')
      if (!at) continue
      ctx.report({ messageId: 'settings', data: { name, where: s.path }, at, tip })
    }
  }
})
