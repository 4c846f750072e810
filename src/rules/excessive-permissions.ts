/**
 * excessive-permissions: the job token of a workflow that runs Claude is
 * broader than the job needs. Without a `permissions:` block the token gets
 * the repository's default (read/write on every scope in repositories and
 * organisations created before February 2023, or where an admin chose it);
 * `write-all` grants every scope; and a job whose only work is checkout plus
 * Claude needs no write access outside what the Claude action uses (contents,
 * pull requests, issues, discussions, checks, statuses, and `id-token` for
 * OIDC). Whatever the token can do, a prompt-injected agent can do
 * (checklist item 7).
 * Docs: docs/rules/excessive-permissions.md
 */
import { defineRule } from './rule.js'
import type { Job, Workflow } from '../model/workflow.js'
import { isObject, type PathSeg } from '../parse/doc.js'
import { actionName, claudeJobs } from './utils/gha-security.js'
import type { ClaudeRun } from '../model/claude.js'

/** Scopes the Claude action itself writes with (tag mode commits, comments, reviews, check status, OIDC). */
const CLAUDE_WRITE_SCOPES = new Set([
  'contents',
  'pull-requests',
  'issues',
  'discussions',
  'checks',
  'statuses',
  'id-token'
])

/** Actions that never use the job token's write scopes. */
const PASSIVE_ACTIONS = /^actions\/(checkout|setup-[\w-]+|cache|upload-artifact|download-artifact)$/

/** A job does nothing but set up and run Claude, so its writes are those of the Claude action. */
function onlyClaude(job: Job, runs: ClaudeRun[]): boolean {
  const claudeSteps = new Set(runs.map((r) => r.step))
  return job.steps.every((s) => {
    if (claudeSteps.has(s))
      return (
        s.run === undefined || runs.some((r) => r.step === s && r.kind === 'cli' && onlyClaudeCommands(s.run ?? ''))
      )
    const name = actionName(s.uses)
    return name !== undefined && PASSIVE_ACTIONS.test(name)
  })
}

/** A run script whose only command is `claude -p ...`. */
function onlyClaudeCommands(run: string): boolean {
  return run
    .split('\n')
    .filter((l) => l.trim() && !l.trim().startsWith('#'))
    .every((l) => /^\s*(npx\s+(-y\s+)?@anthropic-ai\/claude-code(@\S+)?|claude)\s/.test(l))
}

export default defineRule({
  meta: {
    id: 'excessive-permissions',
    checklistItems: [7],
    area: 'credentials',
    severity: 'medium',
    confidence: 'high',
    description: 'workflow token broader than the job needs',
    messages: {
      missing:
        'job {{job}} runs Claude with no `permissions:` block here or at workflow level: its token gets the repository default, which is read/write on every scope in older repositories and organisations, and a prompt-injected agent can use all of it',
      writeAll:
        '`permissions: write-all` gives the token of {{scope}} write access to every scope, and Claude runs there: a prompt-injected agent can push code, rewrite issues and pull requests, and publish packages and releases',
      unneeded:
        '`{{perm}}: write` is granted to job {{job}}, whose only work is running Claude: the Claude action never writes {{perm}}, so the grant only widens what a prompt-injected agent can do'
    }
  },
  check(ctx) {
    const reported = new Set<string>()
    const once = (wf: Workflow, path: PathSeg[]): boolean => {
      const k = `${wf.path}\0${path.join('.')}`
      if (reported.has(k)) return false
      reported.add(k)
      return true
    }
    for (const [job, runs] of claudeJobs(ctx.project)) {
      const wf = runs[0].workflow
      const jobPerms = job.value.permissions
      const wfPerms = wf.value.permissions
      const own = jobPerms !== undefined && jobPerms !== null
      const perms = own ? jobPerms : wfPerms
      const permsPath: PathSeg[] = own ? [...job.path, 'permissions'] : ['permissions']
      if (perms === undefined || perms === null) {
        // A called workflow's token is set by its caller.
        if ([...wf.triggers].every((t) => t === 'workflow_call')) continue
        const at = wf.doc.span(job.path, 'key')
        if (!at) continue
        ctx.report({
          messageId: 'missing',
          data: { job: job.id },
          at,
          tip: 'add `permissions:` with only what the job uses, e.g. `contents: read`, `pull-requests: write`, `id-token: write`'
        })
        continue
      }
      if (typeof perms === 'string') {
        if (perms.trim().toLowerCase() !== 'write-all') continue
        if (!once(wf, permsPath)) continue
        const at = wf.doc.span(permsPath)
        if (!at) continue
        ctx.report({
          messageId: 'writeAll',
          data: { scope: own ? `job ${job.id}` : 'every job of this workflow' },
          at,
          tip: 'replace it with the scopes the job uses, e.g. `contents: read`, `pull-requests: write`, `id-token: write`'
        })
        continue
      }
      if (!isObject(perms) || !onlyClaude(job, runs)) continue
      for (const [scope, level] of Object.entries(perms)) {
        if (typeof level !== 'string' || level.trim().toLowerCase() !== 'write') continue
        if (CLAUDE_WRITE_SCOPES.has(scope.toLowerCase())) continue
        const path = [...permsPath, scope]
        if (!once(wf, path)) continue
        const at = wf.doc.span(path, 'pair')
        if (!at) continue
        ctx.report({
          messageId: 'unneeded',
          data: { perm: scope, job: job.id },
          at,
          confidence: 'medium',
          tip: `remove \`${scope}: write\` (or lower it to \`read\`)`
        })
      }
    }
  }
})
