import { test } from 'node:test'
import { runRule, expectFindings } from './harness.js'

const RULE = 'plugin-unpinned'
const SHA = 'b'.repeat(40)

test('plugin-unpinned: extraKnownMarketplaces in committed settings (github, git, url sources)', async () => {
  const findings = await runRule(RULE, {
    '.claude/settings.json': `{
  "extraKnownMarketplaces": {
    "team": { "source": { "source": "github", "repo": "acme/plugins" } },
    "tagged": { "source": { "source": "github", "repo": "acme/tools", "ref": "v2" } },
    "gitlab": { "source": { "source": "git", "url": "https://gitlab.com/acme/p.git" } },
    "pinned": { "source": { "source": "github", "repo": "acme/x", "ref": "v2", "sha": "${SHA}" } },
    "pinnedRef": { "source": { "source": "git", "url": "https://git.example.com/p.git", "ref": "${SHA}" } },
    "json": { "source": { "source": "url", "url": "https://example.com/marketplace.json" } },
    "local": { "source": { "source": "directory", "path": "./plugins" } }
  }
}
`
  })
  expectFindings(findings, [
    {
      file: '.claude/settings.json',
      line: 3,
      column: 55,
      endColumn: 69,
      severity: 'medium',
      message: "plugin marketplace team is loaded from acme/plugins at its default branch's latest commit"
    },
    { line: 4, column: 57, message: 'at `v2`, a branch or tag that can move' },
    { line: 5, column: 53, message: 'plugin marketplace gitlab is loaded from https://gitlab.com/acme/p.git' },
    { line: 8, column: 51, message: 'a file that can change at any time' }
  ])
})

test('plugin-unpinned: the action input plugin_marketplaces and settings input', async () => {
  const findings = await runRule(RULE, {
    '.github/workflows/review.yml': `on: pull_request
jobs:
  review:
    runs-on: ubuntu-latest
    steps:
      - uses: anthropics/claude-code-action@v1
        with:
          prompt: /code-review
          plugin_marketplaces: |
            https://github.com/anthropics/claude-code.git
            https://github.com/acme/more.git
          plugins: code-review@claude-code-plugins
          settings: |
            {"extraKnownMarketplaces": {"m": {"source": {"source": "github", "repo": "acme/m"}}}}
      - uses: anthropics/claude-code-action@v1
        with:
          plugin_marketplaces: 'https://github.com/x/y.git'
`
  })
  expectFindings(findings, [
    {
      file: '.github/workflows/review.yml',
      line: 10,
      column: 13,
      endColumn: 58,
      message:
        'plugin marketplace https://github.com/anthropics/claude-code.git is added by URL with no ref to pin (`plugin_marketplaces` takes none), so every run gets whatever its default branch holds'
    },
    { line: 11, column: 13, endColumn: 45, message: 'https://github.com/acme/more.git' },
    { line: 14, column: 86, endColumn: 94, message: 'plugin marketplace m is loaded from acme/m' },
    { line: 17, column: 33, endColumn: 59, message: 'job review' }
  ])
})

test('plugin-unpinned: malformed settings and absent marketplaces pass', async () => {
  const findings = await runRule(RULE, {
    '.claude/settings.json': '{ "extraKnownMarketplaces": { "a": { "source": ',
    '.claude/settings.local.json': '{ "extraKnownMarketplaces": { "a": "github:acme/x", "b": { "source": "acme/y" } } }'
  })
  expectFindings(findings, [])
})

test('plugin-unpinned: plugin_marketplaces from another job\'s output is followed to a literal, else not known', async () => {
  const W = '.github/workflows/claude.yml'
  const findings = await runRule(RULE, {
    [W]: `on: issue_comment
jobs:
  setup:
    runs-on: ubuntu-latest
    outputs:
      market: https://github.com/acme/plugins.git
      echoed: \${{ steps.pick.outputs.url }}
      computed: \${{ steps.pick.outputs.other }}
    steps:
      - id: pick
        run: |
          echo "url=https://github.com/acme/echoed.git" >> "$GITHUB_OUTPUT"
          echo "other=$(cat market.txt)" >> "$GITHUB_OUTPUT"
  claude:
    needs: setup
    runs-on: ubuntu-latest
    steps:
      - uses: anthropics/claude-code-action@v1
        with:
          plugin_marketplaces: \${{ needs.setup.outputs.market }}
      - uses: anthropics/claude-code-action@v1
        with:
          plugin_marketplaces: \${{ needs.setup.outputs.echoed }}
      - uses: anthropics/claude-code-action@v1 # OK: computed by a command, not known
        with:
          plugin_marketplaces: \${{ needs.setup.outputs.computed }}
  unrelated:
    runs-on: ubuntu-latest
    steps:
      - uses: anthropics/claude-code-action@v1 # OK: the job does not need setup, so the expression is empty
        with:
          plugin_marketplaces: \${{ needs.setup.outputs.market }}
`
  })
  expectFindings(findings, [
    {
      file: W,
      line: 6,
      column: 15,
      endColumn: 50,
      severity: 'medium',
      message: 'plugin marketplace https://github.com/acme/plugins.git is added by URL with no ref to pin (`plugin_marketplaces` takes none), so every run gets whatever its default branch holds: whoever can push there changes the skills, hooks and MCP servers Claude runs in job claude, next to its secrets',
      related: [`${W}:20:32-20:65 the Claude step of job claude takes it as \`plugin_marketplaces\``]
    },
    {
      file: W,
      line: 12,
      column: 21,
      endColumn: 55,
      message: 'plugin marketplace https://github.com/acme/echoed.git is added by URL',
      related: [
        `${W}:23:32-23:65 the Claude step of job claude takes it as \`plugin_marketplaces\``,
        `${W}:7:15-7:44 output \`echoed\` of job setup`
      ]
    }
  ])
})

test('plugin-unpinned: plugin_marketplaces from a reusable workflow\'s output: the caller\'s literal, or the input default', async () => {
  const V = '.github/workflows/vars.yml'
  const callee = `on:
  workflow_call:
    inputs:
      market:
        type: string
        default: https://github.com/acme/default.git
    outputs:
      market:
        value: \${{ jobs.vars.outputs.market }}
jobs:
  vars:
    runs-on: ubuntu-latest
    outputs:
      market: \${{ inputs.market }}
    steps:
      - run: echo
`
  const caller = (withBlock: string): string => `on: issue_comment
jobs:
  setup:
    uses: ./.github/workflows/vars.yml
${withBlock}  claude:
    needs: [setup]
    runs-on: ubuntu-latest
    steps:
      - uses: anthropics/claude-code-action@v1
        with:
          plugin_marketplaces: \${{ needs.setup.outputs.market }}
`
  expectFindings(await runRule(RULE, { [V]: callee, '.github/workflows/a.yml': caller(''), '.github/workflows/b.yml': caller('') }), [
    {
      file: V,
      line: 6,
      column: 18,
      endColumn: 53,
      message: 'plugin marketplace https://github.com/acme/default.git is added by URL with no ref to pin (`plugin_marketplaces` takes none), so every run gets whatever its default branch holds: whoever can push there changes the skills, hooks and MCP servers Claude runs in job claude, next to its secrets',
      related: [
        '.github/workflows/a.yml:11:32-11:65 the Claude step of job claude takes it as `plugin_marketplaces`',
        `${V}:9:16-9:47 output \`market\` of ${V}`,
        `${V}:14:15-14:35 output \`market\` of job vars`,
        '.github/workflows/a.yml:4:11-4:39 job setup calls .github/workflows/vars.yml without `market`, so the default applies',
        '.github/workflows/b.yml:11:32-11:65 the Claude step of job claude takes it as `plugin_marketplaces`',
        '.github/workflows/b.yml:4:11-4:39 job setup calls .github/workflows/vars.yml without `market`, so the default applies'
      ]
    }
  ])
  const passed = await runRule(RULE, {
    [V]: callee,
    '.github/workflows/a.yml': caller('    with:\n      market: https://github.com/acme/own.git\n'),
    // OK: a secret passed on is not known.
    '.github/workflows/b.yml': caller('    with:\n      market: ${{ secrets.MARKET }}\n')
  })
  expectFindings(passed, [{ file: '.github/workflows/a.yml', line: 6, column: 15, endColumn: 46, message: 'plugin marketplace https://github.com/acme/own.git is added' }])
})
