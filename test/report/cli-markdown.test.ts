/** `--format markdown`: the verdict uses the threshold the exit status uses. */
import assert from 'node:assert/strict'
import { test } from 'node:test'
import { renderCliMarkdown } from '../../src/report/cli-markdown.js'
import type { AuditResult } from '../../src/core/types.js'
import { finding, result } from './helpers.js'

/** One high and one medium finding, with the configuration's fail-on if given. */
function twoFindings(configFailOn?: AuditResult['configFailOn']): AuditResult {
  return {
    ...result([finding(), finding({ severity: 'medium', fingerprint: 'fp2' })]),
    ...(configFailOn ? { configFailOn } : {})
  }
}

const verdict = (md: string): string | undefined => md.split('\n').find((l) => /^(❌|⚠️|✅) /.test(l))
const meta = (md: string): string | undefined => md.split('\n').find((l) => l.includes(' scanned'))

test('cli markdown: the threshold given wins over the configuration and the default', () => {
  assert.equal(
    verdict(renderCliMarkdown(twoFindings(), 'never')),
    '⚠️ **Passed with findings**: 2 findings; `fail-on: never` never fails the run.'
  )
  assert.equal(meta(renderCliMarkdown(twoFindings(), 'never')), '🟠 1 high 🟡 1 medium · 12 files scanned · fail-on: `never`')
  assert.equal(
    verdict(renderCliMarkdown(twoFindings('never'), 'info')),
    '❌ **Failed**: 2 findings at or above `info` (2 in total).'
  )
  assert.equal(meta(renderCliMarkdown(twoFindings('never'), 'info')), '🟠 1 high 🟡 1 medium · 12 files scanned · fail-on: `info`')
  assert.equal(
    verdict(renderCliMarkdown(twoFindings(), 'critical')),
    '⚠️ **Passed with findings**: 2 findings, none at or above `critical`.'
  )
})

test('cli markdown: without a threshold, the configuration, else high', () => {
  assert.equal(verdict(renderCliMarkdown(twoFindings())), '❌ **Failed**: 1 finding at or above `high` (2 in total).')
  assert.equal(
    verdict(renderCliMarkdown(twoFindings('medium'))),
    '❌ **Failed**: 2 findings at or above `medium` (2 in total).'
  )
  assert.equal(
    verdict(renderCliMarkdown(twoFindings('never'))),
    '⚠️ **Passed with findings**: 2 findings; `fail-on: never` never fails the run.'
  )
})

test('cli markdown: passed only when there are no findings', () => {
  assert.equal(
    verdict(renderCliMarkdown(result([]), 'never')),
    '✅ **Passed**: no findings at the reported severities.'
  )
})
