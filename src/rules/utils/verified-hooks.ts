/**
 * Bridges `--verify-hooks` into the static rules: when hooks were run against
 * real payloads, what they actually did replaces what reading them suggested.
 */
import type { Project } from '../../model/project.js'
import type { PathSeg } from '../../parse/doc.js'
import { verifyHooksOnce, type HookRunEvidence, type HookVerdict } from '../../verify/run-hooks.js'

/** Verdicts of every verified hook, or undefined when verification is off. */
export async function hookVerdicts(project: Project): Promise<HookVerdict[] | undefined> {
  if (!project.options.verifyHooks) return undefined
  return verifyHooksOnce(project)
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
