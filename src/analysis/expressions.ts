/**
 * Helpers for GitHub Actions expressions shared by workflow rules.
 */
import { Parser, type Expr } from '@actions/expressions'
import { expressionTokens } from './expression-tokens.js'
import { FunctionCall, Grouping, Literal, Logical } from '@actions/expressions/ast'
import { StringData } from '@actions/expressions/data/index'
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
 * tenant, account or app id, an issuer, a region, the name or slug of a team,
 * organisation, owner or workspace (`TURBO_TEAM`: Turborepo's team slug,
 * which names the team and authenticates nothing). Names that also say
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
  // Sentry's DSN is the public key a client sends events with, shipped in every frontend bundle
  // ("DSNs are safe to keep public", https://docs.sentry.io/concepts/key-terms/dsn-explainer/);
  // other DSNs (a database's) carry a password.
  if (/(^|_)SENTRY_DSN(_|$)/.test(n) && !/SECRET|TOKEN|PASSWORD|PRIVATE|AUTH/.test(n)) return true
  if (namesCredential(n)) return false
  // A connection string carries its password; a connection's name (Cloud SQL's
  // `project:region:instance`) or id names it.
  if (/CONNECTION/.test(n) && !/CONNECTION_(?:NAME|ID)(?:_|$)/.test(n)) return false
  if (!IDENTIFIER_PART.test(n)) return false
  // A database URL carries its password; its user, name, host or port do not.
  return !(/(DATABASE|(^|_)DB(_|$)|REDIS|MONGO|POSTGRES|MYSQL|AMQP|RABBIT)/.test(n) && /(^|_)(URL|URI|ADDRESS|SERVER|ENDPOINT)(_|$)/.test(n))
}

/** A part of a name that says it holds an identifier (see {@link isIdentifierName}). */
const IDENTIFIER_PART =
  /(^|_)(USER|USERNAME|LOGIN|EMAIL|MAIL|URL|URI|HOST|HOSTNAME|DOMAIN|ENDPOINT|SERVER|ID|IDS|ISSUER|AUDIENCE|REGION|ZONE|ORG|ORGANIZATION|OWNER|TEAM|WORKSPACE|SLUG|PROJECT|BUCKET|ACCOUNT|TENANT|SUBSCRIPTION|NAME|REPO|REPOSITORY|REGISTRY|BRANCH|CHANNEL|PORT|ADDRESS)(_|$)/

/** Whether a variable's name says it holds a credential (the words {@link isIdentifierName} takes for one). */
export function namesCredential(name: string): boolean {
  return /(SECRET|TOKEN|PASSWORD|PASSWD|PASS$|PRIVATE|CREDENTIAL|KEY|AUTH|COOKIE|SESSION|WEBHOOK|DSN)/.test(name.toUpperCase())
}

/** Contexts an expression may name (the parser rejects any other name). */
const CONTEXTS = ['github', 'env', 'vars', 'secrets', 'inputs', 'needs', 'steps', 'job', 'jobs', 'runner', 'strategy', 'matrix']
/** Status functions, beyond the parser's built-in functions (they yield booleans). */
const STATUS_FUNCS = ['success', 'failure', 'always', 'cancelled'].map((name) => ({ name, minArgs: 0, maxArgs: 0 }))

/** A string literal of a `${{ }}` expression whose text the expression's value can hold. */
export interface YieldedLiteral {
  /** The literal's value (`''` unescaped; `format` placeholders such as `{0}` kept). */
  value: string
  /** The expression that holds it: offsets of `${{` and past `}}` in the host string. */
  exprStart: number
  exprEnd: number
  /** Offset in the host string of the source character of `value[i]` (`i === value.length`: past the literal's text). */
  at: (i: number) => number
}

/**
 * The string literals a `${{ }}` expression can yield, parsed with GitHub's own
 * expression parser (@actions/expressions): a literal itself, either branch of
 * `a && 'x' || 'y'` (`&&` yields its last operand when the others are truthy,
 * `||` any operand), the template and arguments of `format()`, the operands of
 * `join()`. Comparisons, `!`, `contains()` and the other functions yield
 * booleans, numbers or hashes, and a context's value is not known here: their
 * literals are not part of the value. An expression that does not parse yields
 * nothing.
 * @param s a string that may hold `${{ }}` expressions (a workflow value, a `run:` script).
 */
export function yieldedLiterals(s: string): YieldedLiteral[] {
  const out: YieldedLiteral[] = []
  for (const e of expressions(s)) {
    const innerStart = e.start + 3
    const inner = s.slice(innerStart, e.end - 2)
    if (!inner.includes("'")) continue
    let ast: Expr
    try {
      ast = new Parser(expressionTokens(inner), CONTEXTS, STATUS_FUNCS).parse()
    } catch {
      continue
    }
    const lineStarts = [0]
    for (let i = inner.indexOf('\n'); i >= 0; i = inner.indexOf('\n', i + 1)) lineStarts.push(i + 1)
    for (const lit of literalsOf(ast)) {
      const { start } = lit.token.range
      const from = innerStart + (lineStarts[start.line] ?? 0) + start.column
      const lexeme = lit.token.lexeme
      // value[i] comes from lexeme[map[i]]: the opening quote skipped, each `''` read as one quote.
      const map: number[] = []
      for (let j = 1; j < lexeme.length - 1; j++) {
        map.push(j)
        if (lexeme[j] === "'" && lexeme[j + 1] === "'") j++
      }
      map.push(lexeme.length - 1)
      out.push({ value: (lit.literal as StringData).value, exprStart: e.start, exprEnd: e.end, at: (i) => from + (map[i] ?? lexeme.length - 1) })
    }
  }
  return out
}

/** The string literals an expression's value can be made of (see {@link yieldedLiterals}). */
function literalsOf(e: Expr): Literal[] {
  if (e instanceof Literal) return e.literal instanceof StringData ? [e] : []
  if (e instanceof Grouping) return literalsOf(e.group)
  if (e instanceof Logical) {
    // `a && b`: a falsy operand (never a non-empty string) or the last one; `a || b`: any operand.
    const ops = e.operator.lexeme === '&&' ? e.args.slice(-1) : e.args
    return ops.flatMap(literalsOf)
  }
  if (e instanceof FunctionCall) {
    const name = e.functionName.lexeme.toLowerCase()
    if (name === 'format' || name === 'join') return e.args.flatMap(literalsOf)
  }
  return []
}

/**
 * The host string with the literal's expression replaced by the literal's value,
 * padded with blanks to the expression's length so later offsets stay put.
 */
export function withLiteral(s: string, lit: YieldedLiteral): string {
  const len = lit.exprEnd - lit.exprStart
  return s.slice(0, lit.exprStart) + lit.value.slice(0, len).padEnd(len, ' ') + s.slice(lit.exprEnd)
}
