/**
 * Everything the CLI loads after parsing its arguments, in one module, so the
 * bundle has one lazily loaded chunk (not one copy of the core per command) and
 * `--version` / `--help` load none of it.
 */
export { runAudit } from './audit.js'
export { failsOn, gatedFindings } from './core/verdict.js'
export { runDiffAudit } from './pr-mode.js'
export { RULES } from './rules/index.js'
export { docsUrl } from './rules/rule.js'
export { renderJson } from './report/json.js'
export { renderSarif } from './report/sarif.js'
export { renderCliMarkdown } from './report/cli-markdown.js'
export { renderText } from './report/text.js'
export { readReport, mergeReports, renderOrgMarkdown } from './merge.js'
export { runInit, renderInit, parseHookList } from './init.js'
export { runFix, renderFix } from './fix/index.js'
export { redactText } from './secrets/scan.js'
