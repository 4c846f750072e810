/**
 * The code thread's entry (bundled to dist/code-worker.cjs): runs the worker
 * bundle (dist/code-worker/index.cjs, built from src/code-worker.ts) through
 * the code cache, as the CLI launcher does, and stores the cache once the job
 * is answered (a cache miss only), so a repeated audit starts the thread
 * without compiling it again.
 */
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { loadWithCodeCache } from './compile-cache.js'

const { exports, save } = loadWithCodeCache(join(dirname(fileURLToPath(import.meta.url)), 'code-worker', 'index.cjs'), process.env, {
  variant: 'code-worker',
  save: false
})
void (exports as { run(): Promise<void> }).run().then(save)
