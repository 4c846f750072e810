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
    file: 'src/analysis/anthropic-code.ts',
    source: '@.*$',
    kind: 'known-debt',
    reason: '2nd degree polynomial; sees repository text: to be rewritten in a linear form (issue 15, item 6)'
  },
  {
    file: 'src/analysis/hook-guard-scan.ts',
    source: '^except\\b\\s*([^:]*):',
    kind: 'known-debt',
    reason: '2nd degree polynomial; sees repository text: to be rewritten in a linear form (issue 15, item 6)'
  },
  {
    file: 'src/analysis/hook-guard-scan.ts',
    source: '^\\s*catch\\s*(\\([^)]*\\))?\\s*\\{',
    kind: 'known-debt',
    reason: '2nd degree polynomial; sees repository text: to be rewritten in a linear form (issue 15, item 6)'
  },
  {
    file: 'src/analysis/hook-guard-scan.ts',
    source:
      '\\bfunction\\s*\\*?\\s*(\\w+)\\s*\\([^)]*\\)\\s*\\{|\\b(?:const|let|var)\\s+(\\w+)\\s*=\\s*(?:async\\s*)?(?:function\\b[^{]*|\\([^)]*\\)\\s*=>\\s*|\\w+\\s*=>\\s*)\\{',
    kind: 'known-debt',
    reason: '2nd degree polynomial (fuzz); sees repository text: to be rewritten in a linear form (issue 15, item 6)'
  },
  {
    file: 'src/analysis/hook-taint.ts',
    source: '^\\s*\\(?\\s*\\*?(?:self\\.)?([A-Za-z_]\\w*)',
    kind: 'known-debt',
    reason: '2nd degree polynomial; sees repository text: to be rewritten in a linear form (issue 15, item 6)'
  },
  {
    file: 'src/analysis/hook-taint.ts',
    source: '^for\\s+(.{1,200}?)\\s+in\\s+(.+):',
    kind: 'known-debt',
    reason: '2nd degree polynomial (fuzz); sees repository text: to be rewritten in a linear form (issue 15, item 6)'
  },
  {
    file: 'src/analysis/hook-taint.ts',
    source: '^(?:async\\s+)?with\\s+(.{1,500}?)\\s+as\\s+(\\w+)\\s*:',
    kind: 'known-debt',
    reason: '3rd degree polynomial (fuzz); sees repository text: to be rewritten in a linear form (issue 15, item 6)'
  },
  {
    file: 'src/analysis/hook-taint.ts',
    source: '(^|\\/)\\.claude\\/.*$',
    kind: 'bounded-input',
    reason:
      'applied to one repository-relative path (a file name git or the file system gave, at most PATH_MAX = 4096 characters): at most ~16M steps'
  },
  {
    file: 'src/analysis/hook-taint.ts',
    source: '\\s+as\\s+',
    kind: 'known-debt',
    reason: '2nd degree polynomial; sees repository text: to be rewritten in a linear form (issue 15, item 6)'
  },
  {
    file: 'src/analysis/hook-taint.ts',
    source:
      '\\b(?:const|let|var)\\s+(\\{[^}]*\\}|\\[[^\\]]*\\]|[\\w$]+)\\s*=\\s*([^;\\n]+)|(?<![\\w$.])([\\w$]+)\\s*(?:\\+=|=(?![=>]))\\s*([^;\\n]+)',
    kind: 'known-debt',
    reason: '2nd degree polynomial (fuzz); sees repository text: to be rewritten in a linear form (issue 15, item 6)'
  },
  {
    file: 'src/analysis/hook-taint.ts',
    source: '=.*$',
    kind: 'known-debt',
    reason: '2nd degree polynomial; sees repository text: to be rewritten in a linear form (issue 15, item 6)'
  },
  {
    file: 'src/analysis/hook-taint.ts',
    source: 'process\\.stdin\\.on\\s*\\(\\s*["\'`]\\s*["\'`]\\s*,\\s*(?:function\\s*)?\\(?\\s*([\\w$]+)',
    kind: 'known-debt',
    reason: '2nd degree polynomial; sees repository text: to be rewritten in a linear form (issue 15, item 6)'
  },
  {
    file: 'src/analysis/hook-guards.ts',
    source: '^(if|elif|while)\\s+([^:]*):(.*)$',
    kind: 'known-debt',
    reason: '2nd degree polynomial; sees repository text: to be rewritten in a linear form (issue 15, item 6)'
  },
  {
    file: 'src/analysis/hook-guards.ts',
    source: '\\.add_argument\\s*\\(([\\s\\S]*)\\)',
    kind: 'known-debt',
    reason: '2nd degree polynomial; sees repository text: to be rewritten in a linear form (issue 15, item 6)'
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
    source: '\\bprocess\\.exit\\s*\\(\\s*([^)]*)\\)|\\bprocess\\.exitCode\\s*=\\s*([\\w$]+)',
    kind: 'known-debt',
    reason: '2nd degree polynomial; sees repository text: to be rewritten in a linear form (issue 15, item 6)'
  },
  {
    file: 'src/analysis/hook-guards.ts',
    source: '\\s*\\($',
    kind: 'known-debt',
    reason: '2nd degree polynomial; sees repository text: to be rewritten in a linear form (issue 15, item 6)'
  },
  {
    file: 'src/analysis/hook-guards.ts',
    source: '([A-Za-z_$][\\w$]*(?:\\s*\\.\\s*[A-Za-z_$][\\w$]*)*)\\s*$',
    kind: 'known-debt',
    reason: '2nd degree polynomial; sees repository text: to be rewritten in a linear form (issue 15, item 6)'
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
    file: 'src/analysis/hook-taint.ts',
    source:
      '^(\\(?[A-Za-z_][\\w.,\\s[\\]*]{0,200}\\)?)\\s{0,20}(?::\\s{0,20}[\\w[\\], .|]{1,200})?\\s{0,20}(?:=|\\+=|\\|=)(?!=)\\s*([\\s\\S]+)$',
    kind: 'known-debt',
    reason:
      'recheck cannot decide it in 30 s; anchored, with bounded name and annotation parts, applied to one statement of a hook script under the 64 KB cap: to be rewritten in a linear form (issue 15, item 6)'
  }
]
