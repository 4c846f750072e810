/**
 * untrusted-trigger: anyone can start Claude. claude-code-action checks that
 * the person who triggered it has write access, unless
 * `allowed_non_write_users: "*"` or `allowed_bots: "*"` turn the check off;
 * claude-code-base-action and `claude -p` never check ("the caller is
 * responsible"), so on issue, comment, review and discussion events they need
 * an author-association condition in `if:`.
 * Docs: docs/rules/untrusted-trigger.md
 */
import { defineRule } from './rule.js'
import { OUTSIDER_EVENTS, outsiderEvents, ungatedEvents } from '../analysis/workflow-security.js'
import { rolesAll } from '../analysis/agentic-workflows.js'
import { excludesForkHeads, hostileRuns, mayRunIn } from '../analysis/event-conditions.js'
import { effectiveTriggers, workflowRunOpen } from '../analysis/callers.js'
import type { ClaudeRun } from '../model/claude.js'
import type { Project } from '../model/project.js'
import type { Workflow } from '../model/workflow.js'
import type { Span } from '../parse/source.js'
import { isObject } from '../parse/doc.js'
import { passedInput, settingsInput } from '../analysis/claude-run.js'
import { classifyAllow, committedSettings } from '../analysis/permission-rules.js'
import { runToolLists } from './overbroad-permission.js'

/** Scopes a token may write without reaching code, releases, packages or settings: the conversation, and OIDC. */
const CONVERSATION_SCOPES = new Set(['issues', 'pull-requests', 'discussions', 'id-token'])

/**
 * Whether the job's token, by its own or the workflow's explicit `permissions:`, can write
 * nothing but issues, pull requests and discussions (and mint an OIDC token).
 */
function conversationToken(run: ClaudeRun): boolean {
  const p = run.job.value.permissions ?? run.workflow.value.permissions
  if (p === 'read-all') return true
  if (!isObject(p)) return false
  return Object.entries(p).every(([k, v]) => v === 'read' || v === 'none' || (v === 'write' && CONVERSATION_SCOPES.has(k)))
}

/**
 * Whether the run gives Claude no way to run a command of its choosing: no bypass mode and no allow
 * rule (in `claude_args`, the action's `settings` or the committed project settings) for any shell
 * command or for code through an interpreter, a package runner or an install. In `-p` mode a tool
 * that needs permission and has none is denied.
 */
function noOpenCommands(run: ClaudeRun, project: Project): boolean {
  // Bypass mode runs every command; in auto mode a classifier, not a rule, approves them.
  if (run.flags.some((f) => f.name === '--dangerously-skip-permissions' || (f.name === '--permission-mode' && (f.value === 'bypassPermissions' || f.value === 'auto')))) return false
  if (run.flags.some((f) => f.value?.includes('${{'))) return false
  const rules = runToolLists(run).flatMap((l) => l.rules)
  const fromInput = settingsInput(run)?.permissions
  if (isObject(fromInput) && Array.isArray(fromInput.allow)) rules.push(...fromInput.allow.filter((r): r is string => typeof r === 'string'))
  for (const s of committedSettings(project)) if (s.path === '.claude/settings.json') rules.push(...s.rules.filter((r) => r.list === 'allow').map((r) => r.rule))
  return rules.every((r) => {
    const kind = classifyAllow(r)?.kind
    return kind !== 'shell' && kind !== 'code'
  })
}

/** An `!=` test of who triggered the run (`github.actor != 'dependabot[bot]'`): an exclusion, not a gate. */
const EXCLUSION = /\b(actor|login|author_association)\s*!=/i

function hasWildcard(v: unknown): boolean {
  if (typeof v !== 'string') return false
  return v.split(/[\s,]+/).some((x) => x.replace(/^["']|["']$/g, '') === '*')
}

/**
 * Where the `*` of a `with:` input was written: the step's own value, or, when that is
 * `${{ inputs.X }}` of the composite action the step stands in, the caller's literal value (the
 * outermost one, through enclosing actions), so the finding stands where a fix goes.
 */
function wildcardAt(run: ClaudeRun, key: string): Span | undefined {
  const own = run.doc.span([...run.step.path, 'with', key])
  const raw = isObject(run.step.value.with) ? run.step.value.with[key] : undefined
  const m = typeof raw === 'string' ? /^\s*\$\{\{\s*inputs\s*\.\s*([A-Za-z_][\w-]*)\s*\}\}\s*$/.exec(raw) : null
  let at: Span | undefined
  for (let b = m ? run.inputs?.get(m[1].toLowerCase()) : undefined; b; b = b.outer) {
    const span = b.doc && b.path ? b.doc.span(b.path) : undefined
    const text = span ? span.file.text.slice(span.start, span.end) : ''
    if (span && text.includes('*') && !text.includes('${{')) at = span
  }
  return at ?? own
}

/** For a `*` a caller wrote and passed to the local action the run is in: which of its inputs carries it where. */
function passedClause(run: ClaudeRun, at: Span, key: string): string {
  const p = passedInput(run, at)
  return p ? `; the \`*\` is the \`${p.input}\` this step passes to ${p.uses}, whose Claude step (${run.doc.file.path}) sets \`${key}\` from it` : ''
}

/** Events only accounts with access to the repository (people with write access, installed apps, tokens) can cause. */
const ACCESS_EVENTS: ReadonlySet<string> = new Set(['push', 'schedule', 'workflow_dispatch', 'repository_dispatch', 'release', 'create', 'delete', 'merge_group'])

/** Pull request events whose run after a fork's pull request has an empty `workflow_run.pull_requests`. */
const PR_RUN_EVENTS: ReadonlySet<string> = new Set(['pull_request', 'pull_request_review', 'pull_request_review_comment'])

/** Whether a workflow may be called from another repository: a `workflow_call` trigger with no caller here (or through such a caller). */
function calledFromOutside(wf: Workflow, callers: Project['callers'], seen: Set<Workflow> = new Set()): boolean {
  if (!wf.triggers.has('workflow_call') || seen.has(wf)) return false
  seen.add(wf)
  const own = callers.get(wf) ?? []
  return own.length === 0 || own.some((c) => calledFromOutside(c.workflow, callers, seen))
}

/**
 * When every event that starts the run (through its callers too) is one only accounts with
 * access to the repository can cause, what they are, for the message: pushes, schedules,
 * dispatches; a `pull_request` the job's `if:` limits to this repository's branches; a
 * `workflow_run` that follows no run outside code or text sets off, or whose `if:` admits it only
 * after runs on this repository's branches (`github.event.workflow_run.pull_requests[0]`, or
 * the head repository tested). Undefined when an account without access may start it, or the
 * starts are not all known (a workflow or action published for other repositories).
 */
function accessOnlyStarts(run: ClaudeRun, project: Project): string | undefined {
  const wf = run.workflow
  if (run.callerUnknown || calledFromOutside(wf, project.callers)) return undefined
  const conds = [run.job.value.if, run.step.value.if, run.via[0]?.step.value.if]
  const said: string[] = []
  const plain: string[] = []
  const starts = effectiveTriggers(wf, project.callers)
  if (starts.size === 0) return undefined
  for (const [ev, chain] of starts) {
    if (ACCESS_EVENTS.has(ev)) {
      plain.push(ev)
      continue
    }
    if (ev === 'pull_request' && excludesForkHeads(ev, ...conds)) {
      said.push("its `if:` admits `pull_request` only from this repository's branches")
      continue
    }
    if (ev !== 'workflow_run') return undefined
    const root = chain.length ? chain[chain.length - 1] : wf
    if (!workflowRunOpen(root, project.workflows, project.callers)) {
      plain.push('workflow_run (after runs only such accounts set off)')
      continue
    }
    // After a fork's pull request the head is the fork's, and `pull_requests` is empty.
    const hostile = hostileRuns(ev, root, project.workflows, project.callers)
    const shut = hostile.every((h) => {
      const followed = h.known.get('github.event.workflow_run.event')
      const r = typeof followed === 'string' && PR_RUN_EVENTS.has(followed) ? { ...h, noPullRequests: true } : h
      return conds.some((c) => !mayRunIn(c, r))
    })
    if (!shut) return undefined
    said.push("its `if:` admits `workflow_run` only after runs on this repository's branches, not after a fork's pull request")
  }
  if (plain.length) said.push(`${plain.join(', ')} ${plain.length === 1 ? 'needs' : 'need'} access to the repository`)
  return said.join('; ')
}

export default defineRule({
  meta: {
    id: 'untrusted-trigger',
    checklistItems: [],
    area: 'workflows',
    severity: 'high',
    confidence: 'high',
    description: 'anyone can start Claude',
    messages: {
      nonWriteUsers:
        '`allowed_non_write_users: "*"` turns off the action\'s write-access check in job {{job}}: {{who}} can start Claude with their own text as input, next to this job\'s secrets and token{{passed}}',
      nonWriteUsersContained:
        '`allowed_non_write_users: "*"` turns off the action\'s write-access check in job {{job}}: {{who}} can start Claude with their own text as input{{passed}}; the job\'s token can write only issues, pull requests and discussions and no allow rule lets Claude run a command of its choosing, so an injected prompt reaches what those allow, and every run is billed',
      bots: '`allowed_bots: "*"` lets any GitHub App or bot account start Claude in job {{job}}; bots are not permission-checked, so any app installed anywhere that can comment here can drive the agent{{passed}}',
      botsWithAccess:
        '`allowed_bots: "*"` lets any bot account start Claude in job {{job}} unchecked, but only accounts with access to the repository can start it: {{starts}}; a bot with access (an installed app, Dependabot) still drives the agent with the text it brings, and a trigger an outsider can fire, added later, opens it to every bot{{passed}}',
      agenticRoles:
        'agentic workflow {{path}} sets `roles: all` and runs on {{events}}: anyone who can fire those events starts the Claude engine (gh-aw admits only admin, maintainer and write by default)',
      ungated:
        "{{kind}} runs on {{events}} in job {{job}} with no condition limiting it to people with access to the repository (author association OWNER/MEMBER/COLLABORATOR, named actors, or a same-repository pull request){{exclusion}}: it does no permission check of its own, so anyone who can fire those events starts the agent with this job's secrets"
    }
  },
  check(ctx) {
    const reported = new Set<string>()
    for (const aw of ctx.project.agenticWorkflows) {
      const events = [...aw.triggers].filter((e) => OUTSIDER_EVENTS.has(e))
      if (events.length === 0) continue
      const at = rolesAll(aw)
      if (!at) continue
      ctx.report({
        messageId: 'agenticRoles',
        data: { path: aw.path, events: events.join(', ') },
        at,
        tip: 'remove `roles: all` (the default admits admin, maintainer and write), or list the roles that may start it'
      })
    }
    for (const run of ctx.project.claudeRuns) {
      const wf = run.workflow
      const outsiders = outsiderEvents(wf)
      if (run.kind === 'action') {
        const w = run.step.with
        if (hasWildcard(w.allowed_non_write_users)) {
          const at = wildcardAt(run, 'allowed_non_write_users')
          // The events the job can run on: its `if:` may rule some out (`github.event_name == 'issues'`).
          const mayFire = outsiders.filter((event) => mayRunIn(run.job.value.if, { event, known: new Map() }))
          const named = mayFire.length > 0 ? mayFire : outsiders
          if (at) {
            // The hardened pattern (a read-only or conversation-only token, no open command): medium.
            const contained = named.length > 0 && conversationToken(run) && noOpenCommands(run, ctx.project)
            ctx.report({
              messageId: contained ? 'nonWriteUsersContained' : 'nonWriteUsers',
              data: {
                job: run.job.id,
                who: named.length
                  ? `anyone who can fire ${named.join(', ')}`
                  : 'once an issue or comment trigger is added, anyone',
                passed: passedClause(run, at, 'allowed_non_write_users')
              },
              at,
              severity: named.length && !contained ? undefined : 'medium',
              tip: "list the user names that may trigger it instead of `*`, keep the job's permissions read-only, and restrict tools with `claude_args: --allowedTools`"
            })
          }
        }
        // Bots start it only through an event they can fire: not where the job admits only those with access
        // (an author-association or actor gate on every outsider event): then only accounts with access to the repository start it.
        const before = run.via.length && run.doc !== wf.doc ? run.steps.filter((s) => s.index < run.step.index) : []
        const botsGated = outsiders.length > 0 && ungatedEvents(wf, run.job, run.via[0]?.step ?? run.step, false, before).length === 0
        if (hasWildcard(w.allowed_bots) && !botsGated) {
          const at = wildcardAt(run, 'allowed_bots')
          const k = at ? `bots\0${at.file.path}\0${at.start}\0${run.job.id}` : ''
          if (at && !reported.has(k)) {
            reported.add(k)
            // No event an outsider (or an outsider's bot) can fire starts it: a latent opening, medium.
            const starts = outsiders.length === 0 ? accessOnlyStarts(run, ctx.project) : undefined
            ctx.report({
              messageId: starts ? 'botsWithAccess' : 'bots',
              data: { job: run.job.id, ...(starts ? { starts } : {}), passed: passedClause(run, at, 'allowed_bots') },
              ...(starts ? { severity: 'medium' as const } : {}),
              at,
              tip: 'name the bots that may trigger it (`allowed_bots: "dependabot[bot],renovate[bot]"`)'
            })
          }
        }
        continue
      }
      if (outsiders.length === 0) continue
      // The caller's step `if:` gates a run inside a local action too.
      const before = run.via.length && run.doc !== wf.doc ? run.steps.filter((s) => s.index < run.step.index) : []
      const ungated = ungatedEvents(wf, run.job, run.via[0]?.step ?? run.step, false, before)
      if (ungated.length === 0) continue
      const k = `${run.anchor.file.path}\0${run.anchor.start}\0${ungated.join()}`
      if (reported.has(k)) continue
      reported.add(k)
      const conds = [run.job.value.if, run.step.value.if].filter((c): c is string => typeof c === 'string')
      ctx.report({
        messageId: 'ungated',
        data: {
          kind: run.sdk ? `Agent SDK session \`${run.sdk.callee}\` (${run.anchor.file.path})` : run.kind === 'cli' ? '`claude -p`' : 'claude-code-base-action',
          events: ungated.join(', '),
          job: run.job.id,
          exclusion: conds.some((c) => EXCLUSION.test(c)) ? '; its `!=` test turns away only the accounts it names' : ''
        },
        at: run.anchor,
        tip:
          'add `if: contains(fromJSON(\'["OWNER","MEMBER","COLLABORATOR"]\'), github.event.comment.author_association)` (or the issue\'s / review\'s author_association) to the job' +
          (ungated.includes('pull_request_target')
            ? '; for pull_request_target, `if: github.event.pull_request.head.repo.full_name == github.repository` limits it to same-repository pull requests'
            : '')
      })
    }
  }
})
