/**
 * unpinned-action: a job that holds secrets uses a third-party action by a
 * mutable tag or branch; whoever can move that ref runs code next to the
 * secrets. The Claude action itself is reported at high severity.
 * Docs: docs/rules/unpinned-action.md
 */
import { defineRule } from './rule.js'
import { claudeActionOf } from '../model/claude.js'
import { referencesSecret } from './utils/expressions.js'

/** Owners whose actions GitHub itself publishes (tags still move, but the publisher is the platform). */
const FIRST_PARTY = /^(actions|github)\//i

function holdsSecrets(v: unknown): boolean {
  if (typeof v === 'string') return referencesSecret(v, { includeGithubToken: true })
  if (Array.isArray(v)) return v.some(holdsSecrets)
  if (v && typeof v === 'object') return Object.values(v).some(holdsSecrets)
  return false
}

export default defineRule({
  meta: {
    id: 'unpinned-action',
    checklistItems: [],
    area: 'workflows',
    severity: 'medium',
    confidence: 'high',
    description: 'action used by a mutable ref in a job with secrets',
    messages: {
      unpinned: '{{action}} is used by the mutable ref `{{ref}}` in job {{job}}, which holds secrets: whoever can move that ref runs code next to them',
      claude:
        '{{action}} is used by the mutable ref `{{ref}}`: the action receives the Anthropic credentials and runs an agent with write access; pin it to a full commit SHA'
    }
  },
  check(ctx) {
    for (const wf of ctx.project.workflows) {
      const wfSecrets = holdsSecrets(wf.env)
      for (const job of wf.jobs) {
        const jobSecrets = wfSecrets || holdsSecrets(job.value)
        for (const step of job.steps) {
          const uses = step.uses?.trim()
          if (!uses || uses.startsWith('./') || uses.startsWith('docker://')) continue
          const at = uses.lastIndexOf('@')
          if (at < 0) continue
          const action = uses.slice(0, at)
          const ref = uses.slice(at + 1)
          if (/^[0-9a-f]{40}$/i.test(ref)) continue
          const isClaude = claudeActionOf(uses) !== undefined
          if (!isClaude && (FIRST_PARTY.test(action) || !jobSecrets)) continue
          const span = wf.doc.span([...step.path, 'uses'])
          if (!span) continue
          ctx.report({
            messageId: isClaude ? 'claude' : 'unpinned',
            data: { action, ref, job: job.id },
            at: span,
            severity: isClaude ? 'high' : undefined,
            tip: `pin to the commit SHA of the release with a comment: ${action}@<40-hex-sha> # ${ref}`
          })
        }
      }
    }
  }
})
