/**
 * What the Anthropic API / Agent SDK rules look for in source code, built on
 * the token scanner: Messages API calls and their parameters, system prompts
 * written as literals, and Agent SDK sessions with their options.
 */
import type { Project } from '../model/project.js'
import { findApiCode, type ApiCodeFile } from '../model/code.js'
import type { SourceFile, Span } from '../parse/source.js'
import {
  allBindings,
  callArgs,
  isIdent,
  isPunct,
  matchBracket,
  objectEntries,
  splitTopLevel,
  stringExpr,
  tokenize,
  type Entry,
  type Lang,
  type Range,
  type Resolver,
  type Token
} from './code-scan.js'

/** A scanned source file. */
export interface ScannedFile {
  file: SourceFile
  lang: Lang
  tokens: Token[]
  resolve: Resolver
  /** Every binding of each name, in file order. */
  all: Map<string, Array<Range & { at: number }>>
}

const scanned = new WeakMap<ApiCodeFile, ScannedFile>()

/** The project's API code files, tokenized (memoised with the file list). */
export function apiFiles(project: Project): ScannedFile[] {
  return findApiCode(project).map((f) => {
    let s = scanned.get(f)
    if (!s) {
      const tokens = tokenize(f.file.text, f.lang)
      const all = allBindings(tokens, f.lang)
      const b = new Map<string, Range | undefined>()
      for (const [name, list] of all)
        b.set(name, list.length === 1 ? { start: list[0].start, end: list[0].end } : undefined)
      s = { file: f.file, lang: f.lang, tokens, resolve: (name) => b.get(name), all }
      scanned.set(f, s)
    }
    return s
  })
}

/** Estimated tokens of a text (characters / 4, the usual rule of thumb for English). */
export function estimateTokens(text: string): number {
  return Math.round(text.length / 4)
}

export { formatCount } from '../core/text.js'

/** Follows an identifier to the range it is bound to (a few hops), or returns the range itself. */
export function deref(s: ScannedFile, r: Range, depth = 0): Range {
  if (depth > 5 || r.end - r.start !== 1) return r
  const t = s.tokens[r.start]
  if (t.kind !== 'ident') return r
  const b = s.resolve(t.text, depth)
  return b && b.end > b.start ? deref(s, b, depth + 1) : r
}

/**
 * Entries of a mapping expression: an object literal / dict literal, Python
 * `dict(k=v)`, or an identifier bound to one. Undefined when unknown.
 */
export function mappingEntries(s: ScannedFile, r0: Range): Entry[] | undefined {
  const r = deref(s, r0)
  const t = s.tokens[r.start]
  if (isPunct(t, '{') && matchBracket(s.tokens, r.start) === r.end - 1) return objectEntries(s.tokens, r.start)
  if (
    s.lang === 'py' &&
    isIdent(t) &&
    isPunct(s.tokens[r.start + 1], '(') &&
    matchBracket(s.tokens, r.start + 1) === r.end - 1
  ) {
    const args = callArgs(s.tokens, r.start + 1, 'py')
    if (!args) return undefined
    return args.map((a) =>
      a.name !== undefined
        ? { key: a.name, keyIndex: a.nameIndex as number, value: a.value }
        : { keyIndex: a.value.start, value: a.value, spread: true }
    )
  }
  return undefined
}

/** Span from a token to the end of `lastToken` or of its line, whichever comes first. */
export function spanFrom(s: ScannedFile, first: number, last: number): Span {
  const t = s.tokens[first]
  const f = s.file
  const line = f.position(t.start).line
  const lineEnd = f.lineOffset(line) + f.lineText(line).length
  const end = Math.min(Math.max(s.tokens[last]?.end ?? t.end, t.end), lineEnd)
  return { file: f, start: t.start, end: Math.max(end, t.start) }
}

/** A call to the Messages API (`client.messages.create(...)` and friends). */
export interface MessagesCall {
  /** Token index of `messages`. */
  at: number
  /** Parameters of the request; undefined when they cannot be read statically. */
  params?: Entry[]
}

const MESSAGE_METHODS = new Set(['create', 'stream', 'parse'])

/** Finds Messages API calls (not OpenAI's `threads.messages.create`, not batches). */
export function messagesCalls(s: ScannedFile): MessagesCall[] {
  const out: MessagesCall[] = []
  const tk = s.tokens
  for (let i = 1; i < tk.length - 3; i++) {
    if (!isIdent(tk[i], 'messages')) continue
    if (!(isPunct(tk[i - 1], '.') || isPunct(tk[i - 1], '?.'))) continue
    if (isIdent(tk[i - 2], 'threads')) continue
    if (
      !isPunct(tk[i + 1], '.') ||
      !isIdent(tk[i + 2]) ||
      !MESSAGE_METHODS.has(tk[i + 2].text) ||
      !isPunct(tk[i + 3], '(')
    )
      continue
    const args = callArgs(tk, i + 3, s.lang)
    let params: Entry[] | undefined
    if (args) {
      if (s.lang === 'js') {
        params = args.length >= 1 && !args[0].spread ? mappingEntries(s, args[0].value) : undefined
      } else {
        params = []
        for (const a of args) {
          if (a.name !== undefined) params.push({ key: a.name, keyIndex: a.nameIndex as number, value: a.value })
          else if (a.spread && isPunct(tk[a.value.start - 1], '**')) {
            const inner = mappingEntries(s, a.value)
            if (!inner) {
              params = undefined
              break
            }
            params.push(...inner)
          } else {
            params = undefined
            break
          }
        }
      }
    }
    out.push({ at: i, params })
  }
  return out
}

/** Whether the file mentions `cache_control` in code (not in comments). */
export function mentionsCacheControl(s: ScannedFile): boolean {
  return s.tokens.some(
    (t) => (t.kind === 'ident' && t.text === 'cache_control') || (t.kind === 'string' && t.value === 'cache_control')
  )
}

/** Text of a system prompt value, with the token where its first literal starts. */
export interface PromptText {
  text: string
  dynamic: boolean
  /** Token index of the first literal. */
  literal: number
}

/**
 * Reads a system prompt value: a string expression, an array of text blocks
 * (`[{type: "text", text: ...}]`), or an Agent SDK preset with `append`.
 */
export function promptText(s: ScannedFile, r0: Range, depth = 0): PromptText | undefined {
  if (depth > 4) return undefined
  const str = stringExpr(s.tokens, r0, s.lang, s.resolve)
  if (str) return { text: str.value, dynamic: str.dynamic, literal: str.literal }
  const r = deref(s, r0)
  const t = s.tokens[r.start]
  if (isPunct(t, '[') && matchBracket(s.tokens, r.start) === r.end - 1) {
    let text = ''
    let dynamic = false
    let literal = -1
    for (const el of splitTopLevel(s.tokens, r.start + 1, r.end - 1)) {
      const entries = mappingEntries(s, el)
      const textEntry = entries?.find((e) => e.key === 'text')
      const v = textEntry
        ? stringExpr(s.tokens, textEntry.value, s.lang, s.resolve)
        : stringExpr(s.tokens, el, s.lang, s.resolve)
      if (!v) {
        dynamic = true
        continue
      }
      text += (text ? '\n' : '') + v.value
      dynamic ||= v.dynamic
      if (literal < 0) literal = v.literal
    }
    return literal < 0 ? undefined : { text, dynamic, literal }
  }
  const entries = mappingEntries(s, r)
  const append = entries?.find((e) => e.key === 'append')
  if (append) return promptText(s, append.value, depth + 1)
  return undefined
}

/** Keys that hold a system prompt, per language. */
const PROMPT_KEYS_JS = new Set(['system', 'systemPrompt', 'customSystemPrompt', 'appendSystemPrompt'])
const PROMPT_KEYS_PY = new Set(['system', 'system_prompt', 'append_system_prompt', 'custom_system_prompt'])

/** One place where code passes a system prompt. */
export interface PromptSite {
  /** Token index of the key (`system`, `systemPrompt`, ...). */
  key: number
  value: Range
}

/** Finds `system:`/`systemPrompt:` properties, `system=` keyword arguments, `"system":` dict keys and `.systemPrompt =` assignments. */
export function promptSites(s: ScannedFile): PromptSite[] {
  const keys = s.lang === 'js' ? PROMPT_KEYS_JS : PROMPT_KEYS_PY
  const tk = s.tokens
  const out: PromptSite[] = []
  for (let i = 0; i < tk.length - 1; i++) {
    const t = tk[i]
    const name = t.kind === 'ident' ? t.text : t.kind === 'string' && !t.dynamic ? t.value : undefined
    if (name === undefined || !keys.has(name)) continue
    const prev = tk[i - 1]
    const next = tk[i + 1]
    let valueStart = -1
    if (isPunct(next, ':') && (isPunct(prev, '{') || isPunct(prev, ','))) {
      // Object property / dict entry (a Python key must be a string).
      if (s.lang === 'py' && t.kind !== 'string') continue
      valueStart = i + 2
    } else if (
      s.lang === 'py' &&
      t.kind === 'ident' &&
      isPunct(next, '=') &&
      (isPunct(prev, '(') || isPunct(prev, ','))
    ) {
      valueStart = i + 2
    } else if (t.kind === 'ident' && isPunct(next, '=') && (isPunct(prev, '.') || isPunct(prev, '?.'))) {
      valueStart = i + 2
    } else {
      continue
    }
    const end = valueEnd(tk, valueStart)
    if (end > valueStart) out.push({ key: i, value: { start: valueStart, end } })
  }
  return out
}

/** End of a value inside an argument list / object, or of an assignment statement. */
function valueEnd(tk: readonly Token[], from: number): number {
  let i = from
  while (i < tk.length) {
    const t = tk[i]
    if (i > from && t.nl) {
      const prev = tk[i - 1]
      const continues =
        (t.kind === 'punct' && ['+', '.', '?.'].includes(t.text)) ||
        (prev.kind === 'punct' && ['+', '=', '(', '[', '{', ','].includes(prev.text))
      if (!continues) return i
    }
    if (t.kind === 'punct' && (t.text === '(' || t.text === '[' || t.text === '{')) {
      const c = matchBracket(tk, i)
      if (c < 0) return tk.length
      i = c + 1
      continue
    }
    if (t.kind === 'punct' && (t.text === ',' || t.text === ';' || t.text === ')' || t.text === ']' || t.text === '}'))
      return i
    i++
  }
  return i
}

// ---------------------------------------------------------------------------
// Agent SDK sessions
// ---------------------------------------------------------------------------

const TS_SDK = /^@anthropic-ai\/(?:claude-agent-sdk|claude-code)(?:\/|$)/
const PY_SDK = new Set(['claude_agent_sdk', 'claude_code_sdk'])
const PY_OPTIONS = new Set(['ClaudeAgentOptions', 'ClaudeCodeOptions'])

/** An Agent SDK session start (`query(...)`, `ClaudeSDKClient(...)`). */
export interface SdkCall {
  /** Token index of the callee name. */
  at: number
  /** `query()` (one unattended run) or `ClaudeSDKClient` (a session that may have a person at the other end). */
  kind: 'query' | 'client'
  /** Options as entries; null when none are given; undefined when unknown. */
  options: Entry[] | null | undefined
  /** Token index of the options (for follow-up assignments). */
  optionsName?: string
}

/** Local names under which a file imports the Agent SDK's entry points. */
interface SdkNames {
  /** Callable names: `query` (TS/Py), `ClaudeSDKClient` (Py). */
  calls: Map<string, 'query' | 'client'>
  /** Namespace names: `sdk` in `import * as sdk` / `import claude_agent_sdk as sdk`. */
  namespaces: Set<string>
  /** Python options classes. */
  optionClasses: Set<string>
}

function sdkNames(s: ScannedFile): SdkNames {
  const tk = s.tokens
  const names: SdkNames = { calls: new Map(), namespaces: new Set(), optionClasses: new Set() }
  const add = (imported: string, local: string): void => {
    if (imported === 'query') names.calls.set(local, 'query')
    else if (imported === 'ClaudeSDKClient') names.calls.set(local, 'client')
    else if (PY_OPTIONS.has(imported)) names.optionClasses.add(local)
  }
  if (s.lang === 'js') {
    for (let i = 0; i < tk.length; i++) {
      const t = tk[i]
      if (t.kind !== 'string' || t.dynamic || !TS_SDK.test(t.value ?? '')) continue
      // import { a, b as c } from 'sdk' | import * as ns from 'sdk' | const { a } = require('sdk') | await import('sdk')
      if (isIdent(tk[i - 1], 'from')) {
        const j = i - 2
        if (isPunct(tk[j], '}')) {
          let k = j
          while (k > 0 && !isPunct(tk[k], '{')) k--
          for (const part of splitTopLevel(tk, k + 1, j)) {
            let a = part.start
            if (isIdent(tk[a], 'type')) a++
            const imported = tk[a]?.text
            const local = isIdent(tk[a + 1], 'as') ? tk[a + 2]?.text : imported
            if (imported && local) add(imported, local)
          }
        } else if (isIdent(tk[j]) && isIdent(tk[j - 1], 'as') && isPunct(tk[j - 2], '*')) {
          names.namespaces.add(tk[j].text)
        }
      } else if (isPunct(tk[i - 1], '(') && (isIdent(tk[i - 2], 'require') || isIdent(tk[i - 2], 'import'))) {
        // const { query } = require('sdk') / await import('sdk')
        let k = i - 3
        if (isIdent(tk[k], 'await')) k--
        if (isPunct(tk[k], '=')) {
          const lhsEnd = k - 1
          if (isPunct(tk[lhsEnd], '}')) {
            let a = lhsEnd
            while (a > 0 && !isPunct(tk[a], '{')) a--
            for (const part of splitTopLevel(tk, a + 1, lhsEnd)) {
              const imported = tk[part.start]?.text
              const local = isPunct(tk[part.start + 1], ':') ? tk[part.start + 2]?.text : imported
              if (imported && local) add(imported, local)
            }
          } else if (isIdent(tk[lhsEnd])) {
            names.namespaces.add(tk[lhsEnd].text)
          }
        }
      }
    }
  } else {
    for (let i = 0; i < tk.length; i++) {
      const t = tk[i]
      if (isIdent(t, 'from') && t.nl && isIdent(tk[i + 1]) && PY_SDK.has(tk[i + 1].text)) {
        // `from claude_agent_sdk import ...` or a submodule (`from claude_agent_sdk.types import ...`).
        let j = i + 2
        while (isPunct(tk[j], '.') && isIdent(tk[j + 1])) j += 2
        if (!isIdent(tk[j], 'import')) continue
        j++
        const paren = isPunct(tk[j], '(')
        const end = paren ? matchBracket(tk, j) : lineEnd(tk, j)
        if (paren) j++
        for (const part of splitTopLevel(tk, j, end < 0 ? tk.length : end)) {
          const imported = tk[part.start]?.text
          const local = isIdent(tk[part.start + 1], 'as') ? tk[part.start + 2]?.text : imported
          if (imported && local) add(imported, local)
        }
      } else if (isIdent(t, 'import') && t.nl && isIdent(tk[i + 1]) && PY_SDK.has(tk[i + 1].text)) {
        names.namespaces.add(isIdent(tk[i + 2], 'as') ? tk[i + 3].text : tk[i + 1].text)
      }
    }
  }
  return names
}

function lineEnd(tk: readonly Token[], from: number): number {
  let i = from + 1
  while (i < tk.length && !tk[i].nl) i++
  return i
}

/** Finds Agent SDK session starts in a file and reads their options. */
export function sdkCalls(s: ScannedFile): SdkCall[] {
  const names = sdkNames(s)
  if (names.calls.size === 0 && names.namespaces.size === 0) return []
  const tk = s.tokens
  const out: SdkCall[] = []
  for (let i = 0; i < tk.length - 1; i++) {
    const t = tk[i]
    if (t.kind !== 'ident' || !isPunct(tk[i + 1], '(')) continue
    let kind: 'query' | 'client' | undefined
    if (isPunct(tk[i - 1], '.') || isPunct(tk[i - 1], '?.')) {
      if (isIdent(tk[i - 2]) && names.namespaces.has(tk[i - 2].text) && !isPunct(tk[i - 3], '.')) {
        kind = t.text === 'query' ? 'query' : t.text === 'ClaudeSDKClient' && s.lang === 'py' ? 'client' : undefined
      }
    } else {
      kind = names.calls.get(t.text)
      // Skip definitions (`def query(`, `function query(`) and the import lines themselves.
      if (isIdent(tk[i - 1], 'def') || isIdent(tk[i - 1], 'function') || isIdent(tk[i - 1], 'import')) kind = undefined
    }
    if (!kind) continue
    if (s.lang === 'js' && isIdent(tk[i - 1], 'new')) continue
    const args = callArgs(tk, i + 1, s.lang)
    if (!args) continue
    out.push({ at: i, kind, ...readOptions(s, names, kind, args) })
  }
  return out
}

function readOptions(
  s: ScannedFile,
  names: SdkNames,
  kind: 'query' | 'client',
  args: NonNullable<ReturnType<typeof callArgs>>
): Pick<SdkCall, 'options' | 'optionsName'> {
  const tk = s.tokens
  let optRange: Range | undefined
  if (s.lang === 'js') {
    if (args.length === 0) return { options: undefined }
    if (args[0].spread) return { options: undefined }
    const params = mappingEntries(s, args[0].value)
    if (!params) return { options: undefined }
    if (params.some((e) => e.spread)) return { options: undefined }
    const o = params.find((e) => e.key === 'options')
    if (!o) return { options: null }
    optRange = o.shorthand ? { start: o.keyIndex, end: o.keyIndex + 1 } : o.value
  } else {
    if (args.some((a) => a.spread)) return { options: undefined }
    const named = args.find((a) => a.name === 'options')
    if (named) optRange = named.value
    else if (kind === 'client' && args.length > 0 && args[0].name === undefined) optRange = args[0].value
    else return { options: null }
  }
  if (optRange.end - optRange.start === 1 && isIdent(tk[optRange.start], 'None')) return { options: null }
  const optionsName =
    optRange.end - optRange.start === 1 && isIdent(tk[optRange.start]) ? tk[optRange.start].text : undefined
  let r = deref(s, optRange)
  if (optionsName && r === optRange) {
    // Bound more than once (one per function, say): take the nearest binding before the call.
    const before = (s.all.get(optionsName) ?? []).filter((b) => b.at < optRange.start)
    const last = before[before.length - 1]
    if (last) r = deref(s, { start: last.start, end: last.end })
  }
  let entries: Entry[] | undefined
  if (s.lang === 'js') {
    entries = mappingEntries(s, r)
  } else {
    const c = tk[r.start]
    if (
      (isIdent(c) && names.optionClasses.has(c.text)) ||
      (isIdent(c) && isPunct(tk[r.start + 1], '.') && isIdent(tk[r.start + 2]) && PY_OPTIONS.has(tk[r.start + 2].text))
    ) {
      const open = isPunct(tk[r.start + 1], '(') ? r.start + 1 : r.start + 3
      if (isPunct(tk[open], '(') && matchBracket(tk, open) === r.end - 1) {
        const a = callArgs(tk, open, 'py')
        entries = a?.map((x) =>
          x.name !== undefined
            ? { key: x.name, keyIndex: x.nameIndex as number, value: x.value }
            : { keyIndex: x.value.start, value: x.value, spread: true }
        )
      }
    }
  }
  if (!entries) return { options: undefined, optionsName }
  return { options: entries, optionsName }
}

/** Whether the file assigns `name.<field> = ...` for one of the fields. */
export function assignsField(s: ScannedFile, name: string, fields: ReadonlySet<string>): boolean {
  const tk = s.tokens
  for (let i = 0; i + 3 < tk.length; i++) {
    if (
      isIdent(tk[i], name) &&
      isPunct(tk[i + 1], '.') &&
      isIdent(tk[i + 2]) &&
      fields.has(tk[i + 2].text) &&
      isPunct(tk[i + 3], '=')
    )
      return true
  }
  return false
}

/** Cacheable minimum (tokens) of a model id, per the prompt caching docs; undefined when unknown. */
export function cacheMinimum(model: string): { minimum: number; name: string } | undefined {
  const id = model
    .toLowerCase()
    .replace(/^(?:[a-z]{2,4}\.)?anthropic\./, '')
    .replace(/@.*$/, '')
  const m = /claude-(opus|sonnet|haiku|fable|mythos)-(\d+)(?:-(\d))?(?=-|$|\[|:)/.exec(id)
  const old = /claude-(\d)(?:-(\d))?-(opus|sonnet|haiku)/.exec(id)
  let family: string
  let version: string
  if (m) {
    family = m[1]
    version = m[3] ? `${m[2]}.${m[3]}` : m[2]
  } else if (old) {
    family = old[3]
    version = old[2] ? `${old[1]}.${old[2]}` : old[1]
  } else if (/claude-mythos-preview/.test(id)) {
    return { minimum: 2048, name: 'Claude Mythos Preview' }
  } else {
    return undefined
  }
  const name = `Claude ${family[0].toUpperCase()}${family.slice(1)} ${version}`
  const key = `${family} ${version}`
  const table: Record<string, number> = {
    'opus 5': 512,
    'fable 5': 512,
    'mythos 5': 512,
    'opus 4.8': 1024,
    'sonnet 5': 1024,
    'sonnet 4.6': 1024,
    'sonnet 4.5': 1024,
    'opus 4.1': 1024,
    'opus 4': 1024,
    'sonnet 4': 1024,
    'opus 4.7': 2048,
    'haiku 3.5': 2048,
    'opus 4.6': 4096,
    'opus 4.5': 4096,
    'haiku 4.5': 4096
  }
  const minimum = table[key]
  return minimum === undefined ? undefined : { minimum, name }
}
