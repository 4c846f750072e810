/**
 * What both readings of a script share (./tree-sitter-bash.ts, the parser we
 * use, and ./mvdan-sh.ts, its fallback): the failed and the finished model,
 * the context of the tree walk, word unquoting, the command wrappers
 * (`sudo`, `env`, `timeout` …) and `set -e`. Pure functions of text and
 * words; nothing here knows a parser's tree.
 */
import type { ShellAndOr, ShellCommand, ShellExit, ShellForLoop, ShellFunction, ShellIf, ShellRedirect, ShellScript, ShellTest, ShellTrap, ShellWord, ShellAssignment, ShellParam } from './parse.js'

/** 1-based line and column (UTF-16 code units) of an offset in `source`. */
export function offsetToLineCol(source: string, offset: number): { line: number; column: number } {
  const at = Math.max(0, Math.min(offset, source.length))
  let line = 1
  let lineStart = 0
  for (let i = source.indexOf('\n'); i !== -1 && i < at; i = source.indexOf('\n', i + 1)) {
    line++
    lineStart = i + 1
  }
  return { line, column: at - lineStart + 1 }
}


/** Why a parse failed because the script nests too deeply for the walk (a failure of this run, not of the script). */
export const TOO_DEEP = 'script nested too deeply to parse'

/** The shebang line of a script, without its line end. */
export function shebangOf(text: string): string | undefined {
  return text.startsWith('#!') ? text.slice(0, lineEnd(text, 0)).replace(/\r$/, '') : undefined
}

/** The model of a script that could not be read: `message` at `offset`. */
export function failedScript(text: string, message: string, offset: number): ShellScript {
  const shebang = shebangOf(text)
  return {
    ok: false,
    error: { message, offset, ...offsetToLineCol(text, offset) },
    commands: [],
    pipelines: [],
    hasSetErrexit: false,
    traps: [],
    exitCodes: [],
    ifs: [],
    tests: [],
    params: [],
    heredocParams: [],
    ...(shebang !== undefined ? { shebang } : {})
  }
}

/** What a tree walk collected (each reading has its own walk). */
export interface Walked {
  commands: ShellCommand[]
  pipelines: ShellCommand[][]
  traps: ShellTrap[]
  exits: ShellExit[]
  ifs: ShellIf[]
  tests: ShellTest[]
  loops: ShellForLoop[]
  andOrs: ShellAndOr[]
  functions: ShellFunction[]
  errexit: boolean
}

/** The model of a script read in full, its lists in source order. */
export function finishedScript(text: string, b: Walked, params: ShellParam[], heredocParams: ShellParam[]): ShellScript {
  const shebang = shebangOf(text)
  const commands = b.commands.sort((x, y) => x.start - y.start)
  const pipelines = b.pipelines.sort((x, y) => x[0].start - y[0].start)
  return {
    ok: true,
    commands,
    pipelines,
    hasSetErrexit: b.errexit || (shebang !== undefined && shebangErrexit(shebang)),
    traps: b.traps.sort((x, y) => x.start - y.start),
    exitCodes: b.exits.sort((x, y) => x.start - y.start),
    ifs: b.ifs.sort((x, y) => x.start - y.start),
    tests: b.tests.sort((x, y) => x.start - y.start),
    ...(b.loops.length ? { forLoops: b.loops.sort((x, y) => x.start - y.start) } : {}),
    ...(b.andOrs.length ? { andOrs: b.andOrs.sort((x, y) => x.start - y.start || y.end - x.end) } : {}),
    ...(b.functions.length ? { functions: b.functions.sort((x, y) => x.start - y.start) } : {}),
    params: params.sort((x, y) => x.start - y.start),
    heredocParams: heredocParams.sort((x, y) => x.start - y.start),
    ...(shebang !== undefined ? { shebang } : {})
  }
}

export function lineEnd(s: string, from: number): number {
  const i = s.indexOf('\n', from)
  return i === -1 ? s.length : i
}

export function shebangErrexit(line: string): boolean {
  // `#!/bin/bash -e`, `#!/usr/bin/env -S bash -eu`: an option cluster with `e`.
  return line
    .slice(2)
    .trim()
    .split(/\s+/)
    .slice(1)
    .some((w) => /^-[a-zA-Z]+$/.test(w) && w.includes('e'))
}


// ---------------------------------------------------------------------------
// Tree walk

export interface Ctx {
  inSubst: boolean
  /** Same shell process as the script's top level (not a function, subshell or pipeline stage). */
  topLevel: boolean
  fn?: string
  /** Failures are tested here (see ShellCommand.tested). */
  tested?: boolean
  /** Runs on some paths only (see ShellCommand.conditional). */
  branch?: boolean
  /** Runs on some paths of the innermost function's body only (see ShellCommand.everyCall). */
  fnBranch?: boolean
  /** Redirects of enclosing compound commands (see ShellCommand.outerRedirects). */
  outer?: ShellRedirect[]
}

export const TOP: Ctx = { inSubst: false, topLevel: true }

/**
 * Whether shell text may write a variable: it names it other than in a `$name` / `${name…}` /
 * `${#name}` / `${!name}` read (`name=`, `read name`, `((name++))`, `for name in`), or assigns it
 * in `${name:=…}` / `${name=…}`.
 */
export function mayWrite(text: string, name: string): boolean {
  for (let i = text.indexOf(name); i >= 0; i = text.indexOf(name, i + 1)) {
    const before = text[i - 1]
    const after = text[i + name.length]
    if (after !== undefined && /\w/.test(after)) continue
    if (before === undefined || !/[\w${#!]/.test(before)) return true
    if (before === '{' && text[i - 2] === '$' && (after === '=' || (after === ':' && text[i + name.length + 1] === '='))) return true
  }
  return false
}

export interface WordAcc {
  text: string
  literal: boolean
  cs: boolean
  pe: boolean
  ps: boolean
  unquoted: boolean
  quoted: boolean
}

// Unquoting of single word parts the parser has already delimited.
export function unescapeBare(raw: string): string {
  return raw.includes('\\') ? raw.replace(/\\([\s\S])/g, (_, c: string) => (c === '\n' ? '' : c)) : raw
}

export function unescapeDq(raw: string): string {
  return raw.includes('\\') ? raw.replace(/\\([$`"\\\n])/g, (_, c: string) => (c === '\n' ? '' : c)) : raw
}

const ANSI_C: Record<string, string> = {
  a: '\x07',
  b: '\b',
  e: '\x1b',
  E: '\x1b',
  f: '\f',
  n: '\n',
  r: '\r',
  t: '\t',
  v: '\v',
  '\\': '\\',
  "'": "'",
  '"': '"',
  '?': '?'
}

/** Decodes the body of `$'...'` as bash does. */
export function decodeAnsiC(body: string): string {
  if (!body.includes('\\')) return body
  return body.replace(
    /\\(?:([abeEfnrtv\\'"?])|x([0-9a-fA-F]{1,2})|u([0-9a-fA-F]{1,4})|U([0-9a-fA-F]{1,8})|([0-7]{1,3})|c([\s\S])|([\s\S]))/g,
    (m, simple?: string, hex?: string, u4?: string, u8?: string, oct?: string, ctl?: string) => {
      if (simple) return ANSI_C[simple]
      if (hex) return String.fromCharCode(parseInt(hex, 16))
      const cp = u4 ?? u8
      if (cp) {
        const n = parseInt(cp, 16)
        return n <= 0x10ffff ? String.fromCodePoint(n) : m
      }
      if (oct) return String.fromCharCode(parseInt(oct, 8) & 0xff)
      if (ctl) return String.fromCharCode(ctl.charCodeAt(0) & 0x1f)
      return m
    }
  )
}

// ---------------------------------------------------------------------------
// Wrappers: `sudo -u x env A=1 timeout 5 cmd` runs `cmd`.

interface OptionSpec {
  /** Short options that take an argument. */
  withArg?: string
  /** Long options that take an argument (when not written `--opt=value`). */
  longWithArg?: string[]
  /** Short options after which the next word is not a command (returns -1). */
  stop?: string
  longStop?: string[]
}

/** Skips the options at words[i...]; the index of the first operand, or -1 when unsure. */
function skipOptions(words: ShellWord[], i: number, spec: OptionSpec): number {
  while (i < words.length) {
    const w = words[i]
    if (!w.literal) return i // `nohup "$CMD"`: most likely the command itself
    const t = w.text
    if (t === '--') return i + 1
    if (!t.startsWith('-') || t === '-') return i
    if (t.startsWith('--')) {
      const name = t.split('=')[0]
      if (spec.longStop?.includes(name)) return -1
      i += !t.includes('=') && spec.longWithArg?.includes(name) ? 2 : 1
      continue
    }
    let next = i + 1
    for (let j = 1; j < t.length; j++) {
      if (spec.stop?.includes(t[j])) return -1
      if (spec.withArg?.includes(t[j])) {
        if (j === t.length - 1) next = i + 2
        break
      }
    }
    i = next
  }
  return i
}

const ENV_ASSIGN = /^[A-Za-z_][A-Za-z0-9_]*=/

function skipEnvAssigns(words: ShellWord[], i: number, out: ShellWord[]): number {
  while (i < words.length && ENV_ASSIGN.test(words[i].text) && (words[i].literal || ENV_ASSIGN.test(words[i].raw))) {
    out.push(words[i])
    i++
  }
  return i
}

type WrapperFn = (words: ShellWord[], i: number, env: ShellWord[]) => number

const WRAPPERS: Record<string, WrapperFn> = {
  timeout: (w, i) => {
    const j = skipOptions(w, i, { withArg: 'sk', longWithArg: ['--signal', '--kill-after'] })
    return j < 0 || j >= w.length || !w[j].literal ? -1 : j + 1 // DURATION
  },
  time: (w, i) => skipOptions(w, i, { withArg: 'fo', longWithArg: ['--format', '--output'] }),
  nice: (w, i) => skipOptions(w, i, { withArg: 'n', longWithArg: ['--adjustment'] }),
  nohup: (w, i) => skipOptions(w, i, {}),
  command: (w, i) => skipOptions(w, i, { stop: 'vV' }),
  builtin: (_w, i) => i,
  exec: (w, i) => skipOptions(w, i, { withArg: 'a' }),
  env: (w, i, env) => {
    const j = skipOptions(w, i, {
      withArg: 'uC',
      stop: 'S',
      longWithArg: ['--unset', '--chdir'],
      longStop: ['--split-string']
    })
    return j < 0 ? -1 : skipEnvAssigns(w, j, env)
  },
  sudo: (w, i, env) => {
    const j = skipOptions(w, i, {
      withArg: 'CDghpRrTtUu',
      stop: 'elLvVK',
      longWithArg: ['--chdir', '--close-from', '--group', '--host', '--prompt', '--chroot', '--role', '--type', '--command-timeout', '--other-user', '--user'],
      longStop: ['--edit', '--list', '--validate', '--version', '--remove-timestamp', '--help']
    })
    return j < 0 ? -1 : skipEnvAssigns(w, j, env)
  }
}

function basename(s: string): string {
  return s.slice(s.lastIndexOf('/') + 1)
}

export function stripWrappers(words: ShellWord[]): { index: number; wrappers: string[]; envAssigns: ShellWord[] } {
  const wrappers: string[] = []
  const envAssigns: ShellWord[] = []
  let i = 0
  while (i < words.length && words[i].literal) {
    const base = basename(words[i].text)
    const fn = Object.hasOwn(WRAPPERS, base) ? WRAPPERS[base] : undefined
    if (!fn) break
    const env: ShellWord[] = []
    const j = fn(words, i + 1, env)
    if (j < 0 || j >= words.length) break // `exec >&2`, `command -v x`, `env` alone: the wrapper is the command
    wrappers.push(base)
    envAssigns.push(...env)
    i = j
  }
  return { index: i, wrappers, envAssigns }
}

export function envAssignment(w: ShellWord): ShellAssignment {
  const eqText = w.text.indexOf('=')
  const eqRaw = w.raw.indexOf('=')
  const rawValueStart = eqRaw >= 0 && w.raw.slice(0, eqRaw) === w.text.slice(0, eqText) ? eqRaw + 1 : 0
  return {
    name: w.text.slice(0, eqText),
    value: {
      ...w,
      text: w.text.slice(eqText + 1),
      raw: w.raw.slice(rawValueStart),
      start: w.start + rawValueStart
    },
    start: w.start,
    end: w.end
  }
}

export function setsErrexit(args: ShellWord[]): boolean {
  for (let i = 0; i < args.length; i++) {
    const w = args[i]
    if (!w.literal) return false
    const t = w.text
    if (t === '--' || t === '-' || !/^[-+][a-zA-Z]+$/.test(t)) return false
    if (t[0] === '-' && t.includes('e')) return true
    if (t.includes('o')) {
      if (t[0] === '-' && args[i + 1]?.text === 'errexit') return true
      i++
    }
  }
  return false
}

/**
 * What `set -e`, `trap` and `exit` add to a script's model (both readings of a script build the
 * same model): the traps and exits are pushed to the lists given; `varExits` maps an `exit $rc`
 * word's offset to the status the script last stored in `rc`. Returns whether the command turns
 * `errexit` on at the top level.
 */
export function recordBuiltin(c: ShellCommand, ctx: Ctx, traps: ShellTrap[], exits: ShellExit[], varExits: ReadonlyMap<number, number>): boolean {
  const rest = c.args.slice(1)
  if (c.name === 'trap') {
    let a = rest
    if (a[0]?.literal && a[0].text === '--') a = a.slice(1)
    if (a.length > 0 && !(a[0].literal && /^-[lp]+$/.test(a[0].text))) {
      const action = a.length === 1 ? undefined : a[0]
      for (const sig of a.length === 1 ? a : a.slice(1)) {
        let s = sig.text.toUpperCase()
        if (s.startsWith('SIG')) s = s.slice(3)
        if (s === '0') s = 'EXIT'
        traps.push({
          signal: s,
          action: action ? action.text : null,
          ...(action ? { actionWord: action } : {}),
          start: c.start,
          end: c.end
        })
      }
    }
  }
  if (c.name === 'exit') {
    const w = rest[0]
    let code: number | null = null
    if (w?.literal && /^[+-]?\d{1,30}$/.test(w.text)) code = Number(((BigInt(w.text) % 256n) + 256n) % 256n)
    else if (w && rest.length === 1) code = varExits.get(c.args[0].start) ?? null
    exits.push({ code, start: c.start, end: c.end })
  }
  return c.name === 'set' && ctx.topLevel && setsErrexit(rest)
}

/** What sits between `${` and the name: `#` (a length) or `!` (an indirection). */
export interface ParamMods {
  length: boolean
  indirect: boolean
}

const PLAIN: ParamMods = { length: false, indirect: false }

/**
 * A parameter expansion as {@link ShellScript.params} keeps it, from what either tree gives:
 * the name as written and its offsets, whether it is the short form (`$X`, not `${X}`), and
 * the `#` / `!` before the name.
 * Special parameters (`$@`, `$?`, `$0`, `$_` …) give undefined; `$10` is `$1` then `0`.
 */
export function paramOf(name: string, start: number, nameStart: number, end: number, short: boolean, mods: ParamMods = PLAIN): ShellParam | undefined {
  const { length, indirect } = mods
  if (/^[A-Za-z_]\w*$/.test(name)) return name === '_' ? undefined : { name, start, nameEnd: nameStart + name.length, end, length, indirect }
  // `$2sh` (a name to tree-sitter-bash) is `$2` then `sh`.
  if (short) return /^[1-9]/.test(name) ? { name: name[0], start, nameEnd: nameStart + 1, end: nameStart + 1, length, indirect } : undefined
  return /^[1-9]\d*$/.test(name) ? { name, start, nameEnd: nameStart + name.length, end, length, indirect } : undefined
}
