/**
 * Hooks that Claude Code plugins in the repository register. A plugin is a
 * folder with `.claude-plugin/plugin.json` (the manifest; marketplaces list
 * plugins in `.claude-plugin/marketplace.json`); its hooks live in
 * `hooks/hooks.json` at the plugin root, in files the manifest's `hooks` field
 * names (`"./config/hooks.json"`, relative to the plugin root), or inline as
 * the manifest's `hooks` object — each with the shape of the settings key
 * (`{"hooks": {"PreToolUse": [...]}}`). Their commands name the plugin's own
 * scripts through `${CLAUDE_PLUGIN_ROOT}`, the folder the plugin is installed
 * in (https://code.claude.com/docs/en/plugins-reference, "Hooks" and
 * "Environment variables"; reference §2.1, §2.6 and §5.4).
 *
 * A plugin's hooks run only for users who install and enable the plugin, in
 * their own project: `$CLAUDE_PROJECT_DIR` and the working directory are that
 * project, not this repository.
 */
import { posix } from 'node:path'
import type { Project } from '../model/project.js'
import { buildSettings, MAX_HOOK_HANDLERS, type HookHandler, type SettingsFile } from '../model/settings.js'
import { isObject, parseJson, type StructuredDoc } from '../parse/doc.js'

/** One file that declares plugin hooks, with the handlers it declares. */
export interface PluginHookFile {
  /** The plugin's folder (`''` for the repository root): what `${CLAUDE_PLUGIN_ROOT}` stands for. */
  root: string
  doc: StructuredDoc
  handlers: HookHandler[]
}

const MANIFEST = /(?:^|\/)\.claude-plugin\/plugin\.json$/
const HOOKS_FILE = /(?:^|\/)hooks\/hooks\.json$/
const MARKETPLACE = /(?:^|\/)\.claude-plugin\/marketplace\.json$/
/** Folders whose contents are installed packages or build output, not the repository's plugins. */
const NOT_SOURCE = /(?:^|\/)(?:node_modules|\.git|dist|build)\//

const FILES = new WeakMap<Project, PluginHookFile[]>()

/** The plugin root a manifest path belongs to (`plugins/x/.claude-plugin/plugin.json` → `plugins/x`). */
function manifestRoot(path: string): string {
  return path.replace(/(?:^|\/)\.claude-plugin\/plugin\.json$/, '')
}

/** A path relative to a plugin root (`./hooks/x.json`), repository-relative; undefined when it leaves the repository. */
export function underRoot(root: string, rel: string): string | undefined {
  const joined = posix.normalize(posix.join(root || '.', rel))
  if (joined === '..' || joined.startsWith('../') || posix.isAbsolute(joined)) return undefined
  return joined.replace(/^\.\//, '')
}

/** A plugin a marketplace of the repository lists by a relative `source`. */
interface Listed {
  /** `plugin@marketplace`, as `enabledPlugins` names it. */
  id: string
  root: string
}

const LISTED = new WeakMap<Project, Listed[]>()

/** Plugins that marketplaces in the repository list by a relative `source` (`"./plugins/x"`). */
function listedPlugins(project: Project): Listed[] {
  const hit = LISTED.get(project)
  if (hit) return hit
  const out: Listed[] = []
  for (const p of project.files.paths) {
    if (!MARKETPLACE.test(p) || NOT_SOURCE.test(p)) continue
    const f = project.reader.read(p)
    if (!f) continue
    const v = parseJson(f).value
    if (!isObject(v) || !Array.isArray(v.plugins)) continue
    const base = p.replace(/(?:^|\/)\.claude-plugin\/marketplace\.json$/, '')
    const meta = isObject(v.metadata) && typeof v.metadata.pluginRoot === 'string' ? v.metadata.pluginRoot : ''
    const market = typeof v.name === 'string' ? v.name : ''
    for (const e of v.plugins) {
      if (!isObject(e) || typeof e.source !== 'string') continue
      // A bare name is resolved under `metadata.pluginRoot`; a `./` path under the marketplace's folder.
      const rel = e.source.startsWith('.') ? e.source : posix.join(meta || '.', e.source)
      const root = underRoot(base, rel)
      if (root !== undefined) out.push({ id: `${typeof e.name === 'string' ? e.name : ''}@${market}`, root: root === '.' ? '' : root })
    }
  }
  LISTED.set(project, out)
  return out
}

/** One plugin of the repository: its folder, its name and its parsed manifest when it has one. */
export interface PluginFolder {
  /** The plugin's folder (`''` for the repository root): what `${CLAUDE_PLUGIN_ROOT}` stands for. */
  root: string
  /** The manifest's `name`, else the name a marketplace lists it by, else the folder's name. */
  name: string
  manifest?: StructuredDoc
}

const FOLDERS = new WeakMap<Project, PluginFolder[]>()

/**
 * Every plugin folder of the repository: each folder with a `.claude-plugin/plugin.json`, and
 * each folder a marketplace here lists by a relative `source` (the manifest is optional).
 */
export function pluginFolders(project: Project): PluginFolder[] {
  const hit = FOLDERS.get(project)
  if (hit) return hit
  const byRoot = new Map<string, PluginFolder>()
  for (const m of project.files.configPaths) {
    if (!MANIFEST.test(m) || NOT_SOURCE.test(m)) continue
    const root = manifestRoot(m)
    const f = project.reader.read(m)
    const manifest = f ? parseJson(f) : undefined
    const named = isObject(manifest?.value) && typeof manifest.value.name === 'string' ? manifest.value.name : undefined
    byRoot.set(root, { root, name: named ?? (posix.basename(root) || root), ...(manifest ? { manifest } : {}) })
  }
  for (const l of listedPlugins(project)) {
    if (!byRoot.has(l.root)) byRoot.set(l.root, { root: l.root, name: l.id.slice(0, l.id.lastIndexOf('@')) || posix.basename(l.root) || l.root })
  }
  const out = [...byRoot.values()]
  FOLDERS.set(project, out)
  return out
}

/**
 * Folders of the repository's own plugins that a settings file enables (`enabledPlugins`:
 * `{"name@marketplace": true}`, only a literal `true` enables), matched through a marketplace
 * of the repository that lists the plugin by a relative source. Only for these does a plugin's
 * hook run in a session of this project for everyone who uses the committed settings.
 */
export function enabledPluginRoots(project: Project, settings: SettingsFile): Set<string> {
  const ep = settings.value.enabledPlugins
  const out = new Set<string>()
  if (!isObject(ep)) return out
  for (const l of listedPlugins(project)) if (ep[l.id] === true) out.add(l.root)
  return out
}

/**
 * The hook handlers of a document with the settings key's shape: the first
 * {@link MAX_HOOK_HANDLERS}, as for a settings file (file-skipped says so).
 */
function handlersOf(project: Project, doc: StructuredDoc): HookHandler[] {
  if (!isObject(doc.value) || !isObject(doc.value.hooks)) return []
  const all = buildSettings(doc)?.declaredHooks ?? []
  if (all.length <= MAX_HOOK_HANDLERS) return all
  project.reader.skip(doc.file.path, `in full: it declares ${all.length} hook handlers, and only the first ${MAX_HOOK_HANDLERS} were analysed`)
  return all.slice(0, MAX_HOOK_HANDLERS)
}

/**
 * Every file of the repository that declares plugin hooks. A `hooks/hooks.json`
 * counts when its folder's parent is a plugin: it has a manifest, a marketplace
 * here lists it, or the file names `${CLAUDE_PLUGIN_ROOT}` (the manifest is
 * optional). Files that do not parse declare nothing here.
 */
export function pluginHookFiles(project: Project): PluginHookFile[] {
  const hit = FILES.get(project)
  if (hit) return hit
  const out: PluginHookFile[] = []
  const seen = new Set<string>()
  const add = (root: string, path: string): void => {
    if (seen.has(path) || NOT_SOURCE.test(path)) return
    const f = project.reader.read(path)
    if (!f) return
    const doc = parseJson(f)
    if (doc.errors.length) return
    seen.add(path)
    const handlers = handlersOf(project, doc)
    if (handlers.length) out.push({ root, doc, handlers })
  }
  const manifests = project.files.paths.filter((p) => MANIFEST.test(p) && !NOT_SOURCE.test(p))
  const roots = new Set(manifests.map(manifestRoot))
  const listed = new Set(listedPlugins(project).map((l) => l.root))
  for (const m of manifests) {
    const root = manifestRoot(m)
    const f = project.reader.read(m)
    const doc = f ? parseJson(f) : undefined
    const hooks = isObject(doc?.value) ? doc.value.hooks : undefined
    // Inline hooks in the manifest, or paths of further hook files.
    if (doc && isObject(hooks)) {
      const handlers = handlersOf(project, doc)
      seen.add(m)
      if (handlers.length) out.push({ root, doc, handlers })
    }
    for (const rel of typeof hooks === 'string' ? [hooks] : Array.isArray(hooks) ? hooks : []) {
      if (typeof rel !== 'string') continue
      const p = underRoot(root, rel)
      if (p && project.reader.exists(p)) add(root, p)
    }
  }
  for (const p of project.files.paths) {
    if (!HOOKS_FILE.test(p) || seen.has(p) || NOT_SOURCE.test(p)) continue
    const root = posix.dirname(posix.dirname(p)) === '.' ? '' : posix.dirname(posix.dirname(p))
    // `.claude/hooks/hooks.json` is a project's hook folder, not a plugin.
    if (root === '.claude' || root.endsWith('/.claude')) continue
    if (!roots.has(root) && !listed.has(root) && !project.reader.read(p)?.text.includes('CLAUDE_PLUGIN_ROOT')) continue
    add(root, p)
  }
  FILES.set(project, out)
  return out
}
