/**
 * unbounded-schedule: Claude started by a clock or by a busy event with
 * nothing bounding how many sessions run: no `concurrency` group (a slow run
 * overlaps the next one, every push to a pull request starts another full
 * session while the last still bills), or a cron more frequent than hourly:
 * more than one start in an hour (checklist item 10: rate limits on automated
 * runs). The message gives the real rate (starts an hour, hours of the day,
 * starts a day) and the tip keeps the cron's own hours and days.
 * Docs: docs/rules/unbounded-schedule.md
 */
import { defineRule } from './rule.js'
import type { Job, Workflow } from '../model/workflow.js'
import { isObject } from '../parse/doc.js'
import type { Span } from '../parse/source.js'
import { claudeJobs } from '../analysis/workflow-security.js'
import type { ClaudeRun } from '../model/claude.js'

/** Events that fire on every push or commit status, whoever is watching. */
const BUSY = [
  'push',
  'pull_request',
  'pull_request_target',
  'merge_group',
  'workflow_run',
  'check_run',
  'check_suite',
  'status'
]

/** Starts an hour GitHub allows a schedule: the shortest interval is 5 minutes. */
const MAX_PER_HOUR = 12

/** Comment events: busy only when an unattended run has no `if:` filter. */
const CHATTY = ['issue_comment', 'pull_request_review_comment', 'pull_request_review', 'discussion_comment']

/** Values a numeric cron field selects within lo..hi (undefined when unreadable). */
function cronField(field: string, lo: number, hi: number): Set<number> | undefined {
  const out = new Set<number>()
  for (const part of field.split(',')) {
    const m = /^(\*|\d+)(?:-(\d+))?(?:\/(\d+))?$/.exec(part)
    if (!m) return undefined
    const step = m[3] ? Number(m[3]) : 1
    if (step < 1) return undefined
    let a: number
    let b: number
    if (m[1] === '*') {
      a = lo
      b = hi
    } else {
      a = Number(m[1])
      b = m[2] !== undefined ? Number(m[2]) : m[3] ? hi : a
    }
    if (a < lo || a > hi || b > hi || a > b) return undefined
    for (let x = a; x <= b; x += step) out.add(x)
  }
  return out
}

/** How often a cron fires on a day it runs: starts a day, starts an hour, and in how many hours. */
export function cronRate(
  cron: string
): { perDay: number; perHour: number; hours: number; everyDay: boolean; hourly: string } | undefined {
  const fields = cron.trim().split(/\s+/)
  if (fields.length < 5) return undefined
  const minutes = cronField(fields[0], 0, 59)
  const hours = cronField(fields[1], 0, 23)
  if (!minutes || !hours) return undefined
  return {
    perDay: minutes.size * hours.size,
    perHour: minutes.size,
    hours: hours.size,
    everyDay: fields.slice(2, 5).every((f) => f === '*'),
    // The same schedule started once an hour: its first minute, its own hours and days.
    hourly: [String(Math.min(...minutes)), ...fields.slice(1)].join(' ')
  }
}

const MINUTES_A_YEAR = 365 * 24 * 60
/** GitHub-hosted runners stop a job after 6 hours (also the default `timeout-minutes`). */
const HOSTED_JOB_LIMIT = 360

/**
 * The shortest time, in minutes, between two consecutive starts of a set of crons over a
 * (non-leap) year, or undefined when a cron cannot be read (names such as `MON`, `@daily`).
 * Day-of-month and day-of-week follow cron: when both are restricted, either one selects a day.
 * @param crons the `cron:` strings of one workflow.
 */
export function minCronGap(crons: readonly string[]): number | undefined {
  const starts = new Uint8Array(MINUTES_A_YEAR)
  for (const cron of crons) {
    const f = cron.trim().split(/\s+/)
    if (f.length !== 5) return undefined
    const minutes = cronField(f[0] as string, 0, 59)
    const hours = cronField(f[1] as string, 0, 23)
    const doms = cronField(f[2] as string, 1, 31)
    const months = cronField(f[3] as string, 1, 12)
    const dows = cronField(f[4] as string, 0, 7)
    if (!minutes || !hours || !doms || !months || !dows) return undefined
    if (dows.has(7)) dows.add(0)
    const domAny = f[2] === '*'
    const dowAny = f[4] === '*'
    // 2025-01-01 was a Wednesday (day of week 3).
    const date = new Date(Date.UTC(2025, 0, 1))
    for (let day = 0; day < 365; day++, date.setUTCDate(date.getUTCDate() + 1)) {
      if (!months.has(date.getUTCMonth() + 1)) continue
      const domOk = doms.has(date.getUTCDate())
      const dowOk = dows.has(date.getUTCDay())
      if (!(domAny || dowAny ? domOk && dowOk : domOk || dowOk)) continue
      for (const h of hours) for (const m of minutes) starts[day * 1440 + h * 60 + m] = 1
    }
  }
  let gap = Infinity
  let first = -1
  let last = -1
  for (let t = 0; t < MINUTES_A_YEAR; t++) {
    if (!starts[t]) continue
    if (last >= 0) gap = Math.min(gap, t - last)
    else first = t
    last = t
  }
  if (first >= 0 && last > first) gap = Math.min(gap, MINUTES_A_YEAR - last + first) // across the new year
  return gap
}

/**
 * The longest a run of the job can take, in minutes: its `timeout-minutes`, at most GitHub's
 * 6-hour limit on hosted runners; undefined when unknown (an expression, or a self-hosted
 * runner without a timeout, which may run for days).
 */
function jobLimit(job: Job): number | undefined {
  const t = job.value['timeout-minutes']
  const runsOn = JSON.stringify(job.value['runs-on'] ?? '')
  const selfHosted = /self-hosted/i.test(runsOn)
  if (typeof t === 'number' && t > 0) return selfHosted ? t : Math.min(t, HOSTED_JOB_LIMIT)
  return selfHosted ? undefined : HOSTED_JOB_LIMIT
}

function typesOf(cfg: unknown): string[] | undefined {
  if (!isObject(cfg)) return undefined
  const t = cfg.types
  if (typeof t === 'string') return [t]
  if (Array.isArray(t)) return t.filter((x): x is string => typeof x === 'string')
  return undefined
}

/** Span of an event name under `on:` (map key, list item or scalar). */
function eventSpan(wf: Workflow, event: string): Span | undefined {
  const onKey = 'on' in wf.value ? 'on' : 'true'
  const on = wf.value[onKey]
  if (Array.isArray(on)) {
    const i = on.indexOf(event)
    return i >= 0 ? wf.doc.span([onKey, i]) : undefined
  }
  if (typeof on === 'string') return wf.doc.span([onKey])
  return wf.doc.span([onKey, event], 'key')
}

/** Event names an `if:` admits through `github.event_name == '...'` tests (undefined when it does not say). */
function eventNamesTested(conds: unknown[]): Set<string> | undefined {
  const names = new Set<string>()
  for (const c of conds) {
    if (typeof c !== 'string') continue
    if (/github\.event_name\s*!=/.test(c)) return undefined
    for (const m of c.matchAll(/github\.event_name\s*==\s*'([^']+)'/g)) names.add(m[1])
  }
  return names.size ? names : undefined
}

function hasConcurrency(wf: Workflow, job: Job): boolean {
  return (wf.value.concurrency ?? job.value.concurrency) !== undefined
}

export default defineRule({
  meta: {
    id: 'unbounded-schedule',
    checklistItems: [10],
    area: 'cost',
    severity: 'medium',
    confidence: 'high',
    description: 'Claude runs on a schedule or busy event without bounds',
    messages: {
      frequent:
        'cron `{{cron}}` starts Claude {{rate}}, {{perDay}} times {{days}} (job {{job}}): more often than hourly, and each start is a full agent session billed by tokens',
      schedule:
        'Claude runs on a schedule in job {{job}} with no `concurrency` group: a run that is still going when the next one fires is not stopped, so sessions pile up and bill together',
      busy: 'Claude runs on {{events}} in job {{job}} with no `concurrency` group: each new event starts another full session while earlier ones may still be running and billing'
    }
  },
  check(ctx) {
    const byWorkflow = new Map<Workflow, [Job, ClaudeRun[]][]>()
    for (const [job, all] of claudeJobs(ctx.project)) {
      // Tag-mode runs (no prompt) act only when someone mentions Claude; the clock and pushes cannot start them.
      const runs = all.filter((r) => r.unattended)
      if (runs.length === 0) continue
      const wf = runs[0].workflow
      byWorkflow.set(wf, [...(byWorkflow.get(wf) ?? []), [job, runs]])
    }
    for (const [wf, jobs] of byWorkflow) {
      // Jobs the clock can start: an `if:` admitting only other events (`github.event_name == 'workflow_dispatch'`) keeps it out.
      const scheduled = jobs.filter(([j, rs]) => {
        const only = eventNamesTested([j.value.if, ...rs.map((r) => r.step.value.if)])
        return !only || only.has('schedule')
      })
      // Crons that start Claude more than once in an hour, whatever else bounds them.
      const sched = wf.triggerConfig.get('schedule')
      if (Array.isArray(sched) && scheduled.length > 0) {
        const firstJob = scheduled[0][0]
        sched.forEach((entry, i) => {
          if (!isObject(entry) || typeof entry.cron !== 'string') return
          const r = cronRate(entry.cron)
          if (r === undefined || r.perHour <= 1) return
          // GitHub runs scheduled workflows at most once every 5 minutes.
          const perHour = Math.min(r.perHour, MAX_PER_HOUR)
          const capped =
            perHour < r.perHour
              ? ` (GitHub starts a schedule at most every 5 minutes; the cron asks for ${r.perHour})`
              : ''
          const rate =
            r.hours === 24
              ? `${perHour} times an hour${capped}, around the clock`
              : `${perHour} times an hour${capped} in ${r.hours === 1 ? '1 hour' : `${r.hours} hours`} of the day`
          const at = wf.doc.span(['on', 'schedule', i, 'cron']) ?? wf.doc.span(['true', 'schedule', i, 'cron'])
          if (!at) return
          ctx.report({
            messageId: 'frequent',
            data: {
              cron: entry.cron.trim(),
              perDay: perHour * r.hours,
              days: r.everyDay ? 'a day' : 'on each day it runs',
              rate,
              job: firstJob.id
            },
            at,
            tip: `start it at most once an hour (\`${r.hourly}\`), or once a day for digests`
          })
        })
      }
      const unbounded = jobs.filter(([job]) => !hasConcurrency(wf, job))
      if (unbounded.length === 0) continue
      const [job] = unbounded[0]
      const clocked = unbounded.find(([j]) => scheduled.some(([s]) => s === j))
      // Runs cannot pile up when the next start always comes after the last run must have ended.
      const crons = Array.isArray(sched) ? sched.map((e) => (isObject(e) && typeof e.cron === 'string' ? e.cron : '')) : []
      const gap = crons.length > 0 ? minCronGap(crons) : undefined
      const limit = clocked ? jobLimit(clocked[0]) : undefined
      const cannotOverlap = gap !== undefined && limit !== undefined && gap >= limit
      if (wf.triggers.has('schedule') && clocked && !cannotOverlap) {
        const at = eventSpan(wf, 'schedule')
        if (at) {
          ctx.report({
            messageId: 'schedule',
            data: { job: clocked[0].id },
            at,
            tip: 'add a workflow-level `concurrency: { group: ${{ github.workflow }}, cancel-in-progress: false }`'
          })
        }
      }
      const busy: string[] = []
      for (const ev of BUSY) {
        if (!wf.triggers.has(ev)) continue
        if (ev === 'pull_request' || ev === 'pull_request_target') {
          const types = typesOf(wf.triggerConfig.get(ev))
          if (types && !types.includes('synchronize')) continue
        }
        busy.push(ev)
      }
      const unfiltered = unbounded.some(
        ([j, rs]) => j.value.if === undefined && rs.some((r) => r.step.value.if === undefined)
      )
      if (unfiltered) for (const ev of CHATTY) if (wf.triggers.has(ev)) busy.push(ev)
      const only = eventNamesTested(unbounded.flatMap(([j, rs]) => [j.value.if, ...rs.map((r) => r.step.value.if)]))
      const events = only ? busy.filter((e) => only.has(e)) : busy
      if (events.length === 0) continue
      const at = eventSpan(wf, events[0])
      if (!at) continue
      ctx.report({
        messageId: 'busy',
        data: { events: events.join(', '), job: job.id },
        at,
        tip: 'add `concurrency: { group: ${{ github.workflow }}-${{ github.event.pull_request.number || github.ref }}, cancel-in-progress: true }`'
      })
    }
  }
})
