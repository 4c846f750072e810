/**
 * What depends on the version: one table of the behaviours of Claude Code and
 * of anthropics/claude-code-action that changed at a known release, each with
 * its version gate, its source (`../shared/reference/updates-2026-12.md`
 * unless said otherwise) and the conformance test that proves it against the
 * real client (`test/conformance/`, by id). A new release is one edit here.
 *
 * And the resolution of the version a rule judges: a claude-code-action pin
 * (a tag, or a commit SHA mapped to its release through the generated tag
 * table) to the Claude Code it runs, a workflow's
 * `@anthropic-ai/claude-code@X`, the `claude-code-version` configuration
 * option, else the newest known version. Rules say which one they assumed.
 */
import {
  CLAUDE_CODE_ACTION_RELEASES,
  CLAUDE_CODE_BASE_ACTION_RELEASES,
  type ReleaseRow
} from './claude-action-releases.js'
import type { ClaudeRun } from '../model/claude.js'
import type { Project } from '../model/project.js'

/** Which product a fact is about. */
export type Product = 'claude-code' | 'claude-code-action'

/** One behaviour that holds from a release on. */
export interface VersionFact {
  product: Product
  /** First release where the behaviour holds (`x.y.z`). */
  since: string
  /** What holds from `since` on. */
  holds: string
  /** Where it is written (changelog entry, pull request, advisory). */
  source: string
  /** Id of the conformance test that checks it against the real client, when one can. */
  conformance?: string
  /** The client version a conformance run checked it on, when that is part of the fact. */
  checked?: string
}

/**
 * The newest Claude Code version the facts were checked against: Agent SDK
 * 0.3.337 (its types, 2026-12-04) bundles Claude Code 2.1.337.
 */
export const NEWEST_KNOWN_CLAUDE_CODE = '2.1.337'

/** Every version-dependent fact, by id. */
export const FACTS = {
  committedBypassIgnored: {
    product: 'claude-code',
    since: '2.1.257',
    holds:
      '`permissions.defaultMode: "bypassPermissions"` in `.claude/settings.json` or `.claude/settings.local.json` is ignored, like `"auto"`; flags, agent `permissionMode` and user/managed settings still work',
    source: 'Claude Code CHANGELOG 2.1.257 (gpambrozio/ClaudeDocs versions/2.1.257.md @96e4390)',
    conformance: 'project-bypass-mode-ignored'
  },
  permissionPromptsNone: {
    product: 'claude-code',
    since: '2.1.259',
    holds: '`--permission-prompts none` denies everything that would prompt while the permission mode keeps deciding',
    source: 'Claude Code CHANGELOG 2.1.259 (@3513aa7)'
  },
  printAutoModeOnThirdParty: {
    product: 'claude-code',
    since: '2.1.285',
    holds:
      '`claude -p` (and Python Agent SDK sessions) on Bedrock, Vertex or Foundry, or with telemetry off, start in `auto` mode when no permission mode is configured',
    // Third-party providers cannot be tried offline; for telemetry off see printTelemetryOffStartsDefault.
    source: 'Claude Code CHANGELOG 2.1.285 (@c46bbc2)'
  },
  printTelemetryOffStartsDefault: {
    product: 'claude-code',
    since: '0.0.0',
    holds:
      'with telemetry off (`DISABLE_TELEMETRY=1`, also `CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC=1`), `claude -p` with no permission mode started in `default` mode, not `auto`: the telemetry part of the 2.1.285 entry did not reproduce',
    source: 'npm run conformance against the pinned client',
    checked: '2.1.332',
    conformance: 'print-mode-telemetry-off-starts-in-default'
  },
  printWhenStdoutNotTty: {
    product: 'claude-code',
    since: '0.0.0',
    holds:
      '`claude` without `-p` runs in print mode whenever its stdout is not a TTY (piped, redirected, captured; every GitHub Actions step): the prompt is the operand and/or stdin, and `--output-format`, `--max-turns` (exit 1, `error_max_turns`), `--allowedTools`, the refusal of unapproved tools and untrusted-workspace handling behave as under `-p`; with no prompt it fails ("Input must be provided either through stdin or as a prompt argument when using --print"); with stdout a TTY it starts the interactive UI',
    source: '`claude --help` (2.1.332): "non-interactive mode (via -p, or when stdout is not a TTY, e.g. piped or redirected output)"; npm run conformance against the pinned client',
    checked: '2.1.332',
    conformance: 'print-mode-when-stdout-not-a-tty'
  },
  onFailureBlock: {
    product: 'claude-code',
    since: '2.1.295',
    holds:
      '`onFailure: "block"` on a command or HTTP hook blocks the action when the hook cannot start, times out or exits with an unexpected code; ignored on `async` hooks and on Stop, SubagentStop, TaskCompleted and TeammateIdle',
    source: 'Claude Code CHANGELOG 2.1.295 (@a03cac3); Agent SDK 0.3.337 `Settings` type',
    conformance: 'hook-on-failure-block'
  },
  hookExit1DoesNotBlock: {
    product: 'claude-code',
    since: '0.0.0',
    holds: 'a PreToolUse hook that exits 1 lets the tool call run; exit 2 blocks it',
    source: 'claude-code-surface.md §2; issue 18 (checked with 2.1.332)',
    conformance: 'hook-exit-1-does-not-block'
  },
  modelSwitchHookEvents: {
    product: 'claude-code',
    since: '2.1.251',
    holds: '`PreModelSwitch` and `PostModelSwitch` are hook events',
    source: 'Claude Code CHANGELOG 2.1.251 (@eebe172)'
  },
  interruptAndSkillShellHookEvents: {
    product: 'claude-code',
    // First seen in the SDK 0.3.337 HOOK_EVENTS; the release that added them is not known.
    since: '2.1.337',
    holds: '`Interrupt` and `PreSkillShellCommand` are hook events (35 in all)',
    source: 'Agent SDK 0.3.337 `HOOK_EVENTS` (= Claude Code 2.1.337, 2026-12-04)'
  },
  agentsMdFallback: {
    product: 'claude-code',
    since: '2.1.277',
    holds: 'in a project with no CLAUDE.md, Claude Code reads AGENTS.md instead (switchable in /config)',
    source: 'Claude Code CHANGELOG 2.1.277 (@2a4d445)',
    conformance: 'agents-md-fallback'
  },
  permissionRequestAgentHookInert: {
    product: 'claude-code',
    since: '2.1.280',
    holds: 'a PermissionRequest hook of `type: "agent"` no longer runs',
    source: 'Claude Code CHANGELOG 2.1.280 (@f777d4c)'
  },
  projectEnvOtelIgnored: {
    product: 'claude-code',
    since: '2.1.282',
    holds:
      'OpenTelemetry variables in project or local settings `env` that turn export on, set the endpoint or capture content are ignored',
    source: 'Claude Code CHANGELOG 2.1.282 (@2a4d445)'
  },
  projectEnvDirsIgnored: {
    product: 'claude-code',
    since: '2.1.251',
    holds:
      'project settings `env` cannot set `CLAUDE_CONFIG_DIR`, `CLAUDE_CODE_TMPDIR`, `TMPDIR`, `TMP` or `TEMP`, nor enable beta tracing or raw API body logging',
    source: 'Claude Code CHANGELOG 2.1.251 (@eebe172)'
  },
  projectEnvWindowsDirsIgnored: {
    product: 'claude-code',
    since: '2.1.285',
    holds: 'on Windows, project settings `env` cannot set `ALLUSERSPROFILE`, `SystemDrive` or `CommonProgramFiles`',
    source: 'Claude Code CHANGELOG 2.1.285 (@c46bbc2)'
  },
  parenPathRulesKept: {
    product: 'claude-code',
    since: '2.1.260',
    holds:
      'path rules whose path contains parentheses (Next.js `(group)` routes) are applied; before, they were silently dropped',
    source: 'Claude Code CHANGELOG 2.1.260 (@663b84b)'
  },
  midPatternColonStarKept: {
    product: 'claude-code',
    since: '2.1.282',
    holds: 'Bash rules in settings files with `:*` in the middle of the pattern are applied; before, they were skipped',
    source: 'Claude Code CHANGELOG 2.1.282 (@2a4d445)'
  },
  sdkMcpEntriesSkipped: {
    product: 'claude-code',
    since: '2.1.274',
    holds: '`"type": "sdk"` entries in `.mcp.json` or settings `mcpServers` are skipped',
    source: 'Claude Code CHANGELOG 2.1.274 (@2ea274e)'
  },
  ruleTextAfterParenInvalid: {
    product: 'claude-code',
    since: '2.1.260',
    holds: 'a permission rule with text after its closing `)` is invalid',
    source: 'Claude Code CHANGELOG 2.1.260 (@663b84b)'
  },
  execWrappersAlwaysPrompt: {
    product: 'claude-code',
    since: '2.1.113',
    holds:
      'a prefix allow rule never pre-approves what `find`, `watch`, `setsid`, `flock` or `ionice` start: `find` with `-exec`, `-execdir`, `-ok`, `-okdir`, `-delete`, `-fprint` or `-fprintf` is refused ("cannot be auto-allowed by a Bash(find:*) prefix rule"), and so is every `watch`, `setsid`, `flock` and `ionice` command ("runs its argument as a command — cannot be statically analyzed"); `tmux`, `screen` and `parallel` are not among them (`Bash(tmux *)` runs `tmux new-session -d <command>`)',
    source:
      'Claude Code permissions documentation ("Exec wrappers such as watch, setsid, ionice, and flock always prompt and cannot be auto-approved by a prefix rule like Bash(watch *). The same applies to find with -exec or -delete"; anthropics/claude-code#50134); the release found by running the real clients with `--allowedTools "Bash(find *)" …`: 2.1.112 ran `find … -exec`, `setsid`, `flock` and `ionice` commands, 2.1.113 refused them',
    conformance: 'exec-wrappers-always-prompt'
  },
  actionCve202566414Fixed: {
    product: 'claude-code-action',
    since: '1.0.29',
    holds: 'CVE-2025-66414 / GHSA-w48q-cv73-mx4w is fixed',
    source: 'github/advisory-database PR 9187; claude-code-action commit c83d67a (#792), first tag v1.0.29'
  },
  actionPrMcpJsonRestored: {
    product: 'claude-code-action',
    // The fix (#1066, restore .claude/ and .mcp.json from the base branch) is first
    // tagged in v1.0.74; a downstream PR cites 1.0.78 for CVE-2026-47751. The later
    // of the two is taken as the first fixed release.
    since: '1.0.78',
    holds: "CVE-2026-47751 / GHSA-8q5r-mmjf-575q is fixed: a pull request's `.mcp.json` and `.claude/` no longer run on the runner",
    source: 'GHSA-8q5r-mmjf-575q; Tenable TRA-2026-27; twentyhq/twenty PR 21499 (1.0.78); claude-code-action #1066 (first tag v1.0.74)'
  },
  actionClaudeArgsShellCharsKept: {
    product: 'claude-code-action',
    since: '1.0.149',
    holds:
      '`claude_args` keeps `( ) | & ; < >` and glob characters as word characters: an unquoted `Bash(gh pr:*)` passes whole, and an unquoted rule with blanks (`Bash(gh issue *)`) is split only at the blanks, into fragments (`Bash(gh`, `issue`, `*)`) that match no tool; before, shell-quote dropped them as operators and globs, so the rule reached Claude Code as bare `Bash`',
    source: 'claude-code-action PR 1350 (commit a5e5d3b, base-action/src/parse-sdk-options.ts), first tag v1.0.149'
  },
  actionWorkflowRunActorCheck: {
    product: 'claude-code-action',
    since: '1.0.185',
    holds: 'the write-permission check on the triggering actor applies to `workflow_run`',
    source: 'claude-code-action PR 1590, first tag v1.0.185'
  },
  actionMaxTurnsEnforced: {
    product: 'claude-code-action',
    since: '1.0.188',
    holds: '`--max-turns` in `claude_args` is enforced (mapped to the SDK `maxTurns`, the run fails when exceeded)',
    source: 'claude-code-action issue 1577, PR 1607, first tag v1.0.188'
  },
  actionCheckoutCredentialsCleaned: {
    product: 'claude-code-action',
    since: '1.0.197',
    holds:
      'the checkout credential that actions/checkout v6 (v5.0.1, v4.3.1) keeps in a file under RUNNER_TEMP is removed before Claude runs',
    source: 'claude-code-action PR 1526 (fixes 1510), first tag v1.0.197'
  }
} as const satisfies Record<string, VersionFact>

/** A fact's id. */
export type FactId = keyof typeof FACTS

// ---------------------------------------------------------------- versions

/** `[major, minor, patch]` of `x.y.z` (a leading `v` allowed), or undefined. */
export function parseVersion(v: string): [number, number, number] | undefined {
  const m = /^v?(\d+)\.(\d+)\.(\d+)$/.exec(v.trim())
  return m ? [Number(m[1]), Number(m[2]), Number(m[3])] : undefined
}

/** Negative, zero or positive as `a` is older than, equal to or newer than `b` (both `x.y.z`). */
export function compareVersions(a: string, b: string): number {
  const x = parseVersion(a) ?? [0, 0, 0]
  const y = parseVersion(b) ?? [0, 0, 0]
  return x[0] - y[0] || x[1] - y[1] || x[2] - y[2]
}

/** Whether a fact holds at a version of its product. */
export function holdsAt(fact: FactId, version: string): boolean {
  return compareVersions(version, FACTS[fact].since) >= 0
}

// ---------------------------------------------------------------- action releases

/** A claude-code-action (or base-action) release that a `uses:` ref resolves to. */
export interface ActionRelease {
  repo: 'anthropics/claude-code-action' | 'anthropics/claude-code-base-action'
  /** `x.y.z`. */
  version: string
  /**
   * How it was resolved: the tag as written, the commit SHA it was looked up
   * from, or a moving ref (`v1`, `main`) taken as the newest release it points at today.
   */
  via: 'tag' | 'commit' | 'moving'
  /** The Claude Code version the release runs, when known. */
  claudeCode?: string
}

function index(rows: readonly ReleaseRow[]): { byCommit: Map<string, ReleaseRow>; byVersion: Map<string, ReleaseRow> } {
  const byCommit = new Map<string, ReleaseRow>()
  const byVersion = new Map<string, ReleaseRow>()
  for (const r of rows) {
    // Two tags on one commit: the first (oldest) release that shipped it.
    if (!byCommit.has(r[1])) byCommit.set(r[1], r)
    byVersion.set(r[0].slice(1), r)
  }
  return { byCommit, byVersion }
}

let tables: { action: ReturnType<typeof index>; base: ReturnType<typeof index> } | undefined

/**
 * The release a `uses:` value of the Claude action names: an exact version
 * tag (`@v1.0.28`, `@1.0.28`) or a full commit SHA that a release tag points
 * at. `anthropics/claude-code-action/base-action@ref` is released with the
 * action's tags; `anthropics/claude-code-base-action@ref` with its own.
 * Moving refs (`v1`, `main`, `beta`) and commits no release points at are
 * undefined: they are not one release.
 */
export function actionRelease(uses: string | undefined): ActionRelease | undefined {
  const m = uses && /^anthropics\/(claude-code-action|claude-code-base-action)(\/base-action)?@([^\s@]+)$/i.exec(uses.trim())
  if (!m) return undefined
  tables ??= { action: index(CLAUDE_CODE_ACTION_RELEASES), base: index(CLAUDE_CODE_BASE_ACTION_RELEASES) }
  const repo: ActionRelease['repo'] =
    m[1].toLowerCase() === 'claude-code-base-action' ? 'anthropics/claude-code-base-action' : 'anthropics/claude-code-action'
  const t = repo === 'anthropics/claude-code-base-action' ? tables.base : tables.action
  const ref = m[3]
  const parsed = parseVersion(ref)
  if (parsed) {
    const version = parsed.join('.')
    const row = t.byVersion.get(version)
    return { repo, version, via: 'tag', ...(row?.[2] ? { claudeCode: row[2] } : {}) }
  }
  if (!/^[0-9a-f]{40}$/i.test(ref)) return undefined
  const row = t.byCommit.get(ref.toLowerCase())
  return row ? { repo, version: row[0].slice(1), via: 'commit', ...(row[2] ? { claudeCode: row[2] } : {}) } : undefined
}

/**
 * Moving refs of anthropics/claude-code-action that follow every release: the
 * `v1` tag and the default branch. (`v0` and `beta` are frozen pre-v1 refs.)
 */
const MOVING_ACTION_REFS = new Set(['v1', 'main'])

/**
 * The release a `uses:` value of the Claude action runs today: {@link actionRelease}
 * for a tag or a release commit, and for a moving ref that follows every release
 * (`@v1`, `@main`, also `/base-action@v1`) the newest release known.
 */
export function actionReleaseToday(uses: string | undefined): ActionRelease | undefined {
  const pinned = actionRelease(uses)
  if (pinned) return pinned
  const m = uses && /^anthropics\/claude-code-action(\/base-action)?@([^\s@]+)$/i.exec(uses.trim())
  if (!m || !MOVING_ACTION_REFS.has(m[2])) return undefined
  const row = CLAUDE_CODE_ACTION_RELEASES[CLAUDE_CODE_ACTION_RELEASES.length - 1]
  return { repo: 'anthropics/claude-code-action', version: row[0].slice(1), via: 'moving', ...(row[2] ? { claudeCode: row[2] } : {}) }
}

/** Whether the Claude action a `uses:` value names runs, today, a release where a fact holds; undefined when not known. */
export function actionHolds(fact: FactId, uses: string | undefined): boolean | undefined {
  const rel = actionReleaseToday(uses)
  if (!rel) return undefined
  // The separate claude-code-base-action repository has its own numbering and stopped at v0.0.63, before every action fact.
  if (rel.repo === 'anthropics/claude-code-base-action') return false
  return holdsAt(fact, rel.version)
}

// ---------------------------------------------------------------- Claude Code version

/** The Claude Code version a rule judges, and why that one. */
export interface AssumedVersion {
  version: string
  /** Where it came from, for messages: "claude-code-action v1.0.200 runs it", "assumed: newest known". */
  basis: string
  /** Whether the version is known (pinned or configured) rather than assumed. */
  known: boolean
}

const CLAUDE_CODE_PKG = /^@anthropic-ai\/claude-code@(\d+\.\d+\.\d+)$/

/**
 * The exact Claude Code version a `claude -p` run installs or starts: the
 * `npx @anthropic-ai/claude-code@X` word itself, or an earlier
 * `npm install -g @anthropic-ai/claude-code@X` (also `npm i`, `pnpm add`,
 * `bun add`, `yarn global add`) in a step of the same job.
 */
export function installedClaudeCode(run: ClaudeRun): string | undefined {
  for (const w of run.command?.args ?? []) {
    const m = CLAUDE_CODE_PKG.exec(w.text)
    if (m) return m[1]
  }
  let found: string | undefined
  for (const step of run.job.steps) {
    if (step.index > run.step.index) break
    if (!step.run || !step.run.includes('@anthropic-ai/claude-code@')) continue
    for (const m of step.run.matchAll(/@anthropic-ai\/claude-code@(\d+\.\d+\.\d+)(?![\w.-])/g)) found = m[1]
  }
  return found
}

/** The Claude Code version one workflow run uses, when the workflow fixes it. */
export function runClaudeCode(run: ClaudeRun): AssumedVersion | undefined {
  if (run.kind === 'cli') {
    const v = installedClaudeCode(run)
    return v ? { version: v, basis: `${run.workflow.path} installs @anthropic-ai/claude-code@${v}`, known: true } : undefined
  }
  // A custom executable replaces the Claude Code the release would install.
  if (run.step.with.path_to_claude_code_executable !== undefined) return undefined
  const rel = actionRelease(run.step.uses)
  if (!rel?.claudeCode) return undefined
  const name = rel.repo.slice('anthropics/'.length)
  return { version: rel.claudeCode, basis: `${run.workflow.path} pins ${name} v${rel.version}, which runs Claude Code ${rel.claudeCode}`, known: true }
}

/** The configured version (`claude-code-version` in the configuration file), or the newest known. */
export function defaultClaudeCode(project: Pick<Project, 'options'>): AssumedVersion {
  const configured = project.options.claudeCodeVersion
  if (configured) return { version: configured, basis: `claude-code-version ${configured} in the configuration`, known: true }
  return { version: NEWEST_KNOWN_CLAUDE_CODE, basis: `assumed the newest known Claude Code, ${NEWEST_KNOWN_CLAUDE_CODE}`, known: false }
}

/** The version a run uses: pinned by the workflow, else configured, else the newest known. */
export function claudeCodeForRun(project: Project, run: ClaudeRun): AssumedVersion {
  return runClaudeCode(run) ?? defaultClaudeCode(project)
}

/**
 * The oldest Claude Code version known to read the repository's committed
 * files: the configured one and those the workflows pin (CI reads the same
 * `.claude/settings.json`); else the newest known, assumed.
 */
export function oldestClaudeCode(project: Project): AssumedVersion {
  let oldest: AssumedVersion | undefined = project.options.claudeCodeVersion ? defaultClaudeCode(project) : undefined
  for (const run of project.claudeRuns) {
    const v = runClaudeCode(run)
    if (v && (!oldest || compareVersions(v.version, oldest.version) < 0)) oldest = v
  }
  return oldest ?? defaultClaudeCode(project)
}
