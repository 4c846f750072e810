/**
 * Agent SDK sessions a repository script starts, as Claude runs: the Claude
 * Agent SDK (`claude_agent_sdk` / `claude_code_sdk` in Python,
 * `@anthropic-ai/claude-agent-sdk` in JavaScript and TypeScript) spawns the
 * Claude Code CLI, so a workflow step that runs such a script runs Claude
 * (spec "Where Claude runs": a repository script that does any of these).
 *
 * The sessions and their options are read from the syntax tree
 * (src/analysis/anthropic-code.ts `sdkCalls`); each option the run model
 * knows becomes the CLI flag the SDK passes for it (`max_turns` /
 * `maxTurns` as `--max-turns`, `permission_mode` as `--permission-mode`, ...),
 * with its offsets in the script, so the workflow rules read an SDK session
 * as they read `claude -p`. A value that is not a literal (a name bound
 * elsewhere, a call) leaves the flag present with no value; options that
 * cannot be read at all (a spread, options passed in) make the session
 * `open`: a missing option may be set there, so nothing is called missing.
 */
import type { SourceFile, Span } from '../parse/source.js'
import { descendantsOfType, parseCode, type CodeLanguage, type Node } from '../parse/code.js'
import type { ClaudeRun, CliFlag, SdkSession } from '../model/claude.js'
import { handRunCodeDir, type HandRunDir } from '../model/load-scope.js'
import { envReadsIn, type EnvRead } from './code-claude-runs.js'
import { ApiFile, deref, importsSdk, literalValue, mappingEntries, sdkCalls, sessionTimeBound, spanFrom, type Entry } from './anthropic-code.js'

/** One Agent SDK session a script starts. */
export interface SdkLaunch {
  /** The callee's line, from the callee on: where a finding about the session as a whole points. */
  anchor: Span
  /** Its options as CLI flags, offsets into the script. */
  flags: CliFlag[]
  sdk: SdkSession
}

/** Options of the Python SDK (`ClaudeAgentOptions`) and the flag of the CLI each becomes. */
const PY_FLAGS: Readonly<Record<string, string>> = {
  max_turns: '--max-turns',
  max_budget_usd: '--max-budget-usd',
  permission_mode: '--permission-mode',
  allowed_tools: '--allowedTools',
  disallowed_tools: '--disallowedTools',
  model: '--model',
  fallback_model: '--fallback-model',
  system_prompt: '--system-prompt'
}

/** Options of the TypeScript SDK (`query({ prompt, options })`) and the flag of the CLI each becomes. */
const JS_FLAGS: Readonly<Record<string, string>> = {
  maxTurns: '--max-turns',
  maxBudgetUsd: '--max-budget-usd',
  permissionMode: '--permission-mode',
  allowedTools: '--allowedTools',
  disallowedTools: '--disallowedTools',
  model: '--model',
  fallbackModel: '--fallback-model',
  systemPrompt: '--system-prompt'
}

/**
 * The example or documentation folder of an Agent SDK session that no
 * workflow runs, or undefined: code there is run by hand, if at all
 * (load-scope `handRunCodeDir`), so a finding about the session is medium
 * and names the folder. A workflow that runs the session (the script, or a
 * module it imports) makes it a CI run wherever it sits: undefined then.
 * `at` is the session's call; without it, a workflow that runs any session of
 * the file counts (options built away from their session).
 */
export function handRunSession(runs: readonly ClaudeRun[], path: string, at?: { start: number; end: number }): HandRunDir | undefined {
  const dir = handRunCodeDir(path)
  if (!dir) return undefined
  const run = runs.some((r) => r.sdk && r.sdk.call.file.path === path && (!at || (r.sdk.call.start < at.end && at.start < r.sdk.call.end)))
  return run ? undefined : dir
}

/** Whether a script's text may start an Agent SDK session (it names an SDK module): the test made before parsing it. */
export function codeMayStartSdk(text: string): boolean {
  return importsSdk(text)
}

const LAUNCHES = new WeakMap<SourceFile, SdkLaunch[]>()

/** Every Agent SDK session (`query(...)`, `ClaudeSDKClient(...)`) the file starts (read once per file; copies for each caller). */
export function sdkLaunchesIn(file: SourceFile, lang: CodeLanguage): SdkLaunch[] {
  if (!codeMayStartSdk(file.text)) return []
  let found = LAUNCHES.get(file)
  if (!found) {
    found = readLaunches(file, lang)
    LAUNCHES.set(file, found)
  }
  return found.map((l) => ({ ...l, flags: l.flags.map((f) => ({ ...f })), sdk: { ...l.sdk, ...(l.sdk.timeBound ? { timeBound: { ...l.sdk.timeBound } } : {}) } }))
}

function readLaunches(file: SourceFile, lang: CodeLanguage): SdkLaunch[] {
  const parsed = parseCode(file, lang)
  if (!parsed) return []
  const s = new ApiFile(file, parsed)
  const names = s.lang === 'py' ? PY_FLAGS : JS_FLAGS
  const out: SdkLaunch[] = []
  for (const call of sdkCalls(s)) {
    // Options passed in (`def run(options): query(..., options=options)`): a binding of the name elsewhere in the file is not them.
    const passedIn = call.optionsName !== undefined && !!call.options && shadowedByParameter(call.call, call.optionsName, call.options)
    const entries = passedIn ? [] : (call.options ?? [])
    let open = passedIn || call.options === undefined || entries.some((e) => e.spread)
    const flags: CliFlag[] = []
    const env: Record<string, unknown> = {}
    for (const e of entries) {
      if (e.spread || e.key === undefined) continue
      if (e.key === 'env') {
        const m = mappingEntries(s, e.value)
        if (!m) continue
        for (const x of m) {
          const v = x.key === undefined ? undefined : literalValue(x.value)
          if (x.key !== undefined && v !== undefined) env[x.key] = v
        }
        continue
      }
      const f = Object.hasOwn(names, e.key) ? flagOf(s, names[e.key], e.keyNode, e.value) : undefined
      if (f) flags.push(f)
    }
    // `options.max_turns = 5` after the options are built: set on the object the session receives.
    if (call.optionsName) {
      for (const a of fieldAssignments(s, call.optionsName)) {
        if (a.before >= call.call.startIndex) continue
        const f = Object.hasOwn(names, a.field) ? flagOf(s, names[a.field], a.left, a.value) : undefined
        if (f) flags.push(f)
      }
      // Fields set some other way (`setattr(options, ...)`, `Object.assign(options, ...)`) are not read: the options stay open.
      if (mutatedOtherwise(s, call.optionsName)) open = true
    }
    out.push({
      anchor: spanFrom(s, call.callee),
      flags,
      sdk: {
        session: call.kind,
        callee: call.callee.text,
        lang: s.lang,
        open,
        env,
        call: { file, start: call.call.startIndex, end: call.call.endIndex },
        timeBound: sessionTimeBound(s, call),
        promptReads: call.kind === 'query' ? promptReads(s, file, lang, call.call) : []
      }
    })
  }
  return out
}

/**
 * The flag an option becomes: its value when literal (a tool list as its
 * rules joined by commas, a system prompt preset's `append` text as
 * `--append-system-prompt`), else none; undefined when the option is `None`
 * / `null` / `undefined` (not set).
 */
function flagOf(s: ApiFile, name: string, keyNode: Node, value0: Node): CliFlag | undefined {
  const value = deref(s, value0)
  if (value.type === 'none' || value.type === 'null' || value.type === 'undefined' || (value.type === 'identifier' && value.text === 'undefined')) return undefined
  const start = keyNode.startIndex
  const end = Math.max(value0.endIndex, keyNode.endIndex)
  if (name === '--allowedTools' || name === '--disallowedTools') {
    const tools = toolList(value)
    return tools === undefined ? { name, start, end } : { name, value: tools.join(','), start, end }
  }
  if (name === '--system-prompt' && (value.type === 'object' || value.type === 'dictionary')) {
    // `{ type: 'preset', preset: 'claude_code', append: '...' }`: Claude Code's own prompt, with text appended.
    const append = mappingEntries(s, value)?.find((e: Entry) => e.key === 'append')
    if (!append) return undefined
    const v = literalValue(deref(s, append.value))
    return typeof v === 'string' ? { name: '--append-system-prompt', value: v, start, end } : { name: '--append-system-prompt', start, end }
  }
  const v = literalValue(value)
  return v === undefined || typeof v === 'boolean' ? { name, start, end } : { name, value: String(v), start, end }
}

const FUNCTIONS = new Set(['function_definition', 'lambda', 'function_declaration', 'function_expression', 'function', 'arrow_function', 'method_definition', 'generator_function_declaration'])

/** Whether `name` is a parameter of a function around `at` that the options read for it were not written in. */
function shadowedByParameter(at: Node, name: string, entries: Entry[]): boolean {
  const first = entries[0]?.keyNode
  for (let n: Node | null = at.parent; n; n = n.parent) {
    if (!FUNCTIONS.has(n.type)) continue
    const params = n.childForFieldName('parameters') ?? n.childForFieldName('parameter')
    const isParam = params !== null && (params.type === 'identifier' ? params.text === name : descendantsOfType(params, ['identifier', 'shorthand_property_identifier_pattern']).some((i) => i.text === name))
    if (!isParam) continue
    return !first || first.startIndex < n.startIndex || first.startIndex >= n.endIndex
  }
  return false
}

/** The environment variables the prompt of a `query` call reads (`prompt=` in Python, `{ prompt }` in JavaScript). */
function promptReads(s: ApiFile, file: SourceFile, lang: CodeLanguage, call: Node): EnvRead[] {
  const args = (call.childForFieldName('arguments')?.namedChildren ?? []).filter((a): a is Node => a !== null && a.type !== 'comment')
  let prompt: Node | undefined
  if (s.lang === 'py') {
    const kw = args.find((a) => a.type === 'keyword_argument' && a.childForFieldName('name')?.text === 'prompt')
    prompt = kw?.childForFieldName('value') ?? (args[0] && args[0].type !== 'keyword_argument' ? args[0] : undefined)
  } else {
    prompt = args[0] ? mappingEntries(s, args[0])?.find((e) => e.key === 'prompt')?.value : undefined
  }
  return prompt ? envReadsIn(file, lang, prompt) : []
}

/** The rules of a list of string literals; undefined when an element is not one. */
function toolList(n: Node): string[] | undefined {
  if (n.type !== 'list' && n.type !== 'array' && n.type !== 'tuple') return undefined
  const out: string[] = []
  for (const el of n.namedChildren) {
    if (!el || el.type === 'comment') continue
    const v = literalValue(el)
    if (typeof v !== 'string') return undefined
    out.push(v)
  }
  return out
}

/** `NAME.field = value` statements of a file (JS `NAME.field = ...`, Python `NAME.field = ...`). */
function fieldAssignments(s: ApiFile, name: string): { field: string; left: Node; value: Node; before: number }[] {
  const out: { field: string; left: Node; value: Node; before: number }[] = []
  for (const n of s.nodes(s.lang === 'js' ? 'assignment_expression' : 'assignment')) {
    const left = n.childForFieldName('left')
    const right = n.childForFieldName('right')
    if (!left || !right || (left.type !== 'attribute' && left.type !== 'member_expression')) continue
    const obj = left.childForFieldName('object')
    const prop = left.childForFieldName(left.type === 'attribute' ? 'attribute' : 'property')
    if (obj?.type !== 'identifier' || obj.text !== name || !prop) continue
    out.push({ field: prop.text, left, value: right, before: n.startIndex })
  }
  return out
}

/** Whether the options object is changed by a call (`setattr(options, …)`, `Object.assign(options, …)`, `options.update(…)`). */
function mutatedOtherwise(s: ApiFile, name: string): boolean {
  for (const call of s.nodes(s.lang === 'js' ? 'call_expression' : 'call')) {
    const fn = call.childForFieldName('function')
    const args = call.childForFieldName('arguments')?.namedChildren ?? []
    const first = args[0]
    if (fn?.text === 'setattr' || fn?.text === 'Object.assign') {
      if (first?.type === 'identifier' && first.text === name) return true
      continue
    }
    if (fn && (fn.type === 'attribute' || fn.type === 'member_expression')) {
      const obj = fn.childForFieldName('object')
      const method = fn.childForFieldName(fn.type === 'attribute' ? 'attribute' : 'property')?.text
      if (obj?.type === 'identifier' && obj.text === name && method === 'update') return true
    }
  }
  return false
}
