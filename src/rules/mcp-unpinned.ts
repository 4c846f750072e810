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
 * of the folder it starts in). A server launched through a shell script of
 * the repository is judged by what the script runs, at the line that runs it.
 * Servers a workflow gives its Claude runs without a `.mcp.json` (the action's
 * `mcp_config`, `--mcp-config`, `claude mcp add`/`add-json` before the run;
 * analysis/workflow-mcp.ts) are critical: they start on the runner.
 * Docs: docs/rules/mcp-unpinned.md
 */
import { defineRule } from './rule.js'
import type { Span } from '../parse/source.js'
import { launchDir, launchScript, unpinnedInScript, unpinnedLaunch, type ScriptUnpinned } from '../analysis/mcp-launch.js'
import { givenMcpServers, type GivenBy } from '../analysis/workflow-mcp.js'
import { auditedMcpServers } from '../analysis/plugin-mcp.js'

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
        "MCP server {{name}} runs code resolved at launch ({{problems}}): whatever the registry, tag or branch serves that day runs with this session's permissions and environment{{ci}}",
      given:
        "MCP server {{name}} ({{by}}) runs code resolved at launch ({{problems}}): the workflow starts it for the Claude run of {{jobs}}, on the runner next to the job's secrets and without approval, so whatever the registry, tag or branch serves that day runs there",
      unpinnedScript:
        "{{script}} launches {{servers}} with code resolved at launch ({{problems}}): whatever the registry, tag or branch serves that day runs with this session's permissions and environment{{ci}}"
    }
  },
  check(ctx) {
    const p = ctx.project
    const ciRuns = p.claudeRuns.length > 0
    const CI = '; a workflow here runs Claude in CI, where every .mcp.json server starts without approval on the runner next to its secrets'
    const list = (problems: { what: string; why: string }[]): string => problems.map((u) => `\`${u.what}\`: ${u.why}`).join('; ')
    // Launch scripts shared by several servers are reported once per line, with every server as a related place.
    const inScripts = new Map<string, { script: string; at: Span; problems: ScriptUnpinned[]; servers: { name: string; at: Span }[]; inCi: boolean }>()
    for (const server of auditedMcpServers(p)) {
      if (server.ignored) continue // never started: Claude Code does not read these entries (model/mcp.ts)
      const at = server.doc.span(server.path, 'key')
      if (!at) continue
      // CI sessions load the `.mcp.json` of the folder they start in: the root's, or one a workflow names.
      const m = /^(?:(.*)\/)?(?:\.claude\/settings(?:\.local)?\.json|\.mcp\.json)$/.exec(server.doc.file.path)
      const dir = m?.[1] ?? ''
      // A server only a plugin declares starts where the plugin is installed and enabled, not as a project server in CI.
      const inCi = server.plugin === undefined && ciRuns && (dir === '' || p.workflows.some((w) => w.doc.file.text.includes(dir)))
      const reach = server.plugin !== undefined ? pluginReach(server.plugin) : inCi ? CI : ''
      const problems = unpinnedLaunch(server, (rel) => p.reader.exists(rel))
      if (problems.length) {
        ctx.report({ messageId: 'unpinned', data: { name: server.name, problems: list(problems), ci: reach }, at, severity: inCi ? 'critical' : 'high', tip: TIP })
      }
      const script = launchScript(server, (rel) => p.reader.read(rel))
      if (!script) continue
      for (const u of unpinnedInScript(script, launchDir(server), (rel) => p.reader.exists(rel))) {
        const key = `${script.path}:${u.at.start}:${u.at.end}`
        const entry = inScripts.get(key) ?? { script: script.path, at: u.at, problems: [], servers: [], inCi: false }
        entry.inCi ||= inCi
        if (!entry.problems.some((x) => x.what === u.what)) entry.problems.push(u)
        if (!entry.servers.some((x) => x.at.file === at.file && x.at.start === at.start)) entry.servers.push({ name: server.name, at })
        inScripts.set(key, entry)
      }
    }
    // Servers a workflow hands its Claude runs itself (the action's mcp_config, --mcp-config, `claude mcp add`).
    for (const g of givenMcpServers(p)) {
      const problems = unpinnedLaunch(g.server, (rel) => p.reader.exists(rel))
      if (!problems.length) continue
      const jobs = [...new Set(g.runs.map((r) => `${r.workflow.path} job ${r.job.id}`))]
      ctx.report({
        messageId: 'given',
        data: { name: g.server.name, by: GIVEN_BY[g.by], problems: list(problems), jobs: jobs.join(', ') },
        at: g.at,
        severity: 'critical',
        tip: TIP
      })
    }
    for (const e of inScripts.values()) {
      ctx.report({
        messageId: 'unpinnedScript',
        data: { script: e.script, servers: `MCP server${e.servers.length > 1 ? 's' : ''} ${e.servers.map((x) => x.name).join(', ')}`, problems: list(e.problems), ci: e.inCi ? CI : '' },
        at: e.at,
        severity: e.inCi ? 'critical' : 'high',
        related: e.servers.map((x) => ({ at: x.at, note: `MCP server ${x.name} runs ${e.script}` })),
        tip: TIP
      })
    }
  }
})

/** Where a plugin's server runs, for the message. */
function pluginReach(plugin: string): string {
  return `; it is a server of plugin ${plugin}, which starts it on the machine of everyone who installs and enables the plugin`
}

const GIVEN_BY: Record<GivenBy, string> = {
  mcp_config: "given in the action's `mcp_config` input",
  '--mcp-config': 'given with `--mcp-config`',
  'claude mcp add': 'added with `claude mcp add`',
  'claude mcp add-json': 'added with `claude mcp add-json`'
}

const TIP =
  'pin exact versions (`npx -y @scope/server@1.2.3`, `uvx pkg@1.2.3` or `uvx --from pkg==1.2.3 cmd`, `image@sha256:<digest>`, `git+https://...@<commit>`) and commit a lockfile for servers built from the repository'
