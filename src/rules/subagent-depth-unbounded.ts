/**
 * subagent-depth-unbounded: a project agent (one Claude Code loads: it has a
 * `name` and a `description`) can spawn agents (its `tools`
 * list is omitted, so it inherits every tool, or it names `Agent`/`Task`)
 * and nothing bounds it: no `maxTurns` in the agent and no
 * `CLAUDE_CODE_MAX_SUBAGENT_SPAWN_DEPTH` in committed settings. Since
 * v2.1.219 subagents may nest 3 levels deep by default, up to 20 at once,
 * each with its own context and token bill (checklist item 13; the
 * checklist's "subagents cannot spawn subagents" is outdated).
 * Docs: docs/rules/subagent-depth-unbounded.md
 */
import { defineRule } from './rule.js'
import { committedSettings } from '../analysis/permission-rules.js'
import { agentLoaded } from '../analysis/claude-run.js'

/** Tool names in a frontmatter list (`Read, Agent(x)` or a YAML sequence). */
function toolNames(v: unknown): string[] {
  const items = Array.isArray(v) ? v.map(String) : typeof v === 'string' ? v.split(',') : []
  return items.map((t) => t.trim().replace(/\(.*$/s, '').trim()).filter(Boolean)
}

const SPAWN = new Set(['Agent', 'Task', '*'])

function positiveInt(v: unknown): boolean {
  const n = typeof v === 'number' ? v : typeof v === 'string' && v.trim() !== '' ? Number(v) : NaN
  return Number.isInteger(n) && n > 0
}

export default defineRule({
  meta: {
    id: 'subagent-depth-unbounded',
    checklistItems: [13],
    area: 'cost',
    severity: 'medium',
    confidence: 'high',
    description: 'agent can spawn agents without a bound',
    messages: {
      unbounded:
        'agent {{name}} can spawn subagents ({{how}}) and nothing bounds it: no `maxTurns` here and no `CLAUDE_CODE_MAX_SUBAGENT_SPAWN_DEPTH` in committed settings, so its agents may nest 3 levels deep (the default since v2.1.219), up to 20 at once, each with its own context and token bill'
    }
  },
  check(ctx) {
    const p = ctx.project
    const envBound = committedSettings(p).some((s) => s.env.CLAUDE_CODE_MAX_SUBAGENT_SPAWN_DEPTH !== undefined)
    if (envBound) return
    for (const a of p.agents) {
      // Claude Code skips agent files without a `name`, or with a `name` but no `description`.
      if (!agentLoaded(a)) continue
      if (positiveInt(a.data.maxTurns)) continue
      const disallowed = toolNames(a.data.disallowedTools)
      if (disallowed.some((t) => t === 'Agent' || t === 'Task')) continue
      const hasTools = a.data.tools !== undefined && a.data.tools !== null
      const tools = toolNames(a.data.tools)
      const spawner = tools.find((t) => SPAWN.has(t))
      if (hasTools && !spawner) continue
      const how = hasTools
        ? `its tools include \`${spawner}\``
        : '`tools` is omitted, so it inherits every tool, `Agent` included'
      const fm = a.md.frontmatter
      const at = (hasTools ? fm?.span(['tools']) : fm?.span(['name'], 'key')) ?? { path: a.path, line: 1 }
      ctx.report({
        messageId: 'unbounded',
        data: { name: String(a.data.name), how },
        at,
        confidence: hasTools ? 'high' : 'medium',
        tip: 'add `maxTurns: 20` (or what the task needs) to the frontmatter, list only the tools it needs without `Agent`, or set `"env": {"CLAUDE_CODE_MAX_SUBAGENT_SPAWN_DEPTH": "1"}` in .claude/settings.json'
      })
    }
  }
})
