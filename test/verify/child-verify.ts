/**
 * Runs verifyHooks on a directory in a process of its own, so that the
 * secrets the test puts in this process's environment are in its initial
 * environment block (`/proc/<pid>/environ`), as they are for the action on a
 * runner. Prints the verdicts as JSON. Not a test file: spawned by
 * isolation.test.ts.
 */
import { discover } from '../../src/discover.js'
import { buildProject } from '../../src/model/project.js'
import { verifyHooks } from '../../src/verify/run-hooks.js'

const dir = process.argv[2]
if (!dir) throw new Error('usage: child-verify.ts <dir>')
const project = await buildProject(await discover(dir), { history: false, verifyHooks: true })
process.stdout.write(JSON.stringify(await verifyHooks(project, { ci: false })))
