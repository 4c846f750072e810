/**
 * persisted-checkout-credentials: `actions/checkout` keeps the token it used
 * on disk for later git commands unless `persist-credentials: false`. When
 * Claude runs later in the same job, the agent (and anything a prompt
 * injection makes it run) can read that token from the git configuration and
 * use it with the job's permissions. The same holds for a token a `run:` step
 * writes into the git configuration itself before Claude runs (`git remote
 * set-url origin https://x:${{ secrets.PAT }}@github.com/…`, `git config
 * http.….extraheader`, `url.….insteadOf`, `git clone https://…token@…`).
 * Docs: docs/rules/persisted-checkout-credentials.md
 */
import { defineRule } from './rule.js'
import { actionName, claudeJobs, isFalse, isTrue } from '../analysis/workflow-security.js'
import { expressions, shellView } from '../model/workflow.js'
import { locateInBlock } from '../model/claude.js'
import { parseShell, type ShellCommand, type ShellWord } from '../shell/parse.js'

export default defineRule({
  meta: {
    id: 'persisted-checkout-credentials',
    checklistItems: [],
    area: 'workflows',
    severity: 'low',
    confidence: 'high',
    description: 'checkout leaves the token in .git/config for Claude',
    messages: {
      persisted:
        'actions/checkout keeps its {{what}} on disk for later git commands ({{how}}), and Claude runs later in job {{job}}: the agent can read it and use whatever access it grants',
      written:
        '`{{command}}` writes {{secret}} into the git configuration, and Claude runs later in job {{job}}: the agent can read it from there and use whatever access it grants'
    }
  },
  check(ctx) {
    for (const [job, runs] of claudeJobs(ctx.project)) {
      const wf = runs[0].workflow
      const lastClaude = Math.max(...runs.map((r) => r.step.index))
      for (const step of job.steps) {
        if (step.index >= lastClaude) break
        if (typeof step.run === 'string') {
          const env = { ...wf.env, ...job.env, ...step.env }
          for (const w of tokensWritten(step.run, env)) {
            const span = wf.doc.span([...step.path, 'run'])
            if (!span) continue
            ctx.report({
              messageId: 'written',
              data: { command: w.command, secret: w.secret, job: job.id },
              at: locateInBlock(span, step.run, w.start, w.end),
              tip: 'pass the token to the one git command that needs it (`git -c http.extraheader=… push`, or `gh auth setup-git` in a step after Claude), or remove it from the configuration before Claude runs'
            })
          }
        }
        if (actionName(step.uses) !== 'actions/checkout') continue
        const pc = step.with['persist-credentials']
        if (isFalse(pc)) continue
        const explicit = pc !== undefined
        const at = explicit
          ? wf.doc.span([...step.path, 'with', 'persist-credentials'])
          : wf.doc.span([...step.path, 'uses'])
        if (!at) continue
        ctx.report({
          messageId: 'persisted',
          data: {
            job: job.id,
            what: step.with['ssh-key'] !== undefined ? 'SSH key' : 'token',
            how: !explicit
              ? '`persist-credentials` defaults to true'
              : isTrue(pc)
                ? '`persist-credentials: true`'
                : '`persist-credentials` is not false'
          },
          at,
          tip: 'add `persist-credentials: false` under `with:`; give a later push step its own token explicitly'
        })
      }
    }
  }
})

/** What a secret is called in a message: `secrets.PAT`, `github.token`. */
const CREDENTIAL = /^(?:secrets\.[A-Za-z_][\w-]*|github\.token)$/i

/** Git configuration keys whose value (or, for `url.<base>.insteadOf`, whose name) carries a credential. */
const CREDENTIAL_KEY = /^(?:remote\..+\.(?:url|pushurl)|http\..*extraheader|url\..+\.insteadof)$/i

/**
 * Credentials a `run:` script writes into a git configuration: a `${{ secrets.X }}` or
 * `${{ github.token }}` expression (or a variable of the step's env set to one) inside the
 * URL of `git remote add`/`set-url`/`clone` or the key or value of `git config` for a remote
 * URL, an extra header or an `insteadOf` rule. Offsets are into `run`.
 */
function tokensWritten(run: string, env: Record<string, unknown>): { command: string; secret: string; start: number; end: number }[] {
  // Necessary, before any parse: a git subcommand that writes configuration, and a credential
  // written in the script or held by a variable of its env.
  if (!run.includes('git') || !/remote|clone|config/.test(run)) return []
  const viaEnv = Object.values(env).some((v) => typeof v === 'string' && /secrets\.|github\.token/i.test(v))
  if (!viaEnv && !/secrets\.|github\.token/i.test(run)) return []
  const out: { command: string; secret: string; start: number; end: number }[] = []
  for (const c of parseShell(shellView(run)).commands) {
    if (c.name !== 'git') continue
    for (const w of credentialWords(c)) {
      const found = credentialIn(run, w, env)
      if (found) out.push({ command: run.slice(c.start, c.end).replace(/\s+/g, ' ').slice(0, 80), ...found })
    }
  }
  return out
}

/** The words of a git command that end up in a configuration file. */
function credentialWords(c: ShellCommand): ShellWord[] {
  const a = c.args
  let i = 1
  // Global options before the subcommand: `-C dir`, `-c key=value`, `--git-dir=…`.
  while (i < a.length && a[i].text.startsWith('-')) i += a[i].text === '-C' || a[i].text === '-c' ? 2 : 1
  const sub = a[i]?.text
  const rest = a.slice(i + 1).filter((w) => !w.text.startsWith('-'))
  if (sub === 'remote') {
    const verb = rest[0]?.text
    return verb === 'add' || verb === 'set-url' ? rest.slice(2, 3) : []
  }
  if (sub === 'clone') return rest.slice(0, 1)
  if (sub === 'config') {
    const args = a.slice(i + 1)
    // `--file f` takes a value; other options are switches.
    const operands: ShellWord[] = []
    for (let k = 0; k < args.length; k++) {
      if (args[k].text === '--file' || args[k].text === '-f') k++
      else if (!args[k].text.startsWith('-')) operands.push(args[k])
    }
    return operands.length >= 2 && CREDENTIAL_KEY.test(operands[0].text.replace(/"/g, '')) ? operands.slice(0, 2) : []
  }
  return []
}

/** A credential expression in a word (as written in `run`), directly or through a variable of the step's env. */
function credentialIn(run: string, w: ShellWord, env: Record<string, unknown>): { secret: string; start: number; end: number } | undefined {
  const raw = run.slice(w.start, w.end)
  for (const e of expressions(raw)) if (CREDENTIAL.test(e.text)) return { secret: `\`${e.text}\``, start: w.start + e.start, end: w.start + e.end }
  for (const m of raw.matchAll(/\$\{?([A-Za-z_]\w*)/g)) {
    const v = env[m[1]]
    const e = typeof v === 'string' ? expressions(v).find((x) => CREDENTIAL.test(x.text)) : undefined
    if (e) return { secret: `\`${e.text}\` (through \`$${m[1]}\`)`, start: w.start + (m.index ?? 0), end: w.start + (m.index ?? 0) + m[0].length }
  }
  return undefined
}
