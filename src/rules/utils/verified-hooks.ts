/**
 * Bridges `--verify-hooks` into the static rules: when hooks were run against
 * real payloads, what they actually did replaces what reading them suggested.
 */
import type { Project } from '../../model/project.js'
import type { PathSeg } from '../../parse/doc.js'
import { verifyHooksOnce, type HookRunEvidence, type HookVerdict } from '../../verify/run-hooks.js'

/**
 * Verdicts of every hook that was run, or undefined when verification is off.
 * Hooks that were not run (time budget, no isolation on CI) are left out: the
 * rules judge them by reading them, and the report's notices say why.
 */
export async function hookVerdicts(project: Project): Promise<HookVerdict[] | undefined> {
  if (!project.options.verifyHooks) return undefined
  return (await verifyHooksOnce(project)).filter((v) => !v.skipped)
}

/** ` (ran with partial isolation: …)` when the hooks could not be fully contained, for evidence texts. */
export function isolationNote(verdicts: readonly HookVerdict[]): string {
  const caveat = verdicts.find((v) => v.isolation)?.isolation
  return caveat ? ` (ran with ${caveat})` : ''
}

/** Identity of a hook handler: its settings file and JSON path. */
export function handlerKey(settingsPath: string, handlerPath: readonly PathSeg[]): string {
  return `${settingsPath}\0${handlerPath.join('/')}`
}

/** One run as evidence text: payload, outcome, exit code and a shortened output. */
export function evidence(r: HookRunEvidence): string {
  const exit = r.exitCode !== null ? `exit ${r.exitCode}` : r.signal ? `signal ${r.signal}` : r.outcome
  const said = (r.stderr || r.stdout).split('\n')[0]?.slice(0, 80) ?? ''
  return `\`${r.payload}\` → ${r.outcome} (${exit}${said ? `, printed "${said.replace(/`/g, "'")}"` : ''})`
}
