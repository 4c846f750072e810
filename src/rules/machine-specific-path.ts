/**
 * machine-specific-path: committed Claude Code configuration embeds one
 * person's absolute paths (`/Users/alice/...`, `/home/alice/...`,
 * `C:\Users\alice\...`, `D:\work\app`): permission rules, hook commands, env,
 * statusLine, MCP server arguments, and lines of hook scripts. On every other
 * machine, and in CI, those paths do not exist, so rules match nothing and
 * commands fail (checklist item 24).
 *
 * A hook command whose script itself lives at such a path is reported by
 * hook-outside-repo instead, or by hook-script-missing when it is this
 * repository's script reached through one checkout (the same token, one finding); other personal
 * paths in the same command are reported here.
 * Docs: docs/rules/machine-specific-path.md
 */
import { posix } from 'node:path'
import { defineRule } from './rule.js'
import type { PathSeg, StructuredDoc } from '../parse/doc.js'
import type { Span, SourceFile } from '../parse/source.js'
import { analyzeHook, hookSites, isCommittedSettings, isOutsideRepoTarget, valueSubSpan, type HookSite } from '../analysis/hook-scripts.js'
import { personalPaths, type PersonalPath } from '../analysis/machine-paths.js'

/** Files under `.claude/hooks/` that are scripts (not logs, docs or data). */
const SCRIPT_FILE = /\.(?:sh|bash|zsh|py|js|mjs|cjs|ts|mts|cts|rb|pl|php|ps1|lua|fish)$/i
const MAX_SCRIPT_FINDINGS = 20

export default defineRule({
  meta: {
    id: 'machine-specific-path',
    checklistItems: [24],
    area: 'hooks',
    severity: 'low',
    confidence: 'high',
    description: "committed configuration embeds one person's absolute paths",
    messages: {
      rules:
        '{{count}} in {{file}} embed{{s}} `{{path}}`, a path on one person\'s machine: for everyone else, and in CI, {{they}}',
      value:
        '`{{key}}` embeds `{{path}}`, a path on one person\'s machine: it does not exist for teammates or in CI',
      hook:
        '{{event}} hook command embeds `{{path}}`, a path on one person\'s machine: the command fails for teammates and in CI',
      script:
        'hook script hard-codes `{{path}}`, a path on one person\'s machine: it behaves differently (or fails) for teammates and in CI'
    }
  },
  check(ctx) {
    const { project } = ctx
    const sites = hookSites(project)

    // Spans hook-outside-repo reports (the hook's own script at a personal path), and hook-script-missing
    // where that is this repository's script through one checkout: without `isFile`, every such target counts.
    const outside: Span[] = []
    const hookValues = new Map<string, HookSite>()
    for (const site of sites) {
      hookValues.set(`${site.file}\0${JSON.stringify(site.handler.path)}`, site)
      if (!site.committed) continue
      const a = analyzeHook(site)
      if (!a) continue
      for (const t of a.targets) {
        if (!isOutsideRepoTarget(t)) continue
        const sp = a.span(t.start, t.end)
        if (sp) outside.push(sp)
      }
    }
    const reportedByOutside = (sp: Span): boolean =>
      outside.some((o) => o.file === sp.file && o.start <= sp.start && sp.end <= o.end)

    // Settings files (committed ones) and .mcp.json.
    const docs: StructuredDoc[] = []
    for (const s of project.settings) if (isCommittedSettings(project, s)) docs.push(s.doc)
    for (const m of project.mcpConfigs) if (project.isTracked(m.file.path) !== false) docs.push(m)

    for (const doc of docs) {
      const ruleHits: { span: Span; path: PersonalPath }[] = []
      let ruleCount = 0
      walk(doc.value, [], (path, value) => {
        const hits = personalPaths(value)
        if (!hits.length) return
        const spanOf = (h: PersonalPath): Span | undefined => valueSubSpan(doc, path, value, h.start, h.end)
        if (path[0] === 'permissions' && (path[1] === 'allow' || path[1] === 'ask' || path[1] === 'deny') && path.length === 3) {
          ruleCount++
          const sp = spanOf(hits[0])
          if (sp) ruleHits.push({ span: sp, path: hits[0] })
          return
        }
        const handlerKey = hookHandlerKey(doc, path)
        const site = handlerKey ? hookValues.get(handlerKey) : undefined
        for (const h of hits) {
          const sp = spanOf(h)
          if (!sp || reportedByOutside(sp)) continue
          if (site) {
            ctx.report({ messageId: 'hook', data: { event: site.handler.event, path: h.text }, at: sp, key: `${path.join('.')}:${h.text}` })
          } else {
            ctx.report({ messageId: 'value', data: { key: displayKey(path), path: h.text }, at: sp, key: `${path.join('.')}:${h.text}` })
          }
          break
        }
      })
      if (ruleHits.length) {
        const first = ruleHits[0]
        ctx.report({
          messageId: 'rules',
          data: {
            count: ruleCount === 1 ? 'a permission rule' : `${ruleCount} permission rules`,
            file: doc.file.path,
            s: ruleCount === 1 ? 's' : '',
            they: ruleCount === 1 ? 'it matches nothing' : 'they match nothing',
            path: first.path.text
          },
          at: first.span,
          key: `permissions:${first.path.text}`,
          tip: 'write paths relative to the project (`Read(./docs/**)`), under the home directory (`Read(~/.config/x/**)`), or keep personal rules in the untracked .claude/settings.local.json'
        })
      }
    }

    // Hook commands declared in agent/command/skill frontmatter.
    for (const site of sites) {
      if (site.source === 'settings') continue
      const a = analyzeHook(site)
      if (!a) continue
      for (const h of personalPaths(a.source)) {
        const sp = a.span(h.start, h.end)
        if (!sp || reportedByOutside(sp)) continue
        ctx.report({ messageId: 'hook', data: { event: site.handler.event, path: h.text }, at: sp })
        break
      }
    }

    // Hook scripts: everything under .claude/hooks/ plus in-repository scripts hooks run.
    const scripts = new Set<string>(project.hookScripts.filter((p) => SCRIPT_FILE.test(p)))
    for (const site of sites) {
      if (!site.committed) continue
      const a = analyzeHook(site)
      for (const t of a?.targets ?? []) if (t.repoPath && !t.escapes) scripts.add(posix.normalize(t.repoPath))
    }
    for (const path of [...scripts].sort()) {
      if (project.isTracked(path) === false) continue
      const file = project.reader.read(path)
      if (!file) continue
      scanScript(file, (at, p) =>
        ctx.report({
          messageId: 'script',
          data: { path: p.text },
          at,
          tip: 'derive the path at run time ("$CLAUDE_PROJECT_DIR", the payload\'s `cwd`, `$HOME`, or an environment variable) instead of hard-coding it'
        })
      )
    }
  }
})

/** Calls `visit` for every string value in a JSON value, with its path. */
function walk(v: unknown, path: PathSeg[], visit: (path: PathSeg[], value: string) => void): void {
  if (typeof v === 'string') visit(path, v)
  else if (Array.isArray(v)) v.forEach((e, i) => walk(e, [...path, i], visit))
  else if (v && typeof v === 'object') for (const [k, e] of Object.entries(v)) walk(e, [...path, k], visit)
}

/** `hooks.<Event>.<i>.hooks.<j>` key of the handler a value belongs to, when it is its command or args. */
function hookHandlerKey(doc: StructuredDoc, path: PathSeg[]): string | undefined {
  if (path[0] !== 'hooks' || path[3] !== 'hooks' || path.length < 6) return undefined
  if (path[5] !== 'command' && path[5] !== 'args') return undefined
  return `${doc.file.path}\0${JSON.stringify(path.slice(0, 5))}`
}

function displayKey(path: PathSeg[]): string {
  return path.map((p) => (typeof p === 'number' ? `[${p}]` : p)).join('.').replace(/\.\[/g, '[')
}

/** Reports the first personal path of each line of a script (comment-only lines skipped, the `#!` line kept). */
function scanScript(file: SourceFile, report: (at: Span, p: PersonalPath) => void): void {
  let n = 0
  for (let line = 1; line <= file.lineCount && n < MAX_SCRIPT_FINDINGS; line++) {
    const text = file.lineText(line)
    const trimmed = text.trimStart()
    if (!(line === 1 && trimmed.startsWith('#!')) && /^(#|\/\/|\/\*|\*|--|;|REM\b)/i.test(trimmed)) continue
    const hits = personalPaths(text)
    if (!hits.length) continue
    const base = file.lineOffset(line)
    const h = hits[0]
    report({ file, start: base + h.start, end: base + h.end }, h)
    n++
  }
}
