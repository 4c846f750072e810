/**
 * ineffective-setting: a committed setting that Claude Code ignores and that
 * gives false confidence: managed-only keys in project settings, `Write(...)`
 * path rules (never consulted), single-slash paths meant as absolute,
 * `defaultMode: "auto"` from project files, hook matchers that match nothing
 * (`mcp__server`, `bash`, `SessionStart` with `init`), `if` on events without
 * tools, unknown hook events,
 * `disableAllHooks: true` beside the hooks it turns off, and v0 inputs of the
 * Claude action on @v1.
 * Docs: docs/rules/ineffective-setting.md
 */
import { mcpServersIgnoredIn } from '../model/mcp.js'
import { defineRule, type RuleContext } from './rule.js'
import { HOOK_EVENTS, MATCHER_VALUES, matcherNames, TOOL_EVENTS, type HookHandler, type SettingsFile } from '../model/settings.js'
import { pluginHookFiles } from '../analysis/plugin-hooks.js'
import { V0_ONLY_INPUTS } from '../analysis/claude-run.js'
import type { StructuredDoc } from '../parse/doc.js'
import type { Span } from '../parse/source.js'
import { FACTS, compareVersions, oldestClaudeCode, type AssumedVersion, type FactId } from '../facts/versions.js'
import { isAllUses } from '../analysis/permission-rules.js'

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
/** Built-in tool names a hook matcher may name (matchers are case-sensitive). */
const TOOL_NAMES = ['Bash', 'Read', 'Edit', 'Write', 'MultiEdit', 'NotebookEdit', 'Glob', 'Grep', 'WebFetch', 'Agent', 'PowerShell']
/** `mcp__server` without a tool part: an exact name no MCP tool has. */
const SERVER_ONLY = /^mcp__[A-Za-z0-9_-]+$/
function serverOnly(name: string): boolean {
  return SERVER_ONLY.test(name) && !name.slice(5).includes('__')
}

/** Tools whose path rules are accepted but never consulted. */
const UNCONSULTED = /^(Write|NotebookEdit|Glob|Grep|MultiEdit)\((.+)\)$/

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
      unknownPermission:
        '{{keys}} in {{file}} {{verb}} (the keys under `permissions` are the rule lists `allow`, `ask`, `deny`, `defaultMode`, `additionalDirectories` and a few `disable…`/`block…` switches){{promise}}',
      pathRule:
        '{{tool}}(...) path rules in {{list}} are accepted but never consulted by Claude Code (Edit(...) and Read(...) rules govern file access), so these rules protect nothing: {{rules}}',
      singleSlash:
        '`{{rule}}`: a single leading slash is relative to the settings file\'s project, not the filesystem root; use `//{{rest}}` for an absolute path',
      autoMode: '`defaultMode: "auto"` is ignored when it comes from project or local settings',
      mcpMatcher: 'hook matcher `{{matcher}}` is an exact tool name and matches no MCP tool; use `{{matcher}}__.*`',
      mcpMatcherList:
        'hook matcher `{{matcher}}` is a list of exact tool names, and {{names}} {{verb}} no MCP tool (their tools are named `mcp__<server>__<tool>`); use `{{fix}}`',
      eventValue:
        'hook matcher `{{matcher}}`: Claude Code matches {{event}} hooks against {{values}}, and {{names}} {{isnt}}, so {{these}} {{never}}{{hint}}',
      toolCase:
        'hook matcher `{{matcher}}` is a list of exact, case-sensitive tool names, and no tool is called {{names}}, so {{these}} {{never}} on {{event}}; the tool is {{tools}}',
      ifOnEvent:
        '`if` filters only tool events (PreToolUse, PostToolUse, PostToolUseFailure, PermissionRequest, PermissionDenied): on `{{event}}` a handler with `if` never runs',
      hooksOff:
        '`disableAllHooks: true` turns off {{hooks}} configured in {{files}}{{status}}: Claude Code runs no hook, so the guards, logs and notifications configured there do nothing',
      unknownEvent: 'hook event `{{event}}` does not exist, so its hooks never run (event names are case-sensitive)',
      v0Input: '`{{input}}` is a v0 input that {{ref}} does not read, so it does nothing{{hint}}',
      agentPermissionRequest:
        'a `type: "agent"` hook on PermissionRequest no longer runs since Claude Code {{since}}, so it decides nothing ({{basis}}); use a `command` hook',
      projectEnv: '`{{key}}` in the `env` of {{file}} is ignored since Claude Code {{since}}: {{why}} ({{basis}})',
      ruleColon:
        '`{{rule}}` is not a rule Claude Code can read: a rule is `Tool` or `Tool(specifier)`, so this names a tool called `{{rule}}`, which does not exist, and {{effect}}; write `{{fix}}`',
      ruleTrailingText:
        '`{{rule}}` has text after its closing parenthesis, which makes the rule invalid since Claude Code {{since}}: it is dropped and {{effect}} ({{basis}})',
      droppedBefore:
        '`{{rule}}` is dropped by Claude Code before {{since}} ({{why}}), and {{basis}}: the {{list}} rule does nothing there',
      mcpOff:
        'MCP server `{{name}}` sets `{{field}}`, which is not a field of a server entry: Claude Code ignores it and starts the server as usual (claude -p, the Agent SDK and the action without asking); switch a server off with `disabledMcpjsonServers` in settings, or remove the entry',
      sdkMcp: 'MCP server `{{name}}` has `"type": "sdk"`, which Claude Code skips in configuration files since {{since}} (only a program using the Agent SDK can provide such a server) ({{basis}})'
    }
  },
  check(ctx) {
    // Settings ignored since a release: reported unless the Claude Code that runs is known to be older.
    const version = oldestClaudeCode(ctx.project)
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
        // `Write(*)` is the all-uses form (the whole tool, like bare `Write`), not a path rule.
        if (!m || isAllUses(m[2])) continue
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
      // Matchers and `if` filters that never let a handler run (every declared hook, whether it runs or not).
      reportMatchers(ctx, doc, s.declaredHooks)
      reportHooksOff(ctx, s)
      reportVersionGated(ctx, s, version)
      reportColonRules(ctx, s)
      reportUnknownPermissionKeys(ctx, s)
    }
    // A plugin's hooks file: its handlers run for every user who enables the plugin.
    for (const f of pluginHookFiles(ctx.project)) reportMatchers(ctx, f.doc, f.handlers)
    for (const doc of ctx.project.mcpConfigs) {
      reportSdkServers(ctx, doc, ['mcpServers'], version)
      reportOffSwitches(ctx, doc)
    }
    for (const run of ctx.project.claudeRuns) {
      // A fork or wrapper takes inputs of its own: the real action's v0/v1 split says nothing about them.
      if (run.kind !== 'action' || run.major !== 'v1' || run.fork) continue
      for (const input of Object.keys(run.step.with)) {
        if (!V0_ONLY_INPUTS.has(input)) continue
        const at = run.doc.span([...run.step.path, 'with', input], 'key')
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

/**
 * Matchers and `if` filters that never let a handler run, in a settings file or a
 * plugin's hooks file (every declared hook, whether it runs or not).
 */
function reportMatchers(ctx: RuleContext, doc: StructuredDoc, handlers: readonly HookHandler[]): void {
  const seenGroups = new Set<string>()
  for (const h of handlers) {
    if (typeof h.raw.if === 'string' && HOOK_EVENTS.has(h.event) && !TOOL_EVENTS.has(h.event)) {
      const at = doc.span([...h.path, 'if'], 'key')
      if (at) ctx.report({ messageId: 'ifOnEvent', data: { event: h.event }, at })
    }
    const g = h.groupPath.join('/')
    if (seenGroups.has(g) || !h.matcher) continue
    seenGroups.add(g)
    const names = matcherNames(h.matcher)
    if (!names) continue
    const at = doc.span([...h.groupPath, 'matcher'])
    if (!at) continue
    const servers = names.filter(serverOnly)
    if (servers.length && names.length === 1) {
      ctx.report({ messageId: 'mcpMatcher', data: { matcher: h.matcher }, at })
    } else if (servers.length) {
      ctx.report({
        messageId: 'mcpMatcherList',
        data: {
          matcher: h.matcher,
          names: servers.map((n) => `\`${n}\``).join(', '),
          verb: servers.length === 1 ? 'matches' : 'match',
          fix: names.map((n) => (serverOnly(n) ? `${n}__.*` : n)).join('|')
        },
        at
      })
    }
    const values = MATCHER_VALUES.get(h.event)
    if (values) {
      reportEventValues(ctx, h.event, h.matcher, names, values, at)
      continue
    }
    if (!TOOL_EVENTS.has(h.event)) continue
    const miscased = names
      .map((n) => ({ n, tool: TOOL_NAMES.find((t) => t !== n && t.toLowerCase() === n.toLowerCase()) }))
      .filter((x): x is { n: string; tool: string } => x.tool !== undefined)
    if (!miscased.length) continue
    const all = miscased.length === names.length
    ctx.report({
      messageId: 'toolCase',
      data: {
        matcher: h.matcher,
        names: miscased.map((x) => `\`${x.n}\``).join(', '),
        these: all ? 'the handlers of this group' : miscased.length === 1 ? 'that name' : 'those names',
        never: all ? 'never run' : miscased.length === 1 ? 'never matches' : 'never match',
        event: h.event,
        tools: miscased.map((x) => `\`${x.tool}\``).join(', ')
      },
      at
    })
  }
}

/**
 * A matcher of exact names on an event whose matcher values are a closed set
 * (`SessionStart` with `init`): names not in the set never match; when none is
 * in it, the group's handlers never run. Names a wrong case away from a value
 * and values of another event (`init` is `Setup`'s) are named in the hint.
 */
function reportEventValues(
  ctx: RuleContext,
  event: string,
  matcher: string,
  names: readonly string[],
  values: readonly string[],
  at: Span
): void {
  const unknown = names.filter((n) => !values.includes(n))
  if (!unknown.length) return
  const all = unknown.length === names.length
  const hints: string[] = []
  for (const n of unknown) {
    const cased = values.find((v) => v.toLowerCase() === n.toLowerCase())
    if (cased) {
      hints.push(`\`${n}\` is \`${cased}\` (matchers are case-sensitive)`)
      continue
    }
    const other = [...MATCHER_VALUES].find(([e, vs]) => e !== event && vs.includes(n))?.[0]
    if (other) hints.push(`\`${n}\` is a value of the ${other} event`)
  }
  ctx.report({
    messageId: 'eventValue',
    data: {
      matcher,
      event,
      values: values.map((v) => `\`${v}\``).join(', '),
      names: unknown.map((n) => `\`${n}\``).join(', '),
      isnt: unknown.length === 1 ? 'is not one of them' : 'are not among them',
      these: all ? 'the handlers of this group' : unknown.length === 1 ? 'that name' : 'those names',
      never: all ? 'never run' : unknown.length === 1 ? 'never matches' : 'never match',
      hint: hints.length ? `: ${hints.join('; ')}` : ''
    },
    at
  })
}

/**
 * `disableAllHooks: true` in a settings file that decides the value for its
 * project (see hooksSwitchedOffBy in the model): the hooks of that project's
 * settings files look configured and never run.
 */
function reportHooksOff(ctx: RuleContext, s: SettingsFile): void {
  if (s.disableAllHooks !== true) return
  const off = ctx.project.settings.filter((f) => f.hooksOffBy === s && f.declaredHooks.length > 0)
  const count = off.reduce((n, f) => n + f.declaredHooks.length, 0)
  if (count === 0) return
  const at = s.doc.span(['disableAllHooks'], 'key')
  if (!at) return
  const files = off.map((f) => `\`${f.path}\``)
  const status = ctx.project.settings.some((f) => f.hooksOffBy === s && f.value.statusLine !== undefined) ? ' (and the `statusLine`)' : ''
  ctx.report({
    messageId: 'hooksOff',
    data: {
      hooks: count === 1 ? 'the hook' : `all ${count} hooks`,
      files: files.length === 1 ? files[0] : `${files.slice(0, -1).join(', ')} and ${files[files.length - 1]}`,
      status
    },
    at,
    tip: 'remove `disableAllHooks` (or set it to false) so the hooks run; to run a session without hooks, pass `--settings \'{"disableAllHooks": true}\'` for that run instead of committing the switch'
  })
}

/** Whether an ignored-since fact applies: the version judged is that release or newer, or only assumed. */
function gated(version: AssumedVersion, fact: FactId): boolean {
  return !version.known || compareVersions(version.version, FACTS[fact].since) >= 0
}

/** Env variables project and local settings can no longer set, with the fact and the reason. */
const PROJECT_ENV_IGNORED: ReadonlyArray<{ test: RegExp; fact: FactId; why: string }> = [
  {
    test: /^(CLAUDE_CODE_ENABLE_TELEMETRY|OTEL_(METRICS|LOGS|TRACES)_EXPORTER|OTEL_EXPORTER_OTLP(_(METRICS|LOGS|TRACES))?_ENDPOINT|OTEL_LOG_USER_PROMPTS|OTEL_LOG_TOOL_DETAILS)$/,
    fact: 'projectEnvOtelIgnored',
    why: 'project and local settings can no longer turn OpenTelemetry export on, set its endpoint or capture content; set it in user or managed settings or in the environment'
  },
  {
    test: /^(CLAUDE_CONFIG_DIR|CLAUDE_CODE_TMPDIR|TMPDIR|TMP|TEMP)$/,
    fact: 'projectEnvDirsIgnored',
    why: 'project settings can no longer move the configuration or temporary directory; set it in the environment'
  },
  {
    test: /^(ALLUSERSPROFILE|SystemDrive|CommonProgramFiles)$/,
    fact: 'projectEnvWindowsDirsIgnored',
    why: 'project settings can no longer set Windows system directories'
  }
]

/**
 * Rules written `Tool:specifier` (`Bash:rm -rf /*`, `Read:.env`): Claude Code
 * reads a rule as `Tool` or `Tool(specifier)`, so the whole text is a tool
 * name no tool has, and the rule matches nothing.
 */
function reportColonRules(ctx: RuleContext, s: SettingsFile): void {
  for (const r of s.rules) {
    const m = /^\s*([A-Za-z]+):(?!\*\s*$)([^()]+)$/.exec(r.rule)
    if (!m || !TOOL_NAMES.includes(m[1])) continue
    const at = s.doc.span(r.path)
    if (!at) continue
    const effect = r.list === 'allow' ? 'the tool keeps asking' : `the ${r.list} rule protects nothing`
    ctx.report({
      messageId: 'ruleColon',
      data: { rule: r.rule, effect, fix: `${m[1]}(${m[2].trim()})` },
      at,
      severity: r.list === 'allow' ? 'low' : 'medium'
    })
  }
}

/**
 * The keys Claude Code reads under `permissions` (claude-code-surface.md §1.4, the 2.1.331 schema
 * included): rule lists, the mode switches, extra directories and the working-directory blocks.
 */
const PERMISSION_KEYS = [
  'allow', 'ask', 'deny', 'defaultMode', 'disableBypassPermissionsMode', 'disableAutoMode', 'additionalDirectories',
  'blockReadsOutsideWorkingDirectories', 'blockWritesOutsideWorkingDirectories', 'denyInsteadOfPrompting'
]
const PERMISSION_KEY_SET: ReadonlySet<string> = new Set(PERMISSION_KEYS)
/** What a key's name makes an invented setting look like it does. */
const PROMISES: ReadonlyArray<{ test: RegExp; what: string }> = [
  { test: /^(exclud|exclus|den[yi]|block|forbid|protect|restrict|disallow|blacklist|blocklist|never)/, what: 'a block list' },
  { test: /^(confirm|ask|prompt|approv|require)/, what: 'a confirmation step' },
  { test: /^(allow|whitelist|allowlist|permit|always)/, what: 'an allow list' }
]

/** The lower-case words of a key name (`requireConfirmation` → require, confirmation; `exclude_paths` → exclude, paths). */
function wordsOf(key: string): string[] {
  return key.split(/[^A-Za-z0-9]+|(?<=[a-z0-9])(?=[A-Z])/).filter(Boolean).map((w) => w.toLowerCase())
}

/** The key names and string values of a value and of what it holds, a few levels deep. */
function namesIn(v: unknown, depth = 0, out: { keys: string[]; values: string[] } = { keys: [], values: [] }): { keys: string[]; values: string[] } {
  if (depth > 3) return out
  if (typeof v === 'string') out.values.push(v)
  else if (Array.isArray(v)) for (const x of v) namesIn(x, depth + 1, out)
  else if (v && typeof v === 'object') {
    for (const [k, x] of Object.entries(v as Record<string, unknown>)) {
      out.keys.push(k)
      namesIn(x, depth + 1, out)
    }
  }
  return out
}

/**
 * Keys under `permissions` that Claude Code does not have (`permissions.bash`,
 * `permissions.fileOperations.excludePaths`, `permissions.network.allowedDomains`, a map of rules
 * such as `{"Bash(git push)": "ask"}`): written like protection, they enforce nothing. One finding
 * per settings file, at the first such key, the others as related locations. Medium when the
 * names (or short word values such as `"ask"`) read like a block list, a confirmation step or an
 * allow list; low otherwise.
 */
function reportUnknownPermissionKeys(ctx: RuleContext, s: SettingsFile): void {
  const perms = s.value.permissions
  if (!perms || typeof perms !== 'object' || Array.isArray(perms)) return
  const unknown: { key: string; at: Span; inner: string[] }[] = []
  const words: string[] = []
  for (const [key, value] of Object.entries(perms as Record<string, unknown>)) {
    if (PERMISSION_KEY_SET.has(key)) continue
    const at = s.doc.span(['permissions', key], 'key')
    if (!at) continue
    const { keys, values } = namesIn(value)
    unknown.push({ key, at, inner: [...new Set(keys)] })
    // Key names, and values that are a single word (`"ask"`, `"deny"`), not paths or patterns.
    words.push(...[key, ...keys].flatMap(wordsOf), ...values.filter((x) => /^[A-Za-z]+$/.test(x)).flatMap(wordsOf))
  }
  if (unknown.length === 0) return
  const promises = PROMISES.filter((p) => words.some((w) => p.test.test(w))).map((p) => p.what)
  const named = unknown.slice(0, 3).map((u) => {
    const shown = u.inner.slice(0, 4).map((k) => `\`${k}\``).join(', ') + (u.inner.length > 4 ? ', …' : '')
    return `\`permissions.${u.key}\`${u.inner.length ? ` (with ${shown})` : ''}`
  })
  const rest = unknown.length - named.length
  const list = rest > 0 ? `${named.join(', ')} and ${rest} more` : named.length > 1 ? `${named.slice(0, -1).join(', ')} and ${named[named.length - 1]}` : named[0]
  const one = unknown.length === 1
  ctx.report({
    messageId: 'unknownPermission',
    data: {
      keys: list,
      file: s.path,
      verb: one ? 'is not a Claude Code setting' : 'are not Claude Code settings',
      promise: promises.length
        ? `: ${one ? 'it reads' : 'they read'} like ${promises.length > 1 ? `${promises.slice(0, -1).join(', ')} and ${promises[promises.length - 1]}` : promises[0]}, but nothing in ${one ? 'it' : 'them'} is enforced`
        : `, so nothing in ${one ? 'it' : 'them'} takes effect`
    },
    at: unknown[0].at,
    related: unknown.slice(1).map((u) => ({ at: u.at, note: `\`permissions.${u.key}\` is not a Claude Code setting either` })),
    ...(promises.length ? {} : { severity: 'low' as const }),
    tip: 'say it with rules Claude Code reads: `Read(./.env)` in `permissions.deny` keeps a file out of reach, an `ask` rule asks before a tool runs, `WebFetch(domain:…)` rules and `sandbox.network.allowedDomains` limit the network'
  })
}

function basisOf(version: AssumedVersion): string {
  return version.known ? version.basis : `${version.basis}; set claude-code-version to judge another`
}

/** Items of a settings file that releases after the main reference made inert (updates-2026-12 §b.1). */
function reportVersionGated(ctx: RuleContext, s: SettingsFile, version: AssumedVersion): void {
  const doc = s.doc
  const basis = basisOf(version)
  if (gated(version, 'permissionRequestAgentHookInert')) {
    for (const h of s.declaredHooks) {
      if (h.event !== 'PermissionRequest' || h.type !== 'agent') continue
      const at = doc.span([...h.path, 'type'])
      if (at) ctx.report({ messageId: 'agentPermissionRequest', data: { since: FACTS.permissionRequestAgentHookInert.since, basis }, at })
    }
  }
  const env = s.value.env
  if (env && typeof env === 'object' && !Array.isArray(env)) {
    for (const key of Object.keys(env)) {
      const hit = PROJECT_ENV_IGNORED.find((x) => x.test.test(key))
      if (!hit || !gated(version, hit.fact)) continue
      const at = doc.span(['env', key], 'key')
      if (at) ctx.report({ messageId: 'projectEnv', data: { key, file: s.path, since: FACTS[hit.fact].since, why: hit.why, basis }, at })
    }
  }
  if (gated(version, 'ruleTextAfterParenInvalid')) {
    for (const r of s.rules) {
      const m = /^\s*[A-Za-z][\w.*-]*\s*\([\s\S]*\)([^)]*)$/.exec(r.rule)
      if (!m || m[1].trim() === '') continue
      const at = doc.span(r.path)
      if (!at) continue
      const effect = r.list === 'allow' ? 'the tool keeps asking' : `the ${r.list} rule protects nothing`
      ctx.report({
        messageId: 'ruleTrailingText',
        data: { rule: r.rule, since: FACTS.ruleTextAfterParenInvalid.since, effect, basis },
        at,
        severity: r.list === 'allow' ? 'low' : 'medium'
      })
    }
  }
  // Rules older versions silently dropped: only where such a version is known to run.
  for (const r of s.rules) {
    const m = /^\s*([A-Za-z][\w.*-]*)\s*\(([\s\S]*)\)\s*$/.exec(r.rule)
    if (!m) continue
    let fact: FactId | undefined
    let why = ''
    if (/^(Read|Edit|Write)$/.test(m[1]) && /[()]/.test(m[2])) {
      fact = 'parenPathRulesKept'
      why = 'a path with parentheses'
    } else if (m[1] === 'Bash' && /:\*\s*\S/.test(m[2])) {
      fact = 'midPatternColonStarKept'
      why = '`:*` in the middle of a Bash pattern'
    }
    if (!fact || !version.known || compareVersions(version.version, FACTS[fact].since) >= 0) continue
    const at = doc.span(r.path)
    if (!at) continue
    ctx.report({
      messageId: 'droppedBefore',
      data: { rule: r.rule, since: FACTS[fact].since, why, basis: version.basis, list: r.list },
      at,
      severity: r.list === 'allow' ? 'low' : 'medium'
    })
  }
  reportSdkServers(ctx, doc, ['mcpServers'], version)
}

/** Fields written to switch a server off that a `.mcp.json` entry does not have (its fields: reference §3.2). */
const OFF_FIELDS: readonly [string, boolean][] = [
  ['disabled', true],
  ['enabled', false]
]

/**
 * Server entries of a `.mcp.json` Claude Code reads that carry a switch it does not have
 * (`"disabled": true`): the server starts all the same.
 */
function reportOffSwitches(ctx: RuleContext, doc: StructuredDoc): void {
  if (mcpServersIgnoredIn(doc.file.path)) return
  const v = doc.value as Record<string, unknown> | undefined
  const servers = v && typeof v === 'object' ? v.mcpServers : undefined
  if (!servers || typeof servers !== 'object' || Array.isArray(servers)) return
  for (const [name, cfg] of Object.entries(servers as Record<string, unknown>)) {
    if (!cfg || typeof cfg !== 'object') continue
    for (const [field, off] of OFF_FIELDS) {
      if ((cfg as Record<string, unknown>)[field] !== off) continue
      const at = doc.span(['mcpServers', name, field], 'pair')
      if (at) ctx.report({ messageId: 'mcpOff', data: { name, field: `"${field}": ${String(off)}` }, at })
    }
  }
}

/** `"type": "sdk"` MCP entries, skipped by Claude Code since 2.1.274. */
function reportSdkServers(ctx: RuleContext, doc: StructuredDoc, path: string[], version: AssumedVersion): void {
  if (!gated(version, 'sdkMcpEntriesSkipped')) return
  const v = doc.value as Record<string, unknown> | undefined
  const servers = v && typeof v === 'object' ? v[path[0]] : undefined
  if (!servers || typeof servers !== 'object' || Array.isArray(servers)) return
  for (const [name, cfg] of Object.entries(servers as Record<string, unknown>)) {
    if (!cfg || typeof cfg !== 'object' || (cfg as Record<string, unknown>).type !== 'sdk') continue
    const at = doc.span([...path, name, 'type'])
    if (at) ctx.report({ messageId: 'sdkMcp', data: { name, since: FACTS.sdkMcpEntriesSkipped.since, basis: basisOf(version) }, at })
  }
}

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
