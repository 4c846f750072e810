/**
 * overbroad-permission: allow rules that grant everything or nearly
 * everything — bare `Bash`/`Bash(*)`, interpreters and package runners
 * (`Bash(python:*)`, `Bash(npm:*)`, `Bash(make:*)`: arbitrary code),
 * `Read(**)`/bare `Edit`/`Write`, destructive commands (`rm`, `chmod`,
 * `git push`), every web domain (`WebFetch`, `WebFetch(domain:*)`, `curl`),
 * `mcp__*` — in committed settings, in `--allowedTools` of a workflow, or in
 * a command or skill's `allowed-tools`. A pre-approved tool runs without a
 * prompt, so a prompt injection gets it for free (checklist item 4).
 * Docs: docs/rules/overbroad-permission.md
 */
import { defineRule } from './rule.js'
import type { Span } from '../parse/source.js'
import { locateInBlock, type ClaudeRun } from '../model/claude.js'
import { classifyAllow, committedSettings, type BroadRule, type Breadth } from '../analysis/permission-rules.js'
import { findInSpan } from '../analysis/locate-text.js'

const WHY: Record<Breadth, string> = {
  shell: 'any shell command',
  code: 'arbitrary code through an interpreter or package runner',
  files: 'reading or writing any file',
  destructive: 'deleting files, changing permissions or pushing',
  network: 'sending data to any host',
  mcp: 'every tool of every MCP server'
}

/**
 * Which kinds of breadth count where: CI runs work on a throwaway checkout, so
 * reading and editing files is expected there; deleting, pushing and
 * fetching any URL are not.
 */
const CI_KINDS = new Set<Breadth>(['shell', 'code', 'destructive', 'network', 'mcp'])
const COMMAND_KINDS = new Set<Breadth>(['shell', 'code', 'network', 'mcp'])

/** Splits an `--allowedTools` value (commas or spaces between rules, not inside parentheses). */
export function splitToolList(s: string): string[] {
  const out: string[] = []
  let depth = 0
  let cur = ''
  for (const ch of s) {
    if (ch === '(') depth++
    if (ch === ')') depth = Math.max(0, depth - 1)
    if (depth === 0 && (ch === ',' || /\s/.test(ch))) {
      if (cur.trim()) out.push(cur.trim())
      cur = ''
      continue
    }
    cur += ch
  }
  if (cur.trim()) out.push(cur.trim())
  return out
}

interface Group {
  rules: BroadRule[]
  /** The rule a finding points at: the first whole-tool grant, else the first. */
  lead: BroadRule
}

/** Groups broad rules into findings: execution/file/destructive together, network and MCP apart. */
function group(broad: BroadRule[]): Group[] {
  const buckets: BroadRule[][] = [
    broad.filter((b) => b.kind !== 'network' && b.kind !== 'mcp'),
    broad.filter((b) => b.kind === 'network'),
    broad.filter((b) => b.kind === 'mcp')
  ]
  return buckets.filter((b) => b.length).map((rules) => ({ rules, lead: rules.find((r) => r.whole) ?? rules[0] }))
}

function describe(g: Group): { list: string; why: string } {
  const why = [
    ...new Set(
      g.rules.map((r) =>
        r.kind === 'files' ? (/^\s*Read\b/.test(r.rule) ? 'reading any file' : 'writing any file') : WHY[r.kind]
      )
    )
  ]
  const shown =
    g.rules
      .slice(0, 6)
      .map((r) => `\`${r.rule}\``)
      .join(', ') + (g.rules.length > 6 ? `, and ${g.rules.length - 6} more` : '')
  return { list: shown, why: why.join('; ') }
}

function severityOf(g: Group): 'high' | 'medium' | 'low' {
  if (g.rules.every((r) => r.kind === 'mcp')) return 'low'
  return g.rules.some((r) => r.kind === 'shell' || r.kind === 'code') ? 'high' : 'medium'
}

/** The allowed-tools rules of a run with the span each came from. */
function runToolLists(run: ClaudeRun): { rules: string[]; span: Span }[] {
  const out: { rules: string[]; span: Span }[] = []
  const wf = run.workflow
  if (run.kind === 'cli') {
    const runSpan = wf.doc.span([...run.step.path, 'run'])
    for (const f of run.flags) {
      if ((f.name !== '--allowedTools' && f.name !== '--allowed-tools') || !f.value) continue
      // In a repository script the flag's offsets are the script's.
      if (run.script) {
        out.push({ rules: splitToolList(f.value), span: { file: run.script.file, start: f.start, end: f.end } })
        continue
      }
      if (!runSpan || !run.step.run) continue
      out.push({ rules: splitToolList(f.value), span: locateInBlock(runSpan, run.step.run, f.start, f.end) })
    }
    return out
  }
  const args = typeof run.step.with.claude_args === 'string' ? run.step.with.claude_args : ''
  if (args && run.flagsSpan) {
    for (const f of run.flags) {
      if ((f.name !== '--allowedTools' && f.name !== '--allowed-tools') || !f.value) continue
      const first = locateInBlock(run.flagsSpan, args, f.start, f.end)
      out.push({
        rules: splitToolList(f.value),
        span: { file: first.file, start: first.start, end: run.flagsSpan.end }
      })
    }
  }
  const v0 = run.step.with.allowed_tools
  if (typeof v0 === 'string' && (run.major === 'v0' || run.kind === 'base-action')) {
    const span = wf.doc.span([...run.step.path, 'with', 'allowed_tools'])
    if (span) out.push({ rules: splitToolList(v0), span })
  }
  return out
}

export default defineRule({
  meta: {
    id: 'overbroad-permission',
    checklistItems: [4],
    area: 'credentials',
    severity: 'high',
    confidence: 'high',
    description: 'allow rule grants far more than a task needs',
    messages: {
      settings:
        'allow list in {{file}} pre-approves {{list}} ({{why}}): these run without a prompt, so a prompt injection gets them for free (project allow rules apply in interactive sessions of a trusted folder; `claude -p` ignores them in untrusted ones)',
      mcpGlob:
        '`{{rule}}` in the allow list of {{file}} means to pre-approve every tool of every MCP server; current Claude Code skips allow globs like this with a warning, so it grants nothing today and only states an intent: name servers (`mcp__github`) instead',
      ci: "`--allowedTools` in job {{job}} pre-approves {{list}} ({{why}}): the run executes them without a prompt (only deny rules and hooks still apply), next to the job's secrets and token",
      command:
        '`allowed-tools` of {{kind}} {{name}} pre-approves {{list}} ({{why}}) whenever it is invoked, in `claude -p` too (this grant is not gated by workspace trust)'
    }
  },
  check(ctx) {
    const p = ctx.project
    for (const s of committedSettings(p)) {
      const allow = s.rules.filter((r) => r.list === 'allow')
      const broad: { b: BroadRule; path: (string | number)[] }[] = []
      for (const r of allow) {
        const b = classifyAllow(r.rule)
        if (b) broad.push({ b, path: r.path })
      }
      for (const g of group(broad.map((x) => x.b))) {
        const lead = broad.find((x) => x.b === g.lead)
        const at = lead && s.doc.span(lead.path)
        if (!at) continue
        if (g.rules.every((r) => r.kind === 'mcp')) {
          ctx.report({
            messageId: 'mcpGlob',
            data: { rule: g.lead.rule, file: s.path },
            at,
            severity: 'low',
            tip: 'replace it with the servers you trust: `mcp__github`, `mcp__linear__*`'
          })
          continue
        }
        ctx.report({
          messageId: 'settings',
          data: { file: s.path, ...describe(g) },
          at,
          severity: severityOf(g),
          tip: 'allow only the exact commands a task needs (`Bash(npm run test:*)`, `Bash(uv run pytest:*)`), scope file rules to paths (`Edit(./src/**)`), name domains (`WebFetch(domain:docs.example.com)`); add deny rules for what must never run'
        })
      }
    }

    for (const run of p.claudeRuns) {
      for (const { rules, span } of runToolLists(run)) {
        const broad = rules.map(classifyAllow).filter((b): b is BroadRule => !!b && CI_KINDS.has(b.kind))
        for (const g of group(broad)) {
          ctx.report({
            messageId: 'ci',
            data: { job: run.job.id, ...describe(g) },
            at: findInSpan(span, g.lead.rule),
            severity: severityOf(g),
            key: `${run.job.id}:${g.rules.map((b) => b.rule).join(',')}`,
            tip:
              g.lead.kind === 'network'
                ? 'name the domains the job needs (`WebFetch(domain:docs.example.com)`) or leave web access out of `--allowedTools`'
                : 'list the exact subcommands the job needs (`Bash(uv run pytest:*)`, `Bash(make test)`) instead of the interpreter, runner or whole command; pair with `--permission-mode dontAsk`'
          })
        }
      }
    }

    for (const c of [...p.commands, ...p.skills]) {
      const fm = c.md.frontmatter
      const v = c.data['allowed-tools']
      if (!fm || v === undefined) continue
      const items: { rule: string; path: (string | number)[] }[] = Array.isArray(v)
        ? v.flatMap((x, i) => (typeof x === 'string' ? [{ rule: x, path: ['allowed-tools', i] }] : []))
        : typeof v === 'string'
          ? splitToolList(v).map((rule) => ({ rule, path: ['allowed-tools'] }))
          : []
      const broad: { b: BroadRule; path: (string | number)[] }[] = []
      for (const it of items) {
        const b = classifyAllow(it.rule)
        if (b && COMMAND_KINDS.has(b.kind) && !(b.kind === 'network' && b.whole)) broad.push({ b, path: it.path })
      }
      if (!broad.length) continue
      const g = { rules: broad.map((x) => x.b), lead: (broad.find((x) => x.b.whole) ?? broad[0]).b }
      const lead = broad.find((x) => x.b === g.lead) as (typeof broad)[number]
      const span = fm.span(lead.path)
      if (!span) continue
      const name = typeof c.data.name === 'string' ? c.data.name : c.path
      ctx.report({
        messageId: 'command',
        data: { kind: c.kind, name, ...describe(g) },
        at: Array.isArray(v) ? span : findInSpan(span, g.lead.rule),
        severity: severityOf(g),
        tip: 'list only the commands the command or skill runs (`Bash(git status:*)`, `Bash(gh pr view:*)`)'
      })
    }
  }
})
