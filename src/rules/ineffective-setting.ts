/**
 * ineffective-setting: a committed setting that Claude Code ignores and that
 * gives false confidence: managed-only keys in project settings, `Write(...)`
 * path rules (never consulted), single-slash paths meant as absolute,
 * `defaultMode: "auto"` from project files, `mcp__server` hook matchers that
 * match nothing, unknown hook events, and v0 inputs of the Claude action on @v1.
 * Docs: docs/rules/ineffective-setting.md
 */
import { defineRule } from './rule.js'
import { HOOK_EVENTS } from '../model/settings.js'
import { V0_ONLY_INPUTS } from './utils/claude-run.js'

/** Keys honoured only in managed settings (settings reference, Scope column). */
const MANAGED_ONLY = new Set([
  'allowManagedHooksOnly', 'allowManagedMcpServersOnly', 'allowManagedPermissionRulesOnly', 'allowAllClaudeAiMcps',
  'allowedChannelPlugins', 'blockedMarketplaces', 'channelsEnabled', 'claudeMd', 'disableCommandPluginSources',
  'disableSideloadFlags', 'forceLoginGatewayUrl', 'forceRemoteSettingsRefresh', 'parentSettingsBehavior',
  'pluginSuggestionMarketplaces', 'pluginTrustMessage', 'policyHelper', 'requiredMinimumVersion',
  'requiredMaximumVersion', 'sshHostAllowlist', 'strictKnownMarketplaces', 'strictPluginOnlyCustomization',
  'wslInheritsWindowsSettings', 'availableModelsMatch', 'deniedModels', 'modelPricing', 'managedMcpServers',
  'attributionProjectPolicy', 'allowedProviders'
])
/** Keys honoured only in user or managed settings. */
const USER_OR_MANAGED = new Set([
  'autoMode', 'askUserQuestionTimeout', 'dialogExpiry', 'enableArtifact', 'footerLinksRegexes', 'pluginConfigs',
  'processWrapper', 'skipAutoPermissionPrompt', 'spellcheck', 'sshConfigs', 'vimInsertModeRemaps'
])
/** Nested sandbox keys honoured only in managed (or user/managed) settings. */
const SANDBOX_RESTRICTED: Record<string, string> = {
  bwrapPath: 'managed', socatPath: 'managed', allowAppleEvents: 'user or managed', ripgrep: 'user or managed'
}
const SANDBOX_NESTED: Record<string, Record<string, string>> = {
  filesystem: { allowManagedReadPathsOnly: 'managed', disabled: 'user or managed' },
  network: { allowManagedDomainsOnly: 'managed', strictAllowlist: 'user or managed', tlsTerminate: 'user or managed' }
}
/** Tools whose path rules are accepted but never consulted. */
const UNCONSULTED = /^(Write|NotebookEdit|Glob|MultiEdit)\((.+)\)$/

export default defineRule({
  meta: {
    id: 'ineffective-setting',
    checklistItems: [4, 22],
    area: 'credentials',
    severity: 'medium',
    confidence: 'high',
    description: 'committed setting that Claude Code ignores',
    messages: {
      managedOnly: '`{{key}}` is honoured only in {{scope}} settings; in {{file}} it enforces nothing',
      pathRule:
        '{{tool}}(...) path rules in {{list}} are accepted but never consulted by Claude Code (Edit(...) and Read(...) rules govern file access), so these rules protect nothing: {{rules}}',
      singleSlash:
        '`{{rule}}`: a single leading slash is relative to the settings file\'s project, not the filesystem root; use `//{{rest}}` for an absolute path',
      autoMode: '`defaultMode: "auto"` is ignored when it comes from project or local settings',
      mcpMatcher: 'hook matcher `{{matcher}}` is an exact tool name and matches no MCP tool; use `{{matcher}}__.*`',
      unknownEvent: 'hook event `{{event}}` does not exist, so its hooks never run (event names are case-sensitive)',
      v0Input: '`{{input}}` is a v0 input that {{ref}} does not read, so it does nothing{{hint}}'
    }
  },
  check(ctx) {
    for (const s of ctx.project.settings) {
      const doc = s.doc
      for (const key of Object.keys(s.value)) {
        const scope = MANAGED_ONLY.has(key) ? 'managed' : USER_OR_MANAGED.has(key) ? 'user or managed' : undefined
        if (!scope) continue
        const at = doc.span([key], 'key')
        if (at) ctx.report({ messageId: 'managedOnly', data: { key, scope, file: s.path }, at })
      }
      const sandbox = s.value.sandbox
      if (sandbox && typeof sandbox === 'object' && !Array.isArray(sandbox)) {
        const sb = sandbox as Record<string, unknown>
        for (const [k, scope] of Object.entries(SANDBOX_RESTRICTED)) {
          const at = k in sb ? doc.span(['sandbox', k], 'key') : undefined
          if (at) ctx.report({ messageId: 'managedOnly', data: { key: `sandbox.${k}`, scope, file: s.path }, at })
        }
        for (const [group, keys] of Object.entries(SANDBOX_NESTED)) {
          const g = sb[group]
          if (!g || typeof g !== 'object') continue
          for (const [k, scope] of Object.entries(keys)) {
            const at = k in (g as object) ? doc.span(['sandbox', group, k], 'key') : undefined
            if (at) ctx.report({ messageId: 'managedOnly', data: { key: `sandbox.${group}.${k}`, scope, file: s.path }, at })
          }
        }
      }
      // Path rules of tools Claude Code never consults: one finding per list and tool.
      const groups = new Map<string, typeof s.rules>()
      for (const r of s.rules) {
        const m = UNCONSULTED.exec(r.rule.trim())
        if (!m) continue
        const k = `${r.list}\0${m[1]}`
        groups.set(k, [...(groups.get(k) ?? []), r])
      }
      for (const [k, rules] of groups) {
        const [list, tool] = k.split('\0')
        const at = doc.span(rules[0].path)
        if (!at) continue
        const names = rules.slice(0, 3).map((r) => r.rule).join(', ') + (rules.length > 3 ? ` and ${rules.length - 3} more` : '')
        ctx.report({ messageId: 'pathRule', data: { tool, list, rules: names }, at, severity: list === 'deny' ? 'medium' : 'low' })
      }
      for (const r of s.rules) {
        const m = /^(Read|Edit)\(\/([^/].*)\)$/.exec(r.rule.trim())
        if (!m || r.list === 'allow') continue
        // `/src/**` relative to the project is a legitimate idiom; absolute-looking system paths are not.
        if (!/^(etc|usr|var|home|Users|root|opt|tmp|private|bin|sbin|Library|System)\b/.test(m[2])) continue
        const at = doc.span(r.path)
        if (at) ctx.report({ messageId: 'singleSlash', data: { rule: r.rule, rest: m[2] }, at, confidence: 'medium' })
      }
      const perms = s.value.permissions
      if (perms && typeof perms === 'object' && (perms as Record<string, unknown>).defaultMode === 'auto') {
        const at = doc.span(['permissions', 'defaultMode'])
        if (at) ctx.report({ messageId: 'autoMode', at })
      }
      const hooks = s.value.hooks
      if (hooks && typeof hooks === 'object' && !Array.isArray(hooks)) {
        for (const event of Object.keys(hooks)) {
          if (HOOK_EVENTS.has(event)) continue
          const at = doc.span(['hooks', event], 'key')
          if (at) ctx.report({ messageId: 'unknownEvent', data: { event }, at })
        }
      }
      const seenGroups = new Set<string>()
      for (const h of s.hooks) {
        const g = h.groupPath.join('/')
        if (seenGroups.has(g) || !h.matcher) continue
        seenGroups.add(g)
        if (/^mcp__[A-Za-z0-9_-]+$/.test(h.matcher) && !h.matcher.slice(5).includes('__')) {
          const at = doc.span([...h.groupPath, 'matcher'])
          if (at) ctx.report({ messageId: 'mcpMatcher', data: { matcher: h.matcher }, at })
        }
      }
    }
    for (const run of ctx.project.claudeRuns) {
      if (run.kind !== 'action' || run.major !== 'v1') continue
      for (const input of Object.keys(run.step.with)) {
        if (!V0_ONLY_INPUTS.has(input)) continue
        const at = run.workflow.doc.span([...run.step.path, 'with', input], 'key')
        if (!at) continue
        ctx.report({
          messageId: 'v0Input',
          data: { input, ref: `claude-code-action@${run.ref ?? 'v1'}`, hint: V0_HINTS[input] ?? '' },
          at
        })
      }
    }
  }
})

const V0_HINTS: Record<string, string> = {
  max_turns: '; use `claude_args: --max-turns N` (there is no turn cap now)',
  model: '; use `claude_args: --model <id>`',
  anthropic_model: '; use `claude_args: --model <id>`',
  fallback_model: '; use `claude_args: --fallback-model <id>`',
  allowed_tools: '; use `claude_args: --allowedTools "..."`',
  disallowed_tools: '; use `claude_args: --disallowedTools "..."`',
  custom_instructions: '; use `claude_args: --append-system-prompt "..."`',
  direct_prompt: '; use `prompt`',
  override_prompt: '; use `prompt`',
  mcp_config: '; use `claude_args: --mcp-config ...`',
  claude_env: '; use `settings` with an `env` object',
  timeout_minutes: '; use the job\'s `timeout-minutes`',
  system_prompt: '; use `claude_args: --system-prompt "..."`',
  append_system_prompt: '; use `claude_args: --append-system-prompt "..."`',
  mode: ' (the mode is detected automatically)'
}
