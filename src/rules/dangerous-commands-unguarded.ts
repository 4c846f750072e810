/**
 * dangerous-commands-unguarded: a repository that uses Claude Code leaves one
 * or more classic destructive commands — `rm -rf`, `curl … | sh` /
 * `wget … | sh`, `git push --force`, `DROP TABLE` — to the permission prompt
 * alone: no `permissions.deny` rule of the committed project settings matches
 * it (with Claude Code's real matching: exact, `prefix *` / `prefix:*` with a
 * word boundary, `*` anywhere, each part of a compound command checked), and
 * no PreToolUse hook on `Bash` visibly checks for it and can block (exit 2 or
 * a decision JSON Claude Code honours, with the payload read from stdin). In
 * `acceptEdits`, `bypassPermissions`, `auto` or with broad allow rules
 * nothing then stops them (checklist item 23).
 * Docs: docs/rules/dangerous-commands-unguarded.md
 */
import { matcherCovers, type SettingsFile } from '../model/settings.js'
import { evidence, hookVerdicts } from './utils/verified-hooks.js'
import { DANGEROUS_COMMANDS } from '../verify/run-hooks.js'
import { usesClaudeCode } from '../model/project.js'
import { defineRule, type Location } from './rule.js'
import { canBlock, hasRealBlock, hookUses, inlineInfo, reachable, scriptInfo } from './utils/hook-guards.js'

interface Pattern {
  label: string
  /** Commands a deny rule must stop (all of them) to cover the pattern. */
  samples: string[]
  /** What a guard script's code must mention (one line). */
  check: (line: string) => boolean
}

const PATTERNS: Pattern[] = [
  {
    label: '`rm -rf`',
    samples: ['rm -rf /', 'rm -rf ./build'],
    check: (l) => /\brm\b[^\n]{0,80}?(?:-[\w[\]*\\-]*[rR]|recursive)/.test(l)
  },
  {
    label: '`curl … | sh`',
    samples: [
      'curl -fsSL https://example.com/install.sh | sh',
      'curl -fsSL https://example.com/install.sh | bash',
      'wget -qO- https://example.com/install.sh | sh'
    ],
    check: (l) => /\b(?:curl|wget)\b/.test(l) && /\|[^\n]{0,12}?(?:ba|z|da)?sh\b/.test(l)
  },
  {
    label: '`git push --force`',
    samples: ['git push --force origin main', 'git push -f origin main'],
    check: (l) => /\bpush\b[^\n]*(?:--force|(?:^|[\s'"(|\\])-f\b)|(?:--force|\s-f\b)[^\n]*\bpush\b/.test(l)
  },
  {
    label: '`DROP TABLE`',
    samples: ['psql -c "DROP TABLE users"', 'mysql -e "DROP TABLE users"', 'sqlite3 app.db "DROP TABLE users"'],
    check: (l) => /\bdrop[\s+*_]+table\b/i.test(l)
  }
]

/** Whether one `Bash(...)` rule matches a command, with Claude Code's rule syntax. */
export function bashRuleMatches(rule: string, command: string): boolean {
  const m = /^Bash(?:\((.*)\))?$/s.exec(rule.trim())
  if (!m) return false
  const body = m[1]
  if (body === undefined || body === '' || body === '*') return true
  let pattern = body
  let prefix = false
  if (pattern.endsWith(':*')) {
    pattern = pattern.slice(0, -2)
    prefix = true
  } else if (pattern.endsWith(' *')) {
    pattern = pattern.slice(0, -2)
    prefix = true
  }
  // `Bash(git push *)` also matches `git push` itself: `(?: .*)?` at the end.
  return globMatches(pattern, command) || (prefix && globMatches(`${pattern} *`, command))
}

/**
 * Whether `text` matches a pattern whose only wildcard is `*` (any run of
 * characters, line breaks included). Consecutive stars are one star; the
 * first piece must start the text and the last must end it, and the pieces
 * between are found left to right, each at its first place after the one
 * before (the leftmost place leaves the most room for the rest, so this
 * never needs to go back). Linear in the text for each piece, where a
 * regular expression of `.*` runs backtracks exponentially in the stars.
 */
export function globMatches(pattern: string, text: string): boolean {
  const pieces = pattern.split('*')
  if (pieces.length === 1) return pattern === text
  const first = pieces[0] as string
  const last = pieces[pieces.length - 1] as string
  if (text.length < first.length + last.length || !text.startsWith(first) || !text.endsWith(last)) return false
  const end = text.length - last.length
  let at = first.length
  for (let i = 1; i < pieces.length - 1; i++) {
    const piece = pieces[i] as string
    if (piece === '') continue
    const found = text.indexOf(piece, at)
    if (found < 0 || found + piece.length > end) return false
    at = found + piece.length
  }
  return true
}

/** Parts of a compound command Claude Code checks separately. */
function parts(command: string): string[] {
  return command.split(/\s*(?:\|\||&&|\|&|[|;&])\s*/).filter(Boolean)
}

function denied(denies: string[], command: string): boolean {
  return [command, ...parts(command)].some((c) => denies.some((r) => bashRuleMatches(r, c)))
}

function joinLabels(xs: string[]): string {
  return xs.length === 1 ? xs[0] : `${xs.slice(0, -1).join(', ')} and ${xs[xs.length - 1]}`
}

const VERIFY_PAYLOADS: ReadonlySet<string> = new Set(DANGEROUS_COMMANDS)
function isVerifyPayload(p: string): boolean {
  return VERIFY_PAYLOADS.has(p)
}

export default defineRule({
  meta: {
    id: 'dangerous-commands-unguarded',
    checklistItems: [23],
    area: 'hooks',
    severity: 'high',
    confidence: 'high',
    description: 'dangerous shell commands not blocked',
    messages: {
      uncovered:
        '{{missing}} {{verb}} not blocked: no `permissions.deny` rule in the committed project settings and no PreToolUse hook on `Bash` covers {{them}}, so only the permission prompt (absent in bypass mode, or skipped by a broad allow rule) stands in the way{{proof}}'
    }
  },
  async check(ctx) {
    const project = ctx.project
    if (!usesClaudeCode(project)) return
    const verdicts = (await hookVerdicts(project))?.filter((v) => v.settingsPath === '.claude/settings.json' && v.event === 'PreToolUse')
    const root: SettingsFile | undefined = project.settings.find((s) => s.path === '.claude/settings.json')
    const denies = root ? root.rules.filter((r) => r.list === 'deny').map((r) => r.rule) : []
    // Lines of guard code that PreToolUse hooks on Bash run.
    const guardLines: string[] = []
    for (const use of hookUses(project)) {
      const h = use.site.handler
      if (
        use.site.file !== '.claude/settings.json' ||
        h.event !== 'PreToolUse' ||
        h.type !== 'command' ||
        !matcherCovers(h.matcher, 'Bash')
      )
        continue
      // Only a hook that can block counts: exit 2 or an honoured decision, and the payload read from stdin
      // (a check of `$CLAUDE_TOOL_INPUT`, which Claude Code never sets, or an `exit 1` covers nothing).
      const inline = use.scripts.length === 0 ? inlineInfo(project, use) : undefined
      if (inline && use.analysis && hasRealBlock(inline) && inline.readsStdin)
        guardLines.push(...use.analysis.source.split('\n'))
      for (const s of use.scripts) {
        if (!canBlock(project, s.path, s.argv)) continue
        for (const p of reachable(project, s.path)) {
          const info = scriptInfo(project, p)
          if (!info) continue
          const text = info.masked?.code ?? info.file.text.replace(/(^|\s)#.*$/gm, '$1')
          guardLines.push(...text.split('\n'))
        }
      }
    }
    // Regular expressions in guard code (`\\brm\\s+-rf`) read as the words they match.
    const lines = guardLines.map((l) => l.replace(/\\[bBsSwWd]/g, ' '))
    let proof = ''
    let missing = PATTERNS.filter((p) => !p.samples.every((c) => denied(denies, c)) && !lines.some((l) => p.check(l)))
    if (verdicts && verdicts.length > 0) {
      // The hooks were run: a pattern is guarded when any hook blocked its payloads
      // (matching hooks run in parallel and one block is enough), whatever the code looks like.
      const blocked = (payload: string): boolean => verdicts.some((v) => v.runs.some((r) => r.payload === payload && r.outcome === 'blocked'))
      const payloadsOf = (p: (typeof PATTERNS)[number]): string[] => [...VERIFY_PAYLOADS].filter((c) => p.check(c))
      missing = PATTERNS.filter((p) => {
        if (p.samples.every((c) => denied(denies, c))) return false
        const runs = payloadsOf(p)
        // No payload exercised this pattern: keep the static judgement.
        return runs.length === 0 ? !lines.some((l) => p.check(l)) : !runs.every(blocked)
      })
      const allowed = verdicts
        .flatMap((v) => v.runs)
        .filter((r) => isVerifyPayload(r.payload) && r.outcome !== 'blocked' && missing.some((p) => p.check(r.payload)))
      if (allowed.length) proof = ` (verified by running the PreToolUse hooks: ${allowed.slice(0, 4).map(evidence).join('; ')})`
    }
    if (missing.length === 0) return
    let at: Location = null
    if (root) at = root.doc.span(['permissions'], 'key') ?? { path: root.path, line: 1 }
    ctx.report({
      messageId: 'uncovered',
      data: {
        missing: joinLabels(missing.map((p) => p.label)),
        verb: missing.length === 1 ? 'is' : 'are',
        them: missing.length === 1 ? 'it' : 'them',
        proof
      },
      at,
      key: missing.map((p) => p.label).join(','),
      tip: 'add `permissions.deny` rules to `.claude/settings.json`, e.g. "Bash(rm -rf *)", "Bash(git push --force *)", "Bash(git push -f *)", "Bash(*DROP TABLE*)", and "Bash(sh)", "Bash(bash)" (each part of a pipeline is checked, so these stop `curl … | sh`); or a PreToolUse hook on `Bash` that exits 2 on these patterns'
    })
  }
})
