/**
 * no-session-log-hook: the repository uses Claude Code, but no `Stop` or
 * `SessionEnd` hook in its shared settings records the session, so after an
 * unattended run nothing says which session ran, why it ended, or where its
 * transcript is (checklist item 25).
 * Docs: docs/rules/no-session-log-hook.md
 */
import { defineRule } from './rule.js'
import { missingHookLocation, rootSetup } from './utils/hook-script-targets.js'

/** Handler types that can write a record (prompt/agent handlers only ask a model). */
const RECORDING_TYPES = new Set(['command', 'http', 'mcp_tool'])

export default defineRule({
  meta: {
    id: 'no-session-log-hook',
    checklistItems: [25],
    area: 'hooks',
    severity: 'low',
    confidence: 'medium',
    description: 'no Stop or SessionEnd hook records a session summary',
    messages: {
      missing:
        'no `Stop` or `SessionEnd` hook in the project settings records the session: after an unattended run nothing logs its session id, end reason or transcript path',
      modelOnly:
        'the `{{event}}` hooks in the project settings only ask a model (type `{{type}}`) and record nothing: no hook logs the session id, end reason or transcript path'
    }
  },
  check(ctx) {
    const setup = rootSetup(ctx.project)
    if (!setup.usesClaudeCode) return
    const ends = setup.sites.filter((s) => s.handler.event === 'Stop' || s.handler.event === 'SessionEnd')
    if (ends.some((s) => RECORDING_TYPES.has(s.handler.type))) return
    const tip =
      'add a SessionEnd hook (it runs once per session; Stop runs after every response) that appends the payload\'s session_id, reason and transcript_path with a timestamp to a log; for cost and turn counts in CI, use `claude -p --output-format json` (total_cost_usd, num_turns)'
    const confidence = setup.plugins ? 'low' : 'medium'
    if (ends.length) {
      const h = ends[0]
      const at = h.doc.span([...h.handler.path, 'type']) ?? h.doc.span(h.handler.path)
      ctx.report({ messageId: 'modelOnly', data: { event: h.handler.event, type: h.handler.type }, at: at ?? missingHookLocation(setup), confidence, tip })
      return
    }
    ctx.report({ messageId: 'missing', at: missingHookLocation(setup), confidence, tip })
  }
})
