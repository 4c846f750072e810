/** Entry point of the action (bundled to dist/index.js). `run` never rejects. */
import { run } from './main.js'
import { runHarnessChild } from './claude-harness/verify-guards.js'

// Stack traces in the bundle name the TypeScript sources (dist/index.js.map).
process.setSourceMapsEnabled(true)

// The inner side of an isolated `verify-hooks: claude` run re-enters this bundle.
if (process.argv[2] === '__claude-harness' && process.argv[3]) void runHarnessChild(process.argv[3])
else void run()
