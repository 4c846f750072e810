/**
 * Where a hook script's payload goes (hook-command-injection).
 *
 * Shell: variables assigned from stdin (`$(cat)`, `read`, `jq` on stdin) or
 * from other tainted variables, followed into sinks — `eval`, `sh -c`,
 * `python -c`, a tainted command name, a pipe into a shell, unquoted
 * expansions, and network commands. Python and JavaScript: names assigned
 * from the stdin payload, followed through assignments, loops, function
 * parameters and return values (by name, per file), into shell sinks and
 * network calls — including calls to functions (local, imported, or scripts
 * run by literal path) that reach an external host.
 */
import { posix } from 'node:path'
import type { Project } from '../model/project.js'
import type { ShellCommand, ShellScript, ShellWord } from '../shell/parse.js'
import { matchBrace, pyFunctions, type PyStmt } from './hook-guard-scan.js'
import { gatesAt, gatesHold, scriptInfo, type Loc, type ScriptInfo } from './hook-guards.js'

// ---------------------------------------------------------------------------
// Shell

const SHELLS = new Set(['sh', 'bash', 'zsh', 'dash', 'ksh'])
const INTERPS = /^(?:python[\d.]*|node|perl|ruby|php)$/
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
        const from = c.redirects.find((r) => r.op === '<<<')
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
}

/** Payload-carrying variables that reach a dangerous place. */
export function shellSinks(sh: ShellScript, source: string): ShellSink[] {
  const t = shellTainted(sh)
  const out: ShellSink[] = []
  if (t.size === 0) return out
  const show = (c: ShellCommand): string => source.slice(c.start, c.end).replace(/\s+/g, ' ').slice(0, 80)
  for (const c of sh.commands) {
    if (c.args.length === 0) continue
    const first = c.args[0]
    const rest = c.args.slice(1)
    const v0 = refs(first.raw, t)
    if (v0 && !first.literal) {
      out.push({ kind: 'cmdName', start: first.start, end: first.end, text: show(c), variable: v0 })
      continue
    }
    if (c.name === 'eval') {
      const w = rest.find((x) => refs(x.raw, t))
      if (w) out.push({ kind: 'eval', start: c.start, end: c.end, text: show(c), variable: refs(w.raw, t) as string })
      continue
    }
    const ci = rest.findIndex((w) => w.text === '-c' || w.text === '-e' || w.text === '--eval')
    if (ci >= 0 && rest[ci + 1]) {
      const w = rest[ci + 1]
      const v = refs(w.raw, t)
      if (v && (SHELLS.has(c.name) || INTERPS.test(c.name))) {
        out.push({
          kind: SHELLS.has(c.name) ? 'shellC' : 'interpC',
          start: w.start,
          end: w.end,
          text: show(c),
          variable: v
        })
        continue
      }
    }
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

export function downloadSinks(sh: ShellScript, source: string): DownloadSink[] {
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
  return out
}

// ---------------------------------------------------------------------------
// Python and JavaScript payload flow

const PY_SOURCE = /\bsys\.stdin\b|\binput\s*\(\s*\)/
const JS_SOURCE = /process\.stdin|readFileSync\(\s*(?:0|["']\/dev\/stdin["'])|readSync\(\s*0\b/

/** Identifiers on the left of an assignment (`a, b = ...`, `x[k] = ...`, `self.x = ...` → x). */
function lhsNames(lhs: string): string[] {
  return lhs
    .split(',')
    .map((p) => /^\s*\(?\s*\*?(?:self\.)?([A-Za-z_]\w*)/.exec(p)?.[1])
    .filter((x): x is string => Boolean(x) && !/^(?:const|let|var)$/.test(x as string))
}

function mentions(text: string, names: Set<string>): string | undefined {
  const re = /[A-Za-z_$][\w$]*/g
  for (let m = re.exec(text); m; m = re.exec(text)) {
    if (text[m.index - 1] === '.') continue
    if (names.has(m[0])) return m[0]
  }
  return undefined
}

/** Python: names carrying payload data (by name, per file). */
export function pyTainted(info: ScriptInfo): Set<string> {
  const st = info.stmts ?? []
  const t = new Set<string>()
  const fns = pyFunctions(st)
  const params = new Map<string, string[]>()
  for (const [name, r] of fns) {
    const head = st[r.header].bare
    const open = head.indexOf('(')
    const close = open >= 0 ? matchBrace(head, open) : -1
    const ps =
      close > open
        ? head
            .slice(open + 1, close)
            .split(',')
            .map((p) => /^\s*\**([A-Za-z_]\w*)/.exec(p)?.[1])
            .filter((x): x is string => Boolean(x) && x !== 'self')
        : []
    params.set(name, ps)
  }
  const returnsTaint = new Set<string>()
  for (let pass = 0; pass < 8; pass++) {
    const before = t.size + returnsTaint.size
    for (const s of st) {
      const b = s.bare.trim()
      const code = s.code.trim()
      // Bounded parts (names, annotations and headers are short): an anchored
      // pattern with unbounded overlapping runs is cubic in a long statement.
      const asg = /^(\(?[A-Za-z_][\w.,\s[\]*]{0,200}\)?)\s{0,20}(?::\s{0,20}[\w[\], .|]{1,200})?\s{0,20}(?:=|\+=|\|=)(?!=)\s*([\s\S]+)$/.exec(b)
      if (asg && !/^(?:if|elif|while|return|def|class|for|with|assert)\b/.test(b)) {
        const rhs = code.slice(code.length - asg[2].length)
        const dirty =
          PY_SOURCE.test(rhs) ||
          mentions(asg[2], t) !== undefined ||
          [...returnsTaint].some((f) => new RegExp(`\\b${f}\\s*\\(`).test(asg[2]))
        if (dirty) for (const n of lhsNames(asg[1])) t.add(n)
      }
      const loop = /^for\s+(.{1,200}?)\s+in\s+(.+):/.exec(b)
      if (loop && mentions(loop[2], t)) for (const n of lhsNames(loop[1])) t.add(n)
      const w = /^(?:async\s+)?with\s+(.{1,500}?)\s+as\s+(\w+)\s*:/.exec(b)
      if (w && mentions(w[1], t)) t.add(w[2])
      // Arguments flow into parameters.
      for (const [name, ps] of params) {
        const re = new RegExp(`(?<![\\w.])${name}\\s*\\(`, 'g')
        for (let m = re.exec(b); m; m = re.exec(b)) {
          const open = m.index + m[0].length - 1
          const close = matchBrace(b, open)
          if (close < 0) continue
          const args = splitArgs(b.slice(open + 1, close))
          args.forEach((a, i) => {
            if (!mentions(a, t)) return
            const kw = /^\s*(\w+)\s*=(?!=)/.exec(a)
            if (kw) t.add(kw[1])
            else if (ps[i]) t.add(ps[i])
          })
        }
      }
    }
    for (const [name, r] of fns) {
      for (let k = r.from; k <= r.to; k++) {
        const b = st[k].bare.trim()
        if (/^return\b/.test(b) && mentions(b.slice(6), t)) returnsTaint.add(name)
      }
    }
    if (t.size + returnsTaint.size === before) break
  }
  return t
}

function splitArgs(s: string): string[] {
  const out: string[] = []
  let depth = 0
  let cur = ''
  for (const ch of s) {
    if ('([{'.includes(ch)) depth++
    else if (')]}'.includes(ch)) depth--
    if (ch === ',' && depth === 0) {
      out.push(cur)
      cur = ''
    } else cur += ch
  }
  if (cur.trim()) out.push(cur)
  return out
}

/** A network client used directly, and what it talks to. */
const PY_NET: [RegExp, string][] = [
  [/\banthropic\.(?:Anthropic|AsyncAnthropic|Client)\s*\(|\bfrom\s+anthropic\s+import\b/, 'the Anthropic API'],
  [/\bOpenAI\s*\(|\bopenai\.(?:OpenAI|ChatCompletion|Completion|audio|chat)\b/, 'the OpenAI API'],
  [/\bElevenLabs\s*\(|\belevenlabs\.\w+/, 'ElevenLabs'],
  [
    /\b(?:requests|httpx|aiohttp|urllib3)\.(?:get|post|put|patch|delete|request|Client|AsyncClient|ClientSession|PoolManager)\b|\burlopen\s*\(|\burllib\.request\.(?:urlopen|Request)\b|\bhttp\.client\.HTTPS?Connection\b|\bsmtplib\.SMTP/,
    'an HTTP endpoint'
  ],
  [/\bgenai\.|google\.generativeai/, 'the Gemini API']
]

function pyNetTarget(code: string): string | undefined {
  for (const [re, what] of PY_NET) if (re.test(code)) return what
  return undefined
}

/** A module whose network use only reaches this machine (Ollama on localhost ...). */
function localOnly(code: string): boolean {
  const urls = [...code.matchAll(/["']([a-z]+:\/\/[^"']+)["']/gi)].map((m) => hostOf(m[1]))
  return urls.length > 0 && urls.every((h) => h !== undefined && LOCAL_HOST.test(h))
}

/** What an external service a whole script/module reaches (undefined when none or only local). */
export function moduleNet(project: Project, path: string, seen = new Set<string>()): string | undefined {
  if (seen.has(path) || seen.size > 12) return undefined
  seen.add(path)
  const info = scriptInfo(project, path)
  if (!info?.masked) return undefined
  const code = info.masked.code
  const direct = pyOrJsNet(info, code)
  if (direct && !localOnly(code)) return `${direct} (${path})`
  for (const q of info.invokes) {
    const n = moduleNet(project, q, seen)
    if (n) return n
  }
  return undefined
}

function pyOrJsNet(info: ScriptInfo, code: string): string | undefined {
  return info.lang === 'python' ? pyNetTarget(code) : info.lang === 'js' ? jsNetTarget(code) : undefined
}

const JS_NET: [RegExp, string][] = [
  [/\bnew\s+Anthropic\s*\(|@anthropic-ai\/sdk/, 'the Anthropic API'],
  [/\bnew\s+OpenAI\s*\(/, 'the OpenAI API'],
  [/\bfetch\s*\(|\baxios\b|\bhttps?\.(?:request|get)\s*\(|\bgot\s*\(|\bundici\b/, 'an HTTP endpoint']
]

function jsNetTarget(code: string): string | undefined {
  for (const [re, what] of JS_NET) if (re.test(code)) return what
  return undefined
}

/** A statement that sends payload data to an external host. */
export interface ExternalSend extends Loc {
  target: string
  variable: string
}

/**
 * Python: statements (on paths the hook's flags reach) that pass payload data
 * to a network call, a local function that reaches the network, an imported
 * function from a module that does, or a script run by literal path that does.
 */
export function pyExternalSends(project: Project, info: ScriptInfo, argv: string[] | undefined): ExternalSend[] {
  const st = info.stmts ?? []
  if (!info.masked || !PY_SOURCE.test(info.masked.code)) return []
  const t = pyTainted(info)
  if (t.size === 0) return []
  const fns = pyFunctions(st)
  const dir = posix.dirname(info.path)
  const projectDir = info.path.replace(/(^|\/)\.claude\/.*$/, '')
  // Which callables reach an external host.
  const net = new Map<string, string>()
  const imported = new Map<string, string>()
  const hooksRoot = /^(.*\.claude\/hooks)(?:\/|$)/.exec(info.path)?.[1]
  for (const m of info.masked.bare.matchAll(/^[ \t]*from\s+([\w.]+)\s+import\s+([\w ,]+)/gm)) {
    const rel = m[1].replace(/^\.+/, '').replace(/\./g, '/')
    for (const base of [dir, hooksRoot]) {
      if (base === undefined) continue
      const file = [posix.join(base, `${rel}.py`), posix.join(base, rel, '__init__.py')].find((p) =>
        project.reader.exists(p)
      )
      if (!file) continue
      const n = moduleNet(project, file)
      if (n)
        for (const name of m[2].split(',').map(
          (x) =>
            x
              .trim()
              .split(/\s+as\s+/)
              .pop() as string
        ))
          imported.set(name, n)
      break
    }
  }
  const stmtNet = (s: PyStmt): string | undefined => {
    const direct = pyNetTarget(s.code)
    if (direct && !localOnly(s.code)) return direct
    if (/\bsubprocess\.|\bos\.(?:system|popen|exec)/.test(s.bare)) {
      for (const lit of s.code.matchAll(/["']([\w./-]+\.(?:py|js|mjs|sh))["']/g)) {
        for (const cand of [
          posix.normalize(posix.join(projectDir || '.', lit[1])),
          posix.normalize(posix.join(dir, lit[1]))
        ]) {
          if (!project.reader.exists(cand)) continue
          const n = moduleNet(project, cand)
          if (n) return n
        }
      }
    }
    for (const [name, what] of [...imported, ...net])
      if (new RegExp(`(?<![\\w.])${name}\\s*\\(`).test(s.bare)) return what
    return undefined
  }
  for (let pass = 0; pass < 4; pass++) {
    const before = net.size
    for (const [name, r] of fns) {
      if (net.has(name)) continue
      for (let k = r.from; k <= r.to; k++) {
        const n = stmtNet(st[k])
        if (n) {
          net.set(name, n)
          break
        }
      }
    }
    if (net.size === before) break
  }
  const out: ExternalSend[] = []
  const inFn = (k: number): boolean => [...fns.values()].some((r) => k >= r.from && k <= r.to)
  st.forEach((s, k) => {
    if (/^(?:async\s+)?(?:def|class)\b/.test(s.bare.trim())) return
    const target = stmtNet(s)
    if (!target) return
    const v = preferred(callArgsText(s.bare), t)
    if (!v) return
    // Top-level statements and those in functions: the hook's flags must reach them.
    if (!gatesHold(info, gatesAt(info, s.start), argv)) return
    if (inFn(k) && !fnCalled(info, fns, k)) return
    out.push({ start: s.start, end: s.start + s.code.trimEnd().length, target, variable: v })
  })
  return out
}

/** The most telling payload name in a text (prompt, command, content ... before ids). */
function preferred(text: string, names: Set<string>): string | undefined {
  const all: string[] = []
  const re = /[A-Za-z_$][\w$]*/g
  for (let m = re.exec(text); m; m = re.exec(text)) if (text[m.index - 1] !== '.' && names.has(m[0])) all.push(m[0])
  return (
    all.find((n) => /prompt|input|command|content|message|text|transcript|context|tool|file|data|payload/i.test(n)) ??
    all[0]
  )
}

function callArgsText(b: string): string {
  const open = b.indexOf('(')
  return open >= 0 ? b.slice(open) : ''
}

/** Whether the function holding statement `k` is called somewhere (not dead code). */
function fnCalled(info: ScriptInfo, fns: ReturnType<typeof pyFunctions>, k: number): boolean {
  for (const [name, r] of fns) {
    if (k < r.from || k > r.to) continue
    const uses = [...(info.masked?.bare ?? '').matchAll(new RegExp(`\\b${name}\\b`, 'g'))].length
    return uses > 1
  }
  return true
}

/** JavaScript: network calls whose arguments mention payload data. */
export function jsExternalSends(info: ScriptInfo): ExternalSend[] {
  const m = info.masked
  if (!m || !JS_SOURCE.test(m.code)) return []
  const t = jsTainted(m.code, m.bare)
  const fns = jsFunctions(m.bare)
  const out: ExternalSend[] = []
  for (const x of m.bare.matchAll(
    /\bfetch\s*\(|\baxios(?:\.\w+)?\s*\(|\bhttps?\.request\s*\(|\.messages\.create\s*\(|\.chat\.completions\.create\s*\(/g
  )) {
    const open = x.index + x[0].length - 1
    const close = matchBrace(m.bare, open)
    if (close < 0) continue
    const args = m.code.slice(open, close)
    const v = jsMentionsAt(m.bare.slice(open, close), t, x.index, fns, m.code, m.bare)
    if (!v) continue
    const url = /["'`]([a-z]+:\/\/[^"'`]+)["'`]/i.exec(args)?.[1]
    const h = url ? hostOf(url) : undefined
    if (h && LOCAL_HOST.test(h)) continue
    out.push({ start: x.index, end: close + 1, target: h ?? jsNetTarget(x[0]) ?? 'an HTTP endpoint', variable: v })
  }
  return out
}

/** JavaScript: names carrying payload data. */
export function jsTainted(code: string, bare: string): Set<string> {
  const t = new Set<string>()
  const re =
    /\b(?:const|let|var)\s+(\{[^}]*\}|\[[^\]]*\]|[\w$]+)\s*=\s*([^;\n]+)|(?<![\w$.])([\w$]+)\s*(?:\+=|=(?![=>]))\s*([^;\n]+)/gm
  for (let pass = 0; pass < 6; pass++) {
    const before = t.size
    re.lastIndex = 0
    for (let m = re.exec(bare); m; m = re.exec(bare)) {
      const lhs = m[1] ?? m[3]
      const rhsStart = m.index + m[0].length - (m[2] ?? m[4]).length
      const rhs = code.slice(rhsStart, m.index + m[0].length)
      if (JS_SOURCE.test(rhs) || mentions(m[2] ?? m[4], t)) {
        for (const n of lhs
          .replace(/[{}[\]]/g, '')
          .split(',')
          .map((p) => p.split(':').pop()?.trim().replace(/=.*$/, '').trim())
          .filter(Boolean))
          t.add(n as string)
      }
    }
    // `process.stdin.on('data', (d) => ...)` / `for await (const chunk of process.stdin)`
    for (const m of bare.matchAll(/process\.stdin\.on\s*\(\s*["'`]\s*["'`]\s*,\s*(?:function\s*)?\(?\s*([\w$]+)/g))
      t.add(m[1])
    for (const m of code.matchAll(/for\s+await\s*\(\s*(?:const|let|var)\s+([\w$]+)\s+of\s+process\.stdin/g)) t.add(m[1])
    if (t.size === before) break
  }
  return t
}

/**
 * A JavaScript function with its parameters and body (offsets in the masked
 * text): `function f(a) {…}`, `const f = (a) => …`, `const f = a => …`.
 */
interface JsFn {
  /** The name it is bound to; undefined for a function passed inline (a callback). */
  name?: string
  params: string[]
  /** Where the name is declared, so that it is not read as a call. */
  declaredAt?: number
  bodyStart: number
  bodyEnd: number
}

const JS_BINDING = /\b(?:const|let|var)\s+([\w$]+)\s*=\s*(?:async\s+)?$/

function jsParams(list: string): string[] {
  return splitArgs(list)
    .map((p) => /^\s*(?:\.\.\.)?([\w$]+)/.exec(p)?.[1])
    .filter((x): x is string => Boolean(x))
}

/** The end of an arrow function's expression body starting at `from`. */
function exprEnd(bare: string, from: number): number {
  let depth = 0
  for (let i = from; i < bare.length; i++) {
    const c = bare[i]
    if (c === '(' || c === '[' || c === '{') depth++
    else if (c === ')' || c === ']' || c === '}') {
      if (depth === 0) return i
      depth--
    } else if (depth === 0 && (c === ';' || c === '\n' || c === ',')) return i
  }
  return bare.length
}

/** Functions declared in a JavaScript file, with the ranges where their parameters are in scope. */
function jsFunctions(bare: string): JsFn[] {
  const out: JsFn[] = []
  for (const f of bare.matchAll(/\bfunction\b/g)) {
    // `function`, spaces or `*`, an optional name, spaces, `(`: read forward, no backtracking.
    let i = f.index + f[0].length
    while (i < bare.length && (bare[i] === '*' || /\s/.test(bare[i]))) i++
    const nameStart = i
    while (i < bare.length && /[\w$]/.test(bare[i])) i++
    const nameEnd = i
    while (i < bare.length && /\s/.test(bare[i])) i++
    if (bare[i] !== '(') continue
    const open = i
    const close = matchBrace(bare, open)
    if (close < 0) continue
    let body = close + 1
    while (body < bare.length && /\s/.test(bare[body])) body++
    if (bare[body] !== '{') continue
    const bodyEnd = matchBrace(bare, body)
    if (bodyEnd < 0) continue
    const own = bare.slice(nameStart, nameEnd)
    const bound = own ? undefined : JS_BINDING.exec(bare.slice(Math.max(0, f.index - 200), f.index))
    const name = own || bound?.[1]
    const declaredAt = own ? nameStart : bound ? f.index - bound[0].length + bound[0].indexOf(bound[1]) : undefined
    out.push({ name, params: jsParams(bare.slice(open + 1, close)), declaredAt, bodyStart: body, bodyEnd })
  }
  for (const m of bare.matchAll(/=>/g)) {
    let i = m.index - 1
    while (i >= 0 && /\s/.test(bare[i])) i--
    let params: string[]
    let start: number
    if (bare[i] === ')') {
      let depth = 0
      let k = i
      for (; k >= 0; k--) {
        if (bare[k] === ')') depth++
        else if (bare[k] === '(' && --depth === 0) break
      }
      if (k < 0) continue
      params = jsParams(bare.slice(k + 1, i))
      start = k
    } else {
      let k = i
      while (k >= 0 && /[\w$]/.test(bare[k])) k--
      if (k === i) continue
      params = [bare.slice(k + 1, i + 1)]
      start = k + 1
    }
    let body = m.index + 2
    while (body < bare.length && /\s/.test(bare[body])) body++
    const bodyEnd = bare[body] === '{' ? matchBrace(bare, body) : exprEnd(bare, body)
    if (bodyEnd < 0) continue
    const bound = JS_BINDING.exec(bare.slice(Math.max(0, start - 200), start))
    const declaredAt = bound ? start - bound[0].length + bound[0].indexOf(bound[1], 3) : undefined
    out.push({ name: bound?.[1], params, declaredAt, bodyStart: body, bodyEnd })
  }
  return out
}

/**
 * Whether payload data can reach parameter `index` of `fn`: an argument at a
 * call site mentions it, the body assigns payload data to the parameter, or
 * the function is passed on as a value (its callers are unknown).
 */
function jsParamTainted(fn: JsFn, index: number, code: string, bare: string, t: Set<string>): boolean {
  if (!fn.name) return true
  const param = fn.params[index]
  const body = bare.slice(fn.bodyStart, fn.bodyEnd + 1)
  for (const a of body.matchAll(new RegExp(`(?<![\\w$.])${escapeRe(param)}\\s*(?:\\+=|=(?![=>]))([^;\\n]+)`, 'g'))) {
    const from = fn.bodyStart + a.index + a[0].length - a[1].length
    if (mentions(code.slice(from, from + a[1].length), t)) return true
  }
  for (const c of bare.matchAll(new RegExp(`(?<![\\w$.])${escapeRe(fn.name)}(?![\\w$])`, 'g'))) {
    if (c.index === fn.declaredAt) continue
    // A recursive call passes on what the function already has.
    if (c.index > fn.bodyStart && c.index < fn.bodyEnd) continue
    let open = c.index + c[0].length
    while (open < bare.length && /\s/.test(bare[open])) open++
    if (bare[open] !== '(') {
      // Passed on as a value (a callback, `.call`, an assignment): its callers are unknown.
      // Anything else is not this name (masked text keeps regular expression literals).
      if (open >= bare.length || /[,)\]};.=\n]/.test(bare[open])) return true
      continue
    }
    const close = matchBrace(bare, open)
    if (close < 0) return true
    let from = open + 1
    let i = 0
    for (const arg of splitArgs(bare.slice(open + 1, close))) {
      // Template-literal placeholders are in `code`; plain string literals carry no names.
      if (i === index && mentions(code.slice(from, from + arg.length).replace(/["'][^"'`]*["']/g, ''), t)) return true
      from += arg.length + 1
      i++
    }
  }
  return false
}

function escapeRe(s: string): string {
  return s.replace(/[$]/g, '\\$')
}

/**
 * The first name in `text` (found at offset `at` of the file) that carries
 * payload data there. Names are followed by name across the file
 * ({@link jsTainted}); a function parameter that shares a payload variable's
 * name is a different variable, tainted only when callers pass payload data.
 */
function jsMentionsAt(text: string, t: Set<string>, at: number, fns: JsFn[], code: string, bare: string): string | undefined {
  const re = /[A-Za-z_$][\w$]*/g
  for (let m = re.exec(text); m; m = re.exec(text)) {
    if (text[m.index - 1] === '.' || !t.has(m[0])) continue
    const name = m[0]
    let scope: JsFn | undefined
    for (const f of fns) {
      if (at < f.bodyStart || at > f.bodyEnd || !f.params.includes(name)) continue
      if (!scope || f.bodyStart >= scope.bodyStart) scope = f
    }
    if (!scope || jsParamTainted(scope, scope.params.indexOf(name), code, bare, t)) return name
  }
  return undefined
}

/** Python/JS: payload data reaching a shell or `eval`. */
export interface CodeSink extends Loc {
  what: string
  variable: string
}

export function pyCodeSinks(info: ScriptInfo): CodeSink[] {
  if (!info.masked || !PY_SOURCE.test(info.masked.code)) return []
  const t = pyTainted(info)
  const out: CodeSink[] = []
  for (const s of info.stmts ?? []) {
    const b = s.bare
    const m =
      /\b(os\.system|os\.popen|subprocess\.(?:run|call|check_call|check_output|Popen|getoutput|getstatusoutput)|eval|exec)\s*\(/.exec(
        b
      )
    if (!m || (m.index > 0 && /[\w.]/.test(b[m.index - 1]))) continue
    const open = m.index + m[0].length - 1
    const close = matchBrace(b, open)
    const args = b.slice(open, close > 0 ? close : b.length)
    // f-string placeholders carry names too: keep f-strings, drop plain string literals.
    const code = s.code
      .slice(open, close > 0 ? close : b.length)
      .replace(PY_PLAIN_STRING, (lit: string, _q: string, close: string | undefined) => (close ? '""' : lit))
    if (/^subprocess/.test(m[1]) && !/\bshell\s*=\s*True\b/.test(args) && !/getoutput|getstatusoutput/.test(m[1]))
      continue
    const v = mentions(code, t)
    if (v)
      out.push({ start: s.start + m.index, end: s.start + (close > 0 ? close + 1 : b.length), what: m[1], variable: v })
  }
  return out
}

/**
 * A Python string literal that is not an f-, r- or b-string, up to its closing
 * quote or the end of its line. Each character has one way to match (a
 * backslash takes the next character with it; anything else but the quote
 * and a line break stands alone) and the closing quote is optional, so an
 * unclosed literal ends the match instead of failing it: one pass over the
 * text, where `(?:\\.|(?!\1).)*\1` backtracked exponentially on an f-string
 * of escapes. The replacer leaves unclosed literals (invalid Python) as they are.
 */
const PY_PLAIN_STRING = /(?<![fFrRbB\w])(["'])(?:\\.|(?!\1)[^\\\n])*(\1)?/g

export function jsCodeSinks(info: ScriptInfo): CodeSink[] {
  const m = info.masked
  if (!m || !JS_SOURCE.test(m.code)) return []
  const t = jsTainted(m.code, m.bare)
  const fns = jsFunctions(m.bare)
  const out: CodeSink[] = []
  for (const x of m.bare.matchAll(/\b(execSync|exec|eval|Function)\s*\(/g)) {
    if (x.index > 0 && /[\w$]/.test(m.bare[x.index - 1])) continue
    const open = x.index + x[0].length - 1
    const close = matchBrace(m.bare, open)
    if (close < 0) continue
    // Template literal placeholders and concatenations are in `code`, not `bare`.
    const args = m.code.slice(open, close)
    const v = jsMentionsAt(args.replace(/["'][^"'`]*["']/g, ''), t, x.index, fns, m.code, m.bare)
    if (v) out.push({ start: x.index, end: close + 1, what: x[1], variable: v })
  }
  return out
}
