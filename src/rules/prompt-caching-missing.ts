/**
 * prompt-caching-missing: repository code calls the Messages API with a large,
 * static system prompt and never sets `cache_control`, so every request pays
 * the full input price for the same prefix; cached reads cost 0.1× (checklist
 * item 12). Below the model's cacheable minimum nothing is cached, so prompts
 * under it pass.
 * Docs: docs/rules/prompt-caching-missing.md
 */
import { defineRule, type Report } from './rule.js'
import {
  cacheMinimum,
  estimateTokens,
  formatCount,
  mentionsCacheControl,
  messagesCalls,
  perApiFile,
  promptText,
  spanFrom,
  stringExpr
} from '../analysis/anthropic-code.js'

export default defineRule({
  meta: {
    id: 'prompt-caching-missing',
    checklistItems: [12],
    area: 'cost',
    severity: 'low',
    confidence: 'high',
    description: 'large static system prompt sent without prompt caching',
    messages: {
      uncached:
        'static system prompt of about {{tokens}} tokens is sent to the Messages API without `cache_control`: every call pays the full input price for it, while a cached prefix is read at 0.1× that price (written once at 1.25×); {{model}} caches prompts of {{minimum}} tokens or more',
      uncachedAnyModel:
        'static system prompt of about {{tokens}} tokens is sent to the Messages API without `cache_control`: every call pays the full input price for it, while a cached prefix is read at 0.1× that price (written once at 1.25×); the cacheable minimum is 512 to 4,096 tokens depending on the model (shorter prompts are never cached)'
    },
    defaultOptions: { minTokens: 1024 }
  },
  // Everything this rule reads is program code.
  check() {},
  checkCode(ctx) {
    const minTokens = typeof ctx.options.minTokens === 'number' ? ctx.options.minTokens : 1024
    // Each file's reports depend on its text and the threshold alone (kept between runs, see perApiFile).
    const reports = perApiFile(ctx.project, `prompt-caching-missing\0${minTokens}`, (s) => {
      const out: Report[] = []
      const calls = messagesCalls(s)
      if (calls.length === 0 || mentionsCacheControl(s)) return out
      for (const call of calls) {
        const params = call.params
        if (!params || params.some((e) => e.spread)) continue
        const system = params.find((e) => e.key === 'system')
        if (!system) continue
        const prompt = promptText(s, system.value)
        if (!prompt || prompt.dynamic) continue
        const tokens = estimateTokens(prompt.text)
        const modelEntry = params.find((e) => e.key === 'model')
        const modelId = modelEntry ? stringExpr(s, modelEntry.value) : undefined
        const model = modelId && !modelId.dynamic ? cacheMinimum(modelId.value) : undefined
        if (tokens < Math.max(minTokens, model?.minimum ?? 0)) continue
        const data = {
          tokens: formatCount(tokens),
          model: model?.name ?? '',
          minimum: formatCount(model?.minimum ?? 0)
        }
        out.push({
          messageId: model ? 'uncached' : 'uncachedAnyModel',
          data,
          at: spanFrom(s, system.keyNode, system.value),
          tip:
            s.lang === 'py'
              ? 'pass the prompt as a block with a breakpoint: system=[{"type": "text", "text": PROMPT, "cache_control": {"type": "ephemeral"}}] (or set a top-level cache_control for automatic caching)'
              : 'pass the prompt as a block with a breakpoint: system: [{ type: "text", text: PROMPT, cache_control: { type: "ephemeral" } }] (or set a top-level cache_control for automatic caching)'
        })
      }
      return out
    })
    for (const r of reports) ctx.report(r)
  }
})
