/**
 * permission-mode-unset: `claude -p` (or a Python Agent SDK session) runs on
 * a third-party provider (Bedrock, Vertex, Foundry) or with telemetry off and
 * configures no permission mode.
 * Since Claude Code 2.1.285 such runs start in `auto` mode, where a classifier
 * approves actions, instead of `default`, where everything not pre-approved is
 * denied in print mode (checklist item 4).
 * Docs: docs/rules/permission-mode-unset.md
 */
import { defineRule } from './rule.js'
import { isObject } from '../parse/doc.js'
import type { ClaudeRun } from '../model/claude.js'
import type { SettingsFile } from '../model/settings.js'
import { claudeCodeForRun, defaultClaudeCode, FACTS, holdsAt } from '../facts/versions.js'
import {
  assignsField,
  literalValue,
  mappingEntries,
  perApiFile,
  sdkCalls,
  spanFrom,
  type ApiFile
} from '../analysis/anthropic-code.js'
import type { Span } from '../parse/source.js'
import type { Node } from '../parse/code.js'
import { runEnv } from '../analysis/claude-run.js'
import { committedSettings } from '../analysis/permission-rules.js'

/** Variables that put Claude Code on a third-party provider. */
const PROVIDERS: ReadonlyArray<[string, string]> = [
  ['CLAUDE_CODE_USE_BEDROCK', 'Amazon Bedrock'],
  ['CLAUDE_CODE_USE_VERTEX', 'Google Vertex AI'],
  ['CLAUDE_CODE_USE_FOUNDRY', 'Microsoft Foundry']
]

/**
 * Variables that turn telemetry off: `DISABLE_TELEMETRY`, and
 * `CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC`, which implies it.
 */
const TELEMETRY_OFF = ['DISABLE_TELEMETRY', 'CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC']

/** Claude Code's reading of a boolean variable: `1`, `true`, `yes`, `on`. */
function truthy(v: unknown): boolean {
  if (v === true || v === 1) return true
  return typeof v === 'string' && /^(1|true|yes|on)$/i.test(v.trim())
}

/**
 * Why this run may start in auto mode: the variable and what it means, and
 * whether it is telemetry (the changelog names it, but our conformance run of
 * Claude Code 2.1.332 started such a session in `default` mode:
 * FACTS.printTelemetryOffStartsDefault), or undefined.
 */
function autoTrigger(
  env: Record<string, unknown>,
  where: (name: string) => string
): { text: string; telemetry: boolean } | undefined {
  for (const [name, provider] of PROVIDERS) {
    if (truthy(env[name])) return { text: `on ${provider} (\`${name}\` in ${where(name)})`, telemetry: false }
  }
  for (const name of TELEMETRY_OFF) {
    if (truthy(env[name])) return { text: `with telemetry off (\`${name}\` in ${where(name)})`, telemetry: true }
  }
  return undefined
}

/** What is known of the telemetry case, appended to the message. */
const TELEMETRY_CAVEAT = `, but Claude Code ${'{{seen}}'} started such a session in \`default\` mode in our conformance run, so it depends on the build: set the mode explicitly`

/**
 * A permission mode from committed settings that Claude Code honours at this
 * version: `auto` never counts from project files, and `bypassPermissions`
 * not since 2.1.257.
 */
function settingsMode(files: SettingsFile[], version: string): boolean {
  return files.some((s) => {
    const perms = isObject(s.value.permissions) ? s.value.permissions : {}
    const mode = perms.defaultMode
    if (typeof mode !== 'string' || mode === 'auto') return false
    if (mode === 'bypassPermissions') return !holdsAt('committedBypassIgnored', version)
    return true
  })
}

/** Whether the command line sets a mode (also `--settings '{"permissions": {"defaultMode": …}}'`), or makes every prompt a denial. */
function flagMode(run: ClaudeRun): boolean {
  return run.flags.some(
    (f) =>
      f.name === '--permission-mode' ||
      f.name === '--dangerously-skip-permissions' ||
      (f.name === '--permission-prompts' && f.value === 'none') ||
      (f.name === '--settings' && typeof inlineSettings(f.value)?.defaultMode === 'string')
  )
}

/** The `permissions` of an inline `--settings` JSON value. */
function inlineSettings(value: string | undefined): Record<string, unknown> | undefined {
  const t = value?.trim()
  if (!t?.startsWith('{')) return undefined
  try {
    const v: unknown = JSON.parse(t)
    return isObject(v) && isObject(v.permissions) ? v.permissions : undefined
  } catch {
    return undefined
  }
}

export default defineRule({
  meta: {
    id: 'permission-mode-unset',
    checklistItems: [4],
    area: 'credentials',
    severity: 'medium',
    confidence: 'medium',
    description: 'claude -p starts in auto mode',
    messages: {
      sdkUnset:
        'Python Agent SDK session `{{call}}` runs {{trigger}} and sets no `permission_mode`: since Claude Code {{since}} such sessions start in `auto` mode, where a classifier approves tool calls, instead of denying everything that is not pre-approved ({{basis}})',
      sdkUnsetTelemetry:
        'Python Agent SDK session `{{call}}` runs {{trigger}} and sets no `permission_mode`: the Claude Code {{since}} changelog says such sessions start in `auto` mode, where a classifier approves tool calls' +
        TELEMETRY_CAVEAT +
        ' ({{basis}})',
      unset:
        '`claude -p` in job {{job}} of {{file}} runs {{trigger}} and sets no permission mode: since Claude Code {{since}} such runs start in `auto` mode, where a classifier approves tool calls, instead of denying everything that is not pre-approved ({{basis}})',
      unsetTelemetry:
        '`claude -p` in job {{job}} of {{file}} runs {{trigger}} and sets no permission mode: the Claude Code {{since}} changelog says such runs start in `auto` mode, where a classifier approves tool calls' +
        TELEMETRY_CAVEAT +
        ' ({{basis}})'
    }
  },
  check(ctx) {
    const p = ctx.project
    // The repository's own settings apply to a run started at its root.
    const rootSettings = committedSettings(p).filter((s) => s.projectDir === '')
    const settingsEnv: Record<string, unknown> = {}
    const settingsEnvFrom = new Map<string, string>()
    for (const s of rootSettings) {
      if (!isObject(s.value.env)) continue
      for (const [k, v] of Object.entries(s.value.env)) {
        settingsEnv[k] = v
        settingsEnvFrom.set(k, s.path)
      }
    }
    // One command run several times in a job (a script two steps run, a function called twice with other flags) is one finding.
    const reported = new Set<string>()
    for (const run of p.claudeRuns) {
      if (run.kind !== 'cli') continue
      const once = `${run.anchor.file.path}\0${run.anchor.start}\0${run.job.id}`
      if (reported.has(once)) continue
      // The change names the Python Agent SDK, not the TypeScript one (docs/rules/permission-mode-unset.md).
      if (run.sdk && (run.sdk.lang !== 'py' || run.sdk.open)) continue
      const version = claudeCodeForRun(p, run)
      if (!holdsAt('printAutoModeOnThirdParty', version.version)) continue
      if (flagMode(run) || settingsMode(rootSettings, version.version)) continue
      const env = runEnv(run)
      const trigger =
        (run.sdk ? autoTrigger(run.sdk.env, () => 'the session `env`') : undefined) ??
        autoTrigger(env, () => 'the environment of the step') ??
        autoTrigger(settingsEnv, (name) => `the \`env\` of ${settingsEnvFrom.get(name) ?? 'settings'}`)
      if (!trigger) continue
      reported.add(once)
      if (run.sdk) {
        // An Agent SDK session a workflow runs: reported here (with the step's env), not again by the SDK check below.
        ctx.report({
          messageId: trigger.telemetry ? 'sdkUnsetTelemetry' : 'sdkUnset',
          ...(trigger.telemetry ? { severity: 'low' as const, confidence: 'low' as const } : {}),
          data: {
            call: run.sdk.callee,
            trigger: trigger.text,
            seen: FACTS.printTelemetryOffStartsDefault.checked,
            since: FACTS.printAutoModeOnThirdParty.since,
            basis: version.known ? version.basis : `${version.basis}; set claude-code-version if CI runs another`
          },
          at: run.anchor,
          tip: 'set `permission_mode="dontAsk"` with the tools the agent needs in `allowed_tools`'
        })
        continue
      }
      ctx.report({
        messageId: trigger.telemetry ? 'unsetTelemetry' : 'unset',
        ...(trigger.telemetry ? { severity: 'low' as const, confidence: 'low' as const } : {}),
        data: {
          job: run.job.id,
          file: run.workflow.path,
          trigger: trigger.text,
          seen: FACTS.printTelemetryOffStartsDefault.checked,
          since: FACTS.printAutoModeOnThirdParty.since,
          basis: version.known ? version.basis : `${version.basis}; set claude-code-version if CI runs another`
        },
        at: run.anchor,
        tip: 'add `--permission-mode dontAsk` with the tools the task needs in `--allowedTools`, or `--permission-prompts none`'
      })
    }
  },
  // A session a workflow runs is judged by check, as a Claude run.
  codeYieldsToRuns: true,
  checkCode(ctx) {
    const p = ctx.project
    // Python Agent SDK sessions whose options set the provider or telemetry switch in `env`.
    const version = defaultClaudeCode(p)
    if (!holdsAt('printAutoModeOnThirdParty', version.version)) return
    // What each file's sessions set depends on its text alone (kept between runs, see perApiFile).
    const sessions = perApiFile(p, 'permission-mode-unset', (s) => {
      const out: { call: string; trigger: { text: string; telemetry: boolean }; at: Span }[] = []
      if (s.lang !== 'py') return out
      for (const call of sdkCalls(s)) {
        if (!call.options) continue
        if (call.options.some((e) => e.spread || e.key === 'permission_mode')) continue
        if (call.optionsName && assignsField(s, call.optionsName, PERMISSION_MODE)) continue
        const envEntry = call.options.find((e) => e.key === 'env')
        const env = envEntry && literalMap(s, envEntry.value)
        const trigger = env && autoTrigger(env, () => 'the session `env`')
        if (trigger) out.push({ call: call.callee.text, trigger, at: spanFrom(s, call.callee) })
      }
      return out
    })
    for (const { call, trigger, at } of sessions) {
      ctx.report({
        messageId: trigger.telemetry ? 'sdkUnsetTelemetry' : 'sdkUnset',
        ...(trigger.telemetry ? { severity: 'low' as const, confidence: 'low' as const } : {}),
        data: {
          call,
          trigger: trigger.text,
          seen: FACTS.printTelemetryOffStartsDefault.checked,
          since: FACTS.printAutoModeOnThirdParty.since,
          basis: version.known ? version.basis : `${version.basis}; set claude-code-version if you run another`
        },
        at,
        tip: 'set `permission_mode="dontAsk"` with the tools the agent needs in `allowed_tools`'
      })
    }
  }
})

const PERMISSION_MODE: ReadonlySet<string> = new Set(['permission_mode'])

/** String keys and literal values of a dict expression (other values are left out). */
function literalMap(s: ApiFile, n: Node): Record<string, unknown> | undefined {
  const entries = mappingEntries(s, n)
  if (!entries) return undefined
  const out: Record<string, unknown> = {}
  for (const e of entries) {
    const v = e.key === undefined ? undefined : literalValue(e.value)
    if (e.key !== undefined && v !== undefined) out[e.key] = v
  }
  return out
}
