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
