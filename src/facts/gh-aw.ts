/**
 * What GitHub Agentic Workflows (gh-aw) does with the frontmatter of a
 * `.github/workflows/<name>.md` source, as far as the audit's judgments of
 * the Claude engine depend on it. Data only: each fact states what holds, in
 * which gh-aw releases where that matters, and where it is written (the gh-aw
 * documentation and compiler source at the commit read, or a compiled lock
 * file seen in a public repository). The rules that use a fact name it; what
 * the audit deliberately does not report is in docs/gh-aw.md.
 */

/** One fact about gh-aw, with where it is written. */
export interface GhAwFact {
  /** What holds. */
  holds: string
  /** Where it is written (URLs at the commit that was read). */
  sources: readonly string[]
}

const DOCS = 'https://github.com/github/gh-aw/blob'

/** Every gh-aw fact a rule relies on, by id. */
export const GH_AW_FACTS = {
  bashGrants: {
    holds:
      '`tools.bash` is compiled into Claude\'s `--allowed-tools`: a list holding `":*"` or `"*"` (anywhere), `bash: true`, or any value that is not a list becomes bare `Bash` (every command); a list of commands becomes one `Bash(<command>)` rule each, merged with the safe defaults; `bash: false` or `[]` gives no shell; `bash:` with no value gets the safe defaults (echo, printf, ls, pwd, cat, head, tail, grep, wc, sort, uniq, date, yq); with the agent sandbox on, an absent `bash` becomes `["*"]` (and `edit` is added)',
    sources: [
      `${DOCS}/013eaf356626f164968420ebf54b1d7473cbd119/docs/src/content/docs/reference/tools.md#bash-tool-bash`,
      `${DOCS}/38cc6d6c976da4b1728181fdd7121513f681c6ad/pkg/workflow/claude_tools.go (appendClaudeBashTools, hasBashWildcard)`,
      `${DOCS}/4f3089e16a6909b4b07d0a5857380224dad2d36e/pkg/workflow/tools.go (applySandboxDefaultTools, applyBashDefaultCommands)`
    ]
  },
  agentUnattended: {
    holds:
      'the agent step starts Claude Code non-interactively with the compiled `--allowed-tools` list and `--permission-mode bypassPermissions`: nothing asks before an allowed command runs',
    sources: [
      'nicholls-inc/claude-agent-kit@643bc4c .github/workflows/daily-test-improver.lock.yml (compiled by gh-aw v0.49.0), step `agentic_execution` of job `agent`'
    ]
  },
  agentFirewall: {
    holds:
      'the agent sandbox (AWF, `sandbox.agent: awf`) is on by default and limits the agent container\'s egress to the `network:` allow-list (`defaults` when `network:` is absent, nothing with `network: {}`); `sandbox.agent: false` turns it off (it needs `features.dangerously-disable-sandbox-agent: true` and `strict: false`), after which "the agent can make unrestricted network requests"; compiled lock files run the agent as `sudo -E awf --allow-domains … -- … claude …`',
    sources: [
      `${DOCS}/471bb38b15d38261902d4e934050768f3529504a/docs/src/content/docs/reference/sandbox.md#coding-agent-sandbox`,
      `${DOCS}/487fafd663107a157f6806cc9d30b6ce9e802a61/docs/src/content/docs/reference/network.md#disabling-the-firewall`
    ]
  },
  legacyNetworkHook: {
    holds:
      'lock files compiled by early gh-aw releases run Claude through `anthropics/claude-code-base-action` on the runner itself; their `network:` allow-list is a PreToolUse hook on `WebFetch|WebSearch` only, so shell commands reach any host',
    sources: ['githubnext/gh-aw-copilots@0105df1 .github/workflows/test-claude-create-issue.lock.yml (steps "Generate Claude Settings", "Execute Claude Code Action")']
  },
  turnAndCreditCaps: {
    holds:
      'the turn cap is the top-level `max-turns` (`engine.max-turns` and the top-level `max-runs` are deprecated aliases); current releases default it to 500 turns and `max-ai-credits` to 1000 AI credits (about $10) per run, and compile it into the lock file (`GH_AW_MAX_TURNS`, `--max-turns`); older lock files carry a cap only when one was written',
    sources: [
      `${DOCS}/0d6c1a723fe0ca53abef5a8f4cceeec0d7f37501/docs/src/content/docs/reference/frontmatter.md#turn-limit-max-turns`,
      `${DOCS}/09939d593fa350d9665882df3518829f50543ccd/docs/src/content/docs/reference/cost-management.md#cap-turns-per-run`
    ]
  },
  agentTimeout: {
    holds:
      '`timeout-minutes` bounds the agentic step and defaults to 20 minutes; the generated agent job defaults to 60 minutes: an agentic workflow never runs on GitHub\'s 360-minute default',
    sources: [
      `${DOCS}/0d6c1a723fe0ca53abef5a8f4cceeec0d7f37501/docs/src/content/docs/reference/frontmatter.md#run-configuration-run-name-runs-on-runs-on-slim-timeout-minutes`,
      `${DOCS}/09939d593fa350d9665882df3518829f50543ccd/docs/src/content/docs/reference/cost-management.md#prevent-runaway-costs-from-agents`
    ]
  },
  roles: {
    holds:
      '`roles` (now `on.roles`; the top-level key is the older place) is an exact-match allow-list of the actor\'s repository role, default `[admin, maintainer, write]`; `all` admits anyone',
    sources: [
      `${DOCS}/0cf9f7cf3809f571f9dc73edb1f0e4bfdf0afe77/docs/src/content/docs/reference/triggers.md#filtering-by-repository-access-roles-onroles-onskip-roles`
    ]
  },
  safeOutputs: {
    holds:
      'the agent job runs read-only; each `safe-outputs:` entry is carried out by a separate job holding only that write permission, after threat detection, at most `max` times (1 for most types, e.g. `create-pull-request`, `push-to-pull-request-branch`, `add-comment`, `update-issue`)',
    sources: [`${DOCS}/02adb4dd33c089aedee7e06fa2680e55cc81ee36/docs/src/content/docs/reference/safe-outputs.md#why-safe-outputs`]
  },
  strictMode: {
    holds:
      '`strict:` defaults to `true` in current releases (older ones defaulted to `false`): it refuses write scopes under `permissions:`, `sandbox.agent: false`, secrets in workflow `env:`; a workflow compiled with `strict: false` fails at run time in a public repository',
    sources: [`${DOCS}/0d6c1a723fe0ca53abef5a8f4cceeec0d7f37501/docs/src/content/docs/reference/frontmatter.md#strict-mode-strict`]
  },
  engineEnv: {
    holds:
      '`engine.env` is compiled into the `env:` of the agent step (and of the threat-detection step), which runs the agent as `sudo -E awf --env-all …`, so it reaches Claude Code; an `ANTHROPIC_BASE_URL` there is also compiled into AWF\'s API proxy target (`--anthropic-api-target <host>`), which adds the `ANTHROPIC_API_KEY` secret to each request it forwards',
    sources: [
      'strawgate/o11yfleet-installers@89a37ae .github/workflows/ci-doctor.lock.yml (compiled from ci-doctor.md with `engine.env.ANTHROPIC_BASE_URL`), step `agentic_execution` of job `agent`'
    ]
  },
  githubTools: {
    holds:
      '`tools.github` is for reading (toolsets `context`, `repos`, `issues`, `pull_requests`, `users` by default); writes to GitHub go through safe outputs',
    sources: [`${DOCS}/e17a3426871832f3e9fc8a76ef88510638f0157e/docs/src/content/docs/reference/github-tools.md`]
  }
} as const satisfies Record<string, GhAwFact>

/** `tools.bash` entries that compile to bare `Bash` (every command). */
export const BASH_WILDCARDS: ReadonlySet<string> = new Set([':*', '*'])

/** The step id of the agent run in every compiled lock file seen (`agentic_execution`). */
export const AGENT_STEP_ID = 'agentic_execution'

/** The job that re-runs the engine on the agent's output to look for threats (same step id); not the agent. */
export const DETECTION_JOB = 'detection'
