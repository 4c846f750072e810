/**
 * The linear rewrites of regular expressions that backtracked super-linearly
 * on repository text (issue 15, item 6) do exactly what the expressions did.
 * Each old expression is kept here (tests are not scanned by the ReDoS test)
 * and compared with its replacement on thousands of short random strings over
 * the characters that matter to it (short, so the old expression stays fast).
 * The cost of the old forms on long inputs is measured by the hostile
 * fixtures of bench/hostile-fixtures.mjs (`npm run bench:hostile`).
 */
import { test } from 'node:test'
import assert from 'node:assert/strict'
import fc from 'fast-check'
import { cutAtFirstInLastLine, lastLine, splitOnSeparators, trimEndChar } from '../../src/core/linear-text.js'
import { keyLine } from '../../src/parse/doc.js'
import { claudeEnvLine } from '../../src/analysis/claude-run.js'
import { allPaths, isAllContent, parseRule, withoutTrailingWildcard } from '../../src/analysis/permission-rules.js'
import { actorGate, nameBefore } from '../../src/analysis/workflow-security.js'
import { POSIX } from '../../src/analysis/machine-paths.js'
import { hasStarAfterEquals } from '../../src/analysis/mcp-launch.js'
import { awsThenSecret } from '../../src/secrets/detectors.js'
import { namesBaseUrlVariable } from '../../src/rules/custom-api-endpoint.js'
import { mentionsForcePush, mentionsRecursiveRm } from '../../src/rules/dangerous-commands-unguarded.js'
import { codeSpans } from '../../src/rules/full-repo-read.js'
import { withDefaults } from '../../src/rules/mcp-insecure-transport.js'
import { FUZZ_SEED } from './helpers.js'

const RUNS = Number(process.env.FUZZ_RUNS ?? 3000)

/** Strings of up to `max` characters drawn from `chars` (pieces may be several characters long). */
function over(chars: readonly string[], max = 40): fc.Arbitrary<string> {
  return fc.array(fc.constantFrom(...chars), { maxLength: max }).map((a) => a.join(''))
}

function same<T>(name: string, arb: fc.Arbitrary<string>, old: (s: string) => T, now: (s: string) => T): void {
  fc.assert(
    fc.property(arb, (s) => {
      assert.deepEqual(now(s), old(s), `${name} on ${JSON.stringify(s)}`)
    }),
    { seed: FUZZ_SEED, numRuns: RUNS }
  )
}

const LT = ['\n', '\r', '\u2028', '\u2029']
const BLANKS = [' ', '\t', ...LT]

test('trailing-run and last-line cuts', () => {
  same(
    'trimEndChar /',
    over(['/', 'a', '/', ' ', '\n']),
    (s) => s.replace(/\/+$/, ''),
    (s) => trimEndChar(s, '/')
  )
  same(
    'trimEndChar *',
    over(['*', 'a', '*', ' ']),
    (s) => s.replace(/\*+$/, ''),
    (s) => trimEndChar(s, '*')
  )
  same(
    'cut at @',
    over(['@', 'a', 'v1', '/', ...LT]),
    (s) => s.replace(/@.*$/, ''),
    (s) => cutAtFirstInLastLine(s, '@')
  )
  same(
    '.git url',
    over(['.git', '#', 'x', '.GIT', 'g', ...LT]),
    (s) => /\.git(#.*)?$/i.test(s),
    (s) => /\.git$/i.test(s) || /\.git#/i.test(lastLine(s))
  )
})

test('key: value lines', () => {
  same(
    'doc.ts keyLine',
    over(['a', 'b-', '_', '1', ':', ' ', '\t', '\r', '\u2028', 'x']),
    (s) => /^([A-Za-z_][\w-]*)[ \t]*:(?:[ \t]+|$)(.*)$/.exec(s)?.slice(0, 3),
    (s) => keyLine(s)
  )
  same(
    'claude_env line',
    over(['A', 'b', '_', '1', ':', '-', 'x', ...BLANKS]),
    (s) => /^\s*([A-Za-z_][\w]*)\s*:\s*(.*)$/.exec(s)?.slice(0, 3),
    (s) => claudeEnvLine(s)
  )
})

test('permission-rule shapes', () => {
  const chars = ['Bash', 'Read', '(', ')', '*', '**', ':', '/', '.', '~', 'x', '-', ...BLANKS]
  same(
    'parseRule',
    over(chars),
    (s) => {
      const m = /^\s*([A-Za-z0-9_*.-]+)\s*(?:\(([\s\S]*)\))?\s*$/.exec(s)
      return m ? { tool: m[1], content: m[2] } : undefined
    },
    parseRule
  )
  same('isAllContent', over(chars, 12), (s) => /^\s*(\*|\*\*|:\*|\*\*\/\*|\*\*\/\*\*)?\s*$/.test(s), isAllContent)
  same('allPaths', over(chars, 12), (s) => /^\s*(\/\/|~\/|\.\/|\/)?(\*|\*\*)?(\/\*\*?)?\s*$/.test(s), allPaths)
  same(
    'trailing wildcard',
    over(chars),
    (s) => s.replace(/(:\*|\s+\*|\*)$/, '').trim(),
    (s) => withoutTrailingWildcard(s).trim()
  )
})

test('separator splits (compound commands)', () => {
  const chars = ['a', 'b', '|', '&', ';', ' ', '\t', '\n', 'x']
  same(
    'dangerous-commands parts',
    over(chars),
    (s) => s.split(/\s*(?:\|\||&&|\|&|[|;&])\s*/).filter(Boolean),
    (s) => splitOnSeparators(s, ['||', '&&', '|&', '|', ';', '&'])
  )
  same(
    'run-hooks parts',
    over(chars),
    (s) =>
      s
        .split(/\s*(?:&&|\|\||\|&|[;|&\n])\s*/)
        .map((p) => p.trim())
        .filter(Boolean),
    (s) =>
      splitOnSeparators(s, ['&&', '||', '|&', ';', '|', '&', '\n'])
        .map((p) => p.trim())
        .filter(Boolean)
  )
})

test('guard-script line tests: rm -r and push --force', () => {
  same(
    'rm recursive',
    over(['rm', ' ', '-', 'r', 'R', 'f', '[', ']', '*', '\\', 'x', 'recursive', '\n', 'a'.repeat(30)], 30),
    (s) => /\brm\b[^\n]{0,80}?(?:-[\w[\]*\\-]*[rR]|recursive)/.test(s),
    mentionsRecursiveRm
  )
  same(
    'push force',
    over(['push', 'git ', ' ', '-f', '--force', '-', 'f', "'", '"', '(', '|', '\\', '\n', '\r', 'x', '_']),
    (s) => /\bpush\b[^\n]*(?:--force|(?:^|[\s'"(|\\])-f\b)|(?:--force|\s-f\b)[^\n]*\bpush\b/.test(s),
    mentionsForcePush
  )
})

test('markdown: inline code spans', () => {
  same(
    'code spans',
    over(['`', '``', 'a', ' ', 'cat x']),
    (s) => [...s.matchAll(/(`+)([^`]+?)\1(?!`)/g)].map((c) => ({ start: (c.index ?? 0) + c[1].length, text: c[2] })),
    codeSpans
  )
  same(
    'console prompts',
    over(['$ ', '$', ' ', '\t', 'x', ...LT]),
    (s) => s.replace(/^(\s*)\$ /gm, '$1  '),
    (s) => s.replace(/^([^\S\n\r\u2028\u2029]*)\$ /gm, '$1  ')
  )
})

test('MCP: URL defaults, header names, version ranges', () => {
  same(
    'withDefaults',
    over(['${', 'A', 'b', '1', ':', '-', '}', 'x', '$', '{']),
    (s) => {
      const vars: string[] = []
      const url = s.replace(/\$\{([A-Za-z_][A-Za-z0-9_]*):?-([^}]*)\}/g, (_m, name: string, def: string) => {
        vars.push(name)
        return def
      })
      return { url, vars }
    },
    withDefaults
  )
  same('star after ==', over(['==', '=', '*', 'x', ...LT]), (s) => /==.*\*/.test(s), hasStarAfterEquals)
})

test('workflows: base-URL variables, enclosing call name, actor gate', () => {
  same(
    'ANTHROPIC_…BASE_URL',
    over(['ANTHROPIC_', 'anthropic_', 'BASE_URL', 'base_url', 'X', '_', ' ', '.', 'é']),
    (s) => /ANTHROPIC_\w*BASE_URL/i.test(s),
    namesBaseUrlVariable
  )
  same(
    'nameBefore',
    over(['a', 'B', '_', '1', ' ', '\n', '.', '(']),
    (s) => /([A-Za-z_][\w]*)\s*$/.exec(s)?.[1] ?? '',
    (s) => nameBefore(s, s.length)
  )
  same(
    'actor gate',
    over([
      'contains(',
      'fromJSON(',
      '[1]',
      ')',
      ' ',
      ', ',
      ',',
      'github.actor',
      'github.event.x.author_association',
      'github.event.sender.login',
      '==',
      'x'
    ]),
    (s) =>
      /\b(github\.(actor|triggering_actor)|github\.event\.(sender|comment\.user|issue\.user|review\.user|pull_request\.user)\.login)\s*==|contains\(\s*fromjson\([^)]*\)\s*,\s*(github\.(actor|triggering_actor)|github\.event\.\w+\.author_association)\s*\)/i.test(
        s
      ),
    actorGate
  )
})

test('secrets and machine paths', () => {
  same(
    'aws … _secret',
    over(['aws', '_', 'secret', 'x', ...LT]),
    (s) => /(?:^|_)aws(?:_.*)?_secret/.test(s),
    awsThenSecret
  )
  const OLD =
    /(?<![\w.$~%@:-])(?:(?:\/mnt)?\/+[a-zA-Z](?=\/))?\/+(Users|home|Volumes)\/([^/\s"'`:;,|&<>()[\]{}*?\\$]+)/g
  same(
    'home paths',
    over(['/', '//', 'mnt', '/mnt', 'c', 'Users', 'home', 'Volumes', 'bob', 'x', '.', ':', ' ', '-']),
    (s) => [...s.matchAll(OLD)].map((m) => [m.index, m[0], m[1], m[2]]),
    (s) => [...s.matchAll(POSIX)].map((m) => [m.index, m[0], m[1], m[2]])
  )
})
