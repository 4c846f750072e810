/**
 * hook-script-missing: a hook command runs a script that is not in the
 * repository, is not tracked by git, is committed without the executable bit
 * although it is run directly, or is reached by a path relative to the working directory (which
 * follows Claude's `cd`). Claude Code cannot start such a hook: the shell exits
 * 127 (or 126), which is a non-blocking error, so the hook (and any gate it
 * implements) is silently skipped (checklist items 22 and 24).
 * Docs: docs/rules/hook-script-missing.md
 */
import { gitOutputSync } from '../git.js'
import { defineRule } from './rule.js'
import { parseIndexModes } from '../model/git-facts.js'
import type { Project } from '../model/project.js'
import { analyzeHook, checkoutPath, hookSites, isOutsideRepoTarget, type ScriptTarget } from '../analysis/hook-scripts.js'
import { GUARD_EVENTS, missingScriptFailure } from '../analysis/hook-start-failure.js'
import { personalPaths } from '../analysis/machine-paths.js'
import { holdsOnlyConfig, templateScope } from '../model/load-scope.js'
import { isGuard, scriptInfo, triesToBlock } from '../analysis/hook-guards.js'

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
      missing: '{{event}} hook runs `{{path}}`{{how}}, which is not in the {{where}}: {{fails}}',
      untracked:
        '{{event}} hook runs `{{path}}`, which exists here but is not tracked by git: other clones and CI do not have it, and there {{fails}}',
      checkout:
        "{{event}} hook runs `{{path}}`, which ends in this repository's {{repoPath}}: a checkout of it (or a copy) {{whose}}, so {{elsewhere}} the path does not exist and {{fails}}",
      notExecutable:
        '{{event}} hook runs `{{path}}` directly, but {{why}}: the shell exits 126, a non-blocking error, so {{effect}}',
      elsewhere:
        '{{event}} hook runs `{{path}}`, which is not at {{repoPath}}: these settings are not at the repository root and no workflow here starts Claude in {{dir}}/, so the path resolves in whichever project a session is started in (a copy of {{dir}}/, for instance){{found}}; check that the script ships with these settings',
      relative:
        '{{event}} hook reaches `{{path}}` by a path relative to the working directory, which follows Claude\'s `cd`: from another directory the script is not found, and {{fails}}'
    }
  },
  check(ctx) {
    const { project } = ctx
    // The mode git records decides for every clone. When git cannot say, the
    // local bit counts, on a POSIX system only (a Windows checkout has none).
    const checkMode = project.files.git && process.platform !== 'win32'
    const isFile = (p: string): boolean => project.reader.statInside(p)?.isFile() === true
    for (const site of hookSites(project)) {
      const a = analyzeHook(site)
      if (!a) continue
      const event = site.handler.event
      const guard = GUARD_EVENTS.has(event)
      const seen = new Set<string>()
      for (const t of a.targets) {
        // This repository's script by one machine's absolute path: present there only (a personal
        // settings.local.json that git does not track may point wherever its owner likes).
        if (site.committed && isOutsideRepoTarget(t)) {
          const repoPath = checkoutPath(t, isFile)
          if (!repoPath || seen.has(repoPath)) continue
          seen.add(repoPath)
          const at = a.span(t.start, t.end)
          if (!at) continue
          const home = t.base === 'home'
          const personal = home || personalPaths(t.text).some((p) => p.start === 0)
          // The repository's copy is here to read: a hook on a blocking event is a guard only if its script tries to block.
          const info = scriptInfo(project, repoPath)
          const gate = guard && (info === undefined || isGuard(info))
          const rel = site.projectDir === '' ? repoPath : repoPath.startsWith(`${site.projectDir}/`) ? repoPath.slice(site.projectDir.length + 1) : undefined
          ctx.report({
            messageId: 'checkout',
            data: {
              event,
              path: t.text,
              repoPath,
              // Under the home directory: wherever someone put a copy there (an installer may), not everywhere.
              whose: home ? 'in the home directory of whoever put one there' : personal ? "on one person's machine" : 'on one machine',
              elsewhere: home ? 'in CI and for anyone without that copy' : personal ? 'for teammates and in CI' : 'wherever the repository is checked out at another place (CI, other machines)',
              fails: missingScriptFailure(t.interpreter, event, gate)
            },
            at,
            severity: personal && gate ? 'high' : 'medium',
            confidence: personal ? 'high' : 'medium',
            tip: rel
              ? `run it from the project: "$CLAUDE_PROJECT_DIR"/${rel}`
              : 'reference the script relative to the project ("$CLAUDE_PROJECT_DIR"/...) instead of by one checkout\'s absolute path'
          })
          continue
        }
        if (t.escapes || !t.repoPath) continue
        if (t.base !== 'project' && t.base !== 'gitroot' && t.base !== 'cwd' && t.base !== 'plugin') continue
        if (INSTALLED.test(t.repoPath) || seen.has(t.repoPath)) continue
        seen.add(t.repoPath)
        const at = a.span(t.start, t.end)
        if (!at) continue
        const fragile = t.base === 'cwd' && !t.anchored
        const tip = tipFor(t)
        const stat = project.reader.statInside(t.repoPath)
        // A script that is here to read is a guard only if it (or what it sources or imports) tries to
        // block; one that never does (it adds context, logs) loses its output, not a gate.
        // Read only when a finding is made.
        const repoPath = t.repoPath
        const judge = (): { gate: boolean; data: Record<string, string> } => {
          const blocks = guard && stat?.isFile() ? triesToBlock(project, repoPath) : undefined
          const gate = guard && blocks !== false
          const effect = gate
            ? 'the guard is silently gone'
            : guard
              ? 'the hook silently does nothing (its script never blocks, so no gate is lost, only what it adds or records)'
              : 'the hook silently does nothing'
          return { gate, data: { event, path: t.text, effect, fails: missingScriptFailure(t.interpreter, event, gate, effect) } }
        }
        if (
          (!stat || !stat.isFile()) &&
          site.source !== 'plugin' &&
          site.projectDir !== '' &&
          t.repoPath.startsWith(`${site.projectDir}/`) &&
          !startsClaudeIn(project, site.projectDir) &&
          (templateScope(site.file) !== undefined || holdsOnlyConfig(project.files.paths, site.projectDir))
        ) {
          // Settings below the root, in a template tree or a folder of configuration only, that no workflow
          // starts Claude in: what is known is only that the path does not resolve inside their folder, not
          // that the script is missing where they take effect.
          const rel = t.repoPath.slice(site.projectDir.length + 1)
          const found = shippedElsewhere(project, rel, t.repoPath)
          ctx.report({
            messageId: 'elsewhere',
            data: {
              ...judge().data,
              repoPath: t.repoPath,
              dir: site.projectDir,
              found: found ? `; the repository holds ${found.length === 1 ? 'it' : 'copies'} at ${found.slice(0, 3).join(', ')}${found.length > 3 ? ` and ${found.length - 3} more` : ''}` : ''
            },
            at,
            severity: found ? 'low' : guard ? 'medium' : 'low',
            confidence: 'medium',
            tip: 'ship the script at that path relative to the folder the settings are used in (or reference it from where it is installed); for a guard, also set "onFailure": "block" (Claude Code 2.1.295+)'
          })
          continue
        }
        if (!stat || !stat.isFile()) {
          ctx.report({
            messageId: 'missing',
            data: {
              ...judge().data,
              how: fragile ? ' (relative to the working directory)' : '',
              where: t.base === 'plugin' ? `plugin (${t.repoPath} does not exist)` : 'repository'
            },
            at,
            severity: guard ? 'high' : 'medium',
            tip
          })
          continue
        }
        if (project.isTracked(t.repoPath) === false) {
          const { gate, data } = judge()
          ctx.report({ messageId: 'untracked', data, at, severity: gate ? 'high' : 'medium', tip: 'commit the script (and check it is not matched by .gitignore)' })
          continue
        }
        // What git records is what every clone (CI included) checks out; the local bit only without it.
        // A script run by an interpreter need not be executable: no mode to ask git for.
        const mode = project.files.git && !t.interpreter ? indexMode(project, t.repoPath) : undefined
        const notExec = mode !== undefined ? mode === '100644' : checkMode && (stat.mode & 0o111) === 0
        if (!t.interpreter && notExec) {
          const { gate, data } = judge()
          ctx.report({
            messageId: 'notExecutable',
            data: {
              ...data,
              why:
                mode !== undefined
                  ? 'git records the file without the executable bit (mode 100644), so every clone, CI included, checks it out non-executable'
                  : 'the file is not executable'
            },
            at,
            severity: gate ? 'high' : 'medium',
            tip: `run \`git update-index --chmod=+x ${t.repoPath}\` (or \`chmod +x\`) and commit, or call it through its interpreter`
          })
          continue
        }
        if (fragile) {
          ctx.report({ messageId: 'relative', data: judge().data, at, severity: 'medium', confidence: 'medium', tip })
        }
      }
    }
  }
})

/** Whether a workflow names the folder (a `working-directory:` or `cd` there is how a Claude run would start in it). */
function startsClaudeIn(project: Project, dir: string): boolean {
  return project.workflows.some((w) => w.doc.file.text.includes(dir))
}

/** Other tracked files at the same path relative to some folder (`<x>/scripts/a.sh` for `scripts/a.sh`), at most 20. */
function shippedElsewhere(project: Project, rel: string, not: string): string[] | undefined {
  if (!rel || rel.startsWith('..')) return undefined
  const out = project.files.paths.filter((p) => p !== not && (p === rel || p.endsWith(`/${rel}`))).slice(0, 20)
  return out.length ? out : undefined
}

const MODES = new WeakMap<Project, Map<string, string | undefined>>()

/**
 * The mode git records for a tracked file (`100755`, `100644`, `120000`):
 * from the facts asked up front for `.claude/hooks/`, else asked now (a
 * script elsewhere, rare). Undefined when git does not know the file.
 */
function indexMode(project: Project, path: string): string | undefined {
  const known = project.gitFacts.hookModes?.get(path)
  if (known) return known
  let cache = MODES.get(project)
  if (!cache) MODES.set(project, (cache = new Map()))
  if (cache.has(path)) return cache.get(path)
  const out = gitOutputSync(project.root, ['ls-files', '-s', '-z', '--', `:(literal)${path}`], { maxBytes: 1 << 20, timeoutMs: 10_000 })
  const mode = out === undefined ? undefined : parseIndexModes(out).get(path)
  cache.set(path, mode)
  return mode
}

function tipFor(t: ScriptTarget): string {
  if (t.base === 'plugin')
    return 'ship the script in the plugin at that path (or fix the path under "${CLAUDE_PLUGIN_ROOT}"); for a guard, also set "onFailure": "block" (Claude Code 2.1.295+)'
  const rel = t.base === 'cwd' ? t.text.replace(/^\.\//, '') : undefined
  const anchored = rel ? `"$CLAUDE_PROJECT_DIR"/${rel}` : undefined
  return anchored
    ? `commit the script and reference it from the project root (${anchored}); for a guard, also set "onFailure": "block" (Claude Code 2.1.295+)`
    : 'commit the script at that path (or fix the path); for a guard, also set "onFailure": "block" (Claude Code 2.1.295+) so a hook that cannot start blocks instead of allowing'
}
