/**
 * Python, JavaScript and TypeScript source as syntax trees (tree-sitter).
 *
 * One parser technology for the program code we judge: hook scripts (what a
 * guard does when it blocks, where its input comes from) and code that calls
 * the Anthropic API or the Agent SDK. The runtime is `web-tree-sitter`; the
 * grammars are the prebuilt WebAssembly files of `@vscode/tree-sitter-wasm`.
 * Both are loaded lazily, once per process: the runtime while the project
 * model is built ({@link prepareCodeParsing}, the one asynchronous step), a
 * grammar on the first file of its language; parsing is synchronous, so rules
 * stay pure functions.
 *
 * Node offsets are JavaScript string indices (the text is handed to the parser
 * as UTF-16), the same offsets {@link SourceFile.position} turns into lines and
 * columns. Malformed code still yields a tree: tree-sitter recovers with
 * `ERROR` and missing nodes, which {@link ParsedCode.errors} lists, so a rule
 * can say where a file could not be read instead of throwing.
 *
 * In the bundles the WebAssembly files sit in `dist/tree-sitter/` (copied by
 * scripts/build.mjs); from the sources they are read from `node_modules`.
 */
import { existsSync, readFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { setFlagsFromString } from 'node:v8'
import { Language, Parser, Query, type Node, type QueryCapture, type Tree } from 'web-tree-sitter'
import type { Position, SourceFile } from './source.js'

export type { Node, QueryCapture }

/** The grammars we read code with. */
export type CodeLanguage = 'python' | 'javascript' | 'typescript' | 'tsx'

export const CODE_LANGUAGES: readonly CodeLanguage[] = ['python', 'javascript', 'typescript', 'tsx']

/** The grammar for a path, by extension (JSX is part of the JavaScript grammar). */
export function codeLanguageOf(path: string): CodeLanguage | undefined {
  const dot = path.lastIndexOf('.')
  if (dot < 0 || dot < path.lastIndexOf('/')) return undefined
  switch (path.slice(dot + 1).toLowerCase()) {
    case 'py':
    case 'pyi':
      return 'python'
    case 'js':
    case 'mjs':
    case 'cjs':
    case 'jsx':
      return 'javascript'
    case 'ts':
    case 'mts':
    case 'cts':
      return 'typescript'
    case 'tsx':
      return 'tsx'
    default:
      return undefined
  }
}

/** Where the WebAssembly files are: beside the bundle, or in node_modules when run from the sources. */
function wasmDirs(): { runtime: string; grammars: string } | undefined {
  const here = dirname(fileURLToPath(import.meta.url))
  // dist/index.js → dist/tree-sitter; dist/cli/index.cjs → dist/tree-sitter.
  for (const d of [join(here, 'tree-sitter'), join(here, '..', 'tree-sitter')]) {
    if (existsSync(join(d, 'web-tree-sitter.wasm'))) return { runtime: d, grammars: d }
  }
  for (let dir = here; ; dir = dirname(dir)) {
    const modules = join(dir, 'node_modules')
    const runtime = join(modules, 'web-tree-sitter')
    const grammars = join(modules, '@vscode', 'tree-sitter-wasm', 'wasm')
    if (existsSync(join(runtime, 'web-tree-sitter.wasm')) && existsSync(grammars)) return { runtime, grammars }
    if (dirname(dir) === dir) return undefined
  }
}

let init: Promise<boolean> | undefined
/** Whether {@link prepareCodeParsing} has settled, and how. */
let started: boolean | undefined
let runtime: { parser: Parser; grammars: string } | undefined
const languages = new Map<CodeLanguage, Language>()
const failed = new Map<CodeLanguage, string>()

// The WebAssembly global (its types are not in this project's lib).
const Wasm = (
  globalThis as unknown as {
    WebAssembly: {
      Module: new (bytes: Uint8Array) => unknown
      Instance: new (module: unknown, imports: Record<string, unknown>) => unknown
    }
  }
).WebAssembly

/**
 * Runs WebAssembly work on V8's baseline compiler (Liftoff) only. By default V8
 * recompiles hot functions with TurboFan on background threads; for the
 * grammars' large lexer and parse functions that costs more CPU than an
 * audit's parsing ever wins back (measured on 200 shell scripts of the bench
 * repositories with a tree-sitter-bash grammar: 1.1 s of CPU with tier-up,
 * 0.4 s without). The flags are set around each compile and parse and set back
 * after it: V8's code cache (src/compile-cache.ts) is only taken with the flags
 * it was made with, so a flag left set would have every later start recompile.
 */
function onBaseline<T>(work: () => T): T {
  setFlagsFromString('--liftoff-only')
  try {
    return work()
  } finally {
    setFlagsFromString('--no-liftoff-only --wasm-tier-up --wasm-dynamic-tiering')
  }
}

/**
 * Files longer than this (UTF-16 units) are parsed with tier-up on. Measured on the bench's
 * 919 KB `server.js` (famtastic): about 0.2 s of CPU less for the audit; below some
 * hundred kilobytes a parse ends before optimised code is ready, and tier-up only costs.
 */
const TIER_UP_CHARS = 200_000

function baselineModule(bytes: Uint8Array): InstanceType<typeof Wasm.Module> {
  return onBaseline(() => new Wasm.Module(bytes))
}

/**
 * Starts the tree-sitter runtime (once per process; a few milliseconds).
 * Grammars are then loaded synchronously, on the first file of their
 * language. Resolves to false when the runtime cannot start, and files are
 * then reported as not read.
 *
 * The runtime's WebAssembly is compiled and instantiated here, synchronously
 * (V8 compiles its functions lazily, so this is cheap), instead of by
 * Emscripten's asynchronous path: that one reads the file and compiles it in
 * steps that each wait for a turn of the event loop, which a thread busy
 * parsing workflows does not give, so the audit sat idle 10 to 27 ms waiting for
 * it when the first workflow's Claude runs were searched.
 */
export function prepareCodeParsing(): Promise<boolean> {
  init ??= (async () => {
    const dirs = wasmDirs()
    if (!dirs) return false
    await Parser.init({
      locateFile: (name: string) => join(dirs.runtime, name),
      // Emscripten's hook: hand it the instance (then the module) through `receive`.
      instantiateWasm(imports: Record<string, unknown>, receive: (instance: unknown, module: unknown) => void) {
        const module = baselineModule(readFileSync(join(dirs.runtime, 'web-tree-sitter.wasm')))
        receive(new Wasm.Instance(module, imports), module)
        return {}
      }
    } as Parameters<typeof Parser.init>[0])
    runtime = { parser: new Parser(), grammars: dirs.grammars }
    return true
  })()
    .catch(() => false)
    .then((ok) => (started = ok))
  return init
}

/**
 * Starts what {@link bashTree} needs (the tree-sitter runtime): await it before
 * the first shell parse, at every entry point (audit, worker, `fix`, `init`,
 * `verify`, the action, tests).
 */
export function prepareShellParsing(): Promise<boolean> {
  return prepareCodeParsing()
}

let bash: { parser: Parser } | undefined
let bashFailure: string | undefined

/** Raised by {@link bashTree} when the grammar cannot be used (the runtime did not start, or the grammar did not load). */
export class ShellParserUnavailable extends Error {}

/**
 * The tree-sitter-bash syntax tree of shell source (the caller deletes it).
 * Throws a {@link ShellParserUnavailable} when the runtime was not started
 * (an audit with nothing that may hold shell does not start it), could not
 * be started, or the grammar could not be loaded (src/shell/parse.ts then
 * reads the script with mvdan-sh); null when tree-sitter gives up.
 */
export function bashTree(text: string): Tree | null {
  if (!bash) {
    if (started === undefined) throw new ShellParserUnavailable('the tree-sitter runtime was not started: await prepareShellParsing() (src/parse/code.ts) before parseShell()')
    if (!runtime) throw new ShellParserUnavailable('the tree-sitter runtime could not be started')
    if (bashFailure) throw new ShellParserUnavailable(bashFailure)
    try {
      const bytes = readFileSync(join(runtime.grammars, 'tree-sitter-bash.wasm'))
      const parser = new Parser()
      parser.setLanguage(Language.loadSync(baselineModule(bytes) as Parameters<typeof Language.loadSync>[0]))
      bash = { parser }
    } catch (e) {
      bashFailure = `the bash grammar could not be loaded (${(e as Error).message})`
      throw new ShellParserUnavailable(bashFailure)
    }
  }
  const parser = bash.parser
  return onBaseline(() => parser.parse(text))
}

function language(lang: CodeLanguage): Language | undefined {
  const hit = languages.get(lang)
  if (hit || !runtime || failed.has(lang)) return hit
  try {
    const bytes = readFileSync(join(runtime.grammars, `tree-sitter-${lang}.wasm`))
    const l = Language.loadSync(baselineModule(bytes) as Parameters<typeof Language.loadSync>[0])
    languages.set(lang, l)
    return l
  } catch (e) {
    failed.set(lang, `the ${lang} grammar could not be loaded (${(e as Error).message})`)
    return undefined
  }
}

/** Languages of these paths that have a grammar. */
export function codeLanguagesIn(paths: Iterable<string>): Set<CodeLanguage> {
  const out = new Set<CodeLanguage>()
  for (const p of paths) {
    const l = codeLanguageOf(p)
    if (l) out.add(l)
    if (out.size === CODE_LANGUAGES.length) break
  }
  return out
}

/** Why files of a language are not parsed (the runtime did not start, or the grammar failed to load). */
export function whyUnparsed(lang: CodeLanguage): string {
  return failed.get(lang) ?? 'the tree-sitter runtime was not started'
}

/** A parsed file. */
export interface ParsedCode {
  file: SourceFile
  lang: CodeLanguage
  root: Node
  /** Where tree-sitter had to recover (`ERROR` or missing nodes), first few only. */
  errors: Position[]
}

const MAX_ERRORS = 20
let parses = 0

/** How many files {@link parseCode} handed to tree-sitter (memoised answers not counted): lets tests prove a parse was spared. */
export function codeParses(): number {
  return parses
}
const cache = new WeakMap<SourceFile, Map<CodeLanguage, ParsedCode>>()
// A tree lives in WebAssembly memory: free it when its file is collected.
const trees = new FinalizationRegistry<Tree>((t) => t.delete())

/**
 * The syntax tree of a file (memoised per file and language). Undefined when
 * the language's grammar is not loaded; never throws.
 */
export function parseCode(file: SourceFile, lang: CodeLanguage | undefined = codeLanguageOf(file.path)): ParsedCode | undefined {
  if (!lang) return undefined
  const hit = cache.get(file)?.get(lang)
  if (hit) return hit
  const grammar = language(lang)
  if (!grammar || !runtime) return undefined
  let tree: Tree | null
  parses++
  try {
    const parser = runtime.parser
    parser.setLanguage(grammar)
    // A long file is parsed with V8's optimising tier allowed: one parse then runs long enough
    // for the grammar's hot functions to pay back their recompilation (see onBaseline).
    tree = file.text.length > TIER_UP_CHARS ? parser.parse(file.text) : onBaseline(() => parser.parse(file.text))
  } catch {
    tree = null
  }
  if (!tree) return undefined
  trees.register(file, tree)
  const parsed: ParsedCode = { file, lang, root: tree.rootNode, errors: tree.rootNode.hasError ? errorsOf(tree.rootNode, file) : [] }
  parseOfTree.set(tree, parsed)
  let byLang = cache.get(file)
  if (!byLang) cache.set(file, (byLang = new Map()))
  byLang.set(lang, parsed)
  return parsed
}

function errorsOf(root: Node, file: SourceFile): Position[] {
  const out: Position[] = []
  const cursor = root.walk()
  let done = false
  while (!done && out.length < MAX_ERRORS) {
    const n = cursor.currentNode
    if (n.isError || n.isMissing) out.push(file.position(n.startIndex))
    if (n.hasError && !n.isError && cursor.gotoFirstChild()) continue
    while (!cursor.gotoNextSibling()) {
      if (!cursor.gotoParent()) {
        done = true
        break
      }
    }
  }
  cursor.delete()
  return out
}

const queries = new Map<string, Query>()

/**
 * Captures of a tree-sitter query (S-expression pattern) over a node; the
 * compiled query is cached per language and source.
 */
export function captures(parsed: ParsedCode, source: string, node: Node = parsed.root): QueryCapture[] {
  const key = `${parsed.lang}\0${source}`
  let q = queries.get(key)
  if (!q) {
    q = new Query(language(parsed.lang)!, source)
    queries.set(key, q)
  }
  return q.captures(node)
}

let walks = 0

/** How many tree walks {@link descendantsOfType} and {@link descendantsInGroups} made: lets tests prove walks were shared. */
export function treeWalks(): number {
  return walks
}

/** Every descendant of a node (itself included) of one of these types, in source order. */
export function descendantsOfType(node: Node, types: string | readonly string[]): Node[] {
  const list = typeof types === 'string' ? [types] : types
  const parsed = parseOfTree.get(node.tree)
  if (parsed && node.id === parsed.root.id && list.every((t) => !FREQUENT.has(t))) return fromRootIndex(parsed, list)
  return walk(node, list)
}

function walk(node: Node, types: readonly string[]): Node[] {
  walks++
  return node.descendantsOfType(types as string[]).filter((n): n is Node => n !== null)
}

/** The parse of each tree {@link parseCode} made: a walk from its root is shared (below). */
const parseOfTree = new WeakMap<Tree, ParsedCode>()

/**
 * Walks from a file's root, shared. Each walk visits every node of the tree in WebAssembly
 * (a 919 KB script: 241,000 nodes, 35 ms, however few match), and the rules ask a file's
 * root for several sets of types (calls, assignments, declarations, imports), each module
 * its own. So the root is walked once for every type asked of any root of that language so
 * far in the process ({@link ASKED}, which starts with the types the rules ask of every
 * file they read), and each question is answered from that list: a type not yet asked
 * means one more walk, which then covers it for every later file. Exact: the
 * union walk lists its nodes in source order, and keeping those of the asked types keeps
 * their order. Types with a node at nearly every leaf ({@link FREQUENT}) are walked for
 * alone: carried into every union walk, turning each of their nodes into an object would
 * cost more than the walk it spares.
 */
interface RootIndex {
  /** The types the walk looked for. */
  types: ReadonlySet<string>
  nodes: Node[]
  /** The type of each of {@link nodes} (reading a node's type is a call into WebAssembly). */
  typeOf: string[]
}
const rootIndexes = new WeakMap<ParsedCode, RootIndex>()
const FREQUENT: ReadonlySet<string> = new Set([
  'identifier',
  'property_identifier',
  'shorthand_property_identifier',
  'shorthand_property_identifier_pattern',
  'type_identifier',
  'string',
  'string_fragment',
  'string_content',
  'comment',
  'ERROR'
])
const JS_ASKED = [
  'variable_declarator',
  'call_expression',
  'new_expression',
  'pair',
  'array',
  'assignment_expression',
  'import_statement',
  'function_declaration'
]
const ASKED = new Map<CodeLanguage, Set<string>>([
  ['python', new Set(['assignment', 'call', 'keyword_argument', 'default_parameter', 'typed_default_parameter', 'pair', 'list', 'tuple', 'import_statement', 'import_from_statement', 'function_definition'])],
  ['javascript', new Set(JS_ASKED)],
  ['typescript', new Set(JS_ASKED)],
  ['tsx', new Set(JS_ASKED)]
])

function fromRootIndex(parsed: ParsedCode, types: readonly string[]): Node[] {
  let index = rootIndexes.get(parsed)
  if (!index || types.some((t) => !index!.types.has(t))) {
    const asked = ASKED.get(parsed.lang)!
    for (const t of types) asked.add(t)
    const union = new Set(asked)
    const nodes = walk(parsed.root, [...union])
    index = { types: union, nodes, typeOf: nodes.map((n) => n.type) }
    rootIndexes.set(parsed, index)
  }
  const out: Node[] = []
  const { nodes, typeOf } = index
  if (types.length === 1) {
    const t = types[0]
    for (let i = 0; i < nodes.length; i++) if (typeOf[i] === t) out.push(nodes[i])
  } else {
    const wanted = new Set(types)
    for (let i = 0; i < nodes.length; i++) if (wanted.has(typeOf[i])) out.push(nodes[i])
  }
  return out
}

/**
 * The descendants of a node (itself included) of each group's types, in
 * source order per group: the same lists as one {@link descendantsOfType} call
 * per group, from one walk of the tree instead of one per group (a walk visits
 * every node in WebAssembly; the type of a node found is one call more). A
 * node goes into every group that names its type. Exact: the walk lists the
 * nodes of the union of the types in source order, and a node's type is the
 * name the walk matched it by, so keeping a group's types keeps its list.
 */
export function descendantsInGroups(node: Node, groups: readonly (readonly string[])[]): Node[][] {
  const out: Node[][] = groups.map(() => [])
  const where = new Map<string, number[]>()
  groups.forEach((g, i) => {
    for (const t of g) {
      const list = where.get(t)
      if (!list) where.set(t, [i])
      else if (!list.includes(i)) list.push(i)
    }
  })
  for (const n of descendantsOfType(node, [...where.keys()])) for (const i of where.get(n.type) ?? []) out[i].push(n)
  return out
}
