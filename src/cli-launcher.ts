/**
 * The `claude-code-audit` command (bundled to dist/cli.js): prints the version
 * at once, and otherwise runs the CLI bundle (dist/cli/index.cjs, built from
 * src/cli.ts) through the code cache, so repeated runs skip compiling 4 MB of
 * JavaScript. See src/compile-cache.ts.
 */
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { VERSION } from './core/version.js'
import { loadWithCodeCache } from './compile-cache.js'

const argv = process.argv.slice(2)
if (argv.length === 1 && argv[0] === '--version') {
  process.stdout.write(`${VERSION}\n`)
} else {
  const command = ['merge', 'init', 'fix'].includes(argv[0]) ? argv[0] : 'audit'
  // Help and the rule list run a sliver of the bundle: not worth a cache of their own.
  const short = argv.some((a) => a === '--help' || a === '-h' || a === '--list-rules' || a === '--version')
  loadWithCodeCache(join(dirname(fileURLToPath(import.meta.url)), 'cli', 'index.cjs'), process.env, { variant: command, save: !short })
}
