/**
 * What the code of a Python or JavaScript/TypeScript hook script does, read
 * from its tree-sitter syntax tree (src/parse/code.ts): how it exits
 * (`sys.exit(2)`, `raise SystemExit`, `process.exit(2)`, `process.exitCode`),
 * where its input comes from (stdin, `sys.argv`, environment variables), how
 * it handles errors (`try`/`except`/`catch`, and whether a handler re-raises),
 * which argparse flags gate a line, which functions nothing calls, and which
 * repository files it imports or runs.
 *
 * Comments, docstrings and string contents are syntax here, not text: an
 * `exit(2)` in a string, a comment or a regular expression literal is no exit.
 * Offsets are those of the source file (exact line and column).
 */
import { descendantsInGroups, descendantsOfType, parseCode, type CodeLanguage, type Node, type ParsedCode } from '../parse/code.js'
import type { SourceFile } from '../parse/source.js'
import { posix } from 'node:path'

/** A range of offsets in a script file. */
export interface Loc {
  start: number
  end: number
}

/** A Python condition on a CLI flag (`if args.validate and not args.log_only:`). */
export interface Gate {
  dest: string
  negated: boolean
}

/** One argparse option. */
export interface ArgOption {
  flags: string[]
  /** `store_false` flags sharing the dest (`--no-x`). */
  neg: string[]
  dest: string
  /** Value when the flag is absent. */
  absent: boolean
  /** Value when the flag is given. */
  present: boolean
}

/** An exit: `sys.exit(2)`, `os._exit(1)`, `raise SystemExit`, `process.exit(2)`, `process.exitCode = 2`. */
export interface ExitCall extends Loc {
  /** Status (0-255), or null when it cannot be read (`sys.exit(code)`). */
  code: number | null
}

/** A `try` with one of its handlers (`except ...:` in Python, `catch` in JavaScript). */
export interface TryHandler {
  /** The protected body. */
  body: Loc
  /** The handler's body. */
  handler: Loc
  /** Where to point: the `except ...:` header, or the `catch` keyword. */
  at: Loc
  /** The header as written (`except Exception`, `catch`). */
  head: string
  /** Catches every error: `except:`, `Exception`, `BaseException`; every JavaScript `catch`. */
  broad: boolean
  /** Also catches the `SystemExit` of `sys.exit(2)`: bare `except:`, `BaseException`, `SystemExit`. */
  catchesExit: boolean
  /** The handler raises or throws (outside functions it defines). */
  rethrows: boolean
}

/** A named function (`def f`, `function f`, `const f = () => ...`). */
export interface FunctionDef {
  name: string
  body: Loc
  /** Referenced anywhere besides its own definition (decorated or exported definitions count as used). */
  used: boolean
}

/** A repository path a script names: a module it imports, a script path it hands to a program-running call. */
export interface Named {
  /** Python: the module (`lib.common`, `.util`); JavaScript: the specifier (`./lib/io.js`, `node:fs`). */
  name: string
  at: Loc
}

/** What the code of one hook script does. */
export interface GuardCode {
  parsed: ParsedCode
  /** The source with comments and Python docstrings blanked (same offsets): for text searches. */
  text: string
  exits: ExitCall[]
  tries: TryHandler[]
  functions: FunctionDef[]
  /** Reads the hook payload from stdin somewhere. */
  readsStdin: boolean
  /** Reads positional parameters (`sys.argv[1]`, `process.argv[2]`). */
  argReads: Loc[]
  /** Reads environment variables by literal name (`os.environ.get("X")`, `process.env.X`). */
  envReads: (Loc & { name: string })[]
  /** Python: modules imported; JavaScript: specifiers required or imported. */
  imports: Named[]
  /** Python: literal script paths passed to calls that run programs (`subprocess.run(["bash", "x.sh"])`). */
  runs: Named[]
  /** Python: argparse options by dest. */
  options: Map<string, ArgOption>
  /** JavaScript: `process.on('uncaughtException', ...)` is installed. */
  catchesUncaught: boolean
  /**
   * Python: folders the script puts on `sys.path` (`sys.path.insert(0, os.path.join(os.path.dirname(__file__), ".."))`),
   * relative to the script's folder (`..`, `../lib`); only those built from `__file__` and literals.
   */
  pathDirs: string[]
  /**
   * Python: `return` statements that hand back the block status 2, alone or first in a tuple
   * (`return 2`, `return (2, "Blocked: …")`): a check whose caller exits with what it returns.
   */
  blockReturns: Loc[]
}

const CACHE = new WeakMap<SourceFile, GuardCode | null>()

/**
 * Reads a Python or JavaScript/TypeScript script (memoised per file).
 * Undefined when its grammar is not available.
 */
export function guardCode(file: SourceFile, lang: 'python' | 'js'): GuardCode | undefined {
  const hit = CACHE.get(file)
  if (hit !== undefined) return hit ?? undefined
  const parsed = parseCode(file, grammarOf(file, lang))
  const out = parsed ? (lang === 'python' ? readPython(parsed) : readJs(parsed)) : null
  CACHE.set(file, out)
  return out ?? undefined
}

/** The grammar for a script: by extension, else TypeScript for a `tsx`/`ts-node`/Deno/Bun shebang. */
export function grammarOf(file: SourceFile, lang: 'python' | 'js'): CodeLanguage {
  if (lang === 'python') return 'python'
  const ext = /\.([a-z]+)$/i.exec(file.path)?.[1]?.toLowerCase()
  if (ext === 'ts' || ext === 'mts' || ext === 'cts') return 'typescript'
  if (ext === 'tsx') return 'tsx'
  if (ext === 'js' || ext === 'mjs' || ext === 'cjs' || ext === 'jsx') return 'javascript'
  const first = file.text.startsWith('#!') ? file.text.slice(0, file.text.indexOf('\n') >>> 0) : ''
  return /\b(?:tsx|ts-node|deno|bun)\b/.test(first) ? 'typescript' : 'javascript'
}

// ---------------------------------------------------------------------------
// Shared helpers

/** Named children of a node, comments left out. */
function kids(n: Node | null | undefined): Node[] {
  return (n?.namedChildren ?? []).filter((c): c is Node => c !== null && c.type !== 'comment')
}

/** Dotted name of an identifier / attribute / member chain, whitespace removed (`sys.exit`, `process.stdout.write`). */
export function dottedName(n: Node | null | undefined): string | undefined {
  if (!n) return undefined
  switch (n.type) {
    case 'identifier':
    case 'property_identifier':
      return n.text
    case 'attribute':
    case 'member_expression': {
      const o = dottedName(n.childForFieldName('object'))
      const p = n.childForFieldName(n.type === 'attribute' ? 'attribute' : 'property')
      return o !== undefined && p ? `${o}.${p.text}` : undefined
    }
    default:
      return undefined
  }
}

/** The text of a plain string literal (no interpolation), or undefined. */
export function stringValue(n: Node | null | undefined): string | undefined {
  if (!n || n.type !== 'string') return undefined
  let out = ''
  for (const c of n.namedChildren) {
    if (!c) continue
    if (c.type === 'string_content' || c.type === 'string_fragment') out += c.text
    else if (c.type === 'escape_sequence') return undefined
    else if (c.type !== 'string_start' && c.type !== 'string_end') return undefined
  }
  return out
}

/** Blanks a range of a character array (newlines kept, so lines and columns stay). */
function blank(chars: string[], from: number, to: number): void {
  for (let k = from; k < to; k++) if (chars[k] !== '\n' && chars[k] !== '\r') chars[k] = ' '
}

/** Nodes that start a new scope: what runs inside them runs only when called. */
const FUNCTION_TYPES = new Set([
  'function_definition',
  'lambda',
  'class_definition',
  'function_declaration',
  'generator_function_declaration',
  'function_expression',
  'function',
  'generator_function',
  'arrow_function',
  'method_definition',
  'class_declaration',
  'class'
])

/** Whether `n` lies inside `outer` without crossing a function or class boundary. */
function sameScope(n: Node, outer: Node): boolean {
  for (let p = n.parent; p; p = p.parent) {
    if (p.id === outer.id) return true
    if (FUNCTION_TYPES.has(p.type)) return false
  }
  return false
}

/** The function or class holding the code at `off` (its start), or -1 at the top level of the script. */
export function scopeAt(code: GuardCode, off: number): number {
  for (let p: Node | null = nodeAt(code, off).parent; p; p = p.parent) if (FUNCTION_TYPES.has(p.type)) return p.startIndex
  return -1
}

/** Where the scope holding the code at `off` ends: its function's or class's end, or the end of the script. */
export function scopeEndAt(code: GuardCode, off: number): number {
  for (let p: Node | null = nodeAt(code, off).parent; p; p = p.parent) if (FUNCTION_TYPES.has(p.type)) return p.endIndex
  return code.parsed.file.text.length
}

/** Calls that read and decode the hook payload (and nothing else). */
const PAYLOAD_READS =
  /^(?:json\.loads?|sys\.stdin\.(?:read|readline|readlines)|input|JSON\.parse|(?:fs\.)?readFileSync|(?:\w+\.)*(?:strip|trim|decode|toString))$/

const STRING_METHODS: ReadonlySet<string> = new Set(['strip', 'trim', 'decode', 'toString', 'lower', 'toLowerCase'])

/**
 * Whether the code in a range only reads and decodes the hook payload
 * (`data = json.load(sys.stdin)`, `input = JSON.parse(readFileSync(0, 'utf8'))`):
 * every call in it is such a read, and it imports nothing. What fails there is the
 * JSON Claude Code sends, which is well-formed.
 */
export function onlyReadsPayload(code: GuardCode, range: Loc): boolean {
  const root = code.parsed.root
  const inRange = (n: Node): boolean => n.startIndex >= range.start && n.startIndex < range.end
  const imports = ['import_statement', 'import_from_statement', 'import']
  if (descendantsOfType(root, imports).some(inRange)) return false
  const calls = descendantsOfType(root, code.parsed.lang === 'python' ? 'call' : 'call_expression').filter(inRange)
  if (calls.length === 0) return false
  return calls.every((c) => {
    const fn = c.childForFieldName('function')
    if (PAYLOAD_READS.test(dottedName(fn) ?? '')) return true
    // `data["tool_input"]["command"].strip()`: a string method on a payload field.
    const method = fn?.childForFieldName('attribute') ?? fn?.childForFieldName('property')
    return method !== null && method !== undefined && STRING_METHODS.has(method.text)
  })
}

/** The smallest node holding the character at `off` (the one before it when `off` is an end). */
export function nodeAt(code: GuardCode, off: number): Node {
  const len = code.parsed.file.text.length
  const at = Math.max(0, Math.min(off, len - 1))
  return code.parsed.root.descendantForIndex(at, at) ?? code.parsed.root
}

function ancestors(n: Node): Node[] {
  const out: Node[] = []
  for (let p: Node | null = n; p; p = p.parent) out.push(p)
  return out
}

function locOf(n: Node): Loc {
  return { start: n.startIndex, end: n.endIndex }
}

function within(off: number, l: Loc): boolean {
  return off >= l.start && off < l.end
}

/** Names of the functions and variables a script defines (a call to one of them stays in this file). */
export function definedNames(code: GuardCode): Set<string> {
  const out = new Set(code.functions.map((f) => f.name))
  for (const d of descendantsOfType(code.parsed.root, 'variable_declarator')) {
    const n = d.childForFieldName('name')
    if (n?.type === 'identifier') out.add(n.text)
  }
  return out
}

// ---------------------------------------------------------------------------
// Python

/** The node types {@link readPython} reads, one list per loop below (all found in one walk of the tree). */
const PY_WALKED = [
  ['comment'],
  ['expression_statement'],
  ['call'],
  ['raise_statement'],
  ['attribute'],
  ['identifier'],
  ['subscript'],
  ['import_statement', 'import_from_statement'],
  ['try_statement'],
  ['function_definition'],
  ['return_statement']
] as const

function readPython(parsed: ParsedCode): GuardCode {
  const root = parsed.root
  const src = parsed.file.text
  const [comments, statements, calls, raises, attributes, identifiers, subscripts, imports, tries, defs, returns] = descendantsInGroups(root, PY_WALKED)
  const chars = src.split('')
  for (const c of comments) blank(chars, c.startIndex, c.endIndex)
  // A string standing alone as a statement (a docstring) is never printed.
  for (const s of statements) {
    const only = kids(s)
    if (only.length !== 1 || (only[0].type !== 'string' && only[0].type !== 'concatenated_string')) continue
    for (const str of only[0].type === 'string' ? [only[0]] : kids(only[0])) {
      const open = str.firstChild
      const close = str.lastChild
      if (open && close) blank(chars, open.endIndex, close.startIndex)
    }
  }
  const code = emptyCode(parsed, chars.join(''))
  const consts = pyConstants(root)
  for (const call of calls) {
    const name = dottedName(call.childForFieldName('function'))
    const args = kids(call.childForFieldName('arguments'))
    if (name === 'sys.exit' || name === 'os._exit' || name === 'exit' || name === 'quit') {
      const returned = exitsOfReturns(args, defs, returns, consts)
      if (returned) code.exits.push(...returned)
      else code.exits.push({ start: call.startIndex, end: call.endIndex, code: pyExitStatus(args, consts) })
    }
    if ((name === 'sys.path.insert' || name === 'sys.path.append') && args.length === (name === 'sys.path.insert' ? 2 : 1)) {
      const dir = pyPathValue(args[args.length - 1], 0)
      if (dir !== undefined && dir !== FILE) code.pathDirs.push(dir)
    }
    if (name === 'input' && args.length === 0) code.readsStdin = true
    // `open(0)`, `io.open("/dev/stdin")`, `os.read(0, n)`
    if (name && (/(?:^|\.)open$/.test(name) || name === 'os.read')) {
      const first = args[0]
      if (first && ((first.type === 'integer' && first.text === '0') || stringValue(first) === '/dev/stdin')) code.readsStdin = true
    }
    if (name === 'os.environ.get' || name === 'os.getenv') {
      const v = stringValue(args[0])
      if (v !== undefined && /^\w+$/.test(v)) code.envReads.push({ start: call.startIndex, end: args[0].endIndex, name: v })
    }
    if (name && RUNS.test(name)) {
      for (const s of descendantsOfType(call.childForFieldName('arguments') ?? call, 'string')) {
        const v = stringValue(s)
        if (v === undefined || v.startsWith('/') || !/^[\w./-]+\.(?:py|sh|js|mjs|cjs|ts)$/.test(v)) continue
        const q = s.text.search(/["']/)
        code.runs.push({ name: v, at: { start: s.startIndex + Math.max(0, q), end: s.endIndex } })
      }
    }
    if (name && /(?:^|\.)add_argument$/.test(name)) pyArgument(args, code.options)
  }
  for (const r of raises) {
    const x = kids(r)[0]
    if (x?.type === 'identifier' && x.text === 'SystemExit') code.exits.push({ start: r.startIndex, end: x.endIndex, code: 0 })
    if (x?.type === 'call' && dottedName(x.childForFieldName('function')) === 'SystemExit') {
      const args = kids(x.childForFieldName('arguments'))
      const returned = exitsOfReturns(args, defs, returns, consts)
      if (returned) code.exits.push(...returned)
      else code.exits.push({ start: r.startIndex, end: x.endIndex, code: pyExitStatus(args, consts) })
    }
  }
  for (const r of returns) {
    const v = kids(r)[0]
    const head = v?.type === 'tuple' || v?.type === 'expression_list' ? kids(v)[0] : v?.type === 'parenthesized_expression' ? kids(v)[0] : v
    if (head && pyExitStatus([head], consts) === 2) code.blockReturns.push(locOf(r))
  }
  for (const a of attributes) {
    const name = dottedName(a)
    if (name === 'sys.stdin') code.readsStdin = true
  }
  for (const id of identifiers) if (id.text === 'fileinput') code.readsStdin = true
  for (const s of subscripts) {
    const name = dottedName(s.childForFieldName('value'))
    const idx = s.childForFieldName('subscript')
    if (name === 'sys.argv' && idx) {
      const first = idx.type === 'slice' ? kids(idx)[0] : idx
      if (first?.type === 'integer' && /^[1-9]/.test(first.text) && (idx.type !== 'slice' || idx.firstChild?.id === first.id))
        code.argReads.push(locOf(s))
    }
    if (name === 'os.environ') {
      const v = stringValue(idx)
      if (idx && v !== undefined && /^\w+$/.test(v)) code.envReads.push({ start: s.startIndex, end: idx.endIndex, name: v })
    }
  }
  for (const imp of imports) {
    if (imp.type === 'import_statement') {
      for (const n of imp.childrenForFieldName('name')) {
        const d = n?.type === 'aliased_import' ? n.childForFieldName('name') : n
        if (d) code.imports.push({ name: d.text, at: { start: imp.startIndex, end: d.endIndex } })
      }
    } else {
      const m = imp.childForFieldName('module_name')
      if (!m) continue
      code.imports.push({ name: m.text.replace(/\s+/g, ''), at: { start: imp.startIndex, end: m.endIndex } })
      if (m.text === 'sys' && imp.childrenForFieldName('name').some((n) => n?.text === 'stdin')) code.readsStdin = true
    }
  }
  for (const t of tries) {
    const body = t.childForFieldName('body')
    if (!body) continue
    for (const h of t.namedChildren) {
      if (!h || (h.type !== 'except_clause' && h.type !== 'except_group_clause')) continue
      const block = h.namedChildren.find((c) => c?.type === 'block')
      const colon = h.children.find((c) => c?.type === ':')
      const spec = kids(h).find((c) => c.type !== 'block')
      const types = exceptTypes(spec)
      const catchesExit = types.length === 0 || types.some((x) => /^(?:builtins\.)?(?:BaseException|SystemExit)$/.test(x))
      const headEnd = colon?.startIndex ?? h.endIndex
      code.tries.push({
        body: locOf(body),
        handler: block ? locOf(block) : { start: headEnd, end: h.endIndex },
        at: { start: h.startIndex, end: colon?.endIndex ?? h.endIndex },
        head: code.text.slice(h.startIndex, headEnd).trim(),
        broad: catchesExit || types.some((x) => /^(?:builtins\.)?Exception$/.test(x)),
        catchesExit,
        rethrows: block ? descendantsOfType(block, 'raise_statement').some((r) => sameScope(r, h)) : false
      })
    }
  }
  code.functions = pyFunctions(defs, identifiers)
  code.exits.sort((a, b) => a.start - b.start)
  return code
}

/** Calls that run a program (the script paths among their arguments are run). */
const RUNS =
  /^(?:subprocess\.(?:run|call|check_call|check_output|Popen|getoutput|getstatusoutput)|os\.(?:system|popen|exec\w*|spawn\w*)|runpy\.run_path|(?:\w+\.)?create_subprocess_(?:exec|shell)|check_call|check_output|Popen|call|run|system)$/

/** Exception type names an `except` clause names (none for a bare `except:`). */
function exceptTypes(spec: Node | undefined): string[] {
  if (!spec) return []
  const t = spec.type === 'as_pattern' ? kids(spec)[0] : spec
  if (!t) return []
  const inner = t.type === 'parenthesized_expression' ? kids(t)[0] : t
  const list = inner?.type === 'tuple' || inner?.type === 'expression_list' ? kids(inner) : inner ? [inner] : []
  return list.map((x) => x.text.replace(/\s+/g, ''))
}

/** Module-level integer constants assigned once (`EXIT_BLOCK = 2`, `EXIT_BLOCK: int = 2`). */
function pyConstants(root: Node): Map<string, number | null> {
  const out = new Map<string, number | null>()
  for (const s of kids(root)) {
    if (s.type !== 'expression_statement') continue
    const a = kids(s)[0]
    if (a?.type !== 'assignment') continue
    const left = a.childForFieldName('left')
    const right = a.childForFieldName('right')
    const type = a.childForFieldName('type')
    if (left?.type !== 'identifier' || (type && type.text !== 'int')) continue
    const v = intValue(right)
    if (v === undefined) continue
    out.set(left.text, out.has(left.text) ? null : v)
  }
  return out
}

/** An integer literal (possibly signed) as an exit status (mod 256). */
function intValue(n: Node | null | undefined): number | undefined {
  if (!n) return undefined
  let text = n.text
  if (n.type === 'unary_operator' || n.type === 'unary_expression') {
    const arg = kids(n)[0]
    if (!arg || (arg.type !== 'integer' && arg.type !== 'number')) return undefined
    text = n.text.replace(/\s+/g, '')
  } else if (n.type !== 'integer' && n.type !== 'number') return undefined
  if (!/^[+-]?(?:\d+|0[xX][\da-fA-F]+|0[oO][0-7]+|0[bB][01]+)$/.test(text)) return undefined
  const neg = text.startsWith('-')
  const big = BigInt(text.replace(/^[+-]/, ''))
  return Number((((neg ? -big : big) % 256n) + 256n) % 256n)
}

/** The status `sys.exit(arg)` exits with: none/None/False 0, an integer mod 256, a message 1, True 1. */
function pyExitStatus(args: Node[], consts: Map<string, number | null>): number | null {
  if (args.length === 0) return 0
  if (args.length > 1) return null
  const a = args[0]
  if (a.type === 'none' || a.type === 'false') return 0
  if (a.type === 'true' || a.type === 'string' || a.type === 'concatenated_string') return 1
  const v = intValue(a)
  if (v !== undefined) return v
  if (a.type === 'identifier') return consts.get(a.text) ?? null
  return null
}

/**
 * `sys.exit(main())` (or `raise SystemExit(main())`) with `main` a function of the script: the
 * script exits with what `main` returns, so each `return` of `main` (its own, not those of
 * functions inside it) is an exit with the returned status (`return 2` exits 2, a bare `return`
 * 0, `return code` a status not read). Undefined when the argument is not such a call, or the
 * function returns nowhere (it exits itself, or falls off its end: exit 0).
 */
function exitsOfReturns(args: Node[], defs: readonly Node[], returns: readonly Node[], consts: Map<string, number | null>): ExitCall[] | undefined {
  const call = args.length === 1 && args[0].type === 'call' ? args[0] : undefined
  const fn = call?.childForFieldName('function')
  if (!call || fn?.type !== 'identifier' || kids(call.childForFieldName('arguments')).length > 0) return undefined
  // A function of the module (its first definition at the top level, as a call there finds it).
  const def = defs.find((d) => d.parent?.type === 'module' && d.childForFieldName('name')?.text === fn.text)
  if (!def) return undefined
  const own = returns.filter((r) => sameScope(r, def))
  if (own.length === 0) return undefined
  return own.map((r) => ({ start: r.startIndex, end: r.endIndex, code: pyExitStatus(kids(r), consts) }))
}

/** What `__file__` stands for in {@link pyPathValue}: the script itself, not a folder. */
const FILE = '\0file'

/**
 * A Python path expression built from `__file__` and string literals, as a path relative to the
 * script's folder: `os.path.dirname(__file__)` is `.`, `os.path.join(os.path.dirname(__file__), "..")`
 * and `Path(__file__).resolve().parent.parent` are `..`, `… / "lib"` is `../lib`. `abspath`,
 * `realpath`, `normpath`, `resolve()`, `str()` and `Path()` keep the path. Undefined for anything
 * else (a variable, an absolute path, an environment variable).
 */
function pyPathValue(n: Node | undefined, depth: number): string | undefined {
  if (!n || depth > 16) return undefined
  const dirOf = (p: string | undefined): string | undefined => {
    if (p === undefined) return undefined
    if (p === FILE) return '.'
    const norm = posix.normalize(p)
    return norm === '.' || /^(?:\.\.\/)*\.\.$/.test(norm) ? posix.join(norm, '..') : posix.dirname(norm)
  }
  const join = (parts: (string | undefined)[]): string | undefined => {
    if (parts.length === 0 || parts.some((x, i) => x === undefined || (i > 0 && (x === FILE || x.startsWith('/'))) || (i === 0 && x === FILE))) return undefined
    return posix.normalize(posix.join(...(parts as string[])))
  }
  switch (n.type) {
    case 'identifier':
      return n.text === '__file__' ? FILE : undefined
    case 'string': {
      const v = stringValue(n)
      return v === undefined || v.startsWith('/') || v.includes('\\') ? undefined : v
    }
    case 'parenthesized_expression':
      return pyPathValue(kids(n)[0], depth + 1)
    case 'attribute': {
      // `Path(...).parent`
      if (n.childForFieldName('attribute')?.text !== 'parent') return undefined
      return dirOf(pyPathValue(n.childForFieldName('object') ?? undefined, depth + 1))
    }
    case 'binary_operator': {
      // `Path(...) / "lib"`
      if (n.childForFieldName('operator')?.type !== '/') return undefined
      return join([pyPathValue(n.childForFieldName('left') ?? undefined, depth + 1), pyPathValue(n.childForFieldName('right') ?? undefined, depth + 1)])
    }
    case 'call': {
      const fn = n.childForFieldName('function')
      const args = kids(n.childForFieldName('arguments'))
      if (args.some((a) => a.type === 'keyword_argument' || a.type === 'list_splat')) return undefined
      const name = dottedName(fn)
      if (name === 'os.path.dirname' && args.length === 1) return dirOf(pyPathValue(args[0], depth + 1))
      if (name === 'os.path.join' || ((name === 'Path' || name === 'pathlib.Path') && args.length > 1))
        return join(args.map((a) => pyPathValue(a, depth + 1)))
      if (
        args.length === 1 &&
        (name === 'os.path.abspath' || name === 'os.path.realpath' || name === 'os.path.normpath' || name === 'str' || name === 'os.fspath' || name === 'Path' || name === 'pathlib.Path')
      )
        return pyPathValue(args[0], depth + 1)
      // `Path(...).resolve()`, `.absolute()`, `.joinpath("lib")`
      if (fn?.type === 'attribute') {
        const method = fn.childForFieldName('attribute')?.text
        const object = pyPathValue(fn.childForFieldName('object') ?? undefined, depth + 1)
        if ((method === 'resolve' || method === 'absolute') && args.length === 0) return object
        if (method === 'joinpath') return join([object, ...args.map((a) => pyPathValue(a, depth + 1))])
      }
      return undefined
    }
    default:
      return undefined
  }
}

/** One `parser.add_argument("--flag", action=..., default=..., dest=...)`. */
function pyArgument(args: Node[], out: Map<string, ArgOption>): void {
  const flags: string[] = []
  let dest: string | undefined
  let action: string | undefined
  let def: string | undefined
  for (const a of args) {
    if (a.type === 'string') {
      const v = stringValue(a)
      if (v !== undefined && /^-{1,2}[\w-]+$/.test(v)) flags.push(v)
      continue
    }
    if (a.type !== 'keyword_argument') continue
    const key = a.childForFieldName('name')?.text
    const value = a.childForFieldName('value')
    if (key === 'dest') dest = stringValue(value)
    else if (key === 'action') action = stringValue(value)
    else if (key === 'default' && value) {
      if (value.type === 'true') def = 'True'
      else if (value.type === 'false') def = 'False'
      else if (value.type === 'none') def = 'None'
      else if (value.type === 'integer' && /^\d+$/.test(value.text)) def = value.text
      else if (value.type === 'string' && stringValue(value) !== undefined) def = stringValue(value) === '' ? '""' : 'text'
    }
  }
  if (flags.length === 0) return
  const long = flags.find((f) => f.startsWith('--')) ?? flags[0]
  dest ??= long.replace(/^-+/, '').replace(/-/g, '_')
  const prev = out.get(dest)
  if (action === 'store_false') {
    // `--no-x` sharing a dest with `--x`: giving it sets the value false.
    if (prev) prev.neg.push(...flags)
    else out.set(dest, { flags: [], neg: flags, dest, absent: def === undefined || def === 'True', present: true })
    return
  }
  const absent = action === 'store_true' ? def === 'True' : def !== undefined && !['None', 'False', '""', '0'].includes(def)
  if (prev) {
    prev.flags.push(...flags)
    prev.absent = def !== undefined ? absent : prev.absent
  } else out.set(dest, { flags, neg: [], dest, absent, present: true })
}

/**
 * Python functions (first definition of each name) and whether anything refers to them
 * (`defs` and `identifiers`: the file's function definitions and identifiers, in source order).
 */
function pyFunctions(defs: readonly Node[], identifiers: readonly Node[]): FunctionDef[] {
  if (defs.length === 0) return []
  // References: identifiers that are not a definition's name, a keyword argument's name, or
  // (for functions outside classes) the attribute of `x.name`.
  const refs = new Map<string, { plain: number; attr: number }>()
  for (const id of identifiers) {
    const p = id.parent
    if (!p) continue
    const field = fieldOf(id)
    if ((p.type === 'function_definition' || p.type === 'class_definition') && field === 'name') continue
    if (p.type === 'keyword_argument' && field === 'name') continue
    const r = refs.get(id.text) ?? { plain: 0, attr: 0 }
    if (p.type === 'attribute' && field === 'attribute') r.attr++
    else r.plain++
    refs.set(id.text, r)
  }
  const out: FunctionDef[] = []
  const seen = new Set<string>()
  for (const d of defs) {
    const name = d.childForFieldName('name')?.text
    const body = d.childForFieldName('body')
    if (!name || !body || seen.has(name)) continue
    seen.add(name)
    const method = d.parent?.type === 'block' && d.parent.parent?.type === 'class_definition'
    const r = refs.get(name) ?? { plain: 0, attr: 0 }
    const used = d.parent?.type === 'decorated_definition' || r.plain > 0 || (method && r.attr > 0)
    out.push({ name, body: locOf(body), used })
  }
  return out
}

/** The field name under which a node hangs from its parent. */
function fieldOf(n: Node): string | null {
  const p = n.parent
  if (!p) return null
  for (let i = 0; i < p.childCount; i++) if (p.child(i)?.id === n.id) return p.fieldNameForChild(i)
  return null
}

/**
 * Flag conditions (`if args.x`, `if not args.y`, `while args.z`, joined by
 * `and`) whose body holds the code at an offset; `elif`/`else` branches and
 * conditions with `or` gate nothing.
 */
export function pyGatesAt(code: GuardCode, off: number, options: Map<string, ArgOption>): Gate[] {
  if (options.size === 0 || code.parsed.lang !== 'python') return []
  const out: Gate[] = []
  const chain = ancestors(nodeAt(code, off))
  for (let i = 0; i + 1 < chain.length; i++) {
    const n = chain[i]
    const p = chain[i + 1]
    const gated =
      (p.type === 'if_statement' && p.childForFieldName('consequence')?.id === n.id) ||
      (p.type === 'while_statement' && p.childForFieldName('body')?.id === n.id)
    if (!gated) continue
    const cond = p.childForFieldName('condition')
    if (!cond || hasOr(cond)) continue
    for (const part of andParts(cond)) {
      const neg = part.type === 'not_operator'
      const target = unwrap(neg ? part.childForFieldName('argument') : part)
      if (target?.type !== 'attribute') continue
      const obj = target.childForFieldName('object')
      const attr = target.childForFieldName('attribute')
      if (obj?.type === 'identifier' && obj.text === 'args' && attr) out.push({ dest: attr.text, negated: neg })
    }
  }
  return out
}

function unwrap(n: Node | null | undefined): Node | undefined {
  let x = n ?? undefined
  while (x?.type === 'parenthesized_expression') x = kids(x)[0]
  return x
}

function hasOr(n: Node): boolean {
  return descendantsOfType(n, 'boolean_operator').some((b) => b.childForFieldName('operator')?.type === 'or')
}

function andParts(n: Node): Node[] {
  const x = unwrap(n)
  if (!x) return []
  if (x.type === 'boolean_operator' && x.childForFieldName('operator')?.type === 'and')
    return [...andParts(x.childForFieldName('left')!), ...andParts(x.childForFieldName('right')!)]
  return [x]
}

// ---------------------------------------------------------------------------
// JavaScript / TypeScript

/** The node types {@link readJs} reads, one list per loop below (all found in one walk of the tree). */
const JS_WALKED = [
  ['comment'],
  ['lexical_declaration'],
  ['call_expression'],
  ['assignment_expression'],
  ['member_expression'],
  ['subscript_expression'],
  ['import_statement', 'export_statement'],
  ['variable_declarator'],
  ['try_statement'],
  ['function_declaration', 'generator_function_declaration', 'variable_declarator']
] as const

function readJs(parsed: ParsedCode): GuardCode {
  const root = parsed.root
  const [comments, lexicals, calls, assignments, members, subscripts, importsExports, declarators, tries, functionDecls] = descendantsInGroups(root, JS_WALKED)
  const chars = parsed.file.text.split('')
  for (const c of comments) blank(chars, c.startIndex, c.endIndex)
  const code = emptyCode(parsed, chars.join(''))
  // Integer constants (`const EXIT_BLOCK = 2`), declared once, resolve `process.exit(EXIT_BLOCK)`.
  const consts = new Map<string, number | null>()
  for (const d of lexicals) {
    if (d.childForFieldName('kind')?.text !== 'const') continue
    for (const v of d.namedChildren) {
      if (v?.type !== 'variable_declarator') continue
      const name = v.childForFieldName('name')
      const value = v.childForFieldName('value')
      const type = v.childForFieldName('type')
      if (name?.type !== 'identifier' || value?.type !== 'number' || !/^\d+$/.test(value.text)) continue
      if (type && type.text.replace(/[\s:]/g, '') !== 'number') continue
      consts.set(name.text, consts.has(name.text) ? null : Number(value.text) % 256)
    }
  }
  const status = (a: Node | undefined): number | null => {
    if (!a) return 0
    if (a.type === 'number' && /^\d+$/.test(a.text)) return Number(a.text) % 256
    if (a.type === 'identifier') return consts.get(a.text) ?? null
    return null
  }
  const entryCatches: { call: Node; body: Node }[] = []
  for (const call of calls) {
    const fn = call.childForFieldName('function')
    const name = dottedName(fn)
    const args = kids(call.childForFieldName('arguments'))
    if (name && /(?:^|\.)process\.exit$/.test(name)) {
      code.exits.push({ start: call.startIndex, end: call.endIndex, code: args.length > 1 ? null : status(args[0]) })
    }
    const last = name?.split('.').pop()
    if (last && /^(?:readFileSync|readFile|createReadStream|openSync|open|readSync)$/.test(last)) {
      const a = args[0]
      const v = stringValue(a)
      if ((a?.type === 'number' && a.text === '0') || (last !== 'readSync' && (v === '/dev/stdin' || v === '/proc/self/fd/0')))
        code.readsStdin = true
    }
    if ((fn?.type === 'identifier' && fn.text === 'require') || fn?.type === 'import') {
      const v = stringValue(args[0])
      if (v !== undefined) code.imports.push({ name: v, at: { start: call.startIndex, end: args[0].endIndex } })
    }
    if (name === 'process.on' && stringValue(args[0]) === 'uncaughtException') code.catchesUncaught = true
    // `main().catch((e) => { ...; process.exit(2) })` as a top-level statement: the entry point's errors
    // reach this handler (kept when it exits 2, below).
    const cb = args[0]
    if (
      fn?.type === 'member_expression' &&
      fn.childForFieldName('property')?.text === 'catch' &&
      fn.childForFieldName('object')?.type === 'call_expression' &&
      call.parent?.type === 'expression_statement' &&
      call.parent.parent?.type === 'program' &&
      args.length === 1 &&
      (cb.type === 'arrow_function' || cb.type === 'function_expression' || cb.type === 'function')
    ) {
      const body = cb.childForFieldName('body')
      if (body) entryCatches.push({ call, body })
    }
  }
  // A rejection handler of the entry point that exits 2 fails closed for the whole script: it counts
  // as a `catch` around all of it. (One that allows is left alone: the script then fails open as before.)
  for (const { call, body } of entryCatches) {
    const handler = body.type === 'statement_block' ? inner(body) : locOf(body)
    if (!code.exits.some((e) => e.code === 2 && e.start >= handler.start && e.end <= handler.end)) continue
    const prop = call.childForFieldName('function')?.childForFieldName('property')
    code.tries.push({
      body: { start: 0, end: code.text.length },
      handler,
      at: prop ? locOf(prop) : locOf(call),
      head: '.catch',
      broad: true,
      catchesExit: false,
      rethrows: false
    })
  }
  for (const a of assignments) {
    if (dottedName(a.childForFieldName('left')) !== 'process.exitCode') continue
    const right = a.childForFieldName('right') ?? undefined
    code.exits.push({ start: a.startIndex, end: a.endIndex, code: right ? status(right) : null })
  }
  for (const m of members) {
    const name = dottedName(m)
    if (name === 'process.stdin' || name === 'Bun.stdin' || name === 'Deno.stdin') code.readsStdin = true
    const obj = dottedName(m.childForFieldName('object'))
    if (obj === 'process.env') {
      const p = m.childForFieldName('property')
      if (p) code.envReads.push({ start: m.startIndex, end: m.endIndex, name: p.text })
    }
  }
  for (const s of subscripts) {
    const obj = dottedName(s.childForFieldName('object'))
    const idx = s.childForFieldName('index')
    if (obj === 'process.argv' && idx?.type === 'number' && /^[2-9]$/.test(idx.text)) code.argReads.push(locOf(s))
    const v = stringValue(idx)
    if (obj === 'process.env' && v !== undefined && /^\w+$/.test(v)) code.envReads.push({ start: s.startIndex, end: s.endIndex, name: v })
  }
  for (const imp of importsExports) {
    const source = imp.childForFieldName('source')
    const v = stringValue(source)
    if (!source || v === undefined) continue
    const from = imp.children.find((c) => c?.type === 'from')
    code.imports.push({ name: v, at: { start: from?.startIndex ?? imp.startIndex, end: source.endIndex } })
    // `import { stdin } from 'node:process'`
    if (/^(?:node:)?process$/.test(v) && descendantsOfType(imp, 'import_specifier').some((x) => x.childForFieldName('name')?.text === 'stdin'))
      code.readsStdin = true
  }
  // `const { stdin } = require('process')`
  for (const d of declarators) {
    const pat = d.childForFieldName('name')
    const value = d.childForFieldName('value')
    if (pat?.type !== 'object_pattern' || value?.type !== 'call_expression') continue
    if (dottedName(value.childForFieldName('function')) !== 'require') continue
    if (!/^(?:node:)?process$/.test(stringValue(kids(value.childForFieldName('arguments'))[0]) ?? '')) continue
    const keys = kids(pat).map((k) => (k.type === 'pair_pattern' ? k.childForFieldName('key')?.text : k.text))
    if (keys.includes('stdin')) code.readsStdin = true
  }
  for (const t of tries) {
    const body = t.childForFieldName('body')
    const h = t.childForFieldName('handler')
    const block = h?.childForFieldName('body')
    if (!body || !h || !block) continue
    const kw = h.firstChild
    code.tries.push({
      body: inner(body),
      handler: inner(block),
      at: { start: kw?.startIndex ?? h.startIndex, end: kw?.endIndex ?? h.startIndex + 5 },
      head: 'catch',
      broad: true,
      catchesExit: false,
      rethrows: descendantsOfType(block, 'throw_statement').some((x) => sameScope(x, h))
    })
  }
  code.functions = jsFunctions(root, functionDecls)
  code.exits.sort((a, b) => a.start - b.start)
  return code
}

/** The inside of a `{ ... }` block. */
function inner(block: Node): Loc {
  return { start: block.startIndex + 1, end: Math.max(block.startIndex + 1, block.endIndex - 1) }
}

/**
 * Named JavaScript functions: declarations and `const f = (...) => ...` / `function` expressions
 * (`decls`: the root's function declarations and variable declarators, in source order).
 */
function jsFunctions(root: Node, decls: readonly Node[]): FunctionDef[] {
  const found: { name: string; node: Node; body: Node }[] = []
  for (const d of decls) {
    let name: Node | null
    let fn: Node | null
    if (d.type === 'variable_declarator') {
      name = d.childForFieldName('name')
      fn = d.childForFieldName('value')
      if (!fn || !['arrow_function', 'function_expression', 'function', 'generator_function'].includes(fn.type)) continue
    } else {
      name = d.childForFieldName('name')
      fn = d
    }
    const body = fn.childForFieldName('body')
    if (name?.type !== 'identifier' || !body) continue
    found.push({ name: name.text, node: name, body })
  }
  if (found.length === 0) return []
  const refs = new Map<string, number>()
  for (const id of descendantsOfType(root, ['identifier', 'shorthand_property_identifier'])) {
    refs.set(id.text, (refs.get(id.text) ?? 0) + 1)
  }
  const out: FunctionDef[] = []
  const seen = new Set<string>()
  for (const f of found) {
    if (seen.has(f.name)) continue
    seen.add(f.name)
    const exported = ancestors(f.node).some((a) => a.type === 'export_statement')
    out.push({
      name: f.name,
      body: f.body.type === 'statement_block' ? inner(f.body) : locOf(f.body),
      // the declaration's own name is one identifier
      used: exported || (refs.get(f.name) ?? 0) > 1
    })
  }
  return out
}

// ---------------------------------------------------------------------------
// Questions about an offset

/** Calls that write to stderr. */
const PY_STDERR_WRITE = new Set(['sys.stderr.write', 'sys.stderr.writelines'])
const JS_STDERR_WRITE = /^(?:console\.(?:error|warn)|process\.stderr\.write)$/

/**
 * The stderr write whose arguments hold an offset: `print(..., file=sys.stderr)`
 * (the `file=` argument), `sys.stderr.write(...)`, `console.error(...)`.
 */
export function stderrCallAround(code: GuardCode, off: number): (Loc & { text: string }) | undefined {
  const py = code.parsed.lang === 'python'
  for (const a of ancestors(nodeAt(code, off))) {
    if (FUNCTION_TYPES.has(a.type)) break
    if (a.type !== (py ? 'call' : 'call_expression')) continue
    const args = a.childForFieldName('arguments')
    if (!args || !within(off, locOf(args))) continue
    const fn = a.childForFieldName('function')
    const name = dottedName(fn)
    if (!name || !fn) continue
    if (py && name === 'print') {
      const file = kids(args).find(
        (k) => k.type === 'keyword_argument' && k.childForFieldName('name')?.text === 'file' && dottedName(k.childForFieldName('value')) === 'sys.stderr'
      )
      if (file) return { ...locOf(file), text: file.text }
      continue
    }
    if (py ? PY_STDERR_WRITE.has(name) : JS_STDERR_WRITE.test(name)) return { ...locOf(fn), text: name }
  }
  return undefined
}

/** Calls that only print or serialise their argument (they add no `hookEventName`). */
const OUTPUT_CALL =
  /^(?:print|json\.dumps|dumps|json\.dump|str|dict|JSON\.stringify|console\.(?:log|error|warn|info)|(?:process|sys)\.std(?:out|err)\.write|(?:stdout|stderr)\.write|f)$/

/**
 * Whether the code at `off` is an argument of a call to a function the script
 * does not define (or a method) that does more than print: code this audit
 * does not read decides what Claude Code receives.
 */
export function passedToHelper(code: GuardCode, off: number): boolean {
  const py = code.parsed.lang === 'python'
  let defined: Set<string> | undefined
  for (const a of ancestors(nodeAt(code, off))) {
    if (FUNCTION_TYPES.has(a.type)) break
    if (a.type !== (py ? 'call' : 'call_expression') && a.type !== 'new_expression') continue
    const args = a.childForFieldName('arguments')
    if (!args || !within(off, locOf(args))) continue
    const fn = a.childForFieldName(a.type === 'new_expression' ? 'constructor' : 'function')
    const callee = dottedName(fn)
    if (!callee || OUTPUT_CALL.test(callee)) continue
    defined ??= definedNames(code)
    if (callee.includes('.') || !defined.has(callee)) return true
  }
  return false
}

/** Node types that hold a sequence of statements. */
const BLOCK_TYPES = new Set(['block', 'module', 'statement_block', 'program', 'switch_case', 'switch_default', 'class_body'])

/**
 * Whether the code from `from` to `to` runs straight through: `to` lies in the
 * block that holds the statement at `from` (or deeper), after it; no block or
 * function ends between them. `via` (a stderr call) moves `from` past that call.
 */
export function straightThrough(code: GuardCode, from: number, to: number, via?: Loc): boolean {
  if (via && code.parsed.lang !== 'python') {
    for (const a of ancestors(nodeAt(code, via.start))) {
      if (a.type === 'call_expression' && a.childForFieldName('function')?.endIndex === via.end) {
        from = Math.max(from, a.endIndex)
        break
      }
    }
  }
  if (to < from) return false
  // `from` is usually the end of what was printed: start from the character before it,
  // or from the next token when that is a space (then `from` starts a statement).
  const text = code.parsed.file.text
  let at = from - 1
  if (at < 0 || /\s/.test(text[at])) {
    const next = text.slice(from).search(/\S/)
    at = next < 0 ? from : from + next
  }
  let n: Node | null = nodeAt(code, at)
  while (n?.parent && !BLOCK_TYPES.has(n.parent.type)) n = n.parent
  const block = n?.parent
  if (!block) return false
  return to >= block.startIndex && to < block.endIndex
}

/**
 * The branch the statement at `off` belongs to: where the block that holds it
 * starts (the code before it in that block runs on the same path), and the
 * condition that leads into the block (`if (...)`, `elif ...:`, a `case`
 * label; none for `else` or the top level). Code of a neighbouring branch
 * (`if (a === 'deny') {...} else if (a === 'warn') {...}`) is not on it.
 */
export function branchOf(code: GuardCode, off: number): { start: number; condition?: Loc } {
  let n: Node | null = nodeAt(code, off)
  while (n?.parent && !BLOCK_TYPES.has(n.parent.type)) {
    // A body without braces (`if (x) process.exit(1)`) hangs from the `if` itself.
    if (n.parent.type === 'if_statement' && n.parent.childForFieldName('consequence')?.id === n.id) break
    n = n.parent
  }
  const block = n?.parent
  if (!n || !block) return { start: 0 }
  const holder = block.type === 'if_statement' ? block : block.parent
  const start = block.type === 'if_statement' ? n.startIndex : block.startIndex
  let cond: Node | null | undefined
  if (holder && ['if_statement', 'elif_clause', 'while_statement'].includes(holder.type)) {
    const consequence = holder.childForFieldName(holder.type === 'while_statement' ? 'body' : 'consequence')
    if (consequence?.id === (block.type === 'if_statement' ? n.id : block.id)) cond = holder.childForFieldName('condition')
  } else if (block.type === 'switch_case') cond = block.childForFieldName('value')
  return cond ? { start, condition: locOf(cond) } : { start }
}

/** Ranges of functions nothing refers to: what they hold never runs. */
export function deadRanges(code: GuardCode): Loc[] {
  return code.functions.filter((f) => !f.used).map((f) => f.body)
}

/**
 * Functions of this script called (by name, `f(...)` or `x.f(...)`) from
 * inside a range, and those they call in turn: what runs when the range runs.
 */
export function calledFrom(code: GuardCode, range: Loc): FunctionDef[] {
  const byName = new Map(code.functions.map((f) => [f.name, f]))
  if (byName.size === 0) return []
  const callType = code.parsed.lang === 'python' ? 'call' : 'call_expression'
  const calls = descendantsOfType(code.parsed.root, callType)
  const out: FunctionDef[] = []
  const todo: Loc[] = [range]
  while (todo.length) {
    const r = todo.pop()!
    for (const c of calls) {
      if (c.startIndex < r.start || c.startIndex >= r.end) continue
      const name = dottedName(c.childForFieldName('function'))?.split('.').pop()
      const f = name ? byName.get(name) : undefined
      if (!f || out.includes(f)) continue
      out.push(f)
      todo.push(f.body)
    }
  }
  return out
}

/** What a guard's code does, before anything is read: nothing. */
function emptyCode(parsed: ParsedCode, text: string): GuardCode {
  return {
    parsed,
    text,
    exits: [],
    tries: [],
    functions: [],
    readsStdin: false,
    argReads: [],
    envReads: [],
    imports: [],
    runs: [],
    options: new Map(),
    catchesUncaught: false,
    pathDirs: [],
    blockReturns: []
  }
}
