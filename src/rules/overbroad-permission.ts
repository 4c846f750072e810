/**
 * overbroad-permission: allow rules that grant everything or nearly
 * everything — bare `Bash`/`Bash(*)`, interpreters and package runners
 * (`Bash(python:*)`, `Bash(npm:*)`, `Bash(make:*)`: arbitrary code),
 * `Read(**)`/bare `Edit`/`Write`, destructive commands (`rm`, `chmod`,
 * `git push`), every web domain (`WebFetch`, `WebFetch(domain:*)`, `curl`),
 * `mcp__*` — in committed settings, in `--allowedTools` of a workflow, or in
 * a command or skill's `allowed-tools`. A pre-approved tool runs without a
 * prompt, so a prompt injection gets it for free (checklist item 4). In a gh-aw
 * source, every shell command for the agent is reported only where its egress
 * is not filtered (`sandbox.agent: false`, or a lock file running Claude
 * outside the AWF firewall): inside the sandbox it is gh-aw's default.
 * Docs: docs/rules/overbroad-permission.md
 */
import { defineRule } from './rule.js'
import type { Span } from '../parse/source.js'
import { isObject } from '../parse/doc.js'
import type { ClaudeRun, InputBinding } from '../model/claude.js'
import type { AgentLikeFile } from '../model/project.js'
import { flagSpan, inputHonoured, passedInput } from '../analysis/claude-run.js'
import { handRunSession } from '../analysis/sdk-runs.js'
import { handRunClause } from '../model/load-scope.js'
import { classifyAllow, committedSettings, sdkSessionAllows, type BroadRule, type Breadth } from '../analysis/permission-rules.js'
import { findInSpan } from '../analysis/locate-text.js'
import { callerRuns, type WorkflowCaller } from '../analysis/callers.js'
// A rule may carry a credential (`Bash(curl -H 'Authorization: token …' *)`): messages quote it redacted.
import { redactText } from '../secrets/index.js'
import { bashGrant, firewallOff } from '../analysis/agentic-workflows.js'
import { actionReleaseToday, claudeCodeForRun, FACTS, oldestClaudeCode } from '../facts/versions.js'
import { pluginCommandFiles } from '../analysis/plugin-commands.js'

const WHY: Record<Breadth, string> = {
  shell: 'any shell command',
  code: 'arbitrary code through an interpreter, a package runner or a package install',
  files: 'reading or writing any file',
  destructive: 'deleting files, changing permissions or pushing',
  github: 'any GitHub API request with your gh login',
  network: 'sending data to any host',
  mcp: 'every tool of every MCP server'
}

/**
 * Which kinds of breadth count where: CI runs work on a throwaway checkout, so
 * reading and editing files is expected there; deleting, pushing and
 * fetching any URL are not. `gh api` in CI acts with the job's token, whose
 * writes the job's `permissions:` decide (excessive-permissions judges those).
 */
const CI_KINDS = new Set<Breadth>(['shell', 'code', 'destructive', 'network', 'mcp'])
/**
 * What counts in a command's or skill's `allowed-tools`: reading and editing files is what most
 * commands are for, and `gh` with the user's login is judged in settings; deleting and pushing
 * (`Bash(git push:*)` also allows `git push --force` to any remote and branch) are not, and the
 * spec's row names them.
 */
const COMMAND_KINDS = new Set<Breadth>(['shell', 'code', 'destructive', 'network', 'mcp'])

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

/** One rule of a command's or skill's `allowed-tools`, with where it is written. */
export interface AllowedToolsEntry {
  rule: string
  /** Path of the value in the frontmatter: the list item, or the whole string the rule is part of. */
  path: (string | number)[]
  /** The rule's own text in the file (the list item; in a string, the rule's token), where it can be placed. */
  at: Span | undefined
}

/**
 * The rules of a command's or skill's `allowed-tools`: a YAML list (each string item one rule) or a
 * string of rules separated by commas or blanks. Each string's tokens are placed in order, so a bare
 * `Bash` after `Bash(npm test:*)` points at itself, not inside the first.
 */
export function allowedToolsEntries(c: Pick<AgentLikeFile, 'md' | 'data'>): AllowedToolsEntry[] {
  const fm = c.md.frontmatter
  const v = c.data['allowed-tools']
  if (!fm || v === undefined) return []
  if (Array.isArray(v))
    return v.flatMap((x, i) => {
      if (typeof x !== 'string') return []
      // Inside the item's quotes, if any.
      const span = fm.span(['allowed-tools', i])
      return [{ rule: x, path: ['allowed-tools', i], at: span && findInSpan(span, x.trim()) }]
    })
  if (typeof v !== 'string') return []
  const span = fm.span(['allowed-tools'])
  let from = span?.start ?? 0
  return splitToolList(v).map((rule) => {
    const at = span && findInSpan(span, rule, from)
    if (at && at !== span) from = at.end
    return { rule, path: ['allowed-tools'], at }
  })
}

interface Group {
  rules: BroadRule[]
  /** The rule a finding points at and its message names first: see {@link leadOf}. */
  lead: BroadRule
}

/**
 * The rule a finding points at: the first whole-tool grant (`Write`, `Bash`), else the first
 * listed. The message names it first, so the annotation and the text lead with the same token.
 */
function leadOf(rules: BroadRule[]): BroadRule {
  return rules.find((r) => r.whole) ?? rules[0]
}

/** Groups broad rules into findings: execution/file/destructive together, network and MCP apart. */
function group(broad: BroadRule[]): Group[] {
  const buckets: BroadRule[][] = [
    broad.filter((b) => b.kind !== 'network' && b.kind !== 'mcp'),
    broad.filter((b) => b.kind === 'network'),
    broad.filter((b) => b.kind === 'mcp')
  ]
  return buckets.filter((b) => b.length).map((rules) => ({ rules, lead: leadOf(rules) }))
}

/** The grants a finding lists, the one it points at first (the message leads with the token under the annotation). */
function describe(g: Group): { list: string; why: string } {
  const ordered = [g.lead, ...g.rules.filter((r) => r !== g.lead)]
  const why = [
    ...new Set(
      ordered.map((r) =>
        r.why ?? (r.kind === 'files' ? (/^\s*Read\b/.test(r.rule) ? 'reading any file' : 'writing any file') : WHY[r.kind])
      )
    )
  ]
  const shown =
    ordered
      .slice(0, 6)
      .map((r) => `\`${redactText(r.rule)}\``)
      .join(', ') + (g.rules.length > 6 ? `, and ${g.rules.length - 6} more` : '')
  return { list: shown, why: why.join('; ') }
}

function severityOf(g: Group): 'high' | 'medium' | 'low' {
  if (g.rules.every((r) => r.kind === 'mcp')) return 'low'
  // The spec's row puts every host (bare `WebFetch`, `curl`, `wget`) with the shell: a pre-approved
  // request carries whatever the session read to any host, the exfiltration leg of an injection.
  return g.rules.some((r) => r.kind === 'shell' || r.kind === 'code' || r.kind === 'network') ? 'high' : 'medium'
}

/** A tool rule the action's shell-word split of `claude_args` cut out of unquoted text (`Bash` of `Bash(gh pr:*)`). */
interface ShellCut {
  rule: string
  /** The text as written, from the rule to the closing parenthesis (`Bash(gh pr:*)`). */
  written: string
  /** Where the first such cut of this rule is. */
  at: Span
  /** How many times the list has this rule cut out of unquoted text. */
  count: number
}

/**
 * Who split the words, for the message: the release the step runs (only
 * releases before the fix split this way, see `actionClaudeArgsShellCharsKept`),
 * or, for a commit no release points at or a fork, the action as that ref has it.
 */
function splitterOf(run: ClaudeRun): { release: string; fixed: string } {
  const rel = actionReleaseToday(run.step.uses)
  const fixed = FACTS.actionClaudeArgsShellCharsKept.since
  if (rel) return { release: `${rel.repo.slice('anthropics/'.length)} v${rel.version}`, fixed }
  return { release: `\`${run.step.uses?.trim() ?? 'the action'}\` (not a release known to be v${fixed} or later)`, fixed }
}

/** The text written at an offset: a tool name running on into parentheses (`Bash(gh pr:*)`). */
const WRITTEN = /[^\s,("';|&<>)#]*(?:\([^)\n]*\)?)?/y

/** The allowed-tools rules of a run with the span each came from (in the workflow, a composite action or a script). */
export function runToolLists(run: ClaudeRun): { rules: string[]; span: Span; use?: Span; cuts: ShellCut[]; option: string }[] {
  const out: { rules: string[]; span: Span; use?: Span; cuts: ShellCut[]; option: string }[] = []
  for (const f of run.flags) {
    if ((f.name !== '--allowedTools' && f.name !== '--allowed-tools') || !f.value) continue
    const first = flagSpan(run, f.start, f.end)
    if (!first) continue
    // The action's `claude_args` may spread the list over lines: the span runs to the end of the input.
    // So may an Agent SDK session's list (`allowed_tools=[` on one line, a rule per line): the span runs to its end.
    const end = run.sdk ? Math.max(first.end, f.end) : run.kind === 'cli' ? first.end : Math.max(first.end, valueSpan(run, first).end)
    // One entry per rule, located at its first cut (a list of thousands of cut rules stays linear).
    const byRule = new Map<string, ShellCut | null>()
    for (const d of f.shellDropped ?? []) {
      let from = 0
      for (const rule of splitToolList(d.text)) {
        const i = d.text.indexOf(rule, from)
        if (i < 0) continue
        from = i + rule.length
        // Only a rule the split changed: what is written there runs on into parentheses (`Bash(gh pr:*)`), not a plain `WebFetch`.
        WRITTEN.lastIndex = d.start + i
        const written = WRITTEN.exec(run.flagsText ?? '')?.[0] || rule
        if (written === rule) continue
        const seen = byRule.get(rule)
        if (seen) seen.count++
        else if (seen === undefined) {
          const at = flagSpan(run, d.start + i, d.start + i + rule.length)
          byRule.set(rule, at ? { rule, written, at, count: 1 } : null)
        }
      }
    }
    const cuts = [...byRule.values()].filter((c): c is ShellCut => c !== null)
    out.push({ rules: splitToolList(f.value), span: { file: first.file, start: first.start, end }, cuts, option: '--allowedTools' })
  }
  const v0 = run.step.with.allowed_tools
  if (run.kind !== 'cli' && typeof v0 === 'string' && inputHonoured(run, 'allowed_tools')) {
    const span = run.doc.span([...run.step.path, 'with', 'allowed_tools'])
    const def = span && inputDefault(run, ['with', 'allowed_tools'])
    if (def) out.push({ rules: splitToolList(def.value), span: def.span, use: span, cuts: [], option: 'allowed_tools' })
    else if (span) out.push({ rules: splitToolList(v0), span, cuts: [], option: 'allowed_tools' })
  }
  return out
}

/**
 * The whole value a piece of an action run's `claude_args` was found in: the step's
 * `claude_args`, or the caller's `with:` value or input default it came from (another place,
 * maybe another file, see {@link flagSpan}); the piece itself when none holds it.
 */
function valueSpan(run: ClaudeRun, piece: Span): Span {
  const own = run.flagsSpan ?? run.doc.span([...run.step.path, 'with', 'claude_args'])
  const holds = (s: Span | undefined): s is Span => s !== undefined && s.file === piece.file && s.start <= piece.start && piece.start < s.end
  if (holds(own)) return own
  for (const b of run.inputs?.values() ?? []) {
    for (let x: InputBinding | undefined = b; x; x = x.outer) {
      const s = x.doc && x.path ? x.doc.span(x.path) : undefined
      if (holds(s)) return s
    }
  }
  return piece
}

/**
 * A composite action's input default that a step value passes whole
 * (`allowed_tools: ${{ inputs.allowed_tools }}`), when no caller passed that
 * input: a published action no workflow here calls, or a caller that left it
 * out. What every such caller gets is the default: its text and span.
 */
function inputDefault(run: ClaudeRun, key: string[]): { value: string; span: Span } | undefined {
  const raw = valueAt(run.step.value, key)
  const m = typeof raw === 'string' ? /^\s*\$\{\{\s*inputs\s*\.\s*([A-Za-z_][\w-]*)\s*\}\}\s*$/.exec(raw) : null
  if (!m || (run.via.length === 0 && !run.callerUnknown)) return undefined
  const binding = run.inputs?.get(m[1].toLowerCase())
  if (binding?.doc) return undefined // the caller's own value
  const inputs = isObject(run.doc.value) && isObject(run.doc.value.inputs) ? run.doc.value.inputs : {}
  const name = Object.keys(inputs).find((k) => k.toLowerCase() === m[1].toLowerCase())
  const decl = name !== undefined ? inputs[name] : undefined
  if (name === undefined || !isObject(decl) || typeof decl.default !== 'string') return undefined
  const span = run.doc.span(['inputs', name, 'default'])
  return span ? { value: decl.default, span } : undefined
}

function valueAt(v: unknown, path: string[]): unknown {
  let cur = v
  for (const k of path) cur = isObject(cur) ? cur[k] : undefined
  return cur
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
      sdk: "`{{option}}` of Agent SDK session `{{call}}` in job {{job}} pre-approves {{list}} ({{why}}): the run executes them without a prompt (only deny rules and hooks still apply), next to the job's secrets and token",
      sdkCode:
        '`{{option}}` of Agent SDK session `{{call}}` in {{file}} pre-approves {{list}} ({{why}}): the session executes them without a prompt (only deny rules and hooks still apply), with whatever the program that starts it holds',
      sdkCodeHandRun:
        '`{{option}}` of Agent SDK session `{{call}}` in {{file}} pre-approves {{list}} ({{why}}); it sits in {{place}}, and no workflow here runs it: run as it stands, or copied into a job, the session executes them without a prompt (only deny rules and hooks still apply), with whatever the program that starts it holds',
      ci: "`{{option}}` in job {{job}} pre-approves {{list}} ({{why}}){{passed}}: the run executes them without a prompt (only deny rules and hooks still apply), next to the job's secrets and token",
      ciCaller:
        "`{{option}}` that job {{caller}} of {{callerFile}} passes to the reusable workflow {{callee}} pre-approves {{list}} ({{why}}): its job {{job}} runs Claude with them, which executes them without a prompt (only deny rules and hooks still apply), next to the job's secrets and token",
      ciDefault:
        "the default of this input pre-approves {{list}} ({{why}}) for the Claude run in job {{job}}: every caller that does not pass the input gets it, and the run executes them without a prompt (only deny rules and hooks still apply), next to the job's secrets and token",
      ciShellCut:
        "`--allowedTools` in job {{job}} pre-approves {{list}} ({{why}}){{passed}}: `{{written}}` is not quoted, and {{release}} splits `claude_args` into shell words, dropping the parentheses and patterns as shell syntax, so `{{rule}}` reaches Claude Code on its own (claude-code-action keeps them from v{{fixed}} on); the run executes them without a prompt (only deny rules and hooks still apply), next to the job's secrets and token",
      command:
        '`allowed-tools` of {{kind}} {{name}} pre-approves {{list}} ({{why}}) whenever it is invoked, in `claude -p` too (this grant is not gated by workspace trust)',
      pluginCommand:
        '`allowed-tools` of {{kind}} {{name}} of plugin {{plugin}} pre-approves {{list}} ({{why}}) whenever it is invoked, for everyone who installs the plugin: while it runs these need no approval',
      agenticShell:
        'agentic workflow {{path}} gives the Claude engine every shell command ({{grant}}) while {{why}}: the agent runs unattended with its allowed tools, so a prompt-injected agent can run any command and send the checkout and whatever the job holds to any host'
    }
  },
  check(ctx) {
    const p = ctx.project
    // Committed settings apply to every Claude Code that reads them: judged as the oldest one here does.
    const settingsVersion = oldestClaudeCode(p).version
    for (const s of committedSettings(p)) {
      const allow = s.rules.filter((r) => r.list === 'allow')
      const broad: { b: BroadRule; path: (string | number)[] }[] = []
      for (const r of allow) {
        const b = classifyAllow(r.rule, settingsVersion)
        if (b) broad.push({ b, path: r.path })
      }
      for (const g of group(broad.map((x) => x.b))) {
        const lead = broad.find((x) => x.b === g.lead)
        const at = lead && s.doc.span(lead.path)
        if (!at) continue
        if (g.rules.every((r) => r.kind === 'mcp')) {
          ctx.report({
            messageId: 'mcpGlob',
            data: { rule: redactText(g.lead.rule), file: s.path },
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

    // A reusable workflow's run also as each caller has it (their `with:` bound into `claude_args`): a grant a
    // caller passes is reported at that caller's value; one place is reported once.
    const reported = new Set<string>()
    const once = new Set<string>()
    for (const base of p.claudeRuns) {
      const chains = [
        { run: base, caller: undefined as WorkflowCaller | undefined },
        ...(callerRuns(base, p.callers) ?? []).filter((c) => c.caller)
      ]
      for (const { run, caller } of chains) {
        for (const { rules, span, use, cuts, option } of runToolLists(run)) {
          // From a caller: only what the callee does not write itself (its own text is the run's finding above).
          const splice = caller ? base.doc.span([...base.step.path, 'with', 'claude_args']) : undefined
          if (
            caller &&
            (!splice || (span.file === splice.file && span.start >= splice.start && span.start < splice.end))
          )
            continue
          // A rule listed twice (`Bash gh Bash gh` of two cut rules) is one grant.
          const version = claudeCodeForRun(p, run).version
          const broad = [...new Set(rules)]
            .map((r) => classifyAllow(r, version))
            .filter((b): b is BroadRule => !!b && CI_KINDS.has(b.kind))
          for (const g of group(broad)) {
            // The lead grant is what the action made of unquoted text (`Bash(gh pr:*)` → `Bash`): say so, at that word.
            // Only when every occurrence of it is such a cut (a quoted or plain `Bash` of its own is the plain case).
            const cutOf = cuts.find((c) => c.rule === g.lead.rule)
            const cut = cutOf && cutOf.count === rules.filter((r) => r === g.lead.rule).length ? cutOf : undefined
            const at = cut ? cut.at : findInSpan(span, g.lead.rule)
            const where = `${at.file.path}\0${at.start}\0${at.end}`
            if (caller && reported.has(where)) continue
            reported.add(where)
            // Two runs of one job reading one list (`claude -p` in both branches of an `if`, its list a caller's input): one finding.
            const same = `${where}\0${run.job.id}\0${option}\0${g.rules.map((b) => b.rule).join(',')}`
            if (!caller && once.has(same)) continue
            once.add(same)
            // Passed by a caller (or the input's default a caller leaves in place): the callee's splice is where it takes effect.
            const fromDefault = caller !== undefined && span.file === base.doc.file
            const spliced =
              caller && splice
                ? [
                    {
                      at: splice,
                      note: fromDefault
                        ? 'the reusable workflow splices the input into `claude_args` here; a caller that sets nothing gets the default'
                        : 'the reusable workflow splices this input into `claude_args` here'
                    }
                  ]
                : []
            // Written in a caller's `with:` and passed to the local action the run is in: the message names both places.
            const passed = caller || use ? undefined : passedInput(run, cut ? cut.at : at)
            const splicedHere = passed && (run.flagsSpan ?? run.doc.span([...run.step.path, 'with', 'claude_args']))
            const passedText = passed
              ? `, passed to ${passed.uses} as \`${passed.input}\`, whose Claude step (${run.doc.file.path}) puts it in \`claude_args\``
              : ''
            if (splicedHere) spliced.push({ at: splicedHere, note: `the local action puts \`${passed.input}\` into \`claude_args\` here` })
            const common = {
              severity: severityOf(g),
              key: `${caller ? `${caller.workflow.path}:${caller.job.id}` : run.job.id}:${g.rules.map((b) => b.rule).join(',')}`
            }
            if (cut) {
              ctx.report({
                messageId: 'ciShellCut',
                data: {
                  job: run.job.id,
                  ...describe(g),
                  passed: passedText,
                  written: redactText(cut.written),
                  rule: redactText(cut.rule),
                  ...splitterOf(run)
                },
                at: cut.at,
                ...(spliced.length ? { related: spliced } : {}),
                ...common,
                tip: 'quote each rule so the action passes it whole (`--allowedTools "Bash(gh pr:*)" "Bash(gh issue:*)"`, or one quoted comma-separated list)'
              })
              continue
            }
            ctx.report({
              messageId: run.sdk ? 'sdk' : use || fromDefault ? 'ciDefault' : caller ? 'ciCaller' : 'ci',
              data: {
                job: run.job.id,
                ...describe(g),
                option: run.sdk ? (run.sdk.lang === 'js' ? 'allowedTools' : 'allowed_tools') : option,
                passed: passedText,
                ...(run.sdk ? { call: run.sdk.callee } : {}),
                ...(caller
                  ? { caller: caller.job.id, callerFile: caller.workflow.path, callee: base.workflow.path }
                  : {})
              },
              at,
              ...(use
                ? {
                    related: [
                      {
                        at: use,
                        note: 'the Claude step passes the input here; a caller that sets nothing gets the default'
                      }
                    ]
                  }
                : spliced.length
                  ? { related: spliced }
                  : {}),
              ...common,
              tip:
                g.lead.kind === 'network'
                  ? 'name the domains the job needs (`WebFetch(domain:docs.example.com)`) or leave web access out of `--allowedTools`'
                  : 'list the exact subcommands the job needs (`Bash(uv run pytest:*)`, `Bash(make test)`) instead of the interpreter, runner or whole command; pair with `--permission-mode dontAsk`'
            })
          }
        }
      }
    }

    // Agent SDK sessions in program code that no workflow here runs (a bot, a service, a local
    // pipeline): their `allowedTools` pre-approve the same way. Sessions a workflow runs were reported above.
    for (const session of sdkSessionAllows(p)) {
      const broad = session.rules.map((r) => classifyAllow(r.rule)).filter((b): b is BroadRule => !!b && CI_KINDS.has(b.kind))
      for (const g of group(broad)) {
        const lead = session.rules.find((r) => r.rule === g.lead.rule)
        if (!lead) continue
        // In an example or documentation folder no workflow runs: run by hand if at all (at most medium, the folder named).
        const place = handRunSession(p.claudeRuns, session.file)
        const severity = severityOf(g)
        ctx.report({
          messageId: place ? 'sdkCodeHandRun' : 'sdkCode',
          data: { option: session.option, call: session.call, file: session.file, ...describe(g), ...(place ? { place: handRunClause(place) } : {}) },
          at: lead.at,
          severity: place && severity === 'high' ? 'medium' : severity,
          key: `${session.file}:${g.rules.map((b) => b.rule).join(',')}`,
          tip: 'list the exact commands the session needs (`Bash(npm run test:*)`) instead of the whole tool, interpreter or runner, and set `permissionMode: "dontAsk"` so nothing else runs'
        })
      }
    }

    // https://code.claude.com/docs/en/skills: `allowed-tools` grants the tools without asking while the
    // command or skill is active; a plugin's commands and skills carry it the same way.
    for (const c of [...p.commands, ...p.skills, ...pluginCommandFiles(p)]) {
      const fm = c.md.frontmatter
      const v = c.data['allowed-tools']
      if (!fm || v === undefined) continue
      const items = allowedToolsEntries(c)
      const broad: { b: BroadRule; path: (string | number)[] }[] = []
      for (const it of items) {
        const b = classifyAllow(it.rule, settingsVersion)
        // A command's grant of all of a program (`Bash(git:*)` on a git command) is how it lets itself run that
        // program's subcommands; a grant that names the deleting or pushing command itself is reported.
        if (b && COMMAND_KINDS.has(b.kind) && !(b.kind === 'network' && b.whole) && !(b.kind === 'destructive' && b.wholeProgram))
          broad.push({ b, path: it.path })
      }
      if (!broad.length) continue
      const g = { rules: broad.map((x) => x.b), lead: leadOf(broad.map((x) => x.b)) }
      const lead = broad.find((x) => x.b === g.lead) as (typeof broad)[number]
      const span = fm.span(lead.path)
      if (!span) continue
      const name = typeof c.data.name === 'string' ? c.data.name : c.path
      const plugin = 'plugin' in c && typeof c.plugin === 'string' ? c.plugin : undefined
      ctx.report({
        messageId: plugin !== undefined ? 'pluginCommand' : 'command',
        data: { kind: c.kind, name, ...describe(g), ...(plugin !== undefined ? { plugin } : {}) },
        at: Array.isArray(v) ? span : findInSpan(span, g.lead.rule),
        severity: severityOf(g),
        tip: 'list only the commands the command or skill runs (`Bash(git status:*)`, `Bash(gh pr view:*)`)'
      })
    }

    // gh-aw: bare Bash is the sandboxed default; it is reported only where nothing filters egress.
    for (const aw of ctx.project.agenticWorkflows) {
      const off = firewallOff(aw)
      if (!off) continue
      const grant = bashGrant(aw)
      if (!grant.unrestricted) continue
      ctx.report({
        messageId: 'agenticShell',
        data: { path: aw.path, grant: grant.written, why: off.why },
        at: grant.at,
        tip: off.at
          ? 'remove `sandbox.agent: false` so the AWF firewall limits egress to `network:`, or list the commands the agent needs under `tools.bash`; then run `gh aw compile`'
          : 'recompile with a current gh-aw (`gh aw compile`), which runs the agent inside the AWF firewall, or list the commands the agent needs under `tools.bash`'
      })
    }
  }
})
