#!/usr/bin/env node
// The real Claude Code client, at the version this project pins, for the tests
// that ask it (plugin validation, the conformance suite). It is not a
// devDependency: the package ships a native build of about 400 MB, and
// pre-commit installs every devDependency of a `language: node` hook.
//
// Usage: node scripts/claude-client.mjs [VERSION]   (prints the path of the `claude`
// binary, installing it first into node_modules/.cache/claude-code/<version> when missing)
// From code: import { claudeClient, CLAUDE_CODE_VERSION } from './claude-client.mjs'
import { existsSync, mkdirSync, readFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { spawnSync } from 'node:child_process'
import { fileURLToPath } from 'node:url'

const root = resolve(fileURLToPath(import.meta.url), '..', '..')

/** The pinned version: package.json "claudeCode.version" (one place to bump). */
export const CLAUDE_CODE_VERSION = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).claudeCode.version

/**
 * Path of the `claude` binary at `version` (default: the pinned one; also a dist-tag
 * such as `latest`, installed afresh each time); installs it from the npm registry
 * when missing.
 */
export function claudeClient(version = CLAUDE_CODE_VERSION) {
  const exact = /^\d+\.\d+\.\d+$/.test(version)
  const prefix = join(root, 'node_modules', '.cache', 'claude-code', exact ? version : `${version}-${process.pid}`)
  const bin = join(prefix, 'node_modules', '.bin', 'claude')
  if (!existsSync(bin)) {
    mkdirSync(prefix, { recursive: true })
    const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm'
    const r = spawnSync(
      npm,
      ['install', '--prefix', prefix, '--no-save', '--no-package-lock', '--no-audit', '--no-fund', `@anthropic-ai/claude-code@${version}`],
      { stdio: ['ignore', 'ignore', 'inherit'] }
    )
    if (r.status !== 0 || !existsSync(bin)) throw new Error(`could not install @anthropic-ai/claude-code@${version}`)
  }
  return bin
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  console.log(claudeClient(process.argv[2]))
}
