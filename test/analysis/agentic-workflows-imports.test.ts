import { test } from 'node:test'
import assert from 'node:assert/strict'
import { runRule, expectFindings, relatedView } from '../rules/harness.js'
import { resolveImports } from '../../src/analysis/agentic-workflows.js'
import { parseMarkdown } from '../../src/parse/doc.js'
import { SourceFile } from '../../src/parse/source.js'

// A shared engine, as gh-aw repositories keep one under .github/workflows/shared/.
const ENGINE = `---
# Shared engine for every agentic workflow of the repository.
engine:
  id: claude
  env:
    ANTHROPIC_BASE_URL: https://llm.example.net/anthropic
tools:
  bash: [":*"]
---
`

const source = (imports: string[], on = 'issues'): string => `---
on: ${on}
permissions:
  contents: read
imports:
${imports.map((i) => `  - ${i}`).join('\n')}
---
Triage the issue.
`

// What gh-aw compiled from it: audited at the source, so never reported here.
const LOCK = `on: issues
jobs:
  agent:
    runs-on: ubuntu-latest
    env:
      ANTHROPIC_BASE_URL: https://llm.example.net/anthropic
    steps:
      - run: claude --print --dangerously-skip-permissions "$(cat prompt.md)"
`

test('gh-aw imports: an engine imported from a shared file makes the source a Claude workflow, reported at the shared file', async () => {
  const files = {
    '.github/workflows/shared/engine.md': ENGINE,
    '.github/workflows/triage.md': source(['shared/tool-hints.md', 'shared/engine.md']),
    '.github/workflows/shared/tool-hints.md': '---\ntools:\n  github:\n---\nUse the tools.\n',
    '.github/workflows/triage.lock.yml': LOCK
  }
  const endpoint = await runRule('custom-api-endpoint', files)
  expectFindings(endpoint, [
    {
      severity: 'medium',
      file: '.github/workflows/shared/engine.md',
      line: 6,
      column: 25,
      message: 'ANTHROPIC_BASE_URL in this shared gh-aw engine sends every request of the 1 agentic workflow that import it (.github/workflows/triage.md) to llm.example.net'
    }
  ])
  assert.deepEqual(relatedView(endpoint[0]), ['.github/workflows/triage.md:7:5-7:21 .github/workflows/triage.md imports this engine'])
  // Findings about the run as a whole point at the `imports:` entry that brings the engine.
  expectFindings(await runRule('model-not-pinned', files), [
    { severity: 'medium', file: '.github/workflows/triage.md', line: 7, column: 5, message: 'agentic workflow .github/workflows/triage.md runs the Claude engine without `model`' }
  ])
})

test('gh-aw imports: two workflows importing one engine get one finding at the shared place', async () => {
  const files = {
    '.github/workflows/shared/engine.md': ENGINE,
    '.github/workflows/triage.md': source(['shared/engine.md']),
    '.github/workflows/review.md': source(['/.github/workflows/shared/engine.md#Engine'], 'pull_request'),
    '.github/workflows/triage.lock.yml': LOCK
  }
  const endpoint = await runRule('custom-api-endpoint', files)
  expectFindings(endpoint, [
    {
      severity: 'medium',
      file: '.github/workflows/shared/engine.md',
      line: 6,
      column: 25,
      message: 'of the 2 agentic workflows that import it (.github/workflows/review.md, .github/workflows/triage.md) to llm.example.net'
    }
  ])
  expectFindings(await runRule('model-not-pinned', files), [
    { file: '.github/workflows/review.md', line: 6, column: 5 },
    { file: '.github/workflows/triage.md', line: 6, column: 5 }
  ])
})

test('gh-aw imports: a missing import is passed over; the engine still comes from the files that exist', async () => {
  const files = {
    '.github/workflows/shared/engine.md': ENGINE,
    '.github/workflows/triage.md': source(['shared/missing.md?', 'shared/gone.md', 'shared/engine.md'])
  }
  expectFindings(await runRule('model-not-pinned', files), [{ severity: 'medium', file: '.github/workflows/triage.md', line: 8, column: 5 }])
  expectFindings(await runRule('custom-api-endpoint', files), [{ file: '.github/workflows/shared/engine.md', line: 6, column: 25 }])
})

test('gh-aw imports: an import cycle is followed once; a nested engine counts and points at the nested file', async () => {
  const files = {
    '.github/workflows/triage.md': source(['shared/a.md']),
    '.github/workflows/shared/a.md': '---\nimports:\n  - b.md\n---\n',
    '.github/workflows/shared/b.md': `---
imports:
  - a.md
  - ../triage.md
engine:
  id: claude
  env:
    ANTHROPIC_BASE_URL: https://llm.example.net
---
`
  }
  expectFindings(await runRule('custom-api-endpoint', files), [
    { severity: 'medium', file: '.github/workflows/shared/b.md', line: 8, column: 25, message: '1 agentic workflow that import it (.github/workflows/triage.md)' }
  ])
  // The run as a whole: the source's own entry through which the nested engine comes.
  expectFindings(await runRule('model-not-pinned', files), [{ file: '.github/workflows/triage.md', line: 6, column: 5 }])
})

test('gh-aw imports: a path out of the repository or into another repository is never read', async () => {
  const md = parseMarkdown(
    new SourceFile(
      '.github/workflows/triage.md',
      source(['../../../outside/engine.md', '/../../etc/engine.md', 'acme/shared/engine.md@v1', 'shared/engine.md'])
    )
  )
  const asked: string[] = []
  const read = (path: string): SourceFile | null => {
    asked.push(path)
    return new SourceFile(path, ENGINE)
  }
  const { files, unfollowed } = resolveImports('.github/workflows/triage.md', md.frontmatter!, read)
  assert.deepEqual(asked, ['.github/workflows/shared/engine.md'])
  assert.deepEqual(files.map((f) => f.path), ['.github/workflows/shared/engine.md'])
  assert.deepEqual(
    unfollowed.map((u) => `${u.entry}: ${u.why}`),
    [
      '../../../outside/engine.md: a path outside the repository',
      '/../../etc/engine.md: a path outside the repository',
      'acme/shared/engine.md@v1: a file of another repository, fetched when the workflow is compiled'
    ]
  )
})

test('gh-aw imports: an entry out of the repository is passed over; the next one still brings the engine', async () => {
  const files = {
    '.github/workflows/shared/engine.md': ENGINE,
    '.github/workflows/triage.md': source(['../../../engine.md', 'shared/engine.md'])
  }
  expectFindings(await runRule('model-not-pinned', files), [{ severity: 'medium', file: '.github/workflows/triage.md', line: 7, column: 5 }])
})

test('gh-aw imports: a secret in an imported `observability.otlp.headers` is reported once at the shared file (workflow-secret-env)', async () => {
  const files = {
    '.github/workflows/shared/engine.md': ENGINE,
    '.github/workflows/shared/otel.md': `---
observability:
  otlp:
    endpoint: https://traces.example.net
    headers:
      Authorization: \${{ secrets.TRACE_TOKEN }}
---
`,
    '.github/workflows/triage.md': source(['shared/engine.md', 'shared/otel.md']),
    '.github/workflows/review.md': source(['shared/otel.md', 'shared/engine.md'], 'pull_request')
  }
  const findings = await runRule('workflow-secret-env', files)
  expectFindings(findings, [
    {
      file: '.github/workflows/shared/otel.md',
      line: 6,
      column: 22,
      endColumn: 48,
      severity: 'medium',
      message:
        'secret TRACE_TOKEN in `observability.otlp.headers` (Authorization) is compiled into the workflow-level `env:` (OTEL_EXPORTER_OTLP_HEADERS) of the lock files of the 2 agentic workflows that import it (.github/workflows/review.md, .github/workflows/triage.md)'
    }
  ])
  assert.deepEqual(relatedView(findings[0]), [
    '.github/workflows/review.md:6:5-6:19 .github/workflows/review.md imports this',
    '.github/workflows/triage.md:7:5-7:19 .github/workflows/triage.md imports this'
  ])
})

test('gh-aw imports: the threat-detection engine of a shared file is a second place, reported once too', async () => {
  const shared = `${ENGINE.slice(0, -4)}safe-outputs:
  threat-detection:
    engine:
      id: claude
      env:
        ANTHROPIC_BASE_URL: https://llm.example.net/anthropic
---
`
  const files = {
    '.github/workflows/shared/engine.md': shared,
    '.github/workflows/triage.md': source(['shared/engine.md']),
    '.github/workflows/review.md': source(['shared/engine.md'], 'pull_request')
  }
  expectFindings(await runRule('custom-api-endpoint', files), [
    { file: '.github/workflows/shared/engine.md', line: 6, column: 25, severity: 'medium', message: 'of the 2 agentic workflows that import it' },
    { file: '.github/workflows/shared/engine.md', line: 14, column: 29, severity: 'medium', message: 'of the 2 agentic workflows that import it' }
  ])
})
