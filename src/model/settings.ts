/**
 * Claude Code settings files (`.claude/settings.json`, `.claude/settings.local.json`)
 * with their permission rules, hooks and env, each pointing back at its JSON node.
 */
import { isObject, type PathSeg, type StructuredDoc } from '../parse/doc.js'

/** Project settings are shared (committed); local settings are personal. */
export type SettingsScope = 'project' | 'local'

/** One permission rule string in allow / ask / deny. */
export interface PermissionRule {
  list: 'allow' | 'ask' | 'deny'
  rule: string
  index: number
  path: PathSeg[]
}

/** One hook handler inside `hooks.<Event>[i].hooks[j]`. */
export interface HookHandler {
  event: string
  matcher?: string
  type: string
  command?: string
  args?: string[]
  url?: string
  timeout?: number
  async: boolean
  onFailure?: string
  /** Path of the handler object in the settings document. */
  path: PathSeg[]
  /** Path of the matcher group. */
  groupPath: PathSeg[]
  raw: Record<string, unknown>
}

/** A parsed settings file. */
export interface SettingsFile {
  doc: StructuredDoc
  path: string
  scope: SettingsScope
  /** Directory that holds `.claude/` ('' for the repository root). */
  projectDir: string
  value: Record<string, unknown>
  rules: PermissionRule[]
  /**
   * The hook handlers that run: every handler the file declares, or none when
   * `disableAllHooks: true` switches hooks off for its project (see
   * {@link hooksOffBy}). Rules that ask what guards, logs or notifies read this.
   */
  hooks: HookHandler[]
  /** Every hook handler the file declares, whether it runs or not. */
  declaredHooks: HookHandler[]
  /**
   * The settings file whose `disableAllHooks: true` switches this file's hooks
   * off (this file itself, or its project's other settings file); undefined
   * when its hooks run.
   */
  hooksOffBy?: SettingsFile
  /** The file's own `disableAllHooks` value, when it is a boolean. */
  disableAllHooks?: boolean
  env: Record<string, unknown>
}

/** Builds the settings view; undefined when the document has no object value. */
export function buildSettings(doc: StructuredDoc): SettingsFile | undefined {
  const value = doc.value
  if (!isObject(value)) return undefined
  const path = doc.file.path
  const scope: SettingsScope = path.endsWith('settings.local.json') ? 'local' : 'project'
  const projectDir = path.replace(/(^|\/)\.claude\/settings(\.local)?\.json$/, '')
  const rules: PermissionRule[] = []
  const perms = isObject(value.permissions) ? value.permissions : {}
  for (const list of ['allow', 'ask', 'deny'] as const) {
    const arr = perms[list]
    if (!Array.isArray(arr)) continue
    arr.forEach((rule, index) => {
      if (typeof rule === 'string') {
        rules.push({ list, rule, index, path: ['permissions', list, index] })
      }
    })
  }
  const hooks: HookHandler[] = []
  const hv = isObject(value.hooks) ? value.hooks : {}
  for (const [event, groups] of Object.entries(hv)) {
    if (!Array.isArray(groups)) continue
    groups.forEach((g, gi) => {
      if (!isObject(g) || !Array.isArray(g.hooks)) return
      g.hooks.forEach((h, hi) => {
        if (!isObject(h)) return
        hooks.push({
          event,
          matcher: typeof g.matcher === 'string' ? g.matcher : undefined,
          type: typeof h.type === 'string' ? h.type : 'command',
          command: typeof h.command === 'string' ? h.command : undefined,
          args: Array.isArray(h.args) ? h.args.filter((a): a is string => typeof a === 'string') : undefined,
          url: typeof h.url === 'string' ? h.url : undefined,
          timeout: typeof h.timeout === 'number' ? h.timeout : undefined,
          async: h.async === true,
          onFailure: typeof h.onFailure === 'string' ? h.onFailure : undefined,
          path: ['hooks', event, gi, 'hooks', hi],
          groupPath: ['hooks', event, gi],
          raw: h
        })
      })
    })
  }
  const disableAllHooks = typeof value.disableAllHooks === 'boolean' ? value.disableAllHooks : undefined
  const file: SettingsFile = {
    doc,
    path,
    scope,
    projectDir,
    value,
    rules,
    hooks,
    declaredHooks: hooks,
    ...(disableAllHooks !== undefined ? { disableAllHooks } : {}),
    env: isObject(value.env) ? value.env : {}
  }
  // Alone, a file that sets `disableAllHooks: true` runs none of its own hooks;
  // applyHookSwitches() settles the value across a project's settings files.
  if (disableAllHooks === true) switchHooks(file, file)
  return file
}

/**
 * Hook handlers analysed per settings file. Each handler's command is parsed
 * and followed into its script by several rules; a file declaring tens of
 * thousands of them (real files declare a few dozen) would hold the audit for
 * minutes, so the model keeps the first ones and says so (file-skipped).
 */
export const MAX_HOOK_HANDLERS = 250

/** Keeps the first `max` declared hook handlers of a settings file. */
export function limitHooks(file: SettingsFile, max: number): void {
  file.declaredHooks = file.declaredHooks.slice(0, max)
  file.hooks = file.hooksOffBy ? [] : file.declaredHooks
}

function switchHooks(file: SettingsFile, offBy: SettingsFile | undefined): void {
  file.hooks = offBy ? [] : file.declaredHooks
  if (offBy) file.hooksOffBy = offBy
  else delete file.hooksOffBy
}

/**
 * The settings file whose `disableAllHooks` decides whether the hooks of the
 * project in `projectDir` run, when that value is `true`: `disableAllHooks` is
 * a scalar, so the highest level that sets it wins — local settings over
 * project settings — and `true` turns off every hook of every level below
 * managed (and the `statusLine`). Undefined when hooks run.
 */
export function hooksSwitchedOffBy(settings: readonly SettingsFile[], projectDir: string): SettingsFile | undefined {
  const own = settings.filter((s) => s.projectDir === projectDir && s.disableAllHooks !== undefined)
  const decider = own.find((s) => s.scope === 'local') ?? own.find((s) => s.scope === 'project')
  return decider?.disableAllHooks === true ? decider : undefined
}

/**
 * Settles `disableAllHooks` across the settings files of each project (a
 * project's `settings.json` and `settings.local.json`): each file's `hooks`
 * then holds what runs. The model calls it once every settings file is built.
 */
export function applyHookSwitches(settings: readonly SettingsFile[]): void {
  for (const dir of new Set(settings.map((s) => s.projectDir))) {
    const offBy = hooksSwitchedOffBy(settings, dir)
    for (const s of settings) if (s.projectDir === dir) switchHooks(s, offBy)
  }
}

/**
 * Hook events Claude Code knows: the 35 of `HOOK_EVENTS` in Agent SDK 0.3.337
 * (Claude Code 2.1.337), which added `Interrupt` and `PreSkillShellCommand`
 * (`PreModelSwitch`/`PostModelSwitch` since 2.1.251); see src/facts/versions.ts.
 */
export const HOOK_EVENTS: ReadonlySet<string> = new Set([
  'PreToolUse', 'PostToolUse', 'PostToolUseFailure', 'PostToolBatch', 'Notification',
  'UserPromptSubmit', 'UserPromptExpansion', 'SessionStart', 'SessionEnd', 'Stop',
  'StopFailure', 'SubagentStart', 'SubagentStop', 'PreCompact', 'PostCompact',
  'PreModelSwitch', 'PostModelSwitch', 'PermissionRequest', 'PermissionDenied', 'Setup',
  'TeammateIdle', 'TaskCreated', 'TaskCompleted', 'Elicitation', 'ElicitationResult',
  'ConfigChange', 'WorktreeCreate', 'WorktreeRemove', 'InstructionsLoaded', 'CwdChanged',
  'FileChanged', 'DirectoryAdded', 'MessageDisplay', 'Interrupt', 'PreSkillShellCommand'
])

/** Events whose hooks can block by exit code 2 (guards). */
export const BLOCKING_EVENTS: ReadonlySet<string> = new Set([
  'PreToolUse', 'UserPromptSubmit', 'UserPromptExpansion', 'Stop', 'SubagentStop',
  'TeammateIdle', 'TaskCreated', 'TaskCompleted', 'ConfigChange', 'PostToolBatch',
  'PreCompact', 'Elicitation', 'ElicitationResult', 'WorktreeCreate'
])

/** Longest regular-expression matcher this audit evaluates (sequences of `.*` backtrack polynomially in their count). */
const MAX_MATCHER_REGEXP = 128

/**
 * A hook matcher as the regular expression Claude Code makes of it, or
 * undefined when it is invalid or one this audit does not evaluate: over
 * {@link MAX_MATCHER_REGEXP} characters, or with a repeated group that itself
 * repeats (`((.*)*)*X` backtracks for hours even on the 4 characters of
 * `Bash`). Such a matcher is treated as selecting no tool.
 */
export function boundedMatcherRegExp(matcher: string): RegExp | undefined {
  if (matcher.length > MAX_MATCHER_REGEXP) return undefined
  // Star height: a group that holds a quantifier may not be quantified itself.
  const holds: boolean[] = [false]
  for (let i = 0; i < matcher.length; i++) {
    const c = matcher[i]
    if (c === '\\') i++
    else if (c === '[') {
      for (i++; i < matcher.length && matcher[i] !== ']'; i++) if (matcher[i] === '\\') i++
    } else if (c === '(') {
      holds.push(false)
      // `(?:`, `(?=`, `(?!`, `(?<=`, `(?<!`, `(?<name>`: the `?` is no quantifier.
      if (matcher[i + 1] === '?') {
        i += 2
        if (matcher[i] === '<' && matcher[i + 1] !== '=' && matcher[i + 1] !== '!') {
          const close = matcher.indexOf('>', i)
          if (close > 0) i = close
        } else if (matcher[i] === '<') i++
      }
    } else if (c === ')') {
      const inner = holds.pop() ?? false
      if (holds.length === 0) holds.push(false)
      const next = matcher[i + 1]
      const quantified = next === '*' || next === '+' || next === '?' || next === '{'
      if (quantified && inner) return undefined
      if (inner || quantified) holds[holds.length - 1] = true
    } else if (c === '*' || c === '+' || c === '?' || c === '{') holds[holds.length - 1] = true
  }
  try {
    return new RegExp(matcher)
  } catch {
    return undefined
  }
}

/**
 * Whether a hook matcher (for tool events) selects the named tool: empty or `*`
 * matches all; letters/digits/_/-/space/,/| are exact names; anything else is an
 * unanchored regular expression.
 */
export function matcherCovers(matcher: string | undefined, tool: string): boolean {
  if (matcher === undefined || matcher === '' || matcher === '*') return true
  const names = matcherNames(matcher)
  if (names) return names.includes(tool)
  const re = boundedMatcherRegExp(matcher)
  return re ? re.test(tool) : false
}

/** Events whose matcher is compared against the tool name, and the only events where a handler's `if` applies. */
export const TOOL_EVENTS: ReadonlySet<string> = new Set([
  'PreToolUse', 'PostToolUse', 'PostToolUseFailure', 'PermissionRequest', 'PermissionDenied'
])

/**
 * What Claude Code compares a hook matcher with on events whose values are a closed set
 * (the hooks reference, "What the matcher is compared against"; ../shared/reference/
 * claude-code-surface.md §2.3): a matcher that lists only other names never lets its
 * handlers run. Events with open sets (tool names, agent types, command or server names,
 * file names) are not here.
 */
export const MATCHER_VALUES: ReadonlyMap<string, readonly string[]> = new Map([
  ['SessionStart', ['startup', 'resume', 'clear', 'compact', 'fork']],
  ['Setup', ['init', 'maintenance']],
  ['SessionEnd', ['clear', 'resume', 'logout', 'prompt_input_exit', 'other']],
  [
    'Notification',
    [
      'permission_prompt', 'idle_prompt', 'auth_success', 'elicitation_dialog', 'elicitation_url_dialog',
      'elicitation_complete', 'elicitation_response', 'agent_needs_input', 'agent_completed'
    ]
  ],
  ['PreCompact', ['manual', 'auto']],
  ['PostCompact', ['manual', 'auto']],
  ['ConfigChange', ['user_settings', 'project_settings', 'local_settings', 'policy_settings', 'skills']],
  [
    'StopFailure',
    [
      'rate_limit', 'overloaded', 'authentication_failed', 'oauth_org_not_allowed', 'billing_error',
      'invalid_request', 'model_not_found', 'server_error', 'max_output_tokens', 'unknown'
    ]
  ],
  ['InstructionsLoaded', ['session_start', 'nested_traversal', 'path_glob_match', 'include', 'compact']],
  ['DirectoryAdded', ['slash_command', 'register_repo_root']]
])

/**
 * The exact, case-sensitive names a matcher lists (`Edit|Write`, `Edit, Write`):
 * a matcher of only letters, digits, `_`, `-`, spaces, `,` and `|`. Undefined
 * when it matches everything (omitted, empty, `*`) or is a regular expression.
 */
export function matcherNames(matcher: string | undefined): string[] | undefined {
  if (matcher === undefined || matcher === '' || matcher === '*') return undefined
  if (!/^[A-Za-z0-9_\-\s,|]+$/.test(matcher)) return undefined
  return matcher
    .split(/[,|]/)
    .map((s) => s.trim())
    .filter(Boolean)
}

/** A hook handler that `disableAllHooks: true` keeps from running. */
export interface SwitchedOffHook {
  handler: HookHandler
  /** The file that declares it. */
  file: SettingsFile
  /** The file whose `disableAllHooks: true` switches it off. */
  by: SettingsFile
}

/** Every declared hook handler of these files that does not run because of `disableAllHooks: true`. */
export function switchedOffHooks(settings: readonly SettingsFile[]): SwitchedOffHook[] {
  return settings.flatMap((file) => {
    const by = file.hooksOffBy
    return by ? file.declaredHooks.map((handler) => ({ handler, file, by })) : []
  })
}
