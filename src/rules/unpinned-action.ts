/**
 * unpinned-action: a job that holds secrets uses a third-party action by a
 * mutable tag or branch; whoever can move that ref runs code next to the
 * secrets. The Claude action itself is reported at high severity. A job that
 * calls another repository's reusable workflow by a mutable ref and passes it
 * secrets is reported the same way. The repository's own actions and
 * reusable workflows by a mutable ref are reported low: nobody outside can move
 * that ref, but the run takes whatever it holds then, not this commit's code.
 * A third-party action inside a local composite action runs in the calling
 * job, next to its secrets: reported once at its `uses:` in the action.yml,
 * at the highest severity any calling job gives it.
 * Docs: docs/rules/unpinned-action.md
 */
import { defineRule } from './rule.js'
import { claudeActionOf } from '../model/claude.js'
import { expressions } from '../model/workflow.js'
import { isObject } from '../parse/doc.js'
import { referencesSecret, secretNames } from '../analysis/expressions.js'
import { CLAUDE_ENV_NAMES, OUTSIDER_EVENTS } from '../analysis/workflow-security.js'
import { untrustedStart } from '../analysis/callers.js'
import type { Span } from '../parse/source.js'
import type { Job, Workflow } from '../model/workflow.js'
import type { RelatedReport } from './rule.js'
import type { Severity } from '../core/types.js'

/** Owners whose actions GitHub itself publishes (tags still move, but the publisher is the platform). */
const FIRST_PARTY = /^(actions|github)\//i

function holdsSecrets(v: unknown): boolean {
  if (typeof v === 'string') return referencesSecret(v, { includeGithubToken: true })
  if (Array.isArray(v)) return v.some(holdsSecrets)
  if (v && typeof v === 'object') return Object.values(v).some(holdsSecrets)
  return false
}

/** Whether a string reads the job's token through the `github` context (`${{ github.token }}`). */
function readsGithubToken(v: unknown): boolean {
  return (
    typeof v === 'string' && expressions(v).some((e) => /\bgithub\s*(?:\.\s*token\b|\[\s*'token'\s*\])/i.test(e.text))
  )
}

/**
 * Secrets a reusable-workflow call passes: the secrets its `secrets:` values
 * read (`github.token` counts: it is the job's token), else their keys.
 */
function passedSecrets(v: unknown): string[] {
  if (!isObject(v)) return []
  const out = new Set<string>()
  for (const [k, x] of Object.entries(v)) {
    const token = readsGithubToken(x)
    if (!holdsSecrets(x) && !token) continue
    const read = typeof x === 'string' ? secretNames(x) : []
    if (token) read.push('github.token')
    for (const n of read.length ? read : [k]) out.add(n)
  }
  return [...out]
}

/** How a `uses:` is known to name this repository: by its GitHub name, or by the same file at that path here. */
type Ownership = 'named' | 'same-path' | undefined

export default defineRule({
  meta: {
    id: 'unpinned-action',
    checklistItems: [],
    area: 'workflows',
    severity: 'medium',
    confidence: 'high',
    description: 'action used by a mutable ref in a job with secrets',
    messages: {
      unpinned:
        '{{action}} is used by the mutable ref `{{ref}}` in job {{job}}, which holds secrets: whoever can move that ref runs code next to them',
      claude:
        '{{action}} is used by the mutable ref `{{ref}}`: the action receives the Anthropic credentials and runs an agent with write access; pin it to a full commit SHA',
      fork:
        '{{action}} runs Claude in job {{job}}, which holds secrets (it takes the Claude action\'s inputs: a fork, copy or wrapper of it), and is used by the mutable ref `{{ref}}`: whoever can move that ref runs the agent and code next to those secrets; pin it to a full commit SHA',
      workflow:
        'reusable workflow {{workflow}} is called by the mutable ref `{{ref}}` from job {{job}}, which passes it {{secrets}}: whoever can move that ref decides what runs with them; pin it to a full commit SHA',
      composite:
        '{{action}} is used by the mutable ref `{{ref}}` in the local action {{file}}, whose steps run in {{callers}}: whoever can move that ref runs code next to them',
      own: '{{what}} {{name}} is this repository\'s own code{{how}}, used by the mutable ref `{{ref}}` in job {{job}}, which holds secrets: only those who can push here can move that ref, but the run takes whatever `{{ref}}` holds then, not the code of the commit under review'
    }
  },
  check(ctx) {
    const claudeJobs = new Set(ctx.project.claudeRuns.map((r) => r.job))
    // Steps that use another repository's fork or copy of the Claude action (its inputs say so): the Claude action's role, at its severity.
    const forkSteps = new Set(ctx.project.claudeRuns.filter((r) => r.kind !== 'cli' && r.fork !== undefined).map((r) => r.step))
    // The repository's own actions and workflows: only those who can change this file can move their refs.
    const own = ctx.project.repository ? `${ctx.project.repository.toLowerCase()}/` : undefined
    const paths = new Set(ctx.project.files.paths)
    const isOwn = (name: string, kind: 'action' | 'workflow'): Ownership => {
      if (own !== undefined) return `${name.toLowerCase()}/`.startsWith(own) ? 'named' : undefined
      // The name is unknown (no GitHub origin, no option): the same workflow or action at that path in this checkout.
      // Only a path below the root is evidence: every repository that publishes an action has a root action.yml,
      // so `owner/repo@ref` (another publisher's action, `openai/codex-action@v1`) matches any of them.
      const sub = name.split('/').slice(2).join('/')
      if (!sub) return undefined
      if (kind === 'workflow') return /^\.github\/workflows\/[^/]+\.ya?ml$/.test(sub) && paths.has(sub) ? 'same-path' : undefined
      return paths.has(`${sub}/action.yml`) || paths.has(`${sub}/action.yaml`) ? 'same-path' : undefined
    }
    const reportOwn = (what: string, name: string, ref: string, job: string, how: Ownership, at: Span, related?: RelatedReport[]): void =>
      ctx.report({
        messageId: 'own',
        data: {
          what,
          name,
          ref,
          job,
          how: how === 'same-path' ? ' (this checkout holds it at the same path; the repository\'s GitHub name is not known to the audit)' : ''
        },
        at,
        severity: 'low',
        related,
        tip: `pin to the commit SHA with a comment (${name}@<40-hex-sha> # ${ref}), or call it by its local path (./${name.split('/').slice(2).join('/')}) so it runs the code of the same commit`
      })
    // Both asked for only when a step may be reported: most steps are pinned, first-party or Claude's,
    // and scanning every value of a job (its `run:` scripts too) for secrets costs more than the steps.
    const wfSecrets = new Map<Workflow, boolean>()
    const jobSecrets = new Map<Job, boolean>()
    const untrusted = new Map<Workflow, boolean>()
    const holdsIn = (wf: Workflow, job: Job): boolean => {
      let h = jobSecrets.get(job)
      if (h === undefined) {
        let w = wfSecrets.get(wf)
        if (w === undefined) wfSecrets.set(wf, (w = holdsSecrets(wf.env)))
        jobSecrets.set(job, (h = w || holdsSecrets(job.value)))
      }
      return h
    }
    // Full severity where the job runs Claude or an outsider can start it; low elsewhere.
    const outsiderStartsIn = (wf: Workflow): boolean => {
      let u = untrusted.get(wf)
      if (u === undefined) untrusted.set(wf, (u = untrustedStart(wf, ctx.project.workflows, ctx.project.callers, OUTSIDER_EVENTS)))
      return u
    }
    for (const wf of ctx.project.workflows) {
      const outsiderStarts = (): boolean => outsiderStartsIn(wf)
      for (const job of wf.jobs) {
        const called = job.usesWorkflow?.trim()
        if (called && !called.startsWith('./')) {
          // Workflow-level `env:` does not reach a called workflow; only what the job passes does.
          const inherit = typeof job.value.secrets === 'string' && job.value.secrets.trim().toLowerCase() === 'inherit'
          const names = passedSecrets(job.value.secrets)
          const at = called.lastIndexOf('@')
          const ref = at < 0 ? '' : called.slice(at + 1)
          const workflow = at < 0 ? called : called.slice(0, at)
          const mine = isOwn(workflow, 'workflow')
          if ((inherit || names.length > 0) && at >= 0 && !/^[0-9a-f]{40}$/i.test(ref) && !FIRST_PARTY.test(workflow)) {
            const span = wf.doc.span([...job.path, 'uses'])
            if (span && mine) reportOwn('reusable workflow', workflow, ref, job.id, mine, span)
            else if (span) {
              // `inherit` passes every secret of the caller, the Anthropic credentials included.
              const anthropic = inherit || names.some((n) => CLAUDE_ENV_NAMES.has(n.toUpperCase()))
              ctx.report({
                messageId: 'workflow',
                data: {
                  workflow,
                  ref,
                  job: job.id,
                  secrets: inherit
                    ? 'all of its secrets (`secrets: inherit`)'
                    : `the secret${names.length > 1 ? 's' : ''} ${names.map((n) => `\`${n}\``).join(', ')}`
                },
                at: span,
                severity: anthropic ? 'high' : undefined,
                tip: `pin to the commit SHA with a comment: ${workflow}@<40-hex-sha> # ${ref}`
              })
            }
          }
          continue
        }
        const holds = (): boolean => holdsIn(wf, job)
        for (const step of job.steps) {
          const uses = step.uses?.trim()
          if (!uses || uses.startsWith('./') || uses.startsWith('docker://')) continue
          const at = uses.lastIndexOf('@')
          if (at < 0) continue
          const action = uses.slice(0, at)
          const ref = uses.slice(at + 1)
          if (/^[0-9a-f]{40}$/i.test(ref)) continue
          const isClaude = claudeActionOf(uses) !== undefined
          if (!isClaude && (FIRST_PARTY.test(action) || !holds())) continue
          const span = wf.doc.span([...step.path, 'uses'])
          if (!span) continue
          // The Claude action's own repository (anthropics/claude-code-action) running its action by a branch is its own code too.
          const mine = isOwn(action, 'action')
          if (mine) {
            reportOwn('action', action, ref, job.id, mine, span)
            continue
          }
          const fork = !isClaude && forkSteps.has(step)
          ctx.report({
            messageId: isClaude ? 'claude' : fork ? 'fork' : 'unpinned',
            data: { action, ref, job: job.id },
            at: span,
            severity: isClaude || fork ? 'high' : claudeJobs.has(job) || outsiderStarts() ? undefined : 'low',
            tip: `pin to the commit SHA of the release with a comment: ${action}@<40-hex-sha> # ${ref}`
          })
        }
      }
    }
    // The Claude action inside the repository's local composite actions (called from a workflow, or published): reported once, in the action.yml.
    const seen = new Set<string>()
    for (const run of ctx.project.claudeRuns) {
      if (run.kind === 'cli' || (run.doc === run.workflow.doc && !run.callerUnknown)) continue
      const uses = run.step.uses?.trim()
      const at = uses ? uses.lastIndexOf('@') : -1
      if (!uses || at < 0) continue
      const action = uses.slice(0, at)
      const ref = uses.slice(at + 1)
      if (/^[0-9a-f]{40}$/i.test(ref)) continue
      const span = run.doc.span([...run.step.path, 'uses'])
      const key = `${run.doc.file.path}\0${run.step.path.join('.')}`
      if (!span || seen.has(key)) continue
      seen.add(key)
      ctx.report({
        messageId: 'claude',
        data: { action, ref },
        at: span,
        severity: 'high',
        tip: `pin to the commit SHA of the release with a comment: ${action}@<40-hex-sha> # ${ref}`
      })
    }
    // Third-party actions inside the repository's local composite actions: the action's steps run in the
    // calling job, next to its secrets. One finding per `uses:`, at the highest severity a calling job gives it.
    const RANK: Record<Severity, number> = { info: 0, low: 1, medium: 2, high: 3, critical: 4 }
    const inActions = new Map<
      string,
      { action: string; ref: string; file: string; span: Span; claude: boolean; mine: Ownership; severity: Severity; callers: Set<string>; jobs: Set<string>; related: RelatedReport[] }
    >()
    for (const call of ctx.project.actionCalls) {
      const doc = call.action.doc
      for (const step of call.action.steps) {
        const uses = step.uses?.trim()
        if (!uses || uses.startsWith('./') || uses.startsWith('$/') || uses.startsWith('docker://')) continue
        const at = uses.lastIndexOf('@')
        if (at < 0) continue
        const action = uses.slice(0, at)
        const ref = uses.slice(at + 1)
        if (/^[0-9a-f]{40}$/i.test(ref)) continue
        // The Claude action and its forks there are reported above, as Claude runs.
        const key = `${doc.file.path}\0${step.path.join('.')}`
        if (seen.has(key)) continue
        const claude = claudeActionOf(uses) !== undefined
        if (!claude && (FIRST_PARTY.test(action) || !holdsIn(call.workflow, call.job))) continue
        const span = doc.span([...step.path, 'uses'])
        if (!span) continue
        const mine = claude ? undefined : isOwn(action, 'action')
        const severity: Severity =
          claude ? 'high' : mine ? 'low' : claudeJobs.has(call.job) || outsiderStartsIn(call.workflow) ? 'medium' : 'low'
        let f = inActions.get(key)
        if (!f) inActions.set(key, (f = { action, ref, file: doc.file.path, span, claude, mine, severity, callers: new Set(), jobs: new Set(), related: [] }))
        if (RANK[severity] > RANK[f.severity]) f.severity = severity
        const caller = `job ${call.job.id} of ${call.workflow.path}`
        if (f.callers.has(caller)) continue
        f.callers.add(caller)
        f.jobs.add(call.job.id)
        // The chain of `uses:` that brings the action into the job, outermost first.
        for (const hop of call.via) {
          const hopAt = hop.at ?? hop.doc.span([...hop.step.path, 'uses'])
          if (hopAt) f.related.push({ at: hopAt, note: `${caller} runs ${hop.path}, and with it this step` })
        }
      }
    }
    for (const f of inActions.values()) {
      const callers = [...f.callers]
      if (f.mine) {
        reportOwn('action', f.action, f.ref, [...f.jobs].join(', '), f.mine, f.span, f.related)
        continue
      }
      ctx.report({
        messageId: f.claude ? 'claude' : 'composite',
        data: {
          action: f.action,
          ref: f.ref,
          file: f.file,
          job: [...f.jobs].join(', '),
          callers: callers.length > 1 ? `the jobs that call it (${callers.join('; ')}), which hold secrets` : `${callers[0]}, which holds secrets`
        },
        at: f.span,
        severity: f.severity,
        related: f.related,
        tip: `pin to the commit SHA of the release with a comment: ${f.action}@<40-hex-sha> # ${f.ref}`
      })
    }
  }
})
