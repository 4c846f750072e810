#!/usr/bin/env node
// Bundles the action (src/index.ts → dist/index.js) and the CLI (src/cli.ts →
// dist/cli/index.js, started by the dist/cli.js launcher) with ncc, as ESM, with
// licenses and source maps. The two bundles live in separate folders so their
// lazily loaded chunks (same numeric names) can never be mixed up. The output is
// committed; CI rebuilds and fails when dist/ differs.
import { execFileSync } from 'node:child_process'
import { chmodSync, cpSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'

const ncc = join('node_modules', '@vercel', 'ncc', 'dist', 'ncc', 'cli.js')
rmSync('dist', { recursive: true, force: true })
const run = (entry, out) =>
  execFileSync(process.execPath, [ncc, 'build', entry, '-o', out, '--source-map', '--license', 'licenses.txt', '-q'], {
    stdio: 'inherit'
  })
run('src/index.ts', 'dist')
run('src/cli.ts', 'dist/cli')
// The ready hooks that `init` installs are shipped beside the bundles.
cpSync('templates/hooks', 'dist/templates/hooks', { recursive: true })
writeFileSync('dist/cli.js', "#!/usr/bin/env node\n// Launcher of the claude-code-audit CLI bundle.\nimport './cli/index.js'\n")
chmodSync('dist/cli.js', 0o755)
