/**
 * hook-unregistered: a guard script exists but never guards anything. Either
 * no committed configuration runs it (no `.claude/settings.json` hook, no
 * agent/command/skill frontmatter hook, no plugin `hooks/hooks.json`, and no
 * registered script calls it; a hook under an event name Claude Code does not
 * know registers nothing) — possibly only a personal, git-ignored
 * `.claude/settings.local.json` does — or it is registered but reads its
 * input from positional parameters or environment variables Claude Code
 * never sets, while the real payload arrives as JSON on stdin; the same for a
 * guard written inline in the hook command (checklist items 22 and 24). A
 * registered guard that reads `$1` and also signals its block the wrong way
 * (exit 1) is left to hook-fail-open, which reports both causes at the same
 * read.
 * Docs: docs/rules/hook-unregistered.md
 */
import { lineSpan } from '../parse/source.js'
import { defineRule } from './rule.js'
import {
  activeSignals,
  guardCandidates,
  hookUses,
  inlineInfo,
  isGuard,
  isGuardEvent,
  reachable,
  registrationOf,
  scriptInfo,
  spanOf,
  unknownEventOf,
  type ScriptInfo
} from '../analysis/hook-guards.js'
import { HOOK_EVENTS } from '../model/settings.js'

/**
 * Whether hook-fail-open reports this registered guard's positional-parameter
 * read itself ("guard can never block: it reads the tool call from `$1` ... and
 * signals a block with `exit 1`"): a command hook on a blocking event, run in
 * the foreground, whose only block signals are ones Claude Code ignores (no
 * exit 2 and no decision JSON).
 */
function failOpenCovers(info: ScriptInfo, event: string, type: string, async: boolean, argv: string[]): boolean {
  if (type !== 'command' || async || !isGuardEvent(event)) return false
  return !activeSignals(info, argv).some((s) => s.kind === 'exit2' || s.kind === 'decision')
}

/** An `additionalContext` field being written: advice for Claude, never a decision. */
const ADVICE = /["']?additionalContext["']?\s*[:=]/

/** Events whose payload is one tool call, prompt or permission request for the hook to decide about. */
const CALL_EVENTS: ReadonlySet<string> = new Set(['PreToolUse', 'UserPromptSubmit', 'PermissionRequest'])

export default defineRule({
  meta: {
    id: 'hook-unregistered',
    checklistItems: [22, 24],
    area: 'hooks',
    severity: 'medium',
    confidence: 'high',
    description: 'guard script that never runs or never sees its input',
    messages: {
      unregistered:
        'guard script is not registered by any committed settings file, agent, command, skill or plugin hook, so Claude Code never runs it{{extra}}',
      localOnly:
        'guard script is registered only in a `.claude/settings.local.json`, which is personal and git-ignored by convention: it does not run for anyone else or in CI',
      argsInput:
        'the {{event}} hook runs this {{kind}}, but the {{kind}} reads its input from {{source}}: Claude Code passes no arguments (the payload is JSON on stdin), so it never sees the {{what}}',
      envInput:
        'the {{event}} hook runs this {{kind}}, but the {{kind}} reads `${{name}}`, which Claude Code never sets (the payload is JSON on stdin), so it never sees its input',
      helperEnvInput:
        'the {{event}} hook runs `{{script}}`, which takes its input from this module: it reads `${{name}}`, which Claude Code never sets, and neither reads the JSON payload on stdin, so the hook never sees the {{what}}',
      commandEnvInput:
        'this {{event}} hook command checks `${{name}}`, which Claude Code never sets (the payload is JSON on stdin), so the check never sees its input'
    }
  },
  check(ctx) {
    const project = ctx.project
    for (const g of guardCandidates(project)) {
      const reg = registrationOf(project, g.path)
      if (reg === 'shared') continue
      const at = lineSpan(g.info.file, 1)
      if (reg === 'local') {
        ctx.report({
          messageId: 'localOnly',
          at,
          severity: 'low',
          tip: 'register the hook in the committed `.claude/settings.json` (with `"$CLAUDE_PROJECT_DIR"/...`) so it runs for everyone'
        })
        continue
      }
      const read = !g.info.readsStdin ? (g.info.argReads[0] ?? g.info.envReads[0]) : undefined
      const unknown = unknownEventOf(project, g.path)
      ctx.report({
        messageId: 'unregistered',
        data: {
          extra:
            (unknown ? `; it is listed only under \`${unknown}\`, which is not a hook event` : '') +
            (read
              ? `; it also reads its input from \`${'name' in read ? `$${read.name}` : g.info.file.text.slice(read.start, read.end)}\` instead of the JSON payload on stdin`
              : '')
        },
        at,
        tip: 'register it under `hooks` in `.claude/settings.json` (e.g. `"PreToolUse": [{"matcher": "Bash", "hooks": [{"type": "command", "command": "\\"$CLAUDE_PROJECT_DIR\\"/.claude/hooks/<script>"}]}]`), or delete it'
      })
    }
    const done = new Set<string>()
    for (const use of hookUses(project)) {
      const h = use.site.handler
      if (!HOOK_EVENTS.has(h.event)) continue // never runs: reported above when it is a guard
      for (const s of use.scripts) {
        const info = scriptInfo(project, s.path)
        if (!info || done.has(info.path)) continue
        // The script and the repository modules it runs or imports: one of them may read stdin for it.
        const reach = reachable(project, s.path)
          .map((p) => scriptInfo(project, p))
          .filter((x): x is ScriptInfo => x !== undefined)
        if (reach.some((x) => x.readsStdin)) continue
        // A script on an event about one call or prompt is there to decide about it, block signal or not.
        const guard = isGuard(info, s.argv)
        if (!guard && !(h.type === 'command' && CALL_EVENTS.has(h.event))) continue
        // A script that never blocks and answers with `additionalContext` only gives advice: it is no
        // guard (the spec's condition), even on an event about one call.
        if (!guard && reach.some((x) => ADVICE.test(x.file.text))) continue
        const what = h.event === 'UserPromptSubmit' ? 'prompt' : 'tool call'
        if (info.argReads.length && s.argv.length === 0) {
          // A guard that also signals its block wrongly (exit 1, an unrecognised output) can never block:
          // hook-fail-open reports that at this same read, naming both causes, so it is not reported twice.
          if (guard && failOpenCovers(info, h.event, h.type, h.async, s.argv)) continue
          done.add(info.path)
          const r = info.argReads[0]
          ctx.report({
            messageId: 'argsInput',
            data: { event: h.event, source: `\`${info.file.text.slice(r.start, r.end)}\``, what, kind: guard ? 'guard' : 'script' },
            at: spanOf(info, r),
            tip: 'read the payload from stdin: `input=$(cat)`, then `jq -r .tool_name` / `.tool_input.command` on it (Python: `json.load(sys.stdin)`)'
          })
        } else if (info.envReads.length) {
          done.add(info.path)
          const r = info.envReads[0]
          ctx.report({
            messageId: 'envInput',
            data: { event: h.event, name: r.name, kind: guard ? 'guard' : 'script' },
            at: spanOf(info, r),
            tip: 'read the payload from stdin: `input=$(cat)`, then `jq -r .tool_input` on it (Python: `json.load(sys.stdin)`)'
          })
        } else {
          // Read by a module it imports (`readHookInvocation()` in helpers/): reported there, the call-related name first.
          const reads = reach.slice(1).flatMap((x) => x.envReads.map((r) => ({ x, r })))
          const hit = reads.find((e) => !/EVENT/.test(e.r.name)) ?? reads[0]
          if (!hit || done.has(`${info.path}\0${hit.x.path}`)) continue
          done.add(info.path)
          done.add(`${info.path}\0${hit.x.path}`)
          ctx.report({
            messageId: 'helperEnvInput',
            data: { event: h.event, script: info.path, name: hit.r.name, what },
            at: spanOf(hit.x, hit.r),
            tip: 'read the payload from stdin (`JSON.parse(fs.readFileSync(0, "utf8"))`, `json.load(sys.stdin)`) and pass it to the helper'
          })
        }
      }
    }
    // The hook command itself: `echo "$CLAUDE_TOOL_INPUT" | grep -q 'rm -rf' && exit 2`, or a
    // guard script handed `"$TOOL_INPUT"` as its argument.
    for (const use of hookUses(project)) {
      const h = use.site.handler
      if (!HOOK_EVENTS.has(h.event)) continue
      const info = inlineInfo(project, use)
      if (!info || !use.analysis || info.readsStdin || info.envReads.length === 0) continue
      const scripts = use.scripts.map((s) => ({ s, info: scriptInfo(project, s.path) }))
      if (scripts.some((x) => !x.info || x.info.readsStdin)) continue
      if (!isGuard(info) && !scripts.some((x) => x.info && isGuard(x.info, x.s.argv))) continue
      const r = info.envReads[0]
      const at = use.analysis.span(r.start, r.end)
      if (!at) continue
      ctx.report({
        messageId: 'commandEnvInput',
        data: { event: h.event, name: r.name },
        at,
        tip: 'read the payload from stdin: `jq -r .tool_input.command` (or `input=$(cat)`, then jq on it), in the command or in a script it runs'
      })
    }
  }
})
