/**
 * Commands and skills that Claude Code plugins in the repository ship: a
 * plugin's `commands/**.md` and `skills/<name>/SKILL.md` (its default
 * folders), and the files or folders its manifest's `commands` and `skills`
 * fields name, relative to the plugin root
 * (https://code.claude.com/docs/en/plugins-reference, "Plugin components" and
 * "Plugin manifest schema"). The project model reads only `.claude/commands`
 * and `.claude/skills`; these are what an installed plugin adds, with the same
 * frontmatter (`allowed-tools`, ...; reference §5.2–§5.4).
 */
import type { AgentLikeFile, Project } from '../model/project.js'
import { isObject, parseMarkdown } from '../parse/doc.js'
import { pluginFolders, underRoot, type PluginFolder } from './plugin-hooks.js'

/** A command or skill file of a plugin of the repository. */
export interface PluginCommandFile extends AgentLikeFile {
  kind: 'command' | 'skill'
  /** The plugin's name (its manifest's `name`, else its folder's). */
  plugin: string
  /** The plugin's folder in the repository ('' for the repository root). */
  root: string
}

/** Folders whose contents are installed packages or build output, not the repository's plugins. */
const NOT_SOURCE = /(?:^|\/)(?:node_modules|\.git|dist|build)\//

/** The folders a path could belong to as a plugin's `<seg>` folder (`a/commands/x.md`, `commands/` → `a`), outermost first. */
function rootsBefore(path: string, seg: string): string[] {
  const out: string[] = []
  if (path.startsWith(seg)) out.push('')
  for (let i = path.indexOf(`/${seg}`); i >= 0; i = path.indexOf(`/${seg}`, i + 1)) out.push(path.slice(0, i))
  return out
}

/** The plugin folder whose default `<seg>` folder holds a path, if any. */
function defaultFolder(path: string, seg: 'commands/' | 'skills/', byRoot: Map<string, PluginFolder>): PluginFolder | undefined {
  for (const root of rootsBefore(path, seg)) {
    const folder = byRoot.get(root)
    if (!folder) continue
    const rest = path.slice(root ? root.length + 1 + seg.length : seg.length)
    if (seg === 'commands/' ? rest.endsWith('.md') : /^[^/]+\/SKILL\.md$/.test(rest)) return folder
  }
  return undefined
}

const CACHE = new WeakMap<Project, PluginCommandFile[]>()

/** The paths a manifest field (`"commands": "./cmds"` or a list) names: `.md` files, or the command files / skill folders under a folder. */
function declared(project: Project, folder: PluginFolder, field: 'commands' | 'skills'): string[] {
  const v = isObject(folder.manifest?.value) ? folder.manifest.value[field] : undefined
  const rels = typeof v === 'string' ? [v] : Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : []
  const out: string[] = []
  for (const rel of rels) {
    const p = underRoot(folder.root, rel)
    if (p === undefined) continue
    if (field === 'commands' && p.endsWith('.md')) {
      if (project.reader.exists(p)) out.push(p)
      continue
    }
    const dir = p === '.' ? '' : `${p.replace(/\/$/, '')}/`
    for (const path of project.files.paths) {
      if (!path.startsWith(dir)) continue
      const rest = path.slice(dir.length)
      if (field === 'commands' ? rest.endsWith('.md') : /^(?:[^/]+\/)?SKILL\.md$/.test(rest)) out.push(path)
    }
  }
  return out
}

/** Every command and skill file a plugin of the repository ships (not those the project model reads under `.claude/`). */
export function pluginCommandFiles(project: Project): PluginCommandFile[] {
  const hit = CACHE.get(project)
  if (hit) return hit
  const folders = pluginFolders(project)
  const out: PluginCommandFile[] = []
  if (!folders.length) {
    CACHE.set(project, out)
    return out
  }
  const byRoot = new Map(folders.map((f) => [f.root, f]))
  const own = new Set([...project.commands, ...project.skills].map((c) => c.path))
  const seen = new Set<string>()
  const add = (path: string, kind: 'command' | 'skill', folder: PluginFolder): void => {
    if (seen.has(path) || own.has(path) || NOT_SOURCE.test(path) || /(?:^|\/)\.claude\//.test(path)) return
    seen.add(path)
    const f = project.reader.read(path)
    if (!f) return
    const md = parseMarkdown(f)
    const fm = md.frontmatter
    const data = fm && isObject(fm.value) ? fm.value : {}
    out.push({ kind, md, path, data, plugin: folder.name, root: folder.root })
  }
  for (const path of project.files.paths) {
    if (!path.endsWith('.md')) continue
    const command = defaultFolder(path, 'commands/', byRoot)
    if (command) add(path, 'command', command)
    const skill = path.endsWith('/SKILL.md') ? defaultFolder(path, 'skills/', byRoot) : undefined
    if (skill) add(path, 'skill', skill)
  }
  for (const folder of folders) {
    for (const p of declared(project, folder, 'commands')) add(p, 'command', folder)
    for (const p of declared(project, folder, 'skills')) add(p, 'skill', folder)
  }
  CACHE.set(project, out)
  return out
}
