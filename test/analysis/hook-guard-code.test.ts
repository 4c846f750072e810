import { test } from 'node:test'
import assert from 'node:assert/strict'
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { SourceFile } from '../../src/parse/source.js'
import { prepareCodeParsing, treeWalks } from '../../src/parse/code.js'
import { guardCode, pyGatesAt, straightThrough, type GuardCode } from '../../src/analysis/hook-guard-code.js'
import { discover } from '../../src/discover.js'
import { buildProject } from '../../src/model/project.js'
import { scriptInfo } from '../../src/analysis/hook-guards.js'

async function read(path: string, text: string): Promise<GuardCode> {
  await prepareCodeParsing()
  const code = guardCode(new SourceFile(path, text), /\.py$/.test(path) ? 'python' : 'js')
  assert.ok(code)
  return code
}

/** Exit statuses with the text they are read from. */
function exits(code: GuardCode): [string, number | null][] {
  return code.exits.map((e) => [code.parsed.file.text.slice(e.start, e.end), e.code])
}

test('Python exits: statuses, constants, SystemExit; never in strings, comments or docstrings', async () => {
  const code = await read(
    'g.py',
    `"""Blocks with sys.exit(2)."""
import os, sys
EXIT_BLOCK = 2
TWICE = 1
TWICE = 3
# sys.exit(2) in a comment
msg = "use sys.exit(2) to block"
sys.exit()
sys.exit(None)
sys.exit("blocked")
sys.exit(-1)
sys.exit(258)
sys.exit(EXIT_BLOCK)
sys.exit(TWICE)
os._exit(True)
exit(2)
self.exit(2)
raise SystemExit(2)
raise SystemExit
`
  )
  assert.deepEqual(exits(code), [
    ['sys.exit()', 0],
    ['sys.exit(None)', 0],
    ['sys.exit("blocked")', 1],
    ['sys.exit(-1)', 255],
    ['sys.exit(258)', 2],
    ['sys.exit(EXIT_BLOCK)', 2],
    ['sys.exit(TWICE)', null],
    ['os._exit(True)', 1],
    ['exit(2)', 2],
    ['raise SystemExit(2)', 2],
    ['raise SystemExit', 0]
  ])
  // Comments and the docstring are blanked in the searchable text, offsets kept.
  assert.equal(code.text.length, code.parsed.file.text.length)
  assert.ok(!code.text.includes('in a comment') && !code.text.includes('Blocks with'))
  assert.ok(code.text.includes('"use sys.exit(2) to block"'))
})

test('Python input: stdin reads, argv, folklore environment names, imports and run paths', async () => {
  const reads = async (body: string): Promise<boolean> => (await read('r.py', body)).readsStdin
  assert.equal(await reads('import sys\ndata = sys.stdin.read()\n'), true)
  assert.equal(await reads('line = input()\n'), true)
  assert.equal(await reads('data = open(0).read()\n'), true)
  assert.equal(await reads('from sys import stdin\n'), true)
  assert.equal(await reads('import fileinput\n'), true)
  assert.equal(await reads('name = input("name? ")\nprint("reads sys.stdin")  # sys.stdin\n'), false)
  const code = await read(
    'h.py',
    `import os, subprocess, sys
from .lib import common
import helpers.io as hio
cmd = sys.argv[1]
rest = sys.argv[2:]
prog = sys.argv[0]
tool = os.environ.get("CLAUDE_TOOL_INPUT")
home = os.environ["HOME"]
subprocess.run(["bash", "scripts/check.sh", "--fast"], check=True)
PROTECTED = ["deploy.sh"]
`
  )
  const t = code.parsed.file.text
  assert.deepEqual(code.argReads.map((l) => t.slice(l.start, l.end)), ['sys.argv[1]', 'sys.argv[2:]'])
  assert.deepEqual(code.envReads.map((r) => [r.name, t.slice(r.start, r.end)]), [
    ['CLAUDE_TOOL_INPUT', 'os.environ.get("CLAUDE_TOOL_INPUT"'],
    ['HOME', 'os.environ["HOME"']
  ])
  assert.deepEqual(code.imports.map((i) => [i.name, t.slice(i.at.start, i.at.end)]), [
    ['os', 'import os'],
    ['subprocess', 'import os, subprocess'],
    ['sys', 'import os, subprocess, sys'],
    ['.lib', 'from .lib'],
    ['helpers.io', 'import helpers.io']
  ])
  assert.deepEqual(code.runs.map((r) => [r.name, t.slice(r.at.start, r.at.end)]), [['scripts/check.sh', '"scripts/check.sh"']])
})

test('Python handlers: broad or not, catching SystemExit, re-raising outside nested functions', async () => {
  const code = await read(
    'e.py',
    `try:
    run()
except ValueError:
    pass
except (OSError, BaseException) as e:
    raise
except Exception:
    def later():
        raise RuntimeError("not now")
    log("could not raise")
except:
    pass
`
  )
  assert.deepEqual(
    code.tries.map((h) => [h.head, h.broad, h.catchesExit, h.rethrows, code.parsed.file.position(h.at.start).line]),
    [
      ['except ValueError', false, false, false, 3],
      ['except (OSError, BaseException) as e', true, true, true, 5],
      ['except Exception', true, false, false, 7],
      ['except', true, true, false, 11]
    ]
  )
})

test('Python flag gates: if/while bodies joined by and; not elif, else, or', async () => {
  const text = `import argparse, sys
p = argparse.ArgumentParser()
p.add_argument("--validate", action="store_true")
p.add_argument("-q", "--quiet", dest="silent", action="store_true", default=True)
p.add_argument("--no-log", dest="log", action="store_false")
args = p.parse_args()
if args.validate and not (args.silent):
    sys.exit(2)
elif args.validate:
    sys.exit(3)
else:
    sys.exit(4)
if args.validate or args.silent:
    sys.exit(5)
`
  const code = await read('f.py', text)
  assert.deepEqual([...code.options.values()], [
    { flags: ['--validate'], neg: [], dest: 'validate', absent: false, present: true },
    { flags: ['-q', '--quiet'], neg: [], dest: 'silent', absent: true, present: true },
    { flags: [], neg: ['--no-log'], dest: 'log', absent: true, present: true }
  ])
  const at = (s: string): unknown => pyGatesAt(code, text.indexOf(s), code.options)
  assert.deepEqual(at('sys.exit(2)'), [
    { dest: 'validate', negated: false },
    { dest: 'silent', negated: true }
  ])
  assert.deepEqual(at('sys.exit(3)'), [])
  assert.deepEqual(at('sys.exit(4)'), [])
  assert.deepEqual(at('sys.exit(5)'), [])
})

test('Python functions nothing calls; straight-through paths', async () => {
  const text = `import sys
def used():
    sys.exit(2)
def unused():
    sys.exit(2)
class C:
    def method(self):
        pass
    def go(self):
        self.method()
@decorator
def hooked():
    pass
def main():
    print("x", file=sys.stderr)
    if True:
        sys.exit(1)
    sys.exit(0)
sys.exit(3)
used(check=unused) if False else used()
`
  const code = await read('d.py', text)
  assert.deepEqual(code.functions.map((f) => [f.name, f.used]), [
    ['used', true],
    ['unused', true],
    ['method', true],
    ['go', false],
    ['hooked', true],
    ['main', false]
  ])
  const from = text.indexOf('print("x"')
  assert.equal(straightThrough(code, from, text.indexOf('sys.exit(1)')), true)
  assert.equal(straightThrough(code, from, text.indexOf('sys.exit(0)')), true)
  assert.equal(straightThrough(code, from, text.indexOf('sys.exit(3)')), false)
})

test('JavaScript: exits, constants, stdin reads, argv, env, imports and handlers', async () => {
  const text = `import { stdin } from 'node:process'
import io from './lib/io.js'
const { readFileSync } = require('fs')
const EXIT_BLOCK = 2
// process.exit(2) in a comment
const help = \`\${strict ? \`blocks with process.exit(2)\` : ''}\`
const re = /process.exit\\(2\\)|["']/
try {
  if (bad) process.exit(EXIT_BLOCK)
} catch (e) {
  const f = () => { throw e }
  process.exitCode = 1
} finally {
  process.exit()
}
const cmd = process.argv[2] + process.env.CLAUDE_TOOL_INPUT + process.env['HOME']
const lib = await import('./lib/x.mjs')
`
  const code = await read('g.mjs', text)
  assert.deepEqual(exits(code), [
    ['process.exit(EXIT_BLOCK)', 2],
    ['process.exitCode = 1', 1],
    ['process.exit()', 0]
  ])
  assert.equal(code.readsStdin, true)
  const t = text
  assert.deepEqual(code.argReads.map((l) => t.slice(l.start, l.end)), ['process.argv[2]'])
  assert.deepEqual(code.envReads.map((r) => r.name), ['CLAUDE_TOOL_INPUT', 'HOME'])
  assert.deepEqual(code.imports.map((i) => [i.name, t.slice(i.at.start, i.at.end)]), [
    ['fs', "require('fs'"],
    ['./lib/x.mjs', "import('./lib/x.mjs'"],
    ['node:process', "from 'node:process'"],
    ['./lib/io.js', "from './lib/io.js'"]
  ])
  assert.deepEqual(code.tries.map((h) => [h.head, h.broad, h.rethrows, code.parsed.file.position(h.at.start)]), [
    ['catch', true, false, { line: 10, column: 3 }]
  ])
  assert.equal((await read('s.js', "const { stdin: input } = require('process')\n")).readsStdin, true)
  assert.equal((await read('n.js', "console.log('process.stdin')\n")).readsStdin, false)
})

test('a script the parser must recover in is read as far as it can be, and the line is reported', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'cca-'))
  try {
    const files: Record<string, string> = {
      '.claude/settings.json': JSON.stringify({ hooks: { PreToolUse: [{ matcher: 'Bash', hooks: [{ type: 'command', command: 'python3 .claude/hooks/guard.py' }] }] } }),
      '.claude/hooks/guard.py': 'import json, sys\ndata = json.load(sys.stdin)\nif "rm -rf" in data["tool_input"]["command"]\n    sys.exit(2)\n'
    }
    for (const [p, c] of Object.entries(files)) {
      mkdirSync(dirname(join(dir, p)), { recursive: true })
      writeFileSync(join(dir, p), c)
    }
    const project = await buildProject(await discover(dir))
    const info = scriptInfo(project, '.claude/hooks/guard.py')
    assert.ok(info)
    assert.equal(info.readsStdin, true)
    assert.deepEqual(project.unfollowed.map((u) => [u.file, u.line]), [['.claude/hooks/guard.py', 3]])
    assert.match(project.unfollowed[0].reason, /line 3 could not be parsed as Python/)
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
})

test('a guard script is read in one walk of its syntax tree, whatever the language', async () => {
  await prepareCodeParsing()
  const js = new SourceFile(
    'g.js',
    `// blocks rm -rf
const fs = require('fs')
const input = fs.readFileSync(0, 'utf8')
if (input.includes('rm -rf')) { console.error('blocked'); process.exit(2) }
`
  )
  let before = treeWalks()
  const jsCode = guardCode(js, 'js')
  assert.equal(treeWalks() - before, 1)
  assert.deepEqual(exits(jsCode!), [['process.exit(2)', 2]])
  assert.equal(jsCode!.readsStdin, true)
  const py = new SourceFile(
    'g.py',
    `# blocks rm -rf
import sys
data = sys.stdin.read()
if "rm -rf" in data:
    sys.exit(2)
`
  )
  before = treeWalks()
  const pyCode = guardCode(py, 'python')
  assert.equal(treeWalks() - before, 1)
  assert.deepEqual(exits(pyCode!), [['sys.exit(2)', 2]])
  assert.equal(pyCode!.readsStdin, true)
})

test('Python exits: sys.exit(main()) exits with what main returns, at each of its own returns', async () => {
  const code = await read(
    'g.py',
    `import sys
BLOCK = 2

def helper():
    return 5

def main():
    def inner():
        return 7
    if helper():
        return BLOCK
    if len(sys.argv) > 3:
        return
    if inner():
        return 1
    return helper()

if __name__ == "__main__":
    sys.exit(main())
`
  )
  assert.deepEqual(exits(code), [
    ['return BLOCK', 2],
    ['return', 0],
    ['return 1', 1],
    ['return helper()', null]
  ])
  // A call with arguments, or of a function the script does not define, stays one exit of unknown status.
  const other = await read('h.py', 'import sys\nfrom lib import main\nsys.exit(main())\nraise SystemExit(run(1))\n\ndef run(x):\n    return 2\n')
  assert.deepEqual(exits(other), [
    ['sys.exit(main())', null],
    ['raise SystemExit(run(1))', null]
  ])
})

test('Python: folders put on sys.path from __file__, and returns that hand back status 2', async () => {
  const code = await read(
    '.claude/hooks/g.py',
    `import os, sys
from pathlib import Path
sys.path.insert(0, os.path.join(os.path.dirname(__file__), ".."))
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
sys.path.append(str(Path(__file__).resolve().parent.parent / "lib"))
sys.path.insert(0, Path(__file__).parent.joinpath("vendor"))
sys.path.insert(0, os.environ["X"])
sys.path.insert(0, "/opt/lib")

def check(cmd):
    if "rm -rf" in cmd:
        return (2, "Blocked: rm -rf")
    if "sudo" in cmd:
        return 2, "Blocked: sudo"
    return (0, "")
`
  )
  assert.deepEqual(code.pathDirs, ['..', '.', '../lib', 'vendor'])
  assert.deepEqual(
    code.blockReturns.map((r) => code.parsed.file.text.slice(r.start, r.end)),
    ['return (2, "Blocked: rm -rf")', 'return 2, "Blocked: sudo"']
  )
})
