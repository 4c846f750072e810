/**
 * excessive-permissions: the job token of a workflow that runs Claude is
 * broader than the job needs. Without a `permissions:` block the token gets
 * the repository's default (read/write on every scope in repositories and
 * organisations created before February 2023, or where an admin chose it);
 * `write-all` grants every scope; and a job whose only work is checkout plus
 * Claude needs no write access outside what the Claude action uses (contents,
 * pull requests, issues, discussions, checks, statuses, and `id-token` for
 * OIDC). A job calling a reusable workflow of this repository that runs
 * Claude sets that workflow's token, so it is checked for a missing block
 * too. Whatever the token can do, a prompt-injected agent can do
 * (checklist item 7). A GitHub Agentic Workflow (`.github/workflows/*.md`
 * with the Claude engine) is read-only by default and writes through
 * `safe-outputs:` jobs that never run the agent; a write scope (or
 * `write-all`) in its frontmatter hands that write token to the agent job
 * itself. Under `strict: true` gh-aw refuses to compile such a source, so
 * nothing reaches the runner and nothing is reported.
 * Docs: docs/rules/excessive-permissions.md
 */
import { defineRule } from './rule.js'
import type { Job, Workflow } from '../model/workflow.js'
import { isObject, type PathSeg } from '../parse/doc.js'
import { actionName, claudeJobs } from '../analysis/workflow-security.js'
import { CI_STREAMS, claudePrintMode, type ClaudeRun } from '../model/claude.js'
import { shellView } from '../model/workflow.js'
import { parseShell } from '../shell/parse.js'

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
  // The steps that need no parse first: one step that does other work settles it.
  const others = job.steps.every((s) => {
    if (s.run !== undefined || claudeSteps.has(s)) return true
    const name = actionName(s.uses)
    return name !== undefined && PASSIVE_ACTIONS.test(name)
  })
  return others && job.steps.every((s) => s.run === undefined || onlyClaudeCommands(s.run))
}

/** Commands that never use the job token: shell bookkeeping and reading files. */
const INERT_COMMANDS = new Set(['set', 'echo', 'printf', 'export', 'cd', 'mkdir', 'cat', 'true', ':', 'test', '['])

/** `npm i -g @anthropic-ai/claude-code` and the like: installs Claude Code and nothing else. */
function installsClaudeOnly(words: string[]): boolean {
  const [tool, ...rest] = words
  let args: string[]
  if (tool === 'npm' && ['i', 'install', 'add'].includes(rest[0])) args = rest.slice(1)
  else if ((tool === 'pnpm' || tool === 'bun') && ['add', 'i', 'install'].includes(rest[0])) args = rest.slice(1)
  else if (tool === 'yarn' && rest[0] === 'global' && rest[1] === 'add') args = rest.slice(2)
  else return false
  const packages = args.filter((a) => !a.startsWith('-'))
  return packages.length > 0 && packages.every((p) => /^@anthropic-ai\/claude-code(@[\w.^~-]+)?$/.test(p))
}

/**
 * A run script that only installs and runs Claude Code (`claude -p ...`,
 * `npx @anthropic-ai/claude-code ...`), with shell bookkeeping around it
 * (`set -e`, `echo`, variable assignments). Line continuations and `>`
 * folding are read as the shell reads them.
 */
function onlyClaudeCommands(run: string): boolean {
  const script = parseShell(shellView(run))
  if (!script.ok || script.commands.length === 0) return false
  return script.commands.every((c) => {
    if (c.name === '') return true
    if (claudePrintMode(c, CI_STREAMS) || c.name.replace(/^.*\//, '') === 'claude') return true
    const words = c.args.map((a) => a.text)
    if (['npx', 'bunx', 'pnpx'].includes(words[0]) && words.some((w) => /^@anthropic-ai\/claude-code(@|$)/.test(w)))
      return true
    if (installsClaudeOnly(words)) return true
    return INERT_COMMANDS.has(c.name)
  })
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
        '`{{perm}}: write` is granted to job {{job}}, whose only work is running Claude: {{why}}, so the grant only widens what a prompt-injected agent can do',
      agenticWrite:
        'agentic workflow {{path}} grants {{grant}} to the agent job, where Claude runs: gh-aw keeps that job read-only and performs writes in `safe-outputs:` jobs that never run the agent, so this grant only widens what a prompt-injected agent can do',
      missingCaller:
        'job {{job}} calls {{callee}}, which runs Claude in job {{calleeJob}}, with no `permissions:` block here, at workflow level or in the called workflow: the token it passes gets the repository default, which is read/write on every scope in older repositories and organisations, and a prompt-injected agent can use all of it'
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
      if (!isObject(perms)) continue
      // Only a write outside the Claude action's scopes can be reported: ask whether the job only
      // runs Claude (which parses its `run:` scripts) when there is one, so a job without such a
      // grant (most of them) has no script parsed here.
      const extra = Object.entries(perms).filter(
        ([scope, level]) => isWrite(level) && !CLAUDE_WRITE_SCOPES.has(scope.toLowerCase())
      )
      if (extra.length === 0 || !onlyClaude(job, runs)) continue
      for (const [scope] of extra) {
        const path = [...permsPath, scope]
        if (!once(wf, path)) continue
        const at = wf.doc.span(path, 'pair')
        if (!at) continue
        ctx.report({
          messageId: 'unneeded',
          data: {
            perm: scope,
            job: job.id,
            why: runs.every((r) => r.kind === 'cli')
              ? `Claude Code does not write ${scope} on its own`
              : `the Claude action never writes ${scope}`
          },
          at,
          confidence: 'medium',
          tip: `remove \`${scope}: write\` (or lower it to \`read\`)`
        })
      }
    }

    for (const aw of ctx.project.agenticWorkflows) {
      if (aw.data.strict === true) continue
      const perms = aw.data.permissions
      if (typeof perms === 'string') {
        if (perms.trim().toLowerCase() !== 'write-all') continue
        const at = aw.fm.span(['permissions'])
        if (!at) continue
        ctx.report({
          messageId: 'agenticWrite',
          data: { path: aw.path, grant: '`write-all`' },
          at,
          tip: 'write `permissions: read-all` (or the read scopes the agent needs), declare each write under `safe-outputs:` (`create-issue:`, `add-comment:`, `create-pull-request:`), and run `gh aw compile`'
        })
        continue
      }
      if (!isObject(perms)) continue
      for (const [scope, level] of Object.entries(perms)) {
        if (typeof level !== 'string' || level.trim().toLowerCase() !== 'write') continue
        // Write-only scopes that are not repository writes: OIDC tokens for the model provider
        // (Bedrock, Vertex), and Copilot inference requests (gh-aw frontmatter.md, `permissions:`).
        if (scope.toLowerCase() === 'id-token' || scope.toLowerCase() === 'copilot-requests') continue
        const at = aw.fm.span(['permissions', scope], 'pair')
        if (!at) continue
        ctx.report({
          messageId: 'agenticWrite',
          data: { path: aw.path, grant: `\`${scope}: write\`` },
          at,
          tip: `lower it to \`${scope}: read\`, declare the write under \`safe-outputs:\` (e.g. \`create-issue:\`, \`add-comment:\`, \`create-pull-request:\`), and run \`gh aw compile\``
        })
      }
    }

    // Callers of a reusable workflow in this repository set the token of its Claude jobs.
    const claudeByWorkflow = new Map<Workflow, Job[]>()
    for (const [job, runs] of claudeJobs(ctx.project)) {
      const list = claudeByWorkflow.get(runs[0].workflow) ?? []
      list.push(job)
      claudeByWorkflow.set(runs[0].workflow, list)
    }
    for (const wf of ctx.project.workflows) {
      if ([...wf.triggers].every((t) => t === 'workflow_call')) continue
      if (hasPerms(wf.value.permissions)) continue
      for (const job of wf.jobs) {
        const called = job.usesWorkflow?.trim()
        if (!called?.startsWith('./') || hasPerms(job.value.permissions)) continue
        const path = called.replace(/^\.\//, '')
        const callee = ctx.project.workflows.find((w) => w.path === path)
        if (!callee || hasPerms(callee.value.permissions)) continue
        const open = (claudeByWorkflow.get(callee) ?? []).find((j) => !hasPerms(j.value.permissions))
        if (!open) continue
        const at = wf.doc.span(job.path, 'key')
        if (!at) continue
        ctx.report({
          messageId: 'missingCaller',
          data: { job: job.id, callee: path, calleeJob: open.id },
          at,
          tip: 'add `permissions:` to this job with only what the called workflow uses, e.g. `contents: read`, `pull-requests: write`, `id-token: write`'
        })
      }
    }
  }
})

/** A `write` grant of one scope. */
function isWrite(level: unknown): boolean {
  return typeof level === 'string' && level.trim().toLowerCase() === 'write'
}

function hasPerms(v: unknown): boolean {
  return v !== undefined && v !== null
}
