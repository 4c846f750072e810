/**
 * Facts about one Claude run that several rules need: its flags, the env it
 * sees, and settings given through the action's `settings` input.
 */
import type { ClaudeRun } from '../../model/claude.js'
import { isObject } from '../../parse/doc.js'

/** The flag with one of these names, when present. */
export function flag(run: ClaudeRun, ...names: string[]): { name: string; value?: string } | undefined {
  return run.flags.find((f) => names.includes(f.name))
}

/** Env visible to the Claude process: workflow, job and step env (step wins). */
export function runEnv(run: ClaudeRun): Record<string, unknown> {
  return { ...run.workflow.env, ...run.job.env, ...run.step.env }
}

/** The action's `settings` input as an object, when it is inline JSON. */
export function settingsInput(run: ClaudeRun): Record<string, unknown> | undefined {
  const s = run.step.with.settings
  if (typeof s !== 'string') return undefined
  const t = s.trim()
  if (!t.startsWith('{')) return undefined
  try {
    const v: unknown = JSON.parse(t)
    return isObject(v) ? v : undefined
  } catch {
    return undefined
  }
}

/** Env set through the action's `settings` input (`env`) or v0 `claude_env`. */
export function settingsEnv(run: ClaudeRun): Record<string, unknown> {
  const s = settingsInput(run)
  const env: Record<string, unknown> = s && isObject(s.env) ? { ...s.env } : {}
  const ce = run.step.with.claude_env
  if (run.major === 'v0' && typeof ce === 'string') {
    for (const line of ce.split('\n')) {
      const m = /^\s*([A-Za-z_][\w]*)\s*:\s*(.*)$/.exec(line)
      if (m) env[m[1]] = m[2]
    }
  }
  return env
}

/** Whether an input is honoured by this run's action generation. */
export function inputHonoured(run: ClaudeRun, input: string): boolean {
  return run.kind === 'base-action' || run.major === 'v0' || !V0_ONLY_INPUTS.has(input)
}

/** Inputs of claude-code-action v0 that v1 does not declare (so they do nothing on @v1). */
export const V0_ONLY_INPUTS: ReadonlySet<string> = new Set([
  'mode',
  'model',
  'anthropic_model',
  'fallback_model',
  'allowed_tools',
  'disallowed_tools',
  'custom_instructions',
  'direct_prompt',
  'override_prompt',
  'mcp_config',
  'claude_env',
  'max_turns',
  'timeout_minutes',
  'experimental_allowed_domains',
  'system_prompt',
  'append_system_prompt'
])
