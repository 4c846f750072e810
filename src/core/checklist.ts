/**
 * The 30-point production checklist: titles, areas, and which items no
 * repository can answer (they live in the Anthropic console).
 */
import type { Area } from './types.js'

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

import type { ChecklistEntry, Finding } from './types.js'

/** What the checklist view needs to know besides the findings. */
export interface ChecklistFacts {
  /** Rule id → checklist items it answers. */
  ruleItems: ReadonlyMap<string, readonly number[]>
  history: boolean
  git: boolean
  hasMcp: boolean
  hasHooks: boolean
}

/** Scores the 30 items: fail when a rule behind the item reported, else pass, manual or not applicable. */
export function scoreChecklist(findings: readonly Finding[], facts: ChecklistFacts): ChecklistEntry[] {
  const failed = new Set<string>(findings.map((f) => f.ruleId))
  return CHECKLIST.map((c) => {
    const ruleIds = [...facts.ruleItems.entries()]
      .filter(([, items]) => items.includes(c.item))
      .map(([id]) => id)
      .sort()
    const entry: ChecklistEntry = { item: c.item, title: c.title, area: c.area, status: 'pass', ruleIds }
    if (ruleIds.some((id) => failed.has(id))) entry.status = 'fail'
    else if (c.manual) {
      entry.status = 'manual'
      entry.note = c.manual
    } else if (c.item === 6 && !facts.history) {
      entry.status = 'manual'
      entry.note = 'Not checked: run with --history (action input history: true) on a full clone (fetch-depth: 0).'
    } else if (c.item === 30 && !facts.git && facts.hasMcp) {
      entry.status = 'not-applicable'
      entry.note = 'No git history available to date the MCP configuration.'
    } else if (c.area === 'mcp' && !facts.hasMcp) {
      entry.status = 'not-applicable'
      entry.note = 'No MCP servers are configured in the repository.'
    } else if ((c.item === 22 || c.item === 24) && !facts.hasHooks) {
      entry.status = 'not-applicable'
      entry.note = 'No hooks are configured in the repository.'
    }
    return entry
  })
}
