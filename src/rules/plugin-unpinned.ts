/**
 * plugin-unpinned: a plugin marketplace is fetched from a git source at
 * whatever commit its default branch (or a movable branch/tag) points to when
 * Claude starts. Plugins bring skills, agents, hooks and MCP servers, so
 * whoever can push to that repository changes what runs in every session
 * (in CI: on the runner, next to its secrets). Covers `extraKnownMarketplaces`
 * in committed settings and in the action's `settings` input, and the action's
 * `plugin_marketplaces` input (which clones the default branch and takes no ref),
 * also when another job produces it as a literal (`${{ needs.x.outputs.y }}`).
 * Docs: docs/rules/plugin-unpinned.md
 */
import { defineRule } from './rule.js'
import { isObject } from '../parse/doc.js'
import type { Span } from '../parse/source.js'
import type { ClaudeRun } from '../model/claude.js'
import { settingsInput } from '../analysis/claude-run.js'
import { spanInScalar } from '../analysis/workflow-security.js'
import { lastLine } from '../core/linear-text.js'
import { resolveNeedsOutput } from '../analysis/job-outputs.js'

const COMMIT = /^[0-9a-f]{40}([0-9a-f]{24})?$/i

interface Unpinned {
  where: string
  ref?: string
  file?: boolean
}

/** Judges one `extraKnownMarketplaces` entry's source; undefined when pinned or not a remote git source. */
function judge(source: unknown): { field: 'repo' | 'url'; where: string; ref?: string; file?: boolean } | undefined {
  if (!isObject(source)) return undefined
  const kind = typeof source.source === 'string' ? source.source : ''
  let field: 'repo' | 'url'
  if (kind === 'github' && typeof source.repo === 'string') field = 'repo'
  else if ((kind === 'git' || kind === 'url') && typeof source.url === 'string') field = 'url'
  else return undefined
  const where = source[field] as string
  // A `url` source that is not a git repository is a marketplace.json file: it has no commit to pin.
  const file = kind === 'url' && !/\.git$/i.test(where) && !/\.git#/i.test(lastLine(where)) && !/^git@/.test(where)
  if (file) return { field, where, file }
  const sha = typeof source.sha === 'string' ? source.sha.trim() : ''
  const ref = typeof source.ref === 'string' ? source.ref.trim() : ''
  const frag = /#([0-9a-f]{40})$/i.exec(where)
  if (COMMIT.test(sha) || COMMIT.test(ref) || frag) return undefined
  return { field, where, ref: ref || undefined }
}

export default defineRule({
  meta: {
    id: 'plugin-unpinned',
    checklistItems: [28],
    area: 'mcp',
    severity: 'medium',
    confidence: 'high',
    description: 'plugin marketplace not pinned to a commit',
    messages: {
      marketplace:
        'plugin marketplace {{name}} is loaded from {{where}} {{at}}: whoever can push there changes the skills, hooks and MCP servers that run in every session',
      actionInput:
        "plugin marketplace {{where}} is added by URL with no ref to pin (`plugin_marketplaces` takes none), so every run gets whatever its default branch holds: whoever can push there changes the skills, hooks and MCP servers Claude runs in job {{job}}, next to its secrets"
    }
  },
  check(ctx) {
    const describe = (u: Unpinned): string =>
      u.file
        ? '(a file that can change at any time and has no commit to pin)'
        : u.ref
          ? `at \`${u.ref}\`, a branch or tag that can move`
          : "at its default branch's latest commit"
    // Committed settings files.
    for (const s of ctx.project.settings) {
      const mk = s.value.extraKnownMarketplaces
      if (!isObject(mk)) continue
      for (const [name, entry] of Object.entries(mk)) {
        if (!isObject(entry)) continue
        const j = judge(entry.source)
        if (!j) continue
        const at =
          s.doc.span(['extraKnownMarketplaces', name, 'source', j.field]) ??
          s.doc.span(['extraKnownMarketplaces', name], 'key')
        if (!at) continue
        ctx.report({
          messageId: 'marketplace',
          data: { name, where: j.where, at: describe(j) },
          at,
          tip: 'set `"ref"` of the source to a full 40-hex commit (and bump it deliberately after review)'
        })
      }
    }
    // The action's inputs.
    const fromJobs = new Map<string, { entry: string; at: Span; jobs: string[]; related: { at: Span; note: string }[] }>()
    for (const run of ctx.project.claudeRuns) {
      if (run.kind === 'cli') continue
      const given = run.step.with.plugin_marketplaces
      // `${{ needs.setup.outputs.x }}`: the literal another job produces, when it is one (otherwise not known).
      const produced = resolveNeedsOutput(given, run.workflow, run.job, ctx.project)
      const pm = produced ? produced.value : given
      if (typeof pm === 'string') {
        const use = run.doc.span([...run.step.path, 'with', 'plugin_marketplaces'])
        const span = produced ? produced.span : use
        if (span && use) {
          const re = /[^\s,]+/g
          let m: RegExpExecArray | null
          while ((m = re.exec(pm)) !== null) {
            const entry = m[0].replace(/^["']|["']$/g, '')
            if (!/^(https?:\/\/|git@|ssh:\/\/)/i.test(entry)) continue
            if (/#[0-9a-f]{40}$/i.test(entry)) continue
            if (produced) {
              // One literal another job produces may feed several Claude steps: one finding, naming every job.
              const at = spanInScalar(span, pm, m.index, m.index + m[0].length)
              const k = `${at.file.path}\0${at.start}\0${entry}`
              const seen = fromJobs.get(k)
              const hop = { at: use, note: `the Claude step of job ${run.job.id} takes it as \`plugin_marketplaces\`` }
              if (seen) {
                if (!seen.jobs.includes(run.job.id)) seen.jobs.push(run.job.id)
                seen.related.push(hop, ...produced.hops)
              } else fromJobs.set(k, { entry, at, jobs: [run.job.id], related: [hop, ...produced.hops] })
              continue
            }
            ctx.report({
              messageId: 'actionInput',
              data: { where: entry, job: run.job.id },
              // Inside a composite action the caller's input may stand in the file instead (`${{ inputs.x }}`): point at it.
              at: ownInput(run, 'plugin_marketplaces') === pm ? spanInScalar(span, pm, m.index, m.index + m[0].length) : span,
              tip: TIP
            })
          }
        }
      }
      const settings = settingsInput(run)
      const raw = run.step.with.settings
      if (settings && typeof raw === 'string' && isObject(settings.extraKnownMarketplaces)) {
        const span = run.doc.span([...run.step.path, 'with', 'settings'])
        if (!span) continue
        for (const [name, entry] of Object.entries(settings.extraKnownMarketplaces)) {
          if (!isObject(entry)) continue
          const j = judge(entry.source)
          if (!j) continue
          const nameAt = raw.indexOf(`"${name}"`)
          const valAt = raw.indexOf(JSON.stringify(j.where), Math.max(0, nameAt))
          const at: Span = valAt >= 0 && ownInput(run, 'settings') === raw ? spanInScalar(span, raw, valAt, valAt + JSON.stringify(j.where).length) : span
          ctx.report({
            messageId: 'marketplace',
            data: { name, where: j.where, at: describe(j) },
            at,
            tip: 'set `"ref"` of the source to a full 40-hex commit (and bump it deliberately after review)'
          })
        }
      }
    }
    for (const f of fromJobs.values()) {
      const seen = new Set<string>()
      const related = f.related.filter((r) => {
        const k = `${r.at.file.path}\0${r.at.start}`
        return !seen.has(k) && (seen.add(k), true)
      })
      ctx.report({ messageId: 'actionInput', data: { where: f.entry, job: f.jobs.join(', ') }, at: f.at, related, tip: TIP })
    }
  }
})

const TIP =
  'vendor the marketplace into this repository, or declare it in the `settings` input\'s `extraKnownMarketplaces` with a `"ref"` set to a reviewed full commit'

/** A `with:` input of the run's step as written in its file (before a caller's inputs are bound in). */
function ownInput(run: ClaudeRun, name: string): unknown {
  const w = run.step.value.with
  return isObject(w) ? w[name] : undefined
}
