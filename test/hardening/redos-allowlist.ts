/**
 * Regular-expression literals of src/ that recheck flags as super-linear and
 * that are allowed for now, each with its reason (test/hardening/redos.test.ts).
 *
 * - `no-repository-text`: proven never to see repository text (runner
 *   environment, numbers the tool computed).
 * - `bounded-input`: sees one repository path only, whose length the file
 *   system bounds.
 * - `known-debt`: sees repository text and is quadratic (or worse) in the
 *   length of what it is applied to. Each is listed so the list cannot grow
 *   unnoticed; the inputs most of them see are short (one line, one shell word,
 *   one statement of a hook script under the 64 KB analysis cap), but each one
 *   is to be rewritten in a linear form and removed from here.
 *
 * An entry whose literal is gone fails the test; one that recheck does not flag
 * is listed in the test's output (recheck fuzzes some patterns, so one run
 * saying "safe" proves nothing): remove it once it stays unflagged.
 */
export interface RedosAllowed {
  file: string
  /** The literal's source, between its slashes. */
  source: string
  kind: 'no-repository-text' | 'bounded-input' | 'known-debt'
  reason: string
}

export const REDOS_ALLOWED: readonly RedosAllowed[] = [
  {
    file: 'src/claude-harness/verify-guards.ts',
    source: '\\d+\\.\\d+\\.\\d+',
    kind: 'no-repository-text',
    reason: 'the output of `claude --version`, the client the user installed, never repository text'
  },
  {
    file: 'src/user/aws.ts',
    source: '^([ \\t]*)([A-Za-z0-9_.-]+)[ \\t]*[=:][ \\t]*(.*)$',
    kind: 'no-repository-text',
    reason: "one line of the user's own ~/.aws files (the machine audit), never repository text"
  },
  {
    file: 'src/context.ts',
    source: '\\/+$',
    kind: 'no-repository-text',
    reason: 'GITHUB_SERVER_URL / GITHUB_API_URL of the runner, never repository text'
  },
  {
    file: 'src/core/text.ts',
    source: '\\B(?=(\\d{3})+$)',
    kind: 'no-repository-text',
    reason: 'formats a number the tool computed (digits only, at most 16)'
  },
  {
    file: 'src/github/octokit.ts',
    source: '\\/+$',
    kind: 'no-repository-text',
    reason: 'the API URL of the runner, never repository text'
  },
  {
    file: 'src/model/memory.ts',
    source: '(^|\\/)\\.claude\\/rules\\/.+\\.md$',
    kind: 'bounded-input',
    reason:
      'applied to one repository-relative path (a file name git or the file system gave, at most PATH_MAX = 4096 characters): at most ~16M steps'
  },
  {
    file: 'src/model/project.ts',
    source: '(^|\\/)\\.claude\\/agents\\/.+\\.md$',
    kind: 'bounded-input',
    reason:
      'applied to one repository-relative path (a file name git or the file system gave, at most PATH_MAX = 4096 characters): at most ~16M steps'
  },
  {
    file: 'src/model/project.ts',
    source: '(^|\\/)\\.claude\\/commands\\/.+\\.md$',
    kind: 'bounded-input',
    reason:
      'applied to one repository-relative path (a file name git or the file system gave, at most PATH_MAX = 4096 characters): at most ~16M steps'
  },
  {
    file: 'src/report/markdown.ts',
    source: '\\/+$',
    kind: 'no-repository-text',
    reason: "the runner's server URL, never repository text"
  },
  {
    file: 'src/rules/hardcoded-secret.ts',
    source: '(^|\\/)\\.claude\\/(agents|commands|skills|output-styles)\\/.+\\.md$',
    kind: 'bounded-input',
    reason:
      'applied to one repository-relative path (a file name git or the file system gave, at most PATH_MAX = 4096 characters): at most ~16M steps'
  },
  {
    file: 'src/analysis/hook-taint.ts',
    source: '(^|\\/)\\.claude\\/.*$',
    kind: 'bounded-input',
    reason:
      'applied to one repository-relative path (a file name git or the file system gave, at most PATH_MAX = 4096 characters): at most ~16M steps'
  },
  {
    file: 'src/analysis/hook-guards.ts',
    source: '(^|\\/)\\.claude\\/.*$',
    kind: 'bounded-input',
    reason:
      'applied to one repository-relative path (a file name git or the file system gave, at most PATH_MAX = 4096 characters): at most ~16M steps'
  },
  {
    file: 'src/analysis/hook-guards.ts',
    source: '(?:^|\\/)\\.claude\\/hooks\\/(.*)$',
    kind: 'bounded-input',
    reason:
      'applied to one repository-relative path (a file name git or the file system gave, at most PATH_MAX = 4096 characters): at most ~16M steps'
  },
  {
    file: 'src/analysis/hook-scripts.ts',
    source: '(^|\\/)\\.claude\\/.*$',
    kind: 'bounded-input',
    reason:
      'applied to one repository-relative path (a file name git or the file system gave, at most PATH_MAX = 4096 characters): at most ~16M steps'
  },
  {
    file: 'src/user/evidence.ts',
    source:
      '(^|_)(TOKEN|SECRET|PASSWORD|PASSWD|API_?KEY|ACCESS_KEY|ACCESS_KEY_ID|PRIVATE_KEY|CREDENTIALS?|AUTH_TOKEN|SESSION_TOKEN|CLIENT_SECRET)(_|$)|^(DATABASE_URL|[A-Z0-9_]*_DSN)$',
    kind: 'no-repository-text',
    reason:
      "2nd degree polynomial by recheck's fuzzer on some runs; applied to the names of the user's own environment variables (machine audit), never repository text"
  }
]

/**
 * Regular expressions built at run time (`new RegExp(…)`, `RegExp(…)`) in
 * src/, each reviewed for what reaches its pattern (test/hardening/redos.test.ts
 * fails on a call site not listed here, and on an entry whose call is gone).
 * Repository text may only reach a pattern escaped (then it is a literal) or
 * through a bounded, checked form; `argument` is the call's first argument as
 * written (blanks collapsed).
 */
export interface RegExpSite {
  file: string
  argument: string
  reason: string
}


export const REGEXP_SITES: readonly RegExpSite[] = [
  {
    file: 'src/secrets/scan.ts',
    argument: "KEYWORDS.map((k) => escapeRegExp(k).replace(/k/g, `[k${KELVIN}]`).replace(/i$/, `[i${DOTTED_I}]`)).join('|')",
    reason: "the detectors' own keywords, escaped, each `k` widened to a class and a last `i` to one: an alternation of literals and one-character classes"
  },
  {
    file: 'src/analysis/hook-guards.ts',
    argument: "`(?:^|[\\\\s/\"'])${base.replace(/[.*+?^${}()|[\\]\\\\]/g, '\\\\$&')}(?:$|[\\\\s\"';&|])`",
    reason: 'a file name, escaped: a literal between fixed classes'
  },
  {
    file: 'src/analysis/workflow-security.ts',
    argument: '`^github\\\\.event\\\\.${obj}\\\\.user\\\\.login$`',
    reason: "`obj` is one of the tool's own alternations of event objects"
  },
  {
    file: 'src/analysis/workflow-security.ts',
    argument: '`^github\\\\.event\\\\.${obj}\\\\.author_association$`',
    reason: "`obj` is one of the tool's own alternations of event objects"
  },
  {
    file: 'src/core/glob.ts',
    argument: '`^${part.source}$`',
    reason: 'the expression minimatch made of one bracket class (`x[…]`), tested on two characters'
  },
  {
    file: 'src/fix/workflows.ts',
    argument: '`(^|\\\\s)${flag}(\\\\s|=|$)`',
    reason: "`flag` is one of the tool's own CLI flag names (V0_FLAGS)"
  },
  {
    file: 'src/model/code.ts',
    argument: "`(?:^|/)(?:${[...SKIP_SEGMENT].map((d) => d.replace(/[.]/g, '\\\\.')).join('|')})/`",
    reason: "the tool's own folder names"
  },
  {
    file: 'src/model/code.ts',
    argument: "SDK_KEYWORDS.map((k) => k.replace(/k/g, '[kK\\u212A]')).join('|')",
    reason: "the tool's own SDK keywords (lower-case letters, `_`, `-`), each `k` widened to a class: alternatives of literals"
  },
  {
    file: 'src/model/settings.ts',
    argument: 'matcher',
    reason:
      'a hook matcher, compiled only when boundedMatcherRegExp accepts it (at most 128 characters, no repeated group that repeats) and tested on a tool name the tool supplies (`Bash`)'
  },
  {
    file: 'src/rules/agent-output-executed.ts',
    argument: '`${base}execution_file\\\\b`',
    reason: 'the step id escaped (escapeRe)'
  },
  {
    file: 'src/rules/agent-output-executed.ts',
    argument: "`${base}(?!(?:${[...NOT_AGENT_TEXT].join('|')})\\\\b)[a-z_][\\\\w-]*`",
    reason: "the step id escaped (escapeRe); NOT_AGENT_TEXT is the tool's own list"
  },
  {
    file: 'src/rules/agent-output-executed.ts',
    argument: '`^\\\\$\\\\{?${name}\\\\}?$`',
    reason: '`name` is GITHUB_ENV, GITHUB_PATH or GITHUB_OUTPUT'
  },
  {
    file: 'src/rules/agent-output-executed.ts',
    argument: 'base + names',
    reason: 'the step id and output names escaped (escapeRe), or a fixed name class'
  },
  {
    file: 'src/rules/agent-output-executed.ts',
    argument:
      '`needs\\\\s*\\\\.\\\\s*${escapeRe(job.id.toLowerCase())}\\\\s*\\\\.\\\\s*outputs\\\\s*\\\\.\\\\s*${escapeRe(name.toLowerCase())}\\\\b`',
    reason: 'job id and output name escaped'
  },
  {
    file: 'src/rules/mcp-injection-surface-undocumented.ts',
    argument: '`(^|[^A-Za-z0-9_-])${escapeRe(server.name)}($|[^A-Za-z0-9_-])`',
    reason: 'the server name escaped'
  },
  {
    file: 'src/rules/pwn-request.ts',
    argument: '`\\\\$\\\\{?${escapeRegExp(v)}\\\\b`',
    reason: 'the env variable name escaped (it was not: a YAML key such as `(a+)+` went in raw)'
  },
  {
    file: 'src/rules/workflow-secret-env.ts',
    argument: '`(^|[^A-Za-z0-9_])${n}([^A-Za-z0-9_]|$)`',
    reason: '`n` is the name escaped just above'
  },
  {
    file: 'src/secrets/assignments.ts',
    argument: 'KEYWORD_RE.source',
    reason: "a copy of the tool's own literal (checked by the literal test)"
  },
  {
    file: 'src/secrets/detectors.ts',
    argument: '`${L}(?:${body})${R}`',
    reason: "detector patterns assembled from the tool's own constants"
  },
  {
    file: 'src/secrets/detectors.ts',
    argument:
      'String.raw`https://hooks\\.slack\\.com/(?:services/T[A-Z0-9]{8,12}/B[A-Z0-9]{8,12}/[A-Za-z0-9]{20,32}|(?:workflows|triggers)/T[A-Z0-9]{8,12}/[A-Z0-9]{8,12}/[0-9]{8,24}/[A-Za-z0-9]{20,40})${R}`',
    reason: "the tool's own constant"
  },
  {
    file: 'src/secrets/detectors.ts',
    argument:
      'String.raw`(?<![A-Za-z0-9+.-])(?<scheme>postgres(?:ql)?|mysql|mariadb|mongodb(?:\\+srv)?|rediss?|amqps?|mssql|sqlserver|https?|ftps?|smtps?|ldaps?)://(?<user>[^\\s:@/?#\'"\\x60<>]{0,128}):(?<secret>[^\\s@/\'"\\x60<>]{1,256})@(?<host>[^\\s/?#:\'"\\x60<>,;]{1,253})`',
    reason: "the tool's own constant, every repetition bounded"
  },
  {
    file: 'src/user/audit.ts',
    argument: '`^${body}$`',
    reason: "a template of the tool's own rule messages, escaped, applied to the tool's own messages (machine audit)"
  }
]
