/**
 * The configuration file: every mistake is a usage error (exit 2) that names
 * the key, the rule and what is allowed, so a typo cannot silently leave a
 * rule on (or turn one off).
 */
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { spawnSync } from 'node:child_process'
import { readFileSync, rmSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { loadConfig, DEFAULT_CONFIG_NAME, type Config } from '../src/config.js'
import { runAudit } from '../src/audit.js'
import { RULES } from '../src/rules/index.js'
import { writeFixture } from './rules/harness.js'

/** What src/audit.ts passes: every rule id with its default options. */
const KNOWN = new Map(RULES.map((r) => [r.meta.id, r.meta.defaultOptions]))

/** Loads `yaml` as the root's configuration file; returns the config and the file's path. */
function load(yaml: string, known: Parameters<typeof loadConfig>[2] = KNOWN): { config: Config; path: string } {
  const dir = writeFixture({ [DEFAULT_CONFIG_NAME]: yaml })
  try {
    return { config: loadConfig(dir, undefined, known), path: join(dir, DEFAULT_CONFIG_NAME) }
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}

/** Asserts that loading `yaml` throws a UsageError whose message is `expected(path)`. */
function rejects(
  yaml: string,
  expected: (path: string) => string,
  known: Parameters<typeof loadConfig>[2] = KNOWN
): void {
  const dir = writeFixture({ [DEFAULT_CONFIG_NAME]: yaml })
  const path = join(dir, DEFAULT_CONFIG_NAME)
  try {
    assert.throws(() => loadConfig(dir, undefined, known), { name: 'UsageError', message: expected(path) })
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}

test("the README's example configuration loads as written", () => {
  const readme = readFileSync('README.md', 'utf8')
  const section = readme.slice(readme.indexOf('## Configuration'))
  const example = /```yaml\n([\s\S]*?)```/.exec(section)?.[1]
  assert.ok(example, 'README has a yaml example under ## Configuration')
  const { config, path } = load(example)
  assert.deepEqual(config, {
    source: path,
    failOn: 'high',
    minSeverity: 'low',
    claudeCodeVersion: '2.1.280',
    ignore: ['fixtures/**'],
    rules: {
      'model-not-pinned': { severity: 'low', ignore: [] },
      'mcp-review-overdue': { severity: undefined, options: { maxAgeDays: 120 }, ignore: [] },
      'custom-api-endpoint': {
        severity: undefined,
        options: { allowedHosts: ['llm-gateway.internal.example.com'] },
        ignore: []
      },
      'no-notification-hook': { disable: true, severity: undefined, ignore: [] },
      'hardcoded-secret': { severity: undefined, ignore: ['docs/examples/**'] }
    }
  })
})

test('short forms and every option type of the rules load', () => {
  const { config } = load(`rules:
  no-notification-hook: false
  model-not-pinned: off
  hardcoded-secret: true
  claude-md-too-long:
    disable: false
    severity: HIGH
    options: { maxLines: 800 }
  context-exclusion-missing:
    options:
      paths: []
  mcp-injection-surface-undocumented:
    options:
      documents: ['SECURITY.md']
`)
  assert.equal(config.rules['no-notification-hook'].disable, true)
  assert.equal(config.rules['model-not-pinned'].disable, true)
  assert.deepEqual(config.rules['hardcoded-secret'], {})
  assert.equal(config.rules['claude-md-too-long'].disable, false)
  assert.equal(config.rules['claude-md-too-long'].severity, 'high')
  assert.deepEqual(config.rules['claude-md-too-long'].options, { maxLines: 800 })
  assert.deepEqual(config.rules['context-exclusion-missing'].options, { paths: [] })
})

// Defect 1: typos inside a rule's settings.

test('an unknown key in a rule is an error naming the key, the rule and the keys allowed', () => {
  rejects(
    'rules:\n  no-notification-hook:\n    disabel: true\n',
    (p) =>
      `Unknown key 'disabel' in rule 'no-notification-hook' in '${p}'. Known keys: disable, severity, options, ignore.`
  )
  // Checked even without the rules' default options (as `fix` loads the file).
  rejects(
    'rules:\n  no-notification-hook:\n    disabel: true\n',
    (p) =>
      `Unknown key 'disabel' in rule 'no-notification-hook' in '${p}'. Known keys: disable, severity, options, ignore.`,
    undefined
  )
})

test('disable must be a boolean, not a string', () => {
  rejects(
    "rules:\n  no-notification-hook:\n    disable: 'true'\n",
    (p) =>
      `Invalid disable of rule 'no-notification-hook' in '${p}': expected true or false, got the string 'true'. ` +
      "YAML 1.2 reads 'true' as a string, not a boolean; write true or false without quotes."
  )
  rejects(
    'rules:\n  no-notification-hook:\n    disable: yes\n',
    (p) =>
      `Invalid disable of rule 'no-notification-hook' in '${p}': expected true or false, got the string 'yes'. ` +
      "YAML 1.2 reads 'yes' as a string, not a boolean; write true or false without quotes."
  )
  rejects(
    'rules:\n  no-notification-hook:\n    disable: 1\n',
    (p) => `Invalid disable of rule 'no-notification-hook' in '${p}': expected true or false, got the number 1.`
  )
  rejects(
    'rules:\n  no-notification-hook:\n    disable:\n',
    (p) => `Invalid disable of rule 'no-notification-hook' in '${p}': expected true or false, got nothing.`
  )
})

test('an unknown option is an error listing the options of the rule', () => {
  rejects(
    "rules:\n  custom-api-endpoint:\n    options:\n      allowedHost: ['gw.example.com']\n",
    (p) => `Unknown option 'allowedHost' for rule 'custom-api-endpoint' in '${p}'. Known options: allowedHosts.`
  )
  rejects(
    'rules:\n  no-notification-hook:\n    options:\n      maxAgeDays: 3\n',
    (p) => `Unknown option 'maxAgeDays' for rule 'no-notification-hook' in '${p}'. The rule takes no options.`
  )
})

test('an option of the wrong type is an error naming the type expected', () => {
  rejects(
    "rules:\n  custom-api-endpoint:\n    options:\n      allowedHosts: 'gw.example.com'\n",
    (p) =>
      `Invalid option 'allowedHosts' for rule 'custom-api-endpoint' in '${p}': expected a list of strings, ` +
      "got the string 'gw.example.com'. Write a list: ['gw.example.com']."
  )
  rejects(
    'rules:\n  custom-api-endpoint:\n    options:\n      allowedHosts: [gw.example.com, 443]\n',
    (p) =>
      `Invalid option 'allowedHosts' for rule 'custom-api-endpoint' in '${p}': expected a list of strings, got a list.`
  )
  rejects(
    "rules:\n  mcp-review-overdue:\n    options:\n      maxAgeDays: 'abc'\n",
    (p) =>
      `Invalid option 'maxAgeDays' for rule 'mcp-review-overdue' in '${p}': expected a number, got the string 'abc'.`
  )
  rejects(
    "rules:\n  mcp-review-overdue:\n    options:\n      maxAgeDays: '90'\n",
    (p) =>
      `Invalid option 'maxAgeDays' for rule 'mcp-review-overdue' in '${p}': expected a number, got the string '90'.`
  )
  rejects(
    'rules:\n  mcp-review-overdue:\n    options:\n      maxAgeDays:\n',
    (p) => `Invalid option 'maxAgeDays' for rule 'mcp-review-overdue' in '${p}': expected a number, got nothing.`
  )
  rejects(
    'rules:\n  claude-md-too-long:\n    options:\n      maxLines: .nan\n',
    (p) => `Invalid option 'maxLines' for rule 'claude-md-too-long' in '${p}': expected a number, got the number NaN.`
  )
  rejects(
    'rules:\n  claude-md-too-long:\n    options: 500\n',
    (p) => `Invalid options of rule 'claude-md-too-long' in '${p}': expected a mapping, got the number 500.`
  )
})

test('severity must be a severity and ignore a list of patterns', () => {
  rejects(
    'rules:\n  model-not-pinned:\n    severity: hgih\n',
    (p) =>
      `Invalid severity 'hgih' of rule 'model-not-pinned' in '${p}'. Expected one of: critical, high, medium, low, info.`
  )
  rejects(
    'rules:\n  model-not-pinned:\n    severity: [high]\n',
    (p) =>
      `Invalid severity of rule 'model-not-pinned' in '${p}': expected one of critical, high, medium, low, info, got a list.`
  )
  rejects(
    'rules:\n  hardcoded-secret:\n    ignore: { docs: true }\n',
    (p) => `Invalid ignore of rule 'hardcoded-secret' in '${p}': expected a list of path patterns, got a mapping.`
  )
  rejects(
    'min-severity: nope\n',
    (p) => `Invalid min-severity 'nope' in '${p}'. Expected one of: critical, high, medium, low, info.`
  )
  rejects(
    'fail-on: 3\n',
    (p) => `Invalid fail-on in '${p}': expected one of critical, high, medium, low, info, never, got the number 3.`
  )
})

test("the rules' options reach runAudit: a typo fails the audit, not just loadConfig", async () => {
  const dir = writeFixture({
    'CLAUDE.md': '# Project\n',
    [DEFAULT_CONFIG_NAME]: "rules:\n  custom-api-endpoint:\n    options:\n      allowedHost: ['gw.example.com']\n"
  })
  try {
    await assert.rejects(runAudit({ root: dir }), {
      name: 'UsageError',
      message: `Unknown option 'allowedHost' for rule 'custom-api-endpoint' in '${join(dir, DEFAULT_CONFIG_NAME)}'. Known options: allowedHosts.`
    })
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
})

test("the CLI exits 2 on a typo in a rule's settings", () => {
  const dir = writeFixture({
    'CLAUDE.md': '# Project\n',
    [DEFAULT_CONFIG_NAME]: 'rules:\n  no-notification-hook:\n    disable: yes\n'
  })
  try {
    const r = spawnSync(process.execPath, ['--import', 'tsx', resolve('src/cli.ts'), dir], {
      encoding: 'utf8',
      env: { ...process.env, CLAUDE_CODE_AUDIT_TIMING: '' }
    })
    assert.equal(r.status, 2, r.stderr)
    assert.match(
      r.stderr,
      /Invalid disable of rule 'no-notification-hook' in '.*': expected true or false, got the string 'yes'\./
    )
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
})

// Defect 2: repeated keys.

test('a repeated top-level key is an error with its line, not a silently dropped block', () => {
  rejects(
    'rules:\n  no-notification-hook: off\nfail-on: high\nrules:\n  model-not-pinned: off\n',
    (p) => `Duplicate key 'rules' in '${p}' (line 4; first on line 1). Each key may appear once; merge the two.`
  )
})

test('a repeated key at any depth is an error naming its path', () => {
  rejects(
    'rules:\n  no-notification-hook:\n    disable: true\n    severity: low\n    disable: false\n',
    (p) =>
      `Duplicate key 'rules.no-notification-hook.disable' in '${p}' (line 5; first on line 3). Each key may appear once; merge the two.`
  )
  rejects(
    'rules:\n  model-not-pinned: off\n  model-not-pinned: {severity: low}\n',
    (p) =>
      `Duplicate key 'rules.model-not-pinned' in '${p}' (line 3; first on line 2). Each key may appear once; merge the two.`
  )
  rejects(
    'rules:\n  custom-api-endpoint:\n    options: { allowedHosts: [a], "allowedHosts": [b] }\n',
    (p) =>
      `Duplicate key 'rules.custom-api-endpoint.options.allowedHosts' in '${p}' (line 3; first on line 3). Each key may appear once; merge the two.`
  )
})

test('a duplicate key is reported with the right line after a byte order mark', () => {
  rejects(
    '\uFEFFignore: [a]\nignore: [b]\n',
    (p) => `Duplicate key 'ignore' in '${p}' (line 2; first on line 1). Each key may appear once; merge the two.`
  )
})

// Defect 3: ignore patterns.

test("a leading './' in an ignore pattern is removed, so the pattern matches repository paths", () => {
  const { config } = load(`ignore: ['./.github/**', '././fixtures/**', 'docs/./x.md', '!./keep/**', 'vendor/']
rules:
  hardcoded-secret:
    ignore: './docs/examples/**'
`)
  assert.deepEqual(config.ignore, ['.github/**', 'fixtures/**', 'docs/x.md', '!keep/**', 'vendor/**'])
  assert.deepEqual(config.rules['hardcoded-secret'].ignore, ['docs/examples/**'])
})

test('absolute ignore patterns and patterns with .. are errors', () => {
  rejects(
    "ignore: ['/etc/**']\n",
    (p) =>
      `Invalid ignore pattern '/etc/**' in '${p}': patterns are relative to the repository root, ` +
      "so an absolute path never matches; write e.g. 'docs/**'."
  )
  rejects(
    "rules:\n  hardcoded-secret:\n    ignore: ['C:/repo/docs/**']\n",
    (p) =>
      `Invalid ignore pattern 'C:/repo/docs/**' of rule 'hardcoded-secret' in '${p}': patterns are relative to the ` +
      "repository root, so an absolute path never matches; write e.g. 'docs/**'."
  )
  rejects(
    "ignore: ['../other/**']\n",
    (p) =>
      `Invalid ignore pattern '../other/**' in '${p}': '..' would leave the repository root; patterns are relative to the root.`
  )
  rejects(
    "ignore: ['docs/../secrets/**']\n",
    (p) =>
      `Invalid ignore pattern 'docs/../secrets/**' in '${p}': '..' would leave the repository root; patterns are relative to the root.`
  )
  rejects(
    "ignore: ['./']\n",
    (p) => `Invalid ignore pattern './' in '${p}': it names no path; use '**' to match every file.`
  )
})

test("an ignore pattern with './' suppresses findings in the audit", async () => {
  const long = Array.from({ length: 600 }, (_, i) => `- rule ${i}`).join('\n') + '\n'
  const tooLong = async (config?: string): Promise<string[]> => {
    const dir = writeFixture({ 'CLAUDE.md': long, ...(config === undefined ? {} : { [DEFAULT_CONFIG_NAME]: config }) })
    try {
      const result = await runAudit({ root: dir, minSeverity: 'info' })
      return result.findings.filter((f) => f.ruleId === 'claude-md-too-long').map((f) => f.file ?? '')
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  }
  assert.deepEqual(await tooLong(), ['CLAUDE.md'], 'reported without the ignore')
  assert.deepEqual(await tooLong("ignore: ['./CLAUDE.md']\n"), [])
  assert.deepEqual(await tooLong("rules:\n  claude-md-too-long:\n    ignore: ['./CLAUDE.md']\n"), [])
})

test('claude-code-version: a quoted x.y.z reaches the rules; anything else is an error', async () => {
  assert.equal(load("claude-code-version: '2.1.250'\n").config.claudeCodeVersion, '2.1.250')
  rejects(
    'claude-code-version: 2.1\n',
    (p) => `Invalid claude-code-version in '${p}': expected a version such as '2.1.296' (quoted), got the number 2.1.`
  )
  rejects(
    "claude-code-version: latest\n",
    (p) => `Invalid claude-code-version in '${p}': expected a version such as '2.1.296' (quoted), got the string 'latest'.`
  )
  // Claude Code 2.1.250 honours a committed defaultMode bypassPermissions: high, saying why.
  const dir = writeFixture({
    '.claude/settings.json': '{"permissions": {"defaultMode": "bypassPermissions"}}',
    [DEFAULT_CONFIG_NAME]: "claude-code-version: '2.1.250'\n"
  })
  try {
    const r = await runAudit({ root: dir })
    const f = r.findings.find((x) => x.ruleId === 'bypass-permissions')
    assert.equal(f?.severity, 'high')
    assert.match(f?.message ?? '', /claude-code-version 2\.1\.250 in the configuration, older than 2\.1\.257/)
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
})
