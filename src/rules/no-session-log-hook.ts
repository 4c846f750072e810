/**
 * no-session-log-hook: the repository uses Claude Code, but no `Stop` or
 * `SessionEnd` hook in its shared settings records the session, so after an
 * unattended run nothing says which session ran, why it ended, or where its
 * transcript is (checklist item 25).
 * Docs: docs/rules/no-session-log-hook.md
 */
import { defineRule } from './rule.js'
import { isCommittedSettings, missingHookLocation, rootSetup } from '../analysis/hook-scripts.js'
import { switchedOffHooks } from '../model/settings.js'

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
        'the `{{event}}` hooks in the project settings only ask a model (type `{{type}}`) and record nothing: no hook logs the session id, end reason or transcript path',
      switchedOff:
        'the `{{event}}` hook in {{file}} never runs: `disableAllHooks: true` in {{by}} turns off every hook, so nothing logs the session id, end reason or transcript path'
    }
  },
  check(ctx) {
    const setup = rootSetup(ctx.project)
    if (!setup.usesClaudeCode) return
    const isEnd = (event: string): boolean => event === 'Stop' || event === 'SessionEnd'
    const ends = setup.sites.filter((s) => isEnd(s.handler.event))
    if (ends.some((s) => RECORDING_TYPES.has(s.handler.type))) return
    const tip =
      'add a SessionEnd hook (it runs once per session; Stop runs after every response) that appends the payload\'s session_id, reason and transcript_path with a timestamp to a log; for cost and turn counts in CI, use `claude -p --output-format json` (total_cost_usd, num_turns)'
    const confidence = setup.plugins ? 'low' : 'medium'
    // A recording hook that `disableAllHooks: true` keeps from running.
    const root = ctx.project.settings.filter((s) => s.projectDir === '' && isCommittedSettings(ctx.project, s))
    const off = switchedOffHooks(root).find((o) => isEnd(o.handler.event) && RECORDING_TYPES.has(o.handler.type))
    const offAt = off?.by.doc.span(['disableAllHooks'], 'key')
    if (off && offAt) {
      ctx.report({
        messageId: 'switchedOff',
        data: { event: off.handler.event, file: off.file.path, by: off.by === off.file ? 'the same file' : off.by.path },
        at: offAt,
        confidence,
        tip: 'remove `disableAllHooks` (or set it to false) so the session hook runs'
      })
      return
    }
    if (ends.length) {
      const h = ends[0]
      const at = h.doc.span([...h.handler.path, 'type']) ?? h.doc.span(h.handler.path)
      ctx.report({ messageId: 'modelOnly', data: { event: h.handler.event, type: h.handler.type }, at: at ?? missingHookLocation(setup), confidence, tip })
      return
    }
    ctx.report({ messageId: 'missing', at: missingHookLocation(setup), confidence, tip })
  }
})
