/**
 * The machine audit's own section of a report: how a session here
 * authenticates, which credential variables it inherits (names), the files
 * read, and the effective settings with the file each came from. Values that
 * could hold a credential are never shown (see effective.ts).
 */
import type { ChecklistEntry } from '../core/types.js'
import type { MachineReport } from './audit.js'

/** The checklist items the machine audit answers (see MACHINE_ITEMS in core/checklist.ts, and 18). */
const ANSWERED = [1, 2, 4, 5, 18, 21]

function answered(checklist: readonly ChecklistEntry[]): string[] {
  return checklist.filter((c) => ANSWERED.includes(c.item)).map((c) => `${c.item}. ${c.title}: ${c.status}${c.note ? ` — ${c.note}` : ''}`)
}

function lines(r: MachineReport): { head: string[]; settings: string[]; voids: string[] } {
  const head = [
    `Authentication: ${r.auth}`,
    `Inherited credential variables: ${r.inheritedCredentials.length ? r.inheritedCredentials.join(', ') : 'none'}`,
    `Files read: ${r.filesRead.length ? r.filesRead.join(', ') : 'none'}`,
    ...(r.projectServers
      ? [
          `Project MCP servers (.mcp.json) approved in ~/.claude.json: ${r.projectServers.all ? 'all (enableAllProjectMcpServers)' : r.projectServers.approved.join(', ') || 'none'}${r.projectServers.disabled.length ? `; turned down: ${r.projectServers.disabled.join(', ')}` : ''} (claude -p connects every .mcp.json server, approved or not)`
        ]
      : [])
  ]
  const settings = r.effective.settings.map(
    (s) => `${s.key} = ${s.shown}  (from ${s.sources.join(', ')}${s.overridden ? `; overrides ${s.overridden.join(', ')}` : ''})`
  )
  const voids = r.effective.voidAllows.map((v) => `allow ${JSON.stringify(v.rule)} in ${v.file} has no effect: ${JSON.stringify(v.deniedBy)} is denied in ${v.denyFile}`)
  return { head, settings, voids }
}

/** The section for the text report. */
export function renderMachineText(r: MachineReport, checklist: readonly ChecklistEntry[] = []): string {
  const { head, settings, voids } = lines(r)
  const items = answered(checklist)
  const out = ['', 'This machine', ...head.map((l) => `  ${l}`), ...(items.length ? ['', 'Machine checklist items', ...items.map((l) => `  ${l}`)] : []), '', 'Effective settings (managed > local > project > user; arrays merged)']
  out.push(...(settings.length ? settings.map((l) => `  ${l}`) : ['  none: no settings file sets anything']))
  if (voids.length) out.push(...voids.map((l) => `  ${l}`))
  return out.join('\n') + '\n'
}

function md(s: string): string {
  return s.replace(/[|\\`*_<>[\]]/g, (c) => `\\${c}`)
}

/** The section for the Markdown report. */
export function renderMachineMarkdown(r: MachineReport, checklist: readonly ChecklistEntry[] = []): string {
  const { head, voids } = lines(r)
  const items = answered(checklist)
  const out = ['', '## This machine', '', ...head.map((l) => `- ${md(l)}`), ...(items.length ? ['', '### Machine checklist items', '', ...items.map((l) => `- ${md(l)}`)] : []), '', '### Effective settings', '', '| Setting | Value | From |', '|---|---|---|']
  for (const s of r.effective.settings) out.push(`| \`${s.key}\` | ${md(s.shown)} | ${md(s.sources.join(', '))}${s.overridden ? ` (overrides ${md(s.overridden.join(', '))})` : ''} |`)
  if (voids.length) out.push('', ...voids.map((l) => `- ${md(l)}`))
  return out.join('\n') + '\n'
}
