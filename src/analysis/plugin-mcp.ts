/**
 * MCP servers that Claude Code plugins in the repository declare. A plugin
 * declares them in a `.mcp.json` at its root, in the manifest's `mcpServers`
 * (an object of servers, or the path of a file, or a list of paths, relative
 * to the plugin root), and a marketplace entry may carry them inline
 * (`"strict": false` plugins). A plugin's `.mcp.json` may be written with the
 * `mcpServers` wrapper or without it, the servers at the top level: both forms
 * load (https://code.claude.com/docs/en/plugins-reference#mcp-servers shows
 * the top-level form; anthropics/claude-plugins-official ships both). When
 * the plugin is enabled its servers start automatically, like servers the
 * user configured (https://code.claude.com/docs/en/mcp, "Plugin-provided MCP
 * servers"): on the machine of everyone who installs and enables it.
 *
 * A `.mcp.json` with the wrapper is already a server file of the project model
 * (model/project.ts reads every `.mcp.json`); this module adds only what that
 * reading does not see. How the repository's own root `.mcp.json` is read as a
 * project's configuration does not change.
 */
import type { Project } from '../model/project.js'
import { serversAt, type McpServer } from '../model/mcp.js'
import { isObject, parseJson, type StructuredDoc } from '../parse/doc.js'
import { pluginFolders, underRoot } from './plugin-hooks.js'

const MARKETPLACE = /(?:^|\/)\.claude-plugin\/marketplace\.json$/
/** Folders whose contents are installed packages or build output, not the repository's plugins. */
const NOT_SOURCE = /(?:^|\/)(?:node_modules|\.git|dist|build)\//

const CACHE = new WeakMap<Project, McpServer[]>()

/** The parsed document of a repository file: the project model's own when it read it, else parsed here. */
function docOf(project: Project, path: string): StructuredDoc | undefined {
  const known = project.mcpConfigs.find((d) => d.file.path === path)
  if (known) return known
  const f = project.reader.read(path)
  if (!f) return undefined
  const doc = parseJson(f)
  return doc.errors.length ? undefined : doc
}

/**
 * The servers of a plugin's server file: under `mcpServers` when the file has the wrapper
 * (unless the project model already holds that file's servers), else at the top level.
 */
function serversOfFile(project: Project, doc: StructuredDoc, plugin: string): McpServer[] {
  if (isObject(doc.value) && isObject(doc.value.mcpServers)) {
    if (project.mcpServers.some((s) => s.doc === doc)) return []
    return serversAt(doc, ['mcpServers'], { plugin })
  }
  // Top level: a member is a server when it says how to reach one (`command`, `url` or `type`);
  // a `$schema` string or another editor's `{"servers": {...}}` map is not.
  return serversAt(doc, [], { plugin }).filter((s) => ['command', 'url', 'type'].some((k) => typeof s.entry[k] === 'string'))
}

/** Every MCP server a plugin of the repository declares that the project model does not already hold. */
export function pluginMcpServers(project: Project): McpServer[] {
  const hit = CACHE.get(project)
  if (hit) return hit
  const out: McpServer[] = []
  const seenFiles = new Set<string>()
  const fromFile = (path: string | undefined, plugin: string): void => {
    if (path === undefined || seenFiles.has(path) || NOT_SOURCE.test(path)) return
    seenFiles.add(path)
    const doc = docOf(project, path)
    if (doc) out.push(...serversOfFile(project, doc, plugin))
  }
  for (const folder of pluginFolders(project)) {
    const m = folder.manifest
    const declared = isObject(m?.value) ? m.value.mcpServers : undefined
    if (m && isObject(declared)) out.push(...serversAt(m, ['mcpServers'], { plugin: folder.name }))
    for (const rel of typeof declared === 'string' ? [declared] : Array.isArray(declared) ? declared : []) {
      if (typeof rel === 'string') fromFile(underRoot(folder.root, rel), folder.name)
    }
    const own = folder.root ? `${folder.root}/.mcp.json` : '.mcp.json'
    if (project.reader.exists(own)) fromFile(own, folder.name)
  }
  // Marketplace entries that carry their servers inline.
  for (const path of project.files.configPaths) {
    if (!MARKETPLACE.test(path) || NOT_SOURCE.test(path)) continue
    const f = project.reader.read(path)
    const doc = f ? parseJson(f) : undefined
    const plugins = doc && isObject(doc.value) && Array.isArray(doc.value.plugins) ? doc.value.plugins : []
    plugins.forEach((e, i) => {
      if (doc && isObject(e) && isObject(e.mcpServers)) {
        out.push(...serversAt(doc, ['plugins', i, 'mcpServers'], { plugin: typeof e.name === 'string' ? e.name : `#${i + 1}` }))
      }
    })
  }
  CACHE.set(project, out)
  return out
}

/** The project model's MCP servers and the ones only plugins declare: what the MCP rules judge. */
export function auditedMcpServers(project: Project): McpServer[] {
  const extra = pluginMcpServers(project)
  return extra.length ? [...project.mcpServers, ...extra] : project.mcpServers
}
