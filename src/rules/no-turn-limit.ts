/**
 * no-turn-limit: an unattended Claude run (a prompt, the base action, `claude -p`)
 * has no turn or dollar cap, so one runaway session has no hard stop (item 9).
 * Docs: docs/rules/no-turn-limit.md
 */
import { defineRule } from './rule.js'
import { flag, inputHonoured, runEnv, settingsEnv } from './utils/claude-run.js'

export default defineRule({
  meta: {
    id: 'no-turn-limit',
    checklistItems: [9],
    area: 'cost',
    severity: 'high',
    confidence: 'high',
    description: 'unattended Claude run without a turn or budget cap',
    messages: {
      missing:
        'unattended Claude run in job {{job}} has no `--max-turns` or `--max-budget-usd` cap: a runaway session has no hard stop',
      ignoredInput:
        'unattended Claude run in job {{job}} has no effective turn cap: `max_turns` is a v0 input that {{ref}} ignores; use `claude_args: --max-turns N`'
    }
  },
  check(ctx) {
    for (const run of ctx.project.claudeRuns) {
      if (!run.unattended) continue
      if (flag(run, '--max-turns', '--max-budget-usd')) continue
      const env = { ...runEnv(run), ...settingsEnv(run) }
      if (env.CLAUDE_CODE_MAX_TURNS !== undefined) continue
      const w = run.step.with
      const maxTurnsInput = w.max_turns !== undefined && String(w.max_turns).trim() !== ''
      if (maxTurnsInput && inputHonoured(run, 'max_turns')) continue
      ctx.report({
        messageId: maxTurnsInput ? 'ignoredInput' : 'missing',
        data: { job: run.job.id, ref: `@${run.ref ?? 'v1'}` },
        at: run.anchor,
        tip:
          run.kind === 'cli'
            ? 'add `--max-turns 30` (and `--max-budget-usd 5`) to the claude -p command'
            : 'add `--max-turns 30` (and `--max-budget-usd 5`) to `claude_args`'
      })
    }
  }
})
