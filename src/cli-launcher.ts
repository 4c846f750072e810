/**
 * The `claude-code-audit` command: prints the version at once, and otherwise
 * runs the CLI bundle (dist/cli/index.cjs, built from src/cli.ts) through the
 * code cache, so repeated runs skip compiling 4 MB of JavaScript. See
 * src/compile-cache.ts.
 *
 * A plain repository audit's first git commands (the file listing) start
 * before the bundle loads: see src/file-listing.ts.
 *
 * Bundled twice: dist/cli.cjs (CommonJS, what the package's `bin` runs: Node
 * starts a CommonJS entry about 5 ms sooner than an ES module one, whose loader
 * it must set up first) and dist/cli.js (the same as an ES module, for those who
 * run it by that path).
 */
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { VERSION } from './core/version.js'
import { loadWithCodeCache } from './compile-cache.js'
import { plainAuditRoot } from './cli-options.js'
import { startListingEarly } from './file-listing.js'

/** The SHA-1 of dist/cli/index.cjs, written in by scripts/build.mjs (absent when run from the sources). */
declare const __CLI_BUNDLE_SHA1__: string | undefined

const argv = process.argv.slice(2)
if (argv.length === 1 && argv[0] === '--version') {
  process.stdout.write(`${VERSION}\n`)
} else {
  const command = ['merge', 'init', 'fix'].includes(argv[0]) ? argv[0] : 'audit'
  // Help and the rule list run a sliver of the bundle: not worth a cache of their own.
  const short = argv.some((a) => a === '--help' || a === '-h' || a === '--list-rules' || a === '--version')
  // CommonJS has __dirname; an ES module has only its URL.
  const here = typeof __dirname === 'string' ? __dirname : dirname(fileURLToPath(import.meta.url))
  const digest = typeof __CLI_BUNDLE_SHA1__ === 'string' ? __CLI_BUNDLE_SHA1__ : undefined
  // A repository audit starts by listing the repository's files with git: start that now, so git
  // works on another core while the bundle loads (see src/file-listing.ts).
  const root = short ? undefined : plainAuditRoot(argv)
  if (root !== undefined) startListingEarly(root)
  // A plain audit keeps its parses for the next audit of the same repository (src/parse/parse-cache.ts).
  loadWithCodeCache(join(here, 'cli', 'index.cjs'), process.env, {
    variant: command,
    save: !short,
    ...(digest ? { digest } : {}),
    ...(root !== undefined ? { parseCacheFor: root } : {})
  })
}
