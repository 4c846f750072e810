/**
 * --verify-hooks inside the rules: what a guard does when it runs replaces what
 * reading it suggests, in both directions.
 */
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { runRule, expectFindings } from './harness.js'

const SETTINGS = (cmd: string): string =>
  JSON.stringify({ hooks: { PreToolUse: [{ matcher: 'Bash', hooks: [{ type: 'command', command: cmd, timeout: 5 }] }] } }, null, 2) + '\n'

const ARG_GUARD = { text: '#!/bin/sh\ncase "$1" in *"rm -rf"*) exit 2;; esac\nexit 0\n', mode: 0o755 }

// Correct, but written so static reading cannot prove it: the decision is data-driven
// and the exit status is set through process.exitCode.
const NODE_GUARD = {
  text: `#!/usr/bin/env node
const rules = ['rm -rf', '| sh', '| bash', 'push --force', 'DROP TABLE'].map((s) => s.toLowerCase())
let raw = ''
process.stdin.on('data', (d) => (raw += d))
process.stdin.on('end', () => {
  let verdict = 2
  try {
    const cmd = String(JSON.parse(raw).tool_input.command).toLowerCase()
    verdict = rules.some((r) => cmd.includes(r)) ? 2 : 0
  } catch {}
  process.exitCode = verdict
})
`,
  mode: 0o755
}

test('verify-hooks: a guard reading $1 is caught letting dangerous commands through', async () => {
  const files = { '.claude/settings.json': SETTINGS('"$CLAUDE_PROJECT_DIR"/.claude/hooks/guard.sh'), '.claude/hooks/guard.sh': ARG_GUARD }
  const findings = await runRule('dangerous-commands-unguarded', files, { verifyHooks: true })
  expectFindings(findings, [{ file: '.claude/settings.json', line: 1, confidence: 'high', message: /verified by running the PreToolUse hooks: `rm -rf \/` → allowed \(exit 0\)/ }])
})

test('verify-hooks: an unusual but correct Node guard produces no finding', async () => {
  const files = { '.claude/settings.json': SETTINGS('node "$CLAUDE_PROJECT_DIR"/.claude/hooks/guard.mjs'), '.claude/hooks/guard.mjs': NODE_GUARD }
  for (const rule of ['hook-fail-open', 'dangerous-commands-unguarded']) {
    const findings = await runRule(rule, files, { verifyHooks: true })
    assert.deepEqual(findings.map((f) => f.message), [], rule)
  }
})

test('verify-hooks: a guard that crashes on malformed input is reported as failing open, with evidence', async () => {
  const files = {
    '.claude/settings.json': SETTINGS('python3 "$CLAUDE_PROJECT_DIR"/.claude/hooks/guard.py'),
    '.claude/hooks/guard.py': {
      text: 'import json, sys\ndata = json.load(sys.stdin)\nif "rm -rf" in data["tool_input"]["command"] or "| sh" in data["tool_input"]["command"] or "| bash" in data["tool_input"]["command"] or "--force" in data["tool_input"]["command"] or "DROP TABLE" in data["tool_input"]["command"]:\n    print("blocked", file=sys.stderr)\n    sys.exit(2)\n',
      mode: 0o755
    }
  }
  const findings = await runRule('hook-fail-open', files, { verifyHooks: true })
  assert.ok(
    findings.some((f) => f.file === '.claude/settings.json' && /ran this PreToolUse guard against real payloads: it fails open on `malformed JSON` → (crashed|allowed) \(exit 1/.test(f.message)),
    findings.map((f) => `${f.file}:${f.line} ${f.message}`).join('\n')
  )
})
