#!/usr/bin/env node
// Builds what is committed in dist/ (CI rebuilds and fails when it differs):
//
// - the action: src/index.ts → dist/index.js, bundled by ncc as ESM with
//   licenses and a source map (the runner starts it with node24);
// - the CLI: src/cli.ts → dist/cli/index.cjs, one CommonJS file bundled by
//   esbuild, started by the dist/cli.js launcher (src/cli-launcher.ts), which
//   runs it through V8's code cache (src/compile-cache.ts). CommonJS because
//   Node 20 can only hand cached bytecode to a vm.Script, not to an ES module;
//   one file because the cache then covers everything that ran;
// - the ready hooks that `init` installs, copied beside the bundles.
import { execFileSync } from 'node:child_process'
import { chmodSync, cpSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs'
import { join } from 'node:path'
import { build } from 'esbuild'

const ncc = join('node_modules', '@vercel', 'ncc', 'dist', 'ncc', 'cli.js')
rmSync('dist', { recursive: true, force: true })
execFileSync(
  process.execPath,
  [ncc, 'build', 'src/index.ts', '-o', 'dist', '--source-map', '--license', 'licenses.txt', '-q'],
  { stdio: 'inherit' }
)

const common = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  // ESM builds of dependencies (jsonc-parser's UMD build requires files at run time).
  mainFields: ['module', 'main'],
  legalComments: 'none',
  minifyWhitespace: true,
  minifySyntax: true,
  logLevel: 'warning',
  metafile: true
}

const cli = await build({
  ...common,
  entryPoints: ['src/cli.ts'],
  outfile: 'dist/cli/index.cjs',
  format: 'cjs',
  // The sources are ES modules; in the CommonJS bundle import.meta.url is the bundle's URL.
  define: { 'import.meta.url': '__bundle_url' },
  // "use strict" first: a banner line before esbuild's directive would turn it into a plain string.
  banner: { js: "'use strict';\nvar __bundle_url = require('node:url').pathToFileURL(__filename).href;" }
})

await build({
  ...common,
  entryPoints: ['src/cli-launcher.ts'],
  outfile: 'dist/cli.js',
  format: 'esm',
  banner: { js: '#!/usr/bin/env node' }
})
chmodSync('dist/cli.js', 0o755)

// Third-party licenses of what the CLI bundle contains.
const packages = new Map()
for (const input of Object.keys(cli.metafile.inputs)) {
  const m = /^node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(input)
  if (m) packages.set(m[1], join('node_modules', m[1]))
}
const sections = []
for (const [name, dir] of [...packages].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
  const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'))
  const file = ['LICENSE', 'LICENSE.md', 'LICENSE.txt', 'license', 'LICENCE'].map((f) => join(dir, f)).find((f) => existsSync(f))
  sections.push(`${name}@${pkg.version}\n${pkg.license ?? 'see package'}\n${file ? readFileSync(file, 'utf8').replace(/\r\n/g, '\n').trim() : ''}\n`)
}
writeFileSync('dist/cli/licenses.txt', sections.join('\n'))

cpSync('templates/hooks', 'dist/templates/hooks', { recursive: true })
