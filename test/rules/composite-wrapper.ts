/**
 * A local composite action wrapping claude-code-action, as PrefectHQ/fastmcp's
 * `.github/actions/run-claude` does: its `claude_args` are built with
 * `format('--allowedTools ''{0}{1}''', ...)` from the caller's `allowed-tools`
 * (the doubled quotes are one quote each) and a `--mcp-config` the same way
 * from its input's default, its prompt and `allowed_bots` are
 * the caller's inputs. comment.yml passes a broad tool list, an issue title
 * through its step's `env:` and `allowed-bots: "*"` behind an
 * author-association gate; scheduled.yml passes a narrow list and a fixed prompt.
 */
export const COMPOSITE_WRAPPER: Record<string, string> = {
  '.github/actions/run-claude/action.yml': `name: Run Claude
inputs:
  prompt:
    required: true
  claude-oauth-token:
    required: true
  allowed-tools:
    default: ""
  extra-allowed-tools:
    default: ""
  allowed-bots:
    default: ""
  mcp-servers:
    default: '{"mcpServers":{"docs":{"type":"http","url":"https://docs.example.com/mcp"}}}'
runs:
  using: composite
  steps:
    - uses: anthropics/claude-code-action@v1
      with:
        claude_code_oauth_token: \${{ inputs.claude-oauth-token }}
        allowed_bots: \${{ inputs.allowed-bots }}
        prompt: \${{ inputs.prompt }}
        claude_args: |
          \${{ (inputs.allowed-tools != '' || inputs.extra-allowed-tools != '') && format('--allowedTools ''{0}{1}''', inputs.allowed-tools, inputs.extra-allowed-tools != '' && format(',{0}', inputs.extra-allowed-tools) || '') || '' }}
          \${{ inputs.mcp-servers != '' && format('--mcp-config ''{0}''', inputs.mcp-servers) || '' }}
          --max-turns 20
          --model claude-sonnet-4-6
`,
  '.github/workflows/comment.yml': `on:
  issue_comment:
    types: [created]
permissions:
  contents: read
jobs:
  comment:
    if: contains(fromJSON('["OWNER", "MEMBER", "COLLABORATOR"]'), github.event.comment.author_association)
    runs-on: ubuntu-latest
    timeout-minutes: 15
    steps:
      - uses: ./.github/actions/run-claude
        env:
          ISSUE_TITLE: \${{ github.event.issue.title }}
          COMMENT_BODY: \${{ github.event.comment.body }}
        with:
          claude-oauth-token: \${{ secrets.CLAUDE_CODE_OAUTH_TOKEN }}
          allowed-bots: "*"
          allowed-tools: "Edit,Read,WebFetch,Bash(*),mcp__github__add_issue_comment"
          prompt: |
            Issue title: \${{ env.ISSUE_TITLE }}
            Request: \${{ env.COMMENT_BODY }}
`,
  '.github/workflows/scheduled.yml': `on:
  schedule:
    - cron: "0 3 * * *"
permissions:
  contents: read
jobs:
  nightly:
    runs-on: ubuntu-latest
    timeout-minutes: 15
    steps:
      - uses: ./.github/actions/run-claude
        with:
          claude-oauth-token: \${{ secrets.CLAUDE_CODE_OAUTH_TOKEN }}
          allowed-tools: "Read,Bash(npm test)"
          prompt: Summarise the open issues.
`
}
