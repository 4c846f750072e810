/**
 * Continuation hooks: Stop-type hooks (Stop, SubagentStop, TaskCompleted, TeammateIdle) that
 * keep Claude working by default. On these events a block does not stop an action, it forces
 * another turn (reference §2.7, "forces continuation"), and Claude Code ignores `onFailure`
 * there: a hook that fails lets Claude stop, by design. A loop driver (ralph-wiggum's stop hook)
 * blocks on its fall-through path, feeding the next prompt, and lets Claude stop only where a
 * stop condition holds (loop finished, state missing or corrupt). A failure of such a hook is one
 * more stop condition: the loop ends early, and no work it was checking gets through unchecked,
 * because it checks none. A gate is different: it runs a check (tests, a linter) or blocks only
 * in the branch where its check found something, so its failure skips the check.
 *
 * A hook counts as a continuation hook when every block it gives runs unconditionally on its
 * main flow (shell: not in an `if`/`case` branch, a loop, a function or after `&&`/`||`; Python
 * and JavaScript: in no branch, loop or handler, at the top level or in a function called only
 * from there) and it runs no program but shell builtins and text tools whose failure is not
 * handled (shell), or starts no process (Python, JavaScript). Read from the shell model (src/shell/parse.ts) and the
 * tree-sitter tree.
 */
import { descendantsOfType, type Node } from '../parse/code.js'
import { dottedName, nodeAt, type GuardCode, type Loc } from './hook-guard-code.js'
import { activeSignals, KNOWN_PROGRAMS, type ScriptInfo } from './hook-guards.js'

/** Nodes under which code runs on some paths only. */
const CONDITIONAL: ReadonlySet<string> = new Set([
  'if_statement',
  'elif_clause',
  'else_clause',
  'for_statement',
  'for_in_statement',
  'while_statement',
  'do_statement',
  'except_clause',
  'except_group_clause',
  'catch_clause',
  'finally_clause',
  'switch_case',
  'switch_default',
  'case_clause',
  'match_statement',
  'conditional_expression',
  'ternary_expression',
  'boolean_operator',
  'lambda',
  'arrow_function',
  'function_expression',
  'class_definition',
  'class_declaration'
])

const FUNCTIONS: ReadonlySet<string> = new Set(['function_definition', 'function_declaration', 'generator_function_declaration'])

/** Starting a process from Python or JavaScript: a hook that does so may run a check. */
const PY_PROCESS = /\b(?:subprocess|os\.system|os\.popen|os\.exec\w*|os\.spawn\w*|pexpect)\b/
const JS_PROCESS = /\b(?:child_process|execSync|execFileSync|spawn|spawnSync|execa)\b/

/** Whether a Stop-type hook script keeps Claude working by default (see the module comment). */
export function continuesByDefault(info: ScriptInfo, argv?: string[]): boolean {
  const blocks = activeSignals(info, argv).filter((s) => s.kind === 'exit2' || s.kind === 'decision')
  if (blocks.length === 0) return false
  if (info.lang === 'shell') return shellDriver(info, blocks)
  const code = info.code
  if (!code || info.invokes.length > 0) return false
  if ((info.lang === 'python' ? PY_PROCESS : JS_PROCESS).test(code.text)) return false
  return blocks.every((b) => unconditional(code, b.start, 3))
}

function shellDriver(info: ScriptInfo, blocks: Loc[]): boolean {
  const sh = info.shell
  if (!sh || sh.ok === false) return false
  const defined = new Set((sh.functions ?? []).map((f) => f.name))
  // Every program whose failure goes unhandled is a builtin or a text tool: nothing it runs is a check.
  for (const c of sh.commands) {
    if (c.tested || c.negated) continue
    if (c.name === '' || KNOWN_PROGRAMS.has(c.name) || defined.has(c.name)) continue
    return false
  }
  return blocks.every((b) => {
    const holder = sh.commands
      .filter((c) => !c.inSubstitution && c.start <= b.start && b.start < c.end)
      .sort((x, y) => x.end - x.start - (y.end - y.start))[0]
    return holder !== undefined && !holder.conditional && holder.inFunction === undefined && !holder.tested
  })
}

/** `if __name__ == "__main__":` / `if (require.main === module)`: the entry point, always true when run. */
function entryGuard(n: Node): boolean {
  if (n.type !== 'if_statement') return false
  const cond = n.childForFieldName('condition')
  const text = cond?.text.replace(/[\s()]/g, '') ?? ''
  return /^__name__==["']__main__["']$|^require\.main===?module$/.test(text)
}

/**
 * Whether the code at `off` runs on every run of the script: no branch, loop or handler holds it,
 * up to the top level or to a function called (by name) only from such places.
 */
function unconditional(code: GuardCode, off: number, depth: number): boolean {
  if (depth < 0) return false
  for (let n: Node | null = nodeAt(code, off).parent; n; n = n.parent) {
    if (FUNCTIONS.has(n.type)) {
      const name = n.childForFieldName('name')?.text
      if (!name) return false
      const callType = code.parsed.lang === 'python' ? 'call' : 'call_expression'
      const calls = descendantsOfType(code.parsed.root, callType).filter(
        (c) => dottedName(c.childForFieldName('function')) === name && !(c.startIndex >= n!.startIndex && c.startIndex < n!.endIndex)
      )
      return calls.length > 0 && calls.every((c) => unconditional(code, c.startIndex, depth - 1))
    }
    if (entryGuard(n)) continue
    if (n.type === 'block' && n.parent && entryGuard(n.parent)) continue
    if (CONDITIONAL.has(n.type)) return false
  }
  return true
}
