/**
 * shell-startup-credentials: a committed shell startup or environment file
 * (`.bashrc`, `.zshrc`, `.profile`, `.envrc`, `.env*`, devcontainer
 * `containerEnv`/`remoteEnv`) exports production credentials; every process
 * started from that shell — Claude Code and every Bash command it runs —
 * inherits them (checklist item 2). A `.env` file is not shell startup: the
 * tools that load it do, and the message says so; committed, the key is
 * readable by everyone, so the severity stays.
 * Docs: docs/rules/shell-startup-credentials.md
 */
import { defineRule } from './rule.js'
import { isCommentedOut, isTemplatePath, scanText } from '../secrets/index.js'

/** A dotenv file (`.env`, `.env.production`), read by the tools that load it; `.envrc` is direnv's shell script. */
const DOTENV = /(^|\/)\.env(\.[^/]*)?$/

/** Letters whose spoken name starts with a vowel sound (`an AWS key`, `an SSH key`, `an npm token`). */
const VOWEL_NAMED_LETTERS = /^[aefhilmnorsx]/i
/** Acronyms read as words, so their first sound is that of the letter (`a SAML token`). */
const ACRONYM_WORDS: ReadonlySet<string> = new Set(['SAML', 'SOAP', 'SCIM', 'SASL', 'NATS'])

/**
 * Puts `a` or `an` before a noun phrase by the sound of its first word: an
 * acronym spelled out letter by letter (`AWS`, `npm`) goes by its first
 * letter's name, a word by its first sound (`an Anthropic`, `a Slack`, `a
 * user`, `an hour`).
 */
export function withArticle(phrase: string): string {
  const word = /^[\w.-]*/.exec(phrase.trim())?.[0] ?? ''
  const spelled = (word.length > 1 && /^[A-Z0-9]+$/.test(word) && !ACRONYM_WORDS.has(word)) || /^[b-df-hj-np-tv-z]+$/i.test(word)
  let an: boolean
  if (spelled) an = VOWEL_NAMED_LETTERS.test(word)
  else if (/^(hour|honest|honou?r|heir)/i.test(word)) an = true
  else an = /^[aeiou]/i.test(word) && !/^(uni|use|usa|usu|uti|ura|ure|uro|eu|one|once|ubiq)/i.test(word)
  return `${an ? 'an' : 'a'} ${phrase}`
}

export default defineRule({
  meta: {
    id: 'shell-startup-credentials',
    contentOnly: true,
    checklistItems: [2],
    area: 'credentials',
    severity: 'high',
    confidence: 'high',
    description: 'production credentials exported by a committed shell startup or env file',
    messages: {
      exported:
        '{{file}} sets {{label}} ({{redacted}}): every shell that loads it — and Claude Code with every command it runs — inherits the credential',
      envFile:
        '{{file}} holds {{label}} ({{redacted}}) that looks live: committed, it is readable by everyone with access to the repository and by Claude Code; the tools that load a `.env` file (dotenv, Vite, webpack, Next.js, docker compose), not shell startup, put it in the environment of the process they run',
      notExported:
        '{{file}} holds {{label}} ({{redacted}}) that looks live, {{where}}: no shell exports it, but everyone with read access to the repository has it',
      notLive: '{{label}} ({{redacted}}) in {{file}} is not reported as a production credential: {{reason}}',
      devcontainer:
        '{{file}} puts {{label}} ({{redacted}}) in `{{key}}`: every process in the container, Claude Code included, inherits it'
    }
  },
  check(ctx) {
    for (const file of ctx.project.envFiles) {
      for (const m of scanText(file.text, { path: file.path })) {
        // A provider key in a template or on a commented-out line: committed, but not exported.
        const where =
          m.reason !== undefined
            ? undefined
            : isTemplatePath(file.path)
              ? 'in a template or test-environment file'
              : isCommentedOut(file.text, m.start, file.path)
                ? 'on a commented-out line'
                : undefined
        if (where !== undefined) {
          ctx.report({
            messageId: 'notExported',
            data: { file: file.path, label: withArticle(m.label), redacted: m.redacted, where },
            at: { file, start: m.start, end: m.end },
            confidence: m.confidence,
            severity: 'medium',
            key: `${m.kind}:${m.redacted}`,
            tip: 'rotate the key and leave a placeholder (`KEY=`) in the template'
          })
          continue
        }
        if (m.reason !== undefined || m.confidence === 'low') {
          ctx.report({
            messageId: 'notLive',
            data: {
              file: file.path,
              label: m.label,
              redacted: m.redacted,
              reason: m.reason ?? 'weak evidence (a short, low-entropy or local-only value, or a test file)'
            },
            at: { file, start: m.start, end: m.end },
            confidence: m.confidence,
            severity: 'info',
            key: `${m.kind}:${m.redacted}`
          })
          continue
        }
        // `.env` files are read by tools, not by shells; a live key in one is still committed.
        const dotenv = DOTENV.test(file.path)
        ctx.report({
          messageId: dotenv ? 'envFile' : 'exported',
          data: { file: file.path, label: withArticle(m.label), redacted: m.redacted },
          at: { file, start: m.start, end: m.end },
          confidence: m.confidence,
          key: `${m.kind}:${m.redacted}`,
          tip: dotenv
            ? 'rotate the key, stop committing the file (list `.env*` in .gitignore, commit a `.env.example` with placeholders) and supply the value from a secret manager or the CI secret store'
            : 'keep credentials out of committed startup files; load them per command from a secret manager (op, vault, sops) or the CI secret store'
        })
      }
    }
    for (const doc of ctx.project.devcontainers) {
      for (const key of ['containerEnv', 'remoteEnv']) {
        const span = doc.span([key])
        if (!span) continue
        const text = doc.file.text.slice(span.start, span.end)
        for (const m of scanText(text, { path: doc.file.path })) {
          if (m.reason !== undefined) continue // public by design, example host: not a credential
          ctx.report({
            messageId: 'devcontainer',
            data: { file: doc.file.path, label: withArticle(m.label), redacted: m.redacted, key },
            at: { file: doc.file, start: span.start + m.start, end: span.start + m.end },
            confidence: m.confidence,
            key: `${m.kind}:${m.redacted}`
          })
        }
      }
    }
  }
})
