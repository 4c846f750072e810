/**
 * The 30-point production checklist: titles, areas, and which items no
 * repository can answer (they live in the Anthropic console).
 */
import type { Area, ChecklistEntry, Finding, Severity, SeverityCounts } from './types.js'
import { SEVERITIES, severityRank } from './types.js'

/** One checklist item. */
export interface ChecklistItem {
  item: number
  title: string
  area: Area
  /** Instructions for items a repository cannot answer. */
  manual?: string
}

export const CHECKLIST: readonly ChecklistItem[] = [
  { item: 1, area: 'credentials', title: 'API key isolation' },
  { item: 2, area: 'credentials', title: 'No production credentials in shell startup' },
  { item: 3, area: 'credentials', title: 'CLAUDE.md does not contain secrets' },
  { item: 4, area: 'credentials', title: 'Tool execution sandbox' },
  { item: 5, area: 'credentials', title: 'No AWS root credentials in environment' },
  { item: 6, area: 'credentials', title: 'Git history clean of keys' },
  { item: 7, area: 'credentials', title: 'CI/CD pipeline scoping' },
  {
    item: 8,
    area: 'cost',
    title: 'Workspace monthly limit set',
    manual:
      'In the Anthropic console (Settings → Limits), set a monthly spend limit for the workspace whose key Claude Code uses. The default is no limit.'
  },
  { item: 9, area: 'cost', title: 'Per-session budget configured' },
  { item: 10, area: 'cost', title: 'Daily ceiling enforced' },
  { item: 11, area: 'cost', title: 'Model selection intentional' },
  { item: 12, area: 'cost', title: 'Prompt caching enabled where applicable' },
  { item: 13, area: 'cost', title: 'Subagent depth bounded' },
  {
    item: 14,
    area: 'cost',
    title: 'Cost alert email configured',
    manual:
      'In the Anthropic console (Settings → Limits → Notifications), add a spend notification threshold so someone is emailed before the limit is reached.'
  },
  { item: 15, area: 'cost', title: 'Batch API used for offline workloads' },
  { item: 16, area: 'context', title: 'Bulky and secret paths kept out of context' },
  { item: 17, area: 'context', title: 'CLAUDE.md is scoped, not exhaustive' },
  { item: 18, area: 'context', title: 'Conversation compaction on' },
  { item: 19, area: 'context', title: 'No full-repo glob reads on every turn' },
  { item: 20, area: 'context', title: 'System prompt stored externally, not inline' },
  { item: 21, area: 'context', title: 'Memory files pruned regularly' },
  { item: 22, area: 'hooks', title: 'Hooks fail closed (tested for silent failure)' },
  { item: 23, area: 'hooks', title: 'Dangerous bash patterns blocked' },
  { item: 24, area: 'hooks', title: 'Hook scripts are version-controlled' },
  { item: 25, area: 'hooks', title: 'Stop hook logs session summary' },
  { item: 26, area: 'hooks', title: 'Notification hook connected to a real channel' },
  { item: 27, area: 'mcp', title: 'MCP servers run with least privilege' },
  { item: 28, area: 'mcp', title: 'External MCP servers pinned to a version' },
  { item: 29, area: 'mcp', title: 'Prompt injection surface documented' },
  { item: 30, area: 'mcp', title: 'MCP server list reviewed quarterly' }
]

/**
 * Items about the developer's machine rather than the repository: what the
 * shell startup files export, which key and which AWS credentials a session
 * inherits, what the account can reach, how old the memory under `~/.claude/`
 * is. A repository audit cannot see any of it, so it never passes them: they
 * are manual with these instructions (or fail on a finding); the machine audit
 * (`--user`) answers them from what it reads.
 */
export const MACHINE_ITEMS: Readonly<Record<number, string>> = {
  1: 'Not checked by a repository audit: run `claude-code-audit --user` on each developer machine (it reports how Claude Code authenticates there), and make sure the key Claude Code uses is its own, in a workspace with no production access.',
  2: 'Not checked by a repository audit: run `claude-code-audit --user` on each developer machine, or check ~/.zshrc, ~/.bashrc, ~/.profile, ~/.bash_profile, ~/.zprofile and the fish config for exported production credentials.',
  4: "Not checked by a repository audit: run `claude-code-audit --user` on each developer machine (it judges the user and managed settings: sandbox, bypass mode, allow rules), and confirm the account Claude Code runs as cannot reach production.",
  5: 'Not checked by a repository audit: run `claude-code-audit --user` on each developer machine, or check ~/.aws/credentials and the environment for long-lived AWS keys (use SSO or a role instead).',
  21: 'Not checked by a repository audit: run `claude-code-audit --user` on each developer machine, or review ~/.claude/projects/*/memory/ and ~/.claude/CLAUDE.md, and delete what is stale.'
}

/** What the machine audit learned about one machine item: its status when no finding fails it, and why. */
export interface MachineEvidence {
  status: 'pass' | 'fail' | 'manual' | 'not-applicable'
  note: string
}

/** Items with documented incident histories: fix these first. */
export const FIX_FIRST: readonly number[] = [2, 4, 7, 9, 13, 22, 23, 27, 28]

/** Human names of the areas. */
export const AREA_TITLES: Record<Area, string> = {
  credentials: 'Credentials',
  cost: 'Cost gates',
  context: 'Context hygiene',
  hooks: 'Hook configuration',
  mcp: 'MCP exposure',
  workflows: 'Workflows that run Claude',
  diagnostics: 'Diagnostics'
}


/** What the checklist view needs to know besides the findings. */
export interface ChecklistFacts {
  /** Rule id → checklist items it answers. */
  ruleItems: ReadonlyMap<string, readonly number[]>
  /** `--history` was asked for. */
  history: boolean
  /**
   * Why the history was not scanned although `--history` was asked for (not a
   * git work tree, shallow clone); unset when it was scanned or not asked for.
   */
  historyNotScanned?: string
  git: boolean
  /**
   * The clone is shallow (`git rev-parse --is-shallow-repository`): commit
   * dates of files are not their last change, so item 30 cannot be judged.
   */
  shallow?: boolean
  hasMcp: boolean
  hasHooks: boolean
  /**
   * The repository uses Claude Code at all (`usesClaudeCode` of the project
   * model, the gate of context-exclusion-missing and
   * dangerous-commands-unguarded). Unset: assumed.
   */
  usesClaudeCode?: boolean
  /**
   * The repository shares Claude Code settings in a root `.claude/` folder
   * (`hasRootClaudeFolder`, the gate of no-session-log-hook and
   * no-notification-hook). Unset: assumed.
   */
  claudeFolder?: boolean
  /** The repository has a memory file (CLAUDE.md, ...). Unset: assumed. */
  hasMemory?: boolean
  /** A workflow runs Claude (the model's claudeRuns). Unset: assumed. */
  runsClaude?: boolean
  /** The repository defines project agents (.claude/agents/). Unset: assumed. */
  hasAgents?: boolean
  /** Rules the configuration disables: an item whose rules are all disabled was not checked. */
  disabled?: ReadonlySet<string>
  /**
   * Lowest severity the report lists: a failing item whose findings are all
   * below it says so in its note.
   */
  minSeverity?: Severity
  /**
   * Evidence of the machine audit (`--user`) for the items of
   * {@link MACHINE_ITEMS}, and for any other item it has something to say
   * about (18: session transcript sizes). Unset in a repository audit: the
   * machine items are then manual.
   */
  machine?: ReadonlyMap<number, MachineEvidence>
}

/** Items answered by rules that only run when the repository has some configuration, and why they do not apply without it. */
const GATES: ReadonlyArray<{ items: readonly number[]; applies: (f: ChecklistFacts) => boolean; note: string }> = [
  {
    items: [9, 10],
    applies: (f) => f.runsClaude !== false,
    note: 'No workflow runs Claude: the caps this item asks for are checked on unattended runs only (interactive sessions are not checked).'
  },
  {
    items: [11],
    applies: (f) => f.runsClaude !== false || f.hasAgents !== false,
    note: 'No workflow runs Claude and no project agent is defined: nothing here chooses a model.'
  },
  {
    items: [13],
    applies: (f) => f.hasAgents !== false,
    note: 'No project agents (.claude/agents/) are defined.'
  },
  {
    items: [16, 23],
    applies: (f) => f.usesClaudeCode !== false,
    note: 'The repository does not use Claude Code (no memory file, settings, agent, command, skill, .claudeignore or workflow that runs Claude).'
  },
  {
    items: [17, 21],
    applies: (f) => f.hasMemory !== false,
    note: 'No memory file (CLAUDE.md, CLAUDE.local.md, .claude/rules/*.md) in the repository.'
  },
  {
    items: [25, 26],
    applies: (f) => f.claudeFolder !== false,
    note: 'No root .claude/ folder: the repository shares no Claude Code settings that could register session hooks (a CLAUDE.md alone does not make this item apply).'
  }
]

/**
 * Scores the 30 items on every finding that is neither suppressed nor in the
 * baseline, whatever its severity: fail when a rule behind the item reported;
 * else manual (the console, or not checked), not applicable (nothing to
 * check), or pass. Never pass for an item no rule looked at.
 */
export function scoreChecklist(findings: readonly Finding[], facts: ChecklistFacts): ChecklistEntry[] {
  return CHECKLIST.map((c) => {
    const ruleIds = [...facts.ruleItems.entries()]
      .filter(([, items]) => items.includes(c.item))
      .map(([id]) => id)
      .sort()
    const entry: ChecklistEntry = { item: c.item, title: c.title, area: c.area, status: 'pass', ruleIds }
    const failing = findings.filter((f) => ruleIds.includes(f.ruleId))
    const gate = GATES.find((g) => g.items.includes(c.item))
    if (c.item === 6 && facts.history && facts.historyNotScanned) {
      // The only secret-in-git-history finding then is the diagnostic saying so.
      entry.status = 'manual'
      entry.note = `Not checked: ${facts.historyNotScanned}`
    } else if (failing.length) {
      entry.status = 'fail'
      const min = facts.minSeverity
      if (min && failing.every((f) => severityRank(f.severity) < severityRank(min))) {
        entry.note =
          `Fails on ${plural(failing.length, 'finding')} below the minimum severity \`${min}\` ` +
          `(${describeCounts(countSeverities(failing))}), which the report does not list.`
      }
      // What the machine audit saw besides, unless it is the pass the finding contradicts.
      const evidence = facts.machine?.get(c.item)
      if (evidence && evidence.status !== 'pass') entry.note = entry.note ? `${entry.note} ${evidence.note}` : evidence.note
    } else if (facts.machine?.has(c.item)) {
      const evidence = facts.machine.get(c.item) as MachineEvidence
      entry.status = evidence.status
      entry.note = evidence.note
    } else if (MACHINE_ITEMS[c.item] !== undefined && !facts.machine) {
      entry.status = 'manual'
      entry.note = MACHINE_ITEMS[c.item]
    } else if (c.manual) {
      entry.status = 'manual'
      entry.note = c.manual
    } else if (c.item === 6 && !facts.history) {
      entry.status = 'manual'
      entry.note = 'Not checked: run with --history (action input history: true) on a full clone (fetch-depth: 0).'
    } else if (c.item === 30 && !facts.git && facts.hasMcp) {
      entry.status = 'not-applicable'
      entry.note = 'No git history available to date the MCP configuration.'
    } else if (c.item === 30 && facts.git && facts.shallow && facts.hasMcp) {
      entry.status = 'manual'
      entry.note =
        'Not checked: this is a shallow clone, so the date of the last change to the MCP configuration is unknown (check out with fetch-depth: 0, or review the servers by hand).'
    } else if (c.area === 'mcp' && !facts.hasMcp) {
      entry.status = 'not-applicable'
      entry.note = 'No MCP servers are configured in the repository.'
    } else if ((c.item === 22 || c.item === 24) && !facts.hasHooks) {
      entry.status = 'not-applicable'
      entry.note = 'No hooks are configured in the repository.'
    } else if (gate && !gate.applies(facts)) {
      entry.status = 'not-applicable'
      entry.note = gate.note
    } else if (ruleIds.length && facts.disabled && ruleIds.every((id) => facts.disabled?.has(id))) {
      entry.status = 'manual'
      entry.note = `Not checked: the configuration disables ${ruleIds.join(', ')}.`
    }
    return entry
  })
}

/** Counts findings per severity. */
export function countSeverities(findings: readonly Finding[]): SeverityCounts {
  const c: SeverityCounts = { critical: 0, high: 0, medium: 0, low: 0, info: 0 }
  for (const f of findings) c[f.severity]++
  return c
}

/** `25 high, 2 info`: the non-zero counts, most severe first. */
export function describeCounts(counts: SeverityCounts): string {
  return SEVERITIES.filter((s) => counts[s] > 0)
    .map((s) => `${counts[s]} ${s}`)
    .join(', ')
}

/** Sum of per-severity counts. */
export function totalCount(counts: SeverityCounts | undefined): number {
  return counts ? SEVERITIES.reduce((n, s) => n + counts[s], 0) : 0
}

/** Failing items no listed finding explains: they fail on findings below the minimum severity alone. */
export function itemsFailingOnUnlisted(result: { findings: readonly Finding[]; checklist: readonly ChecklistEntry[] }): number[] {
  return result.checklist
    .filter((e) => e.status === 'fail' && !result.findings.some((f) => e.ruleIds.includes(f.ruleId)))
    .map((e) => e.item)
}

/**
 * The sentence every human report prints when findings below the minimum
 * severity were not listed, or null when none were. `flag` is how the reader
 * lowers the minimum: `--min-severity info` on the command line,
 * `min-severity: info` in the action.
 */
export function belowMinSeverityNote(
  result: {
    findings: readonly Finding[]
    checklist: readonly ChecklistEntry[]
    minSeverity?: Severity
    belowMinSeverity?: SeverityCounts
  },
  flag: string
): string | null {
  const n = totalCount(result.belowMinSeverity)
  if (n === 0 || !result.belowMinSeverity || !result.minSeverity) return null
  const items = itemsFailingOnUnlisted(result)
  const alone = items.length
    ? `: ${items.length === 1 ? 'item' : 'items'} ${items.join(', ')} ${items.length === 1 ? 'fails' : 'fail'} on them alone`
    : ''
  return (
    `${plural(n, 'finding')} below \`${result.minSeverity}\` (${describeCounts(result.belowMinSeverity)}) ` +
    `${n === 1 ? 'is' : 'are'} not listed; ${flag} lists them; the checklist counts them${alone}. ` +
    'Fix first covers the listed findings only.'
  )
}

/**
 * `72 suppressed`, or `72 suppressed (2 more below \`low\`)`: counts at or
 * above the minimum severity, comparable with the listed findings, and what
 * the minimum hides besides. Empty when there is nothing to say.
 */
export function hiddenCount(
  n: number,
  bySeverity: SeverityCounts | undefined,
  min: Severity | undefined,
  label: string
): string {
  const more = Math.max(0, totalCount(bySeverity) - n)
  if (n === 0 && more === 0) return ''
  return `${n} ${label}` + (more > 0 && min ? ` (${more} more below \`${min}\`)` : '')
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`
}
