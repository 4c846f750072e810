/**
 * MCP server entries from `.mcp.json` (and `mcpServers` in settings), with the
 * launch command, arguments and environment each server is started with.
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
  const out: McpServer[] = []
  for (const [name, entry] of Object.entries(v.mcpServers)) {
    if (!isObject(entry)) continue
    const url = typeof entry.url === 'string' ? entry.url : undefined
    out.push({
      name,
      doc,
      path: ['mcpServers', name],
      entry,
      type: typeof entry.type === 'string' ? entry.type : url ? 'http' : 'stdio',
      command: typeof entry.command === 'string' ? entry.command : undefined,
      args: Array.isArray(entry.args) ? entry.args.filter(isScalar).map((a) => String(a)) : [],
      env: isObject(entry.env) ? entry.env : {},
      url,
      headers: isObject(entry.headers) ? entry.headers : {}
    })
  }
  return out
}
