/**
 * full-repo-read: instructions or hooks that pour the whole repository into
 * Claude's context: agent, command, skill or memory instructions that read
 * every file (`Read("**\/*")`, `cat $(git ls-files)`, `find . -type f -exec cat`,
 * "read all files in the repository"), and SessionStart / UserPromptSubmit
 * hooks that print the full file tree (`tree`, `find .`, `git ls-files`,
 * `ls -R` without a depth limit) — their stdout becomes model context. Each
 * turn then pays for the whole tree again (checklist item 19).
 * Docs: docs/rules/full-repo-read.md
 */
import { defineRule } from './rule.js'
import type { Span, SourceFile } from '../parse/source.js'
import { parseShell, unquotedText, type ShellCommand, type ShellScript } from '../shell/parse.js'
import { analyzeHook, baseName, hookSites } from '../analysis/hook-scripts.js'
import { whileTimeLeft } from '../core/budget.js'

/** Hook events whose plain stdout is added to Claude's context. */
const CONTEXT_EVENTS: Record<string, string> = {
  SessionStart: 'at every session start (and after /clear and compaction)',
  UserPromptSubmit: 'on every prompt',
  UserPromptExpansion: 'on every slash-command expansion'
}

/** Stages after which a listing no longer reaches the context in full. */
const LIMITERS = new Set(['head', 'tail', 'wc', 'grep', 'egrep', 'fgrep', 'rg', 'sed', 'awk', 'jq', 'cut', 'uniq', 'less', 'more', 'true', 'test'])
/** `find` predicates that select a subset of files. */
const FIND_NARROW = new Set(['-name', '-iname', '-regex', '-iregex', '-newer', '-newermt', '-mtime', '-mmin', '-size', '-empty', '-perm', '-maxdepth', '-cmin', '-ctime', '-amin', '-atime', '-wholename', '-iwholename', '-lname', '-ilname', '-samefile', '-inum'])

/** `tree` options that take a separate argument. */
const TREE_ARG_OPTS = new Set(['-I', '-H', '-T', '--charset', '--sort', '--timefmt', '--gitfile', '--infofile'])

const SHELL_LANGS = new Set(['', 'sh', 'bash', 'shell', 'zsh', 'console', 'terminal', 'shell-session', 'shellsession'])
const READ_GLOB = /\bRead\(\s*(["'`]?)(?:\.\/|\/)?\*\*(?:\/\*(?:\.[\w{},]+)?)?\1\s*\)/g
const PERMISSION_CONTEXT = /"(?:allow|deny|ask)"|\bpermissions?\b|\bdeny\b|\ballowed[-_ ]?tools\b|\bdisallowed/i
const PROSE = [
  /\b(?:read|load|ingest|open|cat)\s+(?:all|every|each)\s+(?:of\s+)?(?:the\s+)?(?:single\s+)?(?:source\s+|code\s+)?files?\s+(?:in|of|under|across|throughout)\s+(?:the\s+|this\s+)?(?:entire\s+|whole\s+)?(?:repo|repository|codebase|code\s+base|project|workspace)\b/gi,
  /\b(?:read|load|ingest)\s+(?:the\s+|this\s+)?(?:entire|whole|full|complete)\s+(?:repo|repository|codebase|code\s+base|project|source\s+tree)\b/gi
]
/**
 * Whether {@link readsEverything} can match some command of `src`: a cheap, necessary test
 * before any shell parse (a parse costs far more).
 *
 * Every match names `cat` or `bat` as a word (the command name in the `cat`/`bat` branch; the
 * word after `-exec`/`-execdir` in the `find` branch; the command `xargs` runs in the `find` and
 * `git ls-files` pipe branches), and each of those is compared after {@link baseName}, so the
 * shell's word reads `cat`/`bat` or ends in `/cat`/`/bat`. Quoting is gone from a word's text, so
 * it is tested on {@link unquotedText} (where `c"a"t` reads `cat`), in which such a word is
 * bounded by a separator or `/` on the left and a separator or the end on the right: `\b` holds.
 * Besides, every match needs one of:
 * - `cat`/`bat` branch: an operand whose raw text has `git ls-files` or `find .` after `$(`/a
 *   backtick (the letters stand together in the source, and unquoting removes none between
 *   them), or an unquoted `**` glob (no quote or backslash inside: `**` stands in the source);
 * - `find` branch: the command name `find` (bounded like `cat` above);
 * - `git` branch: the word `ls-files`.
 * When the text cannot be unquoted cheaply ({@link unquotedText} gives up), the answer is yes.
 */
export function mayReadAll(src: string): boolean {
  // Cheaper still, first: without a backslash, {@link unquotedText} only deletes characters (quotes,
  // a `$` before a quote), so every letter of the words is in `src`; the tests below need an `a` and
  // a `t` (`cat`/`bat`) and an `f` or a `*` (`find`, `ls-files`, `**`). Nine code spans in ten lack one.
  if (!src.includes('\\') && !(src.includes('a') && src.includes('t') && (src.includes('f') || src.includes('*')))) return false
  const words = unquotedText(src)
  if (words === undefined) return true
  return /\b[cb]at\b/.test(words) && /\bfind\b|ls-files|\*\*/.test(words)
}
const NEGATION = /\b(?:not|never|avoid|don'?t|do\s+not|instead\s+of|rather\s+than|without|no\s+need|unnecessary|shouldn'?t|must\s+not)\b/i

export default defineRule({
  meta: {
    id: 'full-repo-read',
    checklistItems: [19],
    area: 'context',
    severity: 'medium',
    confidence: 'high',
    description: 'instructions or hooks read the whole repository into context',
    messages: {
      globRead:
        '{{what}} tells Claude to `{{text}}`: that reads every matching file of the repository into context, and each later turn pays for it again',
      shellRead:
        '{{what}} runs `{{text}}`, which reads every file of the repository into context; each later turn pays for it again',
      prose:
        '{{what}} asks Claude to "{{text}}": reading the whole repository fills the context window, and each later turn pays for it again',
      hookTree:
        '{{event}} hook prints `{{text}}` without a limit {{when}}: its stdout goes into Claude\'s context, so a large repository\'s full file list is paid for on every turn',
      hookRead:
        '{{event}} hook runs `{{text}}` {{when}}, printing the contents of every file into Claude\'s context'
    }
  },
  check(ctx) {
    const { project } = ctx
    const docs: { file: SourceFile; from: number; what: string }[] = []
    for (const a of [...project.agents, ...project.commands, ...project.skills]) {
      docs.push({ file: a.md.file, from: a.md.bodyStart, what: `${a.kind} ${a.path}` })
    }
    for (const m of project.memory) docs.push({ file: m.file, from: 0, what: `memory file ${m.file.path}` })
    const tip = 'search first (Grep/Glob), then Read only the files the search found; keep a short map of the repository in CLAUDE.md instead of dumping it'
    for (const d of whileTimeLeft(ctx, 'full-repo-read', docs, (x) => x.file.path)) {
      scanMarkdown(d.file, d.from, (at, messageId, text, confidence) =>
        ctx.report({ messageId, data: { what: d.what, text }, at, confidence, tip })
      )
    }

    // Hooks whose stdout becomes context.
    const scanned = new Set<string>()
    for (const site of hookSites(project)) {
      const when = Object.hasOwn(CONTEXT_EVENTS, site.handler.event) ? CONTEXT_EVENTS[site.handler.event] : undefined
      if (!when) continue
      const a = analyzeHook(site)
      if (!a) continue
      const event = site.handler.event
      const hookTip = 'limit the output (`tree -L 2`, `git ls-files | head -200`, `find . -maxdepth 2`), or print a short summary; Claude can list files itself when it needs to'
      for (const { cmd, shift, fallback } of a.commands) {
        const hit = dump(cmd)
        if (!hit) continue
        const at = a.span(fallback ? fallback.start : cmd.start + shift, fallback ? fallback.end : hit.end + shift)
        if (at) ctx.report({ messageId: hit.read ? 'hookRead' : 'hookTree', data: { event, text: hit.text, when }, at, tip: hookTip })
      }
      // Shell scripts in the repository that the hook runs.
      for (const t of a.targets) {
        if (!t.repoPath || t.escapes || scanned.has(t.repoPath)) continue
        const interp = t.interpreter ?? ''
        if (interp && !['bash', 'sh', 'zsh', 'dash', 'ksh', 'source'].includes(interp)) continue
        const file = project.reader.read(t.repoPath)
        if (!file) continue
        const shebang = /^#!.*\b(?:ba|z|da|k)?sh\b/.test(file.text)
        if (!interp && !shebang && !/\.(?:sh|bash|zsh)$/.test(t.repoPath)) continue
        scanned.add(t.repoPath)
        const script = parseShell(file.text)
        for (const cmd of script.commands) {
          const hit = dump(cmd)
          if (!hit) continue
          ctx.report({
            messageId: hit.read ? 'hookRead' : 'hookTree',
            data: { event, text: hit.text, when },
            at: { file, start: cmd.start, end: hit.end },
            tip: hookTip
          })
        }
      }
    }
  }
})

/** A command that prints the whole tree (or every file's contents) to stdout. */
function dump(cmd: ShellCommand): { text: string; end: number; read: boolean } | undefined {
  if (cmd.inSubstitution || cmd.args.length === 0) return undefined
  const read = readsEverything(cmd)
  if (read) return { ...read, read: true }
  if (!reachesStdout(cmd)) return undefined
  const name = baseName(cmd.name)
  const words = cmd.args
  const opts = words.slice(1).filter((w) => w.text.startsWith('-'))
  const operands = words.slice(1).filter((w) => !w.text.startsWith('-'))
  const text = (): string => words.map((w) => w.text).join(' ')
  const end = words[words.length - 1].end
  if (name === 'tree') {
    // -L limits depth, -P keeps only matching files, -o writes to a file, --filelimit caps folders.
    const dirs: string[] = []
    for (let i = 1; i < words.length; i++) {
      const t = words[i].text
      if (/^-[LPo]/.test(t) || t.startsWith('--filelimit') || t === '--fromfile') return undefined
      if (TREE_ARG_OPTS.has(t)) {
        i++
        continue
      }
      if (!t.startsWith('-')) dirs.push(t)
    }
    if (dirs.some((d) => !isRoot(d))) return undefined
    return { text: text(), end, read: false }
  }
  if (name === 'find') {
    const paths: string[] = []
    for (const w of words.slice(1)) {
      if (w.text.startsWith('-') || w.text === '!' || w.text === '(') break
      paths.push(w.text)
    }
    if (paths.some((p) => !isRoot(p))) return undefined
    for (let i = 1; i < words.length; i++) {
      const t = words[i].text
      if (FIND_NARROW.has(t)) return undefined
      if ((t === '-path' || t === '-ipath') && !['-not', '!'].includes(words[i - 1]?.text ?? '')) return undefined
      if (t === '-exec' || t === '-execdir' || t === '-delete' || t === '-quit') return undefined
    }
    return { text: text(), end, read: false }
  }
  if (name === 'git' && (words[1]?.text === 'ls-files' || (words[1]?.text === 'ls-tree' && words.some((w) => w.text === '-r' || w.text === '--full-tree')))) {
    const ops = words.slice(2).filter((w) => !w.text.startsWith('-'))
    // `git ls-files src/`: a pathspec narrows it; `git ls-tree -r HEAD` names a tree-ish, not a path.
    const pathspecs = words[1].text === 'ls-tree' ? ops.slice(1) : ops
    if (pathspecs.some((w) => !isRoot(w.text))) return undefined
    return { text: text(), end, read: false }
  }
  if (name === 'ls' && opts.some((w) => /^-[a-zA-Z]*R/.test(w.text) || w.text === '--recursive')) {
    if (operands.some((w) => !isRoot(w.text))) return undefined
    return { text: text(), end, read: false }
  }
  return undefined
}

/** `.`, `./`, the project dir: the whole repository. */
function isRoot(p: string): boolean {
  return p === '.' || p === './' || /^\$\{?CLAUDE_PROJECT_DIR\}?\/?$/.test(p) || /^\$\(\s*git rev-parse --show-toplevel\s*\)\/?$/.test(p)
}

/** Whether the command's output reaches stdout in full (no limiting pipe stage, no redirect to a file). */
function reachesStdout(cmd: ShellCommand): boolean {
  for (const r of cmd.redirects) {
    if ((r.op === '>' || r.op === '>>' || r.op === '&>' || r.op === '>|') && (r.fd === undefined || r.fd === '1') && r.target?.text !== '/dev/stdout') return false
  }
  for (let n = cmd.pipeNext; n; n = n.pipeNext) {
    if (LIMITERS.has(baseName(n.name))) return false
    if (baseName(n.name) === 'xargs') return false
    for (const r of n.redirects) if ((r.op === '>' || r.op === '>>') && (r.fd === undefined || r.fd === '1')) return false
  }
  return true
}

/** `cat $(git ls-files)`, `git ls-files | xargs cat`, `find . -type f -exec cat {} +`, `cat **\/*`. */
function readsEverything(cmd: ShellCommand): { text: string; end: number } | undefined {
  const name = baseName(cmd.name)
  const words = cmd.args
  const text = (ws = words): string => ws.map((w) => w.raw).join(' ')
  if (name === 'cat' || name === 'bat') {
    for (const w of words.slice(1)) {
      if (w.hasCommandSubst && /^\$\(\s*(?:git\s+ls-files|find\s+\.(?:\s|\)))|^`\s*(?:git\s+ls-files|find\s+\.)/.test(w.raw) && !/\|\s*(?:head|grep|rg)\b/.test(w.raw) && !/ls-files\s+[^-)\s]/.test(w.raw)) {
        return { text: text(), end: words[words.length - 1].end }
      }
      if (/^(?:\.\/)?\*\*(?:\/\*(?:\.[\w{},]+)?)?$/.test(w.text) && !w.quoted) return { text: text(), end: words[words.length - 1].end }
    }
    return undefined
  }
  if (name === 'find') {
    const paths: string[] = []
    for (const w of words.slice(1)) {
      if (w.text.startsWith('-') || w.text === '!' || w.text === '(') break
      paths.push(w.text)
    }
    if (paths.some((p) => !isRoot(p))) return undefined
    const ex = words.findIndex((w) => w.text === '-exec' || w.text === '-execdir')
    if (ex > 0 && ['cat', 'bat', 'head'].includes(baseName(words[ex + 1]?.text ?? '')) && !words.slice(1, ex).some((w) => FIND_NARROW.has(w.text) || w.text === '-path' || w.text === '-ipath')) {
      if (baseName(words[ex + 1].text) === 'head') return undefined
      return { text: text(), end: words[words.length - 1].end }
    }
    if (cmd.pipeNext && isXargsCat(cmd.pipeNext) && !words.slice(1).some((w) => FIND_NARROW.has(w.text) || w.text === '-path' || w.text === '-ipath')) {
      return { text: `${text()} | ${text(cmd.pipeNext.args)}`, end: cmd.pipeNext.end }
    }
    return undefined
  }
  if (name === 'git' && words[1]?.text === 'ls-files' && cmd.pipeNext && isXargsCat(cmd.pipeNext)) {
    if (words.slice(2).some((w) => !w.text.startsWith('-') && !isRoot(w.text))) return undefined
    return { text: `${text()} | ${text(cmd.pipeNext.args)}`, end: cmd.pipeNext.end }
  }
  return undefined
}

function isXargsCat(n: ShellCommand): boolean {
  if (baseName(n.name) !== 'xargs') return false
  const rest = n.args.slice(1).filter((w) => !w.text.startsWith('-') && w.text !== '{}')
  return rest.length > 0 && ['cat', 'bat'].includes(baseName(rest[0].text))
}

/** A fence opener or closer, tested on one line (without its `\r`). */
const FENCE = /^\s{0,3}(`{3,}|~{3,})\s*([\w+-]*)/

/**
 * Scans a Markdown body: `Read(**)` calls, shell in code, and plain-language instructions.
 *
 * The body is read as lines split at `\n` (a `\r` before it dropped). Only lines holding a backtick
 * or a tilde are visited one by one: a fence opener or closer matches {@link FENCE}, so it holds
 * three backticks or tildes, and {@link codeSpans} finds spans only between backticks. Every other
 * line is a prose line outside fences (no fence or code span to scan there) and a body line inside
 * one (the fence's body is cut from the text at its close). The lines themselves are listed only
 * when `Read(` occurs or a prose expression matches the body, which few files do.
 */
function scanMarkdown(
  file: SourceFile,
  from: number,
  report: (at: Span, messageId: string, text: string, confidence: 'high' | 'medium') => void
): void {
  const text = file.text
  const reported = new Set<number>()
  const once = (line: number): boolean => {
    if (reported.has(line)) return false
    reported.add(line)
    return true
  }
  // Code: fenced blocks (shell or unlabelled) and inline code spans.
  let fence: { marker: string; lang: string; bodyStart: number } | undefined
  // Where each fence's lines (opener to closer) begin and end: none of them is prose.
  const fenced: { start: number; end: number }[] = []
  let hasProse = false
  // A fence's body: its lines without their `\r`, joined by `\n` (`end`: where the closer's line begins, or the text's end),
  // and where each body offset is in the file (one more for every `\r` dropped before it).
  const fenceBody = (bodyStart: number, end: number): { body: string; at: (offset: number) => number } => {
    const raw = text.slice(bodyStart, end)
    if (!raw.includes('\r')) return { body: raw, at: (o) => bodyStart + o }
    const dropped: number[] = []
    const body = raw.replace(/\r(\n|$)/g, (_m, nl: string, i: number) => {
      dropped.push(i - dropped.length)
      return nl
    })
    return {
      body,
      at: (o) => {
        let n = 0
        while (n < dropped.length && (dropped[n] as number) <= o) n++
        return bodyStart + o + n
      }
    }
  }
  const prompts = (lang: string): boolean => lang === 'console' || lang === 'terminal' || lang.startsWith('shell')
  let tick = text.indexOf('`', from)
  let tilde = text.indexOf('~', from)
  // Start of the first line not yet visited.
  let pos = from
  while (pos <= text.length) {
    if (tick >= 0 && tick < pos) tick = text.indexOf('`', pos)
    if (tilde >= 0 && tilde < pos) tilde = text.indexOf('~', pos)
    const next = tick < 0 ? tilde : tilde < 0 ? tick : Math.min(tick, tilde)
    if (next < 0) break
    const lineStart = Math.max(from, text.lastIndexOf('\n', next - 1) + 1)
    // Lines between `pos` and this one: body lines in a fence, prose lines outside.
    if (lineStart > pos && !fence) hasProse = true
    const nl = text.indexOf('\n', next)
    const rawEnd = nl < 0 ? text.length : nl
    const line = text.charCodeAt(rawEnd - 1) === 13 && rawEnd - 1 >= lineStart ? text.slice(lineStart, rawEnd - 1) : text.slice(lineStart, rawEnd)
    const m = FENCE.exec(line)
    if (fence) {
      if (m && m[1].startsWith(fence.marker[0]) && m[1].length >= fence.marker.length && line.trim() === m[1]) {
        if (SHELL_LANGS.has(fence.lang)) {
          const b = fenceBody(fence.bodyStart, lineStart - 1)
          scanShell(b.body, b.at, prompts(fence.lang))
        }
        ;(fenced[fenced.length - 1] as { end: number }).end = rawEnd + 1
        fence = undefined
      }
    } else if (m) {
      fence = { marker: m[1], lang: m[2].toLowerCase(), bodyStart: rawEnd + 1 }
      fenced.push({ start: lineStart, end: Infinity })
    } else {
      hasProse = true
      for (const c of codeSpans(line)) scanShell(c.text, (o) => lineStart + c.start + o, false)
    }
    pos = rawEnd + 1
  }
  // Lines after the last one visited.
  if (pos <= text.length && !fence) hasProse = true
  // An unclosed fence runs to the end of the file.
  if (fence && SHELL_LANGS.has(fence.lang)) {
    const b = fenceBody(fence.bodyStart, text.length)
    scanShell(b.body, b.at, prompts(fence.lang))
  }

  /** Every line after `from` (without its `\r`), and whether it is prose (outside fences). */
  const lines = (): { start: number; text: string; prose: boolean }[] => {
    const out: { start: number; text: string; prose: boolean }[] = []
    let off = from
    let f = 0
    for (const raw of text.slice(from).split('\n')) {
      while (f < fenced.length && (fenced[f] as { end: number }).end <= off) f++
      const inFence = f < fenced.length && (fenced[f] as { start: number }).start <= off
      out.push({ start: off, text: raw.replace(/\r$/, ''), prose: !inFence })
      off += raw.length + 1
    }
    return out
  }
  let listed: ReturnType<typeof lines> | undefined

  /** `at`: where an offset of `src` is in the file. */
  function scanShell(src: string, at: (offset: number) => number, prompts: boolean): void {
    // `$ cmd` prompts in console blocks: blank them out, keeping offsets.
    // `[^\S…]` rather than `\s`: a blank run may not cross a line end (each line start rescanned the
    // blank lines after it, quadratically); the `$ ` a prompt begins with is the same.
    const body = prompts ? src.replace(/^([^\S\n\r\u2028\u2029]*)\$ /gm, '$1  ') : src
    // Code in which readsEverything cannot match is not parsed (see mayReadAll).
    if (!mayReadAll(body)) return
    let script: ShellScript = parseShell(body)
    let shift = 0
    const scripts: { s: ShellScript; shift: number }[] = []
    if (script.ok) scripts.push({ s: script, shift })
    else {
      // One bad line should not hide the rest: parse line by line.
      let o = 0
      for (const l of body.split('\n')) {
        shift = o
        o += l.length + 1
        if (!mayReadAll(l)) continue
        script = parseShell(l)
        if (script.ok) scripts.push({ s: script, shift })
      }
    }
    for (const { s, shift: sh } of scripts) {
      for (const cmd of s.commands) {
        if (cmd.inSubstitution) continue
        const hit = readsEverything(cmd)
        if (!hit) continue
        const start = at(sh + cmd.start)
        const line = file.position(start).line
        // An end is one past the last character: after where that character is (a dropped `\r` stays outside).
        if (once(line)) report({ file, start, end: at(sh + hit.end - 1) + 1 }, 'shellRead', hit.text, 'high')
      }
    }
  }

  // Every READ_GLOB match holds `Read(`, and a line's text is a piece of the file's: no `Read(` after
  // `from`, no match on any line.
  for (const p of text.includes('Read(', from) ? (listed ??= lines()) : []) {
    for (const m of p.text.matchAll(READ_GLOB)) {
      if (PERMISSION_CONTEXT.test(p.text)) continue
      const start = p.start + (m.index ?? 0)
      if (once(file.position(start).line)) report({ file, start, end: start + m[0].length }, 'globRead', m[0], 'high')
    }
  }
  // A match in a line (its text ends before the `\r\n` or `\n` that follows it in the file) is a match
  // in the body after `from`, where `\b` holds at the line's ends as it does in the line: an expression
  // with no match in the body has none in any line. One native scan of the body replaces a call per line.
  const body = hasProse ? text.slice(from) : ''
  const prosePatterns = PROSE.filter((re) => {
    re.lastIndex = 0
    const found = re.test(body)
    re.lastIndex = 0
    return found
  })
  for (const p of prosePatterns.length ? (listed ??= lines()) : []) {
    if (!p.prose) continue
    for (const re of prosePatterns) {
      for (const m of p.text.matchAll(re)) {
        const idx = m.index ?? 0
        // The sentence up to the match must not negate it.
        const before = p.text.slice(0, idx)
        const sentence = before.slice(Math.max(before.lastIndexOf('.'), before.lastIndexOf('!'), before.lastIndexOf('?'), before.lastIndexOf(';')) + 1)
        if (NEGATION.test(sentence)) continue
        const start = p.start + idx
        if (once(file.position(start).line)) report({ file, start, end: start + m[0].length }, 'prose', m[0], 'medium')
      }
    }
  }
}

/**
 * Inline code spans of one line, as `/(`+)([^`]+?)\1(?!`)/g` found them: a
 * run of backticks, text without backticks, and a run of exactly as many
 * backticks closing it (when the opening run is longer, its last ones open
 * the span). `start` is where the text inside begins. One pass over the
 * backtick runs, where the expression went back over each run from every
 * place in it.
 */
export function codeSpans(line: string): { start: number; text: string }[] {
  const out: { start: number; text: string }[] = []
  const runEnd = (i: number): number => {
    while (line[i] === '`') i++
    return i
  }
  let open = line.indexOf('`')
  while (open >= 0) {
    const openEnd = runEnd(open)
    const close = line.indexOf('`', openEnd)
    if (close < 0) break
    const closeEnd = runEnd(close)
    if (closeEnd - close <= openEnd - open) {
      out.push({ start: openEnd, text: line.slice(openEnd, close) })
      open = line.indexOf('`', closeEnd)
    } else open = close
  }
  return out
}
