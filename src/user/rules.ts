/**
 * What the existing rules cannot see in a repository but the machine audit
 * can, reported under their ids: long-lived AWS keys in `~/.aws/credentials`
 * and in the environment a session inherits (aws-long-lived-credentials), and
 * credential literals in the files Claude Code reads from the user's folder
 * (hardcoded-secret, worded for a machine: nothing there is committed).
 */
import { defineRule, type Rule } from '../rules/rule.js'
import awsRule from '../rules/aws-long-lived-credentials.js'
import secretRule from '../rules/hardcoded-secret.js'
import { scanText } from '../secrets/index.js'
import type { StructuredDoc } from '../parse/doc.js'
import type { SourceFile } from '../parse/source.js'
import { parseAwsIni, SHORT_LIVED_KEYS } from './aws.js'
import type { MachineModel } from './home.js'

/** Names of the AWS variables that carry a static key, and the one that makes it temporary. */
const AWS_KEY_VARS = ['AWS_SECRET_ACCESS_KEY', 'AWS_ACCESS_KEY_ID'] as const

/** The machine audit's AWS checks, as aws-long-lived-credentials findings. */
export function machineAwsRule(m: MachineModel, env: Readonly<Record<string, string | undefined>>): Rule {
  return defineRule({
    meta: {
      ...awsRule.meta,
      messages: {
        profile:
          'profile {{profile}} in {{file}} holds a static AWS access key ({{key}}): every Claude session you start can read it, and it stays valid until someone rotates it',
        defaultProfile:
          'the default AWS profile uses the static access key in {{file}} and assumes no role ({{config}} gives it no role_arn, SSO or credential_process): every AWS command Claude runs here uses a long-lived key',
        environment:
          'the environment has a static AWS access key ({{name}} set, no AWS_SESSION_TOKEN): a Claude session started from this shell inherits it, and so does every command it runs'
      }
    },
    check(ctx) {
      const tip = 'use `aws sso login` or a role (`role_arn` + `source_profile`, `credential_process`) so sessions get short-lived keys; delete the static key and deactivate it in IAM'
      const reader = m.files.reader
      const creds = reader.read(m.files.awsCredentials)
      const config = reader.read(m.files.awsConfig)
      const configSections = config ? parseAwsIni(config, 'config') : []
      const roleOf = (profile: string): boolean =>
        configSections.some((s) => s.profile === profile && SHORT_LIVED_KEYS.some((k) => s.keys.get(k)?.set))
      if (creds) {
        for (const section of parseAwsIni(creds, 'credentials')) {
          const key = section.keys.get('aws_secret_access_key') ?? section.keys.get('aws_access_key_id')
          // A key with a session token is temporary (written by a role or SSO helper).
          if (!key?.set || section.keys.get('aws_session_token')?.set) continue
          const at = { file: creds, start: key.start, end: key.end }
          if (section.profile === 'default' && !roleOf('default')) {
            ctx.report({ messageId: 'defaultProfile', data: { file: creds.path, config: m.files.awsConfig }, at, tip })
          } else {
            ctx.report({ messageId: 'profile', data: { profile: section.profile, file: creds.path, key: key.name }, at, tip })
          }
        }
      }
      // Static keys in the config file itself are as long-lived.
      if (config) {
        for (const section of configSections) {
          const key = section.keys.get('aws_secret_access_key') ?? section.keys.get('aws_access_key_id')
          if (!key?.set || section.keys.get('aws_session_token')?.set) continue
          ctx.report({ messageId: 'profile', data: { profile: section.profile, file: config.path, key: key.name }, at: { file: config, start: key.start, end: key.end }, tip })
        }
      }
      const name = AWS_KEY_VARS.find((n) => (env[n] ?? '').trim() !== '')
      if (name && !(env.AWS_SESSION_TOKEN ?? '').trim()) ctx.report({ messageId: 'environment', data: { name }, at: null, key: name, tip })
    }
  })
}

/** Where a file of the machine sends what it holds, by its role. */
function reach(path: string): string {
  if (/\/settings\.json$|managed-settings/.test(path)) return 'Claude Code reads it with these settings (an `env` value reaches every command a session runs)'
  if (/\.claude\.json$|managed-mcp\.json$/.test(path)) return 'Claude Code hands it to the MCP server it starts'
  if (/\/hooks\//.test(path)) return 'a hook script runs with it on every matching event'
  return "Claude Code puts it in the model's context in every session (and so in transcripts)"
}

/** The machine audit's secret scan, as hardcoded-secret findings. */
export function machineSecretRule(m: MachineModel): Rule {
  return defineRule({
    meta: {
      ...secretRule.meta,
      messages: {
        secret: '{{label}} ({{redacted}}) is stored in plain text in {{file}}: {{reach}}, and any program running as you can read it; move it to a secret store and rotate it'
      }
    },
    check(ctx) {
      const report = (file: SourceFile, text: string, offset: number): void => {
        for (const s of scanText(text, { path: file.path })) {
          ctx.report({
            messageId: 'secret',
            data: { label: s.label, redacted: s.redacted, file: file.path, reach: reach(file.path) },
            at: { file, start: offset + s.start, end: offset + s.end },
            confidence: s.confidence,
            key: `${s.kind}:${s.redacted}`,
            tip: 'reference an environment variable instead (`${VAR}` in settings and MCP entries) and load it from a secret manager'
          })
        }
      }
      const f = m.files
      const paths = [...f.managedSettings, ...(f.managedMcp ? [f.managedMcp] : []), ...f.userSettings, ...f.memory, ...f.agents, ...f.commands, ...f.skills, ...f.hookScripts]
      for (const path of paths) {
        const file = f.reader.read(path)
        if (file) report(file, file.text, 0)
      }
      // ~/.claude.json holds the login too: only its MCP server entries are scanned, so nothing else is ever quoted.
      const g: StructuredDoc | undefined = m.globalConfig
      if (g) {
        for (const s of m.mcpServers) {
          if (s.doc !== g) continue
          const span = g.span(s.path)
          if (span) report(g.file, g.file.text.slice(span.start, span.end), span.start)
        }
      }
    }
  })
}
