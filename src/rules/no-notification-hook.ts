/**
 * no-notification-hook: the repository uses Claude Code, but no
 * `Notification` hook in its shared settings reaches a channel people watch
 * (a webhook, Slack, e-mail, a push service): either there is none, or it only
 * alerts the local machine (`say`, `notify-send`, `afplay`, `osascript`),
 * which nobody hears when the agent runs unattended (checklist item 26).
 * Docs: docs/rules/no-notification-hook.md
 */
import { defineRule } from './rule.js'
import { analyzeHook, baseName, isCommittedSettings, missingHookLocation, rootSetup, type HookSite } from '../analysis/hook-scripts.js'
import type { Project } from '../model/project.js'
import { switchedOffHooks } from '../model/settings.js'

/** Commands that send something over the network. */
const NETWORK_COMMANDS = new Set([
  'curl', 'wget', 'http', 'https', 'xh', 'httpie', 'gh', 'aws', 'gcloud', 'az', 'sendmail', 'mail', 'mailx', 'msmtp',
  'mutt', 'ntfy', 'apprise', 'slack', 'slack-notify', 'pushover', 'telegram-send', 'nc', 'ncat', 'ssh', 'terminal-notifier-remote'
])
/** Commands that only alert the machine they run on. */
const LOCAL_COMMANDS = new Set([
  'say', 'notify-send', 'afplay', 'aplay', 'paplay', 'play', 'osascript', 'terminal-notifier', 'espeak', 'espeak-ng',
  'spd-say', 'festival', 'tput', 'powershell', 'pwsh', 'msg', 'wall', 'zenity', 'kdialog', 'growlnotify',
  'alerter', 'burnttoast', 'toast', 'wsl-notify-send'
])
/** Plumbing that neither notifies nor sends anything. */
const NEUTRAL_COMMANDS = new Set([
  'echo', 'printf', 'cat', 'jq', 'true', 'false', ':', 'tee', 'date', 'read', 'exit', 'printenv', 'sleep', 'cd', 'test', '[',
  '[[', 'set', 'export', 'local', 'basename', 'dirname', 'tr', 'sed', 'head', 'tail', 'mkdir', 'touch'
])
/** Signs in a script's text that it reaches the network. */
const CHANNEL_SIGNS =
  /https?:\/\/|\brequests\.(?:post|get|put|request)|\burllib\.request|\bhttp\.client|\bhttpx\b|\baiohttp\b|\bfetch\(|\baxios\b|\bgot\(|\bundici\b|\bhttps?\.request\(|\bcurl\b|\bwget\b|\bsmtplib\b|\bnodemailer\b|\bsendmail\b|\bwebhook|\bslack_sdk\b|@slack\/|\bWebClient\b|\bdiscord|\btelegram|\bntfy\b|\bpushover\b|\btwilio\b|\bboto3\b|\bsns\b|\bapprise\b|\bsocket\.connect|\bnet\.connect|\bInvoke-(?:WebRequest|RestMethod)\b/i

export default defineRule({
  meta: {
    id: 'no-notification-hook',
    checklistItems: [26],
    area: 'hooks',
    severity: 'low',
    confidence: 'medium',
    description: 'no notification hook reaches a channel',
    messages: {
      missing:
        'no `Notification` hook in the project settings: when Claude waits for a permission or for input, nobody is told unless they watch the terminal',
      local:
        'the `Notification` hook only alerts this machine ({{detail}}) and reaches no channel (no webhook or HTTP call): nobody away from the terminal learns that Claude is waiting',
      switchedOff:
        'the `Notification` hook in {{file}} never runs: `disableAllHooks: true` in {{by}} turns off every hook, so nobody is told when Claude waits for a permission or for input'
    }
  },
  check(ctx) {
    const { project } = ctx
    const setup = rootSetup(project)
    if (!setup.usesClaudeCode) return
    const tip =
      'add a Notification hook that posts to a channel people watch: an `"type": "http"` hook to your webhook, or a command that runs `curl` to Slack/ntfy; for CI runs, notify from the workflow (the job status) since no one answers prompts there'
    const confidence = setup.plugins ? 'low' : 'medium'
    const notif = setup.sites.filter((s) => s.handler.event === 'Notification')
    if (!notif.length) {
      // A Notification hook that `disableAllHooks: true` keeps from running.
      const root = project.settings.filter((s) => s.projectDir === '' && isCommittedSettings(project, s))
      const off = switchedOffHooks(root).find((o) => o.handler.event === 'Notification')
      const offAt = off?.by.doc.span(['disableAllHooks'], 'key')
      if (off && offAt) {
        ctx.report({
          messageId: 'switchedOff',
          data: { file: off.file.path, by: off.by === off.file ? 'the same file' : off.by.path },
          at: offAt,
          confidence,
          tip: 'remove `disableAllHooks` (or set it to false) so the Notification hook runs'
        })
        return
      }
      ctx.report({ messageId: 'missing', at: missingHookLocation(setup), confidence, tip })
      return
    }
    const local: { site: HookSite; detail: string }[] = []
    for (const site of notif) {
      const verdict = reach(project, site)
      if (verdict === 'channel' || verdict === 'unknown') return
      local.push({ site, detail: verdict.detail })
    }
    const first = local[0]
    const at = first.site.doc.span([...first.site.handler.path, 'command']) ?? first.site.doc.span(first.site.handler.path)
    if (!at) return
    ctx.report({ messageId: 'local', data: { detail: local.map((l) => l.detail).join('; ') }, at, confidence, tip })
  }
})

/** Whether a Notification handler reaches a channel, only the local machine, or cannot be told. */
function reach(project: Project, site: HookSite): 'channel' | 'unknown' | { detail: string } {
  const h = site.handler
  if (h.type === 'http' || h.type === 'mcp_tool') return 'channel'
  if (h.type !== 'command') return { detail: `a \`${h.type}\` hook only asks a model` }
  const a = analyzeHook(site)
  if (!a || !a.script.ok) return 'unknown'
  if (CHANNEL_SIGNS.test(a.source)) return 'channel'
  const locals: string[] = []
  const scripts: string[] = []
  for (const { cmd } of a.commands) {
    const name = baseName(cmd.name)
    if (!name) continue
    if (NETWORK_COMMANDS.has(name)) return 'channel'
    if (LOCAL_COMMANDS.has(name)) locals.push(name)
  }
  // Scripts the hook runs: each must be readable and show no sign of a network call.
  for (const t of a.targets) {
    if (!t.repoPath || t.escapes) return 'unknown'
    const file = project.reader.read(t.repoPath)
    if (!file) return 'unknown'
    if (CHANNEL_SIGNS.test(file.text)) return 'channel'
    scripts.push(`\`${t.repoPath}\` makes no network call`)
  }
  // Any other program (not a known local notifier, not a script we read) might post somewhere.
  for (const { cmd } of a.commands) {
    const name = baseName(cmd.name)
    if (!name || LOCAL_COMMANDS.has(name) || NEUTRAL_COMMANDS.has(name)) continue
    if (a.targets.some((t) => t.text === cmd.name || cmd.args.some((w) => w.text === t.text))) continue
    return 'unknown'
  }
  const parts = [...new Set(locals)].map((n) => `\`${n}\``)
  if (parts.length) scripts.unshift(`it runs ${parts.join(', ')}`)
  if (scripts.length) return { detail: scripts.join(', ') }
  return a.commands.length ? { detail: 'it only prints or writes locally' } : 'unknown'
}
