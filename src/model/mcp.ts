/**
 * MCP server entries from `.mcp.json` (and `mcpServers` in settings), with the
 * launch command, arguments and environment each server is started with.
 *
 * Claude Code reads servers from `.mcp.json` at a project's root, from
 * `~/.claude.json` and from managed `managed-mcp.json` only. `mcpServers` in a
 * settings file (`.claude/settings.json`, `~/.claude/settings.json`) is
 * silently ignored (anthropics/claude-code#24477; reference §3.1), and so is a
 * `.mcp.json` inside a `.claude/` folder, which is never a project's root:
 * such servers are modelled (the MCP review counts the file) but marked
 * `ignored`, and the rules about what a server does when it starts skip them.
 */
import { isObject, type PathSeg, type StructuredDoc } from '../parse/doc.js'

/** One configured MCP server. */
export interface McpServer {
  name: string
  doc: StructuredDoc
  path: PathSeg[]
  entry: Record<string, unknown>
  /** `stdio` (default), `http`, `sse` or `ws`. */
  type: string
  command?: string
  args: string[]
  env: Record<string, unknown>
  url?: string
  headers: Record<string, unknown>
  /** Claude Code never starts this entry (see the module comment): it launches nothing. */
  ignored?: true
  /**
   * The folder of the plugin that declares this server (`''` for a plugin at the repository
   * root): it starts for whoever installs and enables the plugin (analysis/plugin-mcp.ts).
   */
  plugin?: string
}

/** Where a file's `mcpServers` are never read by Claude Code: a settings file, or a `.mcp.json` inside `.claude/`. */
export function mcpServersIgnoredIn(path: string): boolean {
  return /(^|\/)\.claude\/(settings(\.local)?\.json|\.mcp\.json)$/.test(path) || /(^|\/)managed-settings(\.json|\.d\/[^/]+\.json)$/.test(path)
}

/**
 * A value that reads as one argument: a string, number or boolean. Objects,
 * arrays and null are dropped (`String()` throws on a null-prototype object,
 * which is what the JSON parser builds; an object is no argument Claude Code
 * would pass either).
 */
function isScalar(a: unknown): a is string | number | boolean {
  return typeof a === 'string' || typeof a === 'number' || typeof a === 'boolean'
}

/** Reads the `mcpServers` map of a document. */
export function buildMcpServers(doc: StructuredDoc): McpServer[] {
  const v = doc.value
  if (!isObject(v) || !isObject(v.mcpServers)) return []
  return serversAt(doc, ['mcpServers'], { ignored: mcpServersIgnoredIn(doc.file.path) })
}

/**
 * The servers of the map at `at` in a document (`['mcpServers']` in `.mcp.json`; `[]` for a
 * plugin's `.mcp.json` written without the wrapper; `['plugins', 0, 'mcpServers']` in a marketplace).
 * `plugin` marks them as a plugin's (its folder), `ignored` as entries Claude Code never starts.
 */
export function serversAt(doc: StructuredDoc, at: PathSeg[], mark: { ignored?: boolean; plugin?: string } = {}): McpServer[] {
  let map: unknown = doc.value
  for (const seg of at) map = isObject(map) ? map[seg as string] : Array.isArray(map) ? map[seg as number] : undefined
  if (!isObject(map)) return []
  const out: McpServer[] = []
  for (const [name, entry] of Object.entries(map)) {
    if (!isObject(entry)) continue
    const url = typeof entry.url === 'string' ? entry.url : undefined
    out.push({
      name,
      doc,
      path: [...at, name],
      entry,
      type: typeof entry.type === 'string' ? entry.type : url ? 'http' : 'stdio',
      command: typeof entry.command === 'string' ? entry.command : undefined,
      args: Array.isArray(entry.args) ? entry.args.filter(isScalar).map((a) => String(a)) : [],
      env: isObject(entry.env) ? entry.env : {},
      url,
      headers: isObject(entry.headers) ? entry.headers : {},
      ...(mark.ignored ? { ignored: true as const } : {}),
      ...(mark.plugin !== undefined ? { plugin: mark.plugin } : {})
    })
  }
  return out
}
