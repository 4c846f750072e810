/**
 * Reusable workflows whose `claude_args` come from their callers' `with:`
 * (a callee inherits its callers' inputs), for the caps and model tests.
 * Every caller passes a cap and a model to all.yml (one as a budget), one
 * caller of some.yml leaves the input out (empty default), defaulted.yml's
 * default holds both, dispatch.yml also starts on its own trigger,
 * uncalled.yml has no caller here, and inner.yml gets them through
 * middle.yml's own input.
 */
const callee = (name: string, triggers = '', def = ''): string => `on:
${triggers}  workflow_call:
    inputs:
      claude_args:
        type: string
        default: "${def}"
jobs:
  claude:
    runs-on: ubuntu-latest
    steps:
      - uses: anthropics/claude-code-action@v1
        with:
          prompt: ${name}
          claude_args: \${{ inputs.claude_args }}
`

export const REUSABLE_CALLERS: Record<string, string> = {
  '.github/workflows/all.yml': callee('all'),
  '.github/workflows/some.yml': callee('some'),
  '.github/workflows/defaulted.yml': callee('defaulted', '', '--max-turns 5 --model claude-sonnet-4-6'),
  '.github/workflows/dispatch.yml': callee('dispatch', '  workflow_dispatch:\n'),
  '.github/workflows/uncalled.yml': callee('uncalled'),
  '.github/workflows/inner.yml': callee('inner'),
  '.github/workflows/middle.yml': `on:
  workflow_call:
    inputs:
      args: { type: string }
jobs:
  run:
    uses: ./.github/workflows/inner.yml
    with:
      claude_args: \${{ inputs.args }}
`,
  '.github/workflows/callers.yml': `on: issues
jobs:
  a:
    uses: ./.github/workflows/all.yml
    with:
      claude_args: --max-turns 10 --model claude-sonnet-4-6
  b:
    uses: ./.github/workflows/all.yml
    with:
      claude_args: |
        --model claude-sonnet-4-6
        --max-budget-usd 2
  c:
    uses: ./.github/workflows/some.yml
    with:
      claude_args: --max-turns 10 --model claude-sonnet-4-6
  d:
    uses: ./.github/workflows/some.yml
  e:
    uses: ./.github/workflows/defaulted.yml
  f:
    uses: ./.github/workflows/dispatch.yml
    with:
      claude_args: --max-turns 10 --model claude-sonnet-4-6
  g:
    uses: ./.github/workflows/middle.yml
    with:
      args: --max-turns 3 --model claude-sonnet-4-6
`
}
