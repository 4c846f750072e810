/**
 * The terminal report in the style of rustc and zizmor: per entry the rule's
 * description, the location, the offending line with the span underlined
 * and the message, one help line; grouped by file; the verdict last.
 */
import assert from 'node:assert/strict'
import { test } from 'node:test'
import { renderText } from '../../src/report/text.js'
import { finding, result } from './helpers.js'

const LINES: Record<string, string[]> = {
  '.mcp.json': ['{', '  "mcpServers": {', '    "x": {', '      "args": ["-y", "some-server"]'],
  'settings.json': ['{', '  "env": { "ANTHROPIC_API_KEY": "sk-ant-api03-abcdefghijklmnop" }']
}
const readLine = (file: string, line: number): string | undefined => LINES[file]?.[line - 1]

test('an entry: title, location, excerpt with the span underlined, help; the verdict last', () => {
  const f = finding({ line: 4, column: 17, endLine: 4, endColumn: 30, tip: 'pin it' })
  const text = renderText(result([f]), { color: false, rootLabel: '.', readLine })
  assert.ok(
    text.includes(
      '.mcp.json\n' +
        'high[mcp-unpinned]: MCP server code resolved at run time\n' +
        '  --> .mcp.json:4:17\n' +
        '4 |       "args": ["-y", "some-server"]\n' +
        '  |                 ^^^^^^^^^^^^^ MCP server "x" runs an unpinned package.\n' +
        '  = help: pin it\n'
    ),
    text
  )
  assert.ok(text.endsWith('\n✖ 1 finding at or above high — failing (exit 1)\n'))
  const passing = renderText(result([f]), { color: false, rootLabel: '.', readLine, failOn: 'critical' })
  assert.ok(passing.endsWith('\n✔ no findings at or above critical\n'))
  // Below fail-on: location and message only (no excerpt, no help) unless --verbose.
  assert.ok(!passing.includes('^^^') && !passing.includes('help:'))
  assert.ok(renderText(result([f]), { color: false, rootLabel: '.', readLine, failOn: 'critical', verbose: true }).includes('^^^'))
})

test('the excerpt of a credential finding never shows the credential', () => {
  const f = finding({ ruleId: 'hardcoded-secret', file: 'settings.json', line: 2, column: 33, endLine: 2, endColumn: 63, message: 'key' })
  const text = renderText(result([f]), { color: false, rootLabel: '.', readLine })
  assert.ok(!text.includes('abcdefghijklmnop'), text)
  assert.ok(text.includes('"ANTHROPIC_API_KEY": "sk-……'), text)
})
