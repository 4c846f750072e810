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
    file: 'src/fix/workflows.ts',
    source: '@.*$',
    kind: 'known-debt',
    reason: '2nd degree polynomial; sees repository text: to be rewritten in a linear form (issue 15, item 6)'
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
    file: 'src/parse/doc.ts',
    source: '^([A-Za-z_][\\w-]*)[ \\t]*:(?:[ \\t]+|$)(.*)$',
    kind: 'known-debt',
    reason: '2nd degree polynomial; sees repository text: to be rewritten in a linear form (issue 15, item 6)'
  },
  {
    file: 'src/report/markdown.ts',
    source: '\\/+$',
    kind: 'no-repository-text',
    reason: "the runner's server URL, never repository text"
  },
  {
    file: 'src/rules/custom-api-endpoint.ts',
    source: 'ANTHROPIC_\\w*BASE_URL',
    kind: 'known-debt',
    reason: '2nd degree polynomial; sees repository text: to be rewritten in a linear form (issue 15, item 6)'
  },
  {
    file: 'src/rules/dangerous-commands-unguarded.ts',
    source: '\\brm\\b[^\\n]{0,80}?(?:-[\\w[\\]*\\\\-]*[rR]|recursive)',
    kind: 'known-debt',
    reason: '3rd degree polynomial (fuzz); sees repository text: to be rewritten in a linear form (issue 15, item 6)'
  },
  {
    file: 'src/rules/dangerous-commands-unguarded.ts',
    source: '\\bpush\\b[^\\n]*(?:--force|(?:^|[\\s\'"(|\\\\])-f\\b)|(?:--force|\\s-f\\b)[^\\n]*\\bpush\\b',
    kind: 'known-debt',
    reason: '2nd degree polynomial; sees repository text: to be rewritten in a linear form (issue 15, item 6)'
  },
  {
    file: 'src/rules/dangerous-commands-unguarded.ts',
    source: '\\s*(?:\\|\\||&&|\\|&|[|;&])\\s*',
    kind: 'known-debt',
    reason: '2nd degree polynomial; sees repository text: to be rewritten in a linear form (issue 15, item 6)'
  },
  {
    file: 'src/rules/full-repo-read.ts',
    source: '(`+)([^`]+?)\\1(?!`)',
    kind: 'known-debt',
    reason: '3rd degree polynomial (fuzz); sees repository text: to be rewritten in a linear form (issue 15, item 6)'
  },
  {
    file: 'src/rules/full-repo-read.ts',
    source: '^(\\s*)\\$ ',
    kind: 'known-debt',
    reason: '2nd degree polynomial; sees repository text: to be rewritten in a linear form (issue 15, item 6)'
  },
  {
    file: 'src/rules/hardcoded-secret.ts',
    source: '(^|\\/)\\.claude\\/(agents|commands|skills|output-styles)\\/.+\\.md$',
    kind: 'bounded-input',
    reason:
      'applied to one repository-relative path (a file name git or the file system gave, at most PATH_MAX = 4096 characters): at most ~16M steps'
  },
  {
    file: 'src/rules/mcp-insecure-transport.ts',
    source: '\\$\\{([A-Za-z_][A-Za-z0-9_]*):?-([^}]*)\\}',
    kind: 'known-debt',
    reason: '2nd degree polynomial; sees repository text: to be rewritten in a linear form (issue 15, item 6)'
  },
  {
    file: 'src/rules/mcp-insecure-transport.ts',
    source: '^(authorization|x-api-key|api-key|.*token.*)$',
    kind: 'known-debt',
    reason: '2nd degree polynomial; sees repository text: to be rewritten in a linear form (issue 15, item 6)'
  },
  {
    file: 'src/rules/plugin-unpinned.ts',
    source: '\\.git(#.*)?$',
    kind: 'known-debt',
    reason: '2nd degree polynomial; sees repository text: to be rewritten in a linear form (issue 15, item 6)'
  },
  {
    file: 'src/rules/pwn-request.ts',
    source: '\\/+$',
    kind: 'known-debt',
    reason: '2nd degree polynomial; sees repository text: to be rewritten in a linear form (issue 15, item 6)'
  },
  {
    file: 'src/analysis/anthropic-code.ts',
    source: '@.*$',
    kind: 'known-debt',
    reason: '2nd degree polynomial; sees repository text: to be rewritten in a linear form (issue 15, item 6)'
  },
  {
    file: 'src/analysis/claude-run.ts',
    source: '^\\s*([A-Za-z_][\\w]*)\\s*:\\s*(.*)$',
    kind: 'known-debt',
    reason: '2nd degree polynomial; sees repository text: to be rewritten in a linear form (issue 15, item 6)'
  },
  {
    file: 'src/analysis/permission-rules.ts',
    source: '^\\s*([A-Za-z0-9_*.-]+)\\s*(?:\\(([\\s\\S]*)\\))?\\s*$',
    kind: 'known-debt',
    reason: '2nd degree polynomial; sees repository text: to be rewritten in a linear form (issue 15, item 6)'
  },
  {
    file: 'src/analysis/permission-rules.ts',
    source: '^\\s*(\\*|\\*\\*|:\\*|\\*\\*\\/\\*|\\*\\*\\/\\*\\*)?\\s*$',
    kind: 'known-debt',
    reason: '2nd degree polynomial; sees repository text: to be rewritten in a linear form (issue 15, item 6)'
  },
  {
    file: 'src/analysis/permission-rules.ts',
    source: '\\/+$',
    kind: 'known-debt',
    reason: '2nd degree polynomial; sees repository text: to be rewritten in a linear form (issue 15, item 6)'
  },
  {
    file: 'src/analysis/permission-rules.ts',
    source: '\\*+$',
    kind: 'known-debt',
    reason: '2nd degree polynomial; sees repository text: to be rewritten in a linear form (issue 15, item 6)'
  },
  {
    file: 'src/analysis/permission-rules.ts',
    source: '^\\s*(\\/\\/|~\\/|\\.\\/|\\/)?(\\*|\\*\\*)?(\\/\\*\\*?)?\\s*$',
    kind: 'known-debt',
    reason: '2nd degree polynomial; sees repository text: to be rewritten in a linear form (issue 15, item 6)'
  },
  {
    file: 'src/analysis/permission-rules.ts',
    source: '(:\\*|\\s+\\*|\\*)$',
    kind: 'known-debt',
    reason: '2nd degree polynomial; sees repository text: to be rewritten in a linear form (issue 15, item 6)'
  },
  {
    file: 'src/analysis/workflow-security.ts',
    source: '([A-Za-z_][\\w]*)\\s*$',
    kind: 'known-debt',
    reason: '2nd degree polynomial; sees repository text: to be rewritten in a linear form (issue 15, item 6)'
  },
  {
    file: 'src/analysis/workflow-security.ts',
    source:
      '\\b(github\\.(actor|triggering_actor)|github\\.event\\.(sender|comment\\.user|issue\\.user|review\\.user|pull_request\\.user)\\.login)\\s*==|contains\\(\\s*fromjson\\([^)]*\\)\\s*,\\s*(github\\.(actor|triggering_actor)|github\\.event\\.\\w+\\.author_association)\\s*\\)',
    kind: 'known-debt',
    reason: '2nd degree polynomial (fuzz); sees repository text: to be rewritten in a linear form (issue 15, item 6)'
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
    source: '(^|\\/)\\.claude\\/.*$',
    kind: 'bounded-input',
    reason:
      'applied to one repository-relative path (a file name git or the file system gave, at most PATH_MAX = 4096 characters): at most ~16M steps'
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
    file: 'src/analysis/machine-paths.ts',
    source:
      '(?<![\\w.$~%@:-])(?:(?:\\/mnt)?\\/+[a-zA-Z](?=\\/))?\\/+(Users|home|Volumes)\\/([^/\\s"\'`:;,|&<>()[\\]{}*?\\\\$]+)',
    kind: 'known-debt',
    reason: '2nd degree polynomial (fuzz); sees repository text: to be rewritten in a linear form (issue 15, item 6)'
  },
  {
    file: 'src/analysis/mcp-launch.ts',
    source: '^-[a-z]*c[a-z]*$',
    kind: 'known-debt',
    reason: '2nd degree polynomial; sees repository text: to be rewritten in a linear form (issue 15, item 6)'
  },
  {
    file: 'src/analysis/mcp-launch.ts',
    source: '==.*\\*',
    kind: 'known-debt',
    reason: '2nd degree polynomial; sees repository text: to be rewritten in a linear form (issue 15, item 6)'
  },
  {
    file: 'src/rules/workflow-secret-env.ts',
    source: '@.*$',
    kind: 'known-debt',
    reason: '2nd degree polynomial; sees repository text: to be rewritten in a linear form (issue 15, item 6)'
  },
  {
    file: 'src/rules/workflow-secret-env.ts',
    source: '^\\s*([A-Za-z_][\\w]*)\\s*:\\s*(.*)$',
    kind: 'known-debt',
    reason: '2nd degree polynomial; sees repository text: to be rewritten in a linear form (issue 15, item 6)'
  },
  {
    file: 'src/secrets/detectors.ts',
    source: '(?:^|_)aws(?:_.*)?_secret',
    kind: 'known-debt',
    reason: '2nd degree polynomial; sees repository text: to be rewritten in a linear form (issue 15, item 6)'
  },
  {
    file: 'src/shell/parse.ts',
    source: '^-[a-zA-Z]*e[a-zA-Z]*$',
    kind: 'known-debt',
    reason: '2nd degree polynomial; sees repository text: to be rewritten in a linear form (issue 15, item 6)'
  },
  {
    file: 'src/verify/run-hooks.ts',
    source: '^\\s*([A-Za-z_][\\w-]*)\\s*(?:\\(([\\s\\S]*)\\))?\\s*$',
    kind: 'known-debt',
    reason: '2nd degree polynomial; sees repository text: to be rewritten in a linear form (issue 15, item 6)'
  },
  {
    file: 'src/verify/run-hooks.ts',
    source: '\\s*(?:&&|\\|\\||\\|&|[;|&\\n])\\s*',
    kind: 'known-debt',
    reason: '2nd degree polynomial; sees repository text: to be rewritten in a linear form (issue 15, item 6)'
  }
]
