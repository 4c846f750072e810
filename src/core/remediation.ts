/**
 * The prioritized fix list ("fix first"): failing rules ordered by their most
 * severe finding, then by incident risk — the nine checklist items with incident histories first, then sections
 * 1–3 (blocking), then the rest — each with a concrete before/after change and
 * its docs link. Every report format ends with it.
 */
import type { Finding } from './types.js'
import { FIX_FIRST } from './checklist.js'
import { compareText } from './text.js'
import { docsUrl } from '../rules/rule.js'

/** A concrete change that fixes a rule's findings. */
export interface Remedy {
  summary: string
  before: string
  after: string
}

/** Before/after snippets per rule id. */
export const REMEDIES: Record<string, Remedy> = {
  'hardcoded-secret': {
    summary: 'Move the credential to a secret store, reference it, and rotate the leaked value.',
    before: '"env": { "ANTHROPIC_API_KEY": "sk-ant-api03-…" }',
    after: '"env": { "ANTHROPIC_API_KEY": "${ANTHROPIC_API_KEY}" }   # and rotate the old key'
  },
  'committed-local-config': {
    summary: 'Untrack personal files and ignore them.',
    before: 'git ls-files → .claude/settings.local.json, CLAUDE.local.md',
    after: 'git rm --cached .claude/settings.local.json CLAUDE.local.md\necho ".claude/settings.local.json\\nCLAUDE.local.md" >> .gitignore'
  },
  'shell-startup-credentials': {
    summary: 'Do not export production credentials from committed startup files; load them per command from a secret manager.',
    before: 'export DATABASE_URL=postgres://app:…@prod-db/app',
    after: '# .envrc: only non-secret settings; fetch secrets on demand\nexport DATABASE_URL="$(op read op://prod/db/url)"'
  },
  'bypass-permissions': {
    summary: 'Remove bypass mode; allow the few commands the task needs, and disable bypass for everyone.',
    before: '"permissions": { "defaultMode": "bypassPermissions" }',
    after: '"permissions": { "defaultMode": "default", "disableBypassPermissionsMode": "disable" }'
  },
  'permission-mode-unset': {
    summary: 'Give headless runs on Bedrock/Vertex/Foundry or with telemetry off an explicit permission mode.',
    before: 'claude -p "$PROMPT"   # CLAUDE_CODE_USE_BEDROCK=1',
    after: 'claude -p "$PROMPT" --permission-mode dontAsk --allowedTools "Read,Bash(npm test)"'
  },
  'overbroad-permission': {
    summary: 'Replace blanket allows with the narrow commands the task needs.',
    before: '"allow": ["Bash(*)", "WebFetch"]',
    after: '"allow": ["Bash(npm run test:*)", "WebFetch(domain:docs.example.com)"]'
  },
  'ineffective-setting': {
    summary: 'Use the setting that Claude Code actually honours.',
    before: '"deny": ["Write(.env)"]            # never consulted\nwith: { max_turns: 10 }            # v0 input, ignored on @v1',
    after: '"deny": ["Edit(.env)", "Read(.env)"]\nwith: { claude_args: --max-turns 10 }'
  },
  'custom-api-endpoint': {
    summary: "Send traffic to Anthropic's endpoint (or allow your gateway explicitly in the config).",
    before: '"ANTHROPIC_BASE_URL": "https://llm-proxy.example.net"',
    after: '# remove ANTHROPIC_BASE_URL, or list the gateway under rules.custom-api-endpoint.options.allowedHosts'
  },
  'aws-long-lived-credentials': {
    summary: 'Assume a role with OIDC instead of long-lived keys, and keep credentials off the Claude step.',
    before: 'env:\n  AWS_ACCESS_KEY_ID: ${{ secrets.AWS_ACCESS_KEY_ID }}',
    after: '- uses: aws-actions/configure-aws-credentials@<sha>\n  with: { role-to-assume: arn:aws:iam::123:role/ci-readonly, aws-region: eu-west-1 }'
  },
  'secret-in-git-history': {
    summary: 'Rotate the credential: removing it from history does not un-leak it.',
    before: 'commit abc123 added sk-ant-api03-…',
    after: 'rotate the key in the provider console; optionally rewrite history (git filter-repo) afterwards'
  },
  'secrets-inherit': {
    summary: 'Pass only the secrets the called workflow declares.',
    before: 'uses: ./.github/workflows/build.yml\nsecrets: inherit',
    after: 'uses: ./.github/workflows/build.yml\nsecrets:\n  NPM_TOKEN: ${{ secrets.NPM_TOKEN }}'
  },
  'workflow-secret-env': {
    summary: 'Scope each secret to the one step that needs it.',
    before: 'env:                       # workflow level\n  DEPLOY_TOKEN: ${{ secrets.DEPLOY_TOKEN }}',
    after: 'steps:\n  - run: ./deploy.sh\n    env:\n      DEPLOY_TOKEN: ${{ secrets.DEPLOY_TOKEN }}'
  },
  'excessive-permissions': {
    summary: 'Declare least-privilege permissions at workflow and job level.',
    before: 'permissions: write-all',
    after: 'permissions:\n  contents: read\n  pull-requests: write'
  },
  'no-turn-limit': {
    summary: 'Cap turns and spend of every unattended run.',
    before: 'claude_args: --model claude-sonnet-4-6',
    after: 'claude_args: --model claude-sonnet-4-6 --max-turns 30 --max-budget-usd 5'
  },
  'no-job-timeout': {
    summary: 'Give every job that runs Claude a wall-clock limit.',
    before: 'jobs:\n  review:\n    runs-on: ubuntu-latest',
    after: 'jobs:\n  review:\n    runs-on: ubuntu-latest\n    timeout-minutes: 20'
  },
  'unbounded-schedule': {
    summary: 'Run scheduled Claude jobs at most hourly and one at a time.',
    before: "on:\n  schedule: [{ cron: '*/10 * * * *' }]",
    after: "on:\n  schedule: [{ cron: '0 6 * * *' }]\nconcurrency: { group: claude-nightly, cancel-in-progress: false }"
  },
  'model-not-pinned': {
    summary: 'Choose the model explicitly wherever Claude runs unattended.',
    before: 'claude_args: --max-turns 20',
    after: 'claude_args: --max-turns 20 --model claude-sonnet-4-6'
  },
  'prompt-caching-missing': {
    summary: 'Mark the static system prompt as cacheable.',
    before: 'system: LONG_PROMPT',
    after: "system: [{ type: 'text', text: LONG_PROMPT, cache_control: { type: 'ephemeral' } }]"
  },
  'subagent-depth-unbounded': {
    summary: 'Remove agent spawning from the agent, or bound it.',
    before: '---\nname: orchestrator\n---',
    after: '---\nname: orchestrator\ntools: Read, Grep, Glob\nmaxTurns: 20\n---'
  },
  'batch-eligible-workload': {
    summary: 'Move offline analysis to the Message Batches API (half price).',
    before: "schedule: [{ cron: '0 2 * * *' }]  # claude -p summarises every file",
    after: 'submit the requests with client.messages.batches.create(...) and collect results later'
  },
  'context-exclusion-missing': {
    summary: 'Deny reads of secret and bulky paths in the committed settings.',
    before: '"permissions": { "deny": [] }',
    after: '"permissions": { "deny": ["Read(./.env)", "Read(./.env.*)", "Read(node_modules/**)", "Read(dist/**)", "Read(**/*.lock)"] }'
  },
  'claudeignore-not-enforced': {
    summary: 'Claude Code does not read .claudeignore: mirror its entries as deny rules.',
    before: '.claudeignore: node_modules/ .env',
    after: '"permissions": { "deny": ["Read(node_modules/**)", "Read(./.env)"] }'
  },
  'claude-md-too-long': {
    summary: 'Keep CLAUDE.md short; move detail into path-scoped rules or agent files loaded on demand.',
    before: 'CLAUDE.md: 900 lines, @imports the whole docs/ folder',
    after: 'CLAUDE.md: < 200 lines; .claude/rules/api.md with paths: ["src/api/**"]'
  },
  'memory-import-broken': {
    summary: 'Point imports at files that exist inside the repository.',
    before: '@docs/missing.md',
    after: '@docs/architecture.md'
  },
  'autocompact-disabled': {
    summary: 'Leave auto-compaction on.',
    before: '"autoCompactEnabled": false',
    after: '(remove the key)'
  },
  'full-repo-read': {
    summary: 'Read targeted files found by a search, not the whole tree.',
    before: 'First run `cat $(git ls-files)`',
    after: 'Use Grep to find the relevant files, then Read only those.'
  },
  'inline-system-prompt': {
    summary: 'Load long system prompts from a file.',
    before: "claude_args: --system-prompt \"You are … (3,000 words)\"",
    after: '# keep the prompt in .github/prompts/review.md and load it at run time:\nclaude -p --system-prompt "$(cat .github/prompts/review.md)" ...'
  },
  'hook-fail-open': {
    summary: 'Block with exit 2 (or a deny decision) and fail closed on errors.',
    before: 'echo \'{"reason":"no"}\'; exit 1',
    after: "set -euo pipefail\ntrap 'exit 2' ERR\ncmd=$(jq -r .tool_input.command)\n… echo 'blocked' >&2; exit 2"
  },
  'hook-script-missing': {
    summary: 'Reference hook scripts through $CLAUDE_PROJECT_DIR and commit them executable.',
    before: '"command": ".claude/hooks/guard.sh"',
    after: '"command": "\\"$CLAUDE_PROJECT_DIR\\"/.claude/hooks/guard.sh"   # chmod +x, git add'
  },
  'hook-unregistered': {
    summary: 'Register the guard in committed settings (and read the payload from stdin).',
    before: '.claude/hooks/block-secrets.sh exists, no settings file runs it',
    after: '"hooks": { "PreToolUse": [{ "matcher": "Bash", "hooks": [{ "type": "command", "command": "\\"$CLAUDE_PROJECT_DIR\\"/.claude/hooks/block-secrets.sh" }] }] }'
  },
  'machine-specific-path': {
    summary: 'Use paths relative to the project.',
    before: '"Read(/Users/alice/project/**)"',
    after: '"Read(./**)"  or  "$CLAUDE_PROJECT_DIR"/…'
  },
  'hook-outside-repo': {
    summary: 'Commit the hook script to the repository.',
    before: '"command": "~/bin/check.sh"',
    after: '"command": "\\"$CLAUDE_PROJECT_DIR\\"/.claude/hooks/check.sh"'
  },
  'dangerous-commands-unguarded': {
    summary: 'Deny dangerous commands outright (hooks are defence in depth).',
    before: '"permissions": { "deny": [] }',
    after: '"permissions": { "deny": ["Bash(rm -rf *)", "Bash(sh)", "Bash(bash)", "Bash(git push --force*)", "Bash(*DROP TABLE*)"] }'
  },
  'hook-command-injection': {
    summary: 'Treat the payload as data: quote it, never eval it, and do not ship it to external hosts.',
    before: 'eval "$(jq -r .tool_input.command)"',
    after: 'cmd=$(jq -r .tool_input.command); case "$cmd" in *"rm -rf"*) exit 2;; esac'
  },
  'hook-runs-pr-code': {
    summary: 'Only call code under .claude/ from hooks that run on pull requests.',
    before: '"command": "npm run lint"',
    after: '"command": "\\"$CLAUDE_PROJECT_DIR\\"/.claude/hooks/lint.sh"'
  },
  'no-session-log-hook': {
    summary: 'Record a summary of every session.',
    before: '"hooks": {}',
    after: 'npx claude-code-audit init --hooks log   # installs .claude/hooks/session-log.mjs on Stop and SessionEnd'
  },
  'no-notification-hook': {
    summary: 'Post notifications to a channel people watch.',
    before: '"hooks": {}',
    after: 'npx claude-code-audit init --hooks notify   # installs .claude/hooks/notify.mjs, posting to $CLAUDE_NOTIFY_WEBHOOK_URL'
  },
  'mcp-unpinned': {
    summary: 'Pin every MCP server to an exact version or digest.',
    before: '"args": ["-y", "@modelcontextprotocol/server-github"]',
    after: '"args": ["-y", "@modelcontextprotocol/server-github@2025.4.8"]'
  },
  'mcp-overprivileged': {
    summary: 'Connect with a read-only role and the narrowest root.',
    before: '"args": ["postgresql://postgres@db/app"]',
    after: '"args": ["postgresql://readonly_agent@db/app"]'
  },
  'mcp-insecure-transport': {
    summary: 'Use HTTPS for remote servers.',
    before: '"url": "http://mcp.example.com"',
    after: '"url": "https://mcp.example.com"'
  },
  'mcp-injection-surface-undocumented': {
    summary: 'Name each external-content server in your threat model.',
    before: 'SECURITY.md does not mention the fetch server',
    after: 'SECURITY.md: "## MCP: fetch — reads arbitrary web pages; treat output as untrusted; no write tools in the same session"'
  },
  'plugin-unpinned': {
    summary: 'Pin plugin marketplaces to a commit.',
    before: 'plugin_marketplaces: https://github.com/org/plugins.git',
    after: '"extraKnownMarketplaces": { "org": { "source": { "source": "github", "repo": "org/plugins", "ref": "<40-hex-sha>" } } }'
  },
  'mcp-review-overdue': {
    summary: 'Review the MCP server list and remove what is unused.',
    before: '.mcp.json unchanged for 200 days',
    after: 'review each server; commit the reviewed file (a dated note in SECURITY.md works too)'
  },
  'pwn-request': {
    summary: 'Check out the base at the root; put untrusted head code in a subdirectory, or use pull_request.',
    before: 'on: pull_request_target\n- uses: actions/checkout@<sha>\n  with: { ref: ${{ github.event.pull_request.head.sha }} }',
    after: 'on: pull_request\n- uses: actions/checkout@<sha>'
  },
  'untrusted-trigger': {
    summary: 'Only let trusted people start Claude.',
    before: "allowed_non_write_users: '*'",
    after: "# remove it, or list names: allowed_non_write_users: 'alice,bob'"
  },
  'template-injection': {
    summary: 'Give Claude the number, not the text; pass untrusted text to scripts through env.',
    before: 'prompt: Review "${{ github.event.pull_request.title }}"',
    after: 'prompt: Review pull request #${{ github.event.pull_request.number }} in ${{ github.repository }}.'
  },
  'agent-output-executed': {
    summary: "Parse the agent's output as data; never run it.",
    before: 'run: ${{ steps.claude.outputs.structured_output }}',
    after: 'env: { OUT: ${{ steps.claude.outputs.structured_output }} }\nrun: |\n  label="$(jq -r .label <<<"$OUT")"\n  case "$label" in bug|docs) gh issue edit "$N" --add-label "$label" ;; esac'
  },
  'unpinned-action': {
    summary: 'Pin actions to full commit SHAs.',
    before: 'uses: anthropics/claude-code-action@v1',
    after: 'uses: anthropics/claude-code-action@<40-hex-sha> # v1.0.200'
  },
  'vulnerable-claude-action': {
    summary: 'Move the Claude action to a release that has the security fixes.',
    before: 'uses: anthropics/claude-code-action@c9ec2b02b40ac0444c6716e51d5e19ef2e0b8d00 # v1.0.28',
    after: 'uses: anthropics/claude-code-action@24dcd50c0568f0fc9e9211213a4fd2d9eb15c4e0 # v1.0.200'
  },
  'persisted-checkout-credentials': {
    summary: 'Do not leave the token in .git/config for the agent.',
    before: '- uses: actions/checkout@<sha>',
    after: '- uses: actions/checkout@<sha>\n  with: { persist-credentials: false }'
  },
  'debug-output-leak': {
    summary: 'Do not log every tool output in public logs.',
    before: 'show_full_output: true',
    after: '(remove it; use display_report: true for a summary)'
  },
  'invalid-config': {
    summary: 'Fix the syntax so Claude Code loads the file.',
    before: '{ "deny": ["Read(./.env)",] }',
    after: '{ "deny": ["Read(./.env)"] }'
  },
  'file-skipped': {
    summary: 'Keep configuration small, textual and inside the repository.',
    before: 'CLAUDE.md → /home/alice/notes.md (link out of the repository)',
    after: 'CLAUDE.md as a regular committed file'
  }
}

/** One entry of the fix list: a failing rule with its findings. */
export interface FixItem {
  ruleId: string
  checklistItem: number | null
  /** `incident` for the nine items with incident histories, `blocking` for sections 1–3. */
  priority: 'incident' | 'blocking' | 'other'
  findings: number
  remedy?: Remedy
  docsUrl: string
}

function priorityOf(item: number | null): FixItem['priority'] {
  if (item !== null && FIX_FIRST.includes(item)) return 'incident'
  if (item !== null && item <= 21) return 'blocking'
  return 'other'
}

const RANK: Record<FixItem['priority'], number> = { incident: 0, blocking: 1, other: 2 }
const SEV: Record<string, number> = { critical: 0, high: 1, medium: 2, low: 3, info: 4 }

/** The prioritized fix list for a set of findings (one entry per failing rule). */
export function fixFirst(findings: readonly Finding[]): FixItem[] {
  const byRule = new Map<string, Finding[]>()
  for (const f of findings) {
    // "History was not scanned" has no file and nothing to rotate: not a fix-first item.
    if (f.ruleId === 'secret-in-git-history' && f.file === null) continue
    byRule.set(f.ruleId, [...(byRule.get(f.ruleId) ?? []), f])
  }
  const items = [...byRule.entries()].map(([ruleId, fs]) => {
    const item = fs[0].checklistItem
    return {
      ruleId,
      checklistItem: item,
      priority: priorityOf(item),
      findings: fs.length,
      remedy: REMEDIES[ruleId],
      docsUrl: docsUrl(ruleId),
      worst: Math.min(...fs.map((f) => SEV[f.severity]))
    }
  })
  items.sort(
    (a, b) =>
      a.worst - b.worst ||
      RANK[a.priority] - RANK[b.priority] ||
      (a.checklistItem ?? 99) - (b.checklistItem ?? 99) ||
      compareText(a.ruleId, b.ruleId)
  )
  return items.map(({ worst: _worst, ...rest }) => rest)
}
