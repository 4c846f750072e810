/**
 * hook-script-missing: a hook command runs a script that is not in the
 * repository, is not tracked by git, is not executable although it is run
 * directly, or is reached by a path relative to the working directory (which
 * follows Claude's `cd`). Claude Code cannot start such a hook: the shell exits
 * 127 (or 126), which is a non-blocking error, so the hook (and any gate it
 * implements) is silently skipped (checklist items 22 and 24).
 * Docs: docs/rules/hook-script-missing.md
 */
import { defineRule } from './rule.js'
import { BLOCKING_EVENTS } from '../model/settings.js'
import { analyzeHook, hookSites, type ScriptTarget } from './utils/hook-script-targets.js'

/** Events where a hook can stop something, so a silent skip removes a gate. */
const GUARD_EVENTS = new Set([...BLOCKING_EVENTS, 'PermissionRequest'])

/** Installed dependencies are not in a fresh clone by design; their absence is not this rule's concern. */
const INSTALLED = /(^|\/)(node_modules|\.venv|venv|vendor)\//

export default defineRule({
  meta: {
    id: 'hook-script-missing',
    checklistItems: [22, 24],
    area: 'hooks',
    severity: 'high',
    confidence: 'high',
    description: 'hook script missing or reached by a fragile path',
    messages: {
      missing:
        '{{event}} hook runs `{{path}}`{{how}}, which is not in the repository: the command exits 127, Claude Code treats that as a non-blocking error, and {{effect}}',
      untracked:
        '{{event}} hook runs `{{path}}`, which exists here but is not tracked by git: other clones and CI do not have it, so the hook exits 127 there and {{effect}}',
      notExecutable:
        '{{event}} hook runs `{{path}}` directly, but the file is not executable: the shell exits 126, a non-blocking error, so {{effect}}',
      relative:
        '{{event}} hook reaches `{{path}}` by a path relative to the working directory, which follows Claude\'s `cd`: from another directory the script is not found (exit 127) and {{effect}}'
    }
  },
  check(ctx) {
    const { project } = ctx
    // Mode bits are only meaningful in a git checkout on a POSIX system (an
    // exported copy or a Windows checkout loses or never had them).
    const checkMode = project.files.git && process.platform !== 'win32'
    for (const site of hookSites(project)) {
      const a = analyzeHook(site)
      if (!a) continue
      const event = site.handler.event
      const guard = GUARD_EVENTS.has(event)
      const effect = guard ? 'the guard is silently gone' : 'the hook silently does nothing'
      const seen = new Set<string>()
      for (const t of a.targets) {
        if (t.escapes || !t.repoPath) continue
        if (t.base !== 'project' && t.base !== 'gitroot' && t.base !== 'cwd') continue
        if (INSTALLED.test(t.repoPath) || seen.has(t.repoPath)) continue
        seen.add(t.repoPath)
        const at = a.span(t.start, t.end)
        if (!at) continue
        const data = { event, path: t.text, effect }
        const fragile = t.base === 'cwd' && !t.anchored
        const tip = tipFor(t)
        const stat = project.reader.statInside(t.repoPath)
        if (!stat || !stat.isFile()) {
          ctx.report({
            messageId: 'missing',
            data: { ...data, how: fragile ? ' (relative to the working directory)' : '' },
            at,
            severity: guard ? 'high' : 'medium',
            tip
          })
          continue
        }
        if (project.isTracked(t.repoPath) === false) {
          ctx.report({ messageId: 'untracked', data, at, severity: guard ? 'high' : 'medium', tip: 'commit the script (and check it is not matched by .gitignore)' })
          continue
        }
        if (checkMode && !t.interpreter && (stat.mode & 0o111) === 0) {
          ctx.report({
            messageId: 'notExecutable',
            data,
            at,
            severity: guard ? 'high' : 'medium',
            tip: `run \`git update-index --chmod=+x ${t.repoPath}\` (or \`chmod +x\`) and commit, or call it through its interpreter`
          })
          continue
        }
        if (fragile) {
          ctx.report({ messageId: 'relative', data, at, severity: 'medium', confidence: 'medium', tip })
        }
      }
    }
  }
})

function tipFor(t: ScriptTarget): string {
  const rel = t.base === 'cwd' ? t.text.replace(/^\.\//, '') : undefined
  const anchored = rel ? `"$CLAUDE_PROJECT_DIR"/${rel}` : undefined
  return anchored
    ? `commit the script and reference it from the project root (${anchored}); for a guard, also set "onFailure": "block" (Claude Code 2.1.331+)`
    : 'commit the script at that path (or fix the path); for a guard, also set "onFailure": "block" (Claude Code 2.1.331+) so a hook that cannot start blocks instead of allowing'
}
