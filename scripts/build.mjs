#!/usr/bin/env node
// Builds what is committed in dist/ (CI rebuilds and fails when it differs):
//
// - the action: src/index.ts → dist/index.js, one ES module bundled by esbuild
//   with a source map and dist/licenses.txt (the runner starts it with node24).
//   Not ncc: webpack's interop hands `await import("module")` (web-tree-sitter's
//   Node start-up) a namespace without `createRequire`, so the parser could not start;
// - the CLI: src/cli.ts → dist/cli/index.cjs, one CommonJS file bundled by
//   esbuild, started by the dist/cli.cjs launcher (src/cli-launcher.ts; also
//   bundled as the ES module dist/cli.js), which
//   runs it through V8's code cache (src/compile-cache.ts). CommonJS because
//   Node 20 can only hand cached bytecode to a vm.Script, not to an ES module;
//   one file because the cache then covers everything that ran;
// - the ready hooks that `init` installs, copied beside the bundles;
// - the tree-sitter WebAssembly files (runtime and grammars) in dist/tree-sitter/.
import { chmodSync, cpSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs'
import { createHash } from 'node:crypto'
import { join } from 'node:path'
import { build } from 'esbuild'

rmSync('dist', { recursive: true, force: true })

// In the CommonJS bundles import.meta.url is the bundle's URL, computed when first asked for
// (a file URL costs the url module's start-up; most runs never ask). "use strict" first: a
// banner line before esbuild's directive would turn it into a plain string.
const BUNDLE_URL =
  "'use strict';\nvar __bundle = { get url() { return require('node:url').pathToFileURL(__filename).href } };"

// yaml's parser looks up process.env.LOG_TOKENS for every token it reads (and its composer
// LOG_STREAM for every document): its own debugging switches, each lookup a call into the
// process environment. The bundles read them as off.
const yamlDebugOff = {
  name: 'yaml-debug-off',
  setup(b) {
    b.onLoad({ filter: /[\\/]node_modules[\\/]yaml[\\/]dist[\\/](?:parse[\\/]parser|compose[\\/]composer)\.js$/ }, (args) => {
      const text = readFileSync(args.path, 'utf8')
      const contents = text.replace(/\bnode_process\.env\.LOG_(?:TOKENS|STREAM)\b/g, 'false')
      if (contents === text) throw new Error(`${args.path}: no LOG_TOKENS/LOG_STREAM lookup to switch off (yaml changed): update scripts/build.mjs`)
      return { contents, loader: 'js' }
    })
  }
}

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
  metafile: true,
  plugins: [yamlDebugOff]
}

// What the CLI loads on every start (its bundle, the code thread's, their launchers) also has
// its local names shortened: 15 % less text to read and decode, and a smaller code cache to
// deserialise (2.2 % off the real-repository bench). The action's bundle keeps its names (it
// starts once per job, and its stack traces are read through the source map).
const cliCommon = { ...common, minifyIdentifiers: true }

const action = await build({
  ...common,
  entryPoints: ['src/index.ts'],
  outfile: 'dist/index.js',
  format: 'esm',
  sourcemap: 'linked',
  sourcesContent: false,
  // CommonJS dependencies (@actions/*) call require(): give the ES module one.
  banner: { js: "import { createRequire as __createRequire } from 'node:module';\nconst require = __createRequire(import.meta.url);" }
})
writeFileSync('dist/package.json', '{\n  "type": "module"\n}\n')

const cli = await build({
  ...cliCommon,
  entryPoints: ['src/cli.ts'],
  outfile: 'dist/cli/index.cjs',
  format: 'cjs',
  // The launcher runs this file as a vm.Script, which has no loader for import():
  // builtins imported dynamically (web-tree-sitter's start-up) become require().
  supported: { 'dynamic-import': false },
  // web-tree-sitter's ES module build gets the builtins with `await import("module")` and
  // then declares `var require = createRequire(...)`: once import() becomes require(), the
  // hoisted var shadows it ("require is not a function") and the parser never starts.
  // Its CommonJS build calls require() directly.
  alias: { 'web-tree-sitter': './node_modules/web-tree-sitter/web-tree-sitter.cjs' },
  // The sources are ES modules; in the CommonJS bundle import.meta.url is the bundle's URL.
  define: { 'import.meta.url': '__bundle.url' },
  // "use strict" first: a banner line before esbuild's directive would turn it into a plain string.
  banner: { js: BUNDLE_URL }
})

// The worker thread of the rules' program-code parts (src/code-worker.ts, core/code-thread.ts),
// beside both bundles; CommonJS for the same reasons as the CLI.
const worker = await build({
  ...cliCommon,
  entryPoints: ['src/code-worker.ts'],
  outfile: 'dist/code-worker/index.cjs',
  format: 'cjs',
  supported: { 'dynamic-import': false },
  alias: { 'web-tree-sitter': './node_modules/web-tree-sitter/web-tree-sitter.cjs' },
  define: { 'import.meta.url': '__bundle.url' },
  banner: { js: BUNDLE_URL }
})

// Its entry, which loads it through the code cache (src/code-worker-launcher.ts).
await build({
  ...cliCommon,
  entryPoints: ['src/code-worker-launcher.ts'],
  outfile: 'dist/code-worker.cjs',
  format: 'cjs',
  define: { 'import.meta.url': '__bundle.url' },
  banner: { js: BUNDLE_URL }
})

// The launcher decodes the CLI bundle on every start: ASCII only, it becomes a one-byte string.
// One other character (a `…` in a regex literal, which esbuild leaves as written) makes the whole
// 2.7 MB a two-byte string, twice the memory and the decoding time: write it as a \u escape.
const nonAscii = /[\x80-\xff]/.exec(readFileSync('dist/cli/index.cjs', 'latin1'))
if (nonAscii) throw new Error(`dist/cli/index.cjs: non-ASCII byte at offset ${nonAscii.index}; write the character as a \\u escape in the source`)

// The launchers carry the bundle's hash, so that a start need not hash 2.8 MB to name its code cache.
const CLI_BUNDLE_SHA1 = JSON.stringify(createHash('sha1').update(readFileSync('dist/cli/index.cjs')).digest('hex'))

await build({
  ...cliCommon,
  entryPoints: ['src/cli-launcher.ts'],
  outfile: 'dist/cli.js',
  format: 'esm',
  define: { __CLI_BUNDLE_SHA1__: CLI_BUNDLE_SHA1 },
  banner: { js: '#!/usr/bin/env node' }
})
chmodSync('dist/cli.js', 0o755)
// The same launcher as CommonJS: what the package's `bin` runs (a CommonJS entry starts sooner).
// import.meta.url is never read there (the launcher uses __dirname when it has one).
await build({
  ...cliCommon,
  entryPoints: ['src/cli-launcher.ts'],
  outfile: 'dist/cli.cjs',
  format: 'cjs',
  define: { 'import.meta.url': 'undefined', __CLI_BUNDLE_SHA1__: CLI_BUNDLE_SHA1 },
  banner: { js: '#!/usr/bin/env node' }
})
chmodSync('dist/cli.cjs', 0o755)

// Third-party licenses of what each bundle contains.
function licenses(metafile) {
  const packages = new Map()
  for (const input of Object.keys(metafile.inputs)) {
    const m = /^node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(input)
    if (m) packages.set(m[1], join('node_modules', m[1]))
  }
  const sections = []
  for (const [name, dir] of [...packages].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'))
    const file = ['LICENSE', 'LICENSE.md', 'LICENSE.txt', 'license', 'LICENCE'].map((f) => join(dir, f)).find((f) => existsSync(f))
    sections.push(`${name}@${pkg.version}\n${pkg.license ?? 'see package'}\n${file ? readFileSync(file, 'utf8').replace(/\r\n/g, '\n').trim() : ''}\n`)
  }
  return sections.join('\n')
}
writeFileSync('dist/licenses.txt', licenses(action.metafile))
writeFileSync('dist/cli/licenses.txt', licenses(cli.metafile))
writeFileSync('dist/code-worker/licenses.txt', licenses(worker.metafile))

cpSync('templates/hooks', 'dist/templates/hooks', { recursive: true })

// The tree-sitter runtime and the grammars src/parse/code.ts loads (Bash for src/shell/parse.ts), beside both bundles.
const grammars = join('node_modules', '@vscode', 'tree-sitter-wasm')
cpSync(join('node_modules', 'web-tree-sitter', 'web-tree-sitter.wasm'), 'dist/tree-sitter/web-tree-sitter.wasm')
for (const lang of ['python', 'javascript', 'typescript', 'tsx', 'bash']) {
  cpSync(join(grammars, 'wasm', `tree-sitter-${lang}.wasm`), `dist/tree-sitter/tree-sitter-${lang}.wasm`)
}
const grammarPkg = JSON.parse(readFileSync(join(grammars, 'package.json'), 'utf8'))
writeFileSync(
  'dist/tree-sitter/licenses.txt',
  `${grammarPkg.name}@${grammarPkg.version} (grammars for Python, JavaScript, TypeScript, TSX, Bash)\n${grammarPkg.license}\n${readFileSync(join(grammars, 'LICENSE'), 'utf8').replace(/\r\n/g, '\n').trim()}\n`
)
