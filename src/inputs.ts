/**
 * The only reader of `core.getInput*`: turns the action's inputs into a
 * validated {@link ActionInputs}. Bad values throw with the value quoted and
 * the allowed values listed; resolved settings are echoed with `core.debug`.
 */
import * as core from '@actions/core'
import { SEVERITIES, UsageError, type FailOn, type Severity } from './core/types.js'

/** Every input of `action.yml`, typed and defaulted. */
export interface ActionInputs {
  /** Directory to audit, relative to the workspace (default `.`). */
  path: string
  /** Token for the check run and the comment; empty when none is available. */
  token: string
  /**
   * Lowest severity that fails the run and the check; undefined → the
   * configuration file's `fail-on`, else `high`.
   */
  failOn: FailOn | undefined
  /**
   * Lowest severity reported; undefined → the configuration file's
   * `min-severity`, else `low`.
   */
  minSeverity: Severity | undefined
  /** Configuration file; undefined → `.claude-code-audit.yml` if present. */
  config: string | undefined
  /** Sticky pull-request comment (default true). */
  comment: boolean
  /** Check run with every annotation (default true). */
  checkRun: boolean
  /** Workflow-command annotations for the most severe findings (default true). */
  annotations: boolean
  /** Job summary (default true). */
  summary: boolean
  /** SARIF output path; empty string = do not write (default `claude-code-audit.sarif`). */
  sarifFile: string
  /** JSON report path; empty string = do not write (default). */
  jsonFile: string
  /** Scan git history for secrets (default false). */
  history: boolean
  /** Baseline file; undefined = none. */
  baseline: string | undefined
  /** Run guard hooks against real payloads (default false). */
  verifyHooks: boolean | 'claude'
  /** Allow `verify-hooks` on pull requests from forks (default false). */
  verifyHooksOnForks: boolean
  /**
   * Findings `fail-on` judges: `new` (those the pull request's base does not
   * have) or `all`; undefined → `new` on pull requests, `all` otherwise.
   */
  scope: 'new' | 'all' | undefined
}

/** Default SARIF path, used when the input is absent (not when it is empty). */
export const DEFAULT_SARIF_FILE = 'claude-code-audit.sarif'

const FAIL_ON_VALUES: readonly FailOn[] = [...SEVERITIES, 'never']
const BOOLEAN_VALUES = ['true', 'True', 'TRUE', 'false', 'False', 'FALSE']

/** Reads and validates every input. */
export function getInputs(): ActionInputs {
  const inputs: ActionInputs = {
    path: core.getInput('path') || '.',
    token: core.getInput('token') || process.env.GITHUB_TOKEN || '',
    failOn: oneOf('fail-on', FAIL_ON_VALUES),
    minSeverity: oneOf('min-severity', SEVERITIES),
    config: core.getInput('config') || undefined,
    comment: bool('comment', true),
    checkRun: bool('check-run', true),
    annotations: bool('annotations', true),
    summary: bool('summary', true),
    sarifFile: defaultWhenAbsent('sarif-file', DEFAULT_SARIF_FILE),
    jsonFile: core.getInput('json-file'),
    history: bool('history', false),
    baseline: core.getInput('baseline') || undefined,
    verifyHooks: core.getInput('verify-hooks').trim().toLowerCase() === 'claude' ? 'claude' : bool('verify-hooks', false),
    verifyHooksOnForks: bool('verify-hooks-on-forks', false),
    scope: oneOf('scope', ['new', 'all'] as const)
  }
  core.debug(`inputs: ${JSON.stringify({ ...inputs, token: inputs.token ? '***' : '' })}`)
  return inputs
}

function oneOf<T extends string>(name: string, allowed: readonly T[]): T | undefined {
  const value = core.getInput(name)
  if (value === '') return undefined
  const lower = value.toLowerCase()
  const match = allowed.find((a) => a === lower)
  if (match === undefined) throw invalid(name, value, allowed)
  return match
}

/** `getBooleanInput` semantics, with a default when the input is empty. */
function bool(name: string, fallback: boolean): boolean {
  if (core.getInput(name) === '') return fallback
  try {
    return core.getBooleanInput(name)
  } catch {
    throw invalid(name, core.getInput(name), BOOLEAN_VALUES)
  }
}

/**
 * The runner sets `INPUT_<NAME>` to the `action.yml` default when the
 * workflow omits the input, and to `''` when the workflow sets it empty;
 * only the latter disables the file.
 */
function defaultWhenAbsent(name: string, fallback: string): string {
  const key = `INPUT_${name.replace(/ /g, '_').toUpperCase()}`
  if (process.env[key] === undefined) return fallback
  return core.getInput(name)
}

function invalid(name: string, value: string, allowed: readonly string[]): UsageError {
  return new UsageError(
    `Invalid value for input \`${name}\`: ${JSON.stringify(value)}. ` + `Allowed values: ${allowed.join(', ')}.`
  )
}
