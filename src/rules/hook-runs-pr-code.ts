/**
 * hook-runs-pr-code: a committed hook (its command, or a restored script under
 * `.claude/` it runs) calls a repository build entry point outside `.claude/`
 * (`npm run`, `npx`, `make`, `./scripts/...`, ...) while a workflow runs
 * claude-code-action on pull-request events. Since v1.0.74 the
 * action restores `.claude/` (and `.mcp.json`, `CLAUDE.md`, `.husky/`) from the
 * base branch before Claude starts, so the hook itself is trusted; but
 * package.json, the Makefile and `scripts/` stay at the pull request's head, so
 * the trusted hook executes code the pull request controls, on the runner,
 * next to the workflow's secrets (beyond the checklist).
 * Docs: docs/rules/hook-runs-pr-code.md
 */
import { defineRule } from './rule.js'
import type { ShellWord } from '../shell/parse.js'
import { analyzeHook, baseName, hookSites, type HookSite } from '../analysis/hook-scripts.js'
import { settingSources, type ClaudeRun } from '../model/claude.js'
import { hookUses, reachable, scriptInfo, spanOf, type Loc, type ScriptInfo } from '../analysis/hook-guards.js'

/** Events on which the action runs against a pull request's head. */
const PR_EVENTS = ['pull_request', 'pull_request_target', 'pull_request_review', 'pull_request_review_comment', 'issue_comment']

/** Paths the action restores from the base branch (act-src restore-config.ts). */
const RESTORED = /^(?:\.claude|\.husky)\//

const NPM_RUNS = new Set(['run', 'run-script', 'rum', 'urn', 'test', 't', 'tst', 'start', 'stop', 'restart', 'exec', 'x', 'install', 'i', 'in', 'ci', 'add', 'install-test', 'it', 'install-ci-test', 'cit', 'rebuild', 'rb'])
/** pnpm/yarn/bun subcommands that run nothing from the project. */
const PM_SAFE = new Set(['dlx', 'list', 'ls', 'why', 'outdated', 'audit', 'view', 'info', 'store', 'config', 'root', 'bin', 'help', 'login', 'logout', 'whoami', 'version', 'pm', 'upgrade', 'cache', 'licenses', 'npm', 'search'])
const CARGO_RUNS = new Set(['build', 'b', 'check', 'c', 'test', 't', 'run', 'r', 'clippy', 'bench', 'doc', 'd', 'install'])
const RUNNER_PREFIX: Record<string, string> = { uv: 'run', poetry: 'run', pipenv: 'run', pdm: 'run', rye: 'run', hatch: 'run' }

interface EntryPoint {
  /** The word to point at. */
  word: ShellWord
  label: string
  /** What stays at the PR head. */
  what: string
  confidence: 'high' | 'medium'
}

export default defineRule({
  meta: {
    id: 'hook-runs-pr-code',
    checklistItems: [],
    area: 'hooks',
    severity: 'medium',
    confidence: 'high',
    description: 'hook runs pull-request code while Claude runs on pull requests',
    messages: {
      entry:
        '{{event}} hook runs `{{entry}}`, but {{workflow}} runs Claude on {{events}}: the action restores `.claude/` from the base branch, not {{what}}, so a pull request decides what this hook executes on the runner',
      scriptEntry:
        '{{event}} hook script `{{script}}` runs `{{entry}}`, but {{workflow}} runs Claude on {{events}}: the action restores the script from the base branch, not {{what}}, so a pull request decides what this hook executes on the runner'
    }
  },
  check(ctx) {
    const { project } = ctx
    const prRuns = project.claudeRuns.filter(
      // A fork or wrapper may not restore `.claude/` as the action does: only anthropics' own action is judged.
      (r) => r.kind === 'action' && r.major === 'v1' && !r.fork && PR_EVENTS.some((e) => r.workflow.triggers.has(e))
    )
    if (!prRuns.length) return
    // `--setting-sources user` (no `project`) keeps the repository's settings, and so its hooks, out of the run.
    const runsLoading = (site: HookSite): ClaudeRun[] =>
      prRuns.filter((r) => {
        if (!mayHaveCheckout(r)) return false
        const sources = settingSources(r)
        return !sources || sources.has(site.source === 'settings' && site.settings?.scope === 'local' ? 'local' : 'project')
      })
    const about = (runs: ClaudeRun[]): { wf: string; events: string } => {
      const wf = runs[0].workflow
      return { wf: wf.path, events: PR_EVENTS.filter((e) => wf.triggers.has(e)).map((e) => `\`${e}\``).join(', ') }
    }
    const TIP =
      'move the logic into a script under .claude/hooks/ (restored from the base branch), or skip the hook in CI (e.g. exit early when "$GITHUB_ACTIONS" is set); do not run package scripts, make targets or repository scripts from hooks on pull-request runs'
    // Restored scripts the hooks run: they are trusted, but what they call may not be.
    const done = new Set<string>()
    for (const use of hookUses(project)) {
      const site = use.site
      // A plugin's hooks run only where someone enabled the plugin, from the plugin's installed copy.
      if (site.projectDir !== '' || !site.committed || site.source === 'plugin') continue
      const runs = runsLoading(site)
      if (!runs.length) continue
      const { wf, events } = about(runs)
      for (const s of use.scripts) {
        if (!RESTORED.test(s.path)) continue // run directly from the PR head: reported at the hook command below
        for (const path of reachable(project, s.path)) {
          if (!RESTORED.test(path) || done.has(path)) continue
          done.add(path)
          const info = scriptInfo(project, path)
          const hit = info ? scriptEntryPoint(info) : undefined
          if (!info || !hit) continue
          ctx.report({
            messageId: 'scriptEntry',
            data: { event: site.handler.event, script: path, entry: hit.label, workflow: wf, events, what: hit.what },
            at: spanOf(info, hit),
            confidence: hit.confidence,
            tip: TIP
          })
        }
      }
    }
    for (const site of hookSites(project)) {
      // The action starts Claude at the repository root: only the root project's hooks load.
      if (site.projectDir !== '' || !site.committed || site.source === 'plugin') continue
      const runs = runsLoading(site)
      if (!runs.length) continue
      const { wf, events } = about(runs)
      const a = analyzeHook(site)
      if (!a) continue
      const found: { start: number; end: number; e: Omit<EntryPoint, 'word'> }[] = []
      for (const t of a.targets) {
        if (t.escapes || !t.repoPath || RESTORED.test(t.repoPath)) continue
        if (t.base !== 'project' && t.base !== 'gitroot' && t.base !== 'cwd') continue
        found.push({ start: t.start, end: t.end, e: { label: t.text, what: `\`${t.repoPath}\``, confidence: 'high' } })
      }
      for (const { cmd, shift, fallback } of a.commands) {
        const ep = entryPoint(cmd.args)
        if (!ep) continue
        const pos = fallback ?? { start: ep.word.start + shift, end: ep.word.end + shift }
        found.push({ ...pos, e: { label: ep.label, what: ep.what, confidence: ep.confidence } })
      }
      if (!found.length) continue
      found.sort((x, y) => x.start - y.start)
      const first = found[0]
      const at = a.span(first.start, first.end)
      if (!at) continue
      ctx.report({
        messageId: 'entry',
        data: { event: site.handler.event, entry: first.e.label, workflow: wf, events, what: first.e.what },
        at,
        confidence: first.e.confidence,
        tip: TIP
      })
    }
  }
})

/**
 * Whether the repository may be in the job's workspace when Claude starts, so its project
 * settings and hooks with it: a step before the Claude step checks out or clones (an action
 * named `checkout`, a local action, a script that runs `git` or `gh`). A job without any starts
 * Claude in an empty workspace, where no project hook exists. A run reached through a local
 * action or a script is taken to have one.
 */
function mayHaveCheckout(run: ClaudeRun): boolean {
  if (run.via.length > 0) return true
  const at = run.job.steps.indexOf(run.step)
  if (at < 0) return true
  return run.job.steps.slice(0, at).some((s) => {
    const uses = s.uses?.trim()
    if (uses && (/checkout/i.test(uses) || uses.startsWith('./') || uses.startsWith('docker://'))) return true
    return typeof s.run === 'string' && /(?:^|[^\w-])(?:git|gh)(?![\w-])/.test(s.run)
  })
}

/**
 * The first place a restored hook script hands control to code the pull
 * request controls: a repository script outside the restored folders that it
 * runs or imports, or (shell) a build entry point such as `npm run lint`.
 */
function scriptEntryPoint(info: ScriptInfo): (Loc & Omit<EntryPoint, 'word'>) | undefined {
  const found: (Loc & Omit<EntryPoint, 'word'>)[] = []
  for (const q of info.invokes) {
    const at = info.invokeAt.get(q)
    if (RESTORED.test(q) || !at) continue
    found.push({ ...at, label: info.file.text.slice(at.start, at.end).replace(/^["']|["']$/g, ''), what: `\`${q}\``, confidence: 'high' })
  }
  for (const c of info.shell?.commands ?? []) {
    const ep = entryPoint(c.args)
    if (ep) found.push({ start: ep.word.start, end: ep.word.end, label: ep.label, what: ep.what, confidence: ep.confidence })
  }
  found.sort((x, y) => x.start - y.start)
  return found[0]
}

/** Whether a command runs a build entry point the pull request controls. */
function entryPoint(words: ShellWord[]): EntryPoint | undefined {
  if (!words.length) return undefined
  const name = baseName(words[0].text)
  const operands = (from: number): ShellWord[] => words.slice(from).filter((w) => !w.text.startsWith('-'))
  const label = (n: number): string => words.slice(0, n).map((w) => w.text).join(' ')
  const sub = operands(1)[0]
  switch (name) {
    case 'npm':
      if (sub && NPM_RUNS.has(sub.text)) {
        const n = words.indexOf(sub) + (['run', 'run-script', 'rum', 'urn', 'exec', 'x'].includes(sub.text) ? 2 : 1)
        return { word: words[0], label: label(Math.min(n, words.length)), what: 'package.json', confidence: 'high' }
      }
      return undefined
    case 'npx':
    case 'pnpx':
    case 'bunx': {
      const pkg = operands(1)[0]
      if (!pkg || /^[./$~]/.test(pkg.text)) return undefined // a file: reported as a script target
      return { word: words[0], label: `${name} ${pkg.text}`, what: 'package.json and the installed node_modules it resolves local binaries from', confidence: 'medium' }
    }
    case 'pnpm':
    case 'yarn':
    case 'bun': {
      if (!sub) return name === 'yarn' ? { word: words[0], label: 'yarn', what: 'package.json (install scripts)', confidence: 'high' } : undefined
      if (PM_SAFE.has(sub.text) || sub.text.includes('/')) return undefined
      if (name === 'bun' && /\.[cm]?[jt]sx?$/.test(sub.text)) return undefined // a file: reported as a script target
      const n = words.indexOf(sub) + (['run', 'exec', 'x'].includes(sub.text) ? 2 : 1)
      return { word: words[0], label: label(Math.min(n, words.length)), what: 'package.json', confidence: 'high' }
    }
    case 'make':
    case 'gmake':
      return { word: words[0], label: label(sub ? words.indexOf(sub) + 1 : 1), what: 'the Makefile', confidence: 'high' }
    case 'just':
      return { word: words[0], label: label(sub ? words.indexOf(sub) + 1 : 1), what: 'the justfile', confidence: 'high' }
    case 'rake':
      return { word: words[0], label: label(sub ? words.indexOf(sub) + 1 : 1), what: 'the Rakefile', confidence: 'high' }
    case 'gradle':
    case 'mvn':
      return { word: words[0], label: label(sub ? words.indexOf(sub) + 1 : 1), what: 'the build files', confidence: 'high' }
    case 'cargo':
      if (sub && CARGO_RUNS.has(sub.text)) {
        return { word: words[0], label: label(words.indexOf(sub) + 1), what: 'Cargo.toml and its build scripts', confidence: 'medium' }
      }
      return undefined
    case 'pytest':
    case 'tox':
    case 'nox':
      return { word: words[0], label: name, what: name === 'pytest' ? 'conftest.py and the tests' : `the ${name} configuration`, confidence: 'medium' }
    default:
      break
  }
  if (/^python(?:\d+(?:\.\d+)*)?$/.test(name)) {
    const m = words.findIndex((w) => w.text === '-m')
    const mod = m > 0 ? words[m + 1]?.text : undefined
    if (mod === 'pytest' || mod === 'tox' || mod === 'nox') {
      return { word: words[0], label: `${words[0].text} -m ${mod}`, what: mod === 'pytest' ? 'conftest.py and the tests' : `the ${mod} configuration`, confidence: 'medium' }
    }
    return undefined
  }
  const runSub = Object.hasOwn(RUNNER_PREFIX, name) ? RUNNER_PREFIX[name] : undefined
  if (runSub && words[1]?.text === runSub) {
    // `uv run pytest`, `poetry run make`: what follows the runner's options.
    let i = 2
    while (i < words.length && words[i].text.startsWith('-')) i += /^--(with|python|project|directory|env-file|extra|group|from|package)$/.test(words[i].text) || /^-[pCe]$/.test(words[i].text) ? 2 : 1
    const inner = entryPoint(words.slice(i))
    return inner ? { ...inner, word: words[0], label: `${label(i)} ${inner.label}` } : undefined
  }
  return undefined
}
