/**
 * Where a hook script's payload goes (hook-command-injection).
 *
 * Shell: variables assigned from stdin (`$(cat)`, `read`, `jq` on stdin) or
 * from other tainted variables, followed into sinks — `eval`, `sh -c`,
 * `python -c`, a tainted command name, a pipe into a shell, unquoted
 * expansions, and network commands. Python and JavaScript/TypeScript: read
 * as syntax trees; the payload is followed by scope through assignments,
 * loops, parameters and return values (./payload-flow.ts) into shell sinks
 * and network calls, named by what they resolve to (`subprocess.run`,
 * `child_process.execSync`, an Anthropic client's `messages.create`) —
 * including calls to functions (local, imported, or scripts run by literal
 * path) that reach an external host.
 */
import { posix } from 'node:path'
import type { Project } from '../model/project.js'
import { parseShell, type ShellCommand, type ShellIf, type ShellRedirect, type ShellScript, type ShellWord } from '../shell/parse.js'
import { codeLanguageOf, descendantsOfType, parseCode, type Node, type ParsedCode } from '../parse/code.js'
import { literalText, payloadFlow, type PayloadFlow } from './payload-flow.js'
import { gatesAt, gatesHold, scriptInfo, type Loc, type ScriptInfo } from './hook-guards.js'

// ---------------------------------------------------------------------------
// Shell

const SHELLS = new Set(['sh', 'bash', 'zsh', 'dash', 'ksh'])
const INTERPS = /^(?:python[\d.]*|node|perl|ruby|php)$/

/**
 * The options after which an interpreter reads code from the next word: `-c`
 * for shells and Python; `-e`/`--eval` (and `-p`/`--print`) for Node, `-e` for
 * Perl and Ruby, `-r` for PHP. Elsewhere `-c` only checks syntax (`node -c`,
 * `perl -c`, `ruby -c`) or names a configuration file (`php -c`).
 */
function codeOption(name: string, option: string): boolean {
  if (SHELLS.has(name) || /^python[\d.]*$/.test(name)) return option === '-c'
  if (name === 'node') return option === '-e' || option === '--eval' || option === '-p' || option === '--print'
  if (name === 'perl' || name === 'ruby') return option === '-e' || option === '-E'
  if (name === 'php') return option === '-r'
  return false
}
const NET_CMDS = new Set(['curl', 'wget', 'http', 'https', 'nc', 'ncat', 'xh'])
const SAFE_UNQUOTED = new Set([
  'echo',
  'printf',
  'test',
  '[',
  'local',
  'export',
  'declare',
  'readonly',
  'typeset',
  'true',
  ':'
])

/** A variable reference in a word's raw text. */
function refs(raw: string, names: Set<string>): string | undefined {
  const re = /\$\{?([A-Za-z_]\w*)/g
  for (let m = re.exec(raw); m; m = re.exec(raw)) if (names.has(m[1])) return m[1]
  return undefined
}

/** Commands nested in `[start, end)` (command substitutions of a word). */
function inside(sh: ShellScript, start: number, end: number): ShellCommand[] {
  return sh.commands.filter((c) => c.start >= start && c.end <= end && c.inSubstitution)
}

function cmdReadsStdin(c: ShellCommand): boolean {
  if (c.pipedFrom || c.redirects.some((r) => r.op === '<' || r.op === '<<<' || r.op === '<<')) return false
  if (c.name === 'cat') return c.args.slice(1).every((w) => w.text.startsWith('-'))
  if (c.name === 'jq') return c.args.slice(1).filter((w) => !w.text.startsWith('-')).length <= 1
  return false
}

/**
 * Payload fields Claude Code fills in itself (the session's ids, paths and
 * working directory, the event, the mode, enums such as `source` and
 * `trigger`): no prompt, file or tool output chooses them.
 */
const HARNESS_FIELDS: ReadonlySet<string> = new Set([
  'session_id',
  'transcript_path',
  'agent_transcript_path',
  'cwd',
  'hook_event_name',
  'permission_mode',
  'source',
  'trigger',
  'agent_id',
  'agent_type',
  'stop_hook_active'
])

/**
 * Whether an assignment's value extracts only fields Claude Code fills in:
 * `$(jq -r .cwd)`, `$(printf %s "$INPUT" | python3 -c "…d.get('cwd', '')…")`.
 * A value that names no field (the whole payload) or any other field is payload data.
 */
function harnessFieldsOnly(raw: string): boolean {
  const fields: string[] = []
  for (const m of raw.matchAll(/\bget\(\s*["'](\w+)["']|\[\s*["'](\w+)["']\s*\]/g)) fields.push(m[1] ?? m[2])
  // Every path after `jq` counts (a filter may hold parentheses and pipes of its own): more fields only taint more.
  const jq = /\bjq\b/.exec(raw)
  if (jq) {
    for (const f of raw.slice(jq.index + 2).matchAll(/(?:^|[\s'"(,])\.([A-Za-z_]\w*)((?:\.[A-Za-z_]\w*)*)/g)) fields.push(f[2] ? `${f[1]}.` : f[1])
  }
  return fields.length > 0 && fields.every((f) => HARNESS_FIELDS.has(f))
}

/** Names of shell variables that carry payload data. */
export function shellTainted(sh: ShellScript): Set<string> {
  const t = new Set<string>()
  for (let pass = 0; pass < 4; pass++) {
    const before = t.size
    for (const c of sh.commands) {
      const assigns: { name: string; value: ShellWord }[] = c.assignments.map((a) => ({ name: a.name, value: a.value }))
      if (['export', 'local', 'declare', 'readonly', 'typeset'].includes(c.name)) {
        for (const w of c.args.slice(1)) {
          const m = /^([A-Za-z_]\w*)=/.exec(w.text)
          if (m) assigns.push({ name: m[1], value: w })
        }
      }
      for (const a of assigns) {
        const nested = inside(sh, a.value.start, a.value.end)
        const dirty =
          refs(a.value.raw, t) !== undefined ||
          a.value.raw.includes('/dev/stdin') ||
          nested.some(
            (n) =>
              cmdReadsStdin(n) ||
              n.words.some((w) => refs(w.raw, t) !== undefined) ||
              n.redirects.some((r) => r.target && refs(r.target.raw, t) !== undefined)
          )
        if (dirty && !harnessFieldsOnly(a.value.raw)) t.add(a.name)
      }
      if ((c.name === 'read' || c.name === 'mapfile' || c.name === 'readarray') && !c.inSubstitution) {
        // `while read -r f; do …; done < <(git diff --name-only)`: the loop's input is the read's.
        const outer = loopInput(c)
        const from = c.redirects.find((r) => r.op === '<<<') ?? outer
        const stdin = !c.pipedFrom && !c.redirects.some((r) => r.op === '<' || r.op === '<<')
        const piped = c.pipedFrom && pipelineRefs(c, t)
        if (stdin && (!from || refs(from.target?.raw ?? '', t) !== undefined || from === undefined)) {
          for (const w of c.args.slice(1)) if (/^[A-Za-z_]\w*$/.test(w.text)) t.add(w.text)
        } else if (piped) for (const w of c.args.slice(1)) if (/^[A-Za-z_]\w*$/.test(w.text)) t.add(w.text)
      }
    }
    if (t.size === before) break
  }
  return t
}

/** Input redirects: `<`, `<<`, `<<-`, `<<<` (on stdin). */
function inputRedirect(r: ShellRedirect): boolean {
  return (r.fd === undefined || r.fd === '0') && (r.op === '<' || r.op === '<<' || r.op === '<<-' || r.op === '<<<')
}

/**
 * The input redirect of the compound command around a command that has none of its own
 * (`done < <(git diff --name-only)`, `done <<< "$input"`), innermost first; as `<<<` does,
 * its text is what the command reads. The hook's stdin (`< /dev/stdin`) counts as no redirect.
 */
function loopInput(c: ShellCommand): { op: string; target?: ShellWord } | undefined {
  if (c.redirects.some(inputRedirect)) return undefined
  const r = [...(c.outerRedirects ?? [])].reverse().find(inputRedirect)
  if (!r || r.target?.text === '/dev/stdin') return undefined
  return { op: '<<<', target: r.heredoc ?? r.target }
}

/**
 * Commands that print repository file names: `git diff --name-only`, `git ls-files`,
 * `git status`, `find`, `ls`, `fd`. Claude writes files, so a name may hold quotes and code.
 */
function listsFiles(c: ShellCommand): boolean {
  if (c.name === 'git') {
    const sub = c.args.slice(1).find((w) => !w.text.startsWith('-'))?.text
    if (sub === 'ls-files' || sub === 'ls-tree' || sub === 'status') return true
    return (
      (sub === 'diff' || sub === 'diff-tree' || sub === 'show' || sub === 'log') &&
      c.args.some((w) => /^--name-(?:only|status)$/.test(w.text))
    )
  }
  return c.name === 'find' || c.name === 'ls' || c.name === 'fd' || c.name === 'fdfind'
}

/**
 * Variables that hold file names printed by a listing command ({@link listsFiles}), each with
 * that command as written: read from it (`read` in a loop fed by it, or at the end of a pipe
 * from it), assigned its output (`files=$(git diff --name-only)`), or copied from such a variable.
 */
export function shellFileNames(sh: ShellScript, source: string): Map<string, string> {
  const out = new Map<string, string>()
  const listing = (start: number, end: number): ShellCommand | undefined =>
    sh.commands.find((n) => n.start >= start && n.end <= end && n.inSubstitution && listsFiles(n))
  const show = (c: ShellCommand): string => source.slice(c.start, c.end).replace(/\s+/g, ' ').slice(0, 60)
  for (let pass = 0; pass < 4; pass++) {
    const before = out.size
    for (const c of sh.commands) {
      for (const a of c.assignments) {
        if (out.has(a.name)) continue
        const l = listing(a.value.start, a.value.end)
        const copied = refs(a.value.raw, new Set(out.keys()))
        if (l) out.set(a.name, show(l))
        else if (copied) out.set(a.name, out.get(copied) as string)
      }
      if ((c.name === 'read' || c.name === 'mapfile' || c.name === 'readarray') && !c.inSubstitution) {
        let from: ShellCommand | undefined
        for (let p = c.pipedFrom; p && !from; p = p.pipedFrom) if (listsFiles(p)) from = p
        const input = loopInput(c)?.target
        if (!from && input) from = listing(input.start, input.end)
        if (!from) continue
        for (const w of c.args.slice(1)) if (/^[A-Za-z_]\w*$/.test(w.text) && !out.has(w.text)) out.set(w.text, show(from))
      }
    }
    if (out.size === before) break
  }
  return out
}

function pipelineRefs(c: ShellCommand, t: Set<string>): boolean {
  for (let p = c.pipedFrom; p; p = p.pipedFrom) {
    if (p.words.some((w) => refs(w.raw, t) !== undefined) || cmdReadsStdin(p)) return true
    if (
      p.redirects.some(
        (r) => (r.target && refs(r.target.raw, t) !== undefined) || (r.heredoc && refs(r.heredoc.raw, t) !== undefined)
      )
    )
      return true
  }
  return false
}

export interface ShellSink extends Loc {
  kind: 'eval' | 'shellC' | 'interpC' | 'cmdName' | 'pipeShell' | 'unquoted' | 'network'
  /** The command as written (shortened). */
  text: string
  variable: string
  /**
   * Set when the variable holds file names rather than payload data: the listing command
   * they come from (`git diff --cached --name-only -z`), see {@link shellFileNames}.
   */
  fileNamesFrom?: string
}

/**
 * Payload-carrying variables that reach a dangerous place; for code sinks (`eval`, `sh -c`,
 * `python -c`, a command name) also variables holding repository file names, marked with the
 * command that listed them (a name Claude chose can hold quotes and code).
 */
export function shellSinks(sh: ShellScript, source: string): ShellSink[] {
  const t = shellTainted(sh)
  const out: ShellSink[] = []
  const names = t.size > 0 || /\b(?:git|find|ls|fd|fdfind)\b/.test(source) ? shellFileNames(sh, source) : new Map<string, string>()
  for (const v of t) names.delete(v)
  if (t.size === 0 && names.size === 0) return out
  const listed = new Set(names.keys())
  /** The payload variable a word uses, else a file-name variable. */
  const codeRef = (raw: string): string | undefined => refs(raw, t) ?? refs(raw, listed)
  const origin = (v: string): { fileNamesFrom?: string } => {
    const from = names.get(v)
    return from === undefined ? {} : { fileNamesFrom: from }
  }
  const show = (c: ShellCommand): string => source.slice(c.start, c.end).replace(/\s+/g, ' ').slice(0, 80)
  for (const c of sh.commands) {
    if (c.args.length === 0) continue
    const first = c.args[0]
    const rest = c.args.slice(1)
    const v0 = codeRef(first.raw)
    if (v0 && !first.literal) {
      out.push({ kind: 'cmdName', start: first.start, end: first.end, text: show(c), variable: v0, ...origin(v0) })
      continue
    }
    if (c.name === 'eval') {
      const w = rest.find((x) => codeRef(x.raw))
      const v = w && (codeRef(w.raw) as string)
      if (v) out.push({ kind: 'eval', start: c.start, end: c.end, text: show(c), variable: v, ...origin(v) })
      continue
    }
    const ci = rest.findIndex((w) => codeOption(c.name, w.text))
    if (ci >= 0 && rest[ci + 1]) {
      const w = rest[ci + 1]
      const v = codeRef(w.raw)
      if (v && (SHELLS.has(c.name) || INTERPS.test(c.name))) {
        out.push({
          kind: SHELLS.has(c.name) ? 'shellC' : 'interpC',
          start: w.start,
          end: w.end,
          text: show(c),
          variable: v,
          ...origin(v)
        })
        continue
      }
    }
    if (t.size === 0) continue
    if (SHELLS.has(c.name) && c.pipedFrom && rest.every((w) => w.text.startsWith('-')) && pipelineRefs(c, t)) {
      out.push({ kind: 'pipeShell', start: c.start, end: c.end, text: show(c), variable: [...t][0] })
      continue
    }
    if (NET_CMDS.has(c.name)) {
      const w = rest.find((x) => refs(x.raw, t))
      if (
        (w ||
          (c.pipedFrom && pipelineRefs(c, t)) ||
          c.redirects.some((r) => r.op === '<<<' && refs(r.target?.raw ?? '', t))) &&
        hasExternalUrl(c)
      ) {
        out.push({
          kind: 'network',
          start: c.start,
          end: c.end,
          text: show(c),
          variable: w ? (refs(w.raw, t) as string) : [...t][0]
        })
        continue
      }
    }
    if (!SAFE_UNQUOTED.has(c.name)) {
      const w = rest.find((x) => x.hasUnquotedExpansion && unquotedRef(x.raw, t))
      if (w)
        out.push({
          kind: 'unquoted',
          start: w.start,
          end: w.end,
          text: show(c),
          variable: unquotedRef(w.raw, t) as string
        })
    }
  }
  return out
}

/** A tainted `$x` / `$(...)` outside double quotes. */
function unquotedRef(raw: string, t: Set<string>): string | undefined {
  let dq = false
  let sq = false
  for (let i = 0; i < raw.length; i++) {
    const ch = raw[i]
    if (ch === '\\' && !sq) {
      i++
      continue
    }
    if (ch === "'" && !dq) sq = !sq
    else if (ch === '"' && !sq) dq = !dq
    else if (ch === '$' && !dq && !sq) {
      const m = /^\$\{?([A-Za-z_]\w*)/.exec(raw.slice(i))
      if (m && t.has(m[1])) return m[1]
    }
  }
  return undefined
}

const LOCAL_HOST = /^(?:localhost|127\.\d+\.\d+\.\d+|0\.0\.0\.0|\[?::1\]?|host\.docker\.internal)$/i

function hostOf(url: string): string | undefined {
  const m = /^[a-z][a-z0-9+.-]*:\/\/(?:[^@/]*@)?(\[[^\]]+\]|[^/:?#]+)/i.exec(url)
  return m ? m[1] : undefined
}

function hasExternalUrl(c: ShellCommand): boolean {
  const urls = c.args
    .slice(1)
    .map((w) => w.text)
    .filter((x) => /^[a-z]+:\/\//i.test(x) || /^[\w.-]+\.[a-z]{2,}(?:[/:]|$)/i.test(x))
  if (urls.length === 0) return c.args.slice(1).some((w) => !w.literal && !w.text.startsWith('-'))
  return urls.some((u) => {
    const h = hostOf(u.includes('://') ? u : `http://${u}`)
    return h !== undefined && !LOCAL_HOST.test(h) && !h.startsWith('$')
  })
}

// ---------------------------------------------------------------------------
// Download and execute

export interface DownloadSink extends Loc {
  kind: 'pipe' | 'procSubst' | 'substExec' | 'latest'
  text: string
  /** The `if` that lets it run only in Claude Code web sessions ({@link remoteOnlyGate}). */
  remoteOnly?: ShellIf
}

const FETCH = new Set(['curl', 'wget', 'fetch', 'http', 'xh'])
const RUNS_STDIN = /^(?:sh|bash|zsh|dash|ksh|python[\d.]*|node|perl|ruby|php|source|\.)$/
const VERIFY = new Set([
  'sha256sum',
  'sha512sum',
  'sha1sum',
  'shasum',
  'md5sum',
  'gpg',
  'gpgv',
  'cosign',
  'minisign',
  'signify',
  'slsa-verifier'
])
const INSTALL = new Set([
  'tar',
  'unzip',
  'install',
  'dpkg',
  'rpm',
  'chmod',
  'mv',
  'cp',
  'gunzip',
  'bunzip2',
  'xz',
  '7z'
])

export function downloadSinks(sh: ShellScript, source: string, depth = 0): DownloadSink[] {
  const out: DownloadSink[] = []
  const show = (c: ShellCommand): string => source.slice(c.start, c.end).replace(/\s+/g, ' ').slice(0, 80)
  for (const p of sh.pipelines) {
    const f = p.findIndex((c) => FETCH.has(c.name))
    if (f < 0) continue
    const x = p
      .slice(f + 1)
      .find((c) => RUNS_STDIN.test(c.name) && c.args.slice(1).every((w) => w.text.startsWith('-') || w.text === '-'))
    if (x) out.push({ kind: 'pipe', start: p[f].start, end: x.end, text: `${show(p[f])} | ${x.name}` })
  }
  for (const c of sh.commands) {
    if (!RUNS_STDIN.test(c.name) && c.name !== 'eval') continue
    const words = [
      ...c.args.slice(1),
      ...c.redirects.map((r) => r.target).filter((w): w is ShellWord => w !== undefined)
    ]
    const ps = words.find((w) => w.hasProcessSubst && /\b(?:curl|wget)\b/.test(w.raw))
    if (ps) {
      out.push({ kind: 'procSubst', start: c.start, end: c.end, text: show(c) })
      continue
    }
    const cs = words.find((w) => w.hasCommandSubst && /\b(?:curl|wget)\b/.test(w.raw))
    if (cs && (c.name === 'eval' || c.args.some((w) => w.text === '-c')))
      out.push({ kind: 'substExec', start: c.start, end: c.end, text: show(c) })
  }
  // Installing "the latest release" with nothing verifying what was downloaded.
  const verifies = sh.commands.some(
    (c) =>
      VERIFY.has(c.name) ||
      (c.name === 'gh' && c.args.some((w) => w.text === 'attestation')) ||
      (c.name === 'openssl' && c.args[1]?.text === 'dgst')
  )
  const installs = sh.commands.some(
    (c) => INSTALL.has(c.name) || (c.name === 'chmod' && c.args.some((w) => /\+x|7\d\d/.test(w.text)))
  )
  if (!verifies && installs) {
    for (const c of sh.commands) {
      if (!FETCH.has(c.name)) continue
      const w = c.args.find((x) => /releases\/latest|\/latest\/download\b|\/download\/latest\b/.test(x.text))
      if (w) {
        out.push({ kind: 'latest', start: w.start, end: w.end, text: w.text })
        break
      }
    }
  }
  for (const d of out) {
    const gate = remoteOnlyGate(sh, d.start)
    if (gate) d.remoteOnly = gate
  }
  // A script handed to a shell (`bash -c 'curl … | bash'`) runs too: its sinks, where its text stands.
  if (depth < 3) {
    for (const c of sh.commands) {
      const inner = shellCommandString(c)
      if (!inner) continue
      const w = inner
      // Inside quotes without escapes the text is the source as written, one character in; else the whole word.
      const exact = w.literal && (w.raw === `'${w.text}'` || w.raw === `"${w.text}"` || w.raw === w.text)
      const base = w.start + (w.raw === w.text ? 0 : 1)
      for (const d of downloadSinks(parseShell(w.text), w.text, depth + 1)) {
        const at = exact ? { start: base + d.start, end: base + d.end } : { start: w.start, end: w.end }
        const gate = d.remoteOnly ?? remoteOnlyGate(sh, w.start)
        out.push({ ...d, ...at, ...(gate ? { remoteOnly: gate } : {}) })
      }
    }
  }
  return out
}

/** The script word of a shell started with `-c` (`bash -c '…'`, `sh -ec "…"`), when literal. */
function shellCommandString(c: ShellCommand): ShellWord | undefined {
  if (!/^(?:sh|bash|zsh|dash|ksh)$/.test(c.name)) return undefined
  for (let i = 1; i < c.args.length; i++) {
    const t = c.args[i].text
    if (t === '-o' || t === '+o') {
      i++ // `-o pipefail`: an option name follows
      continue
    }
    if (t === '--' || !t.startsWith('-')) return undefined
    // `-c`, or `-c` among other one-letter switches (`-ec`, `-lc`); the script is the next word.
    if (/^-[a-z]+$/.test(t) && t.includes('c')) {
      const w = c.args[i + 1]
      return w && w.literal ? w : undefined
    }
  }
  return undefined
}

// ---------------------------------------------------------------------------
// Remote sessions only

const REMOTE_VAR = /^\$\{?CLAUDE_CODE_REMOTE(?::?-[^}]*)?\}?$/

/** A test's operator and operands: `[[ … ]]` tests, and `[ … ]` / `test …` commands with one test. */
function testsIn(sh: ShellScript, from: number, to: number): { op: string; operands: string[]; negated: boolean }[] {
  const out: { op: string; operands: string[]; negated: boolean }[] = []
  for (const t of sh.tests)
    if (t.start >= from && t.end <= to) out.push({ op: t.op, operands: t.operands.map((w) => w.text), negated: t.negated })
  for (const c of sh.commands) {
    if (c.start < from || c.end > to || (c.name !== '[' && c.name !== 'test')) continue
    let a = c.args.slice(1).map((w) => w.text)
    if (c.name === '[') {
      if (a[a.length - 1] !== ']') continue
      a = a.slice(0, -1)
    }
    const negated = c.negated !== (a[0] === '!')
    if (a[0] === '!') a = a.slice(1)
    if (a.length === 3) out.push({ op: a[1], operands: [a[0], a[2]], negated })
    else if (a.length === 2) out.push({ op: a[0], operands: [a[1]], negated })
    else out.push({ op: '?', operands: a, negated })
  }
  return out
}

/**
 * Whether a condition (its only test) says "this is a Claude Code web session"
 * (`"$CLAUDE_CODE_REMOTE" = true`, `-n "$CLAUDE_CODE_REMOTE"`: true) or "it is not"
 * (`!=`, `-z`: false); undefined when it tests anything else.
 */
function remoteTest(sh: ShellScript, from: number, to: number): boolean | undefined {
  // The test must be the whole condition: no other command, no second test (`|| [ -n "$CI" ]`).
  if (sh.commands.some((c) => c.start >= from && c.end <= to && c.name !== '[' && c.name !== 'test')) return undefined
  const tests = testsIn(sh, from, to)
  if (tests.length !== 1) return undefined
  const [t] = tests
  let says: boolean | undefined
  if (t.operands.length === 2) {
    const [a, b] = t.operands
    const remote = REMOTE_VAR.test(a) ? b : REMOTE_VAR.test(b) ? a : undefined
    if (remote !== 'true') return undefined
    says = t.op === '=' || t.op === '==' ? true : t.op === '!=' ? false : undefined
  } else if (t.operands.length === 1 && REMOTE_VAR.test(t.operands[0]))
    says = t.op === '-n' ? true : t.op === '-z' ? false : undefined
  return says === undefined ? undefined : says !== t.negated
}

/**
 * Where a script makes sure the code at `off` runs only in Claude Code web sessions
 * (`CLAUDE_CODE_REMOTE` is "true", reference §2.6): an `if` of the main flow before it that
 * only exits 0 unless the session is remote (`if [ "$CLAUDE_CODE_REMOTE" != "true" ]; then exit 0; fi`),
 * or an `if` around it that tests for a remote session. Undefined when nothing does.
 */
export function remoteOnlyGate(sh: ShellScript, off: number): ShellIf | undefined {
  for (const f of sh.ifs) {
    if (f.start > off) break
    if (f.then.start <= off && off < f.then.end && remoteTest(sh, f.cond.start, f.cond.end) === true) return f
    if (!f.mainFlow || f.else || f.end > off) continue
    const body = sh.commands.filter((c) => c.start >= f.then.start && c.end <= f.then.end)
    const exits = sh.exitCodes.filter((e) => e.start >= f.then.start && e.end <= f.then.end)
    const leaves =
      exits.length > 0 &&
      exits.every((e) => e.code === 0) &&
      body.every((c) => c.name === 'exit' || c.name === 'echo' || c.name === 'printf' || c.name === ':')
    if (leaves && remoteTest(sh, f.cond.start, f.cond.end) === false) return f
  }
  return undefined
}

// ---------------------------------------------------------------------------
// Python and JavaScript payload flow (syntax trees; the flow itself is ./payload-flow.ts)

/** Before parsing: a script that never mentions stdin has no payload to follow. */
const PY_READS = /\bstdin\b|\binput\s*\(|\bopen\s*\(\s*(?:0\b|["']\/dev\/stdin)|\bos\.read\s*\(\s*0\b/
const JS_READS = /\bstdin\b|\breadFileSync\b|\breadSync\b/

function parsedOf(info: ScriptInfo): ParsedCode | undefined {
  if (info.lang === 'python') return parseCode(info.file, 'python')
  if (info.lang !== 'js') return undefined
  const lang = codeLanguageOf(info.path)
  return parseCode(info.file, lang && lang !== 'python' ? lang : 'javascript')
}

/** The payload flow of a script that reads stdin. */
function flowOf(info: ScriptInfo): PayloadFlow | undefined {
  const reads = info.lang === 'python' ? PY_READS : info.lang === 'js' ? JS_READS : undefined
  if (!reads?.test(info.file.text)) return undefined
  const parsed = parsedOf(info)
  return parsed ? payloadFlow(parsed) : undefined
}

const argsOf = (call: Node): Node[] =>
  (call.childForFieldName('arguments')?.namedChildren ?? []).filter((c): c is Node => c !== null && c.type !== 'comment')

const calleeOf = (call: Node): Node | undefined =>
  (call.type === 'new_expression' ? call.childForFieldName('constructor') : call.childForFieldName('function')) ?? undefined

const oneLine = (s: string): string => s.replace(/\s+/g, '')

/** Python: a keyword argument by name. */
function kwarg(args: Node[], names: string[]): Node | undefined {
  const k = args.find((a) => a.type === 'keyword_argument' && names.includes(a.childForFieldName('name')?.text ?? ''))
  return k?.childForFieldName('value') ?? undefined
}

/** JavaScript: an options object's property value (`{ shell: true }`). */
function optionOf(obj: Node | undefined, key: string): Node | undefined {
  if (obj?.type !== 'object') return undefined
  for (const p of obj.namedChildren) {
    if (p?.type === 'pair' && p.childForFieldName('key')?.text.replace(/["']/g, '') === key) return p.childForFieldName('value') ?? undefined
    if (p?.type === 'shorthand_property_identifier' && p.text === key) return p
  }
  return undefined
}

/** Python/JS: payload data reaching a shell or `eval`. */
export interface CodeSink extends Loc {
  what: string
  variable: string
}

const PY_SHELL = /^(?:os\.(?:system|popen)|subprocess\.(?:getoutput|getstatusoutput)|asyncio\.create_subprocess_shell|commands\.(?:getoutput|getstatusoutput))$/
const PY_SHELL_FLAG = /^subprocess\.(?:run|call|check_call|check_output|Popen)$/
const PY_EVAL = /^(?:builtins\.)?(?:eval|exec)$/

/** Python: `os.system`, `subprocess.*(..., shell=True)`, `eval`/`exec` whose command carries payload data. */
export function pyCodeSinks(info: ScriptInfo): CodeSink[] {
  const flow = flowOf(info)
  if (!flow || flow.lang !== 'python') return []
  const out: CodeSink[] = []
  for (const call of flow.calls) {
    const fn = calleeOf(call)
    const q = fn ? flow.qualify(fn)?.name : undefined
    if (!fn || !q) continue
    const args = argsOf(call)
    if (PY_SHELL_FLAG.test(q)) {
      if (kwarg(args, ['shell'])?.text !== 'True') continue
    } else if (!PY_SHELL.test(q) && !PY_EVAL.test(q)) continue
    const command = args.find((a) => a.type !== 'keyword_argument' && a.type !== 'list_splat' && a.type !== 'dictionary_splat') ?? kwarg(args, ['args', 'cmd', 'command', 'source'])
    const v = command ? flow.why(command) : undefined
    if (v) out.push({ start: call.startIndex, end: call.endIndex, what: oneLine(fn.text), variable: v })
  }
  return out
}

const JS_SHELL = /^(?:child_process\.(?:exec|execSync)|shelljs\.exec)$/
const JS_SHELL_FLAG = /^child_process\.(?:spawn|spawnSync|execFile|execFileSync)$/
const JS_EVAL = /^(?:eval|vm\.(?:runInThisContext|runInNewContext|runInContext|compileFunction|Script))$/

/** JavaScript: `exec`/`execSync` (child_process), `spawn(..., { shell: true })`, `eval`, `Function` whose code carries payload data. */
export function jsCodeSinks(info: ScriptInfo): CodeSink[] {
  const flow = flowOf(info)
  if (!flow || flow.lang !== 'js') return []
  const out: CodeSink[] = []
  for (const call of flow.calls) {
    const fn = calleeOf(call)
    const q = fn ? flow.qualify(fn)?.name : undefined
    if (!fn || !q) continue
    const args = argsOf(call)
    let code: Node[]
    if (JS_SHELL.test(q) || JS_EVAL.test(q)) code = args.slice(0, 1)
    else if (q === 'Function') code = args
    else if (JS_SHELL_FLAG.test(q)) {
      const shell = optionOf(args.find((a) => a.type === 'object'), 'shell')
      if (!shell || shell.text === 'false') continue
      code = args.slice(0, 2)
    } else continue
    const v = code.map((a) => flow.why(a)).find((x) => x !== undefined)
    if (!v) continue
    const name = fn.type === 'member_expression' ? fn.childForFieldName('property') ?? fn : fn
    out.push({ start: name.startIndex, end: call.endIndex, what: name.text, variable: v })
  }
  return out
}

const LOCAL_URL = (u: string): boolean => {
  const h = hostOf(u)
  return h !== undefined && LOCAL_HOST.test(h)
}

/** URL literals (`scheme://...`) among a node's strings. */
function urlsIn(node: Node): string[] {
  const out: string[] = []
  for (const s of descendantsOfType(node, ['string', 'template_string'])) {
    const t = literalText(s) ?? (s.type === 'template_string' ? s.text.slice(1, -1) : undefined)
    if (t !== undefined && /^[a-z][a-z0-9+.-]*:\/\//i.test(t)) out.push(t)
  }
  return out
}

/** A call whose URLs (its own, or its client's constructor's) all name this machine. */
function localCall(call: Node, via: Node[]): boolean {
  const urls = [call, ...via].flatMap((c) => {
    const a = c.childForFieldName('arguments')
    return a ? urlsIn(a) : []
  })
  return urls.length > 0 && urls.every(LOCAL_URL)
}

/** A module whose URLs all name this machine (Ollama on localhost ...). */
function localOnly(root: Node): boolean {
  const urls = urlsIn(root)
  return urls.length > 0 && urls.every(LOCAL_URL)
}

/** What a generic HTTP client reaches: the URL it is given decides where the data goes. */
const HTTP_ENDPOINT = 'an HTTP endpoint'

/**
 * Whether a script's plain HTTP requests stay on this machine: every URL it names, in its code
 * (a parameter default or an option default such as `--server-url http://localhost:4000/events`)
 * and in the hook's own arguments, is a loopback address, so a request whose URL arrives through
 * a variable can only go to one of them. SDK clients (Anthropic, OpenAI) reach their vendor's host
 * without naming a URL, so this does not clear them.
 */
function httpStaysLocal(root: Node, argv: string[] | undefined): boolean {
  const urls = urlsIn(root)
  // An argument (`http://host/x`) or an option's value (`--server-url=http://host/x`): words split on blanks, `=` and quotes.
  for (const a of argv ?? []) for (const w of a.split(/[\s='"]+/)) if (/^[a-z][a-z0-9+.-]*:\/\//i.test(w)) urls.push(w)
  return urls.length > 0 && urls.every(LOCAL_URL)
}

/** Python network clients and calls, by qualified name of the call (`anthropic.Anthropic().messages.create()`). */
const PY_NET: [RegExp, string][] = [
  [/^anthropic\.(?:Async)?(?:Anthropic|Client|AnthropicBedrock|AnthropicVertex)\(\)|^(?:Async)?Anthropic\(\)/, 'the Anthropic API'],
  [/^openai\.(?:Async)?(?:Azure)?OpenAI\(\)|^openai\.(?:ChatCompletion|Completion|audio|chat)\b|^(?:Async)?OpenAI\(\)/, 'the OpenAI API'],
  [/^elevenlabs\b|^(?:Async)?ElevenLabs\(\)/, 'ElevenLabs'],
  [
    /^(?:requests|httpx|aiohttp|urllib3)\.(?:get|post|put|patch|delete|head|request)\(\)$|^(?:requests\.Session|httpx\.(?:Async)?Client|aiohttp\.ClientSession|urllib3\.PoolManager)\(\)|^urllib\.request\.(?:urlopen|Request)\(\)|^http\.client\.HTTPS?Connection\(\)|^smtplib\.SMTP(?:_SSL)?\(\)/,
    HTTP_ENDPOINT
  ],
  [/^google\.(?:generativeai|genai)\b|^genai\./, 'the Gemini API']
]

const JS_NET: [RegExp, string][] = [
  [/^@anthropic-ai\/sdk\b.*\(\)|^Anthropic\(\)/, 'the Anthropic API'],
  [/^openai\b.*\(\)|^OpenAI\(\)/, 'the OpenAI API'],
  [/^(?:fetch|node-fetch|undici\.(?:fetch|request)|got(?:\.\w+)?|axios(?:\.\w+)?|ky(?:\.\w+)?|https?\.(?:request|get))\(\)$/, HTTP_ENDPOINT]
]

/** Before parsing a module for network use: the client names it must mention. */
const PY_NET_WORDS = /anthropic|openai|elevenlabs|ElevenLabs|requests|httpx|aiohttp|urllib|http\.client|smtplib|genai|generativeai/
const JS_NET_WORDS = /anthropic|openai|OpenAI|fetch|axios|https?\b|got\b|undici|\bky\b/

/** The service a call talks to directly (undefined when none, or only this machine). */
function directNet(flow: PayloadFlow, call: Node): string | undefined {
  const fn = calleeOf(call)
  const q = fn ? flow.qualify(fn) : undefined
  if (!q) {
    // `<client>.messages.create(...)` on a client built elsewhere.
    if (flow.lang === 'js' && fn && /\.messages\.create$/.test(fn.text)) return 'the Anthropic API'
    if (flow.lang === 'js' && fn && /\.chat\.completions\.create$/.test(fn.text)) return 'the OpenAI API'
    return undefined
  }
  const name = `${q.name}()`
  for (const [re, what] of flow.lang === 'python' ? PY_NET : JS_NET)
    if (re.test(name)) return localCall(call, q.via) ? undefined : what
  return undefined
}

/** What external service a whole script/module reaches (undefined when none or only local). */
export function moduleNet(project: Project, path: string, seen = new Set<string>()): string | undefined {
  if (seen.has(path) || seen.size > 12) return undefined
  seen.add(path)
  const info = scriptInfo(project, path)
  if (!info) return undefined
  const direct = codeNet(info)
  if (direct) return `${direct} (${path})`
  for (const q of info.invokes) {
    const n = moduleNet(project, q, seen)
    if (n) return n
  }
  return undefined
}

function codeNet(info: ScriptInfo): string | undefined {
  const words = info.lang === 'python' ? PY_NET_WORDS : info.lang === 'js' ? JS_NET_WORDS : undefined
  if (!words?.test(info.file.text)) return undefined
  const parsed = parsedOf(info)
  if (!parsed || localOnly(parsed.root)) return undefined
  const flow = payloadFlow(parsed)
  for (const call of flow?.calls ?? []) {
    const n = directNet(flow!, call)
    if (n) return n
  }
  return undefined
}

/** A statement that sends payload data to an external host. */
export interface ExternalSend extends Loc {
  target: string
  variable: string
}

/** The statement a node is in (a compound statement's header counts as its statement). */
function statementOf(n: Node): Node {
  for (let p: Node | null = n; p; p = p.parent) if (p.parent && (p.parent.type === 'block' || p.parent.type === 'module')) return p
  return n
}

/**
 * Python: calls (on paths the hook's flags reach) that pass payload data to a
 * network client, a local function that reaches the network, an imported
 * function from a module that does, or a script run by literal path that does.
 */
export function pyExternalSends(project: Project, info: ScriptInfo, argv: string[] | undefined): ExternalSend[] {
  const flow = flowOf(info)
  if (!flow || flow.lang !== 'python' || !flow.any) return []
  const dir = posix.dirname(info.path)
  const projectDir = info.path.replace(/(^|\/)\.claude\/.*$/, '')
  const hooksRoot = /^(.*\.claude\/hooks)(?:\/|$)/.exec(info.path)?.[1]
  const modules = new Map<string, string | undefined>()
  /** A repository module a qualified name comes from (`utils.llm.summarize.summarize` → utils/llm/summarize.py), and what it reaches. */
  const importedNet = (q: string): string | undefined => {
    const parts = q.replace(/^\.+/, '').split('.')
    for (let k = parts.length - 1; k >= 1; k--) {
      const rel = parts.slice(0, k).join('/')
      if (!modules.has(rel)) {
        let net: string | undefined
        for (const base of [dir, hooksRoot]) {
          if (base === undefined) continue
          const file = [posix.join(base, `${rel}.py`), posix.join(base, rel, '__init__.py')].find((p) => project.reader.exists(p))
          if (!file) continue
          net = moduleNet(project, file)
          break
        }
        modules.set(rel, net)
      }
      const n = modules.get(rel)
      if (n) return n
    }
    return undefined
  }
  const scriptNet = (call: Node, q: string): string | undefined => {
    if (!/^(?:subprocess\.\w+|os\.(?:system|popen|exec\w*|spawn\w*))$/.test(q)) return undefined
    const a = call.childForFieldName('arguments')
    for (const s of a ? descendantsOfType(a, 'string') : []) {
      const lit = literalText(s)
      if (!lit || !/^[\w./-]+\.(?:py|js|mjs|sh)$/.test(lit)) continue
      for (const cand of [posix.normalize(posix.join(projectDir || '.', lit)), posix.normalize(posix.join(dir, lit))]) {
        if (!project.reader.exists(cand)) continue
        const n = moduleNet(project, cand)
        if (n) return n
      }
    }
    return undefined
  }
  const netFns = new Map<number, string>()
  const local = httpStaysLocal(flow.parsed.root, argv)
  const callNet = (call: Node): string | undefined => {
    const direct = directNet(flow, call)
    if (direct && !(direct === HTTP_ENDPOINT && local)) return direct
    const fn = calleeOf(call)
    const q = fn ? flow.qualify(fn)?.name : undefined
    if (q) {
      const n = scriptNet(call, q) ?? importedNet(q)
      if (n) return n
    }
    for (const f of flow.calleeFns(call)) {
      const n = netFns.get(f.id)
      if (n) return n
    }
    return undefined
  }
  // Which local functions reach an external host.
  for (let pass = 0; pass < 4; pass++) {
    const before = netFns.size
    for (const call of flow.calls) {
      const n = callNet(call)
      if (!n) continue
      for (let f = flow.fnOf(call); f; f = flow.fnOf(f)) if (!netFns.has(f.id)) netFns.set(f.id, n)
    }
    if (netFns.size === before) break
  }
  const root = flow.parsed.root
  let uses: Map<string, number> | undefined
  const called = (fn: Node): boolean => {
    const name = fn.childForFieldName('name')
    if (!name) return true
    if (!uses) {
      uses = new Map()
      for (const id of descendantsOfType(root, 'identifier')) uses.set(id.text, (uses.get(id.text) ?? 0) + 1)
    }
    // Named somewhere besides its definition.
    return (uses.get(name.text) ?? 0) > 1
  }
  const out: ExternalSend[] = []
  for (const call of flow.calls) {
    const target = callNet(call)
    if (!target) continue
    const args = call.childForFieldName('arguments')
    const v = args ? preferred(flow.whyAll(args)) : undefined
    if (!v) continue
    const stmt = statementOf(call)
    // The hook's flags must reach the statement, and a function holding it must be called.
    if (!gatesHold(info, gatesAt(info, stmt.startIndex), argv)) continue
    const fn = flow.fnOf(call)
    if (fn && !called(fn)) continue
    out.push({ start: stmt.startIndex, end: call.endIndex, target, variable: v })
  }
  return out
}

/** The most telling payload name (prompt, command, content ... before ids). */
function preferred(names: string[]): string | undefined {
  return names.find((n) => /prompt|input|command|content|message|text|transcript|context|tool|file|data|payload/i.test(n)) ?? names[0]
}

/** JavaScript: network calls whose arguments carry payload data. */
export function jsExternalSends(info: ScriptInfo): ExternalSend[] {
  const flow = flowOf(info)
  if (!flow || flow.lang !== 'js') return []
  const out: ExternalSend[] = []
  const local = httpStaysLocal(flow.parsed.root, undefined)
  for (const call of flow.calls) {
    const what = directNet(flow, call)
    if (!what || (what === HTTP_ENDPOINT && local)) continue
    const args = call.childForFieldName('arguments')
    const v = args ? flow.why(args) : undefined
    if (!v) continue
    const url = args ? urlsIn(args)[0] : undefined
    out.push({ start: call.startIndex, end: call.endIndex, target: (url && hostOf(url)) ?? what, variable: v })
  }
  return out
}
