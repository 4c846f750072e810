/**
 * Helpers for GitHub Actions expressions shared by workflow rules.
 */
import { expressions } from '../model/workflow.js'

/** True when a value contains a `${{ secrets.* }}` reference (not GITHUB_TOKEN alone). */
export function referencesSecret(v: unknown, opts: { includeGithubToken?: boolean } = {}): boolean {
  if (typeof v !== 'string') return false
  return expressions(v).some((e) => {
    const names = [...e.text.matchAll(/\bsecrets\s*(?:\.\s*([A-Za-z_][\w-]*)|\[\s*'([^']+)'\s*\])/g)].map((m) => m[1] ?? m[2])
    if (names.length === 0) return /\bsecrets\b/.test(e.text) && /toJSON\s*\(\s*secrets\s*\)/i.test(e.text)
    return names.some((n) => opts.includeGithubToken || n.toUpperCase() !== 'GITHUB_TOKEN')
  })
}

/** Names of secrets referenced in a string. */
export function secretNames(v: string): string[] {
  const out: string[] = []
  for (const e of expressions(v)) {
    for (const m of e.text.matchAll(/\bsecrets\s*(?:\.\s*([A-Za-z_][\w-]*)|\[\s*'([^']+)'\s*\])/g)) out.push(m[1] ?? m[2])
  }
  return out
}

/** Whether a variable or secret name looks like a credential rather than an identifier. */
export function looksSecretName(name: string): boolean {
  return /(SECRET|TOKEN|PASSWORD|PASSWD|PRIVATE|CREDENTIAL|API_?KEY|ACCESS_?KEY|_KEY$|^KEY$|AUTH)/i.test(name) &&
    !/(_ID|_URL|_HOST|_NAME|_REGION|_USER)$/i.test(name)
}

/**
 * Whether a secret's (or env variable's) name says it holds an identifier
 * rather than a credential: a user name, an e-mail, a URL or host, a client,
 * tenant, account or app id, an issuer, a region. Names that also say
 * SECRET, TOKEN, PASSWORD or KEY are credentials, except keys made public by
 * design (`*_ANON_KEY`, `*_PUBLISHABLE_KEY`, `*_PUBLIC_KEY`, also with an
 * environment qualifier after them such as `_PREVIEW` or `_PROD`).
 */
export function isIdentifierName(name: string): boolean {
  const n = name.toUpperCase()
  // Keys made to be shipped to browsers (Supabase anon keys, publishable keys, public keys).
  // An environment qualifier may follow (`CLERK_PUBLISHABLE_KEY_PREVIEW`, `SUPABASE_ANON_KEY_PROD`).
  if (
    /(^|_)(ANON_KEY|PUBLISHABLE_KEY|PUBLIC_KEY)(?:_(?:PREVIEW|PROD|PRODUCTION|STAGING|STAGE|DEV|DEVELOPMENT|TEST|QA|LIVE|SANDBOX))*$/.test(n) &&
    !/SECRET|PRIVATE|SERVICE_ROLE|PASSWORD/.test(n)
  )
    return true
  if (/(SECRET|TOKEN|PASSWORD|PASSWD|PASS$|PRIVATE|CREDENTIAL|KEY|AUTH|COOKIE|SESSION|WEBHOOK|DSN|CONNECTION)/.test(n)) return false
  // A database URL carries its password.
  if (/(DATABASE|(^|_)DB(_|$)|REDIS|MONGO|POSTGRES|MYSQL|AMQP|RABBIT)/.test(n)) return false
  return /(^|_)(USER|USERNAME|LOGIN|EMAIL|MAIL|URL|URI|HOST|HOSTNAME|DOMAIN|ENDPOINT|SERVER|ID|IDS|ISSUER|AUDIENCE|REGION|ZONE|ORG|ORGANIZATION|OWNER|PROJECT|BUCKET|ACCOUNT|TENANT|SUBSCRIPTION|NAME|REPO|REPOSITORY|BRANCH|CHANNEL|PORT|ADDRESS)(_|$)/.test(n)
}
