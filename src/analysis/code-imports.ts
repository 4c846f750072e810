/**
 * The repository modules a Python, JavaScript or TypeScript script imports,
 * read from its syntax tree: a workflow that runs `python scripts/run.py`
 * also runs the code of `scripts/agent.py` when run.py does
 * `from agent import run_agent`, so an Agent SDK session there is a Claude
 * run of that step (src/analysis/sdk-runs.ts).
 *
 * - Python: `import a.b`, `from a.b import c` and relative imports
 *   (`from .x import y`, `from . import x`). An absolute module is looked up
 *   where Python finds it for a script: the script's own folder (first on
 *   `sys.path` for `python x.py`), then a `src/` layout and the repository
 *   root (the project's own package, installed by `uv run` / `pip install -e .`
 *   or on the path the script adds to `sys.path`);
 * - JavaScript / TypeScript: relative specifiers of `import … from './x'`,
 *   `export … from './x'` and `require('./x')`, with the extensions a
 *   TypeScript runner tries (`./x.js` is also `./x.ts`).
 *
 * A module the repository does not hold (a dependency, the standard library)
 * is not a path here; nothing is guessed beyond these places.
 */
import { posix } from 'node:path'
import type { SourceFile } from '../parse/source.js'
import { descendantsOfType, parseCode, type CodeLanguage, type Node } from '../parse/code.js'

/** One repository module a script imports, and where the import is written. */
export interface LocalImport {
  /** Repository-relative path of the module's file. */
  path: string
  start: number
  end: number
}

const JS_EXTENSIONS = ['.ts', '.tsx', '.mts', '.cts', '.js', '.mjs', '.cjs', '.jsx']

/** The repository modules `file` (at repository path `path`) imports, each once, in source order. */
export function localImports(file: SourceFile, path: string, lang: CodeLanguage, exists: (p: string) => boolean): LocalImport[] {
  const parsed = parseCode(file, lang)
  if (!parsed) return []
  const dir = posix.dirname(path) === '.' ? '' : posix.dirname(path)
  const out: LocalImport[] = []
  const seen = new Set<string>()
  const add = (p: string | undefined, n: Node): void => {
    if (p === undefined || seen.has(p) || p === path) return
    seen.add(p)
    out.push({ path: p, start: n.startIndex, end: n.endIndex })
  }
  if (lang === 'python') {
    for (const n of descendantsOfType(parsed.root, ['import_statement', 'import_from_statement'])) {
      if (n.type === 'import_statement') {
        for (const c of n.childrenForFieldName('name')) {
          const dotted = c?.type === 'aliased_import' ? c.childForFieldName('name') : c
          if (dotted?.type === 'dotted_name') add(pyModule(dotted.text, dir, exists), n)
        }
        continue
      }
      const mod = n.childForFieldName('module_name')
      if (mod?.type === 'dotted_name') {
        add(pyModule(mod.text, dir, exists), n)
      } else if (mod?.type === 'relative_import') {
        const dots = mod.namedChildren.find((c) => c?.type === 'import_prefix')?.text.length ?? 1
        const name = mod.namedChildren.find((c) => c?.type === 'dotted_name')?.text
        let base = dir
        for (let i = 1; i < dots; i++) base = base === '' ? '..' : posix.dirname(base) === '.' ? '' : posix.dirname(base)
        if (base.startsWith('..')) continue
        if (name) add(pyFile(base, name, exists), n)
        // `from . import x`: x is a module of the package.
        else for (const c of n.childrenForFieldName('name')) {
          const dotted = c?.type === 'aliased_import' ? c.childForFieldName('name') : c
          if (dotted?.type === 'dotted_name') add(pyFile(base, dotted.text, exists), n)
        }
      }
    }
    return out
  }
  for (const n of descendantsOfType(parsed.root, ['import_statement', 'export_statement', 'call_expression'])) {
    let spec: Node | null | undefined
    if (n.type === 'call_expression') {
      const fn = n.childForFieldName('function')
      if (fn?.type !== 'identifier' || fn.text !== 'require') continue
      spec = n.childForFieldName('arguments')?.namedChildren[0]
    } else {
      spec = n.childForFieldName('source')
    }
    if (spec?.type !== 'string') continue
    const text = spec.namedChildren.find((c) => c?.type === 'string_fragment')?.text ?? ''
    if (!text.startsWith('./') && !text.startsWith('../')) continue
    add(jsModule(posix.normalize(posix.join(dir, text)), exists), n)
  }
  return out
}

/** The file of an absolute Python module: beside the script, in `src/`, or from the repository root. */
function pyModule(dotted: string, dir: string, exists: (p: string) => boolean): string | undefined {
  for (const base of [dir, 'src', '']) {
    const p = pyFile(base, dotted, exists)
    if (p) return p
  }
  return undefined
}

function pyFile(base: string, dotted: string, exists: (p: string) => boolean): string | undefined {
  const rel = dotted.replace(/\./g, '/')
  for (const p of [`${rel}.py`, `${rel}/__init__.py`]) {
    const full = base ? `${base}/${p}` : p
    if (exists(full)) return full
  }
  return undefined
}

/** The file a relative JavaScript / TypeScript specifier names, as a TypeScript runner resolves it. */
function jsModule(joined: string, exists: (p: string) => boolean): string | undefined {
  if (joined.startsWith('..')) return undefined
  if (exists(joined) && /\.[cm]?[jt]sx?$/.test(joined)) return joined
  // `./x.js` written for `./x.ts` (TypeScript's ESM convention).
  const stem = joined.replace(/\.[cm]?jsx?$/, '')
  for (const ext of JS_EXTENSIONS) if (exists(stem + ext)) return stem + ext
  for (const ext of JS_EXTENSIONS) if (exists(`${joined}/index${ext}`)) return `${joined}/index${ext}`
  return undefined
}

/** Above this many modules, {@link mayImportOneOf} answers yes without looking (its cost grows with their number). */
const MAX_MODULES_CHECKED = 200

/**
 * Whether the script at `path` may import one of `modules` (repository paths)
 * as {@link localImports} reads imports: a necessary condition, checked on the
 * text before the script is parsed. Every module localImports gives has a name
 * the text spells, or lies where a specifier without such a name reaches:
 *
 * - Python: the file is `<base>/<a>/<b>.py` or `<base>/<a>/<b>/__init__.py`
 *   for a dotted name `a.b` written in the import (the base only picks the
 *   folder), so `b` (the file's stem, or its folder's name) is in the text.
 * - JavaScript / TypeScript: a specifier `./…` or `../…` (its first string
 *   fragment, which localImports reads) is joined to the script's folder and
 *   normalised: an ancestor-or-self `A` of that folder followed by components
 *   written in the specifier, each after a `/`. With at least one written
 *   component `W`, the file is `…/W` itself, `W` with its .js-style extension
 *   swapped (its stem is a prefix of `W`, or it is a dotfile in the folder
 *   before `W`), or `…/W/index.*` (the folder's name is `W`): `/` and the
 *   stem, or `/` and the folder's name, are in the text. With none,
 *   the file lies in `A` or its parent (`A.ts`, `A/index.ts`): a folder that
 *   is an ancestor-or-self of the script's. localImports keeps only files with
 *   the extensions of JS_EXTENSIONS or a spelled `.[cm][jt]sx?` one; the
 *   four of those with neither a glob of the callers' search nor a place in
 *   JS_EXTENSIONS (`.cjsx`, `.mjsx`, `.ctsx`, `.mtsx`) are spelled in the text.
 */
export function mayImportOneOf(text: string, path: string, lang: CodeLanguage, modules: ReadonlySet<string>): boolean {
  if (modules.size > MAX_MODULES_CHECKED) return true
  if (lang !== 'python' && /\.[cm][jt]sx/.test(text)) return true
  const dir = posix.dirname(path) === '.' ? '' : posix.dirname(path)
  // A JS/TS component follows a `/`; a Python one is only known to be in the text.
  const lead = lang === 'python' ? '' : '/'
  for (const m of modules) {
    const slash = m.lastIndexOf('/')
    const folder = slash < 0 ? '' : m.slice(0, slash)
    const base = m.slice(slash + 1)
    const dot = base.lastIndexOf('.')
    if (text.includes(lead + (dot > 0 ? base.slice(0, dot) : base))) return true
    const folderName = folder.slice(folder.lastIndexOf('/') + 1)
    if (folderName !== '' && /^(?:index\.|__init__\.|\.)/.test(base) && text.includes(lead + folderName)) return true
    if (lang !== 'python' && (folder === '' || folder === dir || dir.startsWith(`${folder}/`))) return true
  }
  return false
}

