/**
 * hook-outside-repo: a committed hook runs a script from outside the
 * repository (`~/...`, `$HOME/...`, `/Users/...`, another absolute path, or
 * `../` out of the project). That script is not version-controlled, so nobody
 * reviews it, and it does not exist in CI or on teammates' machines, where the
 * hook fails as its command fails there: a script run directly cannot start
 * (exit 127, a non-blocking error, silently skipped); `python missing.py`
 * exits 2, a blocking error (checklist item 24). This repository's own script
 * reached by one checkout's absolute path is hook-script-missing's. A
 * plugin's hook (`hooks/hooks.json`) that runs a script outside the plugin's
 * folder has the same problem for everyone who installs the plugin.
 * Docs: docs/rules/hook-outside-repo.md
 */
import { posix } from 'node:path'
import { defineRule } from './rule.js'
import { analyzeHook, hookSites, isOutsideRepoTarget } from '../analysis/hook-scripts.js'
import { personalPaths } from '../analysis/machine-paths.js'
import { GUARD_EVENTS, missingScriptFailure } from '../analysis/hook-start-failure.js'

export default defineRule({
  meta: {
    id: 'hook-outside-repo',
    checklistItems: [24],
    area: 'hooks',
    severity: 'medium',
    confidence: 'high',
    description: 'hook runs a script that lives outside the repository',
    messages: {
      plugin:
        '{{event}} hook of the plugin in {{root}} runs `{{path}}`, outside the plugin: installing the plugin does not bring it, and it is not version-controlled with the plugin, so nobody reviews it (where it is missing {{fails}})',
      home:
        '{{event}} hook runs `{{path}}` from the home directory: it is not version-controlled, so nobody reviews it, and CI and teammates do not have it (there {{fails}})',
      installedCopy:
        '{{event}} hook runs `{{path}}`, an installed copy of {{committed}}, not the committed file: CI and teammates who have not installed it do not have it (there {{fails}}), and where they have, it runs whatever was installed, reviewed or not',
      personal:
        "{{event}} hook runs `{{path}}` from one person's machine: it is not version-controlled, so nobody reviews it, and it exists nowhere else (in CI and for teammates {{fails}})",
      absolute:
        '{{event}} hook runs `{{path}}`, an absolute path outside the repository: it is not version-controlled and exists only where someone installed it by hand (elsewhere, such as CI, {{fails}})',
      escapes:
        '{{event}} hook runs `{{path}}`, which climbs out of the repository: the script is not version-controlled with this project and is missing from CI and other checkouts (there {{fails}})'
    }
  },
  check(ctx) {
    const { project } = ctx
    const isFile = (p: string): boolean => project.reader.statInside(p)?.isFile() === true
    for (const site of hookSites(project)) {
      // A personal, untracked settings.local.json may point wherever its owner likes.
      if (!site.committed) continue
      const a = analyzeHook(site)
      if (!a) continue
      const seen = new Set<string>()
      for (const t of a.targets) {
        if (!isOutsideRepoTarget(t, isFile) || seen.has(t.text)) continue
        seen.add(t.text)
        const at = a.span(t.start, t.end)
        if (!at) continue
        const personal = t.base === 'absolute' && personalPaths(t.text).some((p) => p.start === 0)
        // A `~/.claude/…` (or absolute `…/.claude/…`) path whose file the repository commits: the copy, not the file, runs.
        const committed = site.source !== 'plugin' && (t.base === 'home' || t.base === 'absolute') ? committedCopy(t.text, site.projectDir, (p) => project.reader.exists(p)) : undefined
        const messageId = committed
          ? 'installedCopy'
          : site.source === 'plugin' ? 'plugin' : t.base === 'home' ? 'home' : personal ? 'personal' : t.base === 'absolute' ? 'absolute' : 'escapes'
        ctx.report({
          messageId,
          data: {
            root: site.pluginRoot ? `${site.pluginRoot}/` : 'the repository root',
            event: site.handler.event,
            path: t.text,
            committed: committed ?? '',
            fails: missingScriptFailure(t.interpreter, site.handler.event, GUARD_EVENTS.has(site.handler.event))
          },
          at,
          confidence: messageId === 'home' || messageId === 'personal' || (messageId === 'plugin' && t.base === 'home') ? 'high' : 'medium',
          tip:
            site.source === 'plugin'
              ? 'ship the script inside the plugin and run it as "${CLAUDE_PLUGIN_ROOT}"/<path>: the plugin is installed without the rest of this repository'
              : tipFor(t.text, site.projectDir, (p) => project.reader.exists(p))
        })
      }
    }
  }
})

/** The repository's own file a `…/.claude/…` path outside it names (`~/.claude/hooks/x.sh` → `.claude/hooks/x.sh`), when committed. */
function committedCopy(path: string, projectDir: string, exists: (p: string) => boolean): string | undefined {
  const p = path.replace(/\\/g, '/')
  const i = p.lastIndexOf('/.claude/')
  if (i < 0) return undefined
  const rel = p.slice(i + 1)
  const repoPath = projectDir ? posix.join(projectDir, rel) : rel
  return exists(repoPath) ? repoPath : undefined
}

/** Suggests the in-repository path when the script already exists under `.claude/`. */
function tipFor(path: string, projectDir: string, exists: (p: string) => boolean): string {
  const repoPath = committedCopy(path, projectDir, exists)
  if (repoPath) {
    const p = path.replace(/\\/g, '/')
    const rel = p.slice(p.lastIndexOf('/.claude/') + 1)
    return `the script is already committed at ${repoPath}: run it as "$CLAUDE_PROJECT_DIR"/${rel}`
  }
  return 'commit the script under .claude/hooks/ and run it as "$CLAUDE_PROJECT_DIR"/.claude/hooks/<name>; keep personal hooks in ~/.claude/settings.json instead of the project file'
}
