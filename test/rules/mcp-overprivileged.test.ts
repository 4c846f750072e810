import { test } from 'node:test'
import { runRule, expectFindings } from './harness.js'

const RULE = 'mcp-overprivileged'

/** One server per line: the server on line N is the (N - 2)th. */
function mcpJson(servers: Record<string, unknown>): string {
  const lines = Object.entries(servers).map(([k, v]) => `    ${JSON.stringify(k)}: ${JSON.stringify(v)}`)
  return `{\n  "mcpServers": {\n${lines.join(',\n')}\n  }\n}\n`
}

test('mcp-overprivileged: database servers as superuser or without read-only', async () => {
  const findings = await runRule(RULE, {
    '.mcp.json': mcpJson({
      pgSuper: { command: 'npx', args: ['-y', 'postgres-mcp@1.0.0', 'postgresql://postgres:${PGPASS}@db:5432/app'] }, // NOT OK (3)
      mysqlRoot: {
        command: 'npx',
        args: ['-y', '@benborla29/mcp-server-mysql@2.0.0'],
        env: { MYSQL_USER: 'root', MYSQL_HOST: 'db' }
      }, // NOT OK (4)
      mssql: { command: 'uvx', args: ['mssql-mcp@1.0.0'], env: { CONN: 'Server=db;User Id=sa;Password=${P}' } }, // NOT OK (5)
      userFlag: { command: 'uvx', args: ['dbhub@1.0.0', '--dsn', 'mysql://app@db/x', '-U', 'admin'] }, // NOT OK (6)
      writable: { command: 'npx', args: ['-y', 'mcp-server-sqlite@1.0.0', '--db', 'data.db'] }, // NOT OK (7): no read-only
      readOnly: { command: 'npx', args: ['-y', '@supabase/mcp-server-supabase@1.0.0', '--read-only'] }, // OK
      envRO: { command: 'npx', args: ['-y', 'mongodb-mcp-server@1.0.0'], env: { MDB_MCP_READ_ONLY: 'true' } }, // OK
      official: {
        command: 'npx',
        args: ['-y', '@modelcontextprotocol/server-postgres@0.6.2', 'postgresql://reader@db/app']
      }, // OK: read-only by design
      appUser: {
        command: 'npx',
        args: ['-y', 'pg-mcp@1.0.0', 'postgresql://app_ro:x@db/app?default_transaction_read_only=on']
      }, // OK
      notDb: { command: 'npx', args: ['-y', 'weather@1.0.0'], env: { USER: 'root' } } // OK: not a database
    })
  })
  expectFindings(findings, [
    { file: '.mcp.json', line: 3, column: 5, endColumn: 14, severity: 'high', message: 'as `postgres`, a superuser' },
    { line: 4, column: 5, message: 'as `root`' },
    { line: 5, column: 5, message: 'as `sa`' },
    { line: 6, column: 5, message: 'as `admin`' },
    {
      line: 7,
      column: 5,
      confidence: 'medium',
      message: 'MCP server writable reaches a database with no read-only option'
    }
  ])
})

test('mcp-overprivileged: filesystem servers rooted at /, home or above the repository', async () => {
  const findings = await runRule(RULE, {
    '.mcp.json': mcpJson({
      root: { command: 'npx', args: ['-y', '@modelcontextprotocol/server-filesystem@2025.1.1', '/'] }, // NOT OK (3)
      home: { command: 'npx', args: ['-y', '@modelcontextprotocol/server-filesystem@2025.1.1', '~'] }, // NOT OK (4)
      homeVar: { command: 'npx', args: ['-y', '@modelcontextprotocol/server-filesystem@2025.1.1', './src', '${HOME}'] }, // NOT OK (5)
      parent: { command: 'npx', args: ['-y', '@modelcontextprotocol/server-filesystem@2025.1.1', '../'] }, // NOT OK (6)
      userDir: { command: 'npx', args: ['-y', '@modelcontextprotocol/server-filesystem@2025.1.1', '/Users/alice'] }, // NOT OK (7)
      repo: {
        command: 'npx',
        args: ['-y', '@modelcontextprotocol/server-filesystem@2025.1.1', '${CLAUDE_PROJECT_DIR:-.}', './docs']
      } // OK
    })
  })
  expectFindings(findings, [
    { line: 3, column: 5, message: 'exposes the filesystem root (`/`)' },
    { line: 4, column: 5, message: 'exposes the home directory (`~`)' },
    { line: 5, column: 5, message: 'exposes the home directory (`${HOME}`)' },
    { line: 6, column: 5, message: 'a directory above the repository (`../`)' },
    { line: 7, column: 5, message: 'a home directory (`/Users/alice`)' }
  ])
})

test('mcp-overprivileged: committed enableAllProjectMcpServers: true', async () => {
  const findings = await runRule(RULE, {
    '.claude/settings.json': '{\n  "enableAllProjectMcpServers": true\n}\n', // NOT OK
    'pkg/.claude/settings.json': '{\n  "enableAllProjectMcpServers": false\n}\n' // OK
  })
  expectFindings(findings, [
    {
      file: '.claude/settings.json',
      line: 2,
      column: 33,
      endColumn: 37,
      severity: 'high',
      message: 'approves every server in .mcp.json'
    }
  ])
})

test('mcp-overprivileged: an untracked settings.local.json is personal and not reported', async () => {
  const files = {
    '.claude/settings.local.json': '{"enableAllProjectMcpServers": true}',
    'README.md': 'x'
  }
  expectFindings(await runRule(RULE, files, { git: ['README.md'] }), [])
  expectFindings(await runRule(RULE, files, { git: true }), [{ file: '.claude/settings.local.json', line: 1 }])
})

test('mcp-overprivileged: malformed and empty configuration passes', async () => {
  expectFindings(
    await runRule(RULE, { '.mcp.json': '{"mcpServers": {"x": {"command": 5, "args": "no"}}}', 'a/.mcp.json': '' }),
    []
  )
})

test('mcp-overprivileged: read-only switches are judged by their values, not their names', async () => {
  const findings = await runRule(RULE, {
    '.mcp.json': mcpJson({
      mysqlOff: {
        command: 'npx',
        args: ['-y', '@benborla29/mcp-server-mysql@2.0.1'],
        env: { MYSQL_USER: 'app', MYSQL_READONLY: 'false', ALLOW_DELETE_OPERATION: 'true' }
      }, // NOT OK (3): switched off
      dbName: { command: 'npx', args: ['-y', 'pg-mcp@1.0.0', 'postgresql://app:${P}@db/readonly_reports'] }, // NOT OK (4): a database name is no option
      flagOff: { command: 'npx', args: ['-y', '@supabase/mcp-server-supabase@1.0.0', '--read-only=false'] }, // NOT OK (5)
      writes: { command: 'npx', args: ['-y', 'mysql-mcp@1.0.0'], env: { ALLOW_INSERT_OPERATION: 'true' } }, // NOT OK (6): no option, writes on
      modeRw: { command: 'uvx', args: ['postgres-mcp@0.3.0', '--access-mode=unrestricted'] }, // NOT OK (7)
      envOn: { command: 'npx', args: ['-y', 'mysql-mcp@1.0.0'], env: { MYSQL_READONLY: '1' } }, // OK
      envRef: { command: 'npx', args: ['-y', 'mysql-mcp@1.0.0'], env: { READ_ONLY: '${DB_READ_ONLY}' } }, // OK: set elsewhere
      modeRo: { command: 'uvx', args: ['postgres-mcp@0.3.0', '--access-mode', 'restricted'] }, // OK
      pgOpts: { command: 'npx', args: ['-y', 'pg-mcp@1.0.0'], env: { PGOPTIONS: '-c default_transaction_read_only=on' } }, // OK
      roPackage: { command: 'npx', args: ['-y', '@acme/postgres-mcp-readonly@1.0.0'] } // OK: read-only by design
    })
  })
  expectFindings(findings, [
    {
      file: '.mcp.json',
      line: 3,
      column: 5,
      endColumn: 15,
      severity: 'high',
      confidence: 'high',
      message:
        'MCP server mysqlOff reaches a database with its read-only option switched off (`MYSQL_READONLY=false`, `ALLOW_DELETE_OPERATION=true`): every statement the model is talked into running can write'
    },
    { line: 4, column: 5, confidence: 'medium', message: 'MCP server dbName reaches a database with no read-only option: every statement' },
    { line: 5, column: 5, confidence: 'high', message: 'MCP server flagOff reaches a database with its read-only option switched off (`--read-only=false`)' },
    {
      line: 6,
      column: 5,
      confidence: 'high',
      message: 'MCP server writes reaches a database with no read-only option, and `ALLOW_INSERT_OPERATION=true` turns writes on: every statement'
    },
    { line: 7, column: 5, message: 'MCP server modeRw reaches a database with its read-only option switched off (`--access-mode=unrestricted`)' }
  ])
})

test('mcp-overprivileged: a server started by a repository shell script is judged by what the script runs', async () => {
  const findings = await runRule(RULE, {
    '.mcp.json': `{
  "mcpServers": {
    "supabase": { "command": "bash", "args": ["scripts/supabase.sh"] },
    "supabaseRo": { "command": "bash", "args": ["scripts/supabase-ro.sh"] },
    "tools": { "command": "./scripts/tools.sh" }
  }
}
`,
    'scripts/supabase.sh': '#!/bin/bash\nset -a\nsource .env.local\nexec npx -y @supabase/mcp-server-supabase@0.5.0 --project-ref=abc\n', // NOT OK: no read-only option
    'scripts/supabase-ro.sh': '#!/bin/bash\nexport SUPABASE_READ_ONLY=true\nexec npx -y @supabase/mcp-server-supabase@0.5.0\n', // OK: read-only switched on
    'scripts/tools.sh': '#!/bin/sh\necho starting >&2\nnpx -y @acme/db-mcp@1.0.0 "postgresql://postgres:pw@db.example.com/app"\n' // NOT OK: superuser
  })
  expectFindings(findings, [
    { file: '.mcp.json', line: 3, column: 5, endColumn: 15, message: 'MCP server supabase reaches a database with no read-only option' },
    { line: 5, column: 5, endColumn: 12, message: 'MCP server tools connects to its database as `postgres`, a superuser' }
  ])
})

test("mcp-overprivileged: servers a workflow gives its Claude run itself (the action's mcp_config, claude mcp add) are judged where named", async () => {
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
      '                "db": { "command": "npx", "args": ["-y", "pg-mcp@1.0.0", "postgresql://postgres:${PGPASS}@db/app"] },',
      '                "ro": { "command": "npx", "args": ["-y", "pg-mcp@1.0.0", "--read-only", "postgresql://app@db/app"] }',
      '              }',
      '            }', // 15
      '  cli:',
      '    runs-on: ubuntu-latest',
      '    steps:',
      '      - run: |',
      '          claude mcp add fs -- npx -y @modelcontextprotocol/server-filesystem@2025.1.1 /', // 20
      '          claude mcp add docs -- npx -y @modelcontextprotocol/server-filesystem@2025.1.1 ./docs',
      '          claude -p "review" --max-turns 3',
      ''
    ].join('\n')
  })
  expectFindings(findings, [
    { file: '.github/workflows/claude.yml', line: 12, column: 17, endColumn: 21, severity: 'high', message: 'MCP server db connects to its database as `postgres`, a superuser' },
    { file: '.github/workflows/claude.yml', line: 20, column: 26, endColumn: 28, severity: 'high', message: 'MCP server fs exposes the filesystem root (`/`) to the model' }
  ])
})

test('mcp-overprivileged: servers a plugin declares in its manifest or in a top-level .mcp.json', async () => {
  const findings = await runRule(RULE, {
    'plugins/db/.claude-plugin/plugin.json': [
      '{',
      '  "name": "db",',
      '  "mcpServers": {',
      '    "pg": { "command": "npx", "args": ["-y", "postgres-mcp@1.0.0", "postgresql://postgres:${PGPASS}@db:5432/app"] }', // NOT OK (4)
      '  }',
      '}',
      ''
    ].join('\n'),
    'plugins/fs/.claude-plugin/plugin.json': '{ "name": "fs" }\n',
    'plugins/fs/.mcp.json': '{\n  "files": { "command": "npx", "args": ["-y", "@modelcontextprotocol/server-filesystem@0.6.2", "~"] }\n}\n' // NOT OK (2)
  })
  expectFindings(findings, [
    { file: 'plugins/db/.claude-plugin/plugin.json', line: 4, column: 5, endColumn: 9, severity: 'high', message: 'MCP server pg connects to its database as `postgres`, a superuser' },
    { file: 'plugins/fs/.mcp.json', line: 2, column: 3, endColumn: 10, severity: 'high', message: 'MCP server files exposes the home directory (`~`) to the model' }
  ])
})
