/**
 * Bridges `--verify-hooks` into the static rules: when hooks were run against
 * real payloads, what they actually did replaces what reading them suggested.
 */
import type { Project } from '../model/project.js'
import type { PathSeg } from '../parse/doc.js'
import { verifyHooksOnce, type HookRunEvidence, type HookVerdict } from '../verify/run-hooks.js'
import { verifyGuardsWithClaude, type ClientGuardVerdict } from '../claude-harness/verify-guards.js'
import { findClaude } from '../claude-harness/find-claude.js'

/** The client's verdicts per project (computed once, shared by the rules). */
const clientRuns = new WeakMap<Project, Promise<{ verdicts: ClientGuardVerdict[]; notices: string[] }>>()

/** Verdicts of the real client (`--verify-hooks=claude`), once per project. */
export function clientVerdicts(project: Project): Promise<{ verdicts: ClientGuardVerdict[]; notices: string[] }> {
  let p = clientRuns.get(project)
  if (!p) {
    const claude = findClaude()
    p = claude
      ? verifyGuardsWithClaude(project, { claude })
      : Promise.resolve({
          verdicts: [],
          notices: [
            'verify-hooks=claude found no Claude Code client: install @anthropic-ai/claude-code (npm install -g) or set CLAUDE_CODE_AUDIT_CLAUDE to its `claude`; hooks were verified by simulation only.'
          ]
        })
    clientRuns.set(project, p)
  }
  return p
}

/**
 * Folds what the real client did into the simulation's verdicts: a canary that
 * Claude Code ran although the guard said no (a non-zero exit, an error) is a
 * fail-open case proven by the client; a guard that the client saw block every
 * canary with nothing failing open is verified.
 */
export function withClientVerdicts(sim: readonly HookVerdict[], client: readonly ClientGuardVerdict[]): HookVerdict[] {
  const out = sim.map((v) => ({ ...v, runs: [...v.runs], failOpen: [...v.failOpen] }))
  for (const cv of client) {
    let v = out.find((x) => handlerKey(x.settingsPath, x.handlerPath as PathSeg[]) === handlerKey(cv.settingsPath, cv.handlerPath as PathSeg[]))
    if (!v) {
      v = { settingsPath: cv.settingsPath, handlerPath: cv.handlerPath, event: 'PreToolUse', command: cv.command, runs: [], dangerousAllowed: [], failOpen: [], verified: false }
      out.push(v)
    }
    let blockedAll = cv.runs.length > 0
    // The client's runs come first: their evidence is what the report quotes.
    const runs: HookRunEvidence[] = []
    const failOpen: { payload: string; why: string }[] = []
    for (const r of cv.runs) {
      const said = r.hook && (r.hook.exitCode !== 0 || !/^(success)?$/.test(r.hook.outcome))
      const payload = `${r.stands} (Claude Code ${cv.client})`
      const exit = r.hook?.exitCode
      runs.push({
        payload,
        outcome: r.ran ? 'allowed' : 'blocked',
        exitCode: exit ?? null,
        stdout: r.hook?.stdout ?? '',
        stderr: r.hook?.stderr || r.toolResult,
        ms: 0
      })
      if (r.ran) blockedAll = false
      if (r.ran && said) {
        failOpen.push({
          payload,
          why: `Claude Code ${cv.client} ran \`${r.command}\` although the hook exited ${exit ?? '?'} (${r.hook?.outcome ?? 'no outcome'})`
        })
      }
    }
    v.runs.unshift(...runs)
    v.failOpen.unshift(...failOpen)
    v.verified = v.failOpen.length === 0 && (v.verified || blockedAll)
  }
  return out
}

/**
 * Verdicts of every hook that was run, or undefined when verification is off.
 * Hooks that were not run (time budget, no isolation on CI) are left out: the
 * rules judge them by reading them, and the report's notices say why.
 */
export async function hookVerdicts(project: Project): Promise<HookVerdict[] | undefined> {
  if (!project.options.verifyHooks) return undefined
  const sim = (await verifyHooksOnce(project)).filter((v) => !v.skipped)
  if (project.options.verifyHooks !== 'claude') return sim
  return withClientVerdicts(sim, (await clientVerdicts(project)).verdicts)
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
