/**
 * The rule registry: every rule, sorted by id. A meta-test keeps it in step
 * with the files in this folder and with the catalog in the spec.
 */
import type { Rule } from './rule.js'
import agentOutputExecuted from './agent-output-executed.js'
import autocompactDisabled from './autocompact-disabled.js'
import awsLongLivedCredentials from './aws-long-lived-credentials.js'
import batchEligibleWorkload from './batch-eligible-workload.js'
import bypassPermissions from './bypass-permissions.js'
import claudeMdTooLong from './claude-md-too-long.js'
import claudeignoreNotEnforced from './claudeignore-not-enforced.js'
import committedLocalConfig from './committed-local-config.js'
import contextExclusionMissing from './context-exclusion-missing.js'
import customApiEndpoint from './custom-api-endpoint.js'
import dangerousCommandsUnguarded from './dangerous-commands-unguarded.js'
import debugOutputLeak from './debug-output-leak.js'
import excessivePermissions from './excessive-permissions.js'
import fileSkipped from './file-skipped.js'
import fullRepoRead from './full-repo-read.js'
import hardcodedSecret from './hardcoded-secret.js'
import hookCommandInjection from './hook-command-injection.js'
import hookFailOpen from './hook-fail-open.js'
import hookOutsideRepo from './hook-outside-repo.js'
import hookRunsPrCode from './hook-runs-pr-code.js'
import hookScriptMissing from './hook-script-missing.js'
import hookUnregistered from './hook-unregistered.js'
import ineffectiveSetting from './ineffective-setting.js'
import inlineSystemPrompt from './inline-system-prompt.js'
import invalidConfig from './invalid-config.js'
import machineSpecificPath from './machine-specific-path.js'
import mcpInjectionSurfaceUndocumented from './mcp-injection-surface-undocumented.js'
import mcpInsecureTransport from './mcp-insecure-transport.js'
import mcpOverprivileged from './mcp-overprivileged.js'
import mcpReviewOverdue from './mcp-review-overdue.js'
import mcpUnpinned from './mcp-unpinned.js'
import memoryImportBroken from './memory-import-broken.js'
import modelNotPinned from './model-not-pinned.js'
import noJobTimeout from './no-job-timeout.js'
import noNotificationHook from './no-notification-hook.js'
import noSessionLogHook from './no-session-log-hook.js'
import noTurnLimit from './no-turn-limit.js'
import overbroadPermission from './overbroad-permission.js'
import permissionModeUnset from './permission-mode-unset.js'
import persistedCheckoutCredentials from './persisted-checkout-credentials.js'
import pluginUnpinned from './plugin-unpinned.js'
import promptCachingMissing from './prompt-caching-missing.js'
import pwnRequest from './pwn-request.js'
import secretInGitHistory from './secret-in-git-history.js'
import secretsInherit from './secrets-inherit.js'
import shellStartupCredentials from './shell-startup-credentials.js'
import subagentDepthUnbounded from './subagent-depth-unbounded.js'
import templateInjection from './template-injection.js'
import unboundedSchedule from './unbounded-schedule.js'
import unpinnedAction from './unpinned-action.js'
import untrustedTrigger from './untrusted-trigger.js'
import vulnerableClaudeAction from './vulnerable-claude-action.js'
import workflowSecretEnv from './workflow-secret-env.js'

/** Every rule, sorted by id. */
export const RULES: readonly Rule[] = [
  agentOutputExecuted,
  autocompactDisabled,
  awsLongLivedCredentials,
  batchEligibleWorkload,
  bypassPermissions,
  claudeMdTooLong,
  claudeignoreNotEnforced,
  committedLocalConfig,
  contextExclusionMissing,
  customApiEndpoint,
  dangerousCommandsUnguarded,
  debugOutputLeak,
  excessivePermissions,
  fileSkipped,
  fullRepoRead,
  hardcodedSecret,
  hookCommandInjection,
  hookFailOpen,
  hookOutsideRepo,
  hookRunsPrCode,
  hookScriptMissing,
  hookUnregistered,
  ineffectiveSetting,
  inlineSystemPrompt,
  invalidConfig,
  machineSpecificPath,
  mcpInjectionSurfaceUndocumented,
  mcpInsecureTransport,
  mcpOverprivileged,
  mcpReviewOverdue,
  mcpUnpinned,
  memoryImportBroken,
  modelNotPinned,
  noJobTimeout,
  noNotificationHook,
  noSessionLogHook,
  noTurnLimit,
  overbroadPermission,
  permissionModeUnset,
  persistedCheckoutCredentials,
  pluginUnpinned,
  promptCachingMissing,
  pwnRequest,
  secretInGitHistory,
  secretsInherit,
  shellStartupCredentials,
  subagentDepthUnbounded,
  templateInjection,
  unboundedSchedule,
  unpinnedAction,
  untrustedTrigger,
  vulnerableClaudeAction,
  workflowSecretEnv
]
