/**
 * Which Claude Code sessions load a configuration file that is not at the
 * repository root.
 *
 * Claude Code reads `.claude/settings.json` and `.mcp.json` only from the
 * folder a session starts in; it looks for `.claude/agents/` from that folder
 * up to the repository root; it discovers nested `.claude/skills/` (and nested
 * `CLAUDE.md`) only when a session works on files below them (reference
 * `claude-code-surface.md` §1.1, §4.1, §5.1, §5.3). A `.claude/` folder inside
 * a template, example or test-fixture tree is therefore not this repository's
 * configuration: a session started at the root never loads its settings,
 * agents or servers; they take effect only where someone starts Claude Code
 * inside that tree, usually after copying it into a project of their own.
 * What such a file *says* stays true (and a credential in it is still
 * committed), but what it *does* is not a risk to this repository's sessions.
 *
 * A monorepo package (`packages/app/.claude/`) is different: developers start
 * Claude Code there, so it is judged like the root.
 */

/** A configuration file inside a template, example or fixture tree. */
export interface TemplateScope {
  /** The folder whose `.claude/` (or `.mcp.json`, memory file) holds the file, without a trailing slash. */
  dir: string
  kind: 'template' | 'example' | 'test fixture'
  /** Whether Claude Code discovers the file from the files a session works on (nested skills, commands, memory). */
  onDemand: boolean
}

/** Folder names that mark a tree shipped to be copied. */
const TEMPLATE_DIR = /^(?:_{0,2}templates?_{0,2}|skeletons?|scaffold(?:s|ing)?|boilerplates?|blueprints?)$/i
/** A generator's placeholder in a folder name (`{{cookiecutter.slug}}`, `{% raw %}`, `<%= name %>`). */
const PLACEHOLDER = /\{\{|\{%|<%/
const EXAMPLE_DIR = /^(?:examples?|samples?|demos?)$/i
const FIXTURE_DIR = /^(?:fixtures?|__fixtures__|testdata|test-data|test_data|tests?|__tests__)$/i

/** The folder that holds a Claude Code configuration file, or undefined when the path is not one. */
function configDir(path: string): { dir: string; onDemand: boolean } | undefined {
  const at = path.lastIndexOf('/.claude/')
  if (at >= 0) {
    const inner = path.slice(at + '/.claude/'.length)
    return { dir: path.slice(0, at), onDemand: /^(?:skills|commands|rules)\//.test(inner) || inner === 'CLAUDE.md' }
  }
  const m = /^(.+)\/(?:\.mcp\.json|CLAUDE\.md|CLAUDE\.local\.md|AGENTS\.md)$/.exec(path)
  if (m) return { dir: m[1], onDemand: !path.endsWith('.mcp.json') }
  return undefined
}

/**
 * The template, example or fixture tree a configuration file belongs to;
 * undefined for the repository's own configuration (the root, or a nested
 * project such as a monorepo package) and for files that are not Claude Code
 * configuration.
 */
export function templateScope(path: string): TemplateScope | undefined {
  const c = configDir(path)
  if (!c) return undefined
  let kind: TemplateScope['kind'] | undefined
  for (const seg of c.dir.split('/')) {
    if (TEMPLATE_DIR.test(seg) || PLACEHOLDER.test(seg)) kind = 'template'
    else if (EXAMPLE_DIR.test(seg)) kind ??= 'example'
    else if (FIXTURE_DIR.test(seg)) kind ??= 'test fixture'
  }
  return kind ? { dir: c.dir, kind, onDemand: c.onDemand } : undefined
}

/** Why a finding in such a file is not about this repository's sessions, as a clause for its message. */
export function templateReason(s: TemplateScope): string {
  const loads = s.onDemand
    ? 'Claude Code picks it up only in a session started there or working on files inside that folder'
    : 'Claude Code loads it only in a session started inside that folder'
  return `${s.dir}/ is ${s.kind === 'example' ? 'an' : 'a'} ${s.kind} folder, not this repository's configuration: ${loads}, for instance once it is copied into a project`
}

/** Folder names of documentation: code there illustrates a text (a snippet, a page's example, a mirror the site renders). */
const DOC_DIR = /^(?:docs?|documentation)$/i

/** A folder of code that is shown rather than run: an example or a documentation folder. */
export interface HandRunDir {
  /** The folder, from the repository root to the example or documentation segment (`pkg/examples`). */
  dir: string
  kind: 'example' | 'documentation'
}

/**
 * The example, sample, demo or documentation folder a code file sits in
 * (`src/examples/`, `docs/`), the outermost such segment; undefined
 * otherwise. Code there shows how to use something and is run by hand, if at
 * all; it is no job of this repository's unless a workflow runs it (callers
 * check that: a workflow that runs it makes it a CI run).
 */
export function handRunCodeDir(path: string): HandRunDir | undefined {
  const segs = path.split('/').slice(0, -1)
  for (let i = 0; i < segs.length; i++) {
    const kind = EXAMPLE_DIR.test(segs[i]) ? 'example' : DOC_DIR.test(segs[i]) ? 'documentation' : undefined
    if (kind) return { dir: segs.slice(0, i + 1).join('/'), kind }
  }
  return undefined
}

/** As a clause for a message: `docs/, a documentation folder run by hand if at all`. */
export function handRunClause(d: HandRunDir): string {
  return `${d.dir}/, ${d.kind === 'example' ? 'an example' : 'a documentation'} folder run by hand if at all`
}

/** Per file list: each folder that holds a file or folder whose name does not start with a dot. */
const WORK_DIRS = new WeakMap<readonly string[], Set<string>>()

function foldersWithWork(paths: readonly string[]): Set<string> {
  let out = WORK_DIRS.get(paths)
  if (out) return out
  out = new Set()
  // Each folder of a path up to its first segment that starts with a dot: the text before
  // each slash whose next segment does not (no splitting and joining of every path).
  for (const p of paths) {
    if (p.charCodeAt(0) === 0x2e) continue
    for (let slash = p.indexOf('/'); slash >= 0 && p.charCodeAt(slash + 1) !== 0x2e; slash = p.indexOf('/', slash + 1)) out.add(p.slice(0, slash))
  }
  WORK_DIRS.set(paths, out)
  return out
}

/**
 * Whether a folder holds nothing but dot-files and dot-folders (`.claude/`,
 * `.mcp.json`): configuration with no code or manifest of its own, so nobody
 * starts a session there to work on it.
 */
export function holdsOnlyConfig(paths: readonly string[], dir: string): boolean {
  return dir !== '' && configOnly(paths, dir, foldersWithWork(paths))
}

/** Whether a folder that holds files holds nothing but dot-files and dot-folders (configuration only). */
function configOnly(paths: readonly string[], dir: string, work: Set<string>): boolean {
  return !work.has(dir) && paths.some((p) => p.startsWith(`${dir}/.`))
}

/**
 * A configuration layer copied or merged into other projects, found from the
 * repository's layout rather than from names: the folder that holds the file
 * (`<stack>/merge/` of `<stack>/merge/.claude/settings.json`) is not the root,
 * holds nothing but dot-files (no code and no manifest of its own, so nobody
 * starts a session there to work on it), no workflow names it (no Claude run
 * works there), and the same folder name recurs, also configuration only,
 * under another folder at the same depth (`all/merge/`, `typescript/merge/`):
 * one layout repeated per variant. `workflowTexts` are the workflow files'
 * texts. Undefined otherwise, and for what {@link templateScope} already names.
 */
export function copiedLayerScope(paths: readonly string[], workflowTexts: readonly string[], path: string): TemplateScope | undefined {
  const c = configDir(path)
  if (!c || c.dir === '' || !c.dir.includes('/')) return undefined
  let cache = LAYERS.get(paths)
  if (!cache) LAYERS.set(paths, (cache = new Map()))
  if (!cache.has(c.dir)) cache.set(c.dir, isCopiedLayer(paths, workflowTexts, c.dir))
  return cache.get(c.dir) ? { dir: c.dir, kind: 'template', onDemand: c.onDemand } : undefined
}

const LAYERS = new WeakMap<readonly string[], Map<string, boolean>>()

function isCopiedLayer(paths: readonly string[], workflowTexts: readonly string[], dir: string): boolean {
  const c = { dir }
  const work = foldersWithWork(paths)
  if (!configOnly(paths, c.dir, work)) return false
  if (workflowTexts.some((t) => t.includes(c.dir))) return false
  const parent = c.dir.slice(0, c.dir.lastIndexOf('/'))
  const name = c.dir.slice(c.dir.lastIndexOf('/') + 1)
  const grand = parent.includes('/') ? parent.slice(0, parent.lastIndexOf('/') + 1) : ''
  const depth = c.dir.split('/').length
  const siblings = new Set<string>()
  for (const p of paths) {
    if (!p.startsWith(grand)) continue
    const segs = p.split('/')
    if (segs.length <= depth || segs[depth - 1] !== name) continue
    const d = segs.slice(0, depth).join('/')
    if (d !== c.dir && !siblings.has(d)) siblings.add(d)
  }
  for (const d of siblings) if (configOnly(paths, d, work)) return true
  return false
}
