/**
 * Orchestration of the action: inputs → run context → audit → verdict →
 * report on every channel → outputs and exit status.
 *
 * The verdict is decided once, from the findings and `fail-on`, before any
 * reporting. Reporting channels can fail (read-only token on forks, size
 * limits, outages): each failure is one warning and never changes the
 * verdict. `core.setFailed` is called only when a finding reaches
 * `fail-on`, or for an internal error.
 */
import { realpathSync, statSync } from 'node:fs'
import { ReportFileError, writeReportFile } from './report-file.js'
import { isAbsolute, relative, resolve, sep } from 'node:path'
import * as core from '@actions/core'
import { runAudit } from './audit.js'
import { UsageError, type AuditResult, type FailOn, type Finding } from './core/types.js'
import { failsOn, gatedFindings, type Scope } from './core/verdict.js'
import { runDiffAudit } from './pr-mode.js'
import { getRunContext, removeSecretsFromEnvironment, resolvePullRequest, type RunContext } from './context.js'
import { getInputs, type ActionInputs } from './inputs.js'
import { CHECK_RUN_NAME, publishCheckRun } from './github/check-run.js'
import { guardChannel } from './github/errors.js'
import { createOctokit } from './github/octokit.js'
import { upsertStickyComment } from './github/sticky-comment.js'
import { emitAnnotations, planAnnotations, type CommandLevel } from './report/annotations.js'
import { renderCheckRun } from './report/check-run.js'
import { COMMENT_MARKER, renderComment } from './report/comment.js'
import { oneLine } from './report/escape.js'
import { renderJson } from './report/json.js'
import { countBySeverity, locationLabel, sortFindings, type Conclusion, type ReportContext } from './report/markdown.js'
import { renderSarif } from './report/sarif.js'
import { renderSummary } from './report/summary.js'

const TITLE = 'Claude Code audit'

/** Runs the action; never throws (errors end in `core.setFailed`). */
export async function run(): Promise<void> {
  try {
    await runAction()
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error)
    const usage = error instanceof Error && error.name === 'UsageError'
    core.setFailed(usage ? message : `Internal error: ${message}`)
    if (error instanceof Error && error.stack) core.debug(error.stack)
  }
}

async function runAction(): Promise<void> {
  // Slots of the per-step annotation display cap used by our own messages.
  const used: Record<CommandLevel, number> = { error: 0, warning: 0, notice: 0 }
  const notice = (message: string): void => {
    core.notice(message, { title: TITLE })
    used.notice++
  }

  core.startGroup('Settings')
  let inputs: ActionInputs
  let ctx: RunContext
  try {
    inputs = getInputs()
    ctx = getRunContext()
    core.info(
      oneLine(
        `Event ${ctx.eventName || '(none)'} on ${ctx.owner}/${ctx.repo}, ` +
          `commit ${ctx.headSha || '(unknown)'}` +
          (ctx.prNumber !== null ? `, pull request #${ctx.prNumber}` : '') +
          (ctx.isFork ? ', from a fork' : '') +
          (ctx.isDependabot ? ', by Dependabot' : '')
      )
    )
    core.debug(`context: ${JSON.stringify(ctx)}`)
  } finally {
    core.endGroup()
  }

  let verifyHooks = inputs.verifyHooks
  if (verifyHooks) {
    // The token stays in `inputs`: nothing started from here on (hooks) inherits it.
    removeSecretsFromEnvironment(process.env, inputs.token)
    // An event that acts on a pull request without carrying it (issue_comment): is its head a fork?
    if (ctx.unresolvedPr !== null) {
      const octokit = createOctokit(inputs.token, ctx.apiUrl)
      const { owner, repo } = ctx
      ctx = await resolvePullRequest(
        ctx,
        async (n) => (await octokit.rest.pulls.get({ owner, repo, pull_number: n })).data
      )
    }
  }
  if (verifyHooks && ctx.isFork && !inputs.verifyHooksOnForks) {
    notice(
      'verify-hooks was not run: ' +
        (ctx.forkReason ? oneLine(ctx.forkReason) : 'this pull request comes from a fork') +
        ', and verifying hooks executes its code. Set `verify-hooks-on-forks: true` to opt in.'
    )
    verifyHooks = false
  }

  const root = resolve(ctx.workspace, inputs.path)
  // Pull-request mode: judge what the pull request changes, against its base commit.
  const prMode = ctx.prNumber !== null && ctx.baseSha !== null && ctx.eventName.startsWith('pull_request')
  const scope: Scope = inputs.scope ?? (prMode ? 'new' : 'all')
  const audited = await core.group('Audit', async () => {
    const options = {
      root,
      configPath: inputs.config && checkedInput('config', inputs.config, ctx.workspace),
      history: inputs.history,
      baselinePath: inputs.baseline && checkedInput('baseline', inputs.baseline, ctx.workspace),
      minSeverity: inputs.minSeverity,
      verifyHooks
    }
    const result =
      prMode && ctx.baseSha !== null
        ? await runDiffAudit({
            ...options,
            base: { ref: ctx.baseSha, token: inputs.token, serverUrl: ctx.serverUrl },
            configFromBase: true
          })
        : await runAudit(options)
    if (result.diff) {
      core.info(
        `Compared with the base commit ${result.diff.baseSha}: ${result.diff.newFingerprints.length} new, ` +
          `${result.diff.fixed.length} fixed, ${result.diff.existing} existing.`
      )
    }
    if (result.disabledRules) {
      core.info(oneLine(`Rules disabled by ${result.disabledRules.source}: ${result.disabledRules.rules.join(', ')}.`))
    }
    for (const e of result.errors) core.info(oneLine(`Audit problem: ${e}`))
    logFindings(result.findings)
    return result
  })
  const result = rebaseToRepository(audited, ctx.workspace)

  // The verdict, decided once.
  const failOn: FailOn = inputs.failOn ?? result.configFailOn ?? 'high'
  const gated = gatedFindings(result, scope)
  const fails = failsOn(gated, failOn)
  const blocking = gated.filter((f) => failsOn([f], failOn)).length
  const conclusion: Conclusion = fails ? 'failure' : result.findings.length > 0 ? 'neutral' : 'success'
  const report: ReportContext = {
    serverUrl: ctx.serverUrl,
    owner: ctx.owner,
    repo: ctx.repo,
    sha: ctx.headSha,
    failOn,
    conclusion,
    blocking,
    scope,
    runUrl: ctx.runUrl
  }
  // Annotations point at what the pull request adds (all findings outside pull-request mode).
  const annotated = gated

  // Files: always written, whatever the token may do.
  const sarifPath = await writeReport('SARIF file', inputs.sarifFile, ctx, () => renderSarif(result))
  const jsonPath = await writeReport('JSON report', inputs.jsonFile, ctx, () => renderJson(result))
  if (sarifPath === null) used.warning++
  if (jsonPath === null) used.warning++

  // Write channels: check run and sticky comment.
  const wantsComment = inputs.comment && ctx.prNumber !== null
  if (inputs.comment && ctx.prNumber === null) {
    core.info(`No pull request for event ${oneLine(ctx.eventName)}: no comment.`)
  }
  if (inputs.checkRun || wantsComment) {
    const skipped = writeSkipReason(ctx, inputs)
    if (skipped !== null) {
      notice(
        `Check run and pull-request comment skipped: ${skipped}. The job ` +
          'summary, annotations and SARIF file are kept, and the exit status ' +
          'depends on the findings alone.'
      )
    } else {
      const octokit = createOctokit(inputs.token, ctx.apiUrl)
      if (inputs.checkRun) {
        await core.group('Check run', async () => {
          const outcome = await guardChannel(
            'Check run',
            () =>
              publishCheckRun(octokit, {
                owner: ctx.owner,
                repo: ctx.repo,
                headSha: ctx.headSha,
                conclusion,
                output: renderCheckRun(result, report),
                ...(ctx.runUrl ? { detailsUrl: ctx.runUrl } : {})
              }),
            'checks: write'
          )
          if (outcome.ok) {
            core.info(
              `Check run "${CHECK_RUN_NAME}" (${conclusion}) with ` +
                `${outcome.value.annotations} annotations in ` +
                `${outcome.value.requests} requests.`
            )
          } else used.warning++
        })
      }
      if (wantsComment && ctx.prNumber !== null) {
        const target = {
          owner: ctx.owner,
          repo: ctx.repo,
          prNumber: ctx.prNumber
        }
        await core.group('Pull request comment', async () => {
          const outcome = await guardChannel(
            'Pull request comment',
            () =>
              upsertStickyComment(octokit, target, COMMENT_MARKER, renderComment(result, report), {
                // A clean run does not start a conversation; it updates one that exists.
                createIfMissing: result.findings.length > 0 || (result.diff?.fixed.length ?? 0) > 0
              }),
            'pull-requests: write'
          )
          if (outcome.ok && outcome.value.action === 'skipped') {
            core.info(`Nothing to report and no earlier comment on pull request #${target.prNumber}: no comment.`)
          } else if (outcome.ok) {
            core.info(`Comment ${outcome.value.id} ${outcome.value.action} on pull ` + `request #${target.prNumber}.`)
          } else used.warning++
        })
      }
    }
  }

  if (inputs.summary) {
    await core.group('Job summary', async () => {
      if (!process.env.GITHUB_STEP_SUMMARY) {
        core.info('GITHUB_STEP_SUMMARY is not set: no job summary.')
        return
      }
      const outcome = await guardChannel('Job summary', async () => {
        await core.summary.addRaw(renderSummary(result, report)).write()
      })
      if (!outcome.ok) used.warning++
    })
  }

  if (inputs.annotations) {
    // core.setFailed below emits one `::error`.
    if (fails) used.error++
    emitAnnotations(planAnnotations(annotated, used))
  }

  const counts = countBySeverity(result.findings)
  core.setOutput('findings', result.findings.length)
  core.setOutput('new-findings', gatedFindings(result, 'new').length)
  core.setOutput('fixed-findings', result.diff?.fixed.length ?? 0)
  for (const [severity, n] of Object.entries(counts)) core.setOutput(severity, n)
  core.setOutput('conclusion', conclusion)
  core.setOutput('sarif-file', sarifPath ?? '')
  core.setOutput('json-file', jsonPath ?? '')

  const judged = scope === 'new' && result.diff ? ' new' : ''
  if (fails) {
    core.setFailed(
      `${blocking}${judged} finding${blocking === 1 ? '' : 's'} at or above ` +
        `fail-on "${failOn}" (${result.findings.length} in total).`
    )
  } else {
    core.info(`${result.findings.length} findings, none at or above fail-on ` + `"${failOn}": ${conclusion}.`)
  }
}

/** Why the write channels cannot run, or null when they can. */
function writeSkipReason(ctx: RunContext, inputs: ActionInputs): string | null {
  if (ctx.isDependabot) {
    return 'runs triggered by Dependabot get a read-only token'
  }
  if (!ctx.canWrite) {
    return 'pull requests from forks get a read-only token'
  }
  if (!inputs.token) return 'no token is available'
  if (!ctx.owner || !ctx.repo || !ctx.headSha) {
    return 'the repository or commit is unknown (GITHUB_REPOSITORY, GITHUB_SHA)'
  }
  return null
}

/**
 * The path of a file input (`config`, `baseline`). One inside the workspace
 * names a file of the checkout, which the pull request controls: its real path
 * must stay inside the workspace, so a committed link to `/dev/zero` or to a
 * file elsewhere on the runner is refused before anything reads it. A path
 * elsewhere is the workflow's own choice. Either way it must be a regular file.
 */
function checkedInput(name: string, input: string, workspace: string): string {
  const path = resolve(workspace, input)
  const refuse = (why: string): UsageError => new UsageError(`Input ${name} '${oneLine(input)}': ${why}.`)
  const leaves = (r: string): boolean => r === '..' || r.startsWith(`..${sep}`) || isAbsolute(r)
  let real: string
  let base: string
  try {
    base = realpathSync.native(workspace)
    real = realpathSync.native(path)
  } catch {
    throw refuse('no such file (or a broken link)')
  }
  const inWorkspace = !leaves(relative(resolve(workspace), path)) || !leaves(relative(base, path))
  if (inWorkspace && leaves(relative(base, real))) throw refuse('it leaves the workspace through a symbolic link (not followed)')
  if (!statSync(real).isFile()) throw refuse('not a regular file')
  return path
}

/**
 * Writes a report file relative to the workspace: only inside the workspace
 * or RUNNER_TEMP, never through a link the checkout may hold in its place.
 * Returns the path as given, `''` when the input is empty, or null after a
 * failure (one warning).
 */
async function writeReport(what: string, path: string, ctx: RunContext, render: () => string): Promise<string | null> {
  if (!path) return ''
  const outcome = await guardChannel(what, async () => {
    const absolute = resolve(ctx.workspace, path)
    try {
      writeReportFile(absolute, render(), { within: [ctx.workspace, process.env.RUNNER_TEMP ?? ''] })
    } catch (e) {
      if (e instanceof ReportFileError) throw new Error(`${oneLine(path)} was not written: ${e.message}`)
      throw e
    }
    core.info(`${what} written to ${oneLine(path)}.`)
  })
  return outcome.ok ? path : null
}

/**
 * Finding paths are relative to the audited directory; annotations, links
 * and SARIF need them relative to the repository (the workspace). Audits
 * outside the workspace are left as they are.
 */
function rebaseToRepository(result: AuditResult, workspace: string): AuditResult {
  let prefix: string
  try {
    prefix = relative(realpathSync.native(workspace), result.root)
  } catch {
    return result
  }
  if (prefix === '' || prefix === '..' || prefix.startsWith(`..${sep}`) || isAbsolute(prefix)) {
    return result
  }
  const posix = prefix.split(sep).join('/')
  const rebase = (f: Finding): Finding => (f.file === null ? f : { ...f, file: `${posix}/${f.file}` })
  const findings: Finding[] = result.findings.map(rebase)
  return { ...result, findings, ...(result.diff ? { diff: { ...result.diff, fixed: result.diff.fixed.map(rebase) } } : {}) }
}

function logFindings(findings: readonly Finding[]): void {
  core.info(`${findings.length} findings.`)
  for (const f of sortFindings(findings)) {
    // core.info does not escape: one line per finding, no line breaks.
    core.info(oneLine(`${f.severity} ${f.ruleId} ${locationLabel(f)}: ${f.message}`))
  }
}
