/**
 * custom-api-endpoint: `ANTHROPIC_BASE_URL` (or the Bedrock / Vertex / Foundry
 * base URL) points Claude Code at another host. Every request then goes there:
 * the prompts, the repository content Claude reads, tool results, and the API
 * key or token in the request headers. Anthropic's own endpoints, the named
 * cloud provider's endpoints, loopback proxies and gateways listed in the
 * `allowedHosts` option pass (checklist item 1). Agentic workflow sources
 * (gh-aw) are read at `engine.env`, which the compiled agent step passes to
 * Claude (src/facts/gh-aw.ts `engineEnv`).
 * Docs: docs/rules/custom-api-endpoint.md
 */
import { defineRule } from './rule.js'
import { expressions, type Workflow } from '../model/workflow.js'
import { isObject, type PathSeg, type StructuredDoc } from '../parse/doc.js'
import type { Span } from '../parse/source.js'
import { parseShell } from '../shell/parse.js'
import { flagSpan, settingsInput } from '../analysis/claude-run.js'
import { maskExpressions, spanInScalar } from '../analysis/workflow-security.js'

/** Endpoint variables and the hosts that belong to their provider. */
const VARS: Record<string, { provider: string; hosts: RegExp }> = {
  ANTHROPIC_BASE_URL: { provider: 'Anthropic', hosts: /(^|\.)anthropic\.com$/ },
  ANTHROPIC_BEDROCK_BASE_URL: { provider: 'AWS Bedrock', hosts: /(^|\.)amazonaws\.com(\.cn)?$/ },
  ANTHROPIC_VERTEX_BASE_URL: { provider: 'Google Vertex AI', hosts: /(^|\.)googleapis\.com$/ },
  ANTHROPIC_FOUNDRY_BASE_URL: { provider: 'Microsoft Foundry', hosts: /(^|\.)(azure\.com|microsoft\.com)$/ }
}

function hostOf(value: string): string | undefined {
  const v = value.trim().replace(/^["']|["']$/g, '')
  if (!v || expressions(v).length > 0 || /^\$/.test(v) || /\$\{?[A-Za-z_]/.test(v)) return undefined
  try {
    return new URL(/^[a-z][a-z0-9+.-]*:\/\//i.test(v) ? v : `https://${v}`).hostname
      .toLowerCase()
      .replace(/^\[|\]$/g, '')
  } catch {
    return undefined
  }
}

function loopback(host: string): boolean {
  return (
    host === 'localhost' || host.endsWith('.localhost') || /^127\./.test(host) || host === '::1' || host === '0.0.0.0'
  )
}

function allowedBy(host: string, patterns: string[]): boolean {
  return patterns.some((p) => {
    const q = p.trim().toLowerCase()
    if (!q) return false
    if (q.startsWith('*.')) return host.endsWith(q.slice(1))
    if (q.startsWith('.')) return host.endsWith(q)
    return host === q
  })
}

interface Finding {
  name: string
  host: string
  at: Span
}

export default defineRule({
  meta: {
    id: 'custom-api-endpoint',
    checklistItems: [1],
    area: 'credentials',
    severity: 'medium',
    confidence: 'high',
    description: 'prompts and the API key sent to a non-Anthropic endpoint',
    messages: {
      endpoint:
        "{{name}} sends every request to {{host}}, which is not {{provider}}'s endpoint: the prompts, the repository content Claude reads, tool results and the API key or token all go to that host",
      imported:
        "{{name}} in this shared gh-aw engine sends every request of the {{count}} {{workflows}} that import it ({{list}}) to {{host}}, which is not {{provider}}'s endpoint: the prompts, the repository content the agent reads, tool results and the API key or token all go to that host"
    },
    defaultOptions: { allowedHosts: [] }
  },
  check(ctx) {
    const allowed = Array.isArray(ctx.options.allowedHosts)
      ? ctx.options.allowedHosts.filter((x): x is string => typeof x === 'string')
      : []
    const judge = (name: string, value: unknown): string | undefined => {
      const spec = VARS[name.toUpperCase()]
      if (!spec || typeof value !== 'string') return undefined
      const host = hostOf(value)
      if (!host || spec.hosts.test(host) || loopback(host) || allowedBy(host, allowed)) return undefined
      return host
    }
    const emit = (f: Finding): void => {
      ctx.report({
        messageId: 'endpoint',
        data: { name: f.name, host: f.host, provider: VARS[f.name.toUpperCase()].provider },
        at: f.at,
        tip: "remove the variable to use the provider's endpoint; if this is your organisation's gateway, list its host in this rule's `allowedHosts` option"
      })
    }
    // Committed settings files.
    for (const s of ctx.project.settings) {
      for (const [name, v] of Object.entries(s.env)) {
        const host = judge(name, v)
        const at = host ? s.doc.span(['env', name]) : undefined
        if (host && at) emit({ name, host, at })
      }
    }
    // Workflow env at every level, and assignments in run scripts.
    const envMap = (wf: Workflow, path: PathSeg[], env: Record<string, unknown>): void => {
      for (const [name, v] of Object.entries(env)) {
        const host = judge(name, v)
        const at = host ? wf.doc.span([...path, name]) : undefined
        if (host && at) emit({ name, host, at })
      }
    }
    for (const wf of ctx.project.workflows) {
      envMap(wf, ['env'], wf.env)
      for (const job of wf.jobs) {
        envMap(wf, [...job.path, 'env'], job.env)
        for (const step of job.steps) {
          envMap(wf, [...step.path, 'env'], step.env)
          if (typeof step.run !== 'string' || !namesBaseUrlVariable(step.run)) continue
          const span = wf.doc.span([...step.path, 'run'])
          if (!span) continue
          const script = parseShell(maskExpressions(step.run))
          for (const cmd of script.commands) {
            for (const a of cmd.assignments) {
              const host = judge(a.name, a.value.text)
              if (host) emit({ name: a.name, host, at: spanInScalar(span, step.run, a.start, a.end) })
            }
          }
        }
      }
    }
    // gh-aw sources: `engine.env` reaches the agent step (facts `engineEnv`). An engine imported
    // from a shared file is reported once, at that file, naming the workflows that import it.
    // The threat-detection job runs the engine again with `safe-outputs.threat-detection.engine`
    // (the source's or an imported file's), which takes its own `env`.
    const shared = new Map<string, { f: Finding; via: Span[]; paths: string[] }>()
    for (const aw of ctx.project.agenticWorkflows) {
      const engines: Array<{ env: unknown; doc: StructuredDoc; path: PathSeg[]; via: Span }> = [{ env: aw.engine.env, doc: aw.engineDoc, path: ['engine', 'env'], via: aw.anchor }]
      for (const f of [{ fm: aw.fm, data: aw.data, via: aw.anchor }, ...aw.imports]) {
        const so = f.data['safe-outputs']
        const td = isObject(so) ? so['threat-detection'] : undefined
        const e = isObject(td) ? td.engine : undefined
        const id = isObject(e) ? e.id : undefined
        if (isObject(e) && (id === undefined || (typeof id === 'string' && id.trim().toLowerCase() === 'claude')))
          engines.push({ env: e.env, doc: f.fm, path: ['safe-outputs', 'threat-detection', 'engine', 'env'], via: f.via })
      }
      for (const { env, doc, path, via } of engines) {
        if (!isObject(env)) continue
        for (const [name, v] of Object.entries(env)) {
          const host = judge(name, v)
          const at = host ? doc.span([...path, name]) : undefined
          if (!host || !at) continue
          if (doc === aw.fm) {
            emit({ name, host, at })
            continue
          }
          const key = `${at.file.path}\0${at.start}`
          const place = shared.get(key) ?? { f: { name, host, at }, via: [], paths: [] }
          place.via.push(via)
          place.paths.push(aw.path)
          shared.set(key, place)
        }
      }
    }
    for (const { f, via, paths } of shared.values()) {
      ctx.report({
        messageId: 'imported',
        data: { name: f.name, host: f.host, provider: VARS[f.name.toUpperCase()].provider, count: String(paths.length), workflows: paths.length === 1 ? 'agentic workflow' : 'agentic workflows', list: paths.join(', ') },
        at: f.at,
        related: via.map((at, i) => ({ at, note: `${paths[i]} imports this engine` })),
        tip: "remove the variable to use the provider's endpoint; if this is your organisation's gateway, list its host in this rule's `allowedHosts` option"
      })
    }
    // The action's `settings` input env.
    for (const run of ctx.project.claudeRuns) {
      // `--settings '{"env": {...}}'` in claude_args or on the claude -p command line.
      const sf = run.flags.find((f) => f.name === '--settings')
      const flagText = run.kind === 'cli' ? (run.script?.text ?? run.step.run) : run.flagsText
      const settingsAt = sf ? flagSpan(run, sf.start, sf.end) : undefined
      if (sf?.value && sf.value.trim().startsWith('{') && typeof flagText === 'string' && settingsAt) {
        let env: unknown
        try {
          env = (JSON.parse(sf.value) as Record<string, unknown>).env
        } catch {
          env = undefined
        }
        if (isObject(env)) {
          for (const [name, v] of Object.entries(env)) {
            const host = judge(name, v)
            if (!host || typeof v !== 'string') continue
            const i = flagText.indexOf(v, sf.start)
            emit({ name, host, at: (i >= 0 ? flagSpan(run, i, i + v.length) : undefined) ?? settingsAt })
          }
        }
      }
      const st = settingsInput(run)
      const raw = run.step.with.settings
      if (!st || !isObject(st.env) || typeof raw !== 'string') continue
      const span = run.doc.span([...run.step.path, 'with', 'settings'])
      if (!span) continue
      for (const [name, v] of Object.entries(st.env)) {
        const host = judge(name, v)
        if (!host || typeof v !== 'string') continue
        const keyAt = raw.indexOf(`"${name}"`)
        const valAt = raw.indexOf(JSON.stringify(v), Math.max(0, keyAt))
        emit({ name, host, at: valAt >= 0 ? spanInScalar(span, raw, valAt, valAt + JSON.stringify(v).length) : span })
      }
    }
  }
})

/**
 * Whether `text` names an `ANTHROPIC_…BASE_URL` variable, as
 * `/ANTHROPIC_\w*BASE_URL/i` did, in one pass (the expression rescanned a
 * word run from each `ANTHROPIC_` in it). Only the first `ANTHROPIC_` of a
 * word run (`\w`, ASCII) counts: `BASE_URL` after a later one is after the
 * first too, so the search goes on after the run's end.
 */
export function namesBaseUrlVariable(text: string): boolean {
  const re = /ANTHROPIC_/gi
  for (let m = re.exec(text); m; m = re.exec(text)) {
    let end = re.lastIndex
    while (end < text.length && isWordChar(text.charCodeAt(end))) end++
    if (end - re.lastIndex >= 8 && /BASE_URL/i.test(text.slice(re.lastIndex, end))) return true
    re.lastIndex = end
  }
  return false
}

/** `\w`: an ASCII letter, digit or `_`. */
function isWordChar(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57) || c === 95
}
