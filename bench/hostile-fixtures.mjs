// Hostile repositories for the denial-of-service checks (issue 15, item 6):
// tiny or ordinary committed files that once made one audit take from 30 s to
// hours through backtracking regular expressions or repeated whole-file work.
// Each fixture is generated (nothing big is committed); `make(dir)` writes one.
// Used by bench/hostile.mjs (timings, target < 5 s each) and by
// test/hardening/dos.test.ts (a generous bound that only catches the
// catastrophic case).
import { mkdirSync, writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'

function put(dir, rel, text) {
  const abs = join(dir, rel)
  mkdirSync(dirname(abs), { recursive: true })
  writeFileSync(abs, text)
}

/** Settings registering `command` as a PreToolUse hook on Bash. */
function hookSettings(command) {
  return JSON.stringify({
    hooks: { PreToolUse: [{ matcher: 'Bash', hooks: [{ type: 'command', command }] }] }
  })
}

/**
 * Each fixture: a name, what it once cost, a writer, and the files the audit
 * must report as skipped (file-skipped) instead of analysing in full.
 */
export const FIXTURES = [
  {
    name: 'python-fstring-escapes',
    was: '31 s at 121 bytes, hours at 136 (string-literal regex of the Python taint scan)',
    make(dir) {
      put(dir, '.claude/settings.json', hookSettings('python3 "$CLAUDE_PROJECT_DIR/.claude/hooks/guard.py"'))
      put(
        dir,
        '.claude/hooks/guard.py',
        'import json,os,sys\nd=json.load(sys.stdin)\nos.system(f"\'' + '\\\\'.repeat(40) + 'x {d} " + d)\nsys.exit(2)\n'
      )
    }
  },
  {
    name: 'deny-rule-stars',
    was: '87-524 s (53-byte deny rule; stars turned into `.*`)',
    make(dir) {
      put(dir, '.claude/settings.json', JSON.stringify({ permissions: { deny: ['Bash(' + '*'.repeat(10) + '§)'] } }))
    }
  },
  {
    name: 'js-hook-stdin-braces',
    was: '52 s at 24 KB (JavaScript hook; JS_STDIN regex, cubic); this one is 48 KB',
    make(dir) {
      put(dir, '.claude/settings.json', hookSettings('node "$CLAUDE_PROJECT_DIR/.claude/hooks/guard.js"'))
      put(dir, '.claude/hooks/guard.js', '// guard\n' + '{ stdin '.repeat(6000) + '\nprocess.exit(2)\n')
    },
    // Not valid JavaScript: where the parser had to recover is reported.
    skipped: ['.claude/hooks/guard.js']
  },
  {
    name: 'workflow-unclosed-tojson',
    was: '43 s at 60 KB (unclosed `${{ toJSON(secrets)` repeated; cubic); this one is 120 KB',
    make(dir) {
      put(
        dir,
        '.github/workflows/w.yml',
        'on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo "' +
          '${{ toJSON(secrets) '.repeat(6000) +
          '"\n'
      )
    }
  },
  {
    name: 'claude-md-comment-openers',
    was: '32 s at 600 KB (CLAUDE.md of `<!--`; quadratic); this one is 2 MB',
    make(dir) {
      put(dir, 'CLAUDE.md', '<!--'.repeat(500_000))
    }
  },
  {
    name: 'suppression-openers-one-line',
    was: '185 s (2.5 MB of `claude-code-audit:ignore[` on one settings line)',
    make(dir) {
      const pad = 'claude-code-audit:ignore['.repeat(100_000)
      put(
        dir,
        '.claude/settings.json',
        `{"permissions": {"allow": ["Bash(*)", "Read(**)", "WebFetch"], "defaultMode": "bypassPermissions"}, "x": "${pad}"}`
      )
    }
  },
  {
    name: 'shell-hook-2mb',
    skipped: ['.claude/hooks/guard.sh'],
    was: '110 s and 573 MB (an ordinary 2 MB shell hook)',
    make(dir) {
      put(dir, '.claude/settings.json', hookSettings('bash "$CLAUDE_PROJECT_DIR/.claude/hooks/guard.sh"'))
      const body = [
        '#!/usr/bin/env bash',
        'set -euo pipefail',
        'input=$(cat)',
        'cmd=$(echo "$input" | jq -r .tool_input.command)',
        ''
      ]
      let i = 0
      let size = 0
      while (size < 2 * 1024 * 1024) {
        const line = `if [[ "$cmd" == *"pattern-${i}"* ]]; then echo "blocked ${i}" >&2; exit 2; fi`
        body.push(line)
        size += line.length + 1
        i++
      }
      body.push('exit 0', '')
      put(dir, '.claude/hooks/guard.sh', body.join('\n'))
    }
  },
  {
    name: 'thirty-thousand-handlers',
    skipped: ['.claude/settings.json'],
    was: '39 s and 1.6 GB (30,000 hook handlers)',
    make(dir) {
      const handlers = []
      for (let i = 0; i < 30_000; i++)
        handlers.push({ matcher: 'Bash', hooks: [{ type: 'command', command: `echo handler-${i}` }] })
      put(dir, '.claude/settings.json', JSON.stringify({ hooks: { PreToolUse: handlers } }))
    }
  },
  // The fixtures below are the rewrite families of the quadratic expressions that were on the
  // known-debt list of test/hardening/redos-allowlist.ts; "was" is the old code on this fixture.
  {
    name: 'settings-blank-and-slash-runs',
    was: '14.4 s (Bash + 60,000 blanks as an allow rule: parseRule; 60,000 slashes in an env value: home-path scan)',
    make(dir) {
      put(
        dir,
        '.claude/settings.json',
        JSON.stringify({
          permissions: { allow: ['Bash' + ' '.repeat(60_000) + 'x'] },
          env: { PROJECT_DIR: '/'.repeat(60_000) + 'x' }
        })
      )
    }
  },
  {
    name: 'workflow-if-contains-fromjson',
    was: '9.6 s (unclosed `contains(fromJSON(` × 20,000 in an `if:`: the actor-gate fallback)',
    make(dir) {
      put(
        dir,
        '.github/workflows/w.yml',
        'on: issue_comment\njobs:\n  a:\n    if: ${{ ' +
          'contains(fromJSON('.repeat(20_000) +
          ' }}\n    runs-on: ubuntu-latest\n    steps:\n      - run: npx @anthropic-ai/claude-code -p "triage this issue"\n'
      )
    }
  },
  {
    name: 'claude-md-backticks-and-blank-lines',
    was: '11.5 s (60,000 backticks on a line: code spans; 60,000 blank lines in a console block: prompt blanking)',
    make(dir) {
      put(dir, 'CLAUDE.md', 'Run x ' + '`'.repeat(60_000) + 'a\n\n```console\n' + '\n'.repeat(60_000) + 'cat x\n```\n')
    }
  },
  {
    name: 'mcp-url-unclosed-defaults',
    was: '7.0 s (`${A:-` × 20,000 unclosed in a URL: default expansion)',
    make(dir) {
      put(dir, '.mcp.json', JSON.stringify({ mcpServers: { s: { type: 'http', url: 'http://${A:-'.repeat(20_000) } } }))
    }
  },
  // Regular expressions built at run time from repository text (the glob of a deny rule, a hook matcher).
  {
    name: 'read-deny-glob-stars',
    was: 'over 120 s, killed (`Read(*a*a*a*a*a*a*b)` and a 200-character .claudeignore entry: minimatch segment expression)',
    make(dir) {
      put(dir, '.claude/settings.json', JSON.stringify({ permissions: { deny: ['Read(*a*a*a*a*a*a*b)'] } }))
      put(dir, '.claudeignore', 'a'.repeat(200) + '\n')
    }
  },
  {
    name: 'hook-matcher-nested-stars',
    was: 'over 120 s, killed (a 183-character hook matcher of nested `(.*)*`, tested on `Bash`)',
    make(dir) {
      const matcher = '('.repeat(60) + '.*' + ')*'.repeat(60) + 'X'
      put(
        dir,
        '.claude/settings.json',
        JSON.stringify({ hooks: { PreToolUse: [{ matcher, hooks: [{ type: 'command', command: 'exit 0' }] }] } })
      )
    }
  }
]
