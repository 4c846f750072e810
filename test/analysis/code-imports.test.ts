import { test } from 'node:test'
import assert from 'node:assert/strict'
import { SourceFile } from '../../src/parse/source.js'
import { prepareCodeParsing, type CodeLanguage } from '../../src/parse/code.js'
import { localImports, mayImportOneOf } from '../../src/analysis/code-imports.js'

const T = { timeout: 240_000 }

/** localImports of a script among these files, and whether mayImportOneOf allowed each imported file alone. */
function check(path: string, text: string, lang: CodeLanguage, files: string[]): { imports: string[]; allowed: boolean[] } {
  const known = new Set(files)
  const imports = localImports(new SourceFile(path, text), path, lang, (p) => known.has(p)).map((i) => i.path)
  return { imports, allowed: imports.map((m) => mayImportOneOf(text, path, lang, new Set([m]))) }
}

test('mayImportOneOf allows every module localImports finds, however the specifier reaches it', T, async () => {
  await prepareCodeParsing()
  const js = `import { a } from './lib/agent.js'
import b from '../shared/util'
const c = require('./pkg')
export * from './dot/.js'
import d from './lib/..'
`
  const files = ['tools/lib/agent.ts', 'shared/util.mts', 'tools/pkg/index.tsx', 'tools/dot/.ts', 'tools.ts', 'tools/run.mjs']
  const r = check('tools/run.mjs', js, 'javascript', files)
  assert.deepEqual(r.imports, ['tools/lib/agent.ts', 'shared/util.mts', 'tools/pkg/index.tsx', 'tools/dot/.ts', 'tools.ts'])
  assert.deepEqual(r.allowed, [true, true, true, true, true])
  const py = `from agent import go
from .helpers.io import read
from . import tasks
import pkg.sub
`
  const pyFiles = ['ci/agent.py', 'ci/helpers/io.py', 'ci/tasks/__init__.py', 'src/pkg/sub/__init__.py']
  const p = check('ci/run.py', py, 'python', pyFiles)
  assert.deepEqual(p.imports, ['ci/agent.py', 'ci/helpers/io.py', 'ci/tasks/__init__.py', 'src/pkg/sub/__init__.py'])
  assert.deepEqual(p.allowed, [true, true, true, true])
})

test('mayImportOneOf refuses a script that names none of the modules and lies outside their folders', () => {
  // \`index\` and \`sdk\` are in the text, but not as a component of a path (after a \`/\`).
  const text = `import { readFileSync } from 'node:fs'
if (ref.startsWith('./') || ref.startsWith('../') || ref.indexOf('#') > 0) process.exit(1)
const sdk = 'stream-adapter'
`
  assert.equal(mayImportOneOf(text, 'scripts/check.mjs', 'javascript', new Set(['src/sdk/stream-adapter.ts', 'src/sdk/index.ts'])), false)
  assert.equal(mayImportOneOf(`${text}import('../src/sdk/stream-adapter.js')\n`, 'scripts/check.mjs', 'javascript', new Set(['src/sdk/stream-adapter.ts'])), true)
  // A module in the script's folder or above may be reached by `./` and `../` specifiers alone.
  assert.equal(mayImportOneOf(text, 'scripts/check.mjs', 'javascript', new Set(['scripts/index.ts'])), true)
  assert.equal(mayImportOneOf(text, 'scripts/check.mjs', 'javascript', new Set(['sdk.ts'])), true)
  // Python imports always spell the module's name.
  assert.equal(mayImportOneOf('import os\nfrom . import util\n', 'ci/run.py', 'python', new Set(['ci/agent.py'])), false)
  assert.equal(mayImportOneOf('import os\nfrom . import agent\n', 'ci/run.py', 'python', new Set(['ci/agent.py'])), true)
})
