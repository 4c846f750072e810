/**
 * vulnerable-claude-action: a workflow pins anthropics/claude-code-action (or
 * claude-code-base-action) to one release — a version tag, or a commit SHA
 * that a release tag points at — that is older than a release fixing a
 * published advisory (high), or older than a release fixing a control that
 * silently did not work, where the workflow relies on that control (medium).
 * Moving refs (`@v1`, `@main`) are judged by unpinned-action, not here. A
 * gh-aw lock file whose agent step runs such a release is reported at its source.
 * Docs: docs/rules/vulnerable-claude-action.md
 */
import { defineRule } from './rule.js'
import type { Span } from '../parse/source.js'
import type { ClaudeRun } from '../model/claude.js'
import type { Step } from '../model/workflow.js'
import { actionRelease, compareVersions, FACTS, type ActionRelease, type FactId } from '../facts/versions.js'
import { actionName, isFalse } from '../analysis/workflow-security.js'

/** Advisories: the fact that fixes each one, and its name in messages. */
const ADVISORIES: ReadonlyArray<{ fact: FactId; name: string }> = [
  { fact: 'actionCve202566414Fixed', name: 'CVE-2025-66414 / GHSA-w48q-cv73-mx4w' },
  {
    fact: 'actionPrMcpJsonRestored',
    name: "CVE-2026-47751 / GHSA-8q5r-mmjf-575q (a pull request's `.mcp.json` runs on the runner)"
  }
]

/** Controls that did not work before a release, and when a workflow relies on each. */
const CONTROLS: ReadonlyArray<{ fact: FactId; name: string; relies: (run: ClaudeRun) => boolean }> = [
  {
    fact: 'actionMaxTurnsEnforced',
    name: '`--max-turns` is not enforced',
    relies: (run) => run.flags.some((f) => f.name === '--max-turns')
  },
  {
    fact: 'actionCheckoutCredentialsCleaned',
    name: 'the checkout credential stays usable by git',
    relies: (run) =>
      run.job.steps.some(
        (s) =>
          s.index < run.step.index &&
          actionName(s.uses) === 'actions/checkout' &&
          !isFalse(s.with['persist-credentials']) &&
          credentialInFile(run, s)
      )
  },
  {
    fact: 'actionWorkflowRunActorCheck',
    name: 'no write-permission check on the actor of `workflow_run`',
    relies: (run) => run.workflow.triggers.has('workflow_run')
  }
]

/**
 * Whether this actions/checkout keeps its credential in a file under
 * RUNNER_TEMP (v6.0.0, backported to v5.0.1 and v4.3.1), which the action's
 * cleanup missed before v1.0.197. The version is the ref (`v6`, `v4.3.1`; a
 * major tag moves to its newest release, a branch to the newest of all), or
 * for a commit SHA the version comment on its line; unknown is not reported.
 */
function credentialInFile(run: ClaudeRun, step: Step): boolean {
  const ref = step.uses?.slice(step.uses.lastIndexOf('@') + 1).trim() ?? ''
  let version = ref
  if (/^[0-9a-f]{40}$/i.test(ref)) {
    const span = run.workflow.doc.span([...step.path, 'uses'])
    const line = span ? span.file.lineText(span.file.position(span.start).line) : ''
    version = /#\s*(v?\d+(?:\.\d+){0,2})\b/.exec(line)?.[1] ?? ''
    if (!version) return false
  }
  const m = /^v?(\d+)(?:\.(\d+))?(?:\.(\d+))?$/.exec(version)
  if (!m) return !/^[0-9a-f]{7,40}$/i.test(ref) // a branch: its newest commit
  const [major, minor, patch] = [Number(m[1]), m[2], m[3]]
  if (minor === undefined) return major >= 4 // a moving major tag: its newest release has the file
  const v = `${major}.${minor}.${patch ?? 0}`
  if (major >= 6) return true
  if (major === 5) return compareVersions(v, '5.0.1') >= 0
  if (major === 4) return compareVersions(v, '4.3.1') >= 0
  return false
}

/** The span of the ref after `@` in a step's `uses:` value. */
function refSpan(run: ClaudeRun): Span | undefined {
  const span = run.doc.span([...run.step.path, 'uses'])
  if (!span) return undefined
  const text = span.file.text.slice(span.start, span.end)
  const at = text.lastIndexOf('@')
  if (at < 0) return span
  const ref = /^[^\s'"#]+/.exec(text.slice(at + 1))
  return ref ? { file: span.file, start: span.start + at + 1, end: span.start + at + 1 + ref[0].length } : span
}

function describeRelease(rel: ActionRelease, ref: string): string {
  const name = rel.repo.slice('anthropics/'.length)
  return rel.via === 'commit' ? `${name} v${rel.version} (commit ${ref.slice(0, 12)} is that release)` : `${name} v${rel.version}`
}

export default defineRule({
  meta: {
    id: 'vulnerable-claude-action',
    checklistItems: [],
    area: 'workflows',
    severity: 'high',
    confidence: 'high',
    description: 'claude action pinned below a security fix',
    messages: {
      advisory:
        'job {{job}} in {{file}} runs {{release}}, older than the claude-code-action releases that fix published advisories: {{advisories}}{{controls}}; upgrade to {{upgrade}} or later',
      control:
        'job {{job}} in {{file}} runs {{release}}, where a control this workflow relies on does not work: {{controls}}; upgrade to {{upgrade}} or later',
      agentic:
        'agentic workflow {{path}} is compiled into {{lock}}, whose agent step runs {{release}}, older than the releases that fix published advisories: {{advisories}}; recompile it with a current gh-aw'
    }
  },
  check(ctx) {
    for (const run of ctx.project.claudeRuns) {
      if (run.kind === 'cli') continue
      const rel = actionRelease(run.step.uses)
      if (!rel || !run.ref) continue
      const below = (fact: FactId): boolean => compareVersions(rel.version, FACTS[fact].since) < 0
      const advisories = ADVISORIES.filter((a) => below(a.fact))
      const controls = CONTROLS.filter((c) => below(c.fact) && c.relies(run))
      if (!advisories.length && !controls.length) continue
      const at = refSpan(run)
      if (!at) continue
      const fixed = (fact: FactId): string => FACTS[fact].since
      const upgrade = [...advisories, ...controls].map((x) => fixed(x.fact)).sort(compareVersions).at(-1) as string
      const controlText = controls.map((c) => `${c.name} before v${fixed(c.fact)}`).join('; ')
      // The separate base-action repository stopped at v0.0.63: its successor is the action's base-action folder.
      const target =
        rel.repo === 'anthropics/claude-code-base-action'
          ? 'anthropics/claude-code-action/base-action'
          : run.step.uses?.trim().replace(/@[^@]*$/, '') ?? rel.repo
      const data = {
        job: run.job.id,
        file: run.workflow.path,
        release: describeRelease(rel, run.ref),
        upgrade: target === run.step.uses?.trim().replace(/@[^@]*$/, '') ? `v${upgrade}` : `${target} v${upgrade}`
      }
      const tip = `pin the commit of v${upgrade} or later: ${target}@<40-hex-sha> # v${upgrade}`
      if (advisories.length) {
        ctx.report({
          messageId: 'advisory',
          data: {
            ...data,
            advisories: advisories.map((a) => `${a.name}, fixed in v${fixed(a.fact)}`).join('; '),
            controls: controls.length ? `; and a control this workflow relies on does not work: ${controlText}` : ''
          },
          at,
          tip
        })
      } else {
        ctx.report({
          messageId: 'control',
          data: { ...data, controls: controlText },
          at,
          severity: 'medium',
          tip
        })
      }
    }
    // gh-aw: the lock file is not audited, so what its agent step runs is reported at the source.
    for (const aw of ctx.project.agenticWorkflows) {
      const uses = aw.compiled?.uses
      const rel = actionRelease(uses)
      if (!rel || !aw.compiled) continue
      const advisories = ADVISORIES.filter((a) => compareVersions(rel.version, FACTS[a.fact].since) < 0)
      if (!advisories.length) continue
      ctx.report({
        messageId: 'agentic',
        data: {
          path: aw.path,
          lock: aw.compiled.path,
          release: describeRelease(rel, (uses ?? '').replace(/^[^@]*@/, '')),
          advisories: advisories.map((a) => `${a.name}, fixed in v${FACTS[a.fact].since}`).join('; ')
        },
        at: aw.anchor,
        tip: 'run `gh aw compile` with a current gh-aw: it no longer runs the Claude action, and runs the agent inside the AWF firewall'
      })
    }
  }
})
