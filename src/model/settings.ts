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
  hooks: HookHandler[]
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
  return {
    doc,
    path,
    scope,
    projectDir,
    value,
    rules,
    hooks,
    env: isObject(value.env) ? value.env : {}
  }
}

/** Hook events Claude Code knows (2.1.331 `HOOK_EVENTS`). */
export const HOOK_EVENTS: ReadonlySet<string> = new Set([
  'PreToolUse', 'PostToolUse', 'PostToolUseFailure', 'PostToolBatch', 'Notification',
  'UserPromptSubmit', 'UserPromptExpansion', 'SessionStart', 'SessionEnd', 'Stop',
  'StopFailure', 'SubagentStart', 'SubagentStop', 'PreCompact', 'PostCompact',
  'PreModelSwitch', 'PostModelSwitch', 'PermissionRequest', 'PermissionDenied', 'Setup',
  'TeammateIdle', 'TaskCreated', 'TaskCompleted', 'Elicitation', 'ElicitationResult',
  'ConfigChange', 'WorktreeCreate', 'WorktreeRemove', 'InstructionsLoaded', 'CwdChanged',
  'FileChanged', 'DirectoryAdded', 'MessageDisplay'
])

/** Events whose hooks can block by exit code 2 (guards). */
export const BLOCKING_EVENTS: ReadonlySet<string> = new Set([
  'PreToolUse', 'UserPromptSubmit', 'UserPromptExpansion', 'Stop', 'SubagentStop',
  'TeammateIdle', 'TaskCreated', 'TaskCompleted', 'ConfigChange', 'PostToolBatch',
  'PreCompact', 'Elicitation', 'ElicitationResult', 'WorktreeCreate'
])

/**
 * Whether a hook matcher (for tool events) selects the named tool: empty or `*`
 * matches all; letters/digits/_/-/space/,/| are exact names; anything else is an
 * unanchored regular expression.
 */
export function matcherCovers(matcher: string | undefined, tool: string): boolean {
  if (matcher === undefined || matcher === '' || matcher === '*') return true
  if (/^[A-Za-z0-9_\-\s,|]+$/.test(matcher)) {
    return matcher.split(/[,|]/).map((s) => s.trim()).includes(tool)
  }
  try {
    return new RegExp(matcher).test(tool)
  } catch {
    return false
  }
}
