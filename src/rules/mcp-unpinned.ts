/**
 * mcp-unpinned: an MCP server launches code resolved at run time — an
 * npx/bunx/pnpm dlx package without an exact version, uvx/pipx run without an
 * exact pin, a `docker run` image without a digest, a git source without a
 * commit, or an `npm install` without a lockfile on every launch. Whoever
 * controls the registry entry, tag or branch then runs code with the session's
 * permissions and environment (checklist item 28). Critical when a workflow
 * runs Claude in CI: `claude -p` and the action start every `.mcp.json`
 * server without asking, on the runner next to its secrets (the root's
 * `.mcp.json`, or one in a folder a workflow names: a session loads the file
 * of the folder it starts in).
 * Docs: docs/rules/mcp-unpinned.md
 */
import { defineRule } from './rule.js'
import { unpinnedLaunch } from '../analysis/mcp-launch.js'

export default defineRule({
  meta: {
    id: 'mcp-unpinned',
    checklistItems: [28],
    area: 'mcp',
    severity: 'high',
    confidence: 'high',
    description: 'MCP server code resolved at run time',
    messages: {
      unpinned:
        "MCP server {{name}} runs code resolved at launch ({{problems}}): whatever the registry, tag or branch serves that day runs with this session's permissions and environment{{ci}}"
    }
  },
  check(ctx) {
    const p = ctx.project
    const ciRuns = p.claudeRuns.length > 0
    for (const server of p.mcpServers) {
      // CI sessions load the `.mcp.json` of the folder they start in: the root's, or one a workflow names.
      const file = server.doc.file.path
      const m = /^(?:(.*)\/)?(?:\.claude\/settings(?:\.local)?\.json|\.mcp\.json)$/.exec(file)
      const dir = m?.[1] ?? ''
      const inCi = ciRuns && (dir === '' || p.workflows.some((w) => w.doc.file.text.includes(dir)))
      const problems = unpinnedLaunch(server, (rel) => p.reader.exists(rel))
      if (!problems.length) continue
      const at = server.doc.span(server.path, 'key')
      if (!at) continue
      const list = problems.map((u) => `\`${u.what}\`: ${u.why}`).join('; ')
      ctx.report({
        messageId: 'unpinned',
        data: {
          name: server.name,
          problems: list,
          ci: inCi
            ? '; a workflow here runs Claude in CI, where every .mcp.json server starts without approval on the runner next to its secrets'
            : ''
        },
        at,
        severity: inCi ? 'critical' : 'high',
        tip: 'pin exact versions (`npx -y @scope/server@1.2.3`, `uvx pkg@1.2.3` or `uvx --from pkg==1.2.3 cmd`, `image@sha256:<digest>`, `git+https://...@<commit>`) and commit a lockfile for servers built from the repository'
      })
    }
  }
})
