/**
 * pwn-request: `pull_request_target` and `workflow_run` run the base
 * repository's workflow with its secrets and a write-capable token, even for
 * pull requests from forks. Checking out the pull request's head into the
 * workspace then hands the attacker's files to everything that follows: build
 * scripts, git hooks, and Claude itself, which reads CLAUDE.md, runs hooks
 * that call repository scripts, and acts on the files it is shown.
 * Docs: docs/rules/pwn-request.md
 */
import { defineRule, type RelatedReport } from './rule.js'
import { expressions, type Job, type Step, type Workflow } from '../model/workflow.js'
import type { Span } from '../parse/source.js'
import { parseShell, unquotedText } from '../shell/parse.js'
import { referencesSecret } from '../analysis/expressions.js'
import { effectiveTriggers, workflowRunOpen } from '../analysis/callers.js'
import { bindInputs, type InputBinding } from '../analysis/claude-runs.js'
import { actionName, claudeJobs, envRefs, maskExpressions, spanInScalar, stepEnv } from '../analysis/workflow-security.js'
import { escapeRegExp, trimEndChar } from '../core/linear-text.js'
import { callerNote, triggerSpan } from '../analysis/run-related.js'
import { excludesOutsideActors, excludesOutsideAuthors, hostileRuns, mayRunIn, type HostileRun } from '../analysis/event-conditions.js'
import { headStepOutput } from '../analysis/script-outputs.js'

const PRIVILEGED = ['pull_request_target', 'workflow_run']

/** What each privileged trigger gives the job, for the note on its line. */
const TRIGGER_NOTE: Readonly<Record<string, string>> = {
  pull_request_target: "runs with the base repository's secrets and a write token, for pull requests from forks too",
  workflow_run: "runs with the base repository's secrets and a write token after a run that outside code can start"
}

/** Expression contexts that name the pull request's head (its code, or its branch name). */
const HEAD_CONTEXT =
  /\bgithub\s*\.\s*(head_ref|event\s*\.\s*(pull_request\s*\.\s*(head\s*\.\s*(sha|ref)|merge_commit_sha)|workflow_run\s*\.\s*(head_sha|head_branch|pull_requests)))\b/gi
/**
 * Contexts holding only the head's branch name. actions/checkout looks a
 * branch name up in `repository:` (the base repository when it is not set),
 * where a fork's branch does not exist, so as a checkout `ref:` they name fork
 * code only together with a `repository:` naming the fork (reported on its
 * own), and `git fetch origin <branch>` fetches from the base repository. Its
 * v7 fork guard reasons the same way. Matched against one reference.
 */
const BRANCH_NAME_ONLY =
  /^\s*github\s*\.\s*(head_ref|event\s*\.\s*(pull_request\s*\.\s*head\s*\.\s*ref|workflow_run\s*\.\s*head_branch))\s*$/i
const HEAD_REPO =
  /\bgithub\s*\.\s*event\s*\.\s*(pull_request\s*\.\s*head\s*\.\s*repo|workflow_run\s*\.\s*head_repository)\s*\.\s*(full_name|clone_url|ssh_url|git_url)\b/i

/** Whether an expression's text references the head's code: a SHA or pull ref, not only its branch name. */
function headCodeIn(text: string): boolean {
  return [...text.matchAll(HEAD_CONTEXT)].some((m) => !BRANCH_NAME_ONLY.test(m[0]))
}

/** A value that names the head's code (`${{ github.head_ref || github.ref }}` names only a branch). */
function namesHead(v: unknown): boolean {
  if (typeof v !== 'string') return false
  if (/refs\/pull\//.test(v)) return true
  return expressions(v).some((e) => headCodeIn(e.text))
}

function namesHeadRepo(v: unknown): boolean {
  return typeof v === 'string' && expressions(v).some((e) => HEAD_REPO.test(e.text))
}

/** A checkout `ref:` that names the head's code: a SHA or pull ref, not a bare branch name. */
const refNamesHead = namesHead

/**
 * How a checkout input names the head: directly (''), or through an
 * `env.NAME` entry whose value does (the note says which); undefined when it
 * does not.
 */
function headVia(v: unknown, env: Record<string, unknown>, test: (v: unknown) => boolean): string | undefined {
  if (typeof v !== 'string') return undefined
  if (test(v)) return ''
  for (const e of expressions(v)) {
    const r = envRefs(e.text, env).find((x) => test(x.value))
    if (r) return `, with \`${r.name}: ${r.value.trim()}\``
  }
  return undefined
}

/**
 * How a checkout `ref:` names the head through the output of an earlier `actions/github-script`
 * step that sets it from the pull request's head commit (the note says from what); undefined
 * when it does not.
 */
function viaScriptOutput(job: Job, step: Step, ref: string): string | undefined {
  for (const e of expressions(ref)) {
    const out = headStepOutput(job, step, e.text)
    if (out) return `, which step \`${out.id}\` (actions/github-script) sets from \`${out.source}\``
  }
  return undefined
}

function holdsSecrets(v: unknown): boolean {
  if (typeof v === 'string')
    return referencesSecret(v, { includeGithubToken: true }) || /\bgithub\s*\.\s*token\b/.test(v)
  if (Array.isArray(v)) return v.some(holdsSecrets)
  if (v && typeof v === 'object') return Object.values(v).some(holdsSecrets)
  return false
}

/** Whether a checkout path puts the files at the workspace root. */
function atRoot(path: unknown): boolean {
  if (path === undefined || path === null) return true
  if (typeof path !== 'string') return false
  const p = trimEndChar(path.trim().replace(/^\.\/?/, ''), '/')
  return p === '' || /^\$\{\{\s*github\.workspace\s*\}\}$/.test(p)
}

interface Hit {
  at: Span
  how: string
}

/** A job's or step's `if:` as the message quotes it: one line, at most 120 characters. */
function condText(cond: unknown): string {
  const t = String(cond).replace(/\s+/g, ' ').trim()
  return t.length > 120 ? `${t.slice(0, 119)}…` : t
}

/**
 * Which of the conditions on a hit (the job's `if:`, the step's) limits who gets there, and how:
 * `author` when every hostile run it may happen in needs a pull request opened by an account the
 * conditions name (see excludesOutsideAuthors), `actor` when only the account that fired the run
 * is tested; with the condition that does it (the job's, the step's, or both).
 */
function gateOn(runs: HostileRun[], job: Job, step: Step): { kind: 'author' | 'actor'; conds: { value: unknown; path: (string | number)[] }[] } | undefined {
  const all = [
    { value: job.value.if, path: [...job.path, 'if'] },
    { value: step.value.if, path: [...step.path, 'if'] }
  ].filter((c) => c.value !== undefined && c.value !== null)
  const open = runs.filter((r) => all.every((c) => mayRunIn(c.value, r)))
  if (open.length === 0 || all.length === 0) return undefined
  for (const kind of ['author', 'actor'] as const) {
    const test = kind === 'author' ? excludesOutsideAuthors : excludesOutsideActors
    if (!open.every((r) => test(r, ...all.map((c) => c.value)))) continue
    const one = all.find((c) => open.every((r) => test(r, c.value)))
    return { kind, conds: one ? [one] : all }
  }
  return undefined
}

/** A subcommand that may check a head out, as a whole shell word. */
const CHECKOUT_WORD = /(?<![^\s;&|()<>`])(?:checkout|switch|reset|merge|pull|rebase)(?![^\s;&|()<>`])/

/** Head checkouts by git / gh commands in a run script. */
function scriptHits(wf: Workflow, job: Job, step: Step): Hit[] {
  const run = step.run
  if (typeof run !== 'string') return []
  const span = wf.doc.span([...step.path, 'run'])
  if (!span) return []
  const env = stepEnv(wf, job, step)
  const headVars = new Set(
    Object.entries(env)
      .filter(([, v]) => namesHead(v) || namesHeadRepo(v))
      .map(([k]) => k)
  )
  const masked = maskExpressions(run)
  const exprs = expressions(run)
  // A hit needs the words of `gh pr checkout`, or `git` with one of the subcommands below (a `fetch` alone
  // only notes a name for them) and an operand naming the head: a word with `pull/`
  // (`refs/pull/…`, `pull/1/head`), a `${{ }}` naming it, an `env:` variable holding one, or a
  // name a `git fetch` of one of those gave it. Those words show in the unquoted reading of the
  // text, each command word whole, so with a blank, an operator or a backtick (or the text's end)
  // on either side (`git` may follow a `/`, `…/git`). Without them, nothing to parse.
  const plain = unquotedText(masked)
  if (plain !== undefined) {
    const gh = /(?<![\w-])gh(?![\w-])/.test(plain) && /(?<![^\s;&|()<>`])pr(?![^\s;&|()<>`])/.test(plain) && /(?<![^\s;&|()<>`])checkout(?![^\s;&|()<>`])/.test(plain)
    const git =
      /(?<![\w-])git(?![\w-])/.test(plain) &&
      CHECKOUT_WORD.test(plain) &&
      (plain.includes('pull/') || exprs.some((e) => namesHead(run.slice(e.start, e.end)) || namesHeadRepo(run.slice(e.start, e.end))) || [...headVars].some((v) => plain.includes(v)))
    if (!gh && !git) return []
  }
  const script = parseShell(masked)
  const out: Hit[] = []
  const wordNamesHead = (w: { start: number; end: number; text: string }): boolean => {
    if (/refs\/pull\/|^\+?pull\//.test(w.text)) return true
    if (
      exprs.some(
        (e) =>
          e.start < w.end &&
          e.end > w.start &&
          (namesHead(run.slice(e.start, e.end)) || namesHeadRepo(run.slice(e.start, e.end)))
      )
    )
      return true
    return [...headVars].some((v) => new RegExp(`\\$\\{?${escapeRegExp(v)}\\b`).test(w.text))
  }
  /** Local names the pull request's head was fetched into (`FETCH_HEAD`, `pull/1/head:pr` → `pr`). */
  const fetched = new Set<string>()
  for (const cmd of script.commands) {
    const words = cmd.args.map((a) => a.text)
    const piece = (): Span => spanInScalar(span, run, cmd.start, cmd.end)
    if (cmd.name === 'gh' && words[1] === 'pr' && words[2] === 'checkout') {
      out.push({ at: piece(), how: 'runs `gh pr checkout` in the workspace' })
      continue
    }
    if (cmd.name !== 'git') continue
    const sub = words.find((w, i) => i > 0 && !w.startsWith('-'))
    const rest = cmd.args.slice(1).filter((w) => w.text !== sub)
    if (sub === 'fetch') {
      for (const w of rest) {
        if (!wordNamesHead(w)) continue
        fetched.add('FETCH_HEAD')
        const dst = /:(?:refs\/heads\/)?([^:]+)$/.exec(w.text)
        if (dst) fetched.add(dst[1])
      }
      continue
    }
    if (!['checkout', 'switch', 'reset', 'merge', 'pull', 'rebase'].includes(sub ?? '')) continue
    if (rest.some(wordNamesHead)) {
      out.push({ at: piece(), how: `runs \`git ${sub}\` of the pull request's head` })
    } else if (rest.some((w) => fetched.has(w.text))) {
      out.push({ at: piece(), how: `runs \`git ${sub}\` of the fetched pull request head` })
    }
  }
  return out
}

export default defineRule({
  meta: {
    id: 'pwn-request',
    checklistItems: [],
    area: 'workflows',
    severity: 'critical',
    confidence: 'high',
    description: 'privileged workflow checks out pull-request code',
    messages: {
      checkout:
        "job {{job}} runs on {{event}} (base repository secrets and a write token, even for forks) and {{how}}{{claude}}: the pull request's author controls files that run or steer the job{{actorGate}}",
      authorGated:
        "job {{job}} runs on {{event}} (base repository secrets and a write token) and {{how}}{{claude}}, but only for pull requests opened by the accounts `{{cond}}` names: a pull request's author is set when it is opened and cannot be changed, so an outsider's pull request does not run it; the head is still whatever those accounts (and whoever can push to their branches) put there, run with the secrets, and loosening the condition makes this critical"
    }
  },
  check(ctx) {
    const withClaude = claudeJobs(ctx.project)
    // `workflow_run` after only the maintainers' own runs (pushes, schedules) runs no outside code.
    const privilegedTriggers = (w: Workflow): Map<string, Workflow[]> => {
      const t = effectiveTriggers(w, ctx.project.callers)
      const chain = t.get('workflow_run')
      if (chain && !workflowRunOpen(chain.length ? chain[chain.length - 1] : w, ctx.project.workflows, ctx.project.callers)) t.delete('workflow_run')
      return t
    }
    for (const wf of ctx.project.workflows) {
      // A reusable workflow runs with the event of its callers (and the secrets they pass).
      const triggers = privilegedTriggers(wf)
      const privileged = PRIVILEGED.filter((e) => triggers.has(e))
      if (privileged.length === 0) continue
      const label = (e: string): string => {
        const chain = triggers.get(e) as Workflow[]
        return chain.length ? `${e} (through the calling workflow ${chain[0].path})` : e
      }
      // The runs of each privileged event that hand the job outside code (`github.event_name`,
      // the event of the run a workflow_run follows, a fork as the head): `if:` may exclude them.
      const hostile = new Map(
        privileged.map((e) => {
          const chain = triggers.get(e) as Workflow[]
          return [e, hostileRuns(e, chain.length ? chain[chain.length - 1] : wf, ctx.project.workflows, ctx.project.callers)]
        })
      )
      const runsOn = (e: string, ...conds: unknown[]): boolean => (hostile.get(e) ?? []).some((r) => conds.every((c) => mayRunIn(c, r)))
      const privilegedCallers = (ctx.project.callers.get(wf) ?? []).filter((c) =>
        PRIVILEGED.some((e) => privilegedTriggers(c.workflow).has(e))
      )
      const inputs = new Map<string, InputBinding>()
      for (const c of privilegedCallers) {
        for (const [k, v] of c.with) if (typeof v.value === 'string' && !inputs.has(k)) inputs.set(k, { value: v.value })
      }
      const wfSecrets = holdsSecrets(wf.env) || privilegedCallers.some((c) => c.job.value.secrets !== undefined)
      // The trigger lines (in the outermost caller for a reusable workflow) and the calling jobs.
      const triggerRelated = new Map<string, RelatedReport>()
      for (const e of PRIVILEGED) {
        const chain = triggers.get(e)
        if (!chain) continue
        const at = triggerSpan(chain.length ? chain[chain.length - 1] : wf, e)
        if (at) triggerRelated.set(e, { at, note: TRIGGER_NOTE[e] as string })
      }
      const callerRelated: RelatedReport[] = []
      for (const c of privilegedCallers) {
        const at = c.workflow.doc.span([...c.job.path, 'uses'], 'pair')
        if (at) callerRelated.push({ at, note: callerNote(c, ctx.project.callers) })
      }
      for (const job of wf.jobs) {
        const runsClaude = withClaude.has(job)
        if (!runsClaude && !wfSecrets && !holdsSecrets(job.value)) continue
        if (!privileged.some((e) => runsOn(e, job.value.if))) continue
        const hits: (Hit & { events: string[]; step: Step })[] = []
        for (const step of job.steps) {
          const events = privileged.filter((e) => runsOn(e, job.value.if, step.value.if))
          if (events.length === 0) continue
          if (actionName(step.uses) === 'actions/checkout') {
            if (!atRoot(step.with.path)) continue
            const env = stepEnv(wf, job, step)
            const boundRef = bindInputs(step.with.ref, inputs)
            const viaRef =
              headVia(boundRef, env, refNamesHead) ?? (typeof boundRef === 'string' ? viaScriptOutput(job, step, boundRef) : undefined)
            const viaRepo = viaRef === undefined ? headVia(bindInputs(step.with.repository, inputs), env, namesHeadRepo) : undefined
            const key = viaRef !== undefined ? 'ref' : viaRepo !== undefined ? 'repository' : undefined
            if (!key) continue
            const raw = String(step.with[key])
            const value = String(bindInputs(step.with[key], inputs))
            const span = wf.doc.span([...step.path, 'with', key])
            if (!span) continue
            const e = expressions(raw)[0]
            hits.push({
              events,
              step,
              at: e ? spanInScalar(span, raw, e.start, e.end) : span,
              how: `checks out the pull request's head at the workspace root (\`${key}: ${raw.trim()}\`${value !== raw ? `, given \`${value.trim()}\` by the caller` : ''}${viaRef ?? viaRepo})`
            })
          } else {
            hits.push(...scriptHits(wf, job, step).map((h) => ({ ...h, events, step })))
          }
        }
        for (const h of hits) {
          // An `if:` that admits only pull requests opened by named accounts keeps outsiders' heads out (lower);
          // one that tests only who fired the run does not (said, still critical).
          const gate = gateOn(h.events.flatMap((e) => hostile.get(e) ?? []), job, h.step)
          const cond = gate ? gate.conds.map((c) => condText(c.value)).join(' and ') : ''
          const gateRelated: RelatedReport[] = []
          for (const c of gate?.conds ?? []) {
            const at = wf.doc.span(c.path)
            if (at)
              gateRelated.push({
                at,
                note:
                  gate?.kind === 'author'
                    ? 'runs the job only for pull requests opened by the accounts named here'
                    : 'tests the account that fired the run, not the pull request\'s author'
              })
          }
          ctx.report({
            messageId: gate?.kind === 'author' ? 'authorGated' : 'checkout',
            data: {
              job: job.id,
              event: h.events.map(label).join(' / '),
              how: h.how,
              claude: runsClaude
                ? ', where Claude reads them, follows the CLAUDE.md files among them (nested ones even where the Claude action restores the root one from the base branch) and runs their scripts'
                : '',
              cond,
              actorGate:
                gate?.kind === 'actor'
                  ? `; \`${cond}\` tests the account that fired the run, not the pull request's author: GitHub sets \`github.actor\` to whoever triggered it (a push to the head branch, a reopen, a label; a re-run keeps it), so a named account acting on an outsider's pull request, or a named bot pushing to the outsider's branch, runs the outsider's head`
                  : ''
            },
            ...(gate?.kind === 'author' ? { severity: 'medium' as const } : {}),
            at: h.at,
            related: [...h.events.flatMap((e) => triggerRelated.get(e) ?? []), ...callerRelated, ...gateRelated],
            tip: 'check out the base at the workspace root and the head only into a subdirectory (`path: pr`) that Claude reads as data (`--add-dir pr`); never build or run its code in this job'
          })
        }
      }
    }
  }
})
