/**
 * bypass-permissions: Claude runs with permission checks turned off —
 * `permissions.defaultMode: "bypassPermissions"` in committed settings,
 * `--dangerously-skip-permissions` or `--permission-mode bypassPermissions`
 * in a workflow (`claude_args`, `claude` in `run:`), a script, a hook or a
 * shell alias, `permissionMode: bypassPermissions` in an agent or in the
 * options of an Agent SDK session. Every tool
 * call then runs without asking; only deny rules, ask rules and hooks remain,
 * so one prompt injection can run any command (checklist item 4). When
 * committed settings also set `disableBypassPermissionsMode: "disable"`, the
 * two contradict each other and the finding is low.
 * Docs: docs/rules/bypass-permissions.md
 */
import { defineRule, type RuleContext } from './rule.js'
import type { Project } from '../model/project.js'
import { isObject } from '../parse/doc.js'
import {
  arrayCommands,
  callCommands,
  locateInBlock,
  parseArgString,
  resolveArgs,
  type CliFlag,
  type ResolvedWord
} from '../model/claude.js'
import { withLiteral, yieldedLiterals } from '../analysis/expressions.js'
import { shellView } from '../model/workflow.js'
import { parseShell, unquotedText, type ShellCommand, type ShellWord } from '../shell/parse.js'
import { agentLoaded, flagSpan, settingsInput, writtenRange } from '../analysis/claude-run.js'
import { scriptPath } from '../analysis/claude-runs.js'
import { committedSettings } from '../analysis/permission-rules.js'
import { findInSpan } from '../analysis/locate-text.js'
import { FACTS, holdsAt, oldestClaudeCode } from '../facts/versions.js'
import { whileTimeLeft } from '../core/budget.js'
import { gitOutputSync } from '../git.js'
import { API_CODE_GREP_OPTIONS, BYPASS_CODE_GREP, inSkippedFolder } from '../model/code.js'
import { codeLanguageOf, descendantsOfType, parseCode, type CodeLanguage, type Node } from '../parse/code.js'
import type { SourceFile, Span } from '../parse/source.js'
import { cachedParse } from '../parse/parse-cache.js'
import { literalValue, perApiFile, sdkCalls, sdkOptionObjects, spanFrom } from '../analysis/anthropic-code.js'
import { processCommandsNear } from '../analysis/code-claude-runs.js'
import { handRunSession } from '../analysis/sdk-runs.js'
import { handRunClause } from '../model/load-scope.js'

const SHELL_FILE =
  /\.(sh|bash|zsh)$|(^|\/)(\.bashrc|\.zshrc|\.profile|\.bash_profile|\.zprofile|\.envrc|\.bash_aliases)$/
const HINT = /dangerously-skip-permissions|bypassPermissions/
/** Makes bypass mode available to the session (to a mode switch, an agent, a setting) without starting in it. */
const ALLOW_FLAG = '--allow-dangerously-skip-permissions'

/** A cheap first test for SHELL_FILE: a shell extension or a dotfile. */
function mayBeShell(path: string): boolean {
  return path.endsWith('sh') || path.charCodeAt(path.lastIndexOf('/') + 1) === 46 /* . */
}

/** A bypass flag on a `claude` command: the flag text and its offsets in the script. */
interface FlagHit {
  text: string
  start: number
  end: number
  /** From an array or variable the script fills on some paths only (`if …; then FLAGS+=(…); fi`). */
  conditional?: boolean
  /** The tools the same command line limits the session to (`--tools WebFetch,WebSearch`), when it does. */
  tools?: string[]
}

/**
 * Built-in tools that neither run commands nor change files: a session that `--tools` limits to
 * these can read and fetch, nothing more, whatever its permission mode (the real client offers only
 * the listed tools and refuses a Bash call: test/conformance, tools-flag-limits-bypass).
 */
const READ_ONLY_TOOLS = new Set(['Read', 'Glob', 'Grep', 'LS', 'WebFetch', 'WebSearch', 'TodoWrite', 'NotebookRead'])

/** The tools a `--tools` value names (`"WebFetch,WebSearch"`, `"Read Grep"`; `""` is none). */
function toolList(value: string): string[] {
  return value.split(/[\s,]+/).filter(Boolean)
}

/** Whether a `--tools` list leaves the session only tools that neither run commands nor change files. */
function readOnlyTools(tools: readonly string[] | undefined): tools is string[] {
  return tools !== undefined && tools.every((t) => READ_ONLY_TOOLS.has(t))
}

/** The value of `--tools` (`--tools X`, `--tools=X`) among a claude command's words after `from`. */
function toolsWord(words: readonly string[], from: number): string[] | undefined {
  for (let i = from; i < words.length; i++) {
    if (words[i] === '--tools' && i + 1 < words.length) return toolList(words[i + 1])
    if (words[i].startsWith('--tools=')) return toolList(words[i].slice('--tools='.length))
  }
  return undefined
}

/** The tools a parsed flag list limits the session to (`--tools` of claude_args or a command line). */
function toolsFlag(flags: readonly CliFlag[]): string[] | undefined {
  const f = flags.find((x) => x.name === '--tools')
  return f === undefined ? undefined : toolList(f.value ?? '')
}

function isClaude(words: string[]): number {
  const b = (words[0] ?? '').replace(/^.*\//, '')
  if (b === 'claude') return 1
  if (['npx', 'bunx', 'pnpx'].includes(b) || (b === 'pnpm' && words[1] === 'dlx')) {
    const i = words.findIndex((w) => /^@anthropic-ai\/claude-code(@|$)/.test(w))
    return i < 0 ? -1 : i + 1
  }
  return -1
}

/** `shown`: how a hit's words are written in the message (as in the script by default; code gives the strings' values). */
function flagsIn(cmd: ShellCommand, shown: (w: ShellWord) => string = (w) => w.raw): FlagHit[] {
  const words = cmd.args.map((a) => a.text)
  const from = isClaude(words)
  if (from < 0) return []
  const out: FlagHit[] = []
  const tools = toolsWord(words, from)
  const at = (i: number): { conditional?: boolean; tools?: string[] } => ({
    ...((cmd.args[i] as ResolvedWord).conditional ? { conditional: true } : {}),
    ...(tools ? { tools } : {})
  })
  for (let i = from; i < words.length; i++) {
    const w = words[i]
    if (w === '--dangerously-skip-permissions' || w === ALLOW_FLAG)
      out.push({ text: shown(cmd.args[i]), start: cmd.args[i].start, end: cmd.args[i].end, ...at(i) })
    else if (w === '--permission-mode=bypassPermissions')
      out.push({ text: shown(cmd.args[i]), start: cmd.args[i].start, end: cmd.args[i].end, ...at(i) })
    else if (w === '--permission-mode' && words[i + 1] === 'bypassPermissions') {
      // The message names the mode too: `--permission-mode` alone says nothing.
      const end = cmd.args[i + 1].end >= cmd.args[i].start ? cmd.args[i + 1].end : cmd.args[i].end
      out.push({ text: `${shown(cmd.args[i])} ${shown(cmd.args[i + 1])}`, start: cmd.args[i].start, end, ...at(i) })
    }
  }
  return out
}

/** What a message adds for a flag the script sets on some paths only. */
function someRuns(hit: { conditional?: boolean }): string {
  return hit.conditional ? ' (on the paths where the script adds it)' : ''
}

/** Bypass flags on `claude` commands in a shell script, aliases included. */
export function bypassFlagsInShell(script: string, depth = 0): FlagHit[] {
  // Every hit is a word that reads `--dangerously-skip-permissions`,
  // `--allow-dangerously-skip-permissions`, `--permission-mode=bypassPermissions` or
  // `--permission-mode` (then `bypassPermissions`): a word of this script (an alias value or an
  // array the script fills included), so one of the two needles shows in its unquoted reading
  // (`"--dangerously-skip-"permissions` too). A script that only mentions the mode
  // (`grep bypassPermissions settings.json`) is not parsed. Where the text has no cheap unquoted
  // reading, the raw text must name the flag or the mode.
  const plain = unquotedText(script)
  if (plain === undefined ? !HINT.test(script) : !/-dangerously-skip-permissions|--permission-mode/.test(plain))
    return []
  const out: FlagHit[] = []
  const parsed = parseShell(script)
  const commands = parsed.commands
  const seen = new Set<number>()
  const add = (hits: FlagHit[]): void => {
    for (const h of hits) {
      if (seen.has(h.start)) continue
      seen.add(h.start)
      out.push(h)
    }
  }
  for (const cmd of commands) {
    // `claude "${FLAGS[@]}"`: the flags sit where the script fills the array.
    add(flagsIn(resolveArgs(cmd, commands)))
    // `run_with_timeout "$t" "${cmd[@]}"` after `cmd=(claude -p …)`: the array is the command line.
    for (const held of arrayCommands(cmd, commands)) add(flagsIn(held))
    // `claudep --dangerously-skip-permissions "x"` after `claudep() { claude -p "$@"; }`: the call's words reach the body's claude.
    if (parsed.functions) for (const held of callCommands(cmd, parsed)) add(flagsIn(held))
    if (cmd.name === 'alias' && depth < 2) {
      for (const a of cmd.args.slice(1)) {
        const eq = a.text.indexOf('=')
        if (eq > 0)
          out.push(
            ...bypassFlagsInShell(a.text.slice(eq + 1), depth + 1).map((h) => ({ ...h, start: a.start, end: a.end }))
          )
      }
    }
  }
  return out
}

/**
 * Hits that the string literals of `${{ }}` expressions put into a text: GitHub substitutes the
 * expression's value, so a literal it can yield (`format('… --dangerously-skip-permissions', x)`,
 * `a && '--dangerously-skip-permissions' || ''`) is part of the text. Each such literal is put in
 * its expression's place in turn and the text searched again (`find`); a hit that touches the
 * literal is kept, at the literal's place in the source: one per expression (several branches that
 * all pass the flag are one setting). Literals that do not name the flag or the mode are not tried.
 */
async function literalHits<T extends { start: number; end: number }>(
  text: string,
  find: (view: string) => T[] | Promise<T[]>
): Promise<T[]> {
  const out: T[] = []
  const done = new Set<number>()
  for (const lit of yieldedLiterals(text)) {
    if (done.has(lit.exprStart) || !HINT.test(lit.value)) continue
    const from = lit.exprStart
    const to = from + lit.value.length
    for (const h of await find(withLiteral(text, lit))) {
      if (h.end <= from || h.start >= to) continue
      const start = h.start >= from ? lit.at(h.start - from) : h.start
      const end = lit.at(h.end - from - 1) + 1
      out.push({ ...h, start, end })
      done.add(from)
      break
    }
  }
  return out
}

/** Bypass flags in a `run:` script, as the shell sees it after GitHub substitutes `${{ }}`, the flags an expression can yield included. */
async function bypassFlagsInRun(run: string): Promise<FlagHit[]> {
  const plain = bypassFlagsInShell(shellView(run))
  // Only a script whose text names the flag or the mode can hold a literal that does.
  if (!run.includes('${{') || !HINT.test(run)) return plain
  const more = await literalHits(run, (view) => bypassFlagsInShell(shellView(view)))
  return [...plain, ...more.filter((h) => !plain.some((p) => p.start < h.end && h.start < p.end))]
}

/** Whether a flag of claude_args turns permission checks off (or makes bypass mode available). */
function isBypassFlag(f: CliFlag): boolean {
  return (
    f.name === '--dangerously-skip-permissions' ||
    f.name === ALLOW_FLAG ||
    (f.name === '--permission-mode' && f.value === 'bypassPermissions')
  )
}

/** A bypass option of an Agent SDK session in one code file, as the reporter takes it. */
interface CodeBypass {
  messageId: 'flag' | 'allowFlag'
  data: Record<string, string>
  at: Span
  what: string
  related?: { at: Span; note: string }[]
}

/** A bypass flag written as an element of an argument list in Python or JavaScript/TypeScript. */
interface CodeFlagHit {
  text: string
  start: number
  end: number
  /** The tools the same argument list limits the session to (`--tools`), when it does. */
  tools?: string[]
  /** The program adds the flag on some paths only (`if (opts.yolo) args.push(…)`). */
  conditional?: boolean
}

/** Process calls whose first argument is the program and whose second is its argument list. */
const SPAWNS = new Set(['spawn', 'spawnSync', 'execFile', 'execFileSync', 'execa', 'execaSync'])

/**
 * Bypass flags in the argument lists a program hands to `claude`: a list
 * literal whose first element is the program (`["claude", "-p", prompt,
 * "--dangerously-skip-permissions"]`, `npx @anthropic-ai/claude-code …` too),
 * or the list a process call passes with `"claude"` as its program
 * (`spawn("claude", ["--dangerously-skip-permissions"])`). Only string
 * literals count: a word that cannot be read is never taken for the flag.
 */
export function bypassFlagsInCode(file: SourceFile, lang: CodeLanguage): CodeFlagHit[] {
  if (!file.text.includes('dangerously-skip-permissions') && !file.text.includes('bypassPermissions')) return []
  const parsed = parseCode(file, lang)
  if (!parsed) return []
  const out: CodeFlagHit[] = []
  const py = lang === 'python'
  // The commands the file's process calls start (a program named through a variable such as
  // `claude = shutil.which("claude")`, the file's own wrappers such as `runCommand("claude", [...])`).
  for (const cmd of processCommandsNear(file, lang, ['dangerously-skip-permissions', 'bypassPermissions']))
    for (const hit of flagsIn(cmd, (w) => w.text))
      out.push({
        text: hit.text,
        start: hit.start,
        end: hit.end,
        ...(hit.tools ? { tools: hit.tools } : {}),
        ...(hit.conditional ? { conditional: true } : {})
      })
  const seen = new Set(out.map((h) => h.start))
  for (const list of descendantsOfType(parsed.root, py ? ['list', 'tuple'] : ['array'])) {
    const items = list.namedChildren.filter((n): n is Node => n !== null && n.type !== 'comment')
    const words = items.map((n) => literalValue(n))
    let from = isClaude(words.map((w) => (typeof w === 'string' ? w : '')))
    if (from < 0) {
      // The list a process call passes: spawn("claude", [...]).
      const args = list.parent
      const call = args?.parent
      const callee = call?.childForFieldName('function')
      const name = callee
        ? callee.type === 'member_expression' || callee.type === 'attribute'
          ? callee.lastNamedChild?.text
          : callee.text
        : undefined
      const first = args?.namedChildren.find((n): n is Node => n !== null && n.type !== 'comment')
      if (!name || !SPAWNS.has(name) || !first || first === list || args?.namedChildren[1]?.id !== list.id) continue
      const program = literalValue(first)
      if (typeof program !== 'string' || isClaude([program]) !== 1) continue
      from = 0
    }
    // A `--tools` value only counts when it is a literal: a computed one may name any tool.
    const tools = toolsWord(
      words.map((w) => (typeof w === 'string' ? w : '\0')),
      from
    )?.filter((t) => t !== '\0')
    const limit = tools && !words.some((w, i) => i >= from && typeof w !== 'string' && words[i - 1] === '--tools') ? { tools } : {}
    for (let i = from; i < words.length; i++) {
      const w = words[i]
      if (seen.has(items[i].startIndex)) continue
      if (w === '--dangerously-skip-permissions' || w === ALLOW_FLAG || w === '--permission-mode=bypassPermissions') {
        out.push({ text: w, start: items[i].startIndex, end: items[i].endIndex, ...limit })
      } else if (w === '--permission-mode' && words[i + 1] === 'bypassPermissions') {
        out.push({
          text: '--permission-mode bypassPermissions',
          start: items[i].startIndex,
          end: items[i + 1].endIndex,
          ...limit
        })
      }
    }
  }
  return out.sort((a, b) => a.start - b.start)
}

/** The code candidates that may name the bypass flag or mode: tracked ones the git grep the model asked up front found, untracked ones, every one without git. */
function bypassCodeFiles(p: Project): string[] {
  if (p.codeCandidates.length === 0) return []
  if (!p.files.git) return p.codeCandidates
  const out = p.gitFacts.bypassCode ?? gitOutputSync(p.root, BYPASS_CODE_GREP, API_CODE_GREP_OPTIONS)
  if (out === undefined) return p.codeCandidates
  const hits = new Set(out.split('\0'))
  const tracked = p.files.tracked
  // git grep searched tracked files: an untracked candidate is looked at directly.
  return p.codeCandidates.filter((path) => hits.has(path) || (tracked !== undefined && !tracked.has(path)))
}

/** A repository script that starts Claude in bypass mode (the flag, not only the allow flag), with full tools. */
export interface ScriptBypass {
  path: string
  at: Span
  flag: string
}

const scriptBypassMemo = new WeakMap<Project, ScriptBypass[]>()

/**
 * The repository's shell scripts and Python or JavaScript/TypeScript programs that start Claude
 * in bypass mode (`claude -p --dangerously-skip-permissions`, `--permission-mode
 * bypassPermissions`), read as this rule reads them, whether or not a workflow runs them (not
 * in dependency, build or test folders, as for code: code.ts `isCodeCandidate`); a
 * session whose `--tools` leaves it only tools that neither run commands nor change files does
 * not count, nor `--allow-dangerously-skip-permissions` alone. Memoised per project.
 */
export function scriptBypassLaunches(p: Project): ScriptBypass[] {
  const hit = scriptBypassMemo.get(p)
  if (hit) return hit
  const out: ScriptBypass[] = []
  const starts = (h: { text: string; tools?: string[] }): boolean => !h.text.includes(ALLOW_FLAG) && !readOnlyTools(h.tools)
  const aliases = p.files.aliases
  for (const path of p.files.paths) {
    // As for code (code.ts): a dependency's, a build's or a test's script is not this repository's own session.
    if (!mayBeShell(path) || !SHELL_FILE.test(path) || aliases?.has(path) || inSkippedFolder(path)) continue
    const text = p.reader.peek(path).file?.text
    if (text === undefined || !HINT.test(text)) continue
    const f = p.reader.read(path)
    if (!f) continue
    for (const h of bypassFlagsInShell(f.text)) if (starts(h)) out.push({ path, at: { file: f, start: h.start, end: h.end }, flag: h.text })
  }
  for (const path of bypassCodeFiles(p)) {
    const lang = codeLanguageOf(path)
    const text = lang ? p.reader.peek(path).file?.text : undefined
    if (!lang || text === undefined || !(text.includes('dangerously-skip-permissions') || text.includes('bypassPermissions'))) continue
    const f = p.reader.read(path)
    if (!f) continue
    for (const h of cachedParse(`bypass-flags-in-code\0${lang}`, f.text, () => bypassFlagsInCode(f, lang)))
      if (starts(h)) out.push({ path, at: { file: f, start: h.start, end: h.end }, flag: h.text })
  }
  scriptBypassMemo.set(p, out)
  return out
}

/** Reports a bypass, or (where the committed settings disable bypass mode) the contradiction. */
function bypassReporter(ctx: {
  project: Pick<Project, 'settings' | 'isTracked'>
  report: RuleContext['report']
}): (
  messageId: string,
  data: Record<string, string>,
  at: Span | { path: string; line: number },
  what: string,
  severity?: 'medium',
  related?: { at: Span; note: string }[],
  tools?: string[]
) => void {
  const p = ctx.project
  const committed = committedSettings(p)
  const disabler = committed.find((s) => {
    const perms = isObject(s.value.permissions) ? s.value.permissions : {}
    // Only `permissions.disableBypassPermissionsMode` is a setting (settings reference); a top-level key does nothing.
    return perms.disableBypassPermissionsMode === 'disable'
  })
  return (messageId, data, at, what, severity, related, tools): void => {
    if (disabler) {
      ctx.report({
        messageId: 'contradiction',
        data: { what, settings: disabler.path },
        at,
        severity: 'low',
        ...(related ? { related } : {}),
        tip: 'remove the bypass; keep `disableBypassPermissionsMode: "disable"`'
      })
      return
    }
    // `--tools` leaves the session only tools that neither run commands nor change files: skipping their checks is minor.
    const readOnly = messageId === 'flag' && readOnlyTools(tools)
    ctx.report({
      messageId: readOnly ? 'flagReadOnly' : messageId === 'flag' && data.flag === ALLOW_FLAG ? 'allowFlag' : messageId,
      data: readOnly
        ? {
            ...data,
            tools: tools.length ? `\`--tools ${tools.join(',')}\`` : 'an empty `--tools`',
            rest: !tools.length
              ? ''
              : `: only those tools run without asking${tools.some((t) => t.startsWith('Web')) ? ' (what it reads can still leave in a web request)' : ''}`
          }
        : data,
      at,
      ...(readOnly ? { severity: 'low' as const } : severity ? { severity } : {}),
      ...(related ? { related } : {}),
      tip: 'use `--permission-mode dontAsk` with a narrow `--allowedTools` list in CI, or `acceptEdits` interactively; add `"disableBypassPermissionsMode": "disable"` under `permissions` in .claude/settings.json'
    })
  }
}

export default defineRule({
  meta: {
    id: 'bypass-permissions',
    checklistItems: [4],
    area: 'credentials',
    severity: 'high',
    confidence: 'high',
    description: 'permission checks bypassed',
    messages: {
      defaultMode:
        '`defaultMode: "bypassPermissions"` in {{file}} is ignored by Claude Code {{since}} and later, but older versions honour it: they start sessions in this repository with permission checks off unless a `--permission-mode` flag overrides it (in `claude -p` and CI without any confirmation) ({{basis}})',
      defaultModeActive:
        '`defaultMode: "bypassPermissions"` in {{file}} starts sessions in this repository with permission checks off unless a `--permission-mode` flag overrides it (in `claude -p` and CI without any confirmation): {{basis}}, older than {{since}}, which still honours it from a committed file; tool calls run without asking, only deny and ask rules, hooks and built-in safeguards still stop anything',
      allowFlag:
        '{{where}} runs Claude with `{{flag}}`: bypass mode becomes available to the session, so a mode switch, an agent with `permissionMode: bypassPermissions` or a setting turns permission checks off without any confirmation',
      flagReadOnly:
        '{{where}} runs Claude with `{{flag}}`, but {{tools}} leaves the session no tool that runs commands or changes files{{rest}}',
      flag: "{{where}} runs Claude with `{{flag}}`: every tool call runs without a permission check (only deny rules, ask rules and hooks remain), so one prompt injection can run any command with this environment's secrets",
      flagHandRun:
        "{{where}} runs Claude with `{{flag}}`; it sits in {{place}}, and no workflow here runs it: run as it stands, or copied into a job, every tool call runs without a permission check (only deny rules, ask rules and hooks remain), so one prompt injection can run any command with that environment's secrets",
      allowFlagHandRun:
        '{{where}} runs Claude with `{{flag}}`; it sits in {{place}}, and no workflow here runs it: run as it stands, or copied into a job, bypass mode becomes available to the session, so a mode switch, an agent with `permissionMode: bypassPermissions` or a setting turns permission checks off without any confirmation',
      agent:
        'agent {{name}} sets `permissionMode: bypassPermissions`: its tool calls skip permission checks whenever it runs from a session in default, plan or dontAsk mode (a parent in acceptEdits or auto mode overrides it)',
      contradiction:
        '{{what}} asks for bypass mode, but {{settings}} sets `disableBypassPermissionsMode: "disable"`, so Claude Code refuses it: the two settings contradict each other; remove the bypass'
    }
  },
  async check(ctx) {
    const p = ctx.project
    const committed = committedSettings(p)
    const report = bypassReporter(ctx)

    // Claude Code 2.1.257 ignores the mode from project and local files: active only where an older version runs.
    const version = oldestClaudeCode(p)
    const since = FACTS.committedBypassIgnored.since
    const ignored = holdsAt('committedBypassIgnored', version.version)
    for (const s of committed) {
      const perms = isObject(s.value.permissions) ? s.value.permissions : {}
      if (perms.defaultMode !== 'bypassPermissions') continue
      const at = s.doc.span(['permissions', 'defaultMode'])
      if (!at) continue
      const what = `\`defaultMode: "bypassPermissions"\` in ${s.path}`
      const basis = version.known ? version.basis : `${version.basis}; set claude-code-version to judge another`
      if (ignored || !version.known) report('defaultMode', { file: s.path, since, basis }, at, what, 'medium')
      else report('defaultModeActive', { file: s.path, since, basis }, at, what)
    }

    for (const s of committed) {
      for (const h of s.hooks) {
        if (!h.command) continue
        const span = s.doc.span([...h.path, 'command'])
        if (!span) continue
        for (const hit of bypassFlagsInShell(h.command)) {
          report(
            'flag',
            { where: `a ${h.event} hook in ${s.path}`, flag: hit.text },
            findInSpan(span, hit.text),
            `\`${hit.text}\` in a hook`,
            undefined,
            undefined,
            hit.tools
          )
        }
      }
    }

    for (const run of p.claudeRuns) {
      if (run.kind === 'cli') continue
      const wf = run.workflow
      const where = `job ${run.job.id} in ${wf.path}`
      const args = typeof run.step.with.claude_args === 'string' ? run.step.with.claude_args : ''
      // The flags as written, and those a `${{ }}` expression in claude_args can yield.
      const fromExpr =
        run.flagsSpan && args.includes('${{') && HINT.test(args)
          ? await literalHits(args, async (view) => (await parseArgString(view)).filter(isBypassFlag))
          : []
      for (const f of [...run.flags, ...fromExpr]) {
        const bare = f.name === '--dangerously-skip-permissions' || f.name === ALLOW_FLAG
        if (!isBypassFlag(f) || !run.flagsSpan) continue
        // flagsOf pairs a bare flag with the next word; the flag alone is the finding.
        const at = locateInBlock(run.flagsSpan, args, f.start, bare ? f.start + f.name.length : f.end)
        const text = bare ? f.name : `${f.name} ${f.value}`
        report(
          'flag',
          { where: where + (fromExpr.includes(f) ? ' (a value its `${{ }}` expression can yield)' : ''), flag: text },
          at,
          `\`${text}\` in ${where}`,
          undefined,
          undefined,
          toolsFlag(run.flags)
        )
      }
      const si = settingsInput(run)
      const perms = si && isObject(si.permissions) ? si.permissions : {}
      if (perms.defaultMode === 'bypassPermissions') {
        const span = run.doc.span([...run.step.path, 'with', 'settings'])
        if (span) {
          report(
            'flag',
            { where, flag: 'settings: defaultMode bypassPermissions' },
            findInSpan(span, 'bypassPermissions'),
            `the settings input of ${where}`
          )
        }
      }
    }

    for (const wf of p.workflows) {
      for (const job of wf.jobs) {
        for (const step of job.steps) {
          if (!step.run) continue
          // GitHub substitutes `${{ }}` before the shell runs: parse the script as the shell sees it.
          const hits = await bypassFlagsInRun(step.run)
          if (!hits.length) continue
          const span = wf.doc.span([...step.path, 'run'])
          if (!span) continue
          for (const hit of hits) {
            const at = locateInBlock(span, step.run, hit.start, hit.end)
            const where = `job ${job.id} in ${wf.path}`
            report('flag', { where: where + someRuns(hit), flag: hit.text }, at, `\`${hit.text}\` in ${where}`, undefined, undefined, hit.tools)
          }
        }
      }
    }

    // `claude -p` runs the model found behind wrappers (`timeout "$T" claude`) or inside local
    // composite actions, where the plain scan above does not look.
    const seenAt = new Set<string>()
    for (const run of p.claudeRuns) {
      const step = run.step
      // A process a Python or JavaScript script starts: the files scan above reads shell only.
      if (run.kind === 'cli' && run.script?.lang && run.command) {
        for (const f of run.flags) {
          const bypass =
            f.name === '--dangerously-skip-permissions' ||
            (f.name === '--permission-mode' && f.value === 'bypassPermissions')
          if (!bypass) continue
          const word = run.command.args.find((w) => w.start === f.start)
          const at = {
            file: run.script.file,
            start: f.start,
            end: f.name === '--dangerously-skip-permissions' && word ? word.end : f.end
          }
          const k = `${at.file.path}\0${at.start}`
          if (seenAt.has(k)) continue
          seenAt.add(k)
          const text = f.name === '--dangerously-skip-permissions' ? f.name : `${f.name} ${f.value}`
          report(
            'flag',
            { where: `${run.script.file.path} (run by job ${run.job.id} in ${run.workflow.path})`, flag: text },
            at,
            `\`${text}\` in ${run.script.file.path}`,
            undefined,
            undefined,
            toolsFlag(run.flags)
          )
        }
        continue
      }
      if (run.kind !== 'cli' || run.script || !step.run || !run.command) continue
      // What the plain scan of the workflow's `run:` scripts already reported (an action no
      // workflow here calls stands in for its own workflow, which that scan does not read).
      const inWorkflow = run.doc === run.workflow.doc && !run.callerUnknown
      // The script is the step's `run:`, or an input its action runs as one (devcontainers/ci `runCmd`), which that scan does not read.
      const at = scriptPath(step)
      const found =
        inWorkflow && at?.at(-1) === 'run' && at.length === step.path.length + 1 ? await bypassFlagsInRun(step.run) : []
      const span = at && run.doc.span(at)
      if (!span) continue
      // The flags a `${{ }}` expression of an action's script can yield: the run's flags are the words as written.
      const yielded: CliFlag[] = []
      const mayYield = !inWorkflow && step.run.includes('${{') && HINT.test(step.run)
      for (const h of mayYield ? await literalHits(step.run, (view) => bypassFlagsInShell(shellView(view))) : []) {
        if (h.text.includes(ALLOW_FLAG)) continue
        yielded.push(
          h.text.includes('bypassPermissions')
            ? { name: '--permission-mode', value: 'bypassPermissions', start: h.start, end: h.end }
            : { name: '--dangerously-skip-permissions', start: h.start, end: h.end }
        )
      }
      for (const f of [...run.flags, ...yielded]) {
        const bypass =
          f.name === '--dangerously-skip-permissions' ||
          (f.name === '--permission-mode' && f.value === 'bypassPermissions')
        if (!bypass || found.some((h) => h.start < f.end && f.start < h.end)) continue
        // A flag a `${{ }}` over the action's inputs wrote (offsets past the script): where the caller wrote it, else that `${{ }}`.
        const bound = f.end > step.run.length
        const written = bound ? writtenRange(run, f.start, f.end) : f
        if (bound && yielded.some((h) => h.start < written.end && written.start < h.end)) continue
        const at =
          (bound
            ? flagSpan(run, f.start, f.name === '--dangerously-skip-permissions' ? f.start + f.name.length : f.end)
            : undefined) ?? locateInBlock(span, step.run, written.start, written.end)
        const k = `${at.file.path}\0${at.start}`
        if (seenAt.has(k)) continue
        seenAt.add(k)
        const text = f.name === '--dangerously-skip-permissions' ? f.name : `${f.name} ${f.value}`
        const where = run.callerUnknown
          ? `${run.doc.file.path}, an action this repository publishes (no workflow here calls it),`
          : inWorkflow
            ? `job ${run.job.id} in ${run.workflow.path}`
            : `the local action ${run.doc.file.path} (job ${run.job.id} in ${run.workflow.path})`
        report('flag', { where: where + someRuns(f), flag: text }, at, `\`${text}\` in ${run.doc.file.path}`, undefined, undefined, toolsFlag(run.flags))
      }
    }

    const seen = new Set<string>()
    // A script seen through a linked folder is read at its target's path, unless a hook runs it there.
    const aliases = p.files.aliases
    const scripts = p.files.paths.filter(
      (path) => (mayBeShell(path) && SHELL_FILE.test(path) && !aliases?.has(path)) || p.hookScripts.includes(path)
    )
    for (const path of whileTimeLeft(ctx, 'bypass-permissions', scripts, (x) => x)) {
      if (seen.has(path)) continue
      seen.add(path)
      const f = p.reader.read(path)
      if (!f || !HINT.test(f.text)) continue
      if (p.hookScripts.includes(path) && !SHELL_FILE.test(path) && !/^#!.*\b(ba|z|da)?sh\b/.test(f.text)) continue
      for (const hit of bypassFlagsInShell(f.text)) {
        report(
          'flag',
          { where: path + someRuns(hit), flag: hit.text },
          { file: f, start: hit.start, end: hit.end },
          `\`${hit.text}\` in ${path}`,
          undefined,
          undefined,
          hit.tools
        )
      }
    }

    // Programs (Python, JavaScript/TypeScript) that start Claude with the flag, whether or not a
    // workflow runs them (a local pipeline, a bot); those a workflow runs were reported above.
    for (const path of whileTimeLeft(ctx, 'bypass-permissions', bypassCodeFiles(p), (x) => x)) {
      const lang = codeLanguageOf(path)
      if (!lang) continue
      // Without git's answer every candidate is looked at: only one that names the flag counts as read.
      const text = p.reader.peek(path).file?.text
      if (text === undefined || !(text.includes('dangerously-skip-permissions') || text.includes('bypassPermissions')))
        continue
      const f = p.reader.read(path)
      if (!f) continue
      // What the file's argument lists hold depends on its text alone: kept between runs (src/parse/parse-cache.ts).
      for (const hit of cachedParse(`bypass-flags-in-code\0${lang}`, f.text, () => bypassFlagsInCode(f, lang))) {
        const k = `${path}\0${hit.start}`
        if (seenAt.has(k)) continue
        seenAt.add(k)
        report(
          'flag',
          { where: path + someRuns(hit), flag: hit.text },
          { file: f, start: hit.start, end: hit.end },
          `\`${hit.text}\` in ${path}`,
          undefined,
          undefined,
          hit.tools
        )
      }
    }

    for (const a of p.agents) {
      // Claude Code skips agent files without `name` or `description`: their mode never applies.
      if (a.data.permissionMode !== 'bypassPermissions' || !agentLoaded(a)) continue
      const name = String(a.data.name)
      const at = a.md.frontmatter?.span(['permissionMode']) ?? { path: a.path, line: 1 }
      report('agent', { name }, at, `\`permissionMode: bypassPermissions\` in agent ${name}`)
    }
  },
  checkCode(ctx) {
    const p = ctx.project
    const report = bypassReporter(ctx)
    // Agent SDK sessions: `permissionMode: 'bypassPermissions'` is the flag in code;
    // `allowDangerouslySkipPermissions: true` makes bypass mode available, as the allow flag does.
    // Both in one session's options are one finding: the mode, with the allow option as a related location.
    // What each file holds depends on its text alone (kept between runs, see perApiFile); the
    // reporter then weighs it against the committed settings.
    const hits = perApiFile(p, 'bypass-permissions', (s) => {
      const out: CodeBypass[] = []
      const seen = new Set<number>()
      const sessions = sdkCalls(s).map((call) => ({
        entries: call.options ?? [],
        where: `Agent SDK session \`${call.callee.text}\` in ${s.file.path}`
      }))
      // Options built away from the session start they reach (a helper that returns them).
      const built = sdkOptionObjects(s).map((entries) => ({ entries, where: `Agent SDK options in ${s.file.path}` }))
      for (const { entries, where } of [...sessions, ...built]) {
        const live = entries.filter((e) => !e.spread && e.key !== undefined && !seen.has(e.value.startIndex))
        const mode = live.find(
          (e) =>
            (e.key === 'permissionMode' || e.key === 'permission_mode') && literalValue(e.value) === 'bypassPermissions'
        )
        const allow = live.find(
          (e) =>
            (e.key === 'allowDangerouslySkipPermissions' || e.key === 'allow_dangerously_skip_permissions') &&
            literalValue(e.value) === true
        )
        if (mode) {
          seen.add(mode.value.startIndex)
          if (allow) seen.add(allow.value.startIndex)
          const flag = `${mode.key}: "bypassPermissions"`
          const related = allow
            ? [
                {
                  at: spanFrom(s, allow.value),
                  note: `\`${allow.key}: true\` of the same session, which lets it start in bypass mode`
                }
              ]
            : undefined
          out.push({
            messageId: 'flag',
            data: { where, flag },
            at: spanFrom(s, mode.value),
            what: `\`${flag}\` in ${s.file.path}`,
            ...(related ? { related } : {})
          })
        } else if (allow) {
          seen.add(allow.value.startIndex)
          out.push({
            messageId: 'allowFlag',
            data: { where, flag: `${allow.key}: true` },
            at: spanFrom(s, allow.value),
            what: `\`${allow.key}\` in ${s.file.path}`
          })
        }
      }
      return out
    })
    for (const h of hits) report(h.messageId, h.data, h.at, h.what, undefined, h.related)
  },
  // In an example or documentation folder, and no workflow runs the file: run by hand if at all (medium, the folder named).
  codeReportWithRuns(r, project) {
    const handRun = r.messageId === 'flag' || r.messageId === 'allowFlag'
    const place =
      handRun && r.at !== null && 'file' in r.at ? handRunSession(project.claudeRuns, r.at.file.path) : undefined
    return place
      ? {
          ...r,
          messageId: `${r.messageId}HandRun`,
          data: { ...r.data, place: handRunClause(place) },
          severity: 'medium'
        }
      : r
  }
})
