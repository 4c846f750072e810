/**
 * The worker thread that runs the rules' program-code parts (see
 * core/code-thread.ts). Bundled to dist/code-worker/index.cjs and started by
 * dist/code-worker.cjs (src/code-worker-launcher.ts) through the code cache;
 * given a CodeJob as its workerData, {@link run} answers with one CodeResult
 * message. A failure is an `error` event for the main thread, which then runs
 * the parts itself.
 */
import { parentPort, workerData } from 'node:worker_threads'
import { buildCodeScope } from './model/project.js'
import { prepareShellParsing } from './parse/code.js'
import { RULES } from './rules/index.js'
import { jobFiles, runCodeParts, type CodeJob } from './core/code-thread.js'

/** Runs the job and posts the result. */
export async function run(): Promise<void> {
  const job = workerData as CodeJob
  // The same runtime reads the code and the shell of hooks (which buildCodeScope may parse already).
  await prepareShellParsing()
  const scope = buildCodeScope(jobFiles(job), job.options)
  parentPort?.postMessage(runCodeParts(scope, RULES, job))
}
