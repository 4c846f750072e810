/**
 * Whether a PreToolUse hook answers "allow" for every call it does not
 * match (dangerous-commands-unguarded), or when its check fails
 * (hook-fail-open: an allow given from an `except` / `catch` handler).
 *
 * `permissionDecision: "allow"` (or the deprecated top-level
 * `decision: "approve"`) skips the permission prompt (reference §2.8). A guard
 * that denies a few patterns and prints allow on its fall-through path — the
 * path taken when none of its checks matched — therefore removes a person's
 * approval for everything else, like a broad allow rule.
 *
 * The fall-through path is read from the syntax tree: the allow reaches
 * stdout (hook-output.ts follows the value to a print) from a statement that
 * runs when no condition before it held — at the top level, in a function
 * body, in an `else` branch, in a `try` body — and never from an `if` /
 * `elif` body, a loop, a `case`, an error handler or a conditional
 * expression (an allow given only when a check says "safe" is an allow
 * list, not a fall-through). A function's body counts as reached when a call
 * of it is, in turn, on the fall-through path (`if __name__ == "__main__":`
 * and `if (require.main === module)` count as always true). A decision
 * written as a parameter (`def output_decision(decision, ...)` putting
 * `decision` under `permissionDecision`) is allow at each call passing the
 * literal `"allow"`, in the script or in the scripts it imports; a local
 * variable is allow at each assignment of the literal. Shell: an `echo` /
 * `printf` / heredoc of the allow JSON at the top level of the script, run
 * unconditionally (not in an `if`/`case`/loop/function, not after `&&`/`||`,
 * not in a pipeline or substitution) and not sent to stderr.
 */
import type { Project } from '../model/project.js'
import { descendantsOfType, type Node } from '../parse/code.js'
import { dottedName, stringValue, type GuardCode } from './hook-guard-code.js'
import { reachable, scriptInfo, type HookUse, type ScriptInfo } from './hook-guards.js'
import { outputFate } from './hook-output.js'
import { parseShell, type ShellCommand, type ShellScript } from '../shell/parse.js'
import type { Span } from '../parse/source.js'

/** Where a hook answers allow on its fall-through path. */
export interface AllowAnswer {
  /** The script (or settings file, for an inline command) holding the answer. */
  path: string
  /** The `allow` / `approve` value (offsets in the script, or in the inline command's text). */
  span: Span
  line: number
  /** The decision as it reads: `"permissionDecision": "allow"`, `"decision": "approve"`. */
  text: string
}

const PERMISSION = 'permissionDecision'

/** Allow JSON as shell prints it (quotes as JSON or jq spell them). */
const SHELL_ALLOW = /\\?["']?(permissionDecision|decision)\\?["']?\s*:\s*\\?["'](allow|approve)\\?["']/g

/** How deep calls are followed up from a helper to the fall-through path. */
const MAX_CALL_DEPTH = 4

const FUNCTIONS = new Set([
  'function_definition',
  'function_declaration',
  'generator_function_declaration',
  'function_expression',
  'function',
  'generator_function',
  'arrow_function',
  'method_definition',
  'lambda'
])

/** Parents that make what is below them run on some paths only. */
const CONDITIONAL = new Set([
  'for_statement',
  'for_in_statement',
  'while_statement',
  'do_statement',
  'except_clause',
  'catch_clause',
  'finally_clause',
  'switch_case',
  'switch_default',
  'case_clause',
  'match_statement',
  'conditional_expression',
  'ternary_expression',
  'boolean_operator',
  'class_definition',
  'class_declaration',
  'class_body'
])

/** `if __name__ == "__main__":` / `if (require.main === module)`: the entry point, always taken. */
function entryCondition(cond: Node | null): boolean {
  if (!cond) return false
  const t = cond.text.replace(/[\s()]/g, '')
  return (
    /^__name__==["']__main__["']$|^["']__main__["']==__name__$/.test(t) ||
    /^require\.main===?module$|^import\.meta\.main$/.test(t)
  )
}

/** The calls of a named function in a script (by name: `f(...)`, `mod.f(...)`). */
function callsOf(code: GuardCode, name: string): Node[] {
  const type = code.parsed.lang === 'python' ? 'call' : 'call_expression'
  return descendantsOfType(code.parsed.root, type).filter(
    (c) => dottedName(c.childForFieldName('function'))?.split('.').pop() === name
  )
}

/** The name a function is known by (`def f`, `function f`, `const f = () => …`). */
function functionName(fn: Node): string | undefined {
  const own = fn.childForFieldName('name')
  if (own && (own.type === 'identifier' || own.type === 'property_identifier')) return own.text
  const p = fn.parent
  if (p?.type === 'variable_declarator' && p.childForFieldName('value')?.id === fn.id) {
    const n = p.childForFieldName('name')
    return n?.type === 'identifier' ? n.text : undefined
  }
  return undefined
}

interface Ctx {
  project: Project
  /** The hook's scripts (the entry script first) with their read code. */
  codes: { info: ScriptInfo; code: GuardCode }[]
}

/**
 * Whether the statement holding `n` runs when no check before it matched:
 * see the module comment. `depth` bounds the walk up through callers.
 */
function onFallThrough(ctx: Ctx, code: GuardCode, n: Node, depth: number): boolean {
  let child = n
  for (let p = n.parent; p; child = p, p = p.parent) {
    if (p.type === 'module' || p.type === 'program') return true
    if (CONDITIONAL.has(p.type)) return false
    if (p.type === 'binary_expression' && /^(?:&&|\|\||\?\?)$/.test(p.childForFieldName('operator')?.text ?? ''))
      return false
    if (p.type === 'if_statement' || p.type === 'elif_clause') {
      const cond = p.childForFieldName('condition')
      if (cond?.id === child.id) return false
      if (p.childForFieldName('consequence')?.id === child.id && !entryCondition(cond)) return false
      continue
    }
    if (FUNCTIONS.has(p.type)) {
      if (depth >= MAX_CALL_DEPTH) return false
      const name = functionName(p)
      if (!name) return false
      // A method, or a function nothing here calls on the fall-through path: who calls it, and when, is not known.
      for (const c of ctx.codes) {
        for (const call of callsOf(c.code, name)) {
          // A recursive call inside the function itself says nothing about when it runs.
          if (c.code === code && call.startIndex >= p.startIndex && call.endIndex <= p.endIndex) continue
          if (onFallThrough(ctx, c.code, call, depth + 1)) return true
        }
      }
      return false
    }
  }
  return false
}

/** The positional index and name of a function parameter called `name`, or undefined. */
function parameterOf(fn: Node, name: string): { index: number; name: string } | undefined {
  const params = fn.childForFieldName('parameters')
  if (!params) return undefined
  let index = 0
  for (const p of params.namedChildren) {
    if (!p || p.type === 'comment') continue
    const id =
      p.type === 'identifier'
        ? p
        : (p.childForFieldName('name') ??
          p.childForFieldName('pattern') ??
          p.childForFieldName('left') ??
          p.namedChildren.find((c) => c?.type === 'identifier') ??
          null)
    if (p.type === 'list_splat_pattern' || p.type === 'dictionary_splat_pattern' || p.type === 'rest_pattern')
      return undefined
    if (id?.text === name) return { index, name }
    index++
  }
  return undefined
}

/** The argument a call passes for a parameter (positional or keyword). */
function argumentFor(call: Node, param: { index: number; name: string }): Node | undefined {
  const args = call.childForFieldName('arguments')
  if (!args) return undefined
  const list = args.namedChildren.filter((c): c is Node => c !== null && c.type !== 'comment')
  for (const a of list)
    if (a.type === 'keyword_argument' && a.childForFieldName('name')?.text === param.name)
      return a.childForFieldName('value') ?? undefined
  const positional = list.filter((a) => a.type !== 'keyword_argument')
  return positional[param.index]
}

function enclosingFunction(n: Node): Node | undefined {
  for (let p = n.parent; p; p = p.parent) {
    if (FUNCTIONS.has(p.type)) return p
    if (p.type === 'module' || p.type === 'program') return undefined
  }
  return undefined
}

/** The text of an object key (`"permissionDecision"`, `permissionDecision`). */
function keyOf(pair: Node): string | undefined {
  const k = pair.childForFieldName('key')
  if (!k) return undefined
  if (k.type === 'property_identifier' || k.type === 'identifier') return k.text
  return stringValue(k)
}

function answer(info: ScriptInfo, node: Node, key: string): AllowAnswer {
  return {
    path: info.path,
    span: { file: info.file, start: node.startIndex, end: node.endIndex },
    line: info.file.position(node.startIndex).line,
    text: `"${key}": "${stringValue(node) ?? node.text}"`
  }
}

/** Where a decision value is given: the code that names it (the literal) and the statement judged for its path. */
interface Site {
  info: ScriptInfo
  code: GuardCode
  /** The literal (`"allow"` in the pair, the call's argument, the assignment's value). */
  value: Node
  /** What runs when the decision is given: the pair, the helper's call, the assignment. */
  at: Node
  key: string
}

/**
 * Python / JavaScript: the first place that gives `decision` (`allow`: also the deprecated
 * `decision: "approve"`) and reaches stdout, where `where` holds: a literal under
 * `permissionDecision`; a call passing the literal to a helper that puts its parameter there
 * (in the script or a script it imports); an assignment of the literal to the local variable
 * put there.
 */
function decisionSite(ctx: Ctx, decision: 'allow' | 'deny', where: (code: GuardCode, at: Node) => boolean): Site | undefined {
  for (const { info, code } of ctx.codes) {
    for (const pair of descendantsOfType(code.parsed.root, 'pair')) {
      const key = keyOf(pair)
      if (key !== PERMISSION && key !== 'decision') continue
      const word = key === PERMISSION ? decision : decision === 'allow' ? 'approve' : 'block'
      const value = pair.childForFieldName('value')
      if (!value) continue
      const k = pair.childForFieldName('key')
      // The decision must reach stdout.
      if (!k || outputFate(code, k.startIndex) !== 'out') continue
      if (stringValue(value) === word) {
        if (where(code, pair)) return { info, code, value, at: pair, key }
        continue
      }
      if (value.type !== 'identifier') continue
      const fn = enclosingFunction(pair)
      const param = fn ? parameterOf(fn, value.text) : undefined
      if (fn && param) {
        // A helper: the decision is given wherever a call passes the literal.
        const name = functionName(fn)
        if (!name) continue
        for (const c of ctx.codes) {
          for (const call of callsOf(c.code, name)) {
            const arg = argumentFor(call, param)
            if (arg && stringValue(arg) === word && where(c.code, call)) return { info: c.info, code: c.code, value: arg, at: call, key }
          }
        }
        continue
      }
      // A local variable: the decision is given at each assignment of the literal before the pair.
      const scope = fn ?? code.parsed.root
      for (const a of descendantsOfType(scope, ['assignment', 'variable_declarator', 'assignment_expression'])) {
        const left = a.childForFieldName(a.type === 'variable_declarator' ? 'name' : 'left')
        const right = a.childForFieldName(a.type === 'variable_declarator' ? 'value' : 'right')
        if (left?.text !== value.text || !right || stringValue(right) !== word) continue
        if (a.startIndex > pair.startIndex) continue
        if (enclosingFunction(a)?.id !== fn?.id) continue
        if (where(code, a)) return { info, code, value: right, at: a, key }
      }
    }
  }
  return undefined
}

/** Python / JavaScript: the first allow answered on the fall-through path. */
function codeAllow(ctx: Ctx): AllowAnswer | undefined {
  const site = decisionSite(ctx, 'allow', (code, at) => onFallThrough(ctx, code, at, 0))
  return site && answer(site.info, site.value, site.key)
}

/** The `except`/`catch` clause a node runs in (within its function), if any. */
function handlerOf(n: Node): Node | undefined {
  for (let p = n.parent; p; p = p.parent) {
    if (p.type === 'except_clause' || p.type === 'catch_clause') return p
    if (FUNCTIONS.has(p.type) || p.type === 'module' || p.type === 'program') return undefined
  }
  return undefined
}

/** The scripts a hook runs, read as code (the entry script first), or undefined for shell or unread code. */
function codeCtx(project: Project, path: string): Ctx | undefined {
  const info = scriptInfo(project, path)
  if (!info?.code || info.lang === 'shell') return undefined
  const codes: Ctx['codes'] = []
  for (const p of reachable(project, path)) {
    const i = p === path ? info : scriptInfo(project, p)
    if (i?.code && i.lang === info.lang) codes.push({ info: i, code: i.code })
  }
  return { project, codes }
}

/** A guard whose error handler answers allow: where, and the handler's header. */
export interface ErrorAllow {
  answer: AllowAnswer
  /** The `except …` / `catch` header, in the answer's file. */
  handler: Span
  head: string
}

/**
 * A Python / JavaScript PreToolUse guard that denies somewhere and answers allow from an
 * `except` / `catch` handler: any error in its check skips the permission prompt (worse than
 * no decision, which leaves the prompt). Undefined when it does not, or this reading cannot tell.
 */
export function errorHandlerAllow(project: Project, path: string): ErrorAllow | undefined {
  const ctx = codeCtx(project, path)
  if (!ctx || !decisionSite(ctx, 'deny', () => true)) return undefined
  const site = decisionSite(ctx, 'allow', (_code, at) => handlerOf(at) !== undefined)
  const clause = site && handlerOf(site.at)
  if (!site || !clause) return undefined
  // The header: `except Exception as e` (up to the colon), `catch (e)` (up to the body).
  // Python: the header ends at its `:` (a comment may stand between it and the body).
  const colon = clause.children.find((c) => c?.type === ':')
  const body = clause.childForFieldName('body') ?? clause.namedChildren.find((c) => c?.type === 'block') ?? null
  let headEnd = colon ? colon.startIndex : body ? body.startIndex : clause.endIndex
  const text = site.info.file.text
  while (headEnd > clause.startIndex && /[\s:{]/.test(text[headEnd - 1])) headEnd--
  return {
    answer: answer(site.info, site.value, site.key),
    handler: { file: site.info.file, start: clause.startIndex, end: headEnd },
    head: text.slice(clause.startIndex, headEnd).replace(/\s+/g, ' ')
  }
}

/** Whether a command's standard output goes to stderr or a file. */
function stdoutElsewhere(c: ShellCommand): boolean {
  return c.redirects.some((r) => (r.fd === undefined || r.fd === '1') && /^(?:>|>>|>\||>&|&>|&>>)$/.test(r.op))
}

/** Shell: an allow printed unconditionally at the top level. */
function shellAllow(info: ScriptInfo): AllowAnswer | undefined {
  const sh = info.shell
  if (!sh?.ok) return undefined
  // `exec >&2` / `exec >log` moves later output elsewhere.
  if (sh.commands.some((c) => c.name === 'exec' && c.redirects.length > 0)) return undefined
  for (const c of sh.commands) {
    if (c.name !== 'echo' && c.name !== 'printf' && c.name !== 'cat') continue
    if (c.conditional || c.inFunction !== undefined || c.inSubstitution || c.pipeNext || c.pipedFrom || c.background)
      continue
    if (c.tested || c.negated || stdoutElsewhere(c)) continue
    const texts = [
      ...(c.name === 'cat' ? [] : c.args.slice(1)),
      ...c.redirects.flatMap((r) => (r.heredoc ? [r.heredoc] : r.op === '<<<' && r.target ? [r.target] : []))
    ]
    for (const w of texts) {
      SHELL_ALLOW.lastIndex = 0
      const m = SHELL_ALLOW.exec(w.raw)
      if (!m) continue
      const [, key, value] = m
      if ((key === PERMISSION) !== (value === 'allow')) continue
      const start = w.start + m.index + m[0].lastIndexOf(value)
      return {
        path: info.path,
        span: { file: info.file, start, end: start + value.length },
        line: info.file.position(start).line,
        text: `"${key}": "${value}"`
      }
    }
  }
  return undefined
}

/**
 * Where the hook script at `path` answers allow for every call it does not
 * match, or undefined when it does not (or this reading cannot tell).
 */
export function fallThroughAllow(project: Project, path: string): AllowAnswer | undefined {
  const info = scriptInfo(project, path)
  if (!info) return undefined
  if (info.lang === 'shell') return shellAllow(info)
  const ctx = codeCtx(project, path)
  return ctx && codeAllow(ctx)
}

/** An inline hook command (shell form) read the same way. */
export function inlineAllow(info: ScriptInfo): AllowAnswer | undefined {
  return info.lang === 'shell' ? shellAllow(info) : undefined
}

/** Shells whose `-c` operand is a script: a hook command often wraps its fallback in one. */
const SHELLS: ReadonlySet<string> = new Set(['bash', 'sh', 'zsh', 'dash', 'ksh'])

/** Where a hook command answers allow itself, on a path where its guard script does not run. */
export interface FallbackAllow {
  /** Offsets of the `allow` / `approve` value in the hook's analysed command text. */
  start: number
  end: number
  /** The decision as it reads: `"decision": "approve"`. */
  text: string
  /** When the fallback runs, as a phrase: ``when `test -f …` fails``. */
  when: string
  /** The guard script the other path runs. */
  script: string
}

/** An allow JSON printed to stdout by an `echo` / `printf` in a range of a shell script: its value's offsets. */
function allowPrinted(sh: ShellScript, r: { start: number; end: number }): { start: number; end: number; text: string } | undefined {
  for (const c of sh.commands) {
    if (c.start < r.start || c.end > r.end || c.inSubstitution || (c.name !== 'echo' && c.name !== 'printf')) continue
    if (stdoutElsewhere(c)) continue
    for (const w of c.args.slice(1)) {
      SHELL_ALLOW.lastIndex = 0
      const m = SHELL_ALLOW.exec(w.raw)
      if (!m) continue
      const [, key, value] = m
      if ((key === PERMISSION) !== (value === 'allow')) continue
      const start = w.start + m.index + m[0].lastIndexOf(value)
      return { start, end: start + value.length, text: `"${key}": "${value}"` }
    }
  }
  return undefined
}

/**
 * A hook command that runs a guard script on one path and prints an allow decision itself on
 * another: `if test -f guard.py; then python3 guard.py; else echo '{"decision":"approve"}'; fi`
 * (allow when the script is missing), or `python3 guard.py || echo '{"decision":"approve"}'`
 * (allow whenever the guard exits non-zero, its exit-2 block included). Read from the command's
 * shell tree, and from the script of a `bash -c '…'` it wraps. Undefined when it does neither.
 */
export function fallbackAllow(use: HookUse): FallbackAllow | undefined {
  const a = use.analysis
  if (!a || use.scripts.length === 0) return undefined
  const scripts: { sh: ShellScript; shift: number }[] = [{ sh: a.script, shift: 0 }]
  for (const c of a.script.commands) {
    if (!SHELLS.has(c.name) || c.inSubstitution) continue
    const k = c.args.findIndex((w, i) => i > 0 && w.text === '-c')
    const inner = k > 0 ? c.args[k + 1] : undefined
    if (!inner) continue
    // Offsets map one to one only for a single-quoted or plain operand.
    const quoted = inner.raw.length === inner.text.length + 2 && inner.raw.slice(1, -1) === inner.text
    if (!quoted && inner.raw !== inner.text) continue
    scripts.push({ sh: parseShell(inner.text), shift: inner.start + (quoted ? 1 : 0) })
  }
  const within = (x: number, r: { start: number; end: number }): boolean => x >= r.start && x < r.end
  for (const { sh, shift } of scripts) {
    if (!sh.ok) continue
    for (const s of use.scripts) {
      const at = s.start - shift
      const text = (r: { start: number; end: number }): string => a.source.slice(r.start + shift, r.end + shift).replace(/\s+/g, ' ')
      const found = (p: { start: number; end: number; text: string } | undefined, when: string): FallbackAllow | undefined =>
        p && { start: p.start + shift, end: p.end + shift, text: p.text, when, script: s.path }
      for (const f of sh.ifs) {
        if (within(at, f.then) && f.else) {
          const hit = found(allowPrinted(sh, f.else), `when \`${text(f.cond)}\` fails`)
          if (hit) return hit
        }
        if (f.else && within(at, f.else)) {
          const hit = found(allowPrinted(sh, f.then), `when \`${text(f.cond)}\` holds`)
          if (hit) return hit
        }
      }
      for (const o of sh.andOrs ?? []) {
        if (o.op !== '||' || !within(at, o.left)) continue
        const hit = found(allowPrinted(sh, o.right), 'whenever the guard exits non-zero (its exit-2 block included) or cannot start')
        if (hit) return hit
      }
    }
  }
  return undefined
}
