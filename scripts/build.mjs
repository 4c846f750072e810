#!/usr/bin/env node
// Bundles the action (src/index.ts → dist/index.js) and the CLI (src/cli.ts →
// dist/cli.js) with ncc, as ESM, with licenses and source maps. The output is
// committed; CI rebuilds and fails when dist/ differs.
import { execFileSync } from 'node:child_process'
import { cpSync, existsSync, readdirSync, renameSync, rmSync, writeFileSync, readFileSync, chmodSync } from 'node:fs'
import { join } from 'node:path'

const ncc = join('node_modules', '@vercel', 'ncc', 'dist', 'ncc', 'cli.js')
rmSync('dist', { recursive: true, force: true })
rmSync('.tmp/build', { recursive: true, force: true })
const run = (entry, out) =>
  execFileSync(process.execPath, [ncc, 'build', entry, '-o', out, '--source-map', '--license', 'licenses.txt', '-q'], {
    stdio: 'inherit'
  })
run('src/index.ts', 'dist')
run('src/cli.ts', '.tmp/build/cli')
// The CLI bundle lands beside the action's: dist/cli.js (+ map), sharing dist/package.json.
renameSync('.tmp/build/cli/index.js', 'dist/cli.js')
const map = readFileSync('.tmp/build/cli/index.js.map', 'utf8')
writeFileSync('dist/cli.js.map', map)
let cli = readFileSync('dist/cli.js', 'utf8').replace('//# sourceMappingURL=index.js.map', '//# sourceMappingURL=cli.js.map')
if (!cli.startsWith('#!')) cli = '#!/usr/bin/env node\n' + cli
writeFileSync('dist/cli.js', cli)
chmodSync('dist/cli.js', 0o755)
// Assets (for example .wasm files) and chunks the CLI bundle needs.
for (const f of readdirSync('.tmp/build/cli')) {
  if (['index.js', 'index.js.map', 'package.json', 'licenses.txt'].includes(f)) continue
  if (!existsSync(join('dist', f))) cpSync(join('.tmp/build/cli', f), join('dist', f), { recursive: true })
}
// The CLI's third-party licenses sit beside the action's.
cpSync('.tmp/build/cli/licenses.txt', 'dist/licenses-cli.txt')
rmSync('.tmp/build', { recursive: true, force: true })
