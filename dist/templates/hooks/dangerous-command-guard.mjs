#!/usr/bin/env node
// dangerous-command-guard.mjs — Claude Code PreToolUse hook for the Bash tool:
// block commands that destroy data or run code from the network.
//
// Runtime: Node.js 18+ on PATH (no dependencies). Claude Code itself may run without
// Node (its native build): where `node` is missing this hook cannot start (exit 127), a
// non-blocking error to Claude Code, so it guards nothing there.
// Register: "PreToolUse" with matcher "Bash", command
//   node "$CLAUDE_PROJECT_DIR"/.claude/hooks/dangerous-command-guard.mjs
// Input: the hook payload as JSON on stdin; reads tool_name and tool_input.command.
// Environment: none.
// Blocks (exit 2, the reason on stderr, which Claude Code shows to Claude):
//   - recursive force deletes (`rm -rf x`, `rm -r -f`, `rm --recursive --force`),
//     any recursive delete of /, ~, $HOME, ., .., *, and `--no-preserve-root`
//   - download-and-execute: `curl|wget ... | sh|bash|zsh|python|...` (when the
//     interpreter runs its stdin), `bash <(curl ...)`, `sh -c "$(wget ...)"`,
//     `eval "$(curl ...)"`, `source <(curl ...)`
//   - force pushes: `git push --force`, `-f`, `--force-with-lease`,
//     `--force-if-includes`, `+refspec`, to any branch
//   - destructive SQL: DROP TABLE|DATABASE|SCHEMA, TRUNCATE, DELETE FROM without
//     WHERE (upper-case keywords anywhere except in search/VCS commands such
//     as grep or git commit; any case when a database client is invoked)
//   - `chmod`/`chown`/`chgrp -R` on /, ~, $HOME, ...; `chmod -R 777` (world-writable)
//   - `mkfs*`, `mke2fs`, `wipefs`; `dd of=/dev/<disk>`; redirection onto a disk
//     device (`> /dev/sda`); the classic fork bomb
// The command is tokenised like a shell would (quotes, escapes, pipelines, `;`,
// `&&`, `||`, newlines); wrappers (sudo, env, xargs, timeout, nice, nohup,
// command, exec, ...) are looked through, and `bash -c`, `eval`, `$(...)`,
// backticks, `<(...)` and `find -exec` are inspected recursively.
// Fails CLOSED: a payload that is not JSON, a Bash call without a string
// tool_input.command, or any error in the guard exits 2. Other tools exit 0.
// This is defence in depth; keep hard rules in permissions.deny as well.
import { readFileSync } from 'node:fs'

const NAME = 'dangerous-command-guard'
const MAX_DEPTH = 8

function block(reason, command) {
  const shown =
    typeof command === 'string' ? ` Command: ${command.length > 300 ? command.slice(0, 300) + '…' : command}` : ''
  process.stderr.write(`${NAME}: blocked: ${reason}.${shown}\n`)
  process.exit(2)
}

// ---------------------------------------------------------------------------
// Tokeniser

/**
 * Splits shell text into simple commands. Each segment has its words (quotes
 * removed), its raw source text, its redirections, the command substitutions
 * found in it, and whether it pipes into the next segment.
 */
function lex(text) {
  const segments = []
  let seg = newSegment(0)
  let word = null // current word text, null when between words
  const heredocs = [] // here-documents whose bodies start after the current line
  let i = 0
  const n = text.length

  function newSegment(start) {
    return { words: [], raw: '', start, end: start, pipeNext: false, redirects: [], subs: [] }
  }
  function endWord() {
    if (word !== null) {
      if (seg.pendingRedirect) {
        const op = seg.pendingRedirect
        seg.redirects.push({ op, target: word })
        if (op === '<<' || op === '<<-') heredocs.push({ seg, delim: word, strip: op === '<<-' })
        seg.pendingRedirect = undefined
      } else seg.words.push(word)
    }
    word = null
  }
  /** Reads the bodies of pending here-documents starting at `from`; each becomes a substitution of its command. */
  function heredocBodies(from) {
    let j = from
    for (const hd of heredocs) {
      const start = j
      let bodyEnd = n
      while (j < n) {
        const e = text.indexOf('\n', j)
        const lineEnd = e < 0 ? n : e
        const line = text.slice(j, lineEnd)
        const next = e < 0 ? n : e + 1
        if ((hd.strip ? line.replace(/^\t+/, '') : line) === hd.delim) {
          bodyEnd = j
          j = next
          break
        }
        j = next
      }
      hd.seg.subs.push(text.slice(start, Math.min(bodyEnd, n)))
    }
    heredocs.length = 0
    return j
  }
  function endSegment(at, pipe) {
    endWord()
    seg.end = at
    seg.raw = text.slice(seg.start, at)
    seg.pipeNext = pipe
    if (seg.words.length || seg.redirects.length || seg.subs.length) segments.push(seg)
    seg = newSegment(at)
  }
  /** Index just past the `)` that closes a `(` opened before `from`, honouring quotes and nesting. */
  function closeParen(from) {
    let depth = 1
    let j = from
    while (j < n) {
      const c = text[j]
      if (c === '\\') j += 2
      else if (c === "'") {
        const k = text.indexOf("'", j + 1)
        j = k < 0 ? n : k + 1
      } else if (c === '"') {
        j++
        while (j < n && text[j] !== '"') j += text[j] === '\\' ? 2 : 1
        j++
      } else if (c === '(') {
        depth++
        j++
      } else if (c === ')') {
        depth--
        j++
        if (depth === 0) return j
      } else j++
    }
    return n
  }
  function closeBacktick(from) {
    let j = from
    while (j < n && text[j] !== '`') j += text[j] === '\\' ? 2 : 1
    return Math.min(j + 1, n)
  }
  /** Reads `$(...)`, `<(...)`, `>(...)` or a backtick substitution at i; returns the end index. */
  function substitution(at) {
    if (text[at] === '`') {
      const end = closeBacktick(at + 1)
      seg.subs.push(text.slice(at + 1, Math.max(at + 1, end - 1)))
      return end
    }
    const end = closeParen(at + 2)
    seg.subs.push(text.slice(at + 2, Math.max(at + 2, end - 1)))
    return end
  }

  while (i < n) {
    const c = text[i]
    if (c === '\\') {
      if (text[i + 1] === '\n') {
        i += 2
        continue
      }
      word = (word ?? '') + (text[i + 1] ?? '')
      i += 2
      continue
    }
    if (c === "'") {
      const k = text.indexOf("'", i + 1)
      const end = k < 0 ? n : k
      word = (word ?? '') + text.slice(i + 1, end)
      i = end + 1
      continue
    }
    if (c === '"') {
      let j = i + 1
      let w = word ?? ''
      while (j < n && text[j] !== '"') {
        if (text[j] === '\\' && j + 1 < n) {
          w += '"\\$`\n'.includes(text[j + 1]) ? (text[j + 1] === '\n' ? '' : text[j + 1]) : text[j] + text[j + 1]
          j += 2
        } else if ((text[j] === '$' && text[j + 1] === '(') || text[j] === '`') {
          const end = substitution(j)
          w += text.slice(j, end)
          j = end
        } else {
          w += text[j]
          j++
        }
      }
      word = w
      i = j + 1
      continue
    }
    if ((c === '$' && text[i + 1] === '(') || c === '`' || ((c === '<' || c === '>') && text[i + 1] === '(')) {
      const end = substitution(i)
      word = (word ?? '') + text.slice(i, end)
      i = end
      continue
    }
    if (c === '#' && word === null) {
      const k = text.indexOf('\n', i)
      i = k < 0 ? n : k
      continue
    }
    if (c === ' ' || c === '\t' || c === '\r') {
      endWord()
      i++
      continue
    }
    if (c === '\n') {
      endSegment(i, false)
      i = heredocs.length ? heredocBodies(i + 1) : i + 1
      seg.start = i
      continue
    }
    if (c === ';' || c === '(' || c === ')') {
      endSegment(i, false)
      i++
      seg.start = i
      continue
    }
    if (c === '|' || c === '&') {
      const two = text.slice(i, i + 2)
      if (c === '&' && text[i + 1] === '>') {
        // &> and &>> redirect both streams
        endWord()
        const op = text[i + 2] === '>' ? '&>>' : '&>'
        seg.pendingRedirect = op
        i += op.length
        continue
      }
      const pipe = two === '|&' || (c === '|' && two !== '||')
      const len = two === '||' || two === '&&' || two === '|&' ? 2 : 1
      endSegment(i, pipe)
      i += len
      seg.start = i
      continue
    }
    if (c === '>' || c === '<') {
      if (word !== null && /^\d+$/.test(word)) word = null // file descriptor
      endWord()
      let op = c
      let j = i + 1
      while (j < n && '<>&|-'.includes(text[j]) && op.length < 3) op += text[j++]
      seg.pendingRedirect = op
      i = j
      continue
    }
    word = (word ?? '') + c
    i++
  }
  endSegment(n, false)
  if (heredocs.length) heredocBodies(n)
  return segments
}

// ---------------------------------------------------------------------------
// Commands

const base = (w) => (w ?? '').replace(/^\\/, '').replace(/^.*\//, '')

/** Wrappers that run the rest of their arguments as a command, with their options that take a value. */
const WRAPPERS = {
  sudo: [
    '-u',
    '-g',
    '-C',
    '-D',
    '-h',
    '-p',
    '-r',
    '-t',
    '-U',
    '-T',
    '--user',
    '--group',
    '--chdir',
    '--host',
    '--prompt'
  ],
  doas: ['-u', '-C'],
  env: ['-u', '-C', '-S', '--unset', '--chdir', '--split-string'],
  xargs: [
    '-I',
    '-i',
    '-n',
    '-P',
    '-L',
    '-l',
    '-d',
    '-E',
    '-e',
    '-s',
    '-a',
    '--arg-file',
    '--delimiter',
    '--max-args',
    '--max-procs',
    '--replace'
  ],
  timeout: ['-s', '-k', '--signal', '--kill-after'],
  nice: ['-n', '--adjustment'],
  ionice: ['-c', '-n', '-p'],
  stdbuf: ['-i', '-o', '-e'],
  watch: ['-n', '-d', '--interval'],
  nohup: [],
  command: [],
  builtin: [],
  exec: ['-a'],
  time: ['-f', '-o'],
  noglob: [],
  chronic: [],
  unbuffer: [],
  caffeinate: ['-t', '-w'],
  setsid: [],
  flock: ['-w', '-E', '-c'],
  'run-one': []
}

/** Drops variable assignments and wrapper commands: `sudo -u x env A=1 rm -rf y` → `rm -rf y`. */
function unwrap(words) {
  let w = words.slice()
  for (let guard = 0; guard < 20 && w.length; guard++) {
    while (w.length && /^[A-Za-z_][A-Za-z0-9_]*=/.test(w[0])) w.shift()
    if (w[0] === '{' || w[0] === '!') {
      w.shift()
      continue
    }
    const name = base(w[0])
    const opts = WRAPPERS[name]
    if (!opts) break
    w.shift()
    while (w.length) {
      const x = w[0]
      if (x === '--') {
        w.shift()
        break
      }
      if (/^[A-Za-z_][A-Za-z0-9_]*=/.test(x) && name === 'env') {
        w.shift()
        continue
      }
      if (!x.startsWith('-') || x === '-') break
      w.shift()
      if (opts.includes(x)) w.shift()
    }
    if (name === 'timeout' && w.length && /^\d/.test(w[0])) w.shift()
    if (name === 'flock' && w.length) w.shift() // lock file
  }
  return w
}

const SHELLS = new Set(['sh', 'bash', 'zsh', 'dash', 'ksh', 'mksh', 'ash', 'fish', 'busybox'])
const INTERPRETERS = new Set([
  ...SHELLS,
  'python',
  'python2',
  'python3',
  'py',
  'pypy',
  'pypy3',
  'perl',
  'ruby',
  'node',
  'nodejs',
  'deno',
  'bun',
  'php',
  'pwsh',
  'powershell',
  'lua',
  'Rscript',
  'osascript'
])
const DOWNLOADERS = new Set(['curl', 'wget', 'fetch', 'aria2c', 'http', 'https', 'xh', 'lwp-request', 'GET'])
/** Options with which an interpreter takes its program from the command line, not stdin. */
const PROGRAM_OPTS = new Set([
  '-c',
  '-e',
  '-E',
  '-m',
  '-r',
  '--eval',
  '-p',
  '--print',
  '--command',
  '-command',
  '-Command',
  '-File',
  '-f'
])

function isInterpreter(name) {
  return INTERPRETERS.has(name) || /^python\d(\.\d+)?$/.test(name)
}

/** Whether an interpreter invocation executes what arrives on stdin. */
function runsStdin(words) {
  const name = base(words[0])
  for (const w of words.slice(1)) {
    if (w === '-') return true
    if (SHELLS.has(name) && /^-[a-z]*s[a-z]*$/.test(w)) return true
    if (PROGRAM_OPTS.has(w)) return false
    if (w.startsWith('-')) continue
    return false
  }
  return true
}

/** Paths whose recursive deletion or permission change wrecks a system or a home directory. */
function critical(target) {
  const t = target.replace(/\/+$/, '') || '/'
  if (
    [
      '/',
      '/*',
      '~',
      '~/*',
      '.',
      './*',
      '..',
      '../*',
      '*',
      '.*',
      '$HOME',
      '${HOME}',
      '$HOME/*',
      '${HOME}/*',
      '$PWD',
      '${PWD}',
      '$PWD/*'
    ].includes(t)
  )
    return true
  if (
    /^\/(\*|bin|boot|dev|etc|home|lib|lib64|opt|proc|root|sbin|srv|sys|usr|var|Users|System|Library|Applications|private)(\/\*?)?$/.test(
      t
    )
  )
    return true
  if (/^(~|\$HOME|\$\{HOME\})\/?(\.\*|\*)?$/.test(t)) return true
  return false
}

function checkRm(args) {
  let r = false
  let f = false
  const targets = []
  let opts = true
  for (const w of args) {
    if (opts && w === '--') {
      opts = false
      continue
    }
    if (opts && w.startsWith('--')) {
      if (w === '--recursive') r = true
      else if (w === '--force') f = true
      else if (w === '--no-preserve-root') return 'rm --no-preserve-root'
      continue
    }
    if (opts && /^-[A-Za-z]+$/.test(w)) {
      if (/[rR]/.test(w)) r = true
      if (/f/.test(w)) f = true
      continue
    }
    targets.push(w)
  }
  if (r && f) return `recursive force delete (rm -rf ${targets.join(' ')})`.replace(/ \)$/, ')')
  const bad = targets.find(critical)
  if (r && bad !== undefined) return `recursive delete of ${bad}`
  return undefined
}

function checkGit(args) {
  let i = 0
  while (i < args.length && args[i].startsWith('-')) {
    const w = args[i]
    i += ['-C', '-c', '--git-dir', '--work-tree', '--namespace', '--config-env'].includes(w) ? 2 : 1
  }
  if (args[i] !== 'push') return undefined
  for (const w of args.slice(i + 1)) {
    if (/^--force(-with-lease|-if-includes)?(=.*)?$/.test(w)) return `force push (git push ${w})`
    if (/^-[A-Za-z]+$/.test(w) && w.includes('f')) return `force push (git push ${w})`
    if (/^\+[^\s]/.test(w)) return `force push (git push ${w}: a leading + forces the update)`
  }
  return undefined
}

function worldWritable(mode) {
  if (/^0*[0-7]?[0-7][0-7][2367]$/.test(mode)) return true
  return /(^|,)[ugoa]*[ao][ugoa]*[+=][rwxXst]*w/.test(mode)
}

function checkPerm(name, args) {
  const recursive = args.some((w) => w === '--recursive' || /^-[A-Za-z]*R[A-Za-z]*$/.test(w))
  if (!recursive) return undefined
  const positional = args.filter((w) => !w.startsWith('-') || /^-[rwx]+$/.test(w))
  const bad = positional.slice(1).find(critical)
  if (bad !== undefined) return `recursive ${name} of ${bad}`
  if (name === 'chmod' && positional.length && worldWritable(positional[0]))
    return `recursive world-writable chmod (${positional[0]})`
  return undefined
}

const DISK = /^\/dev\/(sd|hd|vd|xvd|nvme|mmcblk|disk|rdisk|md|dm-|mapper\/|loop|sr|nbd)/

// ---------------------------------------------------------------------------
// SQL

const DB_CLIENTS = new Set([
  'psql',
  'pg_dump',
  'mysql',
  'mariadb',
  'sqlite',
  'sqlite3',
  'sqlcmd',
  'clickhouse',
  'clickhouse-client',
  'cockroach',
  'duckdb',
  'mongosh',
  'mongo',
  'bq',
  'snowsql',
  'cqlsh',
  'isql',
  'sqlplus',
  'usql',
  'pgcli',
  'mycli',
  'litecli',
  'turso',
  'supabase',
  'wrangler',
  'prisma',
  'dbmate',
  'atlas',
  'flyway',
  'liquibase',
  'trino',
  'presto',
  'spark-sql',
  'beeline',
  'hive',
  'impala-shell'
])
/** Commands that mention SQL as text (search, version control, hosting CLIs), never execute it. */
const SQL_TEXT_ONLY = new Set([
  'grep',
  'egrep',
  'fgrep',
  'rg',
  'ag',
  'ack',
  'git',
  'gh',
  'glab',
  'sed',
  'awk',
  'diff',
  'jj',
  'hg',
  'svn'
])

function sqlProblem(text, anyCase) {
  const flags = anyCase ? 'i' : ''
  const drop = new RegExp(String.raw`\bDROP\s+(TABLE|DATABASE|SCHEMA)\b`, flags).exec(text)
  if (drop) return `destructive SQL (${drop[0].replace(/\s+/g, ' ')})`
  const trunc = anyCase
    ? /\btruncate\s+(table\s+)?[A-Za-z_"`[]/i.exec(text)
    : /\bTRUNCATE\s+(TABLE\s+)?[A-Za-z_"`[]/.exec(text)
  if (trunc) return 'destructive SQL (TRUNCATE)'
  const del = new RegExp(String.raw`\bDELETE\s+FROM\s+[^\s;'"]+`, 'g' + flags)
  let m
  while ((m = del.exec(text))) {
    const rest = text.slice(m.index + m[0].length)
    const stmt = rest.split(/[;'"\n]/)[0]
    if (!/\bwhere\b/i.test(stmt)) return `destructive SQL (${m[0].replace(/\s+/g, ' ')} without WHERE)`
  }
  return undefined
}

// ---------------------------------------------------------------------------
// Analysis

/**
 * The reason to block `text`, or undefined. `sqlText` marks text that is only
 * data for a search/VCS command; `db` that a database client is involved.
 */
function analyze(text, depth, sqlText, db) {
  if (depth > MAX_DEPTH) return 'command nested too deeply to inspect'
  if (/:\s*\(\s*\)\s*\{\s*:\s*\|\s*:\s*&\s*\}\s*;\s*:/.test(text)) return 'fork bomb'
  const segments = lex(text)
  const dbClient = db || segments.some((s) => DB_CLIENTS.has(base(unwrap(s.words)[0])))
  for (let k = 0; k < segments.length; k++) {
    const seg = segments[k]
    const words = unwrap(seg.words)
    const name = base(words[0])
    const args = words.slice(1)
    const textOnly = sqlText || SQL_TEXT_ONLY.has(name)

    let why
    if (name === 'rm') why = checkRm(args)
    else if (name === 'git') why = checkGit(args)
    else if (name === 'chmod' || name === 'chown' || name === 'chgrp') why = checkPerm(name, args)
    else if (/^mkfs(\.|$)/.test(name) || name === 'mke2fs' || name === 'wipefs') why = `filesystem creation (${name})`
    else if (name === 'dd') {
      const of = args.find((w) => w.startsWith('of='))
      if (of && DISK.test(of.slice(3))) why = `raw write to a disk device (dd ${of})`
    }
    if (why) return why
    for (const r of seg.redirects) {
      if (r.op.includes('>') && DISK.test(r.target)) return `write to a disk device (${r.op} ${r.target})`
    }
    if (!textOnly) {
      const sql = sqlProblem(seg.raw, dbClient)
      if (sql) return sql
    }

    // Download piped into an interpreter that runs its stdin.
    if (DOWNLOADERS.has(name) && seg.pipeNext) {
      for (let j = k + 1; j < segments.length; j++) {
        const next = unwrap(segments[j].words)
        if (isInterpreter(base(next[0])) && runsStdin(next))
          return `download piped into ${base(next[0])} (runs code from the network)`
        if (!segments[j].pipeNext) break
      }
    }
    // Interpreter, eval or source fed by a substitution that downloads.
    if (isInterpreter(name) || name === 'eval' || name === 'source' || name === '.') {
      for (const sub of seg.subs) {
        if (lex(sub).some((s) => DOWNLOADERS.has(base(unwrap(s.words)[0]))))
          return `${name} runs downloaded code (${name} with a download in $(...) or <(...))`
      }
    }
    // Code given as a string: bash -c "...", eval ..., su -c "...", flock -c "...".
    if (SHELLS.has(name)) {
      const c = args.findIndex((w) => /^-[a-zA-Z]*c[a-zA-Z]*$/.test(w))
      if (c >= 0 && args[c + 1] !== undefined) {
        const inner = analyze(args[c + 1], depth + 1, textOnly, dbClient)
        if (inner) return inner
      }
    }
    if (name === 'eval' && args.length) {
      const inner = analyze(args.join(' '), depth + 1, textOnly, dbClient)
      if (inner) return inner
    }
    if (name === 'su') {
      const c = args.findIndex((w) => w === '-c' || w === '--command')
      if (c >= 0 && args[c + 1] !== undefined) {
        const inner = analyze(args[c + 1], depth + 1, textOnly, dbClient)
        if (inner) return inner
      }
    }
    if (name === 'find') {
      for (let j = 0; j < args.length; j++) {
        if (!['-exec', '-execdir', '-ok', '-okdir'].includes(args[j])) continue
        const end = args.findIndex((w, x) => x > j && (w === ';' || w === '+' || w === '\\;'))
        const sub = args.slice(j + 1, end < 0 ? undefined : end)
        const inner = analyze(sub.map(quote).join(' '), depth + 1, textOnly, dbClient)
        if (inner) return inner
      }
    }
    for (const sub of seg.subs) {
      const inner = analyze(sub, depth + 1, textOnly, dbClient)
      if (inner) return inner
    }
  }
  return undefined
}

/** Quotes a word for re-analysis. */
function quote(w) {
  return /^[\w@%+=:,./-]+$/.test(w) ? w : `'${w.replace(/'/g, `'\\''`)}'`
}

function main() {
  let payload
  try {
    payload = JSON.parse(readFileSync(0, 'utf8'))
  } catch (e) {
    return block(`the hook payload on stdin is not JSON (${e.message}); failing closed`)
  }
  if (!payload || typeof payload !== 'object') return block('the hook payload is not a JSON object; failing closed')
  if (typeof payload.tool_name !== 'string') return block('the hook payload has no tool_name; failing closed')
  if (payload.tool_name !== 'Bash') process.exit(0)
  const input = payload.tool_input
  if (!input || typeof input !== 'object' || typeof input.command !== 'string') {
    return block('the Bash call has no string tool_input.command; failing closed')
  }
  const why = analyze(input.command, 0, false, false)
  if (why) block(`${why}. Ask the user to run it themselves if it is really intended`, input.command)
  process.exit(0)
}

process.on('uncaughtException', (e) => block(`the guard failed (${e && e.message ? e.message : e}); failing closed`))
try {
  main()
} catch (e) {
  block(`the guard failed (${e && e.message ? e.message : e}); failing closed`)
}
