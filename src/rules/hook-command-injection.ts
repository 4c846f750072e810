/**
 * hook-command-injection: a hook treats its payload as code, runs code it
 * downloads, or ships session data to an external host. Hook payloads carry
 * text the model (and anything it read: issues, web pages, files) controls —
 * file paths, shell commands, prompts — so splicing them into `eval`,
 * `sh -c` or an unquoted expansion lets a crafted value run commands with
 * the developer's or CI runner's credentials. Hooks that `curl | sh` or
 * install "the latest release" without a checksum run whatever the network
 * serves, and hooks that call LLM/TTS/webhook APIs with payload text move
 * prompts, tool input and file contents off the machine on every run
 * (checklist items 22 and 23).
 * Docs: docs/rules/hook-command-injection.md
 */
import type { Severity } from '../core/types.js'
import type { Span } from '../parse/source.js'
import { defineRule } from './rule.js'
import { hookUses, lineOf, reachable, scriptInfo, spanOf, type ScriptInfo } from '../analysis/hook-guards.js'
import {
  downloadSinks,
  jsCodeSinks,
  jsExternalSends,
  pyCodeSinks,
  pyExternalSends,
  shellSinks,
  type DownloadSink,
  type ShellSink
} from '../analysis/hook-taint.js'

const TIP_DATA =
  'treat payload fields as data: quote every expansion (`"$cmd"`), never `eval` them or pass them to `sh -c`; compare with `case`/`grep -F` and pass values as separate arguments'
const TIP_DOWNLOAD =
  'vendor the tool into the repository or install a pinned version and verify its checksum (`sha256sum -c`) before running it'
const TIP_EXTERNAL =
  'keep hook processing local, or send only fixed, non-sensitive text; if the call is intended, document it and make it opt-in (an env flag that defaults to off)'

const SINK_MSG: Record<ShellSink['kind'], string> = {
  eval: 'codeExec',
  shellC: 'codeExec',
  interpC: 'codeExec',
  cmdName: 'codeExec',
  pipeShell: 'codeExec',
  unquoted: 'unquoted',
  network: 'external'
}

export default defineRule({
  meta: {
    id: 'hook-command-injection',
    checklistItems: [22, 23],
    area: 'hooks',
    severity: 'high',
    confidence: 'high',
    description: 'hook handles its payload or the network unsafely',
    messages: {
      codeExec:
        'hook payload data (`${{variable}}`) is run as code by `{{text}}`: a crafted file path, command or prompt executes arbitrary commands',
      fileNameCode:
        'file names listed by `{{from}}` (`${{variable}}`) are run as code by `{{text}}`: a file whose name holds quotes and code (Claude writes files, and anything it read can steer it) executes arbitrary commands',
      unquoted:
        'hook payload data `${{variable}}` is expanded unquoted in `{{text}}`: word splitting and globbing let a crafted value add arguments or match files',
      codeCall:
        'hook passes payload data (`{{variable}}`) to `{{what}}`, which runs it through a shell or interpreter: a crafted value executes arbitrary commands',
      download:
        'hook runs code it downloads at run time (`{{text}}`): whoever controls that URL or the network path to it runs code wherever the hook fires',
      downloadRemote:
        'hook runs code it downloads at run time (`{{text}}`), but only in Claude Code web sessions (`{{gate}}`, line {{line}}): whoever controls that URL can run code in the session\'s cloud environment, not on a developer\'s machine, and no hook input is involved',
      latest:
        'hook installs the latest release from `{{url}}` with no pinned version and no checksum: each run can install different, unverified code',
      external:
        '{{event}} hook sends session data to an external service: {{detail}}, so what it takes from the session (prompts, tool input, file contents) can leave the machine whenever it runs'
    }
  },
  check(ctx) {
    const project = ctx.project
    const done = new Set<string>()
    const once = (key: string): boolean => {
      if (done.has(key)) return false
      done.add(key)
      return true
    }
    const reportShell = (
      sinks: ShellSink[],
      downloads: DownloadSink[],
      span: (s: number, e: number) => Span | undefined,
      key: string
    ): string[] => {
      const sends: string[] = []
      for (const d of downloads) {
        const at = span(d.start, d.end)
        if (!at || !once(`${key}:${d.start}:dl`)) continue
        if (d.remoteOnly) {
          // A vendor installer in a setup hook of the cloud sandbox: a supply-chain exposure of a
          // disposable environment, not of the developer's machine, and no hook input involved.
          const g = d.remoteOnly
          const gateAt = span(g.cond.start, g.cond.end)
          const gate = gateAt ? gateAt.file.text.slice(gateAt.start, gateAt.end).replace(/\s+/g, ' ') : ''
          const line = gateAt ? String(gateAt.file.position(gateAt.start).line) : '?'
          ctx.report({
            messageId: 'downloadRemote',
            data: { text: d.kind === 'latest' ? `latest release from ${d.text}` : d.text, gate, line },
            at,
            severity: 'low',
            tip: TIP_DOWNLOAD
          })
        } else if (d.kind === 'latest')
          ctx.report({ messageId: 'latest', data: { url: d.text }, at, severity: 'medium', tip: TIP_DOWNLOAD })
        else ctx.report({ messageId: 'download', data: { text: d.text }, at, tip: TIP_DOWNLOAD })
      }
      for (const s of sinks) {
        if (s.kind === 'network') {
          const at = span(s.start, s.end)
          const where = at ? ` (${at.file.path} line ${at.file.position(at.start).line})` : ''
          sends.push(`\`${s.text}\` sends \`$${s.variable}\`${where}`)
          continue
        }
        const at = span(s.start, s.end)
        if (!at || !once(`${key}:${s.start}:${s.kind}`)) continue
        const severity: Severity | undefined = s.kind === 'unquoted' ? 'medium' : undefined
        ctx.report({
          messageId: s.fileNamesFrom !== undefined ? 'fileNameCode' : SINK_MSG[s.kind],
          data: { variable: s.variable, text: s.text, ...(s.fileNamesFrom !== undefined ? { from: s.fileNamesFrom } : {}) },
          at,
          tip: TIP_DATA,
          ...(severity ? { severity } : {})
        })
      }
      return sends
    }
    for (const use of hookUses(project)) {
      const h = use.site.handler
      if (h.type !== 'command') continue
      const sends: string[] = []
      const a = use.analysis
      if (a)
        sends.push(
          ...reportShell(
            shellSinks(a.script, a.source),
            downloadSinks(a.script, a.source),
            (s, e) => a.span(s, e),
            `${use.site.file}:${h.path.join('.')}`
          )
        )
      for (const s of use.scripts) {
        for (const path of reachable(project, s.path)) {
          const info = scriptInfo(project, path)
          if (!info) continue
          const argv = path === s.path ? s.argv : undefined
          sends.push(...scriptFindings(info, argv))
        }
      }
      if (sends.length && h.event !== 'Notification') {
        const at = use.site.doc.span([...h.path, h.args ? 'args' : 'command']) ?? use.site.doc.span(h.path)
        if (at && once(`${use.site.file}:${h.path.join('.')}:external`)) {
          ctx.report({
            messageId: 'external',
            data: { event: h.event, detail: sends[0] },
            at,
            severity: 'medium',
            tip: TIP_EXTERNAL
          })
        }
      }
    }

    /** Reports problems inside one script; returns descriptions of external sends. */
    function scriptFindings(info: ScriptInfo, argv: string[] | undefined): string[] {
      const sends: string[] = []
      if (info.lang === 'shell' && info.shell) {
        sends.push(
          ...reportShell(
            shellSinks(info.shell, info.file.text),
            downloadSinks(info.shell, info.file.text),
            (s, e) => spanOf(info, { start: s, end: e }),
            info.path
          )
        )
        return sends
      }
      const code = info.lang === 'python' ? pyCodeSinks(info) : jsCodeSinks(info)
      for (const c of code) {
        if (!once(`${info.path}:${c.start}:code`)) continue
        ctx.report({
          messageId: 'codeCall',
          data: { variable: c.variable, what: c.what },
          at: spanOf(info, c),
          tip: TIP_DATA
        })
      }
      const ext = info.lang === 'python' ? pyExternalSends(project, info, argv) : jsExternalSends(info)
      for (const e of ext)
        sends.push(`\`${info.path}\` line ${lineOf(info, e.start)} passes \`${e.variable}\` to ${e.target}`)
      return sends
    }
  }
})
