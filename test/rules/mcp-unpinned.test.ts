import { test } from 'node:test'
import { runRule, expectFindings } from './harness.js'

const RULE = 'mcp-unpinned'

/** One server per line: the server on line N is `servers[N - 3]`. */
function mcpJson(servers: Record<string, unknown>): string {
  const lines = Object.entries(servers).map(([k, v]) => `    ${JSON.stringify(k)}: ${JSON.stringify(v)}`)
  return `{\n  "mcpServers": {\n${lines.join(',\n')}\n  }\n}\n`
}

test('mcp-unpinned: npx, bunx, pnpm dlx and yarn dlx packages need an exact version', async () => {
  const findings = await runRule(RULE, {
    '.mcp.json': mcpJson({
      bare: { command: 'npx', args: ['-y', '@modelcontextprotocol/server-github'] }, // NOT OK (line 3)
      latest: { command: 'npx', args: ['--yes', 'some-server@latest'] }, // NOT OK
      range: { command: 'bunx', args: ['@scope/srv@^1.2.0'] }, // NOT OK
      pinned: { command: 'npx', args: ['-y', '@scope/srv@1.2.3'] }, // OK
      pkgFlag: { command: 'npx', args: ['-p', 'tool@2', 'tool-bin', '--port', '3000'] }, // NOT OK (line 7)
      pkgEq: { command: 'npx', args: ['--package=@x/y@3.0.0', 'y'] }, // OK
      dlx: { command: 'pnpm', args: ['dlx', 'mcp-thing'] }, // NOT OK (line 9)
      ydlx: { command: 'yarn', args: ['dlx', '-p', 'mcp-thing@1.0.0', 'mcp-thing'] }, // OK
      gh: { command: 'npx', args: ['github:owner/repo'] }, // NOT OK (line 11)
      ghSha: { command: 'npx', args: ['github:owner/repo#0123456789abcdef0123456789abcdef01234567'] }, // OK
      win: { command: 'cmd', args: ['/c', 'npx', '-y', 'srv'] }, // NOT OK (line 13)
      local: { command: 'node', args: ['./server.js'] } // OK
    })
  })
  expectFindings(findings, [
    {
      file: '.mcp.json',
      line: 3,
      column: 5,
      endLine: 3,
      endColumn: 11,
      severity: 'high',
      message: '(`npx @modelcontextprotocol/server-github`: no version)'
    },
    { line: 4, column: 5, message: '`npx some-server@latest`: tag @latest' },
    { line: 5, column: 5, message: '`bunx @scope/srv@^1.2.0`: range @^1.2.0' },
    { line: 7, column: 5, message: '`npx tool@2`: range @2' },
    { line: 9, column: 5, message: '`pnpm dlx mcp-thing`: no version' },
    { line: 11, column: 5, message: '`npx github:owner/repo`: git source without a commit' },
    { line: 13, column: 5, message: '`npx srv`: no version' }
  ])
})

test('mcp-unpinned: uvx and pipx need an exact pin; --from and git commits count', async () => {
  const findings = await runRule(RULE, {
    '.mcp.json': mcpJson({
      bare: { command: 'uvx', args: ['semanticscholar-mcp-server'] }, // NOT OK (line 3)
      at: { command: 'uvx', args: ['mcp-server-fetch@2025.1.17'] }, // OK
      from: { command: 'uvx', args: ['--from', 'mcp-server-git==0.6.2', 'mcp-server-git'] }, // OK
      fromRange: { command: 'uvx', args: ['--from', 'mcp-server-git>=0.6', 'mcp-server-git'] }, // NOT OK (line 6)
      gitNoCommit: { command: 'uvx', args: ['--from', 'git+https://github.com/o/r', 'srv'] }, // NOT OK (line 7)
      gitCommit: {
        command: 'uvx',
        args: ['--from', 'git+https://github.com/o/r@0123456789abcdef0123456789abcdef01234567', 'srv']
      }, // OK
      withDep: { command: 'uvx', args: ['--with', 'requests', 'tool@1.0.0'] }, // NOT OK (line 9)
      pipx: { command: 'pipx', args: ['run', 'some-mcp'] }, // NOT OK (line 10)
      pipxPinned: { command: 'pipx', args: ['run', '--spec', 'some-mcp==1.2.0', 'some-mcp'] }, // OK
      latest: { command: 'uvx', args: ['tool@latest'] }, // NOT OK (line 12)
      uvLocal: { command: 'uv', args: ['run', '--directory', 'tools/mcp', 'server.py'] } // OK: repository code
    })
  })
  expectFindings(findings, [
    { line: 3, column: 5, message: '`uvx semanticscholar-mcp-server`: no version' },
    { line: 6, column: 5, message: '`uvx --from mcp-server-git>=0.6`: version range' },
    { line: 7, column: 5, message: '`uvx --from git+https://github.com/o/r`: git source without a commit' },
    { line: 9, column: 5, message: '`uvx --with requests`: no version' },
    { line: 10, column: 5, message: '`pipx run some-mcp`: no version' },
    { line: 12, column: 5, message: '`uvx tool@latest`: tag @latest' }
  ])
})

test('mcp-unpinned: docker images need a digest; option values are not the image', async () => {
  const digest = 'a'.repeat(64)
  const findings = await runRule(RULE, {
    '.mcp.json': mcpJson({
      tag: {
        command: 'docker',
        args: ['run', '-i', '--rm', '-e', 'GITHUB_TOKEN', 'ghcr.io/github/github-mcp-server:v1']
      }, // NOT OK
      none: { command: 'docker', args: ['run', '--name', 'x', '-v', '/a:/b', '--env=A=1', 'mcp/fetch'] }, // NOT OK
      pinned: { command: 'docker', args: ['run', '-i', `ghcr.io/org/img:1.0@sha256:${digest}`] }, // OK
      port: { command: 'docker', args: ['run', 'localhost:5000/img'] }, // NOT OK: the port is not a tag
      exec: { command: 'docker', args: ['exec', '-i', 'running-container', 'srv'] } // OK: not a launch from an image
    })
  })
  expectFindings(findings, [
    { line: 3, column: 5, message: '`docker run ghcr.io/github/github-mcp-server:v1`: tag :v1, no digest' },
    { line: 4, column: 5, message: '`docker run mcp/fetch`: no tag or digest' },
    { line: 6, column: 5, message: '`docker run localhost:5000/img`: no tag or digest' }
  ])
})

test('mcp-unpinned: npm install at launch without a lockfile floats; with one it does not', async () => {
  const script = (dir: string): string =>
    `cd ${dir} && npm install --silent >/dev/null 2>&1 && npm run build && exec node build/index.js`
  const floating = await runRule(RULE, {
    '.mcp.json': mcpJson({ dev: { type: 'stdio', command: 'bash', args: ['-c', script('.claude/mcp/dev')] } })
  })
  expectFindings(floating, [
    { file: '.mcp.json', line: 3, column: 5, message: '`npm install in .claude/mcp/dev`: no lockfile' }
  ])
  const locked = await runRule(RULE, {
    '.mcp.json': mcpJson({ dev: { command: 'bash', args: ['-c', script('srv')] } }),
    'srv/package-lock.json': '{}'
  })
  expectFindings(locked, [])
  const pip = await runRule(RULE, {
    '.mcp.json': mcpJson({
      py: { command: 'sh', args: ['-c', 'pip install mcp-x && mcp-x'] },
      ok: { command: 'sh', args: ['-c', 'pip install mcp-x==1.0.0 && mcp-x'] }
    })
  })
  expectFindings(pip, [{ line: 3, column: 5, message: '`pip install mcp-x`: no version' }])
})

test('mcp-unpinned: critical when a workflow runs Claude; settings mcpServers are never started', async () => {
  // Claude Code reads servers from .mcp.json and ~/.claude.json only (anthropics/claude-code#24477).
  const ignored = await runRule(RULE, {
    '.claude/settings.json': mcpJson({ fetch: { command: 'uvx', args: ['mcp-server-fetch'] } }),
    '.claude/.mcp.json': mcpJson({ fetch: { command: 'uvx', args: ['mcp-server-fetch'] } })
  })
  expectFindings(ignored, [])
  const findings = await runRule(RULE, {
    '.mcp.json': mcpJson({ fetch: { command: 'uvx', args: ['mcp-server-fetch'] } }),
    '.github/workflows/claude.yml': `on: issue_comment
jobs:
  claude:
    runs-on: ubuntu-latest
    steps:
      - uses: anthropics/claude-code-action@v1
`
  })
  expectFindings(findings, [
    {
      file: '.mcp.json',
      line: 3,
      column: 5,
      severity: 'critical',
      message: 'a workflow here runs Claude in CI'
    }
  ])
})

test('mcp-unpinned: remote servers, local scripts, malformed and empty files pass', async () => {
  const findings = await runRule(RULE, {
    '.mcp.json': mcpJson({
      remote: { type: 'http', url: 'https://mcp.example.com/mcp' },
      py: { command: 'python', args: ['-m', 'my_server'] },
      odd: 'x',
      noArgs: { command: 'npx' }
    }),
    'a/.mcp.json': '{ "mcpServers": ',
    'b/.mcp.json': '',
    'c/.mcp.json': '{"mcpServers": []}'
  })
  expectFindings(findings, [])
})

test('mcp-unpinned: uv run --with resolves its packages at launch; the project command itself does not float', async () => {
  const findings = await runRule(RULE, {
    '.mcp.json': mcpJson({
      mcpCli: { command: 'uv', args: ['run', '--with', 'mcp[cli]', 'mcp', 'run', 'tools/server.py'] }, // NOT OK (line 3)
      two: { command: 'uv', args: ['run', '--directory', 'tools', '--with', 'httpx,mcp==1.9.0', 'python', 'server.py'] }, // NOT OK (line 4)
      shell: { command: 'bash', args: ['-c', 'cd tools && uv run --with=fastmcp server.py'] }, // NOT OK (line 5)
      pinned: { command: 'uv', args: ['run', '--with', 'mcp[cli]==1.9.0', 'mcp', 'run', 'tools/server.py'] }, // OK
      project: { command: 'uv', args: ['run', '--package', 'tools', 'server'] } // OK: from the project
    }),
    'tools/server.py': 'print(1)\n'
  })
  expectFindings(findings, [
    { file: '.mcp.json', line: 3, column: 5, endColumn: 13, severity: 'high', message: 'MCP server mcpCli runs code resolved at launch (`uv run --with mcp[cli]`: no version)' },
    { line: 4, column: 5, message: '(`uv run --with httpx`: no version)' },
    { line: 5, column: 5, message: '(`uv run --with fastmcp`: no version)' }
  ])
})

test('mcp-unpinned: a server launched through a repository shell script is judged by what the script runs', async () => {
  const script = `#!/bin/bash
# Loads the token from a local file, then starts the server.
set -a
source "$(dirname "$0")/../.env.local" 2>/dev/null || true
set +a
exec npx -y @supabase/mcp-server-supabase@latest --project-ref=abc
`
  const findings = await runRule(RULE, {
    '.mcp.json': mcpJson({
      supabase: { command: 'bash', args: ['scripts/mcp-supabase.sh'] }, // NOT OK: the script floats (line 3)
      again: { command: './scripts/mcp-supabase.sh' }, // NOT OK: same line, one finding (line 4)
      pinned: { command: 'sh', args: ['${CLAUDE_PROJECT_DIR}/scripts/pinned.sh'] }, // OK
      inline: { command: 'bash', args: ['-c', 'scripts/mcp-supabase.sh'] }, // NOT OK: the -c string runs it (line 6)
      missing: { command: 'bash', args: ['scripts/absent.sh'] }, // OK: nothing to read
      outside: { command: 'bash', args: ['../elsewhere/mcp.sh'] } // OK: outside the repository
    }),
    'scripts/mcp-supabase.sh': script,
    'scripts/pinned.sh': '#!/bin/sh\ncd server\nexec uvx mcp-server-git==0.6.2\n',
    '../elsewhere/mcp.sh': 'npx -y floating\n'
  })
  expectFindings(findings, [
    {
      file: 'scripts/mcp-supabase.sh',
      line: 6,
      column: 13,
      endLine: 6,
      endColumn: 49,
      severity: 'high',
      message:
        'scripts/mcp-supabase.sh launches MCP servers supabase, again, inline with code resolved at launch (`npx @supabase/mcp-server-supabase@latest`: tag @latest)',
      related: [
        '.mcp.json:3:5-3:15 MCP server supabase runs scripts/mcp-supabase.sh',
        '.mcp.json:4:5-4:12 MCP server again runs scripts/mcp-supabase.sh',
        '.mcp.json:6:5-6:13 MCP server inline runs scripts/mcp-supabase.sh'
      ]
    }
  ])
})

test('mcp-unpinned: a launch script is followed through literal cd for the lockfile; an unknown directory is not judged', async () => {
  const findings = await runRule(RULE, {
    '.mcp.json': mcpJson({
      a: { command: 'scripts/a.sh' }, // line 3
      b: { command: 'sh', args: ['scripts/b.sh'] } // line 4
    }),
    'scripts/a.sh': '#!/usr/bin/env bash\ncd server\nnpm install\ncd ../tool\nnpm ci\nnpm install\nnode index.js\n',
    'server/package.json': '{}',
    'tool/package.json': '{}',
    'tool/package-lock.json': '{}',
    'scripts/b.sh': 'cd "$(dirname "$0")"\nnpm install\nuvx --from "git+https://github.com/o/r" srv\n'
  })
  expectFindings(findings, [
    { file: 'scripts/a.sh', line: 3, column: 1, endColumn: 4, message: '`npm install in server`: no lockfile', related: ['.mcp.json:3:5-3:8 MCP server a runs scripts/a.sh'] },
    { file: 'scripts/b.sh', line: 3, column: 12, endColumn: 40, message: 'git source without a commit' }
  ])
})

test('mcp-unpinned: critical only for a .mcp.json a CI session loads (the root, or a folder a workflow names)', async () => {
  const server = mcpJson({ s: { command: 'npx', args: ['-y', 'some-server'] } })
  const findings = await runRule(RULE, {
    '.mcp.json': server,
    'svc/.mcp.json': server,
    'svc/main.py': 'print(1)\n',
    'other/.mcp.json': server,
    'other/main.py': 'print(1)\n',
    '.github/workflows/claude.yml': `on: push
jobs:
  root:
    runs-on: ubuntu-latest
    steps:
      - run: claude -p "review"
  svc:
    runs-on: ubuntu-latest
    defaults: { run: { working-directory: svc } }
    steps:
      - run: claude -p "review"
`
  })
  expectFindings(findings, [
    { file: '.mcp.json', line: 3, column: 5, severity: 'critical', message: 'a workflow here runs Claude in CI' },
    { file: 'other/.mcp.json', line: 3, column: 5, severity: 'high', message: /session's permissions and environment$/ },
    { file: 'svc/.mcp.json', line: 3, column: 5, severity: 'critical', message: 'a workflow here runs Claude in CI' }
  ])
})

test("mcp-unpinned: servers a workflow gives Claude itself (the action's mcp_config, --mcp-config, claude mcp add) are critical where named", async () => {
  const findings = await runRule(RULE, {
    '.github/workflows/claude.yml': [
      'on: issue_comment', // 1
      'jobs:',
      '  review:',
      '    runs-on: ubuntu-latest',
      '    steps:', // 5
      '      - uses: anthropics/claude-code-action@v0.0.63',
      '        with:',
      '          anthropic_api_key: ${{ secrets.ANTHROPIC_API_KEY }}',
      '          mcp_config: |',
      '            {', // 10
      '              "mcpServers": {',
      '                "ols": { "command": "uvx", "args": ["ols-mcp"] },',
      '                "pinned": { "command": "npx", "args": ["-y", "@scope/srv@1.2.3"] }',
      '              }',
      '            }', // 15
      '  cli:',
      '    runs-on: ubuntu-latest',
      '    steps:',
      '      - run: |',
      "          claude mcp add-json gh '{\"command\": \"docker\", \"args\": [\"run\", \"-i\", \"ghcr.io/github/github-mcp-server:v1\"]}'", // 20
      '          claude mcp add -s user fetcher -e TOKEN=x -- npx -y mcp-fetch',
      '          claude mcp add -e TOKEN=x refused -- npx -y mcp-refused', // -e takes `refused` too: the client adds nothing
      '          claude mcp add unknown npx -y mcp-unknown', // -y is an unknown option of `claude mcp add`: refused
      '      - run: |',
      '          claude -p "review" --mcp-config \'{"mcpServers": {"late": {"command": "uvx", "args": ["late-mcp"]}}}\' --max-turns 3',
      '      - run: claude mcp add after -- npx -y never-loaded', // after the run: not loaded by it
      ''
    ].join('\n')
  })
  expectFindings(findings, [
    { file: '.github/workflows/claude.yml', line: 12, column: 17, endColumn: 22, severity: 'critical', message: "MCP server ols (given in the action's `mcp_config` input) runs code resolved at launch (`uvx ols-mcp`: no version): the workflow starts it for the Claude run of .github/workflows/claude.yml job review" },
    { line: 20, column: 31, endColumn: 33, severity: 'critical', message: 'MCP server gh (added with `claude mcp add-json`) runs code resolved at launch (`docker run ghcr.io/github/github-mcp-server:v1`: tag :v1, no digest): the workflow starts it for the Claude run of .github/workflows/claude.yml job cli' },
    { line: 21, column: 34, endColumn: 41, severity: 'critical', message: 'MCP server fetcher (added with `claude mcp add`) runs code resolved at launch (`npx mcp-fetch`: no version)' },
    { line: 25, column: 60, endColumn: 66, severity: 'critical', message: 'MCP server late (given with `--mcp-config`) runs code resolved at launch (`uvx late-mcp`: no version)' }
  ])
})

test('mcp-unpinned: servers a local action taken for a fork of the Claude action adds in its own steps (claude mcp add-json), where its caller runs them', async () => {
  const findings = await runRule(RULE, {
    '.github/workflows/triage.yml': [
      'on:',
      '  issues:',
      '    types: [opened]',
      'jobs:',
      '  triage:', // 5
      '    runs-on: ubuntu-latest',
      '    steps:',
      '      - uses: ./.github/actions/claude',
      '        with:',
      '          prompt_file: /tmp/prompt.txt', // 10
      '          anthropic_api_key: ${{ secrets.ANTHROPIC_API_KEY }}',
      '          install_papers: "true"',
      '  label:',
      '    runs-on: ubuntu-latest',
      '    steps:', // 15
      '      - uses: ./.github/actions/claude',
      '        with:',
      '          prompt_file: /tmp/prompt.txt',
      '          anthropic_api_key: ${{ secrets.ANTHROPIC_API_KEY }}',
      ''
    ].join('\n'),
    '.github/actions/claude/action.yml': [
      'name: claude',
      'inputs:',
      '  prompt_file: { required: true }',
      '  anthropic_api_key: { required: true }',
      '  install_papers: { default: "false" }', // 5
      'runs:',
      '  using: composite',
      '  steps:',
      '    - shell: bash',
      '      run: |', // 10
      "        claude mcp add-json github '{",
      '          "command": "docker",',
      '          "args": ["run", "-i", "--rm", "ghcr.io/github/github-mcp-server:sha-ff3036d"]',
      "        }'",
      '    - if: inputs.install_papers == \'true\'', // 15
      '      shell: bash',
      '      run: |',
      "        claude mcp add-json papers '{\"command\": \"uvx\", \"args\": [\"papers-mcp\"]}'",
      "        claude mcp add-json pinned '{\"command\": \"uvx\", \"args\": [\"pinned-mcp==1.2.3\"]}'",
      '    - shell: bash', // 20
      '      run: node "$GITHUB_ACTION_PATH/dist/index.js"',
      ''
    ].join('\n')
  })
  expectFindings(findings, [
    { file: '.github/actions/claude/action.yml', line: 11, column: 29, endColumn: 35, severity: 'critical', message: 'MCP server github (added with `claude mcp add-json`) runs code resolved at launch (`docker run ghcr.io/github/github-mcp-server:sha-ff3036d`: tag :sha-ff3036d, no digest): the workflow starts it for the Claude run of .github/workflows/triage.yml job triage, .github/workflows/triage.yml job label, on the runner' },
    // Only job triage passes install_papers: "true"; for job label the step's `if:` is false.
    { file: '.github/actions/claude/action.yml', line: 18, column: 29, endColumn: 35, severity: 'critical', message: 'MCP server papers (added with `claude mcp add-json`) runs code resolved at launch (`uvx papers-mcp`: no version): the workflow starts it for the Claude run of .github/workflows/triage.yml job triage, on the runner' }
  ])
})

test("mcp-unpinned: a composite action's step that adds a server runs only where its `if:` over the action's inputs holds for the caller", async () => {
  const findings = await runRule(RULE, {
    '.github/workflows/ci.yml': [
      'on: push',
      'jobs:',
      '  with-mcp:',
      '    runs-on: ubuntu-latest',
      '    steps:', // 5
      '      - uses: ./.github/actions/review',
      '        with:',
      '          mcp: "true"',
      '  without:',
      '    runs-on: ubuntu-latest', // 10
      '    steps:',
      '      - uses: ./.github/actions/review',
      ''
    ].join('\n'),
    '.github/actions/review/action.yml': [
      'name: review',
      'inputs:',
      '  mcp: { default: "false" }',
      'runs:',
      '  using: composite', // 5
      '  steps:',
      "    - if: ${{ inputs.mcp == 'true' }}",
      '      shell: bash',
      '      run: claude mcp add fetch -- npx -y mcp-fetch',
      '    - if: github.event_name == \'push\'', // 10: reads another context: may run for any caller
      '      shell: bash',
      '      run: claude mcp add other -- npx -y mcp-other',
      '    - shell: bash',
      '      run: claude -p "review" --max-turns 3',
      ''
    ].join('\n')
  })
  expectFindings(findings, [
    { file: '.github/actions/review/action.yml', line: 9, column: 27, endColumn: 32, severity: 'critical', message: 'MCP server fetch (added with `claude mcp add`) runs code resolved at launch (`npx mcp-fetch`: no version): the workflow starts it for the Claude run of .github/workflows/ci.yml job with-mcp, on the runner' },
    { file: '.github/actions/review/action.yml', line: 12, column: 27, endColumn: 32, severity: 'critical', message: 'MCP server other (added with `claude mcp add`) runs code resolved at launch (`npx mcp-other`: no version): the workflow starts it for the Claude run of .github/workflows/ci.yml job with-mcp, .github/workflows/ci.yml job without, on the runner' }
  ])
})

test('mcp-unpinned: a file --mcp-config names is started even inside .claude/, where Claude Code would not read it by itself', async () => {
  const findings = await runRule(RULE, {
    '.claude/.mcp.json': mcpJson({ srv: { command: 'npx', args: ['-y', 'some-srv'] } }),
    '.github/workflows/claude.yml': [
      'on: push',
      'jobs:',
      '  a:',
      '    runs-on: ubuntu-latest',
      '    steps:',
      '      - run: claude -p "go" --mcp-config ./.claude/.mcp.json --max-turns 2',
      ''
    ].join('\n')
  })
  expectFindings(findings, [
    { file: '.claude/.mcp.json', line: 3, column: 5, endColumn: 10, severity: 'critical', message: 'MCP server srv (given with `--mcp-config`) runs code resolved at launch (`npx some-srv`: no version)' }
  ])
})

test('mcp-unpinned: an mcp_config file an earlier step writes from a heredoc is read where the step writes it', async () => {
  const findings = await runRule(RULE, {
    '.github/workflows/triage.yml': [
      'on: issues', // 1
      'jobs:',
      '  triage:',
      '    runs-on: ubuntu-latest',
      '    steps:', // 5
      '      - run: |',
      '          mkdir -p /tmp/mcp',
      "          cat > /tmp/mcp/servers.json << 'EOF'",
      '          {',
      '            "mcpServers": {', // 10
      '              "github": {',
      '                "command": "docker",',
      '                "args": ["run", "-i", "--rm", "ghcr.io/github/github-mcp-server:sha-7aced2b"],',
      '                "env": { "GITHUB_PERSONAL_ACCESS_TOKEN": "${{ secrets.GITHUB_TOKEN }}" }',
      '              }', // 15
      '            }',
      '          }',
      '          EOF',
      '      - uses: anthropics/claude-code-base-action@beta',
      '        with:', // 20
      '          prompt: triage this issue',
      '          mcp_config: /tmp/mcp/servers.json',
      '          anthropic_api_key: ${{ secrets.ANTHROPIC_API_KEY }}',
      ''
    ].join('\n')
  })
  expectFindings(findings, [
    { file: '.github/workflows/triage.yml', line: 11, column: 15, endColumn: 23, severity: 'critical', message: 'MCP server github (given in the action\'s `mcp_config` input) runs code resolved at launch (`docker run ghcr.io/github/github-mcp-server:sha-7aced2b`: tag :sha-7aced2b, no digest)' }
  ])
})

test('mcp-unpinned: --mcp-config of claude -p in an input its action runs as a shell script (devcontainers/ci runCmd) is located inside the input', async () => {
  const findings = await runRule(RULE, {
    '.github/workflows/dc.yml': `on: push
jobs:
  review:
    runs-on: ubuntu-latest
    steps:
      - uses: devcontainers/ci@v0.3
        with:
          runCmd: |
            npm ci
            claude -p "review" --dangerously-skip-permissions --mcp-config '{"mcpServers":{"gh":{"command":"npx","args":["-y","@modelcontextprotocol/server-github"]}}}'
`
  })
  expectFindings(findings, [
    {
      file: '.github/workflows/dc.yml',
      line: 10,
      column: 92,
      endColumn: 96,
      severity: 'critical',
      message:
        'MCP server gh (given with `--mcp-config`) runs code resolved at launch (`npx @modelcontextprotocol/server-github`: no version): the workflow starts it for the Claude run of .github/workflows/dc.yml job review'
    }
  ])
})

test('mcp-unpinned: servers a plugin declares — a top-level .mcp.json, the manifest, a file it names, a marketplace entry', async () => {
  const findings = await runRule(RULE, {
    '.claude-plugin/marketplace.json': `{
  "name": "market",
  "plugins": [
    { "name": "listed", "source": "./plugins/listed" },
    { "name": "inline", "source": "./plugins/inline", "strict": false,
      "mcpServers": { "inl": { "command": "npx", "args": ["-y", "inline-mcp"] } } }
  ]
}
`,
    // The top-level form of a plugin's .mcp.json (no "mcpServers" wrapper).
    'plugins/fb/.claude-plugin/plugin.json': '{ "name": "firebase" }\n',
    'plugins/fb/.mcp.json': `{
  "firebase": {
    "command": "npx",
    "args": ["-y", "firebase-tools@latest", "mcp"]
  },
  "pinned": { "command": "npx", "args": ["-y", "pinned-mcp@1.2.3"] }
}
`,
    // A plugin only the marketplace lists (no manifest).
    'plugins/listed/.mcp.json': '{\n  "pw": { "command": "npx", "args": ["@playwright/mcp@latest"] }\n}\n',
    // Inline in the manifest, and a file the manifest names.
    'plugins/man/.claude-plugin/plugin.json': `{
  "name": "man",
  "mcpServers": {
    "db": { "command": "uvx", "args": ["db-mcp"] }
  }
}
`,
    'plugins/paths/.claude-plugin/plugin.json': '{ "name": "paths", "mcpServers": "./config/servers.json" }\n',
    'plugins/paths/config/servers.json': '{\n  "mcpServers": {\n    "img": { "command": "docker", "args": ["run", "-i", "ghcr.io/o/img:1.0"] }\n  }\n}\n',
    // OK: not a plugin's file: a top-level .mcp.json outside a plugin is no server file.
    'other/.mcp.json': '{\n  "x": { "command": "npx", "args": ["-y", "x-mcp"] }\n}\n',
    // OK: members that name no command, url or type are not servers (another editor's map).
    'plugins/vs/.claude-plugin/plugin.json': '{ "name": "vs" }\n',
    'plugins/vs/.mcp.json': '{\n  "$schema": "x",\n  "servers": { "y": { "command": "npx", "args": ["y-mcp"] } }\n}\n'
  })
  const PLUGIN = (p: string): string =>
    `; it is a server of plugin ${p}, which starts it on the machine of everyone who installs and enables the plugin`
  expectFindings(findings, [
    {
      file: '.claude-plugin/marketplace.json',
      line: 6,
      column: 23,
      endLine: 6,
      endColumn: 28,
      severity: 'high',
      message: '(`npx inline-mcp`: no version): whatever the registry, tag or branch serves that day runs with this session\'s permissions and environment' + PLUGIN('inline')
    },
    {
      file: 'plugins/fb/.mcp.json',
      line: 2,
      column: 3,
      endLine: 2,
      endColumn: 13,
      severity: 'high',
      message: '(`npx firebase-tools@latest`: tag @latest): whatever the registry, tag or branch serves that day runs with this session\'s permissions and environment' + PLUGIN('firebase')
    },
    { file: 'plugins/listed/.mcp.json', line: 2, column: 3, severity: 'high', message: '`npx @playwright/mcp@latest`: tag @latest)' },
    { file: 'plugins/man/.claude-plugin/plugin.json', line: 4, column: 5, severity: 'high', message: '(`uvx db-mcp`: no version)' },
    { file: 'plugins/paths/config/servers.json', line: 3, column: 5, severity: 'high', message: PLUGIN('paths') }
  ])
})
