import { test } from 'node:test'
import assert from 'node:assert/strict'
import fc from 'fast-check'
import { runRule, expectFindings } from './harness.js'
import { literalTail, mayEndWith } from '../../src/rules/mcp-injection-surface-undocumented.js'
import { linearGlob } from '../../src/core/glob.js'

const RULE = 'mcp-injection-surface-undocumented'

function mcpJson(servers: Record<string, unknown>): string {
  const lines = Object.entries(servers).map(([k, v]) => `    ${JSON.stringify(k)}: ${JSON.stringify(v)}`)
  return `{\n  "mcpServers": {\n${lines.join(',\n')}\n  }\n}\n`
}

const SERVERS = mcpJson({
  github: { command: 'npx', args: ['-y', '@modelcontextprotocol/server-github@2025.4.8'] }, // reads issues and PRs (3)
  playwright: { command: 'npx', args: ['@playwright/mcp@0.0.30'] }, // browser (4)
  fetch: { command: 'uvx', args: ['mcp-server-fetch@2025.1.17'] }, // web (5)
  calc: { command: 'node', args: ['./tools/calc.js'] } // OK: reads nothing external
})

test('mcp-injection-surface-undocumented: servers reading external content need a threat-model entry', async () => {
  const findings = await runRule(RULE, { '.mcp.json': SERVERS })
  expectFindings(findings, [
    {
      file: '.mcp.json',
      line: 3,
      column: 5,
      endColumn: 13,
      severity: 'medium',
      message: 'MCP server github feeds issues, pull requests and code from a code host to the model'
    },
    { line: 4, column: 5, message: 'MCP server playwright feeds pages a browser loads' },
    { line: 5, column: 5, message: 'MCP server fetch feeds fetched web pages' }
  ])
})

test('mcp-injection-surface-undocumented: a server is classified by what it is, not by the folders of the machine its script sits on', async () => {
  // Regression: "GitHub" in `C:/Users/Dell/Documents/GitHub/...` (GitHub Desktop's clone folder) made local servers code-host readers.
  const findings = await runRule(RULE, {
    '.mcp.json': mcpJson({
      scout: { command: 'node', args: ['C:/Users/Dell/Documents/GitHub/app/mcp-servers/scout-mcp/index.js'] }, // OK (3)
      tts: { command: 'python', args: ['C:\\Users\\ana\\source\\repos\\GitHub\\voice\\server.py'] }, // OK: Visual Studio's clone folders (4)
      notes: { command: 'node', args: ['/Users/ana/GitHub/notes/index.js'] }, // OK (5)
      gh: { command: 'node', args: ['/Users/ana/code/github-mcp/dist/index.js'] }, // NOT OK: the server's own folder (6)
      pages: { command: 'node', args: ['~/Documents/GitHub/tools/browser-mcp/index.js'] } // NOT OK: a browser (7)
    })
  })
  expectFindings(findings, [
    { file: '.mcp.json', line: 6, column: 5, endColumn: 9, message: 'MCP server gh feeds issues, pull requests and code from a code host to the model' },
    { file: '.mcp.json', line: 7, column: 5, endColumn: 12, message: 'MCP server pages feeds pages a browser loads to the model' }
  ])
})

test('mcp-injection-surface-undocumented: a threat-model document naming the server passes it', async () => {
  const findings = await runRule(RULE, {
    '.mcp.json': SERVERS,
    'SECURITY.md':
      '# Security\n\n## Prompt injection\n\nThe `github` server returns issue text written by anyone.\nThe fetch server returns arbitrary pages.\n',
    // Names playwright, but is not about threats: does not count.
    'docs/tools.md': '# Tools\n\nWe use playwright for UI checks.\n'
  })
  expectFindings(findings, [{ line: 4, message: 'MCP server playwright' }])
})

test('mcp-injection-surface-undocumented: the documents option replaces the default globs', async () => {
  const findings = await runRule(
    RULE,
    {
      '.mcp.json': SERVERS,
      'SECURITY.md': 'Untrusted content: github, playwright, fetch.\n', // not in the configured documents
      'threat-model/mcp.txt': 'Prompt injection surface: github, playwright.\n'
    },
    { options: { documents: ['threat-model/*.txt'] } }
  )
  expectFindings(findings, [{ line: 5, message: 'MCP server fetch' }])
})

test('mcp-injection-surface-undocumented: no servers, malformed file', async () => {
  expectFindings(await runRule(RULE, { '.mcp.json': '{"mcpServers": {' }), [])
  expectFindings(await runRule(RULE, { 'SECURITY.md': 'prompt injection' }), [])
})

test('mcp-injection-surface-undocumented: a doc naming the server outside its threat discussion does not document it', async () => {
  const spec = `# Tech spec

## Testing

### E2E
- Tool: Playwright (drives the app in a browser)

## Security

### AI features
Prompt injection: user prompts are stripped of instructions before they reach the model.
`
  const findings = await runRule(RULE, { '.mcp.json': SERVERS, '.claude/templates/tech.md': spec })
  expectFindings(findings, [
    { line: 3, message: 'MCP server github' },
    { line: 4, message: 'MCP server playwright' },
    { line: 5, message: 'MCP server fetch' }
  ])
  // Named in the section that discusses the threat (or under a heading that does): documented.
  const documented = spec.replace(
    'before they reach the model.\n',
    'before they reach the model.\n\n#### MCP servers\nplaywright and fetch return page text: treat it as untrusted.\n\n```\ngithub: read-only token\n```\n'
  )
  expectFindings(await runRule(RULE, { '.mcp.json': SERVERS, 'docs/tech.md': documented }), [])
  // A heading in a code fence starts no section: the github line stays in the MCP section.
  expectFindings(
    await runRule(RULE, {
      '.mcp.json': SERVERS,
      'docs/mcp-notes.md': '## Untrusted content\n\nplaywright, fetch\n\n```sh\n# github\n```\ngithub returns issue text.\n'
    }),
    []
  )
})

test('mcp-injection-surface-undocumented: browser-automation servers are recognised by package or image', async () => {
  const findings = await runRule(RULE, {
    '.mcp.json': mcpJson({
      web: { command: 'npx', args: ['@playwright/mcp@0.0.30', '--isolated'] },
      pptr: { command: 'docker', args: ['run', '-i', '--rm', 'mcp/puppeteer'] },
      devtools: { command: 'npx', args: ['chrome-devtools-mcp@0.6.0'] },
      bb: { command: 'npx', args: ['@browserbasehq/mcp-server-browserbase'] },
      bu: { command: 'uvx', args: ['browser-use[cli]', '--mcp'] },
      bm: { command: 'npx', args: ['@browsermcp/mcp@0.1.3'] }
    })
  })
  expectFindings(
    findings,
    [3, 4, 5, 6, 7, 8].map((line) => ({ line, column: 5, message: 'feeds pages a browser loads to the model' }))
  )
})

test('mcp-injection-surface-undocumented: the tail test before each glob is a necessary condition', () => {
  assert.equal(literalTail('docs/**/*.md'), '.md')
  assert.equal(literalTail('SECURITY.md'), 'security.md')
  assert.equal(literalTail('docs/**'), '')
  assert.equal(literalTail('*.{md,txt}'), '')
  assert.equal(literalTail('!docs/*.md'), '')
  assert.equal(literalTail('a/b[x]Y_1-z.Md'), 'y_1-z.md')
  // Every path a glob matches (nocase, dot) passes the tail test: globs and paths drawn from
  // pieces with glob syntax, case changes, non-ASCII letters that fold to ASCII in other modes
  // (Kelvin sign, long s, dotted capital I) and trailing slashes.
  const globPieces = ['*', '**', '/', '?', '.md', '.MD', 'md', 'M', 'd', 'docs', 'x', '[a-z]', '[!.]', '{a,b}', '{md,txt}', '+(md|x)', '@(m)', '!', '\\', '-', '_', 'k', 's', 'i']
  const pathPieces = ['/', '.md', '.MD', '.Md', 'md', 'docs', 'x', 'a', 'b', 'txt', 'K', '\u212a', '\u017f', '\u0130', 'k', 's', 'i', '-', '_', '.']
  fc.assert(
    fc.property(
      fc.array(fc.constantFrom(...globPieces), { minLength: 1, maxLength: 6 }),
      fc.array(fc.constantFrom(...pathPieces), { minLength: 1, maxLength: 8 }),
      (g, p) => {
        const glob = g.join('')
        const path = p.join('')
        if (linearGlob(glob, { dot: true, nocase: true }).match(path)) assert.ok(mayEndWith(path, literalTail(glob)), `${glob} ${path}`)
      }
    ),
    { numRuns: 20000, seed: 21 }
  )
})

test('mcp-injection-surface-undocumented: configured globs with other cases, braces and negations', async () => {
  const findings = await runRule(
    RULE,
    {
      '.mcp.json': SERVERS,
      'Threat/GITHUB.MD': 'Prompt injection: github.\n', // `threat/*.md`, nocase
      'notes/web.txt': 'Untrusted pages: playwright.\n', // `notes/*.{txt,md}`
      'docs/fetch.md': 'Threat model: fetch.\n' // excluded by nothing: `!docs/other.md` matches it
    },
    { options: { documents: ['threat/*.md', 'notes/*.{txt,md}', '!docs/other.md'] } }
  )
  expectFindings(findings, [])
})

test('mcp-injection-surface-undocumented: a plugin server at the top level of its .mcp.json; a git package source is not what a server reads', async () => {
  const findings = await runRule(RULE, {
    'plugins/gh/.claude-plugin/plugin.json': '{ "name": "gh" }\n',
    'plugins/gh/.mcp.json': '{\n  "github": { "type": "http", "url": "https://api.githubcopilot.com/mcp/" }\n}\n', // NOT OK (2)
    // OK: the code comes from GitHub; the server reads the local project, not a code host.
    '.mcp.json': mcpJson({ serena: { command: 'uvx', args: ['--from', 'git+https://github.com/oraios/serena', 'serena', 'start-mcp-server'] } })
  })
  expectFindings(findings, [
    {
      file: 'plugins/gh/.mcp.json',
      line: 2,
      column: 3,
      endColumn: 11,
      severity: 'medium',
      message: 'MCP server github feeds issues, pull requests and code from a code host to the model'
    }
  ])
})
